import { fireEvent, render, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../../App.svelte';
import type { MetricsRequest } from '../../bindings/MetricsRequest';
import { apiError, backendContext } from '../../platform/backend';
import { CoreBackend } from '../../../test/core';
import { seedMarch } from '../../../test/seedMetrics';
import { useDraftWorkspace } from '../../util/draft';

async function settle(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
}

const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();

/** A table row's cells, each as read. */
const cellsOf = (row: Element) => [...row.children].map(text);

/**
 * March 2026, imported from real files (src/test/seedMetrics.ts). Payments deploys every weekday
 * (20 deployments, 10 h lead time, none failed); Checkout every Tuesday (4, 200 h lead time, the
 * first failed). One incident each: Checkout restored in 2 h, Payments in 1 h. An
 * organization-wide NPS of 30 at the end of the month.
 */
function march(): CoreBackend {
  const core = new CoreBackend();
  seedMarch(core);
  return core;
}

async function openMetrics(core: CoreBackend) {
  const view = render(App, { context: backendContext(core.backend) });
  await settle();
  await fireEvent.click(view.getByTestId('nav-metrics'));
  await settle();
  return view;
}

type View = Awaited<ReturnType<typeof openMetrics>>;

function cards(view: View) {
  return view.queryAllByTestId('metric-card').map((c) => ({
    metric: c.getAttribute('data-metric'),
    team: c.getAttribute('data-team'),
    overall: text(within(c).getByTestId('metric-overall')),
    band: within(c).queryByTestId('metric-band') ? text(within(c).getByTestId('metric-band')) : null,
  }));
}

function card(view: View, metric: string): HTMLElement {
  return view.getAllByTestId('metric-card').find((c) => c.getAttribute('data-metric') === metric)!;
}

const lastRequest = (core: CoreBackend) => core.callsOf('metricsView').at(-1)![0] as MetricsRequest;

describe('MetricsView', () => {
  beforeEach(() => {
    localStorage.clear();
    useDraftWorkspace('/tmp/groundwork-ui-test');
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('sits after Roadmap and explains what to import while there are no metrics', async () => {
    const view = await openMetrics(new CoreBackend());
    const nav = [...view.container.querySelectorAll('nav button')].map((b) => b.getAttribute('data-testid'));
    expect(nav.indexOf('nav-metrics')).toBe(nav.indexOf('nav-roadmap') + 1);
    expect(view.getByTestId('nav-metrics').getAttribute('aria-current')).toBe('page');
    const empty = text(view.getByTestId('metrics-empty'));
    expect(empty).toContain('Deployments: the time of each deployment, its team or service, its lead time (or the commit');
    expect(empty).toContain('Incidents: when each was opened and resolved');
    expect(empty).toContain('Series: ready-made values with a date, a team, the metric');
    expect(view.queryAllByTestId('metric-card')).toHaveLength(0);
  });

  it("shows the organization's cards with values, bands, charts and band legends", async () => {
    const core = march();
    const view = await openMetrics(core);
    expect(lastRequest(core)).toEqual({ team: null, metric: null, by: 'month', from: null, to: null });
    expect((view.getByTestId('metrics-team') as HTMLSelectElement).value).toBe('');
    expect((view.getByTestId('metrics-by') as HTMLSelectElement).value).toBe('month');
    expect([...(view.getByTestId('metrics-team') as HTMLSelectElement).options].map((o) => o.value)).toEqual(['', 'Checkout', 'Payments']);

    // 24 deployments in the month (weekly to daily), median lead time 10 h (under a day), 1 failed
    // of 24 (4.2 %), restore times 2 h and 1 h (median 1.5 h: under a day).
    expect(cards(view)).toEqual([
      { metric: 'deployment_frequency', team: '', overall: '24 per month', band: 'High' },
      { metric: 'lead_time', team: '', overall: '10 h', band: 'Elite' },
      { metric: 'change_failure_rate', team: '', overall: '4.2 %', band: 'Elite' },
      { metric: 'time_to_restore', team: '', overall: '1.5 h', band: 'High' },
      { metric: 'nps', team: '', overall: '+30', band: null },
    ]);
    const df = card(view, 'deployment_frequency');
    expect(text(within(df).getByTestId('metric-samples'))).toBe('24 deployments');
    expect(text(within(card(view, 'lead_time')).getByTestId('metric-samples'))).toBe('24 deployments with a lead time · lower is better');
    expect(within(df).getByTestId('metric-band').classList.contains('band-high')).toBe(true);

    // The band legend under each DORA card, none under a series.
    const legend = within(df).getByTestId('metric-legend');
    expect([...legend.querySelectorAll('li')].map(text)).toEqual([
      'Elite daily or more (on demand)',
      'High weekly to daily',
      'Medium monthly to weekly',
      'Low less than monthly',
    ]);
    expect(text(within(card(view, 'change_failure_rate')).getByTestId('metric-legend'))).toContain('Low over 15 %');
    expect(within(card(view, 'nps')).queryByTestId('metric-legend')).toBeNull();

    // No canvas here: each chart's table is shown, one row per period with its band.
    const table = within(df).getByTestId('metric-chart-table');
    expect(table.classList.contains('visually-hidden')).toBe(false);
    expect(text(table.querySelector('caption')!)).toBe('Deployment frequency, all teams, per month');
    expect([...table.querySelectorAll('thead th')].map(text)).toEqual(['Month', 'Deployment frequency', 'Band', 'Deployments']);
    expect(within(df).getAllByTestId('metric-point').map(cellsOf)).toEqual([['Mar 2026', '24 per month', 'High', '24']]);
  });

  it('re-queries for a team and for weeks', async () => {
    const core = march();
    const view = await openMetrics(core);

    await fireEvent.change(view.getByTestId('metrics-team'), { target: { value: 'Checkout' } });
    await settle();
    expect(lastRequest(core)).toEqual({ team: 'Checkout', metric: null, by: 'month', from: null, to: null });
    // 4 deployments in a month (monthly to weekly), 200 h = 8.3 days (a week to a month), 1 of 4
    // failed, 2 h to restore.
    expect(cards(view)).toEqual([
      { metric: 'deployment_frequency', team: 'Checkout', overall: '4 per month', band: 'Medium' },
      { metric: 'lead_time', team: 'Checkout', overall: '8.3 days', band: 'Medium' },
      { metric: 'change_failure_rate', team: 'Checkout', overall: '25 %', band: 'Low' },
      { metric: 'time_to_restore', team: 'Checkout', overall: '2 h', band: 'High' },
    ]);

    await fireEvent.change(view.getByTestId('metrics-by'), { target: { value: 'week' } });
    await settle();
    expect(lastRequest(core)).toEqual({ team: 'Checkout', metric: null, by: 'week', from: null, to: null });
    const df = card(view, 'deployment_frequency');
    expect(text(within(df).getByTestId('metric-overall'))).toBe('0.8 per week');
    // One deployment a week is weekly; the last week (Monday 30 March, up to the NPS on the 31st)
    // had none. 4 deployments over those 5 weeks: 0.8 a week.
    expect(within(df).getAllByTestId('metric-point').map((p) => [text(p.querySelector('th')!), p.getAttribute('data-band')])).toEqual([
      ['2026-W10', 'high'],
      ['2026-W11', 'high'],
      ['2026-W12', 'high'],
      ['2026-W13', 'high'],
      ['2026-W14', 'low'],
    ]);
    expect(text(within(df).getByTestId('metric-chart-table').querySelector('caption')!)).toBe('Deployment frequency, Checkout, per week');

    // Back to every team: the organization's cards, still by week (24 deployments in 5 weeks).
    await fireEvent.change(view.getByTestId('metrics-team'), { target: { value: '' } });
    await settle();
    expect(lastRequest(core)).toEqual({ team: null, metric: null, by: 'week', from: null, to: null });
    expect(cards(view).map((c) => [c.metric, c.team, c.overall])).toEqual([
      ['deployment_frequency', '', '4.8 per week'],
      ['lead_time', '', '10 h'],
      ['change_failure_rate', '', '4.2 %'],
      ['time_to_restore', '', '1.5 h'],
      ['nps', '', '+30'],
    ]);

    // The choice outlives a visit to another view.
    await fireEvent.click(view.getByTestId('nav-roadmap'));
    await settle();
    await fireEvent.click(view.getByTestId('nav-metrics'));
    await settle();
    expect((view.getByTestId('metrics-by') as HTMLSelectElement).value).toBe('week');
  });

  it('imports a file, shows what it stored and the rejected rows, and draws the new metrics', async () => {
    const core = new CoreBackend();
    const deploys = core.file(
      'deploys.csv',
      [
        'deployment_id,team,deployed_at,commit_at,failed',
        'a1,Payments,2026-05-04T12:00:00Z,2026-05-04T08:00:00Z,no',
        'a2,Payments,2026-05-05T12:00:00Z,2026-05-06T08:00:00Z,no',
        'a3,Payments,2026-05-06T12:00:00Z,2026-05-06T10:00:00Z,yes',
        'a4,Payments,May 7th,2026-05-06T10:00:00Z,no',
        'a5,Checkout,2026-05-08T12:00:00Z,2026-05-07T12:00:00Z,no',
      ].join('\n'),
    );
    const view = await openMetrics(core);
    expect(view.getByTestId('metrics-empty')).toBeTruthy();

    // Cancelled: nothing imported.
    await fireEvent.click(view.getByTestId('metrics-import'));
    await settle();
    expect(core.callsOf('pickMetricsFile')).toHaveLength(1);
    expect(core.callsOf('importMetrics')).toHaveLength(0);

    core.metricsFileToPick = deploys;
    await fireEvent.click(view.getByTestId('metrics-import'));
    await settle();
    expect(core.callsOf('importMetrics')).toEqual([[deploys, { kind: null, map: [] }]]);
    const report = view.getByTestId('metrics-import-report');
    expect(text(report)).toContain('deploys.csv (deployments): 3 imported, 0 updated, 2 rejected');
    // The core's reasons, with the file's line numbers (the header is line 1).
    expect(view.getAllByTestId('metrics-rejected-row').map(cellsOf)).toEqual([
      ['3', 'commit_at', 'the commit (2026-05-06T08:00:00Z) is after the deployment (2026-05-05T12:00:00Z)'],
      ['5', 'deployed_at', 'invalid date "May 7th": unknown month "th"'],
    ]);
    // The view reloads: 3 deployments, lead times 4 h, 2 h, 24 h (median 4 h), 1 failed.
    expect(view.queryByTestId('metrics-empty')).toBeNull();
    expect(cards(view)).toEqual([
      { metric: 'deployment_frequency', team: '', overall: '3 per month', band: 'Medium' },
      { metric: 'lead_time', team: '', overall: '4 h', band: 'Elite' },
      { metric: 'change_failure_rate', team: '', overall: '33.3 %', band: 'Low' },
    ]);

    // The picked file stays in the path field; the same file again updates the rows it holds.
    const path = view.getByTestId('metrics-import-path') as HTMLInputElement;
    expect(path.value).toBe(deploys);
    await fireEvent.click(view.getByTestId('metrics-import-submit'));
    await settle();
    expect(core.callsOf('pickMetricsFile')).toHaveLength(2);
    expect(core.callsOf('importMetrics').at(-1)).toEqual([deploys, { kind: null, map: [] }]);
    expect(text(view.getByTestId('metrics-import-counts'))).toBe('0 imported, 3 updated, 2 rejected');

    // A path typed by hand, without the dialog.
    const incidents = core.file('incidents.csv', 'incident_id,team,opened_at,resolved_at\ni1,Payments,2026-05-05T10:00:00Z,2026-05-05T10:30:00Z');
    await fireEvent.input(path, { target: { value: incidents } });
    await fireEvent.click(view.getByTestId('metrics-import-submit'));
    await settle();
    expect(core.callsOf('pickMetricsFile')).toHaveLength(2);
    expect(core.callsOf('importMetrics').at(-1)).toEqual([incidents, { kind: null, map: [] }]);
    expect(text(view.getByTestId('metrics-import-report'))).toContain('incidents.csv (incidents): 1 imported, 0 updated, 0 rejected');
    expect(view.queryAllByTestId('metrics-rejected-row')).toHaveLength(0);
    // Opened 10:00, resolved 10:30.
    expect(text(within(card(view, 'time_to_restore')).getByTestId('metric-overall'))).toBe('30 min');

    // A file it cannot read: the error, and the last report goes.
    const people = core.file('people.csv', 'name,age\nAda,36');
    core.metricsFileToPick = people;
    await fireEvent.click(view.getByTestId('metrics-import'));
    await settle();
    expect(text(view.getByTestId('metrics-error'))).toContain(`cannot tell whether ${people} holds deployments, incidents or series`);
    expect(view.queryByTestId('metrics-import-report')).toBeNull();
    expect(view.getAllByTestId('metric-card')).toHaveLength(4);

    // Nothing typed: nothing to import.
    await fireEvent.input(path, { target: { value: '  ' } });
    expect((view.getByTestId('metrics-import-submit') as HTMLButtonElement).disabled).toBe(true);
  });

  it('imports a typed path as the host confirms it, and nothing when the user cancels there (the app)', async () => {
    const core = new CoreBackend();
    const typed = core.file('typed.csv', 'incident_id,team,opened_at,resolved_at\ni1,Payments,2026-05-05T10:00:00Z,2026-05-05T10:30:00Z');
    const chosen = core.file('chosen.csv', 'incident_id,team,opened_at,resolved_at\ni2,Checkout,2026-05-05T10:00:00Z,2026-05-05T11:00:00Z');
    const view = await openMetrics(core);
    const path = view.getByTestId('metrics-import-path') as HTMLInputElement;
    await fireEvent.input(path, { target: { value: typed } });

    // The app asks in its open dialog, starting at the typed path; the user cancels.
    core.answerNext('confirmPath', null);
    await fireEvent.click(view.getByTestId('metrics-import-submit'));
    await settle();
    expect(core.callsOf('confirmPath')).toEqual([[typed, 'open']]);
    expect(core.callsOf('importMetrics')).toHaveLength(0);

    // Then picks another file there: that one is imported, and shown in the field.
    core.answerNext('confirmPath', chosen);
    await fireEvent.click(view.getByTestId('metrics-import-submit'));
    await settle();
    expect(core.callsOf('importMetrics')).toEqual([[chosen, { kind: null, map: [] }]]);
    expect(path.value).toBe(chosen);
    expect(text(view.getByTestId('metrics-import-report'))).toContain('chosen.csv (incidents): 1 imported');
  });

  it('shows a failure to read the metrics', async () => {
    const core = march();
    core.failNext('metricsView', apiError('database', 'database is locked'));
    const view = await openMetrics(core);
    expect(text(view.getByTestId('metrics-error'))).toBe('database is locked');
    expect(view.queryByTestId('metrics-empty')).toBeNull();
    await fireEvent.change(view.getByTestId('metrics-by'), { target: { value: 'week' } });
    await settle();
    expect(view.queryByTestId('metrics-error')).toBeNull();
    expect(view.getAllByTestId('metric-card')).toHaveLength(5);
  });
});
