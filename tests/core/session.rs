//! The session a host holds (`groundwork::api::session`): reads on their own connection while an import
//! holds the writer, Cancel without a lock, and writes visible to the reads that follow.

use crate::common;

use common::{temp_workspace, write};
use groundwork::api::paths::PathUse;
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

/// A session like the desktop app's: paths confined to what the user chose.
fn confined(dir: &Path) -> Session {
    let s = Session::open(
        dir,
        SessionOptions {
            indexing: Indexing::Immediate,
            today: None,
        },
    );
    s.confine_paths();
    s
}

/// Every command of the table that takes a path, with arguments naming `path`, what the path
/// is for, and what shows it ran.
fn path_commands(tmp: &Path) -> Vec<(&'static str, Value, PathUse, PathBuf)> {
    // Each command its own file: a grant serves every command of its use.
    let preview = tickets(tmp, 2);
    let tickets = tickets(tmp, 3);
    let metrics = write(
        tmp,
        "deploys.csv",
        "deployed_at,service,team\n2026-01-05 10:00,api,Payments\n",
    );
    let guide = write(
        tmp,
        "guide.md",
        "## Builds\n- How long does a build take?\n",
    );
    let codebook = write(
        tmp,
        "codes.qdc",
        r#"<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="5D4B1C2A-0000-4000-8000-000000000001" name="CI wait" isCodable="true"/></Codes></CodeBook>"#,
    );
    let export = json!({ "subject": { "kind": "roadmap" }, "format": "csv", "model": "rice", "team": null, "compare": null, "anonymize": null });
    vec![
        (
            "preview_import",
            import_args(&preview),
            PathUse::Read,
            preview,
        ),
        (
            "import_file",
            import_args(&tickets),
            PathUse::Read,
            tickets.clone(),
        ),
        (
            "import_metrics",
            json!({ "path": metrics, "options": { "kind": null, "map": [] } }),
            PathUse::Read,
            metrics.clone(),
        ),
        (
            "import_guide",
            json!({ "path": guide, "name": "Builds" }),
            PathUse::Read,
            guide.clone(),
        ),
        (
            "save_rejected",
            json!({ "path": tmp.join("rejected.csv"), "rejected": [] }),
            PathUse::Write,
            tmp.join("rejected.csv"),
        ),
        (
            "backup_workspace",
            json!({ "path": tmp.join("backup.sqlite3") }),
            PathUse::Write,
            tmp.join("backup.sqlite3"),
        ),
        (
            "export_to_file",
            json!({ "options": export, "path": tmp.join("ranking.csv") }),
            PathUse::Write,
            tmp.join("ranking.csv"),
        ),
        // The codebook imported first, so the .qdc export has a code to write.
        (
            "import_refi",
            json!({ "path": codebook, "dry_run": false }),
            PathUse::Read,
            codebook.clone(),
        ),
        (
            "export_qdc",
            json!({ "path": tmp.join("exported.qdc") }),
            PathUse::Write,
            tmp.join("exported.qdc"),
        ),
        (
            "export_qdpx",
            json!({ "path": tmp.join("project.qdpx") }),
            PathUse::Write,
            tmp.join("project.qdpx"),
        ),
    ]
}

/// The commands whose arguments include a path, read from the UI's generated wrappers (each
/// takes a `UserPath`); no command takes a path as a plain string.
fn commands_taking_paths() -> Vec<String> {
    let ts = groundwork::api::typescript();
    let mut out = Vec::new();
    for line in ts.lines().filter(|l| l.contains("=> call('")) {
        let name = line
            .split("call('")
            .nth(1)
            .unwrap()
            .split('\'')
            .next()
            .unwrap();
        let params = line.split("): Promise").next().unwrap();
        for word in [
            "path: string",
            "file: string",
            "dir: string",
            "folder: string",
        ] {
            assert!(
                !params.contains(word),
                "{name} takes a path as a string: {line}"
            );
        }
        if params.contains(": UserPath") {
            out.push(name.to_string());
        }
    }
    out.sort();
    out
}

#[test]
fn a_confined_session_uses_only_paths_granted_for_that_use() {
    let tmp = temp_workspace();
    let s = confined(&tmp.path().join("ws"));
    let cases = path_commands(tmp.path());
    let mut names: Vec<String> = cases.iter().map(|c| c.0.to_string()).collect();
    names.sort();
    assert_eq!(
        names,
        commands_taking_paths(),
        "every path-taking command is tested here"
    );

    for (name, args, what, path) in &cases {
        let existed = path.exists();
        let refused = |why: &str| {
            let e = call(&s, name, args.clone()).expect_err(&format!("{name}: {why}"));
            assert_eq!(e.code, ErrorCode::InvalidInput, "{name}");
            assert_eq!(e.field.as_deref(), Some("path"), "{name}: {}", e.message);
            assert!(
                e.message.contains(&path.display().to_string())
                    && e.message.contains("was not chosen in this session"),
                "{name}: {}",
                e.message
            );
            assert_eq!(
                path.exists(),
                existed,
                "{name} touched the file it was refused"
            );
        };
        refused("never granted");
        // A grant is for one use: a file chosen to read is not one to overwrite, and back.
        let other = if *what == PathUse::Read {
            PathUse::Write
        } else {
            PathUse::Read
        };
        s.grant_path(other, path);
        s.grant_path(PathUse::Workspace, path);
        refused("granted for another use");
        s.grant_path(*what, path);
        call(&s, name, args.clone()).unwrap_or_else(|e| panic!("{name} once granted: {e}"));
        assert!(path.exists(), "{name}");
    }
    // What the commands did happened: the granted import stored its tickets.
    assert_eq!(hits(&s, "quokka"), 3);
}

#[test]
fn an_open_session_takes_any_path_and_a_host_checks_its_own_paths_alike() {
    let tmp = temp_workspace();
    let open = Session::open(
        &tmp.path().join("ws"),
        SessionOptions {
            indexing: Indexing::Immediate,
            today: None,
        },
    );
    for (name, args, _, path) in path_commands(tmp.path()) {
        call(&open, name, args).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(path.exists(), "{name}");
    }
    let folder = tmp.path().join("other");
    let folder_text = folder.display().to_string();
    assert_eq!(open.path(&folder_text, PathUse::Workspace).unwrap(), folder);

    let s = confined(&tmp.path().join("ws2"));
    let e = s.path(&folder_text, PathUse::Workspace).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert_eq!(e.field.as_deref(), Some("path"));
    assert_eq!(
        e.message,
        format!(
            "{folder_text} was not chosen in this session: the app may open only folders you chose in this session; choose it with the dialog"
        )
    );
    s.grant_path(PathUse::Read, &folder);
    assert!(s.path(&folder_text, PathUse::Workspace).is_err());
    s.grant_path(PathUse::Workspace, &folder);
    assert_eq!(s.path(&folder_text, PathUse::Workspace).unwrap(), folder);
    // A relative path to write is still refused for what it is, before the policy.
    let e = call(&s, "backup_workspace", json!({ "path": "b.sqlite3" })).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("file"));
}
