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
use unicode_width::UnicodeWidthStr;

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
/// The table's width in its wide form; a narrower window gets [`NARROW`] columns.
const WIDE: u16 = 72;

/// A row of the plans' table: wide (72 columns) or narrow (54, for a 60-column window).
fn row(name: &str, p: &Plan, total: usize, budget: f64, narrow: bool) -> String {
    let pct = if total > 0 {
        format!("{:.0}%", 100.0 * p.recalled / total as f64)
    } else {
        "–".into()
    };
    let over = if p.within(budget) { "" } else { "!" };
    let recalled = format!("{:.0}±{:.0}", p.recalled, p.spread);
    let (mean, peak) = (p.outlook.mean_minutes(usize::MAX), p.peak_minutes());
    if narrow {
        format!(
            "{name:<9} {:>7} {:>6.2} {:>4} {recalled:>6} {pct:>4} {mean:>5.1} {peak:>5.1}{over}",
            p.new_per_day,
            p.desired_retention,
            on_off(p.exam_mode),
        )
    } else {
        format!(
            "{name:<16} {:>7} {:>9.2} {:>9} {recalled:>8} {pct:>4} {mean:>6.1} {peak:>5.1}{over}",
            p.new_per_day,
            p.desired_retention,
            on_off(p.exam_mode),
        )
    }
}

/// The table's two header lines, wide or narrow.
fn heads(narrow: bool) -> [String; 2] {
    if narrow {
        [
            format!(
                "{:<9} {:>7} {:>6} {:>4} {:>11} {:>11}",
                "", "new/day", "retain", "exam", "recalled on", "minutes/day"
            ),
            format!(
                "{:<9} {:>7} {:>6} {:>4} {:>11} {:>5} {:>5}",
                "", "", "", "mode", "exam day", "mean", "peak"
            ),
        ]
    } else {
        [
            format!(
                "{:<16} {:>7} {:>9} {:>9} {:>13} {:>12}",
                "", "new/day", "retention", "exam mode", "recalled on", "minutes/day"
            ),
            format!(
                "{:<16} {:>7} {:>9} {:>9} {:>13} {:>6} {:>5}",
                "", "", "", "", "exam morning", "mean", "peak"
            ),
        ]
    }
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
            block({
                let wide = " Minutes a day: ⣿ best plan  • current settings  ▄ budget ";
                if wide.width() + 2 <= usize::from(area.width) {
                    wide
                } else {
                    " Minutes a day: ⣿ best plan  • current  ▄ budget "
                }
            })
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
        let assumed = if whence.is_some() { "assumed " } else { "" };
        let mut title = format!(
            " Exam-day plan: exam {assumed}on {} ({}), {} minutes a day ",
            s.exam,
            in_days(days),
            s.minutes
        );
        // A narrow window: the header names the screen; the title keeps the figures.
        if title.width() + 2 > usize::from(area.width) {
            title = format!(
                " Exam {assumed}{} ({}), {} min a day ",
                s.exam,
                in_days(days),
                s.minutes
            );
        }
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
        let total = p.total();
        let budget = p.goal.budget_minutes;
        let words_min = 3 + u16::from(whence.is_some());
        let words_box = Paragraph::new(words_lines(p, whence, theme)).wrap(Wrap { trim: true });
        // The words below the chart show whole (wrapped in a narrow window); the chart
        // takes what is left.
        let words_h = u16::try_from(words_box.line_count(inner.width))
            .unwrap_or(u16::MAX)
            .max(words_min)
            .min(inner.height.saturating_sub(4));
        let [table, chart, words] = Layout::vertical([
            Constraint::Length(4),
            Constraint::Fill(1),
            Constraint::Length(words_h),
        ])
        .areas(inner);
        let head = |t: &str| Line::from(Span::styled(t.to_owned(), theme.dim()));
        let narrow = inner.width < WIDE;
        let [h1, h2] = heads(narrow);
        let (current, best) = if narrow {
            ("current", "best plan")
        } else {
            ("current settings", "best plan")
        };
        Paragraph::new(vec![
            head(&h1),
            head(&h2),
            Line::from(row(current, &p.current, total, budget, narrow)),
            Line::from(Span::styled(
                row(best, &p.best, total, budget, narrow),
                theme.answer(),
            )),
        ])
        .render(table, buf);
        // A chart needs 5 rows to say anything; in a window too short for it, say so.
        if chart.height >= 5 {
            load_chart(p, theme, chart, buf);
        } else {
            Paragraph::new(Span::styled(
                "(The chart of minutes a day needs a taller window.)",
                theme.dim(),
            ))
            .wrap(Wrap { trim: true })
            .render(chart, buf);
        }
        words_box.render(words, buf);
    }
}

/// The lines under the chart: where the exam date comes from (`whence`), the plan in words,
/// a warning when a plan takes more than the budget, and the cards it covers.
fn words_lines(p: &Proposal, whence: Option<String>, theme: Theme) -> Vec<Line<'static>> {
    let (total, budget) = (p.total(), p.goal.budget_minutes);
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
    lines
}
