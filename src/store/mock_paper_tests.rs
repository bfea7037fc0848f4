//! Mock tests drawn from the shipped decks, read as a candidate reads the paper: no
//! question's stem names another question's answer in its context (`domain::giveaway`), for
//! tests of 10, 25 and 50 questions under many seeds, while the count asked is kept.

use crate::domain::deck::Deck;
use crate::domain::giveaway::Clues;
use crate::domain::mock::{Marking, TestQuestion, TestSpec};
use crate::domain::mock_draw::{available, draw};
use crate::domain::quiz::Question;
use crate::store::decks::built_in;

fn shipped() -> Vec<Deck> {
    built_in()
        .iter()
        .map(|(name, text)| crate::store::deck_file::parse(name, text).unwrap())
        .collect()
}

fn spec(questions: usize) -> TestSpec {
    TestSpec {
        questions,
        minutes: 60.0,
        marking: Marking::UPSC_GS,
        tags: vec![],
        requeue: false,
        paced: false,
    }
}

fn clues(q: &TestQuestion) -> Clues {
    let Question::Choice {
        stem,
        options,
        correct,
        ..
    } = &q.question
    else {
        panic!("{} is not a choice", q.key.card);
    };
    let answers: Vec<&str> = correct.iter().map(|&i| options[i].as_str()).collect();
    Clues::of(stem, &answers)
}

/// The pairs of a test where one question gives the other away, by card id.
fn give_aways(test: &[TestQuestion]) -> Vec<(String, String)> {
    let clues: Vec<Clues> = test.iter().map(clues).collect();
    let mut pairs = Vec::new();
    for (i, a) in clues.iter().enumerate() {
        for (j, b) in clues.iter().enumerate() {
            if i != j && a.given_away_by(b) {
                pairs.push((test[i].key.card.to_string(), test[j].key.card.to_string()));
            }
        }
    }
    pairs
}

#[test]
fn no_shipped_mock_test_gives_an_answer_away() {
    let decks = shipped();
    let refs: Vec<&Deck> = decks.iter().collect();
    let all = available(&refs, &[]);
    assert!(all > 50, "{all} questions available");
    for n in [10, 25, 50] {
        for seed in 0..60u64 {
            let test = draw(&refs, &spec(n), seed);
            assert_eq!(test.len(), n, "{n} questions, seed {seed}");
            let pairs = give_aways(&test);
            assert!(pairs.is_empty(), "{n} questions, seed {seed}: {pairs:?}");
        }
    }
}

#[test]
fn a_test_of_every_question_keeps_its_count() {
    // Every question asked: the ones that give others away are asked too (at the end), so
    // the count the setup offers is the count the test has.
    let decks = shipped();
    let refs: Vec<&Deck> = decks.iter().collect();
    let all = available(&refs, &[]);
    for seed in 0..5u64 {
        assert_eq!(
            draw(&refs, &spec(usize::MAX), seed).len(),
            all,
            "seed {seed}"
        );
    }
}
