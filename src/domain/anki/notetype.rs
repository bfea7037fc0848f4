//! Which smriti card an Anki note type becomes, read from its templates: the fields its first
//! template asks, the field a `{{type:…}}` box checks, a second template that asks the other
//! way round (reversed), and cloze note types. The stock types (Basic, Basic (and reversed
//! card), Basic (optional reversed card), Basic (type in the answer), Cloze) map exactly; any
//! other type maps by the same reading of its templates and is reported as guessed. Pure.

use super::NoteType;

/// How a note type's notes become cards. Field lists are indices into the note's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mapping {
    /// Question and answer; `reverse_template`: the template (by ord) that asks the answer
    /// side, whose card is the smriti card's reverse.
    Basic {
        front: Vec<usize>,
        back: Vec<usize>,
        reverse_template: Option<u32>,
        extra: Vec<usize>,
    },
    /// Type in the answer: `answer` is the field the box checks.
    Typed {
        question: Vec<usize>,
        answer: usize,
        extra: Vec<usize>,
    },
    /// Cloze deletions in `text`; `extra` becomes the explanation.
    Cloze { text: usize, extra: Vec<usize> },
}

/// A note type's mapping and whether it was guessed (not a stock note type).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapped {
    pub mapping: Mapping,
    pub guessed: bool,
    /// Templates whose cards have no smriti item (a third template, say).
    pub dropped_templates: Vec<u32>,
}

/// Names that are not fields in a template (`{{FrontSide}}`, `{{Tags}}`…).
const SPECIAL: [&str; 7] = [
    "FrontSide",
    "Tags",
    "Deck",
    "Subdeck",
    "Card",
    "Type",
    "CardFlag",
];

/// A template's field references, in order: (field name, filter such as `type` or `cloze`,
/// whether it opens a conditional section `{{#…}}`/`{{^…}}`).
fn refs(template: &str) -> Vec<(String, String, bool)> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        let tail = &rest[open + 2..];
        let Some(close) = tail.find("}}") else { break };
        let inner = tail[..close].trim();
        rest = &tail[close + 2..];
        if inner.starts_with('/') || inner.starts_with('!') {
            continue;
        }
        let (cond, inner) = match inner.strip_prefix(['#', '^']) {
            Some(i) => (true, i),
            None => (false, inner),
        };
        let (filter, name) = match inner.rsplit_once(':') {
            Some((f, n)) => (f.rsplit(':').next().unwrap_or(f).trim(), n.trim()),
            None => ("", inner.trim()),
        };
        if SPECIAL.contains(&name) {
            continue;
        }
        out.push((name.to_owned(), filter.to_owned(), cond));
    }
    out
}

fn index(nt: &NoteType, name: &str) -> Option<usize> {
    nt.fields.iter().position(|f| f == name)
}

fn push_unique(v: &mut Vec<usize>, i: usize) {
    if !v.contains(&i) {
        v.push(i);
    }
}

/// Maps a note type.
pub fn map(nt: &NoteType) -> Mapped {
    // A stock kind Anki recorded counts only with the stock number of fields (a type made
    // with "Add: Basic" and given more fields is the user's own).
    let stock_fields = match nt.stock {
        Some(1 | 2 | 4 | 5) => 2,
        Some(3) => 3,
        _ => usize::MAX,
    };
    let stock = nt.fields.len() == stock_fields
        || matches!(
            nt.name.as_str(),
            "Basic"
                | "Basic (and reversed card)"
                | "Basic (optional reversed card)"
                | "Basic (type in the answer)"
                | "Cloze"
        );
    let all: Vec<usize> = (0..nt.fields.len()).collect();
    let Some(first) = nt.templates.first() else {
        // No template: the first field asks, the rest answer.
        return Mapped {
            mapping: Mapping::Basic {
                front: all.iter().copied().take(1).collect(),
                back: all.iter().copied().skip(1).collect(),
                reverse_template: None,
                extra: vec![],
            },
            guessed: true,
            dropped_templates: vec![],
        };
    };
    let q = refs(&first.question);
    let a = refs(&first.answer);
    if nt.cloze {
        let text = q
            .iter()
            .find(|(_, f, _)| f == "cloze")
            .and_then(|(n, _, _)| index(nt, n))
            .unwrap_or(0);
        let mut extra = Vec::new();
        for (n, f, cond) in &a {
            match index(nt, n) {
                Some(i) if i != text && !cond && f != "cloze" => push_unique(&mut extra, i),
                _ => {}
            }
        }
        return Mapped {
            mapping: Mapping::Cloze { text, extra },
            guessed: !stock,
            dropped_templates: vec![],
        };
    }
    let mut front = Vec::new();
    let mut typed = None;
    for (n, f, cond) in &q {
        if *cond {
            continue;
        }
        if let Some(i) = index(nt, n) {
            if f == "type" {
                typed = Some(i);
            } else {
                push_unique(&mut front, i);
            }
        }
    }
    let mut back = Vec::new();
    for (n, f, cond) in &a {
        if *cond || f == "type" {
            continue;
        }
        if let Some(i) = index(nt, n).filter(|i| !front.contains(i) && Some(*i) != typed) {
            push_unique(&mut back, i);
        }
    }
    if front.is_empty() {
        front = all.iter().copied().take(1).collect();
    }
    if back.is_empty() && typed.is_none() {
        back = all.iter().copied().filter(|i| !front.contains(i)).collect();
    }
    // A second template that asks what the first one answers is the reverse.
    let mut reverse_template = None;
    let mut dropped = Vec::new();
    for (ord, t) in nt.templates.iter().enumerate().skip(1) {
        let asks: Vec<usize> = refs(&t.question)
            .iter()
            .filter(|(_, f, cond)| !cond && f != "type")
            .filter_map(|(n, _, _)| index(nt, n))
            .collect();
        let ord = u32::try_from(ord).unwrap_or(u32::MAX);
        if reverse_template.is_none()
            && typed.is_none()
            && !asks.is_empty()
            && asks.iter().all(|i| back.contains(i))
        {
            reverse_template = Some(ord);
        } else {
            dropped.push(ord);
        }
    }
    // Fields shown nowhere in the first template (the optional reverse's switch is one) are
    // neither question nor answer; a guessed type keeps them as the explanation.
    let shown: Vec<usize> = front.iter().chain(&back).copied().chain(typed).collect();
    let switch_fields: Vec<usize> = nt
        .templates
        .iter()
        .flat_map(|t| refs(&t.question))
        .filter(|(_, _, cond)| *cond)
        .filter_map(|(n, _, _)| index(nt, &n))
        .collect();
    let extra: Vec<usize> = if stock {
        vec![]
    } else {
        all.iter()
            .copied()
            .filter(|i| !shown.contains(i) && !switch_fields.contains(i))
            .collect()
    };
    let mapping = match typed {
        Some(answer) => Mapping::Typed {
            question: front,
            answer,
            extra: back.into_iter().chain(extra).collect(),
        },
        None => Mapping::Basic {
            front,
            back,
            reverse_template,
            extra,
        },
    };
    Mapped {
        mapping,
        guessed: !stock,
        dropped_templates: dropped,
    }
}

/// A one-line account of a mapping, for the import report: `front = Term; back = Meaning`.
pub fn describe(nt: &NoteType, m: &Mapping) -> String {
    let names = |ix: &[usize]| -> String {
        let v: Vec<&str> = ix
            .iter()
            .filter_map(|i| nt.fields.get(*i).map(String::as_str))
            .collect();
        if v.is_empty() {
            "(nothing)".into()
        } else {
            v.join(" + ")
        }
    };
    let extra = |ix: &[usize]| {
        if ix.is_empty() {
            String::new()
        } else {
            format!("; explanation = {}", names(ix))
        }
    };
    match m {
        Mapping::Basic {
            front,
            back,
            reverse_template,
            extra: x,
        } => format!(
            "basic{}: front = {}; back = {}{}",
            if reverse_template.is_some() {
                " with reverse"
            } else {
                ""
            },
            names(front),
            names(back),
            extra(x)
        ),
        Mapping::Typed {
            question,
            answer,
            extra: x,
        } => format!(
            "typed: question = {}; answer = {}{}",
            names(question),
            names(&[*answer]),
            extra(x)
        ),
        Mapping::Cloze { text, extra: x } => {
            format!("cloze: text = {}{}", names(&[*text]), extra(x))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::anki::Template;

    fn nt(name: &str, cloze: bool, fields: &[&str], templates: &[(&str, &str)]) -> NoteType {
        NoteType {
            id: 1,
            name: name.into(),
            cloze,
            stock: None,
            fields: fields.iter().map(|s| s.to_string()).collect(),
            templates: templates
                .iter()
                .map(|(q, a)| Template {
                    name: "t".into(),
                    question: q.to_string(),
                    answer: a.to_string(),
                })
                .collect(),
        }
    }

    const BACK: &str = "{{FrontSide}}<hr id=answer>{{Back}}";

    #[test]
    fn stock_note_types_map_exactly() {
        let basic = nt("Basic", false, &["Front", "Back"], &[("{{Front}}", BACK)]);
        assert_eq!(
            map(&basic).mapping,
            Mapping::Basic {
                front: vec![0],
                back: vec![1],
                reverse_template: None,
                extra: vec![]
            }
        );
        assert!(!map(&basic).guessed);
        let rev = nt(
            "Basic (and reversed card)",
            false,
            &["Front", "Back"],
            &[
                ("{{Front}}", BACK),
                ("{{Back}}", "{{FrontSide}}<hr>{{Front}}"),
            ],
        );
        assert!(matches!(
            map(&rev).mapping,
            Mapping::Basic {
                reverse_template: Some(1),
                ..
            }
        ));
        let opt = nt(
            "Basic (optional reversed card)",
            false,
            &["Front", "Back", "Add Reverse"],
            &[
                ("{{Front}}", BACK),
                (
                    "{{#Add Reverse}}{{Back}}{{/Add Reverse}}",
                    "{{FrontSide}}<hr>{{Front}}",
                ),
            ],
        );
        assert_eq!(
            map(&opt).mapping,
            Mapping::Basic {
                front: vec![0],
                back: vec![1],
                reverse_template: Some(1),
                extra: vec![]
            }
        );
        let typed = nt(
            "Basic (type in the answer)",
            false,
            &["Front", "Back"],
            &[(
                "{{Front}}\n\n{{type:Back}}",
                "{{Front}}<hr id=answer>{{type:Back}}",
            )],
        );
        assert_eq!(
            map(&typed).mapping,
            Mapping::Typed {
                question: vec![0],
                answer: 1,
                extra: vec![]
            }
        );
        let cloze = nt(
            "Cloze",
            true,
            &["Text", "Back Extra"],
            &[("{{cloze:Text}}", "{{cloze:Text}}<br>\n{{Back Extra}}")],
        );
        assert_eq!(
            map(&cloze).mapping,
            Mapping::Cloze {
                text: 0,
                extra: vec![1]
            }
        );
    }

    #[test]
    fn other_note_types_are_guessed_from_their_templates() {
        let vocab = nt(
            "UPSC Vocabulary",
            false,
            &["Term", "Meaning", "Example", "Source"],
            &[(
                "{{Term}}",
                "{{FrontSide}}<hr id=answer>{{Meaning}}<br>{{Example}}",
            )],
        );
        let m = map(&vocab);
        assert!(m.guessed);
        assert_eq!(
            m.mapping,
            Mapping::Basic {
                front: vec![0],
                back: vec![1, 2],
                reverse_template: None,
                extra: vec![3]
            }
        );
        assert_eq!(
            describe(&vocab, &m.mapping),
            "basic: front = Term; back = Meaning + Example; explanation = Source"
        );
        let three = nt(
            "Three ways",
            false,
            &["A", "B", "C"],
            &[("{{A}}", "{{B}}"), ("{{B}}", "{{A}}"), ("{{C}}", "{{A}}")],
        );
        let m = map(&three);
        assert_eq!(m.dropped_templates, vec![2]);
    }
}
