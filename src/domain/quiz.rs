//! Quiz logic: turning a card into a question for a study mode, UPSC option generation for
//! statements and match questions, distractors for plain facts, checking typed answers, and
//! mock-test scoring. Pure: randomness comes in as a seed. Must not depend on `store`/`tui`.

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use unicode_normalization::UnicodeNormalization;

use super::deck::{Card, CardBody, Deck, MatchStyle, Side, StatementStyle, cloze_prompt};
use super::scheduler::Rating;

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
    /// Self-graded: show the prompt, then the answer.
    Recall { prompt: String, answer: String },
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
        accepted: Vec<String>,
    },
}

impl Question {
    /// The right answer as text, for the verdict screen.
    pub fn answer_text(&self) -> String {
        match self {
            Question::Recall { answer, .. } => answer.clone(),
            Question::Typed { accepted, .. } => accepted.join(" / "),
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

    /// Whether this question is graded automatically.
    pub fn auto_graded(&self) -> bool {
        !matches!(self, Question::Recall { .. })
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
/// generated distractors, so the same seed always gives the same question.
pub fn question(deck: &Deck, card: &Card, side: Side, mode: StudyMode, seed: u64) -> Question {
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
            let (prompt, answer, accepted) = match &card.body {
                CardBody::Typed { question, answers } => {
                    (question.clone(), answers.join(" / "), answers.clone())
                }
                CardBody::Cloze { parts } => {
                    let n = if let Side::Cloze(n) = side { n } else { 1 };
                    let (q, a) = cloze_prompt(parts, n);
                    (q, a.clone(), vec![a])
                }
                _ => {
                    let (q, a) = card.prompt(side);
                    (q, a.clone(), vec![a])
                }
            };
            match mode {
                StudyMode::Flashcard => Question::Recall { prompt, answer },
                StudyMode::Typed => Question::Typed { prompt, accepted },
                StudyMode::Choice => {
                    let right = accepted.first().cloned().unwrap_or_default();
                    let wrong = distractors(deck, card, side, &right, 3, &mut r);
                    let mut options = vec![right];
                    options.extend(wrong);
                    let mut order: Vec<usize> = (0..options.len()).collect();
                    order.shuffle(&mut r);
                    choice(vec![prompt], &options, &order, &[0], false, &[])
                }
            }
        }
    }
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
            // Prefer near misses: subsets that differ from the right one by one statement.
            pool.sort_by_key(|s| {
                let diff = (0..n)
                    .filter(|i| s.contains(i) != right.contains(i))
                    .count();
                usize::from(diff > 1)
            });
            let mut sets: Vec<Vec<usize>> = pool.into_iter().take(3).collect();
            sets.push(right.clone());
            sets.sort_by(|a, b| (a.is_empty(), a.len(), a).cmp(&(b.is_empty(), b.len(), b)));
            let correct = sets.iter().position(|s| *s == right).unwrap_or(0);
            (sets.iter().map(|s| subset_label(s, n)).collect(), correct)
        }
    }
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
/// else a seeded mix of correct pairs and pairs whose right sides are swapped among themselves.
fn match_shown(pairs: &[super::deck::Pair], r: &mut ChaCha8Rng) -> Vec<String> {
    if pairs.iter().any(|p| p.shown.is_some()) {
        return pairs
            .iter()
            .map(|p| p.shown.clone().unwrap_or_else(|| p.right.clone()))
            .collect();
    }
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

/// What an answer looks like, so that a year is offered with years and an amount with amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Year,
    Date,
    Amount,
    Number,
    Text,
}

const MONTHS: [&str; 12] = [
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

/// Classifies an answer's shape.
pub fn shape(answer: &str) -> Shape {
    let a = answer.trim().to_lowercase();
    let digits = a.chars().filter(char::is_ascii_digit).count();
    let words = a.split_whitespace().count();
    if a.len() == 4 && digits == 4 {
        return Shape::Year;
    }
    if MONTHS.iter().any(|m| a.contains(m)) && digits > 0 {
        return Shape::Date;
    }
    let money = ['₹', '$', '%', '€', '¥'].iter().any(|c| a.contains(*c))
        || [
            "crore", "billion", "million", "lakh", "trillion", "per cent",
        ]
        .iter()
        .any(|w| a.contains(w));
    if money && digits > 0 {
        return Shape::Amount;
    }
    if digits > 0 && words <= 3 {
        return Shape::Number;
    }
    Shape::Text
}

/// Normalises an answer for comparison (see [`check_typed`]).
pub fn normalise(s: &str) -> String {
    let lowered = s.to_lowercase();
    let stripped: String = lowered
        .nfd()
        // Drop Latin combining accents; keep every other mark (Devanagari vowel signs are marks).
        .filter(|c| !('\u{0300}'..='\u{036f}').contains(c))
        // Thousands separators, decimal points and apostrophes vanish ("10,372" = "10372");
        // other punctuation separates words ("Tokyo Electron–Tata" = "Tokyo Electron-Tata").
        .filter(|c| !matches!(c, ',' | '.' | '\'' | '’'))
        .map(|c| {
            if c.is_alphanumeric() || c.is_whitespace() || is_mark(c) {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .nfc()
        .collect();
    let words: Vec<&str> = stripped.split_whitespace().collect();
    let words = match words.first() {
        Some(&("the" | "a" | "an")) if words.len() > 1 => &words[1..],
        _ => &words[..],
    };
    words.join(" ")
}

/// Combining marks outside the Latin accents (Devanagari, Bengali, … vowel signs).
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0900}'..='\u{0DFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{3099}'..='\u{309A}')
}

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// The verdict on an auto-graded answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Right,
    /// Accepted with one typo.
    Close,
    Wrong,
}

impl Verdict {
    pub fn is_right(self) -> bool {
        self != Verdict::Wrong
    }

    /// The rating an auto-graded answer gives unless the user says otherwise.
    pub fn rating(self) -> Rating {
        if self.is_right() {
            Rating::Good
        } else {
            Rating::Again
        }
    }
}

/// Checks a typed answer: case, surrounding space, punctuation, Latin accents and a leading
/// "the/a/an" are ignored; one typo in an answer of 5 or more letters is "close".
pub fn check_typed(given: &str, accepted: &[String]) -> Verdict {
    let g = normalise(given);
    if g.is_empty() {
        return Verdict::Wrong;
    }
    let mut best = Verdict::Wrong;
    for a in accepted {
        let a = normalise(a);
        if a == g {
            return Verdict::Right;
        }
        let letters = a.chars().filter(|c| c.is_alphanumeric()).count();
        if letters >= 5 && edit_distance(&a, &g) == 1 {
            best = Verdict::Close;
        }
    }
    best
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

/// Wrong answers for asking `card` (a fact with answer `right`) as multiple choice: the card's
/// own distractors first, then answers of other cards in the deck, preferring the same shape
/// (a year with years, an amount with amounts) and a shared tag. Never the right answer.
pub fn distractors(
    deck: &Deck,
    card: &Card,
    side: Side,
    right: &str,
    count: usize,
    r: &mut ChaCha8Rng,
) -> Vec<String> {
    let right_norm = normalise(right);
    let mut out: Vec<String> = Vec::new();
    let mut seen = vec![right_norm.clone()];
    let mut take = |cand: &str, out: &mut Vec<String>| {
        let n = normalise(cand);
        if !n.is_empty() && !seen.contains(&n) && out.len() < count {
            seen.push(n);
            out.push(cand.to_owned());
        }
    };
    if let CardBody::Basic { distractors, .. } = &card.body
        && side != Side::Reverse
    {
        for d in distractors {
            take(d, &mut out);
        }
    }
    let want = shape(right);
    let right_words = right.split_whitespace().count().max(1);
    let mut pool: Vec<(u8, String)> = deck
        .cards
        .iter()
        .filter(|c| c.id != card.id)
        .flat_map(|c| {
            let answers: Vec<String> = match &c.body {
                CardBody::Basic {
                    front,
                    back,
                    reverse,
                    ..
                } => {
                    // A reversed item's answer is a front; offer fronts only from cards that are
                    // asked that way too, so the options read alike.
                    if side == Side::Reverse {
                        if *reverse {
                            vec![front.clone()]
                        } else {
                            vec![]
                        }
                    } else {
                        vec![back.clone()]
                    }
                }
                CardBody::Typed { answers, .. } => answers.first().cloned().into_iter().collect(),
                CardBody::Cloze { parts } => parts
                    .iter()
                    .filter_map(|p| match p {
                        super::deck::ClozePart::Gap { answer, .. } => Some(answer.clone()),
                        super::deck::ClozePart::Text(_) => None,
                    })
                    .collect(),
                _ => vec![],
            };
            // More shared tags means a closer topic (every card of a deck may share one).
            let shared = c
                .tags
                .iter()
                .filter(|t| card.tags.contains(t))
                .count()
                .min(2) as u8;
            answers.into_iter().map(move |a| {
                let words = a.split_whitespace().count();
                let similar_length = words * 2 >= right_words && words <= right_words * 2;
                let score = u8::from(shape(&a) == want) * 4 + shared + u8::from(similar_length);
                (score, a)
            })
        })
        .collect();
    pool.shuffle(r);
    pool.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    for (_, a) in &pool {
        take(a, &mut out);
    }
    out
}

/// Marks for a right and a wrong answer (a skipped question scores 0).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Marking {
    pub right: f64,
    pub wrong: f64,
}

impl Marking {
    /// UPSC Civil Services prelims, General Studies paper I: +2, −⅔.
    pub const UPSC_GS: Marking = Marking {
        right: 2.0,
        wrong: -2.0 / 3.0,
    };
    /// UPSC CSAT (paper II): +2.5, −0.83.
    pub const UPSC_CSAT: Marking = Marking {
        right: 2.5,
        wrong: -0.83,
    };
    /// One mark a right answer, no negative marking.
    pub const NONE: Marking = Marking {
        right: 1.0,
        wrong: 0.0,
    };
}

/// The figures of a finished test.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Score {
    pub marks: f64,
    pub max_marks: f64,
    pub attempted: u32,
    pub right: u32,
    pub wrong: u32,
    pub skipped: u32,
}

impl Score {
    /// Right answers as a share of attempted ones (0 when none were).
    pub fn accuracy(&self) -> f64 {
        if self.attempted == 0 {
            0.0
        } else {
            f64::from(self.right) / f64::from(self.attempted)
        }
    }
}

/// Scores a test: `answers` holds, per question, `None` when skipped or the verdict.
pub fn score(answers: &[Option<Verdict>], marking: Marking) -> Score {
    let mut s = Score {
        max_marks: marking.right * answers.len() as f64,
        ..Score::default()
    };
    for a in answers {
        match a {
            None => s.skipped += 1,
            Some(v) => {
                s.attempted += 1;
                if v.is_right() {
                    s.right += 1;
                } else {
                    s.wrong += 1;
                }
            }
        }
    }
    s.marks = f64::from(s.right) * marking.right + f64::from(s.wrong) * marking.wrong;
    s
}

#[cfg(test)]
#[path = "quiz_tests.rs"]
mod tests;
