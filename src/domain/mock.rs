//! Mock tests: a timed paper of multiple-choice questions (drawn from decks by
//! `mock_draw`), answered in any order, changed until submitted, and scored with negative
//! marking. Pure: `now` is an argument. Must not depend on `store`/`tui`.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::deck::ItemKey;
use super::ids::DeckId;
use super::quiz::{self, Question, Verdict};
use super::time::add_secs;
use super::weak_tags::{self, TagCount, weakest_first};

/// How sure the candidate was of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    Sure,
    FiftyFifty,
    Guess,
}

impl Confidence {
    pub fn label(self) -> &'static str {
        match self {
            Confidence::Sure => "sure",
            Confidence::FiftyFifty => "50-50",
            Confidence::Guess => "guess",
        }
    }

    /// The next tag in the cycle none → sure → 50-50 → guess → none.
    pub fn cycle(c: Option<Confidence>) -> Option<Confidence> {
        match c {
            None => Some(Confidence::Sure),
            Some(Confidence::Sure) => Some(Confidence::FiftyFifty),
            Some(Confidence::FiftyFifty) => Some(Confidence::Guess),
            Some(Confidence::Guess) => None,
        }
    }
}

/// One question of a test.
#[derive(Debug, Clone, PartialEq)]
pub struct TestQuestion {
    pub deck: DeckId,
    pub key: ItemKey,
    /// Always a `Question::Choice`.
    pub question: Question,
    pub tags: Vec<String>,
    pub explanation: Option<String>,
    /// Where the card's fact comes from (the deck's citation of the card's source), shown
    /// in the answer review as study shows it.
    pub source: Option<String>,
}

/// The candidate's answer to one question.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TestAnswer {
    pub chosen: Vec<usize>,
    pub marked: bool,
    pub confidence: Option<Confidence>,
    pub visited: bool,
    /// Time spent on the question so far.
    pub ms: u64,
}

/// What the test is drawn from and how it is marked.
#[derive(Debug, Clone, PartialEq)]
pub struct TestSpec {
    pub questions: usize,
    pub minutes: f64,
    pub marking: Marking,
    /// Only cards with one of these tags (all cards when empty).
    pub tags: Vec<String>,
    /// Feed wrong and guessed answers back into spaced repetition.
    pub requeue: bool,
    /// Nobody set the time: it follows the questions the test really has, at
    /// [`MINUTES_PER_QUESTION`] (see [`TestSpec::fit`]).
    pub paced: bool,
}

impl TestSpec {
    /// The spec for a test that really has `drawn` questions: when fewer than asked were
    /// available and nobody set the time, the time follows them at the UPSC pace (at least a
    /// minute), so a four-question test is not given the time of forty.
    pub fn fit(mut self, drawn: usize) -> TestSpec {
        if self.paced && drawn < self.questions {
            self.minutes = (drawn as f64 * MINUTES_PER_QUESTION).max(1.0);
        }
        self.questions = self.questions.min(drawn);
        self
    }
}

/// A test in progress.
#[derive(Debug, Clone, PartialEq)]
pub struct MockTest {
    pub spec: TestSpec,
    pub questions: Vec<TestQuestion>,
    pub answers: Vec<TestAnswer>,
    pub current: usize,
    pub started: Timestamp,
    pub deadline: Timestamp,
    /// When the current question was shown.
    shown_at: Timestamp,
}

impl MockTest {
    pub fn new(spec: TestSpec, questions: Vec<TestQuestion>, now: Timestamp) -> MockTest {
        let n = questions.len();
        let mut answers = vec![TestAnswer::default(); n];
        if let Some(a) = answers.first_mut() {
            a.visited = true;
        }
        MockTest {
            deadline: add_secs(now, spec.minutes * 60.0),
            spec,
            questions,
            answers,
            current: 0,
            started: now,
            shown_at: now,
        }
    }

    /// Seconds left at `now` (never negative).
    pub fn seconds_left(&self, now: Timestamp) -> i64 {
        (self.deadline.as_second() - now.as_second()).max(0)
    }

    pub fn timed_out(&self, now: Timestamp) -> bool {
        now >= self.deadline
    }

    fn options(&self) -> (usize, bool) {
        match &self.questions[self.current].question {
            Question::Choice { options, multi, .. } => (options.len(), *multi),
            _ => (0, false),
        }
    }

    /// Picks option `i` of the current question; choosing the picked option again clears it.
    /// In a select-all question it toggles.
    pub fn choose(&mut self, i: usize) {
        let (n, multi) = self.options();
        if i >= n {
            return;
        }
        let chosen = &mut self.answers[self.current].chosen;
        match (chosen.iter().position(|&c| c == i), multi) {
            (Some(p), _) => {
                chosen.remove(p);
            }
            (None, true) => chosen.push(i),
            (None, false) => *chosen = vec![i],
        }
    }

    pub fn clear(&mut self) {
        self.answers[self.current].chosen.clear();
    }

    pub fn toggle_mark(&mut self) {
        let a = &mut self.answers[self.current];
        a.marked = !a.marked;
    }

    pub fn cycle_confidence(&mut self) {
        let a = &mut self.answers[self.current];
        a.confidence = Confidence::cycle(a.confidence);
    }

    /// Moves to question `i` at `now`, booking the time spent on the one being left.
    pub fn go_to(&mut self, i: usize, now: Timestamp) {
        if i >= self.questions.len() {
            return;
        }
        let spent = (now.as_millisecond() - self.shown_at.as_millisecond()).max(0) as u64;
        self.answers[self.current].ms += spent;
        self.current = i;
        self.answers[i].visited = true;
        self.shown_at = now;
    }

    pub fn next(&mut self, now: Timestamp) {
        let n = self.questions.len();
        self.go_to((self.current + 1).min(n.saturating_sub(1)), now);
    }

    pub fn previous(&mut self, now: Timestamp) {
        self.go_to(self.current.saturating_sub(1), now);
    }

    /// Counts for the palette and the submit prompt: (answered, marked, not answered).
    pub fn tally(&self) -> (usize, usize, usize) {
        let answered = self.answers.iter().filter(|a| !a.chosen.is_empty()).count();
        let marked = self.answers.iter().filter(|a| a.marked).count();
        (answered, marked, self.answers.len() - answered)
    }

    /// Ends the test at `now` and works out the results.
    pub fn submit(mut self, now: Timestamp) -> Results {
        let end = now.min(self.deadline);
        self.go_to(self.current, end);
        let verdicts: Vec<Option<Verdict>> = self
            .questions
            .iter()
            .zip(&self.answers)
            .map(|(q, a)| match &q.question {
                Question::Choice { correct, .. } if !a.chosen.is_empty() => {
                    Some(quiz::check_choice(&a.chosen, correct))
                }
                _ => None,
            })
            .collect();
        let score = score(&verdicts, self.spec.marking);
        let mut tags: BTreeMap<String, (u32, u32)> = BTreeMap::new();
        for (q, v) in self.questions.iter().zip(&verdicts) {
            for t in &q.tags {
                let e = tags.entry(t.clone()).or_default();
                if let Some(v) = v {
                    e.1 += 1;
                    if v.is_right() {
                        e.0 += 1;
                    }
                }
            }
        }
        let mut by_tag: Vec<TagResult> = tags
            .into_iter()
            .filter(|(_, (_, attempted))| *attempted > 0)
            .map(|(tag, (right, attempted))| TagResult {
                tag,
                right,
                attempted,
            })
            .collect();
        let answered = verdicts.iter().flatten().count();
        let right = verdicts.iter().flatten().filter(|v| v.is_right()).count();
        weakest_first(&mut by_tag, weak_tags::rate(right as u64, answered as u64));
        let lucky = (0..verdicts.len())
            .filter(|&i| {
                verdicts[i].is_some_and(Verdict::is_right)
                    && self.answers[i].confidence == Some(Confidence::Guess)
            })
            .collect();
        let confident_wrong = (0..verdicts.len())
            .filter(|&i| {
                verdicts[i] == Some(Verdict::Wrong)
                    && self.answers[i].confidence == Some(Confidence::Sure)
            })
            .collect();
        // The time used: the time allowed less what was left. A test left and resumed later
        // does not count the time it was put away.
        let allowed_ms = (self.spec.minutes * 60_000.0).round() as i64;
        let left_ms = (self.deadline.as_millisecond() - end.as_millisecond()).max(0);
        let elapsed_ms = (allowed_ms - left_ms).max(0) as u64;
        Results {
            timed_out: now >= self.deadline,
            score,
            verdicts,
            by_tag,
            lucky,
            confident_wrong,
            elapsed_ms,
            test: self,
            finished_at: end,
        }
    }
}

/// A test put away: everything needed to go on with it, or to submit it as it stands, later
/// (after the app was left, killed or crashed). The clock stops while it is put away.
#[derive(Debug, Clone, PartialEq)]
pub struct Paused {
    pub spec: TestSpec,
    pub questions: Vec<TestQuestion>,
    pub answers: Vec<TestAnswer>,
    pub current: usize,
    pub started: Timestamp,
    /// When it was put away.
    pub saved_at: Timestamp,
    /// Milliseconds left on the clock then.
    pub ms_left: u64,
}

impl MockTest {
    /// The test as it stands at `now`, to be put away: the time on the current question is
    /// booked to it.
    pub fn pause(&mut self, now: Timestamp) -> Paused {
        self.go_to(self.current, now.min(self.deadline));
        Paused {
            spec: self.spec.clone(),
            questions: self.questions.clone(),
            answers: self.answers.clone(),
            current: self.current,
            started: self.started,
            saved_at: now,
            ms_left: (self.deadline.as_millisecond() - now.as_millisecond()).max(0) as u64,
        }
    }
}

impl Paused {
    /// Questions answered, marked (answered or not) and not answered.
    pub fn tally(&self) -> (usize, usize, usize) {
        let answered = self.answers.iter().filter(|a| !a.chosen.is_empty()).count();
        let marked = self.answers.iter().filter(|a| a.marked).count();
        (answered, marked, self.answers.len() - answered)
    }

    /// Whether it holds a test that can be taken up: as many answers as questions, and the
    /// current question among them.
    pub fn is_whole(&self) -> bool {
        !self.questions.is_empty()
            && self.answers.len() == self.questions.len()
            && self.current < self.questions.len()
            && self.questions.iter().all(|q| match &q.question {
                Question::Choice {
                    options, correct, ..
                } => !options.is_empty() && correct.iter().all(|&c| c < options.len()),
                _ => false,
            })
            && self
                .answers
                .iter()
                .zip(&self.questions)
                .all(|(a, q)| match &q.question {
                    Question::Choice { options, .. } => a.chosen.iter().all(|&c| c < options.len()),
                    _ => false,
                })
    }

    /// Goes on with the test at `now`, with the time that was left when it was put away.
    pub fn resume(self, now: Timestamp) -> MockTest {
        let mut answers = self.answers;
        if let Some(a) = answers.get_mut(self.current) {
            a.visited = true;
        }
        MockTest {
            deadline: add_secs(now, self.ms_left as f64 / 1000.0),
            spec: self.spec,
            questions: self.questions,
            answers,
            current: self.current,
            started: self.started,
            shown_at: now,
        }
    }

    /// Submits the test as it stood when it was put away.
    pub fn submit(self) -> Results {
        let at = self.saved_at;
        self.resume(at).submit(at)
    }
}

/// Accuracy on one tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagResult {
    pub tag: String,
    pub right: u32,
    pub attempted: u32,
}

impl TagResult {
    pub fn accuracy(&self) -> f64 {
        weak_tags::rate(u64::from(self.right), u64::from(self.attempted))
    }

    /// The accuracy drawn toward `overall` (the share of the test's answers that were right):
    /// see [`weak_tags::smoothed`].
    pub fn smoothed(&self, overall: f64) -> f64 {
        weak_tags::smoothed(self.right, self.attempted, overall)
    }
}

impl TagCount for TagResult {
    fn tag(&self) -> &str {
        &self.tag
    }
    fn right(&self) -> u32 {
        self.right
    }
    fn answers(&self) -> u32 {
        self.attempted
    }
}

/// A submitted test.
#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    pub test: MockTest,
    pub score: Score,
    /// Per question: `None` when not answered.
    pub verdicts: Vec<Option<Verdict>>,
    /// Weakest tags first (see [`weak_tags::weakest_first`]).
    pub by_tag: Vec<TagResult>,
    /// Right answers tagged as a guess.
    pub lucky: Vec<usize>,
    /// Wrong answers tagged as sure.
    pub confident_wrong: Vec<usize>,
    pub elapsed_ms: u64,
    pub timed_out: bool,
    pub finished_at: Timestamp,
}

impl Results {
    /// The time spent on the questions answered and on the rest (each question's own time,
    /// booked while it was on screen), as an exam report splits it: a test of ten questions
    /// with one answered in 5 s and nine looked at for 2 s took 5 s per answer, not 0.7 s per
    /// question.
    pub fn time_split(&self) -> TimeSplit {
        let mut t = TimeSplit::default();
        for a in &self.test.answers {
            if a.chosen.is_empty() {
                t.others += 1;
                t.others_ms += a.ms;
            } else {
                t.answered += 1;
                t.answered_ms += a.ms;
            }
        }
        t
    }

    /// Questions whose cards should come back in spaced repetition: wrong answers and guesses.
    pub fn to_requeue(&self) -> Vec<usize> {
        (0..self.verdicts.len())
            .filter(|&i| {
                self.verdicts[i] == Some(Verdict::Wrong)
                    || self.test.answers[i].confidence == Some(Confidence::Guess)
            })
            .collect()
    }
}

/// Where a test's time went: on the questions answered, and on those left unanswered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TimeSplit {
    pub answered: usize,
    pub answered_ms: u64,
    pub others: usize,
    pub others_ms: u64,
}

impl TimeSplit {
    /// Mean time per answered question (ms); none when nothing was answered.
    pub fn ms_per_answer(&self) -> Option<u64> {
        self.answered_ms.checked_div(self.answered as u64)
    }
}

/// Time allowed a question when none is given: 1.2 minutes, as in UPSC GS paper I
/// (100 questions in two hours).
pub const MINUTES_PER_QUESTION: f64 = 1.2;

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
        weak_tags::rate(u64::from(self.right), u64::from(self.attempted))
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
#[path = "mock_tests.rs"]
mod tests;
