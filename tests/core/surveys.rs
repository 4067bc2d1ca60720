//! Importing surveys: the real exports in ../shared/data/surveys and fixtures written here.

use crate::common;

use common::{import, import_with, open, total, write};
use groundwork::import::{ColumnMap, Format, ImportKind, ImportOptions};
use groundwork::surveys::{ColumnRole, FacetFilter, QuestionSummary, SurveySummary};
use groundwork::{ErrorCode, Workspace};
use std::sync::atomic::{AtomicBool, Ordering};

fn answers(ws: &Workspace) -> u64 {
    ws.status().unwrap().documents["survey_response"]
}

fn only_survey(ws: &Workspace) -> SurveySummary {
    let list = ws.surveys().unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    ws.survey_summary(list[0].id, &[]).unwrap()
}

fn question<'a>(s: &'a SurveySummary, starts: &str) -> &'a QuestionSummary {
    s.questions
        .iter()
        .find(|q| q.text.starts_with(starts) || q.item.as_deref() == Some(starts))
        .unwrap_or_else(|| panic!("no question {starts:?}"))
}

fn count(q: &QuestionSummary, label: &str) -> u64 {
    q.options
        .iter()
        .find(|o| o.label.eq_ignore_ascii_case(label))
        .map(|o| o.count)
        .unwrap_or_else(|| panic!("{label:?} not among {:?}", q.options))
}

/// An internal developer-experience survey as Google Forms exports it (written for these tests).
const DX_FORM: &str = "\
Timestamp,Which team are you on?,How likely are you to recommend the platform to a colleague?,How satisfied are you with CI?,Which tools slow you down?,Rate the docs: [Accuracy],Rate the docs: [Findability],How many hours a week do you lose to waiting?,What is the one thing we should fix?
3/2/2026 9:01:10,Payments,10,Very satisfied,\"Jenkins, Terraform\",Agree,Disagree,2,Nothing — the golden path is great
3/2/2026 9:05:42,Payments,9,Satisfied,Jenkins,Strongly agree,Disagree,4,\"Flaky integration tests block merges, twice a week\"
3/2/2026 9:07:13,Search,6,Dissatisfied,\"Terraform, Helm charts\",Disagree,Strongly disagree,10,The deploy pipeline times out on Fridays
3/2/2026 10:11:00,Search,3,Very dissatisfied,\"Jenkins, Helm charts, Terraform\",Agree,Agree,12,\"<img src=x onerror=alert(1)> docs search never finds runbooks\"
3/3/2026 14:30:00,Mobile,8,Neutral,Helm charts,Agree,Agree,1,
3/3/2026 15:45:30,Mobile,10,Satisfied,,Strongly agree,Agree,3,Faster preview environments
";

#[test]
fn a_google_forms_survey_gets_question_types_facets_and_summaries() {
    let (d, ws) = open();
    let f = write(d.path(), "DX pulse (Responses).csv", DX_FORM);
    let preview = ws.preview_import(&f, &ImportOptions::default()).unwrap();
    assert_eq!(preview.kind, ImportKind::Survey);
    assert_eq!(preview.format, Format::GoogleForms);
    let roles: Vec<&str> = preview.columns.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(
        roles,
        [
            "submitted",
            "team",
            "nps",
            "likert",
            "multiple",
            "likert",
            "likert",
            "numeric",
            "text"
        ]
    );
    assert_eq!(ws.status().unwrap().documents["survey_response"], 0);

    let report = import(&ws, &f);
    assert_eq!((report.imported, report.updated, report.skipped), (6, 0, 0));
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    let s = only_survey(&ws);
    assert_eq!(s.survey.name, "DX pulse");
    assert_eq!(s.respondents, 6);
    assert_eq!(s.survey.text_answers, 5);

    // NPS: 3 promoters (10, 9, 10), 1 passive (8), 2 detractors (6, 3): (3 - 2) / 6 = 16.7.
    let nps = question(&s, "How likely");
    assert_eq!(nps.role, ColumnRole::Nps);
    let n = nps.nps.as_ref().unwrap();
    assert_eq!((n.promoters, n.passives, n.detractors), (3, 1, 2));
    assert_eq!(n.score, 16.7);
    // CSAT: satisfied or very satisfied = 3 of 6.
    let csat = question(&s, "How satisfied");
    assert_eq!(csat.role, ColumnRole::Likert);
    assert_eq!(csat.csat, Some(50.0));
    assert_eq!(csat.options.len(), 5, "the whole scale: {:?}", csat.options);
    // Multi-select: each tool counted once per respondent who picked it.
    let tools = question(&s, "Which tools");
    assert_eq!(tools.role, ColumnRole::Multiple);
    assert_eq!(tools.answered, 5);
    assert_eq!(count(tools, "Jenkins"), 3);
    assert_eq!(count(tools, "Terraform"), 3);
    assert_eq!(count(tools, "Helm charts"), 3);
    // Grid rows keep their stem; mean Likert on the 4-point scale the form used.
    let accuracy = question(&s, "Accuracy");
    assert_eq!(accuracy.group.as_deref(), Some("Rate the docs:"));
    assert_eq!(accuracy.scale_max, Some(4.0));
    // Agree = 3, Strongly agree = 4, Disagree = 2 (Strongly disagree = 1 is the scale's end):
    // (3 + 4 + 2 + 3 + 3 + 4) / 6 = 3.17
    assert_eq!(accuracy.mean, Some(3.17));
    let hours = question(&s, "How many hours");
    assert_eq!(hours.role, ColumnRole::Numeric);
    assert_eq!(hours.mean, Some(5.33));
    // Per team.
    let payments = nps.by_team.iter().find(|t| t.team == "Payments").unwrap();
    assert_eq!((payments.answered, payments.nps), (2, Some(100.0)));
    let search = nps.by_team.iter().find(|t| t.team == "Search").unwrap();
    assert_eq!(search.nps, Some(-100.0));
    // Facets filter every figure.
    let team = s
        .facets
        .iter()
        .find(|f| f.role == ColumnRole::Team)
        .unwrap();
    assert_eq!(team.values.len(), 3);
    let mobile = ws
        .survey_summary(
            s.survey.id,
            &[FacetFilter {
                column: "team".into(),
                value: "mobile".into(),
            }],
        )
        .unwrap();
    assert_eq!(mobile.respondents, 2);
    assert_eq!(
        question(&mobile, "How likely").nps.as_ref().unwrap().score,
        50.0
    );
    let bad = ws
        .survey_summary(
            s.survey.id,
            &[FacetFilter {
                column: "Favourite colour".into(),
                value: "red".into(),
            }],
        )
        .unwrap_err();
    assert_eq!(bad.code(), ErrorCode::InvalidInput);
    assert!(bad.to_string().contains("Favourite colour"), "{bad}");

    // Free text is searchable, with the respondent's team on the document.
    assert_eq!(answers(&ws), 5);
    assert_eq!(total(&ws, "\"deploy pipeline\""), 1);
    assert_eq!(total(&ws, "runbooks"), 1);
    let text = question(&s, "What is the one thing");
    assert_eq!(text.role, ColumnRole::Text);
    assert_eq!(text.examples.len(), 3, "a few answers to read");
    let search_team = ws
        .survey_summary(
            s.survey.id,
            &[FacetFilter {
                column: "Which team are you on?".into(),
                value: "Search".into(),
            }],
        )
        .unwrap();
    let text = question(&search_team, "What is the one thing");
    assert_eq!(text.answered, 2);
    assert!(
        text.examples.iter().any(|e| e.starts_with("<img src=x")),
        "answers are kept as text, exactly: {:?}",
        text.examples
    );
}

#[test]
fn reimporting_an_updated_export_updates_by_respondent_and_undo_restores() {
    let (d, ws) = open();
    let first = write(d.path(), "dx.csv", DX_FORM);
    let b1 = import(&ws, &first).batch.unwrap();
    // The next export: one answer edited, one new response.
    let edited = DX_FORM.replace(
        "Faster preview environments",
        "\"Faster preview environments, please\"",
    )
        + "3/4/2026 8:00:00,Payments,10,Very satisfied,Jenkins,Agree,Agree,0,Nothing to add\n";
    let second = write(d.path(), "dx.csv", &edited);
    let r = import(&ws, &second);
    assert_eq!((r.imported, r.updated, r.skipped), (1, 1, 5));
    assert_eq!(
        ws.surveys().unwrap().len(),
        1,
        "the same survey, not a second one"
    );
    assert_eq!(only_survey(&ws).respondents, 7);
    assert_eq!(answers(&ws), 6, "no duplicated answers");
    assert_eq!(total(&ws, "please"), 1);

    // The form gained a question: still the same survey, and nobody is duplicated.
    let grown: String = edited
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("{l},Anything else?\n")
            } else {
                format!("{l},\n")
            }
        })
        .collect();
    let third = write(d.path(), "dx.csv", &grown);
    let r3 = import(&ws, &third);
    assert_eq!((r3.imported, r3.updated, r3.skipped), (0, 0, 7));
    assert_eq!(
        ws.surveys().unwrap().len(),
        1,
        "a new column is the same survey"
    );
    ws.undo_import(r3.batch.unwrap(), false).unwrap();

    // The first batch cannot be undone under the second.
    let err = ws.undo_import(b1, false).unwrap_err();
    assert!(err.to_string().contains("undo batch"), "{err}");
    ws.undo_import(r.batch.unwrap(), false).unwrap();
    assert_eq!(only_survey(&ws).respondents, 6);
    assert_eq!(answers(&ws), 5);
    assert_eq!(total(&ws, "please"), 0);
    assert_eq!(total(&ws, "\"preview environments\""), 1);
    ws.undo_import(b1, false).unwrap();
    assert!(ws.surveys().unwrap().is_empty());
    assert_eq!(answers(&ws), 0);
    assert_eq!(total(&ws, "runbooks"), 0);
}

#[test]
fn bad_survey_files_are_named_and_nothing_is_stored() {
    let (d, ws) = open();
    let keep = write(d.path(), "dx.csv", DX_FORM);
    import(&ws, &keep);
    let before = (
        ws.surveys().unwrap(),
        answers(&ws),
        ws.import_batches().unwrap().len(),
    );

    // Qualtrics without its ImportId row.
    let q = write(
        d.path(),
        "qualtrics.csv",
        "StartDate,EndDate,ResponseId,Q1\nStart Date,End Date,Response ID,How was onboarding?\n2026-01-05 10:00:00,2026-01-05 10:04:00,R_1,Slow\n",
    );
    let err = import_with(&ws, &q, &ImportOptions::default()).unwrap_err();
    let msg = err.to_string();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(
        msg.contains("qualtrics.csv line 3") && msg.contains("ImportId"),
        "{msg}"
    );

    // A survey with no responses.
    let empty = write(
        d.path(),
        "empty.csv",
        "Timestamp,How satisfied are you?\n\n\n",
    );
    let msg = import_with(&ws, &empty, &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("empty.csv") && msg.contains("no responses"),
        "{msg}"
    );

    // A ragged row and a bad timestamp are rejected with line and field; the rest imports.
    let ragged = write(
        d.path(),
        "ragged.csv",
        "Timestamp,What slows you down?\n3/2/2026 9:00:00,Builds\n3/2/2026 9:01:00,Reviews,extra\n31/31/2026 9:00:00,Tests\n",
    );
    let r = import(&ws, &ragged);
    assert_eq!(r.imported, 1);
    let lines: Vec<(u64, &str)> = r
        .rejected
        .iter()
        .map(|x| (x.line, x.field.as_str()))
        .collect();
    assert_eq!(lines, [(3, "(column 3)"), (4, "Timestamp")]);
    ws.undo_import(r.batch.unwrap(), false).unwrap();

    // An unknown role in a mapping names the column and the choices.
    let opts = ImportOptions {
        mappings: vec![ColumnMap::new("Which team are you on?", "colour")],
        ..Default::default()
    };
    let msg = import_with(&ws, &keep, &opts).unwrap_err().to_string();
    assert!(
        msg.contains("Which team are you on?") && msg.contains("likert"),
        "{msg}"
    );

    let after = (
        ws.surveys().unwrap(),
        answers(&ws),
        ws.import_batches().unwrap().len(),
    );
    assert_eq!(before.0, after.0);
    assert_eq!(before.1, after.1);
    assert_eq!(
        after.2,
        before.2 + 1,
        "only the ragged import's (undone) batch was added"
    );
}

#[test]
fn a_cancelled_or_dry_run_survey_import_stores_nothing() {
    let (d, ws) = open();
    let mut text = String::from("Timestamp,Team,What slows you down?\n");
    for i in 0..450 {
        text += &format!(
            "3/2/2026 9:{:02}:{:02},Team {},Waiting for review number {i}\n",
            i / 60,
            i % 60,
            i % 4
        );
    }
    let f = write(d.path(), "big.csv", &text);
    let cancel = AtomicBool::new(false);
    let err = ws
        .import(
            &f,
            &ImportOptions::default(),
            &mut |p| {
                if p.done >= 200 {
                    cancel.store(true, Ordering::Relaxed)
                }
            },
            &cancel,
        )
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Cancelled);
    assert!(ws.surveys().unwrap().is_empty());
    assert_eq!(answers(&ws), 0);
    assert!(ws.import_batches().unwrap().is_empty());

    let dry = import_with(
        &ws,
        &f,
        &ImportOptions {
            dry_run: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!((dry.imported, dry.batch), (450, None));
    assert!(ws.surveys().unwrap().is_empty());
    assert_eq!(answers(&ws), 0);
}

#[test]
fn typeform_checkbox_columns_become_one_multiple_choice_question() {
    let (d, ws) = open();
    let f = write(
        d.path(),
        "typeform.csv",
        "#,What is your role?,GitHub Actions,Jenkins,Buildkite,How likely are you to recommend our CI to a friend?,Anything else?,Start Date (UTC),Submit Date (UTC),Network ID\n\
         a1b2,Backend engineer,GitHub Actions,,Buildkite,9,Caches are cold every Monday,2026-02-01 10:00:00,2026-02-01 10:03:00,n1\n\
         c3d4,Frontend engineer,,Jenkins,,4,,2026-02-01 11:00:00,2026-02-01 11:02:00,n2\n\
         e5f6,Backend engineer,GitHub Actions,Jenkins,,10,Love the new runners,2026-02-02 09:00:00,2026-02-02 09:01:00,n3\n",
    );
    let r = import(&ws, &f);
    assert_eq!(r.format, Format::Typeform);
    assert_eq!(r.imported, 3);
    let s = only_survey(&ws);
    let ci = s
        .questions
        .iter()
        .find(|q| q.role == ColumnRole::Multiple)
        .expect("the checkbox columns as one question");
    assert_eq!(count(ci, "GitHub Actions"), 2);
    assert_eq!(count(ci, "Jenkins"), 2);
    assert_eq!(count(ci, "Buildkite"), 1);
    let role = s
        .facets
        .iter()
        .find(|f| f.role == ColumnRole::Role)
        .unwrap();
    assert_eq!(role.values[0].label, "Backend engineer");
    assert_eq!(question(&s, "How likely").nps.as_ref().unwrap().score, 33.3);
    assert_eq!(total(&ws, "runners"), 1);
}

#[test]
fn a_generic_spreadsheet_imports_as_a_survey_when_asked() {
    let (d, ws) = open();
    let path = d.path().join("pulse.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let rows = [
        [
            "Respondent",
            "Team",
            "How satisfied are you with on-call? (1-5)",
            "Comments",
        ],
        ["r1", "SRE", "4", "Pager noise is down"],
        ["r2", "SRE", "2", "Too many false alarms at night"],
        ["r3", "Data", "5", ""],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    book.save(&path).unwrap();
    let opts = ImportOptions {
        kind: Some(ImportKind::Survey),
        mappings: vec![ColumnMap::new("Team", "team")],
        ..Default::default()
    };
    let r = import_with(&ws, &path, &opts).unwrap();
    assert_eq!((r.imported, r.format), (3, Format::Xlsx));
    let s = only_survey(&ws);
    let q = question(&s, "How satisfied");
    assert_eq!(q.role, ColumnRole::Likert);
    assert_eq!(q.mean, Some(3.67));
    assert_eq!(q.csat, Some(66.7));
    assert_eq!(q.by_team.len(), 2);
    // The mapping is remembered for the next export with the same columns.
    let preview = ws
        .preview_import(
            &path,
            &ImportOptions {
                kind: Some(ImportKind::Survey),
                ..Default::default()
            },
        )
        .unwrap();
    let team = preview.columns.iter().find(|c| c.header == "Team").unwrap();
    assert_eq!(team.field, "team");
    // Re-importing the same file changes nothing.
    let again = import_with(&ws, &path, &opts).unwrap();
    assert_eq!((again.imported, again.updated, again.skipped), (0, 0, 3));
}

#[test]
fn real_google_forms_exports_import_with_expected_figures() {
    let Some(dir) = common::shared_data("surveys") else {
        return;
    };
    let (_d, ws) = open();
    let r = import(&ws, &dir.join("google-forms_flaky-tests.tsv"));
    assert_eq!((r.format, r.imported), (Format::GoogleForms, 171));
    assert!(r.rejected.is_empty(), "{:?}", r.rejected);
    let s = only_survey(&ws);
    // Counted independently with Python's csv module.
    let reliability = question(&s, "Flaky tests reduce the reliability of testing.");
    assert_eq!(reliability.role, ColumnRole::Likert);
    assert_eq!(reliability.answered, 170);
    assert_eq!(count(reliability, "Strongly agree"), 93);
    assert_eq!(count(reliability, "Agree"), 60);
    assert_eq!(count(reliability, "Disagree"), 16);
    assert_eq!(count(reliability, "Strongly disagree"), 1);
    assert_eq!(reliability.mean, Some(3.44));
    let langs = question(&s, "Which languages");
    assert_eq!(langs.role, ColumnRole::Multiple);
    assert_eq!(count(langs, "JavaScript"), 90);
    assert_eq!(count(langs, "Python"), 59);
    let tenure = s
        .facets
        .iter()
        .find(|f| f.role == ColumnRole::Tenure)
        .unwrap();
    assert_eq!(tenure.values[0].label, "13 +");
    assert_eq!(tenure.values[0].count, 79);
    assert_eq!(s.survey.text_answers, 140);
    assert_eq!(answers(&ws), 140);
    assert!(total(&ws, "\"network\"") >= 1);

    let r = import(
        &ws,
        &dir.join("google-forms_cncf-platform-as-a-product.csv"),
    );
    assert_eq!(r.imported, 22);
    let cncf = ws
        .surveys()
        .unwrap()
        .into_iter()
        .find(|s| s.name.contains("cncf"))
        .unwrap();
    let s = ws.survey_summary(cncf.id, &[]).unwrap();
    let customers = question(&s, "Who are your customers?");
    assert_eq!(customers.role, ColumnRole::Multiple);
    assert_eq!(count(customers, "Application Teams"), 22);
    assert_eq!(count(customers, "Data/AI/ML Teams"), 13);
    // An option with commas inside stays whole.
    let support = question(&s, "Do you provide support");
    assert_eq!(
        count(support, "Documentation (quickstart, howto, wiki, etc)"),
        20
    );
    assert!(s.facets.iter().any(|f| f.role == ColumnRole::Team));
    // Re-importing the same export changes nothing.
    let again = import(
        &ws,
        &dir.join("google-forms_cncf-platform-as-a-product.csv"),
    );
    assert_eq!((again.imported, again.updated, again.skipped), (0, 0, 22));
}

#[test]
fn real_qualtrics_exports_with_three_and_two_header_rows() {
    let Some(dir) = common::shared_data("surveys") else {
        return;
    };
    let (_d, ws) = open();
    for (file, expected_key) in [
        ("qualtrics_3-header-rows.csv", "R_2YPOQ602ER1jkf1"),
        ("qualtrics_legacy-2-header-rows.csv", "R_2YPOQ602ER1jkf1"),
    ] {
        let path = dir.join(file);
        let preview = ws.preview_import(&path, &ImportOptions::default()).unwrap();
        assert_eq!(preview.format, Format::Qualtrics, "{file}");
        let q2 = preview.columns.iter().find(|c| c.header == "Q2").unwrap();
        assert_eq!(
            q2.question.as_deref(),
            Some("This is a free text question.")
        );
        assert_eq!(q2.field, "text");
        let id = preview
            .columns
            .iter()
            .find(|c| c.field == "respondent")
            .unwrap();
        assert!(preview.rows[0].iter().any(|c| c == expected_key), "{id:?}");
        // Metadata and personal data (IP address, location) are not imported.
        assert!(preview
            .columns
            .iter()
            .filter(|c| c.header.contains("IPAddress") || c.header.starts_with("Location"))
            .all(|c| c.field == "ignore"));
        let r = import(&ws, &path);
        assert_eq!((r.format, r.imported), (Format::Qualtrics, 1), "{file}");
    }
    assert_eq!(ws.surveys().unwrap().len(), 2);
    assert_eq!(total(&ws, "\"Hello World\""), 2);
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The Surveys view's NPS and CSAT of a survey's satisfaction and NPS questions, overall and per
/// team, against the Metrics view's `nps` and `csat` over the same respondents and month.
fn assert_views_agree(ws: &Workspace, satisfaction: &str, csat: f64) {
    use groundwork::metrics::dora::{MetricsRequest, Period};
    let s = only_survey(ws);
    let sat = question(&s, satisfaction);
    let rec = question(&s, "How likely");
    assert_eq!(sat.csat, Some(csat), "{satisfaction}: Surveys view");
    // Every respondent answered in March 2026: one month, one point per line.
    let v = ws
        .metrics(&MetricsRequest {
            by: Period::Month,
            from: Some("2026-03-01".into()),
            to: Some("2026-03-31".into()),
            ..Default::default()
        })
        .unwrap();
    let line = |team: &str, metric: &str| {
        let l = v
            .lines
            .iter()
            .find(|l| l.team.eq_ignore_ascii_case(team) && l.metric == metric)
            .unwrap_or_else(|| panic!("{satisfaction}: no {metric} line for {team:?}"));
        assert_eq!(l.points.len(), 1);
        assert_eq!(l.points[0].value, l.overall);
        l.overall.unwrap()
    };
    assert_eq!(
        Some(round1(line("", "csat") * 100.0)),
        sat.csat,
        "{satisfaction}: CSAT, Metrics view against Surveys view"
    );
    assert_eq!(
        Some(round1(line("", "nps"))),
        rec.nps.as_ref().map(|n| n.score),
        "{satisfaction}: NPS"
    );
    assert!(sat.by_team.len() >= 2);
    for t in &sat.by_team {
        assert_eq!(
            Some(round1(line(&t.team, "csat") * 100.0)),
            t.csat,
            "{satisfaction}: {}'s CSAT",
            t.team
        );
    }
    for t in &rec.by_team {
        assert_eq!(
            Some(round1(line(&t.team, "nps"))),
            t.nps,
            "{satisfaction}: {}'s NPS",
            t.team
        );
    }
}

#[test]
fn the_surveys_and_metrics_views_agree_on_csat_and_nps() {
    // Google Forms exports, one satisfaction question each beside an NPS question. The Metrics
    // view used to find satisfaction only in the question's text and only on labelled scales,
    // and the Surveys view read a team's answers on a scale topped by that team's highest answer.
    let forms = [
        // A labelled scale, the question saying "satisfied": 3 of 6 in the top two.
        (
            "How satisfied are you with CI?",
            "Very satisfied,Satisfied,Neutral,Dissatisfied,Satisfied,Very dissatisfied",
            50.0,
        ),
        // The labels say satisfaction, the question does not: still a CSAT.
        (
            "How do you feel about build times?",
            "Very satisfied,Satisfied,Neutral,Dissatisfied,Satisfied,Very dissatisfied",
            50.0,
        ),
        // 1–5 stated, nobody picked 5: 4 and 5 are the top two, 2 of 6.
        (
            "How satisfied are you with on-call? (1-5)",
            "4,3,2,4,1,3",
            33.3,
        ),
        // 1–7 stated; Mobile (the last two) answered 5 and 5, which is not top two of 7.
        (
            "How satisfied are you with the docs? (1-7)",
            "6,7,3,2,5,5",
            33.3,
        ),
    ];
    let stamps = [
        "3/2/2026 9:01:10",
        "3/2/2026 9:05:42",
        "3/9/2026 9:07:13",
        "3/9/2026 10:11:00",
        "3/16/2026 14:30:00",
        "3/23/2026 15:45:30",
    ];
    let teams = [
        "Payments", "Payments", "Search", "Search", "Mobile", "Mobile",
    ];
    let nps = ["10", "9", "6", "3", "8", "10"];
    for (q, answers, csat) in forms {
        let (d, ws) = open();
        let mut csv = format!(
            "Timestamp,Which team are you on?,How likely are you to recommend the platform to a colleague?,{q}\n"
        );
        for (i, a) in answers.split(',').enumerate() {
            csv += &format!("{},{},{},{a}\n", stamps[i], teams[i], nps[i]);
        }
        let r = import(&ws, &write(d.path(), "DX pulse (Responses).csv", &csv));
        assert_eq!((r.format, r.imported), (Format::GoogleForms, 6), "{q}");
        let s = only_survey(&ws);
        assert_eq!(question(&s, q).role, ColumnRole::Likert, "{q}");
        assert_views_agree(&ws, q, csat);
    }
}
