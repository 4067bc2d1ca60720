//! `groundwork-bench`: Groundwork's benchmark suite.
//!
//! - `generate` writes a realistic, deterministic Jira CSV export about developer-platform pain.
//! - `import` measures importing such an export into a workspace against two baselines (tantivy
//!   alone and SQLite FTS5), each phase in its own child process.
//! - `search` measures search latency against the same baselines, and the command palette
//!   keystroke by keystroke.
//! - `transcripts` measures importing one-hour interview transcripts against the same text as
//!   notes, and search with `role:participant` against the same query without it.
//! - `responsiveness` measures search, the palette and Cancel during an in-app import, through the
//!   app's `Session`.
//! - `similar` measures "find more like these" on real human-coded Jira stories (mean average
//!   precision against a TF-IDF centroid baseline) and its latency over 100,000 passages.
//! - `coding` measures applying a code to one more passage and recounting the theme that stands on
//!   it, over 100,000 documents and 100,000 coded passages. See `bench/README.md`.

mod coding_bench;
mod export_bench;
mod formats;
mod generate;
mod import_bench;
mod memory_bench;
mod phases;
mod rank_bench;
mod responsiveness_bench;
mod rng;
mod search_bench;
mod similar_bench;
mod transcripts;
mod transcripts_bench;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "groundwork-bench",
    version,
    about = "Groundwork's benchmark suite"
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Write a synthetic Jira CSV export (same seed, byte-identical file).
    Generate {
        /// Number of tickets.
        #[arg(long)]
        tickets: u64,
        /// Output file.
        #[arg(long)]
        out: PathBuf,
        /// Generator seed.
        #[arg(long, default_value_t = generate::DEFAULT_SEED)]
        seed: u64,
    },
    /// Measure importing an export: groundwork vs tantivy alone vs SQLite FTS5.
    Import {
        /// Number of tickets in the generated export.
        #[arg(long, default_value_t = 100_000)]
        tickets: u64,
        /// Runs of every phase; the median is reported.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
        runs: u32,
        /// Generator seed.
        #[arg(long, default_value_t = generate::DEFAULT_SEED)]
        seed: u64,
        /// Print the results as JSON.
        #[arg(long)]
        json: bool,
        /// Also time the importer's steps one by one (diagnostics; one extra child process).
        #[arg(long)]
        profile: bool,
    },
    /// Import a generated Jira export and the same tickets as a GitHub JSON array, a survey CSV,
    /// an XLSX sheet and a notes folder (1 GiB of Jira, 128 MiB of the others by default), each
    /// at a baseline and a large size in its own process, and check that peak anonymous memory grows only per record, never
    /// with the file's bytes (exit 1 when it does).
    Memory {
        /// Size of the large Jira export, in MiB.
        #[arg(long, default_value_t = 1024)]
        mib: u64,
        /// Size of the baseline Jira export, in MiB.
        #[arg(long, default_value_t = 64)]
        baseline_mib: u64,
        /// Size of the large export every other kind is made from, in MiB (small by default to
        /// keep CI short; 1024 by hand).
        #[arg(long, default_value_t = 128)]
        others_mib: u64,
        /// Size of the baseline export every other kind is made from, in MiB.
        #[arg(long, default_value_t = 48)]
        others_baseline_mib: u64,
        /// The kinds to measure, comma-separated: jira-csv, github-json, survey-csv, xlsx, notes.
        #[arg(
            long,
            value_delimiter = ',',
            default_value = "jira-csv,github-json,survey-csv,xlsx,notes"
        )]
        kinds: Vec<String>,
        /// Largest accepted growth of peak anonymous memory per extra ticket, in bytes.
        #[arg(long, default_value_t = 256.0)]
        max_bytes_per_doc: f64,
        /// Generator seed.
        #[arg(long, default_value_t = generate::DEFAULT_SEED)]
        seed: u64,
        /// Print the results as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Measure search (p50/p99 with snippets and facets) against bare tantivy and SQLite FTS5,
    /// and the command palette keystroke by keystroke, over one generated export.
    Search {
        /// Number of tickets in the generated export.
        #[arg(long, default_value_t = 100_000)]
        tickets: u64,
        /// Timed passes over the query set (after one warm-up pass).
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
        rounds: u32,
        /// Generator seed.
        #[arg(long, default_value_t = generate::DEFAULT_SEED)]
        seed: u64,
        /// Print the results as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Measure ranking: re-rank 10k items with evidence aggregation over 1M links, live re-rank
    /// of 1k items while a weight slides, and 1,000 sensitivity runs over 1k items, against a
    /// plain sort of precomputed scores.
    Rank {
        /// Items in the large workspace.
        #[arg(long, default_value_t = 10_000)]
        items: u64,
        /// Evidence links in the large workspace.
        #[arg(long, default_value_t = 1_000_000)]
        links: u64,
        /// Documents the links point at.
        #[arg(long, default_value_t = 100_000)]
        documents: u64,
        /// Items in the live workspace.
        #[arg(long, default_value_t = 1_000)]
        live_items: u64,
        /// Monte Carlo runs per sensitivity measurement.
        #[arg(long, default_value_t = 1_000)]
        runs: u32,
        /// Timed repetitions of each measurement.
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
        rounds: u32,
        /// Generator seed.
        #[arg(long, default_value_t = generate::DEFAULT_SEED)]
        seed: u64,
        /// Print the results as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Measure exports: the ranked roadmap of 1k items with their evidence to every format (and
    /// anonymized), search results and themes, against ranking the same items and writing the
    /// same number of bytes.
    Export {
        /// Roadmap items.
        #[arg(long, default_value_t = 1_000)]
        items: u64,
        /// Evidence links per item.
        #[arg(long, default_value_t = 100)]
        links: u64,
        /// Documents the links point at.
        #[arg(long, default_value_t = 20_000)]
        documents: u64,
        /// Timed repetitions of each export.
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
        rounds: u32,
        /// Generator seed.
        #[arg(long, default_value_t = generate::DEFAULT_SEED)]
        seed: u64,
        /// Print the results as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Measure importing a folder of one-hour interview transcripts (Zoom WebVTT) against the same
    /// text as Markdown notes, and search with `role:participant` against the same query without it.
    Transcripts {
        /// Transcripts (and notes) in the generated folders.
        #[arg(long, default_value_t = 100)]
        files: u64,
        /// Length of each interview, in minutes.
        #[arg(long, default_value_t = 60)]
        minutes: u64,
        /// Runs of each import (order alternating); best and median are reported.
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
        runs: u32,
        /// Timed repetitions of each query, with and without the filter.
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
        rounds: u32,
        /// Generator seed.
        #[arg(long, default_value_t = generate::DEFAULT_SEED)]
        seed: u64,
        /// Print the results as JSON.
        #[arg(long)]
        json: bool,
        /// Also time the imports' pieces one by one (diagnostics).
        #[arg(long)]
        profile: bool,
    },
    /// Measure search, the palette and Cancel while an in-app import runs: the same searches and
    /// palette keystrokes idle and during an `import_file` of a generated export through the
    /// app's `Session`, then `cancel_import` and the time until the import returns.
    Responsiveness {
        /// Tickets in the export imported (and cancelled).
        #[arg(long, default_value_t = 1_000_000)]
        tickets: u64,
        /// Generated tickets in the workspace before that import, besides the demo data.
        #[arg(long, default_value_t = 100_000)]
        seed_tickets: u64,
        /// Searches (and palette keystrokes) idle, and again during the import.
        #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..))]
        samples: u32,
        /// Milliseconds between two searches.
        #[arg(long, default_value_t = 100)]
        interval_ms: u64,
        /// Rows the import must have stored before the measurement during it starts.
        #[arg(long, default_value_t = 50_000)]
        start_rows: u64,
        /// Generator seed.
        #[arg(long, default_value_t = generate::DEFAULT_SEED)]
        seed: u64,
        /// Print the results as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Measure "find more like these": mean average precision on real Jira stories (the project
    /// is the human's code) against a TF-IDF centroid baseline, and p50/p95 over generated tickets.
    Similar {
        /// The shared data folder holding tickets/storypoint-jira.
        #[arg(long, default_value = "../shared/data")]
        data: PathBuf,
        /// Seed draws (3 stories each) per project.
        #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..))]
        draws: u32,
        /// Generated tickets for the speed measurement (0: skip it).
        #[arg(long, default_value_t = 50_000)]
        tickets: u64,
        /// Timed calls after the first.
        #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
        rounds: u32,
        /// Also rank with other settings of the model (diagnostics).
        #[arg(long)]
        sweep: bool,
        /// Seed of the draws and the generator.
        #[arg(long, default_value_t = generate::DEFAULT_SEED)]
        seed: u64,
        /// Print the results as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Measure applying a code to one more passage and recounting the theme standing on it, over
    /// generated documents and coded passages, against the recount of the theme's query alone.
    Coding {
        /// Generated tickets imported.
        #[arg(long, default_value_t = 100_000)]
        tickets: u64,
        /// Coded passages made before the measurement.
        #[arg(long, default_value_t = 100_000)]
        highlights: u64,
        /// Timed actions (code a passage, recount).
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
        rounds: u32,
        /// Seed of the generator and of the passages.
        #[arg(long, default_value_t = generate::DEFAULT_SEED)]
        seed: u64,
        /// Print the results as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Run one measured phase in this process (used by `import`).
    #[command(hide = true)]
    Phase {
        /// Which phase.
        name: PhaseName,
        /// The export to import.
        #[arg(long)]
        file: PathBuf,
        /// A fresh folder for the workspace or index.
        #[arg(long)]
        dir: PathBuf,
        /// Tickets the export holds (verified at the end).
        #[arg(long)]
        tickets: u64,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum PhaseName {
    Groundwork,
    Tantivy,
    Fts5,
    Profile,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome: phases::BoxResult<()> = match cli.command {
        Cmd::Generate { tickets, out, seed } => std::fs::File::create(&out)
            .and_then(|f| generate::generate(tickets, seed, std::io::BufWriter::new(f)))
            .map_err(|e| format!("cannot write {}: {e}", out.display()).into()),
        Cmd::Import {
            tickets,
            runs,
            seed,
            json,
            profile,
        } => import_bench::run(&import_bench::Options {
            tickets,
            runs,
            seed,
            json,
            profile,
        }),
        Cmd::Memory {
            mib,
            baseline_mib,
            others_mib,
            others_baseline_mib,
            kinds,
            max_bytes_per_doc,
            seed,
            json,
        } => kinds
            .iter()
            .map(|k| formats::Kind::parse(k).ok_or_else(|| format!("unknown kind {k:?}")))
            .collect::<Result<Vec<_>, _>>()
            .map_err(Into::into)
            .and_then(|kinds| {
                memory_bench::run(&memory_bench::Options {
                    mib,
                    baseline_mib,
                    others_mib,
                    others_baseline_mib,
                    kinds,
                    max_bytes_per_doc,
                    seed,
                    json,
                })
            }),
        Cmd::Search {
            tickets,
            rounds,
            seed,
            json,
        } => search_bench::run(&search_bench::Options {
            tickets,
            seed,
            rounds,
            json,
        }),
        Cmd::Rank {
            items,
            links,
            documents,
            live_items,
            runs,
            rounds,
            seed,
            json,
        } => rank_bench::run(&rank_bench::Options {
            items,
            links,
            documents,
            live_items,
            runs,
            rounds,
            seed,
            json,
        }),
        Cmd::Export {
            items,
            links,
            documents,
            rounds,
            seed,
            json,
        } => export_bench::run(&export_bench::Options {
            items,
            links,
            documents,
            rounds,
            seed,
            json,
        }),
        Cmd::Transcripts {
            files,
            minutes,
            runs,
            rounds,
            seed,
            json,
            profile,
        } => transcripts_bench::run(&transcripts_bench::Options {
            files,
            minutes,
            runs,
            rounds,
            seed,
            json,
            profile,
        }),
        Cmd::Responsiveness {
            tickets,
            seed_tickets,
            samples,
            interval_ms,
            start_rows,
            seed,
            json,
        } => responsiveness_bench::run(&responsiveness_bench::Options {
            tickets,
            seed_tickets,
            samples,
            interval_ms,
            start_rows,
            seed,
            json,
        }),
        Cmd::Similar {
            data,
            draws,
            tickets,
            rounds,
            sweep,
            seed,
            json,
        } => similar_bench::run(&similar_bench::Options {
            data,
            draws,
            seed,
            tickets,
            rounds,
            sweep,
            json,
        }),
        Cmd::Coding {
            tickets,
            highlights,
            rounds,
            seed,
            json,
        } => coding_bench::run(&coding_bench::Options {
            tickets,
            highlights,
            rounds,
            seed,
            json,
        }),
        Cmd::Phase {
            name,
            file,
            dir,
            tickets,
        } => {
            let result = match name {
                PhaseName::Groundwork => phases::groundwork(&file, &dir, tickets),
                PhaseName::Tantivy => phases::tantivy_alone(&file, &dir, tickets),
                PhaseName::Fts5 => phases::fts5(&file, &dir, tickets),
                PhaseName::Profile => phases::profile(&file, &dir, tickets),
            };
            result.map(|r| println!("{}{}", import_bench::RESULT_PREFIX, r.to_json()))
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("groundwork-bench: {e}");
            ExitCode::FAILURE
        }
    }
}
