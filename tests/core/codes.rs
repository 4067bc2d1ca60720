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
    let ticket: i64 = ws
        .conn()
        .query_row(
            "SELECT document_id FROM tickets WHERE key = 'OPS-7'",
            [],
            |r| r.get(0),
        )
        .unwrap();
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
