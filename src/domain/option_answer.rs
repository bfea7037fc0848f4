//! One answer of a deck as the option rules see it: its text, kind and the forms the rules
//! compare (normalised text, content words, list items, day span, number range and unit),
//! computed once when the pool is built. Also how an item of a card yields its answer and
//! kind, and how an option is shown. Pure; must not depend on `store`/`tui`.

use super::answer_kind::{
    AnswerKind, DaySpan, Inferred, date_span, infer, list_items, number_range,
};
use super::deck::{Card, CardBody, ClozePart, Deck, Side, cloze_prompt};
use super::option_forms::{Forms, Tense};
use super::typed::normalise;

/// One answer in the pool, with what the rules compare.
#[derive(Debug, Clone)]
pub struct Answer {
    pub card: usize,
    pub side: Side,
    pub text: String,
    pub kind: AnswerKind,
    /// Why it has that kind: "declared", "deck default" or an inference rule.
    pub rule: &'static str,
    /// The card's `answer_class`, or the class another card declares for the same text.
    pub class: Option<String>,
    pub(super) norm: String,
    pub(super) words: Vec<String>,
    pub(super) items: Vec<String>,
    pub(super) span: Option<DaySpan>,
    pub(super) range: Option<(f64, f64)>,
    pub(super) unit: String,
    /// What the rules compare most often, worked out once.
    pub(super) forms: Forms,
    /// For a year: whether its question asks of the past or the future (set by the pool,
    /// which knows the question).
    pub(super) tense: Option<Tense>,
    /// The same number for answers of the same text, kind and tense (set by the pool), which
    /// the rules on an option's text judge alike.
    pub(super) content: u32,
}

impl Answer {
    pub(super) fn new(card: usize, side: Side, text: &str, kind: Inferred) -> Answer {
        let items = if kind.kind == AnswerKind::List {
            list_items(text).iter().map(|i| normalise(i)).collect()
        } else {
            vec![]
        };
        let numeric = matches!(
            kind.kind,
            AnswerKind::Number | AnswerKind::Percentage | AnswerKind::Amount
        );
        let nr = if numeric { number_range(text) } else { None };
        let norm = normalise(text);
        let words = words_of(&norm);
        Answer {
            card,
            side,
            text: text.to_owned(),
            kind: kind.kind,
            rule: kind.rule,
            class: None,
            forms: Forms::new(text, &norm, &words, kind.kind),
            norm,
            words,
            items,
            span: if matches!(kind.kind, AnswerKind::Date | AnswerKind::Year) {
                date_span(text)
            } else {
                None
            },
            range: nr.as_ref().map(|(r, _)| *r),
            unit: nr.map(|(_, u)| u).unwrap_or_default(),
            tense: None,
            content: u32::MAX,
        }
    }

    /// The year a date answer falls in, as a year answer of the past ("November 2024" gives
    /// "2024"): a year the decks mention for an event, to offer for a year asked of the past.
    /// `None` for a date over more than one year or not a date.
    pub(super) fn year_of_date(&self) -> Option<Answer> {
        let (from, to) = self.span?;
        let (from, to) = (year_of_day(from), year_of_day(to));
        if self.kind != AnswerKind::Date || from != to {
            return None;
        }
        let text = from.to_string();
        if !self.norm.split(' ').any(|w| w == text) {
            return None;
        }
        let mut a = Answer::new(
            self.card,
            self.side,
            &text,
            Inferred {
                kind: AnswerKind::Year,
                rule: YEAR_OF_DATE,
            },
        );
        a.class.clone_from(&self.class);
        a.tense = Some(Tense::Past);
        Some(a)
    }

    /// The bucket this answer is indexed under: its kind, and for a list its length.
    pub(super) fn bucket(&self) -> (AnswerKind, usize) {
        (self.kind, self.items.len())
    }
}

/// The year of a [`DaySpan`] day (`year * 372 + month * 31 + day`).
fn year_of_day(d: i64) -> i64 {
    (d - 32).div_euclid(372)
}

const STOPWORDS: &[&str] = &[
    "the", "a", "an", "of", "and", "or", "in", "on", "at", "to", "for", "by", "with", "its", "it",
    "is", "are", "was", "as", "from", "into", "that", "this", "their", "s", "india", "japan",
    "indian", "japanese",
];

/// Whether a normalised word is a stop word or one's possessive or plural: `normalise` drops
/// apostrophes, so "Japan's" arrives as "japans" and must go the way "Japan" does.
fn stop_word(w: &str) -> bool {
    STOPWORDS.contains(&w)
        || w.strip_suffix('s')
            .is_some_and(|stem| STOPWORDS.contains(&stem))
}

/// The words of a text that carry meaning (lower case, no stop words, no country names the
/// whole deck is about, nor their possessives).
pub(super) fn content_words(text: &str) -> Vec<String> {
    words_of(&normalise(text))
}

/// [`content_words`] of a text already normalised.
pub(super) fn words_of(n: &str) -> Vec<String> {
    let mut out: Vec<String> = n
        .split(' ')
        .filter(|w| w.chars().count() >= 2 && !stop_word(w))
        .map(|w| w.trim_end_matches("s").to_owned())
        .filter(|w| !w.is_empty())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The rule named for the year of a date answer ([`Answer::year_of_date`]).
pub const YEAR_OF_DATE: &str = "the year of a date answer";

/// The rule named when a card declares its answer's kind.
pub const DECLARED_ON_CARD: &str = "declared on the card";
/// The rule named when the deck's `answer_kind` gives it.
pub const DECLARED_BY_DECK: &str = "the deck's answer_kind";

/// The answer of one item of a card and its kind, or `None` for question kinds (mcq, …).
/// (With the deck's pool of answers at hand, `Pool::item_answer` gives the same without
/// inferring the kind again.)
pub fn item_answer(deck: &Deck, card: &Card, side: Side) -> Option<(String, String, Inferred)> {
    let (question, answer, declared) = item_text(deck, card, side)?;
    let kind = declared.unwrap_or_else(|| infer(&question, &answer));
    Some((question, answer, kind))
}

/// The question and answer of one item of a card, and its kind when the card or the deck
/// declares it (not inferred), or `None` for question kinds (mcq, …).
pub fn item_text(
    deck: &Deck,
    card: &Card,
    side: Side,
) -> Option<(String, String, Option<Inferred>)> {
    let declared = |kind: Option<AnswerKind>| -> Option<Inferred> {
        kind.map(|kind| Inferred {
            kind,
            rule: DECLARED_ON_CARD,
        })
        .or(deck.answer_kind.map(|kind| Inferred {
            kind,
            rule: DECLARED_BY_DECK,
        }))
    };
    let (question, answer, declared) = match (&card.body, side) {
        (CardBody::Basic { front, back, .. }, Side::Reverse) => (back.clone(), front.clone(), None),
        (CardBody::Basic { front, back, .. }, _) => {
            (front.clone(), back.clone(), declared(card.answer.kind))
        }
        (CardBody::Typed { question, answers }, _) => (
            question.clone(),
            answers.first()?.clone(),
            declared(card.answer.kind),
        ),
        (CardBody::Cloze { parts }, side) => {
            let n = if let Side::Cloze(n) = side { n } else { 1 };
            let (q, a) = cloze_prompt(parts, n);
            let hint = gap_hint(parts, n).unwrap_or_default();
            (format!("{q} ({hint})"), a, declared(card.answer.kind))
        }
        _ => return None,
    };
    Some((question, answer, declared))
}

fn gap_hint(parts: &[ClozePart], n: u16) -> Option<String> {
    parts
        .iter()
        .filter_map(|p| match p {
            ClozePart::Gap { hint, .. } => Some(hint.clone()),
            ClozePart::Text(_) => None,
        })
        .nth(usize::from(n.max(1)) - 1)
        .flatten()
}

/// An option as shown: a lower-case first letter is raised, so that the key's case never
/// tells it apart ("resource base" beside "Capital and technology").
pub fn shown(option: &str) -> String {
    let mut chars = option.chars();
    match chars.next() {
        Some(c) if c.is_lowercase() => c.to_uppercase().chain(chars).collect(),
        _ => option.to_owned(),
    }
}
