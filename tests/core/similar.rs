//! "Find more like these": passages ranked by similarity to a code's passages, learned from the
//! workspace's own text (a paraphrase sharing no word with the seeds is found through the company
//! its words keep) or from a static word-vector file; seeds, passages already coded and rejected
//! ones left out; offsets exact; the CLI's JSON and exit codes.

use crate::common::{self, gw, temp_workspace};
use groundwork::research::highlights::HighlightInput;
use groundwork::search::similar::{self, SimilarRequest};
use groundwork::Workspace;
use serde_json::Value;
use std::collections::HashSet;

const CODE: &str = "Pain/CI wait";
const SEED_1: &str = "The pipeline is slow before I can merge.";
const SEED_2: &str = "Again the pipeline was slow and I could not merge.";
/// Shares no word with the seeds; its words keep the seeds' words' company elsewhere.
const PARAPHRASE: &str = "Each build crawls.";
/// Share no word with the seeds, and keep other company.
const UNRELATED: &[&str] = &[
    "The espresso machine is broken.",
    "Docs search never finds the handbook.",
    "Lunch in the kitchen feels crowded today.",
];

/// Interviews whose paragraphs teach which words keep the same company.
const CONTEXT: &[&str] = &[
    "Every pipeline waits on shared runners for an hour.\n\nEvery build waits on shared runners for an hour.",
    "The pipeline stalls when runners queue up overnight.\n\nThe build stalls when runners queue up overnight.",
    "Things are slow when the runners queue up.\n\nThings crawl when the runners queue up.",
    "Tests are slow while runners queue behind deploys.\n\nTests crawl while runners queue behind deploys.",
    "The espresso machine in the kitchen is broken again.\n\nThe coffee machine in the kitchen is broken again.",
    "Docs search never finds the wiki page.\n\nDocs search never finds the handbook page.",
    "Lunch in the kitchen is crowded at noon.\n\nThe kitchen coffee is crowded at noon.",
];

struct Fixture {
    _dir: tempfile::TempDir,
    ws: Workspace,
    seeds_doc: i64,
    target_doc: i64,
}

fn add(ws: &Workspace, title: &str, notes: &str) -> i64 {
    ws.save_interview(&common::interview(title, notes))
        .unwrap()
        .id
}

fn code(ws: &Workspace, doc: i64, quote: &str, code: &str) -> i64 {
    ws.code_passage(&HighlightInput {
        document: doc,
        quote: Some(quote.into()),
        codes: vec![code.into()],
        ..Default::default()
    })
    .unwrap()
    .id
}

fn fixture() -> Fixture {
    let dir = temp_workspace();
    let ws = Workspace::open(dir.path()).unwrap();
    let seeds_doc = add(&ws, "CI waits", &format!("{SEED_1}\n\n{SEED_2}"));
    for (i, c) in CONTEXT.iter().enumerate() {
        add(&ws, &format!("Context {i}"), c);
    }
    let target_doc = add(
        &ws,
        "Mixed bag",
        &format!("{PARAPHRASE}\n\n{}", UNRELATED.join("\n\n")),
    );
    code(&ws, seeds_doc, SEED_1, CODE);
    code(&ws, seeds_doc, SEED_2, CODE);
    Fixture {
        _dir: dir,
        ws,
        seeds_doc,
        target_doc,
    }
}

fn request(limit: u32) -> SimilarRequest {
    SimilarRequest {
        code: Some(CODE.into()),
        passages: vec![],
        limit: Some(limit),
    }
}

fn position(hits: &[similar::SimilarHit], doc: i64, text: &str) -> usize {
    hits.iter()
        .position(|h| h.document == doc && h.text == text)
        .unwrap_or_else(|| panic!("{text:?} not among the hits: {hits:#?}"))
}

#[test]
fn a_paraphrase_sharing_no_word_with_the_seeds_ranks_above_unrelated_passages() {
    let f = fixture();
    let found = f.ws.similar(&request(100), None).unwrap();
    assert_eq!(found.seeds, 2);
    let hits = &found.hits;
    let target = position(hits, f.target_doc, PARAPHRASE);
    for u in UNRELATED {
        let at = position(hits, f.target_doc, u);
        assert!(
            target < at,
            "{PARAPHRASE:?} at {target} should rank above {u:?} at {at}: {hits:#?}"
        );
    }
    // Scores are ordered.
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
}

#[test]
fn the_paraphrase_is_found_by_learned_company_not_by_shared_words() {
    // Words alone (no word vectors, no feedback) cannot tell the paraphrase from the unrelated
    // passages: none shares a word with the seeds. The learned vectors can.
    let mut texts: Vec<String> = CONTEXT
        .iter()
        .flat_map(|c| c.split("\n\n"))
        .map(str::to_string)
        .collect();
    texts.push(PARAPHRASE.into());
    texts.extend(UNRELATED.iter().map(|u| u.to_string()));
    texts.push(SEED_1.into());
    let mut b = similar::Builder::new();
    for t in &texts {
        b.add(t);
    }
    let mut model = b.finish(similar::Settings::default(), None).unwrap();
    let target = texts.iter().position(|t| t == PARAPHRASE).unwrap();
    let unrelated: Vec<usize> = UNRELATED
        .iter()
        .map(|u| texts.iter().position(|t| t == u).unwrap())
        .collect();
    let seed = texts.len() - 1;
    let score_of = |model: &similar::Model, p: usize| {
        model
            .rank(&[SEED_1], &|i| i == seed, texts.len())
            .into_iter()
            .find(|&(i, _)| i == p)
            .map_or(0.0, |(_, s)| s)
    };
    // Nor the passage graph, which links passages through their neighbours' words.
    model.set_graph_weight(0.0);
    model.set_ranking(0.0, 0, 0.0, 0);
    assert_eq!(score_of(&model, target), 0.0);
    for &u in &unrelated {
        assert_eq!(score_of(&model, u), 0.0);
    }
    let d = similar::Settings::default();
    model.set_ranking(d.blend, 0, 0.0, 0);
    let t = score_of(&model, target);
    for &u in &unrelated {
        assert!(t > score_of(&model, u), "{t} vs {}", score_of(&model, u));
    }
}

#[test]
fn seeds_coded_passages_and_rejected_ones_are_left_out() {
    let f = fixture();
    let all = f.ws.similar(&request(200), None).unwrap();
    assert!(all.hits.iter().all(|h| h.document != f.seeds_doc));
    // A passage coded with a child of the code is coded already: left out.
    let runners = "Every pipeline waits on shared runners for an hour.";
    let runners_doc = all
        .hits
        .iter()
        .find(|h| h.text == runners)
        .expect("the runners passage is suggested before it is coded")
        .document;
    code(&f.ws, runners_doc, runners, "Pain/CI wait/Runners");
    let after = f.ws.similar(&request(200), None).unwrap();
    assert_eq!(after.seeds, 3);
    assert!(after.hits.iter().all(|h| h.text != runners));
    // A passage coded with another code is still offered.
    let espresso = UNRELATED[0];
    code(&f.ws, f.target_doc, espresso, "Office");
    let after = f.ws.similar(&request(200), None).unwrap();
    assert!(after.hits.iter().any(|h| h.text == espresso));
    // Rejected passages (any range overlapping them) are left out too.
    let first = after.hits[0].clone();
    let rejected: HashSet<(i64, u64, u64)> =
        [(first.document, first.start + 1, first.start + 2)].into();
    let without =
        f.ws.similar_excluding(&request(200), None, &rejected)
            .unwrap();
    assert!(!without
        .hits
        .iter()
        .any(|h| h.document == first.document && h.start == first.start));
    assert_eq!(without.hits.len() + 1, after.hits.len());
    // Rejected by the user ("not like this"): stored per code, and left out of every later call
    // for that code (and only that code).
    f.ws.reject_suggestion(CODE, first.document, first.start, first.end)
        .unwrap();
    let remembered = f.ws.similar(&request(200), None).unwrap();
    let places = |hits: &[similar::SimilarHit]| -> Vec<(i64, u64, u64)> {
        hits.iter().map(|h| (h.document, h.start, h.end)).collect()
    };
    assert_eq!(places(&remembered.hits), places(&without.hits));
    assert!(f
        .ws
        .reject_suggestion("No such code", first.document, first.start, first.end)
        .is_err());
    assert!(f.ws.reject_suggestion(CODE, first.document, 5, 5).is_err());
    // Seeds given by id: their codes' passages are left out as well.
    let by_id =
        f.ws.similar(
            &SimilarRequest {
                code: None,
                passages: vec![f.ws.highlights(Some(CODE), None).unwrap()[0].id],
                limit: Some(200),
            },
            None,
        )
        .unwrap();
    assert_eq!(by_id.seeds, 1);
    assert!(by_id
        .hits
        .iter()
        .all(|h| h.document != f.seeds_doc && h.text != runners));
}

#[test]
fn offsets_are_exact_and_code_the_very_passage() {
    let f = fixture();
    // Non-ASCII text before the passages: offsets count characters, not bytes.
    let doc = add(
        &f.ws,
        "Ünïcödé",
        "Ça coûte cher — déjà vu, naïve façade.\n\n```\nrm -rf build/\n```\n\nOur build crawls and every merge waits on runners.",
    );
    let found = f.ws.similar(&request(200), None).unwrap();
    let mut checked = 0;
    for h in &found.hits {
        let body = f.ws.interview(h.document).unwrap().notes;
        let chars: Vec<char> = body.chars().collect();
        let slice: String = chars[h.start as usize..h.end as usize].iter().collect();
        assert_eq!(slice, h.text);
        checked += 1;
    }
    assert!(checked > 10);
    let hit = found
        .hits
        .iter()
        .find(|h| h.document == doc && h.text.starts_with("Our build crawls"))
        .expect("the new passage is suggested (the cache saw the new document)");
    // The code block is never a passage.
    assert!(found.hits.iter().all(|h| !h.text.contains("rm -rf")));
    let coded =
        f.ws.code_passage(&HighlightInput {
            document: hit.document,
            start: Some(hit.start),
            end: Some(hit.end),
            codes: vec![CODE.into()],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(coded.text, hit.text);
    let again = f.ws.similar(&request(200), None).unwrap();
    assert!(again
        .hits
        .iter()
        .all(|h| !(h.document == doc && h.start == hit.start)));
}

#[test]
fn an_edited_document_is_cut_and_learned_again() {
    let f = fixture();
    let before = f.ws.similar(&request(200), None).unwrap();
    position(&before.hits, f.target_doc, PARAPHRASE);
    let edited = "Every build crawls along today.";
    let current = f.ws.interview(f.target_doc).unwrap();
    f.ws.save_interview(&groundwork::research::interviews::InterviewInput {
        id: Some(f.target_doc),
        version: Some(current.version),
        notes: current.notes.replace(PARAPHRASE, edited),
        ..common::interview("Mixed bag", "")
    })
    .unwrap();
    let after = f.ws.similar(&request(200), None).unwrap();
    assert_eq!(after.passages, before.passages);
    position(&after.hits, f.target_doc, edited);
    assert!(after.hits.iter().all(|h| h.text != PARAPHRASE));
}

#[test]
fn a_static_word_vector_file_changes_the_ranking_as_its_vectors_say() {
    let f = fixture();
    let learned = f.ws.similar(&request(100), None).unwrap();
    let espresso = UNRELATED[0];
    assert!(
        position(&learned.hits, f.target_doc, PARAPHRASE)
            < position(&learned.hits, f.target_doc, espresso)
    );
    // A tiny model that puts the seeds' words next to "espresso" and "machine", far from
    // "build" and "crawl".
    let dir = tempfile::tempdir().unwrap();
    let model = common::write(
        dir.path(),
        "tiny.vec",
        "7 3\npipeline 1 0 0\nslow 0.9 0.1 0\nmerge 1 0 0.1\nespresso 0.95 0 0.05\nmachine 0.9 0.1 0\nbuild 0 1 0\ncrawls 0 0 1\n",
    );
    let with = f.ws.similar(&request(100), Some(&model)).unwrap();
    assert!(
        position(&with.hits, f.target_doc, espresso)
            < position(&with.hits, f.target_doc, PARAPHRASE),
        "{:#?}",
        with.hits
    );
    // A file that is not word vectors is refused, naming the line.
    let bad = common::write(dir.path(), "bad.vec", "pipeline 1 0\nslow 1 zero\n");
    let e = f.ws.similar(&request(10), Some(&bad)).unwrap_err();
    assert!(e.is_user_error());
    assert!(e.to_string().contains("line 2"), "{e}");
}

#[test]
fn the_cli_prints_hits_as_json_and_refuses_unknown_codes_and_missing_seeds() {
    let f = fixture();
    let path = f._dir.path().to_path_buf();
    drop(f.ws);
    let out = gw(
        &path,
        &["similar", "--code", CODE, "--limit", "5", "--json"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 5);
    for h in hits {
        for key in ["document", "start", "end", "score"] {
            assert!(h[key].is_number(), "{key} in {h}");
        }
        assert!(h["text"].is_string() && h["title"].is_string());
    }
    let unknown = gw(&path, &["similar", "--code", "No/Such", "--json"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("No/Such"));
    assert!(gw(&path, &["codebook", "add", "Empty"]).status.success());
    let empty = gw(&path, &["similar", "--code", "Empty"]);
    assert_eq!(empty.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&empty.stderr).contains("no coded passages"));
    let missing = gw(&path, &["similar", "--passage", "999", "--json"]);
    assert_eq!(missing.status.code(), Some(2));
    let none = gw(&path, &["similar"]);
    assert_eq!(none.status.code(), Some(2));
    // The text output names each hit's document and characters.
    let text = gw(&path, &["similar", "--code", CODE, "--limit", "2"]);
    assert!(text.status.success());
    assert!(String::from_utf8_lossy(&text.stdout).contains("doc "));
}
