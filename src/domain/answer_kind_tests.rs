use super::*;

fn kind(q: &str, a: &str) -> AnswerKind {
    infer(q, a).kind
}

#[test]
fn kinds_are_inferred_from_the_answer_and_question() {
    use AnswerKind::*;
    let cases: &[(&str, &str, AnswerKind)] = &[
        ("In which year was it launched?", "2026", Year),
        ("When?", "29–30 August 2025", Date),
        ("When?", "August 2025", Date),
        ("When was it decided?", "In early 2026", Date),
        ("How much?", "$67.9 billion over 10 years", Amount),
        ("Outlay?", "₹10,372 crore", Amount),
        ("Share?", "90%", Percentage),
        ("How many?", "Over 70", Number),
        ("How many?", "Around nine thousand", Number),
        ("Which round?", "The 18th", Number),
        ("How long?", "Three days", Number),
        (
            "Which Indian state?",
            "Andhra Pradesh",
            Place(PlaceLevel::State),
        ),
        ("Where is it?", "Mundra", Place(PlaceLevel::City)),
        (
            "In which state is the OSAT?",
            "Kutch Pradesh",
            Place(PlaceLevel::State),
        ),
        ("Who is the spokesperson?", "Randhir Jaiswal", Person),
        (
            "Who is Sadamasa Oue?",
            "Special Advisor to the Prime Minister of Japan",
            Text,
        ),
        (
            "Who leads it?",
            "The two countries' foreign ministries",
            Organisation,
        ),
        (
            "Which Japanese company runs it?",
            "Toyota Tsusho",
            Organisation,
        ),
        ("JAI", "Japan–India AI Cooperation Initiative", Programme),
        ("MoC", "Memorandum of Cooperation", Document),
        ("Which agreement?", "CEPA", Acronym),
        (
            "Name the five",
            "High tariffs and NTBs; Quality Control Orders; skill gaps",
            List,
        ),
        (
            "Which four?",
            "Resilient supply chains, critical minerals, energy security and maritime security",
            List,
        ),
        ("Focus?", "Agriculture", Text),
        ("Open RAN is an alternative to?", "Vendor-locked 5G", Text),
        (
            "Which minister visited? (type the name)",
            "Toshimitsu Motegi",
            Person,
        ),
        (
            "Where next?",
            "To China, for the Shanghai Cooperation Organisation (SCO) Summit in Tianjin",
            Text,
        ),
        ("What is the focus of the project?", "Agriculture", Sector),
        (
            "Words?",
            "(a) \"particularly paramount\"; (b) \"highest priority\"",
            Text,
        ),
        ("Complete", "\"… the new pivot of geopolitics.\"", Quotation),
        ("What pillar?", "Economic security", Text),
        ("FOIP", "Free and Open Indo-Pacific", Text),
    ];
    for (q, a, want) in cases {
        assert_eq!(kind(q, a), *want, "{q:?} {a:?}: {:?}", infer(q, a));
    }
}

#[test]
fn names_round_trip() {
    for name in KIND_NAMES {
        assert_eq!(AnswerKind::parse(name).map(|k| k.name()), Some(name));
    }
    assert_eq!(
        AnswerKind::parse("ministry"),
        Some(AnswerKind::Organisation)
    );
    assert_eq!(AnswerKind::parse("nonsense"), None);
}

#[test]
fn lists_split_into_items() {
    assert_eq!(
        list_items("The Quad, the UN, the G20 and the G4"),
        ["The Quad", "the UN", "the G20", "the G4"]
    );
    assert_eq!(
        list_items("Open RAN pilots, and support from the Japan ICT Fund"),
        ["Open RAN pilots", "support from the Japan ICT Fund"]
    );
    assert_eq!(list_items("₹10,372 crore"), ["₹10,372 crore"]);
    assert_eq!(
        list_items("August 2025, by India's Ministry of Mines and Japan's METI").len(),
        1
    );
    assert_eq!(list_items("Capital and technology").len(), 1);
    // One thing whose parties are named is not a list of three.
    assert_eq!(
        list_items("Industrial cooperation among JETRO, CII and Keidanren").len(),
        1
    );
    assert_eq!(list_items("Talks between Misri, Oue and Jaiswal").len(), 1);
    assert_eq!(list_items("JETRO, CII and JCCII").len(), 3);
}

#[test]
fn dates_and_numbers_overlap_where_a_reader_would_say_both_fit() {
    let overlap = |a: &str, b: &str| {
        let (x, y) = (date_span(a).unwrap(), date_span(b).unwrap());
        x.0 <= y.1 && y.0 <= x.1
    };
    assert!(overlap("August 2025", "29–30 August 2025"));
    assert!(overlap("early 2026", "January 2026"));
    assert!(!overlap("late 2026", "January 2026"));
    assert!(!overlap("November 2024", "August 2025"));
    assert!(overlap("2026-01-17", "January 2026"));
    let n = |a: &str| number_range(a).unwrap();
    assert_eq!(n("Three days"), ((3.0, 3.0), "days".into()));
    assert_eq!(n("The 18th").1, "ordinal");
    let (lo, hi) = n("Around nine thousand").0;
    assert!(lo < 9000.0 && 9000.0 < hi && lo > 8000.0 && hi < 10000.0);
    assert!(n("Over 50").0.1.is_infinite());
    // "Fewer than 20" is a bound like "under 20", not a count of "fewer".
    assert_eq!(n("Fewer than 20"), n("Under 20"));
    assert!(n("Fewer than 20").0.0.is_infinite());
    assert_eq!(n("$67.9 billion over 10 years").0, (67.9, 67.9));
    assert!(place_contains("Gujarat", "Mundra"));
    assert!(place_contains("India", "Mundra"));
    assert!(place_contains("Delhi", "New Delhi"));
    assert!(!place_contains("Assam", "Mundra"));
    assert_eq!(month_number("Jan"), Some(1));
    assert_eq!(month_number("Sept"), Some(9));
    assert_eq!(month_number("ma"), None);
}

/// `has_labels` as it was written first: the lowered text searched for each label.
fn has_labels_lowered(text: &str) -> bool {
    let t = text.to_lowercase();
    ["(a)", "(b)", "(c)", "(d)", "(1)", "(i)"]
        .iter()
        .any(|l| t.contains(*l))
        || t.starts_with("a) ")
}

proptest::proptest! {
    /// The byte search finds a label exactly when the lowered text has one.
    #[test]
    fn labels_are_found_as_in_the_lowered_text(
        s in "(A\\) |a\\) )?[()aAbBcCdDiI1İK \u{212a}\u{130}x]{0,12}"
    ) {
        proptest::prop_assert_eq!(has_labels(&s), has_labels_lowered(&s));
    }
}

proptest::proptest! {
    /// The one pass finds each rule's phrases exactly where comparing every phrase at every
    /// word finds them, on questions made of the phrases' words, their neighbours and others.
    #[test]
    fn one_pass_finds_the_phrases_that_asks_finds(
        qw in proptest::collection::vec(
            proptest::sample::select(vec![
                "which", "what", "the", "state", "city", "port", "town", "country", "ministry",
                "organisation", "agreement", "document", "sector", "field", "area", "name",
                "focus", "company", "firm", "who", "whom", "minister", "secretary",
                "spokesperson", "advisor", "adviser", "ambassador", "of", "", "whose", "states",
            ]),
            0..10,
        )
    ) {
        for (bit, phrases) in ASKS {
            proptest::prop_assert_eq!(asks(&qw, phrases), asked(&qw) & bit != 0, "{:?} {:?}", qw, phrases);
        }
    }
}
