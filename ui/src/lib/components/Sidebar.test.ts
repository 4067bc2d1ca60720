import { fireEvent, render } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../App.svelte';
import { interviewInput } from '../../test/helpers';
import { NOTICE_MS } from '../state/app.svelte';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckReport } from '../bindings/CheckReport';
import type { WorkspaceStatus } from '../bindings/WorkspaceStatus';
import { backendContext } from '../platform/backend';
import { CoreBackend, ticketsCsv, TODAY } from '../../test/core';
import { useDraftWorkspace } from '../util/draft';
import { checkText } from '../util/maintenance';

async function settle(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
}

function seeded(): CoreBackend {
  return new CoreBackend({
    teams: [{ id: null, name: 'Checkout', headcount: 9 }],
    interviews: [
      interviewInput({ title: 'Deploys are scary', date: '2025-02-10' }),
      interviewInput({ title: 'CI is slow', date: '2025-03-01', participant: 'Ada' }),
    ],
    tickets: [
      ticketsCsv([
        { key: 'OPS-1', title: 'Deploy pipeline times out on Fridays', team: 'Payments' },
        { key: 'OPS-2', title: 'Deploys wait for approvals', team: 'Payments' },
      ]),
    ],
  });
}

/** Documents the workspace holds, as the core counts them. */
function documentCount(core: CoreBackend): number {
  const status = core.run<WorkspaceStatus>('workspace_status');
  return Object.values(status.documents).reduce((a, b) => a + b, 0);
}

async function mountApp(core: CoreBackend) {
  const view = render(App, { context: backendContext(core.backend) });
  await settle();
  return view;
}

type View = Awaited<ReturnType<typeof mountApp>>;

const toast = (view: View) => view.queryByTestId('toast')?.textContent?.replace(/\s+/g, ' ').trim() ?? null;

async function click(view: View, testId: string) {
  await fireEvent.click(view.getByTestId(testId));
  await settle();
}

describe('Sidebar workspace maintenance', () => {
  beforeEach(() => {
    localStorage.clear();
    useDraftWorkspace('/tmp/groundwork-ui-test');
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('backs up to a dated file in Documents, reports it, and shows why a second backup to the same file fails', async () => {
    const fake = seeded();
    const n = documentCount(fake);
    expect(n).toBe(4);
    const view = await mountApp(fake);

    await click(view, 'backup-workspace');
    const file = `${fake.documents}/groundwork-backup-${TODAY}.sqlite3`;
    expect(fake.callsOf('chooseBackupPath')).toEqual([[file]]);
    expect(fake.callsOf('backupWorkspace')).toEqual([[file]]);
    expect(existsSync(file)).toBe(true);
    expect(toast(view)).toMatch(new RegExp(`^Backed up ${n} documents to ${file} \\(\\d+(\\.\\d)? kB\\)`));
    expect(view.queryByTestId('error-banner')).toBeNull();
    await settle(NOTICE_MS);
    expect(toast(view)).toBeNull();

    await click(view, 'backup-workspace');
    expect(fake.callsOf('backupWorkspace')).toHaveLength(2);
    expect(view.getByTestId('error-banner').textContent).toContain(`${file} already exists`);
    expect(toast(view)).toBeNull();
  });

  it('writes nothing when the save dialog is cancelled, and backs up where the user chose', async () => {
    const fake = seeded();
    const view = await mountApp(fake);
    fake.backupPathToPick = null;
    await click(view, 'backup-workspace');
    expect(fake.callsOf('chooseBackupPath')).toHaveLength(1);
    expect(fake.callsOf('backupWorkspace')).toHaveLength(0);
    expect(toast(view)).toBeNull();
    expect((view.getByTestId('backup-workspace') as HTMLButtonElement).disabled).toBe(false);

    expect(existsSync(`${fake.documents}/groundwork-backup-${TODAY}.sqlite3`)).toBe(false);

    const chosen = fake.file('usb-gw.sqlite3', '');
    fake.backupPathToPick = chosen.replace(/\.sqlite3$/, '-new.sqlite3');
    await click(view, 'backup-workspace');
    expect(existsSync(fake.backupPathToPick)).toBe(true);
    expect(toast(view)).toContain(`to ${fake.backupPathToPick} (`);
  });

  it('shows the version of the core that answers (the About line)', async () => {
    const fake = seeded();
    const view = await mountApp(fake);
    const { version } = fake.run<WorkspaceStatus>('workspace_status');
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    expect(view.getByTestId('about').textContent?.trim()).toBe(`Groundwork ${version}`);
  });

  it('says the index was rebuilt, and why, when the workspace opened with it missing', async () => {
    const fake = seeded();
    const { path } = fake.run<WorkspaceStatus>('workspace_status');
    rmSync(join(path, 'index'), { recursive: true, force: true });
    const reopened = await fake.backend.openWorkspace(path);
    expect(reopened.index_rebuilt).not.toBeNull();
    const view = await mountApp(fake);
    expect(toast(view)).toContain(`The search index was rebuilt from the database: ${reopened.index_rebuilt}. Nothing was lost.`);
    // Said once: a refresh does not repeat it.
    await fireEvent.click(view.getByLabelText('Dismiss'));
    await click(view, 'nav-teams');
    expect(toast(view)).toBeNull();
  });

  it('shows the rebuild of a damaged index as the core reports it, then says why it was rebuilt', async () => {
    // Enough tickets for the core to report between the rebuild's start and end (every 250).
    const rows = Array.from({ length: 600 }, (_, i) => ({ key: `OPS-${i + 1}`, title: `Runner ${i + 1} stalls` }));
    const fake = new CoreBackend({ tickets: [ticketsCsv(rows)] });
    const view = await mountApp(fake);
    expect(view.queryByTestId('index-progress')).toBeNull();
    expect(view.queryByTestId('workspace-opening')).toBeNull();
    const { path } = fake.run<WorkspaceStatus>('workspace_status');
    rmSync(join(path, 'index'), { recursive: true, force: true });

    // What the sidebar shows at each of the core's events, while the folder opens.
    const seen: string[] = [];
    const off = await fake.backend.onIndexProgress(() => {
      flushSync();
      seen.push(view.queryByTestId('index-progress-text')?.textContent ?? 'none');
    });
    fake.folderToPick = path;
    await click(view, 'open-folder');
    off();
    const docs = documentCount(fake);
    expect(docs).toBe(600);
    const says = (n: number) => `Rebuilding the search index from the database: ${n.toLocaleString('en-US')} / 600 documents`;
    expect(seen).toEqual([says(0), says(250), says(500), 'none']);
    expect(view.queryByTestId('index-progress')).toBeNull();
    expect(toast(view)).toContain('The search index was rebuilt from the database: the search index was missing');
  });

  it('reports a sound workspace with its counts', async () => {
    const fake = seeded();
    const n = documentCount(fake);
    const view = await mountApp(fake);
    await click(view, 'check-workspace');
    expect(fake.callsOf('checkWorkspace')).toHaveLength(1);
    expect(toast(view)).toContain(`Workspace OK: ${n} of ${n} documents indexed, database sound`);
    await settle(NOTICE_MS);
    expect(toast(view)).toBeNull();
  });

  it('lists index problems, points to Rebuild search index, and keeps the notice until dismissed', async () => {
    const fake = seeded();
    const n = documentCount(fake);
    // A damaged index cannot be made from here: take the core's sound report and damage it.
    const sound = fake.run<CheckReport>('check_workspace');
    expect(sound.ok).toBe(true);
    fake.answerNext('checkWorkspace', { ...sound, ok: false, indexed: n - 2, missing_from_index: [3, 4], stale_in_index: [99] });
    const view = await mountApp(fake);
    await click(view, 'check-workspace');
    const text = toast(view)!;
    expect(text).toContain(`${n - 2} of ${n} documents indexed`);
    expect(text).toContain('not in the search index: 3, 4');
    expect(text).toContain('deleted but still in the search index: 99');
    expect(text).toContain('Use "Rebuild search index" to fix it.');
    await settle(NOTICE_MS * 4);
    expect(toast(view)).not.toBeNull();
    await fireEvent.click(view.getByLabelText('Dismiss'));
    expect(toast(view)).toBeNull();
  });

  it('shows a failed check in the error banner', async () => {
    const fake = seeded();
    fake.failNext('checkWorkspace', { code: 'io', message: 'disk I/O error', field: null });
    const view = await mountApp(fake);
    await click(view, 'check-workspace');
    expect(view.getByTestId('error-banner').textContent).toContain('disk I/O error');
    expect(toast(view)).toBeNull();
    expect((view.getByTestId('check-workspace') as HTMLButtonElement).disabled).toBe(false);
  });
});

describe('checkText', () => {
  const sound = {
    ok: true,
    integrity: [],
    foreign_keys: [],
    documents: 14,
    indexed: 14,
    pending: 0,
    missing_from_index: [],
    stale_in_index: [],
    duplicated_in_index: [],
    content_differs: [],
    torn_batches: [],
    unsourced_quotes: [],
    coded_counts: [],
    index_damaged: null,
    index_rebuilt: null,
  };

  it('warns about quotes their document no longer holds, without calling the workspace damaged', () => {
    const text = checkText({ ...sound, unsourced_quotes: ['quote #3 of theme "Slow CI" no longer occurs in document 7'] });
    expect(text).toBe(
      'Workspace OK: 14 of 14 documents indexed, database sound. Warning: 1 quote no longer occurs in its document: quote #3 of theme "Slow CI" no longer occurs in document 7.',
    );
  });

  it('says a damaged database is more than the index, and shortens long lists', () => {
    const text = checkText({
      ...sound,
      ok: false,
      integrity: ['row 1 missing from index a', 'b', 'c', 'd'],
      duplicated_in_index: [1, 2, 3, 4, 5, 6, 7],
      torn_batches: ['batch 3: 10 recorded, 7 held'],
    });
    expect(text).toContain('database damaged: row 1 missing from index a; b; c (and 1 more)');
    expect(text).toContain('indexed twice: 1, 2, 3, 4, 5…');
    expect(text).toContain('incomplete imports: batch 3: 10 recorded, 7 held');
    expect(text).not.toContain('Rebuild search index');
    expect(text).toContain('groundwork restore');
  });

  it('uses the singular for one document', () => {
    expect(checkText({ ...sound, documents: 1, indexed: 1 })).toBe('Workspace OK: 1 of 1 document indexed, database sound');
  });
});
