//! `tests.jsonl` in the saves folder: one line per submitted mock test, with every question's
//! answer, for the results history and statistics. Kept as safely as the review log:
//!
//! - opening it (under the saves folder's lock) moves a torn last line (a crash or a full disk
//!   in the middle of an append) to `tests.jsonl.torn-OFFSET` and cuts it off, so every record
//!   starts on a fresh line;
//! - each record is appended whole and fsynced; a failed append is cut off before the next try
//!   (the caller keeps the record in memory and retries);
//! - reading reports every unreadable line with its line number, and never sizes anything from
//!   the file: a line longer than [`MAX_LINE`] is reported, not read.
//!
//! Depends on `domain` only.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::domain::ids::DeckId;
use crate::domain::mock::{Confidence, Results, TagResult};
use crate::domain::mock::{Marking, Score};
use crate::domain::quiz::{Question, Verdict};

/// One submitted test. (A field a newer smriti adds, here or in an item, is ignored.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestRecord {
    /// Format of this line.
    pub v: u32,
    pub started: Timestamp,
    pub finished: Timestamp,
    pub timed_out: bool,
    pub minutes: f64,
    pub marking: Marking,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    pub score: Score,
    pub by_tag: Vec<TagResult>,
    pub items: Vec<TestItem>,
}

/// One question of a submitted test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestItem {
    pub deck: DeckId,
    pub card: String,
    /// Absent when not answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    pub chosen: Vec<usize>,
    pub correct: Vec<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub marked: bool,
    pub ms: u64,
}

impl TestRecord {
    pub fn from_results(r: &Results) -> TestRecord {
        TestRecord {
            v: 1,
            started: r.test.started,
            finished: r.finished_at,
            timed_out: r.timed_out,
            minutes: r.test.spec.minutes,
            marking: r.test.spec.marking,
            tags: r.test.spec.tags.clone(),
            score: r.score,
            by_tag: r.by_tag.clone(),
            items: r
                .test
                .questions
                .iter()
                .zip(&r.test.answers)
                .zip(&r.verdicts)
                .map(|((q, a), v)| TestItem {
                    deck: q.deck.clone(),
                    card: q.key.to_string(),
                    verdict: *v,
                    chosen: a.chosen.clone(),
                    correct: match &q.question {
                        Question::Choice { correct, .. } => correct.clone(),
                        _ => vec![],
                    },
                    confidence: a.confidence,
                    marked: a.marked,
                    ms: a.ms,
                })
                .collect(),
        }
    }
}

/// The longest line read (a test of 1,000 questions is about 150 KB).
pub const MAX_LINE: u64 = 16 << 20;

/// Every test in the log at `path`, read without changing the file (beside a running app, or
/// for statistics), and one message per line that could not be read, with its line number. A
/// missing file holds no tests.
pub fn read(path: &Path) -> io::Result<(Vec<TestRecord>, Vec<String>)> {
    let mut records = Vec::new();
    let mut problems = Vec::new();
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((records, problems)),
        Err(e) => return Err(e),
    };
    let name = path.display();
    let mut reader = BufReader::new(file);
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    loop {
        buf.clear();
        let n = (&mut reader)
            .take(MAX_LINE + 1)
            .read_until(b'\n', &mut buf)?;
        if n == 0 {
            break;
        }
        line_no += 1;
        let whole = buf.last() == Some(&b'\n');
        if !whole && n as u64 > MAX_LINE {
            skip_line(&mut reader)?;
            problems.push(format!(
                "{name}:{line_no}: skipped a line longer than {} MB (not a test smriti wrote)",
                MAX_LINE >> 20
            ));
            continue;
        }
        let text = trim_line(&buf);
        if text.is_empty() {
            continue;
        }
        match serde_json::from_slice::<TestRecord>(text) {
            Ok(r) => records.push(r),
            Err(_) if !whole => problems.push(format!(
                "{name}:{line_no}: the last line is cut off (a crash or a full disk while saving); skipped"
            )),
            Err(e) => {
                let (column, what) = super::json_pos::in_log_line(&buf, &e);
                problems.push(format!(
                    "{name}:{line_no}:{column}: skipped an unreadable line ({what}); the other tests are fine"
                ));
            }
        }
    }
    Ok((records, problems))
}

/// Reads on to the end of the current line.
fn skip_line(reader: &mut impl BufRead) -> io::Result<()> {
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(());
        }
        match memchr::memchr(b'\n', buf) {
            Some(i) => {
                reader.consume(i + 1);
                return Ok(());
            }
            None => {
                let n = buf.len();
                reader.consume(n);
            }
        }
    }
}

fn trim_line(buf: &[u8]) -> &[u8] {
    let s = buf.strip_suffix(b"\n").unwrap_or(buf);
    let s = s.strip_suffix(b"\r").unwrap_or(s);
    s.trim_ascii()
}

/// Every test in every mock-test log of the saves folder `dir` (each device's and the legacy
/// `tests.jsonl`), oldest first (by when it was submitted, then by device), read without
/// changing the files; one message per line that could not be read or log that could not be
/// opened. Another device's log may end in part of a line that a sync tool is still
/// delivering: that line is reported and read again next time.
pub fn read_in(dir: &Path) -> (Vec<TestRecord>, Vec<String>) {
    let found = match super::logs::scan(dir) {
        Ok(f) => f,
        Err(e) => {
            return (
                Vec::new(),
                vec![format!(
                    "cannot list {}: {e}; mock-test results are left out",
                    dir.display()
                )],
            );
        }
    };
    let mut all: Vec<(Timestamp, String, TestRecord)> = Vec::new();
    let mut problems = Vec::new();
    for log in &found.tests {
        match read(&log.path) {
            Ok((records, p)) => {
                problems.extend(p);
                all.extend(
                    records
                        .into_iter()
                        .map(|r| (r.finished, log.key().to_owned(), r)),
                );
            }
            Err(e) => problems.push(format!(
                "cannot read {}: {e}; mock-test results are left out",
                log.path.display()
            )),
        }
    }
    // Stable: a device's own tests keep their order.
    all.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    (all.into_iter().map(|(_, _, r)| r).collect(), problems)
}

/// Every answer of every test in the saves folder `dir` ([`read_in`]), for statistics, and
/// the lines that could not be read.
pub fn answers_in(dir: &Path) -> (Vec<crate::domain::stats::TestAnswer>, Vec<String>) {
    let (records, problems) = read_in(dir);
    let answers = records
        .into_iter()
        .flat_map(|r| r.items)
        .filter_map(|i| {
            i.verdict.map(|v| crate::domain::stats::TestAnswer {
                deck: i.deck,
                card: i.card,
                right: v.is_right(),
            })
        })
        .collect();
    (answers, problems)
}

/// The open tests log of a saves folder (held under its lock): repaired when opened, then
/// appended one whole, fsynced line at a time.
#[derive(Debug)]
pub struct TestsLog {
    path: PathBuf,
    file: File,
    /// Where the log ends after its last complete, durable line.
    end: u64,
    /// An append failed part-way: the bytes past `end` are cut before the next one.
    dirty: bool,
    /// Test seam: make appends fail with this error (a full or read-only disk).
    #[cfg(test)]
    pub(crate) inject: Option<io::ErrorKind>,
}

impl TestsLog {
    /// Opens (creating if needed) the log at `path`. A last line without its newline gets one
    /// when it is a whole record, and is otherwise moved to `PATH.torn-OFFSET` and cut off;
    /// the message says which, for the user.
    pub fn open(path: &Path) -> io::Result<(TestsLog, Option<String>)> {
        let file = super::review_log::open_appending(path, true)?;
        let len = file.metadata()?.len();
        let mut log = TestsLog {
            path: path.to_owned(),
            file,
            end: len,
            dirty: false,
            #[cfg(test)]
            inject: None,
        };
        let problem = log.repair_tail(len)?;
        Ok((log, problem))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The open file (to check that it is still the one at its path).
    pub fn file(&self) -> &File {
        &self.file
    }

    /// Makes the log end on a line boundary (see [`TestsLog::open`]).
    fn repair_tail(&mut self, len: u64) -> io::Result<Option<String>> {
        let start = last_line_start(&self.file, len)?;
        if start == len {
            return Ok(None);
        }
        let tail_len = len - start;
        let whole = tail_len <= MAX_LINE && {
            let mut tail = Vec::new();
            let mut f = &self.file;
            f.seek(SeekFrom::Start(start))?;
            f.take(tail_len).read_to_end(&mut tail)?;
            let t = trim_line(&tail);
            t.is_empty() || serde_json::from_slice::<TestRecord>(t).is_ok()
        };
        if whole {
            // The record itself is whole (or blank); only its newline is missing.
            (&self.file).write_all(b"\n")?;
            self.file.sync_data()?;
            self.end = len + 1;
            return Ok(None);
        }
        let line_no = count_lines(&self.file, start)? + 1;
        let side = super::layout::torn(&self.path, start);
        let mut out = super::review_log::open_appending(&side, false)?;
        let mut f = &self.file;
        f.seek(SeekFrom::Start(start))?;
        io::copy(&mut f.take(tail_len), &mut out)?;
        out.write_all(b"\n")?;
        out.sync_all()?;
        self.file.set_len(start)?;
        self.file.sync_data()?;
        self.end = start;
        Ok(Some(format!(
            "{}:{line_no}: the last line was cut off by a crash or a full disk during saving; \
             it was moved to {} and skipped (that test result had not been confirmed)",
            self.path.display(),
            side.display()
        )))
    }

    /// Appends one test as a line of its own and makes it durable (fsync) before returning. On
    /// an error nothing of it counts: the next append first cuts what was written.
    pub fn append(&mut self, record: &TestRecord) -> io::Result<()> {
        let mut line = serde_json::to_vec(record).map_err(io::Error::other)?;
        line.push(b'\n');
        if self.dirty {
            self.file.set_len(self.end)?;
            self.dirty = false;
        }
        #[cfg(test)]
        if let Some(kind) = self.inject {
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
                self.end += line.len() as u64;
                Ok(())
            }
            Err(e) => {
                self.dirty = true;
                Err(e)
            }
        }
    }
}

/// Where the last line of `file` (of length `len`) starts: just after its last newline, or at
/// 0; `len` when the file ends with a newline (or is empty). Reads backwards a block at a time.
fn last_line_start(file: &File, len: u64) -> io::Result<u64> {
    let mut f = file;
    let mut block = vec![0u8; 1 << 16];
    let mut end = len;
    while end > 0 {
        let start = end.saturating_sub(block.len() as u64);
        let n = (end - start) as usize;
        f.seek(SeekFrom::Start(start))?;
        f.read_exact(&mut block[..n])?;
        if let Some(i) = memchr::memrchr(b'\n', &block[..n]) {
            return Ok(start + i as u64 + 1);
        }
        end = start;
    }
    Ok(0)
}

/// The number of newlines in the first `upto` bytes of `file`.
fn count_lines(file: &File, upto: u64) -> io::Result<u64> {
    let mut f = file;
    f.seek(SeekFrom::Start(0))?;
    let mut reader = BufReader::new(f.take(upto));
    let mut lines = 0u64;
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(lines);
        }
        lines += memchr::memchr_iter(b'\n', buf).count() as u64;
        let n = buf.len();
        reader.consume(n);
    }
}

#[cfg(test)]
#[path = "tests_log_tests.rs"]
pub(crate) mod tests;
