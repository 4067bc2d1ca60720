//! Helpers shared by the integration tests.
#![allow(dead_code)]

use groundwork::import::{ImportOptions, ImportReport};
use groundwork::research::interviews::InterviewInput;
use groundwork::search::SearchRequest;
use groundwork::{Result, Workspace};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

/// A fresh workspace folder that is removed when dropped.
pub fn temp_workspace() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("groundwork-test-")
        .tempdir()
        .expect("temp dir")
}

/// A valid interview input.
pub fn interview(title: &str, notes: &str) -> InterviewInput {
    InterviewInput {
        version: None,
        id: None,
        title: title.into(),
        participant: "Ada Lovelace".into(),
        team: Some("Payments".into()),
        role: "Backend engineer".into(),
        date: "2026-03-14".into(),
        interviewer: "PM".into(),
        notes: notes.into(),
        tags: vec!["ci".into()],
        pain_points: vec![],
    }
}

/// The shared real-data folder, or `None` (with a printed reason) when it is absent.
pub fn shared_data(sub: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(sub);
    if dir.exists() {
        Some(dir)
    } else {
        println!(
            "SKIPPED: {} is absent (real third-party data lives in ../shared/data)",
            dir.display()
        );
        None
    }
}

/// Bytes of every file directly in `dir`, to prove nothing changed.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// A fresh workspace in `ws/` under a temporary folder (kept alive by the returned guard).
pub fn open() -> (tempfile::TempDir, Workspace) {
    let dir = temp_workspace();
    let ws = Workspace::open(dir.path().join("ws")).unwrap();
    (dir, ws)
}

/// Imports `path` with `opts`, no progress, never cancelled.
pub fn import_with(ws: &Workspace, path: &Path, opts: &ImportOptions) -> Result<ImportReport> {
    ws.import(path, opts, &mut |_| {}, &AtomicBool::new(false))
}

/// Imports `path` with the default options; panics with the file and error on failure.
pub fn import(ws: &Workspace, path: &Path) -> ImportReport {
    import_with(ws, path, &ImportOptions::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Writes a file into `dir` and returns its path.
pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// The document id of the ticket with issue key `key` (panics when there is none).
pub fn ticket_id(ws: &Workspace, key: &str) -> i64 {
    ws.conn()
        .query_row(
            "SELECT document_id FROM tickets WHERE key = ?1",
            [key],
            |r| r.get(0),
        )
        .unwrap_or_else(|e| panic!("ticket {key}: {e}"))
}

/// How many documents a query matches.
pub fn total(ws: &Workspace, q: &str) -> u64 {
    ws.search(&SearchRequest {
        query: q.into(),
        limit: Some(5),
        ..Default::default()
    })
    .unwrap()
    .total
}

/// Writes a one-line figure for the reliability summary the test command prints at the end
/// (`target/reliability/<name>.txt`), and prints it.
pub fn report_figure(name: &str, line: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/reliability");
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(dir.join(format!("{name}.txt")), format!("{line}\n"));
    println!("{line}");
}

/// Runs the `groundwork` CLI on the workspace `ws` (never the one `GROUNDWORK_WORKSPACE` names).
pub fn gw(ws: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_groundwork"))
        .arg("--workspace")
        .arg(ws)
        .args(args)
        .env_remove("GROUNDWORK_WORKSPACE")
        .output()
        .expect("run groundwork")
}
