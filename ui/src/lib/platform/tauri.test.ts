// The desktop host's paths: dialogs are the shell's `choose_path` (which grants what the user
// chose), dropped files arrive through the shell's `file-drop` event (sent after it granted them),
// and a typed path is confirmed in a dialog unless the user chose it there already.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const { invoke, listeners } = vi.hoisted(() => ({
  invoke: vi.fn(),
  listeners: new Map<string, (event: { payload: unknown }) => void>(),
}));

vi.mock('@tauri-apps/api/core', () => ({ invoke }));
vi.mock('@tauri-apps/api/event', () => ({
  listen: async (name: string, cb: (event: { payload: unknown }) => void) => {
    listeners.set(name, cb);
    return () => listeners.delete(name);
  },
}));
vi.mock('@tauri-apps/api/window', () => ({
  getCurrentWindow: () => ({ onCloseRequested: async () => () => {} }),
}));

import { createTauriBackend } from './tauri';

/** The shell's answers: `picked` for every `choose_path`. */
function shell(picked: string | null): void {
  invoke.mockReset();
  invoke.mockImplementation(async (command: string) => (command === 'choose_path' ? picked : null));
}

const dialogs = () => invoke.mock.calls.filter((c) => c[0] === 'choose_path').map((c) => c[1]);

describe('the desktop host', () => {
  beforeEach(() => listeners.clear());

  it('shows dialogs through the shell and asks again only for a path the user did not choose', async () => {
    const backend = createTauriBackend();
    shell('/home/you/Desktop/pack.html');
    expect(await backend.chooseExportPath('/home/you/Documents/groundwork-roadmap.html', 'html')).toBe(
      '/home/you/Desktop/pack.html',
    );
    expect(dialogs()).toEqual([
      {
        dialog: 'save',
        title: 'Export to',
        defaultPath: '/home/you/Documents/groundwork-roadmap.html',
        filter: { name: 'HTML page', extensions: ['html', 'htm'] },
      },
    ]);

    // Chosen already: written as it is.
    shell('/elsewhere.html');
    expect(await backend.confirmPath('/home/you/Desktop/pack.html', 'save')).toBe('/home/you/Desktop/pack.html');
    expect(dialogs()).toEqual([]);

    // Typed: the save dialog starts there, and its answer is the destination.
    shell('/home/you/Desktop/typed.csv');
    expect(await backend.confirmPath('/home/you/typed.csv', 'save')).toBe('/home/you/Desktop/typed.csv');
    expect(dialogs()).toEqual([{ dialog: 'save', title: 'Save to', defaultPath: '/home/you/typed.csv' }]);

    // Cancelled: nothing to write.
    shell(null);
    expect(await backend.confirmPath('/home/you/other.csv', 'save')).toBeNull();

    // Not a full path: left for the core to refuse with its own message.
    shell('/never.csv');
    expect(await backend.confirmPath('typed.csv', 'save')).toBe('typed.csv');
    expect(await backend.confirmPath('', 'open')).toBe('');
    expect(dialogs()).toEqual([]);
  });

  it('opens folders and import files through the shell', async () => {
    const backend = createTauriBackend();
    shell('/data/ws');
    expect(await backend.pickFolder()).toBe('/data/ws');
    shell('/data/jira.csv');
    expect(await backend.pickImportFile()).toBe('/data/jira.csv');
    expect(dialogs()[0]).toMatchObject({ dialog: 'open' });
    shell('/never.csv');
    expect(await backend.confirmPath('/data/jira.csv', 'open')).toBe('/data/jira.csv');
    expect(dialogs()).toEqual([]);
  });

  it('hears of dropped files from the shell, and takes them as chosen', async () => {
    const backend = createTauriBackend();
    const dropped: string[][] = [];
    const hover: boolean[] = [];
    await backend.onFileDrop(
      (paths) => dropped.push(paths),
      (over) => hover.push(over),
    );
    const send = listeners.get('file-drop');
    expect(send).toBeDefined();
    send!({ payload: { type: 'enter' } });
    send!({ payload: { type: 'drop', paths: ['/drops/tickets.csv'] } });
    expect(dropped).toEqual([['/drops/tickets.csv']]);
    expect(hover).toEqual([true, false]);

    shell('/never.csv');
    expect(await backend.confirmPath('/drops/tickets.csv', 'open')).toBe('/drops/tickets.csv');
    expect(dialogs()).toEqual([]);
  });
});
