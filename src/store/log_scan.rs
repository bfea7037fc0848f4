//! A fast path for reading the log lines smriti writes itself: an answer (`review`) or a cram
//! answer (`cram`) with its fields in the order `log_line` writes them, no spaces, no
//! escapes in its strings, and instants in the one RFC 3339 form `jiff` writes for a UTC
//! timestamp (`2026-01-01T10:00:00Z`, or with 1–9 digits of fraction). `smriti rebuild` reads a
//! million of them; serde into the full event (field names matched, three timestamps through
//! `jiff`'s general parser) was most of its parsing time.
//!
//! Sound, not complete: whatever this reads, serde reads as the same event; anything else
//! (another order, spaces, an escape, an undo, a number it cannot be sure of, a damaged line)
//! gives `None`, and the caller reads the line with serde, which gives the same event or the
//! same error as before. The tests check that against serde on written and damaged lines.
//! Must not depend on `tui` or `cli`.

use jiff::Timestamp;

use crate::domain::ids::DeckId;
use crate::domain::logged::Answer;
use crate::domain::progress::{Before, Event, Mode};
use crate::domain::quiz::Verdict;
use crate::domain::scheduler::{CardState, Phase, Rating};

/// The event on `line` (without its newline), if it is an answer or cram answer in the form
/// smriti writes; `None` means "read it with serde", not "unreadable".
pub(super) fn answer(line: &[u8]) -> Option<Event> {
    let mut c = Cur { b: line, i: 0 };
    if c.lit(b"{\"kind\":\"review\",\"seq\":") {
        let Head {
            seq,
            at,
            deck,
            card,
            rating,
        } = c.head()?;
        c.need(b",\"mode\":")?;
        let mode = c.word(MODES)?;
        c.need(b",\"ms\":")?;
        let ms = c.u64()?;
        let verdict = if c.lit(b",\"verdict\":") {
            Some(c.word(VERDICTS)?)
        } else {
            None
        };
        c.need(b",\"before\":")?;
        let before = c.word(BEFORES)?;
        c.need(b",\"state\":")?;
        let state = c.state()?;
        c.need(b"}")?;
        c.end()?;
        return Some(Event::Review {
            seq,
            at,
            deck: DeckId::from(deck),
            card: card.to_owned(),
            rating,
            mode,
            ms,
            verdict,
            before,
            state,
        });
    }
    c.need(b"{\"kind\":\"cram\",\"seq\":")?;
    let Head {
        seq,
        at,
        deck,
        card,
        rating,
    } = c.head()?;
    c.need(b",\"ms\":")?;
    let ms = c.u64()?;
    c.need(b"}")?;
    c.end()?;
    Some(Event::Cram {
        seq,
        at,
        deck: DeckId::from(deck),
        card: card.to_owned(),
        rating,
        ms,
    })
}

/// An answer in the form smriti writes that a replay schedules again (any mode but imported),
/// as [`Logged::Answer`](crate::domain::logged::Logged): its stored state is checked as
/// [`answer`] reads it (every field in its place, each number and instant one that [`answer`]
/// takes) but not turned into numbers, since the replay recomputes it. `None` means "read it
/// as [`answer`] or serde does": whatever this takes, [`answer`] takes as the same answer.
pub(super) fn lean_answer(line: &[u8]) -> Option<Answer> {
    let mut c = Cur { b: line, i: 0 };
    c.need(b"{\"kind\":\"review\",\"seq\":")?;
    let Head {
        seq,
        at,
        deck,
        card,
        rating,
    } = c.head()?;
    c.need(b",\"mode\":")?;
    let mode = c.word(MODES)?;
    if mode == Mode::Imported {
        return None;
    }
    c.need(b",\"ms\":")?;
    let ms = c.u64()?;
    if c.lit(b",\"verdict\":") {
        c.word(VERDICTS)?;
    }
    c.need(b",\"before\":")?;
    let before = c.word(BEFORES)?;
    c.need(b",\"state\":")?;
    c.check_state()?;
    c.need(b"}")?;
    c.end()?;
    Some(Answer {
        seq,
        at,
        deck: deck.into(),
        card: card.into(),
        rating,
        mode,
        ms,
        before,
    })
}

/// What [`Cur::head`] reads.
struct Head<'a> {
    seq: u64,
    at: Timestamp,
    deck: &'a str,
    card: &'a str,
    rating: Rating,
}

const RATINGS: &[(&[u8], Rating)] = &[
    (b"\"good\"", Rating::Good),
    (b"\"again\"", Rating::Again),
    (b"\"hard\"", Rating::Hard),
    (b"\"easy\"", Rating::Easy),
];

const MODES: &[(&[u8], Mode)] = &[
    (b"\"flashcard\"", Mode::Flashcard),
    (b"\"choice\"", Mode::Choice),
    (b"\"typed\"", Mode::Typed),
    (b"\"test\"", Mode::Test),
    (b"\"imported\"", Mode::Imported),
];

const VERDICTS: &[(&[u8], Verdict)] = &[
    (b"\"right\"", Verdict::Right),
    (b"\"close\"", Verdict::Close),
    (b"\"wrong\"", Verdict::Wrong),
];

const BEFORES: &[(&[u8], Before)] = &[
    (b"\"review\"", Before::Review),
    (b"\"new\"", Before::New),
    (b"\"learning\"", Before::Learning),
    (b"\"relearning\"", Before::Relearning),
];

const PHASES: &[(&[u8], Phase)] = &[
    (b"\"review\"", Phase::Review),
    (b"\"learning\"", Phase::Learning),
    (b"\"relearning\"", Phase::Relearning),
];

/// A position in a line.
struct Cur<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Cur<'a> {
    fn rest(&self) -> &'a [u8] {
        self.b.get(self.i..).unwrap_or_default()
    }

    /// Steps over `s` if the line goes on with it.
    fn lit(&mut self, s: &[u8]) -> bool {
        let hit = self.rest().starts_with(s);
        if hit {
            self.i += s.len();
        }
        hit
    }

    /// The fields every answer line has after its kind, in the order `log_line` writes
    /// them: `seq`, `at`, `deck`, `card`, `rating`.
    fn head(&mut self) -> Option<Head<'a>> {
        let seq = self.u64()?;
        self.need(b",\"at\":")?;
        let at = self.timestamp()?;
        self.need(b",\"deck\":")?;
        let deck = self.str()?;
        self.need(b",\"card\":")?;
        let card = self.str()?;
        self.need(b",\"rating\":")?;
        let rating = self.word(RATINGS)?;
        Some(Head {
            seq,
            at,
            deck,
            card,
            rating,
        })
    }

    fn need(&mut self, s: &[u8]) -> Option<()> {
        self.lit(s).then_some(())
    }

    fn end(&self) -> Option<()> {
        (self.i == self.b.len()).then_some(())
    }

    /// One of the quoted names in `table`.
    fn word<T: Copy>(&mut self, table: &[(&[u8], T)]) -> Option<T> {
        let rest = self.rest();
        let (name, v) = table.iter().find(|(name, _)| rest.starts_with(name))?;
        self.i += name.len();
        Some(*v)
    }

    /// A string with no escape and no control character (JSON refuses those raw; an escape
    /// is left to serde).
    fn str(&mut self) -> Option<&'a str> {
        let rest = self.rest().strip_prefix(b"\"")?;
        let len = memchr::memchr(b'"', rest)?;
        let body = rest.get(..len)?;
        if body.iter().any(|&b| b == b'\\' || b < 0x20) {
            return None;
        }
        let s = std::str::from_utf8(body).ok()?;
        self.i += len + 2;
        Some(s)
    }

    /// The digits of an unsigned JSON integer, without a leading zero before another digit.
    fn digits(&mut self) -> Option<&'a [u8]> {
        let rest = self.rest();
        let n = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        let d = rest.get(..n)?;
        if n == 0 || (n > 1 && d.first() == Some(&b'0')) {
            return None;
        }
        self.i += n;
        Some(d)
    }

    fn u64(&mut self) -> Option<u64> {
        self.digits()?.iter().try_fold(0u64, |n, &d| {
            n.checked_mul(10)?.checked_add(u64::from(d - b'0'))
        })
    }

    fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.u64()?).ok()
    }

    /// Steps over what [`Cur::f64`] takes, checking it as that does but without working out
    /// the number when it has no exponent (then, at most 300 digits long, it is finite).
    fn check_f64(&mut self) -> Option<()> {
        let start = self.i;
        self.digits()?;
        if !self.lit(b".") {
            self.i = start;
            return self.f64().map(drop);
        }
        let n = self
            .rest()
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        self.i += n;
        if n == 0 || self.i - start > 300 || matches!(self.rest().first(), Some(b'e' | b'E')) {
            self.i = start;
            return self.f64().map(drop);
        }
        Some(())
    }

    /// The length of the quoted text here and the text from after its opening quote.
    fn instant_text(&self) -> Option<(usize, &'a [u8])> {
        let rest = self.rest().strip_prefix(b"\"")?;
        let len = memchr::memchr(b'"', rest)?;
        Some((len, rest))
    }

    /// Steps over what [`Cur::timestamp`] takes, checking it as that does without working out
    /// the instant.
    fn check_timestamp(&mut self) -> Option<()> {
        let (len, rest) = self.instant_text()?;
        utc_fields(rest.get(..len)?)?;
        self.i += len + 2;
        Some(())
    }

    /// Steps over what [`Cur::state`] takes, checking it as that does (see [`lean_answer`]).
    fn check_state(&mut self) -> Option<()> {
        self.need(b"{\"phase\":")?;
        self.word(PHASES)?;
        if self.lit(b",\"step\":") {
            self.u32()?;
        }
        self.need(b",\"stability\":")?;
        self.check_f64()?;
        self.need(b",\"difficulty\":")?;
        self.check_f64()?;
        self.need(b",\"due\":")?;
        self.check_timestamp()?;
        self.need(b",\"last_review\":")?;
        self.check_timestamp()?;
        self.need(b",\"reps\":")?;
        self.u32()?;
        self.need(b",\"lapses\":")?;
        self.u32()?;
        self.need(b"}")
    }

    /// A positive JSON number with a fraction or an exponent (as serde_json writes every
    /// `f64`), finite. An integer or a negative number is left to serde (its integer paths
    /// and the sign of zero are its own).
    fn f64(&mut self) -> Option<f64> {
        let start = self.i;
        self.digits()?;
        let mut real = false;
        if self.lit(b".") {
            let n = self
                .rest()
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            if n == 0 {
                return None;
            }
            self.i += n;
            real = true;
        }
        if self.lit(b"e") || self.lit(b"E") {
            let _ = self.lit(b"+") || self.lit(b"-");
            let n = self
                .rest()
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            if n == 0 {
                return None;
            }
            self.i += n;
            real = true;
        }
        let text = std::str::from_utf8(self.b.get(start..self.i)?).ok()?;
        let v: f64 = text.parse().ok()?;
        (real && v.is_finite()).then_some(v)
    }

    /// A quoted instant in the form `jiff` writes a UTC timestamp.
    fn timestamp(&mut self) -> Option<Timestamp> {
        let (len, rest) = self.instant_text()?;
        let t = utc_instant(rest.get(..len)?)?;
        self.i += len + 2;
        Some(t)
    }

    fn state(&mut self) -> Option<CardState> {
        self.need(b"{\"phase\":")?;
        let phase = self.word(PHASES)?;
        let step = if self.lit(b",\"step\":") {
            Some(self.u32()?)
        } else {
            None
        };
        self.need(b",\"stability\":")?;
        let stability = self.f64()?;
        self.need(b",\"difficulty\":")?;
        let difficulty = self.f64()?;
        self.need(b",\"due\":")?;
        let due = self.timestamp()?;
        self.need(b",\"last_review\":")?;
        let last_review = self.timestamp()?;
        self.need(b",\"reps\":")?;
        let reps = self.u32()?;
        self.need(b",\"lapses\":")?;
        let lapses = self.u32()?;
        self.need(b"}")?;
        Some(CardState {
            phase,
            step,
            stability,
            difficulty,
            due,
            last_review,
            reps,
            lapses,
        })
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DDTHH:MM:SS.fffZ` (1–9 digits of fraction), a real date
/// of the years 1000–8999 (far inside what `jiff` takes), hours to 23 and seconds to 59 (a
/// leap second is left to `jiff`).
pub(super) fn utc_instant(s: &[u8]) -> Option<Timestamp> {
    let (days, secs, nanos) = utc_fields(s)?;
    Timestamp::new(
        days_from_civil(days.0, days.1, days.2) * 86_400 + secs,
        nanos,
    )
    .ok()
}

/// The date (year, month, day), the seconds into the day and the nanoseconds of an instant
/// that [`utc_instant`] takes, checked but not yet made an instant.
fn utc_fields(s: &[u8]) -> Option<((i64, i64, i64), i64, i32)> {
    let (head, rest) = s.split_first_chunk::<19>()?;
    let [
        y0,
        y1,
        y2,
        y3,
        b'-',
        m0,
        m1,
        b'-',
        d0,
        d1,
        b'T',
        h0,
        h1,
        b':',
        i0,
        i1,
        b':',
        s0,
        s1,
    ] = *head
    else {
        return None;
    };
    let digits = [y0, y1, y2, y3, m0, m1, d0, d1, h0, h1, i0, i1, s0, s1];
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let two = |a: u8, b: u8| i64::from(a - b'0') * 10 + i64::from(b - b'0');
    let (year, month, day) = (two(y0, y1) * 100 + two(y2, y3), two(m0, m1), two(d0, d1));
    let (hour, minute, second) = (two(h0, h1), two(i0, i1), two(s0, s1));
    let nanos = match rest {
        b"Z" => 0,
        [b'.', frac @ .., b'Z'] if (1..=9).contains(&frac.len()) => {
            let f = frac.iter().try_fold(0i64, |n, &b| {
                b.is_ascii_digit().then(|| n * 10 + i64::from(b - b'0'))
            })?;
            f * 10i64.pow(9 - frac.len() as u32)
        }
        _ => return None,
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let month_days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if !(1000..=8999).contains(&year)
        || !(1..=month_days).contains(&day)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let secs = hour * 3_600 + minute * 60 + second;
    Some(((year, month, day), secs, i32::try_from(nanos).ok()?))
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

// Tested against serde in `log_line`'s tests (`log_scan_tests.rs`), which own the serde path.
