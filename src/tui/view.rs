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
/// whichever screen drew it. Cells that need nothing are left as they are (no allocation).
fn filter_cells(area: Rect, buf: &mut Buffer) {
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let Some(cell) = buf.cell_mut((x, y)) else {
                continue;
            };
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
    let [header, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(5),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_header(app, theme, header, buf);
    app.screen().render(app.shared(), theme, body, buf);
    if let Some(s) = app.status() {
        let style = if s.error {
            theme.error()
        } else {
            theme.warning()
        };
        Paragraph::new(Line::from(Span::styled(format!(" {}", s.text), style))).render(status, buf);
    }
    draw_footer(app.context(), app.screen().options(), theme, footer, buf);
    if app.help().open {
        draw_help(app, theme, body, buf);
    }
    filter_cells(area, buf);
}

fn draw_header(app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
    let sh = app.shared();
    let left = app.screen().title(sh);
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
    let left = fit(&left, room);
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

/// The footer for `ctx`; with the number of options of the question on screen, the option
/// keys are shown as their real range.
pub(super) fn draw_footer(
    ctx: Context,
    options: Option<usize>,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let mut spans = vec![Span::raw(" ")];
    for (i, (keys, words)) in keymap::footer(&keymap::bindings(), ctx)
        .into_iter()
        .enumerate()
    {
        if i > 0 {
            spans.push(Span::styled("  ", theme.dim()));
        }
        let keys = match options {
            Some(n) if keys == keymap::OPTION_KEYS && n > 0 => {
                format!("a–{}", option_letter(n - 1))
            }
            _ => keys.to_owned(),
        };
        spans.push(Span::styled(keys, theme.key()));
        spans.push(Span::raw(format!(" {words}")));
    }
    Paragraph::new(Line::from(spans)).render(area, buf);
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
        let entries = table
            .iter()
            .filter(|b| b.context == ctx)
            .filter_map(|b| match b.footer {
                keymap::Footer::Grouped => None,
                keymap::Footer::As(label, hint) | keymap::Footer::HelpOnly(label, hint) => {
                    Some((label, hint))
                }
                _ => Some((b.label, b.hint)),
            });
        for (i, (label, hint)) in entries.enumerate() {
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
    let popup = area;
    Clear.render(popup, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .scroll((app.help().scroll, 0))
        .block(
            Block::bordered()
                .border_type(BorderType::Double)
                .title(" Help (↑↓ scroll) ")
                .padding(Padding::horizontal(1)),
        )
        .render(popup, buf);
}
