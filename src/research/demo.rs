//! The demo workspace: teams and interviews written for Groundwork, so a new user has something
//! real-looking to search and explore in the first minute.

use crate::error::{Error, Result};
use crate::research::interviews::InterviewInput;
use crate::research::teams::TeamInput;
use crate::store::workspace::Workspace;

const TEAMS: &[(&str, i64)] = &[
    ("Payments", 42),
    ("Checkout", 24),
    ("Search", 28),
    ("Mobile", 35),
    ("Data Platform", 19),
    ("Identity", 16),
    ("SRE", 12),
];

struct Demo {
    title: &'static str,
    participant: &'static str,
    team: &'static str,
    role: &'static str,
    date: &'static str,
    tags: &'static [&'static str],
    pains: &'static [&'static str],
    notes: &'static str,
}

const INTERVIEWS: &[Demo] = &[
    Demo {
        title: "Payments backend: CI is the bottleneck",
        participant: "Priya Raman",
        team: "Payments",
        role: "Senior backend engineer",
        date: "2026-06-03",
        tags: &["ci", "build-times", "monorepo"],
        pains: &[
            "Slow CI: 38 minutes median for a one-line change",
            "Flaky integration tests force re-runs",
        ],
        notes: "## Context\nPriya ships two or three small changes a day to the ledger service.\n\n## What she said\n- \"I push, go get coffee, come back, and CI is still on the integration stage.\" Median pipeline is **38 minutes**; a one-line change pays the full price.\n- The integration suite spins up Postgres, Kafka and the fraud mock for every job. Nobody owns the fixtures.\n- Roughly one run in five fails on a flaky test (`SettlementRetryIT` was named twice). The team's habit is to hit *re-run* without reading the log.\n- She batches changes to avoid waiting, which makes reviews bigger and rollbacks harder.\n\n## Quotes\n> We stopped trusting red builds. Red just means run it again.\n\n## Follow-ups\n- [ ] Get build timing data for the ledger pipeline\n- [ ] Ask SRE whether test containers can be cached between jobs\n",
    },
    Demo {
        title: "Checkout: deploys need three approvals and a Slack ritual",
        participant: "Marcus Oyelaran",
        team: "Checkout",
        role: "Tech lead",
        date: "2026-06-10",
        tags: &["deploys", "approvals", "release-process"],
        pains: &[
            "Production deploys need manual approvals from three people",
            "Deploy windows limited to Tuesday and Thursday",
        ],
        notes: "## Context\nMarcus leads eight engineers on the checkout flow. They deploy twice a week.\n\n## What he said\n- Every production deploy needs approvals from the tech lead, QA and the release manager. Approvals happen in a Slack thread and are copied by hand into the change ticket.\n- Deploy windows are Tuesday and Thursday afternoons, so a fix finished on Wednesday waits a day.\n- Lead time from merge to production is **two to four days**; most of that is waiting, not building.\n- Rollback is a redeploy of the previous tag and takes about 25 minutes.\n\n## Quotes\n> The pipeline is fast. Everything around the pipeline is slow.\n\n## Ideas he offered\n1. Automatic approval for changes behind a feature flag\n2. Progressive rollout so small changes do not need the full ceremony\n",
    },
    Demo {
        title: "Search team: local environment takes a day to set up",
        participant: "Lena Fischer",
        team: "Search",
        role: "Backend engineer",
        date: "2026-06-12",
        tags: &["local-dev", "onboarding", "docs"],
        pains: &[
            "New engineers need a full day to get the service running locally",
            "Setup docs are out of date",
        ],
        notes: "## Context\nLena joined four months ago and now onboards the newest hires.\n\n## What she said\n- Getting the indexing service running locally took her **a day and a half**: an Elasticsearch version pinned in a wiki page, a VPN-only artifact mirror, and a seed script that only runs on macOS.\n- The setup docs live in three places (README, Confluence, a pinned Slack message) and disagree with each other.\n- She now keeps a personal shell script that she shares by DM.\n\n## Quotes\n> Onboarding is tribal knowledge with extra steps.\n\n## Follow-ups\n- [ ] Collect her script; compare with the dev container prototype\n",
    },
    Demo {
        title: "Mobile: flaky UI tests and slow builds on CI",
        participant: "Diego Santos",
        team: "Mobile",
        role: "iOS engineer",
        date: "2026-06-18",
        tags: &["ci", "flaky-tests", "build-times"],
        pains: &[
            "iOS CI builds take 55 minutes",
            "UI tests are flaky on shared simulators",
        ],
        notes: "## Context\nDiego works on the iOS app's checkout and account screens.\n\n## What he said\n- A full iOS build and test run on CI takes about **55 minutes**; the macOS runners are shared with two other teams and queue during the day.\n- UI tests fail randomly when simulators are reused; the team quarantined 40 tests and never brought them back.\n- Flaky tests mean the merge queue stalls, so people merge at night.\n\n## Quotes\n> I write the code in twenty minutes and then babysit CI for an hour.\n",
    },
    Demo {
        title: "Data Platform: on-call pages without context",
        participant: "Aisha Karimi",
        team: "Data Platform",
        role: "Staff engineer",
        date: "2026-06-24",
        tags: &["on-call", "observability", "mttr"],
        pains: &[
            "Alerts arrive without runbooks or dashboards",
            "Restoring a failed pipeline takes hours",
        ],
        notes: "## Context\nAisha is on the on-call rotation for the ingestion pipelines.\n\n## What she said\n- Alerts link to nothing: no runbook, no dashboard, no owner. The first 30 minutes of an incident are spent finding *which* job failed.\n- Logs are split between two systems; traces stop at the queue boundary.\n- Time to restore for the last three incidents: 3 h, 5 h and 90 min. Most of it was diagnosis.\n\n## Quotes\n> The fix takes ten minutes. Knowing what to fix takes the rest of the night.\n\n## Follow-ups\n- [ ] Pull the incident timeline for the May outage\n",
    },
    Demo {
        title: "Identity: Kubernetes config is copy-paste",
        participant: "Tomás Herrera",
        team: "Identity",
        role: "Platform-minded backend engineer",
        date: "2026-07-01",
        tags: &["kubernetes", "golden-path", "config"],
        pains: &[
            "Every service copies 600 lines of Kubernetes YAML",
            "Nobody knows which settings are safe to change",
        ],
        notes: "## Context\nTomás maintains four services for login and tokens.\n\n## What he said\n- Each service has ~600 lines of Kubernetes manifests copied from whichever service was newest at the time. Resource limits, probes and PodDisruptionBudgets differ for no reason.\n- When the platform team changed the ingress class, every team had to open their own PR.\n- He would trade flexibility for a golden path: a service template with sane defaults and an escape hatch.\n\n## Quotes\n> I don't want to be a Kubernetes expert. I want my service to run.\n",
    },
    Demo {
        title: "SRE view: deploy frequency is capped by the release train",
        participant: "Hannah Lee",
        team: "SRE",
        role: "Site reliability engineer",
        date: "2026-07-08",
        tags: &["deploys", "dora", "release-process"],
        pains: &[
            "The weekly release train caps deployment frequency",
            "Change failure rate is unknown: failed deploys are not tagged",
        ],
        notes: "## Context\nHannah runs the release train and owns the deploy tooling.\n\n## What she said\n- The org deploys the monolith once a week on the release train; 60% of teams also deploy services independently.\n- We cannot measure change failure rate: rollbacks and hotfixes are not linked to the deploy that caused them.\n- She wants deploy events in one place, with a *failed* flag, so DORA metrics can be computed instead of guessed.\n\n## Quotes\n> We argue about whether deploys got safer, and nobody has the data.\n",
    },
    Demo {
        title: "Payments frontend: waiting on CI and on reviews",
        participant: "Sven Olsen",
        team: "Payments",
        role: "Frontend engineer",
        date: "2026-07-15",
        tags: &["ci", "code-review", "build-times"],
        pains: &[
            "CI for the web app takes 25 minutes, most of it dependency install",
            "Reviews wait a day because reviewers are busy",
        ],
        notes: "## Context\nSven works on the merchant dashboard.\n\n## What he said\n- The web app's CI spends **12 of its 25 minutes** installing dependencies; the cache key changes on every lockfile touch.\n- Reviews wait about a day. Small PRs wait as long as large ones.\n- Preview environments would let product managers check changes without pulling the branch.\n\n## Quotes\n> Slow CI is annoying. Slow CI plus slow reviews means I context-switch all day.\n",
    },
    Demo {
        title: "Mobile: release to app stores is manual",
        participant: "Keiko Tanaka",
        team: "Mobile",
        role: "Engineering manager",
        date: "2026-07-22",
        tags: &["release-process", "deploys", "mobile"],
        pains: &[
            "App store releases are assembled by hand",
            "Hotfixes take three days to reach users",
        ],
        notes: "## Context\nKeiko manages the Android and iOS teams (35 engineers).\n\n## What she said\n- Release notes, screenshots and version bumps are done by hand by whoever is release captain that week; it costs about **a day per release**.\n- A hotfix takes three days to reach most users because of store review and staged rollout.\n- Crash reports are in a separate tool from feature flags, so correlating a crash with a flag is manual.\n\n## Quotes\n> Every release captain rediscovers the same checklist.\n",
    },
    Demo {
        title: "Checkout: test environments are shared and broken",
        participant: "Fatima Zahra",
        team: "Checkout",
        role: "QA engineer",
        date: "2026-08-05",
        tags: &["test-environments", "flaky-tests", "ci"],
        pains: &[
            "The shared staging environment is broken most mornings",
            "End-to-end tests are flaky because of shared data",
        ],
        notes: "## Context\nFatima owns the end-to-end suite for checkout.\n\n## What she said\n- Staging is shared by 12 teams; someone's migration breaks it most mornings.\n- E2E tests share test accounts, so two runs at once corrupt each other's carts. That is the main source of *flaky tests* on her suite.\n- Ephemeral environments per pull request would remove most of this.\n\n## Quotes\n> Half of my job is figuring out whether the test is broken or staging is.\n",
    },
    Demo {
        title: "Search: we can't find internal docs either",
        participant: "Omar Haddad",
        team: "Search",
        role: "Tech lead",
        date: "2026-08-19",
        tags: &["docs", "discoverability", "onboarding"],
        pains: &[
            "Internal platform docs are hard to find",
            "No service catalog: ownership is tribal knowledge",
        ],
        notes: "## Context\nOmar's team builds product search, yet finding internal docs is their top complaint.\n\n## What he said\n- There is no service catalog: to find who owns an API you ask in #help-platform and wait.\n- Platform docs are split by tool, not by task; \"how do I add a queue\" touches four pages.\n- He would use a developer portal if it were the source of truth, not another copy.\n\n## Quotes\n> Every question costs me a Slack thread and half an hour.\n",
    },
    Demo {
        title: "Data Platform: secrets rotation breaks pipelines",
        participant: "Nikolai Petrov",
        team: "Data Platform",
        role: "Data engineer",
        date: "2026-09-02",
        tags: &["secrets", "security", "on-call"],
        pains: &[
            "Secret rotation silently breaks batch jobs",
            "Credentials are copied into job configs",
        ],
        notes: "## Context\nNikolai maintains the nightly batch jobs.\n\n## What he said\n- Quarterly secret rotation breaks jobs that copied credentials into their config; failures show up the next morning.\n- He wants jobs to read secrets at run time from the vault, with an alert when a secret is about to expire.\n- Last rotation caused **two incidents** and a missed finance report.\n\n## Quotes\n> Rotation day is the one day I know I'll be paged.\n",
    },
    Demo {
        title: "Identity: golden path would cut time to production",
        participant: "Grace Mensah",
        team: "Identity",
        role: "Backend engineer",
        date: "2026-09-16",
        tags: &["golden-path", "time-to-production", "kubernetes"],
        pains: &[
            "A new service takes three weeks to reach production",
            "Security review happens late and blocks launches",
        ],
        notes: "## Context\nGrace launched the new session service last quarter.\n\n## What she said\n- From repository creation to first production traffic took **three weeks**: manifests, CI config, dashboards, alerts, a security review and a DNS ticket.\n- The security review came last and sent her back to change the token storage design.\n- A scaffold that creates the repo, pipeline, dashboards and a pre-approved security baseline would cut this to days.\n\n## Quotes\n> Writing the service took a week. Getting permission to run it took two.\n",
    },
    Demo {
        title: "SRE: incident reviews keep naming the same gaps",
        participant: "Rafael Costa",
        team: "SRE",
        role: "Incident commander",
        date: "2026-10-06",
        tags: &["mttr", "observability", "on-call"],
        pains: &[
            "Postmortem action items are never tracked to completion",
            "Dashboards differ per team, slowing diagnosis",
        ],
        notes: "## Context\nRafael runs the weekly incident review.\n\n## What he said\n- The same contributing factors come up again and again: missing runbooks, alerts without owners, dashboards that differ per team.\n- Action items from postmortems live in docs and are rarely closed.\n- Mean time to restore improved after the tracing rollout but regressed for teams that never adopted it.\n\n## Quotes\n> We are very good at writing postmortems and very bad at reading them.\n",
    },
];

/// Seeds `ws` with the demo teams and interviews. Refuses a workspace that already holds
/// documents (the demo never mixes with real research); a workspace already seeded is left as is.
/// Returns the number of interviews written.
pub fn seed(ws: &Workspace) -> Result<usize> {
    if ws.meta("demo")?.is_some() {
        return Ok(0);
    }
    let held: u64 = ws.status()?.documents.values().sum();
    if held > 0 {
        return Err(Error::InvalidInput {
            field: Some("workspace".into()),
            message: format!(
                "the workspace {} already holds {held} document(s); demo data only goes into an empty workspace: open another folder",
                ws.dir().display()
            ),
        });
    }
    crate::store::db::transaction(ws.conn(), |tx| {
        for (name, headcount) in TEAMS {
            crate::research::teams::save(
                tx,
                &TeamInput {
                    id: None,
                    name: (*name).into(),
                    headcount: Some(*headcount),
                },
            )?;
        }
        for d in INTERVIEWS {
            crate::research::interviews::save(
                tx,
                &InterviewInput {
                    version: None,
                    id: None,
                    title: d.title.into(),
                    participant: d.participant.into(),
                    team: Some(d.team.into()),
                    role: d.role.into(),
                    date: d.date.into(),
                    interviewer: "Alex Morgan (Platform PM)".into(),
                    notes: d.notes.into(),
                    tags: d.tags.iter().map(|s| s.to_string()).collect(),
                    pain_points: d.pains.iter().map(|s| s.to_string()).collect(),
                },
            )?;
        }
        seed_roadmap(tx)?;
        seed_metrics(tx)?;
        crate::store::meta::set(tx, "demo", "1")
    })?;
    ws.index_pending()?;
    Ok(INTERVIEWS.len())
}

/// Per demo team: deployments a week, median lead time in hours, share of failed deployments,
/// incidents a month and hours to restore — so the Metrics view opens on DORA figures that differ
/// by team.
const DELIVERY: &[(&str, u64, f64, f64, u64, f64)] = &[
    ("Payments", 5, 30.0, 0.12, 2, 3.0),
    ("Checkout", 3, 52.0, 0.08, 1, 5.0),
    ("Search", 8, 9.0, 0.04, 1, 0.8),
    ("Mobile", 1, 130.0, 0.18, 1, 20.0),
    ("Data Platform", 2, 70.0, 0.10, 3, 6.0),
    ("Identity", 2, 40.0, 0.06, 1, 2.0),
];

/// Deployments and incidents from 2 March to 30 August 2026 (26 weeks), from a fixed seed.
fn seed_metrics(tx: &rusqlite::Connection) -> Result<()> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    // SplitMix64: a few lines, and the demo is the same on every machine.
    let mut next = move || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) as f64 / u64::MAX as f64
    };
    let start = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).expect("a valid date");
    use crate::metrics::import::{store_deployment, store_incident, Deployment, Incident};
    let import_id =
        crate::metrics::import::start_import(tx, crate::metrics::MetricsKind::Deployments, "demo")?;
    for (team, per_week, lead, fail, incidents, restore) in DELIVERY {
        for week in 0..26u64 {
            for k in 0..*per_week {
                let day = start + chrono::Duration::days((week * 7 + (k * 7) / per_week) as i64);
                let at = day
                    .and_hms_opt(9 + (next() * 8.0) as u32, (next() * 60.0) as u32, 0)
                    .expect("a valid time");
                // Lead times spread around the team's median (log-uniform ×0.4 to ×2.5).
                let lead_h = lead * (0.4f64.ln() + next() * (2.5f64 / 0.4).ln()).exp();
                store_deployment(
                    tx,
                    import_id,
                    &Deployment {
                        key: &format!("demo-{week}-{k}"),
                        service: team,
                        team,
                        deployed_at: &format!("{}Z", at.format("%Y-%m-%dT%H:%M:%S")),
                        lead_time_h: Some((lead_h * 10.0).round() / 10.0),
                        failed: next() < *fail,
                    },
                )?;
            }
            if week % 4 == 0 && week + 4 <= 26 {
                for k in 0..*incidents {
                    let opened = (start + chrono::Duration::days((week * 7 + (k * 9) % 28) as i64))
                        .and_hms_opt(2 + (next() * 20.0) as u32, 0, 0)
                        .expect("a valid time");
                    let hours = restore * (0.3 + next() * 1.4);
                    let resolved = opened + chrono::Duration::minutes((hours * 60.0) as i64);
                    store_incident(
                        tx,
                        import_id,
                        &Incident {
                            key: &format!("INC-{week}-{k}"),
                            service: team,
                            team,
                            severity: if hours > 8.0 { "sev1" } else { "sev2" },
                            opened_at: &format!("{}Z", opened.format("%Y-%m-%dT%H:%M:%S")),
                            resolved_at: Some(&format!(
                                "{}Z",
                                resolved.format("%Y-%m-%dT%H:%M:%S")
                            )),
                        },
                    )?;
                }
            }
        }
    }
    Ok(())
}

/// Demo themes: (name, query).
const THEMES: &[(&str, &str)] = &[
    (
        "Slow builds",
        "tag:ci OR tag:build-times OR tag:flaky-tests",
    ),
    (
        "Release approvals",
        "tag:deploys OR tag:release-process OR tag:approvals",
    ),
    (
        "On-call without context",
        "tag:on-call OR tag:observability OR tag:mttr",
    ),
    (
        "Local setup",
        "tag:local-dev OR tag:onboarding OR tag:test-environments",
    ),
];

/// Passages pinned to the demo themes: theme (index into THEMES), the interview's participant,
/// and the passage, verbatim from the notes — so the review pack has quotes with their source,
/// and anonymizing has names to replace.
const QUOTES: &[(usize, &str, &str)] = &[
    (
        0,
        "Priya Raman",
        "We stopped trusting red builds. Red just means run it again.",
    ),
    (
        0,
        "Diego Santos",
        "I write the code in twenty minutes and then babysit CI for an hour.",
    ),
    (
        1,
        "Marcus Oyelaran",
        "Marcus leads eight engineers on the checkout flow. They deploy twice a week.",
    ),
    (
        1,
        "Marcus Oyelaran",
        "The pipeline is fast. Everything around the pipeline is slow.",
    ),
    (
        2,
        "Aisha Karimi",
        "The fix takes ten minutes. Knowing what to fix takes the rest of the night.",
    ),
    (
        3,
        "Lena Fischer",
        "Lena joined four months ago and now onboards the newest hires.",
    ),
    (
        3,
        "Fatima Zahra",
        "Half of my job is figuring out whether the test is broken or staging is.",
    ),
];

/// A demo roadmap item: title, theme (index into THEMES), teams, exception team, effort
/// (estimate, low, high), target metric, inputs (key, value, optional low–high).
type DemoItem = (
    &'static str,
    Option<usize>,
    &'static [&'static str],
    Option<&'static str>,
    (f64, f64, f64),
    &'static str,
    &'static [(&'static str, f64, Option<(f64, f64)>)],
);

const ITEMS: &[DemoItem] = &[
    (
        "Remote build cache for CI",
        Some(0),
        &["Payments", "Mobile"],
        None,
        (8.0, 6.0, 12.0),
        "time to production",
        &[
            ("impact", 2.0, None),
            ("confidence", 0.8, Some((0.6, 0.9))),
            ("ease", 6.0, None),
            ("business_value", 8.0, None),
            ("time_criticality", 5.0, None),
            ("risk_reduction", 3.0, None),
            ("hours_saved", 2.5, Some((1.5, 4.0))),
            ("adoption", 0.7, Some((0.5, 0.9))),
            ("hourly_cost", 95.0, None),
        ],
    ),
    (
        "Self-serve deploys without manual approvals",
        Some(1),
        &["Checkout", "SRE"],
        None,
        (10.0, 8.0, 16.0),
        "deployment frequency",
        &[
            ("impact", 3.0, None),
            ("confidence", 0.5, Some((0.3, 0.8))),
            ("ease", 4.0, None),
            ("business_value", 13.0, None),
            ("time_criticality", 8.0, None),
            ("risk_reduction", 5.0, None),
            ("hours_saved", 1.5, Some((0.5, 2.5))),
            ("adoption", 0.6, Some((0.4, 0.8))),
            ("hourly_cost", 95.0, None),
        ],
    ),
    (
        "Incident context in every page",
        Some(2),
        &["Data Platform", "SRE"],
        None,
        (6.0, 4.0, 9.0),
        "MTTR",
        &[
            ("impact", 2.0, None),
            ("confidence", 0.8, None),
            ("ease", 7.0, None),
            ("business_value", 5.0, None),
            ("time_criticality", 8.0, None),
            ("risk_reduction", 8.0, None),
            ("hours_saved", 1.0, Some((0.5, 1.5))),
            ("adoption", 0.8, None),
            ("hourly_cost", 95.0, None),
        ],
    ),
    (
        "One-command local environment",
        Some(3),
        &["Search", "Checkout"],
        None,
        (12.0, 8.0, 20.0),
        "developer satisfaction",
        &[
            ("impact", 1.0, None),
            ("confidence", 0.5, None),
            ("ease", 3.0, None),
            ("business_value", 5.0, None),
            ("time_criticality", 3.0, None),
            ("risk_reduction", 2.0, None),
            ("hours_saved", 2.0, Some((1.0, 3.0))),
            ("adoption", 0.5, Some((0.3, 0.7))),
            ("hourly_cost", 95.0, None),
        ],
    ),
    (
        "App store release automation",
        None,
        &["Mobile"],
        Some("Mobile"),
        (4.0, 3.0, 6.0),
        "deployment frequency",
        &[
            ("reach", 35.0, None),
            ("impact", 1.0, None),
            ("confidence", 0.8, None),
            ("ease", 8.0, None),
            ("business_value", 3.0, None),
            ("time_criticality", 2.0, None),
            ("risk_reduction", 1.0, None),
            ("hours_saved", 3.0, None),
            ("adoption", 0.9, None),
            ("hourly_cost", 95.0, None),
        ],
    ),
];

/// Themes over the demo interviews and roadmap items linked to them, so the Roadmap view has
/// something to rank on first open.
fn seed_roadmap(tx: &rusqlite::Connection) -> Result<()> {
    use crate::roadmap::items::{self, ItemInput, LinkInput, ManualInput};
    let mut themes = Vec::new();
    for (name, query) in THEMES {
        let t = crate::search::themes::save(
            tx,
            &crate::search::themes::ThemeInput {
                id: None,
                name: (*name).into(),
                query: (*query).into(),
            },
        )?;
        themes.push(t.id);
    }
    for (theme, participant, passage) in QUOTES {
        let document: i64 = tx.query_row(
            "SELECT d.id FROM interviews i JOIN documents d ON d.id = i.document_id
             WHERE i.participant = ?1 AND d.deleted_at IS NULL AND instr(d.body, ?2) > 0",
            rusqlite::params![participant, passage],
            |r| r.get(0),
        )?;
        crate::search::themes::pin(tx, themes[*theme], document, passage)?;
    }
    for (title, theme, teams, exception, (effort, low, high), metric, inputs) in ITEMS {
        let item = items::save(
            tx,
            &ItemInput {
                title: (*title).into(),
                owner: "Alex Morgan".into(),
                effort: Some(*effort),
                effort_low: Some(*low),
                effort_high: Some(*high),
                teams: teams.iter().map(|t| t.to_string()).collect(),
                exception_team: exception.map(Into::into),
                target_metric: (*metric).into(),
                inputs: inputs
                    .iter()
                    .map(|(key, value, range)| ManualInput {
                        key: (*key).into(),
                        value: *value,
                        low: range.map(|r| r.0),
                        high: range.map(|r| r.1),
                    })
                    .collect(),
                ..Default::default()
            },
        )?;
        if let Some(t) = theme {
            items::link(
                tx,
                &LinkInput {
                    item: item.id,
                    theme: Some(themes[*t]),
                    ..Default::default()
                },
            )?;
        }
    }
    Ok(())
}
