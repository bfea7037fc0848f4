//! Shared by the integration tests: the binary, run so that nothing a test does reaches the
//! real home. Every run gets `HOME`, the XDG folders and `SMRITI_DEVICE_DIR` inside this test
//! binary's own folder under `target/tmp` (a test may still set its own device folder, as the
//! two-machine tests do: a later `env` wins).

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_smriti");

/// The stand-in home of this test binary: `target/tmp/home-<binary>`, created once.
pub fn home() -> &'static PathBuf {
    static HOME: OnceLock<PathBuf> = OnceLock::new();
    HOME.get_or_init(|| {
        let exe = std::env::current_exe().ok();
        let name = exe
            .as_deref()
            .and_then(|p| p.file_stem())
            .map_or_else(|| "tests".to_owned(), |s| s.to_string_lossy().into_owned());
        let home = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("home-{name}"));
        std::fs::create_dir_all(&home).expect("the stand-in home can be made");
        home
    })
}

/// The device folder every run uses unless the test sets its own.
pub fn device_dir() -> PathBuf {
    home().join("device")
}

/// `smriti`, with the home, the XDG folders and the device folder kept out of the real home.
pub fn smriti() -> Command {
    let mut c = Command::new(BIN);
    let home = home();
    c.env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("SMRITI_DEVICE_DIR", device_dir());
    c
}

/// The same, as `env` assignments for a shell command line (a run in tmux).
pub fn shell_env() -> String {
    let home = home();
    format!(
        "HOME='{h}' XDG_DATA_HOME='{h}/data' XDG_STATE_HOME='{h}/state' XDG_CONFIG_HOME='{h}/config' SMRITI_DEVICE_DIR='{h}/device' ",
        h = home.display()
    )
}

/// The text of this device's log `stem` (`reviews` or `tests`) in `saves`: the one
/// `stem.<device>.jsonl` there ("" when there is none yet).
pub fn own_log(saves: &std::path::Path, stem: &str) -> String {
    let Ok(entries) = std::fs::read_dir(saves) else {
        return String::new();
    };
    let mut text = String::new();
    for e in entries {
        let name = e.unwrap().file_name().into_string().unwrap();
        let parts: Vec<&str> = name.split('.').collect();
        if parts.len() == 3 && parts[0] == stem && parts[2] == "jsonl" {
            text += &std::fs::read_to_string(saves.join(&name)).unwrap();
        }
    }
    text
}
