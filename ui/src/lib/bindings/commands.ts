// Generated from the command table in src/api/table.rs (cargo test -p groundwork). Do not edit.

import type { BackupReport } from './BackupReport';
import type { CheckReport } from './CheckReport';
import type { CompareRequest } from './CompareRequest';
import type { Comparison } from './Comparison';
import type { DocumentView } from './DocumentView';
import type { ExportOptions } from './ExportOptions';
import type { ExportReport } from './ExportReport';
import type { FacetFilter } from './FacetFilter';
import type { Granularity } from './Granularity';
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
import type { Quote } from './Quote';
import type { RankRequest } from './RankRequest';
import type { Ranking } from './Ranking';
import type { Rejected } from './Rejected';
import type { SearchRequest } from './SearchRequest';
import type { SearchResults } from './SearchResults';
import type { Sensitivity } from './Sensitivity';
import type { SensitivityRequest } from './SensitivityRequest';
import type { SnapshotDiff } from './SnapshotDiff';
import type { SnapshotInfo } from './SnapshotInfo';
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
  | 'search'
  | 'open_document'
  | 'render_markdown'
  | 'reindex'
  | 'backup_default_path'
  | 'backup_workspace'
  | 'check_workspace'
  | 'preview_import'
  | 'import_file'
  | 'list_imports'
  | 'undo_import'
  | 'save_rejected'
  | 'list_surveys'
  | 'survey_summary'
  | 'list_themes'
  | 'save_theme'
  | 'delete_theme'
  | 'theme_summary'
  | 'pin_quote'
  | 'unpin_quote'
  | 'suggest_themes'
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
  | 'export_default_path'
  | 'export_to_file'
  | 'import_metrics'
  | 'metrics_view'
  | 'item_impact'
  | 'save_item_metrics'
  | 'track_record'
  | 'apply_track_record';

/** A command only a host implements (src/api/mod.rs `HOST_COMMANDS`). */
export type HostCommand =
  | 'open_workspace'
  | 'open_demo_workspace'
  | 'cancel_import'
  | 'open_export'
  | 'reveal_export';

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
    /** One page of search hits, with facet counts when asked. */
    search: (request: SearchRequest): Promise<SearchResults> => call('search', { request }),
    /** One document in full, every match of `query` marked. */
    openDocument: (id: number, query: string): Promise<DocumentView> => call('open_document', { id, query }),
    /** Markdown rendered to sanitized HTML (the editor's preview). */
    renderMarkdown: (text: string): Promise<string> => call('render_markdown', { text }),
    /** Rebuilds the search index from the database; returns the documents indexed. */
    reindex: (): Promise<number> => call('reindex', {}),
    /** Where the Back up… dialog starts: `groundwork-backup-<today>.sqlite3` in Documents. */
    backupDefaultPath: (): Promise<string> => call('backup_default_path', {}),
    /** Copies the database to `path` (a full path; never overwrites). */
    backupWorkspace: (path: string): Promise<BackupReport> => call('backup_workspace', { path }),
    /** Integrity, foreign keys, whole import batches, and index against database. */
    checkWorkspace: (): Promise<CheckReport> => call('check_workspace', {}),
    /** What importing `path` would do: format, encoding, mapping, the first rows. */
    previewImport: (path: string, options: ImportOptions): Promise<ImportPreview> => call('preview_import', { path, options }),
    /** Imports a file in one transaction, reporting progress; `cancel_import` stops it. */
    importFile: (path: string, options: ImportOptions): Promise<ImportReport> => call('import_file', { path, options }),
    /** Every import, newest first. */
    listImports: (): Promise<Array<ImportBatch>> => call('list_imports', {}),
    /** Takes an import back. */
    undoImport: (batch: number): Promise<ImportBatch> => call('undo_import', { batch }),
    /** Saves an import's rejected rows as CSV. */
    saveRejected: (path: string, rejected: Array<Rejected>): Promise<null> => call('save_rejected', { path, rejected }),
    /** Imported surveys. */
    listSurveys: (): Promise<Array<SurveyInfo>> => call('list_surveys', {}),
    /** A survey's questions with NPS, CSAT, means and distributions, filtered by facets. */
    surveySummary: (id: number, filters: Array<FacetFilter>): Promise<SurveySummary> => call('survey_summary', { id, filters }),
    /** Themes with their current counts. */
    listThemes: (): Promise<Array<ThemeOverview>> => call('list_themes', {}),
    /** Creates or updates a theme (a saved query). */
    saveTheme: (input: ThemeInput): Promise<Theme> => call('save_theme', { input }),
    /** Deletes a theme. */
    deleteTheme: (id: number): Promise<null> => call('delete_theme', { id }),
    /** A theme's figures: documents, teams, people, trend, breakdown, evidence, quotes. */
    themeSummary: (id: number, by: Granularity): Promise<ThemeSummary> => call('theme_summary', { id, by }),
    /** Pins a passage of a document to a theme. */
    pinQuote: (theme: number, document: number, text: string): Promise<Quote> => call('pin_quote', { theme, document, text }),
    /** Removes a pinned quote. */
    unpinQuote: (quote: number): Promise<null> => call('unpin_quote', { quote }),
    /** Phrases that stand out in the workspace, as candidate themes. */
    suggestThemes: (): Promise<Array<SuggestedTheme>> => call('suggest_themes', {}),
    /** The command palette's matches for what was typed. */
    palette: (query: string): Promise<Array<PaletteEntry>> => call('palette', { query }),
    /** Roadmap items. */
    listItems: (): Promise<Array<Item>> => call('list_items', {}),
    /** An item with its links, evidence and resolved inputs. */
    getItem: (id: number): Promise<ItemDetail> => call('get_item', { id }),
    /** Creates or updates an item. */
    saveItem: (input: ItemInput): Promise<Item> => call('save_item', { input }),
    /** Deletes an item. */
    deleteItem: (id: number): Promise<null> => call('delete_item', { id }),
    /** Links a theme, document or quote to an item as evidence. */
    linkItem: (input: LinkInput): Promise<ItemLink> => call('link_item', { input }),
    /** Removes an evidence link. */
    unlinkItem: (link: number): Promise<null> => call('unlink_item', { link }),
    /** Makes an item from a theme or a quote, linked to it. */
    itemFromEvidence: (input: ItemFromEvidence): Promise<ItemDetail> => call('item_from_evidence', { input }),
    /** The workspace's scoring models (presets and saved ones). */
    listModels: (): Promise<Array<Model>> => call('list_models', {}),
    /** Saves a model (a preset's name replaces the preset). */
    saveModel: (input: ModelInput): Promise<Model> => call('save_model', { input }),
    /** Puts a preset back as shipped. */
    resetModel: (name: string): Promise<Model> => call('reset_model', { name }),
    /** The ranking under a model and weights, every score with its breakdown. */
    rank: (request: RankRequest): Promise<Ranking> => call('rank', { request }),
    /** Seeded Monte Carlo over weights and ranged inputs: rank intervals, chance of the top N. */
    sensitivity: (request: SensitivityRequest): Promise<Sensitivity> => call('sensitivity', { request }),
    /** Two models side by side: rank moves and Spearman's ρ. */
    compareScenarios: (request: CompareRequest): Promise<Comparison> => call('compare_scenarios', { request }),
    /** Saves the ranking as a named snapshot. */
    saveSnapshot: (name: string, request: RankRequest): Promise<SnapshotInfo> => call('save_snapshot', { name, request }),
    /** Saved snapshots. */
    listSnapshots: (): Promise<Array<SnapshotInfo>> => call('list_snapshots', {}),
    /** Deletes a snapshot. */
    deleteSnapshot: (name: string): Promise<null> => call('delete_snapshot', { name }),
    /** What moved between two snapshots (or a snapshot and now), and which input moved it. */
    snapshotDiff: (from: string, to: string): Promise<SnapshotDiff> => call('snapshot_diff', { from, to }),
    /** Where the Export dialog suggests saving: a dated file name in Documents. */
    exportDefaultPath: (options: ExportOptions): Promise<string> => call('export_default_path', { options }),
    /** Writes an export (review pack, XLSX, CSV, Markdown, JSON, research) to a full path. */
    exportToFile: (options: ExportOptions, path: string): Promise<ExportReport> => call('export_to_file', { options, path }),
    /** Imports deployments, incidents or metric series. */
    importMetrics: (path: string, options: MetricsImportOptions): Promise<MetricsImportReport> => call('import_metrics', { path, options }),
    /** DORA metrics and satisfaction per team and period. */
    metricsView: (request: MetricsRequest): Promise<MetricsView> => call('metrics_view', { request }),
    /** A shipped item's before/after impact. */
    itemImpact: (request: ImpactRequest): Promise<Impact> => call('item_impact', { request }),
    /** The metrics an item should move, and its ship day. */
    saveItemMetrics: (input: ItemMetricsInput): Promise<Impact> => call('save_item_metrics', { input }),
    /** Planned items' confidence suggested from what shipped. */
    trackRecord: (): Promise<Array<TrackRecord>> => call('track_record', {}),
    /** Applies the track record's suggested confidence. */
    applyTrackRecord: (): Promise<Array<TrackRecord>> => call('apply_track_record', {}),
  };
}

/** The typed core commands. */
export type CoreCommands = ReturnType<typeof coreCommands>;
