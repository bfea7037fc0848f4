//! The progress snapshot, `progress.json` (format 1): every item's state, today's counts, and
//! the log mark it was taken at, so that start-up replays only the log lines after it.
//!
//! It is a cache of the review log, rewritten atomically. A snapshot that cannot be read is
//! never overwritten: the caller replays the whole log instead and tells the user.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::error::FileError;
use super::json_pos::{Seg, locate};
use super::review_log::Mark;
use crate::domain::deck::ItemKey;
use crate::domain::progress::{DayCounts, DeckProgress, Progress};
use crate::domain::scheduler::CardState;

/// The snapshot format this build writes. It reads this one and every older one.
///
/// History: 1, the first; 2 adds `written_by` (the program and version that wrote the file,
/// for support). A format-1 file reads as format 2 without it.
pub const FORMAT: u32 = 2;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProgressFile {
    format: u32,
    /// The program and version that wrote the file (format 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    written_by: Option<String>,
    /// How far into `reviews.jsonl` this snapshot has seen.
    log: Mark,
    decks: BTreeMap<String, DeckFile>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeckFile {
    today: DayCounts,
    /// Item key (`card` or `card:reverse`) → state.
    items: BTreeMap<String, CardState>,
}

/// Serialises a snapshot of `progress` taken at `mark`.
pub fn to_bytes(progress: &Progress, mark: Mark) -> Vec<u8> {
    let file = ProgressFile {
        format: FORMAT,
        written_by: Some(concat!("smriti ", env!("CARGO_PKG_VERSION")).to_owned()),
        log: mark,
        decks: progress
            .decks
            .iter()
            .map(|(id, dp)| {
                let items = dp
                    .items
                    .iter()
                    .map(|(k, s)| (k.to_string(), s.clone()))
                    .collect();
                (
                    id.clone(),
                    DeckFile {
                        today: dp.today.clone(),
                        items,
                    },
                )
            })
            .collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&file).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Reads a snapshot. `label` names the file in messages.
pub fn from_bytes(label: &str, bytes: &[u8]) -> Result<(Progress, Mark), FileError> {
    let recover = "smriti leaves this file untouched and rebuilds progress from reviews.jsonl; \
                   run `smriti rebuild` to replace it (the old file is kept as a backup)";
    let text = std::str::from_utf8(bytes)
        .map_err(|_| FileError::new(label, "the file is not UTF-8 text", recover))?;
    if text.trim().is_empty() {
        return Err(FileError::new(label, "the file is empty", recover));
    }
    #[derive(Deserialize)]
    struct Probe {
        format: Option<u64>,
    }
    if let Ok(Probe { format: Some(f) }) = serde_json::from_str::<Probe>(text)
        && f > u64::from(FORMAT)
    {
        return Err(FileError::new(
            label,
            format!(
                "this file was written by a newer smriti (format {f}; this one reads {FORMAT})"
            ),
            "update smriti; this version will not touch the file",
        )
        .at(locate(text, &[Seg::Key("format")])));
    }
    // Older formats are read by the same structure: each newer format only adds optional
    // fields, which an older file simply lacks (the migration from 1 to 2).
    let file: ProgressFile =
        serde_json::from_str(text).map_err(|e| FileError::from_json(label, text, &e, recover))?;
    if file.format == 0 {
        return Err(
            FileError::new(label, "format 0 is not a smriti format", recover)
                .at(locate(text, &[Seg::Key("format")])),
        );
    }
    let decks = file
        .decks
        .into_iter()
        .map(|(id, d)| {
            let items = d
                .items
                .into_iter()
                .map(|(k, s)| (ItemKey::parse(&k), s))
                .collect();
            (
                id,
                DeckProgress {
                    items,
                    today: d.today,
                },
            )
        })
        .collect();
    Ok((
        Progress {
            decks,
            last_seq: file.log.seq,
        },
        file.log,
    ))
}

/// Reads the snapshot at `path`; `Ok(None)` when there is none yet.
pub fn load(path: &Path) -> Result<Option<(Progress, Mark)>, FileError> {
    let label = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => from_bytes(&label, &bytes).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(FileError::new(
            label,
            format!("cannot be read: {e}"),
            "check the file's permissions",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::scheduler::Phase;

    fn sample() -> Progress {
        let mut p = Progress::default();
        let dp = p.decks.entry("d".into()).or_default();
        dp.items.insert(
            ItemKey::parse("c1:reverse"),
            CardState {
                phase: Phase::Review,
                step: None,
                stability: 3.5,
                difficulty: 4.25,
                due: "2026-01-05T00:00:00Z".parse().unwrap(),
                last_review: "2026-01-01T00:00:00Z".parse().unwrap(),
                reps: 2,
                lapses: 0,
            },
        );
        dp.today = DayCounts {
            date: Some(jiff::civil::date(2026, 1, 1)),
            new: 1,
            reviews: 0,
        };
        p.last_seq = 9;
        p
    }

    #[test]
    fn round_trips() {
        let mark = Mark {
            seq: 9,
            offset: 1234,
            lines: 9,
        };
        let bytes = to_bytes(&sample(), mark);
        assert_eq!(from_bytes("p", &bytes).unwrap(), (sample(), mark));
    }

    #[test]
    fn a_format_1_snapshot_opens_and_is_rewritten_as_format_2() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/saves");
        let v1 = std::fs::read(format!("{dir}/progress-v1.json")).unwrap();
        assert!(String::from_utf8_lossy(&v1).contains("\"format\": 1,"));
        let (progress, mark) = from_bytes("progress-v1.json", &v1).unwrap();
        assert_eq!((mark.seq, mark.lines), (2, 2));
        let deck = progress.deck("india-japan-prelims").unwrap();
        assert_eq!(deck.items.len(), 2);
        // The log of the same session replays to the same state.
        let log = std::fs::read_to_string(format!("{dir}/reviews-v1.jsonl")).unwrap();
        let mut replayed = Progress::default();
        for line in log.lines() {
            let e: crate::domain::progress::Event = serde_json::from_str(line).unwrap();
            replayed.apply(&e, &|_| jiff::civil::date(2026, 11, 20));
        }
        assert_eq!(replayed, progress);
        let v2 = to_bytes(&progress, mark);
        let text = String::from_utf8_lossy(&v2);
        assert!(
            text.starts_with("{\n  \"format\": 2,\n  \"written_by\": \"smriti "),
            "{text}"
        );
        assert_eq!(from_bytes("progress.json", &v2).unwrap(), (progress, mark));
    }

    #[test]
    fn bad_snapshots_say_what_and_where() {
        let e =
            from_bytes("saves/progress.json", b"{\"format\": 1,\n  \"log\": nope}").unwrap_err();
        assert_eq!(e.headline(), "saves/progress.json:2:11: expected ident");
        assert!(e.hint.contains("smriti rebuild"));
        let e = from_bytes("p.json", b"").unwrap_err();
        assert_eq!(e.headline(), "p.json: the file is empty");
        let e = from_bytes("p.json", b"{\"format\": 7, \"whatever\": 1}").unwrap_err();
        assert_eq!(
            e.headline(),
            "p.json:1:12: this file was written by a newer smriti (format 7; this one reads 2)"
        );
        let e = from_bytes("p.json", b"\xff\xfe").unwrap_err();
        assert_eq!(e.headline(), "p.json: the file is not UTF-8 text");
    }
}
