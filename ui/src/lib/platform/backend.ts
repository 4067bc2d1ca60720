// The one interface the UI talks to. Implemented by `tauri.ts` (the real app) and
// `fake.ts` (in-memory, for tests). This module must never import the Tauri packages.
import { getContext, setContext } from 'svelte';
import type { ApiError } from '../bindings/ApiError';
import type { DocumentView } from '../bindings/DocumentView';
import type { ErrorCode } from '../bindings/ErrorCode';
import type { FacetFilter } from '../bindings/FacetFilter';
import type { Granularity } from '../bindings/Granularity';
import type { ImportBatch } from '../bindings/ImportBatch';
import type { ImportOptions } from '../bindings/ImportOptions';
import type { ImportPreview } from '../bindings/ImportPreview';
import type { ImportReport } from '../bindings/ImportReport';
import type { Interview } from '../bindings/Interview';
import type { InterviewFacets } from '../bindings/InterviewFacets';
import type { InterviewFilter } from '../bindings/InterviewFilter';
import type { InterviewInput } from '../bindings/InterviewInput';
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
  renderMarkdown(text: string): Promise<string>;
  reindex(): Promise<number>;
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
  /** Progress of the running import. Returns an unsubscribe function. */
  onImportProgress(cb: (progress: Progress) => void): Promise<() => void>;
  /** Native folder picker; null when the user cancels. */
  pickFolder(): Promise<string | null>;
  /** Native open dialog for an export file; null when the user cancels. */
  pickImportFile(): Promise<string | null>;
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
