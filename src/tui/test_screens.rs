//! The mock-test screens: setup, the timed paper (with palette, mark-for-review, confidence
//! tags and a submit prompt), results and answer review. State and `App` update functions
//! here; drawing in `view_test`. Imports `domain` only.

use jiff::Timestamp;

use super::action::{Action, Effect};
use super::app::{App, Screen, Status};
use crate::domain::deck::Deck;
use crate::domain::mock::{self, MockTest, Results, TestSpec};
use crate::domain::progress::Mode;
use crate::domain::quiz::{Marking, Verdict};
use crate::domain::scheduler::Rating;
use crate::domain::session::{Answer, answer_item};

/// Minutes per question by default: UPSC GS paper I gives 120 minutes for 100 questions.
pub const MINUTES_PER_QUESTION: f64 = 1.2;

/// The marking schemes offered.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scheme {
    UpscGs,
    UpscCsat,
    Plain,
    Custom(Marking),
}

impl Scheme {
    pub fn marking(self) -> Marking {
        match self {
            Scheme::UpscGs => Marking::UPSC_GS,
            Scheme::UpscCsat => Marking::UPSC_CSAT,
            Scheme::Plain => Marking::NONE,
            Scheme::Custom(m) => m,
        }
    }

    pub fn label(self) -> String {
        let m = self.marking();
        let name = match self {
            Scheme::UpscGs => "UPSC GS",
            Scheme::UpscCsat => "UPSC CSAT",
            Scheme::Plain => "No negative marking",
            Scheme::Custom(_) => "Custom",
        };
        format!(
            "{name}: +{} right, {} wrong",
            fmt_marks(m.right),
            fmt_marks(m.wrong)
        )
    }

    fn next(self) -> Scheme {
        match self {
            Scheme::UpscGs => Scheme::UpscCsat,
            Scheme::UpscCsat => Scheme::Plain,
            Scheme::Plain | Scheme::Custom(_) => Scheme::UpscGs,
        }
    }
}

/// Marks without trailing zeros: 2, 2.5, −0.67.
pub fn fmt_marks(m: f64) -> String {
    let s = format!("{:.2}", m.abs());
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if m < 0.0 {
        format!("−{s}")
    } else {
        s.to_owned()
    }
}

/// The setup screen.
#[derive(Debug, Clone)]
pub struct Setup {
    /// Per deck-list entry: chosen or not (broken decks cannot be).
    pub chosen: Vec<bool>,
    pub cursor: usize,
    pub questions: usize,
    pub minutes: f64,
    /// Minutes were set by hand (else they follow the number of questions).
    pub minutes_set: bool,
    pub scheme: Scheme,
    /// Only questions with this tag (all when `None`).
    pub tag: Option<String>,
    pub requeue: bool,
}

/// A test being taken.
#[derive(Debug, Clone)]
pub struct TestRun {
    pub test: MockTest,
    /// The "submit?" prompt is up.
    pub confirm: bool,
    /// The "go to question" prompt is up, with what has been typed.
    pub goto: Option<String>,
}

/// A submitted test.
#[derive(Debug, Clone)]
pub struct ResultsView {
    pub results: Results,
    /// Cards sent back to spaced repetition.
    pub requeued: usize,
    /// The question being reviewed, when reviewing.
    pub review: Option<usize>,
}

impl App {
    fn usable_decks(&self, chosen: &[bool]) -> Vec<&Deck> {
        self.decks
            .iter()
            .zip(chosen)
            .filter(|(_, c)| **c)
            .filter_map(|(e, _)| e.deck.as_ref().ok())
            .collect()
    }

    /// Tags of the chosen decks' cards, sorted.
    pub fn setup_tags(&self, setup: &Setup) -> Vec<String> {
        let mut tags: Vec<String> = self
            .usable_decks(&setup.chosen)
            .iter()
            .flat_map(|d| d.cards.iter().flat_map(|c| c.tags.iter().cloned()))
            .collect();
        tags.sort();
        tags.dedup();
        tags
    }

    /// How many questions the chosen decks and tag offer.
    pub fn available_questions(&self, setup: &Setup) -> usize {
        self.usable_decks(&setup.chosen)
            .iter()
            .flat_map(|d| &d.cards)
            .filter(|c| setup.tag.as_ref().is_none_or(|t| c.tags.contains(t)))
            .count()
    }

    pub(super) fn open_test_setup(&mut self) {
        let mut chosen: Vec<bool> = vec![false; self.decks.len()];
        for i in self.selected_or_all() {
            chosen[i] = true;
        }
        let questions = 10;
        self.status = None;
        self.screen = Screen::TestSetup(Box::new(Setup {
            chosen,
            cursor: self.selected,
            questions,
            minutes: questions as f64 * MINUTES_PER_QUESTION,
            minutes_set: false,
            scheme: Scheme::UpscGs,
            tag: None,
            requeue: true,
        }));
    }

    pub(super) fn update_setup(&mut self, action: Action, now: Timestamp) -> Vec<Effect> {
        let Screen::TestSetup(mut s) = std::mem::replace(&mut self.screen, Screen::Home) else {
            return vec![];
        };
        let n = self.decks.len();
        match action {
            Action::Up if n > 0 => s.cursor = (s.cursor + n - 1) % n,
            Action::Down if n > 0 => s.cursor = (s.cursor + 1) % n,
            Action::Toggle => {
                if let Some(e) = self.decks.get(s.cursor)
                    && e.deck.is_ok()
                {
                    s.chosen[s.cursor] = !s.chosen[s.cursor];
                    s.tag = None;
                }
            }
            Action::More => {
                s.questions = if s.questions < 5 {
                    s.questions + 1
                } else {
                    s.questions + 5
                }
                .min(200)
            }
            Action::Fewer => {
                s.questions = if s.questions <= 5 {
                    s.questions.saturating_sub(1).max(1)
                } else {
                    s.questions - 5
                }
            }
            Action::Longer => {
                s.minutes = (s.minutes.round() + 1.0).min(600.0);
                s.minutes_set = true;
            }
            Action::Shorter => {
                s.minutes = (s.minutes.round() - 1.0).max(1.0);
                s.minutes_set = true;
            }
            Action::CycleMarking => s.scheme = s.scheme.next(),
            Action::CycleTag => {
                let tags = self.setup_tags(&s);
                s.tag = match &s.tag {
                    None => tags.first().cloned(),
                    Some(t) => tags.iter().skip_while(|x| *x != t).nth(1).cloned(),
                };
            }
            Action::ToggleRequeue => s.requeue = !s.requeue,
            Action::Back => return vec![],
            Action::Start => {
                let spec = TestSpec {
                    questions: s.questions,
                    minutes: s.minutes,
                    marking: s.scheme.marking(),
                    tags: s.tag.clone().into_iter().collect(),
                    requeue: s.requeue,
                };
                let chosen = s.chosen.clone();
                self.screen = Screen::TestSetup(s);
                self.begin_test(&chosen, spec, now);
                return vec![];
            }
            _ => {}
        }
        if !s.minutes_set {
            s.minutes = s.questions as f64 * MINUTES_PER_QUESTION;
        }
        self.screen = Screen::TestSetup(s);
        vec![]
    }

    /// Starts a test on the chosen deck-list entries (also used by `smriti test`).
    pub fn begin_test(&mut self, chosen: &[bool], spec: TestSpec, now: Timestamp) {
        let decks = self.usable_decks(chosen);
        let questions = mock::draw(&decks, &spec, self.seed ^ now.as_second() as u64);
        if questions.is_empty() {
            self.status = Some(Status {
                text: "No questions to draw: choose at least one deck (and a tag its cards carry)."
                    .into(),
                error: false,
            });
            return;
        }
        if questions.len() < spec.questions {
            self.status = Some(Status {
                text: format!(
                    "Only {} questions are available; the test has {} of them.",
                    questions.len(),
                    questions.len()
                ),
                error: false,
            });
        } else {
            self.status = None;
        }
        let test = MockTest::new(spec, questions, now);
        self.screen = Screen::Test(Box::new(TestRun {
            test,
            confirm: false,
            goto: None,
        }));
    }

    pub(super) fn update_test(&mut self, action: Action, now: Timestamp) -> Vec<Effect> {
        let Screen::Test(mut run) = std::mem::replace(&mut self.screen, Screen::Home) else {
            return vec![];
        };
        if run.test.timed_out(now) {
            self.status = Some(Status {
                text: "Time is up: the test was submitted.".into(),
                error: false,
            });
            return self.finish_test(run.test, now);
        }
        if run.confirm {
            match action {
                Action::Confirm => return self.finish_test(run.test, now),
                Action::Back => run.confirm = false,
                _ => {}
            }
        } else if let Some(typed) = &mut run.goto {
            match action {
                Action::Input(c) if c.is_ascii_digit() && typed.len() < 4 => typed.push(c),
                Action::Backspace => {
                    typed.pop();
                }
                Action::Submit => {
                    let target = typed
                        .parse::<usize>()
                        .ok()
                        .filter(|n| (1..=run.test.questions.len()).contains(n));
                    match target {
                        Some(n) => {
                            run.test.go_to(n - 1, now);
                            run.goto = None;
                        }
                        None => {
                            self.status = Some(Status {
                                text: format!(
                                    "Type a question number from 1 to {}.",
                                    run.test.questions.len()
                                ),
                                error: false,
                            })
                        }
                    }
                }
                Action::Back => run.goto = None,
                _ => {}
            }
        } else {
            match action {
                Action::Choose(i) => run.test.choose(i),
                Action::ClearAnswer => run.test.clear(),
                Action::Next => run.test.next(now),
                Action::Previous => run.test.previous(now),
                Action::Mark => run.test.toggle_mark(),
                Action::CycleConfidence => run.test.cycle_confidence(),
                Action::GoTo => run.goto = Some(String::new()),
                Action::Submit | Action::Back => run.confirm = true,
                _ => {}
            }
        }
        self.screen = Screen::Test(run);
        vec![]
    }

    fn finish_test(&mut self, test: MockTest, now: Timestamp) -> Vec<Effect> {
        let results = test.submit(now);
        let mut effects = vec![Effect::RecordTest(Box::new(results.clone()))];
        let mut requeued = 0;
        if results.test.spec.requeue {
            let params = self.settings.params.clone();
            let day_of = self.day_of();
            for i in results.to_requeue() {
                let q = &results.test.questions[i];
                let how = Answer {
                    ms: results.test.answers[i].ms,
                    mode: Mode::Test,
                    verdict: Some(results.verdicts[i].unwrap_or(Verdict::Wrong)),
                };
                let event = answer_item(
                    &mut self.progress,
                    &q.deck,
                    &q.key,
                    Rating::Again,
                    now,
                    how,
                    &params,
                    &day_of,
                );
                effects.push(Effect::Record(event));
                requeued += 1;
            }
            self.refresh_all_counts();
        }
        effects.push(Effect::Snapshot);
        self.screen = Screen::TestResults(Box::new(ResultsView {
            results,
            requeued,
            review: None,
        }));
        effects
    }

    pub(super) fn update_results(&mut self, action: Action) -> Vec<Effect> {
        let Screen::TestResults(mut r) = std::mem::replace(&mut self.screen, Screen::Home) else {
            return vec![];
        };
        let n = r.results.test.questions.len();
        match (action, r.review) {
            (Action::Review, None) if n > 0 => r.review = Some(0),
            (Action::Next, Some(i)) => r.review = Some((i + 1).min(n - 1)),
            (Action::Previous, Some(i)) => r.review = Some(i.saturating_sub(1)),
            (Action::Back, Some(_)) => r.review = None,
            (Action::Back, None) => {
                self.status = self.status.take().filter(|s| s.error);
                return vec![];
            }
            _ => {}
        }
        self.screen = Screen::TestResults(r);
        vec![]
    }
}
