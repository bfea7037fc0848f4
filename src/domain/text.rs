//! Deck text is data, never terminal commands: [`terminal_safe`] is the one function through
//! which text from a deck file (and anything else a stranger can name, such as a file name)
//! reaches a terminal, and [`hazard`] says what is wrong with a character, for `smriti check`.
//! Pure: no I/O, no terminal; `store` (the deck checker), `cli` (standard output and error)
//! and `tui` (every cell of every frame) call it.
//!
//! What it does to each character:
//! - C0 and C1 controls (`ESC`, `BEL`, `0x9b` CSI, …) and `DEL` become `�` (U+FFFD), so an
//!   escape sequence shows as harmless visible text instead of acting on the terminal;
//! - bidirectional embeddings, overrides, isolates and marks (U+202A–202E, U+2066–2069,
//!   U+200E, U+200F, U+061C) and invisible format characters (zero-width space U+200B, word
//!   joiner and invisible operators U+2060–2064, the deprecated U+206A–206F, BOM U+FEFF,
//!   U+180E, interlinear annotations U+FFF9–FFFB, the combining grapheme joiner U+034F, tag
//!   characters U+E0000–E007F) are removed;
//! - zero-width joiner and non-joiner (U+200D, U+200C) are kept after a non-ASCII letter or
//!   mark, where Devanagari and other Indic scripts need them (half forms such as क्‍ष, and emoji
//!   sequences), and removed elsewhere (at the start of a text, after ASCII or a space), where
//!   they can only hide differences between words;
//! - a line break (`\n`, `\r\n`, a lone `\r`, U+0085, U+2028, U+2029) becomes `\n`, and a tab
//!   stays a tab, with [`Breaks::Keep`]; both become one space with [`Breaks::Join`], for text
//!   that must stay on one line (a file name in a message, a cell of the full-screen app).

use std::borrow::Cow;

/// What is wrong with a character in deck text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hazard {
    /// A C0 or C1 control other than tab and line feed, or DEL: it can start a terminal
    /// command (an escape sequence) or move the cursor.
    Control,
    /// A bidirectional embedding, override or isolate: it reorders the text after it
    /// ("Trojan Source").
    Bidi,
    /// An invisible character (zero-width, a bidirectional mark, a BOM): it changes nothing
    /// visible, but makes equal-looking texts differ.
    Invisible,
}

/// What to do with line breaks and tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breaks {
    /// Keep `\n` and `\t` (a whole report or exported file).
    Keep,
    /// Turn them into a space (one line: a file name, a title, a cell).
    Join,
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

/// The hazard of `c`, given the character before it in the same text (`None` at the start).
/// Tab, line feed and carriage return are not hazards (see [`terminal_safe`] for what becomes
/// of them); a zero-width joiner or non-joiner is one only where no script needs it.
pub fn hazard(c: char, prev: Option<char>) -> Option<Hazard> {
    match c {
        '\t' | '\n' | '\r' => None,
        c if c.is_control() => Some(Hazard::Control),
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => Some(Hazard::Bidi),
        '\u{200B}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{061C}'
        | '\u{034F}'
        | '\u{180E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{206A}'..='\u{206F}'
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}'
        | '\u{E0000}'..='\u{E007F}' => Some(Hazard::Invisible),
        c if is_joiner(c) => match prev {
            Some(p) if !p.is_ascii() && !p.is_whitespace() && hazard(p, None).is_none() => None,
            _ => Some(Hazard::Invisible),
        },
        _ => None,
    }
}

/// `s` made safe to write to a terminal (see the module documentation for what changes).
/// Borrowed when nothing needed changing, which is almost always.
pub fn terminal_safe(s: &str, breaks: Breaks) -> Cow<'_, str> {
    let clean = |c: char| match c {
        '\n' | '\t' => breaks == Breaks::Keep,
        c if c.is_ascii() => !c.is_ascii_control(),
        _ => false,
    };
    // Fast path: printable ASCII (and the kept breaks) needs nothing; other characters are
    // looked at one by one.
    let mut prev = None;
    let needs_work = s.chars().any(|c| {
        let bad = !clean(c) && (c.is_ascii() || hazard(c, prev).is_some() || is_break(c));
        prev = Some(c);
        bad
    });
    if !needs_work {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut prev: Option<char> = None;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let here = prev;
        prev = Some(c);
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        if is_break(c) || c == '\t' {
            let keep = if c == '\t' { '\t' } else { '\n' };
            out.push(if breaks == Breaks::Keep { keep } else { ' ' });
            continue;
        }
        match hazard(c, here) {
            None => out.push(c),
            Some(Hazard::Control) => out.push('\u{FFFD}'),
            Some(Hazard::Bidi | Hazard::Invisible) => {}
        }
    }
    Cow::Owned(out)
}

/// A line break of any kind.
fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{0085}' | '\u{2028}' | '\u{2029}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const HOSTILE: &str = "\u{1b}]0;pwned\u{7}\u{1b}]52;c;ZWNobyBoaQ==\u{7}\u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\\u{1b}c\u{1b}P+q544e\u{1b}\\\u{1b}[6n\u{9b}2J\u{202E}evil\u{202C}a\u{200B}b\u{2060}c\u{FEFF}d";

    #[test]
    fn escape_sequences_become_visible_text() {
        assert_eq!(
            terminal_safe(HOSTILE, Breaks::Keep),
            "�]0;pwned��]52;c;ZWNobyBoaQ==��]8;;http://x�\\link�]8;;�\\�c�P+q544e�\\�[6n�2Jevilabcd"
        );
    }

    #[test]
    fn ordinary_text_is_borrowed_unchanged() {
        for s in [
            "Toyota Tsusho",
            "₹ 1,000 crore — Andhra Pradesh",
            "भारत–जापान संबंध",
            "two\nlines\tand a tab",
        ] {
            assert!(
                matches!(terminal_safe(s, Breaks::Keep), Cow::Borrowed(_)),
                "{s}"
            );
        }
    }

    #[test]
    fn line_breaks_and_tabs() {
        assert_eq!(
            terminal_safe("a\r\nb\rc\u{2028}d", Breaks::Keep),
            "a\nb\nc\nd"
        );
        assert_eq!(terminal_safe("a\r\nb\tc", Breaks::Join), "a b c");
        assert_eq!(terminal_safe("a\nb", Breaks::Join), "a b");
    }

    #[test]
    fn devanagari_keeps_its_joiners_but_stray_ones_go() {
        // क्‍ष: ka, virama, ZWJ, ssa (the half form); र‌्: ra, ZWNJ.
        let half = "क्\u{200D}ष";
        assert_eq!(terminal_safe(half, Breaks::Keep), half);
        assert_eq!(terminal_safe("र\u{200C}्य", Breaks::Keep), "र\u{200C}्य");
        assert_eq!(
            terminal_safe("\u{200D}a\u{200C}b \u{200D}c", Breaks::Keep),
            "ab c"
        );
        assert_eq!(hazard('\u{200D}', Some('्')), None);
        assert_eq!(hazard('\u{200D}', Some('a')), Some(Hazard::Invisible));
        assert_eq!(hazard('\u{202E}', None), Some(Hazard::Bidi));
        assert_eq!(hazard('\u{9b}', None), Some(Hazard::Control));
        assert_eq!(hazard('\t', None), None);
    }

    proptest! {
        #[test]
        fn nothing_hazardous_survives(s in "\\PC*|[\\x00-\\x{a0}\\x{200b}-\\x{206f}\\x{feff}a-zक्ष ]*") {
            for breaks in [Breaks::Keep, Breaks::Join] {
                let out = terminal_safe(&s, breaks);
                let mut prev = None;
                for c in out.chars() {
                    prop_assert_eq!(hazard(c, prev), None, "{:?} in {:?}", c, out);
                    prop_assert!(c != '\r');
                    if breaks == Breaks::Join {
                        prop_assert!(c != '\n' && c != '\t');
                    }
                    prev = Some(c);
                }
                // Idempotent: safe text passes unchanged.
                let again = terminal_safe(&out, breaks).into_owned();
                prop_assert_eq!(again, out.clone().into_owned());
            }
        }
    }
}
