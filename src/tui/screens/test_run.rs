//! A mock test being taken: the timed paper, one question at a time, with a palette of every
//! question, mark-for-review, confidence tags, "go to question" and a submit prompt. Submitting
//! (or the time running out) records the test and opens the results.

use jiff::Timestamp;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget, Wrap};

use super::parts::{block, question_lines};
use super::test_results::ResultsView;
use super::{Screen, ScreenView, Step};
use crate::domain::mock::{self, MockTest, TestSpec};
use crate::domain::progress::Mode;
use crate::domain::quiz::Verdict;
use crate::domain::scheduler::Rating;
use crate::domain::session::{Answer, answer_item};
use crate::tui::action::{Action, Effect};
use crate::tui::keymap::Context;
use crate::tui::shared::{Shared, Status};
use crate::tui::theme::Theme;

/// A test being taken.
#[derive(Debug, Clone)]
pub struct TestRun {
    pub test: MockTest,
    /// The "submit?" prompt is up.
    pub confirm: bool,
    /// The "go to question" prompt is up, with what has been typed.
    pub goto: Option<String>,
}

impl TestRun {
    /// What keys mean now.
    pub fn context(&self) -> Context {
        if self.confirm {
            Context::TestConfirm
        } else if self.goto.is_some() {
            Context::TestGoTo
        } else {
            Context::TestQuestion
        }
    }

    /// The left of the header: which question.
    pub fn title(&self) -> String {
        format!(
            " smriti · Mock test · question {} of {}",
            self.test.current + 1,
            self.test.questions.len()
        )
    }

    /// The right of the header: the time left.
    pub fn header_right(&self, sh: &Shared, theme: Theme) -> Line<'static> {
        let left = self.test.seconds_left(sh.now);
        let style = if left < 60 {
            theme.error()
        } else {
            theme.key()
        };
        Line::from(Span::styled(
            format!("⏱ {:02}:{:02} left ", left / 60, left % 60),
            style,
        ))
    }

    /// Starts a test on the chosen deck-list entries (also used by `smriti test`).
    pub fn begin(sh: &mut Shared, chosen: &[bool], spec: TestSpec, now: Timestamp) -> Step {
        let decks = sh.chosen_decks(chosen);
        let questions = mock::draw(&decks, &spec, sh.seed ^ now.as_second() as u64);
        if questions.is_empty() {
            sh.status = Status::note(
                "No questions to draw: choose at least one deck (and a tag its cards carry).",
            );
            return Step::stay();
        }
        if questions.len() < spec.questions {
            sh.status = Status::note(format!(
                "Only {} questions are available; the test has {} of them.",
                questions.len(),
                questions.len()
            ));
        } else {
            sh.status = None;
        }
        let test = MockTest::new(spec, questions, now);
        Step::go(Screen::Test(Box::new(TestRun {
            test,
            confirm: false,
            goto: None,
        })))
    }

    pub fn update(&mut self, sh: &mut Shared, action: Action, now: Timestamp) -> Step {
        let run = self;
        if run.test.timed_out(now) {
            sh.status = Status::note("Time is up: the test was submitted.");
            return finish(sh, &run.test, now);
        }
        if run.confirm {
            match action {
                Action::Confirm => return finish(sh, &run.test, now),
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
                            sh.status = Status::note(format!(
                                "Type a question number from 1 to {}.",
                                run.test.questions.len()
                            ))
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
        Step::stay()
    }
}

/// Submits the test: records it, sends misses back to reviews when asked, shows the results.
fn finish(sh: &mut Shared, test: &MockTest, now: Timestamp) -> Step {
    let results = test.clone().submit(now);
    let mut effects = vec![Effect::RecordTest(Box::new(results.clone()))];
    let mut requeued = 0;
    if results.test.spec.requeue {
        let params = sh.settings.params.clone();
        let day_of = sh.day_of();
        for i in results.to_requeue() {
            let q = &results.test.questions[i];
            let how = Answer {
                ms: results.test.answers[i].ms,
                mode: Mode::Test,
                verdict: Some(results.verdicts[i].unwrap_or(Verdict::Wrong)),
            };
            let event = answer_item(
                &mut sh.progress,
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
        sh.refresh_all_counts();
    }
    effects.push(Effect::Snapshot);
    Step::go_after(
        effects,
        Screen::TestResults(Box::new(ResultsView {
            results,
            requeued,
            review: None,
        })),
    )
}

impl Widget for ScreenView<'_, TestRun> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (run, theme) = (self.screen, self.theme);
        let t = &run.test;
        let n = t.questions.len();
        let per_row = (area.width.saturating_sub(2) / 4).max(1) as usize;
        let palette_rows = n.div_ceil(per_row).min(3) as u16;
        let [main, palette] =
            Layout::vertical([Constraint::Min(5), Constraint::Length(palette_rows + 2)])
                .areas(area);
        let a = &t.answers[t.current];
        let mut title = format!(" Question {} ", t.current + 1);
        if a.marked {
            title.push_str("· ⚑ marked for review ");
        }
        if let Some(c) = a.confidence {
            title.push_str(&format!("· {} ", c.label()));
        }
        let lines = question_lines(&t.questions[t.current], &a.chosen, false, theme);
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block(&title))
            .render(main, buf);

        // The palette: every question, coloured by state; the rows around the current one.
        let first_row =
            (t.current / per_row).saturating_sub(palette_rows.saturating_sub(1) as usize);
        let mut rows: Vec<Line> = Vec::new();
        for r in first_row..first_row + palette_rows as usize {
            let mut spans = Vec::new();
            for i in r * per_row..((r + 1) * per_row).min(n) {
                let ans = &t.answers[i];
                let mut style = if ans.marked {
                    theme.warning().add_modifier(Modifier::UNDERLINED)
                } else if !ans.chosen.is_empty() {
                    theme.answer()
                } else if ans.visited {
                    theme.error()
                } else {
                    theme.dim()
                };
                if i == t.current {
                    style = style.add_modifier(Modifier::REVERSED);
                }
                let sign = if ans.marked {
                    "⚑"
                } else if !ans.chosen.is_empty() {
                    "✓"
                } else {
                    " "
                };
                spans.push(Span::styled(format!("{:>2}{sign}", i + 1), style));
                spans.push(Span::raw(" "));
            }
            rows.push(Line::from(spans));
        }
        let (answered, marked, open) = t.tally();
        let ptitle = format!(" {answered} answered · {marked} marked · {open} not answered ");
        Paragraph::new(rows)
            .block(
                Block::bordered()
                    .border_type(BorderType::Rounded)
                    .title(ptitle),
            )
            .render(palette, buf);

        let popup = |title: &str, text: Vec<Line<'static>>, buf: &mut Buffer| {
            let w = main.width.saturating_sub(8).min(64);
            let r = Rect {
                x: main.x + (main.width - w) / 2,
                y: main.y + main.height / 3,
                width: w,
                height: 5,
            };
            Clear.render(r, buf);
            Paragraph::new(text)
                .wrap(Wrap { trim: true })
                .block(
                    Block::bordered()
                        .border_type(BorderType::Double)
                        .title(title.to_owned()),
                )
                .render(r, buf);
        };
        if run.confirm {
            let text = vec![
                Line::from(format!(
                    "{answered} answered, {open} not answered, {marked} marked for review."
                )),
                Line::from(vec![
                    Span::styled("y", theme.key()),
                    Span::raw(" submit   "),
                    Span::styled("n", theme.key()),
                    Span::raw(" keep going"),
                ]),
            ];
            popup(" Submit the test? ", text, buf);
        } else if let Some(typed) = &run.goto {
            let text = vec![
                Line::from(format!("Question (1–{n}): {typed}▏")),
                Line::from(Span::styled("Enter go · Esc cancel", theme.dim())),
            ];
            popup(" Go to question ", text, buf);
        }
    }
}
