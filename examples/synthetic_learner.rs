//! Writes the review log of a synthetic learner whose memory follows FSRS-6 with weights far
//! from the defaults (`domain::memory::synthetic`), for trying `smriti optimize`, `retention`
//! and `plan` by hand and for timing them. Deterministic: the same arguments give the same log.
//!
//! Not part of the user CLI. Usage:
//!
//! ```text
//! cargo run --release --example synthetic_learner -- --cards 1500 --days 200 --out /tmp/syn
//! SMRITI_NOW=<printed instant> smriti --saves /tmp/syn optimize
//! ```

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use jiff::tz::TimeZone;
use smriti::domain::memory::synthetic::{FAR_WEIGHTS, Learner, review_log};
use smriti::domain::scheduler::Params;
use smriti::domain::time::StudyDay;

fn main() -> ExitCode {
    let mut cards = 1_500;
    let mut per_day = 10;
    let mut days = 200;
    let mut seed = 7;
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let v = args.next().unwrap_or_default();
        match a.as_str() {
            "--cards" => cards = v.parse().unwrap_or(cards),
            "--new-per-day" => per_day = v.parse().unwrap_or(per_day),
            "--days" => days = v.parse().unwrap_or(days),
            "--seed" => seed = v.parse().unwrap_or(seed),
            "--out" => out = Some(PathBuf::from(v)),
            _ => {
                eprintln!(
                    "usage: synthetic_learner [--cards N] [--new-per-day N] [--days N] [--seed N] --out DIR"
                );
                return ExitCode::from(2);
            }
        }
    }
    let Some(out) = out else {
        eprintln!("synthetic_learner: --out DIR is required");
        return ExitCode::from(2);
    };
    let learner = Learner {
        weights: FAR_WEIGHTS,
        cards,
        new_per_day: per_day,
        days,
        seed,
        start: jiff::Timestamp::constant(1_767_603_600, 0), // 2026-01-05T09:00:00Z
    };
    let day_of = |t| StudyDay::containing(t, &TimeZone::UTC, 4).date;
    let log = review_log(&learner, &Params::default(), &day_of);
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("synthetic_learner: cannot create {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    let path = out.join("reviews.jsonl");
    let write = || -> std::io::Result<()> {
        let mut w = BufWriter::new(std::fs::File::create(&path)?);
        for e in &log {
            w.write_all(&smriti::store::log_line::to_vec(e)?)?;
            w.write_all(b"\n")?;
        }
        w.flush()
    };
    if let Err(e) = write() {
        eprintln!("synthetic_learner: cannot write {}: {e}", path.display());
        return ExitCode::FAILURE;
    }
    let end = log.last().map(|e| e.at()).unwrap_or(learner.start);
    println!(
        "{} answers written to {}; the last at {end} (use it as SMRITI_NOW)",
        log.len(),
        path.display()
    );
    ExitCode::SUCCESS
}
