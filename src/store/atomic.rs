//! Atomic file replacement: write a temporary file in the same folder, fsync it, rename it over
//! the target, then fsync the folder. A crash at any moment leaves either the old file or the
//! new one, never a mix. A large file's pages are sent to the disk as it is written
//! ([`WriteBehind`]), so that writing it never makes another thread's fsync wait for all of it.
//!
//! Writing never follows a link or clobbers a special file: the target must be a regular file
//! or a new path (a symbolic link, FIFO, device or folder there is refused with a message); the
//! temporary file is created exclusively (`create_new`, and `O_NOFOLLOW` on Unix) under an
//! unpredictable name, so a link planted in a shared folder is never written through; the new
//! file keeps the replaced one's permissions (and owner, where the process may set it); and
//! temporary files a crash left behind for the same target are removed.

use std::fs::{self, File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// A temporary file older than this is a crash's leftover (a write takes milliseconds).
const STALE_AFTER: Duration = Duration::from_secs(600);

/// Why `path` cannot be replaced, if it is something other than a regular file or nothing.
pub fn refuse_special(path: &Path) -> io::Result<()> {
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    let ft = meta.file_type();
    let what = if ft.is_file() {
        return Ok(());
    } else if ft.is_symlink() {
        "a symbolic link"
    } else if ft.is_dir() {
        "a folder"
    } else {
        special_kind(&ft)
    };
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("it is {what}; smriti writes only to a regular file or a new path"),
    ))
}

#[cfg(unix)]
fn special_kind(ft: &fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if ft.is_fifo() {
        "a FIFO"
    } else if ft.is_socket() {
        "a socket"
    } else if ft.is_block_device() || ft.is_char_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &fs::FileType) -> &'static str {
    "not a regular file"
}

#[cfg(test)]
thread_local! {
    /// Test seam: fail after the temporary file is written, before the rename.
    static FAIL_BEFORE_RENAME: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// At most this much of the target's name goes into a temporary file's name, which must stay
/// within the 255 bytes a file name may have.
const NAME_IN_TEMP: usize = 100;

/// The part of `target` used in its temporary files' names.
fn temp_stem(target: &str) -> &str {
    let mut end = target.len().min(NAME_IN_TEMP);
    while !target.is_char_boundary(end) {
        end -= 1;
    }
    &target[..end]
}

/// A name no one can guess: the process id, the time and a per-process random key.
fn temp_name(target: &str) -> String {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u32(std::process::id());
    let now = SystemTime::UNIX_EPOCH.elapsed().unwrap_or_default();
    h.write_u128(now.as_nanos());
    format!(
        ".{}.{}-{:016x}.tmp",
        temp_stem(target),
        std::process::id(),
        h.finish()
    )
}

/// Whether `file` is a temporary file of ours for `target` (this version's names, or the
/// `.NAME.tmp-PID` of earlier ones).
fn is_temp_of(file: &str, target: &str) -> bool {
    let Some(rest) = file
        .strip_prefix('.')
        .and_then(|f| f.strip_prefix(temp_stem(target)))
        .and_then(|f| f.strip_prefix('.'))
    else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit());
    match rest.strip_prefix("tmp-") {
        Some(pid) => digits(pid),
        None => rest
            .strip_suffix(".tmp")
            .and_then(|r| r.split_once('-'))
            .is_some_and(|(pid, key)| digits(pid) && digits(key)),
    }
}

/// Removes the temporary files a crash left for `target` in `dir` (best effort).
fn remove_stale(dir: &Path, target: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.filter_map(Result::ok) {
        let name = e.file_name();
        if !is_temp_of(&name.to_string_lossy(), target) {
            continue;
        }
        let old = e
            .metadata()
            .ok()
            .filter(|m| !m.is_dir())
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age >= STALE_AFTER);
        if old {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Creates a new temporary file in `dir` for `target`, never opening an existing one.
fn create_temp(dir: &Path, target: &str) -> io::Result<(File, PathBuf)> {
    let mut last = None;
    for _ in 0..8 {
        let tmp = dir.join(temp_name(target));
        let mut opts = OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.custom_flags(libc::O_NOFOLLOW);
        }
        match opts.open(&tmp) {
            Ok(f) => return Ok((f, tmp)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no free temporary name")))
}

/// Gives `file` the permissions (and, where allowed, the owner) of the file it replaces.
fn keep_metadata(file: &File, old: &fs::Metadata) -> io::Result<()> {
    file.set_permissions(old.permissions())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Only root may give a file away; for anyone else this is a no-op or refused.
        let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()));
    }
    Ok(())
}

/// Replaces `path` with `bytes` atomically and durably (see the module documentation).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// As [`write_atomic`], with the contents written by `fill` through a buffer, so that a large
/// file (the progress snapshot) never needs to be held in memory whole. If `fill` fails (or
/// gives up: a snapshot writer told to stop), the temporary file is removed and `path` is
/// left as it was.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut file = Replacement::create(path)?;
    fill(&mut file)?;
    file.commit()
}

/// A file being written to replace `path` atomically (see the module documentation): the
/// streaming form of [`write_atomic`]. Written through a buffer ([`Write`]), bytes already
/// written may be overwritten in place ([`Replacement::patch`]: a checksum or a table of
/// offsets known only at the end), and [`Replacement::commit`] fsyncs it and renames it over
/// `path`. Dropped without a commit (an error, a writer told to stop), the temporary file is
/// removed and `path` is left as it was.
pub struct Replacement {
    path: PathBuf,
    dir: PathBuf,
    tmp: PathBuf,
    out: io::BufWriter<WriteBehind>,
    /// Bytes written so far (the file's length once flushed).
    len: u64,
    committed: bool,
}

impl Replacement {
    /// Creates the temporary file for `path` (a regular file or a new path: anything else is
    /// refused), with the permissions of the file it will replace.
    pub fn create(path: &Path) -> io::Result<Replacement> {
        refuse_special(path)?;
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_owned();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "file".into());
        remove_stale(&dir, &name);
        let (f, tmp) = create_temp(&dir, &name)?;
        let file = Replacement {
            path: path.to_owned(),
            dir,
            tmp,
            out: io::BufWriter::with_capacity(1 << 16, WriteBehind::new(f)),
            len: 0,
            committed: false,
        };
        if let Some(old) = fs::symlink_metadata(path)
            .ok()
            .filter(fs::Metadata::is_file)
        {
            keep_metadata(&file.out.get_ref().file, &old)?;
        }
        Ok(file)
    }

    /// Bytes written so far.
    pub fn written(&self) -> u64 {
        self.len
    }

    /// Overwrites the bytes at `offset` (which must already have been written) with `bytes`.
    pub fn patch(&mut self, offset: u64, bytes: &[u8]) -> io::Result<()> {
        let end = offset.checked_add(bytes.len() as u64);
        if end.is_none_or(|e| e > self.len) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "a patch past what was written",
            ));
        }
        self.out.flush()?;
        write_at(&self.out.get_ref().file, offset, bytes)
    }

    /// Makes the file durable and puts it in place of `path`, then makes the rename durable.
    pub fn commit(mut self) -> io::Result<()> {
        self.out.flush()?;
        self.out.get_ref().file.sync_all()?;
        // Checked again just before the rename: the path may have been replaced meanwhile.
        refuse_special(&self.path)?;
        #[cfg(test)]
        if FAIL_BEFORE_RENAME.get() {
            return Err(io::Error::other("injected failure"));
        }
        fs::rename(&self.tmp, &self.path)?;
        self.committed = true;
        sync_dir(&self.dir)
    }
}

impl Write for Replacement {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.out.write(buf)?;
        self.len += n as u64;
        Ok(n)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.out.write_all(buf)?;
        self.len += buf.len() as u64;
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

impl Drop for Replacement {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// Writes `bytes` at `offset` of `file`, whatever its position.
#[cfg(unix)]
fn write_at(file: &File, offset: u64, bytes: &[u8]) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, offset)
}

#[cfg(not(unix))]
fn write_at(mut file: &File, offset: u64, bytes: &[u8]) -> io::Result<()> {
    use std::io::Seek;
    let at = file.stream_position()?;
    file.seek(io::SeekFrom::Start(offset))?;
    file.write_all(bytes)?;
    file.seek(io::SeekFrom::Start(at)).map(|_| ())
}

/// How much of a file is written before its pages are handed to the disk (see [`WriteBehind`]).
const WRITE_BEHIND: u64 = 1 << 20;

/// A file whose pages are sent to the disk as it is written ("write-behind"): each mebibyte
/// is handed to the disk as soon as it is written and the one before it waited for, so at
/// most two are ever dirty. The final fsync then has almost nothing left to write, and, what
/// matters more, neither has the file system's journal commit that another thread's fsync
/// forces meanwhile: on ext4 (ordered mode, the default) that commit writes the transaction's
/// new data first, so an answer's fsync of the review log, given while the background
/// snapshot writer (`store::snapshot_writer`) writes 11 MB, waited for all of it (issue 16's
/// plain-mode p99). Durability is unchanged: the file is still fsynced before its rename, and
/// an error the disk reports here fails the write as the fsync would (once seen here, the
/// kernel would not report it to the fsync again). Linux only; elsewhere a plain file.
struct WriteBehind {
    file: File,
    /// Bytes written so far.
    written: u64,
    /// Bytes handed to the disk (`SYNC_FILE_RANGE_WRITE`).
    sent: u64,
    /// Bytes known to be on the disk.
    done: u64,
    /// Off for a file system that does not support it.
    on: bool,
}

impl WriteBehind {
    fn new(file: File) -> WriteBehind {
        WriteBehind {
            file,
            written: 0,
            sent: 0,
            done: 0,
            on: cfg!(target_os = "linux"),
        }
    }

    /// Hands what was written since the last call to the disk, then waits for what was
    /// handed before it.
    #[cfg(target_os = "linux")]
    fn send(&mut self) -> io::Result<()> {
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
        let result = range(self.sent, self.written, libc::SYNC_FILE_RANGE_WRITE)
            .and_then(|()| range(self.done, self.sent, wait));
        match result {
            Ok(()) => {
                self.done = self.sent;
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
    fn send(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Write for WriteBehind {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // At most a step at a time, so that a large buffer written at once is sent in steps.
        let step = usize::try_from(WRITE_BEHIND).unwrap_or(usize::MAX);
        let n = (&self.file).write(&buf[..buf.len().min(step)])?;
        self.written += n as u64;
        if self.on && self.written - self.sent >= WRITE_BEHIND {
            self.send()?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        (&self.file).flush()
    }
}

/// Makes a rename or a file creation in `dir` durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("progress.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// A file of several mebibytes, written in pieces and in one piece, arrives whole, and
    /// its pages were handed to the disk as it went: all but the last step's before the end.
    #[test]
    fn a_large_file_is_written_whole_and_sent_to_the_disk_as_it_goes() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("progress.json");
        let big: Vec<u8> = (0..3_500_000u32).map(|i| (i % 251) as u8).collect();
        write_atomic(&p, &big).unwrap();
        assert_eq!(fs::read(&p).unwrap(), big);
        write_atomic_with(&p, |w| big.chunks(1000).try_for_each(|c| w.write_all(c))).unwrap();
        assert_eq!(fs::read(&p).unwrap(), big);

        let f = File::create(dir.path().join("x")).unwrap();
        let mut w = WriteBehind::new(f);
        w.write_all(&big).unwrap();
        assert_eq!(w.written, big.len() as u64);
        if cfg!(target_os = "linux") && w.on {
            assert_eq!((w.sent, w.done), (3 << 20, 2 << 20));
        }
    }

    /// The streaming form: bytes patched in place after more was written (past the buffer),
    /// a patch beyond what was written refused, and a replacement dropped without its commit
    /// leaves the old file and no temporary.
    #[test]
    fn a_replacement_is_patched_in_place_and_dropped_without_a_trace() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.cache");
        write_atomic(&p, b"old").unwrap();
        let mut f = Replacement::create(&p).unwrap();
        f.write_all(b"head0000").unwrap();
        let body: Vec<u8> = (0..200_000u32).map(|i| (i % 7) as u8).collect();
        f.write_all(&body).unwrap();
        assert_eq!(f.written(), 8 + body.len() as u64);
        f.patch(4, b"1234").unwrap();
        assert!(f.patch(f.written() - 1, b"ab").is_err());
        f.write_all(b"tail").unwrap();
        assert_eq!(
            fs::read(&p).unwrap(),
            b"old",
            "not in place before the commit"
        );
        f.commit().unwrap();
        let got = fs::read(&p).unwrap();
        assert_eq!(&got[..8], b"head1234");
        assert_eq!(&got[8..8 + body.len()], &body[..]);
        assert_eq!(&got[8 + body.len()..], b"tail");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);

        let mut f = Replacement::create(&p).unwrap();
        f.write_all(&body).unwrap();
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            2,
            "its temporary"
        );
        drop(f);
        assert_eq!(fs::read(&p).unwrap(), got);
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary left"
        );
    }

    #[test]
    fn a_failed_write_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.json");
        write_atomic(&p, b"old").unwrap();
        // An injected failure between writing the temporary file and renaming it
        // (permissions would not do: tests may run as root).
        FAIL_BEFORE_RENAME.set(true);
        let e = write_atomic(&p, b"new").unwrap_err();
        FAIL_BEFORE_RENAME.set(false);
        assert_eq!(e.to_string(), "injected failure");
        assert_eq!(fs::read(&p).unwrap(), b"old");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary left"
        );
        // Once the way is clear, the same write succeeds: the failure was the injected one.
        write_atomic(&p, b"new").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"new");
    }

    #[test]
    fn temporary_names_are_recognised_and_unpredictable() {
        let a = temp_name("out.tsv");
        assert!(is_temp_of(&a, "out.tsv"), "{a}");
        assert_ne!(a, temp_name("out.tsv"));
        assert!(is_temp_of(".out.tsv.tmp-1234", "out.tsv"));
        assert!(!is_temp_of(".out.tsv.tmp-1234", "out.ts"));
        assert!(!is_temp_of("out.tsv", "out.tsv"));
        assert!(!is_temp_of(".out.tsv.notes", "out.tsv"));
        // A long name still leaves room for the rest of the temporary name.
        let long = "é".repeat(120);
        assert!(temp_name(&long).len() < 255);
        assert!(is_temp_of(&temp_name(&long), &long));
    }

    #[cfg(unix)]
    #[test]
    fn links_and_special_files_are_never_written_through() {
        use std::os::unix::fs::{PermissionsExt, symlink};
        let dir = tempfile::tempdir().unwrap();
        let secret = dir.path().join("secret");
        fs::write(&secret, "keep me").unwrap();
        // A link at the target is refused, and the file it points to is untouched.
        let link = dir.path().join("out.tsv");
        symlink(&secret, &link).unwrap();
        let e = write_atomic(&link, b"x").unwrap_err();
        assert_eq!(
            e.to_string(),
            "it is a symbolic link; smriti writes only to a regular file or a new path"
        );
        assert_eq!(fs::read_to_string(&secret).unwrap(), "keep me");
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        // A folder is refused too.
        let e = write_atomic(dir.path(), b"x").unwrap_err();
        assert!(e.to_string().starts_with("it is a folder"), "{e}");

        // The replaced file keeps its permissions.
        let p = dir.path().join("deck.json");
        fs::write(&p, "old").unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"new").unwrap();
        let mode = fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }

    #[test]
    fn stale_temporary_files_are_removed_and_fresh_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("progress.json");
        let stale = dir.path().join(".progress.json.tmp-999");
        let fresh = dir.path().join(temp_name("progress.json"));
        let other = dir.path().join(".other.json.tmp-999");
        for f in [&stale, &fresh, &other] {
            fs::write(f, "half").unwrap();
        }
        let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        for f in [&stale, &other] {
            File::options()
                .write(true)
                .open(f)
                .unwrap()
                .set_modified(old)
                .unwrap();
        }
        write_atomic(&p, b"x").unwrap();
        assert!(!stale.exists(), "a crash's leftover goes");
        assert!(fresh.exists(), "a write in progress elsewhere stays");
        assert!(other.exists(), "another file's temporary stays");
    }
}
