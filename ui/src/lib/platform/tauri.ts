// The only module that imports `@tauri-apps/*`.
import { invoke } from '@tauri-apps/api/core';
import { getCurrentWindow } from '@tauri-apps/api/window';
import { open } from '@tauri-apps/plugin-dialog';
import type { Backend, CommandName } from './backend';
import { toApiError } from './backend';

async function call<T>(command: CommandName, args: Record<string, unknown> = {}): Promise<T> {
  try {
    return await invoke<T>(command, args);
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
    renderMarkdown: (text) => call('render_markdown', { text }),
    reindex: () => call('reindex'),
    pickFolder: async () => {
      try {
        const picked = await open({ directory: true, multiple: false, title: 'Open workspace folder' });
        return typeof picked === 'string' ? picked : null;
      } catch (e) {
        throw toApiError(e);
      }
    },
    onCloseRequested: async (cb) => {
      // Tauri awaits this handler before destroying the window, so the pending save lands.
      return getCurrentWindow().onCloseRequested(async () => {
        await cb();
      });
    },
  };
}
