import { fireEvent, render } from '@testing-library/svelte';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../App.svelte';
import type { ExportOptions } from '../bindings/ExportOptions';
import type { ExportReport } from '../bindings/ExportReport';
import type { ExportSubject } from '../bindings/ExportSubject';
import type { ItemInput } from '../bindings/ItemInput';
import type { Item } from '../bindings/Item';
import type { ThemeOverview } from '../bindings/ThemeOverview';
import { apiError, backendContext } from '../platform/backend';
import { CoreBackend, ticketsCsv, TODAY } from '../../test/core';
import { interviewInput, itemInput } from '../../test/helpers';
import { useDraftWorkspace } from '../util/draft';
import ExportDialog from './ExportDialog.svelte';

async function settle(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
}

function item(title: string, over: Partial<ItemInput> = {}): Omit<ItemInput, 'id'> {
  return itemInput(title, over);
}

const input = (key: string, value: number) => ({ key, value, low: null, high: null });

const TEAMS = ['Payments', 'Checkout'];

/** Twelve Jira tickets about flaky tests, alternating between the two teams, and one about documentation. */
function tickets(): string {
  const flaky = Array.from({ length: 12 }, (_, i) => ({
    key: `CI-${i + 1}`,
    title: `Flaky test #${i + 1} blocks the merge queue`,
    body: `The integration suite failed again on run ${i + 1}; slow CI makes every retry cost twenty minutes.`,
    team: TEAMS[i % 2],
    created: `2026-0${(i % 2) + 1}-${String(i + 1).padStart(2, '0')} 10:00`,
    labels: i % 2 === 0 ? 'ci' : 'ci flaky',
    reporter: `reporter${i % 7}`,
  }));
  const docs = { key: 'DOC-1', title: 'Runbook documentation is out of date', team: 'Checkout', reporter: 'reporter0' };
  return ticketsCsv([...flaky, docs]);
}

/**
 * Two teams, three items (two ranked by RICE, one without inputs) and two themes, in a fresh
 * workspace of the real core; with `research`, also thirteen tickets and an interview to search,
 * export and anonymize (indexing them takes most of a test's time, so only tests that export
 * research or people ask for them).
 */
function seeded({ research = false } = {}): CoreBackend {
  return new CoreBackend({
    teams: [
      { id: null, name: 'Payments', headcount: 90 },
      { id: null, name: 'Checkout', headcount: 30 },
    ],
    interviews: research
      ? [interviewInput({ title: 'CI is slow', participant: 'Ada', team: 'Payments', notes: 'Ada here: every flaky test costs a rerun.' })]
      : [],
    tickets: research ? [tickets()] : [],
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

function themeId(core: CoreBackend, name: string): number {
  return core.run<ThemeOverview[]>('list_themes').find((t) => t.theme.name === name)!.theme.id;
}

function itemId(core: CoreBackend, title: string): number {
  return core.run<Item[]>('list_items').find((i) => i.title === title)!.id;
}

/** What the core reports for the same export written somewhere else (to check the figures the UI shows). */
let checks = 0;
function sameExport(core: CoreBackend, options: ExportOptions): ExportReport {
  checks += 1;
  return core.run<ExportReport>('export_to_file', { options, path: `${core.documents}/check-${checks}` });
}

/** The result line's size, as the file on disk has it. */
const sizeOf = (path: string) => `(${(statSync(path).size / 1000).toFixed(1)} kB)`;

/** Export files written into the test's Documents folder. */
const written = (core: CoreBackend) => readdirSync(core.documents).filter((f) => f.startsWith('groundwork-') || f.startsWith('review'));

/** Holds every export until the returned function is called; the real core then writes it. */
function holdExports(core: CoreBackend): () => void {
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const write = core.backend.exportToFile;
  core.backend.exportToFile = async (options, path) => {
    await gate;
    return write(options, path);
  };
  return release;
}

type Props = {
  subject?: ExportSubject;
  model?: string;
  team?: string;
  searchQuery?: string;
  unsavedWeights?: boolean;
};

async function openDialog(core: CoreBackend, props: Props = {}) {
  const onclose = vi.fn();
  const notify = vi.fn();
  const view = render(ExportDialog, {
    props: { subject: { kind: 'roadmap' }, onclose, notify, ...props },
    context: backendContext(core.backend),
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

describe('ExportDialog', () => {
  beforeEach(() => {
    localStorage.clear();
    useDraftWorkspace('/tmp/groundwork-ui-test');
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('opens on the roadmap review pack: HTML, anonymized, the view’s model, a default path, open when done', async () => {
    const core = seeded();
    const { view } = await openDialog(core, { model: 'ice' });

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
    // The core names the file: in Documents, dated today.
    expect(pathInput(view).value).toBe(`${core.documents}/groundwork-roadmap-ice-${TODAY}.html`);
    expect(checkbox(view, 'export-open-after').checked).toBe(true);
    expect(view.queryByTestId('export-result')).toBeNull();
    expect(view.queryByTestId('export-error')).toBeNull();
  });

  it('anonymizes every format by default (the core says so per format), until the box is touched', async () => {
    const { view } = await openDialog(seeded());
    const anonymize = () => checkbox(view, 'export-anonymize').checked;
    expect(anonymize()).toBe(true);

    await choose(view, 'export-format', 'csv');
    expect(anonymize()).toBe(true);
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
    const core = seeded();
    const { view } = await openDialog(core);
    const name = () => pathInput(view).value.replace(`${core.documents}/`, '');
    expect(name()).toBe(`groundwork-roadmap-rice-${TODAY}.html`);

    await choose(view, 'export-format', 'xlsx');
    expect(name()).toBe(`groundwork-roadmap-rice-${TODAY}.xlsx`);
    await choose(view, 'export-model', 'wsjf');
    expect(name()).toBe(`groundwork-roadmap-wsjf-${TODAY}.xlsx`);
    await choose(view, 'export-team', 'Payments');
    expect(name()).toBe(`groundwork-roadmap-wsjf-payments-${TODAY}.xlsx`);
    await choose(view, 'export-subject', 'themes');
    expect(name()).toBe(`groundwork-themes-${TODAY}.csv`);
    // Every one of them asked the core for its name.
    expect(core.callsOf('exportDefaults').length).toBeGreaterThanOrEqual(5);
  });

  it('after the user edits the path, only its extension follows the format', async () => {
    const core = seeded();
    const { view } = await openDialog(core);
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
    expect(pathInput(view).value).toBe(`${core.documents}/groundwork-roadmap-ice-checkout-${TODAY}.json`);
  });

  it('offers search results and themes only as CSV, Markdown or JSON, without the roadmap’s fields', async () => {
    const first = seeded();
    const search = await openDialog(first, { subject: { kind: 'search', query: 'flaky tests' } });
    let view = search.view;
    expect(select(view, 'export-subject').value).toBe('search');
    expect(text(select(view, 'export-subject').selectedOptions[0])).toBe('Search results for “flaky tests”');
    expect(optionValues(select(view, 'export-format'))).toEqual(['csv', 'md', 'json']);
    expect(select(view, 'export-format').value).toBe('csv');
    expect(checkbox(view, 'export-anonymize').checked).toBe(true);
    expect(view.queryByTestId('export-model')).toBeNull();
    expect(view.queryByTestId('export-team')).toBeNull();
    expect(view.queryByTestId('export-compare')).toBeNull();
    expect(pathInput(view).value).toBe(`${first.documents}/groundwork-search-flaky-tests-${TODAY}.csv`);
    view.unmount();

    const core = seeded();
    const docs = themeId(core, 'Docs');
    view = (await openDialog(core, { subject: { kind: 'themes', ids: [docs] } })).view;
    expect(select(view, 'export-subject').value).toBe('themes');
    expect(optionValues(select(view, 'export-format'))).toEqual(['csv', 'md', 'json']);
    expect(select(view, 'export-themes').value).toBe(String(docs));
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
    const core = seeded({ research: true });
    // Ada's words (the interview, seeded first: document 1) as evidence for Faster CI: the pack
    // quotes her, by name unless anonymized.
    core.run('link_item', { input: { item: itemId(core, 'Faster CI'), theme: null, document: 1, quote: 'Ada here: every flaky test costs a rerun.' } });
    const named = `${core.documents}/named.html`;
    core.run('export_to_file', { options: { subject: { kind: 'roadmap' }, format: 'html', model: 'rice', team: null, compare: null, anonymize: false }, path: named });
    expect(readFileSync(named, 'utf8')).toContain('Ada');
    const { view } = await openDialog(core);
    const path = pathInput(view).value;
    expect(existsSync(path)).toBe(false);

    await click(view, 'export-submit');

    const [options, to] = core.callsOf('exportToFile')[0] as [ExportOptions, string];
    // The box was not touched: the dialog leaves the default to the core, which anonymizes HTML.
    expect(options).toEqual({ subject: { kind: 'roadmap' }, format: 'html', model: 'rice', team: null, compare: null, anonymize: null });
    expect(to).toBe(path);
    // The core wrote the review pack there: the three items (two ranked, Docs revamp unscored),
    // with people's names replaced.
    const html = readFileSync(path, 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    for (const title of ['Faster CI', 'Preview envs', 'Docs revamp']) expect(html).toContain(title);
    expect(html).toContain('model <strong>rice</strong>');
    expect(html).toContain("people's names are replaced by labels");
    expect(html).not.toContain('Ada');
    expect(html).toContain('<blockquote>engineer 1 (payments) here: every flaky test costs a rerun.');
    const result = text(view.getByTestId('export-result'));
    expect(result).toContain(`Exported 3 items to ${path} ${sizeOf(path)}`);
    // As many people as the core replaces in this workspace.
    const people = sameExport(core, options).people;
    expect(people).toBeGreaterThan(0);
    expect(result).toContain(`${people} people anonymized`);
    expect(core.openedExports).toEqual([path]);
    expect(text(view.getByTestId('export-close'))).toBe('Close');

    await click(view, 'export-reveal');
    expect(core.revealedExports).toEqual([path]);
    await click(view, 'export-open');
    expect(core.openedExports).toEqual([path, path]);
  });

  it('does not open the file when "open when done" is unchecked', async () => {
    const core = seeded({ research: true });
    const { view } = await openDialog(core, { subject: { kind: 'search', query: 'flaky' } });
    await fireEvent.click(checkbox(view, 'export-open-after'));
    await choose(view, 'export-format', 'md');
    await fireEvent.click(checkbox(view, 'export-anonymize'));
    await click(view, 'export-submit');

    const path = `${core.documents}/groundwork-search-flaky-${TODAY}.md`;
    const md = readFileSync(path, 'utf8');
    expect(md).toMatch(/^# Search: flaky\n/);
    // The hits the file lists: the interview and the twelve tickets say "flaky".
    const hits = Number(/\*\*(\d+)\*\* matching documents/.exec(md)![1]);
    expect(hits).toBe(13);
    // Not anonymized (the box unticked): no people in the line; hits, not items.
    expect(text(view.getByTestId('export-result'))).toBe(`Exported ${hits} hits to ${path} ${sizeOf(path)}`);
    expect(core.callsOf('openExport')).toEqual([]);
    expect(core.openedExports).toEqual([]);
  });

  it('shows an error from opening the file without hiding the export', async () => {
    const core = seeded();
    core.failNext('openExport', apiError('internal', 'opening the export: no application knows .html files'));
    const { view } = await openDialog(core);
    const path = pathInput(view).value;
    await click(view, 'export-submit');

    expect(existsSync(path)).toBe(true);
    expect(view.getByTestId('export-result')).toBeTruthy();
    expect(text(view.getByTestId('export-open-error'))).toContain('no application knows .html files');
    expect(view.queryByTestId('export-error')).toBeNull();
  });

  it('rejects a relative path, naming the destination, and exports once it is a full path (Enter in the field)', async () => {
    const core = seeded();
    const { view } = await openDialog(core);
    await typePath(view, 'review.html');
    await fireEvent.keyDown(pathInput(view), { key: 'Enter' });
    await settle();

    // The core refuses it.
    expect(text(view.getByTestId('export-error'))).toBe("Destination: give the file's full path, or choose it");
    expect(pathInput(view).getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(pathInput(view));
    expect(written(core)).toEqual([]);
    expect(view.queryByTestId('export-result')).toBeNull();

    const full = `${core.documents}/review.html`;
    await typePath(view, full);
    expect(view.queryByTestId('export-error')).toBeNull();
    await fireEvent.keyDown(pathInput(view), { key: 'Enter' });
    await settle();
    expect(written(core)).toEqual(['review.html']);
    expect(readFileSync(full, 'utf8')).toContain('Faster CI');
    expect(text(view.getByTestId('export-result'))).toContain(`to ${full} (`);
  });

  it('writes where the host confirmed the destination, and nothing when the user cancels there (the app)', async () => {
    const core = seeded();
    const { view } = await openDialog(core);
    const start = pathInput(view).value;
    // The app asks in its save dialog, starting at the destination shown; the user cancels.
    core.answerNext('confirmPath', null);
    await click(view, 'export-submit');
    expect(core.callsOf('confirmPath')).toEqual([[start, 'save']]);
    expect(core.callsOf('exportToFile')).toEqual([]);
    expect(written(core)).toEqual([]);
    expect(view.queryByTestId('export-error')).toBeNull();

    // Then picks another file, leaving its extension off: the export goes there, with it.
    const picked = `${core.documents}/review-for-leads`;
    core.answerNext('confirmPath', picked);
    await click(view, 'export-submit');
    expect(pathInput(view).value).toBe(`${picked}.html`);
    expect(core.callsOf('exportToFile')[0][1]).toBe(`${picked}.html`);
    expect(written(core)).toEqual(['review-for-leads.html']);
  });

  it('names the field at fault: a missing folder, a format, a team', async () => {
    const core = seeded();
    const { view } = await openDialog(core);
    await typePath(view, '/nowhere/review.html');
    await click(view, 'export-submit');
    // The core's own refusal.
    expect(text(view.getByTestId('export-error'))).toBe('Destination: the folder /nowhere does not exist');

    // Errors the dialog cannot provoke (it offers only valid formats and teams): injected.
    core.failNext('exportToFile', apiError('invalid_input', 'html and xlsx are for the roadmap', 'format'));
    await typePath(view, `${core.documents}/review.html`);
    await click(view, 'export-submit');
    const error = view.getByTestId('export-error');
    expect(text(error)).toBe('Format: html and xlsx are for the roadmap');
    // Shown under the field it names.
    expect(error.parentElement!.contains(view.getByTestId('export-format'))).toBe(true);
    expect(select(view, 'export-format').getAttribute('aria-invalid')).toBe('true');

    core.failNext('exportToFile', apiError('invalid_input', 'no team named "Ghosts"', 'team'));
    await click(view, 'export-submit');
    expect(text(view.getByTestId('export-error'))).toBe('Team view: no team named "Ghosts"');
    expect(document.activeElement).toBe(view.getByTestId('export-team'));
    await choose(view, 'export-team', 'Payments');
    expect(view.queryByTestId('export-error')).toBeNull();
    expect(written(core)).toEqual([]);
  });

  it('chooses the destination with the save dialog, adding the extension it left off', async () => {
    const core = seeded();
    const { view } = await openDialog(core);
    const start = pathInput(view).value;

    await click(view, 'export-choose');
    expect(core.callsOf('chooseExportPath')).toEqual([[start, 'html']]);
    expect(pathInput(view).value).toBe(start);

    core.exportPathToPick = '/home/you/Desktop/for-leads';
    await click(view, 'export-choose');
    expect(pathInput(view).value).toBe('/home/you/Desktop/for-leads.html');
    // A chosen path is the user's: only its extension follows the format.
    await choose(view, 'export-model', 'ice');
    await choose(view, 'export-format', 'csv');
    expect(pathInput(view).value).toBe('/home/you/Desktop/for-leads.csv');

    core.exportPathToPick = null;
    await click(view, 'export-choose');
    expect(pathInput(view).value).toBe('/home/you/Desktop/for-leads.csv');
  });

  it('exports the chosen model, team view and snapshot', async () => {
    const core = seeded();
    core.run('save_snapshot', { name: 'Q2 review', request: { model: 'rice', draft: null, team: null, top: null, all: false } });
    const { view } = await openDialog(core, { team: 'Checkout' });
    expect(select(view, 'export-team').value).toBe('Checkout');
    expect(optionValues(select(view, 'export-compare'))).toEqual(['', 'Q2 review']);
    await choose(view, 'export-compare', 'Q2 review');
    await choose(view, 'export-format', 'csv');
    await click(view, 'export-submit');

    const [options, path] = core.callsOf('exportToFile')[0] as [unknown, string];
    expect(options).toEqual({
      subject: { kind: 'roadmap' },
      format: 'csv',
      model: 'rice',
      team: 'Checkout',
      compare: 'Q2 review',
      anonymize: null,
    });
    expect(path).toBe(`${core.documents}/groundwork-roadmap-rice-checkout-${TODAY}.csv`);
    // Checkout's view holds only its own item: RICE 30 engineers × 1 × 0.8 ÷ 2 = 12.
    const rows = readFileSync(path, 'utf8').trim().split('\n');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^rank,id,title,score,/);
    expect(rows[1]).toMatch(/^1,\d+,Preview envs,12,/);
    // Anonymized by default, as every format is; the item quotes nobody.
    expect(text(view.getByTestId('export-result'))).toBe(`Exported 1 item to ${path} ${sizeOf(path)} · 0 people anonymized`);
  });

  it('says the export leaves out unsaved weights', async () => {
    const { view } = await openDialog(seeded(), { unsavedWeights: true });
    expect(text(view.getByTestId('export-dialog'))).toContain('unsaved weight changes');
  });

  it('shows progress while the export runs', async () => {
    const core = seeded();
    // The export waits until the test lets it through.
    const release = holdExports(core);
    const { view } = await openDialog(core);
    const path = pathInput(view).value;
    await fireEvent.click(view.getByTestId('export-submit'));
    await settle();
    const button = view.getByTestId('export-submit') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(text(button)).toBe('Exporting…');
    expect(text(view.getByTestId('export-progress'))).toContain(`groundwork-roadmap-rice-${TODAY}.html`);
    expect(existsSync(path)).toBe(false);
    // A second press (or Enter) while it runs starts nothing.
    await fireEvent.keyDown(pathInput(view), { key: 'Enter' });
    release();
    await settle();
    expect(core.callsOf('exportToFile')).toHaveLength(1);
    expect(written(core)).toEqual([`groundwork-roadmap-rice-${TODAY}.html`]);
    expect(view.getByTestId('export-result')).toBeTruthy();
    expect(button.disabled).toBe(false);
    expect(view.queryByTestId('export-progress')).toBeNull();
  });

  it('tells the app about an export that finished after the dialog closed, and opens nothing', async () => {
    const core = seeded();
    const release = holdExports(core);
    const { view, notify } = await openDialog(core);
    const path = pathInput(view).value;
    await fireEvent.click(view.getByTestId('export-submit'));
    view.unmount();
    release();
    await settle();
    expect(existsSync(path)).toBe(true);
    expect(notify).toHaveBeenCalledWith(expect.stringMatching(/^Exported 3 items to .*groundwork-roadmap-rice-.*\.html/));
    expect(notify.mock.calls[0][0]).toContain(`to ${path} ${sizeOf(path)}`);
    expect(core.callsOf('openExport')).toEqual([]);
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
    useDraftWorkspace('/tmp/groundwork-ui-test');
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  async function mountApp(core: CoreBackend) {
    const view = render(App, { context: backendContext(core.backend) });
    await settle();
    return view;
  }

  it('opens from the roadmap header on the view’s model; Escape closes and gives the keyboard back', async () => {
    const core = seeded();
    const view = await mountApp(core);
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
    expect(pathInput(view).value).toBe(`${core.documents}/groundwork-roadmap-ice-${TODAY}.html`);

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
    const core = seeded({ research: true });
    const view = await mountApp(core);
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
    const [options] = core.callsOf('exportToFile')[0] as [{ subject: ExportSubject }];
    expect(options.subject).toEqual({ kind: 'search', query: 'flaky' });
    const path = `${core.documents}/groundwork-search-flaky-${TODAY}.csv`;
    expect(readFileSync(path, 'utf8')).toContain('Flaky test #1 blocks the merge queue');
    expect(text(view.getByTestId('export-result'))).toContain(`groundwork-search-flaky-${TODAY}.csv`);
    await click(view, 'export-close');
    expect(view.queryByTestId('export-dialog')).toBeNull();
  });

  it('exports the selected theme from the Themes view, or all of them', async () => {
    const core = seeded({ research: true });
    const view = await mountApp(core);
    await fireEvent.click(view.getByTestId('nav-themes'));
    await settle();
    const flaky = themeId(core, 'Flaky tests');
    await fireEvent.click(view.getAllByTestId('theme-item').find((b) => b.dataset.themeId === String(flaky))!);
    await settle();

    await fireEvent.click(view.getByTestId('themes-export'));
    await settle();
    expect(select(view, 'export-subject').value).toBe('themes');
    expect(select(view, 'export-themes').value).toBe(String(flaky));
    await fireEvent.click(checkbox(view, 'export-open-after'));
    const path = pathInput(view).value;
    expect(path).toBe(`${core.documents}/groundwork-themes-${TODAY}.csv`);
    await click(view, 'export-submit');
    // The selected theme's evidence only (the file has one row per piece of evidence, theme first).
    let csv = readFileSync(path, 'utf8');
    expect(csv).toContain('\nFlaky tests,flaky,');
    expect(csv).not.toContain('\nDocs,documentation,');
    await choose(view, 'export-themes', '');
    await click(view, 'export-submit');
    csv = readFileSync(path, 'utf8');
    expect(csv).toContain('\nFlaky tests,flaky,');
    expect(csv).toContain('\nDocs,documentation,');

    const calls = core.callsOf('exportToFile') as [ExportOptions, string][];
    expect(calls.map((c) => c[0].subject)).toEqual([
      { kind: 'themes', ids: [flaky] },
      { kind: 'themes', ids: [] },
    ]);
    // As many rows as the core writes for all themes.
    const rows = sameExport(core, calls[1][0]).items;
    expect(text(view.getByTestId('export-result'))).toMatch(new RegExp(`^Exported ${rows} rows to ${path} `));
  });
});
