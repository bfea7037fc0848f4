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
            Action::Up if n > 0 => sh.selected = (sh.selected + n - 1) % n,
            Action::Down if n > 0 => sh.selected = (sh.selected + 1) % n,
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
        let notice_h = if sh.notices.is_empty() { 0 } else { 4 };

        let block = Block::bordered().border_type(BorderType::Rounded);
        let text: Text = match sh.decks.get(sh.selected) {
            Some(e) => match (e.errors(), e.about()) {
                (None, Some((description, tags))) => {
                    let mut lines = Vec::new();
                    // Cards with errors were left out: say so first, with the first error, so
                    // that a long description never hides it.
                    if e.left_out > 0 {
                        lines.push(Line::from(Span::styled(
                            format!(
                                "⚠ {} left out for errors (smriti check lists them); the first:",
                                plural(e.left_out, "card")
                            ),
                            theme.warning(),
                        )));
                        if let Some(first) = e.skipped.first().and_then(|m| m.lines().next()) {
                            lines.push(Line::from(Span::styled(first.to_owned(), theme.warning())));
                        }
                    }
                    lines.push(Line::from(description.to_owned()));
                    // From the outline: the cards of a deck not yet opened are not in memory.
                    let facts = e.outline.cards.len();
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
                    lines.push(Line::from(meta));
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
                        lines.push(Line::from(Span::styled(text, theme.warning())));
                    }
                    Text::from(lines)
                }
                (errs, _) => Text::from(
                    errs.unwrap_or_default()
                        .iter()
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
        // The box about the deck is as tall as its wrapped text (the file path, its last line,
        // is never cut), leaving the deck list at least a header and a row.
        let about = Paragraph::new(text)
            .wrap(Wrap { trim: true })
            .block(block.title(" About this deck "));
        // (`line_count` counts the borders' rows but not their columns: the inner width.)
        let about_h = u16::try_from(about.line_count(area.width.saturating_sub(2)))
            .unwrap_or(u16::MAX)
            .max(7)
            .min(area.height.saturating_sub(notice_h + 4));
        let [list, details, notices] = Layout::vertical([
            Constraint::Min(4),
            Constraint::Length(about_h),
            Constraint::Length(notice_h),
        ])
        .areas(area);

        let rows: Vec<Row> = sh
            .decks
            .iter()
            .map(|e| match &e.state {
                DeckState::Broken(errs) => Row::new(vec![
                    Cell::from(Span::styled(
                        format!("✗ {}", file_name(&e.origin)),
                        theme.error(),
                    )),
                    Cell::from(Span::styled(plural(errs.len(), "error"), theme.error())),
                ]),
                _ => Row::new(
                    [
                        Cell::from(Line::from(vec![
                            Span::raw(e.title().unwrap_or_default().to_owned()),
                            Span::styled(
                                if e.left_out > 0 {
                                    format!(" ⚠ {} left out", plural(e.left_out, "card"))
                                } else {
                                    String::new()
                                },
                                theme.warning(),
                            ),
                        ])),
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
        // With an exam date, a last column shows each deck's predicted recall on the day.
        let exam = sh.settings.exam_date.is_some();
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
                    .title(format!(" Decks ({}) ", sh.decks.len())),
            );
        let mut state =
            TableState::default().with_selected((!sh.decks.is_empty()).then_some(sh.selected));
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
            let mut lines: Vec<Line> = sh
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
            if sh.notices.len() > 2 {
                lines.push(Line::from(format!(
                    "… and {} more (press ? for all)",
                    sh.notices.len() - 2
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
}
