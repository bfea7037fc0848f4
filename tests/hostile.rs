//! The real binary against hostile input and unlucky surroundings (issue 13): deck text that
//! tries to drive the terminal, closed pipes and full disks on standard output, no terminal at
//! all, links and special files where smriti writes, and files that try to make it read or
//! allocate without end. Each test has its own fixture (`tests/fixtures/hostile/` or built in
//! a temporary folder). `docs/reliability.md` lists them.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed unwrap is a failed test"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

mod common;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(name)
}

/// Runs smriti with a fresh saves folder and no input.
fn smriti(saves: &Path, args: &[&str]) -> Output {
    common::smriti()
        .arg("--saves")
        .arg(saves)
        .args(args)
        .stdin(Stdio::null())
        .env("SMRITI_NOW", "2026-11-25T09:00:00+05:30")
        .env("SMRITI_SEED", "7")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

// ---- point 6: output errors are messages, not panics ----

/// Runs smriti with standard output on a pipe whose reading end is already closed, as in
/// `smriti stats | head -0`: the first write fails with EPIPE.
fn with_closed_pipe(saves: &Path, args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    common::smriti()
        .arg("--saves")
        .arg(saves)
        .args(args)
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

#[test]
fn a_closed_pipe_ends_the_command_quietly() {
    let saves = tempfile::tempdir().unwrap();
    for args in [
        &["stats"][..],
        &["export", "india-japan-prelims"],
        &["export", "india-japan-prelims", "--format", "md"],
        &["check"],
        // Generated text: completions (clap_complete panicked), the manual page and the help
        // (they said "Broken pipe" and exited 1).
        &["completions", "bash"],
        &["completions", "fish"],
        &["man"],
        &["help"],
        &["help", "study"],
    ] {
        let out = with_closed_pipe(saves.path(), args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert_eq!(text(&out.stderr), "", "{args:?}");
    }
}

#[test]
fn a_full_disk_on_standard_output_is_reported() {
    let saves = tempfile::tempdir().unwrap();
    let Ok(full) = std::fs::File::options().write(true).open("/dev/full") else {
        return; // not Linux
    };
    let out = common::smriti()
        .arg("--saves")
        .arg(saves.path())
        .args(["export", "india-japan-prelims"])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "smriti: cannot write to standard output: No space left on device (os error 28)\n"
    );
}

#[test]
fn without_a_terminal_the_app_says_so_and_suggests_plain_mode() {
    let saves = tempfile::tempdir().unwrap();
    // Standard output is a pipe here, as under cron or `ssh host smriti`.
    let out = smriti(saves.path(), &[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr),
        "smriti: the full-screen app needs a terminal, and standard output is not one\n  hint: for questions and answers as plain lines, run: smriti study DECK --plain\n"
    );
    let out = smriti(saves.path(), &["test", "-n", "3"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
}

// ---- point 4: writes never follow links or clobber special files ----

#[cfg(unix)]
#[test]
fn export_refuses_links_and_fifos_and_keeps_permissions() {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt, symlink};
    let dir = tempfile::tempdir().unwrap();
    let saves = dir.path().join("saves");
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "keep me").unwrap();
    let link = dir.path().join("link.tsv");
    symlink(&secret, &link).unwrap();
    let fifo = dir.path().join("fifo.tsv");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let folder = dir.path().join("folder.tsv");
    std::fs::create_dir(&folder).unwrap();
    let device = PathBuf::from("/dev/null");
    for (target, what) in [
        (&link, "a symbolic link"),
        (&fifo, "a FIFO"),
        (&device, "a device"),
        (&folder, "a folder"),
    ] {
        let out = smriti(
            &saves,
            &[
                "export",
                "india-japan-prelims",
                "-o",
                target.to_str().unwrap(),
            ],
        );
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(
            text(&out.stderr),
            format!(
                "smriti: cannot write {}: it is {what}; smriti writes only to a regular file or a new path\n",
                target.display()
            )
        );
    }
    assert_eq!(std::fs::read_to_string(&secret).unwrap(), "keep me");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );

    // A regular file is replaced and keeps its mode; `-o -` is standard output.
    let sheet = dir.path().join("sheet.md");
    std::fs::write(&sheet, "old").unwrap();
    std::fs::set_permissions(&sheet, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = smriti(
        &saves,
        &[
            "export",
            "india-japan-prelims",
            "--format",
            "md",
            "-o",
            sheet.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(std::fs::read_to_string(&sheet).unwrap().starts_with("# "));
    let mode = std::fs::metadata(&sheet).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let out = smriti(&saves, &["export", "india-japan-prelims", "-o", "-"]);
    assert!(out.status.success());
    assert!(text(&out.stdout).starts_with("#separator:tab\n"));
    assert!(!Path::new("-").exists());

    // `import --into` the same: it keeps the replaced deck's mode, and never writes through a
    // link.
    let deck = dir.path().join("deck.json");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/decks/good.json"),
        &deck,
    )
    .unwrap();
    std::fs::set_permissions(&deck, std::fs::Permissions::from_mode(0o600)).unwrap();
    let csv = fixture("cards.csv");
    let into = |target: &Path| {
        smriti(
            &saves,
            &[
                "import",
                csv.to_str().unwrap(),
                "--into",
                target.to_str().unwrap(),
            ],
        )
    };
    let out = into(&deck);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(std::fs::read_to_string(&deck).unwrap().contains("FOIP"));
    let mode = std::fs::metadata(&deck).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "import --into keeps the deck's mode");
    let before = std::fs::read(&deck).unwrap();
    let deck_link = dir.path().join("deck-link.json");
    symlink(&deck, &deck_link).unwrap();
    let out = into(&deck_link);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("it is a symbolic link"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read(&deck).unwrap(),
        before,
        "the link's target is untouched"
    );
}

#[test]
fn import_checks_the_id_before_writing_anything() {
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    std::fs::create_dir(&decks).unwrap();
    let out = common::smriti()
        .arg("--decks")
        .arg(&decks)
        .arg("--saves")
        .arg(dir.path().join("saves"))
        .args(["import", "--id", "../x"])
        .arg(fixture("cards.csv"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "smriti: \"../x\" is not a valid deck id: use letters, digits, '-', '_' and '.'\n"
    );
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["decks"], "nothing written outside the decks folder");
    assert_eq!(std::fs::read_dir(&decks).unwrap().count(), 0);

    // A good import into an existing folder leaves no schema file behind.
    let out = common::smriti()
        .arg("--decks")
        .arg(&decks)
        .arg("--saves")
        .arg(dir.path().join("saves"))
        .args(["import", "--id", "mine"])
        .arg(fixture("cards.csv"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let names: Vec<String> = std::fs::read_dir(&decks)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["mine.json"]);
}

// ---- point 5: bounded reads ----

#[cfg(target_os = "linux")]
#[test]
fn check_refuses_fifos_and_endless_files_and_checks_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    std::fs::create_dir(&decks).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/decks/good.json"),
        decks.join("b-good.json"),
    )
    .unwrap();
    // A link to a file of the kernel that claims size 0 and reads gigabytes.
    std::os::unix::fs::symlink("/proc/self/pagemap", decks.join("a-huge.json")).unwrap();
    let fifo = dir.path().join("fifo.json");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let out = common::smriti()
        .arg("check")
        .arg(&decks)
        .arg(&fifo)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let huge = decks.join("a-huge.json").display().to_string();
    assert!(
        // Refused as too large, or by the kernel part way: either way reported, not read whole.
        stdout.contains(&format!("{huge}:1:1: error: this file ")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "{}:1:1: error: this file is a FIFO, not a file; smriti reads only regular files",
            fifo.display()
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("b-good.json:11:5: warning:"),
        "the rest is checked: {stdout}"
    );
    assert!(
        stdout
            .trim_end()
            .ends_with("checked 3 deck files: 2 errors, 4 warnings"),
        "{stdout}"
    );
}
