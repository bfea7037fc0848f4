//! What smriti last wrote into `settings.json`, so that a stale copy is told from a hand edit.
//!
//! A sync tool that copies the newer file (`rsync -u`, a USB stick) may carry over this
//! machine's `settings.json` a copy the other machine wrote before it had seen this machine's
//! change: the file then differs from the merged settings logs, though nobody edited it. So
//! whenever smriti writes `settings.json` in full agreement with the settings in use, the
//! device records a fingerprint of the file (`wrote`) in its settings log, the file the other
//! machines read anyway. A `settings.json` that is exactly the last file some device recorded
//! (or the defaults smriti writes when there is none) is smriti's own output: where it differs
//! from the settings in use it is stale, not edited, and smriti rewrites it with the settings in
//! use, saying nothing. Any other file was edited by hand, and a difference is reported as
//! before (`settings_log::effective_noting`). `settings.json` itself is unchanged in format.
//! Part of `store`; must not depend on `tui` or `cli`.

use std::path::Path;

use super::settings_file::{self, own_output, print, refreshed};
use super::settings_log::{self, Change, Fields};
use crate::domain::settings::Settings;

/// The settings in use in the saves folder `dir`, with the notices to show. `ok` is false when
/// `settings.json` could not be used (the defaults are then under the settings logs).
pub struct InUse {
    pub settings: Settings,
    pub notices: Vec<String>,
    pub ok: bool,
}

/// The settings in use in `dir` (`settings.json` with every device's settings log over it),
/// as the device `device` sees them. When `settings.json` is smriti's own output
/// ([`own_output`]) but stale, it is brought up to them: the device records the new file's
/// fingerprint in its settings log, then replaces the file atomically, and only when the file
/// is still the one read (never a file that cannot be parsed, nor one changed meanwhile).
pub fn in_use(dir: &Path, device: &str) -> InUse {
    let files = super::SavesLayout::new(dir);
    let path = files.settings();
    let (base, err) = settings_file::load_or_create(&path);
    let read = std::fs::read(&path).ok();
    let mut notices = Vec::new();
    let ok = err.is_none();
    if let Some(e) = err {
        notices.push(format!("{e}\n  (using the default settings for now)"));
    }
    // (The bytes read are the file parsed, or nothing is rewritten.)
    let same_file = read.as_deref().is_some_and(|b| {
        std::str::from_utf8(b)
            .ok()
            .and_then(|t| settings_file::from_str("", t).ok())
            .is_some_and(|s| s == base)
    });
    let own = ok && same_file && own_output(dir, &base);
    let hand = if own { Fields::NONE } else { Fields::ALL };
    let (settings, mut changed) = settings_log::effective_noting(dir, base.clone(), hand);
    notices.append(&mut changed);
    if own
        && let Some(file) = refreshed(&base, &settings)
        && let Err(e) = rewrite(&files, device, &path, read.as_deref(), &file)
    {
        notices.push(format!(
            "{}: could not write the settings in use into it: {e}",
            path.display()
        ));
    }
    InUse {
        settings,
        notices,
        ok,
    }
}

/// Records `file`'s fingerprint in `device`'s settings log, then writes it at `path`, if the
/// file there still holds `read`.
fn rewrite(
    files: &super::SavesLayout,
    device: &str,
    path: &Path,
    read: Option<&[u8]>,
    file: &Settings,
) -> std::io::Result<()> {
    if std::fs::read(path).ok().as_deref() != read {
        return Ok(());
    }
    let (changes, _) = settings_log::read(files.dir());
    let at = changes
        .iter()
        .map(|(_, c)| c.at)
        .max()
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let record = Change {
        at,
        wrote: Some(print(file)),
        ..Change::default()
    };
    settings_log::append(&files.settings_of(device), &record)?;
    super::atomic::write_atomic(path, &settings_file::to_bytes(file))
}

#[cfg(test)]
#[path = "settings_written_tests.rs"]
mod tests;
