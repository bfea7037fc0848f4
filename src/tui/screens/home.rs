//! The deck list (home): choose a deck, then study it (three modes), cram it, test on it or
//! see its statistics; reload the deck files. Its state is the catalog's selection, which
//! lives in `Shared` because every screen opened from here starts from it.

use jiff::Timestamp;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{
    Block, BorderType, Borders, Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget,
    Wrap,
};

use unicode_width::UnicodeWidthStr;

use super::parts::{fit, scroll_mark};
use super::{Screen, ScreenView, Step, stats, study, test_resume, test_run, test_setup};
use crate::domain::words::plural;
use crate::tui::action::{Action, Effect};
use crate::tui::shared::{DeckState, Shared, Status};

/// The deck list.
#[derive(Debug, Clone, Default)]
pub struct Home;

impl Home {
    pub fn update(&mut self, sh: &mut Shared, action: Action, now: Timestamp) -> Step {
        let n = sh.decks.len();
        match action {
            Action::Up if n > 0 => sh.select((sh.selected + n - 1) % n),
            Action::Down if n > 0 => sh.select((sh.selected + 1) % n),
            Action::Study(mode) => return study::Study::start(sh, mode),
            // A test left unsubmitted is offered before a new one could take its place.
            Action::OpenTest => {
                return match sh.unfinished.clone() {
                    Some(p) => Step::go(Screen::TestResume(Box::new(test_resume::ResumeOffer {
                        paused: *p,
                        then: None,
                    }))),
                    None => test_setup::Setup::open(sh),
                };
            }
            Action::Reload => return Step::run(vec![Effect::ReloadDecks]),
            Action::OpenStats => return stats::request(sh, false),
            Action::OpenPlan => return super::plan::open(sh, None),
            Action::Cram => return study::Study::cram(sh, None),
            Action::DecksLoaded(entries) => sh.replace_decks(entries),
            Action::Back => sh.status = None,
            Action::StudyDeck(id, mode) => match sh.deck_index(&id) {
                Ok(i) => {
                    sh.selected = i;
                    return study::Study::start(sh, mode);
                }
                Err(msg) => sh.status = Status::error(msg.to_string()),
            },
            Action::StartTest(ids, spec) => {
                let mut chosen = vec![ids.is_empty(); sh.decks.len()];
                for id in &ids {
                    match sh.deck_index(id) {
                        Ok(i) => chosen[i] = true,
                        Err(msg) => {
                            sh.status = Status::error(msg.to_string());
                            return Step::stay();
                        }
                    }
                }
                return test_run::TestRun::begin(sh, &chosen, *spec, now);
            }
            _ => {}
        }
        Step::stay()
    }
}

/// "decks/x.json (built in)" → "x.json"; "/a/b/x.json" → "x.json".
fn file_name(origin: &str) -> &str {
    let path = origin.split(" (").next().unwrap_or(origin);
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

impl Widget for ScreenView<'_, Home> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (sh, theme) = (self.shared, self.theme);
        // The start-up problems, every line of each, wrapped: as many rows as they need, up
        // to a third of the screen; when they need more, the last row says so and where to
        // read them all.
        let notice_text = Paragraph::new(
            sh.notices
                .iter()
                .flat_map(|n| n.lines())
                .map(|l| Line::from(Span::styled(l.to_owned(), theme.warning())))
                .collect::<Vec<_>>(),
        )
        .wrap(Wrap { trim: true });
        let notice_need = u16::try_from(notice_text.line_count(area.width))
            .unwrap_or(u16::MAX)
            .saturating_add(1);
        let notice_h = match sh.notices.is_empty() {
            true => 0,
            false => notice_need.min((area.height / 3).max(4)),
        };

        let block = Block::bordered().border_type(BorderType::Rounded);
        // The box about the deck: warnings, the description, then the facts, tags, file path
        // and exam line (`head`, `desc`, `tail`); a short window cuts the description first.
        let (mut head, mut desc, mut tail) = (Vec::new(), String::new(), Vec::new());
        if let Some(e) = sh.decks.get(sh.selected) {
            match (e.errors(), e.about()) {
                (None, Some((description, tags))) => {
                    // Cards with errors were left out: say so first, with the first error, so
                    // that a long description never hides it.
                    if e.left_out > 0 {
                        head.push(Line::from(Span::styled(
                            format!(
                                "⚠ {} left out for errors (smriti check lists them); the first:",
                                plural(e.left_out, "card")
                            ),
                            theme.warning(),
                        )));
                        if let Some(first) = e.skipped.first().and_then(|m| m.lines().next()) {
                            head.push(Line::from(Span::styled(first.to_owned(), theme.warning())));
                        }
                    }
                    description.clone_into(&mut desc);
                    // From the outline: the cards of a deck not yet opened are not in memory.
                    let facts = e.outline.card_count();
                    let mut meta = vec![Span::styled(
                        format!(
                            "{} · {} to study",
                            plural(facts, "fact"),
                            plural(e.items, "card")
                        ),
                        theme.dim(),
                    )];
                    // Cards suspended in Anki came in suspended: say so, or the counts puzzle.
                    let suspended = e
                        .id()
                        .and_then(|id| sh.progress.deck(id))
                        .map_or(0, |d| d.suspended.len());
                    if suspended > 0 {
                        meta.push(Span::styled(
                            format!(" · {suspended} suspended (smriti unsuspend)"),
                            theme.dim(),
                        ));
                    }
                    if !tags.is_empty() {
                        meta.push(Span::styled(
                            format!(" · tags: {}", tags.join(", ")),
                            theme.dim(),
                        ));
                    }
                    meta.push(Span::styled(format!(" · {}", e.origin), theme.dim()));
                    tail.push(Line::from(meta));
                    if let (Some(r), Some(date)) = (e.exam, sh.settings.exam_date) {
                        let text = if r.not_started() {
                            format!(
                                "Exam on {date}: not started; none of {} answered yet",
                                plural(r.cards, "card")
                            )
                        } else {
                            format!(
                                "Exam on {date}: predicted recall {:.0}%; {} of {} below 90%",
                                r.mean * 100.0,
                                r.below_90,
                                plural(r.cards, "card")
                            )
                        };
                        tail.push(Line::from(Span::styled(text, theme.warning())));
                    }
                }
                (errs, _) => {
                    head = errs
                        .unwrap_or_default()
                        .iter()
                        .flat_map(|e| {
                            e.lines()
                                .map(|l| Line::from(Span::styled(l.to_owned(), theme.error())))
                                .collect::<Vec<_>>()
                        })
                        .collect();
                }
            }
        }
        // The rows the deck list needs (borders, header, a row a deck), and the about box's
        // (borders and its wrapped text, at least 7 as before). When both do not fit, the
        // list keeps at least half the room (a row a deck when fewer fit), so a few decks all
        // show; the about box then cuts its description, ending it with "…".
        let room = area.height.saturating_sub(notice_h);
        let list_need = u16::try_from(sh.decks.len().max(1))
            .unwrap_or(u16::MAX)
            .saturating_add(3);
        let inner_w = area.width.saturating_sub(2);
        let about_of = |desc: &str| {
            let mut lines = head.clone();
            if !desc.is_empty() {
                lines.push(Line::from(desc.to_owned()));
            }
            lines.extend(tail.iter().cloned());
            Paragraph::new(Text::from(lines))
                .wrap(Wrap { trim: true })
                .block(block.clone().title(" About this deck "))
        };
        // (`line_count` counts the borders' rows but not their columns: the inner width.)
        let height_of = |p: &Paragraph| u16::try_from(p.line_count(inner_w)).unwrap_or(u16::MAX);
        let mut about = about_of(&desc);
        let about_need = height_of(&about).max(7);
        let about_h = if list_need.saturating_add(about_need) <= room {
            about_need
        } else {
            let list_h = list_need.min((room / 2).max(room.saturating_sub(about_need)));
            room.saturating_sub(list_h.max(4))
        };
        // Cut the description, a word at a time, until the rest fits.
        if height_of(&about) > about_h {
            let words: Vec<&str> = desc.split_whitespace().collect();
            let mut keep = words.len();
            while keep > 0 {
                keep -= 1;
                let cut = if keep == 0 {
                    String::new()
                } else {
                    format!("{}…", words[..keep].join(" "))
                };
                about = about_of(&cut);
                if height_of(&about) <= about_h {
                    break;
                }
            }
        }
        // Still too tall (a very short window): say so on its bottom border.
        if height_of(&about) > about_h {
            about = about.block(
                block
                    .clone()
                    .title(" About this deck ")
                    .title_bottom(Line::from(" … cut ").right_aligned()),
            );
        }
        let [list, details, notices] = Layout::vertical([
            Constraint::Min(4),
            Constraint::Length(about_h),
            Constraint::Length(notice_h),
        ])
        .areas(area);

        // With an exam date, a last column shows each deck's predicted recall on the day.
        let exam = sh.settings.exam_date.is_some();
        // The deck column's width: the list's inside less the "▶ " mark, the figures' columns
        // (Cards 7, New 4, Learn 5, Due 4, Exam 5) and a space between columns. A title
        // longer than that ends in "…", never cut silently.
        let deck_w = usize::from(list.width.saturating_sub(2)).saturating_sub(if exam {
            2 + 25 + 5
        } else {
            2 + 20 + 4
        });
        let rows: Vec<Row> = sh
            .decks
            .iter()
            .map(|e| match &e.state {
                DeckState::Broken(errs) => Row::new(vec![
                    Cell::from(Span::styled(
                        fit(&format!("✗ {}", file_name(&e.origin)), deck_w),
                        theme.error(),
                    )),
                    Cell::from(Span::styled(plural(errs.len(), "error"), theme.error())),
                ]),
                _ => Row::new(
                    [
                        Cell::from({
                            let warn = if e.left_out > 0 {
                                format!(" ⚠ {} left out", plural(e.left_out, "card"))
                            } else {
                                String::new()
                            };
                            // The title gives way to the warning, unless that leaves it
                            // almost nothing.
                            let warn_w = warn.width();
                            let (title_w, warn_w) = if deck_w >= warn_w + 8 {
                                (deck_w - warn_w, warn_w)
                            } else {
                                (deck_w, 0)
                            };
                            Line::from(vec![
                                Span::raw(fit(e.title().unwrap_or_default(), title_w)),
                                Span::styled(fit(&warn, warn_w), theme.warning()),
                            ])
                        }),
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
                        // A deck not started has no readiness to show (its mean is 0).
                        e.exam.map(|r| {
                            Cell::from(if r.not_started() {
                                format!("{:>5}", "–")
                            } else {
                                format!("{:>4.0}%", r.mean * 100.0)
                            })
                        }),
                    ),
                ),
            })
            .collect();
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
        // The rows that fit, scrolled as the table scrolls to the selection (the selected row
        // last when it is below the first screenful), so the border can say what is hidden.
        let shown = usize::from(list.height.saturating_sub(3)).max(1);
        let offset = (sh.selected + 1).saturating_sub(shown);
        let mut deck_block = Block::bordered()
            .border_type(BorderType::Rounded)
            .title(format!(" Decks ({}) ", sh.decks.len()));
        if let Some(mark) = scroll_mark(offset > 0, offset + shown < sh.decks.len()) {
            deck_block = deck_block.title_bottom(mark);
        }
        let table = Table::new(rows, widths)
            .header(header)
            .row_highlight_style(theme.selected())
            .highlight_symbol("▶ ")
            .column_spacing(1)
            .block(deck_block);
        let mut state = TableState::default()
            .with_offset(offset)
            .with_selected((!sh.decks.is_empty()).then_some(sh.selected));
        StatefulWidget::render(table, list, buf, &mut state);
        about.render(details, buf);
        if sh.decks.is_empty() {
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

        if notice_h > 0 {
            let block = Block::new()
                .borders(Borders::TOP)
                .title(" Problems found at start-up (nothing was lost) ");
            let mut inner = block.inner(notices);
            block.render(notices, buf);
            if notice_need > notice_h && inner.height > 0 {
                inner.height -= 1;
                let more = Rect {
                    y: inner.y + inner.height,
                    height: 1,
                    ..inner
                };
                Paragraph::new(Line::from(Span::styled(
                    "… more: press ? to read every problem in full (↓ to scroll)",
                    theme.dim(),
                )))
                .render(more, buf);
            }
            notice_text.render(inner, buf);
        }
    }
}
