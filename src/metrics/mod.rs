//! Delivery metrics: deployments and incidents (the four DORA metrics are computed from them per
//! team and week or month, with performance bands), ready-made series, and the before/after
//! impact of shipped roadmap items on them.

pub mod dora;
pub mod impact;
pub mod import;
pub mod learning;

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a metrics file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MetricsKind {
    /// Deployment events: time, service or team, lead time or commit time, failed flag.
    Deployments,
    /// Incidents: opened, resolved, service or team, severity.
    Incidents,
    /// Ready-made values: date, team, metric, value.
    Series,
}

impl MetricsKind {
    /// Its name.
    pub fn as_str(self) -> &'static str {
        match self {
            MetricsKind::Deployments => "deployments",
            MetricsKind::Incidents => "incidents",
            MetricsKind::Series => "series",
        }
    }

    /// One of it, in messages.
    pub fn singular(self) -> &'static str {
        match self {
            MetricsKind::Deployments => "deployment's",
            MetricsKind::Incidents => "incident's",
            MetricsKind::Series => "value's",
        }
    }

    /// Reads a kind name.
    pub fn parse(s: &str) -> Result<Self> {
        match s.trim().to_lowercase().as_str() {
            "deployments" | "deployment" | "deploys" => Ok(MetricsKind::Deployments),
            "incidents" | "incident" => Ok(MetricsKind::Incidents),
            "series" => Ok(MetricsKind::Series),
            _ => Err(Error::invalid(
                "kind",
                format!("unknown metrics kind {s:?}; use deployments, incidents or series"),
            )),
        }
    }
}

/// Deployments per period.
pub const DEPLOYMENT_FREQUENCY: &str = "deployment_frequency";
/// Median hours from commit to production.
pub const LEAD_TIME: &str = "lead_time";
/// Share of deployments that failed.
pub const CHANGE_FAILURE_RATE: &str = "change_failure_rate";
/// Median hours from an incident's start to its resolution.
pub const TIME_TO_RESTORE: &str = "time_to_restore";
/// The four DORA metrics, computed from events.
pub const DORA: [&str; 4] = [
    DEPLOYMENT_FREQUENCY,
    LEAD_TIME,
    CHANGE_FAILURE_RATE,
    TIME_TO_RESTORE,
];

/// A header or name as a key: lower case, runs of anything but letters and digits become one `_`
/// (`Lead Time (h)` → `lead_time_h`). The one spelling rule for metric names and metrics file
/// headers alike.
pub fn snake_key(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

/// A metric's name as stored: lower case, words joined by `_` (`Time saved (h)` → `time_saved_h`),
/// with the common names of the DORA metrics folded onto theirs (`MTTR` → `time_to_restore`).
pub fn metric_key(name: &str) -> String {
    let key = snake_key(name);
    match key.as_str() {
        "deploy_frequency" | "deployments" | "deploys" | "deployment_frequency" | "df" => {
            DEPLOYMENT_FREQUENCY.into()
        }
        "lead_time" | "lead_time_for_changes" | "time_to_production" | "lead_time_h" => {
            LEAD_TIME.into()
        }
        "change_failure_rate" | "cfr" | "failure_rate" => CHANGE_FAILURE_RATE.into(),
        "mttr"
        | "time_to_restore"
        | "time_to_restore_service"
        | "mean_time_to_restore"
        | "failed_deployment_recovery_time" => TIME_TO_RESTORE.into(),
        _ => key,
    }
}

/// A metric's label and unit.
pub fn describe(metric: &str) -> (String, &'static str) {
    match metric {
        DEPLOYMENT_FREQUENCY => ("Deployment frequency".into(), "deploys"),
        LEAD_TIME => ("Lead time for changes".into(), "hours"),
        CHANGE_FAILURE_RATE => ("Change failure rate".into(), "share"),
        TIME_TO_RESTORE => ("Time to restore service".into(), "hours"),
        "nps" => ("Developer NPS".into(), "points"),
        "csat" => ("Developer satisfaction (CSAT)".into(), "share"),
        other => {
            let mut label = other.replace('_', " ");
            if let Some(first) = label.get(..1) {
                label = first.to_uppercase() + &label[1..];
            }
            (label, "")
        }
    }
}

/// True when a lower value of `metric` is better (lead time, failures, restore time…).
pub fn lower_is_better(metric: &str) -> bool {
    matches!(metric, LEAD_TIME | CHANGE_FAILURE_RATE | TIME_TO_RESTORE)
        || [
            "time_to", "lead", "failure", "incident", "mttr", "wait", "latency", "duration",
        ]
        .iter()
        .any(|w| metric.contains(w))
}

impl crate::Workspace {
    /// Imports deployments, incidents or series from a CSV/TSV or JSON file.
    pub fn import_metrics(
        &self,
        path: &std::path::Path,
        opts: &import::MetricsImportOptions,
    ) -> Result<import::MetricsImportReport> {
        import::import(self.conn(), path, opts)
    }

    /// Metrics over time per team, with DORA bands, and the organization's roll-up.
    pub fn metrics(&self, req: &dora::MetricsRequest) -> Result<dora::MetricsView> {
        dora::view(&dora::Events::load(self.conn())?, req)
    }

    /// A shipped item's before/after on the metrics it should move, and — when a time-saved
    /// series (hours a week) is among them — the hours a year it saved against the ROI model's
    /// prediction.
    pub fn impact(&self, req: &impact::ImpactRequest) -> Result<impact::Impact> {
        self.impact_checked(&dora::Events::load(self.conn())?, req, &mut None)
    }

    /// [`Self::impact`] over events already loaded: the one place an impact gets its ROI check,
    /// for the app's impact view and the review pack alike. `roi_ranking` keeps the ROI model's
    /// ranking between calls (ranked on first need), so measuring many items ranks once.
    pub(crate) fn impact_checked(
        &self,
        events: &dora::Events,
        req: &impact::ImpactRequest,
        roi_ranking: &mut Option<crate::roadmap::rank::Ranking>,
    ) -> Result<impact::Impact> {
        let mut out = impact::impact(self.conn(), events, req)?;
        let Some(saved) = out
            .metrics
            .iter()
            .find(|m| m.metric.starts_with("time_saved") && m.change.is_some())
        else {
            return Ok(out);
        };
        let ranking = match roi_ranking {
            Some(r) => r,
            None => roi_ranking.insert(self.rank(&crate::roadmap::rank::RankRequest {
                model: "roi".into(),
                all: true,
                ..Default::default()
            })?),
        };
        let roi = ranking
            .items
            .iter()
            .chain(&ranking.exceptions)
            .find(|i| i.id == out.item_id)
            .and_then(|i| i.roi);
        match roi {
            Some(r) => {
                let realized = saved.change.unwrap_or(0.0) * 52.0;
                let predicted = r.expected.hours_per_year;
                out.roi = Some(impact::RoiCheck {
                    metric: saved.metric.clone(),
                    predicted_low: r.low.hours_per_year,
                    predicted,
                    predicted_high: r.high.hours_per_year,
                    realized,
                    ratio: (predicted.abs() > f64::EPSILON).then(|| realized / predicted),
                });
            }
            None => out.notes.push(
                "no ROI prediction to compare hours saved with: give it hours saved, adoption and reach".into(),
            ),
        }
        Ok(out)
    }

    /// What shipped items with the same metrics suggest for planned items' confidence.
    pub fn track_record(&self) -> Result<Vec<impact::TrackRecord>> {
        impact::track_record(self.conn(), &dora::Events::load(self.conn())?)
    }

    /// Applies planned items' track records (see [`Self::track_record`]): each factor is stored
    /// apart from the typed confidence and scales it when the ranking reads it, so applying again
    /// changes nothing and typed ranges are kept. Items without a track record any more lose
    /// theirs. Returns the records, as applied.
    pub fn apply_track_record(&self) -> Result<Vec<impact::TrackRecord>> {
        let records = self.track_record()?;
        let shrunk: Vec<(i64, learning::Shrunk)> =
            records.iter().map(|r| (r.item_id, r.shrunk)).collect();
        crate::store::db::transaction(self.conn(), |tx| learning::replace(tx, &shrunk))?;
        self.track_record()
    }

    /// Saves what an item should move and its ship day, then measures its impact.
    pub fn save_item_metrics(&self, input: &impact::ItemMetricsInput) -> Result<impact::Impact> {
        let shipped = match input.shipped_on.as_deref() {
            None => None,
            Some(d) => crate::import::dates::parse_optional_day(d)
                .map_err(|r| Error::invalid("shipped_on", r))?,
        };
        self.set_item_metrics(&input.item.to_string(), &input.metrics, Some(shipped))?;
        self.impact(&impact::ImpactRequest {
            item: input.item.to_string(),
            ..Default::default()
        })
    }

    /// Links an item (id or title) to the metrics it should move, replacing its links, and sets
    /// the day it shipped when `shipped_on` is given (`Some(None)` clears it).
    pub fn set_item_metrics(
        &self,
        item: &str,
        metrics: &[impact::ItemMetric],
        shipped_on: Option<Option<chrono::NaiveDate>>,
    ) -> Result<()> {
        let item = crate::roadmap::items::find(self.conn(), item)?;
        impact::set_item_metrics(self.conn(), item.id, metrics, shipped_on)
    }
}
