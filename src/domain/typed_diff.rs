//! What a typed answer got wrong, character by character, as Anki's "type in the answer"
//! shows it: the typed text with the characters that are not in the answer marked and a `-`
//! where the answer's characters were left out, and the answer with those left-out characters
//! marked. Letters are compared without case (the marking ignores case too). Pure: must not
//! depend on `store`/`tui`.

/// What a run of characters is, in the typed text or in the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// In both.
    Same,
    /// Typed, but not in the answer.
    Extra,
    /// In the answer but not typed: in the typed text, one `-` per character left out.
    Missing,
}

/// The typed text and the answer, each as runs of marked characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    pub typed: Vec<(Mark, String)>,
    pub answer: Vec<(Mark, String)>,
}

impl Diff {
    /// Whether the typed text is an attempt at the answer worth marking letter by letter: at
    /// least half of the answer's characters were typed. Something else altogether ("Tokyo"
    /// for "Jaiswal") is better shown as simply wrong than as a scatter of marks.
    pub fn is_alike(&self) -> bool {
        let count = |mark: Mark| {
            self.answer
                .iter()
                .filter(|(m, _)| *m == mark)
                .map(|(_, s)| s.chars().count())
                .sum::<usize>()
        };
        let same = count(Mark::Same);
        same > 0 && same * 2 >= same + count(Mark::Missing)
    }
}

/// Longest texts compared character by character (a table of this many cells at most);
/// beyond it the whole typed text is marked as not matching.
const MAX_CELLS: usize = 1_000_000;

/// The differences between `typed` and `answer` (a longest common subsequence of their
/// characters; ties keep the typed character first, as Anki does).
pub fn diff(typed: &str, answer: &str) -> Diff {
    let a: Vec<char> = typed.chars().collect();
    let b: Vec<char> = answer.chars().collect();
    let same = |x: char, y: char| x == y || x.to_lowercase().eq(y.to_lowercase());
    let mut out = Diff {
        typed: Vec::new(),
        answer: Vec::new(),
    };
    if (a.len() + 1).saturating_mul(b.len() + 1) > MAX_CELLS {
        push(&mut out.typed, Mark::Extra, typed);
        push(&mut out.answer, Mark::Missing, answer);
        return out;
    }
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let w = b.len() + 1;
    let mut lcs = vec![0u32; (a.len() + 1) * w];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i * w + j] = if same(a[i], b[j]) {
                lcs[(i + 1) * w + j + 1] + 1
            } else {
                lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
            };
        }
    }
    // The alignment: each step a pair of characters (typed, answer), one of them absent for
    // an extra or a missing one.
    let mut steps: Vec<(Option<char>, Option<char>)> = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && same(a[i], b[j]) {
            steps.push((Some(a[i]), Some(b[j])));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) {
            steps.push((Some(a[i]), None));
            i += 1;
        } else {
            steps.push((None, Some(b[j])));
            j += 1;
        }
    }
    // A lone letter in common between two changes (the "i" of "Industri" matched to the "I"
    // of "(METI)") is a coincidence, not a match: it reads better as wrong.
    for k in 1..steps.len().saturating_sub(1) {
        let paired = |s: &(Option<char>, Option<char>)| s.0.is_some() && s.1.is_some();
        if paired(&steps[k]) && !paired(&steps[k - 1]) && !paired(&steps[k + 1]) {
            let (x, y) = steps[k];
            steps.splice(k..=k, [(x, None), (None, y)]);
        }
    }
    // Between two matches, the extra letters first, then the missing ones (as Anki shows
    // them).
    let mut k = 0;
    while k < steps.len() {
        let start = k;
        while k < steps.len() && !(steps[k].0.is_some() && steps[k].1.is_some()) {
            k += 1;
        }
        steps[start..k].sort_by_key(|s| s.0.is_none());
        k += 1;
    }
    for step in steps {
        match step {
            (Some(x), Some(y)) => {
                push_char(&mut out.typed, Mark::Same, x);
                push_char(&mut out.answer, Mark::Same, y);
            }
            (Some(x), None) => push_char(&mut out.typed, Mark::Extra, x),
            (None, Some(y)) => {
                push_char(&mut out.typed, Mark::Missing, '-');
                push_char(&mut out.answer, Mark::Missing, y);
            }
            (None, None) => {}
        }
    }
    out
}

fn push_char(runs: &mut Vec<(Mark, String)>, mark: Mark, c: char) {
    match runs.last_mut() {
        Some((m, s)) if *m == mark => s.push(c),
        _ => runs.push((mark, c.to_string())),
    }
}

fn push(runs: &mut Vec<(Mark, String)>, mark: Mark, s: &str) {
    if !s.is_empty() {
        runs.push((mark, s.to_owned()));
    }
}

/// Of `forms`, the one closest to `typed` (fewest characters marked); the first on a tie.
pub fn closest<'a>(typed: &str, forms: &'a [String]) -> Option<&'a str> {
    forms
        .iter()
        .min_by_key(|f| {
            let d = diff(typed, f);
            d.typed
                .iter()
                .filter(|(m, _)| *m != Mark::Same)
                .map(|(_, s)| s.chars().count())
                .sum::<usize>()
        })
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn runs(v: &[(Mark, String)]) -> Vec<(Mark, &str)> {
        v.iter().map(|(m, s)| (*m, s.as_str())).collect()
    }

    #[test]
    fn a_left_out_letter_and_a_wrong_one_are_marked() {
        let d = diff("Mitsubshi Corp", "Mitsubishi Corporation");
        assert_eq!(
            runs(&d.typed),
            [
                (Mark::Same, "Mitsub"),
                (Mark::Missing, "-"),
                (Mark::Same, "shi Corp"),
                (Mark::Missing, "-------")
            ]
        );
        assert_eq!(
            runs(&d.answer),
            [
                (Mark::Same, "Mitsub"),
                (Mark::Missing, "i"),
                (Mark::Same, "shi Corp"),
                (Mark::Missing, "oration")
            ]
        );
        let d = diff("Tokio", "Tokyo");
        assert_eq!(
            runs(&d.typed),
            [
                (Mark::Same, "Tok"),
                (Mark::Extra, "i"),
                (Mark::Missing, "-"),
                (Mark::Same, "o")
            ]
        );
        assert_eq!(
            runs(&d.answer),
            [(Mark::Same, "Tok"), (Mark::Missing, "y"), (Mark::Same, "o")]
        );
    }

    #[test]
    fn a_lone_letter_between_changes_is_not_a_match() {
        let d = diff("Industri", "Industry (METI)");
        assert_eq!(
            runs(&d.typed),
            [
                (Mark::Same, "Industr"),
                (Mark::Extra, "i"),
                (Mark::Missing, "--------")
            ]
        );
        assert_eq!(
            runs(&d.answer),
            [(Mark::Same, "Industr"), (Mark::Missing, "y (METI)")]
        );
    }

    #[test]
    fn case_is_not_a_difference_and_nothing_typed_misses_everything() {
        let d = diff("new delhi", "New Delhi");
        assert_eq!(runs(&d.typed), [(Mark::Same, "new delhi")]);
        assert_eq!(runs(&d.answer), [(Mark::Same, "New Delhi")]);
        let d = diff("", "Japan");
        assert_eq!(runs(&d.typed), [(Mark::Missing, "-----")]);
        assert_eq!(runs(&d.answer), [(Mark::Missing, "Japan")]);
    }

    #[test]
    fn something_else_altogether_is_not_alike() {
        assert!(diff("Mitsubshi Corp", "Mitsubishi Corporation").is_alike());
        assert!(diff("Tokio", "Tokyo").is_alike());
        assert!(!diff("something els", "Jaiswal").is_alike());
        assert!(!diff("", "Japan").is_alike());
    }

    #[test]
    fn the_closest_form_is_compared() {
        let forms = vec![
            "Quad".to_owned(),
            "Quadrilateral Security Dialogue".to_owned(),
        ];
        assert_eq!(
            closest("quadrilateral dialogue", &forms),
            Some(forms[1].as_str())
        );
        assert_eq!(closest("qad", &forms), Some("Quad"));
        assert_eq!(closest("x", &[]), None);
    }

    proptest! {
        /// Both texts come back whole from their runs, and a text compared with itself is
        /// all the same.
        #[test]
        fn the_runs_rebuild_both_texts(a in "\\PC{0,24}", b in "\\PC{0,24}") {
            let d = diff(&a, &b);
            let typed: String = d.typed.iter().filter(|(m, _)| *m != Mark::Missing).map(|(_, s)| s.as_str()).collect();
            let answer: String = d.answer.iter().map(|(_, s)| s.as_str()).collect();
            prop_assert_eq!(typed, a.clone());
            prop_assert_eq!(answer, b.clone());
            let dashes: usize = d.typed.iter().filter(|(m, _)| *m == Mark::Missing).map(|(_, s)| s.chars().count()).sum();
            let missed: usize = d.answer.iter().filter(|(m, _)| *m == Mark::Missing).map(|(_, s)| s.chars().count()).sum();
            prop_assert_eq!(dashes, missed);
            let own = diff(&a, &a);
            prop_assert!(own.typed.iter().all(|(m, _)| *m == Mark::Same));
        }
    }
}
