//! Questions that give each other away. In a mock test every stem is on the candidate's
//! screen, so a stem that names another question's answer in that question's own context
//! ("At the **18th** Strategic Dialogue, …" beside "Which round of the Strategic Dialogue
//! …?") answers it for free; an exam setter never puts the two in one paper. [`Clues`] holds
//! what the check needs of one question (its stem's words, its right answers' words) and
//! [`Clues::given_away_by`] says whether another question's stem names one of its answers
//! within three meaningful words of a word of its own stem. The check errs towards caution:
//! a pair it flags only makes the draw prefer another question. Pure: no I/O. Must not depend
//! on `store`/`tui`.

use std::collections::HashSet;

use super::typed::normalise;

/// Words that carry no meaning of their own for the check: articles, prepositions,
/// question words, auxiliaries.
const STOP: &[&str] = &[
    "a", "about", "after", "an", "and", "are", "as", "at", "be", "been", "before", "between", "by",
    "did", "do", "does", "during", "for", "from", "had", "has", "have", "her", "his", "how", "in",
    "into", "is", "it", "its", "not", "of", "on", "or", "than", "that", "the", "their", "these",
    "this", "those", "to", "under", "was", "were", "what", "when", "where", "which", "who", "whom",
    "whose", "why", "with",
];

/// Words an exam's answer codes are made of ("1 and 2 only", "Both A and B", "None of the
/// above"): an answer of these alone names nothing another stem could give away.
const CODES: &[&str] = &["above", "all", "both", "neither", "none", "nor", "only"];

/// How many meaningful words on each side of an answer named in another stem are looked at.
const WINDOW: usize = 3;

/// What the give-away check needs of one question (see the module's paragraph).
#[derive(Debug, Clone, PartialEq)]
pub struct Clues {
    /// The stem's lines, each as its normalised words.
    lines: Vec<Vec<String>>,
    /// The stem's meaningful words, reduced by [`root`], less those of its answers.
    meaning: HashSet<String>,
    /// Each right answer that names something, as its normalised words (a leading article
    /// dropped).
    answers: Vec<Vec<String>>,
}

impl Clues {
    /// The clues of a question with these stem lines and right answers.
    pub fn of<S: AsRef<str>>(stem: &[S], answers: &[&str]) -> Clues {
        let lines: Vec<Vec<String>> = stem.iter().map(|l| words(l.as_ref())).collect();
        let answers: Vec<Vec<String>> = answers
            .iter()
            .map(|a| {
                let mut w = words(a);
                let articles = w
                    .iter()
                    .take_while(|x| matches!(x.as_str(), "the" | "a" | "an"))
                    .count();
                w.drain(..articles);
                w
            })
            .filter(|w| w.iter().any(|x| names_something(x)))
            .collect();
        let in_answers: HashSet<String> = answers.iter().flatten().map(|w| root(w)).collect();
        let meaning = lines
            .iter()
            .flatten()
            .filter(|w| meaningful(w))
            .map(|w| root(w))
            .filter(|w| !in_answers.contains(w))
            .collect();
        Clues {
            lines,
            meaning,
            answers,
        }
    }

    /// Whether `other`'s stem names one of this question's answers next to a word of this
    /// question's stem (within [`WINDOW`] meaningful words on either side, in one line).
    pub fn given_away_by(&self, other: &Clues) -> bool {
        self.answers.iter().any(|answer| {
            other.lines.iter().any(|line| {
                occurrences(line, answer).any(|(start, end)| {
                    let before = line[..start].iter().rev().filter(|w| meaningful(w));
                    let after = line[end..].iter().filter(|w| meaningful(w));
                    before
                        .take(WINDOW)
                        .chain(after.take(WINDOW))
                        .any(|w| self.meaning.contains(&root(w)))
                })
            })
        })
    }

    /// Whether either of two questions gives the other away.
    pub fn clash(&self, other: &Clues) -> bool {
        self.given_away_by(other) || other.given_away_by(self)
    }
}

/// A text's normalised words (lowered, accents and apostrophes dropped, punctuation a
/// space: "Tsusho's rare-earth" is `tsushos rare earth`).
fn words(s: &str) -> Vec<String> {
    normalise(s)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

fn meaningful(w: &str) -> bool {
    w.chars().count() >= 3 && !STOP.contains(&w)
}

/// Whether an answer's word names something: not an article, a preposition, an exam code
/// or a lone letter or digit.
fn names_something(w: &str) -> bool {
    w.chars().count() >= 2 && !STOP.contains(&w) && !CODES.contains(&w)
}

/// A word reduced for comparing a stem's words: a plural's or possessive's final s dropped
/// ("strengths" and "strength", "tsushos" and "tsusho" compare equal).
fn root(w: &str) -> String {
    match w.strip_suffix('s') {
        Some(r) if r.chars().count() >= 3 => r.to_owned(),
        _ => w.to_owned(),
    }
}

/// Where `answer`'s words stand in `line`, as `(start, end)` word positions; the last word
/// may carry a possessive's s ("Toyota Tsusho's").
fn occurrences<'a>(
    line: &'a [String],
    answer: &'a [String],
) -> impl Iterator<Item = (usize, usize)> + 'a {
    let n = answer.len();
    (0..(line.len() + 1).saturating_sub(n)).filter_map(move |p| {
        let window = &line[p..p + n];
        let (last, first) = answer.split_last()?;
        let same = window[..n - 1] == *first
            && (window[n - 1] == *last || window[n - 1] == format!("{last}s"));
        same.then_some((p, p + n))
    })
}

#[cfg(test)]
#[path = "giveaway_tests.rs"]
mod tests;
