// Chart.js with only what the app draws: bar charts (survey answers, trends, deployments per
// period) and line charts (metrics over time) on a category and a linear axis, with tooltips.
// Registering parts (instead of `chart.js/auto`) keeps the rest out of the bundle. Chart.js draws
// on a canvas and sizes it through the CSSOM, which the app's CSP allows; it injects no
// stylesheet and needs no eval.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { CHART } from '../util/surveys';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip);

Chart.defaults.font.family =
  "system-ui, -apple-system, 'Segoe UI', Roboto, Ubuntu, Cantarell, 'Noto Sans', 'Helvetica Neue', Arial, sans-serif";
Chart.defaults.font.size = 11;
Chart.defaults.color = CHART.text;
Chart.defaults.borderColor = CHART.grid;

export { Chart };
