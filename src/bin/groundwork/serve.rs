//! `groundwork serve`: the core's command table over JSON lines on stdin/stdout — the same calls
//! the desktop app makes. The UI's unit tests and its browser dev mode run against it, so the UI
//! is tested against answers the core produced.
//!
//! Request:  `{"id": 1, "command": "rank", "args": {"request": {…}}}`
//! Response: `{"id": 1, "ok": …}` or `{"id": 1, "error": {"code": …, "message": …, "field": …}}`
//! Progress: `{"event": "import-progress", "payload": {…}}` while an import runs.

use groundwork::api::{self, Access, Context};
use groundwork::{demo, ApiError, Error, Result, Workspace};
use serde::Deserialize;
use serde_json::{json, Value};
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};

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
    let open = |dir: &std::path::Path| -> Result<Workspace> {
        let mut ws = Workspace::open(dir)?;
        if let Some(d) = today {
            ws.pin_today(d);
        }
        Ok(ws)
    };
    let documents_of = |ws: &Workspace| {
        args.documents
            .clone()
            .unwrap_or_else(|| ws.dir().parent().map(PathBuf::from).unwrap_or_default())
    };
    let demo_dir = args
        .demo_dir
        .clone()
        .unwrap_or_else(Workspace::default_demo_dir);
    let mut ws = open(&dir)?;

    // Lines are read on their own thread so `cancel_import` reaches a running import.
    let cancel = Arc::new(AtomicBool::new(false));
    let (tx, rx) = mpsc::channel::<Request>();
    let cancel_reader = cancel.clone();
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<Request>(&line) {
                Ok(r) if r.command == "cancel_import" => {
                    cancel_reader.store(true, Ordering::SeqCst);
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

    for req in rx {
        let result = match req.command.as_str() {
            "open_workspace" | "open_demo_workspace" => {
                let target = if req.command == "open_workspace" {
                    req.args
                        .get("path")
                        .and_then(Value::as_str)
                        .map(PathBuf::from)
                        .ok_or_else(|| Error::invalid("path", "open_workspace needs a path"))
                } else {
                    Ok(demo_dir.clone())
                };
                let switched = target.and_then(|t| {
                    let next = open(&t)?;
                    if req.command == "open_demo_workspace" {
                        demo::seed(&next)?;
                        next.index_pending()?;
                    }
                    let status = next.status()?;
                    ws = next;
                    Ok(status)
                });
                switched.map_err(ApiError::from).and_then(|s| {
                    serde_json::to_value(s).map_err(|e| ApiError::internal(e.to_string()))
                })
            }
            "open_export" | "reveal_export" => Err(Error::invalid(
                "command",
                "opening files with the desktop needs the app",
            )
            .into()),
            name => {
                let mut progress = |p| send(&json!({ "event": "import-progress", "payload": p }));
                let mut cx = Context {
                    progress: &mut progress,
                    cancel: &cancel,
                    documents_dir: documents_of(&ws),
                    written: &mut |_| {},
                };
                let out = api::call(&ws, name, req.args, &mut cx);
                if api::access(name) == Some(Access::Write) {
                    // The app's indexer runs after writes; here, at once, so reads see them.
                    if let Err(e) = ws.index_pending() {
                        eprintln!("groundwork serve: indexing failed: {e}");
                    }
                }
                out
            }
        };
        reply(req.id, result);
    }
    Ok(())
}
