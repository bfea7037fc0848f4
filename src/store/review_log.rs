//! The append-only review log, `reviews.jsonl`: one JSON event per line, each appended and
//! fsynced before the app shows the next card.
//!
//! Reading tolerates damage: an unreadable line in the middle is skipped and reported with its
//! line number; a torn last line (a crash mid-append) is moved to a side file and cut off, so
//! the next append starts on a clean line. Nothing a user wrote is ever deleted.

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Read as _, Seek, SeekFrom, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use super::log_batch::{self, each_batch, trim_line};
use super::log_line::{self, FromLine};
use crate::domain::progress::Event;

#[cfg(test)]
pub(crate) use super::log_batch::READ_BATCH;

/// Where reading stopped, so that the snapshot can record it and the next start can resume.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mark {
    /// Sequence number of the last event read.
    pub seq: u64,
    /// Byte length of the log read so far (always at a line boundary).
    pub offset: u64,
    /// Lines read so far.
    pub lines: u64,
    /// The latest instant of the events read so far (absent in marks of older snapshots): a
    /// log from another device whose next events are older than this is answering late.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<jiff::Timestamp>,
}

impl Mark {
    /// Counts `e` as read: its number and instant.
    pub(crate) fn saw(&mut self, e: &impl FromLine) {
        self.seq = self.seq.max(e.seq());
        self.at = Some(self.at.map_or(e.at(), |a| a.max(e.at())));
    }
}

/// What reading the log found.
#[derive(Debug, Default)]
pub struct Read {
    pub events: Vec<Event>,
    /// Damage found, one message per problem, for the user.
    pub problems: Vec<String>,
}

/// An open review log.
#[derive(Debug)]
pub struct ReviewLog {
    path: PathBuf,
    file: File,
    /// Where the log ends after the last complete, durable line.
    mark: Mark,
    /// Set when an append failed part-way: the tail past `mark.offset` must be cut first.
    dirty: bool,
    /// Test seam: make appends fail with this error (a full or read-only disk).
    #[cfg(test)]
    pub(crate) inject: Option<io::ErrorKind>,
    /// With `inject`: how many appends still fail (`None`: all of them).
    #[cfg(test)]
    pub(crate) inject_times: Option<u32>,
}

/// Opens (creating if needed) a file of the saves folder that smriti appends to (a log, or
/// the side file of a torn line), for reading too when `read`. A symbolic link is not followed
/// (`O_NOFOLLOW`) and anything but a regular file is refused, with the path in the message: a
/// link planted in a synced folder must never make smriti append answers to a file elsewhere,
/// or cut a torn tail off it (it did both), and a FIFO must not hang it.
pub(crate) fn open_appending(path: &Path, read: bool) -> io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.read(read).append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let refused = |what: &str| {
        io::Error::other(format!(
            "{} is {what}; smriti appends only to a regular file in the saves folder (put the \
             file itself there)",
            path.display()
        ))
    };
    let file = match opts.open(path) {
        Ok(f) => f,
        #[cfg(unix)]
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => {
            return Err(refused("a symbolic link"));
        }
        Err(e) => return Err(e),
    };
    if !file.metadata()?.is_file() {
        return Err(refused("not a regular file"));
    }
    Ok(file)
}

impl ReviewLog {
    /// Opens (creating if needed) the log at `path` (see [`open_appending`]).
    pub fn open(path: &Path) -> io::Result<ReviewLog> {
        let file = open_appending(path, true)?;
        Ok(ReviewLog {
            path: path.to_owned(),
            file,
            mark: Mark::default(),
            dirty: false,
            #[cfg(test)]
            inject: None,
            #[cfg(test)]
            inject_times: None,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The open file (to check that it is still the one at its path).
    pub fn file(&self) -> &File {
        &self.file
    }

    pub fn mark(&self) -> Mark {
        self.mark
    }

    /// Reads every event after `from` (a mark from the snapshot, or the default to read all).
    /// Returns `None` when `from` does not fit this log (it is shorter, or the line there does
    /// not follow `from.seq`): the caller must then read from the start.
    pub fn read_from(&mut self, from: Mark) -> io::Result<Option<Read>> {
        let mut events = Vec::new();
        Ok(self
            .read_each(from, |e| events.push(e))?
            .map(|problems| Read { events, problems }))
    }

    /// As [`ReviewLog::read_from`], but hands each event to `each` as it is read instead of
    /// keeping them all (a million-answer log is ~370 MB of JSON; `smriti rebuild` streams it).
    /// Returns the problems found, or `None` as `read_from` does (before any event is handed
    /// over).
    pub fn read_each<E: FromLine>(
        &mut self,
        from: Mark,
        mut each: impl FnMut(E),
    ) -> io::Result<Option<Vec<String>>> {
        let len = self.file.metadata()?.len();
        if from.offset > len || !self.fits(from)? {
            return Ok(None);
        }
        let mut reader = &self.file;
        reader.seek(SeekFrom::Start(from.offset))?;
        let mut out = Read::default();
        let mut first = true;
        let mut mark = from;
        let name = self.path.display().to_string();
        // Lines are read a batch at a time and parsed on every core (parsing is nearly all of
        // the cost of reading a million-line log), then handled one by one, in order. The
        // next batch is read and parsed while this one is handled (`each` replays it).
        let file = &self.file;
        let ended_early = each_batch(&mut reader, |batch| {
            let parsed = std::mem::take(&mut batch.parsed);
            for (line, parsed) in batch.lines().zip(parsed) {
                let n = line.len();
                let line_no = mark.lines + 1;
                if line.last() != Some(&b'\n') {
                    // The last line has no newline: a crash during an append. Nothing follows
                    // it, so no batch is in flight.
                    match parsed {
                        Ok(ev) => {
                            // The line itself is whole; only its newline is missing.
                            let mut f = file;
                            f.write_all(b"\n")?;
                            file.sync_data()?;
                            mark.saw(&ev);
                            each(ev);
                            mark.offset += n as u64 + 1;
                            mark.lines += 1;
                        }
                        Err(_) => {
                            let side = self.save_torn(line, mark.offset)?;
                            file.set_len(mark.offset)?;
                            file.sync_data()?;
                            out.problems.push(format!(
                                "{name}:{line_no}: the last line was cut off by a crash during saving; \
                                 it was moved to {} and skipped (that answer had not been confirmed)",
                                side.display()
                            ));
                        }
                    }
                    return Ok(ControlFlow::Break(false));
                }
                mark.offset += n as u64;
                mark.lines += 1;
                if trim_line(line).is_empty() {
                    continue;
                }
                match parsed {
                    Ok(ev) => {
                        if first && from.offset > 0 && Some(ev.seq()) != from.seq.checked_add(1) {
                            return Ok(ControlFlow::Break(true));
                        }
                        first = false;
                        mark.saw(&ev);
                        each(ev);
                    }
                    Err(e) => {
                        let (column, what) = super::json_pos::in_log_line(line, &e);
                        out.problems.push(format!(
                            "{name}:{line_no}:{column}: skipped an unreadable line ({what}); the rest of the log is fine"
                        ));
                    }
                }
            }
            Ok(ControlFlow::Continue(()))
        })?
        .unwrap_or(false);
        if ended_early {
            return Ok(None);
        }
        self.mark = mark;
        Ok(Some(out.problems))
    }

    /// Whether the mark `from` (from the snapshot) agrees with the log before it: it must end
    /// on a line boundary, and its sequence number must not lag the last event there (a
    /// snapshot whose counter lags would make new answers reuse old numbers, and an undo of a
    /// new one would also cancel an old one). The last event is looked for in the last
    /// [`MARK_CHECK_BYTES`] before the mark; finding none there, the mark is trusted only at the
    /// start of the log.
    fn fits(&self, from: Mark) -> io::Result<bool> {
        fits_in(&self.file, from)
    }

    /// The sequence numbers of every undone answer in the log: a quick first pass for
    /// `smriti rebuild` that parses only the lines that mention an undo. Unreadable lines are
    /// left for the full read to report.
    pub fn undone(&self) -> io::Result<std::collections::HashSet<u64>> {
        undone_in(&self.file, u64::MAX)
    }

    /// Keeps the bytes of a torn line in `reviews.jsonl.torn-OFFSET`.
    fn save_torn(&self, bytes: &[u8], offset: u64) -> io::Result<PathBuf> {
        let side = super::layout::torn(&self.path, offset);
        let mut f = open_appending(&side, false)?;
        f.write_all(bytes)?;
        f.write_all(b"\n")?;
        f.sync_all()?;
        Ok(side)
    }

    /// Appends one event and makes it durable (fsync) before returning.
    pub fn append(&mut self, event: &Event) -> io::Result<()> {
        let mut line = log_line::to_vec(event).map_err(io::Error::other)?;
        line.push(b'\n');
        if self.dirty {
            self.file.set_len(self.mark.offset)?;
            self.dirty = false;
        }
        #[cfg(test)]
        if let Some(kind) = self.inject
            && self.inject_times.is_none_or(|n| n > 0)
        {
            self.inject_times = self.inject_times.map(|n| n - 1);
            // Half a line reaches the disk before the error, as on a disk that fills up.
            let _ = self.file.write_all(&line[..line.len() / 2]);
            self.dirty = true;
            return Err(io::Error::new(kind, "injected failure"));
        }
        let result = self
            .file
            .write_all(&line)
            .and_then(|()| self.file.sync_data());
        match result {
            Ok(()) => {
                self.mark.offset += line.len() as u64;
                self.mark.lines += 1;
                self.mark.saw(event);
                self.mark.seq = event.seq();
                Ok(())
            }
            Err(e) => {
                self.dirty = true;
                Err(e)
            }
        }
    }
}

impl ReviewLog {
    /// Appends many events (an imported history) and makes them durable with one fsync at
    /// the end: written in large blocks, so 300,000 answers take a second, not an fsync each.
    /// On failure nothing past the last durable line counts (the tail is cut at the next
    /// append), and the caller may retry the whole batch.
    pub fn append_all(&mut self, events: &[Event]) -> io::Result<()> {
        if events.is_empty() {
            return Ok(());
        }
        if self.dirty {
            self.file.set_len(self.mark.offset)?;
            self.dirty = false;
        }
        let mut block: Vec<u8> = Vec::with_capacity(1 << 20);
        let mut written: u64 = 0;
        let mut result = Ok(());
        for (i, e) in events.iter().enumerate() {
            let mut line = log_line::to_vec(e).map_err(io::Error::other)?;
            line.push(b'\n');
            block.extend_from_slice(&line);
            if block.len() >= 1 << 20 || i + 1 == events.len() {
                result = self.file.write_all(&block);
                if result.is_err() {
                    break;
                }
                written += block.len() as u64;
                block.clear();
            }
        }
        let result = result.and_then(|()| self.file.sync_data());
        match result {
            Ok(()) => {
                self.mark.offset += written;
                self.mark.lines += events.len() as u64;
                events.iter().for_each(|e| self.mark.saw(e));
                self.mark.seq = events.last().map_or(self.mark.seq, Event::seq);
                Ok(())
            }
            Err(e) => {
                // Cut what part of the batch reached the file, so that none of it counts.
                self.dirty = self.file.set_len(self.mark.offset).is_err();
                Err(e)
            }
        }
    }
}

/// The sequence numbers of every undone answer in `file` (read from its start), in its first
/// `upto` bytes: only the lines that mention an undo are parsed. The file is read in blocks of
/// a megabyte and searched whole (`memmem`), not line by line: a million-line log has a few
/// undos, and this pass comes before every full replay.
fn undone_in(file: &File, upto: u64) -> io::Result<std::collections::HashSet<u64>> {
    let mut f = file;
    f.seek(SeekFrom::Start(0))?;
    let mut reader = f.take(upto);
    let mut undone = std::collections::HashSet::new();
    let finder = memchr::memmem::Finder::new(b"\"undo\"");
    let mut buf = vec![0u8; 1 << 20];
    // Bytes at the start of `buf` kept from the block before: a line not yet complete.
    let mut kept = 0;
    loop {
        let n = match reader.read(buf.get_mut(kept..).unwrap_or_default()) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let end = kept + n;
        let whole = buf.get(..end).unwrap_or_default();
        // Complete lines only, but at the end of the file the last line even without its
        // newline (as a line-by-line read gives it).
        let cut = if n == 0 {
            end
        } else {
            memchr::memrchr(b'\n', whole).map_or(0, |i| i + 1)
        };
        let lines = whole.get(..cut).unwrap_or_default();
        let mut pos = 0;
        while let Some(hit) = lines.get(pos..).and_then(|rest| finder.find(rest)) {
            let hit = pos + hit;
            let start =
                memchr::memrchr(b'\n', lines.get(..hit).unwrap_or_default()).map_or(0, |i| i + 1);
            let stop = memchr::memchr(b'\n', lines.get(hit..).unwrap_or_default())
                .map_or(cut, |i| hit + i + 1);
            if let Ok(Event::Undo { undoes, .. }) =
                log_line::parse(trim_line(lines.get(start..stop).unwrap_or_default()))
            {
                undone.insert(undoes);
            }
            pos = stop;
        }
        if n == 0 {
            break;
        }
        buf.copy_within(cut..end, 0);
        kept = end - cut;
        if kept == buf.len() {
            // One line longer than the buffer: make room for the rest of it.
            buf.resize(buf.len() * 2, 0);
        }
    }
    Ok(undone)
}

/// The undone answers in the log at `path` (read without changing it), for [`read_only_each`]'s
/// callers that must leave them out.
pub fn undone_at(path: &Path) -> io::Result<std::collections::HashSet<u64>> {
    undone_upto(path, u64::MAX)
}

/// [`undone_at`] in the log's first `upto` bytes (up to a mark: the snapshot writer reads a
/// log that the app is still appending to).
pub fn undone_upto(path: &Path, upto: u64) -> io::Result<std::collections::HashSet<u64>> {
    match File::open(path) {
        Ok(f) => undone_in(&f, upto),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Default::default()),
        Err(e) => Err(e),
    }
}

/// Whether the mark `from` agrees with the log `file` before it (see [`ReviewLog::fits`]).
fn fits_in(file: &File, from: Mark) -> io::Result<bool> {
    if from.offset == 0 {
        return Ok(from == Mark::default());
    }
    if from.seq > SEQ_LIMIT {
        return Ok(false);
    }
    let start = from.offset.saturating_sub(MARK_CHECK_BYTES);
    let mut before = Vec::new();
    let mut f = file;
    f.seek(SeekFrom::Start(start))?;
    f.take(from.offset - start).read_to_end(&mut before)?;
    if before.last() != Some(&b'\n') {
        return Ok(false);
    }
    // Whole lines only: the first may be cut by the window (unless it starts the log).
    let mut lines = before[..before.len() - 1].rsplit(|&b| b == b'\n');
    let last = lines.find_map(|l| log_line::parse(trim_line(l)).ok());
    Ok(match last {
        Some(ev) => ev.seq() <= from.seq,
        None => false,
    })
}

/// Streams the events of the log at `path` after the mark `from` (a snapshot's), without
/// changing the file (no lock, no repair), as [`read_only_each`] does. Returns false, having
/// handed over nothing, when `from` does not fit the log (the caller then reads it all); a
/// missing log fits only the empty mark.
pub fn read_only_from(path: &Path, from: Mark, each: impl FnMut(Event)) -> io::Result<bool> {
    read_only_between(path, from, u64::MAX, each)
}

/// [`read_only_from`], stopping at the byte offset `upto` (a later mark's, at a line
/// boundary): the snapshot writer reads up to the answer its snapshot is taken at while the
/// app goes on appending.
pub fn read_only_between(
    path: &Path,
    from: Mark,
    upto: u64,
    mut each: impl FnMut(Event),
) -> io::Result<bool> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(from == Mark::default()),
        Err(e) => return Err(e),
    };
    if from.offset > file.metadata()?.len() || from.offset > upto || !fits_in(&file, from)? {
        return Ok(false);
    }
    let mut f = &file;
    f.seek(SeekFrom::Start(from.offset))?;
    let mut reader = f.take(upto - from.offset);
    let mut first = from.offset > 0;
    let misfit = each_batch(&mut reader, |batch: &mut log_batch::Batch<Event>| {
        for e in std::mem::take(&mut batch.parsed).into_iter().flatten() {
            if first && Some(e.seq()) != from.seq.checked_add(1) {
                return Ok(ControlFlow::Break(()));
            }
            first = false;
            each(e);
        }
        Ok(ControlFlow::Continue(()))
    })?;
    Ok(misfit.is_none())
}

/// Streams the events of another device's log at `path` after the mark `from` and before the
/// byte offset `upto` (`u64::MAX`: to its end), without changing the file (only its owner
/// repairs it): up to its last complete line, since a log that a sync tool is still
/// delivering, or that its device is writing, may end in part of a line, which is read again
/// later. Returns the mark reached and the unreadable lines (one message each), or `None`,
/// having handed over nothing, when `from` does not fit the log (it is shorter, or the line
/// there does not follow `from.seq`): the caller reads it all.
pub fn read_tail<E: FromLine>(
    path: &Path,
    from: Mark,
    upto: u64,
    mut each: impl FnMut(E),
) -> io::Result<Option<(Mark, Vec<String>)>> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Ok((from == Mark::default()).then(|| (from, Vec::new())));
        }
        Err(e) => return Err(e),
    };
    if from.offset > file.metadata()?.len() || from.offset > upto || !fits_in(&file, from)? {
        return Ok(None);
    }
    let mut f = &file;
    f.seek(SeekFrom::Start(from.offset))?;
    let mut reader = f.take(upto - from.offset);
    let mut first = from.offset > 0;
    let mut mark = from;
    let mut problems = Vec::new();
    let name = path.display().to_string();
    let misfit = each_batch(&mut reader, |batch: &mut log_batch::Batch<E>| {
        let parsed = std::mem::take(&mut batch.parsed);
        for (line, parsed) in batch.lines().zip(parsed) {
            if line.last() != Some(&b'\n') {
                // Not complete yet: read again once the rest has arrived.
                return Ok(ControlFlow::Break(false));
            }
            mark.offset += line.len() as u64;
            mark.lines += 1;
            if trim_line(line).is_empty() {
                continue;
            }
            match parsed {
                Ok(e) => {
                    if first && Some(e.seq()) != from.seq.checked_add(1) {
                        return Ok(ControlFlow::Break(true));
                    }
                    first = false;
                    mark.saw(&e);
                    each(e);
                }
                Err(e) => {
                    let (column, what) = super::json_pos::in_log_line(line, &e);
                    problems.push(format!(
                        "{name}:{}:{column}: skipped an unreadable line ({what}); the rest of the log is fine",
                        mark.lines
                    ));
                }
            }
        }
        Ok(ControlFlow::Continue(()))
    })?;
    if misfit == Some(true) {
        return Ok(None);
    }
    Ok(Some((mark, problems)))
}

/// [`read_only_each`] over the log's first `upto` bytes.
pub fn read_only_upto(path: &Path, upto: u64, mut each: impl FnMut(Event)) -> io::Result<()> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    let mut reader = (&file).take(upto);
    each_batch(&mut reader, |batch: &mut log_batch::Batch<Event>| {
        std::mem::take(&mut batch.parsed)
            .into_iter()
            .flatten()
            .for_each(&mut each);
        Ok(ControlFlow::<()>::Continue(()))
    })?;
    Ok(())
}

/// Streams the log at `path` without changing it (no lock, no repair), for statistics beside
/// a running app: every event in order, parsed on every core, never all held at once. Damaged
/// lines, and a torn last line, are skipped. A missing log has no events.
pub fn read_only_each(path: &Path, each: impl FnMut(Event)) -> io::Result<()> {
    read_only_upto(path, u64::MAX, each)
}

/// The largest sequence number smriti numbers after: no real log comes near it (a billion
/// answers a second for 292 years), so the next number can never overflow. A log holding a
/// larger one was edited by hand, and is refused with its line (see [`line_of_seq`]).
pub const SEQ_LIMIT: u64 = 1 << 63;

/// How far back before a snapshot's mark [`ReviewLog::fits`] looks for the last event.
const MARK_CHECK_BYTES: u64 = 1 << 20;

/// The line number of the first event numbered `seq` in the log at `path` (for messages).
pub fn line_of_seq(path: &Path, seq: u64) -> io::Result<Option<u64>> {
    let file = File::open(path)?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let mut buf = Vec::new();
    let mut line = 0;
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf)? == 0 {
            return Ok(None);
        }
        line += 1;
        if log_line::parse(trim_line(&buf)).is_ok_and(|e| e.seq() == seq) {
            return Ok(Some(line));
        }
    }
}

#[cfg(test)]
#[path = "review_log_tests.rs"]
mod tests;
