//! Marking typed answers as a teacher would: case, punctuation, accents, a leading "the", a
//! trailing corporate suffix ("Ltd"), the "India–Japan" prefix of an agreement, short month
//! names, a possessive "'s" ("India's" for "India"), a currency or "per cent" written out ("Rs 5 lakh crore" for "₹5 lakh crore") and a
//! gloss ("(Japan)") never matter; a person's name may be written family name
//! first, or as the family name alone when no other answer of the deck shares it; one typo in
//! a longer answer is "close" (never one in a number, or in a Roman numeral); an answer in parts is not typed word for word. A different
//! thing is never accepted ("Toyota" is not "Toyota Tsusho"). Pure: must not depend on
//! `store`/`tui`.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick, is_nfd_quick};

use super::answer_kind::{AnswerKind, MONTHS, has_labels, month_number};
use super::scheduler::Rating;
use super::text_fast::{self, is_mark};

/// Suffixes a company's name may carry or drop.
const CORPORATE: &[&str] = &[
    "corporation",
    "corp",
    "ltd",
    "limited",
    "inc",
    "incorporated",
    "co ltd",
    "pvt ltd",
    "private limited",
    "kk",
];

/// The form compared: [`normalise`]d, a currency or "per cent" written out read as its sign,
/// months written in full, a corporate suffix and the two countries' prefix dropped.
fn canonical(s: &str) -> String {
    let n = normalise(&unit_words_as_signs(&without_possessives(s)));
    let words: Vec<String> = n
        .split(' ')
        .map(|w| match month_number(w) {
            Some(m) if w.len() <= 4 && !w.is_empty() => MONTHS[m as usize - 1].to_owned(),
            _ => w.to_owned(),
        })
        .collect();
    let mut t = words.join(" ");
    for suffix in CORPORATE {
        if let Some(rest) = t.strip_suffix(&format!(" {suffix}"))
            && !rest.is_empty()
        {
            t = rest.to_owned();
            break;
        }
    }
    for prefix in ["india japan ", "japan india "] {
        if let Some(rest) = t.strip_prefix(prefix)
            && !rest.is_empty()
        {
            t = rest.to_owned();
            break;
        }
    }
    t
}

/// The text with a possessive "'s" (or "’s") at the end of a word dropped: "India's" and
/// "India" name the same thing, so a student who leaves the "'s" off (or adds it) is right.
/// Only after a letter and before the word's end ("it's" becomes "it", which no answer
/// depends on; "O'Brien" keeps its apostrophe for [`normalise`] to drop).
fn without_possessives(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains(['\'', '’']) {
        return std::borrow::Cow::Borrowed(s);
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let possessive = matches!(c, '\'' | '’')
            && i > 0
            && chars[i - 1].is_alphabetic()
            && matches!(chars.get(i + 1), Some('s' | 'S'))
            && chars.get(i + 2).is_none_or(|n| !n.is_alphanumeric());
        if possessive {
            i += 2;
            continue;
        }
        out.push(c);
        i += 1;
    }
    std::borrow::Cow::Owned(out)
}

/// Words that stand for a sign the comparison drops anyway: a currency written out ("Rs 5
/// lakh crore", "INR", "USD", "US$67.9 billion", "67.9 billion dollars") is its sign, and
/// "per cent" / "percent" after a number is "%". Only beside a number: "US" alone stays.
fn unit_words_as_signs(s: &str) -> String {
    const SCALES: &[&str] = &[
        "crore", "crores", "lakh", "lakhs", "billion", "million", "trillion", "thousand",
    ];
    let words: Vec<&str> = s.split_whitespace().collect();
    let numeric = |w: &str| w.starts_with(|c: char| c.is_ascii_digit());
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let lower = w.to_lowercase();
        let next_numeric = words.get(i + 1).is_some_and(|n| numeric(n));
        let after_amount = out.last().is_some_and(|p| {
            p.contains(|c: char| c.is_ascii_digit()) || SCALES.contains(&p.to_lowercase().as_str())
        });
        let after_number = out
            .last()
            .is_some_and(|p| p.ends_with(|c: char| c.is_ascii_digit()));
        if matches!(lower.as_str(), "rs" | "rs." | "inr" | "usd" | "us$") && next_numeric {
            i += 1;
            continue;
        }
        if let Some(rest) = ["us$", "rs.", "rs", "inr", "usd"]
            .iter()
            .find_map(|p| lower.strip_prefix(p))
            .filter(|rest| numeric(rest))
        {
            out.push(rest.to_owned());
            i += 1;
            continue;
        }
        if after_amount && matches!(lower.as_str(), "rupees" | "rupee" | "dollars" | "dollar") {
            i += 1;
            continue;
        }
        if after_number && lower == "percent" {
            out.push("%".to_owned());
            i += 1;
            continue;
        }
        if after_number
            && lower == "per"
            && words
                .get(i + 1)
                .is_some_and(|n| n.eq_ignore_ascii_case("cent"))
        {
            out.push("%".to_owned());
            i += 2;
            continue;
        }
        out.push(w.to_owned());
        i += 1;
    }
    out.join(" ")
}

/// The forms of a person's name a teacher would also accept: the words reversed ("Motegi
/// Toshimitsu"), and the family name alone unless `shared` says another person answer of the
/// deck has it too. Nothing for other kinds.
pub fn name_forms(kind: AnswerKind, answer: &str, shared: impl Fn(&str) -> bool) -> Vec<String> {
    if kind != AnswerKind::Person {
        return vec![];
    }
    let words: Vec<&str> = answer.split_whitespace().collect();
    // Drop a leading description ("Congress leader Manish Tewari"): keep the capitalised tail.
    let start = words
        .iter()
        .rposition(|w| !w.chars().next().is_some_and(char::is_uppercase))
        .map_or(0, |i| i + 1);
    let name = &words[start..];
    if name.len() < 2 {
        return vec![];
    }
    let mut out = Vec::new();
    if start > 0 {
        out.push(name.join(" "));
    }
    let mut reversed = name.to_vec();
    reversed.reverse();
    out.push(reversed.join(" "));
    let family = name[name.len() - 1];
    if !shared(family) {
        out.push(family.to_owned());
    }
    out
}

/// The forms of an answer without its gloss, which a teacher would also accept: without a
/// last part in parentheses ("Ministry of Economy, Trade and Industry (Japan)" → "Ministry
/// of Economy, Trade and Industry"), unless that part holds a digit (a year or a number may
/// be what is asked); and, for a reversed item (whose answer is the card's front, a prompt),
/// without what follows a spaced dash as well ("Infrastructure — the project the note
/// lists" → "Infrastructure"; "PCI (a tool used to …)" → "PCI").
pub fn gloss_forms(answer: &str, reversed: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut head = answer.trim();
    if reversed
        && let Some(i) = [" — ", " – ", " - "]
            .iter()
            .filter_map(|dash| head.find(dash))
            .min()
        && !head[..i].trim().is_empty()
    {
        head = head[..i].trim();
        out.push(head.to_owned());
    }
    if head.ends_with(')')
        && let Some(open) = head.rfind(" (")
        && !head[open..].chars().any(|c| c.is_ascii_digit())
        && !head[..open].trim().is_empty()
    {
        out.push(head[..open].trim().to_owned());
    }
    out
}

/// Whether an answer cannot fairly be typed word for word, besides a list the answer kinds
/// see: its parts are labelled ("(a) "particularly paramount"; (b) "highest priority""), or it
/// lists short phrases in lower case, the last two joined by "and" ("Chip dependencies, data
/// gaps and high compute costs"), whose order a student may change.
pub fn in_parts(answer: &str) -> bool {
    if has_labels(answer) {
        return true;
    }
    let a = answer.trim().trim_end_matches('.');
    let parts: Vec<&str> = a.split(", ").collect();
    let Some((last, first)) = parts.split_last() else {
        return false;
    };
    let Some((x, y)) = last.rsplit_once(" and ") else {
        return false;
    };
    let short = |p: &str| (1..=4).contains(&p.split_whitespace().count());
    // A phrase's later items start in lower case; a name's words do not ("Ministry of
    // Economy, Trade and Industry" is one thing, typed as written).
    let phrase = |p: &str| p.chars().next().is_some_and(char::is_lowercase);
    !first.is_empty()
        && first.iter().all(|p| short(p))
        && short(x)
        && short(y)
        && phrase(x)
        && phrase(y)
}

/// Normalises an answer for comparison (see [`check_typed`]).
pub fn normalise(s: &str) -> String {
    // Most texts (ASCII, Devanagari, kana, …) in one pass; the others through the passes.
    text_fast::normalise(s).unwrap_or_else(|| normalise_in_passes(s))
}

/// [`normalise`] pass by pass: lowered, decomposed when the quick check cannot say the text
/// is decomposed already, stripped, composed when it cannot say it is composed.
fn normalise_in_passes(s: &str) -> String {
    // NFD and NFC leave a text already in that form as it is: the quick checks (a table
    // look-up per character, no buffering) say so for most texts, and ASCII text needs
    // neither check.
    let lower = s.to_lowercase();
    let stripped = if lower.is_ascii() || is_nfd_quick(lower.chars()) == IsNormalized::Yes {
        strip(lower.chars())
    } else {
        strip(lower.nfd())
    };
    let stripped = if stripped.is_ascii() || is_nfc_quick(stripped.chars()) == IsNormalized::Yes {
        stripped
    } else {
        stripped.nfc().collect()
    };
    text_fast::join_words(&stripped)
}

/// [`normalise`]'s character rules over the lowered, decomposed text.
fn strip(chars: impl Iterator<Item = char>) -> String {
    let mut out = String::with_capacity(chars.size_hint().0);
    let mut chars = chars.peekable();
    let mut previous: Option<char> = None;
    while let Some(c) = chars.next() {
        // A decimal point between digits is kept ("$6.79" is not "$67.9"); a "." after a word
        // vanishes.
        let decimal = c == '.'
            && previous.is_some_and(|p| p.is_ascii_digit())
            && chars.peek().is_some_and(char::is_ascii_digit);
        previous = Some(c);
        if c == '.' && !decimal {
            continue;
        }
        // Drop Latin combining accents; keep every other mark (Devanagari vowel signs are
        // marks). Thousands separators and apostrophes vanish ("10,372" = "10372"); other
        // punctuation separates words ("Tokyo Electron–Tata" = "Tokyo Electron-Tata").
        if ('\u{0300}'..='\u{036f}').contains(&c) || matches!(c, ',' | '\'' | '’') {
            continue;
        }
        out.push(
            if c.is_alphanumeric() || c.is_whitespace() || is_mark(c) || c == '.' {
                c
            } else {
                ' '
            },
        );
    }
    out
}

/// The candidate closest to `word` when it is close enough to be a slip: at most one edit
/// (a swap of neighbours counts as one) per three characters, and never more than two.
pub fn nearest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    let limit = (word.chars().count() / 3).clamp(1, 2);
    candidates
        .map(|c| (edit_distance(&word, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// The words of a [`canonical`] text that are Roman numerals from 1 to 39 ("ii", "xiv"): a
/// number like any other, so a typo is never forgiven in one ("Phase I" is not "Phase II",
/// "World War I" not "World War II", "GS Paper II" not "GS Paper III").
fn numerals(t: &str) -> Vec<&str> {
    let roman = |w: &str| {
        let rest = w.trim_start_matches('x');
        let tens = w.len() - rest.len();
        let units = matches!(
            rest,
            "" | "i" | "ii" | "iii" | "iv" | "v" | "vi" | "vii" | "viii" | "ix"
        );
        !w.is_empty() && tens <= 3 && units
    };
    t.split(' ').filter(|w| roman(w)).collect()
}

/// Checks a typed answer against every accepted form (see the module's rules): an exact
/// match is right; one typo in an answer of 5 or more letters is "close".
pub fn check_typed(given: &str, accepted: &[String]) -> Verdict {
    let g = canonical(given);
    if g.is_empty() {
        return Verdict::Wrong;
    }
    let mut best = Verdict::Wrong;
    for a in accepted {
        let a = canonical(a);
        if a == g {
            return Verdict::Right;
        }
        let letters = a.chars().filter(|c| c.is_alphanumeric()).count();
        // A typo is forgiven in letters, never in a number ("2025" is not "2026", "6.79" is
        // not "67.9": a decimal point is kept only between digits, and compared with them).
        let digits = |t: &str| {
            t.chars()
                .filter(|c| c.is_ascii_digit() || *c == '.')
                .collect::<String>()
        };
        if letters >= 5
            && digits(&a) == digits(&g)
            && numerals(&a) == numerals(&g)
            && edit_distance(&a, &g) == 1
        {
            best = Verdict::Close;
        }
    }
    best
}

/// The verdict on an auto-graded answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Right,
    /// Accepted with one typo.
    Close,
    Wrong,
}

impl Verdict {
    pub fn is_right(self) -> bool {
        self != Verdict::Wrong
    }

    /// The rating an auto-graded answer gives unless the user says otherwise.
    pub fn rating(self) -> Rating {
        if self.is_right() {
            Rating::Good
        } else {
            Rating::Again
        }
    }
}

#[cfg(test)]
#[path = "typed_tests.rs"]
mod tests;
