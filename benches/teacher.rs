//! The teacher's commands at scale (issue 12 point 5): `smriti check` and `smriti export
//! --format md` of one deck of 10,000 and of 100,000 cards with two warnings per card (no
//! source, no explanation), like a deck fresh from `smriti import`, and `check` of templated
//! decks (`tmpl-…`: questions that differ by a number, or by a name). Hand-timed (`harness =
//! false`): each figure is the median of several runs of the real code paths (the file's bytes
//! to the diagnostics; the file's bytes to the Markdown), in process.
//!
//! ```text
//! cargo bench --bench teacher -- [DIR] [--only 10k|100k|tmpl-8k|tmpl-130k|tmpl-names-8k] [--runs N]
//! ```
//!
//! The decks are written to DIR (default `/tmp/smriti-bench`) as `teacher-10k.json` and
//! `teacher-100k.json`, so that `benches/run-all.sh` can also time the real binary on them.
//! Deterministic: the same cards every time.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use smriti::store::{check, deck_file, export};

const WORDS: &[&str] = &[
    "India",
    "Japan",
    "semiconductor",
    "critical",
    "minerals",
    "rare-earth",
    "investment",
    "₹10,372 crore",
    "Strategic",
    "Dialogue",
    "economic",
    "security",
    "— partnership",
    "supply chain",
    "भारत",
    "जापान",
    "日本",
    "経済安全保障",
    "refinery",
    "green ammonia",
    "OSAT",
    "Quad",
    "summit",
    "memorandum",
    "battery",
];

const SYLLABLES: &[&str] = &[
    "ka",
    "ra",
    "mi",
    "to",
    "shi",
    "na",
    "de",
    "va",
    "lo",
    "pu",
    "ri",
    "sen",
    "gar",
    "th",
    "an",
    "ex",
    "por",
    "ti",
    "on",
    "मा",
    "र्ग",
    "नी",
    "ति",
    "さ",
    "く",
    "ら",
    "や",
    "ma",
];

/// A small deterministic generator (xorshift), so the decks are the same on every machine.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    /// `min..=max` words: a third from the seed articles' vocabulary, the rest made up of 1–4
    /// syllables, as `examples/gen_collection` writes them (so that, as in real decks,
    /// questions share words but rarely long stretches of text).
    fn words(&mut self, min: usize, max: usize) -> String {
        let n = min + self.below(max - min + 1);
        (0..n)
            .map(|_| {
                if self.below(3) == 0 {
                    WORDS[self.below(WORDS.len())].to_owned()
                } else {
                    (0..1 + self.below(4))
                        .map(|_| SYLLABLES[self.below(SYLLABLES.len())])
                        .collect()
                }
            })
            .collect::<Vec<String>>()
            .join(" ")
    }
}

/// A deck file of `n` basic cards, each with a distinct question, an answer, and neither
/// source nor explanation: two warnings per card. Written as JSON text (not built from the
/// domain types), as `smriti import` would write it.
fn deck_text(n: usize) -> String {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let cards: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let back = if i % 5 == 0 {
                format!("{}", 1990 + rng.below(36))
            } else {
                rng.words(1, 6)
            };
            serde_json::json!({
                "id": format!("card-{i}"),
                "kind": "basic",
                "front": format!("{}? (#{i})", rng.words(6, 18)),
                "back": back,
            })
        })
        .collect();
    let deck = serde_json::json!({
        "format": 1,
        "id": format!("teacher-{n}"),
        "title": format!("An imported deck of {n} cards"),
        "description": "Imported: no sources and no explanations.",
        "cards": cards,
    });
    let mut text = serde_json::to_string_pretty(&deck).unwrap_or_default();
    text.push('\n');
    text
}

/// A templated deck file of `n` basic cards, as a teacher generates one from a table: each
/// asks "Which state has district code {i}?" (questions that differ only by a number), or with
/// `names` "Which state is {name} district in?" (by a made-up name of three to five
/// syllables, some of them a slip apart). Sources and explanations as in [`deck_text`]: none,
/// two warnings per card.
fn templated_text(n: usize, names: bool) -> String {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let cards: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let (front, back) = if !names {
                (
                    format!("Which state has district code {i}?"),
                    format!("Code {i}"),
                )
            } else {
                let name: String = (0..3 + rng.below(3))
                    .map(|_| SYLLABLES[rng.below(19)])
                    .collect();
                (
                    format!("Which state is {name} district in?"),
                    format!("State of {name}"),
                )
            };
            serde_json::json!({
                "id": format!("card-{i}"),
                "kind": "basic",
                "front": front,
                "back": back,
            })
        })
        .collect();
    let deck = serde_json::json!({
        "format": 1,
        "id": format!("templated-{n}"),
        "title": format!("A templated deck of {n} cards"),
        "description": "Questions from a template: no sources and no explanations.",
        "cards": cards,
    });
    let mut text = serde_json::to_string_pretty(&deck).unwrap_or_default();
    text.push('\n');
    text
}

/// This process's time on a CPU so far, all its threads (user and system, `getrusage`): on a
/// machine shared with other work, wall time measures the queue as much as the code, and
/// `check` and the export use every core.
fn cpu_time() -> Duration {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills in the struct it is given; RUSAGE_SELF is always valid.
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) } != 0 {
        return Duration::ZERO;
    }
    // SAFETY: getrusage returned 0, so it wrote the whole struct.
    let usage = unsafe { usage.assume_init() };
    let time = |t: libc::timeval| {
        Duration::from_secs(u64::try_from(t.tv_sec).unwrap_or(0))
            + Duration::from_micros(u64::try_from(t.tv_usec).unwrap_or(0))
    };
    time(usage.ru_utime) + time(usage.ru_stime)
}

/// Median wall time and median CPU time of `runs` runs.
fn median(runs: usize, mut f: impl FnMut()) -> (Duration, Duration) {
    let mut wall = Vec::new();
    let mut cpu = Vec::new();
    for _ in 0..runs {
        let (t, c) = (Instant::now(), cpu_time());
        f();
        wall.push(t.elapsed());
        cpu.push(cpu_time().saturating_sub(c));
    }
    wall.sort();
    cpu.sort();
    (wall[runs / 2], cpu[runs / 2])
}

fn secs((wall, cpu): (Duration, Duration)) -> String {
    format!(
        "{:>7.3} s wall, {:>6.3} s CPU",
        wall.as_secs_f64(),
        cpu.as_secs_f64()
    )
}

fn measure(dir: &Path, label: &str, n: usize, runs: usize) -> Result<(), String> {
    let path: PathBuf = dir.join(format!("teacher-{label}.json"));
    let text = if label.starts_with("tmpl") {
        templated_text(n, label.contains("names"))
    } else {
        deck_text(n)
    };
    std::fs::write(&path, &text).map_err(|e| format!("{}: {e}", path.display()))?;
    let bytes = text.as_bytes();
    let name = path.display().to_string();
    let mut warnings = 0;
    let t_check = median(runs, || {
        warnings = check::check(&name, bytes, None).len();
    });
    if warnings < 2 * n {
        return Err(format!(
            "expected at least {} warnings, got {warnings}",
            2 * n
        ));
    }
    println!(
        "  {label:>4} cards ({:.1} MB): check                {} ({warnings} warnings)",
        bytes.len() as f64 / 1e6,
        secs(t_check),
    );
    let mut size = 0;
    let t_export = median(runs, || {
        if let Ok(d) = deck_file::parse_bytes(&name, bytes) {
            size = export::markdown(&d, false).len();
        }
    });
    println!(
        "  {label:>4} cards:           export --format md {} ({:.1} MB of Markdown)",
        secs(t_export),
        size as f64 / 1e6
    );
    Ok(())
}

fn main() -> ExitCode {
    let dir = std::env::args()
        .skip(1)
        .scan(false, |after_flag, a| {
            let value = *after_flag;
            *after_flag = a == "--only" || a == "--runs";
            Some((value, a))
        })
        .find(|(value, a)| !value && !a.starts_with("--"))
        .map(|(_, a)| a)
        .map_or_else(|| PathBuf::from("/tmp/smriti-bench"), PathBuf::from);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("{}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
    };
    let only = flag("--only");
    let runs = flag("--runs").and_then(|r| r.parse().ok()).unwrap_or(5);
    println!("check and export --format md, two warnings per card (median of {runs} runs):");
    // "tmpl": a templated deck (see `templated_text`): `check` took 21 s on one of 8k cards
    // and was stopped after 10 minutes at 130k before it stepped over questions that differ
    // only in their numbers.
    for (label, n) in [
        ("10k", 10_000),
        ("100k", 100_000),
        ("tmpl-8k", 8_000),
        ("tmpl-130k", 130_000),
        ("tmpl-names-8k", 8_000),
    ] {
        if only.is_some_and(|o| o != label) {
            continue;
        }
        if let Err(e) = measure(&dir, label, n, runs) {
            eprintln!("{label}: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
