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

pub use crate::domain::width::{fit, pad};

/// `text` after `head` (an option's mark and letter, say), wrapped at word boundaries to
/// `width` columns with every further line starting under the text's first column: a hanging
/// indent, so a long option reads as one block under its letter. Widths are display columns
/// (a CJK character takes two, a combining mark none) and a word wider than the room is cut
/// between grapheme clusters, never inside one (Devanagari conjuncts stay whole). A `width`
/// of 0 (not laid out yet) gives one line.
pub fn hanging(head: &str, text: &str, width: u16, style: Style) -> Vec<Line<'static>> {
    use unicode_segmentation::UnicodeSegmentation;
    use unicode_width::UnicodeWidthStr;
    let indent = head.width();
    let room = usize::from(width).saturating_sub(indent);
    if width == 0 || room == 0 || indent + text.width() <= usize::from(width) {
        return vec![Line::from(Span::styled(format!("{head}{text}"), style))];
    }
    let mut rows: Vec<String> = Vec::new();
    let mut row = String::new();
    let mut used = 0;
    for word in text.split_whitespace() {
        let w = word.width();
        if used > 0 && used + 1 + w <= room {
            row.push(' ');
            row.push_str(word);
            used += 1 + w;
            continue;
        }
        if used > 0 {
            rows.push(std::mem::take(&mut row));
            used = 0;
        }
        if w <= room {
            row.push_str(word);
            used = w;
            continue;
        }
        // A word wider than the room: cut it between grapheme clusters.
        for g in word.graphemes(true) {
            let gw = g.width();
            if used > 0 && used + gw > room {
                rows.push(std::mem::take(&mut row));
                used = 0;
            }
            row.push_str(g);
            used += gw;
        }
    }
    rows.push(row);
    let pad = " ".repeat(indent);
    rows.into_iter()
        .enumerate()
        .map(|(i, r)| {
            let lead = if i == 0 { head } else { pad.as_str() };
            Line::from(Span::styled(format!("{lead}{r}"), style))
        })
        .collect()
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

/// [`scroll_mark`] in a border with `room` columns: the words shortened ("↑ more · ↓ more",
/// then the arrows alone) when they do not fit, so a narrow box still says there is more.
pub fn scroll_mark_within(above: bool, below: bool, room: usize) -> Option<Line<'static>> {
    use unicode_width::UnicodeWidthStr;
    let long = scroll_mark(above, below)?;
    if long.width() <= room {
        return Some(long);
    }
    let short = match (above, below) {
        (true, false) => " ↑ more ",
        (false, true) => " ↓ more ",
        _ => " ↑ more · ↓ more ",
    };
    let text = if short.width() <= room {
        short
    } else {
        match (above, below) {
            (true, false) => "↑",
            (false, true) => "↓",
            _ => "↑↓",
        }
    };
    Some(Line::from(text).right_aligned())
}

/// A time under a minute with a tenth ("1.2s", "10s", never rounded below an average of it
/// shown beside it), longer ones as [`format_secs`] gives them.
pub fn short_secs(secs: f64) -> String {
    if secs < 59.95 {
        format!("{secs:.1}").trim_end_matches(".0").to_owned() + "s"
    } else {
        format_secs(secs)
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

/// "2 marks", "−0.67 marks", "1 mark": marks in words.
pub fn marks(m: f64) -> String {
    let n = fmt_marks(m);
    if m.abs() == 1.0 {
        format!("{n} mark")
    } else {
        format!("{n} marks")
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

/// A choice question's stem: its first line in the question's style, and each numbered item
/// of a statements or pairs list ("2. JWG on Critical Minerals — …") wrapped under its text,
/// past its number ([`hanging`]), as the options are.
pub fn stem_lines(stem: &[String], width: u16, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for (i, l) in stem.iter().enumerate() {
        if i == 0 {
            lines.push(Line::from(Span::styled(l.clone(), theme.question())));
            continue;
        }
        let digits = l.chars().take_while(char::is_ascii_digit).count();
        match l.get(digits..).and_then(|rest| rest.strip_prefix(". ")) {
            Some(text) if digits > 0 => {
                lines.extend(hanging(&l[..digits + 2], text, width, Style::new()));
            }
            _ => lines.push(Line::from(l.clone())),
        }
    }
    lines
}

/// One test question's stem and options, marking the chosen option and, when `reveal`, the
/// right one and the candidate's mistakes.
pub fn question_lines(
    q: &TestQuestion,
    chosen: &[usize],
    reveal: bool,
    width: u16,
    theme: Theme,
) -> Vec<Line<'static>> {
    question_lines_at(q, chosen, reveal, width, theme).0
}

/// [`question_lines`], with the lines of each option (its first line to the one after its
/// last). Options are wrapped here, to `width` columns with a hanging indent ([`hanging`]).
pub fn question_lines_at(
    q: &TestQuestion,
    chosen: &[usize],
    reveal: bool,
    width: u16,
    theme: Theme,
) -> (Vec<Line<'static>>, Vec<std::ops::Range<usize>>) {
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
    lines.extend(stem_lines(stem, width, theme));
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
        let first = lines.len();
        let head = format!("{mark} ({}) ", option_letter(i));
        lines.extend(hanging(&head, o, width, style));
        at.push(first..lines.len());
        if reveal
            && (picked || right)
            && let Some(n) = notes.get(i)
        {
            lines.extend(hanging("      ", n, width, theme.dim()));
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

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    fn texts(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn a_long_option_wraps_under_its_text_not_under_its_letter() {
        let got = texts(&hanging(
            "  (a) ",
            "The Special Strategic and Global Partnership of 2014",
            24,
            Style::new(),
        ));
        assert_eq!(
            got,
            [
                "  (a) The Special",
                "      Strategic and",
                "      Global Partnership",
                "      of 2014"
            ]
        );
    }

    #[test]
    fn widths_are_columns_and_graphemes_stay_whole() {
        // 日本 takes four columns; a word wider than the room is cut between graphemes, and
        // क्ष (three code points) is never split.
        let got = texts(&hanging("(b) ", "日本 क्षक्षक्षक्षक्ष", 10, Style::new()));
        for (i, l) in got.iter().enumerate() {
            assert!(l.width() <= 10, "{l:?} is wider than 10");
            if i > 0 {
                assert!(l.starts_with("    ") && !l.starts_with("     "), "{l:?}");
            }
            assert!(!l.contains("्\u{0020}"), "{l:?}");
        }
        assert_eq!(got.concat().replace(' ', ""), "(b)日本क्षक्षक्षक्षक्ष");
        assert!(
            got.iter().all(|l| !l.trim_start().starts_with('्')),
            "{got:?}"
        );
    }

    #[test]
    fn a_short_option_or_an_unknown_width_is_one_line() {
        assert_eq!(
            texts(&hanging("(c) ", "Gujarat", 40, Style::new())),
            ["(c) Gujarat"]
        );
        assert_eq!(
            texts(&hanging(
                "(c) ",
                "a very long option indeed",
                0,
                Style::new()
            )),
            ["(c) a very long option indeed"]
        );
    }
}
