import { render } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import BarChart from './BarChart.svelte';

// Chart.js cannot draw in jsdom; a stand-in records what the component asks of it.
const charts = vi.hoisted(() => {
  class FakeChart {
    static made: FakeChart[] = [];
    data: { labels: string[]; datasets: { data: number[]; backgroundColor: string[] }[] };
    options: Record<string, unknown>;
    updates = 0;
    destroyed = false;
    constructor(
      readonly ctx: unknown,
      config: { data: FakeChart['data']; options: Record<string, unknown> },
    ) {
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
vi.mock('../charts/chart', () => ({ Chart: charts }));

const bars = [
  { label: 'Agree', count: 3, color: '#0f6e61' },
  { label: 'Disagree', count: 1, color: '#b42318' },
];

describe('BarChart', () => {
  beforeEach(() => {
    charts.made = [];
  });
  afterEach(() => vi.restoreAllMocks());

  it('draws once, updates the same chart with new figures, and destroys it on unmount', async () => {
    const context = {} as CanvasRenderingContext2D;
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(context);
    const view = render(BarChart, { title: 'Answers', bars, total: 4, horizontal: true });
    expect(charts.made).toHaveLength(1);
    const chart = charts.made[0];
    expect(chart.ctx).toBe(context);
    expect(chart.data.labels).toEqual(['Agree', 'Disagree']);
    expect(chart.data.datasets[0].data).toEqual([3, 1]);
    expect(chart.data.datasets[0].backgroundColor).toEqual(['#0f6e61', '#b42318']);
    expect(chart.options).toMatchObject({ indexAxis: 'y', responsive: true, maintainAspectRatio: false });
    // Drawn: the counts stay available to screen readers only.
    expect(view.getByTestId('chart-table').classList.contains('visually-hidden')).toBe(true);
    expect(view.container.querySelector('canvas')?.getAttribute('aria-hidden')).toBe('true');

    await view.rerender({ title: 'Answers', bars: [{ ...bars[0], count: 5 }, bars[1]], total: 6, horizontal: true });
    expect(charts.made).toHaveLength(1);
    expect(chart.updates).toBe(1);
    expect(chart.data.datasets[0].data).toEqual([5, 1]);
    expect(view.getByTestId('chart-table').textContent).toContain('83%');

    view.unmount();
    expect(chart.destroyed).toBe(true);
  });

  it('draws counts over time without shares, letting the axis skip labels level', () => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue({} as CanvasRenderingContext2D);
    const view = render(BarChart, {
      title: 'Documents per month',
      bars: [
        { label: 'Jan 2026', count: 2, color: '#2f8577' },
        { label: 'Feb 2026', count: 5, color: '#2f8577' },
      ],
      total: 7,
      labelHeader: 'Month',
      valueHeader: 'Documents',
      showShare: false,
      skipLabels: true,
    });
    const scales = charts.made[0].options.scales as Record<string, { ticks?: Record<string, unknown> }>;
    expect(scales.x.ticks).toMatchObject({ autoSkip: true, maxRotation: 0 });
    const table = view.getByTestId('chart-table');
    expect([...table.querySelectorAll('thead th')].map((c) => c.textContent)).toEqual(['Month', 'Documents']);
    expect([...table.querySelectorAll('tbody tr')].map((r) => r.textContent)).toEqual(['Jan 20262', 'Feb 20265']);
  });

  it('shows the table instead of a chart where there is no 2D canvas', () => {
    const view = render(BarChart, { title: 'Answers to “CI”', bars, total: 4 });
    expect(charts.made).toHaveLength(0);
    const table = view.getByTestId('chart-table');
    expect(table.classList.contains('visually-hidden')).toBe(false);
    expect(table.querySelector('caption')?.textContent).toBe('Answers to “CI”');
    expect([...table.querySelectorAll('tbody tr')].map((r) => r.textContent)).toEqual(['Agree375%', 'Disagree125%']);
  });
});
