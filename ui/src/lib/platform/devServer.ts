// `npm run dev` opened in a plain browser has no Tauri shell: the dev server (vite.config.ts)
// runs `groundwork serve` on a demo workspace and forwards `/__groundwork` to it, so the browser
// shows the real core's answers. Dialogs become prompts. Production builds drop this module.
import type { CoreCommand } from '../bindings/commands';
import type { WorkspaceStatus } from '../bindings/WorkspaceStatus';
import { createBackend, toApiError, type Backend } from './backend';

async function request<T>(command: string, args: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch('/__groundwork', { method: 'POST', body: JSON.stringify({ command, args }) });
  const answer = (await res.json()) as { ok?: T; error?: unknown };
  if ('error' in answer && answer.error) throw toApiError(answer.error);
  return answer.ok as T;
}

const ask = async (what: string, initial = ''): Promise<string | null> => window.prompt(what, initial);

export function devServerBackend(): Backend {
  return createBackend(<T>(command: CoreCommand, args: Record<string, unknown>) => request<T>(command, args), {
    openWorkspace: (path) => request<WorkspaceStatus>('open_workspace', { path }),
    openDemoWorkspace: () => request<WorkspaceStatus>('open_demo_workspace'),
    cancelImport: async () => {
      await request('cancel_import');
    },
    openExport: async (path) => {
      window.alert(`Exported to ${path}`);
    },
    revealExport: async (path) => {
      window.alert(`Exported to ${path}`);
    },
    openSource: async (document) => {
      const url = await request<string | null>('source_url', { document });
      if (url !== null) window.open(url, '_blank', 'noopener');
    },
    chooseExportPath: (defaultPath) => ask('Export to (full path)', defaultPath),
    chooseBackupPath: (defaultPath) => ask('Back up to (full path)', defaultPath),
    onImportProgress: async () => () => {},
    onIndexProgress: async () => () => {},
    pickFolder: () => ask('Workspace folder (full path)'),
    pickImportFile: () => ask('File to import (full path)'),
    pickMetricsFile: () => ask('Metrics file to import (full path)'),
    pickSavePath: (defaultName) => ask('Save to (full path)', defaultName),
    confirmPath: async (path) => path,
    onFileDrop: async () => () => {},
    onCloseRequested: async () => () => {},
  });
}
