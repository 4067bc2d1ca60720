// The one interface the UI talks to. Implemented by `tauri.ts` (the real app) and
// `fake.ts` (in-memory, for tests). This module must never import the Tauri packages.
import { getContext, setContext } from 'svelte';
import type { ApiError } from '../bindings/ApiError';
import type { ErrorCode } from '../bindings/ErrorCode';
import type { Interview } from '../bindings/Interview';
import type { InterviewFacets } from '../bindings/InterviewFacets';
import type { InterviewFilter } from '../bindings/InterviewFilter';
import type { InterviewInput } from '../bindings/InterviewInput';
import type { SearchRequest } from '../bindings/SearchRequest';
import type { SearchResults } from '../bindings/SearchResults';
import type { Team } from '../bindings/Team';
import type { TeamInput } from '../bindings/TeamInput';
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
  search(request: SearchRequest): Promise<SearchResults>;
  renderMarkdown(text: string): Promise<string>;
  reindex(): Promise<number>;
  /** Native folder picker; null when the user cancels. */
  pickFolder(): Promise<string | null>;
  /** Runs `cb` (awaited) before the window closes. Returns an unsubscribe function. */
  onCloseRequested(cb: () => Promise<void>): Promise<() => void>;
}

const ERROR_CODES: readonly ErrorCode[] = [
  'invalid_input',
  'not_found',
  'workspace_too_new',
  'workspace_read_only',
  'workspace_locked',
  'database',
  'index',
  'io',
  'internal',
];

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
