//! `groundwork-bench import`: generates one export, runs every phase in its own child process,
//! and reports wall time, throughput, peak memory and the ratios against the target.

use crate::generate;
use crate::phases::{BoxResult, PhaseResult};
use serde_json::{json, Value};
use std::io::BufWriter;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// The target: the app's import may take at most this many times as long as tantivy alone.
pub const TARGET_RATIO: f64 = 1.3;

/// Prefix of the line a child prints its result on.
pub const RESULT_PREFIX: &str = "GROUNDWORK-BENCH-RESULT ";

/// The phases compared, in the order they run.
pub const PHASES: [&str; 3] = ["groundwork", "tantivy", "fts5"];

/// Options of one `import` benchmark.
pub struct Options {
    /// Tickets in the generated export.
    pub tickets: u64,
    /// Repetitions of every phase (the median is reported).
    pub runs: u32,
    /// Generator seed.
    pub seed: u64,
    /// Print JSON instead of a table.
    pub json: bool,
    /// Also run the diagnostic `profile` phase.
    pub profile: bool,
}

/// Runs the benchmark and prints the report. Errors only when a phase fails or cannot run; a
/// missed target is a result, not an error.
pub fn run(opts: &Options) -> BoxResult<()> {
    let tmp = tempfile::Builder::new()
        .prefix("groundwork-bench-")
        .tempdir()?;
    let file = tmp.path().join("jira-export.csv");
    eprintln!(
        "generating {} tickets (seed {}) into {}",
        opts.tickets,
        opts.seed,
        file.display()
    );
    let started = Instant::now();
    {
        let out = BufWriter::new(std::fs::File::create(&file)?);
        generate::generate(opts.tickets, opts.seed, out)?;
    }
    let file_bytes = std::fs::metadata(&file)?.len();
    eprintln!(
        "  {:.1} MB, {} bytes/ticket, {:.1} s",
        file_bytes as f64 / 1e6,
        file_bytes / opts.tickets.max(1),
        started.elapsed().as_secs_f64()
    );

    let mut results: Vec<Vec<PhaseResult>> = vec![Vec::new(); PHASES.len()];
    for run in 0..opts.runs {
        for (i, phase) in PHASES.iter().enumerate() {
            eprintln!("run {}/{}: {phase}", run + 1, opts.runs);
            let dir = tmp.path().join(format!("{phase}-{run}"));
            let r = run_child(phase, &file, &dir, opts.tickets)?;
            eprintln!("  {:.2} s, peak {:.0} MB", r.seconds, r.peak_rss_mb);
            results[i].push(r);
            // Free the disk space (and page cache) before the next phase.
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    let profile = if opts.profile {
        eprintln!("profile (diagnostics)");
        let dir = tmp.path().join("profile");
        Some(run_child("profile", &file, &dir, opts.tickets)?)
    } else {
        None
    };

    let medians: Vec<PhaseResult> = results.iter().map(|runs| median(runs)).collect();
    let report = Report {
        tickets: opts.tickets,
        runs: opts.runs,
        seed: opts.seed,
        file_bytes,
        medians,
        all: results,
        profile,
    };
    if opts.json {
        println!("{}", serde_json::to_string_pretty(&report.to_json())?);
    } else {
        report.print();
    }
    Ok(())
}

/// Runs one phase in a fresh child process (the hidden `phase` subcommand of this executable).
fn run_child(phase: &str, file: &Path, dir: &Path, tickets: u64) -> BoxResult<PhaseResult> {
    let exe = std::env::current_exe()?;
    let output = Command::new(exe)
        .arg("phase")
        .arg(phase)
        .arg("--file")
        .arg(file)
        .arg("--dir")
        .arg(dir)
        .arg("--tickets")
        .arg(tickets.to_string())
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!("phase {phase} failed ({}): {stdout}", output.status).into());
    }
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix(RESULT_PREFIX))
        .ok_or_else(|| format!("phase {phase} printed no result: {stdout}"))?;
    let value: Value = serde_json::from_str(line)?;
    PhaseResult::from_json(&value).ok_or_else(|| format!("phase {phase}: bad result {line}").into())
}

/// The run with the median wall time (the lower middle one for an even count).
fn median(runs: &[PhaseResult]) -> PhaseResult {
    let mut sorted: Vec<&PhaseResult> = runs.iter().collect();
    sorted.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
    sorted[(sorted.len() - 1) / 2].clone()
}

struct Report {
    tickets: u64,
    runs: u32,
    seed: u64,
    file_bytes: u64,
    /// Median run of each phase, in [`PHASES`] order.
    medians: Vec<PhaseResult>,
    all: Vec<Vec<PhaseResult>>,
    profile: Option<PhaseResult>,
}

impl Report {
    fn ratio(&self, of: usize, to: usize) -> f64 {
        self.medians[of].seconds / self.medians[to].seconds
    }

    fn target_met(&self) -> bool {
        self.ratio(0, 1) <= TARGET_RATIO
    }

    fn rows_per_second(&self, r: &PhaseResult) -> f64 {
        self.tickets as f64 / r.seconds
    }

    fn to_json(&self) -> Value {
        let phase = |r: &PhaseResult| {
            let mut v = r.to_json();
            v["rows_per_second"] = json!(self.rows_per_second(r));
            v
        };
        json!({
            "benchmark": "import",
            "tickets": self.tickets,
            "runs": self.runs,
            "seed": self.seed,
            "file_bytes": self.file_bytes,
            "build": if cfg!(debug_assertions) { "debug" } else { "release" },
            "phases": self.medians.iter().map(phase).collect::<Vec<_>>(),
            "all_runs": self.all.iter().flatten().map(phase).collect::<Vec<_>>(),
            "ratios": {
                "groundwork_over_tantivy": self.ratio(0, 1),
                "groundwork_over_fts5": self.ratio(0, 2),
            },
            "target": {
                "description": format!("groundwork <= {TARGET_RATIO}x tantivy alone"),
                "max_ratio": TARGET_RATIO,
                "met": self.target_met(),
            },
            "profile": self.profile.as_ref().map(PhaseResult::to_json),
        })
    }

    fn print(&self) {
        let build = if cfg!(debug_assertions) {
            "debug build: times are not representative, use --release"
        } else {
            "release build"
        };
        println!();
        println!(
            "import benchmark: {} tickets, {:.1} MB Jira CSV, seed {}, median of {} run(s), {build}",
            self.tickets,
            self.file_bytes as f64 / 1e6,
            self.seed,
            self.runs
        );
        println!();
        println!(
            "{:<14} {:>10} {:>12} {:>15}",
            "phase", "wall (s)", "rows/s", "peak RSS (MB)"
        );
        for r in &self.medians {
            println!(
                "{:<14} {:>10.2} {:>12.0} {:>15.0}",
                r.phase,
                r.seconds,
                self.rows_per_second(r),
                r.peak_rss_mb
            );
        }
        println!();
        for r in &self.medians {
            println!("{}:", r.phase);
            for (step, seconds) in &r.breakdown {
                println!("  {step:<56} {seconds:>8.2} s");
            }
        }
        if let Some(p) = &self.profile {
            println!(
                "profile (diagnostics, one run, peak {:.0} MB):",
                p.peak_rss_mb
            );
            for (step, seconds) in &p.breakdown {
                if *seconds > 0.0 {
                    println!("  {step:<70} {seconds:>8.2} s");
                } else {
                    println!("  {step}");
                }
            }
        }
        println!();
        println!("groundwork / tantivy alone: {:.2}x", self.ratio(0, 1));
        println!("groundwork / SQLite FTS5:   {:.2}x", self.ratio(0, 2));
        println!("target: groundwork ≤ {TARGET_RATIO}× tantivy alone");
        if self.target_met() {
            println!("MET ({:.2}x ≤ {TARGET_RATIO}x)", self.ratio(0, 1));
        } else {
            println!(
                "MISSED: groundwork takes {:.2}x as long as tantivy alone (target ≤ {TARGET_RATIO}x)",
                self.ratio(0, 1)
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(phase: &str, seconds: f64) -> PhaseResult {
        PhaseResult {
            phase: phase.into(),
            seconds,
            peak_rss_mb: 10.0,
            docs: 5,
            breakdown: vec![("step".into(), seconds / 2.0)],
        }
    }

    #[test]
    fn median_picks_the_middle_run() {
        let runs = [result("a", 3.0), result("a", 1.0), result("a", 2.0)];
        assert_eq!(median(&runs).seconds, 2.0);
        assert_eq!(median(&runs[..1]).seconds, 3.0);
    }

    #[test]
    fn results_round_trip_through_json() {
        let r = result("tantivy", 1.5);
        let back = PhaseResult::from_json(&r.to_json()).unwrap();
        assert_eq!(back.phase, "tantivy");
        assert_eq!(back.seconds, 1.5);
        assert_eq!(back.breakdown, r.breakdown);
    }

    #[test]
    fn target_uses_the_ratio_to_tantivy() {
        let mut report = Report {
            tickets: 100,
            runs: 1,
            seed: 1,
            file_bytes: 1,
            medians: vec![
                result("groundwork", 1.3),
                result("tantivy", 1.0),
                result("fts5", 2.0),
            ],
            all: Vec::new(),
            profile: None,
        };
        assert!(report.target_met());
        report.medians[0].seconds = 1.31;
        assert!(!report.target_met());
        assert_eq!(report.to_json()["target"]["met"], json!(false));
    }
}
