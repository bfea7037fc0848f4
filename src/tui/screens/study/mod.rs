//! The study screen: one card at a time from a session (due reviews, learning and new cards,
//! or a cram), as a flashcard, a multiple-choice question or a typed answer. State and update
//! here; drawing in `draw`. Ending the session (or finishing the deck) opens the summary.

mod draw;

use std::sync::Arc;

use jiff::Timestamp;

use super::summary::{SummaryScreen, siblings_wait};
use super::{Screen, Step};
use crate::domain::deck::{Card, Deck, ItemKey};
use crate::domain::options::Pool;
use crate::domain::progress::Mode;
use crate::domain::quiz::{self, DeckWords, Question, StudyMode, Verdict};
use crate::domain::scheduler::{Outcome, Rating};
use crate::domain::session::{Answer, Idle, Session};
use crate::tui::action::{Action, Effect};
use crate::tui::keymap::Context;
use crate::tui::shared::{Shared, Status};

/// Longest answer time counted (as Anki does, so a coffee break does not skew statistics).
pub const MAX_ANSWER_MS: u64 = 60_000;

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
    /// The deck's answer pool (wrong options, accepted forms) and card index, built once per
    /// session at its first question: building it walks the whole deck, so doing it per
    /// question made every answer O(deck).
    pool: Option<Arc<Pool>>,
    /// The deck's words, for telling a slip from another answer of the deck: built at the
    /// session's first typed answer.
    words: Option<Arc<DeckWords>>,
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
            pool: None,
            words: None,
        }
    }

    /// Starts studying the selected deck in `mode` (or says why not).
    pub fn start(sh: &mut Shared, mode: StudyMode) -> Step {
        let Some(entry) = sh.decks.get(sh.selected) else {
            return Step::stay();
        };
        let Some(deck) = entry.deck() else {
            let first = entry
                .errors()
                .and_then(|e| e.first())
                .map_or("", |e| e.lines().next().unwrap_or(""));
            sh.status = Status::error_about(
                sh.selected,
                format!("This deck file has errors and cannot be studied: {first}"),
            );
            return Step::stay();
        };
        let session = Session::new_with(
            deck,
            sh.progress.deck(&deck.id),
            sh.day.clone(),
            sh.settings.limits,
            sh.session_seed(),
            &sh.related(),
        );
        let title = deck.title.clone();
        let mut study = Study::new(sh.selected, mode, session, sh.now);
        sh.status = None;
        if study.session.advance(sh.now).is_err() {
            sh.status = Status::note(format!(
                "Nothing to study in “{title}” right now: no new cards left today and nothing due."
            ));
            return Step::stay();
        }
        // The deck list counted every sibling (as Anki's does): say why this shows fewer.
        let waiting = study.session.waiting_siblings();
        if waiting > 0 {
            sh.status = Status::note(format!(
                "{}: one card of a fact a day.",
                siblings_wait(waiting)
            ));
        }
        study.show_current(sh);
        Step::go(Screen::Study(Box::new(study)))
    }

    /// Starts a cram session on the selected deck (only cards tagged `tag` when given).
    pub fn cram(sh: &mut Shared, tag: Option<&str>) -> Step {
        let Some(deck) = sh.selected_deck() else {
            return Step::stay();
        };
        let session = Session::cram(
            deck,
            sh.progress.deck(&deck.id),
            sh.day.clone(),
            sh.now,
            &sh.settings.params,
            tag,
        );
        let mut study = Study::new(sh.selected, StudyMode::Flashcard, session, sh.now);
        if study.session.advance(sh.now).is_err() {
            let what = tag.map_or(String::new(), |t| format!(" tagged {t}"));
            let today = sh
                .decks
                .get(sh.selected)
                .map(|e| e.counts)
                .unwrap_or_default();
            let left = if today.new + today.learning + today.due > 0 {
                format!(
                    " Today's {} new · {} learning · {} due: Enter studies them.",
                    today.new, today.learning, today.due
                )
            } else {
                String::new()
            };
            sh.status = Status::note(format!(
                "Nothing to cram{what}: cram practises studied cards not due today.{left}"
            ));
            return Step::home();
        }
        // What cram covers is on its own line of the screen; the header counts the cards.
        sh.status = None;
        study.show_current(sh);
        Step::go(Screen::Study(Box::new(study)))
    }

    /// A session on `tag` in the selected deck: its due and new cards when it has any, else a
    /// cram of them.
    pub fn tag(sh: &mut Shared, tag: &str) -> Step {
        let Some(deck) = sh.selected_deck() else {
            return Step::stay();
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
        let session = Session::new_with(
            &tagged,
            sh.progress.deck(&deck.id),
            sh.day.clone(),
            sh.settings.limits,
            sh.session_seed(),
            &sh.related(),
        );
        let mut study = Study::new(sh.selected, StudyMode::Choice, session, sh.now);
        if study.session.advance(sh.now).is_err() {
            return Study::cram(sh, Some(tag));
        }
        sh.status = Status::note(format!(
            "Studying the cards tagged {tag} (multiple choice)."
        ));
        study.show_current(sh);
        Step::go(Screen::Study(Box::new(study)))
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

    /// The deck being studied.
    pub fn deck<'a>(&self, sh: &'a Shared) -> Option<&'a Deck> {
        sh.decks.get(self.deck).and_then(|e| e.deck())
    }

    /// The item on screen and its card.
    pub fn current_card<'a>(&'a self, sh: &'a Shared) -> Option<(&'a ItemKey, &'a Card)> {
        let key = self.session.current()?;
        let card = self.deck(sh)?.card(&key.card)?;
        Some((key, card))
    }

    /// What keys mean now.
    pub fn context(&self) -> Context {
        if self.session.current().is_none() {
            return Context::Waiting;
        }
        match (&self.question, self.stage) {
            (_, Stage::Verdict { .. }) => Context::Verdict,
            (_, Stage::Revealed) => Context::Answer,
            (Some(Question::Choice { .. }), _) => Context::Choose,
            (Some(Question::Typed { .. }), _) => Context::Typing,
            _ => Context::Question,
        }
    }

    /// Prepares the card on screen (or the idle state) after the session moved.
    fn show_current(&mut self, sh: &Shared) {
        self.stage = Stage::Asking;
        self.scroll = 0;
        self.input.clear();
        self.chosen.clear();
        self.shown_at = sh.now;
        let deck = sh.decks.get(self.deck).and_then(|e| e.deck());
        match self.session.advance(sh.now) {
            Ok(key) => {
                let key = key.clone();
                self.idle = None;
                self.preview = self
                    .session
                    .preview(&sh.progress, sh.now, &sh.settings.params);
                let reps = sh
                    .progress
                    .deck(&self.session.deck_id)
                    .and_then(|d| d.items.get(&key))
                    .map_or(0, |s| s.reps);
                let seed = sh.seed
                    ^ u64::from(reps)
                    ^ crate::domain::scheduler::fuzz_draw(&key.to_string(), reps).to_bits();
                self.question = deck.and_then(|d| {
                    let pool = self.pool.get_or_insert_with(|| Arc::new(Pool::new(d)));
                    let card = pool
                        .card_index(&key.card)
                        .and_then(|i| d.cards.get(i))
                        .filter(|c| c.id == key.card)
                        .or_else(|| d.card(&key.card))?;
                    Some(quiz::question_in(pool, d, card, key.side, self.mode, seed))
                });
            }
            Err(idle) => {
                self.idle = Some(idle);
                self.preview = None;
                self.question = None;
            }
        }
    }

    /// The summary of this session, as the next screen.
    fn summary(&self, sh: &mut Shared, finished: bool) -> Screen {
        sh.keep_errors();
        sh.refresh_counts(self.deck);
        Screen::Summary(Box::new(SummaryScreen {
            deck: self.deck,
            summary: self.session.summary(),
            finished,
            cram: self.session.is_cram(),
            waiting: self.session.waiting_siblings(),
        }))
    }

    pub fn update(&mut self, sh: &mut Shared, action: Action, now: Timestamp) -> Step {
        let mut effects = vec![];
        let on_screen = self.session.current().is_some();
        let question = self.question.clone();
        let stage_before = self.stage;
        match (action, self.stage, question) {
            // The view clamps the offset to the text; 60 lines either way is more than a card has.
            (Action::Up, _, _) => self.scroll = (self.scroll - 1).max(-60),
            (Action::Down, _, _) => self.scroll = (self.scroll + 1).min(60),
            (Action::Reveal, Stage::Asking, Some(Question::Recall { .. })) => {
                self.stage = Stage::Revealed;
                self.preview = self.session.preview(&sh.progress, now, &sh.settings.params);
            }
            (Action::Grade(rating), Stage::Revealed, _) => {
                effects.extend(self.record(sh, rating, now, None));
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
                    match self.chosen.iter().position(|&c| c == i) {
                        Some(p) => {
                            self.chosen.remove(p);
                        }
                        None => self.chosen.push(i),
                    }
                } else {
                    self.chosen = vec![i];
                    let verdict = quiz::check_choice(&self.chosen, &correct);
                    self.stage = Stage::Verdict {
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
            ) if !self.chosen.is_empty() => {
                let verdict = quiz::check_choice(&self.chosen, &correct);
                self.stage = Stage::Verdict {
                    verdict,
                    overruled: false,
                };
            }
            (Action::Input(c), Stage::Asking, Some(Question::Typed { .. })) => self.input.push(c),
            (Action::Backspace, Stage::Asking, Some(Question::Typed { .. })) => {
                self.input.pop();
            }
            (Action::ClearInput, Stage::Asking, Some(Question::Typed { .. })) => self.input.clear(),
            (Action::Submit, Stage::Asking, Some(Question::Typed { accepted, .. })) => {
                // Enter on nothing typed is "show me": the answer, graded Again (as in Anki).
                if self.input.trim().is_empty() {
                    self.input.clear();
                }
                let deck = sh.decks.get(self.deck).and_then(|e| e.deck());
                let words = self
                    .words
                    .get_or_insert_with(|| Arc::new(deck.map(DeckWords::of).unwrap_or_default()));
                let verdict = quiz::check_typed_among(&self.input, &accepted, |w| words.has(w));
                self.stage = Stage::Verdict {
                    verdict,
                    overruled: false,
                };
                sh.status = None;
            }
            (
                Action::Overrule,
                Stage::Verdict {
                    verdict: Verdict::Wrong,
                    overruled: false,
                },
                Some(Question::Typed { .. }),
            ) if !self.input.is_empty() => {
                self.stage = Stage::Verdict {
                    verdict: Verdict::Wrong,
                    overruled: true,
                };
            }
            (Action::Continue, Stage::Verdict { .. }, _) => {
                let verdict = self.final_verdict().unwrap_or(Verdict::Wrong);
                effects.extend(self.record(sh, verdict.rating(), now, Some(verdict)));
            }
            (Action::Grade(rating), Stage::Verdict { .. }, _) => {
                let verdict = self.final_verdict().unwrap_or(Verdict::Wrong);
                if verdict.is_right() || rating == Rating::Again {
                    effects.extend(self.record(sh, rating, now, Some(verdict)));
                } else {
                    let typed = matches!(self.question, Some(Question::Typed { .. }))
                        && !self.input.is_empty();
                    sh.status = Status::note(if typed {
                        "That answer was wrong: press Enter to go on (Again), or o if you were right after all."
                    } else {
                        "That answer was wrong: press Enter to go on (Again)."
                    });
                }
            }
            // A verdict on screen is the last answer (see `settle`), not yet recorded: undo
            // takes it back, and the same question is asked again (the typed text kept to
            // edit), rather than the card answered before it being undone behind it.
            (Action::Undo, Stage::Verdict { .. }, _) => {
                self.stage = Stage::Asking;
                self.chosen.clear();
                sh.status = Status::note("Undone: the answer on screen was taken back.");
            }
            (Action::Undo, _, _) => {
                let day_of = sh.day_of();
                match self.session.undo(&mut sh.progress, now, &day_of) {
                    Some(event) => {
                        effects.push(Effect::Record(event));
                        self.show_current(sh);
                        sh.status = Status::note("Undone: the last answer was taken back.");
                    }
                    None => sh.status = Status::note("Nothing to undo in this session."),
                }
            }
            (Action::Tick, _, _) if !on_screen => self.show_current(sh),
            (Action::Back, _, _) => {
                effects.extend(self.settle(sh, now));
                effects.push(Effect::Snapshot);
                return Step::go_after(effects, self.summary(sh, false));
            }
            _ => {}
        }
        if self.stage != stage_before {
            // A new stage (the answer shown): back to automatic scrolling.
            self.scroll = 0;
        }
        if self.idle == Some(Idle::Done) {
            effects.push(Effect::Snapshot);
            return Step::go_after(effects, self.summary(sh, true));
        }
        Step::run(effects)
    }

    /// Before the session ends (Esc, q, Ctrl-C): a verdict already shown is an answer, recorded
    /// as Enter would record it (wrong → Again), so that leaving never dodges an Again.
    pub fn settle(&mut self, sh: &mut Shared, now: Timestamp) -> Vec<Effect> {
        match self.stage {
            Stage::Verdict { .. } => {
                let verdict = self.final_verdict().unwrap_or(Verdict::Wrong);
                self.record(sh, verdict.rating(), now, Some(verdict))
            }
            _ => vec![],
        }
    }

    /// Answers the item on screen with `rating` and moves on; returns the log event to make
    /// durable.
    fn record(
        &mut self,
        sh: &mut Shared,
        rating: Rating,
        now: Timestamp,
        verdict: Option<Verdict>,
    ) -> Vec<Effect> {
        let ms = now
            .as_millisecond()
            .saturating_sub(self.shown_at.as_millisecond())
            .clamp(0, MAX_ANSWER_MS as i64) as u64;
        let mode = match (&self.question, verdict) {
            (_, None) => Mode::Flashcard,
            (Some(Question::Typed { .. }), Some(_)) => Mode::Typed,
            _ => Mode::Choice,
        };
        let params = sh.settings.params.clone();
        let day_of = sh.day_of();
        let how = Answer { ms, mode, verdict };
        let event = self
            .session
            .answer(&mut sh.progress, rating, now, how, &params, &day_of);
        sh.keep_errors();
        self.show_current(sh);
        event.map(Effect::Record).into_iter().collect()
    }
}
