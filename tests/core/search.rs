//! Search v1: BM25, stemming, phrases, boolean operators, snippets, leniency.

use crate::common;

use common::{interview, temp_workspace};
use groundwork::search::{SearchRequest, SearchResults};
use groundwork::Workspace;

fn demo() -> (tempfile::TempDir, Workspace) {
    let dir = temp_workspace();
    let ws = Workspace::open(dir.path()).unwrap();
    groundwork::research::demo::seed(&ws).unwrap();
    (dir, ws)
}

/// Searches as a host would after writing: what the test wrote is indexed first (reads never
/// index by themselves).
fn search(ws: &Workspace, q: &str) -> SearchResults {
    ws.index_pending().unwrap();
    ws.search(&SearchRequest {
        query: q.into(),
        limit: None,
        ..Default::default()
    })
    .unwrap()
}

fn titles(r: &SearchResults) -> Vec<&str> {
    r.hits.iter().map(|h| h.title.as_str()).collect()
}

#[test]
fn phrases_are_stricter_than_words() {
    let (_d, ws) = demo();
    let words = search(&ws, "flaky tests");
    let phrase = search(&ws, "\"flaky tests\"");
    assert!(phrase.total >= 1);
    assert!(words.total >= phrase.total);
    for h in &phrase.hits {
        let iv = ws.interview(h.id).unwrap();
        let text = format!("{} {}", iv.notes, iv.pain_points.join(" ")).to_lowercase();
        assert!(text.contains("flaky test"), "{}: words apart", h.title);
    }
    let apart = search(&ws, "flaky AND tests").total;
    assert!(apart >= phrase.total);
}

#[test]
fn boolean_operators_combine_results() {
    let (_d, ws) = demo();
    let k = search(&ws, "kubernetes").total;
    let s = search(&ws, "secrets").total;
    let both = search(&ws, "kubernetes AND secrets").total;
    let either = search(&ws, "kubernetes OR secrets").total;
    assert!(k > 0 && s > 0);
    assert_eq!(either, k + s - both);
    let without = search(&ws, "ci -flaky");
    let ci = search(&ws, "ci");
    assert!(without.total < ci.total);
    for h in &without.hits {
        let text: String = h
            .snippet_parts
            .iter()
            .map(|p| p.text.to_lowercase())
            .collect();
        assert!(!text.contains("flaky"), "{}: {text}", h.title);
    }
    let everything_but = search(&ws, "-kubernetes");
    assert_eq!(everything_but.total, ws.status().unwrap().indexed - k);
}

#[test]
fn english_stemming_finds_other_forms() {
    let (_d, ws) = demo();
    let a = search(&ws, "deployment");
    let b = search(&ws, "deploys");
    assert!(a.total > 0);
    assert_eq!(a.total, b.total);
}

#[test]
fn snippets_highlight_the_matches() {
    let (_d, ws) = demo();
    let r = search(&ws, "\"slow ci\"");
    assert!(r.total >= 1);
    let h = &r.hits[0];
    let hits: Vec<_> = h.snippet_parts.iter().filter(|p| p.hit).collect();
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|p| {
        let t = p.text.to_lowercase();
        t == "slow" || t == "ci"
    }));
    assert!(h.snippet.contains("<mark>"), "{}", h.snippet);
    assert!(h.score > 0.0);
}

#[test]
fn titles_rank_above_passing_mentions() {
    let dir = temp_workspace();
    let ws = Workspace::open(dir.path()).unwrap();
    ws.save_interview(&interview("Team lunch", "we also talked about observability briefly, and many other long topics of the day that are unrelated")).unwrap();
    ws.save_interview(&interview(
        "Observability gaps",
        "tracing stops at the queue",
    ))
    .unwrap();
    let r = search(&ws, "observability");
    assert_eq!(titles(&r), vec!["Observability gaps", "Team lunch"]);
}

#[test]
fn half_typed_and_hostile_queries_never_fail() {
    let (_d, ws) = demo();
    let long = "deploy ".repeat(2_000);
    for q in [
        "\"slow",
        "(ci OR",
        "ci AND",
        "-",
        "--",
        "((((",
        "))))",
        "\"\"",
        "NOT",
        "AND OR NOT",
        "title:",
        ":",
        "*",
        "ci~",
        "kube*",
        "🚀🚀",
        "שלום",
        "\u{202e}ci",
        "\u{0}",
        "",
        "   ",
        long.as_str(),
    ] {
        let r = ws.search(&SearchRequest {
            query: q.into(),
            limit: Some(5),
            ..Default::default()
        });
        assert!(r.is_ok(), "query {q:?} failed: {:?}", r.err());
    }
    let r = search(&ws, "\"slow ci");
    assert!(r.total >= 1, "an unclosed phrase still searches");
    assert!(
        r.warnings.iter().any(|w| w.contains("quote")),
        "{:?}",
        r.warnings
    );
    assert_eq!(r.read_as, "\"slow ci\"");
}

#[test]
fn limit_caps_hits_but_not_the_total() {
    let (_d, ws) = demo();
    let all = search(&ws, "engineer");
    let two = ws
        .search(&SearchRequest {
            query: "engineer".into(),
            limit: Some(2),
            ..Default::default()
        })
        .unwrap();
    assert!(all.total > 2);
    assert_eq!(two.hits.len(), 2);
    assert_eq!(two.total, all.total);
}

#[test]
fn real_interview_transcripts_are_searchable() {
    let Some(dir) = common::shared_data("interviews/cncf-platform-as-a-product") else {
        return;
    };
    let ws_dir = temp_workspace();
    let ws = Workspace::open(ws_dir.path()).unwrap();
    let mut expected = 0;
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with("_transcript.txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 6, "PROVENANCE.md lists six transcripts");
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .map(str::to_lowercase)
            .collect();
        // The index stems English, so "developers experience" and "development experiences"
        // match the phrase too.
        if words
            .windows(2)
            .any(|w| w[0].starts_with("develop") && w[1].starts_with("experienc"))
        {
            expected += 1;
        }
        ws.save_interview(&groundwork::research::interviews::InterviewInput {
            team: None,
            ..interview(&path.file_stem().unwrap().to_string_lossy(), &text)
        })
        .unwrap();
    }
    assert!(expected > 0, "the phrase appears in the transcripts");
    let r = search(&ws, "\"developer experience\"");
    assert_eq!(r.total, expected);
    assert!(r.hits.iter().all(|h| h.snippet_parts.iter().any(|p| p.hit)));
}

#[test]
fn long_bodies_get_a_snippet_around_the_match_wherever_it_is() {
    let dir = temp_workspace();
    let ws = Workspace::open(dir.path()).unwrap();
    // ~60 KB of filler, the words late in the text, in another form than the query's.
    let filler = "We talked about the weather and lunch plans for a while. ".repeat(1100);
    let notes = format!(
        "{filler}Then she said the integration tests are flaky on Mondays. {filler}Deploying the catalog took all week."
    );
    ws.save_interview(&interview("A long chat", &notes))
        .unwrap();
    ws.save_interview(&interview("Brief", &filler)).unwrap();
    for (q, want) in [("flakiness", "flaky"), ("deploy", "Deploying")] {
        let r = search(&ws, q);
        assert_eq!(titles(&r), ["A long chat"], "{q}");
        let marked: Vec<&str> = r.hits[0]
            .snippet_parts
            .iter()
            .filter(|p| p.hit)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(marked, [want], "{q}: {:?}", r.hits[0].snippet_parts);
    }
    // A word only in the title: the snippet is the start of the body, nothing marked.
    let r = search(&ws, "brief");
    assert_eq!(titles(&r), ["Brief"]);
    assert!(r.hits[0].snippet_parts.iter().all(|p| !p.hit));
    assert!(r.hits[0].snippet.starts_with("We talked about the weather"));
}
