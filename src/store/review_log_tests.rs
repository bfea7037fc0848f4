//! Tests of the append-only review log: reading, torn tails, appends.

use super::*;
use crate::domain::progress::Before;

fn ev(seq: u64) -> Event {
    super::super::test_events::good(seq, "2026-01-01T10:00:00Z", "d", &format!("c{seq}"))
}

fn seqs(r: &Read) -> Vec<u64> {
    r.events.iter().map(Event::seq).collect()
}

#[test]
fn appends_are_read_back_and_resumable_from_a_mark() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("reviews.jsonl");
    let mut log = ReviewLog::open(&p).unwrap();
    for i in 1..=3 {
        log.append(&ev(i)).unwrap();
    }
    let mark = log.mark();
    log.append(&ev(4)).unwrap();
    let mut again = ReviewLog::open(&p).unwrap();
    assert_eq!(
        seqs(&again.read_from(Mark::default()).unwrap().unwrap()),
        [1, 2, 3, 4]
    );
    let mut again = ReviewLog::open(&p).unwrap();
    let tail = again.read_from(mark).unwrap().unwrap();
    assert_eq!(seqs(&tail), [4]);
    assert_eq!(again.mark().lines, 4);
}

#[test]
fn a_mark_that_does_not_fit_asks_for_a_full_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("reviews.jsonl");
    let mut log = ReviewLog::open(&p).unwrap();
    log.append(&ev(1)).unwrap();
    let too_far = Mark {
        seq: 1,
        offset: 10_000,
        lines: 1,
        at: None,
    };
    assert!(log.read_from(too_far).unwrap().is_none());
    let wrong_seq = Mark {
        seq: 7,
        offset: 0,
        lines: 0,
        at: None,
    };
    log.append(&ev(2)).unwrap();
    let first_len = std::fs::read_to_string(&p)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .len() as u64
        + 1;
    assert!(
        log.read_from(Mark {
            offset: first_len,
            ..wrong_seq
        })
        .unwrap()
        .is_none()
    );
}

#[test]
fn a_torn_last_line_is_set_aside_and_cut_off() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("reviews.jsonl");
    let mut log = ReviewLog::open(&p).unwrap();
    log.append(&ev(1)).unwrap();
    let good = std::fs::read(&p).unwrap();
    let mut torn = good.clone();
    torn.extend_from_slice(br#"{"kind":"review","seq":2,"at":"2026-01-0"#);
    std::fs::write(&p, &torn).unwrap();
    let mut log = ReviewLog::open(&p).unwrap();
    let read = log.read_from(Mark::default()).unwrap().unwrap();
    assert_eq!(seqs(&read), [1]);
    assert_eq!(read.problems.len(), 1);
    assert!(
        read.problems[0].contains("reviews.jsonl:2: the last line was cut off"),
        "{}",
        read.problems[0]
    );
    assert_eq!(std::fs::read(&p).unwrap(), good);
    let side = std::fs::read_to_string(
        dir.path()
            .join(format!("reviews.jsonl.torn-{}", good.len())),
    )
    .unwrap();
    assert!(side.starts_with(r#"{"kind":"review","seq":2"#));
    // The next append starts on a clean line.
    log.append(&ev(2)).unwrap();
    let mut log = ReviewLog::open(&p).unwrap();
    let read = log.read_from(Mark::default()).unwrap().unwrap();
    assert_eq!((seqs(&read), read.problems.len()), (vec![1, 2], 0));
}

/// Past one read batch (parsed on every core), damage is still reported at its own line,
/// events still arrive in order, and the mark ends where the good lines end.
#[test]
fn a_log_longer_than_a_batch_reads_in_order_with_damage_placed() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("reviews.jsonl");
    let n = READ_BATCH as u64 + 600;
    let mut bytes = Vec::new();
    for seq in 1..=n {
        if seq == READ_BATCH as u64 + 3 {
            bytes.extend_from_slice(b"garbage\n");
        }
        bytes.extend_from_slice(&log_line::to_vec(&ev(seq)).unwrap());
        bytes.push(b'\n');
    }
    let good_len = bytes.len() as u64;
    bytes.extend_from_slice(br#"{"kind":"review","seq":"#);
    std::fs::write(&p, &bytes).unwrap();
    let mut log = ReviewLog::open(&p).unwrap();
    let read = log.read_from(Mark::default()).unwrap().unwrap();
    assert_eq!(seqs(&read), (1..=n).collect::<Vec<_>>());
    assert_eq!(read.problems.len(), 2, "{:?}", read.problems);
    let garbage_line = READ_BATCH + 3;
    assert!(
        read.problems[0].contains(&format!(
            "reviews.jsonl:{garbage_line}:1: skipped an unreadable line (expected value)"
        )),
        "{}",
        read.problems[0]
    );
    let torn_line = n + 2;
    assert!(
        read.problems[1].contains(&format!(
            "reviews.jsonl:{torn_line}: the last line was cut off"
        )),
        "{}",
        read.problems[1]
    );
    assert_eq!(
        log.mark(),
        Mark {
            seq: n,
            offset: good_len,
            lines: n + 1,
            at: Some("2026-01-01T10:00:00Z".parse().unwrap()),
        }
    );
}

#[test]
fn a_whole_last_line_missing_its_newline_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("reviews.jsonl");
    std::fs::write(&p, log_line::to_vec(&ev(1)).unwrap()).unwrap();
    let mut log = ReviewLog::open(&p).unwrap();
    assert_eq!(seqs(&log.read_from(Mark::default()).unwrap().unwrap()), [1]);
    log.append(&ev(2)).unwrap();
    let mut log = ReviewLog::open(&p).unwrap();
    assert_eq!(
        seqs(&log.read_from(Mark::default()).unwrap().unwrap()),
        [1, 2]
    );
}

#[test]
fn garbage_in_the_middle_is_skipped_and_reported_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("reviews.jsonl");
    let mut text = String::from_utf8(log_line::to_vec(&ev(1)).unwrap()).unwrap();
    text.push_str("\nnot json at all\n");
    text.push_str(&String::from_utf8(log_line::to_vec(&ev(2)).unwrap()).unwrap());
    text.push('\n');
    std::fs::write(&p, text).unwrap();
    let mut log = ReviewLog::open(&p).unwrap();
    let read = log.read_from(Mark::default()).unwrap().unwrap();
    assert_eq!(seqs(&read), [1, 2]);
    assert!(
        read.problems[0].contains("reviews.jsonl:2:2: skipped an unreadable line (expected ident)"),
        "{}",
        read.problems[0]
    );
}

/// The column of an unreadable line counts characters, not bytes, and the blanks before the
/// text: here serde stops at the end of the unknown kind "é" (byte 14 of the text it parsed,
/// after two blanks).
#[test]
fn an_unreadable_line_is_placed_at_its_column_in_characters() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("reviews.jsonl");
    let mut bytes = log_line::to_vec(&ev(1)).unwrap();
    bytes.extend_from_slice("\n  {\"kind\":\"é\",\u{1b}[2J}\n".as_bytes());
    bytes.extend_from_slice(&log_line::to_vec(&ev(2)).unwrap());
    bytes.push(b'\n');
    std::fs::write(&p, bytes).unwrap();
    let mut log = ReviewLog::open(&p).unwrap();
    let read = log.read_from(Mark::default()).unwrap().unwrap();
    assert_eq!(seqs(&read), [1, 2]);
    assert_eq!(read.problems.len(), 1, "{:?}", read.problems);
    assert!(
        read.problems[0].contains(
            "reviews.jsonl:2:13: skipped an unreadable line (unknown variant `é`, expected one of"
        ) && read.problems[0].ends_with("; the rest of the log is fine"),
        "{}",
        read.problems[0]
    );
}

/// The undone answers are found in blocks, as a line-by-line pass finds them: an undo line
/// across a block's end, a line longer than a block, a last line without its newline, and an
/// answer whose card id merely contains `"undo"`.
#[test]
fn undone_answers_are_found_across_blocks_as_line_by_line() {
    let undo = |seq: u64, undoes: u64| Event::Undo {
        seq,
        at: "2026-01-01T10:00:00Z".parse().unwrap(),
        deck: "d".into(),
        card: "c".into(),
        undoes,
        before: Before::New,
        state: None,
        takes_back: None,
    };
    let line = |e: &Event| {
        let mut l = log_line::to_vec(e).unwrap();
        l.push(b'\n');
        l
    };
    let mut log = Vec::new();
    let mut want = std::collections::HashSet::new();
    let mut seq = 0;
    while log.len() < 3 << 20 {
        seq += 1;
        if seq % 997 == 0 {
            log.extend(line(&undo(seq, seq - 1)));
            want.insert(seq - 1);
        } else {
            log.extend(line(&ev(seq)));
        }
    }
    // A card id longer than a block, with the word in it: not an undo.
    let mut long = ev(seq + 1);
    if let Event::Review { card, .. } = &mut long {
        *card = format!("\"undo\"{}", "x".repeat(1 << 21));
    }
    log.extend(line(&long));
    log.extend(line(&undo(seq + 2, 5)));
    want.insert(5);
    let last = line(&undo(seq + 3, 7));
    log.extend(&last[..last.len() - 1]);
    want.insert(7);
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("reviews.jsonl");
    std::fs::write(&p, &log).unwrap();
    assert!(want.len() > 10);
    assert_eq!(undone_at(&p).unwrap(), want);
    // Up to a mark: the undo of #5 is the next-to-last line.
    let upto = (log.len() - (last.len() - 1)) as u64;
    want.remove(&7);
    assert_eq!(undone_upto(&p, upto).unwrap(), want);
}

/// A log that is a symbolic link is refused, and the file it points to is left as it was: it
/// was appended to, and its last line (no newline) cut off as a torn answer. A FIFO is refused
/// too, without waiting for a writer.
#[cfg(unix)]
#[test]
fn a_symbolic_link_or_a_fifo_in_place_of_a_log_is_refused_and_nothing_is_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = dir.path().join("elsewhere.txt");
    std::fs::write(&elsewhere, "line one\nlast line without newline").unwrap();
    let saves = dir.path().join("saves");
    std::fs::create_dir(&saves).unwrap();
    let link = saves.join("reviews.dev.jsonl");
    std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
    let err = ReviewLog::open(&link).map(|_| ()).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{} is a symbolic link; smriti appends only to a regular file in the saves folder (put the file itself there)",
            link.display()
        )
    );
    let tests = saves.join("tests.dev.jsonl");
    std::os::unix::fs::symlink(&elsewhere, &tests).unwrap();
    assert!(crate::store::tests_log::TestsLog::open(&tests).is_err());
    assert_eq!(
        std::fs::read_to_string(&elsewhere).unwrap(),
        "line one\nlast line without newline"
    );
    assert_eq!(
        std::fs::read_dir(&saves).unwrap().count(),
        2,
        "no torn side file"
    );

    let fifo = saves.join("reviews.other.jsonl");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let err = ReviewLog::open(&fifo).map(|_| ()).unwrap_err();
    assert!(err.to_string().ends_with("is not a regular file; smriti appends only to a regular file in the saves folder (put the file itself there)"), "{err}");
}
