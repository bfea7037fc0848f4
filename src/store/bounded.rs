//! Reading a file that a stranger may have put in place, with bounds: the size cap is enforced
//! on the bytes actually read from the opened handle (`Read::take`), not on what `metadata`
//! said before opening, so a file that grows, a link to `/proc/self/pagemap` or `/dev/zero`
//! cannot make smriti read without end; and the file is opened without blocking (`O_NONBLOCK`)
//! and checked on the handle itself, so a FIFO, a device or a folder is refused at once
//! instead of hanging or being read.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// It could not be opened or read.
    Io(io::Error),
    /// It is not a regular file: a FIFO, a device, a socket or a folder.
    NotAFile(&'static str),
    /// It holds more than the cap allows.
    TooLarge { cap: u64 },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "cannot be read: {e}"),
            ReadError::NotAFile(what) => {
                write!(f, "is {what}, not a file; smriti reads only regular files")
            }
            ReadError::TooLarge { cap } => write!(
                f,
                "is larger than {} MB, more than smriti reads from such a file",
                cap / (1024 * 1024)
            ),
        }
    }
}

/// Opens `path` for reading without blocking on a FIFO, and checks on the handle that it is a
/// regular file.
pub fn open_regular(path: &Path) -> Result<File, ReadError> {
    let mut opts = OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK);
    }
    let file = opts.open(path).map_err(ReadError::Io)?;
    let ft = file.metadata().map_err(ReadError::Io)?.file_type();
    if ft.is_file() {
        Ok(file)
    } else if ft.is_dir() {
        Err(ReadError::NotAFile("a folder"))
    } else {
        Err(ReadError::NotAFile(special(&ft)))
    }
}

#[cfg(unix)]
fn special(ft: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if ft.is_fifo() {
        "a FIFO"
    } else if ft.is_socket() {
        "a socket"
    } else {
        "a device"
    }
}

#[cfg(not(unix))]
fn special(_: &std::fs::FileType) -> &'static str {
    "a special file"
}

/// Reads the whole regular file at `path`, refusing it when it holds more than `cap` bytes.
/// The buffer is sized once from the file's length as the handle gives it, never beyond the
/// cap (so one read fills it: a 5.6 MB cache was copied again at each doubling), and grows
/// with what is read if the file grew meanwhile.
pub fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    let file = open_regular(path)?;
    let claimed = file.metadata().map_or(0, |m| m.len()).min(cap);
    // (A regular file's length; capped, and the cap is at most 1 GiB.)
    let mut bytes = Vec::with_capacity(usize::try_from(claimed).unwrap_or(0));
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::TooLarge { cap });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_under_the_cap_is_read_and_one_over_it_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("d.json");
        std::fs::write(&p, vec![b'x'; 100]).unwrap();
        assert_eq!(read_capped(&p, 100).unwrap().len(), 100);
        assert!(matches!(
            read_capped(&p, 99),
            Err(ReadError::TooLarge { cap: 99 })
        ));
        let e = read_capped(dir.path(), 100).unwrap_err();
        assert_eq!(
            e.to_string(),
            "is a folder, not a file; smriti reads only regular files"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn devices_fifos_and_endless_files_are_refused_at_once() {
        let e = read_capped(Path::new("/dev/zero"), 1 << 20).unwrap_err();
        assert_eq!(
            e.to_string(),
            "is a device, not a file; smriti reads only regular files"
        );
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("f.json");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        // No writer ever opens it: a blocking open would hang here.
        let e = read_capped(&fifo, 1 << 20).unwrap_err();
        assert_eq!(
            e.to_string(),
            "is a FIFO, not a file; smriti reads only regular files"
        );
        // /proc files claim a size of 0 and are endless or huge: the cap holds on the handle.
        if let Ok(e) = read_capped(Path::new("/proc/self/pagemap"), 1 << 16) {
            panic!("read {} bytes", e.len());
        }
    }
}
