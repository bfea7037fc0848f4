//! Any bytes as an Anki package (`.apkg`): the zip layer when they look like a zip, else the
//! collection layer (the bytes as `collection.anki21` inside a zip made here, for SQLite to
//! open). Reading, converting and turning the history into events never panics, and every
//! converted deck writes as JSON that reads back.
#![no_main]

use std::collections::{HashMap, HashSet};
use std::io::Write;

use libfuzzer_sys::fuzz_target;
use smriti::domain::anki::{convert, history};
use smriti::domain::scheduler::Params;
use smriti::domain::time::{StudyDay, day_start};
use smriti::store::{anki, deck_file, deck_write};

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir_in("/dev/shm").or_else(|_| tempfile::tempdir()).expect("temp dir");
    let path = dir.path().join("p.apkg");
    if data.starts_with(b"PK") {
        std::fs::write(&path, data).expect("write");
    } else {
        let mut z = zip::ZipWriter::new(std::fs::File::create(&path).expect("create"));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        z.start_file("collection.anki21", opts).expect("entry");
        z.write_all(data).expect("bytes");
        z.finish().expect("finish");
    }
    let Ok(col) = anki::read(&path, &mut |_, _| {}) else {
        return;
    };
    let c = convert::convert(&col, "p.apkg");
    for deck in &c.decks {
        let json = deck_write::to_json(deck, None);
        // Text from strangers may still be refused by the deck checks (an empty answer),
        // but never panics them.
        let _ = deck_file::parse("p.json", &json);
    }
    let tz = jiff::tz::TimeZone::UTC;
    let day_of = |t| StudyDay::containing(t, &tz, 4).date;
    let start = |d| day_start(d, &tz, 4);
    let params = Params::default();
    let seen = HashSet::new();
    let items: HashMap<_, _> = c.items.clone();
    let h = history::convert(
        &col,
        &history::Input {
            items: &items,
            params: &params,
            current: &|_, _| None,
            seen: &seen,
            touched: &HashSet::new(),
            day_start: &start,
            day_of: &day_of,
            first_seq: 1,
        },
    );
    assert!(h.events.windows(2).all(|w| w[0].at() <= w[1].at()));
});
