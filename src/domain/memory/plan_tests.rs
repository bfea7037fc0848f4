//! The plan search where the answer is known.

use super::*;
use crate::domain::memory::workload::{Habits, Studied};
use crate::domain::scheduler::Params;

fn base(new_cards: usize) -> Scenario {
    Scenario {
        params: Params::default(),
        habits: Habits::default(),
        studied: Vec::new(),
        new_cards,
        new_per_day: 20,
        reviews_per_day: usize::MAX,
        desired_retention: 0.9,
        days: 60,
        minutes_per_day: None,
        exam_day: None,
    }
}

fn goal(budget_minutes: f64) -> Goal {
    Goal {
        exam_day: 60,
        budget_minutes,
        seed: 11,
        runs: 2,
    }
}

#[test]
fn with_a_budget_so_large_that_every_card_fits_every_card_is_learned_and_mostly_recalled() {
    let b = base(300);
    let plan = search(&b, &goal(100_000.0)).unwrap();
    assert_eq!(plan.outlook.learned.iter().sum::<usize>(), 300, "{plan:?}");
    assert!(plan.new_per_day * 60 >= 300);
    assert!(plan.recalled > 0.9 * 300.0, "{}", plan.recalled);
    assert!(plan.desired_retention >= 0.9, "{}", plan.desired_retention);
}

#[test]
fn with_a_budget_so_small_that_no_card_fits_the_plan_is_no_new_cards() {
    let b = base(300);
    let plan = search(&b, &goal(0.05)).unwrap();
    assert_eq!(plan.new_per_day, 0);
    assert_eq!(plan.outlook.learned.iter().sum::<usize>(), 0);
    assert_eq!(plan.recalled, 0.0);
    assert!(plan.within(0.05));
}

#[test]
fn a_middling_budget_is_kept_every_day_and_beats_plans_that_break_it() {
    let b = base(600);
    let g = goal(8.0);
    let plan = search(&b, &g).unwrap();
    assert!(plan.within(8.0), "peak {}", plan.peak_minutes());
    assert!(plan.new_per_day > 0 && plan.recalled > 0.0);
    // Every candidate with more recall broke the budget.
    for n in new_per_day_candidates(600, 60) {
        for dr in PLAN_RETENTIONS {
            for exam_mode in [false, true] {
                let p = evaluate(&b, &g, n, dr, exam_mode).unwrap();
                assert!(p.recalled <= plan.recalled + 1e-9 || !p.within(8.0));
            }
        }
    }
}

#[test]
fn studied_cards_count_on_the_exam_morning_with_no_new_cards() {
    let strong = Studied {
        stability: 1_000.0,
        difficulty: 3.0,
        since: 0.0,
        due_in: 900.0,
    };
    let b = Scenario {
        studied: vec![strong; 100],
        ..base(0)
    };
    let plan = search(&b, &goal(30.0)).unwrap();
    assert_eq!(plan.new_per_day, 0);
    assert!(
        plan.recalled > 95.0 && plan.recalled <= 100.0,
        "{}",
        plan.recalled
    );
}

#[test]
fn candidates_include_none_and_all_by_the_exam() {
    let c = new_per_day_candidates(1_000, 60);
    assert_eq!(c[0], 0);
    assert!(c.contains(&17), "{c:?}");
    assert!(c.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(new_per_day_candidates(0, 60), vec![0]);
}
