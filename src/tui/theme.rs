//! Named styles. With `NO_COLOR` set, only bold, dim, underline and reverse are used.

use ratatui::style::{Color, Modifier, Style};

/// Every style the views use.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set to anything non-empty (https://no-color.org).
    pub fn from_env(no_color: Option<&str>) -> Theme {
        Theme {
            color: no_color.is_none_or(str::is_empty),
        }
    }

    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn title(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn dim(self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }
    pub fn key(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    /// New-card counts (blue, as in Anki).
    pub fn new_count(self) -> Style {
        self.fg(Color::LightBlue)
    }
    /// Learning counts (red, as in Anki).
    pub fn learn_count(self) -> Style {
        self.fg(Color::LightRed)
    }
    /// Review counts (green, as in Anki).
    pub fn due_count(self) -> Style {
        self.fg(Color::LightGreen)
    }
    pub fn error(self) -> Style {
        self.fg(Color::LightRed).add_modifier(Modifier::BOLD)
    }
    pub fn warning(self) -> Style {
        self.fg(Color::Yellow)
    }
    /// Marked for review (violet, as in the UPSC and NTA palettes).
    pub fn marked(self) -> Style {
        self.fg(Color::LightMagenta).add_modifier(Modifier::BOLD)
    }
    pub fn question(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    pub fn answer(self) -> Style {
        self.fg(Color::LightGreen).add_modifier(Modifier::BOLD)
    }
    pub fn rating(self, i: usize) -> Style {
        let c = [
            Color::LightRed,
            Color::Yellow,
            Color::LightGreen,
            Color::LightBlue,
        ];
        self.fg(c[i.min(3)]).add_modifier(Modifier::BOLD)
    }
}
