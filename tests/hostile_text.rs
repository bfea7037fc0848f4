//! Deck text is data, never terminal commands (issue 13 point 1), proved on the real binary:
//! a deck whose every text (title, description, tags, source, question, answer, options,
//! explanations, cloze, statements, match columns) carries OSC 0 (window title), OSC 52
//! (clipboard), OSC 8 (hyperlink), `ESC c` (reset), a DCS request, the cursor report `ESC[6n`,
//! C1 CSI `0x9b`, a right-to-left override and zero-width characters, and broken decks whose
//! ids, unknown field names, unknown kind names and file names carry them too, are run through
//! every command that prints deck text: `study --plain` in each mode, `export` to standard
//! output (tsv, csv, md), `check` (text and JSON, serde's echoes, file names), `stats`,
//! `import`, and the full-screen app in tmux (captured with its colours, `capture-pane -e`).
//! No byte of any of them may be an escape, a C1 control, a bidirectional control or a
//! zero-width character; and each must have printed the (defused) text, so the test cannot
//! pass by printing nothing. Fixtures: `tests/fixtures/hostile/{hostile,unknown-field,
//! unknown-kind,bad-ids}.json` and `hostile.csv`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed unwrap is a failed test"
)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

mod common;
use common::BIN;
const NOW: &str = "2026-11-25T09:00:00+05:30";

/// What is left of the fixture's payload once made safe: the text between the controls,
/// with the override and the zero-width characters gone. Every output must contain it.
const DEFUSED: &str = "evil-zerowidthjoinedend";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(name)
}

/// A folder with the hostile deck (as `decks/hostile.json`) and an empty saves folder.
struct Folder {
    dir: tempfile::TempDir,
}

impl Folder {
    fn new() -> Folder {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("decks")).unwrap();
        std::fs::copy(
            fixture("hostile.json"),
            dir.path().join("decks/hostile.json"),
        )
        .unwrap();
        Folder { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs smriti on this folder with `input` on standard input.
    fn run(&self, args: &[&str], input: &str) -> Output {
        let mut child = common::smriti()
            .arg("--saves")
            .arg(self.path().join("saves"))
            .arg("--decks")
            .arg(self.path().join("decks"))
            .args(args)
            .env("SMRITI_NOW", NOW)
            .env("SMRITI_SEED", "7")
            .env_remove("NO_COLOR")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(input.as_bytes()).unwrap();
        drop(stdin);
        child.wait_with_output().unwrap()
    }
}

/// Why `c` must never reach a terminal from deck text, if it must not.
fn forbidden(c: char) -> Option<&'static str> {
    match c {
        '\n' | '\t' => None,
        c if c.is_control() => Some("a control character"),
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => Some("a bidirectional control"),
        '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{034F}' => {
            Some("a zero-width character")
        }
        _ => None,
    }
}

/// Fails unless `bytes` (what `what` printed) hold no escape, C1 control, bidirectional
/// control or zero-width character, raw or in UTF-8.
fn assert_clean(what: &str, bytes: &[u8]) {
    for (i, b) in bytes.iter().enumerate() {
        assert!(
            !matches!(b, 0x1b | 0x07 | 0x9b),
            "{what}: byte {b:#04x} at {i}:\n{}",
            String::from_utf8_lossy(bytes)
        );
    }
    let text = String::from_utf8_lossy(bytes);
    for (line, l) in text.lines().enumerate() {
        for c in l.chars() {
            if let Some(why) = forbidden(c) {
                panic!(
                    "{what}: {why} (U+{:04X}) on line {}: {l:?}",
                    u32::from(c),
                    line + 1
                );
            }
        }
    }
}

/// `assert_clean` on both streams, and the defused text is on one of them.
fn assert_clean_and_shown(what: &str, out: &Output) {
    assert_clean(&format!("{what} (stdout)"), &out.stdout);
    assert_clean(&format!("{what} (stderr)"), &out.stderr);
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        all.contains(DEFUSED),
        "{what} did not print the deck's text:\n{all}"
    );
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_hostile_fixture_carries_every_hazard_in_every_text() {
    // The fixture is what the other tests rely on: if it lost a hazard, they would prove less.
    let raw = std::fs::read_to_string(fixture("hostile.json")).unwrap();
    let deck: serde_json::Value = serde_json::from_str(&raw).unwrap();
    let title = deck["title"].as_str().unwrap();
    for hazard in [
        "\u{1b}]0;",
        "\u{1b}]52;c;",
        "\u{1b}]8;;",
        "\u{1b}c",
        "\u{1b}P",
        "\u{1b}[6n",
        "\u{9b}",
        "\u{202E}",
        "\u{200B}",
        "\u{2060}",
        "\u{FEFF}",
        // Joiners after ASCII and the combining grapheme joiner attach to the letter before
        // them, so ratatui keeps them in that letter's cell: only the filter removes them.
        "o\u{200D}",
        "e\u{200C}",
        "\u{034F}",
    ] {
        assert!(title.contains(hazard), "{hazard:?}");
    }
    // Written as JSON escapes (`\u001b`), so the file itself is plain ASCII for editors.
    assert!(raw.is_ascii());
    let payload_count = raw.matches("\\u202e").count();
    assert!(
        payload_count >= 30,
        "{payload_count} texts carry the payload"
    );
}

#[test]
fn plain_study_in_every_mode_and_the_plain_mock_test_print_deck_text_defused() {
    // Enough lines to see every card asked and answered in any order: a line that does not
    // fit the question only gets a message saying what was expected.
    let script = "x\na\n\n3\n".repeat(12);
    let mut all = String::new();
    for mode in ["flashcard", "choice", "typed"] {
        let f = Folder::new();
        let out = f.run(&["study", "hostile", "--plain", "--mode", mode], &script);
        assert!(out.status.success(), "{mode}: {}", stdout(&out));
        assert_clean_and_shown(&format!("study --plain --mode {mode}"), &out);
        let text = stdout(&out);
        assert!(text.contains("smriti: studying Hostile "), "{mode}: {text}");
        all.push_str(&text);
    }
    // The plain mock test: every question, then the submitted paper with its answers.
    let f = Folder::new();
    let out = f.run(
        &["test", "hostile", "-n", "6", "--plain"],
        "a\nb\nc\nd\na\nb\ns\ny\n\n",
    );
    assert!(out.status.success(), "test --plain: {}", stdout(&out));
    assert_clean_and_shown("test --plain", &out);
    all.push_str(&stdout(&out));
    // Texts from every card kind and from the deck's source were printed.
    for seen in [
        "Front ",
        "Back ",
        "Wrong one ",
        "Question ",
        "Right ",
        "Explained ",
        "Why ",
        "Source: Source ",
        "(Publisher ",
        "Type ",
        "Typed answer ",
        "Cloze ",
        "Stated ",
        "L1 ",
        "R1 ",
    ] {
        assert!(all.contains(seen), "no {seen:?} in\n{all}");
    }
}

#[test]
fn export_to_standard_output_defuses_deck_text_in_every_format() {
    let f = Folder::new();
    for args in [
        vec!["export", "hostile", "--format", "tsv"],
        vec!["export", "hostile", "--format", "csv"],
        vec!["export", "hostile", "--format", "md"],
        vec!["export", "hostile", "--format", "md", "--why-options"],
        vec!["export", "hostile", "-o", "-"],
    ] {
        let out = f.run(&args, "");
        assert!(out.status.success(), "{args:?}: {}", stdout(&out));
        assert_clean_and_shown(&args.join(" "), &out);
        let text = stdout(&out);
        for seen in ["Front ", "Back ", "Right ", "Cloze "] {
            assert!(text.contains(seen), "{args:?}: no {seen:?}");
        }
    }
    // A deck given as a file whose name is itself hostile.
    let named = f.path().join("deck-\u{1b}]0;name\u{7}\u{202E}.json");
    std::fs::copy(fixture("hostile.json"), &named).unwrap();
    let out = f.run(&["export", named.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", stdout(&out));
    assert_clean_and_shown("export FILE", &out);
    let missing = f.path().join(
        "gone-\u{1b}]0;name\u{7}\u{202E}-evil-zero\u{200B}width\u{2060}joined\u{FEFF}end.json",
    );
    let out = f.run(&["export", missing.to_str().unwrap()], "");
    assert!(!out.status.success());
    assert_clean("export of a missing hostile file name", &out.stderr);
    assert!(stdout(&out).is_empty());
}

#[test]
fn check_defuses_serde_echoes_ids_and_file_names() {
    let f = Folder::new();
    let dir = f.path().join("check");
    std::fs::create_dir(&dir).unwrap();
    for name in [
        "unknown-field.json",
        "unknown-kind.json",
        "bad-ids.json",
        "hostile.json",
    ] {
        std::fs::copy(fixture(name), dir.join(name)).unwrap();
    }
    std::fs::copy(
        fixture("hostile.json"),
        dir.join("file-\u{1b}]0;name\u{7}\u{9b}\u{202E}-evil-zero\u{200B}width\u{2060}joined\u{FEFF}end.json"),
    )
    .unwrap();
    let dir = dir.to_str().unwrap();
    for args in [vec!["check", dir], vec!["check", "--json", dir]] {
        let out = f.run(&args, "");
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stdout(&out));
        assert_clean_and_shown(&args.join(" "), &out);
        let text = stdout(&out);
        // serde's own echoes of what it did not know, and the hostile file name, are there.
        for seen in [
            "unknown field `field-",
            "unknown variant `kind-",
            "not a valid id",
            "file-",
            "a control character (U+001B) in deck text",
            "a bidirectional",
        ] {
            assert!(text.contains(seen), "{args:?}: no {seen:?} in\n{text}");
        }
    }
    // One file at a time, including the one whose name is hostile.
    for name in ["unknown-field.json", "unknown-kind.json"] {
        let out = f.run(&["check", fixture(name).to_str().unwrap()], "");
        assert_eq!(out.status.code(), Some(1));
        assert_clean_and_shown(&format!("check {name}"), &out);
    }
}

#[test]
fn stats_and_import_defuse_deck_text() {
    let f = Folder::new();
    let out = f.run(
        &["study", "hostile", "--plain", "--mode", "choice"],
        &"a\n\n".repeat(8),
    );
    assert!(out.status.success());
    for args in [
        vec!["stats"],
        vec!["stats", "--json"],
        vec!["stats", "--deck", "hostile"],
    ] {
        let out = f.run(&args, "");
        assert!(out.status.success(), "{args:?}: {}", stdout(&out));
        assert_clean_and_shown(&args.join(" "), &out);
    }
    let into = f.path().join("imported.json");
    let out = f.run(
        &[
            "import",
            fixture("hostile.csv").to_str().unwrap(),
            "-o",
            into.to_str().unwrap(),
        ],
        "",
    );
    assert!(out.status.success(), "{}", stdout(&out));
    assert_clean("import (stdout)", &out.stdout);
    assert_clean("import (stderr)", &out.stderr);
    // The imported deck's text goes through the same filter when shown.
    let out = f.run(&["export", into.to_str().unwrap(), "--format", "md"], "");
    assert_clean_and_shown("export of the imported deck", &out);
}

// ---- the full-screen app in a real terminal ----

/// The app in tmux, 80×24, captured with its colours (`capture-pane -e`).
#[cfg(not(no_tmux))]
mod app {
    use super::*;
    use std::time::{Duration, Instant};

    /// Only a failing run waits this long.
    const PATIENCE: Duration = Duration::from_secs(60);

    pub struct Term {
        socket: PathBuf,
    }

    impl Term {
        pub fn start(f: &Folder, args: &str) -> Term {
            let socket = f.path().join(".tmux");
            // The command waits for one line, so that every byte it writes is recorded.
            let cmd = format!(
                "read _; env -u NO_COLOR SMRITI_NOW='{NOW}' SMRITI_SEED=7 {}'{BIN}' --saves '{}' --decks '{}' {args}; echo EXIT=$?; sleep 600",
                super::common::shell_env(),
                f.path().join("saves").display(),
                f.path().join("decks").display()
            );
            let ok = Command::new("tmux")
                .arg("-S")
                .arg(&socket)
                .args(["new-session", "-d", "-s", "h", "-x", "80", "-y", "24", &cmd])
                .status()
                .unwrap()
                .success();
            assert!(ok);
            let t = Term { socket };
            let raw = f.path().join("terminal.bin");
            t.tmux(&[
                "pipe-pane",
                "-o",
                "-t",
                "h",
                &format!("cat >> '{}'", raw.display()),
            ]);
            t.keys(&["Enter"]);
            t
        }

        fn tmux(&self, args: &[&str]) -> Vec<u8> {
            Command::new("tmux")
                .arg("-S")
                .arg(&self.socket)
                .args(args)
                .output()
                .unwrap()
                .stdout
        }

        /// The screen with its colours, as the terminal holds it.
        pub fn capture(&self) -> Vec<u8> {
            self.tmux(&["capture-pane", "-p", "-e", "-t", "h"])
        }

        /// The screen's text.
        pub fn screen(&self) -> String {
            String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p", "-t", "h"])).into_owned()
        }

        pub fn keys(&self, keys: &[&str]) {
            for k in keys {
                self.tmux(&["send-keys", "-t", "h", k]);
            }
        }

        /// Waits until the screen passes `ok`, then checks the coloured capture of that
        /// frame; returns the screen's text.
        pub fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
            let start = Instant::now();
            loop {
                let s = self.screen();
                if ok(&s) {
                    assert_frame_clean(what, &self.capture());
                    return s;
                }
                assert!(
                    start.elapsed() < PATIENCE,
                    "timed out waiting for {what}; screen:\n{s}"
                );
                std::thread::sleep(Duration::from_millis(20));
            }
        }

        /// The pane's title (OSC 0 would set it) and tmux's paste buffers (OSC 52 would
        /// fill one).
        pub fn title_and_buffers(&self) -> (String, String) {
            let title = self.tmux(&["display-message", "-p", "-t", "h", "#{pane_title}"]);
            let buffers = self.tmux(&["list-buffers"]);
            (
                String::from_utf8_lossy(&title).trim().to_owned(),
                String::from_utf8_lossy(&buffers).into_owned(),
            )
        }
    }

    impl Drop for Term {
        fn drop(&mut self) {
            let _ = self.tmux(&["kill-server"]);
        }
    }

    /// `bytes` without its CSI sequences (`ESC [`, parameters, one final byte) whose final
    /// byte is in `finals`.
    fn without_csi(bytes: &[u8], finals: &[u8]) -> Vec<u8> {
        let mut plain = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == 0x1b && bytes.get(i + 1) == Some(&b'[') {
                let params = bytes[i + 2..]
                    .iter()
                    .position(|b| !(0x20..=0x3f).contains(b));
                if let Some(n) = params
                    && finals.contains(&bytes[i + 2 + n])
                {
                    i += n + 3;
                    continue;
                }
            }
            plain.push(bytes[i]);
            i += 1;
        }
        plain
    }

    /// A coloured capture holds colour changes (`ESC [ … m`) and nothing else of the kind.
    pub fn assert_frame_clean(what: &str, capture: &[u8]) {
        assert_clean(what, &without_csi(capture, b"m"));
    }

    /// Every byte the app wrote to the terminal: cursor moves, colours, modes and erasing
    /// (CSI sequences, ratatui's and crossterm's own) and text, but no other escape (no
    /// OSC, DCS or `ESC c`), no C1 control, no bidirectional control, no invisible character.
    pub fn assert_stream_clean(f: &Folder) {
        let raw = std::fs::read(f.path().join("terminal.bin")).unwrap();
        assert!(
            String::from_utf8_lossy(&raw).contains("evil-zero"),
            "the deck's text is in the recorded stream"
        );
        // The app asks for the cursor's place only when ratatui clears the screen, just before.
        let asks = raw.windows(4).filter(|w| w == b"\x1b[6n").count();
        let clears = raw.windows(8).filter(|w| w == b"\x1b[6n\x1b[2J").count();
        assert_eq!(
            asks, clears,
            "a cursor report request that is not ratatui's"
        );
        // Carriage returns and backspaces come from the terminal's echo and the shell.
        let text: Vec<u8> = without_csi(&raw, b"@ABCDEFGHJKLPSTXZcdfghlmnqrtu")
            .into_iter()
            .filter(|b| !matches!(b, b'\r' | 0x08))
            .collect();
        assert_clean("the bytes written to the terminal", &text);
    }

    /// The last line of the screen: the footer, drawn last.
    pub fn footer(s: &str) -> String {
        s.lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .to_owned()
    }

    /// The last four lines: the card's own action line (Space show answer, a–d choose,
    /// Enter check, Enter next, 1–4), the status line and the footer.
    pub fn bottom(s: &str) -> String {
        let lines: Vec<&str> = s.lines().collect();
        lines[lines.len().saturating_sub(4)..].join("\n")
    }
}

#[test]
#[cfg_attr(no_tmux, ignore = "tmux not installed")]
fn the_full_screen_app_never_passes_deck_text_to_the_terminal() {
    #[cfg(not(no_tmux))]
    {
        use app::{Term, bottom, footer};
        let f = Folder::new();
        let t = Term::start(&f, "study hostile --mode choice");
        let (title_before, _) = t.title_and_buffers();
        let mut s = t.wait_until("the first question", |s| {
            s.contains("evil") && footer(s).contains("end session")
        });
        // Every card once, whatever its kind: each key changes the card's action line or the
        // footer (drawn last, so the frame above it is whole), except typing, which shows in
        // the answer line.
        let mut answered = 0;
        while answered < 6 && !s.contains("Session ended") {
            let before = bottom(&s);
            if before.contains("choose") {
                t.keys(&["a"]);
            } else if before.contains("Enter check") || before.contains("Enter show the answer") {
                if !s.contains("› x") {
                    t.keys(&["x"]);
                    t.wait_until("the typed answer", |s| s.contains("› x"));
                }
                t.keys(&["Enter"]);
            } else if before.contains("Space show answer") {
                t.keys(&["Space"]);
            } else if before.contains("Enter next") {
                t.keys(&["Enter"]);
                answered += 1;
            } else if before.contains("1 Again") || s.contains("1 Again") {
                t.keys(&["1"]);
                answered += 1;
            } else {
                panic!("unexpected screen:\n{s}");
            }
            s = t.wait_until(&format!("a new footer after {before:?}"), |s| {
                let now = bottom(s);
                now != before && (now.contains("end session") || now.contains("back to decks"))
            });
        }
        assert!(answered >= 4, "{answered} cards answered; screen:\n{s}");
        // The summary, the deck list with the deck's description and tags, its statistics.
        t.keys(&["q"]);
        t.wait_until("the summary", |s| s.contains("Enter back to decks"));
        t.keys(&["Enter"]);
        let home = t.wait_until("the deck list", |s| footer(s).contains("q quit"));
        if !home.contains("Shared by a stranger") {
            t.keys(&["Up"]);
            t.wait_until("the hostile deck's description", |s| {
                s.contains("Shared by a stranger") && s.contains("tags:")
            });
        }
        t.keys(&["s"]);
        t.wait_until("the statistics", |s| {
            s.contains("Weakest tags") && s.contains("tag-")
        });
        t.keys(&["Escape"]);
        t.wait_until("the deck list again", |s| footer(s).contains("q quit"));
        t.keys(&["q"]);
        t.wait_until("the end", |s| s.contains("EXIT=0"));
        // Nothing acted on the terminal: the title is the shell's, no clipboard was set.
        let (title, buffers) = t.title_and_buffers();
        assert_eq!(title, title_before);
        assert!(!title.contains("pwned"), "{title}");
        assert_eq!(buffers, "", "OSC 52 set a clipboard buffer");
        app::assert_stream_clean(&f);
    }
}
