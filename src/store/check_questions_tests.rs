use super::*;

#[test]
fn a_year_key_apart_from_close_wrong_years_is_flagged() {
    let y = |v: [&str; 4]| v.map(String::from);
    let q = "Which year's export restrictions does the note cite?";
    assert!(picked_by_form(q, &y(["2010", "2024", "2025", "2026"]), 0).is_some());
    assert_eq!(
        picked_by_form(q, &y(["2010", "2007", "2013", "2016"]), 0),
        None
    );
    // An outlier among the wrong options gives nothing away.
    assert_eq!(
        picked_by_form(q, &y(["2026", "2010", "2024", "2025"]), 0),
        None
    );
    assert_eq!(
        picked_by_form(q, &y(["2027", "2026", "2028", "2030"]), 0),
        None
    );
}

#[test]
fn the_key_most_like_every_other_option_is_flagged() {
    // Each wrong option is the key with one part swapped: the key is the consensus.
    let swapped = [
        "$67.9 billion over 10 years",
        "$67.9 billion over 5 years",
        "$76.9 billion over 10 years",
        "$6.79 billion over 10 years",
    ]
    .map(String::from);
    assert!(picked_by_form("How much was pledged?", &swapped, 0).is_some());
    // Two parts varied two ways each: every option is as like the others as the key.
    let crossed = [
        "$67.9 billion over 10 years",
        "$67.9 billion over 5 years",
        "$76.9 billion over 10 years",
        "$76.9 billion over 5 years",
    ]
    .map(String::from);
    assert_eq!(picked_by_form("How much was pledged?", &crossed, 0), None);
    // Unrelated options are not variants of the key.
    let plain = [
        "Market concentration",
        "Product complexity",
        "Income inequality",
        "Trade deficits",
    ]
    .map(String::from);
    assert_eq!(
        picked_by_form("What does the HHI measure?", &plain, 0),
        None
    );
}

#[test]
fn a_key_alone_in_its_form_is_flagged() {
    let bracket = [
        "India's Ministry of Mines and Japan's Ministry of Economy, Trade and Industry (METI)",
        "India's Ministry of Power and Japan's Reconstruction Agency",
        "India's NITI Aayog and Japan's Ministry of Finance",
        "India's Ministry of Steel and Japan's Cabinet Office",
    ]
    .map(String::from);
    assert_eq!(
        picked_by_form("Which ministries?", &bracket, 0).as_deref(),
        Some("is the only option with a parenthesis")
    );
    let places = ["Mundra", "Assam", "Andhra Pradesh", "New Delhi"].map(String::from);
    assert!(
        picked_by_form("The green ammonia project is at:", &places, 0)
            .is_some_and(|w| w.contains("among places of another level"))
    );
    let towns = ["Mundra", "Ahmedabad", "Mumbai", "New Delhi"].map(String::from);
    assert_eq!(
        picked_by_form("The green ammonia project is at:", &towns, 0),
        None
    );
}

#[test]
fn cards_asked_alike_with_options_never_right_are_flagged_in_the_deck() {
    use crate::store::check::check;
    let strength = |id: &str, cell: &str, who: &str, other: &str| {
        format!(
            r#"{{"id": "{id}", "kind": "basic", "front": "In the table, whose strength is \"{cell}\"?", "back": "{who}", "distractors": ["{other}", "Australia's", "The US's"], "source": "s", "explanation": "x"}}"#
        )
    };
    let cards = [
        strength("talent", "huge talent pool", "India's", "Japan's"),
        strength("rnd", "advanced R&D", "Japan's", "India's"),
    ];
    let text = format!(
        "{{\"format\": 1, \"id\": \"d\", \"title\": \"T\", \"description\": \"\",\n \"sources\": [{{\"id\": \"s\", \"title\": \"S\"}}],\n \"cards\": [\n{}\n]}}",
        cards.join(",\n")
    );
    let all: Vec<String> = check("d.json", text.as_bytes(), None)
        .iter()
        .map(|d| d.render())
        .collect();
    let got: Vec<&String> = all.iter().filter(|m| m.contains("asked alike")).collect();
    assert_eq!(got.len(), 2, "{all:#?}");
    assert!(got[0].contains("\"Australia's\" and \"The US's\" are never right for the cards asked alike (talent, rnd): with 2 answers between them, the question is a guess between 2"), "{}", got[0]);
}

#[test]
fn two_cards_with_one_answer_and_no_group_are_flagged_once() {
    use crate::store::check::check;
    let deck = |group: &str| {
        format!(
            "{{\"format\": 1, \"id\": \"d\", \"title\": \"T\", \"description\": \"\",\n \"sources\": [{{\"id\": \"s\", \"title\": \"S\"}}],\n \"cards\": [\n{}\n]}}",
            [
                format!(r#"{{"id": "gov", "kind": "basic", "front": "'AI Governance' asks for?", "back": "Bias checks and safety audits", "answer_kind": "text", "source": "s", "explanation": "x"{group}}}"#),
                format!(r#"{{"id": "q-gov", "kind": "mcq", "question": "The 'AI Governance' imperative calls for:", "options": ["bias checks and safety audits", "clear timelines", "GPU use", "removing NTBs"], "answer": 0, "source": "s", "explanation": "x"{group}}}"#),
            ]
            .join(",\n")
        )
    };
    let found = |text: String| -> Vec<String> {
        check("d.json", text.as_bytes(), None)
            .iter()
            .map(|d| d.render())
            .filter(|m| m.contains("same fact"))
            .collect()
    };
    let got = found(deck(""));
    assert_eq!(got.len(), 1, "{got:#?}");
    assert!(
        got[0].contains(
            "cards \"gov\" and \"q-gov\" both have the answer \"bias checks and safety audits\""
        ),
        "{}",
        got[0]
    );
    assert!(found(deck(r#", "group": "gov""#)).is_empty());
}

/// Each gap of a cloze is a fact: a gap that is another card's answer tests that card's fact,
/// whichever of the two comes first in the deck.
#[test]
fn a_gap_of_a_cloze_of_several_gaps_is_another_card_s_fact() {
    use crate::store::check::check;
    let deck = |cloze_first: bool, group: &str| {
        let cloze = format!(
            r#"{{"id": "cz", "kind": "cloze", "text": "Australia is the {{{{resource base}}}} and Japan brings {{{{capital and technology}}}}.", "answer_kind": "text", "source": "s", "explanation": "x"{group}}}"#
        );
        let basic = format!(
            r#"{{"id": "role-japan", "kind": "basic", "front": "Japan's role?", "back": "Capital and technology", "answer_kind": "text", "source": "s", "explanation": "x"{group}}}"#
        );
        let cards = if cloze_first {
            [cloze, basic]
        } else {
            [basic, cloze]
        };
        format!(
            "{{\"format\": 1, \"id\": \"d\", \"title\": \"T\", \"description\": \"\",\n \"sources\": [{{\"id\": \"s\", \"title\": \"S\"}}],\n \"cards\": [\n{}\n]}}",
            cards.join(",\n")
        )
    };
    let found = |text: String| -> Vec<String> {
        check("d.json", text.as_bytes(), None)
            .iter()
            .map(|d| d.render())
            .filter(|m| m.contains("same fact"))
            .collect()
    };
    for cloze_first in [true, false] {
        let got = found(deck(cloze_first, ""));
        assert_eq!(got.len(), 1, "{got:#?}");
        assert!(
            got[0]
                .to_lowercase()
                .contains("both have the answer \"capital and technology\""),
            "{}",
            got[0]
        );
        assert!(found(deck(cloze_first, r#", "group": "roles""#)).is_empty());
    }
}

#[test]
fn a_key_alone_echoing_the_question_is_flagged() {
    let ict = [
        "Open RAN pilots and Japan ICT Fund support",
        "satellite internet and undersea cables",
        "5G spectrum auctions",
        "a Renesas–CG Power OSAT",
    ]
    .map(String::from);
    // "5G" is two characters: only words of three letters or more count.
    assert_eq!(
        picked_by_form("Under the ICT & 5G sector, the UPSC note lists:", &ict, 0).as_deref(),
        Some("is the only option with a word of the question (\"ict\")")
    );
    assert_eq!(
        picked_by_form(
            "The UPSC note lists Open RAN pilots under:",
            &[
                "ICT & 5G",
                "Semiconductors",
                "Clean energy",
                "Pharmaceuticals"
            ]
            .map(String::from),
            0
        ),
        None
    );
    // The countries and their possessives are in every question: they echo nothing.
    let ministries = [
        "Japan's Ministry of Economy, Trade and Industry",
        "Ministry of Finance",
        "Cabinet Office",
        "Reconstruction Agency",
    ]
    .map(String::from);
    assert_eq!(
        picked_by_form("Which of Japan's bodies signed it?", &ministries, 0),
        None
    );
}

#[test]
fn a_question_leaning_on_another_card_is_flagged() {
    assert_eq!(
        refers_outside("In the same scheme of complementary roles, the United States provides:"),
        Some("in the same ")
    );
    assert_eq!(
        refers_outside("What do these reports call the partnership?"),
        Some("these reports")
    );
    assert_eq!(
        refers_outside(
            "In the UPSC note's complementary roles for critical minerals, the United States provides:"
        ),
        None
    );
}

proptest::proptest! {
    /// The case-blind search finds what searching the lowered question with a space after it
    /// finds, also with capitals, the Kelvin sign, "İ" and other letters that lower case
    /// changes, and a phrase that ends the question.
    #[test]
    fn refers_outside_is_the_search_of_the_lowered_question(
        s in "((?i)in the same|the same scheme|these reports|as above|this subject|\u{212a}|\u{130}|\u{3a3}|ß|नीति|[a-z ?.]){0,8}"
    ) {
        let q = format!("{} ", s.to_lowercase());
        let want = PHRASES.iter().copied().find(|p| q.contains(p));
        proptest::prop_assert_eq!(refers_outside(&s), want, "{:?}", s);
    }
}
