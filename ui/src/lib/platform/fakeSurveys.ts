// Surveys for the in-memory FakeBackend: stored answers and the summary the core computes from
// them (src/surveys.rs), mirrored closely enough for the UI's tests: Likert labels scored from 1,
// NPS and CSAT rounded to one decimal, means to two, options most chosen first, per-team figures.
import type { ColumnRole } from '../bindings/ColumnRole';
import type { Facet } from '../bindings/Facet';
import type { FacetFilter } from '../bindings/FacetFilter';
import type { Nps } from '../bindings/Nps';
import type { OptionCount } from '../bindings/OptionCount';
import type { QuestionSummary } from '../bindings/QuestionSummary';
import type { SurveyInfo } from '../bindings/SurveyInfo';
import type { SurveySummary } from '../bindings/SurveySummary';
import type { TeamBreakdown } from '../bindings/TeamBreakdown';
import { apiError } from './backend';

/** Every role, in the order the core's mapping editor offers them. */
export const SURVEY_ROLES: ColumnRole[] = [
  'likert',
  'nps',
  'single',
  'multiple',
  'numeric',
  'text',
  'team',
  'role',
  'tenure',
  'attribute',
  'respondent',
  'submitted',
  'ignore',
];

export function isQuestion(role: ColumnRole): boolean {
  return ['likert', 'nps', 'single', 'multiple', 'numeric', 'text'].includes(role);
}

export function isAttribute(role: ColumnRole): boolean {
  return ['team', 'role', 'tenure', 'attribute'].includes(role);
}

/** One stored column: a question or a respondent attribute. */
export type FakeColumn = {
  column: string;
  text: string;
  role: ColumnRole;
  /** Likert: the scale's labels, lowest first. Multiple choice: the known options. */
  options?: string[];
};

export type FakeSurvey = {
  id: number;
  name: string;
  format: string;
  source_path: string;
  updated_at: string;
  columns: FakeColumn[];
  /** Column key → answer; a missing or empty answer was skipped. */
  respondents: Record<string, string>[];
  /** The import batch that created it (undo removes it). */
  batch: number | null;
};

const AGREE = ['Strongly disagree', 'Disagree', 'Neutral', 'Agree', 'Strongly agree'];
const SATISFIED = ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'];
const GRID = 'How much do you agree with each statement?';

/** The survey the tests read: 12 respondents of three teams. */
export function sampleSurvey(id = 1): FakeSurvey {
  const columns: FakeColumn[] = [
    { column: 'Which team are you on?', text: 'Which team are you on?', role: 'team' },
    { column: 'What is your role?', text: 'What is your role?', role: 'role' },
    { column: 'How long have you been here?', text: 'How long have you been here?', role: 'tenure' },
    { column: 'ci', text: `${GRID} [CI gives me feedback fast enough]`, role: 'likert', options: AGREE },
    { column: 'deploy', text: `${GRID} [I can deploy without help]`, role: 'likert', options: AGREE },
    { column: 'docs', text: `${GRID} [I can find the docs I need]`, role: 'likert', options: AGREE },
    { column: 'sat', text: 'Overall, how satisfied are you with the internal platform?', role: 'likert', options: SATISFIED },
    { column: 'nps', text: 'How likely are you to recommend the platform to a colleague?', role: 'nps' },
    {
      column: 'tools',
      text: 'Which tools do you use every week?',
      role: 'multiple',
      options: ['GitHub Actions', 'Argo CD', 'Backstage', 'Grafana'],
    },
    { column: 'hours', text: 'How many hours a week do you wait on CI?', role: 'numeric' },
    { column: 'fix', text: 'What is the one thing we should fix first?', role: 'text' },
  ];
  // team, role, tenure, ci, deploy, docs, sat (1–5), nps, tools, hours, fix
  const rows: [string, string, string, number, number, number, number, string, string, string, string][] = [
    ['Payments', 'Backend engineer', '1–3 years', 2, 4, 3, 4, '9', 'GitHub Actions, Grafana', '6', 'Make CI faster on the monorepo; builds take forty minutes.'],
    ['Payments', 'Backend engineer', '3+ years', 1, 4, 2, 5, '10', 'GitHub Actions, Argo CD', '8', 'Flaky integration tests block merges every week.'],
    ['Payments', 'Frontend engineer', 'Less than a year', 2, 5, 3, 3, '6', 'GitHub Actions', '10', 'The deploy pipeline needs a one-click rollback.'],
    ['Payments', 'SRE', '3+ years', 3, 3, 4, 4, '8', 'GitHub Actions, Backstage, Grafana', '4', 'Docs for the service template are out of date.'],
    ['Payments', 'Backend engineer', '1–3 years', 4, 4, 3, 4, '9', 'Argo CD', '2', 'Preview environments for every pull request.'],
    ['Checkout', 'Frontend engineer', 'Less than a year', 1, 2, 2, 2, '3', 'GitHub Actions', '12', 'CI queue times in the afternoon are painful.'],
    ['Checkout', 'Backend engineer', '1–3 years', 2, 3, 2, 3, '7', 'GitHub Actions, Backstage', '', 'Secrets rotation is manual and scary.'],
    ['Checkout', 'Frontend engineer', '3+ years', 3, 2, 1, 2, '5', 'Backstage', '9', 'ok'],
    ['Checkout', 'SRE', '1–3 years', 4, 3, 3, 4, '9', 'GitHub Actions, Grafana', '5', 'Better alerts: the Grafana dashboards are noisy.'],
    ['Platform', 'SRE', '3+ years', 5, 5, 4, 5, '10', 'Argo CD, Grafana, Backstage', '1', 'Golden paths for new services.'],
    ['Platform', 'Backend engineer', '1–3 years', 4, 5, 3, 4, '9', 'Argo CD, Grafana', '0', 'Faster Argo CD syncs.'],
    ['Platform', 'SRE', 'Less than a year', 4, 4, 3, 4, '8', 'GitHub Actions, Argo CD', '3', ''],
  ];
  const respondents = rows.map(([team, role, tenure, ci, deploy, docs, sat, nps, tools, hours, fix]) => {
    const r: Record<string, string> = {
      [columns[0].column]: team,
      [columns[1].column]: role,
      [columns[2].column]: tenure,
      ci: AGREE[ci - 1],
      deploy: AGREE[deploy - 1],
      docs: AGREE[docs - 1],
      sat: SATISFIED[sat - 1],
      nps,
      tools,
      hours,
      fix,
    };
    return Object.fromEntries(Object.entries(r).filter(([, v]) => v !== ''));
  });
  return {
    id,
    name: 'Platform survey 2025',
    format: 'google-forms',
    source_path: '/home/ada/exports/Platform survey 2025.csv',
    updated_at: '2025-03-02T09:30:00Z',
    columns,
    respondents,
    batch: null,
  };
}

function answerOf(r: Record<string, string>, column: string): string | null {
  const v = r[column];
  return v === undefined || v.trim() === '' ? null : v;
}

export function textAnswers(s: FakeSurvey): number {
  const texts = s.columns.filter((c) => c.role === 'text');
  return s.respondents.reduce((n, r) => n + texts.filter((c) => answerOf(r, c.column) !== null).length, 0);
}

export function surveyInfo(s: FakeSurvey): SurveyInfo {
  return {
    id: s.id,
    name: s.name,
    format: s.format,
    source_path: s.source_path,
    respondents: s.respondents.length,
    questions: s.columns.filter((c) => isQuestion(c.role)).length,
    text_answers: textAnswers(s),
    updated_at: s.updated_at,
  };
}

/** Splits a multiple-choice cell: known options first (they may hold commas), then commas. */
function splitOptions(cell: string, known: string[]): string[] {
  const out: string[] = [];
  let rest = cell.trim();
  while (rest !== '') {
    const hit = known.find((k) => rest.toLowerCase().startsWith(k.toLowerCase()));
    const at = rest.indexOf(',');
    const take = hit ? hit.length : at < 0 ? rest.length : at;
    out.push(rest.slice(0, take).trim());
    rest = rest.slice(take).replace(/^\s*,/, '').trim();
  }
  return out.filter((o) => o !== '');
}

function parseNumber(v: string): number | null {
  const n = Number(v.trim().replace(',', '.'));
  return v.trim() !== '' && Number.isFinite(n) ? n : null;
}

function score(c: FakeColumn, v: string): number | null {
  if (c.role === 'likert' && c.options?.length) {
    const at = c.options.findIndex((o) => o.toLowerCase() === v.trim().toLowerCase());
    return at < 0 ? null : at + 1;
  }
  return c.role === 'likert' || c.role === 'nps' || c.role === 'numeric' ? parseNumber(v) : null;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;

function isSatisfaction(c: FakeColumn): boolean {
  return c.role === 'likert' && (c.text.toLowerCase().includes('satisf') || (c.options ?? []).some((o) => o.toLowerCase().includes('satisf')));
}

type Figures = {
  answered: number;
  options: OptionCount[];
  mean: number | null;
  nps: Nps | null;
  csat: number | null;
  range: [number | null, number | null];
};

const label = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

function buckets(scores: number[]): OptionCount[] {
  const distinct = [...new Set(scores)].sort((a, b) => a - b);
  if (distinct.length <= 12) return distinct.map((d) => ({ label: label(d), count: scores.filter((s) => s === d).length }));
  const lo = distinct[0];
  const hi = distinct[distinct.length - 1];
  const width = (hi - lo) / 10;
  return Array.from({ length: 10 }, (_, i) => {
    const a = lo + width * i;
    const b = i === 9 ? hi : lo + width * (i + 1);
    return { label: `${label(a)}–${label(b)}`, count: scores.filter((s) => s >= a && (s < b || (i === 9 && s <= b))).length };
  });
}

function figures(c: FakeColumn, values: string[]): Figures {
  const scores = values.map((v) => score(c, v)).filter((s): s is number => s !== null);
  const mean =
    scores.length > 0 && ['likert', 'nps', 'numeric'].includes(c.role)
      ? round2(scores.reduce((a, b) => a + b, 0) / scores.length)
      : null;
  let options: OptionCount[] = [];
  let range: [number | null, number | null] = [null, null];
  if (c.role === 'likert' && c.options?.length) {
    const labels = c.options;
    options = labels.map((o) => ({ label: o, count: values.filter((v) => v.trim().toLowerCase() === o.toLowerCase()).length }));
    range = [1, labels.length];
  } else if (c.role === 'likert' || c.role === 'nps') {
    const lo = c.role === 'nps' ? 0 : 1;
    const max = Math.ceil(Math.max(5, ...scores));
    const hi = c.role === 'nps' ? 10 : max > 5 ? Math.max(7, max) : 5;
    range = [lo, hi];
    for (let p = lo; p <= hi; p++) options.push({ label: String(p), count: scores.filter((s) => Math.round(s) === p).length });
  } else if (c.role === 'numeric') {
    options = buckets(scores);
    range = scores.length ? [Math.min(...scores), Math.max(...scores)] : [null, null];
  } else if (c.role !== 'text') {
    const counts = new Map<string, { label: string; count: number }>();
    for (const v of values) {
      const picked = c.role === 'multiple' ? splitOptions(v, c.options ?? []) : [v.trim()];
      for (const p of picked) {
        const e = counts.get(p.toLowerCase()) ?? { label: p, count: 0 };
        e.count += 1;
        counts.set(p.toLowerCase(), e);
      }
    }
    options = [...counts.values()].sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  }
  let nps: Nps | null = null;
  if (c.role === 'nps' && scores.length > 0) {
    const promoters = scores.filter((s) => s >= 9).length;
    const detractors = scores.filter((s) => s <= 6).length;
    nps = {
      score: round1(((promoters - detractors) / scores.length) * 100),
      promoters,
      passives: scores.length - promoters - detractors,
      detractors,
    };
  }
  let csat: number | null = null;
  if (isSatisfaction(c) && scores.length > 0) {
    const top = (range[1] ?? 5) - 1;
    csat = round1((scores.filter((s) => s >= top).length / scores.length) * 100);
  }
  return { answered: values.length, options, mean, nps, csat, range };
}

/** `Stem [Item]` (Google Forms grids) → stem and item. */
export function splitGrid(text: string): [string | null, string | null] {
  const t = text.trim();
  const open = t.lastIndexOf(' [');
  if (open >= 0 && t.endsWith(']')) {
    const stem = t.slice(0, open).trim();
    const item = t.slice(open + 2, -1).trim();
    if (stem !== '' && item !== '') return [stem, item];
  }
  return [null, null];
}

/** The summary of `s` for the respondents matching every filter. */
export function summarize(s: FakeSurvey, filters: FacetFilter[]): SurveySummary {
  const wanted = filters.map((f) => {
    const c =
      s.columns.find((x) => x.column.toLowerCase() === f.column.toLowerCase()) ??
      s.columns.find((x) => x.role === f.column.toLowerCase() && isAttribute(x.role));
    if (!c) throw apiError('invalid_input', `survey ${s.id} has no column "${f.column}"`, 'filter');
    return { column: c.column, value: f.value.trim().toLowerCase() };
  });
  const matching = s.respondents.filter((r) => wanted.every((w) => answerOf(r, w.column)?.trim().toLowerCase() === w.value));
  const valuesOf = (rs: Record<string, string>[], c: FakeColumn) =>
    rs.map((r) => answerOf(r, c.column)).filter((v): v is string => v !== null);

  const facets: Facet[] = s.columns
    .filter((c) => isAttribute(c.role))
    .map((c) => ({ column: c.column, text: c.text, role: c.role, values: figures(c, valuesOf(s.respondents, c)).options }));
  const team = s.columns.find((c) => c.role === 'team');

  const questions: QuestionSummary[] = s.columns
    .filter((c) => isQuestion(c.role))
    .map((c, i) => {
      const values = valuesOf(matching, c);
      const f = figures(c, values);
      const byTeam: TeamBreakdown[] = [];
      if (team && c.role !== 'text') {
        const groups = new Map<string, { team: string; values: string[] }>();
        for (const r of matching) {
          const t = answerOf(r, team.column);
          const v = answerOf(r, c.column);
          if (t === null || v === null) continue;
          const g = groups.get(t.trim().toLowerCase()) ?? { team: t.trim(), values: [] };
          g.values.push(v);
          groups.set(t.trim().toLowerCase(), g);
        }
        for (const g of groups.values()) {
          const t = figures(c, g.values);
          byTeam.push({ team: g.team, answered: t.answered, mean: t.mean, nps: t.nps?.score ?? null, csat: t.csat, options: t.options });
        }
        byTeam.sort((a, b) => b.answered - a.answered || (a.team < b.team ? -1 : 1));
      }
      const [group, item] = splitGrid(c.text);
      return {
        id: s.id * 1000 + i + 1,
        column: c.column,
        text: c.text,
        group,
        item,
        role: c.role,
        answered: f.answered,
        options: f.options,
        mean: f.mean,
        scale_min: f.range[0],
        scale_max: f.range[1],
        nps: f.nps,
        csat: f.csat,
        examples:
          c.role === 'text'
            ? values
                .filter((v) => [...v].length > 3)
                .slice(0, 3)
                .map((v) => ([...v].length > 240 ? `${[...v].slice(0, 240).join('')}…` : v))
            : [],
        by_team: byTeam,
      };
    });

  return {
    survey: surveyInfo(s),
    filters: filters.map((f) => ({ ...f })),
    respondents: matching.length,
    facets,
    questions,
  };
}
