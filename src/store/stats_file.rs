//! The statistics' running totals, `stats.json`, kept beside the progress snapshot: per deck,
//! each study day's answers and each card's answers (see `domain::aggregates`), with the log
//! mark they were taken at and the day rule (time zone, rollover hour) their days follow.
//!
//! Like the snapshot it is a cache of the review log, rewritten atomically with it; deleting it
//! loses nothing (the next reader folds the whole log once). A file that cannot be read, or that
//! was written under another day rule, is simply not used. Must not depend on `tui` or `cli`.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use super::logs::Marks;
use super::review_log::Mark;
use crate::domain::aggregates::{Aggregates, CardMap, CardTotals, DayTotals, DeckTotals};
use crate::domain::outline::Outline;

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

    /// Whether totals counted under `self` count days as `other` does: the same rollover
    /// hour and the same time zone, by name or, under another name, by its rules (run with
    /// `TZ=UTC`, the zone is named `UTC`; without `TZ`, `/etc/localtime` may name it
    /// `Etc/UTC`: a copy written one way was read as stale the other way).
    pub fn fits(&self, other: &DayRule) -> bool {
        self.rollover_hour == other.rollover_hour
            && (self.time_zone == other.time_zone || same_zone(&self.time_zone, &other.time_zone))
    }
}

/// Whether the time zones named `a` and `b` (IANA names, as [`DayRule::new`] writes them) are
/// one zone under two names (see `domain::time::same_rules`).
fn same_zone(a: &str, b: &str) -> bool {
    let db = jiff::tz::db();
    match (db.get(a), db.get(b)) {
        (Ok(a), Ok(b)) => crate::domain::time::same_rules(&a, &b),
        _ => false,
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    format: u32,
    #[serde(default)]
    #[allow(dead_code)]
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
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Deck {
    days: Vec<(Date, u32, u64, u32, u32)>,
    cards: Vec<(String, u32, u32)>,
}

/// The file as written: the totals borrowed, each deck's cards sorted as it is written, so
/// that writing holds no copy of them (the bytes are those `File` reads).
#[derive(Serialize)]
struct Out<'a, D> {
    format: u32,
    written_by: String,
    log: Mark,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    logs: BTreeMap<String, Mark>,
    day: &'a DayRule,
    decks: D,
}

/// The decks in the order of their ids, as a map.
struct DecksOut<'a>(&'a Aggregates);

/// A deck's totals as a `Deck`.
struct DeckOut<'a>(&'a DeckTotals);

impl Serialize for DecksOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut ids: Vec<(&String, &DeckTotals)> = self.0.decks.iter().collect();
        ids.sort_unstable_by(|a, b| a.0.cmp(b.0));
        s.collect_map(ids.into_iter().map(|(id, d)| (id, DeckOut(d))))
    }
}

impl Serialize for DeckOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct Days<'a>(&'a BTreeMap<Date, DayTotals>);
        impl Serialize for Days<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(
                    self.0.iter().map(|(date, t)| {
                        (date, t.answers, t.ms, t.review_answers, t.review_passed)
                    }),
                )
            }
        }
        let mut cards: Vec<(&str, u32, u32)> = self
            .0
            .cards
            .iter()
            .map(|(c, t)| (c.as_str(), t.right, t.answers))
            .collect();
        cards.sort_unstable();
        let mut deck = s.serialize_struct("Deck", 2)?;
        deck.serialize_field("days", &Days(&self.0.days))?;
        deck.serialize_field("cards", &cards)?;
        deck.end()
    }
}

fn out<'a, D>(decks: D, marks: &Marks, day: &'a DayRule) -> Out<'a, D> {
    Out {
        format: FORMAT,
        written_by: format!("smriti {}", env!("CARGO_PKG_VERSION")),
        log: marks.legacy(),
        logs: marks.devices(),
        day,
        decks,
    }
}

/// Gives a deck's totals by its id (`None`: nothing counted), one deck at a time.
pub type DeckFn<'f> = dyn FnMut(&str) -> std::io::Result<Option<DeckTotals>> + 'f;

/// The decks given one at a time by a function, as a map (see [`save_by_deck`]); notes the
/// index and body length (in `stats.cache`) of each deck written.
struct LazyDecks<'a, 'f> {
    ids: &'a [String],
    deck: std::cell::RefCell<&'f mut DeckFn<'f>>,
    written: std::cell::RefCell<Vec<(usize, u64)>>,
}

impl Serialize for LazyDecks<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeMap};
        let mut map = s.serialize_map(None)?;
        for (i, id) in self.ids.iter().enumerate() {
            let got = (self.deck.borrow_mut())(id).map_err(S::Error::custom)?;
            if let Some(d) = got {
                let len = super::stats_cache::body_len(&d);
                self.written.borrow_mut().push((i, len));
                map.serialize_entry(id, &DeckOut(&d))?;
            }
        }
        map.end()
    }
}

/// The file's bytes for `totals`, taken at the log marks `marks` under the day rule `day`.
pub fn to_bytes(totals: &Aggregates, marks: &Marks, day: &DayRule) -> Vec<u8> {
    // Plain data: serialising cannot fail.
    serde_json::to_vec(&out(DecksOut(totals), marks, day)).unwrap_or_default()
}

/// The totals in `bytes` and the mark they were taken at; `None` when they are not usable
/// under the day rule `day` (another rule, another format, or damage).
pub fn from_bytes(bytes: &[u8], day: &DayRule) -> Option<(Aggregates, Marks)> {
    let file: File = serde_json::from_slice(bytes).ok()?;
    if file.format != FORMAT || !file.day.fits(day) {
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
            let mut cards = CardMap::with_capacity_and_hasher(d.cards.len(), Default::default());
            for (c, right, answers) in d.cards {
                cards.insert(c, CardTotals { right, answers });
            }
            (
                id,
                DeckTotals {
                    days,
                    cards: cards.into(),
                    tags: None,
                },
            )
        })
        .collect();
    Some((
        Aggregates::from_decks(decks),
        Marks::from_parts(file.log, file.logs),
    ))
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
    let usable = |head: &str| serde_json::from_str::<Head>(head).is_ok_and(|h| h.day.fits(day));
    if let Some((head, totals)) = super::stats_cache::read(path, &usable, wanted, MAX_BYTES)
        && let Ok(h) = serde_json::from_str::<Head>(&head)
    {
        return Some((totals, Marks::from_parts(h.log, h.logs)));
    }
    let bytes = super::bounded::read_capped(path, MAX_BYTES).ok()?;
    let (mut totals, marks) = from_bytes(&bytes, day)?;
    totals.decks.retain(|id, _| wanted(id));
    totals.decks_changed();
    Some((totals, marks))
}

/// Writes `stats.json` at `path` (atomically) for `totals` at the log marks `marks` under the
/// day rule `day`, then its binary copy beside it (a cache of a cache: failing to write that
/// changes nothing but speed), with each deck's accuracy by tag made for its outline among
/// `outlines` (see `stats_cache`). Both are streamed to their files, never held in memory whole.
pub fn save(
    path: &Path,
    totals: &Aggregates,
    marks: &Marks,
    day: &DayRule,
    outlines: &[Arc<Outline>],
) -> std::io::Result<()> {
    let mut file = super::atomic::Replacement::create(path)?;
    let mut first = Vec::with_capacity(super::derived::PREFIX_MAX);
    serde_json::to_writer(
        Prefixed {
            out: &mut file,
            first: &mut first,
        },
        &out(DecksOut(totals), marks, day),
    )?;
    let len = file.written();
    file.commit()?;
    let head = Head {
        log: marks.legacy(),
        logs: marks.devices(),
        day: day.clone(),
    };
    if let Ok(head) = serde_json::to_string(&head) {
        let _ = super::stats_cache::write(path, (len, &first), totals, &head, outlines);
    }
    Ok(())
}

/// The totals on disk by deck, with the marks they were taken at: `stats.cache`, when it is
/// there, matches `stats.json` and follows the day rule `day`; `None` otherwise.
pub fn copy_by_deck(path: &Path, day: &DayRule) -> Option<(super::stats_cache::Copy, Marks)> {
    let usable = |head: &str| serde_json::from_str::<Head>(head).is_ok_and(|h| h.day.fits(day));
    let copy = super::stats_cache::open(path, &usable, MAX_BYTES)?;
    let h: Head = serde_json::from_str(copy.head()).ok()?;
    Some((copy, Marks::from_parts(h.log, h.logs)))
}

/// [`save`] one deck at a time: the decks `ids` (sorted), each deck's totals given by `deck`
/// (`None`: nothing counted, the deck left out) as it is written, once for `stats.json` and
/// once more for its binary copy. The file is the one [`save`] writes for the same totals,
/// byte for byte; the totals are never all in memory.
pub fn save_by_deck(
    path: &Path,
    marks: &Marks,
    day: &DayRule,
    ids: &[String],
    outlines: &[Arc<Outline>],
    deck: &mut DeckFn<'_>,
) -> std::io::Result<()> {
    let mut file = super::atomic::Replacement::create(path)?;
    let mut first = Vec::with_capacity(super::derived::PREFIX_MAX);
    let lazy = LazyDecks {
        ids,
        deck: std::cell::RefCell::new(deck),
        written: std::cell::RefCell::new(Vec::new()),
    };
    serde_json::to_writer(
        Prefixed {
            out: &mut file,
            first: &mut first,
        },
        &out(&lazy, marks, day),
    )?;
    let len = file.written();
    file.commit()?;
    let written = lazy.written.into_inner();
    let deck = lazy.deck.into_inner();
    let head = Head {
        log: marks.legacy(),
        logs: marks.devices(),
        day: day.clone(),
    };
    if let Ok(head) = serde_json::to_string(&head) {
        let listed: Vec<(&str, u64)> = written
            .iter()
            .map(|&(i, len)| (ids[i].as_str(), len))
            .collect();
        let _ =
            super::stats_cache::write_decks(path, (len, &first), &head, &listed, outlines, |n| {
                let (id, _) = listed[n];
                match deck(id)? {
                    Some(d) => Ok(std::borrow::Cow::Owned(d)),
                    None => Err(std::io::Error::other("a deck's totals went")),
                }
            });
    }
    Ok(())
}

/// A writer that keeps the first bytes written through it (the copy names its JSON by them).
struct Prefixed<'a> {
    out: &'a mut dyn std::io::Write,
    first: &'a mut Vec<u8>,
}

impl std::io::Write for Prefixed<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(buf)?;
        let room = super::derived::PREFIX_MAX.saturating_sub(self.first.len());
        self.first.extend_from_slice(&buf[..n.min(room)]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
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
        // The layout the earlier writer (a serialised copy of the totals) gave, to the byte.
        let expected = format!(
            concat!(
                r#"{{"format":1,"written_by":"smriti {}","log":{},"#,
                r#""day":{{"time_zone":"UTC","rollover_hour":4}},"decks":{{"d":{{"#,
                r#""days":[["2026-11-20",3,4500,3,3]],"cards":[["a",2,2],["b",1,1]]}}}}}}"#
            ),
            env!("CARGO_PKG_VERSION"),
            serde_json::to_string(&mark).unwrap()
        );
        assert_eq!(String::from_utf8(bytes.clone()).unwrap(), expected);
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
        let e_answer = e;
        let marks: Marks = mark.into();
        save(&path, &two, &marks, &rule, &[]).unwrap();
        assert_eq!(
            std::fs::read(&path).unwrap(),
            to_bytes(&two, &marks, &rule),
            "streamed as serialised"
        );
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

        // With the decks' outlines: the copy keeps each deck's accuracy by tag, made for its
        // outline's tags (none for a deck whose outline is given twice or not at all), and an
        // answer counted on top drops it.
        let outline = |id: &str, tags: Vec<(String, Vec<u32>)>| {
            std::sync::Arc::new(crate::domain::outline::Outline {
                id: id.into(),
                cards: ["a", "b", "zz"]
                    .iter()
                    .map(|c| ((*c).into(), crate::domain::deck::Sides::Forward))
                    .collect(),
                tags,
                ..Default::default()
            })
        };
        let d = outline("d", vec![("t1".into(), vec![0]), ("t2".into(), vec![1, 2])]);
        let e = outline("e", vec![("t1".into(), vec![0])]);
        let outlines = [Arc::clone(&d), Arc::clone(&e), e];
        save(&path, &two, &marks, &rule, &outlines).unwrap();
        // The cards' totals are left in the copy's bytes until wanted (the saved accuracy by
        // tag needs none of them); looked at, they are the JSON's.
        let (mut got, _) = load(&path, &rule).unwrap();
        assert!(got.decks.values().all(|d| d.cards.is_frozen()));
        assert_eq!(got.decks["d"].cards.count(), 2);
        assert!(got.decks["d"].cards.is_frozen(), "counted without thawing");
        assert_eq!(*got.decks["d"].cards, *two.decks["d"].cards);
        assert!(!got.decks["d"].cards.is_frozen());
        assert!(got.decks["e"].cards.is_frozen());
        assert_eq!(got, two);
        let tags = got.decks["d"].tags.clone().unwrap();
        assert_eq!(tags, two.decks["d"].count_tags(&d));
        assert!(tags.fits(&d) && tags.counts.iter().all(Option::is_some));
        assert_eq!(got.decks["e"].tags, None);
        got.apply(&e_answer, &day_of).unwrap();
        assert_eq!(got.decks["e"].tags, None);
        let mut again = e_answer.clone();
        if let Event::Review { deck, .. } = &mut again {
            *deck = "d".into();
        }
        got.apply(&again, &day_of).unwrap();
        assert_eq!(got.decks["d"].tags, None, "an answer drops them");
        // An answer counted on cards still frozen thaws them first.
        let (mut frozen, _) = load(&path, &rule).unwrap();
        assert!(frozen.decks["d"].cards.is_frozen());
        frozen.apply(&e_answer, &day_of).unwrap();
        frozen.apply(&again, &day_of).unwrap();
        assert!(!frozen.decks["d"].cards.is_frozen());
        assert_eq!(frozen.decks["d"].cards["x"].answers, 1);
        assert_eq!(frozen, got);
    }

    #[test]
    fn a_time_zone_under_another_name_reads_the_same_copies() {
        let db = jiff::tz::db();
        // Without TZ, /etc/localtime names UTC `Etc/UTC`; with TZ=UTC, it is `UTC`.
        let system = DayRule::new(&db.get("Etc/UTC").unwrap(), 4);
        let env = DayRule::new(&TimeZone::UTC, 4);
        assert_eq!(
            (system.time_zone.as_str(), env.time_zone.as_str()),
            ("Etc/UTC", "UTC")
        );
        let kolkata = DayRule::new(&db.get("Asia/Kolkata").unwrap(), 4);
        let calcutta = DayRule::new(&db.get("Asia/Calcutta").unwrap(), 4);
        let paris = DayRule::new(&db.get("Europe/Paris").unwrap(), 4);
        let berlin = DayRule::new(&db.get("Europe/Berlin").unwrap(), 4);
        assert!(system.fits(&env) && env.fits(&system));
        assert!(kolkata.fits(&calcutta));
        assert!(!kolkata.fits(&env) && !env.fits(&kolkata));
        assert!(!paris.fits(&berlin), "same offsets today, not in 1945");
        assert!(!env.fits(&DayRule::new(&TimeZone::UTC, 5)));

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("stats.json");
        let marks = Marks::default();
        let mut totals = Aggregates::default();
        totals.decks.insert("d".into(), Default::default());
        for (written, read) in [(&system, &env), (&env, &system)] {
            save(&path, &totals, &marks, written, &[]).unwrap();
            assert!(load(&path, read).is_some(), "the copy");
            assert!(copy_by_deck(&path, read).is_some(), "the copy by deck");
            assert!(load(&path, &kolkata).is_none());
            std::fs::remove_file(super::super::stats_cache::path_for(&path)).unwrap();
            assert!(load(&path, read).is_some(), "the JSON");
            assert!(load(&path, &kolkata).is_none());
        }
    }
}
