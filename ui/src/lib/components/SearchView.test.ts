import { fireEvent, render, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../App.svelte';
import type { SearchRequest } from '../bindings/SearchRequest';
import type { ThemeOverview } from '../bindings/ThemeOverview';
import type { ThemeSummary } from '../bindings/ThemeSummary';
import { backendContext } from '../platform/backend';
import { useDraftWorkspace } from '../util/draft';
import { CoreBackend, ticketsCsv } from '../../test/core';
import { bulkTickets, coreSearch, documentId, importAnswer, QUESTION, similarTickets } from '../../test/seedSearch';

async function settle(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
}

/** A survey answer (Checkout, 2026-02-03) with markup in it, which must stay text. */
const ANSWER = 'Flaky deploys. Also <img src=x onerror=alert(1)> showed up in the logs, and the deploy queue is flaky too.';

/** A fresh workspace with `tickets` imported from a Jira CSV, and ANSWER from a Google Forms export when `answer`. */
function seeded(tickets: Parameters<typeof ticketsCsv>[0], { answer = false, themes = [] as { name: string; query: string }[] } = {}) {
  const core = new CoreBackend({ tickets: tickets.length > 0 ? [ticketsCsv(tickets)] : [], themes });
  const answerId = answer ? importAnswer(core, ANSWER) : null;
  return { core, answerId };
}

const themeId = (core: CoreBackend, name: string) => core.run<ThemeOverview[]>('list_themes').find((t) => t.theme.name === name)!.theme.id;

async function openSearch(core: CoreBackend) {
  const view = render(App, { context: backendContext(core.backend) });
  await settle();
  await fireEvent.click(view.getByTestId('nav-search'));
  await settle();
  return view;
}

type View = Awaited<ReturnType<typeof openSearch>>;

async function type(view: View, query: string) {
  await fireEvent.input(view.getByTestId('search-input'), { target: { value: query } });
  await settle(150);
}

function lastSearch(core: CoreBackend): SearchRequest {
  return core.callsOf('search').at(-1)![0] as SearchRequest;
}

function facet(view: View, name: string, value: string): HTMLElement {
  const group = view.getAllByTestId('facet-group').find((g) => g.dataset.facet === name);
  if (!group) throw new Error(`no facet group ${name}`);
  const found = within(group)
    .getAllByTestId('facet-value')
    .find((v) => v.dataset.value === value);
  if (!found) throw new Error(`no ${name} value ${value}`);
  return found;
}

const text = (el: HTMLElement) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();
const inputValue = (view: View) => (view.getByTestId('search-input') as HTMLInputElement).value;

describe('SearchView', () => {
  beforeEach(() => {
    localStorage.clear();
    useDraftWorkspace('/tmp/groundwork-ui-test');
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    window.getSelection()?.removeAllRanges();
  });

  it('shows facet counts and narrows the query with the one clicked', async () => {
    // Twelve tickets (CI-1…CI-12, ticket i on team i % 4, in month i % 6 of 2025-09…2026-02) and
    // the survey answer: all thirteen say "flaky".
    const { core } = seeded(bulkTickets(12), { answer: true });
    const view = await openSearch(core);
    await type(view, 'flaky');
    expect(lastSearch(core)).toEqual({ query: 'flaky', limit: 50, offset: 0, sort: 'relevance', facets: true });
    expect(view.getAllByTestId('facet-group').map((g) => g.dataset.facet)).toEqual(['kind', 'team', 'tag', 'source', 'month']);
    expect(text(facet(view, 'kind', 'ticket'))).toBe('Tickets 12');
    expect(text(facet(view, 'kind', 'survey_response'))).toBe('Survey responses 1');
    // Tickets 2, 6 and 10 (counting from 0) are Developer Experience's.
    expect(text(facet(view, 'team', 'Developer Experience'))).toBe('Developer Experience 3');
    // Labels "ci" on every ticket, "flaky" on the odd ones; the answer carries its survey's name.
    expect(text(facet(view, 'tag', 'ci'))).toBe('ci 12');
    expect(text(facet(view, 'tag', 'flaky'))).toBe('flaky 6');
    expect(text(facet(view, 'tag', 'Fix first'))).toBe('Fix first 1');
    expect(text(facet(view, 'source', 'jira-csv'))).toBe('Jira CSV 12');
    expect(text(facet(view, 'source', 'google-forms'))).toBe('Google Forms 1');
    // February 2026: tickets 5 and 11, and the answer (2026-02-03).
    expect(text(facet(view, 'month', '2026-02'))).toBe('Feb 2026 3');

    // A team with a space is quoted; the query box shows the filter and the search re-runs.
    await fireEvent.click(facet(view, 'team', 'Developer Experience'));
    await settle();
    expect(inputValue(view)).toBe('flaky team:"Developer Experience"');
    expect(lastSearch(core).query).toBe('flaky team:"Developer Experience"');
    expect(text(view.getByTestId('result-count'))).toBe('3 results');
    expect(facet(view, 'team', 'Developer Experience').getAttribute('aria-pressed')).toBe('true');

    // January 2026 holds tickets 4 and 10; only 10 is Developer Experience's.
    await fireEvent.click(facet(view, 'month', '2026-01'));
    await settle();
    expect(inputValue(view)).toBe('flaky team:"Developer Experience" date:2026-01');
    expect(text(view.getByTestId('result-count'))).toBe('1 result');
    expect(view.getAllByTestId('filter-chip').map(text)).toEqual(['team:"Developer Experience" ×', 'date:2026-01 ×']);

    // A chip's × takes its filter out again.
    await fireEvent.click(within(view.getAllByTestId('filter-chip')[0]).getByRole('button'));
    await settle();
    expect(inputValue(view)).toBe('flaky date:2026-01');
    expect(lastSearch(core).query).toBe('flaky date:2026-01');
    expect(text(view.getByTestId('result-count'))).toBe('2 results');

    // Clicking an applied value removes it too.
    await fireEvent.click(facet(view, 'month', '2026-01'));
    await settle();
    expect(inputValue(view)).toBe('flaky');
    expect(text(view.getByTestId('result-count'))).toBe('13 results');
  });

  it('re-searches newest first when the order changes', async () => {
    const { core } = seeded(bulkTickets(12));
    const view = await openSearch(core);
    await type(view, 'flaky');
    const calls = core.callsOf('search').length;
    await fireEvent.change(view.getByTestId('sort-select'), { target: { value: 'date' } });
    await settle();
    expect(core.callsOf('search')).toHaveLength(calls + 1);
    expect(lastSearch(core)).toEqual({ query: 'flaky', limit: 50, offset: 0, sort: 'date', facets: true });
    // "Team · date" under each title.
    const dates = view.getAllByTestId('search-hit').map((h) => (h.querySelector('.hit-meta')?.textContent ?? '').split(' · ').at(-1)!);
    // Newest: ticket 11 (2026-02-12); oldest: ticket 0 (2025-09-01); and every one in between in order.
    expect(dates[0]).toBe('2026-02-12');
    expect(dates.at(-1)).toBe('2025-09-01');
    expect(dates).toHaveLength(12);
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('loads the next page of 50 and keeps the total in view', async () => {
    const { core } = seeded(bulkTickets(120));
    const view = await openSearch(core);
    await type(view, 'flaky');
    expect(view.getAllByTestId('search-hit')).toHaveLength(50);
    expect(text(view.getByTestId('result-count'))).toBe('120 results');
    expect(text(view.getByTestId('result-range'))).toBe('1–50 of 120');

    await fireEvent.click(view.getByTestId('load-more'));
    await settle();
    expect(lastSearch(core)).toEqual({ query: 'flaky', limit: 50, offset: 50, sort: 'relevance', facets: false });
    expect(view.getAllByTestId('search-hit')).toHaveLength(100);
    expect(text(view.getByTestId('result-range'))).toBe('1–100 of 120');
    // Facets stay those of the whole result.
    expect(view.getAllByTestId('facet-group')).toHaveLength(5);
    expect(text(facet(view, 'kind', 'ticket'))).toBe('Tickets 120');

    await fireEvent.click(view.getByTestId('load-more'));
    await settle();
    expect(lastSearch(core).offset).toBe(100);
    expect(view.getAllByTestId('search-hit')).toHaveLength(120);
    // Every ticket once: the pages did not overlap.
    expect(new Set(view.getAllByTestId('search-hit').map((h) => h.dataset.id)).size).toBe(120);
    expect(text(view.getByTestId('result-range'))).toBe('1–120 of 120');
    expect(view.queryByTestId('load-more')).toBeNull();

    // A new query starts again from the first page: the odd tickets are labelled "flaky".
    await type(view, 'flaky tag:flaky');
    expect(lastSearch(core).offset).toBe(0);
    expect(text(view.getByTestId('result-range'))).toBe('1–50 of 60');
  });

  it('loads the next page when the end of the list scrolls into view', async () => {
    const observed: { cb: IntersectionObserverCallback; el: Element | null }[] = [];
    class FakeObserver {
      constructor(readonly cb: IntersectionObserverCallback) {}
      observe(el: Element) {
        observed.push({ cb: this.cb, el });
      }
      disconnect() {}
    }
    vi.stubGlobal('IntersectionObserver', FakeObserver);
    try {
      const { core } = seeded(bulkTickets(120));
      const view = await openSearch(core);
      await type(view, 'flaky');
      const last = observed.at(-1)!;
      expect(last.el).toBe(view.getByTestId('load-more').parentElement);
      last.cb([{ isIntersecting: true } as IntersectionObserverEntry], {} as IntersectionObserver);
      await settle();
      expect(lastSearch(core).offset).toBe(50);
      expect(view.getAllByTestId('search-hit')).toHaveLength(100);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('opens a hit in the reader with its matches marked, as text only', async () => {
    const { core, answerId } = seeded([], { answer: true });
    const view = await openSearch(core);
    await type(view, 'flaky');
    await fireEvent.click(view.getAllByTestId('search-hit')[0]);
    await settle();
    expect(core.callsOf('openDocument')).toEqual([[answerId, 'flaky']]);

    const reader = view.getByTestId('reader');
    expect(reader.querySelector('#reader-title')?.textContent).toBe(QUESTION);
    const marks = view.getAllByTestId('reader-mark');
    expect(marks.map((m) => m.textContent)).toEqual(['Flaky', 'flaky']);
    // The markup in the answer is text: no element was made from it.
    const body = view.getByTestId('reader-text');
    expect(body.querySelector('img')).toBeNull();
    expect(body.textContent).toBe(ANSWER);
    // Only the reader's own elements: the two marks and the runs that say where the text is in the body.
    expect([...body.querySelectorAll('*')].every((el) => el.tagName === 'MARK' || (el.tagName === 'SPAN' && el.hasAttribute('data-at')))).toBe(true);
    expect(body.querySelectorAll('mark')).toHaveLength(2);

    // The first match is current; "Next match" moves through them and wraps.
    expect(marks[0].classList.contains('current')).toBe(true);
    expect(text(view.getByTestId('reader-matches'))).toBe('Match 1 of 2');
    await fireEvent.click(view.getByTestId('reader-next-match'));
    expect(marks[1].classList.contains('current')).toBe(true);
    expect(text(view.getByTestId('reader-matches'))).toBe('Match 2 of 2');
    await fireEvent.click(view.getByTestId('reader-next-match'));
    expect(marks[0].classList.contains('current')).toBe(true);

    await fireEvent.keyDown(reader, { key: 'Escape' });
    await settle();
    expect(view.queryByTestId('reader')).toBeNull();

    await fireEvent.click(view.getAllByTestId('search-hit')[0]);
    await settle();
    await fireEvent.click(view.getByTestId('reader-close'));
    expect(view.queryByTestId('reader')).toBeNull();
  });

  it('saves the query as a theme, showing a clash next to the name, then shows the theme', async () => {
    const { core } = seeded(bulkTickets(12), { themes: [{ name: 'Flaky', query: 'flaky' }] });
    const view = await openSearch(core);
    await type(view, '"slow ci" kind:ticket');
    // Escape closes the form unsaved.
    await fireEvent.click(view.getByTestId('save-theme'));
    await settle();
    await fireEvent.keyDown(view.getByTestId('theme-name-input'), { key: 'Escape' });
    expect(view.queryByTestId('save-theme-form')).toBeNull();
    expect(document.activeElement).toBe(view.getByTestId('search-input'));

    await fireEvent.click(view.getByTestId('save-theme'));
    await settle();
    const name = view.getByTestId('theme-name-input') as HTMLInputElement;
    expect(name.value).toBe('Slow ci');
    expect(document.activeElement).toBe(name);

    await fireEvent.input(name, { target: { value: 'flaky' } });
    await fireEvent.click(view.getByTestId('theme-save-confirm'));
    await settle();
    expect(view.getByTestId('field-error').textContent).toBe('a theme named "flaky" already exists');
    expect(name.getAttribute('aria-invalid')).toBe('true');

    await fireEvent.input(name, { target: { value: 'Slow CI' } });
    await fireEvent.click(view.getByTestId('theme-save-confirm'));
    await settle();
    expect(core.callsOf('saveTheme').at(-1)).toEqual([{ id: null, name: 'Slow CI', query: '"slow ci" kind:ticket' }]);
    expect(core.run<ThemeOverview[]>('list_themes').map((t) => t.theme.name)).toEqual(['Flaky', 'Slow CI']);
    expect(view.getByTestId('nav-themes').getAttribute('aria-current')).toBe('page');
    const summary = view.getByTestId('theme-summary');
    expect(summary.querySelector('h1')?.textContent).toBe('Slow CI');
    // Every one of the twelve tickets says "slow CI", and none is a copy of another.
    expect(view.getByTestId('theme-distinct').textContent).toBe('12');
  });

  it('pins the selected passage of a document to a theme', async () => {
    const { core, answerId } = seeded([], {
      answer: true,
      themes: [
        { name: 'Deploys', query: 'deploy' },
        { name: 'Flaky', query: 'flaky' },
      ],
    });
    const view = await openSearch(core);
    await type(view, 'flaky');
    await fireEvent.click(view.getAllByTestId('search-hit')[0]);
    await settle();
    const pin = view.getByTestId('pin-quote') as HTMLButtonElement;
    expect(pin.disabled).toBe(true);

    // Select "the deploy queue is flaky" in the text, as a user dragging over it would.
    const between = [...view.getByTestId('reader-text').querySelectorAll('[data-at]')].find((n) => n.textContent?.includes('the deploy queue'))!.firstChild!;
    const range = document.createRange();
    range.setStart(between, between.textContent!.indexOf('the deploy queue'));
    range.setEnd(view.getAllByTestId('reader-mark')[1].querySelector('[data-at]')!.firstChild!, 5);
    window.getSelection()!.removeAllRanges();
    window.getSelection()!.addRange(range);
    document.dispatchEvent(new Event('selectionchange'));
    await settle();
    expect(view.getByTestId('pin-selection').textContent?.trim()).toBe('the deploy queue is flaky');
    expect(pin.disabled).toBe(false);

    await fireEvent.click(pin);
    await settle();
    const select = view.getByTestId('pin-theme-select') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(['Deploys', 'Flaky']);
    const flaky = themeId(core, 'Flaky');
    await fireEvent.change(select, { target: { value: String(flaky) } });
    await fireEvent.click(view.getByTestId('pin-confirm'));
    await settle();
    expect(core.callsOf('pinQuote')).toEqual([[flaky, answerId, 'the deploy queue is flaky']]);
    expect(view.getByTestId('pin-done').textContent).toContain('Pinned to “Flaky”');
    const quotes = core.run<ThemeSummary>('theme_summary', { id: flaky, by: 'month' }).quotes;
    expect(quotes.map((q) => [q.text, q.document_id])).toEqual([['the deploy queue is flaky', answerId]]);
    expect(core.run<ThemeSummary>('theme_summary', { id: themeId(core, 'Deploys'), by: 'month' }).quotes).toEqual([]);
  });

  it('shows the query syntax next to the box', async () => {
    const view = await openSearch(new CoreBackend());
    expect(view.queryByTestId('query-help')).toBeNull();
    await fireEvent.click(view.getByTestId('query-help-toggle'));
    const help = text(view.getByTestId('query-help'));
    for (const bit of ['"slow ci"', 'kind:ticket', 'team:"developer experience"', 'date:2026-01..2026-03', 'since:30d', 'deploy~', 'kube*']) {
      expect(help).toContain(bit);
    }
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(view.queryByTestId('query-help')).toBeNull();
  });

  it('folds near-duplicates under the hit they copy and counts each group once', async () => {
    // DEP-2 and DEP-3 are DEP-1 filed again; DEP-4 is another ticket about deploys. Three flaky-test
    // tickets say nothing of deploys.
    const { core } = seeded([...similarTickets(), ...bulkTickets(3)]);
    const [original, copy1, copy2, approvals] = ['"DEP-1"', '"DEP-2"', '"DEP-3"', '"DEP-4"'].map((k) => documentId(core, k));
    // The core ranks DEP-4 first ("deploy" in its short title), then DEP-1 and its copies, each
    // copy pointing at DEP-1.
    const ranked = coreSearch(core, 'deploy').hits;
    expect(ranked.map((h) => [h.id, h.duplicate_of])).toEqual([
      [approvals, null],
      [original, null],
      [copy1, original],
      [copy2, original],
    ]);
    const view = await openSearch(core);
    await type(view, 'deploy');
    expect(text(view.getByTestId('result-count'))).toBe('4 results');
    expect(text(view.getByTestId('result-distinct'))).toBe('(2 distinct)');
    const ids = () => view.getAllByTestId('search-hit').map((h) => Number(h.dataset.id));
    // The two copies of DEP-1 are folded under it.
    expect(ids()).toEqual([approvals, original]);
    const toggle = view.getByTestId('similar-toggle');
    expect(view.getAllByTestId('similar-toggle')).toHaveLength(1);
    expect(toggle.closest('li')?.querySelector('[data-testid="search-hit"]')?.getAttribute('data-id')).toBe(String(original));
    expect(text(toggle)).toBe('+2 similar');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');

    await fireEvent.click(toggle);
    expect(ids()).toEqual([approvals, original, copy1, copy2]);
    expect(text(toggle)).toBe('Hide 2 similar');
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const copies = document.getElementById(toggle.getAttribute('aria-controls')!)!;
    expect(within(copies).getAllByTestId('search-hit').map((h) => h.dataset.id)).toEqual([String(copy1), String(copy2)]);
    // A copy opens in the reader like any hit.
    await fireEvent.click(within(copies).getAllByTestId('search-hit')[0]);
    await settle();
    expect(core.callsOf('openDocument').at(-1)).toEqual([copy1, 'deploy']);

    await fireEvent.click(toggle);
    expect(ids()).toEqual([approvals, original]);

    // Without copies there is nothing to fold and one count.
    await type(view, 'flaky');
    expect(text(view.getByTestId('result-count'))).toBe('3 results');
    expect(view.queryByTestId('result-distinct')).toBeNull();
    expect(view.queryByTestId('similar-toggle')).toBeNull();
  });

  it('shows a copy whose original is on another page with a note, and folds it once that page loads', async () => {
    // Sixty flaky-test tickets dated 2025-09-01…2026-02-26, DEP-1 older than all (2025-01-01) and
    // its copy DEP-2 newer than all (2026-03-01): newest first, they are on different pages.
    const [first, again] = similarTickets(['2025-01-01', '2026-03-01']);
    const { core } = seeded([...bulkTickets(60), first, again]);
    const original = documentId(core, '"DEP-1"');
    const copy = documentId(core, '"DEP-2"');
    const view = await openSearch(core);
    await fireEvent.change(view.getByTestId('sort-select'), { target: { value: 'date' } });
    await type(view, 'flaky OR deploy');
    expect(text(view.getByTestId('result-count'))).toBe('62 results');
    expect(text(view.getByTestId('result-distinct'))).toBe('(61 distinct)');
    const hits = () => view.getAllByTestId('search-hit');
    expect(hits()).toHaveLength(50);
    const top = hits()[0];
    expect(top.dataset.id).toBe(String(copy));
    expect(within(top).getByTestId('hit-note').textContent).toBe(`similar to #${original}`);
    expect(view.getAllByTestId('hit-note')).toHaveLength(1);
    expect(view.queryByTestId('similar-toggle')).toBeNull();

    await fireEvent.click(view.getByTestId('load-more'));
    await settle();
    expect(hits()).toHaveLength(61);
    expect(hits()[0].dataset.id).not.toBe(String(copy));
    expect(hits().at(-1)?.dataset.id).toBe(String(original));
    expect(text(view.getByTestId('similar-toggle'))).toBe('+1 similar');
    expect(view.queryByTestId('hit-note')).toBeNull();
    expect(text(view.getByTestId('result-range'))).toBe('1–62 of 62');
  });
});
