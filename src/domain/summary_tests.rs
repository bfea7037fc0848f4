use std::collections::HashMap;
use std::sync::Arc;

use jiff::civil::Date;
use proptest::prelude::*;

use super::*;
use crate::domain::aggregates::Aggregates;
use crate::domain::deck::{ItemKey, Sides};
use crate::domain::ids::{CardId, DeckId};
use crate::domain::items::{Frozen, ItemRef, Items};
use crate::domain::progress::{DeckProgress, Progress};
use crate::domain::stats::{figures, looked_up, recall_looked_up};

/// A deck's items frozen with the summary made for `outline`, as the binary copy keeps them.
struct Saved {
    items: Vec<(String, Side, CardState)>,
    made: Option<Kept>,
}

impl Saved {
    fn of(items: &Items, outline: Option<&Arc<Outline>>) -> Saved {
        let mut sorted: Vec<(String, Side, CardState)> = items
            .iter()
            .map(|(k, s)| (k.card.to_owned(), k.side, s.clone()))
            .collect();
        sorted.sort_by(|a, b| (a.0.as_str(), a.1).cmp(&(b.0.as_str(), b.1)));
        let made = outline.and_then(|o| {
            let mut m = Summarizer::new(Arc::clone(o));
            for (c, side, s) in &sorted {
                m.item(c, *side, s);
            }
            m.finish()
        });
        Saved {
            items: sorted,
            made: made.map(Made::kept),
        }
    }
}

impl Frozen for Saved {
    fn count(&self) -> usize {
        self.items.len()
    }
    fn state(&self, card: &str, side: Side) -> Option<CardState> {
        self.items
            .iter()
            .find(|(c, s, _)| c == card && *s == side)
            .map(|(_, _, s)| s.clone())
    }
    fn each(&self, put: &mut dyn FnMut(ItemRef<'_>, &CardState)) {
        for (card, side, s) in &self.items {
            put(ItemRef { card, side: *side }, s);
        }
    }
    fn summary(&self) -> Option<Summary<'_>> {
        self.made.as_ref().map(Kept::view)
    }
}

fn at(s: i64) -> Timestamp {
    Timestamp::from_second(s).unwrap()
}

const DAY: i64 = 86_400;

fn state(phase: u8, last: i64, due: i64, stability: f64) -> CardState {
    CardState {
        phase: match phase % 3 {
            0 => Phase::Learning,
            1 => Phase::Review,
            _ => Phase::Relearning,
        },
        step: None,
        stability,
        difficulty: 5.0,
        due: at(due),
        last_review: at(last),
        reps: 1,
        lapses: 0,
    }
}

fn outline(id: &str, cards: &[(String, u8)]) -> Outline {
    Outline {
        id: DeckId::from(id),
        cards: cards
            .iter()
            .map(|(c, s)| {
                let sides = match s % 3 {
                    0 => Sides::Forward,
                    1 => Sides::Both,
                    _ => Sides::Cloze(u16::from(s % 4) + 1),
                };
                (CardId::from(c.as_str()), sides)
            })
            .collect(),
        ..Outline::default()
    }
}

/// Progress of one deck `d`: its items frozen with a summary made for `made_for` (or built
/// whole when `None`).
fn progress(items: &Items, made_for: Option<&Arc<Outline>>, frozen: bool) -> Progress {
    let items = if frozen {
        Items::frozen(Arc::new(Saved::of(items, made_for)))
    } else {
        items.clone()
    };
    let dp = DeckProgress {
        items,
        today: Default::default(),
        suspended: Default::default(),
    };
    Progress {
        decks: HashMap::from([(DeckId::from("d"), Arc::new(dp))]),
        last_seq: 0,
    }
}

fn day_end(d: Date) -> Timestamp {
    d.tomorrow()
        .unwrap()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .unwrap()
        .timestamp()
}

/// An item drawn: card id, side, phase, last review, days to due, stability.
type Drawn = (String, u8, u8, i64, i64, f64);

/// Cards `c0`..`cN` with sides, and items over some of them (and some ids no longer there).
fn deck_and_items() -> impl Strategy<Value = (Vec<(String, u8)>, Vec<Drawn>)> {
    (
        proptest::collection::vec((0u16..60, any::<u8>()), 0..25),
        proptest::collection::vec(
            (
                0u16..70,
                any::<u8>(),
                any::<u8>(),
                -400i64..400,
                0i64..60,
                0.1f64..400.0,
            ),
            0..40,
        ),
    )
        .prop_map(|(cards, items)| {
            let mut seen = std::collections::HashSet::new();
            let cards = cards
                .into_iter()
                .filter(|(c, _)| seen.insert(*c))
                .map(|(c, s)| (format!("c{c}"), s))
                .collect();
            let items = items
                .into_iter()
                .map(|(c, side, ph, last, gap, s)| (format!("c{c}"), side, ph, last, gap, s))
                .collect();
            (cards, items)
        })
}

fn items_of(items: &[Drawn]) -> Items {
    items_spread(items, 3, 2)
}

/// Items over `items` as drawn: a last review `last / last_per_day` days and a due date
/// `gap / gap_per_day` days after it (fractions of a day when the divisors are large).
fn items_spread(items: &[Drawn], last_per_day: i64, gap_per_day: i64) -> Items {
    let today = 1_800_000_000;
    let mut out = Items::new();
    for (card, side, phase, last, gap, s) in items {
        let side = match side % 4 {
            0 | 1 => Side::Forward,
            2 => Side::Reverse,
            n => Side::Cloze(u16::from(n)),
        };
        let last = today + last * DAY / last_per_day;
        out.insert(
            (card.as_str(), side),
            state(*phase, last, last + gap * DAY / gap_per_day, *s),
        );
    }
    out
}

/// The summary's figures against looking up every card of `o` in `dp` (the reference).
fn same_as_looked_up(
    sum: Summary,
    o: &Outline,
    dp: &DeckProgress,
    exam: Timestamp,
) -> Result<(), TestCaseError> {
    let today = Date::new(2027, 1, 15).unwrap();
    let ends: Vec<Timestamp> = (0..30)
        .map(|i| day_end(today.checked_add(jiff::Span::new().days(i)).unwrap()))
        .collect();
    let (mut states, mut forecast) = (States::default(), vec![0u32; 30]);
    looked_up(o, Some(dp), &ends, &mut states, &mut forecast);
    prop_assert_eq!(sum.states, states);
    let mut from_sum = vec![0u32; 30];
    sum.add_forecast(&ends, &mut from_sum);
    prop_assert_eq!(from_sum, forecast);
    let params = crate::domain::scheduler::Params::default();
    let (a, b) = (
        sum.recall(exam, &params),
        recall_looked_up(o, Some(dp), exam, &params),
    );
    prop_assert_eq!(a.mean.to_bits(), b.mean.to_bits());
    prop_assert_eq!(a, b);
    // exam-mode's count: studied items due before the exam morning.
    let before = o
        .items()
        .filter_map(|k| dp.items.state(&k as &dyn crate::domain::deck::KeyRef))
        .filter(|s| s.due < exam)
        .count();
    prop_assert_eq!(sum.due_before(exam), before);
    Ok(())
}

proptest! {
    /// The figures, the exam-day recall and exam-mode's count of a deck read from its summary
    /// are those of looking every card up, whatever the items (some of cards the outline no
    /// longer has): the summary saved with frozen items, and the one made from items in
    /// memory and kept with them.
    #[test]
    fn a_summary_gives_what_the_look_ups_give((cards, items) in deck_and_items(), exam in 0i64..400) {
        let o = Arc::new(outline("d", &cards));
        let items = items_of(&items);
        let exam = at(1_800_000_000 + exam * DAY);
        let saved = progress(&items, Some(&o), true);
        let kept = progress(&items, None, false);
        let dp = kept.deck("d").unwrap();
        prop_assert!(saved.deck("d").unwrap().items.summary().is_some_and(|s| s.fits(&o)));
        for p in [&saved, &kept] {
            let sum = p.deck("d").and_then(|d| d.items.summary_for(&o));
            prop_assert!(sum.is_some());
            same_as_looked_up(sum.unwrap(), &o, dp, exam)?;
        }
        let today = Date::new(2027, 1, 15).unwrap();
        let totals = Aggregates::default();
        prop_assert_eq!(
            figures(&[&o], &totals, &saved, &[], today, &day_end),
            figures(&[&o], &totals, &kept, &[], today, &day_end)
        );
    }

    /// A summary made for another outline (a card removed, the rest perhaps reordered) does
    /// not fit it, and the figures for that outline are then made from the items, as the
    /// look-ups give them.
    #[test]
    fn a_summary_for_another_outline_is_not_used((cards, items) in deck_and_items(), cut in any::<prop::sample::Index>()) {
        prop_assume!(!cards.is_empty());
        let o = Arc::new(outline("d", &cards));
        let mut other_cards = cards.clone();
        other_cards.remove(cut.index(cards.len()));
        let other = outline("d", &other_cards);
        let items = items_of(&items);
        let saved = progress(&items, Some(&o), true);
        let d = saved.deck("d").unwrap();
        prop_assert!(d.items.summary().is_some_and(|s| !s.fits(&other)));
        let kept = progress(&items, None, false);
        let sum = d.items.summary_for(&other);
        prop_assert!(sum.is_some_and(|s| s.fits(&other)));
        same_as_looked_up(sum.unwrap(), &other, kept.deck("d").unwrap(), at(1_800_000_000))?;
    }
}

#[test]
fn a_change_to_the_items_lets_the_summary_go() {
    let o = Arc::new(outline("d", &[("a".into(), 0), ("b".into(), 1)]));
    let mut items = Items::new();
    items.insert(("a", Side::Forward), state(1, 0, 30 * DAY, 20.0));
    let mut frozen = Items::frozen(Arc::new(Saved::of(&items, Some(&o))));
    let s = frozen.summary().unwrap();
    assert_eq!(
        s.states,
        States {
            new: 2,
            learning: 0,
            young: 0,
            mature: 1
        }
    );
    assert_eq!(s.outline, fingerprint(&o));
    // Reading the items whole keeps it (they are the same); a change does not.
    assert_eq!(frozen.iter().count(), 1);
    assert!(frozen.summary().is_some());
    frozen.insert(("b", Side::Reverse), state(0, 0, DAY, 1.0));
    assert!(frozen.summary().is_none());
    // The summary made from the items in memory counts the change, and the next one too.
    assert_eq!(frozen.summary_for(&o).unwrap().states.learning, 1);
    frozen.insert(("b", Side::Forward), state(0, 0, DAY, 1.0));
    let s = frozen.summary_for(&o).unwrap();
    assert_eq!((s.states.new, s.states.learning, s.dues.len()), (0, 2, 3));
}

#[test]
fn an_outline_naming_an_item_twice_gets_no_summary() {
    let o = Arc::new(outline("d", &[("a".into(), 0), ("a".into(), 0)]));
    let mut m = Summarizer::new(o);
    m.item("a", Side::Forward, &state(1, 0, DAY, 1.0));
    assert_eq!(m.finish(), None);
}

#[test]
fn fingerprints_tell_order_sides_and_ids_apart() {
    let p = |cards: &[(&str, u8)]| {
        let cards: Vec<(String, u8)> = cards.iter().map(|(c, s)| (c.to_string(), *s)).collect();
        fingerprint(&outline("d", &cards))
    };
    let base = p(&[("a", 0), ("b", 0)]);
    assert_eq!(base, p(&[("a", 0), ("b", 0)]));
    assert_eq!(base.items, 2);
    for other in [
        p(&[("b", 0), ("a", 0)]),
        p(&[("a", 1), ("b", 0)]),
        p(&[("ab", 0), ("", 0)]),
        p(&[("a", 0)]),
    ] {
        assert_ne!(base, other);
    }
}

/// The statistics of a deck whose saved summary fits the fingerprint its outline knows (the
/// deck index's) neither make the outline nor hash it: the all-decks screen at 1,000,000 cards
/// does no work per card. A deck whose items changed has its outline made (and is right).
#[test]
fn a_deck_index_outline_is_not_made_for_a_saved_summary_that_fits() {
    use crate::domain::outline::LazyOutline;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let o = Arc::new(outline(
        "d",
        &[("a".into(), 0), ("b".into(), 1), ("c".into(), 2)],
    ));
    let mut items = Items::new();
    items.insert(("a", Side::Forward), state(1, 0, 30 * DAY, 20.0));
    items.insert(("b", Side::Reverse), state(0, 0, DAY, 1.0));
    let made = Arc::new(AtomicUsize::new(0));
    let lazy = |made: &Arc<AtomicUsize>| {
        let (made, o2) = (Arc::clone(made), Arc::clone(&o));
        LazyOutline::later("d".into(), 3, false, fingerprint(&o), move || {
            made.fetch_add(1, Ordering::SeqCst);
            (*o2).clone()
        })
    };
    let today = Date::new(2027, 1, 15).unwrap();
    let totals = Aggregates::default();
    let saved = progress(&items, Some(&o), true);
    let l = lazy(&made);
    let f = figures(&[&l], &totals, &saved, &[], today, &day_end);
    assert_eq!(f, figures(&[&*o], &totals, &saved, &[], today, &day_end));
    let params = crate::domain::scheduler::Params::default();
    let exam = at(1_800_000_000);
    assert_eq!(
        crate::domain::stats::predicted_recall(&l, &saved, exam, &params),
        recall_looked_up(&o, saved.deck("d"), exam, &params)
    );
    assert_eq!(made.load(Ordering::SeqCst), 0, "the outline was made");
    // Items built whole (an answer since the snapshot): the outline is made, once.
    let changed = progress(&items, None, false);
    let l = lazy(&made);
    assert_eq!(
        figures(&[&l], &totals, &changed, &[], today, &day_end),
        figures(&[&*o], &totals, &changed, &[], today, &day_end)
    );
    assert_eq!(made.load(Ordering::SeqCst), 1);
}

/// The accuracy by tag of a deck index's outline that knows its tags' names and fingerprint
/// is added up from the saved counters without the outline being made, and equals the one
/// from the outline; counters made for other tags have the outline made (and are right).
#[test]
fn a_deck_index_outline_is_not_made_for_saved_tag_counters_that_fit() {
    use crate::domain::aggregates::{CardTotals, DeckTotals};
    use crate::domain::outline::LazyOutline;
    use crate::domain::tag_totals::fingerprint as tags_fingerprint;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let mut o = outline("d", &[("a".into(), 0), ("b".into(), 1), ("c".into(), 2)]);
    o.tags = vec![("x".into(), vec![0, 2]), ("y".into(), vec![1])];
    let o = Arc::new(o);
    let mut items = Items::new();
    items.insert(("a", Side::Forward), state(1, 0, 30 * DAY, 20.0));
    let mut dt = DeckTotals::default();
    for (card, right, answers) in [("a", 2, 3), ("c", 1, 1)] {
        dt.cards.insert(card.into(), CardTotals { right, answers });
    }
    let made = Arc::new(AtomicUsize::new(0));
    let lazy = |made: &Arc<AtomicUsize>, names: Vec<String>| {
        let (made, o2) = (Arc::clone(made), Arc::clone(&o));
        let known = (3, false, fingerprint(&o));
        LazyOutline::later_tagged(
            "d".into(),
            known,
            (tags_fingerprint(&o), names),
            move || {
                made.fetch_add(1, Ordering::SeqCst);
                (*o2).clone()
            },
            || None,
        )
    };
    let today = Date::new(2027, 1, 15).unwrap();
    let saved = progress(&items, Some(&o), true);
    let names = vec!["x".to_owned(), "y".to_owned()];
    for (counters_of, outline_made) in [(&*o, 0), (&outline("d", &[]), 1)] {
        let mut totals = Aggregates::default();
        let mut d = dt.clone();
        d.tags = Some(d.count_tags(counters_of));
        totals.decks.insert("d".into(), d);
        made.store(0, Ordering::SeqCst);
        let l = lazy(&made, names.clone());
        let f = figures(&[&l], &totals, &saved, &[], today, &day_end);
        assert_eq!(f, figures(&[&*o], &totals, &saved, &[], today, &day_end));
        assert_eq!(f.by_tag.len(), 1, "y has no answers: {:?}", f.by_tag);
        assert_eq!((f.by_tag[0].right, f.by_tag[0].answers), (3, 4));
        assert_eq!(made.load(Ordering::SeqCst), outline_made);
    }
}

/// Items over `items` as drawn, their last reviews within a few days of one another (so that
/// cards studied on the day counted, and the day's edges, come up).
fn items_near(items: &[Drawn]) -> Items {
    items_spread(items, 100, 20)
}

proptest! {
    /// The deck list's counts from a deck's saved summary are those of the walk over its
    /// cards (`today::deck_counts`), whatever the items, limits, today's counts and the day
    /// (from a day ending before the latest review, when the summary cannot tell, to two
    /// days after it); and the summary tells them on every day from the latest review's
    /// to the next.
    #[test]
    fn the_counts_from_a_summary_are_the_walks(
        (cards, items) in deck_and_items(),
        back in 0i64..60,
        new_per_day in 0u32..12,
        reviews_per_day in 0u32..30,
        done in (0u32..5, 0u32..5),
    ) {
        use crate::domain::session::{deck_counts, deck_counts_saved};
        use crate::domain::settings::Limits;
        use crate::domain::time::StudyDay;
        let o = Arc::new(outline("d", &cards));
        let items = items_near(&items);
        let mut saved = progress(&items, Some(&o), true);
        let latest = items.values().map(|s| s.last_review).max();
        let latest = latest.map_or(1_800_000_000, |t| t.as_second());
        // A day starting from 2 days after the latest review to 3.5 days before it.
        let start = latest + 2 * DAY - back * DAY / 8;
        let date = Date::new(2027, 1, 15).unwrap();
        let day = StudyDay { date, start: at(start), end: at(start + DAY) };
        let limits = Limits { new_per_day, reviews_per_day };
        if let Some(dp) = saved.decks.get_mut("d") {
            let dp = Arc::make_mut(dp);
            dp.today.date = Some(date);
            (dp.today.new, dp.today.reviews) = done;
        }
        let dp = saved.deck("d").unwrap();
        let walked = deck_counts(&o, Some(dp), &day, limits);
        let told = deck_counts_saved(o.fingerprint(), Some(dp), &day, limits);
        if let Some(c) = told {
            prop_assert_eq!(c, walked);
        }
        let latest_in = items.is_empty() || (day.start..day.end).contains(&at(latest))
            || (day.start > at(latest) && day.start <= at(latest + DAY));
        if latest_in {
            prop_assert!(told.is_some(), "the summary tells the counts");
        }
        // No progress: every item new, up to the day's limit.
        prop_assert_eq!(
            deck_counts_saved(o.fingerprint(), None, &day, limits),
            Some(deck_counts(&o, None, &day, limits))
        );
    }
}

/// A deck with a suspended item, or with groups, is walked; so is one whose summary was made
/// for another outline.
#[test]
fn the_counts_are_walked_when_the_summary_cannot_tell() {
    use crate::domain::session::deck_counts_saved;
    use crate::domain::settings::Limits;
    use crate::domain::time::StudyDay;
    let cards = [("a".to_owned(), 1u8), ("b".to_owned(), 0)];
    let o = Arc::new(outline("d", &cards));
    let mut items = Items::new();
    items.insert(("a", Side::Forward), state(1, 0, 30 * DAY, 20.0));
    let day = StudyDay {
        date: Date::new(2027, 1, 15).unwrap(),
        start: at(DAY),
        end: at(2 * DAY),
    };
    let limits = Limits {
        new_per_day: 20,
        reviews_per_day: 200,
    };
    let saved = progress(&items, Some(&o), true);
    let dp = saved.deck("d").unwrap();
    assert!(deck_counts_saved(o.fingerprint(), Some(dp), &day, limits).is_some());
    let other = outline("d", &cards[..1]);
    assert_eq!(
        deck_counts_saved(other.fingerprint(), Some(dp), &day, limits),
        None
    );
    let mut suspended = saved.clone();
    Arc::make_mut(suspended.decks.get_mut("d").unwrap())
        .suspended
        .insert(ItemKey::parse("b"));
    let dp = suspended.deck("d").unwrap();
    assert_eq!(
        deck_counts_saved(o.fingerprint(), Some(dp), &day, limits),
        None
    );
    let mut grouped = (*o).clone();
    grouped.groups = vec![vec![0, 1]];
    let grouped = Arc::new(grouped);
    let saved = progress(&items, Some(&grouped), true);
    let dp = saved.deck("d").unwrap();
    assert!(dp.items.summary().unwrap().today.is_none());
    assert_eq!(
        deck_counts_saved(grouped.fingerprint(), Some(dp), &day, limits),
        None
    );
}

/// An answer (or an undo: any change to the items) lets the saved summary go, and the counts
/// are walked again from the items as they are; a new day is counted from the summary anew.
#[test]
fn after_a_change_to_the_items_the_counts_are_walked() {
    use crate::domain::session::{deck_counts, deck_counts_saved};
    use crate::domain::settings::Limits;
    use crate::domain::time::StudyDay;
    let cards = [("a".to_owned(), 1u8), ("b".to_owned(), 0)];
    let o = Arc::new(outline("d", &cards));
    let mut items = Items::new();
    items.insert(("a", Side::Forward), state(1, DAY / 2, 3 * DAY, 20.0));
    let limits = Limits {
        new_per_day: 20,
        reviews_per_day: 200,
    };
    let day = |d: i64| StudyDay {
        date: Date::new(2027, 1, 15).unwrap(),
        start: at(d * DAY),
        end: at((d + 1) * DAY),
    };
    let mut saved = progress(&items, Some(&o), true);
    let dp = saved.deck("d").unwrap();
    // Day 0: `a` studied today, its reverse waits; `b` is new.
    let c = deck_counts_saved(o.fingerprint(), Some(dp), &day(0), limits).unwrap();
    assert_eq!((c.new, c.learning, c.due), (1, 0, 0));
    assert_eq!(c, deck_counts(&o, Some(dp), &day(0), limits));
    // The next day (a rollover): the reverse is new again; on day 3 `a` is due.
    let c = deck_counts_saved(o.fingerprint(), Some(dp), &day(1), limits).unwrap();
    assert_eq!((c.new, c.learning, c.due), (2, 0, 0));
    let c = deck_counts_saved(o.fingerprint(), Some(dp), &day(3), limits).unwrap();
    assert_eq!((c.new, c.learning, c.due), (2, 0, 1));
    // An answer to `b`: the summary is no longer the items', so the walk counts.
    Arc::make_mut(saved.decks.get_mut("d").unwrap())
        .items
        .insert(("b", Side::Forward), state(0, DAY / 2, DAY / 2 + 600, 1.0));
    let dp = saved.deck("d").unwrap();
    assert_eq!(
        deck_counts_saved(o.fingerprint(), Some(dp), &day(0), limits),
        None
    );
    let c = deck_counts(&o, Some(dp), &day(0), limits);
    assert_eq!((c.new, c.learning, c.due), (0, 1, 0));
}
