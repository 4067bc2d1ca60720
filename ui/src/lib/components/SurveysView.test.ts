import { fireEvent, render, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import App from '../../App.svelte';
import type { SurveySummary } from '../bindings/SurveySummary';
import { backendContext } from '../platform/backend';
import { CoreBackend } from '../../test/core';
import {
  FIX,
  GRID,
  HOURS,
  NPS,
  ROLE,
  SATISFACTION,
  TEAM,
  TENURE,
  TOOLS,
  googleFormsCsv,
  importSurvey,
  platformRespondents,
  qualtricsCsv,
  surveys,
} from '../../test/seedSurveys';
import { useDraftWorkspace } from '../util/draft';

// The survey the tests read: 12 respondents as Google Forms exports them (src/test/seedSurveys.ts),
// named by the core from its file name.
const FILE = 'Platform survey 2025 (Responses).csv';

async function settle(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
}

/** A fresh workspace holding the platform survey (its answers as given). */
function withSurvey(csv = googleFormsCsv()): CoreBackend {
  const core = new CoreBackend();
  const report = importSurvey(core, FILE, csv);
  expect(report.rejected).toEqual([]);
  return core;
}

async function openSurveys(core: CoreBackend) {
  const view = render(App, { context: backendContext(core.backend) });
  await settle();
  await fireEvent.click(view.getByTestId('nav-surveys'));
  await settle();
  return view;
}

type View = Awaited<ReturnType<typeof openSurveys>>;

/** The card of the question whose title (grid item or question) is `title`. */
function card(view: View, title: string): HTMLElement {
  const found = view.getAllByTestId('question-card').find((c) => c.querySelector('h4')?.textContent === title);
  if (!found) throw new Error(`no card titled ${title}`);
  return found;
}

const text = (el: HTMLElement) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('SurveysView', () => {
  beforeEach(() => {
    localStorage.clear();
    useDraftWorkspace('/tmp/groundwork-ui-test');
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('points to the Import view when there are no surveys', async () => {
    const view = await openSurveys(new CoreBackend());
    expect(view.getByTestId('nav-surveys').getAttribute('aria-current')).toBe('page');
    expect(text(view.getByTestId('surveys-empty'))).toContain('in the Import view');
    expect(view.queryByTestId('survey-summary')).toBeNull();
    await fireEvent.click(view.getByTestId('surveys-go-import'));
    await settle();
    expect(view.getByTestId('import-path')).toBeTruthy();
  });

  it('lists the surveys with format, respondents, questions, free-text answers and last import', async () => {
    const core = new CoreBackend();
    // A Qualtrics export first, then the Google Forms one: the later import is listed first.
    expect(importSurvey(core, 'Onboarding pulse.csv', qualtricsCsv()).format).toBe('qualtrics');
    expect(importSurvey(core, FILE, googleFormsCsv()).format).toBe('google-forms');
    const [platform, onboarding] = surveys(core);
    expect([platform.name, onboarding.name]).toEqual(['Platform survey 2025', 'Onboarding pulse']);

    const view = await openSurveys(core);
    const items = view.getAllByTestId('survey-item');
    expect(items).toHaveLength(2);
    expect(text(items[0])).toContain('Platform survey 2025');
    // 12 rows; team, role and tenure are attributes, the other 8 columns questions; one of the
    // 12 left the free-text question empty.
    expect(text(items[0])).toContain('Google Forms · 12 respondents · 8 questions');
    expect(text(items[0])).toContain('11 free-text answers');
    expect(items[0].querySelector('time')?.getAttribute('datetime')).toBe(platform.updated_at);
    expect(text(items[1])).toContain('Onboarding pulse');
    expect(text(items[1])).toContain('Qualtrics · 3 respondents · 2 questions');
    expect(items[1].querySelector('time')?.getAttribute('datetime')).toBe(onboarding.updated_at);
    // The first survey opens by itself; another is one click away.
    expect(items[0].getAttribute('aria-current')).toBe('true');
    expect(core.callsOf('surveySummary')).toEqual([[platform.id, []]]);
    await fireEvent.click(items[1]);
    await settle();
    expect(core.callsOf('surveySummary').at(-1)).toEqual([onboarding.id, []]);
    expect(view.getByTestId('survey-summary').querySelector('h1')?.textContent).toBe('Onboarding pulse');
    expect(view.getAllByTestId('survey-item')[1].getAttribute('aria-current')).toBe('true');
  });

  it('shows a card per question with the NPS score, Likert means, CSAT, numbers and free text', async () => {
    const view = await openSurveys(withSurvey());
    expect(text(view.getByTestId('survey-respondents'))).toBe('12 respondents');
    const roles = view.getAllByTestId('question-card').map((c) => c.dataset.role);
    expect(roles).toEqual(['likert', 'likert', 'likert', 'likert', 'nps', 'multiple', 'numeric', 'text']);

    // The grid's rows sit under their stem, each titled by its item.
    const grid = view.getByRole('region', { name: GRID });
    expect(within(grid).getAllByTestId('question-card').map((c) => c.querySelector('h4')?.textContent)).toEqual([
      'CI gives me feedback fast enough',
      'I can deploy without help',
      'I can find the docs I need',
    ]);
    // Scored 1–5 along the scale: (2+1+2+3+4+1+2+3+4+5+4+4) / 12 = 2.92, and 44 / 12 = 3.67.
    expect(text(within(card(view, 'CI gives me feedback fast enough')).getByTestId('likert-mean'))).toBe('mean 2.9 / 5');
    expect(text(within(card(view, 'I can deploy without help')).getByTestId('likert-mean'))).toBe('mean 3.7 / 5');

    // 44 / 12 = 3.67; satisfied or very satisfied: 8 of 12 = 66.7 %.
    const sat = card(view, SATISFACTION);
    expect(text(within(sat).getByTestId('likert-mean'))).toBe('mean 3.7 / 5');
    expect(text(within(sat).getByTestId('csat'))).toBe('CSAT 66.7%');

    // 9–10: 6 promoters; 7–8: 3 passives; 0–6: 3 detractors. (6 − 3) / 12 = +25.
    const nps = card(view, NPS);
    expect(within(nps).getByTestId('nps-score').textContent).toBe('+25');
    expect(text(nps)).toContain('6 promoters (50%)');
    expect(text(nps)).toContain('3 passives (25%)');
    expect(text(nps)).toContain('3 detractors (25%)');

    const tools = card(view, TOOLS);
    expect(text(tools)).toContain('could pick several');

    // One left it empty; the other 11 sum to 60: mean 5.45.
    const hours = card(view, HOURS);
    expect(text(hours)).toContain('11 of 12 answered');
    expect(text(hours)).toContain('mean 5.5');
    expect(text(hours)).toContain('min 0');
    expect(text(hours)).toContain('max 12');

    // The first three answers to read, then how many more there are (11 − 3).
    const fix = card(view, FIX);
    expect(within(fix).getAllByTestId('text-example').map((e) => e.textContent)).toEqual([
      'Make CI faster on the monorepo; builds take forty minutes.',
      'Flaky integration tests block merges every week.',
      'The deploy pipeline needs a one-click rollback.',
    ]);
    expect(text(fix)).toContain('8 more answers');
  });

  it('gives every chart its counts as a table, in scale order', async () => {
    const view = await openSurveys(withSurvey());
    const rows = (el: HTMLElement) =>
      [...within(el).getByTestId('chart-table').querySelectorAll('tbody tr')].map((r) =>
        [...r.children].map((c) => c.textContent),
      );
    // Counted from the file: the CI row's answers are 2,1,2,3,4,1,2,3,4,5,4,4 of 12.
    expect(rows(card(view, 'CI gives me feedback fast enough'))).toEqual([
      ['Strongly disagree', '2', '17%'],
      ['Disagree', '3', '25%'],
      ['Neutral', '2', '17%'],
      ['Agree', '4', '33%'],
      ['Strongly agree', '1', '8%'],
    ]);
    const nps = rows(card(view, NPS));
    expect(nps.map((r) => r[0])).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(nps.map((r) => r[1])).toEqual(['0', '0', '0', '1', '0', '1', '1', '1', '2', '4', '2']);
    expect(rows(card(view, TOOLS))[0]).toEqual(['GitHub Actions', '8', '67%']);
    const caption = card(view, 'CI gives me feedback fast enough').querySelector('caption');
    expect(caption?.textContent).toContain('CI gives me feedback fast enough');
    // jsdom cannot draw: the canvas is skipped and the table is shown instead of hidden.
    expect(within(card(view, 'CI gives me feedback fast enough')).getByTestId('chart-table').classList.contains('visually-hidden')).toBe(false);
  });

  it('breaks each question down by team in a collapsible table', async () => {
    const view = await openSurveys(withSurvey());
    const nps = card(view, NPS);
    const breakdown = within(nps).getByTestId('team-breakdown') as HTMLDetailsElement;
    expect(breakdown.tagName).toBe('DETAILS');
    expect(breakdown.open).toBe(false);
    const rows = [...breakdown.querySelectorAll('tbody tr')].map((r) => [...r.children].map((c) => c.textContent));
    // Payments 9,10,6,8,9: (3 − 1) / 5 = +40, mean 8.4. Checkout 3,7,5,9: (1 − 2) / 4 = −25,
    // mean 6. Platform 10,9,8: 2 / 3 = +66.7, mean 9.
    expect(rows).toEqual([
      ['Payments', '5', '+40', '8.4'],
      ['Checkout', '4', '\u221225', '6'],
      ['Platform', '3', '+66.7', '9'],
    ]);
    const sat = within(card(view, SATISFACTION)).getByTestId('team-breakdown');
    expect(text(sat)).toContain('CSAT');
    // Payments: GitHub Actions in 4 of its 5 answers.
    expect(within(card(view, TOOLS)).getByTestId('team-breakdown').textContent).toContain('GitHub Actions (4)');
    // Free text has no per-team figures.
    expect(within(card(view, FIX)).queryByTestId('team-breakdown')).toBeNull();
  });

  it('re-fetches the summary with a facet filter and clears it', async () => {
    const core = withSurvey();
    const [{ id }] = surveys(core);
    const view = await openSurveys(core);
    const selects = view.getAllByTestId('facet-select') as HTMLSelectElement[];
    expect(selects.map((s) => s.dataset.column)).toEqual([TEAM, ROLE, TENURE]);
    const team = selects[0];
    expect([...team.options].map((o) => o.textContent)).toEqual(['All', 'Payments (5)', 'Checkout (4)', 'Platform (3)']);
    expect((view.getByTestId('clear-filters') as HTMLButtonElement).disabled).toBe(true);

    await fireEvent.change(team, { target: { value: 'Payments' } });
    await settle();
    expect(core.callsOf('surveySummary').at(-1)).toEqual([id, [{ column: TEAM, value: 'Payments' }]]);
    expect(text(view.getByTestId('survey-respondents'))).toBe('5 of 12 respondents');
    // Payments alone: +40, as in the breakdown.
    expect(view.getByTestId('nps-score').textContent).toBe('+40');
    expect((view.getAllByTestId('facet-select')[0] as HTMLSelectElement).value).toBe('Payments');

    // A second facet narrows further; choosing "All" drops only that facet.
    await fireEvent.change(view.getAllByTestId('facet-select')[1], { target: { value: 'SRE' } });
    await settle();
    expect(core.callsOf('surveySummary').at(-1)).toEqual([
      id,
      [
        { column: TEAM, value: 'Payments' },
        { column: ROLE, value: 'SRE' },
      ],
    ]);
    // The one SRE in Payments.
    expect(text(view.getByTestId('survey-respondents'))).toBe('1 of 12 respondents');
    await fireEvent.change(view.getAllByTestId('facet-select')[1], { target: { value: '' } });
    await settle();
    expect(core.callsOf('surveySummary').at(-1)).toEqual([id, [{ column: TEAM, value: 'Payments' }]]);
    expect(text(view.getByTestId('survey-respondents'))).toBe('5 of 12 respondents');

    await fireEvent.click(view.getByTestId('clear-filters'));
    await settle();
    expect(core.callsOf('surveySummary').at(-1)).toEqual([id, []]);
    expect(text(view.getByTestId('survey-respondents'))).toBe('12 respondents');
    expect(view.getByTestId('nps-score').textContent).toBe('+25');
    expect((view.getAllByTestId('facet-select')[0] as HTMLSelectElement).value).toBe('');
  });

  it('keeps the survey and its filters while the user looks at another view', async () => {
    const core = withSurvey();
    const view = await openSurveys(core);
    await fireEvent.change(view.getAllByTestId('facet-select')[0], { target: { value: 'Checkout' } });
    await settle();
    await fireEvent.click(view.getByTestId('nav-teams'));
    await settle();
    await fireEvent.click(view.getByTestId('nav-surveys'));
    await settle();
    // Checkout alone: 4 respondents, −25 (the breakdown's figure).
    expect(text(view.getByTestId('survey-respondents'))).toBe('4 of 12 respondents');
    expect(view.getByTestId('nps-score').textContent).toBe('\u221225');
  });

  it('shows free-text answers as text, never as HTML', async () => {
    const respondents = platformRespondents();
    const evil = '<img src=x onerror=alert(1)>';
    respondents[0].fix = evil;
    respondents[1].fix = '<b>bold</b> & <script>alert(2)</script>';
    const core = withSurvey(googleFormsCsv(respondents));
    // The core keeps the answers exactly as typed.
    const [{ id }] = surveys(core);
    const summary = core.run<SurveySummary>('survey_summary', { id, filters: [] });
    expect(summary.questions.find((q) => q.text === FIX)?.examples.slice(0, 2)).toEqual([evil, '<b>bold</b> & <script>alert(2)</script>']);

    const view = await openSurveys(core);
    const examples = view.getAllByTestId('text-example');
    expect(examples[0].textContent).toBe(evil);
    expect(examples[1].textContent).toBe('<b>bold</b> & <script>alert(2)</script>');
    const shown = view.getByTestId('survey-summary');
    expect(shown.querySelector('img')).toBeNull();
    expect(shown.querySelector('script')).toBeNull();
    expect(examples[1].children).toHaveLength(0);
  });

  it("finds a free-text question's answers in Search", async () => {
    const core = withSurvey();
    const view = await openSurveys(core);
    await fireEvent.click(within(card(view, FIX)).getByTestId('find-answers'));
    await settle();
    expect(view.getByTestId('nav-search').getAttribute('aria-current')).toBe('page');
    expect((view.getByTestId('search-input') as HTMLInputElement).value).toBe('"What is the one thing we"');
    expect(core.callsOf('search').at(-1)).toEqual([
      { query: '"What is the one thing we"', limit: 50, offset: 0, sort: 'relevance', facets: true },
    ]);
    // Each of the 11 answers is a document of its own.
    expect(view.getByTestId('result-count').textContent).toContain('11 results');
    expect(view.getAllByTestId('search-hit')).toHaveLength(11);
    expect(view.getAllByTestId('search-hit')[0].textContent).toContain('survey response');
  });

  it('forgets the survey when another workspace opens', async () => {
    const core = withSurvey();
    core.folderToPick = join(core.documents, 'other');
    const view = await openSurveys(core);
    expect(view.getAllByTestId('survey-item')).toHaveLength(1);
    await fireEvent.click(view.getByTestId('open-folder'));
    await settle();
    expect(core.callsOf('openWorkspace')).toEqual([[core.folderToPick]]);
    expect(view.getByTestId('surveys-empty')).toBeTruthy();
    expect(view.queryByTestId('survey-item')).toBeNull();
    expect(view.queryByTestId('survey-summary')).toBeNull();
  });
});
