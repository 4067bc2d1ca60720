//! The command table: one entry per command — its docs, whether it reads or writes, its
//! arguments, its result, and the one core call it makes.

use super::{absolute, parse_args, to_json, unknown, Access, CommandInfo, Context, TsCommand};
use crate::export::{ExportOptions, ExportReport};
use crate::import::batches::ImportBatch;
use crate::import::{ImportOptions, ImportPreview, ImportReport, Rejected};
use crate::interviews::{Interview, InterviewFacets, InterviewFilter, InterviewInput};
use crate::maintenance::{BackupReport, CheckReport};
use crate::metrics::dora::{MetricsRequest, MetricsView};
use crate::metrics::impact::{Impact, ImpactRequest, ItemMetricsInput, TrackRecord};
use crate::metrics::import::{MetricsImportOptions, MetricsImportReport};
use crate::palette::PaletteEntry;
use crate::scoring::api::{ItemDetail, ItemFromEvidence};
use crate::scoring::items::{Item, ItemInput, ItemLink, LinkInput};
use crate::scoring::model::{Model, ModelInput};
use crate::scoring::rank::{RankRequest, Ranking};
use crate::scoring::sensitivity::{CompareRequest, Comparison, Sensitivity, SensitivityRequest};
use crate::scoring::snapshots::{SnapshotDiff, SnapshotInfo};
use crate::search::suggest::SuggestedTheme;
use crate::search::{DocumentView, Granularity, SearchRequest, SearchResults};
use crate::surveys::{FacetFilter, SurveyInfo, SurveySummary};
use crate::teams::{Team, TeamInput};
use crate::themes::{Quote, Theme, ThemeInput, ThemeOverview, ThemeSummary};
use crate::workspace::WorkspaceStatus;
use crate::{ApiError, Workspace};
use std::path::Path;

/// Declares the table. Each entry: doc comment, `Read`/`Write`, name, arguments, result, and the
/// body, which sees the workspace, the host context and the arguments by name.
macro_rules! commands {
    ($(
        $(#[doc = $doc:literal])+
        $access:ident $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty = |$ws:ident, $cx:ident| $body:expr;
    )*) => {
        /// Every core command, in the order of the table.
        pub const COMMANDS: &[CommandInfo] = &[$(CommandInfo {
            name: stringify!($name),
            access: Access::$access,
            doc: concat!($($doc, "\n"),+),
            ts: || {
                let mut imports = Vec::new();
                let params = vec![$((stringify!($arg), super::ts_type::<$ty>(&mut imports))),*];
                let result = super::ts_type::<$ret>(&mut imports);
                TsCommand { params, result, imports }
            },
        }),*];

        /// Runs the command `name` with its JSON arguments (an object keyed by argument name) on
        /// `ws`. Unknown commands and arguments that do not fit are `invalid_input`.
        pub fn call(
            ws: &Workspace,
            name: &str,
            args: serde_json::Value,
            cx: &mut Context<'_>,
        ) -> Result<serde_json::Value, ApiError> {
            match name {
                $(stringify!($name) => {
                    #[derive(serde::Deserialize)]
                    #[serde(deny_unknown_fields)]
                    struct Args { $($arg: $ty),* }
                    #[allow(unused_variables)]
                    let Args { $($arg),* } = parse_args(name, args)?;
                    #[allow(unused_variables)]
                    let $ws = ws;
                    #[allow(unused_variables)]
                    let $cx = &mut *cx;
                    let out: $ret = $body?;
                    to_json(out)
                })*
                _ => Err(unknown(name)),
            }
        }
    };
}

commands! {
    /// Where the open workspace is, what it holds, and whether its index is current.
    Read workspace_status() -> WorkspaceStatus = |ws, cx| ws.status();
    /// Adds the demo teams and interviews to the open workspace (once); returns how many it added.
    Write seed_demo() -> usize = |ws, cx| crate::demo::seed(ws);

    /// Interviews matching a filter (team, role, tag, dates, text), newest first.
    Read list_interviews(filter: InterviewFilter) -> Vec<Interview> = |ws, cx| ws.interviews(&filter);
    /// One interview.
    Read get_interview(id: i64) -> Interview = |ws, cx| ws.interview(id);
    /// Creates or updates an interview (validated; autosave calls this).
    Write save_interview(input: InterviewInput) -> Interview = |ws, cx| ws.save_interview(&input);
    /// Deletes an interview (restorable with `restore_interview`).
    Write delete_interview(id: i64) -> () = |ws, cx| ws.delete_interview(id);
    /// Brings back a deleted interview.
    Write restore_interview(id: i64) -> Interview = |ws, cx| ws.restore_interview(id);
    /// The teams, roles and tags interviews use, for the filters.
    Read interview_facets() -> InterviewFacets = |ws, cx| ws.interview_facets();

    /// Teams with headcount and evidence counts.
    Read list_teams() -> Vec<Team> = |ws, cx| ws.teams();
    /// Creates or updates a team.
    Write save_team(input: TeamInput) -> Team = |ws, cx| ws.save_team(&input);
    /// Deletes a team.
    Write delete_team(id: i64) -> () = |ws, cx| ws.delete_team(id);

    /// One page of search hits, with facet counts when asked.
    Read search(request: SearchRequest) -> SearchResults = |ws, cx| ws.search(&request);
    /// One document in full, every match of `query` marked.
    Read open_document(id: i64, query: String) -> DocumentView = |ws, cx| ws.open_document(id, &query);
    /// Markdown rendered to sanitized HTML (the editor's preview).
    Read render_markdown(text: String) -> String = |ws, cx| Ok::<_, crate::Error>(crate::markdown::render(&text));
    /// Rebuilds the search index from the database; returns the documents indexed.
    Write reindex() -> u64 = |ws, cx| ws.reindex();

    /// Where the Back up… dialog starts: `groundwork-backup-<today>.sqlite3` in Documents.
    Read backup_default_path() -> String = |ws, cx| Ok::<_, crate::Error>(
        cx.documents_dir.join(format!("groundwork-backup-{}.sqlite3", ws.today())).display().to_string()
    );
    /// Copies the database to `path` (a full path; never overwrites).
    Read backup_workspace(path: String) -> BackupReport = |ws, cx| ws.backup(&absolute("file", &path, "backup")?);
    /// Integrity, foreign keys, whole import batches, and index against database.
    Read check_workspace() -> CheckReport = |ws, cx| ws.check();

    /// What importing `path` would do: format, encoding, mapping, the first rows.
    Read preview_import(path: String, options: ImportOptions) -> ImportPreview = |ws, cx| ws.preview_import(Path::new(&path), &options);
    /// Imports a file in one transaction, reporting progress; `cancel_import` stops it.
    Write import_file(path: String, options: ImportOptions) -> ImportReport = |ws, cx| {
        let out = ws.import(Path::new(&path), &options, cx.progress, cx.cancel);
        // A cancel asked for before this import started stops it; none outlives it.
        cx.cancel.store(false, std::sync::atomic::Ordering::SeqCst);
        out
    };
    /// Every import, newest first.
    Read list_imports() -> Vec<ImportBatch> = |ws, cx| ws.import_batches();
    /// Takes an import back.
    Write undo_import(batch: i64) -> ImportBatch = |ws, cx| ws.undo_import(batch);
    /// Saves an import's rejected rows as CSV.
    Read save_rejected(path: String, rejected: Vec<Rejected>) -> () = |ws, cx| crate::import::save_rejected(Path::new(&path), &rejected);

    /// Imported surveys.
    Read list_surveys() -> Vec<SurveyInfo> = |ws, cx| ws.surveys();
    /// A survey's questions with NPS, CSAT, means and distributions, filtered by facets.
    Read survey_summary(id: i64, filters: Vec<FacetFilter>) -> SurveySummary = |ws, cx| ws.survey_summary(id, &filters);

    /// Themes with their current counts.
    Read list_themes() -> Vec<ThemeOverview> = |ws, cx| ws.theme_overview();
    /// Creates or updates a theme (a saved query).
    Write save_theme(input: ThemeInput) -> Theme = |ws, cx| ws.save_theme(&input);
    /// Deletes a theme.
    Write delete_theme(id: i64) -> () = |ws, cx| ws.delete_theme(id);
    /// A theme's figures: documents, teams, people, trend, breakdown, evidence, quotes.
    Read theme_summary(id: i64, by: Granularity) -> ThemeSummary = |ws, cx| ws.theme_summary(&id.to_string(), by);
    /// Pins a passage of a document to a theme.
    Write pin_quote(theme: i64, document: i64, text: String) -> Quote = |ws, cx| ws.pin_quote(theme, document, &text);
    /// Removes a pinned quote.
    Write unpin_quote(quote: i64) -> () = |ws, cx| ws.unpin_quote(quote);
    /// Phrases that stand out in the workspace, as candidate themes.
    Read suggest_themes() -> Vec<SuggestedTheme> = |ws, cx| ws.suggest_themes(12);
    /// The command palette's matches for what was typed.
    Read palette(query: String) -> Vec<PaletteEntry> = |ws, cx| ws.palette(&query, 30);

    /// Roadmap items.
    Read list_items() -> Vec<Item> = |ws, cx| ws.items();
    /// An item with its links, evidence and resolved inputs.
    Read get_item(id: i64) -> ItemDetail = |ws, cx| ws.item(&id.to_string());
    /// Creates or updates an item.
    Write save_item(input: ItemInput) -> Item = |ws, cx| ws.save_item(&input);
    /// Deletes an item.
    Write delete_item(id: i64) -> () = |ws, cx| ws.delete_item(id);
    /// Links a theme, document or quote to an item as evidence.
    Write link_item(input: LinkInput) -> ItemLink = |ws, cx| ws.link_item(&input);
    /// Removes an evidence link.
    Write unlink_item(link: i64) -> () = |ws, cx| ws.unlink_item(link);
    /// Makes an item from a theme or a quote, linked to it.
    Write item_from_evidence(input: ItemFromEvidence) -> ItemDetail = |ws, cx| ws.item_from_evidence(&input);
    /// The workspace's scoring models (presets and saved ones).
    Read list_models() -> Vec<Model> = |ws, cx| ws.models();
    /// Saves a model (a preset's name replaces the preset).
    Write save_model(input: ModelInput) -> Model = |ws, cx| ws.save_model(&input);
    /// Puts a preset back as shipped.
    Write reset_model(name: String) -> Model = |ws, cx| ws.reset_model(&name);
    /// The ranking under a model and weights, every score with its breakdown.
    Read rank(request: RankRequest) -> Ranking = |ws, cx| ws.rank(&request);
    /// Seeded Monte Carlo over weights and ranged inputs: rank intervals, chance of the top N.
    Read sensitivity(request: SensitivityRequest) -> Sensitivity = |ws, cx| ws.sensitivity(&request);
    /// Two models side by side: rank moves and Spearman's ρ.
    Read compare_scenarios(request: CompareRequest) -> Comparison = |ws, cx| ws.compare(&request);
    /// Saves the ranking as a named snapshot.
    Write save_snapshot(name: String, request: RankRequest) -> SnapshotInfo = |ws, cx| ws.save_snapshot(&name, &request);
    /// Saved snapshots.
    Read list_snapshots() -> Vec<SnapshotInfo> = |ws, cx| ws.snapshots();
    /// Deletes a snapshot.
    Write delete_snapshot(name: String) -> () = |ws, cx| ws.delete_snapshot(&name);
    /// What moved between two snapshots (or a snapshot and now), and which input moved it.
    Read snapshot_diff(from: String, to: String) -> SnapshotDiff = |ws, cx| ws.snapshot_diff(&from, &to);

    /// Where the Export dialog suggests saving: a dated file name in Documents.
    Read export_default_path(options: ExportOptions) -> String = |ws, cx| Ok::<_, crate::Error>(
        cx.documents_dir.join(crate::export::file_name(&options, ws.today())).display().to_string()
    );
    /// Writes an export (review pack, XLSX, CSV, Markdown, JSON, research) to a full path.
    Read export_to_file(options: ExportOptions, path: String) -> ExportReport = |ws, cx| {
        let path = absolute("path", &path, "file")?;
        crate::export::export(ws, &options, &path).inspect(|_| (cx.written)(&path))
    };

    /// Imports deployments, incidents or metric series.
    Write import_metrics(path: String, options: MetricsImportOptions) -> MetricsImportReport = |ws, cx| ws.import_metrics(Path::new(&path), &options);
    /// DORA metrics and satisfaction per team and period.
    Read metrics_view(request: MetricsRequest) -> MetricsView = |ws, cx| ws.metrics(&request);
    /// A shipped item's before/after impact.
    Read item_impact(request: ImpactRequest) -> Impact = |ws, cx| ws.impact(&request);
    /// The metrics an item should move, and its ship day.
    Write save_item_metrics(input: ItemMetricsInput) -> Impact = |ws, cx| ws.save_item_metrics(&input);
    /// Planned items' confidence suggested from what shipped.
    Read track_record() -> Vec<TrackRecord> = |ws, cx| ws.track_record();
    /// Applies the track record's suggested confidence.
    Write apply_track_record() -> Vec<TrackRecord> = |ws, cx| ws.apply_track_record();
}
