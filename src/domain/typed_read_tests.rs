use super::*;

fn reads(s: &str) -> Vec<Tok> {
    read(&super::super::typed::canonical(s))
}

fn value(s: &str) -> String {
    match &reads(s)[..] {
        [Tok::Num(n)] => n.value.to_string(),
        other => panic!("{s:?} reads {other:?}"),
    }
}

#[test]
fn numbers_in_words_and_figures() {
    for (s, v) in [
        ("10", "1e1"),
        ("ten", "1e1"),
        ("twenty-five", "25e0"),
        ("one hundred and five", "105e0"),
        ("three hundred twenty five", "325e0"),
        ("a thousand", "1e3"),
        ("one thousand two hundred", "12e2"),
        ("ten lakh", "1e6"),
        ("1 million", "1e6"),
        ("10,00,000", "1e6"),
        ("five lakh crore", "5e12"),
        ("5 lakh crore", "5e12"),
        ("two crore fifty lakh", "25e6"),
        ("2.5 crore", "25e6"),
        ("1.5 bn", "15e8"),
        ("1.5bn", "15e8"),
        ("67.9 billion", "679e8"),
        ("67,900 million", "679e8"),
        ("10 cr", "1e8"),
        ("ten trillion", "1e13"),
        ("nine thousand", "9e3"),
    ] {
        assert_eq!(value(s), v, "{s}");
    }
}

#[test]
fn two_numbers_side_by_side_stay_two() {
    assert_eq!(reads("one two").len(), 2);
    assert_eq!(reads("2025 2026").len(), 2);
    assert_eq!(reads("two and three").len(), 3);
    // A multiplier with no number is a word ("in lakh"), except first, where normalising
    // dropped its "a" ("a lakh" reads "lakh").
    assert_eq!(
        reads("in lakh"),
        vec![Tok::Word("in".into()), Tok::Word("lakh".into())]
    );
    assert!(same(&reads("a lakh"), &reads("100000")));
}

#[test]
fn an_ordinal_is_not_a_count() {
    let first = reads("18th");
    let words = reads("eighteenth");
    assert!(same(&first, &words));
    assert!(!same(&first, &reads("18")));
    assert!(same(&reads("twenty first"), &reads("21st")));
}

#[test]
fn currencies_belong_to_their_amounts() {
    let yen = reads("¥10 trillion");
    assert!(same(&yen, &reads("10 trillion yen")));
    assert!(same(&yen, &reads("JPY 10 trillion")));
    assert!(!same(&yen, &reads("$10 trillion")));
    assert!(same(&reads("₹5 lakh crore"), &reads("Rs 5 lakh crore")));
    assert!(same(&reads("₹5 lakh crore"), &reads("5 lakh crore rupees")));
    assert!(!same(&reads("₹5 lakh crore"), &reads("$5 lakh crore")));
    assert!(same(&reads("$67.9 billion"), &reads("US$ 67.9 bn")));
    assert!(same(
        &reads("$67.9 billion"),
        &reads("67.9 billion US dollars")
    ));
    assert!(same(&reads("€2 billion"), &reads("2 billion euros")));
    // A currency left out is the answer's.
    assert!(same(&reads("$67.9 billion"), &reads("67.9 billion")));
    // A currency word with no amount is a word.
    assert_eq!(reads("yen"), vec![Tok::Word("yen".into())]);
}

#[test]
fn dates_in_any_order() {
    let want = reads("17 January 2026");
    for s in [
        "January 17, 2026",
        "17 Jan 2026",
        "17th January 2026",
        "the 17th of January, 2026",
        "Jan. 17th, 2026",
        "17/1/2026",
        "17-01-2026",
        "17.1.2026",
        "1/17/2026",
        "2026-01-17",
    ] {
        assert!(
            same(&reads(s), &want),
            "{s:?}: {:?} against {want:?}",
            reads(s)
        );
    }
    // 5/1/2026 is 5 January in India and May 1 in the US: not read as a date.
    assert!(!same(&reads("5/1/2026"), &reads("5 January 2026")));
    assert!(!same(&reads("5/1/2026"), &reads("1 May 2026")));
    assert!(same(&reads("5/5/2026"), &reads("5 May 2026")));
    assert!(same(
        &reads("August 29–30, 2025"),
        &reads("29–30 August 2025")
    ));
    assert!(!same(&reads("18 January 2026"), &want));
    assert!(!same(&reads("17 January 2025"), &want));
}

proptest::proptest! {
    /// Any whole number up to a billion and its words read the same; a different number never.
    #[test]
    fn a_number_and_its_words(n in 0u64..1_000_000_000, m in 0u64..1_000_000_000) {
        let w = in_words(n);
        proptest::prop_assert!(same(&reads(&w), &reads(&n.to_string())), "{} {}", n, w);
        if m != n {
            proptest::prop_assert!(!same(&reads(&in_words(m)), &reads(&n.to_string())), "{} {}", n, m);
        }
    }

    /// In the Indian system too: lakh and crore.
    #[test]
    fn a_number_in_lakh_and_crore(n in 0u64..10_000_000_000) {
        let w = in_indian_words(n);
        proptest::prop_assert!(same(&reads(&w), &reads(&n.to_string())), "{} {}", n, w);
    }

    /// A decimal amount with a scale equals its figures, whatever the abbreviation, and a
    /// misplaced decimal point is another amount.
    #[test]
    fn scaled_decimals(int in 1u64..1000, frac in 0u64..100, which in 0usize..4) {
        let (full, short, exp) = [("million", "mn", 6), ("billion", "bn", 9), ("crore", "cr", 7), ("lakh", "lac", 5)][which];
        let text = format!("{int}.{frac:02}");
        let scaled = (int * 100 + frac) as u128 * 10u128.pow(exp - 2);
        let long = reads(&format!("{text} {full}"));
        let abbreviated = reads(&format!("{text} {short}"));
        let shifted = reads(&format!("{int}{frac:02} {full}"));
        proptest::prop_assert!(same(&long, &reads(&scaled.to_string())));
        proptest::prop_assert!(same(&abbreviated, &long));
        proptest::prop_assert!(!same(&shifted, &long));
    }
}

/// `n` in English words, the way the tests write it: "one hundred and five", "two million
/// three hundred thousand".
fn in_words(n: u64) -> String {
    if n == 0 {
        return "zero".into();
    }
    let mut parts = Vec::new();
    let mut rest = n;
    for (size, name) in [
        (1_000_000_000, "billion"),
        (1_000_000, "million"),
        (1000, "thousand"),
    ] {
        if rest >= size {
            parts.push(format!("{} {name}", below_thousand(rest / size)));
            rest %= size;
        }
    }
    if rest > 0 {
        parts.push(below_thousand(rest));
    }
    parts.join(" ")
}

fn in_indian_words(n: u64) -> String {
    if n == 0 {
        return "zero".into();
    }
    let mut parts = Vec::new();
    let mut rest = n;
    for (size, name) in [(10_000_000, "crore"), (100_000, "lakh"), (1000, "thousand")] {
        if rest >= size {
            let k = rest / size;
            // Above 99 crore the crores are themselves a number in words.
            let count = if k >= 1000 {
                in_words(k)
            } else {
                below_thousand(k)
            };
            parts.push(format!("{count} {name}"));
            rest %= size;
        }
    }
    if rest > 0 {
        parts.push(below_thousand(rest));
    }
    parts.join(" ")
}

fn below_thousand(n: u64) -> String {
    let mut out = Vec::new();
    if n >= 100 {
        out.push(format!("{} hundred", UNITS[(n / 100) as usize]));
    }
    let r = n % 100;
    if r > 0 {
        if n >= 100 {
            out.push("and".into());
        }
        if r < 20 {
            out.push(UNITS[r as usize].to_string());
        } else {
            let t = TENS[(r / 10 - 2) as usize];
            out.push(if r.is_multiple_of(10) {
                t.to_string()
            } else {
                format!("{t}-{}", UNITS[(r % 10) as usize])
            });
        }
    }
    out.join(" ")
}
