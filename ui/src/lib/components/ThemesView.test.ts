import { fireEvent, render, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../App.svelte';
import type { SuggestedTheme } from '../bindings/SuggestedTheme';
import { backendContext } from '../platform/backend';
import { bulkTickets, FakeBackend, type FakeDocument } from '../platform/fake';
import { interviewInput } from '../../test/helpers';
import { useDraftWorkspace } from '../util/draft';

async function settle(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
}

const SUGGESTIONS: SuggestedTheme[] = [
  { phrase: 'flaky tests', query: '"flaky tests"', documents: 14, teams: 4, score: 9.5, rising: true },
  { phrase: 'onboarding', query: 'onboarding', documents: 6, teams: 2, score: 4.1, rising: false },
];

/** Twelve tickets about flaky tests and slow CI, an interview about it, and two themes. */
function seeded(): FakeBackend {
  const fake = new FakeBackend({
    documents: bulkTickets(12),
    interviews: [
      interviewInput({
        title: 'CI is slow',
        participant: 'Ada',
        interviewer: 'Sam',
        team: 'Payments',
        date: '2026-03-20',
        notes: 'Every flaky test costs us a rerun of twenty minutes.',
      }),
    ],
    themes: [
      { name: 'Flaky tests', query: 'flaky' },
      { name: 'Docs', query: 'documentation' },
    ],
    suggestions: SUGGESTIONS,
  });
  return fake;
}

async function openThemes(fake: FakeBackend) {
  const view = render(App, { context: backendContext(fake) });
  await settle();
  await fireEvent.click(view.getByTestId('nav-themes'));
  await settle();
  return view;
}

const text = (el: HTMLElement) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();

function themeId(fake: FakeBackend, name: string): number {
  return fake.themes.find((t) => t.name === name)!.id;
}

describe('ThemesView', () => {
  beforeEach(() => {
    localStorage.clear();
    useDraftWorkspace('/tmp/fake-workspace');
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('explains themes when there are none and nothing to suggest', async () => {
    const view = await openThemes(new FakeBackend());
    expect(view.getByTestId('nav-themes').getAttribute('aria-current')).toBe('page');
    expect(text(view.getByTestId('themes-empty'))).toContain('Save as theme');
  });

  it('lists themes with their figures and suggestions; saving a suggestion adds a theme', async () => {
    const fake = seeded();
    const view = await openThemes(fake);
    const items = view.getAllByTestId('theme-item');
    expect(items.map((i) => i.querySelector('.list-item-title')?.textContent)).toEqual(['Docs', 'Flaky tests']);
    expect(text(items[1])).toContain('13 documents · 4 teams · 9 people');
    expect(text(items[1])).toContain('0 quotes');
    expect(text(items[0])).toContain('0 documents');

    const suggestions = view.getAllByTestId('suggested-theme');
    expect(suggestions).toHaveLength(2);
    expect(text(suggestions[0])).toContain('flaky tests');
    expect(text(suggestions[0])).toContain('14 documents · 4 teams');
    expect(within(suggestions[0]).getByTestId('rising').textContent).toContain('rising');
    expect(text(suggestions[1])).toContain('onboarding');
    expect(text(suggestions[1])).toContain('6 documents · 2 teams');
    expect(within(suggestions[1]).queryByTestId('rising')).toBeNull();

    await fireEvent.click(within(suggestions[0]).getByTestId('save-suggestion'));
    await settle();
    expect(fake.callsOf('saveTheme')).toEqual([[{ id: null, name: 'Flaky tests', query: '"flaky tests"' }]]);
    // The name is taken: the error shows by the suggestion and nothing is added.
    expect(text(view.getAllByTestId('suggested-theme')[0])).toContain('a theme named "Flaky tests" already exists');
    expect(view.getAllByTestId('theme-item')).toHaveLength(2);

    await fireEvent.click(within(view.getAllByTestId('suggested-theme')[1]).getByTestId('save-suggestion'));
    await settle();
    expect(fake.callsOf('saveTheme').at(-1)).toEqual([{ id: null, name: 'Onboarding', query: 'onboarding' }]);
    expect(view.getAllByTestId('theme-item').map((i) => i.querySelector('.list-item-title')?.textContent)).toEqual([
      'Docs',
      'Flaky tests',
      'Onboarding',
    ]);
    // Saved, it is shown and no longer suggested.
    expect(view.getByTestId('theme-summary').querySelector('h1')?.textContent).toBe('Onboarding');
    expect(view.getAllByTestId('suggested-theme')).toHaveLength(1);
  });

  it('shows the totals, the trend as a table, teams, evidence and quotes', async () => {
    const fake = seeded();
    const flaky = themeId(fake, 'Flaky tests');
    fake.seedQuote(flaky, 10_002, 'slow CI makes every retry cost twenty minutes');
    const view = await openThemes(fake);
    await fireEvent.click(view.getAllByTestId('theme-item')[1]);
    await settle();
    expect(fake.callsOf('themeSummary').at(-1)).toEqual([flaky, 'month']);

    const summary = view.getByTestId('theme-summary');
    expect(summary.querySelector('h1')?.textContent).toBe('Flaky tests');
    expect(view.getByTestId('theme-query').textContent).toBe('flaky');
    expect(view.getByTestId('theme-distinct').textContent).toBe('13');
    expect(view.queryByTestId('theme-total')).toBeNull();
    expect(view.getByTestId('theme-teams').textContent).toBe('4');
    expect(view.getByTestId('theme-people').textContent).toBe('9');
    expect(text(summary)).toContain('12 tickets · 1 interview');

    const table = within(view.getByTestId('theme-trend')).getByTestId('chart-table');
    expect(table.querySelector('caption')?.textContent).toBe('Documents per month matching “Flaky tests”');
    expect([...table.querySelectorAll('thead th')].map((c) => c.textContent)).toEqual(['Month', 'Documents']);
    expect([...table.querySelectorAll('tbody tr')].map((r) => [...r.children].map((c) => c.textContent))).toEqual([
      ['Jan 2026', '2'],
      ['Feb 2026', '2'],
      ['Mar 2026', '3'],
      ['Apr 2026', '2'],
      ['May 2026', '2'],
      ['Jun 2026', '2'],
    ]);

    await fireEvent.change(view.getByTestId('trend-granularity'), { target: { value: 'week' } });
    await settle();
    expect(fake.callsOf('themeSummary').at(-1)).toEqual([flaky, 'week']);
    const weeks = within(view.getByTestId('theme-trend')).getByTestId('chart-table');
    expect(weeks.querySelector('thead th')?.textContent).toBe('Week');
    expect(weeks.querySelector('tbody th')?.textContent).toBe('W1 2026');

    expect(view.getAllByTestId('theme-team-row').map(text)).toEqual([
      'Payments 4',
      'Checkout 3',
      'Developer Experience 3',
      'Platform 3',
    ]);
    const evidence = view.getAllByTestId('theme-evidence');
    expect(evidence).toHaveLength(5);
    expect(evidence[0].querySelector('mark')?.textContent?.toLowerCase()).toBe('flaky');

    const quotes = view.getAllByTestId('theme-quote');
    expect(quotes).toHaveLength(1);
    expect(quotes[0].querySelector('blockquote')?.textContent).toBe('slow CI makes every retry cost twenty minutes');
    expect(text(quotes[0])).toContain('Flaky test #3 blocks the merge queue');
  });

  it('unpins a quote', async () => {
    const fake = seeded();
    const flaky = themeId(fake, 'Flaky tests');
    fake.seedQuote(flaky, 10_001, 'first');
    const second = fake.seedQuote(flaky, 10_002, 'second');
    const view = await openThemes(fake);
    await fireEvent.click(view.getAllByTestId('theme-item')[1]);
    await settle();
    // Newest first.
    expect(view.getAllByTestId('theme-quote').map((q) => q.querySelector('blockquote')?.textContent)).toEqual(['second', 'first']);
    await fireEvent.click(within(view.getAllByTestId('theme-quote')[0]).getByTestId('unpin-quote'));
    await settle();
    expect(fake.callsOf('unpinQuote')).toEqual([[second.id]]);
    expect(view.getAllByTestId('theme-quote').map((q) => q.querySelector('blockquote')?.textContent)).toEqual(['first']);
    expect(text(view.getAllByTestId('theme-item')[1])).toContain('1 quote');
  });

  it('opens evidence and quotes in the reader with the theme query, pinning to that theme', async () => {
    const fake = seeded();
    const flaky = themeId(fake, 'Flaky tests');
    fake.seedQuote(flaky, 10_004, 'cost twenty minutes');
    const view = await openThemes(fake);
    await fireEvent.click(view.getAllByTestId('theme-item')[1]);
    await settle();
    await fireEvent.click(view.getAllByTestId('theme-evidence')[0]);
    await settle();
    const [id, query] = fake.callsOf('openDocument').at(-1)!;
    expect(query).toBe('flaky');
    expect(view.getAllByTestId('reader-mark').length).toBeGreaterThan(0);

    // Pin a passage: the picker starts on the theme the reader was opened from.
    const body = view.getByTestId('reader-text');
    // The text after the last match (Svelte may keep empty anchors around it).
    const tail = [...body.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '').at(-1)!;
    const range = document.createRange();
    range.selectNodeContents(tail);
    window.getSelection()!.removeAllRanges();
    window.getSelection()!.addRange(range);
    document.dispatchEvent(new Event('selectionchange'));
    await settle();
    await fireEvent.click(view.getByTestId('pin-quote'));
    expect((view.getByTestId('pin-theme-select') as HTMLSelectElement).value).toBe(String(flaky));
    await fireEvent.click(view.getByTestId('pin-confirm'));
    await settle();
    const pinned = tail.textContent!.trim();
    expect(fake.callsOf('pinQuote')).toEqual([[flaky, id, pinned]]);
    // The theme's quotes recount at once.
    expect(view.getAllByTestId('theme-quote')).toHaveLength(2);

    await fireEvent.keyDown(window, { key: 'Escape' });
    await settle();
    expect(view.queryByTestId('reader')).toBeNull();
    await fireEvent.click(within(view.getAllByTestId('theme-quote')[1]).getByRole('button', { name: /Flaky test #5/ }));
    await settle();
    expect(fake.callsOf('openDocument').at(-1)).toEqual([10_004, 'flaky']);
    window.getSelection()?.removeAllRanges();
  });

  it('renames, re-queries and deletes a theme after a confirm', async () => {
    const fake = seeded();
    const view = await openThemes(fake);
    await fireEvent.click(view.getAllByTestId('theme-item')[1]);
    await settle();
    const flaky = themeId(fake, 'Flaky tests');

    await fireEvent.click(view.getByTestId('edit-theme'));
    const name = view.getByTestId('theme-name-input') as HTMLInputElement;
    const query = view.getByTestId('theme-query-input') as HTMLInputElement;
    expect([name.value, query.value]).toEqual(['Flaky tests', 'flaky']);
    await fireEvent.input(query, { target: { value: '   ' } });
    await fireEvent.click(view.getByTestId('theme-save-confirm'));
    await settle();
    expect(view.getByTestId('field-error').textContent).toContain('has nothing to search for');
    expect(query.getAttribute('aria-invalid')).toBe('true');
    expect(name.getAttribute('aria-invalid')).toBe('false');

    // Escape from anywhere in the form leaves it unsaved; the next edit starts from the theme.
    view.getByTestId('theme-save-confirm').focus();
    await fireEvent.keyDown(view.getByTestId('theme-save-confirm'), { key: 'Escape' });
    expect(view.queryByTestId('theme-name-input')).toBeNull();
    await fireEvent.click(view.getByTestId('edit-theme'));
    expect((view.getByTestId('theme-query-input') as HTMLInputElement).value).toBe('flaky');

    await fireEvent.input(view.getByTestId('theme-name-input'), { target: { value: 'Flaky CI' } });
    await fireEvent.input(view.getByTestId('theme-query-input'), { target: { value: 'flaky team:Payments' } });
    await fireEvent.click(view.getByTestId('theme-save-confirm'));
    await settle();
    expect(fake.callsOf('saveTheme').at(-1)).toEqual([{ id: flaky, name: 'Flaky CI', query: 'flaky team:Payments' }]);
    expect(view.getByTestId('theme-summary').querySelector('h1')?.textContent).toBe('Flaky CI');
    expect(view.getByTestId('theme-distinct').textContent).toBe('4');
    expect(view.getAllByTestId('theme-item').map((i) => i.querySelector('.list-item-title')?.textContent)).toEqual(['Docs', 'Flaky CI']);

    await fireEvent.click(view.getByTestId('delete-theme'));
    expect(fake.callsOf('deleteTheme')).toHaveLength(0);
    await fireEvent.click(view.getByTestId('delete-theme-confirm'));
    await settle();
    expect(fake.callsOf('deleteTheme')).toEqual([[flaky]]);
    expect(view.getAllByTestId('theme-item').map((i) => i.querySelector('.list-item-title')?.textContent)).toEqual(['Docs']);
    expect(view.getByTestId('theme-summary').querySelector('h1')?.textContent).toBe('Docs');
  });

  it('recounts whenever the view is shown', async () => {
    const fake = seeded();
    const view = await openThemes(fake);
    await fireEvent.click(view.getAllByTestId('theme-item')[1]);
    await settle();
    expect(view.getByTestId('theme-distinct').textContent).toBe('13');

    const more: FakeDocument[] = bulkTickets(3, 20_000);
    fake.extraDocuments.push(...more);
    await fireEvent.click(view.getByTestId('nav-search'));
    await settle();
    await fireEvent.click(view.getByTestId('nav-themes'));
    await settle();
    // The three new tickets are copies of three already there: counted once, shown as copies.
    expect(view.getByTestId('theme-distinct').textContent).toBe('13');
    expect(view.getByTestId('theme-total').textContent).toBe('(16 incl. copies)');
    // The list counts distinct documents too, like the headline.
    expect(text(view.getAllByTestId('theme-item')[1])).toContain('13 documents');

    // A team row searches that team's evidence.
    await fireEvent.click(view.getAllByTestId('theme-team-row')[0]);
    await settle();
    expect((view.getByTestId('search-input') as HTMLInputElement).value).toBe('flaky team:Payments');
  });

  it('makes a roadmap item from a theme and from a quote, and opens it selected in the Roadmap', async () => {
    const fake = seeded();
    const flaky = themeId(fake, 'Flaky tests');
    fake.seedQuote(flaky, 10_002, 'slow CI makes every retry cost twenty minutes');
    const view = await openThemes(fake);
    await fireEvent.click(view.getAllByTestId('theme-item')[1]);
    await settle();

    await fireEvent.click(view.getByTestId('theme-new-item'));
    await settle();
    expect(fake.callsOf('itemFromEvidence')).toEqual([[{ title: null, theme: flaky, document: null, quote: null }]]);
    expect(view.getByTestId('nav-roadmap').getAttribute('aria-current')).toBe('page');
    expect(text(view.getByTestId('toast'))).toContain('Roadmap item “Flaky tests” created');
    const id = fake.roadmap.items.find((i) => i.title === 'Flaky tests')!.id;
    const editor = view.getByTestId('item-editor');
    expect((within(editor).getByTestId('item-title-input') as HTMLInputElement).value).toBe('Flaky tests');
    expect(within(editor).getAllByTestId('item-link').map((l) => l.getAttribute('data-kind'))).toEqual(['theme']);
    expect(text(within(editor).getByTestId('item-evidence'))).toContain('13 documents (1 interview, 12 tickets)');
    // The new item is the selected row of the ranking; reach comes from the people behind the
    // evidence, the rest is still to type.
    const rows = view.getAllByTestId('ranked-item');
    expect(rows.filter((r) => r.getAttribute('aria-selected') === 'true').map((r) => r.getAttribute('data-item-id'))).toEqual([String(id)]);
    expect(text(within(rows[0]).getByTestId('item-missing'))).toBe('missing: impact, confidence, effort');

    await fireEvent.click(view.getByTestId('nav-themes'));
    await settle();
    await fireEvent.click(view.getByTestId('quote-new-item'));
    await settle();
    expect(fake.callsOf('itemFromEvidence').at(-1)).toEqual([
      { title: null, theme: null, document: 10_002, quote: 'slow CI makes every retry cost twenty minutes' },
    ]);
    expect(view.getByTestId('nav-roadmap').getAttribute('aria-current')).toBe('page');
    const quoted = fake.roadmap.items.find((i) => i.title === 'slow CI makes every retry cost twenty minutes')!.id;
    const selected = view.getAllByTestId('ranked-item').filter((r) => r.getAttribute('aria-selected') === 'true');
    expect(selected.map((r) => r.getAttribute('data-item-id'))).toEqual([String(quoted)]);
    expect((view.getByTestId('item-title-input') as HTMLInputElement).value).toBe('slow CI makes every retry cost twenty minutes');
    expect(within(view.getByTestId('item-editor')).getAllByTestId('item-link')[0].getAttribute('data-kind')).toBe('quote');
  });
});
