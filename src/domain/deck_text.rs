//! Every text of a deck that a screen can show, visited in one place: the title and
//! description, the sources' citations, and each card's question, answer, options,
//! statements, pairs, cloze parts, explanations and hand-written wrong options (the answers'
//! keys alike, so a key still finds its gap). Ids, tags and groups are names, not text, and
//! are left alone. The app passes each through the one terminal filter
//! (`text::terminal_safe`) when a deck arrives, so a control character shows as `�` in
//! every cell, as `smriti check` says it will. Pure.

use super::deck::{CardBody, ClozePart, Deck};
use super::text::{Breaks, terminal_safe};

/// Calls `f` on every text of `deck` (see the module documentation for which).
pub fn each_text_mut(deck: &mut Deck, mut f: impl FnMut(&mut String)) {
    f(&mut deck.title);
    f(&mut deck.description);
    for s in &mut deck.sources {
        f(&mut s.title);
        for t in [&mut s.publisher, &mut s.date, &mut s.url]
            .into_iter()
            .flatten()
        {
            f(t);
        }
    }
    for c in &mut deck.cards {
        if let Some(e) = &mut c.explanation {
            f(e);
        }
        let rules = &mut c.answer;
        rules.distractors.iter_mut().for_each(&mut f);
        rules.not_distractors.iter_mut().for_each(&mut f);
        for (key, texts) in rules.accept.iter_mut().chain(&mut rules.gap_distractors) {
            f(key);
            texts.iter_mut().for_each(&mut f);
        }
        match &mut c.body {
            CardBody::Basic {
                front,
                back,
                distractors,
                ..
            } => {
                f(front);
                f(back);
                distractors.iter_mut().for_each(&mut f);
            }
            CardBody::Mcq {
                question,
                options,
                option_explanations,
                ..
            } => {
                f(question);
                options.iter_mut().for_each(&mut f);
                option_explanations.iter_mut().for_each(&mut f);
            }
            CardBody::Multi {
                question, options, ..
            } => {
                f(question);
                options.iter_mut().for_each(&mut f);
            }
            CardBody::Cloze { parts } => {
                for p in parts {
                    match p {
                        ClozePart::Text(t) => f(t),
                        ClozePart::Gap { answer, hint } => {
                            f(answer);
                            if let Some(h) = hint {
                                f(h);
                            }
                        }
                    }
                }
            }
            CardBody::Typed { question, answers } => {
                f(question);
                answers.iter_mut().for_each(&mut f);
            }
            CardBody::Statements {
                question,
                statements,
                ..
            } => {
                f(question);
                statements.iter_mut().for_each(|s| f(&mut s.text));
            }
            CardBody::Match {
                question,
                left_title,
                right_title,
                pairs,
                ..
            } => {
                for t in [question, left_title, right_title] {
                    f(t);
                }
                for p in pairs {
                    f(&mut p.left);
                    f(&mut p.right);
                    if let Some(s) = &mut p.shown {
                        f(s);
                    }
                }
            }
        }
    }
}

/// `deck` with every text through the one terminal filter (line breaks kept: a card may
/// have several lines; the title is one line where it is drawn): a control character
/// becomes `�`, an override or invisible character goes. Texts that need nothing are left
/// as they are (no copy).
pub fn shown(deck: &mut Deck) {
    each_text_mut(deck, |t| {
        if let std::borrow::Cow::Owned(clean) = terminal_safe(t, Breaks::Keep) {
            *t = clean;
        }
    });
}
