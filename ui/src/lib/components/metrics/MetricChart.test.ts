import { render } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MetricLine } from '../../bindings/MetricLine';
import type { MetricsImportReport } from '../../bindings/MetricsImportReport';
import type { MetricsView } from '../../bindings/MetricsView';
import type { Period } from '../../bindings/Period';
import { CoreBackend } from '../../../test/core';
import { BAND_COLORS, SERIES_COLOR } from '../../util/metrics';
import MetricChart from './MetricChart.svelte';

// Chart.js cannot draw in jsdom; a stand-in records what the component asks of it.
const charts = vi.hoisted(() => {
  class FakeChart {
    static made: FakeChart[] = [];
    type: string;
    data: { labels: string[]; datasets: Record<string, unknown>[] };
    options: Record<string, unknown>;
    updates = 0;
    destroyed = false;
    constructor(_ctx: unknown, config: { type: string; data: FakeChart['data']; options: Record<string, unknown> }) {
      this.type = config.type;
      this.data = config.data;
      this.options = config.options;
      FakeChart.made.push(this);
    }
    update(): void {
      this.updates += 1;
    }
    destroy(): void {
      this.destroyed = true;
    }
  }
  return FakeChart;
});
vi.mock('../../charts/chart', () => ({ Chart: charts }));

/**
 * Payments' deployments as a CI system exports them: one on 14 January (lead time 12 h), none in
 * February, and 9 in the week of Monday 2 March (lead time 200 h each): five at 10:00 from Monday
 * to Friday, four at 16:00 from Monday to Thursday.
 */
function paymentsDeploys(): string {
  const lines = ['deployment_id,team,deployed_at,lead_time_h', 'jan-1,Payments,2026-01-14T10:00:00Z,12'];
  for (const day of [2, 3, 4, 5, 6]) lines.push(`mar-${day}-am,Payments,2026-03-0${day}T10:00:00Z,200`);
  for (const day of [2, 3, 4, 5]) lines.push(`mar-${day}-pm,Payments,2026-03-0${day}T16:00:00Z,200`);
  return lines.join('\n') + '\n';
}

/** The core's line of one metric of Payments, as the Metrics view asks for it. */
function line(core: CoreBackend, metric: string, by: Period, from: string | null = null, to: string | null = null): MetricLine {
  const view = core.run<MetricsView>('metrics_view', { request: { team: 'Payments', metric, by, from, to } });
  const found = view.lines.find((l) => l.team === 'Payments' && l.metric === metric);
  if (!found) throw new Error(`no ${metric} line for Payments`);
  return found;
}

function payments(): CoreBackend {
  const core = new CoreBackend();
  const report = core.run<MetricsImportReport>('import_metrics', {
    path: core.file('payments-deploys.csv', paymentsDeploys()),
    options: { kind: null, map: [] },
  });
  expect([report.kind, report.imported, report.rejected]).toEqual(['deployments', 10, []]);
  return core;
}

describe('MetricChart', () => {
  beforeEach(() => {
    charts.made = [];
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue({} as CanvasRenderingContext2D);
  });
  afterEach(() => vi.restoreAllMocks());

  it('draws a line with each point in the colour of its band, gaps left open', async () => {
    const core = payments();
    const lead = line(core, 'lead_time', 'month');
    // January 12 h (under a day: elite), February no deployment (a gap), March 200 h (8.3 days:
    // a week to a month, medium).
    expect(lead.points.map((p) => [p.period, p.value, p.band])).toEqual([
      ['2026-01', 12, 'elite'],
      ['2026-02', null, null],
      ['2026-03', 200, 'medium'],
    ]);
    const view = render(MetricChart, { line: lead, by: 'month' });
    expect(charts.made).toHaveLength(1);
    const chart = charts.made[0];
    expect(chart.type).toBe('line');
    expect(chart.data.labels).toEqual(['Jan 2026', 'Feb 2026', 'Mar 2026']);
    const [ds] = chart.data.datasets;
    expect(ds.data).toEqual([12, null, 200]);
    expect(ds.pointBackgroundColor).toEqual([BAND_COLORS.elite, SERIES_COLOR, BAND_COLORS.medium]);
    expect(ds.spanGaps).toBe(false);
    const y = (chart.options.scales as Record<string, { ticks: { callback: (v: number) => string } }>).y;
    expect(y.ticks.callback(48).replace(/\s/g, ' ')).toBe('48 h');
    // Drawn: the table stays for screen readers only.
    expect(view.getByTestId('metric-chart-table').classList.contains('visually-hidden')).toBe(true);

    // New figures update the same chart: March alone.
    const march = line(core, 'lead_time', 'month', '2026-03-01', '2026-03-31');
    expect(march.points.map((p) => [p.period, p.value, p.band])).toEqual([['2026-03', 200, 'medium']]);
    await view.rerender({ line: march, by: 'month' });
    expect(charts.made).toHaveLength(1);
    expect(chart.updates).toBe(1);
    expect(chart.data.labels).toEqual(['Mar 2026']);
    expect(chart.data.datasets[0].data).toEqual([200]);
    expect(chart.data.datasets[0].pointBackgroundColor).toEqual([BAND_COLORS.medium]);
    view.unmount();
    expect(chart.destroyed).toBe(true);
  });

  it('draws deployments per period as bars coloured by band', () => {
    const core = payments();
    // The two weeks from Monday 2 March: 9 deployments (more than daily: elite), then none (low).
    const df = line(core, 'deployment_frequency', 'week', '2026-03-02', '2026-03-15');
    expect(df.points.map((p) => [p.period, p.value, p.band])).toEqual([
      ['2026-W10', 9, 'elite'],
      ['2026-W11', 0, 'low'],
    ]);
    render(MetricChart, { line: df, by: 'week' });
    const chart = charts.made[0];
    expect(chart.type).toBe('bar');
    expect(chart.data.labels).toEqual(['2026-W10', '2026-W11']);
    expect(chart.data.datasets[0].data).toEqual([9, 0]);
    expect(chart.data.datasets[0].backgroundColor).toEqual([BAND_COLORS.elite, BAND_COLORS.low]);
  });
});
