use super::*;
use proptest::strategy::Strategy;

fn acc(a: &[&str]) -> Vec<String> {
    a.iter().map(|s| s.to_string()).collect()
}

/// What a teacher accepts: each typed form against the deck's forms.
#[test]
fn forms_a_teacher_accepts() {
    let motegi = ["Toshimitsu Motegi".to_owned()]
        .into_iter()
        .chain(name_forms(AnswerKind::Person, "Toshimitsu Motegi", |_| {
            false
        }))
        .collect::<Vec<_>>();
    let cases: &[(&str, &[String])] = &[
        ("Motegi Toshimitsu", &motegi),
        ("motegi", &motegi),
        ("Toshimitsu Motegi", &motegi),
        ("Toyota Tsusho Corporation", &acc(&["Toyota Tsusho"])),
        ("Toyota Tsusho Corp.", &acc(&["Toyota Tsusho"])),
        ("Toyota Tsusho Ltd", &acc(&["Toyota Tsusho"])),
        ("India-Japan CEPA", &acc(&["CEPA"])),
        ("Japan–India CEPA", &acc(&["CEPA"])),
        ("Jan 2026", &acc(&["January 2026"])),
        ("Sept 2025", &acc(&["September 2025"])),
        ("January 2026", &acc(&["Jan 2026"])),
        ("Delhi", &acc(&["New Delhi", "Delhi"])),
        ("Rs 5 lakh crore", &acc(&["₹5 lakh crore"])),
        ("Rs. 10,372 crore", &acc(&["₹10,372 crore"])),
        ("rs.10,372 crore", &acc(&["₹10,372 crore"])),
        ("INR 10,372 crore", &acc(&["₹10,372 crore"])),
        ("10,372 crore rupees", &acc(&["₹10,372 crore"])),
        ("₹5 lakh crore", &acc(&["Rs 5 lakh crore"])),
        (
            "US$67.9 billion over 10 years",
            &acc(&["$67.9 billion over 10 years"]),
        ),
        (
            "USD 67.9 billion over 10 years",
            &acc(&["$67.9 billion over 10 years"]),
        ),
        (
            "67.9 billion dollars over 10 years",
            &acc(&["$67.9 billion over 10 years"]),
        ),
        ("90 per cent", &acc(&["90%"])),
        ("90 percent", &acc(&["90%"])),
        ("90%", &acc(&["90 per cent"])),
        ("the US", &acc(&["US"])),
        ("Indo Pacific", &acc(&["Indo-Pacific"])),
        ("India", &acc(&["India's"])),
        ("India's", &acc(&["India"])),
        ("Japan’s", &acc(&["Japan"])),
        (
            "India's first semiconductor fab",
            &acc(&["India first semiconductor fab"]),
        ),
        ("O'Brien", &acc(&["OBrien"])),
    ];
    for (given, accepted) in cases {
        assert_eq!(
            check_typed(given, accepted),
            Verdict::Right,
            "{given:?} against {accepted:?}"
        );
    }
}

/// Near misses: a different thing, however close it looks.
#[test]
fn near_misses_are_rejected() {
    let motegi = ["Toshimitsu Motegi".to_owned()]
        .into_iter()
        .chain(name_forms(AnswerKind::Person, "Toshimitsu Motegi", |_| {
            false
        }))
        .collect::<Vec<_>>();
    let cases: &[(&str, &[String])] = &[
        ("Toyota", &acc(&["Toyota Tsusho"])),
        ("Toyota Tsusho", &acc(&["Toyota"])),
        ("Tsusho", &acc(&["Toyota Tsusho"])),
        ("Toshimitsu", &motegi),
        ("EPA", &acc(&["CEPA"])),
        ("India-Japan EPA", &acc(&["CEPA"])),
        ("Jan 2025", &acc(&["January 2026"])),
        ("June 2026", &acc(&["January 2026"])),
        ("Delhi", &acc(&["New Delhi"])),
        ("Tata", &acc(&["Tata Electronics"])),
        ("Ministry of Mines", &acc(&["Ministry of External Affairs"])),
        ("Rs 1,037 crore", &acc(&["₹10,372 crore"])),
        ("Rs 5 crore", &acc(&["₹5 lakh crore"])),
        (
            "USD 6.79 billion over 10 years",
            &acc(&["$67.9 billion over 10 years"]),
        ),
        (
            "$6.79 billion over 10 years",
            &acc(&["$67.9 billion over 10 years"]),
        ),
        ("$6.79 billion", &acc(&["$67.9 billion"])),
        ("9 per cent", &acc(&["90%"])),
        ("US", &acc(&["UK"])),
        ("Rs", &acc(&["₹5"])),
        ("Japan", &acc(&["India–Japan"])),
        ("Corporation", &acc(&["Toyota Tsusho"])),
    ];
    for (given, accepted) in cases {
        assert_eq!(
            check_typed(given, accepted),
            Verdict::Wrong,
            "{given:?} against {accepted:?}"
        );
    }
}

#[test]
fn a_family_name_alone_only_when_no_other_person_has_it() {
    let alone = name_forms(AnswerKind::Person, "Randhir Jaiswal", |_| false);
    assert_eq!(alone, ["Jaiswal Randhir", "Jaiswal"]);
    let shared = name_forms(AnswerKind::Person, "Randhir Jaiswal", |w| w == "Jaiswal");
    assert_eq!(shared, ["Jaiswal Randhir"]);
    assert_eq!(
        name_forms(AnswerKind::Person, "Congress leader Manish Tewari", |_| {
            false
        }),
        ["Manish Tewari", "Tewari Manish", "Tewari"]
    );
    assert!(name_forms(AnswerKind::Organisation, "Toyota Tsusho", |_| false).is_empty());
    assert!(name_forms(AnswerKind::Person, "Jaiswal", |_| false).is_empty());
}

/// [`normalise`] as its definition reads, the oracle for the one-pass version: every text
/// through the full NFD and NFC passes, each rule a pass of its own.
fn normalise_full(s: &str) -> String {
    let lowered: Vec<char> = s.to_lowercase().nfd().collect();
    let decimal = |i: usize| {
        lowered[i] == '.'
            && i > 0
            && lowered[i - 1].is_ascii_digit()
            && lowered.get(i + 1).is_some_and(char::is_ascii_digit)
    };
    let stripped: String = (0..lowered.len())
        .filter(|&i| decimal(i) || lowered[i] != '.')
        .map(|i| lowered[i])
        .filter(|c| !('\u{0300}'..='\u{036f}').contains(c))
        .filter(|c| !matches!(c, ',' | '\'' | '’'))
        .map(|c| {
            if c.is_alphanumeric() || c.is_whitespace() || is_mark(c) || c == '.' {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .nfc()
        .collect();
    let words: Vec<&str> = stripped.split_whitespace().collect();
    let words = match words.first() {
        Some(&("the" | "a" | "an")) if words.len() > 1 => &words[1..],
        _ => &words[..],
    };
    words.join(" ")
}

#[test]
fn normalise_with_quick_checks_is_the_full_passes() {
    for s in [
        "Café au lait",
        "Cafe\u{301} au lait",
        "भारत-जापान",
        "क़िला and क\u{93c}िला",
        "が and か\u{3099}",
        "Ω Å Å ﬁ",
        "e\u{323}\u{302} and ệ",
        "$6.79 is not $67.9; ₹10,372 crore",
        "The Tokyo Electron–Tata pact",
    ] {
        assert_eq!(normalise(s), normalise_full(s), "{s:?}");
    }
}

proptest::proptest! {
    #[test]
    fn normalise_is_the_full_passes(s in "\\PC{0,24}") {
        proptest::prop_assert_eq!(normalise(&s), normalise_full(&s));
    }

    /// Decimal points, separators, apostrophes and leading articles, where the one pass looks
    /// at its neighbours.
    #[test]
    fn normalise_is_the_full_passes_on_punctuation(
        s in "((the|a|an|The|A) )?[a-zA-Z0-9.,'’ \t\u{2013}₹$]{0,20}( (the|a))?"
    ) {
        proptest::prop_assert_eq!(normalise(&s), normalise_full(&s));
    }

    #[test]
    fn normalise_is_the_full_passes_on_marks(
        s in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::char::range('a', 'z'),
                proptest::char::range('\u{300}', '\u{36f}'),
                proptest::char::range('\u{900}', '\u{97f}'),
                proptest::char::range('\u{3040}', '\u{309f}'),
                proptest::char::range('\u{1e00}', '\u{1eff}'),
                proptest::char::range('\u{ac00}', '\u{ac20}'),
                proptest::char::range('\u{1100}', '\u{1175}'),
            ],
            0..16,
        )
    ) {
        let s: String = s.into_iter().collect();
        proptest::prop_assert_eq!(normalise(&s), normalise_full(&s));
    }
}

/// The one-pass form takes the texts of the shipped and generated decks (so that the
/// proptests above exercise it) and declines what it cannot do alone.
#[test]
fn the_one_pass_form_takes_the_common_texts() {
    use super::super::text_fast;
    for (s, want) in [
        ("India–Japan ₹10,372 crore", "india japan 10372 crore"),
        (
            "economic maan らtoनी मार्गनी? (#0)",
            "economic maan らtoनी मार्गनी 0",
        ),
        ("The Tokyo Electron–Tata pact", "tokyo electron tata pact"),
        ("$6.79", "6.79"),
        ("the", "the"),
        ("  two\u{3000}words ", "two words"),
    ] {
        assert_eq!(text_fast::normalise(s).as_deref(), Some(want), "{s:?}");
        assert_eq!(normalise_full(s), want, "{s:?}");
    }
    // Upper-case Greek, a precomposed accent, kana with a combining mark that composes.
    for s in ["Ω", "Café", "か\u{3099}", "क\u{93c}"] {
        assert_eq!(text_fast::normalise(s), None, "{s:?}");
        assert_eq!(normalise(s), normalise_full(s), "{s:?}");
    }
}

proptest::proptest! {
    /// The one pass against the definition on the characters a deck mixes: ASCII letters,
    /// digits and punctuation, white space of several kinds, Devanagari with its virama and
    /// nukta, kana with and without their combining marks, Latin accents, leading articles.
    #[test]
    fn the_one_pass_form_is_the_full_passes(
        s in proptest::collection::vec(
            proptest::prop_oneof![
                "(the |a |an |The )",
                "[a-zA-Z0-9.,'’ \t\u{a0}\u{3000}\u{2013}₹$?()#-]",
                proptest::char::range('\u{900}', '\u{97f}').prop_map(String::from),
                proptest::char::range('\u{3040}', '\u{30ff}').prop_map(String::from),
                proptest::char::range('\u{300}', '\u{36f}').prop_map(String::from),
                proptest::char::range('\u{c0}', '\u{17f}').prop_map(String::from),
                "[日本語ΣΩσ]",
            ],
            0..24,
        )
    ) {
        let s: String = s.concat();
        if let Some(fast) = super::super::text_fast::normalise(&s) {
            proptest::prop_assert_eq!(&fast, &normalise_full(&s), "{:?}", s);
        }
        proptest::prop_assert_eq!(normalise(&s), normalise_full(&s), "{:?}", s);
    }
}

/// An answer's gloss: a last part in parentheses (kept when it holds a number), and for a
/// reversed item what follows a spaced dash.
#[test]
fn forms_without_the_gloss() {
    assert_eq!(
        gloss_forms("Ministry of Economy, Trade and Industry (Japan)", false),
        ["Ministry of Economy, Trade and Industry"]
    );
    assert_eq!(
        gloss_forms("PCI (a tool used to identify high-risk sectors)", true),
        ["PCI"]
    );
    assert_eq!(
        gloss_forms("Infrastructure — the project the UPSC note lists", true),
        ["Infrastructure"]
    );
    assert_eq!(
        gloss_forms(
            "Japan–India AI Cooperation Initiative (JAI) — its purpose",
            true
        ),
        [
            "Japan–India AI Cooperation Initiative (JAI)",
            "Japan–India AI Cooperation Initiative"
        ]
    );
    // A forward answer keeps what follows a dash: it may be what is asked.
    assert!(gloss_forms("E10 Shinkansen – first outside Japan", false).is_empty());
    // A number in parentheses may be what is asked; an unhyphenated en dash joins a name.
    assert!(gloss_forms("Digital Partnership (2.0)", false).is_empty());
    assert!(gloss_forms("Mumbai–Ahmedabad Bullet Train", true).is_empty());
    assert!(gloss_forms("(Japan)", false).is_empty());
    assert!(gloss_forms("Toyota Tsusho", false).is_empty());
    let accepted = |a: &str, rev: bool| {
        std::iter::once(a.to_owned())
            .chain(gloss_forms(a, rev))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        check_typed(
            "PCI",
            &accepted("PCI (a tool used to identify high-risk sectors)", true)
        ),
        Verdict::Right
    );
    // Still a different thing is wrong.
    assert_eq!(
        check_typed(
            "Ministry of Economy",
            &accepted("Ministry of Economy, Trade and Industry (Japan)", false)
        ),
        Verdict::Wrong
    );
}

/// Answers typed word for word would be marked wrong for their order or labels.
#[test]
fn answers_in_parts() {
    for a in [
        "Chip dependencies, data gaps and high compute costs",
        "Joint research, governance norms and trustworthy AI",
        "Policy perspectives, intelligence and information on best practices",
        "(a) \"particularly paramount\"; (b) \"highest priority\"",
    ] {
        assert!(in_parts(a), "{a}");
    }
    for a in [
        "Ministry of Economy, Trade and Industry (Japan)",
        "Defence technology and economic security",
        "In early 2026, as a new initiative",
        "Bias checks and safety audits",
        "Capital and technology",
        "Give a coherent push to AI cooperation, with a focus on economic security",
        "India's",
    ] {
        assert!(!in_parts(a), "{a}");
    }
}

proptest::proptest! {
    /// Any text with a wordy gloss in parentheses is also accepted without it, and a reversed
    /// item's text before a spaced dash.
    #[test]
    fn the_text_before_a_gloss_is_accepted(
        head in "[A-Z][a-z]{2,8}( [A-Za-z]{2,8}){0,3}",
        gloss in "[a-z]{2,8}( [a-z]{2,8}){0,3}",
        reversed in proptest::bool::ANY,
    ) {
        let answer = format!("{head} ({gloss})");
        let forms = gloss_forms(&answer, reversed);
        proptest::prop_assert_eq!(&forms, &vec![head.clone()]);
        let mut accepted = vec![answer.clone()];
        accepted.extend(forms);
        proptest::prop_assert_eq!(check_typed(&head, &accepted), Verdict::Right);
        let dashed = format!("{head} — {gloss}");
        proptest::prop_assert_eq!(gloss_forms(&dashed, true), vec![head.clone()]);
    }

    /// Three short lower-case phrases, the last two joined by "and", are in parts whatever
    /// their words; capitalised ones (a name's words) are not.
    #[test]
    fn short_phrases_joined_by_and_are_in_parts(
        a in "[A-Z][a-z]{1,8}( [a-z]{1,8}){0,3}",
        b in "[a-z]{1,8}( [a-z]{1,8}){0,3}",
        c in "[a-z]{1,8}( [a-z]{1,8}){0,3}",
    ) {
        proptest::prop_assume!(!format!("{b} {c}").split(' ').any(|w| w == "and"));
        let list = format!("{a}, {b} and {c}");
        proptest::prop_assert!(in_parts(&list), "{}", list);
        let name = format!("{a}, {} and {}", capital(&b), capital(&c));
        proptest::prop_assert!(!in_parts(&name), "{}", name);
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

proptest::proptest! {
    /// A currency or "per cent" written out is its sign, for any number; another number is
    /// never right, nor close.
    #[test]
    fn a_unit_written_out_is_its_sign(
        n in "[1-9][0-9]{0,5}(\\.[0-9]{1,2})?",
        m in "[1-9][0-9]{0,5}(\\.[0-9]{1,2})?",
        scale in proptest::sample::select(vec!["crore", "lakh crore", "billion", "million"]),
        word in proptest::sample::select(vec!["Rs", "Rs.", "INR", "USD", "US$"]),
    ) {
        let sign = if word.starts_with('U') { "$" } else { "₹" };
        let key = vec![format!("{sign}{n} {scale}")];
        proptest::prop_assert_eq!(check_typed(&format!("{word} {n} {scale}"), &key), Verdict::Right);
        proptest::prop_assert_eq!(check_typed(&format!("{word}{n} {scale}"), &key), Verdict::Right);
        let percent = vec![format!("{n}%")];
        proptest::prop_assert_eq!(check_typed(&format!("{n} per cent"), &percent), Verdict::Right);
        proptest::prop_assert_eq!(check_typed(&format!("{n} percent"), &percent), Verdict::Right);
        // Another number: "3.0" is the same number as "3" (and was rightly marked Right).
        if m.parse::<f64>() != n.parse::<f64>() {
            proptest::prop_assert_eq!(check_typed(&format!("{word} {m} {scale}"), &key), Verdict::Wrong);
            proptest::prop_assert_eq!(check_typed(&format!("{m} per cent"), &percent), Verdict::Wrong);
        }
    }
}

/// A possessive "'s" is dropped, never an "s" that belongs to the word: "Indias" is close to
/// "India's" (its apostrophe left out) but not to "India" (an "s" on a name makes another
/// name: Adam/Adams), and a word ending in "'s" keeps what comes before.
#[test]
fn a_possessive_answer_is_accepted_without_its_s() {
    assert_eq!(check_typed("India", &acc(&["India's"])), Verdict::Right);
    assert_eq!(check_typed("india’s", &acc(&["India"])), Verdict::Right);
    assert_eq!(check_typed("Indias", &acc(&["India's"])), Verdict::Close);
    assert_eq!(check_typed("Indias", &acc(&["India"])), Verdict::Wrong);
    assert_eq!(
        check_typed("John Adams", &acc(&["John Adam"])),
        Verdict::Wrong
    );
    assert_eq!(check_typed("Paris", &acc(&["Pari"])), Verdict::Wrong);
    assert_eq!(check_typed("Gujarat's", &acc(&["Gujarat"])), Verdict::Right);
    assert_eq!(check_typed("'s", &acc(&["India"])), Verdict::Wrong);
}

/// A Roman numeral is a number: one letter more or less in it is another thing, not a typo.
#[test]
fn a_typo_is_never_forgiven_in_a_roman_numeral() {
    let wrong = [
        ("Phase I", "Phase II"),
        ("Phase II", "Phase I"),
        ("World War I", "World War II"),
        ("GS Paper II", "GS Paper III"),
        ("Chapter IV", "Chapter VI"),
        ("Article XIV", "Article XV"),
    ];
    for (given, key) in wrong {
        assert_eq!(
            check_typed(given, &acc(&[key])),
            Verdict::Wrong,
            "{given} for {key}"
        );
    }
    // The numeral right and a typo elsewhere is still close; the numeral alone is right.
    assert_eq!(check_typed("Phaze II", &acc(&["Phase II"])), Verdict::Close);
    assert_eq!(check_typed("phase ii", &acc(&["Phase II"])), Verdict::Right);
    assert_eq!(
        check_typed("Xi Jinping", &acc(&["Xi Jinping"])),
        Verdict::Right
    );
    // A word made of a numeral's letters is a word: "Viivek" is one typo from "Vivek".
    assert_eq!(check_typed("Viivek", &acc(&["Vivek"])), Verdict::Close);
}

/// A slip that spells another name is another answer, not a misspelling: a country for a
/// country, a people for its country, a language for a religion.
#[test]
fn a_slip_that_spells_another_name_is_wrong() {
    for (given, answer) in [
        ("Indian", "India"),
        ("India", "Indian"),
        ("Nigerian", "Nigeria"),
        ("Guinean", "Guinea"),
        ("Austrian", "Austria"),
        ("Zambia", "Gambia"),
        ("Bengali", "Bengal"),
        ("Hindu", "Hindi"),
        ("Iraq", "Iran"),
        ("Russian", "Russia"),
        ("Israeli", "Israel"),
        ("Punjabi", "Punjab"),
        ("Sedan", "Sudan"),
        ("Korean", "Korea"),
        ("Indian Ocean", "India Ocean"),
        ("the Indian", "India"),
    ] {
        assert_eq!(
            check_typed(given, &acc(&[answer])),
            Verdict::Wrong,
            "{given} for {answer}"
        );
    }
    // A slip inside a name that spells nothing else is still forgiven.
    for (given, answer) in [
        ("Inida", "India"),
        ("Nigreia", "Nigeria"),
        ("Gujrat", "Gujarat"),
        ("Andhra Pradseh", "Andhra Pradesh"),
    ] {
        assert_eq!(
            check_typed(given, &acc(&[answer])),
            Verdict::Close,
            "{given} for {answer}"
        );
    }
}

/// Every two names of the embedded list one slip apart are told apart, both ways, whether
/// the answer is written as a name or in lower case.
#[test]
fn no_name_of_the_list_is_a_slip_for_another() {
    let names = super::super::typed_words::tests_names();
    let mut pairs = 0;
    for a in names {
        for b in names {
            if a != b && edit_distance(a, b) == 1 {
                pairs += 1;
                assert_eq!(check_typed(b, &acc(&[a])), Verdict::Wrong, "{b} for {a}");
                assert_eq!(
                    check_typed(b, &acc(&[&capital(a)])),
                    Verdict::Wrong,
                    "{b} for {a}"
                );
            }
        }
    }
    assert!(pairs > 20, "{pairs}");
}

/// A short answer gets no slip: four letters or fewer, one changed, is often another word.
#[test]
fn short_answers_get_no_forgiveness() {
    for (given, answer) in [
        ("Irn", "Iran"),
        ("Mlai", "Mali"),
        ("Oman", "Omen"),
        ("Quda", "Quad"),
    ] {
        assert_eq!(
            check_typed(given, &acc(&[answer])),
            Verdict::Wrong,
            "{given} for {answer}"
        );
    }
    // In an answer of three words the others say what is meant.
    assert_eq!(
        check_typed(
            "Free and Opn Indo-Pacific",
            &acc(&["Free and Open Indo-Pacific"])
        ),
        Verdict::Close
    );
    assert_eq!(
        check_typed("Iraq nuclear deal", &acc(&["Iran nuclear deal"])),
        Verdict::Wrong
    );
}

/// The deck's own words: a slip that spells another answer or option of the deck is wrong;
/// a plural "s" of a lower-case word is the same word.
#[test]
fn a_slip_that_spells_another_of_the_decks_words_is_wrong() {
    let deck = [
        "hazira", "hazara", "mundra", "mineral", "minerals", "critical",
    ];
    let known = |w: &str| deck.contains(&w);
    assert_eq!(
        check_typed_among("Hazara", &acc(&["Hazira"]), known),
        Verdict::Wrong
    );
    assert_eq!(check_typed("Hazara", &acc(&["Hazira"])), Verdict::Close);
    assert_eq!(
        check_typed_among("critical mineral", &acc(&["critical minerals"]), known),
        Verdict::Close
    );
    assert_eq!(
        check_typed_among("Hazria", &acc(&["Hazira"]), known),
        Verdict::Close
    );
}

/// Abbreviations are codes: one letter changed is another one.
#[test]
fn no_slip_in_an_abbreviation() {
    assert_eq!(check_typed("CPTTP", &acc(&["CPTPP"])), Verdict::Wrong);
    assert_eq!(check_typed("UNESCP", &acc(&["UNESCO"])), Verdict::Wrong);
    assert_eq!(check_typed("unesco", &acc(&["UNESCO"])), Verdict::Right);
}

proptest::proptest! {
    /// A name with a letter added or left off at its end is another name (India/Indian,
    /// Bengal/Bengali, Adam/Adams), whatever the name; a slip inside it is forgiven when it
    /// spells nothing the deck or the list knows.
    #[test]
    fn the_end_of_a_name_is_never_a_slip(
        name in "[A-Z][a-z]{4,9}",
        extra in "[a-z]",
        at in 1usize..4,
    ) {
        let lower = name.to_lowercase();
        proptest::prop_assume!(!super::super::typed_words::is_name(&lower));
        // A word of a Roman numeral's letters ("Xxiii") or a number's ("Seven") is a number.
        proptest::prop_assume!(!lower.chars().all(|c| matches!(c, 'x' | 'v' | 'i')));
        proptest::prop_assume!(
            read(&canonical(&name)).iter().all(|t| matches!(t, Tok::Word(_)))
        );
        let key = acc(&[&name]);
        proptest::prop_assert_eq!(check_typed(&format!("{name}{extra}"), &key), Verdict::Wrong);
        proptest::prop_assert_eq!(check_typed(&name[..name.len() - 1], &key), Verdict::Wrong);
        // Two letters swapped inside the name: forgiven unless that spells a name.
        let mut c: Vec<char> = name.chars().collect();
        c.swap(at, at + 1);
        let swapped: String = c.into_iter().collect();
        if swapped != name && !super::super::typed_words::is_name(&swapped.to_lowercase()) {
            proptest::prop_assert_eq!(check_typed(&swapped, &key), Verdict::Close);
            // …unless the deck writes that word somewhere.
            let spelt = swapped.to_lowercase();
            proptest::prop_assert_eq!(
                check_typed_among(&swapped, &key, |w| w == spelt),
                Verdict::Wrong
            );
        }
    }
}

/// Numbers as a teacher reads them: words or figures, an abbreviated multiplier, a currency
/// as its sign, code or name, a date in any unambiguous order.
#[test]
fn numbers_and_dates_written_another_way_are_right() {
    let cases: &[(&str, &str)] = &[
        ("ten", "10"),
        ("10", "ten"),
        ("Ten years", "10 years"),
        ("a thousand", "1,000"),
        ("one thousand and one", "1001"),
        ("ten lakh", "10 lakh"),
        ("10 lakh", "1 million"),
        ("two crore", "2 cr"),
        ("5 bn", "five billion"),
        ("$5 bn", "US$5 billion"),
        ("10 mn", "10 million"),
        ("₹10,372 cr", "₹10,372 crore"),
        ("¥10 trillion", "10 trillion yen"),
        ("10 trillion yen", "¥10 trillion"),
        ("JPY 10 trillion", "¥10 trillion"),
        ("€5 billion", "5 billion euros"),
        ("₹5 lakh crore", "5 lakh crore rupees"),
        ("Rs 5 lakh crore", "₹5 lakh crore"),
        ("$67.9 billion", "67.9 billion dollars"),
        ("January 17, 2026", "17 January 2026"),
        ("17 Jan 2026", "17 January 2026"),
        ("17th January 2026", "January 17, 2026"),
        ("17/1/2026", "17 January 2026"),
        ("2026-01-17", "17 January 2026"),
        ("Aug 29–30, 2025", "29–30 August 2025"),
        ("the eighteenth", "18th"),
        ("over seventy", "Over 70"),
    ];
    for (given, answer) in cases {
        assert_eq!(
            check_typed(given, &acc(&[answer])),
            Verdict::Right,
            "{given:?} for {answer:?}"
        );
    }
}

/// Never a different number: another value, another currency, another scale, a count for an
/// ordinal, a date whose day could be its month.
#[test]
fn a_different_number_is_never_right_nor_close() {
    let cases: &[(&str, &str)] = &[
        ("eleven", "10"),
        ("ten", "100"),
        ("10 crore", "10 lakh"),
        ("10 bn", "10 million"),
        ("$10 trillion", "¥10 trillion"),
        ("₹5 lakh crore", "$5 lakh crore"),
        ("10 trillion yen", "10 trillion dollars"),
        ("18", "18th"),
        ("eighty", "eighth"),
        ("fifty", "fifth"),
        ("5/1/2026", "5 January 2026"),
        ("1/5/2026", "5 January 2026"),
        ("18 January 2026", "January 17, 2026"),
        ("January 2025", "Jan 2026"),
        ("Phase twenty", "Phase 21"),
    ];
    for (given, answer) in cases {
        assert_eq!(
            check_typed(given, &acc(&[answer])),
            Verdict::Wrong,
            "{given:?} for {answer:?}"
        );
    }
}

proptest::proptest! {
    /// A whole number in figures, with or without a currency and a multiplier, is right in
    /// any of its spellings and never for another number.
    #[test]
    fn any_amount_is_right_only_for_itself(
        n in 1u32..100_000,
        m in 1u32..100_000,
        scale in proptest::sample::select(vec![("crore", "cr"), ("billion", "bn"), ("million", "mn"), ("lakh", "lakh")]),
        sign in proptest::sample::select(vec![("₹", "rupees"), ("$", "dollars"), ("¥", "yen"), ("€", "euros")]),
    ) {
        let key = acc(&[&format!("{}{n} {}", sign.0, scale.0)]);
        let written = format!("{n} {} {}", scale.1, sign.1);
        proptest::prop_assert_eq!(check_typed(&written, &key), Verdict::Right, "{}", written);
        if m != n {
            let other = format!("{m} {} {}", scale.1, sign.1);
            proptest::prop_assert_eq!(check_typed(&other, &key), Verdict::Wrong, "{}", other);
        }
    }
}

/// Found in review: a leading plural multiplier was read as exactly one of it, so "1 million"
/// was Right for the answer "Millions". Only a singular stands for "a …".
#[test]
fn a_plural_multiplier_is_no_number() {
    assert_ne!(
        check_typed("1 million", &acc(&["Millions"])),
        Verdict::Right
    );
    assert_ne!(check_typed("1000", &acc(&["Thousands"])), Verdict::Right);
    assert_eq!(check_typed("1,000", &acc(&["a thousand"])), Verdict::Right);
    assert_eq!(check_typed("one lakh", &acc(&["Lakh"])), Verdict::Right);
}
