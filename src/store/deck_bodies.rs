//! Each card kind's own fields, checked and built into its domain body (`domain::deck::CardBody`):
//! statements, options, pairs and cloze gaps, with the answers among them. Part of validation
//! ([`super::deck_validate`] checks the deck and the fields every card has); every problem is
//! reported at its value's line and column. No I/O.

use std::collections::HashSet;

use super::deck_model::{self as model, CardFile, Kind};
use super::deck_validate::{From, Validator, parse_cloze, texts};
use super::json_pos::Seg::{Index, Key};
use crate::domain::deck::{CardBody, MatchStyle, Pair, Statement, StatementStyle};
use crate::domain::words::plural;

impl Validator<'_> {
    /// Checks the kind-specific fields of card `i` and builds its body (None on errors).
    pub(super) fn body(&mut self, i: usize, c: &CardFile) -> Option<CardBody> {
        let errors_before = self.error_count();
        let here = From::Card(i);
        let need = |v: &mut Self, field: &'static str, t: &model::Text| -> String {
            // What the field is called is written only for an empty one (not twice for each
            // of a large deck's cards).
            if t.0.trim().is_empty() {
                v.text(here, &[Key(field)], &format!("the card's {field}"), &t.0);
            }
            t.0.trim().to_owned()
        };
        let opt = |v: &Option<model::Text>, d: &str| {
            v.as_ref()
                .map(|t| t.0.trim())
                .filter(|t| !t.is_empty())
                .unwrap_or(d)
                .to_owned()
        };
        let body = match c {
            CardFile::Basic(b) => {
                let front = need(self, "front", &b.front);
                let back = need(self, "back", &b.back);
                let distractors = self.texts(
                    i,
                    "distractors",
                    b.distractors.as_deref().unwrap_or_default(),
                );
                if let Some(j) = distractors
                    .iter()
                    .position(|d| d.eq_ignore_ascii_case(&back))
                {
                    self.err(
                        here,
                        &[Key("distractors"), Index(j)],
                        "a distractor is the same as the answer".into(),
                        "distractors must be wrong answers",
                    );
                }
                CardBody::Basic {
                    front,
                    back,
                    reverse: b.reverse.unwrap_or(false),
                    distractors,
                }
            }
            CardFile::Mcq(m) => {
                let question = need(self, "question", &m.question);
                let options = self.options(i, Kind::Mcq, &m.options);
                let answer = m.answer as usize;
                let answer = if answer < options.len() || options.is_empty() {
                    answer
                } else {
                    self.err(
                        here,
                        &[Key("answer")],
                        format!(
                            "answer {answer} is not one of the options (they are numbered 0 to {})",
                            options.len() - 1
                        ),
                        "`answer` is the position of the right option, counting from 0",
                    );
                    0
                };
                let option_explanations = self.texts(
                    i,
                    "option_explanations",
                    m.option_explanations.as_deref().unwrap_or_default(),
                );
                if !option_explanations.is_empty() && option_explanations.len() != options.len() {
                    self.err(
                        here,
                        &[Key("option_explanations")],
                        format!(
                            "{} for {}",
                            plural(option_explanations.len(), "option explanation"),
                            plural(options.len(), "option")
                        ),
                        "give one explanation per option, in the same order",
                    );
                }
                CardBody::Mcq {
                    question,
                    options,
                    answer,
                    option_explanations,
                    shuffle: m.shuffle.unwrap_or(true),
                }
            }
            CardFile::Multi(m) => {
                let question = need(self, "question", &m.question);
                let options = self.options(i, Kind::Multi, &m.options);
                if m.answers.is_empty() {
                    self.err(
                        here,
                        &[Key("answers")],
                        "`answers` is empty".into(),
                        "list the positions of every right option, counting from 0",
                    );
                }
                let mut seen = HashSet::new();
                for (j, &a) in m.answers.iter().enumerate() {
                    let a = a as usize;
                    if a >= options.len() && !options.is_empty() {
                        self.err(
                            here,
                            &[Key("answers"), Index(j)],
                            format!(
                                "answer {a} is not one of the options (they are numbered 0 to {})",
                                options.len() - 1
                            ),
                            "list the positions of every right option, counting from 0",
                        );
                    } else if !seen.insert(a) {
                        self.err(
                            here,
                            &[Key("answers"), Index(j)],
                            format!("answer {a} is listed twice"),
                            "list each right option once",
                        );
                    }
                }
                let mut answers: Vec<usize> = m.answers.iter().map(|&a| a as usize).collect();
                answers.sort_unstable();
                answers.dedup();
                CardBody::Multi {
                    question,
                    options,
                    answers,
                    shuffle: m.shuffle.unwrap_or(true),
                }
            }
            CardFile::Cloze(z) => {
                self.text(here, &[Key("text")], "the card's text", &z.text);
                let text = z.text.trim();
                match parse_cloze(text) {
                    Ok(parts) => CardBody::Cloze { parts },
                    Err(e) if !text.is_empty() => {
                        self.err(
                            here,
                            &[Key("text")],
                            e.to_string(),
                            "mark each hidden part as {{answer}} or {{answer::hint}}",
                        );
                        CardBody::Cloze { parts: vec![] }
                    }
                    Err(_) => CardBody::Cloze { parts: vec![] },
                }
            }
            CardFile::Typed(t) => {
                let question = need(self, "question", &t.question);
                if t.accept.is_empty() {
                    self.err(
                        here,
                        &[Key("accept")],
                        "`accept` is empty".into(),
                        "list at least one accepted answer",
                    );
                }
                let answers = self.texts(i, "accept", &t.accept);
                CardBody::Typed { question, answers }
            }
            CardFile::Statements(s) => {
                let style = match s.style {
                    None | Some(model::StatementStyle::Which) => StatementStyle::Which,
                    Some(model::StatementStyle::HowMany) => StatementStyle::HowMany,
                };
                if !(2..=4).contains(&s.statements.len()) {
                    self.err(
                        here,
                        &[Key("statements")],
                        format!(
                            "a statements card needs 2 to 4 statements, found {}",
                            s.statements.len()
                        ),
                        "UPSC asks about 2, 3 or 4 statements",
                    );
                }
                for (j, st) in s.statements.iter().enumerate() {
                    if st.text.0.trim().is_empty() {
                        self.err(
                            here,
                            &[Key("statements"), Index(j), Key("text")],
                            format!("statement {} is empty", j + 1),
                            "write the statement",
                        );
                    }
                }
                CardBody::Statements {
                    question: opt(&s.question, "Consider the following statements:"),
                    statements: s
                        .statements
                        .iter()
                        .map(|st| Statement {
                            text: st.text.0.trim().to_owned(),
                            correct: st.correct,
                        })
                        .collect(),
                    style,
                }
            }
            CardFile::Match(m) => self.match_body(i, m, opt),
        };
        (self.error_count() == errors_before).then_some(body)
    }

    fn match_body(
        &mut self,
        i: usize,
        m: &model::MatchCard,
        opt: impl Fn(&Option<model::Text>, &str) -> String,
    ) -> CardBody {
        let here = From::Card(i);
        let style = match m.style {
            None | Some(model::MatchStyle::HowMany) => MatchStyle::HowMany,
            Some(model::MatchStyle::Codes) => MatchStyle::Codes,
        };
        let (min, max, name) = if style == MatchStyle::Codes {
            (3, 6, "codes")
        } else {
            (2, 6, "how-many")
        };
        if !(min..=max).contains(&m.pairs.len()) {
            self.err(
                here,
                &[Key("pairs")],
                format!(
                    "a {name} match card needs {min} to {max} pairs, found {}",
                    m.pairs.len()
                ),
                "add or remove pairs",
            );
        }
        let mut lefts = HashSet::new();
        let mut rights = HashSet::new();
        for (j, pair) in m.pairs.iter().enumerate() {
            let p = |k| [Key("pairs"), Index(j), Key(k)];
            let (left, right) = (pair.left.0.trim(), pair.right.0.trim());
            if left.is_empty() || right.is_empty() {
                self.err(
                    here,
                    &p("left"),
                    format!("pair {} has an empty side", j + 1),
                    "write both sides of the pair",
                );
            }
            if !lefts.insert(left) {
                self.err(
                    here,
                    &p("left"),
                    format!("{:?} appears twice on the left", pair.left.0),
                    "each item may appear once in List I",
                );
            }
            if !rights.insert(right) {
                self.err(
                    here,
                    &p("right"),
                    format!("{:?} appears twice on the right", pair.right.0),
                    "each item may appear once in List II",
                );
            }
            if let Some(shown) = &pair.shown {
                if style == MatchStyle::Codes {
                    self.err(
                        here,
                        &p("shown"),
                        "`shown` only applies to how-many match cards".into(),
                        "remove it, or use `\"style\": \"how-many\"`",
                    );
                } else if shown.0.trim() == right || shown.0.trim().is_empty() {
                    self.err(here, &p("shown"), format!("pair {} is shown with its own right side or with nothing", j + 1), "`shown` is the wrong right-hand side to display; leave it out to show the pair correctly");
                }
            }
        }
        let default_question = if style == MatchStyle::Codes {
            "Match List I with List II:"
        } else {
            "Consider the following pairs:"
        };
        CardBody::Match {
            question: opt(&m.question, default_question),
            left_title: opt(&m.left_title, "List I"),
            right_title: opt(&m.right_title, "List II"),
            pairs: m
                .pairs
                .iter()
                .map(|p| Pair {
                    left: p.left.0.trim().to_owned(),
                    right: p.right.0.trim().to_owned(),
                    shown: p.shown.as_ref().map(|s| s.0.trim().to_owned()),
                })
                .collect(),
            style,
        }
    }

    /// Checks `options` of an mcq or multi card: 2 to 6, non-empty, all different.
    fn options(&mut self, i: usize, kind: Kind, options: &[model::Text]) -> Vec<String> {
        let here = From::Card(i);
        if !(2..=6).contains(&options.len()) {
            self.err(
                here,
                &[Key("options")],
                format!(
                    "{}; {} takes 2 to 6",
                    plural(options.len(), "option"),
                    kind.a_card()
                ),
                "UPSC papers use four options",
            );
        }
        let mut seen = HashSet::new();
        for (j, o) in options.iter().enumerate() {
            let at = [Key("options"), Index(j)];
            let o = o.0.trim();
            if o.is_empty() {
                self.err(
                    here,
                    &at,
                    format!("option {j} is empty"),
                    "write the option",
                );
            } else if !seen.insert(o.to_lowercase()) {
                self.err(
                    here,
                    &at,
                    format!("option {j} repeats an earlier option"),
                    "make every option different",
                );
            }
        }
        texts(options)
    }
}
