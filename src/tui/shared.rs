//! What every screen shares: the deck list (the catalog, with its selection), progress,
//! settings, the study day and the status line. Screens get it as `&mut Shared` from
//! `App::update` and as `&Shared` when drawn. Imports `domain` only: no ratatui, no files.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::domain::deck::Deck;
use crate::domain::ids::DeckId;
use crate::domain::mock::Paused;
use crate::domain::mock_draw::{Shape, Source};
use crate::domain::outline::LazyOutline;
use crate::domain::progress::Progress;
use crate::domain::related::Related;
use crate::domain::session::{Counts, deck_counts_lazy};
use crate::domain::settings::Settings;
use crate::domain::stats::Recall;
use crate::domain::text::{Breaks, terminal_safe};
use crate::domain::time::StudyDay;
use crate::domain::words::{agree, plural};

/// What is known of a deck's texts.
#[derive(Debug, Clone, PartialEq)]
pub enum DeckState {
    /// The file was read whole: every card is in memory.
    Read(Deck),
    /// Listed from the deck index only: the header is known (and the outline, in the entry);
    /// the file at `path` is read when the deck is opened (see `App::decks_to_read`).
    Indexed { header: Header, path: PathBuf },
    /// The file could not be used: its errors, each naming path:line:column.
    Broken(Vec<String>),
}

/// A deck's header: what the deck list shows before the cards are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub id: DeckId,
    pub title: String,
    pub description: String,
    pub tags: Vec<String>,
}

impl Header {
    /// The header of `deck` (whose cards, if any, are left out).
    pub fn of(deck: &Deck) -> Header {
        Header {
            id: deck.id.clone(),
            title: deck.title.clone(),
            description: deck.description.clone(),
            tags: deck.tags.clone(),
        }
    }
}

/// A deck's title and description as every screen shows them: through the one terminal
/// filter (`domain::text::terminal_safe`), so a control character shows as `�`, as `smriti
/// check` says it will, in every place the title is drawn (the terminal's widgets would
/// leave it out, and the width worked out for the title would not be the width drawn).
fn shown(title: &mut String, description: &mut String) {
    if let Cow::Owned(t) = terminal_safe(title, Breaks::Join) {
        *title = t;
    }
    if let Cow::Owned(d) = terminal_safe(description, Breaks::Keep) {
        *description = d;
    }
}

/// One row of the deck list: a deck, or a file that failed to load.
#[derive(Debug, Clone, PartialEq)]
pub struct DeckEntry {
    /// Where it came from, e.g. "decks/prelims.json (built in)".
    pub origin: String,
    pub state: DeckState,
    /// The ids and sides of the deck's cards: what the counts are worked out from.
    pub outline: LazyOutline,
    pub counts: Counts,
    /// Cards to study (both directions of reversed cards, every cloze gap), counted when the
    /// counts are, so that drawing the deck list never walks the cards.
    pub items: usize,
    /// Predicted recall on exam day, when an exam date is set.
    pub exam: Option<Recall>,
    /// The problems of cards left out of the deck (it is studied without them), each naming
    /// path:line:column.
    pub skipped: Vec<String>,
    /// How many cards were left out.
    pub left_out: usize,
    /// The deck file, for a deck listed from the deck index: its texts can be let go (see
    /// [`DeckEntry::forget_texts`]) and read again when wanted.
    pub file: Option<PathBuf>,
    /// The entry is the decks folder itself, which could not be read (its errors say why):
    /// not a deck file with errors.
    pub folder: bool,
}

impl DeckEntry {
    /// An entry for a deck read whole (or a file with errors); counts are filled in by the app.
    pub fn new(origin: impl Into<String>, deck: Result<Deck, Vec<String>>) -> DeckEntry {
        let mut entry = DeckEntry {
            origin: origin.into(),
            state: DeckState::Broken(Vec::new()),
            outline: Default::default(),
            counts: Counts::default(),
            items: 0,
            exam: None,
            skipped: Vec::new(),
            left_out: 0,
            file: None,
            folder: false,
        };
        entry.set_deck(deck);
        entry
    }

    /// An entry known from the deck index: its header and outline; `path` is read on opening.
    pub fn indexed(
        origin: impl Into<String>,
        header: Header,
        outline: LazyOutline,
        path: PathBuf,
    ) -> DeckEntry {
        let mut header = header;
        shown(&mut header.title, &mut header.description);
        DeckEntry {
            origin: origin.into(),
            state: DeckState::Indexed {
                header,
                path: path.clone(),
            },
            outline,
            counts: Counts::default(),
            items: 0,
            exam: None,
            skipped: Vec::new(),
            left_out: 0,
            file: Some(path),
            folder: false,
        }
    }

    /// Puts the deck as read in full (or the file's errors) in this entry, with its outline.
    /// How its cards can be asked in a mock test is kept from the index's outline when the
    /// cards are those it lists (working it out again would build the deck's answer pool).
    pub fn set_deck(&mut self, deck: Result<Deck, Vec<String>>) {
        let mut outline = deck.as_ref().map(Deck::outline).unwrap_or_default();
        // The same cards by their fingerprints, which the index's outline knows without
        // being made (comparing the cards made it: 2,000 ids for each deck a test reads).
        if outline.fingerprint() == self.outline.fingerprint() {
            if let Some(skim) = self.outline.skim() {
                outline.asked.clone_from(&skim.asked);
            } else {
                outline.asked.clone_from(&self.outline.asked);
            }
        }
        self.outline = LazyOutline::from(outline);
        self.state = match deck {
            Ok(mut d) => {
                // Every card's text as `smriti check` says the app shows it (ratatui leaves
                // a control character out, where check says it shows as �).
                crate::domain::deck_text::shown(&mut d);
                shown(&mut d.title, &mut d.description);
                DeckState::Read(d)
            }
            Err(e) => DeckState::Broken(e),
        };
    }

    /// The deck with its cards, once read.
    pub fn deck(&self) -> Option<&Deck> {
        match &self.state {
            DeckState::Read(d) => Some(d),
            _ => None,
        }
    }

    /// Lets go of the deck's texts when they can be read again from its file (a deck listed
    /// from the index): the entry goes back to its header and outline.
    pub fn forget_texts(&mut self) {
        if let (DeckState::Read(d), Some(path)) = (&self.state, &self.file) {
            self.state = DeckState::Indexed {
                header: Header::of(d),
                path: path.clone(),
            };
        }
    }

    /// The deck can be used (read, or readable when opened): it is not a broken file.
    pub fn usable(&self) -> bool {
        !matches!(self.state, DeckState::Broken(_))
    }

    /// The file's errors, for a broken file.
    pub fn errors(&self) -> Option<&[String]> {
        match &self.state {
            DeckState::Broken(e) => Some(e),
            _ => None,
        }
    }

    /// The file still to read, for a deck known from the index only.
    pub fn unread(&self) -> Option<&Path> {
        match &self.state {
            DeckState::Indexed { path, .. } => Some(path),
            _ => None,
        }
    }

    /// The deck's id, unless the file is broken.
    pub fn id(&self) -> Option<&str> {
        match &self.state {
            DeckState::Read(d) => Some(&d.id),
            DeckState::Indexed { header, .. } => Some(&header.id),
            DeckState::Broken(_) => None,
        }
    }

    /// The deck's title, unless the file is broken.
    pub fn title(&self) -> Option<&str> {
        match &self.state {
            DeckState::Read(d) => Some(&d.title),
            DeckState::Indexed { header, .. } => Some(&header.title),
            DeckState::Broken(_) => None,
        }
    }

    /// The deck's description and tags, unless the file is broken.
    pub fn about(&self) -> Option<(&str, &[String])> {
        match &self.state {
            DeckState::Read(d) => Some((&d.description, &d.tags)),
            DeckState::Indexed { header, .. } => Some((&header.description, &header.tags)),
            DeckState::Broken(_) => None,
        }
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
    /// The deck (index in the deck list) the message is about, if one: it goes once another
    /// deck is selected, as it no longer describes what is under the cursor.
    pub deck: Option<usize>,
}

impl Status {
    /// A message (not an error).
    pub fn note(text: impl Into<String>) -> Option<Status> {
        Some(Status {
            text: text.into(),
            error: false,
            deck: None,
        })
    }

    /// An error message.
    pub fn error(text: impl Into<String>) -> Option<Status> {
        Some(Status {
            text: text.into(),
            error: true,
            deck: None,
        })
    }

    /// An error message about one deck of the deck list (see [`Status::deck`]).
    pub fn error_about(deck: usize, text: impl Into<String>) -> Option<Status> {
        Some(Status {
            text: text.into(),
            error: true,
            deck: Some(deck),
        })
    }
}

/// The state every screen shares.
#[derive(Debug, Clone)]
pub struct Shared {
    /// The deck list, usable decks first.
    pub decks: Vec<DeckEntry>,
    /// The deck under the deck list's cursor: where studying, tests and statistics start.
    pub selected: usize,
    pub progress: Progress,
    pub settings: Settings,
    pub tz: TimeZone,
    pub now: Timestamp,
    pub day: StudyDay,
    pub status: Option<Status>,
    /// Problems found at start-up (damaged files), shown on the home screen.
    pub notices: Vec<String>,
    pub paths: Paths,
    /// Seed for the order of reviews due on the same day.
    pub seed: u64,
    /// The terminal's size (columns, rows), for screens that must know what is on screen.
    pub size: (u16, u16),
    /// The screen body's size as last drawn (the frame less header, status and a footer that
    /// may take two lines), when known; else worked out from `size` with a one-line footer.
    pub body: Option<(u16, u16)>,
    /// A mock test left before it was submitted and not resumed yet: `t` on the deck list
    /// offers it again instead of a new test, which would take its place.
    pub unfinished: Option<Box<Paused>>,
    /// The deck counts are not worked out yet: `smriti test` shows its first question
    /// without them (every deck's progress decoded and counted, at 100,000 cards more than
    /// the test's own work), and `App::update` works them out when a screen that is not the
    /// test's comes up.
    pub counts_pending: bool,
}

/// A deck id that no loaded deck has (from the command line or a saved test), with the ids
/// there are and the deck files that could not be read (one of them may be the deck meant).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("there is no deck {id:?}; the decks are: {}{}", known.join(", "), unread_note(broken, folder.as_deref()))]
pub struct NoSuchDeck {
    pub id: String,
    pub known: Vec<String>,
    /// Each deck file with errors, and its first error (located: path:line:column).
    pub broken: Vec<(String, Option<String>)>,
    /// Why the decks folder could not be read (it does not exist, say), when it could not.
    pub folder: Option<String>,
}

/// What [`NoSuchDeck`] says of the deck files with errors: a teacher whose deck has a typo is
/// told so, not that the deck does not exist; and of a decks folder that could not be read,
/// what its error says (not that it "has errors" that `smriti check` would list).
fn unread_note(broken: &[(String, Option<String>)], folder: Option<&str>) -> String {
    if let Some(why) = folder {
        return format!("\n  {why}");
    }
    match broken {
        [] => String::new(),
        [(one, first)] => match first {
            Some(first) => format!(
                "\n  {one} has errors, so its deck was not read; the first:\n  {first}\n  (smriti check {one} lists them all)"
            ),
            None => format!(
                "\n  {one} has errors, so its deck was not read (smriti check {one} lists them)"
            ),
        },
        many => format!(
            "\n  {} deck files have errors, so their decks were not read: {} (smriti check lists them)",
            many.len(),
            many.iter()
                .map(|(origin, _)| origin.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

impl Shared {
    /// The header's left for deck `i` titled `title` (with `tail`, say " · cram") in `room`
    /// columns: " smriti · Title" when it fits; else the title alone, cut so that it still
    /// tells the deck from the others listed (`domain::width::fit_apart`): at 50 columns
    /// "India–Japa…" was every shipped deck.
    pub fn header_title(&self, i: usize, title: &str, tail: &str, room: usize) -> String {
        use unicode_width::UnicodeWidthStr;
        let full = format!(" smriti · {title}{tail}");
        if full.width() <= room {
            return full;
        }
        let others = self
            .decks
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .filter_map(|(_, e)| e.title());
        let name_room = room.saturating_sub(1 + tail.width());
        format!(
            " {}{tail}",
            crate::domain::width::fit_apart(title, others, name_room)
        )
    }

    /// Puts the deck list's cursor on deck `i`; a message about another deck goes.
    pub fn select(&mut self, i: usize) {
        self.selected = i;
        if self
            .status
            .as_ref()
            .is_some_and(|s| s.deck.is_some_and(|d| d != i))
        {
            self.status = None;
        }
    }

    /// The deck-list position of the deck with this id, or which ids there are.
    pub fn deck_index(&self, id: &str) -> Result<usize, NoSuchDeck> {
        self.decks
            .iter()
            .position(|e| e.id() == Some(id))
            .ok_or_else(|| NoSuchDeck {
                id: id.to_owned(),
                known: self
                    .decks
                    .iter()
                    .filter_map(DeckEntry::id)
                    .map(str::to_owned)
                    .collect(),
                broken: self
                    .decks
                    .iter()
                    .filter(|e| !e.usable() && !e.folder)
                    .map(|e| {
                        let first = e.errors().and_then(|errs| errs.first()).cloned();
                        (e.origin.clone(), first)
                    })
                    .collect(),
                folder: self
                    .decks
                    .iter()
                    .find(|e| e.folder)
                    .and_then(|e| Some(e.errors()?.join("\n  "))),
            })
    }

    /// The positions of the decks that can be used (not files with errors).
    pub fn usable(&self) -> Vec<usize> {
        (0..self.decks.len())
            .filter(|&i| self.decks[i].usable())
            .collect()
    }

    /// What a test or statistics on the selection cover: the selected deck when it can be
    /// used, else every deck that can.
    pub fn selected_or_all(&self) -> Vec<usize> {
        match self.decks.get(self.selected) {
            Some(e) if e.usable() => vec![self.selected],
            _ => self.usable(),
        }
    }

    /// The selected deck, when it is read.
    pub fn selected_deck(&self) -> Option<&Deck> {
        self.decks.get(self.selected).and_then(DeckEntry::deck)
    }

    /// The chosen usable decks as a mock test's draw sees them: each outline, with the texts
    /// when read (see `domain::mock_draw`).
    pub fn test_sources(&self, chosen: &[bool]) -> Vec<Source<'_>> {
        self.decks
            .iter()
            .zip(chosen)
            .filter(|(e, c)| **c && e.usable())
            .map(|(e, _)| Source {
                // A deck not read is seen through its skim when the index's copy gives one
                // (no card ids made: the draw chooses from 100,000 cards without them).
                outline: match e.outline.skim() {
                    Some(skim) => Shape::Skim(skim),
                    None => Shape::Outline(&e.outline),
                },
                deck: e.deck(),
            })
            .collect()
    }

    /// Those of the decks at `positions` whose files have not been read yet.
    pub fn unread_of(&self, positions: impl IntoIterator<Item = usize>) -> Vec<(usize, PathBuf)> {
        positions
            .into_iter()
            .filter_map(|i| Some((i, self.decks.get(i)?.unread()?.to_path_buf())))
            .collect()
    }

    /// Clears the status line unless it reports an error.
    pub fn keep_errors(&mut self) {
        self.status = self.status.take().filter(|s| s.error);
    }

    /// Days from today to the exam, when an exam date is set.
    pub fn days_to_exam(&self) -> Option<i32> {
        self.settings
            .exam_date
            .map(|d| (d - self.day.date).get_days())
    }

    /// Maps an instant to its study date; owns its data so `self` stays free to mutate.
    pub fn day_of(&self) -> impl Fn(Timestamp) -> jiff::civil::Date + use<> {
        let tz = self.tz.clone();
        let hour = self.settings.rollover_hour;
        move |t| StudyDay::containing(t, &tz, hour).date
    }

    /// A seed for a session or test started now.
    pub fn session_seed(&self) -> u64 {
        self.seed ^ self.now.as_second() as u64
    }

    /// Counts deck-list entry `i` again (after answers), and every deck that shares a group
    /// with it: a group name is global across the decks, so an answer in one deck can make a
    /// card of another wait until tomorrow.
    pub fn refresh_counts(&mut self, i: usize) {
        let Some(entry) = self.decks.get(i).filter(|e| e.usable()) else {
            return;
        };
        let names: Vec<&str> = entry
            .outline
            .group_names
            .iter()
            .map(|(n, _)| n.as_str())
            .collect();
        let linked: Vec<usize> = (0..self.decks.len())
            .filter(|&j| {
                j == i
                    || (self.decks[j].usable()
                        && self.decks[j]
                            .outline
                            .group_names
                            .iter()
                            .any(|(n, _)| names.contains(&n.as_str())))
            })
            .collect();
        let related = self.related();
        for j in linked {
            let (items, counts, exam) = self.counts_of(&self.decks[j].outline, &related);
            let entry = &mut self.decks[j];
            (entry.items, entry.counts, entry.exam) = (items, counts, exam);
        }
    }

    /// Counts every deck, on every core: at start-up with 100,000 cards this is ~100,000
    /// lookups in the progress map, most of them cache misses.
    pub fn refresh_all_counts(&mut self) {
        self.counts_pending = false;
        let this = &*self;
        let related = this.related();
        let counted = crate::par::map(&self.decks, |e| {
            e.usable().then(|| this.counts_of(&e.outline, &related))
        });
        for (entry, c) in self.decks.iter_mut().zip(counted) {
            if let Some((items, counts, exam)) = c {
                (entry.items, entry.counts, entry.exam) = (items, counts, exam);
            }
        }
    }

    /// The groups shared by several decks that wait today (see `domain::related`).
    pub fn related(&self) -> Related {
        // Only decks whose cards have group names can share one (their outlines are made).
        let usable = self.decks.iter().filter(|e| e.usable()).map(|e| &e.outline);
        Related::among(usable, &self.progress, &self.day)
    }

    /// A deck's items, today's counts and (with an exam date) predicted recall on the day.
    /// A deck whose saved summary can tell the counts is counted from it without its outline
    /// being made (see `today::deck_counts_saved`); a deck with groups, or whose items changed
    /// since the snapshot, is walked card by card.
    fn counts_of(
        &self,
        outline: &LazyOutline,
        related: &Related,
    ) -> (usize, Counts, Option<Recall>) {
        let print = outline.fingerprint();
        let progress = self.progress.deck(outline.id());
        let counts = deck_counts_lazy(outline, progress, &self.day, self.settings.limits, related);
        let exam = self.settings.exam_date.map(|d| {
            let morning = crate::domain::time::day_start(d, &self.tz, self.settings.rollover_hour);
            crate::domain::stats::predicted_recall(
                outline,
                &self.progress,
                morning,
                &self.settings.params,
            )
        });
        (print.items as usize, counts, exam)
    }

    /// Takes freshly read decks, keeping the selection on the same deck; progress is by card
    /// id, so nothing is lost when cards are edited, added or removed.
    pub fn replace_decks(&mut self, mut entries: Vec<DeckEntry>) {
        let selected_id = self
            .decks
            .get(self.selected)
            .and_then(DeckEntry::id)
            .map(str::to_owned);
        entries.sort_by_key(|e| !e.usable());
        self.decks = entries;
        self.selected = selected_id
            .and_then(|id| self.decks.iter().position(|e| e.id() == Some(&id)))
            .unwrap_or(0)
            .min(self.decks.len().saturating_sub(1));
        self.refresh_all_counts();
        let broken = self.decks.iter().filter(|e| !e.usable()).count();
        let left_out: usize = self.decks.iter().map(|e| e.left_out).sum();
        let left_out = if left_out == 0 {
            String::new()
        } else {
            format!(
                " {} left out for errors (marked ⚠).",
                plural(left_out, "card")
            )
        };
        let errors: usize = self
            .decks
            .iter()
            .filter_map(DeckEntry::errors)
            .map(<[String]>::len)
            .sum();
        self.status = if broken == 0 {
            Status::note(format!(
                "Reloaded {}.{left_out}",
                plural(self.decks.len(), "deck")
            ))
        } else {
            Status::error(format!(
                "Reloaded {}; {} {} {}: select {} to see where.",
                plural(self.decks.len(), "deck"),
                plural(broken, "file"),
                agree(broken, "has", "have"),
                plural(errors, "error"),
                agree(broken, "it", "them"),
            ))
        };
    }
}
