//! Exports of the ranked roadmap on a fixture workspace: every format read back, formula and
//! markup injection neutralized, names anonymized, and a failed export leaves nothing behind.

use crate::common;

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::{interview, open};
use groundwork::export::{
    export, file_name, review_pack, write_pack, ExportFormat, ExportOptions, ExportSubject,
};
use groundwork::research::teams::TeamInput;
use groundwork::roadmap::items::{ItemInput, LinkInput, ManualInput};
use groundwork::search::themes::ThemeInput;
use groundwork::Workspace;
use std::path::Path;

const HOSTILE_TITLE: &str = "=HYPERLINK(\"http://evil.example\",\"click\")";
const HOSTILE_QUOTE: &str = "<script>alert(1)</script> Ada Lovelace (ada@example.com) says CI <img src=x onerror=alert(2)> waits";

fn input(key: &str, value: f64) -> ManualInput {
    ManualInput {
        key: key.into(),
        value,
        low: None,
        high: None,
    }
}

/// Two teams, three interviews (one naming its participant and an email), a theme with a quote,
/// and three items: one linked to the theme, one with a hostile title, one unscored.
fn fixture(ws: &Workspace) {
    ws.save_team(&TeamInput {
        id: None,
        name: "Payments".into(),
        headcount: Some(40),
    })
    .unwrap();
    let mut docs = Vec::new();
    for (k, who) in ["Ada Lovelace", "Grace Hopper", "Linus"].iter().enumerate() {
        // The hostile quote is text of the first interview (a quote must be).
        let notes = match k {
            0 => format!("the build waits on CI for ages. {HOSTILE_QUOTE}"),
            _ => "the build waits on CI for ages".to_string(),
        };
        let mut i = interview(&format!("CI interview {k}"), &notes);
        i.participant = who.to_string();
        docs.push(ws.save_interview(&i).unwrap().id);
    }
    ws.index_pending().unwrap();
    let theme = ws
        .save_theme(&ThemeInput {
            id: None,
            name: "Slow CI".into(),
            query: "build".into(),
        })
        .unwrap();
    ws.pin_quote(theme.id, docs[0], HOSTILE_QUOTE).unwrap();
    let cache = ws
        .save_item(&ItemInput {
            title: "Remote build cache".into(),
            effort: Some(4.0),
            teams: vec!["Payments".into()],
            inputs: vec![input("impact", 2.0), input("confidence", 0.8)],
            ..Default::default()
        })
        .unwrap();
    ws.link_item(&LinkInput {
        item: cache.id,
        theme: Some(theme.id),
        ..Default::default()
    })
    .unwrap();
    ws.save_item(&ItemInput {
        title: HOSTILE_TITLE.into(),
        effort: Some(8.0),
        inputs: vec![
            input("reach", 10.0),
            input("impact", 1.0),
            input("confidence", 0.5),
        ],
        ..Default::default()
    })
    .unwrap();
    ws.save_item(&ItemInput {
        title: "@unscored +idea".into(),
        ..Default::default()
    })
    .unwrap();
}

fn run(ws: &Workspace, format: ExportFormat, anonymize: bool, path: &Path) {
    export(
        ws,
        &ExportOptions {
            subject: Default::default(),
            format,
            model: "rice".into(),
            team: None,
            compare: None,
            anonymize: Some(anonymize),
        },
        path,
    )
    .unwrap_or_else(|e| panic!("{format:?}: {e}"));
}

#[test]
fn csv_lists_the_ranking_with_formulas_neutralized() {
    let (d, ws) = open();
    fixture(&ws);
    let path = d.path().join("ranking.csv");
    run(&ws, ExportFormat::Csv, false, &path);
    let mut r = csv::Reader::from_path(&path).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, groundwork::export::tabular::RANKING_COLUMNS);
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    // 40 × 2 × 0.8 / 4 = 16 beats 10 × 1 × 0.5 / 8; the unscored item is last with no rank.
    assert_eq!(
        (&rows[0][0], &rows[0][2], &rows[0][3]),
        ("1", "Remote build cache", "16")
    );
    assert_eq!(&rows[1][2], &format!("'{HOSTILE_TITLE}"));
    assert_eq!((&rows[2][0], &rows[2][2]), ("", "'@unscored +idea"));
    assert_eq!(&rows[2][9], "reach, impact, confidence, effort");
}

#[test]
fn xlsx_reads_back_with_four_sheets_numbers_and_neutralized_text() {
    let (d, ws) = open();
    fixture(&ws);
    let path = d.path().join("roadmap.xlsx");
    run(&ws, ExportFormat::Xlsx, false, &path);
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["Ranking", "Breakdown", "Evidence", "Model"]
    );
    let ranking = book.worksheet_range("Ranking").unwrap();
    assert_eq!(
        ranking.get_value((0, 0)),
        Some(&Data::String("rank".into()))
    );
    assert_eq!(ranking.get_value((1, 0)), Some(&Data::Float(1.0)));
    assert_eq!(ranking.get_value((1, 3)), Some(&Data::Float(16.0)));
    assert_eq!(
        ranking.get_value((2, 2)),
        Some(&Data::String(format!("'{HOSTILE_TITLE}")))
    );
    let breakdown = book.worksheet_range("Breakdown").unwrap();
    // RICE has four parts per item: 3 items → 12 rows under the header.
    assert_eq!(breakdown.height(), 13);
    let evidence = book.worksheet_range("Evidence").unwrap();
    assert_eq!(
        evidence.get_value((1, 2)),
        Some(&Data::String(HOSTILE_QUOTE.into()))
    );
    let model = book.worksheet_range("Model").unwrap();
    assert_eq!(model.get_value((1, 0)), Some(&Data::String("rice".into())));
}

/// Hostile cell text → what the cell must hold once written, in CSV and XLSX alike.
const HOSTILE_CELLS: &[(&str, &str)] = &[
    ("=1+1", "'=1+1"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("@SUM(1+1)", "'@SUM(1+1)"),
    ("\t=1+1", "'\t'=1+1"),
    ("\r=1+1", "'\r'=1+1"),
    (" =1+1", "' =1+1"),
    ("\u{A0}@x", "'\u{A0}@x"),
    ("x;=1+1", "x;'=1+1"),
    ("x,=1+1", "x,'=1+1"),
    ("x\t=1+1", "x\t'=1+1"),
    ("x; @y", "x;' @y"),
    ("note\n-rm", "note\n'-rm"),
    ("\u{FF1D}1+1", "'\u{FF1D}1+1"),
    ("a;b,c \"quoted\"", "a;b,c \"quoted\""),
    ("-3.5", "'-3.5"),
    ("plain", "plain"),
];

/// True when `cell` would start a formula: a trigger after any blanks, and not a plain number.
fn reads_as_formula(cell: &str) -> bool {
    let t = cell.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    t.parse::<f64>().is_err()
        && (cell.starts_with(['\t', '\r', '\n'])
            || t.starts_with([
                '=', '+', '-', '@', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
            ]))
}

#[test]
fn hostile_cells_are_neutralized_in_csv_and_xlsx_and_numbers_stay_numbers() {
    let (d, ws) = open();
    fixture(&ws);
    let opts = ExportOptions {
        subject: ExportSubject::Roadmap,
        format: ExportFormat::Csv,
        model: "rice".into(),
        team: None,
        compare: None,
        anonymize: Some(false),
    };
    let (mut pack, _) = review_pack(&ws, &opts).unwrap();
    let template = pack.items[0].clone();
    pack.items = HOSTILE_CELLS
        .iter()
        .enumerate()
        .map(|(k, (hostile, _))| {
            let mut i = template.clone();
            i.title = hostile.to_string();
            i.owner = hostile.to_string();
            // A negative score is a number, not a formula: it stays a number.
            i.score = Some(-3.5 - k as f64);
            i
        })
        .collect();
    pack.exceptions.clear();

    let csv_path = d.path().join("hostile.csv");
    write_pack(&pack, ExportFormat::Csv, &csv_path).unwrap();
    let bytes = std::fs::read(&csv_path).unwrap();
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(&bytes[..])
        .records()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), HOSTILE_CELLS.len());
    for (k, (hostile, expected)) in HOSTILE_CELLS.iter().enumerate() {
        assert_eq!(&rows[k][2], *expected, "csv title of {hostile:?}");
        assert_eq!(&rows[k][5], *expected, "csv owner of {hostile:?}");
        assert_eq!(rows[k][3].parse::<f64>().unwrap(), -3.5 - k as f64);
    }
    // Read as a spreadsheet in a semicolon or tab locale would (quotes only count at a cell's
    // start): no cell it makes starts a formula.
    for delimiter in [b',', b';', b'\t'] {
        let mut r = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(false)
            .from_reader(&bytes[..]);
        for rec in r.records() {
            for cell in rec.unwrap().iter() {
                assert!(
                    !reads_as_formula(cell),
                    "split at {:?}: {cell:?}",
                    delimiter as char
                );
            }
        }
    }
    // Every cell holding a separator of some locale is quoted.
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("\"x;'=1+1\""), "{text}");
    assert!(text.contains("\"x\t'=1+1\""), "{text}");

    let xlsx_path = d.path().join("hostile.xlsx");
    write_pack(&pack, ExportFormat::Xlsx, &xlsx_path).unwrap();
    let mut book: Xlsx<_> = open_workbook(&xlsx_path).unwrap();
    let formulas = book.worksheet_formula("Ranking").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
    let ranking = book.worksheet_range("Ranking").unwrap();
    for (k, (hostile, expected)) in HOSTILE_CELLS.iter().enumerate() {
        let row = k as u32 + 1;
        let want = Some(Data::String(expected.to_string()));
        assert_eq!(
            ranking.get_value((row, 2)).cloned(),
            want,
            "xlsx title of {hostile:?}"
        );
        assert_eq!(
            ranking.get_value((row, 5)).cloned(),
            want,
            "xlsx owner of {hostile:?}"
        );
        assert_eq!(
            ranking.get_value((row, 3)),
            Some(&Data::Float(-3.5 - k as f64)),
            "the score stays a number"
        );
    }
}

#[test]
fn markdown_escapes_document_text() {
    let (d, ws) = open();
    fixture(&ws);
    let path = d.path().join("roadmap.md");
    run(&ws, ExportFormat::Md, false, &path);
    let md = std::fs::read_to_string(&path).unwrap();
    assert!(md.starts_with("# Roadmap ranking"));
    // Every angle bracket is escaped, so no tag survives.
    let raw = md
        .match_indices('<')
        .filter(|(i, _)| !md[..*i].ends_with('\\'))
        .count();
    assert_eq!(raw, 0, "raw markup must not survive");
    assert!(md.contains("\\<script\\>alert(1)\\</script\\>"));
    let ranking: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("| 1 |") || l.starts_with("| 2 |"))
        .collect();
    assert_eq!(ranking.len(), 2);
    assert!(ranking[0].contains("Remote build cache"));
    assert!(md.contains("Not scored: missing reach, impact, confidence, effort."));
}

#[test]
fn json_has_a_versioned_schema_and_anonymizing_leaves_no_name_or_email() {
    let (d, ws) = open();
    fixture(&ws);
    for format in [
        ExportFormat::Json,
        ExportFormat::Md,
        ExportFormat::Csv,
        ExportFormat::Xlsx,
    ] {
        let path = d.path().join(format!("anon.{format:?}"));
        run(&ws, format, true, &path);
        let text = match format {
            ExportFormat::Xlsx => {
                let mut book: Xlsx<_> = open_workbook(&path).unwrap();
                let mut all = String::new();
                for name in book.sheet_names() {
                    for row in book.worksheet_range(&name).unwrap().rows() {
                        for c in row {
                            all.push_str(&c.to_string());
                            all.push('\t');
                        }
                    }
                }
                all
            }
            _ => std::fs::read_to_string(&path).unwrap(),
        };
        for secret in ["Ada", "Lovelace", "ada@example.com"] {
            assert!(!text.contains(secret), "{format:?} still holds {secret:?}");
        }
        if format != ExportFormat::Csv {
            assert!(text.contains("engineer 1 (payments)"), "{format:?}");
            let email = if format == ExportFormat::Md {
                "\\[email\\]"
            } else {
                "[email]"
            };
            assert!(text.contains(email), "{format:?}");
        }
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.path().join("anon.Json")).unwrap()).unwrap();
    assert_eq!(json["schema"], "groundwork.review-pack");
    assert_eq!(json["version"], 1);
    assert_eq!(json["anonymized"], true);
    assert_eq!(json["model"]["name"], "rice");
    assert_eq!(json["items"][0]["rank"], 1);
    assert_eq!(json["items"][0]["breakdown"].as_array().unwrap().len(), 4);
    assert_eq!(json["items"][0]["quotes"][0]["via"], "theme Slow CI");
}

#[test]
fn a_failed_export_leaves_the_old_file_and_no_partial_one() {
    let (d, ws) = open();
    fixture(&ws);
    let path = d.path().join("keep.csv");
    std::fs::write(&path, "previous export").unwrap();
    let err = export(
        &ws,
        &ExportOptions {
            subject: Default::default(),
            format: ExportFormat::Csv,
            model: "no such model".into(),
            team: None,
            compare: None,
            anonymize: Some(false),
        },
        &path,
    )
    .unwrap_err();
    assert!(err.to_string().contains("no model named"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "previous export");
    let missing = export(
        &ws,
        &ExportOptions {
            subject: Default::default(),
            format: ExportFormat::Csv,
            model: "rice".into(),
            team: None,
            compare: None,
            anonymize: Some(false),
        },
        &d.path().join("no/such/folder/x.csv"),
    )
    .unwrap_err();
    assert!(missing.to_string().contains("does not exist"), "{missing}");
    let leftovers: Vec<_> = std::fs::read_dir(d.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty());
    // And a good export replaces the old file whole.
    run(&ws, ExportFormat::Csv, false, &path);
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .starts_with("rank,id,title"));
}

#[test]
fn changes_since_a_snapshot_are_in_the_pack() {
    let (d, ws) = open();
    fixture(&ws);
    ws.save_snapshot(
        "Q3",
        &groundwork::roadmap::rank::RankRequest {
            model: "rice".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let hostile = ws
        .items()
        .unwrap()
        .into_iter()
        .find(|i| i.title == HOSTILE_TITLE)
        .unwrap();
    ws.set_item_inputs(hostile.id, &[input("reach", 1000.0)])
        .unwrap();
    let path = d.path().join("since.md");
    export(
        &ws,
        &ExportOptions {
            subject: Default::default(),
            format: ExportFormat::Md,
            model: "rice".into(),
            team: None,
            compare: Some("Q3".into()),
            anonymize: Some(false),
        },
        &path,
    )
    .unwrap();
    let md = std::fs::read_to_string(&path).unwrap();
    assert!(md.contains("## Since Q3"), "{md}");
    assert!(
        md.contains("2 → 1 (moved), because Reach 10.00 → 1000.00"),
        "{md}"
    );
}

#[test]
fn the_html_pack_is_self_contained_and_shows_hostile_text_as_text() {
    let (d, ws) = open();
    fixture(&ws);
    let path = d.path().join("pack.html");
    run(&ws, ExportFormat::Html, false, &path);
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.starts_with("<!doctype html>"));
    // The quote's markup is visible text, not elements.
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=x onerror=alert(2)&gt;"));
    assert!(html.contains("=HYPERLINK(&quot;http://evil.example&quot;"));
    let lower = html.to_lowercase();
    for banned in [
        "<script",
        "<img",
        "<link",
        "<iframe",
        "@import",
        "src=\"http",
        "href=\"http",
        "url(",
    ] {
        assert!(!lower.contains(banned), "the pack must hold no {banned:?}");
    }
    // Nothing is fetched: the page's own policy forbids it.
    assert!(html.contains("default-src 'none'"));
    // The ranking, each item's breakdown, the charts and the quotes are all there.
    assert!(html.contains("<h2>Ranking</h2>"));
    assert_eq!(html.matches("<section class=\"item\">").count(), 3);
    assert!(html.contains("aria-label=\"Scores\""));
    assert!(html.contains("aria-label=\"Value versus effort\""));
    assert!(html.contains("aria-label=\"Trend of Slow CI\""));
    assert!(html.contains("via theme Slow CI"));
    assert!(html.contains("Score = reach × impact × confidence ÷ effort (RICE)."));
}

fn research(ws: &Workspace, subject: ExportSubject, format: ExportFormat, path: &Path) -> String {
    let r = export(
        ws,
        &ExportOptions {
            subject,
            format,
            model: "rice".into(),
            team: None,
            compare: None,
            anonymize: Some(false),
        },
        path,
    )
    .unwrap_or_else(|e| panic!("{format:?}: {e}"));
    assert_eq!(r.bytes, std::fs::metadata(path).unwrap().len());
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn search_results_export_every_match_as_csv_markdown_and_json() {
    let (d, ws) = open();
    fixture(&ws);
    let search = || ExportSubject::Search {
        query: "build".into(),
    };
    let csv_path = d.path().join("hits.csv");
    research(&ws, search(), ExportFormat::Csv, &csv_path);
    let mut r = csv::Reader::from_path(&csv_path).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, groundwork::export::research::SEARCH_COLUMNS);
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    // Three interviews say "build"; ranks run 1..3 and every row names its document.
    assert_eq!(rows.len(), 3);
    assert_eq!(
        rows.iter().map(|r| r[0].to_string()).collect::<Vec<_>>(),
        ["1", "2", "3"]
    );
    assert!(rows.iter().all(|r| r[3].starts_with("CI interview ")));
    assert!(rows.iter().all(|r| r[10].contains("build")));

    let md = research(&ws, search(), ExportFormat::Md, &d.path().join("hits.md"));
    assert!(md.starts_with("# Search: build\n"), "{md}");
    assert!(md.contains("**3** matching documents (3 distinct)"), "{md}");
    assert_eq!(md.matches("**CI interview ").count(), 3);

    let json: serde_json::Value = serde_json::from_str(&research(
        &ws,
        search(),
        ExportFormat::Json,
        &d.path().join("hits.json"),
    ))
    .unwrap();
    assert_eq!(json["schema"], "groundwork.research");
    assert_eq!(json["kind"], "search");
    assert_eq!(json["total"], 3);
    assert_eq!(json["hits"].as_array().unwrap().len(), 3);
}

#[test]
fn themes_export_their_figures_quotes_and_evidence_escaped_and_neutralized() {
    let (d, ws) = open();
    fixture(&ws);
    let all = || ExportSubject::Themes { ids: vec![] };
    let csv_path = d.path().join("themes.csv");
    research(&ws, all(), ExportFormat::Csv, &csv_path);
    let rows: Vec<csv::StringRecord> = csv::Reader::from_path(&csv_path)
        .unwrap()
        .records()
        .map(Result::unwrap)
        .collect();
    // One pinned quote and three matching interviews.
    assert_eq!(rows.len(), 4);
    assert_eq!(
        (&rows[0][0], &rows[0][2], &rows[0][5]),
        ("Slow CI", "3", "quote")
    );
    assert_eq!(&rows[0][13], HOSTILE_QUOTE);
    assert!(rows[1..].iter().all(|r| &r[5] == "match"));

    let md = research(&ws, all(), ExportFormat::Md, &d.path().join("themes.md"));
    assert!(md.contains("\n## Slow CI\n"), "{md}");
    assert!(
        // Three participants; the interviewer is not one of the people the evidence is from.
        md.contains("**3** matching documents (3 distinct) · 1 team · 3 people"),
        "{md}"
    );
    assert!(md.contains("### Pinned quotes"));
    assert!(md.contains("\\<script\\>alert(1)\\</script\\>"));
    let raw = md
        .match_indices('<')
        .filter(|(i, _)| !md[..*i].ends_with('\\'))
        .count();
    assert_eq!(raw, 0, "raw markup must not survive");

    // A formula-looking theme name is neutralized in the CSV.
    ws.save_theme(&ThemeInput {
        id: None,
        name: "=cmd|' /C calc'!A0".into(),
        query: "ages".into(),
    })
    .unwrap();
    research(&ws, all(), ExportFormat::Csv, &csv_path);
    let text = std::fs::read_to_string(&csv_path).unwrap();
    assert!(text.contains("'=cmd|' /C calc'!A0"), "{text}");
    assert!(!text.contains("\n=cmd"), "{text}");
}

#[test]
fn research_exports_anonymize_and_refuse_formats_meant_for_the_roadmap() {
    let (d, ws) = open();
    fixture(&ws);
    let path = d.path().join("anon.md");
    export(
        &ws,
        &ExportOptions {
            subject: ExportSubject::Themes { ids: vec![] },
            format: ExportFormat::Md,
            model: "rice".into(),
            team: None,
            compare: None,
            anonymize: Some(true),
        },
        &path,
    )
    .unwrap();
    let md = std::fs::read_to_string(&path).unwrap();
    for secret in ["Ada", "Lovelace", "ada@example.com", "Grace"] {
        assert!(!md.contains(secret), "still holds {secret:?}: {md}");
    }
    assert!(md.contains("engineer 1 (payments)"), "{md}");

    let xlsx = d.path().join("hits.xlsx");
    let err = export(
        &ws,
        &ExportOptions {
            subject: ExportSubject::Search {
                query: "build".into(),
            },
            format: ExportFormat::Xlsx,
            model: "rice".into(),
            team: None,
            compare: None,
            anonymize: Some(false),
        },
        &xlsx,
    )
    .unwrap_err();
    assert_eq!(
        groundwork::ApiError::from(err).field.as_deref(),
        Some("format")
    );
    assert!(!xlsx.exists());
    let none = export(
        &ws,
        &ExportOptions {
            subject: ExportSubject::Themes { ids: vec![999] },
            format: ExportFormat::Md,
            model: "rice".into(),
            team: None,
            compare: None,
            anonymize: Some(false),
        },
        &d.path().join("none.md"),
    )
    .unwrap_err();
    assert!(none.to_string().contains("no theme 999"), "{none}");
}

#[test]
fn file_names_say_what_and_when() {
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
    let opts = |subject, format, team: Option<&str>| ExportOptions {
        subject,
        format,
        model: "WSJF".into(),
        team: team.map(Into::into),
        compare: None,
        anonymize: Some(true),
    };
    assert_eq!(
        file_name(&opts(ExportSubject::Roadmap, ExportFormat::Html, None), day),
        "groundwork-roadmap-wsjf-2026-12-02.html"
    );
    assert_eq!(
        file_name(
            &opts(
                ExportSubject::Roadmap,
                ExportFormat::Xlsx,
                Some("Dev Tools")
            ),
            day
        ),
        "groundwork-roadmap-wsjf-dev-tools-2026-12-02.xlsx"
    );
    assert_eq!(
        file_name(
            &opts(
                ExportSubject::Search {
                    query: "\"flaky tests\" team:Mobile/../..".into()
                },
                ExportFormat::Csv,
                None
            ),
            day
        ),
        "groundwork-search-flaky-tests-team-mobile-2026-12-02.csv"
    );
    assert_eq!(
        file_name(
            &opts(
                ExportSubject::Search {
                    query: "🙂".into()
                },
                ExportFormat::Md,
                None
            ),
            day
        ),
        "groundwork-search-2026-12-02.md"
    );
}

#[test]
fn anonymizing_replaces_first_names_too_and_never_guesses_between_namesakes() {
    let (_d, ws) = open();
    fixture(&ws);
    for who in ["Alex Kim", "Alex Moreau"] {
        let mut i = interview("Namesakes", "pairing on the pipeline");
        i.participant = who.into();
        ws.save_interview(&i).unwrap();
    }
    let a = groundwork::export::anonymize::Anonymizer::load(ws.conn()).unwrap();
    // Four participants, two namesakes, and the interviewer ("PM"): interviewers are people too.
    assert_eq!(a.people(), 6);
    assert_eq!(
        a.text("Ada Lovelace and Grace met; Ada mailed ADA@example.com about the grace period."),
        "engineer 1 (payments) and engineer 2 (payments) met; engineer 1 (payments) mailed [email] \
         about the grace period."
    );
    // "Alex" could be either of two people: neither label is guessed.
    assert_eq!(
        a.text("Alex said Moreau and Kim disagree; linus agreed"),
        "[name] said engineer 5 (payments) and engineer 4 (payments) disagree; engineer 3 (payments) agreed"
    );
}

/// The anonymize default is one rule in the core: the CLI without a flag, the app's command with
/// no choice (`anonymize: None`) and the defaults the Export dialog shows all agree, per format.
#[test]
fn every_host_gets_the_same_anonymize_default() {
    let (dir, ws) = open();
    fixture(&ws);
    let formats = [
        ExportFormat::Html,
        ExportFormat::Csv,
        ExportFormat::Xlsx,
        ExportFormat::Md,
        ExportFormat::Json,
    ];
    for format in formats {
        let options = ExportOptions {
            subject: ExportSubject::Roadmap,
            format,
            model: "rice".into(),
            team: None,
            compare: None,
            anonymize: None,
        };
        let ext = format.extension();
        let shown = groundwork::api::Context::quiet(dir.path().into(), |cx| {
            let args = serde_json::json!({ "options": options });
            groundwork::api::call(&ws, "export_defaults", args, cx).unwrap()
        });
        let app = export(&ws, &options, &dir.path().join(format!("app.{ext}"))).unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_groundwork"))
            .arg("--workspace")
            .arg(ws.dir())
            .args(["--json", "export", "--format", ext, "--out"])
            .arg(dir.path().join(format!("cli.{ext}")))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let cli: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let default = format.anonymized_by_default();
        assert_eq!(shown["anonymize"], default, "{ext}: the dialog's default");
        assert_eq!(app.anonymized, default, "{ext}: the app's export");
        assert_eq!(cli["anonymized"], default, "{ext}: the CLI's export");
    }
    // Issue 18: every format that leaves the machine is anonymized unless asked not to.
    for format in formats {
        assert!(format.anonymized_by_default(), "{format:?}");
    }
}

/// Issue 18: every quote is traceable. A quote from a ticket links to the ticket's page in the
/// HTML and Markdown packs, and the reader's view carries the same link; a link no browser should
/// follow (`javascript:`) is never offered or written.
#[test]
fn quoted_tickets_link_to_their_tracker_in_the_pack_and_the_reader() {
    let (d, ws) = open();
    let csv = "Summary,Issue key,Description,URL\n\
        Runners starve,OPS-7,CI runners starve on Mondays and the build cache is evicted,https://jira.example.com/browse/OPS-7\n\
        Runner logs,OPS-8,The build cache logs are lost,javascript:alert(1)\n";
    common::import(&ws, &common::write(d.path(), "tickets.csv", csv));
    ws.index_pending().unwrap();
    let ticket = |key: &str| common::ticket_id(&ws, key);
    let (good, bad) = (ticket("OPS-7"), ticket("OPS-8"));
    assert_eq!(
        ws.open_document(good, "").unwrap().url.as_deref(),
        Some("https://jira.example.com/browse/OPS-7")
    );
    assert_eq!(ws.open_document(bad, "").unwrap().url, None);
    assert_eq!(ws.source_url(bad).unwrap(), None);
    let item = ws
        .save_item(&ItemInput {
            title: "Warm build cache".into(),
            effort: Some(2.0),
            inputs: vec![
                input("reach", 5.0),
                input("impact", 1.0),
                input("confidence", 0.5),
            ],
            ..Default::default()
        })
        .unwrap();
    for (doc, quote) in [
        (good, "the build cache is evicted"),
        (bad, "The build cache logs are lost"),
    ] {
        ws.link_item(&LinkInput {
            item: item.id,
            document: Some(doc),
            quote: Some(quote.into()),
            ..Default::default()
        })
        .unwrap();
    }
    let html_path = d.path().join("pack.html");
    run(&ws, ExportFormat::Html, false, &html_path);
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(
        html.contains("<a href=\"https://jira.example.com/browse/OPS-7\">Runners starve</a>"),
        "{html}"
    );
    assert!(!html.to_lowercase().contains("javascript:"));
    assert_eq!(html.matches("<a href=").count(), 1);
    let md_path = d.path().join("pack.md");
    run(&ws, ExportFormat::Md, false, &md_path);
    let md = std::fs::read_to_string(&md_path).unwrap();
    assert!(
        md.contains("[Runners starve](<https://jira.example.com/browse/OPS-7>)"),
        "{md}"
    );
    assert!(!md.contains("javascript:"));
}
