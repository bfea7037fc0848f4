//! Counts in words, for every screen, command and message: "1 card", "3 cards", "1 entry",
//! "2 entries", so no text ever says "1 cards" or hedges with "card(s)". Pure: no I/O; `tui`,
//! `cli` and `store` (its error messages) call it.

use std::fmt::Display;

/// "1 card", "3 cards", "0 cards": a count and a noun that takes an s.
pub fn plural<N: Display + PartialEq + From<u8>>(n: N, one: &str) -> String {
    format!("{n} {}", noun(n == N::from(1), one))
}

/// "1 entry", "2 entries": a count and a noun whose plural is not `one` + s.
pub fn plural_as<N: Display + PartialEq + From<u8>>(n: N, one: &str, many: &str) -> String {
    let word = if n == N::from(1) { one } else { many };
    format!("{n} {word}")
}

/// The noun alone, for "3 of 1 card" style texts where the count is printed elsewhere:
/// `one` when `single`, else `one` + s.
pub fn noun(single: bool, one: &str) -> String {
    if single {
        one.to_string()
    } else {
        format!("{one}s")
    }
}

/// "is" or "are", "has" or "have", … for a count: `one` when `n` is 1, else `many`.
pub fn agree<'a, N: PartialEq + From<u8>>(n: N, one: &'a str, many: &'a str) -> &'a str {
    if n == N::from(1) { one } else { many }
}

/// "today", "tomorrow", "in 12 days": when something `days` days ahead is (a day in the
/// past reads "today": callers refuse past exam dates before they get here).
pub fn in_days(days: i32) -> String {
    match days {
        ..=0 => "today".to_owned(),
        1 => "tomorrow".to_owned(),
        n => format!("in {n} days"),
    }
}

/// Time spent studying, for totals: "14s" under a minute (never "0h 00m" or "0m" for a short
/// session), "12m" under an hour, "1h 05m" above.
pub fn time_spent(ms: u64) -> String {
    let secs = (ms + 500) / 1000;
    let m = secs / 60;
    if m == 0 {
        format!("{secs}s")
    } else if m < 60 {
        format!("{m}m")
    } else {
        format!("{}h {:02}m", m / 60, m % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(plural(1usize, "card"), "1 card");
        assert_eq!(plural(0usize, "card"), "0 cards");
        assert_eq!(plural(2u32, "day"), "2 days");
        assert_eq!(plural(21u64, "answer"), "21 answers");
        assert_eq!(plural(1i64, "deck file"), "1 deck file");
        assert_eq!(plural_as(1usize, "entry", "entries"), "1 entry");
        assert_eq!(plural_as(3usize, "entry", "entries"), "3 entries");
        assert_eq!(noun(true, "card"), "card");
        assert_eq!(noun(false, "card"), "cards");
        assert_eq!(agree(1usize, "is", "are"), "is");
        assert_eq!(agree(4usize, "is", "are"), "are");
        assert_eq!(in_days(0), "today");
        assert_eq!(in_days(1), "tomorrow");
        assert_eq!(in_days(90), "in 90 days");
    }

    #[test]
    fn time_spent_says_seconds_under_a_minute() {
        assert_eq!(time_spent(0), "0s");
        assert_eq!(time_spent(14_200), "14s");
        assert_eq!(time_spent(59_400), "59s");
        assert_eq!(time_spent(60_000), "1m");
        assert_eq!(time_spent(12 * 60_000 + 59_000), "12m");
        assert_eq!(time_spent(3_600_000), "1h 00m");
        assert_eq!(time_spent(3_900_000), "1h 05m");
    }
}
