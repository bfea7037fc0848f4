//! The bench scripts' pseudo-terminal: benches/in_pty.py (interleaved.sh's pty mode) and
//! benches/vs-anki.py launch through one module, benches/pty_run.py, so both measure a launch
//! the same way; in_pty.py still prints "wall_ms cpu_ms rss_kb" and ends with its command.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed unwrap is a failed test"
)]

use std::path::Path;
use std::process::Command;

fn bench(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("benches")
            .join(name),
    )
    .unwrap()
}

#[test]
fn both_scripts_read_the_terminal_through_one_module() {
    for script in ["in_pty.py", "vs-anki.py"] {
        let text = bench(script);
        assert!(text.contains("pty_run"), "{script} does not use pty_run.py");
        assert!(
            !text.contains("os.read(master") && !text.contains("pty.openpty("),
            "{script} has a pseudo-terminal loop of its own"
        );
    }
    assert!(bench("pty_run.py").contains("def spawn("));
}

#[test]
fn in_pty_measures_a_command_and_sends_it_keys() {
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("python3 not installed: skipped");
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/in_pty.py");
    let out = Command::new("python3")
        .arg(&script)
        .args([
            "READY",
            "x|\\r",
            "--",
            "sh",
            "-c",
            "echo READY; read a; echo got $a",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let figures: Vec<f64> = stdout
        .split_whitespace()
        .map(|f| f.parse().unwrap())
        .collect();
    assert_eq!(figures.len(), 3, "{stdout}");
    assert!(figures[0] > 0.0 && figures[2] > 0.0, "{stdout}");
}
