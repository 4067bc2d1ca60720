//! Memory while importing: a generated Jira export of a small size (the baseline) and of 1 GiB,
//! each imported by the real workspace code in its own child process (the `phase groundwork`
//! subcommand) while this process samples the child's `/proc/<pid>/status` every 10 ms. The
//! import streams the file, so anonymous memory must not grow with the file's bytes. What does
//! grow is per document: the near-duplicate table (`search::dedup::GroupTable`, every document's
//! signature and group, kept for the whole workspace) takes about 140 bytes a ticket. The check
//! passes when the growth from the baseline is at most `--max-bytes-per-doc` per extra ticket and
//! the large import's peak stays under half the file's size.

use crate::generate;
use crate::import_bench::RESULT_PREFIX;
use crate::phases::BoxResult;
use std::io::BufWriter;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Options of `groundwork-bench memory`.
pub struct Options {
    /// Size of the large export, in MiB.
    pub mib: u64,
    /// Size of the baseline export, in MiB.
    pub baseline_mib: u64,
    /// Largest accepted growth of peak anonymous memory per extra document, in bytes.
    pub max_bytes_per_doc: f64,
    /// Generator seed.
    pub seed: u64,
    /// Print JSON.
    pub json: bool,
}

/// Bytes the generator writes per ticket, measured on 20 000 tickets.
fn bytes_per_ticket(seed: u64) -> BoxResult<f64> {
    let mut buf = Vec::new();
    generate::generate(20_000, seed, &mut buf)?;
    Ok(buf.len() as f64 / 20_000.0)
}

struct Run {
    mib: f64,
    tickets: u64,
    seconds: f64,
    /// Peak `RssAnon` sampled: heap and stacks, what the import itself holds.
    peak_anon_mb: f64,
    /// `VmHWM`: also counts the index and database pages mapped from disk.
    peak_rss_mb: f64,
}

fn status_kb(pid: u32, key: &str) -> Option<f64> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn import_once(dir: &Path, mib: u64, per_ticket: f64, seed: u64) -> BoxResult<Run> {
    let tickets = ((mib as f64 * 1024.0 * 1024.0) / per_ticket).ceil() as u64;
    let file = dir.join(format!("export-{mib}mib.csv"));
    eprintln!("generating {tickets} tickets (~{mib} MiB)");
    generate::generate(tickets, seed, BufWriter::new(std::fs::File::create(&file)?))?;
    let bytes = std::fs::metadata(&file)?.len();
    let ws = dir.join(format!("ws-{mib}"));
    eprintln!(
        "importing {:.0} MiB in a child process",
        bytes as f64 / 1048576.0
    );
    let start = Instant::now();
    let mut child = Command::new(std::env::current_exe()?)
        .args(["phase", "groundwork", "--file"])
        .arg(&file)
        .arg("--dir")
        .arg(&ws)
        .arg("--tickets")
        .arg(tickets.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()?;
    let pid = child.id();
    let (mut anon, mut hwm) = (0f64, 0f64);
    while child.try_wait()?.is_none() {
        if let Some(kb) = status_kb(pid, "RssAnon:") {
            anon = anon.max(kb);
        }
        if let Some(kb) = status_kb(pid, "VmHWM:") {
            hwm = hwm.max(kb);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let out = child.wait_with_output()?;
    let seconds = start.elapsed().as_secs_f64();
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() || !stdout.lines().any(|l| l.starts_with(RESULT_PREFIX)) {
        return Err(format!("the {mib} MiB import failed ({}): {stdout}", out.status).into());
    }
    std::fs::remove_file(&file)?;
    std::fs::remove_dir_all(&ws)?;
    Ok(Run {
        mib: bytes as f64 / 1048576.0,
        tickets,
        seconds,
        peak_anon_mb: anon / 1024.0,
        peak_rss_mb: hwm / 1024.0,
    })
}

/// Runs the baseline and the large import and compares their peak memory.
pub fn run(opts: &Options) -> BoxResult<()> {
    let tmp = tempfile::Builder::new()
        .prefix("groundwork-bench-memory-")
        .tempdir()?;
    let per_ticket = bytes_per_ticket(opts.seed)?;
    let small = import_once(tmp.path(), opts.baseline_mib, per_ticket, opts.seed)?;
    let large = import_once(tmp.path(), opts.mib, per_ticket, opts.seed)?;
    let ratio = large.peak_anon_mb / small.peak_anon_mb.max(1.0);
    let per_doc = (large.peak_anon_mb - small.peak_anon_mb) * 1048576.0
        / (large.tickets.saturating_sub(small.tickets)).max(1) as f64;
    let of_file = large.peak_anon_mb / large.mib.max(1e-9);
    let met = per_doc <= opts.max_bytes_per_doc && of_file <= 0.5;
    let line = |r: &Run| {
        format!(
            "{:>7.0} MiB ({:>9} tickets): {:>6.1} s, peak anonymous memory {:>6.0} MB, peak RSS {:>6.0} MB",
            r.mib, r.tickets, r.seconds, r.peak_anon_mb, r.peak_rss_mb
        )
    };
    if opts.json {
        let j = |r: &Run| {
            serde_json::json!({ "mib": r.mib, "tickets": r.tickets, "seconds": r.seconds,
                                "peak_anon_mb": r.peak_anon_mb, "peak_rss_mb": r.peak_rss_mb })
        };
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "baseline": j(&small), "large": j(&large),
                "anon_ratio": ratio, "bytes_per_extra_doc": per_doc,
                "max_bytes_per_doc": opts.max_bytes_per_doc, "peak_of_file": of_file, "met": met }))?
        );
    } else {
        println!("import memory (each import in its own process, sampled every 10 ms)");
        println!("  baseline {}", line(&small));
        println!("  large    {}", line(&large));
        println!(
            "  {:.0}× the file, {ratio:.2}× the anonymous memory: {per_doc:.0} bytes per extra ticket (bound ≤ {:.0}), peak {:.0} % of the file (bound ≤ 50 %): {}",
            large.mib / small.mib.max(1e-9),
            opts.max_bytes_per_doc,
            of_file * 100.0,
            if met { "MET" } else { "MISSED" }
        );
    }
    if met {
        Ok(())
    } else {
        Err(format!(
            "importing {:.0} MiB grew anonymous memory by {per_doc:.0} bytes per ticket over {:.0} MiB (bound {:.0}), peak {:.0} % of the file (bound 50 %)",
            large.mib, small.mib, opts.max_bytes_per_doc, of_file * 100.0
        )
        .into())
    }
}
