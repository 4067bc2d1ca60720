import { fireEvent, render } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../App.svelte';
import type { ExportSubject } from '../bindings/ExportSubject';
import type { ItemInput } from '../bindings/ItemInput';
import { apiError, backendContext } from '../platform/backend';
import { bulkTickets, FAKE_DOCUMENTS, FakeBackend } from '../platform/fake';
import { interviewInput } from '../../test/helpers';
import { useDraftWorkspace } from '../util/draft';
import ExportDialog from './ExportDialog.svelte';
import { itemInput } from '../../test/helpers';

async function settle(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
}

function item(title: string, over: Partial<ItemInput> = {}): Omit<ItemInput, 'id'> {
  return itemInput(title, over);
}

const input = (key: string, value: number) => ({ key, value, low: null, high: null });

/** Three items (two ranked by RICE, one without inputs), twelve tickets, an interview and two themes. */
function seeded(): FakeBackend {
  return new FakeBackend({
    teams: [
      { id: null, name: 'Payments', headcount: 90 },
      { id: null, name: 'Checkout', headcount: 30 },
    ],
    interviews: [interviewInput({ title: 'CI is slow', participant: 'Ada', team: 'Payments', notes: 'Every flaky test costs a rerun.' })],
    documents: bulkTickets(12),
    themes: [
      { name: 'Flaky tests', query: 'flaky' },
      { name: 'Docs', query: 'documentation' },
    ],
    items: [
      item('Faster CI', { effort: 4, teams: ['Payments'], inputs: [input('impact', 2), input('confidence', 0.5)] }),
      item('Preview envs', { effort: 2, teams: ['Checkout'], inputs: [input('impact', 1), input('confidence', 0.8)] }),
      item('Docs revamp', { effort: 2 }),
    ],
  });
}

type Props = {
  subject?: ExportSubject;
  model?: string;
  team?: string;
  searchQuery?: string;
  unsavedWeights?: boolean;
};

async function openDialog(fake: FakeBackend, props: Props = {}) {
  const onclose = vi.fn();
  const notify = vi.fn();
  const view = render(ExportDialog, {
    props: { subject: { kind: 'roadmap' }, onclose, notify, ...props },
    context: backendContext(fake),
  });
  await settle();
  return { view, onclose, notify };
}

/** The dialog on its own, or in the app. */
type View = { getByTestId(id: string): HTMLElement };

const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();
const select = (view: View, id: string) => view.getByTestId(id) as HTMLSelectElement;
const checkbox = (view: View, id: string) => view.getByTestId(id) as HTMLInputElement;
const pathInput = (view: View) => view.getByTestId('export-path') as HTMLInputElement;
const optionValues = (el: HTMLSelectElement) => [...el.options].map((o) => o.value);
const optionLabels = (el: HTMLSelectElement) => [...el.options].map((o) => text(o));

async function choose(view: View, id: string, value: string) {
  await fireEvent.change(select(view, id), { target: { value } });
  await settle();
}

async function typePath(view: View, value: string) {
  await fireEvent.input(pathInput(view), { target: { value } });
  await settle();
}

async function click(view: View, id: string) {
  await fireEvent.click(view.getByTestId(id));
  await settle();
}

const DAY = '2026-07-01';

describe('ExportDialog', () => {
  beforeEach(() => {
    localStorage.clear();
    useDraftWorkspace('/tmp/fake-workspace');
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('opens on the roadmap review pack: HTML, anonymized, the view’s model, a default path, open when done', async () => {
    const fake = seeded();
    const { view } = await openDialog(fake, { model: 'ice' });

    expect(view.getByTestId('export-dialog').getAttribute('role')).toBe('dialog');
    expect(select(view, 'export-subject').value).toBe('roadmap');
    expect(text(select(view, 'export-subject').selectedOptions[0])).toBe('Roadmap review pack');
    expect(document.activeElement).toBe(view.getByTestId('export-subject'));
    expect(select(view, 'export-format').value).toBe('html');
    expect(optionLabels(select(view, 'export-format'))).toEqual(['HTML review pack', 'Excel (XLSX)', 'CSV', 'Markdown', 'JSON']);
    expect(select(view, 'export-model').value).toBe('ice');
    expect(optionValues(select(view, 'export-model'))).toContain('rice');
    expect(select(view, 'export-team').value).toBe('');
    expect(optionValues(select(view, 'export-team'))).toEqual(['', 'Checkout', 'Payments']);
    expect(select(view, 'export-compare').value).toBe('');
    expect(checkbox(view, 'export-anonymize').checked).toBe(true);
    expect(text(view.getByTestId('export-dialog'))).toContain(
      'Replaces participant and reporter names with labels such as engineer 3 (payments), and emails with [email]',
    );
    expect(pathInput(view).value).toBe(`${FAKE_DOCUMENTS}/groundwork-roadmap-ice-${DAY}.html`);
    expect(checkbox(view, 'export-open-after').checked).toBe(true);
    expect(view.queryByTestId('export-result')).toBeNull();
    expect(view.queryByTestId('export-error')).toBeNull();
  });

  it('anonymizes the HTML pack by default and other formats not, until the box is touched', async () => {
    const { view } = await openDialog(seeded());
    const anonymize = () => checkbox(view, 'export-anonymize').checked;
    expect(anonymize()).toBe(true);

    await choose(view, 'export-format', 'csv');
    expect(anonymize()).toBe(false);
    await choose(view, 'export-format', 'html');
    expect(anonymize()).toBe(true);

    // Touched: the user's choice stays whatever the format.
    await fireEvent.click(checkbox(view, 'export-anonymize'));
    expect(anonymize()).toBe(false);
    await choose(view, 'export-format', 'md');
    expect(anonymize()).toBe(false);
    await choose(view, 'export-format', 'html');
    expect(anonymize()).toBe(false);
    await fireEvent.click(checkbox(view, 'export-anonymize'));
    await choose(view, 'export-format', 'json');
    expect(anonymize()).toBe(true);
  });

  it('keeps the default path in step with the format, model and team', async () => {
    const fake = seeded();
    const { view } = await openDialog(fake);
    const name = () => pathInput(view).value.replace(`${FAKE_DOCUMENTS}/`, '');
    expect(name()).toBe(`groundwork-roadmap-rice-${DAY}.html`);

    await choose(view, 'export-format', 'xlsx');
    expect(name()).toBe(`groundwork-roadmap-rice-${DAY}.xlsx`);
    await choose(view, 'export-model', 'wsjf');
    expect(name()).toBe(`groundwork-roadmap-wsjf-${DAY}.xlsx`);
    await choose(view, 'export-team', 'Payments');
    expect(name()).toBe(`groundwork-roadmap-wsjf-payments-${DAY}.xlsx`);
    await choose(view, 'export-subject', 'themes');
    expect(name()).toBe(`groundwork-themes-${DAY}.csv`);
    // Every one of them asked the backend for its name.
    expect(fake.callsOf('exportDefaultPath').length).toBeGreaterThanOrEqual(5);
  });

  it('after the user edits the path, only its extension follows the format', async () => {
    const { view } = await openDialog(seeded());
    await typePath(view, '/tmp/q3-review.html');

    await choose(view, 'export-format', 'md');
    expect(pathInput(view).value).toBe('/tmp/q3-review.md');
    await choose(view, 'export-model', 'ice');
    await choose(view, 'export-team', 'Checkout');
    expect(pathInput(view).value).toBe('/tmp/q3-review.md');
    await choose(view, 'export-format', 'json');
    expect(pathInput(view).value).toBe('/tmp/q3-review.json');

    // Emptied and left, it follows the choices again.
    await typePath(view, '');
    await fireEvent.change(pathInput(view), { target: { value: '' } });
    await settle();
    expect(pathInput(view).value).toBe(`${FAKE_DOCUMENTS}/groundwork-roadmap-ice-checkout-${DAY}.json`);
  });

  it('offers search results and themes only as CSV, Markdown or JSON, without the roadmap’s fields', async () => {
    const search = await openDialog(seeded(), { subject: { kind: 'search', query: 'flaky tests' } });
    let view = search.view;
    expect(select(view, 'export-subject').value).toBe('search');
    expect(text(select(view, 'export-subject').selectedOptions[0])).toBe('Search results for “flaky tests”');
    expect(optionValues(select(view, 'export-format'))).toEqual(['csv', 'md', 'json']);
    expect(select(view, 'export-format').value).toBe('csv');
    expect(checkbox(view, 'export-anonymize').checked).toBe(false);
    expect(view.queryByTestId('export-model')).toBeNull();
    expect(view.queryByTestId('export-team')).toBeNull();
    expect(view.queryByTestId('export-compare')).toBeNull();
    expect(pathInput(view).value).toBe(`${FAKE_DOCUMENTS}/groundwork-search-flaky-tests-${DAY}.csv`);
    view.unmount();

    const fake = seeded();
    const docs = fake.themes.find((t) => t.name === 'Docs')!;
    view = (await openDialog(fake, { subject: { kind: 'themes', ids: [docs.id] } })).view;
    expect(select(view, 'export-subject').value).toBe('themes');
    expect(optionValues(select(view, 'export-format'))).toEqual(['csv', 'md', 'json']);
    expect(select(view, 'export-themes').value).toBe(String(docs.id));
    expect(optionLabels(select(view, 'export-themes'))).toEqual(['All themes', 'Docs', 'Flaky tests']);

    // From the roadmap's HTML to themes: the format falls back to CSV.
    view.unmount();
    view = (await openDialog(seeded())).view;
    expect(optionValues(select(view, 'export-subject'))).toEqual(['roadmap', 'themes']);
    await choose(view, 'export-subject', 'themes');
    expect(select(view, 'export-format').value).toBe('csv');
    expect(select(view, 'export-themes').value).toBe('');
    expect(view.queryByTestId('export-model')).toBeNull();
  });

  it('exports, shows what was written and opens the file when the box is checked', async () => {
    const fake = seeded();
    const { view } = await openDialog(fake);
    const path = pathInput(view).value;

    await click(view, 'export-submit');

    const file = fake.exported.get(path)!;
    expect(file.options).toEqual({ subject: { kind: 'roadmap' }, format: 'html', model: 'rice', team: null, compare: null, anonymize: true });
    expect(file.items).toBe(3);
    const result = text(view.getByTestId('export-result'));
    expect(result).toContain(`Exported 3 items to ${path} (`);
    expect(result).toMatch(/\(\d+\.\d kB\)/);
    expect(result).toContain(`${file.people} people anonymized`);
    expect(file.people).toBeGreaterThan(0);
    expect(fake.openedExports).toEqual([path]);
    expect(text(view.getByTestId('export-close'))).toBe('Close');

    await click(view, 'export-reveal');
    expect(fake.revealedExports).toEqual([path]);
    await click(view, 'export-open');
    expect(fake.openedExports).toEqual([path, path]);
  });

  it('does not open the file when "open when done" is unchecked', async () => {
    const fake = seeded();
    const { view } = await openDialog(fake, { subject: { kind: 'search', query: 'flaky' } });
    await fireEvent.click(checkbox(view, 'export-open-after'));
    await choose(view, 'export-format', 'md');
    await click(view, 'export-submit');

    const path = `${FAKE_DOCUMENTS}/groundwork-search-flaky-${DAY}.md`;
    expect(fake.exported.has(path)).toBe(true);
    const hits = fake.exported.get(path)!.items;
    expect(hits).toBeGreaterThan(0);
    // Not anonymized: no people in the line; hits, not items.
    expect(text(view.getByTestId('export-result'))).toMatch(new RegExp(`^Exported ${hits} hits to ${path} \\(\\d+\\.\\d kB\\)$`));
    expect(fake.callsOf('openExport')).toEqual([]);
  });

  it('shows an error from opening the file without hiding the export', async () => {
    const fake = seeded();
    fake.failNext('openExport', apiError('internal', 'opening the export: no application knows .html files'));
    const { view } = await openDialog(fake);
    await click(view, 'export-submit');

    expect(view.getByTestId('export-result')).toBeTruthy();
    expect(text(view.getByTestId('export-open-error'))).toContain('no application knows .html files');
    expect(view.queryByTestId('export-error')).toBeNull();
  });

  it('rejects a relative path, naming the destination, and exports once it is a full path (Enter in the field)', async () => {
    const fake = seeded();
    const { view } = await openDialog(fake);
    await typePath(view, 'review.html');
    await fireEvent.keyDown(pathInput(view), { key: 'Enter' });
    await settle();

    expect(text(view.getByTestId('export-error'))).toBe("Destination: give the file's full path, or choose it");
    expect(pathInput(view).getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(pathInput(view));
    expect(fake.exported.size).toBe(0);
    expect(view.queryByTestId('export-result')).toBeNull();

    await typePath(view, '/tmp/review.html');
    expect(view.queryByTestId('export-error')).toBeNull();
    await fireEvent.keyDown(pathInput(view), { key: 'Enter' });
    await settle();
    expect(fake.exported.has('/tmp/review.html')).toBe(true);
    expect(text(view.getByTestId('export-result'))).toContain('to /tmp/review.html (');
  });

  it('names the field at fault: a missing folder, a format, a team', async () => {
    const fake = seeded();
    const { view } = await openDialog(fake);
    await typePath(view, '/nowhere/review.html');
    await click(view, 'export-submit');
    expect(text(view.getByTestId('export-error'))).toBe('Destination: the folder /nowhere does not exist');

    fake.failNext('exportToFile', apiError('invalid_input', 'html and xlsx are for the roadmap', 'format'));
    await typePath(view, '/tmp/review.html');
    await click(view, 'export-submit');
    const error = view.getByTestId('export-error');
    expect(text(error)).toBe('Format: html and xlsx are for the roadmap');
    // Shown under the field it names.
    expect(error.parentElement!.contains(view.getByTestId('export-format'))).toBe(true);
    expect(select(view, 'export-format').getAttribute('aria-invalid')).toBe('true');

    fake.failNext('exportToFile', apiError('invalid_input', 'no team named "Ghosts"', 'team'));
    await click(view, 'export-submit');
    expect(text(view.getByTestId('export-error'))).toBe('Team view: no team named "Ghosts"');
    expect(document.activeElement).toBe(view.getByTestId('export-team'));
    await choose(view, 'export-team', 'Payments');
    expect(view.queryByTestId('export-error')).toBeNull();
  });

  it('chooses the destination with the save dialog, adding the extension it left off', async () => {
    const fake = seeded();
    const { view } = await openDialog(fake);
    const start = pathInput(view).value;

    await click(view, 'export-choose');
    expect(fake.callsOf('chooseExportPath')).toEqual([[start, 'html']]);
    expect(pathInput(view).value).toBe(start);

    fake.exportPathToPick = '/home/you/Desktop/for-leads';
    await click(view, 'export-choose');
    expect(pathInput(view).value).toBe('/home/you/Desktop/for-leads.html');
    // A chosen path is the user's: only its extension follows the format.
    await choose(view, 'export-model', 'ice');
    await choose(view, 'export-format', 'csv');
    expect(pathInput(view).value).toBe('/home/you/Desktop/for-leads.csv');

    fake.exportPathToPick = null;
    await click(view, 'export-choose');
    expect(pathInput(view).value).toBe('/home/you/Desktop/for-leads.csv');
  });

  it('exports the chosen model, team view and snapshot', async () => {
    const fake = seeded();
    fake.roadmap.saveSnapshot('Q2 review', { model: 'rice', draft: null, team: null, top: null, all: false });
    const { view } = await openDialog(fake, { team: 'Checkout' });
    expect(select(view, 'export-team').value).toBe('Checkout');
    expect(optionValues(select(view, 'export-compare'))).toEqual(['', 'Q2 review']);
    await choose(view, 'export-compare', 'Q2 review');
    await choose(view, 'export-format', 'csv');
    await click(view, 'export-submit');

    const [options, path] = fake.callsOf('exportToFile')[0] as [unknown, string];
    expect(options).toEqual({
      subject: { kind: 'roadmap' },
      format: 'csv',
      model: 'rice',
      team: 'Checkout',
      compare: 'Q2 review',
      anonymize: false,
    });
    expect(path).toBe(`${FAKE_DOCUMENTS}/groundwork-roadmap-rice-checkout-${DAY}.csv`);
  });

  it('says the export leaves out unsaved weights', async () => {
    const { view } = await openDialog(seeded(), { unsavedWeights: true });
    expect(text(view.getByTestId('export-dialog'))).toContain('unsaved weight changes');
  });

  it('shows progress while the export runs', async () => {
    const fake = seeded();
    // The export waits until the test lets it through.
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const write = fake.exportToFile.bind(fake);
    fake.exportToFile = async (options, path) => {
      await gate;
      return write(options, path);
    };
    const { view } = await openDialog(fake);
    await fireEvent.click(view.getByTestId('export-submit'));
    await settle();
    const button = view.getByTestId('export-submit') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(text(button)).toBe('Exporting…');
    expect(text(view.getByTestId('export-progress'))).toContain(`groundwork-roadmap-rice-${DAY}.html`);
    // A second press (or Enter) while it runs starts nothing.
    await fireEvent.keyDown(pathInput(view), { key: 'Enter' });
    release();
    await settle();
    expect(fake.exported.size).toBe(1);
    expect(view.getByTestId('export-result')).toBeTruthy();
    expect(button.disabled).toBe(false);
    expect(view.queryByTestId('export-progress')).toBeNull();
  });

  it('tells the app about an export that finished after the dialog closed, and opens nothing', async () => {
    const fake = seeded();
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const write = fake.exportToFile.bind(fake);
    fake.exportToFile = async (options, path) => {
      await gate;
      return write(options, path);
    };
    const { view, notify } = await openDialog(fake);
    await fireEvent.click(view.getByTestId('export-submit'));
    view.unmount();
    release();
    await settle();
    expect(notify).toHaveBeenCalledWith(expect.stringMatching(/^Exported 3 items to .*groundwork-roadmap-rice-.*\.html/));
    expect(fake.callsOf('openExport')).toEqual([]);
  });

  it('closes on Escape and on Cancel', async () => {
    const { view, onclose } = await openDialog(seeded());
    await fireEvent.keyDown(view.getByTestId('export-format'), { key: 'Escape' });
    expect(onclose).toHaveBeenCalledTimes(1);
    expect(text(view.getByTestId('export-close'))).toBe('Cancel');
    await click(view, 'export-close');
    expect(onclose).toHaveBeenCalledTimes(2);
  });
});

describe('Export entry points', () => {
  beforeEach(() => {
    localStorage.clear();
    useDraftWorkspace('/tmp/fake-workspace');
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  async function mountApp(fake: FakeBackend) {
    const view = render(App, { context: backendContext(fake) });
    await settle();
    return view;
  }

  it('opens from the roadmap header on the view’s model; Escape closes and gives the keyboard back', async () => {
    const fake = seeded();
    const view = await mountApp(fake);
    await fireEvent.click(view.getByTestId('nav-roadmap'));
    await settle();
    await fireEvent.change(view.getByTestId('model-select'), { target: { value: 'ice' } });
    await settle();

    const button = view.getByTestId('roadmap-export');
    button.focus();
    await fireEvent.click(button);
    await settle();
    expect(select(view, 'export-subject').value).toBe('roadmap');
    expect(select(view, 'export-model').value).toBe('ice');
    expect(pathInput(view).value).toBe(`${FAKE_DOCUMENTS}/groundwork-roadmap-ice-${DAY}.html`);

    // Modal: the global shortcuts wait (no palette on Ctrl+K) and Escape closes the dialog.
    await fireEvent.keyDown(document.body, { key: 'k', ctrlKey: true });
    await settle();
    expect(view.queryByTestId('palette')).toBeNull();
    await fireEvent.keyDown(document.body, { key: 'Escape' });
    await settle();
    expect(view.queryByTestId('export-dialog')).toBeNull();
    expect(document.activeElement).toBe(view.getByTestId('roadmap-export'));
  });

  it('exports search results from the Search view once there is a query', async () => {
    const fake = seeded();
    const view = await mountApp(fake);
    await fireEvent.click(view.getByTestId('nav-search'));
    await settle();
    expect((view.getByTestId('search-export') as HTMLButtonElement).disabled).toBe(true);

    await fireEvent.input(view.getByTestId('search-input'), { target: { value: 'flaky' } });
    await settle(200);
    expect((view.getByTestId('search-export') as HTMLButtonElement).disabled).toBe(false);

    // Escape closes the dialog, not the reader behind it.
    await fireEvent.click(view.getAllByTestId('search-hit')[0]);
    await settle();
    expect(view.getByTestId('reader')).toBeTruthy();
    await fireEvent.click(view.getByTestId('search-export'));
    await settle();
    await fireEvent.keyDown(view.getByTestId('export-format'), { key: 'Escape' });
    await settle();
    expect(view.queryByTestId('export-dialog')).toBeNull();
    expect(view.getByTestId('reader')).toBeTruthy();

    await fireEvent.click(view.getByTestId('search-export'));
    await settle();
    expect(select(view, 'export-subject').value).toBe('search');
    expect(optionValues(select(view, 'export-format'))).toEqual(['csv', 'md', 'json']);
    await click(view, 'export-submit');
    const [options] = fake.callsOf('exportToFile')[0] as [{ subject: ExportSubject }];
    expect(options.subject).toEqual({ kind: 'search', query: 'flaky' });
    expect(text(view.getByTestId('export-result'))).toContain(`groundwork-search-flaky-${DAY}.csv`);
    await click(view, 'export-close');
    expect(view.queryByTestId('export-dialog')).toBeNull();
  });

  it('exports the selected theme from the Themes view, or all of them', async () => {
    const fake = seeded();
    const view = await mountApp(fake);
    await fireEvent.click(view.getByTestId('nav-themes'));
    await settle();
    const flaky = fake.themes.find((t) => t.name === 'Flaky tests')!;
    await fireEvent.click(view.getAllByTestId('theme-item').find((b) => b.dataset.themeId === String(flaky.id))!);
    await settle();

    await fireEvent.click(view.getByTestId('themes-export'));
    await settle();
    expect(select(view, 'export-subject').value).toBe('themes');
    expect(select(view, 'export-themes').value).toBe(String(flaky.id));
    await fireEvent.click(checkbox(view, 'export-open-after'));
    await click(view, 'export-submit');
    await choose(view, 'export-themes', '');
    await click(view, 'export-submit');

    const subjects = fake.callsOf('exportToFile').map((c) => (c[0] as { subject: ExportSubject }).subject);
    expect(subjects).toEqual([
      { kind: 'themes', ids: [flaky.id] },
      { kind: 'themes', ids: [] },
    ]);
    expect(text(view.getByTestId('export-result'))).toMatch(/^Exported \d+ rows to /);
  });
});
