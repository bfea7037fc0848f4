//! User settings that shape scheduling and daily limits. Pure data with defaults; the file
//! format lives in `store::settings_file`. Must not depend on `store`/`tui`.

use super::scheduler::Params;

/// Daily limits, per deck (as in Anki).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub new_per_day: u32,
    pub reviews_per_day: u32,
}

/// Everything the user can set.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub params: Params,
    pub limits: Limits,
    /// Local hour at which a new study day starts.
    pub rollover_hour: u8,
    /// The exam the user is preparing for, if set.
    pub exam_date: Option<jiff::civil::Date>,
    /// Exam mode: no interval runs past the exam day.
    pub exam_mode: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            params: Params::default(),
            limits: Limits {
                new_per_day: 20,
                reviews_per_day: 200,
            },
            rollover_hour: 4,
            exam_date: None,
            exam_mode: false,
        }
    }
}
