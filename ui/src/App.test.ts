import { fireEvent, render } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import App from './App.svelte';
import type { Interview } from './lib/bindings/Interview';
import type { Team } from './lib/bindings/Team';
import type { WorkspaceStatus } from './lib/bindings/WorkspaceStatus';
import { backendContext } from './lib/platform/backend';
import { draftKey, useDraftWorkspace, writeDraft } from './lib/util/draft';
import { CoreBackend } from './test/core';
import { interviewInput } from './test/helpers';

function seeded(): CoreBackend {
  return new CoreBackend({
    teams: [
      { id: null, name: 'Checkout', headcount: 9 },
      { id: null, name: 'Empty team', headcount: null },
    ],
    interviews: [
      interviewInput({ title: 'Deploys are scary', date: '2025-02-10' }),
      interviewInput({ title: 'CI is slow', date: '2025-03-01', notes: 'The monorepo build takes 40 minutes', tags: ['ci'] }),
    ],
  });
}

/** The interviews the open workspace holds, newest first, as the core lists them. */
function interviews(core: CoreBackend): Interview[] {
  return core.run<Interview[]>('list_interviews', { filter: { team: null, role: null, tag: null, from: null, to: null } });
}

async function settle(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
}

function mountApp(core: CoreBackend) {
  return render(App, { context: backendContext(core.backend) });
}

const value = (el: HTMLElement) => (el as HTMLInputElement).value;

describe('App', () => {
  beforeEach(() => {
    localStorage.clear();
    useDraftWorkspace('/tmp/groundwork-ui-test');
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('shows the welcome panel for an empty workspace and opens the demo', async () => {
    const core = new CoreBackend();
    const { getByTestId, queryByTestId, findAllByTestId } = mountApp(core);
    await settle();
    expect(getByTestId('welcome').textContent).toContain('Groundwork');
    await fireEvent.click(getByTestId('open-demo'));
    await settle();
    expect(core.callsOf('openDemoWorkspace')).toHaveLength(1);
    expect(queryByTestId('welcome')).toBeNull();
    // The core seeds its demo folder once (the same folder for every test of this file, so the
    // counts hold whichever test opened it first): fourteen interviews (src/demo.rs).
    const status = core.run<WorkspaceStatus>('workspace_status');
    expect(status.is_demo).toBe(true);
    expect(status.documents.interview).toBe(14);
    expect(await findAllByTestId('interview-item')).toHaveLength(14);
    expect(getByTestId('document-counts').textContent).toContain('14 interviews');
  });

  it('lists interviews newest first and filters by tag', async () => {
    const { getAllByTestId, getByTestId } = mountApp(seeded());
    await settle();
    const rows = getAllByTestId('interview-item');
    expect(rows.map((r) => r.querySelector('.row-title')?.textContent)).toEqual(['CI is slow', 'Deploys are scary']);
    await fireEvent.change(getByTestId('filter-tag'), { target: { value: 'ci' } });
    await settle();
    const filtered = getAllByTestId('interview-item');
    expect(filtered.map((r) => r.querySelector('.row-title')?.textContent)).toEqual(['CI is slow']);
  });

  it('recovers an unsaved draft on startup and saves it', async () => {
    const core = new CoreBackend();
    // Drafts belong to their workspace: this one was typed in the workspace the app opens.
    useDraftWorkspace(core.run<WorkspaceStatus>('workspace_status').path);
    writeDraft(interviewInput({ title: 'Typed before the crash' }));
    const { getByTestId } = mountApp(core);
    await settle();
    expect(getByTestId('draft-notice').textContent).toContain('Recovered unsaved draft');
    expect(value(getByTestId('field-title'))).toBe('Typed before the crash');
    expect(getByTestId('save-status').textContent).toBe('Unsaved changes');
    await settle(400);
    expect(interviews(core).map((i) => i.title)).toEqual(['Typed before the crash']);
    expect(localStorage.getItem(draftKey(null)!)).toBeNull();
  });

  it('keeps each interview\'s draft when a save fails and the user moves on', async () => {
    const core = seeded();
    useDraftWorkspace(core.run<WorkspaceStatus>('workspace_status').path);
    const { getAllByTestId, getByTestId } = mountApp(core);
    await settle();
    // "CI is slow": a title the core refuses (too long), then the user opens the other interview.
    await fireEvent.click(getAllByTestId('interview-item')[0]);
    await settle();
    const ci = interviews(core).find((i) => i.title === 'CI is slow')!;
    const tooLong = 'x'.repeat(301);
    await fireEvent.input(getByTestId('field-title'), { target: { value: tooLong } });
    await settle(400);
    expect(getByTestId('field-error').textContent).toContain('title');
    await fireEvent.click(getAllByTestId('interview-item')[1]);
    await settle();
    expect(value(getByTestId('field-title'))).toBe('Deploys are scary');
    // Typing here does not touch the other interview's draft.
    await fireEvent.input(getByTestId('field-notes'), { target: { value: 'Rollbacks take a day now.' } });
    await settle(400);
    expect(JSON.parse(localStorage.getItem(draftKey(ci.id)!)!).input.title).toBe(tooLong);

    // Back on "CI is slow": the unsaved typing is there, with why it was not saved.
    await fireEvent.click(getAllByTestId('interview-item')[0]);
    await settle();
    expect(value(getByTestId('field-title'))).toBe(tooLong);
    expect(getByTestId('draft-notice').textContent).toContain('not saved');
    expect(interviews(core).find((i) => i.id === ci.id)!.title).toBe('CI is slow');
  });

  it('shows both texts when the interview was saved elsewhere meanwhile, and keeps the chosen one', async () => {
    const core = seeded();
    const { getAllByTestId, getByTestId, queryByTestId } = mountApp(core);
    await settle();
    await fireEvent.click(getAllByTestId('interview-item')[0]);
    await settle();
    const ci = interviews(core).find((i) => i.title === 'CI is slow')!;
    // The CLI (another writer) saves it first.
    core.run('save_interview', { input: { ...interviewInput({ title: 'CI is slow', notes: 'Saved from the CLI' }), id: ci.id, version: ci.version } });

    await fireEvent.input(getByTestId('field-notes'), { target: { value: 'Typed in the app' } });
    await settle(400);
    const panel = getByTestId('save-conflict');
    expect(getByTestId('conflict-theirs').textContent).toBe('Saved from the CLI');
    expect(getByTestId('conflict-mine').textContent).toBe('Typed in the app');
    expect(panel.textContent).toContain('version 2');
    expect(interviews(core).find((i) => i.id === ci.id)!.notes).toBe('Saved from the CLI');

    await fireEvent.click(getByTestId('conflict-keep-mine'));
    await settle(400);
    expect(queryByTestId('save-conflict')).toBeNull();
    const stored = interviews(core).find((i) => i.id === ci.id)!;
    expect(stored.notes).toBe('Typed in the app');
    expect(stored.version).toBe(3);
  });

  it('deletes with an undo toast that restores and reselects the interview', async () => {
    const core = seeded();
    const { getAllByTestId, getByTestId, queryByTestId } = mountApp(core);
    await settle();
    await fireEvent.click(getAllByTestId('interview-item')[0]);
    await settle();
    expect(value(getByTestId('field-title'))).toBe('CI is slow');
    const ci = interviews(core).find((i) => i.title === 'CI is slow')!;

    await fireEvent.click(getByTestId('delete-interview'));
    await settle();
    expect(getByTestId('toast').textContent).toContain('Interview deleted');
    expect(getAllByTestId('interview-item')).toHaveLength(1);
    expect(queryByTestId('field-title')).toBeNull();
    expect(interviews(core).map((i) => i.title)).toEqual(['Deploys are scary']);

    await fireEvent.click(getByTestId('undo'));
    await settle();
    expect(core.callsOf('restoreInterview')).toEqual([[ci.id]]);
    expect(interviews(core).map((i) => i.title)).toEqual(['CI is slow', 'Deploys are scary']);
    expect(value(getByTestId('field-title'))).toBe('CI is slow');
    expect(getAllByTestId('interview-item')).toHaveLength(2);
    expect(queryByTestId('toast')).toBeNull();
  });

  it('hides the toast after 10 s and still undoes with Ctrl+Z outside text fields', async () => {
    const core = seeded();
    const { getAllByTestId, getByTestId, queryByTestId } = mountApp(core);
    await settle();
    const deploys = interviews(core).find((i) => i.title === 'Deploys are scary')!;
    await fireEvent.click(getAllByTestId('interview-item')[1]);
    await settle();
    await fireEvent.click(getByTestId('delete-interview'));
    await settle(9_000);
    expect(queryByTestId('undo')).not.toBeNull();
    await settle(1_000);
    expect(queryByTestId('undo')).toBeNull();

    // Ctrl+Z while typing in a text field is left to the field.
    await fireEvent.keyDown(getByTestId('filter-from'), { key: 'z', ctrlKey: true });
    await settle();
    expect(core.callsOf('restoreInterview')).toHaveLength(0);
    expect(interviews(core).map((i) => i.title)).toEqual(['CI is slow']);

    await fireEvent.keyDown(document.body, { key: 'z', ctrlKey: true });
    await settle();
    expect(core.callsOf('restoreInterview')).toEqual([[deploys.id]]);
    expect(interviews(core).map((i) => i.title)).toEqual(['CI is slow', 'Deploys are scary']);
    expect(value(getByTestId('field-title'))).toBe('Deploys are scary');
  });

  it('focuses search with "/", searches as you type and opens a hit in the reader, then the editor', async () => {
    const core = seeded();
    const { getByTestId, getAllByTestId } = mountApp(core);
    await settle();
    await fireEvent.keyDown(document.body, { key: '/' });
    await settle();
    const box = getByTestId('search-input');
    expect(document.activeElement).toBe(box);

    await fireEvent.input(box, { target: { value: 'monorepo' } });
    await settle(100);
    expect(core.callsOf('search')).toHaveLength(0);
    await settle(50);
    expect(core.callsOf('search')).toEqual([[{ query: 'monorepo', limit: 50, offset: 0, sort: 'relevance', facets: true }]]);
    expect(getByTestId('read-as').textContent).toContain('monorepo');
    expect(getByTestId('result-count').textContent).toContain('1 result');
    const hit = getAllByTestId('search-hit')[0];
    expect(hit.querySelector('mark')?.textContent).toBe('monorepo');

    // A hit opens in the reader; an interview goes on from there to the editor.
    await fireEvent.click(hit);
    await settle();
    expect(getByTestId('reader').textContent).toContain('The monorepo build takes 40 minutes');
    await fireEvent.click(getByTestId('reader-edit'));
    await settle();
    expect(value(getByTestId('field-title'))).toBe('CI is slow');
  });

  it('Ctrl+N starts a new interview and close-requested flushes the pending save', async () => {
    const core = seeded();
    const { getByTestId } = mountApp(core);
    await settle();
    await fireEvent.keyDown(document.body, { key: 'n', ctrlKey: true });
    await settle();
    await fireEvent.input(getByTestId('field-title'), { target: { value: 'Closing soon' } });
    expect(core.callsOf('saveInterview')).toHaveLength(0);
    await core.requestClose();
    expect(core.callsOf('saveInterview')).toHaveLength(1);
    expect(interviews(core).map((i) => i.title)).toContain('Closing soon');
  });

  it('opens the shortcuts help with "?"', async () => {
    const { getByTestId, queryByTestId } = mountApp(seeded());
    await settle();
    await fireEvent.keyDown(document.body, { key: '?' });
    expect(getByTestId('shortcuts-help').textContent).toContain('Keyboard shortcuts');
    await fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(queryByTestId('shortcuts-help')).toBeNull();
  });

  it('shows workspace errors by code with a hint', async () => {
    const core = seeded();
    // A workspace written by a newer app cannot be made here: the failure is injected.
    core.folderToPick = join(core.documents, 'newer');
    core.failNext('openWorkspace', { code: 'workspace_too_new', message: 'Schema version 9 is newer than 1', field: null });
    const { getByTestId } = mountApp(core);
    await settle();
    await fireEvent.click(getByTestId('open-folder'));
    await settle();
    expect(core.callsOf('openWorkspace')).toEqual([[core.folderToPick]]);
    const banner = getByTestId('error-banner').textContent ?? '';
    expect(banner).toContain('Schema version 9 is newer than 1');
    expect(banner).toContain('Update the app');
  });
});

describe('Teams view', () => {
  beforeEach(() => {
    localStorage.clear();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('adds a team and only lets teams without interviews be deleted', async () => {
    const core = seeded();
    const { getByTestId, getAllByTestId } = mountApp(core);
    await settle();
    await fireEvent.click(getByTestId('nav-teams'));
    await settle();
    const rows = getAllByTestId('team-row');
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain('Checkout');
    const checkoutDelete = rows[0].querySelector('button') as HTMLButtonElement;
    expect(checkoutDelete.disabled).toBe(true);
    expect(checkoutDelete.title).toContain('has 2 interviews');
    expect(rows[1].textContent).toContain('Empty team');
    expect((rows[1].querySelector('button') as HTMLButtonElement).disabled).toBe(false);

    await fireEvent.input(getByTestId('team-name-input'), { target: { value: 'Platform' } });
    await fireEvent.input(getByTestId('team-headcount-input'), { target: { value: '14' } });
    await fireEvent.click(getByTestId('add-team'));
    await settle();
    expect(getAllByTestId('team-row').some((r) => r.textContent?.includes('Platform'))).toBe(true);
    expect(core.run<Team[]>('list_teams').find((t) => t.name === 'Platform')?.headcount).toBe(14);
  });
});
