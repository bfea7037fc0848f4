//! Every generated question of the shipped decks, under 50 seeds, read against the option
//! rules of issue 14: the same kind as the key, nothing from the question, no sub- or
//! superstring of the key, no duplicates, no nested labels, a date in the year the question
//! names, one digit grouping, every option written in the key's form (`domain::option_forms`'
//! shape: case style, article, parentheses, grouping, currency and scale, a date's grain), a
//! year asked of the past never offered a future event's year, and no key picked out by the
//! form of the options. The text rules are checked here independently of `domain::options`,
//! which builds the questions.

use crate::domain::deck::{CardBody, Deck, Side};
use crate::domain::option_forms::Shape;
use crate::domain::options::{Pool, item_answer, shown};
use crate::domain::quiz::{Question, StudyMode, choice_key, hand_written, normalise, question_in};
use crate::store::check_questions::picked_by_form;
use crate::store::decks::built_in;

fn shipped() -> Vec<Deck> {
    built_in()
        .iter()
        .map(|(name, text)| crate::store::deck_file::parse(name, text).unwrap())
        .collect()
}

/// Lower-case words of three or more letters that carry meaning.
fn words(s: &str) -> Vec<String> {
    const SKIP: &[&str] = &[
        "the", "and", "for", "its", "with", "from", "into", "that", "this", "india", "japan",
        "indian", "japanese", "their",
    ];
    normalise(s)
        .split(' ')
        .filter(|w| w.chars().count() >= 3 && !SKIP.contains(w))
        .map(str::to_owned)
        .collect()
}

fn labelled(s: &str) -> bool {
    let t = s.to_lowercase();
    ["(a)", "(b)", "(c)", "(d)"].iter().any(|l| t.contains(l))
}

#[test]
fn every_generated_question_of_the_shipped_decks_follows_the_rules() {
    let mut problems = Vec::new();
    let mut generated = 0;
    for deck in shipped() {
        let pool = Pool::new(&deck);
        for card in &deck.cards {
            let fact = matches!(
                card.body,
                CardBody::Basic { .. } | CardBody::Typed { .. } | CardBody::Cloze { .. }
            );
            for side in card.sides() {
                for seed in 0..50 {
                    let q = question_in(&pool, &deck, card, side, StudyMode::Choice, seed);
                    // Every fact is a four-option question, except a reversed item (it has no
                    // distractors of its own) and a phrase the deck declares `text` with none
                    // written: those are flashcards on purpose.
                    if fact
                        && side != Side::Reverse
                        && !matches!(q, Question::Choice { .. })
                        && !flashcard_on_purpose(&deck, card, side)
                    {
                        problems.push(format!(
                            "{} {}:{side:?} seed {seed}: asked as a flashcard (too few wrong options)",
                            deck.id, card.id
                        ));
                    }
                    let Question::Choice {
                        stem,
                        options,
                        correct,
                        ..
                    } = &q
                    else {
                        continue;
                    };
                    let at = format!("{} {}:{side:?} seed {seed}", deck.id, card.id);
                    if stem.iter().any(|l| l.contains("(type ")) {
                        problems.push(format!("{at}: a typing hint in a multiple-choice stem"));
                    }
                    if let [k] = correct.as_slice()
                        && let Some(why) = picked_by_form(&stem.join(" "), options, *k)
                    {
                        problems.push(format!("{at}: the key {:?} {why}", options[*k]));
                    }
                    let mut seen = std::collections::HashSet::new();
                    for o in options {
                        if !seen.insert(normalise(o)) {
                            problems.push(format!("{at}: option {o:?} twice"));
                        }
                        if labelled(o) {
                            problems.push(format!("{at}: option {o:?} has nested labels"));
                        }
                    }
                    if !fact {
                        continue;
                    }
                    generated += 1;
                    check_fact(
                        &pool,
                        &deck,
                        card,
                        side,
                        stem,
                        options,
                        correct,
                        &at,
                        &mut problems,
                    );
                }
            }
        }
    }
    assert!(generated > 0);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn flashcard_on_purpose(deck: &Deck, card: &crate::domain::deck::Card, side: Side) -> bool {
    let declared = card.answer.kind.or(deck.answer_kind);
    declared == Some(crate::domain::answer_kind::AnswerKind::Text)
        && hand_written(card, side).is_empty()
}

#[allow(clippy::too_many_arguments)]
fn check_fact(
    pool: &Pool,
    deck: &Deck,
    card: &crate::domain::deck::Card,
    side: Side,
    stem: &[String],
    options: &[String],
    correct: &[usize],
    at: &str,
    problems: &mut Vec<String>,
) {
    let (question, answer, kind) = item_answer(deck, card, side).unwrap();
    if options.len() != 4 || correct.len() != 1 || options[correct[0]] != shown(&answer) {
        problems.push(format!(
            "{at}: not four options with the key {answer:?}: {options:?}"
        ));
        return;
    }
    let key = normalise(&answer);
    let key_words = words(&answer);
    let question_words = words(&stem.join(" "));
    let hand: Vec<String> = hand_written(card, side)
        .iter()
        .map(|h| normalise(h))
        .collect();
    let ck = choice_key(pool, card, side, &question).unwrap();
    let shape = Shape::of(&answer, kind.kind);
    for (i, o) in options.iter().enumerate() {
        if i == correct[0] {
            continue;
        }
        let n = normalise(o);
        // Hand-written options too: `check` warns about one written otherwise.
        if let Some(facet) = Shape::differs(&shape, &Shape::of(o, kind.kind)) {
            problems.push(format!(
                "{at}: {o:?} is written otherwise than the key {answer:?}: {facet}"
            ));
        }
        // A year asked of the past ("In which year was …") is offered only years of past
        // events: never one the decks give for what "will" happen.
        if kind.kind == crate::domain::answer_kind::AnswerKind::Year
            && !question.contains("will")
            && future_years(deck).contains(&n)
            && !hand.contains(&n)
        {
            problems.push(format!(
                "{at}: {o:?} is the year of a future event, offered for a past one"
            ));
        }
        let inside =
            |outer: &str, inner: &str| format!(" {outer} ").contains(&format!(" {inner} "));
        if inside(&n, &key) || inside(&key, &n) {
            problems.push(format!(
                "{at}: {o:?} contains or is inside the key {answer:?}"
            ));
        }
        if let Some(w) = words(o)
            .into_iter()
            .find(|w| question_words.contains(w) && !key_words.contains(w))
        {
            problems.push(format!("{at}: {o:?} repeats {w:?} from the question"));
        }
        // A year the question names bare ("… in 2025?") and the key has, every date option has.
        if let Some(y) = bare_year(&question, &key)
            && kind.kind == crate::domain::answer_kind::AnswerKind::Date
            && !n.split(' ').any(|w| w == y)
        {
            problems.push(format!(
                "{at}: {o:?} is not in {y}, the year the question names"
            ));
        }
        if let (Some(k), Some(c)) = (separated(&answer), separated(o))
            && k != c
        {
            problems.push(format!(
                "{at}: {o:?} groups its digits unlike the key {answer:?}"
            ));
        }
        if hand.contains(&n) {
            continue;
        }
        // A generated option is another card's answer of the key's kind, and no rule
        // leaves it out.
        let same = pool
            .answers
            .iter()
            .filter(|a| normalise(&shown(&a.text)) == n)
            .any(|a| a.kind == kind.kind && pool.judge(&ck, a).is_ok());
        if !same {
            problems.push(format!(
                "{at}: {o:?} is no answer of kind {} that the rules allow for {answer:?}",
                kind.kind
            ));
        }
    }
}

/// The years a deck's cards give as the answer to a question about what "will" happen.
fn future_years(deck: &Deck) -> Vec<String> {
    deck.cards
        .iter()
        .flat_map(|c| c.sides().into_iter().map(move |s| (c, s)))
        .filter_map(|(c, s)| item_answer(deck, c, s))
        .filter(|(q, a, _)| q.contains(" will ") && a.len() == 4)
        .map(|(_, a, _)| normalise(&a))
        .collect()
}

/// A four-digit year the question names without a month before it, when the key has it too.
fn bare_year(question: &str, key: &str) -> Option<String> {
    let q = normalise(question);
    let words: Vec<&str> = q.split(' ').collect();
    let months = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    words
        .iter()
        .enumerate()
        .find(|&(i, w)| {
            w.len() == 4
                && w.starts_with("20")
                && w.chars().all(|c| c.is_ascii_digit())
                && (i == 0 || !months.contains(&words[i - 1]))
                && key.split(' ').any(|k| k == *w)
        })
        .map(|(_, w)| (*w).to_owned())
}

/// For a number of five digits or more: whether it is written with separators.
fn separated(text: &str) -> Option<bool> {
    let mut run = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() || (c == ',' && !run.is_empty()) {
            run.push(c);
        } else {
            let digits = run.chars().filter(char::is_ascii_digit).count();
            if digits >= 5 {
                return Some(run.contains(','));
            }
            run.clear();
        }
    }
    None
}

/// Every item of the shipped decks asked in typed mode, read as a teacher marks it: the
/// answer without its gloss (a last part in parentheses; for a reversed item, whose answer is
/// the card's front, what follows a spaced dash) is right, and no answer in parts (labelled
/// "(a) …; (b) …", items after a semicolon, or lower-case phrases joined by commas and "and")
/// is typed word for word, since its order or labels would make a right answer wrong.
#[test]
fn every_typed_question_of_the_shipped_decks_accepts_what_a_student_would_type() {
    use crate::domain::quiz::{Verdict, check_typed};
    let mut problems = Vec::new();
    let mut typed = 0;
    for deck in shipped() {
        let pool = Pool::new(&deck);
        for card in &deck.cards {
            if matches!(card.body, CardBody::Typed { .. }) {
                continue; // written to be typed, with its own accepted forms
            }
            for side in card.sides() {
                let q = question_in(&pool, &deck, card, side, StudyMode::Typed, 0);
                let Question::Typed { accepted, .. } = &q else {
                    continue;
                };
                typed += 1;
                let at = format!("{} {}:{side:?}", deck.id, card.id);
                let key = &accepted[0];
                let mut bare = key.as_str();
                if side == Side::Reverse
                    && let Some(i) = bare.find(" — ")
                {
                    bare = &bare[..i];
                }
                if bare.ends_with(')')
                    && let Some(i) = bare.rfind(" (")
                {
                    bare = &bare[..i];
                }
                if check_typed(bare, accepted) != Verdict::Right {
                    problems.push(format!("{at}: {bare:?} is wrong against {accepted:?}"));
                }
                let phrases = key.split_once(", ").is_some_and(|(_, rest)| {
                    rest.contains(" and ")
                        && rest
                            .split([',', ' '])
                            .filter(|w| !w.is_empty())
                            .all(|w| !w.starts_with(char::is_uppercase))
                });
                if key.contains("(a)") || key.contains("; ") || phrases {
                    problems.push(format!("{at}: {key:?} is typed word for word"));
                }
            }
        }
    }
    assert!(typed > 50, "{typed}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
