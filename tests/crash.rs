//! The crash test: run the real binary in plain mode, answer cards, kill it with SIGKILL at a
//! random moment (between answers, in a log append, in a snapshot rewrite), then check that
//! every answer the app had acknowledged (`saved #N`) is in the log and in the state, that
//! every file parses, and that the app starts normally. Repeats; CI runs 25 kills.
//!
//! The long run: `CRASH_KILLS=500 cargo test --release --test crash -- --nocapture`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed unwrap is a failed test"
)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use jiff::tz::TimeZone;
use smriti::domain::deck::ItemKey;
use smriti::domain::progress::Event;

mod common;
const DECKS: [&str; 4] = [
    "india-japan-prelims",
    "india-japan-mechanisms",
    "india-japan-sectors",
    "india-japan-challenges",
];

/// A tiny deterministic generator (xorshift), so a failing run can be repeated by seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// One round: start, wait until the app is studying, answer for a random while, SIGKILL. Returns acknowledged sequence numbers.
/// Round `i` runs on day `i` (SMRITI_NOW), so cards answered earlier come due again and the
/// sessions never run dry.
/// This device's review log in `saves`.
fn own_log(saves: &Path) -> std::path::PathBuf {
    smriti::store::SavesLayout::new(saves).reviews_of(Some(device().id()))
}

/// The device the test opens saves folders as (its id kept in the system's temporary folder).
fn device() -> smriti::store::device::Device {
    smriti::store::device::Device::at(&std::env::temp_dir().join("smriti-test-device")).unwrap()
}

fn round(saves: &Path, rng: &mut Rng, i: u64) -> Vec<u64> {
    let deck = DECKS[rng.below(4) as usize];
    let day: jiff::Timestamp = "2026-11-22T10:00:00Z".parse().unwrap();
    let now = day
        .checked_add(jiff::SignedDuration::from_hours(24 * i as i64))
        .unwrap();
    let mut child = common::smriti()
        .args(["study", deck, "--plain"])
        .env("SMRITI_SAVES", saves)
        .env("SMRITI_DEVICE_DIR", device().home())
        .env("SMRITI_NOW", now.to_string())
        .env("SMRITI_SNAPSHOT_EVERY", (1 + rng.below(3)).to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // The reader reports readiness (the app's "smriti: studying" line) and every
    // acknowledgement over one channel, in the order the app printed them.
    let (tx, rx) = mpsc::channel::<Line>();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let sent = if line.starts_with("smriti: studying") {
                tx.send(Line::Ready)
            } else if let Some(n) = line.strip_prefix("saved #") {
                tx.send(Line::Saved(n.parse::<u64>().unwrap()))
            } else {
                Ok(())
            };
            if sent.is_err() {
                break;
            }
        }
    });
    // The kill timer starts when the app says it is studying, not at spawn: a debug binary on
    // a busy machine can take seconds to get there.
    let ready = rx.recv_timeout(READY_WITHIN);
    if !matches!(ready, Ok(Line::Ready)) {
        let _ = child.kill();
        let _ = child.wait();
        panic!(
            "round {i}: the app did not say it was studying within {READY_WITHIN:?} ({ready:?})"
        );
    }
    // Feed answers: reveal, then mostly Again (keeps cards coming), sometimes Good or Easy, and
    // now and then an undo.
    let mut stdin = child.stdin.take().unwrap();
    let mut script = String::new();
    for _ in 0..4000 {
        let grade = match rng.below(10) {
            0..=5 => "1",
            6..=7 => "3",
            8 => "4",
            _ => "u",
        };
        script.push_str(&format!("\n{grade}\n"));
    }
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(script.as_bytes());
    });
    let wait = Duration::from_millis(20 + rng.below(400));
    std::thread::sleep(wait);
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let _ = writer.join();
    reader.join().unwrap();
    rx.try_iter()
        .map(|l| match l {
            Line::Saved(n) => n,
            Line::Ready => panic!("round {i}: the app started twice"),
        })
        .collect()
}

/// What the reader thread saw on the app's standard output.
#[derive(Debug)]
enum Line {
    Ready,
    Saved(u64),
}

/// How long a round may take to get ready before the test fails (a debug build on a loaded
/// 2-core machine takes well under a second; this is only the bound of a failing run).
const READY_WITHIN: Duration = Duration::from_secs(120);

/// After a kill: every acknowledged answer is in the log and in the state; files parse.
fn verify(saves: &Path, acked: &[u64]) {
    let opened = smriti::store::open(saves, &device(), &TimeZone::UTC)
        .unwrap_or_else(|e| panic!("cannot reopen: {e}"));
    for n in &opened.notices {
        assert!(
            n.contains("cut off by a crash"),
            "unexpected problem after a kill: {n}"
        );
    }
    let log = std::fs::read_to_string(own_log(saves)).unwrap();
    let events: Vec<Event> = log
        .lines()
        .map(|l| {
            smriti::store::log_line::parse(l.as_bytes())
                .unwrap_or_else(|e| panic!("bad log line {l:?}: {e}"))
        })
        .collect();
    let seqs: std::collections::HashSet<u64> = events.iter().map(Event::seq).collect();
    for a in acked {
        assert!(
            seqs.contains(a),
            "acknowledged answer #{a} is missing from the log"
        );
    }
    let max = acked.iter().max().copied().unwrap_or(0);
    assert!(
        opened.progress.last_seq >= max,
        "state stops at #{} but #{max} was acknowledged",
        opened.progress.last_seq
    );
    // The state is exactly what the log says: the last event for each card.
    let mut last: HashMap<(smriti::domain::ids::DeckId, ItemKey), &Event> = HashMap::new();
    for e in &events {
        let (deck, card) = match e {
            Event::Review { deck, card, .. } | Event::Undo { deck, card, .. } => {
                (deck.clone(), ItemKey::parse(card))
            }
            // Cram answers and suspensions change no state.
            Event::Cram { .. } | Event::Suspend { .. } => continue,
        };
        last.insert((deck, card), e);
    }
    for ((deck, key), e) in last {
        let have = opened.progress.deck(&deck).and_then(|d| d.items.get(&key));
        let want = match e {
            Event::Review { state, .. } => Some(state),
            Event::Undo { state, .. } => state.as_ref(),
            Event::Cram { .. } | Event::Suspend { .. } => continue,
        };
        assert_eq!(have, want, "state of {deck}/{key} does not match the log");
    }
    let snapshot = saves.join("progress.json");
    if snapshot.exists() {
        smriti::store::progress_file::load(&snapshot)
            .unwrap_or_else(|e| panic!("progress.json does not parse: {e}"));
    }
    let settings = std::fs::read_to_string(saves.join("settings.json")).unwrap();
    smriti::store::settings_file::from_str("settings.json", &settings).unwrap();
}

#[test]
fn kill_nine_never_loses_an_acknowledged_answer() {
    let kills: u64 = std::env::var("CRASH_KILLS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(25);
    let seed: u64 = std::env::var("CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_1234_abcd_0001);
    let dir = tempfile::tempdir().unwrap();
    let saves = dir.path().join("saves");
    std::fs::create_dir_all(&saves).unwrap();
    // Plenty of new cards, so sessions do not run dry.
    std::fs::write(
        saves.join("settings.json"),
        r#"{"new_cards_per_day": 1000}"#,
    )
    .unwrap();
    let mut rng = Rng(seed);
    let start = Instant::now();
    let mut total_acked = 0;
    for i in 0..kills {
        let acked = round(&saves, &mut rng, i);
        total_acked += acked.len();
        verify(&saves, &acked);
        if i % 50 == 49 {
            eprintln!(
                "{} kills, {total_acked} acknowledged answers, {:.0?}",
                i + 1,
                start.elapsed()
            );
        }
    }
    let log_lines = std::fs::read_to_string(own_log(&saves))
        .unwrap()
        .lines()
        .count();
    let torn = std::fs::read_dir(&saves)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains(".torn-")
        })
        .count();
    eprintln!(
        "crash test: {kills} kills, {total_acked} acknowledged answers, {log_lines} log lines, {torn} torn tails set aside, 0 lost, {:.1?}",
        start.elapsed()
    );
    assert!(
        total_acked > 0,
        "no answer was ever acknowledged: the test would prove nothing"
    );
}
