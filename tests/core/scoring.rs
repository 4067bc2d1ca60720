//! Roadmap scoring against a real temporary workspace: each model on worked examples from its
//! public definition, inputs derived from evidence, missing inputs flagged, team views and
//! exceptions, sensitivity, scenarios and snapshots.

use crate::common;

use common::{import, interview, open, write};
use groundwork::research::teams::TeamInput;
use groundwork::roadmap::api::ItemFromEvidence;
use groundwork::roadmap::inputs::InputSource;
use groundwork::roadmap::items::{ItemInput, LinkInput, ManualInput};
use groundwork::roadmap::model::{Criterion, ModelConfig, ModelInput, ModelKind, RoiSettings};
use groundwork::roadmap::rank::{PartRole, RankRequest, Ranking};
use groundwork::roadmap::sensitivity::{CompareRequest, ScenarioSide, SensitivityRequest};
use groundwork::roadmap::snapshots::Change;
use groundwork::search::themes::ThemeInput;
use groundwork::{Error, Workspace};

fn input(key: &str, value: f64) -> ManualInput {
    ManualInput {
        key: key.into(),
        value,
        low: None,
        high: None,
    }
}

fn ranged(key: &str, low: f64, value: f64, high: f64) -> ManualInput {
    ManualInput {
        key: key.into(),
        value,
        low: Some(low),
        high: Some(high),
    }
}

fn add(ws: &Workspace, title: &str, effort: Option<f64>, inputs: Vec<ManualInput>) -> i64 {
    ws.save_item(&ItemInput {
        title: title.into(),
        effort,
        inputs,
        ..Default::default()
    })
    .unwrap()
    .id
}

fn rank(ws: &Workspace, model: &str) -> Ranking {
    ws.rank(&RankRequest {
        model: model.into(),
        ..Default::default()
    })
    .unwrap()
}

fn titles(r: &Ranking) -> Vec<&str> {
    r.items.iter().map(|i| i.title.as_str()).collect()
}

fn score_of(r: &Ranking, title: &str) -> Option<f64> {
    r.items.iter().find(|i| i.title == title).unwrap().score
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9 * b.abs().max(1.0)
}

fn field_of(e: Error) -> Option<String> {
    match e {
        Error::InvalidInput { field, .. } => field,
        other => panic!("expected invalid input, got {other:?}"),
    }
}

#[test]
fn rice_follows_intercoms_definition() {
    // Reach per quarter × impact (3 massive … 0.25 minimal) × confidence ÷ person-months.
    let (_d, ws) = open();
    add(
        &ws,
        "Build cache",
        Some(2.0),
        vec![
            input("reach", 500.0),
            input("impact", 2.0),
            input("confidence", 0.8),
        ],
    );
    add(
        &ws,
        "Golden paths",
        Some(4.0),
        vec![
            input("reach", 1200.0),
            input("impact", 1.0),
            input("confidence", 0.5),
        ],
    );
    add(
        &ws,
        "Flaky test quarantine",
        Some(1.0),
        vec![
            input("reach", 300.0),
            input("impact", 0.5),
            input("confidence", 1.0),
        ],
    );
    let r = rank(&ws, "rice");
    // 500·2·0.8/2 = 400; 1200·1·0.5/4 = 150; 300·0.5·1/1 = 150 (tie: lower effort first).
    assert_eq!(
        titles(&r),
        ["Build cache", "Flaky test quarantine", "Golden paths"]
    );
    assert_eq!(score_of(&r, "Build cache"), Some(400.0));
    assert_eq!(score_of(&r, "Golden paths"), Some(150.0));
    let first = &r.items[0];
    assert_eq!(first.rank, Some(1));
    let roles: Vec<(&str, PartRole)> = first.breakdown.iter().map(|p| (p.key, p.role)).collect();
    assert_eq!(
        roles,
        [
            ("reach", PartRole::Factor),
            ("impact", PartRole::Factor),
            ("confidence", PartRole::Factor),
            ("effort", PartRole::Divisor)
        ]
    );
}

#[test]
fn ice_and_wsjf_follow_their_definitions() {
    let (_d, ws) = open();
    // SAFe WSJF: cost of delay (business value + time criticality + risk reduction) ÷ job size.
    add(
        &ws,
        "A",
        None,
        vec![
            input("business_value", 8.0),
            input("time_criticality", 5.0),
            input("risk_reduction", 3.0),
            input("job_size", 5.0),
            input("impact", 8.0),
            input("confidence", 0.5),
            input("ease", 5.0),
        ],
    );
    add(
        &ws,
        "B",
        None,
        vec![
            input("business_value", 13.0),
            input("time_criticality", 8.0),
            input("risk_reduction", 1.0),
            input("job_size", 13.0),
            input("impact", 6.0),
            input("confidence", 0.9),
            input("ease", 8.0),
        ],
    );
    add(
        &ws,
        "C",
        Some(3.0), // no job_size typed: it falls back to effort, and says so
        vec![
            input("business_value", 3.0),
            input("time_criticality", 13.0),
            input("risk_reduction", 8.0),
            input("impact", 9.0),
            input("confidence", 0.3),
            input("ease", 2.0),
        ],
    );
    let w = rank(&ws, "wsjf");
    assert_eq!(titles(&w), ["C", "A", "B"]);
    assert_eq!(score_of(&w, "C"), Some(8.0));
    assert_eq!(score_of(&w, "A"), Some(3.2));
    assert!(close(score_of(&w, "B").unwrap(), 22.0 / 13.0));
    let c = &w.items[0];
    let size = c.breakdown.iter().find(|p| p.key == "job_size").unwrap();
    assert_eq!(size.source, InputSource::Derived);
    assert_eq!(size.note, "from effort");
    // The terms are the score's parts: they add up to it.
    let terms: f64 = c.breakdown.iter().filter_map(|p| p.points).sum();
    assert!(close(terms, 8.0));

    // ICE: impact × confidence × ease.
    let i = rank(&ws, "ice");
    assert_eq!(titles(&i), ["B", "A", "C"]);
    assert!(close(score_of(&i, "B").unwrap(), 43.2));
    assert!(close(score_of(&i, "A").unwrap(), 20.0));
    assert!(close(score_of(&i, "C").unwrap(), 5.4));
}

#[test]
fn roi_gives_value_cost_payback_and_a_range() {
    let (_d, ws) = open();
    let id = add(
        &ws,
        "Remote build cache",
        Some(12.0),
        vec![
            ranged("hours_saved", 1.0, 2.0, 3.0),
            input("reach", 100.0),
            ranged("adoption", 0.4, 0.6, 0.8),
            input("hourly_cost", 100.0),
        ],
    );
    let r = rank(&ws, "roi");
    let item = &r.items[0];
    assert_eq!(item.id, id);
    let roi = item.roi.expect("ROI figures");
    // 2 h × 100 engineers × 60 % × 46 weeks = 5 520 h a year, × $100 = $552 000.
    assert!(close(roi.expected.hours_per_year, 5520.0));
    assert!(close(roi.expected.annual_value, 552_000.0));
    // 12 person-weeks × 40 h × $100 = $48 000.
    assert!(close(roi.expected.cost, 48_000.0));
    assert!(close(roi.expected.roi, 10.5));
    assert!(close(
        roi.expected.payback_months.unwrap(),
        48_000.0 / 46_000.0
    ));
    assert_eq!(item.score, Some(roi.expected.roi));
    // Low: 1 h × 40 %; high: 3 h × 80 %.
    assert!(close(
        roi.low.annual_value,
        1.0 * 100.0 * 0.4 * 46.0 * 100.0
    ));
    assert!(close(
        roi.high.annual_value,
        3.0 * 100.0 * 0.8 * 46.0 * 100.0
    ));
    assert!(roi.low.roi < roi.expected.roi && roi.expected.roi < roi.high.roi);

    // Without an hourly cost the item is flagged, not scored as zero...
    ws.set_item_inputs(id, &[]).unwrap();
    let mut next = groundwork::roadmap::items::to_input(&ws.item(id).unwrap().item);
    next.inputs.retain(|i| i.key != "hourly_cost");
    ws.save_item(&next).unwrap();
    let r = rank(&ws, "roi");
    assert_eq!(r.items[0].score, None);
    assert_eq!(r.items[0].missing, ["hourly_cost"]);
    // ...until the model's default applies, and says so.
    let mut roi_model = ws.model("roi").unwrap().config;
    roi_model.roi.hourly_cost = Some(100.0);
    ws.save_model(&ModelInput {
        name: "roi".into(),
        config: roi_model,
    })
    .unwrap();
    let r = rank(&ws, "roi");
    assert!(close(r.items[0].score.unwrap(), 10.5));
    let cost = r.items[0]
        .breakdown
        .iter()
        .find(|p| p.key == "hourly_cost")
        .unwrap();
    assert_eq!(cost.source, InputSource::Default);
    assert!(ws.model("roi").unwrap().customized);
    assert!(!ws.reset_model("roi").unwrap().customized);
}

fn weighted(criteria: &[(&str, f64, Option<f64>, Option<f64>)]) -> ModelConfig {
    ModelConfig {
        kind: ModelKind::Weighted,
        criteria: criteria
            .iter()
            .map(|&(k, w, min, max)| Criterion {
                key: k.into(),
                weight: w,
                min,
                max,
            })
            .collect(),
        ..Default::default()
    }
}

#[test]
fn weighted_criteria_normalize_allow_negative_weights_and_explain_every_point() {
    let (_d, ws) = open();
    add(&ws, "Cheap", Some(2.0), vec![input("impact", 1.0)]);
    add(&ws, "Big", Some(20.0), vec![input("impact", 3.0)]);
    add(&ws, "Middle", Some(11.0), vec![input("impact", 2.0)]);
    let config = weighted(&[
        ("impact", 3.0, Some(0.0), Some(3.0)),
        ("effort", -1.0, None, None),
    ]);
    ws.save_model(&ModelInput {
        name: "Impact first".into(),
        config: config.clone(),
    })
    .unwrap();
    let r = rank(&ws, "impact first");
    // Big: (3·1 − 1·1)/4 = 0.5; Middle: (3·⅔ − 1·0.5)/4 = 0.375; Cheap: (3·⅓ − 0)/4 = 0.25.
    assert_eq!(titles(&r), ["Big", "Middle", "Cheap"]);
    assert!(close(score_of(&r, "Big").unwrap(), 50.0));
    assert!(close(score_of(&r, "Middle").unwrap(), 37.5));
    for item in &r.items {
        let points: f64 = item.breakdown.iter().filter_map(|p| p.points).sum();
        assert!(close(points, item.score.unwrap()), "{}", item.title);
    }
    let effort = r.items[0]
        .breakdown
        .iter()
        .find(|p| p.key == "effort")
        .unwrap();
    assert_eq!(effort.weight, Some(-1.0));
    assert_eq!(effort.normalized, Some(1.0));

    // A heavier effort weight, tried as a draft while a slider moves, changes the order...
    let draft = weighted(&[
        ("impact", 3.0, Some(0.0), Some(3.0)),
        ("effort", -6.0, None, None),
    ]);
    let live = ws
        .rank(&RankRequest {
            model: "impact first".into(),
            draft: Some(draft),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(titles(&live), ["Cheap", "Middle", "Big"]);
    // ...and is not saved.
    assert_eq!(ws.model("impact first").unwrap().config, config);
}

#[test]
fn missing_inputs_are_flagged_never_zero() {
    let (_d, ws) = open();
    add(
        &ws,
        "Scored",
        Some(2.0),
        vec![
            input("reach", 10.0),
            input("impact", 1.0),
            input("confidence", 1.0),
        ],
    );
    add(
        &ws,
        "No impact",
        Some(2.0),
        vec![input("reach", 10.0), input("confidence", 1.0)],
    );
    let r = rank(&ws, "rice");
    assert_eq!(r.scored, 1);
    assert_eq!(r.unscored, 1);
    let unscored = &r.items[1];
    assert_eq!(unscored.title, "No impact");
    assert_eq!((unscored.rank, unscored.score), (None, None));
    assert_eq!(unscored.missing, ["impact"]);
    let part = unscored
        .breakdown
        .iter()
        .find(|p| p.key == "impact")
        .unwrap();
    assert_eq!((part.value, part.source), (None, InputSource::Missing));
    assert!(part.note.starts_with("missing"), "{}", part.note);
}

#[test]
fn inputs_are_derived_from_evidence_and_can_be_overridden() {
    let (d, ws) = open();
    for (name, heads) in [("Payments", 40), ("Mobile", 25)] {
        ws.save_team(&TeamInput {
            id: None,
            name: name.into(),
            headcount: Some(heads),
        })
        .unwrap();
    }
    let today = chrono::Local::now().date_naive();
    let mut docs = Vec::new();
    for (k, (team, who)) in [
        ("Payments", "Ada"),
        ("Payments", "Grace"),
        ("Mobile", "Linus"),
    ]
    .iter()
    .enumerate()
    {
        let mut i = interview(&format!("CI interview {k}"), "the build is slow and flaky");
        i.team = Some(team.to_string());
        i.participant = who.to_string();
        i.date = today.format("%Y-%m-%d").to_string();
        docs.push(ws.save_interview(&i).unwrap().id);
    }
    // A survey: two respondents with a free-text answer about CI, one very satisfied and one
    // very dissatisfied with CI, so their mean is 0.5 on the scale.
    let csv =
        "Timestamp,Which team are you on?,How satisfied are you with CI?,What slows you down?\n\
        2026/03/01 10:00:00 AM GMT,Payments,Very satisfied,the build is slow\n\
        2026/03/01 11:00:00 AM GMT,Mobile,Very dissatisfied,flaky build on every merge\n\
        2026/03/01 12:00:00 PM GMT,Mobile,Neutral,nothing much\n";
    import(&ws, &write(d.path(), "pulse.csv", csv));
    ws.index_pending().unwrap();
    let theme = ws
        .save_theme(&ThemeInput {
            id: None,
            name: "Slow builds".into(),
            query: "build".into(),
        })
        .unwrap();
    let detail = ws
        .item_from_evidence(&ItemFromEvidence {
            theme: Some(theme.id),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(detail.item.title, "Slow builds");
    let id = detail.item.id;
    // The theme matches the three interviews and two survey answers.
    let e = &detail.evidence;
    assert_eq!((e.documents, e.interviews, e.survey_responses), (5, 3, 2));
    assert_eq!(e.teams, 2);
    assert_eq!(e.people, 5, "three participants and two respondents");
    assert!(close(e.sentiment.unwrap(), 0.5), "{:?}", e.sentiment);
    assert_eq!(e.respondents, 2);
    // Today's interviews weigh 1 each; the March answers weigh less.
    assert!(e.demand > 3.0 && e.demand < 5.0, "demand {}", e.demand);
    let get = |key: &str| {
        ws.item(id)
            .unwrap()
            .inputs
            .into_iter()
            .find(|i| i.key == key)
            .unwrap()
    };
    // No affected teams yet: reach is the people behind the evidence.
    let reach = get("reach");
    assert_eq!(
        (reach.value, reach.source),
        (Some(5.0), InputSource::Derived)
    );
    // With affected teams, reach is their headcount.
    let mut next = groundwork::roadmap::items::to_input(&detail.item);
    next.teams = vec!["Payments".into(), "Mobile".into()];
    ws.save_item(&next).unwrap();
    let reach = get("reach");
    assert_eq!(reach.value, Some(65.0));
    assert!(reach.note.contains("65 engineers"), "{}", reach.note);
    // A manual value overrides it, and the derived one stays beside it.
    ws.set_item_inputs(id, &[input("reach", 30.0)]).unwrap();
    let reach = get("reach");
    assert_eq!((reach.value, reach.derived), (Some(30.0), Some(65.0)));
    assert_eq!(reach.source, InputSource::Manual);
    // Linking one document twice counts it once; a quote adds a quote.
    ws.link_item(&LinkInput {
        item: id,
        document: Some(docs[0]),
        ..Default::default()
    })
    .unwrap();
    ws.link_item(&LinkInput {
        item: id,
        document: Some(docs[0]),
        quote: Some("the build is slow".into()),
        ..Default::default()
    })
    .unwrap();
    let e = ws.item(id).unwrap().evidence;
    assert_eq!((e.documents, e.quotes, e.links), (5, 1, 3));
}

#[test]
fn an_item_from_a_quote_links_the_passage() {
    let (_d, ws) = open();
    let doc = ws
        .save_interview(&interview(
            "Deploys",
            "Every deploy waits 40 minutes for approvals",
        ))
        .unwrap();
    let d = ws
        .item_from_evidence(&ItemFromEvidence {
            document: Some(doc.id),
            quote: Some("Every deploy waits 40 minutes for approvals".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(d.item.title, "Every deploy waits 40 minutes for approvals");
    assert_eq!(d.links.len(), 1);
    assert_eq!(
        d.links[0].quote.as_deref(),
        Some("Every deploy waits 40 minutes for approvals")
    );
    assert_eq!((d.evidence.documents, d.evidence.quotes), (1, 1));
}

#[test]
fn bad_inputs_name_their_field_and_change_nothing() {
    let (_d, ws) = open();
    let id = add(&ws, "Kept", Some(3.0), vec![input("confidence", 0.5)]);
    let before = ws.item(id).unwrap().item;
    let mut bad = groundwork::roadmap::items::to_input(&before);
    bad.inputs = vec![input("confidence", 80.0)];
    let e = ws.save_item(&bad).unwrap_err();
    assert!(e.to_string().contains("write 0.8"), "{e}");
    assert_eq!(field_of(e).as_deref(), Some("inputs.confidence"));
    bad.inputs = vec![input("reech", 1.0)];
    assert_eq!(
        field_of(ws.save_item(&bad).unwrap_err()).as_deref(),
        Some("inputs.reech")
    );
    bad.inputs = vec![ranged("impact", 3.0, 2.0, 4.0)];
    assert_eq!(
        field_of(ws.save_item(&bad).unwrap_err()).as_deref(),
        Some("inputs.impact")
    );
    bad.inputs = vec![];
    bad.effort = Some(0.0);
    assert_eq!(
        field_of(ws.save_item(&bad).unwrap_err()).as_deref(),
        Some("effort")
    );
    bad.effort = Some(3.0);
    bad.title = "  ".into();
    assert_eq!(
        field_of(ws.save_item(&bad).unwrap_err()).as_deref(),
        Some("title")
    );
    assert_eq!(ws.item(id).unwrap().item, before);
}

#[test]
fn formula_models_evaluate_and_report_errors_clearly() {
    let (_d, ws) = open();
    add(
        &ws,
        "Big",
        Some(4.0),
        vec![
            input("hours_saved", 2.0),
            input("reach", 100.0),
            input("adoption", 0.5),
        ],
    );
    add(
        &ws,
        "Zero effort?",
        None,
        vec![
            input("hours_saved", 2.0),
            input("reach", 10.0),
            input("adoption", 0.5),
        ],
    );
    let r = rank(&ws, "time-saved");
    assert_eq!(score_of(&r, "Big"), Some(25.0));
    assert_eq!(r.items[1].missing, ["effort"]);

    let save = |formula: &str| {
        ws.save_model(&ModelInput {
            name: "mine".into(),
            config: ModelConfig {
                kind: ModelKind::Formula,
                formula: formula.into(),
                ..Default::default()
            },
        })
    };
    let e = save("reach * impct").unwrap_err();
    assert!(e.to_string().contains("unknown input \"impct\""), "{e}");
    assert_eq!(field_of(e).as_deref(), Some("formula"));
    let e = save("reach * (hours_saved").unwrap_err();
    assert!(e.to_string().starts_with("cannot read the formula"), "{e}");
    assert!(
        ws.models().unwrap().iter().all(|m| m.name != "mine"),
        "nothing saved"
    );
    // A formula that divides by zero for one item leaves that item unscored, with the reason.
    save("reach / (hours_saved - 2)").unwrap();
    let r = rank(&ws, "mine");
    assert!(r
        .items
        .iter()
        .all(|i| i.score.is_none() && i.problem.is_some()));
}

#[test]
fn team_views_weight_by_each_teams_demand_and_keep_exceptions_apart() {
    let (_d, ws) = open();
    let mut ids = Vec::new();
    for (k, team) in ["Payments", "Payments", "Payments", "Mobile"]
        .iter()
        .enumerate()
    {
        let mut i = interview(&format!("Interview {k}"), "notes");
        i.team = Some(team.to_string());
        i.participant = format!("Person {k}");
        ids.push(ws.save_interview(&i).unwrap().id);
    }
    let mk = |title: &str, docs: &[i64], exception: Option<&str>| {
        let id = ws
            .save_item(&ItemInput {
                title: title.into(),
                effort: Some(1.0),
                inputs: vec![
                    input("reach", 100.0),
                    input("impact", 1.0),
                    input("confidence", 1.0),
                ],
                exception_team: exception.map(Into::into),
                ..Default::default()
            })
            .unwrap()
            .id;
        for &doc in docs {
            ws.link_item(&LinkInput {
                item: id,
                document: Some(doc),
                ..Default::default()
            })
            .unwrap();
        }
    };
    mk("Mostly Payments", &[ids[0], ids[1], ids[2], ids[3]], None);
    mk("Mobile only", &[ids[3]], None);
    mk("Payments' own thing", &[ids[0]], Some("Payments"));
    let shared = rank(&ws, "rice");
    assert_eq!(
        shared.items.len(),
        2,
        "the exception is outside the shared ranking"
    );
    assert_eq!(shared.exceptions.len(), 1);
    assert_eq!(
        shared.exceptions[0].exception_team.as_deref(),
        Some("Payments")
    );
    let team = |name: &str| {
        ws.rank(&RankRequest {
            model: "rice".into(),
            team: Some(name.into()),
            ..Default::default()
        })
        .unwrap()
    };
    let payments = team("Payments");
    // Mostly Payments: 100 × ¾ = 75; Payments' own thing: 100 × 1; Mobile only: not Payments'.
    assert_eq!(
        titles(&payments),
        ["Payments' own thing", "Mostly Payments"]
    );
    assert!(close(score_of(&payments, "Mostly Payments").unwrap(), 75.0));
    let mobile = team("Mobile");
    assert_eq!(titles(&mobile), ["Mobile only", "Mostly Payments"]);
    assert!(close(score_of(&mobile, "Mostly Payments").unwrap(), 25.0));
    assert!(ws
        .rank(&RankRequest {
            model: "rice".into(),
            team: Some("Nobody".into()),
            ..Default::default()
        })
        .is_err());
}

#[test]
fn sensitivity_is_seeded_and_widens_with_uncertainty() {
    let (_d, ws) = open();
    add(
        &ws,
        "Sure thing",
        Some(2.0),
        vec![
            input("reach", 100.0),
            input("impact", 2.0),
            input("confidence", 1.0),
        ],
    );
    add(
        &ws,
        "Long shot",
        Some(2.0),
        vec![
            ranged("reach", 10.0, 90.0, 400.0),
            input("impact", 2.0),
            input("confidence", 1.0),
        ],
    );
    add(
        &ws,
        "Small",
        Some(2.0),
        vec![
            input("reach", 50.0),
            input("impact", 2.0),
            input("confidence", 1.0),
        ],
    );
    let req = SensitivityRequest {
        model: "rice".into(),
        runs: 2000,
        seed: 7,
        top: 1,
        ..Default::default()
    };
    let a = ws.sensitivity(&req).unwrap();
    assert_eq!(a, ws.sensitivity(&req).unwrap(), "same seed, same figures");
    let other = ws
        .sensitivity(&SensitivityRequest {
            seed: 8,
            ..req.clone()
        })
        .unwrap();
    assert_ne!(a.items, other.items);
    let sure = a.items.iter().find(|i| i.title == "Sure thing").unwrap();
    let long = a.items.iter().find(|i| i.title == "Long shot").unwrap();
    assert_eq!(
        (sure.low, sure.high),
        (1, 2),
        "only the long shot can pass it"
    );
    assert_eq!((long.low, long.high), (1, 3));
    assert_eq!(long.uncertain, ["reach"]);
    // Triangular(10, 90, 400) exceeds 100 with probability (300²/(390·310)) ≈ 0.744.
    assert!(
        (long.top_chance - 0.744).abs() < 0.04,
        "{}",
        long.top_chance
    );
    // Exactly `top` items make the top each run.
    let sum: f64 = a.items.iter().map(|i| i.top_chance).sum();
    assert!(close(sum, 1.0));
    assert!(ws
        .sensitivity(&SensitivityRequest { runs: 0, ..req })
        .is_err());
}

#[test]
fn scenarios_show_moves_and_rank_correlation() {
    let (_d, ws) = open();
    for (t, reach, effort) in [("A", 100.0, 1.0), ("B", 80.0, 2.0), ("C", 60.0, 4.0)] {
        add(
            &ws,
            t,
            Some(effort),
            vec![
                input("reach", reach),
                input("impact", 1.0),
                input("confidence", 1.0),
            ],
        );
    }
    ws.save_model(&ModelInput {
        name: "big effort first".into(),
        config: weighted(&[("effort", 1.0, None, None)]),
    })
    .unwrap();
    let side = |m: &str| ScenarioSide {
        model: m.into(),
        ..Default::default()
    };
    let same = ws
        .compare(&CompareRequest {
            a: side("rice"),
            b: side("rice"),
            team: None,
        })
        .unwrap();
    assert_eq!((same.spearman, same.moved), (Some(1.0), 0));
    let c = ws
        .compare(&CompareRequest {
            a: side("rice"),
            b: side("big effort first"),
            team: None,
        })
        .unwrap();
    assert_eq!(c.spearman, Some(-1.0));
    assert_eq!(c.items[0].title, "C");
    assert_eq!(
        (c.items[0].rank_a, c.items[0].rank_b, c.items[0].moved),
        (Some(3), Some(1), Some(2))
    );
    assert_eq!(c.moved, 2);
}

#[test]
fn snapshots_diff_names_the_input_that_moved_an_item() {
    let (_d, ws) = open();
    let a = add(
        &ws,
        "A",
        Some(1.0),
        vec![
            input("reach", 100.0),
            input("impact", 1.0),
            input("confidence", 1.0),
        ],
    );
    add(
        &ws,
        "B",
        Some(1.0),
        vec![
            input("reach", 80.0),
            input("impact", 1.0),
            input("confidence", 1.0),
        ],
    );
    let req = RankRequest {
        model: "rice".into(),
        ..Default::default()
    };
    ws.save_snapshot("Q1 review", &req).unwrap();
    ws.set_item_inputs(a, &[input("confidence", 0.5)]).unwrap();
    let c = add(
        &ws,
        "C",
        Some(1.0),
        vec![
            input("reach", 10.0),
            input("impact", 1.0),
            input("confidence", 1.0),
        ],
    );
    ws.save_snapshot("Q2 review", &req).unwrap();
    assert!(
        ws.save_snapshot("q2 REVIEW", &req).is_err(),
        "names are unique"
    );
    assert_eq!(ws.snapshots().unwrap().len(), 2);
    for to in ["Q2 review", "now"] {
        let d = ws.snapshot_diff("Q1 review", to).unwrap();
        assert!(!d.model_changed);
        let moved = d.items.iter().find(|i| i.id == a).unwrap();
        assert_eq!(moved.change, Change::Moved);
        assert_eq!((moved.rank_from, moved.rank_to), (Some(1), Some(2)));
        assert_eq!(moved.drivers.len(), 1);
        let driver = &moved.drivers[0];
        assert_eq!(
            (driver.key.as_str(), driver.from, driver.to),
            ("confidence", Some(1.0), Some(0.5))
        );
        assert_eq!(driver.effect, Some(-50.0));
        let added = d.items.iter().find(|i| i.id == c).unwrap();
        assert_eq!(added.change, Change::Added);
    }
    ws.delete_snapshot("Q1 review").unwrap();
    assert!(ws.snapshot_diff("Q1 review", "now").is_err());
}

#[test]
fn status_history_and_shipped_items_leave_the_ranking() {
    let (_d, ws) = open();
    let id = add(
        &ws,
        "Ship me",
        Some(1.0),
        vec![
            input("reach", 1.0),
            input("impact", 1.0),
            input("confidence", 1.0),
        ],
    );
    let mut next = groundwork::roadmap::items::to_input(&ws.item(id).unwrap().item);
    next.status = groundwork::roadmap::items::ItemStatus::Shipped;
    let saved = ws.save_item(&next).unwrap();
    let statuses: Vec<_> = saved.history.iter().map(|h| h.status.as_str()).collect();
    assert_eq!(statuses, ["idea", "shipped"]);
    let r = rank(&ws, "rice");
    assert_eq!((r.items.len(), r.excluded), (0, 1));
    let all = ws
        .rank(&RankRequest {
            model: "rice".into(),
            all: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(all.items.len(), 1);
}

#[test]
fn a_roi_model_with_impossible_settings_is_refused() {
    let (_d, ws) = open();
    let e = ws
        .save_model(&ModelInput {
            name: "bad".into(),
            config: ModelConfig {
                kind: ModelKind::Roi,
                roi: RoiSettings {
                    weeks_per_year: 60.0,
                    ..Default::default()
                },
                ..Default::default()
            },
        })
        .unwrap_err();
    assert_eq!(field_of(e).as_deref(), Some("roi.weeks_per_year"));
    let e = ws
        .save_model(&ModelInput {
            name: "w".into(),
            config: weighted(&[("reach", 0.0, None, None)]),
        })
        .unwrap_err();
    assert_eq!(field_of(e).as_deref(), Some("criteria"));
}

/// Issue 18: a ticket filed twice is one piece of demand. Two near-identical tickets linked to an
/// item add one near-duplicate group; demand counts the group once (at its newest copy's weight),
/// and the note says so. A third, different ticket adds a group of its own.
#[test]
fn near_duplicate_tickets_add_one_group_and_count_once_in_demand() {
    let (d, ws) = open();
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d");
    let body = "The deploy pipeline times out on the integration stage every morning and we rerun it by hand three times";
    let csv = format!(
        "Summary,Issue key,Description,Created\n\
         Deploys time out,OPS-1,{body},{today}\n\
         Deploys time out,OPS-2,{body},{today}\n\
         Docs search is broken,OPS-3,Searching the internal docs portal returns nothing for service names,{today}\n"
    );
    import(&ws, &write(d.path(), "tickets.csv", &csv));
    ws.index_pending().unwrap();
    let id = add(&ws, "Faster deploys", Some(2.0), vec![]);
    let ticket = |key: &str| common::ticket_id(&ws, key);
    let link = |key: &str| {
        ws.link_item(&LinkInput {
            item: id,
            document: Some(ticket(key)),
            ..Default::default()
        })
        .unwrap();
    };
    link("OPS-1");
    let one = ws.item(id).unwrap().evidence;
    assert_eq!((one.documents, one.groups), (1, 1));
    link("OPS-2");
    let two = ws.item(id).unwrap().evidence;
    assert_eq!((two.documents, two.groups, two.tickets), (2, 1, 2));
    assert!(
        close(two.demand, one.demand),
        "{} vs {}",
        two.demand,
        one.demand
    );
    let note = ws
        .item(id)
        .unwrap()
        .inputs
        .into_iter()
        .find(|i| i.key == "demand")
        .unwrap()
        .note;
    assert!(
        note.starts_with("2 documents (1 once near-duplicates are counted once)"),
        "{note}"
    );
    link("OPS-3");
    let three = ws.item(id).unwrap().evidence;
    assert_eq!((three.documents, three.groups), (3, 2));
    assert!(close(three.demand, 2.0 * one.demand), "{}", three.demand);
}
