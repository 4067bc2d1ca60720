import { fireEvent, render, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../App.svelte';
import type { Item } from '../bindings/Item';
import type { PaletteEntry } from '../bindings/PaletteEntry';
import type { Quote } from '../bindings/Quote';
import type { SuggestedCluster } from '../bindings/SuggestedCluster';
import type { SuggestedTheme } from '../bindings/SuggestedTheme';
import type { Highlight } from '../bindings/Highlight';
import type { ThemeOverview } from '../bindings/ThemeOverview';
import type { ThemeSummary } from '../bindings/ThemeSummary';
import { backendContext } from '../platform/backend';
import { CoreBackend, ticketsCsv } from '../../test/core';
import { interviewInput } from '../../test/helpers';
import { useDraftWorkspace } from '../util/draft';

async function settle(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
}

/**
 * Nine tickets about flaky tests (each says "flaky tests" once) from four teams, December 2025 to
 * February 2026. With the interview below, "flaky" matches ten documents:
 *   Payments 4 (CI-101, CI-102, CI-108, the interview) · Checkout 3 (CI-103, CI-104, CI-106)
 *   · Platform 2 (CI-105, CI-109) · Mobile 1 (CI-107);
 *   Dec 2025: 2 (CI-101, CI-102) · Jan 2026: 3 (CI-103, CI-104, CI-109) · Feb 2026: 5 (the rest);
 *   people: the reporters Ana, Ben, Cara, Dev, Eve, Finn, Gus (Ana and Eve twice) and the
 *   interview's Ada and Sam: 9.
 */
const FLAKY = [
  { key: 'CI-101', title: 'Flaky tests block the merge queue', body: 'The checkout integration suite failed twice this morning, so nobody could merge for an hour.', team: 'Payments', created: '2025-12-03 09:00', reporter: 'Ana' },
  { key: 'CI-102', title: 'Retry flaky tests automatically', body: 'Three reruns a day on the ledger service, and each rerun costs twenty minutes of waiting.', team: 'Payments', created: '2025-12-17 09:00', reporter: 'Ben' },
  { key: 'CI-103', title: 'Quarantine flaky tests in the browser suite', body: 'Cart end to end specs time out on the shared runners about one run in five.', team: 'Checkout', created: '2026-01-08 09:00', reporter: 'Cara' },
  { key: 'CI-104', title: 'Flaky tests hide real failures', body: 'People rerun red builds without reading them because they expect the timeout again.', team: 'Checkout', created: '2026-01-22 09:00', reporter: 'Dev' },
  { key: 'CI-109', title: 'Terraform plan checks are flaky tests in disguise', body: 'The provider download from the registry fails under load and the plan step goes red for no reason.', team: 'Platform', created: '2026-01-29 09:00', reporter: 'Eve' },
  { key: 'CI-105', title: 'Track which flaky tests fail most', body: 'We need a weekly list of the worst offenders with owners, so someone fixes them.', team: 'Platform', created: '2026-02-05 09:00', reporter: 'Eve' },
  { key: 'CI-106', title: 'Kafka consumer specs are flaky tests too', body: 'The consumer group rebalances in the middle of the spec and the assertion races the offset commit.', team: 'Checkout', created: '2026-02-12 09:00', reporter: 'Finn' },
  { key: 'CI-107', title: 'Mobile snapshot diffs: flaky tests on every release branch', body: 'Font rendering differs between simulator versions, so screenshots never match on the release runners.', team: 'Mobile', created: '2026-02-18 09:00', reporter: 'Gus' },
  { key: 'CI-108', title: 'Payments webhook flaky tests after the retry change', body: 'A sleep of one second in the fixture is not enough when the queue is busy at noon.', team: 'Payments', created: '2026-02-24 09:00', reporter: 'Ana' },
];

/**
 * The rest of the workspace: three recent deploy tickets, and older ones, three of which (from
 * Search and Mobile, mid-2025) say "slow onboarding". Nothing says "documentation".
 */
const OTHER = [
  { key: 'OPS-1', title: 'Deploys wait for approvals', body: 'Every deploy to production waits two days for the change board that meets on Tuesdays.', team: 'Payments', created: '2026-01-13 09:00', reporter: 'Hal' },
  { key: 'OPS-2', title: 'Rollback needs a manual database step', body: 'Reverting a release means asking a DBA to run the down migration by hand at night.', team: 'Checkout', created: '2026-02-10 09:00', reporter: 'Ivy' },
  { key: 'OPS-3', title: 'Canary dashboards load slowly', body: 'The canary board takes a minute to render because it queries a month of metrics.', team: 'Platform', created: '2026-02-26 09:00', reporter: 'Jo' },
  { key: 'ONB-1', title: 'Slow onboarding for new hires', body: 'A new engineer needs two weeks before the first commit because laptop setup is manual.', team: 'Search', created: '2025-06-02 09:00', reporter: 'Kim' },
  { key: 'ONB-2', title: 'Onboarding checklist is out of date', body: 'The checklist still points to the old VPN and the retired wiki for access requests.', team: 'Search', created: '2025-06-20 09:00', reporter: 'Lou' },
  { key: 'ONB-3', title: 'Slow onboarding: access requests take days', body: 'Every new starter waits on four separate tickets for repository and cloud access.', team: 'Mobile', created: '2025-07-09 09:00', reporter: 'Max' },
  { key: 'ONB-4', title: 'Pair new hires with a buddy during onboarding', body: 'Teams that assign a buddy get the first pull request merged in half the time.', team: 'Mobile', created: '2025-07-28 09:00', reporter: 'Kim' },
  { key: 'ONB-5', title: 'Slow onboarding to the monorepo', body: 'The first full build on a fresh laptop takes ninety minutes and fills the disk.', team: 'Search', created: '2025-08-14 09:00', reporter: 'Ned' },
  { key: 'ONB-6', title: 'Onboarding guide skips local secrets', body: 'Nobody tells a new engineer how to fetch development secrets, so they ask in chat.', team: 'Mobile', created: '2025-09-03 09:00', reporter: 'Oli' },
  { key: 'REL-1', title: 'Release notes are written by hand', body: 'Someone copies merged pull request titles into a wiki page before each release.', team: 'Platform', created: '2025-05-06 09:00', reporter: 'Pat' },
  { key: 'REL-2', title: 'Version bumps conflict on main', body: 'Two teams bump the same package version on the same afternoon and both builds break.', team: 'Checkout', created: '2025-05-21 09:00', reporter: 'Quin' },
  { key: 'REL-3', title: 'Changelog entries get lost in squash merges', body: 'The squash commit keeps only the title, so the entry written in the branch disappears.', team: 'Search', created: '2025-04-15 09:00', reporter: 'Rae' },
];

/** The flaky-test tickets, the rest, an interview about flaky tests, and two themes. */
function seeded(): CoreBackend {
  return new CoreBackend({
    interviews: [
      interviewInput({
        title: 'CI is slow',
        participant: 'Ada',
        interviewer: 'Sam',
        team: 'Payments',
        date: '2026-02-20',
        notes: 'Every flaky test costs us a rerun of twenty minutes.',
      }),
    ],
    tickets: [ticketsCsv([...FLAKY, ...OTHER])],
    themes: [
      { name: 'Flaky tests', query: 'flaky' },
      { name: 'Docs', query: 'documentation' },
    ],
  });
}

async function openThemes(core: CoreBackend) {
  const view = render(App, { context: backendContext(core.backend) });
  await settle();
  await fireEvent.click(view.getByTestId('nav-themes'));
  await settle();
  return view;
}

const text = (el: HTMLElement) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();
const itemNames = (view: Awaited<ReturnType<typeof openThemes>>) =>
  view.getAllByTestId('theme-item').map((i) => i.querySelector('.list-item-title')?.textContent);

function themeId(core: CoreBackend, name: string): number {
  return core.run<ThemeOverview[]>('list_themes').find((t) => t.theme.name === name)!.theme.id;
}

/** A ticket's document id, as the core's palette finds it by its key. */
function ticketId(core: CoreBackend, key: string): number {
  const found = core.run<PaletteEntry[]>('palette', { query: key }).find((e) => e.kind === 'ticket' && e.label.startsWith(`${key} `));
  expect(found, `no ticket ${key}`).toBeTruthy();
  return found!.id;
}

function pin(core: CoreBackend, theme: number, document: number, text: string): Quote {
  return core.run<Quote>('pin_quote', { theme, document, text });
}

describe('ThemesView', () => {
  beforeEach(() => {
    localStorage.clear();
    useDraftWorkspace('/tmp/groundwork-ui-test');
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('explains themes when there are none and nothing to suggest', async () => {
    const core = new CoreBackend();
    expect(core.run('suggest_themes')).toEqual([]);
    const view = await openThemes(core);
    expect(view.getByTestId('nav-themes').getAttribute('aria-current')).toBe('page');
    expect(text(view.getByTestId('themes-empty'))).toContain('Save as theme');
  });

  it('lists themes with their figures and suggestions; saving a suggestion adds a theme', async () => {
    const core = seeded();
    const view = await openThemes(core);
    const items = view.getAllByTestId('theme-item');
    expect(itemNames(view)).toEqual(['Docs', 'Flaky tests']);
    // See FLAKY: 10 documents, 4 teams, 8 people (seven reporters and Ada; Sam interviewed, and
    // interviewers are not evidence).
    expect(text(items[1])).toContain('10 documents · 4 teams · 8 people');
    expect(text(items[1])).toContain('0 quotes');
    expect(text(items[0])).toContain('0 documents');

    // The suggestions are the core's, in its order: phrases first, strongest first.
    const core0 = core.run<SuggestedTheme[]>('suggest_themes');
    const shown = () => view.getAllByTestId('suggested-theme');
    const phraseOf = (el: HTMLElement) => el.querySelector('.phrase')?.textContent;
    expect(shown().map(phraseOf)).toEqual(core0.map((s) => s.phrase));
    shown().forEach((el, i) => {
      expect(text(el)).toContain(`${core0[i].documents} document${core0[i].documents === 1 ? '' : 's'} · ${core0[i].teams} team`);
      expect(within(el).queryByTestId('rising') !== null).toBe(core0[i].rising);
    });
    // "flaky tests" is in the nine tickets' titles and (as "flaky test") the interview, from four
    // teams, all in the last 90 days: the strongest, and rising. "slow onboarding" is in ONB-1, 3
    // and 5 (Search and Mobile), months ago: not rising.
    const flaky = shown()[0];
    expect(phraseOf(flaky)).toBe('flaky tests');
    expect(text(flaky)).toContain('10 documents · 4 teams');
    expect(within(flaky).getByTestId('rising').textContent).toContain('rising');
    const onboarding = shown().find((el) => phraseOf(el) === 'slow onboarding')!;
    expect(text(onboarding)).toContain('3 documents · 2 teams');
    expect(within(onboarding).queryByTestId('rising')).toBeNull();

    await fireEvent.click(within(flaky).getByTestId('save-suggestion'));
    await settle();
    expect(core.callsOf('saveTheme')).toEqual([[{ id: null, name: 'Flaky tests', query: '"flaky tests"' }]]);
    // The name is taken: the error shows by the suggestion and nothing is added.
    expect(text(shown()[0])).toContain('a theme named "Flaky tests" already exists');
    expect(view.getAllByTestId('theme-item')).toHaveLength(2);

    await fireEvent.click(within(shown().find((el) => phraseOf(el) === 'slow onboarding')!).getByTestId('save-suggestion'));
    await settle();
    expect(core.callsOf('saveTheme').at(-1)).toEqual([{ id: null, name: 'Slow onboarding', query: '"slow onboarding"' }]);
    expect(itemNames(view)).toEqual(['Docs', 'Flaky tests', 'Slow onboarding']);
    // Saved, it is shown and no longer suggested; the list is the core's again.
    expect(view.getByTestId('theme-summary').querySelector('h1')?.textContent).toBe('Slow onboarding');
    const after = core.run<SuggestedTheme[]>('suggest_themes');
    expect(after.map((s) => s.phrase)).not.toContain('slow onboarding');
    expect(shown().map(phraseOf)).toEqual(after.map((s) => s.phrase));
  });

  it('stands a theme on a code: the coded passages count, each part shown, and rejected evidence stops counting', async () => {
    const core = seeded();
    const flaky = themeId(core, 'Flaky tests');
    // A passage the query misses ("flaky" is not in it), coded "CI/Setup".
    core.run('code_passage', {
      input: { document: ticketId(core, 'ONB-5'), quote: 'takes ninety minutes', codes: ['CI/Setup'] },
    });
    const view = await openThemes(core);
    await fireEvent.click(view.getAllByTestId('theme-item')[1]);
    await settle();
    const parts = () => text(view.getByTestId('theme-parts'));
    const figures = () => core.run<ThemeSummary>('theme_summary', { id: flaky, by: 'month' }).stats;
    expect(parts()).toBe(`${figures().from_query} found by the query · 0 holding 0 coded passages`);

    await fireEvent.input(view.getByTestId('theme-code-input'), { target: { value: 'CI' } });
    await fireEvent.submit(view.getByTestId('theme-code-input').closest('form')!);
    await settle();
    expect(core.callsOf('addThemeCode')).toEqual([[flaky, 'CI']]);
    const after = figures();
    expect(after.from_codes).toBe(1);
    expect(parts()).toBe(`${after.from_query} found by the query · 1 holding 1 coded passage`);
    expect(view.getAllByTestId('theme-code').map((c) => c.textContent?.replace('×', '').trim())).toEqual(['CI']);
    expect(view.getByTestId('theme-distinct').textContent).toBe(String(after.distinct));
    // Search's team row shows the coded share the core counted.
    const search = view.getAllByTestId('theme-team-row').find((r) => text(r).startsWith('Search'))!;
    expect(text(search)).toContain('1 coded');

    // "Not about this" on the strongest piece of evidence: it stops counting, and can come back.
    const first = core.run<ThemeSummary>('theme_summary', { id: flaky, by: 'month' }).stats.evidence[0];
    await fireEvent.click(view.getAllByTestId('reject-evidence')[0]);
    await settle();
    expect(core.callsOf('rejectFromTheme')).toEqual([[flaky, first.id]]);
    const rejected = figures();
    expect(rejected.rejected).toBe(1);
    expect(rejected.total).toBe(after.total - 1);
    expect(parts()).toContain('· 1 rejected as not about it');
    expect(text(view.getByTestId('theme-rejected'))).toContain(`#${first.id}`);
    await fireEvent.click(view.getByTestId('unreject'));
    await settle();
    expect(core.callsOf('unrejectFromTheme')).toEqual([[flaky, first.id]]);
    expect(view.queryByTestId('theme-rejected')).toBeNull();

    // Off the code again: the theme stands on its query alone.
    await fireEvent.click(view.getByTestId('theme-code-remove'));
    await settle();
    expect(core.callsOf('removeThemeCode')).toEqual([[flaky, 'CI']]);
    expect(view.queryAllByTestId('theme-code')).toHaveLength(0);
  });

  it('groups suggestions into clusters the core proposes; one becomes a theme, another a code', async () => {
    const core = seeded();
    const clusters = core.run<SuggestedCluster[]>('suggest_clusters');
    expect(clusters.length).toBeGreaterThan(0);
    const view = await openThemes(core);
    await fireEvent.click(view.getByTestId('load-clusters'));
    await settle();
    const shown = view.getAllByTestId('suggested-cluster');
    expect(shown.map((el) => el.querySelector('.phrase')?.textContent)).toEqual(clusters.map((c) => c.label));
    const first = clusters[0];
    expect(within(shown[0]).getAllByTestId('cluster-passage').map((p) => text(p))).toEqual(
      first.passages.map((p) => `${p.text} ${p.title}`),
    );

    // Into a code: each passage coded exactly where the core placed it.
    await fireEvent.input(within(shown[0]).getByTestId('cluster-code-input'), { target: { value: 'Clusters/First' } });
    await fireEvent.click(within(shown[0]).getByTestId('code-cluster'));
    await settle();
    const coded = core.run<Highlight[]>('list_highlights', { code: 'Clusters/First', document: null });
    expect(coded.map((h) => [h.document, h.start, h.end]).sort()).toEqual(first.passages.map((p) => [p.document, p.start, p.end]).sort());
    expect(text(within(shown[0]).getByTestId('cluster-note'))).toBe(`${first.passages.length} passage(s) coded “Clusters/First”.`);

    // Into a theme: named after its label, its draft query saved.
    await fireEvent.click(within(shown[0]).getByTestId('save-cluster'));
    await settle();
    expect(core.callsOf('saveTheme').at(-1)![0]).toMatchObject({ id: null, query: first.query });
    expect(core.run<ThemeOverview[]>('list_themes').some((t) => t.theme.query === first.query)).toBe(true);
  });

  it('shows the totals, the trend as a table, teams, evidence and quotes', async () => {
    const core = seeded();
    const flaky = themeId(core, 'Flaky tests');
    pin(core, flaky, ticketId(core, 'CI-102'), 'each rerun costs twenty minutes of waiting');
    const view = await openThemes(core);
    await fireEvent.click(view.getAllByTestId('theme-item')[1]);
    await settle();
    expect(core.callsOf('themeSummary').at(-1)).toEqual([flaky, 'month']);

    const summary = view.getByTestId('theme-summary');
    expect(summary.querySelector('h1')?.textContent).toBe('Flaky tests');
    expect(view.getByTestId('theme-query').textContent).toBe('flaky');
    // See FLAKY for the figures.
    expect(view.getByTestId('theme-distinct').textContent).toBe('10');
    expect(view.queryByTestId('theme-total')).toBeNull();
    expect(view.getByTestId('theme-teams').textContent).toBe('4');
    expect(view.getByTestId('theme-people').textContent).toBe('8');
    expect(text(summary)).toContain('9 tickets · 1 interview');

    const table = within(view.getByTestId('theme-trend')).getByTestId('chart-table');
    expect(table.querySelector('caption')?.textContent).toBe('Documents per month matching “Flaky tests”');
    expect([...table.querySelectorAll('thead th')].map((c) => c.textContent)).toEqual(['Month', 'Documents']);
    expect([...table.querySelectorAll('tbody tr')].map((r) => [...r.children].map((c) => c.textContent))).toEqual([
      ['Dec 2025', '2'],
      ['Jan 2026', '3'],
      ['Feb 2026', '5'],
    ]);

    await fireEvent.change(view.getByTestId('trend-granularity'), { target: { value: 'week' } });
    await settle();
    expect(core.callsOf('themeSummary').at(-1)).toEqual([flaky, 'week']);
    const weeks = within(view.getByTestId('theme-trend')).getByTestId('chart-table');
    expect(weeks.querySelector('thead th')?.textContent).toBe('Week');
    // The oldest, CI-101 on Wednesday 3 December 2025: ISO week 49 (Monday 1 December).
    expect(weeks.querySelector('tbody th')?.textContent).toBe('W49 2025');

    // The pinned quote is a coded passage of the theme's code: Payments shows it as coded.
    expect(view.getAllByTestId('theme-team-row').map(text)).toEqual([
      'Payments 4 · 1 coded',
      'Checkout 3',
      'Platform 2',
      'Mobile 1',
    ]);
    // The core's five strongest matches; the interview says "flaky" in its text, marked.
    const strongest = core.run<ThemeSummary>('theme_summary', { id: flaky, by: 'week' }).stats.evidence;
    expect(strongest).toHaveLength(5);
    const evidence = view.getAllByTestId('theme-evidence');
    expect(evidence).toHaveLength(5);
    evidence.forEach((e, i) => expect(text(e)).toContain(strongest[i].title));
    expect(strongest[0].title).toBe('CI is slow');
    expect(evidence[0].querySelector('mark')?.textContent?.toLowerCase()).toBe('flaky');

    const quotes = view.getAllByTestId('theme-quote');
    expect(quotes).toHaveLength(1);
    expect(quotes[0].querySelector('blockquote')?.textContent).toBe('each rerun costs twenty minutes of waiting');
    expect(text(quotes[0])).toContain('Retry flaky tests automatically');
  });

  it('unpins a quote', async () => {
    const core = seeded();
    const flaky = themeId(core, 'Flaky tests');
    pin(core, flaky, ticketId(core, 'CI-101'), 'nobody could merge for an hour');
    const second = pin(core, flaky, ticketId(core, 'CI-102'), 'each rerun costs twenty minutes');
    const view = await openThemes(core);
    await fireEvent.click(view.getAllByTestId('theme-item')[1]);
    await settle();
    // Newest first.
    expect(view.getAllByTestId('theme-quote').map((q) => q.querySelector('blockquote')?.textContent)).toEqual([
      'each rerun costs twenty minutes',
      'nobody could merge for an hour',
    ]);
    await fireEvent.click(within(view.getAllByTestId('theme-quote')[0]).getByTestId('unpin-quote'));
    await settle();
    expect(core.callsOf('unpinQuote')).toEqual([[second.id]]);
    expect(view.getAllByTestId('theme-quote').map((q) => q.querySelector('blockquote')?.textContent)).toEqual([
      'nobody could merge for an hour',
    ]);
    expect(text(view.getAllByTestId('theme-item')[1])).toContain('1 quote');
  });

  it('opens evidence and quotes in the reader with the theme query, pinning to that theme', async () => {
    const core = seeded();
    const flaky = themeId(core, 'Flaky tests');
    const ci104 = ticketId(core, 'CI-104');
    pin(core, flaky, ci104, 'People rerun red builds');
    const view = await openThemes(core);
    await fireEvent.click(view.getAllByTestId('theme-item')[1]);
    await settle();
    await fireEvent.click(view.getAllByTestId('theme-evidence')[0]);
    await settle();
    const [id, query] = core.callsOf('openDocument').at(-1)!;
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
    expect(core.callsOf('pinQuote')).toEqual([[flaky, id, pinned]]);
    expect(view.queryByTestId('pin-error')?.textContent ?? '').toBe('');
    // The theme's quotes recount at once.
    expect(view.getAllByTestId('theme-quote')).toHaveLength(2);
    expect(view.getAllByTestId('theme-quote')[0].querySelector('blockquote')?.textContent).toBe(pinned);

    await fireEvent.keyDown(window, { key: 'Escape' });
    await settle();
    expect(view.queryByTestId('reader')).toBeNull();
    await fireEvent.click(within(view.getAllByTestId('theme-quote')[1]).getByRole('button', { name: /Flaky tests hide real failures/ }));
    await settle();
    expect(core.callsOf('openDocument').at(-1)).toEqual([ci104, 'flaky']);
    window.getSelection()?.removeAllRanges();
  });

  it('renames, re-queries and deletes a theme after a confirm', async () => {
    const core = seeded();
    const view = await openThemes(core);
    await fireEvent.click(view.getAllByTestId('theme-item')[1]);
    await settle();
    const flaky = themeId(core, 'Flaky tests');

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
    expect(core.callsOf('saveTheme').at(-1)).toEqual([{ id: flaky, name: 'Flaky CI', query: 'flaky team:Payments' }]);
    expect(view.getByTestId('theme-summary').querySelector('h1')?.textContent).toBe('Flaky CI');
    // Payments' four: CI-101, CI-102, CI-108 and the interview.
    expect(view.getByTestId('theme-distinct').textContent).toBe('4');
    expect(itemNames(view)).toEqual(['Docs', 'Flaky CI']);

    await fireEvent.click(view.getByTestId('delete-theme'));
    expect(core.callsOf('deleteTheme')).toHaveLength(0);
    await fireEvent.click(view.getByTestId('delete-theme-confirm'));
    await settle();
    expect(core.callsOf('deleteTheme')).toEqual([[flaky]]);
    expect(itemNames(view)).toEqual(['Docs']);
    expect(view.getByTestId('theme-summary').querySelector('h1')?.textContent).toBe('Docs');
    expect(core.run<ThemeOverview[]>('list_themes').map((t) => t.theme.name)).toEqual(['Docs']);
  });

  it('recounts whenever the view is shown', async () => {
    const core = seeded();
    const view = await openThemes(core);
    await fireEvent.click(view.getAllByTestId('theme-item')[1]);
    await settle();
    expect(view.getByTestId('theme-distinct').textContent).toBe('10');

    // Another export brings three of Payments' tickets again, under new keys: copies.
    await fireEvent.click(view.getByTestId('nav-search'));
    await settle();
    const copies = FLAKY.filter((t) => t.team === 'Payments').map((t) => ({ ...t, key: t.key.replace('CI-', 'DUP-') }));
    expect(copies).toHaveLength(3);
    core.seed({ tickets: [ticketsCsv(copies)] });
    await fireEvent.click(view.getByTestId('nav-themes'));
    await settle();
    // Counted once, shown as copies.
    expect(view.getByTestId('theme-distinct').textContent).toBe('10');
    expect(view.getByTestId('theme-total').textContent).toBe('(13 incl. copies)');
    // The list counts distinct documents too, like the headline.
    expect(text(view.getAllByTestId('theme-item')[1])).toContain('10 documents');

    // A team row searches that team's evidence.
    await fireEvent.click(view.getAllByTestId('theme-team-row')[0]);
    await settle();
    expect((view.getByTestId('search-input') as HTMLInputElement).value).toBe('flaky team:Payments');
  });

  it('makes a roadmap item from a theme and from a quote, and opens it selected in the Roadmap', async () => {
    const core = seeded();
    const flaky = themeId(core, 'Flaky tests');
    const ci102 = ticketId(core, 'CI-102');
    pin(core, flaky, ci102, 'each rerun costs twenty minutes of waiting');
    const view = await openThemes(core);
    await fireEvent.click(view.getAllByTestId('theme-item')[1]);
    await settle();

    await fireEvent.click(view.getByTestId('theme-new-item'));
    await settle();
    expect(core.callsOf('itemFromEvidence')).toEqual([[{ title: null, theme: flaky, document: null, quote: null }]]);
    expect(view.getByTestId('nav-roadmap').getAttribute('aria-current')).toBe('page');
    expect(text(view.getByTestId('toast'))).toContain('Roadmap item “Flaky tests” created');
    const id = core.run<Item[]>('list_items').find((i) => i.title === 'Flaky tests')!.id;
    const editor = view.getByTestId('item-editor');
    expect((within(editor).getByTestId('item-title-input') as HTMLInputElement).value).toBe('Flaky tests');
    expect(within(editor).getAllByTestId('item-link').map((l) => l.getAttribute('data-kind'))).toEqual(['theme']);
    // The theme's ten documents: the interview and nine tickets.
    expect(text(within(editor).getByTestId('item-evidence'))).toContain('10 documents (1 interview, 9 tickets)');
    // The new item is the selected row of the ranking; reach comes from the people behind the
    // evidence, the rest is still to type.
    const rows = view.getAllByTestId('ranked-item');
    expect(rows.filter((r) => r.getAttribute('aria-selected') === 'true').map((r) => r.getAttribute('data-item-id'))).toEqual([String(id)]);
    expect(text(within(rows[0]).getByTestId('item-missing'))).toBe('missing: impact, confidence, effort');

    await fireEvent.click(view.getByTestId('nav-themes'));
    await settle();
    await fireEvent.click(view.getByTestId('quote-new-item'));
    await settle();
    expect(core.callsOf('itemFromEvidence').at(-1)).toEqual([
      { title: null, theme: null, document: ci102, quote: 'each rerun costs twenty minutes of waiting' },
    ]);
    expect(view.getByTestId('nav-roadmap').getAttribute('aria-current')).toBe('page');
    const quoted = core.run<Item[]>('list_items').find((i) => i.title === 'each rerun costs twenty minutes of waiting')!.id;
    const selected = view.getAllByTestId('ranked-item').filter((r) => r.getAttribute('aria-selected') === 'true');
    expect(selected.map((r) => r.getAttribute('data-item-id'))).toEqual([String(quoted)]);
    expect((view.getByTestId('item-title-input') as HTMLInputElement).value).toBe('each rerun costs twenty minutes of waiting');
    expect(within(view.getByTestId('item-editor')).getAllByTestId('item-link')[0].getAttribute('data-kind')).toBe('quote');
  });
});
