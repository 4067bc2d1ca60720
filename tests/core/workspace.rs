//! The workspace on real temporary folders: storage, migrations, outbox and index consistency.

use crate::common;

use common::{interview, snapshot, temp_workspace};
use groundwork::search::SearchRequest;
use groundwork::store::outbox;
use groundwork::store::workspace::{DB_FILE, INDEX_DIR};
use groundwork::{ErrorCode, Workspace};

fn search_total(ws: &Workspace, q: &str) -> u64 {
    ws.search(&SearchRequest {
        query: q.into(),
        limit: None,
        ..Default::default()
    })
    .unwrap()
    .total
}

#[test]
fn a_new_workspace_has_a_database_and_an_index() {
    let dir = temp_workspace();
    let ws = Workspace::open(dir.path()).unwrap();
    assert!(dir.path().join(DB_FILE).is_file());
    assert!(dir.path().join(INDEX_DIR).is_dir());
    let status = ws.status().unwrap();
    assert_eq!(status.documents.values().sum::<u64>(), 0);
    assert_eq!(status.indexed, 0);
    assert_eq!(status.schema_version, groundwork::store::db::SCHEMA_VERSION);
    let mode: String = ws
        .conn()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = ws
        .conn()
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
}

#[test]
fn the_outbox_left_by_a_crash_is_replayed_on_open() {
    let dir = temp_workspace();
    {
        let ws = Workspace::open(dir.path()).unwrap();
        ws.save_interview(&interview(
            "Build cache misses",
            "The remote cache never hits",
        ))
        .unwrap();
        // Dropped without indexing: what a crash right after the SQLite commit leaves behind.
        assert_eq!(ws.status().unwrap().pending, 1);
        assert_eq!(ws.status().unwrap().indexed, 0);
    }
    let ws = Workspace::open(dir.path()).unwrap();
    let status = ws.status().unwrap();
    assert_eq!(status.pending, 0);
    assert_eq!(status.indexed, 1);
    assert_eq!(search_total(&ws, "remote cache"), 1);
}

#[test]
fn a_lost_index_is_rebuilt_from_sqlite() {
    let dir = temp_workspace();
    {
        let ws = Workspace::open(dir.path()).unwrap();
        for i in 0..5 {
            ws.save_interview(&interview(&format!("Interview {i}"), "flaky tests"))
                .unwrap();
        }
        ws.index_pending().unwrap();
    }
    std::fs::remove_dir_all(dir.path().join(INDEX_DIR)).unwrap();
    let ws = Workspace::open(dir.path()).unwrap();
    assert_eq!(ws.status().unwrap().indexed, 5);
    assert_eq!(search_total(&ws, "flaky"), 5);
}

#[test]
fn edits_are_indexed_in_batches_not_one_commit_per_document() {
    let dir = temp_workspace();
    let ws = Workspace::open(dir.path()).unwrap();
    let before = ws.index_commits();
    for i in 0..300 {
        ws.save_interview(&interview(&format!("Interview {i}"), "deploy pipeline"))
            .unwrap();
    }
    assert_eq!(ws.index_pending().unwrap(), 300);
    assert_eq!(ws.index_commits() - before, 1, "300 changes, one commit");
    assert_eq!(search_total(&ws, "pipeline"), 300);
}

#[test]
fn reindex_rebuilds_exactly_the_live_documents() {
    let dir = temp_workspace();
    let ws = Workspace::open(dir.path()).unwrap();
    let a = ws
        .save_interview(&interview("Keep me", "observability"))
        .unwrap();
    let b = ws
        .save_interview(&interview("Delete me", "observability"))
        .unwrap();
    ws.delete_interview(b.id).unwrap();
    assert_eq!(ws.reindex().unwrap(), 1);
    let status = ws.status().unwrap();
    assert_eq!((status.indexed, status.pending), (1, 0));
    let hits = ws
        .search(&SearchRequest {
            query: "observability".into(),
            limit: None,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        hits.hits.iter().map(|h| h.id).collect::<Vec<_>>(),
        vec![a.id]
    );
}

#[test]
fn a_workspace_from_a_newer_schema_is_refused_and_left_untouched() {
    let dir = temp_workspace();
    {
        let ws = Workspace::open(dir.path()).unwrap();
        ws.save_interview(&interview("Precious", "months of notes"))
            .unwrap();
        ws.conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA user_version = 99;")
            .unwrap();
    }
    let before = snapshot(dir.path());
    let err = Workspace::open(dir.path()).err().expect("must refuse");
    assert_eq!(err.code(), ErrorCode::WorkspaceTooNew);
    let msg = err.to_string();
    assert!(msg.contains("newer version of Groundwork"), "{msg}");
    assert!(msg.contains("schema version 99"), "{msg}");
    assert_eq!(snapshot(dir.path()), before, "not a byte changed");
}

#[test]
fn a_file_that_is_not_a_database_gets_a_clear_message() {
    let dir = temp_workspace();
    std::fs::write(dir.path().join(DB_FILE), b"this is not sqlite, just some text....................................................................................").unwrap();
    let err = Workspace::open(dir.path()).err().expect("must refuse");
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(
        err.to_string().contains("not a Groundwork workspace"),
        "{err}"
    );
}

#[test]
fn a_file_in_place_of_the_folder_is_refused() {
    let dir = temp_workspace();
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, b"x").unwrap();
    let err = Workspace::open(&file).err().expect("must refuse");
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.to_string().contains("is a file"), "{err}");
}

#[test]
fn two_handles_on_one_workspace_stay_consistent() {
    let dir = temp_workspace();
    let app = Workspace::open(dir.path()).unwrap();
    let cli = Workspace::open(dir.path()).unwrap();
    cli.save_interview(&interview("From the CLI", "secrets rotation"))
        .unwrap();
    cli.index_pending().unwrap();
    // The other handle sees the row at once and, after its reader reloads, the index too.
    assert_eq!(app.interviews(&Default::default()).unwrap().len(), 1);
    app.index_pending().unwrap();
    let mut found = 0;
    for _ in 0..50 {
        found = search_total(&app, "rotation");
        if found == 1 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(found, 1);
}

#[test]
fn opening_while_another_process_holds_the_index_writer_still_works() {
    let dir = temp_workspace();
    {
        let ws = Workspace::open(dir.path()).unwrap();
        ws.save_interview(&interview("Queued", "waiting for the index"))
            .unwrap();
        // left in the outbox
    }
    // Another process (the app) is in the middle of an index commit.
    let index = tantivy::Index::open_in_dir(dir.path().join(INDEX_DIR)).unwrap();
    let writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
    let ws = Workspace::open(dir.path()).expect("a busy index must not stop the workspace opening");
    assert_eq!(
        ws.status().unwrap().pending,
        1,
        "the change waits, nothing is lost"
    );
    assert_eq!(ws.interviews(&Default::default()).unwrap().len(), 1);
    drop(writer);
    assert_eq!(ws.index_pending().unwrap(), 1);
    assert_eq!(search_total(&ws, "waiting"), 1);
}

#[test]
fn a_drain_acknowledges_exactly_the_changes_it_indexed() {
    let dir = temp_workspace();
    let a = Workspace::open(dir.path()).unwrap();
    let b = Workspace::open(dir.path()).unwrap();
    for i in 0..3 {
        a.save_interview(&interview(&format!("Quokka {i}"), "the quokka pipeline"))
            .unwrap();
    }
    // `a` reads its batch; meanwhile `b` drains the same changes and a new change is queued.
    let batch = outbox::next_batch(a.conn(), 100).unwrap();
    assert_eq!(batch.len(), 3);
    assert_eq!(b.index_pending().unwrap(), 3);
    let later = b
        .save_interview(&interview("Platypus", "queued during the drain"))
        .unwrap();
    assert_eq!(b.status().unwrap().pending, 1);
    // `a` acknowledges what it drained: the change queued meanwhile stays queued...
    let drained: Vec<i64> = batch.iter().map(|&(id, _)| id).collect();
    outbox::acknowledge(a.conn(), &drained).unwrap();
    let queued = outbox::next_batch(a.conn(), 100).unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].1, later.id);
    // ...and reaches the index on the next drain.
    assert_eq!(a.index_pending().unwrap(), 1);
    assert_eq!(search_total(&a, "platypus"), 1);
    assert!(a.check().unwrap().ok);
}

#[test]
fn an_acknowledged_outbox_id_is_never_reused() {
    let dir = temp_workspace();
    let ws = Workspace::open(dir.path()).unwrap();
    ws.save_interview(&interview("First", "one")).unwrap();
    let first = outbox::max_id(ws.conn()).unwrap().unwrap();
    // Deleting the last row leaves the table empty: a plain rowid would start again at 1.
    outbox::acknowledge(ws.conn(), &[first]).unwrap();
    assert_eq!(outbox::max_id(ws.conn()).unwrap(), None);
    ws.save_interview(&interview("Second", "two")).unwrap();
    let next = outbox::max_id(ws.conn()).unwrap().unwrap();
    assert!(next > first, "id {next} reused (was {first})");
}

#[test]
fn searches_and_lists_answer_while_another_process_holds_the_write_lock() {
    let dir = temp_workspace();
    let app = Workspace::open(dir.path()).unwrap();
    for i in 0..3 {
        app.save_interview(&interview(&format!("Quokka {i}"), "the quokka pipeline"))
            .unwrap();
    }
    app.index_pending().unwrap();
    app.save_interview(&interview("Quokka 3", "the quokka pipeline"))
        .unwrap();
    // The app's reader: opening replays the queued change.
    let reader = Workspace::open(dir.path()).unwrap();
    let writer = Workspace::open(dir.path()).unwrap();
    // A change committed but not yet indexed, as a killed indexer leaves it.
    app.save_interview(&interview("Quokka 4", "the quokka pipeline, queued"))
        .unwrap();
    // Another process is mid-way through a long write (a CLI import): it holds the write lock
    // with uncommitted rows.
    writer.conn().execute_batch("BEGIN IMMEDIATE").unwrap();
    writer
        .save_interview(&interview("Quokka uncommitted", "the quokka pipeline"))
        .unwrap();

    let (tx, rx) = std::sync::mpsc::channel();
    let path = dir.path().to_path_buf();
    std::thread::spawn(move || {
        let answer = (|| -> groundwork::Result<_> {
            // An open workspace (the app's reader) and a fresh one (a CLI search).
            let open = (
                search_total(&reader, "quokka"),
                reader.palette("quokka", 10)?.len(),
            );
            let fresh = Workspace::open(&path)?;
            let listed = fresh.interviews(&Default::default())?.len();
            let found = search_total(&fresh, "quokka");
            let palette = fresh.palette("quokka", 10)?.len();
            Ok((open, listed, found, palette))
        })();
        let _ = tx.send(answer);
    });
    // Generous: this detects a wait on the 10 s busy timeout, not speed.
    let answer = rx
        .recv_timeout(std::time::Duration::from_secs(5))
        .expect("the reads answered while the write lock was held")
        .unwrap();
    writer.conn().execute_batch("ROLLBACK").unwrap();
    let ((open_found, open_palette), listed, found, palette) = answer;
    // What is committed and indexed; never the uncommitted row.
    assert_eq!(
        open_found, 4,
        "the open reader sees the index as last committed"
    );
    assert_eq!(open_palette, 5);
    assert_eq!(listed, 5);
    // Opening applied the queued change to the index; its acknowledgement waits for the lock.
    assert_eq!(found, 5);
    assert_eq!(palette, 5);
    assert_eq!(app.status().unwrap().pending, 1);
    app.index_pending().unwrap();
    assert_eq!(app.status().unwrap().pending, 0);
    assert!(app.check().unwrap().ok);
}
