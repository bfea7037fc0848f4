//! One smriti per saves folder on each device: an exclusive advisory lock on the saves folder
//! itself, which cannot be deleted out from under the app the way a lock file can (deleting
//! the lock file used to let a second smriti in, and both then wrote the same answer
//! numbers), and a lock file holding the owner's PID for the message a second instance
//! shows. The lock file lives in the device home (`store::device::Device::lock_file`),
//! outside the saves folder, so that no sync tool copies or deletes it (issue 19); a
//! `saves/lock` left by an older smriti is left alone.
//!
//! The operating system releases the locks when their process dies, however it dies, so a
//! lock left by a killed smriti is taken over without any guessing about stale PIDs. Before
//! every write the holder checks ([`Lock::check`]) that the folder at the path is still the
//! one it locked (same device and inode): a folder deleted, replaced or moved away while the
//! app runs is noticed, and nothing more is written until it is back.
//!
//! Unix only (locks on folders and inode numbers), like the rest of the saves code's
//! guarantees. Two machines sharing a synced folder do not lock each other out: each writes
//! only its own files (see `store::logs`).

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// A held lock; released when dropped.
#[derive(Debug)]
pub struct Lock {
    _dir: File,
    _file: File,
    /// The locked folder, and its device and inode when locked.
    dir: PathBuf,
    id: (u64, u64),
    /// The PID file.
    pub path: PathBuf,
}

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "another smriti (PID {pid}) is using the saves folder {dir}\n  hint: close it first; the lock is on the folder itself (its PID in {path}) and is freed as soon as that smriti exits"
    )]
    Held {
        pid: String,
        dir: String,
        path: String,
    },
    #[error(
        "cannot create the lock file {path}: {source}\n  hint: the saves folder and the device folder must be writable; choose others with --saves DIR (or SMRITI_SAVES) and SMRITI_DEVICE_DIR"
    )]
    Io { path: String, source: io::Error },
}

/// Takes the lock for the saves folder `dir`, writing the PID to the lock file `path` (its
/// folder is created).
pub fn acquire(dir: &Path, path: &Path) -> Result<Lock, LockError> {
    let path = path.to_owned();
    let io_err = |p: &Path| {
        let p = p.display().to_string();
        move |source| LockError::Io { path: p, source }
    };
    let held = || {
        let mut pid = String::new();
        if let Ok(mut f) = File::open(&path) {
            let _ = f.read_to_string(&mut pid);
        }
        let pid = pid.trim();
        LockError::Held {
            pid: if pid.is_empty() || pid.len() > 20 {
                "unknown".into()
            } else {
                pid.to_owned()
            },
            dir: dir.display().to_string(),
            path: path.display().to_string(),
        }
    };
    let folder = File::open(dir).map_err(io_err(dir))?;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io_err(parent))?;
    }
    match folder.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => return Err(held()),
        Err(TryLockError::Error(e)) => return Err(io_err(dir)(e)),
    }
    let id = folder.metadata().map(|m| (m.dev(), m.ino()));
    let id = id.map_err(io_err(dir))?;
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io_err(&path))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => return Err(held()),
        Err(TryLockError::Error(e)) => return Err(io_err(&path)(e)),
    }
    let write_pid = |f: &mut File| -> io::Result<()> {
        f.set_len(0)?;
        f.seek(SeekFrom::Start(0))?;
        writeln!(f, "{}", std::process::id())?;
        f.sync_data()
    };
    write_pid(&mut file).map_err(io_err(&path))?;
    Ok(Lock {
        _dir: folder,
        _file: file,
        dir: dir.to_owned(),
        id,
        path,
    })
}

/// Why the locked folder may not be written to any more.
#[derive(Debug, thiserror::Error)]
pub enum FolderMoved {
    #[error(
        "the saves folder {dir} was replaced while smriti was running (another smriti may be using the new one); nothing is written there until the folder smriti started with is back; restart smriti to use the new one"
    )]
    Replaced { dir: String },
    #[error(
        "the saves folder {dir} is gone ({source}): it was deleted or moved while smriti was running; put it back to save"
    )]
    Gone { dir: String, source: io::Error },
}

impl Lock {
    /// Whether the folder at the locked path is still the one locked; an error for the user
    /// when it is not (it was deleted, replaced or moved away), and writing must stop.
    pub fn check(&self) -> Result<(), FolderMoved> {
        let now = std::fs::metadata(&self.dir).map(|m| (m.dev(), m.ino()));
        let dir = || self.dir.display().to_string();
        match now {
            Ok(id) if id == self.id => Ok(()),
            Ok(_) => Err(FolderMoved::Replaced { dir: dir() }),
            Err(source) => Err(FolderMoved::Gone { dir: dir(), source }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acquire(dir: &Path) -> Result<Lock, LockError> {
        super::acquire(dir, &dir.join("locks/pid"))
    }

    #[test]
    fn a_second_holder_is_refused_with_the_pid_and_path() {
        let dir = tempfile::tempdir().unwrap();
        let first = acquire(dir.path()).unwrap();
        let err = acquire(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains(&format!("(PID {})", std::process::id())),
            "{err}"
        );
        assert!(err.contains(&first.path.display().to_string()), "{err}");
        drop(first);
        assert!(acquire(dir.path()).is_ok(), "released on drop");
    }

    /// Deleting the lock file while smriti runs no longer lets a second one in (before, the
    /// second locked a new file at the same path).
    #[test]
    fn deleting_the_lock_file_does_not_let_a_second_one_in() {
        let dir = tempfile::tempdir().unwrap();
        let first = acquire(dir.path()).unwrap();
        std::fs::remove_file(&first.path).unwrap();
        let err = acquire(dir.path()).unwrap_err().to_string();
        assert!(err.starts_with("another smriti"), "{err}");
        assert!(
            first.check().is_ok(),
            "the folder itself is still the one locked"
        );
    }

    /// A locked folder deleted or replaced while smriti runs is noticed before the next write.
    #[test]
    fn a_folder_deleted_or_replaced_under_the_lock_is_noticed() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("saves");
        std::fs::create_dir(&dir).unwrap();
        let lock = acquire(&dir).unwrap();
        std::fs::rename(&dir, root.path().join("moved")).unwrap();
        let gone = lock.check().unwrap_err().to_string();
        assert!(gone.contains("is gone"), "{gone}");
        std::fs::create_dir(&dir).unwrap();
        let replaced = lock.check().unwrap_err().to_string();
        assert!(replaced.contains("was replaced"), "{replaced}");
        // The new folder is not locked by anyone: a second smriti may take it, which is why
        // the first stops writing.
        assert!(acquire(&dir).is_ok());
        std::fs::remove_dir_all(&dir).unwrap();
        std::fs::rename(root.path().join("moved"), &dir).unwrap();
        assert!(lock.check().is_ok(), "moved back: writing may go on");
    }
}
