// The only module that imports `@tauri-apps/*`.
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { getCurrentWebview } from '@tauri-apps/api/webview';
import { getCurrentWindow } from '@tauri-apps/api/window';
import { open, save } from '@tauri-apps/plugin-dialog';
import type { Progress } from '../bindings/Progress';
import { EXPORT_FORMATS } from '../util/export';
import type { Backend, CommandName } from './backend';
import { toApiError } from './backend';

async function call<T>(command: CommandName, args: Record<string, unknown> = {}): Promise<T> {
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
  return {
    workspaceStatus: () => call('workspace_status'),
    openWorkspace: (path) => call('open_workspace', { path }),
    openDemoWorkspace: () => call('open_demo_workspace'),
    listInterviews: (filter) => call('list_interviews', { filter }),
    getInterview: (id) => call('get_interview', { id }),
    saveInterview: (input) => call('save_interview', { input }),
    deleteInterview: async (id) => {
      await call<null>('delete_interview', { id });
    },
    restoreInterview: (id) => call('restore_interview', { id }),
    interviewFacets: () => call('interview_facets'),
    listTeams: () => call('list_teams'),
    saveTeam: (input) => call('save_team', { input }),
    deleteTeam: async (id) => {
      await call<null>('delete_team', { id });
    },
    search: (request) => call('search', { request }),
    openDocument: (id, query) => call('open_document', { id, query }),
    listThemes: () => call('list_themes'),
    saveTheme: (input) => call('save_theme', { input }),
    deleteTheme: async (id) => {
      await call<null>('delete_theme', { id });
    },
    themeSummary: (id, by) => call('theme_summary', { id, by }),
    pinQuote: (theme, document, text) => call('pin_quote', { theme, document, text }),
    unpinQuote: async (quote) => {
      await call<null>('unpin_quote', { quote });
    },
    suggestThemes: () => call('suggest_themes'),
    palette: (query) => call('palette', { query }),
    listItems: () => call('list_items'),
    getItem: (id) => call('get_item', { id }),
    saveItem: (input) => call('save_item', { input }),
    deleteItem: async (id) => {
      await call<null>('delete_item', { id });
    },
    linkItem: (input) => call('link_item', { input }),
    unlinkItem: async (link) => {
      await call<null>('unlink_item', { link });
    },
    itemFromEvidence: (input) => call('item_from_evidence', { input }),
    listModels: () => call('list_models'),
    saveModel: (input) => call('save_model', { input }),
    resetModel: (name) => call('reset_model', { name }),
    rank: (request) => call('rank', { request }),
    sensitivity: (request) => call('sensitivity', { request }),
    compareScenarios: (request) => call('compare_scenarios', { request }),
    saveSnapshot: (name, request) => call('save_snapshot', { name, request }),
    listSnapshots: () => call('list_snapshots'),
    deleteSnapshot: async (name) => {
      await call<null>('delete_snapshot', { name });
    },
    snapshotDiff: (from, to) => call('snapshot_diff', { from, to }),
    exportDefaultPath: (options) => call('export_default_path', { options }),
    exportToFile: (options, path) => call('export_to_file', { options, path }),
    openExport: async (path) => {
      await call<null>('open_export', { path });
    },
    revealExport: async (path) => {
      await call<null>('reveal_export', { path });
    },
    chooseExportPath: (defaultPath, format) =>
      wrap(async () => {
        const f = EXPORT_FORMATS[format];
        const picked = await save({ title: 'Export to', defaultPath, filters: [{ name: f.filter, extensions: f.extensions }] });
        return typeof picked === 'string' ? picked : null;
      }),
    renderMarkdown: (text) => call('render_markdown', { text }),
    reindex: () => call('reindex'),
    backupDefaultPath: () => call('backup_default_path'),
    chooseBackupPath: (defaultPath) =>
      wrap(async () => {
        const picked = await save({
          title: 'Back up workspace to',
          defaultPath,
          filters: [{ name: 'SQLite database', extensions: ['sqlite3'] }],
        });
        return typeof picked === 'string' ? picked : null;
      }),
    backupWorkspace: (path) => call('backup_workspace', { path }),
    checkWorkspace: () => call('check_workspace'),
    previewImport: (path, options) => call('preview_import', { path, options }),
    importFile: (path, options) => call('import_file', { path, options }),
    cancelImport: async () => {
      await call<null>('cancel_import');
    },
    listImports: () => call('list_imports'),
    undoImport: (batch) => call('undo_import', { batch }),
    saveRejected: async (path, rejected) => {
      await call<null>('save_rejected', { path, rejected });
    },
    listSurveys: () => call('list_surveys'),
    surveySummary: (id, filters) => call('survey_summary', { id, filters }),
    importMetrics: (path, options) => call('import_metrics', { path, options }),
    metricsView: (request) => call('metrics_view', { request }),
    itemImpact: (request) => call('item_impact', { request }),
    saveItemMetrics: (input) => call('save_item_metrics', { input }),
    trackRecord: () => call('track_record'),
    applyTrackRecord: () => call('apply_track_record'),
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
  };
}
