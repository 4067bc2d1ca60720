//! A damaged search index heals itself: opening a workspace whose index is missing, truncated,
//! lost a file, holds garbage or comes from another schema rebuilds it from SQLite and says so,
//! through `Workspace::open` and through the CLI's `status`, `backup`, `check` and `reindex`. A
//! search that finds the index damaged rebuilds it and answers. An index folder that cannot be
//! used at all still lets `status`, `backup`, `restore` and `check` work from SQLite, and
//! `reindex` recreates it. `check` compares what is indexed with what SQLite holds.

use crate::common;

use common::{gw, interview, temp_workspace};
use groundwork::search::SearchRequest;
use groundwork::store::workspace::INDEX_DIR;
use groundwork::Workspace;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Interviews in every seeded workspace, each mentioning [`WORD`].
const N: u64 = 6;
const WORD: &str = "quokka";

fn seeded() -> tempfile::TempDir {
    let dir = temp_workspace();
    let ws = Workspace::open(dir.path()).unwrap();
    for i in 0..N {
        ws.save_interview(&interview(
            &format!("Interview {i}"),
            &format!("The {WORD} pipeline stalls on runner {i} every afternoon."),
        ))
        .unwrap();
    }
    ws.index_pending().unwrap();
    assert_eq!(ws.status().unwrap().indexed, N);
    dir
}

fn hits(ws: &Workspace, q: &str) -> u64 {
    ws.search(&SearchRequest {
        query: q.into(),
        limit: None,
        ..Default::default()
    })
    .unwrap()
    .total
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            stderr(out)
        )
    })
}

#[derive(Clone, Copy, Debug)]
enum Damage {
    MissingFolder,
    TruncatedMeta,
    EmptyMeta,
    DeletedSegmentFile,
    /// Garbage over the middle of a postings file: its footer is intact, so only its checksum
    /// tells (no open or search error would).
    GarbageInSegment,
    ForeignSchema,
}

const DAMAGES: [Damage; 6] = [
    Damage::MissingFolder,
    Damage::TruncatedMeta,
    Damage::EmptyMeta,
    Damage::DeletedSegmentFile,
    Damage::GarbageInSegment,
    Damage::ForeignSchema,
];

impl Damage {
    /// What the rebuild's reason says.
    fn reason(self) -> &'static str {
        match self {
            Damage::MissingFolder => "missing",
            Damage::TruncatedMeta | Damage::EmptyMeta | Damage::DeletedSegmentFile => {
                "could not be read"
            }
            Damage::GarbageInSegment => "checksum",
            Damage::ForeignSchema => "another version",
        }
    }

    fn apply(self, ws: &Path) {
        let idx = ws.join(INDEX_DIR);
        match self {
            Damage::MissingFolder => std::fs::remove_dir_all(&idx).unwrap(),
            Damage::TruncatedMeta => {
                let meta = idx.join("meta.json");
                let bytes = std::fs::read(&meta).unwrap();
                std::fs::write(&meta, &bytes[..bytes.len() / 2]).unwrap();
            }
            Damage::EmptyMeta => std::fs::write(idx.join("meta.json"), b"").unwrap(),
            Damage::DeletedSegmentFile => std::fs::remove_file(segment_file(&idx, "term")).unwrap(),
            Damage::GarbageInSegment => {
                let f = segment_file(&idx, "idx");
                let mut bytes = std::fs::read(&f).unwrap();
                let n = bytes.len();
                for (k, b) in bytes[n / 4..n / 2].iter_mut().enumerate() {
                    *b = (k as u8).wrapping_mul(37).wrapping_add(11);
                }
                std::fs::write(&f, &bytes).unwrap();
            }
            Damage::ForeignSchema => {
                // An index an older Groundwork wrote: same folder, another schema.
                std::fs::remove_dir_all(&idx).unwrap();
                std::fs::create_dir_all(&idx).unwrap();
                let mut b = tantivy::schema::Schema::builder();
                b.add_text_field("title", tantivy::schema::TEXT);
                tantivy::Index::create_in_dir(&idx, b.build()).unwrap();
            }
        }
    }
}

/// The first (by name) file of the index with this extension.
fn segment_file(idx: &Path, ext: &str) -> PathBuf {
    let mut files: Vec<PathBuf> = std::fs::read_dir(idx)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    files
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no .{ext} file in {}", idx.display()))
}

#[test]
fn each_kind_of_damage_is_rebuilt_from_sqlite_when_the_workspace_opens() {
    for damage in DAMAGES {
        let dir = seeded();
        damage.apply(dir.path());
        let ws = Workspace::open(dir.path()).unwrap_or_else(|e| panic!("{damage:?}: {e}"));
        let why = ws
            .index_rebuilt()
            .unwrap_or_else(|| panic!("{damage:?}: not reported as rebuilt"));
        assert!(why.contains(damage.reason()), "{damage:?}: {why}");
        let status = ws.status().unwrap();
        assert_eq!(status.index_rebuilt.as_deref(), Some(why.as_str()));
        assert_eq!(status.indexed, N, "{damage:?}");
        assert_eq!(hits(&ws, WORD), N, "{damage:?}");
        let check = ws.check().unwrap();
        assert!(check.ok, "{damage:?}: {check:?}");
        // The rebuilt index takes writes again.
        ws.save_interview(&interview("Later", "a platypus in the build farm"))
            .unwrap();
        ws.index_pending().unwrap();
        assert_eq!(hits(&ws, "platypus"), 1, "{damage:?}");
        drop(ws);
        // And the next open finds nothing to rebuild.
        let again = Workspace::open(dir.path()).unwrap();
        assert_eq!(again.index_rebuilt(), None, "{damage:?}");
        assert_eq!(hits(&again, WORD), N);
    }
}

#[test]
fn each_kind_of_damage_is_rebuilt_by_status_backup_check_and_reindex_on_the_cli() {
    for damage in DAMAGES {
        let dir = seeded();
        let ws = dir.path();
        for (i, args) in [
            vec!["--json", "status"],
            vec!["--json", "backup", "BACKUP"],
            vec!["--json", "check"],
            vec!["--json", "reindex"],
        ]
        .into_iter()
        .enumerate()
        {
            damage.apply(ws);
            let backup = ws.join(format!("backup-{i}.sqlite3"));
            let args: Vec<&str> = args
                .iter()
                .map(|a| {
                    if *a == "BACKUP" {
                        backup.to_str().unwrap()
                    } else {
                        a
                    }
                })
                .collect();
            let out = gw(ws, &args);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{damage:?} {args:?}: {}",
                stderr(&out)
            );
            let err = stderr(&out);
            assert!(
                err.contains("rebuilt the search index from the database")
                    && err.contains(damage.reason()),
                "{damage:?} {args:?}: {err}"
            );
            let v = json(&out);
            match args[1] {
                "status" => {
                    assert_eq!(v["indexed"], N);
                    assert!(
                        v["index_rebuilt"]
                            .as_str()
                            .is_some_and(|s| s.contains(damage.reason())),
                        "{v}"
                    );
                }
                "check" => {
                    assert_eq!(v["ok"], true, "{v}");
                    assert!(v["index_rebuilt"].is_string(), "{v}");
                }
                "backup" => {
                    assert_eq!(v["documents"], N);
                    assert!(backup.is_file());
                }
                _ => assert_eq!(v["indexed"], N),
            }
            let found = gw(ws, &["--json", "search", WORD]);
            assert_eq!(found.status.code(), Some(0), "{}", stderr(&found));
            assert_eq!(json(&found)["total"], N, "{damage:?} after {args:?}");
            assert!(
                !stderr(&found).contains("rebuilt"),
                "healed once: {}",
                stderr(&found)
            );
        }
    }
}

#[test]
fn the_app_says_why_it_rebuilt_the_index_when_it_opened_the_workspace() {
    use groundwork::api::session::{Indexing, Session, SessionOptions};
    let dir = seeded();
    Damage::TruncatedMeta.apply(dir.path());
    let session = Session::try_open(
        dir.path(),
        SessionOptions {
            indexing: Indexing::Immediate,
            today: None,
        },
    )
    .unwrap();
    let status = session
        .call(
            "workspace_status",
            serde_json::json!({}),
            &mut |_| {},
            std::env::temp_dir(),
            &mut |_| {},
        )
        .unwrap();
    assert!(
        status["index_rebuilt"]
            .as_str()
            .is_some_and(|s| s.contains(Damage::TruncatedMeta.reason())),
        "{status}"
    );
    assert_eq!(status["indexed"], N);
}

#[test]
fn lock_files_left_by_a_dead_process_block_nothing() {
    // tantivy's locks are advisory locks (flock) on these files, released by the kernel when
    // their process dies: the files a killed writer leaves behind are harmless. A real process
    // takes both locks and is SIGKILLed holding them (util-linux `flock`, as tantivy locks).
    let Some(flock) = ["/usr/bin/flock", "/bin/flock"]
        .into_iter()
        .find(|p| Path::new(p).exists())
    else {
        println!("SKIPPED: util-linux flock is absent");
        return;
    };
    let dir = seeded();
    let idx = dir.path().join(INDEX_DIR);
    let die_holding_locks = || {
        let writer_lock = idx.join(".tantivy-writer.lock");
        let meta_lock = idx.join(".tantivy-meta.lock");
        let mut holder = Command::new(flock);
        std::os::unix::process::CommandExt::process_group(&mut holder, 0);
        let mut holder = holder
            .arg("-x")
            .arg(&writer_lock)
            .arg(flock)
            .arg("-x")
            .arg(&meta_lock)
            .args(["sh", "-c", "echo held; exec sleep 600"])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("run flock");
        let mut line = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(holder.stdout.as_mut().unwrap()),
            &mut line,
        )
        .unwrap();
        assert_eq!(line.trim(), "held");
        holder
    };
    let held = |lock: &Path| {
        // A non-blocking attempt by a third process fails while the lock is held.
        !Command::new(flock)
            .args(["-n", "-x"])
            .arg(lock)
            .arg("true")
            .status()
            .unwrap()
            .success()
    };
    let locks = [
        idx.join(".tantivy-writer.lock"),
        idx.join(".tantivy-meta.lock"),
    ];
    // SIGKILL the holder's whole process group (both flocks and the shell they run), and wait
    // for the kernel to reap them all (the shell inherited the locks' descriptors).
    let kill = |holder: &mut std::process::Child| {
        let status = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", holder.id())])
            .status()
            .expect("run kill");
        assert!(status.success());
        holder.wait().unwrap();
        for _ in 0..200 {
            if !locks.iter().any(|l| held(l)) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(25));
        }
        panic!("the locks outlived their processes");
    };

    let mut holder = die_holding_locks();
    assert!(locks.iter().all(|l| held(l)), "the locks are real");
    kill(&mut holder);
    assert!(
        locks.iter().all(|l| l.exists()),
        "the dead process left its lock files"
    );

    let ws = Workspace::open(dir.path()).unwrap();
    assert_eq!(ws.index_rebuilt(), None, "nothing was damaged");
    assert_eq!(hits(&ws, WORD), N);
    ws.save_interview(&interview("Later", "a platypus in the build farm"))
        .unwrap();
    assert_eq!(ws.index_pending().unwrap(), 1, "the index writer is free");
    assert_eq!(hits(&ws, "platypus"), 1);
    drop(ws);

    let mut holder = die_holding_locks();
    kill(&mut holder);
    for args in [
        vec!["status"],
        vec!["check"],
        vec!["reindex"],
        vec!["interview", "add", "--title", "Echidna sighting"],
    ] {
        let out = gw(dir.path(), &args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    }
    let found = json(&gw(dir.path(), &["--json", "search", "echidna OR quokka"]));
    assert_eq!(found["total"], N + 1);
}

#[test]
fn a_search_that_finds_the_index_damaged_rebuilds_it_and_answers() {
    let dir = seeded();
    let ws = Workspace::open(dir.path()).unwrap();
    assert_eq!(ws.index_rebuilt(), None);
    // Damage strikes while the workspace is open: the term dictionary is overwritten in place
    // (the open reader maps the same pages, so it reads the garbage).
    let f = segment_file(&dir.path().join(INDEX_DIR), "term");
    let n = std::fs::metadata(&f).unwrap().len() as usize;
    let garbage: Vec<u8> = (0..n).map(|k| (k as u8).wrapping_mul(37) ^ 0x5a).collect();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&f)
        .and_then(|mut file| std::io::Write::write_all(&mut file, &garbage))
        .unwrap();
    assert_eq!(hits(&ws, WORD), N);
    let why = ws.index_rebuilt().expect("the search reports the rebuild");
    assert!(why.contains("could not be read"), "{why}");
    assert!(ws.check().unwrap().ok);
}

#[test]
fn an_index_folder_that_cannot_be_used_leaves_status_backup_restore_and_check_working() {
    let dir = seeded();
    let ws_dir = dir.path();
    let backup = ws_dir.join("before.sqlite3");
    assert_eq!(
        gw(ws_dir, &["backup", backup.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    // Not even a folder: nothing can be created there until it is removed.
    let idx = ws_dir.join(INDEX_DIR);
    std::fs::remove_dir_all(&idx).unwrap();
    std::fs::write(&idx, b"not an index").unwrap();

    assert!(
        Workspace::open(ws_dir).is_err(),
        "searching needs the index"
    );
    let ws = Workspace::open_database(ws_dir).unwrap();
    let status = ws.status().unwrap();
    assert_eq!(status.documents.get("interview"), Some(&N));
    assert!(status.index_damaged.is_some());
    let check = ws.check().unwrap();
    assert!(!check.ok);
    assert!(check.index_damaged.is_some(), "{check:?}");
    assert_eq!(check.documents, N);
    assert_eq!(status.pending, 0);
    drop(ws);

    let out = gw(ws_dir, &["--json", "status"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["documents"]["interview"], N);
    assert!(v["index_damaged"].is_string(), "{v}");
    assert!(
        stderr(&out).contains("groundwork reindex"),
        "{}",
        stderr(&out)
    );

    let copy = ws_dir.join("while-damaged.sqlite3");
    let out = gw(ws_dir, &["--json", "backup", copy.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json(&out)["documents"], N);

    let out = gw(ws_dir, &["--json", "check"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the check fails: the index is damaged"
    );
    assert!(json(&out)["index_damaged"].is_string());
    let out = gw(ws_dir, &["check"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("DAMAGED"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    let out = gw(ws_dir, &["--json", "reindex"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json(&out)["indexed"], N);
    assert!(idx.is_dir());
    assert_eq!(json(&gw(ws_dir, &["--json", "search", WORD]))["total"], N);

    // Restore too works on a workspace whose index cannot be used.
    std::fs::remove_dir_all(&idx).unwrap();
    std::fs::write(&idx, b"not an index").unwrap();
    let out = gw(ws_dir, &["--json", "restore", backup.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json(&gw(ws_dir, &["--json", "search", WORD]))["total"], N);
    assert_eq!(gw(ws_dir, &["check"]).status.code(), Some(0));
}

#[test]
fn check_finds_content_changed_behind_the_index_and_reindex_fixes_it() {
    let dir = seeded();
    let ws = Workspace::open(dir.path()).unwrap();
    let id: i64 = ws
        .conn()
        .query_row("SELECT MIN(id) FROM documents", [], |r| r.get(0))
        .unwrap();
    // Changed directly in SQLite, without the outbox: ids still agree, content does not.
    ws.conn()
        .execute(
            "UPDATE documents SET body = 'a platypus ate the build cache' WHERE id = ?1",
            [id],
        )
        .unwrap();
    let check = ws.check().unwrap();
    assert!(!check.ok);
    assert_eq!(check.content_differs, vec![id]);
    assert!(check.missing_from_index.is_empty() && check.stale_in_index.is_empty());
    assert_eq!(hits(&ws, "platypus"), 0);
    drop(ws);

    let out = gw(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&format!("content differs [{id}]")), "{text}");
    assert_eq!(gw(dir.path(), &["reindex"]).status.code(), Some(0));
    let v = json(&gw(dir.path(), &["--json", "check"]));
    assert_eq!(v["ok"], true, "{v}");
    assert_eq!(v["content_differs"], serde_json::json!([]));
    let ws = Workspace::open(dir.path()).unwrap();
    assert_eq!(hits(&ws, "platypus"), 1);
    assert_eq!(hits(&ws, WORD), N - 1);
}

#[test]
fn the_app_opens_in_the_background_and_shows_the_rebuild_as_it_goes() {
    use groundwork::api::session::{Indexing, Session, SessionOptions};
    use groundwork::search::index::REBUILD_PROGRESS_EVERY;
    use groundwork::store::workspace::IndexProgress;
    use std::sync::{Arc, Mutex};
    // Enough documents for the rebuild to report between its start and its end.
    let tickets = 2 * REBUILD_PROGRESS_EVERY + 17;
    let dir = temp_workspace();
    {
        let ws = Workspace::open(dir.path()).unwrap();
        let mut csv = String::from("Issue key,Summary,Description\n");
        for i in 0..tickets {
            csv.push_str(&format!(
                "OPS-{i},Runner {i} stalls,The {WORD} cache misses on runner {i}\n"
            ));
        }
        let file = common::write(dir.path(), "tickets.csv", csv);
        common::import(&ws, &file);
        assert_eq!(ws.status().unwrap().indexed, tickets);
    }
    Damage::MissingFolder.apply(dir.path());

    let heard: Arc<Mutex<Vec<IndexProgress>>> = Arc::default();
    let sink = heard.clone();
    let options = SessionOptions {
        indexing: Indexing::Background(std::time::Duration::from_millis(10)),
        today: None,
    };
    let session =
        Session::open_in_background(dir.path(), options, move |p| sink.lock().unwrap().push(p));
    // A command sent while the workspace opens waits for it, and sees the healed index.
    let status = session
        .call(
            "workspace_status",
            serde_json::json!({}),
            &mut |_| {},
            std::env::temp_dir(),
            &mut |_| {},
        )
        .unwrap();
    assert_eq!(status["indexed"], tickets, "{status}");
    assert!(
        status["index_rebuilt"]
            .as_str()
            .is_some_and(|s| s.contains("missing")),
        "{status}"
    );

    let heard = heard.lock().unwrap().clone();
    let steps: Vec<(u64, u64)> = heard.iter().map(|p| (p.done, p.total)).collect();
    let mut expected = vec![(0, tickets)];
    expected.extend((1..=2).map(|k| (k * REBUILD_PROGRESS_EVERY, tickets)));
    expected.push((tickets, tickets));
    assert_eq!(steps, expected);
    assert!(
        heard.iter().all(|p| p.reason.contains("missing")),
        "{heard:?}"
    );
    assert_eq!(hits_in(&session, WORD), tickets);
}

#[test]
fn a_folder_that_cannot_open_in_the_background_answers_every_command_with_why() {
    use groundwork::api::session::{Indexing, Session, SessionOptions};
    let dir = temp_workspace();
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, b"x").unwrap();
    let options = SessionOptions {
        indexing: Indexing::Immediate,
        today: None,
    };
    let session = Session::open_in_background(&file, options, |_| {});
    for _ in 0..2 {
        let e = session
            .call(
                "workspace_status",
                serde_json::json!({}),
                &mut |_| {},
                std::env::temp_dir(),
                &mut |_| {},
            )
            .unwrap_err();
        assert!(!e.message.contains("still opening"), "{e:?}");
        assert!(e.message.contains("not-a-folder"), "{e:?}");
    }
}

fn hits_in(session: &groundwork::api::session::Session, q: &str) -> u64 {
    let found = session
        .call(
            "search",
            serde_json::json!({ "request": { "query": q, "limit": 1 } }),
            &mut |_| {},
            std::env::temp_dir(),
            &mut |_| {},
        )
        .unwrap();
    found["total"].as_u64().unwrap()
}
