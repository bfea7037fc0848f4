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
use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::chart;
use crate::domain::memory::base::{self, Base};
use crate::domain::memory::fit::{self, CombinedProgressState, Evaluation, FitError};
use crate::domain::memory::plan::{self, Goal, Plan};
use crate::domain::outline::Outline;
use crate::domain::settings::Settings;
use crate::domain::time::StudyDay;
use crate::domain::words::plural;
use crate::store::{SavesLayout, decks, history, settings_file};

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
            errln!("smriti: {msg}");
            return ExitCode::FAILURE;
        }
    };
    let set = &h.training;
    outln!(
        "{} in the review logs of {}: {} on a later day than the card's previous answer, from {}.",
        plural(h.answers, "answer"),
        saves.display(),
        plural(set.items.len(), "review"),
        plural(set.cards, "card")
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
        // Nothing to fit: a dry run did all it was asked (exit 0); a real run could not
        // save parameters (exit 1, the reason on standard error).
        Err(e @ FitError::TooFew { .. }) if dry_run => {
            outln!(
                "Not enough reviews to fit your own parameters yet: {e}. --dry-run: settings.json is unchanged."
            );
            return ExitCode::SUCCESS;
        }
        Err(e @ FitError::TooFew { .. }) => {
            errln!(
                "smriti: not enough reviews to fit your own parameters yet: {e}; settings.json is unchanged"
            );
            return ExitCode::FAILURE;
        }
        Err(e) => {
            errln!("smriti: {e}");
            return ExitCode::FAILURE;
        }
    };
    outln!("\nHow well each set of parameters predicts your answers (lower is better):");
    outln!("  {:<20} {:>9} {:>12}", "", "log loss", "RMSE (bins)");
    outln!("{}", eval_row("current parameters", &fit.current));
    outln!("{}", eval_row("fitted parameters", &fit.fitted));
    let list = |w: &[f64; 21]| {
        w.iter()
            .map(|x| format!("{x}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    outln!("\nFitted: [{}]", list(&fit.weights));
    if !fit.better() {
        outln!(
            "The fitted parameters predict your answers no better than the current ones; settings.json is unchanged."
        );
        return ExitCode::SUCCESS;
    }
    if dry_run {
        outln!("They are better; --dry-run: settings.json is unchanged.");
        return ExitCode::SUCCESS;
    }
    let Some(device) = super::this_device_or_say() else {
        return ExitCode::FAILURE;
    };
    let by = settings_file::By {
        device: device.id(),
        at: now,
    };
    let path = SavesLayout::new(saves).settings();
    match settings_file::update_keeping_backup(&path, by, |s| {
        s.params.weights = fit.weights;
    }) {
        Ok((_, backup)) => {
            outln!(
                "They are better: saved to {}; the scheduler uses them from now on.",
                path.display()
            );
            outln!(
                "Cards keep their due dates until their next review; `smriti rebuild` recomputes every card with them now."
            );
            if let Some(b) = backup {
                outln!("The previous settings are kept as {}.", b.display());
            }
            ExitCode::SUCCESS
        }
        Err(msg) => {
            errln!("smriti: {msg}");
            ExitCode::FAILURE
        }
    }
}

/// The user's cards, parameters and habits, ready to simulate from `now` (as the TUI's plan
/// and retention screens start from them), and the settings.
fn setup(
    saves: &Path,
    decks_dir: Option<&Path>,
    tz: &TimeZone,
    now: Timestamp,
    days: usize,
) -> Result<(Base, Settings), history::HistoryError> {
    let h = history::read(saves, tz, |_| {})?;
    let outlines: Vec<Outline> = decks::load_all(decks_dir)
        .into_iter()
        .filter_map(|l| l.deck.ok())
        .map(|d| d.outline())
        .collect();
    let outlines: Vec<&Outline> = outlines.iter().collect();
    let b = base::base(&outlines, &h.progress, &h.settings, h.habits, now, days);
    Ok((b, h.settings))
}

fn ask(question: &str) -> Option<String> {
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        return None;
    }
    out!("{question}");
    let _ = std::io::stdout().flush();
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).ok()?;
    let line = line.trim().to_owned();
    (!line.is_empty()).then_some(line)
}

fn save_settings(saves: &Path, now: Timestamp, change: impl FnOnce(&mut Settings)) -> ExitCode {
    let Some(device) = super::this_device_or_say() else {
        return ExitCode::FAILURE;
    };
    let by = settings_file::By {
        device: device.id(),
        at: now,
    };
    let path = SavesLayout::new(saves).settings();
    match settings_file::update_keeping_backup(&path, by, change) {
        Ok((_, backup)) => {
            outln!("Saved to {}.", path.display());
            if let Some(b) = backup {
                outln!("The previous settings are kept as {}.", b.display());
            }
            ExitCode::SUCCESS
        }
        Err(msg) => {
            errln!("smriti: {msg}");
            ExitCode::FAILURE
        }
    }
}

/// A desired retention that smriti cannot use.
#[derive(Debug, thiserror::Error)]
enum RetentionError {
    #[error("{0:?} is not a retention such as 0.85")]
    NotANumber(String),
    #[error("desired retention {0} is outside 0.70–0.97")]
    OutOfRange(f64),
}

fn parse_retention(s: &str) -> Result<f64, RetentionError> {
    let r: f64 = s
        .trim()
        .trim_end_matches('%')
        .parse()
        .map_err(|_| RetentionError::NotANumber(s.to_owned()))?;
    let r = if r > 1.0 { r / 100.0 } else { r };
    if (0.7..=0.97).contains(&r) {
        Ok(r)
    } else {
        Err(RetentionError::OutOfRange(r))
    }
}

/// `smriti retention [--days N] [--set R]`.
pub fn retention(
    saves: &Path,
    decks_dir: Option<&Path>,
    tz: &TimeZone,
    now: Timestamp,
    days: usize,
    set: Option<String>,
) -> ExitCode {
    if let Some(r) = &set {
        return match parse_retention(r) {
            Ok(r) => save_settings(saves, now, |s| s.params.desired_retention = r),
            Err(msg) => {
                errln!("smriti: --set {msg}");
                ExitCode::from(2)
            }
        };
    }
    let days = days.max(1);
    let (b, settings) = match setup(saves, decks_dir, tz, now, days) {
        Ok(s) => s,
        Err(msg) => {
            errln!("smriti: {msg}");
            return ExitCode::FAILURE;
        }
    };
    let total = b.total();
    outln!(
        "The next {days} days simulated with your parameters and answer times (mean of 4 runs):\n{} studied, {} new, {} new a day in all.\n",
        plural(b.studied, "card"),
        b.scenario.new_cards,
        b.scenario.new_per_day
    );
    let rows = match b.table(1, 4, |_, _| true) {
        Ok(t) => t.rows,
        Err(msg) => {
            errln!("smriti: {msg}");
            return ExitCode::FAILURE;
        }
    };
    let month = days.min(30);
    outln!("  retention   reviews/day   minutes/day   minutes/day   recalled on day {days}");
    outln!("              first {month:<3}     first {month:<3}     all {days:<5}");
    let current = settings.params.desired_retention;
    for (r, o) in &rows {
        let mark = if (r - current).abs() < 1e-9 {
            "  ← now"
        } else {
            ""
        };
        let pct = if total > 0 {
            format!(" ({:.0}%)", 100.0 * o.morning_after / total as f64)
        } else {
            String::new()
        };
        outln!(
            "     {r:.2}   {:>11.0}   {:>11.1}   {:>11.1}   {:>8.0}{pct}{mark}",
            o.mean_reviews(month),
            o.mean_minutes(month),
            o.mean_minutes(days),
            o.morning_after
        );
    }
    let max_min = rows
        .iter()
        .map(|(_, o)| o.mean_minutes(days))
        .fold(0.0, f64::max);
    let max_rec = rows
        .iter()
        .map(|(_, o)| o.morning_after)
        .fold(0.0, f64::max);
    outln!("\n  minutes a day (mean over {days} days)      cards recalled on day {days}");
    for (r, o) in &rows {
        let m = o.mean_minutes(days);
        outln!(
            "  {r:.2} {:<24} {m:>5.1}   {:<20} {:>6.0}",
            chart::bar(m, max_min, 24),
            chart::bar(o.morning_after, max_rec, 20),
            o.morning_after
        );
    }
    outln!(
        "\nHigher retention means more reviews for a little more remembered. Pick one with\n  smriti retention --set 0.85"
    );
    if let Some(answer) = ask(&format!(
        "Desired retention to use (Enter keeps {current:.2}): "
    )) {
        return match parse_retention(&answer) {
            Ok(r) => save_settings(saves, now, |s| s.params.desired_retention = r),
            Err(msg) => {
                errln!("smriti: {msg}");
                ExitCode::from(2)
            }
        };
    }
    ExitCode::SUCCESS
}

fn plan_row(name: &str, p: &Plan, total: usize, budget: f64) -> String {
    let pct = if total > 0 {
        format!("{:.0}%", 100.0 * p.recalled / total as f64)
    } else {
        "–".into()
    };
    let over = if p.within(budget) {
        ""
    } else {
        "  over budget"
    };
    format!(
        "  {name:<18} {:>7}   {:>9.2}   {:>9}   {:>7.0} ± {:<4.0} {pct:>4}   {:>6.1}  {:>6.1}{over}",
        p.new_per_day,
        p.desired_retention,
        if p.exam_mode { "on" } else { "off" },
        p.recalled,
        p.spread,
        p.outlook.mean_minutes(usize::MAX),
        p.peak_minutes()
    )
}

/// `smriti plan --minutes N [--exam DATE] [--apply]`.
pub fn plan(
    saves: &Path,
    decks_dir: Option<&Path>,
    tz: &TimeZone,
    now: Timestamp,
    minutes: f64,
    exam: Option<String>,
    apply: bool,
) -> ExitCode {
    let fail = |msg: &dyn std::fmt::Display| {
        errln!("smriti: {msg}");
        ExitCode::FAILURE
    };
    if !(minutes.is_finite() && minutes > 0.0) {
        errln!("smriti: --minutes must be a positive number of minutes a day");
        return ExitCode::from(2);
    }
    let settings = match history::settings(saves) {
        Ok(s) => s,
        Err(msg) => return fail(&msg),
    };
    let exam_date = match exam.as_deref().map(str::parse::<Date>) {
        Some(Ok(d)) => d,
        Some(Err(_)) => {
            errln!("smriti: --exam: write the date like 2027-05-24");
            return ExitCode::from(2);
        }
        None => match settings.exam_date {
            Some(d) => d,
            None => {
                errln!(
                    "smriti: no exam date: give one with --exam 2027-05-24, or set it with smriti exam-date"
                );
                return ExitCode::from(2);
            }
        },
    };
    let today = StudyDay::containing(now, tz, settings.rollover_hour).date;
    let days_left = (exam_date - today).get_days();
    if days_left < 1 {
        errln!("smriti: the exam day {exam_date} is not after today ({today})");
        return ExitCode::from(2);
    }
    let exam_day = days_left as usize;
    let (b, settings) = match setup(saves, decks_dir, tz, now, exam_day) {
        Ok(s) => s,
        Err(msg) => return fail(&msg),
    };
    let total = b.total();
    outln!(
        "Exam on {exam_date}, {}; {minutes} minutes a day. {} studied, {} new.",
        crate::domain::words::in_days(days_left),
        plural(b.studied, "card"),
        b.scenario.new_cards
    );
    let goal = Goal {
        exam_day,
        budget_minutes: minutes,
        seed: 1,
        runs: 2,
    };
    let done = AtomicBool::new(false);
    let found = std::thread::scope(|s| {
        let done = &done;
        let spinner = s.spawn(move || {
            if !std::io::stderr().is_terminal() {
                return;
            }
            let mut i = 0;
            while !done.load(Ordering::Relaxed) {
                let _ = write!(
                    std::io::stderr(),
                    "\rsearching plans {}",
                    ["|", "/", "-", "\\"][i % 4]
                );
                i += 1;
                std::thread::sleep(Duration::from_millis(150));
            }
            let _ = write!(std::io::stderr(), "\r                  \r");
        });
        let r = plan::propose(&b, &goal, 8, settings.exam_mode, |_, _| true);
        done.store(true, Ordering::Relaxed);
        let _ = spinner.join();
        r
    });
    let (best, current, per_deck) = match found {
        Ok(p) => (p.best, p.current, p.per_deck),
        Err(msg) => return fail(&msg),
    };
    outln!(
        "\n  {:<18} {:>7}   {:>9}   {:>9}   {:>17}   {:>14}",
        "",
        "new/day",
        "retention",
        "exam mode",
        "recalled on exam",
        "minutes/day"
    );
    outln!(
        "  {:<18} {:>7}   {:>9}   {:>9}   {:>17}   {:>6}  {:>6}",
        "",
        "",
        "",
        "",
        "morning",
        "mean",
        "peak"
    );
    outln!("{}", plan_row("current settings", &current, total, minutes));
    outln!("{}", plan_row("best plan", &best, total, minutes));
    if !best.within(minutes) {
        outln!(
            "\nEven with no new cards, the reviews already due take more than {minutes} minutes on some days."
        );
    }
    outln!("\nDaily minutes with the best plan (┄ is your budget):");
    for line in chart::load_curve(&best.outlook.minutes, Some(minutes), 60, 8) {
        outln!("  {line}");
    }
    outln!(
        "\nThe plan: {} new cards a day in all (new-card limit {per_deck} a deck, {} with new cards), desired retention {:.2}, exam mode {}.",
        best.new_per_day,
        plural(b.decks_with_new.max(1), "deck"),
        best.desired_retention,
        if best.exam_mode { "on" } else { "off" }
    );
    outln!("Run it again as the days pass: it starts from what you remember today.");
    if !apply {
        outln!("To use it: smriti plan --minutes {minutes} --apply");
        return ExitCode::SUCCESS;
    }
    save_settings(saves, now, |s| {
        s.limits.new_per_day = per_deck;
        s.params.desired_retention = best.desired_retention;
        s.exam_mode = best.exam_mode;
        s.exam_date = Some(exam_date);
    })
}
