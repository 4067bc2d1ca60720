// The only module that imports `@tauri-apps/*`.
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { getCurrentWindow } from '@tauri-apps/api/window';
import type { Progress } from '../bindings/Progress';
import type { IndexProgress } from '../bindings/IndexProgress';
import { EXPORT_FORMATS } from '../util/export';
import type { Call, CoreCommand, HostCommand } from '../bindings/commands';
import type { Backend } from './backend';
import { createBackend, toApiError } from './backend';

/** Runs one command of the core's table through the shell's single `call` command. */
const call: Call = async <T>(command: CoreCommand, args: Record<string, unknown>): Promise<T> => {
  try {
    return await invoke<T>('call', { command, args });
  } catch (e) {
    throw toApiError(e);
  }
};

/** Runs one of the shell's host commands. */
async function host<T>(command: HostCommand, args: Record<string, unknown> = {}): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toApiError(e);
  }
}

/** A native dialog, shown by the shell (`choose_path`), which then lets the core use what the user chose. */
type Dialog = {
  dialog: 'open' | 'save' | 'folder';
  title?: string;
  defaultPath?: string;
  filter?: { name: string; extensions: string[] };
};

/**
 * What the user chose in a dialog or dropped this session: the shell granted these, so a typed
 * path among them needs no dialog. (Only a convenience: the shell keeps its own list and refuses
 * any other path.)
 */
const chosen = new Set<string>();

/** Shows a native dialog through the shell; null when the user cancels. */
async function choosePath(d: Dialog): Promise<string | null> {
  const picked = await host<string | null>('choose_path', d);
  if (picked !== null) chosen.add(picked);
  return picked;
}

/** A full path (the core refuses others with its own message). */
const isAbsolute = (path: string): boolean => path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');

/** What the shell tells of files dragged over the window (it grants dropped files first). */
type FileDrop = { type: 'enter' } | { type: 'leave' } | { type: 'drop'; paths: string[] };

/** Runs a plugin or event call, normalizing what it throws into an ApiError. */
async function wrap<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw toApiError(e);
  }
}

export function createTauriBackend(): Backend {
  return createBackend(call, {
    openWorkspace: (path) => host('open_workspace', { path }),
    openDemoWorkspace: () => host('open_demo_workspace'),
    cancelImport: async () => {
      await host<null>('cancel_import');
    },
    openExport: async (path) => {
      await host<null>('open_export', { path });
    },
    revealExport: async (path) => {
      await host<null>('reveal_export', { path });
    },
    openSource: async (document) => {
      await host<null>('open_source', { document });
    },
    chooseExportPath: (defaultPath, format) => {
      const f = EXPORT_FORMATS[format];
      return choosePath({ dialog: 'save', title: 'Export to', defaultPath, filter: { name: f.filter, extensions: f.extensions } });
    },
    chooseBackupPath: (defaultPath) =>
      choosePath({
        dialog: 'save',
        title: 'Back up workspace to',
        defaultPath,
        filter: { name: 'SQLite database', extensions: ['sqlite3'] },
      }),
    onImportProgress: (cb) => wrap(() => listen<Progress>('import-progress', (event) => cb(event.payload))),
    onIndexProgress: (cb) => wrap(() => listen<IndexProgress>('index-progress', (event) => cb(event.payload))),
    pickFolder: () => choosePath({ dialog: 'folder', title: 'Open workspace folder' }),
    pickImportFile: () =>
      choosePath({
        dialog: 'open',
        filter: { name: 'Exports and transcripts', extensions: ['csv', 'tsv', 'txt', 'json', 'xlsx', 'xls', 'ods', 'md', 'vtt', 'srt', 'docx'] },
      }),
    pickMetricsFile: () =>
      choosePath({
        dialog: 'open',
        title: 'Import metrics',
        filter: { name: 'Deployments, incidents or series', extensions: ['csv', 'tsv', 'json'] },
      }),
    pickSavePath: (defaultName) =>
      choosePath({ dialog: 'save', defaultPath: defaultName, filter: { name: 'CSV', extensions: ['csv'] } }),
    confirmPath: async (path, dialog) => {
      if (path === '' || !isAbsolute(path) || chosen.has(path)) return path;
      return choosePath({ dialog, title: dialog === 'save' ? 'Save to' : 'Open', defaultPath: path });
    },
    onFileDrop: (cb, onHover) =>
      wrap(() =>
        listen<FileDrop>('file-drop', (event) => {
          const p = event.payload;
          if (p.type === 'drop') {
            for (const path of p.paths) chosen.add(path);
            onHover?.(false);
            cb(p.paths);
          } else if (p.type === 'enter') {
            onHover?.(true);
          } else if (p.type === 'leave') {
            onHover?.(false);
          }
        }),
      ),
    onCloseRequested: async (cb) => {
      // Tauri awaits this handler before destroying the window, so the pending save lands.
      return getCurrentWindow().onCloseRequested(async () => {
        await cb();
      });
    },
  });
}
