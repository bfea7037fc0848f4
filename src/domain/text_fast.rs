//! `typed::normalise` and `places::plain` in one pass over the text for the common
//! case: every character either ASCII or one that lower case leaves as it is (and, for
//! `normalise`, that both of Unicode's normalisation quick checks accept): Devanagari, kana,
//! kanji, ₹ …. Each such character's properties (its lower case, its quick-check answers
//! and combining class, whether it is a letter or digit, white space, kept by `normalise`)
//! are looked up once per block of 256 code points and kept for the process, so a character
//! costs one table read instead of up to six searches of Unicode's tables. Any other text
//! gets `None`, and the caller takes its passes: the result is the same either way
//! (proptests hold both against the definitions written out pass by pass). Pure: the table
//! is a cache of fixed facts of the standard, filled on first use; must not depend on
//! `store`/`tui`.

use std::sync::OnceLock;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, is_nfc_quick, is_nfd_quick};

/// Lower case leaves the character as it is (one character).
const LOWER_SELF: u16 = 1;
/// The NFD quick check says yes.
const NFD_YES: u16 = 2;
/// Both: `normalise` reads the character as it is.
const SIMPLE: u16 = LOWER_SELF | NFD_YES;
/// The NFC quick check says yes.
const NFC_YES: u16 = 4;
/// `normalise` keeps it (a letter, a digit, white space or a mark); otherwise it is a space.
const KEEP: u16 = 8;
/// White space, which separates words.
const SPACE: u16 = 16;
/// A letter or digit (`char::is_alphanumeric`).
const ALNUM: u16 = 32;
/// The canonical combining class sits in the high byte.
const CCC_SHIFT: u16 = 8;

/// What `normalise` asks of a non-ASCII character.
fn props(c: char) -> u16 {
    let cp = u32::from(c);
    if cp >= 0x1_0000 {
        return props_of(c);
    }
    static BLOCKS: [OnceLock<[u16; 256]>; 256] = [const { OnceLock::new() }; 256];
    let block = BLOCKS[(cp >> 8) as usize].get_or_init(|| {
        let mut table = [0; 256];
        for (low, slot) in table.iter_mut().enumerate() {
            // Surrogates are no characters: never asked for.
            if let Some(c) = char::from_u32((cp & !0xff) | low as u32) {
                *slot = props_of(c);
            }
        }
        table
    });
    block[(cp & 0xff) as usize]
}

/// [`props`] worked out from Unicode's tables.
fn props_of(c: char) -> u16 {
    let mut lower = c.to_lowercase();
    let unchanged = lower.next() == Some(c) && lower.next().is_none();
    let one = std::iter::once(c);
    let mut p = 0;
    if unchanged {
        p |= LOWER_SELF;
    }
    if is_nfd_quick(one.clone()) == IsNormalized::Yes {
        p |= NFD_YES;
    }
    if c.is_alphanumeric() {
        p |= ALNUM;
    }
    if is_nfc_quick(one) == IsNormalized::Yes {
        p |= NFC_YES;
    }
    if c.is_alphanumeric() || c.is_whitespace() || is_mark(c) {
        p |= KEEP;
    }
    if c.is_whitespace() {
        p |= SPACE;
    }
    p | u16::from(canonical_combining_class(c)) << CCC_SHIFT
}

/// The combining class in `p`.
fn ccc(p: u16) -> u8 {
    (p >> CCC_SHIFT) as u8
}

/// `normalise(s)` when `s` is of the common case, else `None`. Follows `normalise` step by
/// step: the text lowered (ASCII letters only, here); the NFD quick check over it (each
/// character's answer and the order of combining classes, which must not fall); `strip`'s
/// rules; the NFC quick check over what is kept; the words joined by single spaces without a
/// leading article ([`join_words`]), done here as the kept text is written: a run of white
/// space becomes one space before the next word (none leading or trailing), and a leading
/// article followed by another word is dropped at the end.
pub(super) fn normalise(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    // The last combining class each quick check saw (an ASCII character is a starter).
    let (mut nfd_cc, mut nfc_cc) = (0_u8, 0_u8);
    let mut previous: Option<char> = None;
    // White space was kept since the last word character written: a space goes before the
    // next one.
    let mut space_due = false;
    let mut chars = s.chars();
    loop {
        // A run of ASCII letters and digits is kept as it is, lowered, each character a
        // starter for both quick checks: copied at once rather than character by character
        // (the same steps below would keep each, with nothing else to do).
        let rest = chars.as_str();
        let run = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
        if run > 0 {
            if space_due {
                out.push(' ');
                space_due = false;
            }
            let from = out.len();
            out.push_str(&rest[..run]);
            out[from..].make_ascii_lowercase();
            previous = Some(char::from(rest.as_bytes()[run - 1].to_ascii_lowercase()));
            (nfd_cc, nfc_cc) = (0, 0);
            chars = rest[run..].chars();
        }
        let Some(raw) = chars.next() else {
            break;
        };
        let (c, p) = if raw.is_ascii() {
            nfd_cc = 0;
            (raw.to_ascii_lowercase(), 0)
        } else {
            let p = props(raw);
            let cc = ccc(p);
            if p & SIMPLE != SIMPLE || (nfd_cc > cc && cc != 0) {
                return None;
            }
            nfd_cc = cc;
            (raw, p)
        };
        // `strip`: a decimal point between digits is kept, any other "." vanishes; Latin
        // combining accents, thousands separators and apostrophes vanish; what is not a
        // letter, digit, white space or mark is a space.
        let decimal = c == '.'
            && previous.is_some_and(|p| p.is_ascii_digit())
            && chars
                .as_str()
                .as_bytes()
                .first()
                .is_some_and(u8::is_ascii_digit);
        previous = Some(c);
        if c == '.' && !decimal {
            continue;
        }
        if ('\u{0300}'..='\u{036f}').contains(&c) || matches!(c, ',' | '\'' | '’') {
            continue;
        }
        let (kept, space) = if c.is_ascii() {
            if c.is_ascii_alphanumeric() || c == '.' {
                (c, false)
            } else {
                // ASCII white space is kept as it is, anything else becomes a space.
                (if c.is_whitespace() { c } else { ' ' }, true)
            }
        } else if p & KEEP != 0 {
            (c, p & SPACE != 0)
        } else {
            (' ', true)
        };
        if kept.is_ascii() {
            nfc_cc = 0;
        } else {
            let cc = ccc(p);
            if p & NFC_YES == 0 || (nfc_cc > cc && cc != 0) {
                return None;
            }
            nfc_cc = cc;
        }
        // `kept` is white space exactly when `space` is (ASCII white space or a space kept as
        // it is, a character `KEEP`s as white space, or the space a dropped one becomes).
        if space {
            space_due = !out.is_empty();
            continue;
        }
        if space_due {
            out.push(' ');
            space_due = false;
        }
        out.push(kept);
    }
    // A leading article is dropped unless it is the only word (then no space follows it).
    if let Some(a) = ["the ", "a ", "an "].iter().find(|a| out.starts_with(**a)) {
        out.drain(..a.len());
    }
    Some(out)
}

/// `places::plain(s)` (lower case, split at every character that is not a letter or digit,
/// a leading "the" dropped unless it is alone, single spaces) when lower case leaves every
/// non-ASCII character of `s` as it is, else `None`.
pub(super) fn plain(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    // A word ended since the last character written.
    let mut ended = false;
    for c in s.chars() {
        let (c, alnum) = if c.is_ascii() {
            (c.to_ascii_lowercase(), c.is_ascii_alphanumeric())
        } else {
            let p = props(c);
            if p & LOWER_SELF == 0 {
                return None;
            }
            (c, p & ALNUM != 0)
        };
        if !alnum {
            ended = true;
            continue;
        }
        if ended && !out.is_empty() {
            out.push(' ');
        }
        ended = false;
        out.push(c);
    }
    if out.starts_with("the ") {
        out.drain(..4);
    }
    Some(out)
}

/// The words of `stripped` joined by single spaces, without a leading article (unless it is
/// the only word).
pub(super) fn join_words(stripped: &str) -> String {
    let mut out = String::with_capacity(stripped.len());
    let mut words = stripped.split_whitespace().peekable();
    if let Some(first) = words.next_if(|w| matches!(*w, "the" | "a" | "an"))
        && words.peek().is_none()
    {
        out.push_str(first);
    }
    for w in words {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Combining marks outside the Latin accents (Devanagari, Bengali, … vowel signs).
pub(super) fn is_mark(c: char) -> bool {
    matches!(c, '\u{0900}'..='\u{0DFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{3099}'..='\u{309A}')
}
