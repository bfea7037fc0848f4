//! The pool's index by facets ([`Bucket`]) changes no question and no finding: the indexed
//! [`Pool::shortfall`] and [`Pool::wrong_options`] give what a scan of every candidate gives
//! (the code before the index, kept here as the reference), on decks of many answers of one
//! kind written in many forms, more than a question scans ([`SCAN`]).

use super::*;
use crate::domain::deck::{AnswerRules, Card, CardBody};
use proptest::prelude::*;
use rand::SeedableRng;

/// [`Pool::shortfall`] as a scan of the [`SCAN`] candidates from the card's start, every one
/// judged.
fn scanned_shortfall<'p>(
    pool: &'p Pool,
    key: &Key,
    hand_written: &[String],
) -> Option<Shortfall<'p>> {
    let mut hand: Vec<String> = hand_written
        .iter()
        .map(|d| normalise(d))
        .filter(|n| !n.is_empty() && *n != key.norm && !key.not_distractors.contains(n))
        .collect();
    hand.sort();
    hand.dedup();
    let need = WRONG_OPTIONS.saturating_sub(hand.len());
    if need == 0 {
        return None;
    }
    let bucket: &[usize] = if key.kind.pooled() {
        pool.by_bucket
            .get(&(key.kind, key.items.len()))
            .map_or(&[], |b| b.all.as_slice())
    } else {
        &[]
    };
    let mut seen: HashSet<&str> = hand.iter().map(String::as_str).collect();
    let (mut good, mut same_kind) = (0, 0);
    let mut left_out = Vec::new();
    let (before, from) = bucket.split_at(pool.scan_start(bucket, key));
    for a in from
        .iter()
        .chain(before)
        .take(SCAN)
        .map(|&i| &pool.answers[i])
    {
        if a.card == key.card {
            continue;
        }
        same_kind += 1;
        match pool.judge(key, a) {
            Ok(()) if seen.insert(a.norm.as_str()) => good += 1,
            Ok(()) => {}
            Err(why) => left_out.push((a.text.as_str(), why)),
        }
        if good >= need {
            return None;
        }
    }
    (good < need).then(|| Shortfall {
        hand_written: hand.len(),
        good,
        same_kind,
        left_out_count: left_out.len(),
        left_out: left_out.into_iter().take(LEFT_OUT_NAMED).collect(),
    })
}

/// [`Pool::wrong_options`] judging every candidate from the card's start.
fn scanned_wrong_options(
    pool: &Pool,
    deck: &Deck,
    key: &Key,
    hand_written: &[String],
    r: &mut ChaCha8Rng,
) -> Vec<String> {
    let (out, seen) = hand_written_first(key, hand_written);
    if out.len() == WRONG_OPTIONS || !key.kind.pooled() {
        return out;
    }
    let Some(bucket) = pool.by_bucket.get(&(key.kind, key.items.len())) else {
        return out;
    };
    let bucket = &bucket.all;
    if !bucket.is_empty() {
        let _drawn: usize = r.random_range(0..bucket.len());
    }
    let (before, from) = bucket.split_at(pool.scan_start(bucket, key));
    let passed = from
        .iter()
        .chain(before)
        .take(bucket.len().min(SCAN))
        .map(|&i| &pool.answers[i])
        .filter(|a| pool.judge(key, a).is_ok());
    pick(deck, key, passed, out, seen, r)
}

/// An answer of a few forms: organisations in either case, with or without an article, a
/// part in parentheses or labels, of one to nine words; amounts grouped three ways; dates of
/// every grain; years asked of the past or the future.
fn answer() -> impl Strategy<Value = (String, AnswerKind)> {
    let words = prop::sample::subsequence(
        vec![
            "Ministry", "of", "mines", "Power", "joint", "working", "group", "Bank", "for",
            "council", "advisers", "Office", "(Japan)", "NITI", "Aayog", "export", "board", "(a)",
            "skill",
        ],
        1..9,
    );
    let name = (words, any::<bool>()).prop_map(|(w, article)| {
        let mut s = w.join(" ");
        if article {
            s = format!("The {s}");
        }
        (s, AnswerKind::Organisation)
    });
    let amount = (
        prop::sample::select(vec!["₹", "$"]),
        prop::sample::select(vec!["10372", "10,372", "1,03,720", "103,720", "2,000,000"]),
        prop::sample::select(vec!["crore", "billion", ""]),
    )
        .prop_map(|(c, n, s)| (format!("{c}{n} {s}").trim().to_owned(), AnswerKind::Amount));
    let date = (0u8..4, 1u32..28, 2020u32..2028).prop_map(|(g, d, y)| {
        let t = match g {
            0 => format!("{d} March {y}"),
            1 => format!("{d}–{} March {y}", d + 1),
            2 => format!("March {y}"),
            _ => format!("early {y}"),
        };
        (t, AnswerKind::Date)
    });
    let year = (2015u32..2030).prop_map(|y| (y.to_string(), AnswerKind::Year));
    prop_oneof![3 => name, 1 => amount, 1 => date, 2 => year]
}

/// A card of one of those answers, some grouped, some with a `not_with`, tags and
/// hand-written distractors, asked of the past or the future.
fn cards() -> impl Strategy<Value = Vec<Card>> {
    prop::collection::vec(
        (answer(), 0u8..6, 0u8..4, any::<bool>(), 0usize..3),
        300..700,
    )
    .prop_map(|cards| {
        cards
            .into_iter()
            .enumerate()
            .map(|(i, ((back, kind), group, tag, future, hand))| {
                let verb = if future { "will happen" } else { "happened" };
                let mut answer = AnswerRules {
                    kind: Some(kind),
                    ..AnswerRules::default()
                };
                if i % 7 == 3 {
                    answer.not_with = vec![format!("c{}", i / 2)];
                }
                Card {
                    id: format!("c{i}").into(),
                    body: CardBody::Basic {
                        front: format!("Which board {verb} for fact {i} of mines?"),
                        back,
                        reverse: i % 11 == 0,
                        distractors: ["₹5 crore", "Ministry of Coal"][..hand]
                            .iter()
                            .map(|d| (*d).to_owned())
                            .collect(),
                    },
                    explanation: None,
                    tags: (tag > 0).then(|| format!("t{tag}")).into_iter().collect(),
                    source: None,
                    group: (group == 0).then(|| "g".to_owned()),
                    answer,
                }
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]
    #[test]
    fn the_index_finds_what_a_scan_of_every_candidate_finds(cards in cards(), seed in 0u64..1000) {
        let d = crate::domain::fixtures::deck("d", cards);
        let pool = Pool::new(&d);
        for (ci, c) in d.cards.iter().enumerate() {
            for side in c.sides() {
                let Some((question, _, _)) = pool.item_answer(&d, ci, side) else { continue };
                let Some(answer) = pool.answer_of(ci, side) else { continue };
                let key = Key::new(ci, c, &question, answer);
                let hand = crate::domain::quiz::hand_written(c, side);
                prop_assert_eq!(
                    pool.shortfall(&key, &hand),
                    scanned_shortfall(&pool, &key, &hand),
                    "card {}", ci
                );
                let mut r = ChaCha8Rng::seed_from_u64(seed + ci as u64);
                let mut scanned = r.clone();
                prop_assert_eq!(
                    pool.wrong_options(&d, &key, &hand, &mut r),
                    scanned_wrong_options(&pool, &d, &key, &hand, &mut scanned),
                    "card {}", ci
                );
                // The same draws were taken from the generator.
                prop_assert_eq!(r.random::<u64>(), scanned.random::<u64>());
            }
        }
    }
}

/// A made-up one-word name for number `i` (below 10,000), four syllables: no two share a word.
fn made_up(i: usize) -> String {
    const SYLLABLES: [&str; 10] = ["ka", "ro", "mi", "tu", "ne", "sa", "vo", "li", "pe", "zu"];
    let word: String = [i / 1000, i / 100, i / 10, i]
        .iter()
        .map(|d| SYLLABLES[d % 10])
        .collect();
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// A deck of `n` cards each asking for a body of its own, `made_up(i + offset)`, some
/// written with an article and some in lower case (so the pool has several groups of facets).
fn bodies(n: usize, offset: usize) -> Deck {
    let cards = (0..n)
        .map(|i| {
            let name = made_up(i + offset);
            let back = match i % 9 {
                0 => format!("The {name}"),
                4 => name.to_lowercase(),
                _ => name,
            };
            Card {
                id: format!("c{i}").into(),
                body: CardBody::Basic {
                    front: format!("Which body runs programme {i}?"),
                    back,
                    reverse: false,
                    distractors: vec![],
                },
                explanation: None,
                tags: vec![],
                source: None,
                group: None,
                answer: AnswerRules {
                    kind: Some(AnswerKind::Organisation),
                    ..AnswerRules::default()
                },
            }
        })
        .collect();
    crate::domain::fixtures::deck("d", cards)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4))]
    /// A deck's questions look past the first [`SCAN`] answers of a kind: over its cards,
    /// wrong options come from every tenth of the pool; each is one the rules admit for its
    /// key, and the index still finds what a scan of the card's window finds (the window
    /// going round the bucket's end).
    #[test]
    fn wrong_options_come_from_across_a_large_pool(
        n in 1500usize..2500,
        offset in 0usize..5000,
        seed in 0u64..1000,
    ) {
        let d = bodies(n, offset);
        let pool = Pool::new(&d);
        let by_text: HashMap<String, usize> = d
            .cards
            .iter()
            .enumerate()
            .filter_map(|(ci, _)| Some((pool.answer_of(ci, Side::Forward)?.text.clone(), ci)))
            .collect();
        let mut tenths = [0usize; 10];
        for ci in (0..n).step_by(3) {
            let c = &d.cards[ci];
            let (question, _, _) = pool.item_answer(&d, ci, Side::Forward).unwrap();
            let answer = pool.answer_of(ci, Side::Forward).unwrap();
            let key = Key::new(ci, c, &question, answer);
            let mut r = ChaCha8Rng::seed_from_u64(seed + ci as u64);
            let mut again = r.clone();
            let wrong = pool.wrong_options(&d, &key, &[], &mut r);
            prop_assert_eq!(wrong.len(), WRONG_OPTIONS, "card {}", ci);
            for w in &wrong {
                let &other = by_text.get(w).unwrap();
                let a = pool.answer_of(other, Side::Forward).unwrap();
                prop_assert!(pool.judge(&key, a).is_ok(), "card {} offered {}", ci, w);
                prop_assert_ne!(normalise(w), normalise(&answer.text));
                tenths[other * 10 / n] += 1;
            }
            if ci % 5 == 0 {
                prop_assert_eq!(
                    &wrong,
                    &scanned_wrong_options(&pool, &d, &key, &[], &mut again),
                    "card {}", ci
                );
                prop_assert_eq!(pool.shortfall(&key, &[]), scanned_shortfall(&pool, &key, &[]));
            }
        }
        prop_assert!(tenths.iter().all(|&t| t > 0), "offered by tenth of the pool: {:?}", tenths);
    }
}

/// A kind with no more answers than a question scans is looked at from its start, in the
/// deck's order (so a small deck's questions are those of the build before the window); a
/// larger one from half a scan before the key's card, going round the bucket's end.
#[test]
fn a_small_pool_is_scanned_from_its_start_and_a_large_one_around_the_card() {
    let start = |n: usize, card: usize| {
        let d = bodies(n, 0);
        let pool = Pool::new(&d);
        let (question, _, _) = pool.item_answer(&d, card, Side::Forward).unwrap();
        let key = Key::new(
            card,
            &d.cards[card],
            &question,
            pool.answer_of(card, Side::Forward).unwrap(),
        );
        let bucket = &pool.by_bucket[&(key.kind, key.items.len())].all;
        assert_eq!(bucket.len(), n);
        pool.scan_start(bucket, &key)
    };
    assert_eq!(start(SCAN, 7), 0);
    assert_eq!(start(SCAN, SCAN - 1), 0);
    assert_eq!(start(SCAN + 100, 300), 300 - SCAN / 2);
    assert_eq!(start(SCAN + 100, 7), SCAN + 100 + 7 - SCAN / 2);
}
