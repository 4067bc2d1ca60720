//! Theme search: the query language's filters and ranges, facets, sort and paging, themes that
//! recount, quotes, suggested themes, and documents opened with their matches marked.

use crate::common;

use common::temp_workspace;
use groundwork::research::interviews::InterviewInput;
use groundwork::search::themes::ThemeInput;
use groundwork::search::{Granularity, SearchRequest, SearchResults, SortBy};
use groundwork::{ErrorCode, Workspace};
use std::sync::atomic::AtomicBool;

fn iv(
    title: &str,
    team: &str,
    date: &str,
    interviewer: &str,
    notes: &str,
    tags: &[&str],
) -> InterviewInput {
    InterviewInput {
        version: None,
        id: None,
        title: title.into(),
        participant: format!("{team} engineer"),
        team: Some(team.into()),
        role: "Backend engineer".into(),
        date: date.into(),
        interviewer: interviewer.into(),
        notes: notes.into(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        pain_points: vec![],
    }
}

/// Five interviews from four teams and three tickets from a Jira export.
fn fixture() -> (tempfile::TempDir, Workspace) {
    let dir = temp_workspace();
    let ws = Workspace::open(dir.path().join("ws")).unwrap();
    for input in [
        iv(
            "Payments: CI is slow",
            "Payments",
            "2026-01-14",
            "Priya",
            "The build cache misses every morning and CI takes forty minutes.",
            &["ci"],
        ),
        iv(
            "Search: waiting on CI",
            "Search",
            "2026-02-03",
            "Priya",
            "Our build cache is cold after every merge; CI is slow and flaky.",
            &["ci", "flaky"],
        ),
        iv(
            "Mobile: release train",
            "Mobile",
            "2026-02-20",
            "Omar",
            "Releases wait for the weekly train. The build cache is fine for us.",
            &["releases"],
        ),
        iv(
            "Data: Kubernetes upgrades",
            "Data Platform",
            "2026-03-09",
            "Omar",
            "Kubernetes upgrades break our jobs; deployments need manual steps.",
            &["kubernetes"],
        ),
        iv(
            "Payments: deploys",
            "Payments",
            "2026-03-30",
            "Priya",
            "Every deploy needs three approvals; CI is slow on Fridays.",
            &["deploys", "ci"],
        ),
    ] {
        ws.save_interview(&input).unwrap();
    }
    let csv = dir.path().join("jira.csv");
    std::fs::write(
        &csv,
        "Summary,Issue key,Status,Reporter,Created,Description\n\
         CI runners starve on Mondays,PLAT-1,Open,Dana,2026-02-02 09:00,Queue time is slow: the build cache is evicted.\n\
         Kubelet crash loops,PLAT-2,Resolved,Eli,2026-03-15 10:00,Kubernetes nodes restart during deployments.\n\
         Docs search misses runbooks,PLAT-3,Open,Dana,2026-03-20 11:00,Search never finds the on-call runbooks.\n",
    )
    .unwrap();
    common::import(&ws, &csv);
    (dir, ws)
}

/// Searches as a host would after writing: what the test wrote is indexed first (reads never
/// index by themselves).
fn search(ws: &Workspace, q: &str) -> SearchResults {
    ws.index_pending().unwrap();
    ws.search(&SearchRequest {
        query: q.into(),
        limit: Some(100),
        facets: true,
        ..Default::default()
    })
    .unwrap()
}

fn titles(r: &SearchResults) -> Vec<&str> {
    let mut t: Vec<&str> = r.hits.iter().map(|h| h.title.as_str()).collect();
    t.sort();
    t
}

#[test]
fn field_filters_narrow_the_search() {
    let (_d, ws) = fixture();
    assert_eq!(search(&ws, "kind:ticket").total, 3);
    assert_eq!(search(&ws, "kind:interview ci").total, 3);
    assert_eq!(
        search(&ws, "team:payments").total,
        2,
        "team names ignore case"
    );
    assert_eq!(search(&ws, "team:\"data platform\"").total, 1);
    assert_eq!(search(&ws, "tag:CI").total, 3);
    assert_eq!(search(&ws, "source:jira").total, 3);
    assert_eq!(search(&ws, "source:interviews").total, 5);
    assert_eq!(search(&ws, "author:omar").total, 2);
    assert_eq!(
        search(&ws, "author:dana").total,
        2,
        "a ticket's reporter is its author"
    );
    assert_eq!(
        titles(&search(&ws, "status:open cache")),
        ["CI runners starve on Mondays"]
    );
    assert_eq!(search(&ws, "-kind:ticket -kind:interview").total, 0);
    assert_eq!(search(&ws, "cache -team:payments").total, 3);
}

#[test]
fn date_ranges_relative_dates_fuzzy_and_prefixes() {
    let (_d, ws) = fixture();
    assert_eq!(search(&ws, "date:2026-02").total, 3);
    assert_eq!(search(&ws, "date:2026-02..2026-03").total, 7);
    assert_eq!(search(&ws, "date:2026-03-15..").total, 3);
    assert_eq!(search(&ws, "date:..2026-01-31").total, 1);
    // since: counts back from today; these fixtures are all older than a year from 2027 on,
    // so a fresh interview dated today is the only recent one.
    let today = chrono::Utc::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    ws.save_interview(&iv(
        "Today: flaky e2e",
        "Search",
        &today,
        "Priya",
        "Flaky end to end tests again.",
        &[],
    ))
    .unwrap();
    let recent = search(&ws, "since:7d");
    assert_eq!(titles(&recent), ["Today: flaky e2e"]);
    // Fuzzy: one edit away; prefix: any word starting so.
    assert_eq!(search(&ws, "kubernetis").total, 0);
    assert_eq!(search(&ws, "kubernetis~").total, 2);
    assert_eq!(
        search(&ws, "kube*").total,
        2,
        "the Kubernetes interview and PLAT-2"
    );
    assert_eq!(titles(&search(&ws, "kubel*")), ["Kubelet crash loops"]);
    let read = search(&ws, "kind:tickets team: kube* date:2026-13");
    assert_eq!(read.read_as, "kind:ticket kube*");
    assert_eq!(read.warnings.len(), 2, "{:?}", read.warnings);
    assert_eq!(read.total, 1, "PLAT-2 only");
}

#[test]
fn facets_count_every_match_and_sort_and_paging_work() {
    let (_d, ws) = fixture();
    let r = search(&ws, "cache OR kubernetes OR runbooks");
    let f = r.facets.as_ref().unwrap();
    let count = |list: &[groundwork::search::FacetCount], v: &str| {
        list.iter()
            .find(|c| c.value == v)
            .map(|c| c.count)
            .unwrap_or(0)
    };
    assert_eq!(r.total, 7);
    assert_eq!(count(&f.kind, "ticket"), 3);
    assert_eq!(count(&f.kind, "interview"), 4);
    assert_eq!(count(&f.team, "Payments"), 1);
    assert_eq!(count(&f.source, "jira-csv"), 3);
    assert_eq!(count(&f.tag, "ci"), 2);
    assert_eq!(
        f.month.iter().map(|m| m.value.as_str()).collect::<Vec<_>>(),
        ["2026-01", "2026-02", "2026-03"],
        "months oldest first"
    );
    assert_eq!(f.month.iter().map(|m| m.count).sum::<u64>(), 7);

    let by_date = ws
        .search(&SearchRequest {
            query: "cache OR kubernetes OR runbooks".into(),
            sort: SortBy::Date,
            ..Default::default()
        })
        .unwrap();
    let dates: Vec<String> = by_date
        .hits
        .iter()
        .map(|h| h.date.clone().unwrap())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
    assert_eq!(dates[0], "2026-03-20");

    let page = |offset| {
        ws.search(&SearchRequest {
            query: "cache OR kubernetes OR runbooks".into(),
            limit: Some(3),
            offset: Some(offset),
            ..Default::default()
        })
        .unwrap()
    };
    let (a, b, c) = (page(0), page(3), page(6));
    let mut ids: Vec<i64> = [a.hits, b.hits, c.hits]
        .concat()
        .iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(ids.len(), 7);
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 7, "pages never repeat a hit");
    assert_eq!(a.total, 7);
}

#[test]
fn themes_recount_as_evidence_arrives() {
    let (_d, ws) = fixture();
    let theme = ws
        .save_theme(&ThemeInput {
            id: None,
            name: "Slow CI".into(),
            query: "\"build cache\" OR (ci AND slow)".into(),
        })
        .unwrap();
    let s = ws
        .theme_summary(ws.find_theme("slow ci").unwrap().id, Granularity::Month)
        .unwrap();
    assert_eq!(s.theme.id, theme.id);
    // Payments ×2, Search, Mobile (build cache) + PLAT-1.
    assert_eq!(s.stats.total, 5);
    assert_eq!(s.stats.teams, 3);
    // The people the evidence is from: three interview participants (the Payments engineer
    // twice) and the ticket's reporter; never the interviewers.
    assert_eq!(s.stats.people, 4);
    assert_eq!(
        s.stats
            .trend
            .iter()
            .map(|b| (b.period.as_str(), b.count))
            .collect::<Vec<_>>(),
        [("2026-01", 1), ("2026-02", 3), ("2026-03", 1)]
    );
    let payments = s
        .stats
        .by_team
        .iter()
        .find(|t| t.value == "Payments")
        .unwrap();
    assert_eq!(payments.count, 2);
    assert_eq!(s.stats.evidence.len(), 5);
    let weeks = ws.theme_summary(theme.id, Granularity::Week).unwrap();
    assert_eq!(weeks.stats.trend.first().unwrap().period, "2026-W03");
    assert_eq!(weeks.stats.trend.iter().map(|b| b.count).sum::<u64>(), 5);
    assert!(weeks.stats.trend.len() >= 11, "empty weeks filled in");

    // New evidence: the theme recounts without being saved again.
    ws.save_interview(&iv(
        "SRE: slow CI too",
        "SRE",
        "2026-04-02",
        "Omar",
        "CI is slow for the SRE repos.",
        &[],
    ))
    .unwrap();
    ws.index_pending().unwrap();
    let again = ws
        .theme_summary(ws.find_theme("Slow CI").unwrap().id, Granularity::Month)
        .unwrap();
    assert_eq!((again.stats.total, again.stats.teams), (6, 4));
    assert_eq!(again.stats.trend.last().unwrap().period, "2026-04");
    let overview = ws.theme_overview().unwrap();
    assert_eq!(overview[0].total, 6);

    // Names are unique and a theme needs something to search for.
    let dup = ws
        .save_theme(&ThemeInput {
            id: None,
            name: "slow ci".into(),
            query: "ci".into(),
        })
        .unwrap_err();
    assert_eq!(
        groundwork::ApiError::from(dup).field.as_deref(),
        Some("name")
    );
    let empty = ws
        .save_theme(&ThemeInput {
            id: None,
            name: "Nothing".into(),
            query: " - ( ".into(),
        })
        .unwrap_err();
    assert_eq!(
        groundwork::ApiError::from(empty).field.as_deref(),
        Some("query")
    );
    assert_eq!(
        ws.find_theme("nope").unwrap_err().code(),
        ErrorCode::NotFound
    );
    assert_eq!(
        ws.theme_summary(987_654, Granularity::Month)
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
}

#[test]
fn quotes_pin_a_passage_and_follow_their_document() {
    let (_d, ws) = fixture();
    let theme = ws
        .save_theme(&ThemeInput {
            id: None,
            name: "Build cache".into(),
            query: "\"build cache\"".into(),
        })
        .unwrap();
    let hit = ws
        .search(&SearchRequest::new("\"forty minutes\""))
        .unwrap()
        .hits[0]
        .clone();
    let q = ws
        .pin_quote(theme.id, hit.id, "  CI takes forty minutes. ")
        .unwrap();
    assert_eq!(q.text, "CI takes forty minutes.");
    assert_eq!(q.document_title, "Payments: CI is slow");
    let ticket = ws
        .search(&SearchRequest::new("kind:ticket runners"))
        .unwrap()
        .hits[0]
        .clone();
    ws.pin_quote(theme.id, ticket.id, "the build cache is evicted")
        .unwrap();
    assert_eq!(
        ws.theme_summary(ws.find_theme("Build cache").unwrap().id, Granularity::Month)
            .unwrap()
            .quotes
            .len(),
        2
    );

    assert_eq!(
        ws.pin_quote(theme.id, hit.id, "   ").unwrap_err().code(),
        ErrorCode::InvalidInput
    );
    assert_eq!(
        ws.pin_quote(theme.id, 9999, "x").unwrap_err().code(),
        ErrorCode::NotFound
    );
    let long = "x".repeat(groundwork::search::themes::MAX_QUOTE_CHARS + 1);
    assert_eq!(
        ws.pin_quote(theme.id, hit.id, &long).unwrap_err().code(),
        ErrorCode::InvalidInput
    );

    // A deleted interview's quote is hidden, and back with the interview.
    ws.delete_interview(hit.id).unwrap();
    assert_eq!(
        ws.theme_summary(ws.find_theme("Build cache").unwrap().id, Granularity::Month)
            .unwrap()
            .quotes
            .len(),
        1
    );
    ws.restore_interview(hit.id).unwrap();
    assert_eq!(
        ws.theme_summary(ws.find_theme("Build cache").unwrap().id, Granularity::Month)
            .unwrap()
            .quotes
            .len(),
        2
    );
    // Undoing the import asks first (a quote rests on the ticket); confirmed, the ticket goes to
    // the trash and its quote leaves the theme with it.
    let batch = ws.import_batches().unwrap()[0].id;
    assert_eq!(
        ws.undo_import(batch, false).unwrap_err().code(),
        ErrorCode::NeedsConfirmation
    );
    ws.undo_import(batch, true).unwrap();
    let quotes = ws
        .theme_summary(ws.find_theme("Build cache").unwrap().id, Granularity::Month)
        .unwrap()
        .quotes;
    assert_eq!(quotes.len(), 1);
    ws.unpin_quote(quotes[0].id).unwrap();
    assert!(ws
        .theme_summary(ws.find_theme("Build cache").unwrap().id, Granularity::Month)
        .unwrap()
        .quotes
        .is_empty());
    ws.delete_theme(theme.id).unwrap();
    assert!(ws.themes().unwrap().is_empty());
}

#[test]
fn suggested_themes_are_phrases_several_teams_share() {
    let (_d, ws) = fixture();
    let suggestions = ws.suggest_themes(10).unwrap();
    let first = &suggestions[0];
    assert_eq!(first.phrase, "build cache");
    assert_eq!(first.query, "\"build cache\"");
    assert_eq!(first.documents, 4);
    assert_eq!(first.teams, 3);
    assert!(
        suggestions.iter().all(|s| s.phrase != "the build"),
        "no stopwords"
    );
    ws.save_theme(&ThemeInput {
        id: None,
        name: "Cache".into(),
        query: first.query.clone(),
    })
    .unwrap();
    assert!(
        ws.suggest_themes(10)
            .unwrap()
            .iter()
            .all(|s| s.phrase != "build cache"),
        "a saved theme is not suggested again"
    );
}

#[test]
fn an_opened_document_has_every_match_marked() {
    let (_d, ws) = fixture();
    let hit = ws
        .search(&SearchRequest::new("\"forty minutes\""))
        .unwrap()
        .hits[0]
        .clone();
    let doc = ws.open_document(hit.id, "cache OR ci").unwrap();
    let marked: Vec<&str> = doc
        .parts
        .iter()
        .filter(|p| p.hit)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(marked, ["cache", "CI"]);
    let whole: String = doc.parts.iter().map(|p| p.text.as_str()).collect();
    assert!(whole.contains("The build cache misses every morning and CI takes forty minutes."));
    assert_eq!(doc.matches, 2);
    let plain = ws.open_document(hit.id, "").unwrap();
    assert_eq!(plain.matches, 0);
    assert_eq!(
        ws.open_document(424242, "x").unwrap_err().code(),
        ErrorCode::NotFound
    );
}

#[test]
fn hostile_queries_never_fail() {
    let (_d, ws) = fixture();
    let ten_kb = "slow ci ".repeat(1_300);
    for q in [
        "",
        "-",
        "\"",
        "(((",
        ")))",
        "NOT",
        "AND OR",
        "kind:",
        "team:\"unclosed",
        "date:..",
        "date:2026-02-30",
        "since:-5d",
        "since:99999999y",
        "~",
        "*",
        "a~9",
        "🚀🔥",
        "שלום עולם",
        "\u{202e}evil",
        "tag:\u{0}",
        ten_kb.as_str(),
        "kube* -kube*",
        "\"\" \"\"",
        "team:()",
    ] {
        let r = ws.search(&SearchRequest {
            query: q.into(),
            facets: true,
            ..Default::default()
        });
        assert!(r.is_ok(), "{q:?}: {:?}", r.err());
        let t = ws.save_theme(&ThemeInput {
            id: None,
            name: format!("t{}", q.len()),
            query: q.into(),
        });
        if let Ok(t) = t {
            ws.theme_summary(t.id, Granularity::Week).unwrap();
            ws.delete_theme(t.id).unwrap();
        }
    }
}

#[test]
fn near_duplicate_tickets_and_answers_count_once() {
    let (d, ws) = fixture();
    let csv = d.path().join("dups.csv");
    let text = "The artifact upload step stalls at ninety nine percent on the shared runners and the job times out after an hour";
    std::fs::write(
        &csv,
        format!(
            "Summary,Issue key,Created,Description\n\
             Artifact upload stalls,DUP-1,2026-03-01 09:00,{text}.\n\
             Artifact upload stalls,DUP-2,2026-03-02 09:00,{text}!\n\
             Artifact upload stalls (again),DUP-3,2026-03-03 09:00,{text} again.\n\
             Artifact cache is huge,DUP-4,2026-03-04 09:00,The artifact cache grows without bound and nobody cleans it up on the shared runners.\n"
        ),
    )
    .unwrap();
    common::import(&ws, &csv);
    let r = search(&ws, "artifact");
    assert_eq!(r.total, 4);
    assert_eq!(r.distinct, 2, "DUP-2 and DUP-3 are copies of DUP-1");
    let first = r
        .hits
        .iter()
        .find(|h| h.title == "Artifact upload stalls" && h.duplicate_of.is_none())
        .unwrap();
    assert_eq!(first.copies, 2);
    let copies: Vec<_> = r
        .hits
        .iter()
        .filter(|h| h.duplicate_of == Some(first.id))
        .collect();
    assert_eq!(copies.len(), 2);
    let other = r
        .hits
        .iter()
        .find(|h| h.title == "Artifact cache is huge")
        .unwrap();
    assert_eq!((other.duplicate_of, other.copies), (None, 0));
    let theme = ws
        .save_theme(&ThemeInput {
            id: None,
            name: "Artifacts".into(),
            query: "artifact".into(),
        })
        .unwrap();
    let s = ws.theme_summary(theme.id, Granularity::Month).unwrap();
    assert_eq!((s.stats.total, s.stats.distinct), (4, 2));
    // Interviews are never folded, however alike.
    let a = search(&ws, "kind:interview \"build cache\"");
    assert_eq!(a.distinct, a.total);
}

#[test]
fn real_jira_export_folds_only_true_copies() {
    let Some(dir) = common::shared_data("tickets") else {
        return;
    };
    let d = temp_workspace();
    let ws = Workspace::open(d.path().join("ws")).unwrap();
    common::import(&ws, &dir.join("jira-export_hadoop.csv"));
    let r = ws
        .search(&SearchRequest {
            query: "kind:ticket".into(),
            limit: Some(1000),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(r.total, 2503);
    // Measured when written: 17 copies, e.g. two tickets "GCS to support per-bucket
    // configuration"; templated tickets ("Upgrade X to 1.2") stay apart.
    assert!((2480..2503).contains(&r.distinct), "{}", r.distinct);
    let gcs = ws
        .search(&SearchRequest::new("\"per-bucket configuration\" GCS"))
        .unwrap();
    let same_title: Vec<_> = gcs
        .hits
        .iter()
        .filter(|h| h.title == "GCS to support per-bucket configuration")
        .collect();
    assert_eq!(same_title.len(), 2);
    assert!(same_title.iter().any(|h| h.duplicate_of.is_some()));
    let upgrades = ws
        .search(&SearchRequest::new("upgrade kind:ticket"))
        .unwrap();
    let folded = upgrades
        .hits
        .iter()
        .filter(|h| h.duplicate_of.is_some())
        .count();
    assert!(
        folded * 10 < upgrades.hits.len(),
        "{folded} of {}",
        upgrades.hits.len()
    );
}

#[test]
fn the_palette_finds_anything_by_name_and_sees_new_things() {
    let (_d, ws) = fixture();
    let found = ws.palette("kubup", 5).unwrap();
    assert_eq!(found[0].label, "Data: Kubernetes upgrades");
    assert_eq!(
        found[0].kind,
        groundwork::search::palette::PaletteKind::Interview
    );
    let ticket = ws.palette("PLAT-3", 5).unwrap();
    assert_eq!(ticket[0].label, "PLAT-3 Docs search misses runbooks");
    // Narrowing keystroke by keystroke gives what a fresh query gives.
    for q in ["r", "ru", "run", "runb", "runbo"] {
        ws.palette(q, 5).unwrap();
    }
    assert_eq!(ws.palette("runbo", 5).unwrap(), {
        let fresh = Workspace::open(ws.status().unwrap().path).unwrap();
        fresh.palette("runbo", 5).unwrap()
    });
    // A theme saved now is found at once; actions are always there.
    assert!(ws
        .palette("flaky builds", 5)
        .unwrap()
        .iter()
        .all(|e| e.label != "Flaky builds"));
    ws.save_theme(&ThemeInput {
        id: None,
        name: "Flaky builds".into(),
        query: "flaky".into(),
    })
    .unwrap();
    assert_eq!(
        ws.palette("flaky builds", 5).unwrap()[0].label,
        "Flaky builds"
    );
    let actions = ws.palette("", 50).unwrap();
    assert!(actions
        .iter()
        .any(|a| a.action.as_deref() == Some("new-interview")));
    assert_eq!(
        ws.palette("new intrv", 1).unwrap()[0].action.as_deref(),
        Some("new-interview")
    );
}

#[test]
fn duplicate_groups_survive_reindex_other_processes_and_undo() {
    let (d, ws) = fixture();
    let text = "The artifact upload step stalls at ninety nine percent on the shared runners and the job times out after an hour";
    let write = |name: &str, rows: &[(&str, &str)]| {
        let mut csv = String::from("Summary,Issue key,Created,Description\n");
        for (key, tail) in rows {
            csv += &format!("Artifact upload stalls,{key},2026-03-01 09:00,{text}{tail}\n");
        }
        let p = d.path().join(name);
        std::fs::write(&p, csv).unwrap();
        p
    };
    let distinct = |ws: &Workspace| {
        let r = search(ws, "artifact");
        (r.total, r.distinct)
    };
    let first = write("a.csv", &[("DUP-1", ".")]);
    let b1 = ws
        .import(
            &first,
            &Default::default(),
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap()
        .batch
        .unwrap();
    // Another process (a second handle on the folder) imports copies: this one still groups them.
    let other = Workspace::open(ws.status().unwrap().path).unwrap();
    let second = write("b.csv", &[("DUP-2", "!"), ("DUP-3", " again.")]);
    other
        .import(
            &second,
            &Default::default(),
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    drop(other);
    // This handle's reader picks up the other process's commit shortly after it lands.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while distinct(&ws).0 < 3 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(distinct(&ws), (3, 1));
    // A copy edited in this process keeps its group.
    let third = write("c.csv", &[("DUP-4", " (copy)")]);
    common::import(&ws, &third);
    assert_eq!(distinct(&ws), (4, 1));
    // A rebuilt index has the same groups.
    ws.reindex().unwrap();
    assert_eq!(distinct(&ws), (4, 1));
    // The group's first document goes (its import undone): the copies stay one group.
    let later: Vec<i64> = ws
        .import_batches()
        .unwrap()
        .iter()
        .map(|b| b.id)
        .filter(|id| *id > b1)
        .collect();
    for b in later.iter().rev() {
        ws.undo_import(*b, false).unwrap();
    }
    ws.undo_import(b1, false).unwrap();
    assert_eq!(distinct(&ws), (0, 0));
    let again = write("d.csv", &[("DUP-5", "."), ("DUP-6", "?")]);
    common::import(&ws, &again);
    assert_eq!(distinct(&ws), (2, 1));
    // A cancelled import leaves no trace in the groups.
    let cancel = AtomicBool::new(true);
    let fourth = write("e.csv", &[("DUP-7", ".")]);
    assert!(ws
        .import(&fourth, &Default::default(), &mut |_| {}, &cancel)
        .is_err());
    assert_eq!(distinct(&ws), (2, 1));
}
