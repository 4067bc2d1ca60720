//! People: one engineer behind many spellings. Suggested matches from names, emails and handles;
//! a person's aliases link interview participants, transcript speakers, ticket reporters and
//! identifiable survey respondents; distinct people and reach count persons; merge and split
//! recount; the anonymizer replaces every alias; the CLI does all of it.

use crate::common::{self, gw, import_with, temp_workspace, write};
use groundwork::export::anonymize::Anonymizer;
use groundwork::import::speakers::SpeakerMap;
use groundwork::import::ImportOptions;
use groundwork::research::people::PersonInput;
use groundwork::search::themes::ThemeInput;
use groundwork::search::Granularity;
use groundwork::Workspace;
use serde_json::Value;

const VTT: &str = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nAna Lima: Is the build cache any help?\n\n00:00:04.000 --> 00:00:08.000\nDana Ruiz: The build cache misses on every runner.\n\n00:00:09.000 --> 00:00:10.000\nAna Lima: Always?\n\n00:00:11.000 --> 00:00:14.000\nDana Ruiz: Every single build, yes.\n";
const TICKETS: &str = "Summary,Issue key,Reporter,Description\nBuild cache misses,OPS-1,druiz,cache keys drift\nBuild cache cold on Mondays,OPS-2,dana.ruiz@acme.io,cache evicted\nBuild cache too small,OPS-3,Lee Park,cache fills up\n";

/// A workspace where Dana is named three ways (a transcript speaker, a handle, an email) and Lee
/// once; every document mentions the build cache.
fn seeded() -> (tempfile::TempDir, Workspace) {
    let dir = temp_workspace();
    let ws = Workspace::open(dir.path()).unwrap();
    let vtt = write(dir.path(), "dana.vtt", VTT);
    let opts = ImportOptions {
        speakers: Some(vec![SpeakerMap::parse("Ana Lima=interviewer").unwrap()]),
        ..ImportOptions::default()
    };
    import_with(&ws, &vtt, &opts).unwrap();
    let csv = write(dir.path(), "tickets.csv", TICKETS);
    common::import(&ws, &csv);
    ws.index_pending().unwrap();
    (dir, ws)
}

fn people_on_cache(ws: &Workspace) -> u64 {
    let theme = match ws.themes().unwrap().into_iter().find(|t| t.name == "Cache") {
        Some(t) => t,
        None => ws
            .save_theme(&ThemeInput {
                id: None,
                name: "Cache".into(),
                query: "cache".into(),
            })
            .unwrap(),
    };
    ws.index_pending().unwrap();
    let s = ws.theme_summary(theme.id, Granularity::Month).unwrap();
    assert_eq!(s.stats.total, 4);
    s.stats.people
}

#[test]
fn a_person_made_from_a_suggestion_counts_once_whatever_the_spelling() {
    let (_d, ws) = seeded();
    // Strings: Dana Ruiz, druiz, dana.ruiz@acme.io, Lee Park.
    assert_eq!(people_on_cache(&ws), 4);
    let item = ws
        .save_item(&groundwork::roadmap::items::ItemInput {
            title: "Warm the build cache".into(),
            ..Default::default()
        })
        .unwrap();
    ws.link_item(&groundwork::roadmap::items::LinkInput {
        item: item.id,
        theme: Some(ws.themes().unwrap()[0].id),
        ..Default::default()
    })
    .unwrap();
    let people_behind = |ws: &Workspace| ws.item(item.id).unwrap().evidence.people;
    assert_eq!(people_behind(&ws), 4);
    let unlinked: Vec<String> = ws
        .unlinked_names()
        .unwrap()
        .into_iter()
        .map(|u| u.name)
        .collect();
    assert!(
        !unlinked.contains(&"Ana Lima".to_string()),
        "the interviewer is not evidence: {unlinked:?}"
    );
    for n in ["Dana Ruiz", "druiz", "dana.ruiz@acme.io", "Lee Park"] {
        assert!(unlinked.contains(&n.to_string()), "{n} in {unlinked:?}");
    }

    let suggestions = ws.suggest_people().unwrap();
    assert_eq!(suggestions.len(), 1, "{suggestions:?}");
    let mut names = suggestions[0].names.clone();
    names.sort();
    assert_eq!(names, ["Dana Ruiz", "dana.ruiz@acme.io", "druiz"]);
    assert_eq!(suggestions[0].person, None);

    let dana = ws
        .save_person(&PersonInput {
            id: None,
            name: "Dana Ruiz".into(),
            team: Some("Payments".into()),
            role: "Backend engineer".into(),
            tenure: "3 years".into(),
            aliases: vec!["druiz".into(), "dana.ruiz@acme.io".into()],
        })
        .unwrap();
    ws.index_pending().unwrap();
    assert_eq!(dana.documents, 3);
    assert_eq!(people_on_cache(&ws), 2, "Dana once, Lee once");
    // An item's reach, derived from the people behind its evidence, counts persons too.
    assert_eq!(people_behind(&ws), 2);
    let detail = ws.person(dana.id).unwrap();
    let mut how: Vec<(String, String)> = detail
        .mentions
        .iter()
        .map(|m| (m.named_as.clone(), m.as_what.clone()))
        .collect();
    how.sort();
    assert_eq!(
        how,
        [
            ("Dana Ruiz".to_string(), "speaker".to_string()),
            ("dana.ruiz@acme.io".to_string(), "reporter".to_string()),
            ("druiz".to_string(), "reporter".to_string()),
        ]
    );
    let unlinked: Vec<String> = ws
        .unlinked_names()
        .unwrap()
        .into_iter()
        .map(|u| u.name)
        .collect();
    assert_eq!(unlinked, ["Lee Park"]);
    assert!(ws.suggest_people().unwrap().is_empty());
    // The index and the database agree after the recount.
    assert!(ws.check().unwrap().ok);
}

#[test]
fn merge_and_split_recount_and_an_alias_belongs_to_one_person() {
    let (_d, ws) = seeded();
    let input = |name: &str, aliases: &[&str]| PersonInput {
        id: None,
        name: name.into(),
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
        ..PersonInput::default()
    };
    let dana = ws.save_person(&input("Dana Ruiz", &[])).unwrap();
    let handle = ws
        .save_person(&input("druiz", &["dana.ruiz@acme.io"]))
        .unwrap();
    ws.index_pending().unwrap();
    assert_eq!(people_on_cache(&ws), 3);

    let taken = ws.add_person_alias(dana.id, &["DRUIZ".into()]).unwrap_err();
    assert_eq!(taken.code(), groundwork::ErrorCode::InvalidInput);
    assert!(
        taken.to_string().contains("already an alias of druiz"),
        "{taken}"
    );

    let merged = ws.merge_people(dana.id, &[handle.id]).unwrap();
    ws.index_pending().unwrap();
    assert_eq!(merged.documents, 3);
    assert_eq!(ws.people().unwrap().len(), 1);
    assert_eq!(people_on_cache(&ws), 2);

    let split = ws
        .split_person(dana.id, &["dana.ruiz@acme.io".into()])
        .unwrap();
    ws.index_pending().unwrap();
    assert_eq!(split.name, "dana.ruiz@acme.io");
    assert_eq!(split.documents, 1);
    assert_eq!(ws.person(dana.id).unwrap().person.documents, 2);
    assert_eq!(people_on_cache(&ws), 3);
    assert!(
        ws.split_person(dana.id, &["Lee Park".into()]).is_err(),
        "not Dana's alias"
    );

    ws.delete_person(split.id).unwrap();
    ws.index_pending().unwrap();
    assert_eq!(people_on_cache(&ws), 3, "its name counts as itself again");
    assert!(ws.check().unwrap().ok);
}

#[test]
fn the_anonymizer_replaces_every_alias_of_a_person_with_one_label_interviewers_included() {
    let (_d, ws) = seeded();
    ws.save_person(&PersonInput {
        id: None,
        name: "Dana Ruiz".into(),
        team: Some("Payments".into()),
        aliases: vec!["druiz".into(), "@dana-r".into()],
        ..PersonInput::default()
    })
    .unwrap();
    let a = Anonymizer::load(ws.conn()).unwrap();
    let text =
        a.text("Dana Ruiz (druiz, dana-r) told Ana Lima and Lee Park; mail dana.ruiz@acme.io");
    assert!(
        !text.contains("Dana") && !text.contains("druiz") && !text.contains("dana-r"),
        "{text}"
    );
    assert!(
        !text.contains("Ana Lima") && !text.contains("Lee Park"),
        "{text}"
    );
    assert!(
        text.starts_with("engineer 1 (payments) (engineer 1 (payments), engineer 1 (payments))"),
        "{text}"
    );
    assert!(text.contains("[email]"), "{text}");
}

#[test]
fn the_cli_lists_adds_merges_and_refuses_an_unknown_person() {
    let (dir, ws) = seeded();
    drop(ws);
    let w = dir.path();
    let out = gw(
        w,
        &[
            "people",
            "add",
            "Dana Ruiz",
            "--alias",
            "druiz",
            "--team",
            "Payments",
            "--json",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let added: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(added["documents"], 2);
    let out = gw(w, &["people", "add", "dana.ruiz@acme.io", "--json"]);
    assert_eq!(out.status.code(), Some(0));

    let suggested: Value =
        serde_json::from_slice(&gw(w, &["people", "suggest", "--json"]).stdout).unwrap();
    assert_eq!(suggested[0]["person_name"], "Dana Ruiz", "{suggested}");

    let out = gw(
        w,
        &["people", "merge", "druiz", "dana.ruiz@acme.io", "--json"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let merged: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(merged["name"], "Dana Ruiz");
    assert_eq!(merged["documents"], 3);

    let shown: Value =
        serde_json::from_slice(&gw(w, &["people", "show", "DANA RUIZ", "--json"]).stdout).unwrap();
    assert_eq!(shown["mentions"].as_array().unwrap().len(), 3);

    let bad = gw(w, &["people", "show", "nobody"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no person is \"nobody\""));
    let listed = String::from_utf8_lossy(&gw(w, &["people", "list"]).stdout).into_owned();
    assert!(
        listed.contains("Dana Ruiz") && listed.contains("aka druiz, dana.ruiz@acme.io"),
        "{listed}"
    );
}
