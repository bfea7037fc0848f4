//! The mock test's files as the run loops use them: where the test being taken is kept, keeping
//! it on the way out, the unfinished test to offer at start-up, and the earlier scores on the
//! same decks for the results' trend. Called by `run` and `plain_test`, which own the saves.

use std::path::PathBuf;

use jiff::Timestamp;

use super::app::App;
use super::screens::Screen;
use crate::domain::mock::Paused;
use crate::store::{self, Saves};

/// Where the mock test being taken is kept.
pub(super) fn test_path(saves: &Saves) -> PathBuf {
    saves.files().test_in_progress()
}

/// On the way out (a signal, a closed terminal), keeps the test on screen as it stands at
/// `now`: the next start offers to resume it. Its answers were kept as they were given; this
/// keeps the time left too.
pub(super) fn keep_test(app: &App, saves: &Saves, now: Timestamp) {
    if let Screen::Test(t) = app.screen() {
        let paused = t.test.clone().pause(now);
        let _ = store::test_state::save(&test_path(saves), &paused);
    }
}

/// The test left unsubmitted in the saves folder, if any, to offer at start-up. One already in
/// the tests log (submitted, then the app stopped before forgetting it) is forgotten now; one
/// that cannot be read is moved aside, never deleted, and named in `notices`.
pub(super) fn unfinished_test(
    saves: &Saves,
    now: Timestamp,
    notices: &mut Vec<String>,
) -> Option<Paused> {
    let path = test_path(saves);
    match store::test_state::load(&path) {
        Ok(None) => None,
        Ok(Some(p)) => {
            let logged = store::tests_log::read_in(saves.dir())
                .0
                .iter()
                .any(|r| r.started == p.started && r.items.len() == p.questions.len());
            if logged {
                let _ = store::test_state::remove(&path);
                return None;
            }
            Some(p)
        }
        Err(e) => {
            let kept = match store::test_state::set_aside(&path, now.as_second()) {
                Ok(to) => format!("it was moved to {}", to.display()),
                Err(_) => "it was left where it is".to_owned(),
            };
            notices.push(format!("{e}; {kept}, and a new test does not overwrite it"));
            None
        }
    }
}

/// The scores (as a share of the maximum) of the last five tests in the tests logs of the
/// saves folder `dir` (every device's) taken on
/// the same decks as `results`, oldest first. A log that cannot be read gives none: the trend
/// is a nicety, and the log's trouble is reported when the test is saved.
pub(super) fn earlier_scores(
    dir: &std::path::Path,
    results: &crate::domain::mock::Results,
) -> Vec<f64> {
    use std::collections::BTreeSet;
    let decks: BTreeSet<&str> = results
        .test
        .questions
        .iter()
        .map(|q| q.deck.as_str())
        .collect();
    let (records, _) = store::tests_log::read_in(dir);
    let mut scores: Vec<f64> = records
        .iter()
        .filter(|r| {
            r.items
                .iter()
                .map(|i| i.deck.as_str())
                .collect::<BTreeSet<_>>()
                == decks
        })
        .filter(|r| r.score.max_marks > 0.0)
        .map(|r| r.score.marks / r.score.max_marks)
        .collect();
    let keep = scores.len().saturating_sub(5);
    scores.drain(..keep);
    scores
}
