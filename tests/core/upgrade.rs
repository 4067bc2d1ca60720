//! Upgrades, backups and restores: a workspace from every earlier schema version opens, is
//! backed up before it is migrated and keeps every row; a workspace from a newer version is
//! refused untouched; `backup` and `restore` round-trip through SQLite's online backup API.
// Connection::open: builds databases as older releases wrote them, below db::open on purpose.
#![allow(clippy::disallowed_methods)]

use crate::common;

use common::temp_workspace;
use groundwork::search::SearchRequest;
use groundwork::store::db::SCHEMA_VERSION;
use groundwork::{Error, Workspace};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The released migration files, in order.
fn migrations() -> Vec<String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("src/store/db/migrations"))
        .expect("migrations folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("migration"))
        .collect()
}

/// A workspace database as a release at schema `version` left it: its migrations, then the
/// fixture data of every version up to it.
fn old_workspace(dir: &Path, version: i64) {
    let conn = Connection::open(dir.join("groundwork.sqlite3")).expect("create");
    conn.pragma_update(None, "journal_mode", "WAL")
        .expect("wal");
    let migrations = migrations();
    for v in 1..=version {
        conn.execute_batch(&migrations[v as usize - 1])
            .unwrap_or_else(|e| panic!("migration {v}: {e}"));
    }
    // Every earlier version has its data file; the current one adds none of its own here.
    for v in 1..=version.min(SCHEMA_VERSION - 1) {
        let data =
            std::fs::read_to_string(root().join(format!("tests/fixtures/upgrade/data_v{v}.sql")))
                .expect("fixture data");
        conn.execute_batch(&data)
            .unwrap_or_else(|e| panic!("fixture data_v{v}.sql at schema {version}: {e}"));
    }
    conn.pragma_update(None, "user_version", version)
        .expect("version");
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).expect(sql)
}

fn hits(ws: &Workspace, query: &str) -> Vec<i64> {
    let res = ws
        .search(&SearchRequest {
            query: query.into(),
            limit: Some(50),
            ..Default::default()
        })
        .expect("search");
    let mut ids: Vec<i64> = res.hits.iter().map(|h| h.id).collect();
    ids.sort_unstable();
    ids
}

#[test]
fn the_migration_files_are_the_ones_this_build_applies() {
    assert_eq!(migrations().len() as i64, SCHEMA_VERSION);
}

#[test]
fn every_earlier_schema_version_opens_migrates_and_keeps_its_data() {
    for version in 1..SCHEMA_VERSION {
        let tmp = temp_workspace();
        old_workspace(tmp.path(), version);
        let ws = Workspace::open(tmp.path())
            .unwrap_or_else(|e| panic!("opening a schema {version} workspace: {e}"));
        let conn = ws.conn();
        assert_eq!(
            count(conn, "PRAGMA user_version"),
            SCHEMA_VERSION,
            "schema {version} migrated"
        );

        // A backup at the old version was taken before migrating, and it is a sound copy.
        let backups: Vec<PathBuf> = std::fs::read_dir(ws.backups_dir())
            .expect("backups folder")
            .map(|e| e.expect("entry").path())
            .collect();
        assert_eq!(
            backups.len(),
            1,
            "one backup before migrating from {version}"
        );
        let name = backups[0]
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(
            name.starts_with(&format!("before-schema-{SCHEMA_VERSION}-from-{version}-")),
            "{name}"
        );
        let info = groundwork::store::db::inspect_backup(&backups[0]).expect("backup is sound");
        assert_eq!(info.schema_version, version);

        // Every row survived, and every live document is searchable (the index was built).
        assert_eq!(count(conn, "SELECT COUNT(*) FROM teams"), 2);
        assert_eq!(
            count(
                conn,
                "SELECT COUNT(*) FROM documents WHERE deleted_at IS NOT NULL"
            ),
            1
        );
        let interview = ws.interview(1).expect("interview 1");
        assert_eq!(interview.participant, "Priya Raman");
        assert!(interview.tags.contains(&"release".to_string()));
        assert_eq!(hits(&ws, "flaky"), vec![1], "schema {version}");
        assert_eq!(
            hits(&ws, "runbook"),
            vec![2],
            "the queued change, schema {version}"
        );
        assert!(hits(&ws, "deleted").is_empty(), "soft-deleted stays out");
        if version >= 2 {
            assert_eq!(hits(&ws, "cache"), vec![10]);
            assert_eq!(
                ws.import_batches().expect("batches").len(),
                if version >= 4 { 2 } else { 1 }
            );
        }
        if version >= 3 {
            assert_eq!(hits(&ws, "preview environments"), vec![20]);
        }
        if version >= 4 {
            assert_eq!(hits(&ws, "\"merge queue\""), vec![30]);
            assert_eq!(ws.surveys().expect("surveys").len(), 1);
        }
        if version >= 5 {
            let themes = ws.themes().expect("themes");
            assert_eq!(themes.len(), 1);
            assert_eq!(themes[0].name, "Slow CI");
        }
        if version >= 6 {
            let items = ws.items().expect("items");
            assert_eq!(items.len(), 1);
            assert_eq!(items[0].title, "Quarantine flaky tests automatically");
            assert_eq!(items[0].links, 2);
            assert_eq!(items[0].history.len(), 2);
        }
        if version >= 7 {
            assert_eq!(count(conn, "SELECT COUNT(*) FROM deployments"), 2);
            assert_eq!(count(conn, "SELECT COUNT(*) FROM incidents"), 1);
            assert_eq!(count(conn, "SELECT COUNT(*) FROM item_impact"), 1);
        }
        if version < 8 {
            // Schema 8: every document starts at version 1, outside the trash.
            assert_eq!(
                count(
                    conn,
                    "SELECT COUNT(*) FROM documents WHERE version <> 1 OR trash_id IS NOT NULL"
                ),
                0
            );
        } else {
            let trash = ws.trash().expect("trash");
            assert_eq!(trash.len(), 1, "{trash:?}");
            assert_eq!(count(conn, "SELECT version FROM documents WHERE id = 1"), 3);
            assert_eq!(
                count(conn, "SELECT trash_id FROM documents WHERE id = 3"),
                1
            );
        }
        if version < 9 {
            // Schema 9: interviews typed in the app have no transcript and no turns.
            assert_eq!(count(conn, "SELECT COUNT(*) FROM interview_turns"), 0);
            assert_eq!(
                count(
                    conn,
                    "SELECT COUNT(*) FROM interviews WHERE transcript_format IS NOT NULL"
                ),
                0
            );
        } else {
            let iv = ws.interview(40).expect("the transcript interview");
            assert_eq!(iv.transcript.as_deref(), Some("zoom_vtt"));
            assert_eq!(iv.turns.len(), 2);
            assert_eq!(
                iv.turns[0].role,
                groundwork::research::transcripts::SpeakerRole::Interviewer
            );
            assert_eq!(hits(&ws, "speaker:\"dana ruiz\" starve"), vec![40]);
            assert_eq!(hits(&ws, "role:interviewer slow"), vec![40]);
            assert!(
                !hits(&ws, "slow").contains(&40),
                "the interviewer's words are not evidence"
            );
        }
        if version < 10 {
            // Schema 10: no people yet.
            assert_eq!(count(conn, "SELECT COUNT(*) FROM people"), 0);
        } else {
            assert_eq!(
                count(conn, "SELECT COUNT(*) FROM people WHERE name = 'Dana Ruiz'"),
                1
            );
            assert_eq!(
                count(
                    conn,
                    "SELECT COUNT(*) FROM person_aliases WHERE person_id = 1"
                ),
                2
            );
        }
        if version < 11 {
            // Schema 11: no guides yet.
            assert_eq!(count(conn, "SELECT COUNT(*) FROM guides"), 0);
            assert_eq!(count(conn, "SELECT COUNT(*) FROM guide_interviews"), 0);
        } else {
            let guide = ws.guide("CI pains").expect("the guide");
            assert_eq!(guide.questions.len(), 2);
            assert_eq!(guide.questions[1].follow_ups, ["Why that?"]);
            assert_eq!(guide.interviews, [40]);
        }
        // Schema 13: the pinned quote (from schema 5) became a coded passage of a code named
        // after its theme, which the theme now stands on; schema 12's code tree and passage stay.
        let pins = usize::from(version >= 5);
        let (codes, passages) = match version {
            13.. => (2, 2),
            12 => (2, 1),
            _ => (0, 0),
        };
        assert_eq!(
            count(conn, "SELECT COUNT(*) FROM codes") as usize,
            codes + pins
        );
        assert_eq!(
            count(conn, "SELECT COUNT(*) FROM highlights") as usize,
            passages + pins
        );
        if version >= 5 {
            let theme = ws.find_theme("Slow CI").expect("theme");
            let summary = ws
                .theme_summary(theme.id, Default::default())
                .expect("summary");
            assert_eq!(summary.codes, ["Slow CI"], "schema {version}");
            assert_eq!(summary.quotes.len(), 1);
            assert_eq!(summary.quotes[0].status, "anchored", "schema {version}");
            assert_eq!(summary.stats.from_codes, 1);
            assert_eq!(summary.stats.passages, 1);
            let coded = ws.highlights(Some("Slow CI"), None).expect("passages");
            assert_eq!(coded.len(), 1);
            assert_eq!(coded[0].document, 1);
            assert_eq!(
                coded[0].text,
                "rerunning **flaky** integration tests three times"
            );
        }
        if version >= 12 {
            let noise = ws.highlights(Some("On-call"), None).expect("passages");
            assert_eq!(noise.len(), passages);
            assert_eq!(noise[0].codes, ["On-call/Noise"]);
            assert_eq!(noise[0].text, "Half the pages are duplicates;");
            assert_eq!(ws.code("On-call").expect("code").color, "#c0392b");
            // Schema 14 counted the passages per code and document (`check` below compares
            // every count with the passages).
            assert_eq!(
                count(
                    conn,
                    "SELECT passages FROM coded_documents WHERE code_id = 2 AND document_id = 2"
                ) as usize,
                passages
            );
        }
        if version >= 13 {
            let noise = ws.code("On-call/Noise").expect("code");
            assert_eq!(
                groundwork::research::codebook::rejected_passages(conn, noise.id)
                    .expect("rejected"),
                [(1, 0, 12)]
            );
        }
        let check = ws.check().expect("check");
        assert!(check.ok, "schema {version}: {check:?}");
        assert_eq!(
            check.documents,
            2 + [0, 0, 2, 3, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5][version as usize]
        );

        // Opening again migrates nothing and takes no second backup.
        drop(ws);
        let _ws = Workspace::open(tmp.path()).expect("reopen");
        assert_eq!(
            std::fs::read_dir(tmp.path().join("backups"))
                .unwrap()
                .count(),
            1
        );
    }
}

fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| {
            let p = e.expect("entry").path();
            let bytes = if p.is_file() {
                std::fs::read(&p).expect("read")
            } else {
                vec![]
            };
            (p.file_name().unwrap().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_workspace_from_a_newer_version_is_refused_untouched() {
    let tmp = temp_workspace();
    old_workspace(tmp.path(), SCHEMA_VERSION);
    {
        let conn = Connection::open(tmp.path().join("groundwork.sqlite3")).unwrap();
        conn.execute_batch("CREATE TABLE from_the_future (x); PRAGMA wal_checkpoint(TRUNCATE);")
            .unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    let before = listing(tmp.path());
    let err = Workspace::open(tmp.path()).err().expect("refused");
    assert!(matches!(err, Error::WorkspaceTooNew { found, .. } if found == SCHEMA_VERSION + 1));
    assert!(
        err.to_string()
            .contains("nothing in the workspace was changed"),
        "{err}"
    );
    assert_eq!(
        listing(tmp.path()),
        before,
        "not a byte changed, no file added"
    );

    // The CLI says the same with exit code 1 (not the user's input at fault).
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_groundwork"))
        .args(["--workspace"])
        .arg(tmp.path())
        .arg("status")
        .output()
        .expect("run cli");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("newer version of Groundwork"));
    assert_eq!(listing(tmp.path()), before);
}

#[test]
fn backup_and_restore_round_trip_through_the_cli() {
    let tmp = temp_workspace();
    let ws_dir = tmp.path().join("ws");
    let cli = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_groundwork"))
            .arg("--workspace")
            .arg(&ws_dir)
            .arg("--json")
            .args(args)
            .output()
            .expect("run cli");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    assert_eq!(cli(&["demo"]).0, Some(0));
    let backup = tmp.path().join("monday.sqlite3");
    let (code, out, err) = cli(&["backup", backup.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let demo_docs = report["documents"].as_u64().unwrap();
    assert!(demo_docs > 10);

    // A backup never overwrites.
    let (code, _, err) = cli(&["backup", backup.to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert!(err.contains("already exists"), "{err}");

    // Work after the backup, then restore: the work is gone from the workspace, kept aside.
    let (code, _, err) = cli(&[
        "interview",
        "add",
        "--title",
        "After the backup",
        "--body",
        "zanzibar",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let (code, out, err) = cli(&["restore", backup.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["documents"].as_u64(), Some(demo_docs));
    let saved = PathBuf::from(report["previous_saved_to"].as_str().unwrap());
    let (_, out, _) = cli(&["search", "zanzibar"]);
    assert!(out.contains("\"total\": 0"), "{out}");
    let (code, out, _) = cli(&["check"]);
    assert_eq!(code, Some(0), "{out}");

    // Restoring the saved copy brings the later work back.
    let (code, _, err) = cli(&["restore", saved.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    let (_, out, _) = cli(&["search", "zanzibar"]);
    assert!(out.contains("\"total\": 1"), "{out}");

    // A file that is not a sound Groundwork database is refused, naming it; nothing changes.
    let before = std::fs::read(ws_dir.join("groundwork.sqlite3")).unwrap();
    let junk = tmp.path().join("notes.txt");
    std::fs::write(&junk, "not a database at all ".repeat(500)).unwrap();
    let (code, _, err) = cli(&["restore", junk.to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("notes.txt") && err.contains("not a SQLite database"),
        "{err}"
    );
    let truncated = tmp.path().join("truncated.sqlite3");
    let bytes = std::fs::read(&backup).unwrap();
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let (code, _, err) = cli(&["restore", truncated.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("truncated.sqlite3"), "{err}");
    assert_eq!(
        std::fs::read(ws_dir.join("groundwork.sqlite3")).unwrap(),
        before
    );
    let (_, out, _) = cli(&["search", "zanzibar"]);
    assert!(out.contains("\"total\": 1"), "{out}");
}

#[test]
fn an_older_backup_is_migrated_when_restored_and_a_damaged_workspace_can_be_restored() {
    let tmp = temp_workspace();
    let old = tmp.path().join("old");
    std::fs::create_dir(&old).unwrap();
    old_workspace(&old, 2);
    let ws_dir = tmp.path().join("ws");
    std::fs::create_dir(&ws_dir).unwrap();
    // The workspace's database is garbage: it cannot be opened, which is when restore matters.
    std::fs::write(ws_dir.join("groundwork.sqlite3"), vec![0x42u8; 8192]).unwrap();
    assert!(Workspace::open(&ws_dir).is_err());
    let (ws, report) =
        Workspace::restore(&ws_dir, &old.join("groundwork.sqlite3")).expect("restore");
    assert_eq!(report.schema_version_before, 2);
    assert_eq!(report.documents, 4);
    assert_eq!(hits(&ws, "cache"), vec![10]);
    assert!(ws.check().expect("check").ok);
    // The damaged file was set aside byte for byte, not deleted.
    let aside = std::fs::read(&report.previous_saved_to).expect("set aside");
    assert_eq!(aside, vec![0x42u8; 8192]);
}

/// SIGKILL during the migration of an old workspace and during a restore: reopened, the workspace
/// is either as it was or wholly migrated / restored, never between, and keeps every row.
#[test]
fn sigkill_during_migration_and_restore_leaves_the_old_or_the_new_never_half() {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let run_killed_after = |mut cmd: Command, delay: Duration| -> bool {
        let mut child = cmd
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        let start = Instant::now();
        loop {
            if child.try_wait().expect("wait").is_some() {
                return false;
            }
            if start.elapsed() >= delay {
                child.kill().expect("SIGKILL");
                child.wait().expect("reap");
                return true;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    };
    let cli = |ws: &Path| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_groundwork"));
        c.arg("--workspace")
            .arg(ws)
            .env_remove("GROUNDWORK_WORKSPACE");
        c
    };
    // Kill points spread over an uninterrupted run, fixed: the same verdict every time.
    let mut killed = 0;
    for step in 0..8u32 {
        // Migration from schema 1 (the longest path).
        let tmp = temp_workspace();
        old_workspace(tmp.path(), 1);
        let mut c = cli(tmp.path());
        c.arg("status");
        let delay = Duration::from_millis(5 + u64::from(step) * 12);
        killed += u32::from(run_killed_after(c, delay));
        let ws = Workspace::open(tmp.path())
            .unwrap_or_else(|e| panic!("reopen after a migration killed at {delay:?}: {e}"));
        assert_eq!(count(ws.conn(), "PRAGMA user_version"), SCHEMA_VERSION);
        assert_eq!(count(ws.conn(), "SELECT COUNT(*) FROM teams"), 2);
        assert_eq!(
            ws.interview(1).expect("interview 1").participant,
            "Priya Raman"
        );
        assert!(
            ws.check().expect("check").ok,
            "migration killed at {delay:?}"
        );
        drop(ws);

        // Restore of a backup holding one more interview than the workspace.
        let work = temp_workspace();
        let ws = Workspace::open(work.path()).unwrap();
        ws.save_interview(&common::interview("Kept", "before the backup"))
            .unwrap();
        let backup = work.path().join("copy.sqlite3");
        ws.backup(&backup).unwrap();
        ws.save_interview(&common::interview("Later", "after the backup"))
            .unwrap();
        drop(ws);
        let mut c = cli(work.path());
        c.arg("restore").arg(&backup);
        killed += u32::from(run_killed_after(c, delay));
        let ws = Workspace::open(work.path())
            .unwrap_or_else(|e| panic!("reopen after a restore killed at {delay:?}: {e}"));
        let titles: Vec<String> = ws
            .interviews(&Default::default())
            .unwrap()
            .into_iter()
            .map(|i| i.title)
            .collect();
        assert!(
            titles == ["Kept"] || titles.len() == 2,
            "restore killed at {delay:?}: the old or the restored database, found {titles:?}"
        );
        assert!(ws.check().expect("check").ok, "restore killed at {delay:?}");
    }
    assert!(
        killed >= 4,
        "only {killed} of 16 runs were killed before they ended"
    );
}
