//! scale.rs's timings: a figure's median and p99 ([`Sample`]), one answer's wall, CPU and wait
//! for a core ([`Timings`]), and where plain mode's slow answers fall against the background
//! snapshot ([`where_slow`], 4b).

use std::time::{Duration, Instant};

/// Where one plain answer's time went, and where it fell against the background snapshot.
#[derive(Default, Clone, Copy)]
pub struct Detail {
    /// A snapshot was being written when the answer was given.
    pub writing: bool,
    /// The answer started one.
    pub started: bool,
    /// The answer made durable (`execute`: the log's append and fdatasync).
    pub execute: Duration,
    /// `snapshot_if_due` (the job made, the writer started, the one before collected).
    pub snapshot_if_due: Duration,
}

/// What one answer took: its wall time, and of it the thread's CPU time and its wait for a core
/// (the rest is blocked: the disk, an fsync).
#[derive(Default)]
pub struct Timings {
    pub wall: Vec<Duration>,
    pub cpu: Vec<Duration>,
    pub waiting: Vec<Duration>,
    pub blocked: Vec<Duration>,
}

impl Timings {
    pub fn push(&mut self, (wall, cpu, waiting): (Duration, Duration, Duration)) {
        self.wall.push(wall);
        self.cpu.push(cpu);
        self.waiting.push(waiting);
        self.blocked.push(wall.saturating_sub(cpu + waiting));
    }

    pub fn report(self, what: &str) {
        Sample(self.wall).report(what);
        Sample(self.cpu).report("  of which CPU time of this thread");
        Sample(self.waiting).report("  of which waiting for a core");
        Sample(self.blocked).report("  of which blocked (the disk: fsync)");
    }
}

/// Which answers a row of [`where_slow`] holds: by the answer's [`Detail`] and the answers
/// since a snapshot started.
type Class = dyn Fn(&Detail, usize) -> bool;

/// Where 4b's slow answers fell against the background snapshot: the answers by their place
/// (the one that started a snapshot, the next ones while it was written, the others), and the
/// slowest ones whole.
pub fn where_slow(details: &[((Duration, Duration, Duration), Detail, usize)]) {
    let classes: [(&str, &Class); 5] = [
        ("    started a snapshot", &|d, _| d.started),
        ("    1st answer after a start", &|d, k| d.writing && k == 1),
        ("    2nd-3rd after a start", &|d, k| {
            d.writing && (2..=3).contains(&k)
        }),
        ("    later, writer still running", &|d, k| {
            d.writing && k > 3
        }),
        ("    no writer running", &|d, _| !d.writing && !d.started),
    ];
    for (what, is) in classes {
        let mut t = Timings::default();
        let mut exec = Vec::new();
        for (timed, d, k) in details {
            if is(d, *k) {
                t.push(*timed);
                exec.push(d.execute);
            }
        }
        if t.wall.is_empty() {
            continue;
        }
        let over = t.wall.iter().filter(|w| ms(**w) > 1.0).count();
        println!("{what}: {} answers, {over} over 1 ms", t.wall.len());
        Sample(t.wall).report("      wall");
        Sample(exec).report("      of which execute (append + fdatasync)");
        Sample(t.cpu).report("      CPU of this thread");
        Sample(t.waiting).report("      waiting for a core");
    }
    let mut worst: Vec<_> = details.iter().collect();
    worst.sort_by_key(|(t, _, _)| std::cmp::Reverse(t.0));
    println!(
        "    the 15 slowest: wall / cpu / wait / execute / snapshot_if_due ms, writing, started, since"
    );
    for ((wall, cpu, wait), d, k) in worst.iter().take(15) {
        println!(
            "      {:.3} / {:.3} / {:.3} / {:.3} / {:.3}  {} {} {}",
            ms(*wall),
            ms(*cpu),
            ms(*wait),
            ms(d.execute),
            ms(d.snapshot_if_due),
            d.writing,
            d.started,
            if *k > 100000 {
                "-".to_string()
            } else {
                k.to_string()
            }
        );
    }
}

/// CPU time used by the calling thread (waiting for a core or for the disk is not counted):
/// on a shared machine, what the code itself costs.
pub fn thread_cpu() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes the timespec it is given, which lives on this stack.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) } == 0;
    if !ok {
        return Duration::ZERO;
    }
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// Time the calling thread has spent runnable but waiting for a core (`/proc`'s schedstat,
/// Linux; zero elsewhere): on a loaded machine, what an answer waits that neither its code nor
/// the disk costs.
pub fn thread_run_delay() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}

/// Timings of one figure: median, p99 and max.
pub struct Sample(pub Vec<Duration>);

impl Sample {
    pub fn time(runs: usize, mut f: impl FnMut()) -> Sample {
        Sample(
            (0..runs)
                .map(|_| {
                    let t = Instant::now();
                    f();
                    t.elapsed()
                })
                .collect(),
        )
    }
    pub fn pct(&self, p: f64) -> Duration {
        let mut v = self.0.clone();
        v.sort();
        v[((v.len() - 1) as f64 * p).round() as usize]
    }
    pub fn report(&self, what: &str) {
        println!(
            "  {what:<44} median {:>10.3} ms   p99 {:>10.3} ms   max {:>10.3} ms   ({} runs)",
            ms(self.pct(0.5)),
            ms(self.pct(0.99)),
            ms(self.pct(1.0)),
            self.0.len()
        );
    }
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
