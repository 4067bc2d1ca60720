import { render } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MetricLine } from '../../bindings/MetricLine';
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

function line(over: Partial<MetricLine> = {}): MetricLine {
  return {
    team: 'Payments',
    metric: 'lead_time',
    label: 'Lead time for changes',
    unit: 'hours',
    lower_is_better: true,
    points: [
      { period: '2026-01', start: '2026-01-01', value: 12, samples: 30, band: 'elite' },
      { period: '2026-02', start: '2026-02-01', value: null, samples: 0, band: null },
      { period: '2026-03', start: '2026-03-01', value: 200, samples: 12, band: 'medium' },
    ],
    overall: 20,
    band: 'elite',
    samples: 42,
    ...over,
  };
}

describe('MetricChart', () => {
  beforeEach(() => {
    charts.made = [];
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue({} as CanvasRenderingContext2D);
  });
  afterEach(() => vi.restoreAllMocks());

  it('draws a line with each point in the colour of its band, gaps left open', async () => {
    const view = render(MetricChart, { line: line(), by: 'month' });
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

    // New figures update the same chart.
    await view.rerender({ line: line({ points: [{ period: '2026-01', start: '2026-01-01', value: 30, samples: 3, band: 'high' }] }), by: 'month' });
    expect(charts.made).toHaveLength(1);
    expect(chart.updates).toBe(1);
    expect(chart.data.datasets[0].pointBackgroundColor).toEqual([BAND_COLORS.high]);
    view.unmount();
    expect(chart.destroyed).toBe(true);
  });

  it('draws deployments per period as bars coloured by band', () => {
    render(MetricChart, {
      line: line({
        metric: 'deployment_frequency',
        label: 'Deployment frequency',
        unit: 'deploys',
        points: [
          { period: '2026-W10', start: '2026-03-02', value: 9, samples: 9, band: 'elite' },
          { period: '2026-W11', start: '2026-03-09', value: 0, samples: 0, band: 'low' },
        ],
      }),
      by: 'week',
    });
    const chart = charts.made[0];
    expect(chart.type).toBe('bar');
    expect(chart.data.labels).toEqual(['2026-W10', '2026-W11']);
    expect(chart.data.datasets[0].backgroundColor).toEqual([BAND_COLORS.elite, BAND_COLORS.low]);
  });
});
