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
//!
//! A thread may write in a [`Temporaries`] scope (the background snapshot writer does): its
//! temporary files are then listed there, so that another thread can take them away at once
//! ([`Temporaries::abandon`]: the app leaving while that write is still under way) and make
//! the rest of the write fail instead of renaming anything.
//!
//! A thread may also write [in the background](Foreground::give_way): then its pages go to
//! the disk a small step at a time, each waited for, and never while the [`Foreground`] is
//! making something durable (an answer's `fdatasync` of the review log), so that the
//! foreground's fsync finds at most one small step of the background's data in its way; when
//! it replaces a file, it also has the disk flush its cache after each step (see
//! [`WriteBehind`]), so that the data an answer's cache flush must carry is that one step,
//! not everything the background wrote since the answer before.

use std::fs::{self, File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use super::write_behind::WriteBehind;
pub use super::write_behind::{BACKGROUND_STEP, Foreground, background_slice, short_slices};

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

/// The temporary files of the writes made on the threads that [`Temporaries::enter`]ed it.
/// [`Temporaries::abandon`] removes every one not yet renamed and closes the scope: from then
/// on a write in it can neither create a temporary file nor rename one (it fails with
/// `Interrupted`), so nothing of it is left in the folder however far it had got, and the
/// files it was replacing stay as they were. A rename and the abandon exclude each other (one
/// lock): a temporary file is either renamed whole or removed.
#[derive(Debug, Default)]
pub struct Temporaries {
    state: Mutex<Listed>,
}

#[derive(Debug, Default)]
struct Listed {
    closed: bool,
    paths: Vec<PathBuf>,
}

thread_local! {
    /// The scope the calling thread writes in, if any.
    static SCOPE: std::cell::RefCell<Option<Arc<Temporaries>>> = const { std::cell::RefCell::new(None) };
}

impl Temporaries {
    /// Makes the calling thread's later writes (every [`Replacement`] it creates) list their
    /// temporary files in `scope`.
    pub fn enter(scope: &Arc<Temporaries>) {
        SCOPE.with(|s| *s.borrow_mut() = Some(Arc::clone(scope)));
    }

    /// Removes every temporary file listed and not yet renamed, and closes the scope.
    pub fn abandon(&self) {
        let mut listed = self.lock();
        listed.closed = true;
        for p in listed.paths.drain(..) {
            let _ = fs::remove_file(p);
        }
    }

    /// Whether [`Temporaries::abandon`] was called.
    pub fn abandoned(&self) -> bool {
        self.lock().closed
    }

    fn lock(&self) -> MutexGuard<'_, Listed> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The error of a write whose scope was abandoned.
fn abandoned() -> io::Error {
    io::Error::new(io::ErrorKind::Interrupted, "the write was abandoned")
}

/// Creates a temporary file for `target` in `dir`, listed in the calling thread's scope if it
/// has one (and refused if that scope was abandoned).
fn create_listed(
    dir: &Path,
    target: &str,
) -> io::Result<(File, PathBuf, Option<Arc<Temporaries>>)> {
    let Some(scope) = SCOPE.with(|s| s.borrow().clone()) else {
        let (f, tmp) = create_temp(dir, target)?;
        return Ok((f, tmp, None));
    };
    let mut listed = scope.lock();
    if listed.closed {
        return Err(abandoned());
    }
    let (f, tmp) = create_temp(dir, target)?;
    listed.paths.push(tmp.clone());
    drop(listed);
    Ok((f, tmp, Some(scope)))
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
    /// The scope its temporary file is listed in (see [`Temporaries`]).
    scope: Option<Arc<Temporaries>>,
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
        let (f, tmp, scope) = create_listed(&dir, &name)?;
        let file = Replacement {
            path: path.to_owned(),
            dir,
            tmp,
            out: io::BufWriter::with_capacity(1 << 16, WriteBehind::new(f).flushing_by(path)),
            len: 0,
            committed: false,
            scope,
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
        let wb = self.out.get_mut();
        if wb.fg.is_some() {
            // The rest, paced too; then the fsync, with as little left to write.
            if wb.on && wb.written > wb.sent {
                wb.send()?;
            }
            wb.give_way();
        }
        self.out.get_ref().file.sync_all()?;
        // Checked again just before the rename: the path may have been replaced meanwhile.
        refuse_special(&self.path)?;
        #[cfg(test)]
        if FAIL_BEFORE_RENAME.get() {
            return Err(io::Error::other("injected failure"));
        }
        self.out.get_mut().give_way();
        match &self.scope {
            None => fs::rename(&self.tmp, &self.path)?,
            Some(scope) => {
                // Renamed whole or, once abandoned, not at all (the file is gone then).
                let mut listed = scope.lock();
                if listed.closed {
                    return Err(abandoned());
                }
                fs::rename(&self.tmp, &self.path)?;
                listed.paths.retain(|p| *p != self.tmp);
            }
        }
        self.committed = true;
        self.out.get_mut().give_way();
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
        if self.committed {
            return;
        }
        match &self.scope {
            None => {
                let _ = fs::remove_file(&self.tmp);
            }
            Some(scope) => {
                let mut listed = scope.lock();
                // Once abandoned it was removed already (and its name is no longer ours).
                if !listed.closed {
                    let _ = fs::remove_file(&self.tmp);
                    listed.paths.retain(|p| *p != self.tmp);
                }
            }
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
#[path = "atomic_tests.rs"]
mod tests;
