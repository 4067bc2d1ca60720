//! `groundwork metrics import | show` and `groundwork impact`: delivery metrics and the impact of
//! shipped items on them.

use crate::print;
use clap::{Args, Subcommand};
use groundwork::import::ColumnMap;
use groundwork::metrics::dora::{MetricLine, MetricsRequest, Period};
use groundwork::metrics::impact::{ImpactRequest, ItemMetric};
use groundwork::metrics::import::MetricsImportOptions;
use groundwork::metrics::MetricsKind;
use groundwork::{Error, Result, Workspace};
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum MetricsCmd {
    /// Import deployments, incidents or ready-made series from CSV/TSV or JSON.
    Import {
        /// The file.
        file: PathBuf,
        /// What it holds (detected from its columns when left out).
        #[arg(long, value_parser = ["deployments", "incidents", "series"])]
        kind: Option<String>,
        /// Read a column as a field (repeatable), e.g. --map followed_by_patch_within_48h=failed.
        #[arg(long = "map", value_name = "COLUMN=FIELD")]
        maps: Vec<String>,
    },
    /// Every metric per team over time, with DORA bands, and the organization's roll-up.
    Show {
        /// One team.
        #[arg(long)]
        team: Option<String>,
        /// One metric: deployment_frequency, lead_time, change_failure_rate, time_to_restore,
        /// nps, csat or an imported series.
        #[arg(long)]
        metric: Option<String>,
        /// Bucket by week or month.
        #[arg(long, default_value = "month", value_parser = ["week", "month"])]
        by: String,
        /// First day (YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        /// Last day.
        #[arg(long)]
        to: Option<String>,
    },
}

/// `groundwork impact ITEM`.
#[derive(Args)]
pub struct ImpactArgs {
    /// The item (id or title).
    item: String,
    /// Link a metric it should move, with the change expected (repeatable; replaces the links):
    /// --metric lead_time=-20% --metric deployment_frequency.
    #[arg(long = "metric", value_name = "METRIC[=EXPECTED]")]
    metrics: Vec<String>,
    /// The day it shipped, when it differs from the day its status was set (2026-03-14,
    /// 14/03/2026 or 14 Mar 2026; `none` clears it).
    #[arg(long, value_name = "DATE")]
    shipped_on: Option<String>,
    /// Weeks compared before and after.
    #[arg(long, value_name = "WEEKS")]
    window: Option<u32>,
}

fn usage(field: &str, message: String) -> Error {
    Error::InvalidInput {
        field: Some(field.into()),
        message,
    }
}

fn fmt(v: Option<f64>, unit: &str) -> String {
    match v {
        None => "—".into(),
        Some(x) if unit == "share" => format!("{:.1} %", x * 100.0),
        Some(x) if unit == "hours" => format!("{x:.1} h"),
        Some(x) => format!("{x:.2}"),
    }
}

fn band(b: Option<groundwork::metrics::dora::Band>) -> String {
    b.map(|b| format!(" [{}]", format!("{b:?}").to_lowercase()))
        .unwrap_or_default()
}

fn line_text(l: &MetricLine) -> String {
    let team = if l.team.is_empty() {
        "organization"
    } else {
        &l.team
    };
    let recent: Vec<String> = l
        .points
        .iter()
        .rev()
        .take(6)
        .rev()
        .map(|p| format!("{} {}", p.period, fmt(p.value, &l.unit)))
        .collect();
    format!(
        "{team:<20} {:<26} overall {}{}  ({} samples)\n{:<20} {:<26} {}",
        l.label,
        fmt(l.overall, &l.unit),
        band(l.band),
        l.samples,
        "",
        "",
        recent.join(" · ")
    )
}

pub fn metrics(ws: &Workspace, json: bool, cmd: MetricsCmd) -> Result<()> {
    match cmd {
        MetricsCmd::Import { file, kind, maps } => {
            let map = maps
                .iter()
                .map(|m| {
                    m.split_once('=')
                        .map(|(c, f)| ColumnMap {
                            header: c.trim().into(),
                            field: f.trim().into(),
                        })
                        .ok_or_else(|| usage("map", format!("--map takes COLUMN=FIELD, got {m:?}")))
                })
                .collect::<Result<Vec<_>>>()?;
            let opts = MetricsImportOptions {
                kind: kind.as_deref().map(MetricsKind::parse).transpose()?,
                map,
            };
            let r = ws.import_metrics(&file, &opts)?;
            print(json, &r, |r| {
                let mut out = format!(
                    "{} {}: {} imported, {} updated, {} rejected (columns: {})",
                    r.file,
                    r.kind.as_str(),
                    r.imported,
                    r.updated,
                    r.rejected.len(),
                    r.columns
                        .iter()
                        .map(|c| format!("{}→{}", c.header, c.field))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                for rej in r.rejected.iter().take(20) {
                    out += &format!("\n  line {}, {}: {}", rej.line, rej.field, rej.reason);
                }
                if r.rejected.len() > 20 {
                    out += &format!(
                        "\n  … and {} more (use --json for all)",
                        r.rejected.len() - 20
                    );
                }
                out
            });
        }
        MetricsCmd::Show {
            team,
            metric,
            by,
            from,
            to,
        } => {
            let view = ws.metrics(&MetricsRequest {
                team,
                metric,
                by: if by == "week" {
                    Period::Week
                } else {
                    Period::Month
                },
                from,
                to,
            })?;
            print(json, &view, |v| {
                if v.lines.is_empty() {
                    return "no metrics yet: import deployments, incidents or series with `groundwork metrics import FILE`".into();
                }
                let mut out = format!(
                    "{} to {}, by {}\n",
                    v.from.as_deref().unwrap_or("?"),
                    v.to.as_deref().unwrap_or("?"),
                    if v.by == Period::Week {
                        "week"
                    } else {
                        "month"
                    }
                );
                for l in &v.lines {
                    out += &line_text(l);
                    out.push('\n');
                }
                out.trim_end().to_string()
            });
        }
    }
    Ok(())
}

/// `-20%` → −0.2, `0.1` → 0.1.
fn relative(text: &str) -> Result<f64> {
    let t = text.trim();
    let (num, pct) = match t.strip_suffix('%') {
        Some(n) => (n, true),
        None => (t, false),
    };
    let v: f64 = num.trim().parse().map_err(|_| {
        usage(
            "metric",
            format!("expected a change such as -20% or 0.1, got {text:?}"),
        )
    })?;
    Ok(if pct { v / 100.0 } else { v })
}

pub fn impact(ws: &Workspace, json: bool, args: ImpactArgs) -> Result<()> {
    // The core's grammar for typed days, so the CLI and the app take the same text.
    let shipped_on = match args.shipped_on.as_deref() {
        None => None,
        Some(d) => Some(
            groundwork::import::dates::parse_optional_day(d).map_err(|r| usage("shipped_on", r))?,
        ),
    };
    if !args.metrics.is_empty() || shipped_on.is_some() {
        let metrics = if args.metrics.is_empty() {
            let item = ws.find_item(&args.item)?;
            groundwork::metrics::impact::item_metrics(ws.conn(), item.id)?
        } else {
            args.metrics
                .iter()
                .map(|m| match m.split_once('=') {
                    Some((k, e)) => Ok(ItemMetric {
                        metric: k.trim().into(),
                        expected: Some(relative(e)?),
                    }),
                    None => Ok(ItemMetric {
                        metric: m.trim().into(),
                        expected: None,
                    }),
                })
                .collect::<Result<Vec<_>>>()?
        };
        ws.set_item_metrics(&args.item, &metrics, shipped_on)?;
    }
    let r = ws.impact(&ImpactRequest {
        item: args.item,
        window_weeks: args.window,
        seed: None,
    })?;
    print(json, &r, |r| {
        let mut out = format!(
            "#{} {} — {}{}",
            r.item_id,
            r.title,
            r.status,
            r.shipped_on
                .as_deref()
                .map(|d| format!(", shipped {d}; {} weeks before vs after", r.window_weeks))
                .unwrap_or_default()
        );
        if !r.teams.is_empty() {
            out += &format!(" · teams {}", r.teams.join(", "));
        }
        // Values, change and expectation in the review pack's words (`MetricImpact`'s).
        for m in &r.metrics {
            let expected = m.expectation_text();
            out += &format!(
                "\n  {:<26} {} → {}  change {}  {}{}",
                m.label,
                m.format(m.before.value),
                m.format(m.after.value),
                m.change_text(),
                m.verdict,
                if expected.is_empty() {
                    String::new()
                } else {
                    format!(" · {expected}")
                }
            );
        }
        if let Some(roi) = &r.roi {
            out += &format!("\n  hours saved: {}", roi.text());
        }
        for n in &r.notes {
            out += &format!("\n  note: {n}");
        }
        out
    });
    Ok(())
}

pub fn learn(ws: &Workspace, json: bool, apply: bool) -> Result<()> {
    let records = if apply {
        ws.apply_track_record()?
    } else {
        ws.track_record()?
    };
    print(json, &records, |rs| {
        if rs.is_empty() {
            return "no planned item shares a metric with a shipped item measured against its expectation".into();
        }
        let mut out = String::new();
        for r in rs {
            let basis: Vec<String> = r
                .precedents
                .iter()
                .map(|p| {
                    format!(
                        "{} ({}, {:.0} % of expected)",
                        p.title,
                        p.metric,
                        p.realized_vs_expected * 100.0
                    )
                })
                .collect();
            out += &format!(
                "#{} {}: confidence {} typed × {:.2} track record → {} ({} precedent(s): mean {:.2}, spread {:.2}, {:.0} % believed; from {}){}\n",
                r.item_id,
                r.title,
                r.confidence.map_or("—".into(), |c| format!("{c:.2}")),
                r.factor,
                r.suggested
                    .map_or("— (no confidence set)".into(), |c| format!("{c:.2}")),
                r.shrunk.precedents,
                r.shrunk.raw,
                r.shrunk.spread,
                r.shrunk.weight * 100.0,
                basis.join("; "),
                match (r.applied, r.up_to_date) {
                    (Some(_), true) => " — applied",
                    (Some(_), false) => " — an older factor is applied; `learn --apply` updates it",
                    (None, _) => "",
                }
            );
        }
        out.trim_end().to_string()
    });
    Ok(())
}
