//! The command table: one entry per command — its docs, whether it reads or writes, its
//! arguments, its result, and the one core call it makes.

use super::paths::{PathUse, UserPath};
use super::{parse_args, to_json, unknown, Access, CommandInfo, Context, TsCommand};
use crate::export::{ExportDefaults, ExportOptions, ExportReport};
use crate::import::batches::{ImportBatch, UndoPreview};
use crate::import::{ImportOptions, ImportPreview, ImportReport, Rejected};
use crate::metrics::dora::{MetricsRequest, MetricsView};
use crate::metrics::impact::{Impact, ImpactRequest, ItemMetricsInput, TrackRecord};
use crate::metrics::import::{MetricsImportOptions, MetricsImportReport};
use crate::research::code_matrix::{CodeCooccurrence, CodeTeamMatrix};
use crate::research::codebook::{Code, CodeInput};
use crate::research::coverage::Coverage;
use crate::research::guides::{
    Answer, Guide, GuideInput, GuideSummary, InterviewSections, QuestionCoverage,
};
use crate::research::highlights::{Highlight, HighlightInput};
use crate::research::interviews::{Interview, InterviewFacets, InterviewFilter, InterviewInput};
use crate::research::people::{Person, PersonDetail, PersonInput, PersonSuggestion, UnlinkedName};
use crate::research::refi::{RefiExportReport, RefiImportReport};
use crate::research::teams::{Team, TeamInput};
use crate::roadmap::api::{ItemDetail, ItemFromEvidence};
use crate::roadmap::items::{Item, ItemInput, ItemLink, LinkInput};
use crate::roadmap::model::{Model, ModelInput};
use crate::roadmap::rank::{RankRequest, Ranking};
use crate::roadmap::sensitivity::{CompareRequest, Comparison, Sensitivity, SensitivityRequest};
use crate::roadmap::snapshots::{SnapshotDiff, SnapshotInfo};
use crate::search::palette::PaletteEntry;
use crate::search::similar::{SimilarRequest, SimilarResults};
use crate::search::suggest::{SuggestedCluster, SuggestedTheme};
use crate::search::themes::{Quote, Theme, ThemeInput, ThemeOverview, ThemeSummary};
use crate::search::{DocumentView, Granularity, SearchRequest, SearchResults};
use crate::store::maintenance::{BackupReport, CheckReport};
use crate::store::trash::TrashEntry;
use crate::store::workspace::WorkspaceStatus;
use crate::surveys::{FacetFilter, SurveyInfo, SurveySummary};
use crate::{ApiError, Workspace};

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
    Write seed_demo() -> usize = |ws, cx| crate::research::demo::seed(ws);

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
    /// Every person, with how many documents name them and when they were last heard.
    Read list_people() -> Vec<Person> = |ws, cx| ws.people();
    /// One person with every document naming them (by any alias).
    Read get_person(id: i64) -> PersonDetail = |ws, cx| ws.person(id);
    /// Creates or updates a person; an alias another person holds is refused.
    Write save_person(input: PersonInput) -> Person = |ws, cx| ws.save_person(&input);
    /// Adds aliases (other spellings, emails, handles) to a person.
    Write add_person_alias(id: i64, aliases: Vec<String>) -> Person = |ws, cx| ws.add_person_alias(id, &aliases);
    /// Folds other persons (their aliases and documents) into one.
    Write merge_people(into: i64, from: Vec<i64>) -> Person = |ws, cx| ws.merge_people(into, &from);
    /// Takes aliases out of a person into a new person named after the first.
    Write split_person(id: i64, aliases: Vec<String>) -> Person = |ws, cx| ws.split_person(id, &aliases);
    /// Deletes a person; their names count as unlinked names again.
    Write delete_person(id: i64) -> () = |ws, cx| ws.delete_person(id);
    /// Names in the evidence (participants, speakers, reporters, respondents' emails) no person holds.
    Read unlinked_names() -> Vec<UnlinkedName> = |ws, cx| ws.unlinked_names();
    /// Names that look like one engineer (same name, a handle or email made from a name).
    Read suggest_people() -> Vec<PersonSuggestion> = |ws, cx| ws.suggest_people();
    /// Research coverage: per team, interviews and people heard in the last 90 days and the last
    /// contact; teams never interviewed; themes resting on one person or one team.
    Read coverage() -> Coverage = |ws, cx| ws.coverage();

    /// The codebook in tree order, with passages, documents, people and teams per code.
    Read list_codes() -> Vec<Code> = |ws, cx| ws.codes();
    /// One code, by id or path.
    Read get_code(key: String) -> Code = |ws, cx| ws.code(&key);
    /// Adds a code by path (parents made as needed).
    Write add_code(input: CodeInput) -> Code = |ws, cx| ws.add_code(&input);
    /// Renames a code (its path's last part).
    Write rename_code(key: String, name: String) -> Code = |ws, cx| ws.rename_code(&key, &name);
    /// Moves a code under another, or to the top when `parent` is null; never under itself.
    Write move_code(key: String, parent: Option<String>) -> Code = |ws, cx| ws.move_code(&key, parent.as_deref());
    /// Folds code `from` into `into`: its passages and children follow.
    Write merge_codes(into: String, from: String) -> Code = |ws, cx| ws.merge_codes(&into, &from);
    /// Deletes a code and its children; their passages stay uncoded, or move to `into`.
    Write delete_code(key: String, into: Option<String>) -> () = |ws, cx| ws.delete_code(&key, into.as_deref());
    /// Changes a code's description and colour (empty for the default).
    Write describe_code(key: String, description: String, color: String) -> Code = |ws, cx| ws.describe_code(&key, &description, &color);
    /// Per code (its subtree) and per team: passages, documents and people.
    Read code_team_matrix() -> CodeTeamMatrix = |ws, cx| ws.code_team_matrix();
    /// Pairs of codes applied to the same or overlapping passages: places and documents.
    Read code_cooccurrence() -> CodeCooccurrence = |ws, cx| ws.code_cooccurrence();
    /// Codes a passage of a document (by its text or offsets); unknown codes are made.
    Write code_passage(input: HighlightInput) -> Highlight = |ws, cx| ws.code_passage(&input);
    /// Coded passages: of a code (and its children), of a document, or all.
    Read list_highlights(code: Option<String>, document: Option<i64>) -> Vec<Highlight> = |ws, cx| ws.highlights(code.as_deref(), document);
    /// Takes codes off a coded passage; one left with no code is removed (null).
    Write uncode_passage(id: i64, codes: Vec<String>) -> Option<Highlight> = |ws, cx| ws.uncode_passage(id, &codes);
    /// A suggested passage (document, start..end) is not like a code: "find more like these"
    /// shows it for that code no more.
    Write reject_suggestion(code: String, document: i64, start: u64, end: u64) -> () = |ws, cx| ws.reject_suggestion(&code, document, start, end);
    /// Removes a coded passage.
    Write remove_highlight(id: i64) -> () = |ws, cx| ws.remove_highlight(id);

    /// One page of hits (`offset`, `limit`), and the facet counts when `facets` is set.
    Read search(request: SearchRequest) -> SearchResults = |ws, cx| ws.search(&request);
    /// A document's whole text with the matches of `query` marked.
    Read open_document(id: i64, query: String) -> DocumentView = |ws, cx| ws.open_document(id, &query);
    /// A ticket's web address in its tracker (http/https only), when it has one.
    Read source_url(document: i64) -> Option<String> = |ws, cx| ws.source_url(document);
    /// Markdown rendered to sanitized HTML (the editor's preview).
    Read render_markdown(text: String) -> String = |ws, cx| Ok::<_, crate::Error>(crate::research::markdown::render(&text));
    /// Rebuilds the search index from the database; returns the documents indexed.
    Write reindex() -> u64 = |ws, cx| ws.reindex();

    /// Where the Back up… dialog starts: `groundwork-backup-<today>.sqlite3` in Documents.
    Read backup_default_path() -> String = |ws, cx| Ok::<_, crate::Error>(
        cx.documents_dir.join(format!("groundwork-backup-{}.sqlite3", ws.today())).display().to_string()
    );
    /// Writes a consistent copy of the workspace's database to `path` (a new file). invalid_input
    /// with field "file" when `path` exists, is a folder, is not a full path, or is the database
    /// itself. In the app, `path` must have been chosen in its save dialog this session (else
    /// invalid_input with field "path"; see `api::paths`), as must every path below.
    Read backup_workspace(path: UserPath) -> BackupReport = |ws, cx| ws.backup(&cx.write_path("file", &path, "backup")?);
    /// Checks the database and that the search index holds exactly the live documents.
    Write check_workspace() -> CheckReport = |ws, cx| ws.check();

    /// Reads the head of a file and how it would import; stores nothing. (The app: a file chosen
    /// or dropped this session.)
    Read preview_import(path: UserPath, options: ImportOptions) -> ImportPreview = |ws, cx| ws.preview_import(&cx.path(&path, PathUse::Read)?, &options);
    /// Imports a file. Rejects with code `cancelled` (nothing stored) after `cancel_import`.
    Write import_file(path: UserPath, options: ImportOptions) -> ImportReport = |ws, cx| {
        let out = cx
            .path(&path, PathUse::Read)
            .and_then(|path| ws.import(&path, &options, cx.progress, cx.cancel));
        // A cancel asked for before this import started stops it; none outlives it.
        cx.cancel.store(false, std::sync::atomic::Ordering::SeqCst);
        out
    };
    /// Import batches, newest first.
    Read list_imports() -> Vec<ImportBatch> = |ws, cx| ws.import_batches();
    /// What undoing an import would move to the trash, and the quotes and roadmap links resting on it.
    Read undo_import_preview(batch: i64) -> UndoPreview = |ws, cx| ws.undo_import_preview(batch);
    /// Takes an import back: what it created goes to the trash, what it updated gets its earlier
    /// content. Rejects with code `needs_confirmation` (nothing changed) when quotes or links rest
    /// on what would go, unless `force`.
    Write undo_import(batch: i64, force: bool) -> ImportBatch = |ws, cx| ws.undo_import(batch, force);
    /// Does an undone import again, bringing its documents back from the trash whole.
    Write redo_import(batch: i64) -> ImportBatch = |ws, cx| ws.redo_import(batch);

    /// What is in the trash, newest first.
    Read list_trash() -> Vec<TrashEntry> = |ws, cx| ws.trash();
    /// Brings a trash entry back whole (an undone import is redone).
    Write restore_trash(id: i64) -> () = |ws, cx| ws.restore_trash(id);
    /// Deletes a trash entry's documents for good, with their quotes and links.
    Write purge_trash(id: i64) -> u64 = |ws, cx| ws.purge_trash(id);
    /// Purges every trash entry.
    Write empty_trash() -> u64 = |ws, cx| ws.empty_trash();
    /// Writes rejected rows as CSV to `path`.
    /// (the app: chosen in its save dialog this session).
    Read save_rejected(path: UserPath, rejected: Vec<Rejected>) -> () = |ws, cx| crate::import::save_rejected(&cx.path(&path, PathUse::Write)?, &rejected);

    /// Imported surveys.
    Read list_surveys() -> Vec<SurveyInfo> = |ws, cx| ws.surveys();
    /// Figures of survey `id` for the respondents matching every filter (none: everyone).
    Read survey_summary(id: i64, filters: Vec<FacetFilter>) -> SurveySummary = |ws, cx| ws.survey_summary(id, &filters);

    /// Saved themes by name, each with its figures as of now.
    Read list_themes() -> Vec<ThemeOverview> = |ws, cx| ws.theme_overview();
    /// Creates (`id` null) or renames / re-queries a theme; invalid_input names the `field`.
    Write save_theme(input: ThemeInput) -> Theme = |ws, cx| ws.save_theme(&input);
    /// Deletes a theme and its quotes.
    Write delete_theme(id: i64) -> () = |ws, cx| ws.delete_theme(id);
    /// A theme's figures (trend bucketed `by` week or month), evidence and quotes.
    Read theme_summary(id: i64, by: Granularity) -> ThemeSummary = |ws, cx| ws.theme_summary(id, by);
    /// Pins a passage of a document to a theme.
    Write pin_quote(theme: i64, document: i64, text: String) -> Quote = |ws, cx| ws.pin_quote(theme, document, &text);
    /// Removes a pinned quote.
    Write unpin_quote(quote: i64) -> () = |ws, cx| ws.unpin_quote(quote);
    /// The theme stands on a code (by id or path) too; returns the theme's codes.
    Write add_theme_code(theme: i64, code: String) -> Vec<String> = |ws, cx| ws.add_theme_code(theme, &code);
    /// The theme no longer stands on a code; returns the theme's codes.
    Write remove_theme_code(theme: i64, code: String) -> Vec<String> = |ws, cx| ws.remove_theme_code(theme, &code);
    /// A document is not about the theme ("not about this"): it no longer counts towards it.
    Write reject_from_theme(theme: i64, document: i64) -> () = |ws, cx| ws.reject_from_theme(theme, document);
    /// Takes back a rejection.
    Write unreject_from_theme(theme: i64, document: i64) -> () = |ws, cx| ws.unreject_from_theme(theme, document);
    /// Phrases that stand out in the workspace, strongest first.
    Read suggest_themes() -> Vec<SuggestedTheme> = |ws, cx| ws.suggest_themes(12);
    /// Suggested phrases grouped by the documents they share, strongest first: each with a label,
    /// a draft query (save it as a theme) and up to three passages with exact offsets (code them).
    Read suggest_clusters() -> Vec<SuggestedCluster> = |ws, cx| ws.suggest_clusters(8);
    /// Find more like these: passages most like a code's passages (its children's too) or the
    /// coded passages given, best first; the seeds and passages coded alike are left out. not_found
    /// for an unknown code or passage; invalid_input (field "code") when there is no seed.
    Read similar(request: SimilarRequest) -> SimilarResults = |ws, cx| ws.similar(&request, None);
    /// The command palette's matches for `query`, best first: interviews, tickets, notes, surveys,
    /// themes, teams and actions by fuzzy name. An empty query lists the actions.
    Read palette(query: String) -> Vec<PaletteEntry> = |ws, cx| ws.palette(&query, 30);

    /// Roadmap items, by id.
    Read list_items() -> Vec<Item> = |ws, cx| ws.items();
    /// An item with its evidence links, what they add up to, and every input resolved.
    Read get_item(id: i64) -> ItemDetail = |ws, cx| ws.item(id);
    /// Creates (`id` null) or updates an item; a status change is recorded with its date. Manual
    /// inputs replace the stored set. invalid_input names the `field` ("title", "effort_low",
    /// "inputs.confidence").
    Write save_item(input: ItemInput) -> Item = |ws, cx| ws.save_item(&input);
    /// Deletes an item and its evidence links.
    Write delete_item(id: i64) -> () = |ws, cx| ws.delete_item(id);
    /// Links a theme, a document or a quoted passage to an item (linking twice is a no-op).
    Write link_item(input: LinkInput) -> ItemLink = |ws, cx| ws.link_item(&input);
    /// Removes an evidence link.
    Write unlink_item(link: i64) -> () = |ws, cx| ws.unlink_item(link);
    /// Creates an item from a theme (`{theme}`) or a quote (`{document, quote}`), linked to it.
    Write item_from_evidence(input: ItemFromEvidence) -> ItemDetail = |ws, cx| ws.item_from_evidence(&input);
    /// Scoring models: the presets (rice, ice, wsjf, weighted, roi, time-saved), then the
    /// workspace's own.
    Read list_models() -> Vec<Model> = |ws, cx| ws.models();
    /// Saves a model after checking it (under a preset's name: customizes the preset);
    /// invalid_input names the `field`.
    Write save_model(input: ModelInput) -> Model = |ws, cx| ws.save_model(&input);
    /// Restores a customized preset, or deletes a workspace model.
    Write reset_model(name: String) -> Model = |ws, cx| ws.reset_model(&name);
    /// Ranks the items; `request.draft` ranks with unsaved model changes without storing them.
    Read rank(request: RankRequest) -> Ranking = |ws, cx| ws.rank(&request);
    /// How stable the ranking is under perturbed weights and the inputs' ranges (Monte Carlo).
    Read sensitivity(request: SensitivityRequest) -> Sensitivity = |ws, cx| ws.sensitivity(&request);
    /// Two scenarios (models or drafts) side by side, with Spearman's rank correlation.
    Read compare_scenarios(request: CompareRequest) -> Comparison = |ws, cx| ws.compare(&request);
    /// Saves the ranking `request` describes under `name` (unique, not "now").
    Write save_snapshot(name: String, request: RankRequest) -> SnapshotInfo = |ws, cx| ws.save_snapshot(&name, &request);
    /// Saved snapshots, newest first.
    Read list_snapshots() -> Vec<SnapshotInfo> = |ws, cx| ws.snapshots();
    /// Deletes a snapshot.
    Write delete_snapshot(name: String) -> () = |ws, cx| ws.delete_snapshot(&name);
    /// What moved between snapshot `from` and snapshot `to`, or "now" (the current ranking with
    /// `from`'s model).
    Read snapshot_diff(from: String, to: String) -> SnapshotDiff = |ws, cx| ws.snapshot_diff(&from, &to);

    /// What the Export dialog starts from: a dated file in Documents (else home) named after what
    /// it holds (groundwork-roadmap-rice-2026-12-02.html), and whether names are replaced by
    /// default for this format.
    Read export_defaults(options: ExportOptions) -> ExportDefaults = |ws, cx| Ok::<_, crate::Error>(ExportDefaults {
        path: cx.documents_dir.join(crate::export::file_name(&options, ws.today())).display().to_string(),
        anonymize: options.format.anonymized_by_default(),
    });
    /// Exports the roadmap (html, xlsx, csv, md, json), a search's matches or themes (csv, md,
    /// json) to `path`, replacing it atomically. invalid_input names the `field`: "path" (not a
    /// full path, or in the app not chosen in its save dialog this session), "out" (no such folder),
    /// "format", "model", "team", "query", "theme".
    Read export_to_file(options: ExportOptions, path: UserPath) -> ExportReport = |ws, cx| {
        let path = cx.write_path("path", &path, "file")?;
        crate::export::export(ws, &options, &path).inspect(|_| (cx.written)(&path))
    };
    /// Exports the coding project as a REFI-QDA project (`.qdpx`: every live document as a text
    /// source, the codebook, every anchored coded passage) to `path`, replacing it atomically, for
    /// QualCoder, ATLAS.ti, NVivo or MAXQDA. A write: the first export stores the workspace's
    /// exchange id, from which every GUID derives, so re-exports keep their GUIDs.
    Write export_qdpx(path: UserPath) -> RefiExportReport = |ws, cx| {
        let path = cx.write_path("path", &path, "file")?;
        ws.export_qdpx(&path).inspect(|_| (cx.written)(&path))
    };
    /// Exports the codebook as a REFI-QDA codebook (`.qdc`) to `path`. An empty codebook is
    /// invalid_input (`codes`): the format needs at least one code.
    Write export_qdc(path: UserPath) -> RefiExportReport = |ws, cx| {
        let path = cx.write_path("path", &path, "file")?;
        ws.export_qdc(&path).inspect(|_| (cx.written)(&path))
    };
    /// Imports a REFI-QDA project (`.qdpx`, `.zip`, a bare `.qde`) or codebook (`.qdc`): codes
    /// merged by path into the codebook, text sources as notes in one import batch (undo takes
    /// them back), coded selections as coded passages; what was skipped is in `warnings`. A
    /// malformed file is invalid_input naming the file and element, and stores nothing; with
    /// `dry_run` nothing is stored either, and the report says what would have been.
    Write import_refi(path: UserPath, dry_run: bool) -> RefiImportReport = |ws, cx| ws.import_refi(&cx.path(&path, PathUse::Read)?, dry_run);

    /// Imports deployments, incidents or series (date, team, metric, value) from a CSV/TSV or JSON
    /// file; the kind is detected from the columns unless `options.kind` says it. Rows that cannot
    /// be read are rejected with their line and field; the rest are stored (a row seen before
    /// replaces the earlier one). invalid_input names the `field` ("kind", "map", "deployed_at"…).
    Write import_metrics(path: UserPath, options: MetricsImportOptions) -> MetricsImportReport = |ws, cx| ws.import_metrics(&cx.path(&path, PathUse::Read)?, &options);
    /// Metrics per week or month: the organization's roll-up first (team ''), then each team (or
    /// only `request.team`); DORA metrics with their bands first, then series.
    Read metrics_view(request: MetricsRequest) -> MetricsView = |ws, cx| ws.metrics(&request);
    /// An item's before/after on the metrics linked to it, around the day it shipped.
    Read item_impact(request: ImpactRequest) -> Impact = |ws, cx| ws.impact(&request);
    /// Replaces the metrics linked to an item and its ship day set by hand, then measures it
    /// (8-week window).
    Write save_item_metrics(input: ItemMetricsInput) -> Impact = |ws, cx| ws.save_item_metrics(&input);
    /// What shipped items' realized impact suggests for planned items' confidence.
    Read track_record() -> Vec<TrackRecord> = |ws, cx| ws.track_record();
    /// Applies the track record (stored apart from typed confidences; applying again changes nothing); returns the records as applied.
    Write apply_track_record() -> Vec<TrackRecord> = |ws, cx| ws.apply_track_record();

    /// Interview guides, by name, with their question and interview counts.
    Read list_guides() -> Vec<GuideSummary> = |ws, cx| ws.guides();
    /// One guide: its questions (with sections, hints, follow-ups) and attached interviews.
    Read get_guide(id: i64) -> Guide = |ws, cx| ws.guide(&id.to_string());
    /// Creates a guide from its questions; invalid_input names the `field` ("name", "questions.3").
    Write create_guide(input: GuideInput) -> Guide = |ws, cx| ws.create_guide(&input);
    /// Creates a guide from Markdown or plain text (headings → sections, questions as lines or
    /// items ending in '?' or opening with Describe/Tell/Walk…, indented items → follow-ups,
    /// "(Nudge: …)" → hint); `name` (else its `# Heading`) names it.
    Write create_guide_from_text(name: Option<String>, text: String) -> Guide = |ws, cx| ws.create_guide_from_text(name.as_deref(), &text);
    /// Creates a guide from a Markdown or text file (the app: chosen or dropped this session);
    /// invalid_input with field "file" when it holds no questions.
    Write import_guide(path: UserPath, name: Option<String>) -> Guide = |ws, cx| {
        let path = cx.path(&path, PathUse::Read)?;
        crate::research::guides::read_file(&path, name.as_deref()).and_then(|input| ws.create_guide(&input))
    };
    /// Renames a guide.
    Write rename_guide(id: i64, name: String) -> Guide = |ws, cx| ws.rename_guide(id, &name);
    /// Deletes a guide and its links to interviews; the interviews are untouched.
    Write delete_guide(id: i64) -> () = |ws, cx| ws.delete_guide(id);
    /// Attaches interviews to a guide (they followed it).
    Write attach_to_guide(id: i64, interviews: Vec<i64>) -> Guide = |ws, cx| ws.attach_to_guide(id, &interviews);
    /// Detaches interviews from a guide.
    Write detach_from_guide(id: i64, interviews: Vec<i64>) -> Guide = |ws, cx| ws.detach_from_guide(id, &interviews);
    /// An interview split into a guide's sections: which turn (or heading) asks which question and
    /// what was answered.
    Read guide_sections(id: i64, interview: i64) -> InterviewSections = |ws, cx| ws.guide_sections(id, interview);
    /// What every attached interview answered to question `question` (from 1).
    Read guide_answers(id: i64, question: u32) -> Vec<Answer> = |ws, cx| ws.guide_answers(id, question);
    /// Per question, how many attached interviews answer it.
    Read guide_coverage(id: i64) -> Vec<QuestionCoverage> = |ws, cx| ws.guide_coverage(id);
    /// The notes a new interview following the guide starts with: a heading per question.
    Read guide_notes(id: i64) -> String = |ws, cx| ws.guide_notes(id);
}
