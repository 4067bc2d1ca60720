// Display helpers of the Surveys view: grouping grid questions, numbers as people read them, the
// search that finds a question's free-text answers, and the colours of its charts.
import type { ColumnRole } from '../bindings/ColumnRole';
import type { Facet } from '../bindings/Facet';
import type { ImportKind } from '../bindings/ImportKind';
import type { QuestionSummary } from '../bindings/QuestionSummary';

/**
 * Questions as the summary lays them out: each grid's rows (same `group`) under their stem, at
 * the place of its first row; runs of other questions together, in survey order.
 */
export type QuestionGroup = { group: string | null; questions: QuestionSummary[] };

export function groupQuestions(questions: readonly QuestionSummary[]): QuestionGroup[] {
  const out: QuestionGroup[] = [];
  const byStem = new Map<string, QuestionGroup>();
  for (const q of questions) {
    if (q.group === null) {
      const last = out.at(-1);
      if (last && last.group === null) last.questions.push(q);
      else out.push({ group: null, questions: [q] });
      continue;
    }
    const known = byStem.get(q.group);
    if (known) {
      known.questions.push(q);
    } else {
      const g = { group: q.group, questions: [q] };
      byStem.set(q.group, g);
      out.push(g);
    }
  }
  return out;
}

/** A card's title: the grid row's item under its stem, else the question. */
export function questionTitle(q: QuestionSummary): string {
  return q.item ?? q.text;
}

/** 4.25 → "4.3", 4 → "4", with `digits` decimals at most. */
export function formatNumber(n: number, digits = 1): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** An NPS as written: "+25", "−12.5" (a real minus sign), "0". */
export function formatNps(score: number): string {
  const abs = formatNumber(Math.abs(score));
  if (abs === '0') return '0';
  return score > 0 ? `+${abs}` : `\u2212${abs}`;
}

/** `count` out of `total` as a whole percentage ("0%" when there is no total). */
export function percent(count: number, total: number): string {
  return total > 0 ? `${Math.round((count / total) * 100)}%` : '0%';
}

const ROLE_LABELS: Record<ColumnRole, string> = {
  likert: 'Scale',
  nps: 'NPS',
  single: 'Single choice',
  multiple: 'Multiple choice',
  numeric: 'Number',
  text: 'Free text',
  team: 'Team',
  role: 'Role',
  tenure: 'Tenure',
  attribute: 'Attribute',
  respondent: 'Response id',
  submitted: 'Submitted',
  ignore: 'Ignored',
};

export function roleLabel(role: ColumnRole): string {
  return ROLE_LABELS[role];
}

/** A facet's name in the filter bar: its role, or the question for other attributes. */
export function facetLabel(facet: Facet): string {
  return facet.role === 'attribute' ? facet.text : ROLE_LABELS[facet.role];
}

const KIND_LABELS: Record<ImportKind, string> = { tickets: 'Tickets', survey: 'Survey', notes: 'Notes', transcript: 'Transcript' };

export function importKindLabel(kind: string): string {
  return (KIND_LABELS as Record<string, string>)[kind] ?? kind;
}

/** Words of a question that the search query keeps. */
const SEARCH_WORDS = 6;

/**
 * The search that finds a free-text question's answers: each answer is a document titled with
 * the question (grids: "Stem: Item"), so the first words of the question (of the stem, for a
 * grid) as a quoted phrase. Quotes and brackets inside it are dropped so the phrase stays whole.
 */
export function answersQuery(q: Pick<QuestionSummary, 'text' | 'group'>): string {
  const words = (q.group ?? q.text)
    .replace(/["()[\]]/g, ' ')
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w))
    .slice(0, SEARCH_WORDS);
  return words.length === 0 ? '' : `"${words.join(' ')}"`;
}

// Chart colours, from the light theme's palette (app.css): charts draw on a canvas, which cannot
// read CSS variables, so they are spelled out here.
export const CHART = {
  bar: '#2f8577',
  grid: '#e6ecea',
  text: '#5b6865',
  detractor: '#d0655b',
  passive: '#c4cbc9',
  promoter: '#0f6e61',
};

/** A five-point scale's colours, lowest first: strong red, light red, grey, light green, green. */
const SCALE_STOPS = ['#b42318', '#e8867c', '#c4cbc9', '#6fb3a7', '#0f6e61'];

function rgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function mix(a: string, b: string, t: number): string {
  const [x, y] = [rgb(a), rgb(b)];
  const c = x.map((v, i) => Math.round(v + (y[i] - v) * t));
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** `n` colours for a scale, lowest point first: red through grey to green. */
export function scaleColors(n: number): string[] {
  if (n <= 1) return [SCALE_STOPS[SCALE_STOPS.length - 1]];
  const last = SCALE_STOPS.length - 1;
  return Array.from({ length: n }, (_, i) => {
    const at = (i / (n - 1)) * last;
    const lo = Math.min(Math.floor(at), last - 1);
    return mix(SCALE_STOPS[lo], SCALE_STOPS[lo + 1], at - lo);
  });
}

/** The colour of an NPS answer (0–6 detractor, 7–8 passive, 9–10 promoter). */
export function npsColor(label: string): string {
  const n = Number(label);
  if (!Number.isFinite(n)) return CHART.bar;
  return n >= 9 ? CHART.promoter : n >= 7 ? CHART.passive : CHART.detractor;
}
