//! The contract of issue 19: two machines, one memory. Two saves folders, each used as from a
//! machine of its own (its own device folder, `SMRITI_DEVICE_DIR`), diverge over several
//! simulated days (`SMRITI_NOW`), both answering some of the same cards; then they are synced
//! (a) by copying every file both ways with the newer file winning, as `rsync -u` or a USB stick
//! does, (b) by git commits and a merge in two clones, (c) with a half-copied log tail that is
//! completed later. After a full sync both show the same `smriti stats --json` and the same due
//! list, and the answers are the sum of both sides'. The real binary, through pipes (`--plain`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed unwrap is a failed test"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use jiff::tz::TimeZone;

mod common;

/// One machine: its device folder, its saves folder and the decks it studies.
struct Machine {
    home: PathBuf,
    saves: PathBuf,
    decks: PathBuf,
}

impl Machine {
    fn new(root: &Path, name: &str, saves: PathBuf) -> Machine {
        let decks = root.join("decks");
        Machine {
            home: root.join(format!("{name}-device")),
            saves,
            decks,
        }
    }

    fn cmd(&self, now: &str) -> Command {
        let mut c = common::smriti();
        c.env("SMRITI_SAVES", &self.saves)
            .env("SMRITI_DEVICE_DIR", &self.home)
            .env("SMRITI_NOW", now)
            .env("SMRITI_SEED", "3")
            .env("TZ", "UTC")
            .arg("--decks")
            .arg(&self.decks);
        c
    }

    /// Answers `n` cards of the deck Good (Enter shows the answer, Enter rates Good), then
    /// quits; what the session printed.
    fn study(&self, now: &str, n: usize) -> String {
        let mut child = self
            .cmd(now)
            .args(["study", "own", "--plain"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let script = "\n\n".repeat(n) + "q\n";
        std::io::Write::write_all(child.stdin.as_mut().unwrap(), script.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{text}");
        assert_eq!(text.matches("saved #").count(), n, "{text}");
        text
    }

    /// `smriti stats --json` at `now`.
    fn stats(&self, now: &str) -> serde_json::Value {
        let out = self.cmd(now).args(["stats", "--json"]).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    /// Every studied card and when it is due, read as `smriti stats` reads the folder.
    fn due_list(&self) -> Vec<(String, String, String)> {
        let p =
            smriti::store::reader::progress(&self.saves, &TimeZone::UTC, &self.settings_in_use())
                .unwrap();
        let mut due: Vec<(String, String, String)> = p
            .decks
            .iter()
            .flat_map(|(d, dp)| {
                dp.items
                    .iter()
                    .map(move |(k, s)| (d.to_string(), k.to_string(), s.due.to_string()))
            })
            .collect();
        due.sort();
        due
    }

    /// Runs `smriti ARGS` at `now`; it must succeed.
    fn run(&self, now: &str, args: &[&str]) {
        let out = self.cmd(now).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// The settings in use: `settings.json` with every device's settings log over it.
    fn settings_in_use(&self) -> smriti::domain::settings::Settings {
        let path = self.saves.join("settings.json");
        let file = std::fs::read_to_string(&path)
            .map(|t| smriti::store::settings_file::from_str("settings.json", &t).unwrap())
            .unwrap_or_default();
        smriti::store::settings_log::effective(&self.saves, file).0
    }

    /// For every card, its reps in the merged progress and its answers in every log.
    fn reps_and_answers(&self) -> Vec<(String, u32, usize)> {
        let p =
            smriti::store::reader::progress(&self.saves, &TimeZone::UTC, &self.settings_in_use())
                .unwrap();
        let logs: Vec<String> = std::fs::read_dir(&self.saves)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                let n = p.file_name().unwrap().to_string_lossy().into_owned();
                n.starts_with("reviews.") && n.ends_with(".jsonl")
            })
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        let mut out: Vec<(String, u32, usize)> = p.decks["own"]
            .items
            .iter()
            .map(|(k, s)| {
                let needle = format!("\"card\":\"{k}\"");
                let answers = logs.iter().map(|l| l.matches(&needle).count()).sum();
                (k.to_string(), s.reps, answers)
            })
            .collect();
        out.sort();
        out
    }

    /// This machine's own answers: the lines of its review log.
    fn own_answers(&self) -> usize {
        let id = std::fs::read_to_string(self.home.join("device-id")).unwrap();
        let log = self.saves.join(format!("reviews.{}.jsonl", id.trim()));
        std::fs::read_to_string(log).unwrap().lines().count()
    }
}

/// A deck of `n` basic cards, written once for both machines.
fn write_deck(decks: &Path, n: usize) {
    let cards: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"id": "c{i}", "kind": "basic", "front": "Question {i}?", "back": "Answer {i}"}}"#
            )
        })
        .collect();
    std::fs::create_dir_all(decks).unwrap();
    std::fs::write(
        decks.join("own.json"),
        format!(
            r#"{{"format": 1, "id": "own", "title": "Own deck", "description": "Written by the test.", "cards": [{}]}}"#,
            cards.join(",")
        ),
    )
    .unwrap();
}

/// Several days apart on each machine, in the same folder layout; the second machine starts
/// from an empty folder of its own. Both answer the same first cards, and each changes a
/// setting (A the exam date, B the desired retention). Returns how many answers each gave.
fn diverge(a: &Machine, b: &Machine) -> (usize, usize) {
    a.study("2026-11-20T09:00:00Z", 4);
    b.study("2026-11-20T10:30:00Z", 3);
    a.study("2026-11-22T09:00:00Z", 5);
    a.run("2026-11-22T09:30:00Z", &["exam-date", "2027-05-23"]);
    b.study("2026-11-23T18:00:00Z", 4);
    b.run("2026-11-23T18:30:00Z", &["retention", "--set", "0.85"]);
    a.study("2026-11-24T07:00:00Z", 3);
    (a.own_answers(), b.own_answers())
}

/// The day both are compared on.
const LATER: &str = "2026-11-26T12:00:00Z";

/// After a full sync: the same figures and due list on both machines, and every answer of
/// both counted.
fn assert_same(a: &Machine, b: &Machine, answers: usize) {
    let (sa, sb) = (a.stats(LATER), b.stats(LATER));
    assert_eq!(sa, sb, "the same statistics on both machines");
    assert_eq!(sa["reviews"].as_u64().unwrap() as usize, answers, "{sa}");
    assert_eq!(a.due_list(), b.due_list(), "the same due list");
    assert!(!a.due_list().is_empty());
    // Each machine's settings change survives the sync, whichever copy of settings.json won.
    let (ia, ib) = (a.settings_in_use(), b.settings_in_use());
    assert_eq!(ia, ib, "the same settings in use");
    assert_eq!(ia.exam_date, Some(jiff::civil::date(2027, 5, 23)));
    assert_eq!(ia.params.desired_retention, 0.85);
    // A card answered on both machines is rescheduled over every answer: its reps count
    // them all (no undo here), not only the last machine's.
    let cards = a.reps_and_answers();
    assert_eq!(cards, b.reps_and_answers());
    assert!(
        cards
            .iter()
            .all(|(_, reps, answers)| *reps as usize == *answers),
        "{cards:?}"
    );
    assert!(cards.iter().any(|(_, reps, _)| *reps >= 2), "{cards:?}");
}

/// Copies every regular file of `from` to `to` when `to` has none or an older one, keeping its
/// time (as `rsync -u -t`, or a copy to and from a USB stick, does).
fn copy_newer(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if !e.file_type().unwrap().is_file() {
            continue;
        }
        let src = e.path();
        let dst = to.join(e.file_name());
        let when = std::fs::metadata(&src).unwrap().modified().unwrap();
        let older = std::fs::metadata(&dst).map_or(true, |m| m.modified().unwrap() < when);
        if older {
            std::fs::copy(&src, &dst).unwrap();
            std::fs::File::options()
                .write(true)
                .open(&dst)
                .unwrap()
                .set_modified(when)
                .unwrap();
        }
    }
}

#[test]
fn two_machines_synced_by_copying_newer_files_both_ways_agree() {
    let root = tempfile::tempdir().unwrap();
    write_deck(&root.path().join("decks"), 12);
    let a = Machine::new(root.path(), "a", root.path().join("a-saves"));
    let b = Machine::new(root.path(), "b", root.path().join("b-saves"));
    let (na, nb) = diverge(&a, &b);
    assert_ne!(a.stats(LATER), b.stats(LATER), "they diverged");
    copy_newer(&a.saves, &b.saves);
    copy_newer(&b.saves, &a.saves);
    assert_same(&a, &b, na + nb);
    // And they go on: an answer on each, another sync, still one memory.
    a.study("2026-11-26T08:00:00Z", 2);
    b.study("2026-11-26T09:00:00Z", 2);
    copy_newer(&b.saves, &a.saves);
    copy_newer(&a.saves, &b.saves);
    assert_same(&a, &b, na + nb + 4);
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=smriti test",
            "-c",
            "user.email=test@example.invalid",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "git {args:?}: {text}");
    text
}

/// What the README tells a git user to ignore: the per-device caches.
const GITIGNORE: &str = "progress.json\nprogress.cache\nstats.json\nstats.cache\ndeck-index.json\ndeck-index.cache\ntest-in-progress.json\n*.torn-*\n*.bak-*\n*.unread-*\n";

#[test]
fn two_clones_merged_with_git_agree() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("git is not installed: skipped");
        return;
    }
    let root = tempfile::tempdir().unwrap();
    write_deck(&root.path().join("decks"), 12);
    let origin = root.path().join("origin");
    std::fs::create_dir_all(&origin).unwrap();
    git(&origin, &["init", "-q"]);
    std::fs::write(origin.join(".gitignore"), GITIGNORE).unwrap();
    // The folder was put in git after a first start: settings.json is in it.
    std::fs::write(
        origin.join("settings.json"),
        smriti::store::settings_file::to_bytes(&Default::default()),
    )
    .unwrap();
    git(&origin, &["add", "-A"]);
    git(&origin, &["commit", "-q", "-m", "saves"]);
    for clone in ["a-saves", "b-saves"] {
        git(root.path(), &["clone", "-q", "origin", clone]);
    }
    let a = Machine::new(root.path(), "a", root.path().join("a-saves"));
    let b = Machine::new(root.path(), "b", root.path().join("b-saves"));
    let (na, nb) = diverge(&a, &b);
    for m in [&a, &b] {
        git(&m.saves, &["add", "-A"]);
        git(&m.saves, &["commit", "-q", "-m", "study"]);
    }
    // Each pulls the other's commits: a merge with no conflict, since no file changed on both.
    git(
        &a.saves,
        &[
            "pull",
            "-q",
            "--no-rebase",
            "--no-edit",
            "../b-saves",
            "main",
        ],
    );
    git(
        &b.saves,
        &[
            "pull",
            "-q",
            "--no-rebase",
            "--no-edit",
            "../a-saves",
            "main",
        ],
    );
    assert!(git(&a.saves, &["status", "--porcelain"]).trim().is_empty());
    assert_same(&a, &b, na + nb);
}

#[test]
fn a_half_copied_log_is_read_to_its_last_line_then_completed() {
    let root = tempfile::tempdir().unwrap();
    write_deck(&root.path().join("decks"), 12);
    let a = Machine::new(root.path(), "a", root.path().join("a-saves"));
    let b = Machine::new(root.path(), "b", root.path().join("b-saves"));
    let (na, nb) = diverge(&a, &b);
    copy_newer(&b.saves, &a.saves);
    // A's log reaches B half copied: cut in the middle of its last line.
    let id = std::fs::read_to_string(a.home.join("device-id")).unwrap();
    let name = format!("reviews.{}.jsonl", id.trim());
    let whole = std::fs::read(a.saves.join(&name)).unwrap();
    let cut = whole.len() - 25;
    std::fs::write(b.saves.join(&name), &whole[..cut]).unwrap();
    let partial = b.stats(LATER);
    assert_eq!(
        partial["reviews"].as_u64().unwrap() as usize,
        na + nb - 1,
        "every complete line, not the one still arriving"
    );
    // B studies meanwhile; A's torn tail is not B's to move: it stays as it came.
    b.study("2026-11-26T08:00:00Z", 1);
    assert_eq!(std::fs::read(b.saves.join(&name)).unwrap(), &whole[..cut]);
    let listed = b.cmd(LATER).arg("devices").output().unwrap();
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert!(listed.contains("still arriving"), "{listed}");
    // The rest arrives; then a full sync.
    std::fs::write(b.saves.join(&name), &whole).unwrap();
    copy_newer(&b.saves, &a.saves);
    copy_newer(&a.saves, &b.saves);
    assert_same(&a, &b, na + nb + 1);
}

/// The README's recipe as a new user followed it: an exam date set at home, the retention at
/// the library, `rsync -rtu` both ways. The library's newer `settings.json` reaches home,
/// where it is a stale copy of smriti's own output, not a hand edit: no machine reports a
/// problem, at this start or any later one, and both files show the settings in use. A real
/// hand edit afterwards is still reported.
#[test]
fn the_readme_recipe_shows_no_false_alarm_and_settings_json_gets_the_merged_values() {
    let root = tempfile::tempdir().unwrap();
    write_deck(&root.path().join("decks"), 12);
    let a = Machine::new(root.path(), "a", root.path().join("a-saves"));
    let b = Machine::new(root.path(), "b", root.path().join("b-saves"));
    diverge(&a, &b);
    copy_newer(&a.saves, &b.saves);
    copy_newer(&b.saves, &a.saves);
    let home = std::fs::read_to_string(a.saves.join("settings.json")).unwrap();
    assert!(
        !home.contains("exam_date"),
        "home got the library's copy: {home}"
    );
    let alarm = "there, but a change made in smriti";
    for round in 0..2 {
        for m in [&a, &b] {
            let said = m.study(LATER, 1);
            assert!(!said.contains(alarm), "round {round}: {said}");
        }
    }
    let (fa, fb) = (
        std::fs::read_to_string(a.saves.join("settings.json")).unwrap(),
        std::fs::read_to_string(b.saves.join("settings.json")).unwrap(),
    );
    assert_eq!(fa, fb, "both files hold the settings in use");
    let in_file = smriti::store::settings_file::from_str("settings.json", &fa).unwrap();
    assert_eq!(in_file, a.settings_in_use());
    assert_eq!(in_file.exam_date, Some(jiff::civil::date(2027, 5, 23)));
    assert_eq!(in_file.params.desired_retention, 0.85);
    // A hand edit of a field a change set is told apart, and left as written.
    let edited = fa.replace("\"2027-05-23\"", "\"2027-06-01\"");
    std::fs::write(a.saves.join("settings.json"), &edited).unwrap();
    let said = a.study(LATER, 1);
    assert!(
        said.contains("exam_date is 2027-06-01 there, but a change made in smriti"),
        "{said}"
    );
    assert_eq!(
        std::fs::read_to_string(a.saves.join("settings.json")).unwrap(),
        edited
    );
}

/// Both machines introduce the same first cards on the same day before syncing: after the sync
/// the day's budget of new cards counts each card once (4 cards, not 4 + 3 introductions), so
/// 2 of a budget of 6 are left, not none.
#[test]
fn a_card_introduced_on_both_machines_the_same_day_uses_one_new_card_of_the_budget() {
    let root = tempfile::tempdir().unwrap();
    write_deck(&root.path().join("decks"), 12);
    let a = Machine::new(root.path(), "a", root.path().join("a-saves"));
    let b = Machine::new(root.path(), "b", root.path().join("b-saves"));
    for m in [&a, &b] {
        std::fs::create_dir_all(&m.saves).unwrap();
        std::fs::write(
            m.saves.join("settings.json"),
            "{\"new_cards_per_day\": 6}\n",
        )
        .unwrap();
    }
    let first_a = a.study("2026-11-20T09:00:00Z", 4);
    let first_b = b.study("2026-11-20T10:30:00Z", 3);
    assert!(first_a.contains("[6 new"), "{first_a}");
    assert!(first_b.contains("[6 new"), "{first_b}");
    copy_newer(&a.saves, &b.saves);
    copy_newer(&b.saves, &a.saves);
    for m in [&a, &b] {
        let said = m.study("2026-11-20T12:00:00Z", 1);
        assert!(said.contains("[2 new"), "{said}");
    }
}
