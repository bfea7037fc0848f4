//! Whether two normalised questions are near duplicates for `smriti check`: at most two edits
//! apart (a bounded Levenshtein over what lies between their shared start and end), unless what
//! differs is a number. Used by `check_near`'s index to confirm a candidate. Pure text work, no
//! I/O; must not depend on `tui` or `cli`.

/// Two normalised questions that differ by at most two edits and are long enough to mean it,
/// unless what differs is a number ("GS Paper II" and "GS Paper III" are different questions).
pub(super) fn near(a: &str, b: &str) -> bool {
    if a.len() <= 12 || b.len() <= 12 || a.len().abs_diff(b.len()) > 2 {
        return false;
    }
    let words = |s: &str| s.split(' ').count();
    if words(a) == words(b)
        && a.split(' ')
            .zip(b.split(' '))
            .any(|(x, y)| x != y && numeric(x) && numeric(y))
    {
        return false;
    }
    levenshtein_at_most_2(a, b)
}

/// Whether `a` and `b` are at most two edits apart. What they share at the start and at the
/// end takes no edit, so only what lies between is compared (for the questions of one
/// template, a few chars).
pub(super) fn levenshtein_at_most_2(a: &str, b: &str) -> bool {
    let bytes = |(x, _): (char, char)| x.len_utf8();
    let start: usize = a
        .chars()
        .zip(b.chars())
        .take_while(|(x, y)| x == y)
        .map(bytes)
        .sum();
    let (a, b) = (&a[start..], &b[start..]);
    let end: usize = a
        .chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .map(bytes)
        .sum();
    let (a, b) = (&a[..a.len() - end], &b[..b.len() - end]);
    // What lies between is short for near questions: on the stack.
    const SHORT: usize = 24;
    let (mut a_short, mut b_short) = (['\0'; SHORT], ['\0'; SHORT]);
    let (a_long, b_long): (Vec<char>, Vec<char>);
    let fill = |s: &str, buf: &mut [char; SHORT]| -> Option<usize> {
        let mut n = 0;
        for c in s.chars() {
            *buf.get_mut(n)? = c;
            n += 1;
        }
        Some(n)
    };
    let (a, b): (&[char], &[char]) = match (fill(a, &mut a_short), fill(b, &mut b_short)) {
        (Some(na), Some(nb)) => (&a_short[..na], &b_short[..nb]),
        _ => {
            (a_long, b_long) = (a.chars().collect(), b.chars().collect());
            (&a_long, &b_long)
        }
    };
    if a.len().abs_diff(b.len()) > 2 {
        return false;
    }
    let (mut prev_short, mut cur_short) = ([0usize; SHORT + 1], [0usize; SHORT + 1]);
    let (mut prev_long, mut cur_long): (Vec<usize>, Vec<usize>);
    let (mut prev, mut cur): (&mut [usize], &mut [usize]) = if b.len() < SHORT + 1 {
        (&mut prev_short[..=b.len()], &mut cur_short[..=b.len()])
    } else {
        (prev_long, cur_long) = (vec![0; b.len() + 1], vec![0; b.len() + 1]);
        (&mut prev_long, &mut cur_long)
    };
    for (j, p) in prev.iter_mut().enumerate() {
        *p = j;
    }
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            cur[j] = (prev[j] + 1)
                .min(cur[j - 1] + 1)
                .min(prev[j - 1] + usize::from(a[i - 1] != b[j - 1]));
        }
        if cur.iter().min().is_some_and(|m| *m > 2) {
            return false;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()] <= 2
}

/// Whether [`near`] counts `w` as a number ("2026", "iii").
pub(super) fn numeric(w: &str) -> bool {
    w.bytes().all(|c| c.is_ascii_digit()) || w.bytes().all(roman)
}

/// A letter of a Roman numeral as [`numeric`] reads them.
pub(super) fn roman(c: u8) -> bool {
    matches!(c, b'i' | b'v' | b'x' | b'l' | b'c')
}
