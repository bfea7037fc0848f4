//! The one key table. Each binding maps a key in a context to an action, with the words shown
//! in the footer and the help overlay, which are both generated from this table.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use crate::domain::quiz::StudyMode;
use crate::domain::scheduler::Rating;

/// The footer label of the option keys; drawn as the real range (a–c, a–e) for the question
/// on screen.
pub const OPTION_KEYS: &str = "a–d";

/// Where the user is; decides what a key means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Anywhere.
    Global,
    Home,
    /// A flashcard question is on screen.
    Question,
    /// A flashcard's answer is on screen.
    Answer,
    /// A multiple-choice question is on screen.
    Choose,
    /// A typed-answer question is on screen: letters go into the answer.
    Typing,
    /// An auto-graded answer has been checked.
    Verdict,
    /// Nothing to show yet (waiting for a learning card).
    Waiting,
    Summary,
    /// Choosing what a mock test covers.
    Setup,
    /// Typing the test's time, in minutes.
    SetupTime,
    /// A mock-test question is on screen.
    TestQuestion,
    /// "Submit the test?"
    TestConfirm,
    /// Typing a question number to jump to.
    TestGoTo,
    /// A test left before it was submitted: resume it or submit it.
    TestResume,
    TestResults,
    /// Going through a submitted test's answers.
    TestReview,
    /// The statistics screen.
    Stats,
    /// The exam-day plan.
    Plan,
    /// The desired-retention table.
    Retention,
    /// Fitting the memory model.
    Optimize,
    Help,
}

impl Context {
    /// Every screen context, in the order the help overlay lists them (then `Global`).
    pub const SCREENS: [Context; 20] = [
        Context::Home,
        Context::Question,
        Context::Answer,
        Context::Choose,
        Context::Typing,
        Context::Verdict,
        Context::Waiting,
        Context::Summary,
        Context::Setup,
        Context::SetupTime,
        Context::TestQuestion,
        Context::TestConfirm,
        Context::TestGoTo,
        Context::TestResume,
        Context::TestResults,
        Context::TestReview,
        Context::Stats,
        Context::Plan,
        Context::Retention,
        Context::Optimize,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Anywhere",
            Context::Home => "Deck list",
            Context::Question => "Flashcard",
            Context::Answer => "Flashcard answer",
            Context::Choose => "Multiple choice",
            Context::Typing => "Typing an answer",
            Context::Verdict => "After checking",
            Context::Waiting => "Waiting",
            Context::Summary => "Session summary",
            Context::Setup => "Mock test setup",
            Context::SetupTime => "Typing the test time",
            Context::TestQuestion => "Mock test",
            Context::TestConfirm => "Submitting",
            Context::TestGoTo => "Going to a question",
            Context::TestResume => "Unfinished test",
            Context::TestResults => "Test results",
            Context::TestReview => "Reviewing answers",
            Context::Stats => "Statistics",
            Context::Plan => "Exam-day plan",
            Context::Retention => "Desired retention",
            Context::Optimize => "Your memory model",
            Context::Help => "Help",
        }
    }
}

/// One binding.
#[derive(Debug, Clone)]
pub struct Binding {
    pub context: Context,
    pub keys: &'static [KeyCode],
    pub ctrl: bool,
    /// How the keys are written, e.g. "↑/k".
    pub label: &'static str,
    /// What it does, e.g. "select".
    pub hint: &'static str,
    pub action: Action,
    /// How the footer shows it.
    pub footer: Footer,
}

/// Whether and how a binding appears in the footer (the help overlay lists them all).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Footer {
    Hidden,
    Shown,
    /// Shown with other words, e.g. "↑↓/jk select" for a group of bindings.
    As(&'static str, &'static str),
    /// Part of the group of the `As` binding before it; not listed on its own.
    Grouped,
    /// Not in the footer; in the help overlay with these words (for a group, like `As`).
    HelpOnly(&'static str, &'static str),
}

const fn b(
    context: Context,
    keys: &'static [KeyCode],
    label: &'static str,
    hint: &'static str,
    action: Action,
    footer: Footer,
) -> Binding {
    Binding {
        context,
        keys,
        ctrl: false,
        label,
        hint,
        action,
        footer,
    }
}

/// The whole key map.
#[rustfmt::skip]
pub fn bindings() -> Vec<Binding> {
    use Context::*;
    use Footer::{As, Grouped, HelpOnly, Hidden, Shown};
    use KeyCode::{Backspace, Char, Down as KDown, Enter, Esc, Up as KUp};
    let ctrl = |b: Binding| Binding { ctrl: true, ..b };
    vec![
        b(Home, &[KUp, Char('k')], "↑/k", "previous deck", Action::Up, As("↑↓", "select")),
        b(Home, &[KDown, Char('j')], "↓/j", "next deck", Action::Down, Grouped),
        b(Home, &[Enter], "Enter", "study with flashcards", Action::Study(StudyMode::Flashcard), As("Enter", "study")),
        b(Home, &[Char('m')], "m", "multiple choice", Action::Study(StudyMode::Choice), As("m", "choice")),
        b(Home, &[Char('w')], "w", "write (type) the answers", Action::Study(StudyMode::Typed), As("w", "typed")),
        b(Home, &[Char('t')], "t", "mock test", Action::OpenTest, As("t", "test")),

        b(Home, &[Char('s')], "s", "statistics", Action::OpenStats, As("s", "stats")),
        b(Home, &[Char('p')], "p", "exam-day plan", Action::OpenPlan, As("p", "plan")),
        b(Home, &[Char('c')], "c", "cram (studied cards not due, weakest first; schedule untouched)", Action::Cram, As("c", "cram")),
        b(Home, &[Char('r')], "r", "reload the deck files", Action::Reload, As("r", "reload")),
        b(Stats, &[Char('a')], "a", "this deck / all decks", Action::ToggleScope, Shown),
        b(Stats, &[KUp, Char('k')], "↑/k", "previous tag", Action::Up, As("↑↓", "tag")),
        b(Stats, &[KDown, Char('j')], "↓/j", "next tag", Action::Down, Grouped),
        b(Stats, &[Enter], "Enter", "study the tag", Action::CramTag, Shown),
        b(Stats, &[Char('p')], "p", "exam-day plan", Action::OpenPlan, As("p", "plan")),
        b(Stats, &[Char('r')], "r", "desired retention: the months ahead at each", Action::OpenRetention, Hidden),
        b(Stats, &[Char('o')], "o", "fit your own memory model (optimize)", Action::Optimize, Hidden),
        b(Stats, &[Esc, Char('q')], "Esc", "back", Action::Back, Shown),
        b(Plan, &[Enter], "Enter", "apply the plan (settings kept as a backup)", Action::Apply, As("Enter", "apply")),
        b(Plan, &[Char('+'), Char('=')], "+", "5 more minutes a day", Action::More, As("+/-", "minutes")),
        b(Plan, &[Char('-')], "-", "5 fewer minutes a day", Action::Fewer, Grouped),
        b(Plan, &[Char('>'), Char('.')], ">", "exam a week later", Action::Longer, As("</>", "exam date")),
        b(Plan, &[Char('<'), Char(',')], "<", "exam a week earlier", Action::Shorter, Grouped),
        b(Plan, &[Char('r')], "r", "the desired-retention table", Action::OpenRetention, As("r", "retention")),
        b(Plan, &[Esc, Char('q')], "Esc", "back", Action::Back, Shown),
        b(Retention, &[KUp, Char('k')], "↑/k", "lower retention", Action::Up, As("↑↓", "choose")),
        b(Retention, &[KDown, Char('j')], "↓/j", "higher retention", Action::Down, Grouped),
        b(Retention, &[Enter], "Enter", "use the one chosen (settings kept as a backup)", Action::Apply, As("Enter", "use it")),
        b(Retention, &[Esc, Char('q')], "Esc", "back", Action::Back, Shown),
        b(Optimize, &[Esc, Char('q'), Enter], "Esc", "back", Action::Back, Shown),
        b(Home, &[Char('q')], "q", "quit", Action::Quit, Shown),
        // The study card's own action line shows the keys that answer it (Space, 1–4, a–d,
        // Enter): the footer does not repeat them.
        b(Question, &[Char(' '), Enter], "Space", "show answer", Action::Reveal, Hidden),
        b(Answer, &[Char('1')], "1", "Again", Action::Grade(Rating::Again), Hidden),
        b(Answer, &[Char('2')], "2", "Hard", Action::Grade(Rating::Hard), Hidden),
        b(Answer, &[Char('3'), Char(' '), Enter], "3/Space", "Good", Action::Grade(Rating::Good), Hidden),
        b(Answer, &[Char('4')], "4", "Easy", Action::Grade(Rating::Easy), Hidden),
        b(Choose, &[Char('a')], "a", "option a", Action::Choose(0), HelpOnly(OPTION_KEYS, "choose")),
        b(Choose, &[Char('b')], "b", "option b", Action::Choose(1), Grouped),
        b(Choose, &[Char('c')], "c", "option c", Action::Choose(2), Grouped),
        b(Choose, &[Char('d')], "d", "option d", Action::Choose(3), Grouped),
        b(Choose, &[Char('e')], "e", "option e", Action::Choose(4), Grouped),
        b(Choose, &[Char('f')], "f", "option f", Action::Choose(5), Grouped),
        b(Choose, &[Enter], "Enter", "check a select-all answer", Action::Submit, Hidden),
        b(Typing, &[Enter], "Enter", "check (empty: show the answer, Again)", Action::Submit, Hidden),
        // Shown: while typing, `?` is a letter of the answer, so the footer is where these are.
        b(Typing, &[Backspace], "Backspace", "delete", Action::Backspace, Shown),
        ctrl(b(Typing, &[Char('u')], "Ctrl-U", "clear", Action::ClearInput, Shown)),
        b(Typing, &[Esc], "Esc", "end session", Action::Back, Shown),
        b(Verdict, &[Enter, Char(' ')], "Enter", "next", Action::Continue, Hidden),
        b(Verdict, &[Char('1')], "1", "Again", Action::Grade(Rating::Again), Hidden),
        b(Verdict, &[Char('2')], "2", "Hard", Action::Grade(Rating::Hard), Hidden),
        b(Verdict, &[Char('3')], "3", "Good", Action::Grade(Rating::Good), Hidden),
        b(Verdict, &[Char('4')], "4", "Easy", Action::Grade(Rating::Easy), Hidden),
        b(Verdict, &[Char('o')], "o", "I was right (typed answers)", Action::Overrule, Hidden),
        b(Question, &[KUp], "↑", "scroll up", Action::Up, HelpOnly("↑↓", "scroll")),
        b(Question, &[KDown], "↓", "scroll down", Action::Down, Grouped),
        b(Answer, &[KUp], "↑", "scroll up", Action::Up, HelpOnly("↑↓", "scroll")),
        b(Answer, &[KDown], "↓", "scroll down", Action::Down, Grouped),
        b(Choose, &[KUp], "↑", "scroll up", Action::Up, HelpOnly("↑↓", "scroll")),
        b(Choose, &[KDown], "↓", "scroll down", Action::Down, Grouped),
        b(Typing, &[KUp], "↑", "scroll up", Action::Up, HelpOnly("↑↓", "scroll")),
        b(Typing, &[KDown], "↓", "scroll down", Action::Down, Grouped),
        b(Verdict, &[KUp], "↑", "scroll up", Action::Up, HelpOnly("↑↓", "scroll")),
        b(Verdict, &[KDown], "↓", "scroll down", Action::Down, Grouped),
        b(Question, &[Char('u')], "u", "undo", Action::Undo, Shown),
        b(Answer, &[Char('u')], "u", "undo", Action::Undo, Shown),
        b(Choose, &[Char('u')], "u", "undo", Action::Undo, Shown),
        b(Verdict, &[Char('u')], "u", "undo", Action::Undo, Shown),
        b(Waiting, &[Char('u')], "u", "undo", Action::Undo, Shown),
        b(Question, &[Char('q'), Esc], "q/Esc", "end session", Action::Back, Shown),
        b(Answer, &[Char('q'), Esc], "q/Esc", "end session", Action::Back, Shown),
        b(Choose, &[Char('q'), Esc], "q/Esc", "end session", Action::Back, Shown),
        b(Verdict, &[Char('q'), Esc], "q/Esc", "end session", Action::Back, Shown),
        b(Waiting, &[Char('q'), Esc], "q/Esc", "end session", Action::Back, Shown),
        b(Summary, &[Enter, Esc, Char('q')], "Enter", "back to decks", Action::Back, Shown),
        b(Setup, &[KUp, Char('k')], "↑/k", "previous deck", Action::Up, As("↑↓", "move")),
        b(Setup, &[KDown, Char('j')], "↓/j", "next deck", Action::Down, Grouped),
        b(Setup, &[Char(' ')], "Space", "choose deck", Action::Toggle, Shown),
        b(Setup, &[Char('+'), Char('=')], "+", "more questions", Action::More, Hidden),
        b(Setup, &[Char('-')], "-", "fewer questions", Action::Fewer, Hidden),
        b(Setup, &[Char('>'), Char('.')], ">", "more time", Action::Longer, Hidden),
        b(Setup, &[Char('<'), Char(',')], "<", "less time", Action::Shorter, Hidden),
        b(Setup, &[Char('0')], "0–9", "type the time in minutes", Action::Input('0'), HelpOnly("0–9", "type the time in minutes")),
        b(Setup, &[Char('1')], "1", "", Action::Input('1'), Grouped),
        b(Setup, &[Char('2')], "2", "", Action::Input('2'), Grouped),
        b(Setup, &[Char('3')], "3", "", Action::Input('3'), Grouped),
        b(Setup, &[Char('4')], "4", "", Action::Input('4'), Grouped),
        b(Setup, &[Char('5')], "5", "", Action::Input('5'), Grouped),
        b(Setup, &[Char('6')], "6", "", Action::Input('6'), Grouped),
        b(Setup, &[Char('7')], "7", "", Action::Input('7'), Grouped),
        b(Setup, &[Char('8')], "8", "", Action::Input('8'), Grouped),
        b(Setup, &[Char('9')], "9", "", Action::Input('9'), Grouped),
        b(SetupTime, &[Enter], "Enter", "set the time", Action::Submit, Shown),
        b(SetupTime, &[Backspace], "Backspace", "delete", Action::Backspace, Hidden),
        b(SetupTime, &[Esc], "Esc", "cancel", Action::Back, Shown),
        b(Setup, &[Char('p')], "p", "marking", Action::CycleMarking, Hidden),
        b(Setup, &[Char('g')], "g", "tag", Action::CycleTag, Hidden),
        b(Setup, &[Char('r')], "r", "misses to reviews on/off", Action::ToggleRequeue, Hidden),
        b(Setup, &[Enter], "Enter", "start", Action::Start, Shown),
        b(Setup, &[Esc, Char('q')], "Esc", "back", Action::Back, Shown),
        b(TestQuestion, &[Char('a')], "a", "option a (again: clear)", Action::Choose(0), As(OPTION_KEYS, "answer")),
        b(TestQuestion, &[Char('b')], "b", "option b", Action::Choose(1), Grouped),
        b(TestQuestion, &[Char('c')], "c", "option c", Action::Choose(2), Grouped),
        b(TestQuestion, &[Char('d')], "d", "option d", Action::Choose(3), Grouped),
        b(TestQuestion, &[Char('e')], "e", "option e", Action::Choose(4), Grouped),
        b(TestQuestion, &[Char('f')], "f", "option f", Action::Choose(5), Grouped),
        b(TestQuestion, &[Char('x')], "x", "clear answer", Action::ClearAnswer, Hidden),
        b(TestQuestion, &[KUp, Char('k'), KeyCode::PageUp], "↑/k", "scroll up", Action::Up, HelpOnly("↑↓", "scroll")),
        b(TestQuestion, &[KDown, Char('j'), KeyCode::PageDown], "↓/j", "scroll down", Action::Down, Grouped),
        b(TestQuestion, &[KeyCode::Right, Char('n'), Enter], "→/n", "next (skip)", Action::Next, As("←→", "move")),
        b(TestQuestion, &[KeyCode::Left, Char('p')], "←/p", "previous", Action::Previous, Grouped),
        b(TestQuestion, &[Char('m')], "m", "mark for review", Action::Mark, As("m", "mark")),
        b(TestQuestion, &[Char('y')], "y", "confidence: sure / 50-50 / guess", Action::CycleConfidence, As("y", "sure?")),
        b(TestQuestion, &[Char('g')], "g", "go to question", Action::GoTo, As("g", "go to")),
        b(TestQuestion, &[Char('s'), Esc], "s", "submit", Action::Submit, Shown),
        b(TestQuestion, &[Char('q')], "q", "leave (asks; the test is kept)", Action::Quit, As("q", "leave")),
        b(TestConfirm, &[Char('y')], "y", "submit", Action::Confirm, Shown),
        b(TestConfirm, &[Char('n'), Esc], "n", "keep going", Action::Back, Shown),
        b(TestConfirm, &[Char('l')], "l", "leave for the deck list (kept: t resumes)", Action::LeaveTest, Shown),
        b(TestConfirm, &[Char('q')], "q", "quit smriti (the test is kept)", Action::Quit, Shown),
        b(TestResume, &[Char('r'), Enter], "r", "resume", Action::Resume, Shown),
        b(TestResume, &[Char('s')], "s", "submit as it stands", Action::Submit, Shown),
        b(TestResume, &[Esc], "Esc", "later (the test is kept)", Action::Back, Shown),
        b(TestResume, &[Char('q')], "q", "quit (the test is kept)", Action::Quit, Shown),
        b(TestGoTo, &[Enter], "Enter", "go", Action::Submit, Shown),
        b(TestGoTo, &[Backspace], "Backspace", "delete", Action::Backspace, Hidden),
        b(TestGoTo, &[Esc], "Esc", "cancel", Action::Back, Shown),
        b(TestResults, &[Char('r')], "r", "review answers", Action::Review, Shown),
        b(TestResults, &[KUp, Char('k')], "↑/k", "scroll up", Action::Up, HelpOnly("↑↓", "scroll")),
        b(TestResults, &[KDown, Char('j')], "↓/j", "scroll down", Action::Down, Grouped),
        b(TestReview, &[KUp, Char('k')], "↑/k", "scroll up", Action::Up, HelpOnly("↑↓", "scroll")),
        b(TestReview, &[KDown, Char('j')], "↓/j", "scroll down", Action::Down, Grouped),
        b(TestResults, &[Enter, Esc, Char('q')], "Enter", "back to decks", Action::Back, Shown),
        b(TestReview, &[KeyCode::Right, Char('n')], "→/n", "next", Action::Next, As("←→", "move")),
        b(TestReview, &[KeyCode::Left, Char('p')], "←/p", "previous", Action::Previous, Grouped),
        b(TestReview, &[Esc, Char('q')], "Esc", "back to results", Action::Back, Shown),
        b(Help, &[Esc, Char('?'), Char('q')], "Esc/?", "close help", Action::ToggleHelp, Shown),
        b(Help, &[KUp, Char('k')], "↑/k", "scroll up", Action::Up, As("↑↓", "scroll")),
        b(Help, &[KDown, Char('j')], "↓/j", "scroll down", Action::Down, Grouped),
        b(Global, &[Char('?')], "?", "help", Action::ToggleHelp, Shown),
        ctrl(b(Global, &[Char('c')], "Ctrl-C", "save and quit (in a test: asks first)", Action::Quit, Hidden)),
        ctrl(b(Global, &[Char('l')], "Ctrl-L", "redraw the whole screen", Action::Redraw, Hidden)),
    ]
}

/// Finds the action for a key press in `context` (falling back to global bindings).
pub fn lookup(table: &[Binding], context: Context, key: KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let code = match key.code {
        // Shifted letters arrive as upper case on some terminals.
        KeyCode::Char(c) if !ctrl => KeyCode::Char(c.to_ascii_lowercase()),
        other => other,
    };
    let hit = |ctx: Context| {
        table
            .iter()
            .find(|b| b.context == ctx && b.ctrl == ctrl && b.keys.contains(&code))
            .map(|b| b.action.clone())
    };
    // Ctrl-C and Ctrl-L work everywhere, even where plain keys are typed text.
    let ctrl_global = ctrl.then(|| hit(Context::Global)).flatten();
    match context {
        Context::Help => hit(Context::Help).or(ctrl_global),
        // While typing an answer every plain character is text, even '?' and 'q'.
        Context::Typing | Context::TestGoTo | Context::SetupTime => {
            hit(context).or(ctrl_global).or(match key.code {
                KeyCode::Char(c) if !ctrl => Some(Action::Input(c)),
                _ => None,
            })
        }
        _ => hit(context).or_else(|| hit(Context::Global)),
    }
}

/// Every key of `context` as the help overlay and the README list them: (keys, words), a
/// group of keys (↑↓) once, a key of its own with its full words.
pub fn help_entries(table: &[Binding], context: Context) -> Vec<(&'static str, &'static str)> {
    table
        .iter()
        .filter(|b| b.context == context)
        .filter_map(|b| match b.footer {
            Footer::Grouped => None,
            Footer::As(label, _) if label == b.label => Some((b.label, b.hint)),
            Footer::As(label, hint) | Footer::HelpOnly(label, hint) => Some((label, hint)),
            Footer::Hidden | Footer::Shown => Some((b.label, b.hint)),
        })
        .collect()
}

/// The README's key table, in Markdown, made from the key table (a test keeps the README's
/// copy the same).
pub fn markdown_table(table: &[Binding]) -> String {
    let mut out = String::from("| where | key | does |\n|---|---|---|\n");
    let code = |label: &str| {
        label
            .split('/')
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(" or ")
    };
    for ctx in Context::SCREENS.into_iter().chain([Context::Global]) {
        let mine: Vec<&Binding> = table.iter().filter(|b| b.context == ctx).collect();
        let mut row = 0;
        for (i, b) in mine.iter().enumerate() {
            let (keys, hint) = match b.footer {
                Footer::Grouped => continue,
                Footer::As(label, hint) | Footer::HelpOnly(label, hint) if label != b.label => {
                    // A group: every key of it ("↑ or k, ↓ or j"; "a–f" for the options).
                    let group: Vec<&str> = std::iter::once(b.label)
                        .chain(
                            mine[i + 1..]
                                .iter()
                                .take_while(|g| g.footer == Footer::Grouped)
                                .map(|g| g.label),
                        )
                        .collect();
                    let keys = match group.as_slice() {
                        [first, .., last] if group.len() > 2 => format!("`{first}`–`{last}`"),
                        _ => group.iter().map(|l| code(l)).collect::<Vec<_>>().join(", "),
                    };
                    (keys, hint)
                }
                _ => (code(b.label), b.hint),
            };
            let place = if row == 0 { ctx.title() } else { "" };
            row += 1;
            out.push_str(&format!("| {place} | {keys} | {hint} |\n"));
        }
    }
    out
}

/// Footer hints for `context`: (keys, words).
pub fn footer(table: &[Binding], context: Context) -> Vec<(&'static str, &'static str)> {
    let shown = |ctx: Context| {
        table
            .iter()
            .filter(move |b| b.context == ctx)
            .filter_map(|b| match b.footer {
                Footer::Hidden | Footer::Grouped | Footer::HelpOnly(..) => None,
                Footer::Shown => Some((b.label, b.hint)),
                Footer::As(label, hint) => Some((label, hint)),
            })
    };
    let mut v: Vec<_> = shown(context).collect();
    // In help, and while typing (where '?' is text), global keys are not offered.
    if !matches!(
        context,
        Context::Help | Context::Typing | Context::TestGoTo | Context::SetupTime
    ) {
        v.extend(shown(Context::Global));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice_in_a_context() {
        let table = bindings();
        for a in &table {
            for b in &table {
                if std::ptr::eq(a, b) || a.context != b.context || a.ctrl != b.ctrl {
                    continue;
                }
                for k in a.keys {
                    assert!(
                        !b.keys.contains(k),
                        "{k:?} is bound twice in {:?}",
                        a.context
                    );
                }
            }
        }
    }

    #[test]
    fn keys_resolve_by_context() {
        let t = bindings();
        let key = |c| KeyEvent::from(KeyCode::Char(c));
        assert_eq!(
            lookup(&t, Context::Answer, key('3')),
            Some(Action::Grade(Rating::Good))
        );
        assert_eq!(
            lookup(&t, Context::Question, key(' ')),
            Some(Action::Reveal)
        );
        assert_eq!(
            lookup(&t, Context::Answer, key(' ')),
            Some(Action::Grade(Rating::Good))
        );
        assert_eq!(lookup(&t, Context::Home, key('J')), Some(Action::Down));
        assert_eq!(lookup(&t, Context::Home, key('t')), Some(Action::OpenTest));
        assert_eq!(lookup(&t, Context::Question, key('3')), None);
        assert_eq!(
            lookup(&t, Context::Home, key('?')),
            Some(Action::ToggleHelp)
        );
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for ctx in [
            Context::Home,
            Context::Question,
            Context::Help,
            Context::Summary,
            Context::Typing,
            Context::TestQuestion,
            Context::TestGoTo,
        ] {
            assert_eq!(lookup(&t, ctx, ctrl_c), Some(Action::Quit), "{ctx:?}");
        }
        assert_eq!(
            lookup(&t, Context::Help, key('x')),
            None,
            "help swallows other keys"
        );
        assert_eq!(
            lookup(&t, Context::Typing, key('q')),
            Some(Action::Input('q'))
        );
        assert_eq!(
            lookup(&t, Context::Typing, key('?')),
            Some(Action::Input('?'))
        );
        assert_eq!(
            lookup(&t, Context::Typing, key('Q')),
            Some(Action::Input('Q'))
        );
        assert_eq!(
            lookup(&t, Context::Typing, KeyEvent::from(KeyCode::Esc)),
            Some(Action::Back)
        );
        assert_eq!(
            lookup(&t, Context::Choose, key('C')),
            Some(Action::Choose(2))
        );
        assert_eq!(
            lookup(&t, Context::Verdict, key('o')),
            Some(Action::Overrule)
        );
        assert_eq!(
            lookup(&t, Context::TestQuestion, key('c')),
            Some(Action::Choose(2))
        );
        assert_eq!(
            lookup(&t, Context::TestQuestion, KeyEvent::from(KeyCode::Right)),
            Some(Action::Next)
        );
        assert_eq!(
            lookup(&t, Context::TestGoTo, key('7')),
            Some(Action::Input('7'))
        );
        assert_eq!(
            lookup(&t, Context::TestConfirm, key('y')),
            Some(Action::Confirm)
        );
        // `q` asks before leaving a test, and leaves it kept once asked.
        for ctx in [Context::TestQuestion, Context::TestConfirm] {
            assert_eq!(lookup(&t, ctx, key('q')), Some(Action::Quit), "{ctx:?}");
        }
    }

    #[test]
    fn every_footer_shows_every_key_in_two_lines_of_80_columns() {
        use crate::tui::theme::Theme;
        use crate::tui::view::{FOOTER_LINES, footer_lines};
        let table = bindings();
        let text_of = |lines: &[ratatui::text::Line]| {
            lines
                .iter()
                .flat_map(|l| l.spans.iter().map(|s| s.content.to_string()))
                .collect::<String>()
        };
        let all = Context::SCREENS.into_iter().chain([Context::Help]);
        for ctx in all {
            let lines = footer_lines(ctx, None, Theme { color: true }, 80);
            assert!(
                (1..=FOOTER_LINES).contains(&lines.len()),
                "{ctx:?}: {} lines",
                lines.len()
            );
            for l in &lines {
                assert!(
                    l.width() <= 80,
                    "{ctx:?} footer line is {} columns wide",
                    l.width()
                );
            }
            let text = text_of(&lines);
            assert!(!text.contains("more keys"), "{ctx:?}: {text}");
            for (keys, words) in footer(&table, ctx) {
                assert!(
                    text.contains(&format!("{keys} {words}")),
                    "{ctx:?}: {keys} {words} in {text}"
                );
            }
        }
        // Narrower than everything fits: two lines, ending with the way to the rest.
        let lines = footer_lines(Context::Home, None, Theme { color: true }, 40);
        assert_eq!(lines.len(), 2);
        let last = text_of(&lines[1..]);
        assert!(
            last.ends_with("? more keys") && last.chars().count() <= 40,
            "{last}"
        );
    }

    #[test]
    fn the_readme_key_table_is_the_key_table() {
        let readme = include_str!("../../README.md");
        let table = markdown_table(&bindings());
        assert!(
            readme.contains(&table),
            "README.md's key table should read (from src/tui/keymap.rs):\n{table}"
        );
        assert!(table.contains("|  | `c` | cram ("), "{table}");
    }

    #[test]
    fn the_footer_comes_from_the_table() {
        let t = bindings();
        assert_eq!(
            footer(&t, Context::Home),
            [
                ("↑↓", "select"),
                ("Enter", "study"),
                ("m", "choice"),
                ("w", "typed"),
                ("t", "test"),
                ("s", "stats"),
                ("p", "plan"),
                ("c", "cram"),
                ("r", "reload"),
                ("q", "quit"),
                ("?", "help")
            ]
        );
        assert_eq!(
            footer(&t, Context::Help),
            [("Esc/?", "close help"), ("↑↓", "scroll")]
        );
        // The card's own action line shows the keys that answer it; the footer does not
        // repeat them ("Space show answer" was on screen twice).
        // While typing (`?` is a letter there) the footer has every typing key but Enter,
        // which the action line shows.
        assert_eq!(
            footer(&t, Context::Typing),
            [
                ("Backspace", "delete"),
                ("Ctrl-U", "clear"),
                ("Esc", "end session")
            ]
        );
        assert_eq!(
            footer(&t, Context::Question),
            [("u", "undo"), ("q/Esc", "end session"), ("?", "help")]
        );
        for ctx in [Context::Question, Context::Choose, Context::Verdict] {
            let keys: Vec<_> = footer(&t, ctx).into_iter().map(|(k, _)| k).collect();
            for k in ["Space", "Enter", OPTION_KEYS] {
                assert!(!keys.contains(&k), "{ctx:?} footer repeats {k}: {keys:?}");
            }
        }
    }
}
