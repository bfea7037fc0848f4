//! The rules that keep a candidate out of a question's options: never a second right answer
//! (the key inside it or it inside the key, the same person, most words shared, a containing
//! place, an item of the key's list, overlapping dates or numbers) and never a give-away (a
//! word of the question, another case style, a much longer or shorter text, nested labels).
//! Each rule has a name ([`LeftOut`]) so a teacher can see why an option was not offered.
//! Pure; must not depend on `store`/`tui`.

use std::fmt;

use super::answer_kind::{AnswerKind, DaySpan, month_number};
use super::deck::Card;
use super::option_answer::{Answer, words_of};
use super::option_forms::{
    Facet, Forms, Shape, Tense, bits_of, tense_of_normalised, words_out_of_range,
};
use super::second_answer::same_person;
use super::typed::normalise;

/// Why a candidate answer is not offered.
#[derive(Debug, Clone, PartialEq)]
pub enum LeftOut {
    SameCard,
    /// The same text as the key or an option already chosen.
    Duplicate,
    OtherKind(AnswerKind),
    /// Not of the key's `answer_class` (the candidate's class, if it has one).
    OtherClass(Option<String>),
    /// A number with another unit ("days" against "years").
    OtherUnit,
    ContainsKey,
    InsideKey,
    /// A person of the key's surname whose given names do not differ from the key's ("Pandit
    /// Nehru" for "Jawaharlal Nehru"): the surname.
    SamePerson(String),
    SharesMostWords,
    ContainsKeyPlace,
    ItemOfKeyList,
    KeyIsItsItem,
    OverlappingDates,
    OverlappingNumbers,
    SameGroup(String),
    NotWith(String),
    NotDistractor,
    /// A word of the option is in the question (and not in the key).
    WordInQuestion(String),
    /// Much longer or shorter than the key.
    Length,
    /// Carries labels like "(a)" that would nest in the option list.
    Labels,
    /// A date outside the year that the question names (and the key has).
    OtherYear(String),
    /// Overlaps an option already chosen.
    LikeAnotherOption,
    /// Written in another form than the key (see [`Shape`]): a name in capitals beside a
    /// phrase in lower case ("Congress leader Manish Tewari" among plain names), a leading
    /// article, a part in parentheses, digits grouped another way ("₹103,720" beside
    /// "₹1,03,720"), another currency or scale, a date given more or less precisely.
    OtherForm(Facet),
    /// A year of a past event offered for a future one, or the other way round.
    OtherTense,
}

impl fmt::Display for LeftOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LeftOut::SameCard => f.write_str("answer of the same card"),
            LeftOut::Duplicate => f.write_str("the same text as the key or another option"),
            LeftOut::OtherKind(k) => write!(f, "another kind ({k})"),
            LeftOut::OtherClass(Some(c)) => write!(f, "another answer_class ({c})"),
            LeftOut::OtherClass(None) => f.write_str("not of the key's answer_class"),
            LeftOut::OtherUnit => f.write_str("a number of another unit"),
            LeftOut::ContainsKey => f.write_str("contains the key"),
            LeftOut::InsideKey => f.write_str("is part of the key"),
            LeftOut::SamePerson(s) => write!(f, "may name the same person as the key ({s:?})"),
            LeftOut::SharesMostWords => f.write_str("shares most of its words with the key"),
            LeftOut::ContainsKeyPlace => f.write_str("a place that contains the key's place"),
            LeftOut::ItemOfKeyList => f.write_str("one item of the key's list"),
            LeftOut::KeyIsItsItem => f.write_str("a list that includes the key"),
            LeftOut::OverlappingDates => f.write_str("dates that overlap the key's"),
            LeftOut::OverlappingNumbers => f.write_str("a number range that overlaps the key's"),
            LeftOut::SameGroup(g) => write!(f, "tests the same fact (group {g:?})"),
            LeftOut::NotWith(id) => write!(f, "declared in conflict (not_with {id:?})"),
            LeftOut::NotDistractor => f.write_str("listed in not_distractors"),
            LeftOut::WordInQuestion(w) => write!(f, "its word {w:?} is in the question"),
            LeftOut::Length => f.write_str("much longer or shorter than the key"),
            LeftOut::Labels => f.write_str("has labels like (a) that would nest"),
            LeftOut::OtherYear(y) => write!(f, "a date outside {y}, the year the question names"),
            LeftOut::LikeAnotherOption => f.write_str("overlaps another option"),
            LeftOut::OtherForm(facet) => write!(f, "written otherwise than the key: {facet}"),
            LeftOut::OtherTense => {
                f.write_str("a year of a past event for a future one, or the other way round")
            }
        }
    }
}

/// Whether two texts contain each other (as whole words) or, for `textual` kinds, share
/// most of their words.
pub(super) fn overlaps(a: &str, aw: &[String], b: &str, bw: &[String], textual: bool) -> bool {
    contains_words(a, b) || contains_words(b, a) || (textual && most_shared(aw, bw))
}

fn contains_words(outer: &str, inner: &str) -> bool {
    // `" {outer} "` contains `" {inner} "`: `inner` at a place of `outer` with a space or an
    // end on either side (every place, overlapping ones too), without making either string.
    if inner.is_empty() {
        return false;
    }
    let (o, i) = (outer.as_bytes(), inner.as_bytes());
    let mut from = 0;
    while let Some(at) = o.get(from..).and_then(|rest| memchr::memmem::find(rest, i)) {
        let p = from + at;
        let end = p + i.len();
        if (p == 0 || o[p - 1] == b' ') && (end == o.len() || o[end] == b' ') {
            return true;
        }
        from = p + 1;
    }
    false
}

fn most_shared(a: &[String], b: &[String]) -> bool {
    let shared = a.iter().filter(|w| b.contains(w)).count();
    let smaller = a.len().min(b.len());
    smaller > 0 && shared * 2 > smaller
}

/// The answer a question is built around, with what the rules compare it to.
#[derive(Debug, Clone)]
pub struct Key {
    pub card: usize,
    pub text: String,
    pub kind: AnswerKind,
    /// The key's `answer_class`: options come only from answers of the same class.
    pub(super) class: Option<String>,
    pub(super) norm: String,
    words: Vec<String>,
    pub(super) items: Vec<String>,
    span: Option<DaySpan>,
    range: Option<(f64, f64)>,
    unit: String,
    /// Content words of the question.
    question: Vec<String>,
    /// A year the question names and the key has ("… visit to Japan in 2025?" for "29–30
    /// August 2025"): a date in another year is plainly wrong, a give-away.
    year: Option<String>,
    /// For a year: whether the question asks about the future ("… will mark …").
    pub(super) tense: Option<Tense>,
    pub(super) not_distractors: Vec<String>,
    /// The answer's forms, and the question's content words as a set of bits.
    pub(super) forms: Forms,
    question_bits: u64,
}

impl Key {
    /// The key for `card` (at index `card_index` of its deck) asked with `question`.
    pub fn new(card_index: usize, card: &Card, question: &str, answer: &Answer) -> Key {
        // The question normalised once, for its content words and the year it names.
        let q = normalise(question);
        let question_words = words_of(&q);
        Key {
            card: card_index,
            text: answer.text.clone(),
            kind: answer.kind,
            class: answer.class.clone(),
            norm: answer.norm.clone(),
            words: answer.words.clone(),
            items: answer.items.clone(),
            span: answer.span,
            range: answer.range,
            unit: answer.unit.clone(),
            question_bits: bits_of(&question_words),
            question: question_words,
            forms: answer.forms.clone(),
            year: (answer.kind == AnswerKind::Date)
                .then(|| {
                    // A bare year ("in 2025"), not one of a date the question gives as its
                    // setting ("according to the January 2026 briefing").
                    let key: Vec<&str> = answer.norm.split(' ').collect();
                    let words: Vec<&str> = q.split(' ').collect();
                    words
                        .iter()
                        .enumerate()
                        .find(|&(i, w)| {
                            is_year(w)
                                && key.contains(w)
                                && (i == 0 || month_number(words[i - 1]).is_none())
                        })
                        .map(|(_, w)| (*w).to_owned())
                })
                .flatten(),
            tense: (answer.kind == AnswerKind::Year).then(|| tense_of_normalised(&q)),
            not_distractors: card
                .answer
                .not_distractors
                .iter()
                .map(|d| normalise(d))
                .collect(),
        }
    }

    /// Whether the key is words rather than a number or date: sharing most words then makes
    /// two answers the same thing.
    pub(super) fn textual(&self) -> bool {
        !matches!(
            self.kind,
            AnswerKind::Date
                | AnswerKind::Year
                | AnswerKind::Number
                | AnswerKind::Amount
                | AnswerKind::Percentage
        )
    }

    /// The rules that compare an option's text with the key (kind and relations aside).
    pub(super) fn admits(
        &self,
        text: &str,
        norm: &str,
        words: &[String],
        a: &Answer,
    ) -> Result<(), LeftOut> {
        if norm == self.norm {
            return Err(LeftOut::Duplicate);
        }
        if self.not_distractors.iter().any(|d| d == norm) {
            return Err(LeftOut::NotDistractor);
        }
        // `a.forms` are `text`'s, `norm`'s and `words`' forms (see `option_forms`).
        let (kf, cf) = (&self.forms, &a.forms);
        if cf.labels {
            return Err(LeftOut::Labels);
        }
        if Forms::contains(cf, kf) {
            return Err(LeftOut::ContainsKey);
        }
        if Forms::contains(kf, cf) {
            return Err(LeftOut::InsideKey);
        }
        if self.kind == AnswerKind::Person
            && let Some(surname) = same_person(&self.text, text)
        {
            return Err(LeftOut::SamePerson(surname));
        }
        if self.items.iter().any(|i| i == norm) {
            return Err(LeftOut::ItemOfKeyList);
        }
        if a.items.contains(&self.norm) {
            return Err(LeftOut::KeyIsItsItem);
        }
        if let AnswerKind::Place(_) = self.kind
            && (Forms::place_contains(cf, kf, text, &self.text)
                || Forms::place_contains(kf, cf, &self.text, text))
        {
            return Err(LeftOut::ContainsKeyPlace);
        }
        if let (Some(k), Some(c)) = (self.span, a.span)
            && k.0 <= c.1
            && c.0 <= k.1
        {
            return Err(LeftOut::OverlappingDates);
        }
        if let Some(y) = &self.year
            && !cf.has_token(y)
        {
            return Err(LeftOut::OtherYear(y.clone()));
        }
        if let (Some(k), Some(c)) = (self.tense, a.tense)
            && k != c
        {
            return Err(LeftOut::OtherTense);
        }
        if matches!(self.kind, AnswerKind::Number) && a.unit != self.unit {
            return Err(LeftOut::OtherUnit);
        }
        if let (Some(k), Some(c)) = (self.range, a.range)
            && k.0 <= c.1
            && c.0 <= k.1
        {
            return Err(LeftOut::OverlappingNumbers);
        }
        // Texts with no content word in common share none: no words compared.
        if self.textual()
            && self.kind != AnswerKind::List
            && kf.word_bits & cf.word_bits != 0
            && most_shared(&self.words, words)
        {
            return Err(LeftOut::SharesMostWords);
        }
        if cf.word_bits & self.question_bits != 0
            && let Some(w) = words
                .iter()
                .find(|w| self.question.contains(w) && !self.words.contains(w))
        {
            return Err(LeftOut::WordInQuestion(w.clone()));
        }
        if let Some(facet) = Shape::differs(&kf.shape, &cf.shape) {
            return Err(LeftOut::OtherForm(facet));
        }
        let (kc, cc) = (kf.char_count, cf.char_count);
        if words_out_of_range(kf.word_count, cf.word_count) || cc * 3 < kc || cc > kc * 3 + 4 {
            return Err(LeftOut::Length);
        }
        Ok(())
    }
}

fn is_year(w: &str) -> bool {
    w.len() == 4
        && (w.starts_with("19") || w.starts_with("20"))
        && w.bytes().all(|b| b.is_ascii_digit())
}

/// Whether the key is the option most like all the others, each other option sharing at least
/// half its words with it: every wrong option is then the key with one part swapped, and a
/// candidate can pick the key by counting, without knowing the fact ("1 and 2 only" among "1
/// only", "2 only" and "1, 2 and 3"). Words are compared normalised, without the little ones.
pub fn key_most_alike(options: &[String], key: usize) -> bool {
    const LITTLE: &[&str] = &[
        "the", "a", "an", "of", "and", "or", "in", "on", "at", "to", "for", "by", "with",
    ];
    if options.len() < 3 || key >= options.len() {
        return false;
    }
    let sets: Vec<Vec<String>> = options
        .iter()
        .map(|o| {
            let mut w: Vec<String> = normalise(o)
                .split(' ')
                .filter(|w| !w.is_empty() && !LITTLE.contains(w))
                .map(str::to_owned)
                .collect();
            w.sort();
            w.dedup();
            w
        })
        .collect();
    let shared = |a: usize, b: usize| sets[a].iter().filter(|w| sets[b].contains(w)).count();
    let score = |a: usize| {
        (0..sets.len())
            .filter(|&b| b != a)
            .map(|b| shared(a, b))
            .sum::<usize>()
    };
    let others = || (0..sets.len()).filter(move |&d| d != key);
    let variants = others().all(|d| shared(key, d) > 0 && shared(key, d) * 2 >= sets[d].len());
    let top = score(key);
    variants && others().all(|d| score(d) < top)
}

#[cfg(test)]
mod tests {
    use super::contains_words;

    proptest::proptest! {
        /// The search in place finds what searching the spaced copies finds, on texts of a few
        /// letters and spaces (repeats, overlaps, leading and doubled spaces) and a Devanagari
        /// letter (several bytes).
        #[test]
        fn contains_words_is_the_search_of_the_spaced_texts(
            outer in "[ab \u{915}]{0,10}",
            inner in "[ab \u{915}]{0,4}",
        ) {
            let spaced = !inner.is_empty() && format!(" {outer} ").contains(&format!(" {inner} "));
            proptest::prop_assert_eq!(contains_words(&outer, &inner), spaced, "{:?} {:?}", outer, inner);
        }
    }

    #[test]
    fn contains_words_needs_whole_words() {
        assert!(contains_words("tokyo electron tata", "electron"));
        assert!(contains_words("aa a", "a"));
        assert!(!contains_words("electronics", "electron"));
        assert!(!contains_words("a", ""));
    }
}
