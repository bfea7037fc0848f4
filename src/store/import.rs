//! Importing cards from other tools: Anki's "Notes in Plain Text" export (with its `#…:`
//! headers and HTML), Quizlet's export (term and definition with the chosen separators) and
//! CSV with a header row naming the columns. Card ids come from the content, so importing the
//! same file again merges into the deck instead of duplicating it, and progress is kept.

use std::collections::HashMap;

use crate::domain::deck::{Card, CardBody, Deck, Source};
use crate::domain::ids::CardId;
use crate::domain::quiz::normalise;

/// The formats we read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    Anki,
    /// Quizlet: separator between term and definition, and between rows.
    Quizlet {
        term: String,
        row: String,
    },
    Csv,
}

/// One card read from the file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Record {
    /// Line where the record starts (1-based).
    pub line: usize,
    pub id: Option<String>,
    pub front: String,
    pub back: String,
    pub tags: Vec<String>,
    pub explanation: Option<String>,
    pub source: Option<String>,
}

/// A record left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub line: usize,
    pub reason: String,
}

/// The text of a file to import, which must be UTF-8 (Anki's, Quizlet's and "CSV UTF-8"
/// exports are). Anything else is refused with the line and column (in characters) of its
/// first byte that is not UTF-8, and how to save it as UTF-8, rather than read with
/// replacement characters: a spreadsheet's Windows-1252 "café" would become "caf�" on every
/// card without a word.
pub fn text_of(bytes: Vec<u8>) -> Result<String, String> {
    let e = match String::from_utf8(bytes) {
        Ok(text) => return Ok(text),
        Err(e) => e,
    };
    let bytes = e.as_bytes();
    let hint = "save it as UTF-8 (a spreadsheet's \"CSV UTF-8\", or an editor's UTF-8 \
                encoding) and import it again";
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(format!(
            "1:1: the file is UTF-16 text, not UTF-8\n  hint: {hint}"
        ));
    }
    let good = e.utf8_error().valid_up_to();
    let text = String::from_utf8_lossy(&bytes[..good]);
    let pos = super::json_pos::pos_of_offset(&text, text.len());
    Err(format!(
        "{}:{}: the file is not UTF-8 text (an invalid byte here)\n  hint: {hint}",
        pos.line, pos.column
    ))
}

/// Guesses the format from the name and the first lines.
pub fn detect(name: &str, text: &str) -> Format {
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    if first.starts_with("#separator:") || first.starts_with("#html:") || first.starts_with("#tags")
    {
        return Format::Anki;
    }
    if name.to_lowercase().ends_with(".csv") {
        return Format::Csv;
    }
    Format::Quizlet {
        term: "\t".into(),
        row: "\n".into(),
    }
}

/// Reads `text` in `format`.
pub fn read(text: &str, format: &Format) -> Result<(Vec<Record>, Vec<Skipped>), String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match format {
        Format::Anki => read_anki(text),
        Format::Quizlet { term, row } => Ok(read_quizlet(text, term, row)),
        Format::Csv => read_csv(text),
    }
}

fn separator(name: &str) -> Option<u8> {
    match name.trim() {
        "tab" | "Tab" => Some(b'\t'),
        "comma" | "Comma" => Some(b','),
        "semicolon" | "Semicolon" => Some(b';'),
        "space" | "Space" => Some(b' '),
        "pipe" | "Pipe" => Some(b'|'),
        "colon" | "Colon" => Some(b':'),
        s if s.len() == 1 => s.bytes().next(),
        _ => None,
    }
}

fn read_anki(text: &str) -> Result<(Vec<Record>, Vec<Skipped>), String> {
    let mut sep = b'\t';
    let mut html = false;
    let mut tags_col: Option<usize> = None;
    let mut skip_cols: Vec<usize> = Vec::new();
    let mut header_lines = 0;
    let mut body_start = 0;
    for line in text.split_inclusive('\n') {
        let Some(h) = line.strip_prefix('#') else {
            break;
        };
        header_lines += 1;
        body_start += line.len();
        let Some((key, value)) = h.trim_end().split_once(':') else {
            continue;
        };
        let col = || value.trim().parse::<usize>().ok().filter(|c| *c > 0);
        match key.trim() {
            "separator" => {
                sep = separator(value)
                    .ok_or_else(|| format!("line {header_lines}: unknown separator {value:?}"))?
            }
            "html" => html = value.trim() == "true",
            "tags column" => tags_col = col(),
            "guid column" | "notetype column" | "deck column" => skip_cols.extend(col()),
            _ => {}
        }
    }
    let clean = |s: &str| {
        if html {
            html_to_text(s)
        } else {
            s.trim().to_owned()
        }
    };
    if let Some((line, col)) = unclosed_quote(&text[body_start..], sep) {
        return Err(unclosed(header_lines + line, col));
    }
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(sep)
        .has_headers(false)
        .flexible(true)
        .from_reader(&text.as_bytes()[body_start..]);
    for row in rdr.records() {
        let row = row.map_err(|e| {
            format!(
                "line {}: {e}",
                header_lines + e.position().map_or(0, |p| p.line() as usize)
            )
        })?;
        let line = header_lines + line_at(&text[body_start..], row.position());
        let mut fields: Vec<String> = Vec::new();
        let mut tags = Vec::new();
        for (i, f) in row.iter().enumerate() {
            let col = i + 1;
            if Some(col) == tags_col {
                tags = f.split_whitespace().map(str::to_owned).collect();
            } else if !skip_cols.contains(&col) {
                fields.push(clean(f));
            }
        }
        push(&mut out, &mut skipped, line, fields, tags);
    }
    Ok((out, skipped))
}

/// Where a quoted field opens that never closes: its 1-based line and column (in characters).
/// The csv reader would read the rest of the file into that one field, and the row would then
/// look like a card with an empty back. A quote opens a field only at its start (after a
/// separator or a line break), as the csv reader reads it; `""` inside one is a quote.
fn unclosed_quote(text: &str, sep: u8) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let (mut line, mut line_start) = (1, 0);
    let mut open: Option<(usize, usize)> = None;
    let mut field_start = true;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if open.is_some() {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    open = None;
                }
            }
        } else if b == b'"' && field_start {
            let col = text.get(line_start..i).map_or(0, |s| s.chars().count()) + 1;
            open = Some((line, col));
        }
        field_start = open.is_none() && (b == sep || b == b'\n' || b == b'\r');
        if b == b'\n' {
            line += 1;
            line_start = i + 1;
        }
        i += 1;
    }
    open
}

fn unclosed(line: usize, col: usize) -> String {
    format!(
        "line {line}, column {col}: unclosed quote: the field that opens with \" here never closes, so the rest of the file would be one field (close it; a quote inside a field is written \"\")"
    )
}

/// The 1-based line of the record starting at byte `pos` of `text` (csv's own line count is
/// one short after a CRLF line ending).
fn line_at(text: &str, pos: Option<&csv::Position>) -> usize {
    let Some(pos) = pos else { return 0 };
    let bytes = text.as_bytes();
    let mut at = (pos.byte() as usize).min(bytes.len());
    while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
        at += 1;
    }
    bytes[..at].iter().filter(|b| **b == b'\n').count() + 1
}

fn push(
    out: &mut Vec<Record>,
    skipped: &mut Vec<Skipped>,
    line: usize,
    fields: Vec<String>,
    tags: Vec<String>,
) {
    let front = fields.first().cloned().unwrap_or_default();
    let back = fields.get(1).cloned().unwrap_or_default();
    if fields.iter().all(|f| f.is_empty()) {
        return;
    }
    if front.is_empty() || back.is_empty() {
        let side = if front.is_empty() { "front" } else { "back" };
        skipped.push(Skipped {
            line,
            reason: format!("the {side} is empty"),
        });
        return;
    }
    out.push(Record {
        line,
        front,
        back,
        tags,
        ..Record::default()
    });
}

fn read_quizlet(text: &str, term: &str, row: &str) -> (Vec<Record>, Vec<Skipped>) {
    let text = text.replace("\r\n", "\n");
    let row = if row.is_empty() { "\n" } else { row };
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    let mut line = 1;
    for chunk in text.split(row) {
        let here = line;
        line += chunk.matches('\n').count() + usize::from(row == "\n");
        if chunk.trim().is_empty() {
            continue;
        }
        match chunk.split_once(term) {
            Some((t, d)) => push(
                &mut out,
                &mut skipped,
                here,
                vec![t.trim().to_owned(), d.trim().to_owned()],
                vec![],
            ),
            None => skipped.push(Skipped {
                line: here,
                reason: format!("no separator {term:?} between term and definition"),
            }),
        }
    }
    (out, skipped)
}

fn read_csv(text: &str) -> Result<(Vec<Record>, Vec<Skipped>), String> {
    let header = text.lines().next().unwrap_or("");
    let delim = [b'\t', b';', b',']
        .into_iter()
        .max_by_key(|d| header.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    if let Some((line, col)) = unclosed_quote(text, delim) {
        return Err(unclosed(line, col));
    }
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delim)
        .flexible(true)
        .from_reader(text.as_bytes());
    let names: Vec<String> = rdr
        .headers()
        .map_err(|e| format!("line 1: {e}"))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let find = |opts: &[&str]| names.iter().position(|n| opts.contains(&n.as_str()));
    let front = find(&["front", "term", "question"])
        .ok_or("line 1: the header needs a `front` column (or `term`, `question`)")?;
    let back = find(&["back", "definition", "answer"])
        .ok_or("line 1: the header needs a `back` column (or `definition`, `answer`)")?;
    let (tags, expl, src, id) = (
        find(&["tags"]),
        find(&["explanation"]),
        find(&["source"]),
        find(&["id"]),
    );
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    for row in rdr.records() {
        let row = row.map_err(|e| format!("line {}: {e}", e.position().map_or(0, |p| p.line())))?;
        let line = line_at(text, row.position());
        // More fields than the header names: a separator inside a field that is not quoted
        // would shift the rest, so the row is left out and named.
        if row.len() > names.len() {
            skipped.push(Skipped {
                line,
                reason: format!(
                    "{} fields, but the header names {}: put a field holding {} in double quotes",
                    row.len(),
                    names.len(),
                    match delim {
                        b'\t' => "a tab",
                        b';' => "a semicolon",
                        _ => "a comma",
                    }
                ),
            });
            continue;
        }
        let get = |i: Option<usize>| {
            i.and_then(|i| row.get(i))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let before = out.len();
        push(
            &mut out,
            &mut skipped,
            line,
            vec![
                get(Some(front)).unwrap_or_default(),
                get(Some(back)).unwrap_or_default(),
            ],
            // "polity,finance" (quoted in the file) or "polity finance": two tags.
            get(tags)
                .map(|t| {
                    t.split(|c: char| c.is_whitespace() || c == ',' || c == ';')
                        .filter(|t| !t.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
        );
        if out.len() > before
            && let Some(r) = out.last_mut()
        {
            r.explanation = get(expl);
            r.source = get(src);
            r.id = get(id);
        }
    }
    Ok((out, skipped))
}

/// Reduces Anki's HTML to plain text: line breaks for `<br>`, `<div>` and `<p>`, tags dropped,
/// entities decoded.
pub fn html_to_text(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = rest[open + 1..open + close].trim().to_lowercase();
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        if matches!(name, "br" | "div" | "p" | "li") && !out.ends_with('\n') && !out.is_empty() {
            out.push('\n');
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    let decoded = decode_entities(&out);
    decoded
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn decode_entities(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let end = tail.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|e| {
            let name = &tail[1..e];
            let ch = match name {
                "nbsp" => Some(' '),
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" | "#39" => Some('\''),
                n if n.starts_with("#x") => u32::from_str_radix(&n[2..], 16)
                    .ok()
                    .and_then(char::from_u32),
                n if n.starts_with('#') => n[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            ch.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
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

/// A stable card id from a card's front: the same question always gets the same id.
pub fn stable_id(front: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in normalise(front).bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("imp-{:010x}", h & 0xff_ffff_ffff)
}

/// The id of the deck's source that a file's `source` column names: the id itself when the
/// deck has a source with that id (or that title, or that address), else a new source added to
/// the deck with the text as its title (and as its address when it is a web address) and an
/// id made from it.
fn source_id(deck: &mut Deck, text: &str) -> String {
    let text = text.trim();
    if let Some(s) = deck
        .sources
        .iter()
        .find(|s| s.id == text || s.title == text || s.url.as_deref() == Some(text))
    {
        return s.id.clone();
    }
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 40 {
            break;
        }
    }
    let slug = match slug.trim_end_matches('-') {
        "" => "source".to_owned(),
        s => s.to_owned(),
    };
    let mut id = slug.clone();
    let mut n = 1;
    while deck.source(&id).is_some() {
        n += 1;
        id = format!("{slug}-{n}");
    }
    let web = text.starts_with("http://") || text.starts_with("https://");
    deck.sources.push(Source {
        id: id.clone(),
        title: text.to_owned(),
        publisher: None,
        date: None,
        url: web.then(|| text.to_owned()),
    });
    id
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// New cards added.
    pub imported: usize,
    /// Existing cards whose text was updated.
    pub merged: usize,
    /// Existing cards found unchanged.
    pub unchanged: usize,
    pub skipped: Vec<Skipped>,
}

/// Merges `records` into `deck` (cards are matched by id, else by the same question), calling
/// `progress(done, total)` as it goes.
pub fn merge(
    deck: &mut Deck,
    records: Vec<Record>,
    mut skipped: Vec<Skipped>,
    progress: &mut dyn FnMut(usize, usize),
) -> Report {
    let mut report = Report::default();
    let total = records.len();
    let mut by_id: HashMap<CardId, usize> = deck
        .cards
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.clone(), i))
        .collect();
    let mut by_front: HashMap<String, usize> = deck
        .cards
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match &c.body {
            CardBody::Basic { front, .. } => Some((normalise(front), i)),
            _ => None,
        })
        .collect();
    let mut seen_in_file: HashMap<String, usize> = HashMap::new();
    for (n, r) in records.into_iter().enumerate() {
        if n % 256 == 0 {
            progress(n, total);
        }
        let id = r.id.clone().unwrap_or_else(|| stable_id(&r.front));
        if let Some(first) = seen_in_file.get(&id) {
            skipped.push(Skipped {
                line: r.line,
                reason: format!("the same question as line {first}"),
            });
            continue;
        }
        seen_in_file.insert(id.clone(), r.line);
        let existing = by_id
            .get(id.as_str())
            .or_else(|| by_front.get(&normalise(&r.front)))
            .copied();
        match existing {
            Some(i) => {
                let card = &mut deck.cards[i];
                let CardBody::Basic { front, back, .. } = &mut card.body else {
                    skipped.push(Skipped {
                        line: r.line,
                        reason: format!("card {:?} in the deck is not a basic card", card.id),
                    });
                    continue;
                };
                let mut changed = false;
                for (slot, new) in [(front, &r.front), (back, &r.back)] {
                    if slot != new {
                        slot.clone_from(new);
                        changed = true;
                    }
                }
                for t in &r.tags {
                    if !card.tags.contains(t) {
                        card.tags.push(t.clone());
                        changed = true;
                    }
                }
                if r.explanation.is_some() && r.explanation != card.explanation {
                    card.explanation.clone_from(&r.explanation);
                    changed = true;
                }
                if let Some(s) = &r.source {
                    let id = source_id(deck, s);
                    let card = &mut deck.cards[i];
                    if card.source.as_deref() != Some(id.as_str()) {
                        card.source = Some(id);
                        changed = true;
                    }
                }
                if changed {
                    report.merged += 1;
                } else {
                    report.unchanged += 1;
                }
            }
            None => {
                by_id.insert(id.as_str().into(), deck.cards.len());
                by_front.insert(normalise(&r.front), deck.cards.len());
                let source = r.source.map(|s| source_id(deck, &s));
                deck.cards.push(Card {
                    id: id.into(),
                    body: CardBody::Basic {
                        front: r.front,
                        back: r.back,
                        reverse: false,
                        distractors: vec![],
                    },
                    explanation: r.explanation,
                    tags: r.tags.into_iter().filter(|t| !t.is_empty()).collect(),
                    source,
                    group: None,
                    answer: Default::default(),
                });
                report.imported += 1;
            }
        }
    }
    progress(total, total);
    skipped.sort_by_key(|s| s.line);
    report.skipped = skipped;
    report
}

#[cfg(test)]
#[path = "import_tests.rs"]
mod tests;
