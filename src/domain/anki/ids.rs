//! Stable smriti ids for Anki things: a card id from a note's GUID (so the same package
//! imported again merges), and a deck id from a deck's name. Pure.

/// The longest id smriti accepts.
const MAX_ID: usize = 100;

/// A card id from an Anki note GUID. GUIDs use characters smriti ids do not allow (`t=m%td~}?D`),
/// so every character but an ASCII letter, digit, `-` or `.` is written `_` and two hex digits
/// per byte: different GUIDs always give different ids, and the same GUID the same id. A GUID
/// too long for that is hashed instead (`h` and 16 hex digits of FNV-1a).
pub fn card_id(guid: &str) -> String {
    let mut id = String::with_capacity(guid.len() + 8);
    for b in guid.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'.' {
            id.push(char::from(b));
        } else {
            id.push_str(&format!("_{b:02x}"));
        }
    }
    // An id never starts with a dot (a hidden file name), nor is empty.
    if id.is_empty() || id.len() > MAX_ID || id.starts_with('.') {
        return format!("h{:016x}", fnv1a(guid.as_bytes()));
    }
    id
}

/// FNV-1a, 64 bits: a fixed, documented hash (std's `DefaultHasher` may change between
/// releases, and these ids are stored).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A deck id from an Anki deck name: each `::` part in lower case, runs of anything but ASCII
/// letters and digits as one `-`, parts joined with `.`: `UPSC::Polity::Basics` →
/// `upsc.polity.basics`. A name with no ASCII letter or digit (`इतिहास`) gets `anki-` and its
/// Anki deck id.
pub fn deck_id(name: &str, anki_id: i64) -> String {
    let parts: Vec<String> = name
        .split("::")
        .map(|part| {
            let mut s = String::new();
            for c in part.chars() {
                if c.is_ascii_alphanumeric() {
                    s.push(c.to_ascii_lowercase());
                } else if !s.ends_with('-') {
                    s.push('-');
                }
            }
            s.trim_matches('-').to_owned()
        })
        .filter(|p| !p.is_empty())
        .collect();
    let id = parts.join(".");
    if id.is_empty() || id.len() > MAX_ID - 8 {
        return format!("anki-{}", anki_id.unsigned_abs());
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_ids_keep_letters_and_escape_the_rest() {
        assert_eq!(card_id("t=m%td~}?D"), "t_3dm_25td_7e_7d_3fD");
        assert_eq!(card_id("abc-DEF.1"), "abc-DEF.1");
        assert_eq!(card_id("a_b"), "a_5fb");
        // `_` is escaped too, so no two GUIDs share an id.
        assert_ne!(card_id("a_5fb"), card_id("a_b"));
        assert_eq!(card_id(".x"), format!("h{:016x}", fnv1a(b".x")));
        assert_eq!(card_id(&"~".repeat(40)).len(), 17);
    }

    #[test]
    fn deck_ids_follow_the_hierarchy() {
        assert_eq!(deck_id("UPSC::Polity::Basics", 5), "upsc.polity.basics");
        assert_eq!(
            deck_id("GS 2 — Polity & Governance", 5),
            "gs-2-polity-governance"
        );
        assert_eq!(deck_id("इतिहास", 1_700_000_000_123), "anki-1700000000123");
        assert_eq!(deck_id("Default", 1), "default");
    }
}
