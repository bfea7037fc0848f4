//! Marking typed answers as a teacher would: case, punctuation, accents, a leading "the", a
//! trailing corporate suffix ("Ltd"), the "India–Japan" prefix of an agreement, short month
//! names, a possessive "'s" ("India's" for "India") and a gloss ("(Japan)") never matter; a
//! number, an amount or a date reads the same however it is written ([`super::typed_read`]:
//! "ten" for "10", "Rs 5 lakh crore" for "₹5 lakh crore", "17 Jan 2026" for "January 17,
//! 2026"); a person's name may be written family name first, or as the family name alone when
//! no other answer of the deck has it; one slip in a long enough word is "close", unless it
//! is in a number, a Roman numeral or an abbreviation, lands on another word
//! ([`super::typed_words`]: "Indian" for "India") or changes the end of a name; an answer in
//! parts is not typed word for word (typed study asks it as a flashcard and says why:
//! [`why_not_typed`]). A different thing is never accepted ("Toyota" is not "Toyota
//! Tsusho"). The deck's own words ([`DeckWords`]) are built here from a deck, once per study
//! session. Pure: must not depend on `store`/`tui`.

use std::collections::HashSet;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick, is_nfd_quick};

use super::answer_kind::{AnswerKind, has_labels, month_number};
use super::deck::{CardBody, ClozePart, Deck};
use super::number_words::MONTHS;
use super::scheduler::Rating;
use super::text_fast::{self, is_mark};
use super::typed_read::{Num, Tok, marked, numbers, read, same};
use super::typed_words::is_name;

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
pub(super) fn canonical(s: &str) -> String {
    let n = normalise(&without_possessives(&marked(s)));
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

/// Whether an answer is a list (as its kind or [`in_parts`] sees it) or longer
/// than [`MAX_TYPED_WORDS`] words: asked typed, it would mark the student wrong for the order
/// of the items or a word of their own.
pub fn too_long_to_type(kind: AnswerKind, answer: &str) -> bool {
    why_not_typed(kind, answer).is_some()
}

/// Why typed study asks an answer as a flashcard (see [`too_long_to_type`]), in a few words
/// for the screen: "its answer is a list", "its answer is in labelled parts", "its answer is
/// longer than eight words". `None` when it can be typed.
pub fn why_not_typed(kind: AnswerKind, answer: &str) -> Option<&'static str> {
    if has_labels(answer) {
        Some("its answer is in labelled parts")
    } else if kind == AnswerKind::List || in_parts(answer) {
        Some("its answer is a list")
    } else if answer.split_whitespace().count() > MAX_TYPED_WORDS {
        Some("its answer is longer than eight words")
    } else {
        None
    }
}

/// The longest answer (in words) that a basic or cloze item asks typed in typed mode.
pub const MAX_TYPED_WORDS: usize = 8;

/// A question without the instruction for typing its answer, for asking it as multiple
/// choice: "Which … met Oue? (type the name)" → "Which … met Oue?".
pub fn without_typing_hint(prompt: &str) -> &str {
    let t = prompt.trim_end();
    match t.rfind("(type ") {
        Some(i) if t.ends_with(')') && i > 0 => t[..i].trim_end(),
        _ => t,
    }
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

/// The words of a deck's answers, accepted forms, options and distractors (normalised), for
/// telling a slip from another of the deck's answers. Built once per deck, when its first
/// typed answer is marked.
#[derive(Debug, Clone, Default)]
pub struct DeckWords {
    words: HashSet<String>,
}

impl DeckWords {
    pub fn of(deck: &Deck) -> DeckWords {
        let mut words = HashSet::new();
        let mut add = |text: &str| {
            for w in normalise(text).split(' ') {
                if !w.is_empty() && !words.contains(w) {
                    words.insert(w.to_owned());
                }
            }
        };
        for card in &deck.cards {
            match &card.body {
                CardBody::Basic {
                    front,
                    back,
                    reverse,
                    distractors,
                } => {
                    add(back);
                    if *reverse {
                        add(front);
                    }
                    distractors.iter().for_each(|d| add(d));
                }
                CardBody::Mcq { options, .. } | CardBody::Multi { options, .. } => {
                    options.iter().for_each(|o| add(o));
                }
                CardBody::Cloze { parts } => {
                    for p in parts {
                        if let ClozePart::Gap { answer, .. } = p {
                            add(answer);
                        }
                    }
                }
                CardBody::Typed { answers, .. } => answers.iter().for_each(|a| add(a)),
                CardBody::Statements { .. } => {}
                CardBody::Match { pairs, .. } => {
                    for p in pairs {
                        add(&p.left);
                        add(&p.right);
                        if let Some(s) = &p.shown {
                            add(s);
                        }
                    }
                }
            }
            let rules = &card.answer;
            rules.distractors.iter().for_each(|d| add(d));
            rules.not_distractors.iter().for_each(|d| add(d));
            for (_, forms) in rules.accept.iter().chain(&rules.gap_distractors) {
                forms.iter().for_each(|f| add(f));
            }
        }
        DeckWords { words }
    }

    /// Whether the deck writes `word` (normalised) somewhere in its answers or options.
    pub fn has(&self, word: &str) -> bool {
        self.words.contains(word)
    }
}

/// Checks a typed answer against every accepted form (see the module's rules): the same
/// reading is right; one slip in a long enough word is "close" (see [`slip`]), judged with
/// the names every deck knows ([`super::typed_words`]) and nothing of the deck's own.
pub fn check_typed(given: &str, accepted: &[String]) -> Verdict {
    check_typed_among(given, accepted, |_| false)
}

/// [`check_typed`] in a deck: `deck_word` says whether the deck writes a word somewhere in its
/// answers or options ([`DeckWords::has`]), so that a slip that spells
/// another of its words is not forgiven.
pub fn check_typed_among(
    given: &str,
    accepted: &[String],
    deck_word: impl Fn(&str) -> bool,
) -> Verdict {
    let g = canonical(given);
    if g.is_empty() {
        return Verdict::Wrong;
    }
    let typed = read(&g);
    let mut best = Verdict::Wrong;
    for a in accepted {
        let form = read(&canonical(a));
        if same(&form, &typed) {
            return Verdict::Right;
        }
        if best == Verdict::Wrong && slip(a, &form, &typed, &deck_word) {
            best = Verdict::Close;
        }
    }
    best
}

/// The fewest letters a word must have for a slip in it to be forgiven when it is most of
/// the answer: in a shorter one a letter changed is often another word (Iran/Iraq,
/// Mali/Bali, Oman/omen). In an answer of three words or more the others say what is meant,
/// and a word of three or four letters may have its slip ("Free and Opn Indo-Pacific").
const MIN_SLIP_WORD: usize = 5;

/// Whether `typed` is the accepted form `answer` (read as `form`) with one slip a teacher
/// would forgive: one letter added, left out, changed, or two swapped, in a word of
/// [`MIN_SLIP_WORD`] letters or more (three or more in an answer of three words), when
/// - every number (its value, currency and whether it is an ordinal), every word with figures
///   ("E10") and every Roman numeral ("Phase II") is as in the answer: a slip is never
///   forgiven in a number;
/// - the word typed is not another word: one of the names every deck knows ("Indian",
///   "Zambia", "Hindu") or a word the deck writes in its answers or options (`deck_word`;
///   a plural "s" of a lower-case word is the same word);
/// - in a name (a capitalised word of the answer) the slip is not at its end: a letter added
///   or left off there makes another name (India/Indian, Bengal/Bengali, Adam/Adams), except
///   the "s" of a possessive the answer writes ("Indias" for "India's");
/// - the word is not an abbreviation (a word in capitals: each letter is a word).
fn slip(answer: &str, form: &[Tok], typed: &[Tok], deck_word: &impl Fn(&str) -> bool) -> bool {
    let (na, ng): (Vec<&Num>, Vec<&Num>) = (numbers(form).collect(), numbers(typed).collect());
    if na.len() != ng.len() || !na.iter().zip(&ng).all(|(x, y)| x.same(y)) {
        return false;
    }
    let wa: Vec<std::borrow::Cow<'_, str>> = form.iter().map(Tok::render).collect();
    let wg: Vec<std::borrow::Cow<'_, str>> = typed.iter().map(Tok::render).collect();
    let (a, g) = (wa.join(" "), wg.join(" "));
    let figures = |w: &[std::borrow::Cow<'_, str>]| -> Vec<String> {
        w.iter()
            .filter(|w| w.contains(|c: char| c.is_ascii_digit()))
            .map(|w| w.to_string())
            .collect()
    };
    if a.chars().filter(|c| c.is_alphanumeric()).count() < MIN_SLIP_WORD
        || figures(&wa) != figures(&wg)
        || numerals(&a) != numerals(&g)
        || edit_distance(&a, &g) != 1
    {
        return false;
    }
    // The words that differ: one in each, or two against their joining ("New Delhi").
    let before = wa.iter().zip(&wg).take_while(|(x, y)| x == y).count();
    let most = wa.len().min(wg.len()) - before;
    let after = wa
        .iter()
        .rev()
        .zip(wg.iter().rev())
        .take(most)
        .take_while(|(x, y)| x == y)
        .count();
    let da = &wa[before..wa.len() - after];
    let dg = &wg[before..wg.len() - after];
    let word: String = da.concat();
    let letters = word.chars().count();
    if letters < MIN_SLIP_WORD && (letters < 3 || wa.len() < 3) {
        return false;
    }
    let marks = Capitals::of(answer);
    if let ([x], [y]) = (da, dg) {
        let (x, y) = (x.as_ref(), y.as_ref());
        let at_end = |long: &str, short: &str| {
            long.chars().count() == short.chars().count() + 1 && long.starts_with(short)
        };
        let possessive = marks.possessive(x) && y.strip_suffix('s') == Some(x);
        if marks.capitalised(x) && (at_end(x, y) || at_end(y, x)) && !possessive {
            return false;
        }
        if marks.capitals(x) {
            return false;
        }
    }
    let plural = |y: &str| y.strip_suffix('s') == Some(&word) || word.strip_suffix('s') == Some(y);
    !dg.iter()
        .any(|y| is_name(y) || (deck_word(y) && !plural(y)))
}

/// How an answer writes its words, by their normalised form: capitalised (a name), in
/// capitals (an abbreviation), with a possessive "'s".
struct Capitals(Vec<(String, bool, bool, bool)>);

impl Capitals {
    fn of(answer: &str) -> Capitals {
        let mut out = Vec::new();
        for piece in answer.split(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—' | '/'))
        {
            let p = piece.trim_matches(|c: char| !c.is_alphanumeric());
            let possessive = p.ends_with("'s") || p.ends_with("’s");
            let letters: Vec<char> = p.chars().filter(|c| c.is_alphabetic()).collect();
            let capitalised = letters.first().is_some_and(|c| c.is_uppercase());
            let capitals = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
            let key = normalise(&without_possessives(p));
            if !key.is_empty() {
                out.push((key, capitalised, capitals, possessive));
            }
        }
        Capitals(out)
    }

    fn find(&self, word: &str) -> impl Iterator<Item = &(String, bool, bool, bool)> {
        self.0.iter().filter(move |(w, ..)| w == word)
    }

    fn capitalised(&self, word: &str) -> bool {
        self.find(word).any(|m| m.1)
    }

    fn capitals(&self, word: &str) -> bool {
        self.find(word).any(|m| m.2)
    }

    fn possessive(&self, word: &str) -> bool {
        self.find(word).any(|m| m.3)
    }
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
