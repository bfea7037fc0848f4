use super::*;
use crate::domain::deck::{CardBody, Deck, Statement, StatementStyle};
use crate::domain::fixtures::{basic, card};
use crate::domain::mock_draw::{available, draw};

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn deck() -> Deck {
    let fact = |id: &str, f: &str, b: &str, tag: &str| card(id, basic(f, b), &[tag]);
    let mut cards = vec![
        fact("a", "AI Dialogue year?", "2026", "dates"),
        fact("b", "ESD first round?", "2024", "dates"),
        fact("c", "75 years in?", "2027", "dates"),
        fact("d", "Refinery state?", "Andhra Pradesh", "places"),
        fact("e", "OSAT state?", "Gujarat", "places"),
        fact("f", "Ammonia?", "Mundra", "places"),
        fact("g", "Export curbs?", "2010", "dates"),
        fact("h", "Bioethanol state?", "Assam", "places"),
        fact("i", "Coast state?", "Odisha", "places"),
    ];
    cards.push(card(
        "s",
        CardBody::Statements {
            question: "Consider the following statements:".into(),
            statements: vec![
                Statement {
                    text: "X".into(),
                    correct: true,
                },
                Statement {
                    text: "Y".into(),
                    correct: false,
                },
            ],
            style: StatementStyle::Which,
        },
        &["dates"],
    ));
    crate::domain::fixtures::deck("d", cards)
}

fn spec(n: usize) -> TestSpec {
    TestSpec {
        questions: n,
        minutes: 10.0,
        marking: Marking::UPSC_GS,
        tags: vec![],
        requeue: true,
        paced: false,
    }
}

fn correct(t: &MockTest, i: usize) -> Vec<usize> {
    match &t.questions[i].question {
        Question::Choice { correct, .. } => correct.clone(),
        _ => panic!(),
    }
}

#[test]
fn drawing_prefers_exam_kinds_and_respects_count_and_tags() {
    let d = deck();
    let qs = draw(&[&d], &spec(4), 7);
    assert_eq!(qs.len(), 4);
    assert_eq!(qs[0].key.card, "s", "exam-style questions come first");
    assert!(
        qs.iter()
            .all(|q| matches!(q.question, Question::Choice { .. }))
    );
    let places = TestSpec {
        tags: vec!["places".into()],
        ..spec(10)
    };
    let qs = draw(&[&d], &places, 7);
    // Four states; Mundra, the only city, has no three wrong options of its kind.
    assert_eq!(qs.len(), 4);
    assert!(qs.iter().all(|q| q.key.card != "f"));
    assert!(qs.iter().all(|q| q.tags == ["places"]));
    assert_eq!(draw(&[&d], &spec(4), 7), draw(&[&d], &spec(4), 7), "seeded");
    // What the setup offers is what a test can have: all but Mundra.
    assert_eq!(available(&[&d], &[]), draw(&[&d], &spec(100), 9).len());
    assert_eq!(available(&[&d], &[]), 9);
    assert_eq!(available(&[&d], &["places".to_owned()]), 4);
}

#[test]
fn a_paper_asks_each_group_once() {
    let mut d = deck();
    // The statements card and two date facts test one fact: one of the three is drawn.
    for c in d.cards.iter_mut() {
        if ["s", "a", "b"].contains(&c.id.as_str()) {
            c.group = Some("dates".into());
        }
    }
    for seed in 0..10 {
        let qs = draw(&[&d], &spec(100), seed);
        let grouped = qs
            .iter()
            .filter(|q| ["s", "a", "b"].contains(&q.key.card.as_str()))
            .count();
        assert_eq!(grouped, 1, "seed {seed}");
        assert_eq!(qs.len(), 7, "seed {seed}");
    }
    assert_eq!(available(&[&d], &[]), 7);
}

#[test]
fn a_group_spans_the_decks_of_a_paper() {
    // "ai-lead" in two decks (as the prelims deck's ai-dialogue-lead and the mechanisms
    // deck's q-ai-lead): one fact, asked once in a paper drawn from both.
    let mut one = deck();
    let mut two = deck();
    two.id = "e".into();
    for (d, id) in [(&mut one, "s"), (&mut two, "a")] {
        for c in d.cards.iter_mut().filter(|c| c.id == id) {
            c.group = Some("ai-lead".into());
        }
    }
    for seed in 0..10 {
        let qs = draw(&[&one, &two], &spec(100), seed);
        let grouped = qs
            .iter()
            .filter(|q| {
                (q.deck == "d" && q.key.card == "s") || (q.deck == "e" && q.key.card == "a")
            })
            .count();
        assert_eq!(grouped, 1, "seed {seed}");
    }
    assert_eq!(available(&[&one, &two], &[]), 17);
}

#[test]
fn answers_can_be_changed_until_submit_and_are_scored_with_negative_marking() {
    let d = deck();
    let t0 = ts("2026-11-22T10:00:00Z");
    let mut t = MockTest::new(spec(4), draw(&[&d], &spec(4), 1), t0);
    // Q1 right after first choosing wrongly; Q2 wrong; Q3 skipped; Q4 right, marked.
    let wrong = |t: &MockTest, i| (0..4).find(|o| !correct(t, i).contains(o)).unwrap();
    let w = wrong(&t, 0);
    t.choose(w);
    t.choose(correct(&t, 0)[0]);
    t.next(ts("2026-11-22T10:00:30Z"));
    let w = wrong(&t, 1);
    t.choose(w);
    t.cycle_confidence(); // sure
    t.next(ts("2026-11-22T10:01:00Z"));
    t.next(ts("2026-11-22T10:01:05Z"));
    t.choose(correct(&t, 3)[0]);
    t.cycle_confidence();
    t.cycle_confidence();
    t.cycle_confidence(); // guess
    t.toggle_mark();
    assert_eq!(t.tally(), (3, 1, 1));
    let r = t.submit(ts("2026-11-22T10:02:00Z"));
    assert_eq!(
        (
            r.score.right,
            r.score.wrong,
            r.score.skipped,
            r.score.attempted
        ),
        (2, 1, 1, 3)
    );
    assert!((r.score.marks - (4.0 - 2.0 / 3.0)).abs() < 1e-12);
    assert_eq!(r.lucky, [3]);
    assert_eq!(r.confident_wrong, [1]);
    assert_eq!(r.to_requeue(), [1, 3]);
    assert_eq!(r.test.answers[0].ms, 30_000);
    assert_eq!(r.test.answers[3].ms, 55_000);
    assert_eq!(r.elapsed_ms, 120_000);
    // Three answered (30 + 30 + 55 s), one looked at and left (5 s).
    let t = r.time_split();
    assert_eq!(
        (t.answered, t.answered_ms, t.others, t.others_ms),
        (3, 115_000, 1, 5_000)
    );
    assert_eq!(t.ms_per_answer(), Some(38_333));
    assert!(!r.timed_out);
}

#[test]
fn a_timed_out_test_counts_only_what_was_answered() {
    let d = deck();
    let t0 = ts("2026-11-22T10:00:00Z");
    let mut t = MockTest::new(
        TestSpec {
            minutes: 1.0,
            ..spec(3)
        },
        draw(&[&d], &spec(3), 2),
        t0,
    );
    t.choose(correct(&t, 0)[0]);
    assert_eq!(t.seconds_left(ts("2026-11-22T10:00:45Z")), 15);
    assert!(t.timed_out(ts("2026-11-22T10:01:00Z")));
    let r = t.submit(ts("2026-11-22T10:05:00Z"));
    assert!(r.timed_out);
    assert_eq!((r.score.right, r.score.skipped), (1, 2));
    assert_eq!(r.elapsed_ms, 60_000, "time stops at the deadline");
}

#[test]
fn an_all_skipped_test_scores_zero() {
    let d = deck();
    let t = MockTest::new(
        spec(5),
        draw(&[&d], &spec(5), 3),
        ts("2026-11-22T10:00:00Z"),
    );
    let r = t.submit(ts("2026-11-22T10:00:10Z"));
    assert_eq!(
        (r.score.marks, r.score.skipped, r.score.accuracy()),
        (0.0, 5, 0.0)
    );
    assert!(r.by_tag.is_empty());
    assert!(r.to_requeue().is_empty());
}

#[test]
fn accuracy_by_tag_lists_the_weakest_first() {
    let d = deck();
    let t0 = ts("2026-11-22T10:00:00Z");
    let qs = draw(&[&d], &spec(7), 4);
    let mut t = MockTest::new(spec(7), qs, t0);
    for i in 0..7 {
        t.go_to(i, t0);
        // Right on places, wrong on dates.
        let c = correct(&t, i)[0];
        let pick = if t.questions[i].tags == ["places"] {
            c
        } else {
            (c + 1) % 4
        };
        t.choose(pick);
    }
    let r = t.submit(t0);
    let tags: Vec<(&str, u32, u32)> = r
        .by_tag
        .iter()
        .map(|t| (t.tag.as_str(), t.right, t.attempted))
        .collect();
    assert_eq!(tags, [("dates", 0, 4), ("places", 3, 3)]);
}

#[test]
fn scoring_with_negative_marking() {
    use Verdict::{Right as R, Wrong as W};
    let s = score(
        &[Some(R), Some(R), Some(W), None, Some(W), Some(R)],
        Marking::UPSC_GS,
    );
    assert_eq!((s.attempted, s.right, s.wrong, s.skipped), (5, 3, 2, 1));
    assert!((s.marks - (6.0 - 4.0 / 3.0)).abs() < 1e-12);
    assert_eq!(s.max_marks, 12.0);
    assert!((s.accuracy() - 0.6).abs() < 1e-12);
    let csat = score(&[Some(R), Some(W)], Marking::UPSC_CSAT);
    assert!((csat.marks - 1.67).abs() < 1e-12);
    // All skipped (or timed out before any answer): zero, not NaN.
    let none = score(&[None, None, None], Marking::UPSC_GS);
    assert_eq!((none.marks, none.accuracy(), none.skipped), (0.0, 0.0, 3));
    let plain = score(&[Some(W), Some(R)], Marking::NONE);
    assert_eq!(plain.marks, 1.0);
}

#[test]
fn a_paced_test_with_fewer_questions_than_asked_gets_their_time() {
    let asked = TestSpec {
        minutes: 45.0 * MINUTES_PER_QUESTION,
        paced: true,
        ..spec(45)
    };
    let fitted = asked.clone().fit(4);
    assert_eq!((fitted.questions, fitted.minutes), (4, 4.8));
    // All there: nothing changes.
    assert_eq!(asked.clone().fit(45), asked);
    // A time the user set is kept.
    let set = TestSpec {
        minutes: 60.0,
        ..spec(45)
    };
    assert_eq!(set.fit(4).minutes, 60.0);
    // At least a minute.
    let one = TestSpec {
        paced: true,
        ..spec(10)
    };
    assert_eq!(one.fit(0).minutes, 1.0);
}

#[test]
fn a_test_put_away_goes_on_with_its_answers_and_the_time_that_was_left() {
    let d = deck();
    let t0 = ts("2026-11-22T10:00:00Z");
    let mut t = MockTest::new(spec(4), draw(&[&d], &spec(4), 1), t0);
    t.choose(correct(&t, 0)[0]);
    t.next(ts("2026-11-22T10:01:00Z"));
    t.toggle_mark();
    // Put away 3 minutes in (on question 2), with 7 minutes left.
    let paused = t.pause(ts("2026-11-22T10:03:00Z"));
    assert_eq!(paused.ms_left, 7 * 60_000);
    assert_eq!(paused.current, 1);
    assert_eq!(
        paused.answers[1].ms, 120_000,
        "time on the current question is booked"
    );
    assert_eq!(paused.tally(), (1, 1, 3));
    assert!(paused.is_whole());
    // Taken up again the next day: the clock went on from 7 minutes.
    let later = ts("2026-11-23T09:00:00Z");
    let mut back = paused.clone().resume(later);
    assert_eq!(back.seconds_left(later), 7 * 60);
    assert_eq!(back.answers, paused.answers);
    assert_eq!(back.current, 1);
    back.choose(correct(&back, 1)[0]);
    let r = back.submit(ts("2026-11-23T09:02:00Z"));
    assert_eq!((r.score.right, r.score.skipped), (2, 2));
    assert_eq!(r.elapsed_ms, 5 * 60_000, "the night away does not count");
    assert_eq!(r.test.answers[1].ms, 240_000);
    // Submitted as it stood: what was answered when it was put away.
    let r = paused.submit();
    assert_eq!((r.score.right, r.score.skipped), (1, 3));
    assert_eq!(r.elapsed_ms, 3 * 60_000);
    assert_eq!(r.finished_at, ts("2026-11-22T10:03:00Z"));
    assert!(!r.timed_out);
}

#[test]
fn a_put_away_test_that_does_not_add_up_is_not_whole() {
    let d = deck();
    let t0 = ts("2026-11-22T10:00:00Z");
    let mut t = MockTest::new(spec(3), draw(&[&d], &spec(3), 1), t0);
    let good = t.pause(t0);
    assert!(good.is_whole());
    let mut short = good.clone();
    short.answers.pop();
    assert!(!short.is_whole());
    let mut lost = good.clone();
    lost.current = 3;
    assert!(!lost.is_whole());
    let mut beyond = good;
    beyond.answers[0].chosen = vec![9];
    assert!(!beyond.is_whole());
}

fn tag(tag: &str, right: u32, attempted: u32) -> TagResult {
    TagResult {
        tag: tag.into(),
        right,
        attempted,
    }
}

fn order(tags: &[TagResult]) -> Vec<String> {
    tags.iter()
        .map(|t| format!("{} {}/{}", t.tag, t.right, t.attempted))
        .collect()
}

/// A tag with one answer does not top the weak tags: "2/9" is surer news than "0/1", and
/// "1/1" is not the strongest tag. Tags with the same counts go by name.
#[test]
fn weak_tags_with_few_answers_count_for_less() {
    let mut tags = vec![
        tag("one-right", 1, 1),
        tag("one-wrong", 0, 1),
        tag("nine", 2, 9),
        tag("three-wrong", 0, 3),
        tag("x-half", 1, 2),
        tag("w-half", 1, 2),
        tag("four", 3, 4),
    ];
    // 6 of 10 right in the whole test: (right + 2 × 0.6) / (answers + 2).
    weakest_first(&mut tags, 0.6);
    assert_eq!(
        order(&tags),
        [
            "three-wrong 0/3", // 1.2/5 = 0.24
            "nine 2/9",        // 3.2/11 = 0.29
            "one-wrong 0/1",   // 1.2/3 = 0.40
            "w-half 1/2",      // 2.2/4 = 0.55, tied: by name
            "x-half 1/2",
            "four 3/4",      // 4.2/6 = 0.70
            "one-right 1/1", // 2.2/3 = 0.73
        ]
    );
    assert!((tags[1].smoothed(0.6) - 3.2 / 11.0).abs() < 1e-12);
}

/// Weak is weak for this candidate: with 1 of 10 right overall, 2 of 9 is about par and
/// one wrong answer is below it.
#[test]
fn weak_tags_are_weighed_against_the_whole_test() {
    let mut tags = vec![
        tag("nine", 2, 9),
        tag("one-wrong", 0, 1),
        tag("three-wrong", 0, 3),
    ];
    weakest_first(&mut tags, 0.1);
    assert_eq!(
        order(&tags),
        ["three-wrong 0/3", "one-wrong 0/1", "nine 2/9"]
    );
    // Nothing answered: no prior pull, and still one order.
    weakest_first(&mut tags, 0.0);
    assert_eq!(
        order(&tags),
        ["three-wrong 0/3", "one-wrong 0/1", "nine 2/9"]
    );
}
