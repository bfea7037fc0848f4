//! What the option rules compare most often, worked out once per answer when the pool is
//! built (and copied into a question's key), so that judging one candidate is a few integer
//! tests instead of text work: the normalised text padded with spaces (whole-word containment
//! is then one substring search), a 64-bit set of its tokens and one of its content words (two
//! answers whose sets do not meet cannot contain each other or share a word, so most
//! candidates need no text compared), its length in words and characters, whether it carries
//! labels or is written in title case, and for a place the places that contain it. These are
//! data, not rules: each answers exactly what the rule it stands for would compute from the
//! text (`option_rules` says which rule uses which). Pure; must not depend on `store`/`tui`.

use super::answer_kind::{AnswerKind, has_labels};
use super::places;

/// An answer's precomputed forms (see the module's paragraph).
#[derive(Debug, Clone, Default)]
pub struct Forms {
    /// `" {norm} "`.
    padded: String,
    /// One bit per token of the normalised text (split at single spaces).
    tokens: u64,
    /// One bit per content word.
    pub(super) word_bits: u64,
    /// [`has_labels`] of the text.
    pub(super) labels: bool,
    /// [`title_case`] of the text.
    pub(super) title: bool,
    /// Words (split at white space) and characters of the text.
    pub(super) word_count: usize,
    pub(super) char_count: usize,
    /// For a place: its plain form and the places that contain it, nearest first.
    place: Option<(String, Vec<&'static str>)>,
}

impl Forms {
    /// The forms of `text`, whose normalised text is `norm` and content words `words`.
    pub fn new(text: &str, norm: &str, words: &[String], kind: AnswerKind) -> Forms {
        Forms {
            padded: format!(" {norm} "),
            tokens: norm.split(' ').fold(0, |bits, t| bits | bit(t)),
            word_bits: bits_of(words),
            labels: has_labels(text),
            title: title_case(text),
            word_count: text.split_whitespace().count(),
            char_count: text.chars().count(),
            place: matches!(kind, AnswerKind::Place(_)).then(|| {
                let plain = places::plain(text);
                let up = places::containing(&plain);
                (plain, up)
            }),
        }
    }

    /// Whether `outer`'s normalised text contains `inner`'s as whole words: the same answer
    /// as `contains_words(outer.norm, inner.norm)`. Every token of a text found inside
    /// another is a token of it, so the token sets rule most pairs out without a search.
    pub(super) fn contains(outer: &Forms, inner: &Forms) -> bool {
        inner.padded.len() > 2
            && inner.tokens & !outer.tokens == 0
            && outer.padded.len() >= inner.padded.len()
            && outer.padded.contains(inner.padded.as_str())
    }

    /// `place_contains(outer, inner)`, from the forms when both are places' (else from the
    /// texts).
    pub(super) fn place_contains(
        outer: &Forms,
        inner: &Forms,
        outer_text: &str,
        inner_text: &str,
    ) -> bool {
        match (&outer.place, &inner.place) {
            (Some((o, _)), Some((_, up))) => up.contains(&o.as_str()),
            _ => places::place_contains(outer_text, inner_text),
        }
    }
}

/// The set of `words`, one bit each.
pub(super) fn bits_of(words: &[String]) -> u64 {
    words.iter().fold(0, |bits, w| bits | bit(w))
}

/// One of 64 bits for a word (FNV-1a), the same on every machine.
fn bit(word: &str) -> u64 {
    let h = word.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    1 << (h % 64)
}

/// Whether every word of four letters or more (other than a few joining words) starts with a
/// capital: "Manish Tewari", "The Economic Security Initiative", but not "Congress leader
/// Manish Tewari" or "The two countries' foreign ministries".
pub(super) fn title_case(text: &str) -> bool {
    const JOINING: &[&str] = &[
        "with", "from", "into", "over", "under", "upon", "between", "among",
    ];
    text.split(|c: char| c.is_whitespace() || c == '–' || c == '-' || c == '/')
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .filter(|w| !JOINING.contains(&w.to_lowercase().as_str()))
        .all(|w| {
            w.chars()
                .find(|c| c.is_alphanumeric())
                .is_some_and(|c| !c.is_lowercase())
        })
}
