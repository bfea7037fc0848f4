//! Near-duplicate questions for `smriti check`: for each card, the first earlier card that
//! asks the same or nearly the same (at most two edits apart, unless what differs is a
//! number), found through an index of question segments so the pass stays linear in the
//! deck's size. Part of `store` (used by `smriti check`); pure text work, no I/O; must not
//! depend on `tui` or `cli`.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::BuildHasherDefault;

use crate::domain::options::HashMap as FastMap;

use std::borrow::Cow;

use crate::domain::deck::{Card, CardBody, Deck};
use crate::domain::quiz::normalise;

pub(super) use super::near_text::near;
use super::near_text::{levenshtein_at_most_2, numeric, roman};

/// For each card of `deck`, the first earlier card that asks the same or nearly the same
/// (see [`Fronts`]). Questions are normalised on every core, then indexed in order.
/// `run` is how many cards each job of normalising takes (see `par::map_indices`).
pub(super) fn near_duplicates(deck: &Deck, run: usize) -> Vec<Option<usize>> {
    let questions = crate::par::map_indices(deck.cards.len(), run, |i| {
        deck.cards
            .get(i)
            .map(|c| normalise(&fingerprint(c)))
            .unwrap_or_default()
    });
    let mut fronts = Fronts::default();
    // One question's shape at a time, its buffers kept from one question to the next.
    let mut shape = Shape::default();
    questions
        .into_iter()
        .enumerate()
        .map(|(i, q)| {
            shape.fill(&q);
            let first = fronts.first_like_shaped(&q, &shape);
            if first.is_none() && !q.is_empty() {
                fronts.insert_shaped(q, &shape, i);
            }
            first
        })
        .collect()
}

/// What a card asks, for spotting duplicates: the question with its statements or pairs.
pub(super) fn fingerprint(c: &Card) -> Cow<'_, str> {
    let question = first_question(c);
    match &c.body {
        CardBody::Statements { statements, .. } => Cow::Owned(format!(
            "{question} {}",
            statements
                .iter()
                .map(|s| s.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        )),
        CardBody::Match { pairs, .. } => Cow::Owned(format!(
            "{question} {}",
            pairs
                .iter()
                .map(|p| p.left.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        )),
        _ => question,
    }
}

/// The question of a card's first item (`Card::prompt` of its first side), borrowed when
/// the card holds it as written: no copy of every card's question and answer.
pub(super) fn first_question(c: &Card) -> Cow<'_, str> {
    match &c.body {
        CardBody::Basic { front: q, .. }
        | CardBody::Typed { question: q, .. }
        | CardBody::Mcq { question: q, .. }
        | CardBody::Multi { question: q, .. } => Cow::Borrowed(q),
        _ => Cow::Owned(c.prompt(c.sides()[0]).0),
    }
}

/// The questions seen so far, indexed so that finding one within two edits of a new question
/// does not compare it with every other card (which took a minute on a 100,000-card
/// collection). Candidates come from the pigeonhole principle, as in PassJoin: cut a question
/// of `l` characters into three segments; two edits leave at least one segment intact, shifted
/// by at most two characters. Every candidate is then confirmed with [`near`].
///
/// A segment's key is one `u64` (its length class, its number and the hash of its chars), and
/// the questions sharing a key form a chain through `next` rather than a list each: 100,000
/// questions make 300,000 keys, and a list per key cost more in allocation than the lookups.
///
/// A templated deck makes some chains as long as the deck, every question sharing the
/// segments of the template's fixed text; two kinds are stepped over in one move. Questions
/// that differ only in their numbers share a skeleton (see [`Shape::skeleton`]) and are never near.
/// Questions that differ in one word ("Which state is {name} district in?" for thousands of
/// names) share a class: the question with one word, its slot, blanked, the word chosen where
/// the most questions seen so far have the same text around it. A chain steps over the new
/// question's own class, and the class's slots have an index of their own, built the same way:
/// two questions of one class are exactly as far apart as their slots.
#[derive(Default)]
pub(super) struct Fronts {
    /// Questions in the order seen, with their card index.
    seen: Vec<(String, usize)>,
    /// The hash of each question's whole text (see [`Prefixes`]) → its position in `seen`.
    exact: KeyMap,
    /// The questions whose whole text hashes as an earlier other one's, to their position:
    /// a collision costs a look-up here, never a duplicate missed.
    exact_collided: FastMap<String, usize>,
    /// Segment key → the latest entry in `chain` with that key (a hash collision only adds a
    /// candidate, which `near` then rejects).
    heads: KeyMap,
    /// The entries of every segment key, each linked to the previous one with its key.
    chain: Vec<Link>,
    /// Per entry of `seen`: the id of its skeleton (see [`Shape::skeleton`]), or `NONE`.
    skeletons: Vec<u32>,
    /// The hash of each skeleton seen (see [`Shape::skeleton`]) to its id.
    skeleton_ids: KeyMap,
    /// Per skeleton id: the position in `seen` of its first question, which a question with
    /// the same hash is compared with (a collision leaves the question with no skeleton).
    skeleton_firsts: Vec<u32>,
    /// Per entry of `seen`: the id of its class, or `NONE`.
    classes: Vec<u32>,
    /// Per entry of `seen`: the byte range of its slot (empty with no class).
    slot_bytes: Vec<(usize, usize)>,
    /// The hash of each class (its mask, see [`Shape::mask`]) to its id.
    class_ids: KeyMap,
    /// Per class id: its first question's position in `seen` and the byte range of its slot,
    /// which a question with the same hash is compared with, as for skeletons.
    class_firsts: Vec<(u32, usize, usize)>,
    /// How many questions of `seen` have each one-word mask (see [`Shape::mask`]): where
    /// a new question's slot is.
    masks: KeyMap,
    /// Slot segment key (see [`slot_key`]) → the latest entry in `slot_chain` with that key.
    slot_heads: KeyMap,
    /// Per entry: (position in `seen`, previous entry with the same key or `NONE`).
    slot_chain: Vec<(u32, u32)>,
}

/// An index's map from a key (already a hash) to the latest entry with that key.
type KeyMap = HashMap<u64, u32, BuildHasherDefault<KeyHasher>>;

/// One entry of [`Fronts::chain`]: a question with a segment key. `NONE` for none.
struct Link {
    /// The question's position in `seen`.
    pos: u32,
    /// The previous entry with the same key.
    previous: u32,
    /// The nearest earlier entry with the same key and another skeleton.
    other_skeleton: u32,
    /// The nearest earlier entry with the same key and another class.
    other_class: u32,
}

/// No skeleton, no class, no entry: a question with no number shares its skeleton with no
/// other, and one with no class its class.
const NONE: u32 = u32::MAX;

/// Hashes a segment key, which is already a hash, with one multiplication (SipHash, the
/// default, was most of the lookups' cost).
#[derive(Default)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// A polynomial hash of every prefix of a question's chars, so that the hash of any segment
/// costs two multiplications instead of a pass over its chars (a question looks up 39
/// segments, most of them overlapping). Equal segments hash alike, which is all the index
/// needs: a collision only adds a candidate that [`near`] then rejects.
#[derive(Default)]
struct Prefixes {
    /// `hash[i]`: the hash of the first `i` chars.
    hash: Vec<u64>,
    /// `power[i]`: `BASE` to the `i`th.
    power: Vec<u64>,
}

impl Prefixes {
    /// An odd multiplier with well-mixed bits (the golden ratio's).
    const BASE: u64 = 0x9e37_79b9_7f4a_7c15;

    #[cfg(test)]
    fn new(chars: &[char]) -> Prefixes {
        let mut p = Prefixes::default();
        p.clear();
        for &c in chars {
            p.push(c);
        }
        p
    }

    /// Back to the empty text, keeping the buffers (and the powers, the same for every
    /// text).
    fn clear(&mut self) {
        self.hash.clear();
        self.hash.push(0);
        if self.power.is_empty() {
            self.power.push(1);
        }
    }

    /// Adds `c` to the end of the text.
    fn push(&mut self, c: char) {
        let n = self.hash.len();
        let h = self.hash.last().copied().unwrap_or(0);
        self.hash
            .push(h.wrapping_mul(Self::BASE).wrapping_add(u64::from(c) + 1));
        if self.power.len() <= n {
            let p = self.power.last().copied().unwrap_or(1);
            self.power.push(p.wrapping_mul(Self::BASE));
        }
    }

    fn at(&self, v: &[u64], i: usize) -> u64 {
        v.get(i).copied().unwrap_or(0)
    }

    /// The hash of chars `from..from + n` (within the question).
    fn segment(&self, from: usize, n: usize) -> u64 {
        self.at(&self.hash, from + n).wrapping_sub(
            self.at(&self.hash, from)
                .wrapping_mul(self.at(&self.power, n)),
        )
    }
}

/// A word of a question (as `split(' ')` cuts it): its chars `from..to`, its bytes
/// `start..end`, and whether it is a number (see [`numeric`]).
#[derive(Clone, Copy)]
struct Word {
    from: usize,
    to: usize,
    start: usize,
    end: usize,
    number: bool,
}

/// A question as the index reads it: the prefix hashes of its chars, its words, and the hash
/// of its skeleton. Its buffers are reused from one question to the next.
#[derive(Default)]
struct Shape {
    prefixes: Prefixes,
    words: Vec<Word>,
    /// How many chars the question has.
    len: usize,
    /// The hash of its skeleton, when it has a number: the question with each of its
    /// numbers as a blank. Two different questions with one skeleton differ only in their
    /// numbers, word for word, so they are never [`near`]: a templated deck ("Which state has
    /// district code 1234?" for thousands of codes) is one skeleton, and the index steps over
    /// its questions in one move instead of comparing the new question with each.
    skeleton: Option<u64>,
}

impl Shape {
    /// This shape made `q`'s.
    fn fill(&mut self, q: &str) {
        self.prefixes.clear();
        self.words.clear();
        let mut word = Word {
            from: 0,
            to: 0,
            start: 0,
            end: 0,
            number: true,
        };
        let (mut digits, mut numeral) = (true, true);
        let mut n = 0;
        for (b, c) in q.char_indices() {
            if c == ' ' {
                word.to = n;
                word.end = b;
                word.number = digits || numeral;
                self.words.push(word);
                (word.from, word.start) = (n + 1, b + 1);
                (digits, numeral) = (true, true);
            } else {
                digits &= c.is_ascii_digit();
                numeral &= u8::try_from(c).is_ok_and(roman);
            }
            self.prefixes.push(c);
            n += 1;
        }
        word.to = n;
        word.end = q.len();
        word.number = digits || numeral;
        self.words.push(word);
        self.len = n;
        self.skeleton = self.words.iter().any(|w| w.number).then(|| {
            let mut h = 0u64;
            for (i, w) in self.words.iter().enumerate() {
                if i > 0 {
                    h = h
                        .wrapping_mul(Prefixes::BASE)
                        .wrapping_add(u64::from(' ') + 1);
                }
                h = if w.number {
                    h.wrapping_mul(Prefixes::BASE)
                } else {
                    h.wrapping_mul(self.prefixes.at(&self.prefixes.power, w.to - w.from))
                        .wrapping_add(self.prefixes.segment(w.from, w.to - w.from))
                };
            }
            h
        });
    }

    /// Whether `q` (this shape's question) and `other` have the same skeleton: word for
    /// word, both numbers or the same word.
    fn same_skeleton(&self, q: &str, other: &str) -> bool {
        let mut theirs = other.split(' ');
        self.words.iter().all(|w| {
            theirs.next().is_some_and(|t| {
                if w.number {
                    numeric(t)
                } else {
                    t == &q[w.start..w.end]
                }
            })
        }) && theirs.next().is_none()
    }

    /// The hash of the question with word `w` blanked (the blank counts as a char of its
    /// own): two questions have the same mask when they differ only there.
    fn mask(&self, w: &Word) -> u64 {
        let p = &self.prefixes;
        let after = self.len - w.to;
        p.segment(0, w.from)
            .wrapping_mul(Prefixes::BASE)
            .wrapping_mul(p.at(&p.power, after))
            .wrapping_add(p.segment(w.to, after))
    }

    /// The word to blank for this question's class: the one whose mask the most questions
    /// counted in `masks` share (the first of equals), if any earlier question shares one.
    fn slot(&self, masks: &KeyMap) -> Option<Word> {
        if self.words.len() < 2 {
            return None;
        }
        let mut slot = None;
        let mut most = 0;
        for w in &self.words {
            let n = masks.get(&self.mask(w)).copied().unwrap_or(0);
            if n > most {
                (slot, most) = (Some(*w), n);
            }
        }
        slot
    }
}

/// The key of segment `k` of a question of `len` chars whose chars hash to `hash`.
fn segment_key(len: usize, k: usize, hash: u64) -> u64 {
    hash ^ ((len as u64) << 2 | k as u64).wrapping_mul(0xff51_afd7_ed55_8ccd)
}

/// The key of segment `k` of a slot of `len` chars hashing to `hash`, in class `class`,
/// `number` when the slot is a number (see [`numeric`]).
fn slot_key(class: u32, number: bool, len: usize, k: usize, hash: u64) -> u64 {
    segment_key(len, k, hash)
        ^ (u64::from(class) << 1 | u64::from(number))
            .wrapping_add(1)
            .wrapping_mul(0xc4ce_b9fe_1a85_ec53)
}

/// Start and length (in chars) of the three segments of a question of `len` chars.
fn segments_of(len: usize) -> [(usize, usize); 3] {
    let short = len / 3;
    let shorter = 3 - len % 3; // how many segments (the first ones) have the shorter length
    let mut out = [(0, 0); 3];
    let mut start = 0;
    for (k, seg) in out.iter_mut().enumerate() {
        let n = if k < shorter { short } else { short + 1 };
        *seg = (start, n);
        start += n;
    }
    out
}

/// Every segment hash a text of `len` chars (at char `base` of `prefixes`' text) looks up to
/// find the texts within two edits: `f(l, k, hash)` for each length `l` from `min_len`,
/// segment `k` of a text of that length, and the hash of the chars where that segment may
/// stand. A segment left intact by the edits moves by what the edits before it insert or
/// delete, and the rest of the text by what the edits after it do: with `delta` the
/// difference in length, `shift` and `delta - shift` together need at most two edits. Only
/// those shifts are looked up.
fn probes(
    prefixes: &Prefixes,
    base: usize,
    len: usize,
    min_len: usize,
    mut f: impl FnMut(usize, usize, u64),
) {
    for l in len.saturating_sub(2).max(min_len)..=len + 2 {
        let delta = len as isize - l as isize;
        for (k, (start, n)) in segments_of(l).into_iter().enumerate() {
            for shift in -2..=2_isize {
                if shift.abs() + (delta - shift).abs() > 2 {
                    continue;
                }
                let Some(from) = start.checked_add_signed(shift) else {
                    continue;
                };
                if from + n > len {
                    break;
                }
                f(l, k, prefixes.segment(base + from, n));
            }
        }
    }
}

impl Fronts {
    #[cfg(test)]
    pub(super) fn insert(&mut self, q: String, card: usize) {
        let mut shape = Shape::default();
        shape.fill(&q);
        self.insert_shaped(q, &shape, card);
    }

    /// The card index of the first question equal or near to `q`.
    #[cfg(test)]
    pub(super) fn first_like(&self, q: &str) -> Option<usize> {
        let mut shape = Shape::default();
        shape.fill(q);
        self.first_like_shaped(q, &shape)
    }

    /// The id of `q`'s skeleton (`shape` is its shape) among those seen, or `NONE`.
    fn skeleton_of(&self, q: &str, shape: &Shape) -> Option<u32> {
        let id = *self.skeleton_ids.get(&shape.skeleton?)?;
        let first = *self.skeleton_firsts.get(id as usize)? as usize;
        shape
            .same_skeleton(q, &self.seen.get(first)?.0)
            .then_some(id)
    }

    /// The id of the class of `q` with the word `w` blanked among those seen, if any.
    fn class_of(&self, q: &str, shape: &Shape, w: &Word) -> Option<u32> {
        let id = *self.class_ids.get(&shape.mask(w))?;
        let &(first, start, end) = self.class_firsts.get(id as usize)?;
        let other = &self.seen.get(first as usize)?.0;
        (q.get(..w.start) == other.get(..start) && q.get(w.end..) == other.get(end..)).then_some(id)
    }

    /// [`near`] for the question at `pos` and `q` of the same class, `w` being `q`'s slot:
    /// they differ only in their slots, so only the slots are compared.
    fn near_in_class(&self, pos: usize, q: &str, w: &Word) -> bool {
        let (Some((other, _)), Some(&(start, end))) =
            (self.seen.get(pos), self.slot_bytes.get(pos))
        else {
            return false;
        };
        let (theirs, ours) = (&other[start..end], &q[w.start..w.end]);
        other.len() > 12
            && q.len() > 12
            && other.len().abs_diff(q.len()) <= 2
            && !(theirs != ours && numeric(theirs) && numeric(ours))
            && levenshtein_at_most_2(theirs, ours)
    }

    /// Adds `q` (whose shape is `shape`), the question of card `card`.
    fn insert_shaped(&mut self, q: String, shape: &Shape, card: usize) {
        let pos = self.seen.len();
        let pos32 = u32::try_from(pos).unwrap_or(NONE);
        let whole = shape.prefixes.segment(0, shape.len);
        match self.exact.entry(whole) {
            Entry::Occupied(_) => {
                self.exact_collided.entry(q.clone()).or_insert(pos);
            }
            Entry::Vacant(v) => {
                v.insert(pos32);
            }
        }
        let skeleton = match shape.skeleton {
            None => NONE,
            Some(h) => match self.skeleton_ids.get(&h) {
                Some(_) => self.skeleton_of(&q, shape).unwrap_or(NONE),
                None => {
                    let id = u32::try_from(self.skeleton_firsts.len()).unwrap_or(NONE);
                    self.skeleton_ids.insert(h, id);
                    self.skeleton_firsts.push(pos32);
                    id
                }
            },
        };
        self.skeletons.push(skeleton);
        let slot = shape.slot(&self.masks);
        let class = match slot {
            None => NONE,
            Some(w) => match self.class_ids.get(&shape.mask(&w)) {
                Some(_) => self.class_of(&q, shape, &w).unwrap_or(NONE),
                None => {
                    let id = u32::try_from(self.class_firsts.len()).unwrap_or(NONE);
                    self.class_ids.insert(shape.mask(&w), id);
                    self.class_firsts.push((pos32, w.start, w.end));
                    id
                }
            },
        };
        self.classes.push(class);
        self.slot_bytes.push(match slot {
            Some(w) if class != NONE => (w.start, w.end),
            _ => (0, 0),
        });
        if shape.words.len() >= 2 {
            for w in &shape.words {
                *self.masks.entry(shape.mask(w)).or_insert(0) += 1;
            }
        }
        if let (Some(w), true) = (slot, class != NONE) {
            let len = w.to - w.from;
            for (k, (start, n)) in segments_of(len).into_iter().enumerate() {
                let hash = shape.prefixes.segment(w.from + start, n);
                let key = slot_key(class, w.number, len, k, hash);
                let entry = u32::try_from(self.slot_chain.len()).unwrap_or(NONE);
                let previous = self.slot_heads.insert(key, entry).unwrap_or(NONE);
                self.slot_chain.push((pos32, previous));
            }
        }
        let len = shape.len;
        if len >= 3 {
            for (k, (start, n)) in segments_of(len).into_iter().enumerate() {
                let key = segment_key(len, k, shape.prefixes.segment(start, n));
                let entry = u32::try_from(self.chain.len()).unwrap_or(NONE);
                let previous = self.heads.insert(key, entry).unwrap_or(NONE);
                // A run of entries of one skeleton (class) ends where `previous`'s run ends.
                let (other_skeleton, other_class) = match self.chain.get(previous as usize) {
                    Some(link) => {
                        let theirs = link.pos as usize;
                        let shared =
                            |own: u32, all: &[u32]| own != NONE && all.get(theirs) == Some(&own);
                        (
                            if shared(skeleton, &self.skeletons) {
                                link.other_skeleton
                            } else {
                                previous
                            },
                            if shared(class, &self.classes) {
                                link.other_class
                            } else {
                                previous
                            },
                        )
                    }
                    None => (previous, previous),
                };
                self.chain.push(Link {
                    pos: pos32,
                    previous,
                    other_skeleton,
                    other_class,
                });
            }
        }
        self.seen.push((q, card));
    }

    /// The card index of the first question equal or near to `q` (whose shape is `shape`).
    fn first_like_shaped(&self, q: &str, shape: &Shape) -> Option<usize> {
        let whole = shape.prefixes.segment(0, shape.len);
        let mut best = match self.exact.get(&whole) {
            Some(&pos) if self.seen.get(pos as usize).is_some_and(|(s, _)| s == q) => {
                Some(pos as usize)
            }
            _ => self.exact_collided.get(q).copied(),
        };
        // Earlier questions of this one's skeleton are never near it (see [`Shape::skeleton`]).
        let own = self.skeleton_of(q, shape).unwrap_or(NONE);
        // Those of its class are found through their slots, below.
        let slot = shape
            .slot(&self.masks)
            .and_then(|w| Some((w, self.class_of(q, shape, &w)?)));
        let class = slot.map_or(NONE, |(_, c)| c);
        let confirm = |pos: usize, best: &mut Option<usize>| {
            if best.is_none_or(|b| pos < b) && near(&self.seen[pos].0, q) {
                *best = Some(pos);
            }
        };
        probes(&shape.prefixes, 0, shape.len, 3, |l, k, hash| {
            let mut entry = self
                .heads
                .get(&segment_key(l, k, hash))
                .copied()
                .unwrap_or(NONE);
            while let Some(link) = self.chain.get(entry as usize) {
                let pos = link.pos as usize;
                if own != NONE && self.skeletons.get(pos) == Some(&own) {
                    entry = link.other_skeleton;
                } else if class != NONE && self.classes.get(pos) == Some(&class) {
                    entry = link.other_class;
                } else {
                    entry = link.previous;
                    confirm(pos, &mut best);
                }
            }
        });
        if let Some((w, class)) = slot {
            // Two slots that are numbers differ in a number only: never near.
            probes(&shape.prefixes, w.from, w.to - w.from, 0, |l, k, hash| {
                for theirs in [false, true] {
                    if w.number && theirs {
                        continue;
                    }
                    let key = slot_key(class, theirs, l, k, hash);
                    let mut entry = self.slot_heads.get(&key).copied().unwrap_or(NONE);
                    while let Some(&(pos, previous)) = self.slot_chain.get(entry as usize) {
                        entry = previous;
                        let pos = pos as usize;
                        if self.classes.get(pos) != Some(&class) {
                            // Another class's key that hashes alike.
                            confirm(pos, &mut best);
                        } else if best.is_none_or(|b| pos < b) && self.near_in_class(pos, q, &w) {
                            best = Some(pos);
                        }
                    }
                }
            });
        }
        best.map(|pos| self.seen[pos].1)
    }
}

#[cfg(test)]
#[path = "check_near_tests.rs"]
mod tests;
