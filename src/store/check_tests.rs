use super::*;
use crate::store::check_near::{Fronts, near};

/// A deck file around `cards` (JSON objects, joined with commas), for the check modules' tests.
pub(crate) fn deck_of(cards: &[&str]) -> String {
    deck(&cards.join(",\n"))
}

fn deck(cards: &str) -> String {
    format!(
        "{{\"format\": 1, \"id\": \"d\", \"title\": \"T\", \"description\": \"\",\n \"sources\": [{{\"id\": \"s\", \"title\": \"S\"}}],\n \"cards\": [\n{cards}\n]}}"
    )
}

/// The findings' first lines, without the "asked as a flashcard" or "asked typed" ones
/// (see `store::check_options`'s tests).
fn messages(text: &str, against: Option<&str>) -> Vec<String> {
    all_messages(text, against)
        .into_iter()
        .filter(|m| !m.contains("is asked as a flashcard") && !m.contains("is asked typed"))
        .collect()
}

fn all_messages(text: &str, against: Option<&str>) -> Vec<String> {
    let old = against.map(|o| deck_file::parse("old.json", o).unwrap());
    check("d.json", text.as_bytes(), old.as_ref())
        .iter()
        .map(Diagnostic::render)
        .map(|s| s.lines().next().unwrap().to_owned())
        .collect()
}

#[test]
fn hostile_characters_are_warnings_at_their_place() {
    let card = r#"{"id": "a", "kind": "basic", "front": "Hi\u001b]0;x\u0007 there", "back": "\u202eAP\u200b", "source": "s", "explanation": "x"}"#;
    let got = messages(&deck(card), None);
    assert_eq!(
        got,
        [
            "d.json:4:42: warning: a control character (U+001B) in deck text",
            "d.json:4:52: warning: a control character (U+0007) in deck text",
            "d.json:4:76: warning: a bidirectional override (U+202E) in deck text",
            "d.json:4:84: warning: an invisible character (U+200B) in deck text",
        ]
    );
    // Devanagari's joiner after a letter is text, not a hazard; escapes of other
    // characters are fine.
    let fine = r#"{"id": "a", "kind": "basic", "front": "क्‍ष \u20b9 \"q\"", "back": "b", "source": "s", "explanation": "x"}"#;
    assert_eq!(messages(&deck(fine), None), Vec::<String>::new());
}

#[test]
fn errors_come_from_the_parser() {
    let got = messages(&deck(r#"{"id": "a", "kind": "basic", "front": "f"}"#), None);
    assert_eq!(
        got,
        ["d.json:4:1: error: card \"a\" (basic) is missing `back`"]
    );
}

#[test]
fn a_file_with_errors_shows_its_warnings_too_after_the_errors() {
    let cards = [
        r#"{"id": "a", "kind": "basic", "front": "Where is the Toyota Tsusho refinery?", "back": "Andhra Pradesh", "explanation": "x"}"#,
        r#"{"id": "b", "kind": "basic", "front": "f"}"#,
        r#"{"id": "c", "kind": "basic", "front": "Where is the Toyota Tsusho refinery ?", "back": "AP", "source": "s", "explanation": "x\u0007"}"#,
        r#"{"id": "d", "kind": "mcq", "question": "Q?", "options": ["x", "y", "z", "w"], "answer": 9, "source": "s", "explanation": "x"}"#,
    ];
    let text = deck(&cards.join(",\n"));
    let got = messages(&text, None);
    assert_eq!(
        got,
        [
            "d.json:5:1: error: card \"b\" (basic) is missing `back`",
            "d.json:7:89: error: answer 9 is not one of the options (they are numbered 0 to 3)",
            "d.json:4:1: warning: card \"a\" names no source",
            "d.json:6:1: warning: card \"c\" asks nearly the same as the card at line 4",
            "d.json:6:126: warning: a control character (U+0007) in deck text",
        ]
    );
    // Errors fail the file whatever its warnings; against an older version, the cards
    // left out are not called gone.
    let old = deck_file::parse("old.json", &deck(cards[0])).unwrap();
    let found = check("d.json", text.as_bytes(), Some(&old));
    assert!(found.iter().any(|d| d.severity == Severity::Error));
    assert!(!found.iter().any(|d| d.message.contains("is gone")));
    // Malformed JSON: its error, and the text's hazards.
    let broken = "{\"format\": 1, \"id\": \"\u{7}\"";
    let got: Vec<String> = check("d.json", broken.as_bytes(), None)
        .iter()
        .map(|d| d.render().lines().next().unwrap().to_owned())
        .collect();
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[0].contains(": error: "), "{got:?}");
    assert!(
        got[1].contains("warning: a control character (U+0007)"),
        "{got:?}"
    );
}

#[test]
fn warnings_point_at_the_card() {
    let cards = [
        r#"{"id": "a", "kind": "basic", "front": "Where is the Toyota Tsusho refinery?", "back": "Andhra Pradesh", "source": "s", "explanation": "x"}"#,
        r#"{"id": "b", "kind": "basic", "front": "Where is the Toyota Tsusho refinery ?", "back": "AP", "source": "s", "explanation": "x"}"#,
        r#"{"id": "c", "kind": "mcq", "question": "Q?", "options": ["x", "y", "z"], "answer": 0, "source": "s", "explanation": "x"}"#,
        r#"{"id": "d", "kind": "statements", "statements": [{"text": "A", "correct": true}, {"text": "B", "correct": true}], "source": "s", "explanation": "x"}"#,
        r#"{"id": "e", "kind": "typed", "question": "Who is the FS?", "accept": ["Vikram Misri"], "answer_kind": "text", "source": "s", "explanation": "x"}"#,
        r#"{"id": "f", "kind": "basic", "front": "Port?", "back": "Mundra", "distractors": ["Mundra."], "explanation": "x"}"#,
        r#"{"id": "g", "kind": "basic", "front": "Year?", "back": "2026", "source": "s"}"#,
    ];
    let got = messages(&deck(&cards.join(",\n")), None);
    assert_eq!(
        got,
        [
            "d.json:5:1: warning: card \"b\" asks nearly the same as the card at line 4",
            "d.json:6:57: warning: only 3 options; UPSC questions have four",
            "d.json:7:49: warning: every statement is correct",
            "d.json:8:70: warning: \"Vikram Misri\" looks like a name with no other accepted form",
            "d.json:9:1: warning: card \"f\" names no source",
            "d.json:9:82: warning: this distractor is the answer written differently",
            "d.json:10:1: warning: card \"g\" has no explanation",
        ]
    );
}

/// A person's typed answer needs no other form written: its family name alone and family
/// name first are accepted already. Only a name not read as a person's is flagged.
#[test]
fn a_persons_typed_answer_needs_no_other_form() {
    let person = r#"{"id": "e", "kind": "typed", "question": "Who is the FS?", "accept": ["Vikram Misri"], "source": "s", "explanation": "x"}"#;
    assert_eq!(messages(&deck(person), None), Vec::<String>::new());
}

#[test]
fn ids_that_vanish_or_change_between_versions_are_flagged() {
    let old = deck(
        r#"{"id": "a", "kind": "basic", "front": "Refinery state?", "back": "AP", "source": "s", "explanation": "x"},
{"id": "b", "kind": "basic", "front": "Ammonia port?", "back": "Mundra", "source": "s", "explanation": "x"}"#,
    );
    let new = deck(
        r#"{"id": "a2", "kind": "basic", "front": "Refinery state?", "back": "AP", "source": "s", "explanation": "x"}"#,
    );
    assert_eq!(
        messages(&new, Some(&old)),
        [
            "d.json:3:11: warning: card \"b\" is gone: students keep its history, but it will no longer be asked",
            "d.json:4:8: warning: card id changed from \"a\" to \"a2\": students' progress on it starts again",
        ]
    );
}

/// A deck file past the size that spreads the work over every core: the prelims deck's
/// cards again and again under new ids (near duplicates and shared answers), every third
/// without its source, every fifth without its explanation, one with a control character.
/// With `renamed`, every seventh card's id starts with "old-" (an older version of it).
fn past_one_run(renamed: bool) -> String {
    let (_, text) = crate::store::decks::built_in()
        .iter()
        .find(|(n, _)| n.contains("prelims"))
        .unwrap();
    let mut deck: serde_json::Value = serde_json::from_str(text).unwrap();
    let base = deck["cards"].as_array().unwrap().clone();
    let mut cards = Vec::new();
    while cards.len() <= PARALLEL_RUN + 1 {
        for c in &base {
            let n = cards.len();
            let mut c = c.clone();
            let card = c.as_object_mut().unwrap();
            let old = if renamed && n % 7 == 0 { "old-" } else { "" };
            let id = format!("{old}{}-{n}", card["id"].as_str().unwrap());
            card.insert("id".into(), id.into());
            if n % 3 == 0 {
                card.remove("source");
            }
            if n % 5 == 0 {
                card.remove("explanation");
            }
            if n == 1000 {
                card.insert("explanation".into(), "a bell \u{7} here".into());
            }
            cards.push(c);
        }
    }
    deck["cards"] = cards.into();
    serde_json::to_string_pretty(&deck).unwrap()
}

#[test]
fn the_findings_on_every_core_are_the_findings_on_one() {
    let text = past_one_run(false);
    let old = deck_file::parse("old.json", &past_one_run(true)).unwrap();
    for against in [None, Some(&old)] {
        let render =
            |found: Vec<Diagnostic>| found.iter().map(|d| d.render() + "\n").collect::<String>();
        // All on this thread, in one run.
        let one = render(check_in_runs_of(
            "d.json",
            text.as_bytes(),
            against,
            usize::MAX,
            Leave::Drop,
        ));
        // Runs of 2,048 cards, and runs of 7 (hundreds of jobs over the cores).
        let every = render(check("d.json", text.as_bytes(), against));
        let small = render(check_in_runs_of(
            "d.json",
            text.as_bytes(),
            against,
            7,
            Leave::Drop,
        ));
        // Left for the exit: the same findings.
        let left = render(check_then_exit("d.json", text.as_bytes(), against));
        assert!(one == every, "runs of {PARALLEL_RUN} differ from one run");
        assert!(one == small, "runs of 7 differ from one run");
        assert!(one == left, "check_then_exit differs from check");
        for kind in [
            "names no source",
            "has no explanation",
            "asks nearly the same as the card at line",
            "both have the answer",
            "warning: a control character",
        ] {
            assert!(one.contains(kind), "no finding like {kind:?}");
        }
        assert_eq!(
            one.contains("card id changed from \"old-"),
            against.is_some()
        );
    }
}

#[test]
fn the_shipped_decks_are_clean() {
    for (name, text) in crate::store::decks::built_in() {
        let found: Vec<String> = check(name, text.as_bytes(), None)
            .iter()
            .map(Diagnostic::render)
            .collect();
        assert!(found.is_empty(), "{}", found.join("\n"));
    }
}

#[test]
fn a_distractor_that_is_a_second_answer_is_flagged() {
    let cards = [
        r#"{"id": "a", "kind": "basic", "front": "When was the MoC signed?", "back": "August 2025", "distractors": ["29–30 August 2025", "March 2026", "November 2024"], "source": "s", "explanation": "x"}"#,
        r#"{"id": "b", "kind": "basic", "front": "Where is the ammonia project?", "back": "Mundra", "source": "s", "explanation": "x"}"#,
        r#"{"id": "c", "kind": "basic", "front": "What is its purpose?", "back": "A healthy market", "answer_kind": "text", "source": "s", "explanation": "x"}"#,
    ];
    let got = all_messages(&deck(&cards.join(",\n")), None);
    assert_eq!(
        got,
        [
            "d.json:4:106: warning: distractor \"29–30 August 2025\" for \"August 2025\": contains the key",
            // No other city in the deck; card c's phrase, declared text, is a flashcard on purpose.
            "d.json:5:80: warning: card \"b\" is asked as a flashcard: too few other city answers in the deck",
        ]
    );
}

#[test]
fn names_and_near_duplicates() {
    assert!(looks_like_name("Vikram Misri"));
    assert!(!looks_like_name("Misri"));
    assert!(!looks_like_name("over 70"));
    assert!(near(
        "where is the refinery located",
        "where is the refinery locatd"
    ));
    assert!(!near(
        "which year was it launched",
        "which year was it founded"
    ));
    assert!(!near(
        "which gs paper ii topics does it link",
        "which gs paper iii topics does it link"
    ));
    assert!(asks_who("Who is the FS?"));
    assert!(!asks_who("Which company runs the refinery?"));
}

proptest::proptest! {
    /// The index finds exactly what comparing with every earlier question finds.
    #[test]
    fn the_front_index_agrees_with_a_linear_scan(
        qs in proptest::collection::vec("[ab ]{10,16}|[ab\u{915}\u{93e} ]{4,8}", 1..40)
    ) {
        agrees_with_a_linear_scan(qs)?;
    }

    /// The same on questions made from a few by one to three edits each (inserting,
    /// deleting or replacing a character), so that near questions and ones just too far
    /// apart are common, in every place of the question and with every length change.
    #[test]
    fn the_front_index_agrees_with_a_linear_scan_on_edited_copies(
        bases in proptest::collection::vec("[ab c]{11,18}", 1..4),
        copies in proptest::collection::vec(
            (0..4_usize, proptest::collection::vec((0..20_usize, 0..3_u8, "[abc\u{915} ]"), 1..4)),
            1..30,
        )
    ) {
        let mut qs = bases.clone();
        for (base, edits) in copies {
            let mut q: Vec<char> = bases[base % bases.len()].chars().collect();
            for (at, op, c) in edits {
                let c = c.chars().next().unwrap_or('a');
                let at = at % (q.len() + 1);
                match op {
                    0 => q.insert(at, c),
                    1 if at < q.len() => { q.remove(at); }
                    _ if at < q.len() => q[at] = c,
                    _ => q.push(c),
                }
            }
            qs.push(q.into_iter().collect());
        }
        agrees_with_a_linear_scan(qs)?;
    }
}

proptest::proptest! {
    /// Questions from a few templates that differ in one word (the index's classes), the
    /// word often a slip from another's, and some with a slip in the template's text: the
    /// index finds exactly what comparing with every earlier question finds.
    #[test]
    fn the_front_index_agrees_with_a_linear_scan_on_templates(
        templates in proptest::collection::vec(("[ab ]{0,8}", "[ab ]{0,8}"), 1..3),
        questions in proptest::collection::vec(
            (0..3_usize, "[abc1\u{915}]{0,6}", proptest::option::of((0..30_usize, "[abc ]"))),
            1..60,
        )
    ) {
        let qs = questions
            .into_iter()
            .map(|(t, slot, slip)| {
                let (before, after) = &templates[t % templates.len()];
                let mut q: Vec<char> = format!("which {before} {slot} {after} in").chars().collect();
                if let Some((at, c)) = slip {
                    let at = at % q.len();
                    q[at] = c.chars().next().unwrap_or('a');
                }
                q.into_iter().collect()
            })
            .collect();
        agrees_with_a_linear_scan(qs)?;
    }

    /// `near` strips what two questions share at each end before counting edits: the same
    /// answer as counting edits over the whole.
    #[test]
    fn near_is_two_edits_over_the_whole_question(
        a in "[ab1 \u{915}]{10,40}",
        b in "[ab1 \u{915}]{10,40}",
        edits in proptest::collection::vec((0..40_usize, "[ab1 ]"), 0..3),
    ) {
        // Half the cases: `b` is `a` with a few characters replaced (near or just not).
        let b = if edits.len() == 2 { b } else {
            let mut c: Vec<char> = a.chars().collect();
            for (at, x) in &edits {
                let at = at % c.len();
                c[at] = x.chars().next().unwrap_or('a');
            }
            c.into_iter().collect()
        };
        let whole = {
            let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let mut prev: Vec<usize> = (0..=y.len()).collect();
            for i in 1..=x.len() {
                let mut cur = vec![i; y.len() + 1];
                for j in 1..=y.len() {
                    cur[j] = (prev[j] + 1)
                        .min(cur[j - 1] + 1)
                        .min(prev[j - 1] + usize::from(x[i - 1] != y[j - 1]));
                }
                prev = cur;
            }
            prev[y.len()]
        };
        let numbers_differ = {
            let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
            let number = |w: &str| w.chars().all(|c| c.is_ascii_digit()) || w.chars().all(|c| "ivxlc".contains(c));
            wa.len() == wb.len() && wa.iter().zip(&wb).any(|(x, y)| x != y && number(x) && number(y))
        };
        let want = !numbers_differ && a.len() > 12 && b.len() > 12 && a.len().abs_diff(b.len()) <= 2 && whole <= 2;
        proptest::prop_assert_eq!(near(&a, &b), want);
    }
}

/// A templated deck: questions that differ by a number or by a name, with a few slips
/// among them (a typo in the template, a typo in a name, a number written twice). The
/// index finds exactly what comparing with every earlier question finds, and that is the
/// slips and nothing else.
#[test]
fn templated_questions_are_near_only_where_they_slip() {
    let names = [
        "Anantapur",
        "Chittoor",
        "Kurnool",
        "Nellore",
        "Prakasam",
        "Guntur",
    ];
    let mut qs: Vec<String> = Vec::new();
    for i in 0..400 {
        qs.push(format!("which state has district code {i}"));
        qs.push(format!(
            "which state is {} {i} district in",
            names[i % names.len()]
        ));
    }
    qs.push("which state has distrct code 17".into());
    qs.push("which state has district code 1 7".into());
    qs.push("which state is Anantapr 6 district in".into());
    qs.push("which state has district code 399".into());
    let found: Vec<(usize, usize)> = {
        let mut fronts = Fronts::default();
        let mut found = Vec::new();
        for (i, q) in qs.iter().enumerate() {
            match fronts.first_like(q) {
                Some(first) => found.push((i, first)),
                None => fronts.insert(q.clone(), i),
            }
        }
        found
    };
    // "distrct" is "district" with a slip; "1 7" is two words, so it is the code-1
    // question with two characters more, not another number; "399" is asked twice.
    assert_eq!(found, [(800, 34), (801, 2), (802, 13), (803, 798)]);
    agrees_with_a_linear_scan(qs).unwrap();
}

/// Feeds `qs` to the index and to a scan of every earlier question, comparing each answer.
fn agrees_with_a_linear_scan(qs: Vec<String>) -> Result<(), proptest::test_runner::TestCaseError> {
    {
        let mut fronts = Fronts::default();
        let mut linear: Vec<(String, usize)> = Vec::new();
        for (i, q) in qs.into_iter().enumerate() {
            let want = linear
                .iter()
                .find(|(f, _)| *f == q || near(f, &q))
                .map(|(_, c)| *c);
            proptest::prop_assert_eq!(fronts.first_like(&q), want, "question {:?}", q);
            if want.is_none() {
                fronts.insert(q.clone(), i);
                linear.push((q, i));
            }
        }
    }
    Ok(())
}

/// The full example of docs/deck-format.md (the README's link for writing a deck) is a deck
/// to copy: `check` finds nothing in it, and it has a typed card.
#[test]
fn the_documented_example_deck_is_clean() {
    let doc = include_str!("../../docs/deck-format.md");
    let from = doc
        .find("## A full example")
        .expect("the example's heading");
    let start = from + doc[from..].find("```json\n").expect("its JSON") + "```json\n".len();
    let end = start + doc[start..].find("```").expect("its end");
    let text = &doc[start..end];
    assert_eq!(all_messages(text, None), Vec::<String>::new());
    assert!(text.contains("\"kind\": \"typed\""));
}
