//! Research coverage: per team, interviews and people heard in the last 90 days and the last
//! contact; teams never interviewed; themes resting on one person or one team — through the
//! workspace and the CLI.

use crate::common::{gw, interview, temp_workspace};
use groundwork::research::people::PersonInput;
use groundwork::research::teams::TeamInput;
use groundwork::search::themes::ThemeInput;
use groundwork::search::Granularity;
use groundwork::Workspace;
use serde_json::Value;

fn seeded(dir: &std::path::Path) -> Workspace {
    let mut ws = Workspace::open(dir).unwrap();
    ws.pin_today(chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap());
    for (name, headcount) in [
        ("Payments", Some(10)),
        ("Search", Some(4)),
        ("Mobile", None),
    ] {
        ws.save_team(&TeamInput {
            id: None,
            name: name.into(),
            headcount,
        })
        .unwrap();
    }
    let add = |title: &str, who: &str, team: &str, date: &str, notes: &str| {
        let mut i = interview(title, notes);
        i.participant = who.into();
        i.team = Some(team.into());
        i.date = date.into();
        ws.save_interview(&i).unwrap();
    };
    add(
        "Payments 1",
        "Dana Ruiz",
        "Payments",
        "2026-06-01",
        "Rollbacks take an hour.",
    );
    add(
        "Payments 2",
        "druiz",
        "Payments",
        "2026-05-20",
        "Rollbacks again.",
    );
    add(
        "Payments 3",
        "Lee Park",
        "Payments",
        "2026-04-15",
        "Flaky suites.",
    );
    add(
        "Payments old",
        "Kim Ito",
        "Payments",
        "2025-11-02",
        "Old news.",
    );
    add(
        "Search 1",
        "Ola Berg",
        "Search",
        "2026-01-10",
        "Reindexing is slow.",
    );
    ws.save_person(&PersonInput {
        id: None,
        name: "Dana Ruiz".into(),
        aliases: vec!["druiz".into()],
        ..PersonInput::default()
    })
    .unwrap();
    ws.index_pending().unwrap();
    ws
}

#[test]
fn coverage_counts_recent_interviews_and_persons_per_team_and_flags_what_rests_on_one_voice() {
    let dir = temp_workspace();
    let ws = seeded(dir.path());
    for (name, query) in [("Rollbacks", "rollbacks"), ("Flaky", "flaky OR reindexing")] {
        ws.save_theme(&ThemeInput {
            id: None,
            name: name.into(),
            query: query.into(),
        })
        .unwrap();
    }
    let c = ws.coverage().unwrap();
    assert_eq!(c.today, "2026-06-30");
    let row = |team: &str| c.teams.iter().find(|t| t.team == team).unwrap().clone();

    let payments = row("Payments");
    // Three interviews since 2026-04-01; Dana twice under two spellings: two people heard.
    assert_eq!((payments.interviews_recent, payments.interviews), (3, 4));
    assert_eq!(payments.people_recent, 2);
    assert_eq!(payments.share_heard, Some(0.2));
    assert_eq!(payments.last_contact.as_deref(), Some("2026-06-01"));
    assert_eq!(payments.days_since, Some(29));

    let search = row("Search");
    assert_eq!((search.interviews_recent, search.people_recent), (0, 0));
    assert_eq!(search.last_contact.as_deref(), Some("2026-01-10"));

    let mobile = row("Mobile");
    assert_eq!((mobile.interviews, mobile.last_contact.clone()), (0, None));
    assert_eq!(c.never_interviewed, ["Mobile"]);
    // Never heard first, then the longest silence.
    let order: Vec<&str> = c.teams.iter().map(|t| t.team.as_str()).collect();
    assert_eq!(order, ["Mobile", "Search", "Payments"]);

    // "Rollbacks": two interviews, one person (Dana, two spellings). "Flaky": two people, two teams.
    let fragile: Vec<(&str, &str)> = c
        .fragile_themes
        .iter()
        .map(|t| (t.name.as_str(), t.rests_on.as_str()))
        .collect();
    assert_eq!(fragile, [("Rollbacks", "one person")]);
    let rollbacks = ws
        .themes()
        .unwrap()
        .into_iter()
        .find(|t| t.name == "Rollbacks")
        .unwrap();
    let s = ws.theme_summary(rollbacks.id, Granularity::Month).unwrap();
    assert_eq!(s.stats.rests_on.as_deref(), Some("one person"));
}

#[test]
fn the_cli_prints_coverage_as_json_and_text() {
    let dir = temp_workspace();
    drop(seeded(dir.path()));
    let out = gw(dir.path(), &["coverage", "--json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let c: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(c["recent_days"], 90);
    assert_eq!(c["never_interviewed"][0], "Mobile");
    let text = String::from_utf8_lossy(&gw(dir.path(), &["coverage"]).stdout).into_owned();
    assert!(text.contains("never interviewed: Mobile"), "{text}");
}
