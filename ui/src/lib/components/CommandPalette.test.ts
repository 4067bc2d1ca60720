import { fireEvent, render, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../App.svelte';
import type { PaletteEntry } from '../bindings/PaletteEntry';
import { interviewInput } from '../../test/helpers';
import { backendContext } from '../platform/backend';
import { FakeBackend, sampleSurvey, similarTickets } from '../platform/fake';
import { useDraftWorkspace } from '../util/draft';

async function settle(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
}

function seeded(): FakeBackend {
  const onboarding = { ...sampleSurvey(7), name: 'Onboarding pulse', updated_at: '2025-01-15T08:00:00Z' };
  return new FakeBackend({
    teams: [
      { id: null, name: 'Checkout', headcount: 9 },
      { id: null, name: 'Payments', headcount: 12 },
    ],
    interviews: [
      interviewInput({ title: 'Deploys are scary', date: '2025-02-10' }),
      interviewInput({ title: 'CI is slow', date: '2025-03-01', participant: 'Ada', team: 'Payments' }),
    ],
    surveys: [sampleSurvey(), onboarding],
    documents: similarTickets(),
    themes: [
      { name: 'Slow CI', query: 'slow' },
      { name: 'Flaky tests', query: 'flaky' },
    ],
  });
}

async function mountApp(fake: FakeBackend) {
  const view = render(App, { context: backendContext(fake) });
  await settle();
  return view;
}

type View = Awaited<ReturnType<typeof mountApp>>;

const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();
const labelOf = (item: HTMLElement) => text(item.querySelector('.label')!);
const items = (view: View) => view.queryAllByTestId('palette-item');

async function pressK(target: Element = document.body, mod: 'ctrlKey' | 'metaKey' = 'ctrlKey') {
  await fireEvent.keyDown(target, { key: 'k', [mod]: true });
  await settle();
}

async function typeQuery(view: View, query: string) {
  await fireEvent.input(view.getByTestId('palette-input'), { target: { value: query } });
  await settle();
}

async function key(view: View, k: string) {
  await fireEvent.keyDown(view.getByTestId('palette-input'), { key: k });
  await settle();
}

/** Moves the selection down to the item labelled `label` and presses Enter. */
async function chooseByKeys(view: View, label: string) {
  const at = items(view).findIndex((i) => labelOf(i) === label);
  expect(at, `no palette item "${label}"`).toBeGreaterThanOrEqual(0);
  for (let i = 0; i < at; i++) await key(view, 'ArrowDown');
  expect(labelOf(selected(view))).toBe(label);
  await key(view, 'Enter');
}

function selected(view: View): HTMLElement {
  const all = items(view).filter((i) => i.getAttribute('aria-selected') === 'true');
  expect(all).toHaveLength(1);
  return all[0];
}

function entry(label: string, over: Partial<PaletteEntry> = {}): PaletteEntry {
  return { kind: 'action', id: 0, action: 'teams', label, detail: 'Action', positions: [], score: 0, ...over };
}

/** A promise and the functions that settle it, for answers that arrive when the test says. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('Command palette', () => {
  beforeEach(() => {
    localStorage.clear();
    useDraftWorkspace('/tmp/fake-workspace');
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('opens with Ctrl+K even while typing in a field, lists the actions, and Escape gives the keyboard back', async () => {
    const fake = seeded();
    const view = await mountApp(fake);
    await fireEvent.click(view.getAllByTestId('interview-item')[0]);
    await settle();
    const title = view.getByTestId('field-title');
    title.focus();

    await pressK(title);
    const palette = view.getByTestId('palette');
    expect(palette.getAttribute('role')).toBe('dialog');
    expect(palette.getAttribute('aria-modal')).toBe('true');
    const input = view.getByTestId('palette-input') as HTMLInputElement;
    expect(document.activeElement).toBe(input);
    expect(fake.callsOf('palette')).toEqual([['']]);
    expect(items(view).map((i) => i.dataset.kind)).toEqual(Array(14).fill('action'));
    expect(items(view).map(labelOf).slice(0, 3)).toEqual(['New interview', 'Search all evidence', 'Import a file (tickets, survey, notes)']);

    // A press elsewhere in the dialog leaves the keyboard in the input.
    expect(await fireEvent.mouseDown(palette)).toBe(false);
    expect(await fireEvent.mouseDown(input)).toBe(true);

    await key(view, 'Escape');
    expect(view.queryByTestId('palette')).toBeNull();
    expect(document.activeElement).toBe(title);
    // Nothing else took the Escape: the editor is still open.
    expect(view.getByTestId('field-title')).toBe(title);

    // Cmd+K too, from nowhere in particular; pressed again it closes.
    (document.activeElement as HTMLElement).blur();
    await pressK(document.body, 'metaKey');
    expect(view.getByTestId('palette')).toBeTruthy();
    await pressK(view.getByTestId('palette-input'));
    expect(view.queryByTestId('palette')).toBeNull();
    // Escape closes it wherever the focus went; other shortcuts wait while it is open.
    await pressK();
    await fireEvent.keyDown(document.body, { key: 'n', ctrlKey: true });
    await settle();
    expect((view.getByTestId('field-title') as HTMLInputElement).value).toBe('CI is slow');
    await fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(view.queryByTestId('palette')).toBeNull();
  });

  it('opens from the sidebar button; every keystroke asks the core and matched characters are marked', async () => {
    const fake = seeded();
    const view = await mountApp(fake);
    const button = view.getByTestId('palette-open-button');
    button.focus();
    await fireEvent.click(button);
    await settle();
    expect(view.getByTestId('palette')).toBeTruthy();

    await typeQuery(view, 'd');
    await typeQuery(view, 'ds');
    await typeQuery(view, 'dsc');
    expect(fake.callsOf('palette')).toEqual([[''], ['d'], ['ds'], ['dsc']]);
    const first = items(view)[0];
    expect(labelOf(first)).toBe('Deploys are scary');
    expect(first.dataset.kind).toBe('interview');
    expect([...first.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['D', 'sc']);
    expect(text(first)).toContain('Interview');
    expect(text(first)).toContain('Grace · Checkout · 2025-02-10');
    const nodes = [...first.querySelector('.label')!.childNodes].filter((n) => n.nodeType !== Node.COMMENT_NODE && n.textContent !== '');
    expect(nodes.map((n) => [n.nodeName, n.textContent])).toEqual([
      ['MARK', 'D'],
      ['#text', 'eploys are '],
      ['MARK', 'sc'],
      ['#text', 'ary'],
    ]);

    // A combobox pointing at the selected option of a listbox.
    const input = view.getByTestId('palette-input');
    expect(input.getAttribute('role')).toBe('combobox');
    expect(input.getAttribute('aria-controls')).toBe(view.getByRole('listbox').id);
    expect(input.getAttribute('aria-activedescendant')).toBe(first.id);
    expect(first.getAttribute('role')).toBe('option');
    expect(first.getAttribute('aria-selected')).toBe('true');

    await key(view, 'Escape');
    expect(document.activeElement).toBe(button);
  });

  it('moves with the arrows, wrapping at both ends, and Enter opens an interview in the editor', async () => {
    const fake = seeded();
    const view = await mountApp(fake);
    await fireEvent.click(view.getByTestId('nav-search'));
    await settle();
    await pressK();
    const n = items(view).length;
    const input = view.getByTestId('palette-input');
    expect(selected(view)).toBe(items(view)[0]);
    await key(view, 'ArrowUp');
    expect(selected(view)).toBe(items(view)[n - 1]);
    expect(input.getAttribute('aria-activedescendant')).toBe(items(view)[n - 1].id);
    await key(view, 'ArrowDown');
    expect(selected(view)).toBe(items(view)[0]);
    await key(view, 'ArrowDown');
    expect(selected(view)).toBe(items(view)[1]);

    await typeQuery(view, 'ci slow');
    // A new answer selects its best match again.
    expect(selected(view)).toBe(items(view)[0]);
    await chooseByKeys(view, 'CI is slow');
    expect(view.queryByTestId('palette')).toBeNull();
    expect(view.getByTestId('nav-interviews').getAttribute('aria-current')).toBe('page');
    expect((view.getByTestId('field-title') as HTMLInputElement).value).toBe('CI is slow');
  });

  it('opens a theme, a survey, a team and a ticket, and runs actions', async () => {
    const fake = seeded();
    const view = await mountApp(fake);

    await pressK();
    await typeQuery(view, 'flaky');
    expect(items(view)[0].dataset.kind).toBe('theme');
    await chooseByKeys(view, 'Flaky tests');
    expect(view.getByTestId('nav-themes').getAttribute('aria-current')).toBe('page');
    expect(view.getByTestId('theme-summary').querySelector('h1')?.textContent).toBe('Flaky tests');

    // Already in the Themes view, another theme is selected and counted at once.
    await pressK();
    await typeQuery(view, 'slow ci');
    await chooseByKeys(view, 'Slow CI');
    const slow = fake.themes.find((t) => t.name === 'Slow CI')!;
    expect(fake.callsOf('themeSummary').at(-1)).toEqual([slow.id, 'month']);
    expect(view.getByTestId('theme-summary').querySelector('h1')?.textContent).toBe('Slow CI');
    const current = view.getAllByTestId('theme-item').find((i) => i.getAttribute('aria-current') === 'true');
    expect(current?.dataset.themeId).toBe(String(slow.id));

    // A survey other than the one the view would pick by itself.
    await pressK();
    await typeQuery(view, 'onboarding');
    await chooseByKeys(view, 'Onboarding pulse');
    expect(view.getByTestId('nav-surveys').getAttribute('aria-current')).toBe('page');
    expect(fake.callsOf('surveySummary')).toEqual([[7, []]]);
    expect(view.getByTestId('survey-summary').querySelector('h1')?.textContent).toBe('Onboarding pulse');

    await pressK();
    await typeQuery(view, 'payments');
    await chooseByKeys(view, 'Payments');
    expect(view.getByTestId('nav-teams').getAttribute('aria-current')).toBe('page');

    // A ticket opens in the reader over the current view, with nothing marked.
    await pressK();
    await typeQuery(view, 'approvals');
    expect(items(view)[0].dataset.kind).toBe('ticket');
    await key(view, 'Enter');
    expect(fake.callsOf('openDocument')).toEqual([[30_003, '']]);
    expect(view.getByTestId('reader').querySelector('#reader-title')?.textContent).toBe('Deploys wait for approvals');
    expect(view.queryAllByTestId('reader-mark')).toHaveLength(0);
    expect(view.getByTestId('nav-teams').getAttribute('aria-current')).toBe('page');

    // Actions: the shortcuts help, then a view by mouse (hover selects, click opens).
    await pressK();
    await typeQuery(view, 'keyboard');
    await chooseByKeys(view, 'Keyboard shortcuts');
    expect(view.getByTestId('shortcuts-help').textContent).toContain('Ctrl+K');
    await fireEvent.keyDown(document.body, { key: 'Escape' });

    await pressK();
    const goImport = items(view).find((i) => labelOf(i).startsWith('Import a file'))!;
    await fireEvent.pointerMove(goImport);
    expect(selected(view)).toBe(goImport);
    await fireEvent.click(goImport);
    await settle();
    expect(view.queryByTestId('palette')).toBeNull();
    expect(view.getByTestId('nav-import').getAttribute('aria-current')).toBe('page');

    await pressK();
    await typeQuery(view, 'rebuild');
    await chooseByKeys(view, 'Rebuild the search index');
    expect(fake.callsOf('reindex')).toHaveLength(1);

    await pressK();
    await typeQuery(view, 'new interview');
    await chooseByKeys(view, 'New interview');
    expect(view.getByTestId('nav-interviews').getAttribute('aria-current')).toBe('page');
    expect((view.getByTestId('field-title') as HTMLInputElement).value).toBe('');
  });

  it('never lets an older answer replace a newer one', async () => {
    const fake = seeded();
    const view = await mountApp(fake);
    const answers = new Map<string, ReturnType<typeof deferred<PaletteEntry[]>>>();
    vi.spyOn(fake, 'palette').mockImplementation((query: string) => {
      const d = deferred<PaletteEntry[]>();
      answers.set(query, d);
      return d.promise;
    });

    await pressK();
    answers.get('')!.resolve([entry('Go to teams'), entry('<b>Bold</b> team', { kind: 'team', id: 3, action: null, positions: [3] })]);
    await settle();
    expect(items(view).map(labelOf)).toEqual(['Go to teams', '<b>Bold</b> team']);
    // Labels are text, never markup.
    expect(items(view)[1].querySelector('b')).toBeNull();
    expect([...items(view)[1].querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['B']);

    await typeQuery(view, 'd');
    await typeQuery(view, 'de');
    // The answer for "de" comes first, then the slower one for "d": "de" stays.
    answers.get('de')!.resolve([entry('Deploys are scary', { kind: 'interview', id: 1, action: null, positions: [0, 1] })]);
    await settle();
    expect(items(view).map(labelOf)).toEqual(['Deploys are scary']);
    answers.get('d')!.resolve([entry('Deploys are scary'), entry('Open the demo workspace')]);
    await settle();
    expect(items(view).map(labelOf)).toEqual(['Deploys are scary']);
    expect([...items(view)[0].querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['De']);

    // Enter before the answer to the last keystroke arrives opens that answer's best match.
    await typeQuery(view, 'go to t');
    await key(view, 'Enter');
    expect(view.getByTestId('palette')).toBeTruthy();
    answers.get('go to t')!.resolve([entry('Go to themes', { action: 'themes' }), entry('Go to teams')]);
    await settle();
    expect(view.queryByTestId('palette')).toBeNull();
    expect(view.getByTestId('nav-themes').getAttribute('aria-current')).toBe('page');
  });

  it('is listed in the shortcuts help and shows what the core reports when it fails', async () => {
    const fake = seeded();
    const view = await mountApp(fake);
    await fireEvent.keyDown(document.body, { key: '?' });
    const help = view.getByTestId('shortcuts-help');
    expect(within(help).getByText('Ctrl+K')).toBeTruthy();
    await fireEvent.keyDown(document.body, { key: 'Escape' });

    fake.failNext('palette', { code: 'database', message: 'database is locked', field: null });
    await pressK();
    expect(view.getByTestId('palette').textContent).toContain('database is locked');
    await typeQuery(view, 'zzzz');
    expect(view.getByTestId('palette').textContent).toContain('Nothing is named like “zzzz”');
    expect(items(view)).toHaveLength(0);
  });
});
