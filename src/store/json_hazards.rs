//! Finds the characters of a JSON file's text that must never reach a terminal, written raw
//! or as escapes (`\uXXXX`, `\b`, `\f`), with their line and column, for `smriti check`. Reads only the
//! text it is given; the judgement of each character is `domain::text::hazard`'s.

use crate::domain::text::{Hazard, hazard};

/// One character that must not reach a terminal, and where it stands (1-based line and column,
/// counted in characters; an escape is placed at its backslash).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub line: usize,
    pub column: usize,
    pub ch: char,
    pub hazard: Hazard,
}

/// Every character of a JSON text that must never reach a terminal (a control, a
/// bidirectional override, an invisible character; see [`hazard`]), written raw or as an
/// escape (`\uXXXX`, surrogate pairs decoded, or the short `\b` and `\f`), with its line and
/// column. One pass.
pub fn find(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    let (mut line, mut column) = (1usize, 0usize);
    let mut prev: Option<char> = None;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        column += 1;
        if c == '\n' {
            line += 1;
            column = 0;
            prev = None;
            continue;
        }
        let (at, decoded) = if c == '\\' {
            let at = column;
            match chars.next() {
                Some('u') => {
                    let hex: String = chars.by_ref().take(4).collect();
                    column += 5;
                    let mut unit = u32::from_str_radix(&hex, 16).unwrap_or(0);
                    // A surrogate pair: \uD8xx\uDCxx.
                    if (0xD800..0xDC00).contains(&unit) {
                        let mut ahead = chars.clone();
                        if ahead.next() == Some('\\') && ahead.next() == Some('u') {
                            let low: String = ahead.take(4).collect();
                            if let Ok(low) = u32::from_str_radix(&low, 16)
                                && (0xDC00..0xE000).contains(&low)
                            {
                                unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                                chars.nth(5);
                                column += 6;
                            }
                        }
                    }
                    (at, char::from_u32(unit))
                }
                // The short escapes of two controls: a backspace and a form feed.
                Some(e @ ('b' | 'f')) => {
                    column += 1;
                    (at, Some(if e == 'b' { '\u{8}' } else { '\u{c}' }))
                }
                Some(_) => {
                    column += 1;
                    (at, None)
                }
                None => (at, None),
            }
        } else {
            (column, Some(c))
        };
        if let Some(d) = decoded {
            if let Some(h) = hazard(d, prev) {
                out.push(Found {
                    line,
                    column: at,
                    ch: d,
                    hazard: h,
                });
            }
            prev = Some(d);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_short_escapes_of_controls_are_found_where_they_stand() {
        // {"a": "x\by\fz\n\t\"\\"}: a backspace and a form feed; a line feed, a tab, a
        // quote and a backslash are not hazards.
        let found = find(r#"{"a": "x\by\fz\n\t\"\\"}"#);
        assert_eq!(
            found,
            vec![
                Found {
                    line: 1,
                    column: 9,
                    ch: '\u{8}',
                    hazard: Hazard::Control,
                },
                Found {
                    line: 1,
                    column: 12,
                    ch: '\u{c}',
                    hazard: Hazard::Control,
                },
            ]
        );
    }

    #[test]
    fn an_escaped_backslash_before_b_is_not_a_backspace() {
        assert_eq!(find(r#"{"a": "\\b \\f"}"#), Vec::new());
    }
}
