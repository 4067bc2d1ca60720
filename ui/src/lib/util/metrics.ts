// Display helpers of the Metrics view and the roadmap item's Impact panel: the metric names the
// core knows (src/metrics/mod.rs), values by unit (hours, shares, deployments per period, points),
// signed changes, DORA bands and impact verdicts as people read them, and the expected change
// typed as a percentage.
import type { Band } from '../bindings/Band';
import type { Period } from '../bindings/Period';

/** The four DORA metrics, in the order the core lists them. */
export const DORA_METRICS = ['deployment_frequency', 'lead_time', 'change_failure_rate', 'time_to_restore'] as const;

/** What the Impact panel offers before any metric has data: DORA, then survey satisfaction. */
export const STANDARD_METRICS: readonly string[] = [...DORA_METRICS, 'nps', 'csat'];

export function isDora(metric: string): boolean {
  return (DORA_METRICS as readonly string[]).includes(metric);
}

const LABELS: Record<string, string> = {
  deployment_frequency: 'Deployment frequency',
  lead_time: 'Lead time for changes',
  change_failure_rate: 'Change failure rate',
  time_to_restore: 'Time to restore service',
  nps: 'Developer NPS',
  csat: 'Developer satisfaction (CSAT)',
};

/** A metric key's name, like the core's `describe`: "time_saved_h" → "Time saved h". */
export function metricLabel(metric: string): string {
  const known = LABELS[metric];
  if (known) return known;
  const spaced = metric.replace(/_/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/**
 * The metrics to offer, each once: the standard ones first, then the others (e.g. imported
 * series) in the order given.
 */
export function metricChoices(withData: readonly string[]): string[] {
  const out = [...STANDARD_METRICS];
  for (const m of withData) if (!out.includes(m)) out.push(m);
  return out;
}

const MINUS = '\u2212';
/** Keeps a number and its unit on one line. */
const NBSP = '\u00a0';

/** A number with at most `digits` decimals and thousands separators, with a real minus sign. */
export function formatNumber(n: number, digits = 1): string {
  const text = Math.abs(n).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  return n < 0 && text !== '0' ? `${MINUS}${text}` : text;
}

function signed(n: number, digits = 1): string {
  const text = formatNumber(n, digits);
  return n > 0 && text !== '0' ? `+${text}` : text;
}

/** Hours as "12.5 h", "45 min" under an hour, or days from 48 hours on ("3.2 days"). */
function hours(h: number, sign: boolean): string {
  const a = Math.abs(h);
  const num = (n: number) => (sign ? signed(n) : formatNumber(n));
  if (a >= 48) return `${num(h / 24)}${NBSP}days`;
  if (a > 0 && a < 1) return `${num(Math.round(h * 60))}${NBSP}min`;
  return `${num(h)}${NBSP}h`;
}

/**
 * A metric's value as read: hours ("12.5 h", "3.2 days"), shares as percentages ("4.8 %"),
 * deployments per period ("3.5 per week"), NPS points ("+25"); "—" for none.
 */
export function formatMetric(value: number | null, unit: string, by: Period = 'month'): string {
  if (value === null || !Number.isFinite(value)) return '—';
  switch (unit) {
    case 'hours':
      return hours(value, false);
    case 'share':
      return `${formatNumber(value * 100)}${NBSP}%`;
    case 'deploys':
      return `${formatNumber(value)} per ${by}`;
    case 'points':
      return signed(value);
    default:
      return formatNumber(value, 2);
  }
}

/**
 * A change of a metric, signed: "−5.2 h", "+1.5 per week", "−3.1 pp" (a share's change is in
 * percentage points), "+12 points"; "—" for none.
 */
export function formatChange(change: number | null, unit: string, by: Period = 'week'): string {
  if (change === null || !Number.isFinite(change)) return '—';
  switch (unit) {
    case 'hours':
      return hours(change, true);
    case 'share':
      return `${signed(change * 100)}${NBSP}pp`;
    case 'deploys':
      return `${signed(change)} per ${by}`;
    case 'points':
      return `${signed(change)}${NBSP}points`;
    default:
      return signed(change, 2);
  }
}

/** A relative change as a signed percentage: −0.42 → "−42 %"; "—" for none. */
export function formatRelative(fraction: number | null): string {
  if (fraction === null || !Number.isFinite(fraction)) return '—';
  return `${signed(fraction * 100, Math.abs(fraction) < 0.1 ? 1 : 0)}${NBSP}%`;
}

/** An axis tick: the value in a short form of its unit. */
export function formatTick(value: number, unit: string): string {
  switch (unit) {
    case 'hours':
      return `${formatNumber(value, 1)}${NBSP}h`;
    case 'share':
      return `${formatNumber(value * 100, 0)}${NBSP}%`;
    default:
      return formatNumber(value, 1);
  }
}

export const BANDS: readonly Band[] = ['elite', 'high', 'medium', 'low'];

export function bandLabel(band: Band): string {
  return band.charAt(0).toUpperCase() + band.slice(1);
}

/** Each band's colour: the accent green for elite through amber to red for low. */
export const BAND_COLORS: Record<Band, string> = {
  elite: '#0f6e61',
  high: '#5fae9f',
  medium: '#d9a23a',
  low: '#d0655b',
};

/** Points of metrics without bands. */
export const SERIES_COLOR = '#4a6fa5';

/** "2026-01" → "Jan 2026"; week labels ("2026-W05") stay as they are. */
export function periodLabel(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!m) return period;
  const name = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)).toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  return `${name} ${m[1]}`;
}

/** What the values of a metric are counted from. */
export function samplesLabel(metric: string, n: number): string {
  const many = n !== 1;
  switch (metric) {
    case 'deployment_frequency':
    case 'change_failure_rate':
      return `${n.toLocaleString('en-US')} deployment${many ? 's' : ''}`;
    case 'lead_time':
      return `${n.toLocaleString('en-US')} deployment${many ? 's' : ''} with a lead time`;
    case 'time_to_restore':
      return `${n.toLocaleString('en-US')} resolved incident${many ? 's' : ''}`;
    default:
      return `${n.toLocaleString('en-US')} value${many ? 's' : ''}`;
  }
}

export type Tone = 'good' | 'bad' | 'neutral';

/** Improved reads green, worsened red, the rest neutral. */
export function verdictTone(verdict: string): Tone {
  if (verdict === 'improved') return 'good';
  if (verdict === 'worsened') return 'bad';
  return 'neutral';
}

/**
 * An expected change typed as a percentage ("-20", "−20 %", "+15") as the fraction the core
 * stores (−0.2); null for an empty field. Throws an Error with the reason for anything else.
 */
export function parseExpected(text: string): number | null {
  const t = text.trim().replace(/\u2212/g, '-').replace(/\s*%$/, '').replace(/^\+/, '');
  if (t === '') return null;
  const n = Number(t);
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(t) || !Number.isFinite(n)) {
    throw new Error(`“${text.trim()}” is not a percentage; type the change expected, e.g. −20 for 20 % lower`);
  }
  if (n < -100) throw new Error('a change below −100 % is impossible');
  // Rounded so −20 is exactly −0.2, not −0.19999999999999998.
  return Math.round(n * 1e6) / 1e8;
}

/** "expected −20 %, realized 164 % of it" (or without the realized part when there is none). */
export function expectationText(expected: number | null, realizedVsExpected: number | null): string {
  if (expected === null) return '';
  const e = `expected ${formatRelative(expected)}`;
  if (realizedVsExpected === null || !Number.isFinite(realizedVsExpected)) return e;
  return `${e}, realized ${formatNumber(realizedVsExpected * 100, 0)}${NBSP}% of it`;
}
