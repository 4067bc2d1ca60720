//! Passage-level coding, first part: a hierarchical codebook and highlights anchored in a
//! document's text that follow their words through edits (or are flagged lost), survive the
//! trash, and are counted per code; the CLI does all of it.

use crate::common::{self, gw, temp_workspace};
use groundwork::research::codebook::CodeInput;
use groundwork::research::highlights::HighlightInput;
use groundwork::research::interviews::InterviewInput;
use groundwork::{ErrorCode, Workspace};
use serde_json::Value;

const NOTES: &str = "## Context\nThe pipeline takes forever before I can merge.\n\n## Wishes\nA dashboard of build times per team. The pipeline takes forever, again.\n";

fn seeded() -> (tempfile::TempDir, Workspace, InterviewInput, i64) {
    let dir = temp_workspace();
    let ws = Workspace::open(dir.path()).unwrap();
    let input = common::interview("CI waits", NOTES);
    let id = ws.save_interview(&input).unwrap().id;
    (dir, ws, input, id)
}

fn code(
    ws: &Workspace,
    doc: i64,
    quote: &str,
    codes: &[&str],
) -> groundwork::research::highlights::Highlight {
    ws.code_passage(&HighlightInput {
        document: doc,
        quote: Some(quote.into()),
        codes: codes.iter().map(|c| c.to_string()).collect(),
        ..Default::default()
    })
    .unwrap()
}

fn edit(ws: &Workspace, input: &InterviewInput, id: i64, notes: &str) {
    let current = ws.interview(id).unwrap();
    ws.save_interview(&InterviewInput {
        id: Some(id),
        version: Some(current.version),
        notes: notes.into(),
        ..input.clone()
    })
    .unwrap();
}

#[test]
fn a_passage_is_coded_by_its_text_or_its_characters_and_only_if_it_is_there() {
    let (_d, ws, _, id) = seeded();
    let sentence = "The pipeline takes forever before I can merge.";
    let h = code(&ws, id, sentence, &["Pain/CI wait"]);
    // Characters: after "## Context\n" (11), as long as the sentence (46).
    assert_eq!((h.start, h.end), (11, 11 + sentence.chars().count() as u64));
    assert_eq!(h.end, 57);
    assert_eq!(h.codes, ["Pain/CI wait"]);
    // Spaces may differ from the text (a selection copied from a reflowed paragraph).
    let h2 = code(
        &ws,
        id,
        "A dashboard   of\nbuild times",
        &["Wishes/Visualization"],
    );
    assert_eq!(h2.text, "A dashboard of build times");
    // By characters; the same characters again gain a code rather than a second highlight.
    let by_offsets = ws
        .code_passage(&HighlightInput {
            document: id,
            start: Some(11),
            end: Some(57),
            codes: vec!["Speed".into()],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(by_offsets.id, h.id);
    assert_eq!(by_offsets.codes, ["Pain/CI wait", "Speed"]);
    // Refused: a quote not in the document, offsets outside it, no code, both ways at once.
    let bad = |input: HighlightInput| ws.code_passage(&input).unwrap_err();
    let e = bad(HighlightInput {
        document: id,
        quote: Some("the build is fast".into()),
        codes: vec!["X".into()],
        ..Default::default()
    });
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert!(e.to_string().contains("is not text of document"), "{e}");
    let e = bad(HighlightInput {
        document: id,
        start: Some(10),
        end: Some(10_000),
        codes: vec!["X".into()],
        ..Default::default()
    });
    assert!(
        e.to_string().contains("is not a passage of document"),
        "{e}"
    );
    let e = bad(HighlightInput {
        document: id,
        quote: Some("pipeline".into()),
        codes: vec![],
        ..Default::default()
    });
    assert!(e.to_string().contains("at least one code"), "{e}");
    assert_eq!(ws.highlights(None, None).unwrap().len(), 2);
    assert!(ws.codes().unwrap().iter().all(|c| c.path != "X"));
}

#[test]
fn highlights_follow_their_words_through_edits_and_a_lost_one_is_flagged_never_moved() {
    let (_d, ws, input, id) = seeded();
    // The second "The pipeline takes forever": context tells it from the first.
    let second = code(
        &ws,
        id,
        "build times per team. The pipeline takes forever, again.",
        &["Speed"],
    );
    let first = code(
        &ws,
        id,
        "The pipeline takes forever before",
        &["Pain/CI wait"],
    );
    // Text added above both: they move with their words.
    let above = format!("# Round 2\nNotes from the second call.\n{NOTES}");
    edit(&ws, &input, id, &above);
    let moved = ws.highlights(None, Some(id)).unwrap();
    let shift = "# Round 2\nNotes from the second call.\n".chars().count() as u64;
    let f = moved.iter().find(|h| h.id == first.id).unwrap();
    assert_eq!(
        (f.start, f.end, f.status.as_str()),
        (first.start + shift, first.end + shift, "anchored")
    );
    let s = moved.iter().find(|h| h.id == second.id).unwrap();
    assert_eq!(
        (s.start, s.status.as_str()),
        (second.start + shift, "anchored")
    );
    let body = ws.interview(id).unwrap().notes;
    let chars: Vec<char> = body.chars().collect();
    let at = |h: &groundwork::research::highlights::Highlight| -> String {
        chars[h.start as usize..h.end as usize].iter().collect()
    };
    assert_eq!(at(f), first.text);
    assert_eq!(at(s), second.text);

    // The first sentence rewritten: that highlight is lost, not moved onto the other
    // "The pipeline takes forever"; the second stays.
    let rewritten = above.replace(
        "The pipeline takes forever before I can merge.",
        "Merging waits on CI.",
    );
    edit(&ws, &input, id, &rewritten);
    let after = ws.highlights(None, Some(id)).unwrap();
    let f = after.iter().find(|h| h.id == first.id).unwrap();
    assert_eq!(f.status, "lost");
    assert_eq!(
        f.text, first.text,
        "a lost passage keeps its words for the user"
    );
    assert_eq!(
        after.iter().find(|h| h.id == second.id).unwrap().status,
        "anchored"
    );
    // Lost passages do not count for their code.
    let counts = |path: &str| ws.code(path).unwrap().passages;
    assert_eq!((counts("Pain/CI wait"), counts("Speed")), (0, 1));
    // The words back (an undo of the edit): anchored again.
    edit(&ws, &input, id, &above);
    let back = ws.highlights(None, Some(id)).unwrap();
    assert_eq!(
        back.iter().find(|h| h.id == first.id).unwrap().status,
        "anchored"
    );
    assert_eq!(counts("Pain/CI wait"), 1);
}

#[test]
fn the_codebook_is_a_tree_renamed_moved_merged_and_deleted_with_passages_following() {
    let (_d, ws, _, id) = seeded();
    let other = ws
        .save_interview(&InterviewInput {
            participant: "Ben Ode".into(),
            team: Some("Checkout".into()),
            ..common::interview(
                "Deploy fear",
                "Deploys need three approvals. The pipeline takes forever.",
            )
        })
        .unwrap()
        .id;
    ws.add_code(&CodeInput {
        path: "Pain/CI/Wait time".into(),
        description: "Waiting on CI before merging".into(),
        color: "#e76f51".into(),
    })
    .unwrap();
    code(
        &ws,
        id,
        "The pipeline takes forever before",
        &["Pain/CI/Wait time"],
    );
    code(&ws, other, "The pipeline takes forever.", &["Slow builds"]);
    code(&ws, other, "three approvals", &["Pain/Process"]);
    ws.add_code(&CodeInput {
        path: "Pain/CI flakes".into(),
        ..Default::default()
    })
    .unwrap();
    // Tree order: a code's children right after it ("Pain/CI flakes" after "Pain/CI"'s child).
    let paths: Vec<String> = ws.codes().unwrap().into_iter().map(|c| c.path).collect();
    assert_eq!(
        paths,
        [
            "Pain",
            "Pain/CI",
            "Pain/CI/Wait time",
            "Pain/CI flakes",
            "Pain/Process",
            "Slow builds"
        ]
    );
    ws.delete_code("Pain/CI flakes", None).unwrap();
    let wait = ws.code("pain/ci/wait time").unwrap();
    assert_eq!(wait.description, "Waiting on CI before merging");
    assert_eq!(
        (wait.passages, wait.documents, wait.people, wait.teams),
        (1, 1, 1, 1)
    );

    // Rename keeps passages; a name taken by a sibling is a conflict.
    ws.rename_code("Pain/CI/Wait time", "Waiting").unwrap();
    assert_eq!(ws.code("Pain/CI/Waiting").unwrap().passages, 1);
    assert_eq!(
        ws.rename_code("Pain/CI", "Process").unwrap_err().code(),
        ErrorCode::Conflict
    );
    // Move: never under itself.
    assert_eq!(
        ws.move_code("Pain", Some("Pain/CI")).unwrap_err().code(),
        ErrorCode::InvalidInput
    );
    ws.move_code("Slow builds", Some("Pain/CI")).unwrap();
    // Merge: "Slow builds" into "Waiting": both passages under one code, two people, two teams.
    let merged = ws
        .merge_codes("Pain/CI/Waiting", "Pain/CI/Slow builds")
        .unwrap();
    assert_eq!(
        (
            merged.passages,
            merged.documents,
            merged.people,
            merged.teams
        ),
        (2, 2, 2, 2)
    );
    assert_eq!(
        ws.code("Pain/CI/Slow builds").unwrap_err().code(),
        ErrorCode::NotFound
    );
    // A code's list includes its children's passages.
    assert_eq!(ws.highlights(Some("Pain"), None).unwrap().len(), 3);
    // Delete with --into: passages move; without: they stay, uncoded, and count nowhere.
    ws.delete_code("Pain/CI", Some("Pain/Process")).unwrap();
    assert_eq!(ws.code("Pain/Process").unwrap().passages, 3);
    ws.delete_code("Pain", None).unwrap();
    assert!(ws.codes().unwrap().is_empty());
    assert_eq!(
        ws.highlights(None, None).unwrap().len(),
        3,
        "the selections stay"
    );
    assert!(ws
        .highlights(None, None)
        .unwrap()
        .iter()
        .all(|h| h.codes.is_empty()));
}

#[test]
fn a_document_in_the_trash_takes_its_highlights_and_brings_them_back() {
    let (_d, ws, _, id) = seeded();
    code(&ws, id, "A dashboard of build times", &["Wishes"]);
    ws.delete_interview(id).unwrap();
    assert!(ws.highlights(None, None).unwrap().is_empty());
    assert_eq!(ws.code("Wishes").unwrap().passages, 0);
    let trash = ws.trash().unwrap()[0].id;
    ws.restore_trash(trash).unwrap();
    assert_eq!(ws.code("Wishes").unwrap().passages, 1);
    ws.delete_interview(id).unwrap();
    let trash = ws.trash().unwrap()[0].id;
    ws.purge_trash(trash).unwrap();
    let left: i64 = ws
        .conn()
        .query_row("SELECT COUNT(*) FROM highlights", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0, "purging the document purges its highlights");
}

#[test]
fn the_cli_codes_lists_and_edits_the_codebook() {
    let (d, ws, _, id) = seeded();
    drop(ws);
    let id_s = id.to_string();
    let out = gw(
        d.path(),
        &[
            "code",
            "add",
            &id_s,
            "--code",
            "Wishes/Visualization",
            "--quote",
            "A dashboard of build times",
            "--json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let h: Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in ["id", "document", "start", "end", "text", "codes"] {
        assert!(h.get(key).is_some(), "{key} in {h}");
    }
    assert_eq!(h["codes"], serde_json::json!(["Wishes/Visualization"]));
    // A quote not in the document: exit 2, the reason on stderr, nothing stored.
    let out = gw(
        d.path(),
        &[
            "code",
            "add",
            &id_s,
            "--code",
            "X",
            "--quote",
            "no such words",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not text of document"));
    let out = gw(d.path(), &["codebook", "list", "--json"]);
    let book: Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = book["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["Wishes", "Wishes/Visualization"]);
    assert_eq!(book["codes"][1]["passages"], 1);
    assert!(gw(
        d.path(),
        &["codebook", "rename", "Wishes/Visualization", "Dashboards"]
    )
    .status
    .success());
    let out = gw(d.path(), &["code", "list", "--code", "Wishes", "--json"]);
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list[0]["codes"], serde_json::json!(["Wishes/Dashboards"]));
    let out = gw(
        d.path(),
        &["codebook", "move", "Wishes", "Wishes/Dashboards"],
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "a code cannot move under its child"
    );
}

#[test]
fn undoing_an_import_says_it_would_take_coded_passages_and_redo_brings_them_back() {
    let dir = temp_workspace();
    let ws = Workspace::open(dir.path()).unwrap();
    let csv = common::write(
        dir.path(),
        "tickets.csv",
        "Summary,Issue key,Description\nCI runners starve on Mondays,OPS-7,Queue time is slow and the build cache is evicted\n",
    );
    let report = common::import(&ws, &csv);
    let batch = report.batch.expect("a batch");
    let ticket = common::ticket_id(&ws, "OPS-7");
    code(&ws, ticket, "the build cache is evicted", &["Pain/Caching"]);
    let err = ws.undo_import(batch, false).unwrap_err().to_string();
    assert!(err.contains("1 coded passage(s)"), "{err}");
    assert_eq!(
        ws.code("Pain/Caching").unwrap().passages,
        1,
        "nothing changed"
    );
    ws.undo_import(batch, true).unwrap();
    assert_eq!(ws.code("Pain/Caching").unwrap().passages, 0);
    ws.redo_import(batch).unwrap();
    let back = ws.highlights(Some("Pain/Caching"), None).unwrap();
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].text, "the build cache is evicted");
}

/// Four interviews: two by Ada (Payments), one by Ben (Checkout), one by Cy (no team), coded so
/// that every rule of the matrices shows: a passage with two codes, overlapping passages, a
/// passage inside another, passages of one document that do not overlap, a passage coded with a
/// parent.
fn matrices_seeded() -> (tempfile::TempDir, Workspace, [i64; 4]) {
    let (dir, ws, _, d1) = seeded();
    let save = |title: &str, participant: &str, team: Option<&str>, notes: &str| {
        ws.save_interview(&InterviewInput {
            participant: participant.into(),
            team: team.map(Into::into),
            ..common::interview(title, notes)
        })
        .unwrap()
        .id
    };
    let d2 = save(
        "Deploy fear",
        "Ben Ode",
        Some("Checkout"),
        "Deploys need three approvals. The pipeline takes forever.",
    );
    let d3 = save(
        "Flakes",
        "Ada Lovelace",
        Some("Payments"),
        "Flaky tests fail the pipeline. I wait an hour.",
    );
    let d4 = save("Slow", "Cy Dee", None, "The pipeline is slow and flaky.");
    let (wait, flaky, process) = ("Pain/CI/Wait", "Pain/CI/Flaky", "Pain/Process");
    // D1: one passage with Wait and Process, a Process passage inside it; a Dashboards passage
    // overlapping a Wait one on "build times".
    code(
        &ws,
        d1,
        "The pipeline takes forever before I can merge.",
        &[wait, process],
    );
    code(&ws, d1, "I can merge", &[process]);
    code(
        &ws,
        d1,
        "A dashboard of build times",
        &["Wishes/Dashboards"],
    );
    code(
        &ws,
        d1,
        "build times per team. The pipeline takes forever",
        &[wait],
    );
    // D2: Process and Wait apart; the parent "Pain" overlapping Process.
    code(&ws, d2, "three approvals", &[process]);
    code(&ws, d2, "The pipeline takes forever.", &[wait]);
    code(&ws, d2, "Deploys need three approvals.", &["Pain"]);
    // D3: Flaky and Wait on one passage, and again where "an hour" (Flaky) is inside a Wait one.
    code(&ws, d3, "Flaky tests fail the pipeline.", &[flaky, wait]);
    code(&ws, d3, "I wait an hour.", &[wait]);
    code(&ws, d3, "an hour", &[flaky]);
    // D4: "slow" (Wait) inside a Flaky passage.
    code(&ws, d4, "The pipeline is slow and flaky.", &[flaky]);
    code(&ws, d4, "slow", &[wait]);
    (dir, ws, [d1, d2, d3, d4])
}

#[test]
fn the_code_by_team_matrix_counts_each_codes_subtree_per_team_with_distinct_people() {
    let (_d, ws, [_, _, _, d4]) = matrices_seeded();
    let m = ws.code_team_matrix().unwrap();
    let teams: Vec<&str> = m.teams.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(teams, ["Checkout", "Payments", "No team"]);
    assert_eq!(m.teams[2].team, None);
    // (passages, documents, people) per column, then the row's total.
    let row = |path: &str| -> Vec<(u64, u64, u64)> {
        let r = m.rows.iter().find(|r| r.code.path == path).unwrap();
        r.cells
            .iter()
            .chain([&r.total])
            .map(|c| (c.passages, c.documents, c.people))
            .collect()
    };
    let paths: Vec<&str> = m.rows.iter().map(|r| r.code.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "Pain",
            "Pain/CI",
            "Pain/CI/Flaky",
            "Pain/CI/Wait",
            "Pain/Process",
            "Wishes",
            "Wishes/Dashboards"
        ]
    );
    // Pain gathers every Pain passage once, its own included: Checkout 3 (approvals, forever,
    // the Pain one), Payments 6 in two documents by one person (Ada), no team 2.
    assert_eq!(row("Pain"), [(3, 1, 1), (6, 2, 1), (2, 1, 1), (11, 4, 3)]);
    // The passage coded Flaky and Wait counts once for Pain/CI.
    assert_eq!(row("Pain/CI"), [(1, 1, 1), (5, 2, 1), (2, 1, 1), (8, 4, 3)]);
    assert_eq!(
        row("Pain/CI/Wait"),
        [(1, 1, 1), (4, 2, 1), (1, 1, 1), (6, 4, 3)]
    );
    assert_eq!(
        row("Pain/CI/Flaky"),
        [(0, 0, 0), (2, 1, 1), (1, 1, 1), (3, 2, 2)]
    );
    assert_eq!(
        row("Pain/Process"),
        [(1, 1, 1), (2, 1, 1), (0, 0, 0), (3, 2, 2)]
    );
    assert_eq!(row("Wishes"), [(0, 0, 0), (1, 1, 1), (0, 0, 0), (1, 1, 1)]);
    // The codebook's own figures stay the code's own (Pain: the one passage coded Pain).
    assert_eq!(ws.code("Pain").unwrap().passages, 1);
    // A document in the trash leaves the matrix, and its team's column with it.
    ws.delete_interview(d4).unwrap();
    let m = ws.code_team_matrix().unwrap();
    assert_eq!(m.teams.len(), 2);
    let flaky = m
        .rows
        .iter()
        .find(|r| r.code.path == "Pain/CI/Flaky")
        .unwrap();
    assert_eq!((flaky.total.passages, flaky.total.people), (2, 1));
}

#[test]
fn codes_co_occur_where_their_passages_overlap_counted_once_per_place() {
    let (_d, ws, _) = matrices_seeded();
    let m = ws.code_cooccurrence().unwrap();
    let id = |path: &str| m.codes.iter().find(|c| c.path == path).unwrap().id;
    let pair = |a: &str, b: &str| -> (u64, u64) {
        let (a, b) = (id(a), id(b));
        m.pairs
            .iter()
            .find(|p| (p.a, p.b) == (a, b) || (p.a, p.b) == (b, a))
            .map_or((0, 0), |p| (p.passages, p.documents))
    };
    // D3: the passage with both, and "an hour" inside "I wait an hour."; D4: "slow" inside.
    assert_eq!(pair("Pain/CI/Wait", "Pain/CI/Flaky"), (3, 2));
    // D1: one place, though Process is on the passage and on "I can merge" inside it; in D2
    // the two are on passages that do not overlap.
    assert_eq!(pair("Pain/CI/Wait", "Pain/Process"), (1, 1));
    assert_eq!(pair("Pain/CI/Wait", "Wishes/Dashboards"), (1, 1));
    // A parent counts its own passages only here: Pain meets Process in D2, not Wait.
    assert_eq!(pair("Pain", "Pain/Process"), (1, 1));
    assert_eq!(pair("Pain", "Pain/CI/Wait"), (0, 0));
    assert_eq!(pair("Pain/Process", "Wishes/Dashboards"), (0, 0));
    assert_eq!(m.pairs.len(), 4, "{:?}", m.pairs);
    // Pairs are in tree order: a before b.
    let at = |i: i64| m.codes.iter().position(|c| c.id == i).unwrap();
    assert!(m.pairs.iter().all(|p| at(p.a) < at(p.b)));
}

#[test]
fn the_cli_prints_both_matrices_and_needs_to_be_told_which() {
    let (d, ws, _) = matrices_seeded();
    drop(ws);
    let out = gw(d.path(), &["codebook", "matrix", "--teams", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let m: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(m["teams"][1]["name"], "Payments");
    assert_eq!(m["rows"][0]["code"]["path"], "Pain");
    assert_eq!(m["rows"][0]["total"]["passages"], 11);
    let out = gw(
        d.path(),
        &["codebook", "matrix", "--cooccurrence", "--json"],
    );
    let c: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(c["pairs"].as_array().unwrap().len(), 4);
    let out = gw(d.path(), &["codebook", "matrix", "--cooccurrence"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Pain/CI/Flaky  +  Pain/CI/Wait: 3 passages in 2 documents"),
        "{text}"
    );
    let out = gw(d.path(), &["codebook", "matrix"]);
    assert_eq!(out.status.code(), Some(2), "one of --teams, --cooccurrence");
    let out = gw(
        d.path(),
        &[
            "codebook",
            "describe",
            "Pain",
            "--description",
            "What hurts",
            "--color",
            "#e76f51",
            "--json",
        ],
    );
    let code: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (code["description"].as_str(), code["color"].as_str()),
        (Some("What hurts"), Some("#e76f51"))
    );
}

/// The passage counts the database keeps per code and document (schema 14, read by every theme's
/// recount) agree with the passages after every kind of change: coding, a second code, uncoding,
/// an edit that loses a passage, a merge, a move, a delete that moves passages, the trash and its
/// restore, a purge, an undone and redone import.
#[test]
fn the_kept_passage_counts_follow_every_change_to_passages_codes_and_documents() {
    let (dir, ws, input, id) = seeded();
    let agree = |when: &str| {
        let drift = groundwork::research::highlights::coded_counts_drift(ws.conn()).unwrap();
        assert!(drift.is_empty(), "after {when}: {drift:?}");
    };
    let kept = |code: &str| -> i64 {
        let c = ws.code(code).unwrap().id;
        ws.conn()
            .query_row(
                "SELECT COALESCE(SUM(passages), 0) FROM coded_documents WHERE code_id = ?1",
                [c],
                |r| r.get(0),
            )
            .unwrap()
    };
    let wait = code(
        &ws,
        id,
        "The pipeline takes forever before I can merge",
        &["Pain/CI wait"],
    );
    agree("coding a passage");
    assert_eq!(kept("Pain/CI wait"), 1);
    let dash = code(
        &ws,
        id,
        "A dashboard of build times",
        &["Wishes", "Pain/CI wait"],
    );
    agree("a passage with two codes");
    assert_eq!(kept("Pain/CI wait"), 2);
    ws.uncode_passage(dash.id, &["Pain/CI wait".to_string()])
        .unwrap();
    agree("uncoding one of its codes");
    assert_eq!(kept("Pain/CI wait"), 1);
    edit(
        &ws,
        &input,
        id,
        "## Context\nIt is fine now.\n\n## Wishes\nA dashboard of build times per team.\n",
    );
    agree("an edit that loses a passage");
    assert_eq!(kept("Pain/CI wait"), 0, "a lost passage is not counted");
    assert_eq!(
        ws.highlights(Some("Pain/CI wait"), None).unwrap()[0].id,
        wait.id
    );
    edit(&ws, &input, id, NOTES);
    agree("an edit that brings its words back");
    code(
        &ws,
        id,
        "The pipeline takes forever, again",
        &["Pain/Builds"],
    );
    ws.merge_codes("Pain/CI wait", "Pain/Builds").unwrap();
    agree("a merge");
    ws.move_code("Pain/CI wait", Some("Wishes")).unwrap();
    agree("a move");
    ws.delete_code("Wishes", Some("Pain")).unwrap();
    agree("a delete that moves passages");
    assert!(kept("Pain") >= 2, "the passages followed into Pain");
    ws.delete_interview(id).unwrap();
    agree("the trash");
    assert_eq!(kept("Pain"), 0);
    ws.restore_trash(ws.trash().unwrap()[0].id).unwrap();
    agree("a restore");
    assert!(kept("Pain") >= 2);
    ws.delete_interview(id).unwrap();
    ws.purge_trash(ws.trash().unwrap()[0].id).unwrap();
    agree("a purge");
    let csv = common::write(
        dir.path(),
        "tickets.csv",
        "Summary,Issue key,Description\nCI runners starve on Mondays,OPS-7,Queue time is slow and the build cache is evicted\n",
    );
    let batch = common::import(&ws, &csv).batch.expect("a batch");
    let ticket = common::ticket_id(&ws, "OPS-7");
    code(&ws, ticket, "the build cache is evicted", &["Pain"]);
    agree("coding a ticket");
    ws.undo_import(batch, true).unwrap();
    agree("an undone import");
    assert_eq!(kept("Pain"), 0);
    ws.redo_import(batch).unwrap();
    agree("a redone import");
    assert_eq!(kept("Pain"), 1);
    // A drift (written behind the triggers' back) is reported by the check and mended by reindex.
    ws.conn()
        .execute("UPDATE coded_documents SET passages = passages + 4", [])
        .unwrap();
    let report = ws.check().unwrap();
    assert!(!report.ok);
    assert_eq!(report.coded_counts.len(), 1, "{:?}", report.coded_counts);
    assert!(
        report.coded_counts[0].contains("5 passage(s) counted, 1 coded"),
        "{:?}",
        report.coded_counts
    );
    ws.reindex().unwrap();
    assert!(ws.check().unwrap().ok);
}
