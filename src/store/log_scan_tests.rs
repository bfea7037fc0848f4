//! The fast path of `log_scan` against serde (this module's parent, `log_line`, owns both).

use crate::domain::logged::Logged;
use crate::domain::progress::{Before, Event, Mode, TakenBack};
use crate::domain::quiz::Verdict;
use crate::domain::scheduler::{CardState, Phase, Rating};
use crate::store::log_line;
use crate::store::log_line::FromLine;
use crate::store::log_scan::{answer, lean_answer, utc_instant};
use jiff::Timestamp;
use proptest::prelude::*;

/// A written line read back by serde, and by the fast path if it takes it.
fn both(line: &[u8]) -> (serde_json::Result<Event>, Option<Event>) {
    (log_line::parse_with_serde(line), answer(line))
}

fn any_instant() -> impl Strategy<Value = Timestamp> {
    // 1900 to 2200, with whole seconds half of the time (as most are written).
    (
        -2_208_988_800i64..7_258_118_400,
        0i32..1_000_000_000,
        any::<bool>(),
    )
        .prop_map(|(s, n, whole)| Timestamp::new(s, if whole { 0 } else { n }).unwrap())
}

fn any_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        0.001f64..400.0,
        1.0f64..10.0,
        any::<f64>().prop_filter("finite", |v| v.is_finite()),
        Just(0.0),
        Just(1e-7),
        Just(36_500.0),
    ]
}

fn any_state() -> impl Strategy<Value = CardState> {
    (
        0usize..3,
        proptest::option::of(0u32..5),
        any_f64(),
        any_f64(),
        any_instant(),
        any_instant(),
        any::<u32>(),
        0u32..100,
    )
        .prop_map(
            |(phase, step, stability, difficulty, due, last_review, reps, lapses)| CardState {
                phase: [Phase::Learning, Phase::Review, Phase::Relearning][phase],
                step,
                stability,
                difficulty,
                due,
                last_review,
                reps,
                lapses,
            },
        )
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9-]{1,12}",
        "[a-z0-9]{1,8}(:reverse|:c[0-9]{1,2})?",
        // Quotes, escapes, control characters and other scripts (serde's to read).
        "[\"\\\\\\x00-\\x1f a-zé日本:]{0,8}",
    ]
}

fn any_event() -> impl Strategy<Value = Event> {
    let review = (
        any::<u64>(),
        any_instant(),
        any_text(),
        any_text(),
        0usize..4,
        0usize..5,
        any::<u64>(),
        proptest::option::of(0usize..3),
        0usize..4,
        any_state(),
    )
        .prop_map(
            |(seq, at, deck, card, rating, mode, ms, verdict, before, state)| Event::Review {
                seq,
                at,
                deck: deck.as_str().into(),
                card,
                rating: Rating::ALL[rating],
                mode: [
                    Mode::Flashcard,
                    Mode::Choice,
                    Mode::Typed,
                    Mode::Test,
                    Mode::Imported,
                ][mode],
                ms,
                verdict: verdict.map(|v| [Verdict::Right, Verdict::Close, Verdict::Wrong][v]),
                before: [
                    Before::New,
                    Before::Learning,
                    Before::Review,
                    Before::Relearning,
                ][before],
                state,
            },
        );
    let cram = (
        any::<u64>(),
        any_instant(),
        any_text(),
        any_text(),
        0usize..4,
        any::<u64>(),
    )
        .prop_map(|(seq, at, deck, card, rating, ms)| Event::Cram {
            seq,
            at,
            deck: deck.as_str().into(),
            card,
            rating: Rating::ALL[rating],
            ms,
        });
    prop_oneof![4 => review, 1 => cram]
}

/// Any event of every kind: [`any_event`]'s answers and cram answers, undos (with and without
/// a restored state and what they take back) and suspensions.
fn any_event_of_every_kind() -> impl Strategy<Value = Event> {
    let undo = (
        any::<u64>(),
        any_instant(),
        any_text(),
        any_text(),
        any::<u64>(),
        proptest::option::of(any_state()),
        proptest::option::of((any_instant(), 0usize..4, any::<u64>())),
    )
        .prop_map(|(seq, at, deck, card, undoes, state, took)| Event::Undo {
            seq,
            at,
            deck: deck.as_str().into(),
            card,
            undoes,
            before: Before::Review,
            state,
            takes_back: took.map(|(at, r, ms)| TakenBack {
                at,
                rating: Rating::ALL[r],
                ms,
            }),
        });
    let suspend = (
        any::<u64>(),
        any_instant(),
        any_text(),
        any_text(),
        any::<bool>(),
    )
        .prop_map(|(seq, at, deck, card, on)| Event::Suspend {
            seq,
            at,
            deck: deck.as_str().into(),
            card,
            on,
        });
    prop_oneof![6 => any_event(), 1 => undo, 1 => suspend]
}

/// A damaged or hand-edited copy of a line: a byte replaced, removed or put in, or a run cut
/// out, with bytes that matter to JSON.
fn damage(line: &[u8], what: u8, at: usize, len: usize, byte: u8) -> Vec<u8> {
    const BYTES: &[u8] = b"\"\\{}[],:.-+eE0123456789 \tZTtznul\x00\x7f\xc3\xa9\xff";
    let mut out = line.to_vec();
    let at = at % (out.len() + 1);
    let byte = BYTES[usize::from(byte) % BYTES.len()];
    match what % 4 {
        0 if at < out.len() => out[at] = byte,
        1 if at < out.len() => {
            out.remove(at);
        }
        2 => out.insert(at, byte),
        _ => {
            let end = (at + len).min(out.len());
            out.drain(at..end);
        }
    }
    out
}

#[test]
fn the_lines_smriti_writes_take_the_fast_path() {
    let line = br#"{"kind":"review","seq":7,"at":"2026-01-01T10:00:00Z","deck":"d","card":"c","rating":"good","mode":"flashcard","ms":1200,"before":"new","state":{"phase":"review","stability":1.0,"difficulty":5.0,"due":"2026-01-02T00:00:00.25Z","last_review":"2026-01-01T00:00:00Z","reps":1,"lapses":0}}"#;
    let (serde, fast) = both(line);
    assert_eq!(fast.unwrap(), serde.unwrap());
    let cram = br#"{"kind":"cram","seq":2,"at":"2026-01-01T10:01:00Z","deck":"d","card":"c","rating":"again","ms":900}"#;
    let (serde, fast) = both(cram);
    assert_eq!(fast.unwrap(), serde.unwrap());
}

#[test]
fn what_the_fast_path_is_unsure_of_goes_to_serde() {
    let base = r#"{"kind":"cram","seq":2,"at":"2026-01-01T10:01:00Z","deck":"d","card":"c","rating":"again","ms":900}"#;
    for (from, to) in [
        (r#""deck":"d""#, r#""deck": "d""#),
        (r#""card":"c""#, r#""card":"\u0063""#),
        (r#""seq":2"#, r#""seq":02"#),
        (r#""ms":900"#, r#""ms":900.0"#),
        (r#""ms":900"#, r#""ms":18446744073709551616"#),
        ("10:01:00Z", "10:01:00+00:00"),
        ("10:01:00Z", "10:01:60Z"),
        ("2026-01-01", "2025-02-29"),
        ("2026-01-01", "9999-12-31"),
        ("10:01:00Z", "10:01:00.1234567890Z"),
        (r#""ms":900}"#, r#""ms":900,"ms":900}"#),
        (r#""ms":900}"#, r#""ms":900} "#),
    ] {
        let line = base.replacen(from, to, 1);
        assert_ne!(line, base);
        assert_eq!(answer(line.as_bytes()), None, "{line}");
    }
    let review = r#"{"kind":"review","seq":7,"at":"2026-01-01T10:00:00Z","deck":"d","card":"c","rating":"good","mode":"flashcard","ms":1200,"before":"new","state":{"phase":"review","stability":1.0,"difficulty":5.0,"due":"2026-01-02T00:00:00Z","last_review":"2026-01-01T00:00:00Z","reps":1,"lapses":0}}"#;
    assert!(answer(review.as_bytes()).is_some());
    for (from, to) in [
        (r#""stability":1.0"#, r#""stability":1"#),
        (r#""stability":1.0"#, r#""stability":-1.0"#),
        (r#""stability":1.0"#, r#""stability":1e999"#),
        (r#""stability":1.0"#, r#""stability":1."#),
        (r#""reps":1"#, r#""reps":4294967296"#),
        (r#""lapses":0}"#, r#""lapses":0,"step":null}"#),
    ] {
        let line = review.replacen(from, to, 1);
        assert_ne!(line, review);
        assert_eq!(answer(line.as_bytes()), None, "{line}");
    }
}

/// What a replay reads of a line through its lean path, against serde's whole event: the lean
/// path never takes a line serde refuses, and what it takes is serde's event without the
/// stored state (`Logged::from`); `Logged::from_line` gives exactly that, or serde's error.
fn lean_agrees(line: &[u8]) -> Result<(), TestCaseError> {
    let serde = log_line::parse_with_serde(line);
    let shown = String::from_utf8_lossy(line);
    if let Some(a) = lean_answer(line) {
        let e = serde
            .as_ref()
            .map_err(|e| TestCaseError::fail(format!("{e}: {shown}")))?;
        prop_assert_eq!(&Logged::Answer(a), &Logged::from(e.clone()), "{}", shown);
        // Whatever the lean path takes, the whole fast path takes too.
        prop_assert!(answer(line).is_some(), "{}", shown);
    }
    match (Logged::from_line(line), serde) {
        (Ok(a), Ok(b)) => prop_assert_eq!(a, Logged::from(b), "{}", shown),
        (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string(), "{}", shown),
        (a, b) => prop_assert!(false, "{:?} against {:?}: {}", a, b, shown),
    }
    Ok(())
}

#[test]
fn a_replay_reads_an_answer_without_its_stored_state_and_every_other_kind_whole() {
    let review = r#"{"kind":"review","seq":7,"at":"2026-01-01T10:00:00Z","deck":"d","card":"c","rating":"good","mode":"flashcard","ms":1200,"before":"new","state":{"phase":"review","stability":1.0,"difficulty":5.0,"due":"2026-01-02T00:00:00Z","last_review":"2026-01-01T00:00:00Z","reps":1,"lapses":0}}"#;
    let a = lean_answer(review.as_bytes()).unwrap();
    assert_eq!(
        (a.seq, a.deck.as_str(), a.card.as_str(), a.ms),
        (7, "d", "c", 1200)
    );
    assert_eq!(
        (a.rating, a.mode, a.before),
        (Rating::Good, Mode::Flashcard, Before::New)
    );
    // An imported answer keeps its stored state (Anki's schedule): read whole.
    let imported = review.replacen("flashcard", "imported", 1);
    assert_eq!(lean_answer(imported.as_bytes()), None);
    let whole = Logged::from_line(imported.as_bytes()).unwrap();
    assert!(
        matches!(&whole, Logged::Event(e) if matches!(**e, Event::Review { mode: Mode::Imported, .. }))
    );
    // Every other kind of line is read whole, as serde reads it.
    for line in [
        r#"{"kind":"cram","seq":2,"at":"2026-01-01T10:01:00Z","deck":"d","card":"c","rating":"again","ms":900}"#,
        r#"{"kind":"undo","seq":3,"at":"2026-01-01T10:02:00Z","deck":"d","card":"c","undoes":1,"before":"review"}"#,
        r#"{"kind":"suspend","seq":4,"at":"2026-01-01T10:03:00Z","deck":"d","card":"c:c2"}"#,
        r#"{"kind":"unsuspend","seq":4,"at":"2026-01-01T10:03:00Z","deck":"d","card":"c:c2"}"#,
    ] {
        assert_eq!(lean_answer(line.as_bytes()), None, "{line}");
        let e = log_line::parse_with_serde(line.as_bytes()).unwrap();
        assert_eq!(
            Logged::from_line(line.as_bytes()).unwrap(),
            Logged::Event(Box::new(e))
        );
    }
    // A damaged state is refused as serde refuses it, never skipped over: each of these is
    // a line serde cannot read (and the lean path leaves to it).
    for (from, to) in [
        (r#""stability":1.0"#, r#""stability":1.0.0"#),
        (r#""stability":1.0"#, r#""stability":1e999"#),
        (r#""stability":1.0"#, r#""stability":"1.0""#),
        (
            r#""difficulty":5.0"#,
            r#""difficulty":5.0,"difficulty":5.0"#,
        ),
        ("2026-01-02T00:00:00Z", "2026-02-30T00:00:00Z"),
        ("2026-01-02T00:00:00Z", "2026-01-02T25:00:00Z"),
        (r#""reps":1"#, r#""reps":-1"#),
        (r#""reps":1"#, r#""reps":4294967296"#),
        (r#""phase":"review""#, r#""phase":"reviewed""#),
        (r#""lapses":0}}"#, r#""lapses":0}"#),
    ] {
        let line = review.replacen(from, to, 1);
        assert_ne!(line, review);
        assert_eq!(lean_answer(line.as_bytes()), None, "{line}");
        assert!(
            log_line::parse_with_serde(line.as_bytes()).is_err(),
            "{line}"
        );
        assert!(Logged::from_line(line.as_bytes()).is_err(), "{line}");
    }
    // What the lean path is unsure of goes to the whole path, which reads it; a number with
    // an exponent it works out, as the whole fast path does.
    for (from, to, lean) in [
        (r#""stability":1.0"#, r#""stability":1"#, false),
        (r#""stability":1.0"#, r#""stability":-1.0"#, false),
        (r#""stability":1.0"#, r#""stability": 1.0"#, false),
        (r#""stability":1.0"#, r#""stability":1.5e3"#, true),
        // A field a newer smriti adds to the state (ignored: docs/save-format.md).
        (r#""lapses":0}"#, r#""lapses":0,"extra":0}"#, false),
    ] {
        let line = review.replacen(from, to, 1);
        assert_eq!(lean_answer(line.as_bytes()).is_some(), lean, "{line}");
        let e = log_line::parse_with_serde(line.as_bytes()).unwrap();
        assert_eq!(Logged::from_line(line.as_bytes()).unwrap(), Logged::from(e));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// A line smriti writes, of any kind: a replay's lean read agrees with serde's.
    #[test]
    fn written_lines_read_for_a_replay_as_serde_reads_them(e in any_event_of_every_kind()) {
        let line = log_line::to_vec(&e).unwrap();
        lean_agrees(&line)?;
        // An answer in plain text with positive numbers takes the lean path.
        if let Event::Review { deck, card, mode, state, .. } = &e {
            let plain = |s: &str| !s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20);
            if plain(deck) && plain(card) && *mode != Mode::Imported
                && state.stability.is_sign_positive() && state.difficulty.is_sign_positive()
            {
                prop_assert!(lean_answer(&line).is_some(), "{}", String::from_utf8_lossy(&line));
            }
        }
    }

    /// A damaged line: the lean read takes only what serde takes, as serde reads it, and
    /// refuses the rest with serde's error.
    #[test]
    fn damaged_lines_read_for_a_replay_as_serde_reads_them(
        e in any_event_of_every_kind(),
        edits in prop::collection::vec((any::<u8>(), any::<usize>(), 0usize..40, any::<u8>()), 1..4),
    ) {
        let mut line = log_line::to_vec(&e).unwrap();
        for (what, at, len, byte) in edits {
            line = damage(&line, what, at, len, byte);
        }
        lean_agrees(&line)?;
    }

    /// Every instant jiff writes is read by the fast path as jiff reads it.
    #[test]
    fn instants_read_as_jiff_reads_them(t in any_instant()) {
        let text = t.to_string();
        prop_assert_eq!(utc_instant(text.as_bytes()), Some(t), "{}", text);
    }

    /// Whatever instant text the fast path takes, jiff takes as the same instant.
    #[test]
    fn the_fast_instant_is_never_more_lenient_than_jiff(
        t in "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{0,10})?[Zz]?",
    ) {
        if let Some(fast) = utc_instant(t.as_bytes()) {
            prop_assert_eq!(t.parse::<Timestamp>().ok(), Some(fast), "{}", t);
        }
    }

    /// A line smriti writes reads back the same through both paths, and takes the fast one
    /// when its strings need no escape.
    #[test]
    fn written_lines_read_the_same_both_ways(e in any_event()) {
        let line = log_line::to_vec(&e).unwrap();
        let (serde, fast) = both(&line);
        let serde = serde.unwrap();
        let plain = |s: &str| !s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20);
        let (deck, card, positive) = match &e {
            Event::Review { deck, card, state, .. } => (
                deck,
                card,
                state.stability.is_sign_positive() && state.difficulty.is_sign_positive(),
            ),
            Event::Cram { deck, card, .. } => (deck, card, true),
            _ => unreachable!(),
        };
        // A negative number is serde's to read.
        if plain(deck) && plain(card) && positive {
            prop_assert_eq!(fast.as_ref(), Some(&serde), "{}", String::from_utf8_lossy(&line));
        }
        if let Some(f) = fast {
            prop_assert_eq!(&f, &serde);
        }
        prop_assert_eq!(&log_line::parse(&line).unwrap(), &e);
    }

    /// A damaged line: whatever the fast path takes, serde takes as the same event, and
    /// `parse` gives exactly what serde gives (the event, or the same error).
    #[test]
    fn damaged_lines_read_as_serde_reads_them(
        e in any_event(),
        edits in prop::collection::vec((any::<u8>(), any::<usize>(), 0usize..40, any::<u8>()), 1..4),
    ) {
        let mut line = log_line::to_vec(&e).unwrap();
        for (what, at, len, byte) in edits {
            line = damage(&line, what, at, len, byte);
        }
        let (serde, fast) = both(&line);
        if let Some(f) = &fast {
            prop_assert_eq!(serde.as_ref().ok(), Some(f), "{}", String::from_utf8_lossy(&line));
        }
        let parsed = log_line::parse(&line);
        match (&parsed, &serde) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
            (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
            _ => prop_assert!(false, "{:?} against {:?}", parsed, serde),
        }
    }
}
