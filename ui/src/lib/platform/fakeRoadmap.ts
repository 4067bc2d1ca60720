// The roadmap of the in-memory FakeBackend: items, evidence links, scoring models, rankings,
// sensitivity, scenarios and snapshots — a stand-in for the core's src/scoring. RICE, ICE, WSJF,
// weighted criteria, ROI and formulas are computed as the core computes them (inputs resolved
// manual > derived > default > missing; a missing input is never read as 0; weighted criteria
// normalized over min..max, unset ends taken from the items ranked), so the UI's tests exercise
// real behaviour. Sensitivity uses its own seeded generator: same seed, same figures, but not the
// core's figures.
import type { Change } from '../bindings/Change';
import type { CompareRequest } from '../bindings/CompareRequest';
import type { ComparedItem } from '../bindings/ComparedItem';
import type { Comparison } from '../bindings/Comparison';
import type { DiffItem } from '../bindings/DiffItem';
import type { EvidenceStats } from '../bindings/EvidenceStats';
import type { InputChange } from '../bindings/InputChange';
import type { InputSource } from '../bindings/InputSource';
import type { Item } from '../bindings/Item';
import type { ItemDetail } from '../bindings/ItemDetail';
import type { ItemFromEvidence } from '../bindings/ItemFromEvidence';
import type { ItemInput } from '../bindings/ItemInput';
import type { ItemLink } from '../bindings/ItemLink';
import type { ItemSensitivity } from '../bindings/ItemSensitivity';
import type { LinkInput } from '../bindings/LinkInput';
import type { ManualInput } from '../bindings/ManualInput';
import type { Model } from '../bindings/Model';
import type { ModelConfig } from '../bindings/ModelConfig';
import type { ModelInput } from '../bindings/ModelInput';
import type { ModelKind } from '../bindings/ModelKind';
import type { RankedItem } from '../bindings/RankedItem';
import type { Ranking } from '../bindings/Ranking';
import type { RankRequest } from '../bindings/RankRequest';
import type { ResolvedInput } from '../bindings/ResolvedInput';
import type { RoiLine } from '../bindings/RoiLine';
import type { RoiSettings } from '../bindings/RoiSettings';
import type { ScorePart } from '../bindings/ScorePart';
import type { Sensitivity } from '../bindings/Sensitivity';
import type { SensitivityRequest } from '../bindings/SensitivityRequest';
import type { SnapshotDiff } from '../bindings/SnapshotDiff';
import type { SnapshotInfo } from '../bindings/SnapshotInfo';
import type { Theme } from '../bindings/Theme';
import { variableLabel, VARIABLES } from '../util/roadmap';
import { apiError } from './backend';
import { parseFormula, type FakeFormula } from './fakeFormula';
import { matchDocuments, readQuery, type FakeDocument } from './fakeSearch';

const NAMES: readonly string[] = VARIABLES;
/** Demand halves for every this many days of a document's age. */
const HALF_LIFE_DAYS = 90;
/** The fake's "today", so demand does not change with the calendar. */
export const FAKE_TODAY = '2026-07-01';
/** Weighted scores are points out of 100. */
const POINTS = 100;
const MAX_RUNS = 100_000;

function clone<T>(v: T): T {
  return structuredClone(v);
}

const invalid = (field: string, message: string) => apiError('invalid_input', message, field);

function isFractionName(name: string): boolean {
  return name === 'confidence' || name === 'adoption' || name === 'sentiment';
}

/** A team as the fake workspace holds it. */
export type FakeTeam = { id: number; name: string; headcount: number | null };

/** What the roadmap reads from (and adds to) the rest of the fake workspace. */
export type RoadmapWorld = {
  documents(): FakeDocument[];
  themes(): Theme[];
  teams(): FakeTeam[];
  /** The team of that name (case-insensitive), created when there is none. */
  ensureTeam(name: string): FakeTeam;
  now(): string;
  nextId(): number;
};

type FakeLink = {
  id: number;
  item: number;
  theme_id: number | null;
  document_id: number | null;
  quote: string | null;
  created_at: string;
};

// ---------------------------------------------------------------------------------------------
// Models

const DEFAULT_ROI: RoiSettings = { weeks_per_year: 46, hours_per_week: 40, hourly_cost: null };

function config(kind: ModelKind, description: string, extra: Partial<ModelConfig> = {}): ModelConfig {
  return { kind, description, criteria: [], formula: '', roi: { ...DEFAULT_ROI }, ...extra };
}

/** The presets, in the order they are listed (src/scoring/model.rs `presets`). */
export function presetModels(): [string, ModelConfig][] {
  return [
    [
      'rice',
      config(
        'rice',
        'Reach × Impact × Confidence ÷ Effort. Reach: engineers affected; impact: 0.25 minimal, 0.5 low, 1 medium, 2 high, 3 massive; confidence: 0–1; effort: person-weeks.',
      ),
    ],
    ['ice', config('ice', 'Impact × Confidence × Ease. Impact and ease on 1–10; confidence 0–1.')],
    [
      'wsjf',
      config(
        'wsjf',
        '(Business value + Time criticality + Risk reduction / opportunity enablement) ÷ Job size, each on the 1, 2, 3, 5, 8, 13, 20 scale. Job size falls back to effort.',
      ),
    ],
    [
      'weighted',
      config(
        'weighted',
        'Platform criteria: demand from the evidence, engineers reached, impact and confidence count for an item; effort counts against it.',
        {
          criteria: [
            { key: 'demand', weight: 3, min: 0, max: null },
            { key: 'reach', weight: 2, min: 0, max: null },
            { key: 'impact', weight: 3, min: 0, max: 3 },
            { key: 'confidence', weight: 1, min: 0, max: 1 },
            { key: 'effort', weight: -2, min: 0, max: null },
          ],
        },
      ),
    ],
    [
      'roi',
      config(
        'roi',
        'Developer-productivity ROI: hours saved per engineer per week × engineers (reach) × adoption × weeks × loaded hourly cost, against effort × hours per week × hourly cost. Ranked by ROI; low / expected / high from the inputs\u2019 ranges.',
      ),
    ],
    [
      'time-saved',
      config('formula', 'Engineer-hours saved each week per person-week invested.', {
        formula: 'hours_saved * reach * adoption / effort',
      }),
    ],
  ];
}

type Criterion = { key: string; weight: number; share: number; min: number | null; max: number | null };

/** A model compiled for scoring. */
type Scorer = {
  kind: ModelKind;
  reads: string[];
  criteria: Criterion[];
  formula: FakeFormula | null;
  roi: RoiSettings;
};

function unknownName(field: string, name: string) {
  return invalid(field, `unknown input "${name}"; the names are: ${NAMES.join(', ')}`);
}

/** Compiles and checks a configuration, like the core's `Scorer::compile`. */
export function compile(cfg: ModelConfig): Scorer {
  const base = { kind: cfg.kind, criteria: [] as Criterion[], formula: null as FakeFormula | null, roi: clone(cfg.roi) };
  switch (cfg.kind) {
    case 'rice':
      return { ...base, reads: ['reach', 'impact', 'confidence', 'effort'] };
    case 'ice':
      return { ...base, reads: ['impact', 'confidence', 'ease'] };
    case 'wsjf':
      return { ...base, reads: ['business_value', 'time_criticality', 'risk_reduction', 'job_size'] };
    case 'roi': {
      const r = cfg.roi;
      if (!(r.weeks_per_year > 0 && r.weeks_per_year <= 53)) {
        throw invalid('roi.weeks_per_year', 'weeks per year must be between 0 and 53');
      }
      if (!(r.hours_per_week > 0 && r.hours_per_week <= 168)) {
        throw invalid('roi.hours_per_week', 'hours per week must be between 0 and 168');
      }
      if (r.hourly_cost !== null && !(Number.isFinite(r.hourly_cost) && r.hourly_cost > 0)) {
        throw invalid('roi.hourly_cost', 'the hourly cost must be a positive number');
      }
      return { ...base, reads: ['hours_saved', 'reach', 'adoption', 'hourly_cost', 'effort'] };
    }
    case 'weighted': {
      if (cfg.criteria.length === 0) throw invalid('criteria', 'a weighted model needs at least one criterion');
      const total = cfg.criteria.reduce((s, c) => s + Math.abs(c.weight), 0);
      if (!(Number.isFinite(total) && total > 0)) {
        throw invalid('criteria', 'at least one criterion needs a weight other than 0');
      }
      const reads: string[] = [];
      const criteria: Criterion[] = [];
      for (const c of cfg.criteria) {
        const field = `criteria.${c.key}`;
        if (!NAMES.includes(c.key)) throw unknownName(field, c.key);
        if (reads.includes(c.key)) throw invalid(field, `${c.key} is listed twice`);
        if (!Number.isFinite(c.weight)) throw invalid(field, 'the weight is not a number');
        if (c.min !== null && c.max !== null && !(Number.isFinite(c.min) && Number.isFinite(c.max) && c.max > c.min)) {
          throw invalid(field, `${c.key}: the scale's max must be above its min`);
        }
        reads.push(c.key);
        criteria.push({ key: c.key, weight: c.weight, share: c.weight / total, min: c.min, max: c.max });
      }
      return { ...base, reads, criteria };
    }
    case 'formula': {
      const formula = parseFormula(cfg.formula, NAMES);
      return { ...base, reads: formula.reads, formula };
    }
  }
}

function checkModelName(name: string): string {
  const n = name.trim();
  if (n === '') throw invalid('name', 'a model needs a name');
  if ([...n].length > 60 || !/^[\p{L}\p{N} _-]+$/u.test(n)) {
    throw invalid('name', `"${n}": a model name has at most 60 letters, digits, spaces, - or _`);
  }
  return n.toLowerCase();
}

/** `v` on the 0–1 scale between `lo` and `hi`, clamped; when the ends meet, every item is at 1. */
function normalize(v: number, lo: number, hi: number): number {
  return hi > lo ? Math.min(1, Math.max(0, (v - lo) / (hi - lo))) : 1;
}

type Values = Record<string, number>;
type Norm = [number, number][];

function roiFigures(v: Values, s: RoiSettings) {
  const hours_per_year = v.hours_saved * v.reach * v.adoption * s.weeks_per_year;
  const annual_value = hours_per_year * v.hourly_cost;
  const cost = v.effort * s.hours_per_week * v.hourly_cost;
  return {
    hours_per_year,
    annual_value,
    cost,
    roi: (annual_value - cost) / cost,
    payback_months: annual_value > 0 ? cost / (annual_value / 12) : Number.POSITIVE_INFINITY,
  };
}

/** The score of a value row, or null when an input is missing or the arithmetic has no answer. */
function score(scorer: Scorer, v: Values, norm: Norm): number | null {
  let s: number;
  switch (scorer.kind) {
    case 'rice':
      s = (v.reach * v.impact * v.confidence) / v.effort;
      break;
    case 'ice':
      s = v.impact * v.confidence * v.ease;
      break;
    case 'wsjf':
      s = (v.business_value + v.time_criticality + v.risk_reduction) / v.job_size;
      break;
    case 'roi':
      s = roiFigures(v, scorer.roi).roi;
      break;
    case 'weighted':
      s = 0;
      scorer.criteria.forEach((c, i) => {
        s += c.share * normalize(v[c.key], norm[i][0], norm[i][1]);
      });
      s *= POINTS;
      break;
    case 'formula':
      return scorer.formula?.eval(v) ?? null;
  }
  return Number.isFinite(s) ? s : null;
}

function normOf(scorer: Scorer, rows: Values[]): Norm {
  return scorer.criteria.map((c) => {
    const seen = rows.map((r) => r[c.key]).filter((v) => Number.isFinite(v));
    const lo = c.min ?? (seen.length ? Math.min(...seen) : Number.NaN);
    const hi = c.max ?? (seen.length ? Math.max(...seen) : Number.NaN);
    return Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : [0, 0];
  });
}

/** Rank order: higher score first, unscored last; ties by lower effort, then lower id. */
function compare(a: number | null, b: number | null, ta: [number, number], tb: [number, number]): number {
  if (a !== null && b !== null && a !== b) return b - a;
  if (a !== null && b === null) return -1;
  if (a === null && b !== null) return 1;
  return ta[0] - tb[0] || ta[1] - tb[1];
}

// ---------------------------------------------------------------------------------------------
// Inputs

type Row = {
  value: Values;
  low: Values;
  high: Values;
  source: Record<string, InputSource>;
  derived: Values;
};

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

type Prepared = {
  model: Model;
  scorer: Scorer;
  members: { item: Item; row: Row; share: number; stats: EvidenceStats }[];
  exceptions: { item: Item; row: Row; stats: EvidenceStats }[];
  norm: Norm;
  team: string | null;
  excluded: number;
};

/** One stored snapshot. */
type FakeSnapshot = {
  id: number;
  name: string;
  model: string;
  config: ModelConfig;
  team: string | null;
  created_at: string;
  items: { id: number; title: string; rank: number | null; score: number | null; values: Values; share: number }[];
};

/** A tiny seeded generator (mulberry32): the same seed gives the same runs. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function triangular(lo: number, mode: number, hi: number, u: number): number {
  if (hi <= lo) return mode;
  const f = (mode - lo) / (hi - lo);
  return u < f ? lo + Math.sqrt((hi - lo) * (mode - lo) * u) : hi - Math.sqrt((hi - lo) * (hi - mode) * (1 - u));
}

/** Spearman's ρ between two rankings of the same items. */
export function spearman(pairs: [number, number][]): number | null {
  const n = pairs.length;
  if (n < 2) return null;
  const rerank = (pick: (p: [number, number]) => number) => {
    const idx = pairs.map((_, i) => i).sort((x, y) => pick(pairs[x]) - pick(pairs[y]));
    const r: number[] = new Array(n);
    idx.forEach((i, k) => (r[i] = k + 1));
    return r;
  };
  const ra = rerank((p) => p[0]);
  const rb = rerank((p) => p[1]);
  const d2 = ra.reduce((s, a, i) => s + (a - rb[i]) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}

export class FakeRoadmap {
  items: Item[] = [];
  links: FakeLink[] = [];
  /** The workspace's own models and customized presets, by lowercase name. */
  models = new Map<string, ModelConfig>();
  snapshots: FakeSnapshot[] = [];

  constructor(private readonly world: RoadmapWorld) {}

  // -- items ------------------------------------------------------------------------------------

  private find(id: number): Item {
    const item = this.items.find((i) => i.id === id);
    if (!item) throw apiError('not_found', `no roadmap item with id ${id}`);
    return item;
  }

  private withLinks(item: Item): Item {
    return { ...clone(item), links: this.links.filter((l) => l.item === item.id).length };
  }

  list(): Item[] {
    return [...this.items].sort((a, b) => a.id - b.id).map((i) => this.withLinks(i));
  }

  private checkInput(input: ManualInput): void {
    const field = `inputs.${input.key}`;
    if (!NAMES.includes(input.key)) throw unknownName(field, input.key);
    for (const [what, v] of [
      ['value', input.value],
      ['low', input.low],
      ['high', input.high],
    ] as const) {
      if (v === null) continue;
      if (!Number.isFinite(v)) throw invalid(field, `${input.key} ${what} is not a number`);
      if (v < 0) throw invalid(field, `${input.key} cannot be negative (${what} ${v})`);
      if (isFractionName(input.key) && v > 1) {
        throw invalid(field, `${input.key} is a fraction between 0 and 1 (${what} ${v}; for ${v}% write ${v / 100})`);
      }
      if ((input.key === 'effort' || input.key === 'job_size') && v === 0) {
        throw invalid(field, `${input.key} must be more than 0`);
      }
    }
    if ((input.low !== null && input.low > input.value) || (input.high !== null && input.high < input.value)) {
      throw invalid(field, `${input.key}: the range must hold the estimate (low ≤ value ≤ high)`);
    }
  }

  /** Creates or updates an item (src/scoring/items.rs `save`). */
  save(raw: ItemInput): Item {
    const title = raw.title.trim();
    if (title === '') throw invalid('title', 'a roadmap item needs a title');
    if ([...title].length > 200) throw invalid('title', 'a title has at most 200 characters');
    const input = clone(raw);
    const k = input.inputs.findIndex((i) => i.key === 'effort');
    if (k >= 0) {
      const [e] = input.inputs.splice(k, 1);
      input.effort = e.value;
      input.effort_low = e.low ?? input.effort_low;
      input.effort_high = e.high ?? input.effort_high;
    }
    for (const [field, v] of [
      ['effort', input.effort],
      ['effort_low', input.effort_low],
      ['effort_high', input.effort_high],
    ] as const) {
      if (v !== null && (!Number.isFinite(v) || v <= 0)) {
        throw invalid(field, `${field} must be a positive number of person-weeks, not ${v}`);
      }
    }
    if (input.effort !== null && input.effort_low !== null && input.effort_low > input.effort) {
      throw invalid('effort_low', 'the low effort is above the estimate');
    }
    if (input.effort !== null && input.effort_high !== null && input.effort_high < input.effort) {
      throw invalid('effort_high', 'the high effort is below the estimate');
    }
    const seen = new Set<string>();
    for (const i of input.inputs) {
      this.checkInput(i);
      if (seen.has(i.key)) throw invalid(`inputs.${i.key}`, `${i.key} is given twice`);
      seen.add(i.key);
    }
    const exception = input.exception_team?.trim() ? this.world.ensureTeam(input.exception_team.trim()).name : null;
    const teams: string[] = [];
    for (const t of input.teams.map((x) => x.trim()).filter((x) => x !== '')) {
      const team = this.world.ensureTeam(t).name;
      if (!teams.includes(team)) teams.push(team);
    }
    const stamp = this.world.now();
    const inputs = [...input.inputs].sort((a, b) => NAMES.indexOf(a.key) - NAMES.indexOf(b.key));
    const fields = {
      title,
      description: input.description,
      owner: input.owner.trim(),
      status: input.status,
      effort: input.effort,
      effort_low: input.effort_low,
      effort_high: input.effort_high,
      teams,
      target_metric: input.target_metric.trim(),
      exception_team: exception,
      inputs,
      updated_at: stamp,
    };
    if (input.id !== null) {
      const item = this.find(input.id);
      if (item.status !== input.status) item.history.push({ status: input.status, at: stamp });
      Object.assign(item, fields);
      return this.withLinks(item);
    }
    const item: Item = {
      id: this.world.nextId(),
      ...fields,
      history: [{ status: input.status, at: stamp }],
      links: 0,
      created_at: stamp,
    };
    this.items.push(item);
    return this.withLinks(item);
  }

  remove(id: number): void {
    this.find(id);
    this.items = this.items.filter((i) => i.id !== id);
    this.links = this.links.filter((l) => l.item !== id);
  }

  private linkView(l: FakeLink): ItemLink {
    const docs = this.world.documents();
    if (l.theme_id !== null) {
      const theme = this.world.themes().find((t) => t.id === l.theme_id);
      return {
        id: l.id,
        kind: 'theme',
        theme_id: l.theme_id,
        document_id: null,
        label: theme?.name ?? '',
        document_kind: null,
        quote: null,
        created_at: l.created_at,
      };
    }
    const doc = docs.find((d) => d.id === l.document_id);
    return {
      id: l.id,
      kind: l.quote !== null ? 'quote' : 'document',
      theme_id: null,
      document_id: l.document_id,
      label: doc?.title ?? '',
      document_kind: doc?.kind ?? null,
      quote: l.quote,
      created_at: l.created_at,
    };
  }

  link(input: LinkInput): ItemLink {
    const item = this.find(input.item);
    const quote = input.quote?.trim() || null;
    if (quote !== null && [...quote].length > 2_000) throw invalid('quote', 'a quote has at most 2000 characters');
    let existing: FakeLink | undefined;
    if (input.theme !== null && input.document === null && quote === null) {
      if (!this.world.themes().some((t) => t.id === input.theme)) throw apiError('not_found', `no theme with id ${input.theme}`);
      existing = this.links.find((l) => l.item === item.id && l.theme_id === input.theme);
    } else if (input.theme === null && input.document !== null) {
      if (!this.world.documents().some((d) => d.id === input.document)) {
        throw apiError('not_found', `no document with id ${input.document}`);
      }
      if (quote === null) existing = this.links.find((l) => l.item === item.id && l.document_id === input.document && l.quote === null);
    } else {
      throw invalid('link', 'link exactly one theme or one document (a quote needs its document)');
    }
    const stamp = this.world.now();
    item.updated_at = stamp;
    if (existing) return this.linkView(existing);
    const link: FakeLink = {
      id: this.world.nextId(),
      item: item.id,
      theme_id: input.theme,
      document_id: input.document,
      quote,
      created_at: stamp,
    };
    this.links.push(link);
    return this.linkView(link);
  }

  unlink(link: number): void {
    if (!this.links.some((l) => l.id === link)) throw apiError('not_found', `no link with id ${link}`);
    this.links = this.links.filter((l) => l.id !== link);
  }

  /** Creates an item straight from a theme or a quote, linked to it. */
  fromEvidence(input: ItemFromEvidence): ItemDetail {
    let title: string;
    let link: Omit<LinkInput, 'item'>;
    if (input.theme !== null && input.document === null) {
      const theme = this.world.themes().find((t) => t.id === input.theme);
      if (!theme) throw apiError('not_found', `no theme with id ${input.theme}`);
      title = theme.name;
      link = { theme: theme.id, document: null, quote: null };
    } else if (input.theme === null && input.document !== null) {
      const doc = this.world.documents().find((d) => d.id === input.document);
      if (!doc) throw apiError('not_found', `no document with id ${input.document}`);
      const quote = input.quote?.trim() || null;
      title = quote !== null ? ([...quote].length > 80 ? `${[...quote].slice(0, 80).join('')}…` : quote) : doc.title;
      link = { theme: null, document: doc.id, quote };
    } else {
      throw invalid('link', 'make an item from one theme or one document (with its quote)');
    }
    if (input.title?.trim()) title = input.title;
    const item = this.save({
      id: null,
      title,
      description: '',
      owner: '',
      status: 'idea',
      effort: null,
      effort_low: null,
      effort_high: null,
      teams: [],
      target_metric: '',
      exception_team: null,
      inputs: [],
    });
    this.link({ item: item.id, ...link });
    return this.detail(item.id);
  }

  // -- evidence and inputs ----------------------------------------------------------------------

  /** An item's linked documents (themes resolved through their queries) and what they add up to. */
  private evidence(item: Item): { stats: EvidenceStats; docs: FakeDocument[] } {
    const links = this.links.filter((l) => l.item === item.id);
    const all = this.world.documents();
    const byId = new Map(all.map((d) => [d.id, d]));
    const ids = new Set<number>();
    let quotes = 0;
    for (const l of links) {
      if (l.document_id !== null) {
        if (l.quote !== null) quotes += 1;
        if (byId.has(l.document_id)) ids.add(l.document_id);
      } else if (l.theme_id !== null) {
        const theme = this.world.themes().find((t) => t.id === l.theme_id);
        if (theme) for (const m of matchDocuments(all, readQuery(theme.query))) ids.add(m.doc.id);
      }
    }
    const docs = [...ids].sort((a, b) => a - b).map((id) => byId.get(id)!);
    const stats: EvidenceStats = {
      documents: docs.length,
      interviews: docs.filter((d) => d.kind === 'interview').length,
      tickets: docs.filter((d) => d.kind === 'ticket').length,
      survey_responses: docs.filter((d) => d.kind === 'survey_response').length,
      notes: docs.filter((d) => d.kind === 'note').length,
      quotes,
      teams: new Set(docs.map((d) => d.team?.toLowerCase()).filter((t) => t)).size,
      people: new Set(docs.flatMap((d) => d.people.map((p) => p.trim().toLowerCase())).filter((p) => p)).size,
      demand: docs.reduce((s, d) => s + this.weight(d), 0),
      sentiment: null,
      respondents: 0,
      newest: docs.reduce<string | null>((n, d) => (d.date && (n === null || d.date > n) ? d.date : n), null),
      links: links.length,
    };
    return { stats, docs };
  }

  private weight(d: FakeDocument): number {
    const age = d.date ? Math.max(0, daysBetween(d.date, FAKE_TODAY)) : 0;
    return 0.5 ** (age / HALF_LIFE_DAYS);
  }

  /** The sum of the affected teams' headcounts, and the teams without one. */
  private headcount(item: Item): { sum: number | null; unknown: string[] } {
    let sum: number | null = null;
    const unknown: string[] = [];
    for (const name of item.teams) {
      const t = this.world.teams().find((x) => x.name.toLowerCase() === name.toLowerCase());
      if (t?.headcount !== null && t?.headcount !== undefined) sum = (sum ?? 0) + t.headcount;
      else unknown.push(name);
    }
    return { sum, unknown };
  }

  /** Item's inputs: manual beside derived, a model default, or missing (NaN). */
  private row(item: Item, stats: EvidenceStats, hourlyCost: number | null): Row {
    const derived: Values = Object.fromEntries(NAMES.map((n) => [n, Number.NaN]));
    if (stats.links > 0) {
      for (const n of ['demand', 'documents', 'interviews', 'tickets', 'survey_responses', 'notes', 'quotes', 'teams', 'people'] as const) {
        derived[n] = stats[n];
      }
    }
    if (stats.sentiment !== null) derived.sentiment = stats.sentiment;
    const heads = this.headcount(item).sum;
    if (heads !== null) {
      derived.headcount = heads;
      derived.reach = heads;
    } else if (stats.people > 0) {
      derived.reach = stats.people;
    }
    if (item.effort !== null) derived.job_size = item.effort;
    const r: Row = {
      value: { ...derived },
      low: { ...derived },
      high: { ...derived },
      source: Object.fromEntries(NAMES.map((n) => [n, Number.isNaN(derived[n]) ? 'missing' : 'derived'])),
      derived,
    };
    const set = (n: string, v: number, low: number | null, high: number | null, src: InputSource) => {
      r.value[n] = v;
      r.low[n] = low ?? v;
      r.high[n] = high ?? v;
      r.source[n] = src;
    };
    if (hourlyCost !== null && Number.isNaN(r.value.hourly_cost)) set('hourly_cost', hourlyCost, null, null, 'default');
    if (item.effort !== null) {
      set('effort', item.effort, item.effort_low, item.effort_high, 'manual');
      if (r.source.job_size === 'derived') {
        r.low.job_size = r.low.effort;
        r.high.job_size = r.high.effort;
      }
    }
    for (const i of item.inputs) if (NAMES.includes(i.key)) set(i.key, i.value, i.low, i.high, 'manual');
    return r;
  }

  /** How an input was found, in words (src/scoring/inputs.rs `note`). */
  private note(item: Item, stats: EvidenceStats, r: Row, n: string): string {
    let derived = '';
    if (!Number.isNaN(r.derived[n]) || r.source[n] === 'default') {
      if (n === 'reach' || n === 'headcount') {
        const { sum, unknown } = this.headcount(item);
        if (sum !== null) {
          derived = `${sum} engineers in ${item.teams.join(', ')}`;
          if (unknown.length) derived += ` (no headcount for ${unknown.join(', ')})`;
        } else {
          derived = `${stats.people} distinct people in ${stats.documents} linked documents`;
        }
      } else if (n === 'demand') {
        const newest = stats.newest ? `, newest ${stats.newest}` : '';
        derived = `${stats.documents} documents weighted by recency (half-life ${HALF_LIFE_DAYS} days)${newest}`;
      } else if (n === 'sentiment') {
        derived = `mean survey score of ${stats.respondents} respondents behind the evidence (0 lowest, 1 highest)`;
      } else if (n === 'job_size') {
        derived = 'from effort';
      } else if (n === 'hourly_cost') {
        derived = "the model's default hourly cost";
      } else {
        derived = `counted in ${stats.links} evidence links`;
      }
    }
    switch (r.source[n]) {
      case 'manual':
        return derived ? `typed by hand; the evidence says ${fmt(r.derived[n])} (${derived})` : 'typed by hand';
      case 'missing':
        if (n === 'reach') return 'missing: set headcounts on the affected teams, link evidence, or type it';
        if (n === 'sentiment') return 'missing: no linked document came from a survey';
        if (n === 'hourly_cost') return "missing: type it on the item or set the ROI model's hourly cost";
        if (n === 'job_size') return "missing: type it or set the item's effort";
        if (NAMES.indexOf(n) >= NAMES.indexOf('demand') && stats.links === 0) return 'missing: no evidence linked';
        return 'missing: type it on the item';
      default:
        return derived;
    }
  }

  private resolved(item: Item, stats: EvidenceStats, r: Row, n: string): ResolvedInput {
    const ok = (v: number) => (Number.isNaN(v) ? null : v);
    const ranged = r.low[n] !== r.value[n] || r.high[n] !== r.value[n];
    return {
      key: n,
      label: variableLabel(n),
      value: ok(r.value[n]),
      low: ranged ? ok(r.low[n]) : null,
      high: ranged ? ok(r.high[n]) : null,
      source: r.source[n],
      derived: ok(r.derived[n]),
      note: this.note(item, stats, r, n),
    };
  }

  /** An item with its links, evidence and every input resolved. */
  detail(id: number): ItemDetail {
    const item = this.find(id);
    const { stats } = this.evidence(item);
    const r = this.row(item, stats, this.model('roi').config.roi.hourly_cost);
    return {
      item: this.withLinks(item),
      links: this.links
        .filter((l) => l.item === id)
        .sort((a, b) => b.id - a.id)
        .map((l) => this.linkView(l)),
      evidence: stats,
      inputs: NAMES.map((n) => this.resolved(item, stats, r, n)),
    };
  }

  // -- models -----------------------------------------------------------------------------------

  private modelOf(name: string, cfg: ModelConfig, preset: boolean, customized: boolean): Model {
    let reads: string[] = [];
    try {
      reads = compile(cfg).reads;
    } catch {
      reads = [];
    }
    return { name, config: clone(cfg), preset, customized, reads };
  }

  listModels(): Model[] {
    const out: Model[] = [];
    for (const [name, cfg] of presetModels()) {
      const own = this.models.get(name);
      out.push(own ? this.modelOf(name, own, true, true) : this.modelOf(name, cfg, true, false));
    }
    const presets = new Set(presetModels().map(([n]) => n));
    const own = [...this.models.entries()].filter(([n]) => !presets.has(n)).sort(([a], [b]) => a.localeCompare(b));
    return [...out, ...own.map(([n, c]) => this.modelOf(n, c, false, false))];
  }

  model(name: string): Model {
    const key = name.trim().toLowerCase();
    const all = this.listModels();
    const m = all.find((x) => x.name === key);
    if (!m) throw invalid('model', `no model named "${name}"; the models are: ${all.map((x) => x.name).join(', ')}`);
    return m;
  }

  saveModel(input: ModelInput): Model {
    const name = checkModelName(input.name);
    compile(input.config);
    this.models.set(name, clone(input.config));
    return this.model(name);
  }

  resetModel(name: string): Model {
    const key = name.trim().toLowerCase();
    const before = this.model(key);
    this.models.delete(key);
    return before.preset ? this.model(key) : before;
  }

  // -- ranking ----------------------------------------------------------------------------------

  private prepare(model: Model, teamName: string | null, all: boolean): Prepared {
    const scorer = compile(model.config);
    model = { ...model, reads: scorer.reads };
    let team: string | null = null;
    if (teamName && teamName.trim() !== '') {
      const t = this.world.teams().find((x) => x.name.toLowerCase() === teamName.trim().toLowerCase());
      if (!t) throw invalid('team', `no team named "${teamName.trim()}"`);
      team = t.name;
    }
    const hourly = scorer.kind === 'roi' ? scorer.roi.hourly_cost : null;
    const members: Prepared['members'] = [];
    const exceptions: Prepared['exceptions'] = [];
    let excluded = 0;
    for (const item of [...this.items].sort((a, b) => a.id - b.id)) {
      if (!all && (item.status === 'shipped' || item.status === 'dropped')) {
        excluded += 1;
        continue;
      }
      const { stats, docs } = this.evidence(item);
      const row = this.row(item, stats, hourly);
      const exception = item.exception_team;
      if (team === null) {
        if (exception !== null) exceptions.push({ item, row, stats });
        else members.push({ item, row, share: 1, stats });
        continue;
      }
      const mine = docs.filter((d) => d.team?.toLowerCase() === team.toLowerCase()).reduce((s, d) => s + this.weight(d), 0);
      const every = docs.reduce((s, d) => s + this.weight(d), 0);
      const affected = item.teams.some((t) => t.toLowerCase() === team.toLowerCase());
      let share = every > 0 ? mine / every : affected ? 1 / item.teams.length : 0;
      const mineException = exception !== null && exception.toLowerCase() === team.toLowerCase();
      if (mineException) share = Math.max(share, 1);
      if ((exception !== null && !mineException) || (share === 0 && !affected)) continue;
      members.push({ item, row, share, stats });
    }
    const norm = normOf(
      scorer,
      members.map((m) => m.row.value),
    );
    return { model, scorer, members, exceptions, norm, team, excluded };
  }

  private prepareRequest(req: { model: string; draft: ModelConfig | null; team: string | null }, all = false): Prepared {
    const model = this.model(req.model);
    if (req.draft) model.config = clone(req.draft);
    return this.prepare(model, req.team, all);
  }

  private memberScore(p: Prepared, m: number): number | null {
    const s = score(p.scorer, p.members[m].row.value, p.norm);
    return s === null ? null : s * p.members[m].share;
  }

  private tie(item: Item): [number, number] {
    return [item.effort ?? Number.POSITIVE_INFINITY, item.id];
  }

  private order(p: Prepared, scores: (number | null)[]): number[] {
    return p.members
      .map((_, i) => i)
      .sort((a, b) => compare(scores[a], scores[b], this.tie(p.members[a].item), this.tie(p.members[b].item)));
  }

  private explain(p: Prepared, item: Item, row: Row, stats: EvidenceStats, share: number | null, rank: number | null): RankedItem {
    const { scorer } = p;
    const missing = scorer.reads.filter((n) => Number.isNaN(row.value[n]));
    const raw = missing.length === 0 ? score(scorer, row.value, p.norm) : null;
    const scoreValue = raw === null ? null : raw * (share ?? 1);
    let problem: string | null = null;
    if (raw === null && missing.length === 0) {
      problem =
        scorer.kind === 'formula'
          ? 'the formula has no answer for this item (a division by zero, or the root or log of a negative number)'
          : 'the arithmetic has no answer for this item (a zero divisor)';
    }
    const ok = (v: number) => (Number.isFinite(v) ? v : null);
    const breakdown: ScorePart[] = scorer.reads.map((n, i) => {
      const v = row.value[n];
      let role: ScorePart['role'] = 'factor';
      let weight: number | null = null;
      let normalized: number | null = null;
      let points: number | null = null;
      switch (scorer.kind) {
        case 'rice':
        case 'ice':
        case 'roi':
          role = n === 'effort' && scorer.kind !== 'ice' ? 'divisor' : 'factor';
          break;
        case 'wsjf':
          if (n === 'job_size') {
            role = 'divisor';
          } else {
            role = 'term';
            const p2 = ok(v / row.value.job_size);
            points = p2 === null ? null : p2 * (share ?? 1);
          }
          break;
        case 'weighted': {
          const c = scorer.criteria[i];
          const [lo, hi] = p.norm[i];
          role = 'criterion';
          weight = c.weight;
          normalized = Number.isNaN(v) ? null : normalize(v, lo, hi);
          points = normalized === null ? null : normalized * c.share * POINTS * (share ?? 1);
          break;
        }
        case 'formula':
          role = 'variable';
          break;
      }
      return {
        key: n,
        label: variableLabel(n),
        value: ok(v),
        source: row.source[n],
        role,
        weight,
        normalized,
        points: missing.length === 0 ? points : null,
        note: this.note(item, stats, row, n),
      };
    });
    if (share !== null && p.team !== null) {
      breakdown.push({
        key: 'team_share',
        label: `${p.team}'s share of demand`,
        value: share,
        source: 'derived',
        role: 'factor',
        weight: null,
        normalized: null,
        points: null,
        note: `${p.team}'s recency-weighted evidence ÷ all of the item's evidence`,
      });
    }
    let roi: RankedItem['roi'] = null;
    if (scorer.kind === 'roi' && missing.length === 0) {
      const line = (v: Values): RoiLine => {
        const f = roiFigures(v, scorer.roi);
        return {
          hours_per_year: f.hours_per_year,
          annual_value: f.annual_value,
          cost: f.cost,
          roi: f.roi,
          payback_months: Number.isFinite(f.payback_months) ? f.payback_months : null,
        };
      };
      roi = {
        low: line({ ...row.low, effort: row.high.effort }),
        expected: line(row.value),
        high: line({ ...row.high, effort: row.low.effort }),
      };
    }
    return {
      rank: scoreValue === null ? null : rank,
      id: item.id,
      title: item.title,
      status: item.status,
      owner: item.owner,
      teams: [...item.teams],
      effort: item.effort,
      score: scoreValue,
      breakdown,
      missing,
      problem,
      roi,
      exception_team: item.exception_team,
      team_share: share,
      evidence: clone(stats),
    };
  }

  rank(req: RankRequest): Ranking {
    const p = this.prepareRequest(req, req.all);
    const scores = p.members.map((_, m) => this.memberScore(p, m));
    const order = this.order(p, scores);
    const scored = scores.filter((s) => s !== null).length;
    const keep = req.top === null ? order.length : Math.min(req.top, scored);
    const items = order.slice(0, keep).map((m, r) => {
      const mem = p.members[m];
      return this.explain(p, mem.item, mem.row, mem.stats, p.team !== null ? mem.share : null, r + 1);
    });
    const exceptions = p.exceptions
      .map((e) => this.explain(p, e.item, e.row, e.stats, null, null))
      .sort((a, b) => compare(a.score, b.score, [a.effort ?? Infinity, a.id], [b.effort ?? Infinity, b.id]));
    return {
      model: p.model,
      team: p.team,
      items,
      exceptions,
      scored,
      unscored: p.members.length - scored,
      excluded: p.excluded,
    };
  }

  sensitivity(req: SensitivityRequest): Sensitivity {
    const p = this.prepareRequest(req);
    if (req.runs <= 0 || req.runs > MAX_RUNS || !Number.isInteger(req.runs)) {
      throw invalid('runs', `runs must be between 1 and ${MAX_RUNS}`);
    }
    if (!(req.spread >= 0 && req.spread < 1)) {
      throw invalid('spread', 'the weight spread is a fraction between 0 and 1 (0.25 for ± 25 %)');
    }
    if (req.top < 1) throw invalid('top', 'top must be at least 1');
    const base = p.members.map((_, m) => this.memberScore(p, m));
    const scored = this.order(p, base).filter((m) => base[m] !== null);
    const uncertain: { pos: number; name: string; lo: number; mode: number; hi: number }[] = [];
    scored.forEach((m, pos) => {
      const r = p.members[m].row;
      for (const name of p.scorer.reads) {
        if (r.low[name] < r.high[name]) uncertain.push({ pos, name, lo: r.low[name], mode: r.value[name], hi: r.high[name] });
      }
    });
    const weighted = p.scorer.criteria.length > 0;
    const varied: string[] = [];
    if (weighted && req.spread > 0) varied.push(`each criterion's weight × 1 ± ${Math.round(req.spread * 100)} %`);
    if (uncertain.length > 0) varied.push(`${uncertain.length} input${uncertain.length === 1 ? '' : 's'} with a range, triangular between low, estimate and high`);
    const rand = generator(req.seed);
    const ranks: number[][] = scored.map(() => []);
    const scorer: Scorer = { ...p.scorer, criteria: p.scorer.criteria.map((c) => ({ ...c })) };
    const values = scored.map((m) => ({ ...p.members[m].row.value }));
    for (let run = 0; run < req.runs; run++) {
      if (weighted && req.spread > 0) {
        const w = p.scorer.criteria.map((c) => c.weight * (1 + req.spread * (2 * rand() - 1)));
        const total = w.reduce((s, x) => s + Math.abs(x), 0);
        scorer.criteria.forEach((c, i) => (c.share = total > 0 ? w[i] / total : 0));
      }
      for (const u of uncertain) values[u.pos][u.name] = triangular(u.lo, u.mode, u.hi, rand());
      const scores = scored.map((m, pos) => {
        const s = score(scorer, values[pos], p.norm);
        return s === null ? Number.NEGATIVE_INFINITY : s * p.members[m].share;
      });
      const ties = scored.map((m) => this.tie(p.members[m].item));
      const idx = scored.map((_, i) => i).sort((a, b) => compare(scores[a], scores[b], ties[a], ties[b]));
      idx.forEach((i, r) => ranks[i].push(r + 1));
    }
    const items: ItemSensitivity[] = scored.map((m, pos) => {
      const mine = [...ranks[pos]].sort((a, b) => a - b);
      const pct = (q: number) => mine[Math.round((mine.length - 1) * q)];
      const item = p.members[m].item;
      return {
        id: item.id,
        title: item.title,
        rank: pos + 1,
        low: pct(0.05),
        median: pct(0.5),
        high: pct(0.95),
        top_chance: mine.filter((r) => r <= req.top).length / req.runs,
        uncertain: uncertain.filter((u) => u.pos === pos).map((u) => u.name),
      };
    });
    return { model: p.model.name, runs: req.runs, seed: req.seed, top: req.top, spread: req.spread, varied, items };
  }

  compare(req: CompareRequest): Comparison {
    const side = (s: CompareRequest['a']) => this.prepareRequest({ model: s.model, draft: s.draft, team: req.team });
    const [a, b] = [side(req.a), side(req.b)];
    const ranks = (p: Prepared) => {
      const scores = p.members.map((_, m) => this.memberScore(p, m));
      const out = new Map<number, { rank: number | null; score: number | null; pos: number }>();
      this.order(p, scores).forEach((m, r) => {
        out.set(p.members[m].item.id, { rank: scores[m] === null ? null : r + 1, score: scores[m], pos: r });
      });
      return out;
    };
    const [ra, rb] = [ranks(a), ranks(b)];
    const items: (ComparedItem & { pos: number })[] = b.members.map(({ item }) => {
      const y = rb.get(item.id)!;
      const x = ra.get(item.id);
      const rank_a = x?.rank ?? null;
      return {
        pos: y.pos,
        id: item.id,
        title: item.title,
        rank_a,
        rank_b: y.rank,
        score_a: x?.score ?? null,
        score_b: y.score,
        moved: rank_a !== null && y.rank !== null ? rank_a - y.rank : null,
      };
    });
    items.sort((x, y) => x.pos - y.pos);
    const pairs = items.filter((i) => i.rank_a !== null && i.rank_b !== null).map((i) => [i.rank_a!, i.rank_b!] as [number, number]);
    return {
      a: req.a.label ?? req.a.model,
      b: req.b.label ?? req.b.model,
      items: items.map(({ pos: _pos, ...i }) => i),
      spearman: spearman(pairs),
      common: pairs.length,
      moved: items.filter((i) => i.moved !== null && i.moved !== 0).length,
    };
  }

  // -- snapshots --------------------------------------------------------------------------------

  private stored(p: Prepared): FakeSnapshot['items'] {
    const scores = p.members.map((_, m) => this.memberScore(p, m));
    return this.order(p, scores).map((m, r) => ({
      id: p.members[m].item.id,
      title: p.members[m].item.title,
      rank: scores[m] === null ? null : r + 1,
      score: scores[m],
      values: { ...p.members[m].row.value },
      share: p.members[m].share,
    }));
  }

  private snapshot(name: string): FakeSnapshot {
    const key = name.trim().toLowerCase();
    const s = this.snapshots.find((x) => x.name.toLowerCase() === key || String(x.id) === key);
    if (!s) throw apiError('not_found', `no snapshot named "${name.trim()}"`);
    return s;
  }

  private info(s: FakeSnapshot): SnapshotInfo {
    return { id: s.id, name: s.name, model: s.model, created_at: s.created_at, items: s.items.length };
  }

  saveSnapshot(name: string, req: RankRequest): SnapshotInfo {
    const n = name.trim();
    if (n === '' || [...n].length > 120) throw invalid('name', 'a snapshot needs a name of at most 120 characters');
    if (n.toLowerCase() === 'now') throw invalid('name', '"now" stands for the current ranking; pick another name');
    if (this.snapshots.some((s) => s.name.toLowerCase() === n.toLowerCase())) {
      throw invalid('name', `a snapshot named "${n}" already exists`);
    }
    const p = this.prepareRequest(req, req.all);
    const snap: FakeSnapshot = {
      id: this.world.nextId(),
      name: n,
      model: p.model.name,
      config: clone(p.model.config),
      team: p.team,
      created_at: this.world.now(),
      items: this.stored(p),
    };
    this.snapshots.push(snap);
    return this.info(snap);
  }

  listSnapshots(): SnapshotInfo[] {
    return [...this.snapshots].sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id).map((s) => this.info(s));
  }

  deleteSnapshot(name: string): void {
    const s = this.snapshot(name);
    this.snapshots = this.snapshots.filter((x) => x !== s);
  }

  diff(from: string, to: string): SnapshotDiff {
    const a = this.snapshot(from);
    let b: Pick<FakeSnapshot, 'name' | 'config' | 'items'>;
    if (to.trim().toLowerCase() === 'now') {
      const model: Model = { name: a.model, config: clone(a.config), preset: false, customized: false, reads: [] };
      b = { name: 'now', config: a.config, items: this.stored(this.prepare(model, a.team, false)) };
    } else {
      b = this.snapshot(to);
    }
    let scorer: Scorer | null = null;
    try {
      scorer = compile(b.config);
    } catch {
      scorer = null;
    }
    const norm = scorer ? normOf(scorer, b.items.map((i) => i.values)) : [];
    const items: DiffItem[] = [];
    for (const item of b.items) {
      const old = a.items.find((x) => x.id === item.id);
      if (!old) {
        items.push({
          id: item.id,
          title: item.title,
          change: 'added',
          rank_from: null,
          rank_to: item.rank,
          score_from: null,
          score_to: item.score,
          drivers: [],
        });
        continue;
      }
      const drivers: InputChange[] = [];
      for (const n of NAMES) {
        const x = old.values[n];
        const y = item.values[n];
        if ((Number.isNaN(x) && Number.isNaN(y)) || x === y) continue;
        let effect: number | null = null;
        if (scorer) {
          const now = score(scorer, item.values, norm);
          const then = score(scorer, { ...item.values, [n]: x }, norm);
          effect = now !== null && then !== null ? (now - then) * item.share : null;
        }
        drivers.push({ key: n, label: variableLabel(n), from: Number.isNaN(x) ? null : x, to: Number.isNaN(y) ? null : y, effect });
      }
      const size = (c: InputChange) => (c.effect === null ? -1 : Math.abs(c.effect));
      drivers.sort((p, q) => size(q) - size(p));
      const kept = drivers.filter((d) => d.effect === null || d.effect !== 0);
      let change: Change = 'same';
      if (old.rank !== null && item.rank !== null) change = old.rank !== item.rank ? 'moved' : 'same';
      else if (old.rank === null && item.rank !== null) change = 'added';
      else if (old.rank !== null && item.rank === null) change = 'removed';
      items.push({
        id: item.id,
        title: item.title,
        change,
        rank_from: old.rank,
        rank_to: item.rank,
        score_from: old.score,
        score_to: item.score,
        drivers: kept,
      });
    }
    for (const old of a.items) {
      if (!b.items.some((x) => x.id === old.id)) {
        items.push({
          id: old.id,
          title: old.title,
          change: 'removed',
          rank_from: old.rank,
          rank_to: null,
          score_from: old.score,
          score_to: null,
          drivers: [],
        });
      }
    }
    return { from: a.name, to: b.name, model_changed: JSON.stringify(a.config) !== JSON.stringify(b.config), items };
  }
}

/** Items for a demo roadmap: what `seedRoadmap` adds. */
export const SAMPLE_ITEMS: Omit<ItemInput, 'id'>[] = [
  {
    title: 'Faster CI for the monorepo',
    description: 'Remote build cache and test sharding for the main repository.',
    owner: 'Dana',
    status: 'planned',
    effort: 6,
    effort_low: 4,
    effort_high: 10,
    teams: ['Payments', 'Checkout'],
    target_metric: 'Lead time for changes',
    exception_team: null,
    inputs: [
      { key: 'impact', value: 2, low: 1, high: 3 },
      { key: 'confidence', value: 0.8, low: null, high: null },
      { key: 'hours_saved', value: 1.5, low: 1, high: 2.5 },
      { key: 'adoption', value: 0.9, low: 0.7, high: 1 },
    ],
  },
  {
    title: 'Self-service preview environments',
    description: 'A preview environment per pull request.',
    owner: 'Lee',
    status: 'idea',
    effort: 12,
    effort_low: 8,
    effort_high: 20,
    teams: ['Checkout', 'Platform'],
    target_metric: 'Deployment frequency',
    exception_team: null,
    inputs: [
      { key: 'impact', value: 1, low: null, high: null },
      { key: 'confidence', value: 0.5, low: 0.3, high: 0.7 },
      { key: 'hours_saved', value: 0.5, low: null, high: null },
      { key: 'adoption', value: 0.6, low: null, high: null },
    ],
  },
  {
    title: 'Golden path for new services',
    description: 'A template and docs that take a new service to production in a day.',
    owner: 'Sam',
    status: 'idea',
    effort: 4,
    effort_low: null,
    effort_high: null,
    teams: ['Platform'],
    target_metric: 'Time to production',
    exception_team: null,
    inputs: [{ key: 'confidence', value: 0.7, low: null, high: null }],
  },
  {
    title: 'Mobile release signing',
    description: 'Automated signing for the mobile apps.',
    owner: 'Ada',
    status: 'planned',
    effort: 3,
    effort_low: null,
    effort_high: null,
    teams: ['Payments'],
    target_metric: 'MTTR',
    exception_team: 'Payments',
    inputs: [
      { key: 'reach', value: 12, low: null, high: null },
      { key: 'impact', value: 1, low: null, high: null },
      { key: 'confidence', value: 0.9, low: null, high: null },
    ],
  },
];
