//! Pieces of drawing that several screens use: deck counts, a test question with its options,
//! marks, durations, the rounded block. Pure functions of their arguments; no screen state.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Padding};

use crate::domain::mock::TestQuestion;
use crate::domain::quiz::{Question, option_letter};
use crate::domain::session::Counts;
use crate::tui::theme::Theme;

/// "4 new · 0 learning · 2 due", in Anki's colours.
pub fn counts_spans(c: Counts, theme: Theme) -> Vec<Span<'static>> {
    vec![
        Span::styled(format!("{} new", c.new), theme.new_count()),
        Span::raw(" · "),
        Span::styled(format!("{} learning", c.learning), theme.learn_count()),
        Span::raw(" · "),
        Span::styled(format!("{} due", c.due), theme.due_count()),
    ]
}

/// `text` cut to at most `width` columns, ending in "…" when cut (a combining mark stays with
/// its letter: it takes no column).
pub fn fit(text: &str, width: usize) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// The rounded, padded block around a screen's body.
pub fn block(title: &str) -> Block<'_> {
    Block::bordered()
        .border_type(BorderType::Rounded)
        .title(title)
        .padding(Padding::new(2, 2, 1, 0))
}

/// The mark for a scrolled window's bottom border, right-aligned: what is above and below
/// it, so nothing is cut without saying so. In the bottom border it never competes with the
/// title for room (at 60 columns "Question 2 · ↑ more above · ↓ more below" did not fit).
pub fn scroll_mark(above: bool, below: bool) -> Option<Line<'static>> {
    let text = match (above, below) {
        (false, false) => return None,
        (true, false) => " ↑ more above ",
        (false, true) => " ↓ more below ",
        (true, true) => " ↑ more above · ↓ more below ",
    };
    Some(Line::from(text).right_aligned())
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

/// A duration in seconds as "42s", "3m 05s" or "1h 02m".
pub fn format_secs(secs: f64) -> String {
    let s = secs.round() as u64;
    if s >= 3600 {
        format!("{}h {:02}m", s / 3600, (s % 3600) / 60)
    } else if s >= 60 {
        format!("{}m {:02}s", s / 60, s % 60)
    } else {
        format!("{s}s")
    }
}

/// One test question's stem and options, marking the chosen option and, when `reveal`, the
/// right one and the candidate's mistakes.
pub fn question_lines(
    q: &TestQuestion,
    chosen: &[usize],
    reveal: bool,
    theme: Theme,
) -> Vec<Line<'static>> {
    question_lines_at(q, chosen, reveal, theme).0
}

/// [`question_lines`], with the index of each option's line.
pub fn question_lines_at(
    q: &TestQuestion,
    chosen: &[usize],
    reveal: bool,
    theme: Theme,
) -> (Vec<Line<'static>>, Vec<usize>) {
    let mut lines = Vec::new();
    let mut at = Vec::new();
    let Question::Choice {
        stem,
        options,
        correct,
        multi: _,
        notes,
    } = &q.question
    else {
        return (lines, at);
    };
    for (i, l) in stem.iter().enumerate() {
        let style = if i == 0 {
            theme.question()
        } else {
            Style::new()
        };
        lines.push(Line::from(Span::styled(l.clone(), style)));
    }
    lines.push(Line::from(""));
    for (i, o) in options.iter().enumerate() {
        let picked = chosen.contains(&i);
        let right = correct.contains(&i);
        let (mark, style) = match (reveal, right, picked) {
            (true, true, _) => ("✓", theme.answer()),
            (true, false, true) => ("✗", theme.error()),
            (false, _, true) => ("●", theme.key()),
            _ => (" ", Style::new()),
        };
        at.push(lines.len());
        lines.push(Line::from(Span::styled(
            format!("{mark} ({}) {o}", option_letter(i)),
            style,
        )));
        if reveal
            && (picked || right)
            && let Some(n) = notes.get(i)
        {
            lines.push(Line::from(Span::styled(format!("      {n}"), theme.dim())));
        }
    }
    (lines, at)
}

/// Work a screen waits for (done off the UI thread): its progress, then what it found or why
/// it failed.
#[derive(Debug, Clone, PartialEq)]
pub enum Job<T> {
    /// `done` steps of `total` (a total of 0: still reading the review log).
    Working {
        done: usize,
        total: usize,
    },
    Ready(Box<T>),
    Failed(String),
}

impl<T> Job<T> {
    /// New progress, while working.
    pub fn progress(&mut self, done: usize, total: usize) {
        if let Job::Working { .. } = self {
            *self = Job::Working { done, total };
        }
    }
}

impl<T, E: std::fmt::Display> From<Result<T, E>> for Job<T> {
    fn from(r: Result<T, E>) -> Job<T> {
        match r {
            Ok(t) => Job::Ready(Box::new(t)),
            Err(e) => Job::Failed(e.to_string()),
        }
    }
}

/// A job's progress (what is being done, and a bar) or its failure, drawn in `area`; nothing
/// for a job that is ready.
pub fn working<T>(
    job: &Job<T>,
    what: &str,
    theme: Theme,
    area: ratatui::layout::Rect,
    buf: &mut ratatui::buffer::Buffer,
) {
    use ratatui::widgets::{LineGauge, Paragraph, Widget, Wrap};
    match job {
        Job::Working { done, total } => {
            let [text, bar] = ratatui::layout::Layout::vertical([
                ratatui::layout::Constraint::Length(2),
                ratatui::layout::Constraint::Length(1),
            ])
            .areas(area);
            let now = if *total == 0 {
                "reading your review log".to_owned()
            } else {
                format!("{done} of {total}")
            };
            Paragraph::new(format!("{what}: {now}…")).render(text, buf);
            let ratio = if *total == 0 {
                0.0
            } else {
                (*done as f64 / *total as f64).clamp(0.0, 1.0)
            };
            LineGauge::default()
                .filled_style(theme.due_count())
                .unfilled_style(theme.dim())
                .ratio(ratio)
                .render(bar, buf);
        }
        Job::Failed(msg) => Paragraph::new(Line::from(Span::styled(msg.clone(), theme.error())))
            .wrap(Wrap { trim: true })
            .render(area, buf),
        Job::Ready(_) => {}
    }
}
