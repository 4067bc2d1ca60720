//! The session a host holds (`groundwork::api::session`): reads on their own connection while an import
//! holds the writer, Cancel without a lock, and writes visible to the reads that follow.

use crate::common;

use common::{temp_workspace, write};
use groundwork::api::session::{Indexing, Session, SessionOptions};
use groundwork::ErrorCode;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

fn app_like(dir: &Path) -> Session {
    Session::open(
        dir,
        SessionOptions {
            // The app's setting, so a test sees what the app does.
            indexing: Indexing::Background(Duration::from_millis(750)),
            today: None,
        },
    )
}

fn call(s: &Session, name: &str, args: Value) -> Result<Value, groundwork::ApiError> {
    s.call(name, args, &mut |_| {}, std::env::temp_dir(), &mut |_| {})
}

fn hits(s: &Session, q: &str) -> u64 {
    let r = call(
        s,
        "search",
        json!({ "request": { "query": q, "limit": 5 } }),
    )
    .unwrap();
    r["total"].as_u64().unwrap()
}

fn tickets(dir: &Path, n: usize) -> PathBuf {
    let mut csv = String::from("Summary,Issue key,Description,Status,Created\n");
    for i in 0..n {
        csv.push_str(&format!(
            "Quokka build {i} stalls,QK-{i},the quokka pipeline waits on runner {i},Open,2026-01-{:02} 10:00\n",
            i % 28 + 1
        ));
    }
    write(dir, &format!("tickets-{n}.csv"), csv)
}

fn import_args(path: &Path) -> Value {
    json!({ "path": path, "options": { "kind": "tickets", "format": "auto", "mappings": [], "encoding": null, "dry_run": false } })
}

/// Starts importing `args` on another thread and returns once the import is inside its first
/// progress report, holding the writer; it goes on when `go_on` is sent, and the handle returns
/// its answer.
fn import_held(
    s: &Session,
    args: Value,
) -> (
    mpsc::Sender<()>,
    std::thread::JoinHandle<Result<Value, groundwork::ApiError>>,
) {
    let (started_tx, started) = mpsc::channel::<()>();
    let (go_on, go_on_rx) = mpsc::channel::<()>();
    let importer = s.clone();
    let run = std::thread::spawn(move || {
        let mut first = true;
        importer.call(
            "import_file",
            args,
            &mut |_| {
                if std::mem::take(&mut first) {
                    started_tx.send(()).unwrap();
                    go_on_rx.recv().unwrap();
                }
            },
            std::env::temp_dir(),
            &mut |_| {},
        )
    });
    started
        .recv_timeout(Duration::from_secs(60))
        .expect("the import started");
    (go_on, run)
}

/// What an import or undo indexed is found, or gone, by the very next search: no waiting for the
/// indexer (the app's E2E undo test caught a reader that had not reloaded).
#[test]
fn an_import_and_its_undo_show_in_the_next_search() {
    let tmp = temp_workspace();
    let s = app_like(&tmp.path().join("ws"));
    let file = tickets(tmp.path(), 30);
    let report = call(&s, "import_file", import_args(&file)).unwrap();
    assert_eq!(report["imported"], 30);
    assert_eq!(hits(&s, "quokka"), 30);
    let batch = report["batch"].as_i64().unwrap();
    call(&s, "undo_import", json!({ "batch": batch, "force": false })).unwrap();
    assert_eq!(hits(&s, "quokka"), 0);
}

/// A search and the palette answer while an import holds the writer, from the database as it was
/// before the import; Cancel reaches the import; nothing of it is stored.
#[test]
fn reads_and_cancel_go_through_while_an_import_runs() {
    let tmp = temp_workspace();
    let s = app_like(&tmp.path().join("ws"));
    call(&s, "seed_demo", Value::Null).unwrap();
    let before = hits(&s, "ci");
    assert!(before > 0);
    let file = tickets(tmp.path(), 3_000);

    // The import pauses inside its first progress report (holding the writer) until the reads
    // below are done, so they certainly ran during it.
    let (go_on, run) = import_held(&s, import_args(&file));
    assert_eq!(hits(&s, "ci"), before, "a search during the import");
    assert_eq!(
        hits(&s, "quokka"),
        0,
        "the import is not visible before it commits"
    );
    let palette = call(&s, "palette", json!({ "query": "go to" })).unwrap();
    assert!(
        !palette.as_array().unwrap().is_empty(),
        "the palette answers"
    );
    s.cancel_import();
    go_on.send(()).unwrap();
    let e = run.join().unwrap().unwrap_err();
    assert_eq!(e.code, ErrorCode::Cancelled);
    assert_eq!(hits(&s, "quokka"), 0);
    let imports = call(&s, "list_imports", Value::Null).unwrap();
    assert_eq!(imports, json!([]), "a cancelled import leaves no batch");

    // The next import is not cancelled by the last one's Cancel.
    let small = tickets(tmp.path(), 5);
    let r = call(&s, "import_file", import_args(&small)).unwrap();
    assert_eq!(r["imported"], 5);
    assert_eq!(hits(&s, "quokka"), 5);
}

/// An edit is found by search once the background indexer has run (at once for the first write
/// of a burst), without the search itself writing.
#[test]
fn an_edit_is_searchable_after_the_indexer_runs() {
    let tmp = temp_workspace();
    let s = app_like(&tmp.path().join("ws"));
    let input =
        serde_json::to_value(common::interview("Wombat rollout", "wombats block deploys")).unwrap();
    call(&s, "save_interview", json!({ "input": input })).unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while hits(&s, "wombat") == 0 {
        assert!(std::time::Instant::now() < deadline, "indexed within 30 s");
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = call(&s, "workspace_status", Value::Null).unwrap();
    assert_eq!(status["pending"], 0);
}

/// The app's Cancel stops only an import that is running: a click that arrives after one finished
/// is not kept to stop the next import (which the user would see fail for no reason).
#[test]
fn a_late_cancel_does_not_stop_the_next_import() {
    let tmp = temp_workspace();
    let s = app_like(&tmp.path().join("ws"));
    assert!(!s.cancel_running_import(), "no import runs");
    let file = tickets(tmp.path(), 10);
    let r = call(&s, "import_file", import_args(&file)).unwrap();
    assert_eq!(r["imported"], 10);

    // While one runs, it is stopped.
    let big = tickets(tmp.path(), 2_000);
    let (go_on, run) = import_held(&s, import_args(&big));
    assert!(s.cancel_running_import());
    go_on.send(()).unwrap();
    assert_eq!(run.join().unwrap().unwrap_err().code, ErrorCode::Cancelled);
    assert!(!s.cancel_running_import(), "it has finished");
    let again = call(&s, "import_file", import_args(&big)).unwrap();
    // QK-0 … QK-9 came unchanged with the first file: not new; the rest are.
    assert_eq!(again["imported"], 1_990);
    assert_eq!(
        again["updated"].as_u64().unwrap() + again["skipped"].as_u64().unwrap(),
        10
    );
}
