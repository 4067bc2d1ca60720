//! Inputs the fuzz targets in `fuzz/` found, kept as tests of the behaviour that was fixed.

use groundwork::search::query::{read_at, Filter, Node};

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
}

/// fuzz target `query_read`: a negated group was shown as `-(…)`, which reads back as negating
/// only its first part, so "how we read it" described another query than the one run.
#[test]
fn a_negated_group_reads_back_as_the_same_query() {
    let read = read_at(
        "kube* -jenkins NOT (team:payments AND kind:ticket)",
        today(),
    );
    assert_eq!(
        read.text,
        "kube* -jenkins NOT (team:payments AND kind:ticket)"
    );
    let group = Node::And(vec![
        Node::Filter(Filter::Team("payments".into())),
        Node::Filter(Filter::Kind("ticket".into())),
    ]);
    assert_eq!(
        read.node,
        Some(Node::And(vec![
            Node::Prefix("kube".into()),
            Node::Not(Box::new(Node::Word("jenkins".into()))),
            Node::Not(Box::new(group)),
        ]))
    );
    assert_eq!(read_at(&read.text, today()).node, read.node);
}

/// fuzz target `table_read`: a header line with no comma, tab or semicolon picked `;` (the last
/// of equally frequent delimiters) instead of the documented comma, so the data rows below it
/// were split wrongly.
#[test]
fn a_header_without_delimiters_reads_as_commas() {
    let text = "title\r\n\"a \"\"quoted\"\" title\",\"line one\nline two\"\r\n\r\nplain,x\n";
    let t = groundwork::import::table::read(text, "f.csv", None).unwrap();
    assert_eq!(t.delimiter, b',');
    assert_eq!(t.headers, ["title"]);
    let rows: Vec<&[String]> = t.rows.iter().map(|r| r.fields.as_slice()).collect();
    assert_eq!(
        rows,
        [
            &[
                "a \"quoted\" title".to_string(),
                "line one\nline two".to_string()
            ][..],
            &["plain".to_string(), "x".to_string()][..],
        ]
    );
}

/// fuzz target `query_read`: `NOT&` left the word `NOT` behind once the punctuation was dropped;
/// shown as `NOT`, it read back as the operator, so "how we read it" negated what followed.
#[test]
fn an_operator_word_left_by_punctuation_stays_a_search_word() {
    let read = read_at("kin-jenkins NOT&( d: \"\"", today());
    assert_eq!(read.text, "\"kin jenkins\" not (d)");
    assert_eq!(
        read.node,
        Some(Node::And(vec![
            Node::Phrase(vec!["kin".into(), "jenkins".into()]),
            Node::Word("not".into()),
            Node::Word("d".into()),
        ]))
    );
    assert_eq!(read_at(&read.text, today()).node, read.node);
    // Typed as an operator, it still is one.
    assert_eq!(
        read_at("deploy NOT flaky", today()).node,
        Some(Node::And(vec![
            Node::Word("deploy".into()),
            Node::Not(Box::new(Node::Word("flaky".into()))),
        ]))
    );
}

/// fuzz target `sheet_xlsx`: a damaged XLSX makes calamine 0.38 overflow an integer, which panics
/// in builds with overflow checks (these tests). Opening it
/// is now an error naming the file.
#[test]
fn a_workbook_the_spreadsheet_library_panics_on_is_an_error_naming_the_file() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz/calamine-overflow.xlsx");
    match groundwork::import::sheet::SheetRows::open(&path) {
        Err(e) => {
            let message = e.to_string();
            assert!(message.contains("calamine-overflow.xlsx"), "{message}");
            assert!(
                message.contains("cannot read this spreadsheet"),
                "{message}"
            );
        }
        // Without overflow checks (release builds) calamine wraps and may read something; it
        // must still be a well-formed table.
        Ok(sheet) => assert!(!groundwork::import::table::RowSource::headers(&sheet).is_empty()),
    }
}

/// fuzz target `table_read`: after CRLF line endings (every Excel export) a row reported the line
/// before the one it starts on, so rejected rows named the wrong line.
#[test]
fn rejected_rows_in_a_crlf_file_name_the_line_they_are_on() {
    let dir = tempfile::tempdir().unwrap();
    let ws = groundwork::Workspace::open(dir.path().join("ws")).unwrap();
    let file = dir.path().join("excel.csv");
    std::fs::write(
        &file,
        "Summary,Issue key,Created\r\nBad,T-1,30/Foo/21 17:20\r\n\"Two\r\nlines\",T-2,31/Foo/21\r\n\r\nAlso bad,T-3,32/Foo/21\r\n",
    )
    .unwrap();
    let report = ws
        .import(
            &file,
            &groundwork::import::ImportOptions::default(),
            &mut |_| {},
            &std::sync::atomic::AtomicBool::new(false),
        )
        .unwrap();
    let lines: Vec<u64> = report.rejected.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![2, 3, 6]);
}

/// fuzz target `query_read`: `tag:"` followed by control characters and a parenthesis. Control
/// characters read as spaces and the value is trimmed, so the tag was `)`; but a quoted value was
/// shown in quotes only when it held a space, and `tag:)` reads back as an empty `tag:` and a stray
/// `)`. A value holding any character that ends a bare word (space, parenthesis) is now shown in
/// quotes, wherever the character is.
#[test]
fn a_quoted_filter_value_reads_back_as_the_same_value() {
    let cases: [(&str, &str, Option<Filter>); 9] = [
        (
            "tag:\"\u{1}\u{2})",
            "tag:\")\"",
            Some(Filter::Tag(")".into())),
        ),
        ("tag:\"\u{7f}(", "tag:\"(\"", Some(Filter::Tag("(".into()))),
        (
            "tag:\"a(\u{b}",
            "tag:\"a(\"",
            Some(Filter::Tag("a(".into())),
        ),
        (
            "team:\"Dev(Ex)\u{1}\"",
            "team:\"dev(ex)\"",
            Some(Filter::Team("dev(ex)".into())),
        ),
        (
            "source:\"\u{1b}x)y",
            "source:\"x)y\"",
            Some(Filter::Source(vec!["x)y".into()])),
        ),
        // Control characters alone: nothing to filter on.
        ("tag:\"\u{1}\u{2}", "", None),
        ("tag:\"\u{7f}", "", None),
        ("tag:\" \t\u{b}\"", "", None),
        // Between words they read as a space.
        (
            "tag:\"a\u{1}b",
            "tag:\"a b\"",
            Some(Filter::Tag("a b".into())),
        ),
    ];
    for (raw, text, filter) in cases {
        let read = read_at(raw, today());
        assert_eq!(read.text, text, "{raw:?}");
        assert_eq!(read.node, filter.map(Node::Filter), "{raw:?}");
        assert_eq!(read_at(&read.text, today()).node, read.node, "{raw:?}");
    }
}

/// Found by `scripts/fuzz.sh` (text_decode, seed 1) once streamed imports began dropping stray NUL
/// bytes: UTF-16LE text ending in a U+0000 character. The streamed reader dropped it while
/// `decode` kept it, so the two readers read one file differently. A NUL is a stray byte only in
/// byte-oriented text; in UTF-16 both readers keep the character.
#[test]
fn utf16_text_holding_a_nul_character_reads_the_same_streamed_or_whole() {
    use groundwork::import::text::{decode, open};
    use std::io::Read;
    let bytes = b"\xff\xfeK\x00K\x00e\x00y\x00e\x00y\x00\n\x00)y\x00\n\x00\x00";
    let (whole, encoding) = decode(bytes, None).expect("decodes");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("input.txt");
    std::fs::write(&path, bytes).unwrap();
    let mut stream = open(&path, None).expect("opens");
    let mut streamed = String::new();
    stream.reader.read_to_string(&mut streamed).unwrap();
    assert_eq!(stream.encoding, encoding);
    assert_eq!(streamed, whole);
    assert!(whole.ends_with('\0'), "{whole:?}");
}
