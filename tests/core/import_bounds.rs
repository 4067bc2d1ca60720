//! No file crashes an import, and every import is memory-bounded: a sheet whose cells span the
//! whole grid, a JSON array or a survey larger than the memory the importer may use, stray NUL
//! bytes deep in a text export, symbolic links that leave or loop inside a notes folder, and
//! dates written as Unix epoch numbers. Each bad file gets a message naming the file (and its
//! line, cell or field), the process stays up, and nothing already stored is lost.

use crate::common;

use common::{import, import_with, open, write};
use groundwork::import::{Format, ImportKind, ImportOptions};
use groundwork::Workspace;
use std::io::Write;
use std::path::Path;
use std::process::Command;

fn tickets(ws: &Workspace) -> u64 {
    ws.conn()
        .query_row("SELECT COUNT(*) FROM tickets", [], |r| r.get(0))
        .unwrap()
}

/// Runs the CLI on `ws` with its data segment (heap and anonymous maps) limited to `limit_mib`,
/// through the shell's `ulimit -d`: an importer that holds the whole file fails to allocate.
fn gw_limited(ws: &Path, limit_mib: u64, args: &[&str]) -> std::process::Output {
    let mut script = format!(
        "ulimit -d {} && exec \"$0\" --workspace \"$1\" --json",
        limit_mib * 1024
    );
    for i in 0..args.len() {
        script += &format!(" \"${}\"", i + 2);
    }
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_groundwork"))
        .arg(ws)
        .args(args)
        .env_remove("GROUNDWORK_WORKSPACE")
        .output()
        .expect("run groundwork")
}

/// The limit the CLI runs under in the bounded-memory tests: room for the workspace, the index
/// writer's arena and the reader's buffers, far less than the files they read.
const LIMIT_MIB: u64 = 48;

/// A GitHub issues array of `n` issues with bodies of `body` bytes.
fn github_array(path: &Path, n: usize, body: usize) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let text = "The deploy pipeline stalls on the canary step. ".repeat(body / 47 + 1);
    f.write_all(b"[").unwrap();
    for i in 1..=n {
        if i > 1 {
            f.write_all(b",\n").unwrap();
        }
        write!(
            f,
            r#"{{"number":{i},"title":"Canary stalls {i}","state":"open","user":{{"login":"dev{}"}},"labels":[{{"name":"ci"}}],"created_at":"2024-03-01T10:00:00Z","repository_url":"https://api.github.com/repos/acme/platform","html_url":"https://github.com/acme/platform/issues/{i}","body":"{}"}}"#,
            i % 50,
            &text[..body]
        )
        .unwrap();
    }
    f.write_all(b"]").unwrap();
}

/// An OpenDocument spreadsheet whose first sheet holds `rows` (XML of `table:table-row`s).
fn ods(dir: &Path, name: &str, rows: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(
        br#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#,
    )
    .unwrap();
    zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sheet1">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    )
    .unwrap();
    zip.finish().unwrap();
    path
}

fn ods_cell(text: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#
    )
}

#[test]
fn an_ods_whose_repeats_span_billions_of_cells_is_refused_before_it_is_expanded() {
    let (d, ws) = open();
    let header = format!(
        "<table:table-row>{}{}</table:table-row>",
        ods_cell("Summary"),
        ods_cell("Issue key")
    );
    // As LibreOffice saves: two tickets, then the empty rest of the grid repeated.
    let ok = ods(
        d.path(),
        "tickets.ods",
        &format!(
            "{header}<table:table-row>{}{}</table:table-row><table:table-row>{}{}</table:table-row>\
             <table:table-row table:number-rows-repeated=\"1048573\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>",
            ods_cell("Slow CI"),
            ods_cell("ODS-1"),
            ods_cell("Flaky tests"),
            ods_cell("ODS-2")
        ),
    );
    assert_eq!(import(&ws, &ok).imported, 2);
    // A 1 KB file that repeats one value over 6 000 rows × 16 000 columns (it used to take 6 GB
    // and 22 s), one in the last column of the grid, and 9 000 rows × 1 000 columns.
    let cases = [
        (
            "wide.ods",
            "<table:table-row table:number-rows-repeated=\"6000\"><table:table-cell table:number-columns-repeated=\"16000\"/>{x}</table:table-row>",
            "a value in column 16001 (row 2)",
        ),
        (
            "corner.ods",
            "<table:table-row table:number-rows-repeated=\"1048574\"><table:table-cell table:number-columns-repeated=\"16383\"/>{x}</table:table-row>",
            "a value in column 16384 (row 2)",
        ),
        (
            "tall.ods",
            "<table:table-row table:number-rows-repeated=\"9000\"><table:table-cell table:number-columns-repeated=\"999\"/>{x}</table:table-row>",
            "spans 9001 rows × 1000 columns",
        ),
    ];
    for (name, rows, says) in cases {
        let rows = rows.replace("{x}", &ods_cell("x"));
        let path = ods(d.path(), name, &format!("{header}{rows}"));
        assert!(std::fs::metadata(&path).unwrap().len() < 4096);
        for err in [
            ws.preview_import(&path, &ImportOptions::default())
                .unwrap_err(),
            import_with(&ws, &path, &ImportOptions::default()).unwrap_err(),
        ] {
            let msg = err.to_string();
            assert!(msg.contains(name) && msg.contains(says), "{name}: {msg}");
        }
    }
    assert_eq!(tickets(&ws), 2, "nothing stored was lost");
}

#[test]
fn an_xlsx_with_cells_in_a1_and_xfd1048576_is_read_without_a_dense_grid() {
    let (d, ws) = open();
    let before = import(
        &ws,
        &write(d.path(), "kept.csv", "Summary,Issue key\nKept ticket,K-1\n"),
    );
    assert_eq!(before.imported, 1);
    // Two cells at opposite corners of the grid: the sheet's bounding box is 17 billion cells.
    let path = d.path().join("corners.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Summary").unwrap();
    sheet.write_string(1_048_575, 16_383, "far away").unwrap();
    book.save(&path).unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size < 16 * 1024, "a small file: {size} bytes");
    for err in [
        ws.preview_import(&path, &ImportOptions::default())
            .unwrap_err(),
        import_with(&ws, &path, &ImportOptions::default()).unwrap_err(),
    ] {
        let msg = err.to_string();
        assert!(
            msg.contains("corners.xlsx") && msg.contains("cell XFD1048576"),
            "names the file and the cell: {msg}"
        );
    }
    // Nothing stored was lost, and the next import works.
    assert_eq!(tickets(&ws), 1);
    // Both cells inside the table: the two cells import, one row, far apart.
    let path = d.path().join("tall.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Summary").unwrap();
    sheet
        .write_string(1_048_575, 0, "The last row of the grid")
        .unwrap();
    book.save(&path).unwrap();
    let r = import(&ws, &path);
    assert_eq!((r.imported, r.rejected.len()), (1, 0), "{r:?}");
    assert_eq!(tickets(&ws), 2);
    // A header row wider than a table may be is refused with its cell.
    let path = d.path().join("wide.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Summary").unwrap();
    sheet.write_string(0, 16_383, "Far header").unwrap();
    sheet.write_string(1, 0, "A ticket").unwrap();
    book.save(&path).unwrap();
    let msg = import_with(&ws, &path, &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("wide.xlsx") && msg.contains("cell XFD1"),
        "{msg}"
    );
    assert_eq!(tickets(&ws), 2);
}

#[test]
fn a_github_json_array_larger_than_the_memory_limit_imports_item_by_item() {
    let (d, _ws) = open();
    let ws = d.path().join("ws-json");
    Workspace::open(&ws).unwrap();
    // About 60 MiB of issues: whole, as text and as a JSON tree, it is several times the limit.
    let path = d.path().join("issues.json");
    github_array(&path, 15_000, 4_000);
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size > LIMIT_MIB * 1024 * 1024, "{size}");
    let out = gw_limited(
        &ws,
        LIMIT_MIB,
        &["import", "--dry-run", path.to_str().unwrap()],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["imported"], 15_000, "{report}");
    assert_eq!(report["format"], "github-json");
    // The preview reads the same way: the first rows kept, the rest counted.
    let out = gw_limited(
        &ws,
        LIMIT_MIB,
        &["import", "--preview", path.to_str().unwrap()],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let preview: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(preview["total_rows"], 15_000);
    assert_eq!(preview["rows"].as_array().unwrap().len(), 20);
}

#[test]
fn a_broken_or_wrong_json_file_is_refused_with_its_line_and_nothing_is_lost() {
    let (d, ws) = open();
    let good = d.path().join("good.json");
    github_array(&good, 3, 40);
    assert_eq!(import(&ws, &good).imported, 3);
    // Broken after two good items: nothing of it lands.
    let broken = write(
        d.path(),
        "broken.json",
        "[{\"number\":7,\"title\":\"ok\"},\n{\"number\":8,\"title\":\"ok\"},\n{\"number\":9,\"title\":",
    );
    let msg = import_with(&ws, &broken, &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(msg.contains("broken.json, line 3"), "{msg}");
    let object = write(d.path(), "object.json", "{\"issues\": []}");
    let msg = import_with(&ws, &object, &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("object.json") && msg.contains("expected a JSON array"),
        "{msg}"
    );
    assert_eq!(tickets(&ws), 3);
}

#[test]
fn a_stray_nul_deep_in_a_csv_is_removed_and_reported_with_its_line() {
    let (d, ws) = open();
    // About 3 MB, one NUL byte inside the title on line 20 000.
    let mut csv = String::from("Summary,Issue key,Description\n");
    for i in 2..=30_000 {
        let title = if i == 20_000 {
            "Deploy\0 stalls".to_string()
        } else {
            format!("Ticket number {i}")
        };
        csv += &format!("{title},NUL-{i},Some words about the slow pipeline here {i}\n");
    }
    assert!(csv.len() > 2_000_000);
    let path = write(d.path(), "stray.csv", &csv);
    let r = import(&ws, &path);
    assert_eq!((r.imported, r.rejected.len()), (29_999, 0), "{r:?}");
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    assert_eq!(r.warnings[0].line, 20_000);
    assert!(r.warnings[0].message.contains("NUL"), "{:?}", r.warnings);
    let title: String = ws
        .conn()
        .query_row(
            "SELECT d.title FROM tickets t JOIN documents d ON d.id = t.document_id WHERE t.key = 'NUL-20000'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(title, "Deploy stalls");
    // The same file as JSON: the NUL is dropped from the text, with its line.
    let json = write(
        d.path(),
        "stray.json",
        format!(
            "[{{\"number\":1,\"title\":\"one\"}},\n{}\n{{\"number\":2,\"title\":\"t\u{0}wo\"}}]",
            " ".repeat(9000)
        ),
    );
    let r = import(&ws, &json);
    assert_eq!(r.imported, 2, "{r:?}");
    assert_eq!(
        r.warnings.iter().map(|w| w.line).collect::<Vec<_>>(),
        vec![3]
    );
}

#[test]
fn a_stray_nul_deep_in_a_note_or_a_transcript_is_removed_and_reported_with_file_and_line() {
    let (d, ws) = open();
    let notes = d.path().join("notes");
    std::fs::create_dir_all(&notes).unwrap();
    // Terminal output pasted into a note: a NUL byte on line 402, past the binary sniff.
    let mut note = String::from("# Build logs\n");
    for i in 2..=401 {
        note += &format!("line {i} of the pasted build log\n");
    }
    note += "the runner printed \0 and hung\n";
    assert!(note.find('\0').unwrap() > groundwork::import::text::BINARY_SNIFF_BYTES);
    write(&notes, "logs.md", &note);
    // A transcript with one on line 803 (a cue's text).
    let mut vtt = String::from("WEBVTT\n\n");
    for i in 0..200 {
        let (m, s) = (i * 3 / 60, i * 3 % 60);
        let who = if i % 2 == 0 { "Pat" } else { "Ada Lovelace" };
        let text = if i == 199 {
            "the deploy \0 stalls"
        } else {
            "we talked about deploys"
        };
        vtt += &format!(
            "{}\n00:{m:02}:{s:02}.000 --> 00:{m:02}:{:02}.500\n{who}: {text}\n\n",
            i + 1,
            s + 2
        );
    }
    let nul_line = vtt[..vtt.find('\0').unwrap()].lines().count() as u64;
    assert!(vtt.find('\0').unwrap() > groundwork::import::text::BINARY_SNIFF_BYTES);
    write(&notes, "call.vtt", &vtt);
    // A NUL in the first bytes: still a binary file, refused with its name.
    write(&notes, "image.md", "\u{89}PNG\0\0\0 not a note");
    let r = import(&ws, &notes);
    assert_eq!(r.imported, 2, "{r:?}");
    assert_eq!(r.rejected.len(), 1, "{:?}", r.rejected);
    assert!(
        r.rejected[0].field.contains("image.md")
            && r.rejected[0].reason.contains("looks like a binary file"),
        "{:?}",
        r.rejected
    );
    let mut warned: Vec<(u64, bool)> = r
        .warnings
        .iter()
        .filter(|w| w.message.contains("NUL"))
        .map(|w| (w.line, w.message.starts_with("logs.md")))
        .collect();
    warned.sort();
    assert_eq!(warned, [(402, true), (nul_line, false)], "{:?}", r.warnings);
    assert!(r
        .warnings
        .iter()
        .any(|w| w.line == nul_line && w.message.starts_with("call.vtt")));
    // The text is stored without the byte.
    let bodies: Vec<String> = ws
        .conn()
        .prepare("SELECT body FROM documents ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(bodies
        .iter()
        .any(|b| b.contains("the runner printed  and hung")));
    assert!(bodies.iter().any(|b| b.contains("the deploy  stalls")));
    assert!(bodies.iter().all(|b| !b.contains('\0')));
}

#[test]
fn binary_files_given_as_csv_are_still_refused() {
    let (d, ws) = open();
    let png = [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".as_slice(),
        &[7u8; 4000],
    ]
    .concat();
    let zip = [
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00".as_slice(),
        &[1u8; 4000],
    ]
    .concat();
    for (name, bytes) in [("image.csv", png), ("archive.csv", zip)] {
        let path = write(d.path(), name, bytes);
        let msg = import_with(&ws, &path, &ImportOptions::default())
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains(name) && msg.contains("looks like a binary file"),
            "{msg}"
        );
    }
    assert_eq!(tickets(&ws), 0);
}

/// A Google Forms export (first header `Timestamp`) of `rows` responses.
fn forms_csv(path: &Path, rows: usize) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(
        f,
        "Timestamp,How satisfied are you with CI? (1-5),What slows you down?"
    )
    .unwrap();
    for i in 0..rows {
        writeln!(
            f,
            "3/{}/2024 9:{:02}:{:02},{},\"The build cache misses on every branch, and the runners queue for minutes ({i}).\"",
            i % 28 + 1,
            i / 60 % 60,
            i % 60,
            i % 5 + 1
        )
        .unwrap();
    }
}

#[test]
fn a_survey_preview_reads_only_the_rows_it_shows() {
    let (d, _ws) = open();
    let ws = d.path().join("ws-survey");
    Workspace::open(&ws).unwrap();
    // About 70 MiB: read whole, its cells alone are more than the limit.
    let path = d.path().join("huge form (Responses).csv");
    forms_csv(&path, 600_000);
    let out = gw_limited(
        &ws,
        LIMIT_MIB,
        &["import", "--preview", path.to_str().unwrap()],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let preview: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(preview["kind"], "survey");
    assert_eq!(preview["total_rows"], 600_000);
    assert_eq!(preview["rows"].as_array().unwrap().len(), 20);
}

#[test]
fn a_survey_larger_than_a_survey_import_reads_is_refused_before_it_is_read() {
    let (d, ws) = open();
    import(
        &ws,
        &write(d.path(), "kept.csv", "Summary,Issue key\nKept ticket,K-1\n"),
    );
    // A 300 MiB file (sparse: its tail is never read) whose first header says Google Forms.
    let path = d.path().join("log.csv");
    let mut head = String::from("Timestamp,Level,Message\n");
    for i in 0..400 {
        head += &format!(
            "2024-03-01 10:{:02}:{:02},info,worker started\n",
            i / 60,
            i % 60
        );
    }
    std::fs::write(&path, head).unwrap();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(300 * 1024 * 1024)
        .unwrap();
    let msg = import_with(&ws, &path, &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("log.csv") && msg.contains("--kind tickets"),
        "{msg}"
    );
    assert_eq!(tickets(&ws), 1);
}

#[test]
fn a_notes_folder_never_follows_links_out_of_it_and_a_link_loop_ends() {
    let (d, ws) = open();
    let notes = d.path().join("notes");
    std::fs::create_dir_all(notes.join("sub")).unwrap();
    write(&notes, "kickoff.md", "# Kickoff\nDeploys are slow.\n");
    write(&notes.join("sub"), "retro.md", "# Retro\nFlaky tests.\n");
    std::os::unix::fs::symlink(&notes, notes.join("myself")).unwrap();
    std::os::unix::fs::symlink(&notes, notes.join("sub").join("up")).unwrap();
    std::os::unix::fs::symlink("/etc", notes.join("etc")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", notes.join("passwd.md")).unwrap();
    // A link to a note inside the folder is the same note: read once.
    std::os::unix::fs::symlink(notes.join("kickoff.md"), notes.join("sub").join("again.md"))
        .unwrap();
    let r = import(&ws, &notes);
    assert_eq!(r.imported, 2, "{r:?}");
    let fields: Vec<&str> = r.rejected.iter().map(|x| x.field.as_str()).collect();
    assert_eq!(fields, ["etc: link", "passwd.md: link"], "{r:?}");
    assert!(
        r.rejected
            .iter()
            .all(|x| x.reason.contains("outside the imported folder")),
        "{r:?}"
    );
    let leaked: i64 = ws
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM documents WHERE body LIKE '%root:%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(leaked, 0);
    let p = ws
        .preview_import(&notes, &ImportOptions::default())
        .unwrap();
    assert_eq!(p.total_rows, 4);
}

#[test]
fn epoch_dates_are_read_as_utc_dates_and_the_preview_says_so() {
    let (d, ws) = open();
    let path = write(
        d.path(),
        "epoch.csv",
        "Summary,Issue key,Created,Resolved\n\
         Slow deploys,EP-1,1709287200,1709373600000\n\
         Flaky tests,EP-2,1709290800,\n",
    );
    let p = ws.preview_import(&path, &ImportOptions::default()).unwrap();
    let format = |h: &str| {
        p.columns
            .iter()
            .find(|c| c.header == h)
            .and_then(|c| c.date_format.clone())
    };
    assert_eq!(
        format("Created").as_deref(),
        Some("Unix epoch seconds (UTC)")
    );
    assert_eq!(
        format("Resolved").as_deref(),
        Some("Unix epoch milliseconds (UTC)")
    );
    assert_eq!(format("Summary"), None);
    let r = import(&ws, &path);
    assert_eq!((r.imported, r.rejected.len()), (2, 0), "{r:?}");
    let (date, created, resolved): (String, String, String) = ws
        .conn()
        .query_row(
            "SELECT d.date, t.created, t.resolved FROM tickets t \
             JOIN documents d ON d.id = t.document_id WHERE t.key = 'EP-1'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (date.as_str(), created.as_str(), resolved.as_str()),
        ("2024-03-01", "2024-03-01T10:00:00Z", "2024-03-02T10:00:00Z")
    );
    // Ordinary numbers in a date column are not dates: each row is rejected with its line.
    let counts = write(
        d.path(),
        "counts.csv",
        "Summary,Issue key,Created\nA,N-1,42\nB,N-2,20240301\n",
    );
    let r = import(&ws, &counts);
    assert_eq!(r.imported, 0);
    assert_eq!(
        r.rejected
            .iter()
            .map(|x| (x.line, x.field.as_str()))
            .collect::<Vec<_>>(),
        [(2, "Created"), (3, "Created")]
    );
    // A survey whose timestamps are epoch milliseconds.
    let survey = write(
        d.path(),
        "pulse (Responses).csv",
        "Timestamp,How satisfied are you with CI? (1-5)\n1709287200000,4\n1709290800000,5\n",
    );
    let opts = ImportOptions {
        kind: Some(ImportKind::Survey),
        ..Default::default()
    };
    let p = ws.preview_import(&survey, &opts).unwrap();
    assert_eq!(p.format, Format::GoogleForms);
    assert_eq!(
        p.columns[0].date_format.as_deref(),
        Some("Unix epoch milliseconds (UTC)")
    );
    let r = import_with(&ws, &survey, &opts).unwrap();
    assert_eq!((r.imported, r.rejected.len()), (2, 0), "{r:?}");
}

#[test]
fn a_deployment_log_with_epoch_timestamps_imports_as_utc_times() {
    let (d, ws) = open();
    let log = write(
        d.path(),
        "deploys.csv",
        "deploy_id,team,deployed_at,lead_time_h,rolled_back\n\
         d1,Payments,1709287200,2,no\n\
         d2,Payments,1709373600,5,yes\n",
    );
    let r = ws.import_metrics(&log, &Default::default()).unwrap();
    assert_eq!((r.imported, r.rejected.len()), (2, 0), "{r:?}");
    let at: String = ws
        .conn()
        .query_row(
            "SELECT deployed_at FROM deployments WHERE key = 'd2'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(at, "2024-03-02T10:00:00Z");
}

/// `path`'s zip entries, with `edit` applied to each entry's bytes, written back stored.
fn rezip(path: &Path, edit: impl Fn(&str, Vec<u8>) -> Vec<u8>) {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut entries = Vec::new();
    for i in 0..archive.len() {
        let mut e = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).unwrap();
        entries.push((e.name().unwrap().to_string(), bytes));
    }
    let mut out = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in entries {
        out.start_file(name.as_str(), stored).unwrap();
        out.write_all(&edit(&name, bytes)).unwrap();
    }
    out.finish().unwrap();
}

#[test]
fn an_xlsx_claiming_a_trillion_shared_strings_is_refused_not_reserved() {
    let (d, ws) = open();
    let path = d.path().join("claims.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Summary").unwrap();
    sheet.write_string(1, 0, "A ticket").unwrap();
    book.save(&path).unwrap();
    rezip(&path, |name, bytes| {
        if name.ends_with("sharedStrings.xml") {
            let text = String::from_utf8(bytes).unwrap();
            let at = text.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
            let end = at + text[at..].find('"').unwrap();
            format!("{}999999999999{}", &text[..at], &text[end..]).into_bytes()
        } else {
            bytes
        }
    });
    let msg = import_with(&ws, &path, &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("claims.xlsx") && msg.contains("shared-string table"),
        "{msg}"
    );
    // The same file with an honest count imports.
    rezip(&path, |name, bytes| {
        if name.ends_with("sharedStrings.xml") {
            String::from_utf8(bytes)
                .unwrap()
                .replace("999999999999", "2")
                .into_bytes()
        } else {
            bytes
        }
    });
    assert_eq!(import(&ws, &path).imported, 1);
}
