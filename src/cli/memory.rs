//! `smriti optimize`, `smriti retention` and `smriti plan`: the user's own memory model, fitted
//! to their review log, and simulations of the days ahead. Reads the saves folder without
//! locking it; writes only `settings.json`, keeping the old file as a backup.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::domain::memory::fit::{self, CombinedProgressState, Evaluation, FitError};
use crate::store::{history, settings_file};

/// Draws a progress bar on standard error (when it is a terminal) until the work is done.
fn progress_bar(progress: &Arc<Mutex<CombinedProgressState>>, done: &AtomicBool, label: &str) {
    if !std::io::stderr().is_terminal() {
        return;
    }
    loop {
        let (current, total, finished) = match progress.lock() {
            Ok(p) => (p.current(), p.total(), p.finished()),
            Err(_) => return,
        };
        if done.load(Ordering::Relaxed) && !finished {
            let _ = write!(
                std::io::stderr(),
                "\r{:width$}\r",
                "",
                width = label.len() + 38
            );
            return;
        }
        let frac = if total == 0 {
            0.0
        } else {
            current as f64 / total as f64
        };
        let filled = (frac * 30.0).round() as usize;
        let mut err = std::io::stderr();
        let _ = write!(
            err,
            "\r{label} [{}{}] {:>3.0}%",
            "#".repeat(filled.min(30)),
            ".".repeat(30 - filled.min(30)),
            frac * 100.0
        );
        let _ = err.flush();
        if finished {
            let _ = writeln!(err, "\r{label} [{}] done", "#".repeat(30));
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn eval_row(name: &str, e: &Evaluation) -> String {
    format!("  {name:<20} {:>9.4} {:>12.4}", e.log_loss, e.rmse_bins)
}

/// `smriti optimize [--dry-run]`.
pub fn optimize(saves: &Path, tz: &TimeZone, now: Timestamp, dry_run: bool) -> ExitCode {
    let h = match history::read(saves, tz, |_| {}) {
        Ok(h) => h,
        Err(msg) => {
            eprintln!("smriti: {msg}");
            return ExitCode::FAILURE;
        }
    };
    let set = &h.training;
    println!(
        "{} answers in {}: {} reviews on a later day than the card's previous answer, from {} cards.",
        h.answers,
        saves.join("reviews.jsonl").display(),
        set.items.len(),
        set.cards
    );
    let current = h.settings.params.weights;
    let relearning = h.settings.params.relearning_steps.len();
    let progress = fit::progress();
    let done = AtomicBool::new(false);
    let result = std::thread::scope(|s| {
        let watcher = progress.clone();
        let done = &done;
        let bar = s.spawn(move || progress_bar(&watcher, done, "fitting"));
        let result = fit::fit(set, &current, relearning, Some(progress.clone()));
        done.store(true, Ordering::Relaxed);
        let _ = bar.join();
        result
    });
    let fit = match result {
        Ok(f) => f,
        Err(e @ FitError::TooFew { .. }) => {
            println!("Not enough reviews to fit your own parameters yet: {e}.");
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("smriti: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("\nHow well each set of parameters predicts your answers (lower is better):");
    println!("  {:<20} {:>9} {:>12}", "", "log loss", "RMSE (bins)");
    println!("{}", eval_row("current parameters", &fit.current));
    println!("{}", eval_row("fitted parameters", &fit.fitted));
    let list = |w: &[f64; 21]| {
        w.iter()
            .map(|x| format!("{x}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!("\nFitted: [{}]", list(&fit.weights));
    if !fit.better() {
        println!(
            "The fitted parameters predict your answers no better than the current ones; settings.json is unchanged."
        );
        return ExitCode::SUCCESS;
    }
    if dry_run {
        println!("They are better; --dry-run: settings.json is unchanged.");
        return ExitCode::SUCCESS;
    }
    let path = saves.join("settings.json");
    match settings_file::update_keeping_backup(&path, now.as_second(), |s| {
        s.params.weights = fit.weights;
    }) {
        Ok((_, backup)) => {
            println!(
                "They are better: saved to {}; the scheduler uses them from now on.",
                path.display()
            );
            if let Some(b) = backup {
                println!("The previous settings are kept as {}.", b.display());
            }
            ExitCode::SUCCESS
        }
        Err(msg) => {
            eprintln!("smriti: {msg}");
            ExitCode::FAILURE
        }
    }
}
