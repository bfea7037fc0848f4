use super::*;

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
