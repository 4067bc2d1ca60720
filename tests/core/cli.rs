//! The `groundwork` CLI as a script would use it: `--json` output and exit codes 0, 1, 2.

use crate::common;

use common::{gw, temp_workspace};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn ok_json(ws: &Path, args: &[&str]) -> Value {
    let out = gw(ws, args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{args:?}: not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn add_list_search_and_status_as_json() {
    let dir = temp_workspace();
    let ws = dir.path();
    let init = ok_json(ws, &["init", "--json"]);
    assert_eq!(init["path"], ws.display().to_string());

    let notes = ws.join("notes.md");
    std::fs::write(
        &notes,
        "\u{feff}# Notes\n\nThe **merge queue** stalls every afternoon.",
    )
    .unwrap();
    let added = ok_json(
        ws,
        &[
            "interview",
            "add",
            "--title",
            "Merge queue stalls",
            "--participant",
            "Sam",
            "--team",
            "Checkout",
            "--role",
            "Engineer",
            "--date",
            "2026-04-01",
            "--tag",
            "ci,merge-queue",
            "--tag",
            "reviews",
            "--pain-point",
            "Queue stalls",
            "--body-file",
            notes.to_str().unwrap(),
            "--json",
        ],
    );
    let id = added["id"].as_i64().unwrap();
    assert_eq!(
        added["notes"],
        "# Notes\n\nThe **merge queue** stalls every afternoon."
    );
    assert_eq!(
        added["tags"],
        serde_json::json!(["ci", "merge-queue", "reviews"])
    );

    let list = ok_json(ws, &["interview", "list", "--team", "checkout", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], id);
    let none = ok_json(ws, &["interview", "list", "--tag", "nope", "--json"]);
    assert_eq!(none.as_array().unwrap().len(), 0);

    let res = ok_json(ws, &["search", "\"merge queue\"", "--json"]);
    assert_eq!(res["total"], 1);
    let hit = &res["hits"][0];
    assert_eq!(hit["id"], id);
    assert_eq!(hit["kind"], "interview");
    assert_eq!(hit["title"], "Merge queue stalls");
    assert!(hit["snippet"]
        .as_str()
        .unwrap()
        .contains("<mark>merge</mark>"));
    assert!(hit["score"].as_f64().unwrap() > 0.0);

    let status = ok_json(ws, &["status", "--json"]);
    assert_eq!(status["documents"]["interview"], 1);
    assert_eq!(status["documents"]["ticket"], 0);
    assert_eq!(status["indexed"], 1);
    assert_eq!(status["pending"], 0);

    let edited = ok_json(
        ws,
        &[
            "interview",
            "edit",
            &id.to_string(),
            "--title",
            "Merge queue",
            "--json",
        ],
    );
    assert_eq!(edited["title"], "Merge queue");
    assert_eq!(edited["participant"], "Sam", "fields not given are kept");

    ok_json(ws, &["interview", "delete", &id.to_string(), "--json"]);
    assert_eq!(ok_json(ws, &["search", "merge", "--json"])["total"], 0);
    ok_json(ws, &["interview", "restore", &id.to_string(), "--json"]);
    assert_eq!(ok_json(ws, &["search", "merge", "--json"])["total"], 1);

    let reindex = ok_json(ws, &["reindex", "--json"]);
    assert_eq!(reindex["indexed"], 1);
}

#[test]
fn teams_from_the_cli() {
    let dir = temp_workspace();
    let ws = dir.path();
    ok_json(ws, &["team", "add", "SRE", "--headcount", "12", "--json"]);
    let t = ok_json(ws, &["team", "set", "sre", "--headcount", "14", "--json"]);
    assert_eq!(t["headcount"], 14);
    let list = ok_json(ws, &["team", "list", "--json"]);
    assert_eq!(list[0]["name"], "SRE");
    ok_json(ws, &["team", "delete", "SRE", "--json"]);
    let out = gw(ws, &["team", "delete", "SRE"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no team named"), "{}", stderr(&out));
}

#[test]
fn bad_input_exits_2_with_a_message_and_keeps_what_is_stored() {
    let dir = temp_workspace();
    let ws = dir.path();
    ok_json(
        ws,
        &[
            "interview",
            "add",
            "--title",
            "Keep",
            "--date",
            "2026-01-05",
            "--json",
        ],
    );

    let cases: &[(&[&str], &str)] = &[
        (&["interview", "add", "--title", ""], "needs a title"),
        (
            &["interview", "add", "--title", "x", "--date", "2026-02-30"],
            "February 2026 has 28 days",
        ),
        (
            &[
                "interview",
                "add",
                "--title",
                "x",
                "--body-file",
                "/nonexistent/notes.md",
            ],
            "/nonexistent/notes.md",
        ),
        (&["interview", "show", "999"], "no interview with id 999"),
        (&["interview", "list", "--from", "yesterday"], "from"),
        (&["frobnicate"], "unrecognized subcommand"),
        (
            &[
                "interview",
                "add",
                "--title",
                "x",
                "--body",
                "a",
                "--body-file",
                "b",
            ],
            "cannot be used with",
        ),
        (&["team", "add", "X", "--headcount", "-4"], "headcount"),
    ];
    for (args, needle) in cases {
        let out = gw(ws, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(needle),
            "{args:?}: {:?} lacks {needle:?}",
            stderr(&out)
        );
        assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
    }
    let list = ok_json(ws, &["interview", "list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["title"], "Keep");
}

#[test]
fn json_errors_carry_code_and_field() {
    let dir = temp_workspace();
    let out = gw(dir.path(), &["interview", "add", "--title", " ", "--json"]);
    assert_eq!(out.status.code(), Some(2));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["code"], "invalid_input");
    assert_eq!(err["error"]["field"], "title");
}

#[test]
fn invalid_utf8_notes_file_is_named() {
    let dir = temp_workspace();
    let bad = dir.path().join("latin1.txt");
    std::fs::write(&bad, b"caf\xe9 au lait").unwrap();
    let out = gw(
        dir.path(),
        &[
            "interview",
            "add",
            "--title",
            "x",
            "--body-file",
            bad.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("latin1.txt: not UTF-8"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_newer_workspace_fails_with_exit_1_and_is_untouched() {
    let dir = temp_workspace();
    ok_json(
        dir.path(),
        &["interview", "add", "--title", "Keep", "--json"],
    );
    mark_newer_schema(dir.path());
    let out = gw(dir.path(), &["status"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("newer version of Groundwork"),
        "{}",
        stderr(&out)
    );
}

/// Marks the workspace as written by schema 42 through the core's own connection.
fn mark_newer_schema(dir: &Path) {
    let ws = groundwork::Workspace::open(dir).unwrap();
    ws.conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA user_version = 42;")
        .unwrap();
}

#[test]
fn the_workspace_comes_from_the_environment_when_not_given() {
    let dir = temp_workspace();
    let out = Command::new(env!("CARGO_BIN_EXE_groundwork"))
        .args(["status", "--json"])
        .env("GROUNDWORK_WORKSPACE", dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["path"], dir.path().display().to_string());
}

#[test]
fn a_read_only_workspace_folder_gets_a_clear_message() {
    let dir = temp_workspace();
    let ws = dir.path().join("ws");
    ok_json(&ws, &["interview", "add", "--title", "Keep", "--json"]);
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout == b"0\n")
        .unwrap_or(false);
    let out = if is_root {
        // Root ignores permission bits: run the CLI as `nobody` on a folder only root may write.
        use std::os::unix::fs::PermissionsExt;
        for p in [dir.path(), ws.as_path()] {
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        for f in std::fs::read_dir(&ws).unwrap().flatten() {
            let _ = std::fs::set_permissions(f.path(), std::fs::Permissions::from_mode(0o644));
        }
        let Ok(o) = Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_groundwork"))
            .arg("--workspace")
            .arg(&ws)
            .args(["interview", "add", "--title", "New"])
            .output()
        else {
            println!("SKIPPED: setpriv is not available to drop root privileges");
            return;
        };
        if String::from_utf8_lossy(&o.stderr).contains("Permission denied")
            && o.status.code() == Some(126)
        {
            println!("SKIPPED: the test binary is not executable by nobody here");
            return;
        }
        o
    } else {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&ws, std::fs::Permissions::from_mode(0o555)).unwrap();
        let o = gw(&ws, &["interview", "add", "--title", "New"]);
        std::fs::set_permissions(&ws, std::fs::Permissions::from_mode(0o755)).unwrap();
        o
    };
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("is read-only"), "{}", stderr(&out));
    let list = ok_json(&ws, &["interview", "list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 1, "nothing lost");
}

#[test]
fn import_list_and_undo_from_the_cli() {
    let dir = temp_workspace();
    let ws = dir.path().join("ws");
    let file = dir.path().join("tickets.csv");
    std::fs::write(
        &file,
        "Summary,Issue key,Created\nSlow CI,CI-1,30/Sep/21 17:20\n,CI-2,30/Sep/21 17:20\n",
    )
    .unwrap();
    let dry = ok_json(
        &ws,
        &["import", file.to_str().unwrap(), "--dry-run", "--json"],
    );
    assert_eq!(dry["imported"], 1);
    assert_eq!(dry["batch"], Value::Null);
    let r = ok_json(
        &ws,
        &[
            "import",
            file.to_str().unwrap(),
            "--kind",
            "tickets",
            "--json",
        ],
    );
    assert_eq!(r["imported"], 1);
    assert_eq!(r["updated"], 0);
    assert_eq!(r["skipped"], 0);
    assert_eq!(r["rejected"][0]["line"], 3);
    assert_eq!(r["rejected"][0]["field"], "Summary");
    let batch = r["batch"].as_i64().unwrap();
    assert_eq!(ok_json(&ws, &["search", "slow", "--json"])["total"], 1);
    let list = ok_json(&ws, &["imports", "list", "--json"]);
    assert_eq!(list[0]["id"], batch);
    assert_eq!(list[0]["format"], "jira-csv");
    let undone = ok_json(&ws, &["imports", "undo", &batch.to_string(), "--json"]);
    assert!(undone["undone_at"].is_string());
    assert_eq!(ok_json(&ws, &["search", "slow", "--json"])["total"], 0);

    for (args, needle) in [
        (
            vec!["import", "/nonexistent.csv"],
            "cannot read /nonexistent.csv",
        ),
        (
            vec!["import", file.to_str().unwrap(), "--map", "nope"],
            "HEADER=FIELD",
        ),
        (
            vec!["import", file.to_str().unwrap(), "--map", "Summary=colour"],
            "unknown field",
        ),
        (
            vec!["import", file.to_str().unwrap(), "--encoding", "ebcdic"],
            "--encoding",
        ),
        (
            vec!["import", file.to_str().unwrap(), "--format", "xml"],
            "invalid value",
        ),
        (vec!["imports", "undo", "999"], "no import batch 999"),
    ] {
        let out = gw(&ws, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(needle), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn surveys_import_list_and_show_from_the_cli() {
    let dir = temp_workspace();
    let ws = dir.path();
    let file = ws.join("pulse.csv");
    std::fs::write(
        &file,
        "Timestamp,Which team are you on?,How likely are you to recommend the platform?,What should we fix?\n\
         3/2/2026 9:00:00,Payments,10,Flaky deploys\n\
         3/2/2026 9:10:00,Payments,9,\n\
         3/2/2026 9:20:00,Search,2,Slow code review\n",
    )
    .unwrap();
    let report = ok_json(ws, &["import", file.to_str().unwrap(), "--json"]);
    assert_eq!(report["format"], "google-forms");
    assert_eq!(report["imported"], 3);

    let list = ok_json(ws, &["surveys", "list", "--json"]);
    assert_eq!(list[0]["name"], "pulse");
    assert_eq!(list[0]["respondents"], 3);
    let id = list[0]["id"].as_i64().unwrap().to_string();
    let all = ok_json(ws, &["surveys", "show", &id, "--json"]);
    let nps = &all["questions"][0];
    assert_eq!(nps["role"], "nps");
    // 2 promoters, 1 detractor of 3: 33.3.
    assert_eq!(nps["nps"]["score"], 33.3);
    let payments = ok_json(
        ws,
        &["surveys", "show", &id, "--where", "team=Payments", "--json"],
    );
    assert_eq!(payments["respondents"], 2);
    assert_eq!(payments["questions"][0]["nps"]["score"], 100.0);
    let text = gw(ws, &["surveys", "show", &id]);
    assert_eq!(text.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&text.stdout).contains("NPS +33"));

    // Bad input: exit 2 with the reason on stderr.
    let bad = gw(ws, &["surveys", "show", &id, "--where", "colour=red"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("colour"), "{}", stderr(&bad));
    let bad = gw(ws, &["surveys", "show", &id, "--where", "team"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("COLUMN=VALUE"), "{}", stderr(&bad));
    let missing = gw(ws, &["surveys", "show", "999"]);
    assert_eq!(missing.status.code(), Some(2), "{}", stderr(&missing));
    assert!(stderr(&missing).contains("no survey with id 999"));
    let clash = gw(
        ws,
        &[
            "import",
            file.to_str().unwrap(),
            "--kind",
            "tickets",
            "--format",
            "qualtrics",
        ],
    );
    assert_eq!(clash.status.code(), Some(2));
    assert!(
        stderr(&clash).contains("reads surveys"),
        "{}",
        stderr(&clash)
    );
}

#[test]
fn theme_search_from_the_cli() {
    let dir = temp_workspace();
    let ws = dir.path();
    ok_json(ws, &["demo", "--json"]);
    let r = ok_json(
        ws,
        &[
            "search",
            "ci kind:interview",
            "--facets",
            "--sort",
            "date",
            "--limit",
            "3",
            "--json",
        ],
    );
    assert_eq!(r["read_as"], "ci kind:interview");
    let facets = &r["facets"];
    assert_eq!(facets["kind"][0]["value"], "interview");
    let total = r["total"].as_u64().unwrap();
    assert_eq!(facets["kind"][0]["count"].as_u64().unwrap(), total);
    let dates: Vec<&str> = r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["date"].as_str().unwrap())
        .collect();
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {dates:?}"
    );
    // Without --facets there are none.
    assert!(ok_json(ws, &["search", "ci", "--json"])["facets"].is_null());

    let t = ok_json(
        ws,
        &[
            "theme",
            "add",
            "Flaky tests",
            "\"flaky tests\" OR flaky~",
            "--json",
        ],
    );
    assert_eq!(t["name"], "Flaky tests");
    let list = ok_json(ws, &["theme", "list", "--json"]);
    assert_eq!(list[0]["theme"]["name"], "Flaky tests");
    let count = list[0]["total"].as_u64().unwrap();
    assert!(count >= 2);
    let show = ok_json(
        ws,
        &["theme", "show", "flaky tests", "--by", "week", "--json"],
    );
    assert_eq!(show["stats"]["total"].as_u64().unwrap(), count);
    assert!(show["stats"]["trend"][0]["period"]
        .as_str()
        .unwrap()
        .contains("-W"));
    let doc = show["stats"]["evidence"][0]["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let pinned = ok_json(
        ws,
        &["theme", "pin", "Flaky tests", &doc, "flaky", "--json"],
    );
    assert_eq!(pinned["document_id"].as_i64().unwrap().to_string(), doc);
    let opened = ok_json(ws, &["open", &doc, "--query", "flaky", "--json"]);
    assert!(opened["matches"].as_u64().unwrap() >= 1);
    let suggestions = ok_json(ws, &["suggest-themes", "--json"]);
    assert!(!suggestions.as_array().unwrap().is_empty());

    // Bad input: exit 2 with the reason on stderr; nothing changes.
    let themes = |ws| {
        ok_json(ws, &["theme", "list", "--json"])
            .as_array()
            .unwrap()
            .len()
    };
    let before = themes(ws);
    let dup = gw(ws, &["theme", "add", "flaky TESTS", "ci"]);
    assert_eq!(dup.status.code(), Some(2));
    assert!(stderr(&dup).contains("already exists"), "{}", stderr(&dup));
    let empty = gw(ws, &["theme", "add", "Empty", "-"]);
    assert_eq!(empty.status.code(), Some(2));
    assert!(
        stderr(&empty).contains("nothing to search for"),
        "{}",
        stderr(&empty)
    );
    let missing = gw(ws, &["theme", "pin", "Flaky tests", "99999", "text"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("no document"),
        "{}",
        stderr(&missing)
    );
    let bad_sort = gw(ws, &["search", "ci", "--sort", "size"]);
    assert_eq!(bad_sort.status.code(), Some(2));
    assert_eq!(themes(ws), before);
    let deleted = ok_json(ws, &["theme", "delete", "flaky tests", "--json"]);
    assert_eq!(deleted["name"], "Flaky tests");
}

#[test]
fn roadmap_items_rank_with_breakdowns_and_bad_input_exits_2() {
    let dir = temp_workspace();
    let ws = dir.path();
    let add = |args: &[&str]| {
        let mut all = vec!["item", "add", "--json"];
        all.extend_from_slice(args);
        ok_json(ws, &all)["id"].as_i64().expect("the new item's id")
    };
    let cache = add(&[
        "--title",
        "Build cache",
        "--effort",
        "2",
        "--input",
        "reach=500",
        "--input",
        "impact=2",
        "--input",
        "confidence=80%",
    ]);
    let paths = add(&[
        "--title",
        "Golden paths",
        "--effort",
        "4",
        "--input",
        "reach=1200",
        "--input",
        "impact=1",
        "--input",
        "confidence=0.5",
        "--range",
        "reach=600..2000",
    ]);
    let ranked = ok_json(ws, &["rank", "--model", "rice", "--json"]);
    let items = ranked["items"].as_array().unwrap();
    assert_eq!(items[0]["id"], cache);
    assert_eq!(items[0]["rank"], 1);
    assert_eq!(items[0]["title"], "Build cache");
    assert_eq!(items[0]["score"], 400.0);
    assert_eq!(items[0]["breakdown"].as_array().unwrap().len(), 4);
    assert_eq!(items[1]["id"], paths);
    assert_eq!(
        ok_json(ws, &["rank", "--top", "1", "--json"])["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // A weighted model saved from the CLI, and a draft weight that flips the order.
    ok_json(
        ws,
        &[
            "model",
            "set",
            "reach-heavy",
            "--kind",
            "weighted",
            "--criterion",
            "reach=3",
            "--criterion",
            "effort=-1",
            "--json",
        ],
    );
    let r = ok_json(ws, &["rank", "--model", "reach-heavy", "--json"]);
    assert_eq!(r["items"][0]["id"], paths);
    let r = ok_json(
        ws,
        &[
            "rank",
            "--model",
            "reach-heavy",
            "--weight",
            "effort=-9",
            "--json",
        ],
    );
    assert_eq!(r["items"][0]["id"], cache);

    let s = ok_json(
        ws,
        &["sensitivity", "--runs", "200", "--top", "1", "--json"],
    );
    assert_eq!(s["runs"], 200);
    assert_eq!(s["items"].as_array().unwrap().len(), 2);
    ok_json(ws, &["snapshot", "save", "Q3 review", "--json"]);
    ok_json(
        ws,
        &[
            "item",
            "edit",
            &cache.to_string(),
            "--input",
            "confidence=0.1",
            "--json",
        ],
    );
    let d = ok_json(ws, &["snapshot", "diff", "Q3 review", "now", "--json"]);
    let moved = d["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == cache)
        .unwrap();
    assert_eq!(moved["change"], "moved");
    assert_eq!(moved["drivers"][0]["key"], "confidence");
    let c = ok_json(ws, &["compare", "rice", "reach-heavy", "--json"]);
    assert!(c["spearman"].is_number());

    // Bad input: exit 2, a message naming the field, nothing stored.
    for (args, says) in [
        (
            vec!["item", "add", "--title", "X", "--input", "confidence=80"],
            "fraction",
        ),
        (
            vec!["item", "add", "--title", "X", "--input", "reech=1"],
            "unknown input",
        ),
        (
            vec!["item", "add", "--title", "X", "--input", "reach"],
            "KEY=VALUE",
        ),
        (vec!["rank", "--model", "nope"], "no model named"),
        (
            vec![
                "model",
                "set",
                "f",
                "--kind",
                "formula",
                "--formula",
                "reach *",
            ],
            "formula",
        ),
        (vec!["item", "show", "999"], "no roadmap item"),
    ] {
        let out = gw(ws, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
    assert_eq!(
        ok_json(ws, &["item", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn export_writes_each_format_and_refuses_bad_input_with_exit_2() {
    let dir = temp_workspace();
    let ws = dir.path().join("ws");
    ok_json(&ws, &["demo", "--json"]);
    // The review pack leaves the team: it is anonymized unless asked not to.
    let people: Vec<String> = ok_json(&ws, &["interview", "list", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["participant"].as_str().unwrap().to_string())
        .collect();
    assert!(people.len() >= 12);
    // A quote naming its speaker, pinned to a theme a demo item is linked to.
    let first = &ok_json(&ws, &["interview", "list", "--json"])[0];
    let quote = format!(
        "{} says the CI queue eats the morning",
        first["participant"].as_str().unwrap()
    );
    // A quote is text of its document: the PM writes down what was said, then pins it.
    let said = dir.path().join("said.md");
    std::fs::write(&said, format!("In the standup: {quote}.")).unwrap();
    let added = ok_json(
        &ws,
        &[
            "interview",
            "add",
            "--title",
            "CI queue",
            "--participant",
            first["participant"].as_str().unwrap(),
            "--body-file",
            said.to_str().unwrap(),
            "--json",
        ],
    );
    let doc = added["id"].to_string();
    ok_json(
        &ws,
        &["theme", "pin", "Slow builds", &doc, &quote, "--json"],
    );
    let pack = dir.path().join("pack.html");
    ok_json(
        &ws,
        &[
            "export",
            "--format",
            "html",
            "--out",
            pack.to_str().unwrap(),
            "--json",
        ],
    );
    let html = std::fs::read_to_string(&pack).unwrap();
    for p in &people {
        assert!(!html.contains(p.as_str()), "{p} is in the review pack");
    }
    let said = html
        .find(") says the CI queue eats the morning")
        .expect("the quote is in the pack");
    assert!(html[..said]
        .rsplit("<blockquote>")
        .next()
        .unwrap()
        .starts_with("engineer "));
    let named = dir.path().join("named.html");
    ok_json(
        &ws,
        &[
            "export",
            "--format",
            "html",
            "--out",
            named.to_str().unwrap(),
            "--no-anonymize",
            "--json",
        ],
    );
    let named = std::fs::read_to_string(&named).unwrap();
    assert!(
        people.iter().any(|p| named.contains(p.as_str())),
        "--no-anonymize keeps names"
    );

    for format in ["csv", "xlsx", "md", "json"] {
        let out = dir.path().join(format!("pack.{format}"));
        let r = ok_json(
            &ws,
            &[
                "export",
                "--format",
                format,
                "--out",
                out.to_str().unwrap(),
                "--anonymize",
                "--json",
            ],
        );
        assert_eq!(r["path"], out.to_str().unwrap());
        assert_eq!(r["items"], 5, "four ranked demo items and one exception");
        assert!(r["people"].as_u64().unwrap() >= 14);
        assert_eq!(
            r["bytes"].as_u64().unwrap(),
            std::fs::metadata(&out).unwrap().len()
        );
    }
    let bad = gw(&ws, &["export", "--format", "pdf", "--out", "x.pdf"]);
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
    let nowhere = dir.path().join("missing/dir/pack.csv");
    let bad = gw(
        &ws,
        &[
            "export",
            "--format",
            "csv",
            "--out",
            nowhere.to_str().unwrap(),
        ],
    );
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
    assert!(stderr(&bad).contains("does not exist"), "{}", stderr(&bad));
}

#[test]
fn metrics_import_show_and_impact_from_the_cli() {
    let dir = temp_workspace();
    let ws = dir.path();
    ok_json(ws, &["init", "--json"]);
    let file = ws.join("deploys.csv");
    let mut csv = String::from("deploy_id,team,deployed_at,lead_time_h,rolled_back\n");
    for d in 1..=28 {
        // One deploy a day in February, lead time halving on the 15th.
        let lead = if d < 15 { 40 } else { 20 };
        csv += &format!("d{d},Payments,2026-02-{d:02}T10:00:00Z,{lead},no\n");
    }
    std::fs::write(&file, csv).unwrap();
    let file = file.to_str().unwrap();
    let imported = ok_json(ws, &["metrics", "import", file, "--json"]);
    assert_eq!(imported["kind"], "deployments");
    assert_eq!(imported["imported"], 28);
    let shown = ok_json(
        ws,
        &[
            "metrics",
            "show",
            "--team",
            "payments",
            "--metric",
            "lead_time",
            "--json",
        ],
    );
    assert_eq!(shown["lines"].as_array().unwrap().len(), 1);
    assert_eq!(shown["lines"][0]["overall"], 30.0);
    assert_eq!(shown["lines"][0]["band"], "high");

    ok_json(ws, &["team", "add", "Payments", "--json"]);
    ok_json(
        ws,
        &[
            "item",
            "add",
            "--title",
            "Build cache",
            "--team",
            "Payments",
            "--status",
            "shipped",
            "--json",
        ],
    );
    let impact = ok_json(
        ws,
        &[
            "impact",
            "Build cache",
            "--metric",
            "lead_time=-40%",
            "--shipped-on",
            "2026-02-15",
            "--window",
            "2",
            "--json",
        ],
    );
    let m = &impact["metrics"][0];
    assert_eq!(
        (m["before"]["value"].as_f64(), m["after"]["value"].as_f64()),
        (Some(40.0), Some(20.0))
    );
    assert_eq!(m["verdict"], "improved");
    assert_eq!(m["expected"], -0.4);
    // The text prints each figure in the review pack's words.
    let text = gw(ws, &["impact", "build cache", "--window", "2"]);
    let text = String::from_utf8_lossy(&text.stdout);
    let core = groundwork::Workspace::open(ws)
        .unwrap()
        .impact(&groundwork::metrics::impact::ImpactRequest {
            item: "Build cache".into(),
            window_weeks: Some(2),
            seed: None,
        })
        .unwrap();
    let m = &core.metrics[0];
    assert_eq!(
        m.change_text(),
        "-20.0 h (-50 %), 95 % interval -20.0 to -20.0"
    );
    for words in [
        format!("{} → {}", m.format(m.before.value), m.format(m.after.value)),
        format!("change {}", m.change_text()),
        format!("improved · {}", m.expectation_text()),
    ] {
        assert!(text.contains(&words), "{words:?} not in {text}");
    }

    // Bad input exits 2 and names what is wrong.
    let bad = gw(
        ws,
        &["metrics", "import", file, "--map", "rolled_back=nonsense"],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("unknown field \"nonsense\""),
        "{}",
        stderr(&bad)
    );
    let window = gw(ws, &["impact", "Build cache", "--window", "500"]);
    assert_eq!(window.status.code(), Some(2));
    assert!(stderr(&window).contains("500 weeks"), "{}", stderr(&window));
    let date = gw(ws, &["impact", "Build cache", "--shipped-on", "2026-02-30"]);
    assert_eq!(date.status.code(), Some(2));
}

#[test]
fn the_cli_and_the_app_read_a_ship_day_alike() {
    use groundwork::metrics::impact::{ItemMetric, ItemMetricsInput};
    let dir = temp_workspace();
    let ws = dir.path();
    ok_json(ws, &["init", "--json"]);
    ok_json(
        ws,
        &[
            "item",
            "add",
            "--title",
            "Build cache",
            "--status",
            "shipped",
            "--json",
        ],
    );
    let core = groundwork::Workspace::open(ws).unwrap();
    let item = core.find_item("Build cache").unwrap().id;
    core.set_item_metrics(
        "Build cache",
        &[ItemMetric {
            metric: "lead_time".into(),
            expected: None,
        }],
        None,
    )
    .unwrap();
    // What each one makes of a ship day: the day set, or the error as the hosts receive it.
    let by_core = |text: &str| -> Value {
        match core.save_item_metrics(&ItemMetricsInput {
            item,
            metrics: vec![ItemMetric {
                metric: "lead_time".into(),
                expected: None,
            }],
            shipped_on: Some(text.into()),
        }) {
            Ok(i) => serde_json::json!({ "day": i.shipped_override }),
            Err(e) => serde_json::to_value(groundwork::ApiError::from(e)).unwrap(),
        }
    };
    let by_cli = |text: &str| -> Value {
        let out = gw(
            ws,
            &["impact", "Build cache", "--shipped-on", text, "--json"],
        );
        match out.status.code() {
            Some(0) => {
                let v: Value = serde_json::from_slice(&out.stdout).unwrap();
                serde_json::json!({ "day": v["shipped_override"] })
            }
            code => {
                assert_eq!(code, Some(2), "{text:?}: {}", stderr(&out));
                let v: Value = serde_json::from_str(stderr(&out).trim()).unwrap();
                v["error"].clone()
            }
        }
    };
    for (text, day) in [
        ("2026-03-14", Some("2026-03-14")),
        (" 2026-03-14 ", Some("2026-03-14")),
        ("14/03/2026", Some("2026-03-14")),
        ("03/04/2026", Some("2026-04-03")),
        ("14 Mar 2026", Some("2026-03-14")),
        ("Mar 14, 2026", Some("2026-03-14")),
        ("2026-03-14T23:30:00-05:00", Some("2026-03-14")),
        ("", None),
        ("none", None),
        ("2026-02-30", None),
        ("20260-01-04", None),
        ("yesterday", None),
        ("14/13/2026", None),
    ] {
        let (core_says, cli_says) = (by_core(text), by_cli(text));
        assert_eq!(core_says, cli_says, "{text:?}");
        match day {
            Some(d) => assert_eq!(core_says["day"], d, "{text:?}"),
            None if core_says.get("day").is_some() => {
                assert!(core_says["day"].is_null(), "{text:?} clears: {core_says}")
            }
            None => {
                assert_eq!(core_says["field"], "shipped_on", "{text:?}");
                assert_eq!(core_says["code"], "invalid_input", "{text:?}");
                let message = core_says["message"].as_str().unwrap();
                assert!(
                    message.starts_with(&format!("invalid date \"{text}\"")),
                    "{message}"
                );
            }
        }
    }
    // The app's own wording for one, as the impact panel shows it.
    assert_eq!(
        by_cli("2026-02-30")["message"],
        "invalid date \"2026-02-30\": day 30 does not exist in February 2026"
    );
}

/// The core's message names no command-line option (the app shows the same message); the CLI
/// adds the option a field error is about, and exits 2.
#[test]
fn a_field_error_names_the_cli_option_to_use() {
    let d = temp_workspace();
    let ws = d.path().join("ws");
    let file = d.path().join("custom.csv");
    std::fs::write(&file, "What,Ref\nSlow builds,X-1\n").unwrap();
    let out = gw(&ws, &["import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("map one of its columns to title")
            && err.trim_end().ends_with("(--map COLUMN=FIELD)"),
        "{err}"
    );
    let out = gw(&ws, &["--json", "import", file.to_str().unwrap()]);
    let json: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(json["error"]["field"], "map");
    assert!(!json["error"]["message"].as_str().unwrap().contains("--map"));
}
