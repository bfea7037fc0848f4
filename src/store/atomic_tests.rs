//! `store::atomic`'s tests: replacement whole or not at all, write-behind, links refused,
//! temporary files removed (stale ones, and an abandoned writer's at once).

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

/// A write in a scope that another thread abandons midway leaves no temporary file from
/// the moment of the abandon, renames nothing after it and creates nothing more; a write
/// outside the scope is not touched, and a write whose scope is not abandoned commits.
#[test]
fn an_abandoned_write_leaves_nothing_and_renames_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("progress.json");
    let q = dir.path().join("stats.json");
    write_atomic(&p, b"old").unwrap();
    let scope = Arc::new(Temporaries::default());
    let (written, go) = (std::sync::mpsc::channel(), std::sync::mpsc::channel::<()>());
    let (tell, wait) = (written.0, go.1);
    let writer = {
        let (scope, p, q) = (Arc::clone(&scope), p.clone(), q.clone());
        std::thread::spawn(move || {
            Temporaries::enter(&scope);
            let mut f = Replacement::create(&p).unwrap();
            f.write_all(&[b'x'; 300_000]).unwrap();
            f.flush().unwrap();
            tell.send(()).unwrap();
            wait.recv().unwrap();
            let committed = f.commit();
            (committed, Replacement::create(&q).err())
        })
    };
    written.1.recv().unwrap();
    let mut other = Replacement::create(&q).unwrap();
    other.write_all(b"other").unwrap();
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        3,
        "two temporaries"
    );
    scope.abandon();
    assert!(scope.abandoned());
    let names = || {
        let mut v: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        names().len(),
        2,
        "the scope's temporary is gone: {:?}",
        names()
    );
    go.0.send(()).unwrap();
    let (committed, created) = writer.join().unwrap();
    assert_eq!(committed.unwrap_err().kind(), io::ErrorKind::Interrupted);
    assert_eq!(created.map(|e| e.kind()), Some(io::ErrorKind::Interrupted));
    assert_eq!(fs::read(&p).unwrap(), b"old");
    other.commit().unwrap();
    assert_eq!(fs::read(&q).unwrap(), b"other");
    assert_eq!(names(), ["progress.json", "stats.json"]);

    // A scope not abandoned: its writes are committed and leave nothing behind.
    let scope = Arc::new(Temporaries::default());
    std::thread::spawn({
        let (scope, p) = (Arc::clone(&scope), p.clone());
        move || {
            Temporaries::enter(&scope);
            write_atomic(&p, b"new").unwrap();
            drop(Replacement::create(&p).unwrap());
        }
    })
    .join()
    .unwrap();
    assert_eq!(fs::read(&p).unwrap(), b"new");
    assert!(scope.lock().paths.is_empty());
    assert_eq!(names(), ["progress.json", "stats.json"]);
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

/// A background write (a thread that gives way to a foreground) hands its pages to the disk a
/// step at a time, each waited for and, over an old file, followed by a flush of the disk's
/// cache: nothing of it is in flight between steps, and everything is sent before its fsync. While the foreground holds a write under way, it gives way (here the
/// foreground never lets go, so each wait ends at its time limit: the write still ends whole).
#[test]
fn a_background_write_goes_a_step_at_a_time_and_gives_way_to_the_foreground() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("progress.json");
    let big: Vec<u8> = (0..700_000u32).map(|i| (i % 251) as u8).collect();
    let fg = Arc::new(Foreground::default());
    let run = |hold: bool| {
        let (fg, p, big) = (Arc::clone(&fg), p.clone(), big.clone());
        std::thread::spawn(move || {
            Foreground::give_way(&fg);
            let f = File::create(p.with_extension("x")).unwrap();
            // Over the file it replaces, when there is one (the second run).
            let mut w = WriteBehind::new(f).flushing_by(&p);
            let busy = hold.then(|| fg.hold());
            w.write_all(&big).unwrap();
            drop(busy);
            let steps = (w.sent, w.done, w.gave_way, w.flushed);
            write_atomic(&p, &big).unwrap();
            steps
        })
        .join()
        .unwrap()
    };
    let (sent, done, gave_way, flushed) = run(false);
    if cfg!(target_os = "linux") {
        let whole = 2 * BACKGROUND_STEP;
        assert_eq!((sent, done), (whole, whole), "each step waited for");
    }
    assert_eq!(gave_way, 0, "nothing to give way to");
    assert_eq!(
        flushed, 0,
        "a new path: no old file to flush the disk's cache by"
    );
    assert_eq!(fs::read(&p).unwrap(), big);
    let (_, _, gave_way, flushed) = run(true);
    if cfg!(target_os = "linux") {
        // Each step given way before it is sent and again before the cache is flushed.
        assert_eq!(
            gave_way, 4,
            "before each of its two steps and their flushes"
        );
        assert_eq!(flushed, 2, "the disk's cache flushed after each step");
    }
    assert_eq!(fs::read(&p).unwrap(), big);
    // A write on a thread that does not give way is not paced.
    let f = File::create(dir.path().join("y")).unwrap();
    assert!(WriteBehind::new(f).fg.is_none());
}
