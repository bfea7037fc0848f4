//! The app's state and its one mutator, `App::update(action, now)`. Pure apart from what it
//! asks for through effects: it reads no clock, file or terminal. Imports `domain` only.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::action::{Action, Effect};
use super::keymap::Context;
use crate::domain::deck::{Deck, ItemKey, Outline};
use crate::domain::progress::Mode;
use crate::domain::progress::Progress;
use crate::domain::quiz::{self, Question, StudyMode, Verdict};
use crate::domain::scheduler::Outcome;
use crate::domain::scheduler::Rating;
use crate::domain::session::{Answer, Counts, Idle, Session, Summary, deck_counts};
use crate::domain::settings::Settings;
use crate::domain::time::StudyDay;

/// Longest answer time counted (as Anki does, so a coffee break does not skew statistics).
pub const MAX_ANSWER_MS: u64 = 60_000;

/// One row of the deck list: a deck, or a file that failed to load.
#[derive(Debug, Clone, PartialEq)]
pub struct DeckEntry {
    /// Where it came from, e.g. "decks/prelims.json (built in)".
    pub origin: String,
    pub deck: Result<Deck, Vec<String>>,
    /// The ids and sides of the deck's cards: what the counts are worked out from.
    pub outline: std::sync::Arc<Outline>,
    /// Set while only the deck index has been read: `deck` then holds the title, description
    /// and tags but no cards, and this file must be read before the deck is used (see
    /// [`App::decks_to_read`]).
    pub unread: Option<std::path::PathBuf>,
    pub counts: Counts,
    /// Cards to study (both directions of reversed cards, every cloze gap), counted when the
    /// counts are, so that drawing the deck list never walks the cards.
    pub items: usize,
    /// Predicted recall on exam day, when an exam date is set.
    pub exam: Option<crate::domain::stats::Recall>,
}

impl DeckEntry {
    /// An entry for a deck read whole (or a file with errors); counts are filled in by the app.
    pub fn new(origin: impl Into<String>, deck: Result<Deck, Vec<String>>) -> DeckEntry {
        let mut entry = DeckEntry {
            origin: origin.into(),
            deck: Err(Vec::new()),
            outline: Default::default(),
            unread: None,
            counts: Counts::default(),
            items: 0,
            exam: None,
        };
        entry.set_deck(deck);
        entry
    }

    /// Puts the deck as read in full (or the file's errors) in this entry, with its outline.
    pub fn set_deck(&mut self, deck: Result<Deck, Vec<String>>) {
        self.outline = std::sync::Arc::new(deck.as_ref().map(Deck::outline).unwrap_or_default());
        self.deck = deck;
        self.unread = None;
    }
}

/// Where the data lives, for the help screen.
#[derive(Debug, Clone, Default)]
pub struct Paths {
    pub saves: String,
    pub decks: Option<String>,
}

/// A message in the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// Where the item on the study screen is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The question is on screen.
    Asking,
    /// A flashcard's answer is on screen; the user grades themself.
    Revealed,
    /// An auto-graded answer was checked.
    Verdict { verdict: Verdict, overruled: bool },
}

/// The study screen.
#[derive(Debug, Clone)]
pub struct Study {
    pub deck: usize,
    pub mode: StudyMode,
    pub session: Session,
    pub shown_at: Timestamp,
    /// Why no card is on screen, when none is.
    pub idle: Option<Idle>,
    /// Outcomes of the four buttons for the card on screen.
    pub preview: Option<[Outcome; 4]>,
    /// The item on screen as a question in this session's mode.
    pub question: Option<Question>,
    pub stage: Stage,
    /// What the user has typed (typed questions).
    pub input: String,
    /// Options chosen (choice questions).
    pub chosen: Vec<usize>,
    /// Lines the user scrolled, from the automatic position: the top while asking, the end
    /// once the answer is shown (so the verdict and explanation are in view). Negative is up.
    pub scroll: i16,
}

impl Study {
    /// A study screen on deck-list entry `deck`, before its first card is prepared.
    pub fn new(deck: usize, mode: StudyMode, session: Session, now: Timestamp) -> Study {
        Study {
            deck,
            mode,
            session,
            shown_at: now,
            idle: None,
            preview: None,
            question: None,
            stage: Stage::Asking,
            input: String::new(),
            chosen: Vec::new(),
            scroll: 0,
        }
    }

    /// The verdict, once the answer has been checked (an overruled verdict counts as right).
    pub fn final_verdict(&self) -> Option<Verdict> {
        match self.stage {
            Stage::Verdict {
                overruled: true, ..
            } => Some(Verdict::Right),
            Stage::Verdict { verdict, .. } => Some(verdict),
            _ => None,
        }
    }
}

/// Which screen is up.
#[derive(Debug, Clone)]
pub enum Screen {
    Home,
    Study(Box<Study>),
    Summary {
        deck: usize,
        summary: Summary,
        finished: bool,
    },
    TestSetup(Box<super::test_screens::Setup>),
    Test(Box<super::test_screens::TestRun>),
    TestResults(Box<super::test_screens::ResultsView>),
    /// The statistics: for all decks or the selected one.
    Stats {
        title: String,
        stats: Box<crate::domain::stats::Stats>,
        all: bool,
        /// The tag under the cursor in "weakest tags".
        cursor: usize,
    },
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

/// The whole application state.
#[derive(Debug, Clone)]
pub struct App {
    pub decks: Vec<DeckEntry>,
    pub progress: Progress,
    pub settings: Settings,
    pub tz: TimeZone,
    pub screen: Screen,
    pub selected: usize,
    pub help: bool,
    /// How far the help overlay is scrolled.
    pub help_scroll: u16,
    pub status: Option<Status>,
    /// Problems found at start-up (damaged files), shown on the home screen.
    pub notices: Vec<String>,
    pub paths: Paths,
    pub now: Timestamp,
    pub day: StudyDay,
    pub(super) seed: u64,
}

impl App {
    /// Builds the app from what start-up loaded, at `now`.
    pub fn new(init: Init, now: Timestamp) -> App {
        let Init {
            decks,
            progress,
            settings,
            tz,
            notices,
            paths,
            seed,
        } = init;
        let mut settings = settings;
        // Exam mode: the scheduler brings every card back by the exam morning.
        if settings.exam_mode {
            settings.params.deadline = settings
                .exam_date
                .map(|d| crate::domain::time::day_start(d, &tz, settings.rollover_hour));
        }
        let day = StudyDay::containing(now, &tz, settings.rollover_hour);
        let mut decks = decks;
        // Usable decks first, then files with errors (a stable sort keeps file order).
        decks.sort_by_key(|e| e.deck.is_err());
        let mut app = App {
            decks,
            progress,
            settings,
            tz,
            screen: Screen::Home,
            selected: 0,
            help: false,
            help_scroll: 0,
            status: None,
            notices,
            paths,
            now,
            day,
            seed,
        };
        app.refresh_all_counts();
        app
    }

    /// The deck-list position of the deck with this id, or a message listing the ids.
    pub fn deck_index(&self, id: &str) -> Result<usize, String> {
        self.decks
            .iter()
            .position(|e| e.deck.as_ref().is_ok_and(|d| d.id == id))
            .ok_or_else(|| {
                let known: Vec<&str> = self
                    .decks
                    .iter()
                    .filter_map(|e| e.deck.as_ref().ok())
                    .map(|d| d.id.as_str())
                    .collect();
                format!(
                    "there is no deck {id:?}; the decks are: {}",
                    known.join(", ")
                )
            })
    }

    /// The deck files `action` needs whose cards have not been read yet (deck-list position
    /// and path). The run loop reads them and sends [`Action::DecksRead`] before `action`, so
    /// that starting needs only the deck index and a deck's texts are read when it is opened.
    pub fn decks_to_read(&self, action: &Action) -> Vec<(usize, std::path::PathBuf)> {
        let wanted: Vec<usize> = match (&self.screen, action) {
            _ if self.help => vec![],
            (Screen::Home, Action::Study(_) | Action::Cram) => vec![self.selected],
            (Screen::Home, Action::OpenTest | Action::OpenStats) => self.selected_or_all(),
            (Screen::TestSetup(s), Action::Toggle) => vec![s.cursor],
            (Screen::Stats { all: false, .. }, Action::ToggleScope) => self.usable(),
            _ => vec![],
        };
        self.unread_of(wanted)
    }

    /// The positions of the decks that can be used (not files with errors).
    fn usable(&self) -> Vec<usize> {
        (0..self.decks.len())
            .filter(|&i| self.decks[i].deck.is_ok())
            .collect()
    }

    /// What a test or statistics on the selection cover: the selected deck when it can be
    /// used, else every deck that can.
    pub(super) fn selected_or_all(&self) -> Vec<usize> {
        match self.decks.get(self.selected) {
            Some(e) if e.deck.is_ok() => vec![self.selected],
            _ => self.usable(),
        }
    }

    /// Those of the decks at `positions` whose files have not been read yet.
    pub fn unread_of(
        &self,
        positions: impl IntoIterator<Item = usize>,
    ) -> Vec<(usize, std::path::PathBuf)> {
        positions
            .into_iter()
            .filter_map(|i| {
                let e = self.decks.get(i)?;
                Some((i, e.unread.clone()?))
            })
            .collect()
    }

    /// The key context for the current state.
    pub fn context(&self) -> Context {
        if self.help {
            return Context::Help;
        }
        self.context_under_help()
    }

    /// The context of the screen, ignoring the help overlay.
    pub fn context_under_help(&self) -> Context {
        match &self.screen {
            Screen::Home => Context::Home,
            Screen::Study(s) if s.session.current().is_none() => Context::Waiting,
            Screen::Study(s) => match (&s.question, s.stage) {
                (_, Stage::Verdict { .. }) => Context::Verdict,
                (_, Stage::Revealed) => Context::Answer,
                (Some(Question::Choice { .. }), _) => Context::Choose,
                (Some(Question::Typed { .. }), _) => Context::Typing,
                _ => Context::Question,
            },
            Screen::Summary { .. } => Context::Summary,
            Screen::TestSetup(_) => Context::Setup,
            Screen::Test(t) if t.confirm => Context::TestConfirm,
            Screen::Test(t) if t.goto.is_some() => Context::TestGoTo,
            Screen::Test(_) => Context::TestQuestion,
            Screen::TestResults(r) if r.review.is_some() => Context::TestReview,
            Screen::TestResults(_) => Context::TestResults,
            Screen::Stats { .. } => Context::Stats,
        }
    }

    /// Days from today to the exam, when an exam date is set.
    pub fn days_to_exam(&self) -> Option<i32> {
        self.settings
            .exam_date
            .map(|d| (d - self.day.date).get_days())
    }

    pub(super) fn refresh_counts(&mut self, i: usize) {
        if let Some(entry) = self.decks.get(i)
            && entry.deck.is_ok()
        {
            let (items, counts, exam) = self.counts_of(&entry.outline);
            let entry = &mut self.decks[i];
            (entry.items, entry.counts, entry.exam) = (items, counts, exam);
        }
    }

    /// Counts every deck, on every core: at start-up with 100,000 cards this is ~100,000
    /// lookups in the progress map, most of them cache misses.
    pub(super) fn refresh_all_counts(&mut self) {
        let this = &*self;
        let counted = crate::store::par::map(&self.decks, |e| {
            e.deck.is_ok().then(|| this.counts_of(&e.outline))
        });
        for (entry, c) in self.decks.iter_mut().zip(counted) {
            if let Some((items, counts, exam)) = c {
                (entry.items, entry.counts, entry.exam) = (items, counts, exam);
            }
        }
    }

    /// A deck's items, today's counts and (with an exam date) predicted recall on the day.
    fn counts_of(
        &self,
        outline: &Outline,
    ) -> (usize, Counts, Option<crate::domain::stats::Recall>) {
        let counts = deck_counts(
            outline,
            self.progress.deck(&outline.id),
            &self.day,
            self.settings.limits,
        );
        let exam = self.settings.exam_date.map(|d| {
            let morning = crate::domain::time::day_start(d, &self.tz, self.settings.rollover_hour);
            crate::domain::stats::predicted_recall(
                outline,
                &self.progress,
                morning,
                &self.settings.params,
            )
        });
        (outline.item_count(), counts, exam)
    }

    /// Maps an instant to its study date; owns its data so `self` stays free to mutate.
    pub(super) fn day_of(&self) -> impl Fn(Timestamp) -> jiff::civil::Date + use<> {
        let tz = self.tz.clone();
        let hour = self.settings.rollover_hour;
        move |t| StudyDay::containing(t, &tz, hour).date
    }

    /// Applies one action at `now`; returns what the run loop must do.
    pub fn update(&mut self, action: Action, now: Timestamp) -> Vec<Effect> {
        self.now = now;
        let today = StudyDay::containing(now, &self.tz, self.settings.rollover_hour);
        if today != self.day {
            self.day = today;
            if matches!(self.screen, Screen::Home) {
                self.refresh_all_counts();
            }
        }
        match action {
            Action::Quit => return self.quit(),
            Action::ToggleHelp => {
                self.help = !self.help;
                self.help_scroll = 0;
                return vec![];
            }
            Action::Up if self.help => {
                self.help_scroll = self.help_scroll.saturating_sub(1);
                return vec![];
            }
            Action::Down if self.help => {
                self.help_scroll = self.help_scroll.saturating_add(1).min(60);
                return vec![];
            }
            Action::SaveFailed(msg) => {
                self.status = Some(Status {
                    text: msg,
                    error: true,
                });
                return vec![];
            }
            Action::StatsLoaded(title, stats) => {
                let all = title.starts_with("All decks");
                self.screen = Screen::Stats {
                    title,
                    stats,
                    all,
                    cursor: 0,
                };
                return vec![];
            }
            Action::Saved => {
                self.status = Some(Status {
                    text: "All answers are saved.".into(),
                    error: false,
                });
                return vec![];
            }
            Action::DecksRead(read) => {
                for (i, deck) in read {
                    if let Some(e) = self.decks.get_mut(i) {
                        e.set_deck(deck);
                    }
                    self.refresh_counts(i);
                }
                return vec![];
            }
            _ => {}
        }
        if self.help {
            return vec![];
        }
        match &mut self.screen {
            Screen::Home => self.update_home(action),
            Screen::Study(_) => self.update_study(action, now),
            Screen::TestSetup(_) => self.update_setup(action, now),
            Screen::Test(_) => self.update_test(action, now),
            Screen::TestResults(_) => self.update_results(action),
            Screen::Stats {
                all, cursor, stats, ..
            } => match action {
                Action::ToggleScope => {
                    let all = !*all;
                    self.stats_effect(all)
                }
                Action::Up => {
                    *cursor = cursor.saturating_sub(1);
                    vec![]
                }
                Action::Down => {
                    *cursor = (*cursor + 1).min(stats.by_tag.len().saturating_sub(1));
                    vec![]
                }
                Action::CramTag => {
                    let tag = stats.by_tag.get(*cursor).map(|t| t.tag.clone());
                    let all = *all;
                    match tag {
                        Some(tag) => self.cram_tag(&tag, all),
                        None => vec![],
                    }
                }
                Action::Back => {
                    self.screen = Screen::Home;
                    vec![]
                }
                _ => vec![],
            },
            Screen::Summary { deck, .. } => {
                if action == Action::Back {
                    self.status = self.status.take().filter(|s| s.error);
                    self.selected = *deck;
                    self.screen = Screen::Home;
                }
                vec![]
            }
        }
    }

    fn quit(&mut self) -> Vec<Effect> {
        if let Screen::Study(s) = &self.screen {
            let deck = s.deck;
            self.refresh_counts(deck);
        }
        vec![Effect::Snapshot, Effect::Quit]
    }

    fn update_home(&mut self, action: Action) -> Vec<Effect> {
        let n = self.decks.len();
        match action {
            Action::Up if n > 0 => self.selected = (self.selected + n - 1) % n,
            Action::Down if n > 0 => self.selected = (self.selected + 1) % n,
            Action::Study(mode) => return self.start_study(mode),
            Action::OpenTest => self.open_test_setup(),
            Action::Reload => return vec![Effect::ReloadDecks],
            Action::OpenStats => return self.stats_effect(false),
            Action::Cram => return self.start_cram(None),
            Action::DecksLoaded(entries) => self.replace_decks(entries),
            Action::Back => self.status = None,
            _ => {}
        }
        vec![]
    }

    /// Starts a cram session on the selected deck (only cards tagged `tag` when given).
    fn start_cram(&mut self, tag: Option<&str>) -> Vec<Effect> {
        let Some(Ok(deck)) = self.decks.get(self.selected).map(|e| e.deck.as_ref()) else {
            return vec![];
        };
        let session = Session::cram(
            deck,
            self.progress.deck(&deck.id),
            self.day.clone(),
            self.now,
            &self.settings.params,
            tag,
        );
        let title = deck.title.clone();
        let mut study = Study::new(self.selected, StudyMode::Flashcard, session, self.now);
        if study.session.advance(self.now).is_err() {
            let what = tag.map_or(String::new(), |t| format!(" tagged {t}"));
            self.status = Some(Status {
                text: format!(
                    "Nothing to cram in “{title}”: no studied cards{what} that are not due today."
                ),
                error: false,
            });
            self.screen = Screen::Home;
            return vec![];
        }
        self.status = Some(Status {
            text: "Cram: practice outside the schedule; answers do not change when cards come due."
                .into(),
            error: false,
        });
        self.show_current(&mut study);
        self.screen = Screen::Study(Box::new(study));
        vec![]
    }

    /// A session on `tag` (in the selected deck, or with all decks in the deck with most cards
    /// so tagged): its due and new cards when it has any, else a cram of them.
    fn cram_tag(&mut self, tag: &str, all: bool) -> Vec<Effect> {
        if all {
            let count = |e: &DeckEntry| {
                e.deck.as_ref().map_or(0, |d| {
                    d.cards
                        .iter()
                        .filter(|c| c.tags.iter().any(|t| t == tag))
                        .count()
                })
            };
            if let Some((i, _)) = self.decks.iter().enumerate().max_by_key(|(_, e)| count(e)) {
                self.selected = i;
            }
        }
        let Some(Ok(deck)) = self.decks.get(self.selected).map(|e| e.deck.as_ref()) else {
            return vec![];
        };
        let tagged = Deck {
            cards: deck
                .cards
                .iter()
                .filter(|c| c.tags.iter().any(|t| t == tag))
                .cloned()
                .collect(),
            ..deck.clone()
        };
        let seed = self.seed ^ self.now.as_second() as u64;
        let session = Session::new(
            &tagged,
            self.progress.deck(&deck.id),
            self.day.clone(),
            self.settings.limits,
            seed,
        );
        let mut study = Study::new(self.selected, StudyMode::Choice, session, self.now);
        if study.session.advance(self.now).is_err() {
            return self.start_cram(Some(tag));
        }
        self.status = Some(Status {
            text: format!("Studying the cards tagged {tag} (multiple choice)."),
            error: false,
        });
        self.show_current(&mut study);
        self.screen = Screen::Study(Box::new(study));
        vec![]
    }

    /// Asks the run loop for statistics of every deck, or of the selected one.
    fn stats_effect(&mut self, all: bool) -> Vec<Effect> {
        let scope = if all {
            self.usable()
        } else {
            self.selected_or_all()
        };
        let decks: Vec<&Deck> = scope
            .iter()
            .filter_map(|&i| self.decks[i].deck.as_ref().ok())
            .collect();
        let selected = self
            .decks
            .get(self.selected)
            .and_then(|e| e.deck.as_ref().ok());
        let title = match (all, selected) {
            (false, Some(d)) => d.title.clone(),
            _ => format!("All decks ({})", decks.len()),
        };
        vec![Effect::LoadStats(
            decks.iter().map(|d| d.id.clone()).collect(),
            title,
        )]
    }

    /// Takes freshly read decks, keeping the selection on the same deck; progress is by card id,
    /// so nothing is lost when cards are edited, added or removed.
    fn replace_decks(&mut self, mut entries: Vec<DeckEntry>) {
        let selected_id = self
            .decks
            .get(self.selected)
            .and_then(|e| e.deck.as_ref().ok())
            .map(|d| d.id.clone());
        entries.sort_by_key(|e| e.deck.is_err());
        self.decks = entries;
        self.selected = selected_id
            .and_then(|id| {
                self.decks
                    .iter()
                    .position(|e| e.deck.as_ref().is_ok_and(|d| d.id == id))
            })
            .unwrap_or(0)
            .min(self.decks.len().saturating_sub(1));
        self.refresh_all_counts();
        let broken = self.decks.iter().filter(|e| e.deck.is_err()).count();
        let errors: usize = self
            .decks
            .iter()
            .filter_map(|e| e.deck.as_ref().err())
            .map(Vec::len)
            .sum();
        self.status = Some(if broken == 0 {
            Status {
                text: format!("Reloaded {} decks.", self.decks.len()),
                error: false,
            }
        } else {
            Status {
                text: format!(
                    "Reloaded {} decks; {broken} file(s) have {errors} error(s): select them to see where.",
                    self.decks.len()
                ),
                error: true,
            }
        });
    }

    fn start_study(&mut self, mode: StudyMode) -> Vec<Effect> {
        let Some(entry) = self.decks.get(self.selected) else {
            return vec![];
        };
        let deck = match &entry.deck {
            Ok(d) => d,
            Err(errors) => {
                self.status = Some(Status {
                    text: format!(
                        "This deck file has errors and cannot be studied: {}",
                        errors
                            .first()
                            .map_or("", |e| e.lines().next().unwrap_or(""))
                    ),
                    error: true,
                });
                return vec![];
            }
        };
        let seed = self.seed ^ self.now.as_second() as u64;
        let session = Session::new(
            deck,
            self.progress.deck(&deck.id),
            self.day.clone(),
            self.settings.limits,
            seed,
        );
        let mut study = Study::new(self.selected, mode, session, self.now);
        self.status = None;
        if study.session.advance(self.now).is_err() {
            self.status = Some(Status {
                text: format!(
                    "Nothing to study in “{}” right now: no new cards left today and nothing due.",
                    deck.title
                ),
                error: false,
            });
            return vec![];
        }
        self.show_current(&mut study);
        self.screen = Screen::Study(Box::new(study));
        vec![]
    }

    /// Prepares the card on screen (or the idle state) after the session moved.
    fn show_current(&self, study: &mut Study) {
        study.stage = Stage::Asking;
        study.scroll = 0;
        study.input.clear();
        study.chosen.clear();
        study.shown_at = self.now;
        let deck = self
            .decks
            .get(study.deck)
            .and_then(|e| e.deck.as_ref().ok());
        match study.session.advance(self.now) {
            Ok(key) => {
                let key = key.clone();
                study.idle = None;
                study.preview =
                    study
                        .session
                        .preview(&self.progress, self.now, &self.settings.params);
                let reps = self
                    .progress
                    .deck(&study.session.deck_id)
                    .and_then(|d| d.items.get(&key))
                    .map_or(0, |s| s.reps);
                let seed = self.seed
                    ^ u64::from(reps)
                    ^ crate::domain::scheduler::fuzz_draw(&key.to_string(), reps).to_bits();
                study.question = deck.and_then(|d| {
                    d.card(&key.card)
                        .map(|c| quiz::question(d, c, key.side, study.mode, seed))
                });
            }
            Err(idle) => {
                study.idle = Some(idle);
                study.preview = None;
                study.question = None;
            }
        }
    }

    fn update_study(&mut self, action: Action, now: Timestamp) -> Vec<Effect> {
        let Screen::Study(mut study) = std::mem::replace(&mut self.screen, Screen::Home) else {
            return vec![];
        };
        let mut effects = vec![];
        let on_screen = study.session.current().is_some();
        let question = study.question.clone();
        let stage_before = study.stage;
        match (action, study.stage, question) {
            // The view clamps the offset to the text; 60 lines either way is more than a card has.
            (Action::Up, _, _) => study.scroll = (study.scroll - 1).max(-60),
            (Action::Down, _, _) => study.scroll = (study.scroll + 1).min(60),
            (Action::Reveal, Stage::Asking, Some(Question::Recall { .. })) => {
                study.stage = Stage::Revealed;
                study.preview = study
                    .session
                    .preview(&self.progress, now, &self.settings.params);
            }
            (Action::Grade(rating), Stage::Revealed, _) => {
                effects.extend(self.record(&mut study, rating, now, None));
            }
            (
                Action::Choose(i),
                Stage::Asking,
                Some(Question::Choice {
                    options,
                    correct,
                    multi,
                    ..
                }),
            ) if i < options.len() => {
                if multi {
                    match study.chosen.iter().position(|&c| c == i) {
                        Some(p) => {
                            study.chosen.remove(p);
                        }
                        None => study.chosen.push(i),
                    }
                } else {
                    study.chosen = vec![i];
                    let verdict = quiz::check_choice(&study.chosen, &correct);
                    study.stage = Stage::Verdict {
                        verdict,
                        overruled: false,
                    };
                }
            }
            (
                Action::Submit,
                Stage::Asking,
                Some(Question::Choice {
                    correct,
                    multi: true,
                    ..
                }),
            ) if !study.chosen.is_empty() => {
                let verdict = quiz::check_choice(&study.chosen, &correct);
                study.stage = Stage::Verdict {
                    verdict,
                    overruled: false,
                };
            }
            (Action::Input(c), Stage::Asking, Some(Question::Typed { .. })) => study.input.push(c),
            (Action::Backspace, Stage::Asking, Some(Question::Typed { .. })) => {
                study.input.pop();
            }
            (Action::ClearInput, Stage::Asking, Some(Question::Typed { .. })) => {
                study.input.clear()
            }
            (Action::Submit, Stage::Asking, Some(Question::Typed { accepted, .. })) => {
                if study.input.trim().is_empty() {
                    self.status = Some(Status {
                        text: "Type an answer first (or Esc to end the session).".into(),
                        error: false,
                    });
                } else {
                    let verdict = quiz::check_typed(&study.input, &accepted);
                    study.stage = Stage::Verdict {
                        verdict,
                        overruled: false,
                    };
                    self.status = None;
                }
            }
            (
                Action::Overrule,
                Stage::Verdict {
                    verdict: Verdict::Wrong,
                    overruled: false,
                },
                Some(Question::Typed { .. }),
            ) => {
                study.stage = Stage::Verdict {
                    verdict: Verdict::Wrong,
                    overruled: true,
                };
            }
            (Action::Continue, Stage::Verdict { .. }, _) => {
                let verdict = study.final_verdict().unwrap_or(Verdict::Wrong);
                effects.extend(self.record(&mut study, verdict.rating(), now, Some(verdict)));
            }
            (Action::Grade(rating), Stage::Verdict { .. }, _) => {
                let verdict = study.final_verdict().unwrap_or(Verdict::Wrong);
                if verdict.is_right() || rating == Rating::Again {
                    effects.extend(self.record(&mut study, rating, now, Some(verdict)));
                } else {
                    self.status = Some(Status {
                        text: "That answer was wrong: press Enter to go on (Again), or o if you were right after all.".into(),
                        error: false,
                    });
                }
            }
            (Action::Undo, _, _) => {
                let day_of = self.day_of();
                match study.session.undo(&mut self.progress, now, &day_of) {
                    Some(event) => {
                        effects.push(Effect::Record(event));
                        self.show_current(&mut study);
                        self.status = Some(Status {
                            text: "Undone: the last answer was taken back.".into(),
                            error: false,
                        });
                    }
                    None => {
                        self.status = Some(Status {
                            text: "Nothing to undo in this session.".into(),
                            error: false,
                        })
                    }
                }
            }
            (Action::Tick, _, _) if !on_screen => self.show_current(&mut study),
            (Action::Back, _, _) => {
                let deck = study.deck;
                self.status = self.status.take().filter(|s| s.error);
                self.refresh_counts(deck);
                self.screen = Screen::Summary {
                    deck,
                    summary: study.session.summary(),
                    finished: false,
                };
                effects.push(Effect::Snapshot);
                return effects;
            }
            _ => {}
        }
        if study.stage != stage_before {
            // A new stage (the answer shown): back to automatic scrolling.
            study.scroll = 0;
        }
        if study.idle == Some(Idle::Done) {
            let deck = study.deck;
            self.status = self.status.take().filter(|s| s.error);
            self.refresh_counts(deck);
            self.screen = Screen::Summary {
                deck,
                summary: study.session.summary(),
                finished: true,
            };
            effects.push(Effect::Snapshot);
        } else {
            self.screen = Screen::Study(study);
        }
        effects
    }

    /// Answers the item on screen with `rating` and moves on; returns the log event to make
    /// durable.
    fn record(
        &mut self,
        study: &mut Study,
        rating: Rating,
        now: Timestamp,
        verdict: Option<Verdict>,
    ) -> Vec<Effect> {
        let ms = now
            .as_millisecond()
            .saturating_sub(study.shown_at.as_millisecond())
            .clamp(0, MAX_ANSWER_MS as i64) as u64;
        let mode = match (&study.question, verdict) {
            (_, None) => Mode::Flashcard,
            (Some(Question::Typed { .. }), Some(_)) => Mode::Typed,
            _ => Mode::Choice,
        };
        let params = self.settings.params.clone();
        let day_of = self.day_of();
        let how = Answer { ms, mode, verdict };
        let event = study
            .session
            .answer(&mut self.progress, rating, now, how, &params, &day_of);
        self.status = self.status.take().filter(|s| s.error);
        self.show_current(study);
        event.map(Effect::Record).into_iter().collect()
    }

    /// The deck being studied or summarised, if any.
    pub fn current_deck(&self) -> Option<&Deck> {
        let i = match &self.screen {
            Screen::Study(s) => s.deck,
            Screen::Summary { deck, .. } => *deck,
            _ => return None,
        };
        self.decks.get(i).and_then(|e| e.deck.as_ref().ok())
    }

    /// The item on screen and its card.
    pub fn current_card(&self) -> Option<(&ItemKey, &crate::domain::deck::Card)> {
        let Screen::Study(s) = &self.screen else {
            return None;
        };
        let key = s.session.current()?;
        let card = self.current_deck()?.card(&key.card)?;
        Some((key, card))
    }
}

#[cfg(test)]
#[path = "app_tests.rs"]
mod tests;
