//! The app and the CLI on one workspace at once. The app is played by an in-process `Workspace`
//! that keeps its connection open, saves interviews and drains the index as the app's indexer
//! thread does; CLI processes import, edit and reindex meanwhile. Every writer either waits its
//! turn or fails with a clear message; nothing is corrupted; the index stays consistent.

use crate::common;

use groundwork::{ErrorCode, Workspace};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn cli(ws: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_groundwork"));
    c.arg("--workspace").arg(ws).args(args);
    c
}

fn tickets(dir: &Path, prefix: &str, n: usize) -> PathBuf {
    let mut csv = String::from("Issue key,Summary,Description\n");
    for i in 0..n {
        csv +=
            &format!("{prefix}-{i},Slow pipeline {i},Waiting on the shared runner pool again.\n");
    }
    let p = dir.join(format!("{prefix}.csv"));
    std::fs::write(&p, csv).unwrap();
    p
}

/// Either it worked, or it failed with the busy message and exit code 1 (never a panic, never a
/// database error).
fn waited_or_refused_clearly(what: &str, out: &Output) -> bool {
    let stderr = String::from_utf8_lossy(&out.stderr);
    match out.status.code() {
        Some(0) => true,
        Some(1) if stderr.contains("another Groundwork process") => false,
        other => panic!("{what}: exit {other:?}, stderr: {stderr}"),
    }
}

#[test]
fn the_app_and_the_cli_write_at_once_and_nothing_is_corrupted() {
    let tmp = common::temp_workspace();
    let ws_dir = tmp.path().join("ws");
    let app = Workspace::open(&ws_dir).unwrap();
    let files: Vec<PathBuf> = ["CLIA", "CLIB"]
        .iter()
        .map(|p| tickets(tmp.path(), p, 2000))
        .collect();

    let started = Instant::now();
    let mut imports: Vec<_> = files
        .iter()
        .map(|f| {
            cli(&ws_dir, &["import", f.to_str().unwrap()])
                .spawn()
                .unwrap()
        })
        .collect();
    // Meanwhile the app saves interviews and drains the index between them.
    let mut saved = Vec::new();
    for i in 0..30 {
        let input = common::interview(&format!("App interview {i}"), &format!("wombat{i} notes"));
        saved.push(
            app.save_interview(&input)
                .expect("the app's save waits its turn")
                .id,
        );
        app.index_pending().expect("drain");
    }
    // And the CLI edits one of them and rebuilds the index.
    let edit = cli(
        &ws_dir,
        &[
            "interview",
            "edit",
            &saved[0].to_string(),
            "--body",
            "edited by the CLI: numbat",
        ],
    )
    .output()
    .unwrap();
    let edited = waited_or_refused_clearly("edit", &edit);
    let reindex = cli(&ws_dir, &["reindex"]).output().unwrap();
    waited_or_refused_clearly("reindex", &reindex);
    let mut imported = 0;
    for (child, file) in imports.iter_mut().zip(&files) {
        let out = child.wait_with_output_ref();
        if waited_or_refused_clearly(&file.display().to_string(), &out) {
            imported += 1;
        }
    }
    let elapsed = started.elapsed();
    app.index_pending().unwrap();

    // The app sees what the CLI wrote, and the other way round.
    let check = app.check().unwrap();
    assert!(check.ok, "{check:?}");
    assert_eq!(check.documents, 30 + 2000 * imported as u64);
    assert_eq!(common::total(&app, "wombat17"), 1);
    if edited {
        assert_eq!(common::total(&app, "numbat"), 1);
    }
    let out = cli(&ws_dir, &["check", "--json"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(
        imported, 2,
        "both imports waited their turn within the busy timeout ({elapsed:?})"
    );
}

trait WaitRef {
    fn wait_with_output_ref(&mut self) -> Output;
}
impl WaitRef for std::process::Child {
    fn wait_with_output_ref(&mut self) -> Output {
        let status = self.wait().unwrap();
        Output {
            status,
            stdout: Vec::new(),
            stderr: Vec::new(),
        }
    }
}

#[test]
fn a_writer_held_past_the_busy_timeout_gets_a_clear_message_and_nothing_changes() {
    let tmp = common::temp_workspace();
    let ws_dir = tmp.path().join("ws");
    let app = Workspace::open(&ws_dir).unwrap();
    app.save_interview(&common::interview("Before", "kept"))
        .unwrap();
    app.index_pending().unwrap();
    // The app is mid-way through a long write (an import holds the write lock throughout).
    app.conn().execute_batch("BEGIN IMMEDIATE").unwrap();
    let start = Instant::now();
    let out = cli(
        &ws_dir,
        &["--json", "interview", "add", "--title", "From the CLI"],
    )
    .output()
    .unwrap();
    let waited = start.elapsed();
    assert_eq!(out.status.code(), Some(1));
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).expect("JSON error");
    assert_eq!(err["error"]["code"], "workspace_locked");
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("another Groundwork process is writing"),
        "{err}"
    );
    assert!(
        waited >= Duration::from_secs(9),
        "it waited first ({waited:?})"
    );
    // Reading is never blocked by a writer.
    let out = cli(&ws_dir, &["--json", "search", "kept"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    app.conn().execute_batch("COMMIT").unwrap();

    // Once the app is done, the same command goes through; nothing was half-written before.
    assert_eq!(app.status().unwrap().documents.get("interview"), Some(&1));
    let out = cli(&ws_dir, &["interview", "add", "--title", "From the CLI"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(app.status().unwrap().documents.get("interview"), Some(&2));
    assert_eq!(
        groundwork::ApiError::from(groundwork::Error::Locked("x".into())).code,
        ErrorCode::WorkspaceLocked
    );
}
