//! Rendering: draws `&App` into a buffer and never mutates it. Layout works from 50×15 up;
//! smaller windows get a polite message.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{
    Block, BorderType, Borders, Cell, Clear, Padding, Paragraph, Row, StatefulWidget, Table,
    TableState, Widget, Wrap,
};

use super::app::{App, Screen, Stage, Study};
use super::keymap::{self, Context};
use super::theme::Theme;
use crate::domain::deck::Side;
use crate::domain::quiz::{self, Question, Verdict};
use crate::domain::scheduler::Rating;
use crate::domain::session::{Counts, Idle, Summary};
use crate::domain::time::short_duration;

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
    match &app.screen {
        Screen::Home => draw_home(app, theme, body, buf),
        Screen::Study(s) => draw_study(app, s, theme, body, buf),
        Screen::Summary {
            summary,
            finished,
            deck,
        } => draw_summary(app, *deck, summary, *finished, theme, body, buf),
        Screen::TestSetup(s) => super::view_test::draw_setup(app, s, theme, body, buf),
        Screen::Test(t) => super::view_test::draw_test(app, t, theme, body, buf),
        Screen::TestResults(r) => super::view_test::draw_results(r, theme, body, buf),
        Screen::Stats {
            title,
            stats,
            cursor,
            ..
        } => super::view_stats::draw_stats(title, stats, *cursor, theme, body, buf),
    }
    if let Some(s) = &app.status {
        let style = if s.error {
            theme.error()
        } else {
            theme.warning()
        };
        Paragraph::new(Line::from(Span::styled(format!(" {}", s.text), style))).render(status, buf);
    }
    draw_footer(app.context(), theme, footer, buf);
    if app.help {
        draw_help(app, theme, body, buf);
    }
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

pub(super) fn counts_spans(c: Counts, theme: Theme) -> Vec<Span<'static>> {
    vec![
        Span::styled(format!("{} new", c.new), theme.new_count()),
        Span::raw(" · "),
        Span::styled(format!("{} learning", c.learning), theme.learn_count()),
        Span::raw(" · "),
        Span::styled(format!("{} due", c.due), theme.due_count()),
    ]
}

fn draw_header(app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
    let left = match (&app.screen, app.current_deck()) {
        (Screen::Study(s), Some(d)) if s.session.is_cram() => {
            format!(" smriti · {} · cram", d.title)
        }
        (Screen::Study(_), Some(d)) | (Screen::Summary { .. }, Some(d)) => {
            format!(" smriti · {}", d.title)
        }
        (Screen::TestSetup(_), _) => " smriti · Mock test setup".to_owned(),
        (Screen::Test(t), _) => format!(
            " smriti · Mock test · question {} of {}",
            t.test.current + 1,
            t.test.questions.len()
        ),
        (Screen::TestResults(_), _) => " smriti · Mock test results".to_owned(),
        (Screen::Stats { .. }, _) => " smriti · Statistics".to_owned(),
        _ => " smriti".to_owned(),
    };
    let right: Line = match &app.screen {
        Screen::Test(t) => {
            let left = t.test.seconds_left(app.now);
            let style = if left < 60 {
                theme.error()
            } else {
                theme.key()
            };
            Line::from(Span::styled(
                format!("⏱ {:02}:{:02} left ", left / 60, left % 60),
                style,
            ))
        }
        Screen::Study(s) => {
            let mut spans = counts_spans(s.session.counts(), theme);
            spans.push(Span::raw(" "));
            Line::from(spans)
        }
        _ => {
            let mode = if app.settings.exam_mode {
                " (exam mode)"
            } else {
                ""
            };
            let exam = match app.days_to_exam() {
                Some(n) if n > 1 => format!("Exam in {n} days{mode} · "),
                Some(1) => "Exam tomorrow · ".to_owned(),
                Some(0) => "Exam today · ".to_owned(),
                _ => String::new(),
            };
            Line::from(vec![
                Span::styled(exam, theme.warning()),
                Span::raw(format!(
                    "{} ",
                    app.tz.to_datetime(app.now).strftime("%a %-d %b %Y, %H:%M")
                )),
            ])
        }
    };
    // The title gives way to the counts or the clock: cut with "…", a space before them.
    let room = usize::from(area.width).saturating_sub(right.width() + 1);
    let left = fit(&left, room);
    Paragraph::new(Line::from(Span::styled(left, theme.title()))).render(area, buf);
    Paragraph::new(right)
        .alignment(Alignment::Right)
        .render(area, buf);
}

/// `text` cut to at most `width` columns, ending in "…" when cut (a combining mark stays with
/// its letter: it takes no column).
fn fit(text: &str, width: usize) -> String {
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

pub(super) fn draw_footer(ctx: Context, theme: Theme, area: Rect, buf: &mut Buffer) {
    let mut spans = vec![Span::raw(" ")];
    for (i, (keys, words)) in keymap::footer(&keymap::bindings(), ctx)
        .into_iter()
        .enumerate()
    {
        if i > 0 {
            spans.push(Span::styled("  ", theme.dim()));
        }
        spans.push(Span::styled(keys, theme.key()));
        spans.push(Span::raw(format!(" {words}")));
    }
    Paragraph::new(Line::from(spans)).render(area, buf);
}

fn draw_home(app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
    let notice_h = if app.notices.is_empty() { 0 } else { 4 };
    let [list, details, notices] = Layout::vertical([
        Constraint::Min(4),
        Constraint::Length(7),
        Constraint::Length(notice_h),
    ])
    .areas(area);

    let rows: Vec<Row> = app
        .decks
        .iter()
        .map(|e| match &e.deck {
            Ok(d) => Row::new(
                [
                    Cell::from(d.title.clone()),
                    Cell::from(format!("{:>5}", e.items)),
                    Cell::from(Span::styled(
                        format!("{:>4}", e.counts.new),
                        theme.new_count(),
                    )),
                    Cell::from(Span::styled(
                        format!("{:>5}", e.counts.learning),
                        theme.learn_count(),
                    )),
                    Cell::from(Span::styled(
                        format!("{:>4}", e.counts.due),
                        theme.due_count(),
                    )),
                ]
                .into_iter()
                .chain(
                    e.exam
                        .map(|r| Cell::from(format!("{:>4.0}%", r.mean * 100.0))),
                ),
            ),
            Err(errs) => Row::new(vec![
                Cell::from(Span::styled(
                    format!("✗ {}", file_name(&e.origin)),
                    theme.error(),
                )),
                Cell::from(Span::styled(
                    format!(
                        "{} error{}",
                        errs.len(),
                        if errs.len() == 1 { "" } else { "s" }
                    ),
                    theme.error(),
                )),
            ]),
        })
        .collect();
    // With an exam date, a last column shows each deck's predicted recall on the day.
    let exam = app.settings.exam_date.is_some();
    let mut titles = vec!["Deck", "Cards", " New", "Learn", " Due"];
    let mut widths = vec![
        Constraint::Fill(1),
        Constraint::Length(7),
        Constraint::Length(4),
        Constraint::Length(5),
        Constraint::Length(4),
    ];
    if exam {
        titles.push("Exam");
        widths.push(Constraint::Length(5));
    }
    let header = Row::new(titles).style(theme.dim());
    let table = Table::new(rows, widths)
        .header(header)
        .row_highlight_style(theme.selected())
        .highlight_symbol("▶ ")
        .column_spacing(1)
        .block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .title(format!(" Decks ({}) ", app.decks.len())),
        );
    let mut state =
        TableState::default().with_selected((!app.decks.is_empty()).then_some(app.selected));
    StatefulWidget::render(table, list, buf, &mut state);
    if app.decks.is_empty() {
        let inner = Rect {
            x: list.x + 2,
            y: list.y + 2,
            width: list.width.saturating_sub(4),
            height: 1,
        };
        Paragraph::new(
            "No decks found. Put deck files (*.json) in a decks folder and pass --decks DIR.",
        )
        .render(inner, buf);
    }

    let block = Block::bordered().border_type(BorderType::Rounded);
    let text: Text = match app.decks.get(app.selected) {
        Some(e) => match &e.deck {
            Ok(d) => {
                let mut lines = vec![Line::from(d.description.clone())];
                // From the outline: the cards of a deck not yet opened are not in memory.
                let facts = e.outline.cards.len();
                let mut meta = vec![Span::styled(
                    format!("{facts} facts · {} cards to study", e.items),
                    theme.dim(),
                )];
                if !d.tags.is_empty() {
                    meta.push(Span::styled(
                        format!(" · tags: {}", d.tags.join(", ")),
                        theme.dim(),
                    ));
                }
                meta.push(Span::styled(format!(" · {}", e.origin), theme.dim()));
                lines.push(Line::from(meta));
                if let (Some(r), Some(date)) = (e.exam, app.settings.exam_date) {
                    lines.push(Line::from(Span::styled(
                        format!(
                            "Exam on {date}: predicted recall {:.0}%; {} of {} cards below 90%",
                            r.mean * 100.0,
                            r.below_90,
                            r.cards
                        ),
                        theme.warning(),
                    )));
                }
                Text::from(lines)
            }
            Err(errs) => Text::from(
                errs.iter()
                    .flat_map(|e| {
                        e.lines()
                            .map(|l| Line::from(Span::styled(l.to_owned(), theme.error())))
                            .collect::<Vec<_>>()
                    })
                    .collect::<Vec<_>>(),
            ),
        },
        None => Text::default(),
    };
    Paragraph::new(text)
        .wrap(Wrap { trim: true })
        .block(block.title(" About this deck "))
        .render(details, buf);

    if notice_h > 0 {
        let mut lines: Vec<Line> = app
            .notices
            .iter()
            .take(2)
            .map(|n| {
                Line::from(Span::styled(
                    n.lines().next().unwrap_or("").to_owned(),
                    theme.warning(),
                ))
            })
            .collect();
        if app.notices.len() > 2 {
            lines.push(Line::from(format!(
                "… and {} more (press ? for all)",
                app.notices.len() - 2
            )));
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(
                Block::new()
                    .borders(Borders::TOP)
                    .title(" Problems found at start-up (nothing was lost) "),
            )
            .render(notices, buf);
    }
}

/// "decks/x.json (built in)" → "x.json"; "/a/b/x.json" → "x.json".
fn file_name(origin: &str) -> &str {
    let path = origin.split(" (").next().unwrap_or(origin);
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

fn draw_study(app: &App, study: &Study, theme: Theme, area: Rect, buf: &mut Buffer) {
    let [card_area, buttons] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(area);
    let (Some((key, card)), Some(question)) = (app.current_card(), &study.question) else {
        let text = match study.idle {
            Some(Idle::WaitUntil(t)) => {
                let secs = (t.as_second() - app.now.as_second()).max(0) as f64;
                let local = app.tz.to_datetime(t);
                format!(
                    "Nothing is due right now.\n\nThe next learning card is due in {} (at {}).\nWait here, or press q to finish.",
                    short_duration(secs),
                    local.strftime("%H:%M")
                )
            }
            _ => "Nothing left to study in this deck today.".to_owned(),
        };
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .block(
                Block::bordered()
                    .border_type(BorderType::Rounded)
                    .title(" Waiting "),
            )
            .render(card_area, buf);
        return;
    };
    let title = match (question, key.side) {
        (Question::Choice { multi: true, .. }, _) => " Select all that apply ".to_owned(),
        (Question::Choice { .. }, _) => " Choose one ".to_owned(),
        (Question::Typed { .. }, _) => " Type the answer ".to_owned(),
        (_, Side::Reverse) => " Question (reversed: answer → question) ".to_owned(),
        (_, Side::Cloze(n)) => format!(" Fill in the blank ({n}) "),
        _ => " Question ".to_owned(),
    };
    let rule = || {
        Line::from(Span::styled(
            "─".repeat(card_area.width.saturating_sub(6) as usize),
            theme.dim(),
        ))
    };
    let mut lines: Vec<Line> = Vec::new();
    let verdict = study.final_verdict();
    match question {
        Question::Recall { prompt, answer } => {
            lines.push(Line::from(Span::styled(prompt.clone(), theme.question())));
            lines.push(Line::from(""));
            if study.stage == Stage::Revealed {
                lines.push(rule());
                lines.push(Line::from(Span::styled(answer.clone(), theme.answer())));
            }
        }
        Question::Choice {
            stem,
            options,
            correct,
            multi,
            notes,
        } => {
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
                let chosen = study.chosen.contains(&i);
                let mark = match (verdict.is_some(), correct.contains(&i), chosen) {
                    (true, true, _) => "✓",
                    (true, false, true) => "✗",
                    (false, _, true) if *multi => "■",
                    (false, _, false) if *multi => "□",
                    _ => " ",
                };
                let style = match (verdict.is_some(), correct.contains(&i), chosen) {
                    (true, true, _) => theme.answer(),
                    (true, false, true) => theme.error(),
                    (false, _, true) => theme.key(),
                    _ => Style::new(),
                };
                lines.push(Line::from(Span::styled(
                    format!("{mark} ({}) {o}", quiz::option_letter(i)),
                    style,
                )));
                if verdict.is_some()
                    && (chosen || correct.contains(&i))
                    && let Some(n) = notes.get(i)
                {
                    lines.push(Line::from(Span::styled(format!("      {n}"), theme.dim())));
                }
            }
        }
        Question::Typed { prompt, .. } => {
            lines.push(Line::from(Span::styled(prompt.clone(), theme.question())));
            lines.push(Line::from(""));
            let cursor = if verdict.is_none() { "▏" } else { "" };
            lines.push(Line::from(vec![
                Span::styled("› ", theme.key()),
                Span::raw(format!("{}{cursor}", study.input)),
            ]));
        }
    }
    if let Some(v) = verdict {
        lines.push(Line::from(""));
        let overruled = matches!(
            study.stage,
            Stage::Verdict {
                overruled: true,
                ..
            }
        );
        let (text, style) = match (v, overruled) {
            (_, true) => (
                "✓ Counted as right (you overruled the check).".to_owned(),
                theme.answer(),
            ),
            (Verdict::Right, _) => ("✓ Right.".to_owned(), theme.answer()),
            (Verdict::Close, _) => (
                format!(
                    "≈ Accepted with a typo; the answer is: {}",
                    question.answer_text()
                ),
                theme.warning(),
            ),
            (Verdict::Wrong, _) => (
                format!("✗ Wrong. The answer is: {}", question.answer_text()),
                theme.error(),
            ),
        };
        lines.push(Line::from(Span::styled(text, style)));
    }
    if study.stage != Stage::Asking {
        if let Some(e) = &card.explanation {
            lines.push(Line::from(""));
            lines.push(Line::from(e.clone()));
        }
        let source = card
            .source
            .as_deref()
            .and_then(|id| app.current_deck().and_then(|d| d.source(id)));
        if let Some(s) = source {
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(
                format!("Source: {}", s.citation()),
                theme.dim(),
            )));
        }
    }
    // No trimming: option marks and statement numbers are aligned with spaces.
    let para = Paragraph::new(lines).wrap(Wrap { trim: false });
    // Scrolling: the inner height is the card minus borders and the top padding.
    let inner_w = card_area.width.saturating_sub(6);
    let inner_h = card_area.height.saturating_sub(3);
    let total = u16::try_from(para.line_count(inner_w)).unwrap_or(u16::MAX);
    let max = total.saturating_sub(inner_h);
    let auto = if study.stage == Stage::Asking {
        0
    } else {
        i32::from(max)
    };
    let offset = (auto + i32::from(study.scroll)).clamp(0, i32::from(max)) as u16;
    let mut title = title;
    if offset > 0 {
        title.push_str("· ↑ more ");
    }
    if offset < max {
        title.push_str("· ↓ more ");
    }
    para.scroll((offset, 0))
        .block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .title(title)
                .padding(Padding::new(2, 2, 1, 0)),
        )
        .render(card_area, buf);

    let interval = |r: Rating| {
        study
            .preview
            .as_ref()
            .and_then(|p| p.get(r as usize - 1))
            .map_or(String::new(), |o| {
                format!(" · {}", short_duration(o.interval_secs))
            })
    };
    let grade = |spans: &mut Vec<Span<'static>>, rating: Rating| {
        spans.push(Span::styled(
            format!("{} {}", rating as u8, rating.label()),
            theme.rating(rating as usize - 1),
        ));
        spans.push(Span::raw(format!("{}   ", interval(rating))));
    };
    let mut spans = vec![Span::raw(" ")];
    match (study.stage, verdict) {
        (Stage::Revealed, _) => Rating::ALL.iter().for_each(|r| grade(&mut spans, *r)),
        (Stage::Verdict { .. }, Some(v)) => {
            let r = v.rating();
            spans.push(Span::styled("Enter", theme.key()));
            spans.push(Span::raw(format!(
                " next ({}{})   ",
                r.label(),
                interval(r)
            )));
            if v.is_right() {
                for r in [Rating::Again, Rating::Hard, Rating::Easy] {
                    grade(&mut spans, r);
                }
            } else if matches!(question, Question::Typed { .. }) {
                spans.push(Span::styled("o", theme.key()));
                spans.push(Span::raw(" I was right"));
            }
        }
        _ => match question {
            Question::Recall { .. } => {
                spans.push(Span::styled("Space", theme.key()));
                spans.push(Span::raw(" show answer"));
            }
            Question::Choice { options, multi, .. } => {
                spans.push(Span::styled(
                    format!("a–{}", quiz::option_letter(options.len().saturating_sub(1))),
                    theme.key(),
                ));
                spans.push(Span::raw(if *multi { " toggle   " } else { " choose" }));
                if *multi {
                    spans.push(Span::styled("Enter", theme.key()));
                    spans.push(Span::raw(" check"));
                }
            }
            Question::Typed { .. } => {
                spans.push(Span::styled("Enter", theme.key()));
                spans.push(Span::raw(" check"));
            }
        },
    }
    Paragraph::new(Line::from(spans)).render(buttons, buf);
}

fn draw_summary(
    app: &App,
    deck: usize,
    s: &Summary,
    finished: bool,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let headline = if finished {
        "Congratulations: this deck is done for today."
    } else {
        "Session ended."
    };
    let pct = |n: u32| {
        if s.answers == 0 {
            0
        } else {
            (f64::from(n) * 100.0 / f64::from(s.answers)).round() as u32
        }
    };
    let secs = s.millis as f64 / 1000.0;
    let avg = if s.answers == 0 {
        0.0
    } else {
        secs / f64::from(s.answers)
    };
    let mut lines = vec![
        Line::from(Span::styled(headline, theme.title())),
        Line::from(""),
        Line::from(format!("Cards answered   {}", s.answers)),
        Line::from(vec![
            Span::raw("Right            "),
            Span::styled(
                format!("{} ({}%)", s.right, pct(s.right)),
                theme.due_count(),
            ),
        ]),
        Line::from(vec![
            Span::raw("Wrong (Again)    "),
            Span::styled(
                format!("{} ({}%)", s.wrong, pct(s.wrong)),
                theme.learn_count(),
            ),
        ]),
        Line::from(format!("New cards seen   {}", s.new_seen)),
        Line::from(format!(
            "Time             {} ({:.1} s per card)",
            format_secs(secs),
            avg
        )),
        Line::from(""),
    ];
    if let Some(e) = app.decks.get(deck) {
        let mut left = vec![Span::raw("Left for today   ")];
        left.extend(counts_spans(e.counts, theme));
        lines.push(Line::from(left));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "Every answer is saved.",
        theme.dim(),
    )));
    Paragraph::new(lines)
        .block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .title(" Summary ")
                .padding(Padding::new(2, 2, 1, 0)),
        )
        .render(area, buf);
}

fn format_secs(secs: f64) -> String {
    let s = secs.round() as u64;
    if s >= 3600 {
        format!("{}h {:02}m", s / 3600, (s % 3600) / 60)
    } else if s >= 60 {
        format!("{}m {:02}s", s / 60, s % 60)
    } else {
        format!("{s}s")
    }
}

fn draw_help(app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
    let table = keymap::bindings();
    let mut lines: Vec<Line> = Vec::new();
    lines.push(Line::from(vec![
        Span::styled("Progress is saved in ", theme.dim()),
        Span::raw(app.paths.saves.clone()),
    ]));
    lines.push(Line::from(vec![
        Span::styled("Decks: ", theme.dim()),
        Span::raw(match &app.paths.decks {
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
    for n in &app.notices {
        lines.push(Line::from(Span::styled(n.clone(), theme.warning())));
    }
    let popup = area;
    Clear.render(popup, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .scroll((app.help_scroll, 0))
        .block(
            Block::bordered()
                .border_type(BorderType::Double)
                .title(" Help (↑↓ scroll) ")
                .padding(Padding::horizontal(1)),
        )
        .render(popup, buf);
}
