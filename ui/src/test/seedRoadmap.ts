// Seeding helpers for the roadmap's tests (ranking, impact, track record), all through the real
// core's commands: items looked up and changed as the app would, metric files written and
// imported with `import_metrics`.
import type { Item } from '../lib/bindings/Item';
import type { ItemInput } from '../lib/bindings/ItemInput';
import type { ItemMetricsInput } from '../lib/bindings/ItemMetricsInput';
import type { MetricsImportReport } from '../lib/bindings/MetricsImportReport';
import type { CoreBackend } from './core';

/** The stored item called `title`. */
export function itemNamed(core: CoreBackend, title: string): Item {
  const found = core.run<Item[]>('list_items').find((i) => i.title === title);
  if (!found) throw new Error(`no roadmap item called ${JSON.stringify(title)}`);
  return found;
}

/** Saves the item called `title` with `patch` applied (as the editor would). */
export function updateItem(core: CoreBackend, title: string, patch: (item: ItemInput) => Partial<ItemInput>): Item {
  const it = itemNamed(core, title);
  const input: ItemInput = {
    id: it.id,
    title: it.title,
    description: it.description,
    owner: it.owner,
    status: it.status,
    effort: it.effort,
    effort_low: it.effort_low,
    effort_high: it.effort_high,
    teams: it.teams,
    target_metric: it.target_metric,
    exception_team: it.exception_team,
    inputs: it.inputs,
  };
  return core.run<Item>('save_item', { input: { ...input, ...patch(input) } });
}

/** Links the metrics an item should move (and its ship day) with `save_item_metrics`. */
export function linkMetrics(core: CoreBackend, title: string, metrics: ItemMetricsInput['metrics'], shippedOn: string | null): void {
  core.run('save_item_metrics', { input: { item: itemNamed(core, title).id, metrics, shipped_on: shippedOn } });
}

/** Writes `text` as `name` and imports it with `import_metrics` (kind detected from its columns);
 * throws if the core rejected any row, so a test never runs on half its data. */
export function importMetrics(core: CoreBackend, name: string, text: string): MetricsImportReport {
  const report = core.run<MetricsImportReport>('import_metrics', { path: core.file(name, text), options: { kind: null, map: [] } });
  if (report.rejected.length) throw new Error(`${name}: rows rejected: ${JSON.stringify(report.rejected)}`);
  return report;
}

export type Deploy = { team: string; at: string; leadH: number; failed?: boolean };

/** A deployments CSV (deploy_id, team, deployed_at, lead_time_h, failed), one row per deploy. */
export function deploymentsCsv(deploys: Deploy[]): string {
  const lines = deploys.map((d, i) => [`d${i + 1}`, d.team, d.at, String(d.leadH), d.failed ? 'true' : 'false'].join(','));
  return ['deploy_id,team,deployed_at,lead_time_h,failed', ...lines].join('\n') + '\n';
}

/** A metric series CSV (date, team, metric, value). */
export function seriesCsv(values: { day: string; team: string; metric: string; value: number }[]): string {
  return ['date,team,metric,value', ...values.map((v) => [v.day, v.team, v.metric, String(v.value)].join(','))].join('\n') + '\n';
}

const DAY_MS = 86_400_000;

/** The day `offset` days after `day` (YYYY-MM-DD), at 10:00 UTC, as RFC 3339. */
export function dayAt(day: string, offset: number): string {
  return new Date(Date.parse(`${day}T10:00:00Z`) + offset * DAY_MS).toISOString().replace('.000Z', 'Z');
}
