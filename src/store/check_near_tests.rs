//! Tests of `check_near`'s segment hashes.

use super::Prefixes;
use proptest::prelude::*;

proptest! {
    /// A segment hashes alike wherever it stands: the index finds a segment moved by the
    /// edits before it.
    #[test]
    fn a_segment_hashes_alike_wherever_it_stands(
        before in "[a-cक्ष ]{0,12}",
        segment in "[a-cक्ष 0-9]{0,12}",
        after in "[a-cक्ष ]{0,12}",
    ) {
        let whole: Vec<char> = format!("{before}{segment}{after}").chars().collect();
        let alone: Vec<char> = segment.chars().collect();
        let (from, n) = (before.chars().count(), alone.len());
        prop_assert_eq!(
            Prefixes::new(&whole).segment(from, n),
            Prefixes::new(&alone).segment(0, n)
        );
    }
}

#[test]
fn different_segments_hash_apart() {
    let chars: Vec<char> = "abcabd".chars().collect();
    let p = Prefixes::new(&chars);
    assert_eq!(p.segment(0, 2), p.segment(3, 2));
    assert_ne!(p.segment(0, 3), p.segment(3, 3));
    assert_ne!(p.segment(0, 1), p.segment(0, 2));
}
