//! The zip side of an Anki package: check every entry name, choose the collection entry by
//! the `meta` version (or, for packages without `meta`, `collection.anki21` before
//! `collection.anki2`), and inflate it (zstd-decoding `collection.anki21b`) into a temporary
//! file, never past a cap (`super::MAX_COLLECTION_BYTES`), for SQLite to open.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::{AnkiError, proto};

/// The chosen collection, inflated.
pub struct Opened {
    /// The entry's name in the zip.
    pub entry: String,
    pub file: TempFile,
    /// Media files in the package (numbered entries), which smriti leaves out.
    pub media_files: usize,
}

/// A temporary file removed when dropped.
pub struct TempFile {
    path: PathBuf,
}

impl TempFile {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A new, empty file of our own in the temporary folder (created, never reused).
    pub(super) fn create() -> std::io::Result<(TempFile, File)> {
        static COUNT: AtomicU64 = AtomicU64::new(0);
        let dir = std::env::temp_dir();
        let mut last = None;
        for _ in 0..100 {
            let n = COUNT.fetch_add(1, Ordering::Relaxed);
            let path = dir.join(format!("smriti-anki-{}-{n}.sqlite", std::process::id()));
            match File::options().write(true).create_new(true).open(&path) {
                Ok(f) => return Ok((TempFile { path }, f)),
                Err(e) => last = Some(e),
            }
        }
        Err(last.unwrap_or_else(|| std::io::Error::other("no temporary file name free")))
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
        for suffix in ["-journal", "-wal", "-shm"] {
            let mut p = self.path.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
    }
}

/// Whether a zip entry name could escape a folder it were unpacked into.
fn unsafe_name(name: &str) -> bool {
    name.starts_with('/')
        || name.starts_with('\\')
        || name.contains(':')
        || name.split(['/', '\\']).any(|part| part == "..")
}

fn zip_err(path: &Path, e: zip::result::ZipError) -> AnkiError {
    AnkiError::NotZip {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

/// Opens the package and inflates its collection.
pub fn open(path: &Path, cap: u64) -> Result<Opened, AnkiError> {
    let file = File::open(path).map_err(|source| AnkiError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| zip_err(path, e))?;
    let mut names = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| zip_err(path, e))?;
        let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        if unsafe_name(&name) {
            return Err(AnkiError::UnsafeName {
                path: path.to_path_buf(),
                name,
            });
        }
        names.push(name);
    }
    let has = |n: &str| names.iter().any(|x| x == n);
    let media_files = names
        .iter()
        .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        .count();
    // `meta` (current packages): 1 = collection.anki2, 2 = collection.anki21, 3 = anki21b.
    let version = if has("meta") {
        let bytes = read_entry(path, &mut zip, "meta", 1024, false)?;
        proto::varint_field(&bytes, 1)
    } else {
        0
    };
    let entry = match version {
        3 => "collection.anki21b",
        2 => "collection.anki21",
        1 => "collection.anki2",
        0 if has("collection.anki21b") => "collection.anki21b",
        0 if has("collection.anki21") => "collection.anki21",
        0 if has("collection.anki2") => "collection.anki2",
        0 => {
            return Err(AnkiError::NoCollection {
                path: path.to_path_buf(),
            });
        }
        v => {
            return Err(AnkiError::NewerPackage {
                path: path.to_path_buf(),
                version: v,
            });
        }
    };
    if !has(entry) {
        return Err(AnkiError::NoCollection {
            path: path.to_path_buf(),
        });
    }
    let (temp, mut out) = TempFile::create().map_err(|source| AnkiError::Io {
        path: std::env::temp_dir(),
        source,
    })?;
    let zstd = entry.ends_with("anki21b");
    copy_entry(path, &mut zip, entry, zstd, cap, &mut out)?;
    Ok(Opened {
        entry: entry.to_owned(),
        file: temp,
        media_files,
    })
}

fn damaged(path: &Path, entry: &str, e: impl std::fmt::Display) -> AnkiError {
    AnkiError::Damaged {
        path: path.to_path_buf(),
        entry: entry.to_owned(),
        detail: e.to_string(),
    }
}

/// Reads a small entry whole, refusing more than `cap` bytes.
fn read_entry(
    path: &Path,
    zip: &mut zip::ZipArchive<File>,
    name: &str,
    cap: u64,
    zstd: bool,
) -> Result<Vec<u8>, AnkiError> {
    let mut out = Vec::new();
    let entry = zip.by_name(name).map_err(|e| zip_err(path, e))?;
    let reader: Box<dyn Read> = if zstd {
        Box::new(zstd::stream::read::Decoder::new(entry).map_err(|e| damaged(path, name, e))?)
    } else {
        Box::new(entry)
    };
    let n = reader
        .take(cap + 1)
        .read_to_end(&mut out)
        .map_err(|e| damaged(path, name, e))?;
    if n as u64 > cap {
        return Err(AnkiError::TooLarge {
            path: path.to_path_buf(),
            entry: name.to_owned(),
            cap,
        });
    }
    Ok(out)
}

/// Streams an entry into `out`, refusing more than [`MAX_COLLECTION_BYTES`] inflated.
fn copy_entry(
    path: &Path,
    zip: &mut zip::ZipArchive<File>,
    name: &str,
    zstd: bool,
    cap: u64,
    out: &mut File,
) -> Result<(), AnkiError> {
    let entry = zip.by_name(name).map_err(|e| zip_err(path, e))?;
    if entry.size() > cap {
        return Err(AnkiError::TooLarge {
            path: path.to_path_buf(),
            entry: name.to_owned(),
            cap,
        });
    }
    let reader: Box<dyn Read> = if zstd {
        Box::new(zstd::stream::read::Decoder::new(entry).map_err(|e| damaged(path, name, e))?)
    } else {
        Box::new(entry)
    };
    let mut limited = reader.take(cap + 1);
    let mut buf = vec![0u8; 256 * 1024];
    let mut total: u64 = 0;
    loop {
        let n = limited.read(&mut buf).map_err(|e| damaged(path, name, e))?;
        if n == 0 {
            break;
        }
        total += n as u64;
        if total > cap {
            return Err(AnkiError::TooLarge {
                path: path.to_path_buf(),
                entry: name.to_owned(),
                cap,
            });
        }
        out.write_all(&buf[..n]).map_err(|source| AnkiError::Io {
            path: std::env::temp_dir(),
            source,
        })?;
    }
    out.flush().map_err(|source| AnkiError::Io {
        path: std::env::temp_dir(),
        source,
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::unsafe_name;

    #[test]
    fn names_that_leave_the_folder_are_unsafe() {
        for bad in ["../x", "a/../../b", "/etc/passwd", "..\\x", "C:\\x"] {
            assert!(unsafe_name(bad), "{bad}");
        }
        for good in ["collection.anki21b", "media", "0", "12", "a..b"] {
            assert!(!unsafe_name(good), "{good}");
        }
    }
}
