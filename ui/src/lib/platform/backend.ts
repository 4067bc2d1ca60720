// The one interface the UI talks to. Implemented by `tauri.ts` (the real app) and
// `fake.ts` (in-memory, for tests). This module must never import the Tauri packages.
import { getContext, setContext } from 'svelte';
import type { ApiError } from '../bindings/ApiError';
import type { BackupReport } from '../bindings/BackupReport';
import type { CheckReport } from '../bindings/CheckReport';
import type { DocumentView } from '../bindings/DocumentView';
import type { CompareRequest } from '../bindings/CompareRequest';
import type { Comparison } from '../bindings/Comparison';
import type { Item } from '../bindings/Item';
import type { ItemDetail } from '../bindings/ItemDetail';
import type { ItemFromEvidence } from '../bindings/ItemFromEvidence';
import type { ItemInput } from '../bindings/ItemInput';
import type { ItemLink } from '../bindings/ItemLink';
import type { LinkInput } from '../bindings/LinkInput';
import type { Model } from '../bindings/Model';
import type { ModelInput } from '../bindings/ModelInput';
import type { Ranking } from '../bindings/Ranking';
import type { RankRequest } from '../bindings/RankRequest';
import type { Sensitivity } from '../bindings/Sensitivity';
import type { SensitivityRequest } from '../bindings/SensitivityRequest';
import type { SnapshotDiff } from '../bindings/SnapshotDiff';
import type { SnapshotInfo } from '../bindings/SnapshotInfo';
import type { ErrorCode } from '../bindings/ErrorCode';
import type { ExportFormat } from '../bindings/ExportFormat';
import type { ExportOptions } from '../bindings/ExportOptions';
import type { ExportReport } from '../bindings/ExportReport';
import type { FacetFilter } from '../bindings/FacetFilter';
import type { Granularity } from '../bindings/Granularity';
import type { ImportBatch } from '../bindings/ImportBatch';
import type { ImportOptions } from '../bindings/ImportOptions';
import type { ImportPreview } from '../bindings/ImportPreview';
import type { ImportReport } from '../bindings/ImportReport';
import type { Impact } from '../bindings/Impact';
import type { ImpactRequest } from '../bindings/ImpactRequest';
import type { Interview } from '../bindings/Interview';
import type { InterviewFacets } from '../bindings/InterviewFacets';
import type { InterviewFilter } from '../bindings/InterviewFilter';
import type { InterviewInput } from '../bindings/InterviewInput';
import type { ItemMetricsInput } from '../bindings/ItemMetricsInput';
import type { MetricsImportOptions } from '../bindings/MetricsImportOptions';
import type { MetricsImportReport } from '../bindings/MetricsImportReport';
import type { MetricsRequest } from '../bindings/MetricsRequest';
import type { MetricsView } from '../bindings/MetricsView';
import type { PaletteEntry } from '../bindings/PaletteEntry';
import type { Progress } from '../bindings/Progress';
import type { Quote } from '../bindings/Quote';
import type { Rejected } from '../bindings/Rejected';
import type { SearchRequest } from '../bindings/SearchRequest';
import type { SearchResults } from '../bindings/SearchResults';
import type { SuggestedTheme } from '../bindings/SuggestedTheme';
import type { SurveyInfo } from '../bindings/SurveyInfo';
import type { SurveySummary } from '../bindings/SurveySummary';
import type { Team } from '../bindings/Team';
import type { TeamInput } from '../bindings/TeamInput';
import type { Theme } from '../bindings/Theme';
import type { ThemeInput } from '../bindings/ThemeInput';
import type { ThemeOverview } from '../bindings/ThemeOverview';
import type { ThemeSummary } from '../bindings/ThemeSummary';
import type { TrackRecord } from '../bindings/TrackRecord';
import type { WorkspaceStatus } from '../bindings/WorkspaceStatus';
import type { Command } from '../bindings/Command';

/** Every Tauri command the shell exposes, by name (generated from src-tauri/build.rs). */
export type CommandName = Command;

export interface Backend {
  workspaceStatus(): Promise<WorkspaceStatus>;
  openWorkspace(path: string): Promise<WorkspaceStatus>;
  openDemoWorkspace(): Promise<WorkspaceStatus>;
  listInterviews(filter: InterviewFilter): Promise<Interview[]>;
  getInterview(id: number): Promise<Interview>;
  saveInterview(input: InterviewInput): Promise<Interview>;
  deleteInterview(id: number): Promise<void>;
  restoreInterview(id: number): Promise<Interview>;
  interviewFacets(): Promise<InterviewFacets>;
  listTeams(): Promise<Team[]>;
  saveTeam(input: TeamInput): Promise<Team>;
  deleteTeam(id: number): Promise<void>;
  /** One page of hits (`offset`, `limit`), and the facet counts when `facets` is set. */
  search(request: SearchRequest): Promise<SearchResults>;
  /** A document's whole text with the matches of `query` marked. */
  openDocument(id: number, query: string): Promise<DocumentView>;
  /** Saved themes by name, each with its figures as of now. */
  listThemes(): Promise<ThemeOverview[]>;
  /** Creates (`id` null) or renames / re-queries a theme; invalid_input names the `field`. */
  saveTheme(input: ThemeInput): Promise<Theme>;
  /** Deletes a theme and its quotes. */
  deleteTheme(id: number): Promise<void>;
  /** A theme's figures (trend bucketed `by` week or month), evidence and quotes. */
  themeSummary(id: number, by: Granularity): Promise<ThemeSummary>;
  /** Pins a passage of a document to a theme. */
  pinQuote(theme: number, document: number, text: string): Promise<Quote>;
  unpinQuote(quote: number): Promise<void>;
  /** Phrases that stand out in the workspace, strongest first. */
  suggestThemes(): Promise<SuggestedTheme[]>;
  /**
   * The command palette's matches for `query`, best first: interviews, tickets, notes, surveys,
   * themes, teams and actions by fuzzy name. An empty query lists the actions.
   */
  palette(query: string): Promise<PaletteEntry[]>;
  /** Roadmap items, by id. */
  listItems(): Promise<Item[]>;
  /** An item with its evidence links, what they add up to, and every input resolved. */
  getItem(id: number): Promise<ItemDetail>;
  /**
   * Creates (`id` null) or updates an item; a status change is recorded with its date. Manual
   * inputs replace the stored set. invalid_input names the `field` ("title", "effort_low",
   * "inputs.confidence").
   */
  saveItem(input: ItemInput): Promise<Item>;
  /** Deletes an item and its evidence links. */
  deleteItem(id: number): Promise<void>;
  /** Links a theme, a document or a quoted passage to an item (linking twice is a no-op). */
  linkItem(input: LinkInput): Promise<ItemLink>;
  /** Removes an evidence link. */
  unlinkItem(link: number): Promise<void>;
  /** Creates an item from a theme (`{theme}`) or a quote (`{document, quote}`), linked to it. */
  itemFromEvidence(input: ItemFromEvidence): Promise<ItemDetail>;
  /** Scoring models: the presets (rice, ice, wsjf, weighted, roi, time-saved), then the workspace's own. */
  listModels(): Promise<Model[]>;
  /** Saves a model after checking it (under a preset's name: customizes the preset); invalid_input names the `field`. */
  saveModel(input: ModelInput): Promise<Model>;
  /** Restores a customized preset, or deletes a workspace model. */
  resetModel(name: string): Promise<Model>;
  /** Ranks the items; `request.draft` ranks with unsaved model changes without storing them. */
  rank(request: RankRequest): Promise<Ranking>;
  /** How stable the ranking is under perturbed weights and the inputs' ranges (Monte Carlo). */
  sensitivity(request: SensitivityRequest): Promise<Sensitivity>;
  /** Two scenarios (models or drafts) side by side, with Spearman's rank correlation. */
  compareScenarios(request: CompareRequest): Promise<Comparison>;
  /** Saves the ranking `request` describes under `name` (unique, not "now"). */
  saveSnapshot(name: string, request: RankRequest): Promise<SnapshotInfo>;
  /** Saved snapshots, newest first. */
  listSnapshots(): Promise<SnapshotInfo[]>;
  deleteSnapshot(name: string): Promise<void>;
  /** What moved between snapshot `from` and snapshot `to`, or "now" (the current ranking with `from`'s model). */
  snapshotDiff(from: string, to: string): Promise<SnapshotDiff>;
  /**
   * Where an export goes unless the user says otherwise: a full path in ~/Documents (else home),
   * named after what it holds and today (groundwork-roadmap-rice-2026-12-02.html).
   */
  exportDefaultPath(options: ExportOptions): Promise<string>;
  /**
   * Exports the roadmap (html, xlsx, csv, md, json), a search's matches or themes (csv, md, json)
   * to `path`, replacing it atomically. invalid_input names the `field`: "path" (not a full path),
   * "out" (no such folder), "format", "model", "team", "query", "theme".
   */
  exportToFile(options: ExportOptions, path: string): Promise<ExportReport>;
  /** Opens a file exported this session with the desktop's default app. */
  openExport(path: string): Promise<void>;
  /** Shows a file exported this session in its folder. */
  revealExport(path: string): Promise<void>;
  /** Native save dialog for an export in `format`, starting at `defaultPath`; null when the user cancels. */
  chooseExportPath(defaultPath: string, format: ExportFormat): Promise<string | null>;
  renderMarkdown(text: string): Promise<string>;
  reindex(): Promise<number>;
  /** Where the Back up… dialog starts: `groundwork-backup-<today>.sqlite3` in Documents. */
  backupDefaultPath(): Promise<string>;
  /** Native save dialog for a backup, starting at `defaultPath`; null when the user cancels. */
  chooseBackupPath(defaultPath: string): Promise<string | null>;
  /**
   * Writes a consistent copy of the workspace's database to `path` (a new file). invalid_input
   * with field "file" when `path` exists, is a folder, is not a full path, or is the database itself.
   */
  backupWorkspace(path: string): Promise<BackupReport>;
  /** Checks the database and that the search index holds exactly the live documents. */
  checkWorkspace(): Promise<CheckReport>;
  /** Reads the head of a file and how it would import; stores nothing. */
  previewImport(path: string, options: ImportOptions): Promise<ImportPreview>;
  /** Imports a file. Rejects with code `cancelled` (nothing stored) after `cancelImport`. */
  importFile(path: string, options: ImportOptions): Promise<ImportReport>;
  /** Stops the running import, if any. */
  cancelImport(): Promise<void>;
  /** Import batches, newest first. */
  listImports(): Promise<ImportBatch[]>;
  undoImport(batch: number): Promise<ImportBatch>;
  /** Writes rejected rows as CSV to `path`. */
  saveRejected(path: string, rejected: Rejected[]): Promise<void>;
  /** Imported surveys. */
  listSurveys(): Promise<SurveyInfo[]>;
  /** Figures of survey `id` for the respondents matching every filter (none: everyone). */
  surveySummary(id: number, filters: FacetFilter[]): Promise<SurveySummary>;
  /**
   * Imports deployments, incidents or series (date, team, metric, value) from a CSV/TSV or JSON
   * file; the kind is detected from the columns unless `options.kind` says it. Rows that cannot
   * be read are rejected with their line and field; the rest are stored (a row seen before
   * replaces the earlier one). invalid_input names the `field` ("kind", "map", "deployed_at"…).
   */
  importMetrics(path: string, options: MetricsImportOptions): Promise<MetricsImportReport>;
  /**
   * Metrics per week or month: the organization's roll-up first (team ''), then each team (or only
   * `request.team`); DORA metrics with their bands first, then series.
   */
  metricsView(request: MetricsRequest): Promise<MetricsView>;
  /** An item's before/after on the metrics linked to it, around the day it shipped. */
  itemImpact(request: ImpactRequest): Promise<Impact>;
  /** Replaces the metrics linked to an item and its ship day set by hand, then measures it (8-week window). */
  saveItemMetrics(input: ItemMetricsInput): Promise<Impact>;
  /** What shipped items' realized impact suggests for planned items' confidence. */
  trackRecord(): Promise<TrackRecord[]>;
  /** Sets each suggested confidence; returns what was applied. */
  applyTrackRecord(): Promise<TrackRecord[]>;
  /** Progress of the running import. Returns an unsubscribe function. */
  onImportProgress(cb: (progress: Progress) => void): Promise<() => void>;
  /** Native folder picker; null when the user cancels. */
  pickFolder(): Promise<string | null>;
  /** Native open dialog for an export file; null when the user cancels. */
  pickImportFile(): Promise<string | null>;
  /** Native open dialog for a metrics file (CSV, TSV or JSON); null when the user cancels. */
  pickMetricsFile(): Promise<string | null>;
  /** Native save dialog for a CSV file; null when the user cancels. */
  pickSavePath(defaultName: string): Promise<string | null>;
  /**
   * Files dropped onto the window. `onHover` (optional) reports whether files are being
   * dragged over it. Returns an unsubscribe function.
   */
  onFileDrop(cb: (paths: string[]) => void, onHover?: (over: boolean) => void): Promise<() => void>;
  /** Runs `cb` (awaited) before the window closes. Returns an unsubscribe function. */
  onCloseRequested(cb: () => Promise<void>): Promise<() => void>;
}

// A record, so a code added to the Rust enum fails the type check until it is listed here.
const ERROR_CODE_SET: Record<ErrorCode, true> = {
  invalid_input: true,
  not_found: true,
  workspace_too_new: true,
  workspace_read_only: true,
  workspace_locked: true,
  database: true,
  index: true,
  io: true,
  cancelled: true,
  internal: true,
};
const ERROR_CODES = Object.keys(ERROR_CODE_SET) as readonly ErrorCode[];

export function apiError(code: ErrorCode, message: string, field: string | null = null): ApiError {
  return { code, message, field };
}

export function isApiError(value: unknown): value is ApiError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && (ERROR_CODES as readonly string[]).includes(v.code) && typeof v.message === 'string';
}

/** Normalizes anything thrown across the boundary into an ApiError. */
export function toApiError(value: unknown): ApiError {
  if (isApiError(value)) {
    return { code: value.code, message: value.message, field: value.field ?? null };
  }
  if (value instanceof Error) return apiError('internal', value.message);
  if (typeof value === 'string') return apiError('internal', value);
  return apiError('internal', 'Unexpected error');
}

const BACKEND_KEY = Symbol('groundwork.backend');

/** Context entry to pass to `mount(..., { context })` or a test's `render`. */
export function backendContext(backend: Backend): Map<symbol, Backend> {
  return new Map([[BACKEND_KEY, backend]]);
}

export function setBackend(backend: Backend): void {
  setContext(BACKEND_KEY, backend);
}

export function getBackend(): Backend {
  const backend = getContext<Backend | undefined>(BACKEND_KEY);
  if (!backend) throw new Error('No Backend in context: mount the app with backendContext(...)');
  return backend;
}

/**
 * Holds a backend subscription for a component's lifetime: returns the cleanup to hand back from
 * `onMount`. The subscription resolves asynchronously, so a component destroyed before it resolves
 * still unsubscribes.
 */
export function holdSubscription(
  subscribe: Promise<() => void>,
  onError: (e: unknown) => void,
): () => void {
  let unlisten: (() => void) | null = null;
  let destroyed = false;
  subscribe.then(
    (off) => {
      if (destroyed) off();
      else unlisten = off;
    },
    onError,
  );
  return () => {
    destroyed = true;
    unlisten?.();
  };
}
