//! A derived binary copy of a JSON cache file (`deck-index.cache` beside `deck-index.json`,
//! `stats.cache` beside `stats.json`), read in the JSON's place when it provably matches it,
//! because parsing megabytes of JSON was most of `smriti stats` and `exam-mode`.
//!
//! As with the snapshot's `progress.cache`: the copy is written only right after the JSON it
//! copies, by the same writer, atomically; it names that JSON by its length, its modification
//! time and its first bytes (up to [`PREFIX_MAX`]); it carries a CRC-32 of everything after
//! the checksum. It is used only when all of these match the JSON now on disk; anything else
//! (missing, damaged, truncated, another format, a JSON written since) and the JSON is read.
//! Deleting it is always safe, and the JSON stays the truth. This module knows the envelope
//! only (and the bounds-checked reader every copy's body is read with, `progress.cache`'s
//! too); each file's body is its owner's (`store::deck_index`, `store::stats_file`).
//! Must not depend on `tui` or `cli`.
//!
//! Envelope (little-endian): the magic (a name and a newline); the format (u32); the CRC-32 of
//! what follows (u32); the JSON's length and modification time in nanoseconds (u64 each); the
//! JSON's first bytes (u32 length, then the bytes); the body.
//!
//! The sectioned envelope (`stats.cache`, whose readers want one deck's part of it, not the
//! whole): the magic; the format (u32); the CRC-32 of the head-length field and the head (u32);
//! the head's length (u32); the head: the JSON's length and modification time (u64 each), its
//! first bytes (u32 length, then the bytes), the owner's table; then the sections, one after
//! another. The owner's table says where each section lies and keeps its CRC-32, so that
//! opening reads and checks the head only, and a section is read and checked when wanted.

use std::io::{self, Read, Write};
use std::path::Path;

use super::{atomic, bounded};

/// How many of the JSON's first bytes the copy keeps to recognise it.
pub const PREFIX_MAX: usize = 256;

/// The JSON's length and modification time (nanoseconds since the epoch).
pub(super) fn stamp(json: &Path) -> io::Result<(u64, u64)> {
    let meta = std::fs::metadata(json)?;
    let mtime = meta
        .modified()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|d| u64::try_from(d.as_nanos()).ok())
        .ok_or_else(|| io::Error::other("the file's time is before 1970"))?;
    Ok((meta.len(), mtime))
}

/// The first bytes of `json` that a copy keeps to recognise it.
pub fn prefix(json: &[u8]) -> &[u8] {
    &json[..json.len().min(PREFIX_MAX)]
}

/// Writes the copy `body` of the JSON at `json` to `cache`: the JSON is `json_len` bytes long
/// and starts with `prefix` (see [`prefix`]), as just written (or read) by the caller, and
/// was last modified at `mtime` when the caller knows it (nanoseconds). Nothing is written (an
/// old copy, which no longer matches, is left to be ignored) when the file at `json` is not
/// that one any more.
pub fn write(
    json: &Path,
    written: (u64, &[u8], Option<u64>),
    cache: &Path,
    magic: &[u8],
    format: u32,
    body: &[u8],
) -> io::Result<()> {
    write_with(json, written, cache, magic, format, |out| {
        out.write_all(body)
    })
}

/// [`write`], with the body streamed by `fill` straight to the file (never held in memory):
/// its CRC is computed as it is written, and the envelope's checksum field is patched in
/// place before the file is made durable and renamed.
pub fn write_with(
    json: &Path,
    (json_len, prefix, mtime_was): (u64, &[u8], Option<u64>),
    cache: &Path,
    magic: &[u8],
    format: u32,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let (len, mtime) = stamp(json)?;
    if len != json_len
        || mtime_was.is_some_and(|m| m != mtime)
        || prefix.len() > PREFIX_MAX
        || !starts_with(json, prefix)
    {
        return Err(io::Error::other(
            "the file changed before its copy was written",
        ));
    }
    let mut head = Vec::with_capacity(24 + prefix.len());
    head.extend_from_slice(&len.to_le_bytes());
    head.extend_from_slice(&mtime.to_le_bytes());
    head.extend_from_slice(&(prefix.len() as u32).to_le_bytes());
    head.extend_from_slice(prefix);
    let mut out = atomic::Replacement::create(cache)?;
    out.write_all(magic)?;
    out.write_all(&format.to_le_bytes())?;
    let crc_at = out.written();
    out.write_all(&[0; 4])?;
    let mut body = Crc::new(&mut out);
    body.write_all(&head)?;
    fill(&mut body)?;
    let crc = body.crc.finalize();
    out.patch(crc_at, &crc.to_le_bytes())?;
    out.commit()
}

/// A writer that computes the CRC-32 of what goes through it.
pub struct Crc<'a> {
    out: &'a mut dyn Write,
    pub crc: crc32fast::Hasher,
}

impl<'a> Crc<'a> {
    pub fn new(out: &'a mut dyn Write) -> Crc<'a> {
        Crc {
            out,
            crc: crc32fast::Hasher::new(),
        }
    }
}

impl Write for Crc<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.out.write(buf)?;
        self.crc.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// The copy's bytes and where its body starts, when `cache` holds a whole copy, of this
/// `magic` and `format`, of the JSON now at `json`; `None` otherwise (then read the JSON).
pub fn read(json: &Path, cache: &Path, magic: &[u8], format: u32, cap: u64) -> Option<Body> {
    let bytes = bounded::read_capped(cache, cap).ok()?;
    let mut r = Rd { b: &bytes };
    if r.take(magic.len())? != magic || r.u32()? != format {
        return None;
    }
    let crc = r.u32()?;
    if crc32fast::hash(r.b) != crc {
        return None;
    }
    same_json(&mut r, json)?;
    let start = bytes.len() - r.b.len();
    Some(Body { bytes, start })
}

/// The length and modification time of the file at `json`, to give [`write`] later.
pub fn stamp_of(json: &Path) -> Option<(u64, u64)> {
    stamp(json).ok()
}

/// A copy read and checked: its bytes, the body from `start`.
pub struct Body {
    bytes: Vec<u8>,
    start: usize,
}

impl Body {
    #[cfg(test)]
    pub fn bytes(&self) -> &[u8] {
        &self.bytes[self.start..]
    }

    /// The whole copy's bytes and where its body starts (for a reader that keeps parts of the
    /// body to read later).
    pub fn into_parts(self) -> (Vec<u8>, usize) {
        (self.bytes, self.start)
    }
}

/// Writes a copy in the sectioned envelope (see the module's documentation): the JSON at
/// `json` as for [`write_with`]; the owner's `table` (read back whole by [`open_sectioned`]),
/// then `sections` sections, section `i` filled into a buffer by `fill` and its CRC-32 put into
/// the table at `crc_at[i]` (4 bytes the owner left for it) once written: one section in
/// memory at a time. The head's checksum covers the table with those CRCs in place.
#[allow(clippy::too_many_arguments)]
pub fn write_sectioned(
    json: &Path,
    (json_len, prefix, mtime_was): (u64, &[u8], Option<u64>),
    cache: &Path,
    magic: &[u8],
    format: u32,
    mut table: Vec<u8>,
    crc_at: &[usize],
    mut fill: impl FnMut(usize, &mut Vec<u8>) -> io::Result<()>,
) -> io::Result<()> {
    let (len, mtime) = stamp(json)?;
    if len != json_len
        || mtime_was.is_some_and(|m| m != mtime)
        || prefix.len() > PREFIX_MAX
        || !starts_with(json, prefix)
        || crc_at
            .iter()
            .any(|&at| at.checked_add(4).is_none_or(|e| e > table.len()))
    {
        return Err(io::Error::other(
            "the file changed before its copy was written",
        ));
    }
    let mut head = Vec::with_capacity(24 + prefix.len() + table.len());
    head.extend_from_slice(&len.to_le_bytes());
    head.extend_from_slice(&mtime.to_le_bytes());
    head.extend_from_slice(&(prefix.len() as u32).to_le_bytes());
    head.extend_from_slice(prefix);
    let table_at = head.len();
    head.extend_from_slice(&table);
    let head_len = u32::try_from(head.len()).map_err(|_| io::Error::other("a head past 4 GiB"))?;
    let mut out = atomic::Replacement::create(cache)?;
    out.write_all(magic)?;
    out.write_all(&format.to_le_bytes())?;
    let crc_field = out.written();
    out.write_all(&[0; 4])?;
    out.write_all(&head_len.to_le_bytes())?;
    let head_field = out.written();
    out.write_all(&head)?;
    let mut section = Vec::new();
    for (i, &at) in crc_at.iter().enumerate() {
        section.clear();
        fill(i, &mut section)?;
        let crc = crc32fast::hash(&section).to_le_bytes();
        table[at..at + 4].copy_from_slice(&crc);
        out.write_all(&section)?;
    }
    head[table_at..].copy_from_slice(&table);
    let mut crc = crc32fast::Hasher::new();
    crc.update(&head_len.to_le_bytes());
    crc.update(&head);
    out.patch(head_field, &head)?;
    out.patch(crc_field, &crc.finalize().to_le_bytes())?;
    out.commit()
}

/// A copy in the sectioned envelope, its head read and checked (see [`open_sectioned`]): the
/// owner's table, and its sections read one run at a time from the open file (whose bytes
/// cannot change under it: copies are replaced by a rename, never written in place).
pub struct Sectioned {
    file: std::fs::File,
    table: Vec<u8>,
    /// Where the sections start in the file, and how many bytes they take.
    start: u64,
    len: u64,
}

impl Sectioned {
    /// The owner's table, as written.
    pub fn table(&self) -> &[u8] {
        &self.table
    }

    /// How many bytes the sections take, together.
    pub fn sections_len(&self) -> u64 {
        self.len
    }

    /// The `len` bytes at `offset` among the sections (one read; the owner checks them
    /// against the CRC its table keeps); `None` past the end or when the read fails.
    pub fn read(&self, offset: u64, len: usize) -> Option<Vec<u8>> {
        if offset.checked_add(len as u64)? > self.len {
            return None;
        }
        let mut bytes = vec![0; len];
        read_at(&self.file, self.start + offset, &mut bytes).ok()?;
        Some(bytes)
    }
}

/// The copy at `cache` in the sectioned envelope (see [`write_sectioned`]), its head whole, of
/// this `magic` and `format`, of the JSON now at `json`, and no head larger than `cap`;
/// `None` otherwise (then read the JSON). Only the head is read.
pub fn open_sectioned(
    json: &Path,
    cache: &Path,
    magic: &[u8],
    format: u32,
    cap: u64,
) -> Option<Sectioned> {
    let mut file = bounded::open_regular(cache).ok()?;
    let file_len = file.metadata().ok()?.len();
    let mut fixed = vec![0; magic.len() + 12];
    file.read_exact(&mut fixed).ok()?;
    let mut r = Rd { b: &fixed };
    if r.take(magic.len())? != magic || r.u32()? != format {
        return None;
    }
    let (crc, head_len) = (r.u32()?, r.u32()?);
    let start = (fixed.len() as u64).checked_add(u64::from(head_len))?;
    if u64::from(head_len) > cap || start > file_len {
        return None;
    }
    let mut head = vec![0; usize::try_from(head_len).ok()?];
    file.read_exact(&mut head).ok()?;
    let mut sum = crc32fast::Hasher::new();
    sum.update(&head_len.to_le_bytes());
    sum.update(&head);
    if sum.finalize() != crc {
        return None;
    }
    let mut r = Rd { b: &head };
    same_json(&mut r, json)?;
    let table = r.b.to_vec();
    Some(Sectioned {
        file,
        table,
        start,
        len: file_len - start,
    })
}

/// Reads `buf.len()` bytes at `offset` of `file`, whatever its position.
#[cfg(unix)]
fn read_at(file: &std::fs::File, offset: u64, buf: &mut [u8]) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(not(unix))]
fn read_at(mut file: &std::fs::File, offset: u64, buf: &mut [u8]) -> io::Result<()> {
    use std::io::Seek;
    file.seek(io::SeekFrom::Start(offset))?;
    file.read_exact(buf)
}

/// Whether the file at `path` starts with `prefix` (one short read).
/// Reads the stamp (length, modification time) and the opening bytes of the JSON file that a
/// copy was made from, as written in the copy's head, and says whether `json` is still that
/// file (`None` when it is not, or when the head is cut short).
fn same_json(r: &mut Rd<'_>, json: &Path) -> Option<()> {
    let (len, mtime) = (r.u64()?, r.u64()?);
    if stamp(json).ok()? != (len, mtime) {
        return None;
    }
    let n = usize::try_from(r.u32()?).ok()?;
    let prefix = r.take(n)?;
    if n > PREFIX_MAX || !starts_with(json, prefix) {
        return None;
    }
    Some(())
}

pub(super) fn starts_with(path: &Path, prefix: &[u8]) -> bool {
    let mut got = vec![0; prefix.len()];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut got))
        .is_ok()
        && got == prefix
}

/// Appends bounds-checked values to a body, in the layout [`Rd`] reads.
#[derive(Default)]
pub struct Wr(pub Vec<u8>);

impl Wr {
    pub fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    pub fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    /// A length or index (those past 4 GiB cannot occur: the files are capped below it).
    pub fn len(&mut self, n: usize) {
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }
    pub fn str(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
    /// A list of indices, each as a u32.
    pub fn indices(&mut self, v: impl ExactSizeIterator<Item = usize>) {
        self.len(v.len());
        for i in v {
            self.len(i);
        }
    }
}

/// Reads bounds-checked values from a body; every read past the end gives `None`.
pub struct Rd<'a> {
    pub b: &'a [u8],
}

impl<'a> Rd<'a> {
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.b.len() {
            return None;
        }
        let (head, rest) = self.b.split_at(n);
        self.b = rest;
        Some(head)
    }
    pub fn arr<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }
    pub fn u8(&mut self) -> Option<u8> {
        Some(self.arr::<1>()?[0])
    }
    pub fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.arr()?))
    }
    pub fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.arr()?))
    }
    pub fn i64(&mut self) -> Option<i64> {
        Some(i64::from_le_bytes(self.arr()?))
    }
    /// An offset or length written as a u64.
    pub fn u64_usize(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }
    /// A finite `f64` from its bits (JSON cannot hold a non-finite number: neither may a copy).
    pub fn f64(&mut self) -> Option<f64> {
        Some(f64::from_bits(self.u64()?)).filter(|f| f.is_finite())
    }
    /// A length or index written by [`Wr::len`].
    pub fn len(&mut self) -> Option<usize> {
        usize::try_from(self.u32()?).ok()
    }
    /// A count of things each at least `min` bytes long: refused when the rest cannot hold
    /// them (so that a damaged count cannot make a reader reserve gigabytes).
    pub fn count(&mut self, min: usize) -> Option<usize> {
        let n = self.len()?;
        (n.saturating_mul(min.max(1)) <= self.b.len()).then_some(n)
    }
    pub fn str(&mut self) -> Option<&'a str> {
        let n = self.len()?;
        std::str::from_utf8(self.take(n)?).ok()
    }
    /// A list written by [`Wr::indices`].
    pub fn indices<T: TryFrom<u32>>(&mut self) -> Option<Vec<T>> {
        let n = self.count(4)?;
        (0..n).map(|_| T::try_from(self.u32()?).ok()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_is_read_only_while_it_matches_its_json() {
        let dir = tempfile::tempdir().unwrap();
        let json = dir.path().join("x.json");
        let cache = dir.path().join("x.cache");
        let text = br#"{"format":1,"a":[1,2,3]}"#;
        atomic::write_atomic(&json, text).unwrap();
        let mut w = Wr::default();
        w.str("hello");
        w.indices([3usize, 1].into_iter());
        let written = (text.len() as u64, prefix(text), None);
        write(&json, written, &cache, b"x\n", 1, &w.0).unwrap();
        let got = read(&json, &cache, b"x\n", 1, 1 << 20).unwrap();
        let mut r = Rd { b: got.bytes() };
        assert_eq!(r.str(), Some("hello"));
        assert_eq!(r.indices::<u32>(), Some(vec![3, 1]));
        assert!(r.b.is_empty());
        // Another magic or format: not this copy.
        assert!(read(&json, &cache, b"y\n", 1, 1 << 20).is_none());
        assert!(read(&json, &cache, b"x\n", 2, 1 << 20).is_none());
        // A flipped byte anywhere after the checksum: refused.
        let good = std::fs::read(&cache).unwrap();
        for at in [10, good.len() - 1] {
            let mut bad = good.clone();
            bad[at] ^= 1;
            std::fs::write(&cache, &bad).unwrap();
            assert!(read(&json, &cache, b"x\n", 1, 1 << 20).is_none(), "{at}");
        }
        std::fs::write(&cache, &good[..good.len() - 1]).unwrap();
        assert!(read(&json, &cache, b"x\n", 1, 1 << 20).is_none());
        std::fs::write(&cache, &good).unwrap();
        assert!(read(&json, &cache, b"x\n", 1, 1 << 20).is_some());
        // The JSON touched (another time): not its copy.
        let f = std::fs::File::options().write(true).open(&json).unwrap();
        let then = f.metadata().unwrap().modified().unwrap();
        f.set_modified(then + std::time::Duration::from_secs(1))
            .unwrap();
        assert!(read(&json, &cache, b"x\n", 1, 1 << 20).is_none());
        f.set_modified(then).unwrap();
        assert!(read(&json, &cache, b"x\n", 1, 1 << 20).is_some());
        // The JSON written again (same length, another text): not its copy.
        atomic::write_atomic(&json, br#"{"format":1,"a":[1,2,4]}"#).unwrap();
        let f = std::fs::File::options().write(true).open(&json).unwrap();
        f.set_modified(then).unwrap();
        assert!(read(&json, &cache, b"x\n", 1, 1 << 20).is_none());
        // A copy for a JSON that is not the one on disk is not written.
        assert!(write(&json, written, &cache, b"x\n", 1, &w.0).is_err());
        let at = stamp_of(&json).map(|(_, m)| m + 1);
        let now = br#"{"format":1,"a":[1,2,4]}"#;
        let now = (now.len() as u64, prefix(now), at);
        assert!(
            write(&json, now, &cache, b"x\n", 1, &w.0).is_err(),
            "another time"
        );
    }

    #[test]
    fn a_count_the_rest_cannot_hold_is_refused() {
        let mut w = Wr::default();
        w.len(1_000_000);
        w.u32(7);
        let mut r = Rd { b: &w.0 };
        assert_eq!(r.count(4), None);
        let mut r = Rd { b: &w.0 };
        assert_eq!(r.indices::<u32>(), None);
    }
}
