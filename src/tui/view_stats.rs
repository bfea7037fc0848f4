//! Drawing the statistics screen: a calendar heatmap of the last year (weeks as columns, like
//! Anki's), the due forecast for 30 days, and the figures. Reads state, never mutates it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, BorderType, Paragraph, Widget};

use super::theme::Theme;
use crate::domain::stats::Stats;

/// One cell of the heatmap for a day with `n` reviews, relative to the busiest day.
fn shade(n: u32, max: u32) -> &'static str {
    match n {
        0 => "·",
        _ if n * 4 <= max => "░",
        _ if n * 2 <= max => "▒",
        _ if n * 4 <= max * 3 => "▓",
        _ => "█",
    }
}

fn pct(r: Option<f64>) -> String {
    r.map_or("–".into(), |r| format!("{:.0}%", r * 100.0))
}

pub fn draw_stats(
    title: &str,
    s: &Stats,
    cursor: usize,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let [heat, lower] = Layout::vertical([Constraint::Length(9), Constraint::Min(6)]).areas(area);
    let [figures, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(lower);
    let [forecast, tags] =
        Layout::vertical([Constraint::Length(7), Constraint::Min(3)]).areas(right);

    // Heatmap: rows Monday..Sunday, one column per week, the newest week on the right.
    let inner_w = heat.width.saturating_sub(8) as usize;
    let max = s.heatmap.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let weeks = inner_w.min(53);
    let last = s.heatmap.last().map(|(d, _)| *d);
    let mut rows: Vec<Line> = Vec::new();
    for weekday in 0..7i8 {
        let mut spans = vec![Span::styled(
            ["Mon ", "    ", "Wed ", "    ", "Fri ", "    ", "Sun "][weekday as usize],
            theme.dim(),
        )];
        for w in (0..weeks).rev() {
            // The day in week `w` back from this one, on `weekday`.
            let cell = last.and_then(|l| {
                let monday = l
                    .checked_sub(
                        jiff::Span::new().days(i64::from(l.weekday().to_monday_zero_offset())),
                    )
                    .ok()?;
                let d = monday
                    .checked_sub(jiff::Span::new().weeks(w as i64))
                    .ok()?
                    .checked_add(jiff::Span::new().days(i64::from(weekday)))
                    .ok()?;
                (d <= l).then(|| {
                    s.heatmap
                        .iter()
                        .find(|(x, _)| *x == d)
                        .map_or(0, |(_, n)| *n)
                })
            });
            spans.push(match cell {
                Some(n) => Span::styled(
                    shade(n, max),
                    if n > 0 {
                        theme.due_count()
                    } else {
                        theme.dim()
                    },
                ),
                None => Span::raw(" "),
            });
        }
        rows.push(Line::from(spans));
    }
    let total: u32 = s.heatmap.iter().map(|(_, n)| n).sum();
    Paragraph::new(rows)
        .block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .title(format!(
                    " {title}: {total} reviews in the last year (busiest day {max}) "
                )),
        )
        .render(heat, buf);

    // Figures.
    let st = s.states;
    let hours = s.total_ms / 3_600_000;
    let minutes = (s.total_ms / 60_000) % 60;
    let mut lines = vec![
        Line::from(vec![
            Span::raw("Cards   "),
            Span::styled(format!("{} new", st.new), theme.new_count()),
            Span::raw(" · "),
            Span::styled(format!("{} learning", st.learning), theme.learn_count()),
        ]),
        Line::from(vec![
            Span::raw("        "),
            Span::styled(format!("{} young", st.young), theme.due_count()),
            Span::raw(format!(" · {} mature", st.mature)),
        ]),
        Line::from(format!(
            "Studied {} answers, {hours}h {minutes:02}m",
            s.reviews
        )),
        Line::from(format!(
            "Streak  {} day(s); longest {}",
            s.current_streak, s.longest_streak
        )),
        Line::from(Span::styled("Retention (reviews not Again):", theme.dim())),
    ];
    for r in &s.retention {
        lines.push(Line::from(format!(
            "  last {:>3} days  {:>4}  ({} answers)",
            r.days,
            pct(r.rate()),
            r.answers
        )));
    }
    Paragraph::new(lines)
        .block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .title(" Progress "),
        )
        .render(figures, buf);

    // Forecast: a bar a day.
    let bars: Vec<Bar> = s
        .forecast
        .iter()
        .map(|n| {
            Bar::default()
                .value(u64::from(*n))
                .text_value(String::new())
        })
        .collect();
    let week: u32 = s.forecast.iter().take(7).sum();
    BarChart::default()
        .data(BarGroup::default().bars(&bars))
        .bar_width(1)
        .bar_gap(0)
        .bar_style(theme.due_count())
        .value_style(Style::new())
        .block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .title(format!(
                    " Due: {} today, {week} in 7 days ",
                    s.forecast.first().copied().unwrap_or(0)
                )),
        )
        .render(forecast, buf);

    // Weakest tags.
    // The rows around the cursor that fit.
    let visible = tags.height.saturating_sub(2) as usize;
    let first = cursor.saturating_sub(visible.saturating_sub(1));
    let mut tl: Vec<Line> = s
        .by_tag
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .map(|(i, t)| {
            let style = if t.rate() < 0.5 {
                theme.error()
            } else if t.rate() < 0.8 {
                theme.warning()
            } else {
                theme.answer()
            };
            let line = Line::from(vec![
                Span::raw(format!("{:<18}", t.tag)),
                Span::styled(format!("{:>4.0}%", t.rate() * 100.0), style),
                Span::styled(format!(" of {}", t.answers), theme.dim()),
            ]);
            if i == cursor {
                line.patch_style(theme.selected())
            } else {
                line
            }
        })
        .collect();
    if tl.is_empty() {
        tl.push(Line::from(Span::styled(
            "No tagged answers yet.",
            theme.dim(),
        )));
    }
    Paragraph::new(tl)
        .block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .title(" Weakest tags "),
        )
        .render(tags, buf);
}
