// Display helpers of the Roadmap view: the input names the core knows, fractions shown as
// percentages, scores, money and rank moves as people read them, and the item editor's form.
import type { InputSource } from '../bindings/InputSource';
import type { Item } from '../bindings/Item';
import type { ItemInput } from '../bindings/ItemInput';
import type { ItemStatus } from '../bindings/ItemStatus';
import type { ManualInput } from '../bindings/ManualInput';
import type { ModelKind } from '../bindings/ModelKind';

/**
 * Every name a model or a formula can read (src/scoring/mod.rs `VARIABLES`): the inputs, then the
 * evidence statistics derived from linked documents.
 */
export const VARIABLES = [
  'reach',
  'impact',
  'confidence',
  'effort',
  'ease',
  'business_value',
  'time_criticality',
  'risk_reduction',
  'job_size',
  'hours_saved',
  'adoption',
  'hourly_cost',
  'demand',
  'sentiment',
  'documents',
  'interviews',
  'tickets',
  'survey_responses',
  'notes',
  'quotes',
  'teams',
  'people',
  'headcount',
] as const;

/** The inputs typed on an item (the rest are evidence statistics). */
export const INPUT_NAMES: readonly string[] = VARIABLES.slice(0, 12);

/** Names whose values are fractions between 0 and 1: shown and typed as percentages. */
const FRACTIONS = new Set(['confidence', 'adoption', 'sentiment', 'team_share']);

export function isFraction(key: string): boolean {
  return FRACTIONS.has(key);
}

/** "business_value" → "Business value" (like the core's `label`). */
export function variableLabel(name: string): string {
  const spaced = name.replace(/_/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** What each kind of model computes, in a few words. */
export const KIND_LABELS: Record<ModelKind, string> = {
  rice: 'RICE',
  ice: 'ICE',
  wsjf: 'WSJF',
  weighted: 'Weighted criteria',
  roi: 'ROI',
  formula: 'Custom formula',
};

export const STATUSES: readonly ItemStatus[] = ['idea', 'planned', 'in_progress', 'shipped', 'dropped'];

export function statusLabel(status: ItemStatus): string {
  return status === 'in_progress' ? 'In progress' : variableLabel(status);
}

/** Metrics platform teams usually aim at (the target metric's suggestions). */
export const TARGET_METRICS = [
  'Deployment frequency',
  'Lead time for changes',
  'Time to production',
  'MTTR',
  'Change failure rate',
  'Adoption',
  'Time saved',
  'Developer satisfaction',
];

export function sourceLabel(source: InputSource): string {
  return source === 'default' ? 'model default' : source;
}

/** A number with at most `digits` decimals: 1234.5 → "1,234.5". */
export function formatNumber(n: number, digits = 2): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** A fraction as a percentage: 0.8 → "80%", 0.125 → "12.5%". */
export function formatPercent(fraction: number, digits = 1): string {
  return `${formatNumber(fraction * 100, digits)}%`;
}

/** An input's value as shown: percent for fractions, "missing" for none (never 0). */
export function formatValue(key: string, value: number | null): string {
  if (value === null) return 'missing';
  return isFraction(key) ? formatPercent(value) : formatNumber(value);
}

/** A score with 1–2 decimals (2 below 100); "—" for none. ROI scores are shown as percentages. */
export function formatScore(score: number | null, kind: ModelKind | null = null): string {
  if (score === null) return '—';
  if (kind === 'roi') return formatPercent(score, 0);
  return formatNumber(score, Math.abs(score) >= 100 ? 1 : 2);
}

/** Money with thousands separators and no decimals: 123456.7 → "123,457". */
export function formatMoney(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A rank move: +2 → "▲2", -1 → "▼1", 0 → "=". */
export function formatMove(moved: number): string {
  if (moved > 0) return `▲${moved}`;
  if (moved < 0) return `▼${-moved}`;
  return '=';
}

/** Places each item of `after` moved against `before` (+2: up two), for items ranked in both. */
export function rankMoves(
  before: readonly { id: number; rank: number | null }[],
  after: readonly { id: number; rank: number | null }[],
): Map<number, number> {
  const was = new Map(before.map((i) => [i.id, i.rank]));
  const out = new Map<number, number>();
  for (const i of after) {
    const r = was.get(i.id);
    if (i.rank !== null && r !== null && r !== undefined) out.set(i.id, r - i.rank);
  }
  return out;
}

/** A signed score effect: 12.34 → "+12.3", -0.5 → "−0.5". */
export function formatEffect(effect: number): string {
  const abs = formatNumber(Math.abs(effect), 1);
  if (abs === '0') return '±0';
  return effect > 0 ? `+${abs}` : `\u2212${abs}`;
}

/** A value as typed in a field: percent for fractions, without float noise (0.07 → "7"). */
export function toField(key: string, value: number | null): string {
  if (value === null) return '';
  const shown = isFraction(key) ? value * 100 : value;
  return String(Number(shown.toPrecision(12)));
}

/**
 * A typed field as a value: '' → null, percent → fraction for fractions ("80" → 0.8). Throws a
 * message for text that is not a number, or a percentage outside 0–100.
 */
export function fromField(key: string, text: string): number | null {
  const t = text.trim().replace(/%$/, '').trim();
  if (t === '') return null;
  const n = Number(t.replace(/,/g, ''));
  if (!Number.isFinite(n)) throw new Error(`"${text.trim()}" is not a number`);
  if (!isFraction(key)) return n;
  if (n < 0 || n > 100) throw new Error(`${variableLabel(key)} is a percentage between 0 and 100`);
  return n / 100;
}

/** One manual input as typed: the estimate and its optional range, as text. */
export type ManualField = { value: string; low: string; high: string };

/** The item editor's text form. */
export type ItemForm = {
  title: string;
  description: string;
  owner: string;
  status: ItemStatus;
  effort: string;
  effortLow: string;
  effortHigh: string;
  teams: string[];
  targetMetric: string;
  exceptionTeam: string;
  /** Manual inputs by name (effort aside: it has its own fields). */
  manual: Record<string, ManualField>;
};

export function emptyItemForm(): ItemForm {
  return {
    title: '',
    description: '',
    owner: '',
    status: 'idea',
    effort: '',
    effortLow: '',
    effortHigh: '',
    teams: [],
    targetMetric: '',
    exceptionTeam: '',
    manual: {},
  };
}

export function itemToForm(item: Item): ItemForm {
  const manual: Record<string, ManualField> = {};
  for (const i of item.inputs) {
    if (i.key === 'effort') continue;
    manual[i.key] = { value: toField(i.key, i.value), low: toField(i.key, i.low), high: toField(i.key, i.high) };
  }
  return {
    title: item.title,
    description: item.description,
    owner: item.owner,
    status: item.status,
    effort: toField('effort', item.effort),
    effortLow: toField('effort', item.effort_low),
    effortHigh: toField('effort', item.effort_high),
    teams: [...item.teams],
    targetMetric: item.target_metric,
    exceptionTeam: item.exception_team ?? '',
    manual,
  };
}

/** A field's problem, by the core's field name ("title", "effort_low", "inputs.confidence"). */
export class FormError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function field(fieldName: string, key: string, text: string): number | null {
  try {
    return fromField(key, text);
  } catch (e) {
    throw new FormError(fieldName, (e as Error).message);
  }
}

/**
 * The ItemInput a form saves as. An input whose estimate is cleared is not sent, so the derived
 * value applies again. Throws a FormError for text that is not a number.
 */
export function formToItemInput(id: number | null, form: ItemForm): ItemInput {
  const inputs: ManualInput[] = [];
  const order = (key: string) => (VARIABLES as readonly string[]).indexOf(key);
  const entries = Object.entries(form.manual).sort(([a], [b]) => order(a) - order(b));
  for (const [key, m] of entries) {
    const name = `inputs.${key}`;
    const value = field(name, key, m.value);
    const low = field(name, key, m.low);
    const high = field(name, key, m.high);
    if (value === null) {
      if (low !== null || high !== null) throw new FormError(name, 'type the estimate as well as its range');
      continue;
    }
    inputs.push({ key, value, low, high });
  }
  const exception = form.exceptionTeam.trim();
  return {
    id,
    title: form.title,
    description: form.description,
    owner: form.owner,
    status: form.status,
    effort: field('effort', 'effort', form.effort),
    effort_low: field('effort_low', 'effort', form.effortLow),
    effort_high: field('effort_high', 'effort', form.effortHigh),
    teams: [...form.teams],
    target_metric: form.targetMetric,
    exception_team: exception === '' ? null : exception,
    inputs,
  };
}

/** "Payments, mobile ,, Payments" → ["Payments", "mobile"] (first spelling kept). */
export function parseTeams(text: string, existing: readonly string[] = []): string[] {
  const out = [...existing];
  for (const raw of text.split(',')) {
    const t = raw.trim();
    if (t !== '' && !out.some((x) => x.toLowerCase() === t.toLowerCase())) out.push(t);
  }
  return out;
}
