//! The desired-retention screen (from the statistics with `r`): the coming months simulated at
//! each desired retention of 0.70–0.97 with the user's own cards, parameters and habits, as a
//! table (reviews and minutes a day, cards recalled at the end) with bars; the user picks a
//! row and Enter applies it (the run loop saves the settings, keeping a backup). The
//! simulation runs off the UI thread (`Effect::Memory`). Imports `action`, `shared`, `parts`.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::parts::{Job, block, working};
use super::{Screen, ScreenView, Step};
use crate::domain::memory::base::Table;
use crate::domain::words::plural;
use crate::tui::action::{Action, Effect, MemoryJob, MemoryResult, SettingsChange};
use crate::tui::shared::Shared;

/// Days simulated (as `smriti retention`'s default).
pub const DAYS: usize = 180;

/// The desired-retention screen.
#[derive(Debug, Clone)]
pub struct RetentionScreen {
    pub job: Job<Table>,
    /// The row under the cursor.
    pub cursor: usize,
    /// Where Esc goes (the deck list when none).
    pub back: Option<Box<Screen>>,
}

/// Opens the screen and asks for the simulation.
pub fn open(back: Option<Box<Screen>>) -> Step {
    let screen = RetentionScreen {
        job: Job::Working { done: 0, total: 0 },
        cursor: 0,
        back,
    };
    Step::go_after(
        vec![Effect::Memory(MemoryJob::Retention { days: DAYS })],
        Screen::Retention(Box::new(screen)),
    )
}

/// The row of `table` nearest to `r`.
fn nearest(table: &Table, r: f64) -> usize {
    table
        .rows
        .iter()
        .enumerate()
        .min_by(|(_, a), (_, b)| (a.0 - r).abs().total_cmp(&(b.0 - r).abs()))
        .map_or(0, |(i, _)| i)
}

impl RetentionScreen {
    pub fn update(&mut self, sh: &mut Shared, action: Action) -> Step {
        let rows = match &self.job {
            Job::Ready(t) => t.rows.len(),
            _ => 0,
        };
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(rows.saturating_sub(1)),
            Action::MemoryProgress(done, total) => self.job.progress(done, total),
            Action::MemoryDone(result) => {
                match *result {
                    MemoryResult::Retention(r) => self.job = Job::from(r),
                    MemoryResult::Failed(msg) => self.job = Job::Failed(msg),
                    _ => {}
                }
                if let Job::Ready(t) = &self.job {
                    self.cursor = nearest(t, sh.settings.params.desired_retention);
                }
            }
            Action::Apply => {
                if let Job::Ready(t) = &self.job
                    && let Some((r, _)) = t.rows.get(self.cursor)
                {
                    return Step::run(vec![Effect::SaveSettings(SettingsChange::Retention(*r))]);
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

/// Columns a row of the table takes with its bars; in a narrower window the bars (the minutes
/// a day over the whole period, drawn) are left out and the columns close up, so that every
/// figure stays on screen down to 60 columns.
const WIDE_ROW: usize = 72;

/// A bar of `value` scaled so that `max` fills `width` cells (eighths of a cell drawn).
fn bar(value: f64, max: f64, width: usize) -> String {
    const PARTS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    if !(max > 0.0 && value.is_finite() && value > 0.0) {
        return " ".repeat(width);
    }
    let eighths = ((value / max).min(1.0) * width as f64 * 8.0).round() as usize;
    let mut s = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        s.push(PARTS[eighths % 8]);
    }
    format!("{s:<width$}")
}

impl Widget for ScreenView<'_, RetentionScreen> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (s, theme) = (self.screen, self.theme);
        let outer = block(" Desired retention: the next months at each ");
        let inner = outer.inner(area);
        outer.render(area, buf);
        let t = match &s.job {
            Job::Ready(t) => t,
            other => {
                working(other, "Simulating the coming months", theme, inner, buf);
                return;
            }
        };
        let days = t.days;
        let month = days.min(30);
        let current = self.shared.settings.params.desired_retention;
        let head = |text: String| Line::from(Span::styled(text, theme.dim()));
        let max_min = t
            .rows
            .iter()
            .map(|(_, o)| o.mean_minutes(days))
            .fold(0.0, f64::max);
        let narrow = usize::from(inner.width) < WIDE_ROW;
        let cols = |a: &str, b: &str, c: &str, d: &str, e: &str| {
            head(if narrow {
                format!("{a:<9} {b:>8} {c:>8} {d:>8} {e:>10}")
            } else {
                format!("{a:<9}  {b:>8}  {c:>8}  {d:>8}  {:12} {e:>11}", "")
            })
        };
        let mut lines = vec![
            cols("retention", "reviews", "minutes", "minutes", "recalled on"),
            cols("", "a day,", "a day,", "a day,", &format!("day {days}")),
            cols(
                "",
                &format!("first {month}"),
                &format!("first {month}"),
                &format!("all {days}"),
                "",
            ),
        ];
        for (i, (r, o)) in t.rows.iter().enumerate() {
            let pct = if t.total > 0 {
                format!("{:>3.0}%", 100.0 * o.morning_after / t.total as f64)
            } else {
                "  –".into()
            };
            let all = o.mean_minutes(days);
            let now = if (r - current).abs() < 1e-9 {
                "  ← now"
            } else {
                ""
            };
            let cursor = if i == s.cursor { "▶" } else { " " };
            let (reviews, minutes) = (o.mean_reviews(month), o.mean_minutes(month));
            let line = if narrow {
                Line::from(format!(
                    "{cursor}    {r:.2} {reviews:>8.0} {minutes:>8.1} {all:>8.1} {:>5.0} {pct}{now}",
                    o.morning_after
                ))
            } else {
                Line::from(vec![
                    Span::raw(format!(
                        "{cursor}    {r:.2}  {reviews:>8.0}  {minutes:>8.1}  {all:>8.1}  "
                    )),
                    Span::styled(bar(all, max_min, 12), theme.due_count()),
                    Span::raw(format!(" {:>6.0} {pct}{now}", o.morning_after)),
                ])
            };
            lines.push(if i == s.cursor {
                line.patch_style(theme.selected())
            } else {
                line
            });
        }
        let note = format!(
            "{} ({} studied), {} new a day in all. Higher retention: more reviews",
            plural(t.total, "card"),
            t.studied,
            t.new_per_day
        );
        let more = "for a little more remembered. ↑↓ choose, Enter uses the one chosen.";
        if narrow {
            // One sentence wrapped to the window, with no blank line before it, so that the
            // table and the note fit in 20 rows; every row of the table fits the width.
            lines.push(head(format!("{note} {more}")));
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .render(inner, buf);
        } else {
            lines.push(Line::default());
            lines.push(head(note));
            lines.push(head(more.to_owned()));
            Paragraph::new(lines).render(inner, buf);
        }
    }
}
