//! Drawing the study screen: the card (question, options or typed answer; then the answer,
//! verdict, explanation and source), scrolled with a "more" mark in the title, and the line of
//! buttons under it. Reads state, never mutates it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Padding, Paragraph, Widget, Wrap};

use super::{Stage, Study};
use crate::domain::deck::Side;
use crate::domain::quiz::{self, Question, StudyMode, Verdict};
use crate::domain::scheduler::Rating;
use crate::domain::session::Idle;
use crate::domain::time::short_duration;
use crate::domain::typed_diff;
use crate::tui::screens::ScreenView;
use crate::tui::screens::parts::{counts_spans, hanging, stem_lines};
use crate::tui::shared::Shared;
use crate::tui::theme::Theme;

impl Study {
    /// The left of the header in `room` columns: the deck's title (and "cram"); short of
    /// room, the deck's title alone, told apart from the other decks' (see
    /// [`Shared::header_title`]).
    pub fn title(&self, sh: &Shared, room: usize) -> String {
        let cram = if self.session.is_cram() {
            " · cram"
        } else {
            ""
        };
        match self.deck(sh) {
            Some(d) => sh.header_title(self.deck, &d.title, cram, room),
            None => " smriti".to_owned(),
        }
    }

    /// The right of the header: what is left in the session (in a cram, the cards left to
    /// practise: none of them is new, learning or due).
    pub fn header_right(&self, theme: Theme) -> Line<'static> {
        if self.session.is_cram() {
            let c = self.session.counts();
            let n = c.new + c.learning + c.due;
            return Line::from(Span::styled(
                format!("{n} left to practise "),
                theme.due_count(),
            ));
        }
        let mut spans = counts_spans(self.session.counts(), theme);
        spans.push(Span::raw(" "));
        Line::from(spans)
    }
}

impl Widget for ScreenView<'_, Study> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (study, sh, theme) = (self.screen, self.shared, self.theme);
        let cram_h = u16::from(study.session.is_cram());
        let [cram_line, card_area, buttons] = Layout::vertical([
            Constraint::Length(cram_h),
            Constraint::Min(3),
            Constraint::Length(1),
        ])
        .areas(area);
        if cram_h > 0 {
            Paragraph::new(Line::from(Span::styled(
                " Cram: studied cards not due today, weakest first; no schedule changes",
                theme.dim(),
            )))
            .render(cram_line, buf);
        }
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
        // The card's text width: less the borders and the padding (2, 2, 1, 0).
        let inner_w = card_area.width.saturating_sub(6);
        let verdict = study.final_verdict();
        // Once the answer is shown it must stay in view: `answer_from` is the line where the
        // answer begins (the rule, the verdict), `context_from` where the lines worth keeping
        // with it begin (the options, the typed answer), `answer_to` the line after it.
        let mut context_from = 0;
        let mut answer_from = 0;
        match question {
            Question::Recall {
                prompt,
                answer,
                why,
            } => {
                // A card the chosen mode cannot ask fairly is asked as a flashcard: say why in
                // one line, or the mode seems to be ignored.
                if let Some(why) = why
                    && study.mode != StudyMode::Flashcard
                {
                    lines.push(Line::from(Span::styled(
                        format!("This card is asked as a flashcard: {why}."),
                        theme.dim(),
                    )));
                }
                lines.push(Line::from(Span::styled(prompt.clone(), theme.question())));
                lines.push(Line::from(""));
                if study.stage == Stage::Revealed {
                    context_from = lines.len();
                    answer_from = lines.len();
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
                lines.extend(stem_lines(stem, inner_w, theme));
                lines.push(Line::from(""));
                context_from = lines.len();
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
                    let head = format!("{mark} ({}) ", quiz::option_letter(i));
                    lines.extend(hanging(&head, o, inner_w, style));
                    if verdict.is_some()
                        && (chosen || correct.contains(&i))
                        && let Some(n) = notes.get(i)
                    {
                        lines.extend(hanging("      ", n, inner_w, theme.dim()));
                    }
                }
            }
            Question::Typed { prompt, .. } => {
                // In a multiple-choice session only a typed card short of wrong options is
                // asked typed (`quiz::fact_question`): say so, as for a flashcard.
                if study.mode == StudyMode::Choice {
                    lines.push(Line::from(Span::styled(
                        "This card is asked typed: too few wrong options in the deck.",
                        theme.dim(),
                    )));
                }
                lines.push(Line::from(Span::styled(prompt.clone(), theme.question())));
                lines.push(Line::from(""));
                context_from = lines.len();
                lines.push(typed_line(study, question, theme));
            }
        }
        if let Some(v) = verdict {
            lines.push(Line::from(""));
            answer_from = lines.len();
            lines.extend(verdict_lines(study, question, v, theme));
        }
        let answer_to = lines.len();
        if study.stage != Stage::Asking {
            let mut more: Vec<Line> = Vec::new();
            if let Some(e) = &card.explanation {
                more.push(Line::from(""));
                more.push(Line::from(e.clone()));
            }
            let source = card
                .source
                .as_deref()
                .and_then(|id| study.deck(sh).and_then(|d| d.source(id)));
            if let Some(s) = source {
                more.push(Line::from(""));
                more.push(Line::from(Span::styled(
                    format!("Source: {}", s.citation()),
                    theme.dim(),
                )));
            }
            // After a choice's one-line verdict (coloured), when the card would not fit the
            // window otherwise, the explanation and the (dim) source follow without blank
            // lines: a question with long options still shows its source at 80×24.
            let rows = |l: &[Line]| {
                Paragraph::new(l.to_vec())
                    .wrap(Wrap { trim: false })
                    .line_count(inner_w)
            };
            let all: Vec<Line> = lines.iter().chain(&more).cloned().collect();
            let over = rows(&all) > usize::from(card_area.height.saturating_sub(3));
            if over && matches!(question, Question::Choice { .. }) {
                more.retain(|l| l.width() > 0);
            }
            lines.extend(more);
        }
        // No trimming: option marks and statement numbers are aligned with spaces.
        let para = Paragraph::new(lines.clone()).wrap(Wrap { trim: false });
        // Scrolling: the inner height is the card minus borders and the top padding.
        let inner_h = card_area.height.saturating_sub(3);
        let total = u16::try_from(para.line_count(inner_w)).unwrap_or(u16::MAX);
        let max = total.saturating_sub(inner_h);
        let auto = if study.stage == Stage::Asking {
            0
        } else {
            // Everything from the options (or the typed answer) on when it fits the window,
            // else from the answer on: the answer is never scrolled away by the explanation.
            let rows = |n: usize| -> u16 {
                if n == 0 {
                    return 0;
                }
                let head = lines.get(..n).map(<[Line]>::to_vec).unwrap_or_default();
                let count = Paragraph::new(head)
                    .wrap(Wrap { trim: false })
                    .line_count(inner_w);
                u16::try_from(count).unwrap_or(u16::MAX)
            };
            let (keep, from, to) = (rows(context_from), rows(answer_from), rows(answer_to));
            let top = if to.saturating_sub(keep) <= inner_h {
                keep
            } else {
                from
            };
            i32::from(top.min(max))
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

        buttons_line(study, question, verdict, theme, buttons.width).render(buttons, buf);
    }
}

/// The line of buttons under the card, as wide as fits in `width`: first with " · " before
/// each interval and three spaces between buttons; then one space and two; then without the
/// intervals of the ratings Enter does not give (at 50 columns, "4 Easy" was cut to "4 Eas").
fn buttons_line(
    study: &Study,
    question: &Question,
    verdict: Option<Verdict>,
    theme: Theme,
    width: u16,
) -> Line<'static> {
    let mut line = Line::default();
    for compact in 0..3 {
        line = buttons_at(study, question, verdict, theme, compact);
        if line.width() <= usize::from(width) {
            break;
        }
    }
    line
}

/// [`buttons_line`] at one of its three widths (`compact` 0, 1 or 2).
fn buttons_at(
    study: &Study,
    question: &Question,
    verdict: Option<Verdict>,
    theme: Theme,
    compact: u8,
) -> Line<'static> {
    let (dot, gap) = if compact == 0 {
        (" · ", "   ")
    } else {
        (" ", "  ")
    };
    let interval = |r: Rating| {
        study
            .preview
            .as_ref()
            .and_then(|p| p.get(r as usize - 1))
            .map_or(String::new(), |o| {
                format!("{dot}{}", short_duration(o.interval_secs))
            })
    };
    let grade = |spans: &mut Vec<Span<'static>>, rating: Rating| {
        spans.push(Span::styled(
            format!("{} {}", rating as u8, rating.label()),
            theme.rating(rating as usize - 1),
        ));
        let shown = if compact < 2 {
            interval(rating)
        } else {
            String::new()
        };
        spans.push(Span::raw(format!("{shown}{gap}")));
    };
    let mut spans = vec![Span::raw(" ")];
    match (study.stage, verdict) {
        (Stage::Revealed, _) => Rating::ALL.iter().for_each(|r| grade(&mut spans, *r)),
        (Stage::Verdict { .. }, Some(v)) => {
            let r = v.rating();
            spans.push(Span::styled("Enter", theme.key()));
            spans.push(Span::raw(format!(
                " next ({}{}){gap}",
                r.label(),
                interval(r)
            )));
            if v.is_right() {
                for r in [Rating::Again, Rating::Hard, Rating::Easy] {
                    grade(&mut spans, r);
                }
            } else if matches!(question, Question::Typed { .. }) && !study.input.is_empty() {
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
                spans.push(Span::raw(if study.input.trim().is_empty() {
                    " show the answer (Again)"
                } else {
                    " check"
                }));
            }
        },
    }
    // No gap after the last button (it would count against the width).
    if let Some(last) = spans.last_mut() {
        let kept = last.content.trim_end().len();
        if kept < last.content.len() {
            last.content = last.content[..kept].to_owned().into();
        }
    }
    Line::from(spans)
}

/// The typed answer: while asking, with a cursor; once checked, with what differs from the
/// nearest right form marked (see [`typed_diff`]), unless it was simply right.
fn typed_line(study: &Study, question: &Question, theme: Theme) -> Line<'static> {
    let prompt = Span::styled("› ", theme.key());
    let (
        Some(_),
        Question::Typed {
            accepted, shown, ..
        },
    ) = (study.final_verdict(), question)
    else {
        return Line::from(vec![prompt, Span::raw(format!("{}▏", study.input))]);
    };
    if study.input.is_empty() {
        return Line::from(vec![prompt, Span::styled("(nothing typed)", theme.dim())]);
    }
    let plain = matches!(
        study.stage,
        Stage::Verdict {
            verdict: Verdict::Right,
            ..
        }
    );
    if plain {
        return Line::from(vec![
            prompt,
            Span::styled(study.input.clone(), theme.answer()),
        ]);
    }
    let forms = accepted
        .get(..(*shown).min(accepted.len()))
        .unwrap_or_default();
    let Some(form) = typed_diff::closest(&study.input, forms) else {
        return Line::from(vec![prompt, Span::raw(study.input.clone())]);
    };
    let diff = typed_diff::diff(&study.input, form);
    if !diff.is_alike() {
        let style = diff_style(typed_diff::Mark::Extra, theme);
        return Line::from(vec![prompt, Span::styled(study.input.clone(), style)]);
    }
    let mut spans = vec![prompt];
    for (mark, text) in diff.typed {
        spans.push(Span::styled(text, diff_style(mark, theme)));
    }
    Line::from(spans)
}

/// The verdict, and (unless the typed answer was simply right) the right answer with what
/// was left out of it marked; it stays after `o` ("I was right").
fn verdict_lines(
    study: &Study,
    question: &Question,
    v: Verdict,
    theme: Theme,
) -> Vec<Line<'static>> {
    let overruled = matches!(
        study.stage,
        Stage::Verdict {
            overruled: true,
            ..
        }
    );
    let (head, style) = match (v, overruled) {
        (_, true) => (
            "✓ Counted as right (you overruled the check). The answer is:",
            theme.answer(),
        ),
        (Verdict::Right, _) => ("✓ Right.", theme.answer()),
        (Verdict::Close, _) => ("≈ Accepted with a typo; the answer is:", theme.warning()),
        (Verdict::Wrong, _)
            if study.input.is_empty() && matches!(question, Question::Typed { .. }) =>
        {
            ("✗ Not answered (Again). The answer is:", theme.error())
        }
        (Verdict::Wrong, _) => ("✗ Wrong. The answer is:", theme.error()),
    };
    let right_plain = v == Verdict::Right && !overruled;
    // The options stay on screen with the right one marked ✓: the verdict names its letter
    // rather than repeating its text (a long option would push the explanation away).
    if let Question::Choice { correct, .. } = question
        && !right_plain
    {
        let letters: Vec<String> = correct
            .iter()
            .map(|&c| format!("({})", quiz::option_letter(c)))
            .collect();
        let head = head.trim_end_matches(" The answer is:");
        let text = format!(
            "{head} The {} {}, marked ✓ above.",
            if letters.len() == 1 {
                "answer is"
            } else {
                "answers are"
            },
            letters.join(", ")
        );
        return vec![Line::from(Span::styled(text, style))];
    }
    let Question::Typed {
        accepted, shown, ..
    } = question
    else {
        let text = if right_plain {
            head.to_owned()
        } else {
            format!("{head} {}", question.answer_text())
        };
        return vec![Line::from(Span::styled(text, style))];
    };
    if right_plain {
        return vec![Line::from(Span::styled(head, style))];
    }
    // The nearest form, marked; any other forms the deck gives after it.
    let forms = accepted
        .get(..(*shown).min(accepted.len()))
        .unwrap_or_default();
    let nearest = typed_diff::closest(&study.input, forms).unwrap_or_default();
    let mut spans = vec![Span::styled(format!("{head} "), style)];
    let diff = typed_diff::diff(&study.input, nearest);
    let alike = diff.is_alike();
    for (mark, text) in diff.answer {
        let s = match mark {
            typed_diff::Mark::Missing if alike => diff_style(mark, theme),
            _ => theme.answer(),
        };
        spans.push(Span::styled(text, s));
    }
    let others: Vec<&str> = forms
        .iter()
        .map(String::as_str)
        .filter(|f| *f != nearest)
        .collect();
    if !others.is_empty() {
        spans.push(Span::styled(
            format!(" (or {})", others.join(" / ")),
            theme.dim(),
        ));
    }
    vec![Line::from(spans)]
}

/// How a run of a typed answer's comparison is drawn: letters that should not be there
/// struck through, and those left out underlined (a `-` in the typed text), so that the marks
/// read without colour too.
fn diff_style(mark: typed_diff::Mark, theme: Theme) -> Style {
    match mark {
        typed_diff::Mark::Same => Style::new(),
        typed_diff::Mark::Extra => theme.error().add_modifier(Modifier::CROSSED_OUT),
        typed_diff::Mark::Missing => theme.warning().add_modifier(Modifier::UNDERLINED),
    }
}
