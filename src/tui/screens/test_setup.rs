//! The mock-test setup: which decks, how many questions, how long, the marking scheme, a tag,
//! and whether misses come back in reviews. Enter starts the test. Its counts and tags come
//! from the decks' outlines: opening it reads no deck file.

use jiff::Timestamp;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use unicode_width::UnicodeWidthStr;

use super::parts::{block, fit, fmt_marks};
use super::test_run::TestRun;
use super::{Screen, ScreenView, Step};
use crate::domain::mock::{MINUTES_PER_QUESTION, Marking, TestSpec};
use crate::domain::mock_draw;
use crate::domain::words::plural;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::shared::{Shared, Status};

/// The marking schemes offered.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scheme {
    UpscGs,
    UpscCsat,
    Plain,
    Custom(Marking),
}

impl Scheme {
    pub fn marking(self) -> Marking {
        match self {
            Scheme::UpscGs => Marking::UPSC_GS,
            Scheme::UpscCsat => Marking::UPSC_CSAT,
            Scheme::Plain => Marking::NONE,
            Scheme::Custom(m) => m,
        }
    }

    pub fn label(self) -> String {
        let m = self.marking();
        let name = match self {
            Scheme::UpscGs => "UPSC GS",
            Scheme::UpscCsat => "UPSC CSAT",
            Scheme::Plain => "No negative marking",
            Scheme::Custom(_) => "Custom",
        };
        format!(
            "{name}: +{} right, {} wrong",
            fmt_marks(m.right),
            fmt_marks(m.wrong)
        )
    }

    fn next(self) -> Scheme {
        match self {
            Scheme::UpscGs => Scheme::UpscCsat,
            Scheme::UpscCsat => Scheme::Plain,
            Scheme::Plain | Scheme::Custom(_) => Scheme::UpscGs,
        }
    }
}

/// The step for changing `minutes`: 1 up to 10 minutes, 5 up to an hour, then 10.
fn step(minutes: f64) -> f64 {
    if minutes < 10.0 {
        1.0
    } else if minutes < 60.0 {
        5.0
    } else {
        10.0
    }
}

/// The next longer time on the steps (at most 10 hours).
fn longer(minutes: f64) -> f64 {
    let st = step(minutes);
    ((minutes / st).floor() * st + st).min(600.0)
}

/// The next shorter time on the steps (at least a minute).
fn shorter(minutes: f64) -> f64 {
    let st = step(minutes - 0.5);
    ((minutes / st).ceil() * st - st).max(1.0)
}

/// The setup screen.
#[derive(Debug, Clone)]
pub struct Setup {
    /// Per deck-list entry: chosen or not (broken decks cannot be).
    pub chosen: Vec<bool>,
    pub cursor: usize,
    pub questions: usize,
    /// Minutes set by hand; until then the time follows the questions the test will really
    /// have, at the UPSC pace ([`Setup::pace_minutes`]).
    pub minutes: Option<f64>,
    pub scheme: Scheme,
    /// Only questions with this tag (all when `None`).
    pub tag: Option<String>,
    pub requeue: bool,
    /// Questions the chosen decks and tag can give (worked out when they change).
    pub available: usize,
    /// Facts (cards) of the chosen decks with the tag: each can give at most one question.
    pub facts: usize,
    /// The minutes being typed (a digit starts it; Enter sets the time, Esc cancels).
    pub typing: Option<String>,
}

/// The longest test the setup offers, in minutes.
const MAX_MINUTES: u32 = 600;

impl Setup {
    /// The setup for the selected deck (all decks when the selection is a broken file).
    pub fn open(sh: &mut Shared) -> Step {
        let mut chosen: Vec<bool> = vec![false; sh.decks.len()];
        for i in sh.selected_or_all() {
            chosen[i] = true;
        }
        let questions = 10;
        sh.status = None;
        let mut setup = Setup {
            chosen,
            cursor: sh.selected,
            questions,
            minutes: None,
            scheme: Scheme::UpscGs,
            tag: None,
            requeue: true,
            available: 0,
            facts: 0,
            typing: None,
        };
        setup.count(sh);
        Step::go(Screen::TestSetup(Box::new(setup)))
    }

    /// Works out how many questions the chosen decks and tag can give, from their outlines.
    fn count(&mut self, sh: &Shared) {
        let tags: Vec<String> = self.tag.iter().cloned().collect();
        let sources = sh.test_sources(&self.chosen);
        self.available = mock_draw::available_in(&sources, &tags);
        self.facts = sources
            .iter()
            .map(|s| match &self.tag {
                None => s.outline.cards(),
                Some(t) => s
                    .outline
                    .tags()
                    .iter()
                    .find(|(name, _)| name == t)
                    .map_or(0, |(_, cards)| cards.len()),
            })
            .sum();
    }

    /// The test the setup describes.
    pub fn spec(&self) -> TestSpec {
        TestSpec {
            questions: self.questions,
            minutes: self.time(),
            marking: self.scheme.marking(),
            tags: self.tag.clone().into_iter().collect(),
            requeue: self.requeue,
            paced: self.minutes.is_none(),
        }
    }

    /// The keys in force: typing the minutes, or choosing.
    pub fn context(&self) -> Context {
        if self.typing.is_some() {
            Context::SetupTime
        } else {
            Context::Setup
        }
    }

    /// An action while the minutes are being typed.
    fn type_minutes(&mut self, sh: &mut Shared, action: Action) {
        let Some(typed) = &mut self.typing else {
            return;
        };
        match action {
            Action::Input(c) if c.is_ascii_digit() && typed.len() < 3 => typed.push(c),
            Action::Backspace => {
                typed.pop();
            }
            Action::Submit => match typed.parse::<u32>() {
                Ok(m) if (1..=MAX_MINUTES).contains(&m) => {
                    self.minutes = Some(f64::from(m));
                    self.typing = None;
                    sh.status = None;
                }
                _ => {
                    sh.status = Status::note(format!(
                        "Type the test's time in minutes, 1 to {MAX_MINUTES}; Esc keeps {} min.",
                        fmt_marks(self.time())
                    ))
                }
            },
            Action::Back => {
                self.typing = None;
                sh.status = None;
            }
            _ => {}
        }
    }

    /// The questions the test will have: those asked for, or fewer when fewer are available.
    pub fn real_questions(&self) -> usize {
        self.questions.min(self.available)
    }

    /// The time at the UPSC pace for the questions the test will really have.
    pub fn pace_minutes(&self) -> f64 {
        (self.real_questions() as f64 * MINUTES_PER_QUESTION).max(1.0)
    }

    /// The time the test will have: as set, else at the UPSC pace.
    pub fn time(&self) -> f64 {
        self.minutes.unwrap_or_else(|| self.pace_minutes())
    }

    /// Tags of the chosen decks' cards, sorted.
    pub fn tags(&self, sh: &Shared) -> Vec<String> {
        let mut tags: Vec<String> = sh
            .test_sources(&self.chosen)
            .iter()
            .flat_map(|s| s.outline.tags().iter().map(|(t, _)| t.clone()))
            .collect();
        tags.sort();
        tags.dedup();
        tags
    }

    pub fn update(&mut self, sh: &mut Shared, action: Action, now: Timestamp) -> Step {
        let s = self;
        if s.typing.is_some() {
            s.type_minutes(sh, action);
            return Step::stay();
        }
        let n = sh.decks.len();
        match action {
            Action::Input(c) if c.is_ascii_digit() => s.typing = Some(c.to_string()),
            Action::Up if n > 0 => s.cursor = (s.cursor + n - 1) % n,
            Action::Down if n > 0 => s.cursor = (s.cursor + 1) % n,
            Action::Toggle => {
                if let Some(e) = sh.decks.get(s.cursor)
                    && e.usable()
                {
                    s.chosen[s.cursor] = !s.chosen[s.cursor];
                    s.tag = None;
                    s.count(sh);
                }
            }
            Action::More => {
                s.questions = if s.questions < 5 {
                    s.questions + 1
                } else {
                    s.questions + 5
                }
                .min(200)
            }
            Action::Fewer => {
                s.questions = if s.questions <= 5 {
                    s.questions.saturating_sub(1).max(1)
                } else {
                    s.questions - 5
                }
            }
            Action::Longer => s.minutes = Some(longer(s.time())),
            Action::Shorter => s.minutes = Some(shorter(s.time())),
            Action::CycleMarking => s.scheme = s.scheme.next(),
            Action::CycleTag => {
                let tags = s.tags(sh);
                s.tag = match &s.tag {
                    None => tags.first().cloned(),
                    Some(t) => tags.iter().skip_while(|x| *x != t).nth(1).cloned(),
                };
                s.count(sh);
            }
            Action::ToggleRequeue => s.requeue = !s.requeue,
            Action::Back => return Step::home(),
            Action::Start => return TestRun::begin(sh, &s.chosen, s.spec(), now),
            _ => {}
        }
        Step::stay()
    }
}

impl Widget for ScreenView<'_, Setup> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (s, sh, theme) = (self.screen, self.shared, self.theme);
        let outer = block(" Mock test ");
        let inner = outer.inner(area);
        outer.render(area, buf);
        let width = usize::from(inner.width);
        let mut lines = Vec::new();
        // A row with its keys after the value, or under it when the row is too wide.
        let row = |label: &str, value: String, keys: &str| {
            let label = Span::raw(format!("{label:<13}"));
            let value = Span::styled(value, theme.question());
            if 13 + value.width() + 3 + keys.width() <= width {
                vec![Line::from(vec![
                    label,
                    value,
                    Span::styled(format!("   {keys}"), theme.dim()),
                ])]
            } else {
                vec![
                    Line::from(vec![label, value]),
                    Line::from(Span::styled(format!("{:13}{keys}", ""), theme.dim())),
                ]
            }
        };
        let real = s.real_questions();
        let questions = if real == 0 {
            format!("0 (of {} asked: none available)", s.questions)
        } else if real < s.questions {
            format!("{real} (of {} asked: only {real} available)", s.questions)
        } else {
            s.questions.to_string()
        };
        lines.extend(row("Questions", questions, "+/- to change"));
        let pace = s.pace_minutes();
        let (time, keys) = match (&s.typing, s.minutes) {
            (Some(typed), _) => (format!("{typed}▏ min"), "Enter sets it, Esc cancels"),
            // No question to time: a minute would be a made-up figure.
            (None, None) if real == 0 => ("none (no questions)".into(), "</> or type minutes"),
            (None, None) => (
                format!("{} min (UPSC pace: 120 min per 100)", fmt_marks(pace)),
                "</> or type minutes",
            ),
            (None, Some(m)) => (
                format!(
                    "{} min (UPSC pace would be {})",
                    fmt_marks(m),
                    fmt_marks(pace)
                ),
                "</> or type minutes",
            ),
        };
        lines.extend(row("Time", time, keys));
        lines.extend(row("Marking", s.scheme.label(), "p to change"));
        lines.extend(row(
            "Tag",
            s.tag.clone().unwrap_or_else(|| "all".into()),
            "g to change",
        ));
        lines.extend(row(
            "Misses",
            if s.requeue {
                "come back in reviews".into()
            } else {
                "stay out of reviews".into()
            },
            "r to change",
        ));
        // A fact is asked at most once; one with too few fitting wrong answers for four
        // options is not asked at all, so the counts can differ: say why.
        let (available, facts) = (s.available, s.facts);
        let from = if !s.chosen.contains(&true) {
            "No deck chosen: Space chooses the deck under ▶.".to_owned()
        } else if available == facts {
            format!("{} available, one per fact.", plural(available, "question"))
        } else {
            format!(
                "{} available from {} ({} too few wrong options).",
                plural(available, "question"),
                plural(facts, "fact"),
                match facts.saturating_sub(available) {
                    1 => "1 has".to_owned(),
                    n => format!("{n} have"),
                }
            )
        };
        let from = Line::from(Span::styled(from, theme.dim()));
        let fed = Line::from(Span::styled(
            format!(
                "Wrong and guessed answers {}.",
                if s.requeue {
                    "become due for review"
                } else {
                    "are not fed back"
                }
            ),
            theme.dim(),
        ));
        // The settings and the notes below the decks, whole; the decks get the rows left, as
        // a window around the cursor that says what it hides. When not every deck fits, the
        // blank lines go, and the last note, which says again what "Misses" says.
        let full: Vec<Line> = std::iter::once(Line::from(""))
            .chain(lines.iter().cloned())
            .chain([Line::from(""), from.clone(), fed])
            .collect();
        let full = Paragraph::new(full).wrap(Wrap { trim: false });
        let decks_h = sh.decks.len().saturating_add(1);
        let below =
            if full.line_count(inner.width).saturating_add(decks_h) <= usize::from(inner.height) {
                full
            } else {
                lines.push(from);
                Paragraph::new(lines).wrap(Wrap { trim: false })
            };
        let below_h = u16::try_from(below.line_count(inner.width))
            .unwrap_or(u16::MAX)
            .min(inner.height.saturating_sub(2));
        let decks_h = u16::try_from(decks_h)
            .unwrap_or(u16::MAX)
            .min(inner.height.saturating_sub(below_h));
        let [decks_area, below_area, _] = Layout::vertical([
            Constraint::Length(decks_h),
            Constraint::Length(below_h),
            Constraint::Fill(1),
        ])
        .areas(inner);
        let n = sh.decks.len();
        let shown = usize::from(decks_area.height.saturating_sub(1)).max(1);
        let first = (s.cursor + 1)
            .saturating_sub(shown)
            .min(n.saturating_sub(shown));
        let hidden_above = first;
        let hidden_below = n.saturating_sub(first + shown);
        let mut heading = vec![Span::styled("Decks (Space to choose):", theme.title())];
        let mut marks = Vec::new();
        if hidden_above > 0 {
            marks.push(format!("↑ {hidden_above} more"));
        }
        if hidden_below > 0 {
            marks.push(format!("↓ {hidden_below} more"));
        }
        if !marks.is_empty() {
            heading.push(Span::styled(format!(" {}", marks.join(" · ")), theme.dim()));
        }
        let mut deck_lines = vec![Line::from(heading)];
        for (i, e) in sh.decks.iter().enumerate().skip(first).take(shown) {
            let cursor = if i == s.cursor { "▶ " } else { "  " };
            let line = match e.title() {
                Some(title) => {
                    let tick = if s.chosen.get(i).copied().unwrap_or(false) {
                        "[x]"
                    } else {
                        "[ ]"
                    };
                    // A test asks each fact once (not each side of a reversed card). A long
                    // title ends in "…" before the count.
                    let facts = format!("  ({})", plural(e.outline.card_count(), "fact"));
                    let room = width.saturating_sub(6 + facts.width());
                    format!("{cursor}{tick} {}{facts}", fit(title, room))
                }
                None => fit(&format!("{cursor}    {} (has errors)", e.origin), width),
            };
            let style = if i == s.cursor {
                theme.selected()
            } else {
                Style::new()
            };
            deck_lines.push(Line::from(Span::styled(line, style)));
        }
        Paragraph::new(deck_lines).render(decks_area, buf);
        below.render(below_area, buf);
    }
}
