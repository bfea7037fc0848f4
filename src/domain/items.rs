//! [`Items`]: one deck's per-item states, stored densely (or left frozen in the bytes they were
//! read from), with a map's methods.
//!
//! A deck's progress was a `HashMap<ItemKey, CardState>`: at 100,000 cards that is ~20 MB of
//! buckets (hashbrown rounds each deck's ~2,000 items up to 4,096 buckets of ~100 bytes) plus an
//! allocated `Arc<str>` per card id, and start-up spent much of its time filling and hashing it.
//! Here the states sit in one `Vec` in the order they came, the card ids one after another in
//! one string, and a small table of `u32` positions (hashbrown's `HashTable`, foldhash) finds an
//! item by its card id and side. Iteration is in insertion order (a removal moves the last item
//! into the gap), so nothing may depend on it beyond "every item once"; equality is a map's
//! (the same keys with equal states, in any order).
//!
//! A deck read from the snapshot's binary copy is not built at all until it must be: its items
//! stay [`Frozen`] in the copy's bytes (the store checked every one when it read the file), and
//! the readers that look each card up ([`Items::state`]: the deck list's counts, the statistics,
//! the exam-day recall) or write them out in key order ([`Items::each_sorted`]: the snapshot)
//! find them there. Any other reader builds the deck's items once; a change builds them and
//! drops the frozen form, so a change never reaches the copy's bytes.
//!
//! Pure: no clock, files or terminal; must not depend on `store`/`tui`.

use std::fmt;
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::{Arc, OnceLock};

use hashbrown::HashTable;

use super::deck::{ItemKey, KeyRef, Side};
use super::outline::OutlineRef;
use super::scheduler::CardState;
use super::summary::{Kept, Summarizer, Summary};

/// Where an item's card id lies in [`Dense::text`], and its side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Slot {
    start: u32,
    len: u32,
    side: Side,
}

/// The items built whole: the states by card id and side (see the module's doc).
#[derive(Clone, Default)]
struct Dense {
    /// Every item's card id, one after another (a removed item's text stays until compacted).
    text: String,
    /// Per item (in the states' order), where its card id is in `text`, and its side.
    slots: Vec<Slot>,
    states: Vec<CardState>,
    /// Positions in `slots`/`states`, found by the hash of the card id and side.
    index: HashTable<u32>,
    /// Seeded per map (card ids come from deck files: no chosen collisions).
    hasher: foldhash::fast::RandomState,
    /// Bytes of `text` no item refers to any more.
    dead: usize,
}

/// An item's key as [`Items`] holds it: the card id borrowed from the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ItemRef<'a> {
    pub card: &'a str,
    pub side: Side,
}

impl ItemRef<'_> {
    /// The key as an owned [`ItemKey`] (copies the card id).
    pub fn to_key(&self) -> ItemKey {
        ItemKey {
            card: self.card.into(),
            side: self.side,
        }
    }
}

impl KeyRef for ItemRef<'_> {
    fn card(&self) -> &str {
        self.card
    }
    fn side(&self) -> Side {
        self.side
    }
}

impl fmt::Display for ItemRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        ItemKey::shown(self.card, self.side).fmt(f)
    }
}

/// A length or position as stored (a deck's ids and items stay far below 4 GiB: the files
/// that hold them are capped at 1 GiB).
fn u32_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn card_of<'t>(text: &'t str, s: &Slot) -> &'t str {
    let start = s.start as usize;
    text.get(start..start + s.len as usize).unwrap_or("")
}

fn hash_of(hasher: &foldhash::fast::RandomState, card: &str, side: Side) -> u64 {
    let mut h = hasher.build_hasher();
    h.write(card.as_bytes());
    side.hash(&mut h);
    h.finish()
}

impl Dense {
    fn with_capacity(items: usize, text: usize) -> Dense {
        Dense {
            text: String::with_capacity(text),
            slots: Vec::with_capacity(items),
            states: Vec::with_capacity(items),
            index: HashTable::with_capacity(items),
            ..Dense::default()
        }
    }

    pub fn len(&self) -> usize {
        self.states.len()
    }

    /// How many items fit before the states' memory grows.
    pub fn capacity(&self) -> usize {
        self.states.capacity()
    }

    fn hash(&self, card: &str, side: Side) -> u64 {
        hash_of(&self.hasher, card, side)
    }

    /// The position of `card`'s `side`, if it has a state.
    fn find(&self, card: &str, side: Side) -> Option<usize> {
        let (text, slots) = (&self.text, &self.slots);
        let eq = |&i: &u32| {
            slots
                .get(i as usize)
                .is_some_and(|s| s.side == side && card_of(text, s) == card)
        };
        self.index
            .find(self.hash(card, side), eq)
            .map(|&i| i as usize)
    }

    /// The state of the item `key` names (an [`ItemKey`], or a borrowed `(&str, Side)`).
    pub fn get<K: KeyRef + ?Sized>(&self, key: &K) -> Option<&CardState> {
        self.states.get(self.find(key.card(), key.side())?)
    }

    pub fn get_mut<K: KeyRef + ?Sized>(&mut self, key: &K) -> Option<&mut CardState> {
        let i = self.find(key.card(), key.side())?;
        self.states.get_mut(i)
    }

    pub fn contains_key<K: KeyRef + ?Sized>(&self, key: &K) -> bool {
        self.find(key.card(), key.side()).is_some()
    }

    /// Sets the item's state, giving back the one it replaces.
    pub fn insert<K: KeyRef>(&mut self, key: K, state: CardState) -> Option<CardState> {
        let (card, side) = (key.card(), key.side());
        let Dense {
            text,
            slots,
            states,
            index,
            hasher,
            ..
        } = self;
        // One hash and one probe, whether the item is there or not.
        let entry = index.entry(
            hash_of(hasher, card, side),
            |&i| {
                slots
                    .get(i as usize)
                    .is_some_and(|s| s.side == side && card_of(text, s) == card)
            },
            |&i| match slots.get(i as usize) {
                Some(s) => hash_of(hasher, card_of(text, s), s.side),
                None => 0,
            },
        );
        match entry {
            hashbrown::hash_table::Entry::Occupied(o) => states
                .get_mut(*o.get() as usize)
                .map(|s| std::mem::replace(s, state)),
            hashbrown::hash_table::Entry::Vacant(v) => {
                v.insert(u32_of(states.len()));
                slots.push(Slot {
                    start: u32_of(text.len()),
                    len: u32_of(card.len()),
                    side,
                });
                text.push_str(card);
                states.push(state);
                None
            }
        }
    }

    /// Takes the item out, giving back its state; the last item moves into its place.
    pub fn remove<K: KeyRef + ?Sized>(&mut self, key: &K) -> Option<CardState> {
        let (card, side) = (key.card(), key.side());
        let i = self.find(card, side)?;
        let h = self.hash(card, side);
        if let Ok(entry) = self.index.find_entry(h, |&j| j as usize == i) {
            entry.remove();
        }
        let last = self.states.len() - 1;
        if i != last {
            let moved = self.slots.get(last).copied()?;
            let mh = self.hash(card_of(&self.text, &moved), moved.side);
            if let Some(p) = self.index.find_mut(mh, |&j| j as usize == last) {
                *p = u32_of(i);
            }
        }
        let gone = self.slots.swap_remove(i);
        self.dead += gone.len as usize;
        let state = self.states.swap_remove(i);
        if self.dead > 4096 && self.dead > self.text.len() / 2 {
            self.compact();
        }
        Some(state)
    }

    /// Rewrites `text` without the removed items' ids.
    fn compact(&mut self) {
        let mut text = String::with_capacity(self.text.len() - self.dead);
        for s in &mut self.slots {
            let card = card_of(&self.text, s);
            s.start = u32_of(text.len());
            text.push_str(card);
        }
        self.text = text;
        self.dead = 0;
    }

    /// Every item and its state, in insertion order (see the module's doc).
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            text: &self.text,
            inner: self.slots.iter().zip(self.states.iter()),
        }
    }

    /// [`Items::iter`], the states to change.
    pub fn iter_mut(&mut self) -> impl ExactSizeIterator<Item = (ItemRef<'_>, &mut CardState)> {
        let text = &self.text;
        self.slots.iter().zip(&mut self.states).map(move |(s, st)| {
            (
                ItemRef {
                    card: card_of(text, s),
                    side: s.side,
                },
                st,
            )
        })
    }

    pub fn keys(&self) -> impl ExactSizeIterator<Item = ItemRef<'_>> + Clone + '_ {
        self.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> std::slice::Iter<'_, CardState> {
        self.states.iter()
    }

    pub fn values_mut(&mut self) -> std::slice::IterMut<'_, CardState> {
        self.states.iter_mut()
    }

    /// Removes every item, keeping the memory.
    pub fn clear(&mut self) {
        self.text.clear();
        self.slots.clear();
        self.states.clear();
        self.index.clear();
        self.dead = 0;
    }

    /// The items kept where `keep` says so.
    pub fn retain(&mut self, mut keep: impl FnMut(ItemRef<'_>, &mut CardState) -> bool) {
        let old = std::mem::take(self);
        let mut kept = Dense::with_capacity(old.len(), old.text.len() - old.dead);
        for (s, mut st) in old.slots.iter().zip(old.states) {
            let key = ItemRef {
                card: card_of(&old.text, s),
                side: s.side,
            };
            if keep(key, &mut st) {
                kept.insert(key, st);
            }
        }
        *self = kept;
    }
}

impl PartialEq for Dense {
    fn eq(&self, other: &Dense) -> bool {
        self.len() == other.len() && self.iter().all(|(k, s)| other.get(&k) == Some(s))
    }
}

/// A deck's items still in their saved form (the snapshot's binary copy, `store::progress_cache`):
/// found one by one without building them whole, and built whole ([`Items`]) only when
/// something needs them so. Whoever makes one has checked every item it holds, so that
/// [`Frozen::each`] gives every item: building them whole cannot fail.
pub trait Frozen: Send + Sync {
    /// How many items it holds.
    fn count(&self) -> usize;
    /// The state of `card`'s `side`, if it has one.
    fn state(&self, card: &str, side: Side) -> Option<CardState>;
    /// Every item, in key order (as the snapshot writes them), each key once.
    fn each(&self, put: &mut dyn FnMut(ItemRef<'_>, &CardState));
    /// The deck's summary saved with the items, if any (see `domain::summary`).
    fn summary(&self) -> Option<Summary<'_>> {
        None
    }
}

/// One deck's item states by card id and side (see the module's doc): built whole, or kept
/// [`Frozen`] until something needs them whole. Looking an item up with [`Items::state`], its
/// count, and [`Items::each_sorted`] never build a frozen deck's items; every other reader
/// builds them once (kept beside the frozen form), and every change builds them and lets the
/// frozen form go.
#[derive(Clone, Default)]
pub struct Items {
    /// The items when not frozen (and once a change has built a frozen deck's items).
    dense: Dense,
    /// The items in their saved form, until a change.
    frozen: Option<Arc<dyn Frozen>>,
    /// The frozen items built whole by a reader.
    thawed: OnceLock<Dense>,
    /// The summary made from these items for the outline first asked (`None`: the outline
    /// names an item twice), kept until a change (see [`Items::summary_for`]).
    kept: OnceLock<Option<Kept>>,
}

fn thaw(f: &dyn Frozen) -> Dense {
    let mut d = Dense::with_capacity(f.count(), f.count() * 8);
    f.each(&mut |k, s| {
        d.insert(k, s.clone());
    });
    d
}

impl Items {
    pub fn new() -> Items {
        Items::default()
    }

    /// Room for `items` items whose card ids take `text` bytes in all.
    pub fn with_capacity(items: usize, text: usize) -> Items {
        Items {
            dense: Dense::with_capacity(items, text),
            ..Items::default()
        }
    }

    /// The items `frozen` holds, left in their saved form until needed whole.
    pub fn frozen(frozen: Arc<dyn Frozen>) -> Items {
        Items {
            frozen: Some(frozen),
            ..Items::default()
        }
    }

    /// Whether the items are still only in their saved form (not built whole).
    pub fn is_frozen(&self) -> bool {
        self.only_frozen().is_some()
    }

    /// The saved form, while the items have not been built whole from it.
    fn only_frozen(&self) -> Option<&dyn Frozen> {
        match (&self.frozen, self.thawed.get()) {
            (Some(f), None) => Some(&**f),
            _ => None,
        }
    }

    /// The items built whole (a frozen deck's built now, once).
    fn whole(&self) -> &Dense {
        match &self.frozen {
            None => &self.dense,
            Some(f) => self.thawed.get_or_init(|| thaw(&**f)),
        }
    }

    /// The items built whole, to change: the frozen form is let go.
    fn whole_mut(&mut self) -> &mut Dense {
        self.kept = OnceLock::new();
        if let Some(f) = self.frozen.take() {
            self.dense = self.thawed.take().unwrap_or_else(|| thaw(&*f));
        }
        &mut self.dense
    }

    pub fn len(&self) -> usize {
        self.only_frozen()
            .map_or_else(|| self.whole().len(), |f| f.count())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many items fit before the states' memory grows.
    pub fn capacity(&self) -> usize {
        self.whole().capacity()
    }

    /// The state of the item `key` names, copied; a frozen deck's items are not built for it
    /// (the deck list's counts, the statistics and the exam-day recall look up every card).
    pub fn state<K: KeyRef + ?Sized>(&self, key: &K) -> Option<CardState> {
        match self.only_frozen() {
            Some(f) => f.state(key.card(), key.side()),
            None => self.whole().get(key).cloned(),
        }
    }

    /// The summary saved with the items, while they are still the saved ones (a change lets
    /// it go with the frozen form); `None` for items built whole.
    pub fn summary(&self) -> Option<Summary<'_>> {
        self.frozen.as_deref()?.summary()
    }

    /// The summary of these items for `outline` (`domain::summary`): the saved one while the
    /// items are the saved ones and it was made for this outline, else one made now from the
    /// items (one pass in key order) and kept until they change, so that the statistics
    /// screen opened again, or after an answer to one deck, looks up no other deck's cards.
    /// `None` when the outline names an item twice, or is not the one first asked here.
    /// The outline's fingerprint is the one it knows (see [`OutlineRef`]): a deck index's
    /// outline is not made for a saved summary that fits it.
    pub fn summary_for<O: OutlineRef + ?Sized>(&self, outline: &O) -> Option<Summary<'_>> {
        let print = outline.print();
        if let Some(s) = self.summary().filter(|s| s.fits_print(print)) {
            return Some(s);
        }
        let kept = self.kept.get_or_init(|| {
            let mut m = Summarizer::new(outline.outline());
            self.each_sorted(|k, s| m.item(k.card, k.side, s));
            m.finish().map(|m| m.kept())
        });
        kept.as_ref()
            .map(Kept::view)
            .filter(|s| s.fits_print(print))
    }

    /// Every item in key order, without building a frozen deck's items (the snapshot writer).
    pub fn each_sorted(&self, mut put: impl FnMut(ItemRef<'_>, &CardState)) {
        if let Some(f) = self.only_frozen() {
            return f.each(&mut put);
        }
        let mut items: Vec<(ItemRef, &CardState)> = self.iter().collect();
        items.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (k, s) in items {
            put(k, s);
        }
    }

    /// The state of the item `key` names (an [`ItemKey`], or a borrowed `(&str, Side)`).
    pub fn get<K: KeyRef + ?Sized>(&self, key: &K) -> Option<&CardState> {
        self.whole().get(key)
    }

    pub fn get_mut<K: KeyRef + ?Sized>(&mut self, key: &K) -> Option<&mut CardState> {
        self.whole_mut().get_mut(key)
    }

    pub fn contains_key<K: KeyRef + ?Sized>(&self, key: &K) -> bool {
        match self.only_frozen() {
            Some(f) => f.state(key.card(), key.side()).is_some(),
            None => self.whole().contains_key(key),
        }
    }

    /// Sets the item's state, giving back the one it replaces.
    pub fn insert<K: KeyRef>(&mut self, key: K, state: CardState) -> Option<CardState> {
        self.whole_mut().insert(key, state)
    }

    /// Takes the item out, giving back its state; the last item moves into its place.
    pub fn remove<K: KeyRef + ?Sized>(&mut self, key: &K) -> Option<CardState> {
        self.whole_mut().remove(key)
    }

    /// Every item and its state, in insertion order (see the module's doc).
    pub fn iter(&self) -> Iter<'_> {
        self.whole().iter()
    }

    /// [`Items::iter`], the states to change.
    pub fn iter_mut(&mut self) -> impl ExactSizeIterator<Item = (ItemRef<'_>, &mut CardState)> {
        self.whole_mut().iter_mut()
    }

    pub fn keys(&self) -> impl ExactSizeIterator<Item = ItemRef<'_>> + Clone + '_ {
        self.whole().keys()
    }

    pub fn values(&self) -> std::slice::Iter<'_, CardState> {
        self.whole().values()
    }

    pub fn values_mut(&mut self) -> std::slice::IterMut<'_, CardState> {
        self.whole_mut().values_mut()
    }

    /// Removes every item, keeping the memory.
    pub fn clear(&mut self) {
        self.whole_mut().clear();
    }

    /// The items kept where `keep` says so.
    pub fn retain(&mut self, keep: impl FnMut(ItemRef<'_>, &mut CardState) -> bool) {
        self.whole_mut().retain(keep);
    }
}

impl PartialEq for Items {
    fn eq(&self, other: &Items) -> bool {
        self.whole() == other.whole()
    }
}

/// `items[&key]` in tests, as with a map: the state, or a panic when there is none.
#[cfg(test)]
impl<K: KeyRef + ?Sized> std::ops::Index<&K> for Items {
    type Output = CardState;
    fn index(&self, key: &K) -> &CardState {
        match self.get(key) {
            Some(s) => s,
            None => panic!("no item {}", ItemKey::shown(key.card(), key.side())),
        }
    }
}

impl fmt::Debug for Items {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<'a> IntoIterator for &'a Items {
    type Item = (ItemRef<'a>, &'a CardState);
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// [`Items::iter`]'s iterator.
#[derive(Clone)]
pub struct Iter<'a> {
    text: &'a str,
    inner: std::iter::Zip<std::slice::Iter<'a, Slot>, std::slice::Iter<'a, CardState>>,
}

impl<'a> Iterator for Iter<'a> {
    type Item = (ItemRef<'a>, &'a CardState);
    fn next(&mut self) -> Option<Self::Item> {
        let (s, st) = self.inner.next()?;
        let key = ItemRef {
            card: card_of(self.text, s),
            side: s.side,
        };
        Some((key, st))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<K: KeyRef> Extend<(K, CardState)> for Items {
    fn extend<I: IntoIterator<Item = (K, CardState)>>(&mut self, iter: I) {
        for (k, s) in iter {
            self.insert(k, s);
        }
    }
}

impl<K: KeyRef> FromIterator<(K, CardState)> for Items {
    fn from_iter<I: IntoIterator<Item = (K, CardState)>>(iter: I) -> Items {
        let mut items = Items::new();
        items.extend(iter);
        items
    }
}

#[cfg(test)]
#[path = "items_tests.rs"]
mod tests;
