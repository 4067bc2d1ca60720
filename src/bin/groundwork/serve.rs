//! `groundwork serve`: the core's command table over JSON lines on stdin/stdout — the same calls
//! the desktop app makes. The UI's unit tests and its browser dev mode run against it, so the UI
//! is tested against answers the core produced.
//!
//! Request:  `{"id": 1, "command": "rank", "args": {"request": {…}}}`
//! Response: `{"id": 1, "ok": …}` or `{"id": 1, "error": {"code": …, "message": …, "field": …}}`
//! Progress: `{"event": "import-progress", "payload": {…}}` while an import runs, and
//! `{"event": "index-progress", "payload": {…}}` while opening a folder rebuilds its index.

use groundwork::api::session::{Indexing, Session, SessionOptions};
use groundwork::research::demo;
use groundwork::{ApiError, Error, Result, Workspace};
use serde::Deserialize;
use serde_json::{json, Value};
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::sync::mpsc;

/// Options of `groundwork serve`.
#[derive(clap::Args)]
pub struct ServeArgs {
    /// Answer as if today were this day (2026-03-14; any day `groundwork impact --shipped-on`
    /// takes): recency, "since:30d" and default paths.
    #[arg(long, value_name = "DAY")]
    today: Option<String>,
    /// Where save dialogs start (default: the open workspace folder's parent).
    #[arg(long, value_name = "DIR")]
    documents: Option<PathBuf>,
    /// The folder `open_demo_workspace` seeds and opens (default: the platform's demo folder).
    #[arg(long, value_name = "DIR")]
    demo_dir: Option<PathBuf>,
}

#[derive(Deserialize)]
struct Request {
    id: Value,
    command: String,
    #[serde(default)]
    args: Value,
}

fn send(line: &Value) {
    let mut out = std::io::stdout().lock();
    // A closed stdout means the client is gone; the read loop ends at end of input.
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

fn reply(id: Value, r: std::result::Result<Value, ApiError>) {
    send(&match r {
        Ok(v) => json!({ "id": id, "ok": v }),
        Err(e) => json!({ "id": id, "error": e }),
    });
}

/// Serves until stdin closes.
pub fn serve(dir: PathBuf, args: ServeArgs) -> Result<()> {
    let today = match &args.today {
        Some(t) => {
            Some(groundwork::import::dates::parse_day(t).map_err(|r| Error::invalid("today", r))?)
        }
        None => None,
    };
    let demo_dir = args
        .demo_dir
        .clone()
        .unwrap_or_else(Workspace::default_demo_dir);
    // Writes are indexed before they answer, so a script (or a UI test) reads what it wrote.
    let options = SessionOptions {
        indexing: Indexing::Immediate,
        today,
    };
    // A folder that cannot be a workspace (too new, not writable) fails here, with its exit code.
    let session = Session::try_open(&dir, options)?;

    // Lines are read on their own thread so `cancel_import` reaches a running import.
    let (tx, rx) = mpsc::channel::<Request>();
    let for_cancel = session.clone();
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<Request>(&line) {
                Ok(r) if r.command == "cancel_import" => {
                    for_cancel.cancel_import();
                    reply(r.id, Ok(Value::Null));
                }
                Ok(r) => {
                    if tx.send(r).is_err() {
                        break;
                    }
                }
                Err(e) => reply(
                    Value::Null,
                    Err(Error::invalid("request", format!("not a request: {e}")).into()),
                ),
            }
        }
    });

    let to_json = |s: groundwork::store::workspace::WorkspaceStatus| {
        serde_json::to_value(s).map_err(|e| ApiError::internal(e.to_string()))
    };
    let mut index_progress = |p| send(&json!({ "event": "index-progress", "payload": p }));
    for req in rx {
        let result = match req.command.as_str() {
            "open_workspace" => match req.args.get("path").and_then(Value::as_str) {
                Some(p) => session
                    .switch_reporting(&PathBuf::from(p), |_| Ok(()), &mut index_progress)
                    .and_then(to_json),
                None => Err(Error::invalid("path", "open_workspace needs a path").into()),
            },
            "open_demo_workspace" => session
                .switch_reporting(
                    &demo_dir,
                    |ws| demo::seed(ws).map(drop),
                    &mut index_progress,
                )
                .and_then(to_json),
            "open_export" | "reveal_export" | "open_source" => Err(Error::invalid(
                "command",
                "opening files and links with the desktop needs the app",
            )
            .into()),
            // Dialogs are the app's: a script names its own files (serve does not confine paths).
            "choose_path" => Err(Error::invalid("command", "native dialogs need the app").into()),
            name => {
                // Save dialogs start beside the open workspace unless told otherwise.
                let documents = match &args.documents {
                    Some(d) => d.clone(),
                    None => session
                        .read(|ws| Ok(ws.dir().parent().map(PathBuf::from).unwrap_or_default()))
                        .unwrap_or_default(),
                };
                let mut progress = |p| send(&json!({ "event": "import-progress", "payload": p }));
                session.call(name, req.args, &mut progress, documents, &mut |_| {})
            }
        };
        reply(req.id, result);
    }
    Ok(())
}
