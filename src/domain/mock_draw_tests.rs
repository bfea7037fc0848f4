use proptest::prelude::*;

use super::*;
use crate::domain::deck::{Card, Source as DeckSource};
use crate::domain::mock::Marking;

/// A deck of `n` facts (years, places, people in turn: each kind has enough answers for three
/// wrong options once the deck has a dozen cards), one mcq, one fact in group `g` and one
/// fact nobody can offer three options for; the facts cite the deck's source.
fn deck(id: &str, n: usize, g: &str) -> Deck {
    let basic = |cid: String, front: String, back: String, tag: &str| Card {
        answer: Default::default(),
        id: cid.into(),
        body: CardBody::Basic {
            front,
            back,
            reverse: false,
            distractors: vec![],
        },
        explanation: Some("Because.".into()),
        tags: vec![tag.into()],
        source: Some("src".into()),
        group: None,
    };
    let places = [
        "Assam", "Odisha", "Gujarat", "Kerala", "Punjab", "Bihar", "Goa", "Sikkim", "Tripura",
        "Haryana",
    ];
    let mut cards: Vec<Card> = (0..n)
        .map(|i| match i % 2 {
            0 => basic(
                format!("{id}-y{i}"),
                format!("In which year did event {id} {i} happen?"),
                format!("{}", 1950 + 3 * i),
                "dates",
            ),
            _ => basic(
                format!("{id}-p{i}"),
                format!("Which state hosts project {id} {i}?"),
                places[(i / 2) % places.len()].to_owned(),
                "places",
            ),
        })
        .collect();
    let mut grouped = basic(
        format!("{id}-g"),
        format!("In which year was treaty {id} signed?"),
        "1999".into(),
        "dates",
    );
    grouped.group = Some(g.into());
    cards.push(grouped);
    cards.push(basic(
        format!("{id}-lonely"),
        "Name the colour of the sky in the poem.".into(),
        "Cerulean with a hint of grey at dusk".into(),
        "misc",
    ));
    cards.push(Card {
        answer: Default::default(),
        id: format!("{id}-mcq").into(),
        body: CardBody::Mcq {
            question: "Capital of Japan?".into(),
            options: vec![
                "Tokyo".into(),
                "Osaka".into(),
                "Kyoto".into(),
                "Nara".into(),
            ],
            answer: 0,
            option_explanations: vec![],
            shuffle: true,
        },
        explanation: None,
        tags: vec!["places".into()],
        source: None,
        group: None,
    });
    Deck {
        sources: vec![DeckSource {
            id: "src".into(),
            title: "MEA factsheet".into(),
            publisher: Some("MEA".into()),
            date: Some("2025-08-29".into()),
            url: None,
        }],
        ..crate::domain::fixtures::deck(id, cards)
    }
}

fn spec(n: usize, tags: &[&str]) -> TestSpec {
    TestSpec {
        questions: n,
        minutes: 10.0,
        marking: Marking::UPSC_GS,
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        requeue: false,
        paced: false,
    }
}

/// The outlines as the deck index keeps them (with how each card is asked).
fn indexed(decks: &[Deck]) -> Vec<Outline> {
    decks
        .iter()
        .map(|d| {
            let mut o = d.outline();
            o.asked = asked(d);
            o
        })
        .collect()
}

fn three() -> Vec<Deck> {
    vec![
        deck("a", 24, "shared"),
        deck("b", 12, "shared"),
        deck("c", 30, "own"),
    ]
}

#[test]
fn each_card_is_asked_as_its_kind_allows() {
    let d = deck("a", 24, "g");
    let a = asked(&d);
    assert_eq!(a.len(), d.cards.len());
    assert_eq!(a[d.cards.len() - 1], Asked::Exam, "the mcq");
    assert_eq!(
        a[d.cards.len() - 2],
        Asked::NoChoice,
        "a fact with no answers like it"
    );
    assert!(a[..24].iter().all(|x| *x == Asked::Choice), "{a:?}");
}

#[test]
fn the_count_from_the_outlines_is_the_count_of_every_question_drawn() {
    let decks = three();
    let outlines = indexed(&decks);
    let unread: Vec<Source> = outlines
        .iter()
        .map(|o| Source {
            outline: o.into(),
            deck: None,
        })
        .collect();
    let refs: Vec<&Deck> = decks.iter().collect();
    for tags in [&[][..], &["dates"][..], &["places"][..], &["none"][..]] {
        let tags: Vec<String> = tags.iter().map(|t| (*t).to_owned()).collect();
        let every = draw(&refs, &spec(usize::MAX, &[]).clone_with(&tags), 7).len();
        assert_eq!(available_in(&unread, &tags), every, "{tags:?}");
        assert_eq!(available(&refs, &tags), every, "{tags:?}");
    }
    // 24 + 12 + 30 facts, three mcqs, and one of the two cards of group "shared" and the
    // one of "own"; the three lonely facts are not questions.
    assert_eq!(available_in(&unread, &[]), 66 + 3 + 2);
}

impl TestSpec {
    fn clone_with(&self, tags: &[String]) -> TestSpec {
        TestSpec {
            tags: tags.to_vec(),
            ..self.clone()
        }
    }
}

#[test]
fn a_test_reads_only_the_decks_its_questions_come_from_and_asks_the_same_questions() {
    let decks = three();
    let outlines = indexed(&decks);
    let all: Vec<Source> = outlines
        .iter()
        .zip(&decks)
        .map(|(o, d)| Source::read(o, d))
        .collect();
    for seed in 0..40u64 {
        let s = spec(2, &[]);
        let needed = decks_needed(&all, &s, seed);
        assert!(!needed.is_empty() && needed.len() <= 2, "{needed:?}");
        // Only the decks needed are read: the same questions as with every deck read.
        let some: Vec<Source> = outlines
            .iter()
            .zip(&decks)
            .enumerate()
            .map(|(i, (o, d))| Source {
                outline: o.into(),
                deck: needed.contains(&i).then_some(d),
            })
            .collect();
        let with_all = draw_from(&all, &s, seed);
        assert_eq!(draw_from(&some, &s, seed), with_all, "seed {seed}");
        assert_eq!(with_all.len(), 2);
        let from: BTreeSet<&str> = with_all.iter().map(|q| q.deck.as_str()).collect();
        let named: BTreeSet<&str> = needed.iter().map(|&i| decks[i].id.as_str()).collect();
        assert_eq!(from, named, "seed {seed}");
        // The outlines alone know which decks; built from them, the test is the same as
        // the one drawn from the decks' texts.
        let refs: Vec<&Deck> = decks.iter().collect();
        assert_eq!(draw(&refs, &s, seed), with_all, "seed {seed}");
    }
}

#[test]
fn the_exam_kinds_come_first_and_a_group_is_asked_once_across_decks() {
    let decks = three();
    let refs: Vec<&Deck> = decks.iter().collect();
    for seed in 0..20u64 {
        let qs = draw(&refs, &spec(usize::MAX, &[]), seed);
        assert_eq!(qs.len(), 71);
        assert!(qs[..3].iter().all(|q| q.key.card.ends_with("-mcq")));
        let grouped = qs
            .iter()
            .filter(|q| ["a-g", "b-g"].contains(&q.key.card.as_str()))
            .count();
        assert_eq!(grouped, 1, "seed {seed}");
        assert!(!qs.iter().any(|q| q.key.card.ends_with("-lonely")));
    }
}

#[test]
fn the_facts_are_shuffled_only_when_a_walk_gets_past_the_exam_kinds() {
    let decks = three();
    let outlines = indexed(&decks);
    let sources: Vec<Source> = outlines
        .iter()
        .zip(&decks)
        .map(|(o, d)| Source::read(o, d))
        .collect();
    let order = Order::new(&sources, &[], Some(5));
    // Three exam questions: a test of three needs no fact.
    assert_eq!(needed(&order, 3).len(), 3);
    assert!(order.rng.borrow().is_some(), "the facts were not shuffled");
    let mut all: Vec<Candidate> = order.iter().collect();
    assert!(order.rng.borrow().is_none());
    assert_eq!(all, candidates_shuffled(&sources, &[], 5));
    // Walked again, the same order (shuffled once).
    all.truncate(10);
    assert_eq!(order.iter().take(10).collect::<Vec<_>>(), all);
}

/// Decks read whole and never indexed (the shipped decks) have no letters kept: a test that
/// their exam kinds fill works none out and builds no answer pool (at 100,000 cards these
/// were a third of the work before question 1), and asks what it asked before.
#[test]
fn a_test_the_exam_kinds_fill_works_out_no_letters_and_builds_no_pool() {
    let decks = three();
    let outlines: Vec<Outline> = decks.iter().map(Deck::outline).collect();
    let sources: Vec<Source> = outlines
        .iter()
        .zip(&decks)
        .map(|(o, d)| Source::read(o, d))
        .collect();
    for seed in 0..10 {
        let order = Order::new(&sources, &[], Some(seed));
        assert_eq!(needed(&order, 3).len(), 3);
        assert!(
            order.letters.iter().flatten().all(|l| !l.worked_out()),
            "seed {seed}"
        );
        let before = POOLS_BUILT.with(|n| n.get());
        let qs = draw_from(&sources, &spec(3, &[]), seed);
        assert_eq!(POOLS_BUILT.with(|n| n.get()), before, "seed {seed}");
        assert!(qs.iter().all(|q| q.key.card.ends_with("-mcq")), "{qs:?}");
        // The same questions as with every deck's letters known (the index's way).
        let indexed = indexed(&decks);
        let known: Vec<Source> = indexed
            .iter()
            .zip(&decks)
            .map(|(o, d)| Source::read(o, d))
            .collect();
        assert_eq!(draw_from(&known, &spec(3, &[]), seed), qs);
        // A fact reached works out its deck's letters and builds its pool, once.
        let more = draw_from(&sources, &spec(6, &[]), seed);
        assert_eq!(more[..3], qs[..]);
        assert!(POOLS_BUILT.with(|n| n.get()) > before);
        assert_eq!(draw_from(&known, &spec(6, &[]), seed), more);
    }
}

/// An outline's skim, as the deck index's copy gives it.
fn skim_of(o: &Outline) -> Skim {
    Skim {
        sides: o.cards.iter().map(|(_, s)| *s).collect(),
        tags: o.tags.clone(),
        group_names: o.group_names.clone(),
        asked: o.asked.clone(),
    }
}

/// The decks not read are seen through their skims (no card ids): the count, the decks
/// needed and the questions are those of the outlines; a card is never asked from a skim.
#[test]
fn the_skims_choose_what_the_outlines_choose() {
    let decks = three();
    let outlines = indexed(&decks);
    let skims: Vec<Skim> = outlines.iter().map(skim_of).collect();
    let skimmed: Vec<Source> = skims
        .iter()
        .map(|k| Source {
            outline: k.into(),
            deck: None,
        })
        .collect();
    let unread: Vec<Source> = outlines
        .iter()
        .map(|o| Source {
            outline: o.into(),
            deck: None,
        })
        .collect();
    for tags in [&[][..], &["dates"][..], &["none"][..]] {
        let tags: Vec<String> = tags.iter().map(|t| (*t).to_owned()).collect();
        assert_eq!(available_in(&skimmed, &tags), available_in(&unread, &tags));
    }
    for seed in 0..30u64 {
        for n in [2, 5, 40] {
            let s = spec(n, &[]);
            let needed = decks_needed(&skimmed, &s, seed);
            assert_eq!(needed, decks_needed(&unread, &s, seed), "seed {seed}");
            // The decks needed read (their own outlines), the others skimmed.
            let some: Vec<Source> = (0..decks.len())
                .map(|i| match needed.contains(&i) {
                    true => Source::read(&outlines[i], &decks[i]),
                    false => skimmed[i],
                })
                .collect();
            let all: Vec<Source> = outlines
                .iter()
                .zip(&decks)
                .map(|(o, d)| Source::read(o, d))
                .collect();
            assert_eq!(draw_from(&some, &s, seed), draw_from(&all, &s, seed));
        }
        // A skim with the deck's texts but no ids asks nothing.
        let blind: Vec<Source> = skims
            .iter()
            .zip(&decks)
            .map(|(k, d)| Source {
                outline: k.into(),
                deck: Some(d),
            })
            .collect();
        assert!(draw_from(&blind, &spec(5, &[]), seed).is_empty());
    }
}

#[test]
fn a_question_carries_its_cards_source_and_explanation() {
    let decks = three();
    let refs: Vec<&Deck> = decks.iter().collect();
    let qs = draw(&refs, &spec(usize::MAX, &[]), 3);
    for q in &qs {
        if q.key.card.ends_with("-mcq") {
            assert_eq!(
                (q.source.as_deref(), q.explanation.as_deref()),
                (None, None)
            );
        } else {
            assert_eq!(q.source.as_deref(), Some("MEA factsheet (MEA, 2025-08-29)"));
            assert_eq!(q.explanation.as_deref(), Some("Because."));
        }
    }
}

#[test]
fn a_deck_changed_since_its_outline_was_made_gives_no_wrong_card() {
    let decks = three();
    let outlines = indexed(&decks);
    let mut changed = decks[2].clone();
    changed.cards.reverse();
    let sources: Vec<Source> = vec![Source {
        outline: (&outlines[2]).into(),
        deck: Some(&changed),
    }];
    for seed in 0..10 {
        for q in draw_from(&sources, &spec(5, &[]), seed) {
            let o = outlines[2]
                .cards
                .iter()
                .position(|(id, _)| *id == q.key.card)
                .unwrap();
            assert_eq!(changed.cards[changed.cards.len() - 1 - o].id, q.key.card);
        }
    }
}

#[test]
fn a_deck_with_no_known_way_to_ask_and_no_texts_gives_nothing() {
    let d = deck("a", 12, "g");
    let o = d.outline();
    let s = [Source {
        outline: (&o).into(),
        deck: None,
    }];
    assert_eq!(available_in(&s, &[]), 0);
    assert!(decks_needed(&s, &spec(5, &[]), 1).is_empty());
    assert!(draw_from(&s, &spec(5, &[]), 1).is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// A seed gives the same test twice, from the outlines with only the needed decks read.
    #[test]
    fn a_seed_gives_the_same_test_twice(seed in any::<u64>(), n in 1usize..12) {
        let decks = three();
        let outlines = indexed(&decks);
        let all: Vec<Source> = outlines
            .iter()
            .zip(&decks)
            .map(|(o, d)| Source::read(o, d))
            .collect();
        let needed = decks_needed(&all, &spec(n, &[]), seed);
        let some: Vec<Source> = outlines
            .iter()
            .zip(&decks)
            .enumerate()
            .map(|(i, (o, d))| Source { outline: o.into(), deck: needed.contains(&i).then_some(d) })
            .collect();
        let once = draw_from(&some, &spec(n, &[]), seed);
        prop_assert_eq!(once.len(), n);
        prop_assert_eq!(&draw_from(&some, &spec(n, &[]), seed), &once);
        prop_assert_eq!(&draw_from(&all, &spec(n, &[]), seed), &once);
    }

    /// The draw's order, worked out as (deck, card) pairs and turned into candidates as the
    /// walk goes, is the order of shuffling every candidate itself (the way it was before:
    /// the same seed draws the same test).
    #[test]
    fn the_order_is_that_of_shuffling_every_candidate(
        seed in any::<u64>(),
        tags in proptest::sample::subsequence(vec!["dates", "places", "misc", "none"], 0..3),
    ) {
        let decks = three();
        let outlines = indexed(&decks);
        // One deck not read and not indexed: no way to ask its cards is known.
        let mut bare = decks[1].outline();
        bare.id = "bare".into();
        let mut sources: Vec<Source> = outlines
            .iter()
            .zip(&decks)
            .map(|(o, d)| Source::read(o, d))
            .collect();
        sources.insert(1, Source { outline: (&bare).into(), deck: None });
        let tags: Vec<String> = tags.iter().map(|t| (*t).to_owned()).collect();
        let got: Vec<Candidate> = Order::new(&sources, &tags, Some(seed)).iter().collect();
        prop_assert_eq!(got, candidates_shuffled(&sources, &tags, seed));
    }
}

/// The draw's order as it was worked out before: every candidate built, then shuffled.
fn candidates_shuffled<'a>(
    sources: &[Source<'a>],
    tags: &[String],
    seed: u64,
) -> Vec<Candidate<'a>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut exam = Vec::new();
    let mut facts = Vec::new();
    for (di, s) in sources.iter().enumerate() {
        let asked = letters_as_before(s);
        if asked.is_empty() {
            continue;
        }
        let Shape::Outline(o) = s.outline else {
            panic!("the oracle reads outlines")
        };
        let mut group: Vec<Option<&'a str>> = vec![None; o.cards.len()];
        for (name, cards) in &o.group_names {
            for &c in cards {
                if let Some(g) = group.get_mut(c as usize) {
                    *g = Some(name.as_str());
                }
            }
        }
        let mut tagged = vec![tags.is_empty(); o.cards.len()];
        for (_, cards) in o.tags.iter().filter(|(t, _)| tags.contains(t)) {
            for &c in cards {
                if let Some(t) = tagged.get_mut(c as usize) {
                    *t = true;
                }
            }
        }
        for (ci, ((_, sides), a)) in o.cards.iter().zip(asked.iter()).enumerate() {
            let Some(side) = sides.iter().next() else {
                continue;
            };
            if !tagged[ci] {
                continue;
            }
            let c = Candidate {
                deck: di,
                card: ci,
                side,
                asked: *a,
                group: group[ci],
            };
            match a {
                Asked::Exam => exam.push(c),
                _ => facts.push(c),
            }
        }
    }
    exam.shuffle(&mut rng);
    facts.shuffle(&mut rng);
    exam.extend(facts);
    exam
}

/// How each card of a source is asked, worked out at once as it was before (the oracle of
/// the lazy letters): the outline's letters, else the deck's, else none.
fn letters_as_before(s: &Source) -> Vec<Asked> {
    let Shape::Outline(o) = s.outline else {
        return s.outline.asked().to_vec();
    };
    if o.asked.len() == o.cards.len() {
        return o.asked.clone();
    }
    match s.deck {
        Some(d) if same_cards(o, d) => asked(d),
        _ => Vec::new(),
    }
}
