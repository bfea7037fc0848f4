//! The statistics' running totals, `stats.json`, kept beside the progress snapshot: per deck,
//! each study day's answers and each card's answers (see `domain::aggregates`), with the log
//! mark they were taken at and the day rule (time zone, rollover hour) their days follow.
//!
//! Like the snapshot it is a cache of the review log, rewritten atomically with it; deleting it
//! loses nothing (the next reader folds the whole log once). A file that cannot be read, or that
//! was written under another day rule, is simply not used. Must not depend on `tui` or `cli`.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use super::logs::Marks;
use super::review_log::Mark;
use crate::domain::aggregates::{Aggregates, CardTotals, DayTotals, DeckTotals};

/// The format this build writes and reads.
pub const FORMAT: u32 = 1;

/// Larger than any real file (a million cards make about 30 MB).
const MAX_BYTES: u64 = 1 << 30;

/// The rule that turns an instant into a study day: the totals' days follow it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DayRule {
    pub time_zone: String,
    pub rollover_hour: u8,
}

impl DayRule {
    pub fn new(tz: &TimeZone, rollover_hour: u8) -> DayRule {
        DayRule {
            time_zone: tz
                .iana_name()
                .map_or_else(|| format!("{tz:?}"), str::to_owned),
            rollover_hour,
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    format: u32,
    #[serde(default)]
    written_by: Option<String>,
    log: Mark,
    /// Each device log's mark (issue 19); `log` is the legacy `reviews.jsonl`'s.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    logs: BTreeMap<String, Mark>,
    day: DayRule,
    /// Written by smriti before per-device logs: the last sequence number counted. Read and
    /// ignored (the marks say what is counted), so an older file still loads.
    #[serde(default, skip_serializing)]
    #[allow(dead_code)]
    last_seq: u64,
    decks: BTreeMap<String, Deck>,
}

/// What `stats.cache` keeps of the file beside its totals: the marks and the day rule.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Head {
    log: Mark,
    logs: BTreeMap<String, Mark>,
    day: DayRule,
}

/// A day: `[date, answers, ms, review answers, review answers passed]`; a card: `[id, right,
/// answers]`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Deck {
    days: Vec<(Date, u32, u64, u32, u32)>,
    cards: Vec<(String, u32, u32)>,
}

/// The file's bytes for `totals`, taken at the log marks `marks` under the day rule `day`.
pub fn to_bytes(totals: &Aggregates, marks: &Marks, day: &DayRule) -> Vec<u8> {
    let decks = totals
        .decks
        .iter()
        .map(|(id, d)| {
            let mut cards: Vec<(String, u32, u32)> = d
                .cards
                .iter()
                .map(|(c, t)| (c.clone(), t.right, t.answers))
                .collect();
            cards.sort_unstable();
            let deck = Deck {
                days: d
                    .days
                    .iter()
                    .map(|(date, t)| (*date, t.answers, t.ms, t.review_answers, t.review_passed))
                    .collect(),
                cards,
            };
            (id.clone(), deck)
        })
        .collect();
    let file = File {
        format: FORMAT,
        written_by: Some(format!("smriti {}", env!("CARGO_PKG_VERSION"))),
        log: marks.legacy(),
        logs: marks.devices(),
        day: day.clone(),
        last_seq: 0,
        decks,
    };
    // Plain data: serialising cannot fail.
    serde_json::to_vec(&file).unwrap_or_default()
}

/// The totals in `bytes` and the mark they were taken at; `None` when they are not usable
/// under the day rule `day` (another rule, another format, or damage).
pub fn from_bytes(bytes: &[u8], day: &DayRule) -> Option<(Aggregates, Marks)> {
    let file: File = serde_json::from_slice(bytes).ok()?;
    if file.format != FORMAT || &file.day != day {
        return None;
    }
    let decks = file
        .decks
        .into_iter()
        .map(|(id, d)| {
            let days = d
                .days
                .into_iter()
                .map(|(date, answers, ms, review_answers, review_passed)| {
                    (
                        date,
                        DayTotals {
                            answers,
                            ms,
                            review_answers,
                            review_passed,
                        },
                    )
                })
                .collect();
            let mut cards = HashMap::with_capacity(d.cards.len());
            for (c, right, answers) in d.cards {
                cards.insert(c, CardTotals { right, answers });
            }
            (id, DeckTotals { days, cards })
        })
        .collect();
    Some((Aggregates { decks }, Marks::from_parts(file.log, file.logs)))
}

/// Reads the file at `path` (see [`from_bytes`]), or its binary copy `stats.cache` when that
/// matches it (see `store::stats_cache`); a missing or unreadable file gives `None`.
pub fn load(path: &Path, day: &DayRule) -> Option<(Aggregates, Marks)> {
    load_decks(path, day, &|_| true)
}

/// [`load`], with only the decks whose ids `wanted` accepts kept (`smriti stats --deck`):
/// from the binary copy, the others are not decoded.
pub fn load_decks(
    path: &Path,
    day: &DayRule,
    wanted: &dyn Fn(&str) -> bool,
) -> Option<(Aggregates, Marks)> {
    let usable = |head: &str| serde_json::from_str::<Head>(head).is_ok_and(|h| &h.day == day);
    if let Some((head, totals)) = super::stats_cache::read(path, &usable, wanted, MAX_BYTES)
        && let Ok(h) = serde_json::from_str::<Head>(&head)
    {
        return Some((totals, Marks::from_parts(h.log, h.logs)));
    }
    let bytes = super::bounded::read_capped(path, MAX_BYTES).ok()?;
    let (mut totals, marks) = from_bytes(&bytes, day)?;
    totals.decks.retain(|id, _| wanted(id));
    Some((totals, marks))
}

/// Writes `stats.json` at `path` (atomically) for `totals` at the log marks `marks` under the
/// day rule `day`, then its binary copy beside it (a cache of a cache: failing to write that
/// changes nothing but speed).
pub fn save(path: &Path, totals: &Aggregates, marks: &Marks, day: &DayRule) -> std::io::Result<()> {
    let bytes = to_bytes(totals, marks, day);
    super::atomic::write_atomic(path, &bytes)?;
    let written = (bytes.len() as u64, super::derived::prefix(&bytes));
    let head = Head {
        log: marks.legacy(),
        logs: marks.devices(),
        day: day.clone(),
    };
    if let Ok(head) = serde_json::to_string(&head) {
        let _ = super::stats_cache::write(path, written, totals, &head);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::progress::{Before, Event, Mode};
    use crate::domain::scheduler::{CardState, Phase, Rating};

    #[test]
    fn totals_read_back_as_written_and_only_under_their_day_rule() {
        let day_of = |_| jiff::civil::date(2026, 11, 20);
        let mut totals = Aggregates::default();
        let at = "2026-11-20T10:00:00Z".parse().unwrap();
        for (seq, card) in [(1, "a"), (2, "b:reverse"), (3, "a")] {
            let e = Event::Review {
                seq,
                at,
                deck: "d".into(),
                card: card.into(),
                rating: Rating::Good,
                mode: Mode::Flashcard,
                ms: 1500,
                verdict: None,
                before: Before::Review,
                state: CardState {
                    phase: Phase::Review,
                    step: None,
                    stability: 1.0,
                    difficulty: 5.0,
                    due: at,
                    last_review: at,
                    reps: 1,
                    lapses: 0,
                },
            };
            totals.apply(&e, &day_of).unwrap();
        }
        let rule = DayRule::new(&TimeZone::UTC, 4);
        let mark = Mark {
            seq: 3,
            offset: 900,
            lines: 3,
            at: None,
        };
        let bytes = to_bytes(&totals, &mark.into(), &rule);
        assert_eq!(
            from_bytes(&bytes, &rule),
            Some((totals.clone(), mark.into()))
        );
        assert_eq!(from_bytes(&bytes, &DayRule::new(&TimeZone::UTC, 5)), None);
        assert_eq!(from_bytes(b"{\"format\":1", &rule), None);

        // Saved: the binary copy reads as the JSON does, one deck alone when asked.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("stats.json");
        let mut two = totals.clone();
        let e = Event::Review {
            seq: 4,
            at,
            deck: "e".into(),
            card: "x".into(),
            rating: Rating::Again,
            mode: Mode::Flashcard,
            ms: 900,
            verdict: None,
            before: Before::Review,
            state: CardState {
                phase: Phase::Relearning,
                step: Some(0),
                stability: 1.0,
                difficulty: 5.0,
                due: at,
                last_review: at,
                reps: 1,
                lapses: 1,
            },
        };
        two.apply(&e, &day_of).unwrap();
        let marks: Marks = mark.into();
        save(&path, &two, &marks, &rule).unwrap();
        let copy = super::super::stats_cache::path_for(&path);
        assert!(copy.exists());
        let got = load(&path, &rule);
        assert_eq!(got, Some((two.clone(), marks.clone())));
        let only_e = load_decks(&path, &rule, &|id| id == "e").unwrap();
        assert_eq!(only_e.0.decks.len(), 1);
        assert_eq!(only_e.0.decks.get("e"), two.decks.get("e"));
        assert_eq!(load(&path, &DayRule::new(&TimeZone::UTC, 5)), None);
        std::fs::remove_file(&copy).unwrap();
        assert_eq!(load(&path, &rule), got, "the JSON reads the same");
        let only_e_json = load_decks(&path, &rule, &|id| id == "e").unwrap();
        assert_eq!(only_e_json, only_e);
        assert_eq!(
            super::super::stats_cache::FORMAT / 1000,
            FORMAT,
            "the copy's format"
        );
    }
}
