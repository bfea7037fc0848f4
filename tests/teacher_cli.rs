//! A teacher's first steps on the command line: `smriti new` writes where the app looks.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed unwrap is a failed test"
)]

mod common;

#[test]
fn new_writes_into_the_decks_folder_the_app_reads_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let smriti = |args: &[&str]| {
        common::smriti()
            .args(args)
            .current_dir(dir.path())
            .env("SMRITI_SAVES", dir.path().join("saves"))
            .output()
            .unwrap()
    };
    let out = smriti(&["new", "polity-basics"]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join("decks/polity-basics.json").is_file());
    assert!(said.starts_with("Wrote decks/polity-basics.json"), "{said}");
    assert!(said.contains("smriti lists it when started in"), "{said}");
    // Started in the same folder, the app has the deck.
    let stats = smriti(&["stats", "--deck", "polity-basics"]);
    assert!(
        stats.status.success(),
        "{}",
        String::from_utf8_lossy(&stats.stderr)
    );
    // Elsewhere, with --dir: the message names the --decks to use.
    let other = dir.path().join("elsewhere");
    let out = smriti(&["new", "geo", "--dir", other.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(
        said.contains(&format!(
            "smriti lists it when started with --decks {}",
            other.display()
        )),
        "{said}"
    );
}

#[test]
fn check_shows_two_of_each_repeated_warning_unless_verbose() {
    let dir = tempfile::tempdir().unwrap();
    let cards: Vec<String> = (0..10)
        .map(|i| {
            format!(
                r#"{{"id": "c{i}", "kind": "basic", "front": "Question {i} on topic {}?", "back": "Answer {i}"}}"#,
                i * 7
            )
        })
        .collect();
    let deck = dir.path().join("imported.json");
    std::fs::write(
        &deck,
        format!(
            r#"{{"format": 1, "id": "imported", "title": "Imported", "description": "", "cards": [{}]}}"#,
            cards.join(",\n")
        ),
    )
    .unwrap();
    let check = |verbose: bool| {
        let mut c = common::smriti();
        c.arg("check").arg(&deck);
        if verbose {
            c.arg("--verbose");
        }
        let out = c.output().unwrap();
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let short = check(false);
    assert_eq!(short.matches("has no explanation\n").count(), 2, "{short}");
    assert_eq!(short.matches("names no source\n").count(), 2, "{short}");
    assert!(
        short.contains("8 more warnings like: card \"…\" has no explanation (smriti check --verbose lists each)"),
        "{short}"
    );
    assert!(
        short
            .trim_end()
            .ends_with("checked 1 deck file: 0 errors, 20 warnings"),
        "{short}"
    );
    let all = check(true);
    assert_eq!(all.matches("has no explanation\n").count(), 10, "{all}");
    assert!(!all.contains("more warning"), "{all}");
}

/// Errors are never folded into "N more warnings like: …": each is printed (five cards of
/// one file missing their answer), and only warnings are counted by kind (another file's).
#[test]
fn check_prints_every_error_and_calls_no_error_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, back: bool| {
        let cards: Vec<String> = (0..5)
            .map(|i| {
                let back = if back {
                    format!(r#", "back": "Answer {i}""#)
                } else {
                    String::new()
                };
                format!(
                    r#"{{"id": "c{i}", "kind": "basic", "front": "Bell {i} on topic {}?"{back}}}"#,
                    i * 7
                )
            })
            .collect();
        std::fs::write(
            dir.path().join(name),
            format!(
                r#"{{"format": 1, "id": "{}", "title": "Bells", "description": "", "cards": [{}]}}"#,
                name.trim_end_matches(".json"),
                cards.join(",\n")
            ),
        )
        .unwrap();
    };
    write("bells.json", true);
    write("broken.json", false);
    let out = common::smriti()
        .arg("check")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let short = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        short.matches("(basic) is missing `back`").count(),
        5,
        "{short}"
    );
    assert!(
        !short.contains("more warnings like: card \"…\" (basic)"),
        "{short}"
    );
    assert!(!short.contains("more errors like"), "{short}");
    // The warnings are still folded.
    assert!(
        short.contains("3 more warnings like: card \"…\" has no explanation"),
        "{short}"
    );
    assert!(
        short
            .trim_end()
            .ends_with("checked 2 deck files: 5 errors, 10 warnings"),
        "{short}"
    );
}

/// `smriti new NAME` writes a deck named for NAME (a name with spaces makes the id and is the
/// title) with an example card of every kind, each explaining its own kind and nothing about
/// any subject (it wrote critical-minerals cards whatever the name), and `smriti check` finds
/// nothing to say about it.
#[test]
fn new_writes_a_template_of_every_kind_that_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::smriti()
        .args(["new", "Polity basics", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = dir.path().join("polity-basics.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let deck: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(deck["id"], "polity-basics");
    assert_eq!(deck["title"], "Polity basics");
    let cards = deck["cards"].as_array().unwrap();
    let mut kinds: Vec<&str> = cards.iter().map(|c| c["kind"].as_str().unwrap()).collect();
    kinds.sort_unstable();
    assert_eq!(
        kinds,
        [
            "basic",
            "cloze",
            "match",
            "mcq",
            "multi",
            "statements",
            "typed"
        ]
    );
    for c in cards {
        let kind = c["kind"].as_str().unwrap();
        let explanation = c["explanation"].as_str().unwrap_or_default();
        assert!(
            explanation.contains(&format!("{} card", article(kind))),
            "the {kind} card does not say how its kind works: {explanation}"
        );
    }
    for subject in ["mineral", "Japan", "India", "MEA", "Toyota"] {
        assert!(!text.contains(subject), "{subject:?} in the template");
    }
    let check = common::smriti().arg("check").arg(&path).output().unwrap();
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success(), "{said}");
    assert!(said.contains("0 errors, 0 warnings"), "{said}");
    // With --title, the id is kept as given.
    let out = common::smriti()
        .args(["new", "geo-1", "--title", "Geography, part 1", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = std::fs::read_to_string(dir.path().join("geo-1.json")).unwrap();
    assert!(text.contains(r#""title": "Geography, part 1""#), "{text}");
}

/// "A basic card", "An mcq card": how the template's explanations open.
fn article(kind: &str) -> String {
    format!("{} {kind}", if kind == "mcq" { "An" } else { "A" })
}
