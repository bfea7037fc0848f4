//! A deck's summary (`domain::summary`) as `progress.cache` keeps it after the deck's items
//! (the layout is in `progress_cache`'s doc): written from a [`Made`], read back as where its
//! lists lie in the file's bytes (left there: a summary is viewed over them, never copied).
//! Must not depend on `tui` or `cli`.

use std::ops::Range;

use super::derived::Rd;
use crate::domain::stats::States;
use crate::domain::summary::{Fingerprint, Made, Summary, Today};

fn len32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn put_list(b: &mut Vec<u8>, list: &[i64]) {
    b.extend_from_slice(&len32(list.len()).to_le_bytes());
    for d in list {
        b.extend_from_slice(&d.to_le_bytes());
    }
}

/// Writes a body's summary (`None`: the flag that says there is none).
pub(super) fn put(b: &mut Vec<u8>, made: Option<&Made>) {
    let Some(m) = made else {
        b.push(0);
        return;
    };
    b.push(1);
    b.extend_from_slice(&m.outline.items.to_le_bytes());
    b.extend_from_slice(&m.outline.hash.to_le_bytes());
    for n in [
        m.states.new,
        m.states.learning,
        m.states.young,
        m.states.mature,
    ] {
        b.extend_from_slice(&n.to_le_bytes());
    }
    b.extend_from_slice(&len32(m.dues.len()).to_le_bytes());
    for d in &m.dues {
        b.extend_from_slice(&d.to_le_bytes());
    }
    for (last, stability) in &m.recall {
        b.extend_from_slice(&last.to_le_bytes());
        b.extend_from_slice(&stability.to_le_bytes());
    }
    let Some(t) = &m.today else {
        b.push(0);
        return;
    };
    b.push(1);
    b.extend_from_slice(&t.last.to_le_bytes());
    put_list(b, &t.learning);
    put_list(b, &t.held);
    b.extend_from_slice(&t.held_new.to_le_bytes());
    b.extend_from_slice(&len32(t.recent.len()).to_le_bytes());
    for (unit, due) in &t.recent {
        b.extend_from_slice(&unit.to_le_bytes());
        b.extend_from_slice(&due.to_le_bytes());
    }
}

/// Writes a saved summary again as it was read (a deck whose items are still the saved ones,
/// with no outline to make one from: its summary is still theirs).
pub(super) fn put_view(b: &mut Vec<u8>, s: &Summary) {
    b.push(1);
    b.extend_from_slice(&s.outline.items.to_le_bytes());
    b.extend_from_slice(&s.outline.hash.to_le_bytes());
    for n in [
        s.states.new,
        s.states.learning,
        s.states.young,
        s.states.mature,
    ] {
        b.extend_from_slice(&n.to_le_bytes());
    }
    b.extend_from_slice(&len32(s.dues.len()).to_le_bytes());
    b.extend_from_slice(s.dues.as_flattened());
    b.extend_from_slice(s.recall.as_flattened());
    let Some(t) = &s.today else {
        b.push(0);
        return;
    };
    b.push(1);
    b.extend_from_slice(&t.last.to_le_bytes());
    for list in [t.learning, t.held] {
        b.extend_from_slice(&len32(list.len()).to_le_bytes());
        b.extend_from_slice(list.as_flattened());
    }
    b.extend_from_slice(&t.held_new.to_le_bytes());
    b.extend_from_slice(&len32(t.recent.len()).to_le_bytes());
    b.extend_from_slice(t.recent.as_flattened());
}

/// A summary as read: its numbers, and where its lists lie in the file's bytes.
pub(super) struct Saved {
    outline: Fingerprint,
    states: States,
    dues: Range<usize>,
    recall: Range<usize>,
    today: Option<SavedToday>,
}

struct SavedToday {
    last: i64,
    learning: Range<usize>,
    held: Range<usize>,
    held_new: u32,
    recent: Range<usize>,
}

/// Skips `n` values of `size` bytes, giving where they lie (`at`: where the reader is in
/// the file).
fn list(r: &mut Rd, at: &mut usize, n: usize, size: usize) -> Option<Range<usize>> {
    let len = n.checked_mul(size)?;
    r.take(len)?;
    let range = *at..*at + len;
    *at += len;
    Some(range)
}

/// A body's summary, read from where `r` is (`at` in the file's bytes); `Some(None)` when
/// the body has none.
pub(super) fn read(r: &mut Rd, mut at: usize) -> Option<Option<Saved>> {
    match r.u8()? {
        0 => return Some(None),
        1 => {}
        _ => return None,
    }
    let outline = Fingerprint {
        items: r.u32()?,
        hash: r.u64()?,
    };
    let states = States {
        new: r.u32()?,
        learning: r.u32()?,
        young: r.u32()?,
        mature: r.u32()?,
    };
    let n = usize::try_from(r.u32()?).ok()?;
    at += 1 + 4 + 8 + 16 + 4;
    let dues = list(r, &mut at, n, 8)?;
    let recall = list(r, &mut at, n, 16)?;
    let today = match r.u8()? {
        0 => None,
        1 => {
            let last = r.i64()?;
            at += 1 + 8 + 4;
            let n = usize::try_from(r.u32()?).ok()?;
            let learning = list(r, &mut at, n, 8)?;
            at += 4;
            let n = usize::try_from(r.u32()?).ok()?;
            let held = list(r, &mut at, n, 8)?;
            let held_new = r.u32()?;
            at += 4 + 4;
            let n = usize::try_from(r.u32()?).ok()?;
            let recent = list(r, &mut at, n, 16)?;
            Some(SavedToday {
                last,
                learning,
                held,
                held_new,
                recent,
            })
        }
        _ => return None,
    };
    Some(Some(Saved {
        outline,
        states,
        dues,
        recall,
        today,
    }))
}

impl Saved {
    /// The summary over the file's `bytes` it was read from.
    pub(super) fn view<'a>(&self, bytes: &'a [u8]) -> Option<Summary<'a>> {
        let today = match &self.today {
            None => None,
            Some(t) => Some(Today {
                last: t.last,
                learning: bytes.get(t.learning.clone())?.as_chunks().0,
                held: bytes.get(t.held.clone())?.as_chunks().0,
                held_new: t.held_new,
                recent: bytes.get(t.recent.clone())?.as_chunks().0,
            }),
        };
        Some(Summary {
            outline: self.outline,
            states: self.states,
            dues: bytes.get(self.dues.clone())?.as_chunks().0,
            recall: bytes.get(self.recall.clone())?.as_chunks().0,
            today,
        })
    }
}
