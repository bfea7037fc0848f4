//! One smriti per saves folder: an exclusive advisory lock on `saves/lock`, holding the PID
//! of its owner for the message a second instance shows.
//!
//! The operating system releases the lock when its process dies, however it dies, so a lock
//! left by a killed smriti is taken over without any guessing about stale PIDs.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// A held lock; released when dropped.
#[derive(Debug)]
pub struct Lock {
    _file: File,
    pub path: PathBuf,
}

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "another smriti (PID {pid}) is using the saves folder {dir}\n  hint: close it first; the lock is {path} and is freed as soon as that smriti exits"
    )]
    Held {
        pid: String,
        dir: String,
        path: String,
    },
    #[error(
        "cannot create the lock file {path}: {source}\n  hint: the saves folder must be writable; choose another with --saves DIR or SMRITI_SAVES"
    )]
    Io { path: String, source: io::Error },
}

/// Takes the lock for the saves folder `dir`.
pub fn acquire(dir: &Path) -> Result<Lock, LockError> {
    let path = dir.join("lock");
    let io_err = |source| LockError::Io {
        path: path.display().to_string(),
        source,
    };
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io_err)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let mut pid = String::new();
            let _ = file.read_to_string(&mut pid);
            let pid = pid.trim();
            return Err(LockError::Held {
                pid: if pid.is_empty() {
                    "unknown".into()
                } else {
                    pid.to_owned()
                },
                dir: dir.display().to_string(),
                path: path.display().to_string(),
            });
        }
        Err(TryLockError::Error(e)) => return Err(io_err(e)),
    }
    let write_pid = |f: &mut File| -> io::Result<()> {
        f.set_len(0)?;
        f.seek(SeekFrom::Start(0))?;
        writeln!(f, "{}", std::process::id())?;
        f.sync_data()
    };
    write_pid(&mut file).map_err(io_err)?;
    Ok(Lock { _file: file, path })
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
