//! Research coverage: which teams the PM has heard from lately and which not, and which themes
//! rest on one voice. No table of its own: it reads teams, interviews and the people behind them.

use crate::error::Result;
use crate::research::documents::{self, DocumentKind};
use crate::research::people::Resolver;
use crate::research::teams;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use ts_rs::TS;

/// How far back "lately" reaches.
pub const RECENT_DAYS: i64 = 90;

/// One team's coverage.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TeamCoverage {
    /// Team name.
    pub team: String,
    /// Engineers on the team, when known.
    #[ts(type = "number | null")]
    pub headcount: Option<i64>,
    /// Interviews with the team in the last 90 days.
    #[ts(type = "number")]
    pub interviews_recent: u64,
    /// Interviews with the team ever.
    #[ts(type = "number")]
    pub interviews: u64,
    /// Distinct people of the team heard in interviews in the last 90 days (persons, not
    /// spellings; interviewers not counted).
    #[ts(type = "number")]
    pub people_recent: u64,
    /// `people_recent` over headcount, when the headcount is known.
    pub share_heard: Option<f64>,
    /// The day of the latest interview with the team.
    pub last_contact: Option<String>,
    /// Days since then.
    #[ts(type = "number | null")]
    pub days_since: Option<i64>,
}

/// A theme whose evidence rests on one person or one team.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct FragileTheme {
    /// Theme id.
    #[ts(type = "number")]
    pub id: i64,
    /// Theme name.
    pub name: String,
    /// Matching documents.
    #[ts(type = "number")]
    pub documents: u64,
    /// Distinct people among them.
    #[ts(type = "number")]
    pub people: u64,
    /// Distinct teams among them.
    #[ts(type = "number")]
    pub teams: u64,
    /// What it rests on, in words ("one person", "one team").
    pub rests_on: String,
}

/// Research coverage of the workspace as of a day.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Coverage {
    /// The day "the last 90 days" ends on.
    pub today: String,
    /// How many days count as recent.
    #[ts(type = "number")]
    pub recent_days: i64,
    /// Every team, the least recently heard first (never heard first of all).
    pub teams: Vec<TeamCoverage>,
    /// Teams never interviewed.
    pub never_interviewed: Vec<String>,
    /// Themes whose evidence rests on one person or one team.
    pub fragile_themes: Vec<FragileTheme>,
}

/// What a theme's evidence rests on when it is one person or one team, in words; `None` when it
/// rests on more (or on nothing).
pub fn rests_on(documents: u64, people: u64, teams: u64) -> Option<String> {
    if documents == 0 {
        return None;
    }
    match (people, teams) {
        (0, 0) => Some("no named person or team".into()),
        (1, _) => Some("one person".into()),
        (_, 1) if documents > 1 => Some("one team".into()),
        (0, _) => Some("no named person".into()),
        _ => None,
    }
}

/// Coverage per team as of `today`; `themes` are the saved themes' (id, name, documents, people,
/// teams) figures.
pub fn coverage(
    conn: &rusqlite::Connection,
    today: NaiveDate,
    themes: &[(i64, String, u64, u64, u64)],
) -> Result<Coverage> {
    let since = today - chrono::Duration::days(RECENT_DAYS);
    let resolver = Resolver::load(conn)?;
    let names: HashMap<i64, Vec<(String, &'static str)>> =
        documents::names_by_document(conn)?.into_iter().collect();
    struct Acc {
        recent: u64,
        all: u64,
        people: HashSet<String>,
        last: Option<NaiveDate>,
    }
    let mut by_team: HashMap<String, Acc> = HashMap::new();
    for d in documents::listed(conn)? {
        if d.kind != DocumentKind::Interview || d.team.is_empty() {
            continue;
        }
        let day = NaiveDate::parse_from_str(&d.date, "%Y-%m-%d").ok();
        let acc = by_team.entry(d.team.to_lowercase()).or_insert(Acc {
            recent: 0,
            all: 0,
            people: HashSet::new(),
            last: None,
        });
        acc.all += 1;
        if day > acc.last {
            acc.last = day;
        }
        if day.is_some_and(|day| day > since && day <= today) {
            acc.recent += 1;
            for (name, how) in names.get(&d.id).into_iter().flatten() {
                if *how != "interviewer" {
                    acc.people.insert(resolver.identity(name));
                }
            }
        }
    }
    let mut out: Vec<TeamCoverage> = teams::list(conn)?
        .into_iter()
        .map(|t| {
            let acc = by_team.remove(&t.name.to_lowercase());
            let (recent, all, people, last) = match acc {
                Some(a) => (a.recent, a.all, a.people.len() as u64, a.last),
                None => (0, 0, 0, None),
            };
            TeamCoverage {
                share_heard: t
                    .headcount
                    .filter(|h| *h > 0)
                    .map(|h| people as f64 / h as f64),
                headcount: t.headcount,
                team: t.name,
                interviews_recent: recent,
                interviews: all,
                people_recent: people,
                last_contact: last.map(|d| d.format("%Y-%m-%d").to_string()),
                days_since: last.map(|d| (today - d).num_days()),
            }
        })
        .collect();
    // Never heard first, then the longest silence, then the fewest heard.
    out.sort_by(|a, b| {
        b.days_since
            .map_or(i64::MAX, |d| d)
            .cmp(&a.days_since.map_or(i64::MAX, |d| d))
            .then(a.people_recent.cmp(&b.people_recent))
            .then(a.team.cmp(&b.team))
    });
    let never_interviewed = out
        .iter()
        .filter(|t| t.interviews == 0)
        .map(|t| t.team.clone())
        .collect();
    let fragile_themes = themes
        .iter()
        .filter_map(|(id, name, docs, people, teams)| {
            rests_on(*docs, *people, *teams).map(|r| FragileTheme {
                id: *id,
                name: name.clone(),
                documents: *docs,
                people: *people,
                teams: *teams,
                rests_on: r,
            })
        })
        .collect();
    Ok(Coverage {
        today: today.format("%Y-%m-%d").to_string(),
        recent_days: RECENT_DAYS,
        teams: out,
        never_interviewed,
        fragile_themes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_theme_rests_on() {
        assert_eq!(rests_on(0, 0, 0), None);
        assert_eq!(rests_on(5, 1, 3).as_deref(), Some("one person"));
        assert_eq!(rests_on(5, 4, 1).as_deref(), Some("one team"));
        assert_eq!(
            rests_on(1, 2, 1),
            None,
            "one document from one team is not a pattern yet"
        );
        assert_eq!(
            rests_on(5, 0, 0).as_deref(),
            Some("no named person or team")
        );
        assert_eq!(rests_on(5, 3, 2), None);
    }
}
