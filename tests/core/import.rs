//! Importing tickets: real exports from ../shared/data and fixtures written here.
// Connection::open: reads the database behind the core's back to check what an import stored.
#![allow(clippy::disallowed_methods)]

use crate::common;

use common::{import, import_with, open, temp_workspace, total, write};
use groundwork::import::{ColumnMap, Format, ImportOptions, MappingSource};
use groundwork::search::SearchRequest;
use groundwork::{ErrorCode, Workspace};
use std::path::Path;
use std::sync::atomic::AtomicBool;

fn tickets(ws: &Workspace) -> u64 {
    ws.status().unwrap().documents["ticket"]
}

/// Records in a CSV, counted with the csv crate directly (blank rows excluded).
fn csv_records(path: &Path) -> u64 {
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .unwrap();
    r.records()
        .map(|r| r.unwrap())
        .filter(|r| r.iter().any(|f| !f.trim().is_empty()))
        .count() as u64
}

#[test]
fn real_jira_export_imports_whole_and_reimports_without_duplicates() {
    let Some(dir) = common::shared_data("tickets") else {
        return;
    };
    let (_d, ws) = open();
    let file = dir.join("jira-export_hadoop.csv");
    let expected = csv_records(&file);
    assert_eq!(expected, 2503, "PROVENANCE.md: 2,503 Hadoop bugs");
    let r = import(&ws, &file);
    assert_eq!(r.format, Format::JiraCsv);
    assert_eq!(r.rejected, vec![], "every row of a real export is accepted");
    assert_eq!(r.imported, expected);
    assert_eq!(tickets(&ws), expected);
    assert_eq!(ws.status().unwrap().indexed, expected);
    assert!(total(&ws, "\"Debian 10\"") >= 1);

    let again = import(&ws, &file);
    assert_eq!(
        (again.imported, again.updated, again.skipped),
        (0, 0, expected)
    );
    assert_eq!(tickets(&ws), expected, "no duplicates");
    assert_eq!(ws.import_batches().unwrap().len(), 2);
}

#[test]
fn real_bugzilla_export_with_iso_dates() {
    let Some(dir) = common::shared_data("tickets") else {
        return;
    };
    let (_d, ws) = open();
    let file = dir.join("bugzilla-export_seamonkey.csv");
    let r = import(&ws, &file);
    assert_eq!(r.rejected, vec![]);
    assert_eq!(r.imported, 1076, "PROVENANCE.md: 1,076 SeaMonkey bugs");
    let first = ws
        .search(&SearchRequest {
            query: "ensureElementIsVisible".into(),
            limit: Some(1),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(first.hits[0].date.as_deref(), Some("2020-01-02"));
}

#[test]
fn real_github_issues_tell_pull_requests_apart() {
    let Some(dir) = common::shared_data("tickets") else {
        return;
    };
    let (_d, ws) = open();
    let r = import(&ws, &dir.join("github-rest_d3fc-issues.json"));
    assert_eq!(r.format, Format::GithubJson);
    assert_eq!(r.imported, 24, "PROVENANCE.md: 24 issues");
    let (prs, issues): (i64, i64) = ws
        .conn()
        .query_row(
            "SELECT SUM(type = 'pull request'), SUM(type = 'issue') FROM tickets",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(prs + issues, 24);
    assert!(prs > 0 && issues > 0, "{prs} PRs, {issues} issues");
    let key: String = ws
        .conn()
        .query_row("SELECT key FROM tickets WHERE key LIKE '%#16'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(key, "d3fc/d3fc-series#16");
}

#[test]
fn real_storypoint_exports_map_by_fuzzy_headers() {
    let Some(dir) = common::shared_data("tickets/storypoint-jira") else {
        return;
    };
    let (_d, ws) = open();
    let file = dir.join("jirasoftware.csv");
    let r = import(&ws, &file);
    assert_eq!(r.format, Format::Csv);
    assert_eq!(
        r.imported + r.rejected.len() as u64 + r.skipped,
        csv_records(&file)
    );
    assert!(r.imported > 0);
    // issuekey was recognized as the key: re-import skips everything.
    let again = import(&ws, &file);
    assert_eq!(again.imported, 0);
}

const SPANISH: &str = "Resumen,Clave de incidencia,Estado,Prioridad,Etiquetas,Etiquetas,Comentario,Comentario,Creada,Resuelta,Descripción\n\
La CI tarda 40 minutos,PAY-1,Abierta,Alta,ci,build-times,15/ene/24 10:30;u1;Sigue lento,,15/ene/24 10:30,,\"El pipeline\nes muy lento\"\n\
Despliegue falla los viernes,PAY-2,Cerrada,Media,deploys,,,,3/ago/23 4:05 p. m.,10/ago/23 9:00 a. m.,Rollback manual\n\
,,,,,,,,,,\n\
,,,,,,,,,,\n";

#[test]
fn spanish_jira_export_with_repeated_columns_and_localized_dates() {
    let (d, ws) = open();
    let file = write(d.path(), "jira-es.csv", SPANISH.as_bytes());
    let r = import(&ws, &file);
    assert_eq!(r.format, Format::JiraCsv);
    assert_eq!(r.rejected, vec![]);
    assert_eq!(r.imported, 2, "trailing blank rows are not rows");
    let rec = groundwork::research::tickets::load(ws.conn(), 1).unwrap();
    assert_eq!(rec.key, "PAY-1");
    assert_eq!(rec.labels, vec!["build-times", "ci"]);
    assert_eq!(rec.date.as_deref(), Some("2024-01-15"));
    assert!(rec.body.contains("es muy lento"), "{}", rec.body);
    assert!(rec.body.contains("Comment: Sigue lento"), "{}", rec.body);
    let rec2 = groundwork::research::tickets::load(ws.conn(), 2).unwrap();
    assert_eq!(rec2.created.as_deref(), Some("2023-08-03T16:05:00Z"));
    assert_eq!(rec2.resolved.as_deref(), Some("2023-08-10T09:00:00Z"));
    assert_eq!(total(&ws, "PAY-2"), 1, "keys are searchable");
}

#[test]
fn utf16_and_windows_1252_files_are_detected_or_forced() {
    let (d, ws) = open();
    let tsv = "Summary\tIssue key\tDescription\nCafé crème build\tENC-1\t“Smart quotes”\n";
    let mut utf16 = vec![0xFF, 0xFE];
    for u in tsv.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let r = import(&ws, &write(d.path(), "unicode.txt", &utf16));
    assert_eq!((r.imported, r.encoding.as_str()), (1, "utf-16le"));
    assert_eq!(
        groundwork::research::tickets::load(ws.conn(), 1)
            .unwrap()
            .title,
        "Café crème build"
    );

    let cp1252 = b"Summary,Issue key\nR\xe9sum\xe9 \x93quoted\x94,ENC-2\n";
    let path = write(d.path(), "latin.csv", cp1252);
    let r = import(&ws, &path);
    assert_eq!((r.imported, r.encoding.as_str()), (1, "windows-1252"));
    assert_eq!(
        groundwork::research::tickets::load(ws.conn(), 2)
            .unwrap()
            .title,
        "Résumé “quoted”"
    );

    let forced = import_with(
        &ws,
        &path,
        &ImportOptions {
            encoding: Some("utf-8".into()),
            ..Default::default()
        },
    );
    assert_eq!(forced.unwrap_err().code(), ErrorCode::InvalidInput);
}

const V1: &str =
    "Summary,Issue key,Status,Labels\nSlow CI,CI-1,Open,ci\nFlaky tests,CI-2,Open,tests\n";
const V2: &str = "Summary,Issue key,Status,Labels\nSlow CI,CI-1,Closed,ci\nFlaky tests,CI-2,Open,tests\nNew one,CI-3,Open,\n";

#[test]
fn reimport_updates_by_key_and_undo_restores_in_order() {
    let (d, ws) = open();
    let f1 = write(d.path(), "v1.csv", V1.as_bytes());
    let f2 = write(d.path(), "v2.csv", V2.as_bytes());
    let b1 = import(&ws, &f1);
    assert_eq!(b1.imported, 2);
    let b2 = import(&ws, &f2);
    assert_eq!((b2.imported, b2.updated, b2.skipped), (1, 1, 1));
    assert_eq!(tickets(&ws), 3);
    let status = |key: &str| -> String {
        ws.conn()
            .query_row("SELECT status FROM tickets WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .unwrap()
    };
    assert_eq!(status("CI-1"), "Closed");

    // Undoing the first batch would lose the second one's changes: refused.
    let err = ws.undo_import(b1.batch.unwrap(), false).unwrap_err();
    assert!(err.to_string().contains("undo batch"), "{err}");
    assert_eq!(tickets(&ws), 3);

    let undone = ws.undo_import(b2.batch.unwrap(), false).unwrap();
    assert!(undone.undone_at.is_some());
    assert_eq!(tickets(&ws), 2, "CI-3 was created by batch 2");
    assert_eq!(status("CI-1"), "Open", "CI-1 got its batch-1 content back");
    assert_eq!(total(&ws, "\"New one\""), 0);
    assert_eq!(
        ws.undo_import(b2.batch.unwrap(), false).unwrap_err().code(),
        ErrorCode::InvalidInput
    );

    ws.undo_import(b1.batch.unwrap(), false).unwrap();
    assert_eq!(tickets(&ws), 0);
    assert_eq!(ws.status().unwrap().indexed, 0);
    assert_eq!(
        ws.undo_import(99, false).unwrap_err().code(),
        ErrorCode::NotFound
    );
}

#[test]
fn bad_rows_are_rejected_with_line_and_field_and_the_rest_lands() {
    let (d, ws) = open();
    let big = "x".repeat(21 * 1024 * 1024);
    let csv = format!(
        "Summary,Issue key,Created\nGood,T-1,30/Sep/21 17:20\n,T-2,30/Sep/21 17:20\nBad date,T-3,30/Foo/21 17:20\nRagged,T-4,30/Sep/21 17:20,extra\nHuge,T-5,\"{big}\"\nAlso good,T-6,\n"
    );
    let r = import(&ws, &write(d.path(), "mixed.csv", csv.as_bytes()));
    assert_eq!(r.imported, 2);
    let got: Vec<(u64, &str)> = r
        .rejected
        .iter()
        .map(|x| (x.line, x.field.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![(3, "Summary"), (4, "Created"), (5, "(row)"), (6, "Created")]
    );
    assert!(r.rejected[1].reason.contains("Foo"), "{:?}", r.rejected[1]);
    assert!(r.rejected[3].reason.contains("MiB"), "{:?}", r.rejected[3]);
    assert_eq!(ws.import_batches().unwrap()[0].rejected, 4);
}

#[test]
fn broken_files_change_nothing() {
    let (d, ws) = open();
    import(&ws, &write(d.path(), "ok.csv", V1.as_bytes()));
    let before = tickets(&ws);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "quote.csv",
            b"Summary,Issue key\nA,\"B\nC,D\n".to_vec(),
            "line 2",
        ),
        ("empty.csv", Vec::new(), "empty"),
        (
            "garbage.csv",
            (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect(),
            "binary",
        ),
        (
            "notitle.csv",
            b"Foo,Bar\n1,2\n".to_vec(),
            "no column holds the ticket title",
        ),
        (
            "twotitles.csv",
            b"Summary,Title\n1,2\n".to_vec(),
            "all map to title",
        ),
        ("bad.json", b"[{\"number\": 1,".to_vec(), "not valid JSON"),
    ];
    for (name, bytes, needle) in cases {
        let path = write(d.path(), name, &bytes);
        let err = import_with(&ws, &path, &ImportOptions::default()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{name}: {err}");
        let msg = err.to_string();
        assert!(msg.contains(needle), "{name}: {msg:?} lacks {needle:?}");
        assert!(
            msg.contains(name),
            "{name}: the message names the file: {msg}"
        );
        assert_eq!(tickets(&ws), before);
    }
    assert_eq!(
        ws.import_batches().unwrap().len(),
        1,
        "failed imports leave no batch"
    );
}

#[test]
fn dry_run_and_cancel_store_nothing() {
    let (d, ws) = open();
    let f = write(d.path(), "v1.csv", V1.as_bytes());
    let r = import_with(
        &ws,
        &f,
        &ImportOptions {
            dry_run: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!((r.imported, r.batch, r.dry_run), (2, None, true));
    assert_eq!(tickets(&ws), 0);
    let cancelled = ws.import(
        &f,
        &ImportOptions::default(),
        &mut |_| {},
        &AtomicBool::new(true),
    );
    assert_eq!(cancelled.unwrap_err().code(), ErrorCode::Cancelled);
    assert_eq!(tickets(&ws), 0);
    assert!(ws.import_batches().unwrap().is_empty());
}

#[test]
fn column_mapping_overrides_and_errors() {
    let (d, ws) = open();
    let f = write(
        d.path(),
        "custom.csv",
        b"What,Ref,When\nSlow builds,X-1,2024-03-01\n",
    );
    let err = import_with(&ws, &f, &ImportOptions::default()).unwrap_err();
    assert!(
        err.to_string().contains("map one of its columns to title"),
        "{err}"
    );
    assert!(
        !err.to_string().contains("--"),
        "the core names no host's controls: {err}"
    );
    let opts = ImportOptions {
        mappings: vec![
            ColumnMap::new("What", "title"),
            ColumnMap::new("Ref", "key"),
            ColumnMap::new("When", "created"),
        ],
        ..Default::default()
    };
    let r = import_with(&ws, &f, &opts).unwrap();
    assert_eq!(r.imported, 1);
    assert_eq!(
        groundwork::research::tickets::load(ws.conn(), 1)
            .unwrap()
            .date
            .as_deref(),
        Some("2024-03-01")
    );
    for (h, field, needle) in [
        ("Nope", "title", "no column named"),
        ("What", "colour", "unknown field"),
    ] {
        let opts = ImportOptions {
            mappings: vec![ColumnMap::new(h, field)],
            ..Default::default()
        };
        let err = import_with(&ws, &f, &opts).unwrap_err();
        assert!(err.to_string().contains(needle), "{err}");
    }
}

#[test]
fn a_schema_1_workspace_migrates_and_keeps_its_interviews() {
    let dir = temp_workspace();
    {
        let conn =
            rusqlite::Connection::open(dir.path().join(groundwork::store::workspace::DB_FILE))
                .unwrap();
        conn.execute_batch(include_str!("../../src/store/db/migrations/0001_init.sql"))
            .unwrap();
        conn.execute_batch(
            "INSERT INTO documents (id, kind, title, body, created_at, updated_at) VALUES (1, 'interview', 'Old one', 'kept notes', 'x', 'x');
             INSERT INTO interviews (document_id) VALUES (1);
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let ws = Workspace::open(dir.path()).unwrap();
    assert_eq!(
        ws.status().unwrap().schema_version,
        groundwork::store::db::SCHEMA_VERSION
    );
    assert_eq!(groundwork::store::db::SCHEMA_VERSION, 15);
    assert_eq!(ws.interview(1).unwrap().notes, "kept notes");
    assert_eq!(total(&ws, "kept"), 1);
}

#[test]
fn preview_shows_format_mapping_and_rows_before_anything_is_stored() {
    let (d, ws) = open();
    let f = write(d.path(), "jira-es.csv", SPANISH.as_bytes());
    let p = groundwork::import::preview(&f, &ImportOptions::default()).unwrap();
    assert_eq!(p.format, Format::JiraCsv);
    assert_eq!(p.total_rows, 2);
    assert_eq!(p.problem, None);
    let title = p.columns.iter().find(|c| c.header == "Resumen").unwrap();
    assert_eq!(
        (title.field.as_str(), title.how),
        ("title", MappingSource::Known)
    );
    assert_eq!(p.rows[0][0], "La CI tarda 40 minutos");

    let custom = write(
        d.path(),
        "custom.csv",
        b"What,Ticket Summary Text,Zzz\n1,Slow builds,x\n",
    );
    let p = groundwork::import::preview(&custom, &ImportOptions::default()).unwrap();
    let by = |h: &str| p.columns.iter().find(|c| c.header == h).unwrap().clone();
    assert_eq!(by("Ticket Summary Text").how, MappingSource::Suggested);
    assert_eq!(by("Zzz").how, MappingSource::Unmapped);
    let fixed = groundwork::import::preview(
        &custom,
        &ImportOptions {
            mappings: vec![ColumnMap::new("What", "key")],
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(fixed.columns[0].how, MappingSource::User);
    assert_eq!(fixed.problem, None);
    let broken = groundwork::import::preview(
        &custom,
        &ImportOptions {
            mappings: vec![ColumnMap::new("Ticket Summary Text", "ignore")],
            ..Default::default()
        },
    )
    .unwrap();
    assert!(broken
        .problem
        .unwrap()
        .contains("no column holds the ticket title"));
    assert_eq!(tickets(&ws), 0);
}

#[test]
fn rejected_rows_can_be_saved_as_csv() {
    let (d, _ws) = open();
    let out = d.path().join("rejected.csv");
    let rows = vec![
        groundwork::import::Rejected {
            line: 3,
            field: "Summary".into(),
            reason: "the title is empty".into(),
        },
        groundwork::import::Rejected {
            line: 9,
            field: "Created".into(),
            reason: "=HYPERLINK(\"x\")".into(),
        },
    ];
    groundwork::import::save_rejected(&out, &rows).unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        text,
        "line,field,reason\n3,Summary,the title is empty\n9,Created,\"'=HYPERLINK(\"\"x\"\")\"\n"
    );
}

#[test]
fn a_key_repeated_within_one_file_is_rejected_with_both_lines() {
    let (d, ws) = open();
    let f = write(
        d.path(),
        "dup.csv",
        b"Summary,Issue key\nFirst,D-1\nSecond,D-2\nAgain,D-1\n",
    );
    let r = import(&ws, &f);
    assert_eq!(r.imported, 2);
    assert_eq!(r.rejected.len(), 1);
    assert_eq!(
        (r.rejected[0].line, r.rejected[0].field.as_str()),
        (4, "key")
    );
    assert!(
        r.rejected[0].reason.contains("D-1 appears again: line 2"),
        "{:?}",
        r.rejected[0]
    );
}

#[test]
fn a_folder_of_notes_with_front_matter_imports_and_reimports() {
    let (d, ws) = open();
    let notes = d.path().join("notes");
    std::fs::create_dir_all(notes.join("q3")).unwrap();
    write(&notes, "sync.md", b"---\ntitle: Payments sync\nparticipant: Priya Raman\nteam: Payments\ndate: 2026-03-01\ntags: ci, deploys\n---\n# Ignored heading\n\nThe **merge queue** stalls.\n");
    write(
        &notes.join("q3"),
        "transcript.txt",
        "Person A: the runners queue every afternoon.\r\n".as_bytes(),
    );
    write(&notes, "bad-date.md", b"---\ndate: 2026-02-30\n---\nbody\n");
    write(&notes, "image.png", b"\x89PNG");
    write(&notes, ".hidden.md", b"secret");
    let r = import(&ws, &notes);
    assert_eq!(r.format, Format::Markdown);
    assert_eq!((r.imported, r.rejected.len()), (2, 1));
    assert_eq!(r.rejected[0].field, "bad-date.md: date");
    assert_eq!(r.rejected[0].line, 2);
    assert!(
        r.rejected[0].reason.contains("February 2026"),
        "{:?}",
        r.rejected[0]
    );
    assert_eq!(ws.status().unwrap().documents["note"], 2);
    let hit = &ws
        .search(&SearchRequest {
            query: "\"merge queue\"".into(),
            limit: None,
            ..Default::default()
        })
        .unwrap()
        .hits[0];
    assert_eq!(hit.title, "Payments sync");
    assert_eq!(hit.team.as_deref(), Some("Payments"));
    assert_eq!(hit.date.as_deref(), Some("2026-03-01"));
    assert_eq!(total(&ws, "Priya"), 1, "the participant is searchable");
    let t = &ws
        .search(&SearchRequest {
            query: "runners".into(),
            limit: None,
            ..Default::default()
        })
        .unwrap()
        .hits[0];
    assert_eq!(t.title, "transcript", "no title: the file name");

    write(&notes, "sync.md", b"---\ntitle: Payments sync\nteam: Payments\ndate: 2026-03-01\n---\nThe merge queue is fixed.\n");
    let again = import(&ws, &notes);
    assert_eq!((again.imported, again.updated, again.skipped), (0, 1, 1));
    ws.undo_import(again.batch.unwrap(), false).unwrap();
    assert_eq!(total(&ws, "stalls"), 1, "undo brought the old text back");
    assert_eq!(total(&ws, "fixed"), 0);
}

#[test]
fn an_import_indexes_as_it_goes_and_keeps_earlier_queued_changes() {
    let (d, ws) = open();
    // A change queued before the import (its index commit has not happened yet).
    let iv = ws
        .save_interview(&common::interview(
            "Queued interview",
            "waiting in the outbox",
        ))
        .unwrap();
    assert_eq!(ws.status().unwrap().pending, 1);
    let commits = ws.index_commits();
    let r = import(&ws, &write(d.path(), "v1.csv", V1.as_bytes()));
    assert_eq!(r.imported, 2);
    // The import's own documents were committed with the import; the earlier change is drained
    // right after, so nothing is left behind or lost.
    let status = ws.status().unwrap();
    assert_eq!((status.pending, status.indexed), (0, 3));
    assert!(
        ws.index_commits() - commits <= 2,
        "one commit for the import, one drain"
    );
    assert_eq!(total(&ws, "outbox"), 1);
    assert_eq!(ws.interview(iv.id).unwrap().title, "Queued interview");
}

#[test]
fn a_mapping_is_remembered_for_the_next_file_with_the_same_columns() {
    let (d, ws) = open();
    let first = write(d.path(), "march.csv", b"What,Ref\nSlow builds,X-1\n");
    let opts = ImportOptions {
        mappings: vec![
            ColumnMap::new("What", "title"),
            ColumnMap::new("Ref", "key"),
        ],
        ..Default::default()
    };
    import_with(&ws, &first, &opts).unwrap();
    let next = write(d.path(), "april.csv", b"What,Ref\nFlaky deploys,X-2\n");
    let p = ws.preview_import(&next, &ImportOptions::default()).unwrap();
    assert_eq!(p.problem, None);
    assert_eq!(p.columns[0].how, MappingSource::Remembered);
    let r = import(&ws, &next);
    assert_eq!(r.imported, 1, "imports without mapping again");
    // Another layout is not affected.
    let other = write(d.path(), "other.csv", b"What,Ref,Extra\nx,X-3,y\n");
    let p = ws
        .preview_import(&other, &ImportOptions::default())
        .unwrap();
    assert!(p.problem.is_some());
}

fn xlsx(path: &Path, build: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) {
    let mut book = rust_xlsxwriter::Workbook::new();
    build(book.add_worksheet());
    book.save(path).unwrap();
}

#[test]
fn a_spreadsheet_imports_with_dates_numbers_and_saved_formula_values() {
    let (d, ws) = open();
    let path = d.path().join("tickets.xlsx");
    xlsx(&path, |s| {
        for (c, h) in ["Summary", "Issue key", "Created", "Points"]
            .iter()
            .enumerate()
        {
            s.write_string(0, c as u16, *h).unwrap();
        }
        let day = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 3, 1).unwrap();
        let fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
        s.write_string(1, 0, "Runner queue at 9am").unwrap();
        s.write_string(1, 1, "XL-1").unwrap();
        s.write_datetime_with_format(1, 2, &day, &fmt).unwrap();
        s.write_number(1, 3, 3.0).unwrap();
        s.write_string(2, 0, "Docs search is broken").unwrap();
        s.write_string(2, 1, "XL-2").unwrap();
        s.write_formula(2, 3, "=D2*2").unwrap();
        s.set_formula_result(2, 3, "6");
    });
    let p = ws.preview_import(&path, &ImportOptions::default()).unwrap();
    assert_eq!(
        (p.format, p.total_rows, p.problem.clone()),
        (Format::Xlsx, 2, None)
    );
    let r = import(&ws, &path);
    assert_eq!((r.imported, r.rejected.len()), (2, 0));
    let rec = groundwork::research::tickets::load(ws.conn(), 1).unwrap();
    assert_eq!(rec.date.as_deref(), Some("2024-03-01"));
    assert_eq!(total(&ws, "\"runner queue\""), 1);
}

#[test]
fn a_spreadsheet_formula_without_a_saved_value_is_named_by_its_cell() {
    let (d, ws) = open();
    let path = d.path().join("formulas.xlsx");
    xlsx(&path, |s| {
        s.write_string(0, 0, "Summary").unwrap();
        s.write_string(0, 1, "Issue key").unwrap();
        s.write_formula(1, 0, "=CONCAT(\"a\",\"b\")").unwrap();
        s.set_formula_result(1, 0, "");
        s.write_string(1, 1, "F-1").unwrap();
    });
    let err = import_with(&ws, &path, &ImportOptions::default()).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("formulas.xlsx") && msg.contains("cell A2"),
        "{msg}"
    );
    assert!(msg.contains("no saved value"), "{msg}");
    assert_eq!(tickets(&ws), 0);
    let garbage = write(d.path(), "fake.xlsx", b"not a zip at all");
    let err = import_with(&ws, &garbage, &ImportOptions::default()).unwrap_err();
    assert!(
        err.to_string()
            .contains("fake.xlsx: cannot read this spreadsheet"),
        "{err}"
    );
}

#[test]
fn changing_one_column_keeps_the_rest_of_a_remembered_mapping() {
    let (d, ws) = open();
    let first = write(d.path(), "may.csv", b"What,Ref,Who\nSlow builds,X-1,ann\n");
    let opts = ImportOptions {
        mappings: vec![
            ColumnMap::new("What", "title"),
            ColumnMap::new("Ref", "key"),
        ],
        ..Default::default()
    };
    import_with(&ws, &first, &opts).unwrap();
    // Next month the user only maps the extra column; title and key stay remembered.
    let next = write(
        d.path(),
        "june.csv",
        b"What,Ref,Who\nFlaky deploys,X-2,bob\n",
    );
    let one_more = ImportOptions {
        mappings: vec![ColumnMap::new("Who", "reporter")],
        ..Default::default()
    };
    let p = ws.preview_import(&next, &one_more).unwrap();
    assert_eq!(p.problem, None);
    let how: Vec<MappingSource> = p.columns.iter().map(|c| c.how).collect();
    assert_eq!(
        how,
        vec![
            MappingSource::Remembered,
            MappingSource::Remembered,
            MappingSource::User
        ]
    );
    let r = import_with(&ws, &next, &one_more).unwrap();
    assert_eq!(r.imported, 1);
    assert_eq!(
        groundwork::research::tickets::load(ws.conn(), 2)
            .unwrap()
            .reporter,
        "bob"
    );
    // All three are remembered now.
    let third = write(d.path(), "july.csv", b"What,Ref,Who\nDocs search,X-3,cy\n");
    import(&ws, &third);
    assert_eq!(
        groundwork::research::tickets::load(ws.conn(), 3)
            .unwrap()
            .reporter,
        "cy"
    );
}
