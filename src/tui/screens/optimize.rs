//! The optimize screen (from the statistics with `o`): FSRS-6 fitted to the user's own review
//! log, with a progress bar while it runs (off the UI thread, `Effect::Memory`), then the log
//! loss and RMSE of the current and the fitted parameters on the same reviews. The fitted
//! parameters are saved (the run loop keeps the old settings as a backup) only when they
//! predict the answers better. Imports `action`, `shared`, `parts`; no files.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::parts::{Job, block, working};
use super::{Screen, ScreenView, Step};
use crate::domain::memory::fit::{Evaluation, FitError};
use crate::domain::words::plural;
use crate::tui::action::{Action, Effect, MemoryJob, MemoryResult, Optimized, SettingsChange};
use crate::tui::shared::Shared;

/// The optimize screen.
#[derive(Debug, Clone)]
pub struct OptimizeScreen {
    pub job: Job<Optimized>,
    /// Where Esc goes (the deck list when none).
    pub back: Option<Box<Screen>>,
}

/// Opens the screen and starts fitting.
pub fn open(back: Option<Box<Screen>>) -> Step {
    let screen = OptimizeScreen {
        job: Job::Working { done: 0, total: 0 },
        back,
    };
    Step::go_after(
        vec![Effect::Memory(MemoryJob::Optimize)],
        Screen::Optimize(Box::new(screen)),
    )
}

impl OptimizeScreen {
    pub fn update(&mut self, _sh: &mut Shared, action: Action) -> Step {
        match action {
            Action::MemoryProgress(done, total) => self.job.progress(done, total),
            Action::MemoryDone(result) => {
                if let MemoryResult::Failed(msg) = *result {
                    self.job = Job::Failed(msg);
                } else if let MemoryResult::Optimize(r) = *result {
                    self.job = Job::Ready(Box::new(r));
                    // Saved only when better.
                    if let Job::Ready(o) = &self.job
                        && let Ok(fit) = &o.fit
                        && fit.better()
                    {
                        return Step::run(vec![Effect::SaveSettings(SettingsChange::Weights(
                            fit.weights,
                        ))]);
                    }
                }
            }
            Action::Back => {
                return Step::back_to(self.back.take());
            }
            _ => {}
        }
        Step::stay()
    }
}

fn eval_row(name: &str, e: &Evaluation) -> String {
    format!("{name:<20} {:>9.4} {:>12.4}", e.log_loss, e.rmse_bins)
}

impl Widget for ScreenView<'_, OptimizeScreen> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (s, theme) = (self.screen, self.theme);
        let outer = block(" Your own memory model: FSRS-6 fitted to your reviews ");
        let inner = outer.inner(area);
        outer.render(area, buf);
        let o = match &s.job {
            Job::Ready(o) => o,
            other => {
                working(
                    other,
                    "Fitting the parameters to your reviews",
                    theme,
                    inner,
                    buf,
                );
                return;
            }
        };
        let mut lines = vec![
            Line::from(format!(
                "{} in your log: {} on a later day than the card's previous answer, from {}.",
                plural(o.answers, "answer"),
                plural(o.items, "review"),
                plural(o.cards, "card")
            )),
            Line::default(),
        ];
        match &o.fit {
            Err(e @ FitError::TooFew { .. }) => {
                lines.push(Line::from(Span::styled(
                    format!("Not enough reviews to fit your own parameters yet: {e}."),
                    theme.warning(),
                )));
            }
            Err(e) => lines.push(Line::from(Span::styled(e.to_string(), theme.error()))),
            Ok(fit) => {
                let dim = |t: String| Line::from(Span::styled(t, theme.dim()));
                lines.push(dim(
                    "How well each set of parameters predicts your answers (lower is better):"
                        .into(),
                ));
                lines.push(dim(format!(
                    "{:<20} {:>9} {:>12}",
                    "", "log loss", "RMSE (bins)"
                )));
                lines.push(Line::from(eval_row("current parameters", &fit.current)));
                lines.push(Line::from(Span::styled(
                    eval_row("fitted parameters", &fit.fitted),
                    if fit.better() {
                        theme.answer()
                    } else {
                        ratatui::style::Style::new()
                    },
                )));
                lines.push(Line::default());
                let saved = self.shared.settings.params.weights == fit.weights;
                lines.push(Line::from(if !fit.better() {
                    "They predict your answers no better than the current ones: nothing changed."
                        .to_owned()
                } else if saved {
                    "They are better, and now yours: the scheduler uses them from the next answer. The old settings are kept as a backup beside settings.json."
                        .to_owned()
                } else {
                    "They are better: saving them…".to_owned()
                }));
                if fit.better() && saved {
                    lines.push(Line::from(Span::styled(
                        "Cards keep their due dates until their next review (smriti rebuild recomputes them all now).",
                        theme.dim(),
                    )));
                }
            }
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(inner, buf);
    }
}
