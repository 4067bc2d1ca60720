//! The interview log and teams against a real temporary workspace.

use crate::common;

use common::{interview, temp_workspace};
use groundwork::research::interviews::{InterviewFilter, InterviewInput};
use groundwork::research::markdown;
use groundwork::research::teams::TeamInput;
use groundwork::search::SearchRequest;
use groundwork::{ErrorCode, Workspace};

fn open() -> (tempfile::TempDir, Workspace) {
    let dir = temp_workspace();
    let ws = Workspace::open(dir.path()).unwrap();
    (dir, ws)
}

#[test]
fn create_edit_and_read_back_an_interview() {
    let (_d, ws) = open();
    let mut input = InterviewInput {
        tags: vec![" ci ".into(), "CI".into(), "".into(), "build-times".into()],
        pain_points: vec!["Slow CI".into(), "  ".into()],
        ..interview("Payments: CI waits", "# Notes\n\nCI takes **40 minutes**.")
    };
    let iv = ws.save_interview(&input).unwrap();
    assert!(iv.id > 0);
    assert_eq!(
        iv.tags,
        vec!["build-times", "ci"],
        "trimmed, de-duplicated, sorted"
    );
    assert_eq!(iv.pain_points, vec!["Slow CI"]);
    assert_eq!(iv.team.as_deref(), Some("Payments"));
    assert_eq!(ws.teams().unwrap().len(), 1, "the team was created");

    input.id = Some(iv.id);
    input.title = "Payments: CI waits (follow-up)".into();
    input.team = Some("payments".into()); // same team, other case
    let edited = ws.save_interview(&input).unwrap();
    assert_eq!(edited.id, iv.id);
    assert_eq!(edited.title, "Payments: CI waits (follow-up)");
    assert_eq!(edited.team.as_deref(), Some("Payments"));
    assert_eq!(ws.teams().unwrap().len(), 1);
    assert_eq!(ws.interview(iv.id).unwrap(), edited);
}

#[test]
fn list_filters_by_team_role_tag_and_date_range() {
    let (_d, ws) = open();
    let mk = |title: &str, team: &str, role: &str, tag: &str, date: &str| InterviewInput {
        team: Some(team.into()),
        role: role.into(),
        tags: vec![tag.into()],
        date: date.into(),
        ..interview(title, "notes")
    };
    ws.save_interview(&mk("a", "Payments", "SRE", "ci", "2026-01-10"))
        .unwrap();
    ws.save_interview(&mk("b", "Search", "SRE", "deploys", "2026-02-10"))
        .unwrap();
    ws.save_interview(&mk("c", "Search", "Tech lead", "ci", "2026-03-10"))
        .unwrap();
    let titles = |f: InterviewFilter| -> Vec<String> {
        ws.interviews(&f)
            .unwrap()
            .into_iter()
            .map(|i| i.title)
            .collect()
    };
    assert_eq!(
        titles(Default::default()),
        vec!["c", "b", "a"],
        "newest first"
    );
    assert_eq!(
        titles(InterviewFilter {
            team: Some("search".into()),
            ..Default::default()
        }),
        vec!["c", "b"]
    );
    assert_eq!(
        titles(InterviewFilter {
            role: Some("sre".into()),
            ..Default::default()
        }),
        vec!["b", "a"]
    );
    assert_eq!(
        titles(InterviewFilter {
            tag: Some("ci".into()),
            ..Default::default()
        }),
        vec!["c", "a"]
    );
    assert_eq!(
        titles(InterviewFilter {
            from: Some("2026-02-01".into()),
            to: Some("2026-03-10".into()),
            ..Default::default()
        }),
        vec!["c", "b"]
    );
    assert_eq!(
        titles(InterviewFilter {
            team: Some("Search".into()),
            tag: Some("ci".into()),
            ..Default::default()
        }),
        vec!["c"]
    );
    let err = ws
        .interviews(&InterviewFilter {
            from: Some("2026-13-01".into()),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    let facets = ws.interview_facets().unwrap();
    assert_eq!(facets.teams, vec!["Payments", "Search"]);
    assert_eq!(facets.roles, vec!["SRE", "Tech lead"]);
    assert_eq!(facets.tags, vec!["ci", "deploys"]);
}

#[test]
fn bad_input_is_named_and_nothing_stored_is_lost() {
    let (_d, ws) = open();
    let good = ws
        .save_interview(&interview("Original", "keep these notes"))
        .unwrap();
    let cases: Vec<(InterviewInput, &str, &str)> = vec![
        (interview("   ", "x"), "title", "needs a title"),
        (
            InterviewInput {
                date: "2026-02-30".into(),
                ..interview("t", "x")
            },
            "date",
            "February 2026 has 28 days",
        ),
        (
            InterviewInput {
                date: "14/03/2026".into(),
                ..interview("t", "x")
            },
            "date",
            "use YYYY-MM-DD",
        ),
        (
            interview("t", &"x".repeat(5 * 1024 * 1024)),
            "notes",
            "5.0 MiB",
        ),
        (
            InterviewInput {
                participant: "a\u{0}b".into(),
                ..interview("t", "x")
            },
            "participant",
            "single line",
        ),
    ];
    for (mut input, field, needle) in cases {
        // As a new interview and as an edit of the stored one: both refused the same way.
        for id in [None, Some(good.id)] {
            input.id = id;
            let err = ws.save_interview(&input).unwrap_err();
            assert_eq!(err.code(), ErrorCode::InvalidInput);
            let api = groundwork::ApiError::from(err);
            assert_eq!(api.field.as_deref(), Some(field), "{}", api.message);
            assert!(
                api.message.contains(needle),
                "{:?} lacks {needle:?}",
                api.message
            );
        }
    }
    assert_eq!(ws.interviews(&Default::default()).unwrap().len(), 1);
    assert_eq!(
        ws.interview(good.id).unwrap(),
        good,
        "the stored interview is unchanged"
    );
}

#[test]
fn a_leap_day_is_a_real_date() {
    let (_d, ws) = open();
    let iv = ws
        .save_interview(&InterviewInput {
            date: "2028-02-29".into(),
            ..interview("Leap", "")
        })
        .unwrap();
    assert_eq!(iv.date, "2028-02-29");
}

#[test]
fn html_in_notes_is_stored_as_typed_and_rendered_inert() {
    let (_d, ws) = open();
    let hostile = "<script>alert('x')</script>\n\n<img src=x onerror=alert(1)> [click](javascript:alert(2)) deploy";
    let iv = ws.save_interview(&interview("Hostile", hostile)).unwrap();
    assert_eq!(
        ws.interview(iv.id).unwrap().notes,
        hostile,
        "stored verbatim"
    );
    ws.index_pending().unwrap();
    let html = markdown::render(&iv.notes);
    assert!(
        !html.contains("<script") && !html.contains("onerror") && !html.contains("javascript:"),
        "{html}"
    );
    let res = ws
        .search(&SearchRequest {
            query: "alert".into(),
            limit: None,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(res.total, 1);
    let snippet = &res.hits[0].snippet;
    assert!(
        !snippet.contains("<script"),
        "snippet HTML escapes document text: {snippet}"
    );
    assert!(snippet.contains("&lt;script&gt;"), "{snippet}");
    assert!(snippet.contains("<mark>alert</mark>"), "{snippet}");
}

#[test]
fn delete_hides_and_restore_brings_back() {
    let (_d, ws) = open();
    let iv = ws
        .save_interview(&interview("Secrets rotation pain", "vault"))
        .unwrap();
    ws.delete_interview(iv.id).unwrap();
    ws.index_pending().unwrap();
    assert!(ws.interviews(&Default::default()).unwrap().is_empty());
    assert_eq!(ws.interview(iv.id).unwrap_err().code(), ErrorCode::NotFound);
    let q = SearchRequest {
        query: "vault".into(),
        limit: None,
        ..Default::default()
    };
    assert_eq!(ws.search(&q).unwrap().total, 0);
    assert_eq!(
        ws.delete_interview(iv.id).unwrap_err().code(),
        ErrorCode::NotFound
    );
    let back = ws.restore_interview(iv.id).unwrap();
    assert_eq!(back.title, iv.title);
    ws.index_pending().unwrap();
    assert_eq!(ws.search(&q).unwrap().total, 1);
    assert_eq!(
        ws.restore_interview(iv.id).unwrap_err().code(),
        ErrorCode::NotFound
    );
}

#[test]
fn teams_have_headcount_and_refuse_bad_input() {
    let (_d, ws) = open();
    let t = ws
        .save_team(&TeamInput {
            id: None,
            name: "  Mobile ".into(),
            headcount: Some(35),
        })
        .unwrap();
    assert_eq!((t.name.as_str(), t.headcount), ("Mobile", Some(35)));
    let dup = ws
        .save_team(&TeamInput {
            id: None,
            name: "mobile".into(),
            headcount: None,
        })
        .unwrap_err();
    assert_eq!(dup.code(), ErrorCode::InvalidInput);
    let neg = ws
        .save_team(&TeamInput {
            id: Some(t.id),
            name: "Mobile".into(),
            headcount: Some(-1),
        })
        .unwrap_err();
    assert_eq!(
        groundwork::ApiError::from(neg).field.as_deref(),
        Some("headcount")
    );
    let t2 = ws
        .save_team(&TeamInput {
            id: Some(t.id),
            name: "Mobile Apps".into(),
            headcount: Some(40),
        })
        .unwrap();
    assert_eq!(
        (t2.id, t2.name.as_str(), t2.headcount),
        (t.id, "Mobile Apps", Some(40))
    );

    ws.save_interview(&groundwork::research::interviews::InterviewInput {
        team: Some("Mobile Apps".into()),
        ..interview("iOS builds", "slow")
    })
    .unwrap();
    assert_eq!(ws.teams().unwrap()[0].interviews, 1);
    let used = ws.delete_team(t.id).unwrap_err();
    assert!(used.to_string().contains("still has 1 document"), "{used}");
    let empty = ws
        .save_team(&TeamInput {
            id: None,
            name: "Unused".into(),
            headcount: None,
        })
        .unwrap();
    ws.delete_team(empty.id).unwrap();
    assert_eq!(ws.teams().unwrap().len(), 1);
}

#[test]
fn renaming_a_team_reindexes_its_documents() {
    let (_d, ws) = open();
    let iv = ws
        .save_interview(&interview("Kafka lag", "consumer lag"))
        .unwrap();
    let team = ws.teams().unwrap().remove(0);
    ws.save_team(&TeamInput {
        id: Some(team.id),
        name: "Ledger".into(),
        headcount: Some(9),
    })
    .unwrap();
    ws.index_pending().unwrap();
    let res = ws
        .search(&SearchRequest {
            query: "lag".into(),
            limit: None,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(res.hits[0].id, iv.id);
    assert_eq!(res.hits[0].team.as_deref(), Some("Ledger"));
}

#[test]
fn the_demo_seeds_once_and_never_into_real_research() {
    let (_d, ws) = open();
    let n = groundwork::research::demo::seed(&ws).unwrap();
    assert!(n >= 12, "a useful number of interviews: {n}");
    let status = ws.status().unwrap();
    assert!(status.is_demo);
    assert_eq!(status.documents["interview"], n as u64);
    assert_eq!(status.indexed, n as u64);
    assert!(ws.teams().unwrap().iter().all(|t| t.headcount.is_some()));
    assert_eq!(
        groundwork::research::demo::seed(&ws).unwrap(),
        0,
        "seeding twice adds nothing"
    );

    let (_d2, real) = open();
    real.save_interview(&interview("Real research", ""))
        .unwrap();
    let err = groundwork::research::demo::seed(&real).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert_eq!(real.status().unwrap().documents["interview"], 1);
}

/// Two saves of one interview, from the app and the CLI: the second one that started from an
/// older version is refused as a conflict and stores nothing; the app can then keep either text.
#[test]
fn a_save_over_a_newer_version_is_a_conflict_not_an_overwrite() {
    let dir = common::temp_workspace();
    let ws_dir = dir.path().join("ws");
    let ws = Workspace::open(&ws_dir).unwrap();
    let opened = ws
        .save_interview(&common::interview(
            "Deploy fear",
            "Nobody deploys on Fridays.",
        ))
        .unwrap();
    assert_eq!(opened.version, 1);

    // The CLI edits it while the app has it open.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_groundwork"))
        .args(["--workspace", ws_dir.to_str().unwrap(), "interview", "edit"])
        .arg(opened.id.to_string())
        .args(["--title", "Deploy fear (CLI)"])
        .env_remove("GROUNDWORK_WORKSPACE")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(ws.interview(opened.id).unwrap().version, 2);

    // The app saves what it typed over version 1: refused, nothing stored.
    let mut mine = common::interview("Deploy fear", "Nobody deploys on Fridays or Mondays.");
    mine.id = Some(opened.id);
    mine.version = Some(1);
    let err = ws.save_interview(&mine).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert!(err.to_string().contains("version 2"), "{err}");
    let stored = ws.interview(opened.id).unwrap();
    assert_eq!(stored.title, "Deploy fear (CLI)");
    assert_eq!(stored.notes, "Nobody deploys on Fridays.");

    // Keeping mine after seeing both: saved over the version the user compared with.
    mine.version = Some(stored.version);
    let saved = ws.save_interview(&mine).unwrap();
    assert_eq!(saved.version, 3);
    assert_eq!(saved.notes, "Nobody deploys on Fridays or Mondays.");
}
