// Generated from the command table in src/api/table.rs (cargo test -p groundwork). Do not edit.

import type { Answer } from './Answer';
import type { BackupReport } from './BackupReport';
import type { CheckReport } from './CheckReport';
import type { Code } from './Code';
import type { CodeCooccurrence } from './CodeCooccurrence';
import type { CodeInput } from './CodeInput';
import type { CodeTeamMatrix } from './CodeTeamMatrix';
import type { CompareRequest } from './CompareRequest';
import type { Comparison } from './Comparison';
import type { Coverage } from './Coverage';
import type { DocumentView } from './DocumentView';
import type { ExportDefaults } from './ExportDefaults';
import type { ExportOptions } from './ExportOptions';
import type { ExportReport } from './ExportReport';
import type { FacetFilter } from './FacetFilter';
import type { Granularity } from './Granularity';
import type { Guide } from './Guide';
import type { GuideInput } from './GuideInput';
import type { GuideSummary } from './GuideSummary';
import type { Highlight } from './Highlight';
import type { HighlightInput } from './HighlightInput';
import type { Impact } from './Impact';
import type { ImpactRequest } from './ImpactRequest';
import type { ImportBatch } from './ImportBatch';
import type { ImportOptions } from './ImportOptions';
import type { ImportPreview } from './ImportPreview';
import type { ImportReport } from './ImportReport';
import type { Interview } from './Interview';
import type { InterviewFacets } from './InterviewFacets';
import type { InterviewFilter } from './InterviewFilter';
import type { InterviewInput } from './InterviewInput';
import type { InterviewSections } from './InterviewSections';
import type { Item } from './Item';
import type { ItemDetail } from './ItemDetail';
import type { ItemFromEvidence } from './ItemFromEvidence';
import type { ItemInput } from './ItemInput';
import type { ItemLink } from './ItemLink';
import type { ItemMetricsInput } from './ItemMetricsInput';
import type { LinkInput } from './LinkInput';
import type { MetricsImportOptions } from './MetricsImportOptions';
import type { MetricsImportReport } from './MetricsImportReport';
import type { MetricsRequest } from './MetricsRequest';
import type { MetricsView } from './MetricsView';
import type { Model } from './Model';
import type { ModelInput } from './ModelInput';
import type { PaletteEntry } from './PaletteEntry';
import type { Person } from './Person';
import type { PersonDetail } from './PersonDetail';
import type { PersonInput } from './PersonInput';
import type { PersonSuggestion } from './PersonSuggestion';
import type { QuestionCoverage } from './QuestionCoverage';
import type { Quote } from './Quote';
import type { RankRequest } from './RankRequest';
import type { Ranking } from './Ranking';
import type { RefiExportReport } from './RefiExportReport';
import type { RefiImportReport } from './RefiImportReport';
import type { Rejected } from './Rejected';
import type { SearchRequest } from './SearchRequest';
import type { SearchResults } from './SearchResults';
import type { Sensitivity } from './Sensitivity';
import type { SensitivityRequest } from './SensitivityRequest';
import type { SimilarRequest } from './SimilarRequest';
import type { SimilarResults } from './SimilarResults';
import type { SnapshotDiff } from './SnapshotDiff';
import type { SnapshotInfo } from './SnapshotInfo';
import type { SuggestedCluster } from './SuggestedCluster';
import type { SuggestedTheme } from './SuggestedTheme';
import type { SurveyInfo } from './SurveyInfo';
import type { SurveySummary } from './SurveySummary';
import type { Team } from './Team';
import type { TeamInput } from './TeamInput';
import type { Theme } from './Theme';
import type { ThemeInput } from './ThemeInput';
import type { ThemeOverview } from './ThemeOverview';
import type { ThemeSummary } from './ThemeSummary';
import type { TrackRecord } from './TrackRecord';
import type { TrashEntry } from './TrashEntry';
import type { UndoPreview } from './UndoPreview';
import type { UnlinkedName } from './UnlinkedName';
import type { UserPath } from './UserPath';
import type { WorkspaceStatus } from './WorkspaceStatus';

/** A core command: one entry of the table in src/api/table.rs. */
export type CoreCommand =
  | 'workspace_status'
  | 'seed_demo'
  | 'list_interviews'
  | 'get_interview'
  | 'save_interview'
  | 'delete_interview'
  | 'restore_interview'
  | 'interview_facets'
  | 'list_teams'
  | 'save_team'
  | 'delete_team'
  | 'list_people'
  | 'get_person'
  | 'save_person'
  | 'add_person_alias'
  | 'merge_people'
  | 'split_person'
  | 'delete_person'
  | 'unlinked_names'
  | 'suggest_people'
  | 'coverage'
  | 'list_codes'
  | 'get_code'
  | 'add_code'
  | 'rename_code'
  | 'move_code'
  | 'merge_codes'
  | 'delete_code'
  | 'describe_code'
  | 'code_team_matrix'
  | 'code_cooccurrence'
  | 'code_passage'
  | 'list_highlights'
  | 'uncode_passage'
  | 'reject_suggestion'
  | 'remove_highlight'
  | 'search'
  | 'open_document'
  | 'source_url'
  | 'render_markdown'
  | 'reindex'
  | 'backup_default_path'
  | 'backup_workspace'
  | 'check_workspace'
  | 'preview_import'
  | 'import_file'
  | 'list_imports'
  | 'undo_import_preview'
  | 'undo_import'
  | 'redo_import'
  | 'list_trash'
  | 'restore_trash'
  | 'purge_trash'
  | 'empty_trash'
  | 'save_rejected'
  | 'list_surveys'
  | 'survey_summary'
  | 'list_themes'
  | 'save_theme'
  | 'delete_theme'
  | 'theme_summary'
  | 'pin_quote'
  | 'unpin_quote'
  | 'add_theme_code'
  | 'remove_theme_code'
  | 'reject_from_theme'
  | 'unreject_from_theme'
  | 'suggest_themes'
  | 'suggest_clusters'
  | 'similar'
  | 'palette'
  | 'list_items'
  | 'get_item'
  | 'save_item'
  | 'delete_item'
  | 'link_item'
  | 'unlink_item'
  | 'item_from_evidence'
  | 'list_models'
  | 'save_model'
  | 'reset_model'
  | 'rank'
  | 'sensitivity'
  | 'compare_scenarios'
  | 'save_snapshot'
  | 'list_snapshots'
  | 'delete_snapshot'
  | 'snapshot_diff'
  | 'export_defaults'
  | 'export_to_file'
  | 'export_qdpx'
  | 'export_qdc'
  | 'import_refi'
  | 'import_metrics'
  | 'metrics_view'
  | 'item_impact'
  | 'save_item_metrics'
  | 'track_record'
  | 'apply_track_record'
  | 'list_guides'
  | 'get_guide'
  | 'create_guide'
  | 'create_guide_from_text'
  | 'import_guide'
  | 'rename_guide'
  | 'delete_guide'
  | 'attach_to_guide'
  | 'detach_from_guide'
  | 'guide_sections'
  | 'guide_answers'
  | 'guide_coverage'
  | 'guide_notes';

/** A command only a host implements (src/api/mod.rs `HOST_COMMANDS`). */
export type HostCommand =
  | 'open_workspace'
  | 'open_demo_workspace'
  | 'cancel_import'
  | 'open_export'
  | 'reveal_export'
  | 'open_source'
  | 'choose_path';

/** Every command name. */
export type Command = CoreCommand | HostCommand;

/** Runs one core command on a host (Tauri's `call`, or `groundwork serve`). */
export type Call = <T>(command: CoreCommand, args: Record<string, unknown>) => Promise<T>;

/** Every core command as a typed function over `call`. */
export function coreCommands(call: Call) {
  return {
    /** Where the open workspace is, what it holds, and whether its index is current. */
    workspaceStatus: (): Promise<WorkspaceStatus> => call('workspace_status', {}),
    /** Adds the demo teams and interviews to the open workspace (once); returns how many it added. */
    seedDemo: (): Promise<number> => call('seed_demo', {}),
    /** Interviews matching a filter (team, role, tag, dates, text), newest first. */
    listInterviews: (filter: InterviewFilter): Promise<Array<Interview>> => call('list_interviews', { filter }),
    /** One interview. */
    getInterview: (id: number): Promise<Interview> => call('get_interview', { id }),
    /** Creates or updates an interview (validated; autosave calls this). */
    saveInterview: (input: InterviewInput): Promise<Interview> => call('save_interview', { input }),
    /** Deletes an interview (restorable with `restore_interview`). */
    deleteInterview: (id: number): Promise<null> => call('delete_interview', { id }),
    /** Brings back a deleted interview. */
    restoreInterview: (id: number): Promise<Interview> => call('restore_interview', { id }),
    /** The teams, roles and tags interviews use, for the filters. */
    interviewFacets: (): Promise<InterviewFacets> => call('interview_facets', {}),
    /** Teams with headcount and evidence counts. */
    listTeams: (): Promise<Array<Team>> => call('list_teams', {}),
    /** Creates or updates a team. */
    saveTeam: (input: TeamInput): Promise<Team> => call('save_team', { input }),
    /** Deletes a team. */
    deleteTeam: (id: number): Promise<null> => call('delete_team', { id }),
    /** Every person, with how many documents name them and when they were last heard. */
    listPeople: (): Promise<Array<Person>> => call('list_people', {}),
    /** One person with every document naming them (by any alias). */
    getPerson: (id: number): Promise<PersonDetail> => call('get_person', { id }),
    /** Creates or updates a person; an alias another person holds is refused. */
    savePerson: (input: PersonInput): Promise<Person> => call('save_person', { input }),
    /** Adds aliases (other spellings, emails, handles) to a person. */
    addPersonAlias: (id: number, aliases: Array<string>): Promise<Person> => call('add_person_alias', { id, aliases }),
    /** Folds other persons (their aliases and documents) into one. */
    mergePeople: (into: number, from: Array<number>): Promise<Person> => call('merge_people', { into, from }),
    /** Takes aliases out of a person into a new person named after the first. */
    splitPerson: (id: number, aliases: Array<string>): Promise<Person> => call('split_person', { id, aliases }),
    /** Deletes a person; their names count as unlinked names again. */
    deletePerson: (id: number): Promise<null> => call('delete_person', { id }),
    /** Names in the evidence (participants, speakers, reporters, respondents' emails) no person holds. */
    unlinkedNames: (): Promise<Array<UnlinkedName>> => call('unlinked_names', {}),
    /** Names that look like one engineer (same name, a handle or email made from a name). */
    suggestPeople: (): Promise<Array<PersonSuggestion>> => call('suggest_people', {}),
    /** Research coverage: per team, interviews and people heard in the last 90 days and the last contact; teams never interviewed; themes resting on one person or one team. */
    coverage: (): Promise<Coverage> => call('coverage', {}),
    /** The codebook in tree order, with passages, documents, people and teams per code. */
    listCodes: (): Promise<Array<Code>> => call('list_codes', {}),
    /** One code, by id or path. */
    getCode: (key: string): Promise<Code> => call('get_code', { key }),
    /** Adds a code by path (parents made as needed). */
    addCode: (input: CodeInput): Promise<Code> => call('add_code', { input }),
    /** Renames a code (its path's last part). */
    renameCode: (key: string, name: string): Promise<Code> => call('rename_code', { key, name }),
    /** Moves a code under another, or to the top when `parent` is null; never under itself. */
    moveCode: (key: string, parent: string | null): Promise<Code> => call('move_code', { key, parent }),
    /** Folds code `from` into `into`: its passages and children follow. */
    mergeCodes: (into: string, from: string): Promise<Code> => call('merge_codes', { into, from }),
    /** Deletes a code and its children; their passages stay uncoded, or move to `into`. */
    deleteCode: (key: string, into: string | null): Promise<null> => call('delete_code', { key, into }),
    /** Changes a code's description and colour (empty for the default). */
    describeCode: (key: string, description: string, color: string): Promise<Code> => call('describe_code', { key, description, color }),
    /** Per code (its subtree) and per team: passages, documents and people. */
    codeTeamMatrix: (): Promise<CodeTeamMatrix> => call('code_team_matrix', {}),
    /** Pairs of codes applied to the same or overlapping passages: places and documents. */
    codeCooccurrence: (): Promise<CodeCooccurrence> => call('code_cooccurrence', {}),
    /** Codes a passage of a document (by its text or offsets); unknown codes are made. */
    codePassage: (input: HighlightInput): Promise<Highlight> => call('code_passage', { input }),
    /** Coded passages: of a code (and its children), of a document, or all. */
    listHighlights: (code: string | null, document: number | null): Promise<Array<Highlight>> => call('list_highlights', { code, document }),
    /** Takes codes off a coded passage; one left with no code is removed (null). */
    uncodePassage: (id: number, codes: Array<string>): Promise<Highlight | null> => call('uncode_passage', { id, codes }),
    /** A suggested passage (document, start..end) is not like a code: "find more like these" shows it for that code no more. */
    rejectSuggestion: (code: string, document: number, start: number, end: number): Promise<null> => call('reject_suggestion', { code, document, start, end }),
    /** Removes a coded passage. */
    removeHighlight: (id: number): Promise<null> => call('remove_highlight', { id }),
    /** One page of hits (`offset`, `limit`), and the facet counts when `facets` is set. */
    search: (request: SearchRequest): Promise<SearchResults> => call('search', { request }),
    /** A document's whole text with the matches of `query` marked. */
    openDocument: (id: number, query: string): Promise<DocumentView> => call('open_document', { id, query }),
    /** A ticket's web address in its tracker (http/https only), when it has one. */
    sourceUrl: (document: number): Promise<string | null> => call('source_url', { document }),
    /** Markdown rendered to sanitized HTML (the editor's preview). */
    renderMarkdown: (text: string): Promise<string> => call('render_markdown', { text }),
    /** Rebuilds the search index from the database; returns the documents indexed. */
    reindex: (): Promise<number> => call('reindex', {}),
    /** Where the Back up… dialog starts: `groundwork-backup-<today>.sqlite3` in Documents. */
    backupDefaultPath: (): Promise<string> => call('backup_default_path', {}),
    /** Writes a consistent copy of the workspace's database to `path` (a new file). invalid_input with field "file" when `path` exists, is a folder, is not a full path, or is the database itself. In the app, `path` must have been chosen in its save dialog this session (else invalid_input with field "path"; see `api::paths`), as must every path below. */
    backupWorkspace: (path: UserPath): Promise<BackupReport> => call('backup_workspace', { path }),
    /** Checks the database and that the search index holds exactly the live documents. */
    checkWorkspace: (): Promise<CheckReport> => call('check_workspace', {}),
    /** Reads the head of a file and how it would import; stores nothing. (The app: a file chosen or dropped this session.) */
    previewImport: (path: UserPath, options: ImportOptions): Promise<ImportPreview> => call('preview_import', { path, options }),
    /** Imports a file. Rejects with code `cancelled` (nothing stored) after `cancel_import`. */
    importFile: (path: UserPath, options: ImportOptions): Promise<ImportReport> => call('import_file', { path, options }),
    /** Import batches, newest first. */
    listImports: (): Promise<Array<ImportBatch>> => call('list_imports', {}),
    /** What undoing an import would move to the trash, and the quotes and roadmap links resting on it. */
    undoImportPreview: (batch: number): Promise<UndoPreview> => call('undo_import_preview', { batch }),
    /** Takes an import back: what it created goes to the trash, what it updated gets its earlier content. Rejects with code `needs_confirmation` (nothing changed) when quotes or links rest on what would go, unless `force`. */
    undoImport: (batch: number, force: boolean): Promise<ImportBatch> => call('undo_import', { batch, force }),
    /** Does an undone import again, bringing its documents back from the trash whole. */
    redoImport: (batch: number): Promise<ImportBatch> => call('redo_import', { batch }),
    /** What is in the trash, newest first. */
    listTrash: (): Promise<Array<TrashEntry>> => call('list_trash', {}),
    /** Brings a trash entry back whole (an undone import is redone). */
    restoreTrash: (id: number): Promise<null> => call('restore_trash', { id }),
    /** Deletes a trash entry's documents for good, with their quotes and links. */
    purgeTrash: (id: number): Promise<number> => call('purge_trash', { id }),
    /** Purges every trash entry. */
    emptyTrash: (): Promise<number> => call('empty_trash', {}),
    /** Writes rejected rows as CSV to `path`. (the app: chosen in its save dialog this session). */
    saveRejected: (path: UserPath, rejected: Array<Rejected>): Promise<null> => call('save_rejected', { path, rejected }),
    /** Imported surveys. */
    listSurveys: (): Promise<Array<SurveyInfo>> => call('list_surveys', {}),
    /** Figures of survey `id` for the respondents matching every filter (none: everyone). */
    surveySummary: (id: number, filters: Array<FacetFilter>): Promise<SurveySummary> => call('survey_summary', { id, filters }),
    /** Saved themes by name, each with its figures as of now. */
    listThemes: (): Promise<Array<ThemeOverview>> => call('list_themes', {}),
    /** Creates (`id` null) or renames / re-queries a theme; invalid_input names the `field`. */
    saveTheme: (input: ThemeInput): Promise<Theme> => call('save_theme', { input }),
    /** Deletes a theme and its quotes. */
    deleteTheme: (id: number): Promise<null> => call('delete_theme', { id }),
    /** A theme's figures (trend bucketed `by` week or month), evidence and quotes. */
    themeSummary: (id: number, by: Granularity): Promise<ThemeSummary> => call('theme_summary', { id, by }),
    /** Pins a passage of a document to a theme. */
    pinQuote: (theme: number, document: number, text: string): Promise<Quote> => call('pin_quote', { theme, document, text }),
    /** Removes a pinned quote. */
    unpinQuote: (quote: number): Promise<null> => call('unpin_quote', { quote }),
    /** The theme stands on a code (by id or path) too; returns the theme's codes. */
    addThemeCode: (theme: number, code: string): Promise<Array<string>> => call('add_theme_code', { theme, code }),
    /** The theme no longer stands on a code; returns the theme's codes. */
    removeThemeCode: (theme: number, code: string): Promise<Array<string>> => call('remove_theme_code', { theme, code }),
    /** A document is not about the theme ("not about this"): it no longer counts towards it. */
    rejectFromTheme: (theme: number, document: number): Promise<null> => call('reject_from_theme', { theme, document }),
    /** Takes back a rejection. */
    unrejectFromTheme: (theme: number, document: number): Promise<null> => call('unreject_from_theme', { theme, document }),
    /** Phrases that stand out in the workspace, strongest first. */
    suggestThemes: (): Promise<Array<SuggestedTheme>> => call('suggest_themes', {}),
    /** Suggested phrases grouped by the documents they share, strongest first: each with a label, a draft query (save it as a theme) and up to three passages with exact offsets (code them). */
    suggestClusters: (): Promise<Array<SuggestedCluster>> => call('suggest_clusters', {}),
    /** Find more like these: passages most like a code's passages (its children's too) or the coded passages given, best first; the seeds and passages coded alike are left out. not_found for an unknown code or passage; invalid_input (field "code") when there is no seed. */
    similar: (request: SimilarRequest): Promise<SimilarResults> => call('similar', { request }),
    /** The command palette's matches for `query`, best first: interviews, tickets, notes, surveys, themes, teams and actions by fuzzy name. An empty query lists the actions. */
    palette: (query: string): Promise<Array<PaletteEntry>> => call('palette', { query }),
    /** Roadmap items, by id. */
    listItems: (): Promise<Array<Item>> => call('list_items', {}),
    /** An item with its evidence links, what they add up to, and every input resolved. */
    getItem: (id: number): Promise<ItemDetail> => call('get_item', { id }),
    /** Creates (`id` null) or updates an item; a status change is recorded with its date. Manual inputs replace the stored set. invalid_input names the `field` ("title", "effort_low", "inputs.confidence"). */
    saveItem: (input: ItemInput): Promise<Item> => call('save_item', { input }),
    /** Deletes an item and its evidence links. */
    deleteItem: (id: number): Promise<null> => call('delete_item', { id }),
    /** Links a theme, a document or a quoted passage to an item (linking twice is a no-op). */
    linkItem: (input: LinkInput): Promise<ItemLink> => call('link_item', { input }),
    /** Removes an evidence link. */
    unlinkItem: (link: number): Promise<null> => call('unlink_item', { link }),
    /** Creates an item from a theme (`{theme}`) or a quote (`{document, quote}`), linked to it. */
    itemFromEvidence: (input: ItemFromEvidence): Promise<ItemDetail> => call('item_from_evidence', { input }),
    /** Scoring models: the presets (rice, ice, wsjf, weighted, roi, time-saved), then the workspace's own. */
    listModels: (): Promise<Array<Model>> => call('list_models', {}),
    /** Saves a model after checking it (under a preset's name: customizes the preset); invalid_input names the `field`. */
    saveModel: (input: ModelInput): Promise<Model> => call('save_model', { input }),
    /** Restores a customized preset, or deletes a workspace model. */
    resetModel: (name: string): Promise<Model> => call('reset_model', { name }),
    /** Ranks the items; `request.draft` ranks with unsaved model changes without storing them. */
    rank: (request: RankRequest): Promise<Ranking> => call('rank', { request }),
    /** How stable the ranking is under perturbed weights and the inputs' ranges (Monte Carlo). */
    sensitivity: (request: SensitivityRequest): Promise<Sensitivity> => call('sensitivity', { request }),
    /** Two scenarios (models or drafts) side by side, with Spearman's rank correlation. */
    compareScenarios: (request: CompareRequest): Promise<Comparison> => call('compare_scenarios', { request }),
    /** Saves the ranking `request` describes under `name` (unique, not "now"). */
    saveSnapshot: (name: string, request: RankRequest): Promise<SnapshotInfo> => call('save_snapshot', { name, request }),
    /** Saved snapshots, newest first. */
    listSnapshots: (): Promise<Array<SnapshotInfo>> => call('list_snapshots', {}),
    /** Deletes a snapshot. */
    deleteSnapshot: (name: string): Promise<null> => call('delete_snapshot', { name }),
    /** What moved between snapshot `from` and snapshot `to`, or "now" (the current ranking with `from`'s model). */
    snapshotDiff: (from: string, to: string): Promise<SnapshotDiff> => call('snapshot_diff', { from, to }),
    /** What the Export dialog starts from: a dated file in Documents (else home) named after what it holds (groundwork-roadmap-rice-2026-12-02.html), and whether names are replaced by default for this format. */
    exportDefaults: (options: ExportOptions): Promise<ExportDefaults> => call('export_defaults', { options }),
    /** Exports the roadmap (html, xlsx, csv, md, json), a search's matches or themes (csv, md, json) to `path`, replacing it atomically. invalid_input names the `field`: "path" (not a full path, or in the app not chosen in its save dialog this session), "out" (no such folder), "format", "model", "team", "query", "theme". */
    exportToFile: (options: ExportOptions, path: UserPath): Promise<ExportReport> => call('export_to_file', { options, path }),
    /** Exports the coding project as a REFI-QDA project (`.qdpx`: every live document as a text source, the codebook, every anchored coded passage) to `path`, replacing it atomically, for QualCoder, ATLAS.ti, NVivo or MAXQDA. A write: the first export stores the workspace's exchange id, from which every GUID derives, so re-exports keep their GUIDs. */
    exportQdpx: (path: UserPath): Promise<RefiExportReport> => call('export_qdpx', { path }),
    /** Exports the codebook as a REFI-QDA codebook (`.qdc`) to `path`. An empty codebook is invalid_input (`codes`): the format needs at least one code. */
    exportQdc: (path: UserPath): Promise<RefiExportReport> => call('export_qdc', { path }),
    /** Imports a REFI-QDA project (`.qdpx`, `.zip`, a bare `.qde`) or codebook (`.qdc`): codes merged by path into the codebook, text sources as notes in one import batch (undo takes them back), coded selections as coded passages; what was skipped is in `warnings`. A malformed file is invalid_input naming the file and element, and stores nothing; with `dry_run` nothing is stored either, and the report says what would have been. */
    importRefi: (path: UserPath, dry_run: boolean): Promise<RefiImportReport> => call('import_refi', { path, dry_run }),
    /** Imports deployments, incidents or series (date, team, metric, value) from a CSV/TSV or JSON file; the kind is detected from the columns unless `options.kind` says it. Rows that cannot be read are rejected with their line and field; the rest are stored (a row seen before replaces the earlier one). invalid_input names the `field` ("kind", "map", "deployed_at"…). */
    importMetrics: (path: UserPath, options: MetricsImportOptions): Promise<MetricsImportReport> => call('import_metrics', { path, options }),
    /** Metrics per week or month: the organization's roll-up first (team ''), then each team (or only `request.team`); DORA metrics with their bands first, then series. */
    metricsView: (request: MetricsRequest): Promise<MetricsView> => call('metrics_view', { request }),
    /** An item's before/after on the metrics linked to it, around the day it shipped. */
    itemImpact: (request: ImpactRequest): Promise<Impact> => call('item_impact', { request }),
    /** Replaces the metrics linked to an item and its ship day set by hand, then measures it (8-week window). */
    saveItemMetrics: (input: ItemMetricsInput): Promise<Impact> => call('save_item_metrics', { input }),
    /** What shipped items' realized impact suggests for planned items' confidence. */
    trackRecord: (): Promise<Array<TrackRecord>> => call('track_record', {}),
    /** Applies the track record (stored apart from typed confidences; applying again changes nothing); returns the records as applied. */
    applyTrackRecord: (): Promise<Array<TrackRecord>> => call('apply_track_record', {}),
    /** Interview guides, by name, with their question and interview counts. */
    listGuides: (): Promise<Array<GuideSummary>> => call('list_guides', {}),
    /** One guide: its questions (with sections, hints, follow-ups) and attached interviews. */
    getGuide: (id: number): Promise<Guide> => call('get_guide', { id }),
    /** Creates a guide from its questions; invalid_input names the `field` ("name", "questions.3"). */
    createGuide: (input: GuideInput): Promise<Guide> => call('create_guide', { input }),
    /** Creates a guide from Markdown or plain text (headings → sections, questions as lines or items ending in '?' or opening with Describe/Tell/Walk…, indented items → follow-ups, "(Nudge: …)" → hint); `name` (else its `# Heading`) names it. */
    createGuideFromText: (name: string | null, text: string): Promise<Guide> => call('create_guide_from_text', { name, text }),
    /** Creates a guide from a Markdown or text file (the app: chosen or dropped this session); invalid_input with field "file" when it holds no questions. */
    importGuide: (path: UserPath, name: string | null): Promise<Guide> => call('import_guide', { path, name }),
    /** Renames a guide. */
    renameGuide: (id: number, name: string): Promise<Guide> => call('rename_guide', { id, name }),
    /** Deletes a guide and its links to interviews; the interviews are untouched. */
    deleteGuide: (id: number): Promise<null> => call('delete_guide', { id }),
    /** Attaches interviews to a guide (they followed it). */
    attachToGuide: (id: number, interviews: Array<number>): Promise<Guide> => call('attach_to_guide', { id, interviews }),
    /** Detaches interviews from a guide. */
    detachFromGuide: (id: number, interviews: Array<number>): Promise<Guide> => call('detach_from_guide', { id, interviews }),
    /** An interview split into a guide's sections: which turn (or heading) asks which question and what was answered. */
    guideSections: (id: number, interview: number): Promise<InterviewSections> => call('guide_sections', { id, interview }),
    /** What every attached interview answered to question `question` (from 1). */
    guideAnswers: (id: number, question: number): Promise<Array<Answer>> => call('guide_answers', { id, question }),
    /** Per question, how many attached interviews answer it. */
    guideCoverage: (id: number): Promise<Array<QuestionCoverage>> => call('guide_coverage', { id }),
    /** The notes a new interview following the guide starts with: a heading per question. */
    guideNotes: (id: number): Promise<string> => call('guide_notes', { id }),
  };
}

/** The typed core commands. */
export type CoreCommands = ReturnType<typeof coreCommands>;
