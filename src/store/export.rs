//! Exporting a deck: TSV that Anki imports as Basic notes (tags included), CSV that `smriti
//! import` reads back, and a Markdown quiz sheet laid out like a UPSC paper with an answer key.

use std::fmt::Write as _;

use crate::domain::deck::{Card, CardBody, Deck, Side};
use crate::domain::options::{LeftOut, PARALLEL_RUN, Pool, WRONG_OPTIONS};
use crate::domain::quiz::{self, Question, StudyMode, choice_key, hand_written, option_letter};

/// Each card as (front, back) rows for flat formats: one row per item of a card (both
/// directions are one Anki note, so reversed cards give one row; cloze cards one per gap).
fn rows(deck: &Deck, card: &Card) -> Vec<(String, String)> {
    match &card.body {
        CardBody::Basic { front, back, .. } => vec![(front.clone(), back.clone())],
        CardBody::Cloze { .. } => card.sides().into_iter().map(|s| card.prompt(s)).collect(),
        CardBody::Typed { question, answers } => vec![(question.clone(), answers.join(" / "))],
        _ => {
            let q = quiz::question(deck, card, card.sides()[0], StudyMode::Choice, 0);
            match &q {
                Question::Choice { stem, options, .. } => {
                    let mut front = stem.join("\n");
                    for (i, o) in options.iter().enumerate() {
                        front.push_str(&format!("\n({}) {o}", option_letter(i)));
                    }
                    vec![(front, q.answer_text())]
                }
                _ => vec![card.prompt(card.sides()[0])],
            }
        }
    }
}

fn field(s: &str, sep: char) -> String {
    if s.contains(sep) || s.contains('"') || s.contains('\n') || s.contains('\r') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// Anki's "Notes in Plain Text" format: import with File → Import, note type Basic.
pub fn tsv(deck: &Deck) -> String {
    let mut out = String::from("#separator:tab\n#html:false\n#tags column:3\n");
    for card in &deck.cards {
        let tags: Vec<String> = deck
            .tags
            .iter()
            .chain(&card.tags)
            .map(|t| t.replace(' ', "_"))
            .collect();
        for (front, back) in rows(deck, card) {
            let back = match &card.explanation {
                Some(e) => format!("{back}\n\n{e}"),
                None => back,
            };
            out.push_str(&format!(
                "{}\t{}\t{}\n",
                field(&front, '\t'),
                field(&back, '\t'),
                tags.join(" ")
            ));
        }
    }
    out
}

/// CSV with a header row: id, front, back, tags, explanation, source.
pub fn csv(deck: &Deck) -> String {
    let mut out = String::from("id,front,back,tags,explanation,source\n");
    for card in &deck.cards {
        let many = card.sides().len() > 1 && matches!(card.body, CardBody::Cloze { .. });
        for (i, (front, back)) in rows(deck, card).into_iter().enumerate() {
            let id = if many {
                format!("{}-{}", card.id, i + 1)
            } else {
                card.id.to_string()
            };
            let cells = [
                id,
                front,
                back,
                card.tags.join(" "),
                card.explanation.clone().unwrap_or_default(),
                card.source.clone().unwrap_or_default(),
            ];
            out.push_str(
                &cells
                    .iter()
                    .map(|c| field(c, ','))
                    .collect::<Vec<_>>()
                    .join(","),
            );
            out.push('\n');
        }
    }
    out
}

/// A printable quiz: numbered questions (multiple choice, statements and match laid out as in
/// a UPSC paper; facts as four-option questions), then the answer key with explanations and,
/// for each fact, its answer's kind. With `why`, the key also lists, for each fact, the
/// candidate options that were left out and the rule that left each out.
pub fn markdown(deck: &Deck, why: bool) -> String {
    markdown_paper(deck, why, 0)
}

/// [`markdown`], paper number `seed`: each seed draws other wrong options in another order.
pub fn markdown_paper(deck: &Deck, why: bool, seed: u64) -> String {
    markdown_paper_with(&Pool::new(deck), deck, why, seed)
}

/// [`markdown_paper`] with the deck's answer pool (`Pool::new(deck)`) given, for a caller
/// that keeps it (`smriti export` leaves it for the process's exit to free).
pub fn markdown_paper_with(pool: &Pool, deck: &Deck, why: bool, seed: u64) -> String {
    // Each card's question has its own seed, so the cards are written on every core, in
    // runs of cards each written into one question text and one key text, joined in order.
    let n = deck.cards.len();
    let runs: Vec<std::ops::Range<usize>> = (0..n)
        .step_by(PARALLEL_RUN)
        .map(|start| start..(start + PARALLEL_RUN).min(n))
        .collect();
    let parts = crate::par::map(&runs, |run| {
        let (mut questions, mut key) = (String::new(), String::new());
        for i in run.clone() {
            card_markdown(pool, deck, i, why, seed, &mut questions, &mut key);
        }
        (questions, key)
    });
    let mut out = format!("# {}\n\n", deck.title);
    if !deck.description.is_empty() {
        out.push_str(&format!("{}\n\n", deck.description));
    }
    out.push_str("## Questions\n\n");
    let (head, key_head) = ("---\n\n", "## Answer key\n\n");
    out.reserve(
        parts.iter().map(|(q, k)| q.len() + k.len()).sum::<usize>() + head.len() + key_head.len(),
    );
    for (questions, _) in &parts {
        out.push_str(questions);
    }
    out.push_str(head);
    out.push_str(key_head);
    for (_, key) in &parts {
        out.push_str(key);
    }
    out
}

/// Card `i`'s question, added to `out`, and its lines of the answer key, added to `key`, for
/// paper `seed`.
fn card_markdown(
    pool: &Pool,
    deck: &Deck,
    i: usize,
    why: bool,
    seed: u64,
    out: &mut String,
    key: &mut String,
) {
    let Some(card) = deck.cards.get(i) else {
        return;
    };
    let n = i + 1;
    let side = card.sides()[0];
    let q = quiz::question_in(
        pool,
        deck,
        card,
        side,
        StudyMode::Choice,
        (n as u64).wrapping_add(seed.wrapping_mul(1_000_003)),
    );
    match &q {
        Question::Choice { stem, options, .. } => {
            let mut lines = stem.iter();
            if let Some(first) = lines.next() {
                let _ = write!(out, "**{n}.** {first}\n\n");
            }
            let rest: Vec<&String> = lines.collect();
            if !rest.is_empty() {
                for l in rest {
                    let _ = writeln!(out, "> {l}  ");
                }
                out.push('\n');
            }
            for (i, o) in options.iter().enumerate() {
                let _ = writeln!(out, "- ({}) {o}", option_letter(i));
            }
            out.push('\n');
        }
        Question::Recall { prompt, .. } | Question::Typed { prompt, .. } => {
            let _ = write!(
                out,
                "**{n}.** {prompt}\n\n_Answer:_ ______________________\n\n"
            );
        }
    }
    let _ = write!(key, "{n}. **{}**", q.answer_text());
    if let Some(e) = &card.explanation {
        let _ = write!(key, " — {e}");
    }
    if let Some(s) = card.source.as_deref().and_then(|s| deck.source(s)) {
        let _ = write!(key, " _({})_", s.citation());
    }
    key.push('\n');
    if let Some((question, _, kind)) = pool.item_answer(deck, i, side) {
        let _ = write!(key, "   - answer kind: {} ({})", kind.kind, kind.rule);
        if let Some(class) = pool
            .card_index(&card.id)
            .and_then(|ci| pool.answer_of(ci, side))
            .and_then(|a| a.class.as_deref())
        {
            let _ = write!(key, ", answer_class {class}");
        }
        if !matches!(q, Question::Choice { .. }) {
            let _ = write!(
                key,
                "; asked as a {}: fewer than {WRONG_OPTIONS} good wrong options",
                if matches!(q, Question::Typed { .. }) {
                    "typed question"
                } else {
                    "flashcard"
                }
            );
        }
        key.push('\n');
        if why {
            key.push_str(&left_out(pool, card, side, &question));
        }
    }
}

/// The candidates of a fact's kind that were left out, each with its reason, and how many
/// answers of other kinds there are.
fn left_out(pool: &Pool, card: &Card, side: Side, question: &str) -> String {
    let Some(key) = choice_key(pool, card, side, question) else {
        return String::new();
    };
    let mut out = String::new();
    let hand = hand_written(card, side);
    if !hand.is_empty() {
        out.push_str(&format!("   - written by hand: {}\n", hand.join(" · ")));
    }
    if !key.kind.pooled() {
        out.push_str(&format!(
            "   - other cards' answers are never offered for a {} answer: its wrong options are written by hand\n",
            key.kind
        ));
        return out;
    }
    let mut other_kinds = 0;
    for (a, why) in pool.report(&key) {
        match why {
            Some(LeftOut::OtherKind(_)) => other_kinds += 1,
            Some(why) => out.push_str(&format!("   - left out {:?}: {why}\n", a.text)),
            None => {}
        }
    }
    if other_kinds > 0 {
        out.push_str(&format!(
            "   - {} never offered\n",
            if other_kinds == 1 {
                "1 answer of another kind is".to_owned()
            } else {
                format!("{other_kinds} answers of other kinds are")
            }
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::deck_file::parse;
    use crate::store::import::{self, Format};

    fn every_kind() -> Deck {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/decks/every-kind.json"
        ))
        .unwrap();
        parse("every-kind.json", &text).unwrap()
    }

    fn prelims() -> Deck {
        let (_, text) = crate::store::decks::built_in()
            .iter()
            .find(|(n, _)| n.contains("prelims"))
            .unwrap();
        parse("prelims", text).unwrap()
    }

    /// A deck past the size that spreads the work over every core: the prelims deck's
    /// cards again and again under new ids.
    fn past_one_run() -> Deck {
        let base = prelims();
        let mut cards = Vec::new();
        while cards.len() <= PARALLEL_RUN + 1 {
            for c in &base.cards {
                let mut c = c.clone();
                c.id = format!("{}-{}", c.id, cards.len()).into();
                cards.push(c);
            }
        }
        Deck { cards, ..base }
    }

    #[test]
    fn the_paper_on_every_core_is_the_paper_on_one() {
        let deck = past_one_run();
        let pool = Pool::new(&deck);
        // The answers as one thread works them out, in one run.
        let one = Pool::in_runs_of(&deck, usize::MAX);
        assert_eq!(format!("{:?}", pool.answers), format!("{:?}", one.answers));
        let paper = markdown_paper(&deck, false, 3);
        let (mut questions, mut key) = (String::new(), String::new());
        for i in 0..deck.cards.len() {
            card_markdown(&pool, &deck, i, false, 3, &mut questions, &mut key);
        }
        assert!(paper.contains(&format!(
            "## Questions\n\n{questions}---\n\n## Answer key\n\n{key}"
        )));
    }

    #[test]
    fn tsv_reads_back_as_anki_notes() {
        let deck = every_kind();
        let text = tsv(&deck);
        assert!(text.starts_with("#separator:tab\n#html:false\n#tags column:3\nFOIP\tFree and Open Indo-Pacific\tsample\n"), "{text}");
        let (records, skipped) = import::read(&text, &Format::Anki).unwrap();
        assert!(skipped.is_empty());
        assert_eq!(
            records.len(),
            8,
            "one row per card, two for the two-gap cloze"
        );
        assert!(
            records[1].front.contains("(a) "),
            "mcq options are part of the front"
        );
    }

    #[test]
    fn csv_round_trips_through_import() {
        let deck = prelims();
        let text = csv(&deck);
        let (records, skipped) = import::read(&text, &Format::Csv).unwrap();
        assert!(skipped.is_empty(), "{skipped:?}");
        let basics: Vec<&Card> = deck
            .cards
            .iter()
            .filter(|c| matches!(c.body, CardBody::Basic { .. }))
            .collect();
        let mut copy = Deck {
            cards: basics.iter().map(|c| (*c).clone()).collect(),
            ..deck.clone()
        };
        let before = copy.clone();
        let report = import::merge(&mut copy, records, vec![], &mut |_, _| {});
        // Basic cards come back unchanged (same ids, text, tags, explanations); the quiz cards
        // return as new basic cards.
        assert_eq!(report.merged, 0, "{report:?}");
        assert_eq!(report.unchanged, basics.len());
        assert_eq!(&copy.cards[..basics.len()], &before.cards[..]);
    }

    #[test]
    fn the_quiz_sheet_reads_like_an_exam_paper() {
        let md = markdown(&every_kind(), false);
        assert!(md.starts_with("# One card of every kind\n\nA sample of each card kind.\n\n## Questions\n\n**1.** FOIP\n\n- (a) "), "{md}");
        assert!(md.contains("**6.** Consider the following statements:\n\n> 1. The AI Dialogue was launched in 2026.  \n> 2. The 15th annual summit was held in India.  \n> Which of the statements given above is/are correct?  \n\n- (a) 1 only\n- (b) 2 only\n- (c) Both 1 and 2\n- (d) Neither 1 nor 2\n"), "{md}");
        assert!(md.contains("## Answer key\n\n1. **("), "{md}");
        assert!(md.contains("6. **(a) 1 only**"), "{md}");
        assert!(md.contains("\n2. **(b) Andhra Pradesh**\n"), "{md}");
        assert!(
            md.contains("\n1. **(b) Free and Open Indo-Pacific** _(UPSC study note)_\n   - answer kind: text (no rule matched: a phrase)\n2."),
            "{md}"
        );
        // A fact with no three wrong options of its kind is printed for a written answer,
        // and the key says why.
        assert!(
            md.contains("**4.** Japan pledged [amount] over 10 years.\n\n_Answer:_ "),
            "{md}"
        );
        assert!(md.contains("\n4. **$67.9 billion**\n   - answer kind: amount (a number with a currency or crore/billion); asked as a flashcard: fewer than 3 good wrong options\n"), "{md}");
    }

    #[test]
    fn the_key_names_an_answer_class() {
        let deck = parse(
            "d.json",
            r#"{"format": 1, "id": "d", "title": "T", "description": "", "cards": [
 {"id": "a", "kind": "typed", "question": "Which Japanese minister visited?", "accept": ["Toshimitsu Motegi"], "answer_kind": "person", "answer_class": "japanese"}]}"#,
        )
        .unwrap();
        assert!(
            markdown(&deck, false)
                .contains("   - answer kind: person (declared on the card), answer_class japanese"),
            "{}",
            markdown(&deck, false)
        );
    }

    #[test]
    fn each_seed_prints_another_paper_of_the_same_questions() {
        let (_, text) = crate::store::decks::built_in()
            .iter()
            .find(|(name, _)| name.contains("prelims"))
            .copied()
            .unwrap();
        let deck = parse("prelims.json", text).unwrap();
        let first = markdown_paper(&deck, false, 0);
        assert_eq!(first, markdown(&deck, false));
        let other = markdown_paper(&deck, false, 1);
        assert_ne!(first, other);
        // The same questions in the same order: only options and their order change.
        let stems = |md: &str| -> Vec<String> {
            md.lines()
                .filter(|l| l.starts_with("**"))
                .map(str::to_owned)
                .collect()
        };
        assert_eq!(stems(&first), stems(&other));
    }

    #[test]
    fn with_why_the_key_lists_the_candidates_left_out() {
        let deck = parse(
            "d.json",
            r#"{"format": 1, "id": "d", "title": "T", "description": "", "cards": [
 {"id": "a", "kind": "basic", "front": "When was the MoC signed?", "back": "August 2025"},
 {"id": "b", "kind": "basic", "front": "When did PM Modi visit Japan?", "back": "29–30 August 2025"},
 {"id": "c", "kind": "basic", "front": "Where is the ammonia project?", "back": "Mundra"}]}"#,
        )
        .unwrap();
        let md = markdown(&deck, true);
        assert!(md.contains("\n1. **August 2025**\n   - answer kind: date (a month or part of a year with a year); asked as a flashcard: fewer than 3 good wrong options\n   - left out \"29–30 August 2025\": contains the key\n   - 1 answer of another kind is never offered\n"), "{md}");
        assert!(!markdown(&deck, false).contains("left out"));
    }

    #[test]
    fn with_why_a_text_answer_says_only_hand_written_options_suit_it() {
        let deck = parse(
            "d.json",
            r#"{"format": 1, "id": "d", "title": "T", "description": "", "cards": [
 {"id": "a", "kind": "basic", "front": "What is its aim?", "back": "To foster a healthy battery market", "distractors": ["To cap lithium prices", "To phase out coal", "To build gigafactories"]},
 {"id": "b", "kind": "basic", "front": "What does it mark?", "back": "A shift toward economic diplomacy"}]}"#,
        )
        .unwrap();
        let md = markdown(&deck, true);
        assert!(md.contains("   - answer kind: text (no rule matched: a phrase)\n   - written by hand: To cap lithium prices · To phase out coal · To build gigafactories\n   - other cards' answers are never offered for a text answer: its wrong options are written by hand\n"), "{md}");
        assert!(!md.contains("left out"), "{md}");
    }
}
