//! Near-duplicate questions for `smriti check`: for each card, the first earlier card that
//! asks the same or nearly the same (at most two edits apart, unless what differs is a
//! number), found through an index of question segments so the pass stays linear in the
//! deck's size. Part of `store` (used by `smriti check`); pure text work, no I/O; must not
//! depend on `tui` or `cli`.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use crate::domain::options::HashMap as FastMap;

use std::borrow::Cow;

use crate::domain::deck::{Card, CardBody, Deck};
use crate::domain::quiz::normalise;

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
    questions
        .into_iter()
        .enumerate()
        .map(|(i, q)| {
            let first = fronts.first_like(&q);
            if first.is_none() && !q.is_empty() {
                fronts.insert(q, i);
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
#[derive(Default)]
pub(super) struct Fronts {
    /// Questions in the order seen, with their card index.
    seen: Vec<(String, usize)>,
    /// Exact text → position in `seen` of its first occurrence.
    exact: FastMap<String, usize>,
    /// Segment key → the latest entry in `chain` with that key (a hash collision only adds a
    /// candidate, which `near` then rejects).
    heads: HashMap<u64, u32, BuildHasherDefault<KeyHasher>>,
    /// Per entry of `chain`: (position in `seen`, previous entry with the same key, nearest
    /// earlier entry with the same key and another skeleton; `u32::MAX` for none).
    chain: Vec<(u32, u32, u32)>,
    /// Per entry of `seen`: the id of its skeleton (see [`skeleton`]), or `NO_SKELETON`.
    skeletons: Vec<u32>,
    /// Each skeleton seen (of a question with a number) to its id.
    skeleton_ids: FastMap<String, u32>,
}

/// The skeleton id of a question with no number: it shares its skeleton with no other.
const NO_SKELETON: u32 = u32::MAX;

/// Whether [`near`] counts `w` as a number ("2026", "iii").
fn numeric(w: &str) -> bool {
    w.chars().all(|c| c.is_ascii_digit()) || w.chars().all(|c| "ivxlc".contains(c))
}

/// A question with each of its numbers as a blank (`\0`, which normalised text never holds),
/// or `None` when it has no number. Two different questions with one skeleton differ only in
/// their numbers, word for word, so they are never [`near`]: a templated deck ("Which state
/// has district code 1234?" for thousands of codes) is one skeleton, and the index steps over
/// its questions in one move instead of comparing the new question with each.
fn skeleton(q: &str) -> Option<String> {
    if !q.split(' ').any(numeric) {
        return None;
    }
    let words: Vec<&str> = q
        .split(' ')
        .map(|w| if numeric(w) { "\0" } else { w })
        .collect();
    Some(words.join(" "))
}

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
struct Prefixes {
    /// `hash[i]`: the hash of the first `i` chars.
    hash: Vec<u64>,
    /// `power[i]`: `BASE` to the `i`th.
    power: Vec<u64>,
}

impl Prefixes {
    /// An odd multiplier with well-mixed bits (the golden ratio's).
    const BASE: u64 = 0x9e37_79b9_7f4a_7c15;

    fn new(chars: &[char]) -> Prefixes {
        let mut hash = Vec::with_capacity(chars.len() + 1);
        let mut power = Vec::with_capacity(chars.len() + 1);
        let (mut h, mut p) = (0u64, 1u64);
        hash.push(h);
        power.push(p);
        for &c in chars {
            h = h.wrapping_mul(Self::BASE).wrapping_add(u64::from(c) + 1);
            p = p.wrapping_mul(Self::BASE);
            hash.push(h);
            power.push(p);
        }
        Prefixes { hash, power }
    }

    /// The hash of chars `from..from + n` (within the question).
    fn segment(&self, from: usize, n: usize) -> u64 {
        let at = |v: &[u64], i: usize| v.get(i).copied().unwrap_or(0);
        at(&self.hash, from + n).wrapping_sub(at(&self.hash, from).wrapping_mul(at(&self.power, n)))
    }
}

/// The key of segment `k` of a question of `len` chars whose chars hash to `hash`.
fn segment_key(len: usize, k: usize, hash: u64) -> u64 {
    hash ^ ((len as u64) << 2 | k as u64).wrapping_mul(0xff51_afd7_ed55_8ccd)
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

impl Fronts {
    pub(super) fn insert(&mut self, q: String, card: usize) {
        let pos = self.seen.len();
        self.exact.entry(q.clone()).or_insert(pos);
        let skeleton = skeleton(&q).map_or(NO_SKELETON, |s| {
            let next = u32::try_from(self.skeleton_ids.len()).unwrap_or(NO_SKELETON);
            *self.skeleton_ids.entry(s).or_insert(next)
        });
        self.skeletons.push(skeleton);
        let chars: Vec<char> = q.chars().collect();
        if chars.len() >= 3 {
            let prefixes = Prefixes::new(&chars);
            for (k, (start, n)) in segments_of(chars.len()).into_iter().enumerate() {
                let key = segment_key(chars.len(), k, prefixes.segment(start, n));
                let entry = u32::try_from(self.chain.len()).unwrap_or(u32::MAX);
                let previous = self.heads.insert(key, entry).unwrap_or(u32::MAX);
                // The run of entries with this skeleton ends where `previous`'s run ends.
                let other = match self.chain.get(previous as usize) {
                    Some(&(p, _, other))
                        if skeleton != NO_SKELETON
                            && self.skeletons.get(p as usize) == Some(&skeleton) =>
                    {
                        other
                    }
                    _ => previous,
                };
                self.chain
                    .push((u32::try_from(pos).unwrap_or(u32::MAX), previous, other));
            }
        }
        self.seen.push((q, card));
    }

    /// The card index of the first question equal or near to `q`.
    pub(super) fn first_like(&self, q: &str) -> Option<usize> {
        let mut best = self.exact.get(q).copied();
        // Earlier questions of this one's skeleton are never near it (see [`skeleton`]).
        let own = skeleton(q)
            .and_then(|s| self.skeleton_ids.get(&s).copied())
            .unwrap_or(NO_SKELETON);
        let chars: Vec<char> = q.chars().collect();
        let len = chars.len();
        let prefixes = Prefixes::new(&chars);
        for l in len.saturating_sub(2).max(3)..=len + 2 {
            // A segment left intact by the edits moves by what the edits before it insert
            // or delete, and the rest of the question by what the edits after it do: with
            // `delta` the difference in length, `shift` and `delta - shift` together need
            // at most two edits. Only those shifts are looked up.
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
                    let key = segment_key(l, k, prefixes.segment(from, n));
                    let mut entry = self.heads.get(&key).copied().unwrap_or(u32::MAX);
                    while let Some(&(pos, previous, other)) = self.chain.get(entry as usize) {
                        let pos = pos as usize;
                        if own != NO_SKELETON && self.skeletons.get(pos) == Some(&own) {
                            entry = other;
                            continue;
                        }
                        entry = previous;
                        if best.is_some_and(|b| b <= pos) {
                            continue;
                        }
                        if near(&self.seen[pos].0, q) {
                            best = Some(pos);
                        }
                    }
                }
            }
        }
        best.map(|pos| self.seen[pos].1)
    }
}

/// Two normalised questions that differ by at most two edits and are long enough to mean it,
/// unless what differs is a number ("GS Paper II" and "GS Paper III" are different questions).
pub(super) fn near(a: &str, b: &str) -> bool {
    let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    if wa.len() == wb.len()
        && wa
            .iter()
            .zip(&wb)
            .any(|(x, y)| x != y && numeric(x) && numeric(y))
    {
        return false;
    }
    a.len() > 12 && b.len() > 12 && a.len().abs_diff(b.len()) <= 2 && levenshtein_at_most_2(a, b)
}

fn levenshtein_at_most_2(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            cur[j] = (prev[j] + 1)
                .min(cur[j - 1] + 1)
                .min(prev[j - 1] + usize::from(a[i - 1] != b[j - 1]));
        }
        if cur.iter().min().is_some_and(|m| *m > 2) {
            return false;
        }
        prev = cur;
    }
    prev[b.len()] <= 2
}

#[cfg(test)]
mod tests {
    use super::Prefixes;
    use proptest::prelude::*;

    proptest! {
        /// A segment hashes alike wherever it stands: the index finds a segment moved by the
        /// edits before it.
        #[test]
        fn a_segment_hashes_alike_wherever_it_stands(
            before in "[a-cक्ष ]{0,12}",
            segment in "[a-cक्ष 0-9]{0,12}",
            after in "[a-cक्ष ]{0,12}",
        ) {
            let whole: Vec<char> = format!("{before}{segment}{after}").chars().collect();
            let alone: Vec<char> = segment.chars().collect();
            let (from, n) = (before.chars().count(), alone.len());
            prop_assert_eq!(
                Prefixes::new(&whole).segment(from, n),
                Prefixes::new(&alone).segment(0, n)
            );
        }
    }

    #[test]
    fn different_segments_hash_apart() {
        let chars: Vec<char> = "abcabd".chars().collect();
        let p = Prefixes::new(&chars);
        assert_eq!(p.segment(0, 2), p.segment(3, 2));
        assert_ne!(p.segment(0, 3), p.segment(3, 3));
        assert_ne!(p.segment(0, 1), p.segment(0, 2));
    }
}
