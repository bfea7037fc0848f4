//! A submitted mock test: the score under the marking scheme, accuracy, time, lucky guesses and
//! confident mistakes, accuracy by tag; `r` goes through every answer with its explanation.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::parts::{
    block, fit, fmt_marks, format_secs, marks, pad, question_lines, scroll_mark, short_secs,
};
use super::{ScreenView, Step};
use crate::domain::mock::{Results, TimeSplit};
use crate::domain::quiz::Verdict;
use crate::domain::words::plural;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::shared::Shared;
use crate::tui::theme::Theme;
use unicode_width::UnicodeWidthStr;

/// A submitted test.
#[derive(Debug, Clone)]
pub struct ResultsView {
    pub results: Results,
    /// Cards sent back to spaced repetition.
    pub requeued: usize,
    /// The question being reviewed, when reviewing.
    pub review: Option<usize>,
    /// Rows the results or the answer under review are scrolled.
    pub scroll: u16,
    /// Earlier attempts on the same decks, oldest first: score as a share of the maximum.
    pub trend: Vec<f64>,
}

impl ResultsView {
    /// What keys mean now.
    pub fn context(&self) -> Context {
        if self.review.is_some() {
            Context::TestReview
        } else {
            Context::TestResults
        }
    }

    pub fn update(&mut self, sh: &mut Shared, action: Action) -> Step {
        let r = self;
        let n = r.results.test.questions.len();
        let before = r.review;
        match (action, r.review) {
            (Action::Down, _) => r.scroll = (r.scroll + 1).min(r.max_scroll(sh.size)),
            (Action::Up, _) => r.scroll = r.scroll.saturating_sub(1),
            (Action::TestTrend(trend), _) => r.trend = trend,
            (Action::Review, None) if n > 0 => r.review = Some(0),
            (Action::Next, Some(i)) => r.review = Some((i + 1).min(n - 1)),
            (Action::Previous, Some(i)) => r.review = Some(i.saturating_sub(1)),
            (Action::Back, Some(_)) => r.review = None,
            (Action::Back, None) => {
                sh.keep_errors();
                return Step::home();
            }
            _ => {}
        }
        if r.review != before {
            r.scroll = 0;
        }
        Step::stay()
    }
}

impl ResultsView {
    /// The title and lines of the results, or of the answer under review, for a window
    /// `width` columns wide (0: one line per option, as plain mode prints them).
    fn page(&self, width: u16, theme: Theme) -> (String, Vec<Line<'static>>) {
        let r = self;
        let res = &r.results;
        if let Some(i) = r.review {
            let q = &res.test.questions[i];
            let a = &res.test.answers[i];
            let mut lines = question_lines(q, &a.chosen, true, width, theme);
            lines.push(Line::from(""));
            let verdict = match res.verdicts[i] {
                Some(Verdict::Wrong) => Span::styled(
                    format!("✗ Wrong ({})", marks(res.test.spec.marking.wrong)),
                    theme.error(),
                ),
                Some(_) => Span::styled(
                    format!("✓ Right (+{})", marks(res.test.spec.marking.right)),
                    theme.answer(),
                ),
                None => Span::styled("Not answered (0 marks)", theme.warning()),
            };
            let mut info = vec![verdict];
            if let Some(c) = a.confidence {
                info.push(Span::raw(format!(" · your tag: {}", c.label())));
            }
            info.push(Span::styled(
                format!(" · {:.0} s", a.ms as f64 / 1000.0),
                theme.dim(),
            ));
            lines.push(Line::from(info));
            if let Some(e) = &q.explanation {
                lines.push(Line::from(""));
                lines.push(Line::from(e.clone()));
            }
            if let Some(src) = &q.source {
                lines.push(Line::from(""));
                lines.push(Line::from(Span::styled(
                    format!("Source: {src}"),
                    theme.dim(),
                )));
            }
            let title = format!(" Answer {} of {} ", i + 1, res.test.questions.len());
            return (title, lines);
        }
        let s = &res.score;
        let m = res.test.spec.marking;
        let pct = |x: f64| format!("{:.0}%", x * 100.0);
        // Nothing attempted: no accuracy to speak of.
        let accuracy = |right: u32, attempted: u32| {
            if attempted == 0 {
                "–".to_owned()
            } else {
                pct(f64::from(right) / f64::from(attempted))
            }
        };
        let secs = res.elapsed_ms as f64 / 1000.0;
        let mut lines = vec![
            Line::from(vec![
                Span::styled(
                    format!("Score {} / {}", fmt_marks(s.marks), fmt_marks(s.max_marks)),
                    theme.title(),
                ),
                Span::styled(
                    format!(
                        "   (+{} right, {} wrong, 0 if left blank)",
                        fmt_marks(m.right),
                        fmt_marks(m.wrong)
                    ),
                    theme.dim(),
                ),
            ]),
            Line::from(if res.timed_out {
                "Time ran out; the test was submitted automatically."
            } else {
                ""
            }),
            Line::from(format!(
                "Attempted {}  ·  Right {}  ·  Wrong {}  ·  Skipped {}  ·  Accuracy {}",
                s.attempted,
                s.right,
                s.wrong,
                s.skipped,
                accuracy(s.right, s.attempted)
            )),
            Line::from(time_line(res, secs)),
            Line::from(""),
        ];
        if !r.trend.is_empty() {
            let now = if s.max_marks > 0.0 {
                s.marks / s.max_marks
            } else {
                0.0
            };
            let earlier: Vec<String> = r.trend.iter().map(|x| pct(*x)).collect();
            let last = r.trend.last().copied().unwrap_or(0.0);
            let change = ((now - last) * 100.0).round();
            lines.insert(
                4,
                Line::from(vec![
                    Span::raw(format!(
                        "Earlier on these decks: {} → this test {}",
                        earlier.join(" → "),
                        pct(now)
                    )),
                    Span::styled(
                        format!(" ({change:+.0} points)"),
                        if change >= 0.0 {
                            theme.answer()
                        } else {
                            theme.error()
                        },
                    ),
                ]),
            );
        }
        let list = |v: &[usize]| {
            if v.is_empty() {
                "none".to_owned()
            } else {
                v.iter()
                    .map(|i| format!("Q{}", i + 1))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        lines.push(Line::from(vec![
            Span::raw("Lucky guesses (right, tagged guess): "),
            Span::styled(list(&res.lucky), theme.warning()),
        ]));
        lines.push(Line::from(vec![
            Span::raw("Confident but wrong (tagged sure): "),
            Span::styled(list(&res.confident_wrong), theme.error()),
        ]));
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            "Accuracy by tag, weakest first:",
            theme.title(),
        )));
        if res.by_tag.is_empty() {
            lines.push(Line::from("  (nothing answered)"));
        }
        for t in &res.by_tag {
            let style = if t.accuracy() < 0.5 {
                theme.error()
            } else if t.accuracy() < 0.8 {
                theme.warning()
            } else {
                theme.answer()
            };
            let figures = format!(
                "{}/{}  {}",
                t.right,
                t.attempted,
                accuracy(t.right, t.attempted)
            );
            // A column of 24 with a space before the figures: the tag gives way to them in
            // a narrow window, cut with "…"; laid out for no width (plain mode), it is
            // written whole.
            let tag_w = if width == 0 {
                (t.tag.width() + 1).max(24)
            } else {
                usize::from(width)
                    .saturating_sub(2 + figures.width())
                    .clamp(2, 24)
            };
            lines.push(Line::from(vec![
                Span::raw(format!("  {}", pad(&fit(&t.tag, tag_w - 1), tag_w))),
                Span::styled(figures, style),
            ]));
        }
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            if res.test.spec.requeue {
                format!(
                    "{} from wrong or guessed answers {} now due for review.",
                    plural(r.requeued, "card"),
                    crate::domain::words::agree(r.requeued, "is", "are")
                )
            } else {
                "Wrong and guessed answers were not fed back into reviews.".to_owned()
            },
            theme.dim(),
        )));
        (" Results ".to_owned(), lines)
    }

    /// The results (or the answer under review) as plain lines of text, for plain mode.
    pub fn page_text(&self) -> Vec<String> {
        let (_, lines) = self.page(0, Theme { color: false });
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    /// The window the page is drawn in for a terminal of `size`, and the most it scrolls.
    fn max_scroll(&self, size: (u16, u16)) -> u16 {
        // The body less the block's borders and padding (2, 2, 1, 0).
        let width = size.0.saturating_sub(6);
        let (_, lines) = self.page(width, Theme { color: false });
        let height = size.1.saturating_sub(3 + 3);
        let rows = Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .line_count(width);
        u16::try_from(rows)
            .unwrap_or(u16::MAX)
            .saturating_sub(height)
    }
}

impl Widget for ScreenView<'_, ResultsView> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let r = self.screen;
        let width = area.width.saturating_sub(6);
        let (title, lines) = r.page(width, self.theme);
        let para = Paragraph::new(lines).wrap(Wrap { trim: false });
        let rows = u16::try_from(para.line_count(width)).unwrap_or(u16::MAX);
        let max = rows.saturating_sub(area.height.saturating_sub(3));
        let offset = r.scroll.min(max);
        // Nothing cut without a mark: what is above or below the window is said.
        let mut frame = block(&title);
        if let Some(mark) = scroll_mark(offset > 0, offset < max) {
            frame = frame.title_bottom(mark);
        }
        para.scroll((offset, 0)).block(frame).render(area, buf);
    }
}

/// The results' line on time: the whole test's, then the time per answered question with
/// how many were answered, and the time spent on the rest (read or skipped), as an exam's
/// analysis gives it. Nothing is divided by a count of none.
pub fn time_line(res: &Results, secs: f64) -> String {
    time_words(res.time_split(), secs)
}

/// [`time_line`] from the split itself. Time on the rest under a second (questions never
/// opened) is left out rather than shown as "0s".
fn time_words(t: TimeSplit, secs: f64) -> String {
    let n = t.answered + t.others;
    let each = |ms: u64| {
        let s = ms as f64 / 1000.0;
        if s < 10.0 {
            format!("{s:.1}s")
        } else {
            format!("{s:.0}s")
        }
    };
    let answered = match t.ms_per_answer() {
        None => format!("none of {n} answered"),
        Some(ms) if t.others == 0 => format!("{} per answered question (all {n})", each(ms)),
        Some(ms) if t.others_ms < 1000 => {
            format!("{} per answered question ({} of {n})", each(ms), t.answered)
        }
        Some(ms) => format!(
            "{} per answered question ({} of {n}; {} on the rest)",
            each(ms),
            t.answered,
            format_secs(t.others_ms as f64 / 1000.0)
        ),
    };
    format!("Time {}  ·  {answered}", short_secs(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(answered: usize, answered_ms: u64, others: usize, others_ms: u64) -> TimeSplit {
        TimeSplit {
            answered,
            answered_ms,
            others,
            others_ms,
        }
    }

    #[test]
    fn the_time_line_names_the_rest_only_when_time_went_there() {
        assert_eq!(
            time_words(split(2, 3800, 8, 0), 4.0),
            "Time 4s  ·  1.9s per answered question (2 of 10)"
        );
        assert_eq!(
            time_words(split(4, 68_000, 1, 22_000), 90.0),
            "Time 1m 30s  ·  17s per answered question (4 of 5; 22s on the rest)"
        );
        assert_eq!(
            time_words(split(5, 50_000, 0, 0), 50.0),
            "Time 50s  ·  10s per answered question (all 5)"
        );
        assert_eq!(
            time_words(split(0, 0, 10, 7000), 7.0),
            "Time 7s  ·  none of 10 answered"
        );
    }
}
