//! The memory-model screens (exam-day plan, desired retention, optimize): how they are
//! reached, what they ask the run loop for, what they show while the work runs and after, and
//! what applying saves. The work itself is done here as the run loop's thread would do it,
//! with the domain functions, on the fixture deck.

use super::tests::{app, fixture_scope, now, render};
use super::*;
use crate::domain::memory::base::{self, Base, Table};
use crate::domain::memory::fit::{Evaluation, Fit, FitError};
use crate::domain::memory::plan::{self, Goal, Proposal};
use crate::domain::memory::workload::Habits;
use crate::domain::outline::Outline;
use crate::tui::action::{MemoryJob, MemoryResult, Optimized, SettingsChange};
use crate::tui::screens::parts::Job;

fn start_of(a: &App, days: usize) -> Base {
    let outlines: Vec<&Outline> = a.shared.decks.iter().map(|e| &*e.outline).collect();
    base::base(
        &outlines,
        &a.shared.progress,
        &a.shared.settings,
        Habits::default(),
        now(),
        days,
    )
}

/// The plan the run loop's thread would find for the fixture deck.
fn proposal(a: &App, days: usize, minutes: f64) -> Proposal {
    let b = start_of(a, days);
    let goal = Goal {
        exam_day: days,
        budget_minutes: minutes,
        seed: 1,
        runs: 2,
    };
    plan::propose(&b, &goal, 4, false, |_, _| true).unwrap()
}

fn table(a: &App) -> Table {
    start_of(a, 180).table(1, 2, |_, _| true).unwrap()
}

fn stats_up(a: &mut App) {
    let decks: Vec<&Deck> = a.shared.decks.iter().filter_map(DeckEntry::deck).collect();
    let day_of = |t: Timestamp| StudyDay::containing(t, &TimeZone::UTC, 4).date;
    let day_end = |d: jiff::civil::Date| {
        crate::domain::time::day_start(d.tomorrow().unwrap(), &TimeZone::UTC, 4)
    };
    let stats = crate::domain::stats::compute(
        &decks,
        &a.shared.progress,
        &[],
        &[],
        now(),
        &day_of,
        &day_end,
    );
    a.update(Action::StatsLoaded(fixture_scope(), Box::new(stats)), now());
    assert!(matches!(a.screen, Screen::Stats(_)));
}

/// The figures of one row of the plan's table.
fn row_of(screen: &str, name: &str) -> String {
    screen
        .lines()
        .find_map(|l| l.split_once(name).map(|(_, rest)| rest.trim().to_owned()))
        .unwrap_or_default()
}

#[test]
fn the_plan_opens_from_the_deck_list_shows_its_progress_then_the_plan_and_applies_it() {
    let mut a = app();
    let exam = jiff::civil::date(2027, 2, 20);
    assert_eq!(
        a.update(Action::OpenPlan, now()),
        vec![Effect::Memory(MemoryJob::Plan {
            exam,
            minutes: 30.0
        })],
        "no exam date set: 90 days from today, 30 minutes a day"
    );
    assert_eq!(a.context(), Context::Plan);
    a.update(Action::MemoryProgress(0, 0), now());
    let reading = render(&a, 80, 24);
    assert!(reading.contains("reading your review log"), "{reading}");
    a.update(Action::MemoryProgress(37, 100), now());
    insta::assert_snapshot!("plan_working", render(&a, 80, 24));

    let p = proposal(&a, 90, 30.0);
    let best = p.best.clone();
    a.update(
        Action::MemoryDone(Box::new(MemoryResult::Plan(Ok(p.clone())))),
        now(),
    );
    let screen = render(&a, 80, 24);
    insta::assert_snapshot!("plan_screen", screen);
    // With no exam date set, the date is said to be assumed, and how to set one.
    assert!(
        screen.contains("exam assumed on 2027-02-20 (in 90 days)")
            && screen
                .contains("No exam date set: assumed in 90 days. </> moves it; Enter sets it."),
        "{screen}"
    );
    // Every card fits in 30 minutes a day: the plan learns all five (FOIP both ways) and
    // recalls most.
    assert_eq!(best.outlook.learned.iter().sum::<usize>(), 5);
    assert!(best.recalled > 4.0, "{}", best.recalled);

    let change = SettingsChange::Plan {
        per_deck: p.per_deck,
        desired_retention: best.desired_retention,
        exam_mode: best.exam_mode,
        exam_date: exam,
    };
    assert_eq!(
        a.update(Action::Apply, now()),
        vec![Effect::SaveSettings(change.clone())]
    );
    // The run loop saved it.
    let mut saved = a.shared.settings.clone();
    change.apply(&mut saved);
    // Before, the two rows differ (the settings' 20 new cards a day against the plan's).
    assert_ne!(
        row_of(&screen, "current settings"),
        row_of(&screen, "best plan")
    );
    assert_eq!(
        a.update(
            Action::SettingsSaved(Box::new(saved.clone()), "Plan applied.".into()),
            now(),
        ),
        vec![],
        "the applied plan is the current settings: nothing to simulate again"
    );
    // The "current settings" row is the plan now, figure for figure.
    let after = render(&a, 80, 24);
    assert_eq!(
        row_of(&after, "current settings"),
        row_of(&after, "best plan"),
        "{after}"
    );
    assert_eq!(a.shared.settings.exam_date, Some(exam));
    // Now the plan's date is the exam date: no longer assumed.
    let screen = render(&a, 80, 24);
    assert!(
        screen.contains("exam on 2027-02-20 (in 90 days)") && !screen.contains("assumed"),
        "{screen}"
    );
    assert_eq!(a.shared.settings.limits.new_per_day, p.per_deck);
    assert_eq!(
        a.shared.settings.params.deadline.is_some(),
        best.exam_mode,
        "exam mode brings every card back by the exam morning"
    );
    assert_eq!(a.status().map(|s| s.text.as_str()), Some("Plan applied."));
    // The retention table, from the plan, comes back to it.
    assert_eq!(
        a.update(Action::OpenRetention, now()),
        vec![Effect::Memory(MemoryJob::Retention { days: 180 })]
    );
    a.update(Action::Back, now());
    assert!(matches!(a.screen, Screen::Plan(_)));
    assert_eq!(a.update(Action::Back, now()), vec![Effect::StopMemory]);
    assert!(matches!(a.screen, Screen::Home(_)));

    // Settings changed some other way (not to the plan on screen): it is simulated again.
    a.update(Action::OpenPlan, now());
    a.update(
        Action::MemoryDone(Box::new(MemoryResult::Plan(Ok(p)))),
        now(),
    );
    let mut other = a.shared.settings.clone();
    other.limits.new_per_day += 1;
    assert!(matches!(
        a.update(
            Action::SettingsSaved(Box::new(other), "Changed.".into()),
            now()
        )[..],
        [Effect::Memory(MemoryJob::Plan { .. })]
    ));
}

#[test]
fn the_budget_and_the_exam_date_plan_again() {
    let mut a = app();
    a.update(Action::OpenPlan, now());
    let again = |a: &mut App, act: Action| match a.update(act, now()).as_slice() {
        [Effect::Memory(MemoryJob::Plan { exam, minutes })] => (*exam, *minutes),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        again(&mut a, Action::More),
        (jiff::civil::date(2027, 2, 20), 35.0)
    );
    assert_eq!(
        again(&mut a, Action::Longer),
        (jiff::civil::date(2027, 2, 27), 35.0)
    );
    assert_eq!(
        again(&mut a, Action::Fewer),
        (jiff::civil::date(2027, 2, 27), 30.0)
    );
    // The exam never moves to today or before.
    for _ in 0..13 {
        again(&mut a, Action::Shorter);
    }
    assert_eq!(a.update(Action::Shorter, now()), vec![]);
    // A result for a plan asked before is shown only for the latest ask: the run loop stops
    // the older work, so the next result is the latest's.
    let Screen::Plan(p) = &a.screen else { panic!() };
    assert!(matches!(p.job, Job::Working { .. }));
    assert!(p.exam > a.shared.day.date);
}

#[test]
fn the_plan_from_the_statistics_goes_back_to_them_and_a_failure_is_shown() {
    let mut a = app();
    stats_up(&mut a);
    let effects = a.update(Action::OpenPlan, now());
    assert!(matches!(
        effects[..],
        [Effect::Memory(MemoryJob::Plan { .. })]
    ));
    a.update(
        Action::MemoryDone(Box::new(MemoryResult::Failed(
            "saves/settings.json:2:5: expected a number".into(),
        ))),
        now(),
    );
    let s = render(&a, 80, 24);
    assert!(
        s.contains("saves/settings.json:2:5: expected a number"),
        "{s}"
    );
    assert_eq!(a.update(Action::Apply, now()), vec![], "nothing to apply");
    a.update(Action::Back, now());
    assert!(matches!(a.screen, Screen::Stats(_)));
}

#[test]
fn work_that_finishes_under_the_help_overlay_reaches_its_screen() {
    let mut a = app();
    a.update(Action::OpenPlan, now());
    a.update(Action::ToggleHelp, now());
    let p = proposal(&a, 90, 30.0);
    a.update(
        Action::MemoryDone(Box::new(MemoryResult::Plan(Ok(p)))),
        now(),
    );
    a.update(Action::ToggleHelp, now());
    let Screen::Plan(s) = &a.screen else { panic!() };
    assert!(matches!(s.job, Job::Ready(_)));
}

#[test]
fn the_plan_screen_fits_the_smallest_window() {
    let mut a = app();
    a.update(Action::OpenPlan, now());
    let p = proposal(&a, 90, 30.0);
    a.update(
        Action::MemoryDone(Box::new(MemoryResult::Plan(Ok(p)))),
        now(),
    );
    let s = render(&a, 50, 15);
    assert!(s.contains("best plan"), "{s}");
}

#[test]
fn the_retention_table_opens_from_the_statistics_and_applies_the_row_chosen() {
    let mut a = app();
    stats_up(&mut a);
    assert_eq!(
        a.update(Action::OpenRetention, now()),
        vec![Effect::Memory(MemoryJob::Retention { days: 180 })]
    );
    assert_eq!(a.context(), Context::Retention);
    a.update(Action::MemoryProgress(3, 8), now());
    let s = render(&a, 80, 24);
    assert!(s.contains("3 of 8"), "{s}");
    let t = table(&a);
    a.update(
        Action::MemoryDone(Box::new(MemoryResult::Retention(Ok(t)))),
        now(),
    );
    insta::assert_snapshot!("retention_screen", render(&a, 80, 24));
    // At 60×20 every figure and the whole note are on screen (the bars are left out).
    insta::assert_snapshot!("retention_screen_60x20", render(&a, 60, 20));
    // The cursor starts on the current retention (0.90), and goes one row up.
    a.update(Action::Up, now());
    assert_eq!(
        a.update(Action::Apply, now()),
        vec![Effect::SaveSettings(SettingsChange::Retention(0.85))]
    );
    a.update(Action::Back, now());
    assert!(matches!(a.screen, Screen::Stats(_)));
}

fn optimized(fit: Result<Fit, FitError>) -> Box<MemoryResult> {
    Box::new(MemoryResult::Optimize(Optimized {
        answers: 1234,
        items: 900,
        cards: 80,
        fit,
    }))
}

#[test]
fn optimize_saves_the_fitted_parameters_only_when_they_are_better() {
    let mut a = app();
    stats_up(&mut a);
    assert_eq!(
        a.update(Action::Optimize, now()),
        vec![Effect::Memory(MemoryJob::Optimize)]
    );
    assert_eq!(a.context(), Context::Optimize);
    a.update(Action::MemoryProgress(120, 480), now());
    insta::assert_snapshot!("optimize_working", render(&a, 80, 24));

    let mut weights = a.shared.settings.params.weights;
    weights[0] = 0.5;
    let better = Fit {
        weights,
        current: Evaluation {
            log_loss: 0.4012,
            rmse_bins: 0.0811,
        },
        fitted: Evaluation {
            log_loss: 0.3377,
            rmse_bins: 0.0342,
        },
    };
    assert_eq!(
        a.update(Action::MemoryDone(optimized(Ok(better.clone()))), now()),
        vec![Effect::SaveSettings(SettingsChange::Weights(weights))]
    );
    let mut saved = a.shared.settings.clone();
    saved.params.weights = weights;
    a.update(
        Action::SettingsSaved(Box::new(saved), "Your fitted parameters are saved.".into()),
        now(),
    );
    insta::assert_snapshot!("optimize_better", render(&a, 80, 24));
    assert_eq!(a.shared.settings.params.weights, weights);

    // Not better: nothing is saved.
    a.update(Action::Back, now());
    a.update(Action::Optimize, now());
    let worse = Fit {
        fitted: better.current,
        current: better.fitted,
        ..better
    };
    assert_eq!(
        a.update(Action::MemoryDone(optimized(Ok(worse))), now()),
        vec![]
    );
    let s = render(&a, 80, 24);
    assert!(s.contains("no better than the current ones"), "{s}");

    // Too few reviews: how many more, and never a fit.
    a.update(Action::Back, now());
    a.update(Action::Optimize, now());
    let few = FitError::TooFew {
        have: 150,
        need: 400,
    };
    assert_eq!(
        a.update(Action::MemoryDone(optimized(Err(few))), now()),
        vec![]
    );
    let s = render(&a, 80, 24);
    assert!(s.contains("about 250 more"), "{s}");
}
