// The one interface the UI talks to. Implemented over the real core by `tauri.ts` (the app),
// `devServer.ts` (browser dev mode, through `groundwork serve`) and the tests' `src/test/core.ts`.
// This module must never import the Tauri packages.
import { getContext, setContext } from 'svelte';
import type { ApiError } from '../bindings/ApiError';
import { coreCommands, type Call, type Command, type CoreCommands } from '../bindings/commands';
import type { ErrorCode } from '../bindings/ErrorCode';
import type { ExportFormat } from '../bindings/ExportFormat';
import type { Progress } from '../bindings/Progress';
import type { IndexProgress } from '../bindings/IndexProgress';
import type { WorkspaceStatus } from '../bindings/WorkspaceStatus';

/** Every command name: the core's table and the host commands (generated from src/api). */
export type CommandName = Command;

/**
 * What only a host can do: switch the open workspace, stop an import, hand a file to the desktop,
 * native dialogs and window events. Everything else is a core command (`CoreCommands`, generated
 * from the table in src/api/table.rs).
 */
export interface Host {
  /** Opens (creating if needed) the workspace in `path`; the current one stays open if that fails. */
  openWorkspace(path: string): Promise<WorkspaceStatus>;
  /** Opens the demo workspace, seeding it the first time. */
  openDemoWorkspace(): Promise<WorkspaceStatus>;
  /** Stops the running import, if any: it rejects with code `cancelled` and stores nothing. */
  cancelImport(): Promise<void>;
  /** Opens a file exported this session with the desktop's default app. */
  openExport(path: string): Promise<void>;
  /** Shows a file exported this session in its folder. */
  revealExport(path: string): Promise<void>;
  /** Opens a ticket's page in its tracker in the browser (the link the core holds for that document). */
  openSource(document: number): Promise<void>;
  /** Native save dialog for an export in `format`, starting at `defaultPath`; null when the user cancels. */
  chooseExportPath(defaultPath: string, format: ExportFormat): Promise<string | null>;
  /** Native save dialog for a backup, starting at `defaultPath`; null when the user cancels. */
  chooseBackupPath(defaultPath: string): Promise<string | null>;
  /** Progress of the running import. Returns an unsubscribe function. */
  onImportProgress(cb: (progress: Progress) => void): Promise<() => void>;
  /** Listens to how a rebuild of the search index goes while a workspace opens; resolves to an unsubscribe function. */
  onIndexProgress(cb: (progress: IndexProgress) => void): Promise<() => void>;
  /** Native folder picker; null when the user cancels. */
  pickFolder(): Promise<string | null>;
  /** Native open dialog for an export file; null when the user cancels. */
  pickImportFile(): Promise<string | null>;
  /** Native open dialog for a metrics file (CSV, TSV or JSON); null when the user cancels. */
  pickMetricsFile(): Promise<string | null>;
  /** Native save dialog for a CSV file; null when the user cancels. */
  pickSavePath(defaultName: string): Promise<string | null>;
  /**
   * A path the user typed, made one the core will use: the desktop app, whose core uses only
   * files chosen in its dialogs or dropped on the window, asks in its open or save dialog
   * (starting at `path`) unless the user chose `path` there already; other hosts return it as is.
   * Null when the user cancels.
   */
  confirmPath(path: string, dialog: 'open' | 'save'): Promise<string | null>;
  /**
   * Files dropped onto the window. `onHover` (optional) reports whether files are being
   * dragged over it. Returns an unsubscribe function.
   */
  onFileDrop(cb: (paths: string[]) => void, onHover?: (over: boolean) => void): Promise<() => void>;
  /** Runs `cb` (awaited) before the window closes. Returns an unsubscribe function. */
  onCloseRequested(cb: () => Promise<void>): Promise<() => void>;
}

/** The one interface the UI talks to: the core's commands and the host's. */
export type Backend = CoreCommands & Host;

/** A backend from a host's `call` (the core's table) and its host functions. */
export function createBackend(call: Call, host: Host): Backend {
  return { ...coreCommands(call), ...host };
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
  conflict: true,
  needs_confirmation: true,
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
