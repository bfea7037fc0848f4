//! Drawing the mock-test screens. Takes state by reference and never mutates it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Padding, Paragraph, Widget, Wrap};

use super::app::App;
use super::test_screens::{ResultsView, Setup, TestRun, fmt_marks};
use super::theme::Theme;
use crate::domain::mock::TestQuestion;
use crate::domain::quiz::{Question, Verdict, option_letter};

fn block(title: &str) -> Block<'_> {
    Block::bordered()
        .border_type(BorderType::Rounded)
        .title(title)
        .padding(Padding::new(2, 2, 1, 0))
}

pub fn draw_setup(app: &App, s: &Setup, theme: Theme, area: Rect, buf: &mut Buffer) {
    let mut lines = vec![Line::from(Span::styled(
        "Decks (Space to choose):",
        theme.title(),
    ))];
    for (i, e) in app.decks.iter().enumerate() {
        let cursor = if i == s.cursor { "▶ " } else { "  " };
        let line = match &e.deck {
            Ok(d) => {
                let tick = if s.chosen.get(i).copied().unwrap_or(false) {
                    "[x]"
                } else {
                    "[ ]"
                };
                format!(
                    "{cursor}{tick} {}  ({} cards)",
                    d.title,
                    e.outline.cards.len()
                )
            }
            Err(_) => format!("{cursor}    {} (has errors)", e.origin),
        };
        let style = if i == s.cursor {
            theme.selected()
        } else {
            Style::new()
        };
        lines.push(Line::from(Span::styled(line, style)));
    }
    lines.push(Line::from(""));
    let row = |label: &str, value: String, keys: &str| {
        Line::from(vec![
            Span::raw(format!("{label:<13}")),
            Span::styled(value, theme.question()),
            Span::styled(format!("   {keys}"), theme.dim()),
        ])
    };
    lines.push(row("Questions", s.questions.to_string(), "+/- to change"));
    lines.push(row(
        "Time",
        format!("{} min", fmt_marks(s.minutes)),
        "</> to change",
    ));
    lines.push(row("Marking", s.scheme.label(), "p to change"));
    lines.push(row(
        "Tag",
        s.tag.clone().unwrap_or_else(|| "all".into()),
        "g to change",
    ));
    lines.push(row(
        "Misses",
        if s.requeue {
            "come back in reviews".into()
        } else {
            "stay out of reviews".into()
        },
        "r to change",
    ));
    lines.push(Line::from(""));
    let available = app.available_questions(s);
    lines.push(Line::from(Span::styled(
        format!(
            "{available} questions available; wrong and guessed answers {}.",
            if s.requeue {
                "become due for review"
            } else {
                "are not fed back"
            }
        ),
        theme.dim(),
    )));
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(block(" Mock test "))
        .render(area, buf);
}

/// One question's stem and options, marking the chosen option and, when `reveal`, the right
/// one and the candidate's mistakes.
fn question_lines(
    q: &TestQuestion,
    chosen: &[usize],
    reveal: bool,
    theme: Theme,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let Question::Choice {
        stem,
        options,
        correct,
        multi: _,
        notes,
    } = &q.question
    else {
        return lines;
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
    lines
}

pub fn draw_test(app: &App, run: &TestRun, theme: Theme, area: Rect, buf: &mut Buffer) {
    let t = &run.test;
    let n = t.questions.len();
    let per_row = (area.width.saturating_sub(2) / 4).max(1) as usize;
    let palette_rows = n.div_ceil(per_row).min(3) as u16;
    let [main, palette] =
        Layout::vertical([Constraint::Min(5), Constraint::Length(palette_rows + 2)]).areas(area);
    let a = &t.answers[t.current];
    let mut title = format!(" Question {} ", t.current + 1);
    if a.marked {
        title.push_str("· ⚑ marked for review ");
    }
    if let Some(c) = a.confidence {
        title.push_str(&format!("· {} ", c.label()));
    }
    let lines = question_lines(&t.questions[t.current], &a.chosen, false, theme);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(block(&title))
        .render(main, buf);

    // The palette: every question, coloured by state; the rows around the current one.
    let first_row = (t.current / per_row).saturating_sub(palette_rows.saturating_sub(1) as usize);
    let mut rows: Vec<Line> = Vec::new();
    for r in first_row..first_row + palette_rows as usize {
        let mut spans = Vec::new();
        for i in r * per_row..((r + 1) * per_row).min(n) {
            let ans = &t.answers[i];
            let mut style = if ans.marked {
                theme.warning().add_modifier(Modifier::UNDERLINED)
            } else if !ans.chosen.is_empty() {
                theme.answer()
            } else if ans.visited {
                theme.error()
            } else {
                theme.dim()
            };
            if i == t.current {
                style = style.add_modifier(Modifier::REVERSED);
            }
            let sign = if ans.marked {
                "⚑"
            } else if !ans.chosen.is_empty() {
                "✓"
            } else {
                " "
            };
            spans.push(Span::styled(format!("{:>2}{sign}", i + 1), style));
            spans.push(Span::raw(" "));
        }
        rows.push(Line::from(spans));
    }
    let (answered, marked, open) = t.tally();
    let ptitle = format!(" {answered} answered · {marked} marked · {open} not answered ");
    Paragraph::new(rows)
        .block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .title(ptitle),
        )
        .render(palette, buf);

    let popup = |title: &str, text: Vec<Line<'static>>, buf: &mut Buffer| {
        let w = main.width.saturating_sub(8).min(64);
        let r = Rect {
            x: main.x + (main.width - w) / 2,
            y: main.y + main.height / 3,
            width: w,
            height: 5,
        };
        Clear.render(r, buf);
        Paragraph::new(text)
            .wrap(Wrap { trim: true })
            .block(
                Block::bordered()
                    .border_type(BorderType::Double)
                    .title(title.to_owned()),
            )
            .render(r, buf);
    };
    if run.confirm {
        let text = vec![
            Line::from(format!(
                "{answered} answered, {open} not answered, {marked} marked for review."
            )),
            Line::from(vec![
                Span::styled("y", theme.key()),
                Span::raw(" submit   "),
                Span::styled("n", theme.key()),
                Span::raw(" keep going"),
            ]),
        ];
        popup(" Submit the test? ", text, buf);
    } else if let Some(typed) = &run.goto {
        let text = vec![
            Line::from(format!("Question (1–{n}): {typed}▏")),
            Line::from(Span::styled("Enter go · Esc cancel", theme.dim())),
        ];
        popup(" Go to question ", text, buf);
    }
    let _ = app;
}

pub fn draw_results(r: &ResultsView, theme: Theme, area: Rect, buf: &mut Buffer) {
    let res = &r.results;
    if let Some(i) = r.review {
        let q = &res.test.questions[i];
        let a = &res.test.answers[i];
        let mut lines = question_lines(q, &a.chosen, true, theme);
        lines.push(Line::from(""));
        let verdict = match res.verdicts[i] {
            Some(Verdict::Wrong) => Span::styled(
                format!("✗ Wrong ({} marks)", fmt_marks(res.test.spec.marking.wrong)),
                theme.error(),
            ),
            Some(_) => Span::styled(
                format!(
                    "✓ Right (+{} marks)",
                    fmt_marks(res.test.spec.marking.right)
                ),
                theme.answer(),
            ),
            None => Span::styled("Not answered (0 marks)", theme.warning()),
        };
        let mut info = vec![verdict];
        if let Some(c) = a.confidence {
            info.push(Span::raw(format!(" · you were {}", c.label())));
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
        let title = format!(" Answer {} of {} ", i + 1, res.test.questions.len());
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block(&title))
            .render(area, buf);
        return;
    }
    let s = &res.score;
    let m = res.test.spec.marking;
    let pct = |x: f64| format!("{:.0}%", x * 100.0);
    let secs = res.elapsed_ms as f64 / 1000.0;
    let mut lines = vec![
        Line::from(vec![
            Span::styled(
                format!("Score {} / {}", fmt_marks(s.marks), fmt_marks(s.max_marks)),
                theme.title(),
            ),
            Span::styled(
                format!(
                    "   (+{} right, {} wrong, 0 skipped)",
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
            pct(s.accuracy())
        )),
        Line::from(format!(
            "Time {}m {:02}s  ·  {:.0} s per question",
            (secs as u64) / 60,
            (secs as u64) % 60,
            res.ms_per_question() as f64 / 1000.0
        )),
        Line::from(""),
    ];
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
    for t in res.by_tag.iter().take(6) {
        let style = if t.accuracy() < 0.5 {
            theme.error()
        } else if t.accuracy() < 0.8 {
            theme.warning()
        } else {
            theme.answer()
        };
        lines.push(Line::from(vec![
            Span::raw(format!("  {:<24}", t.tag)),
            Span::styled(
                format!("{}/{}  {}", t.right, t.attempted, pct(t.accuracy())),
                style,
            ),
        ]));
    }
    if res.by_tag.len() > 6 {
        lines.push(Line::from(Span::styled(
            format!("  … and {} more", res.by_tag.len() - 6),
            theme.dim(),
        )));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        if res.test.spec.requeue {
            format!(
                "{} card(s) from wrong or guessed answers are now due for review.",
                r.requeued
            )
        } else {
            "Wrong and guessed answers were not fed back into reviews.".to_owned()
        },
        theme.dim(),
    )));
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(block(" Results "))
        .render(area, buf);
}
