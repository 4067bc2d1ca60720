// The only module that imports `@tauri-apps/*`.
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { getCurrentWebview } from '@tauri-apps/api/webview';
import { getCurrentWindow } from '@tauri-apps/api/window';
import { open, save } from '@tauri-apps/plugin-dialog';
import type { Progress } from '../bindings/Progress';
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
    chooseExportPath: (defaultPath, format) =>
      wrap(async () => {
        const f = EXPORT_FORMATS[format];
        const picked = await save({ title: 'Export to', defaultPath, filters: [{ name: f.filter, extensions: f.extensions }] });
        return typeof picked === 'string' ? picked : null;
      }),
    chooseBackupPath: (defaultPath) =>
      wrap(async () => {
        const picked = await save({
          title: 'Back up workspace to',
          defaultPath,
          filters: [{ name: 'SQLite database', extensions: ['sqlite3'] }],
        });
        return typeof picked === 'string' ? picked : null;
      }),
    onImportProgress: (cb) => wrap(() => listen<Progress>('import-progress', (event) => cb(event.payload))),
    pickFolder: () =>
      wrap(async () => {
        const picked = await open({ directory: true, multiple: false, title: 'Open workspace folder' });
        return typeof picked === 'string' ? picked : null;
      }),
    pickImportFile: () =>
      wrap(async () => {
        const picked = await open({
          multiple: false,
          directory: false,
          filters: [{ name: 'Exports', extensions: ['csv', 'tsv', 'txt', 'json', 'xlsx', 'xls', 'ods', 'md'] }],
        });
        return typeof picked === 'string' ? picked : null;
      }),
    pickMetricsFile: () =>
      wrap(async () => {
        const picked = await open({
          multiple: false,
          directory: false,
          title: 'Import metrics',
          filters: [{ name: 'Deployments, incidents or series', extensions: ['csv', 'tsv', 'json'] }],
        });
        return typeof picked === 'string' ? picked : null;
      }),
    pickSavePath: (defaultName) =>
      wrap(async () => {
        const picked = await save({ defaultPath: defaultName, filters: [{ name: 'CSV', extensions: ['csv'] }] });
        return typeof picked === 'string' ? picked : null;
      }),
    onFileDrop: (cb, onHover) =>
      wrap(() =>
        getCurrentWebview().onDragDropEvent((event) => {
          const p = event.payload;
          if (p.type === 'drop') {
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
