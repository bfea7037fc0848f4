//! Wrong options for a fact asked as multiple choice: other cards' answers of the same kind
//! that pass every rule of [`super::option_rules`]. Candidates are indexed by kind once per
//! deck ([`Pool`]), and a question looks at a bounded number of them ([`SCAN`] in a row of its
//! kind, around the key's own card, so that a large deck's questions draw on the whole pool),
//! so building every question of a 100,000-card deck stays linear. Kept
//! precomputed, beside each answer's forms: the answers of each kind grouped by the facets
//! that every option must share with its key ([`Facets`]: shape, labels, length in words),
//! so a question judges only the groups that can pass and a fact short of options is known
//! without judging the rest; and a number per distinct text, kind and tense, so the rules on
//! a text are asked once per question for answers written alike (a deck's years). Neither
//! changes a question or a finding (a proptest holds both equal to judging every candidate).
//! Pure: randomness comes in as an RNG. Must not depend on `store`/`tui`.

/// The maps and sets of the pool and its questions, with a fast hasher (foldhash, already a
/// dependency for `rebuild`): a 100,000-card deck hashes millions of short keys here, and
/// SipHash was 3 % of `check` and 6 % of the export. None is ever iterated into output, so
/// the order their seeds give changes nothing.
pub(crate) type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
pub(crate) type HashSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;

use rand::RngExt;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use super::answer_kind::{AnswerKind, Inferred, infer};
use super::deck::{Deck, Side};
use super::ids::CardId;
use super::option_forms::{Facets, Tense, tense_of};
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
    by_bucket: HashMap<(AnswerKind, usize), Bucket>,
    by_card: HashMap<CardId, usize>,
    /// Each card's items' answers: `answers[first[c]..first[c + 1]]` are card `c`'s, so
    /// finding one item's answer looks at that card's few answers, not the deck's.
    first: Vec<usize>,
    /// Each card's group and `not_with`, by card index.
    groups: Vec<Option<String>>,
    not_with: Vec<Vec<String>>,
    ids: Vec<CardId>,
    /// How many different persons among the answers have each (normalised) word: one person
    /// who answers several cards, or is written family name first on one, counts once.
    person_words: HashMap<String, usize>,
    /// The `answer_class` declared for each (normalised) answer text.
    classes: HashMap<String, String>,
}
impl Pool {
    pub fn new(deck: &Deck) -> Pool {
        Pool::in_runs_of(deck, PARALLEL_RUN)
    }

    /// [`Pool::new`], the cards' answers worked out in runs of `run` cards on every core (one
    /// run on this thread when the deck has no more cards).
    pub(crate) fn in_runs_of(deck: &Deck, run: usize) -> Pool {
        let mut pool = Pool::default();
        // Each card's answers depend on that card alone (and the deck's defaults): worked out
        // on every core for a large deck, then indexed here in the deck's order.
        let answers = crate::par::map_indices(deck.cards.len(), run, |ci| card_answers(deck, ci));
        // Sized once: 100,000 answers of a few hundred bytes each are not copied as the
        // vector grows.
        let n = deck.cards.len();
        pool.answers.reserve(answers.iter().map(Vec::len).sum());
        pool.by_card.reserve(n);
        pool.first.reserve(n + 1);
        pool.ids.reserve(n);
        pool.groups.reserve(n);
        pool.not_with.reserve(n);
        // Each person once, however many cards they answer: their words, sorted.
        let mut persons: HashSet<Vec<String>> = HashSet::default();
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
                let person = || {
                    let mut words: Vec<String> = a.norm.split(' ').map(str::to_owned).collect();
                    words.sort_unstable();
                    words.dedup();
                    words
                };
                if a.kind == AnswerKind::Person
                    && let words = person()
                    && persons.insert(words.clone())
                {
                    for w in words {
                        *pool.person_words.entry(w).or_default() += 1;
                    }
                }
                if a.kind.pooled() {
                    pool.by_bucket
                        .entry(a.bucket())
                        .or_default()
                        .push(pool.answers.len(), Facets::of(&a.forms));
                }
                pool.answers.push(a);
            }
        }
        pool.first.push(pool.answers.len());
        // Answers of one text, kind and tense fare alike under the rules on their text.
        let mut contents: HashMap<(&str, AnswerKind, Option<Tense>), u32> = HashMap::default();
        let ids: Vec<u32> = (pool.answers.iter())
            .map(|a| {
                let next = contents.len() as u32;
                *contents.entry((&a.text, a.kind, a.tense)).or_insert(next)
            })
            .collect();
        for (a, id) in pool.answers.iter_mut().zip(ids) {
            a.content = id;
        }
        // The same text is the same thing: a cloze gap "Toshimitsu Motegi" has the class that
        // the card asking for him declares.
        if !pool.classes.is_empty() {
            for a in pool.answers.iter_mut().filter(|a| a.class.is_none()) {
                a.class = pool.classes.get(&a.norm).cloned();
            }
        }
        pool
    }

    /// How many different persons among the deck's answers have `word`.
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
        self.related(key, cand)?;
        key.admits(&cand.text, &cand.norm, &cand.words, cand)
    }

    /// The rules on another card's answer that do not read its text: its kind, its class,
    /// the two cards' group and `not_with`.
    fn related(&self, key: &Key, cand: &Answer) -> Result<(), LeftOut> {
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
        Ok(())
    }

    /// Whether [`Pool::judge`] lets `cand` be offered for `key`, the rules on its text asked
    /// once per distinct text of a kind and tense (`verdicts`, kept for one key): 400
    /// candidates among a deck's years are a few dozen texts.
    fn passes(&self, key: &Key, cand: &Answer, verdicts: &mut HashMap<u32, bool>) -> bool {
        if cand.card == key.card || cand.card >= self.ids.len() {
            return self.judge(key, cand).is_ok();
        }
        self.related(key, cand).is_ok()
            && *verdicts.entry(cand.content).or_insert_with(|| {
                key.admits(&cand.text, &cand.norm, &cand.words, cand)
                    .is_ok()
            })
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
        let mut seen: HashSet<&str> = HashSet::default();
        self.window(bucket, key)
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
        let empty = Bucket::default();
        let bucket = if key.kind.pooled() {
            self.by_bucket
                .get(&(key.kind, key.items.len()))
                .unwrap_or(&empty)
        } else {
            &empty
        };
        // The window's SCAN candidates are the ones a question looks at. Only those whose
        // facets may pass can be good: they alone are judged, until enough are found.
        let mut seen: HashSet<&str> = hand.iter().map(String::as_str).collect();
        let (mut good, mut passed) = (0, 0);
        let mut verdicts = HashMap::default();
        for a in self.candidates(bucket, key) {
            if a.card == key.card || !self.passes(key, a, &mut verdicts) {
                continue;
            }
            passed += 1;
            if seen.insert(a.norm.as_str()) {
                good += 1;
            }
            // Enough found: there is no shortfall to explain.
            if good >= need {
                return None;
            }
        }
        // Short: every other candidate scanned is left out; the first few are named, in the
        // order a question looks at them.
        let same_kind = self
            .window(bucket, key)
            .filter(|&&i| self.answers[i].card != key.card)
            .count();
        let left_out = self
            .window(bucket, key)
            .map(|&i| &self.answers[i])
            .filter(|a| a.card != key.card)
            .filter_map(|a| self.judge(key, a).err().map(|why| (a.text.as_str(), why)))
            .take(LEFT_OUT_NAMED)
            .collect();
        Some(Shortfall {
            hand_written: hand.len(),
            good,
            same_kind,
            left_out,
            left_out_count: same_kind - passed,
        })
    }

    /// Where in `bucket` (a kind's answers, as pool indices in ascending order) the
    /// candidates a question for `key` looks at begin: the start for a bucket no larger than
    /// [`SCAN`] (all of it is looked at, in its order), else half a scan before the key's own
    /// card, so that the questions of a large deck draw on the whole of it, each card always
    /// on the answers around it (a deck's neighbouring cards are often on one topic, and the
    /// cards asked one after another look at nearly the same answers, which stay in the
    /// processor's cache: a window drawn at random was 40 % more CPU for the export of a
    /// 100,000-card deck).
    pub(crate) fn scan_start(&self, bucket: &[usize], key: &Key) -> usize {
        let len = bucket.len();
        if len <= SCAN {
            return 0;
        }
        let first = self.first.get(key.card).copied().unwrap_or(usize::MAX);
        let at = bucket.partition_point(|&i| i < first);
        (at + len - SCAN / 2) % len
    }

    /// The pool indices of the candidates a question for `key` looks at, in the order it
    /// looks at them: [`SCAN`] in a row of `bucket` from [`Pool::scan_start`], going round
    /// to its start.
    fn window<'p>(&self, bucket: &'p Bucket, key: &Key) -> impl Iterator<Item = &'p usize> + 'p {
        let start = self.scan_start(&bucket.all, key);
        let (before, from) = bucket.all.split_at(start);
        from.iter().chain(before).take(SCAN)
    }

    /// The candidates of [`Pool::window`], in its order, leaving out those whose facets rule
    /// them out for `key`: the same as judging every one of them, since `Key::admits` refuses
    /// those whatever their text. Each group of facets is cut by two binary searches, so a
    /// question's work does not grow with the pool.
    fn candidates<'p>(
        &'p self,
        bucket: &'p Bucket,
        key: &Key,
    ) -> impl Iterator<Item = &'p Answer> + 'p {
        let len = bucket.all.len();
        let start = self.scan_start(&bucket.all, key);
        let end = start + len.min(SCAN);
        // Positions past the bucket's end go round to its start: counted from `start`.
        let wrapped = end.saturating_sub(len);
        let mut at: Vec<u32> = Vec::new();
        for (facets, positions) in &bucket.by_facets {
            if facets.may_pass(&key.forms) {
                let from = positions.partition_point(|&p| (p as usize) < start);
                let to = positions.partition_point(|&p| (p as usize) < end.min(len));
                at.extend(positions[from..to].iter().map(|&p| p - start as u32));
                let round = positions.partition_point(|&p| (p as usize) < wrapped);
                at.extend(positions[..round].iter().map(|&p| p + (len - start) as u32));
            }
        }
        at.sort_unstable();
        at.into_iter()
            .map(move |p| &self.answers[bucket.all[(p as usize + start) % len]])
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
        let (out, seen) = hand_written_first(key, hand_written);
        if out.len() == WRONG_OPTIONS || !key.kind.pooled() {
            return out;
        }
        let Some(bucket) = self.by_bucket.get(&(key.kind, key.items.len())) else {
            return out;
        };
        let len = bucket.all.len();
        // A number is drawn, as it always was, so that the option order of every paper stays
        // the same; where the scan starts is fixed by the card ([`Pool::scan_start`]), so
        // that `check` judges the candidates a question looks at.
        if len > 0 {
            let _start: usize = r.random_range(0..len);
        }
        let mut verdicts = HashMap::default();
        let passed = self
            .candidates(bucket, key)
            .filter(|a| self.passes(key, a, &mut verdicts));
        pick(deck, key, passed, out, seen, r)
    }
}

/// The hand-written wrong options that count (not empty, not the answer or a thing the key
/// rules out, no repeats), at most [`WRONG_OPTIONS`], and the normalised texts seen so far
/// (the key's among them).
pub(crate) fn hand_written_first(
    key: &Key,
    hand_written: &[String],
) -> (Vec<String>, HashSet<String>) {
    let mut out: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::default();
    seen.insert(key.norm.clone());
    for d in hand_written {
        let n = normalise(d);
        if !n.is_empty() && !key.not_distractors.contains(&n) && seen.insert(n) {
            out.push(d.clone());
        }
    }
    out.truncate(WRONG_OPTIONS);
    (out, seen)
}

/// Fills `out` up to [`WRONG_OPTIONS`] from candidates that passed every rule: those sharing
/// a tag with the key's card and of a similar length first, in an order shuffled by `r`,
/// skipping a text already seen and one that overlaps an option already chosen.
pub(crate) fn pick<'a>(
    deck: &Deck,
    key: &Key,
    passed: impl Iterator<Item = &'a Answer>,
    mut out: Vec<String>,
    mut seen: HashSet<String>,
    r: &mut ChaCha8Rng,
) -> Vec<String> {
    let tags = &deck.cards[key.card].tags;
    let kw = key.text.chars().count().max(1);
    let mut fits: Vec<(u8, &Answer)> = passed
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

/// The answers of one kind (and for a list, one length), in the pool's order, and the same
/// answers grouped by their [`Facets`]: a key visits only the groups that may pass for it.
#[derive(Debug, Default)]
struct Bucket {
    /// Indices into the pool's answers, ascending.
    all: Vec<usize>,
    /// Each distinct facets, with the positions in `all` of the answers that have them,
    /// ascending.
    by_facets: Vec<(Facets, Vec<u32>)>,
    /// Where each facets' group is in `by_facets`.
    group_of: HashMap<Facets, usize>,
}

impl Bucket {
    fn push(&mut self, answer: usize, facets: Facets) {
        let at = self.all.len() as u32;
        self.all.push(answer);
        let groups = &mut self.by_facets;
        let g = *self.group_of.entry(facets).or_insert_with(|| {
            groups.push((facets, Vec::new()));
            groups.len() - 1
        });
        groups[g].1.push(at);
    }
}

/// How many of the answers a shortfall leaves out it names: the warning names three and
/// says whether there are more.
const LEFT_OUT_NAMED: usize = 4;

/// What a question lacks to be multiple choice (see [`Pool::shortfall`]); the default is a
/// question with nothing at all: nothing written by hand, no other answer of its kind.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shortfall<'a> {
    /// Distinct hand-written wrong options.
    pub hand_written: usize,
    /// Other cards' answers that may be offered.
    pub good: usize,
    /// Other cards' answers of the key's kind, offered or not.
    pub same_kind: usize,
    /// The first answers of the key's kind that the rules leave out (at most four), and why.
    pub left_out: Vec<(&'a str, LeftOut)>,
    /// How many answers of the key's kind the rules leave out.
    pub left_out_count: usize,
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

#[cfg(test)]
#[path = "options_index_tests.rs"]
mod index_tests;
