//! `check`'s findings about how a deck's questions read to a candidate, beyond the option
//! rules of `domain::option_rules`: a key that its form picks out among options written by
//! hand (the option most like all the others, when every wrong option is the key with one
//! part swapped; the only one with a parenthesis; a town among states), options that are
//! never right among cards asked alike (a guess between the answers that can be right),
//! two cards that ask the same fact without sharing a `group`; and (see `check_written`) a
//! second right answer among texts a card writes by hand. Every rule looks at one card
//! and a few lookups built once per deck, so checking stays linear in the deck's size. Reads
//! a parsed deck; no I/O, no terminal.

use std::borrow::Cow;

use super::check_options::Hint;
use super::json_pos::Seg;
use crate::domain::answer_kind::{AnswerKind, infer};
use crate::domain::deck::{Card, CardBody, Deck, Side};
use crate::domain::options::{HashMap, HashSet, key_most_alike};
use crate::domain::quiz::{hand_written, normalise};

/// A finding: where in the card, the message and a hint.
pub type Finding = (Vec<Seg>, String, Hint);

/// What the rules look up across a deck's cards, built once.
pub struct Index {
    /// Cards asked alike (the same question but for a quoted part), by that question.
    alike: HashMap<String, Vec<usize>>,
    /// Each fact's answer (either side), normalised, to the cards that have it.
    answers: HashMap<String, Vec<usize>>,
    /// Every card's facts' answers normalised, one per item in study order: card `i`'s are
    /// `facts[first[i]..first[i + 1]]` (normalised once, for the lookup and for the card).
    facts: Vec<String>,
    first: Vec<usize>,
}

/// The question with its quoted parts left out: "whose strength is "large datasets"?" and
/// "whose strength is "advanced R&D"?" are asked alike.
fn template(question: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in question.chars() {
        if c == '"' || c == '“' || c == '”' {
            quoted = !quoted;
            out.push('…');
        } else if !quoted {
            out.push(c);
        }
    }
    if quoted {
        String::new()
    } else {
        normalise(&out)
    }
}

impl Index {
    pub fn new(deck: &Deck) -> Index {
        let mut alike: HashMap<String, Vec<usize>> = HashMap::default();
        let mut answers: HashMap<String, Vec<usize>> = HashMap::default();
        let mut facts = Vec::with_capacity(deck.cards.len());
        let mut first = Vec::with_capacity(deck.cards.len() + 1);
        for (i, card) in deck.cards.iter().enumerate() {
            if let CardBody::Basic { front, .. } = &card.body
                && front.contains('"')
            {
                let t = template(front);
                if !t.is_empty() {
                    alike.entry(t).or_default().push(i);
                }
            }
            first.push(facts.len());
            for side in card.sides() {
                if let Some((_, answer)) = fact(card, side) {
                    let n = normalise(&answer);
                    if n.split(' ').count() >= 2 {
                        let at = answers.entry(n.clone()).or_default();
                        if !at.contains(&i) {
                            at.push(i);
                        }
                    }
                    facts.push(n);
                }
            }
        }
        first.push(facts.len());
        Index {
            alike,
            answers,
            facts,
            first,
        }
    }

    /// Card `i`'s facts' answers, normalised, one per item that has one, in study order.
    fn facts_of(&self, i: usize) -> &[String] {
        match (self.first.get(i), self.first.get(i + 1)) {
            (Some(&from), Some(&to)) => self.facts.get(from..to).unwrap_or_default(),
            _ => &[],
        }
    }
}

/// A fact's question and answer for one item (none for the exam kinds), read without
/// inferring its kind: the rules here compare texts only.
fn fact(card: &Card, side: Side) -> Option<(String, String)> {
    match &card.body {
        CardBody::Basic { .. } | CardBody::Cloze { .. } => Some(card.prompt(side)),
        CardBody::Typed { question, answers } => Some((question.clone(), answers.first()?.clone())),
        _ => None,
    }
}

/// Every finding for card `i` of `deck`.
pub fn findings(deck: &Deck, index: &Index, i: usize) -> Vec<Finding> {
    let card = &deck.cards[i];
    let mut out = Vec::new();
    if let Some((question, options, key, at)) = written_options(card)
        && let Some(why) = picked_by_form(&question, &options, key)
    {
        out.push((
            at,
            format!("the key {:?} {why}", options[key]),
            "a candidate could pick the key without knowing the fact; write the wrong options so that no form marks it (for swapped parts, vary two parts two ways each: AC, AD, BC, BD)".into(),
        ));
    }
    if let Some(phrase) = refers_outside(&super::check_near::first_question(card)) {
        out.push((
            vec![],
            format!("the question leans on another card or on context: {phrase:?}"),
            "a card is asked alone and in any order: name what it is about".into(),
        ));
    }
    out.extend(super::check_written::findings(card));
    out.extend(never_right(deck, index, i));
    out.extend(same_fact(deck, index, i));
    out
}

/// A card's options as a candidate sees them when all are written by hand: the question,
/// the options, the key's position and where the wrong ones are in the file.
fn written_options(card: &Card) -> Option<(String, Vec<String>, usize, Vec<Seg>)> {
    match &card.body {
        CardBody::Mcq {
            question,
            options,
            answer,
            ..
        } => Some((
            question.clone(),
            options.clone(),
            *answer,
            vec![Seg::Key("options")],
        )),
        CardBody::Basic { .. } | CardBody::Typed { .. } => {
            let (question, answer) = fact(card, Side::Forward)?;
            let hand = hand_written(card, Side::Forward);
            if hand.len() < 3 {
                return None;
            }
            let mut options = vec![answer];
            options.extend(hand.into_iter().take(3));
            Some((question, options, 0, vec![Seg::Key("distractors")]))
        }
        _ => None,
    }
}

/// The words of a text that carry meaning: normalised, three letters or more, not the
/// countries every deck here is about nor their possessives.
fn meaning_words(text: &str) -> HashSet<String> {
    const SKIP: &[&str] = &[
        "the",
        "and",
        "for",
        "its",
        "with",
        "from",
        "into",
        "that",
        "this",
        "their",
        "which",
        "what",
        "india",
        "japan",
        "indian",
        "japanese",
        "indias",
        "japans",
        "according",
        "note",
        "upsc",
    ];
    normalise(text)
        .split(' ')
        .filter(|w| w.chars().count() >= 3 && !SKIP.contains(w))
        .map(str::to_owned)
        .collect()
}

/// Why the form of the options gives the key away, if it does.
pub(super) fn picked_by_form(question: &str, options: &[String], key: usize) -> Option<String> {
    if options.len() < 3 || key >= options.len() {
        return None;
    }
    if key_most_alike(options, key) {
        return Some(
            "is the option most like all the others: each wrong option is it with a part swapped"
                .into(),
        );
    }
    // The only option that echoes the question ("Under the ICT & 5G sector, the note lists:"
    // with "… Japan ICT Fund support" the only option naming ICT).
    let asked = meaning_words(question);
    let echoes = |o: &String| meaning_words(o).into_iter().find(|w| asked.contains(w));
    if let Some(w) = echoes(&options[key])
        && options
            .iter()
            .enumerate()
            .all(|(j, o)| j == key || echoes(o).is_none())
    {
        return Some(format!(
            "is the only option with a word of the question ({w:?})"
        ));
    }
    if let Some(why) = year_apart(options, key) {
        return Some(why);
    }
    let bracketed = |o: &String| o.contains('(') && o.contains(')');
    if bracketed(&options[key]) && options.iter().filter(|o| bracketed(o)).count() == 1 {
        return Some("is the only option with a parenthesis".into());
    }
    // Places are short names: longer keys are not looked up.
    if options[key].split_whitespace().count() <= 3
        && let AnswerKind::Place(level) = infer(question, &options[key]).kind
        && let Some(other) =
            options
                .iter()
                .enumerate()
                .find_map(|(j, o)| match infer(question, o).kind {
                    AnswerKind::Place(l) if j != key && l != level => Some(o),
                    _ => None,
                })
    {
        return Some(format!(
            "is a {} among places of another level ({other:?})",
            AnswerKind::Place(level)
        ));
    }
    None
}

/// When every option is a year: whether the key stands apart from the wrong options, which
/// lie close together ("2010" among 2024, 2025 and 2026): the outlier is a guess that pays.
fn year_apart(options: &[String], key: usize) -> Option<String> {
    let years: Vec<i32> = options
        .iter()
        .map(|o| {
            let t = o.trim();
            (t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))
                .then(|| t.parse().ok())
                .flatten()
        })
        .collect::<Option<_>>()?;
    let k = years[key];
    let others: Vec<i32> = (0..years.len())
        .filter(|&j| j != key)
        .map(|j| years[j])
        .collect();
    let (lo, hi) = (*others.iter().min()?, *others.iter().max()?);
    let nearest = others.iter().map(|y| (y - k).abs()).min()?;
    (nearest >= 5 && nearest > 2 * (hi - lo)).then(|| {
        format!("is a year {nearest} years from the nearest wrong option, which lie within {} of each other", hi - lo)
    })
}

/// Phrases of a question that point outside the card, lower case.
const PHRASES: &[&str] = &[
    "in the same ",
    "the same scheme",
    "these reports",
    "this subject",
    "this partnership",
    "the previous card",
    "the previous question",
    "as above",
];

/// A phrase of the question that points outside the card ("In the same scheme…", "these
/// reports"), which a student meeting the card alone cannot resolve.
fn refers_outside(question: &str) -> Option<&'static str> {
    // `question` lowered, with a space after it, contains the phrase: the phrases are
    // lower-case ASCII, and the only characters that lower to ASCII letters are ASCII
    // capitals, the Kelvin sign (to a "k", in no phrase) and "İ" (to an "i" always followed
    // by a combining dot, in no phrase), so the question with its ASCII letters lowered (one
    // small copy; other bytes as they are) finds the same. Each phrase is then one `memmem`
    // search instead of a case-blind comparison at every byte.
    let mut q = Vec::with_capacity(question.len() + 1);
    q.extend(question.bytes().map(|b| b.to_ascii_lowercase()));
    q.push(b' ');
    // Each phrase's searcher is built once per process, not once per question (building them
    // was 3.6 % of `check`'s instructions at 10,000 cards).
    static FINDERS: std::sync::LazyLock<Vec<memchr::memmem::Finder<'static>>> =
        std::sync::LazyLock::new(|| {
            PHRASES
                .iter()
                .map(|p| memchr::memmem::Finder::new(p.as_bytes()))
                .collect()
        });
    PHRASES
        .iter()
        .zip(FINDERS.iter())
        .find(|(_, f)| f.find(&q).is_some())
        .map(|(p, _)| *p)
}

/// Wrong options that no card asked alike ever has as its answer, when those cards have
/// fewer than four answers between them: the question is a guess between those few.
fn never_right(deck: &Deck, index: &Index, i: usize) -> Vec<Finding> {
    let card = &deck.cards[i];
    let CardBody::Basic {
        front, distractors, ..
    } = &card.body
    else {
        return vec![];
    };
    if distractors.is_empty() {
        return vec![];
    }
    let Some(alike) = index.alike.get(&template(front)).filter(|a| a.len() >= 2) else {
        return vec![];
    };
    let keys: HashSet<String> = alike
        .iter()
        .filter_map(|&j| match &deck.cards[j].body {
            CardBody::Basic { back, .. } => Some(normalise(back)),
            _ => None,
        })
        .collect();
    if keys.len() > 3 {
        return vec![];
    }
    let never: Vec<&String> = distractors
        .iter()
        .filter(|d| !keys.contains(&normalise(d)))
        .collect();
    if never.is_empty() {
        return vec![];
    }
    let ids: Vec<&str> = alike.iter().map(|&j| deck.cards[j].id.as_str()).collect();
    vec![(
        vec![Seg::Key("distractors")],
        format!(
            "{} {} never right for the cards asked alike ({}): with {} answers between them, the question is a guess between {}",
            never.iter().map(|d| format!("{d:?}")).collect::<Vec<_>>().join(" and "),
            if never.len() == 1 { "is" } else { "are" },
            ids.join(", "),
            keys.len(),
            keys.len()
        ),
        "offer only answers that are right for one of these cards, or ask them as flashcards (\"answer_kind\": \"text\" and no distractors)".into(),
    )]
}

/// Another card whose answer is this mcq's right option (or this fact's answer, or one gap
/// of this cloze), without a group shared with this card: the two test the same fact.
fn same_fact(deck: &Deck, index: &Index, i: usize) -> Vec<Finding> {
    let card = &deck.cards[i];
    // Each key with its normalised text (the index's, normalised once for the deck).
    let facts = index.facts_of(i);
    let keys: Vec<(String, Cow<str>)> = match &card.body {
        CardBody::Mcq {
            options, answer, ..
        } => options
            .get(*answer)
            .map(|k| (k.clone(), Cow::Owned(normalise(k))))
            .into_iter()
            .collect(),
        // A cloze card of several gaps tests several facts: each gap is one.
        CardBody::Cloze { .. } => card
            .sides()
            .into_iter()
            .filter_map(|s| fact(card, s).map(|(_, a)| a))
            .zip(facts.iter().map(|n| Cow::Borrowed(n.as_str())))
            .collect(),
        // The forward item is the card's first.
        _ => fact(card, Side::Forward)
            .map(|(_, a)| a)
            .into_iter()
            .zip(facts.iter().map(|n| Cow::Borrowed(n.as_str())))
            .collect(),
    };
    let mut out = Vec::new();
    let mut reported: HashSet<usize> = HashSet::default();
    for (key, norm) in keys {
        let Some(others) = index.answers.get(norm.as_ref()) else {
            continue;
        };
        // Reported once, at the later card.
        let Some(&j) = others.iter().find(|&&j| j < i) else {
            continue;
        };
        let other = &deck.cards[j];
        if (card.group.is_some() && card.group == other.group) || !reported.insert(j) {
            continue;
        }
        out.push((
            vec![],
            format!(
                "cards {:?} and {:?} both have the answer {key:?}: they test the same fact but share no group",
                other.id, card.id
            ),
            "give both the same \"group\", so that they are not studied on the same day and neither offers the other's answer".into(),
        ));
    }
    out
}

/// Whether a question asks for a person ("Who …", "Whom …").
pub(super) fn asks_who(question: &str) -> bool {
    question
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w == "who" || w == "whom")
}

/// "Vikram Misri" yes; "CEPA", "Andhra Pradesh" (no way to tell) also yes: two or more
/// capitalised words. Single words and lower-case text are not names.
pub(super) fn looks_like_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    words.len() >= 2
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

#[cfg(test)]
#[path = "check_questions_tests.rs"]
mod tests;
