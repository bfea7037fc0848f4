//! Tests of the deck index (`store::deck_index`) and its binary copy.

use super::*;

#[test]
fn an_index_claiming_more_than_its_file_can_hold_is_not_believed() {
    let saves = tempfile::tempdir().unwrap();
    let deck = saves.path().join("d.json");
    std::fs::write(&deck, vec![b' '; 400]).unwrap();
    let stamp = Stamp::of(&deck).unwrap();
    let entry = |cards: Vec<(String, SidesCode)>| {
        let asks = "c".repeat(cards.len());
        serde_json::json!({
            "path": deck, "size": stamp.size, "modified_ns": stamp.modified_ns,
            "id": "d", "title": "D", "description": "", "tags": [], "cards": cards,
            "asks": asks,
        })
    };
    let write = |cards| {
        let file = serde_json::json!({"format": FORMAT, "decks": [entry(cards)]});
        std::fs::write(
            crate::store::SavesLayout::new(saves.path()).deck_index(),
            file.to_string(),
        )
        .unwrap();
        DeckIndex::load(saves.path())
    };
    let two = vec![
        ("a".to_owned(), SidesCode(Sides::Forward)),
        ("b".to_owned(), SidesCode(Sides::Both)),
    ];
    let index = write(two.clone());
    assert!(index.get(&deck, stamp).is_some() && !index.is_changed());
    // 1.3 million cards in 400 bytes, a repeated id, a bad id, an absurd cloze: each makes
    // the entry go, so that the file is read again.
    let many: Vec<_> = (0..1_300_000)
        .map(|i| (format!("c{i}"), SidesCode(Sides::Forward)))
        .collect();
    let mut twice = two.clone();
    twice.push(("a".into(), SidesCode(Sides::Forward)));
    for cards in [
        many,
        twice,
        vec![("../x".into(), SidesCode(Sides::Forward))],
        vec![("a".into(), SidesCode(Sides::Cloze(60_000)))],
    ] {
        let index = write(cards);
        assert!(index.get(&deck, stamp).is_none());
        assert!(index.is_changed());
    }
    // How the cards are asked, for another number of cards or in unknown letters: not
    // believed.
    for asks in ["c", "ccc", "cx"] {
        let mut e = entry(two.clone());
        e["asks"] = asks.into();
        let file = serde_json::json!({"format": FORMAT, "decks": [e]});
        std::fs::write(
            crate::store::SavesLayout::new(saves.path()).deck_index(),
            file.to_string(),
        )
        .unwrap();
        assert!(
            DeckIndex::load(saves.path()).get(&deck, stamp).is_none(),
            "{asks}"
        );
    }
    // Card tags naming a card the entry does not have, or a card twice: not believed.
    for card_tags in [
        serde_json::json!([["t", [0, 2]]]),
        serde_json::json!([["t", [1, 1]]]),
        serde_json::json!([["", [0]]]),
    ] {
        let mut e = entry(two.clone());
        e["card_tags"] = card_tags;
        let file = serde_json::json!({"format": FORMAT, "decks": [e]});
        std::fs::write(
            crate::store::SavesLayout::new(saves.path()).deck_index(),
            file.to_string(),
        )
        .unwrap();
        let index = DeckIndex::load(saves.path());
        assert!(index.get(&deck, stamp).is_none());
    }
}

fn deck() -> Deck {
    crate::store::deck_file::parse(
        "d.json",
        r#"{"format": 1, "id": "d", "title": "D", "description": "about", "tags": ["t"],
            "cards": [
              {"id": "a", "kind": "basic", "front": "f", "back": "b", "tags": ["y", "x"]},
              {"id": "b", "kind": "basic", "front": "f2", "back": "b2", "reverse": true, "group": "shared-fact"},
              {"id": "c", "kind": "cloze", "text": "{{x}} and {{y}}", "tags": ["x"]}
            ]}"#,
    )
    .unwrap()
}

#[test]
fn an_entry_gives_back_the_header_and_outline_and_survives_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = deck();
    let stamp = Stamp {
        size: 1000,
        modified_ns: 20,
    };
    let mut index = DeckIndex::load(dir.path());
    assert!(!index.is_changed());
    index.put(Entry::of(Path::new("/x/d.json"), stamp, &d));
    assert!(index.is_changed());
    index.save(dir.path()).unwrap();
    let text =
        std::fs::read_to_string(crate::store::SavesLayout::new(dir.path()).deck_index()).unwrap();
    assert!(
        text.contains(r#""cards":[["a","f"],["b","fr"],["c","c2"]]"#),
        "{text}"
    );
    assert!(
        text.contains(r#""card_tags":[["x",[0,2]],["y",[0]]]"#),
        "each card tag with its cards, for the statistics: {text}"
    );
    assert!(
        text.contains(r#""group_names":[["shared-fact",[1]]]"#),
        "a group of one card is kept by name: another deck may have the rest: {text}"
    );

    let index = DeckIndex::load(dir.path());
    assert!(!index.is_changed());
    let e = index.get(Path::new("/x/d.json"), stamp).unwrap();
    let (header, outline) = e.to_deck();
    let mut want = d.outline();
    want.asked = crate::domain::mock_draw::asked(&d);
    assert_eq!(*outline, want);
    assert_eq!(outline.asked.len(), 3, "how each card is asked is kept");
    assert_eq!(
        (header.id, header.title, header.description, header.tags),
        ("d".into(), "D".into(), "about".into(), vec!["t".to_owned()])
    );
    assert!(header.cards.is_empty());
    // Another size or time: not this file any more.
    let other = Stamp {
        modified_ns: 21,
        ..stamp
    };
    assert!(index.get(Path::new("/x/d.json"), other).is_none());
}

#[test]
fn the_binary_copy_reads_as_the_json_and_is_written_when_missing() {
    let dir = tempfile::tempdir().unwrap();
    let json = crate::store::SavesLayout::new(dir.path()).deck_index();
    let copy = cache::path_for(&json);
    let mut index = DeckIndex::load(dir.path());
    for (i, p) in ["/x/d.json", "/x/e.json", "/y/d.json"].iter().enumerate() {
        let stamp = Stamp {
            size: 1000 + i as u64,
            modified_ns: 7,
        };
        index.put(Entry::of(Path::new(p), stamp, &deck()));
    }
    index.save(dir.path()).unwrap();
    assert!(copy.exists(), "written right after the JSON");
    let from_copy = DeckIndex::load(dir.path());
    assert!(!from_copy.is_changed() && from_copy.no_copy.is_none());
    std::fs::remove_file(&copy).unwrap();
    let mut from_json = DeckIndex::load(dir.path());
    assert_eq!(from_copy.entries, from_json.entries);
    assert!(!from_json.is_changed() && from_json.no_copy.is_some());
    // Unchanged, but the copy was missing: the save writes the copy alone.
    let text = std::fs::read(&json).unwrap();
    from_json.save(dir.path()).unwrap();
    assert_eq!(std::fs::read(&json).unwrap(), text);
    assert_eq!(
        DeckIndex::load(dir.path()).no_copy,
        None,
        "the copy is read"
    );
    // A damaged copy, or a JSON written since: the JSON is read.
    let good = std::fs::read(&copy).unwrap();
    let mut bad = good.clone();
    let last = bad.len() - 1;
    bad[last] ^= 1;
    std::fs::write(&copy, &bad).unwrap();
    let index = DeckIndex::load(dir.path());
    assert!(index.no_copy.is_some());
    assert_eq!(index.entries, from_copy.entries);
    std::fs::write(&copy, &good).unwrap();
    let mut index = DeckIndex::load(dir.path());
    index.forget_missing(Path::new("/y"), &[]);
    let mut stale = DeckIndex::load(dir.path());
    index.save(dir.path()).unwrap();
    let now = DeckIndex::load(dir.path());
    assert_eq!(now.entries.len(), 2);
    // A process that read the old JSON (no copy) does not write a copy of it over the new.
    stale.no_copy = Some((text.len() as u64, text[..100].to_vec(), None));
    stale.save(dir.path()).unwrap();
    assert_eq!(DeckIndex::load(dir.path()).entries, now.entries);
}

#[test]
fn the_letters_without_the_pool_are_the_pools_verdicts() {
    use crate::domain::mock_draw::{asked, asked_by_pool};
    use crate::domain::outline::Asked;
    use rand::{RngExt, SeedableRng};
    for (name, text) in crate::store::decks::built_in() {
        let d = crate::store::deck_file::parse(name, text).unwrap();
        assert_eq!(asked(&d), asked_by_pool(&d), "{name}");
    }
    // Generated decks: free-text answers of random words, alone (no pool needed) and
    // with years, places, people and hand-written wrong options among them.
    let words = [
        "treaty",
        "Mumbai",
        "port",
        "semiconductor",
        "Shinkansen",
        "dialogue",
        "grant",
        "yen",
        "corridor",
        "Kerala",
        "summit",
        "crore",
        "Abe",
        "of",
        "the",
    ];
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    for (g, mixed) in [(0, false), (1, true), (2, true), (3, false)] {
        let cards: Vec<serde_json::Value> = (0..120)
            .map(|i| {
                let n = rng.random_range(3..9);
                let back: Vec<&str> = (0..n)
                    .map(|_| words[rng.random_range(0..words.len())])
                    .collect();
                let back = match (mixed, i % 5) {
                    (true, 1) => format!("{}", 1900 + rng.random_range(0..120)),
                    (true, 2) => ["Assam", "Kerala", "Goa", "Bihar"][i % 4].to_owned(),
                    (true, 3) => ["Shinzo Abe", "Narendra Modi", "Fumio Kishida"][i % 3].into(),
                    _ => back.join(" "),
                };
                let mut c = serde_json::json!({"id": format!("c{i}"), "kind": "basic",
                    "front": format!("What about thing {i}?"), "back": back});
                if mixed && i % 7 == 0 {
                    c["distractors"] = serde_json::json!(["one", "two", "three"]);
                }
                c
            })
            .collect();
        let text = serde_json::json!({"format": 1, "id": format!("g{g}"), "title": "G", "description": "", "tags": [],
            "cards": cards})
        .to_string();
        let d = crate::store::deck_file::parse("g.json", &text).unwrap();
        let got = asked(&d);
        assert_eq!(got, asked_by_pool(&d), "deck {g}");
        if mixed {
            assert!(got.contains(&Asked::Choice), "deck {g} asks some: {got:?}");
        }
    }
}

#[test]
fn a_damaged_index_is_rebuilt_and_missing_files_are_forgotten() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        crate::store::SavesLayout::new(dir.path()).deck_index(),
        b"{not json",
    )
    .unwrap();
    let mut index = DeckIndex::load(dir.path());
    assert!(index.is_changed(), "rewritten at the next save");
    let stamp = Stamp {
        size: 1000,
        modified_ns: 1,
    };
    index.put(Entry::of(Path::new("/x/d.json"), stamp, &deck()));
    index.put(Entry::of(Path::new("/y/d.json"), stamp, &deck()));
    index.save(dir.path()).unwrap();
    let mut index = DeckIndex::load(dir.path());
    index.forget_missing(Path::new("/x"), &[]);
    assert!(index.is_changed());
    assert!(index.get(Path::new("/x/d.json"), stamp).is_none());
    assert!(
        index.get(Path::new("/y/d.json"), stamp).is_some(),
        "another folder's decks stay"
    );
}

#[test]
fn outlines_are_read_from_the_copy_only_when_wanted() {
    let dir = tempfile::tempdir().unwrap();
    let mut index = DeckIndex::load(dir.path());
    let stamp = Stamp {
        size: 1000,
        modified_ns: 3,
    };
    index.put(Entry::of(Path::new("/x/d.json"), stamp, &deck()));
    index.save(dir.path()).unwrap();
    let index = DeckIndex::load(dir.path());
    assert!(index.no_copy.is_none(), "read from the copy");
    let e = index.get(Path::new("/x/d.json"), stamp).unwrap();
    assert!(!e.outline.is_made());
    // The deck list's needs, without the outline.
    assert_eq!((e.outline.card_count(), e.outline.grouped()), (3, true));
    assert_eq!(e.outline.fingerprint(), deck().outline().fingerprint());
    assert!(!e.outline.is_made());
    let mut want = deck().outline();
    want.asked = crate::domain::mock_draw::asked(&deck());
    // A mock test's draw: the outline without its ids (mock's), still without making it.
    let skim = crate::domain::outline::Skim {
        sides: want.cards.iter().map(|(_, s)| *s).collect(),
        tags: want.tags.clone(),
        group_names: want.group_names.clone(),
        asked: want.asked.clone(),
    };
    assert_eq!(e.outline.skim(), Some(&skim));
    assert!(!e.outline.is_made());
    let (_, lazy) = e.to_deck();
    assert_eq!(*lazy, want);
    assert_eq!(e.outline.skim(), None, "once made, the outline is read");
    assert!(e.outline.is_made(), "made once, for every clone");
}

#[test]
fn a_crafted_copy_is_not_believed_either() {
    let dir = tempfile::tempdir().unwrap();
    let saves = dir.path();
    let json = crate::store::SavesLayout::new(saves).deck_index();
    let stamp = Stamp {
        size: 400,
        modified_ns: 3,
    };
    let mut index = DeckIndex::load(saves);
    index.put(Entry::of(Path::new("/x/d.json"), stamp, &deck()));
    index.save(saves).unwrap();
    // A copy with a good checksum, made from the JSON now on disk, of entries no deck file
    // could hold (as a crafted one would be).
    let craft = |outline: Outline, size: u64| {
        let text = std::fs::read(&json).unwrap();
        let entry = Entry {
            stamp: Stamp { size, ..stamp },
            outline: LazyOutline::from(outline),
            ..Entry::of(Path::new("/x/d.json"), stamp, &deck())
        };
        let written = (
            text.len() as u64,
            crate::store::derived::prefix(&text),
            None,
        );
        cache::write(&json, written, &[&entry]).unwrap();
        let index = DeckIndex::load(saves);
        assert!(index.no_copy.is_none(), "read from the copy");
        index
    };
    let mut good = deck().outline();
    good.asked = crate::domain::mock_draw::asked(&deck());
    // More cards than the file has room for: the entry goes at once (the file is read again).
    let index = craft(good.clone(), 100);
    assert!(index.is_changed());
    assert!(
        index
            .get(Path::new("/x/d.json"), Stamp { size: 100, ..stamp })
            .is_none()
    );
    // A card id twice, a bad id, an absurd cloze, letters for another number of cards: the
    // outline is made with no cards (the deck file gives them when the deck is opened).
    let mut twice = good.clone();
    twice.cards[1].0 = "a".into();
    let mut bad_id = good.clone();
    bad_id.cards[0].0 = "../x".into();
    let mut cloze = good.clone();
    cloze.cards[2].1 = Sides::Cloze(60_000);
    let mut letters = good.clone();
    letters.asked.pop();
    for (crafted, skimmed) in [
        (twice, true),
        (bad_id, true),
        (cloze, false),
        (letters, false),
    ] {
        let index = craft(crafted, 400);
        let e = index.get(Path::new("/x/d.json"), stamp).unwrap();
        // The skim skips the ids (a test asks a card only from its deck's file); the rest
        // is checked as the outline is.
        assert_eq!(e.outline.skim().is_some(), skimmed);
        assert_eq!(e.outline.card_count(), 3, "as the header says");
        assert!(e.outline.cards.is_empty());
        assert_eq!(e.outline.id, DeckId::from("d"));
        assert_eq!(e.outline.card_count(), 0, "once made");
    }
    // The good one, for contrast.
    let index = craft(good.clone(), 400);
    assert_eq!(
        *index.get(Path::new("/x/d.json"), stamp).unwrap().outline,
        good
    );
}

#[test]
fn the_copy_gives_the_tags_names_and_fingerprint_without_the_outline() {
    use crate::domain::outline::OutlineRef;
    use crate::domain::tag_totals::fingerprint;
    let dir = tempfile::tempdir().unwrap();
    let mut index = DeckIndex::load(dir.path());
    let stamp = Stamp {
        size: 1000,
        modified_ns: 3,
    };
    index.put(Entry::of(Path::new("/x/d.json"), stamp, &deck()));
    index.save(dir.path()).unwrap();
    let index = DeckIndex::load(dir.path());
    assert!(index.no_copy.is_none(), "read from the copy");
    let e = index.get(Path::new("/x/d.json"), stamp).unwrap();
    let want = deck().outline();
    let names: Vec<String> = want.tags.iter().map(|(t, _)| t.clone()).collect();
    assert_eq!(names, ["x", "y"]);
    assert_eq!(e.outline.tag_names(), Some(&names[..]));
    // The fingerprint given, not worked out (a function that would give another).
    assert_eq!(e.outline.tags_print(|_| 0), fingerprint(&want));
    assert!(!e.outline.is_made());
    // Read from the JSON: the outline is made to know them.
    std::fs::remove_file(cache::path_for(
        &crate::store::SavesLayout::new(dir.path()).deck_index(),
    ))
    .unwrap();
    let index = DeckIndex::load(dir.path());
    let e = index.get(Path::new("/x/d.json"), stamp).unwrap();
    assert_eq!(e.outline.tag_names(), None);
    assert_eq!(
        e.outline.tags_print(crate::domain::tag_totals::fingerprint),
        fingerprint(&want)
    );
}

/// A copy of the previous format (2: no tags' names nor fingerprint in the header) is not
/// read: the JSON is, and the copy written again at the next save.
#[test]
fn a_copy_of_an_older_format_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let json = crate::store::SavesLayout::new(dir.path()).deck_index();
    let copy = cache::path_for(&json);
    let mut index = DeckIndex::load(dir.path());
    let stamp = Stamp {
        size: 1000,
        modified_ns: 3,
    };
    index.put(Entry::of(Path::new("/x/d.json"), stamp, &deck()));
    index.save(dir.path()).unwrap();
    let mut bytes = std::fs::read(&copy).unwrap();
    let at = b"smriti-deck-index-cache\n".len();
    assert_eq!(bytes[at..at + 4], (FORMAT * 1000 + 3).to_le_bytes());
    bytes[at..at + 4].copy_from_slice(&(FORMAT * 1000 + 2).to_le_bytes());
    std::fs::write(&copy, &bytes).unwrap();
    let mut old = DeckIndex::load(dir.path());
    assert!(old.no_copy.is_some(), "the JSON is read");
    let e = old.get(Path::new("/x/d.json"), stamp).unwrap();
    let mut want = deck().outline();
    want.asked = crate::domain::mock_draw::asked(&deck());
    assert_eq!(**e.outline.get(), want);
    old.save(dir.path()).unwrap();
    assert!(
        DeckIndex::load(dir.path()).no_copy.is_none(),
        "written again"
    );
}
