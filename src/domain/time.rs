//! Time arithmetic for the domain: instants, whole-day counting and the user's study day.
//!
//! Nothing here reads the clock. `now` always arrives as an argument; the time zone used for
//! the day-rollover hour is data passed in by the caller. Must not depend on `store` or `tui`.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

/// Microseconds in one 24-hour period.
pub const DAY_MICROS: i64 = 86_400_000_000;

/// Adds `secs` seconds to `t`, saturating at the ends of the representable range instead of
/// panicking (a far-future `SMRITI_NOW` must never crash the app).
pub fn add_secs(t: Timestamp, secs: f64) -> Timestamp {
    let micros = (secs * 1_000_000.0).round();
    let micros = if micros.is_finite() {
        micros.clamp(i64::MIN as f64, i64::MAX as f64) as i64
    } else {
        0
    };
    t.checked_add(SignedDuration::from_micros(micros))
        .unwrap_or(if micros >= 0 {
            Timestamp::MAX
        } else {
            Timestamp::MIN
        })
}

/// Adds whole days (24-hour periods) to `t`, saturating.
pub fn add_days(t: Timestamp, days: u32) -> Timestamp {
    add_secs(t, f64::from(days) * 86_400.0)
}

/// Whole 24-hour periods from `from` to `to`, floored (negative when `to` is earlier), as in
/// the FSRS spec §3.4.
pub fn elapsed_days(from: Timestamp, to: Timestamp) -> i64 {
    (to.as_microsecond() - from.as_microsecond()).div_euclid(DAY_MICROS)
}

/// The user-facing study day: a local date that starts at the rollover hour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudyDay {
    /// The local date this study day is named after.
    pub date: Date,
    /// First instant of the study day.
    pub start: Timestamp,
    /// First instant of the next study day.
    pub end: Timestamp,
}

/// The instant the study day named `date` starts (its rollover hour, local time).
pub fn day_start(date: Date, tz: &TimeZone, rollover_hour: u8) -> Timestamp {
    let hour = i8::try_from(rollover_hour.min(23)).unwrap_or(0);
    date.at(hour, 0, 0, 0)
        .to_zoned(tz.clone())
        .map_or(Timestamp::MAX, |z| z.timestamp())
}

impl StudyDay {
    /// The study day containing `now` in `tz`, where days begin at `rollover_hour` local time.
    pub fn containing(now: Timestamp, tz: &TimeZone, rollover_hour: u8) -> StudyDay {
        let hour = i8::try_from(rollover_hour.min(23)).unwrap_or(0);
        let local = tz.to_datetime(now);
        let mut date = local.date();
        if local.hour() < hour {
            date = date.yesterday().unwrap_or(date);
        }
        let start_of = |d: Date| -> Timestamp {
            d.at(hour, 0, 0, 0)
                .to_zoned(tz.clone())
                .map(|z| z.timestamp())
                .unwrap_or(now)
        };
        let start = start_of(date);
        let end = date.tomorrow().map(start_of).unwrap_or(Timestamp::MAX);
        StudyDay { date, start, end }
    }

    /// Whether `t` falls in this study day.
    pub fn contains(&self, t: Timestamp) -> bool {
        self.start <= t && t < self.end
    }
}

/// The study date of instants under `tz` and `rollover_hour`, as [`StudyDay::containing`]
/// gives it, remembering the last study day found: a log's answers come in time order, so
/// most instants fall in the day before them and the time zone is consulted once a day of
/// answers instead of at every answer (`smriti rebuild` asks three times an answer).
pub fn study_dates(tz: &TimeZone, rollover_hour: u8) -> impl Fn(Timestamp) -> Date + '_ {
    let last = std::cell::Cell::new(None::<(Timestamp, Timestamp, Date)>);
    move |t| match last.get() {
        Some((start, end, date)) if start <= t && t < end => date,
        _ => {
            let day = StudyDay::containing(t, tz, rollover_hour);
            if day.contains(t) {
                last.set(Some((day.start, day.end, day.date)));
            }
            day.date
        }
    }
}

/// Whether `a` and `b` give every instant from 1900 to 2200 the same offset from UTC: the
/// same time zone under two names (`TZ=UTC` is jiff's built-in `UTC`, `/etc/localtime` the
/// database's `Etc/UTC`; `Asia/Calcutta` is `Asia/Kolkata`), which count study days alike.
pub fn same_rules(a: &TimeZone, b: &TimeZone) -> bool {
    if a == b {
        return true;
    }
    let from = Timestamp::from_second(-2_208_988_800).unwrap_or(Timestamp::MIN);
    let to = Timestamp::from_second(7_258_118_400).unwrap_or(Timestamp::MAX);
    // Each zone's offset at `from`, then each instant it changes (a transition that changes
    // only the abbreviation or the DST flag is no change of the day's bounds).
    let changes = |tz: &TimeZone| {
        let mut v = vec![(from, tz.to_offset(from))];
        for t in tz.following(from) {
            if t.timestamp() >= to {
                break;
            }
            if v.last().is_none_or(|(_, o)| *o != t.offset()) {
                v.push((t.timestamp(), t.offset()));
            }
        }
        v
    };
    changes(a) == changes(b)
}

/// A short human label for a duration in seconds: "45s", "10m", "3h", "5d", "2.1mo", "1.5y".
pub fn short_duration(secs: f64) -> String {
    let secs = secs.max(0.0);
    if secs < 60.0 {
        format!("{}s", secs.round() as i64)
    } else if secs < 3_600.0 {
        format!("{}m", (secs / 60.0).round() as i64)
    } else if secs < 86_400.0 {
        format!("{}h", (secs / 3_600.0).round() as i64)
    } else {
        let days = secs / 86_400.0;
        if days < 30.0 {
            format!("{}d", days.round() as i64)
        } else if days < 365.0 {
            format!("{:.1}mo", days / 30.436875)
        } else {
            format!("{:.1}y", days / 365.2425)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn elapsed_days_counts_whole_24h_periods() {
        let a = ts("2022-11-29T12:30:00Z");
        assert_eq!(elapsed_days(a, ts("2022-11-30T12:29:59Z")), 0);
        assert_eq!(elapsed_days(a, ts("2022-11-30T12:30:00Z")), 1);
        assert_eq!(elapsed_days(a, ts("2022-11-29T12:29:59Z")), -1);
    }

    #[test]
    fn study_day_rolls_over_at_the_given_local_hour() {
        let tz = TimeZone::get("Asia/Kolkata").unwrap();
        // 03:59 IST on 22 Nov is still the study day of 21 Nov.
        let d = StudyDay::containing(ts("2026-11-21T22:29:00Z"), &tz, 4);
        assert_eq!(d.date.to_string(), "2026-11-21");
        assert_eq!(d.end, ts("2026-11-21T22:30:00Z"));
        let d = StudyDay::containing(ts("2026-11-21T22:30:00Z"), &tz, 4);
        assert_eq!(d.date.to_string(), "2026-11-22");
        assert_eq!(d.start, ts("2026-11-21T22:30:00Z"));
        assert!(d.contains(ts("2026-11-22T10:00:00Z")));
    }

    /// The remembered study day never gives another date than working it out afresh: in time
    /// order and out of it, across daylight-saving changes (at the rollover hour too: Santiago
    /// and Havana change at midnight, Lord Howe by half an hour), for every rollover hour.
    #[test]
    fn remembered_study_days_are_the_same_as_fresh_ones() {
        let zones = [
            "Asia/Kolkata",
            "America/New_York",
            "Europe/London",
            "America/Santiago",
            "America/Havana",
            "Australia/Lord_Howe",
        ];
        let start = ts("2025-01-01T00:00:00Z").as_second();
        for zone in zones {
            let tz = TimeZone::get(zone).unwrap();
            for hour in [0u8, 1, 2, 3, 4, 23] {
                let dates = study_dates(&tz, hour);
                let mut x: i64 = 12_345;
                for i in 0..40_000i64 {
                    // Mostly forward in 7-minute steps through two years, with a jump back
                    // or ahead now and then.
                    x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    let secs = if i % 50 == 0 {
                        start + (x >> 33).rem_euclid(2 * 366 * 86_400)
                    } else {
                        start + i * 7 * 60 * 2 + (x >> 60)
                    };
                    let t = Timestamp::from_second(secs).unwrap();
                    assert_eq!(
                        dates(t),
                        StudyDay::containing(t, &tz, hour).date,
                        "{zone} {hour}h {t}"
                    );
                }
            }
        }
    }

    #[test]
    fn short_durations() {
        assert_eq!(short_duration(60.0), "1m");
        assert_eq!(short_duration(330.0), "6m");
        assert_eq!(short_duration(3.0 * 86_400.0), "3d");
        assert_eq!(short_duration(46.0 * 86_400.0), "1.5mo");
        assert_eq!(short_duration(498.0 * 86_400.0), "1.4y");
    }

    #[test]
    fn adding_past_the_end_of_time_saturates() {
        assert_eq!(add_days(Timestamp::MAX, 10), Timestamp::MAX);
    }
}
