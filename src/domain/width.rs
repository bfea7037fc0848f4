//! Text cut and padded to a width in display columns, the one way every screen, report and
//! message cuts text: [`fit`] cuts at the end with "…", [`fit_start`] at the start (for a
//! name whose start it shares with others), [`pad`] fills to a column (by display width, not
//! characters: a CJK character takes two columns, a combining mark none). A cut falls between
//! grapheme clusters, each measured whole as the terminal lays it out (a Devanagari conjunct
//! or a flag is never split). Pure.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// `text` cut to at most `width` columns, ending in "…" when cut. It is cut between grapheme
/// clusters, each measured whole as the terminal lays it out (a combining mark stays with its
/// letter; a flag or an emoji with its variation selector takes two columns).
pub fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in text.graphemes(true) {
        let w = g.width();
        if used + w + 1 > width {
            break;
        }
        out.push_str(g);
        used += w;
    }
    if width > 0 {
        // "projects…", not "projects …": the ellipsis stands for the words cut, after the
        // last one kept.
        out.truncate(out.trim_end().len());
        out.push('…');
    }
    out
}

/// `text` cut to at most `width` columns at its start, beginning with "…" when cut: the end
/// of a name kept where its start is shared with others.
pub fn fit_start(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut kept: Vec<&str> = Vec::new();
    let mut used = 0;
    for g in text.graphemes(true).rev() {
        let w = g.width();
        if used + w + 1 > width {
            break;
        }
        kept.push(g);
        used += w;
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::from("…");
    out.extend(kept.into_iter().rev());
    out
}

/// `name` cut to at most `width` columns so that it still tells itself from `others` (the
/// names it is seen among): whole when it fits; else the start it shares with another name
/// (back to the start of a word) is dropped for a leading "…" and the rest cut with [`fit`].
/// "India–Japan: sectors, projects and partners" among "India–Japan: mechanisms …" is
/// "…sectors, projects and partners" (or "…sectors, projects a…"), not "India–Japan: s…".
pub fn fit_apart<'a>(
    name: &str,
    others: impl IntoIterator<Item = &'a str>,
    width: usize,
) -> String {
    if name.width() <= width {
        return name.to_owned();
    }
    let shared = others
        .into_iter()
        .filter(|o| *o != name)
        .map(|o| {
            name.char_indices()
                .zip(o.chars())
                .find(|((_, a), b)| a != b)
                .map_or(name.len().min(o.len()), |((i, _), _)| i)
        })
        .max()
        .unwrap_or(0);
    // Back to the start of a word, then past the spaces and marks between words.
    let word = |c: char| c.is_alphanumeric();
    let mut start = shared;
    while start > 0 {
        let before = name[..start].chars().next_back();
        let at = name[start..].chars().next();
        match (before, at) {
            (Some(b), Some(a)) if word(b) && word(a) => start -= b.len_utf8(),
            _ => break,
        }
    }
    let rest = name[start..].trim_start_matches(|c: char| !word(c) && c != '(' && c != '"');
    if start == 0 || rest.is_empty() || width < 4 {
        return fit(name, width);
    }
    fit(&format!("…{rest}"), width)
}

/// `text` cut with [`fit`] to `width` columns and filled with spaces to exactly `width`.
pub fn pad(text: &str, width: usize) -> String {
    let mut out = fit(text, width);
    let w = out.width();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn cuts_between_grapheme_clusters_by_display_width() {
        for (text, w, want) in [
            ("India–Japan", 20, "India–Japan"),
            ("India–Japan", 6, "India…"),
            ("🇮🇳🇯🇵 deck", 5, "🇮🇳🇯🇵…"),
            ("🇮🇳🇯🇵 deck", 4, "🇮🇳…"),
            ("⛏\u{fe0f}⛏\u{fe0f}x", 4, "⛏\u{fe0f}…"),
            ("क्षक्ष", 3, "क्ष…"),
            ("日本語", 4, "日…"),
            ("日本語", 0, ""),
        ] {
            assert_eq!(fit(text, w), want, "{text:?} in {w}");
        }
        for (text, w, want) in [
            ("India–Japan: sectors", 10, "…: sectors"),
            ("日本語のデッキ", 7, "…デッキ"),
            ("क्षक्ष", 3, "…क्ष"),
            ("short", 9, "short"),
        ] {
            assert_eq!(fit_start(text, w), want, "{text:?} in {w}");
        }
        assert_eq!(pad("日本", 6), "日本  ");
        // The shipped decks, in a 50-column study header (21 columns for the name).
        let decks = [
            "India–Japan: challenges and the way forward",
            "India–Japan: mechanisms and their objectives",
            "India–Japan 2025–26: Prelims facts",
            "India–Japan: sectors, projects and partners",
        ];
        let apart: Vec<String> = decks.iter().map(|d| fit_apart(d, decks, 21)).collect();
        assert_eq!(
            apart,
            [
                "…challenges and the…",
                "…mechanisms and thei…",
                "…2025–26: Prelims fa…",
                "…sectors, projects a…"
            ]
        );
        // A shared start cut inside a word goes back to the word's start.
        assert_eq!(
            fit_apart("Deck: secrets of state", ["Deck: sectors of trade"], 15),
            "…secrets of st…"
        );
        // Alone, or with room, or with nothing shared: cut at the end as ever.
        assert_eq!(fit_apart(decks[0], [], 21), "India–Japan: challen…");
        assert_eq!(fit_apart(decks[0], decks, 60), decks[0]);
        assert_eq!(fit_apart("Geography", ["History"], 5), "Geog…");
        // A wide character is never split: "日本…" takes 5 columns, a space fills the sixth.
        assert_eq!(pad("日本語のタグ", 6), "日本… ");
    }

    proptest! {
        /// Never wider than asked; what is kept is the text's start (or end), whole clusters.
        #[test]
        fn never_wider_than_the_room(text in "[a-z –ःािक्षअ日本語…]{0,20}", width in 0usize..30) {
            let cut = fit(&text, width);
            prop_assert!(cut.width() <= width);
            prop_assert!(text.starts_with(cut.trim_end_matches('…')));
            let cut = fit_start(&text, width);
            prop_assert!(cut.width() <= width);
            prop_assert!(text.ends_with(cut.trim_start_matches('…')));
            prop_assert!(pad(&text, width).width() <= width);
        }
    }
}
