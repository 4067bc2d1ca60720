import { fireEvent, render, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../App.svelte';
import type { Code } from '../bindings/Code';
import type { Highlight } from '../bindings/Highlight';
import type { Interview } from '../bindings/Interview';
import { backendContext } from '../platform/backend';
import { useDraftWorkspace } from '../util/draft';
import { CoreBackend } from '../../test/core';
import { interviewInput, selectText } from '../../test/helpers';
import { documentId } from '../../test/seedSearch';

// Coding passages in the reader against the real core: a selection becomes the body's exact
// character offsets (emoji count once, Markdown and added breaks not at all), the picker codes it
// from the keyboard, highlights are drawn in their codes' colours and listed, codes and highlights
// come off, and a passage an edit removed is listed as lost.

async function settle(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
}

/** A typed interview in Markdown: an emoji in the heading and one inside the sentence coded. */
const NOTES = '# Week 3 🚀\n\nThe **pipeline** takes forever before I can merge. Flaky tests 😩 make it worse.\n\nRollbacks are fine, but nobody owns the runbook.';
const SENTENCE = 'Flaky tests 😩 make it worse.';
const OTHER = 'nobody owns the runbook';

const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();
const highlightsOf = (core: CoreBackend, doc: number) => core.run<Highlight[]>('list_highlights', { code: null, document: doc });
const codesOf = (core: CoreBackend) => core.run<Code[]>('list_codes');

/** A workspace holding the interview and three codes (one coloured); `doc` is the interview's id. */
function seeded(): { core: CoreBackend; doc: number } {
  const core = new CoreBackend({
    interviews: [interviewInput({ title: 'Merge waits', notes: NOTES, tags: [], pain_points: ['slow merges'] })],
  });
  core.run('add_code', { input: { path: 'Pain/CI wait time', description: '', color: '#e76f51' } });
  core.run('add_code', { input: { path: 'Pain/Flaky tests', description: '', color: '#2a9d8f' } });
  core.run('add_code', { input: { path: 'Wishes/Visualization', description: '', color: '' } });
  return { core, doc: documentId(core, 'Merge waits') };
}

/** Opens the first hit of `query` in the reader. */
async function open(core: CoreBackend, query: string) {
  const view = render(App, { context: backendContext(core.backend) });
  await settle();
  await fireEvent.click(view.getByTestId('nav-search'));
  await settle();
  await searchAndOpen(view, query);
  return view;
}

type View = Awaited<ReturnType<typeof open>>;

/** Searches for `query` in the Search view and opens its first hit. */
async function searchAndOpen(view: { getByTestId(id: string): HTMLElement; getAllByTestId(id: string): HTMLElement[] }, query: string) {
  await fireEvent.input(view.getByTestId('search-input'), { target: { value: query } });
  await settle(150);
  await fireEvent.click(view.getAllByTestId('search-hit')[0]);
  await settle();
}

/** Selects `passage` in `container` (the reader's text), as a user dragging over it would. */
async function select(view: View, passage: string, container: HTMLElement = view.getByTestId('reader-text')) {
  selectText(container, passage);
  await settle();
}

async function type(input: HTMLElement, value: string) {
  await fireEvent.input(input, { target: { value } });
  await settle();
}

async function key(el: HTMLElement, k: string) {
  await fireEvent.keyDown(el, { key: k });
  await settle();
}

/** What the reader draws for highlight `id`: its runs' text, joined. */
function drawn(view: View, id: number): string {
  const runs = view.getByTestId('reader-text').querySelectorAll(`[data-highlight-ids~="${id}"]`);
  return [...runs].map((r) => r.textContent).join('');
}

describe('DocumentReader coding', () => {
  beforeEach(() => {
    localStorage.clear();
    useDraftWorkspace('/tmp/groundwork-ui-test');
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    window.getSelection()?.removeAllRanges();
  });

  it('codes a selected sentence after an emoji from the keyboard: fuzzy match and Enter, then a new code', async () => {
    const { core, doc } = seeded();
    const view = await open(core, 'flaky');
    await select(view, SENTENCE);
    expect(view.queryByTestId('code-picker-input')).toBeNull();
    await key(view.getByTestId('reader'), 'c');
    const input = view.getByTestId('code-picker-input');
    expect(document.activeElement).toBe(input);
    await type(input, 'ciwait');
    const first = view.getAllByTestId('code-option')[0];
    expect(text(first)).toContain('Pain/CI wait time');
    await key(input, 'Enter');

    // The core holds exactly the sentence: its text read back from the offsets the reader sent…
    const [h] = highlightsOf(core, doc);
    expect(h.text).toBe(SENTENCE);
    expect(h.codes).toEqual(['Pain/CI wait time']);
    expect(h.status).toBe('anchored');
    const sent = core.callsOf('codePassage')[0][0] as { start: number; end: number; quote: string | null };
    expect([sent.start, sent.end, sent.quote]).toEqual([h.start, h.end, null]);
    // …and the same characters the core finds the sentence at by its text.
    const byQuote = core.run<Highlight>('code_passage', { input: { document: doc, quote: SENTENCE, start: null, end: null, codes: ['Pain/CI wait time'] } });
    expect([byQuote.id, byQuote.start, byQuote.end]).toEqual([h.id, h.start, h.end]);

    // Drawn at once, in the code's colour, over exactly the sentence.
    expect(drawn(view, h.id)).toBe(SENTENCE);
    const mark = view.getByTestId('reader-text').querySelector<HTMLElement>(`[data-highlight-id="${h.id}"]`)!;
    expect(mark.getAttribute('style')).toContain('#e76f51');
    expect(mark.title).toBe('Coded: Pain/CI wait time');

    // A path nobody has is offered as a new code; Enter creates it and codes the same passage.
    await type(input, 'Team/Merge queue');
    expect(text(view.getByTestId('code-option-create'))).toBe('Create code “Team/Merge queue”');
    // The create option comes last; ArrowUp from the first option wraps onto it.
    const options = within(view.getByTestId('code-picker')).getAllByRole('option');
    expect(options.at(-1)!.dataset.testid).toBe('code-option-create');
    await key(input, 'ArrowUp');
    expect(options.at(-1)!.getAttribute('aria-selected')).toBe('true');
    await key(input, 'Enter');
    expect(codesOf(core).map((c) => c.path)).toContain('Team/Merge queue');
    const again = highlightsOf(core, doc);
    expect(again.map((x) => [x.id, x.codes])).toEqual([[h.id, ['Pain/CI wait time', 'Team/Merge queue']]]);
    const applied = within(view.getByTestId('code-picker-applied')).getAllByTestId('code-picker-chip');
    expect(applied.map((c) => c.textContent)).toEqual(['Pain/CI wait time', 'Team/Merge queue']);
    // Two codes: two stripes.
    const twice = view.getByTestId('reader-text').querySelector<HTMLElement>(`[data-highlight-id="${h.id}"]`)!;
    expect(twice.getAttribute('style')).toMatch(/box-shadow: 0 2px 0 #e76f51, 0 4px 0 #\w+/);

    await key(input, 'Escape');
    expect(view.queryByTestId('code-picker')).toBeNull();
    expect(view.getByTestId('reader')).toBeTruthy();
    // Listed under the text with both codes.
    const listed = within(view.getByTestId('reader-highlights')).getAllByTestId('reader-highlight');
    expect(listed.map((l) => l.dataset.highlightId)).toEqual([String(h.id)]);
    expect(within(listed[0]).getAllByTestId('highlight-code').map((c) => c.dataset.code)).toEqual(['Pain/CI wait time', 'Team/Merge queue']);
  });

  it('applies a recent code with its number key, and the Code button opens the picker too', async () => {
    const { core, doc } = seeded();
    const view = await open(core, 'flaky');
    await select(view, SENTENCE);
    await fireEvent.click(view.getByTestId('code-passage'));
    await settle();
    let input = view.getByTestId('code-picker-input');
    await type(input, 'flaky');
    expect(text(view.getAllByTestId('code-option')[0])).toContain('Pain/Flaky tests');
    await key(input, 'Enter');
    // Escape from anywhere in the picker closes it, not the reader.
    await key(view.getByTestId('code-picker'), 'Escape');
    expect(view.queryByTestId('code-picker')).toBeNull();
    expect(view.getByTestId('reader')).toBeTruthy();

    await select(view, OTHER);
    await key(view.getByTestId('reader'), 'c');
    input = view.getByTestId('code-picker-input');
    // The recent code is first, on key 1.
    expect(text(view.getAllByTestId('code-option')[0])).toMatch(/^Pain\/Flaky tests\s*1$/);
    await key(input, '1');
    const hs = highlightsOf(core, doc);
    expect(hs.map((h) => [h.text, h.codes])).toEqual([
      [SENTENCE, ['Pain/Flaky tests']],
      [OTHER, ['Pain/Flaky tests']],
    ]);
    expect(drawn(view, hs[1].id)).toBe(OTHER);
    expect(view.getByTestId('reader-text').querySelector(`[data-highlight-id="${hs[1].id}"]`)!.getAttribute('style')).toContain('#2a9d8f');
  });

  it('takes a code off a passage, removes a highlight, and lists one an edit removed as lost', async () => {
    const { core, doc } = seeded();
    const a = core.run<Highlight>('code_passage', { input: { document: doc, quote: SENTENCE, start: null, end: null, codes: ['Pain/Flaky tests', 'Pain/CI wait time'] } });
    const b = core.run<Highlight>('code_passage', { input: { document: doc, quote: OTHER, start: null, end: null, codes: ['Wishes/Visualization'] } });
    // Overlapping: a third over part of the sentence.
    const c = core.run<Highlight>('code_passage', { input: { document: doc, quote: 'make it worse', start: null, end: null, codes: ['Wishes/Visualization'] } });
    const view = await open(core, 'flaky');
    expect(drawn(view, a.id)).toBe(SENTENCE);
    expect(drawn(view, c.id)).toBe('make it worse');
    // The overlap's runs name both highlights, the inner one first in `data-highlight-id`.
    const inner = view.getByTestId('reader-text').querySelector<HTMLElement>(`[data-highlight-id="${c.id}"]`)!;
    expect(inner.dataset.highlightIds).toBe(`${a.id} ${c.id}`);
    // Search matches still show inside the highlight.
    const match = within(view.getByTestId('reader-text')).getAllByTestId('reader-mark');
    expect(match.map((m) => m.textContent)).toEqual(['Flaky']);
    expect(match[0].querySelector(`[data-highlight-id="${a.id}"]`)).not.toBeNull();

    const item = (id: number) => within(view.getByTestId('reader-highlights')).getAllByTestId('reader-highlight').find((l) => l.dataset.highlightId === String(id))!;
    const chip = within(item(a.id)).getAllByTestId('highlight-code').find((c) => c.dataset.code === 'Pain/CI wait time')!;
    await fireEvent.click(chip);
    await settle();
    expect(highlightsOf(core, doc).find((h) => h.id === a.id)!.codes).toEqual(['Pain/Flaky tests']);
    expect(within(item(a.id)).getAllByTestId('highlight-code').map((c) => c.dataset.code)).toEqual(['Pain/Flaky tests']);

    await fireEvent.click(within(item(b.id)).getByTestId('highlight-remove'));
    await settle();
    expect(highlightsOf(core, doc).map((h) => h.id)).toEqual([a.id, c.id]);
    expect(drawn(view, b.id)).toBe('');

    // An edit through the core removes the sentence: its highlights are lost, listed, not drawn.
    await fireEvent.click(view.getByTestId('reader-close'));
    await settle();
    const iv = core.run<Interview>('get_interview', { id: doc });
    core.run('save_interview', {
      input: { ...interviewInput({ title: iv.title, notes: NOTES.replace(SENTENCE, 'Tests are fine now.'), tags: [], pain_points: ['slow merges'] }), id: doc, version: iv.version },
    });
    expect(highlightsOf(core, doc).map((h) => h.status)).toEqual(['lost', 'lost']);
    await searchAndOpen(view, 'pipeline');
    const reopened = view;
    const list = within(reopened.getByTestId('reader-highlights'));
    expect(list.getAllByTestId('highlight-lost')).toHaveLength(2);
    expect(text(reopened.getByTestId('reader-highlights'))).toContain('2 lost after an edit');
    expect(list.queryAllByTestId('highlight-jump')).toHaveLength(0);
    expect(reopened.getByTestId('reader-text').querySelectorAll('[data-highlight-id]')).toHaveLength(0);
  });

  it("codes what a transcript's participant said and never an interviewer's question", async () => {
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
        'Dana Ruiz: Builds take an hour 🐢.',
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
    const doc = documentId(core, 'cache');
    const view = await open(core, 'cache');
    const turns = view.getAllByTestId('reader-turn');
    await select(view, 'Why?', turns[2]);
    expect(view.getByTestId('code-not-body')).toBeTruthy();
    expect((view.getByTestId('code-passage') as HTMLButtonElement).disabled).toBe(true);

    await select(view, 'Nobody owns the cache keys', turns[3]);
    await key(view.getByTestId('reader'), 'c');
    const input = view.getByTestId('code-picker-input');
    await type(input, 'Ownership');
    await key(input, 'Enter');
    const [h] = highlightsOf(core, doc);
    expect([h.text, h.codes]).toEqual(['Nobody owns the cache keys', ['Ownership']]);
    const byQuote = core.run<Highlight>('code_passage', { input: { document: doc, quote: 'Nobody owns the cache keys', start: null, end: null, codes: ['Ownership'] } });
    expect([byQuote.id, byQuote.start]).toEqual([h.id, h.start]);
    expect(drawn(view, h.id)).toBe('Nobody owns the cache keys');

    // A selection from the question into the answer codes only the answer's words.
    await key(input, 'Escape');
    const range = document.createRange();
    const question = within(turns[2]).getByText('Why?');
    range.setStart(question.firstChild ?? question, 0);
    const answer = turns[3].querySelector('[data-at]')!;
    range.setEnd(answer.firstChild!, 'Nobody'.length);
    window.getSelection()!.removeAllRanges();
    window.getSelection()!.addRange(range);
    document.dispatchEvent(new Event('selectionchange'));
    await settle();
    await key(view.getByTestId('reader'), 'c');
    await key(view.getByTestId('code-picker-input'), '1');
    const texts = highlightsOf(core, doc).map((x) => x.text);
    expect(texts).toEqual(['Nobody owns the cache keys', 'Nobody']);
  });
});
