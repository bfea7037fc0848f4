use proptest::prelude::*;

use super::*;
use crate::domain::aggregates::{CardMap, CardTotals, DeckTotals};
use crate::domain::deck::Sides;
use crate::domain::ids::{CardId, DeckId};

fn outline(cards: &[&str], tags: &[(&str, &[u32])]) -> Outline {
    Outline {
        id: DeckId::from("d"),
        cards: cards
            .iter()
            .map(|c| (CardId::from(*c), Sides::Forward))
            .collect(),
        tags: tags
            .iter()
            .map(|(t, of)| ((*t).to_owned(), of.to_vec()))
            .collect(),
        ..Outline::default()
    }
}

fn totals(cards: &[(&str, u32, u32)]) -> DeckTotals {
    let mut map = CardMap::default();
    for (c, right, answers) in cards {
        map.insert(
            (*c).to_owned(),
            CardTotals {
                right: *right,
                answers: *answers,
            },
        );
    }
    DeckTotals {
        cards: map.into(),
        ..DeckTotals::default()
    }
}

#[test]
fn each_tag_sums_its_cards_and_a_tag_without_totals_has_none() {
    let o = outline(
        &["a", "b", "c", "d"],
        &[("x", &[0, 1]), ("y", &[2]), ("z", &[1, 3])],
    );
    let d = totals(&[("a", 3, 4), ("b", 1, 2), ("d", 0, 0), ("e", 9, 9)]);
    let t = d.count_tags(&o);
    assert_eq!(
        t.counts,
        vec![
            Some(Count {
                right: 4,
                answers: 6
            }),
            None,
            Some(Count {
                right: 1,
                answers: 2
            }),
        ]
    );
    let each: Vec<(&str, Count)> = t.each(&o).collect();
    assert_eq!(each.iter().map(|e| e.0).collect::<Vec<_>>(), ["x", "z"]);
    assert!(t.fits(&o));
}

#[test]
fn the_counters_fit_only_the_tags_they_were_made_for() {
    let o = outline(&["a", "b"], &[("x", &[0])]);
    let t = totals(&[("a", 1, 1)]).count_tags(&o);
    assert!(t.fits(&o));
    // Another card under the tag, the tag renamed, a card renamed, a tag added.
    assert!(!t.fits(&outline(&["a", "b"], &[("x", &[0, 1])])));
    assert!(!t.fits(&outline(&["a", "b"], &[("w", &[0])])));
    assert!(!t.fits(&outline(&["q", "b"], &[("x", &[0])])));
    assert!(!t.fits(&outline(&["a", "b"], &[("x", &[0]), ("y", &[1])])));
    // An untagged card's id does not matter.
    assert!(t.fits(&outline(&["a", "zz"], &[("x", &[0])])));
}

#[test]
fn saved_counters_are_used_while_they_fit_and_worked_out_again_when_not() {
    let o = outline(&["a", "b"], &[("x", &[0, 1])]);
    let mut d = totals(&[("a", 1, 2)]);
    let mut saved = d.count_tags(&o);
    // A marker no look-up could give: the saved counters are what is read.
    saved.counts[0] = Some(Count {
        right: 7,
        answers: 7,
    });
    d.tags = Some(saved.clone());
    assert_eq!(*d.tags_for(&o), saved);
    let other = outline(&["a", "b"], &[("x", &[0])]);
    assert_eq!(*d.tags_for(&other), d.count_tags(&other));
}

/// An outline of cards `c0..` with tags over some of them, and totals for some card ids.
fn drawn() -> impl Strategy<Value = (Outline, DeckTotals)> {
    (
        1usize..30,
        proptest::collection::vec((0u8..5, proptest::collection::vec(0u32..35, 0..8)), 0..6),
        proptest::collection::vec((0u16..40, 0u32..50, 0u32..50), 0..30),
    )
        .prop_map(|(n, tags, cards)| {
            let ids: Vec<String> = (0..n).map(|i| format!("c{i}")).collect();
            let mut tags: Vec<(String, Vec<u32>)> = tags
                .into_iter()
                .map(|(t, of)| {
                    (
                        format!("t{t}"),
                        of.into_iter().filter(|&i| (i as usize) < n).collect(),
                    )
                })
                .collect();
            tags.sort_by(|a, b| a.0.cmp(&b.0));
            tags.dedup_by(|a, b| a.0 == b.0);
            let o = Outline {
                id: DeckId::from("d"),
                cards: ids
                    .iter()
                    .map(|c| (CardId::from(c.as_str()), Sides::Forward))
                    .collect(),
                tags,
                ..Outline::default()
            };
            let mut map = CardMap::default();
            for (c, right, extra) in cards {
                map.insert(
                    format!("c{c}"),
                    CardTotals {
                        right,
                        answers: right + extra,
                    },
                );
            }
            (
                o,
                DeckTotals {
                    cards: map.into(),
                    ..DeckTotals::default()
                },
            )
        })
}

proptest! {
    /// The counters are the sums of looking up each tagged card, tag by tag.
    #[test]
    fn counters_equal_card_by_card_look_ups((o, d) in drawn()) {
        let t = d.count_tags(&o);
        prop_assert!(t.fits(&o));
        for ((_, of), c) in o.tags.iter().zip(&t.counts) {
            let mut found = None;
            for i in of {
                if let Some(c) = d.cards.get(o.cards[*i as usize].0.as_str()) {
                    let (r, a) = found.unwrap_or((0, 0));
                    found = Some((r + c.right, a + c.answers));
                }
            }
            prop_assert_eq!(c.map(|c| (c.right, c.answers)), found);
        }
    }
}

proptest! {
    /// Given the outline's tag names and fingerprint (as the deck index's copy keeps them),
    /// the counters name the same tags with the same counts as from the outline, and any
    /// other names or fingerprint are refused.
    #[test]
    fn counters_by_names_equal_counters_by_outline((o, d) in drawn(), extra in 0u8..3) {
        let t = d.count_tags(&o);
        let names: Vec<String> = o.tags.iter().map(|(n, _)| n.clone()).collect();
        let print = fingerprint(&o);
        let by_names: Vec<(&str, Count)> = t.each_named(&names, print).unwrap().collect();
        let by_outline: Vec<(&str, Count)> = t.each(&o).collect();
        prop_assert_eq!(by_names, by_outline);
        prop_assert!(t.each_named(&names, print ^ 1).is_none());
        let mut more = names.clone();
        more.extend((0..extra).map(|i| format!("u{i}")));
        prop_assert_eq!(t.each_named(&more, print).is_some(), extra == 0);
    }
}
