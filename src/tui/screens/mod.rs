//! One module per screen. Each owns its state, its update
//! (`update(&mut self, &mut Shared, Action, now) -> Step`), its key context and its drawing
//! (`impl Widget for ScreenView<'_, ThatScreen>`). `Screen` is the one that is up; it hands
//! each call to its screen. Screens import `action`, `keymap` (for `Context`), `shared`,
//! `theme` and `parts`, never `app`, `view` or `run`.

pub mod home;
pub mod optimize;
pub mod parts;
pub mod plan;
pub mod retention;
pub mod stats;
pub mod study;
pub mod summary;
pub mod test_results;
pub mod test_resume;
pub mod test_run;
pub mod test_setup;

use jiff::Timestamp;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use super::action::{Action, Effect};
use super::keymap::Context;
use super::shared::Shared;
use super::theme::Theme;

/// Which screen is up, with its state.
#[derive(Debug, Clone)]
pub enum Screen {
    Home(home::Home),
    Study(Box<study::Study>),
    Summary(Box<summary::SummaryScreen>),
    Stats(Box<stats::StatsScreen>),
    TestSetup(Box<test_setup::Setup>),
    Test(Box<test_run::TestRun>),
    TestResults(Box<test_results::ResultsView>),
    TestResume(Box<test_resume::ResumeOffer>),
    Plan(Box<plan::PlanScreen>),
    Retention(Box<retention::RetentionScreen>),
    Optimize(Box<optimize::OptimizeScreen>),
}

/// What a screen's update asks for: work for the run loop, and the screen to show next.
#[derive(Debug, Default)]
pub struct Step {
    pub effects: Vec<Effect>,
    pub next: Option<Screen>,
}

impl Step {
    /// Nothing to do; the screen stays.
    pub fn stay() -> Step {
        Step::default()
    }

    /// Work for the run loop; the screen stays.
    pub fn run(effects: Vec<Effect>) -> Step {
        Step {
            effects,
            next: None,
        }
    }

    /// Another screen.
    pub fn go(next: Screen) -> Step {
        Step {
            effects: Vec::new(),
            next: Some(next),
        }
    }

    /// Another screen, after this work.
    pub fn go_after(effects: Vec<Effect>, next: Screen) -> Step {
        Step {
            effects,
            next: Some(next),
        }
    }

    /// Back to the deck list.
    pub fn home() -> Step {
        Step::go(Screen::Home(home::Home))
    }

    /// Back to `back` (the deck list when none), stopping the memory-model work of the
    /// screen being left.
    pub fn back_to(back: Option<Box<Screen>>) -> Step {
        let next = back.map_or(Screen::Home(home::Home), |b| *b);
        Step::go_after(vec![Effect::StopMemory], next)
    }
}

/// A screen drawn with what it shares: `impl Widget for ScreenView<'_, Study>` and so on.
pub struct ScreenView<'a, S> {
    pub screen: &'a S,
    pub shared: &'a Shared,
    pub theme: Theme,
}

impl Screen {
    /// Applies `action` to the screen that is up.
    pub fn update(&mut self, sh: &mut Shared, action: Action, now: Timestamp) -> Step {
        match self {
            Screen::Home(s) => s.update(sh, action, now),
            Screen::Study(s) => s.update(sh, action, now),
            Screen::Summary(s) => s.update(sh, action),
            Screen::Stats(s) => s.update(sh, action),
            Screen::TestSetup(s) => s.update(sh, action, now),
            Screen::Test(s) => s.update(sh, action, now),
            Screen::TestResults(s) => s.update(sh, action),
            Screen::TestResume(s) => s.update(sh, action, now),
            Screen::Plan(s) => s.update(sh, action),
            Screen::Retention(s) => s.update(sh, action),
            Screen::Optimize(s) => s.update(sh, action),
        }
    }

    /// What keys mean on this screen.
    pub fn context(&self) -> Context {
        match self {
            Screen::Home(_) => Context::Home,
            Screen::Study(s) => s.context(),
            Screen::Summary(_) => Context::Summary,
            Screen::Stats(_) => Context::Stats,
            Screen::TestSetup(s) => s.context(),
            Screen::Test(s) => s.context(),
            Screen::TestResults(s) => s.context(),
            Screen::TestResume(_) => Context::TestResume,
            Screen::Plan(_) => Context::Plan,
            Screen::Retention(_) => Context::Retention,
            Screen::Optimize(_) => Context::Optimize,
        }
    }

    /// How many options the question on screen has, when it has options.
    pub fn options(&self) -> Option<usize> {
        let q = match self {
            Screen::Study(s) => s.question.as_ref()?,
            Screen::Test(t) => &t.test.questions.get(t.test.current)?.question,
            _ => return None,
        };
        match q {
            crate::domain::quiz::Question::Choice { options, .. } => Some(options.len()),
            _ => None,
        }
    }

    /// The left of the header line.
    /// The left of the header, in `room` columns where the screen can say it shorter (the
    /// header cuts it with "…" to that room in any case).
    pub fn title(&self, sh: &Shared, room: usize) -> String {
        match self {
            Screen::Home(_) => " smriti".to_owned(),
            Screen::Study(s) => s.title(sh, room),
            Screen::Summary(s) => s.title(sh, room),
            Screen::Stats(_) => " smriti · Statistics".to_owned(),
            Screen::TestSetup(_) => " smriti · Mock test setup".to_owned(),
            Screen::Test(s) => s.title(),
            Screen::TestResults(_) => " smriti · Mock test results".to_owned(),
            Screen::TestResume(_) => " smriti · Unfinished mock test".to_owned(),
            Screen::Plan(_) => " smriti · Exam-day plan".to_owned(),
            Screen::Retention(_) => " smriti · Desired retention".to_owned(),
            Screen::Optimize(_) => " smriti · Your memory model".to_owned(),
        }
    }

    /// The right of the header line, when the screen has its own (else the date).
    pub fn header_right(&self, sh: &Shared, theme: Theme) -> Option<Line<'static>> {
        match self {
            Screen::Study(s) => Some(s.header_right(theme)),
            Screen::Test(s) => Some(s.header_right(sh, theme)),
            _ => None,
        }
    }

    /// Draws the screen's body.
    pub fn render(&self, sh: &Shared, theme: Theme, area: Rect, buf: &mut Buffer) {
        fn view<'a, S>(screen: &'a S, shared: &'a Shared, theme: Theme) -> ScreenView<'a, S> {
            ScreenView {
                screen,
                shared,
                theme,
            }
        }
        match self {
            Screen::Home(s) => view(s, sh, theme).render(area, buf),
            Screen::Study(s) => view(&**s, sh, theme).render(area, buf),
            Screen::Summary(s) => view(&**s, sh, theme).render(area, buf),
            Screen::Stats(s) => view(&**s, sh, theme).render(area, buf),
            Screen::TestSetup(s) => view(&**s, sh, theme).render(area, buf),
            Screen::Test(s) => view(&**s, sh, theme).render(area, buf),
            Screen::TestResults(s) => view(&**s, sh, theme).render(area, buf),
            Screen::TestResume(s) => view(&**s, sh, theme).render(area, buf),
            Screen::Plan(s) => view(&**s, sh, theme).render(area, buf),
            Screen::Retention(s) => view(&**s, sh, theme).render(area, buf),
            Screen::Optimize(s) => view(&**s, sh, theme).render(area, buf),
        }
    }
}
