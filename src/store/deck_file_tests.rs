use super::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/decks/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(path).unwrap()
}

fn first_error(name: &str) -> String {
    let errors = parse_bytes(name, &fixture(name)).expect_err(name);
    errors[0].to_string()
}

#[test]
fn one_card_of_every_kind_parses() {
    let deck = parse_bytes("every-kind.json", &fixture("every-kind.json")).unwrap();
    let kinds: Vec<&str> = deck.cards.iter().map(|c| c.body.kind()).collect();
    assert_eq!(
        kinds,
        [
            "basic",
            "mcq",
            "multi",
            "cloze",
            "typed",
            "statements",
            "match"
        ]
    );
    assert_eq!(
        deck.item_count(),
        9,
        "reverse adds one item, the two deletions two"
    );
}

#[test]
fn the_good_fixture_parses() {
    let deck = parse_bytes("good.json", &fixture("good.json")).unwrap();
    assert_eq!(deck.id, "sample");
    assert_eq!(deck.cards.len(), 2);
    assert_eq!(deck.item_count(), 3);
    assert_eq!(
        deck.source("s1").unwrap().citation(),
        "An article (ANI, 2025-08-30)"
    );
}

/// Every malformed fixture and the exact message it gets.
const CASES: &[(&str, &str)] = &[
    (
        "unknown-field.json",
        "unknown-field.json:7:62: unknown field `anser` in a basic card\n  hint: a basic card takes front, back, reverse, distractors, answer_kind, answer_class, not_with, not_distractors, besides id, kind, explanation, tags, source and group",
    ),
    (
        "mcq-misspelt-field.json",
        "mcq-misspelt-field.json:8:6: unknown field `anwser` in an mcq card\n  hint: did you mean `answer`? an mcq card takes question, options, answer, option_explanations, shuffle, besides id, kind, explanation, tags, source and group",
    ),
    (
        "missing-back.json",
        "missing-back.json:7:5: card \"c1\" (basic) is missing `back`\n  hint: a basic card needs: front, back",
    ),
    (
        "missing-title.json",
        "missing-title.json:6:1: missing field `title`\n  hint: add the field; see docs/deck-format.md",
    ),
    (
        "duplicate-id.json",
        "duplicate-id.json:8:12: card id \"c1\" is used twice (first at line 7)\n  hint: card ids must be unique in a deck and must never change once students have studied the card; give the new card a new id",
    ),
    (
        "empty-front.json",
        "empty-front.json:7:44: the card's front is empty\n  hint: write the text, or remove the field if it is optional",
    ),
    (
        "dangling-source.json",
        "dangling-source.json:8:72: card \"c1\" names source \"ani\", which the deck does not list\n  hint: use one of the deck's sources: mea",
    ),
    (
        "unknown-kind.json",
        "unknown-kind.json:7:36: unknown variant `flashcard`, expected one of `basic`, `mcq`, `multi`, `cloze`, `typed`, `statements`, `match`\n  hint: use one of the card kinds listed",
    ),
    (
        "syntax-error.json",
        "syntax-error.json:5:3: expected `,` or `}`\n  hint: the JSON is malformed here: look for a missing comma, quote or bracket just before",
    ),
    (
        "newer-format.json",
        "newer-format.json:2:13: this deck uses format 2, newer than this smriti understands (format 1)\n  hint: update smriti to open it",
    ),
    (
        "bad-id.json",
        "bad-id.json:3:9: deck id \"my deck\" is not a valid id\n  hint: ids use only letters, digits, '-', '_' and '.', at most 100 of them (e.g. \"jwg-minerals-01\")",
    ),
    (
        "truncated.json",
        "truncated.json:8:1: EOF while parsing an object\n  hint: the file ends too early: look for a missing closing bracket or quote",
    ),
    (
        "array.json",
        "array.json:1:1: a list where an object in braces { … } is needed\n  hint: this must be an object in braces { … }, not a list or a single value; see docs/deck-format.md",
    ),
    (
        "empty.json",
        "empty.json:1:1: EOF while parsing a value\n  hint: the file ends too early: look for a missing closing bracket or quote",
    ),
    (
        "invalid-utf8.json",
        "invalid-utf8.json:1:36: the file is not UTF-8 text (an invalid byte here)\n  hint: save the file with UTF-8 encoding (every editor offers it)",
    ),
    (
        "bad-date.json",
        "bad-date.json:6:49: source date \"17 January 2026\" is not a date\n  hint: write \"YYYY-MM-DD\", \"YYYY-MM\" or \"YYYY\", e.g. \"2026-01-17\"",
    ),
    (
        "field-of-another-kind.json",
        "field-of-another-kind.json:7:62: field `options` does not belong to a basic card\n  hint: a basic card takes front, back, reverse, distractors, answer_kind, answer_class, not_with, not_distractors, besides id, kind, explanation, tags, source and group",
    ),
    (
        "mcq-answer-out-of-range.json",
        "mcq-answer-out-of-range.json:7:93: answer 4 is not one of the options (they are numbered 0 to 3)\n  hint: `answer` is the position of the right option, counting from 0",
    ),
    (
        "cloze-unclosed.json",
        "cloze-unclosed.json:7:43: a deletion `{{` is never closed with `}}`\n  hint: mark each hidden part as {{answer}} or {{answer::hint}}",
    ),
    (
        "cloze-without-deletion.json",
        "cloze-without-deletion.json:7:43: a cloze card needs at least one deletion, written {{like this}}\n  hint: mark each hidden part as {{answer}} or {{answer::hint}}",
    ),
    (
        "statements-too-few.json",
        "statements-too-few.json:7:54: a statements card needs 2 to 4 statements, found 1\n  hint: UPSC asks about 2, 3 or 4 statements",
    ),
    (
        "match-repeated-left.json",
        "match-repeated-left.json:7:83: \"A\" appears twice on the left\n  hint: each item may appear once in List I",
    ),
    (
        "typed-nothing-accepted.json",
        "typed-nothing-accepted.json:7:65: `accept` is empty\n  hint: list at least one accepted answer",
    ),
    (
        "mcq-repeated-option.json",
        "mcq-repeated-option.json:7:73: option 1 repeats an earlier option\n  hint: make every option different",
    ),
];

#[test]
fn malformed_decks_get_clear_messages() {
    let cases = CASES;
    let mut failures = Vec::new();
    for (name, want) in cases {
        let got = first_error(name);
        if got != *want {
            failures.push(format!("{name}\n  got:  {got:?}\n  want: {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_fixture_is_covered() {
    let dir = format!("{}/tests/fixtures/decks", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut known: Vec<String> = CASES.iter().map(|(f, _)| f.to_string()).collect();
    known.extend(["good.json".into(), "every-kind.json".into()]);
    known.sort();
    assert_eq!(files, known, "each fixture needs a case in CASES");
}

#[test]
fn deeply_nested_input_is_an_error_not_a_crash() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let text = format!("{{\"$schema\": {deep}, \"format\": 1}}");
    let e = parse("deep.json", &text).unwrap_err();
    assert_eq!(e[0].message, "missing field `id`");
    let head = r#""format": 1, "id": "d", "title": "T", "description": """#;
    let text = format!("{{{head}, \"cards\": {deep}}}");
    let e = parse("deep.json", &text).unwrap_err();
    assert!(
        e[0].message.contains("where an object in braces"),
        "{}",
        e[0]
    );
    let text = format!(
        "{{{head}, \"cards\": [{{\"id\": \"c\", \"kind\": \"basic\", \"front\": {deep}, \"back\": \"b\"}}]}}"
    );
    let e = parse("deep.json", &text).unwrap_err();
    assert!(
        e[0].message
            .starts_with("a list where `front` needs text in quotes"),
        "{}",
        e[0]
    );
}

#[test]
fn cards_written_as_arrays_are_rejected() {
    let text = r#"{"format": 1, "id": "d", "title": "T", "description": "", "cards": [["c1", "basic", "a", "b"]]}"#;
    let e = parse("arr.json", text).unwrap_err();
    assert_eq!(
        e[0].to_string().lines().next().unwrap(),
        "arr.json:1:69: a list where an object in braces { … } is needed"
    );
}

#[test]
fn all_problems_are_reported_in_file_order() {
    let text = r#"{"format": 1, "id": "d", "title": " ", "description": "",
      "cards": [{"id": "a b", "kind": "basic", "front": "", "back": "x", "tags": ["two words"]}]}"#;
    let e = parse("x.json", text).unwrap_err();
    let msgs: Vec<&str> = e.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        msgs,
        [
            "the deck's title is empty",
            "card id \"a b\" is not a valid id",
            "the card's front is empty",
            "tag \"two words\" is empty or has spaces"
        ]
    );
}

#[test]
fn every_card_s_problems_are_reported_at_their_values() {
    let text = r#"{"format": 1, "id": "d", "title": "T", "description": "", "cards": [
      {"id": "q1", "kind": "mcq", "question": "Q?", "options": ["a", "b"], "answer": "1"},
      {"id": "q2", "kind": "statements", "statements": [{"txet": "x", "correct": true}]},
      {"id": "q3", "kind": "match", "style": "code", "pairs": []},
      {"kind": "basic", "front": "f", "back": "b", "back": "c"},
      {"id": "q5", "front": "f"}
    ]}"#;
    let e = parse("x.json", text).unwrap_err();
    let got: Vec<String> = e.iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        [
            "x.json:2:88: the text \"1\" where `answer` needs a whole number (0 or more)\n  hint: write a whole number without quotes: 0 or more (a position counts from 0)",
            "x.json:3:63: unknown field `txet`, expected `text` or `correct`\n  hint: did you mean `text`? remove the field or fix its spelling; see docs/deck-format.md for the fields each part allows",
            "x.json:4:51: unknown variant `code`, expected `how-many` or `codes`\n  hint: use one of the values listed",
            "x.json:5:7: a basic card is missing `id`\n  hint: give every card an id that is unique in the deck and never changes",
            "x.json:5:52: duplicate field `back`\n  hint: a field may appear only once in an object; remove one of them",
            "x.json:6:7: card \"q5\" is missing `kind`\n  hint: add \"kind\": one of basic, mcq, multi, cloze, typed, statements, match",
        ]
    );
}

/// A deck of more cards than one job reads (so they are read on every core): every card's
/// problems still come in the file's order, each at its line.
#[test]
fn a_large_deck_s_problems_come_in_file_order() {
    let n = 3 * CARDS_PER_JOB + 5;
    let broken = [
        7,
        CARDS_PER_JOB - 1,
        CARDS_PER_JOB,
        2 * CARDS_PER_JOB + 3,
        n - 1,
    ];
    let cards: Vec<String> = (0..n)
        .map(|i| {
            if broken.contains(&i) {
                format!(r#"{{"id": "c{i}", "kind": "basic", "front": "f", "bakc": "b"}}"#)
            } else {
                format!(r#"{{"id": "c{i}", "kind": "basic", "front": "f{i}", "back": "b"}}"#)
            }
        })
        .collect();
    // The deck's fields on line 1, card i on line i + 2.
    let text = format!(
        "{{\"format\": 1, \"id\": \"d\", \"title\": \"T\", \"description\": \"\", \"cards\": [\n{}\n]}}",
        cards.join(",\n")
    );
    let e = parse("x.json", &text).unwrap_err();
    let got: Vec<String> = e
        .iter()
        .map(|e| e.to_string().lines().next().unwrap().to_owned())
        .collect();
    // One problem each: `back` is not also missing, `bakc` being a slip for it.
    let want: Vec<String> = broken
        .iter()
        .map(|&i| {
            let column = cards[i].find("\"bakc\"").unwrap() + 1;
            format!(
                "x.json:{}:{column}: unknown field `bakc` in a basic card",
                i + 2
            )
        })
        .collect();
    assert_eq!(got, want);
    // Without them, every card is read, in order.
    let fixed = text.replace("bakc", "back");
    let deck = parse("x.json", &fixed).unwrap();
    let ids: Vec<String> = deck.cards.iter().map(|c| c.id.to_string()).collect();
    assert_eq!(ids, (0..n).map(|i| format!("c{i}")).collect::<Vec<_>>());
}

#[test]
fn names_close_to_a_known_one_are_suggested() {
    let known = ["answer", "answers", "options", "explanation", "id", "tags"];
    let near = |w| nearest(w, known.iter().copied());
    assert_eq!(near("anwser"), Some("answer"));
    assert_eq!(near("Answer"), Some("answer"));
    assert_eq!(near("optoins"), Some("options"));
    assert_eq!(near("explaination"), Some("explanation"));
    assert_eq!(near("tag"), Some("tags"));
    assert_eq!(near("front"), None);
    assert_eq!(near("ix"), Some("id"));
    assert_eq!(near("xyz"), None);
}

#[test]
fn a_misspelt_deck_field_is_suggested_too() {
    let text = r#"{"format": 1, "id": "d", "titel": "T", "description": "", "cards": []}"#;
    let e = parse("x.json", text).unwrap_err();
    assert!(e[0].hint.starts_with("did you mean `title`?"), "{}", e[0]);
}

#[test]
fn answer_kinds_groups_and_exclusions_are_read_and_written_back() {
    use crate::domain::answer_kind::{AnswerKind, PlaceLevel};
    let text = r#"{"format": 1, "id": "d", "title": "T", "description": "", "answer_kind": "text",
 "cards": [
 {"id": "a", "kind": "basic", "front": "Where?", "back": "Mundra", "answer_kind": "city", "group": "ammonia", "not_with": ["b"], "not_distractors": ["Kandla"]},
 {"id": "b", "kind": "typed", "question": "Who?", "accept": ["Toyota Tsusho"], "answer_kind": "company", "distractors": ["Toyota", "Sojitz", "Mitsui"]},
 {"id": "c", "kind": "cloze", "text": "Held in {{New Delhi}} in {{January 2026}}.", "accept": {"New Delhi": ["Delhi"]}, "distractors": {"January 2026": ["March 2026", "August 2025", "November 2024"]}}
]}"#;
    let deck = parse("d.json", text).unwrap();
    assert_eq!(deck.answer_kind, Some(AnswerKind::Text));
    let [a, b, c] = &deck.cards[..] else { panic!() };
    assert_eq!(a.answer.kind, Some(AnswerKind::Place(PlaceLevel::City)));
    assert_eq!(a.group.as_deref(), Some("ammonia"));
    assert_eq!(a.answer.not_with, ["b"]);
    assert_eq!(a.answer.not_distractors, ["Kandla"]);
    assert_eq!(b.answer.kind, Some(AnswerKind::Organisation));
    assert_eq!(b.answer.distractors, ["Toyota", "Sojitz", "Mitsui"]);
    assert_eq!(
        c.answer.accept,
        [("New Delhi".to_owned(), vec!["Delhi".to_owned()])]
    );
    assert_eq!(c.answer.gap_distractors[0].1.len(), 3);
    let again = parse("d.json", &crate::store::deck_write::to_json(&deck, None)).unwrap();
    assert_eq!(again, deck);

    let bad = r#"{"format": 1, "id": "d", "title": "T", "description": "", "cards": [
 {"id": "a", "kind": "basic", "front": "Where?", "back": "Mundra", "not_with": ["zz"]},
 {"id": "c", "kind": "cloze", "text": "Held in {{New Delhi}}.", "accept": {"Delhi": ["New Delhi"]}},
 {"id": "d", "kind": "basic", "front": "When?", "back": "2026", "answer_kind": "yeer"}
]}"#;
    let errors: Vec<String> = parse("bad.json", bad)
        .unwrap_err()
        .iter()
        .map(|e| e.to_string().lines().next().unwrap_or_default().to_owned())
        .collect();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("`accept` names \"Delhi\", which is not a gap")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("`not_with` names card \"zz\"")),
        "{errors:?}"
    );
    assert!(errors.iter().any(|e| e.contains("yeer")), "{errors:?}");
}

/// A deck of three cards: one sound, one of an unknown kind, one with an empty explanation
/// and a duplicate id.
const ONE_GOOD: &str = r#"{
  "format": 1, "id": "d", "title": "D", "description": "",
  "cards": [
    {"id": "good", "kind": "basic", "front": "f", "back": "b"},
    {"id": "odd", "kind": "bsaic", "front": "f", "back": "b"},
    {"id": "good", "kind": "basic", "front": "f2", "back": "b2", "explanation": " "}
  ]
}"#;

#[test]
fn a_broken_card_is_left_out_with_its_errors_and_the_rest_is_read() {
    let p = parse_lenient("d.json", ONE_GOOD).unwrap();
    let ids: Vec<&str> = p.deck.cards.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["good"]);
    assert_eq!(p.left_out, 2);
    let errors: Vec<String> = p.skipped.iter().map(ToString::to_string).collect();
    assert!(errors.len() >= 3, "{errors:?}");
    assert!(errors[0].starts_with("d.json:5:"), "{errors:?}");
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("d.json:6:") && e.contains("used twice")),
        "{errors:?}"
    );
    // The strict reading (check, import, export) still refuses the file, with the same errors.
    let strict: Vec<String> = parse("d.json", ONE_GOOD)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(strict, errors);
    // Bytes the same way.
    assert_eq!(
        parse_bytes_lenient("d.json", ONE_GOOD.as_bytes())
            .unwrap()
            .left_out,
        2
    );
}

#[test]
fn a_problem_of_the_deck_itself_or_no_usable_card_still_fails_the_file() {
    let no_title = ONE_GOOD.replace(r#""title": "D""#, r#""title": """#);
    assert!(parse_lenient("d.json", &no_title).is_err());
    let none = r#"{"format": 1, "id": "d", "title": "D", "description": "",
      "cards": [{"id": "odd", "kind": "bsaic", "front": "f", "back": "b"}]}"#;
    assert!(parse_lenient("d.json", none).is_err());
    assert!(parse_bytes_lenient("d.json", b"{\"format\": 1, \xff").is_err());
    let good = parse_lenient(
        "d.json",
        r#"{"format": 1, "id": "d", "title": "D", "description": "",
      "cards": [{"id": "a", "kind": "basic", "front": "f", "back": "b"}]}"#,
    )
    .unwrap();
    assert_eq!(
        (good.deck.cards.len(), good.left_out, good.skipped.len()),
        (1, 0, 0)
    );
}

/// Counts in validation messages take the right number: "1 option", never "1 options".
#[test]
fn validation_messages_count_in_words() {
    let text = r#"{"format": 1, "id": "d", "title": "T", "description": "D.", "cards": [
  {"id": "one", "kind": "mcq", "question": "Q?", "options": ["only"], "answer": 0},
  {"id": "expl", "kind": "mcq", "question": "Q?", "options": ["a", "b"], "answer": 0, "option_explanations": ["why a"]}
]}"#;
    let errors: Vec<String> = parse("d.json", text)
        .unwrap_err()
        .iter()
        .map(|e| e.message.clone())
        .collect();
    assert_eq!(
        errors,
        [
            "1 option; an mcq card takes 2 to 6",
            "1 option explanation for 2 options"
        ]
    );
}

#[test]
fn an_mcq_with_two_answers_and_a_trailing_comma_are_said_plainly() {
    let text = r#"{"format": 1, "id": "d", "title": "T", "description": "", "cards": [
      {"id": "q1", "kind": "mcq", "question": "Q?", "options": ["a", "b"], "answer": [0, 1]},
      {"id": "q2", "kind": "typed", "question": "Q?", "accept": "Mundra"},
      {"id": "q3", "kind": "basic", "front": "F", "back": "B", "reverse": "yes"}
    ]}"#;
    let got: Vec<String> = parse("x.json", text)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        got,
        [
            "x.json:2:86: an mcq card has one right answer: `answer` is one position, not a list\n  hint: for several right answers use \"kind\": \"multi\" with \"answers\": [0, 1]; for one, write \"answer\": 0 (positions count from 0)",
            "x.json:3:72: the text \"Mundra\" where `accept` needs a list in [ ]\n  hint: put the items in [ ], separated by commas, even when there is only one",
            "x.json:4:79: the text \"yes\" where `reverse` needs true or false\n  hint: write true or false, without quotes",
        ]
    );
    for (text, at) in [
        (
            r#"{"format": 1, "id": "d", "title": "T", "description": "", "tags": ["a", "b",], "cards": []}"#,
            "x.json:1:77:",
        ),
        (
            "{\"format\": 1, \"id\": \"d\", \"title\": \"T\", \"description\": \"\", \"cards\": [\n  {\"id\": \"q\", \"kind\": \"basic\", \"front\": \"F\", \"back\": \"B\",}\n]}",
            "x.json:2:58:",
        ),
    ] {
        let e = parse("x.json", text).unwrap_err();
        assert_eq!(
            e[0].to_string(),
            format!(
                "{at} a trailing comma: JSON allows no comma after the last item of a list or an object\n  hint: remove the comma just before this closing bracket or brace"
            )
        );
    }
}
