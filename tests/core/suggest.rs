//! Suggested themes and clusters: they read prose only (no pasted code, traces, logs, URLs or
//! paths), weigh voices over repeats, and clusters' passages can be coded exactly as proposed.

use crate::common::{self, gw, temp_workspace, write};
use groundwork::research::highlights::HighlightInput;
use groundwork::research::interviews::InterviewInput;
use groundwork::search::{query, SearchRequest};
use groundwork::Workspace;
use serde_json::Value;

fn csv_field(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Imports tickets: (summary, reporter, team, description).
fn tickets(ws: &Workspace, dir: &std::path::Path, rows: &[(String, String, String, String)]) {
    let mut csv = String::from("Summary,Issue key,Status,Reporter,Team,Created,Description\n");
    for (i, (summary, reporter, team, body)) in rows.iter().enumerate() {
        csv.push_str(&format!(
            "{},T-{},Open,{},{},2026-03-0{} 09:00,{}\n",
            csv_field(summary),
            i + 1,
            csv_field(reporter),
            csv_field(team),
            1 + i % 9,
            csv_field(body)
        ));
    }
    common::import(ws, &write(dir, "tickets.csv", csv));
}

fn interview(title: &str, who: &str, team: &str, notes: &str) -> InterviewInput {
    InterviewInput {
        title: title.into(),
        participant: who.into(),
        team: Some(team.into()),
        notes: notes.into(),
        ..common::interview(title, notes)
    }
}

/// Every word of every suggestion.
fn words(phrases: &[String]) -> Vec<String> {
    phrases
        .iter()
        .flat_map(|p| p.split(' ').map(str::to_string))
        .collect()
}

#[test]
fn suggestions_leave_out_code_traces_logs_urls_and_paths() {
    let dir = temp_workspace();
    let ws = Workspace::open(dir.path().join("ws")).unwrap();
    // Pain points in prose, each said by several people; beside them, pasted machine text whose
    // words repeat in more documents than the prose does.
    let prose = [
        "Slow builds block our merges every day.",
        "We lose an hour to slow builds and flaky tests.",
        "Flaky tests make us rerun the pipeline.",
        "Slow builds again; flaky tests too.",
    ];
    let junk = [
        "{code:java}\nWidgetFactory factory = new WidgetFactory(); // widget factory\n{code}",
        "{noformat}\nwidget factory reports quartz lattice\n{noformat}",
        "java.lang.IllegalStateException: quartz lattice broken\n\tat com.quarry.gravel.Sifter.sift(Sifter.java:42)\n\tat sun.reflect.NativeMethodAccessorImpl.invoke0(Native Method)\nCaused by: java.io.IOException: socket reader closed\n\t... 12 more",
        "Exception in thread \"main\" java.lang.RuntimeException: socket reader gone",
        "2024-05-01 10:00:01,123 ERROR heartbeat timeout on beacon relay\n2024-05-01 10:00:02,456 WARN heartbeat timeout on beacon relay",
        "[INFO] heartbeat timeout beacon relay\n[ERROR] Tests run: 4, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 3.2 s",
        "See https://portal.example.com/runbook/meadow-lark and /opt/quarry/meadow/lark.yaml and C:\\meadow\\lark.ini for the settings in com.meadow.lark.Config.",
        "Traceback (most recent call last):\n  File \"orchard.py\", line 3, in <module>\n    pick(marmalade_jar)\nValueError: marmalade jar cracked",
        "Commit 9f3c2ab17e and deadbeef42 with key=value, getMeadowLark() and IOException ids.",
    ];
    let mut rows = Vec::new();
    for i in 0..16 {
        let mut body = String::new();
        if i < prose.len() {
            body.push_str(prose[i]);
            body.push('\n');
        }
        // Every junk block in half the documents.
        if i % 2 == 0 {
            body.push_str(&junk.join("\n\n"));
        }
        rows.push((
            format!("Ticket number {i}"),
            format!("Reporter {}", i % 5),
            ["Alpha", "Beta", "Gamma"][i % 3].to_string(),
            body,
        ));
    }
    tickets(&ws, dir.path(), &rows);
    // Markdown code in interview notes: fences and indented blocks.
    for (i, who) in ["Ana", "Ben", "Cy", "Dee"].iter().enumerate() {
        let notes = format!(
            "{}\n\n```\nbramble thicket bramble thicket\n```\n\n    lantern harbor lantern harbor\n    lantern harbor again\n\nThat is all.",
            prose[i]
        );
        ws.save_interview(&interview(&format!("Interview {i}"), who, "Delta", &notes))
            .unwrap();
    }
    let phrases: Vec<String> = ws
        .suggest_themes(100)
        .unwrap()
        .into_iter()
        .map(|s| s.phrase)
        .collect();
    assert!(phrases.iter().any(|p| p == "slow builds"), "{phrases:?}");
    assert!(phrases.iter().any(|p| p == "flaky tests"), "{phrases:?}");
    let said = words(&phrases);
    for junk in [
        "widget",
        "factory",
        "quartz",
        "lattice",
        "native",
        "method",
        "socket",
        "reader",
        "heartbeat",
        "beacon",
        "relay",
        "elapsed",
        "portal",
        "runbook",
        "meadow",
        "lark",
        "quarry",
        "gravel",
        "sifter",
        "orchard",
        "marmalade",
        "jar",
        "bramble",
        "thicket",
        "lantern",
        "harbor",
        "deadbeef",
        "ioexception",
    ] {
        assert!(!said.iter().any(|w| w == junk), "{junk:?} in {phrases:?}");
    }
}

#[test]
fn a_phrase_three_people_in_two_teams_say_outranks_one_person_repeating_it() {
    let dir = temp_workspace();
    let ws = Workspace::open(dir.path().join("ws")).unwrap();
    let mut rows = Vec::new();
    // One person says it in twelve tickets, filed under two teams.
    for i in 0..12 {
        rows.push((
            format!("Templating trouble {i}"),
            "Sam Repeat".to_string(),
            ["Alpha", "Beta"][i % 2].to_string(),
            "The yaml templating hurts again.".to_string(),
        ));
    }
    // Three people from two teams say the other once each.
    for (who, team) in [("Ana", "Alpha"), ("Ben", "Alpha"), ("Cy", "Beta")] {
        rows.push((
            format!("Deploys from {who}"),
            who.to_string(),
            team.to_string(),
            "Flaky deploys cost us a day.".to_string(),
        ));
    }
    for i in 0..85 {
        rows.push((
            "Okay".to_string(),
            format!("Filler {i}"),
            "Gamma".to_string(),
            "Okay.".to_string(),
        ));
    }
    tickets(&ws, dir.path(), &rows);
    let list = ws.suggest_themes(50).unwrap();
    let at = |p: &str| list.iter().position(|s| s.phrase == p);
    let flaky = at("flaky deploys").unwrap_or_else(|| panic!("{list:?}"));
    assert_eq!(
        (list[flaky].documents, list[flaky].people, list[flaky].teams),
        (3, 3, 2)
    );
    // Twelve documents and two teams, but one voice: below the three voices' phrase.
    let yaml = at("yaml templating").unwrap_or_else(|| panic!("{list:?}"));
    assert_eq!(
        (list[yaml].documents, list[yaml].people, list[yaml].teams),
        (12, 1, 2)
    );
    assert!(flaky < yaml, "{list:?}");
}

#[test]
fn clusters_group_phrases_of_the_same_documents_with_exact_passages() {
    let dir = temp_workspace();
    let ws = Workspace::open(dir.path().join("ws")).unwrap();
    let mut rows = Vec::new();
    let builds = [
        "Our slow builds come from a cold build cache. Nothing else matters.",
        "The build cache misses, so slow builds follow.",
        "Slow builds all week; the build cache was purged.",
        "I think the build cache explains the slow builds we see.",
    ];
    let tests = [
        "Flaky tests need test retries to pass.",
        "We added test retries because flaky tests fail at random.",
        "Flaky tests again, and test retries hide them.",
        "Test retries cost minutes; flaky tests are the cause.",
    ];
    for (i, body) in builds.iter().chain(tests.iter()).enumerate() {
        rows.push((
            [
                "Mornings", "Evenings", "Mondays", "Fridays", "Spring", "Summer", "Autumn",
                "Winter",
            ][i]
                .to_string(),
            format!("Person {i}"),
            ["Alpha", "Beta", "Gamma"][i % 3].to_string(),
            format!("Some context first.\n\n{body}\nThanks."),
        ));
    }
    for i in 0..12 {
        rows.push((
            "Okay".to_string(),
            format!("Filler {i}"),
            "Delta".to_string(),
            "Some context first.\n\nOkay.\nThanks.".to_string(),
        ));
    }
    tickets(&ws, dir.path(), &rows);
    ws.index_pending().unwrap();
    let clusters = ws.suggest_clusters(8).unwrap();
    let with = |a: &str, b: &str| {
        clusters
            .iter()
            .find(|c| c.phrases.iter().any(|p| p == a) && c.phrases.iter().any(|p| p == b))
            .unwrap_or_else(|| panic!("no cluster with {a:?} and {b:?}: {clusters:#?}"))
    };
    let build = with("slow builds", "build cache");
    let test = with("flaky tests", "test retries");
    assert!(!build.phrases.iter().any(|p| test.phrases.contains(p)));
    for c in [build, test] {
        assert!(c.phrases.contains(&c.label));
        assert_eq!(c.documents, 4, "{c:#?}");
        // The draft query is read as written and finds the cluster's documents.
        let read = query::read(&c.query);
        assert!(read.fixes.is_empty(), "{:?}: {:?}", c.query, read.fixes);
        let found = ws
            .search(&SearchRequest {
                query: c.query.clone(),
                limit: Some(50),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(found.total, 4, "{}", c.query);
        // Two or three passages, from different documents, each coded exactly where it says.
        assert!((2..=3).contains(&c.passages.len()), "{c:#?}");
        let mut docs: Vec<i64> = c.passages.iter().map(|p| p.document).collect();
        docs.sort_unstable();
        docs.dedup();
        assert_eq!(docs.len(), c.passages.len());
        for p in &c.passages {
            let lower = p.text.to_lowercase();
            assert!(!p.phrases.is_empty());
            assert!(
                p.phrases.iter().all(|ph| lower.contains(ph.as_str())),
                "{p:?}"
            );
            assert!(
                !p.text.contains('\n') && !p.text.contains("Thanks"),
                "{p:?}"
            );
            let coded = ws
                .code_passage(&HighlightInput {
                    document: p.document,
                    start: Some(p.start),
                    end: Some(p.end),
                    codes: vec![c.label.clone()],
                    ..Default::default()
                })
                .unwrap();
            assert_eq!(coded.text, p.text);
            assert_eq!((coded.start, coded.end), (p.start, p.end));
        }
    }
    // The CLI prints the same clusters, and says how to accept them.
    drop(ws);
    let ws_dir = dir.path().join("ws");
    let out = gw(&ws_dir, &["suggest", "--clusters", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["label"] == build.label && c["passages"][0]["start"].is_u64()));
    let help = gw(&ws_dir, &["suggest", "--help"]);
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(
        help.contains("groundwork code add") && help.contains("groundwork theme add"),
        "{help}"
    );
}

#[test]
fn hadoop_suggestions_are_pain_points_not_log_fragments() {
    let Some(dir) = common::shared_data("tickets") else {
        return;
    };
    let file = dir.join("jira-export_hadoop.csv");
    if !file.exists() {
        println!("SKIPPED: {} is absent", file.display());
        return;
    }
    let (_d, ws) = common::open();
    common::import(&ws, &file);
    let top: Vec<String> = ws
        .suggest_themes(20)
        .unwrap()
        .into_iter()
        .map(|s| s.phrase)
        .collect();
    assert_eq!(top.len(), 20, "{top:?}");
    for fragment in [
        "native method",
        "stack trace",
        "time elapsed",
        "input stream",
    ] {
        assert!(
            !top.iter().any(|p| p == fragment),
            "{fragment:?} in {top:?}"
        );
    }
    // No package name, dotted or as its split words.
    for p in &top {
        assert!(!p.contains('.'), "{p:?}");
        let first = p.split(' ').next().unwrap_or("");
        assert!(
            !["org", "com", "java", "javax", "sun", "io", "net"].contains(&first),
            "{p:?} in {top:?}"
        );
    }
}
