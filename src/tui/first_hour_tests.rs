//! Screen tests for what a new user's first hour still found (issue 15's trial): nothing cut
//! at 80×24, counts that explain themselves, wording without zeros and "0h 00m".

use super::tests::{now, render};
use super::*;
use crate::store::deck_file;

/// Every shipped deck, listed as the app lists built-in decks.
fn shipped_app() -> App {
    let decks = crate::store::decks::built_in()
        .iter()
        .map(|(name, text)| {
            DeckEntry::new(
                format!("decks/{name} (built in)"),
                Ok(deck_file::parse(name, text).unwrap()),
            )
        })
        .collect();
    let init = Init {
        decks,
        progress: Progress::default(),
        settings: Settings::default(),
        tz: TimeZone::UTC,
        notices: vec![],
        paths: Paths::default(),
        seed: 1,
    };
    App::new(init, now())
}

#[test]
fn about_this_deck_shows_every_line_of_every_shipped_deck_at_80_by_24() {
    let mut a = shipped_app();
    let mut cut = Vec::new();
    for i in 0..a.shared.decks.len() {
        a.shared.selected = i;
        let screen = render(&a, 80, 24);
        // The file path is the last line: it shows whole.
        let path = a.shared.decks[i].origin.trim_end_matches(" (built in)");
        if !screen.contains(path) {
            cut.push(a.shared.decks[i].origin.clone());
        }
    }
    assert!(cut.is_empty(), "the path is cut in: {cut:?}\n{}", render(&a, 80, 24));
}
