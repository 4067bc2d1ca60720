// Charts that follow their figures: a Svelte action over the app's Chart.js (see ./chart).
import type { ChartConfiguration, ChartType } from 'chart.js';
import { Chart } from './chart';

/** What `liveChart` draws, and what to do where no chart can be drawn. */
export interface LiveChart<K extends ChartType> {
  config: ChartConfiguration<K>;
  /** Called where the canvas has no 2D context (jsdom): the caller shows its table instead. */
  onNoCanvas: () => void;
}

/** A Svelte action: draws a chart on the canvas, updates it in place when the figures change
 * (another filter, period or team) rather than rebuilding it, and destroys it with the canvas. */
export function liveChart<K extends ChartType>(canvas: HTMLCanvasElement, params: LiveChart<K>) {
  const ctx = canvas.getContext('2d');
  if (!ctx) {
    params.onNoCanvas();
    return {};
  }
  const chart = new Chart<K>(ctx, params.config);
  return {
    update(next: LiveChart<K>) {
      chart.data = next.config.data;
      chart.options = (next.config.options ?? {}) as typeof chart.options;
      chart.update();
    },
    destroy() {
      chart.destroy();
    },
  };
}
