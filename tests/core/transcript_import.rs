//! Transcripts import as interviews made of turns: speakers and their roles (given, remembered,
//! guessed), what participants said as the evidence, the interviewer's words searchable apart,
//! `speaker:` and `role:` filters, hits that name their turn, re-import and undo, the CLI, and the
//! real CNCF interviews.

use crate::common::{self, gw, import_with, temp_workspace, write};
use groundwork::import::speakers::SpeakerMap;
use groundwork::import::{Format, ImportKind, ImportOptions};
use groundwork::research::transcripts::SpeakerRole;
use groundwork::search::themes::ThemeInput;
use groundwork::search::{Granularity, SearchRequest, SpokenBy};
use groundwork::Workspace;
use serde_json::Value;

const ZOOM: &str = "WEBVTT\r\n\r\n1\r\n00:00:01.000 --> 00:00:04.000\r\nAna Lima: Do you find the CI slow these days?\r\n\r\n2\r\n00:00:05.000 --> 00:00:09.500\r\nDana Ruiz: Our builds take an hour because the cache misses on every runner.\r\n\r\n3\r\n00:00:10.000 --> 00:00:12.000\r\nDana Ruiz: So we rerun flaky suites by hand.\r\n\r\n4\r\n00:01:02.000 --> 00:01:04.000\r\nAna Lima: How often does that happen?\r\n\r\n5\r\n00:01:05.000 --> 00:01:06.000\r\nDana Ruiz: Every single day.\r\n\r\n6\r\n00:05:31.000 --> 00:05:35.000\r\nAna Lima: What would you fix first?\r\n\r\n7\r\n00:05:36.000 --> 00:05:40.000\r\nDana Ruiz: The quarantine for flaky tests, before anything else.\r\n";

fn opts(speakers: &[&str]) -> ImportOptions {
    ImportOptions {
        speakers: Some(
            speakers
                .iter()
                .map(|s| SpeakerMap::parse(s).unwrap())
                .collect(),
        ),
        ..ImportOptions::default()
    }
}

fn search(ws: &Workspace, q: &str) -> groundwork::search::SearchResults {
    ws.search(&SearchRequest {
        query: q.into(),
        limit: Some(50),
        ..Default::default()
    })
    .unwrap()
}

fn only_interview(ws: &Workspace) -> groundwork::research::interviews::Interview {
    let list = ws.interviews(&Default::default()).unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    ws.interview(list[0].id).unwrap()
}

#[test]
fn a_zoom_transcript_becomes_one_interview_of_turns_with_participants_words_as_evidence() {
    let dir = temp_workspace();
    let ws = Workspace::open(dir.path()).unwrap();
    let file = write(dir.path(), "dana.vtt", ZOOM);

    let preview = ws.preview_import(&file, &opts(&[])).unwrap();
    assert_eq!(preview.kind, ImportKind::Transcript);
    assert_eq!(preview.format, Format::Transcript);
    let t = preview.transcript.expect("a transcript preview");
    assert_eq!(t.turns, 6, "adjacent cues of one speaker merge");
    let labels: Vec<&str> = t.speakers.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(labels, ["Ana Lima", "Dana Ruiz"]);
    // Ana asks every question: guessed to be the interviewer.
    assert_eq!(t.speakers[0].role, SpeakerRole::Interviewer);
    assert_eq!(t.speakers[1].role, SpeakerRole::Participant);
    assert!(t.speakers[1].share > 0.6, "{:?}", t.speakers);

    let report = import_with(&ws, &file, &opts(&["Dana Ruiz=participant:Dana"])).unwrap();
    assert_eq!((report.imported, report.format), (1, Format::Transcript));
    ws.index_pending().unwrap();

    let iv = only_interview(&ws);
    assert_eq!(iv.transcript.as_deref(), Some("zoom_vtt"));
    assert_eq!(iv.participant, "Dana");
    assert_eq!(iv.interviewer, "Ana Lima");
    let turns: Vec<(&str, SpeakerRole, Option<u64>)> = iv
        .turns
        .iter()
        .map(|t| (t.speaker.as_str(), t.role, t.start_ms))
        .collect();
    assert_eq!(
        turns,
        [
            ("Ana Lima", SpeakerRole::Interviewer, Some(1_000)),
            ("Dana", SpeakerRole::Participant, Some(5_000)),
            ("Ana Lima", SpeakerRole::Interviewer, Some(62_000)),
            ("Dana", SpeakerRole::Participant, Some(65_000)),
            ("Ana Lima", SpeakerRole::Interviewer, Some(331_000)),
            ("Dana", SpeakerRole::Participant, Some(336_000)),
        ]
    );
    assert_eq!(iv.turns[1].label, "Dana Ruiz");
    assert_eq!(
        iv.turns[1].text,
        "Our builds take an hour because the cache misses on every runner. So we rerun flaky suites by hand."
    );
    // The evidence is what Dana said; the interviewer's question is not in it.
    assert!(iv.notes.contains("cache misses"), "{}", iv.notes);
    assert!(!iv.notes.contains("slow"), "{}", iv.notes);

    // Only Ana said "slow": plain words read participants, role:interviewer reads her.
    assert_eq!(search(&ws, "slow").total, 0);
    let asked = search(&ws, "role:interviewer slow");
    assert_eq!(asked.total, 1);
    let turn = asked.hits[0].turn.as_ref().expect("the hit names its turn");
    assert_eq!(
        (turn.speaker.as_str(), turn.start_ms),
        ("Ana Lima", Some(1_000))
    );
    assert_eq!(search(&ws, "role:any slow").total, 1);

    // speaker: takes the name or the label, whole or one of its words; the hit names the turn
    // and its time.
    for q in [
        "speaker:dana quarantine",
        "speaker:\"Dana Ruiz\" quarantine",
        "speaker:ruiz quarantine",
    ] {
        let found = search(&ws, q);
        assert_eq!(found.total, 1, "{q}");
        let turn = found.hits[0].turn.as_ref().unwrap();
        assert_eq!(
            (turn.speaker.as_str(), turn.seq, turn.start_ms),
            ("Dana", 5, Some(336_000))
        );
    }
    assert_eq!(search(&ws, "speaker:nobody quarantine").total, 0);
    assert_eq!(search(&ws, "role:participant quarantine").total, 1);
}

#[test]
fn theme_counts_read_participants_and_say_so_and_role_any_counts_the_interviewer_too() {
    let dir = temp_workspace();
    let ws = Workspace::open(dir.path()).unwrap();
    let file = write(dir.path(), "dana.vtt", ZOOM);
    import_with(&ws, &file, &opts(&["Ana Lima=interviewer"])).unwrap();
    ws.save_interview(&common::interview("Typed", "Nothing about builds here."))
        .unwrap();
    ws.index_pending().unwrap();

    let fix = ws
        .save_theme(&ThemeInput {
            id: None,
            name: "Fix first".into(),
            query: "fix".into(),
        })
        .unwrap();
    let s = ws.theme_summary(fix.id, Granularity::Month).unwrap();
    // Only the interviewer said "fix": the theme has no evidence.
    assert_eq!((s.stats.total, s.stats.transcripts), (0, 0));
    assert_eq!(s.stats.spoken_by, SpokenBy::Participants);

    let everyone = ws
        .save_theme(&ThemeInput {
            id: None,
            name: "Fix first, asked too".into(),
            query: "fix role:any".into(),
        })
        .unwrap();
    let s = ws.theme_summary(everyone.id, Granularity::Month).unwrap();
    assert_eq!((s.stats.total, s.stats.transcripts), (1, 1));
    assert_eq!(s.stats.spoken_by, SpokenBy::Everyone);

    let quarantine = ws
        .save_theme(&ThemeInput {
            id: None,
            name: "Quarantine".into(),
            query: "quarantine".into(),
        })
        .unwrap();
    let s = ws.theme_summary(quarantine.id, Granularity::Month).unwrap();
    // One person heard: the interviewer is not evidence, nor one of its people.
    assert_eq!(
        (s.stats.total, s.stats.transcripts, s.stats.people),
        (1, 1, 1)
    );

    // Roadmap demand reads the same words: an item on "fix" has no evidence; with role:any the
    // transcript counts, and the breakdown says what of it counts.
    let item = |theme: i64| {
        ws.item_from_evidence(&groundwork::roadmap::api::ItemFromEvidence {
            theme: Some(theme),
            ..Default::default()
        })
        .unwrap()
    };
    let asked = item(fix.id);
    assert_eq!((asked.evidence.documents, asked.evidence.spoken), (0, None));
    assert_eq!(asked.evidence.demand, 0.0);
    let heard = item(quarantine.id);
    assert_eq!(
        (
            heard.evidence.interviews,
            heard.evidence.transcripts,
            heard.evidence.people
        ),
        (1, 1, 1)
    );
    assert!(heard.evidence.demand > 0.0);
    assert_eq!(
        heard.evidence.spoken.as_deref(),
        Some("The interview is a transcript: what participants said counts, not the interviewer's questions")
    );
    // With the typed interview linked too, the sentence says which.
    let typed = ws.interviews(&Default::default()).unwrap();
    let typed = typed.iter().find(|i| i.title == "Typed").unwrap();
    ws.link_item(&groundwork::roadmap::items::LinkInput {
        item: heard.item.id,
        theme: None,
        document: Some(typed.id),
        quote: None,
    })
    .unwrap();
    let heard = ws.item(heard.item.id).unwrap();
    assert_eq!(
        (heard.evidence.interviews, heard.evidence.transcripts),
        (2, 1)
    );
    assert!(heard
        .evidence
        .spoken
        .as_deref()
        .unwrap()
        .starts_with("1 of the 2 interviews is a transcript:"));
}

#[test]
fn reimporting_updates_never_duplicates_and_undo_brings_the_turns_back() {
    let dir = temp_workspace();
    let ws = Workspace::open(dir.path()).unwrap();
    let file = write(dir.path(), "dana.vtt", ZOOM);
    let first = import_with(&ws, &file, &opts(&[])).unwrap();
    assert_eq!(first.imported, 1);
    let again = import_with(&ws, &file, &opts(&[])).unwrap();
    assert_eq!((again.imported, again.updated, again.skipped), (0, 0, 1));

    // Marking Dana the interviewer (a wrong guess fixed) re-reads the file: one interview, updated.
    let remapped = import_with(
        &ws,
        &file,
        &opts(&["Dana Ruiz=interviewer", "Ana Lima=participant"]),
    )
    .unwrap();
    assert_eq!((remapped.imported, remapped.updated), (0, 1));
    let iv = only_interview(&ws);
    assert_eq!(iv.participant, "Ana Lima");
    assert!(
        iv.notes.contains("slow") && !iv.notes.contains("cache"),
        "{}",
        iv.notes
    );

    ws.undo_import(remapped.batch.unwrap(), false).unwrap();
    let iv = only_interview(&ws);
    assert_eq!(iv.participant, "Dana Ruiz");
    assert_eq!(iv.turns.len(), 6);
    assert_eq!(iv.turns[1].role, SpeakerRole::Participant);
    assert!(iv.notes.contains("cache misses"), "{}", iv.notes);
}

#[test]
fn speakers_are_remembered_across_files_and_a_generic_label_keeps_only_its_role() {
    let dir = temp_workspace();
    let ws = Workspace::open(dir.path()).unwrap();
    let one = write(
        dir.path(),
        "one.md",
        "**MEL**: How do you start?\n\n**JACKIE**: With the docs, always.\n\n**MEL**: And then?\n\n**JACKIE**: Then the chat.\n\n**Person B**: I agree with that.\n",
    );
    import_with(
        &ws,
        &one,
        &opts(&["MEL=interviewer:Mel Chua", "Person B=participant:Dana"]),
    )
    .unwrap();
    let two = write(
        dir.path(),
        "two.md",
        "**MEL**: Where do you get stuck?\n\n**Person B**: Review queues are long.\n\n**MEL**: Always?\n\n**Person B**: Most weeks, yes.\n",
    );
    let preview = ws.preview_import(&two, &opts(&[])).unwrap();
    let t = preview.transcript.unwrap();
    let mel = t.speakers.iter().find(|s| s.label == "MEL").unwrap();
    assert_eq!(
        (mel.role, mel.person.as_deref(), mel.source),
        (
            SpeakerRole::Interviewer,
            Some("Mel Chua"),
            groundwork::import::speakers::SpeakerSource::Remembered
        )
    );
    // "Person B" is someone else in every file: its role is remembered, not who it was.
    let b = t.speakers.iter().find(|s| s.label == "Person B").unwrap();
    assert_eq!(
        (b.role, b.person.as_deref()),
        (SpeakerRole::Participant, None)
    );
}

#[test]
fn editing_a_transcript_interview_keeps_its_turns_and_evidence() {
    let dir = temp_workspace();
    let ws = Workspace::open(dir.path()).unwrap();
    let file = write(dir.path(), "dana.vtt", ZOOM);
    import_with(&ws, &file, &opts(&[])).unwrap();
    let iv = only_interview(&ws);
    let mut input = common::interview("Dana on CI", "typed over the transcript");
    input.id = Some(iv.id);
    input.version = Some(iv.version);
    input.team = Some("Platform".into());
    let saved = ws.save_interview(&input).unwrap();
    assert_eq!(saved.title, "Dana on CI");
    assert_eq!(saved.team.as_deref(), Some("Platform"));
    assert_eq!(saved.turns, iv.turns);
    assert_eq!(saved.notes, iv.notes);
}

#[test]
fn the_cli_imports_with_speakers_shows_turns_and_refuses_a_bad_mapping() {
    let dir = temp_workspace();
    let ws = dir.path().join("ws");
    let file = write(dir.path(), "dana.vtt", ZOOM);
    let f = file.to_str().unwrap();

    let bad = gw(&ws, &["import", f, "--speaker", "Ana Lima=boss"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a role"));

    let preview = gw(&ws, &["import", f, "--preview"]);
    assert_eq!(preview.status.code(), Some(0));
    let text = String::from_utf8_lossy(&preview.stdout);
    assert!(text.contains("6 turns"), "{text}");
    assert!(
        text.contains("Ana Lima") && text.contains("interviewer"),
        "{text}"
    );

    let out = gw(
        &ws,
        &["import", f, "--speaker", "Ana Lima=interviewer", "--json"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["imported"], 1);
    assert_eq!(report["format"], "transcript");

    let list: Value =
        serde_json::from_slice(&gw(&ws, &["interview", "list", "--json"]).stdout).unwrap();
    let id = list[0]["id"].as_i64().unwrap().to_string();
    let show: Value =
        serde_json::from_slice(&gw(&ws, &["interview", "show", &id, "--json"]).stdout).unwrap();
    let turns = show["turns"].as_array().unwrap();
    assert_eq!(turns.len(), 6);
    assert_eq!(turns[0]["speaker"], "Ana Lima");
    assert_eq!(turns[0]["role"], "interviewer");
    assert_eq!(turns[1]["start_ms"], 5000);

    let found: Value = serde_json::from_slice(
        &gw(&ws, &["search", "speaker:\"Dana Ruiz\" runner", "--json"]).stdout,
    )
    .unwrap();
    assert_eq!(found["total"], 1, "{found}");
    assert_eq!(found["hits"][0]["turn"]["speaker"], "Dana Ruiz");
}

#[test]
fn the_six_cncf_interviews_import_as_six_interviews_with_their_speakers() {
    let Some(dir) = common::shared_data("interviews/cncf-platform-as-a-product") else {
        return;
    };
    let tmp = temp_workspace();
    let ws = Workspace::open(tmp.path()).unwrap();
    let report = import_with(&ws, &dir, &opts(&["Person A=interviewer"])).unwrap();
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    ws.index_pending().unwrap();
    let list = ws.interviews(&Default::default()).unwrap();
    assert_eq!(
        list.len(),
        6,
        "{:?}",
        list.iter().map(|i| &i.title).collect::<Vec<_>>()
    );
    for iv in &list {
        let iv = ws.interview(iv.id).unwrap();
        assert!(iv.transcript.is_some(), "{}", iv.title);
        assert_eq!(iv.interviewer, "Person A", "{}", iv.title);
        assert!(!iv.participant.is_empty(), "{}", iv.title);
        assert!(
            iv.turns.len() > 20,
            "{}: {} turns",
            iv.title,
            iv.turns.len()
        );
        assert!(
            iv.turns.iter().all(|t| !t.text.contains("**")),
            "{}",
            iv.title
        );
    }
    // The interviewer's questions are not evidence: counting them changes a theme's figures.
    let participants = search(&ws, "prioritization").total;
    let everyone = search(&ws, "role:any prioritization").total;
    let asked = search(&ws, "role:interviewer prioritization").total;
    assert!(asked > 0, "the interviewer asks about prioritization");
    assert!(
        everyone > participants || asked > 0,
        "{participants} {everyone} {asked}"
    );
}
