use super::*;

#[test]
fn blank_lines_never_size_the_item_map() {
    // A million newlines claim a million items; the map reserves at most PRESIZE_MAX.
    let items = Parsed::parse(&format!("[{}]", "\n".repeat(1_000_000))).unwrap();
    assert!(items.0.is_empty());
    assert!(
        items.0.capacity() <= 2 * PRESIZE_MAX,
        "{}",
        items.0.capacity()
    );
}
use crate::domain::scheduler::Phase;

fn sample() -> Progress {
    let mut p = Progress::default();
    let dp = p.deck_mut(&"d".into());
    dp.items.insert(
        ItemKey::parse("c1:reverse"),
        CardState {
            phase: Phase::Review,
            step: None,
            stability: 3.5,
            difficulty: 4.25,
            due: "2026-01-05T00:00:00Z".parse().unwrap(),
            last_review: "2026-01-01T00:00:00Z".parse().unwrap(),
            reps: 2,
            lapses: 0,
        },
    );
    dp.today = DayCounts {
        date: Some(jiff::civil::date(2026, 1, 1)),
        new: 1,
        reviews: 0,
    };
    p.last_seq = 9;
    p
}

#[test]
fn format_3_writes_one_line_per_item_with_exact_instants() {
    let mut p = sample();
    // Nanoseconds survive (answers are timed by the system clock).
    let odd: Timestamp = "2026-01-05T00:00:00.123456789Z".parse().unwrap();
    p.deck_mut(&"d".into())
        .items
        .values_mut()
        .for_each(|s| s.due = odd);
    let mark = Mark {
        seq: 9,
        ..Mark::default()
    };
    let bytes = to_bytes(&p, &mark.into());
    let text = String::from_utf8(bytes.clone()).unwrap();
    let row = text.lines().find(|l| l.contains("c1:reverse")).unwrap();
    assert_eq!(
        row.trim(),
        format!(
            "[\"c1:reverse\",\"review\",null,3.5,4.25,{},{},2,0]",
            odd.as_nanosecond(),
            sample().decks["d"].items[&ItemKey::parse("c1:reverse")]
                .last_review
                .as_nanosecond()
        )
    );
    assert_eq!(from_bytes("p", &bytes).unwrap().0, p);
}

#[test]
fn round_trips() {
    let mark = Mark {
        seq: 9,
        offset: 1234,
        lines: 9,
        at: None,
    };
    let bytes = to_bytes(&sample(), &mark.into());
    assert_eq!(from_bytes("p", &bytes).unwrap(), (sample(), mark.into()));
}

#[test]
fn suspended_items_round_trip_and_are_written_only_when_there_are_some() {
    let mark = Mark {
        seq: 9,
        offset: 1234,
        lines: 9,
        at: None,
    };
    assert!(!String::from_utf8_lossy(&to_bytes(&sample(), &mark.into())).contains("suspended"));
    let mut p = sample();
    let deck = p.deck_mut(&"d".into());
    deck.suspended.insert(ItemKey::parse("x:c2"));
    deck.suspended.insert(ItemKey::parse("y"));
    let bytes = to_bytes(&p, &mark.into());
    assert!(String::from_utf8_lossy(&bytes).contains(r#""suspended": ["x:c2","y"]"#));
    assert_eq!(from_bytes("p", &bytes).unwrap(), (p, mark.into()));
}

/// Found by the `snapshot` fuzz target: a format-1 snapshot whose card is due in the year
/// 9161 read as 9161, but format 3 writes 2262 (the last instant in nanoseconds), so the
/// rewritten snapshot read differently. Instants of older formats now read as they will
/// be written. Fixture: `tests/fixtures/fuzz/snapshot/due-past-2262-v1.json`.
#[test]
fn an_old_snapshot_due_past_2262_reads_as_it_will_be_written() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/fuzz/snapshot/due-past-2262-v1.json"
    ))
    .unwrap();
    assert!(String::from_utf8_lossy(&bytes).contains("\"due\": \"9161-11-20T10:01:00"));
    let (progress, mark) = from_bytes("p.json", &bytes).unwrap();
    let state =
        &progress.deck("india-japan-prelims").unwrap().items[&ItemKey::parse("ai-dialogue-year")];
    assert_eq!(state.due.to_string(), "2262-04-11T23:47:16.854775807Z");
    assert_eq!(
        state.last_review.to_string(),
        "2026-11-20T10:00:00.011917556Z",
        "instants in range are untouched"
    );
    let again = from_bytes("again.json", &to_bytes(&progress, &mark)).unwrap();
    assert_eq!(again, (progress, mark));
}

#[test]
fn a_format_1_snapshot_opens_and_is_rewritten_as_format_3() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/saves");
    let v1 = std::fs::read(format!("{dir}/progress-v1.json")).unwrap();
    assert!(String::from_utf8_lossy(&v1).contains("\"format\": 1,"));
    let (progress, mark) = from_bytes("progress-v1.json", &v1).unwrap();
    assert_eq!((mark.legacy().seq, mark.legacy().lines), (2, 2));
    let deck = progress.deck("india-japan-prelims").unwrap();
    assert_eq!(deck.items.len(), 2);
    // The log of the same session replays to the same state.
    let log = std::fs::read_to_string(format!("{dir}/reviews-v1.jsonl")).unwrap();
    let mut replayed = Progress::default();
    for line in log.lines() {
        let e = super::super::log_line::parse(line.as_bytes()).unwrap();
        replayed.apply(&e, &|_| jiff::civil::date(2026, 11, 20));
    }
    assert_eq!(replayed, progress);
    let v3 = to_bytes(&progress, &mark);
    let text = String::from_utf8_lossy(&v3);
    assert!(
        text.starts_with("{\n  \"format\": 3,\n  \"written_by\": \"smriti "),
        "{text}"
    );
    assert_eq!(from_bytes("progress.json", &v3).unwrap(), (progress, mark));
}

#[test]
fn bad_snapshots_say_what_and_where() {
    let e = from_bytes("saves/progress.json", b"{\"format\": 1,\n  \"log\": nope}").unwrap_err();
    assert_eq!(e.headline(), "saves/progress.json:2:11: expected ident");
    assert!(e.hint.contains("smriti rebuild"));
    let e = from_bytes("p.json", b"").unwrap_err();
    assert_eq!(e.headline(), "p.json: the file is empty");
    let e = from_bytes("p.json", b"{\"format\": 7, \"whatever\": 1}").unwrap_err();
    assert_eq!(
        e.headline(),
        "p.json:1:12: this file was written by a newer smriti (format 7; this one reads 3)"
    );
    // Format 3: an instant that is not a whole number of nanoseconds, a row cut short; each
    // is placed in the whole file (the items are parsed apart from it).
    let mut bytes = to_bytes(&sample(), &Marks::default());
    let text = String::from_utf8(bytes.clone()).unwrap();
    let due = sample().decks["d"].items[&ItemKey::parse("c1:reverse")]
        .due
        .as_nanosecond()
        .to_string();
    let bad = text.replace(&due, "999999999999999999999999999");
    let e = from_bytes("p.json", bad.as_bytes()).unwrap_err();
    assert_eq!(
        e.headline(),
        "p.json:10:72: deck \"d\": invalid type: floating point `1e+27`, expected i64"
    );
    bytes.truncate(text.find("\"review\"").unwrap());
    bytes.extend_from_slice(b"7]]}}}");
    let e = from_bytes("p.json", &bytes).unwrap_err();
    assert_eq!(e.headline(), "p.json:10:23: deck \"d\": expected value");
    let e = from_bytes("p.json", b"\xff\xfe").unwrap_err();
    assert_eq!(e.headline(), "p.json: the file is not UTF-8 text");
}
