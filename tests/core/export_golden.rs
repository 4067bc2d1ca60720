//! Golden tests: every export format of a fixed fixture workspace, compared byte for byte with
//! the files in `tests/golden/export/` (XLSX as the cells calamine reads back). Recency is measured
//! from a pinned day and the generation time is fixed, so the output only changes when the code
//! does. After an intended change, regenerate with `GROUNDWORK_UPDATE_GOLDEN=1 cargo test --test
//! export_golden` and read the diff.
//!
//! The HTML pack is also rendered in headless Chromium: a screenshot to look at
//! (`target/screenshots/review-pack.png`) and a PDF, proving it prints.

use crate::common;

use calamine::{open_workbook, Reader, Xlsx};
use common::{interview, open};
use groundwork::export::{
    research, review_pack, write_pack, ExportFormat, ExportOptions, ExportSubject,
};
use groundwork::research::teams::TeamInput;
use groundwork::roadmap::items::{ItemInput, ItemStatus, LinkInput, ManualInput};
use groundwork::roadmap::rank::RankRequest;
use groundwork::search::themes::ThemeInput;
use groundwork::Workspace;
use std::path::{Path, PathBuf};

const GENERATED_AT: &str = "2026-06-01T09:00:00.000Z";

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/export")
}

fn manual(key: &str, value: f64) -> ManualInput {
    ManualInput {
        key: key.into(),
        value,
        low: None,
        high: None,
    }
}

/// Two teams, six dated interviews over five months, two themes with pinned quotes (one quote
/// hostile), four items — linked, ranged, unscored, shipped — and a snapshot taken before one
/// item's reach was revised.
fn fixture(ws: &mut Workspace) {
    ws.pin_today(chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap());
    for (name, headcount) in [("Payments", 40), ("Mobile", 25)] {
        ws.save_team(&TeamInput {
            id: None,
            name: name.into(),
            headcount: Some(headcount),
        })
        .unwrap();
    }
    let notes = [
        ("Ada Lovelace", "Payments", "2026-01-20", "CI takes 40 minutes; flaky integration tests force re-runs. Mail me at ada@example.com."),
        ("Grace Hopper", "Payments", "2026-02-11", "Waiting on CI is most of my afternoon; the cache misses on every lockfile change."),
        ("Linus Pauling", "Mobile", "2026-03-03", "The iOS build queues behind two other teams; <img src=x onerror=alert(1)> flaky UI tests fail at random."),
        ("Katherine Johnson", "Mobile", "2026-04-15", "Release approvals need three sign-offs, so a hotfix waits a day."),
        ("Alan Turing", "Payments", "2026-05-06", "Flaky tests again: we quarantined forty and never brought them back."),
        ("Barbara Liskov", "Mobile", "2026-05-27", "Local setup took two days: pinned versions on a wiki page, VPN-only artifacts."),
    ];
    let mut docs = Vec::new();
    for (k, (who, team, date, text)) in notes.iter().enumerate() {
        let mut i = interview(&format!("{team} interview {}", k + 1), text);
        i.participant = who.to_string();
        i.team = Some(team.to_string());
        i.date = date.to_string();
        docs.push(ws.save_interview(&i).unwrap().id);
    }
    ws.index_pending().unwrap();
    let slow = ws
        .save_theme(&ThemeInput {
            id: None,
            name: "Slow CI".into(),
            query: "CI OR build".into(),
        })
        .unwrap();
    let flaky = ws
        .save_theme(&ThemeInput {
            id: None,
            name: "Flaky tests".into(),
            query: "flaky".into(),
        })
        .unwrap();
    ws.pin_quote(slow.id, docs[0], "CI takes 40 minutes")
        .unwrap();
    ws.pin_quote(
        flaky.id,
        docs[2],
        "<img src=x onerror=alert(1)> flaky UI tests fail at random",
    )
    .unwrap();
    let cache = ws
        .save_item(&ItemInput {
            title: "Remote build cache".into(),
            owner: "Dev Productivity".into(),
            status: ItemStatus::Planned,
            effort: Some(6.0),
            effort_low: Some(4.0),
            effort_high: Some(9.0),
            teams: vec!["Payments".into(), "Mobile".into()],
            target_metric: "time to production".into(),
            inputs: vec![manual("impact", 2.0), manual("confidence", 0.8)],
            ..Default::default()
        })
        .unwrap();
    ws.link_item(&LinkInput {
        item: cache.id,
        theme: Some(slow.id),
        ..Default::default()
    })
    .unwrap();
    let quarantine = ws
        .save_item(&ItemInput {
            title: "Flaky-test quarantine with owners".into(),
            owner: "CI team".into(),
            effort: Some(3.0),
            teams: vec!["Mobile".into()],
            target_metric: "deployment frequency".into(),
            inputs: vec![
                manual("reach", 20.0),
                manual("impact", 1.0),
                manual("confidence", 0.5),
            ],
            ..Default::default()
        })
        .unwrap();
    ws.link_item(&LinkInput {
        item: quarantine.id,
        theme: Some(flaky.id),
        ..Default::default()
    })
    .unwrap();
    ws.save_item(&ItemInput {
        title: "=SUM(A1:A9) one-click environments".into(),
        effort: Some(10.0),
        ..Default::default()
    })
    .unwrap();
    let status_page = ws
        .save_item(&ItemInput {
            title: "Status page for CI".into(),
            status: ItemStatus::Shipped,
            effort: Some(1.0),
            inputs: vec![
                manual("reach", 65.0),
                manual("impact", 0.5),
                manual("confidence", 1.0),
            ],
            ..Default::default()
        })
        .unwrap();
    // Deployments around the day the status page shipped: lead times fall from ~30 h to ~12 h.
    let mut csv = String::from("deploy_id,team,deployed_at,lead_time_h,failed\n");
    for day in 0..56u32 {
        if day % 3 == 0 {
            let date = chrono::NaiveDate::from_ymd_opt(2026, 3, 9).unwrap()
                + chrono::Duration::days(i64::from(day));
            let lead = if day < 28 { 24 + day % 12 } else { 8 + day % 8 };
            csv += &format!("d{day},Mobile,{date}T10:00:00Z,{lead},{}\n", day % 9 == 0);
        }
    }
    let file = ws.dir().join("deploys.csv");
    std::fs::write(&file, csv).unwrap();
    ws.import_metrics(&file, &Default::default()).unwrap();
    ws.save_item_metrics(&groundwork::metrics::impact::ItemMetricsInput {
        item: status_page.id,
        metrics: vec![groundwork::metrics::impact::ItemMetric {
            metric: "lead_time".into(),
            expected: Some(-0.5),
        }],
        shipped_on: Some("2026-04-06".into()),
    })
    .unwrap();
    ws.save_snapshot(
        "Q1 review",
        &RankRequest {
            model: "rice".into(),
            ..Default::default()
        },
    )
    .unwrap();
    ws.set_item_inputs(quarantine.id, &[manual("reach", 200.0)])
        .unwrap();
}

fn options(subject: ExportSubject, format: ExportFormat, anonymize: bool) -> ExportOptions {
    ExportOptions {
        subject,
        format,
        model: "rice".into(),
        team: None,
        compare: Some("Q1 review".into()),
        anonymize: Some(anonymize),
    }
}

/// Timestamps the fixture wrote while it ran (snapshot and quote times) become `<time>`.
fn normalize(text: &str) -> String {
    let re = regex::Regex::new(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)").unwrap();
    re.replace_all(text, |c: &regex::Captures<'_>| {
        if &c[0] == GENERATED_AT {
            c[0].to_string()
        } else {
            "<time>".to_string()
        }
    })
    .into_owned()
}

/// Compares `actual` with the golden file `name`, or writes it when asked to.
fn check(name: &str, actual: &str) {
    let path = golden_dir().join(name);
    if std::env::var_os("GROUNDWORK_UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(golden_dir()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; write it with GROUNDWORK_UPDATE_GOLDEN=1",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{name} differs from its golden file at line {}:\n  expected: {:?}\n  actual:   {:?}\n\
             (regenerate with GROUNDWORK_UPDATE_GOLDEN=1 if the change is intended)",
            line + 1,
            expected.lines().nth(line).unwrap_or("<end>"),
            actual.lines().nth(line).unwrap_or("<end>"),
        );
    }
}

/// The workbook's cells, sheet by sheet, one row per line, cells separated by tabs.
fn xlsx_cells(path: &Path) -> String {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let mut out = String::new();
    for name in book.sheet_names() {
        out.push_str(&format!("## {name}\n"));
        for row in book.worksheet_range(&name).unwrap().rows() {
            let cells: Vec<String> = row.iter().map(|c| format!("{c:?}")).collect();
            out.push_str(&cells.join("\t"));
            out.push('\n');
        }
    }
    out
}

fn roadmap(ws: &Workspace, dir: &Path, format: ExportFormat, anonymize: bool) -> PathBuf {
    let (mut pack, _) =
        review_pack(ws, &options(ExportSubject::Roadmap, format, anonymize)).unwrap();
    pack.generated_at = GENERATED_AT.into();
    let path = dir.join(format!("roadmap.{}", format.extension()));
    write_pack(&pack, format, &path).unwrap();
    path
}

#[test]
fn every_roadmap_format_matches_its_golden_file() {
    let (d, mut ws) = open();
    fixture(&mut ws);
    for format in [
        ExportFormat::Html,
        ExportFormat::Md,
        ExportFormat::Csv,
        ExportFormat::Json,
    ] {
        // The review pack as people outside the team get it: anonymized.
        let anonymize = format == ExportFormat::Html;
        let path = roadmap(&ws, d.path(), format, anonymize);
        let text = std::fs::read_to_string(&path).unwrap();
        check(
            &format!("roadmap.{}", format.extension()),
            &normalize(&text),
        );
    }
    let xlsx = roadmap(&ws, d.path(), ExportFormat::Xlsx, false);
    check("roadmap.xlsx.txt", &normalize(&xlsx_cells(&xlsx)));
}

#[test]
fn every_research_format_matches_its_golden_file() {
    let (d, mut ws) = open();
    fixture(&mut ws);
    let subjects = [
        (
            "search",
            ExportSubject::Search {
                query: "flaky OR CI".into(),
            },
        ),
        ("themes", ExportSubject::Themes { ids: vec![] }),
    ];
    for (name, subject) in subjects {
        for format in [ExportFormat::Csv, ExportFormat::Md, ExportFormat::Json] {
            let (mut doc, _) = research::gather(&ws, &subject, name == "themes").unwrap();
            doc.generated_at = GENERATED_AT.into();
            let bytes = research::render(&doc, format).unwrap();
            let text = String::from_utf8(bytes).unwrap();
            check(&format!("{name}.{}", format.extension()), &normalize(&text));
        }
    }
    drop(d);
}

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |d| d.join(name)))
        .find(|p| p.is_file())
}

/// Width and height from a PNG's header.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

#[test]
fn the_html_pack_renders_and_prints_in_headless_chromium() {
    let Some(browser) = chromium() else {
        println!("SKIPPED: no chromium on PATH (scripts/setup.sh --with-e2e installs it)");
        return;
    };
    let (d, mut ws) = open();
    fixture(&mut ws);
    let html = roadmap(&ws, d.path(), ExportFormat::Html, true);
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let png = shots.join("review-pack.png");
    let pdf = d.path().join("review-pack.pdf");
    let _ = std::fs::remove_file(&png);
    let url = format!("file://{}", html.display());
    let run = |args: &[String]| {
        let out = std::process::Command::new(&browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--hide-scrollbars",
                &format!("--user-data-dir={}", d.path().join("profile").display()),
            ])
            .args(args)
            .arg(&url)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "chromium failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&[
        "--window-size=1100,2400".into(),
        format!("--screenshot={}", png.display()),
    ]);
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(png_size(&bytes), (1100, 2400));
    // A blank or unstyled page compresses to a few kilobytes; text, tables and charts do not.
    assert!(
        bytes.len() > 60_000,
        "the screenshot is suspiciously small: {} bytes",
        bytes.len()
    );
    run(&[
        "--no-pdf-header-footer".into(),
        format!("--print-to-pdf={}", pdf.display()),
    ]);
    let pdf = std::fs::read(&pdf).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let pages = pdf
        .windows(b"/Type /Page\n".len())
        .filter(|w| w.starts_with(b"/Type /Page") && !w.starts_with(b"/Type /Pages"))
        .count();
    assert!((2..=12).contains(&pages), "{pages} pages");
    println!(
        "screenshot: {} ({} bytes); PDF: {pages} pages",
        png.display(),
        bytes.len()
    );
}
