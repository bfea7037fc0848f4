use super::*;
use crate::domain::answer_kind::AnswerKind;
use crate::domain::deck::{AnswerRules, Card, CardBody, ClozePart, Deck, Side};
use crate::domain::option_forms::{Case, Facet, Grain, Shape};
use rand::SeedableRng;

fn card(id: &str, front: &str, back: &str) -> Card {
    Card {
        id: id.into(),
        body: CardBody::Basic {
            front: front.into(),
            back: back.into(),
            reverse: false,
            distractors: vec![],
        },
        explanation: None,
        tags: vec![],
        source: None,
        group: None,
        answer: AnswerRules::default(),
    }
}

fn deck(cards: Vec<Card>) -> Deck {
    crate::domain::fixtures::deck("d", cards)
}

/// Why the answer of card `cand` is left out for card `key` (or `None` when it may be offered).
fn why(d: &Deck, key: &str, cand: &str) -> Option<LeftOut> {
    let pool = Pool::new(d);
    let ki = pool.card_index(key).unwrap();
    let c = &d.cards[ki];
    let (q, _) = c.prompt(Side::Forward);
    let k = Key::new(ki, c, &q, pool.answer_of(ki, Side::Forward).unwrap());
    let ci = pool.card_index(cand).unwrap();
    pool.judge(&k, pool.answer_of(ci, Side::Forward).unwrap())
        .err()
}

fn grouped(mut c: Card) -> Card {
    c.group = Some("round".into());
    c
}

fn with(mut c: Card, f: impl FnOnce(&mut AnswerRules)) -> Card {
    f(&mut c.answer);
    c
}

#[test]
fn a_second_right_answer_is_never_offered() {
    let d = deck(vec![
        card("mundra", "Where is the green ammonia project?", "Mundra"),
        card("osat", "In which state is the OSAT?", "Gujarat"),
        card("moc", "When was the MoC signed?", "August 2025"),
        card(
            "visit",
            "When did PM Modi visit Japan?",
            "29–30 August 2025",
        ),
        card("esd", "When was the first ESD round held?", "November 2024"),
        card("early", "When was the JWG to be set up?", "In early 2026"),
        card("jan", "When was the dialogue held?", "January 2026"),
        with(
            card(
                "pillar",
                "What is the new pillar of ties?",
                "Economic security",
            ),
            |a| a.kind = Some(AnswerKind::Programme),
        ),
        with(
            card(
                "esi",
                "Under which initiative is the JWG?",
                "The Economic Security Initiative",
            ),
            |a| a.kind = Some(AnswerKind::Programme),
        ),
        card("battery", "How many took part?", "Over 70"),
        card("fifty", "How many else?", "Over 50"),
        card("iran", "How many citizens?", "Around nine thousand"),
        card("days", "How long was the visit?", "Three days"),
        card("forty", "How many firms?", "About 40"),
        with(
            card(
                "ai",
                "AI Dialogue purpose?",
                "Coherent push to AI cooperation",
            ),
            |a| {
                a.kind = Some(AnswerKind::Programme);
                a.not_with = vec!["jai".into()];
            },
        ),
        with(
            card("jai", "JAI purpose?", "Trusted AI ecosystem for both"),
            |a| a.kind = Some(AnswerKind::Programme),
        ),
        grouped(card("g1", "Which round?", "The 18th")),
        grouped(card("g2", "Which dialogue round?", "The 17th")),
        card("g3", "Which summit round?", "The 15th"),
    ]);
    assert_eq!(
        why(&d, "mundra", "osat"),
        Some(LeftOut::OtherKind(AnswerKind::Place(
            crate::domain::answer_kind::PlaceLevel::State
        )))
    );
    assert_eq!(why(&d, "moc", "visit"), Some(LeftOut::ContainsKey));
    assert_eq!(why(&d, "visit", "moc"), Some(LeftOut::InsideKey));
    assert_eq!(why(&d, "early", "jan"), Some(LeftOut::OverlappingDates));
    assert_eq!(why(&d, "jan", "early"), Some(LeftOut::OverlappingDates));
    assert_eq!(why(&d, "jan", "esd"), None);
    assert_eq!(why(&d, "moc", "esd"), None);
    assert!(matches!(
        why(&d, "pillar", "esi"),
        Some(LeftOut::ContainsKey | LeftOut::SharesMostWords)
    ));
    assert_eq!(
        why(&d, "battery", "fifty"),
        Some(LeftOut::OverlappingNumbers)
    );
    assert_eq!(
        why(&d, "battery", "iran"),
        Some(LeftOut::OverlappingNumbers),
        "9,000 is over 70"
    );
    assert_eq!(why(&d, "battery", "forty"), None);
    assert_eq!(why(&d, "battery", "days"), Some(LeftOut::OtherUnit));
    assert_eq!(why(&d, "ai", "jai"), Some(LeftOut::NotWith("jai".into())));
    assert_eq!(why(&d, "jai", "ai"), Some(LeftOut::NotWith("jai".into())));
    assert_eq!(
        why(&d, "g1", "g2"),
        Some(LeftOut::SameGroup("round".into()))
    );
    assert_eq!(why(&d, "g1", "g3"), None);
}

#[test]
fn no_give_aways() {
    use crate::domain::answer_kind::AnswerKind;
    let list = |c: Card| with(c, |a| a.kind = Some(AnswerKind::List));
    let d = deck(vec![
        card(
            "motegi-place",
            "Where did Motegi hold the 18th Strategic Dialogue?",
            "New Delhi",
        ),
        card("tokyo", "Where did Modi go in 2025?", "Tokyo"),
        card("ahmedabad", "Bullet train to?", "Ahmedabad"),
        with(
            card(
                "fm",
                "Which Japanese minister visited?",
                "Toshimitsu Motegi",
            ),
            |a| {
                a.kind = Some(AnswerKind::Place(
                    crate::domain::answer_kind::PlaceLevel::City,
                ))
            },
        ),
        list(card(
            "five",
            "Name the challenges",
            "High tariffs and NTBs; Quality Control Orders; Skill gaps",
        )),
        list(card("skill", "The missing challenge?", "Skill gaps")),
        card("labels", "Words?", "(a) \"paramount\"; (b) \"highest\""),
    ]);
    assert_eq!(
        why(&d, "motegi-place", "fm"),
        Some(LeftOut::WordInQuestion("motegi".into())),
        "the question already names Motegi"
    );
    assert_eq!(why(&d, "motegi-place", "tokyo"), None);
    let pool = Pool::new(&d);
    let ki = pool.card_index("five").unwrap();
    let k = Key::new(
        ki,
        &d.cards[ki],
        "Name the challenges",
        pool.answer_of(ki, Side::Forward).unwrap(),
    );
    assert_eq!(pool.judge_text(&k, "Skill gaps"), Err(LeftOut::InsideKey));
    assert_eq!(
        pool.judge_text(&k, "(a) x; (b) y; (c) z"),
        Err(LeftOut::Labels)
    );
    assert_eq!(
        pool.judge_text(&k, "Resource base, capital and technology, manufacturing and reserves, advanced technology, and the whole of the supply chain of rare earths"),
        Err(LeftOut::Length)
    );
    assert_eq!(shown("resource base"), "Resource base");
    assert_eq!(shown("₹10,372 crore"), "₹10,372 crore");
    // A key with labels is never asked as multiple choice.
    let li = pool.card_index("labels").unwrap();
    assert_eq!(
        pool.answer_of(li, Side::Forward).unwrap().kind,
        AnswerKind::Text
    );
}

#[test]
fn a_thin_pool_is_not_filled_with_other_kinds() {
    let d = deck(vec![
        card("a", "In which year was it launched?", "2026"),
        card("b", "Which year was the first round?", "2024"),
        card("c", "Where is the ammonia project?", "Mundra"),
        card("e", "Which share?", "90%"),
    ]);
    let pool = Pool::new(&d);
    let k = Key::new(
        0,
        &d.cards[0],
        "In which year was it launched?",
        pool.answer_of(0, Side::Forward).unwrap(),
    );
    let mut r = rand_chacha::ChaCha8Rng::seed_from_u64(3);
    assert_eq!(pool.wrong_options(&d, &k, &[], &mut r), ["2024"]);
    assert_eq!(pool.good_count(&k, 3), 1);
}

#[test]
fn names_are_offered_only_beside_names_written_alike() {
    let d = deck(vec![
        card("misri", "Which Foreign Secretary met Oue?", "Vikram Misri"),
        card(
            "tewari",
            "Who led the delegation?",
            "Congress leader Manish Tewari",
        ),
        card("jaiswal", "Who is the MEA spokesperson?", "Randhir Jaiswal"),
        card(
            "ministries",
            "Who leads the AI Dialogue?",
            "The two countries' foreign ministries",
        ),
        card("jwg", "JWG (an organisation)", "Joint Working Group"),
        card(
            "jbic",
            "Which bank lends for bioethanol?",
            "Japan Bank for International Cooperation",
        ),
    ]);
    let case = Some(LeftOut::OtherForm(Facet::Case));
    assert_eq!(why(&d, "misri", "tewari"), case);
    assert_eq!(why(&d, "misri", "jaiswal"), None);
    assert_eq!(why(&d, "jwg", "ministries"), case);
    // Joining words ("for") do not make a name a phrase.
    assert_eq!(why(&d, "jwg", "jbic"), None);
    let of = |t: &str| Shape::of(t, AnswerKind::Text).case;
    assert_eq!(of("Bank for International Cooperation"), Case::Title);
    assert_eq!(of("Congress leader Manish Tewari"), Case::Phrase);
    assert_eq!(of("Renesas–CG Power"), Case::Title);
    assert_eq!(of("Mitsui & Co."), Case::Either);
    assert_eq!(of("Free and Open Indo-Pacific"), Case::Title);
    // The first word is shown with a capital either way: "market concentration" is a phrase
    // like "Market concentration", and one word is a name or a phrase alike.
    assert_eq!(of("market concentration"), Case::Phrase);
    assert_eq!(of("Agriculture"), Case::Either);
    assert_eq!(of("Remove NTBs"), Case::Either);
    assert_eq!(of("Expand TITP and R&D visas"), Case::Phrase);
}

#[test]
fn possessives_of_the_deck_countries_carry_no_meaning() {
    use crate::domain::option_answer::content_words;
    assert_eq!(
        content_words("Japan's Ministry of Economy and India's Ministry of Mines"),
        ["economy", "mine", "ministry"]
    );
    assert_eq!(content_words("Indians and its partners"), ["partner"]);
    // A question naming "Japan's" does not mark an option naming Japan's ministry.
    let org = |c: Card| {
        with(c, |a| {
            a.kind = Some(crate::domain::answer_kind::AnswerKind::Organisation)
        })
    };
    let d = deck(vec![
        org(card(
            "meti",
            "Which of Japan's ministries signed the MoC?",
            "Ministry of Economy, Trade and Industry",
        )),
        org(card(
            "finance",
            "Which ministry is named with NITI Aayog?",
            "Japan's Ministry of Finance",
        )),
    ]);
    assert_eq!(why(&d, "meti", "finance"), None);
}

#[test]
fn a_declared_answer_class_keeps_people_of_another_class_out() {
    let person = |c: Card, class: Option<&str>| {
        with(c, |a| {
            a.kind = Some(crate::domain::answer_kind::AnswerKind::Person);
            a.class = class.map(str::to_owned);
        })
    };
    let d = deck(vec![
        person(
            card(
                "motegi",
                "Which Japanese Foreign Minister visited?",
                "Toshimitsu Motegi",
            ),
            Some("japanese"),
        ),
        person(
            card("oue", "Whom did Misri meet?", "Sadamasa Oue"),
            Some("japanese"),
        ),
        person(
            card("misri", "Which Foreign Secretary met Oue?", "Vikram Misri"),
            Some("indian"),
        ),
        person(card("tewari", "Who led the MPs?", "Manish Tewari"), None),
        Card {
            body: CardBody::Cloze {
                parts: vec![
                    ClozePart::Text("The dialogue was held during the visit of ".into()),
                    ClozePart::Gap {
                        answer: "Toshimitsu Motegi".into(),
                        hint: None,
                    },
                ],
            },
            ..person(card("cz", "", ""), None)
        },
    ]);
    assert_eq!(why(&d, "motegi", "oue"), None);
    assert_eq!(
        why(&d, "motegi", "misri"),
        Some(LeftOut::OtherClass(Some("indian".into())))
    );
    // A person of no declared class is not offered where the class matters…
    assert_eq!(why(&d, "motegi", "tewari"), Some(LeftOut::OtherClass(None)));
    // …but a key of no class takes any person.
    assert_eq!(why(&d, "tewari", "misri"), None);
    // The gap's "Toshimitsu Motegi" is the motegi card's Japanese minister.
    let pool = Pool::new(&d);
    let gap = pool.answer_of(4, Side::Cloze(1)).unwrap();
    assert_eq!(gap.class.as_deref(), Some("japanese"));
    // A distractor written by hand that another card declares Indian is flagged; one the
    // deck does not know is the teacher's call.
    let c = &d.cards[0];
    let k = Key::new(
        0,
        c,
        "Which Japanese Foreign Minister visited?",
        pool.answer_of(0, Side::Forward).unwrap(),
    );
    assert_eq!(
        pool.judge_text(&k, "Vikram Misri"),
        Err(LeftOut::OtherClass(Some("indian".into())))
    );
    assert_eq!(pool.judge_text(&k, "Yoko Kamikawa"), Ok(()));
}

#[test]
fn a_date_keeps_the_year_the_question_names() {
    let d = deck(vec![
        card(
            "visit",
            "On which dates was PM Modi's visit to Japan in 2025?",
            "29–30 August 2025",
        ),
        card(
            "dialogue",
            "When was the 18th dialogue held?",
            "29–30 January 2026",
        ),
        card("other", "When was the roundtable?", "15–16 August 2025"),
        card(
            "waiver",
            "Until when is the waiver valid, according to the January 2026 briefing?",
            "26 April 2026",
        ),
        card("letter", "When was the letter issued?", "28 October 2025"),
    ]);
    assert_eq!(
        why(&d, "visit", "dialogue"),
        Some(LeftOut::OtherYear("2025".into()))
    );
    assert_eq!(why(&d, "visit", "other"), None);
    // "January 2026" is when the question is set, not a year it asks within.
    assert_eq!(why(&d, "waiver", "letter"), None);
}

#[test]
fn amounts_are_offered_only_with_digits_grouped_alike() {
    use crate::domain::option_forms::{Grouping, grouping};
    assert_eq!(grouping("₹1,03,720 crore"), Some(Grouping::Indian));
    assert_eq!(grouping("₹103,720 crore"), Some(Grouping::International));
    assert_eq!(grouping("₹10,372 crore"), Some(Grouping::Either));
    assert_eq!(grouping("₹10371.92 crore"), Some(Grouping::Plain));
    assert_eq!(grouping("$67.9 billion over 10 years"), None);
    assert_eq!(grouping("Over 70"), None);
    let d = deck(vec![
        card("outlay", "What is the mission's outlay?", "₹1,03,720 crore"),
        card("intl", "What is the other outlay?", "₹203,720 crore"),
        card("plain", "What is the third outlay?", "₹10372 crore"),
        card("short", "What is the fourth outlay?", "₹1,037 crore"),
        card("small", "What is the fifth outlay?", "₹372 crore"),
    ]);
    assert_eq!(
        why(&d, "outlay", "intl"),
        Some(LeftOut::OtherForm(Facet::Grouping))
    );
    assert_eq!(
        why(&d, "outlay", "plain"),
        Some(LeftOut::OtherForm(Facet::Grouping))
    );
    assert_eq!(why(&d, "outlay", "short"), None);
    assert_eq!(why(&d, "outlay", "small"), None);
    assert_eq!(
        why(&d, "short", "plain"),
        Some(LeftOut::OtherForm(Facet::Grouping))
    );
}

/// One rule over every facet of an answer's form: an option is written as the key is.
#[test]
fn options_share_the_key_s_form_facet_by_facet() {
    let differs = |k: &str, o: &str, kind: AnswerKind| {
        Shape::differs(&Shape::of(k, kind), &Shape::of(o, kind))
    };
    let org = AnswerKind::Organisation;
    assert_eq!(
        differs(
            "The two countries' foreign ministries",
            "Commerce ministries",
            org
        ),
        Some(Facet::Article)
    );
    assert_eq!(
        differs(
            "Ministry of Mines",
            "Ministry of Economy, Trade and Industry (METI)",
            org
        ),
        Some(Facet::Parenthesis)
    );
    assert_eq!(differs("Ministry of Mines", "Ministry of Power", org), None);
    let amount = AnswerKind::Amount;
    assert_eq!(
        differs("₹10,372 crore", "$67.9 billion", amount),
        Some(Facet::Currency)
    );
    assert_eq!(differs("Rs 10,372 crore", "₹1,037 crore", amount), None);
    assert_eq!(
        differs("$67.9 billion", "$500 million", amount),
        Some(Facet::Scale)
    );
    assert_eq!(
        differs("₹1,03,720 crore", "₹203,720 crore", amount),
        Some(Facet::Grouping)
    );
    let date = AnswerKind::Date;
    assert_eq!(
        differs("August 2025", "29–30 August 2025", date),
        Some(Facet::Grain)
    );
    assert_eq!(
        differs("29–30 August 2025", "26 April 2026", date),
        Some(Facet::Grain)
    );
    assert_eq!(differs("November 2024", "January 2026", date), None);
    assert_eq!(differs("early 2026", "2025", date), None);
    assert_eq!(
        Shape::of("1-2 September 2025", date).grain,
        Some(Grain::Days)
    );
    assert_eq!(Shape::of("26th April 2026", date).grain, Some(Grain::Day));
    // Labels are not a part in parentheses (they are left out by their own rule).
    assert!(!Shape::of("(a) one (b) two", AnswerKind::Text).paren);
}

#[test]
fn a_year_asked_of_the_past_is_offered_only_years_of_past_events() {
    let y = |c: Card| with(c, |a| a.kind = Some(AnswerKind::Year));
    let d = deck(vec![
        y(card(
            "launch",
            "In which year was the dialogue launched?",
            "2026",
        )),
        y(card(
            "mark",
            "In which year will the two mark 75 years of ties?",
            "2027",
        )),
        y(card(
            "restrict",
            "Which year's export restrictions does the note cite?",
            "2010",
        )),
        card("round", "When was the first round held?", "November 2024"),
        card(
            "visit",
            "On which dates was the visit?",
            "29–30 August 2025",
        ),
    ]);
    assert_eq!(why(&d, "launch", "mark"), Some(LeftOut::OtherTense));
    assert_eq!(why(&d, "mark", "launch"), Some(LeftOut::OtherTense));
    assert_eq!(why(&d, "launch", "restrict"), None);
    let pool = Pool::new(&d);
    let launch = pool.card_index("launch").unwrap();
    let k = Key::new(
        launch,
        &d.cards[launch],
        "In which year was the dialogue launched?",
        pool.answer_of(launch, Side::Forward).unwrap(),
    );
    // The years of the dates are years the deck mentions for past events.
    let mut r = rand_chacha::ChaCha8Rng::seed_from_u64(1);
    let mut options = pool.wrong_options(&d, &k, &[], &mut r);
    options.sort();
    assert_eq!(options, ["2010", "2024", "2025"]);
}

/// A hostile deck: answers of one kind written every way a deck could write them (with and
/// without an article, a part in parentheses, capitals, another currency or scale, digits
/// grouped three ways, dates given to the day, days, the month or the year, years asked of
/// the past and the future).
mod hostile {
    use super::*;
    use crate::domain::quiz::{Question, StudyMode, question_in};
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = (String, Option<AnswerKind>)> {
        let words = prop::sample::select(vec![
            "ministry of mines",
            "Ministry of Power",
            "joint working group",
            "Japan Bank for International Cooperation",
            "the two foreign ministries",
            "A council of advisers",
            "Cabinet Office (Japan)",
            "NITI Aayog",
            "Quality Control Orders",
            "skill gaps",
            "an export board",
        ]);
        let name = (words, any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
            |(w, article, paren, upper)| {
                let mut s = w.to_owned();
                if upper {
                    s = s
                        .split(' ')
                        .map(|p| {
                            let mut c = p.chars();
                            c.next()
                                .map(|f| f.to_uppercase().chain(c).collect())
                                .unwrap_or_default()
                        })
                        .collect::<Vec<String>>()
                        .join(" ");
                }
                if article {
                    s = format!("The {s}");
                }
                if paren {
                    s = format!("{s} (MEA)");
                }
                (s, Some(AnswerKind::Organisation))
            },
        );
        let amount = (
            prop::sample::select(vec!["₹", "$", "Rs ", "¥"]),
            1u64..2_000_000,
            prop::sample::select(vec!["crore", "billion", "million", ""]),
            0u8..3,
        )
            .prop_map(|(cur, n, scale, style)| {
                let digits = n.to_string();
                let grouped = match style {
                    0 => digits,
                    1 => {
                        // International.
                        let mut out = String::new();
                        for (i, c) in digits.chars().enumerate() {
                            if i > 0 && (digits.len() - i) % 3 == 0 {
                                out.push(',');
                            }
                            out.push(c);
                        }
                        out
                    }
                    _ => {
                        // Indian: the last three, then pairs.
                        let (head, tail) = digits.split_at(digits.len().saturating_sub(3));
                        let mut out = String::new();
                        for (i, c) in head.chars().enumerate() {
                            if i > 0 && (head.len() - i) % 2 == 0 {
                                out.push(',');
                            }
                            out.push(c);
                        }
                        if !head.is_empty() {
                            out.push(',');
                        }
                        out + tail
                    }
                };
                (
                    format!("{cur}{grouped} {scale}").trim().to_owned(),
                    Some(AnswerKind::Amount),
                )
            });
        let date = (0u8..4, 1u32..28, 0usize..12, 2020u32..2028).prop_map(|(g, d, m, y)| {
            const MONTHS: [&str; 12] = [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ];
            let m = MONTHS[m];
            let t = match g {
                0 => format!("{d} {m} {y}"),
                1 => format!("{d}–{} {m} {y}", d + 1),
                2 => format!("{m} {y}"),
                _ => format!("early {y}"),
            };
            (t, Some(AnswerKind::Date))
        });
        let year = (2000u32..2035).prop_map(|y| (y.to_string(), Some(AnswerKind::Year)));
        prop_oneof![name, amount, date, year]
    }

    fn hostile_deck() -> impl Strategy<Value = Deck> {
        prop::collection::vec((text(), any::<bool>()), 4..40).prop_map(|answers| {
            let cards = answers
                .into_iter()
                .enumerate()
                .map(|(i, ((answer, kind), future))| {
                    let verb = if future { "will happen" } else { "happened" };
                    with(
                        card(
                            &format!("c{i}"),
                            &format!("Which answer {verb} for fact {i}?"),
                            &answer,
                        ),
                        |a| a.kind = kind,
                    )
                })
                .collect();
            deck(cards)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// No option of a generated question is written otherwise than its key, and a year
        /// asked of the past is never offered with a year of a future event.
        #[test]
        fn no_option_s_form_differs_from_the_key_s(d in hostile_deck(), seed in 0u64..1000) {
            let pool = Pool::new(&d);
            for (ci, c) in d.cards.iter().enumerate() {
                let q = question_in(&pool, &d, c, Side::Forward, StudyMode::Choice, seed);
                let Question::Choice { options, correct, .. } = q else { continue };
                let a = pool.answer_of(ci, Side::Forward).unwrap();
                let key = Shape::of(&a.text, a.kind);
                prop_assert_eq!(correct.len(), 1);
                for (i, o) in options.iter().enumerate() {
                    if i == correct[0] {
                        continue;
                    }
                    prop_assert_eq!(
                        Shape::differs(&key, &Shape::of(o, a.kind)),
                        None,
                        "{:?} offered for {:?}", o, a.text
                    );
                    if a.kind == AnswerKind::Year {
                        let from = pool
                            .answers
                            .iter()
                            .filter(|b| b.kind == AnswerKind::Year && shown(&b.text) == *o)
                            .map(|b| b.tense)
                            .collect::<Vec<_>>();
                        prop_assert!(from.contains(&a.tense), "{:?} offered for {:?}", o, a.text);
                    }
                }
            }
        }
    }
}

#[test]
fn a_person_who_answers_several_cards_is_one_person_named() {
    // Found by a new user's trial: the shipped deck has Toshimitsu Motegi as the answer of two
    // cards, so his family name counted as "shared" and "Motegi" alone was marked wrong.
    let d = deck(vec![
        card(
            "m1",
            "Who led Japan's side at the 18th Strategic Dialogue?",
            "Toshimitsu Motegi",
        ),
        card(
            "m2",
            "Who is Japan's Foreign Minister?",
            "Toshimitsu Motegi",
        ),
        card(
            "m3",
            "Who visited New Delhi for the dialogue?",
            "Motegi Toshimitsu",
        ),
        card("j1", "Who is the MEA's spokesperson?", "Randhir Jaiswal"),
        card("j2", "Who chaired the panel?", "Arvind Jaiswal"),
    ]);
    let pool = Pool::new(&d);
    for id in ["m1", "m2", "m3", "j1", "j2"] {
        let ci = pool.card_index(id).unwrap();
        assert_eq!(
            pool.answer_of(ci, Side::Forward).unwrap().kind,
            AnswerKind::Person,
            "{id}"
        );
    }
    assert_eq!(pool.persons_named("Motegi"), 1);
    assert_eq!(pool.persons_named("Toshimitsu"), 1);
    assert_eq!(pool.persons_named("Jaiswal"), 2);
    assert_eq!(pool.persons_named("Randhir"), 1);
    assert_eq!(pool.persons_named("Modi"), 0);
}
