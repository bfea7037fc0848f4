//! Embeds every `decks/*.json` in the binary, so the app works from any folder, and sets
//! `cfg(no_tmux)` when tmux is not installed, so that the end-to-end tests
//! (`tests/e2e_tmux.rs`) report themselves as ignored instead of passing in silence.

use std::path::Path;

/// A failure is returned, and cargo prints it and stops the build.
fn main() -> Result<(), String> {
    tmux_cfg();
    anki_cfg();
    println!("cargo:rerun-if-changed=decks");
    let dir = Path::new("decks");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut code = String::from(
        "/// Built-in decks: (file name, contents).\npub static BUILT_IN: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let abs = std::fs::canonicalize(f).map_err(|e| format!("{}: {e}", f.display()))?;
        let name = f
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| format!("{}: not a UTF-8 file name", f.display()))?;
        code.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            abs.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out_dir = std::env::var("OUT_DIR").map_err(|e| format!("OUT_DIR: {e}"))?;
    let out = Path::new(&out_dir).join("built_in_decks.rs");
    std::fs::write(&out, code).map_err(|e| format!("{}: {e}", out.display()))
}

/// `cfg(no_tmux)` when `tmux -V` does not run. Looked up again when `PATH` changes (install
/// tmux, then `touch build.rs` if it went into a folder already on the path).
/// `cfg(no_anki)` unless Anki's Python package imports (`$SMRITI_ANKI_PYTHON`, default
/// `python3`): tests/anki_export.rs has Anki itself import smriti's `.apkg` export, and reports
/// itself ignored where Anki is missing.
fn anki_cfg() {
    println!("cargo::rustc-check-cfg=cfg(no_anki)");
    println!("cargo:rerun-if-env-changed=SMRITI_ANKI_PYTHON");
    let python = std::env::var("SMRITI_ANKI_PYTHON").unwrap_or_else(|_| "python3".into());
    let have = std::process::Command::new(&python)
        .args(["-c", "import anki.collection"])
        .output()
        .is_ok_and(|o| o.status.success());
    if have {
        println!("cargo::rustc-env=SMRITI_ANKI_PYTHON={python}");
    } else {
        println!("cargo::rustc-cfg=no_anki");
    }
}

fn tmux_cfg() {
    println!("cargo::rustc-check-cfg=cfg(no_tmux)");
    println!("cargo:rerun-if-env-changed=PATH");
    let have = std::process::Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have {
        println!("cargo::rustc-cfg=no_tmux");
    }
}
