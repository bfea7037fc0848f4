use proptest::prelude::*;

use super::*;

fn q(stem: &str, answer: &str) -> Clues {
    Clues::of(&[stem], &[answer])
}

#[test]
fn a_stem_that_names_the_answer_in_its_context_gives_it_away() {
    let round = q(
        "Which round of the India–Japan Strategic Dialogue was held in New Delhi in January 2026?",
        "The 18th",
    );
    let other = q(
        "At the 18th Strategic Dialogue, under which initiative did India and Japan decide to convene the JWG?",
        "The Economic Security Initiative",
    );
    assert!(round.given_away_by(&other));
    assert!(!other.given_away_by(&round));
    assert!(round.clash(&other) && other.clash(&round));
}

#[test]
fn possessives_plurals_and_case_do_not_hide_a_give_away() {
    let firm = q(
        "Which Japanese company runs the rare-earth refining project in Andhra Pradesh?",
        "Toyota Tsusho",
    );
    let state = q(
        "In which Indian state is TOYOTA TSUSHO'S rare-earth refinery?",
        "Andhra Pradesh",
    );
    // Each names the other's answer: the firm beside "rare earth", the state beside "refining
    // project".
    assert!(firm.given_away_by(&state));
    assert!(state.given_away_by(&firm));
}

#[test]
fn an_answer_named_far_from_the_question_s_words_is_no_give_away() {
    let country = q("Which country hosted the Quad summit of 2024?", "Japan");
    let other = q(
        "India and Japan decided to convene a working group on critical minerals in which year?",
        "2026",
    );
    assert!(!country.given_away_by(&other));
    // Nor is the same answer in another context.
    let year = q(
        "In which year was the Economic Security Initiative announced?",
        "2025",
    );
    let visit = q(
        "Where did PM Modi head after his August 2025 visit to Japan?",
        "Tianjin",
    );
    assert!(!year.given_away_by(&visit));
}

#[test]
fn exam_codes_name_nothing() {
    let statements = Clues::of(
        &[
            "Consider the following statements:",
            "1. The JWG was set up in 2026.",
            "2. The AI Dialogue was launched in Tokyo.",
            "Which of the statements given above is/are correct?",
        ],
        &["1 only"],
    );
    let other = q(
        "Which of the statements above is correct: 1 only, or both?",
        "x",
    );
    assert!(!statements.given_away_by(&other));
}

#[test]
fn a_statement_line_can_give_an_answer_away() {
    let place = q(
        "The green ammonia project named in the note is at:",
        "Mundra",
    );
    let statements = Clues::of(
        &[
            "Consider the following statements:",
            "1. The green ammonia project at Mundra is funded by JBIC.",
            "2. The bullet train uses the E10 Shinkansen.",
            "Which of the statements given above is/are correct?",
        ],
        &["Both 1 and 2"],
    );
    assert!(place.given_away_by(&statements));
}

proptest! {
    /// A stem gives an answer away only if it names it: its first word is among the stem's.
    #[test]
    fn only_a_stem_that_names_the_answer_gives_it_away(
        a in "[a-z ]{0,40}",
        b in "[a-z ]{0,60}",
        x in "[a-z]{2,8}( [a-z]{2,8})?",
    ) {
        let asked = q(&a, &x);
        let other = q(&b, "something");
        if asked.given_away_by(&other) {
            let first = x.split(' ').find(|w| !matches!(*w, "the" | "a" | "an"));
            let named = first.is_some_and(|f| b.split(' ').any(|w| w == f || w == format!("{f}s")));
            prop_assert!(named);
        }
    }

    /// A stem that names the answer beside a word of the question always gives it away.
    #[test]
    fn an_answer_beside_a_stem_word_is_found(
        word in "[a-z]{4,9}",
        answer in "[a-z]{4,9}",
        filler in "[a-z]{4,9}",
    ) {
        prop_assume!(meaningful(&word) && names_something(&answer));
        prop_assume!(root(&word) != root(&answer));
        let asked = q(&format!("which {filler} {word} was chosen"), &answer);
        let other = q(&format!("the {answer} {word} is here"), "something");
        prop_assert!(asked.given_away_by(&other));
    }
}
