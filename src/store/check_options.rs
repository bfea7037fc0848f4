//! `check`'s findings about the questions built from a deck's facts: a hand-written
//! distractor that is a second right answer or a give-away, and a fact that cannot become a
//! four-option question because too few wrong options of its kind survive the rules (a thin
//! pool: the deck has too few answers of that kind; a conflicting one: it has enough, but
//! they would be second right answers or give-aways). Reads a parsed deck; no I/O, no
//! terminal.

use super::json_pos::Seg;
use crate::domain::answer_kind::AnswerKind;
use crate::domain::deck::{Card, CardBody, Deck, Side};
use crate::domain::options::{
    DECLARED_BY_DECK, DECLARED_ON_CARD, Key, Pool, Shortfall, WRONG_OPTIONS,
};
use crate::domain::quiz::{hand_written, needs_key, normalise};

/// A finding: where in the card, the message and a hint.
pub type Finding = (Vec<Seg>, String, Hint);

/// A finding's hint: most are fixed text, borrowed.
pub type Hint = std::borrow::Cow<'static, str>;

/// Every finding for card `i` of `deck`.
pub fn findings(deck: &Deck, pool: &Pool, i: usize) -> Vec<Finding> {
    let card = &deck.cards[i];
    let mut out = Vec::new();
    for side in card.sides() {
        let Some((question, answer, kind)) = pool.item_answer(deck, i, side) else {
            continue;
        };
        // The pool was built from this deck: card `i`'s answers are at its index (no look-up
        // of its id).
        let Some(found) = pool.answer_of(i, side) else {
            continue;
        };
        let ci = i;
        let hand = hand_written(card, side);
        // A phrase declared `text` with nothing written for it is a flashcard on purpose, and
        // so is a reversed item whose kind has too few answers: it can have no distractors of
        // its own (docs/deck-format.md says so). A `typed` card with no distractors is typed
        // on purpose, in every mode: it needs no wrong options (with some written, its author
        // meant it as a question too, and a shortfall is worth a warning).
        let declared = [DECLARED_ON_CARD, DECLARED_BY_DECK].contains(&kind.rule);
        let typed = matches!(card.body, CardBody::Typed { .. });
        let on_purpose = side == Side::Reverse
            || (hand.is_empty() && (typed || (declared && kind.kind == AnswerKind::Text)));
        if !needs_key(found, &hand) {
            // No wrong option at all: nothing to judge, and the question need not be read.
            if !on_purpose {
                out.push(shortfall(
                    card,
                    side,
                    &answer,
                    kind.kind,
                    &Shortfall::default(),
                ));
            }
            continue;
        }
        let key = Key::new(ci, card, &question, found);
        for (j, d) in hand.iter().enumerate() {
            if normalise(d) == normalise(&answer) {
                continue; // reported by check as "the answer written differently"
            }
            if let Err(why) = pool.judge_text(&key, d) {
                out.push((
                    vec![Seg::Key("distractors"), Seg::Index(j)],
                    format!("distractor {d:?} for {answer:?}: {why}"),
                    "a distractor must be plainly wrong and look like the answer; replace it"
                        .into(),
                ));
            }
        }
        if on_purpose {
            continue;
        }
        if let Some(short) = pool.shortfall(&key, &hand) {
            out.push(shortfall(card, side, &answer, kind.kind, &short));
        }
    }
    out
}

/// The warning for a fact asked as a flashcard for want of wrong options.
fn shortfall(
    card: &Card,
    side: Side,
    answer: &str,
    kind: AnswerKind,
    s: &Shortfall<'_>,
) -> Finding {
    let item = match side {
        Side::Cloze(_) => format!("gap {answer:?} of card {:?}", card.id),
        _ => format!("card {:?}", card.id),
    };
    let at = match &card.body {
        CardBody::Basic { .. } => vec![Seg::Key("back")],
        CardBody::Typed { .. } => vec![Seg::Key("accept")],
        CardBody::Cloze { .. } => vec![Seg::Key("text")],
        _ => vec![],
    };
    let have = s.hand_written + s.good;
    let asked = match card.body {
        CardBody::Typed { .. } => "typed, not as multiple choice",
        _ => "as a flashcard",
    };
    let (message, mut hint) = if s.conflicting() {
        let why: Vec<String> = s
            .left_out
            .iter()
            .take(3)
            .map(|(text, why)| format!("{text:?} ({why})"))
            .collect();
        (
            format!("{item} is asked {asked}: the option rules leave out the other {kind} answers"),
            format!(
                "{have} of {WRONG_OPTIONS} wrong options survive; left out: {}{}",
                why.join(", "),
                if s.left_out_count > 3 { ", …" } else { "" }
            ),
        )
    } else {
        let message = format!("{item} is asked {asked}: too few other {kind} answers in the deck");
        // The hint of a thin pool is one of three texts: borrowed, not written for each of
        // the 75,000 text answers of an imported deck.
        if let Some(hint) = FOUND.get(have) {
            return (at, message, Hint::Borrowed(hint));
        }
        (
            message,
            format!("{have} of {WRONG_OPTIONS} wrong options found"),
        )
    };
    hint.push_str(WHAT_TO_DO);
    (at, message, hint.into())
}

/// The end of every shortfall's hint.
macro_rules! what_to_do {
    () => {
        "; write \"distractors\" by hand, or declare \"answer_kind\" if the kind is wrong (`smriti export --format md --why-options` shows every candidate)"
    };
}
const WHAT_TO_DO: &str = what_to_do!();

/// A thin pool's hint when `have` wrong options are found, by `have` (fewer than
/// [`WRONG_OPTIONS`]).
const FOUND: [&str; WRONG_OPTIONS] = [
    concat!("0 of 3 wrong options found", what_to_do!()),
    concat!("1 of 3 wrong options found", what_to_do!()),
    concat!("2 of 3 wrong options found", what_to_do!()),
];

#[cfg(test)]
mod tests {
    use crate::store::check::check;

    use crate::store::check::tests::deck_of as deck;

    fn messages(text: &str) -> Vec<String> {
        check("d.json", text.as_bytes(), None)
            .iter()
            .map(|d| d.render())
            .collect()
    }

    fn city(id: &str, front: &str, back: &str) -> String {
        format!(
            r#"{{"id": "{id}", "kind": "basic", "front": "{front}", "back": "{back}", "answer_kind": "city", "source": "s", "explanation": "x"}}"#
        )
    }

    #[test]
    fn a_thin_pools_hints_are_those_written_out() {
        for (have, hint) in super::FOUND.iter().enumerate() {
            assert_eq!(
                *hint,
                format!(
                    "{have} of {} wrong options found{}",
                    super::WRONG_OPTIONS,
                    super::WHAT_TO_DO
                )
            );
        }
    }

    #[test]
    fn a_thin_pool_is_flagged_with_what_to_do() {
        let cards = [
            city("a", "Where is the ammonia plant?", "Mundra"),
            city("b", "Where is the summit held?", "Tokyo"),
        ];
        let refs: Vec<&str> = cards.iter().map(String::as_str).collect();
        let got = messages(&deck(&refs));
        assert_eq!(got.len(), 2, "{got:#?}");
        assert_eq!(
            got[0],
            "d.json:4:78: warning: card \"a\" is asked as a flashcard: too few other city answers in the deck\n  hint: 1 of 3 wrong options found; write \"distractors\" by hand, or declare \"answer_kind\" if the kind is wrong (`smriti export --format md --why-options` shows every candidate)"
        );
        // Three hand-written distractors make it a question: no warning for it.
        let fixed = r#"{"id": "a", "kind": "basic", "front": "Where is the ammonia plant?", "back": "Mundra", "answer_kind": "city", "distractors": ["Kandla", "Paradip", "Hazira"], "source": "s", "explanation": "x"}"#;
        let got = messages(&deck(&[fixed, &cards[1]]));
        assert_eq!(got.len(), 1, "{got:#?}");
        assert!(got[0].contains("card \"b\" is asked as a flashcard"));
    }

    #[test]
    fn a_conflicting_pool_names_what_was_left_out() {
        let cards = [
            r#"{"id": "a", "kind": "basic", "front": "Where is the plant?", "back": "Mundra", "answer_kind": "city", "group": "g", "source": "s", "explanation": "x"}"#.to_owned(),
            r#"{"id": "b", "kind": "basic", "front": "Which state has the OSAT?", "back": "Gujarat", "answer_kind": "city", "source": "s", "explanation": "x"}"#.to_owned(),
            city("c", "Where is the port?", "Mundra port"),
            city("d", "Where was it held?", "Tokyo"),
            r#"{"id": "e", "kind": "basic", "front": "Where is it?", "back": "Osaka", "answer_kind": "city", "group": "g", "source": "s", "explanation": "x"}"#.to_owned(),
            r#"{"id": "f", "kind": "basic", "front": "Where else?", "back": "Kyoto", "answer_kind": "city", "group": "g", "source": "s", "explanation": "x"}"#.to_owned(),
        ];
        let refs: Vec<&str> = cards.iter().map(String::as_str).collect();
        let got = messages(&deck(&refs));
        let a = got
            .iter()
            .find(|m| m.contains("card \"a\""))
            .expect("a warning for card a");
        assert!(
            a.contains("card \"a\" is asked as a flashcard: the option rules leave out the other city answers"),
            "{a}"
        );
        assert!(
            a.contains("\"Gujarat\" (a place that contains the key's place)"),
            "{a}"
        );
        assert!(a.contains("\"Mundra port\" (contains the key)"), "{a}");
        assert!(a.contains("1 of 3 wrong options survive"), "{a}");
    }

    #[test]
    fn a_phrase_declared_text_with_nothing_written_is_a_flashcard_on_purpose() {
        let card = r#"{"id": "a", "kind": "basic", "front": "What is its purpose?", "back": "A healthy market", "answer_kind": "text", "source": "s", "explanation": "x"}"#;
        assert_eq!(messages(&deck(&[card])), Vec::<String>::new());
        // Inferred as text, it is flagged: the deck did not say so.
        let inferred = r#"{"id": "a", "kind": "basic", "front": "What is its purpose?", "back": "To foster a healthy battery market and ecosystem", "source": "s", "explanation": "x"}"#;
        let got = messages(&deck(&[inferred]));
        assert_eq!(got.len(), 1, "{got:#?}");
        assert!(got[0].contains("too few other text answers"), "{got:#?}");
    }

    #[test]
    fn a_typed_card_needs_no_distractors() {
        let typed = r#"{"id": "t", "kind": "typed", "question": "Who is the MEA spokesperson?", "accept": ["Randhir Jaiswal", "Jaiswal"], "source": "s", "explanation": "x"}"#;
        assert_eq!(messages(&deck(&[typed])), Vec::<String>::new());
        // With distractors written, it is meant as a question too: one too few is flagged.
        let some = r#"{"id": "t", "kind": "typed", "question": "Who is the MEA spokesperson?", "accept": ["Randhir Jaiswal"], "distractors": ["Vikram Misri"], "source": "s", "explanation": "x"}"#;
        let got = messages(&deck(&[some]));
        assert_eq!(got.len(), 1, "{got:#?}");
        assert!(
            got[0].contains("card \"t\" is asked typed, not as multiple choice"),
            "{got:#?}"
        );
    }

    #[test]
    fn a_reversed_item_may_be_a_flashcard() {
        // Its forward item has three distractors; the reversed one can have none of its own.
        let card = r#"{"id": "a", "kind": "basic", "front": "METI", "back": "Ministry of Economy, Trade and Industry", "answer_kind": "organisation", "reverse": true, "distractors": ["Ministry of Mines", "Ministry of External Affairs", "Ministry of Finance"], "source": "s", "explanation": "x"}"#;
        assert_eq!(messages(&deck(&[card])), Vec::<String>::new());
    }
}
