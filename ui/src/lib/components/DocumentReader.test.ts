import { fireEvent, render, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../App.svelte';
import type { Item } from '../bindings/Item';
import type { ItemDetail } from '../bindings/ItemDetail';
import type { ItemInput } from '../bindings/ItemInput';
import type { ThemeOverview } from '../bindings/ThemeOverview';
import type { ThemeSummary } from '../bindings/ThemeSummary';
import { backendContext } from '../platform/backend';
import { useDraftWorkspace } from '../util/draft';
import { CoreBackend } from '../../test/core';
import { itemInput, selectText } from '../../test/helpers';
import { importAnswer, QUESTION } from '../../test/seedSearch';

// Pinning evidence from the reader: a passage to a theme (the default) or to a roadmap item, new
// or existing, and a whole document to an item.

async function settle(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
}

/** A survey answer (imported from a Google Forms export), filed under QUESTION. */
const ANSWER = 'Flaky deploys. Also the logs are noisy, and the deploy queue is flaky too.';

const PASSAGE = 'the deploy queue is flaky';

function item(title: string): Omit<ItemInput, 'id'> {
  return itemInput(title, { effort: 2 });
}

/** A workspace with ANSWER, two themes and two roadmap items; `answer` is ANSWER's document id. */
function seeded(): { core: CoreBackend; answer: number } {
  const core = new CoreBackend({
    themes: [
      { name: 'Deploys', query: 'deploy' },
      { name: 'Flaky', query: 'flaky' },
    ],
    items: [item('Faster CI'), item('Docs revamp')],
  });
  return { core, answer: importAnswer(core, ANSWER) };
}

const items = (core: CoreBackend) => core.run<Item[]>('list_items');
const itemId = (core: CoreBackend, title: string) => items(core).find((i) => i.title === title)!.id;
const detail = (core: CoreBackend, id: number) => core.run<ItemDetail>('get_item', { id });
const themeId = (core: CoreBackend, name: string) => core.run<ThemeOverview[]>('list_themes').find((t) => t.theme.name === name)!.theme.id;
const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();

/** Opens ANSWER in the reader from a search for "flaky". */
async function openAnswer(core: CoreBackend) {
  const view = render(App, { context: backendContext(core.backend) });
  await settle();
  await fireEvent.click(view.getByTestId('nav-search'));
  await settle();
  await fireEvent.input(view.getByTestId('search-input'), { target: { value: 'flaky' } });
  await settle(150);
  await fireEvent.click(view.getAllByTestId('search-hit')[0]);
  await settle();
  return view;
}

type View = Awaited<ReturnType<typeof openAnswer>>;

/** Selects `passage` in the reader's text, as a user dragging over it would. */
async function select(view: View, passage: string) {
  selectText(view.getByTestId('reader-text'), passage);
  await settle();
}

async function pickItemTarget(view: View) {
  await fireEvent.click(view.getByTestId('pin-quote'));
  await settle();
  await fireEvent.click(view.getByTestId('pin-target-item'));
  await settle();
}

const options = (select: HTMLElement) => [...(select as HTMLSelectElement).options].map((o) => o.textContent?.trim());

describe('DocumentReader pinning', () => {
  beforeEach(() => {
    localStorage.clear();
    useDraftWorkspace('/tmp/groundwork-ui-test');
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    window.getSelection()?.removeAllRanges();
  });

  it('pins the selection to a theme by default, as before', async () => {
    const { core, answer } = seeded();
    const view = await openAnswer(core);
    await select(view, PASSAGE);
    expect(view.getByTestId('pin-selection').textContent?.trim()).toBe(PASSAGE);
    await fireEvent.click(view.getByTestId('pin-quote'));
    await settle();
    // The theme is the target until the user picks an item: its select shows, the item's does not.
    expect((view.getByTestId('pin-target-theme') as HTMLInputElement).checked).toBe(true);
    expect(view.queryByTestId('pin-item-select')).toBeNull();
    const pick = view.getByTestId('pin-theme-select') as HTMLSelectElement;
    expect(options(pick)).toEqual(['Deploys', 'Flaky']);
    const flaky = themeId(core, 'Flaky');
    await fireEvent.change(pick, { target: { value: String(flaky) } });
    await fireEvent.click(view.getByTestId('pin-confirm'));
    await settle();
    expect(core.callsOf('pinQuote')).toEqual([[flaky, answer, PASSAGE]]);
    expect(text(view.getByTestId('pin-done'))).toContain('Pinned to “Flaky”');
    const quotes = core.run<ThemeSummary>('theme_summary', { id: flaky, by: 'month' }).quotes;
    expect(quotes.map((q) => [q.text, q.document_id])).toEqual([[PASSAGE, answer]]);
    expect(core.callsOf('linkItem')).toEqual([]);
    expect(core.callsOf('listItems')).toEqual([]);
    expect(items(core).map((i) => i.links)).toEqual([0, 0]);
  });

  it('pins the selection to a roadmap item, which counts one more quote', async () => {
    const { core, answer } = seeded();
    const ci = itemId(core, 'Faster CI');
    expect(detail(core, ci).evidence.quotes).toBe(0);
    const view = await openAnswer(core);
    await select(view, PASSAGE);
    await pickItemTarget(view);
    expect(view.queryByTestId('pin-theme-select')).toBeNull();
    const pick = view.getByTestId('pin-item-select') as HTMLSelectElement;
    // By title, then the way to make a new one.
    expect(options(pick)).toEqual(['Docs revamp', 'Faster CI', 'New item from this quote']);
    await fireEvent.change(pick, { target: { value: String(ci) } });
    await fireEvent.click(view.getByTestId('pin-confirm'));
    await settle();

    expect(core.callsOf('linkItem')).toEqual([[{ item: ci, document: answer, quote: PASSAGE, theme: null }]]);
    expect(core.callsOf('pinQuote')).toEqual([]);
    expect(text(view.getByTestId('pin-done'))).toContain('Pinned to roadmap item “Faster CI”');
    const evidence = detail(core, ci).evidence;
    expect(evidence.quotes).toBe(1);
    expect(evidence.documents).toBe(1);
    // The passage is used up; the picker closes.
    expect(view.queryByTestId('pin-selection')).toBeNull();
    expect(view.queryByTestId('pin-item-select')).toBeNull();

    // "Show the item" opens the Roadmap on it, the quote and its document among the links.
    await fireEvent.click(view.getByTestId('pin-show-item'));
    await settle();
    expect(view.queryByTestId('reader')).toBeNull();
    expect(view.getByTestId('nav-roadmap').getAttribute('aria-current')).toBe('page');
    const editor = view.getByTestId('item-editor');
    expect((within(editor).getByTestId('item-title-input') as HTMLInputElement).value).toBe('Faster CI');
    const [link] = within(editor).getAllByTestId('item-link');
    expect(link.dataset.kind).toBe('quote');
    expect(text(within(link).getByTestId('item-link-open'))).toBe(QUESTION);
    expect(text(within(link).getByTestId('item-link-quote'))).toBe(PASSAGE);
  });

  it('makes a new item titled from the quote', async () => {
    const { core, answer } = seeded();
    const view = await openAnswer(core);
    await select(view, PASSAGE);
    await pickItemTarget(view);
    await fireEvent.change(view.getByTestId('pin-item-select'), { target: { value: 'new' } });
    expect(text(view.getByTestId('pin-confirm'))).toBe('Create item');
    await fireEvent.click(view.getByTestId('pin-confirm'));
    await settle();

    expect(core.callsOf('itemFromEvidence')).toEqual([[{ title: null, theme: null, document: answer, quote: PASSAGE }]]);
    const made = items(core).find((i) => i.title === PASSAGE);
    expect(made).toBeDefined();
    expect(detail(core, made!.id).links.map((l) => [l.kind, l.document_id, l.quote])).toEqual([['quote', answer, PASSAGE]]);
    expect(text(view.getByTestId('pin-done'))).toContain(`Created roadmap item “${PASSAGE}” from the quote`);
    // The reader stays open for the next passage, which may go to the new item.
    expect(view.getByTestId('reader')).toBeTruthy();
    await select(view, 'the logs are noisy');
    await fireEvent.click(view.getByTestId('pin-quote'));
    await settle();
    expect((view.getByTestId('pin-target-item') as HTMLInputElement).checked).toBe(true);
    expect(options(view.getByTestId('pin-item-select'))).toContain(PASSAGE);
    expect((view.getByTestId('pin-item-select') as HTMLSelectElement).value).toBe(String(made!.id));
  });

  it('links the whole document to an item when nothing is selected', async () => {
    const { core, answer } = seeded();
    const docs = itemId(core, 'Docs revamp');
    const view = await openAnswer(core);
    expect((view.getByTestId('pin-quote') as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(view.getByTestId('link-document-item'));
    await settle();
    expect(view.queryByTestId('pin-theme-select')).toBeNull();
    const pick = view.getByTestId('pin-item-select') as HTMLSelectElement;
    expect(options(pick)).toEqual(['Docs revamp', 'Faster CI', 'New item from this document']);
    expect(pick.value).toBe(String(docs));
    await fireEvent.click(view.getByTestId('pin-confirm'));
    await settle();

    expect(core.callsOf('linkItem')).toEqual([[{ item: docs, document: answer, quote: null, theme: null }]]);
    expect(text(view.getByTestId('pin-done'))).toContain('Linked this document to roadmap item “Docs revamp”');
    const found = detail(core, docs);
    expect(found.evidence.documents).toBe(1);
    expect(found.evidence.quotes).toBe(0);
    expect(found.links.map((l) => [l.kind, l.document_id])).toEqual([['document', answer]]);
  });

  it('shows why a pin to an item failed', async () => {
    const { core } = seeded();
    const view = await openAnswer(core);
    await select(view, PASSAGE);
    await pickItemTarget(view);
    core.failNext('linkItem', { code: 'invalid_input', message: 'a quote has at most 2000 characters', field: 'quote' });
    await fireEvent.click(view.getByTestId('pin-confirm'));
    await settle();
    expect(text(view.getByTestId('pin-error'))).toBe('a quote has at most 2000 characters');
    expect(view.queryByTestId('pin-done')).toBeNull();
    // The passage and the picker stay for another try.
    expect(view.getByTestId('pin-selection').textContent?.trim()).toBe(PASSAGE);
    expect(view.getByTestId('pin-item-select')).toBeTruthy();
    // Nothing was linked.
    expect(items(core).map((i) => i.links)).toEqual([0, 0]);
  });

  it("opens an item's document link in the reader from the Roadmap, and a pin there refreshes the item", async () => {
    const { core, answer } = seeded();
    const ci = itemId(core, 'Faster CI');
    core.run('link_item', { input: { item: ci, theme: null, document: answer, quote: null } });
    const view = render(App, { context: backendContext(core.backend) });
    await settle();
    await fireEvent.click(view.getByTestId('nav-roadmap'));
    await settle();
    const rowOf = (title: string) =>
      view.getAllByTestId('ranked-item').find((r) => text(within(r).getByTestId('item-title')) === title)!;
    await fireEvent.click(within(rowOf('Faster CI')).getByTestId('open-breakdown'));
    await settle();
    await fireEvent.click(view.getByTestId('edit-item'));
    await settle();
    const editor = view.getByTestId('item-editor');
    expect(within(editor).getAllByTestId('item-link')).toHaveLength(1);

    await fireEvent.click(within(editor).getByTestId('item-link-open'));
    await settle();
    expect(core.callsOf('openDocument').at(-1)).toEqual([answer, '']);
    expect(view.getByTestId('reader').querySelector('#reader-title')?.textContent).toBe(QUESTION);

    await select(view, PASSAGE);
    await pickItemTarget(view);
    await fireEvent.change(view.getByTestId('pin-item-select'), { target: { value: String(ci) } });
    await fireEvent.click(view.getByTestId('pin-confirm'));
    await settle();
    // The open editor reads the new evidence at once.
    const links = within(view.getByTestId('item-editor')).getAllByTestId('item-link');
    expect(links.map((l) => l.dataset.kind).sort()).toEqual(['document', 'quote']);
    const quote = links.find((l) => l.dataset.kind === 'quote')!;
    expect(text(within(quote).getByTestId('item-link-quote'))).toBe(PASSAGE);
    expect(text(within(quote).getByTestId('item-link-open'))).toBe(QUESTION);
    expect(text(within(view.getByTestId('item-editor')).getByTestId('item-evidence'))).toContain('1 quote');
  });

  it('reads a transcript as its turns, names the turn a hit is in, and opens on that turn', async () => {
    const core = new CoreBackend();
    const vtt = core.file(
      'dana.vtt',
      [
        'WEBVTT',
        '',
        '00:00:01.000 --> 00:00:04.000',
        'Ana Lima: Do the deploys drift?',
        '',
        '00:00:05.000 --> 00:00:09.000',
        'Dana Ruiz: Builds take an hour.',
        '',
        '00:01:02.000 --> 00:01:04.000',
        'Ana Lima: Why?',
        '',
        '00:01:05.000 --> 00:01:09.000',
        'Dana Ruiz: Nobody owns the cache keys, so they drift.',
        '',
      ].join('\n'),
    );
    core.run('import_file', {
      path: vtt,
      options: { kind: null, format: 'auto', mappings: [], encoding: null, dry_run: false, speakers: [{ label: 'Ana Lima', role: 'interviewer', person: null }] },
    });
    const view = render(App, { context: backendContext(core.backend) });
    await settle();
    await fireEvent.click(view.getByTestId('nav-search'));
    await settle();
    await fireEvent.input(view.getByTestId('search-input'), { target: { value: 'speaker:"Dana Ruiz" drift' } });
    await settle(150);
    const hits = view.getAllByTestId('search-hit');
    expect(hits).toHaveLength(1);
    expect(text(view.getByTestId('hit-turn'))).toBe('Dana Ruiz · 1:05');
    await fireEvent.click(hits[0]);
    await settle();
    const turns = view.getAllByTestId('reader-turn');
    expect(turns.map((t) => text(within(t).getByTestId('turn-speaker')))).toEqual(['Ana Lima', 'Dana Ruiz', 'Ana Lima', 'Dana Ruiz']);
    expect(turns.map((t) => t.classList.contains('interviewer'))).toEqual([true, false, true, false]);
    // Opened on the turn the hit is in, its match the current one; the interviewer's "drift" is not a match.
    expect(turns[3].classList.contains('shown')).toBe(true);
    expect(within(turns[3]).getByTestId('reader-mark').classList.contains('current')).toBe(true);
    expect(within(turns[0]).queryByTestId('reader-mark')).toBeNull();
    expect(text(within(turns[3]).getByTestId('turn-start'))).toBe('1:05');
  });
});

describe('DocumentReader source link', () => {
  beforeEach(() => {
    localStorage.clear();
    useDraftWorkspace('/tmp/groundwork-ui-test');
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it("opens a ticket's page in its tracker, with the link the core holds; a ticket without a web link shows none", async () => {
    const core = new CoreBackend({});
    const csv =
      'Summary,Issue key,Description,URL\n' +
      'Flaky deploy queue,DEP-2,The deploy queue is flaky,https://jira.example.com/browse/DEP-2\n' +
      'Flaky runner,DEP-3,The runner is flaky,javascript:alert(1)\n';
    core.run('import_file', {
      path: core.file('tickets.csv', csv),
      options: { kind: 'tickets', format: 'auto', mappings: [], encoding: null, dry_run: false },
    });
    const view = render(App, { context: backendContext(core.backend) });
    await settle();
    await fireEvent.click(view.getByTestId('nav-search'));
    await settle();
    await fireEvent.input(view.getByTestId('search-input'), { target: { value: 'deploy' } });
    await settle(150);
    await fireEvent.click(view.getAllByTestId('search-hit')[0]);
    await settle();
    const link = view.getByTestId('reader-source');
    expect(link.getAttribute('title')).toBe('https://jira.example.com/browse/DEP-2');
    await fireEvent.click(link);
    await settle();
    expect(core.openedSources).toEqual(['https://jira.example.com/browse/DEP-2']);
    // A link a browser should not follow is never offered.
    await fireEvent.click(view.getByTestId('reader-close'));
    await settle();
    await fireEvent.input(view.getByTestId('search-input'), { target: { value: 'runner' } });
    await settle(150);
    await fireEvent.click(view.getAllByTestId('search-hit')[0]);
    await settle();
    expect(view.getByTestId('reader-text').textContent).toContain('The runner is flaky');
    expect(view.queryByTestId('reader-source')).toBeNull();
  });
});
