//! The exam-day plan screen (from the deck list with `p`, or the statistics): for an exam date
//! and a daily budget of minutes, the new cards a day, desired retention and exam mode that
//! give the most cards recalled on the exam morning, beside what the current settings would
//! give, with the daily load curve of both; Enter applies it (the run loop saves the settings,
//! keeping a backup). The simulation runs off the UI thread (`Effect::Memory`); this screen
//! shows its progress and then its result. Imports `action`, `shared`, `parts`; no files.

use jiff::ToSpan;
use jiff::civil::Date;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Paragraph, Widget, Wrap};

use super::parts::{Job, block, working};
use super::{Screen, ScreenView, Step};
use crate::domain::memory::plan::{Plan, Proposal};
use crate::domain::settings::Settings;
use crate::domain::words::{in_days, plural};
use crate::tui::action::{Action, Effect, MemoryJob, MemoryResult, SettingsChange};
use crate::tui::shared::Shared;
use crate::tui::theme::Theme;

/// Minutes a day the plan starts from when nothing else is known.
pub const DEFAULT_MINUTES: f64 = 30.0;
/// Days to the exam when no exam date is set.
pub const DEFAULT_DAYS: i64 = 90;
/// How much one key press moves the budget (minutes) and the exam date (days).
const MINUTES_STEP: f64 = 5.0;
const DAYS_STEP: i64 = 7;

/// The plan screen.
#[derive(Debug, Clone)]
pub struct PlanScreen {
    pub exam: Date,
    /// The daily budget, in minutes.
    pub minutes: f64,
    pub job: Job<Proposal>,
    /// Where Esc goes: the screen the plan was opened from (the deck list when none).
    pub back: Option<Box<Screen>>,
}

/// Opens the plan screen (from `back`, or the deck list), for the exam date of the settings
/// (or [`DEFAULT_DAYS`] from today when none is set or it has passed).
pub fn open(sh: &Shared, back: Option<Box<Screen>>) -> Step {
    let today = sh.day.date;
    let exam = sh
        .settings
        .exam_date
        .filter(|d| *d > today)
        .unwrap_or_else(|| today.saturating_add(DEFAULT_DAYS.days()));
    let screen = PlanScreen {
        exam,
        minutes: DEFAULT_MINUTES,
        job: Job::Working { done: 0, total: 0 },
        back,
    };
    let effect = screen.ask();
    Step::go_after(vec![effect], Screen::Plan(Box::new(screen)))
}

impl PlanScreen {
    /// The settings were saved (this plan applied, or another change): the "current settings"
    /// row follows them. When they are the best plan's, the current row is that plan (the
    /// simulation of the same settings with the same seed gives the same figures); otherwise
    /// the plan is simulated again.
    pub fn settings_saved(&mut self, settings: &Settings) -> Step {
        let Job::Ready(p) = &mut self.job else {
            return Step::stay();
        };
        let applied = settings.limits.new_per_day == p.per_deck
            && settings.params.desired_retention == p.best.desired_retention
            && settings.exam_mode == p.best.exam_mode
            && settings.exam_date == Some(self.exam);
        if applied {
            p.current = p.best.clone();
            Step::stay()
        } else {
            self.again()
        }
    }

    fn ask(&self) -> Effect {
        Effect::Memory(MemoryJob::Plan {
            exam: self.exam,
            minutes: self.minutes,
        })
    }

    /// Plans again (the budget or the date changed).
    fn again(&mut self) -> Step {
        self.job = Job::Working { done: 0, total: 0 };
        Step::run(vec![self.ask()])
    }

    pub fn update(&mut self, sh: &mut Shared, action: Action) -> Step {
        match action {
            Action::More => {
                self.minutes = (self.minutes + MINUTES_STEP).min(600.0);
                self.again()
            }
            Action::Fewer if self.minutes > MINUTES_STEP => {
                self.minutes -= MINUTES_STEP;
                self.again()
            }
            Action::Longer => {
                self.exam = self.exam.saturating_add(DAYS_STEP.days());
                self.again()
            }
            Action::Shorter => {
                let earlier = self.exam.saturating_sub(DAYS_STEP.days());
                if earlier <= sh.day.date {
                    return Step::stay();
                }
                self.exam = earlier;
                self.again()
            }
            Action::MemoryProgress(done, total) => {
                self.job.progress(done, total);
                Step::stay()
            }
            Action::MemoryDone(result) => {
                match *result {
                    MemoryResult::Plan(r) => self.job = Job::from(r),
                    MemoryResult::Failed(msg) => self.job = Job::Failed(msg),
                    _ => {}
                }
                Step::stay()
            }
            Action::Apply => match &self.job {
                Job::Ready(p) => Step::run(vec![Effect::SaveSettings(SettingsChange::Plan {
                    per_deck: p.per_deck,
                    desired_retention: p.best.desired_retention,
                    exam_mode: p.best.exam_mode,
                    exam_date: self.exam,
                })]),
                _ => Step::stay(),
            },
            // Only once the plan is shown: the table's work would stop the plan's.
            Action::OpenRetention if !matches!(self.job, Job::Working { .. }) => {
                let here = Screen::Plan(Box::new(self.clone()));
                super::retention::open(Some(Box::new(here)))
            }
            Action::Back => Step::back_to(self.back.take()),
            _ => Step::stay(),
        }
    }
}

fn on_off(b: bool) -> &'static str {
    if b { "on" } else { "off" }
}

/// One row of the comparison.
fn row(name: &str, p: &Plan, total: usize, budget: f64) -> String {
    let pct = if total > 0 {
        format!("{:.0}%", 100.0 * p.recalled / total as f64)
    } else {
        "–".into()
    };
    let over = if p.within(budget) { "" } else { "!" };
    format!(
        "{name:<16} {:>7} {:>9.2} {:>9} {:>8} {pct:>4} {:>6.1} {:>5.1}{over}",
        p.new_per_day,
        p.desired_retention,
        on_off(p.exam_mode),
        format!("{:.0}±{:.0}", p.recalled, p.spread),
        p.outlook.mean_minutes(usize::MAX),
        p.peak_minutes()
    )
}

fn points(minutes: &[f64]) -> Vec<(f64, f64)> {
    minutes
        .iter()
        .enumerate()
        .map(|(d, m)| (d as f64, *m))
        .collect()
}

/// The daily minutes of both plans, with the budget, over the days to the exam.
fn load_chart(p: &Proposal, theme: Theme, area: Rect, buf: &mut Buffer) {
    let best = points(&p.best.outlook.minutes);
    let current = points(&p.current.outlook.minutes);
    let days = p.goal.exam_day.max(2) as f64 - 1.0;
    let budget = [(0.0, p.goal.budget_minutes), (days, p.goal.budget_minutes)];
    let top = p
        .best
        .peak_minutes()
        .max(p.current.peak_minutes())
        .max(p.goal.budget_minutes)
        .max(1.0)
        .ceil();
    let datasets = vec![
        Dataset::default()
            .marker(Marker::Bar)
            .graph_type(GraphType::Line)
            .style(theme.dim())
            .data(&budget),
        Dataset::default()
            .marker(Marker::Dot)
            .graph_type(GraphType::Scatter)
            .style(theme.warning())
            .data(&current),
        Dataset::default()
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(theme.answer())
            .data(&best),
    ];
    let label = |s: String| Span::styled(s, theme.dim());
    Chart::new(datasets)
        .block(
            block(" Minutes a day: ⣿ best plan  • current settings  ▄ budget ")
                .padding(ratatui::widgets::Padding::ZERO),
        )
        .x_axis(Axis::default().bounds([0.0, days]).labels([
            label("today".into()),
            label(format!("exam, day {}", p.goal.exam_day)),
        ]))
        .y_axis(
            Axis::default()
                .bounds([0.0, top])
                .labels([label("0".into()), label(format!("{top:.0}"))]),
        )
        .legend_position(None)
        .render(area, buf);
}

impl Widget for ScreenView<'_, PlanScreen> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (s, theme) = (self.screen, self.theme);
        let today = self.shared.day.date;
        let days = (s.exam - today).get_days();
        // Where the exam date comes from, when it is not the one the settings hold.
        let whence = match self.shared.settings.exam_date {
            Some(d) if d == s.exam => None,
            Some(d) if d <= today => Some(format!(
                "Your exam date {d} has passed. </> move the plan's; Enter applies it and sets it."
            )),
            Some(d) => Some(format!(
                "Your exam date is {d}; Enter applies the plan and moves it to {}.",
                s.exam
            )),
            None => Some(format!(
                "No exam date set: assumed {}. </> moves it; Enter sets it.",
                in_days(days)
            )),
        };
        let title = format!(
            " Exam-day plan: exam {}on {} ({}), {} minutes a day ",
            if whence.is_some() { "assumed " } else { "" },
            s.exam,
            in_days(days),
            s.minutes
        );
        let outer = block(&title);
        let inner = outer.inner(area);
        outer.render(area, buf);
        let p = match &s.job {
            Job::Ready(p) => p,
            other => {
                working(
                    other,
                    "Simulating plans from what you remember today",
                    theme,
                    inner,
                    buf,
                );
                return;
            }
        };
        let [table, chart, words] = Layout::vertical([
            Constraint::Length(4),
            Constraint::Min(5),
            Constraint::Length(3 + u16::from(whence.is_some())),
        ])
        .areas(inner);
        let total = p.total();
        let budget = p.goal.budget_minutes;
        let head = |t: &str| Line::from(Span::styled(t.to_owned(), theme.dim()));
        Paragraph::new(vec![
            head(&format!(
                "{:<16} {:>7} {:>9} {:>9} {:>13} {:>12}",
                "", "new/day", "retention", "exam mode", "recalled on", "minutes/day"
            )),
            head(&format!(
                "{:<16} {:>7} {:>9} {:>9} {:>13} {:>6} {:>5}",
                "", "", "", "", "exam morning", "mean", "peak"
            )),
            Line::from(row("current settings", &p.current, total, budget)),
            Line::from(Span::styled(
                row("best plan", &p.best, total, budget),
                theme.answer(),
            )),
        ])
        .render(table, buf);
        load_chart(p, theme, chart, buf);
        let b = &p.best;
        let mut lines: Vec<Line> = whence
            .into_iter()
            .map(|w| Line::from(Span::styled(w, theme.warning())))
            .collect();
        lines.push(Line::from(format!(
            "Plan: {} new a day ({} a deck × {}), retention {:.2}, exam mode {}.",
            b.new_per_day,
            p.per_deck,
            plural(p.decks_with_new, "deck"),
            b.desired_retention,
            on_off(b.exam_mode)
        )));
        if !b.within(budget) {
            lines.push(Line::from(Span::styled(
                format!("Even with no new cards, some days take more than {budget} minutes."),
                theme.warning(),
            )));
        } else if !p.current.within(budget) {
            lines.push(Line::from(Span::styled(
                format!("! Your current settings take more than {budget} minutes on some days."),
                theme.warning(),
            )));
        }
        lines.push(Line::from(Span::styled(
            format!(
                "{} ({} studied). Enter applies the plan; plan again as days pass.",
                plural(total, "card"),
                p.studied
            ),
            theme.dim(),
        )));
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .render(words, buf);
    }
}
