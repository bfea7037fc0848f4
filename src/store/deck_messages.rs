//! Plain words for what serde_json reports about a deck file. A teacher meets "invalid type:
//! sequence, expected u32" or a "missing comma" hint for a trailing comma; this module says
//! what is wrong and how to fix it in the deck's own terms: which field wants what, that an
//! mcq has one answer, that JSON allows no comma after the last item. Any deck text quoted
//! in a message is made safe for a terminal and shortened. Part of `store` (used by
//! `deck_file`); pure text work on serde_json's messages, no I/O; must not depend on `tui`
//! or `cli`.

use std::borrow::Cow;

use super::deck_model::Kind;
use crate::domain::text::{Breaks, terminal_safe};
use crate::domain::typed::nearest;
use crate::domain::width::fit;

/// serde_json's message without the " at line L column C" it appends (we print positions
/// ourselves).
pub(super) fn serde_message(e: &serde_json::Error) -> String {
    let raw = e.to_string();
    raw.rsplit_once(" at line ")
        .map_or(raw.as_str(), |(m, _)| m)
        .to_owned()
}

/// The message and hint for an error serde_json reported in `text` (the text its line and
/// column count in); `field` is the card field (and the card's kind) whose value was being
/// read, when known.
pub(super) fn plain(
    e: &serde_json::Error,
    field: Option<(Kind, &str)>,
    text: &str,
) -> (String, String) {
    let message = serde_message(e);
    if let Some(plain) = wrong_type(&message, field) {
        return plain;
    }
    // serde_json says "trailing comma" after a list's last item, but "key must be a string"
    // after an object's.
    if message == "trailing comma" || (e.is_syntax() && closes_after_a_comma(text, e)) {
        return (
            "a trailing comma: JSON allows no comma after the last item of a list or an object"
                .into(),
            "remove the comma just before this closing bracket or brace".into(),
        );
    }
    let hint = serde_hint(&message, e);
    (message, hint)
}

/// Whether serde_json's error is at a closing bracket or brace right after a comma.
fn closes_after_a_comma(text: &str, e: &serde_json::Error) -> bool {
    let Some(line_start) = (match e.line() {
        0 => None,
        1 => Some(0),
        n => text.match_indices('\n').nth(n - 2).map(|(i, _)| i + 1),
    }) else {
        return false;
    };
    // serde_json's column counts bytes from 1.
    let at = line_start + e.column().saturating_sub(1);
    matches!(text.as_bytes().get(at), Some(b'}' | b']'))
        && text
            .get(..at)
            .is_some_and(|before| before.trim_end().ends_with(','))
}

/// "invalid type: X, expected Y" and "invalid value: X, expected Y" in plain words, with the
/// field's name when it is known; `None` for any other message.
fn wrong_type(message: &str, field: Option<(Kind, &str)>) -> Option<(String, String)> {
    let rest = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))?;
    let (got, expected) = rest.rsplit_once(", expected ")?;
    let got = found(got);
    let wants = wanted(expected);
    // The mistakes a teacher makes with the answer fields, said in their terms.
    match field {
        Some((Kind::Mcq, "answer")) if got.starts_with("a list") => {
            return Some((
                "an mcq card has one right answer: `answer` is one position, not a list".into(),
                "for several right answers use \"kind\": \"multi\" with \"answers\": [0, 1]; for one, write \"answer\": 0 (positions count from 0)".into(),
            ));
        }
        Some((Kind::Multi, "answers")) if expected == "a sequence" => {
            return Some((
                format!("{got} where `answers` needs a list of positions, e.g. [0, 2]"),
                "write one right answer as [0]; a card with exactly one right answer can be \"kind\": \"mcq\" with \"answer\": 0".into(),
            ));
        }
        _ => {}
    }
    let message = match field {
        Some((_, name)) => format!("{got} where `{}` needs {wants}", shown(name)),
        None => format!("{got} where {wants} is needed"),
    };
    let hint = match expected {
        "a sequence" => "put the items in [ ], separated by commas, even when there is only one",
        "a string" => "put text in double quotes",
        "a boolean" => "write true or false, without quotes",
        e if is_number(e) => {
            "write a whole number without quotes: 0 or more (a position counts from 0)"
        }
        e if e.contains("object") || e.contains("map") || e.starts_with("struct") => {
            "this must be an object in braces { … }, not a list or a single value; see docs/deck-format.md"
        }
        _ => "see docs/deck-format.md for what each field takes",
    };
    Some((message, hint.into()))
}

/// Whether serde's expectation is a Rust integer type.
fn is_number(expected: &str) -> bool {
    matches!(
        expected,
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize"
    )
}

/// What serde expected, in plain words.
fn wanted(expected: &str) -> Cow<'static, str> {
    let plain = match expected {
        "a sequence" => "a list in [ ]",
        "a string" => "text in quotes",
        "a boolean" => "true or false",
        e if is_number(e) && e.starts_with('u') => "a whole number (0 or more)",
        e if is_number(e) => "a whole number",
        e if e.contains("object") || e.contains("map") || e.starts_with("struct") => {
            "an object in braces { … }"
        }
        e => return Cow::Owned(shown(e)),
    };
    Cow::Borrowed(plain)
}

/// What serde found instead (its `Unexpected`), in plain words.
fn found(got: &str) -> String {
    let quoted = |s: &str| shown(s.trim_matches('`'));
    if got == "sequence" {
        "a list".into()
    } else if got == "map" {
        "an object".into()
    } else if got == "null" {
        "null".into()
    } else if let Some(s) = got.strip_prefix("string ") {
        format!("the text {}", shown(s))
    } else if let Some(n) = got
        .strip_prefix("integer ")
        .or_else(|| got.strip_prefix("floating point "))
    {
        format!("the number {}", quoted(n))
    } else if let Some(b) = got.strip_prefix("boolean ") {
        quoted(b)
    } else {
        shown(got)
    }
}

/// Deck text quoted in a message: made safe for a terminal and cut to 40 columns, an
/// ellipsis saying where (`domain::width::fit`, as every screen cuts text).
fn shown(s: &str) -> String {
    const MAX: usize = 40;
    fit(&terminal_safe(s, Breaks::Join), MAX)
}

/// How to fix what serde_json reported.
pub(super) fn serde_hint(message: &str, e: &serde_json::Error) -> String {
    let hint = if message.starts_with("unknown field") {
        let names: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
        let fix = "remove the field or fix its spelling; see docs/deck-format.md for the fields each part allows";
        return match names
            .split_first()
            .and_then(|(bad, known)| nearest(bad, known.iter().copied()))
        {
            Some(near) => format!("did you mean `{near}`? {fix}"),
            None => fix.to_owned(),
        };
    } else if message.starts_with("missing field") {
        "add the field; see docs/deck-format.md"
    } else if message.starts_with("unknown variant") {
        "use one of the values listed"
    } else if message.starts_with("duplicate field") {
        "a field may appear only once in an object; remove one of them"
    } else if message.contains("expected a JSON object") {
        "this must be an object in braces { … }, not a list or a single value; see docs/deck-format.md"
    } else if message.starts_with("invalid type") {
        "check the value's type (text in quotes, numbers without, lists in [ ])"
    } else if message.starts_with("recursion limit") {
        "the file nests too deeply to be a deck"
    } else if message.starts_with("control character") {
        "a tab or line break inside text in quotes must be written \\t or \\n"
    } else if message == "invalid escape" {
        "after a backslash JSON allows only \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX; write a backslash itself as \\\\"
    } else if message == "key must be a string" {
        "a field name must be in double quotes, like \"front\""
    } else if message == "expected value" {
        "a value is missing or is not JSON: text needs double quotes; look for a stray comma just before"
    } else if message == "expected ident" {
        "write true, false or null in lower case, without quotes"
    } else if message == "trailing characters" {
        "the deck ends at its last closing brace: remove what follows it"
    } else if e.is_eof() {
        "the file ends too early: look for a missing closing bracket or quote"
    } else if e.is_syntax() {
        "the JSON is malformed here: look for a missing comma, quote or bracket just before"
    } else {
        "see docs/deck-format.md"
    };
    hint.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, serde::Deserialize)]
    #[serde(default)]
    #[allow(dead_code)]
    struct Probe {
        n: u32,
        list: Vec<String>,
        text: String,
        flag: bool,
    }

    fn plain_of(json: &str, field: Option<(Kind, &str)>) -> (String, String) {
        let e = serde_json::from_str::<Probe>(json).unwrap_err();
        plain(&e, field, json)
    }

    #[test]
    fn an_mcq_with_a_list_of_answers_is_told_to_be_a_multi() {
        let (m, h) = plain_of(r#"{"n": [0, 1]}"#, Some((Kind::Mcq, "answer")));
        assert_eq!(
            m,
            "an mcq card has one right answer: `answer` is one position, not a list"
        );
        assert!(h.contains("\"kind\": \"multi\""), "{h}");
        let (m, h) = plain_of(r#"{"list": 2}"#, Some((Kind::Multi, "answers")));
        assert_eq!(
            m,
            "the number 2 where `answers` needs a list of positions, e.g. [0, 2]"
        );
        assert!(h.contains("[0]"), "{h}");
    }

    #[test]
    fn wrong_types_are_said_in_plain_words() {
        let cases = [
            (
                r#"{"n": "1"}"#,
                "answer",
                "the text \"1\" where `answer` needs a whole number (0 or more)",
            ),
            (
                r#"{"n": -1}"#,
                "answer",
                "the number -1 where `answer` needs a whole number (0 or more)",
            ),
            (
                r#"{"n": 1.5}"#,
                "answer",
                "the number 1.5 where `answer` needs a whole number (0 or more)",
            ),
            (
                r#"{"list": "Mundra"}"#,
                "accept",
                "the text \"Mundra\" where `accept` needs a list in [ ]",
            ),
            (
                r#"{"list": ["a", 3]}"#,
                "options",
                "the number 3 where `options` needs text in quotes",
            ),
            (
                r#"{"text": {"a": 1}}"#,
                "front",
                "an object where `front` needs text in quotes",
            ),
            (
                r#"{"text": null}"#,
                "front",
                "null where `front` needs text in quotes",
            ),
            (
                r#"{"flag": "yes"}"#,
                "shuffle",
                "the text \"yes\" where `shuffle` needs true or false",
            ),
            (
                r#"{"text": true}"#,
                "back",
                "true where `back` needs text in quotes",
            ),
        ];
        for (json, field, want) in cases {
            let (m, h) = plain_of(json, Some((Kind::Basic, field)));
            assert_eq!(m, want);
            assert!(!h.is_empty() && !h.contains("invalid"), "{h}");
        }
        let (m, _) = plain_of(r#"{"text": [1]}"#, None);
        assert_eq!(m, "a list where text in quotes is needed");
    }

    #[test]
    fn quoted_deck_text_is_made_safe_and_short() {
        let long = format!("{{\"n\": \"\\u001b[2J\\u202e{}\"}}", "x".repeat(100));
        let (m, _) = plain_of(&long, Some((Kind::Mcq, "answer")));
        assert!(!m.contains('\u{1b}') && !m.contains('\u{202e}'), "{m:?}");
        assert!(m.contains('…'), "{m}");
        assert!(m.chars().count() < 100, "{m}");
    }

    #[test]
    fn a_trailing_comma_is_named_and_its_fix_given() {
        for json in [r#"{"list": ["a", "b",]}"#, r#"{"n": 1,}"#] {
            let (m, h) = plain_of(json, None);
            assert!(m.contains("trailing comma"), "{m}");
            assert!(
                m.contains("JSON allows no comma after the last item"),
                "{m}"
            );
            assert!(h.starts_with("remove the comma"), "{h}");
        }
    }
}
