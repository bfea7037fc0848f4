//! Which tags are weakest: the one ranking behind a mock test's "Accuracy by tag, weakest
//! first", the statistics screen's "Weakest tags" and `smriti stats`. A tag's accuracy is
//! drawn toward the overall rate (as if it had [`PRIOR_ANSWERS`] more answers at that rate), so
//! that a tag answered once, wrong or right, does not top the list over one with many answers
//! mostly wrong; a tag never missed is not weak and comes after every tag with a miss. Pure:
//! counts in, an order out. Must not depend on `store`/`tui`.

/// How many answers at the overall accuracy a tag's own answers are weighed against when tags
/// are ranked (see [`smoothed`]).
pub const PRIOR_ANSWERS: f64 = 2.0;

/// A tag's counts, as each list keeps them.
pub trait TagCount {
    fn tag(&self) -> &str;
    fn right(&self) -> u32;
    fn answers(&self) -> u32;

    /// Whether the tag has a wrong answer: only such a tag is weak.
    fn missed(&self) -> bool {
        self.right() < self.answers()
    }
}

/// The share of `answers` that were `right` (0 when there are none).
pub fn rate(right: u64, answers: u64) -> f64 {
    if answers == 0 {
        0.0
    } else {
        right as f64 / answers as f64
    }
}

/// The accuracy `right` of `answers` drawn toward `overall` as if the tag had
/// [`PRIOR_ANSWERS`] more answers at that rate: one wrong answer out of one says little, two
/// right of nine says more.
pub fn smoothed(right: u32, answers: u32, overall: f64) -> f64 {
    (f64::from(right) + PRIOR_ANSWERS * overall) / (f64::from(answers) + PRIOR_ANSWERS)
}

/// Orders `tags` weakest first: every tag with a miss before those never missed, then by the
/// smoothed accuracy (toward `overall`, the share right of all the answers counted: a mock
/// test's, or the tags' together); on a tie the tag with more answers first, then by name.
/// Deterministic.
pub fn weakest_first<T: TagCount>(tags: &mut [T], overall: f64) {
    tags.sort_by(|a, b| {
        b.missed()
            .cmp(&a.missed())
            .then_with(|| {
                smoothed(a.right(), a.answers(), overall).total_cmp(&smoothed(
                    b.right(),
                    b.answers(),
                    overall,
                ))
            })
            .then(b.answers().cmp(&a.answers()))
            .then_with(|| a.tag().cmp(b.tag()))
    });
}

/// The share right of all the tags' answers together (a tag's answer counted once per tag),
/// the rate the statistics draw each tag toward.
pub fn overall<T: TagCount>(tags: &[T]) -> f64 {
    let (right, answers) = tags.iter().fold((0u64, 0u64), |(r, n), t| {
        (r + u64::from(t.right()), n + u64::from(t.answers()))
    });
    rate(right, answers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone, PartialEq)]
    struct T(String, u32, u32);

    impl TagCount for T {
        fn tag(&self) -> &str {
            &self.0
        }
        fn right(&self) -> u32 {
            self.1
        }
        fn answers(&self) -> u32 {
            self.2
        }
    }

    fn names(tags: &[T]) -> Vec<&str> {
        tags.iter().map(|t| t.0.as_str()).collect()
    }

    /// "0 of 1" does not top "2 of 9", and "1 of 1" (never missed) comes after "9 of 10".
    #[test]
    fn one_answer_does_not_top_the_list_and_a_tag_never_missed_comes_last() {
        let mut tags = vec![
            T("one-right".into(), 1, 1),
            T("nine-of-ten".into(), 9, 10),
            T("one-wrong".into(), 0, 1),
            T("two-of-nine".into(), 2, 9),
        ];
        let all = overall(&tags);
        assert!((all - 12.0 / 21.0).abs() < 1e-12);
        weakest_first(&mut tags, all);
        assert_eq!(
            names(&tags),
            ["two-of-nine", "one-wrong", "nine-of-ten", "one-right"]
        );
        assert_eq!(overall::<T>(&[]), 0.0);
    }

    proptest! {
        /// Whatever the counts: the tags with a miss are the list's first rows, the order does
        /// not depend on the order given, and among the missed a tag with fewer right of
        /// as many answers never comes after one with more.
        #[test]
        fn the_missed_come_first_in_one_order(
            counts in prop::collection::vec((0u32..20, 0u32..20), 0..12),
            overall in 0.0f64..=1.0,
        ) {
            let tags: Vec<T> = counts
                .iter()
                .enumerate()
                .map(|(i, &(a, b))| T(format!("t{i}"), a.min(b), a.max(b)))
                .collect();
            let mut sorted = tags.clone();
            weakest_first(&mut sorted, overall);
            let missed = sorted.iter().take_while(|t| t.missed()).count();
            prop_assert!(sorted[missed..].iter().all(|t| !t.missed()));
            let mut reversed: Vec<T> = tags.into_iter().rev().collect();
            weakest_first(&mut reversed, overall);
            prop_assert_eq!(&reversed, &sorted);
            for (i, a) in sorted.iter().enumerate() {
                for b in &sorted[i + 1..] {
                    if a.missed() && b.missed() && a.2 == b.2 {
                        prop_assert!(a.1 <= b.1, "{:?} before {:?}", a, b);
                    }
                }
            }
        }
    }
}
