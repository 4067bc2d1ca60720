//! Themes stand on passages: a theme's evidence is its query's matches, together with the
//! documents holding passages of its codes, less the documents rejected as not about it. Counts,
//! trend and teams show each part, scoring counts the same documents, a pinned quote is a coded
//! passage that follows its words, and the trash brings a theme back with its codes and
//! rejections.

use crate::common::{self, gw, temp_workspace};
use groundwork::research::highlights::HighlightInput;
use groundwork::research::interviews::InterviewInput;
use groundwork::roadmap::items::{ItemInput, LinkInput};
use groundwork::search::themes::ThemeInput;
use groundwork::Workspace;
use serde_json::Value;

fn iv(title: &str, team: &str, who: &str, date: &str, notes: &str) -> InterviewInput {
    InterviewInput {
        title: title.into(),
        participant: who.into(),
        team: Some(team.into()),
        date: date.into(),
        notes: notes.into(),
        ..common::interview(title, notes)
    }
}

struct Fixture {
    _dir: tempfile::TempDir,
    ws: Workspace,
    /// Says "slow ci" (the query finds it).
    said: i64,
    /// A paraphrase the query misses: "the pipeline takes forever before I can merge".
    paraphrase: i64,
    /// Says "slow ci" but is about a slow CI *vendor sales call*: the PM rejects it.
    off_topic: i64,
    theme: i64,
}

fn fixture() -> Fixture {
    let dir = temp_workspace();
    let ws = Workspace::open(dir.path().join("ws")).unwrap();
    let said = ws
        .save_interview(&iv(
            "Payments: builds",
            "Payments",
            "Ada Lovelace",
            "2026-01-14",
            "Honestly slow CI is the worst part of my week.",
        ))
        .unwrap()
        .id;
    let paraphrase = ws
        .save_interview(&iv(
            "Search: merging",
            "Search",
            "Grace Hopper",
            "2026-02-03",
            "Every day the pipeline takes forever before I can merge anything.",
        ))
        .unwrap()
        .id;
    let off_topic = ws
        .save_interview(&iv(
            "Vendors",
            "Platform",
            "Alan Turing",
            "2026-02-20",
            "The vendor pitched their slow CI detector; nobody asked for it.",
        ))
        .unwrap()
        .id;
    ws.index_pending().unwrap();
    let theme = ws
        .save_theme(&ThemeInput {
            id: None,
            name: "Slow CI".into(),
            query: "\"slow ci\"".into(),
        })
        .unwrap()
        .id;
    Fixture {
        _dir: dir,
        ws,
        said,
        paraphrase,
        off_topic,
        theme,
    }
}

fn code(ws: &Workspace, doc: i64, quote: &str, path: &str) -> i64 {
    ws.code_passage(&HighlightInput {
        document: doc,
        quote: Some(quote.into()),
        codes: vec![path.into()],
        ..Default::default()
    })
    .unwrap()
    .id
}

#[test]
fn a_theme_is_its_query_and_its_codes_passages_less_what_was_rejected() {
    let f = fixture();
    let ws = &f.ws;
    let summary = |ws: &Workspace| ws.theme_summary(f.theme, Default::default()).unwrap();
    let s = summary(ws);
    assert_eq!(
        (s.stats.total, s.stats.from_query, s.stats.from_codes),
        (2, 2, 0)
    );

    // The paraphrase is coded; the theme stands on the code's parent: children count.
    code(
        ws,
        f.paraphrase,
        "the pipeline takes forever before I can merge",
        "CI/Wait time",
    );
    code(ws, f.paraphrase, "Every day", "CI/Wait time");
    // A passage coded with both the parent and its child is still one passage.
    code(ws, f.paraphrase, "Every day", "CI");
    assert_eq!(ws.add_theme_code(f.theme, "CI").unwrap(), ["CI"]);
    let s = summary(ws);
    assert_eq!(s.codes, ["CI"]);
    assert_eq!(s.stats.total, 3);
    assert_eq!(s.stats.from_query, 2);
    assert_eq!(s.stats.from_codes, 1);
    assert_eq!(s.stats.passages, 2);
    assert_eq!(s.stats.teams, 3);
    // Each part in the trend and per team: February holds the coded document.
    let feb = s
        .stats
        .trend
        .iter()
        .find(|b| b.period == "2026-02")
        .unwrap();
    assert_eq!((feb.count, feb.coded), (2, 1));
    let jan = s
        .stats
        .trend
        .iter()
        .find(|b| b.period == "2026-01")
        .unwrap();
    assert_eq!((jan.count, jan.coded), (1, 0));
    assert_eq!(s.stats.coded_by_team.len(), 1);
    assert_eq!(s.stats.coded_by_team[0].value, "Search");

    // "Not about this": the vendor call no longer counts, and says so.
    ws.reject_from_theme(f.theme, f.off_topic).unwrap();
    let s = summary(ws);
    assert_eq!(s.stats.total, 2);
    assert_eq!(s.stats.from_query, 1);
    assert_eq!(s.stats.rejected, 1);
    assert_eq!(s.rejected, [f.off_topic]);
    assert!(s.stats.evidence.iter().all(|h| h.id != f.off_topic));
    // A rejected document's coded passages do not count either.
    ws.reject_from_theme(f.theme, f.paraphrase).unwrap();
    let s = summary(ws);
    assert_eq!(
        (s.stats.total, s.stats.from_codes, s.stats.passages),
        (1, 0, 0)
    );
    ws.unreject_from_theme(f.theme, f.paraphrase).unwrap();
    assert_eq!(summary(ws).stats.total, 2);
    // The list shows the same parts.
    let o = ws.theme_overview().unwrap().remove(0);
    assert_eq!(
        (o.total, o.from_query, o.from_codes, o.passages),
        (2, 1, 1, 2)
    );
    assert_eq!(o.codes, ["CI"]);
    // Unknown documents and themes are refused; unrejecting what was never rejected too.
    assert!(ws.reject_from_theme(f.theme, 9_999).is_err());
    assert!(ws.unreject_from_theme(f.theme, f.said).is_err());

    // Scoring counts the same documents: the item linked to the theme rests on two.
    let item = ws
        .save_item(&ItemInput {
            title: "Faster pipelines".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    ws.link_item(&LinkInput {
        item,
        theme: Some(f.theme),
        ..Default::default()
    })
    .unwrap();
    let detail = ws.item(item).unwrap();
    assert_eq!(detail.evidence.documents, 2);
    assert_eq!(detail.evidence.teams, 2);
    // Taking the code off the theme takes its passages out of the item's evidence too.
    assert!(ws.remove_theme_code(f.theme, "CI").unwrap().is_empty());
    assert_eq!(ws.item(item).unwrap().evidence.documents, 1);
}

#[test]
fn a_pin_is_a_coded_passage_that_follows_its_words() {
    let f = fixture();
    let ws = &f.ws;
    let q = ws
        .pin_quote(f.theme, f.said, "slow CI is the worst part")
        .unwrap();
    assert_eq!(q.status, "anchored");
    assert_eq!(q.speaker.as_deref(), Some("Ada Lovelace"));
    assert_eq!(q.date.as_deref(), Some("2026-01-14"));
    assert_eq!((q.start, q.end), (Some(9), Some(34)));
    // The theme had no code: one named after it was made, and the theme stands on it.
    let s = ws.theme_summary(f.theme, Default::default()).unwrap();
    assert_eq!(s.codes, ["Slow CI"]);
    let coded = ws.highlights(Some("Slow CI"), None).unwrap();
    assert_eq!(coded.len(), 1);
    assert_eq!(Some(coded[0].id), q.highlight);
    // A second pin uses the same code.
    ws.pin_quote(f.theme, f.off_topic, "slow CI detector")
        .unwrap();
    assert_eq!(ws.highlights(Some("Slow CI"), None).unwrap().len(), 2);
    assert_eq!(ws.codes().unwrap().len(), 1);

    // An edit above the passage: the quote follows it.
    let current = ws.interview(f.said).unwrap();
    ws.save_interview(&InterviewInput {
        id: Some(f.said),
        version: Some(current.version),
        notes: "New first line.\nHonestly slow CI is the worst part of my week.".into(),
        ..iv(
            "Payments: builds",
            "Payments",
            "Ada Lovelace",
            "2026-01-14",
            "",
        )
    })
    .unwrap();
    let quotes = ws
        .theme_summary(f.theme, Default::default())
        .unwrap()
        .quotes;
    let moved = quotes.iter().find(|x| x.id == q.id).unwrap();
    assert_eq!(moved.status, "anchored");
    assert_eq!((moved.start, moved.end), (Some(25), Some(50)));
    assert_eq!(moved.text, "slow CI is the worst part");
    // An edit that removes the words: the quote says it is lost, keeping its text.
    let current = ws.interview(f.said).unwrap();
    ws.save_interview(&InterviewInput {
        id: Some(f.said),
        version: Some(current.version),
        notes: "Builds are fine now.".into(),
        ..iv(
            "Payments: builds",
            "Payments",
            "Ada Lovelace",
            "2026-01-14",
            "",
        )
    })
    .unwrap();
    let quotes = ws
        .theme_summary(f.theme, Default::default())
        .unwrap()
        .quotes;
    let lost = quotes.iter().find(|x| x.id == q.id).unwrap();
    assert_eq!(lost.status, "lost");
    assert_eq!(lost.text, "slow CI is the worst part");
    assert_eq!(lost.start, None);
}

#[test]
fn a_deleted_theme_comes_back_with_its_codes_and_rejections_and_merges_carry_them() {
    let f = fixture();
    let ws = &f.ws;
    code(ws, f.paraphrase, "the pipeline takes forever", "Waiting");
    ws.add_theme_code(f.theme, "Waiting").unwrap();
    ws.reject_from_theme(f.theme, f.off_topic).unwrap();
    let before = ws.theme_summary(f.theme, Default::default()).unwrap();
    ws.delete_theme(f.theme).unwrap();
    let entry = ws.trash().unwrap().remove(0);
    ws.restore_trash(entry.id).unwrap();
    let after = ws.theme_summary(f.theme, Default::default()).unwrap();
    assert_eq!(after.codes, before.codes);
    assert_eq!(after.rejected, before.rejected);
    assert_eq!(after.stats.total, before.stats.total);
    // Merging the code into another: the theme stands on the survivor.
    code(ws, f.said, "slow CI", "Pipeline speed");
    ws.merge_codes("Pipeline speed", "Waiting").unwrap();
    let merged = ws.theme_summary(f.theme, Default::default()).unwrap();
    assert_eq!(merged.codes, ["Pipeline speed"]);
    assert_eq!(merged.stats.from_codes, 2);
    // Deleting a code the theme stands on: the theme falls back on its query.
    ws.delete_code("Pipeline speed", None).unwrap();
    let left = ws.theme_summary(f.theme, Default::default()).unwrap();
    assert!(left.codes.is_empty());
    assert_eq!(left.stats.total, left.stats.from_query);
}

#[test]
fn the_cli_codes_rejects_and_shows_each_part() {
    let f = fixture();
    let dir = f.ws.dir().to_path_buf();
    code(&f.ws, f.paraphrase, "the pipeline takes forever", "Waiting");
    drop(f.ws);
    let json = |args: &[&str]| -> Value {
        let out = gw(&dir, args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let v = json(&["theme", "code", "Slow CI", "Waiting", "--json"]);
    assert_eq!(v["codes"][0], "Waiting");
    let v = json(&[
        "theme",
        "reject",
        "Slow CI",
        &f.off_topic.to_string(),
        "--json",
    ]);
    assert_eq!(v["rejected"], f.off_topic);
    let v = json(&["theme", "show", "Slow CI", "--json"]);
    assert_eq!(v["stats"]["total"], 2);
    assert_eq!(v["stats"]["from_query"], 1);
    assert_eq!(v["stats"]["from_codes"], 1);
    assert_eq!(v["stats"]["rejected"], 1);
    let text = gw(&dir, &["theme", "show", "Slow CI"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("1 found by the query, 1 holding 1 coded passage(s) of Waiting, 1 rejected"),
        "{text}"
    );
    // Bad input: an unknown document, an unknown code.
    let out = gw(&dir, &["theme", "reject", "Slow CI", "424242"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = gw(&dir, &["theme", "code", "Slow CI", "No such code"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("No such code"));
}
