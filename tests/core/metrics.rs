//! Delivery metrics: DORA computations against hand-worked examples (empty weeks, deployments
//! without lead time, overlapping incidents, time zones), imports with bad rows, the bootstrap
//! interval against known distributions, an item's before/after, and the real deployment history
//! in ../shared/data/metrics.

use crate::common;

use common::{open, shared_data};
use groundwork::import::ColumnMap;
use groundwork::metrics::dora::{Band, MetricLine, MetricsRequest, MetricsView, Period};
use groundwork::metrics::impact::{bootstrap, ImpactRequest, ItemMetric};
use groundwork::metrics::import::MetricsImportOptions;
use groundwork::metrics::MetricsKind;
use groundwork::research::teams::TeamInput;
use groundwork::roadmap::items::{ItemInput, ItemStatus};
use groundwork::Workspace;
use rand_core::{Rng, SeedableRng};
use std::path::{Path, PathBuf};

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Week of Monday 2 March 2026: three deployments (lead 2 h; lead 30 h and failed; no lead
/// time). The week of 9 March has none until Sunday 23:30 UTC, when a deploy made at 01:30 on
/// Monday 16 March in UTC+2 lands. Three incidents: two overlapping (4 h and 24 h), one open.
const DEPLOYS: &str = "deploy_id,team,deployed_at,lead_time_h,rolled_back
d1,Payments,2026-03-02T10:00:00Z,2,no
d2,Payments,2026-03-04T09:00:00Z,30,yes
d3,Payments,2026-03-06T16:00:00Z,,no
d4,Payments,2026-03-16T01:30:00+02:00,10,no
";

const INCIDENTS: &str = r#"{"incidents": [
  {"id": "INC-1", "team": "Payments", "severity": "sev2", "opened_at": "2026-03-02T10:00:00Z", "resolved_at": "2026-03-02T14:00:00Z"},
  {"id": "INC-2", "team": "Payments", "severity": "sev1", "opened_at": "2026-03-02T12:00:00Z", "resolved_at": "2026-03-03T12:00:00Z"},
  {"id": "INC-3", "team": "Payments", "severity": "sev3", "opened_at": "2026-03-05T08:00:00Z", "resolved_at": null}
]}"#;

fn hand_worked(ws: &Workspace, dir: &Path) {
    let d = ws
        .import_metrics(&write(dir, "deploys.csv", DEPLOYS), &Default::default())
        .unwrap();
    assert_eq!(
        (d.kind, d.imported, d.rejected.len()),
        (MetricsKind::Deployments, 4, 0)
    );
    let i = ws
        .import_metrics(
            &write(dir, "incidents.json", INCIDENTS),
            &Default::default(),
        )
        .unwrap();
    assert_eq!((i.kind, i.imported), (MetricsKind::Incidents, 3));
}

fn line<'a>(v: &'a MetricsView, team: &str, metric: &str) -> &'a MetricLine {
    v.lines
        .iter()
        .find(|l| l.team == team && l.metric == metric)
        .unwrap_or_else(|| panic!("no {metric} line for {team:?}"))
}

fn values(l: &MetricLine) -> Vec<Option<f64>> {
    l.points.iter().map(|p| p.value).collect()
}

#[test]
fn dora_metrics_by_week_match_the_hand_worked_example() {
    let (d, ws) = open();
    hand_worked(&ws, d.path());
    let v = ws
        .metrics(&MetricsRequest {
            by: Period::Week,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(v.teams, ["Payments"]);
    assert_eq!(
        (v.from.as_deref(), v.to.as_deref()),
        (Some("2026-03-02"), Some("2026-03-15"))
    );
    let df = line(&v, "Payments", "deployment_frequency");
    let periods: Vec<&str> = df.points.iter().map(|p| p.period.as_str()).collect();
    // The UTC+2 deploy of Monday 01:30 is Sunday 23:30 UTC: week 11, not week 12.
    assert_eq!(periods, ["2026-W10", "2026-W11"]);
    assert_eq!(values(df), [Some(3.0), Some(1.0)]);
    // 3 deploys in 7 days: weekly to daily, "high".
    assert_eq!(df.points[0].band, Some(Band::High));
    // The deploy without a lead time counts for frequency and failures, not for lead time.
    let lt = line(&v, "Payments", "lead_time");
    assert_eq!(values(lt), [Some(16.0), Some(10.0)]);
    assert_eq!(lt.points[0].samples, 2);
    assert_eq!(lt.points[0].band, Some(Band::Elite));
    let cfr = line(&v, "Payments", "change_failure_rate");
    assert_eq!(values(cfr), [Some(1.0 / 3.0), Some(0.0)]);
    assert_eq!(cfr.points[0].band, Some(Band::Low));
    // Overlapping incidents each count (4 h and 24 h: median 14 h); the open one does not.
    let ttr = line(&v, "Payments", "time_to_restore");
    assert_eq!(values(ttr), [Some(14.0), None]);
    assert_eq!(ttr.points[0].band, Some(Band::High));
    // The organization's roll-up comes first and equals the one team here.
    assert_eq!(v.lines[0].team, "");
    assert_eq!(values(line(&v, "", "lead_time")), values(lt));
}

#[test]
fn months_empty_periods_and_the_organization_roll_up() {
    let (d, ws) = open();
    hand_worked(&ws, d.path());
    ws.import_metrics(
        &write(
            d.path(),
            "mobile.csv",
            "deploy_id,team,deployed_at,lead_time_minutes,failed\nm1,Mobile,2026-05-20T08:00:00Z,90,false\n",
        ),
        &Default::default(),
    )
    .unwrap();
    let v = ws.metrics(&MetricsRequest::default()).unwrap();
    assert_eq!(v.teams, ["Mobile", "Payments"]);
    let org = line(&v, "", "deployment_frequency");
    let periods: Vec<&str> = org.points.iter().map(|p| p.period.as_str()).collect();
    assert_eq!(periods, ["2026-03", "2026-04", "2026-05"]);
    // April had no deployment: zero deployments, and no lead time or failure rate.
    assert_eq!(values(org), [Some(4.0), Some(0.0), Some(1.0)]);
    assert_eq!(
        values(line(&v, "", "lead_time")),
        [Some(10.0), None, Some(1.5)]
    );
    assert_eq!(
        values(line(&v, "", "change_failure_rate")),
        [Some(0.25), None, Some(0.0)]
    );
    // A team view shows that team only; an unknown team is named in the error.
    let mobile = ws
        .metrics(&MetricsRequest {
            team: Some("mobile".into()),
            metric: Some("Lead time".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(mobile.lines.len(), 1);
    assert_eq!(mobile.lines[0].team, "Mobile");
    let err = ws
        .metrics(&MetricsRequest {
            team: Some("Search".into()),
            ..Default::default()
        })
        .unwrap_err();
    assert!(err.to_string().contains("Mobile, Payments"), "{err}");
}

#[test]
fn bad_rows_are_rejected_by_line_and_field_and_nothing_stored_is_lost() {
    let (d, ws) = open();
    hand_worked(&ws, d.path());
    let r = ws
        .import_metrics(
            &write(
                d.path(),
                "bad.csv",
                "deploy_id,team,deployed_at,lead_time_h,rolled_back\n\
                 d9,Payments,2026-02-30T10:00:00Z,1,no\n\
                 d10,Payments,2026-03-20T10:00:00Z,-4,no\n\
                 d11,Payments,2026-03-21T10:00:00Z,3,maybe\n\
                 d1,Payments,2026-03-02T10:00:00Z,5,no\n",
            ),
            &Default::default(),
        )
        .unwrap();
    let rejected: Vec<(u64, &str)> = r
        .rejected
        .iter()
        .map(|x| (x.line, x.field.as_str()))
        .collect();
    assert_eq!(
        rejected,
        [(2, "deployed_at"), (3, "lead_time_h"), (4, "rolled_back")]
    );
    assert!(
        r.rejected[0].reason.contains("February"),
        "{}",
        r.rejected[0].reason
    );
    // d1 was imported before: updated in place, not duplicated.
    assert_eq!((r.imported, r.updated), (0, 1));
    let v = ws.metrics(&MetricsRequest::default()).unwrap();
    assert_eq!(line(&v, "Payments", "deployment_frequency").samples, 4);

    // A file without a time column fails whole, naming the file and the field.
    let before = ws.metrics(&MetricsRequest::default()).unwrap().events;
    let err = ws
        .import_metrics(
            &write(d.path(), "notime.csv", "deploy_id,team\nx,Payments\n"),
            &MetricsImportOptions {
                kind: Some(MetricsKind::Deployments),
                map: vec![],
            },
        )
        .unwrap_err();
    let api = groundwork::ApiError::from(err);
    assert_eq!(api.field.as_deref(), Some("deployed_at"));
    assert!(api.message.contains("notime.csv"), "{}", api.message);
    let unknown = ws
        .import_metrics(
            &write(d.path(), "map.csv", DEPLOYS),
            &MetricsImportOptions {
                kind: None,
                map: vec![ColumnMap {
                    header: "rolled_back".into(),
                    field: "broken".into(),
                }],
            },
        )
        .unwrap_err();
    assert!(
        unknown.to_string().contains("unknown field \"broken\""),
        "{unknown}"
    );
    assert_eq!(
        ws.metrics(&MetricsRequest::default()).unwrap().events,
        before
    );
}

#[test]
fn series_import_with_percentages_and_team_roll_up() {
    let (d, ws) = open();
    let r = ws
        .import_metrics(
            &write(
                d.path(),
                "adoption.csv",
                "date,team,metric,value\n2026-01-15,Payments,Adoption,40%\n2026-01-20,Mobile,Adoption,60%\n2026-02-10,Payments,Adoption,55%\n",
            ),
            &Default::default(),
        )
        .unwrap();
    assert_eq!((r.kind, r.imported), (MetricsKind::Series, 3));
    let v = ws.metrics(&MetricsRequest::default()).unwrap();
    // Without organization-wide rows, the roll-up is the mean over teams' values.
    let org = line(&v, "", "adoption");
    assert_eq!(values(org), [Some(0.5), Some(0.55)]);
    assert_eq!(
        values(line(&v, "Payments", "adoption")),
        [Some(0.4), Some(0.55)]
    );
}

/// `n` draws from a normal distribution (Box–Muller over a seeded generator).
fn normal(n: usize, mean: f64, sd: f64, seed: u64) -> Vec<f64> {
    let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(seed);
    let mut u = || (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    (0..n)
        .map(|_| {
            let (a, b) = (u().max(f64::MIN_POSITIVE), u());
            mean + sd * (-2.0 * a.ln()).sqrt() * (std::f64::consts::TAU * b).cos()
        })
        .collect()
}

fn mean_of(v: &mut [f64]) -> Option<f64> {
    Some(v.iter().sum::<f64>() / v.len() as f64)
}

#[test]
fn the_bootstrap_interval_covers_the_true_change_about_95_times_in_100() {
    // Before ~ N(10, 2), after ~ N(12, 2), 100 each: the mean moves by 2; the standard error of
    // the difference is 2·√(2/100) ≈ 0.28, so the interval is about ±0.55 wide.
    let mut covered = 0;
    let trials = 200;
    for t in 0..trials {
        let before = normal(100, 10.0, 2.0, 2 * t);
        let after = normal(100, 12.0, 2.0, 2 * t + 1);
        let (lo, hi) = bootstrap(&before, &after, mean_of, t).unwrap();
        assert!(
            lo > 0.0,
            "a 2-point move must not look like noise: [{lo}, {hi}]"
        );
        assert!((0.8..1.45).contains(&(hi - lo)), "width {}", hi - lo);
        if lo <= 2.0 && 2.0 <= hi {
            covered += 1;
        }
    }
    let coverage = covered as f64 / trials as f64;
    assert!((0.89..=0.99).contains(&coverage), "coverage {coverage}");
    // No change: the interval holds zero.
    let a = normal(60, 5.0, 1.0, 7);
    let b = normal(60, 5.0, 1.0, 8);
    let (lo, hi) = bootstrap(&a, &b, mean_of, 1).unwrap();
    assert!(lo < 0.0 && hi > 0.0, "[{lo}, {hi}]");
    // Too little data: no interval.
    assert!(bootstrap(&[1.0], &[2.0, 3.0], mean_of, 1).is_none());
}

#[test]
fn a_shipped_item_shows_its_before_and_after() {
    let (d, ws) = open();
    ws.save_team(&TeamInput {
        id: None,
        name: "Payments".into(),
        headcount: Some(40),
    })
    .unwrap();
    // Four weeks before 2026-04-06 with one deploy each (lead 20 h), four after with three each
    // (lead 5 h).
    let mut csv = String::from("team,deployed_at,lead_time_h\n");
    for w in 0..4 {
        let before =
            chrono::NaiveDate::from_ymd_opt(2026, 3, 9).unwrap() + chrono::Duration::days(7 * w);
        csv += &format!("Payments,{before}T10:00:00Z,20\n");
        for k in 0..3 {
            let after = chrono::NaiveDate::from_ymd_opt(2026, 4, 6).unwrap()
                + chrono::Duration::days(7 * w + k);
            csv += &format!("Payments,{after}T10:00:00Z,5\n");
        }
    }
    let r = ws
        .import_metrics(&write(d.path(), "d.csv", &csv), &Default::default())
        .unwrap();
    assert_eq!(r.imported, 16);
    let item = ws
        .save_item(&ItemInput {
            title: "Deploy on merge".into(),
            status: ItemStatus::Shipped,
            teams: vec!["Payments".into()],
            effort: Some(4.0),
            ..Default::default()
        })
        .unwrap();
    // Not linked yet: said so, nothing measured.
    let none = ws
        .impact(&ImpactRequest {
            item: item.id.to_string(),
            ..Default::default()
        })
        .unwrap();
    assert!(none.metrics.is_empty());
    assert!(
        none.notes.iter().any(|n| n.contains("no metrics linked")),
        "{:?}",
        none.notes
    );
    ws.set_item_metrics(
        "Deploy on merge",
        &[
            ItemMetric {
                metric: "Deployment frequency".into(),
                expected: Some(1.0),
            },
            ItemMetric {
                metric: "lead time".into(),
                expected: Some(-0.5),
            },
        ],
        Some(Some(chrono::NaiveDate::from_ymd_opt(2026, 4, 6).unwrap())),
    )
    .unwrap();
    let imp = ws
        .impact(&ImpactRequest {
            item: "Deploy on merge".into(),
            window_weeks: Some(4),
            seed: None,
        })
        .unwrap();
    assert_eq!(imp.shipped_on.as_deref(), Some("2026-04-06"));
    assert_eq!(imp.teams, ["Payments"]);
    let df = &imp.metrics[0];
    assert_eq!(df.metric, "deployment_frequency");
    assert_eq!((df.before.value, df.after.value), (Some(1.0), Some(3.0)));
    assert_eq!(
        (df.before.from.as_str(), df.after.to.as_str()),
        ("2026-03-09", "2026-05-03")
    );
    assert_eq!(df.change, Some(2.0));
    // Every week alike on each side: the interval is the change itself.
    assert_eq!((df.ci_low, df.ci_high), (Some(2.0), Some(2.0)));
    assert_eq!(df.verdict, "improved");
    assert_eq!(df.realized_vs_expected, Some(2.0));
    let lt = &imp.metrics[1];
    assert_eq!(lt.metric, "lead_time");
    assert_eq!(
        (lt.before.value, lt.after.value, lt.relative),
        (Some(20.0), Some(5.0), Some(-0.75))
    );
    // Lower is better: a drop is an improvement, and 75 % is 1.5 × the 50 % expected.
    assert_eq!(lt.verdict, "improved");
    assert_eq!(lt.realized_vs_expected, Some(1.5));
    // Learning: a planned item aimed at lead time borrows the shipped one's track record — it
    // realized 1.5 × what was expected; one precedent is believed 39 %, so confidence 0.5 (typed
    // with a range 0.4–0.7) is read as 0.5 × 1.195, the range scaled alike and kept.
    let planned = ws
        .save_item(&ItemInput {
            title: "Merge queue".into(),
            effort: Some(2.0),
            inputs: vec![groundwork::roadmap::items::ManualInput {
                key: "confidence".into(),
                value: 0.5,
                low: Some(0.4),
                high: Some(0.7),
            }],
            ..Default::default()
        })
        .unwrap();
    ws.set_item_metrics(
        "Merge queue",
        &[ItemMetric {
            metric: "lead_time".into(),
            expected: Some(-0.3),
        }],
        None,
    )
    .unwrap();
    let records = ws.track_record().unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].item_id, planned.id);
    assert_eq!(records[0].precedents.len(), 1);
    assert_eq!(records[0].precedents[0].title, "Deploy on merge");
    assert_eq!(records[0].shrunk.raw, 1.5);
    assert!(
        (records[0].factor - 1.195).abs() < 0.001,
        "{:?}",
        records[0]
    );
    assert!((records[0].suggested.unwrap() - 0.5 * records[0].factor).abs() < 1e-12);
    assert_eq!((records[0].applied, records[0].up_to_date), (None, false));
    let confidence_read = |ws: &Workspace| {
        let c = ws
            .item(planned.id)
            .unwrap()
            .inputs
            .into_iter()
            .find(|i| i.key == "confidence")
            .unwrap();
        (c.value.unwrap(), c.low.unwrap(), c.high.unwrap(), c.note)
    };
    let typed = |ws: &Workspace| {
        ws.items()
            .unwrap()
            .into_iter()
            .find(|i| i.id == planned.id)
            .unwrap()
            .inputs
            .into_iter()
            .find(|i| i.key == "confidence")
            .unwrap()
    };
    assert_eq!(confidence_read(&ws).0, 0.5, "nothing applied yet");
    let applied = ws.apply_track_record().unwrap();
    assert!(applied[0].up_to_date);
    let once = confidence_read(&ws);
    let f = records[0].factor;
    assert!((once.0 - 0.5 * f).abs() < 1e-9, "{once:?}");
    assert!(
        (once.1 - 0.4 * f).abs() < 1e-9 && (once.2 - 0.7 * f).abs() < 1e-9,
        "{once:?}"
    );
    assert_eq!(
        once.3,
        "typed 0.50 (range 0.40–0.70) × 1.20 track record (1 precedent, shrunk toward 1)"
    );
    // Applying twice equals applying once; what was typed is never touched.
    ws.apply_track_record().unwrap();
    assert_eq!(confidence_read(&ws), once);
    let t = typed(&ws);
    assert_eq!((t.value, t.low, t.high), (0.5, Some(0.4), Some(0.7)));
    // A window out of range is refused by name.
    let err = ws
        .impact(&ImpactRequest {
            item: "Deploy on merge".into(),
            window_weeks: Some(0),
            seed: None,
        })
        .unwrap_err();
    assert_eq!(
        groundwork::ApiError::from(err).field.as_deref(),
        Some("window")
    );
}

#[test]
fn the_real_semantic_release_history() {
    let Some(dir) = shared_data("metrics") else {
        return;
    };
    let (_d, ws) = open();
    // PROVENANCE: a follow-up patch within 48 h stands in for a failed change; so does a revert.
    let r = ws
        .import_metrics(
            &dir.join("deployments_semantic-release.csv"),
            &MetricsImportOptions {
                kind: None,
                map: vec![
                    ColumnMap {
                        header: "followed_by_patch_within_48h".into(),
                        field: "failed".into(),
                    },
                    ColumnMap {
                        header: "contains_revert".into(),
                        field: "failed".into(),
                    },
                ],
            },
        )
        .unwrap();
    assert_eq!((r.imported, r.rejected.len()), (342, 0));
    // The median lead time column is read, not the maximum.
    assert!(r
        .columns
        .iter()
        .any(|c| c.header == "lead_time_median_h" && c.field == "lead_time_h"));
    let all = ws.metrics(&MetricsRequest::default()).unwrap();
    let org = line(&all, "", "deployment_frequency");
    assert_eq!(
        org.points.iter().map(|p| p.value.unwrap()).sum::<f64>(),
        342.0
    );
    assert_eq!(
        (all.from.as_deref(), all.to.as_deref()),
        (Some("2015-02-02"), Some("2026-08-05"))
    );
    // Figures cross-checked with Python's csv and statistics modules.
    let y2025 = ws
        .metrics(&MetricsRequest {
            from: Some("2025-01-01".into()),
            to: Some("2025-12-31".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        line(&y2025, "semantic-release", "deployment_frequency").samples,
        12
    );
    let lt = line(&y2025, "semantic-release", "lead_time");
    assert!(
        (lt.overall.unwrap() - 270.07).abs() < 1e-9,
        "{:?}",
        lt.overall
    );
    assert_eq!(lt.band, Some(Band::Medium));
    let march = ws
        .metrics(&MetricsRequest {
            from: Some("2024-03-01".into()),
            to: Some("2024-03-31".into()),
            metric: Some("lead_time".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(march.lines[0].samples, 4);
    assert!((march.lines[0].overall.unwrap() - 49.99).abs() < 1e-9);
    // 98 follow-up patches and 11 reverts, some on the same release.
    let cfr = line(&all, "", "change_failure_rate");
    let failed = (cfr.overall.unwrap() * 342.0).round();
    assert!((98.0..=109.0).contains(&failed), "{failed}");
    // The release without commits has no lead time: 341 of 342 count.
    assert_eq!(line(&all, "", "lead_time").samples, 341);
}

#[test]
fn satisfaction_from_imported_surveys_by_team() {
    let (d, ws) = open();
    let form = "\
Timestamp,Which team are you on?,How likely are you to recommend the platform to a colleague?,How satisfied are you with CI?
3/2/2026 9:01:10,Payments,10,Very satisfied
3/2/2026 9:05:42,Payments,9,Satisfied
3/2/2026 9:07:13,Search,6,Dissatisfied
3/2/2026 10:11:00,Search,3,Very dissatisfied
3/3/2026 14:30:00,Mobile,8,Neutral
4/3/2026 15:45:30,Mobile,10,Satisfied
";
    common::import(&ws, &write(d.path(), "DX pulse (Responses).csv", form));
    let v = ws.metrics(&MetricsRequest::default()).unwrap();
    // Promoters score 100, detractors −100, passives 0: the mean is the NPS.
    assert_eq!(values(line(&v, "Payments", "nps")), [Some(100.0), None]);
    assert_eq!(values(line(&v, "Search", "nps")), [Some(-100.0), None]);
    // Dates read day first (3/2/2026 is 3 February): Mobile answered in March, 8 and 10.
    assert_eq!(values(line(&v, "Mobile", "nps")), [None, Some(50.0)]);
    let org = line(&v, "", "nps");
    assert!(
        (org.overall.unwrap() - 100.0 / 6.0).abs() < 1e-9,
        "{:?}",
        org.overall
    );
    // CSAT: the top two points of the satisfaction scale.
    assert_eq!(line(&v, "", "csat").overall, Some(0.5));
    assert_eq!(values(line(&v, "Mobile", "csat")), [None, Some(0.5)]);
}

#[test]
fn hours_saved_are_held_against_the_roi_prediction() {
    let (d, ws) = open();
    let input = |key: &str, value: f64| groundwork::roadmap::items::ManualInput {
        key: key.into(),
        value,
        low: None,
        high: None,
    };
    // The ROI model expects 2 h a week × 10 engineers × 50 % adoption × 46 weeks = 460 h a year.
    ws.save_item(&ItemInput {
        title: "Dev containers".into(),
        status: ItemStatus::Shipped,
        effort: Some(4.0),
        inputs: vec![
            input("hours_saved", 2.0),
            input("reach", 10.0),
            input("adoption", 0.5),
            input("hourly_cost", 100.0),
        ],
        ..Default::default()
    })
    .unwrap();
    // Measured: 0 h saved a week for four weeks, then 10 h a week.
    let mut csv = String::from("date,metric,value\n");
    for w in 0..8 {
        let day =
            chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap() + chrono::Duration::days(7 * w);
        csv += &format!("{day},Time saved (h),{}\n", if w < 4 { 0 } else { 10 });
    }
    ws.import_metrics(&write(d.path(), "saved.csv", &csv), &Default::default())
        .unwrap();
    ws.set_item_metrics(
        "Dev containers",
        &[ItemMetric {
            metric: "time_saved_h".into(),
            expected: None,
        }],
        Some(Some(chrono::NaiveDate::from_ymd_opt(2026, 3, 30).unwrap())),
    )
    .unwrap();
    let imp = ws
        .impact(&ImpactRequest {
            item: "Dev containers".into(),
            window_weeks: Some(4),
            seed: None,
        })
        .unwrap();
    assert_eq!(imp.metrics[0].change, Some(10.0));
    let roi = imp.roi.expect("an ROI check");
    assert_eq!((roi.predicted, roi.realized), (460.0, 520.0));
    assert!((roi.ratio.unwrap() - 520.0 / 460.0).abs() < 1e-12);

    // The review pack's impact section carries the same check (its default window, like the
    // app's), and every text format prints it.
    let app = ws
        .impact(&ImpactRequest {
            item: "Dev containers".into(),
            ..Default::default()
        })
        .unwrap();
    let app_roi = app.roi.as_ref().expect("the app's ROI check");
    let pack = groundwork::export::pack::gather(&ws, "rice", None, None).unwrap();
    assert_eq!(pack.impact.len(), 1);
    let pack_roi = pack.impact[0].roi.as_ref().expect("the pack's ROI check");
    assert_eq!(
        serde_json::to_value(pack_roi).unwrap(),
        serde_json::to_value(app_roi).unwrap()
    );
    assert_eq!(pack.impact[0].notes, app.notes);
    let line = format!("Hours saved by Dev containers: {}.", app_roi.text());
    let md = groundwork::export::markdown::render(&pack);
    assert!(md.contains(&line), "{md}");
    let html = groundwork::export::html::render(&pack);
    assert!(html.contains(&format!("<p>{line}</p>")), "{html}");
}
