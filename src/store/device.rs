//! This machine as one device among those that share a saves folder (issue 19): its id,
//! created once at random and kept in a folder of its own OUTSIDE the saves folder (the
//! "device home", in the platform's state or local data folder), so that a copied or synced
//! saves folder can never make two machines believe they are the same one. The device home
//! also holds the per-device lock files ([`Device::lock_file`]), where no sync tool copies or
//! deletes them.
//!
//! Which folder is the device home is decided by `cli` (the environment, `SMRITI_DEVICE_DIR`,
//! and the platform's folders through [`default_home`]); this module only reads and creates
//! what is inside it. Must not depend on `tui` or `cli`.

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

/// The file in the device home that holds the id.
const ID_FILE: &str = "device-id";
/// The folder in the device home that holds one lock file per saves folder.
const LOCKS: &str = "locks";

/// One device: its id and its home folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    id: String,
    home: PathBuf,
}

/// Why the device id could not be read or created.
#[derive(Debug, thiserror::Error)]
pub enum DeviceError {
    #[error(
        "cannot use the device folder {path}: {source}\n  hint: smriti keeps this machine's id there (outside the saves folder); make it writable or choose another with SMRITI_DEVICE_DIR"
    )]
    Io { path: String, source: io::Error },
    #[error(
        "{path}: {found:?} is not a device id (4 to 32 lowercase letters and digits)\n  hint: delete the file and smriti makes a new id (answers already saved under the old id stay in the saves folder, under that id)"
    )]
    Bad { path: String, found: String },
    #[error(
        "cannot find a folder for this machine's device id (no home folder?)\n  hint: set SMRITI_DEVICE_DIR to a folder outside the saves folder"
    )]
    NoHome,
}

/// The platform's folder for this machine's device home: the state folder where there is one
/// (`~/.local/state/smriti-device` on Linux), else the local (non-roaming) data folder. Not the
/// saves folder's default (`~/.local/share/smriti`), and never synced by the platform.
pub fn default_home() -> Option<PathBuf> {
    dirs::state_dir()
        .or_else(dirs::data_local_dir)
        .map(|d| d.join("smriti-device"))
}

/// Whether `id` is a device id smriti would write: 4 to 32 ASCII lowercase letters and
/// digits (so that it sits in a file name between dots, and never looks like a sync tool's
/// suffix).
pub fn is_id(id: &str) -> bool {
    (4..=32).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// A new random id: 10 characters of lowercase base 32 (50 bits).
fn new_id() -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut bits: u64 = rand::random();
    (0..10)
        .map(|_| {
            let c = ALPHABET[(bits & 31) as usize];
            bits >>= 5;
            char::from(c)
        })
        .collect()
}

impl Device {
    /// The device whose home is `home`: its id read from there, or created (at random, once)
    /// when there is none yet. Two smritis starting at once agree on one id (the file is
    /// created exclusively; the loser reads the winner's).
    pub fn at(home: &Path) -> Result<Device, DeviceError> {
        let path = home.join(ID_FILE);
        let io_err = |source| DeviceError::Io {
            path: home.display().to_string(),
            source,
        };
        std::fs::create_dir_all(home).map_err(io_err)?;
        for _ in 0..3 {
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    let id = text.trim();
                    if id.is_empty() {
                        // Being written by another smriti this moment: read it again.
                        std::thread::yield_now();
                        continue;
                    }
                    if !is_id(id) {
                        return Err(DeviceError::Bad {
                            path: path.display().to_string(),
                            found: id.chars().take(40).collect(),
                        });
                    }
                    return Ok(Device {
                        id: id.to_owned(),
                        home: home.to_owned(),
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    let id = new_id();
                    // Written beside, then linked into place: the id file is never seen half
                    // written, and an id another smriti made meanwhile is kept.
                    let tmp = home.join(format!("{ID_FILE}.{id}.tmp"));
                    let write = || -> io::Result<()> {
                        let mut f = std::fs::File::create(&tmp)?;
                        writeln!(f, "{id}")?;
                        f.sync_all()
                    };
                    write().map_err(io_err)?;
                    let linked = std::fs::hard_link(&tmp, &path);
                    let _ = std::fs::remove_file(&tmp);
                    match linked {
                        Ok(()) => {
                            super::atomic::sync_dir(home).map_err(io_err)?;
                            return Ok(Device {
                                id,
                                home: home.to_owned(),
                            });
                        }
                        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                        Err(e) => return Err(io_err(e)),
                    }
                }
                Err(e) => return Err(io_err(e)),
            }
        }
        Err(io_err(io::Error::other(
            "the device id file stays empty; delete it and start again",
        )))
    }

    /// This device's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The device home.
    pub fn home(&self) -> &Path {
        &self.home
    }

    /// The lock file for the saves folder `saves` on this device: in the device home, named
    /// after the folder's full path, so that it is never inside a synced folder.
    pub fn lock_file(&self, saves: &Path) -> PathBuf {
        let full = std::fs::canonicalize(saves).unwrap_or_else(|_| saves.to_owned());
        let name: String = full
            .display()
            .to_string()
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '_' })
            .collect();
        // Long paths keep their end (the part that tells folders apart) within a file name.
        let keep = name.chars().count().saturating_sub(150);
        let name: String = name.chars().skip(keep).collect();
        self.home.join(LOCKS).join(format!("{name}.lock"))
    }
}

/// The device the crate's own tests open saves folders as: one id for every test run, kept in
/// the system's temporary folder.
#[cfg(test)]
pub(crate) fn for_tests() -> Device {
    Device::at(&std::env::temp_dir().join("smriti-test-device")).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_is_created_once_and_kept() {
        let home = tempfile::tempdir().unwrap();
        let a = Device::at(home.path()).unwrap();
        assert!(is_id(a.id()), "{}", a.id());
        assert_eq!(a.id().len(), 10);
        let b = Device::at(home.path()).unwrap();
        assert_eq!(a, b, "read back, not made again");
        let other = tempfile::tempdir().unwrap();
        assert_ne!(Device::at(other.path()).unwrap().id(), a.id());
    }

    #[test]
    fn a_bad_id_file_is_refused_with_its_path() {
        let home = tempfile::tempdir().unwrap();
        std::fs::write(home.path().join(ID_FILE), "Not/An id\n").unwrap();
        let err = Device::at(home.path()).unwrap_err().to_string();
        assert!(err.contains("device-id"), "{err}");
        assert!(err.contains("is not a device id"), "{err}");
    }

    #[test]
    fn ids_are_plain_lowercase_words() {
        assert!(is_id("laptop01"));
        assert!(!is_id("abc"));
        assert!(!is_id("Laptop"));
        assert!(!is_id("lap.top"));
        assert!(!is_id("lap-top"));
        assert!(!is_id(&"a".repeat(33)));
    }

    #[test]
    fn lock_files_live_in_the_device_home_one_per_saves_folder() {
        let home = tempfile::tempdir().unwrap();
        let d = Device::at(home.path()).unwrap();
        let a = d.lock_file(Path::new("/x/saves"));
        let b = d.lock_file(Path::new("/y/saves"));
        assert!(a.starts_with(home.path().join(LOCKS)));
        assert_ne!(a, b);
    }
}
