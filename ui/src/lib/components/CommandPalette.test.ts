import { fireEvent, render, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../App.svelte';
import type { PaletteEntry } from '../bindings/PaletteEntry';
import type { SurveyInfo } from '../bindings/SurveyInfo';
import type { ThemeOverview } from '../bindings/ThemeOverview';
import { interviewInput } from '../../test/helpers';
import { backendContext } from '../platform/backend';
import { CoreBackend, ticketsCsv } from '../../test/core';
import { useDraftWorkspace } from '../util/draft';

async function settle(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
}

/** A Google Forms export (the survey is named after the file, as the core names it). */
function importSurvey(core: CoreBackend, file: string, csv: string): void {
  const path = core.file(file, csv);
  core.run('import_file', { path, options: { kind: 'survey', format: 'auto', mappings: [], encoding: null, dry_run: false } });
}

/** Four tickets about deploys (three the same ticket filed again), as a Jira export. */
const DEPLOY_TICKETS = (() => {
  const title = 'Deploy pipeline times out on Fridays';
  const body =
    'The deploy pipeline times out every Friday afternoon when the release train leaves, and nobody on the team knows why it happens.';
  return ticketsCsv([
    { key: 'OPS-1', title, body, team: 'Payments', created: '2026-01-09 10:00', reporter: 'reporter0' },
    { key: 'OPS-2', title, body: body.replace('on the team', 'on our team').replace(/\.$/, '!'), team: 'Checkout', created: '2026-01-16 10:00', reporter: 'reporter1' },
    { key: 'OPS-3', title: title.toUpperCase(), body: body.replace(/,/g, ' -'), team: 'Platform', created: '2026-01-23 10:00', reporter: 'reporter2' },
    {
      key: 'OPS-4',
      title: 'Deploys wait for approvals',
      body: 'Every deploy to production waits two days for a change approval board that meets on Tuesdays.',
      team: 'Payments',
      created: '2026-02-03 10:00',
      reporter: 'reporter3',
    },
  ]);
})();

function seeded(): CoreBackend {
  const core = new CoreBackend({
    teams: [
      { id: null, name: 'Checkout', headcount: 9 },
      { id: null, name: 'Payments', headcount: 12 },
    ],
    interviews: [
      interviewInput({ title: 'Deploys are scary', date: '2025-02-10' }),
      interviewInput({ title: 'CI is slow', date: '2025-03-01', participant: 'Ada', team: 'Payments' }),
    ],
    tickets: [DEPLOY_TICKETS],
    themes: [
      { name: 'Slow CI', query: 'slow' },
      { name: 'Flaky tests', query: 'flaky' },
    ],
  });
  // Two surveys; the Surveys view shows the most recently imported by itself, so "Onboarding
  // pulse" (imported first) is the one it would not pick.
  importSurvey(
    core,
    'Onboarding pulse.csv',
    'Timestamp,Which team are you on?,How easy was your first week?\n1/15/2025 8:00:00,Payments,4\n1/15/2025 8:05:00,Checkout,3\n',
  );
  importSurvey(
    core,
    'Platform survey (Responses).csv',
    'Timestamp,Which team are you on?,How likely are you to recommend the platform to a colleague?\n2/2/2026 9:00:00,Payments,9\n2/2/2026 9:10:00,Checkout,6\n',
  );
  return core;
}

async function mountApp(core: CoreBackend) {
  const view = render(App, { context: backendContext(core.backend) });
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

describe('Command palette', () => {
  beforeEach(() => {
    localStorage.clear();
    useDraftWorkspace('/tmp/groundwork-ui-test');
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('opens with Ctrl+K even while typing in a field, lists the actions, and Escape gives the keyboard back', async () => {
    const core = seeded();
    const view = await mountApp(core);
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
    expect(core.callsOf('palette')).toEqual([['']]);
    // An empty query lists the core's actions (src/palette.rs ACTIONS), in its order.
    expect(items(view).map((i) => i.dataset.kind)).toEqual(Array(15).fill('action'));
    expect(items(view).map(labelOf)).toEqual(core.run<PaletteEntry[]>('palette', { query: '' }).map((e) => e.label));
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
    const core = seeded();
    const view = await mountApp(core);
    const button = view.getByTestId('palette-open-button');
    button.focus();
    await fireEvent.click(button);
    await settle();
    expect(view.getByTestId('palette')).toBeTruthy();

    await typeQuery(view, 'd');
    await typeQuery(view, 'ds');
    await typeQuery(view, 'dsc');
    expect(core.callsOf('palette')).toEqual([[''], ['d'], ['ds'], ['dsc']]);
    // The core's best match for "dsc": D, then "sc" at the start of "scary".
    const first = items(view)[0];
    expect(labelOf(first)).toBe('Deploys are scary');
    expect(items(view).map(labelOf)).toEqual(core.run<PaletteEntry[]>('palette', { query: 'dsc' }).map((e) => e.label));
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
    const core = seeded();
    const view = await mountApp(core);
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
    const core = seeded();
    const view = await mountApp(core);

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
    const slow = core.run<ThemeOverview[]>('list_themes').find((t) => t.theme.name === 'Slow CI')!.theme;
    expect(core.callsOf('themeSummary').at(-1)).toEqual([slow.id, 'month']);
    expect(view.getByTestId('theme-summary').querySelector('h1')?.textContent).toBe('Slow CI');
    const current = view.getAllByTestId('theme-item').find((i) => i.getAttribute('aria-current') === 'true');
    expect(current?.dataset.themeId).toBe(String(slow.id));

    // A survey other than the one the view would pick by itself.
    await pressK();
    await typeQuery(view, 'onboarding');
    await chooseByKeys(view, 'Onboarding pulse');
    expect(view.getByTestId('nav-surveys').getAttribute('aria-current')).toBe('page');
    const onboarding = core.run<SurveyInfo[]>('list_surveys').find((s) => s.name === 'Onboarding pulse')!;
    expect(core.run<SurveyInfo[]>('list_surveys')[0].name).toBe('Platform survey');
    // Only the chosen survey is summarised, not first the one the view would pick.
    expect(core.callsOf('surveySummary')).toEqual([[onboarding.id, []]]);
    expect(view.getByTestId('survey-summary').querySelector('h1')?.textContent).toBe('Onboarding pulse');

    await pressK();
    await typeQuery(view, 'payments');
    await chooseByKeys(view, 'Payments');
    expect(view.getByTestId('nav-teams').getAttribute('aria-current')).toBe('page');

    // A ticket opens in the reader over the current view, with nothing marked.
    await pressK();
    await typeQuery(view, 'approvals');
    expect(items(view)[0].dataset.kind).toBe('ticket');
    // The core labels a ticket with its key.
    expect(labelOf(items(view)[0])).toBe('OPS-4 Deploys wait for approvals');
    const ticket = core.run<PaletteEntry[]>('palette', { query: 'approvals' })[0];
    await key(view, 'Enter');
    expect(core.callsOf('openDocument')).toEqual([[ticket.id, '']]);
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
    expect(core.callsOf('reindex')).toHaveLength(1);

    await pressK();
    await typeQuery(view, 'new interview');
    await chooseByKeys(view, 'New interview');
    expect(view.getByTestId('nav-interviews').getAttribute('aria-current')).toBe('page');
    expect((view.getByTestId('field-title') as HTMLInputElement).value).toBe('');
  });

  it('never lets an older answer replace a newer one', async () => {
    const core = seeded();
    core.seed({ teams: [{ id: null, name: '<b>Bold</b> team', headcount: 3 }] });
    const view = await mountApp(core);
    // The core answers each keystroke at once; its answer reaches the UI when the test says.
    const ask = core.backend.palette;
    const held = new Map<string, () => void>();
    vi.spyOn(core.backend, 'palette').mockImplementation((query: string) => {
      const answer = ask(query);
      return new Promise<PaletteEntry[]>((resolve) => held.set(query, () => resolve(answer)));
    });
    async function arrive(query: string) {
      held.get(query)!();
      await settle();
    }
    const labelsFor = (query: string) => core.run<PaletteEntry[]>('palette', { query }).map((e) => e.label);

    await pressK();
    expect(items(view)).toHaveLength(0);
    await arrive('');
    expect(items(view).map(labelOf)).toEqual(labelsFor(''));

    await typeQuery(view, 'bold');
    await arrive('bold');
    expect(items(view).map(labelOf)).toEqual(['<b>Bold</b> team']);
    // Labels are text, never markup; the core's positions (3–6) mark "Bold".
    expect(items(view)[0].querySelector('b')).toBeNull();
    expect([...items(view)[0].querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['Bold']);

    await typeQuery(view, 'd');
    await typeQuery(view, 'de');
    // The answer for "de" comes first, then the slower one for "d" (more matches): "de" stays.
    const de = labelsFor('de');
    expect(labelsFor('d')).not.toEqual(de);
    await arrive('de');
    expect(items(view).map(labelOf)).toEqual(de);
    expect(labelOf(items(view)[0])).toBe('Deploys are scary');
    await arrive('d');
    expect(items(view).map(labelOf)).toEqual(de);
    expect([...items(view)[0].querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['De']);

    // Enter before the answer to the last keystroke arrives opens that answer's best match.
    await typeQuery(view, 'go to them');
    await key(view, 'Enter');
    expect(view.getByTestId('palette')).toBeTruthy();
    expect(labelsFor('go to them')[0]).toBe('Go to themes');
    await arrive('go to them');
    expect(view.queryByTestId('palette')).toBeNull();
    expect(view.getByTestId('nav-themes').getAttribute('aria-current')).toBe('page');
  });

  it('is listed in the shortcuts help and shows what the core reports when it fails', async () => {
    const core = seeded();
    const view = await mountApp(core);
    await fireEvent.keyDown(document.body, { key: '?' });
    const help = view.getByTestId('shortcuts-help');
    expect(within(help).getByText('Ctrl+K')).toBeTruthy();
    await fireEvent.keyDown(document.body, { key: 'Escape' });

    core.failNext('palette', { code: 'database', message: 'database is locked', field: null });
    await pressK();
    expect(view.getByTestId('palette').textContent).toContain('database is locked');
    await typeQuery(view, 'zzzz');
    expect(view.getByTestId('palette').textContent).toContain('Nothing is named like “zzzz”');
    expect(items(view)).toHaveLength(0);
  });
});
