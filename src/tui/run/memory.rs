//! The run loop's memory-model work (`Effect::Memory`): the exam-day plan, the desired-retention
//! table and fitting the parameters run on a thread of their own, so the UI keeps drawing and
//! answering keys; the loop polls [`Running`] and hands its progress and result to the app as
//! actions. One job at a time: a new one (or leaving the screen) stops the one before.
//!
//! The job reads the saves folder as `smriti plan`/`retention`/`optimize` do
//! (`store::history::read`, without locking it) and the decks from the deck list, so the
//! screens show the same figures as the commands.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::domain::memory::base::{self, Base, SimError};
use crate::domain::memory::fit::{self, CombinedProgressState};
use crate::domain::memory::plan::{self, Goal, Proposal};
use crate::domain::outline::Outline;
use crate::domain::time::StudyDay;
use crate::store::history::{self, History};
use crate::tui::action::{Action, MemoryJob, MemoryResult, Optimized};
use crate::tui::app::App;

/// A job under way.
pub struct Running {
    rx: Receiver<Msg>,
    stop: Arc<AtomicBool>,
}

enum Msg {
    Progress(usize, usize),
    Done(Box<MemoryResult>),
}

impl Drop for Running {
    /// A job nobody waits for any more stops at its next step.
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// What a job needs from the app, owned (it runs on another thread).
struct Input {
    saves: PathBuf,
    tz: TimeZone,
    now: Timestamp,
    outlines: Vec<Arc<Outline>>,
}

/// Starts `job` on its own thread.
pub fn start(app: &App, saves: PathBuf, job: MemoryJob, now: Timestamp) -> Running {
    let sh = app.shared();
    let input = Input {
        saves,
        tz: sh.tz.clone(),
        now,
        outlines: sh
            .decks
            .iter()
            .filter(|e| e.usable())
            .map(|e| e.outline.arc())
            .collect(),
    };
    let (tx, rx) = mpsc::channel();
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = Arc::clone(&stop);
    std::thread::spawn(move || {
        let result = work(&input, &job, &tx, &stopped);
        let _ = tx.send(Msg::Done(Box::new(result)));
    });
    Running { rx, stop }
}

/// What the job has to say since the last poll: its result, else its latest progress. The
/// job is over once its result is taken.
pub fn poll(running: &mut Option<Running>) -> Option<Action> {
    let r = running.as_ref()?;
    let mut latest = None;
    loop {
        match r.rx.try_recv() {
            Ok(Msg::Progress(done, total)) => latest = Some(Action::MemoryProgress(done, total)),
            Ok(Msg::Done(result)) => {
                *running = None;
                return Some(Action::MemoryDone(result));
            }
            Err(mpsc::TryRecvError::Empty) => return latest,
            Err(mpsc::TryRecvError::Disconnected) => {
                *running = None;
                return Some(Action::MemoryDone(Box::new(MemoryResult::Failed(
                    "the simulation stopped unexpectedly".into(),
                ))));
            }
        }
    }
}

fn work(input: &Input, job: &MemoryJob, tx: &Sender<Msg>, stop: &AtomicBool) -> MemoryResult {
    let progress = |done: usize, total: usize| {
        let _ = tx.send(Msg::Progress(done, total));
        !stop.load(Ordering::Relaxed)
    };
    let h = match history::read(&input.saves, &input.tz, |_| {}) {
        Ok(h) => h,
        Err(e) => return MemoryResult::Failed(e.to_string()),
    };
    match job {
        MemoryJob::Plan { exam, minutes } => {
            MemoryResult::Plan(plan_job(input, h, *exam, *minutes, progress))
        }
        MemoryJob::Retention { days } => {
            let b = start_from(input, h, *days).0;
            MemoryResult::Retention(b.table(1, 4, progress))
        }
        MemoryJob::Optimize => MemoryResult::Optimize(optimize_job(&h, tx, stop)),
    }
}

/// The user's cards as the simulations start from them, and their exam mode.
fn start_from(input: &Input, h: History, days: usize) -> (Base, bool) {
    let outlines: Vec<&Outline> = input.outlines.iter().map(|o| &**o).collect();
    let exam_mode = h.settings.exam_mode;
    let b = base::base(
        &outlines,
        &h.progress,
        &h.settings,
        h.habits,
        input.now,
        days,
    );
    (b, exam_mode)
}

fn plan_job(
    input: &Input,
    h: History,
    exam: jiff::civil::Date,
    minutes: f64,
    progress: impl FnMut(usize, usize) -> bool,
) -> Result<Proposal, SimError> {
    let today = StudyDay::containing(input.now, &input.tz, h.settings.rollover_hour).date;
    let days = (exam - today).get_days();
    if days < 1 {
        return Err(SimError::ExamNotAhead { exam, today });
    }
    let days = days as usize;
    let (b, exam_mode) = start_from(input, h, days);
    let goal = Goal {
        exam_day: days,
        budget_minutes: minutes,
        seed: 1,
        runs: 2,
    };
    plan::propose(&b, &goal, 8, exam_mode, progress)
}

fn optimize_job(h: &History, tx: &Sender<Msg>, stop: &AtomicBool) -> Optimized {
    let shared: Arc<Mutex<CombinedProgressState>> = fit::progress();
    let done = AtomicBool::new(false);
    let fitted = std::thread::scope(|s| {
        // Watches the optimizer's counter; asks it to stop when the screen is left.
        s.spawn(|| {
            while !done.load(Ordering::Relaxed) {
                if let Ok(mut p) = shared.lock() {
                    let _ = tx.send(Msg::Progress(p.current(), p.total()));
                    if stop.load(Ordering::Relaxed) {
                        p.want_abort = true;
                    }
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        });
        let r = fit::fit(
            &h.training,
            &h.settings.params.weights,
            h.settings.params.relearning_steps.len(),
            Some(Arc::clone(&shared)),
        );
        done.store(true, Ordering::Relaxed);
        r
    });
    Optimized {
        answers: h.answers,
        items: h.training.items.len(),
        cards: h.training.cards,
        fit: fitted,
    }
}
