//! One line of the review log (`reviews.jsonl`): the JSON shape of a [`Event`], its field
//! names and its `kind` tags. The domain's `Event` knows nothing of JSON or files; this is the
//! one place that turns it into a line and back. Must not depend on `tui` or `cli`.
//!
//! Lines are read through [`RawEvent`] (one flat struct), which is about twice as fast as
//! serde's internally tagged enums: those buffer every line into a tree before choosing the
//! variant, and a million-line log is read whole by `smriti rebuild`.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::domain::ids::DeckId;
use crate::domain::logged::Logged;
use crate::domain::progress::{Before, Event, Mode, TakenBack};
use crate::domain::quiz::Verdict;
use crate::domain::scheduler::{CardState, Rating};

/// Reads one log line (without its newline): an answer in the form smriti writes through the
/// fast path ([`super::log_scan`]), anything else (and anything that path is unsure of) with
/// serde, which gives the same event or the error it always gave.
pub fn parse(line: &[u8]) -> serde_json::Result<Event> {
    match super::log_scan::answer(line) {
        Some(e) => Ok(e),
        None => parse_with_serde(line),
    }
}

/// What a reader of the log makes of each line: the whole [`Event`], or the [`Logged`] form a
/// replay reads (`smriti rebuild`), which leaves an answer's stored state unread. Either way
/// the line is read whole enough that a line serde refuses is refused, with serde's error.
pub trait FromLine: Sized + Send + 'static {
    /// Reads one log line (without its newline).
    fn from_line(line: &[u8]) -> serde_json::Result<Self>;
    fn seq(&self) -> u64;
    fn at(&self) -> Timestamp;
    /// An answer or a cram answer (what an undo may take back).
    fn is_answer(&self) -> bool;
    /// Gives the event the number `seq`, and an undo's `undoes` the number `undoes` makes of
    /// it (a merge of several devices' logs numbers their events afresh).
    fn renumber(&mut self, seq: u64, undoes: impl FnOnce(u64) -> u64);
}

impl FromLine for Event {
    fn from_line(line: &[u8]) -> serde_json::Result<Event> {
        parse(line)
    }

    fn seq(&self) -> u64 {
        Event::seq(self)
    }

    fn at(&self) -> Timestamp {
        Event::at(self)
    }

    fn is_answer(&self) -> bool {
        matches!(self, Event::Review { .. } | Event::Cram { .. })
    }

    fn renumber(&mut self, new: u64, undone: impl FnOnce(u64) -> u64) {
        match self {
            Event::Undo { seq, undoes, .. } => {
                *seq = new;
                *undoes = undone(*undoes);
            }
            Event::Review { seq, .. } | Event::Cram { seq, .. } | Event::Suspend { seq, .. } => {
                *seq = new;
            }
        }
    }
}

impl FromLine for Logged {
    /// An answer in the form smriti writes through the fast path without its stored state
    /// ([`super::log_scan::lean_answer`]), anything else as [`parse`] reads it.
    fn from_line(line: &[u8]) -> serde_json::Result<Logged> {
        match super::log_scan::lean_answer(line) {
            Some(a) => Ok(Logged::Answer(a)),
            None => parse(line).map(Logged::from),
        }
    }

    fn seq(&self) -> u64 {
        Logged::seq(self)
    }

    fn at(&self) -> Timestamp {
        Logged::at(self)
    }

    fn is_answer(&self) -> bool {
        match self {
            Logged::Answer(_) => true,
            Logged::Event(e) => e.is_answer(),
        }
    }

    fn renumber(&mut self, new: u64, undone: impl FnOnce(u64) -> u64) {
        match self {
            Logged::Answer(a) => a.seq = new,
            Logged::Event(e) => e.renumber(new, undone),
        }
    }
}

/// [`parse`] without the fast path: what it must agree with.
pub(super) fn parse_with_serde(line: &[u8]) -> serde_json::Result<Event> {
    serde_json::from_slice::<Line>(line).map(|l| l.0)
}

/// Writes `event` as one log line, without the newline.
pub fn to_vec(event: &Event) -> serde_json::Result<Vec<u8>> {
    serde_json::to_vec(&Out::from(event))
}

/// An event as read from a line: checked by [`RawEvent`]'s conversion.
#[derive(Deserialize)]
#[serde(try_from = "RawEvent")]
struct Line(Event);

/// An event as written: the same fields in the same order as [`RawEvent`] reads them, `kind`
/// first; absent options are left out.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum Out<'a> {
    Review {
        seq: u64,
        at: Timestamp,
        deck: &'a str,
        card: &'a str,
        rating: Rating,
        mode: Mode,
        ms: u64,
        #[serde(skip_serializing_if = "Option::is_none")]
        verdict: Option<Verdict>,
        before: Before,
        state: &'a CardState,
    },
    Cram {
        seq: u64,
        at: Timestamp,
        deck: &'a str,
        card: &'a str,
        rating: Rating,
        ms: u64,
    },
    Undo {
        seq: u64,
        at: Timestamp,
        deck: &'a str,
        card: &'a str,
        undoes: u64,
        before: Before,
        #[serde(skip_serializing_if = "Option::is_none")]
        state: Option<&'a CardState>,
        #[serde(skip_serializing_if = "Option::is_none")]
        takes_back: Option<Took>,
    },
    Suspend {
        seq: u64,
        at: Timestamp,
        deck: &'a str,
        card: &'a str,
    },
    Unsuspend {
        seq: u64,
        at: Timestamp,
        deck: &'a str,
        card: &'a str,
    },
}

/// What an undo takes back from the statistics (`takes_back`): the undone answer's instant,
/// rating and milliseconds.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Took {
    at: Timestamp,
    rating: Rating,
    ms: u64,
}

impl From<TakenBack> for Took {
    fn from(t: TakenBack) -> Took {
        Took {
            at: t.at,
            rating: t.rating,
            ms: t.ms,
        }
    }
}

impl From<Took> for TakenBack {
    fn from(t: Took) -> TakenBack {
        TakenBack {
            at: t.at,
            rating: t.rating,
            ms: t.ms,
        }
    }
}

impl<'a> From<&'a Event> for Out<'a> {
    fn from(e: &'a Event) -> Out<'a> {
        match e {
            Event::Review {
                seq,
                at,
                deck,
                card,
                rating,
                mode,
                ms,
                verdict,
                before,
                state,
            } => Out::Review {
                seq: *seq,
                at: *at,
                deck,
                card,
                rating: *rating,
                mode: *mode,
                ms: *ms,
                verdict: *verdict,
                before: *before,
                state,
            },
            Event::Cram {
                seq,
                at,
                deck,
                card,
                rating,
                ms,
            } => Out::Cram {
                seq: *seq,
                at: *at,
                deck,
                card,
                rating: *rating,
                ms: *ms,
            },
            Event::Undo {
                seq,
                at,
                deck,
                card,
                undoes,
                before,
                state,
                takes_back,
            } => Out::Undo {
                seq: *seq,
                at: *at,
                deck,
                card,
                undoes: *undoes,
                before: *before,
                state: state.as_ref(),
                takes_back: takes_back.map(Took::from),
            },
            Event::Suspend {
                seq,
                at,
                deck,
                card,
                on: true,
            } => Out::Suspend {
                seq: *seq,
                at: *at,
                deck,
                card,
            },
            Event::Suspend {
                seq,
                at,
                deck,
                card,
                on: false,
            } => Out::Unsuspend {
                seq: *seq,
                at: *at,
                deck,
                card,
            },
        }
    }
}

/// `kind` of a log line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Review,
    Cram,
    Undo,
    Suspend,
    Unsuspend,
}

/// Every field any log line may have; [`Line`]'s `TryFrom` checks which a kind needs and
/// allows, with the same messages serde gives ("missing field `rating`"). A field no kind has
/// (written by a newer smriti) is ignored, as in every line format of the saves folder
/// (docs/save-format.md, "Reading newer files").
#[derive(Deserialize)]
struct RawEvent {
    kind: Kind,
    seq: u64,
    at: Timestamp,
    deck: DeckId,
    card: String,
    rating: Option<Rating>,
    mode: Option<Mode>,
    ms: Option<u64>,
    verdict: Option<Verdict>,
    before: Option<Before>,
    state: Option<CardState>,
    undoes: Option<u64>,
    takes_back: Option<Took>,
}

/// A log line whose fields do not fit its kind (worded as serde words its own errors).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LineError {
    #[error("missing field `{0}`")]
    Missing(&'static str),
    #[error("unknown field `{field}` for kind `{kind}`")]
    Unknown { field: &'static str, kind: String },
}

impl TryFrom<RawEvent> for Line {
    type Error = LineError;

    fn try_from(r: RawEvent) -> Result<Line, LineError> {
        fn need<T>(v: Option<T>, name: &'static str) -> Result<T, LineError> {
            v.ok_or(LineError::Missing(name))
        }
        let refuse = |present: &[(bool, &'static str)]| -> Result<(), LineError> {
            match present.iter().find(|(p, _)| *p) {
                Some((_, field)) => Err(LineError::Unknown {
                    field,
                    kind: format!("{:?}", r.kind).to_lowercase(),
                }),
                None => Ok(()),
            }
        };
        match r.kind {
            Kind::Review => {
                refuse(&[
                    (r.undoes.is_some(), "undoes"),
                    (r.takes_back.is_some(), "takes_back"),
                ])?;
                Ok(Line(Event::Review {
                    seq: r.seq,
                    at: r.at,
                    deck: r.deck,
                    card: r.card,
                    rating: need(r.rating, "rating")?,
                    mode: need(r.mode, "mode")?,
                    ms: need(r.ms, "ms")?,
                    verdict: r.verdict,
                    before: need(r.before, "before")?,
                    state: need(r.state, "state")?,
                }))
            }
            Kind::Cram => {
                refuse(&[
                    (r.mode.is_some(), "mode"),
                    (r.verdict.is_some(), "verdict"),
                    (r.before.is_some(), "before"),
                    (r.state.is_some(), "state"),
                    (r.undoes.is_some(), "undoes"),
                    (r.takes_back.is_some(), "takes_back"),
                ])?;
                Ok(Line(Event::Cram {
                    seq: r.seq,
                    at: r.at,
                    deck: r.deck,
                    card: r.card,
                    rating: need(r.rating, "rating")?,
                    ms: need(r.ms, "ms")?,
                }))
            }
            Kind::Undo => {
                refuse(&[
                    (r.rating.is_some(), "rating"),
                    (r.mode.is_some(), "mode"),
                    (r.ms.is_some(), "ms"),
                    (r.verdict.is_some(), "verdict"),
                ])?;
                Ok(Line(Event::Undo {
                    seq: r.seq,
                    at: r.at,
                    deck: r.deck,
                    card: r.card,
                    undoes: need(r.undoes, "undoes")?,
                    before: need(r.before, "before")?,
                    state: r.state,
                    takes_back: r.takes_back.map(TakenBack::from),
                }))
            }
            Kind::Suspend | Kind::Unsuspend => {
                refuse(&[
                    (r.rating.is_some(), "rating"),
                    (r.mode.is_some(), "mode"),
                    (r.ms.is_some(), "ms"),
                    (r.verdict.is_some(), "verdict"),
                    (r.before.is_some(), "before"),
                    (r.state.is_some(), "state"),
                    (r.undoes.is_some(), "undoes"),
                    (r.takes_back.is_some(), "takes_back"),
                ])?;
                Ok(Line(Event::Suspend {
                    seq: r.seq,
                    at: r.at,
                    deck: r.deck,
                    card: r.card,
                    on: r.kind == Kind::Suspend,
                }))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::scheduler::Phase;

    fn state(phase: Phase) -> CardState {
        CardState {
            phase,
            step: None,
            stability: 1.0,
            difficulty: 5.0,
            due: "2026-01-02T00:00:00Z".parse().unwrap(),
            last_review: "2026-01-01T00:00:00Z".parse().unwrap(),
            reps: 1,
            lapses: 0,
        }
    }

    fn review(seq: u64, before: Before) -> Event {
        Event::Review {
            seq,
            at: "2026-01-01T10:00:00Z".parse().unwrap(),
            deck: "d".into(),
            card: "c".into(),
            rating: Rating::Good,
            mode: Mode::Flashcard,
            ms: 1200,
            verdict: None,
            before,
            state: state(Phase::Review),
        }
    }

    #[test]
    fn log_lines_have_a_stable_shape() {
        let line = String::from_utf8(to_vec(&review(7, Before::New)).unwrap()).unwrap();
        assert_eq!(
            line,
            r#"{"kind":"review","seq":7,"at":"2026-01-01T10:00:00Z","deck":"d","card":"c","rating":"good","mode":"flashcard","ms":1200,"before":"new","state":{"phase":"review","stability":1.0,"difficulty":5.0,"due":"2026-01-02T00:00:00Z","last_review":"2026-01-01T00:00:00Z","reps":1,"lapses":0}}"#
        );
        let back = parse(line.as_bytes()).unwrap();
        assert_eq!(back, review(7, Before::New));
    }

    #[test]
    fn every_kind_of_log_line_reads_back_as_written() {
        let review = Event::Review {
            seq: 1,
            at: "2026-01-01T10:00:00Z".parse().unwrap(),
            deck: "d".into(),
            card: "c:reverse".into(),
            rating: Rating::Hard,
            mode: Mode::Typed,
            ms: 1200,
            verdict: Some(Verdict::Close),
            before: Before::Review,
            state: state(Phase::Review),
        };
        let cram = Event::Cram {
            seq: 2,
            at: "2026-01-01T10:01:00Z".parse().unwrap(),
            deck: "d".into(),
            card: "c".into(),
            rating: Rating::Again,
            ms: 900,
        };
        let undo = |state, takes_back| Event::Undo {
            seq: 3,
            at: "2026-01-01T10:02:00Z".parse().unwrap(),
            deck: "d".into(),
            card: "c".into(),
            undoes: 1,
            before: Before::Review,
            state,
            takes_back,
        };
        let suspend = |on| Event::Suspend {
            seq: 4,
            at: "2026-01-01T10:03:00Z".parse().unwrap(),
            deck: "d".into(),
            card: "c:c2".into(),
            on,
        };
        assert_eq!(
            String::from_utf8(to_vec(&suspend(false)).unwrap()).unwrap(),
            r#"{"kind":"unsuspend","seq":4,"at":"2026-01-01T10:03:00Z","deck":"d","card":"c:c2"}"#
        );
        let took = TakenBack {
            at: "2026-01-01T10:00:00Z".parse().unwrap(),
            rating: Rating::Hard,
            ms: 1200,
        };
        for e in [
            review,
            cram,
            undo(None, None),
            undo(Some(state(Phase::Learning)), Some(took)),
            suspend(true),
            suspend(false),
        ] {
            let line = to_vec(&e).unwrap();
            assert_eq!(
                parse(&line).unwrap(),
                e,
                "{}",
                String::from_utf8_lossy(&line)
            );
        }
    }

    #[test]
    fn a_log_line_missing_or_mixing_fields_is_refused_with_its_name() {
        let err = |line: &str| parse(line.as_bytes()).unwrap_err().to_string();
        let base = r#""seq":1,"at":"2026-01-01T10:00:00Z","deck":"d","card":"c""#;
        assert!(
            err(&format!(r#"{{"kind":"cram",{base},"ms":5}}"#))
                .starts_with("missing field `rating`"),
        );
        assert!(
            err(&format!(
                r#"{{"kind":"cram",{base},"ms":5,"rating":"good","undoes":1}}"#
            ))
            .starts_with("unknown field `undoes` for kind `cram`"),
        );
        assert!(
            err(&format!(
                r#"{{"kind":"undo",{base},"before":"new","undoes":1,"rating":"good"}}"#
            ))
            .starts_with("unknown field `rating` for kind `undo`"),
        );
        // A field no kind has (a newer smriti's) is ignored: see the next test.
        assert!(
            parse(
                format!(r#"{{"kind":"undo",{base},"before":"new","undoes":1,"extra":0}}"#)
                    .as_bytes()
            )
            .is_ok()
        );
        assert!(err(&format!(r#"{{"kind":"skip",{base}}}"#)).starts_with("unknown variant `skip`"));
        assert!(err(&format!("{{{base}}}")).starts_with("missing field `kind`"));
    }

    /// Forward compatibility (docs/save-format.md): a field a newer smriti adds, to a line or
    /// to its stored state, is ignored; the line reads as the same event, in full and as the
    /// replay reads it.
    #[test]
    fn a_field_a_newer_smriti_adds_is_ignored() {
        let line = r#"{"kind":"review","seq":3,"at":"2026-01-01T10:00:00Z","deck":"d","card":"c","rating":"good","mode":"flashcard","ms":900,"before":"new","state":{"phase":"learning","step":1,"stability":2.3,"difficulty":4.5,"due":"2026-01-01T10:10:00Z","last_review":"2026-01-01T10:00:00Z","reps":1,"lapses":0,"later":1}}"#;
        let newer = line.replacen(r#""ms":900,"#, r#""ms":900,"device_clock":"ntp","#, 1);
        let want = parse(line.replace(r#","later":1"#, "").as_bytes()).unwrap();
        assert_eq!(parse(newer.as_bytes()).unwrap(), want);
        assert_eq!(parse(line.as_bytes()).unwrap(), want);
        let logged = <Logged as FromLine>::from_line(newer.as_bytes()).unwrap();
        assert_eq!(logged.seq(), 3);
    }
}

#[cfg(test)]
#[path = "log_scan_tests.rs"]
mod scan_tests;
