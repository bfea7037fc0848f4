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
