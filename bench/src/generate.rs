//! A realistic, deterministic Jira CSV export about developer-platform pain: slow CI, flaky
//! tests, failed deploys, Kubernetes configuration, secrets rotation, on-call pages, docs and local
//! development environments.
//!
//! Every byte is a function of the ticket count and the seed, so a benchmark run can be repeated
//! exactly. Tickets average roughly 600 bytes (100 000 tickets ≈ 60 MB).

use crate::rng::Rng;
use std::io::{self, Write};

/// The header Jira writes (a repeated `Labels` column, as real exports do).
pub const HEADER: [&str; 13] = [
    "Summary",
    "Issue key",
    "Status",
    "Priority",
    "Issue Type",
    "Labels",
    "Labels",
    "Component/s",
    "Reporter",
    "Created",
    "Resolved",
    "Description",
    "Comment",
];

/// The seed used when none is given.
pub const DEFAULT_SEED: u64 = 0x6772_6f75_6e64; // "ground"

const PROJECTS: &[&str] = &["PLAT", "PLAT", "PLAT", "DEVEX", "INFRA", "SRE"];
const STATUSES: &[&str] = &[
    "Open",
    "In Progress",
    "Waiting for support",
    "Resolved",
    "Closed",
    "Done",
    "Done",
    "Closed",
];
const PRIORITIES: &[&str] = &[
    "Highest", "High", "High", "Medium", "Medium", "Medium", "Low", "Lowest",
];
const TYPES: &[&str] = &[
    "Bug",
    "Bug",
    "Task",
    "Story",
    "Incident",
    "Support Request",
    "Support Request",
];
pub(crate) const TEAMS: &[&str] = &[
    "Payments",
    "Checkout",
    "Search",
    "Mobile",
    "Identity",
    "Data Platform",
    "Growth",
    "Notifications",
    "Billing",
    "Developer Experience",
    "Platform Infra",
    "SRE",
];
pub(crate) const FIRST_NAMES: &[&str] = &[
    "Priya", "Jonas", "Amara", "Luis", "Mei", "Tomasz", "Fatima", "Oliver", "Sofia", "Kwame",
    "Hannah", "Ravi", "Elena", "Diego", "Yuki", "Noah", "Aisha", "Lars", "Camille", "Mateo",
];
pub(crate) const LAST_NAMES: &[&str] = &[
    "Sharma",
    "Becker",
    "Okafor",
    "Garcia",
    "Chen",
    "Nowak",
    "Haddad",
    "Smith",
    "Rossi",
    "Mensah",
    "Muller",
    "Iyer",
    "Petrova",
    "Fernandez",
    "Tanaka",
    "Williams",
    "Khan",
    "Nilsson",
    "Dubois",
    "Lopez",
];
const SERVICES: &[&str] = &[
    "checkout-api",
    "payments-gateway",
    "search-indexer",
    "user-profile",
    "notification-worker",
    "billing-service",
    "auth-proxy",
    "feature-flags",
    "order-events",
    "mobile-bff",
    "ledger",
    "inventory-sync",
];
const REPOS: &[&str] = &[
    "monorepo",
    "web-frontend",
    "android-app",
    "ios-app",
    "infra-terraform",
    "helm-charts",
    "data-pipelines",
    "shared-libs",
];
const ENVS: &[&str] = &[
    "staging",
    "production",
    "prod-eu",
    "prod-us",
    "dev",
    "preview",
    "qa",
];
const CI_TOOLS: &[&str] = &[
    "Jenkins",
    "GitHub Actions",
    "Buildkite",
    "the CI runners",
    "Bazel remote cache",
];
const LOCAL_TOOLS: &[&str] = &[
    "docker compose",
    "the dev container",
    "tilt up",
    "make bootstrap",
    "the local Kafka",
    "minikube",
    "the VPN client",
    "pre-commit hooks",
];
const OSES: &[&str] = &[
    "macOS Sonoma",
    "an M1 MacBook",
    "an M2 Mac",
    "Ubuntu 22.04",
    "WSL2",
    "Fedora",
];
const ERRORS: &[&str] = &[
    "ImagePullBackOff",
    "CrashLoopBackOff",
    "OOMKilled",
    "a 502 from the ingress",
    "context deadline exceeded",
    "connection refused",
    "permission denied (publickey)",
    "x509: certificate has expired",
    "exit code 137",
    "a helm upgrade timeout",
];
const K8S_THINGS: &[&str] = &[
    "HPA",
    "PodDisruptionBudget",
    "liveness probe",
    "readiness probe",
    "resource limits",
    "NetworkPolicy",
    "ConfigMap",
    "ServiceAccount",
    "ingress annotations",
];
const SECRETS: &[&str] = &[
    "database password",
    "Stripe API key",
    "TLS certificate",
    "service account token",
    "Vault AppRole secret",
    "S3 access key",
    "Kafka SASL credentials",
];
const ALERTS: &[&str] = &[
    "HighErrorRate",
    "DiskPressure",
    "KafkaConsumerLag",
    "PodRestartsHigh",
    "LatencyP99Breach",
    "CertificateExpiry",
    "NodeNotReady",
];
const DOC_TOPICS: &[&str] = &[
    "the deploy pipeline",
    "service onboarding",
    "secrets management",
    "the golden path template",
    "on-call handover",
    "local setup",
    "feature flags",
    "database migrations",
];
const TESTS: &[&str] = &[
    "CheckoutFlowIT",
    "test_refund_webhook",
    "LoginE2E",
    "OrderEventsConsumerTest",
    "test_search_ranking",
    "PaymentRetrySpec",
    "ProfileSnapshotTest",
];
const LABELS: &[&str] = &[
    "ci",
    "flaky-test",
    "deploy",
    "kubernetes",
    "secrets",
    "on-call",
    "docs",
    "dev-env",
    "toil",
    "developer-experience",
    "incident",
    "golden-path",
    "onboarding",
    "cost",
];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The themes a ticket can be about; each has summaries, description sentences and labels.
#[derive(Clone, Copy)]
pub(crate) struct Theme {
    pub(crate) label: &'static str,
    summaries: &'static [&'static str],
    pub(crate) sentences: &'static [&'static str],
    code: &'static [&'static str],
}

pub(crate) const THEMES: &[Theme] = &[
    Theme {
        label: "ci",
        summaries: &[
            "CI for {repo} takes {n} minutes on every push",
            "{ci} queue time over {n} min during business hours",
            "Build cache misses make {repo} builds slow again",
            "Pipeline for {svc} times out after {n} minutes",
        ],
        sentences: &[
            "Every push to {repo} waits {n} minutes before the first job even starts.",
            "We lose most of the morning waiting on {ci}, and people stop running the full suite locally.",
            "The build cache seems to be cold after every merge to main, so each pipeline rebuilds everything.",
            "Our team merges about {n} PRs a day, so this adds up to hours of idle time per engineer.",
            "Retrying the job sometimes helps, but that doubles the bill for the runners.",
            "Could the platform team look at runner capacity, or at least publish the queue times?",
        ],
        code: &[
            "{code}\nStep 4/12 : RUN npm ci\n ---> Running in 3f2a9c1b\nnpm WARN deprecated request@2.88.2\nTimed out after {n}m0s\n{code}",
        ],
    },
    Theme {
        label: "flaky-test",
        summaries: &[
            "Flaky test {test} in {repo} blocks merges",
            "{test} fails randomly on {ci}",
            "Quarantine {test}, it fails one run in {n}",
        ],
        sentences: &[
            "{test} fails roughly one run in {n}, always with a timeout, never locally.",
            "We have re-run the pipeline {n} times today just to get a green build.",
            "The failure looks like a race between the test container and the database starting up.",
            "Nobody owns the test, so it stays flaky and everyone just hits \"retry\".",
            "It would help to have a quarantine list, or a dashboard of flaky tests per repo.",
        ],
        code: &[
            "{code}\nAssertionError: expected status 200, got 503\n    at {test} (src/test/it/{test}.java:{n})\n    at org.junit.runner.ParentRunner.run(ParentRunner.java:413)\n{code}",
        ],
    },
    Theme {
        label: "deploy",
        summaries: &[
            "{svc} deploy to {env} fails with {err}",
            "Rollback of {svc} in {env} took {n} minutes",
            "Canary for {svc} stuck at 10%",
            "Deploys blocked: {env} pipeline red since yesterday",
        ],
        sentences: &[
            "The deploy of {svc} to {env} failed with {err} and the pipeline did not roll back on its own.",
            "We only found out from customers, because the deploy job reported success.",
            "Rolling back by hand took {n} minutes, most of it spent finding the previous image tag.",
            "The release notes say nothing changed in the chart, but the rendered manifests differ.",
            "Can the deploy tool show which step failed, and link to the logs, instead of \"error: exit status 1\"?",
        ],
        code: &[
            "{code}\nError: UPGRADE FAILED: timed out waiting for the condition\nkubectl rollout status deploy/{svc} -n {env}\nWaiting for deployment \"{svc}\" rollout to finish: 1 of 3 updated replicas are available...\n{code}",
        ],
    },
    Theme {
        label: "kubernetes",
        summaries: &[
            "{k8s} for {svc} missing in {env}",
            "Pods of {svc} get {err} after node upgrade",
            "How do I set {k8s} for {svc}?",
        ],
        sentences: &[
            "The {k8s} for {svc} in {env} is not what the chart says, and nobody knows who changed it.",
            "Pods keep getting {err}, which starts after every node pool upgrade.",
            "The golden path template does not mention the {k8s} at all, so every team copies a different example.",
            "We spent {n} hours comparing YAML between namespaces, which felt like a waste of time.",
            "A linter in CI, or sane defaults in the base chart, would have caught this before production.",
        ],
        code: &[
            "{code:yaml}\nresources:\n  limits:\n    memory: \"512Mi\"\n    cpu: \"500m\"\n  requests:\n    memory: \"256Mi\"\n{code}",
        ],
    },
    Theme {
        label: "secrets",
        summaries: &[
            "Secrets rotation for {svc} broke {env}",
            "{secret} expired without warning",
            "Rotate {secret} for {svc} without downtime",
        ],
        sentences: &[
            "The {secret} for {svc} was rotated in Vault, but the pods kept the old value until a restart.",
            "Nobody got a warning before it expired, so {env} was down for {n} minutes.",
            "The runbook says \"rotate the secret, then redeploy\", which is not possible during a freeze.",
            "Teams keep asking for a way to rotate credentials without a full deploy, and without paging SRE.",
        ],
        code: &[
            "{code}\nvault kv get -field=password secret/{svc}/{env}/db\nError reading secret: Code: 403. Errors:\n* permission denied\n{code}",
        ],
    },
    Theme {
        label: "on-call",
        summaries: &[
            "Paged at 3am for {alert}, no runbook",
            "{alert} alert is noisy, {n} pages this week",
            "On-call for {svc}: alert fires but nothing is broken",
        ],
        sentences: &[
            "I was paged {n} times last night for {alert}, and every time it resolved on its own.",
            "There is no runbook linked from the alert, so the person on call has to guess.",
            "The dashboards for {svc} are split across three tools, which makes triage slow.",
            "People are starting to mute the channel, which is exactly how we will miss a real incident.",
            "Could the thresholds be tuned, or the alert routed to the owning team instead of the platform rotation?",
        ],
        code: &[],
    },
    Theme {
        label: "docs",
        summaries: &[
            "Docs for {docs} are outdated",
            "No documentation on {docs}",
            "Onboarding guide still references the old cluster",
        ],
        sentences: &[
            "The page about {docs} still describes the old cluster, and half the commands no longer work.",
            "New joiners spend their first {n} days asking the same questions in the help channel.",
            "Search in the developer portal returns pages from {n} years ago before the current ones.",
            "It is not clear who owns these docs, so nobody feels allowed to fix them.",
        ],
        code: &[],
    },
    Theme {
        label: "dev-env",
        summaries: &[
            "Local dev env: {tool} fails on {os}",
            "{tool} takes {n} minutes to start",
            "Cannot run {svc} locally after the latest update",
        ],
        sentences: &[
            "Running {tool} on {os} fails halfway, with {err} in the logs.",
            "Starting the local environment takes {n} minutes, so people test against staging instead.",
            "The setup script assumes an Intel Mac, and the ARM images are not published for every service.",
            "I had to ask three people, copy a .env file from Slack, and restart twice before {svc} came up.",
            "A single documented command that works on a fresh laptop would save every new hire a day or two.",
        ],
        code: &[
            "{code:bash}\n$ {tool}\nError response from daemon: failed to create shim task: OCI runtime create failed\n{code}",
        ],
    },
];

const CLOSERS: &[&str] = &[
    "Thanks!",
    "Happy to pair on this, ping me.",
    "This is blocking our release, so any help is appreciated.",
    "See also the thread in #platform-help.",
    "Priority is a guess, adjust if needed.",
];

const COMMENTS: &[&str] = &[
    "Still happening today on {env}.",
    "Same for us in {team}, we see it a few times a week.",
    "Workaround: restart the job, then it usually passes.",
    "Linked to the incident review, the root cause is the same.",
    "We added this to the platform roadmap for next quarter.",
    "Can you share the pipeline link? I cannot reproduce it.",
    "Fixed by bumping the runner image, please reopen if it comes back.",
    "Closing as duplicate, the fix is tracked elsewhere.",
];

/// Writes a Jira CSV export of `tickets` tickets to `out`.
pub fn generate(tickets: u64, seed: u64, out: impl Write) -> io::Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record(HEADER)?;
    let mut gen = Generator::new(Rng::new(seed));
    let mut row: Vec<String> = Vec::with_capacity(HEADER.len());
    for i in 0..tickets {
        gen.ticket(i, &mut row);
        writer.write_record(&row)?;
    }
    writer.flush()?;
    Ok(())
}

/// Fills templates with the vocabulary (the transcript generator shares it, see
/// [`crate::transcripts`]).
pub(crate) struct Generator {
    pub(crate) rng: Rng,
    buf: String,
}

impl Generator {
    /// A generator drawing from `rng`.
    pub(crate) fn new(rng: Rng) -> Self {
        Generator {
            rng,
            buf: String::new(),
        }
    }

    /// Fills `row` with ticket number `i`, in header order.
    fn ticket(&mut self, i: u64, row: &mut Vec<String>) {
        row.clear();
        let theme = *self.rng.pick(THEMES);
        let team = *self.rng.pick(TEAMS);
        let summary_template = *self.rng.pick(theme.summaries);
        let summary = self.fill(summary_template, team);
        let key = format!("{}-{}", self.rng.pick(PROJECTS), 10_001 + i);
        let status = *self.rng.pick(STATUSES);
        let resolved_status = matches!(status, "Resolved" | "Closed" | "Done");
        let label1 = theme.label.to_string();
        let label2 = if self.rng.chance(60) {
            self.rng.pick(LABELS).to_string()
        } else {
            String::new()
        };
        let reporter = self.person();
        // Created between 2019-01-01 and 2024-12-31; resolved 0 to 120 days later.
        let created_day = days_from_civil(2019, 1, 1) + self.rng.below(6 * 365) as i64;
        let created = self.jira_date(created_day);
        let resolved = if resolved_status {
            let day = created_day + self.rng.below(121) as i64;
            self.jira_date(day)
        } else {
            String::new()
        };
        let description = self.description(theme, team);
        let comment = if self.rng.chance(70) {
            let day = created_day + self.rng.below(30) as i64;
            let date = self.jira_date(day);
            let author = self.user_id();
            let template = *self.rng.pick(COMMENTS);
            let text = self.fill(template, team);
            format!("{date};{author};{text}")
        } else {
            String::new()
        };
        row.extend([
            summary,
            key,
            status.to_string(),
            self.rng.pick(PRIORITIES).to_string(),
            self.rng.pick(TYPES).to_string(),
            label1,
            label2,
            team.to_string(),
            reporter,
            created,
            resolved,
            description,
            comment,
        ]);
    }

    fn person(&mut self) -> String {
        format!(
            "{} {}",
            self.rng.pick(FIRST_NAMES),
            self.rng.pick(LAST_NAMES)
        )
    }

    /// A Jira account-style id, as comments carry them.
    fn user_id(&mut self) -> String {
        format!("{:012x}", self.rng.next_u64() >> 16)
    }

    /// `30/Sep/21 17:20`.
    fn jira_date(&mut self, day: i64) -> String {
        let (y, m, d) = civil_from_days(day);
        let hour = self.rng.range(7, 20);
        let minute = self.rng.below(60);
        format!(
            "{d:02}/{}/{:02} {hour:02}:{minute:02}",
            MONTHS[m as usize - 1],
            y % 100
        )
    }

    /// Two to four paragraphs of one to three sentences, sometimes a `{code}` block, a closer.
    fn description(&mut self, theme: Theme, team: &str) -> String {
        let mut text = String::new();
        // Sentences are taken in order from a random start, so none repeats within a ticket.
        let mut next = self.rng.below(theme.sentences.len() as u64) as usize;
        let paragraphs = self.rng.range(1, 3);
        for p in 0..paragraphs {
            if p > 0 {
                text.push_str("\r\n\r\n");
            }
            let sentences = self.rng.range(1, 3);
            for s in 0..sentences {
                if s > 0 {
                    text.push(' ');
                }
                let template = theme.sentences[next % theme.sentences.len()];
                next += 1;
                let sentence = self.fill(template, team);
                text.push_str(&sentence);
            }
        }
        if !theme.code.is_empty() && self.rng.chance(12) {
            let template = *self.rng.pick(theme.code);
            let block = self.fill(template, team).replace('\n', "\r\n");
            text.push_str("\r\n\r\n");
            text.push_str(&block);
        }
        if self.rng.chance(40) {
            text.push_str("\r\n\r\n");
            let closer = *self.rng.pick(CLOSERS);
            text.push_str(closer);
        }
        text
    }

    /// Replaces the `{placeholders}` of a template; `{code}` and `{code:lang}` stay as written.
    pub(crate) fn fill(&mut self, template: &str, team: &str) -> String {
        self.buf.clear();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            self.buf.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                self.buf.push_str(&rest[open..]);
                rest = "";
                break;
            };
            let name = &after[..close];
            let value: String = match name {
                "svc" => self.rng.pick(SERVICES).to_string(),
                "repo" => self.rng.pick(REPOS).to_string(),
                "env" => self.rng.pick(ENVS).to_string(),
                "ci" => self.rng.pick(CI_TOOLS).to_string(),
                "tool" => self.rng.pick(LOCAL_TOOLS).to_string(),
                "os" => self.rng.pick(OSES).to_string(),
                "err" => self.rng.pick(ERRORS).to_string(),
                "k8s" => self.rng.pick(K8S_THINGS).to_string(),
                "secret" => self.rng.pick(SECRETS).to_string(),
                "alert" => self.rng.pick(ALERTS).to_string(),
                "docs" => self.rng.pick(DOC_TOPICS).to_string(),
                "test" => self.rng.pick(TESTS).to_string(),
                "team" => team.to_string(),
                "n" => self.rng.range(2, 45).to_string(),
                other => format!("{{{other}}}"),
            };
            self.buf.push_str(&value);
            rest = &after[close + 1..];
        }
        self.buf.push_str(rest);
        self.buf.clone()
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number since 1970-01-01: `(year, month, day)`.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// `30/Sep/21 17:20` → `2021-09-30`, for the generated format only (the tantivy-alone baseline
/// needs the evidence date without pulling in the importer's general date reader).
pub fn jira_day(s: &str) -> Option<String> {
    let mut parts = s.split([' ', '/']);
    let day = parts.next()?;
    let month = parts.next()?;
    let year = parts.next()?;
    let m = MONTHS.iter().position(|x| *x == month)? + 1;
    Some(format!("20{year}-{m:02}-{day}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use groundwork::import::dates::{self, DayOrder};

    fn generated(tickets: u64, seed: u64) -> Vec<u8> {
        let mut out = Vec::new();
        generate(tickets, seed, &mut out).unwrap();
        out
    }

    #[test]
    fn same_seed_gives_byte_identical_files() {
        let a = generated(2_000, 7);
        let b = generated(2_000, 7);
        assert_eq!(a, b);
        assert_ne!(a, generated(2_000, 8), "another seed gives another file");
        // A shorter run is a prefix of a longer one with the same seed.
        let short = generated(500, 7);
        assert_eq!(&a[..short.len()], &short[..]);
    }

    #[test]
    fn parses_as_csv_with_the_jira_header_and_n_records() {
        let n = 3_000;
        let bytes = generated(n, DEFAULT_SEED);
        let mut reader = csv::Reader::from_reader(&bytes[..]);
        let header: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_string)
            .collect();
        assert_eq!(header, HEADER);
        let mut keys = std::collections::HashSet::new();
        let mut multiline = 0;
        let mut code = 0;
        let mut quoted = 0;
        let mut count = 0;
        for rec in reader.records() {
            let rec = rec.unwrap();
            assert_eq!(rec.len(), HEADER.len());
            assert!(!rec[0].is_empty(), "every ticket has a summary");
            assert!(
                keys.insert(rec[1].to_string()),
                "keys are unique: {}",
                &rec[1]
            );
            let (project, number) = rec[1].split_once('-').unwrap();
            assert!(PROJECTS.contains(&project));
            assert!(number.parse::<u64>().is_ok());
            multiline += usize::from(rec[11].contains('\n'));
            code += usize::from(rec[11].contains("{code"));
            quoted += usize::from(rec[11].contains('"') && rec[11].contains(','));
            count += 1;
        }
        assert_eq!(count, n);
        assert!(
            multiline > 0 && code > 0 && quoted > 0,
            "{multiline} {code} {quoted}"
        );
    }

    #[test]
    fn about_600_bytes_per_ticket() {
        let n = 5_000;
        let per_ticket = generated(n, DEFAULT_SEED).len() as u64 / n;
        assert!(
            (500..=700).contains(&per_ticket),
            "{per_ticket} bytes per ticket"
        );
    }

    #[test]
    fn dates_parse_with_the_importers_reader() {
        let bytes = generated(2_000, 3);
        let mut reader = csv::Reader::from_reader(&bytes[..]);
        let mut resolved = 0;
        for rec in reader.records() {
            let rec = rec.unwrap();
            let created = dates::parse(&rec[9], DayOrder::DayFirst).unwrap();
            assert!(created.had_time);
            assert_eq!(
                created.local_date.format("%Y-%m-%d").to_string(),
                jira_day(&rec[9]).unwrap()
            );
            if !rec[10].is_empty() {
                let r = dates::parse(&rec[10], DayOrder::DayFirst).unwrap();
                assert!(r.local_date >= created.local_date);
                resolved += 1;
            }
            if !rec[12].is_empty() {
                let (date, _) = rec[12].split_once(';').unwrap();
                dates::parse(date, DayOrder::DayFirst).unwrap();
            }
        }
        assert!(resolved > 0);
    }

    #[test]
    fn civil_dates_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
        for day in days_from_civil(2018, 12, 25)..days_from_civil(2025, 3, 1) {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
    }
}
