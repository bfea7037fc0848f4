//! `settings.json` in the saves folder (format 1): scheduler and daily-limit settings.
//!
//! Every field is optional and takes its default when absent, so a user writes only what they
//! change; unknown fields and bad values are errors with line and column. When the file does
//! not exist, the defaults are written so there is something to edit. A file smriti writes in
//! agreement with the settings in use has its fingerprint ([`print`]) recorded in the device's
//! settings log, so that a copy of it is known as smriti's own output ([`own_output`]), not a
//! hand edit (`settings_written`).

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::error::FileError;
use super::json_pos::{Seg, locate};
use super::settings_log::Field;
use crate::domain::scheduler::{DEFAULT_WEIGHTS, Params};
use crate::domain::settings::{Limits, Settings};

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct SettingsFile {
    format: u32,
    desired_retention: f64,
    /// Durations such as "1m", "10m", "1h", "1d".
    learning_steps: Vec<String>,
    relearning_steps: Vec<String>,
    maximum_interval_days: u32,
    fuzz: bool,
    new_cards_per_day: u32,
    reviews_per_day: u32,
    day_rollover_hour: u8,
    /// The 21 FSRS-6 weights.
    weights: Vec<f64>,
    /// The exam day, "YYYY-MM-DD" (absent: none set).
    #[serde(skip_serializing_if = "Option::is_none")]
    exam_date: Option<String>,
    /// Exam mode: schedule nothing past the exam day.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    exam_mode: bool,
    /// Hard ≤ Good < Easy as Anki shows them (false: exactly py-fsrs' intervals).
    anki_interval_order: bool,
}

impl Default for SettingsFile {
    fn default() -> Self {
        to_file(&Settings::default())
    }
}

fn fmt_step(secs: f64) -> String {
    let s = secs.round() as u64;
    if s.is_multiple_of(86_400) {
        format!("{}d", s / 86_400)
    } else if s.is_multiple_of(3_600) {
        format!("{}h", s / 3_600)
    } else if s.is_multiple_of(60) {
        format!("{}m", s / 60)
    } else {
        format!("{s}s")
    }
}

/// Parses "90s", "10m", "1h", "2d" into seconds.
pub fn parse_step(s: &str) -> Option<f64> {
    let s = s.trim();
    let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit() && c != '.')?);
    let n: f64 = num.parse().ok()?;
    let mult = match unit {
        "s" => 1.0,
        "m" => 60.0,
        "h" => 3_600.0,
        "d" => 86_400.0,
        _ => return None,
    };
    (n > 0.0).then_some(n * mult)
}

fn to_file(s: &Settings) -> SettingsFile {
    SettingsFile {
        format: 1,
        desired_retention: s.params.desired_retention,
        learning_steps: s
            .params
            .learning_steps
            .iter()
            .map(|x| fmt_step(*x))
            .collect(),
        relearning_steps: s
            .params
            .relearning_steps
            .iter()
            .map(|x| fmt_step(*x))
            .collect(),
        maximum_interval_days: s.params.maximum_interval,
        fuzz: s.params.enable_fuzz,
        anki_interval_order: s.params.anki_interval_order,
        new_cards_per_day: s.limits.new_per_day,
        reviews_per_day: s.limits.reviews_per_day,
        day_rollover_hour: s.rollover_hour,
        weights: s.params.weights.to_vec(),
        exam_date: s.exam_date.map(|d| d.to_string()),
        exam_mode: s.exam_mode,
    }
}

/// The bytes of a settings file holding `s`.
pub fn to_bytes(s: &Settings) -> Vec<u8> {
    let mut b = serde_json::to_vec_pretty(&to_file(s)).unwrap_or_default();
    b.push(b'\n');
    b
}

/// The fingerprint of a `settings.json` holding `s` as smriti writes it: 16 hex digits of
/// FNV-1a over the file's bytes (stable across versions and machines, unlike `std`'s hasher;
/// a version that writes the file otherwise does not know an older one's output, and reports
/// a difference as a hand edit, as before fingerprints).
pub fn print(s: &Settings) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in to_bytes(s) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Whether the settings of `settings.json`, `s`, are smriti's own output: the defaults it
/// writes when there is no file, or the file a device last recorded writing (in `dir`'s
/// settings logs).
pub fn own_output(dir: &Path, s: &Settings) -> bool {
    let p = print(s);
    p == print(&Settings::default()) || super::settings_log::writes(dir).contains(&p)
}

/// Whether the file's settings agree with the settings in use in every field a change sets.
pub fn agrees(file: &Settings, in_use: &Settings) -> bool {
    Field::ALL.iter().all(|f| f.same(file, in_use))
}

/// The file's settings with every field a change sets taken from the settings in use; `None`
/// when they agree already.
pub fn refreshed(file: &Settings, in_use: &Settings) -> Option<Settings> {
    let mut out = file.clone();
    for f in Field::ALL {
        f.copy(in_use, &mut out);
    }
    (!agrees(file, in_use)).then_some(out)
}

/// Parses settings; `label` names the file in messages. A byte-order mark (Windows editors
/// save "UTF-8 with BOM") is skipped, as in deck files: it made the whole file unreadable
/// ("settings.json:1:1: expected value") and every setting fall back to its default.
pub fn from_str(label: &str, text: &str) -> Result<Settings, FileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let hint = "fix the value, or delete the file to get the defaults back; see README.md";
    let f: SettingsFile =
        serde_json::from_str(text).map_err(|e| FileError::from_json(label, text, &e, hint))?;
    let at = |key: &'static str| locate(text, &[Seg::Key(key)]);
    let bad = |key: &'static str, msg: String| FileError::new(label, msg, hint).at(at(key));
    if f.format != 1 {
        return Err(bad(
            "format",
            format!("unsupported settings format {}", f.format),
        ));
    }
    let steps = |key: &'static str, v: &[String]| -> Result<Vec<f64>, FileError> {
        v.iter()
            .map(|s| {
                parse_step(s).ok_or_else(|| {
                    bad(
                        key,
                        format!("{s:?} is not a step like \"1m\", \"10m\" or \"1d\""),
                    )
                })
            })
            .collect()
    };
    let weights = Params::weights_from(&f.weights).map_err(|errs| {
        bad(
            "weights",
            errs.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    let params = Params {
        deadline: None,
        weights,
        desired_retention: f.desired_retention,
        learning_steps: steps("learning_steps", &f.learning_steps)?,
        relearning_steps: steps("relearning_steps", &f.relearning_steps)?,
        maximum_interval: f.maximum_interval_days,
        enable_fuzz: f.fuzz,
        anki_interval_order: f.anki_interval_order,
    };
    if !(f.desired_retention > 0.0 && f.desired_retention < 1.0) {
        return Err(bad(
            "desired_retention",
            format!(
                "desired retention must be between 0 and 1 (e.g. 0.9), found {}",
                f.desired_retention
            ),
        ));
    }
    if f.maximum_interval_days == 0 {
        return Err(bad(
            "maximum_interval_days",
            "the maximum interval must be at least 1 day".into(),
        ));
    }
    if f.day_rollover_hour > 23 {
        return Err(bad(
            "day_rollover_hour",
            format!(
                "the rollover hour must be 0–23, found {}",
                f.day_rollover_hour
            ),
        ));
    }
    let exam_date = match &f.exam_date {
        None => None,
        Some(d) => Some(d.parse::<jiff::civil::Date>().map_err(|_| {
            bad(
                "exam_date",
                format!("{d:?} is not a date like \"2027-05-24\""),
            )
        })?),
    };
    Ok(Settings {
        exam_date,
        exam_mode: f.exam_mode,
        params,
        limits: Limits {
            new_per_day: f.new_cards_per_day,
            reviews_per_day: f.reviews_per_day,
        },
        rollover_hour: f.day_rollover_hour,
    })
}

/// Why the settings file could not be changed. The file is never left half written.
#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    #[error("{0}\n  (the file was left as it is)")]
    Invalid(FileError),
    #[error("{path}: cannot be read: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot keep a backup as {path}: {source}")]
    Backup {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot create {path}: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

/// Who changes the settings, and when: every change the app makes is also an event in that
/// device's settings log (`store::settings_log`), which is what other machines merge.
#[derive(Debug, Clone, Copy)]
pub struct By<'a> {
    pub device: &'a str,
    pub at: jiff::Timestamp,
}

/// Sets (or clears) the exam date in the settings file at `path`, keeping everything else.
/// A settings file that cannot be read is not touched.
pub fn set_exam_date(
    path: &Path,
    by: By<'_>,
    date: Option<jiff::civil::Date>,
) -> Result<Settings, UpdateError> {
    update(path, by, |s| s.exam_date = date)
}

/// Turns exam mode on or off in the settings file at `path`, keeping everything else.
pub fn set_exam_mode(path: &Path, by: By<'_>, on: bool) -> Result<Settings, UpdateError> {
    update(path, by, |s| s.exam_mode = on)
}

/// Reads the settings at `path` (defaults when absent), changes them, writes them back.
fn update(
    path: &Path,
    by: By<'_>,
    change: impl FnOnce(&mut Settings),
) -> Result<Settings, UpdateError> {
    update_inner(path, by, false, change).map(|(s, _)| s)
}

/// Changes the settings at `path` (defaults when absent) as [`set_exam_date`] does, but first
/// keeps the file as it was, byte for byte, as `settings.json.bak-<seconds>` beside it (for
/// `smriti optimize`, `retention` and `plan`, which replace values the user may have chosen).
/// Returns the new settings and the backup, if there was a file to keep.
pub fn update_keeping_backup(
    path: &Path,
    by: By<'_>,
    change: impl FnOnce(&mut Settings),
) -> Result<(Settings, Option<std::path::PathBuf>), UpdateError> {
    update_inner(path, by, true, change)
}

/// The change is made to the settings in use (`settings.json` with every device's settings
/// log over it), appended to this device's settings log, and the fields it set are written
/// into `settings.json` too, so that the file shows them. Returns the settings in use after.
fn update_inner(
    path: &Path,
    by: By<'_>,
    keep_backup: bool,
    change: impl FnOnce(&mut Settings),
) -> Result<(Settings, Option<std::path::PathBuf>), UpdateError> {
    let label = path.display().to_string();
    let (file, old) = match std::fs::read_to_string(path) {
        Ok(text) => (
            from_str(&label, &text).map_err(UpdateError::Invalid)?,
            Some(text),
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Settings::default(), None),
        Err(source) => {
            return Err(UpdateError::Read {
                path: label,
                source,
            });
        }
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    let (in_use, _) = super::settings_log::effective(dir, file.clone());
    let mut after = in_use.clone();
    change(&mut after);
    let mut event = super::settings_log::Change::between(&in_use, &after, by.at);
    // A file that is smriti's own output, or agrees with the settings in use, is brought up to
    // them (a stale copy a sync tool carried over), gets the fields this change set, and its
    // fingerprint is recorded with the change (`settings_written`). A file edited by hand that
    // disagrees keeps its other fields as they are (reported at start): it gets the fields
    // this change set only, and no fingerprint. Either way two machines that change different
    // settings change different lines of it.
    let trusted = own_output(dir, &file) || agrees(&file, &in_use);
    let mut settings = match trusted {
        true => refreshed(&file, &in_use).unwrap_or_else(|| file.clone()),
        false => file.clone(),
    };
    if let Some(e) = &event {
        for f in Field::ALL.into_iter().filter(|f| e.sets(*f)) {
            f.copy(&after, &mut settings);
        }
    }
    if trusted {
        let wrote = Some(print(&settings));
        match &mut event {
            Some(e) => e.wrote = wrote,
            None if settings != file => {
                event = Some(super::settings_log::Change {
                    at: by.at,
                    wrote,
                    ..Default::default()
                });
            }
            None => {}
        }
    }
    let backup = match (keep_backup, old) {
        (true, Some(old)) => {
            let b = super::layout::backup(path, by.at.as_second());
            super::atomic::write_atomic(&b, old.as_bytes()).map_err(|source| {
                UpdateError::Backup {
                    path: b.display().to_string(),
                    source,
                }
            })?;
            Some(b)
        }
        _ => None,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| UpdateError::Folder {
            path: dir.display().to_string(),
            source,
        })?;
    }
    if let Some(event) = &event {
        let log = super::SavesLayout::new(dir).settings_of(by.device);
        super::settings_log::append(&log, event).map_err(|source| UpdateError::Write {
            path: log.display().to_string(),
            source,
        })?;
    }
    super::atomic::write_atomic(path, &to_bytes(&settings)).map_err(|source| {
        UpdateError::Write {
            path: label,
            source,
        }
    })?;
    let (now_in_use, _) = super::settings_log::effective(dir, settings);
    Ok((now_in_use, backup))
}

/// Loads `path`, writing the defaults there first when it does not exist. On a bad file the
/// defaults are used and the error is returned beside them; the file is left untouched.
pub fn load_or_create(path: &Path) -> (Settings, Option<FileError>) {
    let label = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => match std::str::from_utf8(&bytes) {
            Ok(text) => match from_str(&label, text) {
                Ok(s) => (s, None),
                Err(e) => (Settings::default(), Some(e)),
            },
            Err(_) => (
                Settings::default(),
                Some(FileError::new(
                    label,
                    "the file is not UTF-8 text",
                    "save it as UTF-8, or delete it to get the defaults back",
                )),
            ),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let s = Settings::default();
            let err = super::atomic::write_atomic(path, &to_bytes(&s))
                .err()
                .map(|e| {
                    FileError::new(
                        label,
                        format!("could not write the default settings: {e}"),
                        "",
                    )
                });
            (s, err)
        }
        Err(e) => (
            Settings::default(),
            Some(FileError::new(
                label,
                format!("cannot be read: {e}"),
                "check the file's permissions",
            )),
        ),
    }
}

const _: () = assert!(DEFAULT_WEIGHTS.len() == 21);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_round_trip_and_match_the_issue() {
        let text = String::from_utf8(to_bytes(&Settings::default())).unwrap();
        assert!(
            text.contains("\"learning_steps\": [\n    \"1m\",\n    \"10m\"\n  ]"),
            "{text}"
        );
        assert_eq!(from_str("s", &text).unwrap(), Settings::default());
    }

    #[test]
    fn a_partial_file_fills_in_defaults() {
        let s = from_str(
            "s",
            r#"{"desired_retention": 0.85, "learning_steps": ["30s", "5m", "1h"]}"#,
        )
        .unwrap();
        assert_eq!(s.params.desired_retention, 0.85);
        assert_eq!(s.params.learning_steps, [30.0, 300.0, 3600.0]);
        assert_eq!(s.limits.new_per_day, 20);
        // Anki's interval order is on unless turned off.
        assert!(s.params.anki_interval_order);
        let s = from_str("s", r#"{"anki_interval_order": false}"#).unwrap();
        assert!(!s.params.anki_interval_order);
    }

    #[test]
    fn a_file_saved_with_a_byte_order_mark_and_crlf_is_read() {
        let text =
            "\u{feff}{\r\n  \"desired_retention\": 0.85,\r\n  \"new_cards_per_day\": 5\r\n}\r\n";
        let s = from_str("settings.json", text).unwrap();
        assert_eq!(
            (s.params.desired_retention, s.limits.new_per_day),
            (0.85, 5)
        );
        // Errors after the mark are placed as an editor shows them.
        let e = from_str("settings.json", "\u{feff}{\"desired_retention\": 1.5}").unwrap_err();
        assert!(e.to_string().starts_with("settings.json:1:23: "), "{e}");
    }

    #[test]
    fn bad_values_are_located() {
        let e = from_str("settings.json", "{\n  \"desired_retention\": 1.5\n}").unwrap_err();
        assert_eq!(
            e.headline(),
            "settings.json:2:24: desired retention must be between 0 and 1 (e.g. 0.9), found 1.5"
        );
        let e = from_str("settings.json", "{\"learning_steps\": [\"ten minutes\"]}").unwrap_err();
        assert_eq!(
            e.headline(),
            "settings.json:1:20: \"ten minutes\" is not a step like \"1m\", \"10m\" or \"1d\""
        );
        let e = from_str("settings.json", "{\"new_per_day\": 5}").unwrap_err();
        assert!(
            e.headline()
                .starts_with("settings.json:1:14: unknown field `new_per_day`"),
            "{}",
            e.headline()
        );
        let e = from_str("settings.json", "{\"weights\": [1, 2]}").unwrap_err();
        assert_eq!(
            e.headline(),
            "settings.json:1:13: FSRS needs exactly 21 weights, found 2"
        );
    }

    /// A change made by the device `test` at `secs`.
    fn by(secs: i64) -> By<'static> {
        By {
            device: "test",
            at: jiff::Timestamp::from_second(secs).unwrap(),
        }
    }

    #[test]
    fn the_exam_date_is_set_kept_and_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(&path, r#"{"new_cards_per_day": 7}"#).unwrap();
        let s = set_exam_date(&path, by(1), Some(jiff::civil::date(2027, 5, 23))).unwrap();
        assert_eq!(
            (s.exam_date.unwrap().to_string(), s.limits.new_per_day),
            ("2027-05-23".to_owned(), 7)
        );
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("\"exam_date\": \"2027-05-23\""), "{text}");
        assert_eq!(
            from_str("s", &text).unwrap().exam_date,
            Some(jiff::civil::date(2027, 5, 23))
        );
        let s = set_exam_date(&path, by(2), None).unwrap();
        assert_eq!(s.exam_date, None);
        assert!(
            !std::fs::read_to_string(&path)
                .unwrap()
                .contains("exam_date")
        );
        let e = from_str("s", r#"{"exam_date": "24 May"}"#).unwrap_err();
        assert_eq!(
            e.headline(),
            "s:1:15: \"24 May\" is not a date like \"2027-05-24\""
        );
        std::fs::write(&path, "{oops").unwrap();
        assert!(set_exam_date(&path, by(2), None).is_err());
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "{oops",
            "a bad file is left alone"
        );
    }

    #[test]
    fn an_update_with_a_backup_keeps_the_old_file_byte_for_byte() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        let old = "{\"new_cards_per_day\": 7}";
        std::fs::write(&path, old).unwrap();
        let (s, backup) = update_keeping_backup(&path, by(1_700_000_000), |s| {
            s.params.weights[20] = 0.5;
        })
        .unwrap();
        let backup = backup.unwrap();
        assert!(backup.ends_with("settings.json.bak-1700000000"));
        assert_eq!(std::fs::read_to_string(&backup).unwrap(), old);
        assert_eq!((s.limits.new_per_day, s.params.weights[20]), (7, 0.5));
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(from_str("s", &text).unwrap(), s);
        // No file yet: nothing to keep.
        std::fs::remove_file(&path).unwrap();
        let (_, backup) = update_keeping_backup(&path, by(1), |_| {}).unwrap();
        assert_eq!(backup, None);
    }

    #[test]
    fn steps_parse() {
        assert_eq!(parse_step("10m"), Some(600.0));
        assert_eq!(parse_step("1.5h"), Some(5400.0));
        assert_eq!(parse_step("0m"), None);
        assert_eq!(parse_step("10"), None);
        assert_eq!(parse_step("m"), None);
    }
}
