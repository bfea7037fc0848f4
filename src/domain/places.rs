//! Places the app knows by name: Indian states and union territories, countries, and a few
//! cities with the state or country they lie in, so that a state is never offered as a wrong
//! option for a city inside it. Must not depend on `store`/`tui`.

/// How large a place is: a city is never offered with a state that might contain it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PlaceLevel {
    City,
    State,
    Country,
}

const STATES: &[&str] = &[
    "andhra pradesh",
    "arunachal pradesh",
    "assam",
    "bihar",
    "chhattisgarh",
    "goa",
    "gujarat",
    "haryana",
    "himachal pradesh",
    "jharkhand",
    "karnataka",
    "kerala",
    "madhya pradesh",
    "maharashtra",
    "manipur",
    "meghalaya",
    "mizoram",
    "nagaland",
    "odisha",
    "punjab",
    "rajasthan",
    "sikkim",
    "tamil nadu",
    "telangana",
    "tripura",
    "uttar pradesh",
    "uttarakhand",
    "west bengal",
    "delhi",
    "jammu and kashmir",
    "ladakh",
    "puducherry",
];

const COUNTRIES: &[&str] = &[
    "india",
    "japan",
    "china",
    "australia",
    "united states",
    "us",
    "usa",
    "russia",
    "iran",
    "myanmar",
    "france",
    "germany",
    "united kingdom",
    "uk",
    "south korea",
    "indonesia",
    "vietnam",
    "bangladesh",
    "sri lanka",
    "nepal",
    "pakistan",
    "singapore",
];

/// Cities with the state or country they lie in, so that a place containing the key's place
/// is never offered.
const CITIES: &[(&str, &str)] = &[
    ("new delhi", "delhi"),
    ("mumbai", "maharashtra"),
    ("ahmedabad", "gujarat"),
    ("mundra", "gujarat"),
    ("kandla", "gujarat"),
    ("chennai", "tamil nadu"),
    ("kolkata", "west bengal"),
    ("bengaluru", "karnataka"),
    ("hyderabad", "telangana"),
    ("visakhapatnam", "andhra pradesh"),
    ("paradip", "odisha"),
    ("guwahati", "assam"),
    ("tokyo", "japan"),
    ("osaka", "japan"),
    ("kyoto", "japan"),
    ("tianjin", "china"),
    ("beijing", "china"),
    ("chabahar", "iran"),
];

/// The level of a place the app knows by name.
pub fn known_place(answer: &str) -> Option<PlaceLevel> {
    known_plain_place(&plain(answer))
}

/// [`known_place`] of a text already in [`plain`] form.
pub(super) fn known_plain_place(a: &str) -> Option<PlaceLevel> {
    if CITIES.iter().any(|(c, _)| *c == a) {
        Some(PlaceLevel::City)
    } else if STATES.contains(&a) {
        Some(PlaceLevel::State)
    } else if COUNTRIES.contains(&a) {
        Some(PlaceLevel::Country)
    } else {
        None
    }
}

/// Whether place `outer` contains place `inner` (a state containing a city, a country
/// containing a state or city), as far as the app knows.
pub fn place_contains(outer: &str, inner: &str) -> bool {
    let o = plain(outer);
    containing(&plain(inner)).contains(&o.as_str())
}

/// The places that contain the place written `plain_place` (in [`plain`] form), nearest
/// first: city → state or country → (India for an Indian state), three at most.
pub(super) fn containing(plain_place: &str) -> Vec<&'static str> {
    let mut up = Vec::new();
    let mut at = plain_place;
    for _ in 0..3 {
        let next = CITIES
            .iter()
            .find(|(c, _)| *c == at)
            .map(|(_, s)| *s)
            .or_else(|| STATES.contains(&at).then_some("india"));
        match next {
            Some(u) => {
                up.push(u);
                at = u;
            }
            None => break,
        }
    }
    up
}

/// Lower case, "the" dropped, dashes and punctuation as spaces, single spaces.
pub(super) fn plain(s: &str) -> String {
    // Most texts in one pass without lowering a copy first.
    if let Some(out) = super::text_fast::plain(s) {
        return out;
    }
    let lowered = s.to_lowercase();
    let mut words = lowered
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .peekable();
    // Written as it is read: no list of the words, no second string for joining them.
    let mut out = String::with_capacity(lowered.len());
    if let Some(the) = words.next_if_eq(&"the")
        && words.peek().is_none()
    {
        out.push_str(the);
    }
    for w in words {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    /// [`super::plain`] as first written: the words collected, "the" dropped, joined.
    fn plain_by_words(s: &str) -> String {
        let lowered = s.to_lowercase();
        let words: Vec<&str> = lowered
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let words = match words.first() {
            Some(&"the") if words.len() > 1 => &words[1..],
            _ => &words[..],
        };
        words.join(" ")
    }

    #[test]
    fn plain_drops_a_leading_article_unless_it_is_alone() {
        assert_eq!(super::plain("The Hague"), "hague");
        assert_eq!(super::plain("  the "), "the");
        assert_eq!(
            super::plain("Tamil-Nadu, the state"),
            "tamil nadu the state"
        );
        assert_eq!(super::plain(""), "");
        // The one pass takes a deck's mixed text, and leaves capitals outside ASCII to
        // lower case.
        let fast = crate::domain::text_fast::plain;
        assert_eq!(
            fast("The Hague, नीति–日本").as_deref(),
            Some("hague नीति 日本")
        );
        assert_eq!(fast("ÉTAT"), None);
    }

    proptest! {
        #[test]
        fn plain_is_the_words_joined(s in "((?i)the|a|[a-zİ]{1,5}|[ .,–-]{1,2}|नीति|日本){0,8}") {
            prop_assert_eq!(super::plain(&s), plain_by_words(&s));
        }

        /// The same over the characters decks mix (Devanagari with its signs, kana, capitals
        /// that lower case changes, final sigma, the Kelvin sign), and the one pass, when it
        /// answers, too.
        #[test]
        fn plain_in_one_pass_is_the_words_joined(
            s in "((?i)the |[a-zA-Z0-9 .,?()#₹–-]|[\u{900}-\u{97f}]|[\u{3040}-\u{30ff}]|[ΣΩσÉéİ\u{212a}\u{3000}\u{a0}]){0,16}"
        ) {
            if let Some(fast) = crate::domain::text_fast::plain(&s) {
                prop_assert_eq!(&fast, &plain_by_words(&s), "{:?}", s);
            }
            prop_assert_eq!(super::plain(&s), plain_by_words(&s));
        }
    }
}
