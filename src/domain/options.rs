//! Wrong options for a fact asked as multiple choice: other cards' answers of the same kind,
//! never a second right answer and never a give-away. Each rule that leaves a candidate out
//! has a name ([`LeftOut`]), so a teacher can see why an option was not offered. Candidates
//! are indexed by kind once per deck, and a question looks at a bounded number of them, so
//! building every question of a 100,000-card deck stays linear. Pure: randomness comes in as
//! an RNG. Must not depend on `store`/`tui`.

use std::collections::{HashMap, HashSet};
use std::fmt;

use rand::RngExt;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use super::answer_kind::{
    AnswerKind, DaySpan, Inferred, date_span, has_labels, infer, list_items, number_range,
    place_contains,
};
use super::deck::{Card, CardBody, ClozePart, Deck, Side, cloze_prompt};
use super::ids::CardId;
use super::typed::normalise;

/// How many wrong options a generated question has.
pub const WRONG_OPTIONS: usize = 3;

/// How many candidates of the key's kind one question looks at, at most.
const SCAN: usize = 400;

/// Why a candidate answer is not offered.
#[derive(Debug, Clone, PartialEq)]
pub enum LeftOut {
    SameCard,
    /// The same text as the key or an option already chosen.
    Duplicate,
    OtherKind(AnswerKind),
    /// A number with another unit ("days" against "years").
    OtherUnit,
    ContainsKey,
    InsideKey,
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
    /// Overlaps an option already chosen.
    LikeAnotherOption,
    /// A name written in capitals beside a phrase in lower case, or the other way round
    /// ("Congress leader Manish Tewari" among plain names).
    CaseStyle,
}

impl fmt::Display for LeftOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LeftOut::SameCard => f.write_str("answer of the same card"),
            LeftOut::Duplicate => f.write_str("the same text as the key or another option"),
            LeftOut::OtherKind(k) => write!(f, "another kind ({k})"),
            LeftOut::OtherUnit => f.write_str("a number of another unit"),
            LeftOut::ContainsKey => f.write_str("contains the key"),
            LeftOut::InsideKey => f.write_str("is part of the key"),
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
            LeftOut::LikeAnotherOption => f.write_str("overlaps another option"),
            LeftOut::CaseStyle => f.write_str("written in another case style than the key"),
        }
    }
}

/// One answer in the pool, with what the rules compare.
#[derive(Debug, Clone)]
pub struct Answer {
    pub card: usize,
    pub side: Side,
    pub text: String,
    pub kind: AnswerKind,
    /// Why it has that kind: "declared", "deck default" or an inference rule.
    pub rule: &'static str,
    norm: String,
    words: Vec<String>,
    items: Vec<String>,
    span: Option<DaySpan>,
    range: Option<(f64, f64)>,
    unit: String,
}

impl Answer {
    fn new(card: usize, side: Side, text: &str, kind: Inferred) -> Answer {
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
        Answer {
            card,
            side,
            text: text.to_owned(),
            kind: kind.kind,
            rule: kind.rule,
            norm: normalise(text),
            words: content_words(text),
            items,
            span: if matches!(kind.kind, AnswerKind::Date | AnswerKind::Year) {
                date_span(text)
            } else {
                None
            },
            range: nr.as_ref().map(|(r, _)| *r),
            unit: nr.map(|(_, u)| u).unwrap_or_default(),
        }
    }

    /// The bucket this answer is indexed under: its kind, and for a list its length.
    fn bucket(&self) -> (AnswerKind, usize) {
        (self.kind, self.items.len())
    }
}

const STOPWORDS: &[&str] = &[
    "the", "a", "an", "of", "and", "or", "in", "on", "at", "to", "for", "by", "with", "its", "it",
    "is", "are", "was", "as", "from", "into", "that", "this", "their", "s", "india", "japan",
    "indian", "japanese", "india's", "japan's",
];

/// The words of a text that carry meaning (lower case, no stop words, no country names the
/// whole deck is about).
fn content_words(text: &str) -> Vec<String> {
    let n = normalise(text);
    let mut out: Vec<String> = n
        .split(' ')
        .filter(|w| w.chars().count() >= 2 && !STOPWORDS.contains(w))
        .map(|w| w.trim_end_matches("s").to_owned())
        .filter(|w| !w.is_empty())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Every answer of a deck, indexed by kind: built once per deck, shared by its questions.
#[derive(Debug, Default)]
pub struct Pool {
    pub answers: Vec<Answer>,
    by_bucket: HashMap<(AnswerKind, usize), Vec<usize>>,
    by_card: HashMap<CardId, usize>,
    /// Each card's items' answers: `answers[first[c]..first[c + 1]]` are card `c`'s, so
    /// finding one item's answer looks at that card's few answers, not the deck's.
    first: Vec<usize>,
    /// Each card's group and `not_with`, by card index.
    groups: Vec<Option<String>>,
    not_with: Vec<Vec<String>>,
    ids: Vec<CardId>,
    /// How many person answers have each (normalised) word.
    person_words: HashMap<String, usize>,
}

/// The rule named when a card declares its answer's kind.
pub const DECLARED_ON_CARD: &str = "declared on the card";
/// The rule named when the deck's `answer_kind` gives it.
pub const DECLARED_BY_DECK: &str = "the deck's answer_kind";

/// The answer of one item of a card and its kind, or `None` for question kinds (mcq, …).
pub fn item_answer(deck: &Deck, card: &Card, side: Side) -> Option<(String, String, Inferred)> {
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
    let kind = declared.unwrap_or_else(|| infer(&question, &answer));
    Some((question, answer, kind))
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

impl Pool {
    pub fn new(deck: &Deck) -> Pool {
        let mut pool = Pool::default();
        for (ci, card) in deck.cards.iter().enumerate() {
            pool.by_card.insert(card.id.clone(), ci);
            pool.first.push(pool.answers.len());
            pool.ids.push(card.id.clone());
            pool.groups.push(card.group.clone());
            pool.not_with.push(card.answer.not_with.clone());
            for side in card.sides() {
                if let Some((_, answer, kind)) = item_answer(deck, card, side) {
                    let a = Answer::new(ci, side, &answer, kind);
                    if a.kind == AnswerKind::Person {
                        let words: HashSet<&str> = a.norm.split(' ').collect();
                        for w in words {
                            *pool.person_words.entry(w.to_owned()).or_default() += 1;
                        }
                    }
                    if a.kind.pooled() {
                        pool.by_bucket
                            .entry(a.bucket())
                            .or_default()
                            .push(pool.answers.len());
                    }
                    pool.answers.push(a);
                }
            }
        }
        pool.first.push(pool.answers.len());
        pool
    }

    /// How many person answers of the deck have `word`.
    pub fn persons_named(&self, word: &str) -> usize {
        self.person_words
            .get(&normalise(word))
            .copied()
            .unwrap_or(0)
    }

    pub fn card_index(&self, id: &str) -> Option<usize> {
        self.by_card.get(id).copied()
    }

    /// The pool's entry for one item of a card.
    pub fn answer_of(&self, card: usize, side: Side) -> Option<&Answer> {
        let from = *self.first.get(card)?;
        let to = *self.first.get(card + 1)?;
        self.answers.get(from..to)?.iter().find(|a| a.side == side)
    }

    /// Why `cand` may not be offered for `key` asked by `question`, or `Ok`.
    pub fn judge(&self, key: &Key, cand: &Answer) -> Result<(), LeftOut> {
        if cand.card == key.card {
            return Err(LeftOut::SameCard);
        }
        if cand.card >= self.ids.len() {
            return key.admits(&cand.text, &cand.norm, &cand.words, cand);
        }
        if cand.kind != key.kind {
            return Err(LeftOut::OtherKind(cand.kind));
        }
        if let Some(g) = &self.groups[key.card]
            && self.groups[cand.card].as_ref() == Some(g)
        {
            return Err(LeftOut::SameGroup(g.clone()));
        }
        let names = |of: usize, other: usize| {
            self.not_with[of]
                .iter()
                .any(|w| w.as_str() == self.ids[other].as_str())
        };
        if names(key.card, cand.card) {
            return Err(LeftOut::NotWith(self.ids[cand.card].to_string()));
        }
        if names(cand.card, key.card) {
            return Err(LeftOut::NotWith(self.ids[key.card].to_string()));
        }
        key.admits(&cand.text, &cand.norm, &cand.words, cand)
    }

    /// How many other answers could be offered for `key` (counting at most `enough`, looking
    /// at no more candidates than a question does).
    pub fn good_count(&self, key: &Key, enough: usize) -> usize {
        if !key.kind.pooled() {
            return 0;
        }
        let Some(bucket) = self.by_bucket.get(&(key.kind, key.items.len())) else {
            return 0;
        };
        let mut seen: HashSet<&str> = HashSet::new();
        bucket
            .iter()
            .take(SCAN)
            .map(|&i| &self.answers[i])
            .filter(|a| self.judge(key, a).is_ok() && seen.insert(a.norm.as_str()))
            .take(enough)
            .count()
    }

    /// Why a question for `key` could fall short of [`WRONG_OPTIONS`] wrong options, given
    /// its hand-written ones: `None` when it has enough. Looks at no more candidates than a
    /// question does.
    pub fn shortfall(&self, key: &Key, hand_written: &[String]) -> Option<Shortfall> {
        let mut hand: Vec<String> = hand_written
            .iter()
            .map(|d| normalise(d))
            .filter(|n| !n.is_empty() && *n != key.norm && !key.not_distractors.contains(n))
            .collect();
        hand.sort();
        hand.dedup();
        let need = WRONG_OPTIONS.saturating_sub(hand.len());
        if need == 0 {
            return None;
        }
        let bucket: &[usize] = if key.kind.pooled() {
            self.by_bucket
                .get(&(key.kind, key.items.len()))
                .map_or(&[], Vec::as_slice)
        } else {
            &[]
        };
        let mut seen: HashSet<&str> = hand.iter().map(String::as_str).collect();
        let mut good = 0;
        let mut same_kind = 0;
        let mut left_out = Vec::new();
        for a in bucket.iter().take(SCAN).map(|&i| &self.answers[i]) {
            if a.card == key.card {
                continue;
            }
            same_kind += 1;
            match self.judge(key, a) {
                Ok(()) if seen.insert(a.norm.as_str()) => good += 1,
                Ok(()) => {}
                Err(why) => left_out.push((a.text.clone(), why)),
            }
        }
        (good < need).then_some(Shortfall {
            hand_written: hand.len(),
            good,
            same_kind,
            left_out,
        })
    }

    /// Why a hand-written distractor breaks a rule, or `Ok`.
    pub fn judge_text(&self, key: &Key, text: &str) -> Result<(), LeftOut> {
        let a = Answer::new(
            usize::MAX,
            Side::Forward,
            text,
            Inferred {
                kind: key.kind,
                rule: "written by hand",
            },
        );
        key.admits(text, &a.norm, &a.words, &a)
    }

    /// Every candidate with the reason it is left out (or `None` when it may be offered), for
    /// the teacher's export: the candidates of the key's kind first.
    pub fn report(&self, key: &Key) -> Vec<(&Answer, Option<LeftOut>)> {
        let mut out: Vec<(&Answer, Option<LeftOut>)> = self
            .answers
            .iter()
            .filter(|a| a.card != key.card)
            .map(|a| (a, self.judge(key, a).err()))
            .collect();
        out.sort_by_key(|(a, why)| {
            (
                matches!(why, Some(LeftOut::OtherKind(_))),
                why.is_some(),
                a.card,
            )
        });
        out
    }

    /// Up to [`WRONG_OPTIONS`] wrong options for `key`: hand-written ones first, then other
    /// cards' answers of the same kind that pass every rule, preferring a shared tag and a
    /// similar length. Deterministic for a given RNG state.
    pub fn wrong_options(
        &self,
        deck: &Deck,
        key: &Key,
        hand_written: &[String],
        r: &mut ChaCha8Rng,
    ) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut seen: HashSet<String> = HashSet::from([key.norm.clone()]);
        for d in hand_written {
            let n = normalise(d);
            if !n.is_empty() && !key.not_distractors.contains(&n) && seen.insert(n) {
                out.push(d.clone());
            }
        }
        out.truncate(WRONG_OPTIONS);
        if out.len() == WRONG_OPTIONS || !key.kind.pooled() {
            return out;
        }
        let Some(bucket) = self.by_bucket.get(&(key.kind, key.items.len())) else {
            return out;
        };
        let start = if bucket.is_empty() {
            0
        } else {
            r.random_range(0..bucket.len())
        };
        let tags = &deck.cards[key.card].tags;
        // From `start` round to it again (`skip` on a cycle would step through `start` items).
        let (after, before) = bucket.split_at(start);
        let mut fits: Vec<(u8, &Answer)> = after
            .iter()
            .chain(before)
            .take(bucket.len().min(SCAN))
            .map(|&i| &self.answers[i])
            .filter(|a| self.judge(key, a).is_ok())
            .map(|a| {
                let shared = deck.cards[a.card]
                    .tags
                    .iter()
                    .filter(|t| tags.contains(t))
                    .count()
                    .min(2) as u8;
                let kw = key.text.chars().count().max(1);
                let aw = a.text.chars().count().max(1);
                let close = u8::from(aw * 3 >= kw * 2 && kw * 3 >= aw * 2);
                (shared * 2 + close, a)
            })
            .collect();
        fits.shuffle(r);
        fits.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
        let mut chosen: Vec<(String, Vec<String>)> = out
            .iter()
            .map(|o| (normalise(o), content_words(o)))
            .collect();
        for (_, a) in fits {
            if out.len() == WRONG_OPTIONS {
                break;
            }
            if !seen.insert(a.norm.clone()) {
                continue;
            }
            // Two options that contain each other or share most words give a clue.
            if chosen
                .iter()
                .any(|(n, w)| overlaps(n, w, &a.norm, &a.words, key.textual()))
            {
                continue;
            }
            chosen.push((a.norm.clone(), a.words.clone()));
            out.push(a.text.clone());
        }
        out
    }
}

/// Whether two texts contain each other (as whole words) or, for `textual` kinds, share
/// most of their words.
fn overlaps(a: &str, aw: &[String], b: &str, bw: &[String], textual: bool) -> bool {
    contains_words(a, b) || contains_words(b, a) || (textual && most_shared(aw, bw))
}

fn contains_words(outer: &str, inner: &str) -> bool {
    !inner.is_empty() && format!(" {outer} ").contains(&format!(" {inner} "))
}

fn most_shared(a: &[String], b: &[String]) -> bool {
    let shared = a.iter().filter(|w| b.contains(w)).count();
    let smaller = a.len().min(b.len());
    smaller > 0 && shared * 2 > smaller
}

/// What a question lacks to be multiple choice (see [`Pool::shortfall`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Shortfall {
    /// Distinct hand-written wrong options.
    pub hand_written: usize,
    /// Other cards' answers that may be offered.
    pub good: usize,
    /// Other cards' answers of the key's kind, offered or not.
    pub same_kind: usize,
    /// The answers of the key's kind that the rules leave out, and why.
    pub left_out: Vec<(String, LeftOut)>,
}

impl Shortfall {
    /// Whether enough answers of the kind exist but the rules leave them out (they would be
    /// second right answers or give-aways), rather than the deck having too few of them.
    pub fn conflicting(&self) -> bool {
        self.hand_written + self.same_kind >= WRONG_OPTIONS
    }
}

/// The answer a question is built around, with what the rules compare it to.
#[derive(Debug, Clone)]
pub struct Key {
    pub card: usize,
    pub text: String,
    pub kind: AnswerKind,
    norm: String,
    words: Vec<String>,
    items: Vec<String>,
    span: Option<DaySpan>,
    range: Option<(f64, f64)>,
    unit: String,
    /// Content words of the question.
    question: Vec<String>,
    not_distractors: Vec<String>,
}

impl Key {
    /// The key for `card` (at index `card_index` of its deck) asked with `question`.
    pub fn new(card_index: usize, card: &Card, question: &str, answer: &Answer) -> Key {
        Key {
            card: card_index,
            text: answer.text.clone(),
            kind: answer.kind,
            norm: answer.norm.clone(),
            words: answer.words.clone(),
            items: answer.items.clone(),
            span: answer.span,
            range: answer.range,
            unit: answer.unit.clone(),
            question: content_words(question),
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
    fn textual(&self) -> bool {
        !matches!(
            self.kind,
            AnswerKind::Date
                | AnswerKind::Year
                | AnswerKind::Number
                | AnswerKind::Amount
                | AnswerKind::Percentage
        )
    }

    /// Whether the key is a short name (a person, place, organisation or acronym), whose
    /// options must all be names written alike. Titles of documents and programmes keep
    /// words in lower case ("the MoC in the field of Mineral Resources"), so they are not
    /// compared.
    fn named(&self) -> bool {
        matches!(
            self.kind,
            AnswerKind::Person
                | AnswerKind::Place(_)
                | AnswerKind::Organisation
                | AnswerKind::Acronym
        )
    }

    /// The rules that compare an option's text with the key (kind and relations aside).
    fn admits(&self, text: &str, norm: &str, words: &[String], a: &Answer) -> Result<(), LeftOut> {
        if norm == self.norm {
            return Err(LeftOut::Duplicate);
        }
        if self.not_distractors.iter().any(|d| d == norm) {
            return Err(LeftOut::NotDistractor);
        }
        if has_labels(text) {
            return Err(LeftOut::Labels);
        }
        if contains_words(norm, &self.norm) {
            return Err(LeftOut::ContainsKey);
        }
        if contains_words(&self.norm, norm) {
            return Err(LeftOut::InsideKey);
        }
        if self.items.iter().any(|i| i == norm) {
            return Err(LeftOut::ItemOfKeyList);
        }
        if a.items.contains(&self.norm) {
            return Err(LeftOut::KeyIsItsItem);
        }
        if let AnswerKind::Place(_) = self.kind
            && (place_contains(text, &self.text) || place_contains(&self.text, text))
        {
            return Err(LeftOut::ContainsKeyPlace);
        }
        if let (Some(k), Some(c)) = (self.span, a.span)
            && k.0 <= c.1
            && c.0 <= k.1
        {
            return Err(LeftOut::OverlappingDates);
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
        if self.textual() && self.kind != AnswerKind::List && most_shared(&self.words, words) {
            return Err(LeftOut::SharesMostWords);
        }
        if let Some(w) = words
            .iter()
            .find(|w| self.question.contains(w) && !self.words.contains(w))
        {
            return Err(LeftOut::WordInQuestion(w.clone()));
        }
        if self.named() && title_case(&self.text) != title_case(text) {
            return Err(LeftOut::CaseStyle);
        }
        let (kw, cw) = (
            self.text.split_whitespace().count(),
            text.split_whitespace().count(),
        );
        let (kc, cc) = (self.text.chars().count(), text.chars().count());
        if cw * 2 + 1 < kw || cw > (kw * 2).max(kw + 2) || cc * 3 < kc || cc > kc * 3 + 4 {
            return Err(LeftOut::Length);
        }
        Ok(())
    }
}

/// Whether every word of four letters or more (other than a few joining words) starts with a
/// capital: "Manish Tewari", "The Economic Security Initiative", but not "Congress leader
/// Manish Tewari" or "The two countries' foreign ministries".
fn title_case(text: &str) -> bool {
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

/// An option as shown: a lower-case first letter is raised, so that the key's case never
/// tells it apart ("resource base" beside "Capital and technology").
pub fn shown(option: &str) -> String {
    let mut chars = option.chars();
    match chars.next() {
        Some(c) if c.is_lowercase() => c.to_uppercase().chain(chars).collect(),
        _ => option.to_owned(),
    }
}

#[cfg(test)]
#[path = "options_tests.rs"]
mod tests;
