//! The background writes' pacing: a file written in the background (the snapshot writer,
//! `store::snapshot_writer`) goes to the disk a small step at a time, each waited for and
//! followed by a flush of the disk's cache, and never while the [`Foreground`] (an answer's
//! append and `fdatasync` of the review log) is making something durable; any other large
//! file's pages are handed to the disk as it is written ([`WriteBehind`]). What the atomic
//! replacement (`store::atomic`) writes through; must not depend on it, nor on `tui` or `cli`.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// The durable writes of the foreground (the app's answers), which background writes give way
/// to. [`Foreground::hold`] marks one under way; a thread that called [`Foreground::give_way`]
/// writes its files in the background: in steps of [`BACKGROUND_STEP`], each handed to the
/// disk and waited for before the next is written (so at most one step of it is ever in
/// flight), then, over an old file, the disk's cache flushed ([`WriteBehind::flushing_by`]),
/// and it starts no step, no flush, no fsync and no rename while a foreground write is under
/// way. On ext4 (ordered mode) the journal commit that an answer's `fdatasync` forces first
/// writes the data of the blocks allocated in its transaction, and the disk's cache flush
/// makes everything written before it durable: paced like this, what of the background's is
/// in their way is one step at most, not the mebibytes the plain write-behind keeps in flight.
#[derive(Debug, Default)]
pub struct Foreground {
    busy: std::sync::atomic::AtomicU32,
    /// Times background CPU work gave way to it (see [`Foreground::yield_cpu`]).
    yielded: std::sync::atomic::AtomicU32,
}

/// A foreground write under way (see [`Foreground::hold`]); ends when dropped.
pub struct Busy<'a>(&'a Foreground);

impl Drop for Busy<'_> {
    fn drop(&mut self) {
        self.0
            .busy
            .fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

thread_local! {
    /// The foreground the calling thread's writes give way to, if it writes in the background.
    static GIVE_WAY: std::cell::RefCell<Option<Arc<Foreground>>> = const { std::cell::RefCell::new(None) };
}

/// Linux's `struct sched_attr` (its first version, 48 bytes): for `sched_setattr`.
#[cfg(target_os = "linux")]
#[repr(C)]
struct SchedAttr {
    size: u32,
    policy: u32,
    flags: u64,
    nice: i32,
    priority: u32,
    runtime: u64,
    deadline: u64,
    period: u64,
}

/// Sets the calling thread's time slice (`runtime` ns; 0: the default) under the ordinary
/// policy at nice `nice`; whether the kernel took it.
#[cfg(target_os = "linux")]
fn set_slice(nice: i32, runtime: u64) -> bool {
    let attr = SchedAttr {
        size: std::mem::size_of::<SchedAttr>() as u32,
        policy: libc::SCHED_OTHER as u32,
        flags: 0,
        nice,
        priority: 0,
        runtime,
        deadline: 0,
        period: 0,
    };
    // SAFETY: sched_setattr reads the struct it is given (its size in its first field), which
    // lives on this stack for the call; pid 0 is the calling thread.
    unsafe { libc::syscall(libc::SYS_sched_setattr, 0, &raw const attr, 0) == 0 }
}

/// The calling thread's nice value (a thread's own on Linux).
#[cfg(target_os = "linux")]
fn own_nice() -> i32 {
    // SAFETY: gettid and getpriority take and return plain integers.
    unsafe {
        let tid = libc::id_t::try_from(libc::gettid()).unwrap_or(0);
        libc::getpriority(libc::PRIO_PROCESS, tid)
    }
}

/// The thread that answers (the app's) asks for short time slices: woken by its `fdatasync`,
/// it then takes a core from a thread in the middle of a longer slice (another program's, or
/// the snapshot writer's) at once, where by default it waited for that slice to run out (on a
/// busy 2-core machine, a scheduler tick: ~4 ms; the plain-mode answer's p99, issue 16).
/// Linux 6.12 and later (EEVDF's custom slices, allowed without privilege; the nice value is
/// kept); elsewhere, or refused, nothing changes. Threads it starts afterwards inherit it:
/// the snapshot writer goes back to the default slice ([`background_slice`]).
pub fn short_slices() {
    #[cfg(target_os = "linux")]
    {
        // 0.1 ms, the shortest the kernel takes: an answer's CPU between two waits is 0.1-0.3 ms.
        set_slice(own_nice(), 100_000);
    }
}

/// A background thread: nice 10 and the default time slice (see [`short_slices`]); Linux
/// only. Whether the nice value was taken.
pub fn background_slice() -> bool {
    #[cfg(target_os = "linux")]
    {
        set_slice(10, 0)
    }
    #[cfg(not(target_os = "linux"))]
    {
        false
    }
}

/// How long a background write waits for the foreground at most, each time (so that a
/// foreground writing without a pause cannot hold it back for ever).
const GIVE_WAY_AT_MOST: Duration = Duration::from_millis(250);

impl Foreground {
    /// Marks a foreground write under way until the guard is dropped.
    pub fn hold(&self) -> Busy<'_> {
        self.busy.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Busy(self)
    }

    /// Makes the calling thread's later writes background writes that give way to `fg`.
    pub fn give_way(fg: &Arc<Foreground>) {
        GIVE_WAY.with(|g| *g.borrow_mut() = Some(Arc::clone(fg)));
    }

    /// A background thread's CPU work gives way as its disk steps do: while the foreground
    /// makes an answer durable, the writer sleeps instead of holding a core, so that the
    /// answer's thread, woken by its `fdatasync`, finds one free at once. On a machine with
    /// two cores and anything else running, a writer at nice 10 still holding a core made the
    /// woken answer wait for the rest of its time slice (the scheduler does not preempt it at
    /// once): the plain-mode answer's p99 at 10k cards, "waiting for a core". Asked every few
    /// hundred items of a snapshot (`progress_file::write`'s `stop`).
    pub fn yield_cpu(&self) {
        if self.busy.load(std::sync::atomic::Ordering::SeqCst) > 0 {
            self.yielded
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            self.wait_until_idle();
        }
    }

    /// Times a background thread's CPU work gave way ([`Foreground::yield_cpu`]).
    pub fn yielded(&self) -> u32 {
        self.yielded.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Waits (polling every 100 µs) until no foreground write is under way, for
    /// [`GIVE_WAY_AT_MOST`] at most.
    fn wait_until_idle(&self) {
        let start = std::time::Instant::now();
        while self.busy.load(std::sync::atomic::Ordering::SeqCst) > 0
            && start.elapsed() < GIVE_WAY_AT_MOST
        {
            std::thread::sleep(Duration::from_micros(100));
        }
    }
}

/// How much of a file is written before its pages are handed to the disk (see [`WriteBehind`]).
const WRITE_BEHIND: u64 = 1 << 20;

/// The same for a background write (see [`Foreground`]), each step waited for before the next.
pub const BACKGROUND_STEP: u64 = 256 << 10;

/// A file whose pages are sent to the disk as it is written ("write-behind"): each mebibyte
/// is handed to the disk as soon as it is written and the one before it waited for, so at
/// most two are ever dirty. The final fsync then has almost nothing left to write, and, what
/// matters more, neither has the file system's journal commit that another thread's fsync
/// forces meanwhile: on ext4 (ordered mode, the default) that commit writes the transaction's
/// new data first, so an answer's fsync of the review log, given while the background
/// snapshot writer (`store::snapshot_writer`) writes 11 MB, waited for all of it (issue 16's
/// plain-mode p99). Durability is unchanged: the file is still fsynced before its rename, and
/// an error the disk reports here fails the write as the fsync would (once seen here, the
/// kernel would not report it to the fsync again). A background write (see [`Foreground`])
/// goes by [`BACKGROUND_STEP`] instead, each step waited for at once and none started while
/// the foreground writes. Linux only; elsewhere a plain file.
pub(super) struct WriteBehind {
    pub(super) file: File,
    /// Bytes written so far.
    pub(super) written: u64,
    /// Bytes handed to the disk (`SYNC_FILE_RANGE_WRITE`).
    pub(super) sent: u64,
    /// Bytes known to be on the disk.
    pub(super) done: u64,
    /// Off for a file system that does not support it.
    pub(super) on: bool,
    /// Written in the background, giving way to this foreground (see [`Foreground`]).
    pub(super) fg: Option<Arc<Foreground>>,
    /// In the background: the file being replaced, open to read, whose `fdatasync` after
    /// each step has the disk flush its cache (see [`WriteBehind::flushing_by`]).
    flush_by: Option<File>,
    /// Times it gave way (waited for the foreground to be idle).
    #[cfg(test)]
    pub(super) gave_way: u32,
    /// Times it had the disk flush its cache after a step.
    #[cfg(test)]
    pub(super) flushed: u32,
}

impl WriteBehind {
    pub(super) fn new(file: File) -> WriteBehind {
        WriteBehind {
            file,
            written: 0,
            sent: 0,
            done: 0,
            on: cfg!(target_os = "linux"),
            fg: GIVE_WAY.with(|g| g.borrow().clone()),
            flush_by: None,
            #[cfg(test)]
            gave_way: 0,
            #[cfg(test)]
            flushed: 0,
        }
    }

    /// In the background (see [`Foreground`]), replacing `target`: after each step is on its
    /// way to the disk and waited for, `fdatasync` of `target` (open to read, the old file,
    /// which has nothing of its own left to write: its data and size were made durable when
    /// it was put in place) has the disk flush its write cache, and costs no journal commit.
    /// A disk with a volatile cache (a virtual machine's disk, whose flush makes the host
    /// write what the guest has already handed it) otherwise keeps the snapshot's steps
    /// until the next flush, and the next flush is an answer's: each answer paid for the
    /// mebibytes the writer had written since the answer before. So the writer pays for its
    /// own, a step at a time, and an answer's flush finds at most one step of it. Durability
    /// is unchanged (the new file is still fsynced before its rename); a new path (nothing to
    /// flush by) or a target that cannot be opened, or is not a regular file, is written as
    /// before. Linux only, as the pacing is.
    pub(super) fn flushing_by(mut self, target: &Path) -> WriteBehind {
        if self.fg.is_none() || !cfg!(target_os = "linux") {
            return self;
        }
        let mut opts = OpenOptions::new();
        opts.read(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
        }
        self.flush_by = opts
            .open(target)
            .ok()
            .filter(|f| f.metadata().is_ok_and(|m| m.is_file()));
        self
    }

    /// How much is written before it is handed to the disk.
    fn step(&self) -> u64 {
        if self.fg.is_some() {
            BACKGROUND_STEP
        } else {
            WRITE_BEHIND
        }
    }

    /// Waits for the foreground to be idle, if this is a background write.
    pub(super) fn give_way(&mut self) {
        if let Some(fg) = &self.fg {
            #[cfg(test)]
            {
                self.gave_way += u32::from(fg.busy.load(std::sync::atomic::Ordering::SeqCst) > 0);
            }
            fg.wait_until_idle();
        }
    }

    /// Hands what was written since the last call to the disk, then waits for what was
    /// handed before it.
    #[cfg(target_os = "linux")]
    pub(super) fn send(&mut self) -> io::Result<()> {
        use std::os::fd::AsRawFd;
        let fd = self.file.as_raw_fd();
        let range = |from: u64, to: u64, flags: libc::c_uint| -> io::Result<()> {
            // (A length of 0 would mean "to the end of the file".)
            let (Ok(off), Ok(len @ 1..)) = (i64::try_from(from), i64::try_from(to - from)) else {
                return Ok(());
            };
            // SAFETY: sync_file_range takes plain integers; `fd` is open for the whole call
            // (the file is borrowed).
            if unsafe { libc::sync_file_range(fd, off, len, flags) } == 0 {
                Ok(())
            } else {
                Err(io::Error::last_os_error())
            }
        };
        let wait = libc::SYNC_FILE_RANGE_WAIT_BEFORE
            | libc::SYNC_FILE_RANGE_WRITE
            | libc::SYNC_FILE_RANGE_WAIT_AFTER;
        let paced = self.fg.is_some();
        let result = if paced {
            // In the background: one step in flight at most, none started while the
            // foreground makes something durable.
            self.give_way();
            range(self.sent, self.written, wait).and_then(|()| self.flush_cache())
        } else {
            range(self.sent, self.written, libc::SYNC_FILE_RANGE_WRITE)
                .and_then(|()| range(self.done, self.sent, wait))
        };
        match result {
            Ok(()) => {
                self.done = if paced { self.written } else { self.sent };
                self.sent = self.written;
                Ok(())
            }
            // Not supported here: the fsync at the end does it all.
            Err(e)
                if matches!(
                    e.raw_os_error(),
                    Some(libc::EINVAL | libc::ENOSYS | libc::ESPIPE | libc::EOPNOTSUPP)
                ) =>
            {
                self.on = false;
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    #[cfg(not(target_os = "linux"))]
    pub(super) fn send(&mut self) -> io::Result<()> {
        Ok(())
    }

    /// Has the disk flush its write cache, when writing in the background over a file (see
    /// [`WriteBehind::flushing_by`]); never while the foreground makes something durable.
    #[cfg(target_os = "linux")]
    fn flush_cache(&mut self) -> io::Result<()> {
        if self.flush_by.is_none() {
            return Ok(());
        }
        self.give_way();
        if let Some(f) = &self.flush_by {
            f.sync_data()?;
            #[cfg(test)]
            {
                self.flushed += 1;
            }
        }
        Ok(())
    }
}

impl Write for WriteBehind {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // At most a step at a time, so that a large buffer written at once is sent in steps.
        let step = usize::try_from(self.step()).unwrap_or(usize::MAX);
        let n = (&self.file).write(&buf[..buf.len().min(step)])?;
        self.written += n as u64;
        if self.on && self.written - self.sent >= self.step() {
            self.send()?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        (&self.file).flush()
    }
}
