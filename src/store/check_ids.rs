//! `smriti check` across files: two deck files with one deck id. The app reads the first (in
//! the order it lists the folder) and refuses the second (`store::decks`), so `check` must say
//! so too, at the second file's `"id"`, with the app's own words. Each file's id is found by
//! walking its text to the top-level `"id"` (`store::json_pos`), not by parsing the deck again.
//! Pure over bytes already read; must not depend on `tui` or `cli`.

use std::collections::HashMap;

use super::check::{Diagnostic, Severity};
use super::decks::{ONE_ID_EACH, id_already_used};
use super::json_pos::{Seg, pos_of_offset, value_offset};

/// An error for each file whose deck id an earlier file in `files` already has. Give only
/// files that check found no error in: a deck the app cannot read takes no id.
pub fn duplicate_ids<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Vec<Diagnostic> {
    let mut first: HashMap<String, &str> = HashMap::new();
    let mut out = Vec::new();
    for (path, bytes) in files {
        let Some((text, id, offset)) = deck_id(bytes) else {
            continue;
        };
        match first.get(id.as_str()) {
            Some(other) => {
                let pos = pos_of_offset(text, offset);
                out.push(Diagnostic {
                    path: path.into(),
                    line: pos.line,
                    column: pos.column,
                    severity: Severity::Error,
                    message: id_already_used(&id, other),
                    hint: ONE_ID_EACH.into(),
                });
            }
            None => {
                first.insert(id, path);
            }
        }
    }
    out
}

/// The file's text (without a byte-order mark), its top-level `"id"` and the id's offset.
fn deck_id(bytes: &[u8]) -> Option<(&str, String, usize)> {
    let text = std::str::from_utf8(bytes).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let offset = value_offset(text, &[Seg::Key("id")]);
    if text.as_bytes().get(offset) != Some(&b'"') {
        return None;
    }
    let id = serde_json::Deserializer::from_str(&text[offset..])
        .into_iter::<String>()
        .next()?
        .ok()?;
    Some((text, id, offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deck(id: &str) -> String {
        format!(
            "{{\n  \"format\": 1,\n  \"title\": \"T\",\n  \"id\": \"{id}\",\n  \"cards\": []\n}}\n"
        )
    }

    #[test]
    fn a_second_file_with_an_id_already_used_is_an_error_at_its_id() {
        let (a, b, c) = (deck("h"), deck("h"), deck("other"));
        let found = duplicate_ids([
            ("a.json", a.as_bytes()),
            ("b.json", b.as_bytes()),
            ("c.json", c.as_bytes()),
        ]);
        assert_eq!(found.len(), 1);
        let d = &found[0];
        assert_eq!(&*d.path, "b.json");
        assert_eq!((d.line, d.column), (4, 9));
        assert_eq!(d.severity, Severity::Error);
        assert_eq!(d.message, "deck id \"h\" is already used by a.json");
    }

    #[test]
    fn ids_are_compared_as_json_reads_them_and_nested_ids_are_not_the_decks() {
        // "\u0068" is "h"; a card's "id" is not the deck's.
        let a = "\u{feff}{\"id\": \"\\u0068\", \"cards\": []}";
        let b = "{\"cards\": [{\"id\": \"h\"}], \"id\": \"h\"}";
        let c = "{\"cards\": [{\"id\": \"h\"}]}";
        let found = duplicate_ids([
            ("a.json", a.as_bytes()),
            ("b.json", b.as_bytes()),
            ("c.json", c.as_bytes()),
        ]);
        assert_eq!(found.len(), 1);
        assert_eq!(&*found[0].path, "b.json");
        assert_eq!((found[0].line, found[0].column), (1, 32));
    }

    #[test]
    fn files_with_no_readable_id_take_none() {
        let found = duplicate_ids([
            ("a.json", &b"{\"id\": 7}"[..]),
            ("b.json", &b"{\"id\": 7}"[..]),
            ("c.json", &b"\xff\xfe"[..]),
            ("d.json", &b"[]"[..]),
        ]);
        assert!(found.is_empty());
    }
}
