//! Reading what a deck says about a card's answer: its kind and class, hand-written distractors,
//! exclusions (`not_with`, `not_distractors`) and, for a cloze card, per-gap `accept` and
//! `distractors`. Part of validation: a `not_with` that names no card, or a per-gap entry
//! for a gap the text does not have, is an error at its place.

use super::deck_model::{self as model, CardFile, PerGap};
use super::deck_validate::{From, Validator};
use super::json_pos::Seg::{self, Key};
use crate::domain::deck::{AnswerRules, CardBody, ClozePart};

fn texts(list: &[model::Text]) -> Vec<String> {
    list.iter().map(|t| t.0.trim().to_owned()).collect()
}

impl Validator<'_> {
    /// The answer rules of card `i` (whose body, when valid, is `body`).
    pub(super) fn answer_rules(
        &mut self,
        i: usize,
        c: &CardFile,
        body: Option<&CardBody>,
    ) -> AnswerRules {
        let none = (None, None, None, None);
        let (kind, class, not_with, not_distractors) = match c {
            CardFile::Basic(b) => (
                b.answer_kind,
                b.answer_class.as_ref(),
                b.not_with.as_ref(),
                b.not_distractors.as_ref(),
            ),
            CardFile::Typed(t) => (
                t.answer_kind,
                t.answer_class.as_ref(),
                t.not_with.as_ref(),
                t.not_distractors.as_ref(),
            ),
            CardFile::Cloze(z) => (
                z.answer_kind,
                z.answer_class.as_ref(),
                z.not_with.as_ref(),
                z.not_distractors.as_ref(),
            ),
            _ => none,
        };
        let mut rules = AnswerRules {
            kind: kind.map(model::AnswerKindName::kind),
            class: class.map(|c| c.0.clone()),
            not_with: not_with
                .map(|ids| ids.iter().map(|id| id.0.clone()).collect())
                .unwrap_or_default(),
            not_distractors: not_distractors.map(|t| texts(t)).unwrap_or_default(),
            ..AnswerRules::default()
        };
        match c {
            CardFile::Typed(t) => {
                rules.distractors = t.distractors.as_deref().map(texts).unwrap_or_default();
            }
            CardFile::Cloze(z) => {
                let gaps: Vec<&str> = match body {
                    Some(CardBody::Cloze { parts }) => parts
                        .iter()
                        .filter_map(|p| match p {
                            ClozePart::Gap { answer, .. } => Some(answer.as_str()),
                            ClozePart::Text(_) => None,
                        })
                        .collect(),
                    _ => vec![],
                };
                rules.accept = self.per_gap(i, "accept", z.accept.as_ref(), &gaps);
                rules.gap_distractors =
                    self.per_gap(i, "distractors", z.distractors.as_ref(), &gaps);
            }
            _ => {}
        }
        rules
    }

    fn per_gap(
        &mut self,
        i: usize,
        field: &'static str,
        map: Option<&PerGap>,
        gaps: &[&str],
    ) -> Vec<(String, Vec<String>)> {
        let mut out = Vec::new();
        for (gap, forms) in map.into_iter().flatten() {
            let gap = gap.trim();
            if !gaps.is_empty() && !gaps.contains(&gap) {
                self.err(
                    From::Card(i),
                    &[Key(field)],
                    format!("`{field}` names {gap:?}, which is not a gap of this card"),
                    &format!(
                        "key each entry by a gap's answer as written: {}",
                        gaps.iter()
                            .map(|g| format!("{g:?}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
            }
            out.push((gap.to_owned(), texts(forms)));
        }
        out
    }

    /// Checks every `not_with` against the deck's card ids (`ids`: id → card index).
    pub(super) fn not_with_known(
        &mut self,
        i: usize,
        rules: &AnswerRules,
        ids: &crate::domain::options::HashMap<&str, usize>,
    ) {
        for (j, id) in rules.not_with.iter().enumerate() {
            if !ids.contains_key(id.as_str()) {
                let at: [Seg; 2] = [Key("not_with"), Seg::Index(j)];
                self.err(
                    From::Card(i),
                    &at,
                    format!("`not_with` names card {id:?}, which the deck does not have"),
                    "use the id of another card of this deck",
                );
            }
        }
    }
}
