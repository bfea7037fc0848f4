//! How a typed answer reads, for marking it: its words, with every number read as its value
//! however it is written ("10", "ten", "10,00,000", "ten lakh", "1 million", "1.5 bn", "₹5
//! lakh crore", "two crore fifty lakh"), a currency beside a number read as that number's
//! currency (₹, Rs, INR, rupees; $, USD, dollars; ¥, yen, yuan; €, euros; £), and a date read
//! one way however it is ordered ("January 17, 2026", "17 Jan 2026", "17th of January 2026",
//! and "17/1/2026" or "2026-01-17" when the day cannot be taken for the month). Values are
//! exact decimals: "6.79" is never "67.9", an ordinal ("18th") never a count ("18"), and a
//! currency never another one. Pure: must not depend on `store`/`tui`.

use std::borrow::Cow;

use super::number_words::{MONTHS, ORDINAL_UNITS, UNITS};

/// One word of a reading: a word as written (normalised), or a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    Word(String),
    Num(Num),
}

/// A number's value, whether it is an ordinal, and its currency (a set of [`Currency`] bits;
/// 0 when none is written).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Num {
    pub value: Dec,
    pub ordinal: bool,
    pub currency: u8,
}

impl Num {
    /// The same number, as a teacher reads it: the same value and both ordinals or both
    /// counts; a currency left out is the answer's ("10 billion" for "$10 billion"), a
    /// different one is a different amount ("₹10 billion" is not "$10 billion").
    pub fn same(&self, other: &Num) -> bool {
        self.value == other.value
            && self.ordinal == other.ordinal
            && (self.currency == 0 || other.currency == 0 || self.currency & other.currency != 0)
    }
}

/// Currencies, as bits of [`Num::currency`]. "¥" is yen or yuan: both bits.
pub mod currency {
    pub const INR: u8 = 1;
    pub const USD: u8 = 2;
    pub const JPY: u8 = 4;
    pub const CNY: u8 = 8;
    pub const EUR: u8 = 16;
    pub const GBP: u8 = 32;
}

/// An exact decimal: `m` × 10^`e`, with no trailing zero in `m` (so equal values are equal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dec {
    m: u128,
    e: i32,
}

impl Dec {
    const ZERO: Dec = Dec { m: 0, e: 0 };

    fn new(m: u128, e: i32) -> Dec {
        let (mut m, mut e) = (m, e);
        if m == 0 {
            return Dec::ZERO;
        }
        while m.is_multiple_of(10) {
            m /= 10;
            e += 1;
        }
        Dec { m, e }
    }

    fn int(n: u128) -> Dec {
        Dec::new(n, 0)
    }

    /// "10372", "67.9", "0.5"; `None` for anything else (and for more digits than fit).
    fn parse(s: &str) -> Option<Dec> {
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        if int.is_empty()
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || (s.contains('.') && frac.is_empty())
            || int.len() + frac.len() > 36
        {
            return None;
        }
        let m: u128 = format!("{int}{frac}").parse().ok()?;
        Some(Dec::new(m, -(frac.len() as i32)))
    }

    /// × 10^`k`.
    fn shift(self, k: i32) -> Dec {
        Dec::new(self.m, self.e + k)
    }

    fn add(self, other: Dec) -> Option<Dec> {
        if self.m == 0 {
            return Some(other);
        }
        if other.m == 0 {
            return Some(self);
        }
        let e = self.e.min(other.e);
        let widen = |d: Dec| -> Option<u128> {
            let k = u32::try_from(d.e - e).ok()?;
            d.m.checked_mul(10u128.checked_pow(k)?)
        };
        Some(Dec::new(widen(self)?.checked_add(widen(other)?)?, e))
    }

    fn below(self, n: u128) -> bool {
        self.e <= 0 && self.m < n
    }
}

impl std::fmt::Display for Dec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}e{}", self.m, self.e)
    }
}

impl Tok {
    /// The token as one word, for comparing readings letter by letter: a number as `#` and
    /// its value (the same for every way of writing it).
    pub fn render(&self) -> Cow<'_, str> {
        match self {
            Tok::Word(w) => Cow::Borrowed(w),
            Tok::Num(n) => Cow::Owned(format!("#{}{}", n.value, if n.ordinal { "o" } else { "" })),
        }
    }
}

/// The text with what normalising would lose first written as words: a
/// currency sign as its code ("₹5" → " inr 5", "US$" → "US usd ") and a date in figures as
/// its words ("17/1/2026" → "17 january 2026") when it can be read one way only.
pub fn marked(s: &str) -> Cow<'_, str> {
    let signs = |c: char| matches!(c, '₹' | '$' | '¥' | '￥' | '€' | '£');
    let figures = s.contains(['/', '-', '.']) && s.contains(|c: char| c.is_ascii_digit());
    if !s.contains(signs) && !figures {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for (i, word) in s.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let core = word
            .trim_end_matches([',', ';', ':', ')'])
            .trim_start_matches('(');
        if let Some(date) = numeric_date(core) {
            out.push_str(&date);
            continue;
        }
        for c in word.chars() {
            match c {
                '₹' => out.push_str(" inr "),
                '$' => out.push_str(" usd "),
                '¥' | '￥' => out.push_str(" jpycny "),
                '€' => out.push_str(" eur "),
                '£' => out.push_str(" gbp "),
                c => out.push(c),
            }
        }
    }
    Cow::Owned(out)
}

/// A date in figures that can be read one way only, as words: "2026-01-17" and "2026/1/17"
/// (year first: always year, month, day); "17/1/2026", "17-01-2026", "17.1.2026" (the day is
/// over 12, so it is not the month); "1/17/2026" (the American order, read the same way); "5/5/2026". `None` for "5/1/2026",
/// which is 5 January in India and May 1 in the US.
fn numeric_date(w: &str) -> Option<String> {
    let sep = ['/', '-', '.'].into_iter().find(|c| w.contains(*c))?;
    let parts: Vec<&str> = w.split(sep).collect();
    let [a, b, c] = parts[..] else {
        return None;
    };
    let num = |p: &str, len: std::ops::RangeInclusive<usize>| {
        (len.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    let (day, month, year) = if let Some(y) = num(a, 4..=4) {
        (num(c, 1..=2)?, num(b, 1..=2)?, y)
    } else {
        let (x, y, year) = (num(a, 1..=2)?, num(b, 1..=2)?, num(c, 4..=4)?);
        match (x > 12, y > 12) {
            (true, false) => (x, y, year),
            (false, true) => (y, x, year),
            (false, false) if x == y => (x, y, year),
            _ => return None,
        }
    };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    Some(format!("{day} {} {year}", MONTHS[month as usize - 1]))
}

/// The reading of a canonical text (the marking's) (normalised, months in full): its words,
/// dates in one order, numbers as values with their currencies.
pub fn read(canonical: &str) -> Vec<Tok> {
    let mut words: Vec<Cow<'_, str>> = Vec::new();
    for w in canonical.split(' ').filter(|w| !w.is_empty()) {
        split_glued(w, &mut words);
    }
    in_date_order(&mut words);
    let mut out: Vec<Tok> = Vec::with_capacity(words.len());
    let mut pending: u8 = 0;
    let mut i = 0;
    while i < words.len() {
        let w = words[i].as_ref();
        let next = words.get(i + 1).map(|n| n.as_ref());
        // "a thousand", "a lakh": a number with its one left out (never a plural: "Millions"
        // is no number, and "1 million" is not right for it).
        let bare = |n: &str| n == "hundred" || (scale(n, false).is_some() && !n.ends_with('s'));
        let (start, one) = if matches!(w, "a" | "an") && next.is_some_and(bare) {
            (i + 1, true)
        } else if i == 0 && bare(w) {
            // The text began "a thousand …": its "a" went with the leading article.
            (i, true)
        } else {
            (i, false)
        };
        if let Some((mut num, end)) = phrase(&words, start, one) {
            num.currency = pending;
            pending = 0;
            i = end;
            // A currency or "per cent" written after the amount belongs to it.
            loop {
                let after = words.get(i).map(|n| n.as_ref());
                match after {
                    Some(c) if num.currency == 0 && currency_word(c).is_some() => {
                        num.currency = currency_word(c).unwrap_or(0);
                        i += 1;
                    }
                    Some("us")
                        if num.currency == 0
                            && words.get(i + 1).and_then(|n| currency_word(n))
                                == Some(currency::USD) =>
                    {
                        num.currency = currency::USD;
                        i += 2;
                    }
                    Some("percent") => i += 1,
                    Some("per") if words.get(i + 1).is_some_and(|n| n == "cent") => i += 2,
                    _ => break,
                }
            }
            out.push(Tok::Num(num));
            continue;
        }
        // A currency before an amount belongs to it ("US$" is "us usd"; "US dollars").
        let before_amount = |j: usize| phrase(&words, j, false).is_some();
        if w == "us"
            && next.is_some_and(|n| currency_word(n) == Some(currency::USD))
            && before_amount(i + 2)
        {
            i += 1;
            continue;
        }
        if let Some(c) = currency_word(w)
            && before_amount(i + 1)
        {
            pending |= c;
            i += 1;
            continue;
        }
        out.push(Tok::Word(w.to_owned()));
        i += 1;
    }
    out
}

/// A word's currency: a code, a sign's code (see [`marked`]) or a name.
fn currency_word(w: &str) -> Option<u8> {
    use currency::*;
    Some(match w {
        "inr" | "rs" | "rupee" | "rupees" => INR,
        "usd" | "dollar" | "dollars" => USD,
        "yen" | "jpy" => JPY,
        "yuan" | "cny" | "rmb" | "renminbi" => CNY,
        "jpycny" => JPY | CNY,
        "eur" | "euro" | "euros" => EUR,
        "gbp" | "sterling" => GBP,
        _ => return None,
    })
}

/// A word written together with its number, split: "rs10372" → "rs 10372", "10bn" → "10
/// bn", "5cr" → "5 cr".
fn split_glued<'a>(w: &'a str, out: &mut Vec<Cow<'a, str>>) {
    if let Some((code, rest)) = ["rs", "inr", "usd"]
        .iter()
        .find_map(|p| w.strip_prefix(p).map(|rest| (*p, rest)))
        .filter(|(_, rest)| Dec::parse(rest).is_some())
    {
        out.push(Cow::Borrowed(code));
        out.push(Cow::Borrowed(rest));
        return;
    }
    let digits = w.trim_end_matches(|c: char| c.is_alphabetic());
    let unit = &w[digits.len()..];
    if !digits.is_empty() && Dec::parse(digits).is_some() && scale(unit, true).is_some() {
        out.push(Cow::Borrowed(digits));
        out.push(Cow::Borrowed(unit));
        return;
    }
    out.push(Cow::Borrowed(w));
}

/// A day of the month as written beside its month: "17", "17th", "1st"; its number.
fn day_word(w: &str) -> Option<u32> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    if digits.is_empty() || digits.len() > 2 || !matches!(suffix, "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// Dates in one order, days first, as "17 january 2026": "january 17 2026" (the comma is
/// gone), "17th january", "17th of january", "august 29 30 2025" (from "August 29–30").
fn in_date_order(words: &mut Vec<Cow<'_, str>>) {
    let mut k = 0;
    while k < words.len() {
        if !MONTHS.contains(&words[k].as_ref()) {
            k += 1;
            continue;
        }
        // Days before the month, with "of" between: ordinal suffixes and "of" dropped.
        let mut m = k;
        if m >= 2 && words[m - 1] == "of" && day_word(&words[m - 2]).is_some() {
            words.remove(m - 1);
            m -= 1;
        }
        let mut j = m;
        while j > 0 && m - j < 2 && day_word(&words[j - 1]).is_some() {
            j -= 1;
        }
        if j < m {
            for d in &mut words[j..m] {
                *d = Cow::Owned(day_word(d).unwrap_or_default().to_string());
            }
            k = m + 1;
            continue;
        }
        // Days after the month ("january 17", "august 29 30"), moved before it.
        let mut end = m + 1;
        while end < words.len() && end - m <= 2 && day_word(&words[end]).is_some() {
            end += 1;
        }
        if end > m + 1 {
            let month = words.remove(m);
            let days = end - 1 - m;
            for d in &mut words[m..m + days] {
                *d = Cow::Owned(day_word(d).unwrap_or_default().to_string());
            }
            words.insert(m + days, month);
            k = m + days + 1;
            continue;
        }
        k = m + 1;
    }
}

const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

const ORDINAL_TENS: [&str; 8] = [
    "twentieth",
    "thirtieth",
    "fortieth",
    "fiftieth",
    "sixtieth",
    "seventieth",
    "eightieth",
    "ninetieth",
];

/// A multiplier's power of ten: "thousand" 3, "lakh" 5, "million" 6, "crore" 7, "billion"
/// 9, "trillion" 12 (their plurals too). The short forms ("mn", "cr", "bn", "tn", "lac")
/// only when `short` (they are words only after a number).
fn scale(w: &str, short: bool) -> Option<i32> {
    let full = match w {
        "thousand" | "thousands" => Some(3),
        "lakh" | "lakhs" => Some(5),
        "million" | "millions" => Some(6),
        "crore" | "crores" => Some(7),
        "billion" | "billions" => Some(9),
        "trillion" | "trillions" => Some(12),
        _ => None,
    };
    let abbreviated = match w {
        "lac" | "lacs" => Some(5),
        "mn" | "mln" => Some(6),
        "cr" => Some(7),
        "bn" | "bln" => Some(9),
        "tn" | "trn" => Some(12),
        _ => None,
    };
    full.or(abbreviated.filter(|_| short))
}

/// What the number read so far ends with, for what may follow it.
#[derive(Clone, Copy, PartialEq)]
enum Last {
    Nothing,
    /// Figures ("67.9").
    Figures,
    /// "twenty": a unit may follow.
    Tens,
    /// "three", "twenty five", "thirteen": "hundred" or a multiplier may follow.
    Units,
    /// "three hundred": tens or units may follow.
    Hundreds,
    /// A multiplier: more figures or words may follow ("two crore fifty lakh").
    Scale,
}

/// The number written from `words[i]` on, and the index after it: figures or words, with
/// multipliers ("5 lakh crore" = 5 × 10⁵ × 10⁷; "two crore fifty lakh" = 2.5 × 10⁷). `one`
/// when an "a" stood for it ("a thousand"). `None` when no number starts there.
fn phrase(words: &[Cow<'_, str>], i: usize, one: bool) -> Option<(Num, usize)> {
    let mut total = Dec::ZERO;
    let mut cur: Option<Dec> = one.then(|| Dec::int(1));
    let mut last = if one { Last::Units } else { Last::Nothing };
    let mut last_scale: Option<i32> = None;
    let mut ordinal = false;
    // The index after the last word of the number ("and" is part of it only between two).
    let mut end = i;
    let fresh = |last: Last| matches!(last, Last::Nothing | Last::Scale);
    let number_word = |w: &str| {
        UNITS.contains(&w)
            || TENS.contains(&w)
            || ORDINAL_UNITS.contains(&w)
            || ORDINAL_TENS.contains(&w)
    };
    let mut j = i;
    while let Some(w) = words.get(j).map(|w| w.as_ref()) {
        let unit = UNITS.iter().position(|u| *u == w).map(|u| u as u128);
        let tens = TENS
            .iter()
            .position(|u| *u == w)
            .map(|t| 20 + 10 * t as u128);
        let ord = ORDINAL_UNITS
            .iter()
            .position(|u| *u == w)
            .map(|u| u as u128)
            .or_else(|| {
                ORDINAL_TENS
                    .iter()
                    .position(|u| *u == w)
                    .map(|t| 20 + 10 * t as u128)
            });
        // After "twenty" a unit; after "three hundred" tens or units; else a fresh start.
        let joined = |n: u128, cur: Option<Dec>| match (last, cur) {
            (Last::Nothing | Last::Scale, _) => Some(Dec::int(n)),
            (Last::Tens, Some(c)) if (1..10).contains(&n) => c.add(Dec::int(n)),
            (Last::Hundreds, Some(c)) if n < 100 => c.add(Dec::int(n)),
            _ => None,
        };
        if let Some(d) = Dec::parse(w) {
            if !fresh(last) {
                break;
            }
            cur = Some(d);
            last = Last::Figures;
        } else if let Some(n) = figures_ordinal(w) {
            if !fresh(last) {
                break;
            }
            cur = Some(n);
            ordinal = true;
            end = j + 1;
            break;
        } else if let Some(u) = unit {
            match joined(u, cur) {
                Some(c) => cur = Some(c),
                None => break,
            }
            last = Last::Units;
        } else if let Some(t) = tens {
            if last == Last::Tens {
                break;
            }
            match joined(t, cur) {
                Some(c) => cur = Some(c),
                None => break,
            }
            last = Last::Tens;
        } else if let Some(o) = ord {
            match joined(o, cur) {
                Some(c) => cur = Some(c),
                None => break,
            }
            ordinal = true;
            end = j + 1;
            break;
        } else if matches!(w, "hundred" | "hundreds" | "hundredth") {
            match (last, cur) {
                (Last::Units | Last::Tens | Last::Figures, Some(c)) if c.below(100) => {
                    cur = Some(c.shift(2));
                }
                _ => break,
            }
            last = Last::Hundreds;
            if w == "hundredth" {
                ordinal = true;
                end = j + 1;
                break;
            }
        } else if let Some(s) = scale(w, true) {
            match cur {
                Some(c) => {
                    total = if last_scale.is_some_and(|l| s > l) {
                        total.add(c)?.shift(s)
                    } else {
                        total.add(c.shift(s))?
                    };
                }
                None if last_scale.is_some_and(|l| s > l) => total = total.shift(s),
                _ => break,
            }
            cur = None;
            last_scale = Some(s);
            last = Last::Scale;
        } else if w == "and"
            && last != Last::Nothing
            && words.get(j + 1).is_some_and(|n| number_word(n))
        {
            // "one hundred and five": part of the number if a number word follows.
            j += 1;
            continue;
        } else {
            break;
        }
        j += 1;
        end = j;
    }
    if end == i || (cur.is_none() && last_scale.is_none()) {
        return None;
    }
    let value = match cur {
        Some(c) => total.add(c)?,
        None => total,
    };
    Some((
        Num {
            value,
            ordinal,
            currency: 0,
        },
        end,
    ))
}

/// An ordinal in figures: "18th", "1st", "22nd", "3rd".
fn figures_ordinal(w: &str) -> Option<Dec> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    if digits.is_empty() || !matches!(suffix, "st" | "nd" | "rd" | "th") {
        return None;
    }
    Dec::parse(digits).filter(|d| d.e >= 0)
}

/// Whether two readings are the same answer: word for word, and each number [`Num::same`].
pub fn same(a: &[Tok], b: &[Tok]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| match (x, y) {
            (Tok::Word(x), Tok::Word(y)) => x == y,
            (Tok::Num(x), Tok::Num(y)) => x.same(y),
            _ => false,
        })
}

/// The numbers of a reading, in order.
pub fn numbers(t: &[Tok]) -> impl Iterator<Item = &Num> {
    t.iter().filter_map(|t| match t {
        Tok::Num(n) => Some(n),
        Tok::Word(_) => None,
    })
}

#[cfg(test)]
#[path = "typed_read_tests.rs"]
mod tests;
