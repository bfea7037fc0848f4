//! Words a typo may not land on: a slip that spells another real word is another answer, not
//! a misspelling ("Indian" for "India", "Zambia" for "Gambia", "Hindu" for "Hindi"). Two
//! sources: a small list of names that differ from each other by a letter or an ending (the
//! world's countries and their peoples, India's states and languages, religions), and the
//! deck's own words (every answer, accepted form, option and distractor: what else the deck
//! could mean). Pure: must not depend on `store`/`tui`.

use std::collections::HashSet;

use super::deck::{CardBody, ClozePart, Deck};
use super::typed::normalise;

/// Names a typo in another name may spell (normalised, one word each, sorted): countries and
/// their peoples and languages, India's states, their peoples and languages, religions, and
/// the ordinary words that are one letter from one of them (Sudan/sedan).
const NAMES: &[&str] = &[
    "afghan",
    "afghanistan",
    "africa",
    "african",
    "albania",
    "albanian",
    "algeria",
    "algerian",
    "america",
    "american",
    "andaman",
    "andhra",
    "andorra",
    "angola",
    "angolan",
    "arabia",
    "arabian",
    "arabic",
    "argentina",
    "argentine",
    "armenia",
    "armenian",
    "arunachal",
    "asia",
    "asian",
    "assam",
    "assamese",
    "australia",
    "australian",
    "austria",
    "austrian",
    "azerbaijan",
    "azerbaijani",
    "bahamas",
    "bahrain",
    "bahraini",
    "bangladesh",
    "bangladeshi",
    "barbados",
    "belarus",
    "belgian",
    "belgium",
    "belize",
    "bengal",
    "bengali",
    "benin",
    "bhutan",
    "bhutanese",
    "bihar",
    "bihari",
    "bolivia",
    "bolivian",
    "bosnia",
    "botswana",
    "brazil",
    "brazilian",
    "british",
    "brunei",
    "buddhism",
    "buddhist",
    "bulgaria",
    "bulgarian",
    "burma",
    "burmese",
    "burundi",
    "cambodia",
    "cambodian",
    "cameroon",
    "canada",
    "canadian",
    "chad",
    "chandigarh",
    "chhattisgarh",
    "chile",
    "chilean",
    "chin",
    "china",
    "chinese",
    "christian",
    "colombia",
    "colombian",
    "congo",
    "croatia",
    "croatian",
    "cuba",
    "cuban",
    "cyprus",
    "czech",
    "czechia",
    "danish",
    "delhi",
    "denmark",
    "djibouti",
    "dominica",
    "dominican",
    "dutch",
    "ecuador",
    "egypt",
    "egyptian",
    "emirates",
    "england",
    "english",
    "eritrea",
    "estonia",
    "estonian",
    "ethiopia",
    "ethiopian",
    "europe",
    "european",
    "fiji",
    "fijian",
    "filipino",
    "finland",
    "finnish",
    "france",
    "french",
    "gabon",
    "gambia",
    "gambian",
    "georgia",
    "georgian",
    "german",
    "germany",
    "ghana",
    "ghanaian",
    "goa",
    "goan",
    "greece",
    "greek",
    "grenada",
    "guatemala",
    "guinea",
    "guinean",
    "gujarat",
    "gujarati",
    "guyana",
    "haiti",
    "haitian",
    "haryana",
    "himachal",
    "hindi",
    "hindu",
    "hinduism",
    "honduras",
    "hungarian",
    "hungary",
    "iceland",
    "india",
    "indian",
    "indies",
    "indonesia",
    "indonesian",
    "iran",
    "iranian",
    "iraq",
    "iraqi",
    "ireland",
    "irish",
    "islam",
    "islamic",
    "israel",
    "israeli",
    "italian",
    "italy",
    "jain",
    "jainism",
    "jamaica",
    "jamaican",
    "jammu",
    "japan",
    "japanese",
    "jharkhand",
    "jordan",
    "jordanian",
    "kannada",
    "karnataka",
    "kashmir",
    "kashmiri",
    "kazakh",
    "kazakhstan",
    "kenya",
    "kenyan",
    "kerala",
    "konkani",
    "korea",
    "korean",
    "kosovo",
    "kuwait",
    "kuwaiti",
    "kyrgyz",
    "kyrgyzstan",
    "ladakh",
    "lakshadweep",
    "lanka",
    "lankan",
    "lao",
    "laos",
    "latvia",
    "latvian",
    "lebanese",
    "lebanon",
    "lesotho",
    "liberia",
    "liberian",
    "libya",
    "libyan",
    "lithuania",
    "lithuanian",
    "luxembourg",
    "macedonia",
    "madagascar",
    "madhya",
    "maharashtra",
    "maithili",
    "malawi",
    "malawian",
    "malay",
    "malayalam",
    "malaysia",
    "malaysian",
    "maldives",
    "maldivian",
    "mali",
    "malian",
    "malta",
    "maltese",
    "manipur",
    "manipuri",
    "marathi",
    "mauritania",
    "mauritius",
    "meghalaya",
    "mexican",
    "mexico",
    "mizoram",
    "moldova",
    "monaco",
    "mongolia",
    "mongolian",
    "montenegro",
    "moroccan",
    "morocco",
    "mozambique",
    "muslim",
    "myanmar",
    "nadu",
    "nagaland",
    "namibia",
    "namibian",
    "nauru",
    "nepal",
    "nepalese",
    "nepali",
    "netherlands",
    "nicaragua",
    "nicobar",
    "niger",
    "nigeria",
    "nigerian",
    "nigerien",
    "norway",
    "norwegian",
    "odia",
    "odisha",
    "oman",
    "omani",
    "orissa",
    "oriya",
    "pakistan",
    "pakistani",
    "palau",
    "palestine",
    "palestinian",
    "panama",
    "papua",
    "paraguay",
    "parsi",
    "persia",
    "persian",
    "peru",
    "peruvian",
    "philippine",
    "philippines",
    "poland",
    "polish",
    "portugal",
    "portuguese",
    "pradesh",
    "puducherry",
    "punjab",
    "punjabi",
    "qatar",
    "qatari",
    "rajasthan",
    "rajasthani",
    "romania",
    "romanian",
    "russia",
    "russian",
    "rwanda",
    "rwandan",
    "samoa",
    "samoan",
    "sanskrit",
    "saudi",
    "scotland",
    "scottish",
    "sedan",
    "senegal",
    "serbia",
    "serbian",
    "seychelles",
    "siam",
    "sikh",
    "sikkim",
    "sindhi",
    "singapore",
    "slovak",
    "slovakia",
    "slovene",
    "slovenia",
    "somali",
    "somalia",
    "spain",
    "spanish",
    "sudan",
    "sudanese",
    "suriname",
    "swede",
    "sweden",
    "swedish",
    "swiss",
    "switzerland",
    "syria",
    "syrian",
    "taiwan",
    "taiwanese",
    "tajik",
    "tajikistan",
    "tamil",
    "tanzania",
    "tanzanian",
    "telangana",
    "telugu",
    "thai",
    "thailand",
    "tibet",
    "tibetan",
    "timor",
    "togo",
    "tonga",
    "tongan",
    "tripura",
    "tunisia",
    "tunisian",
    "turkey",
    "turkish",
    "turkmen",
    "turkmenistan",
    "uganda",
    "ugandan",
    "ukraine",
    "ukrainian",
    "urdu",
    "uruguay",
    "uttar",
    "uttarakhand",
    "uzbek",
    "uzbekistan",
    "vanuatu",
    "venezuela",
    "venezuelan",
    "vietnam",
    "vietnamese",
    "wales",
    "welsh",
    "yemen",
    "yemeni",
    "zambia",
    "zambian",
    "zealand",
    "zimbabwe",
    "zimbabwean",
];

/// The [`NAMES`], for tests elsewhere.
#[cfg(test)]
pub fn tests_names() -> &'static [&'static str] {
    NAMES
}

/// Whether `word` (normalised) is one of the [`NAMES`].
pub fn is_name(word: &str) -> bool {
    NAMES.binary_search(&word).is_ok()
}

/// The words of a deck's answers, accepted forms, options and distractors (normalised), for
/// telling a slip from another of the deck's answers. Built once per deck, when its first
/// typed answer is marked.
#[derive(Debug, Clone, Default)]
pub struct DeckWords {
    words: HashSet<String>,
}

impl DeckWords {
    pub fn of(deck: &Deck) -> DeckWords {
        let mut words = HashSet::new();
        let mut add = |text: &str| {
            for w in normalise(text).split(' ') {
                if !w.is_empty() && !words.contains(w) {
                    words.insert(w.to_owned());
                }
            }
        };
        for card in &deck.cards {
            match &card.body {
                CardBody::Basic {
                    front,
                    back,
                    reverse,
                    distractors,
                } => {
                    add(back);
                    if *reverse {
                        add(front);
                    }
                    distractors.iter().for_each(|d| add(d));
                }
                CardBody::Mcq { options, .. } | CardBody::Multi { options, .. } => {
                    options.iter().for_each(|o| add(o));
                }
                CardBody::Cloze { parts } => {
                    for p in parts {
                        if let ClozePart::Gap { answer, .. } = p {
                            add(answer);
                        }
                    }
                }
                CardBody::Typed { answers, .. } => answers.iter().for_each(|a| add(a)),
                CardBody::Statements { .. } => {}
                CardBody::Match { pairs, .. } => {
                    for p in pairs {
                        add(&p.left);
                        add(&p.right);
                        if let Some(s) = &p.shown {
                            add(s);
                        }
                    }
                }
            }
            let rules = &card.answer;
            rules.distractors.iter().for_each(|d| add(d));
            rules.not_distractors.iter().for_each(|d| add(d));
            for (_, forms) in rules.accept.iter().chain(&rules.gap_distractors) {
                forms.iter().for_each(|f| add(f));
            }
        }
        DeckWords { words }
    }

    /// Whether the deck writes `word` (normalised) somewhere in its answers or options.
    pub fn has(&self, word: &str) -> bool {
        self.words.contains(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_names_are_sorted_normalised_single_words() {
        assert!(NAMES.windows(2).all(|w| w[0] < w[1]), "sorted, no repeats");
        for n in NAMES {
            assert_eq!(normalise(n), *n);
            assert!(!n.contains(' '), "{n}");
        }
        assert!(is_name("indian") && is_name("zambia") && !is_name("toyota"));
    }
}
