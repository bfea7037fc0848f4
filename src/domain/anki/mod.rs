//! Moving from Anki: what an Anki collection holds (as plain data, read by `store::anki`) and
//! its pure conversion into smriti decks ([`convert`]) and review events ([`history`]).
//!
//! Nothing here reads a file or a clock: the store hands over a [`Collection`], and the caller
//! passes the time zone. Must not depend on `store`, `tui` or `cli`.

pub mod convert;
pub mod export;
pub mod history;
pub mod html;
pub mod ids;
pub mod notetype;

/// An Anki collection as read from a package: only what smriti carries over.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Collection {
    /// The SQLite schema version (`col.ver`): 11 for the legacy layouts, 18 for `anki21b`.
    pub schema: u32,
    /// When the collection was created (seconds since the epoch): Anki counts review due days
    /// from this instant's study day.
    pub crt: i64,
    /// Anki's day-rollover hour (default 4).
    pub rollover_hour: u8,
    pub notetypes: Vec<NoteType>,
    pub decks: Vec<AnkiDeck>,
    pub presets: Vec<Preset>,
    pub notes: Vec<Note>,
    pub cards: Vec<AnkiCard>,
    /// Review log rows, in the order read.
    pub revlog: Vec<RevlogRow>,
    /// Media files in the package (left out of the import).
    pub media_files: usize,
}

/// A note type: its fields and card templates.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NoteType {
    pub id: i64,
    pub name: String,
    pub cloze: bool,
    /// The stock note type it was made from, when Anki recorded it (`originalStockKind`):
    /// 1 Basic, 2 and reversed, 3 optional reversed, 4 type in the answer, 5 cloze.
    pub stock: Option<u32>,
    pub fields: Vec<String>,
    pub templates: Vec<Template>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Template {
    pub name: String,
    pub question: String,
    pub answer: String,
}

/// A deck; its name's parts are joined with `::`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnkiDeck {
    pub id: i64,
    pub name: String,
    /// A filtered ("cram") deck: its cards belong to their home decks.
    pub filtered: bool,
    /// The options preset it uses.
    pub preset: Option<i64>,
}

/// A deck options preset: the FSRS settings smriti can take over.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Preset {
    pub id: i64,
    pub name: String,
    pub desired_retention: Option<f32>,
    /// FSRS-6 parameters (21), when the preset was optimised.
    pub params: Vec<f32>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Note {
    pub id: i64,
    pub guid: String,
    pub notetype: i64,
    /// Field contents (HTML), in the note type's order.
    pub fields: Vec<String>,
    pub tags: Vec<String>,
}

/// A card row. `ctype`: 0 new, 1 learning, 2 review, 3 relearning. `queue`: also -1
/// suspended, -2/-3 buried. `due`: a position (new), seconds since the epoch (learning), or
/// a day number counted from the collection's creation day (review, day-learning).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AnkiCard {
    pub id: i64,
    pub note: i64,
    pub deck: i64,
    /// The home deck of a card in a filtered deck (0 otherwise).
    pub original_deck: i64,
    pub ord: u32,
    pub ctype: i32,
    pub queue: i32,
    pub due: i64,
    /// The due value before the card went into a filtered deck (0 otherwise).
    pub original_due: i64,
    pub ivl: i64,
    pub reps: u32,
    pub lapses: u32,
    /// Anki's FSRS memory state (stability in days, difficulty 1–10), when it kept one.
    pub memory: Option<(f32, f32)>,
}

impl AnkiCard {
    /// The deck the card belongs to (its home deck when it sits in a filtered deck).
    pub fn home_deck(&self) -> i64 {
        if self.original_deck != 0 {
            self.original_deck
        } else {
            self.deck
        }
    }
}

/// A review log row. `kind`: 0 learn, 1 review, 2 relearn, 3 filtered (cram), 4 manual,
/// 5 rescheduled. `ease`: 1–4 (0 for manual rows).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RevlogRow {
    /// Milliseconds since the epoch when the answer was given (unique).
    pub id: i64,
    pub card: i64,
    pub ease: u8,
    pub ivl: i64,
    pub last_ivl: i64,
    pub factor: i64,
    /// Milliseconds the answer took.
    pub time: i64,
    pub kind: u8,
}
