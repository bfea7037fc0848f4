use std::collections::HashMap;

use proptest::prelude::*;

use super::*;
use crate::domain::scheduler::Phase;

fn state(n: u32) -> CardState {
    CardState {
        phase: Phase::Review,
        step: None,
        stability: f64::from(n) + 0.5,
        difficulty: 5.0,
        due: jiff::Timestamp::from_second(i64::from(n)).unwrap(),
        last_review: jiff::Timestamp::UNIX_EPOCH,
        reps: n,
        lapses: 0,
    }
}

fn side(n: u8) -> Side {
    match n % 4 {
        0 | 1 => Side::Forward,
        2 => Side::Reverse,
        _ => Side::Cloze(u16::from(n / 4)),
    }
}

#[test]
fn a_key_finds_its_state_by_owned_or_borrowed_key() {
    let mut items = Items::new();
    assert_eq!(items.insert(ItemKey::parse("a"), state(1)), None);
    assert_eq!(items.insert(("a", Side::Reverse), state(2)), None);
    assert_eq!(items.insert(ItemKey::parse("a:c1"), state(3)), None);
    assert_eq!(items.insert(("ab", Side::Forward), state(4)), None);
    assert_eq!(items.len(), 4);
    assert_eq!(items.get(&ItemKey::parse("a:reverse")), Some(&state(2)));
    assert_eq!(
        items.get(&("a", Side::Cloze(1)) as &dyn KeyRef),
        Some(&state(3))
    );
    assert_eq!(items.get(&("a", Side::Cloze(2))), None);
    assert_eq!(items.get(&("", Side::Forward)), None);
    // Replacing gives the old state back and keeps one item.
    assert_eq!(
        items.insert(("ab", Side::Forward), state(5)),
        Some(state(4))
    );
    assert_eq!(items.len(), 4);
    assert_eq!(items.remove(&ItemKey::parse("a")), Some(state(1)));
    assert_eq!(items.remove(&ItemKey::parse("a")), None);
    let mut keys: Vec<String> = items.keys().map(|k| k.to_string()).collect();
    keys.sort();
    assert_eq!(keys, ["a:c1", "a:reverse", "ab"]);
}

#[test]
fn equality_is_a_maps_whatever_the_order() {
    let a: Items = [
        (ItemKey::parse("x"), state(1)),
        (ItemKey::parse("y"), state(2)),
    ]
    .into_iter()
    .collect();
    let b: Items = [
        (ItemKey::parse("y"), state(2)),
        (ItemKey::parse("x"), state(1)),
    ]
    .into_iter()
    .collect();
    assert_eq!(a, b);
    let c: Items = [
        (ItemKey::parse("y"), state(2)),
        (ItemKey::parse("x"), state(3)),
    ]
    .into_iter()
    .collect();
    assert_ne!(a, c);
    assert_ne!(a, Items::new());
}

#[derive(Debug, Clone)]
enum Op {
    Insert(u8, u8, u32),
    Remove(u8, u8),
    Get(u8, u8),
    Retain(u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0u8..40, any::<u8>(), any::<u32>()).prop_map(|(c, s, v)| Op::Insert(c, s, v)),
        3 => (0u8..40, any::<u8>()).prop_map(|(c, s)| Op::Remove(c, s)),
        2 => (0u8..40, any::<u8>()).prop_map(|(c, s)| Op::Get(c, s)),
        1 => (1u8..5).prop_map(Op::Retain),
    ]
}

/// A card id of varied length (the text arena must give each back whole).
fn card(c: u8) -> String {
    format!("c{}{}", c, "é".repeat(usize::from(c % 7)))
}

proptest! {
    /// `Items` behaves as a `HashMap<ItemKey, CardState>` under any mix of inserts, removals,
    /// look-ups and filtering (removals past the compaction threshold included).
    #[test]
    fn items_behave_like_a_hash_map(ops in proptest::collection::vec(op(), 0..400)) {
        let mut items = Items::new();
        let mut model: HashMap<ItemKey, CardState> = HashMap::new();
        for op in ops {
            match op {
                Op::Insert(c, s, v) => {
                    let key = ItemKey { card: card(c).as_str().into(), side: side(s) };
                    prop_assert_eq!(items.insert(key.clone(), state(v)), model.insert(key, state(v)));
                }
                Op::Remove(c, s) => {
                    let c = card(c);
                    let key = (c.as_str(), side(s));
                    prop_assert_eq!(items.remove(&key), model.remove(&key as &dyn KeyRef));
                }
                Op::Get(c, s) => {
                    let c = card(c);
                    let key = (c.as_str(), side(s));
                    prop_assert_eq!(items.get(&key), model.get(&key as &dyn KeyRef));
                    prop_assert_eq!(items.contains_key(&key), model.contains_key(&key as &dyn KeyRef));
                }
                Op::Retain(m) => {
                    let m = u32::from(m);
                    items.retain(|_, s| s.reps % m != 0);
                    model.retain(|_, s| s.reps % m != 0);
                }
            }
            prop_assert_eq!(items.len(), model.len());
        }
        // Every item once, each with its state.
        let mut seen: Vec<(ItemKey, CardState)> =
            items.iter().map(|(k, s)| (k.to_key(), s.clone())).collect();
        seen.sort_by(|a, b| a.0.cmp(&b.0));
        let mut want: Vec<(ItemKey, CardState)> = model.into_iter().collect();
        want.sort_by(|a, b| a.0.cmp(&b.0));
        prop_assert_eq!(&seen, &want);
        let rebuilt: Items = want.into_iter().collect();
        prop_assert_eq!(rebuilt, items);
    }
}

#[test]
fn many_removals_compact_the_ids_text_and_keep_every_key() {
    let mut items = Items::new();
    let long = "x".repeat(100);
    for i in 0..200 {
        items.insert((format!("{long}{i}").as_str(), Side::Forward), state(i));
    }
    for i in (0..200).filter(|i| i % 4 != 0) {
        assert_eq!(
            items.remove(&(format!("{long}{i}").as_str(), Side::Forward)),
            Some(state(i))
        );
    }
    // 200 ids of ~102 bytes were written; 50 are left, and at most as many dead bytes.
    assert!(
        items.dense.text.len() < 12_000,
        "compacted: {}",
        items.dense.text.len()
    );
    for i in 0..200 {
        let got = items.get(&(format!("{long}{i}").as_str(), Side::Forward));
        assert_eq!(got, (i % 4 == 0).then(|| state(i)).as_ref());
    }
}
