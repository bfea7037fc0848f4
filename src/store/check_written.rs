//! `check`'s findings about a second right answer among texts a card writes by hand and
//! shows together (see `domain::second_answer` for the rules): an `mcq`'s option beside its
//! key, a `multi`'s wrong option beside a correct one, a false statement that is a true one
//! with its differing words naming the same thing, a `match`'s two sides that a candidate
//! cannot tell apart, and a pair's `shown` side that names its right one. Warnings, not
//! errors: "Delhi" beside "New Delhi" is a real UPSC trap, for the teacher to keep on purpose
//! and explain. Reads one parsed card; no I/O, no terminal.

use super::check_options::Finding;
use super::json_pos::Seg;
use crate::domain::deck::{Card, CardBody, MatchStyle, Pair};
use crate::domain::quiz::normalise;
use crate::domain::second_answer::{Second, second_answer};

/// The hint of an option that may be a second right answer.
const REWORD: &str = "reword the option so that only the key is right, or replace it (keep a deliberate trap such as \"Delhi\" / \"New Delhi\" only with an explanation that says which is right and why)";

/// Every finding for `card`.
pub fn findings(card: &Card) -> Vec<Finding> {
    let mut out = Vec::new();
    match &card.body {
        CardBody::Mcq {
            options, answer, ..
        } => {
            let Some(key) = options.get(*answer) else {
                return out;
            };
            for (j, o) in options.iter().enumerate() {
                if j == *answer {
                    continue;
                }
                if let Some(why) = second_answer(key, o) {
                    out.push(at_option(j, why.describe(o, "the key", key)));
                }
            }
        }
        CardBody::Multi {
            options, answers, ..
        } => {
            for (j, o) in options.iter().enumerate() {
                if answers.contains(&j) {
                    continue;
                }
                // The first correct option it may be read as.
                if let Some((why, right)) = answers
                    .iter()
                    .filter_map(|&a| options.get(a))
                    .find_map(|right| second_answer(right, o).map(|why| (why, right)))
                {
                    out.push(at_option(
                        j,
                        format!("wrong {}", why.describe(o, "the correct option", right)),
                    ));
                }
            }
        }
        CardBody::Statements { statements, .. } => {
            for (j, wrong) in statements.iter().enumerate().filter(|(_, s)| !s.correct) {
                let Some((why, was, is, right)) = statements
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.correct)
                    .find_map(|(i, right)| {
                        let (was, is, inserted) = differing_words(&right.text, &wrong.text)?;
                        // Words added to a true statement may make it false ("signed in
                        // 2026" for "signed"); a place's qualifier alone does not.
                        second_answer(&was, &is)
                            .filter(|why| !inserted || matches!(why, Second::Qualifier(_)))
                            .map(|why| (why, was, is, i))
                    })
                else {
                    continue;
                };
                out.push((
                    vec![Seg::Key("statements"), Seg::Index(j), Seg::Key("text")],
                    format!(
                        "statement {} is marked false but differs from true statement {} only where {}",
                        j + 1,
                        right + 1,
                        why.describe(&is, "the true one's", &was)
                            .replacen("option ", "", 1)
                    ),
                    "a false statement must be plainly false: change what it says, not how it names the same thing".into(),
                ));
            }
        }
        CardBody::Match { pairs, style, .. } => {
            // Codes pair every item once, so a place inside another is told apart by
            // elimination, and pairs mismatched at random never swap two such places (see
            // `quiz`): only two names that read as one are flagged.
            for side in ["left", "right"] {
                for (j, later) in pairs.iter().enumerate() {
                    let Some((why, first)) = pairs[..j].iter().find_map(|p| {
                        second_answer(side_of(p, side), side_of(later, side))
                            .filter(|w| !matches!(w, Second::PlaceAround | Second::PlaceWithin))
                            .map(|w| (w, side_of(p, side)))
                    }) else {
                        continue;
                    };
                    out.push((
                        vec![Seg::Key("pairs"), Seg::Index(j), Seg::Key(side)],
                        format!(
                            "two {side}-hand items may be read as one: {}",
                            why.describe(side_of(later, side), "the item", first)
                                .replacen("option ", "", 1)
                        ),
                        "a candidate cannot tell which pair each is: name each item so that it reads as one thing only".into(),
                    ));
                }
            }
            if *style == MatchStyle::HowMany {
                for (j, p) in pairs.iter().enumerate() {
                    let Some(shown) = &p.shown else { continue };
                    // Shown as written it is simply a correct pair.
                    if normalise(shown) == normalise(&p.right) {
                        continue;
                    }
                    if let Some(why) = second_answer(&p.right, shown) {
                        out.push((
                            vec![Seg::Key("pairs"), Seg::Index(j), Seg::Key("shown")],
                            format!(
                                "the pair shown wrong may be read as correct: {}",
                                why.describe(shown, "its right side", &p.right)
                                    .replacen("option ", "shown side ", 1)
                            ),
                            "a pair shown wrong must be plainly wrong: show another item of the right-hand list".into(),
                        ));
                    }
                }
            }
        }
        _ => {}
    }
    out
}

/// A pair's `side` ("left" or "right").
fn side_of<'p>(p: &'p Pair, side: &str) -> &'p str {
    if side == "left" { &p.left } else { &p.right }
}

fn at_option(j: usize, message: String) -> Finding {
    (
        vec![Seg::Key("options"), Seg::Index(j)],
        message,
        REWORD.into(),
    )
}

/// The words where two statements differ, when they say the rest alike (the same words
/// before and after, compared normalised, at least half of the longer statement's words):
/// `(in a, in b, inserted)`, as written. When one only adds words ("in New Delhi" for "in
/// Delhi"), each part takes the next word they share, and `inserted` says so.
fn differing_words(a: &str, b: &str) -> Option<(String, String, bool)> {
    let (aw, bw): (Vec<&str>, Vec<&str>) = (
        a.split_whitespace().collect(),
        b.split_whitespace().collect(),
    );
    let same = |x: &str, y: &str| normalise(x) == normalise(y);
    let before = aw.iter().zip(&bw).take_while(|(x, y)| same(x, y)).count();
    let after = aw[before..]
        .iter()
        .rev()
        .zip(bw[before..].iter().rev())
        .take_while(|(x, y)| same(x, y))
        .count();
    let longer = aw.len().max(bw.len());
    if before == aw.len() && before == bw.len() {
        // The same statement: marked both ways, it says the same thing twice.
        return Some((a.to_owned(), b.to_owned(), false));
    }
    if (before + after) * 2 < longer {
        return None;
    }
    let (mut from, mut to) = (before, after);
    let inserted = aw.len() - before - after == 0 || bw.len() - before - after == 0;
    if inserted {
        if after > 0 {
            to -= 1;
        } else if before > 0 {
            from -= 1;
        } else {
            return None;
        }
    }
    let (da, db) = (&aw[from..aw.len() - to], &bw[from..bw.len() - to]);
    if da.is_empty() || db.is_empty() {
        return None;
    }
    let trim = |w: &[&str]| {
        w.join(" ")
            .trim_matches(|c: char| c.is_ascii_punctuation())
            .to_owned()
    };
    Some((trim(da), trim(db), inserted))
}

#[cfg(test)]
mod tests {
    use crate::store::check::check;

    use crate::store::check::tests::deck_of as deck;

    /// The findings of this module (rendered, hint included).
    fn found(cards: &[&str]) -> Vec<String> {
        check("d.json", deck(cards).as_bytes(), None)
            .iter()
            .map(|d| d.render())
            .filter(|m| {
                ["option ", "statement ", "hand items", "pair shown"]
                    .iter()
                    .any(|w| m.contains(&format!("warning: {w}")) || m.contains(w))
                    && !m.contains("flashcard")
                    && !m.contains("UPSC questions have four")
            })
            .collect()
    }

    fn mcq(id: &str, options: &str) -> String {
        format!(
            r#"{{"id": "{id}", "kind": "mcq", "question": "Where is it?", "options": [{options}], "answer": 0, "source": "s", "explanation": "x"}}"#
        )
    }

    #[test]
    fn an_mcqs_own_option_that_may_be_right_is_flagged_at_the_option() {
        let cards = [
            mcq("a", r#""Gujarat", "Kutch, Gujarat", "Assam", "Odisha""#),
            mcq("b", r#""New Delhi", "Mumbai", "Delhi", "Chennai""#),
            mcq(
                "c",
                r#""Jawaharlal Nehru", "Pandit Nehru", "Sardar Patel", "B. R. Ambedkar""#,
            ),
            mcq("d", r#""India", "Indian Ocean", "Japan", "China""#),
        ];
        let refs: Vec<&str> = cards.iter().map(String::as_str).collect();
        let got = found(&refs);
        let hint = super::REWORD;
        assert_eq!(
            got,
            [
                format!(
                    "d.json:4:79: warning: option \"Kutch, Gujarat\" contains the key \"Gujarat\"\n  hint: {hint}"
                ),
                format!(
                    "d.json:5:91: warning: option \"Delhi\" is the key \"New Delhi\" without the qualifier \"new\": many readers take the two for one place\n  hint: {hint}"
                ),
                format!(
                    "d.json:6:88: warning: option \"Pandit Nehru\" may name the same person as the key \"Jawaharlal Nehru\" (the surname \"nehru\", no given name that differs)\n  hint: {hint}"
                ),
            ],
            "{got:#?}"
        );
    }

    #[test]
    fn the_texts_are_shown_without_control_characters() {
        let card = mcq(
            "a",
            r#""Gujarat", "Kutch,\u001b[2J Gujarat", "Assam", "Odisha""#,
        );
        let got = found(&[&card]);
        assert_eq!(got.len(), 1, "{got:#?}");
        assert!(
            got[0].contains("option \"Kutch,\u{fffd}[2J Gujarat\" contains the key \"Gujarat\""),
            "{got:#?}"
        );
        assert!(!got[0].contains('\u{1b}'));
    }

    #[test]
    fn a_multis_wrong_option_beside_a_correct_one() {
        let card = r#"{"id": "m", "kind": "multi", "question": "Which host plants?", "options": ["Mundra", "Assam", "Gujarat", "Kerala", "Delhi"], "answers": [0, 1], "source": "s", "explanation": "x"}"#;
        let got = found(&[card]);
        assert_eq!(
            got.iter()
                .map(|m| m.lines().next().unwrap())
                .collect::<Vec<_>>(),
            [
                "d.json:4:95: warning: wrong option \"Gujarat\" is a place that contains the correct option \"Mundra\""
            ],
        );
        // Two correct options may contain each other: both are right anyway.
        let both = r#"{"id": "m", "kind": "multi", "question": "Which?", "options": ["Mundra", "Mundra port", "Assam", "Kerala"], "answers": [0, 1], "source": "s", "explanation": "x"}"#;
        assert_eq!(found(&[both]), Vec::<String>::new());
    }

    #[test]
    fn a_false_statement_that_names_the_true_ones_fact_otherwise() {
        let card = r#"{"id": "s", "kind": "statements", "statements": [{"text": "The summit was held in New Delhi in 2025.", "correct": true}, {"text": "The summit was held in Delhi in 2025.", "correct": false}, {"text": "The summit was held in Tokyo in 2025.", "correct": false}], "source": "s", "explanation": "x"}"#;
        let got = found(&[card]);
        assert_eq!(
            got.iter()
                .map(|m| m.lines().next().unwrap())
                .collect::<Vec<_>>(),
            [
                "d.json:4:131: warning: statement 2 is marked false but differs from true statement 1 only where \"Delhi\" is the true one's \"New Delhi\" without the qualifier \"new\": many readers take the two for one place"
            ],
        );
        // Words that add a fact are not the same thing named otherwise.
        let added = r#"{"id": "s", "kind": "statements", "statements": [{"text": "The MoC was signed.", "correct": true}, {"text": "The MoC was signed in 2026.", "correct": false}, {"text": "The MoC was signed by Japan's METI in Tokyo.", "correct": false}], "source": "s", "explanation": "x"}"#;
        assert_eq!(found(&[added]), Vec::<String>::new());
        // A negation is a plain falsehood, not a second answer.
        let not = r#"{"id": "s", "kind": "statements", "statements": [{"text": "The summit was held in Delhi.", "correct": true}, {"text": "The summit was not held in Delhi.", "correct": false}], "source": "s", "explanation": "x"}"#;
        assert_eq!(found(&[not]), Vec::<String>::new());
    }

    #[test]
    fn a_matchs_sides_and_shown_pairs() {
        let first = |cards: &[&str]| -> Vec<String> {
            found(cards)
                .iter()
                .map(|m| m.lines().next().unwrap().to_owned())
                .collect()
        };
        let pairs = |right: &str| {
            format!(
                r#""pairs": [{{"left": "Ammonia", "right": "Mundra"}}, {{"left": "Refinery", "right": "Andhra Pradesh"}}, {{"left": "OSAT", "right": "{right}"}}], "source": "s", "explanation": "x"}}"#
            )
        };
        // Codes: a place inside another is told apart by elimination; one name in two
        // forms is not.
        let codes = |right: &str| {
            format!(
                r#"{{"id": "m", "kind": "match", "style": "codes", {}"#,
                pairs(right)
            )
        };
        assert_eq!(first(&[&codes("Gujarat")]), Vec::<String>::new());
        assert_eq!(
            first(&[&codes("Mundra port")]),
            [
                "d.json:4:173: warning: two right-hand items may be read as one: \"Mundra port\" contains the item \"Mundra\""
            ],
        );
        // Pairs mismatched at random never swap the two (see `second_answer_tests`).
        let random = format!(r#"{{"id": "m", "kind": "match", {}"#, pairs("Gujarat"));
        assert_eq!(first(&[&random]), Vec::<String>::new());
        let how_many = r#"{"id": "m", "kind": "match", "style": "how-many", "pairs": [{"left": "Summit", "right": "New Delhi", "shown": "Delhi"}, {"left": "Refinery", "right": "Andhra Pradesh"}, {"left": "OSAT", "right": "Gujarat", "shown": "Mundra"}], "source": "s", "explanation": "x"}"#;
        assert_eq!(
            first(&[how_many]),
            [
                "d.json:4:111: warning: the pair shown wrong may be read as correct: shown side \"Delhi\" is its right side \"New Delhi\" without the qualifier \"new\": many readers take the two for one place",
                "d.json:4:216: warning: the pair shown wrong may be read as correct: shown side \"Mundra\" is a place inside its right side \"Gujarat\"",
            ],
        );
    }
}
