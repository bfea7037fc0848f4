//! Reading the packages Anki itself made (tests/fixtures/anki/, see make_fixtures.py).

use std::path::PathBuf;

use super::*;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/anki")
        .join(name)
}

#[test]
fn every_layout_reads_the_same_collection() {
    let mut seen = Vec::new();
    for name in [
        "upsc.apkg",
        "upsc-legacy.apkg",
        "upsc-anki2.apkg",
        "upsc.colpkg",
    ] {
        let col = read(&fixture(name), &mut |_, _| {}).unwrap();
        let mut guids: Vec<_> = col.notes.iter().map(|n| n.guid.clone()).collect();
        guids.sort();
        seen.push((name, col.schema, guids, col.cards.len()));
    }
    assert_eq!(seen[0].1, 18);
    assert_eq!(seen[1].1, 11);
    for s in &seen[1..] {
        assert_eq!(s.2, seen[0].2, "{}", s.0);
        assert_eq!(s.3, seen[0].3, "{}", s.0);
    }
}

/// What Anki reported when it made the fixtures (make_fixtures.py writes it).
fn expected() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(fixture("expected.json")).unwrap()).unwrap()
}

#[test]
fn notes_cards_and_decks_match_what_anki_reported() {
    use crate::domain::anki::convert::convert;
    use crate::domain::deck::{CardBody, Side};
    let exp = expected();
    let cards = exp["cards"].as_array().unwrap();
    let mut guids: Vec<&str> = cards.iter().map(|c| c["guid"].as_str().unwrap()).collect();
    guids.sort();
    guids.dedup();
    for name in [
        "upsc.apkg",
        "upsc-legacy.apkg",
        "upsc-anki2.apkg",
        "upsc.colpkg",
    ] {
        let col = read(&fixture(name), &mut |_, _| {}).unwrap();
        assert_eq!(col.cards.len(), cards.len(), "{name}");
        assert_eq!(
            col.revlog.len(),
            exp["revlog"].as_array().unwrap().len(),
            "{name}"
        );
        let c = convert(&col, name);
        assert_eq!(c.report.notes, guids.len(), "{name}");
        assert!(
            c.report.skipped.is_empty(),
            "{name}: {:?}",
            c.report.skipped
        );
        // Every Anki card has its item (none dropped), in the deck Anki had it in.
        assert_eq!(c.items.len(), cards.len(), "{name}");
        let titles: Vec<&str> = c.decks.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(
            titles,
            ["UPSC::Economy", "UPSC::History", "UPSC::Polity::Basics"],
            "{name}"
        );
        for card in cards {
            let (deck, key) = &c.items[&card["id"].as_i64().unwrap()];
            let d = c.decks.iter().find(|d| &d.id == deck).unwrap();
            assert_eq!(d.title, card["deck"].as_str().unwrap());
            let expected_side = match (card["notetype"].as_str().unwrap(), card["ord"].as_i64()) {
                ("Cloze", Some(0)) => Side::Cloze(1),
                // c2 is the second deletion of the Preamble note.
                ("Cloze", Some(1)) => Side::Cloze(2),
                (_, Some(1)) => Side::Reverse,
                _ => Side::Forward,
            };
            assert_eq!(key.side, expected_side, "{card}");
        }
        let all: Vec<_> = c.decks.iter().flat_map(|d| &d.cards).collect();
        let find = |start: &str| {
            all.iter()
                .find(|c| match &c.body {
                    CardBody::Basic { front, .. } => front.starts_with(start),
                    CardBody::Typed { question, .. } => question.starts_with(start),
                    _ => false,
                })
                .unwrap()
        };
        assert_eq!(
            find("Who presides").body,
            CardBody::Basic {
                front: "Who presides over the Rajya Sabha?".into(),
                back: "The Vice President of India".into(),
                reverse: false,
                distractors: vec![]
            }
        );
        assert!(matches!(&find("Article 21").body,
            CardBody::Basic { back, .. } if back == "• life\n• personal liberty"));
        assert!(matches!(
            &find("Founder").body,
            CardBody::Basic { reverse: true, .. }
        ));
        assert!(matches!(
            &find("Capital").body,
            CardBody::Basic { reverse: false, .. }
        ));
        assert!(matches!(&find("Body that").body,
            CardBody::Typed { answers, .. } if answers == &["RBI".to_owned()]));
        assert_eq!(find("Who presides").tags, ["parliament", "polity"]);
        let vocab = c
            .report
            .types
            .iter()
            .find(|t| t.name == "UPSC Vocabulary")
            .unwrap();
        assert!(vocab.guessed);
        assert!(
            c.report
                .types
                .iter()
                .filter(|t| t.name != "UPSC Vocabulary")
                .all(|t| !t.guessed)
        );
    }
}

/// Writes a zip of `entries` (name, bytes) and returns its path in `dir`.
fn zip_of(dir: &std::path::Path, entries: &[(&str, &[u8])]) -> PathBuf {
    use std::io::Write;
    let path = dir.join("p.apkg");
    let mut z = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        z.start_file(*name, opts).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap();
    path
}

/// The legacy fixture's collection (schema 11), changed by `sql` first.
fn legacy_collection(sql: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let bytes = {
        let mut zip =
            zip::ZipArchive::new(std::fs::File::open(fixture("upsc-legacy.apkg")).unwrap())
                .unwrap();
        let mut e = zip.by_name("collection.anki21").unwrap();
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut e, &mut v).unwrap();
        v
    };
    let db = dir.path().join("c.db");
    std::fs::write(&db, bytes).unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(sql).unwrap();
    drop(conn);
    std::fs::read(&db).unwrap()
}

fn err(path: &std::path::Path) -> String {
    read(path, &mut |_, _| {}).unwrap_err().to_string()
}

#[test]
fn bad_packages_get_a_clear_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    // Not a zip at all, and a zip cut short.
    let junk = dir.path().join("junk.apkg");
    std::fs::write(&junk, b"this is not a zip file").unwrap();
    assert!(
        err(&junk).contains("junk.apkg: not an Anki package"),
        "{}",
        err(&junk)
    );
    let whole = std::fs::read(fixture("upsc.apkg")).unwrap();
    let cut = dir.path().join("cut.apkg");
    std::fs::write(&cut, &whole[..whole.len() / 2]).unwrap();
    assert!(
        err(&cut).contains("cut.apkg: not an Anki package"),
        "{}",
        err(&cut)
    );
    // A name that climbs out of the folder.
    let p = zip_of(
        dir.path(),
        &[("../../evil", b"x"), ("collection.anki2", b"")],
    );
    assert!(err(&p).contains("unsafe name"), "{}", err(&p));
    // No collection in it.
    let p = zip_of(dir.path(), &[("media", b"{}")]);
    assert!(err(&p).contains("holds no Anki collection"), "{}", err(&p));
    // A package format from the future.
    let p = zip_of(
        dir.path(),
        &[("meta", &[0x08, 0x09]), ("collection.anki21b", b"")],
    );
    assert!(err(&p).contains("package format 9 is newer"), "{}", err(&p));
    // SQLite, but not Anki's; garbage where SQLite should be.
    let other = {
        let f = dir.path().join("other.db");
        let c = rusqlite::Connection::open(&f).unwrap();
        c.execute_batch("create table people (name text); insert into people values ('x');")
            .unwrap();
        drop(c);
        std::fs::read(&f).unwrap()
    };
    let p = zip_of(dir.path(), &[("collection.anki21", &other)]);
    assert!(
        err(&p).contains("is not an Anki collection: it has no `col` table"),
        "{}",
        err(&p)
    );
    let p = zip_of(
        dir.path(),
        &[("collection.anki21", b"garbage garbage garbage")],
    );
    assert!(
        err(&p).contains("collection.anki21 is not an Anki collection"),
        "{}",
        err(&p)
    );
    // A schema newer than known.
    let newer = legacy_collection("update col set ver = 19");
    let p = zip_of(dir.path(), &[("collection.anki21", &newer)]);
    assert!(
        err(&p).contains("collection schema 19 is newer"),
        "{}",
        err(&p)
    );
    // A corrupt zstd stream.
    let p = zip_of(
        dir.path(),
        &[("meta", &[0x08, 0x03]), ("collection.anki21b", b"not zstd")],
    );
    assert!(
        err(&p).contains("collection.anki21b is damaged"),
        "{}",
        err(&p)
    );
}

#[test]
fn a_zip_bomb_stops_at_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    let zeros = vec![0u8; 3 * 1024 * 1024];
    let p = zip_of(dir.path(), &[("collection.anki21", &zeros)]);
    // Three MiB of zeros deflate to a few KiB; a 1 MiB cap refuses it before SQLite sees it.
    assert!(std::fs::metadata(&p).unwrap().len() < 64 * 1024);
    let e = read_capped(&p, 1024 * 1024, &mut |_, _| {})
        .unwrap_err()
        .to_string();
    assert!(e.contains("would inflate to more than 1 MiB"), "{e}");
}

#[test]
fn revlog_rows_for_missing_cards_and_empty_collections_are_harmless() {
    use crate::domain::anki::convert::convert;
    let dir = tempfile::tempdir().unwrap();
    let orphan = legacy_collection(
        "insert into revlog values (1700000000000, 424242, -1, 3, 1, 0, 0, 5000, 1)",
    );
    let p = zip_of(dir.path(), &[("collection.anki21", &orphan)]);
    let col = read(&p, &mut |_, _| {}).unwrap();
    assert!(col.revlog.iter().any(|r| r.card == 424242));
    let c = convert(&col, "p.apkg");
    assert!(!c.items.contains_key(&424242));
    let empty = legacy_collection("delete from notes; delete from cards; delete from revlog");
    let p = zip_of(dir.path(), &[("collection.anki21", &empty)]);
    let col = read(&p, &mut |_, _| {}).unwrap();
    assert!(col.notes.is_empty());
    assert!(convert(&col, "p.apkg").decks.is_empty());
}

#[test]
fn history_keeps_anki_due_days_and_memory_states() {
    use crate::domain::anki::{convert::convert, history};
    use crate::domain::progress::{Event, Mode, Progress};
    use crate::domain::scheduler::{Params, Phase};
    use crate::domain::time::{StudyDay, day_start};
    use jiff::tz::TimeZone;
    use std::collections::HashSet;
    let exp = expected();
    let tz = TimeZone::UTC;
    let day_of = |t| StudyDay::containing(t, &tz, 4).date;
    let start = |d| day_start(d, &tz, 4);
    for name in ["upsc.apkg", "upsc-legacy.apkg", "upsc.colpkg"] {
        let col = read(&fixture(name), &mut |_, _| {}).unwrap();
        let c = convert(&col, name);
        let params = Params::default();
        let none = HashSet::new();
        let input = history::Input {
            items: &c.items,
            params: &params,
            current: &|_, _| None,
            seen: &none,
            touched: &HashSet::new(),
            day_start: &start,
            day_of: &day_of,
            first_seq: 1,
        };
        let h = history::convert(&col, &input);
        let answers = exp["revlog"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["ease"].as_i64() != Some(0))
            .count();
        assert_eq!(h.report.reviews, answers, "{name}");
        assert_eq!(h.report.manual, 1, "{name}: the set-due-date row");
        // In time order, numbered from 1, every one marked imported.
        assert!(h.events.windows(2).all(|w| w[0].at() <= w[1].at()));
        assert!(
            h.events
                .iter()
                .enumerate()
                .all(|(i, e)| e.seq() == i as u64 + 1)
        );
        assert!(h.events.iter().all(|e| matches!(
            e,
            Event::Review {
                mode: Mode::Imported,
                ..
            } | Event::Suspend { on: true, .. }
        )));
        // The card suspended in Anki is suspended here, after its last answer.
        assert_eq!(h.report.suspended, 1);
        let vocab = exp["cards"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["queue"].as_i64() == Some(-1))
            .unwrap();
        let (vdeck, vkey) = &c.items[&vocab["id"].as_i64().unwrap()];
        let mut progress = Progress::default();
        for e in &h.events {
            progress.apply(e, &day_of);
        }
        // Anki's day 0 is the collection's creation day; "today" was its day `today`.
        let day0 = day_of(jiff::Timestamp::from_second(exp["crt"].as_i64().unwrap()).unwrap());
        for card in exp["cards"].as_array().unwrap() {
            let (deck, key) = &c.items[&card["id"].as_i64().unwrap()];
            let state = progress.deck(deck).and_then(|d| d.items.get(key));
            if card["type"].as_i64() == Some(0) {
                assert!(state.is_none(), "{card}");
                continue;
            }
            let s = state.unwrap_or_else(|| panic!("{name}: no state for {card}"));
            let due = card["due"].as_i64().unwrap();
            if card["type"].as_i64() == Some(2) {
                let anki_day = day0.checked_add(jiff::Span::new().days(due)).unwrap();
                assert_eq!(day_of(s.due), anki_day, "{name}: {card}");
                assert_eq!(s.phase, Phase::Review);
            } else {
                assert_eq!(s.due.as_second(), due, "{name}: {card}");
                assert_eq!(s.phase, Phase::Relearning);
            }
            let anki_s = card["stability"].as_f64().unwrap();
            assert!(
                (s.stability / anki_s - 1.0).abs() < 0.01,
                "{name}: {s:?} vs {card}"
            );
            let anki_d = card["difficulty"].as_f64().unwrap();
            assert!(
                (s.difficulty / anki_d - 1.0).abs() < 0.01,
                "{name}: {s:?} vs {card}"
            );
            assert_eq!(s.reps, card["reps"].as_u64().unwrap() as u32);
            assert_eq!(s.lapses, card["lapses"].as_u64().unwrap() as u32);
        }
        // A second import of the same package adds nothing.
        let seen: HashSet<history::Seen> = h
            .events
            .iter()
            .filter_map(|e| match e {
                Event::Review { deck, card, at, .. } => {
                    Some((deck.clone(), card.clone(), at.as_millisecond()))
                }
                _ => None,
            })
            .collect();
        assert!(progress.decks[vdeck].is_suspended(&vkey.card, vkey.side));
        let touched: HashSet<(crate::domain::ids::DeckId, String)> = h
            .events
            .iter()
            .filter_map(|e| match e {
                Event::Suspend { deck, card, .. } => Some((deck.clone(), card.clone())),
                _ => None,
            })
            .collect();
        let again = history::convert(
            &col,
            &history::Input {
                seen: &seen,
                touched: &touched,
                ..input
            },
        );
        assert!(again.events.is_empty(), "{name}");
        assert_eq!(again.report.already, answers);
    }
}

#[test]
fn without_anki_memory_states_the_history_is_replayed_as_anki_would() {
    use crate::domain::anki::{convert::convert, history};
    use crate::domain::progress::Progress;
    use crate::domain::scheduler::Params;
    use crate::domain::time::{StudyDay, day_start};
    use jiff::tz::TimeZone;
    use std::collections::HashSet;
    let exp = expected();
    let dir = tempfile::tempdir().unwrap();
    // The same collection with Anki's FSRS states wiped, as from a preset with FSRS off.
    let bytes = legacy_collection("update cards set data = '{}'");
    let p = zip_of(dir.path(), &[("collection.anki21", &bytes)]);
    let col = read(&p, &mut |_, _| {}).unwrap();
    assert!(col.cards.iter().all(|c| c.memory.is_none()));
    let c = convert(&col, "p.apkg");
    let tz = TimeZone::UTC;
    let day_of = |t| StudyDay::containing(t, &tz, 4).date;
    let start = |d| day_start(d, &tz, 4);
    let params = Params::default();
    let none = HashSet::new();
    let h = history::convert(
        &col,
        &history::Input {
            items: &c.items,
            params: &params,
            current: &|_, _| None,
            seen: &none,
            touched: &HashSet::new(),
            day_start: &start,
            day_of: &day_of,
            first_seq: 1,
        },
    );
    assert_eq!(h.report.memory_from_anki, 0);
    let mut progress = Progress::default();
    for e in &h.events {
        progress.apply(e, &day_of);
    }
    let mut worst: f64 = 0.0;
    for card in exp["cards"].as_array().unwrap() {
        let Some(anki_s) = card["stability"].as_f64() else {
            continue;
        };
        let (deck, key) = &c.items[&card["id"].as_i64().unwrap()];
        let s = &progress.deck(deck).unwrap().items[key];
        // Difficulty follows Anki's exactly.
        let anki_d = card["difficulty"].as_f64().unwrap();
        assert!(
            (s.difficulty / anki_d - 1.0).abs() < 0.001,
            "{s:?} vs {card}"
        );
        worst = worst.max((s.stability / anki_s - 1.0).abs());
    }
    // Replayed by study day as Anki counts days, every card is within 0.02% of Anki's own
    // state (measured: 0.013% at worst, the f32 Anki stores).
    assert!(worst < 0.01, "worst {worst}");
}

#[test]
fn an_imported_history_is_saved_in_one_batch_and_survives_a_rebuild() {
    use crate::domain::anki::{convert::convert, history};
    use crate::domain::time::day_start;
    use jiff::tz::TimeZone;
    use std::collections::HashSet;
    let dir = tempfile::tempdir().unwrap();
    let tz = TimeZone::UTC;
    let col = read(&fixture("upsc.apkg"), &mut |_, _| {}).unwrap();
    let c = convert(&col, "upsc.apkg");
    let opened = crate::store::open(dir.path(), &crate::store::device::for_tests(), &tz).unwrap();
    let crate::store::Opened {
        mut saves,
        mut progress,
        settings,
        ..
    } = opened;
    let day_of = crate::store::day_fn(&tz, settings.rollover_hour);
    let start = |d| day_start(d, &tz, settings.rollover_hour);
    let none = HashSet::new();
    let h = history::convert(
        &col,
        &history::Input {
            items: &c.items,
            params: &settings.params,
            current: &|_, _| None,
            seen: &none,
            touched: &HashSet::new(),
            day_start: &start,
            day_of: &day_of,
            first_seq: progress.next_seq(),
        },
    );
    saves.record_all(&h.events).unwrap();
    for e in &h.events {
        progress.apply(e, &day_of);
    }
    saves.snapshot(&progress).unwrap();
    let log_path = saves.log_path().to_owned();
    drop(saves);
    let log = std::fs::read_to_string(&log_path).unwrap();
    assert_eq!(log.lines().count(), h.events.len());
    assert!(
        log.lines()
            .filter(|l| l.contains(r#""kind":"review""#))
            .all(|l| l.contains(r#""mode":"imported""#))
    );
    assert_eq!(log.matches(r#""kind":"suspend""#).count(), 1);
    // Opening again reads the same progress; a rebuild replays the log and keeps every
    // imported state (Anki's due days), where a replay would have moved them.
    let again = crate::store::open(dir.path(), &crate::store::device::for_tests(), &tz).unwrap();
    assert_eq!(again.progress.decks, progress.decks);
    drop(again);
    let now = jiff::Timestamp::from_second(1_780_000_000).unwrap();
    crate::store::rebuild_snapshot(dir.path(), &crate::store::device::for_tests(), &tz, now)
        .unwrap();
    let rebuilt = crate::store::open(dir.path(), &crate::store::device::for_tests(), &tz).unwrap();
    for (deck, dp) in &progress.decks {
        for (key, s) in &dp.items {
            assert_eq!(
                rebuilt.progress.decks[deck].items[&key].due, s.due,
                "{deck}/{key}"
            );
        }
    }
}

#[test]
fn anki_fsrs_settings_are_read_from_the_cards_preset() {
    use crate::domain::anki::{convert::convert, history::anki_fsrs};
    // The fixtures: FSRS on, the Default preset unoptimised, desired retention 90%.
    let col = read(&fixture("upsc.apkg"), &mut |_, _| {}).unwrap();
    let c = convert(&col, "upsc.apkg");
    let f = anki_fsrs(&col, &c.items).unwrap();
    assert_eq!(f.preset, "Default");
    assert_eq!(f.desired_retention, Some(0.9));
    assert_eq!(f.weights, None);
    // Optimised parameters and another retention, as a legacy package carries them.
    let w: Vec<String> = (0..21)
        .map(|i| format!("{}", 0.1 + f64::from(i) / 10.0))
        .collect();
    let bytes = legacy_collection(&format!(
        "update col set dconf = json_set(dconf, '$.1.fsrsParams6', json('[{}]'), '$.1.desiredRetention', 0.85)",
        w.join(",")
    ));
    let dir = tempfile::tempdir().unwrap();
    let p = zip_of(dir.path(), &[("collection.anki21", &bytes)]);
    let col = read(&p, &mut |_, _| {}).unwrap();
    let c = convert(&col, "p.apkg");
    let f = anki_fsrs(&col, &c.items).unwrap();
    assert_eq!(f.desired_retention, Some(0.85));
    let weights = f.weights.unwrap();
    assert!((weights[20] - 2.1).abs() < 1e-6, "{weights:?}");
    // FSRS off in Anki (no memory states): nothing to take.
    let off = legacy_collection("update cards set data = '{}'");
    let p = zip_of(dir.path(), &[("collection.anki21", &off)]);
    let col = read(&p, &mut |_, _| {}).unwrap();
    assert_eq!(anki_fsrs(&col, &convert(&col, "p.apkg").items), None);
}

#[test]
fn the_deck_list_counts_what_ankis_deck_list_showed_that_day() {
    use crate::domain::anki::{convert::convert, history};
    use crate::domain::progress::Progress;
    use crate::domain::session::{Counts, deck_counts};
    use crate::domain::settings::Settings;
    use crate::domain::time::{StudyDay, day_start};
    use jiff::tz::TimeZone;
    use std::collections::{HashMap, HashSet};
    let exp = expected();
    let tz = TimeZone::UTC;
    let day_of = |t| StudyDay::containing(t, &tz, 4).date;
    let start = |d| day_start(d, &tz, 4);
    // The moment make_fixtures.py asked Anki for its deck list.
    let now: jiff::Timestamp = "2026-03-10T10:00:00Z".parse().unwrap();
    let day = StudyDay::containing(now, &tz, 4);
    let settings = Settings::default();
    for name in [
        "upsc.apkg",
        "upsc-legacy.apkg",
        "upsc-anki2.apkg",
        "upsc.colpkg",
    ] {
        let col = read(&fixture(name), &mut |_, _| {}).unwrap();
        let c = convert(&col, name);
        let h = history::convert(
            &col,
            &history::Input {
                items: &c.items,
                params: &settings.params,
                current: &|_, _| None,
                seen: &HashSet::new(),
                touched: &HashSet::new(),
                day_start: &start,
                day_of: &day_of,
                first_seq: 1,
            },
        );
        let mut progress = Progress::default();
        for e in &h.events {
            progress.apply(e, &day_of);
        }
        // Each smriti deck's counts, under the Anki deck's name, with the items smriti made
        // that Anki had no card for (a cloze number shared by two deletions: the second is a
        // card of its own, new in smriti).
        let mut anki_cards: HashMap<&str, usize> = HashMap::new();
        for (deck, _) in c.items.values() {
            *anki_cards.entry(deck.as_ref()).or_default() += 1;
        }
        let ours: Vec<(String, Counts, usize)> = c
            .decks
            .iter()
            .map(|d| {
                let o = d.outline();
                let counts = deck_counts(&o, progress.deck(&d.id), &day, settings.limits);
                let extra = o.item_count() - anki_cards[d.id.as_ref()];
                (d.title.clone(), counts, extra)
            })
            .collect();
        let mut compared = 0;
        for deck in exp["decks"].as_array().unwrap() {
            let anki = deck["name"].as_str().unwrap();
            // A parent deck (UPSC, UPSC::Polity) counts its children's cards, as Anki's does.
            let (mut new, mut learn, mut due, mut extra) = (0, 0, 0, 0);
            for (title, counts, x) in &ours {
                if title == anki || title.starts_with(&format!("{anki}::")) {
                    (new, learn, due, extra) = (
                        new + counts.new,
                        learn + counts.learning,
                        due + counts.due,
                        extra + x,
                    );
                }
            }
            let n = |k: &str| usize::try_from(deck[k].as_u64().unwrap()).unwrap();
            assert_eq!(
                (new, learn, due),
                (n("new") + extra, n("learn"), n("review")),
                "{name}: {anki}"
            );
            compared += 1;
        }
        assert_eq!(compared, 5, "{name}");
        // The one shared cloze number is in UPSC::Polity::Basics, whose Anki counts are 1 new,
        // 1 learning and 3 due: both deletions of the Preamble note are due today.
        let basics = ours.iter().find(|o| o.0 == "UPSC::Polity::Basics").unwrap();
        assert_eq!(
            (basics.1, basics.2),
            (
                Counts {
                    new: 2,
                    learning: 1,
                    due: 3
                },
                1
            ),
            "{name}"
        );
    }
}
