//! Clearing the terminal for a new page without asking the terminal anything. Part of the
//! run loop (`run`); only it draws on the real terminal.

use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType};

use crate::tui::app::App;
use crate::tui::screens::Screen;

/// What is on the terminal, coarsely: the screen, and the card and stage of a study session or
/// the question of a mock test, and how many times a full redraw was asked for (Ctrl-L, a
/// reload). When it changes, the terminal is cleared before drawing.
#[derive(PartialEq)]
pub(super) struct Page {
    screen: std::mem::Discriminant<Screen>,
    item: Option<crate::domain::deck::ItemKey>,
    stage: Option<crate::tui::screens::study::Stage>,
    question: Option<usize>,
    repaints: u32,
}

pub(super) fn page(app: &App) -> Page {
    let (item, stage, question) = match app.screen() {
        Screen::Study(s) => (s.session.current().cloned(), Some(s.stage), None),
        Screen::Test(t) => (None, None, Some(t.test.current)),
        Screen::TestResults(r) => (None, None, r.review),
        _ => (None, None, None),
    };
    Page {
        screen: std::mem::discriminant(app.screen()),
        item,
        stage,
        question,
        repaints: app.repaints(),
    }
}

/// Clears the terminal for a new page and makes the next draw write every cell. Not
/// `Terminal::clear`, which first asks the terminal where its cursor is (an escape sequence
/// and its answer: a round trip to the terminal, over a slow link tens of milliseconds, and
/// with a terminal that does not answer, such as the benchmarks' pseudo-terminal, crossterm's
/// 2 s timeout) to put back a cursor the app keeps hidden. Going from the mock-test setup to
/// question 1 waited for it.
pub(super) fn clear<B: Backend>(terminal: &mut Terminal<B>) -> Result<(), B::Error> {
    terminal.backend_mut().clear_region(ClearType::All)?;
    // The frame on screen is forgotten: the next draw is compared with a blank one, so every
    // cell of it is written (the buffer drawn into next was blanked by the last draw).
    terminal.swap_buffers();
    Ok(())
}

#[cfg(test)]
mod tests {
    use ratatui::backend::{TestBackend, WindowSize};
    use ratatui::buffer::{Buffer, Cell};
    use ratatui::layout::{Position, Size};
    use ratatui::widgets::{Paragraph, Widget};

    use super::*;

    /// A terminal that never answers where its cursor is.
    struct Mute(TestBackend);

    #[derive(Debug, thiserror::Error)]
    #[error("no answer")]
    struct NoAnswer;

    impl Backend for Mute {
        type Error = NoAnswer;
        fn draw<'a, I>(&mut self, content: I) -> Result<(), NoAnswer>
        where
            I: Iterator<Item = (u16, u16, &'a Cell)>,
        {
            self.0.draw(content).map_err(|_| NoAnswer)
        }
        fn hide_cursor(&mut self) -> Result<(), NoAnswer> {
            self.0.hide_cursor().map_err(|_| NoAnswer)
        }
        fn show_cursor(&mut self) -> Result<(), NoAnswer> {
            self.0.show_cursor().map_err(|_| NoAnswer)
        }
        fn get_cursor_position(&mut self) -> Result<Position, NoAnswer> {
            Err(NoAnswer)
        }
        fn set_cursor_position<P: Into<Position>>(&mut self, p: P) -> Result<(), NoAnswer> {
            self.0.set_cursor_position(p).map_err(|_| NoAnswer)
        }
        fn clear(&mut self) -> Result<(), NoAnswer> {
            self.0.clear().map_err(|_| NoAnswer)
        }
        fn clear_region(&mut self, t: ClearType) -> Result<(), NoAnswer> {
            self.0.clear_region(t).map_err(|_| NoAnswer)
        }
        fn size(&self) -> Result<Size, NoAnswer> {
            self.0.size().map_err(|_| NoAnswer)
        }
        fn window_size(&mut self) -> Result<WindowSize, NoAnswer> {
            self.0.window_size().map_err(|_| NoAnswer)
        }
        fn flush(&mut self) -> Result<(), NoAnswer> {
            self.0.flush().map_err(|_| NoAnswer)
        }
    }

    fn page(t: &mut Terminal<Mute>, text: &'static str) {
        t.draw(|f| Paragraph::new(text).render(f.area(), f.buffer_mut()))
            .unwrap();
    }

    /// A new page is drawn whole on a cleared terminal that was never asked where its cursor
    /// is (`Terminal::clear` asks, and fails here).
    #[test]
    fn a_new_page_is_drawn_whole_without_asking_the_terminal() {
        let mut t = Terminal::new(Mute(TestBackend::new(12, 2))).unwrap();
        page(&mut t, "same old\nfirst");
        assert!(t.clear().is_err(), "ratatui's clear asks the terminal");
        clear(&mut t).unwrap();
        // Cells equal in both pages are written again after the clear, not left blank.
        page(&mut t, "same new\nsecond");
        t.backend()
            .0
            .assert_buffer(&Buffer::with_lines(["same new    ", "second      "]));
        clear(&mut t).unwrap();
        page(&mut t, "same new\nsecond");
        t.backend()
            .0
            .assert_buffer(&Buffer::with_lines(["same new    ", "second      "]));
    }
}
