//! An Anki collection's notes → smriti decks: one smriti deck per Anki deck that holds cards
//! (its `::` path kept as the title), one smriti card per note (its id from the note's GUID,
//! see [`super::ids`]), in the deck of the note's first card. Every Anki card that has a
//! smriti item is listed in [`Converted::items`], for the history. Pure.

use std::collections::{BTreeMap, HashMap};

use super::html::{self, decode_entities};
use super::ids;
use super::notetype::{self, Mapping};
use super::{AnkiCard, Collection, Note, NoteType};
use crate::domain::deck::{AnswerRules, Card, CardBody, ClozePart, Deck, ItemKey, Side};
use crate::domain::ids::{CardId, DeckId};

/// What became of the collection.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Converted {
    /// One deck per Anki deck with cards, in the order of their names.
    pub decks: Vec<Deck>,
    /// Each Anki card id with the smriti deck id and item it became.
    pub items: HashMap<i64, (DeckId, ItemKey)>,
    pub report: Report,
}

/// How a note type was read, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeUse {
    pub name: String,
    pub how: String,
    pub guessed: bool,
    pub notes: usize,
}

/// What the import did and left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub notes: usize,
    pub cards: usize,
    pub types: Vec<TypeUse>,
    /// Images, sounds and videos left out of the text.
    pub media: usize,
    /// Notes left out, with the reason (GUID, reason).
    pub skipped: Vec<(String, String)>,
    /// Notes whose cards sat in several decks (each went to its first card's deck).
    pub split_notes: usize,
    /// Anki cards with no smriti item (a third template, a cloze number with no deletion…).
    pub dropped_cards: usize,
    /// Cloze numbers used by more than one deletion: each deletion is its own item in smriti.
    pub shared_cloze_numbers: usize,
}

/// Converts the collection's notes. `source` names the package in the decks' descriptions.
pub fn convert(col: &Collection, source: &str) -> Converted {
    let types: HashMap<i64, (&NoteType, notetype::Mapped)> = col
        .notetypes
        .iter()
        .map(|nt| (nt.id, (nt, notetype::map(nt))))
        .collect();
    let deck_names: HashMap<i64, &str> =
        col.decks.iter().map(|d| (d.id, d.name.as_str())).collect();
    let mut cards_of: HashMap<i64, Vec<&AnkiCard>> = HashMap::new();
    for c in &col.cards {
        cards_of.entry(c.note).or_default().push(c);
    }
    for v in cards_of.values_mut() {
        v.sort_by_key(|c| c.ord);
    }
    // Smriti deck ids by Anki deck, unique even when two names slug alike.
    let mut deck_ids: HashMap<i64, String> = HashMap::new();
    let mut taken: HashMap<String, i64> = HashMap::new();
    let mut sorted: Vec<_> = col.decks.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    for d in sorted {
        let mut id = ids::deck_id(&d.name, d.id);
        let mut n = 2;
        while taken.contains_key(&id) {
            id = format!("{}-{n}", ids::deck_id(&d.name, d.id));
            n += 1;
        }
        taken.insert(id.clone(), d.id);
        deck_ids.insert(d.id, id);
    }

    let mut out = Converted::default();
    let mut decks: BTreeMap<String, Deck> = BTreeMap::new();
    let mut type_notes: BTreeMap<i64, usize> = BTreeMap::new();
    for note in &col.notes {
        let Some((nt, mapped)) = types.get(&note.notetype) else {
            out.report
                .skipped
                .push((note.guid.clone(), "its note type is missing".into()));
            continue;
        };
        let Some(cards) = cards_of.get(&note.id).filter(|c| !c.is_empty()) else {
            out.report
                .skipped
                .push((note.guid.clone(), "it has no cards".into()));
            continue;
        };
        let home = cards[0].home_deck();
        if cards.iter().any(|c| c.home_deck() != home) {
            out.report.split_notes += 1;
        }
        let id = ids::card_id(&note.guid);
        let field = |i: &usize, media: &mut usize| -> String {
            let t = html::to_text(note.fields.get(*i).map_or("", String::as_str));
            *media += t.media;
            t.text
        };
        let join = |ix: &[usize], media: &mut usize| -> String {
            ix.iter()
                .map(|i| field(i, media))
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("\n")
        };
        let mut media = 0;
        let has_ord = |ord: u32| cards.iter().any(|c| c.ord == ord);
        // Which Anki card (by ord) is which smriti item.
        let mut sides: Vec<(u32, Side)> = Vec::new();
        let (body, explanation) = match &mapped.mapping {
            Mapping::Basic {
                front,
                back,
                reverse_template,
                extra,
            } => {
                let reverse = reverse_template.is_some_and(has_ord);
                sides.push((0, Side::Forward));
                if let Some(r) = reverse_template.filter(|_| reverse) {
                    sides.push((r, Side::Reverse));
                }
                (
                    CardBody::Basic {
                        front: join(front, &mut media),
                        back: join(back, &mut media),
                        reverse,
                        distractors: vec![],
                    },
                    join(extra, &mut media),
                )
            }
            Mapping::Typed {
                question,
                answer,
                extra,
            } => {
                sides.push((0, Side::Forward));
                (
                    CardBody::Typed {
                        question: join(question, &mut media),
                        answers: vec![field(answer, &mut media)],
                    },
                    join(extra, &mut media),
                )
            }
            Mapping::Cloze { text, extra } => {
                let t = html::to_text(note.fields.get(*text).map_or("", String::as_str));
                media += t.media;
                let (parts, numbers) = cloze_parts(&t.text);
                let mut first_gap: BTreeMap<u32, u16> = BTreeMap::new();
                for (i, n) in numbers.iter().enumerate() {
                    let gap = u16::try_from(i + 1).unwrap_or(u16::MAX);
                    match first_gap.entry(*n) {
                        std::collections::btree_map::Entry::Occupied(_) => {
                            out.report.shared_cloze_numbers += 1
                        }
                        std::collections::btree_map::Entry::Vacant(v) => {
                            v.insert(gap);
                        }
                    }
                }
                for (n, gap) in first_gap {
                    sides.push((n.saturating_sub(1), Side::Cloze(gap)));
                }
                (CardBody::Cloze { parts }, join(extra, &mut media))
            }
        };
        if body_is_empty(&body) {
            out.report.skipped.push((
                note.guid.clone(),
                "its question or answer is empty once HTML and media are left out".into(),
            ));
            continue;
        }
        out.report.media += media;
        let deck_id = deck_ids
            .get(&home)
            .cloned()
            .unwrap_or_else(|| format!("anki-{}", home.unsigned_abs()));
        let deck = decks.entry(deck_id.clone()).or_insert_with(|| {
            let name = deck_names.get(&home).copied().unwrap_or("Imported");
            Deck {
                id: deck_id.as_str().into(),
                title: name.to_owned(),
                description: format!("Imported from Anki: deck {name} of {source}."),
                tags: vec![],
                sources: vec![],
                cards: vec![],
                answer_kind: None,
            }
        });
        for c in cards {
            match sides.iter().find(|(ord, _)| *ord == c.ord) {
                Some((_, side)) => {
                    out.items.insert(
                        c.id,
                        (
                            deck_id.as_str().into(),
                            ItemKey {
                                card: id.as_str().into(),
                                side: *side,
                            },
                        ),
                    );
                }
                None => out.report.dropped_cards += 1,
            }
        }
        out.report.cards += cards.len();
        out.report.notes += 1;
        *type_notes.entry(nt.id).or_default() += 1;
        deck.cards.push(Card {
            id: id.into(),
            body,
            explanation: Some(explanation).filter(|e| !e.is_empty()),
            tags: tags(note),
            source: None,
            group: None,
            answer: AnswerRules::default(),
        });
    }
    for (id, notes) in type_notes {
        if let Some((nt, m)) = types.get(&id) {
            out.report.types.push(TypeUse {
                name: nt.name.clone(),
                how: notetype::describe(nt, &m.mapping),
                guessed: m.guessed,
                notes,
            });
        }
    }
    out.decks = decks.into_values().collect();
    out
}

fn body_is_empty(body: &CardBody) -> bool {
    match body {
        CardBody::Basic { front, back, .. } => front.trim().is_empty() || back.trim().is_empty(),
        CardBody::Typed { question, answers } => {
            question.trim().is_empty() || answers.iter().all(|a| a.trim().is_empty())
        }
        CardBody::Cloze { parts } => !parts
            .iter()
            .any(|p| matches!(p, ClozePart::Gap { answer, .. } if !answer.trim().is_empty())),
        _ => false,
    }
}

/// Anki tags as smriti tags: spaces never occur in them; empty ones are dropped.
fn tags(note: &Note) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in &note.tags {
        let t = decode_entities(t.trim());
        if !t.is_empty() && !t.chars().any(char::is_whitespace) && !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// Splits cloze text (`{{c1::answer::hint}}`) into parts, and the cloze number of each
/// deletion in order. A malformed deletion stays text. Nested deletions keep their inner
/// text as the outer one's answer.
pub fn cloze_parts(text: &str) -> (Vec<ClozePart>, Vec<u32>) {
    let mut parts = Vec::new();
    let mut numbers = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{c") {
        let tail = &rest[open + 3..];
        let digits: String = tail.chars().take_while(char::is_ascii_digit).collect();
        let after = &tail[digits.len()..];
        let (Ok(n), Some(body)) = (digits.parse::<u32>(), after.strip_prefix("::")) else {
            plain.push_str(&rest[..open + 3]);
            rest = tail;
            continue;
        };
        // The closing braces that match: count nested `{{` inside.
        let mut depth = 0usize;
        let mut end = None;
        let bytes = body.as_bytes();
        let mut i = 0;
        while i + 1 < bytes.len() {
            if bytes[i] == b'{' && bytes[i + 1] == b'{' {
                depth += 1;
                i += 2;
            } else if bytes[i] == b'}' && bytes[i + 1] == b'}' {
                if depth == 0 {
                    end = Some(i);
                    break;
                }
                depth -= 1;
                i += 2;
            } else {
                i += 1;
            }
        }
        let Some(end) = end else {
            plain.push_str(&rest[..open + 3]);
            rest = tail;
            continue;
        };
        plain.push_str(&rest[..open]);
        let inner = &body[..end];
        // Nested deletions inside: keep their answers as text.
        let inner = cloze_parts(inner).0.iter().fold(String::new(), |mut s, p| {
            match p {
                ClozePart::Text(t) => s.push_str(t),
                ClozePart::Gap { answer, hint } => {
                    s.push_str(answer);
                    if let Some(h) = hint {
                        s.push_str("::");
                        s.push_str(h);
                    }
                }
            }
            s
        });
        let (answer, hint) = match inner.split_once("::") {
            Some((a, h)) => (
                a.to_owned(),
                Some(h.trim().to_owned()).filter(|h| !h.is_empty()),
            ),
            None => (inner.clone(), None),
        };
        if !plain.is_empty() {
            parts.push(ClozePart::Text(std::mem::take(&mut plain)));
        }
        parts.push(ClozePart::Gap {
            answer: answer.trim().to_owned(),
            hint,
        });
        numbers.push(n);
        rest = &body[end + 2..];
    }
    plain.push_str(rest);
    if !plain.is_empty() {
        parts.push(ClozePart::Text(plain));
    }
    (parts, numbers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cloze_numbers_and_hints_are_kept() {
        let (parts, numbers) = cloze_parts(
            "The {{c1::Preamble}} was amended by the {{c2::42nd::number}} in {{c1::1976}}.",
        );
        assert_eq!(numbers, vec![1, 2, 1]);
        assert_eq!(
            parts[3],
            ClozePart::Gap {
                answer: "42nd".into(),
                hint: Some("number".into())
            }
        );
        assert_eq!(parts.len(), 7);
        let (parts, numbers) = cloze_parts("{{c1::outer {{c2::inner}} text}} and {{c3 broken");
        assert_eq!(numbers, vec![1]);
        assert_eq!(
            parts[0],
            ClozePart::Gap {
                answer: "outer inner text".into(),
                hint: None
            }
        );
        assert_eq!(parts[1], ClozePart::Text(" and {{c3 broken".into()));
    }
}

/// What merging a converted deck into the deck file already there did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Merged {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// Merges `new` into `old` (a deck imported before): a card with the same id takes the new
/// question, answer, explanation and tags but keeps what was added in smriti (its group,
/// answer rules, source, distractors); new cards are added at the end; cards no longer in
/// the package stay. The deck's title and description are kept.
pub fn merge(old: &mut Deck, new: Deck) -> Merged {
    let mut m = Merged::default();
    let index: HashMap<CardId, usize> = old
        .cards
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.clone(), i))
        .collect();
    for card in new.cards {
        let Some(&i) = index.get(&card.id) else {
            m.added += 1;
            old.cards.push(card);
            continue;
        };
        let Some(have) = old.cards.get_mut(i) else {
            continue;
        };
        let body = match (&have.body, card.body) {
            // Hand-written distractors survive a re-import.
            (
                CardBody::Basic { distractors, .. },
                CardBody::Basic {
                    front,
                    back,
                    reverse,
                    ..
                },
            ) => CardBody::Basic {
                front,
                back,
                reverse,
                distractors: distractors.clone(),
            },
            (_, body) => body,
        };
        if have.body == body && have.explanation == card.explanation && have.tags == card.tags {
            m.unchanged += 1;
        } else {
            have.body = body;
            have.explanation = card.explanation;
            have.tags = card.tags;
            m.updated += 1;
        }
    }
    m
}
