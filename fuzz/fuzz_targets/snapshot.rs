//! Any bytes in progress.json either read as a snapshot or give an error with its place,
//! never a panic; a snapshot that reads writes back (format 3) to the same progress.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smriti::store::progress_file::{from_bytes, to_bytes};

fuzz_target!(|data: &[u8]| {
    if let Ok((progress, mark)) = from_bytes("progress.json", data) {
        let again = from_bytes("again.json", &to_bytes(&progress, mark)).expect("a written snapshot reads");
        // NaN stability would not compare equal; the parser never yields one from JSON.
        assert_eq!(again, (progress, mark));
    }
});
