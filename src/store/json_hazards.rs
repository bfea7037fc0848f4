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

impl Found {
    /// The report's message: what the character is, and its code point.
    pub fn message(&self) -> String {
        let what = match self.hazard {
            Hazard::Control => "a control character",
            Hazard::Bidi => "a bidirectional override",
            Hazard::Invisible => "an invisible character",
        };
        format!("{what} (U+{:04X}) in deck text", u32::from(self.ch))
    }

    /// What the app does with it (what `domain::text::terminal_safe` does: a control becomes
    /// `�`, an override or invisible character is left out), and what to do.
    pub fn hint(&self) -> &'static str {
        match self.hazard {
            // The one control that is a line break (NEL): shown as one.
            Hazard::Control if self.ch == '\u{85}' => {
                "smriti shows it as a line break and never passes it to a terminal; remove it \
                 unless the deck's text is meant to carry it"
            }
            Hazard::Control => {
                "smriti shows it as \u{FFFD} and never passes it to a terminal; remove it \
                 unless the deck's text is meant to carry it"
            }
            Hazard::Bidi | Hazard::Invisible => {
                "smriti leaves it out when it shows the text and never passes it to a \
                 terminal; remove it unless the deck's text is meant to carry it"
            }
        }
    }
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
    loop {
        // A run of printable ASCII other than a backslash holds nothing to find (no such
        // character is a hazard, and none is a joiner's letter): stepped over at once. Most of
        // a deck file is such runs.
        let rest = chars.as_str();
        let run = rest
            .bytes()
            .take_while(|&b| (0x20..0x7f).contains(&b) && b != b'\\')
            .count();
        if run > 0 {
            column += run;
            prev = Some(char::from(rest.as_bytes()[run - 1]));
            chars = rest[run..].chars();
        }
        let Some(c) = chars.next() else {
            break;
        };
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

    /// [`find`] as first written: every character judged in turn.
    fn find_char_by_char(text: &str) -> Vec<(usize, usize, char)> {
        let (mut line, mut column) = (1, 0);
        let mut prev = None;
        let mut out = Vec::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            column += 1;
            if c == '\n' {
                (line, column, prev) = (line + 1, 0, None);
                continue;
            }
            let (at, d) = if c == '\\' {
                let at = column;
                match chars.next() {
                    Some('u') => {
                        let hex: String = chars.by_ref().take(4).collect();
                        column += 5;
                        (
                            at,
                            u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32),
                        )
                    }
                    Some(e) => {
                        column += 1;
                        let short = match e {
                            'b' => Some('\u{8}'),
                            'f' => Some('\u{c}'),
                            _ => None,
                        };
                        (at, short)
                    }
                    None => (at, None),
                }
            } else {
                (column, Some(c))
            };
            if let Some(d) = d {
                if hazard(d, prev).is_some() {
                    out.push((line, at, d));
                }
                prev = Some(d);
            }
        }
        out
    }

    proptest::proptest! {
        /// Stepping over printable ASCII finds what judging every character finds, at the
        /// same places (joiners after ASCII and after letters, escapes, line feeds, controls).
        #[test]
        fn runs_of_printable_ascii_change_nothing(
            s in "([a-z \"{}:,]|\\\\\\\\|\\\\b|\\\\f|\\\\n|\\\\u00[01][0-9a-f]|\\\\u200[bcd]|\u{200d}|\u{200c}|\u{7}|\u{202e}|\n|नी|日){0,24}"
        ) {
            let got: Vec<(usize, usize, char)> =
                find(&s).iter().map(|f| (f.line, f.column, f.ch)).collect();
            proptest::prop_assert_eq!(got, find_char_by_char(&s), "{:?}", s);
        }
    }

    #[test]
    fn an_escaped_backslash_before_b_is_not_a_backspace() {
        assert_eq!(find(r#"{"a": "\\b \\f"}"#), Vec::new());
    }
}
