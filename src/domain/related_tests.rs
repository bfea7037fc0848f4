use super::*;
use crate::domain::deck::{Card, Deck};
use crate::domain::fixtures::{basic, card};
use crate::domain::scheduler::{Params, Rating};
use crate::domain::session::{Answer, Session, deck_counts, deck_counts_with};
use crate::domain::settings::Limits;
use jiff::Timestamp;
use jiff::tz::TimeZone;

/// Deck `id` of basic cards, each in the group given beside it, if any.
fn deck(id: &str, cards: &[(&str, Option<&str>)]) -> Deck {
    let cards = cards.iter().map(|(c, group)| Card {
        group: group.map(str::to_owned),
        ..card(c, basic(&format!("{c}?"), &format!("{c}!")), &[])
    });
    crate::domain::fixtures::deck(id, cards.collect())
}

/// Answers the card on screen in `s` Easy at `now`, a second in.
fn answer_easy(s: &mut Session, progress: &mut Progress, now: Timestamp, params: &Params) {
    let day_of = |t: Timestamp| day_at(t).date;
    s.answer(
        progress,
        Rating::Easy,
        now,
        Answer::flashcard(1000),
        params,
        &day_of,
    )
    .unwrap();
}

fn day_at(now: Timestamp) -> StudyDay {
    StudyDay::containing(now, &TimeZone::UTC, 4)
}

const LIMITS: Limits = Limits {
    new_per_day: 10,
    reviews_per_day: 100,
};

/// The prelims deck's ai-dialogue-lead and the mechanisms deck's q-ai-lead, in miniature:
/// once one is studied, the other waits until tomorrow in its own deck.
#[test]
fn a_group_shared_by_two_decks_buries_across_them() {
    let prelims = deck(
        "prelims",
        &[("ai-dialogue-lead", Some("ai-lead")), ("other", None)],
    );
    let mechanisms = deck("mechanisms", &[("q-ai-lead", Some("ai-lead")), ("w", None)]);
    let (po, mo) = (prelims.outline(), mechanisms.outline());
    let now: Timestamp = "2026-11-22T10:00:00Z".parse().unwrap();
    let day = day_at(now);
    let params = Params {
        enable_fuzz: false,
        ..Params::default()
    };
    let mut progress = Progress::default();
    assert!(!Related::of(&[&po, &mo], &progress, &day).is_busy("ai-lead"));
    let mut s = Session::new(&prelims, None, day.clone(), LIMITS, 1);
    let first = s.advance(now).unwrap().clone();
    assert_eq!(first.card, "ai-dialogue-lead");
    answer_easy(&mut s, &mut progress, now, &params);
    let related = Related::of(&[&po, &mo], &progress, &day);
    assert!(related.is_busy("ai-lead"));
    assert_eq!(related.waiting(&mo), HashSet::from([0]));
    // The mechanisms deck's session and count leave q-ai-lead for tomorrow.
    let mut m = Session::new_with(&mechanisms, None, day.clone(), LIMITS, 1, &related);
    assert_eq!(m.counts().new, 1);
    assert_eq!(m.advance(now).unwrap().card, "w");
    assert_eq!(deck_counts(&mo, None, &day, LIMITS).new, 2);
    assert_eq!(deck_counts_with(&mo, None, &day, LIMITS, &related).new, 1);
    // Tomorrow the easy answer is a review not due yet: the group is free again.
    let tomorrow = day_at(crate::domain::time::add_days(now, 1));
    let related = Related::of(&[&po, &mo], &progress, &tomorrow);
    assert!(!related.is_busy("ai-lead"));
    assert_eq!(
        deck_counts_with(&mo, None, &tomorrow, LIMITS, &related).new,
        2
    );
}

/// A group of one deck only is that deck's business: no other deck waits for it, and one
/// deck studied alone is not changed by other decks' groups.
#[test]
fn a_group_of_one_deck_never_reaches_another() {
    let a = deck("a", &[("x", Some("g")), ("y", Some("g"))]);
    let b = deck("b", &[("z", Some("h"))]);
    let (ao, bo) = (a.outline(), b.outline());
    let now: Timestamp = "2026-11-22T10:00:00Z".parse().unwrap();
    let day = day_at(now);
    let mut progress = Progress::default();
    let mut s = Session::new(&a, None, day.clone(), LIMITS, 1);
    s.advance(now).unwrap();
    answer_easy(&mut s, &mut progress, now, &Params::default());
    let related = Related::of(&[&ao, &bo], &progress, &day);
    assert_eq!(related, Related::none());
    assert!(related.waiting(&bo).is_empty());
}
