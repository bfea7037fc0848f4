//! A deck's outline: what scheduling, the statistics and the choice of a mock test's
//! questions need of a deck without its texts (its id, each card's id and sides, its groups
//! and their names, its cards' tags, and how each card can be asked in a mock test). The deck
//! list, the statistics, `exam-mode` and the mock test's setup work from outlines kept in the
//! deck index, so that a deck's texts are read only when it is opened, or when a test asks one
//! of its cards. Pure; must not depend on `store`/`tui`.

use std::sync::{Arc, Mutex, OnceLock};

use super::deck::{Deck, Side, Sides};
use super::ids::{CardId, DeckId};

/// What scheduling needs of a deck: its id and each card's id and sides, in deck order, with
/// its groups and its cards' tags.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outline {
    pub id: DeckId,
    pub cards: Vec<(CardId, Sides)>,
    /// Related cards: each entry lists the indices (into `cards`) of two or more cards of one
    /// group, in deck order. Empty for a deck that declares no groups.
    pub groups: Vec<Vec<usize>>,
    /// Each tag of the cards with the indices (into `cards`) of the cards that carry it, in
    /// deck order; tags in name order (see `Deck::card_tags`). Kept inverted, tag by tag, so
    /// that 100,000 cards with a tag each cost 400 KB, not a list per card.
    pub tags: Vec<(String, Vec<u32>)>,
    /// Each group name of the deck's cards with the indices (into `cards`) of its cards, every
    /// group however small, in order of first card. A group name is global across the decks
    /// loaded: a card of another deck with the same group tests the same fact, so the two are
    /// buried like siblings and a mock test asks one of them.
    pub group_names: Vec<(String, Vec<u32>)>,
    /// How each card (by index into `cards`) can be asked in a mock test, worked out when the
    /// deck index's entry is made (see `mock_draw::asked`); empty when not known (an outline
    /// made from a deck in memory: the draw then works it out from the deck).
    pub asked: Vec<Asked>,
}

/// How a card can be asked in a mock test (its first item, as multiple choice).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asked {
    /// An exam kind (mcq, multi, statements, match): always a question, with its own options.
    Exam,
    /// A fact whose item has three good wrong options: a four-option question.
    Choice,
    /// A fact without three good wrong options: not a test question.
    NoChoice,
}

impl Asked {
    /// The letter the deck index writes.
    pub fn code(self) -> char {
        match self {
            Asked::Exam => 'e',
            Asked::Choice => 'c',
            Asked::NoChoice => 'n',
        }
    }

    pub fn from_code(c: char) -> Option<Asked> {
        match c {
            'e' => Some(Asked::Exam),
            'c' => Some(Asked::Choice),
            'n' => Some(Asked::NoChoice),
            _ => None,
        }
    }
}

impl Outline {
    /// Number of study items.
    pub fn item_count(&self) -> usize {
        self.cards.iter().map(|(_, s)| s.len()).sum()
    }

    /// Every study item, in deck order, as a borrowed card id and a side.
    pub fn items(&self) -> impl Iterator<Item = (&str, Side)> + '_ {
        self.cards
            .iter()
            .flat_map(|(card, sides)| sides.iter().map(move |side| (card.as_str(), side)))
    }

    /// Each tagged card's id with its tags, tag by tag (a card with two tags comes twice).
    pub fn tagged_cards(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.tags.iter().flat_map(move |(tag, cards)| {
            cards.iter().filter_map(move |&i| {
                self.cards
                    .get(i as usize)
                    .map(|(id, _)| (id.as_str(), tag.as_str()))
            })
        })
    }
}

/// Which outline something derived from a deck's items was made for (a deck's summary in the
/// snapshot's binary copy): its number of study items and a hash of its items (card id and
/// side) in deck order. Kept in the deck index's binary copy, so that it is known without
/// making the outline (see [`LazyOutline::fingerprint`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    pub items: u32,
    pub hash: u64,
}

/// The fingerprint's hash is the same in every process (it is saved and read by another);
/// a change of it between builds only makes what was saved not fit.
const FINGERPRINT_SEED: u64 = 0x736d_7269_7469_0001;

impl Outline {
    /// The outline's fingerprint (one pass over its ids).
    pub fn fingerprint(&self) -> Fingerprint {
        use std::hash::{BuildHasher, Hasher};
        let mut h = foldhash::quality::FixedState::with_seed(FINGERPRINT_SEED).build_hasher();
        let mut items = 0u32;
        for (card, side) in self.items() {
            items = items.wrapping_add(1);
            h.write_usize(card.len());
            h.write(card.as_bytes());
            match side {
                Side::Forward => h.write_u32(0),
                Side::Reverse => h.write_u32(1),
                Side::Cloze(n) => h.write_u32(2 + u32::from(n)),
            }
        }
        Fingerprint {
            items,
            hash: h.finish(),
        }
    }
}

impl Deck {
    /// The deck's outline (ids and sides of its cards, and its groups).
    pub fn outline(&self) -> Outline {
        Outline {
            id: self.id.clone(),
            cards: self
                .cards
                .iter()
                .map(|c| (c.id.clone(), Sides::of(c)))
                .collect(),
            groups: self.groups(),
            tags: self.card_tags(),
            group_names: self.group_names(),
            asked: Vec::new(),
        }
    }

    /// Each group name of the deck's cards with the indices of its cards (see
    /// [`Outline::group_names`]).
    pub fn group_names(&self) -> Vec<(String, Vec<u32>)> {
        let mut at: std::collections::HashMap<&str, usize> = Default::default();
        let mut out: Vec<(String, Vec<u32>)> = Vec::new();
        for (i, c) in self.cards.iter().enumerate() {
            if let Some(g) = c.group.as_deref() {
                let k = *at.entry(g).or_insert_with(|| {
                    out.push((g.to_owned(), Vec::new()));
                    out.len() - 1
                });
                out[k].1.push(i as u32);
            }
        }
        out
    }

    /// Each tag of the deck's cards with the indices (into `cards`) of the cards that carry
    /// it, in deck order; the tags in name order.
    pub fn card_tags(&self) -> Vec<(String, Vec<u32>)> {
        let mut by_tag: std::collections::BTreeMap<&str, Vec<u32>> = Default::default();
        for (i, c) in self.cards.iter().enumerate() {
            for t in &c.tags {
                let cards = by_tag.entry(t.as_str()).or_default();
                // A tag given twice on one card counts once, as a card's tags are a set.
                if cards.last() != Some(&(i as u32)) {
                    cards.push(i as u32);
                }
            }
        }
        by_tag.into_iter().map(|(t, c)| (t.to_owned(), c)).collect()
    }
}

/// What a mock test's draw reads of a deck's outline, without its card ids: each card's
/// sides, the cards' tags and group names (as in [`Outline`]) and how each card can be asked.
/// The deck index's binary copy gives it without making the outline ([`LazyOutline::skim`]):
/// a test over 100,000 cards chooses its ten cards from these, and the ids (an allocation
/// each) are read only from the few decks its questions come from, when their files are read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Skim {
    pub sides: Vec<Sides>,
    pub tags: Vec<(String, Vec<u32>)>,
    pub group_names: Vec<(String, Vec<u32>)>,
    pub asked: Vec<Asked>,
}

/// A decoder that makes an outline once, when it is first wanted.
type Decode = Box<dyn FnOnce() -> Outline + Send>;

/// A decoder that makes a [`Skim`] once, when it is first wanted (`None`: none can be made,
/// the outline is to be made instead).
type SkimDecode = Box<dyn FnOnce() -> Option<Skim> + Send>;

/// An outline made when it is first wanted: the deck index's binary copy holds 100,000 card
/// ids at 100,000 cards, and the deck list's first frame needs each deck's title and number
/// of cards, not its ids. The number of cards and whether any card has a group are known
/// without making it. Clones share one outline (made once, by whichever clone asks first);
/// a ready outline is simply held.
#[derive(Clone)]
pub struct LazyOutline(Arc<Lazy>);

struct Lazy {
    made: OnceLock<Arc<Outline>>,
    /// The deck's id, known without making the outline.
    id: DeckId,
    decode: Mutex<Option<Decode>>,
    cards: usize,
    grouped: bool,
    /// Given with the decoder, or worked out from the outline when first asked.
    print: OnceLock<Fingerprint>,
    /// The tags' fingerprint (see [`OutlineRef::tags_print`]): given with the decoder, or
    /// worked out once.
    tags: OnceLock<u64>,
    /// The skim, made once from `skim_decode` when first wanted.
    skim: OnceLock<Option<Skim>>,
    skim_decode: Mutex<Option<SkimDecode>>,
    /// The tags' names in the outline's order, when given with the decoder (see
    /// [`OutlineRef::tag_names`]).
    names: Option<Box<[String]>>,
}

impl LazyOutline {
    /// An outline already made.
    pub fn ready(outline: Arc<Outline>) -> LazyOutline {
        let (cards, grouped) = (outline.cards.len(), !outline.group_names.is_empty());
        LazyOutline(Arc::new(Lazy {
            id: outline.id.clone(),
            made: OnceLock::from(outline),
            decode: Mutex::new(None),
            cards,
            grouped,
            print: OnceLock::new(),
            tags: OnceLock::new(),
            skim: OnceLock::from(None),
            skim_decode: Mutex::new(None),
            names: None,
        }))
    }

    /// An outline of deck `id` that `decode` makes when first wanted, which has `cards` cards,
    /// group names when `grouped`, and the fingerprint `print` (as the deck index's copy says:
    /// a decoder that finds the outline is not that one makes one with no cards).
    pub fn later(
        id: DeckId,
        cards: usize,
        grouped: bool,
        print: Fingerprint,
        decode: impl FnOnce() -> Outline + Send + 'static,
    ) -> LazyOutline {
        LazyOutline(Arc::new(Lazy {
            id,
            made: OnceLock::new(),
            decode: Mutex::new(Some(Box::new(decode))),
            cards,
            grouped,
            print: OnceLock::from(print),
            tags: OnceLock::new(),
            skim: OnceLock::new(),
            skim_decode: Mutex::new(None),
            names: None,
        }))
    }

    /// [`LazyOutline::later`] with what the statistics' accuracy by tag needs known too: the
    /// tags' fingerprint `tags_print` (as [`OutlineRef::tags_print`] works it out) and their
    /// names in order (as the deck index's copy says: a decoder that finds other names makes
    /// an outline with no cards), so that saved counters are checked and added up without the
    /// outline being made; `skim` makes the outline's [`Skim`] without its ids (see
    /// [`LazyOutline::later_with_skim`]).
    pub fn later_tagged(
        id: DeckId,
        (cards, grouped, print): (usize, bool, Fingerprint),
        (tags_print, names): (u64, Vec<String>),
        decode: impl FnOnce() -> Outline + Send + 'static,
        skim: impl FnOnce() -> Option<Skim> + Send + 'static,
    ) -> LazyOutline {
        let skim: SkimDecode = Box::new(skim);
        LazyOutline(Arc::new(Lazy {
            id,
            made: OnceLock::new(),
            decode: Mutex::new(Some(Box::new(decode))),
            cards,
            grouped,
            print: OnceLock::from(print),
            tags: OnceLock::from(tags_print),
            names: Some(names.into_boxed_slice()),
            skim: OnceLock::new(),
            skim_decode: Mutex::new(Some(skim)),
        }))
    }

    /// [`LazyOutline::later`], with `skim` to make the outline's [`Skim`] without its ids.
    pub fn later_with_skim(
        id: DeckId,
        cards: usize,
        grouped: bool,
        print: Fingerprint,
        decode: impl FnOnce() -> Outline + Send + 'static,
        skim: impl FnOnce() -> Option<Skim> + Send + 'static,
    ) -> LazyOutline {
        let lazy = LazyOutline::later(id, cards, grouped, print, decode);
        if let Ok(mut d) = lazy.0.skim_decode.lock() {
            *d = Some(Box::new(skim));
        }
        lazy
    }

    /// What a mock test's draw reads of the outline, without making it: the skim, when the
    /// outline has not been made (once made, the outline is what to read) and was given a
    /// decoder of one that could make it. `None` otherwise: read the outline.
    pub fn skim(&self) -> Option<&Skim> {
        if self.is_made() {
            return None;
        }
        self.0
            .skim
            .get_or_init(|| {
                let decode = self.0.skim_decode.lock().ok().and_then(|mut d| d.take());
                decode.and_then(|d| d())
            })
            .as_ref()
    }

    /// The deck's id, without making the outline.
    pub fn id(&self) -> &DeckId {
        &self.0.id
    }

    /// The outline's fingerprint: the one given with its decoder, without making it; else
    /// worked out once from the outline.
    pub fn fingerprint(&self) -> Fingerprint {
        *self.0.print.get_or_init(|| self.get().fingerprint())
    }

    /// The outline, made now if it was not yet. (A decoder is called once; if another
    /// thread's call of it panicked, the outline is empty.)
    pub fn get(&self) -> &Arc<Outline> {
        self.0.made.get_or_init(|| {
            let decode = self.0.decode.lock().ok().and_then(|mut d| d.take());
            Arc::new(decode.map(|d| d()).unwrap_or_default())
        })
    }

    /// The outline, shared.
    pub fn arc(&self) -> Arc<Outline> {
        Arc::clone(self.get())
    }

    /// Number of cards, without making the outline.
    pub fn card_count(&self) -> usize {
        self.0.made.get().map_or(self.0.cards, |o| o.cards.len())
    }

    /// Whether any card has a group name (see [`Outline::group_names`]), without making the
    /// outline.
    pub fn grouped(&self) -> bool {
        self.0
            .made
            .get()
            .map_or(self.0.grouped, |o| !o.group_names.is_empty())
    }

    /// Whether the outline has been made.
    pub fn is_made(&self) -> bool {
        self.0.made.get().is_some()
    }
}

/// A deck's outline as the statistics take it: the deck's id and the outline's fingerprint,
/// which a [`LazyOutline`] from the deck index knows without making the outline (a deck whose
/// saved summary fits is then counted without it), and the outline itself when it is wanted.
pub trait OutlineRef: Sync {
    fn deck_id(&self) -> &DeckId;
    fn print(&self) -> Fingerprint;
    fn outline(&self) -> &Outline;
    /// The fingerprint of the outline's tags, as `of` works it out (`tag_totals::fingerprint`,
    /// the one function given here): a [`LazyOutline`] works it out once and keeps it, as its
    /// outline never changes.
    fn tags_print(&self, of: fn(&Outline) -> u64) -> u64 {
        of(self.outline())
    }
    /// The names of the outline's tags in order, when known without making it (a
    /// [`LazyOutline`] from the deck index's copy); `None` otherwise (then read them from
    /// [`OutlineRef::outline`]).
    fn tag_names(&self) -> Option<&[String]> {
        None
    }
}

/// An outline in memory: its fingerprint is worked out at each call (one pass over its ids).
impl OutlineRef for Outline {
    fn deck_id(&self) -> &DeckId {
        &self.id
    }
    fn print(&self) -> Fingerprint {
        self.fingerprint()
    }
    fn outline(&self) -> &Outline {
        self
    }
}

impl<T: OutlineRef + ?Sized> OutlineRef for &T {
    fn deck_id(&self) -> &DeckId {
        (**self).deck_id()
    }
    fn print(&self) -> Fingerprint {
        (**self).print()
    }
    fn outline(&self) -> &Outline {
        (**self).outline()
    }
    fn tags_print(&self, of: fn(&Outline) -> u64) -> u64 {
        (**self).tags_print(of)
    }
    fn tag_names(&self) -> Option<&[String]> {
        (**self).tag_names()
    }
}

impl<T: OutlineRef + ?Sized + Send> OutlineRef for Arc<T> {
    fn deck_id(&self) -> &DeckId {
        (**self).deck_id()
    }
    fn print(&self) -> Fingerprint {
        (**self).print()
    }
    fn outline(&self) -> &Outline {
        (**self).outline()
    }
    fn tags_print(&self, of: fn(&Outline) -> u64) -> u64 {
        (**self).tags_print(of)
    }
    fn tag_names(&self) -> Option<&[String]> {
        (**self).tag_names()
    }
}

impl OutlineRef for LazyOutline {
    fn deck_id(&self) -> &DeckId {
        self.id()
    }
    fn print(&self) -> Fingerprint {
        self.fingerprint()
    }
    fn outline(&self) -> &Outline {
        self.get()
    }
    fn tags_print(&self, of: fn(&Outline) -> u64) -> u64 {
        *self.0.tags.get_or_init(|| of(self.get()))
    }
    fn tag_names(&self) -> Option<&[String]> {
        self.0.names.as_deref()
    }
}

impl Default for LazyOutline {
    fn default() -> LazyOutline {
        LazyOutline::ready(Arc::default())
    }
}

impl std::ops::Deref for LazyOutline {
    type Target = Outline;
    fn deref(&self) -> &Outline {
        self.get()
    }
}

impl From<Outline> for LazyOutline {
    fn from(outline: Outline) -> LazyOutline {
        LazyOutline::ready(Arc::new(outline))
    }
}

impl From<Arc<Outline>> for LazyOutline {
    fn from(outline: Arc<Outline>) -> LazyOutline {
        LazyOutline::ready(outline)
    }
}

/// Compares the outlines (making them).
impl PartialEq for LazyOutline {
    fn eq(&self, other: &LazyOutline) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || **self.get() == **other.get()
    }
}

impl std::fmt::Debug for LazyOutline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.made.get() {
            Some(o) => o.fmt(f),
            None => write!(f, "LazyOutline({} cards, not made)", self.0.cards),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn outline(n: usize) -> Outline {
        Outline {
            id: "d".into(),
            cards: (0..n)
                .map(|i| (format!("c{i}").into(), Sides::Forward))
                .collect(),
            ..Outline::default()
        }
    }

    #[test]
    fn a_lazy_outline_is_made_once_when_first_wanted_and_shared_by_its_clones() {
        let calls = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&calls);
        let lazy = LazyOutline::later("d".into(), 3, false, outline(3).fingerprint(), move || {
            counted.fetch_add(1, Ordering::SeqCst);
            outline(3)
        });
        let clone = lazy.clone();
        assert_eq!(
            (lazy.card_count(), lazy.grouped(), lazy.is_made()),
            (3, false, false)
        );
        assert_eq!(lazy.fingerprint(), outline(3).fingerprint());
        assert!(
            !lazy.is_made(),
            "the fingerprint given is known without the outline"
        );
        assert_eq!(calls.load(Ordering::SeqCst), 0);
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let c = clone.clone();
                std::thread::spawn(move || c.cards.len())
            })
            .collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), 3);
        }
        assert_eq!(*lazy, outline(3));
        assert!(lazy.is_made());
        assert_eq!(calls.load(Ordering::SeqCst), 1, "made once for every clone");
        // Once made, the outline's own figures are the ones given.
        let wrong =
            LazyOutline::later("d".into(), 5, true, outline(5).fingerprint(), || outline(2));
        assert_eq!(wrong.card_count(), 5);
        assert_eq!(wrong.cards.len(), 2);
        assert_eq!((wrong.card_count(), wrong.grouped()), (2, false));
        let ready = LazyOutline::from(outline(4));
        assert!(ready.is_made() && ready.card_count() == 4 && ready == outline(4).into());
        assert_eq!(ready.fingerprint(), outline(4).fingerprint());
    }

    /// The statistics screen opened again hashes no tagged card: a deck list's outline works
    /// its tags' fingerprint out once.
    #[test]
    fn a_lazy_outline_works_its_tags_fingerprint_out_once() {
        static CALLS: AtomicUsize = AtomicUsize::new(0);
        fn of(o: &Outline) -> u64 {
            CALLS.fetch_add(1, Ordering::SeqCst);
            o.cards.len() as u64
        }
        let lazy = LazyOutline::from(outline(3));
        assert_eq!(lazy.tags_print(of), 3);
        assert_eq!(lazy.clone().tags_print(of), 3);
        assert_eq!(CALLS.load(Ordering::SeqCst), 1);
        // An outline in memory works it out each time.
        assert_eq!(outline(2).tags_print(of), 2);
        assert_eq!(CALLS.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn a_fingerprint_tells_outlines_apart_by_their_items_in_order() {
        let base = outline(3);
        let print = base.fingerprint();
        assert_eq!(print.items, 3);
        assert_eq!(print, outline(3).fingerprint(), "the same in every process");
        let mut swapped = base.clone();
        swapped.cards.swap(0, 1);
        let mut reversed = base.clone();
        reversed.cards[2].1 = Sides::Both;
        let mut renamed = base.clone();
        // The id's length is hashed too: "c1" + "c2" is not "c" + "1c2".
        renamed.cards[1].0 = "c1c".into();
        renamed.cards[2].0 = "2".into();
        for other in [swapped, reversed, renamed, outline(4)] {
            assert_ne!(other.fingerprint(), print, "{other:?}");
        }
        // Tags, groups and letters are not items: the same fingerprint.
        let mut tagged = base.clone();
        tagged.tags = vec![("t".into(), vec![0])];
        assert_eq!(tagged.fingerprint(), print);
    }
}
