//! Whole-pipeline benchmarks at scale (issue #8), on collections made by
//! `examples/gen_collection`. Hand-timed (`harness = false`): each figure is a median (and p99)
//! over many runs of the real code paths: the same `start` and `execute` as the app's run loop,
//! rendering into an 80×24 buffer instead of a terminal.
//!
//! ```text
//! cargo bench --bench scale -- /tmp/c1k /tmp/c10k /tmp/c100k
//! ```
//!
//! Each collection is measured in a fresh process (so that peak RSS is its own), on a copy of
//! its saves folder (the answers given are appended to the copy's log, as in a real session).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use smriti::domain::quiz::StudyMode;
use smriti::domain::scheduler::{Params, Rating, review};
use smriti::tui::action::Action;
use smriti::tui::app::App;
use smriti::tui::run::{Options, dispatch, execute, snapshot_if_due, start};
use smriti::tui::screens::Screen;
use smriti::tui::theme::Theme;
use smriti::tui::view;

#[path = "scale/timing.rs"]
mod timing;
use timing::{Detail, Sample, Timings, thread_cpu, thread_run_delay, where_slow};

const NOW: &str = "2026-11-22T06:00:00Z";

/// Answers timed in plain mode (the issue's p99 is over these).
const PLAIN_ANSWERS: usize = 2000;

/// Answers given before each timed quit (about as many as between two snapshots).
const SNAPSHOT_EVERY_BENCH: usize = 50;

/// Log lines left after the snapshot for the start-up figure of 4d.
const TAIL_LINES: usize = 1000;

/// The file of the disk's floor (4b), in the saves folder's copy.
const FLOOR_LOG: &str = "floor.jsonl";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dirs: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    // `--stats`: only start-up and the statistics screen (the 1M point: its answers and
    // snapshots would write gigabytes).
    let only_stats = args.iter().any(|a| a == "--stats");
    if dirs.is_empty() {
        eprintln!(
            "usage: cargo bench --bench scale -- [--stats] COLLECTION_DIR... (made by examples/gen_collection)"
        );
        return ExitCode::FAILURE;
    }
    if dirs.len() > 1 {
        let Ok(me) = std::env::current_exe() else {
            return ExitCode::FAILURE;
        };
        let mut ok = true;
        for d in &dirs {
            let mut child = Command::new(&me);
            if only_stats {
                child.arg("--stats");
            }
            ok &= child.arg(d).status().is_ok_and(|s| s.success());
        }
        return if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    match measure(Path::new(dirs[0]), only_stats) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}: {e}", dirs[0]);
            ExitCode::FAILURE
        }
    }
}

fn now() -> Timestamp {
    NOW.parse().unwrap_or(Timestamp::UNIX_EPOCH)
}

/// Copies the collection's saves folder, so that every run starts from the prepared state.
/// Each copy keeps its file's modification time (as `cp -a` does): a derived copy
/// (`progress.cache`, `stats.cache`, `deck-index.cache`) names its JSON by length and time, so
/// a copy with new times would make the app read the JSON instead (not what a user's launch
/// does). A large log of another device (`reviews.jsonl`, `reviews.<other>.jsonl`: the app
/// only reads it, it appends to its own device's log) is hard-linked when it can be, so that
/// the 1M point (a 3.6 GB log) does not copy it.
fn copy_saves(dir: &Path, device: &str) -> Result<PathBuf, String> {
    let to = std::env::temp_dir().join(format!("smriti-bench-{}", std::process::id()));
    std::fs::create_dir_all(&to).map_err(|e| format!("{}: {e}", to.display()))?;
    let from = dir.join("saves");
    let entries = std::fs::read_dir(&from).map_err(|e| format!("{}: {e}", from.display()))?;
    let own_log = format!("reviews.{device}.jsonl");
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !path.is_file() || name == "lock" {
            continue;
        }
        let copy = to.join(name);
        let read_only_log =
            name.starts_with("reviews.") && name.ends_with(".jsonl") && name != own_log;
        let big = entry.metadata().is_ok_and(|m| m.len() >= 64 << 20);
        if read_only_log && big && std::fs::hard_link(&path, &copy).is_ok() {
            continue;
        }
        std::fs::copy(&path, &copy).map_err(|e| format!("{}: {e}", path.display()))?;
        let modified = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .map_err(|e| format!("{}: {e}", path.display()))?;
        // Flushed now, or the first answer's fsync would write the whole copy.
        std::fs::OpenOptions::new()
            .write(true)
            .open(&copy)
            .and_then(|f| f.set_modified(modified).and_then(|()| f.sync_all()))
            .map_err(|e| format!("{}: {e}", copy.display()))?;
    }
    Ok(to)
}

fn device(dir: &Path) -> Result<smriti::store::device::Device, String> {
    smriti::store::device::Device::at(&dir.join("device")).map_err(|e| e.to_string())
}

fn options(dir: &Path, saves: PathBuf) -> Result<Options, String> {
    Ok(Options {
        saves_dir: saves,
        device: device(dir)?,
        decks_dir: Some(dir.join("decks")),
        tz: TimeZone::UTC,
        theme: Theme { color: true },
        seed: 7,
        clock: Box::new(now),
        test: None,
        study: None,
        snapshot_every: None,
        test_panic: false,
    })
}

fn draw(app: &App) -> Buffer {
    let area = Rect::new(0, 0, 80, 24);
    let mut buf = Buffer::empty(area);
    view::draw(app, Theme { color: true }, area, &mut buf);
    buf
}

/// Plain mode's answers over every usable deck in turn.
struct PlainDecks {
    ids: Vec<String>,
    next: usize,
    /// The last answer's breakdown.
    last: Detail,
}

impl PlainDecks {
    fn of(app: &App) -> PlainDecks {
        PlainDecks {
            ids: app
                .shared()
                .decks
                .iter()
                .filter(|e| e.usable())
                .filter_map(|e| e.id().map(str::to_owned))
                .collect(),
            next: 0,
            last: Detail::default(),
        }
    }

    /// One answer (Good) as plain mode gives it, 1.5 s after the one before: made durable,
    /// the next card drawn, then the snapshot started when due; timed from the grade to the
    /// draw (the snapshot's start apart, in [`Detail`]).
    /// `None` when there was no card to answer (the next deck is opened, untimed).
    fn answer(
        &mut self,
        app: &mut App,
        saves: &mut smriti::store::Saves,
        tick: &mut Timestamp,
        decks_dir: Option<&Path>,
    ) -> Result<Option<(Duration, Duration, Duration)>, String> {
        if !matches!(app.screen(), Screen::Study(_)) {
            app.update(Action::Back, *tick);
            app.update(Action::Back, *tick);
            let id = self.ids.get(self.next % self.ids.len().max(1)).cloned();
            let id = id.ok_or("no deck to study")?;
            self.next += 1;
            dispatch(app, Action::StudyDeck(id, StudyMode::Flashcard), *tick);
            return Ok(None);
        }
        *tick += jiff::SignedDuration::from_millis(1500);
        app.update(Action::Reveal, *tick);
        let waited = thread_run_delay();
        let a = Instant::now();
        let cpu = thread_cpu();
        let effects = app.update(Action::Grade(Rating::Good), *tick);
        let writing = saves.writing();
        let done = execute(app, saves, effects, *tick, decks_dir);
        let executed = a.elapsed();
        std::hint::black_box(draw(app));
        let took = a.elapsed();
        let took_cpu = thread_cpu().saturating_sub(cpu);
        let took_waiting = thread_run_delay().saturating_sub(waited);
        // As plain mode does: the snapshot, when due, started once the next card is shown
        // (timed apart: the user is reading the card meanwhile).
        let s = Instant::now();
        snapshot_if_due(app, saves, *tick);
        self.last = Detail {
            writing,
            started: !writing && saves.writing(),
            execute: executed,
            snapshot_if_due: s.elapsed(),
        };
        if done.saved.is_empty() {
            // Nothing to answer (the cards left are learning cards not yet due): next deck.
            app.update(Action::Back, *tick);
            return Ok(None);
        }
        Ok(Some((took, took_cpu, took_waiting)))
    }
}

/// A file beside the review log for the disk's floor (4b).
fn floor_log(saves: &Path) -> Result<std::fs::File, String> {
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(saves.join(FLOOR_LOG))
        .map_err(|e| format!("{FLOOR_LOG}: {e}"))
}

/// The disk's floor for an answer: a line the size of a log line appended and `fdatasync`ed,
/// nothing else (the answer's own durable write, without smriti).
fn floor_answer(file: &mut std::fs::File) -> Result<(Duration, Duration, Duration), String> {
    use std::io::Write;
    let mut line = [b'x'; 200];
    line[199] = b'\n';
    let waited = thread_run_delay();
    let a = Instant::now();
    let cpu = thread_cpu();
    file.write_all(&line)
        .and_then(|()| file.sync_data())
        .map_err(|e| format!("{FLOOR_LOG}: {e}"))?;
    Ok((
        a.elapsed(),
        thread_cpu().saturating_sub(cpu),
        thread_run_delay().saturating_sub(waited),
    ))
}

fn peak_rss_kb() -> u64 {
    rss_kb("VmHWM:")
}

/// A line of `/proc/self/status` in KiB (`VmHWM:` the peak, `VmRSS:` now); 0 elsewhere.
fn rss_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Resets the process's peak memory to what it holds now (Linux: `5` to `clear_refs`), and
/// returns that (VmRSS, KiB).
fn reset_peak() -> u64 {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    rss_kb("VmRSS:")
}

/// Runs `f` once: its wall time, this thread's CPU time, and its wait for a core.
fn timed(f: &mut dyn FnMut()) -> (Duration, Duration, Duration) {
    let waited = thread_run_delay();
    let a = Instant::now();
    let cpu = thread_cpu();
    f();
    (
        a.elapsed(),
        thread_cpu().saturating_sub(cpu),
        thread_run_delay().saturating_sub(waited),
    )
}

/// The lines of a file, read in blocks (the 1M point's log is 3.6 GB).
fn count_lines(path: &Path) -> usize {
    use std::io::Read;
    let Ok(mut f) = std::fs::File::open(path) else {
        return 0;
    };
    let mut buf = vec![0u8; 1 << 20];
    let mut n = 0;
    while let Ok(k) = f.read(&mut buf) {
        if k == 0 {
            break;
        }
        n += buf[..k].iter().filter(|&&c| c == b'\n').count();
    }
    n
}

fn measure(dir: &Path, only_stats: bool) -> Result<(), String> {
    let saves_copy = copy_saves(dir, device(dir)?.id())?;
    let opts = options(dir, saves_copy.clone())?;
    let log_lines = count_lines(&saves_copy.join("reviews.jsonl"));
    println!("{} ({log_lines} reviews in the log)", dir.display());

    // 1. Start to first frame: decks listed, snapshot loaded, log tail replayed, deck list
    //    counted, home screen drawn, as the app's launch does. A start with no deck index (or
    //    decks changed since) reads every deck file and writes the index; with it, no deck
    //    file is read and no outline made (the deck list's counts come from the saved
    //    summaries): the number of outlines made at start is printed to show it.
    let indexed = saves_copy.join("deck-index.json").exists();
    let (mut cards, mut decks, mut made) = (0, 0, 0);
    let cold = Sample::time(1, || {
        if let Ok((app, _saves)) = start(&opts) {
            std::hint::black_box(draw(&app));
            let entries = &app.shared().decks;
            cards = entries.iter().map(|e| e.outline.card_count()).sum();
            decks = entries.len();
            made = entries.iter().filter(|e| e.outline.is_made()).count();
        }
    });
    let first = Sample::time(7, || {
        if let Ok((app, _saves)) = start(&opts) {
            std::hint::black_box(draw(&app));
        }
    });
    println!("  {cards} cards in {decks} decks; outlines made by the first start: {made}");
    cold.report(if indexed {
        "first start in this process (deck index read)"
    } else {
        "first start, no deck index (reads every deck file)"
    });
    first.report("start to first frame (home)");
    Sample::time(7, || {
        let mut index = smriti::store::deck_index::DeckIndex::load(&opts.saves_dir);
        std::hint::black_box(smriti::store::decks::list_all(
            opts.decks_dir.as_deref(),
            &mut index,
        ));
    })
    .report("  of which listing the decks (deck index)");
    Sample::time(7, || {
        std::hint::black_box(smriti::store::open(&opts.saves_dir, &opts.device, &opts.tz).is_ok());
    })
    .report("  of which opening the saves (snapshot + log tail)");
    let rss_after_start = peak_rss_kb();

    let (mut app, mut saves) = start(&opts).map_err(|e| e.to_string())?;
    let t = now();

    // 2. Key press to frame on the home screen.
    let mut down = true;
    Sample::time(2000, || {
        app.update(if down { Action::Down } else { Action::Up }, t);
        down = !down;
        std::hint::black_box(draw(&app));
    })
    .report("key to frame, home (↓/↑)");
    Sample::time(2000, || {
        std::hint::black_box(draw(&app));
    })
    .report("  of which drawing the home screen");

    // 2b. The statistics of one deck (s on the deck list) and of all decks (then a): the
    //    decks' outlines (as the deck index knows them), the progress in memory and the
    //    running totals (`stats.json` and the log's tail, read at the first opening and kept
    //    up to date after), never a deck file. The first opening of each is reported apart,
    //    with what it adds to the process's peak memory (the peak reset just before: Linux's
    //    `clear_refs`); then 30 openings of each, wall and this thread's CPU time.
    let dir = opts.decks_dir.clone();
    let act = |app: &mut App, saves: &mut smriti::store::Saves, action: Action| {
        let effects = dispatch(app, action, t);
        execute(app, saves, effects, t, dir.as_deref());
        std::hint::black_box(draw(app));
    };
    let rss_before_stats = rss_kb("VmRSS:");
    let first = |what: &str, f: &mut dyn FnMut()| {
        let before = reset_peak();
        let mut once = Timings::default();
        once.push(timed(f));
        once.report(what);
        let added = rss_kb("VmHWM:").saturating_sub(before);
        println!(
            "    peak memory added by it: {:.1} MiB (VmRSS before {:.1} MiB)",
            added as f64 / 1024.0,
            before as f64 / 1024.0
        );
    };
    first("statistics of one deck (s), first opening", &mut || {
        act(&mut app, &mut saves, Action::OpenStats)
    });
    first("statistics of all decks (a), first opening", &mut || {
        act(&mut app, &mut saves, Action::ToggleScope)
    });
    app.update(Action::Back, t);
    let mut one = Timings::default();
    for _ in 0..30 {
        one.push(timed(&mut || act(&mut app, &mut saves, Action::OpenStats)));
        app.update(Action::Back, t);
    }
    one.report("statistics of one deck (s), frame drawn");
    act(&mut app, &mut saves, Action::OpenStats);
    // `a` switches between this deck and all decks: every other switch is to all decks.
    let mut alls = Timings::default();
    for i in 0..60 {
        let took = timed(&mut || act(&mut app, &mut saves, Action::ToggleScope));
        if i % 2 == 0 {
            alls.push(took);
        }
    }
    app.update(Action::Back, t);
    alls.report("statistics of all decks (a), frame drawn");
    // (The peak was reset at each first opening: what is held now is the fair figure here.)
    println!(
        "    memory held after the openings: +{:.1} MiB (VmRSS)",
        rss_kb("VmRSS:").saturating_sub(rss_before_stats) as f64 / 1024.0
    );
    if only_stats {
        drop((app, saves));
        return std::fs::remove_dir_all(&saves_copy)
            .map_err(|e| format!("{}: {e}", saves_copy.display()));
    }

    // 3. Enter on the largest deck: its file read (the first time), the queue built, the
    //    first card drawn.
    let largest = app
        .shared()
        .decks
        .iter()
        .filter(|e| e.usable())
        .max_by_key(|e| e.outline.card_count())
        .and_then(|e| e.id())
        .unwrap_or_default()
        .to_owned();
    let study = || Action::StudyDeck(largest.clone(), StudyMode::Flashcard);
    let opened = Sample::time(1, || {
        dispatch(&mut app, study(), t);
        std::hint::black_box(draw(&app));
        app.update(Action::Back, t); // to the summary
        app.update(Action::Back, t); // to the deck list
    });
    opened.report("open a deck: its file read, queue built, first card drawn");
    let queue = Sample::time(50, || {
        dispatch(&mut app, study(), t);
        std::hint::black_box(draw(&app));
        app.update(Action::Back, t);
        app.update(Action::Back, t);
    });
    queue.report("study a deck again: queue built, first card drawn");

    dispatch(&mut app, study(), t);
    if !matches!(app.screen(), Screen::Study(_)) {
        return Err("nothing to study in the largest deck".into());
    }

    // 4. Key press to frame on the study screen (show the answer), and one answer to the next
    //    card drawn, durable on disk (log append + fsync, and the snapshot every 50 answers).
    let mut reveal = Vec::new();
    let mut answer = Vec::new();
    let mut tick = t;
    for i in 0..400 {
        tick += jiff::SignedDuration::from_millis(1500);
        let r = Instant::now();
        app.update(Action::Reveal, tick);
        std::hint::black_box(draw(&app));
        reveal.push(r.elapsed());
        let a = Instant::now();
        let effects = app.update(
            Action::Grade(if i % 7 == 0 {
                Rating::Again
            } else {
                Rating::Good
            }),
            tick,
        );
        let done = execute(
            &mut app,
            &mut saves,
            effects,
            tick,
            opts.decks_dir.as_deref(),
        );
        std::hint::black_box(draw(&app));
        answer.push(a.elapsed());
        if done.saved.is_empty() {
            return Err(format!(
                "answer {i} was not saved: {:?}",
                app.status().map(|s| &s.text)
            ));
        }
        if !matches!(app.screen(), Screen::Study(_)) {
            break;
        }
    }
    Sample(reveal).report("key to frame, study (show answer)");
    Sample(answer).report("answer → durable → next card drawn");

    // 4b. Plain mode's answer path (`tui/plain.rs`): the answer made durable, then the
    //     snapshot started when due (every 50 answers, on another thread), then the next card.
    //     When a deck runs out for the day, the next one is opened (not timed). In blocks of
    //     100 answers, with the background snapshot and without any (the same load, the
    //     same minutes): the difference is what the snapshot writer costs the answer.
    let mut plain = PlainDecks::of(&app);
    let (mut with, mut without, mut floor) =
        (Timings::default(), Timings::default(), Timings::default());
    let mut snapshots = 0;
    let mut floor_file = floor_log(&saves_copy)?;
    let mut block = 0usize;
    // Each answer with snapshots: its timings, where it fell, answers since a snapshot started.
    let mut details = Vec::new();
    let mut since = usize::MAX / 2;
    while with.wall.len() + without.wall.len() < PLAIN_ANSWERS {
        // Blocks of 100: with the background snapshot, without any, and the disk's floor.
        let kind = block % 3;
        block += 1;
        if kind == 0 {
            saves.set_snapshot_every(SNAPSHOT_EVERY_BENCH as u32);
        } else {
            // No snapshot from here on, and none still being written.
            saves.set_snapshot_every(u32::MAX);
            while saves.writing() {
                snapshot_if_due(&mut app, &mut saves, tick);
                std::thread::sleep(Duration::from_millis(5));
            }
        }
        if kind == 2 {
            for _ in 0..100 {
                floor.push(floor_answer(&mut floor_file)?);
            }
            continue;
        }
        for _ in 0..100 {
            let was = saves.writing();
            let Some(timed) = plain.answer(&mut app, &mut saves, &mut tick, dir.as_deref())? else {
                continue;
            };
            snapshots += usize::from(!was && saves.writing());
            if kind == 0 {
                let d = plain.last;
                since = if d.started { 0 } else { since + 1 };
                details.push((timed, d, since));
            }
            (if kind == 0 { &mut with } else { &mut without }).push(timed);
        }
    }
    saves.set_snapshot_every(SNAPSHOT_EVERY_BENCH as u32);
    with.report("answer → durable → next card, plain mode");
    println!("    ({snapshots} snapshots started in the background meanwhile)");
    where_slow(&details);
    without.report("the same with no snapshot written meanwhile");
    floor.report("the disk's floor: a 200-byte line appended and fdatasynced, nothing else");
    drop(floor_file);
    let _ = std::fs::remove_file(saves_copy.join(FLOOR_LOG));
    let rss_answers = peak_rss_kb();

    // 4c. Quitting with answers not in the snapshot (`Saves::leave`): a write under way is
    //     stopped, nothing more is written (the log holds them); against the snapshot written
    //     on this thread, as quitting did before.
    let mut quits = Vec::new();
    let mut whole = Vec::new();
    for round in 0..5 {
        for _ in 0..(SNAPSHOT_EVERY_BENCH + round) {
            plain.answer(&mut app, &mut saves, &mut tick, dir.as_deref())?;
        }
        let q = Instant::now();
        saves
            .leave(&app.shared().progress)
            .map_err(|e| e.to_string())?;
        quits.push(q.elapsed());
        // The same state written whole on this thread.
        tick += jiff::SignedDuration::from_millis(1500);
        app.update(Action::Reveal, tick);
        let effects = app.update(Action::Grade(Rating::Good), tick);
        execute(
            &mut app,
            &mut saves,
            effects,
            tick,
            opts.decks_dir.as_deref(),
        );
        let w = Instant::now();
        saves
            .snapshot(&app.shared().progress)
            .map_err(|e| e.to_string())?;
        whole.push(w.elapsed());
    }
    Sample(quits).report("quit with a snapshot pending (leave)");
    Sample(whole).report("  the snapshot written whole on this thread");
    println!(
        "  peak RSS after {PLAIN_ANSWERS} answers (bench process) {:.1} MB",
        rss_answers as f64 / 1024.0
    );
    let rss = peak_rss_kb().max(rss_after_start);
    println!(
        "  peak RSS of this bench process {:.1} MB (7 starts and 2 threads; the app's own is measured by run-all.sh)",
        rss as f64 / 1024.0
    );
    // 4d. What start-up pays for the log's lines not in the snapshot (how far the snapshot may
    //     lag is what its trigger decides): opening the saves with a tail of TAIL_LINES
    //     answers given with no snapshot written, then again once a snapshot holds them.
    saves.set_snapshot_every(u32::MAX);
    while saves.writing() {
        snapshot_if_due(&mut app, &mut saves, tick);
        std::thread::sleep(Duration::from_millis(5));
    }
    let mut given = 0;
    while given < TAIL_LINES {
        if plain
            .answer(&mut app, &mut saves, &mut tick, dir.as_deref())?
            .is_some()
        {
            given += 1;
        }
    }
    let lag = saves.snapshot_lag();
    drop((app, saves));
    let open = || {
        Sample::time(7, || {
            std::hint::black_box(
                smriti::store::open(&opts.saves_dir, &opts.device, &opts.tz).is_ok(),
            );
        })
    };
    let tail = open();
    let (app, mut saves) = start(&opts).map_err(|e| e.to_string())?;
    saves
        .snapshot(&app.shared().progress)
        .map_err(|e| e.to_string())?;
    drop((app, saves));
    let none = open();
    tail.report(&format!(
        "opening the saves with {lag} log lines after the snapshot"
    ));
    none.report("  the same once the snapshot holds them");

    // 5. Scheduler throughput.
    let params = Params::default();
    let mut state = None;
    let n = 1_000_000;
    let s = Instant::now();
    let mut at = t;
    for i in 0..n {
        let rating = [
            Rating::Good,
            Rating::Good,
            Rating::Hard,
            Rating::Again,
            Rating::Easy,
        ][i % 5];
        let out = review(state.as_ref(), rating, at, &params, 0.5);
        at = out.state.due;
        state = if i % 50 == 49 { None } else { Some(out.state) };
    }
    let secs = s.elapsed().as_secs_f64();
    std::hint::black_box(state);
    println!("  scheduler: {:.1} M reviews/s", n as f64 / secs / 1e6);
    std::fs::remove_dir_all(&saves_copy).map_err(|e| format!("{}: {e}", saves_copy.display()))
}
