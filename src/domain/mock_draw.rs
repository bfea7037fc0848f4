//! Choosing a mock test's questions: from the decks' outlines first (each card's kind, tags,
//! group and whether it can be asked as multiple choice, kept in the deck index), then
//! building only the questions chosen, from the decks they come from. The setup's count of
//! available questions and the choice of cards need no deck's texts, so a test over 100,000
//! cards reads only the few decks its questions come from. Pure: the seed is an argument.
//! Must not depend on `store`/`tui`.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashSet};

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use super::deck::{CardBody, Deck, ItemKey, Side};
use super::mock::{TestQuestion, TestSpec};
use super::options::{self, PARALLEL_RUN, Pool};
use super::outline::{Asked, Outline};
use super::quiz::{self, Question, StudyMode};

/// One deck as the draw sees it: its outline, and its texts when they have been read.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub outline: &'a Outline,
    pub deck: Option<&'a Deck>,
}

impl<'a> Source<'a> {
    /// A deck in memory (its outline made by the caller: see [`draw`]).
    pub fn read(outline: &'a Outline, deck: &'a Deck) -> Source<'a> {
        Source {
            outline,
            deck: Some(deck),
        }
    }

    /// How each card can be asked: from the outline when it knows, else worked out from the
    /// deck's texts (a deck read whole, never indexed); nothing when neither is there.
    fn asked(&self) -> Cow<'a, [Asked]> {
        if self.outline.asked.len() == self.outline.cards.len() {
            return Cow::Borrowed(&self.outline.asked);
        }
        match self.deck {
            Some(d) if same_cards(self.outline, d) => Cow::Owned(asked(d)),
            _ => Cow::Owned(Vec::new()),
        }
    }
}

/// Whether `deck` has the cards `outline` lists, in its order.
fn same_cards(outline: &Outline, deck: &Deck) -> bool {
    outline.cards.len() == deck.cards.len()
        && outline
            .cards
            .iter()
            .zip(&deck.cards)
            .all(|((id, _), c)| *id == c.id)
}

/// How each card of `deck` can be asked in a test: an exam kind always; a fact when its first
/// item, asked as multiple choice, gets three good wrong options (tried with seed 0: for
/// nearly every fact that does not depend on the seed). The deck index keeps this per card.
///
/// The deck's answer pool (every answer of the deck, indexed) is built only when some fact
/// may get wrong options, and only those facts are asked with it: a fact whose answer is
/// free text (a kind never offered as another card's option) and that has no wrong options
/// written by hand gets none, whatever the deck's other answers, so its letter needs only its
/// own answer's kind, and a deck of such facts (and exam kinds) needs no pool. The letters
/// are those of asking every card with the pool (a test holds the two equal on the shipped
/// decks and generated ones).
pub fn asked(deck: &Deck) -> Vec<Asked> {
    // Each card looked at alone first; those that need the pool (a pooled kind, or options
    // written by hand) are asked with it, on every core for a large deck. In a generated
    // deck of 2,000 free-text facts that is a few in ten.
    let mut out: Vec<Option<Asked>> = (0..deck.cards.len())
        .map(|ci| asked_alone(deck, ci))
        .collect();
    let need: Vec<usize> = (out.iter().enumerate())
        .filter(|(_, a)| a.is_none())
        .map(|(ci, _)| ci)
        .collect();
    if !need.is_empty() {
        let pool = Pool::new(deck);
        let with = crate::par::map_indices(need.len(), PARALLEL_RUN, |i| {
            asked_with(&pool, deck, need[i])
        });
        for (ci, a) in need.into_iter().zip(with) {
            out[ci] = Some(a);
        }
    }
    out.into_iter()
        .map(|a| a.unwrap_or(Asked::NoChoice))
        .collect()
}

/// How card `ci` is asked when that does not depend on the deck's other answers (as
/// [`quiz::question_in`] decides it: an exam kind; a fact without an item to ask, a recall
/// question; a fact with no hand-written wrong options whose answer's kind is never pooled,
/// no wrong option at all); `None` when it does.
fn asked_alone(deck: &Deck, ci: usize) -> Option<Asked> {
    let card = deck.cards.get(ci)?;
    if is_exam(&card.body) {
        return Some(Asked::Exam);
    }
    let Some(side) = card.sides().first().copied() else {
        return Some(Asked::NoChoice);
    };
    let Some((_, _, kind)) = options::item_answer(deck, card, side) else {
        return Some(Asked::NoChoice);
    };
    (!kind.kind.pooled() && quiz::hand_written(card, side).is_empty()).then_some(Asked::NoChoice)
}

/// How card `ci` is asked, by asking it as multiple choice with seed 0.
fn asked_with(pool: &Pool, deck: &Deck, ci: usize) -> Asked {
    let Some(card) = deck.cards.get(ci) else {
        return Asked::NoChoice;
    };
    if is_exam(&card.body) {
        return Asked::Exam;
    }
    let Some(side) = card.sides().first().copied() else {
        return Asked::NoChoice;
    };
    match quiz::question_in(pool, deck, card, side, StudyMode::Choice, 0) {
        Question::Choice { .. } => Asked::Choice,
        _ => Asked::NoChoice,
    }
}

/// [`asked`] the way it was before: every card asked with the deck's pool (the oracle of the
/// test that holds the two equal).
#[cfg(test)]
pub(crate) fn asked_by_pool(deck: &Deck) -> Vec<Asked> {
    let pool = Pool::new(deck);
    (0..deck.cards.len())
        .map(|ci| asked_with(&pool, deck, ci))
        .collect()
}

fn is_exam(body: &CardBody) -> bool {
    matches!(
        body,
        CardBody::Mcq { .. }
            | CardBody::Multi { .. }
            | CardBody::Statements { .. }
            | CardBody::Match { .. }
    )
}

/// A card the draw may ask: its deck (position in the sources), index, first item and group.
#[derive(Debug, Clone, Copy)]
struct Candidate<'a> {
    deck: usize,
    card: usize,
    side: Side,
    asked: Asked,
    group: Option<&'a str>,
}

/// Every card with one of `tags` (all when empty), in the order the draw takes them: the exam
/// kinds shuffled, then the facts shuffled, by a generator seeded with `seed`. The facts
/// include those that cannot be asked (skipped later), so that the order is that of a draw
/// over the decks' texts.
fn candidates<'a>(sources: &[Source<'a>], tags: &[String], seed: u64) -> Vec<Candidate<'a>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut exam = Vec::new();
    let mut facts = Vec::new();
    for (di, s) in sources.iter().enumerate() {
        let asked = s.asked();
        if asked.is_empty() {
            continue;
        }
        let o = s.outline;
        let mut group: Vec<Option<&'a str>> = vec![None; o.cards.len()];
        for (name, cards) in &o.group_names {
            for &c in cards {
                if let Some(g) = group.get_mut(c as usize) {
                    *g = Some(name.as_str());
                }
            }
        }
        let mut tagged = vec![tags.is_empty(); o.cards.len()];
        for (_, cards) in o.tags.iter().filter(|(t, _)| tags.contains(t)) {
            for &c in cards {
                if let Some(t) = tagged.get_mut(c as usize) {
                    *t = true;
                }
            }
        }
        for (ci, ((_, sides), a)) in o.cards.iter().zip(asked.iter()).enumerate() {
            let Some(side) = sides.iter().next() else {
                continue;
            };
            if !tagged[ci] {
                continue;
            }
            let c = Candidate {
                deck: di,
                card: ci,
                side,
                asked: *a,
                group: group[ci],
            };
            match a {
                Asked::Exam => exam.push(c),
                _ => facts.push(c),
            }
        }
    }
    exam.shuffle(&mut rng);
    facts.shuffle(&mut rng);
    exam.extend(facts);
    exam
}

/// Walks `order` as the draw does: at most one card of each group (a group name is global
/// across the decks: two decks' cards of one group test one fact, and one question would
/// give the other's answer away), facts that cannot be asked left out, until `n` are taken;
/// `ask` says whether a card gives a question after all.
fn walk<'a>(
    order: &[Candidate<'a>],
    n: usize,
    mut ask: impl FnMut(&Candidate<'a>, usize) -> bool,
) -> usize {
    let mut groups_asked: HashSet<&str> = HashSet::new();
    let mut taken = 0;
    for c in order {
        if taken == n {
            break;
        }
        if c.asked == Asked::NoChoice || c.group.is_some_and(|g| groups_asked.contains(g)) {
            continue;
        }
        if !ask(c, taken) {
            continue;
        }
        if let Some(g) = c.group {
            groups_asked.insert(g);
        }
        taken += 1;
    }
    taken
}

/// The decks (positions in `sources`) whose texts a test drawn with `seed` needs: those of
/// the cards it asks. Worked out from the outlines alone.
pub fn decks_needed(sources: &[Source], spec: &TestSpec, seed: u64) -> Vec<usize> {
    let order = candidates(sources, &spec.tags, seed);
    let mut needed = BTreeSet::new();
    walk(&order, spec.questions, |c, _| {
        needed.insert(c.deck);
        true
    });
    needed.into_iter().collect()
}

/// Draws up to `spec.questions` questions, favouring the exam kinds (mcq, statements, match,
/// multi) and filling up with facts asked as four-option questions; at most one card of each
/// group. The cards are chosen from the outlines; the questions are built from the decks
/// [`decks_needed`] names, which must have been read (a card of a deck not read is left
/// out). The same sources and seed give the same test.
pub fn draw_from(sources: &[Source], spec: &TestSpec, seed: u64) -> Vec<TestQuestion> {
    let order = candidates(sources, &spec.tags, seed);
    let needed: BTreeSet<usize> = decks_needed(sources, spec, seed).into_iter().collect();
    let mut pools: BTreeMap<usize, Pool> = BTreeMap::new();
    let mut out = Vec::new();
    walk(&order, spec.questions, |c, taken| {
        if !needed.contains(&c.deck) {
            return false;
        }
        let Some(deck) = sources[c.deck].deck else {
            return false;
        };
        let Some(card) = deck.cards.get(c.card) else {
            return false;
        };
        // The file changed since its outline was made: not the card that was chosen.
        if sources[c.deck].outline.cards.get(c.card).map(|(id, _)| id) != Some(&card.id) {
            return false;
        }
        let pool = pools.entry(c.deck).or_insert_with(|| Pool::new(deck));
        let seed = seed.wrapping_add(taken as u64);
        let question = quiz::question_in(pool, deck, card, c.side, StudyMode::Choice, seed);
        // A fact without three good wrong options is not a test question.
        if !matches!(question, Question::Choice { .. }) {
            return false;
        }
        out.push(TestQuestion {
            deck: deck.id.clone(),
            key: ItemKey {
                card: card.id.clone(),
                side: c.side,
            },
            question,
            tags: card.tags.clone(),
            explanation: card.explanation.clone(),
            source: card
                .source
                .as_deref()
                .and_then(|id| deck.source(id))
                .map(|s| s.citation()),
        });
        true
    });
    out
}

/// How many questions a test on `sources` can have (cards with one of `tags`, all when
/// empty): every exam-style card and every fact with three good wrong options, a group
/// counted once. From the outlines alone; the setup shows it, so the count and the time it
/// offers are those of the test it will start.
pub fn available_in(sources: &[Source], tags: &[String]) -> usize {
    // The order does not change the count: no shuffle is needed, but the walk is the draw's.
    let order = candidates(sources, tags, 0);
    walk(&order, usize::MAX, |_, _| true)
}

/// [`draw_from`] over decks in memory.
pub fn draw(decks: &[&Deck], spec: &TestSpec, seed: u64) -> Vec<TestQuestion> {
    let outlines: Vec<Outline> = decks.iter().map(|d| d.outline()).collect();
    let sources: Vec<Source> = outlines
        .iter()
        .zip(decks)
        .map(|(o, d)| Source::read(o, d))
        .collect();
    draw_from(&sources, spec, seed)
}

/// [`available_in`] over decks in memory.
pub fn available(decks: &[&Deck], tags: &[String]) -> usize {
    let outlines: Vec<Outline> = decks.iter().map(|d| d.outline()).collect();
    let sources: Vec<Source> = outlines
        .iter()
        .zip(decks)
        .map(|(o, d)| Source::read(o, d))
        .collect();
    available_in(&sources, tags)
}

#[cfg(test)]
#[path = "mock_draw_tests.rs"]
mod tests;
