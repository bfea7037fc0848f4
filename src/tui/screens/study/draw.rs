//! Drawing the study screen: the card (question, options or typed answer; then the answer,
//! verdict, explanation and source), scrolled with a "more" mark in the title, and the line of
//! buttons under it. Reads state, never mutates it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Padding, Paragraph, Widget, Wrap};

use super::{Stage, Study};
use crate::domain::deck::Side;
use crate::domain::quiz::{self, Question, Verdict};
use crate::domain::scheduler::Rating;
use crate::domain::session::Idle;
use crate::domain::time::short_duration;
use crate::tui::screens::ScreenView;
use crate::tui::screens::parts::counts_spans;
use crate::tui::shared::Shared;
use crate::tui::theme::Theme;

impl Study {
    /// The left of the header: the deck's title (and "cram").
    pub fn title(&self, sh: &Shared) -> String {
        match self.deck(sh) {
            Some(d) if self.session.is_cram() => format!(" smriti · {} · cram", d.title),
            Some(d) => format!(" smriti · {}", d.title),
            None => " smriti".to_owned(),
        }
    }

    /// The right of the header: what is left in the session.
    pub fn header_right(&self, theme: Theme) -> Line<'static> {
        let mut spans = counts_spans(self.session.counts(), theme);
        spans.push(Span::raw(" "));
        Line::from(spans)
    }
}

impl Widget for ScreenView<'_, Study> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (study, sh, theme) = (self.screen, self.shared, self.theme);
        let [card_area, buttons] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(area);
        let (Some((key, card)), Some(question)) = (study.current_card(sh), &study.question) else {
            let text = match study.idle {
                Some(Idle::WaitUntil(t)) => {
                    let secs = (t.as_second() - sh.now.as_second()).max(0) as f64;
                    let local = sh.tz.to_datetime(t);
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
                .and_then(|id| study.deck(sh).and_then(|d| d.source(id)));
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
}
