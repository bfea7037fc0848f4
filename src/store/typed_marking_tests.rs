//! The shipped decks marked typed: no card's typed answer accepts another card's answer of
//! the same deck (as right, or as close with a typo) unless the two answers read the same.
//! The marking is `domain::typed`'s, with the deck's own words as the study screen uses them.

use crate::domain::deck::{Deck, Side};
use crate::domain::options::Pool;
use crate::domain::quiz::{
    DeckWords, Question, StudyMode, Verdict, check_typed, check_typed_among, question_in,
};
use crate::store::decks::built_in;

fn shipped() -> Vec<Deck> {
    built_in()
        .iter()
        .map(|(name, text)| crate::store::deck_file::parse(name, text).unwrap())
        .collect()
}

/// Every item's answers in `deck`: its card, side and the texts it accepts as its own.
fn answers(deck: &Deck, pool: &Pool) -> Vec<(usize, Side, Vec<String>)> {
    let mut out = Vec::new();
    for (ci, card) in deck.cards.iter().enumerate() {
        for side in card.sides() {
            let mut texts = Vec::new();
            if let Some((_, answer, _)) = pool.item_answer(deck, ci, side) {
                texts.push(answer);
            }
            if let Question::Typed {
                accepted, shown, ..
            } = question_in(pool, deck, card, side, StudyMode::Typed, 0)
            {
                texts.extend(accepted[..shown].iter().cloned());
            }
            texts.dedup();
            out.push((ci, side, texts));
        }
    }
    out
}

#[test]
fn no_typed_answer_accepts_another_cards_answer() {
    let mut wrong = Vec::new();
    let mut asked = 0;
    for deck in shipped() {
        let pool = Pool::new(&deck);
        let words = DeckWords::of(&deck);
        let all = answers(&deck, &pool);
        for (ci, card) in deck.cards.iter().enumerate() {
            for side in card.sides() {
                let Question::Typed { accepted, .. } =
                    question_in(&pool, &deck, card, side, StudyMode::Typed, 0)
                else {
                    continue;
                };
                asked += 1;
                for (cj, side_j, texts) in &all {
                    if (*cj, *side_j) == (ci, side) {
                        continue;
                    }
                    for t in texts {
                        let among = check_typed_among(t, &accepted, |w| words.has(w));
                        let alone = check_typed(t, &accepted);
                        // Right only for the same answer read the same way (two cards of one
                        // fact: "Toshimitsu Motegi", "India's" in the strengths table).
                        if among == Verdict::Close || alone == Verdict::Close {
                            wrong.push(format!(
                                "{}: {:?} ({}) accepted with a typo for {:?} ({}): {among:?}/{alone:?}",
                                deck.id, t, deck.cards[*cj].id, accepted, card.id
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(asked > 50, "{asked} typed items");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
