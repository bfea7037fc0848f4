//! `smriti stats` and `smriti exam-date`: the statistics without the terminal UI, for people
//! and scripts, and setting the exam day. Reads the saves folder without locking or changing it
//! (but for the deck index, a cache): the decks' outlines from the index, the snapshot and the
//! running totals, each with the log's tail; no deck file that is indexed, never the whole log.

use std::mem::ManuallyDrop;
use std::path::Path;
use std::process::ExitCode;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

use super::args::Switch;
use crate::domain::deck::KeyRef;
use crate::domain::ids::DeckId;
use crate::domain::outline::{LazyOutline, OutlineRef as _};
use crate::domain::related::Related;
use crate::domain::scheduler::Phase;
use crate::domain::session::deck_counts_lazy;
use crate::domain::stats::{self, Recall, Stats};
use crate::domain::time::{StudyDay, day_start};
use crate::domain::weak_tags::TagCount as _;
use crate::domain::words::{agree, in_days, plural, time_spent};
use crate::store::{SavesLayout, decks, reader, settings_file};

/// Predicted recall of one deck on exam day.
#[derive(Serialize)]
struct ExamDeck {
    deck: DeckId,
    #[serde(flatten)]
    recall: Recall,
}

/// Today's learning cards and due reviews, as the deck list counts them (its Learn and Due
/// columns: reviews within the day's limit, one card of a fact a day).
#[derive(Serialize)]
struct DueToday {
    learning: usize,
    due: usize,
}

#[derive(Serialize)]
struct Report {
    decks: Vec<DeckId>,
    today_counts: DueToday,
    #[serde(flatten)]
    stats: Stats,
    #[serde(skip_serializing_if = "Option::is_none")]
    exam_date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    days_to_exam: Option<i32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    exam_recall: Vec<ExamDeck>,
}

fn pct(r: Option<f64>) -> String {
    r.map_or("–".into(), |r| format!("{:.0}%", r * 100.0))
}

/// `smriti stats [--deck ID] [--json]`.
pub fn run(
    saves: &Path,
    decks_dir: Option<&Path>,
    deck: Option<String>,
    json: bool,
    tz: &TimeZone,
    now: Timestamp,
) -> ExitCode {
    // The large reads (100,000 outline entries, items and card totals at 100k cards) are left
    // for the process's exit to free: dropping them one by one was a tenth of the command.
    // Each outline left in the deck index's copy until something wants it: a deck whose
    // saved summary fits the fingerprint the index gives is counted without it.
    let (all, unread) = decks::lazy_outlines_and_errors(decks_dir, saves);
    let all = ManuallyDrop::new(all);
    // A deck file or the decks folder that could not be read is left out of the figures:
    // said on standard error, and the exit status is 1 (the statistics of the rest are shown).
    let mut code = ExitCode::SUCCESS;
    for e in &unread {
        errln!("smriti: {e}");
    }
    if !unread.is_empty() {
        errln!("smriti: the deck files named above are left out of these statistics");
        code = ExitCode::FAILURE;
    }
    let chosen: Vec<&LazyOutline> = match &deck {
        Some(id) => match all.iter().find(|d| d.id() == id) {
            Some(d) => vec![d],
            None => {
                let known: Vec<&str> = all.iter().map(|d| d.id().as_str()).collect();
                errln!(
                    "smriti: there is no deck {id:?}; the decks are: {}",
                    known.join(", ")
                );
                return ExitCode::from(super::exit::USAGE);
            }
        },
        None => all.iter().collect(),
    };
    let files = SavesLayout::new(saves);
    let (settings, _) = match std::fs::read_to_string(files.settings()) {
        Ok(text) => (
            match settings_file::from_str(&files.settings().display().to_string(), &text) {
                Ok(s) => s,
                Err(e) => {
                    errln!("smriti: {e}");
                    errln!("  (these statistics use the default settings)");
                    code = ExitCode::FAILURE;
                    Default::default()
                }
            },
            (),
        ),
        Err(_) => (Default::default(), ()),
    };
    let (settings, _) = crate::store::settings_log::effective(saves, settings);
    let hour = settings.rollover_hour;
    // The snapshot and the running totals, each with the log lines after it: never the whole
    // log (see `store::reader`, the pipeline the app's statistics screen uses too).
    // Only the chosen decks' progress is decoded where the snapshot's cache allows.
    let wanted = |id: &str| chosen.iter().any(|d| d.id().as_str() == id);
    // (Today's counts look at every deck with group names: a card of another deck studied
    // today makes its group wait here too, as on the deck list.)
    let grouped = |id: &str| all.iter().any(|d| d.id().as_str() == id && d.grouped());
    let read = reader::progress_of(saves, tz, &settings, &|id| wanted(id) || grouped(id))
        .and_then(|p| reader::totals_of(saves, tz, hour, &wanted).map(|(t, _, d)| (p, t, d)));
    let (progress, totals) = match read {
        Ok((p, t, damaged)) => {
            // A damaged log line is skipped, as the app skips it (the rest of the log counts).
            for d in &damaged {
                errln!("smriti: {d}");
            }
            (ManuallyDrop::new(p), ManuallyDrop::new(t))
        }
        Err(e) => {
            errln!("smriti: {e}");
            return ExitCode::FAILURE;
        }
    };
    // The accuracy by tag checks each deck's saved counters against its tags' fingerprint:
    // worked out on every core first where the deck index does not give it (a deck's outline
    // is then made; the figures below find the fingerprint known).
    if chosen.len() > 1 {
        crate::par::map(&chosen, |d| {
            d.tags_print(crate::domain::tag_totals::fingerprint)
        });
    }
    let (stats, problems) =
        reader::statistics(saves, &chosen, &totals, &progress, &settings, tz, now);
    for p in &problems {
        errln!("smriti: {p}");
    }
    let exam = settings.exam_date;
    let days_to_exam = exam.map(|d| (d - stats.today).get_days());
    let exam_recall: Vec<ExamDeck> = exam
        .map(|d| {
            let at = day_start(d, tz, hour);
            chosen
                .iter()
                .map(|deck| ExamDeck {
                    deck: deck.id().clone(),
                    recall: stats::predicted_recall(deck, &progress, at, &settings.params),
                })
                .collect()
        })
        .unwrap_or_default();
    // Today's counts, as the app's deck list counts them.
    let day = StudyDay::containing(now, tz, hour);
    let related = Related::among(all.iter(), &progress, &day);
    let today_counts = chosen.iter().fold(
        DueToday {
            learning: 0,
            due: 0,
        },
        |sum, d| {
            let c = deck_counts_lazy(d, progress.deck(d.id()), &day, settings.limits, &related);
            DueToday {
                learning: sum.learning + c.learning,
                due: sum.due + c.due,
            }
        },
    );
    let report = Report {
        decks: chosen.iter().map(|d| d.id().clone()).collect(),
        today_counts,
        stats,
        exam_date: exam,
        days_to_exam,
        exam_recall,
    };
    if json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
        return code;
    }
    let s = &report.stats;
    let scope = match &deck {
        Some(id) => format!("deck {id}"),
        None => match chosen.as_slice() {
            [one] => format!("deck {} (the only deck)", one.id()),
            _ => format!("all {} decks", chosen.len()),
        },
    };
    outln!("Statistics for {scope}, study day {}", s.today);
    outln!(
        "Reviews      {}, {} studied; streak {}, longest {}",
        plural(s.reviews, "answer"),
        time_spent(s.total_ms),
        plural(s.current_streak, "day"),
        s.longest_streak
    );
    outln!(
        "Cards        {} new · {} learning · {} young · {} mature",
        s.states.new,
        s.states.learning,
        s.states.young,
        s.states.mature
    );
    let ret: Vec<String> = s
        .retention
        .iter()
        .map(|r| {
            let answers = plural(r.answers, "answer");
            format!("{} days {} ({answers})", r.days, pct(r.rate()))
        })
        .collect();
    outln!("Retention    {}", ret.join(" · "));
    let next: Vec<String> = s
        .forecast
        .iter()
        .take(7)
        .enumerate()
        .map(|(i, n)| format!("{}:{n}", ["today", "+1", "+2", "+3", "+4", "+5", "+6"][i]))
        .collect();
    outln!(
        "Today        {} learning · {} due (as the deck list counts them)",
        report.today_counts.learning,
        report.today_counts.due
    );
    outln!(
        "Due per day  {} (next 30 days: {}; learning cards too, no daily limit)",
        next.join(" "),
        s.forecast.iter().sum::<u32>()
    );
    let last: Vec<String> = s
        .heatmap
        .iter()
        .rev()
        .take(14)
        .rev()
        .map(|(_, n)| n.to_string())
        .collect();
    outln!("Last 14 days {}", last.join(" "));
    if !s.by_tag.is_empty() {
        // Only tags with a miss are weak; they are the first rows (`domain::weak_tags`).
        let weak: Vec<String> = s
            .by_tag
            .iter()
            .take_while(|t| t.missed())
            .take(5)
            .map(|t| format!("{} {:.0}% ({})", t.tag, t.rate() * 100.0, t.answers))
            .collect();
        if weak.is_empty() {
            outln!("Weakest tags none: every tagged answer was right");
        } else {
            outln!("Weakest tags {}", weak.join(" · "));
        }
    }
    if let (Some(d), Some(left)) = (report.exam_date, report.days_to_exam) {
        outln!(
            "Exam         {d}, {}; predicted recall on the day:",
            in_days(left)
        );
        for e in &report.exam_recall {
            if e.recall.not_started() {
                outln!(
                    "  {:<28} {:>5}  (not started: none of {} answered yet)",
                    e.deck,
                    "–",
                    plural(e.recall.cards, "card")
                );
            } else {
                outln!(
                    "  {:<28} {:>4.0}%  ({} of {} below 90%)",
                    e.deck,
                    e.recall.mean * 100.0,
                    e.recall.below_90,
                    plural(e.recall.cards, "card")
                );
            }
        }
    }
    code
}

/// `smriti exam-mode [on|off]`: shows the workload until the exam, then turns the mode on or off.
pub fn exam_mode(
    saves: &Path,
    decks_dir: Option<&Path>,
    switch: Option<Switch>,
    tz: &TimeZone,
    now: Timestamp,
) -> ExitCode {
    let files = SavesLayout::new(saves);
    let path = files.settings();
    let settings = match std::fs::read_to_string(&path) {
        Ok(text) => match settings_file::from_str(&path.display().to_string(), &text) {
            Ok(s) => s,
            Err(e) => {
                errln!("smriti: {e}");
                return ExitCode::FAILURE;
            }
        },
        Err(_) => Default::default(),
    };
    let (settings, _) = crate::store::settings_log::effective(saves, settings);
    let Some(exam) = settings.exam_date else {
        errln!("smriti: set the exam date first: smriti exam-date YYYY-MM-DD");
        return ExitCode::from(2);
    };
    let hour = settings.rollover_hour;
    let morning = day_start(exam, tz, hour);
    let today = StudyDay::containing(now, tz, hour).date;
    let left = (exam - today).get_days().max(0);
    // Left for the process's exit to free, as in `run`.
    let progress = match reader::progress(saves, tz, &settings) {
        Ok(p) => ManuallyDrop::new(p),
        Err(e) => {
            errln!("smriti: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (all, unread) = decks::lazy_outlines_and_errors(decks_dir, saves);
    for e in &unread {
        errln!("smriti: {e}");
    }
    if !unread.is_empty() {
        errln!("smriti: the deck files named above are left out of these counts");
    }
    let all = ManuallyDrop::new(all);
    // Learning and relearning cards come back within minutes (their steps), not on a day
    // before the exam: counted apart, not among the reviews spread over the days left.
    let (mut due_before, mut learning, mut after, mut new) = (0u32, 0u32, 0u32, 0u32);
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    for d in all.iter() {
        let dp = progress.deck(d.id());
        // A deck still as saved, whose summary fits its outline and tells its learning
        // cards' due instants apart: counted without a look-up.
        let saved = dp.and_then(|p| p.items.summary_for(d));
        if let Some((sum, today)) = saved.and_then(|s| s.today.map(|t| (s, t))) {
            let before = count(sum.due_before(morning));
            let learning_before = count(today.learning_before(morning));
            let learn = count(today.learning.len());
            due_before += before.saturating_sub(learning_before);
            after += count(sum.dues.len())
                .saturating_sub(before)
                .saturating_sub(learn.saturating_sub(learning_before));
            learning += learn;
            new += sum.states.new;
            continue;
        }
        for key in d.items() {
            match dp.and_then(|p| p.items.state(&key as &dyn KeyRef)) {
                None => new += 1,
                Some(s) if s.phase != Phase::Review => learning += 1,
                Some(s) if s.due < morning => due_before += 1,
                Some(_) => after += 1,
            }
        }
    }
    let per_day = |n: u32| {
        if left == 0 {
            f64::from(n)
        } else {
            f64::from(n) / f64::from(left)
        }
    };
    // What the mode will be once this command is done: the report speaks of that.
    let on = switch.map_or(settings.exam_mode, |s| s == Switch::On);
    outln!("Exam on {exam}, {}.", in_days(left));
    outln!("With exam mode on, no review is scheduled after the exam morning. Until then:");
    outln!(
        "  {} of learnt cards already {} before the exam (about {:.1} a day);",
        plural(due_before, "review"),
        agree(due_before, "falls", "fall"),
        per_day(due_before)
    );
    outln!(
        "  {} in learning {} back within the day (their learning steps; not in the reviews above);",
        plural(learning, "card"),
        agree(learning, "comes", "come"),
    );
    outln!(
        "  {} {} due after it and {} already predicted at {:.0}% or better on the day;",
        plural(after, "card"),
        agree(after, "comes", "come"),
        agree(after, "is", "are"),
        settings.params.desired_retention * 100.0
    );
    outln!(
        "  {}: {:.1} a day sees {} by the exam (your limit is {} a day per deck).",
        plural(new, "new card"),
        per_day(new),
        agree(new, "it", "them all"),
        settings.limits.new_per_day
    );
    let Some(_) = switch else {
        if on {
            outln!("Exam mode is on. Turn it off with: smriti exam-mode off");
        } else {
            outln!("Exam mode is off. Turn it on with: smriti exam-mode on");
        }
        return ExitCode::SUCCESS;
    };
    let Some(device) = super::this_device_or_say() else {
        return ExitCode::FAILURE;
    };
    let by = settings_file::By {
        device: device.id(),
        at: now,
    };
    match settings_file::set_exam_mode(&path, by, on) {
        Ok(_) => {
            outln!(
                "Exam mode is now {}. A running smriti uses it within a few seconds.",
                if on { "on" } else { "off" }
            );
            ExitCode::SUCCESS
        }
        Err(msg) => {
            errln!("smriti: {msg}");
            ExitCode::FAILURE
        }
    }
}

/// `smriti exam-date YYYY-MM-DD` / `--clear` (`None`: clear). A day before today is refused.
pub fn exam_date(saves: &Path, date: Option<Date>, tz: &TimeZone, now: Timestamp) -> ExitCode {
    let path = SavesLayout::new(saves).settings();
    if let Some(d) = date {
        let settings = std::fs::read_to_string(&path)
            .ok()
            .and_then(|t| settings_file::from_str(&path.display().to_string(), &t).ok())
            .unwrap_or_default();
        let (settings, _) = crate::store::settings_log::effective(saves, settings);
        let today = StudyDay::containing(now, tz, settings.rollover_hour).date;
        if d < today {
            return super::exit::usage(format!(
                "{d} is in the past (today is {today}); give the day of your exam"
            ));
        }
    }
    let Some(device) = super::this_device_or_say() else {
        return ExitCode::FAILURE;
    };
    let by = settings_file::By {
        device: device.id(),
        at: now,
    };
    match settings_file::set_exam_date(&path, by, date) {
        Ok(s) => {
            match s.exam_date {
                Some(d) => outln!(
                    "Exam date set to {d} in {}. A running smriti uses it within a few seconds.",
                    path.display()
                ),
                None => outln!("Exam date cleared."),
            }
            ExitCode::SUCCESS
        }
        Err(msg) => {
            errln!("smriti: {msg}");
            ExitCode::FAILURE
        }
    }
}
