//! Nothing ordinary destroys evidence: an undone import, a survey re-import and a deleted interview
//! put what they remove in the trash, with the quotes and roadmap links resting on it, and it comes
//! back whole (redo, re-import, restore). Quotes must be text of their document.

use crate::common::{self, gw, temp_workspace};
use groundwork::research::interviews::InterviewInput;
use groundwork::roadmap::items::{ItemInput, LinkInput};
use groundwork::search::themes::ThemeInput;
use groundwork::search::SearchRequest;
use groundwork::{ErrorCode, Workspace};
use std::path::Path;

const JIRA: &str = "Summary,Issue key,Status,Reporter,Created,Description\n\
    CI runners starve on Mondays,PLAT-1,Open,Dana,2026-02-02 09:00,Queue time is slow: the build cache is evicted.\n\
    Kubelet crash loops,PLAT-2,Resolved,Eli,2026-03-15 10:00,Kubernetes nodes restart during deployments.\n";

fn hits(ws: &Workspace, q: &str) -> Vec<i64> {
    ws.index_pending().unwrap();
    ws.search(&SearchRequest {
        query: q.into(),
        limit: Some(50),
        ..Default::default()
    })
    .unwrap()
    .hits
    .into_iter()
    .map(|h| h.id)
    .collect()
}

/// A workspace with two imported tickets; PLAT-1 carries a pinned quote and a roadmap link.
fn evidence_on_an_import(dir: &Path) -> (i64, i64, i64, i64) {
    let ws = Workspace::open(dir).unwrap();
    let csv = common::write(dir, "jira.csv", JIRA);
    let batch = common::import(&ws, &csv).batch.unwrap();
    let ticket = hits(&ws, "evicted")[0];
    let theme = ws
        .save_theme(&ThemeInput {
            id: None,
            name: "Slow CI".into(),
            query: "\"build cache\"".into(),
        })
        .unwrap();
    ws.pin_quote(theme.id, ticket, "the build cache is evicted")
        .unwrap();
    let item = ws
        .save_item(&ItemInput {
            title: "Warm build caches".into(),
            ..Default::default()
        })
        .unwrap();
    ws.link_item(&LinkInput {
        item: item.id,
        theme: None,
        document: Some(ticket),
        quote: Some("Queue time is slow".into()),
    })
    .unwrap();
    (batch, ticket, theme.id, item.id)
}

#[test]
fn undo_with_quotes_and_links_asks_then_trashes_and_redo_brings_everything_back() {
    let tmp = temp_workspace();
    let dir = tmp.path().join("ws");
    let (batch, ticket, theme, item) = evidence_on_an_import(&dir);

    // The CLI refuses (exit 2) and says what would be lost; nothing changes.
    let out = gw(&dir, &["imports", "undo", &batch.to_string()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("1 quote(s) and 1 roadmap link(s)"), "{err}");
    assert!(err.contains("CI runners starve on Mondays"), "{err}");
    assert!(err.contains("--force"), "{err}");
    {
        let ws = Workspace::open(&dir).unwrap();
        assert_eq!(
            ws.theme_summary(theme, Default::default())
                .unwrap()
                .quotes
                .len(),
            1
        );
        assert_eq!(ws.item(item).unwrap().item.links, 1);
        assert!(ws.import_batches().unwrap()[0].undone_at.is_none());
        let preview = ws.undo_import_preview(batch).unwrap();
        assert_eq!((preview.removes, preview.restores), (2, 0));
        assert_eq!(preview.at_risk.len(), 1);
        assert_eq!(preview.at_risk[0].document, ticket);
        assert_eq!(
            (preview.at_risk[0].quotes, preview.at_risk[0].links),
            (1, 1)
        );
        // The core's own refusal carries its code.
        assert_eq!(
            ws.undo_import(batch, false).unwrap_err().code(),
            ErrorCode::NeedsConfirmation
        );
    }

    // Forced, the documents go to the trash with what rests on them.
    let out = gw(&dir, &["imports", "undo", &batch.to_string(), "--force"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ws = Workspace::open(&dir).unwrap();
    assert!(hits(&ws, "evicted").is_empty());
    assert!(ws
        .theme_summary(theme, Default::default())
        .unwrap()
        .quotes
        .is_empty());
    let detail = ws.item(item).unwrap();
    assert!(detail.links.is_empty());
    // What the item's score rests on drops with the documents, and comes back with them.
    assert_eq!(
        (
            detail.evidence.documents,
            detail.evidence.quotes,
            detail.evidence.links
        ),
        (0, 0, 0)
    );
    let trash = ws.trash().unwrap();
    assert_eq!(trash.len(), 1);
    assert_eq!(trash[0].documents.get("ticket"), Some(&2));
    assert_eq!((trash[0].quotes, trash[0].links), (1, 1));
    assert_eq!(trash[0].batch, Some(batch));
    drop(ws);
    let listed = gw(&dir, &["trash", "list", "--json"]);
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(listed[0]["quotes"], 1);

    // Redo: the tickets, the quote and the link are back, and search finds them.
    let out = gw(&dir, &["imports", "redo", &batch.to_string()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ws = Workspace::open(&dir).unwrap();
    assert_eq!(hits(&ws, "evicted"), vec![ticket]);
    let quotes = ws.theme_summary(theme, Default::default()).unwrap().quotes;
    assert_eq!(quotes[0].text, "the build cache is evicted");
    let detail = ws.item(item).unwrap();
    assert_eq!(detail.links.len(), 1);
    assert_eq!(detail.links[0].document_id, Some(ticket));
    assert_eq!(
        (
            detail.evidence.documents,
            detail.evidence.quotes,
            detail.evidence.links
        ),
        (1, 1, 1)
    );
    assert!(ws.trash().unwrap().is_empty());
    assert!(ws.import_batches().unwrap()[0].undone_at.is_none());
    assert!(ws.check().unwrap().ok);
    // Redo twice is refused.
    assert_eq!(
        ws.redo_import(batch).unwrap_err().code(),
        ErrorCode::InvalidInput
    );
}

#[test]
fn an_undone_import_comes_back_by_restoring_its_trash_entry_or_importing_again() {
    let tmp = temp_workspace();
    let dir = tmp.path().join("ws");
    let (batch, ticket, theme, _) = evidence_on_an_import(&dir);
    let ws = Workspace::open(&dir).unwrap();
    ws.undo_import(batch, true).unwrap();
    let entry = ws.trash().unwrap()[0].id;
    ws.restore_trash(entry).unwrap();
    assert_eq!(hits(&ws, "evicted"), vec![ticket]);
    assert!(ws.import_batches().unwrap()[0].undone_at.is_none());

    // Undo again, then import the same file again: the same documents come back, quotes and all.
    ws.undo_import(batch, true).unwrap();
    let again = common::import(&ws, &tmp.path().join("ws/jira.csv"));
    assert_eq!(again.imported, 2);
    assert_eq!(hits(&ws, "evicted"), vec![ticket]);
    assert_eq!(
        ws.theme_summary(theme, Default::default())
            .unwrap()
            .quotes
            .len(),
        1
    );
    assert!(
        ws.trash().unwrap().is_empty(),
        "the emptied entry is not listed"
    );
    // The first batch cannot be redone over the second.
    assert_eq!(
        ws.redo_import(batch).unwrap_err().code(),
        ErrorCode::InvalidInput
    );
    // And the second one undoes into the trash again.
    let err = ws.undo_import(again.batch.unwrap(), false).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NeedsConfirmation);
}

#[test]
fn purging_the_trash_deletes_for_good_and_then_redo_is_refused() {
    let tmp = temp_workspace();
    let dir = tmp.path().join("ws");
    let (batch, _, theme, item) = evidence_on_an_import(&dir);
    let ws = Workspace::open(&dir).unwrap();
    ws.undo_import(batch, true).unwrap();
    let out = gw(&dir, &["trash", "empty", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"], 2);
    assert!(ws.trash().unwrap().is_empty());
    assert!(ws
        .theme_summary(theme, Default::default())
        .unwrap()
        .quotes
        .is_empty());
    assert!(ws.item(item).unwrap().links.is_empty());
    let err = ws.redo_import(batch).unwrap_err();
    assert!(err.to_string().contains("purged"), "{err}");
    assert!(ws.check().unwrap().ok);
}

#[test]
fn a_deleted_interview_is_in_the_trash_until_restored_or_purged() {
    let tmp = temp_workspace();
    let ws = Workspace::open(tmp.path().join("ws")).unwrap();
    let a = ws
        .save_interview(&common::interview(
            "Onboarding pains",
            "Setup took two days.",
        ))
        .unwrap();
    let b = ws
        .save_interview(&common::interview(
            "Deploy fear",
            "Nobody deploys on Fridays.",
        ))
        .unwrap();
    ws.delete_interview(a.id).unwrap();
    ws.delete_interview(b.id).unwrap();
    let trash = ws.trash().unwrap();
    assert_eq!(trash.len(), 2);
    assert_eq!(trash[0].label, "deleted interview \"Deploy fear\"");
    ws.restore_trash(trash[1].id).unwrap();
    assert_eq!(hits(&ws, "setup"), vec![a.id]);
    // The older undo (restore_interview) also takes it out of the trash.
    ws.restore_interview(b.id).unwrap();
    assert!(ws.trash().unwrap().is_empty());
    ws.delete_interview(b.id).unwrap();
    let id = ws.trash().unwrap()[0].id;
    assert_eq!(ws.purge_trash(id).unwrap(), 1);
    assert_eq!(ws.interview(b.id).unwrap_err().code(), ErrorCode::NotFound);
}

#[test]
fn a_quote_must_be_text_of_its_document() {
    let tmp = temp_workspace();
    let ws = Workspace::open(tmp.path().join("ws")).unwrap();
    let doc = ws
        .save_interview(&InterviewInput {
            notes: "## What she said\n- Getting the service running took **a day and a half**:\n  a pinned wiki page.".into(),
            pain_points: vec!["Flaky staging".into()],
            ..common::interview("Onboarding", "")
        })
        .unwrap()
        .id;
    let theme = ws
        .save_theme(&ThemeInput {
            id: None,
            name: "Onboarding".into(),
            query: "wiki".into(),
        })
        .unwrap()
        .id;
    let err = ws.pin_quote(theme, doc, "anything").unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(
        err.to_string().contains("does not occur in document"),
        "{err}"
    );
    // Whitespace across a line break and the rendered Markdown (no `**`) both match.
    ws.pin_quote(theme, doc, "a day and a half:\n a pinned wiki page")
        .unwrap();
    ws.pin_quote(theme, doc, "Getting the service running took a day")
        .unwrap();
    let item = ws
        .save_item(&ItemInput {
            title: "Dev containers".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let err = ws
        .link_item(&LinkInput {
            item,
            theme: None,
            document: Some(doc),
            quote: Some("not in there".into()),
        })
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    // The CLI refuses with exit 2 too.
    drop(ws);
    let out = gw(
        &tmp.path().join("ws"),
        &["theme", "pin", "Onboarding", &doc.to_string(), "anything"],
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn check_reports_quotes_their_document_no_longer_holds() {
    let tmp = temp_workspace();
    let dir = tmp.path().join("ws");
    let ws = Workspace::open(&dir).unwrap();
    let csv = common::write(&dir, "jira.csv", JIRA);
    common::import(&ws, &csv);
    let ticket = hits(&ws, "evicted")[0];
    let theme = ws
        .save_theme(&ThemeInput {
            id: None,
            name: "Cache".into(),
            query: "cache".into(),
        })
        .unwrap()
        .id;
    ws.pin_quote(theme, ticket, "the build cache is evicted")
        .unwrap();
    assert!(ws.check().unwrap().ok);
    // A later export reworded the ticket; undoing that import is fine, but a re-import that
    // changes the text leaves the quote unsourced, and check says so.
    let reworded = common::write(
        &dir,
        "jira2.csv",
        JIRA.replace("the build cache is evicted", "caches are dropped"),
    );
    let second = common::import(&ws, &reworded);
    assert_eq!(second.updated, 1);
    let report = ws.check().unwrap();
    assert!(report.ok, "a content warning, not damage: {report:?}");
    assert_eq!(report.unsourced_quotes.len(), 1, "{report:?}");
    assert!(
        report.unsourced_quotes[0].contains("\"Cache\""),
        "{report:?}"
    );
    ws.undo_import(second.batch.unwrap(), false).unwrap();
    assert!(ws.check().unwrap().unsourced_quotes.is_empty());
}

#[test]
fn a_deleted_theme_and_item_come_back_with_their_quotes_links_and_history() {
    let tmp = temp_workspace();
    let dir = tmp.path().join("ws");
    let (_, ticket, theme, item) = evidence_on_an_import(&dir);
    let ws = Workspace::open(&dir).unwrap();
    ws.link_item(&LinkInput {
        item,
        theme: Some(theme),
        document: None,
        quote: None,
    })
    .unwrap();
    let mut input = groundwork::roadmap::items::to_input(&ws.item(item).unwrap().item);
    input.teams = vec!["Payments".into()];
    input.effort = Some(3.0);
    input.status = groundwork::roadmap::items::ItemStatus::Planned;
    ws.save_item(&input).unwrap();
    let before = ws.item(item).unwrap();
    assert_eq!(before.links.len(), 2);

    ws.delete_theme(theme).unwrap();
    assert!(ws.themes().unwrap().is_empty());
    assert_eq!(
        ws.item(item).unwrap().links.len(),
        1,
        "the theme link went with it"
    );
    let entry = &ws.trash().unwrap()[0];
    assert_eq!(entry.label, "deleted theme \"Slow CI\"");
    assert_eq!((entry.quotes, entry.links), (1, 1));

    ws.delete_item(item).unwrap();
    assert!(ws.items().unwrap().is_empty());
    let trash = ws.trash().unwrap();
    assert_eq!(trash[0].label, "deleted roadmap item \"Warm build caches\"");
    // The item's theme link left with the theme: one link (the quote) went with the item.
    assert_eq!(trash[0].links, 1);

    // Restore the item, then the theme: everything is back as it was, the theme link included.
    ws.restore_trash(trash[0].id).unwrap();
    assert_eq!(ws.item(item).unwrap().links.len(), 1);
    ws.restore_trash(trash[1].id).unwrap();
    let theme_back = ws.theme_summary(theme, Default::default()).unwrap();
    assert_eq!(theme_back.quotes.len(), 1);
    assert_eq!(theme_back.quotes[0].document_id, ticket);
    let after = ws.item(item).unwrap();
    assert_eq!(after.item.teams, before.item.teams);
    assert_eq!(after.item.effort, Some(3.0));
    assert_eq!(after.item.history.len(), before.item.history.len());
    assert_eq!(after.links.len(), 2);
    assert!(ws.trash().unwrap().is_empty());
    assert!(ws.check().unwrap().ok);

    // A theme named like a trashed one is made meanwhile: restoring says so and keeps the entry.
    ws.delete_theme(theme).unwrap();
    ws.save_theme(&ThemeInput {
        id: None,
        name: "slow ci".into(),
        query: "ci".into(),
    })
    .unwrap();
    let entry = ws.trash().unwrap()[0].id;
    let err = ws.restore_trash(entry).unwrap_err();
    assert!(err.to_string().contains("exists again"), "{err}");
    assert_eq!(ws.trash().unwrap().len(), 1);
}

#[test]
fn a_survey_reimport_that_drops_answer_documents_asks_and_keeps_them_in_the_trash() {
    let tmp = temp_workspace();
    let dir = tmp.path().join("ws");
    let survey = common::write(
        tmp.path(),
        "pulse.csv",
        "Timestamp,Team,What slows you down?\n\
         3/2/2026 9:00:00,Payments,Waiting for the flaky integration suite\n\
         3/2/2026 9:01:00,Search,Reviews sit for two days\n\
         3/2/2026 9:02:00,Payments,Waiting for the flaky integration suite\n",
    );
    let run = |args: &[&str]| gw(&dir, args);
    let out = run(&["import", survey.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ws = Workspace::open(&dir).unwrap();
    let answer = hits(&ws, "reviews")[0];
    let theme = ws
        .save_theme(&ThemeInput {
            id: None,
            name: "Reviews".into(),
            query: "reviews".into(),
        })
        .unwrap()
        .id;
    ws.pin_quote(theme, answer, "Reviews sit for two days")
        .unwrap();
    drop(ws);

    // The same export read with the question as a choice: its answers stop being documents.
    let as_choice = ["--map", "What slows you down?=single"];
    let mut args = vec!["import", survey.to_str().unwrap()];
    args.extend(as_choice);
    let out = run(&args);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("1 quote(s)"), "{err}");
    assert!(err.contains("--force"), "{err}");
    let ws = Workspace::open(&dir).unwrap();
    assert_eq!(
        hits(&ws, "reviews"),
        vec![answer],
        "refused: nothing changed"
    );
    assert_eq!(ws.import_batches().unwrap().len(), 1);
    drop(ws);

    args.push("--force");
    let out = run(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ws = Workspace::open(&dir).unwrap();
    assert!(hits(&ws, "reviews").is_empty());
    let trash = ws.trash().unwrap();
    assert_eq!(trash.len(), 1);
    assert_eq!(trash[0].documents.get("survey_response"), Some(&3));
    assert_eq!(trash[0].quotes, 1);
    drop(ws);

    // Read as free text again: the same documents come back from the trash, quote and all.
    let out = run(&[
        "import",
        survey.to_str().unwrap(),
        "--map",
        "What slows you down?=text",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ws = Workspace::open(&dir).unwrap();
    assert_eq!(hits(&ws, "reviews"), vec![answer]);
    assert_eq!(
        ws.theme_summary(theme, Default::default())
            .unwrap()
            .quotes
            .len(),
        1
    );
    assert!(ws.trash().unwrap().is_empty());
    assert!(ws.check().unwrap().ok);
}
