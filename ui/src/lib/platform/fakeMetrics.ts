// Delivery metrics of the in-memory FakeBackend: stored deployments, incidents and series values,
// and what the core computes from them (src/metrics): the four DORA metrics per team and ISO week
// or calendar month (UTC, empty periods filled in) with the State of DevOps 2023 bands, the
// organization's roll-up, imports of CSV/TSV/JSON files with rejected rows, and an item's
// before/after impact with a bootstrap 95 % interval. The interval uses the fake's own seeded
// generator: same seed, same figures, but not the core's figures. Survey NPS/CSAT are not derived
// from the fake's surveys (they carry no submission dates); import them as series instead.
import type { TrackRecord } from '../bindings/TrackRecord';
import type { Precedent } from '../bindings/Precedent';
import type { Band } from '../bindings/Band';
import type { BandLegend } from '../bindings/BandLegend';
import type { ColumnMap } from '../bindings/ColumnMap';
import type { Impact } from '../bindings/Impact';
import type { ImpactRequest } from '../bindings/ImpactRequest';
import type { Item } from '../bindings/Item';
import type { ItemMetric } from '../bindings/ItemMetric';
import type { ItemMetricsInput } from '../bindings/ItemMetricsInput';
import type { MetricImpact } from '../bindings/MetricImpact';
import type { MetricLine } from '../bindings/MetricLine';
import type { MetricPoint } from '../bindings/MetricPoint';
import type { MetricsImportOptions } from '../bindings/MetricsImportOptions';
import type { MetricsImportReport } from '../bindings/MetricsImportReport';
import type { MetricsKind } from '../bindings/MetricsKind';
import type { MetricsRequest } from '../bindings/MetricsRequest';
import type { MetricsView } from '../bindings/MetricsView';
import type { Period } from '../bindings/Period';
import type { Rejected } from '../bindings/Rejected';
import { apiError } from './backend';

const DF = 'deployment_frequency';
const LT = 'lead_time';
const CFR = 'change_failure_rate';
const TTR = 'time_to_restore';
const DORA = [DF, LT, CFR, TTR];

/** Bootstrap resamples behind each interval (src/metrics/impact.rs `RESAMPLES`). */
export const RESAMPLES = 2_000;
export const DEFAULT_WINDOW_WEEKS = 8;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const invalid = (field: string, message: string) => apiError('invalid_input', message, field);

// ---------------------------------------------------------------------------------------------
// Metric names, units and bands (src/metrics/mod.rs, dora.rs)

/** Lower case, words joined by `_`, the common names of the DORA metrics folded onto theirs. */
export function metricKey(name: string): string {
  let out = '';
  for (const c of name.trim()) {
    if (/[\p{L}\p{N}]/u.test(c)) out += c.toLowerCase();
    else if (out !== '' && !out.endsWith('_')) out += '_';
  }
  const key = out.replace(/_+$/, '');
  switch (key) {
    case 'deploy_frequency':
    case 'deployments':
    case 'deploys':
    case 'deployment_frequency':
    case 'df':
      return DF;
    case 'lead_time':
    case 'lead_time_for_changes':
    case 'time_to_production':
    case 'lead_time_h':
      return LT;
    case 'change_failure_rate':
    case 'cfr':
    case 'failure_rate':
      return CFR;
    case 'mttr':
    case 'time_to_restore':
    case 'time_to_restore_service':
    case 'mean_time_to_restore':
    case 'failed_deployment_recovery_time':
      return TTR;
    default:
      return key;
  }
}

export function describe(metric: string): [string, string] {
  switch (metric) {
    case DF:
      return ['Deployment frequency', 'deploys'];
    case LT:
      return ['Lead time for changes', 'hours'];
    case CFR:
      return ['Change failure rate', 'share'];
    case TTR:
      return ['Time to restore service', 'hours'];
    case 'nps':
      return ['Developer NPS', 'points'];
    case 'csat':
      return ['Developer satisfaction (CSAT)', 'share'];
    default: {
      const label = metric.replace(/_/g, ' ');
      return [label.charAt(0).toUpperCase() + label.slice(1), ''];
    }
  }
}

export function lowerIsBetter(metric: string): boolean {
  return (
    [LT, CFR, TTR].includes(metric) ||
    ['time_to', 'lead', 'failure', 'incident', 'mttr', 'wait', 'latency', 'duration'].some((w) => metric.includes(w))
  );
}

/** The band of a DORA metric's value; `days`: the period's length (deployments are banded per day). */
export function band(metric: string, value: number, days: number): Band | null {
  const pick = (elite: boolean, high: boolean, medium: boolean): Band => (elite ? 'elite' : high ? 'high' : medium ? 'medium' : 'low');
  switch (metric) {
    case DF: {
      const perDay = value / Math.max(days, 1);
      return pick(perDay >= 1, perDay >= 1 / 7, perDay >= 1 / 30);
    }
    case LT:
      return pick(value < 24, value < 24 * 7, value < 24 * 30);
    case CFR:
      return pick(value <= 0.05, value <= 0.1, value <= 0.15);
    case TTR:
      return pick(value < 1, value < 24, value < 24 * 7);
    default:
      return null;
  }
}

const THRESHOLDS: Record<string, string[]> = {
  [DF]: ['daily or more (on demand)', 'weekly to daily', 'monthly to weekly', 'less than monthly'],
  [LT]: ['under a day', 'a day to a week', 'a week to a month', 'over a month'],
  [CFR]: ['5 % or less', 'up to 10 %', 'up to 15 %', 'over 15 %'],
  [TTR]: ['under an hour', 'under a day', 'a day to a week', 'over a week'],
};

// ---------------------------------------------------------------------------------------------
// Days and periods (UTC)

/** A day as milliseconds since the epoch at 00:00 UTC. */
type Day = number;

function dayOf(ms: number): Day {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

function isoDay(d: Day): string {
  return new Date(d).toISOString().slice(0, 10);
}

function parseDay(s: string): Day | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim());
  if (!m) return null;
  const d = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return isoDay(d) === m.slice(1).join('-') ? d : null;
}

/**
 * A time as the fake's imports read it: `YYYY-MM-DD`, or with a time (`T` or a space), seconds
 * and an offset or `Z` optional (UTC when none). Null when unreadable.
 */
export function parseTime(s: string): number | null {
  const t = s.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(t);
  if (!m) return null;
  const day = parseDay(`${m[1]}-${m[2]}-${m[3]}`);
  if (day === null) return null;
  const [h, min, sec] = [m[4], m[5], m[6]].map((x) => Number(x ?? 0));
  if (h > 23 || min > 59 || sec > 59) return null;
  let offset = 0;
  const z = m[7];
  if (z && z.toUpperCase() !== 'Z') {
    const digits = z.replace(':', '');
    offset = (digits[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * 60_000;
  }
  return day + ((h * 60 + min) * 60 + sec) * 1000 - offset;
}

function periodStart(by: Period, d: Day): Day {
  const date = new Date(d);
  if (by === 'week') return d - ((date.getUTCDay() + 6) % 7) * DAY_MS;
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

function periodNext(by: Period, start: Day): Day {
  if (by === 'week') return start + 7 * DAY_MS;
  const date = new Date(start);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

/** `2026-W05` (ISO week of the Monday `start`) or `2026-01`. */
function periodLabel(by: Period, start: Day): string {
  if (by === 'month') return isoDay(start).slice(0, 7);
  // The ISO week's year is the year of its Thursday.
  const thursday = new Date(start + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Stored events

export type FakeDeploy = {
  service: string;
  key: string;
  team: string;
  /** Milliseconds since the epoch (UTC). */
  at: number;
  leadH: number | null;
  failed: boolean;
};

export type FakeIncident = {
  service: string;
  key: string;
  team: string;
  opened: number;
  resolved: number | null;
  severity: string;
};

export type FakeObservation = { team: string; metric: string; day: Day; value: number };

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const v = [...values].sort((a, b) => a - b);
  const n = v.length;
  return n % 2 === 1 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((s, x) => s + x, 0) / values.length;
}

function restoreHours(incidents: FakeIncident[]): number[] {
  return incidents.filter((i) => i.resolved !== null).map((i) => (i.resolved! - i.opened) / HOUR_MS);
}

/** The value of a metric over some events: what a point, a window or a whole line shows. */
function valueOf(metric: string, deploys: FakeDeploy[], incidents: FakeIncident[], series: number[]): [number | null, number] {
  switch (metric) {
    case DF:
      return [deploys.length, deploys.length];
    case LT: {
      const v = deploys.map((d) => d.leadH).filter((h): h is number => h !== null);
      return [median(v), v.length];
    }
    case CFR:
      return [deploys.length === 0 ? null : deploys.filter((d) => d.failed).length / deploys.length, deploys.length];
    case TTR: {
      const v = restoreHours(incidents);
      return [median(v), v.length];
    }
    default:
      return [mean(series), series.length];
  }
}

const sameTeam = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** A small seeded generator (mulberry32): the same seed gives the same numbers. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The 95 % percentile interval of stat(after) − stat(before) over resamples of both windows. */
export function bootstrap(
  before: number[],
  after: number[],
  stat: (v: number[]) => number | null,
  seed: number,
): [number, number] | null {
  if (before.length < 2 || after.length < 2) return null;
  const rand = seeded(seed);
  const pick = (v: number[]) => v.map(() => v[Math.floor(rand() * v.length)]);
  const diffs: number[] = [];
  for (let i = 0; i < RESAMPLES; i++) {
    const a = stat(pick(before));
    const b = stat(pick(after));
    if (a !== null && b !== null) diffs.push(b - a);
  }
  if (diffs.length === 0) return null;
  diffs.sort((x, y) => x - y);
  const at = (p: number) => diffs[Math.round((diffs.length - 1) * p)];
  return [at(0.025), at(0.975)];
}

// ---------------------------------------------------------------------------------------------
// Import (src/metrics/import.rs)

const FIELDS: Record<MetricsKind, string[]> = {
  deployments: ['deployed_at', 'key', 'service', 'team', 'lead_time_h', 'commit_at', 'failed'],
  incidents: ['opened_at', 'resolved_at', 'key', 'service', 'team', 'severity'],
  series: ['day', 'metric', 'value', 'team'],
};

const REQUIRED: Record<MetricsKind, string[]> = {
  deployments: ['deployed_at'],
  incidents: ['opened_at'],
  series: ['day', 'metric', 'value'],
};

const SINGULAR: Record<MetricsKind, string> = { deployments: "deployment's", incidents: "incident's", series: "value's" };

function normalize(header: string): string {
  let out = '';
  for (const c of header.trim()) {
    if (/[\p{L}\p{N}]/u.test(c)) out += c.toLowerCase();
    else if (out !== '' && !out.endsWith('_')) out += '_';
  }
  return out.replace(/_+$/, '');
}

/** The field a header names, with the factor converting its unit to hours (lead times). */
function recognize(kind: MetricsKind, header: string): [string, number] | null {
  const h = normalize(header);
  const is = (names: string[]) => names.includes(h);
  const service = ['service', 'app', 'application', 'component', 'repo', 'repository'];
  if (kind === 'deployments') {
    if (h.startsWith('lead_time') || h === 'leadtime') {
      if (h.includes('max') || h.includes('min_h')) return null;
      const unit = /_(min|minutes|m)$/.test(h) ? 1 / 60 : /_(s|sec|seconds)$/.test(h) ? 1 / 3600 : /_(d|days)$/.test(h) ? 24 : 1;
      return ['lead_time_h', unit];
    }
    if (is(['deploy_id', 'deployment_id', 'id', 'key', 'release', 'version', 'tag'])) return ['key', 1];
    if (is(service)) return ['service', 1];
    if (is(['team', 'owner', 'owning_team', 'squad'])) return ['team', 1];
    if (is(['deployed_at', 'deploy_time', 'deployment_time', 'deployed', 'finished_at', 'time', 'timestamp', 'date'])) {
      return ['deployed_at', 1];
    }
    if (is(['commit_at', 'commit_time', 'committed_at', 'first_commit_at', 'commit_timestamp'])) return ['commit_at', 1];
    if (
      is(['failed', 'failure', 'is_failure', 'change_failure', 'change_failed', 'rolled_back', 'rollback', 'reverted', 'contains_revert', 'caused_incident'])
    ) {
      return ['failed', 1];
    }
    return null;
  }
  if (kind === 'incidents') {
    if (is(['incident_id', 'id', 'key', 'number', 'incident'])) return ['key', 1];
    if (is(service)) return ['service', 1];
    if (is(['team', 'owner', 'owning_team', 'squad'])) return ['team', 1];
    if (is(['severity', 'sev', 'priority'])) return ['severity', 1];
    if (is(['opened_at', 'opened', 'created_at', 'started_at', 'start', 'detected_at', 'begin'])) return ['opened_at', 1];
    if (is(['resolved_at', 'resolved', 'closed_at', 'restored_at', 'ended_at', 'end', 'mitigated_at'])) return ['resolved_at', 1];
    return null;
  }
  if (is(['date', 'day', 'week', 'period', 'month'])) return ['day', 1];
  if (is(['metric', 'name', 'kpi', 'measure'])) return ['metric', 1];
  if (is(['value', 'val', 'score', 'amount'])) return ['value', 1];
  if (is(['team', 'owner', 'squad'])) return ['team', 1];
  return null;
}

/** What a file holds, guessed from its headers. */
export function detectKind(headers: string[]): MetricsKind | null {
  const has = (kind: MetricsKind, field: string) => headers.some((h) => recognize(kind, h)?.[0] === field);
  if (has('series', 'metric') && has('series', 'value')) return 'series';
  if (has('incidents', 'opened_at') && has('incidents', 'resolved_at')) return 'incidents';
  const deployish = headers.some((h) => {
    const n = normalize(h);
    return n.includes('deploy') || n.startsWith('lead_time');
  });
  if (deployish && has('deployments', 'deployed_at')) return 'deployments';
  return null;
}

type Records = { headers: string[]; rows: [number, string[]][] };

/** Splits one CSV/TSV line, with double-quoted cells. */
function splitLine(line: string, sep: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === sep) {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}

function readRecords(path: string, text: string): Records {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (e) {
      throw invalid('file', `${path}: not valid JSON: ${(e as Error).message}`);
    }
    let items: unknown[];
    if (Array.isArray(value)) items = value;
    else {
      const o = value as Record<string, unknown>;
      const key = ['deployments', 'incidents', 'series', 'data', 'items', 'records'].find((k) => Array.isArray(o[k]));
      if (!key) {
        throw invalid('file', `${path}: expected an array of records, or an object with a "deployments", "incidents" or "series" array`);
      }
      items = o[key] as unknown[];
    }
    const headers: string[] = [];
    for (const item of items) {
      if (item && typeof item === 'object') for (const k of Object.keys(item)) if (!headers.includes(k)) headers.push(k);
    }
    const rows = items.map((item, n): [number, string[]] => [
      n + 1,
      headers.map((h) => {
        const v = item && typeof item === 'object' ? (item as Record<string, unknown>)[h] : undefined;
        return v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
      }),
    ]);
    return { headers, rows };
  }
  const lines = text.split(/\r?\n/);
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) return { headers: [], rows: [] };
  const sep = lines[first].includes('\t') ? '\t' : ',';
  const headers = splitLine(lines[first], sep).map((h) => h.trim());
  const rows: [number, string[]][] = [];
  lines.forEach((l, i) => {
    if (i > first && l.trim() !== '') rows.push([i + 1, splitLine(l, sep)]);
  });
  return { headers, rows };
}

type Binding = { column: number; field: string; factor: number };

function bind(kind: MetricsKind, headers: string[], map: ColumnMap[], file: string): Binding[] {
  const out: Binding[] = [];
  for (const m of map) {
    const column = headers.findIndex((h) => h.trim().toLowerCase() === m.header.trim().toLowerCase());
    if (column < 0) throw invalid('map', `${file} has no column "${m.header}"; its columns are ${headers.join(', ')}`);
    const field = m.field.trim().toLowerCase();
    if (field === 'ignore') {
      out.push({ column, field, factor: 1 });
      continue;
    }
    if (!FIELDS[kind].includes(field)) {
      throw invalid('map', `unknown field "${m.field}" for ${kind}; use ${FIELDS[kind].join(', ')} or ignore`);
    }
    const known = recognize(kind, headers[column]);
    out.push({ column, field, factor: known && known[0] === field ? known[1] : 1 });
  }
  headers.forEach((h, column) => {
    if (out.some((b) => b.column === column)) return;
    const known = recognize(kind, h);
    if (!known) return;
    if (known[0] !== 'failed' && out.some((b) => b.field === known[0])) return;
    out.push({ column, field: known[0], factor: known[1] });
  });
  for (const need of REQUIRED[kind]) {
    if (!out.some((b) => b.field === need)) {
      throw invalid(
        need,
        `${file}: no column holds the ${SINGULAR[kind]} ${need}; its columns are ${headers.join(', ')} — map one with --map COLUMN=${need}`,
      );
    }
  }
  return out;
}

function truthy(v: string): boolean {
  const t = v.trim().toLowerCase();
  if (['', 'false', 'f', 'no', 'n', '0', 'success', 'succeeded', 'ok'].includes(t)) return false;
  if (['true', 't', 'yes', 'y', '1', 'failed', 'failure', 'rolled back', 'rollback', 'reverted'].includes(t)) return true;
  throw new Error(`expected true or false, found "${t}"`);
}

/** A row's problem: the field at fault and why. */
class RowError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function readTime(field: string, v: string): number {
  const t = parseTime(v);
  if (t === null) throw new RowError(field, `cannot read "${v}" as a date and time`);
  return t;
}

// ---------------------------------------------------------------------------------------------

/** What the metrics read of the rest of the fake workspace. */
export type MetricsWorld = {
  /** Roadmap items, by id. */
  items(): Item[];
};

export class FakeMetrics {
  deploys: FakeDeploy[] = [];
  incidents: FakeIncident[] = [];
  series: FakeObservation[] = [];
  /** Metrics linked to items, by item id. */
  links = new Map<number, ItemMetric[]>();
  /** Ship days set by hand, by item id (`YYYY-MM-DD`). */
  shipped = new Map<number, string>();

  constructor(private readonly world: MetricsWorld) {}

  /** Adds a deployment without an import (test and demo setup); `at` is an ISO time. */
  addDeploy(d: { team: string; at: string; leadH?: number | null; failed?: boolean; service?: string; key?: string }): void {
    const at = parseTime(d.at);
    if (at === null) throw new Error(`bad time ${d.at}`);
    const service = d.service ?? d.team;
    const key = d.key ?? new Date(at).toISOString();
    this.deploys = this.deploys.filter((x) => !(x.service === service && x.key === key));
    this.deploys.push({ service, key, team: d.team, at, leadH: d.leadH ?? null, failed: d.failed ?? false });
    this.deploys.sort((a, b) => a.at - b.at);
  }

  /** Adds an incident without an import; `opened` and `resolved` are ISO times. */
  addIncident(i: { team: string; opened: string; resolved: string | null; service?: string; key?: string }): void {
    const opened = parseTime(i.opened);
    const resolved = i.resolved === null ? null : parseTime(i.resolved);
    if (opened === null || (i.resolved !== null && resolved === null)) throw new Error(`bad time ${i.opened}`);
    const service = i.service ?? i.team;
    this.incidents.push({ service, key: i.key ?? new Date(opened).toISOString(), team: i.team, opened, resolved, severity: '' });
    this.incidents.sort((a, b) => a.opened - b.opened);
  }

  /** Adds a series value (team '' for the organization) without an import. */
  addValue(o: { team: string; metric: string; day: string; value: number }): void {
    const day = parseDay(o.day);
    if (day === null) throw new Error(`bad day ${o.day}`);
    const metric = metricKey(o.metric);
    this.series = this.series.filter((s) => !(s.team === o.team && s.metric === metric && s.day === day));
    this.series.push({ team: o.team, metric, day, value: o.value });
    this.series.sort((a, b) => a.day - b.day);
  }

  /** Imports the text of a metrics file (`files` holds the fake's files by path). */
  import(path: string, text: string | undefined, options: MetricsImportOptions): MetricsImportReport {
    if (text === undefined) throw apiError('io', `reading ${path}: no such file`);
    const records = readRecords(path, text);
    if (records.headers.length === 0 || records.rows.length === 0) throw invalid('file', `${path} holds no rows to import`);
    const kind = options.kind ?? detectKind(records.headers);
    if (kind === null) {
      throw invalid(
        'kind',
        `cannot tell whether ${path} holds deployments, incidents or series from its columns (${records.headers.join(', ')}); say which with --kind`,
      );
    }
    const bindings = bind(kind, records.headers, options.map, path);
    const columnOf = (field: string) => bindings.find((b) => b.field === field);
    const report: MetricsImportReport = {
      kind,
      file: path,
      imported: 0,
      updated: 0,
      rejected: [],
      columns: bindings.filter((b) => b.field !== 'ignore').map((b) => ({ header: records.headers[b.column], field: b.field })),
    };
    // Nothing is stored unless the whole file is read (one transaction in the core).
    const next = { deploys: [...this.deploys], incidents: [...this.incidents], series: [...this.series] };
    for (const [line, cells] of records.rows) {
      const get = (field: string): string | null => {
        const b = columnOf(field);
        const v = b ? (cells[b.column] ?? '').trim() : '';
        return v === '' ? null : v;
      };
      try {
        const existed =
          kind === 'deployments'
            ? this.deployment(next.deploys, get, bindings, cells)
            : kind === 'incidents'
              ? this.incident(next.incidents, get)
              : this.value(next.series, get);
        if (existed) report.updated += 1;
        else report.imported += 1;
      } catch (e) {
        if (!(e instanceof RowError)) throw e;
        const b = columnOf(e.field);
        const rejected: Rejected = { line, field: b ? records.headers[b.column] : e.field, reason: e.message };
        report.rejected.push(rejected);
      }
    }
    this.deploys = next.deploys.sort((a, b) => a.at - b.at);
    this.incidents = next.incidents.sort((a, b) => a.opened - b.opened);
    this.series = next.series.sort((a, b) => a.day - b.day);
    return report;
  }

  private deployment(into: FakeDeploy[], get: (f: string) => string | null, bindings: Binding[], cells: string[]): boolean {
    const atRaw = get('deployed_at');
    if (atRaw === null) throw new RowError('deployed_at', 'a deployment needs its time');
    const at = readTime('deployed_at', atRaw);
    const service = get('service') ?? get('team') ?? 'all';
    const team = get('team') ?? service;
    const key = get('key') ?? new Date(at).toISOString().replace('.000Z', 'Z');
    let leadH: number | null = null;
    const lead = get('lead_time_h');
    if (lead !== null) {
      const h = Number(lead);
      if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(lead)) throw new RowError('lead_time_h', `expected a number of hours, found "${lead}"`);
      if (!Number.isFinite(h) || h < 0) throw new RowError('lead_time_h', `a lead time cannot be ${lead}`);
      leadH = h * (bindings.find((b) => b.field === 'lead_time_h')?.factor ?? 1);
    } else {
      const commit = get('commit_at');
      if (commit !== null) {
        const committed = readTime('commit_at', commit);
        if (committed > at) throw new RowError('commit_at', `the commit (${commit}) is after the deployment (${atRaw})`);
        leadH = (at - committed) / HOUR_MS;
      }
    }
    let failed = false;
    for (const b of bindings.filter((x) => x.field === 'failed')) {
      try {
        failed = truthy(cells[b.column] ?? '') || failed;
      } catch (e) {
        throw new RowError('failed', (e as Error).message);
      }
    }
    const existing = into.findIndex((d) => d.service === service && d.key === key);
    const row = { service, key, team, at, leadH, failed };
    if (existing >= 0) into[existing] = row;
    else into.push(row);
    return existing >= 0;
  }

  private incident(into: FakeIncident[], get: (f: string) => string | null): boolean {
    const openedRaw = get('opened_at');
    if (openedRaw === null) throw new RowError('opened_at', 'an incident needs its start');
    const opened = readTime('opened_at', openedRaw);
    const resolvedRaw = get('resolved_at');
    let resolved: number | null = null;
    if (resolvedRaw !== null) {
      resolved = readTime('resolved_at', resolvedRaw);
      if (resolved < opened) throw new RowError('resolved_at', `resolved (${resolvedRaw}) before it was opened (${openedRaw})`);
    }
    const service = get('service') ?? get('team') ?? 'all';
    const team = get('team') ?? service;
    const key = get('key') ?? new Date(opened).toISOString().replace('.000Z', 'Z');
    const at = into.findIndex((i) => i.service === service && i.key === key);
    const row = { service, key, team, opened, resolved, severity: get('severity') ?? '' };
    if (at >= 0) into[at] = row;
    else into.push(row);
    return at >= 0;
  }

  private value(into: FakeObservation[], get: (f: string) => string | null): boolean {
    const dayRaw = get('day');
    if (dayRaw === null) throw new RowError('day', 'a value needs its date');
    const t = parseTime(dayRaw);
    if (t === null) throw new RowError('day', `cannot read "${dayRaw}" as a date`);
    const day = dayOf(t);
    const name = get('metric');
    if (name === null) throw new RowError('metric', 'a value needs its metric');
    const metric = metricKey(name);
    if (metric === '') throw new RowError('metric', 'a metric name needs letters or digits');
    const raw = get('value');
    if (raw === null) throw new RowError('value', 'empty value');
    const num = raw.replace(/%$/, '');
    const parsed = Number(num);
    if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(num) || !Number.isFinite(parsed)) {
      throw new RowError('value', `expected a number, found "${raw}"`);
    }
    const value = raw.endsWith('%') ? parsed / 100 : parsed;
    const team = get('team') ?? '';
    const at = into.findIndex((s) => s.team === team && s.metric === metric && s.day === day);
    const row = { team, metric, day, value };
    if (at >= 0) into[at] = row;
    else into.push(row);
    return at >= 0;
  }

  /** Teams with events or values, sorted. */
  private teams(): string[] {
    const set = new Set<string>();
    for (const d of this.deploys) set.add(d.team);
    for (const i of this.incidents) set.add(i.team);
    for (const s of this.series) if (s.team !== '') set.add(s.team);
    return [...set].sort();
  }

  /** Metrics with data: DORA first, then series by name. */
  private metricsWithData(): string[] {
    const out: string[] = [];
    if (this.deploys.length > 0) out.push(DF, LT, CFR);
    if (this.incidents.length > 0) out.push(TTR);
    out.push(...[...new Set(this.series.map((s) => s.metric))].sort());
    return out;
  }

  view(req: MetricsRequest): MetricsView {
    const teams = this.teams();
    const metrics = this.metricsWithData();
    const wanted = req.team?.trim() || null;
    let team: string | null = null;
    if (wanted !== null) {
      team = teams.find((t) => sameTeam(t, wanted)) ?? null;
      if (team === null) {
        throw invalid('team', `no metrics for team "${wanted}"; teams with metrics: ${teams.length === 0 ? 'none yet' : teams.join(', ')}`);
      }
    }
    let metric: string | null = null;
    const m = req.metric?.trim() || null;
    if (m !== null) {
      metric = metricKey(m);
      if (!metrics.includes(metric)) {
        throw invalid('metric', `no data for metric "${m}"; metrics with data: ${metrics.length === 0 ? 'none yet' : metrics.join(', ')}`);
      }
    }
    const bound = (s: string | null, field: string): Day | null => {
      const t = s?.trim();
      if (!t) return null;
      const d = parseDay(t);
      if (d === null) throw invalid(field, `cannot read "${t}" as a date (YYYY-MM-DD)`);
      return d;
    };
    const days = [
      ...this.deploys.map((d) => dayOf(d.at)),
      ...this.incidents.map((i) => dayOf(i.opened)),
      ...this.series.map((s) => s.day),
    ];
    const from = bound(req.from, 'from') ?? (days.length > 0 ? Math.min(...days) : null);
    const to = bound(req.to, 'to') ?? (days.length > 0 ? Math.max(...days) : null);
    const lines: MetricLine[] = [];
    if (from !== null && to !== null) {
      const periods: [Day, Day][] = [];
      for (let start = periodStart(req.by, from); start <= to; start = periodNext(req.by, start)) {
        periods.push([start, periodNext(req.by, start)]);
      }
      const scopes: (string | null)[] = team !== null ? [team] : [null, ...teams];
      for (const scope of scopes) {
        for (const mm of metrics.filter((x) => metric === null || x === metric)) {
          const line = this.line(scope, mm, req.by, periods, from, to);
          if (line) lines.push(line);
        }
      }
    }
    const bands: BandLegend[] = metrics.filter((x) => THRESHOLDS[x]).map((x) => ({ metric: x, thresholds: [...THRESHOLDS[x]] }));
    return {
      by: req.by,
      from: from === null ? null : isoDay(from),
      to: to === null ? null : isoDay(to),
      teams,
      metrics,
      lines,
      bands,
      events: this.deploys.length + this.incidents.length + this.series.length,
    };
  }

  private line(team: string | null, metric: string, by: Period, periods: [Day, Day][], from: Day, to: Day): MetricLine | null {
    const inTeam = (t: string) => team === null || sameTeam(team, t);
    const inRange = (d: Day) => d >= from && d <= to;
    const deploys = this.deploys.filter((d) => inTeam(d.team) && inRange(dayOf(d.at)));
    const incidents = this.incidents.filter((i) => inTeam(i.team) && inRange(dayOf(i.opened)));
    const orgRows = team === null && this.series.some((s) => s.metric === metric && s.team === '');
    const series = this.series.filter(
      (s) => s.metric === metric && inRange(s.day) && (team !== null ? sameTeam(s.team, team) : !orgRows || s.team === ''),
    );
    const hasData = metric === TTR ? incidents.length > 0 : DORA.includes(metric) ? deploys.length > 0 : series.length > 0;
    if (!hasData) return null;
    const points: MetricPoint[] = periods.map(([start, next]) => {
      const inside = (d: Day) => d >= start && d < next;
      const [value, samples] = valueOf(
        metric,
        deploys.filter((d) => inside(dayOf(d.at))),
        incidents.filter((i) => inside(dayOf(i.opened))),
        series.filter((s) => inside(s.day)).map((s) => s.value),
      );
      return {
        period: periodLabel(by, start),
        start: isoDay(start),
        value,
        samples,
        band: value === null ? null : band(metric, value, (next - start) / DAY_MS),
      };
    });
    const [value, samples] = valueOf(
      metric,
      deploys,
      incidents,
      series.map((s) => s.value),
    );
    let overall = value;
    let overallBand: Band | null = null;
    if (metric === DF) {
      const span = periods.length === 0 ? 1 : (periods[periods.length - 1][1] - periods[0][0]) / DAY_MS;
      overall = deploys.length / Math.max(periods.length, 1);
      overallBand = band(metric, deploys.length, span);
    } else if (overall !== null) {
      overallBand = band(metric, overall, 1);
    }
    const [label, unit] = describe(metric);
    return { team: team ?? '', metric, label, unit, lower_is_better: lowerIsBetter(metric), points, overall, band: overallBand, samples };
  }

  // -------------------------------------------------------------------------------------------
  // Impact (src/metrics/impact.rs)

  private findItem(key: string): Item {
    const k = key.trim();
    const items = this.world.items();
    const item = /^-?\d+$/.test(k) ? items.find((i) => i.id === Number(k)) : items.find((i) => i.title.toLowerCase() === k.toLowerCase());
    if (!item) throw apiError('not_found', /^-?\d+$/.test(k) ? `Roadmap item ${k} not found` : `no roadmap item titled "${k}"`);
    return item;
  }

  /** Links an item to the metrics it should move (replacing them) and sets or clears its ship day. */
  save(input: ItemMetricsInput): void {
    const item = this.findItem(String(input.item));
    const raw = input.shipped_on?.trim() ?? '';
    let shipped: string | null = null;
    if (raw !== '') {
      const t = parseTime(raw);
      if (t === null) throw invalid('shipped_on', `cannot read "${raw}" as a date (YYYY-MM-DD)`);
      shipped = isoDay(dayOf(t));
    }
    const metrics: ItemMetric[] = [];
    for (const m of input.metrics) {
      const key = metricKey(m.metric);
      if (key === '') throw invalid('metric', 'a metric needs a name');
      if (m.expected !== null && (!Number.isFinite(m.expected) || m.expected < -1)) {
        throw invalid('expected', `an expected change of ${m.expected} is impossible (−100 % is the floor)`);
      }
      const at = metrics.findIndex((x) => x.metric === key);
      if (at >= 0) metrics[at] = { metric: key, expected: m.expected };
      else metrics.push({ metric: key, expected: m.expected });
    }
    this.links.set(item.id, metrics);
    if (shipped === null) this.shipped.delete(item.id);
    else this.shipped.set(item.id, shipped);
  }

  /** The day an item shipped: set by hand, else the day its status last became shipped. */
  private shippedOn(item: Item): string | null {
    const set = this.shipped.get(item.id);
    if (set) return set;
    if (item.status !== 'shipped') return null;
    const last = [...item.history].reverse().find((h) => h.status === 'shipped');
    return last ? last.at.slice(0, 10) : null;
  }

  /** The observations of a metric in [from, toExcl) over `teams` (none: everyone). */
  private sample(metric: string, teams: string[], from: Day, toExcl: Day): { data: number[]; stat: (v: number[]) => number | null } {
    const teamOk = (t: string) => teams.length === 0 || teams.some((x) => sameTeam(x, t));
    const inside = (d: Day) => d >= from && d < toExcl;
    const deploys = this.deploys.filter((d) => teamOk(d.team) && inside(dayOf(d.at)));
    switch (metric) {
      case DF: {
        const weeks = Math.max(Math.floor((toExcl - from) / DAY_MS / 7), 1);
        const counts = new Array<number>(weeks).fill(0);
        for (const d of deploys) counts[Math.min(Math.floor((dayOf(d.at) - from) / DAY_MS / 7), weeks - 1)] += 1;
        return { data: counts, stat: mean };
      }
      case LT:
        return { data: deploys.map((d) => d.leadH).filter((h): h is number => h !== null), stat: median };
      case CFR:
        return { data: deploys.map((d) => (d.failed ? 1 : 0)), stat: mean };
      case TTR:
        return { data: restoreHours(this.incidents.filter((i) => teamOk(i.team) && inside(dayOf(i.opened)))), stat: median };
      default:
        return { data: this.series.filter((s) => s.metric === metric && inside(s.day) && teamOk(s.team)).map((s) => s.value), stat: mean };
    }
  }

  /** Learning, as the core does it: planned items borrow the realized ÷ expected of shipped
   * items aimed at the same metrics (each capped to 0–1.5) as a factor on their confidence. */
  trackRecord(): TrackRecord[] {
    const items = this.world.items();
    const precedents: Precedent[] = [];
    for (const i of items.filter((x) => x.status === 'shipped')) {
      for (const m of this.impact({ item: String(i.id), window_weeks: null, seed: null }).metrics) {
        if (m.verdict === 'not enough data' || m.realized_vs_expected === null) continue;
        precedents.push({ item_id: i.id, title: i.title, metric: m.metric, realized_vs_expected: m.realized_vs_expected });
      }
    }
    const out: TrackRecord[] = [];
    for (const i of items.filter((x) => x.status !== 'shipped' && x.status !== 'dropped')) {
      let metrics = (this.links.get(i.id) ?? []).map((m) => m.metric);
      if (metrics.length === 0 && DORA.includes(metricKey(i.target_metric))) metrics = [metricKey(i.target_metric)];
      const similar = precedents.filter((p) => metrics.includes(p.metric));
      if (similar.length === 0) continue;
      const factor = similar.reduce((sum, p) => sum + Math.min(1.5, Math.max(0, p.realized_vs_expected)), 0) / similar.length;
      const confidence = i.inputs.find((x) => x.key === 'confidence')?.value ?? null;
      out.push({
        item_id: i.id,
        title: i.title,
        precedents: similar,
        factor,
        confidence,
        suggested: confidence === null ? null : Math.min(1, Math.max(0.05, confidence * factor)),
      });
    }
    return out;
  }

  impact(req: ImpactRequest): Impact {
    const item = this.findItem(req.item);
    const weeks = req.window_weeks ?? DEFAULT_WINDOW_WEEKS;
    if (!(Number.isInteger(weeks) && weeks >= 1 && weeks <= 104)) {
      throw invalid('window', `a window of ${weeks} weeks is out of range; use 1 to 104`);
    }
    const notes: string[] = [];
    const stored = structuredClone(this.links.get(item.id) ?? []);
    const linked = [...stored];
    if (linked.length === 0) {
      const key = metricKey(item.target_metric);
      if (DORA.includes(key)) {
        notes.push(`measuring ${key}, read from its target metric "${item.target_metric}"`);
        linked.push({ metric: key, expected: null });
      }
    }
    const shipped = this.shippedOn(item);
    const withData = new Set([...this.deploys.map((d) => d.team), ...this.incidents.map((i) => i.team), ...this.series.map((s) => s.team)]);
    const teams = item.teams.filter((t) => [...withData].some((x) => sameTeam(x, t)));
    if (teams.length === 0 && item.teams.length > 0) {
      notes.push(`no metrics for ${item.teams.join(', ')}: the whole organization is measured`);
    }
    const out: Impact = {
      item_id: item.id,
      title: item.title,
      status: item.status,
      shipped_on: shipped,
      window_weeks: weeks,
      teams,
      linked: stored,
      shipped_override: this.shipped.get(item.id) ?? null,
      metrics: [],
      // The ROI check needs the scoring model's prediction, which this fake does not rank.
      roi: null,
      notes,
    };
    if (linked.length === 0) {
      notes.push('no metrics linked: link the metrics it should move (groundwork impact ITEM --metric lead_time=-20%)');
    }
    if (shipped === null) {
      notes.push('not shipped yet: its before/after shows once it is');
      return out;
    }
    const day = parseDay(shipped)!;
    const span = 7 * weeks * DAY_MS;
    const [bFrom, afterTo] = [day - span, day + span];
    const seed = req.seed ?? 42;
    linked.forEach((m, k) => {
      const before = this.sample(m.metric, teams, bFrom, day);
      const after = this.sample(m.metric, teams, day, afterTo);
      const vb = before.stat(before.data);
      const va = after.stat(after.data);
      const change = va !== null && vb !== null ? va - vb : null;
      const relative = change !== null && vb !== null && Math.abs(vb) > Number.EPSILON ? change / vb : null;
      const ci = bootstrap(before.data, after.data, before.stat, seed + k);
      const lower = lowerIsBetter(m.metric);
      const verdict =
        ci === null ? 'not enough data' : ci[0] > 0 || ci[1] < 0 ? (ci[0] > 0 !== lower ? 'improved' : 'worsened') : 'no clear change';
      const [label, unit] = describe(m.metric);
      const metric: MetricImpact = {
        metric: m.metric,
        label,
        unit,
        lower_is_better: lower,
        before: { from: isoDay(bFrom), to: isoDay(day - DAY_MS), value: vb, samples: before.data.length },
        after: { from: isoDay(day), to: isoDay(afterTo - DAY_MS), value: va, samples: after.data.length },
        change,
        relative,
        ci_low: ci?.[0] ?? null,
        ci_high: ci?.[1] ?? null,
        verdict,
        expected: m.expected,
        realized_vs_expected: relative !== null && m.expected !== null && Math.abs(m.expected) > Number.EPSILON ? relative / m.expected : null,
      };
      out.metrics.push(metric);
    });
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// Demo data

/** A standard normal draw (Box–Muller). */
function normal(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** A Poisson draw (Knuth), for small rates. */
function poisson(rand: () => number, rate: number): number {
  const limit = Math.exp(-rate);
  let k = 0;
  for (let p = rand(); p > limit; p *= rand()) k++;
  return k;
}

/** How a demo team delivers: deployments per working day, median lead and restore hours, failure rate. */
export type DemoTeam = {
  team: string;
  deploysPerDay: number;
  leadH: number;
  failureRate: number;
  incidentsPerWeek: number;
  restoreH: number;
  nps: number;
};

/**
 * Half a year of generated deployments, incidents and a monthly NPS pulse per team, from `from`
 * for `weeks` weeks. Lead times are log-normal around each team's median; from `improvement.day`
 * on, the lead times of `improvement.teams` shrink by `improvement.leadFactor` (what a shipped
 * roadmap item would do), so the Impact panel has a real change to find.
 */
export function seedDemoMetrics(
  metrics: FakeMetrics,
  options: {
    from: string;
    weeks: number;
    teams: DemoTeam[];
    improvement?: { day: string; teams: string[]; leadFactor: number; deployFactor: number };
    seed?: number;
  },
): void {
  const rand = seeded(options.seed ?? 7);
  const start = parseDay(options.from)!;
  const change = options.improvement ? { ...options.improvement, at: parseDay(options.improvement.day)! } : null;
  for (let d = 0; d < options.weeks * 7; d++) {
    const day = start + d * DAY_MS;
    const weekday = (new Date(day).getUTCDay() + 6) % 7;
    for (const t of options.teams) {
      const improved = change !== null && day >= change.at && change.teams.includes(t.team);
      if (weekday < 5) {
        const n = poisson(rand, t.deploysPerDay * (improved ? change.deployFactor : 1));
        for (let k = 0; k < n; k++) {
          const at = day + (9 + rand() * 8) * HOUR_MS;
          const leadH = t.leadH * (improved ? change.leadFactor : 1) * Math.exp(0.6 * normal(rand));
          metrics.deploys.push({
            service: `${t.team.toLowerCase()}-api`,
            key: `${t.team.toLowerCase()}-${d}-${k}`,
            team: t.team,
            at,
            leadH: Math.round(leadH * 10) / 10,
            failed: rand() < t.failureRate,
          });
        }
      }
      if (rand() < t.incidentsPerWeek / 7) {
        const opened = day + rand() * 24 * HOUR_MS;
        const hours = t.restoreH * Math.exp(0.8 * normal(rand));
        metrics.incidents.push({
          service: `${t.team.toLowerCase()}-api`,
          key: `INC-${t.team.slice(0, 3).toUpperCase()}-${d}`,
          team: t.team,
          opened,
          resolved: opened + hours * HOUR_MS,
          severity: rand() < 0.2 ? 'sev1' : 'sev2',
        });
      }
    }
  }
  // A monthly developer pulse: each team's NPS, drifting a little.
  for (let month = 0; month * 30 < options.weeks * 7; month++) {
    const first = new Date(start);
    const day = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + month + 1, 1) - DAY_MS;
    for (const t of options.teams) {
      metrics.series.push({ team: t.team, metric: 'nps', day, value: Math.round(t.nps + 8 * normal(rand)) });
    }
  }
  metrics.deploys.sort((a, b) => a.at - b.at);
  metrics.incidents.sort((a, b) => a.opened - b.opened);
  metrics.series.sort((a, b) => a.day - b.day);
}
