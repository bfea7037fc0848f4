//! The review log read a batch of lines at a time, each batch parsed on other threads while
//! the one before it is handled in order (parsing is nearly all of the cost of reading a
//! million-line log). A reader chooses what each line is parsed into ([`FromLine`]): the whole
//! event, or what a replay reads of it. Split out of `review_log`, which uses it for every
//! read of a log. Must not depend on `tui` or `cli`.

use std::io::{self, Read};
use std::ops::ControlFlow;

use super::log_line::FromLine;

/// Reads `reader` to its end a batch of lines at a time, each parsed (as `E`) on other threads
/// while the one before it is handed to `handle` (in order), until `handle` breaks with a
/// value. A handled batch's buffer is read into again (memory the kernel has already mapped:
/// a fresh buffer for each batch made every read fault its pages in).
pub(super) fn each_batch<E: FromLine, B>(
    reader: &mut impl Read,
    mut handle: impl FnMut(&mut Batch<E>) -> io::Result<ControlFlow<B>>,
) -> io::Result<Option<B>> {
    std::thread::scope(|s| {
        let mut carry = Vec::new();
        let mut spare = Vec::new();
        let mut inflight = Batch::start(s, reader, &mut carry, Vec::new())?;
        while let Some(job) = inflight {
            inflight = Batch::start(s, reader, &mut carry, spare)?;
            let mut batch = job.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
            if let ControlFlow::Break(b) = handle(&mut batch)? {
                return Ok(Some(b));
            }
            spare = batch.buf;
        }
        Ok(None)
    })
}

/// A batch of log lines and what parsing each gave.
pub(super) struct Batch<E> {
    buf: Vec<u8>,
    /// Where each line ends in `buf` (after its newline, if it has one).
    ends: Vec<usize>,
    pub(super) parsed: Vec<serde_json::Result<E>>,
}

impl<E: FromLine> Batch<E> {
    /// Reads up to [`READ_BATCH`] lines (in blocks of [`BLOCK`] bytes, straight into `buf`;
    /// `carry` holds what was read past the last batch's last line) and
    /// starts parsing them on another thread; `None` at the end of the log.
    fn start<'s>(
        scope: &'s std::thread::Scope<'s, '_>,
        reader: &mut impl Read,
        carry: &mut Vec<u8>,
        mut buf: Vec<u8>,
    ) -> io::Result<Option<std::thread::ScopedJoinHandle<'s, Batch<E>>>> {
        buf.clear();
        buf.reserve(BLOCK + carry.len() + 4096);
        buf.append(carry);
        let mut ends = Vec::new();
        let mut searched = 0;
        loop {
            let found = memchr::memchr_iter(b'\n', buf.get(searched..).unwrap_or_default())
                .map(|i| searched + i + 1)
                .take(READ_BATCH - ends.len());
            ends.extend(found);
            searched = buf.len();
            if ends.len() == READ_BATCH || (!ends.is_empty() && buf.len() >= BLOCK) {
                break;
            }
            if (&mut *reader).take(BLOCK as u64).read_to_end(&mut buf)? == 0 {
                // The end of the log: its last line even without a newline.
                if ends.last().copied().unwrap_or(0) < buf.len() {
                    ends.push(buf.len());
                }
                break;
            }
        }
        let end = ends.last().copied().unwrap_or(0);
        carry.extend_from_slice(buf.get(end..).unwrap_or_default());
        buf.truncate(end);
        if ends.is_empty() {
            return Ok(None);
        }
        Ok(Some(scope.spawn(move || {
            let mut batch = Batch {
                buf,
                ends,
                parsed: Vec::new(),
            };
            batch.parsed = parse_lines(&batch.lines().collect::<Vec<_>>());
            batch
        })))
    }

    pub(super) fn lines(&self) -> impl Iterator<Item = &[u8]> {
        std::iter::once(0)
            .chain(self.ends.iter().copied())
            .zip(self.ends.iter().copied())
            .map(|(a, b)| self.buf.get(a..b).unwrap_or_default())
    }
}

/// Lines read (and parsed together) at a time: a few megabytes.
pub(crate) const READ_BATCH: usize = 8192;

/// Bytes read from the log at a time.
const BLOCK: usize = 1 << 21;

/// Parses log lines, on every core when there are enough to be worth it.
fn parse_lines<E: FromLine>(lines: &[&[u8]]) -> Vec<serde_json::Result<E>> {
    let parse = |l: &&[u8]| E::from_line(trim_line(l));
    if lines.len() < 512 {
        return lines.iter().map(parse).collect();
    }
    let chunks: Vec<&[&[u8]]> = lines.chunks(256).collect();
    crate::par::map(&chunks, |c| c.iter().map(parse).collect::<Vec<_>>())
        .into_iter()
        .flatten()
        .collect()
}

/// A log line without its line ending and surrounding blanks.
pub(super) fn trim_line(buf: &[u8]) -> &[u8] {
    let s = buf.strip_suffix(b"\n").unwrap_or(buf);
    let s = s.strip_suffix(b"\r").unwrap_or(s);
    s.trim_ascii()
}
