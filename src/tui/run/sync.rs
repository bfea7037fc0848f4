//! The run loop's reading of what other devices did (issue 19): their answers and settings
//! changes that a sync tool delivered while smriti runs, and the replay of a card whose
//! answer an undo took back after such news (`store::refresh`). Both loops (full screen and
//! plain) call it; it hands what it read to the app as actions. Must not draw.

use jiff::Timestamp;

use super::super::action::Action;
use super::super::app::App;
use crate::store::Saves;

/// Reads what other devices added to the saves folder (issue 19) into the app: cheap when
/// nothing changed (file sizes only); the progress is copied only when there is news.
pub fn sync_in(app: &mut App, saves: &mut Saves, now: Timestamp) {
    // An undo that could not be replayed when it was given (not yet durable) is, now.
    replay_undone(app, saves, now);
    if !saves.news() {
        return;
    }
    // Settings first: answers read below are rescheduled with them.
    if let Some((settings, what)) = saves.refresh_settings(&app.shared().settings) {
        let note = format!("Settings changed on another device: {what}.");
        app.update(Action::SettingsSaved(Box::new(settings), note), now);
    }
    let everything = saves.rereads_everything();
    let mut progress = app.shared().progress.clone();
    match saves.refresh(&mut progress) {
        Ok(0) => {}
        // Every event was read again: the count says nothing of what is new.
        Ok(_) if everything => {
            app.update(Action::Synced(Box::new(progress), 0), now);
        }
        Ok(new) => {
            app.update(Action::Synced(Box::new(progress), new), now);
        }
        Err(e) => {
            app.update(Action::SaveFailed(e.to_string()), now);
        }
    }
}

/// After an undo of an answer that another device's answers were perhaps built on, puts its
/// card as every log gives it into the app (`Saves::replay_undone`).
pub(super) fn replay_undone(app: &mut App, saves: &mut Saves, now: Timestamp) {
    match saves.replay_undone() {
        Ok(Some(replayed)) => {
            app.update(Action::UndoReplayed(Box::new(replayed)), now);
        }
        Ok(None) => {}
        Err(e) => {
            app.update(Action::SaveFailed(e.to_string()), now);
        }
    }
}
