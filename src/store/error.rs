//! Errors about files, written for the person who has to fix them: what is wrong, where
//! (path:line:column when known) and how to fix it.

use std::fmt;

use super::json_pos::{Pos, pos_from_serde};

/// A problem with one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// The file as the user knows it.
    pub path: String,
    pub pos: Option<Pos>,
    pub message: String,
    /// How to fix it (may be empty).
    pub hint: String,
}

impl FileError {
    pub fn new(
        path: impl Into<String>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        FileError {
            path: path.into(),
            pos: None,
            message: message.into(),
            hint: hint.into(),
        }
    }

    pub fn at(mut self, pos: Pos) -> Self {
        self.pos = Some(pos);
        self
    }

    /// A serde_json error in `text`, with serde's own suffix removed.
    pub fn from_json(path: &str, text: &str, e: &serde_json::Error, hint: &str) -> Self {
        let raw = e.to_string();
        let message = raw
            .rsplit_once(" at line ")
            .map_or(raw.as_str(), |(m, _)| m);
        FileError::new(path, message, hint).at(pos_from_serde(text, e.line(), e.column()))
    }

    /// The first line: `path:line:column: message`.
    pub fn headline(&self) -> String {
        match self.pos {
            Some(p) => format!("{}:{}:{}: {}", self.path, p.line, p.column, self.message),
            None => format!("{}: {}", self.path, self.message),
        }
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.headline())?;
        if !self.hint.is_empty() {
            write!(f, "\n  hint: {}", self.hint)?;
        }
        Ok(())
    }
}

impl std::error::Error for FileError {}
