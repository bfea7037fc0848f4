//! The statistics screen, for the selected deck or all decks: a calendar heatmap of the last
//! year (weeks as columns, like Anki's), the due forecast for 30 days, the figures, and the
//! weakest tags (Enter studies the one under the cursor). The figures are worked out by the run
//! loop (`Effect::LoadStats`) from the decks' outlines (no deck file is read), the snapshot and
//! the log's running totals; this screen shows them.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, BorderType, Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use super::parts::{fit, pad, scroll_mark_within};
use super::study::Study;
use super::{ScreenView, Step};
use crate::domain::ids::DeckId;
use crate::domain::session::Counts;
use crate::domain::stats::{Recall, Stats, TagAccuracy};
use crate::domain::weak_tags::TagCount;
use crate::domain::words::{plural, time_spent};
use crate::tui::action::{Action, Effect, Scope};
use crate::tui::shared::{DeckEntry, Shared};

/// The statistics screen.
#[derive(Debug, Clone)]
pub struct StatsScreen {
    pub scope: Scope,
    pub stats: Box<Stats>,
    /// The tag under the cursor in "weakest tags".
    pub cursor: usize,
    /// Today's learning and due cards of the decks in scope, as the deck list counts them
    /// (its Learn and Due columns, added up), so that both screens tell one story.
    pub today: Counts,
}

/// The decks (deck-list positions) the statistics of every deck (`all`), or of the selected
/// one, are for: all decks when the selection is a broken file.
fn in_scope(sh: &Shared, all: bool) -> Vec<usize> {
    if all {
        sh.usable()
    } else {
        sh.selected_or_all()
    }
}

/// The deck list's counts of the decks in `scope` (see [`StatsScreen::today`]), added up.
pub fn today_counts(sh: &Shared, scope: &Scope) -> Counts {
    in_scope(sh, scope.is_all())
        .into_iter()
        .fold(Counts::default(), |mut sum, i| {
            let c = sh.decks[i].counts;
            sum.new += c.new;
            sum.learning += c.learning;
            sum.due += c.due;
            sum
        })
}

/// Asks the run loop for the statistics of every deck (`all`), or of the selected one (all
/// decks when the selection is a broken file).
pub fn request(sh: &mut Shared, all: bool) -> Step {
    let scope = in_scope(sh, all);
    let ids: Vec<DeckId> = scope
        .iter()
        .filter_map(|&i| sh.decks[i].id())
        .map(DeckId::from)
        .collect();
    let selected = sh.decks.get(sh.selected).and_then(DeckEntry::title);
    let scope = match (all, selected) {
        (false, Some(title)) => Scope::Deck {
            title: title.to_owned(),
        },
        _ => Scope::All { decks: ids.len() },
    };
    Step::run(vec![Effect::LoadStats(ids, scope)])
}

impl StatsScreen {
    /// The tags with at least one miss, weakest first: a tag always right is not weak.
    /// (`by_tag` is ranked by `domain::weak_tags::weakest_first`, so they are its first rows.)
    pub fn weak_tags(&self) -> &[TagAccuracy] {
        let n = self.stats.by_tag.iter().take_while(|t| t.missed()).count();
        &self.stats.by_tag[..n]
    }

    /// This screen, to come back to from the memory-model screens it opens.
    fn boxed(&self) -> Box<super::Screen> {
        Box::new(super::Screen::Stats(Box::new(self.clone())))
    }

    pub fn update(&mut self, sh: &mut Shared, action: Action) -> Step {
        match action {
            Action::ToggleScope => request(sh, !self.scope.is_all()),
            Action::Up => {
                self.cursor = self.cursor.saturating_sub(1);
                Step::stay()
            }
            Action::Down => {
                self.cursor = (self.cursor + 1).min(self.weak_tags().len().saturating_sub(1));
                Step::stay()
            }
            Action::CramTag => match self.weak_tags().get(self.cursor) {
                Some(t) => {
                    let tag = t.tag.clone();
                    if self.scope.is_all() {
                        select_most_tagged(sh, &tag);
                    }
                    Study::tag(sh, &tag)
                }
                None => Step::stay(),
            },
            Action::OpenPlan => super::plan::open(sh, Some(self.boxed())),
            Action::OpenRetention => super::retention::open(Some(self.boxed())),
            Action::Optimize => super::optimize::open(Some(self.boxed())),
            Action::Back => Step::home(),
            _ => Step::stay(),
        }
    }
}

/// Selects the deck with most cards tagged `tag`.
fn select_most_tagged(sh: &mut Shared, tag: &str) {
    if let Some(i) = most_tagged(sh, tag) {
        sh.selected = i;
    }
}

/// The position of the deck with most cards tagged `tag`, counted in the decks' outlines
/// (whether or not their files have been read).
pub fn most_tagged(sh: &Shared, tag: &str) -> Option<usize> {
    let count = |e: &DeckEntry| {
        if !e.usable() {
            return 0;
        }
        e.outline
            .tags
            .iter()
            .find(|(t, _)| t == tag)
            .map_or(0, |(_, cards)| cards.len())
    };
    sh.decks
        .iter()
        .enumerate()
        .max_by_key(|(_, e)| count(e))
        .map(|(i, _)| i)
}

/// The deck [`Action::CramTag`] studies from: the selected one, or in the statistics of all
/// decks the one with most cards tagged as the tag under the cursor (its file must be read).
pub fn cram_tag_deck(screen: &StatsScreen, sh: &Shared) -> Option<usize> {
    let tag = &screen.stats.by_tag.get(screen.cursor)?.tag;
    if screen.scope.is_all() {
        most_tagged(sh, tag)
    } else {
        Some(sh.selected)
    }
}

/// One cell of the heatmap for a day with `n` reviews, relative to the busiest day.
fn shade(n: u32, max: u32) -> &'static str {
    match n {
        0 => "·",
        _ if n * 4 <= max => "░",
        _ if n * 2 <= max => "▒",
        _ if n * 4 <= max * 3 => "▓",
        _ => "█",
    }
}

/// The predicted recall on exam day of the decks the statistics cover (none without an exam
/// date): the selected deck's, or every usable deck's, weighted by their cards.
fn exam_recall(sh: &Shared, scope: &Scope) -> Option<Recall> {
    sh.settings.exam_date?;
    let entries: Vec<&DeckEntry> = match scope {
        Scope::Deck { .. } => sh.decks.get(sh.selected).into_iter().collect(),
        Scope::All { .. } => sh.decks.iter().filter(|e| e.usable()).collect(),
    };
    let recalls: Vec<Recall> = entries.iter().filter_map(|e| e.exam).collect();
    let cards: u32 = recalls.iter().map(|r| r.cards).sum();
    if recalls.is_empty() {
        return None;
    }
    let mean = if cards == 0 {
        0.0
    } else {
        recalls
            .iter()
            .map(|r| r.mean * f64::from(r.cards))
            .sum::<f64>()
            / f64::from(cards)
    };
    Some(Recall {
        mean,
        below_90: recalls.iter().map(|r| r.below_90).sum(),
        cards,
        studied: recalls.iter().map(|r| r.studied).sum(),
    })
}

fn pct(r: Option<f64>) -> String {
    r.map_or("–".into(), |r| format!("{:.0}%", r * 100.0))
}

impl Widget for ScreenView<'_, StatsScreen> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (s, cursor, theme) = (&*self.screen.stats, self.screen.cursor, self.theme);
        let title = self.screen.scope.title();
        // The figures' box is half the width; its lines are laid out first, so the heatmap
        // can give way to them in a short window.
        let fig_w = usize::from((area.width / 2).saturating_sub(2));
        // Figures.
        let st = s.states;
        let mut lines = vec![
            Line::from(vec![
                Span::raw("Cards   "),
                Span::styled(format!("{} new", st.new), theme.new_count()),
                Span::raw(" · "),
                Span::styled(format!("{} learning", st.learning), theme.learn_count()),
            ]),
            Line::from(vec![
                Span::raw("        "),
                Span::styled(format!("{} young", st.young), theme.due_count()),
                Span::raw(format!(" · {} mature", st.mature)),
            ]),
            Line::from(match (s.reviews, s.total_ms) {
                (0, _) => "Nothing studied yet".to_owned(),
                // Answers without times (imported from Anki without them).
                (n, 0) => format!("Studied {}", plural(n, "answer")),
                (n, ms) => {
                    let studied = format!("{} in {}", plural(n, "answer"), time_spent(ms));
                    if 8 + studied.width() <= fig_w {
                        format!("Studied {studied}")
                    } else {
                        studied
                    }
                }
            }),
            Line::from(format!(
                "Streak  {}; longest {}",
                plural(s.current_streak, "day"),
                s.longest_streak
            )),
        ];
        // Before the retention rows, so that a short window cuts those first.
        match exam_recall(self.shared, &self.screen.scope) {
            // Not started: a mean of 0 would say nothing about readiness.
            Some(r) if r.not_started() => {
                lines.push(Line::from(vec![
                    Span::raw("Exam    "),
                    Span::styled("not started", theme.warning()),
                ]));
                let none = format!("        none of {} answered yet", plural(r.cards, "card"));
                lines.push(Line::from(if none.width() <= fig_w {
                    none
                } else {
                    format!("        none of {} answered", r.cards)
                }));
            }
            Some(r) => {
                lines.push(Line::from(vec![
                    Span::raw("Exam    "),
                    Span::styled(
                        format!("predicted recall {:.0}%", r.mean * 100.0),
                        theme.warning(),
                    ),
                ]));
                let below = format!("{} of {} below 90%", r.below_90, plural(r.cards, "card"));
                lines.push(Line::from(if 8 + below.width() <= fig_w {
                    format!("        {below}")
                } else {
                    below
                }));
            }
            None => {}
        }
        let head = "Retention (reviews not Again):";
        lines.push(Line::from(Span::styled(
            if head.width() <= fig_w {
                head
            } else {
                "Retention (not Again):"
            },
            theme.dim(),
        )));
        for r in &s.retention {
            let wide = format!(
                "  last {:>3} days  {:>4}  ({})",
                r.days,
                pct(r.rate()),
                plural(r.answers, "answer")
            );
            // A narrow window: "  7 days   85% of 13", as the weakest tags say it.
            lines.push(Line::from(if wide.width() <= fig_w {
                wide
            } else {
                format!(
                    "  {:>3} days  {:>4} of {}",
                    r.days,
                    pct(r.rate()),
                    r.answers
                )
            }));
        }
        let figures_box = Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .title(" Progress "),
        );
        let figures_h = u16::try_from(figures_box.line_count((area.width / 2).saturating_sub(2)))
            .unwrap_or(u16::MAX)
            .max(9);
        // The heatmap is a row a weekday (9 rows with its borders) when the figures fit under
        // it, else one row of weekly totals (3 rows), so a short window cuts no figure.
        let by_week = 9 + figures_h > area.height;
        let [heat, lower] = Layout::vertical([
            Constraint::Length(if by_week { 3 } else { 9 }),
            Constraint::Min(6),
        ])
        .areas(area);
        let [figures, right] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(lower);
        let [forecast, tags] =
            Layout::vertical([Constraint::Length(7), Constraint::Min(3)]).areas(right);
        let figures_box = if figures_h > figures.height {
            figures_box.block(
                Block::bordered()
                    .border_type(BorderType::Rounded)
                    .title(" Progress ")
                    .title_bottom(Line::from(" … cut ").right_aligned()),
            )
        } else {
            figures_box
        };

        // Heatmap: rows Monday..Sunday, one column per week, the newest week on the right
        // (or one row of weekly totals, `by_week`).
        let inner_w = heat.width.saturating_sub(8) as usize;
        let weeks = inner_w.min(53);
        let last = s.heatmap.last().map(|(d, _)| *d);
        // The reviews on `weekday` of the week `w` back from this one (none after today).
        let day = |w: usize, weekday: i8| {
            let l = last?;
            let monday = l
                .checked_sub(jiff::Span::new().days(i64::from(l.weekday().to_monday_zero_offset())))
                .ok()?;
            let d = monday
                .checked_sub(jiff::Span::new().weeks(w as i64))
                .ok()?
                .checked_add(jiff::Span::new().days(i64::from(weekday)))
                .ok()?;
            (d <= l).then(|| {
                s.heatmap
                    .iter()
                    .find(|(x, _)| *x == d)
                    .map_or(0, |(_, n)| *n)
            })
        };
        let cell = |n: Option<u32>, max: u32| match n {
            Some(n) => Span::styled(
                shade(n, max),
                if n > 0 {
                    theme.due_count()
                } else {
                    theme.dim()
                },
            ),
            None => Span::raw(" "),
        };
        let mut rows: Vec<Line> = Vec::new();
        let (max, busiest) = if by_week {
            let totals: Vec<u32> = (0..weeks)
                .rev()
                .map(|w| (0..7).filter_map(|wd| day(w, wd)).sum())
                .collect();
            let max = totals.iter().copied().max().unwrap_or(0);
            let mut spans = vec![Span::styled("Wks ", theme.dim())];
            spans.extend(totals.iter().map(|&n| cell(Some(n), max)));
            rows.push(Line::from(spans));
            (max, "week")
        } else {
            let max = s.heatmap.iter().map(|(_, n)| *n).max().unwrap_or(0);
            for weekday in 0..7i8 {
                let mut spans = vec![Span::styled(
                    ["Mon ", "    ", "Wed ", "    ", "Fri ", "    ", "Sun "][weekday as usize],
                    theme.dim(),
                )];
                spans.extend((0..weeks).rev().map(|w| cell(day(w, weekday), max)));
                rows.push(Line::from(spans));
            }
            (max, "day")
        };
        let total: u32 = s.heatmap.iter().map(|(_, n)| n).sum();
        // A long deck title gives way to the figures.
        let figures_of = format!(
            ": {} in the last year (busiest {busiest} {max}) ",
            plural(total, "review")
        );
        let room = usize::from(heat.width.saturating_sub(3)).saturating_sub(figures_of.width());
        Paragraph::new(rows)
            .block(
                Block::bordered()
                    .border_type(BorderType::Rounded)
                    .title(format!(" {}{figures_of}", fit(&title, room))),
            )
            .render(heat, buf);

        figures_box.render(figures, buf);

        // Forecast: a bar a day, over a ruler of the days (today, +7, +14, …): a day with
        // nothing due has no bar, and the ruler still says which column is which day. Today
        // is told as the deck list tells it (its Learn and Due columns: reviews within the
        // day's limit); the bars count every card due on a day, learning ones too.
        let week: u32 = s.forecast.iter().take(7).sum();
        // The closing space goes first when room is short.
        let room = usize::from(forecast.width.saturating_sub(2));
        let titled = |t: String| {
            let t = fit(&t, room);
            if t.width() < room { t + " " } else { t }
        };
        let today = self.screen.today;
        let block = Block::bordered()
            .border_type(BorderType::Rounded)
            .title(titled(format!(
                " Today: Learn {} · Due {}",
                today.learning, today.due
            )))
            .title_bottom(titled(format!(" {week} due in the next 7 days")));
        let inner = block.inner(forecast);
        block.render(forecast, buf);
        let [bars_area, ruler] =
            Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(inner);
        let bars: Vec<Bar> = s
            .forecast
            .iter()
            .map(|n| {
                Bar::default()
                    .value(u64::from(*n))
                    .text_value(String::new())
            })
            .collect();
        BarChart::default()
            .data(BarGroup::default().bars(&bars))
            .bar_width(1)
            .bar_gap(0)
            .bar_style(theme.due_count())
            .value_style(Style::new())
            .render(bars_area, buf);
        let days = s.forecast.len().min(usize::from(inner.width));
        Paragraph::new(Span::styled(forecast_ruler(days), theme.dim())).render(ruler, buf);

        // Weakest tags.
        // The rows around the cursor that fit.
        let visible = tags.height.saturating_sub(2) as usize;
        let first = cursor.saturating_sub(visible.saturating_sub(1));
        let weak = self.screen.weak_tags();
        let mut tl: Vec<Line> = weak
            .iter()
            .enumerate()
            .skip(first)
            .take(visible)
            .map(|(i, t)| {
                let style = if t.rate() < 0.5 {
                    theme.error()
                } else if t.rate() < 0.8 {
                    theme.warning()
                } else {
                    theme.answer()
                };
                // The tag gives way to its figures in a narrow window.
                let of = format!(" of {}", t.answers);
                let tag_w = 18
                    .min(usize::from(tags.width.saturating_sub(2)).saturating_sub(5 + of.width()));
                let line = Line::from(vec![
                    Span::raw(pad(&t.tag, tag_w)),
                    Span::styled(format!("{:>4.0}%", t.rate() * 100.0), style),
                    Span::styled(of, theme.dim()),
                ]);
                if i == cursor {
                    line.patch_style(theme.selected())
                } else {
                    line
                }
            })
            .collect();
        if tl.is_empty() {
            tl.push(Line::from(Span::styled(
                if s.by_tag.is_empty() {
                    "No tagged answers yet."
                } else {
                    "None: every tagged answer was right."
                },
                theme.dim(),
            )));
        }
        // Rows above and below the window are said on the bottom border, as every list says
        // them.
        let mut block = Block::bordered()
            .border_type(BorderType::Rounded)
            .title(" Weakest tags ");
        let room = usize::from(tags.width.saturating_sub(2));
        if let Some(mark) = scroll_mark_within(first > 0, first + visible < weak.len(), room) {
            block = block.title_bottom(mark);
        }
        Paragraph::new(tl).block(block).render(tags, buf);
    }
}

/// The row under the forecast's bars, a character a day for `days` days: "today" from day 0,
/// "+7", "+14", … from those days (a label only where it fits whole), a dot on every other day.
pub(crate) fn forecast_ruler(days: usize) -> String {
    let mut row = vec!['·'; days];
    let labels = std::iter::once((0, "today".to_owned()))
        .chain((7..days).step_by(7).map(|d| (d, format!("+{d}"))));
    for (at, label) in labels {
        if at + label.chars().count() <= days {
            for (x, c) in row[at..].iter_mut().zip(label.chars()) {
                *x = c;
            }
        }
    }
    row.into_iter().collect()
}
