//! Finds where a value sits in JSON text, so that errors found after parsing (a duplicate id,
//! a dangling source) can name a line and column like parse errors do.
//!
//! The scanner only walks along the requested path and skips everything else without
//! recursion, so deeply nested input cannot overflow the stack. Pure text processing: no I/O.

/// One step of a path into a JSON document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(&'static str),
    Index(usize),
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// The position of byte `offset` in `text`.
pub fn pos_of_offset(text: &str, offset: usize) -> Pos {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Pos { line, column }
}

/// Positions in one text, found with an index built once: the start of every line, and the
/// number of characters before every 4 KiB block. A position then costs a binary search and at
/// most one block's scan, so reporting a warning for each of 100,000 cards stays linear even
/// when the whole deck is on one line.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
    chars_before_block: Vec<usize>,
}

const BLOCK: usize = 4096;

/// Characters in `b` (UTF-8): bytes that do not continue a character.
fn char_count(b: &[u8]) -> usize {
    b.iter().filter(|&&c| (c as i8) >= -0x40).count()
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Lines<'a> {
        let b = text.as_bytes();
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', b).map(|i| i + 1));
        let mut chars_before_block = Vec::with_capacity(b.len() / BLOCK + 1);
        let mut n = 0;
        for block in b.chunks(BLOCK) {
            chars_before_block.push(n);
            n += char_count(block);
        }
        Lines {
            text,
            starts,
            chars_before_block,
        }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Characters before byte `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        let block = offset / BLOCK;
        let from = block * BLOCK;
        self.chars_before_block.get(block).copied().unwrap_or(0)
            + char_count(&self.text.as_bytes()[from..offset])
    }

    /// The position of byte `offset`.
    pub fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let chars = if offset - start <= BLOCK {
            char_count(&self.text.as_bytes()[start..offset])
        } else {
            self.chars_before(offset) - self.chars_before(start)
        };
        Pos {
            line,
            column: chars + 1,
        }
    }

    /// The byte offset of the value at `path`, walking from the value that starts at byte
    /// `from` (0 for the whole document).
    pub fn offset_at(&self, from: usize, path: &[Seg]) -> usize {
        let from = from.min(self.text.len());
        from + locate_offset(&self.text.as_bytes()[from..], path)
    }

    /// The position of the value at `path` from the value starting at byte `from`.
    pub fn locate(&self, from: usize, path: &[Seg]) -> Pos {
        self.pos(self.offset_at(from, path))
    }

    /// Where serde_json's error `e`, raised while reading the part of this text that starts
    /// at byte `from`, happened.
    pub fn serde_pos(&self, from: usize, part: &str, e: &serde_json::Error) -> Pos {
        self.pos(from + offset_of(part, e.line(), e.column()))
    }
}

/// The byte offset of serde_json's 1-based `line` and byte column in `text`.
pub fn offset_of(text: &str, line: usize, byte_column: usize) -> usize {
    let line_start = match line {
        0 | 1 => 0,
        n => text
            .match_indices('\n')
            .nth(n - 2)
            .map_or(text.len(), |(i, _)| i + 1),
    };
    (line_start + byte_column.saturating_sub(1)).min(text.len())
}

/// Where serde_json found an error in one line of a JSON-lines log, and what: the 1-based
/// column in characters of the raw `line` (the blanks the reader trimmed before parsing
/// counted) and serde's message without the " at line L column C" it appends, so that a
/// report can say `path:line:column: …` as every other error does.
pub fn in_log_line(line: &[u8], e: &serde_json::Error) -> (usize, String) {
    let text = line.trim_ascii_start();
    let lead = line.len() - text.len();
    let end = e.column().min(text.len());
    let column = lead + String::from_utf8_lossy(&text[..end]).chars().count().max(1);
    let raw = e.to_string();
    let message = raw
        .rsplit_once(" at line ")
        .map_or(raw.as_str(), |(m, _)| m);
    (column, message.to_owned())
}

/// Converts serde_json's (line, byte column) into a character column.
pub fn pos_from_serde(text: &str, line: usize, byte_column: usize) -> Pos {
    let Some(l) = text.split('\n').nth(line.saturating_sub(1)) else {
        return Pos {
            line,
            column: byte_column,
        };
    };
    let bytes = l.as_bytes();
    let end = byte_column.min(bytes.len());
    let column = String::from_utf8_lossy(&bytes[..end])
        .chars()
        .count()
        .max(1);
    Pos { line, column }
}

/// The byte offset of the value at `path` (or of the deepest part of it that exists).
pub fn value_offset(text: &str, path: &[Seg]) -> usize {
    locate_offset(text.as_bytes(), path)
}

/// The position of the value at `path` (or of the deepest part of it that exists).
pub fn locate(text: &str, path: &[Seg]) -> Pos {
    pos_of_offset(text, locate_offset(text.as_bytes(), path))
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// Index just past the string starting at `i` (which must be a quote).
fn skip_string(b: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// Index just past the value starting at `i`.
fn skip_value(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b'"') => skip_string(b, i),
        Some(b'{') | Some(b'[') => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'"' => {
                        j = skip_string(b, j);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return j + 1;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            b.len()
        }
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b']' | b'}') && !b[j].is_ascii_whitespace()
            {
                j += 1;
            }
            j
        }
    }
}

fn locate_offset(b: &[u8], path: &[Seg]) -> usize {
    let mut i = skip_ws(b, 0);
    for seg in path {
        match seg {
            Seg::Key(want) => {
                if b.get(i) != Some(&b'{') {
                    return i;
                }
                let container = i;
                i = skip_ws(b, i + 1);
                let mut found = false;
                while b.get(i) == Some(&b'"') {
                    let end = skip_string(b, i);
                    let raw = &b[i + 1..end.saturating_sub(1).max(i + 1)];
                    let key_matches = if raw.contains(&b'\\') {
                        serde_json::from_slice::<String>(&b[i..end]).is_ok_and(|k| k == *want)
                    } else {
                        raw == want.as_bytes()
                    };
                    i = skip_ws(b, end);
                    if b.get(i) == Some(&b':') {
                        i = skip_ws(b, i + 1);
                    }
                    if key_matches {
                        found = true;
                        break;
                    }
                    i = skip_ws(b, skip_value(b, i));
                    if b.get(i) == Some(&b',') {
                        i = skip_ws(b, i + 1);
                    }
                }
                if !found {
                    return container;
                }
            }
            Seg::Index(n) => {
                if b.get(i) != Some(&b'[') {
                    return i;
                }
                let container = i;
                i = skip_ws(b, i + 1);
                for _ in 0..*n {
                    if matches!(b.get(i), None | Some(b']')) {
                        return container;
                    }
                    i = skip_ws(b, skip_value(b, i));
                    if b.get(i) == Some(&b',') {
                        i = skip_ws(b, i + 1);
                    }
                }
                if matches!(b.get(i), None | Some(b']')) {
                    return container;
                }
            }
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "{\n  \"a\": [1, {\"x\": \"}]\"}, [[]]],\n  \"b\\u0063\": {\"k\": \"₹ v\"},\n  \"d\": \"₹\", \"e\": 5\n}";

    #[test]
    fn finds_values_along_a_path() {
        assert_eq!(locate(DOC, &[Seg::Key("a")]), Pos { line: 2, column: 8 });
        assert_eq!(
            locate(DOC, &[Seg::Key("a"), Seg::Index(1), Seg::Key("x")]),
            Pos {
                line: 2,
                column: 18
            }
        );
        assert_eq!(
            locate(DOC, &[Seg::Key("a"), Seg::Index(2)]),
            Pos {
                line: 2,
                column: 25
            }
        );
        assert_eq!(
            locate(DOC, &[Seg::Key("bc"), Seg::Key("k")]),
            Pos {
                line: 3,
                column: 20
            }
        );
        // Columns count characters: "₹" is one column though three bytes.
        assert_eq!(
            locate(DOC, &[Seg::Key("e")]),
            Pos {
                line: 4,
                column: 18
            }
        );
    }

    #[test]
    fn a_missing_part_points_at_its_container() {
        assert_eq!(locate(DOC, &[Seg::Key("zz")]), Pos { line: 1, column: 1 });
        assert_eq!(
            locate(DOC, &[Seg::Key("a"), Seg::Index(9)]),
            Pos { line: 2, column: 8 }
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        let text = format!("{{\"x\": {deep}, \"y\": 1}}");
        assert_eq!(locate(&text, &[Seg::Key("y")]).column, 200_014);
    }

    #[test]
    fn the_line_index_agrees_with_scanning() {
        let long = format!("{DOC}\n{}₹x\n", "é".repeat(5000));
        let lines = Lines::new(&long);
        for offset in (0..long.len()).filter(|o| long.is_char_boundary(*o)) {
            assert_eq!(lines.pos(offset), pos_of_offset(&long, offset), "{offset}");
        }
        assert_eq!(
            lines.locate(0, &[Seg::Key("e")]),
            locate(DOC, &[Seg::Key("e")])
        );
        let a = lines.offset_at(0, &[Seg::Key("a")]);
        assert_eq!(lines.locate(a, &[Seg::Index(1), Seg::Key("x")]).column, 18);
    }

    #[test]
    fn serde_byte_columns_become_char_columns() {
        assert_eq!(
            pos_from_serde("{\"₹\": x}", 1, 8),
            Pos { line: 1, column: 6 }
        );
    }
}
