// Editing search queries as text: the filters a facet adds, the chips that show them, the names
// a theme gets. The query box stays the one truth — every helper here returns a new query string
// for the user to see and edit, never a hidden filter.
import type { SearchFacets } from '../bindings/SearchFacets';
import { kindLabel } from './fields';
import { formatLabel } from './imports';

export type FacetName = keyof SearchFacets;

/** The facet groups of the Search view, in order, with their headings. */
export const FACETS: { name: FacetName; label: string }[] = [
  { name: 'kind', label: 'Kind' },
  { name: 'team', label: 'Team' },
  { name: 'tag', label: 'Tag' },
  { name: 'source', label: 'Source' },
  { name: 'month', label: 'Month' },
];

const FIELDS = ['kind', 'team', 'tag', 'source', 'author', 'status', 'date', 'since'];

/** `name:value` or `name:"two words"`, optionally negated, standing on its own in the query. */
const FILTER = new RegExp(`(^|[\\s(])(-?)(${FIELDS.join('|')}):("[^"]*"?|[^\\s()]+)`, 'gi');

/** The kind names the core reads, to compare `kind:tickets` with `kind:ticket`. */
const KIND_ALIASES: Record<string, string> = {
  interviews: 'interview',
  tickets: 'ticket',
  issue: 'ticket',
  issues: 'ticket',
  survey: 'survey_response',
  surveys: 'survey_response',
  answer: 'survey_response',
  answers: 'survey_response',
  notes: 'note',
  transcript: 'note',
  transcripts: 'note',
};

/** A field filter found in a query. */
export type QueryFilter = {
  /** As typed (`team:"Developer Experience"`). */
  text: string;
  /** Where it starts and ends in the query. */
  start: number;
  end: number;
  /** Normalized for comparison: lower case, no quotes, kind aliases resolved. */
  key: string;
};

function unquote(value: string): string {
  return value.replace(/^"|"$/g, '');
}

function keyOf(negate: string, field: string, value: string): string {
  const f = field.toLowerCase();
  let v = unquote(value).trim().toLowerCase();
  if (f === 'kind') v = KIND_ALIASES[v] ?? v;
  return `${negate}${f}:${v}`;
}

/** The field filters of a query, in order. */
export function queryFilters(query: string): QueryFilter[] {
  const out: QueryFilter[] = [];
  for (const m of query.matchAll(FILTER)) {
    const start = (m.index ?? 0) + m[1].length;
    const text = m[0].slice(m[1].length);
    out.push({ text, start, end: start + text.length, key: keyOf(m[2], m[3], m[4]) });
  }
  return out;
}

function tokenKey(token: string): string {
  const f = queryFilters(token)[0];
  return f ? f.key : token.toLowerCase();
}

/** `name:value`, the value quoted when it has spaces (or would otherwise break the token). */
export function filterToken(field: string, value: string): string {
  const clean = value.replace(/"/g, '').trim();
  return /[\s()]/.test(clean) || clean === '' ? `${field}:"${clean}"` : `${field}:${clean}`;
}

/** The filter a facet value adds: `kind:ticket`, `team:"Developer Experience"`, `date:2026-03`. */
export function facetToken(facet: FacetName, value: string): string {
  switch (facet) {
    case 'kind':
      return filterToken('kind', value === 'survey_response' ? 'survey' : value);
    case 'month':
      return filterToken('date', value);
    default:
      return filterToken(facet, value);
  }
}

/** True when the query already holds this filter (ignoring case, quotes and kind aliases). */
export function hasFilter(query: string, token: string): boolean {
  const key = tokenKey(token);
  return queryFilters(query).some((f) => f.key === key);
}

/** True when `query` has an OR outside quotes and parentheses (OR binds loosest). */
export function hasTopLevelOr(query: string): boolean {
  let depth = 0;
  let quoted = false;
  const words: string[] = [];
  let word = '';
  const flush = () => {
    if (word !== '' && depth === 0 && !quoted) words.push(word);
    word = '';
  };
  for (const c of query) {
    if (c === '"') {
      flush();
      quoted = !quoted;
    } else if (quoted) {
      continue;
    } else if (c === '(') {
      flush();
      depth += 1;
    } else if (c === ')') {
      flush();
      depth = Math.max(0, depth - 1);
    } else if (/\s/.test(c)) {
      flush();
    } else {
      word += c;
    }
  }
  flush();
  return words.some((w) => w === 'OR' || w === '||');
}

/** The query narrowed by `token` (unchanged when it already holds it). A query with a top-level
 * OR is put in parentheses first: `ci OR deploys team:x` would read as `ci OR (deploys team:x)`. */
export function appendFilter(query: string, token: string): string {
  if (hasFilter(query, token)) return query;
  const q = query.trim();
  if (q === '') return token;
  return hasTopLevelOr(q) ? `(${q}) ${token}` : `${q} ${token}`;
}

/** The query without the filter `token`, wherever the user typed it. */
export function removeFilter(query: string, token: string): string {
  const key = tokenKey(token);
  let out = query;
  for (const f of queryFilters(query).reverse()) {
    if (f.key === key) out = out.slice(0, f.start) + out.slice(f.end);
  }
  return out.replace(/\s{2,}/g, ' ').trim();
}

/** A facet value as the side column shows it. */
export function facetLabel(facet: FacetName, value: string): string {
  switch (facet) {
    case 'kind': {
      const label = kindLabel(value, 2);
      return label.charAt(0).toUpperCase() + label.slice(1);
    }
    case 'source':
      return value === 'interview' ? 'Written in the app' : formatLabel(value);
    case 'month':
      return formatPeriod(value);
    default:
      return value;
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-03` → "Mar 2026"; `2026-W09` → "W9 2026"; anything else as is. */
export function formatPeriod(period: string): string {
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) {
    const m = Number(month[2]);
    return m >= 1 && m <= 12 ? `${MONTHS[m - 1]} ${month[1]}` : period;
  }
  const week = /^(\d{4})-W(\d{2})$/.exec(period);
  if (week) return `W${Number(week[2])} ${week[1]}`;
  return period;
}

/** Longest theme name the core accepts. */
export const THEME_NAME_CHARS = 120;

/**
 * A theme name from a query: its words and phrases without filters, operators, quotes or
 * `-excluded` words, first letter capitalized ("\"slow ci\" OR flaky kind:ticket" → "Slow ci or
 * flaky"). Falls back to the query itself when nothing is left.
 */
export function themeNameFromQuery(query: string): string {
  let text = query;
  for (const f of queryFilters(query).reverse()) text = text.slice(0, f.start) + text.slice(f.end);
  const words = text
    .replace(/(^|\s)-("[^"]*"|\S+)/g, ' ')
    .replace(/["()]/g, ' ')
    .split(/\s+/)
    .filter((w) => w !== '' && w !== 'AND' && w !== 'NOT')
    .map((w) => (w === 'OR' ? 'or' : w.replace(/[~*]\d*$/, '')))
    .filter((w) => w !== '');
  while (words[0] === 'or') words.shift();
  while (words.at(-1) === 'or') words.pop();
  const name = words.length > 0 ? words.join(' ') : query.trim();
  return capitalize(name).slice(0, THEME_NAME_CHARS);
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "1–50 of 3,204": the hits shown out of every match. */
export function formatRange(shown: number, total: number): string {
  if (total === 0 || shown === 0) return `0 of ${total.toLocaleString('en-US')}`;
  return `1–${shown.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`;
}
