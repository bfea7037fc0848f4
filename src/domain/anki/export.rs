//! A smriti deck → an Anki collection ([`Collection`], written by `store::anki::write`):
//! basic cards as Basic or Basic (and reversed card) notes, typed cards as Basic (type in the
//! answer), cloze cards as Cloze notes (`{{c1::…}}`, `{{c2::…}}` in order, hints kept), and the
//! other kinds (multiple choice, statements, match) as Basic notes whose front lists the
//! options; tags kept. Text is escaped for Anki's HTML fields (new lines as `<br>`). With the
//! items' states, each studied card carries its schedule (due day, interval, FSRS memory
//! state) and the deck's answers become review-log rows. Pure.

use std::collections::HashMap;

use jiff::Timestamp;
use jiff::civil::Date;

use super::{AnkiCard, AnkiDeck, Collection, Note, RevlogRow};
use crate::domain::deck::{Card, CardBody, ClozePart, Deck, ItemKey, Side};
use crate::domain::ids::CardId;
use crate::domain::items::Items;
use crate::domain::progress::{Before, Event};
use crate::domain::quiz::{self, Question, StudyMode, option_letter};
use crate::domain::scheduler::{Phase, Rating};

/// The note types written (their definitions are Anki's own stock ones, in the store).
pub const BASIC: i64 = 1_700_000_000_001;
pub const REVERSED: i64 = 1_700_000_000_002;
pub const TYPED: i64 = 1_700_000_000_003;
pub const CLOZE: i64 = 1_700_000_000_004;

/// The exported deck's id in the package.
pub const DECK: i64 = 1_700_000_000_100;

/// The collection and how many cards of kinds Anki has no note type for were flattened into
/// Basic notes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Exported {
    pub col: Collection,
    pub flattened: usize,
}

/// What to carry besides the cards: each item's state, and the deck's answers in the log.
pub struct Schedule<'a> {
    pub states: &'a Items,
    /// Items suspended in smriti: suspended in Anki too.
    pub suspended: &'a std::collections::HashSet<ItemKey>,
    pub events: &'a [Event],
    pub day_of: &'a dyn Fn(Timestamp) -> Date,
    /// The first instant of a study day.
    pub day_start: &'a dyn Fn(Date) -> Timestamp,
    pub now: Timestamp,
}

/// Text as an Anki field: HTML special characters escaped, new lines as `<br>`.
pub fn field(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

/// The GUID for a card: a card imported from Anki gets its note's GUID back (undoing
/// [`super::ids::card_id`]'s escapes), so Anki updates that note instead of adding another;
/// any other card's GUID is its deck and card id.
pub fn guid(deck: &Deck, card: &Card) -> String {
    if deck.description.starts_with("Imported from Anki") {
        let mut out = Vec::with_capacity(card.id.len());
        let b = card.id.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let hex = b
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            match (b[i], hex) {
                (b'_', Some(x)) => {
                    out.push(x);
                    i += 3;
                }
                (c, _) => {
                    out.push(c);
                    i += 1;
                }
            }
        }
        if let Ok(g) = String::from_utf8(out)
            && super::ids::card_id(&g) == card.id
        {
            return g;
        }
    }
    format!("smriti/{}/{}", deck.id, card.id)
}

/// The note type, fields and (ord, item side) of every Anki card of one smriti card.
fn note_of(deck: &Deck, card: &Card) -> (i64, Vec<String>, Vec<(u32, Side)>, bool) {
    let explain = card.explanation.as_deref().unwrap_or("");
    let with_explanation = |back: &str| {
        if explain.is_empty() {
            field(back)
        } else {
            format!("{}<br><br>{}", field(back), field(explain))
        }
    };
    match &card.body {
        CardBody::Basic {
            front,
            back,
            reverse,
            ..
        } => {
            let mut sides = vec![(0, Side::Forward)];
            if *reverse {
                sides.push((1, Side::Reverse));
            }
            (
                if *reverse { REVERSED } else { BASIC },
                vec![field(front), with_explanation(back)],
                sides,
                false,
            )
        }
        CardBody::Typed { question, answers } => (
            TYPED,
            vec![
                field(question),
                field(answers.first().map_or("", String::as_str)),
            ],
            vec![(0, Side::Forward)],
            false,
        ),
        CardBody::Cloze { parts } => {
            let mut text = String::new();
            let mut n = 0u32;
            let mut sides = Vec::new();
            for p in parts {
                match p {
                    ClozePart::Text(t) => text.push_str(&field(t)),
                    ClozePart::Gap { answer, hint } => {
                        n += 1;
                        text.push_str(&format!("{{{{c{n}::{}", field(answer)));
                        if let Some(h) = hint {
                            text.push_str(&format!("::{}", field(h)));
                        }
                        text.push_str("}}");
                        sides.push((n - 1, Side::Cloze(u16::try_from(n).unwrap_or(u16::MAX))));
                    }
                }
            }
            (CLOZE, vec![text, field(explain)], sides, false)
        }
        _ => {
            let side = card.sides().first().copied().unwrap_or(Side::Forward);
            let q = quiz::question(deck, card, side, StudyMode::Choice, 0);
            let (front, back) = match &q {
                Question::Choice { stem, options, .. } => {
                    let mut front = stem.join("\n");
                    for (i, o) in options.iter().enumerate() {
                        front.push_str(&format!("\n({}) {o}", option_letter(i)));
                    }
                    (front, q.answer_text())
                }
                _ => card.prompt(side),
            };
            (
                BASIC,
                vec![field(&front), with_explanation(&back)],
                vec![(0, side)],
                true,
            )
        }
    }
}

/// Converts `deck`. Note and card ids count up from `first_id` (milliseconds, as Anki's are).
pub fn export(deck: &Deck, first_id: i64, schedule: Option<&Schedule>) -> Exported {
    let mut out = Exported::default();
    let col = &mut out.col;
    col.schema = 11;
    col.rollover_hour = 4;
    // Anki counts review due days from the collection's first day: the earliest answer's.
    let day0 = schedule.map(|s| {
        let first = s
            .events
            .iter()
            .map(Event::at)
            .chain(s.states.values().map(|st| st.last_review))
            .min()
            .unwrap_or(s.now)
            .min(s.now);
        (s.day_of)(first)
    });
    col.crt = match (schedule, day0) {
        (Some(s), Some(d)) => (s.day_start)(d).as_second(),
        _ => first_id / 1000,
    };
    col.decks.push(AnkiDeck {
        id: DECK,
        name: deck.title.replace('\u{1f}', " "),
        filtered: false,
        preset: Some(1),
    });
    let mut next = first_id;
    let mut id = || {
        next += 1;
        next
    };
    let mut card_ids: HashMap<(CardId, Side), i64> = HashMap::new();
    for (position, card) in deck.cards.iter().enumerate() {
        let (notetype, fields, sides, flat) = note_of(deck, card);
        out.flattened += usize::from(flat);
        let nid = id();
        col.notes.push(Note {
            id: nid,
            guid: guid(deck, card),
            notetype,
            fields,
            tags: card
                .tags
                .iter()
                .filter(|t| !t.chars().any(char::is_whitespace))
                .cloned()
                .collect(),
        });
        for (ord, side) in sides {
            let cid = id();
            card_ids.insert((card.id.clone(), side), cid);
            let key = ItemKey {
                card: card.id.clone(),
                side,
            };
            let state = schedule.and_then(|s| s.states.get(&key));
            let mut c = AnkiCard {
                id: cid,
                note: nid,
                deck: DECK,
                ord,
                due: i64::try_from(position + 1).unwrap_or(i64::MAX),
                ..AnkiCard::default()
            };
            if let (Some(st), Some(day0)) = (state, day0) {
                c.reps = st.reps;
                c.lapses = st.lapses;
                c.memory = Some((st.stability as f32, st.difficulty as f32));
                let due_day = schedule.map(|s| (s.day_of)(st.due)).unwrap_or(day0);
                let last_day = schedule.map(|s| (s.day_of)(st.last_review)).unwrap_or(day0);
                match st.phase {
                    Phase::Review => {
                        c.ctype = 2;
                        c.queue = 2;
                        c.due = i64::from((due_day - day0).get_days());
                        c.ivl = i64::from((due_day - last_day).get_days()).max(1);
                    }
                    Phase::Learning | Phase::Relearning => {
                        c.ctype = if st.phase == Phase::Learning { 1 } else { 3 };
                        c.queue = 1;
                        c.due = st.due.as_second();
                        c.ivl = 0;
                    }
                }
            }
            if schedule.is_some_and(|s| s.suspended.contains(&key)) {
                c.queue = -1;
            }
            col.cards.push(c);
        }
    }
    if let Some(s) = schedule {
        let mut used = std::collections::HashSet::new();
        for e in s.events {
            let Event::Review {
                at,
                card,
                rating,
                ms,
                before,
                state,
                ..
            } = e
            else {
                continue;
            };
            let key = ItemKey::parse(card);
            let Some(cid) = card_ids.get(&(key.card.clone(), key.side)) else {
                continue;
            };
            // Revlog ids are unique milliseconds.
            let mut rid = at.as_millisecond();
            while !used.insert(rid) {
                rid += 1;
            }
            let ivl = match state.phase {
                Phase::Review => i64::from(((s.day_of)(state.due) - (s.day_of)(*at)).get_days()),
                // Anki logs a learning interval as negative seconds.
                _ => -(state.due.as_second() - at.as_second()).max(0),
            };
            col.revlog.push(RevlogRow {
                id: rid,
                card: *cid,
                ease: match rating {
                    Rating::Again => 1,
                    Rating::Hard => 2,
                    Rating::Good => 3,
                    Rating::Easy => 4,
                },
                ivl,
                last_ivl: 0,
                factor: 2500,
                time: i64::try_from(*ms).unwrap_or(0).min(60_000),
                kind: match before {
                    Before::New | Before::Learning => 0,
                    Before::Review => 1,
                    Before::Relearning => 2,
                },
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::deck::AnswerRules;

    fn card(id: &str, body: CardBody) -> Card {
        Card {
            id: id.into(),
            body,
            explanation: None,
            tags: vec!["polity".into()],
            source: None,
            group: None,
            answer: AnswerRules::default(),
        }
    }

    fn deck(description: &str, cards: Vec<Card>) -> Deck {
        Deck {
            id: "d".into(),
            title: "UPSC::Polity".into(),
            description: description.into(),
            tags: vec![],
            sources: vec![],
            cards,
            answer_kind: None,
        }
    }

    #[test]
    fn fields_are_escaped_html() {
        assert_eq!(field("a < b & c\nd"), "a &lt; b &amp; c<br>d");
    }

    #[test]
    fn an_imported_card_gets_its_anki_guid_back() {
        let guid_in = "t=m%td~}?D";
        let id = super::super::ids::card_id(guid_in);
        let basic = CardBody::Basic {
            front: "f".into(),
            back: "b".into(),
            reverse: false,
            distractors: vec![],
        };
        let d = deck(
            "Imported from Anki: deck X of p.apkg.",
            vec![card(&id, basic.clone())],
        );
        assert_eq!(guid(&d, &d.cards[0]), guid_in);
        let mine = deck("My own deck.", vec![card("cz_1", basic)]);
        assert_eq!(guid(&mine, &mine.cards[0]), "smriti/d/cz_1");
    }

    #[test]
    fn cards_become_stock_notes_with_one_anki_card_per_item() {
        let d = deck(
            "x",
            vec![
                card(
                    "r",
                    CardBody::Basic {
                        front: "Year of Plassey".into(),
                        back: "1757".into(),
                        reverse: true,
                        distractors: vec![],
                    },
                ),
                card(
                    "c",
                    CardBody::Cloze {
                        parts: vec![
                            ClozePart::Text("The ".into()),
                            ClozePart::Gap {
                                answer: "Preamble".into(),
                                hint: None,
                            },
                            ClozePart::Text(" in ".into()),
                            ClozePart::Gap {
                                answer: "1976".into(),
                                hint: Some("year".into()),
                            },
                        ],
                    },
                ),
                card(
                    "t",
                    CardBody::Typed {
                        question: "Repo rate?".into(),
                        answers: vec!["RBI".into(), "Reserve Bank".into()],
                    },
                ),
            ],
        );
        let e = export(&d, 1_000, None);
        let types: Vec<i64> = e.col.notes.iter().map(|n| n.notetype).collect();
        assert_eq!(types, [REVERSED, CLOZE, TYPED]);
        assert_eq!(
            e.col.notes[1].fields[0],
            "The {{c1::Preamble}} in {{c2::1976::year}}"
        );
        let ords: Vec<u32> = e.col.cards.iter().map(|c| c.ord).collect();
        assert_eq!(ords, [0, 1, 0, 1, 0]);
        assert!(e.col.cards.iter().all(|c| c.ctype == 0 && c.deck == DECK));
        assert_eq!(e.col.notes[0].tags, ["polity"]);
        assert_eq!(e.flattened, 0);
    }
}
