//! The summary after a study session: answers, right and wrong, time, and what is left for
//! today. Enter goes back to the deck list, on the deck just studied.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Padding, Paragraph, Widget};

use super::parts::{counts_spans, hanging, short_secs};
use super::{ScreenView, Step};
use crate::domain::session::Summary;
use crate::domain::words::{agree, plural};
use crate::tui::action::Action;
use crate::tui::shared::Shared;

/// The summary screen.
#[derive(Debug, Clone)]
pub struct SummaryScreen {
    /// The deck-list entry studied.
    pub deck: usize,
    pub summary: Summary,
    /// The session ran out of cards (else the user ended it).
    pub finished: bool,
    /// It was a cram: practice outside the schedule.
    pub cram: bool,
    /// New or due siblings the session left till tomorrow (see `Session::waiting_siblings`).
    pub waiting: usize,
}

impl SummaryScreen {
    pub fn update(&mut self, sh: &mut Shared, action: Action) -> Step {
        if action != Action::Back {
            return Step::stay();
        }
        sh.keep_errors();
        sh.selected = self.deck;
        Step::home()
    }

    /// The left of the header: the deck's title.
    pub fn title(&self, sh: &Shared, room: usize) -> String {
        match sh.decks.get(self.deck).and_then(|e| e.deck()) {
            Some(d) => sh.header_title(self.deck, &d.title, "", room),
            None => " smriti".to_owned(),
        }
    }
}

/// "1 sibling waits until tomorrow", "2 siblings wait until tomorrow".
pub fn siblings_wait(n: usize) -> String {
    format!(
        "{} {}",
        plural(n, "sibling"),
        agree(n, "waits until tomorrow", "wait until tomorrow")
    )
}

impl Widget for ScreenView<'_, SummaryScreen> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (screen, theme) = (self.screen, self.theme);
        let (s, finished) = (&screen.summary, screen.finished);
        let headline = match (screen.cram, finished) {
            (true, true) => "Cram finished: every studied card not due today was practised.",
            (true, false) => "Cram ended.",
            (false, true) => "Congratulations: this deck is done for today.",
            (false, false) => "Session ended.",
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
            // Under a minute the total has a tenth as the average does: "1.2s (1.2s per
            // card)", never "1s (1.2 s per card)" for one card; "10s" without ".0".
            Line::from(format!(
                "Time             {} ({avg:.1}s per card)",
                short_secs(secs),
            )),
            Line::from(""),
        ];
        if let Some(e) = self.shared.decks.get(screen.deck) {
            let mut left = vec![Span::raw("Left for today   ")];
            left.extend(counts_spans(e.counts, theme));
            if screen.cram && e.counts.new + e.counts.learning + e.counts.due > 0 {
                left.push(Span::styled(" (Enter on the deck)", theme.dim()));
            }
            lines.push(Line::from(left));
        }
        if screen.waiting > 0 {
            // Wrapped under its column, not cut, in a narrow window.
            lines.extend(hanging(
                &" ".repeat(17),
                &format!(
                    "{}: one card of a fact a day",
                    siblings_wait(screen.waiting)
                ),
                area.width.saturating_sub(6),
                theme.dim(),
            ));
        }
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            if screen.cram {
                "Every answer is saved; cram answers change no schedule."
            } else {
                "Every answer is saved."
            },
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
}
