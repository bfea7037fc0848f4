use super::*;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn empty_deck() -> Deck {
    Deck {
        answer_kind: None,
        id: "imported".into(),
        title: "Imported".into(),
        description: String::new(),
        tags: vec![],
        sources: vec![],
        cards: vec![],
    }
}

#[test]
fn anki_notes_with_headers_html_quotes_bom_and_crlf() {
    let text = fixture("anki-notes.txt");
    assert_eq!(detect("anki-notes.txt", &text), Format::Anki);
    let (records, skipped) = read(&text, &Format::Anki).unwrap();
    let got: Vec<(&str, &str, Vec<&str>, usize)> = records
        .iter()
        .map(|r| {
            (
                r.front.as_str(),
                r.back.as_str(),
                r.tags.iter().map(String::as_str).collect(),
                r.line,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "Where is the Toyota Tsusho refinery?",
                "Andhra Pradesh",
                vec!["places", "upsc"],
                4
            ),
            (
                "A field with a\ttab",
                "Line one\nline two\nand a real newline",
                vec!["quoted"],
                5
            ),
            ("FOIP", "Free and Open Indo-Pacific", vec![], 7),
        ]
    );
    assert_eq!(
        skipped,
        [Skipped {
            line: 8,
            reason: "the back is empty".into()
        }]
    );
}

#[test]
fn anki_guid_and_notetype_columns_are_left_out() {
    let (records, _) = read(&fixture("anki-guid.txt"), &Format::Anki).unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(
        (records[1].front.as_str(), records[1].back.as_str()),
        ("METI, Japan", "Ministry of Economy, Trade and Industry")
    );
    assert_eq!(records[1].tags, ["acronyms"]);
}

#[test]
fn quizlet_with_default_and_custom_separators() {
    let text = fixture("quizlet.txt");
    assert!(matches!(
        detect("quizlet.txt", &text),
        Format::Quizlet { .. }
    ));
    let (records, skipped) = read(
        &text,
        &Format::Quizlet {
            term: "\t".into(),
            row: "\n".into(),
        },
    )
    .unwrap();
    assert_eq!(
        records.iter().map(|r| r.back.as_str()).collect::<Vec<_>>(),
        ["₹10,372 crore", "Agriculture"]
    );
    assert_eq!(skipped[0].line, 4);
    let (records, _) = read(
        &fixture("quizlet-custom.txt"),
        &Format::Quizlet {
            term: " - ".into(),
            row: ";".into(),
        },
    )
    .unwrap();
    assert_eq!(
        records
            .iter()
            .map(|r| (r.front.as_str(), r.back.as_str()))
            .collect::<Vec<_>>(),
        [
            ("Toyota Tsusho refinery", "Andhra Pradesh"),
            ("Green ammonia", "Mundra"),
            ("Bioethanol (JBIC loan)", "Assam")
        ]
    );
}

#[test]
fn csv_with_a_header_quotes_newlines_bom_and_crlf() {
    let text = fixture("cards.csv");
    assert_eq!(detect("cards.csv", &text), Format::Csv);
    let (records, skipped) = read(&text, &Format::Csv).unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].front, "Japans pledge, 2025");
    assert_eq!(
        records[0].explanation.as_deref(),
        Some("Linked to FOIP,\r\nand Atmanirbhar Bharat")
    );
    assert_eq!(records[1].tags, ["acronyms"]);
    assert_eq!(
        skipped,
        [Skipped {
            line: 5,
            reason: "the front is empty".into()
        }]
    );
    let (records, _) = read("question;answer\nq;a\n", &Format::Csv).unwrap();
    assert_eq!(
        (records[0].front.as_str(), records[0].back.as_str()),
        ("q", "a"),
        "other names for the columns, ';' as separator"
    );
    let err = read("word,meaning\nq,a\n", &Format::Csv).unwrap_err();
    assert_eq!(
        err,
        "line 1: the header needs a `front` column (or `term`, `question`)"
    );
}

#[test]
fn html_is_reduced_to_text() {
    assert_eq!(
        html_to_text("<div>One&nbsp;&amp; two</div><div>three<br/>four</div>"),
        "One & two\nthree\nfour"
    );
    assert_eq!(
        html_to_text("a &lt;b&gt; &#8377;5 &#x20B9;6 &unknown; & c"),
        "a <b> ₹5 ₹6 &unknown; & c"
    );
}

#[test]
fn reimporting_merges_keeps_ids_and_reports() {
    let mut deck = empty_deck();
    let (records, skipped) = read(&fixture("anki-notes.txt"), &Format::Anki).unwrap();
    let mut calls = 0;
    let r = merge(&mut deck, records.clone(), skipped.clone(), &mut |_, _| {
        calls += 1
    });
    assert_eq!(
        (r.imported, r.merged, r.unchanged, r.skipped.len()),
        (3, 0, 0, 1)
    );
    assert!(calls >= 2);
    let ids: Vec<String> = deck.cards.iter().map(|c| c.id.to_string()).collect();
    assert_eq!(ids[2], stable_id("FOIP"));
    // The same file again: nothing new, nothing lost.
    let r = merge(&mut deck, records.clone(), vec![], &mut |_, _| {});
    assert_eq!((r.imported, r.merged, r.unchanged), (0, 0, 3));
    assert_eq!(
        deck.cards.iter().map(|c| c.id.clone()).collect::<Vec<_>>(),
        ids
    );
    // An edited answer is merged into the card with the same id.
    let mut edited = records;
    edited[2].back = "Free & Open Indo-Pacific".into();
    edited.push(edited[0].clone());
    let r = merge(&mut deck, edited, vec![], &mut |_, _| {});
    assert_eq!((r.imported, r.merged, r.unchanged), (0, 1, 2));
    assert_eq!(r.skipped[0].reason, "the same question as line 4");
    let CardBody::Basic { back, .. } = &deck.cards[2].body else {
        panic!()
    };
    assert_eq!(back, "Free & Open Indo-Pacific");
}

#[test]
fn stable_ids_ignore_case_and_punctuation() {
    assert_eq!(stable_id("What is FOIP?"), stable_id("what is foip"));
    assert_ne!(stable_id("What is FOIP?"), stable_id("What is TITP?"));
    assert!(stable_id("x").starts_with("imp-"));
}

/// A file written by Anki itself (the `anki` Python package's export_note_csv, "Notes in Plain
/// Text" with GUIDs, HTML and tags).
#[test]
fn a_real_anki_export_imports_cleanly() {
    let text = fixture("anki-real-export.txt");
    assert_eq!(detect("anki-real-export.txt", &text), Format::Anki);
    let (records, skipped) = read(&text, &Format::Anki).unwrap();
    assert!(skipped.is_empty(), "{skipped:?}");
    let got: Vec<(&str, &str)> = records
        .iter()
        .map(|r| (r.front.as_str(), r.back.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("Where is the Toyota Tsusho refinery?", "Andhra Pradesh"),
            ("FOIP", "Free and Open Indo-Pacific\n(Japan's vision)"),
            ("A field with a\ttab", "Line one\nline two"),
            ("₹10,372 crore funds?", "IndiaAI Mission — \"GPUs\", data"),
        ]
    );
    assert_eq!(records[0].tags, ["places", "upsc"]);
    assert!(records[3].tags.is_empty());
}

#[test]
fn csv_keeps_its_source_column_and_splits_quoted_tags() {
    let text = "front,back,tags,source\n\
                Q1,A1,\"polity,finance\",The Hindu 2025-08-30\n\
                Q2,A2,polity;history economy,https://mea.gov.in/factsheet\n\
                Q3,A3,,The Hindu 2025-08-30\n";
    let (records, skipped) = read(text, &Format::Csv).unwrap();
    assert_eq!(records[0].tags, ["polity", "finance"]);
    assert_eq!(records[1].tags, ["polity", "history", "economy"]);
    let mut deck = empty_deck();
    merge(&mut deck, records.clone(), skipped, &mut |_, _| {});
    let ids: Vec<&str> = deck.sources.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["the-hindu-2025-08-30", "https-mea-gov-in-factsheet"]);
    assert_eq!(deck.sources[0].title, "The Hindu 2025-08-30");
    assert_eq!(
        deck.sources[1].url.as_deref(),
        Some("https://mea.gov.in/factsheet")
    );
    let sources: Vec<Option<&str>> = deck.cards.iter().map(|c| c.source.as_deref()).collect();
    assert_eq!(
        sources,
        [
            Some("the-hindu-2025-08-30"),
            Some("https-mea-gov-in-factsheet"),
            Some("the-hindu-2025-08-30")
        ]
    );
    // Importing again adds no second source; a changed source is merged.
    let mut again = records;
    again[2].source = Some("https://mea.gov.in/factsheet".into());
    let r = merge(&mut deck, again, vec![], &mut |_, _| {});
    assert_eq!((r.merged, r.unchanged), (1, 2));
    assert_eq!(deck.sources.len(), 2);
    assert_eq!(
        deck.cards[2].source.as_deref(),
        Some("https-mea-gov-in-factsheet")
    );
}

/// A file that is not UTF-8 is refused where its first bad byte stands (line and column in
/// characters), never read with replacement characters; UTF-16 is named as such.
#[test]
fn a_file_that_is_not_utf8_is_refused_at_its_first_bad_byte() {
    assert_eq!(
        text_of("\u{feff}front,back\n".as_bytes().to_vec()).as_deref(),
        Ok("\u{feff}front,back\n")
    );
    // Windows-1252 "café" (0xE9) after a line of UTF-8 with a two-byte letter.
    let err = text_of(b"front,back\n\xc3\xa9t\xc3\xa9,caf\xe9\n".to_vec()).unwrap_err();
    assert!(
        err.starts_with(
            "2:8: the file is not UTF-8 text (an invalid byte here)\n  hint: save it as UTF-8"
        ),
        "{err}"
    );
    let err = text_of(b"\xff\xfef\x00r\x00".to_vec()).unwrap_err();
    assert!(
        err.starts_with("1:1: the file is UTF-16 text, not UTF-8\n  hint: save it as UTF-8"),
        "{err}"
    );
}

#[test]
fn a_csv_row_with_more_fields_than_the_header_is_left_out_with_its_line() {
    let text = "front,back\nq1,a1\nq2,a2, with a comma\n\"q3\",\"a3, quoted\"\n";
    let (records, skipped) = read(text, &Format::Csv).unwrap();
    let fronts: Vec<&str> = records.iter().map(|r| r.front.as_str()).collect();
    assert_eq!(fronts, ["q1", "q3"]);
    assert_eq!(records[1].back, "a3, quoted");
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].line, 3);
    assert_eq!(
        skipped[0].reason,
        "3 fields, but the header names 2: put a field holding a comma in double quotes"
    );
}

#[test]
fn an_unclosed_quote_is_named_at_its_line_and_column() {
    let err = read("front,back\nq1,a1\nq2,\"a2\nq3,a3\n", &Format::Csv).unwrap_err();
    assert!(err.starts_with("line 3, column 4: unclosed quote"), "{err}");
    // Quotes that close, a doubled quote inside a field, and a quote inside a word are fine.
    let (records, skipped) =
        read("front,back\n\"q \"\"1\"\"\",a1\nq2,it\"s\n", &Format::Csv).unwrap();
    assert_eq!(
        (records.len(), skipped.len()),
        (2, 0),
        "{records:?} {skipped:?}"
    );
    assert_eq!(records[0].front, "q \"1\"");
    // Anki's text export: the line counts its header lines.
    let err = read("#separator:tab\n#html:false\nq1\t\"a1\n", &Format::Anki).unwrap_err();
    assert!(err.starts_with("line 3, column 4: unclosed quote"), "{err}");
}
