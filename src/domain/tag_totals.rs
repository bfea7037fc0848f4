//! A deck's accuracy by tag, worked out once from its cards' running totals when the totals'
//! binary copy (`stats.cache`) is written, so that the statistics (`smriti stats`, the
//! statistics screen) add a few numbers per tag instead of looking up every tagged card.
//!
//! The counters are made for the deck's tags as an outline has them and say which by a
//! fingerprint (a hash of each tag's name and its cards' ids, in order): they are used only
//! for an outline with the same tags and only while the deck's totals are still the saved
//! ones (an answer or an undo from the log's tail drops them, `Aggregates::apply`, and the
//! statistics then look the cards up, by the same rule, [`TagTotals::of`]). Pure; must not
//! depend on `store`/`tui`.

use std::hash::{BuildHasher, Hasher};

use super::outline::Outline;

/// Right answers and answers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Count {
    pub right: u32,
    pub answers: u32,
}

/// One deck's right answers and answers for each of its outline's tags, in the outline's
/// order: `None` for a tag none of whose cards has running totals (such a tag is not shown),
/// `Some` when one has, even if they are back to nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagTotals {
    /// The fingerprint of the tags they were made for ([`fingerprint`]).
    pub print: u64,
    pub counts: Vec<Option<Count>>,
}

/// The fingerprint's hash is the same in every process (it is saved and read by another).
const SEED: u64 = 0x736d_7269_7469_7467;

/// The fingerprint of `outline`'s tags: each tag's name and the ids of its cards, in order.
pub fn fingerprint(outline: &Outline) -> u64 {
    let mut h = foldhash::quality::FixedState::with_seed(SEED).build_hasher();
    h.write_usize(outline.tags.len());
    for (tag, cards) in &outline.tags {
        h.write_usize(tag.len());
        h.write(tag.as_bytes());
        h.write_usize(cards.len());
        for &i in cards {
            let id = outline.cards.get(i as usize).map_or("", |c| c.0.as_str());
            // (An index past the cards is hashed apart from any id.)
            h.write_usize(if i as usize >= outline.cards.len() {
                usize::MAX
            } else {
                id.len()
            });
            h.write(id.as_bytes());
        }
    }
    h.finish()
}

impl TagTotals {
    /// The counters of `outline`'s tags from the deck's card totals (`card` gives a card's
    /// by its id), by looking up each tagged card (the one rule, for the saved counters and
    /// the statistics alike).
    pub fn of(outline: &Outline, card: impl Fn(&str) -> Option<Count>) -> TagTotals {
        let counts = outline
            .tags
            .iter()
            .map(|(_, of)| {
                let mut found: Option<Count> = None;
                for c in of.iter().filter_map(|&i| outline.cards.get(i as usize)) {
                    if let Some(c) = card(c.0.as_str()) {
                        let t = found.get_or_insert_default();
                        t.right += c.right;
                        t.answers += c.answers;
                    }
                }
                found
            })
            .collect();
        TagTotals {
            print: fingerprint(outline),
            counts,
        }
    }

    /// Whether these counters were made for `outline`'s tags.
    pub fn fits(&self, outline: &Outline) -> bool {
        self.fits_print(outline, fingerprint(outline))
    }

    /// [`TagTotals::fits`], given the fingerprint of `outline`'s tags.
    pub fn fits_print(&self, outline: &Outline, print: u64) -> bool {
        self.counts.len() == outline.tags.len() && self.print == print
    }

    /// Each tag with counters, by name, when these counters were made for tags of those
    /// `names` (in order) with the fingerprint `print`: what [`TagTotals::each`] gives for
    /// an outline with those tags, without the outline (see [`OutlineRef::tag_names`]).
    ///
    /// [`OutlineRef::tag_names`]: super::outline::OutlineRef::tag_names
    pub fn each_named<'a>(
        &'a self,
        names: &'a [String],
        print: u64,
    ) -> Option<impl Iterator<Item = (&'a str, Count)> + 'a> {
        (self.counts.len() == names.len() && self.print == print).then(|| {
            names
                .iter()
                .zip(&self.counts)
                .filter_map(|(tag, c)| c.map(|c| (tag.as_str(), c)))
        })
    }

    /// Each tag with counters, by name (in the outline's order).
    pub fn each<'a>(&'a self, outline: &'a Outline) -> impl Iterator<Item = (&'a str, Count)> + 'a {
        outline
            .tags
            .iter()
            .zip(&self.counts)
            .filter_map(|((tag, _), c)| c.map(|c| (tag.as_str(), c)))
    }
}

#[cfg(test)]
#[path = "tag_totals_tests.rs"]
mod tests;
