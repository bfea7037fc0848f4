//! The run loop: owns the terminal and the saves folder. Draws, turns key presses into actions
//! through the key table, feeds them to `App::update`, and carries out the effects, making
//! every answer durable before the next frame is drawn.
//!
//! The terminal is restored on every way out: normal quit, Ctrl-C (a key in raw mode: save and
//! quit), SIGTERM/SIGHUP/SIGINT/SIGQUIT (save and quit), a closed terminal (read error), and
//! panics (ratatui's panic hook).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use ratatui::crossterm::event::{self, Event as TermEvent, KeyEventKind};

use super::action::{Action, Effect};
use super::app::{App, Init};
use super::keymap;
use super::screens::Screen;
use super::shared::{DeckEntry, Header, Paths};
use super::test_files::{earlier_scores, keep_test, test_path, unfinished_test};
use super::theme::Theme;
use super::view;
use crate::domain::ids::DeckId;
use crate::domain::mock::TestSpec;
use crate::domain::quiz::StudyMode;
use crate::domain::text::{Breaks, terminal_safe};
use crate::store::{self, Saves, decks};

mod memory;
mod page;
mod sync;

use page::page;
use sync::replay_undone;
pub use sync::sync_in;

/// Everything the loop needs from the command line and the environment.
pub struct Options {
    pub saves_dir: PathBuf,
    /// This machine as a device: it appends only to its own logs in the saves folder.
    pub device: store::device::Device,
    pub decks_dir: Option<PathBuf>,
    pub tz: TimeZone,
    pub theme: Theme,
    pub seed: u64,
    /// The clock: returns "now".
    pub clock: Box<dyn Fn() -> Timestamp>,
    /// Open straight on a mock test (`smriti test`).
    pub test: Option<TestRequest>,
    /// Open straight on studying a deck (`smriti study`): deck id and mode.
    pub study: Option<(String, StudyMode)>,
    /// Answers between snapshot rewrites, when not the default (`SMRITI_SNAPSHOT_EVERY`).
    pub snapshot_every: Option<u32>,
    /// Test builds only: panic after the first frame, to test that the terminal is restored.
    pub test_panic: bool,
}

/// A mock test asked for on the command line.
pub struct TestRequest {
    /// Deck ids (all decks when empty).
    pub decks: Vec<String>,
    pub spec: TestSpec,
}

/// Turns loaded deck files into deck-list entries.
pub fn deck_entries(loaded: Vec<decks::Loaded>) -> Vec<DeckEntry> {
    loaded
        .into_iter()
        .map(|l| {
            let deck = l
                .deck
                .map_err(|errs| errs.iter().map(ToString::to_string).collect());
            let label = l.origin.label();
            let folder = matches!(l.origin, decks::Origin::Folder(_));
            // Listed from the deck index: the header only, and the file to read on opening.
            let mut entry = match (deck, l.unread, l.origin) {
                (Ok(header), Some(outline), decks::Origin::File(path)) => {
                    DeckEntry::indexed(label, Header::of(&header), outline, path)
                }
                (deck, _, _) => DeckEntry::new(label, deck),
            };
            entry.skipped = l.skipped.iter().map(ToString::to_string).collect();
            entry.left_out = l.left_out;
            entry.folder = folder;
            entry
        })
        .collect()
}

/// Applies `action`, first reading the deck files it needs (see [`App::decks_to_read`]).
pub fn dispatch(app: &mut App, action: Action, now: Timestamp) -> Vec<Effect> {
    read_decks(app, app.decks_to_read(&action, now), now);
    app.update(action, now)
}

/// Reads these deck files in full (on every core) and hands them to the app.
pub fn read_decks(app: &mut App, wanted: Vec<(usize, PathBuf)>, now: Timestamp) {
    if wanted.is_empty() {
        return;
    }
    let paths: Vec<&PathBuf> = wanted.iter().map(|(_, p)| p).collect();
    let read = crate::par::map(&paths, |p| {
        decks::read_deck(p).map_err(|errs| errs.iter().map(ToString::to_string).collect())
    });
    let read = wanted.iter().map(|(i, _)| *i).zip(read).collect();
    app.update(Action::DecksRead(read), now);
}

/// The deck list: built-in decks, and the files in `dir` through the deck index in `saves`
/// (which is brought up to date; it is a cache, so failing to write it changes nothing).
pub fn list_decks(dir: Option<&std::path::Path>, saves: &std::path::Path) -> Vec<DeckEntry> {
    let mut index = store::deck_index::DeckIndex::load(saves);
    let listed = decks::list_all(dir, &mut index);
    let _ = index.save(saves);
    deck_entries(listed)
}

/// What carrying out effects did.
#[derive(Debug, Default)]
pub struct Executed {
    pub quit: bool,
    /// Sequence numbers of the answers now durable in the log.
    pub saved: Vec<u64>,
    /// Memory-model work to start off the UI thread (the full-screen loop does).
    pub memory: Option<super::action::MemoryJob>,
    /// Stop the memory-model work under way.
    pub stop_memory: bool,
}

/// Carries out effects: every `Record` is durable (fsynced) when this returns, or its failure
/// is reported to the app and the answer kept in memory for a retry. Snapshots are not taken
/// here (see [`snapshot_if_due`]): at 100,000 cards one costs ~100 ms, which is spent on
/// another thread, never between an answer and the next card or the session summary.
pub fn execute(
    app: &mut App,
    saves: &mut Saves,
    effects: Vec<Effect>,
    now: Timestamp,
    decks_dir: Option<&std::path::Path>,
) -> Executed {
    let mut done = Executed::default();
    for effect in effects {
        match effect {
            Effect::Record(event) => {
                let result = saves.record(&event);
                // Earlier answers kept in memory may have landed with this one.
                done.saved.extend(saves.take_landed());
                if let Err(e) = result {
                    app.update(Action::SaveFailed(e.to_string()), now);
                }
                replay_undone(app, saves, now);
            }
            // Started by `snapshot_if_due`, after this action, in the background.
            Effect::Snapshot => saves.request_snapshot(),
            Effect::LoadStats(ids, scope) => {
                let (stats, problems) = load_stats(app, saves, &ids, now);
                app.update(Action::StatsLoaded(scope, Box::new(stats)), now);
                if !problems.is_empty() {
                    app.update(Action::SaveFailed(problems.join("; ")), now);
                }
            }
            Effect::ReloadDecks => {
                let entries = list_decks(decks_dir, saves.dir());
                app.update(Action::DecksLoaded(entries), now);
            }
            Effect::RecordTest(results) => {
                let trend = earlier_scores(saves.dir(), &results);
                app.update(Action::TestTrend(trend), now);
                let record = store::tests_log::TestRecord::from_results(&results);
                // Kept in memory and retried (every second, and on the way out) on failure;
                // the test in progress stays on disk until the record is durable (a start-up
                // that finds both forgets the one in progress).
                match saves.record_test(record) {
                    Ok(()) => {
                        let _ = store::test_state::remove(&test_path(saves));
                    }
                    Err(e) => {
                        app.update(Action::SaveFailed(e.to_string()), now);
                    }
                }
            }
            Effect::SaveTest(paused) => {
                if let Err(e) = store::test_state::save(&test_path(saves), &paused) {
                    let msg = format!(
                        "could not keep the test in progress in {}: {e}; the test goes on, and smriti tries again after the next answer",
                        test_path(saves).display()
                    );
                    app.update(Action::SaveFailed(msg), now);
                }
            }
            Effect::Memory(job) => done.memory = Some(job),
            Effect::StopMemory => done.stop_memory = true,
            Effect::SaveSettings(change) => match saves.update_settings(now, |s| change.apply(s)) {
                Ok((settings, backup)) => {
                    let kept = if backup.is_some() {
                        "; old settings backed up"
                    } else {
                        ""
                    };
                    let note = format!("{}{kept}.", change.describe());
                    app.update(Action::SettingsSaved(Box::new(settings), note), now);
                }
                Err(e) => {
                    app.update(Action::SaveFailed(e.to_string()), now);
                }
            },
            Effect::Quit => done.quit = true,
        }
    }
    done
}

/// Starts rewriting the snapshot in the background when enough answers have passed since the
/// last one (`store::snapshot_writer`: nothing waits for it), and reports a background write
/// that failed. Both loops call it once what an action led to is shown (the next card).
pub fn snapshot_if_due(app: &mut App, saves: &mut Saves, now: Timestamp) {
    // The decks' outlines the app has made (a deck opened, studied or in the statistics; the
    // others stay in the deck index's bytes): each snapshot's binary copy keeps a summary of
    // each of those decks made for its outline (`domain::summary`).
    let made = app
        .shared()
        .decks
        .iter()
        .filter(|e| e.usable() && e.outline.is_made());
    saves.set_outlines(made.map(|e| e.outline.arc()));
    if let Err(e) = saves.snapshot_in_background(&app.shared().progress) {
        app.update(Action::SaveFailed(e.to_string()), now);
    }
}

/// Works out statistics for the decks `ids` through the one statistics pipeline
/// (`store::reader`): the running totals kept by the saves (read once, then updated as answers
/// land), the progress in memory and the mock tests; with the problems met reading them.
fn load_stats(
    app: &App,
    saves: &mut Saves,
    ids: &[DeckId],
    now: Timestamp,
) -> (crate::domain::stats::Stats, Vec<String>) {
    let sh = app.shared();
    // The outlines (from the deck index), found through a set of the ids: no deck file is read,
    // and a deck whose saved summary fits the index's fingerprint is counted from it.
    let ids: std::collections::HashSet<&DeckId> = ids.iter().collect(); // (504 decks at 1M)
    let decks: Vec<&crate::domain::outline::LazyOutline> = sh
        .decks
        .iter()
        .filter(|e| e.usable() && ids.contains(e.outline.id()))
        .map(|e| &e.outline)
        .collect();
    // A log that cannot be read gives the figures without it (the app reports file trouble
    // where it happens: when answers are saved), and says so.
    let mut problems = Vec::new();
    let dir = saves.dir().to_owned();
    let empty = crate::domain::aggregates::Aggregates::default();
    let totals = match saves.totals_of(ids.iter().map(|id| id.as_str())) {
        Ok(t) => t,
        Err(e) => {
            problems.push(e.to_string());
            &empty
        }
    };
    let (stats, more) = store::reader::statistics(
        &dir,
        &decks,
        totals,
        &sh.progress,
        &sh.settings,
        &sh.tz,
        now,
    );
    problems.extend(more);
    (stats, problems)
}

/// Saves what can be saved on the way out; returns what could not be.
pub(super) fn finish(app: &App, saves: &mut Saves) -> Vec<String> {
    let mut unsaved = Vec::new();
    if let Err(e) = saves.flush() {
        // Leaving: nothing is kept any more.
        unsaved.push(e.when_leaving());
    }
    // Cheap: the answers are in the log; the snapshot is written only if it lags far behind.
    if let Err(e) = saves.leave(&app.shared().progress) {
        unsaved.push(e.to_string());
    }
    unsaved
}

/// How answers that could not be saved are retried before leaving.
pub(super) struct Retry {
    /// Time between tries.
    pub every: Duration,
    /// Set (by Ctrl-C, SIGTERM or SIGHUP while waiting) to give up and leave.
    pub give_up: Arc<AtomicBool>,
    /// Whether to catch those signals while waiting (not in tests).
    pub signals: bool,
}

/// One line of plain mode (`study --plain`, `test --plain`) to `out`, flushed. Deck text is
/// data: no escape sequence from a card reaches the terminal. A closed standard output is not
/// worth stopping for (answers are saved either way), so write errors are ignored.
pub(super) fn say(out: &mut dyn Write, s: &str) {
    let s = terminal_safe(s, Breaks::Keep);
    let _ = writeln!(out, "{s}");
    let _ = out.flush();
}

/// The problems found at start-up (`Shared::notices`), each whole as the full-screen panel
/// shows it (its first line after `note: `, the lines after it as they are), through [`say`].
pub(super) fn say_notices(out: &mut dyn Write, notices: &[String]) {
    for n in notices {
        say(out, &format!("note: {n}"));
    }
}

/// Before leaving, answers still kept in memory (a full disk) are retried until they land, as
/// the message said they would be; the user is told plainly what is happening (plain mode on
/// standard output, the full-screen app on standard error once the terminal is back). Only Ctrl-C
/// (or SIGTERM, SIGHUP) gives up, and then [`finish`] reports what was not saved (exit 1).
pub(super) fn save_before_leaving(saves: &mut Saves, out: &mut dyn Write, retry: &Retry) {
    if saves.pending() == 0 {
        return;
    }
    if retry.signals {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            // Without the handler Ctrl-C simply ends the process, which is what giving up means.
            let _ = signal_hook::flag::register(sig, Arc::clone(&retry.give_up));
        }
    }
    let mut told = String::new();
    loop {
        let flushed = saves.flush();
        for seq in saves.take_landed() {
            let _ = writeln!(out, "saved #{seq}");
        }
        match flushed.map_err(|e| e.to_string()) {
            Ok(()) => {
                let _ = writeln!(out, "All answers are saved.");
                let _ = out.flush();
                return;
            }
            Err(msg) if msg != told => {
                // The message names files (the saves folder's path is anyone's to choose).
                let safe = terminal_safe(&msg, Breaks::Keep);
                let _ = writeln!(
                    out,
                    "Not saved yet: {safe}\nFree some space (or fix the problem above): smriti tries again every {} s and finishes as soon as everything is saved. Ctrl-C gives up, and what is not saved is lost.",
                    retry.every.as_secs().max(1)
                );
                let _ = out.flush();
                told = msg;
            }
            Err(_) => {}
        }
        let until = std::time::Instant::now() + retry.every;
        loop {
            if retry.give_up.load(Ordering::SeqCst) {
                return;
            }
            let left = until.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                break;
            }
            std::thread::sleep(left.min(Duration::from_millis(100)));
        }
    }
}

/// What happened to the user's answers, for the message printed after the terminal is back.
pub struct Report {
    /// Answers that could not be saved (kept in memory until the app exited).
    pub unsaved: Vec<String>,
}

/// Why the app did not start.
#[derive(Debug, thiserror::Error)]
pub enum NotStarted {
    /// The command line named a deck that no deck folder has.
    #[error(transparent)]
    NoSuchDeck(#[from] super::shared::NoSuchDeck),
    /// Anything else: the saves folder could not be opened, nothing to study.
    #[error("{0}")]
    Failed(String),
}

impl From<String> for NotStarted {
    fn from(msg: String) -> NotStarted {
        NotStarted::Failed(msg)
    }
}

/// Opens the saves folder and the decks and builds the app (on a test or a deck when asked).
pub fn start(opts: &Options) -> Result<(App, Saves), NotStarted> {
    // The decks are listed (from the deck index, reading only changed files) while the saves
    // folder opens. Their outlines are made only when wanted: the deck counts of a deck whose
    // saved summary tells them, and the statistics, need only what the index says of it.
    let decks_dir = opts.decks_dir.as_deref();
    let saves_dir = opts.saves_dir.as_path();
    let (opened, (loaded, mut index)) = std::thread::scope(|s| {
        let decks = s.spawn(|| {
            let mut index = store::deck_index::DeckIndex::load(saves_dir);
            let listed = decks::list_all(decks_dir, &mut index);
            (listed, index)
        });
        let opened = store::open(&opts.saves_dir, &opts.device, &opts.tz);
        let loaded = decks
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (opened, loaded)
    });
    let opened = opened.map_err(|e| e.to_string())?;
    store::atomic::short_slices(); // This thread answers: woken by its fsync, it takes a core.
    let store::Opened {
        mut saves,
        progress,
        settings,
        mut notices,
    } = opened;
    let unfinished = unfinished_test(&saves, (opts.clock)(), &mut notices);
    if let Some(n) = opts.snapshot_every {
        saves.set_snapshot_every(n);
    }
    // A cache: when it cannot be written, the next start reads the deck files again.
    let _ = index.save(saves.dir());
    let entries = deck_entries(loaded);
    // Absolute, so that the help says where the folders are whatever folder smriti ran in.
    let shown = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_owned());
    let paths = Paths {
        saves: shown(saves.dir()).display().to_string(),
        decks: (opts.decks_dir.as_deref()).map(|d| shown(d).display().to_string()),
    };
    let init = Init {
        decks: entries,
        progress,
        settings,
        tz: opts.tz.clone(),
        notices,
        paths,
        seed: opts.seed,
    };
    // `smriti test` shows its first question without the deck counts (worked out when the
    // deck list comes up).
    let mut app = match opts.test {
        Some(_) => App::uncounted(init, (opts.clock)()),
        None => App::new(init, (opts.clock)()),
    };
    // A deck named on the command line must exist.
    let named = opts.test.iter().flat_map(|t| &t.decks);
    for id in named.chain(opts.study.iter().map(|(id, _)| id)) {
        app.shared().deck_index(id)?;
    }
    // A test left unsubmitted comes first: it is never thrown away. (`smriti study DECK`
    // offers it too; "later" then studies the deck named.)
    if let Some(paused) = unfinished {
        app.update(
            Action::OfferTest(Box::new(paused), opts.study.clone()),
            (opts.clock)(),
        );
        return Ok((app, saves));
    }
    // Start-up work arrives as actions, like keys: an unknown deck is an error status.
    if let Some(req) = &opts.test {
        let action = Action::StartTest(
            req.decks.iter().map(DeckId::from).collect(),
            Box::new(req.spec.clone()),
        );
        carry_out(&mut app, &mut saves, opts, action);
        if let Some(s) = app.status().filter(|s| s.error) {
            return Err(NotStarted::Failed(s.text.clone()));
        }
    }
    if let Some((id, mode)) = &opts.study {
        carry_out(
            &mut app,
            &mut saves,
            opts,
            Action::StudyDeck(id.clone(), *mode),
        );
        if !matches!(app.screen(), Screen::Study(_)) {
            return Err(NotStarted::Failed(
                app.status()
                    .map_or("nothing to study".to_owned(), |s| s.text.clone()),
            ));
        }
    }
    Ok((app, saves))
}

/// Dispatches a start-up action and carries out its effects as the run loop does: a test
/// begun from the command line is kept on disk before its first question is shown, as one
/// started from the setup screen is, so a crash or a kill before the first key loses nothing.
fn carry_out(app: &mut App, saves: &mut Saves, opts: &Options, action: Action) {
    let now = (opts.clock)();
    let effects = dispatch(app, action, now);
    let _ = execute(app, saves, effects, now, opts.decks_dir.as_deref());
}

/// Runs the app until the user quits.
pub fn run(opts: Options) -> Result<Report, NotStarted> {
    let (mut app, mut saves) = start(&opts)?;

    let signalled = Arc::new(AtomicBool::new(false));
    let finished = Arc::new(AtomicBool::new(false));
    watch_signals(Arc::clone(&signalled), Arc::clone(&finished));

    let table = keymap::bindings();
    let mut terminal = match ratatui::try_init() {
        Ok(t) => t,
        Err(e) => {
            finished.store(true, Ordering::SeqCst);
            return Err(NotStarted::Failed(format!(
                "cannot use the terminal ({e}); for questions and answers as plain lines, run: smriti study DECK --plain"
            )));
        }
    };
    let mut last_tick = (opts.clock)();
    if let Ok(size) = terminal.size() {
        app.update(Action::Resize(size.width, size.height), last_tick);
    }
    let mut shown = page(&app);
    let (mut job, mut snapshot_due): (Option<memory::Running>, bool) = (None, false);
    loop {
        // A new page (screen, card or stage) is drawn on a cleared terminal: some scripts
        // (Devanagari vowel signs and conjuncts) take columns in the terminal that the cell
        // diff does not know of, and would be left behind.
        let now_showing = page(&app);
        if now_showing != shown {
            shown = now_showing;
            let _ = page::clear(&mut terminal);
        }
        let mut body = None;
        if terminal
            .draw(|f| {
                view::draw(&app, opts.theme, f.area(), f.buffer_mut());
                body = Some(view::body_area(&app, f.area()));
            })
            .is_err()
        {
            break;
        }
        // What the screen really has (the footer may take two lines): a test question knows
        // which of its options are on screen.
        if let Some(b) = body
            && app.shared().body != Some((b.width, b.height))
        {
            app.update(Action::BodySize(b.width, b.height), (opts.clock)());
            continue;
        }
        // Once the next card is on screen (the user reads it): at most a write on another thread.
        if std::mem::take(&mut snapshot_due) {
            snapshot_if_due(&mut app, &mut saves, (opts.clock)());
        }
        #[expect(
            clippy::panic,
            reason = "SMRITI_TEST_PANIC: the e2e test checks the terminal is restored after a panic"
        )]
        if opts.test_panic {
            panic!("a test panic (SMRITI_TEST_PANIC), to check that the terminal is restored");
        }
        if signalled.load(Ordering::Relaxed) {
            // A signal quits as `q` would: a verdict on screen is an answer, recorded first.
            let now = (opts.clock)();
            let effects = dispatch(&mut app, Action::Quit, now);
            let _ = execute(
                &mut app,
                &mut saves,
                effects,
                now,
                opts.decks_dir.as_deref(),
            );
            break;
        }
        // While memory-model work runs, its progress line moves about ten times a second.
        let wait = if job.is_some() { 100 } else { 250 };
        let action = match event::poll(Duration::from_millis(wait)) {
            Ok(true) => match event::read() {
                Ok(TermEvent::Key(k)) if k.kind == KeyEventKind::Press => {
                    keymap::lookup(&table, app.context(), k)
                }
                Ok(TermEvent::Resize(w, h)) => Some(Action::Resize(w, h)),
                Ok(_) => None,
                // The terminal is gone.
                Err(_) => break,
            },
            Ok(false) => None,
            Err(_) => break,
        };
        let now = (opts.clock)();
        let action = match action.or_else(|| memory::poll(&mut job)) {
            Some(a) => Some(a),
            None if now.as_second() != last_tick.as_second() => Some(Action::Tick),
            None => None,
        };
        let Some(action) = action else { continue };
        if action == Action::Tick {
            last_tick = now;
            if saves.pending() > 0 {
                let flushed = saves.flush();
                saves.take_landed();
                if flushed.is_ok() {
                    app.update(Action::Saved, now);
                }
            }
            // A second with no key press: the moment to read answers another device's sync
            // delivered meanwhile (every other second).
            if now.as_second() % 2 == 0 {
                sync_in(&mut app, &mut saves, now);
            }
        }
        let effects = dispatch(&mut app, action, now);
        let done = execute(
            &mut app,
            &mut saves,
            effects,
            now,
            opts.decks_dir.as_deref(),
        );
        snapshot_due = !done.quit;
        if done.stop_memory {
            job = None;
        }
        if let Some(work) = done.memory {
            // Replacing a job stops the one before (see `memory::Running`).
            job = Some(memory::start(&app, saves.dir().to_path_buf(), work, now));
        }
        if done.quit {
            break;
        }
    }
    // Left by a signal or a closed terminal in the middle of a test: keep its time left too.
    keep_test(&app, &saves, (opts.clock)());
    ratatui::restore();
    finished.store(true, Ordering::SeqCst);
    // Every way out of the loop saves what it can, and waits for what a full disk holds up.
    let retry = Retry {
        every: Duration::from_secs(1),
        give_up: Arc::new(AtomicBool::new(false)),
        signals: true,
    };
    save_before_leaving(&mut saves, &mut std::io::stderr(), &retry);
    let unsaved = finish(&app, &mut saves);
    Ok(Report { unsaved })
}

/// How long the loop gets to notice a signal and quit by itself.
const SIGNAL_GRACE: Duration = Duration::from_secs(2);

/// On SIGTERM, SIGHUP, SIGINT or SIGQUIT, asks the loop to save and quit. If the loop has not
/// finished within [`SIGNAL_GRACE`] (crossterm can spin forever reading a terminal that has
/// closed), restores what is left of the terminal and exits: every acknowledged answer is
/// already durable in the log, which is all that start-up needs.
fn watch_signals(signalled: Arc<AtomicBool>, finished: Arc<AtomicBool>) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])
    else {
        // Without handlers the default actions apply; the log still holds every answer.
        return;
    };
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            signalled.store(true, Ordering::SeqCst);
            std::thread::sleep(SIGNAL_GRACE);
            if !finished.load(Ordering::SeqCst) {
                ratatui::restore();
                std::process::exit(128 + sig);
            }
        }
    });
}
