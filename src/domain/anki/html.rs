//! Anki field HTML → plain text: `<br>` and block ends become new lines, list items become
//! lines of their own (`• item`, or `1. item` in a numbered list), entities are decoded, every
//! other tag is dropped, `<script>`/`<style>` bodies are left out, and images and sounds
//! (`<img>`, `[sound:…]`, `<audio>`, `<video>`) are left out and counted. Pure.

/// A field's text and what was left out of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    pub text: String,
    /// Images, sounds and videos left out.
    pub media: usize,
}

/// Converts one field.
pub fn to_text(html: &str) -> Text {
    let mut out = String::with_capacity(html.len());
    let mut media = 0;
    // Numbered lists nest: the number of the next item of each open list (None: bullets).
    let mut lists: Vec<Option<u32>> = Vec::new();
    let mut skip_until: Option<&'static str> = None;
    let mut rest = html;
    while !rest.is_empty() {
        let Some(open) = rest.find(['<', '[']) else {
            if skip_until.is_none() {
                out.push_str(rest);
            }
            break;
        };
        if skip_until.is_none() {
            out.push_str(&rest[..open]);
        }
        let tail = &rest[open..];
        if let Some(after) = tail.strip_prefix('[') {
            if let Some(end) = tail.strip_prefix("[sound:").and_then(|t| t.find(']')) {
                media += 1;
                rest = &tail["[sound:".len() + end + 1..];
            } else {
                if skip_until.is_none() {
                    out.push('[');
                }
                rest = after;
            }
            continue;
        }
        // A comment runs to `-->`; a tag to the next `>`. A `<` that opens neither is text.
        if let Some(body) = tail.strip_prefix("<!--") {
            rest = body.find("-->").map_or("", |e| &body[e + 3..]);
            continue;
        }
        let Some(close) = tail.find('>') else {
            if skip_until.is_none() {
                out.push_str(tail);
            }
            break;
        };
        let inner = &tail[1..close];
        rest = &tail[close + 1..];
        let closing = inner.starts_with('/');
        let name: String = inner
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            // Not a tag ("a < b > c"): keep it as text.
            if skip_until.is_none() {
                out.push_str(&tail[..=close]);
            }
            continue;
        }
        if let Some(until) = skip_until {
            if closing && name == until {
                skip_until = None;
            }
            continue;
        }
        match (name.as_str(), closing) {
            ("script", false) => skip_until = Some("script"),
            ("style", false) => skip_until = Some("style"),
            ("img" | "audio" | "video", false) => media += 1,
            ("br", _) => out.push('\n'),
            ("ul", false) => lists.push(None),
            ("ol", false) => lists.push(Some(1)),
            ("ul" | "ol", true) => {
                lists.pop();
                new_line(&mut out);
            }
            ("li", false) => {
                new_line(&mut out);
                let depth = lists.len().saturating_sub(1);
                out.push_str(&"  ".repeat(depth));
                match lists.last_mut() {
                    Some(Some(n)) => {
                        out.push_str(&format!("{n}. "));
                        *n += 1;
                    }
                    _ => out.push_str("• "),
                }
            }
            ("div" | "p" | "li" | "tr" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "hr", _) => {
                new_line(&mut out)
            }
            ("td" | "th", true) => out.push(' '),
            _ => {}
        }
    }
    let decoded = decode_entities(&out);
    let text = decoded
        .lines()
        .map(|l| l.trim_end_matches([' ', '\t']))
        .map(|l| l.trim_start_matches(['\t']))
        .collect::<Vec<_>>()
        .join("\n");
    // No blank lines at either end, and at most one blank line in a row.
    let mut tidy = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.trim_matches('\n').lines() {
        let l = if line.trim().is_empty() { "" } else { line };
        if l.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        if !tidy.is_empty() {
            tidy.push('\n');
        }
        tidy.push_str(
            l.strip_prefix(' ')
                .filter(|_| !l.starts_with("  "))
                .unwrap_or(l),
        );
    }
    Text {
        text: tidy.trim().to_owned(),
        media,
    }
}

fn new_line(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// Decodes the named entities Anki's editor writes and every numeric one.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let decoded = tail.find(';').filter(|e| *e <= 12).and_then(|e| {
            let name = &tail[1..e];
            let ch = match name {
                "nbsp" => Some('\u{a0}'),
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "ndash" => Some('–'),
                "mdash" => Some('—'),
                "hellip" => Some('…'),
                "lsquo" => Some('‘'),
                "rsquo" => Some('’'),
                "ldquo" => Some('“'),
                "rdquo" => Some('”'),
                "times" => Some('×'),
                "deg" => Some('°'),
                "rarr" => Some('→'),
                "larr" => Some('←'),
                "middot" => Some('·'),
                "bull" => Some('•'),
                "copy" => Some('©'),
                "reg" => Some('®'),
                "euro" => Some('€'),
                "pound" => Some('£'),
                "rupee" => Some('₹'),
                n => n
                    .strip_prefix("#x")
                    .or_else(|| n.strip_prefix("#X"))
                    .map(|h| u32::from_str_radix(h, 16).ok())
                    .unwrap_or_else(|| n.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            ch.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                // A non-breaking space is a space in a terminal.
                out.push(if c == '\u{a0}' { ' ' } else { c });
                rest = &tail[e + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> String {
        to_text(s).text
    }

    #[test]
    fn breaks_blocks_and_lists_become_lines() {
        assert_eq!(t("a<br>b<br/>c"), "a\nb\nc");
        assert_eq!(t("<div>one</div><div>two</div>"), "one\ntwo");
        assert_eq!(
            t("Rights:<ul><li>life</li><li>liberty</li></ul>"),
            "Rights:\n• life\n• liberty"
        );
        assert_eq!(t("<ol><li>a</li><li>b</li></ol>"), "1. a\n2. b");
        assert_eq!(t("<b>bold</b> and <i>it</i>"), "bold and it");
    }

    #[test]
    fn entities_are_decoded_once() {
        assert_eq!(t("Vice&nbsp;President &amp; more"), "Vice President & more");
        assert_eq!(t("&amp;lt; stays &#x41;&#66;"), "&lt; stays AB");
        assert_eq!(t("AT&T and a & b"), "AT&T and a & b");
    }

    #[test]
    fn media_is_left_out_and_counted() {
        let x = to_text(r#"See <img src="a.png"> and [sound:b.mp3] now"#);
        assert_eq!(x.text, "See  and  now");
        assert_eq!(x.media, 2);
        assert_eq!(t("[not a sound]"), "[not a sound]");
    }

    #[test]
    fn scripts_comments_and_stray_brackets() {
        assert_eq!(t("a<script>alert(1)</script>b<!-- c -->d"), "abd");
        assert_eq!(t("a < b and c > d"), "a < b and c > d");
        assert_eq!(t("x <unclosed"), "x <unclosed");
        assert_eq!(t("<br><br><br>x<br><br><br><br>y<br>"), "x\n\ny");
    }
}
