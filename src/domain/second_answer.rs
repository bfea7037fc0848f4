//! Whether an option is a second right answer beside the right one, for options written by
//! hand (an mcq's or multi's own options, a statement's differing words, a match's sides),
//! where the generated-option rules of `option_rules` never look: the one contains the other
//! as whole words ("Kutch, Gujarat" and "Gujarat"), is it up to a place's qualifier ("Delhi"
//! and "New Delhi"), names the same person by the same surname ("Pandit Nehru" and
//! "Jawaharlal Nehru"), or is a known place that contains the other's. Texts are compared
//! normalised and as whole words, so "India" and "Indian Ocean" are not alike. Options that
//! are codes or logical combinations ("1 and 2 only", "Both A and B") are never compared:
//! they contain each other by design. Pure; must not depend on `store`/`tui`.

use super::places;
use super::text::{Breaks, terminal_safe};
use super::typed::normalise;

/// How an option may be read as the right one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Second {
    /// The same text once normalised (case, punctuation, accents).
    Same,
    /// The option contains the right answer as whole words.
    ContainsKey,
    /// The option is a whole-word part of the right answer.
    InsideKey,
    /// One is the other with a place's qualifier ("new", "north", …) added.
    Qualifier(String),
    /// Both name a person by this surname, and nothing in the given names tells them apart:
    /// one has only a title, initials or no given name, or the same given names.
    SamePerson(String),
    /// The option is a place the app knows that contains the right answer's place.
    PlaceAround,
    /// The option is a place the app knows inside the right answer's place.
    PlaceWithin,
}

impl Second {
    /// One sentence saying how `option` may be read as `right`, which the question calls
    /// `role` ("the key", "the correct option"): both texts quoted, made safe for a terminal
    /// (control characters shown as `�`, invisible ones left out) and on one line.
    pub fn describe(&self, option: &str, role: &str, right: &str) -> String {
        let (o, k) = (safe(option), safe(right));
        match self {
            Second::Same => format!("option {o:?} is {role} {k:?} written otherwise"),
            Second::ContainsKey => format!("option {o:?} contains {role} {k:?}"),
            Second::InsideKey => format!("option {o:?} is part of {role} {k:?}"),
            Second::Qualifier(q) => format!(
                "option {o:?} is {role} {k:?} {} the qualifier {q:?}: many readers take the two for one place",
                if o.chars().count() > k.chars().count() {
                    "with"
                } else {
                    "without"
                }
            ),
            Second::SamePerson(s) => format!(
                "option {o:?} may name the same person as {role} {k:?} (the surname {s:?}, no given name that differs)"
            ),
            Second::PlaceAround => {
                format!("option {o:?} is a place that contains {role} {k:?}")
            }
            Second::PlaceWithin => format!("option {o:?} is a place inside {role} {k:?}"),
        }
    }
}

/// A deck's text on one line, safe for a terminal.
fn safe(s: &str) -> String {
    terminal_safe(s, Breaks::Join).into_owned()
}

/// Words that join or frame options of a coded or logical kind ("1 and 2 only", "Both A and
/// B", "Neither A nor B", "All of the above"): such options contain each other by design.
const LOGICAL: &[&str] = &[
    "both", "neither", "nor", "only", "none", "either", "all", "not", "except", "above",
];

/// Words that make a place's name another place's without changing the name ("New Delhi",
/// "South Korea", "Navi Mumbai").
const QUALIFIERS: &[&str] = &[
    "new", "old", "greater", "north", "south", "east", "west", "central", "upper", "lower",
    "northern", "southern", "eastern", "western", "navi", "inner", "outer",
];

/// Words too little to be an answer on their own.
const LITTLE: &[&str] = &[
    "the", "a", "an", "of", "and", "or", "in", "on", "at", "to", "for", "by", "with",
];

/// Titles that may stand before a surname instead of a given name ("Pandit Nehru", "Mr
/// Kishida", "Prime Minister Modi"). An epithet that names one person (Mahatma, Netaji,
/// Sardar, Lokmanya) is not among them: "Mahatma Gandhi" and "Indira Gandhi" differ.
const TITLES: &[&str] = &[
    "pandit",
    "pt",
    "shri",
    "sri",
    "shrimati",
    "smt",
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "professor",
    "sir",
    "lord",
    "lady",
    "justice",
    "president",
    "prime",
    "minister",
    "pm",
    "governor",
    "chancellor",
    "ambassador",
    "secretary",
];

/// How `other` may be read as the right answer `right`, if it may: both texts as written by
/// the deck (compared normalised).
pub fn second_answer(right: &str, other: &str) -> Option<Second> {
    let (r, o) = (normalise(right), normalise(other));
    let (rt, ot) = (tokens(&r), tokens(&o));
    if !answer_like(&rt) || !answer_like(&ot) || coded(&rt) || coded(&ot) {
        return None;
    }
    if r == o {
        return Some(Second::Same);
    }
    let inside = |outer: &str, inner: &str| format!(" {outer} ").contains(&format!(" {inner} "));
    let (contains, within) = (inside(&o, &r), inside(&r, &o));
    if contains || within {
        let (long, short) = if contains { (&ot, &rt) } else { (&rt, &ot) };
        let extra: Vec<&str> = long
            .iter()
            .copied()
            .filter(|w| !short.contains(w))
            .collect();
        if short.len() <= 3 && !extra.is_empty() && extra.iter().all(|w| QUALIFIERS.contains(w)) {
            return Some(Second::Qualifier(extra.join(" ")));
        }
        return Some(if contains {
            Second::ContainsKey
        } else {
            Second::InsideKey
        });
    }
    if let Some(surname) = same_person(right, other) {
        return Some(Second::SamePerson(surname));
    }
    if places::known_place(right).is_some() && places::known_place(other).is_some() {
        if places::place_contains(other, right) {
            return Some(Second::PlaceAround);
        }
        if places::place_contains(right, other) {
            return Some(Second::PlaceWithin);
        }
    }
    None
}

fn tokens(n: &str) -> Vec<&str> {
    n.split(' ').filter(|w| !w.is_empty()).collect()
}

/// Whether a text has a word that can be an answer (not only "the", "of", …).
fn answer_like(t: &[&str]) -> bool {
    t.iter().any(|w| !LITTLE.contains(w))
}

/// Whether a text is a code or a logical combination of options: it has a framing word
/// ("only", "both", …), or is nothing but one-character labels joined by "and"/"or" ("1 and
/// 2", "A, C").
fn coded(t: &[&str]) -> bool {
    t.iter().any(|w| LOGICAL.contains(w))
        || t.iter()
            .all(|w| w.chars().count() == 1 || matches!(*w, "and" | "or"))
}

/// A text as a person's name: two to five words, each starting with a capital letter and
/// made of letters (a dot after an initial, a hyphen inside), lowered, dots dropped.
fn name_words(text: &str) -> Option<Vec<String>> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if !(2..=5).contains(&words.len()) {
        return None;
    }
    words
        .iter()
        .map(|w| {
            let starts = w.chars().next().is_some_and(char::is_uppercase);
            let letters = w
                .trim_end_matches('.')
                .chars()
                .all(|c| c.is_alphabetic() || c == '-');
            (starts && letters).then(|| w.trim_end_matches('.').to_lowercase())
        })
        .collect()
}

/// The surname two names share when nothing else tells them apart: the given names of one
/// (titles left out) are all among the other's, or initials of them.
pub(super) fn same_person(a: &str, b: &str) -> Option<String> {
    let (a, b) = (name_words(a)?, name_words(b)?);
    let (sa, ga) = a.split_last()?;
    let (sb, gb) = b.split_last()?;
    if sa != sb || sa.chars().count() < 2 || TITLES.contains(&sa.as_str()) {
        return None;
    }
    let given = |g: &[String]| -> Vec<String> {
        g.iter()
            .filter(|w| !TITLES.contains(&w.as_str()))
            .cloned()
            .collect()
    };
    let (ga, gb) = (given(ga), given(gb));
    // Each given word of `few` is one of `many`'s, or an initial of one.
    let among = |few: &[String], many: &[String]| {
        few.iter().all(|w| {
            many.iter().any(|m| {
                m == w
                    || (w.chars().count() == 1 && m.starts_with(w.as_str()))
                    || (m.chars().count() == 1 && w.starts_with(m.as_str()))
            })
        })
    };
    (among(&ga, &gb) || among(&gb, &ga)).then(|| sa.clone())
}

#[cfg(test)]
mod tests {
    use super::{Second, second_answer};

    fn why(right: &str, other: &str) -> Option<Second> {
        second_answer(right, other)
    }

    #[test]
    fn the_teachers_trial_pairs_are_second_answers() {
        assert_eq!(why("Gujarat", "Kutch, Gujarat"), Some(Second::ContainsKey));
        assert_eq!(why("Kutch, Gujarat", "Gujarat"), Some(Second::InsideKey));
        assert_eq!(
            why("Jawaharlal Nehru", "Pandit Nehru"),
            Some(Second::SamePerson("nehru".into()))
        );
        assert_eq!(why("Jawaharlal Nehru", "Nehru"), Some(Second::InsideKey));
        assert_eq!(
            why("New Delhi", "Delhi"),
            Some(Second::Qualifier("new".into()))
        );
        assert_eq!(
            why("Delhi", "New Delhi"),
            Some(Second::Qualifier("new".into()))
        );
        assert_eq!(
            why("Mumbai", "Navi Mumbai"),
            Some(Second::Qualifier("navi".into()))
        );
        assert_eq!(
            why("Korea", "South Korea"),
            Some(Second::Qualifier("south".into()))
        );
        assert_eq!(why("Mundra", "Mundra port"), Some(Second::ContainsKey));
    }

    #[test]
    fn people_with_another_given_name_differ() {
        assert_eq!(why("Jawaharlal Nehru", "Motilal Nehru"), None);
        assert_eq!(why("Indira Gandhi", "Rajiv Gandhi"), None);
        // An epithet that names one person is a given name, not a title.
        assert_eq!(why("Indira Gandhi", "Mahatma Gandhi"), None);
        assert_eq!(
            why("Mohandas Karamchand Gandhi", "M. K. Gandhi"),
            Some(Second::SamePerson("gandhi".into()))
        );
        assert_eq!(why("Indira Gandhi", "M. K. Gandhi"), None);
        assert_eq!(
            why("Fumio Kishida", "Prime Minister Kishida"),
            Some(Second::SamePerson("kishida".into()))
        );
        assert_eq!(
            why("Narendra Modi", "Mr. Modi"),
            Some(Second::SamePerson("modi".into()))
        );
        // Titles are not surnames, and posts are not people.
        assert_eq!(why("Prime Minister", "Foreign Minister"), None);
        assert_eq!(why("AI Dialogue", "Strategic Dialogue"), None);
        assert_eq!(
            why("Foreign Minister of Japan", "Prime Minister of Japan"),
            None
        );
    }

    #[test]
    fn whole_words_only() {
        // "India" is not a word of "Indian Ocean", either way round.
        assert_eq!(why("India", "Indian Ocean"), None);
        assert_eq!(why("Indian Ocean", "India"), None);
        assert_eq!(
            why("India", "South India"),
            Some(Second::Qualifier("south".into()))
        );
        assert_eq!(why("Electronics", "Tokyo Electron"), None);
        assert_eq!(why("2.0", "1.0"), None);
        assert_eq!(why("2025", "2025–26"), Some(Second::ContainsKey));
        assert_eq!(why("North Korea", "South Korea"), None);
    }

    #[test]
    fn known_places_that_contain_each_other() {
        assert_eq!(why("Mundra", "Gujarat"), Some(Second::PlaceAround));
        assert_eq!(why("Gujarat", "Mundra"), Some(Second::PlaceWithin));
        assert_eq!(why("Andhra Pradesh", "Gujarat"), None);
        assert_eq!(why("Tokyo", "Osaka"), None);
    }

    #[test]
    fn codes_and_logical_options_are_not_compared() {
        assert_eq!(why("2 only", "1 and 2 only"), None);
        assert_eq!(why("1 and 2", "1, 2 and 3"), None);
        assert_eq!(why("Quad", "Both Quad and SCO"), None);
        assert_eq!(why("Neither Quad nor SCO", "SCO"), None);
        assert_eq!(why("the", "the CEPA"), None);
        assert_eq!(why("", "Delhi"), None);
        assert_eq!(why("Delhi", "delhi."), Some(Second::Same));
    }
}
