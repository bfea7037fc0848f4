//! Choosing a mock test's questions: from the decks' outlines first (each card's kind, tags,
//! group and whether it can be asked as multiple choice, kept in the deck index), then
//! building only the questions chosen, from the decks they come from. The setup's count of
//! available questions and the choice of cards need no deck's texts, so a test over 100,000
//! cards reads only the few decks its questions come from. Pure: the seed is an argument.
//! Must not depend on `store`/`tui`.

use std::cell::{OnceCell, RefCell};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use super::deck::{CardBody, Deck, ItemKey, Side, Sides};
use super::giveaway::Clues;
use super::ids::CardId;
use super::mock::{TestQuestion, TestSpec};
use super::options::{self, PARALLEL_RUN, Pool};
use super::outline::{Asked, Outline, Skim};
use super::quiz::{self, Question, StudyMode};

/// One deck as the draw sees it: its outline (or the outline's [`Skim`]), and its texts when
/// they have been read.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub outline: Shape<'a>,
    pub deck: Option<&'a Deck>,
}

/// What the draw reads of a deck's cards: its outline, or the outline's skim (the same
/// without the card ids, from the deck index's copy: see [`LazyOutline::skim`]). A card is
/// asked only when its id is known and is the deck's card's: from a skim, only once the deck
/// is read and its own outline given.
///
/// [`LazyOutline::skim`]: super::outline::LazyOutline::skim
#[derive(Debug, Clone, Copy)]
pub enum Shape<'a> {
    Outline(&'a Outline),
    Skim(&'a Skim),
}

impl<'a> From<&'a Outline> for Shape<'a> {
    fn from(o: &'a Outline) -> Shape<'a> {
        Shape::Outline(o)
    }
}

impl<'a> From<&'a Skim> for Shape<'a> {
    fn from(s: &'a Skim) -> Shape<'a> {
        Shape::Skim(s)
    }
}

impl<'a> Shape<'a> {
    /// The number of cards.
    pub fn cards(self) -> usize {
        match self {
            Shape::Outline(o) => o.cards.len(),
            Shape::Skim(s) => s.sides.len(),
        }
    }

    fn sides(self, ci: usize) -> Option<Sides> {
        match self {
            Shape::Outline(o) => o.cards.get(ci).map(|(_, s)| *s),
            Shape::Skim(s) => s.sides.get(ci).copied(),
        }
    }

    /// Card `ci`'s id, when known (not from a skim).
    fn id(self, ci: usize) -> Option<&'a CardId> {
        match self {
            Shape::Outline(o) => o.cards.get(ci).map(|(id, _)| id),
            Shape::Skim(_) => None,
        }
    }

    /// Each tag with the indices of the cards that carry it (see [`Outline::tags`]).
    pub fn tags(self) -> &'a [(String, Vec<u32>)] {
        match self {
            Shape::Outline(o) => &o.tags,
            Shape::Skim(s) => &s.tags,
        }
    }

    fn group_names(self) -> &'a [(String, Vec<u32>)] {
        match self {
            Shape::Outline(o) => &o.group_names,
            Shape::Skim(s) => &s.group_names,
        }
    }

    fn asked(self) -> &'a [Asked] {
        match self {
            Shape::Outline(o) => &o.asked,
            Shape::Skim(s) => &s.asked,
        }
    }
}

impl<'a> Source<'a> {
    /// A deck in memory (its outline made by the caller: see [`draw`]).
    pub fn read(outline: &'a Outline, deck: &'a Deck) -> Source<'a> {
        Source {
            outline: Shape::Outline(outline),
            deck: Some(deck),
        }
    }

    /// How each card can be asked: from the outline when it knows, else from the deck's
    /// texts (a deck read whole, never indexed); `None` when neither is there.
    fn letters(&self) -> Option<Letters<'a>> {
        let o = self.outline;
        if o.asked().len() == o.cards() {
            return Some(Letters::Kept(o.asked()));
        }
        match (o, self.deck) {
            (Shape::Outline(o), Some(d)) if same_cards(o, d) => {
                Some(Letters::Later(d, OnceCell::new()))
            }
            _ => None,
        }
    }
}

/// How each card of a source can be asked in a test.
enum Letters<'a> {
    /// Kept in the outline (the deck index's letters).
    Kept(&'a [Asked]),
    /// Worked out from the deck's texts ([`asked`]: the deck's answer pool) when a walk first
    /// reaches one of its facts. An exam kind is known from the card itself, so a test that
    /// the exam kinds fill (ten questions over the shipped decks, which are read whole and
    /// never indexed) builds no pool and asks no fact.
    Later(&'a Deck, OnceCell<Vec<Asked>>),
}

impl Letters<'_> {
    /// Whether card `ci` is an exam kind (without working out the facts' letters).
    fn is_exam(&self, ci: usize) -> bool {
        match self {
            Letters::Kept(a) => a.get(ci) == Some(&Asked::Exam),
            Letters::Later(d, _) => d.cards.get(ci).is_some_and(|c| is_exam(&c.body)),
        }
    }

    /// How card `ci` is asked (the deck's letters worked out now if they were not yet).
    fn get(&self, ci: usize) -> Option<Asked> {
        match self {
            Letters::Kept(a) => a.get(ci).copied(),
            Letters::Later(d, made) => {
                if self.is_exam(ci) {
                    return Some(Asked::Exam);
                }
                made.get_or_init(|| asked(d)).get(ci).copied()
            }
        }
    }

    /// Whether the letters of a deck in memory have been worked out (tests).
    #[cfg(test)]
    fn worked_out(&self) -> bool {
        matches!(self, Letters::Later(_, made) if made.get().is_some())
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
/// The deck's answer pool (every answer of the deck, indexed: most of the cost of making an
/// index entry) is built only when some fact may get wrong options: a fact whose answer is
/// free text (a kind never offered as another card's option) and that has no wrong options
/// written by hand gets none, whatever the deck's other answers, so its letter needs only its
/// own answer's kind, and a deck of such facts (and exam kinds) needs no pool. The letters are
/// those of asking every card with the pool (a test holds the two equal on the shipped decks
/// and generated ones).
pub fn asked(deck: &Deck) -> Vec<Asked> {
    // The cards are looked at alone until one needs the pool (at once, in a deck whose
    // answers are pooled kinds: then this costs one card's look).
    let mut alone = Vec::with_capacity(deck.cards.len());
    for ci in 0..deck.cards.len() {
        match asked_alone(deck, ci) {
            Some(a) => alone.push(a),
            None => break,
        }
    }
    if alone.len() == deck.cards.len() {
        return alone;
    }
    let pool = Pool::new(deck);
    let from = alone.len();
    let rest = crate::par::map_indices(deck.cards.len() - from, PARALLEL_RUN, |i| {
        asked_with(&pool, deck, from + i)
    });
    alone.extend(rest);
    alone
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
#[derive(Debug, Clone, Copy, PartialEq)]
struct Candidate<'a> {
    deck: usize,
    card: usize,
    side: Side,
    asked: Asked,
    group: Option<&'a str>,
}

/// The order in which a draw takes the cards: every card with one of the tags (all when
/// none), the exam kinds shuffled, then the facts shuffled, by a generator seeded with the
/// draw's seed. The facts include those that cannot be asked (skipped by [`walk`]), so that
/// the order is that of a draw over the decks' texts. Kept as (deck, card) pairs, 8 bytes
/// a card, and turned into [`Candidate`]s only as far as the walk goes: a test of ten
/// questions over 100,000 cards looks at a few dozen.
struct Order<'s, 'a> {
    sources: &'s [Source<'a>],
    /// How each card of each source can be asked (see [`Source::letters`]); `None` for a
    /// source whose way to ask is not known (it gives no candidate).
    letters: Vec<Option<Letters<'a>>>,
    /// Each source's grouped cards with their group's name (empty for a deck with none).
    groups: Vec<HashMap<u32, &'a str>>,
    /// The exam kinds, in the draw's order.
    exam: Vec<(u32, u32)>,
    /// The facts, shuffled by `rng` only when a walk gets past the exam kinds (a test over
    /// the shipped decks fills up with exam questions and never does): the generator is
    /// used for nothing else, so the order is the same as shuffling them at once.
    facts: RefCell<Vec<(u32, u32)>>,
    rng: RefCell<Option<ChaCha8Rng>>,
}

impl<'s, 'a> Order<'s, 'a> {
    /// The order of a draw with `seed`; unshuffled when `seed` is `None` (a count).
    fn new(sources: &'s [Source<'a>], tags: &[String], seed: Option<u64>) -> Order<'s, 'a> {
        let mut exam: Vec<(u32, u32)> = Vec::new();
        let mut facts: Vec<(u32, u32)> = Vec::new();
        let mut letters_all = Vec::with_capacity(sources.len());
        let mut groups = Vec::with_capacity(sources.len());
        for (di, s) in sources.iter().enumerate() {
            let letters = s.letters();
            let o = s.outline;
            let mut group: HashMap<u32, &'a str> = HashMap::new();
            if let Some(letters) = &letters {
                for (name, cards) in o.group_names() {
                    for &c in cards {
                        group.insert(c, name.as_str());
                    }
                }
                let mut tagged = vec![tags.is_empty(); o.cards()];
                for (_, cards) in o.tags().iter().filter(|(t, _)| tags.contains(t)) {
                    for &c in cards {
                        if let Some(t) = tagged.get_mut(c as usize) {
                            *t = true;
                        }
                    }
                }
                for (ci, tagged) in tagged.into_iter().enumerate() {
                    if !tagged || o.sides(ci).is_none_or(|s| s.iter().next().is_none()) {
                        continue;
                    }
                    let at = (di as u32, ci as u32);
                    if letters.is_exam(ci) {
                        exam.push(at);
                    } else {
                        facts.push(at);
                    }
                }
            }
            letters_all.push(letters);
            groups.push(group);
        }
        let rng = seed.map(|seed| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            // The same permutations as shuffling the candidates themselves: a shuffle's
            // swaps depend on the length and the generator alone.
            exam.shuffle(&mut rng);
            rng
        });
        Order {
            sources,
            letters: letters_all,
            groups,
            exam,
            facts: RefCell::new(facts),
            rng: RefCell::new(rng),
        }
    }

    /// The candidates in the draw's order, worked out one by one.
    fn iter(&self) -> impl Iterator<Item = Candidate<'a>> + '_ {
        let mut next = 0;
        let facts = std::iter::from_fn(move || {
            if next == 0
                && let Some(mut rng) = self.rng.borrow_mut().take()
            {
                self.facts.borrow_mut().shuffle(&mut rng);
            }
            let at = self.facts.borrow().get(next).copied();
            next += 1;
            at
        });
        self.exam.iter().copied().chain(facts).filter_map(|(d, c)| {
            let (deck, card) = (d as usize, c as usize);
            let side = self.sources[deck].outline.sides(card)?.iter().next()?;
            Some(Candidate {
                deck,
                card,
                side,
                asked: self.letters[deck].as_ref()?.get(card)?,
                group: self.groups[deck].get(&c).copied(),
            })
        })
    }
}

/// Walks `order` as the draw does: at most one card of each group (a group name is global
/// across the decks: two decks' cards of one group test one fact, and one question would
/// give the other's answer away), facts that cannot be asked left out, until `n` are taken;
/// `ask` says whether a card gives a question after all.
fn walk<'a>(
    order: impl Iterator<Item = Candidate<'a>>,
    n: usize,
    mut ask: impl FnMut(&Candidate<'a>, usize) -> bool,
) -> usize {
    let mut groups_asked: HashSet<&str> = HashSet::new();
    let mut taken = 0;
    if n == 0 {
        return 0;
    }
    // Stops as soon as `n` are taken: the next candidate is not worked out (see
    // `Order::facts`).
    for c in order {
        if c.asked == Asked::NoChoice || c.group.is_some_and(|g| groups_asked.contains(g)) {
            continue;
        }
        if !ask(&c, taken) {
            continue;
        }
        if let Some(g) = c.group {
            groups_asked.insert(g);
        }
        taken += 1;
        if taken == n {
            break;
        }
    }
    taken
}

/// The decks (positions in the sources) of the cards a walk over `order` would ask if every
/// card gave its question.
fn needed(order: &Order, n: usize) -> BTreeSet<usize> {
    let mut needed = BTreeSet::new();
    walk(order.iter(), n, |c, _| {
        needed.insert(c.deck);
        true
    });
    needed
}

/// The decks (positions in `sources`) whose texts a test drawn with `seed` needs: those of
/// the cards it asks. Worked out from the outlines alone.
pub fn decks_needed(sources: &[Source], spec: &TestSpec, seed: u64) -> Vec<usize> {
    let order = Order::new(sources, &spec.tags, Some(seed));
    needed(&order, spec.questions).into_iter().collect()
}

/// Draws up to `spec.questions` questions, favouring the exam kinds (mcq, statements, match,
/// multi) and filling up with facts asked as four-option questions; at most one card of each
/// group. The cards are chosen from the outlines; the questions are built from the decks
/// [`decks_needed`] names, which must have been read (a card of a deck not read is left
/// out). The same sources and seed give the same test.
///
/// No question gives another away ([`Clues`]): a question whose stem names an answer of one
/// already drawn, or whose answer such a stem names, waits, and is asked (at the end) only if
/// the walk finds too few others to make up the count.
pub fn draw_from(sources: &[Source], spec: &TestSpec, seed: u64) -> Vec<TestQuestion> {
    let order = Order::new(sources, &spec.tags, Some(seed));
    let needed = needed(&order, spec.questions);
    let mut pools: BTreeMap<usize, Pool> = BTreeMap::new();
    let no_pool = Pool::default();
    let mut out = Vec::new();
    let mut clues: Vec<Clues> = Vec::new();
    let mut groups: HashSet<&str> = HashSet::new();
    let mut waiting: Vec<(TestQuestion, Clues, Option<&str>)> = Vec::new();
    walk(order.iter(), spec.questions, |c, taken| {
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
        if sources[c.deck].outline.id(c.card) != Some(&card.id) {
            return false;
        }
        // An exam kind brings its own options: the deck's answer pool is built only for a
        // fact (a test over the shipped decks' exam questions builds none).
        let pool = if is_exam(&card.body) {
            &no_pool
        } else {
            &*pools.entry(c.deck).or_insert_with(|| {
                #[cfg(test)]
                POOLS_BUILT.with(|n| n.set(n.get() + 1));
                Pool::new(deck)
            })
        };
        let seed = seed.wrapping_add(taken as u64);
        let question = quiz::question_in(pool, deck, card, c.side, StudyMode::Choice, seed);
        // A fact without three good wrong options is not a test question.
        if !matches!(question, Question::Choice { .. }) {
            return false;
        }
        let Question::Choice {
            stem,
            options,
            correct,
            ..
        } = &question
        else {
            return false;
        };
        let answers: Vec<&str> = correct
            .iter()
            .filter_map(|&i| options.get(i).map(String::as_str))
            .collect();
        let clue = Clues::of(stem, &answers);
        let test_question = TestQuestion {
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
        };
        if clues.iter().any(|other| other.clash(&clue)) {
            waiting.push((test_question, clue, c.group));
            return false;
        }
        out.push(test_question);
        clues.push(clue);
        groups.extend(c.group);
        true
    });
    // Too few questions that give nothing away: the waiting ones make up the count, in the
    // order they were drawn, a group still asked once.
    for (question, _, group) in waiting {
        if out.len() >= spec.questions {
            break;
        }
        if group.is_some_and(|g| !groups.insert(g)) {
            continue;
        }
        out.push(question);
    }
    out
}

#[cfg(test)]
thread_local! {
    /// The answer pools [`draw_from`] has built on this thread (tests).
    static POOLS_BUILT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many questions a test on `sources` can have (cards with one of `tags`, all when
/// empty): every exam-style card and every fact with three good wrong options, a group
/// counted once. From the outlines alone; the setup shows it, so the count and the time it
/// offers are those of the test it will start.
pub fn available_in(sources: &[Source], tags: &[String]) -> usize {
    // The order does not change the count: no shuffle is needed, but the walk is the draw's.
    let order = Order::new(sources, tags, None);
    walk(order.iter(), usize::MAX, |_, _| true)
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
