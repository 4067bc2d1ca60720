import { fireEvent, render, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../App.svelte';
import { backendContext } from '../platform/backend';
import { FakeBackend, sampleSurvey } from '../platform/fake';
import { useDraftWorkspace } from '../util/draft';

const TEAM = 'Which team are you on?';
const GRID = 'How much do you agree with each statement?';

async function settle(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
}

async function openSurveys(fake: FakeBackend) {
  const view = render(App, { context: backendContext(fake) });
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
    useDraftWorkspace('/tmp/fake-workspace');
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('points to the Import view when there are no surveys', async () => {
    const view = await openSurveys(new FakeBackend());
    expect(view.getByTestId('nav-surveys').getAttribute('aria-current')).toBe('page');
    expect(text(view.getByTestId('surveys-empty'))).toContain('in the Import view');
    expect(view.queryByTestId('survey-summary')).toBeNull();
    await fireEvent.click(view.getByTestId('surveys-go-import'));
    await settle();
    expect(view.getByTestId('import-path')).toBeTruthy();
  });

  it('lists the surveys with format, respondents, questions, free-text answers and last import', async () => {
    const second = { ...sampleSurvey(7), name: 'Onboarding pulse', format: 'qualtrics', updated_at: '2025-01-15T08:00:00Z' };
    const fake = new FakeBackend({ surveys: [sampleSurvey(), second] });
    const view = await openSurveys(fake);
    const items = view.getAllByTestId('survey-item');
    expect(items).toHaveLength(2);
    // Most recently imported first.
    expect(text(items[0])).toContain('Platform survey 2025');
    expect(text(items[0])).toContain('Google Forms · 12 respondents · 8 questions');
    expect(text(items[0])).toContain('11 free-text answers');
    expect(items[0].querySelector('time')?.getAttribute('datetime')).toBe('2025-03-02T09:30:00Z');
    expect(text(items[1])).toContain('Onboarding pulse');
    expect(text(items[1])).toContain('Qualtrics');
    // The first survey opens by itself; another is one click away.
    expect(items[0].getAttribute('aria-current')).toBe('true');
    expect(fake.callsOf('surveySummary')).toEqual([[1, []]]);
    await fireEvent.click(items[1]);
    await settle();
    expect(fake.callsOf('surveySummary').at(-1)).toEqual([7, []]);
    expect(view.getByTestId('survey-summary').querySelector('h1')?.textContent).toBe('Onboarding pulse');
  });

  it('shows a card per question with the NPS score, Likert means, CSAT, numbers and free text', async () => {
    const view = await openSurveys(new FakeBackend({ surveys: [sampleSurvey()] }));
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
    expect(text(within(card(view, 'CI gives me feedback fast enough')).getByTestId('likert-mean'))).toBe('mean 2.9 / 5');
    expect(text(within(card(view, 'I can deploy without help')).getByTestId('likert-mean'))).toBe('mean 3.7 / 5');

    const sat = card(view, 'Overall, how satisfied are you with the internal platform?');
    expect(text(within(sat).getByTestId('likert-mean'))).toBe('mean 3.7 / 5');
    expect(text(within(sat).getByTestId('csat'))).toBe('CSAT 66.7%');

    const nps = card(view, 'How likely are you to recommend the platform to a colleague?');
    expect(within(nps).getByTestId('nps-score').textContent).toBe('+25');
    expect(text(nps)).toContain('6 promoters (50%)');
    expect(text(nps)).toContain('3 passives (25%)');
    expect(text(nps)).toContain('3 detractors (25%)');

    const tools = card(view, 'Which tools do you use every week?');
    expect(text(tools)).toContain('could pick several');

    const hours = card(view, 'How many hours a week do you wait on CI?');
    expect(text(hours)).toContain('11 of 12 answered');
    expect(text(hours)).toContain('mean 5.5');
    expect(text(hours)).toContain('min 0');
    expect(text(hours)).toContain('max 12');

    const fix = card(view, 'What is the one thing we should fix first?');
    expect(within(fix).getAllByTestId('text-example').map((e) => e.textContent)).toEqual([
      'Make CI faster on the monorepo; builds take forty minutes.',
      'Flaky integration tests block merges every week.',
      'The deploy pipeline needs a one-click rollback.',
    ]);
    expect(text(fix)).toContain('8 more answers');
  });

  it('gives every chart its counts as a table, in scale order', async () => {
    const view = await openSurveys(new FakeBackend({ surveys: [sampleSurvey()] }));
    const rows = (el: HTMLElement) =>
      [...within(el).getByTestId('chart-table').querySelectorAll('tbody tr')].map((r) =>
        [...r.children].map((c) => c.textContent),
      );
    expect(rows(card(view, 'CI gives me feedback fast enough'))).toEqual([
      ['Strongly disagree', '2', '17%'],
      ['Disagree', '3', '25%'],
      ['Neutral', '2', '17%'],
      ['Agree', '4', '33%'],
      ['Strongly agree', '1', '8%'],
    ]);
    const nps = rows(card(view, 'How likely are you to recommend the platform to a colleague?'));
    expect(nps.map((r) => r[0])).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(nps.map((r) => r[1])).toEqual(['0', '0', '0', '1', '0', '1', '1', '1', '2', '4', '2']);
    expect(rows(card(view, 'Which tools do you use every week?'))[0]).toEqual(['GitHub Actions', '8', '67%']);
    const caption = card(view, 'CI gives me feedback fast enough').querySelector('caption');
    expect(caption?.textContent).toContain('CI gives me feedback fast enough');
    // jsdom cannot draw: the canvas is skipped and the table is shown instead of hidden.
    expect(within(card(view, 'CI gives me feedback fast enough')).getByTestId('chart-table').classList.contains('visually-hidden')).toBe(false);
  });

  it('breaks each question down by team in a collapsible table', async () => {
    const view = await openSurveys(new FakeBackend({ surveys: [sampleSurvey()] }));
    const nps = card(view, 'How likely are you to recommend the platform to a colleague?');
    const breakdown = within(nps).getByTestId('team-breakdown') as HTMLDetailsElement;
    expect(breakdown.tagName).toBe('DETAILS');
    expect(breakdown.open).toBe(false);
    const rows = [...breakdown.querySelectorAll('tbody tr')].map((r) => [...r.children].map((c) => c.textContent));
    expect(rows).toEqual([
      ['Payments', '5', '+40', '8.4'],
      ['Checkout', '4', '\u221225', '6'],
      ['Platform', '3', '+66.7', '9'],
    ]);
    const sat = within(card(view, 'Overall, how satisfied are you with the internal platform?')).getByTestId('team-breakdown');
    expect(text(sat)).toContain('CSAT');
    expect(within(card(view, 'Which tools do you use every week?')).getByTestId('team-breakdown').textContent).toContain(
      'GitHub Actions (4)',
    );
    // Free text has no per-team figures.
    expect(within(card(view, 'What is the one thing we should fix first?')).queryByTestId('team-breakdown')).toBeNull();
  });

  it('re-fetches the summary with a facet filter and clears it', async () => {
    const fake = new FakeBackend({ surveys: [sampleSurvey()] });
    const view = await openSurveys(fake);
    const selects = view.getAllByTestId('facet-select') as HTMLSelectElement[];
    expect(selects.map((s) => s.dataset.column)).toEqual([TEAM, 'What is your role?', 'How long have you been here?']);
    const team = selects[0];
    expect([...team.options].map((o) => o.textContent)).toEqual(['All', 'Payments (5)', 'Checkout (4)', 'Platform (3)']);
    expect((view.getByTestId('clear-filters') as HTMLButtonElement).disabled).toBe(true);

    await fireEvent.change(team, { target: { value: 'Payments' } });
    await settle();
    expect(fake.callsOf('surveySummary').at(-1)).toEqual([1, [{ column: TEAM, value: 'Payments' }]]);
    expect(text(view.getByTestId('survey-respondents'))).toBe('5 of 12 respondents');
    expect(view.getByTestId('nps-score').textContent).toBe('+40');
    expect((view.getAllByTestId('facet-select')[0] as HTMLSelectElement).value).toBe('Payments');

    // A second facet narrows further; choosing "All" drops only that facet.
    await fireEvent.change(view.getAllByTestId('facet-select')[1], { target: { value: 'SRE' } });
    await settle();
    expect(fake.callsOf('surveySummary').at(-1)).toEqual([
      1,
      [
        { column: TEAM, value: 'Payments' },
        { column: 'What is your role?', value: 'SRE' },
      ],
    ]);
    expect(text(view.getByTestId('survey-respondents'))).toBe('1 of 12 respondents');
    await fireEvent.change(view.getAllByTestId('facet-select')[1], { target: { value: '' } });
    await settle();
    expect(fake.callsOf('surveySummary').at(-1)).toEqual([1, [{ column: TEAM, value: 'Payments' }]]);

    await fireEvent.click(view.getByTestId('clear-filters'));
    await settle();
    expect(fake.callsOf('surveySummary').at(-1)).toEqual([1, []]);
    expect(text(view.getByTestId('survey-respondents'))).toBe('12 respondents');
    expect(view.getByTestId('nps-score').textContent).toBe('+25');
    expect((view.getAllByTestId('facet-select')[0] as HTMLSelectElement).value).toBe('');
  });

  it('keeps the survey and its filters while the user looks at another view', async () => {
    const fake = new FakeBackend({ surveys: [sampleSurvey()] });
    const view = await openSurveys(fake);
    await fireEvent.change(view.getAllByTestId('facet-select')[0], { target: { value: 'Checkout' } });
    await settle();
    await fireEvent.click(view.getByTestId('nav-teams'));
    await settle();
    await fireEvent.click(view.getByTestId('nav-surveys'));
    await settle();
    expect(text(view.getByTestId('survey-respondents'))).toBe('4 of 12 respondents');
    expect(view.getByTestId('nps-score').textContent).toBe('\u221225');
  });

  it('shows free-text answers as text, never as HTML', async () => {
    const survey = sampleSurvey();
    const evil = '<img src=x onerror=alert(1)>';
    survey.respondents[0].fix = evil;
    survey.respondents[1].fix = '<b>bold</b> & <script>alert(2)</script>';
    const view = await openSurveys(new FakeBackend({ surveys: [survey] }));
    const examples = view.getAllByTestId('text-example');
    expect(examples[0].textContent).toBe(evil);
    expect(examples[1].textContent).toBe('<b>bold</b> & <script>alert(2)</script>');
    const summary = view.getByTestId('survey-summary');
    expect(summary.querySelector('img')).toBeNull();
    expect(summary.querySelector('script')).toBeNull();
    expect(examples[1].children).toHaveLength(0);
  });

  it('finds a free-text question\'s answers in Search', async () => {
    const fake = new FakeBackend({ surveys: [sampleSurvey()] });
    const view = await openSurveys(fake);
    await fireEvent.click(within(card(view, 'What is the one thing we should fix first?')).getByTestId('find-answers'));
    await settle();
    expect(view.getByTestId('nav-search').getAttribute('aria-current')).toBe('page');
    expect((view.getByTestId('search-input') as HTMLInputElement).value).toBe('"What is the one thing we"');
    expect(fake.callsOf('search').at(-1)).toEqual([
      { query: '"What is the one thing we"', limit: 50, offset: 0, sort: 'relevance', facets: true },
    ]);
    expect(view.getByTestId('result-count').textContent).toContain('11 results');
    expect(view.getAllByTestId('search-hit')[0].textContent).toContain('survey response');
  });

  it('forgets the survey when another workspace opens', async () => {
    const fake = new FakeBackend({ surveys: [sampleSurvey()] });
    fake.folderToPick = '/tmp/other';
    const view = await openSurveys(fake);
    expect(view.getAllByTestId('survey-item')).toHaveLength(1);
    fake.surveys = [];
    await fireEvent.click(view.getByTestId('open-folder'));
    await settle();
    expect(view.getByTestId('surveys-empty')).toBeTruthy();
  });
});
