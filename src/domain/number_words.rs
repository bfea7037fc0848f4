//! The English words for numbers, ordinals and months that answers are written with, shared by
//! the answer-kind inference (`answer_kind`) and the typed-answer reader (`typed_read`), so each
//! list is written once. Pure data; depends on nothing.

/// The months' full names, lower case (January first).
pub(super) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The numbers below twenty.
pub(super) const UNITS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

/// The ordinals below twentieth.
pub(super) const ORDINAL_UNITS: [&str; 20] = [
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
];

/// "first" to "tenth": the ordinals a range or a rank is written with.
pub(super) const ORDINALS: &[&str] = ORDINAL_UNITS.split_at(11).0.split_at(1).1;
