//! A mock test being taken: the timed paper, one question at a time, with a palette of every
//! question, mark-for-review, confidence tags, "go to question" and a submit prompt. Submitting
//! (or the time running out) records the test and opens the results. The test as it stands is
//! handed to the run loop to keep (`Effect::SaveTest`) after every change and every
//! [`SAVE_EVERY_SECS`] of the clock; leaving (Ctrl-C, Esc then `l`) asks first, and the next
//! start offers to resume the test or submit it (`test_resume`).

use jiff::Timestamp;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Padding, Paragraph, Widget, Wrap};

use super::parts::{fit, question_lines_at, scroll_mark};
use super::test_results::ResultsView;
use super::{Screen, ScreenView, Step};
use crate::domain::mock::{MockTest, Paused, Results, TestAnswer, TestSpec};
use crate::domain::mock_draw;
use crate::domain::progress::Mode;
use crate::domain::quiz::{Verdict, option_letter};
use crate::domain::scheduler::Rating;
use crate::domain::session::{Answer, answer_item};
use crate::domain::words::plural;
use crate::tui::action::{Action, Effect};
use crate::tui::keymap::Context;
use crate::tui::shared::{Shared, Status};
use crate::tui::theme::Theme;

/// Seconds of the clock between two saves of a test nobody touches (the time left is kept to
/// within this after a crash).
pub const SAVE_EVERY_SECS: i64 = 15;

/// Width of the palette panel on the right of the question.
const PANEL_WIDTH: u16 = 22;

/// The question's area and the palette's, in the screen's body.
fn areas(body: Rect) -> [Rect; 2] {
    Layout::horizontal([Constraint::Fill(1), Constraint::Length(PANEL_WIDTH)]).areas(body)
}

/// The block around the question: borders and one column of padding each side.
fn question_block(title: &str) -> Block<'_> {
    Block::bordered()
        .border_type(BorderType::Rounded)
        .title(title)
        .padding(Padding::horizontal(1))
}

/// The question as laid out in its window: its lines, where each option is (rows after
/// wrapping), the window's height and the scroll offset in use.
pub struct Page {
    lines: Vec<Line<'static>>,
    /// Per option: its first row and the row after its last.
    options: Vec<(u16, u16)>,
    rows: u16,
    pub height: u16,
    offset: u16,
}

impl Page {
    fn max_offset(&self) -> u16 {
        self.rows.saturating_sub(self.height)
    }

    /// How many options, from the first, have been wholly in the window at some offset up to
    /// the one in use.
    fn seen(&self) -> usize {
        self.options
            .iter()
            .take_while(|(_, end)| *end <= self.offset + self.height)
            .count()
    }
}

/// One palette cell's state, as the UPSC and NTA interfaces show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    NotVisited,
    NotAnswered,
    Answered,
    Marked,
    AnsweredMarked,
}

impl Cell {
    const ALL: [Cell; 5] = [
        Cell::Answered,
        Cell::NotAnswered,
        Cell::NotVisited,
        Cell::Marked,
        Cell::AnsweredMarked,
    ];

    fn of(a: &TestAnswer) -> Cell {
        match (a.visited, !a.chosen.is_empty(), a.marked) {
            (_, true, true) => Cell::AnsweredMarked,
            (_, false, true) => Cell::Marked,
            (_, true, false) => Cell::Answered,
            (true, false, false) => Cell::NotAnswered,
            (false, false, false) => Cell::NotVisited,
        }
    }

    fn sign(self) -> &'static str {
        match self {
            Cell::NotVisited => "·",
            Cell::NotAnswered => "○",
            Cell::Answered => "●",
            Cell::Marked => "⚑",
            Cell::AnsweredMarked => "◉",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Cell::NotVisited => "not visited",
            Cell::NotAnswered => "not answered",
            Cell::Answered => "answered",
            Cell::Marked => "marked",
            Cell::AnsweredMarked => "answered+marked",
        }
    }

    fn style(self, theme: Theme) -> Style {
        match self {
            Cell::NotVisited => theme.dim(),
            Cell::NotAnswered => theme.error(),
            Cell::Answered => theme.answer(),
            Cell::Marked => theme.marked(),
            Cell::AnsweredMarked => theme.marked().add_modifier(Modifier::UNDERLINED),
        }
    }
}

/// "6 answered (1 of them marked), 2 marked and not answered, 1 not answered, 1 not
/// visited": each question counted once, in the palette's own words, and only the counts that
/// are not zero ("All 10 answered.", "Nothing answered, 5 not visited.").
pub fn summary(t: &MockTest) -> String {
    let count = |c: Cell| t.answers.iter().filter(|a| Cell::of(a) == c).count();
    let answered = count(Cell::Answered) + count(Cell::AnsweredMarked);
    let marked = match count(Cell::AnsweredMarked) {
        0 => String::new(),
        n => format!(" ({n} of them marked)"),
    };
    let mut parts = vec![match answered {
        0 => "Nothing answered".to_owned(),
        n if n == t.answers.len() => format!("All {n} answered{marked}"),
        n => format!("{n} answered{marked}"),
    }];
    // Only the counts that are not zero.
    for (c, what) in [
        (Cell::Marked, "marked and not answered"),
        (Cell::NotAnswered, "not answered"),
        (Cell::NotVisited, "not visited"),
    ] {
        let n = count(c);
        if n > 0 {
            parts.push(format!("{n} {what}"));
        }
    }
    format!("{}.", parts.join(", "))
}

/// The palette: a legend with counts (each question in exactly one state), then every
/// question's number and sign, the rows around the current one.
fn draw_palette(t: &MockTest, theme: Theme, area: Rect, buf: &mut Buffer) {
    let cells: Vec<Cell> = t.answers.iter().map(Cell::of).collect();
    let mut lines: Vec<Line> = Cell::ALL
        .iter()
        .map(|c| {
            let n = cells.iter().filter(|x| *x == c).count();
            Line::from(vec![
                Span::styled(c.sign(), c.style(theme)),
                Span::raw(format!("{n:>3} {}", c.label())),
            ])
        })
        .collect();
    lines.push(Line::from(""));
    let n = t.questions.len();
    let digits = n.to_string().len();
    let inner_w = usize::from(area.width.saturating_sub(2));
    let per_row = (inner_w / (digits + 2)).max(1);
    let room = usize::from(area.height.saturating_sub(2)).saturating_sub(lines.len());
    let rows = n.div_ceil(per_row);
    let first = (t.current / per_row)
        .saturating_sub(room.saturating_sub(1) / 2)
        .min(rows.saturating_sub(room));
    for r in first..(first + room).min(rows) {
        let mut spans = Vec::new();
        let start = r * per_row;
        for (i, cell) in cells.iter().enumerate().skip(start).take(per_row) {
            let mut style = cell.style(theme);
            if i == t.current {
                style = style.add_modifier(Modifier::REVERSED);
            }
            spans.push(Span::styled(
                format!("{:>digits$}{}", i + 1, cell.sign()),
                style,
            ));
            spans.push(Span::raw(" "));
        }
        lines.push(Line::from(spans));
    }
    Paragraph::new(lines)
        .block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .title(" Questions "),
        )
        .render(area, buf);
}

/// A test being taken.
#[derive(Debug, Clone)]
pub struct TestRun {
    pub test: MockTest,
    /// The "submit?" prompt is up.
    pub confirm: bool,
    /// The "go to question" prompt is up, with what has been typed.
    pub goto: Option<String>,
    /// Rows the question is scrolled (a long question in a small window).
    pub scroll: u16,
    /// Per question: how many of its options, from the first, have been on screen. An option
    /// key works only for those.
    pub seen: Vec<usize>,
    /// When the test was last handed over to be kept.
    pub saved_at: Timestamp,
}

impl TestRun {
    /// What keys mean now.
    pub fn context(&self) -> Context {
        if self.confirm {
            Context::TestConfirm
        } else if self.goto.is_some() {
            Context::TestGoTo
        } else {
            Context::TestQuestion
        }
    }

    /// The left of the header: which question.
    pub fn title(&self) -> String {
        format!(
            " smriti · Mock test · question {} of {}",
            self.test.current + 1,
            self.test.questions.len()
        )
    }

    /// The current question laid out in the question window of a body of `body`.
    fn page(&self, main: Rect, theme: Theme) -> Page {
        let t = &self.test;
        let q = &t.questions[t.current];
        let width = main.width.saturating_sub(4);
        let (lines, at) = question_lines_at(q, &t.answers[t.current].chosen, false, width, theme);
        let height = main.height.saturating_sub(2);
        let mut starts = Vec::with_capacity(lines.len() + 1);
        let mut row = 0u16;
        for l in &lines {
            starts.push(row);
            let n = Paragraph::new(l.clone())
                .wrap(Wrap { trim: false })
                .line_count(width);
            row = row.saturating_add(u16::try_from(n).unwrap_or(u16::MAX));
        }
        starts.push(row);
        let options = at
            .iter()
            .map(|r| (starts[r.start], starts[r.end]))
            .collect();
        let mut page = Page {
            lines,
            options,
            rows: row,
            height,
            offset: 0,
        };
        page.offset = self.scroll.min(page.max_offset());
        page
    }

    /// The page as the terminal shows it now.
    pub fn page_now(&self, sh: &Shared) -> Page {
        // The body: the screen less the header, status and footer lines.
        let (w, h) = sh.body.unwrap_or((sh.size.0, sh.size.1.saturating_sub(3)));
        let body = Rect::new(0, 0, w, h);
        self.page(areas(body)[0], Theme { color: false })
    }

    /// Notes which options of the current question are on screen now.
    pub fn look(&mut self, sh: &Shared) {
        let page = self.page_now(sh);
        self.scroll = page.offset;
        let c = self.test.current;
        self.seen[c] = self.seen[c].max(page.seen());
    }

    /// The right of the header: the time left.
    pub fn header_right(&self, sh: &Shared, theme: Theme) -> Line<'static> {
        let left = self.test.seconds_left(sh.now);
        let style = if left < 60 {
            theme.error()
        } else {
            theme.key()
        };
        Line::from(Span::styled(
            format!("⏱ {:02}:{:02} left ", left / 60, left % 60),
            style,
        ))
    }

    /// The seed of a test started at `now`.
    pub fn seed(sh: &Shared, now: Timestamp) -> u64 {
        sh.seed ^ now.as_second() as u64
    }

    /// The decks (deck-list positions) whose texts a test on `chosen` started at `now` needs:
    /// those its questions come from, chosen from the outlines (see `App::decks_to_read`).
    pub fn decks_needed(
        sh: &Shared,
        chosen: &[bool],
        spec: &TestSpec,
        now: Timestamp,
    ) -> Vec<usize> {
        let at: Vec<usize> = (0..sh.decks.len())
            .filter(|&i| chosen.get(i).copied().unwrap_or(false) && sh.decks[i].usable())
            .collect();
        mock_draw::decks_needed(&sh.test_sources(chosen), spec, Self::seed(sh, now))
            .into_iter()
            .filter_map(|k| at.get(k).copied())
            .collect()
    }

    /// Starts a test on the chosen deck-list entries (also used by `smriti test`). Its cards
    /// are chosen from the outlines and its questions built from the decks they come from
    /// (read before, see [`TestRun::decks_needed`]); the questions hold all they show, so the
    /// decks' texts are let go once they are built.
    pub fn begin(sh: &mut Shared, chosen: &[bool], spec: TestSpec, now: Timestamp) -> Step {
        let questions = mock_draw::draw_from(&sh.test_sources(chosen), &spec, Self::seed(sh, now));
        for e in &mut sh.decks {
            e.forget_texts();
        }
        if questions.is_empty() {
            sh.status = Status::note(
                "No questions to draw: choose at least one deck (and a tag its cards carry).",
            );
            return Step::stay();
        }
        let n = questions.len();
        let fewer = n < spec.questions;
        let spec = spec.fit(n);
        sh.status = match (fewer, spec.paced) {
            (false, _) => None,
            (true, true) => Status::note(format!(
                "Only {}: the time follows {}, {} min.",
                plural(n, "question"),
                crate::domain::words::agree(n, "it", "them"),
                super::parts::fmt_marks(spec.minutes)
            )),
            (true, false) => Status::note(format!(
                "Only {} available; the test has all {n}.",
                plural(n, "question")
            )),
        };
        TestRun::run(sh, MockTest::new(spec, questions, now), now)
    }

    /// Goes on with a test that was put away (see `test_resume`).
    pub fn resume(sh: &mut Shared, paused: Paused, now: Timestamp) -> Step {
        sh.status = None;
        TestRun::run(sh, paused.resume(now), now)
    }

    /// Shows `test` and keeps it at once: from now on it is never thrown away.
    fn run(sh: &mut Shared, test: MockTest, now: Timestamp) -> Step {
        let mut run = TestRun {
            seen: vec![0; test.questions.len()],
            test,
            confirm: false,
            goto: None,
            scroll: 0,
            saved_at: now,
        };
        run.look(sh);
        let keep = run.keep(now);
        Step::go_after(vec![keep], Screen::Test(Box::new(run)))
    }

    /// The test as it stands, to be kept by the run loop.
    fn keep(&mut self, now: Timestamp) -> Effect {
        self.saved_at = now;
        Effect::SaveTest(Box::new(self.test.pause(now)))
    }

    pub fn update(&mut self, sh: &mut Shared, action: Action, now: Timestamp) -> Step {
        let run = self;
        let before = run.test.current;
        let answers = run.test.answers.clone();
        if run.test.timed_out(now) {
            sh.status = Status::note("Time is up: the test was submitted.");
            return finish(sh, run.test.clone().submit(now), now);
        }
        if action == Action::LeaveTest && run.confirm {
            // Asked, `l` goes to the deck list with the test kept: `t` there offers it again
            // (as "later" on the resume offer does), and its clock stops until then.
            let paused = run.test.pause(now);
            sh.unfinished = Some(Box::new(paused.clone()));
            sh.status = Status::note("The test is kept: t on the deck list resumes it.");
            run.saved_at = now;
            return Step::go_after(
                vec![Effect::SaveTest(Box::new(paused))],
                Screen::Home(super::home::Home),
            );
        }
        if action == Action::Quit {
            // Never left without asking; asked, `q` (or Ctrl-C) quits smriti with the test
            // kept.
            if run.confirm {
                sh.status = None;
                return Step::run(vec![run.keep(now), Effect::Snapshot, Effect::Quit]);
            }
            run.goto = None;
            run.confirm = true;
            return Step::stay();
        }
        if action == Action::Tick && now.as_second() - run.saved_at.as_second() >= SAVE_EVERY_SECS {
            return Step::run(vec![run.keep(now)]);
        }
        if run.confirm {
            match action {
                Action::Confirm => return finish(sh, run.test.clone().submit(now), now),
                Action::Back => run.confirm = false,
                _ => {}
            }
        } else if let Some(typed) = &mut run.goto {
            match action {
                Action::Input(c) if c.is_ascii_digit() && typed.len() < 4 => typed.push(c),
                Action::Backspace => {
                    typed.pop();
                }
                Action::Submit => {
                    let target = typed
                        .parse::<usize>()
                        .ok()
                        .filter(|n| (1..=run.test.questions.len()).contains(n));
                    match target {
                        Some(n) => {
                            run.test.go_to(n - 1, now);
                            run.goto = None;
                        }
                        None => {
                            sh.status = Status::note(format!(
                                "Type a question number from 1 to {}.",
                                run.test.questions.len()
                            ))
                        }
                    }
                }
                Action::Back => run.goto = None,
                _ => {}
            }
        } else {
            // A note (not an error) has been read once the candidate goes on.
            if action != Action::Tick && sh.status.as_ref().is_some_and(|s| !s.error) {
                sh.status = None;
            }
            match action {
                Action::Choose(i) if i < run.seen[run.test.current] => run.test.choose(i),
                Action::Choose(i) => {
                    sh.status = Status::note(format!(
                        "Option ({}) is not on screen yet: press ↓ to scroll to it.",
                        option_letter(i)
                    ))
                }
                Action::Down => run.scroll = run.scroll.saturating_add(1),
                Action::Up => run.scroll = run.scroll.saturating_sub(1),
                Action::ClearAnswer => run.test.clear(),
                Action::Next => run.test.next(now),
                Action::Previous => run.test.previous(now),
                Action::Mark => run.test.toggle_mark(),
                Action::CycleConfidence => run.test.cycle_confidence(),
                Action::GoTo => run.goto = Some(String::new()),
                Action::Submit | Action::Back => run.confirm = true,
                _ => {}
            }
        }
        if run.test.current != before {
            run.scroll = 0;
        }
        run.look(sh);
        // Every answer (and every move, mark and tag) is kept before the next frame.
        if run.test.current != before || run.test.answers != answers {
            return Step::run(vec![run.keep(now)]);
        }
        Step::stay()
    }
}

/// Records a submitted test, sends misses back to reviews when asked, shows the results.
pub fn finish(sh: &mut Shared, results: Results, now: Timestamp) -> Step {
    let mut effects = vec![Effect::RecordTest(Box::new(results.clone()))];
    let mut requeued = 0;
    if results.test.spec.requeue {
        let params = sh.settings.params.clone();
        let day_of = sh.day_of();
        for i in results.to_requeue() {
            let q = &results.test.questions[i];
            let how = Answer {
                ms: results.test.answers[i].ms,
                mode: Mode::Test,
                verdict: Some(results.verdicts[i].unwrap_or(Verdict::Wrong)),
            };
            let event = answer_item(
                &mut sh.progress,
                &q.deck,
                &q.key,
                Rating::Again,
                now,
                how,
                &params,
                &day_of,
            );
            effects.push(Effect::Record(event));
            requeued += 1;
        }
        sh.refresh_all_counts();
    }
    effects.push(Effect::Snapshot);
    Step::go_after(
        effects,
        Screen::TestResults(Box::new(ResultsView {
            results,
            requeued,
            review: None,
            scroll: 0,
            trend: Vec::new(),
        })),
    )
}

impl Widget for ScreenView<'_, TestRun> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (run, theme) = (self.screen, self.theme);
        let t = &run.test;
        let [main, panel] = areas(area);
        let a = &t.answers[t.current];
        let page = run.page(main, theme);
        let mut title = format!(" Question {} ", t.current + 1);
        if a.marked {
            title.push_str("· ⚑ marked for review ");
        }
        if let Some(c) = a.confidence {
            title.push_str(&format!("· {} ", c.label()));
        }
        // Never a hidden option: what is above or below the window is marked.
        let mut block = question_block(&title);
        if let Some(mark) = scroll_mark(page.offset > 0, page.offset < page.max_offset()) {
            block = block.title_bottom(mark);
        }
        Paragraph::new(page.lines)
            .wrap(Wrap { trim: false })
            .scroll((page.offset, 0))
            .block(block)
            .render(main, buf);
        draw_palette(t, theme, panel, buf);
        let n = t.questions.len();

        if run.confirm {
            // As in the NTA and UPSC computer-based tests, the clock runs while the question
            // is open (and submits the test at zero): the prompt shows it running.
            let left = t.seconds_left(self.shared.now);
            let text = vec![
                Line::from(summary(t)),
                Line::from(vec![
                    Span::raw("The clock runs while you decide: "),
                    Span::styled(
                        format!("⏱ {:02}:{:02} left", left / 60, left % 60),
                        if left < 60 {
                            theme.error()
                        } else {
                            theme.key()
                        },
                    ),
                    Span::raw("."),
                ]),
            ];
            let keys = Line::from(vec![
                Span::styled("y", theme.key()),
                Span::raw(" submit now · "),
                Span::styled("l", theme.key()),
                Span::raw(" leave for the deck list (kept: t resumes it) · "),
                Span::styled("q", theme.key()),
                Span::raw(" quit smriti (kept) · "),
                Span::styled("n", theme.key()),
                Span::raw(" keep going"),
            ]);
            dialog(area, main, " Submit, or leave for later? ", text, keys, buf);
        } else if let Some(typed) = &run.goto {
            let text = vec![Line::from(format!("Question (1–{n}): {typed}▏"))];
            let keys = Line::from(Span::styled("Enter go · Esc cancel", theme.dim()));
            dialog(area, main, " Go to question ", text, keys, buf);
        }
    }
}

/// A dialog over the test: its text, wrapped, over its keys, centred in the question's window
/// `main`, or in the whole `body` (over the palette) when that window is too narrow for 40
/// columns of text. The keys always show whole; text that does not fit is cut, its last row
/// ending in "…", and a title too long ends in "…": nothing is hidden without a mark.
pub(crate) fn dialog(
    body: Rect,
    main: Rect,
    title: &str,
    text: Vec<Line<'static>>,
    keys: Line<'static>,
    buf: &mut Buffer,
) {
    let (host, w) = if main.width.saturating_sub(8) >= 40 {
        (main, main.width.saturating_sub(8).min(64))
    } else {
        (body, body.width.saturating_sub(2).min(64))
    };
    let inner_w = w.saturating_sub(2);
    let rows = |p: &Paragraph| u16::try_from(p.line_count(inner_w)).unwrap_or(u16::MAX);
    let text = Paragraph::new(text).wrap(Wrap { trim: true });
    let keys = Paragraph::new(keys).wrap(Wrap { trim: true });
    let (text_rows, key_rows) = (rows(&text), rows(&keys));
    // As tall as its wrapped lines, up to the window's height.
    let height = text_rows
        .saturating_add(key_rows)
        .saturating_add(2)
        .min(host.height);
    let r = Rect {
        x: host.x + (host.width - w) / 2,
        y: host.y + (host.height - height) / 3,
        width: w,
        height,
    };
    Clear.render(r, buf);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .title(fit(title, usize::from(inner_w)));
    let inner = block.inner(r);
    block.render(r, buf);
    let [text_area, keys_area] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(key_rows.min(inner.height)),
    ])
    .areas(inner);
    text.render(text_area, buf);
    if text_rows > text_area.height && !text_area.is_empty() {
        buf[(text_area.right() - 1, text_area.bottom() - 1)].set_symbol("…");
    }
    keys.render(keys_area, buf);
}
