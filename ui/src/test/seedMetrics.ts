// Delivery-metric files for the UI's tests, written as a CI system or incident tool exports them
// and imported by the real core (src/metrics/import.rs). Nothing here computes a figure.
import { importMetrics } from './seedRoadmap';
import type { CoreBackend } from './core';

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Deployments in March 2026 (CSV: deployment_id, team, deployed_at, lead_time_h, failed).
 * Payments deploys every weekday at 10:00 UTC (20 deployments, lead time 10 h, none failed);
 * Checkout every Tuesday at 15:00 UTC (4 deployments: 3, 10, 17 and 24 March, lead time 200 h,
 * the first one failed).
 */
export function marchDeploymentsCsv(): string {
  const lines = ['deployment_id,team,deployed_at,lead_time_h,failed'];
  for (let d = 0; d < 28; d++) {
    const day = new Date(Date.UTC(2026, 2, 2 + d));
    const iso = isoDay(day);
    const weekday = day.getUTCDay();
    if (weekday >= 1 && weekday <= 5) lines.push(`pay-${iso},Payments,${iso}T10:00:00Z,10,no`);
    if (weekday === 2) lines.push(`chk-${iso},Checkout,${iso}T15:00:00Z,200,${d === 1 ? 'yes' : 'no'}`);
  }
  return lines.join('\n') + '\n';
}

/** Two incidents: Checkout's restored in 2 h (4 March), Payments' in 1 h (11 March). */
export function marchIncidentsCsv(): string {
  return [
    'incident_id,team,opened_at,resolved_at',
    'INC-1,Checkout,2026-03-04T10:00:00Z,2026-03-04T12:00:00Z',
    'INC-2,Payments,2026-03-11T10:00:00Z,2026-03-11T11:00:00Z',
  ].join('\n') + '\n';
}

/** A ready-made series: the organization's NPS (no team) of 30 on 31 March. */
export function marchSeriesCsv(): string {
  return ['day,team,metric,value', '2026-03-31,,NPS,30'].join('\n') + '\n';
}

/** A workspace holding March's deployments, incidents and NPS. */
export function seedMarch(core: CoreBackend): void {
  for (const [name, text] of [
    ['march-deployments.csv', marchDeploymentsCsv()],
    ['march-incidents.csv', marchIncidentsCsv()],
    ['march-nps.csv', marchSeriesCsv()],
  ]) {
    const report = importMetrics(core, name, text);
    if (report.rejected.length > 0) throw new Error(`${name}: ${JSON.stringify(report.rejected)}`);
  }
}
