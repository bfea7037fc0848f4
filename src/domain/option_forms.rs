//! What the option rules compare most often, worked out once per answer when the pool is
//! built (and copied into a question's key), so that judging one candidate is a few integer
//! tests instead of text work: the normalised text padded with spaces (whole-word containment
//! is then one substring search), a 64-bit set of its tokens and one of its content words (two
//! answers whose sets do not meet cannot contain each other or share a word, so most
//! candidates need no text compared), its length in words and characters, whether it carries
//! labels, for a place the places that contain it, and its *shape*: how it is written (case
//! style, a leading article, a part in parentheses, digit grouping, currency and scale, how
//! precisely a date is given), and for a year the tense of its question. Four options of one
//! question share one shape, so that none is told apart by its form ([`Shape::differs`]).
//! These are data, not rules: each answers exactly what the rule it stands for would compute
//! from the text (`option_rules` says which rule uses which). Pure; must not depend on
//! `store`/`tui`.

use std::fmt;

use super::answer_kind::{AnswerKind, has_labels, month_number};
use super::places;
use super::typed::normalise;

/// An answer's precomputed forms (see the module's paragraph).
#[derive(Debug, Clone, Default)]
pub struct Forms {
    /// `" {norm} "`.
    padded: String,
    /// One bit per token of the normalised text (split at single spaces).
    tokens: u64,
    /// One bit per content word.
    pub(super) word_bits: u64,
    /// [`has_labels`] of the text.
    pub(super) labels: bool,
    /// How the text is written: what every option of a question must share with the key.
    pub(super) shape: Shape,
    /// Words (split at white space) and characters of the text.
    pub(super) word_count: usize,
    pub(super) char_count: usize,
    /// For a place: its plain form and the places that contain it, nearest first.
    place: Option<(String, Vec<&'static str>)>,
}

impl Forms {
    /// The forms of `text`, whose normalised text is `norm` and content words `words`.
    pub fn new(text: &str, norm: &str, words: &[String], kind: AnswerKind) -> Forms {
        Forms {
            padded: padded(norm),
            tokens: norm.split(' ').fold(0, |bits, t| bits | bit(t)),
            word_bits: bits_of(words),
            labels: has_labels(text),
            shape: Shape::of(text, kind),
            word_count: text.split_whitespace().count(),
            char_count: text.chars().count(),
            place: matches!(kind, AnswerKind::Place(_)).then(|| {
                let plain = places::plain(text);
                let up = places::containing(&plain);
                (plain, up)
            }),
        }
    }

    /// Whether `outer`'s normalised text contains `inner`'s as whole words: the same answer
    /// as `contains_words(outer.norm, inner.norm)`. Every token of a text found inside
    /// another is a token of it, so the token sets rule most pairs out without a search.
    pub(super) fn contains(outer: &Forms, inner: &Forms) -> bool {
        inner.padded.len() > 2
            && inner.tokens & !outer.tokens == 0
            && outer.padded.len() >= inner.padded.len()
            && outer.padded.contains(inner.padded.as_str())
    }

    /// Whether the normalised text has `token` as one of its words (split at single spaces):
    /// the token set rules most texts out without a search.
    pub(super) fn has_token(&self, token: &str) -> bool {
        self.tokens & bit(token) != 0 && self.padded.split(' ').any(|w| w == token)
    }

    /// `place_contains(outer, inner)`, from the forms when both are places' (else from the
    /// texts).
    pub(super) fn place_contains(
        outer: &Forms,
        inner: &Forms,
        outer_text: &str,
        inner_text: &str,
    ) -> bool {
        match (&outer.place, &inner.place) {
            (Some((o, _)), Some((_, up))) => up.contains(&o.as_str()),
            _ => places::place_contains(outer_text, inner_text),
        }
    }
}

/// What of an answer's forms alone can rule it out for every key of one kind of form: its
/// [`Shape`], whether it carries labels, and its length in words. Answers that share them fall
/// under one rule for a given key ([`Facets::may_pass`]), so the pool groups its candidates
/// by them and a question visits only the groups that can pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Facets {
    shape: Shape,
    labels: bool,
    word_count: usize,
}

impl Facets {
    /// The facets of an answer with these forms.
    pub(super) fn of(forms: &Forms) -> Facets {
        Facets {
            shape: forms.shape,
            labels: forms.labels,
            word_count: forms.word_count,
        }
    }

    /// Whether an answer with these facets may pass the rules for a key with forms `key`:
    /// `false` only when `Key::admits` refuses it whatever its text (labels, another form,
    /// much longer or shorter in words).
    pub(super) fn may_pass(&self, key: &Forms) -> bool {
        !self.labels
            && Shape::differs(&key.shape, &self.shape).is_none()
            && !words_out_of_range(key.word_count, self.word_count)
    }
}

/// Whether an option of `option` words is much longer or shorter than a key of `key` words
/// (half of the length rule; `Key::admits` compares characters too).
pub(super) fn words_out_of_range(key: usize, option: usize) -> bool {
    option * 2 + 1 < key || option > (key * 2).max(key + 2)
}

/// `norm` with a space before and after it (`format!(" {norm} ")` without the formatter).
fn padded(norm: &str) -> String {
    let mut out = String::with_capacity(norm.len() + 2);
    out.push(' ');
    out.push_str(norm);
    out.push(' ');
    out
}

/// The set of `words`, one bit each.
pub(super) fn bits_of(words: &[String]) -> u64 {
    words.iter().fold(0, |bits, w| bits | bit(w))
}

/// One of 64 bits for a word (FNV-1a), the same on every machine.
fn bit(word: &str) -> u64 {
    let h = word.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    1 << (h % 64)
}

/// How an answer is written, facet by facet: the form that all four options of a question
/// share with the key, so that no option stands out by its form rather than its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Shape {
    pub case: Case,
    /// Opens with "the", "a" or "an" ("The 18th", "The two countries' foreign ministries").
    pub article: bool,
    /// Has a part in parentheses ("Ministry of Economy, Trade and Industry (METI)").
    pub paren: bool,
    /// How a number of four digits or more groups its digits.
    pub grouping: Option<Grouping>,
    /// An amount's currency ("₹", "$", "¥") and scale ("crore", "billion"), or `""`.
    pub currency: &'static str,
    pub scale: &'static str,
    /// How precisely a date is given.
    pub grain: Option<Grain>,
}

/// A facet of [`Shape`] in which an option differs from the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facet {
    Case,
    Article,
    Parenthesis,
    Grouping,
    Currency,
    Scale,
    Grain,
}

impl fmt::Display for Facet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Facet::Case => "case style (a name in capitals beside a phrase in lower case)",
            Facet::Article => "a leading article (\"the\", \"a\") where the key has none, or none where it has one",
            Facet::Parenthesis => "a part in parentheses where the key has none, or none where it has one",
            Facet::Grouping => "digits grouped another way",
            Facet::Currency => "another currency",
            Facet::Scale => "another scale (crore, lakh, million, billion)",
            Facet::Grain => "a date given more or less precisely (a day, days, a month, part of a year)",
        })
    }
}

/// How a text is capitalised, its first word aside (an option is shown with its first letter
/// raised): a name or title with every longer word capitalised ("Free and Open Indo-Pacific",
/// "Vikram Misri"), a phrase with some in lower case ("Market concentration", "Congress
/// leader Manish Tewari"), or too short to tell ("Agriculture", "Mitsui & Co.").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Case {
    Title,
    Phrase,
    #[default]
    Either,
}

/// How precisely a date is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Grain {
    /// "26 April 2026".
    Day,
    /// "29–30 August 2025".
    Days,
    /// "November 2024".
    Month,
    /// "early 2026", "2025".
    PartOfYear,
}

impl Shape {
    /// The shape of `text`, an answer of `kind`.
    pub fn of(text: &str, kind: AnswerKind) -> Shape {
        let numeric = matches!(
            kind,
            AnswerKind::Amount | AnswerKind::Number | AnswerKind::Percentage
        );
        let (currency, scale) = if kind == AnswerKind::Amount {
            money(text)
        } else {
            ("", "")
        };
        let first = text.split_whitespace().next().unwrap_or("").to_lowercase();
        Shape {
            // A list's items are names and phrases mixed; its case tells nothing.
            case: if kind == AnswerKind::List {
                Case::Either
            } else {
                case_of(text)
            },
            article: matches!(first.as_str(), "the" | "a" | "an"),
            paren: text.contains('(') && text.contains(')') && !has_labels(text),
            grouping: if numeric { grouping(text) } else { None },
            currency,
            scale,
            grain: (kind == AnswerKind::Date).then(|| grain(text)),
        }
    }

    /// The first facet in which `option` is written otherwise than `key`, or `None` when the
    /// two read alike.
    pub fn differs(key: &Shape, option: &Shape) -> Option<Facet> {
        if !matches!(
            (key.case, option.case),
            (Case::Either, _) | (_, Case::Either)
        ) && key.case != option.case
        {
            return Some(Facet::Case);
        }
        if key.article != option.article {
            return Some(Facet::Article);
        }
        if key.paren != option.paren {
            return Some(Facet::Parenthesis);
        }
        if let (Some(k), Some(o)) = (key.grouping, option.grouping)
            && !k.agrees(o)
        {
            return Some(Facet::Grouping);
        }
        if key.currency != option.currency {
            return Some(Facet::Currency);
        }
        if key.scale != option.scale {
            return Some(Facet::Scale);
        }
        if key.grain != option.grain {
            return Some(Facet::Grain);
        }
        None
    }
}

/// [`Case`] of a text: the words of four letters or more after the first (other than a few
/// joining words and acronyms), split at spaces, dashes and slashes.
fn case_of(text: &str) -> Case {
    const JOINING: &[&str] = &[
        "with", "from", "into", "over", "under", "upon", "between", "among",
    ];
    let mut words = text
        .split(|c: char| c.is_whitespace() || c == '–' || c == '-' || c == '/')
        .filter(|w| !w.is_empty());
    words.next();
    let mut case = Case::Either;
    // An acronym ("NTBs", "TITP") is written in capitals in a phrase and a name alike.
    for w in words
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .filter(|w| w.chars().filter(|c| c.is_uppercase()).count() < 2)
        .filter(|w| !JOINING.contains(&w.to_lowercase().as_str()))
    {
        let capital = w
            .chars()
            .find(|c| c.is_alphanumeric())
            .is_some_and(|c| !c.is_lowercase());
        if !capital {
            return Case::Phrase;
        }
        case = Case::Title;
    }
    case
}

/// An amount's currency and scale words.
fn money(text: &str) -> (&'static str, &'static str) {
    let t = text.to_lowercase();
    let currency = [
        ("₹", "₹"),
        ("rs", "₹"),
        ("inr", "₹"),
        ("rupee", "₹"),
        ("$", "$"),
        ("usd", "$"),
        ("dollar", "$"),
        ("¥", "¥"),
        ("yen", "¥"),
        ("jpy", "¥"),
        ("€", "€"),
        ("euro", "€"),
    ]
    .iter()
    .find(|(w, _)| {
        if w.is_ascii() {
            t.split(|c: char| !c.is_alphanumeric())
                .any(|x| x == *w || x.strip_suffix('s') == Some(w))
        } else {
            t.contains(w)
        }
    })
    .map_or("", |(_, c)| c);
    let scale = [
        "crore", "lakh", "thousand", "million", "billion", "trillion",
    ]
    .into_iter()
    .find(|w| {
        t.split(|c: char| !c.is_alphanumeric())
            .any(|x| x == *w || x.strip_suffix('s') == Some(w))
    })
    .unwrap_or("");
    (currency, scale)
}

/// How precisely a date is written.
fn grain(text: &str) -> Grain {
    let lowered = text.to_lowercase();
    let words: Vec<&str> = lowered
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let Some(m) = words.iter().position(|w| month_number(w).is_some()) else {
        return Grain::PartOfYear;
    };
    let days: Vec<&str> = words[..m]
        .iter()
        .flat_map(|w| w.split(['–', '-', '—']))
        .filter(|d| d.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .collect();
    match days.len() {
        0 => Grain::Month,
        1 => Grain::Day,
        _ => Grain::Days,
    }
}

/// How a number's digits are written, where the forms differ: Indian grouping ("1,03,720"),
/// international ("103,720"), a separator that reads the same both ways ("10,372",
/// "1,037") or none ("10372", "1037").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Grouping {
    Indian,
    International,
    Either,
    Plain,
}

impl Grouping {
    /// Whether two numbers are written in one form.
    fn agrees(self, other: Grouping) -> bool {
        use Grouping::*;
        self == other
            || matches!(
                (self, other),
                (Either, Indian | International) | (Indian | International, Either)
            )
    }
}

/// The grouping of the first number of four digits or more in `text`.
pub fn grouping(text: &str) -> Option<Grouping> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i].is_ascii_digit()
            && (i == 0 || !(chars[i - 1].is_ascii_digit() || chars[i - 1] == '.'));
        if !starts {
            i += 1;
            continue;
        }
        // The integer part: digit runs joined by single commas.
        let mut groups: Vec<usize> = vec![0];
        let mut j = i;
        while j < chars.len() {
            if chars[j].is_ascii_digit() {
                if let Some(g) = groups.last_mut() {
                    *g += 1;
                }
            } else if chars[j] == ',' && chars.get(j + 1).is_some_and(char::is_ascii_digit) {
                groups.push(0);
            } else {
                break;
            }
            j += 1;
        }
        let digits: usize = groups.iter().sum();
        if digits >= 4 {
            let inner = &groups[1..];
            return Some(if groups.len() == 1 {
                Grouping::Plain
            } else if digits <= 5 {
                Grouping::Either
            } else if inner.iter().all(|&g| g == 3) {
                Grouping::International
            } else {
                Grouping::Indian
            });
        }
        i = j;
    }
    None
}

/// Whether a question about a year asks of the past or the future.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tense {
    Past,
    Future,
}

/// The tense of `question` when its answer is a year ("In which year will India and Japan
/// mark 75 years …?" asks of the future; everything else of the past): a year of a future
/// event is never offered for a past one, nor the other way round.
pub(super) fn tense_of(kind: AnswerKind, question: &str) -> Option<Tense> {
    (kind == AnswerKind::Year).then(|| tense_of_normalised(&normalise(question)))
}

/// [`tense_of`] a year's question already normalised.
pub(super) fn tense_of_normalised(q: &str) -> Tense {
    let future = q
        .split(' ')
        .any(|w| matches!(w, "will" | "shall" | "upcoming" | "planned" | "plans"));
    if future { Tense::Future } else { Tense::Past }
}
