//! The command line without a terminal: `smriti check`, `smriti rebuild`, plain study and the plain mock test.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed unwrap is a failed test"
)]

mod common;

/// Writes a deck of ten question-and-answer cards, id `own`, into `dir/decks`: the tests
/// below assert on it, never on the shipped decks' contents.
fn own_deck(dir: &std::path::Path) {
    let cards: Vec<String> = (0..10)
        .map(|i| {
            format!(
                r#"{{"id": "c{i}", "kind": "basic", "front": "Question {i}?", "back": "Answer {i}", "tags": ["own"]}}"#
            )
        })
        .collect();
    let decks = dir.join("decks");
    std::fs::create_dir_all(&decks).unwrap();
    std::fs::write(
        decks.join("own.json"),
        format!(
            r#"{{"format": 1, "id": "own", "title": "Own deck", "description": "Written by the test.", "cards": [{}]}}"#,
            cards.join(", ")
        ),
    )
    .unwrap();
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/decks/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn check_reports_errors_like_a_compiler_and_fails() {
    let out = common::smriti()
        .args([
            "check",
            &fixture("duplicate-id.json"),
            &fixture("good.json"),
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let first = stdout.lines().next().unwrap();
    assert!(
        first.ends_with(
            "duplicate-id.json:8:12: error: card id \"c1\" is used twice (first at line 7)"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("good.json:11:5: warning: card \"c1\" has no explanation"),
        "{stdout}"
    );
    // The file with an error has its warnings shown too, after the error: those of the
    // card that could be read.
    assert!(
        stdout.contains("duplicate-id.json:7:5: warning: card \"c1\" has no explanation"),
        "{stdout}"
    );
    assert!(
        stdout
            .trim_end()
            .ends_with("checked 2 deck files: 1 error, 7 warnings"),
        "{stdout}"
    );
    // A two-card deck has no three wrong options for either fact.
    assert!(
        stdout.contains(
            "good.json:11:90: warning: card \"c1\" is asked as a flashcard: too few other programme answers in the deck"
        ),
        "{stdout}"
    );
}

#[test]
fn check_speaks_json_for_editors() {
    let out = common::smriti()
        .args(["check", "--json", &fixture("empty-front.json")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v[0];
    assert_eq!(
        (
            d["line"].as_u64(),
            d["column"].as_u64(),
            d["severity"].as_str()
        ),
        (Some(7), Some(44), Some("error"))
    );
    assert_eq!(d["message"], "the card's front is empty");
}

#[test]
fn check_passes_the_shipped_decks_from_any_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::smriti()
        .arg("check")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert_eq!(stdout.trim(), "checked 4 deck files: 0 errors, 0 warnings");
}

#[test]
fn rebuild_recovers_a_lost_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::smriti()
        .args(["--saves", &dir.path().display().to_string(), "rebuild"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Rebuilt "));
    assert!(dir.path().join("progress.json").exists());
}

#[test]
fn new_writes_a_starter_deck_that_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::smriti()
        .args(["new", "my-deck", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let deck = dir.path().join("my-deck.json");
    assert!(dir.path().join("deck.schema.json").exists());
    let text = std::fs::read_to_string(&deck).unwrap();
    assert!(text.contains("\"$schema\": \"deck.schema.json\""));
    let check = common::smriti().arg("check").arg(&deck).output().unwrap();
    assert!(check.status.success());
    assert_eq!(
        String::from_utf8_lossy(&check.stdout).trim(),
        "checked 1 deck file: 0 errors, 0 warnings"
    );
    let again = common::smriti()
        .args(["new", "my-deck", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!again.status.success(), "never overwrites");
}

#[test]
fn import_then_reimport_merges_and_export_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let src = format!(
        "{}/tests/fixtures/import/anki-notes.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = common::smriti()
        .args(["import", &src, "--id", "notes", "--output"])
        .arg(dir.path().join("notes.json"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.starts_with("Imported 3 new cards; merged 0 changed and 0 unchanged; skipped 1."),
        "{stdout}"
    );
    assert!(
        stdout.contains("anki-notes.txt:8: the back is empty"),
        "{stdout}"
    );
    let deck = dir.path().join("notes.json");
    let again = common::smriti()
        .args(["import", &src, "--into"])
        .arg(&deck)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&again.stdout)
            .starts_with("Imported 0 new cards; merged 0 changed and 3 unchanged")
    );
    // Export to CSV and import into a copy: same cards, same ids.
    let csv = dir.path().join("notes.csv");
    let exported = common::smriti()
        .args(["export"])
        .arg(&deck)
        .args(["--format", "csv", "-o"])
        .arg(&csv)
        .output()
        .unwrap();
    assert!(exported.status.success());
    let copy = dir.path().join("copy.json");
    std::fs::copy(&deck, &copy).unwrap();
    let back = common::smriti()
        .args(["import"])
        .arg(&csv)
        .arg("--into")
        .arg(&copy)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&back.stdout)
            .starts_with("Imported 0 new cards; merged 0 changed and 3 unchanged"),
        "{}",
        String::from_utf8_lossy(&back.stdout)
    );
    assert_eq!(
        std::fs::read_to_string(&deck).unwrap(),
        std::fs::read_to_string(&copy).unwrap()
    );
}

/// A spreadsheet's Windows-1252 CSV is refused at its first byte that is not UTF-8, with how
/// to save it, and no deck is written (it was imported with "caf�" on the card).
#[test]
fn import_refuses_a_file_that_is_not_utf8_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("latin.csv");
    std::fs::write(&csv, b"front,back\nWhere is the caf\xe9?,Pune\n").unwrap();
    let out = common::smriti()
        .arg("import")
        .arg(&csv)
        .arg("--output")
        .arg(dir.path().join("latin.json"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("latin.csv:2:17: the file is not UTF-8 text (an invalid byte here)"),
        "{stderr}"
    );
    assert!(stderr.contains("hint: save it as UTF-8"), "{stderr}");
    assert!(!dir.path().join("latin.json").exists());
}

/// `study ID` for a deck whose file has errors names that file, not only the decks there are.
#[test]
fn study_names_a_deck_file_with_errors_when_the_deck_is_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    std::fs::create_dir_all(&decks).unwrap();
    std::fs::write(
        decks.join("mine.json"),
        r#"{"format": 1, "id": "mine", "title": "Mine", "description": "", "cards": [{"id": "a", "kind": "typed", "question": "Q?", "answer": "A"}]}"#,
    )
    .unwrap();
    let out = common::smriti()
        .arg("--saves")
        .arg(dir.path().join("saves"))
        .arg("--decks")
        .arg(&decks)
        .args(["study", "mine", "--plain"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let file = decks.join("mine.json").display().to_string();
    assert!(
        stderr.contains(&format!(
            "smriti: there is no deck \"mine\"; the decks are: india-japan-challenges, india-japan-mechanisms, india-japan-prelims, india-japan-sectors\n  {file} has errors, so its deck was not read; the first:\n  {file}:1:75: card \"a\" (typed) is missing `accept`\n  hint: a typed card needs: question, accept\n  (smriti check {file} lists them all)"
        )),
        "{stderr}"
    );
}

/// A deck with an escape sequence in a card (`\u001b[2J`, which would clear the screen):
/// `smriti check` accepts what the app shows, and says at its line and column what the app
/// shows in its place; the app reads the deck and shows `�` there (`study --plain`, `export`),
/// never the escape. Before, `check` called the deck an error (exit 1) that the app then read.
#[test]
fn check_and_the_app_agree_on_a_deck_with_an_escape_sequence() {
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    std::fs::create_dir_all(&decks).unwrap();
    std::fs::write(
        decks.join("hostile.json"),
        "{\"format\": 1, \"id\": \"hostile\", \"title\": \"Hostile\", \"description\": \"\",\n\"sources\": [{\"id\": \"s\", \"title\": \"S\"}],\n\"cards\": [\n  {\"id\": \"a\", \"kind\": \"typed\", \"question\": \"Clear \\u001b[2J screen?\", \"accept\": [\"yes\"], \"source\": \"s\", \"explanation\": \"x\"}\n]}",
    )
    .unwrap();
    let file = decks.join("hostile.json").display().to_string();
    let check = common::smriti().arg("check").arg(&file).output().unwrap();
    let said = String::from_utf8_lossy(&check.stdout).into_owned()
        + &String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(0), "{said}");
    assert!(
        said.contains(&format!(
            "{file}:4:51: warning: a control character (U+001B) in deck text\n  hint: smriti shows it as \u{FFFD} and never passes it to a terminal; remove it unless the deck's text is meant to carry it\n"
        )),
        "{said}"
    );
    assert!(said.contains(": 0 errors, "), "{said}");
    let run = |args: &[&str], input: &str| {
        let mut child = common::smriti()
            .arg("--saves")
            .arg(dir.path().join("saves"))
            .arg("--decks")
            .arg(&decks)
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        (out.status.code(), out.stdout)
    };
    for (args, input) in [
        (&["study", "hostile", "--plain"][..], "q\n"),
        (&["export", "hostile", "--format", "md"][..], ""),
    ] {
        let (code, stdout) = run(args, input);
        let text = String::from_utf8_lossy(&stdout);
        assert_eq!(code, Some(0), "{args:?}: {text}");
        assert!(!stdout.contains(&0x1b), "{args:?}: {text}");
        assert!(
            text.contains("Clear \u{FFFD}[2J screen?"),
            "{args:?}: {text}"
        );
    }
}

/// `study ID` with a decks folder that does not exist says so and what to do, not that the
/// folder "has errors" that `smriti check` would list.
#[test]
fn study_says_a_missing_decks_folder_does_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-folder");
    let out = common::smriti()
        .arg("--saves")
        .arg(dir.path().join("saves"))
        .arg("--decks")
        .arg(&missing)
        .args(["study", "mine", "--plain"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let folder = missing.display().to_string();
    assert!(
        stderr.contains(&format!(
            "smriti: there is no deck \"mine\"; the decks are: india-japan-challenges, india-japan-mechanisms, india-japan-prelims, india-japan-sectors\n  {folder}: the decks folder does not exist\n  hint: check the path given to --decks"
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("has errors"), "{stderr}");
    assert!(!stderr.contains("lists them"), "{stderr}");
}

#[test]
fn export_writes_anki_tsv_and_a_quiz_sheet() {
    let dir = tempfile::tempdir().unwrap();
    own_deck(dir.path());
    let tsv = common::smriti()
        .args(["export", "own", "--format", "tsv"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&tsv.stdout);
    assert!(
        text.starts_with("#separator:tab\n#html:false\n#tags column:3\n"),
        "{text}"
    );
    assert!(text.contains("Question 3?\tAnswer 3\town"), "{text}");
    let md = common::smriti()
        .args(["export", "own", "--format", "md"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&md.stdout);
    assert!(text.starts_with("# Own deck"), "{text}");
    assert!(text.contains("## Answer key"), "{text}");
    let bad = common::smriti()
        .args(["export", "no-such-deck"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(!bad.status.success());
}

/// A card with an error is left out of the export as the app leaves it out of study, and the
/// export says which one and why on standard error, at its path:line:column as `check` does.
#[test]
fn export_says_which_broken_card_it_leaves_out_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    std::fs::create_dir_all(&decks).unwrap();
    std::fs::write(
        decks.join("t.json"),
        r#"{"format": 1, "id": "t", "title": "T", "description": "One card broken.",
"cards": [
  {"id": "good", "kind": "basic", "front": "Capital of Japan?", "back": "Tokyo"},
  {"id": "broken", "kind": "basic", "front": "Capital of India?"}
]}"#,
    )
    .unwrap();
    let out = common::smriti()
        .args(["export", "t", "--format", "csv"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(stdout.contains("good,Capital of Japan?,Tokyo") && !stdout.contains("India"));
    assert!(
        stderr.contains("smriti: 1 card of decks/t.json left out of the export for errors:")
            && stderr
                .contains("decks/t.json:4:3: error: card \"broken\" (basic) is missing `back`"),
        "{stderr}"
    );
    // A deck with nothing left out says nothing more.
    own_deck(dir.path());
    let out = common::smriti()
        .args(["export", "own", "--format", "csv"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success() && out.stderr.is_empty(), "{out:?}");
}

#[test]
fn stats_and_exam_date_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    own_deck(dir.path());
    let saves = dir.path().join("saves");
    // Two answers on 20 Nov through plain mode, one of them Again.
    let mut child = common::smriti()
        .args(["study", "own", "--plain"])
        .current_dir(dir.path())
        .env("SMRITI_SAVES", &saves)
        .env("SMRITI_NOW", "2026-11-20T10:00:00Z")
        .env("TZ", "UTC")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), b"\n3\n\n1\nq\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("saved #2"));
    let set = common::smriti()
        .args(["exam-date", "2027-05-23"])
        .current_dir(dir.path())
        .env("SMRITI_SAVES", &saves)
        .output()
        .unwrap();
    assert!(
        set.status.success(),
        "{}",
        String::from_utf8_lossy(&set.stderr)
    );
    let stats = common::smriti()
        .args(["stats", "--deck", "own", "--json"])
        .current_dir(dir.path())
        .env("SMRITI_SAVES", &saves)
        .env("SMRITI_NOW", "2026-11-22T10:00:00Z")
        .env("TZ", "UTC")
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(v["reviews"], 2);
    assert_eq!(v["today"], "2026-11-22");
    let heat = v["heatmap"].as_array().unwrap();
    assert_eq!(heat.len(), 365);
    assert_eq!(heat[362], serde_json::json!(["2026-11-20", 2]));
    assert_eq!(v["states"]["learning"], 2);
    // Both learning cards are due today: told as the deck list tells them (Learn 2, Due 0),
    // while the forecast's day counts every card due on it.
    assert_eq!(
        v["today_counts"],
        serde_json::json!({"learning": 2, "due": 0})
    );
    assert_eq!(v["forecast"][0], 2);
    assert_eq!(v["exam_date"], "2027-05-23");
    assert_eq!(v["days_to_exam"], 182);
    assert_eq!(v["exam_recall"][0]["deck"], "own");
    // Half a year on, neither answered card (learning, minutes apart) nor the eight unseen
    // ones is above 90% recall.
    assert_eq!(v["exam_recall"][0]["below_90"], 10);
    assert_eq!(v["by_tag"][0]["tag"], "own");
    assert_eq!(v["by_tag"][0]["answers"], 2);

    // The statistics read the decks' outlines (tags included) from the deck index, not the
    // deck files: a file whose size and time still match its entry is not opened. (Here its
    // bytes are replaced with others of the same length and the time put back.)
    let deck = dir.path().join("decks/own.json");
    let meta = std::fs::metadata(&deck).unwrap();
    std::fs::write(&deck, vec![b'x'; meta.len() as usize]).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&deck)
        .unwrap()
        .set_modified(meta.modified().unwrap())
        .unwrap();
    let again = common::smriti()
        .args(["stats", "--deck", "own", "--json"])
        .current_dir(dir.path())
        .env("SMRITI_SAVES", &saves)
        .env("SMRITI_NOW", "2026-11-22T10:00:00Z")
        .env("TZ", "UTC")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&again.stdout),
        String::from_utf8_lossy(&stats.stdout)
    );

    let plain = common::smriti()
        .args(["stats", "--deck", "own"])
        .current_dir(dir.path())
        .env("SMRITI_SAVES", &saves)
        .env("SMRITI_NOW", "2026-11-22T10:00:00Z")
        .env("TZ", "UTC")
        .output()
        .unwrap();
    let plain = String::from_utf8_lossy(&plain.stdout);
    assert!(
        plain.contains("\nToday        2 learning · 0 due (as the deck list counts them)\n"),
        "{plain}"
    );
    assert!(plain.contains("\nDue per day  today:2 +1:0"), "{plain}");
    let text = common::smriti()
        .args(["stats"])
        .current_dir(dir.path())
        .env("SMRITI_SAVES", &saves)
        .output()
        .unwrap();
    let decks = smriti::store::decks::built_in().len() + 1;
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.starts_with(&format!("Statistics for all {decks} decks")),
        "{text}"
    );
}

/// "N new cards: X a day" (or "1 new card: …") from `smriti exam-mode`'s report.
fn new_cards(text: &str) -> (u32, String) {
    let line = text
        .lines()
        .find(|l| l.contains(" new cards: ") || l.contains(" new card: "))
        .unwrap_or_else(|| panic!("no new-card line in {text}"));
    let (n, rest) = line
        .trim()
        .split_once(" new cards: ")
        .or_else(|| line.trim().split_once(" new card: "))
        .unwrap();
    let per_day = rest.split_once(" a day").unwrap().0.to_owned();
    (n.parse().unwrap(), per_day)
}

#[test]
fn exam_mode_shows_the_workload_then_turns_on() {
    let dir = tempfile::tempdir().unwrap();
    let saves = dir.path().join("saves");
    let smriti = |args: &[&str], cwd: &std::path::Path| {
        common::smriti()
            .args(args)
            .current_dir(cwd)
            .env("SMRITI_SAVES", &saves)
            .env("SMRITI_NOW", "2026-11-22T10:00:00Z")
            .env("TZ", "UTC")
            .output()
            .unwrap()
    };
    let none = smriti(&["exam-mode"], dir.path());
    assert_eq!(none.status.code(), Some(2), "needs an exam date first");
    smriti(&["exam-date", "2027-05-23"], dir.path());
    // The shipped decks alone, then with the test's own deck of ten new cards.
    let before = smriti(&["exam-mode"], dir.path());
    let (shipped, _) = new_cards(&String::from_utf8_lossy(&before.stdout));
    let with_own = dir.path().join("with-own");
    own_deck(&with_own);
    let out = smriti(&["exam-mode", "on"], &with_own);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        text.starts_with("Exam on 2027-05-23, in 182 days.\n"),
        "{text}"
    );
    let (new, per_day) = new_cards(&text);
    assert_eq!(new, shipped + 10, "{text}");
    assert_eq!(per_day, format!("{:.1}", f64::from(new) / 182.0), "{text}");
    assert!(
        text.trim_end()
            .ends_with("Exam mode is now on. A running smriti uses it within a few seconds."),
        "{text}"
    );
    assert!(!text.contains("Turn it on"), "{text}");
    let settings = std::fs::read_to_string(saves.join("settings.json")).unwrap();
    assert!(settings.contains("\"exam_mode\": true"));
}

/// `smriti test … --plain` runs without a terminal (issue 15 point 15): a pipe in, a pipe
/// out, the result in `tests.jsonl`.
#[test]
fn a_plain_mock_test_runs_from_the_command_line_without_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let cards: Vec<String> = (0..4)
        .map(|i| {
            format!(
                r#"{{"id": "m{i}", "kind": "mcq", "question": "Which is right {i}?", "options": ["right {i}", "wrong one {i}", "wrong two {i}", "wrong three {i}"], "answer": 0}}"#
            )
        })
        .collect();
    let decks = dir.path().join("decks");
    std::fs::create_dir_all(&decks).unwrap();
    std::fs::write(
        decks.join("quiz.json"),
        format!(
            r#"{{"format": 1, "id": "quiz", "title": "Quiz", "description": "", "cards": [{}]}}"#,
            cards.join(", ")
        ),
    )
    .unwrap();
    let saves = dir.path().join("saves");
    let mut child = common::smriti()
        .args(["test", "quiz", "--questions", "3", "--plain"])
        .current_dir(dir.path())
        .env("SMRITI_SAVES", &saves)
        .env("SMRITI_SEED", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Answer (a), skip twice (the second time past the last question), submit, yes.
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), b"a\nn\nn\ns\ny\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for want in [
        "smriti: mock test, 3 questions, 3.6 min",
        "Question 1 of 3.",
        "That was the last question; not answered: 2, 3.",
        "Attempted 1  ·  Right ",
        "Skipped 2",
        "The result is saved in tests.",
    ] {
        assert!(stdout.contains(want), "{want:?} missing from:\n{stdout}");
    }
    let log = common::own_log(&saves, "tests");
    assert_eq!(log.lines().count(), 1);
    assert!(!saves.join("test-in-progress.json").exists());
}

/// smriti run in `dir` on the saves folder `saves` at `now` (UTC), `input` on its standard
/// input; what it printed.
fn at(
    dir: &std::path::Path,
    saves: &std::path::Path,
    args: &[&str],
    now: &str,
    input: &[u8],
) -> String {
    let mut child = common::smriti()
        .args(args)
        .current_dir(dir)
        .env("SMRITI_SAVES", saves)
        .env("SMRITI_NOW", now)
        .env("TZ", "UTC")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), input).unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `smriti exam-mode` counts cards in learning (due again within minutes) apart from the
/// reviews that fall before the exam (spread over the days left), and says so.
#[test]
fn exam_mode_counts_learning_cards_apart_from_the_reviews() {
    let dir = tempfile::tempdir().unwrap();
    own_deck(dir.path());
    let saves = dir.path().join("saves");
    let smriti = |args: &[&str], now: &str, input: &[u8]| at(dir.path(), &saves, args, now, input);
    // Two new cards answered Good and Again: both in learning, due within minutes.
    let out = smriti(
        &["study", "own", "--plain"],
        "2026-11-20T10:00:00Z",
        b"\n3\n\n1\nq\n",
    );
    assert!(out.contains("saved #2"), "{out}");
    smriti(&["exam-date", "2027-05-23"], "2026-11-20T10:05:00Z", b"");
    let text = smriti(&["exam-mode"], "2026-11-20T10:06:00Z", b"");
    assert!(
        text.contains(
            "\n  0 reviews of learnt cards already fall before the exam (about 0.0 a day);\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("\n  2 cards in learning come back within the day (their learning steps; not in the reviews above);\n"),
        "{text}"
    );
    assert!(text.contains("\n  0 cards come due after it"), "{text}");
}

/// `smriti stats --deck A` counts today as the deck list does: a card of another deck with
/// the same group, studied today, makes A's card of that group wait (it was counted due).
#[test]
fn stats_today_counts_agree_with_the_deck_list_across_decks() {
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    std::fs::create_dir_all(&decks).unwrap();
    for (id, card) in [("deck-a", "a-fact"), ("deck-b", "b-fact")] {
        std::fs::write(
            decks.join(format!("{id}.json")),
            format!(
                r#"{{"format": 1, "id": "{id}", "title": "{id}", "description": "", "cards": [{{"id": "{card}", "kind": "basic", "front": "Which fact, {id}?", "back": "The fact", "group": "the-fact"}}]}}"#
            ),
        )
        .unwrap();
    }
    let saves = dir.path().join("saves");
    let smriti = |args: &[&str], now: &str, input: &[u8]| at(dir.path(), &saves, args, now, input);
    // A's card learnt (Easy: due in days), then, a month on, B's card of the same fact
    // studied: A's waits today.
    let out = smriti(
        &["study", "deck-a", "--plain"],
        "2026-10-01T10:00:00Z",
        b"\n4\nq\n",
    );
    assert!(out.contains("saved #1"), "{out}");
    let now = "2026-11-01T10:00:00Z";
    let stats = |args: &[&str]| {
        let v: serde_json::Value =
            serde_json::from_str(&smriti(&[&["stats", "--json"], args].concat(), now, b""))
                .unwrap();
        v["today_counts"].clone()
    };
    assert_eq!(
        stats(&["--deck", "deck-a"]),
        serde_json::json!({"learning": 0, "due": 1}),
        "due before B is studied"
    );
    let out = smriti(&["study", "deck-b", "--plain"], now, b"\n3\nq\n");
    assert!(out.contains("saved #2"), "{out}");
    assert_eq!(
        stats(&["--deck", "deck-a"]),
        serde_json::json!({"learning": 0, "due": 0}),
        "waits while its group's card of deck B is learnt"
    );
}
