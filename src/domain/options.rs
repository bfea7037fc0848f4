//! Wrong options for a fact asked as multiple choice: other cards' answers of the same kind
//! that pass every rule of [`super::option_rules`]. Candidates are indexed by kind once per
//! deck ([`Pool`]), and a question looks at a bounded number of them, so building every
//! question of a 100,000-card deck stays linear. Pure: randomness comes in as an RNG. Must
//! not depend on `store`/`tui`.

use std::collections::{HashMap, HashSet};

use rand::RngExt;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use super::answer_kind::{AnswerKind, Inferred, infer};
use super::deck::{Deck, Side};
use super::ids::CardId;
use super::option_forms::tense_of;
use super::option_rules::overlaps;
use super::typed::normalise;

pub use super::option_answer::{
    Answer, DECLARED_BY_DECK, DECLARED_ON_CARD, item_answer, item_text, shown,
};
use super::option_answer::{YEAR_OF_DATE, content_words};
pub use super::option_rules::{Key, LeftOut, key_most_alike};

/// How many wrong options a generated question has.
pub const WRONG_OPTIONS: usize = 3;

/// How many candidates of the key's kind one question looks at, at most.
const SCAN: usize = 400;

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
    /// The `answer_class` declared for each (normalised) answer text.
    classes: HashMap<String, String>,
}
impl Pool {
    pub fn new(deck: &Deck) -> Pool {
        let mut pool = Pool::default();
        // Each card's answers depend on that card alone (and the deck's defaults): worked out
        // on every core for a large deck, then indexed here in the deck's order.
        let answers =
            crate::par::map_indices(deck.cards.len(), PARALLEL_RUN, |ci| card_answers(deck, ci));
        for ((ci, card), answers) in deck.cards.iter().enumerate().zip(answers) {
            pool.by_card.insert(card.id.clone(), ci);
            pool.first.push(pool.answers.len());
            pool.ids.push(card.id.clone());
            pool.groups.push(card.group.clone());
            pool.not_with.push(card.answer.not_with.clone());
            for a in answers {
                if let Some(class) = &card.answer.class
                    && a.side != Side::Reverse
                    && a.rule != YEAR_OF_DATE
                {
                    pool.classes.insert(a.norm.clone(), class.clone());
                }
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
        pool.first.push(pool.answers.len());
        // The same text is the same thing: a cloze gap "Toshimitsu Motegi" has the class that
        // the card asking for him declares.
        if !pool.classes.is_empty() {
            for a in pool.answers.iter_mut().filter(|a| a.class.is_none()) {
                a.class = pool.classes.get(&a.norm).cloned();
            }
        }
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

    /// [`item_answer`] of item `side` of card `card` (its index in `deck`, the deck the pool
    /// was built from), its kind read from the pool rather than inferred again.
    pub fn item_answer(
        &self,
        deck: &Deck,
        card: usize,
        side: Side,
    ) -> Option<(String, String, Inferred)> {
        let c = deck.cards.get(card)?;
        let (question, answer, declared) = item_text(deck, c, side)?;
        let kind = match self.answer_of(card, side) {
            Some(a) if self.ids.get(card) == Some(&c.id) => Inferred {
                kind: a.kind,
                rule: a.rule,
            },
            // Not the deck the pool was built from.
            _ => declared.unwrap_or_else(|| infer(&question, &answer)),
        };
        Some((question, answer, kind))
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
        if let Some(class) = &key.class
            && cand.class.as_ref() != Some(class)
        {
            return Err(LeftOut::OtherClass(cand.class.clone()));
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
    pub fn shortfall(&self, key: &Key, hand_written: &[String]) -> Option<Shortfall<'_>> {
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
                Err(why) => left_out.push((a.text.as_str(), why)),
            }
            // Enough found: there is no shortfall to explain, so the rest need not be judged.
            if good >= need {
                return None;
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
        // A text another card declares of another class (an Indian official offered as
        // Japan's foreign minister) is a give-away; an unknown one is the teacher's call.
        if let (Some(want), Some(has)) = (&key.class, self.classes.get(&a.norm))
            && want != has
        {
            return Err(LeftOut::OtherClass(Some(has.clone())));
        }
        key.admits(text, &a.norm, &a.words, &a)
    }

    /// Every candidate with the reason it is left out (or `None` when it may be offered), for
    /// the teacher's export: the candidates of the key's kind first.
    pub fn report(&self, key: &Key) -> Vec<(&Answer, Option<LeftOut>)> {
        let mut out: Vec<(&Answer, Option<LeftOut>)> = self
            .answers
            .iter()
            .filter(|a| a.card != key.card)
            // A date's year is a candidate for years only: not another answer to count.
            .filter(|a| a.rule != super::option_answer::YEAR_OF_DATE || a.kind == key.kind)
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
        let kw = key.text.chars().count().max(1);
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
                let aw = a.forms.char_count.max(1);
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
/// How many cards one core takes at a time when a deck's answers are worked out on every
/// core (a deck of fewer cards is worked out on the calling thread).
pub(crate) const PARALLEL_RUN: usize = 2048;

/// The answers of card `ci` of `deck`, one per item, each followed by the year of a date
/// answer: a year the deck mentions for an event, offered for a year asked of the past (after
/// the card's own answer, which `answer_of` finds first).
fn card_answers(deck: &Deck, ci: usize) -> Vec<Answer> {
    let Some(card) = deck.cards.get(ci) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for side in card.sides() {
        if let Some((question, answer, kind)) = item_answer(deck, card, side) {
            let mut a = Answer::new(ci, side, &answer, kind);
            a.tense = tense_of(a.kind, &question);
            if side != Side::Reverse {
                a.class.clone_from(&card.answer.class);
            }
            let year = a.year_of_date();
            out.push(a);
            out.extend(year);
        }
    }
    out
}

/// What a question lacks to be multiple choice (see [`Pool::shortfall`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Shortfall<'a> {
    /// Distinct hand-written wrong options.
    pub hand_written: usize,
    /// Other cards' answers that may be offered.
    pub good: usize,
    /// Other cards' answers of the key's kind, offered or not.
    pub same_kind: usize,
    /// The answers of the key's kind that the rules leave out, and why.
    pub left_out: Vec<(&'a str, LeftOut)>,
}

impl Shortfall<'_> {
    /// Whether enough answers of the kind exist but the rules leave them out (they would be
    /// second right answers or give-aways), rather than the deck having too few of them.
    pub fn conflicting(&self) -> bool {
        self.hand_written + self.same_kind >= WRONG_OPTIONS
    }
}

#[cfg(test)]
#[path = "options_tests.rs"]
mod tests;
