import { fireEvent, render } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from './App.svelte';
import { backendContext } from './lib/platform/backend';
import { FakeBackend } from './lib/platform/fake';
import { draftKey, useDraftWorkspace, writeDraft } from './lib/util/draft';
import { interviewInput } from './test/helpers';

function seeded(): FakeBackend {
  return new FakeBackend({
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

async function settle(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
}

function mountApp(fake: FakeBackend) {
  return render(App, { context: backendContext(fake) });
}

const value = (el: HTMLElement) => (el as HTMLInputElement).value;

describe('App', () => {
  beforeEach(() => {
    localStorage.clear();
    useDraftWorkspace('/tmp/fake-workspace');
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('shows the welcome panel for an empty workspace and opens the demo', async () => {
    const fake = new FakeBackend();
    const { getByTestId, queryByTestId, findAllByTestId } = mountApp(fake);
    await settle();
    expect(getByTestId('welcome').textContent).toContain('Groundwork');
    await fireEvent.click(getByTestId('open-demo'));
    await settle();
    expect(fake.callsOf('openDemoWorkspace')).toHaveLength(1);
    expect(queryByTestId('welcome')).toBeNull();
    expect(await findAllByTestId('interview-item')).toHaveLength(1);
    expect(getByTestId('document-counts').textContent).toContain('1 interview');
  });

  it('lists interviews newest first and filters by tag', async () => {
    const { getAllByTestId, getByTestId } = mountApp(seeded());
    await settle();
    const rows = getAllByTestId('interview-item');
    expect(rows.map((r) => r.querySelector('.row-title')?.textContent)).toEqual(['CI is slow', 'Deploys are scary']);
    await fireEvent.change(getByTestId('filter-tag'), { target: { value: 'ci' } });
    await settle();
    expect(getAllByTestId('interview-item')).toHaveLength(1);
  });

  it('recovers an unsaved draft on startup and saves it', async () => {
    writeDraft(interviewInput({ title: 'Typed before the crash' }));
    const fake = new FakeBackend();
    const { getByTestId } = mountApp(fake);
    await settle();
    expect(getByTestId('draft-notice').textContent).toContain('Recovered unsaved draft');
    expect(value(getByTestId('field-title'))).toBe('Typed before the crash');
    expect(getByTestId('save-status').textContent).toBe('Unsaved changes');
    await settle(400);
    expect(fake.interviews.map((i) => i.title)).toEqual(['Typed before the crash']);
    expect(localStorage.getItem(draftKey()!)).toBeNull();
  });

  it('deletes with an undo toast that restores and reselects the interview', async () => {
    const fake = seeded();
    const { getAllByTestId, getByTestId, queryByTestId } = mountApp(fake);
    await settle();
    await fireEvent.click(getAllByTestId('interview-item')[0]);
    await settle();
    expect(value(getByTestId('field-title'))).toBe('CI is slow');

    await fireEvent.click(getByTestId('delete-interview'));
    await settle();
    expect(getByTestId('toast').textContent).toContain('Interview deleted');
    expect(getAllByTestId('interview-item')).toHaveLength(1);
    expect(queryByTestId('field-title')).toBeNull();

    await fireEvent.click(getByTestId('undo'));
    await settle();
    const ci = fake.interviews.find((i) => i.title === 'CI is slow')!;
    expect(fake.callsOf('restoreInterview')).toEqual([[ci.id]]);
    expect(value(getByTestId('field-title'))).toBe('CI is slow');
    expect(getAllByTestId('interview-item')).toHaveLength(2);
    expect(queryByTestId('toast')).toBeNull();
  });

  it('hides the toast after 10 s and still undoes with Ctrl+Z outside text fields', async () => {
    const fake = seeded();
    const { getAllByTestId, getByTestId, queryByTestId } = mountApp(fake);
    await settle();
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
    expect(fake.callsOf('restoreInterview')).toHaveLength(0);

    await fireEvent.keyDown(document.body, { key: 'z', ctrlKey: true });
    await settle();
    const deploys = fake.interviews.find((i) => i.title === 'Deploys are scary')!;
    expect(fake.callsOf('restoreInterview')).toEqual([[deploys.id]]);
    expect(value(getByTestId('field-title'))).toBe('Deploys are scary');
  });

  it('focuses search with "/", searches as you type and opens a hit in the reader, then the editor', async () => {
    const fake = seeded();
    const { getByTestId, getAllByTestId } = mountApp(fake);
    await settle();
    await fireEvent.keyDown(document.body, { key: '/' });
    await settle();
    const box = getByTestId('search-input');
    expect(document.activeElement).toBe(box);

    await fireEvent.input(box, { target: { value: 'monorepo' } });
    await settle(100);
    expect(fake.callsOf('search')).toHaveLength(0);
    await settle(50);
    expect(fake.callsOf('search')).toEqual([[{ query: 'monorepo', limit: 50, offset: 0, sort: 'relevance', facets: true }]]);
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
    const fake = seeded();
    const { getByTestId } = mountApp(fake);
    await settle();
    await fireEvent.keyDown(document.body, { key: 'n', ctrlKey: true });
    await settle();
    await fireEvent.input(getByTestId('field-title'), { target: { value: 'Closing soon' } });
    expect(fake.callsOf('saveInterview')).toHaveLength(0);
    await fake.requestClose();
    expect(fake.interviews.map((i) => i.title)).toContain('Closing soon');
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
    const fake = seeded();
    fake.folderToPick = '/data/newer';
    fake.failNext('openWorkspace', { code: 'workspace_too_new', message: 'Schema version 9 is newer than 1', field: null });
    const { getByTestId } = mountApp(fake);
    await settle();
    await fireEvent.click(getByTestId('open-folder'));
    await settle();
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
    const fake = seeded();
    const { getByTestId, getAllByTestId } = mountApp(fake);
    await settle();
    await fireEvent.click(getByTestId('nav-teams'));
    await settle();
    const rows = getAllByTestId('team-row');
    expect(rows).toHaveLength(2);
    const checkoutDelete = rows[0].querySelector('button') as HTMLButtonElement;
    expect(checkoutDelete.disabled).toBe(true);
    expect(checkoutDelete.title).toContain('has 2 interviews');
    expect((rows[1].querySelector('button') as HTMLButtonElement).disabled).toBe(false);

    await fireEvent.input(getByTestId('team-name-input'), { target: { value: 'Platform' } });
    await fireEvent.input(getByTestId('team-headcount-input'), { target: { value: '14' } });
    await fireEvent.click(getByTestId('add-team'));
    await settle();
    expect(getAllByTestId('team-row').some((r) => r.textContent?.includes('Platform'))).toBe(true);
    expect(fake.teams.find((t) => t.name === 'Platform')?.headcount).toBe(14);
  });
});
