//! `groundwork`: the command-line host over the core. Everything the app does, this can do.
//! Exit codes: 0 ok, 1 failure, 2 bad input or usage (message on stderr).

mod codes;
mod guides;
mod metrics;
mod people;
mod roadmap;
mod serve;
mod similar;
mod suggest;

use clap::{Args, Parser, Subcommand};
use groundwork::import::{ColumnMap, Format, ImportKind, ImportOptions};
use groundwork::research::demo;
use groundwork::research::interviews::{Interview, InterviewFilter, InterviewInput};
use groundwork::research::teams::TeamInput;
use groundwork::search::themes::ThemeInput;
use groundwork::search::{Granularity, SearchRequest, SortBy};
use groundwork::surveys::{FacetFilter, SurveySummary};
use groundwork::{ApiError, Error, Result, Workspace};
use serde::Serialize;
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

#[derive(Parser)]
#[command(
    name = "groundwork",
    version,
    about = "Developer research and roadmap scoring for platform teams, offline."
)]
struct Cli {
    /// Workspace folder (default: the platform data directory).
    #[arg(long, global = true, env = "GROUNDWORK_WORKSPACE", value_name = "DIR")]
    workspace: Option<PathBuf>,
    /// Print machine-readable JSON on stdout.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create (or open) the workspace and print where it is.
    Init,
    /// Seed the workspace with the demo teams and interviews.
    Demo,
    /// Log and manage developer interviews.
    #[command(subcommand)]
    Interview(InterviewCmd),
    /// Interview guides: the questions, the interviews that followed them, what each answered.
    #[command(subcommand)]
    Guide(guides::GuideCmd),
    /// Coded passages: code a passage of a document, list a code's passages, uncode, remove.
    #[command(subcommand)]
    Code(codes::CodeCmd),
    /// The codebook: codes in a tree; list, add, rename, describe, move, merge, delete; matrix --teams / --cooccurrence.
    #[command(subcommand)]
    Codebook(codes::CodebookCmd),
    /// Manage teams and their headcount.
    #[command(subcommand)]
    Team(TeamCmd),
    /// The engineers behind the evidence: list, show, add, alias, merge, split, unlinked, suggest.
    #[command(subcommand)]
    People(people::PeopleCmd),
    /// Research coverage: per team, interviews and people heard in the last 90 days and the last
    /// contact; teams never interviewed; themes resting on one person or one team.
    Coverage,
    /// Search every document: words, "phrases", AND/OR/NOT, -word, parentheses, kind: team:
    /// tag: source: author: status: speaker:"Dana" role:participant|interviewer|any filters,
    /// date:2026-01..2026-03, since:30d, deploy~, kube*.
    Search {
        /// The query.
        #[arg(allow_hyphen_values = true)]
        query: String,
        /// Most hits to print.
        #[arg(long, default_value_t = 20)]
        limit: u32,
        /// Hits to skip.
        #[arg(long, default_value_t = 0)]
        offset: u32,
        /// Order: relevance (BM25) or date (newest first).
        #[arg(long, default_value = "relevance", value_parser = ["relevance", "date"])]
        sort: String,
        /// Also count matches per kind, team, tag, source and month.
        #[arg(long)]
        facets: bool,
    },
    /// Import tickets (Jira CSV, GitHub JSON), surveys (Google Forms, Qualtrics, Typeform) or notes.
    Import(ImportArgs),
    /// List import batches, undo one or redo it.
    #[command(subcommand)]
    Imports(ImportsCmd),
    /// What undone imports, survey re-imports and deletes removed: list, restore, purge.
    #[command(subcommand)]
    Trash(TrashCmd),
    /// Imported surveys and their summaries.
    #[command(subcommand)]
    Surveys(SurveysCmd),
    /// Find anything by name, as the command palette does (fuzzy): interviews, tickets, notes,
    /// surveys, themes, teams and app actions.
    Palette {
        /// What to find.
        #[arg(allow_hyphen_values = true, default_value = "")]
        query: String,
        /// Most matches to print.
        #[arg(long, default_value_t = 12)]
        limit: usize,
    },
    /// Print a document in full, with the matches of a query marked.
    Open {
        /// Document id (from `search`).
        id: i64,
        /// Mark the matches of this query.
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        query: String,
    },
    /// Themes: saved queries that recount as evidence arrives.
    #[command(subcommand)]
    Theme(ThemeCmd),
    /// Find more like these: uncoded passages most like a code's passages (or given ones).
    Similar(similar::SimilarArgs),
    /// Terms and phrases that stand out in the workspace's prose, to save as themes; with
    /// --clusters, grouped by the documents they share (see `suggest --help`).
    #[command(visible_alias = "suggest", after_long_help = suggest::CLUSTERS_HELP)]
    SuggestThemes {
        /// Most suggestions (or clusters) to print.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Group the suggestions into clusters of phrases that occur in the same documents, each
        /// with a label, a draft query and up to three passages to code.
        #[arg(long)]
        clusters: bool,
    },
    /// Roadmap items: add, edit, list, show, link evidence, make one from a theme or a quote.
    #[command(subcommand)]
    Item(roadmap::ItemCmd),
    /// Scoring models: list, show, set (create or change), reset.
    #[command(subcommand)]
    Model(roadmap::ModelCmd),
    /// Rank the roadmap items with a model; every score with its breakdown.
    Rank(roadmap::RankArgs),
    /// How stable the ranking is: each item's rank interval and chance of the top N over seeded
    /// Monte Carlo runs that move the weights and the inputs with a range.
    Sensitivity(roadmap::SensitivityArgs),
    /// Two models side by side: rank moves and Spearman's rank correlation.
    Compare {
        /// Model A.
        a: String,
        /// Model B.
        b: String,
        /// A team's view.
        #[arg(long)]
        team: Option<String>,
    },
    /// Saved rankings: save one for a review, list them, diff two.
    #[command(subcommand)]
    Snapshot(roadmap::SnapshotCmd),
    /// Delivery metrics: import deployments, incidents or series; show DORA metrics per team.
    #[command(subcommand)]
    Metrics(metrics::MetricsCmd),
    /// A shipped item's before/after on the metrics it should move (and link them).
    Impact(metrics::ImpactArgs),
    /// What shipped items' realized impact suggests for the confidence of planned items with the
    /// same metrics; --apply applies it, kept apart from the confidence typed.
    Learn {
        /// Apply the track record: each factor is stored apart from the typed confidence and scales
        /// it when items are ranked (applying again changes nothing).
        #[arg(long)]
        apply: bool,
    },
    /// Export the ranked roadmap: html (the review pack), csv, xlsx, md or json (the review pack's
    /// versioned schema), every format anonymized unless --no-anonymize. With --search or --themes: research
    /// evidence as csv, md or json. With --qdpx or --qdc: the coding project as REFI-QDA.
    Export {
        /// Format.
        #[arg(long, value_parser = ["html", "csv", "xlsx", "md", "json"], required_unless_present_any = ["qdpx", "qdc"])]
        format: Option<String>,
        /// The file to write (replaced atomically).
        #[arg(long, required_unless_present_any = ["qdpx", "qdc"])]
        out: Option<PathBuf>,
        /// Write the whole coding project (documents, codebook, coded passages) as a REFI-QDA
        /// project (.qdpx) for QualCoder, ATLAS.ti, NVivo or MAXQDA.
        #[arg(long, value_name = "FILE", conflicts_with_all = ["format", "out", "qdc"])]
        qdpx: Option<PathBuf>,
        /// Write the codebook as a REFI-QDA codebook (.qdc).
        #[arg(long, value_name = "FILE", conflicts_with_all = ["format", "out"])]
        qdc: Option<PathBuf>,
        /// Model to rank with.
        #[arg(long, default_value = "rice")]
        model: String,
        /// A team's view.
        #[arg(long)]
        team: Option<String>,
        /// Show what moved since this snapshot.
        #[arg(long)]
        compare: Option<String>,
        /// Replace people's names and emails with labels such as "engineer 3 (payments)".
        #[arg(long, conflicts_with = "no_anonymize")]
        anonymize: bool,
        /// Keep names (every format is anonymized by default: exports leave the machine).
        #[arg(long)]
        no_anonymize: bool,
        /// Export every match of this search instead of the roadmap.
        #[arg(long, value_name = "QUERY", conflicts_with_all = ["themes", "theme"])]
        search: Option<String>,
        /// Export every theme with its figures, quotes and strongest evidence.
        #[arg(long, conflicts_with = "theme")]
        themes: bool,
        /// Export this theme (name or id; repeat for several).
        #[arg(long, value_name = "NAME")]
        theme: Vec<String>,
    },
    /// Rebuild the search index from the database.
    Reindex,
    /// Show what the workspace holds.
    Status,
    /// Copy the workspace's database to FILE (SQLite online backup: safe while the app runs).
    Backup {
        /// The backup file to write (must not exist).
        file: PathBuf,
    },
    /// Replace the workspace with the backup FILE. The current database is saved to the
    /// workspace's backups/ folder first; an older backup is migrated; the index is rebuilt.
    Restore {
        /// The backup file to restore.
        file: PathBuf,
    },
    /// Check the database (integrity, foreign keys, whole import batches) and that the search
    /// index holds exactly the live documents. Exit code 1 when anything is wrong.
    Check,
    /// Answer the app's commands as JSON lines on stdin/stdout (what the UI's tests and its
    /// browser dev mode talk to).
    Serve(serve::ServeArgs),
}

#[derive(Args)]
struct ImportArgs {
    /// The file (or folder of notes and transcripts) to import.
    file: PathBuf,
    /// What the file holds (default: detected from its content).
    #[arg(long, value_parser = ["tickets", "survey", "notes", "transcript"])]
    kind: Option<String>,
    /// How to read it.
    #[arg(long, default_value = "auto", value_parser = ["auto", "jira-csv", "github-json", "csv", "xlsx", "google-forms", "qualtrics", "typeform", "markdown", "transcript"])]
    format: String,
    /// Who a transcript speaker is: LABEL=interviewer, LABEL=participant or
    /// LABEL=participant:PERSON (the label stands for that person). Remembered for later imports;
    /// speakers not named get the remembered role, else a guess (the preview shows it).
    #[arg(long = "speaker", value_name = "LABEL=ROLE[:PERSON]")]
    speakers: Vec<String>,
    /// Map a column to a field: HEADER=FIELD. Tickets: key, id, title, body, comment, status,
    /// priority, type, labels, reporter, component, team, created, resolved, url, ignore.
    /// Surveys: likert, nps, single, multiple, numeric, text, team, role, tenure, attribute,
    /// respondent, submitted, ignore.
    #[arg(long = "map", value_name = "HEADER=FIELD")]
    maps: Vec<String>,
    /// Text encoding (default: detected): utf-8, utf-16le, utf-16be, windows-1252.
    #[arg(long)]
    encoding: Option<String>,
    /// Read and check everything, print the summary, store nothing.
    #[arg(long)]
    dry_run: bool,
    /// Show the detected format, encoding, column mapping and first rows; store nothing.
    #[arg(long, conflicts_with = "dry_run")]
    preview: bool,
    /// Go ahead even though the import moves documents carrying quotes or roadmap links to the
    /// trash (a survey re-import whose free-text column became a choice column).
    #[arg(long)]
    force: bool,
}

#[derive(Subcommand)]
enum ImportsCmd {
    /// Every import batch, newest first.
    List,
    /// Take an import back: documents it created go to the trash (with their quotes and links),
    /// documents it updated get their old content. Refused (exit 2) when quotes or roadmap links
    /// rest on what would go, unless --force.
    Undo {
        /// Batch id (see `imports list`).
        batch: i64,
        /// Go ahead even though quotes or roadmap links rest on the documents.
        #[arg(long)]
        force: bool,
    },
    /// Do an undone import again: its documents come back from the trash whole.
    Redo {
        /// Batch id (see `imports list`).
        batch: i64,
    },
}

#[derive(Subcommand)]
enum TrashCmd {
    /// What is in the trash, newest first.
    List,
    /// Bring an entry back whole (an undone import is redone).
    Restore {
        /// Entry id (see `trash list`).
        id: i64,
    },
    /// Delete an entry's documents for good, with their quotes and links.
    Purge {
        /// Entry id (see `trash list`).
        id: i64,
    },
    /// Purge every entry.
    Empty,
}

#[derive(Subcommand)]
enum ThemeCmd {
    /// Save a query as a theme.
    Add {
        /// Name ("Slow CI").
        name: String,
        /// The query that finds its evidence.
        #[arg(allow_hyphen_values = true)]
        query: String,
    },
    /// Rename a theme or change its query.
    Edit {
        /// Theme name or id.
        theme: String,
        /// New name.
        #[arg(long)]
        name: Option<String>,
        /// New query.
        #[arg(long, allow_hyphen_values = true)]
        query: Option<String>,
    },
    /// Every theme with its count, teams and people.
    List,
    /// A theme's count, teams, people, trend, per-team breakdown, strongest evidence and quotes.
    Show {
        /// Theme name or id.
        theme: String,
        /// Trend buckets.
        #[arg(long, default_value = "month", value_parser = ["week", "month"])]
        by: String,
    },
    /// Delete a theme (and its quotes).
    Delete {
        /// Theme name or id.
        theme: String,
    },
    /// Pin a passage of a document to a theme.
    Pin {
        /// Theme name or id.
        theme: String,
        /// Document id (from `search`).
        document: i64,
        /// The passage.
        text: String,
    },
    /// Remove a pinned quote (its passage stays coded).
    Unpin {
        /// Quote id (from `theme show`).
        quote: i64,
    },
    /// Stand the theme on a code too: the code's passages (and its children's) count as the
    /// theme's evidence.
    Code {
        /// Theme name or id.
        theme: String,
        /// Code path or id.
        code: String,
    },
    /// The theme no longer stands on a code.
    Uncode {
        /// Theme name or id.
        theme: String,
        /// Code path or id.
        code: String,
    },
    /// A document is not about the theme ("not about this"): it no longer counts towards it.
    Reject {
        /// Theme name or id.
        theme: String,
        /// Document id (from `theme show` or `search`).
        document: i64,
    },
    /// Take back a rejection.
    Unreject {
        /// Theme name or id.
        theme: String,
        /// Document id.
        document: i64,
    },
}

#[derive(Subcommand)]
enum SurveysCmd {
    /// Every imported survey.
    List,
    /// A survey's summary: NPS, CSAT, mean Likert and distributions per question and per team.
    Show {
        /// Survey id (see `surveys list`).
        id: i64,
        /// Only respondents whose attribute COLUMN (or team, role, tenure) is VALUE; repeatable.
        #[arg(long = "where", value_name = "COLUMN=VALUE")]
        filters: Vec<String>,
    },
}

#[derive(Args)]
struct InterviewFields {
    /// Title.
    #[arg(long)]
    title: Option<String>,
    /// Who was interviewed.
    #[arg(long)]
    participant: Option<String>,
    /// Their team (created if new).
    #[arg(long)]
    team: Option<String>,
    /// Their role.
    #[arg(long)]
    role: Option<String>,
    /// Interview date, YYYY-MM-DD (default: today, when adding).
    #[arg(long)]
    date: Option<String>,
    /// Who ran the interview.
    #[arg(long)]
    interviewer: Option<String>,
    /// A tag (repeat, or separate with commas).
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// A pain point (repeat for more).
    #[arg(long = "pain-point", value_name = "TEXT")]
    pain_points: Vec<String>,
    /// Markdown notes.
    #[arg(long, conflicts_with = "body_file")]
    body: Option<String>,
    /// Read the Markdown notes from a file (`-` for stdin).
    #[arg(long, value_name = "FILE")]
    body_file: Option<PathBuf>,
}

#[derive(Subcommand)]
enum InterviewCmd {
    /// Log a new interview; prints its id.
    Add(InterviewFields),
    /// Change fields of an interview (only the ones given; --tag replaces all tags).
    Edit {
        /// Interview id.
        id: i64,
        #[command(flatten)]
        fields: InterviewFields,
    },
    /// List interviews, newest first.
    List {
        /// Only this team.
        #[arg(long)]
        team: Option<String>,
        /// Only this role.
        #[arg(long)]
        role: Option<String>,
        /// Only interviews with this tag.
        #[arg(long)]
        tag: Option<String>,
        /// From this date (YYYY-MM-DD, inclusive).
        #[arg(long)]
        from: Option<String>,
        /// Up to this date (YYYY-MM-DD, inclusive).
        #[arg(long)]
        to: Option<String>,
    },
    /// Print one interview.
    Show {
        /// Interview id.
        id: i64,
    },
    /// Delete an interview (undo with `restore`).
    Delete {
        /// Interview id.
        id: i64,
    },
    /// Undo a delete.
    Restore {
        /// Interview id.
        id: i64,
    },
}

#[derive(Subcommand)]
enum TeamCmd {
    /// Add a team.
    Add {
        /// Team name.
        name: String,
        /// Engineers on the team.
        #[arg(long, allow_negative_numbers = true)]
        headcount: Option<i64>,
    },
    /// Change a team's name or headcount.
    Set {
        /// Current team name.
        name: String,
        /// New headcount.
        #[arg(long, allow_negative_numbers = true)]
        headcount: Option<i64>,
        /// New name.
        #[arg(long)]
        rename: Option<String>,
    },
    /// List teams with headcount and interview count.
    List,
    /// Delete a team no document refers to.
    Delete {
        /// Team name.
        name: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = cli.json;
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let user_error = e.is_user_error();
            let api = ApiError::from(e);
            if json {
                eprintln!("{}", serde_json::json!({ "error": api }));
            } else {
                let hint = if api.code == groundwork::ErrorCode::NeedsConfirmation {
                    " (--force)"
                } else {
                    cli_hint(api.field.as_deref())
                };
                eprintln!("groundwork: {}{hint}", api.message);
            }
            ExitCode::from(if user_error { 2 } else { 1 })
        }
    }
}

/// The core's messages name no host's controls (the app shows them too); the CLI says which of
/// its options a field error is about.
fn cli_hint(field: Option<&str>) -> &'static str {
    match field {
        Some("map") => " (--map COLUMN=FIELD)",
        Some("kind") => " (--kind)",
        Some("workspace") => " (--workspace DIR)",
        _ => "",
    }
}

/// Prints what a REFI-QDA export wrote.
fn refi_export(json: bool, r: groundwork::research::refi::RefiExportReport) {
    print(json, &r, |r| {
        let mut out = format!(
            "wrote {} ({} bytes): {} code(s), {} document(s), {} coded passage(s)",
            r.path, r.bytes, r.codes, r.sources, r.passages
        );
        for w in &r.warnings {
            out += &format!("\nwarning: {w}");
        }
        out
    });
}

/// Imports a REFI-QDA project or codebook and prints what it did.
fn refi_import(ws: &Workspace, json: bool, file: &std::path::Path, dry_run: bool) -> Result<()> {
    let r = ws.import_refi(file, dry_run)?;
    print(json, &r, |r| {
        let mut out = format!(
            "imported {} ({}{}): {} code(s) added, {} reused; {} document(s) as notes, {} coded passage(s)",
            r.file,
            r.format,
            if r.origin.is_empty() { String::new() } else { format!(", from {}", r.origin) },
            r.codes_added.len(),
            r.codes_reused.len(),
            r.documents.len(),
            r.passages
        );
        if let Some(b) = r.batch {
            out += &format!(" (import #{b}; undo with `groundwork imports undo {b}`)");
        }
        if r.dry_run {
            out += " (dry run: nothing was stored)";
        }
        for w in &r.warnings {
            out += &format!("\nwarning: {w}");
        }
        out
    });
    Ok(())
}

fn print<T: Serialize>(json: bool, value: &T, text: impl FnOnce(&T) -> String) {
    let out = if json {
        serde_json::to_string_pretty(value).expect("serializable output")
    } else {
        text(value)
    };
    if out.is_empty() {
        return;
    }
    // A closed pipe (`groundwork search x | head`) is not an error worth a panic.
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{out}");
}

fn open(dir: Option<PathBuf>) -> Result<Workspace> {
    Workspace::open(dir.unwrap_or_else(Workspace::default_dir))
}

fn run(cli: Cli) -> Result<()> {
    let json = cli.json;
    if let Command::Restore { file } = &cli.command {
        // Restoring does not open the workspace as it is first: the file is checked before
        // anything changes.
        let dir = cli.workspace.unwrap_or_else(Workspace::default_dir);
        let (_, r) = Workspace::restore(&dir, file)?;
        print(json, &r, |r| {
            format!(
                "restored {} document(s) from {} (schema {}); the previous database is in {}",
                r.documents, r.restored_from, r.schema_version_before, r.previous_saved_to
            )
        });
        return Ok(());
    }
    if let Command::Serve(args) = cli.command {
        return serve::serve(cli.workspace.unwrap_or_else(Workspace::default_dir), args);
    }
    // What keeps a workspace safe needs only SQLite: these open even when the index cannot be.
    let maintenance = matches!(
        cli.command,
        Command::Status | Command::Backup { .. } | Command::Check | Command::Reindex
    );
    let dir = cli.workspace.unwrap_or_else(Workspace::default_dir);
    let mut ws = if maintenance {
        Workspace::open_database(dir)?
    } else {
        open(Some(dir))?
    };
    if let Some(why) = ws.index_rebuilt() {
        eprintln!("groundwork: rebuilt the search index from the database: {why}");
    }
    if let Some(why) = ws.index_damaged() {
        eprintln!(
            "groundwork: the search index cannot be used ({why}); `groundwork reindex` recreates it"
        );
    }
    match cli.command {
        Command::Serve(_) => unreachable!("handled before opening"),
        Command::Init => print(json, &ws.status()?, |s| {
            format!("workspace ready at {}", s.path)
        }),
        Command::Demo => {
            let n = demo::seed(&ws)?;
            let status = ws.status()?;
            print(json, &status, |s| {
                if n == 0 {
                    format!("{} already holds the demo data", s.path)
                } else {
                    format!("seeded {} with {n} demo interviews", s.path)
                }
            })
        }
        Command::Interview(cmd) => interview(&ws, json, cmd)?,
        Command::Guide(cmd) => guides::guide(&ws, json, cmd)?,
        Command::Team(cmd) => team(&ws, json, cmd)?,
        Command::People(cmd) => people::run(&ws, json, cmd)?,
        Command::Coverage => people::coverage(&ws, json)?,
        Command::Code(cmd) => codes::run_code(&ws, json, cmd)?,
        Command::Codebook(cmd) => codes::run_codebook(&ws, json, cmd)?,
        Command::Similar(args) => similar::run(&ws, json, args)?,
        Command::Search {
            query,
            limit,
            offset,
            sort,
            facets,
        } => {
            let res = ws.search(&SearchRequest {
                query,
                limit: Some(limit),
                offset: Some(offset),
                sort: if sort == "date" {
                    SortBy::Date
                } else {
                    SortBy::Relevance
                },
                facets,
            })?;
            let bold = std::io::stdout().is_terminal();
            print(json, &res, |r| {
                let mut out = String::new();
                for w in &r.warnings {
                    out += &format!("note: {w}\n");
                }
                out += &format!("{} result(s) for {}\n", r.total, r.read_as);
                for h in &r.hits {
                    let snippet: String = h
                        .snippet_parts
                        .iter()
                        .map(|p| {
                            if p.hit && bold {
                                format!("\x1b[1m{}\x1b[0m", p.text)
                            } else if p.hit {
                                format!("[{}]", p.text)
                            } else {
                                p.text.clone()
                            }
                        })
                        .collect::<String>()
                        .replace('\n', " ");
                    out += &format!(
                        "\n#{} [{}] {}  ({:.2})\n    {}\n",
                        h.id,
                        h.kind.as_str(),
                        h.title,
                        h.score,
                        snippet
                    );
                }
                if let Some(f) = &r.facets {
                    out += "\n";
                    for (name, counts) in [
                        ("kind", &f.kind),
                        ("team", &f.team),
                        ("tag", &f.tag),
                        ("source", &f.source),
                        ("month", &f.month),
                    ] {
                        if counts.is_empty() {
                            continue;
                        }
                        let list: Vec<String> = counts
                            .iter()
                            .map(|c| format!("{} {}", c.value, c.count))
                            .collect();
                        out += &format!("\n{name:<7} {}", list.join(" · "));
                    }
                }
                out.trim_end().to_string()
            })
        }
        Command::Import(args) => import(&ws, json, args)?,
        Command::Imports(ImportsCmd::List) => {
            let list = ws.import_batches()?;
            print(json, &list, |list| {
                if list.is_empty() {
                    return "no imports".into();
                }
                list.iter()
                    .map(|b| {
                        format!(
                            "#{:<4} {}  {:<11} {} imported, {} updated, {} skipped, {} rejected  {}{}",
                            b.id,
                            &b.created_at[..16.min(b.created_at.len())],
                            b.format,
                            b.imported,
                            b.updated,
                            b.skipped,
                            b.rejected,
                            b.source_path,
                            if b.undone_at.is_some() { "  (undone)" } else { "" }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Command::Imports(ImportsCmd::Undo { batch, force }) => {
            let b = ws.undo_import(batch, force)?;
            print(json, &b, |b| {
                format!(
                    "undid import #{}: moved {} document(s) to the trash, restored {} updated one(s) (redo: groundwork imports redo {})",
                    b.id, b.imported, b.updated, b.id
                )
            });
        }
        Command::Imports(ImportsCmd::Redo { batch }) => {
            let b = ws.redo_import(batch)?;
            print(json, &b, |b| {
                format!(
                    "redid import #{}: {} document(s) back from the trash, {} updated again",
                    b.id, b.imported, b.updated
                )
            });
        }
        Command::Trash(TrashCmd::List) => {
            let list = ws.trash()?;
            print(json, &list, |list| {
                if list.is_empty() {
                    return "the trash is empty".to_string();
                }
                list.iter()
                    .map(|e| {
                        let docs: Vec<String> = e
                            .documents
                            .iter()
                            .map(|(k, n)| format!("{n} {}", k.replace('_', " ")))
                            .collect();
                        format!(
                            "#{:<4} {}  {}: {}; {} quote(s), {} link(s)",
                            e.id,
                            &e.created_at[..16.min(e.created_at.len())],
                            e.label,
                            docs.join(", "),
                            e.quotes,
                            e.links
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Command::Trash(TrashCmd::Restore { id }) => {
            ws.restore_trash(id)?;
            print(json, &serde_json::json!({ "restored": id }), |_| {
                format!("restored trash entry #{id}")
            });
        }
        Command::Trash(TrashCmd::Purge { id }) => {
            let n = ws.purge_trash(id)?;
            print(
                json,
                &serde_json::json!({ "purged": id, "documents": n }),
                |_| format!("deleted {n} document(s) of trash entry #{id} for good"),
            );
        }
        Command::Trash(TrashCmd::Empty) => {
            let n = ws.empty_trash()?;
            print(json, &serde_json::json!({ "documents": n }), |_| {
                format!("emptied the trash: {n} document(s) deleted for good")
            });
        }
        Command::Surveys(SurveysCmd::List) => {
            let list = ws.surveys()?;
            print(json, &list, |list| {
                if list.is_empty() {
                    return "no surveys (import one with `groundwork import FILE`)".into();
                }
                list.iter()
                    .map(|s| {
                        format!(
                            "#{:<4} {}  {:<12} {} respondents, {} questions, {} free-text answers",
                            s.id, s.name, s.format, s.respondents, s.questions, s.text_answers
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Command::Surveys(SurveysCmd::Show { id, filters }) => {
            let filters = filters
                .iter()
                .map(|f| {
                    f.split_once('=')
                        .map(|(c, v)| FacetFilter {
                            column: c.trim().to_string(),
                            value: v.trim().to_string(),
                        })
                        .ok_or_else(|| {
                            Error::invalid("where", format!("--where {f:?}: expected COLUMN=VALUE"))
                        })
                })
                .collect::<Result<Vec<_>>>()?;
            let summary = ws.survey_summary(id, &filters)?;
            print(json, &summary, survey_text);
        }
        Command::Palette { query, limit } => {
            let found = ws.palette(&query, limit)?;
            print(json, &found, |found| {
                if found.is_empty() {
                    return format!("nothing matches {query:?}");
                }
                found
                    .iter()
                    .map(|e| {
                        let what = match &e.action {
                            Some(a) => a.clone(),
                            None => format!("#{}", e.id),
                        };
                        format!("{:<16} {:<60} {}", what, e.label, e.detail)
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Command::Open { id, query } => {
            let d = ws.open_document(id, &query)?;
            let bold = std::io::stdout().is_terminal();
            print(json, &d, |d| {
                let mut out = format!(
                    "#{} [{}] {}\n{}{}{} · {} match(es)\n\n",
                    d.id,
                    d.kind.as_str(),
                    d.title,
                    d.date.as_deref().unwrap_or("undated"),
                    d.team
                        .as_deref()
                        .map(|t| format!(" · {t}"))
                        .unwrap_or_default(),
                    if d.source.is_empty() {
                        String::new()
                    } else {
                        format!(" · {}", d.source)
                    },
                    d.matches
                );
                for p in &d.parts {
                    out += &if p.hit && bold {
                        format!("\x1b[1m{}\x1b[0m", p.text)
                    } else if p.hit {
                        format!("[{}]", p.text)
                    } else {
                        p.text.clone()
                    };
                }
                out.trim_end().to_string()
            });
        }
        Command::Theme(cmd) => theme(&ws, json, cmd)?,
        Command::Item(cmd) => roadmap::item(&ws, json, cmd)?,
        Command::Model(cmd) => roadmap::model(&ws, json, cmd)?,
        Command::Rank(args) => roadmap::rank(&ws, json, args)?,
        Command::Sensitivity(args) => roadmap::sensitivity(&ws, json, args)?,
        Command::Compare { a, b, team } => roadmap::compare(&ws, json, a, b, team)?,
        Command::Snapshot(cmd) => roadmap::snapshot(&ws, json, cmd)?,
        Command::Metrics(cmd) => metrics::metrics(&ws, json, cmd)?,
        Command::Impact(args) => metrics::impact(&ws, json, args)?,
        Command::Learn { apply } => metrics::learn(&ws, json, apply)?,
        Command::SuggestThemes {
            limit,
            clusters: true,
        } => suggest::clusters(&ws, json, limit)?,
        Command::SuggestThemes { limit, .. } => {
            let list = ws.suggest_themes(limit)?;
            print(json, &list, |list| {
                if list.is_empty() {
                    return "nothing stands out yet: add interviews, tickets or surveys".into();
                }
                list.iter()
                    .map(|t| {
                        format!(
                            "{:<32} {:>5} documents, {:>3} teams{}   groundwork theme add NAME '{}'",
                            t.phrase,
                            t.documents,
                            t.teams,
                            if t.rising { ", rising" } else { "" },
                            t.query.replace('\'', "'\\''")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Command::Export {
            qdpx: Some(file), ..
        } => refi_export(json, ws.export_qdpx(&file)?),
        Command::Export {
            qdc: Some(file), ..
        } => refi_export(json, ws.export_qdc(&file)?),
        Command::Export {
            format: Some(format),
            out: Some(out),
            model,
            team,
            compare,
            anonymize,
            no_anonymize,
            search,
            themes,
            theme,
            ..
        } => {
            use groundwork::export::ExportSubject;
            let format = groundwork::export::ExportFormat::parse(&format)?;
            let subject = if let Some(query) = search {
                ExportSubject::Search { query }
            } else if themes || !theme.is_empty() {
                let ids = theme
                    .iter()
                    .map(|key| groundwork::search::themes::find(ws.conn(), key).map(|t| t.id))
                    .collect::<Result<Vec<_>, _>>()?;
                ExportSubject::Themes { ids }
            } else {
                ExportSubject::Roadmap
            };
            // Neither flag: the format's default, decided in the core like in the app.
            let anonymize = match (anonymize, no_anonymize) {
                (true, _) => Some(true),
                (_, true) => Some(false),
                _ => None,
            };
            let opts = groundwork::export::ExportOptions {
                subject,
                format,
                model,
                team,
                compare,
                anonymize,
            };
            let r = groundwork::export::export(&ws, &opts, &out)?;
            print(json, &r, |r| {
                format!(
                    "wrote {} ({} bytes, {} {}{})",
                    r.path,
                    r.bytes,
                    r.items,
                    if opts.subject == ExportSubject::Roadmap {
                        "items"
                    } else {
                        "rows"
                    },
                    if r.anonymized {
                        format!(", {} people anonymized", r.people)
                    } else {
                        String::new()
                    }
                )
            });
        }
        Command::Export { .. } => {
            return Err(Error::invalid(
                "format",
                "give --format and --out, or --qdpx FILE, or --qdc FILE",
            ))
        }
        Command::Reindex => {
            let n = ws.reindex_from_scratch()?;
            print(json, &serde_json::json!({ "indexed": n }), |_| {
                format!("reindexed {n} document(s)")
            })
        }
        Command::Restore { .. } => unreachable!("handled before the workspace is opened"),
        Command::Backup { file } => {
            let r = ws.backup(&file)?;
            print(json, &r, |r| {
                format!(
                    "backed up {} document(s) to {} ({} bytes, schema {})",
                    r.documents, r.file, r.bytes, r.schema_version
                )
            });
        }
        Command::Check => {
            let r = ws.check()?;
            print(json, &r, |r| {
                let mut out = format!(
                    "database: {}\nindex:    {} of {} document(s){}",
                    if r.integrity.is_empty() && r.foreign_keys.is_empty() {
                        "ok".to_string()
                    } else {
                        format!(
                            "DAMAGED: {}",
                            [r.integrity.clone(), r.foreign_keys.clone()]
                                .concat()
                                .join("; ")
                        )
                    },
                    r.indexed,
                    r.documents,
                    if let Some(why) = &r.index_damaged {
                        format!(" — DAMAGED: {why}; run `groundwork reindex`")
                    } else if r.missing_from_index.is_empty()
                        && r.stale_in_index.is_empty()
                        && r.duplicated_in_index.is_empty()
                        && r.content_differs.is_empty()
                    {
                        " (matches the database)".to_string()
                    } else if !r.content_differs.is_empty() {
                        format!(
                            " — missing {:?}, stale {:?}, duplicated {:?}, content differs {:?}; run `groundwork reindex`",
                            r.missing_from_index, r.stale_in_index, r.duplicated_in_index, r.content_differs
                        )
                    } else {
                        format!(
                            " — missing {:?}, stale {:?}, duplicated {:?}; run `groundwork reindex`",
                            r.missing_from_index, r.stale_in_index, r.duplicated_in_index
                        )
                    }
                );
                for t in &r.torn_batches {
                    out += &format!("\ntorn {t}");
                }
                for q in &r.unsourced_quotes {
                    out += &format!("\nwarning: {q}");
                }
                for c in &r.coded_counts {
                    out += &format!("\ncoded counts differ: {c}; run `groundwork reindex`");
                }
                out
            });
            if !r.ok {
                return Err(Error::Internal(
                    "the workspace check found problems (listed above)".into(),
                ));
            }
        }
        Command::Status => print(json, &ws.status()?, |s| {
            let docs = s
                .documents
                .iter()
                .map(|(k, n)| format!("{n} {k}"))
                .collect::<Vec<_>>()
                .join(", ");
            format!(
                "workspace: {}\ndocuments: {docs}\nindexed:   {} ({} pending)\nteams:     {}\nschema:    {}{}",
                s.path,
                s.indexed,
                s.pending,
                s.teams,
                s.schema_version,
                if s.is_demo { "\n(demo workspace)" } else { "" }
            )
        }),
    }
    // Everything this command wrote reaches the index before we exit, in one batch. A command
    // that only read leaves the index alone (reads never write).
    if ws.conn().total_changes() > 0 {
        ws.index_pending()?;
    }
    Ok(())
}

fn import(ws: &Workspace, json: bool, args: ImportArgs) -> Result<()> {
    if groundwork::research::refi::detect(&args.file).is_some() {
        let given = [
            (args.kind.is_some(), "--kind"),
            (args.format != "auto", "--format"),
            (!args.maps.is_empty(), "--map"),
            (!args.speakers.is_empty(), "--speaker"),
            (args.encoding.is_some(), "--encoding"),
        ];
        if let Some((_, flag)) = given.iter().find(|(on, _)| *on) {
            return Err(Error::invalid(
                flag.trim_start_matches('-'),
                format!(
                    "{} is a REFI-QDA project or codebook: {flag} does not apply to it",
                    args.file.display()
                ),
            ));
        }
        return refi_import(ws, json, &args.file, args.dry_run || args.preview);
    }
    let usage = |field: &str, message: String| Error::InvalidInput {
        field: Some(field.into()),
        message,
    };
    let mut mappings = Vec::new();
    for m in &args.maps {
        let (h, f) = m
            .split_once('=')
            .ok_or_else(|| usage("map", format!("--map {m:?}: write it as HEADER=FIELD")))?;
        mappings.push(ColumnMap::new(h, f));
    }
    let kind = match args.kind.as_deref() {
        Some("tickets") => Some(ImportKind::Tickets),
        Some("survey") => Some(ImportKind::Survey),
        Some("notes") => Some(ImportKind::Notes),
        Some("transcript") => Some(ImportKind::Transcript),
        _ => None,
    };
    let speakers = args
        .speakers
        .iter()
        .map(|s| {
            groundwork::import::speakers::SpeakerMap::parse(s).map_err(|m| usage("speaker", m))
        })
        .collect::<Result<Vec<_>>>()?;
    let format: Format = serde_json::from_value(serde_json::Value::String(args.format.clone()))
        .map_err(|_| usage("format", format!("unknown format {:?}", args.format)))?;
    let opts = ImportOptions {
        kind,
        format,
        mappings,
        encoding: args.encoding,
        dry_run: args.dry_run,
        force: Some(args.force),
        speakers: Some(speakers),
    };
    if args.preview {
        let p = ws.preview_import(&args.file, &opts)?;
        print(json, &p, |p| {
            let kind = match p.kind {
                ImportKind::Tickets => "tickets",
                ImportKind::Survey => "survey",
                ImportKind::Notes => "notes",
                ImportKind::Transcript => "transcript",
            };
            let mut out = format!(
                "{}: {} rows, {kind}, {} ({})\n",
                p.path,
                p.total_rows,
                p.format.name(),
                p.encoding
            );
            for c in &p.columns {
                let header: String = c.header.chars().take(30).collect();
                out += &format!("  {header:<30} → {:<10} ({:?})", c.field, c.how);
                if let Some(q) = &c.question {
                    out += &format!("  {}", q.chars().take(60).collect::<String>());
                }
                out.push('\n');
            }
            if let Some(t) = &p.transcript {
                out += &format!("  {} turns, {}\n", t.turns, t.format_name);
                for s in &t.speakers {
                    let person = s
                        .person
                        .as_deref()
                        .map(|p| format!(" = {p}"))
                        .unwrap_or_default();
                    out += &format!(
                        "  {:<24} {:>3.0}% of words, {} turns, {} questions → {}{person} ({:?})\n",
                        s.label.chars().take(24).collect::<String>(),
                        s.share * 100.0,
                        s.turns,
                        s.questions,
                        s.role.as_str(),
                        s.source
                    );
                }
                for w in &t.warnings {
                    out += &format!("  line {}: {}\n", w.line, w.message);
                }
            }
            if let Some(problem) = &p.problem {
                out += &format!("problem: {problem}\n");
            }
            out.trim_end().to_string()
        });
        return Ok(());
    }
    let show_progress = !json && std::io::stderr().is_terminal();
    let report = ws.import(
        &args.file,
        &opts,
        &mut |p| {
            if show_progress && p.total > 0 {
                eprint!("\rimporting… {}/{}", p.done, p.total);
            }
        },
        &AtomicBool::new(false),
    )?;
    if show_progress {
        eprintln!();
    }
    print(json, &report, |r| {
        let mut out = format!(
            "{}{} imported, {} updated, {} skipped, {} rejected ({}, {}){}",
            if r.dry_run { "dry run: " } else { "" },
            r.imported,
            r.updated,
            r.skipped,
            r.rejected.len(),
            r.format.name(),
            r.encoding,
            r.batch
                .map(|b| format!(" — batch #{b}"))
                .unwrap_or_default()
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
        for w in &r.warnings {
            out += &format!("\n  warning: line {}: {}", w.line, w.message);
        }
        out
    });
    Ok(())
}

fn read_body(fields: &InterviewFields) -> Result<Option<String>> {
    if let Some(body) = &fields.body {
        return Ok(Some(body.clone()));
    }
    let Some(path) = &fields.body_file else {
        return Ok(None);
    };
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io("cannot read the notes from stdin", e))?;
    } else {
        bytes = std::fs::read(path).map_err(|e| Error::InvalidInput {
            field: Some("body_file".into()),
            message: format!("cannot read {}: {e}", path.display()),
        })?;
    }
    let text = String::from_utf8(bytes).map_err(|e| Error::InvalidInput {
        field: Some("body_file".into()),
        message: format!(
            "{}: not UTF-8 text (invalid byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        ),
    })?;
    Ok(Some(text.trim_start_matches('\u{feff}').to_string()))
}

fn split_tags(tags: &[String]) -> Vec<String> {
    tags.iter()
        .flat_map(|t| t.split(','))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

fn interview_text(iv: &Interview) -> String {
    format!(
        "#{} {}\n  {} — {} ({}), {}\n  interviewer: {}\n  tags: {}\n  pain points: {}\n\n{}",
        iv.id,
        iv.title,
        iv.date,
        iv.participant,
        iv.role,
        iv.team.as_deref().unwrap_or("no team"),
        iv.interviewer,
        iv.tags.join(", "),
        iv.pain_points.join("; "),
        iv.notes
    )
}

fn interview(ws: &Workspace, json: bool, cmd: InterviewCmd) -> Result<()> {
    match cmd {
        InterviewCmd::Add(f) => {
            let input = InterviewInput {
                version: None,
                id: None,
                notes: read_body(&f)?.unwrap_or_default(),
                title: f.title.unwrap_or_default(),
                participant: f.participant.unwrap_or_default(),
                team: f.team,
                role: f.role.unwrap_or_default(),
                date: f
                    .date
                    .unwrap_or_else(|| chrono::Local::now().format("%Y-%m-%d").to_string()),
                interviewer: f.interviewer.unwrap_or_default(),
                tags: split_tags(&f.tags),
                pain_points: f.pain_points,
            };
            let iv = ws.save_interview(&input)?;
            print(json, &iv, |iv| format!("added interview #{}", iv.id));
        }
        InterviewCmd::Edit { id, fields: f } => {
            let cur = ws.interview(id)?;
            let notes = read_body(&f)?;
            let input = InterviewInput {
                version: Some(cur.version),
                id: Some(id),
                title: f.title.unwrap_or(cur.title),
                participant: f.participant.unwrap_or(cur.participant),
                team: f.team.or(cur.team),
                role: f.role.unwrap_or(cur.role),
                date: f.date.unwrap_or(cur.date),
                interviewer: f.interviewer.unwrap_or(cur.interviewer),
                notes: notes.unwrap_or(cur.notes),
                tags: if f.tags.is_empty() {
                    cur.tags
                } else {
                    split_tags(&f.tags)
                },
                pain_points: if f.pain_points.is_empty() {
                    cur.pain_points
                } else {
                    f.pain_points
                },
            };
            let iv = ws.save_interview(&input)?;
            print(json, &iv, |iv| format!("saved interview #{}", iv.id));
        }
        InterviewCmd::List {
            team,
            role,
            tag,
            from,
            to,
        } => {
            let list = ws.interviews(&InterviewFilter {
                team,
                role,
                tag,
                from,
                to,
            })?;
            print(json, &list, |list| {
                if list.is_empty() {
                    return "no interviews".into();
                }
                list.iter()
                    .map(|iv| {
                        format!(
                            "#{:<5} {}  {:<40}  {} ({})",
                            iv.id,
                            iv.date,
                            iv.title,
                            iv.participant,
                            iv.team.as_deref().unwrap_or("-")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        InterviewCmd::Show { id } => {
            let iv = ws.interview(id)?;
            print(json, &iv, interview_text);
        }
        InterviewCmd::Delete { id } => {
            ws.delete_interview(id)?;
            print(json, &serde_json::json!({ "deleted": id }), |_| {
                format!("deleted interview #{id} (undo: groundwork interview restore {id})")
            });
        }
        InterviewCmd::Restore { id } => {
            let iv = ws.restore_interview(id)?;
            print(json, &iv, |iv| format!("restored interview #{}", iv.id));
        }
    }
    Ok(())
}

fn team_by_name(ws: &Workspace, name: &str) -> Result<groundwork::research::teams::Team> {
    ws.teams()?
        .into_iter()
        .find(|t| groundwork::research::teams::same_name(&t.name, name))
        .ok_or_else(|| Error::NotFound(format!("no team named {name:?}")))
}

fn team(ws: &Workspace, json: bool, cmd: TeamCmd) -> Result<()> {
    match cmd {
        TeamCmd::Add { name, headcount } => {
            let t = ws.save_team(&TeamInput {
                id: None,
                name,
                headcount,
            })?;
            print(json, &t, |t| format!("added team {} (#{})", t.name, t.id));
        }
        TeamCmd::Set {
            name,
            headcount,
            rename,
        } => {
            let cur = team_by_name(ws, &name)?;
            let t = ws.save_team(&TeamInput {
                id: Some(cur.id),
                name: rename.unwrap_or(cur.name),
                headcount: headcount.or(cur.headcount),
            })?;
            print(json, &t, |t| format!("saved team {}", t.name));
        }
        TeamCmd::List => {
            let teams = ws.teams()?;
            print(json, &teams, |teams| {
                if teams.is_empty() {
                    return "no teams".into();
                }
                teams
                    .iter()
                    .map(|t| {
                        format!(
                            "{:<24} headcount {:>6}   {} interview(s)",
                            t.name,
                            t.headcount.map(|h| h.to_string()).unwrap_or("?".into()),
                            t.interviews
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        TeamCmd::Delete { name } => {
            let t = team_by_name(ws, &name)?;
            ws.delete_team(t.id)?;
            print(json, &serde_json::json!({ "deleted": t.name }), |_| {
                format!("deleted team {}", t.name)
            });
        }
    }
    Ok(())
}

/// A survey summary as text: one block per question with its figures and a bar per option.
fn survey_text(s: &SurveySummary) -> String {
    let mut out = format!(
        "{} ({}): {} of {} respondents",
        s.survey.name, s.survey.format, s.respondents, s.survey.respondents
    );
    for f in &s.filters {
        out += &format!(" where {} = {}", f.column, f.value);
    }
    out.push('\n');
    for q in &s.questions {
        out += &format!("\n[{}] {}\n", q.role.name(), q.text);
        let mut figures = vec![format!("{} answered", q.answered)];
        if let Some(n) = &q.nps {
            figures.push(format!(
                "NPS {:+.0} ({} promoters, {} passives, {} detractors)",
                n.score, n.promoters, n.passives, n.detractors
            ));
        }
        if let (Some(m), Some(hi)) = (q.mean, q.scale_max) {
            figures.push(format!("mean {m:.2} / {hi}"));
        } else if let Some(m) = q.mean {
            figures.push(format!("mean {m:.2}"));
        }
        if let Some(c) = q.csat {
            figures.push(format!("CSAT {c:.0}%"));
        }
        out += &format!("    {}\n", figures.join(", "));
        let max = q.options.iter().map(|o| o.count).max().unwrap_or(0).max(1);
        for o in q.options.iter().take(12) {
            let bar = "#".repeat(((o.count * 30) / max) as usize);
            let label: String = o.label.chars().take(40).collect();
            out += &format!("    {label:<40} {:>5} {bar}\n", o.count);
        }
        for e in &q.examples {
            out += &format!("    \"{e}\"\n");
        }
    }
    out.trim_end().to_string()
}

fn theme(ws: &Workspace, json: bool, cmd: ThemeCmd) -> Result<()> {
    match cmd {
        ThemeCmd::Add { name, query } => {
            let t = ws.save_theme(&ThemeInput {
                id: None,
                name,
                query,
            })?;
            print(json, &t, |t| {
                format!("saved theme #{} {:?}: {}", t.id, t.name, t.query)
            });
        }
        ThemeCmd::Edit { theme, name, query } => {
            let current = ws.find_theme(&theme)?;
            let t = ws.save_theme(&ThemeInput {
                id: Some(current.id),
                name: name.unwrap_or(current.name),
                query: query.unwrap_or(current.query),
            })?;
            print(json, &t, |t| {
                format!("theme #{} {:?}: {}", t.id, t.name, t.query)
            });
        }
        ThemeCmd::List => {
            let list = ws.theme_overview()?;
            print(json, &list, |list| {
                if list.is_empty() {
                    return "no themes (save one with `groundwork theme add NAME QUERY`)".into();
                }
                list.iter()
                    .map(|o| {
                        format!(
                            "#{:<4} {:<28} {:>6} documents, {:>3} teams, {:>3} people   {}",
                            o.theme.id, o.theme.name, o.total, o.teams, o.people, o.theme.query
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        ThemeCmd::Show { theme, by } => {
            let by = if by == "week" {
                Granularity::Week
            } else {
                Granularity::Month
            };
            let s = ws.theme_summary(ws.find_theme(&theme)?.id, by)?;
            print(json, &s, |s| {
                let st = &s.stats;
                let mut out = format!(
                    "{} — {}\n{} documents, {} teams, {} people\n",
                    s.theme.name, st.read_as, st.total, st.teams, st.people
                );
                out += &format!(
                    "{} found by the query, {} holding {} coded passage(s){}, {} rejected\n",
                    st.from_query,
                    st.from_codes,
                    st.passages,
                    if s.codes.is_empty() {
                        String::new()
                    } else {
                        format!(" of {}", s.codes.join(", "))
                    },
                    st.rejected
                );
                let max = st.trend.iter().map(|b| b.count).max().unwrap_or(0).max(1);
                if !st.trend.is_empty() {
                    out += "\ntrend\n";
                    for b in &st.trend {
                        out += &format!(
                            "  {:<9} {:>5} {:<30} {} coded\n",
                            b.period,
                            b.count,
                            "#".repeat(((b.count * 30) / max) as usize),
                            b.coded
                        );
                    }
                }
                if !st.by_team.is_empty() {
                    out += "\nteams\n";
                    for t in &st.by_team {
                        out += &format!("  {:<28} {:>5}\n", t.value, t.count);
                    }
                }
                if !st.evidence.is_empty() {
                    out += "\nstrongest evidence\n";
                    for h in &st.evidence {
                        out += &format!("  #{} [{}] {}\n", h.id, h.kind.as_str(), h.title);
                    }
                }
                if !s.quotes.is_empty() {
                    out += "\nquotes\n";
                    for q in &s.quotes {
                        out += &format!(
                            "  ({}) \"{}\" — {}#{} {}{}{}\n",
                            q.id,
                            q.text,
                            q.speaker
                                .as_deref()
                                .map(|s| format!("{s}, "))
                                .unwrap_or_default(),
                            q.document_id,
                            q.document_title,
                            q.date
                                .as_deref()
                                .map(|d| format!(", {d}"))
                                .unwrap_or_default(),
                            if q.status == "anchored" {
                                String::new()
                            } else {
                                format!(" [{}]", q.status)
                            }
                        );
                    }
                }
                out.trim_end().to_string()
            });
        }
        ThemeCmd::Delete { theme } => {
            let t = ws.find_theme(&theme)?;
            ws.delete_theme(t.id)?;
            print(json, &t, |t| {
                format!("deleted theme #{} {:?}", t.id, t.name)
            });
        }
        ThemeCmd::Pin {
            theme,
            document,
            text,
        } => {
            let t = ws.find_theme(&theme)?;
            let q = ws.pin_quote(t.id, document, &text)?;
            print(json, &q, |q| {
                format!(
                    "pinned quote #{} to {:?} from #{} {}",
                    q.id, t.name, q.document_id, q.document_title
                )
            });
        }
        ThemeCmd::Code { theme, code } => {
            let t = ws.find_theme(&theme)?;
            let codes = ws.add_theme_code(t.id, &code)?;
            print(
                json,
                &serde_json::json!({ "theme": t.id, "codes": codes }),
                |_| format!("{:?} stands on {}", t.name, codes.join(", ")),
            );
        }
        ThemeCmd::Uncode { theme, code } => {
            let t = ws.find_theme(&theme)?;
            let codes = ws.remove_theme_code(t.id, &code)?;
            print(
                json,
                &serde_json::json!({ "theme": t.id, "codes": codes }),
                |_| {
                    if codes.is_empty() {
                        format!("{:?} stands on its query alone", t.name)
                    } else {
                        format!("{:?} stands on {}", t.name, codes.join(", "))
                    }
                },
            );
        }
        ThemeCmd::Reject { theme, document } => {
            let t = ws.find_theme(&theme)?;
            ws.reject_from_theme(t.id, document)?;
            print(
                json,
                &serde_json::json!({ "theme": t.id, "rejected": document }),
                |_| format!("document #{document} no longer counts towards {:?}", t.name),
            );
        }
        ThemeCmd::Unreject { theme, document } => {
            let t = ws.find_theme(&theme)?;
            ws.unreject_from_theme(t.id, document)?;
            print(
                json,
                &serde_json::json!({ "theme": t.id, "unrejected": document }),
                |_| format!("document #{document} counts towards {:?} again", t.name),
            );
        }
        ThemeCmd::Unpin { quote } => {
            ws.unpin_quote(quote)?;
            print(json, &serde_json::json!({ "unpinned": quote }), |_| {
                format!("removed quote #{quote}")
            });
        }
    }
    Ok(())
}
