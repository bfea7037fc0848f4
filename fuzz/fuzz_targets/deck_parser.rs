//! Any bytes given to the deck parser (and the checker) give decks or errors, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(deck) = smriti::store::deck_file::parse_bytes("fuzz.json", data) {
        // A deck that parses also writes back and parses to the same deck.
        let text = smriti::store::deck_write::to_json(&deck, None);
        let again = smriti::store::deck_file::parse("again.json", &text).expect("a written deck parses");
        assert_eq!(again, deck);
    }
    let _ = smriti::store::check::check("fuzz.json", data, None);
});
