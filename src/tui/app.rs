//! The app: the shared state, the screen that is up, the help overlay, and the one mutator,
//! `App::update(action, now)`, which handles what every screen shares (help, saving, decks
//! read) and hands the rest to the screen (`screens`). Pure apart from what it asks for through
//! effects: it reads no clock, file or terminal. Imports `domain`, `shared`, `screens`.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::action::{Action, Effect};
use super::keymap::Context;
use super::screens::home::Home;
use super::screens::stats::StatsScreen;
use super::screens::study::Study;
use super::screens::test_resume::ResumeOffer;
use super::screens::test_run::TestRun;
use super::screens::{Screen, Step};
use super::shared::{DeckEntry, Paths, Shared, Status};
use crate::domain::deck::{Card, Deck, ItemKey};
use crate::domain::progress::Progress;
use crate::domain::settings::Settings;
use crate::domain::time::StudyDay;
use crate::domain::words::plural;

/// Exam mode: the scheduler brings every card back by the exam morning.
fn with_deadline(settings: &mut Settings, tz: &TimeZone) {
    settings.params.deadline = settings
        .exam_date
        .filter(|_| settings.exam_mode)
        .map(|d| crate::domain::time::day_start(d, tz, settings.rollover_hour));
}

/// What the app starts from.
#[derive(Debug, Clone)]
pub struct Init {
    pub decks: Vec<DeckEntry>,
    pub progress: Progress,
    pub settings: Settings,
    pub tz: TimeZone,
    /// Problems found at start-up (damaged files), shown on the home screen.
    pub notices: Vec<String>,
    pub paths: Paths,
    /// Seed for the order of reviews due on the same day.
    pub seed: u64,
}

/// The help overlay: open or not, and how far it is scrolled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Help {
    pub open: bool,
    pub scroll: u16,
}

/// The whole application state. Read through its accessors; changed only by `update`.
#[derive(Debug, Clone)]
pub struct App {
    shared: Shared,
    screen: Screen,
    help: Help,
    /// How many times the whole screen was asked to be drawn again (Ctrl-L, or the decks read
    /// again): the run loop clears the terminal when it changes.
    repaints: u32,
}

impl App {
    /// Builds the app from what start-up loaded, at `now`.
    pub fn new(init: Init, now: Timestamp) -> App {
        let mut app = App::uncounted(init, now);
        app.shared.refresh_all_counts();
        app
    }

    /// The app without its deck counts (see [`Shared::counts_pending`]), for `smriti test`:
    /// they are worked out by the first update that leaves a screen other than the test's
    /// (the deck list after the test, or when the test cannot start).
    pub fn uncounted(init: Init, now: Timestamp) -> App {
        let Init {
            mut decks,
            progress,
            mut settings,
            tz,
            notices,
            paths,
            seed,
        } = init;
        with_deadline(&mut settings, &tz);
        let day = StudyDay::containing(now, &tz, settings.rollover_hour);
        // Usable decks first, then files with errors (a stable sort keeps file order).
        decks.sort_by_key(|e| !e.usable());
        let shared = Shared {
            decks,
            selected: 0,
            progress,
            settings,
            tz,
            now,
            day,
            status: None,
            notices,
            paths,
            seed,
            size: (80, 24),
            body: None,
            unfinished: None,
            counts_pending: true,
        };
        App {
            shared,
            screen: Screen::Home(Home),
            help: Help::default(),
            repaints: 0,
        }
    }

    /// Counts the times the whole screen was asked to be drawn again (see [`Action::Redraw`]).
    pub fn repaints(&self) -> u32 {
        self.repaints
    }

    /// What every screen shares: decks, progress, settings, day, status.
    pub fn shared(&self) -> &Shared {
        &self.shared
    }

    /// The screen that is up.
    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    /// The help overlay.
    pub fn help(&self) -> Help {
        self.help
    }

    /// The message in the status line.
    pub fn status(&self) -> Option<&Status> {
        self.shared.status.as_ref()
    }

    /// The deck files `action` needs whose cards have not been read yet (deck-list position
    /// and path). The run loop reads them and sends [`Action::DecksRead`] before `action`, so
    /// that starting needs only the deck index and a deck's texts are read when it is opened.
    /// A mock test started at `now` reads only the decks its questions come from.
    pub fn decks_to_read(
        &self,
        action: &Action,
        now: Timestamp,
    ) -> Vec<(usize, std::path::PathBuf)> {
        let sh = &self.shared;
        let wanted: Vec<usize> = match (&self.screen, action) {
            _ if self.help.open => vec![],
            (Screen::Home(_), Action::Study(_) | Action::Cram) => vec![sh.selected],
            (Screen::Home(_), Action::StudyDeck(id, _)) => sh.deck_index(id).into_iter().collect(),
            (Screen::TestResume(o), Action::Back) => o
                .then
                .iter()
                .filter_map(|(id, _)| sh.deck_index(id).ok())
                .collect(),
            (Screen::Home(_), Action::StartTest(ids, spec)) => {
                let mut chosen = vec![ids.is_empty(); sh.decks.len()];
                for i in ids.iter().filter_map(|id| sh.deck_index(id).ok()) {
                    chosen[i] = true;
                }
                TestRun::decks_needed(sh, &chosen, spec, now)
            }
            (Screen::TestSetup(s), Action::Start) if s.typing.is_none() => {
                TestRun::decks_needed(sh, &s.chosen, &s.spec(), now)
            }
            // Statistics come from the outlines; only studying a tag needs a deck's cards.
            (Screen::Stats(s), Action::CramTag) => super::screens::stats::cram_tag_deck(s, sh)
                .into_iter()
                .collect(),
            _ => vec![],
        };
        sh.unread_of(wanted)
    }

    /// The key context for the current state.
    pub fn context(&self) -> Context {
        if self.help.open {
            return Context::Help;
        }
        self.context_under_help()
    }

    /// The context of the screen, ignoring the help overlay.
    pub fn context_under_help(&self) -> Context {
        self.screen.context()
    }

    /// Applies one action at `now`; returns what the run loop must do. The deck counts left
    /// for later (see [`App::uncounted`]) are worked out once a screen other than the mock
    /// test's is up.
    pub fn update(&mut self, action: Action, now: Timestamp) -> Vec<Effect> {
        let effects = self.apply(action, now);
        let test = matches!(
            self.screen,
            Screen::Test(_) | Screen::TestResults(_) | Screen::TestResume(_)
        );
        if self.shared.counts_pending && !test {
            self.shared.refresh_all_counts();
        }
        effects
    }

    fn apply(&mut self, action: Action, now: Timestamp) -> Vec<Effect> {
        let sh = &mut self.shared;
        sh.now = now;
        let today = StudyDay::containing(now, &sh.tz, sh.settings.rollover_hour);
        if today != sh.day {
            sh.day = today;
            if matches!(self.screen, Screen::Home(_)) {
                sh.refresh_all_counts();
            }
        }
        match action {
            // A test asks before it is left (and keeps itself when it is).
            Action::Quit if matches!(self.screen, Screen::Test(_)) => {
                self.help.open = false;
                let Step { effects, next } = self.screen.update(sh, action, now);
                if let Some(next) = next {
                    self.screen = next;
                }
                return effects;
            }
            Action::OfferTest(paused, then) => {
                sh.unfinished = Some(paused.clone());
                self.screen = Screen::TestResume(Box::new(ResumeOffer {
                    paused: *paused,
                    then,
                }));
                return vec![];
            }
            Action::Quit => {
                let mut effects = vec![];
                if let Screen::Study(s) = &mut self.screen {
                    effects = s.settle(sh, now);
                    sh.refresh_counts(s.deck);
                }
                effects.extend([Effect::Snapshot, Effect::Quit]);
                return effects;
            }
            // Under the help, in a test or a typed answer alike: nothing else changes.
            Action::Redraw => {
                self.repaints = self.repaints.wrapping_add(1);
                return vec![];
            }
            // A reload redraws the whole screen too: a deck's new title is written in full.
            Action::DecksLoaded(_) => self.repaints = self.repaints.wrapping_add(1),
            Action::ToggleHelp => {
                self.help = Help {
                    open: !self.help.open,
                    scroll: 0,
                };
                return vec![];
            }
            Action::Up if self.help.open => {
                self.help.scroll = self.help.scroll.saturating_sub(1);
                return vec![];
            }
            Action::Down if self.help.open => {
                // (Far enough for the key map and every start-up problem, wrapped at 40
                // columns; scrolling further shows nothing more.)
                let notices: usize = sh.notices.iter().map(|n| n.len() / 40 + 2).sum();
                let end = u16::try_from(notices)
                    .unwrap_or(u16::MAX)
                    .saturating_add(60);
                self.help.scroll = self.help.scroll.saturating_add(1).min(end);
                return vec![];
            }
            Action::SaveFailed(msg) => {
                sh.status = Status::error(msg);
                return vec![];
            }
            Action::Saved => {
                sh.status = Status::note("All answers are saved.");
                return vec![];
            }
            Action::Synced(progress, new) => {
                sh.progress = *progress;
                sh.refresh_all_counts();
                sh.status = Status::note(if new == 0 {
                    "Every log read again: another device's settings changed before answers already read. The counts are up to date.".to_owned()
                } else {
                    format!(
                        "{} from another device read; the counts are up to date.",
                        plural(new, "answer")
                    )
                });
                return vec![];
            }
            Action::UndoReplayed(replayed) => {
                let (part, cards) = *replayed;
                crate::domain::merged::splice(&mut sh.progress, &part, &cards);
                sh.refresh_all_counts();
                // The card the undo put back on screen is counted as every log has it now.
                if let Screen::Study(s) = &mut self.screen {
                    s.session.follow_current(&sh.progress);
                }
                return vec![];
            }
            Action::Resize(w, h) => {
                sh.size = (w, h);
                sh.body = None;
                if let Screen::Test(t) = &mut self.screen {
                    t.look(sh);
                }
                return vec![];
            }
            Action::BodySize(w, h) => {
                sh.body = Some((w, h));
                if let Screen::Test(t) = &mut self.screen {
                    t.look(sh);
                }
                return vec![];
            }
            Action::DismissStatus => {
                sh.status = None;
                return vec![];
            }
            Action::StatsLoaded(scope, stats) => {
                if sh.counts_pending {
                    sh.refresh_all_counts();
                }
                let today = super::screens::stats::today_counts(sh, &scope);
                self.screen = Screen::Stats(Box::new(StatsScreen {
                    scope,
                    stats,
                    cursor: 0,
                    today,
                }));
                return vec![];
            }
            Action::SettingsSaved(settings, note) => {
                let mut settings = *settings;
                with_deadline(&mut settings, &sh.tz);
                sh.settings = settings;
                sh.day = StudyDay::containing(now, &sh.tz, sh.settings.rollover_hour);
                sh.refresh_all_counts();
                sh.status = Status::note(note);
                // The plan on screen compares itself with the settings: they changed.
                if let Screen::Plan(p) = &mut self.screen {
                    return p.settings_saved(&sh.settings).effects;
                }
                return vec![];
            }
            Action::DecksRead(read) => {
                for (i, deck) in read {
                    if let Some(e) = sh.decks.get_mut(i) {
                        e.set_deck(deck);
                    }
                    if !sh.counts_pending {
                        sh.refresh_counts(i);
                    }
                }
                return vec![];
            }
            _ => {}
        }
        // Memory-model work reports to its screen even under the help overlay, and a mock
        // test's clock runs on under it, as an exam's does (it keeps the time left and submits
        // the test at zero; the results then show without the help).
        let report = matches!(action, Action::MemoryProgress(..) | Action::MemoryDone(_));
        let clock = action == Action::Tick && matches!(self.screen, Screen::Test(_));
        if self.help.open && !report && !clock {
            return vec![];
        }
        let Step { effects, next } = self.screen.update(sh, action, now);
        if let Some(next) = next {
            self.screen = next;
            if clock {
                self.help.open = false;
            }
        }
        effects
    }

    /// The study session on screen, if any.
    fn study(&self) -> Option<&Study> {
        match &self.screen {
            Screen::Study(s) => Some(s),
            _ => None,
        }
    }

    /// The deck being studied or summarised, if any.
    pub fn current_deck(&self) -> Option<&Deck> {
        let i = match &self.screen {
            Screen::Study(s) => s.deck,
            Screen::Summary(s) => s.deck,
            _ => return None,
        };
        self.shared.decks.get(i).and_then(DeckEntry::deck)
    }

    /// The item on screen and its card.
    pub fn current_card(&self) -> Option<(&ItemKey, &Card)> {
        self.study()?.current_card(&self.shared)
    }
}

#[cfg(test)]
#[path = "app_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "memory_screens_tests.rs"]
mod memory_tests;

#[cfg(test)]
#[path = "first_hour_tests.rs"]
mod first_hour_tests;

#[cfg(test)]
#[path = "small_screen_tests.rs"]
mod small_screen_tests;

#[cfg(test)]
#[path = "fresh_eyes_tests.rs"]
mod fresh_eyes_tests;

#[cfg(test)]
#[path = "polish_tests.rs"]
mod polish_tests;

#[cfg(test)]
#[path = "narrow_tests.rs"]
mod narrow_tests;
