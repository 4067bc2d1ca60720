//! The four DORA metrics per team and week or month, computed from deployment and incident
//! events, with performance bands; ready-made series and survey satisfaction (NPS, CSAT) beside
//! them; and the organization's roll-up.
//!
//! - Deployment frequency: deployments in the period (the band reads the rate per day).
//! - Lead time for changes: the median lead time of the period's deployments that have one.
//! - Change failure rate: failed deployments ÷ deployments.
//! - Time to restore service: the median of resolved − opened over the incidents opened in the
//!   period and resolved (each incident counts, overlapping or not; open ones are left out).
//!
//! Times are UTC; a week starts on Monday (ISO weeks). Periods with no events are filled in:
//! zero deployments, and no value for the other three.

use super::{
    describe, lower_is_better, CHANGE_FAILURE_RATE, DEPLOYMENT_FREQUENCY, LEAD_TIME,
    TIME_TO_RESTORE,
};
use crate::error::{Error, Result};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use ts_rs::TS;

/// How values are bucketed in time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Period {
    /// ISO weeks, Monday to Sunday (`2026-W05`).
    Week,
    /// Calendar months (`2026-01`).
    #[default]
    Month,
}

impl Period {
    /// The first day of the period holding `d`.
    pub fn start(self, d: NaiveDate) -> NaiveDate {
        match self {
            Period::Week => d - Duration::days(d.weekday().num_days_from_monday() as i64),
            Period::Month => d.with_day(1).unwrap_or(d),
        }
    }

    /// The first day of the next period.
    pub fn next(self, start: NaiveDate) -> NaiveDate {
        match self {
            Period::Week => start + Duration::days(7),
            Period::Month => start
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(start + Duration::days(31)),
        }
    }

    /// `2026-W05` or `2026-01`.
    pub fn label(self, start: NaiveDate) -> String {
        match self {
            Period::Week => {
                let w = start.iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }
            Period::Month => start.format("%Y-%m").to_string(),
        }
    }
}

/// A DORA performance band (State of DevOps 2023 clusters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Band {
    /// Deploys on demand, changes reach production within a day, restores within an hour.
    Elite,
    /// High performers.
    High,
    /// Medium performers.
    Medium,
    /// Low performers.
    Low,
}

/// The band of a DORA metric's value; `days` is the period's length (deployment frequency is
/// banded by its rate per day). `None` for other metrics.
pub fn band(metric: &str, value: f64, days: f64) -> Option<Band> {
    let pick = |elite: bool, high: bool, medium: bool| {
        Some(if elite {
            Band::Elite
        } else if high {
            Band::High
        } else if medium {
            Band::Medium
        } else {
            Band::Low
        })
    };
    match metric {
        DEPLOYMENT_FREQUENCY => {
            let per_day = value / days.max(1.0);
            pick(per_day >= 1.0, per_day >= 1.0 / 7.0, per_day >= 1.0 / 30.0)
        }
        LEAD_TIME => pick(value < 24.0, value < 24.0 * 7.0, value < 24.0 * 30.0),
        CHANGE_FAILURE_RATE => pick(value <= 0.05, value <= 0.10, value <= 0.15),
        TIME_TO_RESTORE => pick(value < 1.0, value < 24.0, value < 24.0 * 7.0),
        _ => None,
    }
}

/// The bands' thresholds, in words, for legends.
pub fn band_thresholds(metric: &str) -> Option<[&'static str; 4]> {
    match metric {
        DEPLOYMENT_FREQUENCY => Some([
            "daily or more (on demand)",
            "weekly to daily",
            "monthly to weekly",
            "less than monthly",
        ]),
        LEAD_TIME => Some([
            "under a day",
            "a day to a week",
            "a week to a month",
            "over a month",
        ]),
        CHANGE_FAILURE_RATE => Some(["5 % or less", "up to 10 %", "up to 15 %", "over 15 %"]),
        TIME_TO_RESTORE => Some([
            "under an hour",
            "under a day",
            "a day to a week",
            "over a week",
        ]),
        _ => None,
    }
}

/// A deployment as the computations read it.
#[derive(Debug, Clone)]
pub struct Deploy {
    /// Team (or service).
    pub team: String,
    /// When it reached production.
    pub at: DateTime<Utc>,
    /// Hours from commit to production.
    pub lead_h: Option<f64>,
    /// Failed, rolled back or reverted.
    pub failed: bool,
}

/// An incident as the computations read it.
#[derive(Debug, Clone)]
pub struct Incident {
    /// Team (or service).
    pub team: String,
    /// Start.
    pub opened: DateTime<Utc>,
    /// Resolution, if resolved.
    pub resolved: Option<DateTime<Utc>>,
}

/// One observation of a series (an imported value, or one survey respondent's score).
#[derive(Debug, Clone)]
pub struct Observation {
    /// Team; empty for the organization.
    pub team: String,
    /// Metric key.
    pub metric: String,
    /// Day.
    pub day: NaiveDate,
    /// Value.
    pub value: f64,
}

/// Every event and value in the workspace.
#[derive(Debug, Clone, Default)]
pub struct Events {
    /// Deployments, oldest first.
    pub deploys: Vec<Deploy>,
    /// Incidents, oldest first.
    pub incidents: Vec<Incident>,
    /// Series values and survey scores.
    pub series: Vec<Observation>,
}

fn utc(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

impl Events {
    /// Reads them from the database: events, series, and NPS and CSAT per respondent from
    /// imported surveys (a promoter scores 100, a detractor −100, so their mean is the NPS; a
    /// satisfied answer — the top two points of a satisfaction scale — scores 1; the rule is
    /// `surveys::scale`'s).
    pub fn load(conn: &Connection) -> Result<Self> {
        let mut ev = Events::default();
        let mut stmt = conn.prepare(
            "SELECT team, deployed_at, lead_time_h, failed FROM deployments ORDER BY deployed_at",
        )?;
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get(2)?,
                r.get(3)?,
            ))
        })? {
            let (team, at, lead_h, failed) = row?;
            if let Some(at) = utc(&at) {
                ev.deploys.push(Deploy {
                    team,
                    at,
                    lead_h,
                    failed,
                });
            }
        }
        let mut stmt =
            conn.prepare("SELECT team, opened_at, resolved_at FROM incidents ORDER BY opened_at")?;
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })? {
            let (team, opened, resolved) = row?;
            if let Some(opened) = utc(&opened) {
                ev.incidents.push(Incident {
                    team,
                    opened,
                    resolved: resolved.as_deref().and_then(utc),
                });
            }
        }
        let mut stmt =
            conn.prepare("SELECT team, metric, day, value FROM metric_series ORDER BY day")?;
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, f64>(3)?,
            ))
        })? {
            let (team, metric, day, value) = row?;
            if let Ok(day) = day.parse() {
                ev.series.push(Observation {
                    team,
                    metric,
                    day,
                    value,
                });
            }
        }
        ev.series.extend(satisfaction(conn)?);
        Ok(ev)
    }
}

/// NPS and CSAT observations from imported surveys, one per respondent and question, with the
/// respondent's team and submission day (`surveys::satisfaction` scores them as the Surveys view
/// does).
fn satisfaction(conn: &Connection) -> Result<Vec<Observation>> {
    let mut out = Vec::new();
    for s in crate::surveys::satisfaction(conn)? {
        let Some(day) = utc(&s.submitted).map(|t| t.date_naive()) else {
            continue;
        };
        out.push(Observation {
            team: s.team.unwrap_or_default(),
            metric: s.metric.into(),
            day,
            value: s.score,
        });
    }
    Ok(out)
}

/// What to show.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MetricsRequest {
    /// One team (its name, any case); `None`: every team and the organization.
    #[serde(default)]
    pub team: Option<String>,
    /// One metric (`lead_time`, `mttr`, `nps`…); `None`: all of them.
    #[serde(default)]
    pub metric: Option<String>,
    /// Weeks or months.
    #[serde(default)]
    pub by: Period,
    /// First day shown (`YYYY-MM-DD`); default: the first event.
    #[serde(default)]
    pub from: Option<String>,
    /// Last day shown; default: the last event.
    #[serde(default)]
    pub to: Option<String>,
}

/// A metric's value in one period.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct MetricPoint {
    /// `2026-W05` or `2026-01`.
    pub period: String,
    /// Its first day.
    pub start: String,
    /// The value (`None`: nothing to compute it from).
    pub value: Option<f64>,
    /// Deployments, incidents or values behind it.
    #[ts(type = "number")]
    pub samples: u64,
    /// DORA band (DORA metrics only).
    pub band: Option<Band>,
}

/// One metric of one team over time.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct MetricLine {
    /// Team; empty for the organization's roll-up.
    pub team: String,
    /// Metric key.
    pub metric: String,
    /// Its name.
    pub label: String,
    /// Unit of the values.
    pub unit: String,
    /// True when lower is better.
    pub lower_is_better: bool,
    /// One point per period, oldest first, empty periods included.
    pub points: Vec<MetricPoint>,
    /// Over the whole range: mean deployments per period, median lead and restore times,
    /// failure rate, mean of a series.
    pub overall: Option<f64>,
    /// The band of `overall`.
    pub band: Option<Band>,
    /// Events or values behind it.
    #[ts(type = "number")]
    pub samples: u64,
}

/// A band's thresholds for one metric, for legends.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BandLegend {
    /// Metric key.
    pub metric: String,
    /// Elite, high, medium and low, in words.
    pub thresholds: Vec<String>,
}

/// Metrics over time.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct MetricsView {
    /// Weeks or months.
    pub by: Period,
    /// First day shown.
    pub from: Option<String>,
    /// Last day shown.
    pub to: Option<String>,
    /// Teams with metrics.
    pub teams: Vec<String>,
    /// Metrics with data.
    pub metrics: Vec<String>,
    /// The organization first, then each team; DORA metrics first, then series.
    pub lines: Vec<MetricLine>,
    /// What each band means.
    pub bands: Vec<BandLegend>,
    /// Deployments, incidents and series values stored.
    #[ts(type = "number")]
    pub events: u64,
}

/// The median of `v` (sorted in place); `None` when empty.
pub fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

fn mean(v: &[f64]) -> Option<f64> {
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

/// The value of a metric over a set of events: what one point, one window or a whole line shows.
pub fn value_of(
    metric: &str,
    deploys: &[&Deploy],
    incidents: &[&Incident],
    series: &[f64],
) -> (Option<f64>, u64) {
    match metric {
        DEPLOYMENT_FREQUENCY => (Some(deploys.len() as f64), deploys.len() as u64),
        LEAD_TIME => {
            let mut v: Vec<f64> = deploys.iter().filter_map(|d| d.lead_h).collect();
            let n = v.len() as u64;
            (median(&mut v), n)
        }
        CHANGE_FAILURE_RATE => {
            let failed = deploys.iter().filter(|d| d.failed).count();
            (
                (!deploys.is_empty()).then(|| failed as f64 / deploys.len() as f64),
                deploys.len() as u64,
            )
        }
        TIME_TO_RESTORE => {
            let mut v = restore_hours(incidents);
            let n = v.len() as u64;
            (median(&mut v), n)
        }
        _ => (mean(series), series.len() as u64),
    }
}

/// Hours from start to resolution of each resolved incident.
pub fn restore_hours(incidents: &[&Incident]) -> Vec<f64> {
    incidents
        .iter()
        .filter_map(|i| {
            i.resolved
                .map(|r| (r - i.opened).num_seconds() as f64 / 3600.0)
        })
        .collect()
}

fn day(s: &Option<String>, field: &str) -> Result<Option<NaiveDate>> {
    match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(v) => crate::import::dates::parse_day(v)
            .map(Some)
            .map_err(|r| Error::invalid(field, r)),
    }
}

/// Every metric of every team (or of the one asked for) over time.
pub fn view(ev: &Events, req: &MetricsRequest) -> Result<MetricsView> {
    let mut teams: BTreeSet<String> = BTreeSet::new();
    teams.extend(ev.deploys.iter().map(|d| d.team.clone()));
    teams.extend(ev.incidents.iter().map(|i| i.team.clone()));
    teams.extend(
        ev.series
            .iter()
            .map(|s| s.team.clone())
            .filter(|t| !t.is_empty()),
    );
    let teams: Vec<String> = teams.into_iter().collect();
    let mut metrics: Vec<String> = Vec::new();
    if !ev.deploys.is_empty() {
        metrics.extend([DEPLOYMENT_FREQUENCY, LEAD_TIME, CHANGE_FAILURE_RATE].map(String::from));
    }
    if !ev.incidents.is_empty() {
        metrics.push(TIME_TO_RESTORE.into());
    }
    let mut series_names: Vec<String> = ev.series.iter().map(|s| s.metric.clone()).collect();
    series_names.sort();
    series_names.dedup();
    metrics.extend(series_names);

    let team = match req.team.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => None,
        Some(t) => Some(
            teams
                .iter()
                .find(|x| crate::research::teams::same_name(x, t))
                .cloned()
                .ok_or_else(|| {
                    Error::invalid(
                        "team",
                        format!(
                            "no metrics for team {t:?}; teams with metrics: {}",
                            if teams.is_empty() {
                                "none yet".into()
                            } else {
                                teams.join(", ")
                            }
                        ),
                    )
                })?,
        ),
    };
    let metric = match req
        .metric
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty())
    {
        None => None,
        Some(m) => {
            let key = super::metric_key(m);
            if !metrics.contains(&key) {
                return Err(Error::invalid(
                    "metric",
                    format!(
                        "no data for metric {m:?}; metrics with data: {}",
                        if metrics.is_empty() {
                            "none yet".into()
                        } else {
                            metrics.join(", ")
                        }
                    ),
                ));
            }
            Some(key)
        }
    };
    let from = day(&req.from, "from")?;
    let to = day(&req.to, "to")?;
    let days = ev
        .deploys
        .iter()
        .map(|d| d.at.date_naive())
        .chain(ev.incidents.iter().map(|i| i.opened.date_naive()))
        .chain(ev.series.iter().map(|s| s.day));
    let (first, last) = days.fold((None::<NaiveDate>, None::<NaiveDate>), |(a, b), d| {
        (
            Some(a.map_or(d, |a| a.min(d))),
            Some(b.map_or(d, |b| b.max(d))),
        )
    });
    let from = from.or(first);
    let to = to.or(last);
    let mut lines = Vec::new();
    if let (Some(from), Some(to)) = (from, to) {
        let mut periods = Vec::new();
        let mut start = req.by.start(from);
        while start <= to {
            let next = req.by.next(start);
            periods.push((start, next));
            start = next;
        }
        let scopes: Vec<Option<&String>> = match &team {
            Some(t) => vec![Some(t)],
            None => std::iter::once(None)
                .chain(teams.iter().map(Some))
                .collect(),
        };
        for scope in scopes {
            for m in metrics
                .iter()
                .filter(|m| metric.as_ref().is_none_or(|x| x == *m))
            {
                if let Some(line) =
                    line(ev, scope.map(String::as_str), m, req.by, &periods, from, to)
                {
                    lines.push(line);
                }
            }
        }
    }
    Ok(MetricsView {
        by: req.by,
        from: from.map(|d| d.to_string()),
        to: to.map(|d| d.to_string()),
        teams,
        bands: metrics
            .iter()
            .filter_map(|m| {
                band_thresholds(m).map(|t| BandLegend {
                    metric: m.clone(),
                    thresholds: t.iter().map(|s| s.to_string()).collect(),
                })
            })
            .collect(),
        metrics,
        lines,
        events: (ev.deploys.len() + ev.incidents.len() + ev.series.len()) as u64,
    })
}

/// One line: `team` `None` is the organization (every team; for a series, its own
/// organization-wide values when it has any, else every team's).
fn line(
    ev: &Events,
    team: Option<&str>,
    metric: &str,
    by: Period,
    periods: &[(NaiveDate, NaiveDate)],
    from: NaiveDate,
    to: NaiveDate,
) -> Option<MetricLine> {
    let in_team = |t: &str| team.is_none_or(|x| crate::research::teams::same_name(x, t));
    let in_range = |d: NaiveDate| d >= from && d <= to;
    let deploys: Vec<&Deploy> = ev
        .deploys
        .iter()
        .filter(|d| in_team(&d.team) && in_range(d.at.date_naive()))
        .collect();
    let incidents: Vec<&Incident> = ev
        .incidents
        .iter()
        .filter(|i| in_team(&i.team) && in_range(i.opened.date_naive()))
        .collect();
    let org_rows = team.is_none()
        && ev
            .series
            .iter()
            .any(|s| s.metric == metric && s.team.is_empty());
    let series: Vec<&Observation> = ev
        .series
        .iter()
        .filter(|s| {
            s.metric == metric
                && in_range(s.day)
                && match team {
                    Some(t) => crate::research::teams::same_name(&s.team, t),
                    None => !org_rows || s.team.is_empty(),
                }
        })
        .collect();
    let is_dora = super::DORA.contains(&metric);
    let has_data = match metric {
        TIME_TO_RESTORE => !incidents.is_empty(),
        m if is_dora && m != TIME_TO_RESTORE => !deploys.is_empty(),
        _ => !series.is_empty(),
    };
    if !has_data {
        return None;
    }
    let points: Vec<MetricPoint> = periods
        .iter()
        .map(|&(start, next)| {
            let inside = |d: NaiveDate| d >= start && d < next;
            let d: Vec<&Deploy> = deploys
                .iter()
                .copied()
                .filter(|x| inside(x.at.date_naive()))
                .collect();
            let i: Vec<&Incident> = incidents
                .iter()
                .copied()
                .filter(|x| inside(x.opened.date_naive()))
                .collect();
            let s: Vec<f64> = series
                .iter()
                .filter(|x| inside(x.day))
                .map(|x| x.value)
                .collect();
            let (value, samples) = value_of(metric, &d, &i, &s);
            let days = (next - start).num_days() as f64;
            MetricPoint {
                period: by.label(start),
                start: start.to_string(),
                value,
                samples,
                band: value.and_then(|v| band(metric, v, days)),
            }
        })
        .collect();
    let all: Vec<f64> = series.iter().map(|x| x.value).collect();
    let (mut overall, samples) = value_of(metric, &deploys, &incidents, &all);
    let mut overall_band = None;
    if metric == DEPLOYMENT_FREQUENCY {
        let span = periods
            .last()
            .map_or(1, |p| (p.1 - periods[0].0).num_days()) as f64;
        overall = Some(deploys.len() as f64 / periods.len().max(1) as f64);
        overall_band = band(metric, deploys.len() as f64, span);
    } else if let Some(v) = overall {
        overall_band = band(metric, v, 1.0);
    }
    let (label, unit) = describe(metric);
    Some(MetricLine {
        team: team.unwrap_or_default().to_string(),
        metric: metric.to_string(),
        label,
        unit: unit.to_string(),
        lower_is_better: lower_is_better(metric),
        points,
        overall,
        band: overall_band,
        samples,
    })
}
