//! Answer kinds: what sort of thing a card's answer is (a person, a state, a year, a list, …),
//! declared by the deck or inferred by named rules, and the facts about an answer that the
//! option rules compare (its list items, the days a date covers, the range a number allows).
//! A year is offered only with years and a state only with states, so an option of the wrong
//! type never appears. Pure text rules: must not depend on `store`/`tui`.

use std::fmt;

use super::number_words::{MONTHS, ORDINALS, UNITS};
pub use super::places::{PlaceLevel, known_place, place_contains};
use super::places::{known_plain_place, plain};

/// What sort of thing an answer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AnswerKind {
    Person,
    Place(PlaceLevel),
    /// An organisation, company or ministry.
    Organisation,
    /// A day, a month or a span of them ("29–30 August 2025", "early 2026").
    Date,
    Year,
    /// Money ("$67.9 billion", "₹10,372 crore").
    Amount,
    /// A count, an ordinal or a duration ("Over 70", "The 18th", "Three days").
    Number,
    Percentage,
    /// A document or agreement (a memorandum, a joint vision, CEPA).
    Document,
    /// A programme or initiative (a mission, a dialogue, a scheme).
    Programme,
    /// A sector or field ("Agriculture").
    Sector,
    /// Words quoted from a source.
    Quotation,
    /// Several items ("A; B; C" or "A, B and C").
    List,
    /// A short upper-case abbreviation ("FOIP").
    Acronym,
    /// A phrase of any other sort (a purpose, a description). Other cards' phrases are never
    /// offered for it: its options must be written by hand.
    Text,
}

/// Every kind's name as written in deck files, in documentation order.
pub const KIND_NAMES: [&str; 17] = [
    "person",
    "city",
    "state",
    "country",
    "organisation",
    "date",
    "year",
    "amount",
    "number",
    "percentage",
    "document",
    "programme",
    "sector",
    "quotation",
    "list",
    "acronym",
    "text",
];

impl AnswerKind {
    /// The name used in deck files ("city", "year", …).
    pub fn name(self) -> &'static str {
        match self {
            AnswerKind::Person => "person",
            AnswerKind::Place(PlaceLevel::City) => "city",
            AnswerKind::Place(PlaceLevel::State) => "state",
            AnswerKind::Place(PlaceLevel::Country) => "country",
            AnswerKind::Organisation => "organisation",
            AnswerKind::Date => "date",
            AnswerKind::Year => "year",
            AnswerKind::Amount => "amount",
            AnswerKind::Number => "number",
            AnswerKind::Percentage => "percentage",
            AnswerKind::Document => "document",
            AnswerKind::Programme => "programme",
            AnswerKind::Sector => "sector",
            AnswerKind::Quotation => "quotation",
            AnswerKind::List => "list",
            AnswerKind::Acronym => "acronym",
            AnswerKind::Text => "text",
        }
    }

    /// Reads a kind's name (also "organization", "ministry", "agreement", "initiative",
    /// "field", "program").
    pub fn parse(s: &str) -> Option<AnswerKind> {
        let k = match s.trim().to_lowercase().as_str() {
            "organization" | "ministry" | "company" => AnswerKind::Organisation,
            "agreement" => AnswerKind::Document,
            "initiative" | "program" => AnswerKind::Programme,
            "field" => AnswerKind::Sector,
            other => *ALL.iter().find(|k| k.name() == other)?,
        };
        Some(k)
    }

    /// Whether other cards' answers of this kind may be offered as options. A `text` answer
    /// is a phrase of no particular type, so only hand-written distractors suit it.
    pub fn pooled(self) -> bool {
        self != AnswerKind::Text
    }
}

const ALL: [AnswerKind; 17] = [
    AnswerKind::Person,
    AnswerKind::Place(PlaceLevel::City),
    AnswerKind::Place(PlaceLevel::State),
    AnswerKind::Place(PlaceLevel::Country),
    AnswerKind::Organisation,
    AnswerKind::Date,
    AnswerKind::Year,
    AnswerKind::Amount,
    AnswerKind::Number,
    AnswerKind::Percentage,
    AnswerKind::Document,
    AnswerKind::Programme,
    AnswerKind::Sector,
    AnswerKind::Quotation,
    AnswerKind::List,
    AnswerKind::Acronym,
    AnswerKind::Text,
];

impl fmt::Display for AnswerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A kind and why: the rule that found it, for `check` and the teacher's export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inferred {
    pub kind: AnswerKind,
    pub rule: &'static str,
}

/// The month (1–12) a word names, in full or short ("Jan", "Sept").
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() <= 4 && m.starts_with(&w)))
        .map(|i| i as u32 + 1)
}

/// The items of a list answer: "A; B; C", "A, B and C", "A, and B". One item when it is not
/// a list. Commas inside a number ("10,372") never split.
pub fn list_items(answer: &str) -> Vec<String> {
    let a = answer.trim().trim_end_matches('.');
    let mut items: Vec<String> = Vec::new();
    if a.contains(';') {
        items = a.split(';').map(|s| s.trim().to_owned()).collect();
    } else {
        let parts: Vec<&str> = a.split(", ").collect();
        let oxford = parts.len() >= 2
            && parts
                .last()
                .is_some_and(|p| p.starts_with("and ") || p.starts_with("or "));
        let last_and = parts.last().is_some_and(|p| p.contains(" and "));
        if parts.len() >= 3 || oxford || (parts.len() == 2 && last_and && short_items(&parts)) {
            for (i, p) in parts.iter().enumerate() {
                let p = p.trim();
                let p = p
                    .strip_prefix("and ")
                    .or_else(|| p.strip_prefix("or "))
                    .unwrap_or(p);
                if i + 1 == parts.len() && !oxford {
                    match p.rsplit_once(" and ") {
                        Some((x, y)) => {
                            items.push(x.trim().to_owned());
                            items.push(y.trim().to_owned());
                        }
                        None => items.push(p.to_owned()),
                    }
                } else {
                    items.push(p.to_owned());
                }
            }
        }
    }
    items.retain(|s| !s.is_empty());
    // "Industrial cooperation among JETRO, CII and Keidanren" is one thing whose parties are
    // listed, not a list: its first part ends in "among", "between" or "by" and a name.
    let parties = !a.contains(';')
        && items.first().is_some_and(|f| {
            let words: Vec<&str> = f.split_whitespace().collect();
            words.len() >= 3 && words[..words.len() - 1].iter().any(|w| PARTIES.contains(w))
        });
    if parties || items.len() < 2 || items.iter().any(|i| i.split_whitespace().count() > 12) {
        return vec![a.to_owned()];
    }
    items
}

/// Words after which a phrase names its parties ("cooperation among A, B and C").
const PARTIES: &[&str] = &["among", "between", "by"];

fn short_items(parts: &[&str]) -> bool {
    parts.iter().all(|p| p.split_whitespace().count() <= 4)
}

/// A span of days (days since 0000-03-01, roughly; only compared with each other).
pub type DaySpan = (i64, i64);

fn day(y: i64, m: u32, d: u32) -> i64 {
    y * 372 + i64::from(m) * 31 + i64::from(d)
}

/// The days a date answer covers: "29–30 August 2025", "August 2025", "early 2026",
/// "2026-01-17", "2025". `None` when it is not a date.
pub fn date_span(answer: &str) -> Option<DaySpan> {
    let lowered = answer.to_lowercase();
    let words: Vec<&str> = lowered
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty() && !matches!(*w, "in" | "on" | "the" | "of"))
        .collect();
    let year = words
        .iter()
        .filter_map(|w| w.parse::<i64>().ok())
        .find(|y| (1000..3000).contains(y));
    // ISO dates.
    if words.len() == 1 {
        let parts: Vec<&str> = words[0].split('-').collect();
        if parts.len() == 3
            && let (Ok(y), Ok(m), Ok(d)) = (
                parts[0].parse::<i64>(),
                parts[1].parse::<u32>(),
                parts[2].parse::<u32>(),
            )
        {
            return Some((day(y, m, d), day(y, m, d)));
        }
    }
    let y = year?;
    let month = words.iter().find_map(|w| month_number(w));
    if let Some(m) = month {
        // Days written before the month: "29–30", "29-30", "26th", "29".
        let days: Vec<u32> = words
            .iter()
            .take_while(|w| month_number(w).is_none())
            .flat_map(|w| w.split(['–', '-', '—']))
            .filter_map(|d| {
                d.trim_end_matches(|c: char| c.is_alphabetic())
                    .parse::<u32>()
                    .ok()
            })
            .filter(|d| (1..=31).contains(d))
            .collect();
        return Some(match (days.first(), days.last()) {
            (Some(a), Some(b)) => (day(y, m, *a), day(y, m, *b)),
            _ => (day(y, m, 1), day(y, m, 31)),
        });
    }
    let part = |from: u32, to: u32| Some((day(y, from, 1), day(y, to, 31)));
    if words.contains(&"early") {
        part(1, 4)
    } else if words.contains(&"mid") || words.contains(&"mid-") {
        part(5, 8)
    } else if words.contains(&"late") {
        part(9, 12)
    } else {
        part(1, 12)
    }
}

/// The value a word names: "70", "18th", "nine", "third", "thousand" (a multiplier).
fn number_word(w: &str) -> Option<f64> {
    let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
    let digits = w.trim_end_matches(|c: char| c.is_alphabetic());
    let suffix = &w[digits.len()..];
    if !digits.is_empty()
        && matches!(suffix, "" | "st" | "nd" | "rd" | "th")
        && let Ok(n) = digits.replace(',', "").parse::<f64>()
    {
        return Some(n);
    }
    UNITS
        .iter()
        .position(|n| *n == w)
        .or_else(|| (w == "twenty").then_some(20))
        .or_else(|| ORDINALS.iter().position(|n| *n == w).map(|i| i + 1))
        .map(|i| i as f64)
}

/// The range of values a number answer allows, and its unit (the words that are not part of
/// the number): "Over 70" → (70, ∞) "", "Around nine thousand" → [8100, 9900] "",
/// "Three days" → [3, 3] "days". `None` when there is no number.
pub fn number_range(answer: &str) -> Option<((f64, f64), String)> {
    let lowered = answer.to_lowercase();
    let words: Vec<&str> = lowered.split_whitespace().collect();
    let mut value: Option<f64> = None;
    let mut unit: Vec<&str> = Vec::new();
    for w in &words {
        match (number_word(w), value) {
            (Some(n), None) => value = Some(n),
            _ => match *w {
                "hundred" => value = value.map(|v| v * 100.0),
                "thousand" => value = value.map(|v| v * 1000.0),
                "the" | "over" | "above" | "more" | "than" | "under" | "below" | "less"
                | "fewer" | "about" | "around" | "nearly" | "almost" | "some" | "past" | "at"
                | "least" => {}
                other => unit.push(other),
            },
        }
    }
    let v = value?;
    // A qualifier counts only before the number: "$67.9 billion over 10 years" is exact.
    let first_number = words
        .iter()
        .position(|w| number_word(w).is_some())
        .unwrap_or(0);
    let has = |x: &str| words[..first_number].contains(&x);
    let range = if has("over") || has("above") || has("more") {
        (v + f64::EPSILON, f64::INFINITY)
    } else if has("under") || has("below") || has("less") || has("fewer") {
        (f64::NEG_INFINITY, v - f64::EPSILON)
    } else if has("about") || has("around") || has("nearly") || has("almost") || has("some") {
        (v * 0.9, v * 1.1)
    } else {
        (v, v)
    };
    let ordinal = words
        .iter()
        .any(|w| ORDINALS.contains(w) || w.ends_with("th") || w.ends_with("st"))
        && words
            .iter()
            .any(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()) || ORDINALS.contains(w));
    let mut unit = unit.join(" ");
    if ordinal && unit.is_empty() {
        unit = "ordinal".into();
    }
    Some((range, unit))
}

const ORGANISATION_WORDS: &[&str] = &[
    "ministry",
    "ministries",
    "department",
    "bank",
    "corporation",
    "corp",
    "ltd",
    "limited",
    "inc",
    "company",
    "organisation",
    "organization",
    "agency",
    "council",
    "federation",
    "chamber",
    "group",
    "keidanren",
    "jetro",
    "jbic",
    "university",
];

const DOCUMENT_WORDS: &[&str] = &[
    "memorandum",
    "moc",
    "mou",
    "agreement",
    "treaty",
    "declaration",
    "vision",
    "charter",
    "accord",
    "protocol",
    "cepa",
    "statement",
    "plan",
];

const PROGRAMME_WORDS: &[&str] = &[
    "initiative",
    "mission",
    "programme",
    "program",
    "scheme",
    "project",
    "dialogue",
    "track",
    "framework",
    "fund",
    "partnership",
];

/// Whether a text's words (`tw`, of its [`plain`] form) include one of `words`.
fn has_word(tw: &[&str], words: &[&str]) -> bool {
    tw.iter().any(|w| words.contains(w))
}

/// Whether the question's words (`qw`, of its [`plain`] form) hold one of the phrases.
#[cfg(test)]
fn asks(qw: &[&str], words: &[&str]) -> bool {
    words.iter().any(|w| {
        // The phrase's first word is compared first: most windows stop there.
        let first = w.split(' ').next().unwrap_or(w);
        let n = w.split(' ').count();
        qw.windows(n)
            .any(|win| win.first() == Some(&first) && win.iter().copied().eq(w.split(' ')))
    })
}

/// The phrases of each question rule of [`infer`], as bits of [`asked`]'s answer.
const ASKS_STATE: u16 = 1;
const ASKS_CITY: u16 = 2;
const ASKS_COUNTRY: u16 = 4;
const ASKS_BODY: u16 = 8;
const ASKS_DOCUMENT: u16 = 16;
const ASKS_WHO: u16 = 32;
const ASKS_OFFICE: u16 = 64;
const ASKS_SECTOR: u16 = 128;

/// Each rule's phrases (a question "asks" one when its words hold the phrase's words in a
/// row), with its bit: the definition [`asked`] follows.
#[cfg(test)]
const ASKS: &[(u16, &[&str])] = &[
    (ASKS_STATE, &["which state", "what state"]),
    (ASKS_CITY, &["which city", "which port", "which town"]),
    (ASKS_COUNTRY, &["which country", "what country"]),
    (
        ASKS_BODY,
        &["company", "firm", "which ministry", "which organisation"],
    ),
    (ASKS_DOCUMENT, &["which agreement", "which document"]),
    (ASKS_WHO, &["who", "whom"]),
    (
        ASKS_OFFICE,
        &[
            "minister",
            "secretary",
            "spokesperson",
            "advisor",
            "adviser",
            "ambassador",
            "the name",
        ],
    ),
    (
        ASKS_SECTOR,
        &[
            "which sector",
            "what sector",
            "which field",
            "the focus",
            "which area",
        ],
    ),
];

/// Which of [`infer`]'s question phrases (`ASKS`, one bit per rule) the question's words
/// `qw` hold, in one pass over them: each word, and the word after it when it can start a
/// phrase of two, instead of every phrase compared at every word.
fn asked(qw: &[&str]) -> u16 {
    let mut bits = 0;
    for (i, w) in qw.iter().enumerate() {
        let next = qw.get(i + 1).copied().unwrap_or("");
        bits |= match *w {
            "which" => match next {
                "state" => ASKS_STATE,
                "city" | "port" | "town" => ASKS_CITY,
                "country" => ASKS_COUNTRY,
                "ministry" | "organisation" => ASKS_BODY,
                "agreement" | "document" => ASKS_DOCUMENT,
                "sector" | "field" | "area" => ASKS_SECTOR,
                _ => 0,
            },
            "what" => match next {
                "state" => ASKS_STATE,
                "country" => ASKS_COUNTRY,
                "sector" => ASKS_SECTOR,
                _ => 0,
            },
            "the" => match next {
                "name" => ASKS_OFFICE,
                "focus" => ASKS_SECTOR,
                _ => 0,
            },
            "company" | "firm" => ASKS_BODY,
            "who" | "whom" => ASKS_WHO,
            "minister" | "secretary" | "spokesperson" | "advisor" | "adviser" | "ambassador" => {
                ASKS_OFFICE
            }
            _ => 0,
        };
    }
    bits
}

fn capitalised_words(answer: &str) -> bool {
    let words: Vec<&str> = answer.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// Infers an answer's kind from the answer and the question that asks for it. Each rule is
/// named, so `check` and the export can say why.
pub fn infer(question: &str, answer: &str) -> Inferred {
    let a = answer.trim();
    let lower = a.to_lowercase();
    let words = a.split_whitespace().count();
    let digits = a.chars().filter(char::is_ascii_digit).count();
    let hit = |kind, rule| Inferred { kind, rule };
    if has_labels(a) {
        return hit(
            AnswerKind::Text,
            "the answer has labelled parts like (a), (b)",
        );
    }
    let quotes = ['"', '“', '”', '‘', '’', '\''];
    if a.starts_with(quotes) && a.ends_with(quotes) && a.chars().count() > 2 {
        return hit(AnswerKind::Quotation, "the answer is in quotation marks");
    }
    if list_items(a).len() >= 2 {
        return hit(AnswerKind::List, "the answer lists several items");
    }
    if digits > 0 && (a.contains('%') || lower.contains("per cent") || lower.contains("percent")) {
        return hit(AnswerKind::Percentage, "a number with % or \"per cent\"");
    }
    // The answer in plain words, once (`plain` lowers case, so it is also `lower`'s).
    let plain_answer = plain(a);
    let aw: Vec<&str> = plain_answer.split(' ').collect();
    let money = ['₹', '$', '€', '¥', '£'].iter().any(|c| a.contains(*c))
        || has_word(&aw, &["crore", "lakh", "billion", "million", "trillion"]);
    if money && digits > 0 {
        return hit(
            AnswerKind::Amount,
            "a number with a currency or crore/billion",
        );
    }
    let core = lower.trim_start_matches("in ").trim();
    if core.len() == 4 && core.chars().all(|c| c.is_ascii_digit()) {
        return hit(AnswerKind::Year, "four digits");
    }
    if words <= 5 && date_span(a).is_some() && digits > 0 {
        let dated = lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| month_number(w).is_some() || matches!(w, "early" | "mid" | "late"))
            || (digits == 8 && a.matches('-').count() == 2);
        if dated {
            return hit(AnswerKind::Date, "a month or part of a year with a year");
        }
    }
    if words <= 4
        && let Some((_, unit)) = number_range(a)
        && unit.split_whitespace().count() <= 1
    {
        return hit(AnswerKind::Number, "a count, ordinal or duration");
    }
    if words == 1 && a.chars().filter(char::is_ascii_uppercase).count() >= 2 && a.len() <= 8 {
        return hit(AnswerKind::Acronym, "one short upper-case word");
    }
    if let Some(level) = known_plain_place(&plain_answer) {
        return hit(AnswerKind::Place(level), "a place the app knows by name");
    }
    // The question in plain words, once, and which rules' phrases it holds, in one pass.
    let plain_question = plain(question);
    let qw: Vec<&str> = plain_question.split(' ').collect();
    let asked = asked(&qw);
    let asks = |bit: u16| asked & bit != 0;
    if asks(ASKS_STATE) {
        return hit(
            AnswerKind::Place(PlaceLevel::State),
            "the question asks for a state",
        );
    }
    if asks(ASKS_CITY) {
        return hit(
            AnswerKind::Place(PlaceLevel::City),
            "the question asks for a city",
        );
    }
    if asks(ASKS_COUNTRY) {
        return hit(
            AnswerKind::Place(PlaceLevel::Country),
            "the question asks for a country",
        );
    }
    let name_like =
        a.chars().next().is_some_and(char::is_uppercase) && !a.contains(", ") && words <= 12;
    if (name_like && has_word(&aw, ORGANISATION_WORDS)) || asks(ASKS_BODY) {
        return hit(
            AnswerKind::Organisation,
            "names a ministry, company or body",
        );
    }
    if (name_like && has_word(&aw, DOCUMENT_WORDS)) || asks(ASKS_DOCUMENT) {
        return hit(AnswerKind::Document, "names an agreement or document");
    }
    if has_word(&aw, PROGRAMME_WORDS) && capitalised_words(a.trim_start_matches("The ")) {
        return hit(
            AnswerKind::Programme,
            "names an initiative, mission or dialogue",
        );
    }
    let who = asks(ASKS_WHO);
    // "Who is Sadamasa Oue?" asks for a role, not a person.
    let who_is_named = ["Who is ", "Who was "].iter().any(|p| {
        question.trim().strip_prefix(p).is_some_and(|rest| {
            rest.trim_end_matches('?')
                .split_whitespace()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        })
    });
    if who && !who_is_named && words <= 5 && a.chars().any(char::is_uppercase) {
        return hit(AnswerKind::Person, "the question asks who");
    }
    if capitalised_words(a) && asks(ASKS_OFFICE) {
        return hit(AnswerKind::Person, "a name asked for an office");
    }
    if words <= 3 && asks(ASKS_SECTOR) {
        return hit(
            AnswerKind::Sector,
            "the question asks for a sector or focus",
        );
    }
    hit(AnswerKind::Text, "no rule matched: a phrase")
}

/// Whether text carries option-like labels: "(a) …", "(b) …", "a) …".
pub fn has_labels(text: &str) -> bool {
    // Byte by byte, case ignored in ASCII: no other character lowers to one of these letters
    // (the Kelvin sign, the one that lowers to ASCII, becomes "k"), so this is the same as
    // searching the lowered text.
    let b = text.as_bytes();
    b.windows(3).any(|w| {
        w[0] == b'('
            && w[2] == b')'
            && matches!(w[1].to_ascii_lowercase(), b'a'..=b'd' | b'1' | b'i')
    }) || (b.len() >= 3 && b[0].eq_ignore_ascii_case(&b'a') && &b[1..3] == b") ")
}

#[cfg(test)]
#[path = "answer_kind_tests.rs"]
mod tests;
