//! The reader's text placed in the stored body: every piece the reader shows either says where
//! its characters are in the body (Unicode scalar offsets, as coded passages count them) or that
//! it is not the body's own; coding by those offsets stores exactly the words shown.

use crate::common::{self, import, temp_workspace, write};
use groundwork::research::highlights::HighlightInput;
use groundwork::search::DocumentView;
use groundwork::Workspace;

/// The stored body's characters `at..at + len(text)`.
fn body_at(body: &str, at: u64, text: &str) -> String {
    body.chars()
        .skip(at as usize)
        .take(text.chars().count())
        .collect()
}

/// Every placed piece is the body's own text at its offset; returns the placed pieces.
fn placed<'a>(
    body: &str,
    parts: &'a [groundwork::search::SnippetPart],
    offsets: &[Option<u64>],
) -> Vec<(&'a str, u64)> {
    assert_eq!(parts.len(), offsets.len());
    let mut out = Vec::new();
    for (p, o) in parts.iter().zip(offsets) {
        if let Some(o) = o {
            assert_eq!(body_at(body, *o, &p.text), p.text, "piece {p:?} at {o}");
            out.push((p.text.as_str(), *o));
        }
    }
    out
}

fn code_at(ws: &Workspace, doc: i64, start: u64, end: u64) -> String {
    ws.code_passage(&HighlightInput {
        document: doc,
        start: Some(start),
        end: Some(end),
        codes: vec!["Reader".into()],
        ..Default::default()
    })
    .unwrap()
    .text
}

#[test]
fn a_markdown_interview_is_placed_past_its_markup_emoji_counted_once_pain_points_not_placed() {
    let dir = temp_workspace();
    let ws = Workspace::open(dir.path()).unwrap();
    let notes =
        "# Week 3 🚀\n\nThe **pipeline** takes forever\nbefore I can merge. Flaky tests 😩 hurt.";
    let mut input = common::interview("Merge waits", notes);
    input.pain_points = vec!["slow merges".into()];
    let id = ws.save_interview(&input).unwrap().id;
    ws.index_pending().unwrap();
    let view: DocumentView = ws.open_document(id, "pipeline").unwrap();
    let shown: String = view.parts.iter().map(|p| p.text.as_str()).collect();
    assert!(
        shown.starts_with("Week 3 🚀\nThe pipeline takes forever before I can merge."),
        "{shown}"
    );
    assert!(shown.ends_with("Pain points: slow merges"), "{shown}");
    let pieces = placed(notes, &view.parts, &view.offsets);
    // The match is marked and placed; markup, breaks and the pain points are not.
    let hit = view.parts.iter().position(|p| p.hit).unwrap();
    assert_eq!(view.parts[hit].text, "pipeline");
    assert_eq!(view.offsets[hit], Some(18));
    assert_eq!(view.matches, 1);
    assert!(pieces
        .iter()
        .all(|(t, _)| !t.contains("**") && !t.contains("Pain points")));
    // Coding the shown sentence by the offsets of the piece it is in stores that sentence.
    let (text, at) = pieces
        .iter()
        .find(|(t, _)| t.contains("Flaky"))
        .copied()
        .unwrap();
    let start = at + text[..text.find("Flaky").unwrap()].chars().count() as u64;
    let sentence = "Flaky tests 😩 hurt.";
    let end = start + sentence.chars().count() as u64;
    assert_eq!(code_at(&ws, id, start, end), sentence);
}

#[test]
fn a_ticket_is_placed_whole_and_a_transcript_by_its_participants_turns() {
    let dir = temp_workspace();
    let ws = Workspace::open(dir.path()).unwrap();
    let csv = "Summary,Issue key,Description\n\"Slow CI\",DEP-1,\"Ça coûte 🐢 une heure: the cache misses.\"\n";
    import(&ws, &write(dir.path(), "t.csv", csv));
    let vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nAna Lima: Is the cache slow?\n\n00:00:05.000 --> 00:00:09.000\nDana Ruiz: It takes an hour 🐢.\n\n00:00:10.000 --> 00:00:12.000\nAna Lima: Why?\n\n00:00:13.000 --> 00:00:19.000\nDana Ruiz: Nobody owns the cache keys.\n";
    let file = write(dir.path(), "dana.vtt", vtt);
    let opts = groundwork::import::ImportOptions {
        speakers: Some(vec![groundwork::import::speakers::SpeakerMap::parse(
            "Ana Lima=interviewer",
        )
        .unwrap()]),
        ..Default::default()
    };
    common::import_with(&ws, &file, &opts).unwrap();
    let hits = ws
        .search(&groundwork::search::SearchRequest::new("cache"))
        .unwrap()
        .hits;
    assert_eq!(hits.len(), 2, "{hits:?}");
    for hit in hits {
        let view = ws.open_document(hit.id, "cache").unwrap();
        if view.turns.is_empty() {
            let body = "Ça coûte 🐢 une heure: the cache misses.";
            let pieces = placed(body, &view.parts, &view.offsets);
            assert_eq!(pieces.first(), Some(&("Ça coûte 🐢 une heure: the ", 0)));
            assert_eq!(code_at(&ws, hit.id, 26, 31), "cache");
            continue;
        }
        let body = "It takes an hour 🐢.\n\nNobody owns the cache keys.";
        let mut asked = 0;
        for t in &view.turns {
            let pieces = placed(body, &t.parts, &t.offsets);
            if t.turn.text.ends_with('?') {
                assert!(
                    pieces.is_empty(),
                    "an interviewer's turn is not the body: {t:?}"
                );
                asked += 1;
            }
        }
        assert_eq!(asked, 2);
        let last = view.turns.last().unwrap();
        assert_eq!(last.offsets[0], Some(21));
        assert_eq!(code_at(&ws, hit.id, 21, 27), "Nobody");
    }
}
