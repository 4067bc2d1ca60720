import { describe, expect, it } from 'vitest';
import type { ItemInput } from '../bindings/ItemInput';
import type { MetricsRequest } from '../bindings/MetricsRequest';
import { FakeBackend } from './fake';
import { band, parseTime } from './fakeMetrics';
import { itemInput } from '../../test/helpers';

const req = (over: Partial<MetricsRequest> = {}): MetricsRequest => ({ team: null, metric: null, by: 'week', from: null, to: null, ...over });

function item(title: string, over: Partial<ItemInput> = {}): Omit<ItemInput, 'id'> {
  return itemInput(title, over);
}

/** Four deployments over three ISO weeks (the middle one empty) and two incidents. */
function threeWeeks(): FakeBackend {
  const fake = new FakeBackend();
  const m = fake.metrics;
  m.addDeploy({ team: 'Payments', at: '2026-01-05T10:00:00Z', leadH: 10 });
  m.addDeploy({ team: 'Payments', at: '2026-01-05T15:00:00Z', leadH: 30 });
  m.addDeploy({ team: 'Checkout', at: '2026-01-07T09:00:00Z', leadH: 50, failed: true });
  m.addDeploy({ team: 'Checkout', at: '2026-01-19T09:00:00Z', leadH: null });
  m.addIncident({ team: 'Checkout', opened: '2026-01-07T10:00:00Z', resolved: '2026-01-07T13:00:00Z' });
  m.addIncident({ team: 'Checkout', opened: '2026-01-08T10:00:00Z', resolved: null });
  return fake;
}

describe('FakeMetrics', () => {
  it('bands with the State of DevOps thresholds', () => {
    expect(band('deployment_frequency', 7, 7)).toBe('elite');
    expect(band('deployment_frequency', 1, 7)).toBe('high');
    expect(band('deployment_frequency', 1, 30)).toBe('medium');
    expect(band('deployment_frequency', 1, 31)).toBe('low');
    expect(band('lead_time', 23.9, 1)).toBe('elite');
    expect(band('lead_time', 24, 1)).toBe('high');
    expect(band('lead_time', 168, 1)).toBe('medium');
    expect(band('lead_time', 720, 1)).toBe('low');
    expect(band('change_failure_rate', 0.05, 1)).toBe('elite');
    expect(band('change_failure_rate', 0.1, 1)).toBe('high');
    expect(band('change_failure_rate', 0.15, 1)).toBe('medium');
    expect(band('change_failure_rate', 0.16, 1)).toBe('low');
    expect(band('time_to_restore', 0.5, 1)).toBe('elite');
    expect(band('time_to_restore', 23, 1)).toBe('high');
    expect(band('time_to_restore', 100, 1)).toBe('medium');
    expect(band('time_to_restore', 168, 1)).toBe('low');
    expect(band('nps', 30, 1)).toBeNull();
    expect(parseTime('2026-01-05 10:00+02:00')).toBe(Date.UTC(2026, 0, 5, 8));
    expect(parseTime('2026-02-30')).toBeNull();
  });

  it('computes the DORA metrics per ISO week, empty weeks filled in, the organization first', async () => {
    const fake = threeWeeks();
    const view = await fake.metricsView(req());
    expect(view.teams).toEqual(['Checkout', 'Payments']);
    expect(view.metrics).toEqual(['deployment_frequency', 'lead_time', 'change_failure_rate', 'time_to_restore']);
    expect([view.from, view.to]).toEqual(['2026-01-05', '2026-01-19']);
    expect(view.lines.map((l) => `${l.team || 'org'}:${l.metric}`)).toEqual([
      'org:deployment_frequency',
      'org:lead_time',
      'org:change_failure_rate',
      'org:time_to_restore',
      'Checkout:deployment_frequency',
      'Checkout:lead_time',
      'Checkout:change_failure_rate',
      'Checkout:time_to_restore',
      'Payments:deployment_frequency',
      'Payments:lead_time',
      'Payments:change_failure_rate',
    ]);
    const [df, lt, cfr, ttr] = view.lines;
    expect(df.points.map((p) => [p.period, p.start, p.value, p.band])).toEqual([
      ['2026-W02', '2026-01-05', 3, 'high'],
      ['2026-W03', '2026-01-12', 0, 'low'],
      ['2026-W04', '2026-01-19', 1, 'high'],
    ]);
    // 4 deployments over 3 weeks: 1.33 a week, 4 in 21 days is weekly or more.
    expect(df.overall).toBeCloseTo(4 / 3);
    expect([df.band, df.unit, df.samples]).toEqual(['high', 'deploys', 4]);
    expect(lt.points.map((p) => p.value)).toEqual([30, null, null]);
    expect([lt.overall, lt.band, lt.samples, lt.lower_is_better]).toEqual([30, 'high', 3, true]);
    expect(cfr.points.map((p) => [p.value, p.band])).toEqual([
      [1 / 3, 'low'],
      [null, null],
      [0, 'elite'],
    ]);
    expect([cfr.overall, cfr.band]).toEqual([0.25, 'low']);
    // The open incident is left out.
    expect([ttr.overall, ttr.band, ttr.samples]).toEqual([3, 'high', 1]);
    expect(view.bands.map((b) => b.metric)).toEqual(view.metrics);
    expect(view.bands[0].thresholds).toEqual(['daily or more (on demand)', 'weekly to daily', 'monthly to weekly', 'less than monthly']);
    expect(view.events).toBe(6);

    // By month: one period; 4 deployments in January is monthly to weekly.
    const month = await fake.metricsView(req({ by: 'month' }));
    expect(month.lines[0].points.map((p) => [p.period, p.value, p.band])).toEqual([['2026-01', 4, 'medium']]);
  });

  it('shows one team, by any case, and names the teams when it has none', async () => {
    const fake = threeWeeks();
    const view = await fake.metricsView(req({ team: 'payments' }));
    expect(view.lines.map((l) => [l.team, l.metric])).toEqual([
      ['Payments', 'deployment_frequency'],
      ['Payments', 'lead_time'],
      ['Payments', 'change_failure_rate'],
    ]);
    expect(view.lines[0].points.map((p) => p.value)).toEqual([2, 0, 0]);
    await expect(fake.metricsView(req({ team: 'Mobile' }))).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'team',
      message: 'no metrics for team "Mobile"; teams with metrics: Checkout, Payments',
    });
  });

  it('imports deployments, rejecting bad rows by line and column, and updates on a re-import', async () => {
    const fake = new FakeBackend();
    fake.importFiles.set(
      '/x/deploys.csv',
      [
        'deploy_id,service,team,deployed_at,lead_time_min,rolled_back',
        'd1,api,Payments,2026-03-02T10:00:00Z,120,false',
        'd2,api,Payments,yesterday,60,false',
        'd3,api,Payments,2026-03-03T10:00:00Z,90,maybe',
        'd4,web,Checkout,2026-03-04 09:30,600,true',
      ].join('\n'),
    );
    const report = await fake.importMetrics('/x/deploys.csv', { kind: null, map: [] });
    expect(report).toMatchObject({ kind: 'deployments', imported: 2, updated: 0 });
    expect(report.rejected).toEqual([
      { line: 3, field: 'deployed_at', reason: 'cannot read "yesterday" as a date and time' },
      { line: 4, field: 'rolled_back', reason: 'expected true or false, found "maybe"' },
    ]);
    expect(report.columns.map((c) => `${c.header}=${c.field}`)).toEqual([
      'deploy_id=key',
      'service=service',
      'team=team',
      'deployed_at=deployed_at',
      'lead_time_min=lead_time_h',
      'rolled_back=failed',
    ]);
    // Minutes read as hours.
    expect(fake.metrics.deploys.map((d) => [d.team, d.leadH, d.failed])).toEqual([
      ['Payments', 2, false],
      ['Checkout', 10, true],
    ]);
    const again = await fake.importMetrics('/x/deploys.csv', { kind: null, map: [] });
    expect([again.imported, again.updated]).toEqual([0, 2]);
    expect(fake.metrics.deploys).toHaveLength(2);

    fake.importFiles.set('/x/what.csv', 'a,b\n1,2');
    await expect(fake.importMetrics('/x/what.csv', { kind: null, map: [] })).rejects.toMatchObject({ code: 'invalid_input', field: 'kind' });
    await expect(fake.importMetrics('/x/none.csv', { kind: null, map: [] })).rejects.toMatchObject({ code: 'io' });
  });

  it('imports incidents and series from JSON and CSV', async () => {
    const fake = new FakeBackend();
    fake.importFiles.set(
      '/x/incidents.json',
      JSON.stringify({
        incidents: [
          { id: 'INC-1', team: 'Checkout', opened_at: '2026-03-02T10:00:00Z', resolved_at: '2026-03-02T12:30:00Z' },
          { id: 'INC-2', team: 'Checkout', opened_at: '2026-03-05T10:00:00Z', resolved_at: '2026-03-04T10:00:00Z' },
        ],
      }),
    );
    const incidents = await fake.importMetrics('/x/incidents.json', { kind: null, map: [] });
    expect(incidents).toMatchObject({ kind: 'incidents', imported: 1 });
    expect(incidents.rejected).toEqual([
      { line: 2, field: 'resolved_at', reason: 'resolved (2026-03-04T10:00:00Z) before it was opened (2026-03-05T10:00:00Z)' },
    ]);
    fake.importFiles.set('/x/series.csv', 'date,team,metric,value\n2026-03-31,,NPS,31\n2026-03-31,Checkout,Onboarding days,4.5\n2026-04-30,,NPS,40%');
    const series = await fake.importMetrics('/x/series.csv', { kind: null, map: [] });
    expect(series).toMatchObject({ kind: 'series', imported: 3 });
    const view = await fake.metricsView(req({ by: 'month' }));
    expect(view.metrics).toEqual(['time_to_restore', 'nps', 'onboarding_days']);
    const org = view.lines.filter((l) => l.team === '');
    expect(org.map((l) => [l.metric, l.label, l.unit, l.overall])).toEqual([
      ['time_to_restore', 'Time to restore service', 'hours', 2.5],
      ['nps', 'Developer NPS', 'points', (31 + 0.4) / 2],
      ['onboarding_days', 'Onboarding days', '', 4.5],
    ]);
  });

  it("measures a shipped item's impact: before/after, a 95 % interval, a verdict, realized against expected", async () => {
    const fake = new FakeBackend({
      items: [item('Faster CI', { teams: ['Payments'], target_metric: 'Lead time for changes' }), item('Docs', { teams: ['Mobile'] })],
    });
    const [ci, docs] = fake.roadmap.items;
    // Eight weeks each side of 2026-03-02: lead times around 40 h before, 20 h after; Checkout unchanged.
    for (let d = 0; d < 56; d++) {
      const day = (offset: number) => new Date(Date.UTC(2026, 2, 2) + offset * 86_400_000).toISOString();
      fake.metrics.addDeploy({ team: 'Payments', at: day(-56 + d), leadH: 36 + (d % 9) });
      fake.metrics.addDeploy({ team: 'Payments', at: day(d), leadH: 16 + (d % 9) });
      fake.metrics.addDeploy({ team: 'Checkout', at: day(d), leadH: 200 });
    }

    // Not shipped: its target metric is read, nothing is measured.
    const before = await fake.itemImpact({ item: 'faster ci', window_weeks: null, seed: null });
    expect(before.metrics).toEqual([]);
    expect(before.notes).toEqual(['measuring lead_time, read from its target metric "Lead time for changes"', 'not shipped yet: its before/after shows once it is']);

    const impact = await fake.saveItemMetrics({ item: ci.id, metrics: [{ metric: 'Lead time', expected: -0.2 }], shipped_on: '2026-03-02' });
    expect(impact).toMatchObject({ shipped_on: '2026-03-02', shipped_override: '2026-03-02', window_weeks: 8, teams: ['Payments'], notes: [] });
    expect(impact.linked).toEqual([{ metric: 'lead_time', expected: -0.2 }]);
    const [lt] = impact.metrics;
    expect(lt.before).toEqual({ from: '2026-01-05', to: '2026-03-01', value: 40, samples: 56 });
    expect(lt.after).toEqual({ from: '2026-03-02', to: '2026-04-26', value: 20, samples: 56 });
    expect([lt.change, lt.relative, lt.verdict]).toEqual([-20, -0.5, 'improved']);
    expect(lt.ci_high!).toBeLessThan(0);
    expect(lt.ci_low!).toBeLessThanOrEqual(lt.ci_high!);
    expect(lt.realized_vs_expected).toBeCloseTo(2.5);

    // A shorter window, and the same seed gives the same interval.
    const short = await fake.itemImpact({ item: String(ci.id), window_weeks: 2, seed: null });
    expect(short.metrics[0].before.samples).toBe(14);
    const again = await fake.itemImpact({ item: String(ci.id), window_weeks: 2, seed: null });
    expect([again.metrics[0].ci_low, again.metrics[0].ci_high]).toEqual([short.metrics[0].ci_low, short.metrics[0].ci_high]);
    await expect(fake.itemImpact({ item: String(ci.id), window_weeks: 0, seed: null })).rejects.toMatchObject({ field: 'window' });

    // No data for its team: the organization is measured; deployment frequency did not move.
    const org = await fake.saveItemMetrics({ item: docs.id, metrics: [{ metric: 'deployment_frequency', expected: null }], shipped_on: '2026-03-02' });
    expect(org.notes).toEqual(['no metrics for Mobile: the whole organization is measured']);
    expect(org.metrics[0]).toMatchObject({ before: { value: 7 }, after: { value: 14 }, verdict: 'improved', expected: null, realized_vs_expected: null });

    await expect(fake.saveItemMetrics({ item: ci.id, metrics: [{ metric: 'lead_time', expected: -1.5 }], shipped_on: null })).rejects.toMatchObject({
      field: 'expected',
    });
    await expect(fake.saveItemMetrics({ item: ci.id, metrics: [], shipped_on: 'soon' })).rejects.toMatchObject({ field: 'shipped_on' });
  });
});
