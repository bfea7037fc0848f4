//! The devices that share a saves folder, for `smriti devices`: each one's name, its logs,
//! its last answer and how far its log has been read into the snapshot; renaming a device
//! (its `device.<id>.json`, written whole) and removing a device's files (only when asked in
//! so many words, by `cli`). Read without the lock, as `smriti stats` reads. Must not depend
//! on `tui` or `cli`.

use std::io;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::logs::{self, Marks};
use super::{SavesLayout, atomic, progress_file, review_log};
use crate::domain::progress::Event;

/// What `device.<id>.json` holds (a field a newer smriti adds is ignored).
#[derive(Debug, Serialize, Deserialize)]
struct NameFile {
    name: String,
}

/// The longest name kept (characters).
pub const NAME_MAX: usize = 40;

/// One device seen in the saves folder (or the legacy log, with `id` `None`).
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceInfo {
    pub id: Option<String>,
    /// The name it was given, if any (as written: the caller makes it safe to print).
    pub name: Option<String>,
    /// Its files in the saves folder.
    pub files: Vec<PathBuf>,
    /// Answers in its review log (cram answers included; undos and suspensions not).
    pub answers: u64,
    /// When it last answered, by its clock.
    pub last_answer: Option<Timestamp>,
    /// Complete lines in its review log, and how many of them the snapshot holds.
    pub lines: u64,
    pub read: u64,
    /// Its log ends in part of a line (a sync tool still delivering it).
    pub partial: bool,
}

/// The devices of the saves folder `dir`, the legacy log first (when there is one), then by
/// id.
pub fn list(dir: &Path) -> io::Result<Vec<DeviceInfo>> {
    let found = logs::scan(dir)?;
    let marks = match progress_file::load(&SavesLayout::new(dir).snapshot()) {
        Ok(Some((_, marks))) => marks,
        _ => Marks::default(),
    };
    let at = SavesLayout::new(dir);
    let mut out = Vec::new();
    let legacy = found
        .reviews
        .iter()
        .chain(&found.tests)
        .any(|l| l.device.is_none());
    let ids: Vec<Option<String>> = legacy
        .then_some(None)
        .into_iter()
        .chain(found.devices().into_iter().map(Some))
        .collect();
    for id in ids {
        let key = id.as_deref();
        let reviews = at.reviews_of(key);
        let mut files: Vec<PathBuf> = [reviews.clone(), at.tests_of(key)]
            .into_iter()
            .filter(|p| p.exists())
            .collect();
        let name = key.and_then(|k| name_of(dir, k));
        if let Some(k) = key
            && at.device_name(k).exists()
        {
            files.push(at.device_name(k));
        }
        let mut answers = 0;
        let mut last_answer: Option<Timestamp> = None;
        let read = review_log::read_tail(&reviews, Default::default(), u64::MAX, |e| {
            if let Event::Review { at, .. } | Event::Cram { at, .. } = e {
                answers += 1;
                last_answer = Some(last_answer.map_or(at, |l| l.max(at)));
            }
        })?;
        let mark = read.map(|(m, _)| m).unwrap_or_default();
        let (lines, complete) = (mark.lines, mark.offset);
        let size = std::fs::metadata(&reviews).map_or(0, |m| m.len());
        out.push(DeviceInfo {
            name,
            files,
            answers,
            last_answer,
            lines,
            read: marks.get(key.unwrap_or("")).lines.min(lines),
            partial: size > complete,
            id,
        });
    }
    Ok(out)
}

/// The name the device `id` was given, if any (a file that cannot be read gives none).
pub fn name_of(dir: &Path, id: &str) -> Option<String> {
    let path = SavesLayout::new(dir).device_name(id);
    let bytes = super::bounded::read_capped(&path, 4096).ok()?;
    serde_json::from_slice::<NameFile>(&bytes)
        .ok()
        .map(|f| f.name)
}

/// Why a device could not be renamed.
#[derive(Debug, thiserror::Error)]
pub enum RenameError {
    #[error("a device name must have 1 to {NAME_MAX} characters and no control characters")]
    BadName,
    #[error("could not write {path}: {source}")]
    Write { path: String, source: io::Error },
}

/// Gives the device `id` the name `name` (its `device.<id>.json`, written whole: a sync tool
/// carries it to the other devices).
pub fn rename(dir: &Path, id: &str, name: &str) -> Result<PathBuf, RenameError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > NAME_MAX || name.chars().any(char::is_control) {
        return Err(RenameError::BadName);
    }
    let path = SavesLayout::new(dir).device_name(id);
    let mut bytes = serde_json::to_vec(&NameFile {
        name: name.to_owned(),
    })
    .unwrap_or_default();
    bytes.push(b'\n');
    atomic::write_atomic(&path, &bytes).map_err(|source| RenameError::Write {
        path: path.display().to_string(),
        source,
    })?;
    Ok(path)
}

/// Deletes the files of the device `id` from the saves folder (its logs and its name); the
/// paths deleted. The caller asks first: the answers in them are gone from every device once
/// the deletion is synced.
pub fn remove(dir: &Path, id: &str) -> io::Result<Vec<PathBuf>> {
    let at = SavesLayout::new(dir);
    let mut gone = Vec::new();
    for path in [
        at.reviews_of(Some(id)),
        at.tests_of(Some(id)),
        at.device_name(id),
    ] {
        match std::fs::remove_file(&path) {
            Ok(()) => gone.push(path),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    atomic::sync_dir(dir)?;
    Ok(gone)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::progress::{Before, Mode};
    use crate::domain::scheduler::{CardState, Phase, Rating};

    /// Forward compatibility (docs/save-format.md): a device name file with a field a newer
    /// smriti adds still gives the name.
    #[test]
    fn a_name_file_with_a_newer_field_gives_the_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = SavesLayout::new(dir.path()).device_name("aaaa1111");
        std::fs::write(&path, r#"{"name":"Laptop","colour":"red"}"#).unwrap();
        assert_eq!(name_of(dir.path(), "aaaa1111").as_deref(), Some("Laptop"));
    }

    fn review(seq: u64, at: &str) -> Vec<u8> {
        let at: Timestamp = at.parse().unwrap();
        let e = Event::Review {
            seq,
            at,
            deck: "d".into(),
            card: format!("c{seq}"),
            rating: Rating::Good,
            mode: Mode::Flashcard,
            ms: 1000,
            verdict: None,
            before: Before::New,
            state: CardState {
                phase: Phase::Review,
                step: None,
                stability: 1.0,
                difficulty: 5.0,
                due: at,
                last_review: at,
                reps: 1,
                lapses: 0,
            },
        };
        let mut line = crate::store::log_line::to_vec(&e).unwrap();
        line.push(b'\n');
        line
    }

    #[test]
    fn devices_are_listed_with_their_answers_names_and_partial_tails() {
        let dir = tempfile::tempdir().unwrap();
        let at = SavesLayout::new(dir.path());
        std::fs::write(at.reviews(), review(1, "2026-11-19T10:00:00Z")).unwrap();
        let mut a = review(1, "2026-11-20T10:00:00Z");
        a.extend(review(2, "2026-11-20T11:00:00Z"));
        std::fs::write(at.reviews_of(Some("aaaa1111")), &a).unwrap();
        let mut b = review(1, "2026-11-21T09:00:00Z");
        b.extend(&review(2, "2026-11-21T09:30:00Z")[..30]);
        std::fs::write(at.reviews_of(Some("bbbb2222")), &b).unwrap();
        rename(dir.path(), "aaaa1111", "  Home laptop ").unwrap();
        let list = list(dir.path()).unwrap();
        let ids: Vec<Option<&str>> = list.iter().map(|d| d.id.as_deref()).collect();
        assert_eq!(ids, [None, Some("aaaa1111"), Some("bbbb2222")]);
        assert_eq!(list[1].name.as_deref(), Some("Home laptop"));
        assert_eq!((list[1].answers, list[1].lines, list[1].read), (2, 2, 0));
        assert_eq!(
            list[1].last_answer,
            Some("2026-11-20T11:00:00Z".parse().unwrap())
        );
        assert_eq!(list[1].files.len(), 2, "{:?}", list[1].files);
        assert!(!list[1].partial);
        assert_eq!((list[2].answers, list[2].lines), (1, 1));
        assert!(list[2].partial, "half a line still arriving");
        assert_eq!(list[0].answers, 1);
        assert!(matches!(
            rename(dir.path(), "aaaa1111", "a\u{1b}[2J"),
            Err(RenameError::BadName)
        ));
        let gone = remove(dir.path(), "bbbb2222").unwrap();
        assert_eq!(gone, [at.reviews_of(Some("bbbb2222"))]);
        assert_eq!(super::list(dir.path()).unwrap().len(), 2);
    }
}
