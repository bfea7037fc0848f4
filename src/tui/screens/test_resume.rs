//! A mock test left before it was submitted (Ctrl-C, the terminal closed, a crash), found at
//! start-up: what it is, how far it got and the time left, and the two ways on: resume it
//! (the clock starts again where it stopped) or submit it as it stands. Quitting keeps it for
//! the next start.

use jiff::Timestamp;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::parts::{block, fmt_marks};
use super::study::Study;
use super::test_run::{TestRun, finish};
use super::{ScreenView, Step};
use crate::domain::mock::Paused;
use crate::domain::quiz::StudyMode;
use crate::domain::words::plural;
use crate::tui::action::Action;
use crate::tui::shared::{Shared, Status};

/// The offer.
#[derive(Debug, Clone)]
pub struct ResumeOffer {
    pub paused: Paused,
    /// The deck (and mode) `smriti study DECK` named: "later" studies it.
    pub then: Option<(String, StudyMode)>,
}

impl ResumeOffer {
    pub fn update(&mut self, sh: &mut Shared, action: Action, now: Timestamp) -> Step {
        match action {
            // Either way the test is no longer kept: a note saying so (left by `l`) goes.
            Action::Resume => {
                sh.unfinished = None;
                sh.status = None;
                TestRun::resume(sh, self.paused.clone(), now)
            }
            Action::Submit => {
                sh.unfinished = None;
                sh.status = None;
                finish(sh, self.paused.clone().submit(), now)
            }
            // Later: the test stays in the saves folder (and in `sh.unfinished`, so that `t`
            // offers it again rather than a new test taking its place).
            Action::Back => match self.then.clone() {
                Some((id, mode)) => match sh.deck_index(&id) {
                    Ok(i) => {
                        sh.selected = i;
                        Study::start(sh, mode)
                    }
                    Err(msg) => {
                        sh.status = Status::error(msg.to_string());
                        Step::home()
                    }
                },
                None => Step::home(),
            },
            _ => Step::stay(),
        }
    }

    /// The lines that say what the test is and where it stopped (also printed by plain mode).
    pub fn describe(&self, sh: &Shared) -> Vec<String> {
        let p = &self.paused;
        let (answered, marked, open) = p.tally();
        let when = p
            .started
            .to_zoned(sh.tz.clone())
            .strftime("%-d %b %Y, %H:%M");
        let m = p.spec.marking;
        let left = p.ms_left / 1000;
        vec![
            "A mock test was left before it was submitted.".to_owned(),
            format!(
                "Started {when}: {}, {} min, marking +{} right, {} wrong.",
                plural(p.questions.len(), "question"),
                fmt_marks(p.spec.minutes),
                fmt_marks(m.right),
                fmt_marks(m.wrong)
            ),
            // Only the counts that are not zero.
            format!(
                "{}{}; it was on question {}.",
                match (answered, open) {
                    (0, _) => "Nothing answered yet".to_owned(),
                    (n, 0) => format!("All {n} answered"),
                    (n, o) => format!("{n} answered, {o} not answered"),
                },
                match marked {
                    0 => String::new(),
                    n => format!(" ({n} marked for review)"),
                },
                p.current + 1
            ),
            format!(
                "Time left: {:02}:{:02}. The clock stopped when the test was left and starts again when you resume.",
                left / 60,
                left % 60
            ),
        ]
    }
}

impl Widget for ScreenView<'_, ResumeOffer> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (offer, theme) = (self.screen, self.theme);
        let mut lines: Vec<Line> = offer
            .describe(self.shared)
            .into_iter()
            .enumerate()
            .map(|(i, l)| {
                if i == 0 {
                    Line::from(Span::styled(l, theme.title()))
                } else {
                    Line::from(l)
                }
            })
            .collect();
        lines.push(Line::from(""));
        let later = match &offer.then {
            Some(_) => "later: study the deck you named now (the test is kept)".to_owned(),
            None => "later: the deck list (the test is kept; t offers it again)".to_owned(),
        };
        for (key, what) in [
            ("r", "resume the test"),
            ("s", "submit it as it stands and see the results"),
            ("Esc", later.as_str()),
            ("q", "quit; it is offered again next time"),
        ] {
            lines.push(Line::from(vec![
                Span::styled(format!("  {key:<3}  "), theme.key()),
                Span::raw(what),
            ]));
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block(" Unfinished mock test "))
            .render(area, buf);
    }
}
