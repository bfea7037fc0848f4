//! Quiz logic: turning a card into a question for a study mode, UPSC option generation for
//! statements and match questions, distractors for plain facts, checking typed answers, and
//! mock-test scoring. Pure: randomness comes in as a seed. Must not depend on `store`/`tui`.

use super::deck::{Card, CardBody, Deck, MatchStyle, Side, StatementStyle};
use super::options::{Answer, Key, Pool, WRONG_OPTIONS, item_answer, key_most_alike, shown};
use super::second_answer::second_answer;
pub use super::typed::{
    DeckWords, MAX_TYPED_WORDS, Verdict, check_typed, check_typed_among, normalise,
    too_long_to_type, why_not_typed, without_typing_hint,
};
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

/// How the user studies a deck.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StudyMode {
    /// See the answer and grade yourself.
    Flashcard,
    /// Pick the answer among options (auto-graded).
    Choice,
    /// Type the answer (auto-graded).
    Typed,
}

impl StudyMode {
    pub fn label(self) -> &'static str {
        match self {
            StudyMode::Flashcard => "flashcards",
            StudyMode::Choice => "multiple choice",
            StudyMode::Typed => "typed answers",
        }
    }
}

/// A question ready to be shown.
#[derive(Debug, Clone, PartialEq)]
pub enum Question {
    /// Self-graded: show the prompt, then the answer. `why`, in a mode that asks otherwise,
    /// says why this item is a flashcard ("its answer is a list"), for the screen to say.
    Recall {
        prompt: String,
        answer: String,
        why: Option<&'static str>,
    },
    /// Choose one option (or, when `multi`, every right one).
    Choice {
        /// The question's lines: the question, then numbered statements or pairs, then the
        /// closing question.
        stem: Vec<String>,
        options: Vec<String>,
        /// Indices into `options` of the right answers.
        correct: Vec<usize>,
        multi: bool,
        /// Why each option is right or wrong (empty, or one per option, in shown order).
        notes: Vec<String>,
    },
    /// Type the answer.
    Typed {
        prompt: String,
        /// Every accepted form: the deck's first, then those a teacher would also accept.
        accepted: Vec<String>,
        /// How many of `accepted` are the deck's own forms, shown as the answer.
        shown: usize,
    },
}

impl Question {
    /// The right answer as text, for the verdict screen.
    pub fn answer_text(&self) -> String {
        match self {
            Question::Recall { answer, .. } => answer.clone(),
            Question::Typed {
                accepted, shown, ..
            } => accepted[..(*shown).min(accepted.len())].join(" / "),
            Question::Choice {
                options, correct, ..
            } => correct
                .iter()
                .map(|i| {
                    format!(
                        "({}) {}",
                        option_letter(*i),
                        options.get(*i).map_or("", String::as_str)
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
        }
    }
}

/// "a", "b", … for option `i`.
pub fn option_letter(i: usize) -> char {
    char::from(b'a' + (i.min(25) as u8))
}

fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// Builds the question for one item of `card` in `mode`. `seed` decides option order and
/// generated distractors, so the same seed always gives the same question. Builds the deck's
/// answer pool; to ask many questions of one deck, build a [`Pool`] once and use
/// [`question_in`].
pub fn question(deck: &Deck, card: &Card, side: Side, mode: StudyMode, seed: u64) -> Question {
    question_in(&Pool::new(deck), deck, card, side, mode, seed)
}

/// [`question`] with the deck's answer pool built already.
pub fn question_in(
    pool: &Pool,
    deck: &Deck,
    card: &Card,
    side: Side,
    mode: StudyMode,
    seed: u64,
) -> Question {
    let mut r = rng(seed);
    match &card.body {
        CardBody::Mcq {
            question,
            options,
            answer,
            option_explanations,
            shuffle,
        } => {
            let mut order: Vec<usize> = (0..options.len()).collect();
            if *shuffle {
                order.shuffle(&mut r);
            }
            choice(
                vec![question.clone()],
                options,
                &order,
                &[*answer],
                false,
                option_explanations,
            )
        }
        CardBody::Multi {
            question,
            options,
            answers,
            shuffle,
        } => {
            let mut order: Vec<usize> = (0..options.len()).collect();
            if *shuffle {
                order.shuffle(&mut r);
            }
            let mut stem = vec![question.clone()];
            if !question.to_lowercase().contains("select all") {
                stem.push("Select all that apply.".into());
            }
            choice(stem, options, &order, answers, true, &[])
        }
        CardBody::Statements {
            question,
            statements,
            style,
        } => {
            let truth: Vec<bool> = statements.iter().map(|s| s.correct).collect();
            let (options, correct) = statement_options(&truth, *style, &mut r);
            let mut stem = vec![question.clone()];
            stem.extend(
                statements
                    .iter()
                    .enumerate()
                    .map(|(i, s)| format!("{}. {}", i + 1, s.text)),
            );
            stem.push(match style {
                StatementStyle::Which => {
                    "Which of the statements given above is/are correct?".into()
                }
                StatementStyle::HowMany => "How many of the above statements are correct?".into(),
            });
            Question::Choice {
                stem,
                options,
                correct: vec![correct],
                multi: false,
                notes: vec![],
            }
        }
        CardBody::Match {
            question,
            left_title,
            right_title,
            pairs,
            style,
        } => match style {
            MatchStyle::HowMany => {
                let shown = match_shown(pairs, &mut r);
                let right_count = shown
                    .iter()
                    .zip(pairs)
                    .filter(|(s, p)| **s == p.right)
                    .count();
                let mut stem = vec![question.clone(), format!("   {left_title} — {right_title}")];
                stem.extend(
                    pairs
                        .iter()
                        .zip(&shown)
                        .enumerate()
                        .map(|(i, (p, s))| format!("{}. {} — {}", i + 1, p.left, s)),
                );
                stem.push("How many of the pairs given above are correctly matched?".into());
                let (options, correct) = count_options(pairs.len(), right_count, "pair", &mut r);
                Question::Choice {
                    stem,
                    options,
                    correct: vec![correct],
                    multi: false,
                    notes: vec![],
                }
            }
            MatchStyle::Codes => {
                let n = pairs.len();
                // List II in a shuffled order; the right code maps each List I letter to the
                // number of its partner.
                let mut list2: Vec<usize> = (0..n).collect();
                list2.shuffle(&mut r);
                let number_of =
                    |pair: usize| list2.iter().position(|&j| j == pair).map_or(0, |p| p + 1);
                let right: Vec<usize> = (0..n).map(number_of).collect();
                let mut codes = vec![right.clone()];
                let mut tries = 0;
                while codes.len() < 4 && tries < 200 {
                    tries += 1;
                    let mut c = right.clone();
                    c.shuffle(&mut r);
                    if !codes.contains(&c) {
                        codes.push(c);
                    }
                }
                codes.sort();
                let correct = codes.iter().position(|c| *c == right).unwrap_or(0);
                let letters = |i: usize| char::from(b'A' + i as u8);
                let options = codes
                    .iter()
                    .map(|c| {
                        c.iter()
                            .enumerate()
                            .map(|(i, num)| format!("{}-{num}", letters(i)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .collect();
                let mut stem = vec![question.clone(), format!("{left_title}:")];
                stem.extend(
                    pairs
                        .iter()
                        .enumerate()
                        .map(|(i, p)| format!("{}. {}", letters(i), p.left)),
                );
                stem.push(format!("{right_title}:"));
                stem.extend(
                    list2
                        .iter()
                        .enumerate()
                        .map(|(i, &j)| format!("{}. {}", i + 1, pairs[j].right)),
                );
                stem.push("Select the correct answer using the code given below:".into());
                Question::Choice {
                    stem,
                    options,
                    correct: vec![correct],
                    multi: false,
                    notes: vec![],
                }
            }
        },
        CardBody::Basic { .. } | CardBody::Cloze { .. } | CardBody::Typed { .. } => {
            fact_question(pool, deck, card, side, mode, &mut r)
        }
    }
}

/// A basic, cloze or typed card's item in `mode`. As multiple choice it needs three wrong
/// options (hand-written, or other answers of its kind that pass every rule in
/// [`super::options`]); with fewer it is asked typed (a typed card) or as a flashcard.
fn fact_question(
    pool: &Pool,
    deck: &Deck,
    card: &Card,
    side: Side,
    mode: StudyMode,
    r: &mut ChaCha8Rng,
) -> Question {
    // The kind as the pool has it, not inferred again.
    let item = match pool.card_index(&card.id) {
        Some(ci) => pool.item_answer(deck, ci, side),
        None => item_answer(deck, card, side),
    };
    let Some((_, answer, kind)) = item else {
        let (prompt, answer) = card.prompt(side);
        return Question::Recall {
            prompt,
            answer,
            why: None,
        };
    };
    let (prompt, _) = card.prompt(side);
    let typed = |accepted: Vec<String>| {
        let shown = accepted.len();
        let mut all = accepted;
        for form in teacher_forms(pool, card, side) {
            if !all.iter().any(|a| normalise(a) == normalise(&form)) {
                all.push(form);
            }
        }
        Question::Typed {
            prompt: prompt.clone(),
            accepted: all,
            shown,
        }
    };
    let accepted: Vec<String> = match &card.body {
        CardBody::Typed { answers, .. } => answers.clone(),
        CardBody::Cloze { .. } => std::iter::once(answer.clone())
            .chain(
                card.answer
                    .accept
                    .iter()
                    .filter(|(gap, _)| *gap == answer)
                    .flat_map(|(_, forms)| forms.iter().cloned()),
            )
            .collect(),
        _ => vec![answer.clone()],
    };
    match mode {
        // Nothing is typed on a flashcard: a typed card's "(type the name)" goes.
        StudyMode::Flashcard => Question::Recall {
            prompt: without_typing_hint(&prompt).to_owned(),
            answer: accepted.join(" / "),
            why: None,
        },
        // A list or a long phrase typed from memory word for word is not a fair test: a
        // basic or cloze item of that sort is asked as a flashcard (a typed card is meant).
        StudyMode::Typed if !matches!(card.body, CardBody::Typed { .. }) => {
            match why_not_typed(kind.kind, &answer) {
                Some(why) => Question::Recall {
                    prompt: prompt.clone(),
                    answer: accepted.join(" / "),
                    why: Some(why),
                },
                None => typed(accepted),
            }
        }
        StudyMode::Typed => typed(accepted),
        StudyMode::Choice => {
            let prompt = without_typing_hint(&prompt).to_owned();
            let hand = hand_written(card, side);
            let wrong = match pooled_answer(pool, card, side) {
                Some((ci, a)) if needs_key(a, &hand) => {
                    pool.wrong_options(deck, &Key::new(ci, card, &prompt, a), &hand, r)
                }
                _ => vec![],
            };
            if wrong.len() < WRONG_OPTIONS {
                return match &card.body {
                    CardBody::Typed { .. } => typed(accepted),
                    _ => Question::Recall {
                        prompt,
                        answer: accepted.join(" / "),
                        why: Some("too few wrong options in the deck"),
                    },
                };
            }
            let mut options = vec![shown(&answer)];
            options.extend(wrong.iter().map(|w| shown(w)));
            let mut order: Vec<usize> = (0..options.len()).collect();
            order.shuffle(r);
            choice(vec![prompt], &options, &order, &[0], false, &[])
        }
    }
}

/// The key of a fact's item, for building its options.
pub fn choice_key(pool: &Pool, card: &Card, side: Side, prompt: &str) -> Option<Key> {
    let (ci, answer) = pooled_answer(pool, card, side)?;
    Some(Key::new(ci, card, prompt, answer))
}

/// The pool's answer for one item of `card`, and the card's index in the pool: what
/// [`choice_key`] builds its key from.
pub fn pooled_answer<'p>(pool: &'p Pool, card: &Card, side: Side) -> Option<(usize, &'p Answer)> {
    let ci = pool.card_index(&card.id)?;
    Some((ci, pool.answer_of(ci, side)?))
}

/// Whether an item's wrong options need its key: `false` when nothing is written by hand and
/// other cards' answers are never offered for its kind (a `text` answer), so that it has no
/// wrong option whatever its question (reading the question for its key was most of
/// `check`'s and the export's time on an imported deck).
pub fn needs_key(answer: &Answer, hand_written: &[String]) -> bool {
    !hand_written.is_empty() || answer.kind.pooled()
}

/// The wrong answers written by hand for an item (none for a reversed item: they were
/// written for the other direction).
pub fn hand_written(card: &Card, side: Side) -> Vec<String> {
    if side == Side::Reverse {
        return vec![];
    }
    let own = match &card.body {
        CardBody::Basic { distractors, .. } => distractors.as_slice(),
        CardBody::Cloze { .. } => {
            let (_, gap) = card.prompt(side);
            return card
                .answer
                .gap_distractors
                .iter()
                .filter(|(g, _)| *g == gap)
                .flat_map(|(_, d)| d.iter().cloned())
                .collect();
        }
        _ => &[],
    };
    own.iter()
        .chain(&card.answer.distractors)
        .cloned()
        .collect()
}

/// Forms of the answer a teacher would also accept when typed (see [`super::typed`]).
fn teacher_forms(pool: &Pool, card: &Card, side: Side) -> Vec<String> {
    let Some(ci) = pool.card_index(&card.id) else {
        return vec![];
    };
    let Some(me) = pool.answer_of(ci, side) else {
        return vec![];
    };
    let mut forms =
        super::typed::name_forms(me.kind, &me.text, |family| pool.persons_named(family) > 1);
    forms.extend(super::typed::gloss_forms(&me.text, side == Side::Reverse));
    forms
}

fn choice(
    stem: Vec<String>,
    options: &[String],
    order: &[usize],
    correct: &[usize],
    multi: bool,
    notes: &[String],
) -> Question {
    Question::Choice {
        stem,
        options: order.iter().map(|&i| options[i].clone()).collect(),
        correct: {
            let mut c: Vec<usize> = order
                .iter()
                .enumerate()
                .filter(|(_, i)| correct.contains(i))
                .map(|(pos, _)| pos)
                .collect();
            c.sort_unstable();
            c
        },
        multi,
        notes: if notes.len() == options.len() {
            order.iter().map(|&i| notes[i].clone()).collect()
        } else {
            vec![]
        },
    }
}

/// Writes a set of statement numbers the way UPSC does: "1 only", "1 and 3 only", "1, 2 and 3".
fn subset_label(set: &[usize], n: usize) -> String {
    let nums: Vec<String> = set.iter().map(|i| (i + 1).to_string()).collect();
    match nums.len() {
        0 => {
            if n == 2 {
                "Neither 1 nor 2".into()
            } else {
                "None of the above".into()
            }
        }
        1 => format!("{} only", nums[0]),
        k if k == n && n == 2 => "Both 1 and 2".into(),
        k => {
            let list = format!("{} and {}", nums[..k - 1].join(", "), nums[k - 1]);
            if k == n { list } else { format!("{list} only") }
        }
    }
}

/// The options of a statements question and the index of the right one. UPSC's fixed orders
/// are kept; "which" options for 3–4 statements are the right subset plus three other subsets,
/// listed by size.
pub fn statement_options(
    truth: &[bool],
    style: StatementStyle,
    r: &mut ChaCha8Rng,
) -> (Vec<String>, usize) {
    let n = truth.len();
    let right: Vec<usize> = (0..n).filter(|&i| truth[i]).collect();
    match style {
        StatementStyle::HowMany => {
            let count = right.len();
            let (options, correct) = count_options(n, count, "", r);
            (options, correct)
        }
        StatementStyle::Which if n == 2 => {
            let options: Vec<String> = [vec![0], vec![1], vec![0, 1], vec![]]
                .iter()
                .map(|s| subset_label(s, 2))
                .collect();
            let correct = options
                .iter()
                .position(|o| *o == subset_label(&right, 2))
                .unwrap_or(0);
            (options, correct)
        }
        StatementStyle::Which => {
            // Every subset except the empty one, as bit masks; the empty set only when right.
            let mut pool: Vec<Vec<usize>> = (1u32..(1 << n))
                .map(|m| (0..n).filter(|i| m & (1 << i) != 0).collect())
                .filter(|s: &Vec<usize>| *s != right)
                .collect();
            pool.shuffle(r);
            let mut sets = wrong_combinations(&pool, &right, n);
            sets.push(right.clone());
            sets.sort_by(|a, b| (a.is_empty(), a.len(), a).cmp(&(b.is_empty(), b.len(), b)));
            let correct = sets.iter().position(|s| *s == right).unwrap_or(0);
            (sets.iter().map(|s| subset_label(s, n)).collect(), correct)
        }
    }
}

/// Three wrong statement sets for `right`, taken from `pool` (shuffled): as many near misses
/// (one statement away) as can be, but never three that make the right set the option most
/// like all the others, which a candidate could pick by counting (see [`key_most_alike`]).
fn wrong_combinations(pool: &[Vec<usize>], right: &[usize], n: usize) -> Vec<Vec<usize>> {
    let near: Vec<bool> = pool
        .iter()
        .map(|s| {
            (0..n)
                .filter(|i| s.contains(i) != right.contains(i))
                .count()
                == 1
        })
        .collect();
    // Each set's label once (not once per triple), and the likeness checked only for a triple
    // with more near misses than the best so far (no other could take its place): the first
    // triple of the most near misses that is not the key's giveaway, as every triple looked
    // at in turn gives it (`wrong_combinations_every`, kept for the test), at 4 statements
    // 364 triples and a mock test's first question ~1 M instructions less.
    let labels: Vec<String> = pool.iter().map(|s| subset_label(s, n)).collect();
    let key = subset_label(right, n);
    let mut best: Option<(usize, [usize; 3])> = None;
    for a in 0..pool.len() {
        for b in a + 1..pool.len() {
            for c in b + 1..pool.len() {
                let nears = [a, b, c].iter().filter(|&&i| near[i]).count();
                if best.is_some_and(|(k, _)| nears <= k) {
                    continue;
                }
                let four = [&labels[a], &labels[b], &labels[c], &key].map(|l| l.clone());
                if key_most_alike(&four, 3) {
                    continue;
                }
                best = Some((nears, [a, b, c]));
            }
        }
    }
    best.map(|(_, t)| t.iter().map(|&i| pool[i].clone()).collect())
        .unwrap_or_else(|| pool.iter().take(3).cloned().collect())
}

/// "How many …" options: "Only one", "Only two", …, "All three", "None" (for n ≤ 4, UPSC's
/// fixed set; for larger n, four counts around the right one). `noun` is "pair" or "".
pub fn count_options(
    n: usize,
    right: usize,
    noun: &str,
    r: &mut ChaCha8Rng,
) -> (Vec<String>, usize) {
    const WORDS: [&str; 7] = ["none", "one", "two", "three", "four", "five", "six"];
    let word = |k: usize| WORDS.get(k).copied().unwrap_or("many");
    let plural = |k: usize| {
        if noun.is_empty() {
            String::new()
        } else if k == 1 {
            format!(" {noun}")
        } else {
            format!(" {noun}s")
        }
    };
    let label = |k: usize| -> String {
        if k == 0 {
            if noun.is_empty() {
                "None".into()
            } else {
                format!("None of the {noun}s")
            }
        } else if k == n && n == 2 {
            format!("Both{}", plural(2))
        } else if k == n {
            format!("All {}{}", word(k), plural(k))
        } else {
            format!("Only {}{}", word(k), plural(k))
        }
    };
    let mut counts: Vec<usize> = match n {
        0..=3 => (0..=n).collect(),
        4 if right > 0 => (1..=4).collect(),
        _ => {
            let mut c: Vec<usize> = (0..=n).filter(|&k| k != right).collect();
            c.shuffle(r);
            c.sort_by_key(|&k| k.abs_diff(right));
            let mut c: Vec<usize> = c.into_iter().take(3).collect();
            c.push(right);
            c
        }
    };
    // UPSC lists the counts upwards and "None" last.
    counts.sort_by_key(|&k| (k == 0, k));
    let correct = counts.iter().position(|&k| k == right).unwrap_or(0);
    (counts.into_iter().map(label).collect(), correct)
}

/// The right-hand sides shown in a "how many pairs" question: the author's `shown` values, or
/// else a seeded mix of correct pairs and swapped ones, drawn again (eight tries, then none
/// swapped) when a swapped side reads as its own ("Gujarat" for the plant at Mundra).
fn match_shown(pairs: &[super::deck::Pair], r: &mut ChaCha8Rng) -> Vec<String> {
    if pairs.iter().any(|p| p.shown.is_some()) {
        return pairs
            .iter()
            .map(|p| p.shown.clone().unwrap_or_else(|| p.right.clone()))
            .collect();
    }
    for _ in 0..8 {
        let shown = mismatched(pairs, r);
        if shown
            .iter()
            .zip(pairs)
            .all(|(s, p)| *s == p.right || second_answer(&p.right, s).is_none())
        {
            return shown;
        }
    }
    pairs.iter().map(|p| p.right.clone()).collect()
}

/// A seeded mix of correct pairs' right sides and ones swapped among themselves.
fn mismatched(pairs: &[super::deck::Pair], r: &mut ChaCha8Rng) -> Vec<String> {
    let n = pairs.len();
    let mut shown: Vec<String> = pairs.iter().map(|p| p.right.clone()).collect();
    // How many to mismatch: 0, or 2..=n (a single pair cannot be mismatched alone).
    let choices: Vec<usize> = std::iter::once(0).chain(2..=n).collect();
    let k = *choices.choose_one(r);
    let mut idx: Vec<usize> = (0..n).collect();
    idx.shuffle(r);
    let chosen = &idx[..k];
    // Rotate the chosen right sides by one: a derangement among them.
    for (a, b) in chosen.iter().zip(chosen.iter().cycle().skip(1)) {
        shown[*a] = pairs[*b].right.clone();
    }
    shown
}

trait ChooseOne<T> {
    fn choose_one(&self, r: &mut ChaCha8Rng) -> &T;
}

impl<T> ChooseOne<T> for Vec<T> {
    fn choose_one(&self, r: &mut ChaCha8Rng) -> &T {
        use rand::RngExt;
        &self[r.random_range(0..self.len())]
    }
}

/// Checks a choice: right only when exactly the right options are chosen.
pub fn check_choice(chosen: &[usize], correct: &[usize]) -> Verdict {
    let mut c = chosen.to_vec();
    c.sort_unstable();
    c.dedup();
    if c == correct {
        Verdict::Right
    } else {
        Verdict::Wrong
    }
}

#[cfg(test)]
#[path = "quiz_tests.rs"]
mod tests;
