//! The frame around every screen: the header line, the status line, the footer (generated
//! from the key table) and the help overlay; the screen draws its own body (`screens`). Draws
//! `&App` into a buffer and never mutates it. Layout works from 50×15 up; smaller windows get
//! a polite message.

use std::borrow::Cow;

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Padding, Paragraph, Widget, Wrap};

use super::app::App;
use super::keymap::{self, Context};
use super::screens::parts::fit;
use super::theme::Theme;
use crate::domain::quiz::option_letter;
use crate::domain::text::{Breaks, terminal_safe};

/// Deck text is data: every cell of the finished frame goes through the one terminal filter,
/// so a bidirectional override or an invisible character in a deck never reaches the terminal,
/// whichever screen drew it. Cells that need nothing are left as they are (no allocation); a
/// cell of one printable ASCII character, nearly every cell of a frame, is passed over without
/// calling the filter (it answers the same for it), row by row over the buffer's own cells.
fn filter_cells(area: Rect, buf: &mut Buffer) {
    let area = area.intersection(buf.area);
    let width = usize::from(area.width);
    for y in area.top()..area.bottom() {
        let start = buf.index_of(area.left(), y);
        let Some(row) = buf.content.get_mut(start..start + width) else {
            continue;
        };
        for cell in row {
            if let [b' '..=b'~'] = cell.symbol().as_bytes() {
                continue;
            }
            if let Cow::Owned(clean) = terminal_safe(cell.symbol(), Breaks::Join) {
                cell.set_symbol(if clean.is_empty() { " " } else { &clean });
            }
        }
    }
}

/// Smallest usable window.
pub const MIN_WIDTH: u16 = 50;
pub const MIN_HEIGHT: u16 = 15;

/// Draws the whole app.
pub fn draw(app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(area, buf);
        return;
    }
    let footer_lines = footer_lines(app.context(), app.screen().options(), theme, area.width);
    let [header, body, status, footer] =
        frame_areas(area, status_height(app, area.width), footer_lines.len());
    draw_header(app, theme, header, buf);
    app.screen().render(app.shared(), theme, body, buf);
    if let Some(s) = app.status() {
        let style = if s.error {
            theme.error()
        } else {
            theme.warning()
        };
        Paragraph::new(Line::from(Span::styled(format!(" {}", s.text), style)))
            .wrap(Wrap { trim: false })
            .render(status, buf);
    }
    Paragraph::new(footer_lines).render(footer, buf);
    if app.help().open {
        draw_help(app, theme, body, buf);
    }
    filter_cells(area, buf);
}

/// A status too long for one line gets two (wrapped), so that no message is cut.
fn status_height(app: &App, width: u16) -> u16 {
    match app.status() {
        Some(s)
            if unicode_width::UnicodeWidthStr::width(s.text.as_str()) + 1 > usize::from(width) =>
        {
            2
        }
        _ => 1,
    }
}

/// The frame's rows: header, body, a status of `status` lines, and a footer of `footer`
/// lines.
fn frame_areas(area: Rect, status: u16, footer: usize) -> [Rect; 4] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(5),
        Constraint::Length(status),
        Constraint::Length(u16::try_from(footer).unwrap_or(1)),
    ])
    .areas(area)
}

/// Where the screen's body is drawn in a frame of `area`, as [`draw`] lays it out (the
/// footer's height depends on the screen and the width).
pub fn body_area(app: &App, area: Rect) -> Rect {
    let footer = footer_lines(
        app.context(),
        app.screen().options(),
        Theme { color: false },
        area.width,
    );
    frame_areas(area, status_height(app, area.width), footer.len())[1]
}

fn draw_header(app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
    let sh = app.shared();
    let right = app.screen().header_right(sh, theme).unwrap_or_else(|| {
        let mode = if sh.settings.exam_mode {
            " (exam mode)"
        } else {
            ""
        };
        let exam = match sh.days_to_exam() {
            Some(n) if n > 1 => format!("Exam in {n} days{mode} · "),
            Some(1) => "Exam tomorrow · ".to_owned(),
            Some(0) => "Exam today · ".to_owned(),
            _ => String::new(),
        };
        Line::from(vec![
            Span::styled(exam, theme.warning()),
            Span::raw(format!(
                "{} ",
                sh.tz.to_datetime(sh.now).strftime("%a %-d %b %Y, %H:%M")
            )),
        ])
    });
    // The title gives way to the counts or the clock: cut with "…", a space before them.
    let room = usize::from(area.width).saturating_sub(right.width() + 1);
    let left = fit(&app.screen().title(sh, room), room);
    Paragraph::new(Line::from(Span::styled(left, theme.title()))).render(area, buf);
    Paragraph::new(right)
        .alignment(Alignment::Right)
        .render(area, buf);
}

fn too_small(area: Rect, buf: &mut Buffer) {
    let text = format!(
        "smriti needs a window of at least {MIN_WIDTH}×{MIN_HEIGHT}; this one is {}×{}. Please make it a little bigger. Your progress is safe.",
        area.width, area.height
    );
    Paragraph::new(text)
        .wrap(Wrap { trim: true })
        .alignment(Alignment::Center)
        .render(area, buf);
}

/// Most lines the footer takes; keys that do not fit are left to the help overlay, and the
/// footer then ends with "? more keys".
pub const FOOTER_LINES: usize = 2;

/// The footer for `ctx` at `width` columns: every key of the screen, on as many lines as it
/// needs up to [`FOOTER_LINES`]. With the number of options of the question on screen, the
/// option keys are shown as their real range.
pub(crate) fn footer_lines(
    ctx: Context,
    options: Option<usize>,
    theme: Theme,
    width: u16,
) -> Vec<Line<'static>> {
    use unicode_width::UnicodeWidthStr;
    let entries: Vec<(String, &str)> = keymap::footer(&keymap::bindings(), ctx)
        .into_iter()
        .map(|(keys, words)| {
            let keys = match options {
                Some(n) if keys == keymap::OPTION_KEYS && n > 0 => {
                    format!("a–{}", option_letter(n - 1))
                }
                _ => keys.to_owned(),
            };
            (keys, words)
        })
        .collect();
    let width = usize::from(width);
    let len = |(k, w): &(String, &str)| k.width() + 1 + w.width();
    // Greedy: as many entries on a line as fit, two spaces between them, one before.
    let mut rows: Vec<Vec<usize>> = vec![vec![]];
    let mut used = 1;
    for (i, e) in entries.iter().enumerate() {
        let gap = if used > 1 { 2 } else { 0 };
        if used > 1 && used + gap + len(e) > width {
            rows.push(vec![]);
            used = 1;
        }
        let gap = if used > 1 { 2 } else { 0 };
        used += gap + len(e);
        if let Some(r) = rows.last_mut() {
            r.push(i);
        }
    }
    let more = (String::from("?"), "more keys");
    let mut tail = None;
    if rows.len() > FOOTER_LINES {
        rows.truncate(FOOTER_LINES);
        // Make room on the last line for "? more keys".
        if let Some(last) = rows.last_mut() {
            let line_len = |r: &[usize]| 1 + r.iter().map(|&i| len(&entries[i]) + 2).sum::<usize>();
            while !last.is_empty() && line_len(last) + len(&more) > width {
                last.pop();
            }
            // The help key itself is the "more" key.
            last.retain(|&i| entries[i].0 != "?");
        }
        tail = Some(more);
    }
    let count = rows.len();
    rows.into_iter()
        .enumerate()
        .map(|(n, r)| {
            let mut spans = vec![Span::raw(" ")];
            let mut items: Vec<(String, &str)> =
                r.into_iter().map(|i| entries[i].clone()).collect();
            if n + 1 == count
                && let Some(m) = tail.clone()
            {
                items.push(m);
            }
            for (i, (keys, words)) in items.into_iter().enumerate() {
                if i > 0 {
                    spans.push(Span::styled("  ", theme.dim()));
                }
                spans.push(Span::styled(keys, theme.key()));
                spans.push(Span::raw(format!(" {words}")));
            }
            Line::from(spans)
        })
        .collect()
}

fn draw_help(app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
    let table = keymap::bindings();
    let mut lines: Vec<Line> = Vec::new();
    lines.push(Line::from(vec![
        Span::styled("Progress is saved in ", theme.dim()),
        Span::raw(app.shared().paths.saves.clone()),
    ]));
    lines.push(Line::from(vec![
        Span::styled("Decks: ", theme.dim()),
        Span::raw(match &app.shared().paths.decks {
            Some(d) => format!("built in, plus {d}"),
            None => "built in (add your own with --decks DIR)".to_owned(),
        }),
    ]));
    lines.push(Line::from(""));
    // The screen the user came from first, then every other.
    let here = app.context_under_help();
    let all = Context::SCREENS.into_iter().chain([Context::Global]);
    for ctx in std::iter::once(here).chain(all.filter(|c| *c != here)) {
        let mut spans = vec![Span::styled(format!("{}: ", ctx.title()), theme.title())];
        for (i, (label, hint)) in keymap::help_entries(&table, ctx).into_iter().enumerate() {
            if i > 0 {
                spans.push(Span::raw(" · "));
            }
            spans.push(Span::styled(label, theme.key()));
            spans.push(Span::raw(format!(" {hint}")));
        }
        lines.push(Line::from(spans));
    }
    for n in &app.shared().notices {
        lines.push(Line::from(Span::styled(n.clone(), theme.warning())));
    }
    // A mock test's clock does not stop for the help (as an exam's does not): the time left
    // stays in the header above, and the help says so.
    let title = match here {
        Context::TestQuestion | Context::TestConfirm | Context::TestGoTo => {
            " Help (↑↓ scroll) · the clock runs on ⏱ "
        }
        _ => " Help (↑↓ scroll) ",
    };
    let popup = area;
    Clear.render(popup, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .scroll((app.help().scroll, 0))
        .block(
            Block::bordered()
                .border_type(BorderType::Double)
                .title(fit(title, usize::from(popup.width.saturating_sub(2))))
                .padding(Padding::horizontal(1)),
        )
        .render(popup, buf);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What the filter made of a cell before its fast path: the filter of the cell's symbol.
    fn filtered_one_by_one(symbols: &[String]) -> Vec<String> {
        symbols
            .iter()
            .map(|s| match terminal_safe(s, Breaks::Join) {
                Cow::Owned(c) if c.is_empty() => " ".to_owned(),
                c => c.into_owned(),
            })
            .collect()
    }

    proptest! {
        /// The fast path for printable ASCII changes nothing: every cell of any frame, over any
        /// part of the buffer, ends as the filter of its symbol (cells outside stay as drawn).
        #[test]
        fn every_cell_ends_as_the_filter_of_its_symbol(
            symbols in proptest::collection::vec(
                prop_oneof![
                    "[ -~]",
                    "[\\x00-\\x1f\\x7f\\u{80}-\\u{9f}]",
                    Just("\u{202E}".to_owned()),
                    Just("\u{200B}".to_owned()),
                    Just("e\u{301}".to_owned()),
                    Just("₹".to_owned()),
                    Just("क्ष".to_owned()),
                    Just("日".to_owned()),
                ],
                12,
            ),
            (x, y, w, h) in (0u16..4, 0u16..3, 0u16..6, 0u16..5),
        ) {
            let whole = Rect::new(0, 0, 4, 3);
            let mut buf = Buffer::empty(whole);
            for (cell, s) in buf.content.iter_mut().zip(&symbols) {
                cell.set_symbol(s);
            }
            let area = Rect::new(x, y, w, h);
            filter_cells(area, &mut buf);
            let want = filtered_one_by_one(&symbols);
            for (i, cell) in buf.content.iter().enumerate() {
                let (cx, cy) = ((i % 4) as u16, (i / 4) as u16);
                let inside = area.intersection(whole).contains((cx, cy).into());
                let expected = if inside { &want[i] } else { &symbols[i] };
                prop_assert_eq!(cell.symbol(), expected.as_str(), "cell ({}, {})", cx, cy);
            }
        }
    }
}
