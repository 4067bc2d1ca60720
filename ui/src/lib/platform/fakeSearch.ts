// Search and themes for the in-memory FakeBackend: a rough stand-in for the core's query reader
// (src/search/query.rs) and theme figures (src/search/mod.rs), close enough for the UI's tests.
// Words and "phrases" match as case-insensitive substrings, all of them (OR splits alternatives,
// -word and NOT exclude); kind:, team:, tag:, source:, author: and date: filter; facets, sort,
// paging, trends by month or ISO week and the strongest evidence are computed from the matches.
import type { DocumentKind } from '../bindings/DocumentKind';
import type { DocumentView } from '../bindings/DocumentView';
import type { FacetCount } from '../bindings/FacetCount';
import type { Granularity } from '../bindings/Granularity';
import type { SearchFacets } from '../bindings/SearchFacets';
import type { SearchHit } from '../bindings/SearchHit';
import type { SearchRequest } from '../bindings/SearchRequest';
import type { SearchResults } from '../bindings/SearchResults';
import type { SnippetPart } from '../bindings/SnippetPart';
import type { ThemeStats } from '../bindings/ThemeStats';
import type { TrendBucket } from '../bindings/TrendBucket';

/** One searchable document of the fake workspace, whatever its kind. */
export type FakeDocument = {
  id: number;
  kind: DocumentKind;
  title: string;
  /** The whole text (what `openDocument` shows). */
  body: string;
  team: string | null;
  /** YYYY-MM-DD. */
  date: string | null;
  tags: string[];
  /** Import format (`jira-csv`, `github-json`, `google-forms`…) or `interview`. */
  source: string;
  /** Participants, interviewers, reporters. */
  people: string[];
};

type Term = { text: string; negate: boolean };
type Filter = { field: 'kind' | 'team' | 'tag' | 'source' | 'author' | 'date'; values: string[]; negate: boolean };

/** A query as the fake reads it. */
export type FakeQuery = {
  /** Alternatives (split by OR); a document matches one when every term of it does. */
  groups: Term[][];
  filters: Filter[];
  readAs: string;
  warnings: string[];
  /** True when nothing is left to search for. */
  empty: boolean;
};

const KINDS: Record<string, DocumentKind> = {
  interview: 'interview',
  interviews: 'interview',
  ticket: 'ticket',
  tickets: 'ticket',
  issue: 'ticket',
  issues: 'ticket',
  survey: 'survey_response',
  surveys: 'survey_response',
  survey_response: 'survey_response',
  answer: 'survey_response',
  answers: 'survey_response',
  note: 'note',
  notes: 'note',
};

const SOURCES: Record<string, string[]> = {
  jira: ['jira-csv'],
  github: ['github-json'],
  notes: ['markdown'],
  markdown: ['markdown'],
  survey: ['google-forms', 'qualtrics', 'typeform'],
  surveys: ['google-forms', 'qualtrics', 'typeform'],
  interviews: ['interview'],
  app: ['interview'],
};

const TOKEN = /(-?)([a-z_]+):"([^"]*)"?|(-?)"([^"]*)"?|(\S+)/gi;

function shown(name: string, value: string): string {
  return /\s/.test(value) ? `${name}:"${value}"` : `${name}:${value}`;
}

/** Reads a raw query leniently, like the core (minus stemming, fuzziness and relative dates). */
export function readQuery(raw: string): FakeQuery {
  const groups: Term[][] = [[]];
  const filters: Filter[] = [];
  const warnings: string[] = [];
  const read: string[] = [];
  let not = false;

  const addTerm = (text: string, negate: boolean, quoted: boolean) => {
    const t = text.trim().toLowerCase();
    if (t === '') return;
    groups[groups.length - 1].push({ text: t, negate: negate || not });
    read.push(`${negate || not ? '-' : ''}${quoted ? `"${t}"` : t}`);
    not = false;
  };

  const addFilter = (name: string, value: string, negate: boolean): boolean => {
    const field = name.toLowerCase();
    const v = value.trim().toLowerCase();
    const neg = negate || not;
    not = false;
    if (v === '') {
      warnings.push(`${field}: needs a value`);
      return true;
    }
    let f: Filter;
    if (field === 'kind') {
      const kind = KINDS[v];
      if (!kind) {
        warnings.push(`kind:${v} is not a kind (interview, ticket, survey, note)`);
        return true;
      }
      f = { field: 'kind', values: [kind], negate: neg };
      read.push(`${neg ? '-' : ''}kind:${kind}`);
    } else if (field === 'team' || field === 'tag' || field === 'author') {
      f = { field, values: [v], negate: neg };
      read.push(`${neg ? '-' : ''}${shown(field, v)}`);
    } else if (field === 'source') {
      f = { field: 'source', values: SOURCES[v] ?? [v], negate: neg };
      read.push(`${neg ? '-' : ''}${shown(field, v)}`);
    } else if (field === 'date') {
      const [from, to] = v.includes('..') ? v.split('..') : [v, v];
      f = { field: 'date', values: [from.trim(), to.trim()], negate: neg };
      read.push(`${neg ? '-' : ''}date:${from.trim()}..${to.trim()}`);
    } else {
      return false;
    }
    filters.push(f);
    return true;
  };

  for (const m of raw.matchAll(TOKEN)) {
    if (m[2] !== undefined) {
      if (!addFilter(m[2], m[3], m[1] === '-')) {
        warnings.push(`${m[2]}: is not a field; searched as words`);
        addTerm(m[3], m[1] === '-', true);
      }
    } else if (m[5] !== undefined) {
      addTerm(m[5], m[4] === '-', true);
    } else {
      const tok = m[6].replace(/^\(+|\)+$/g, '');
      if (tok === '') continue;
      if (tok === 'AND') continue;
      if (tok === 'OR') {
        if (groups[groups.length - 1].length > 0) {
          groups.push([]);
          read.push('OR');
        }
        continue;
      }
      if (tok === 'NOT') {
        not = true;
        continue;
      }
      const negate = tok.startsWith('-') && tok.length > 1;
      const body = negate ? tok.slice(1) : tok;
      const field = /^([a-z_]+):(.+)$/i.exec(body);
      if (field && addFilter(field[1], field[2], negate)) continue;
      if (field) {
        warnings.push(`${field[1]}: is not a field; searched as words`);
        addTerm(field[1], negate, false);
        addTerm(field[2], negate, false);
        continue;
      }
      // Fuzzy and prefix words match as their stem.
      addTerm(body.replace(/[~*]\d*$/, ''), negate, false);
    }
  }
  const kept = groups.filter((g) => g.length > 0);
  if (read.at(-1) === 'OR') read.pop();
  return {
    groups: kept,
    filters,
    readAs: read.join(' '),
    warnings,
    empty: kept.length === 0 && filters.length === 0,
  };
}

function hay(doc: FakeDocument): string {
  return `${doc.title}\n${doc.body}`.toLowerCase();
}

function passes(doc: FakeDocument, f: Filter): boolean {
  let ok: boolean;
  switch (f.field) {
    case 'kind':
      ok = f.values.includes(doc.kind);
      break;
    case 'team':
      ok = doc.team !== null && doc.team.toLowerCase() === f.values[0];
      break;
    case 'tag':
      ok = doc.tags.some((t) => t.toLowerCase() === f.values[0]);
      break;
    case 'source':
      ok = f.values.includes(doc.source);
      break;
    case 'author':
      ok = doc.people.some((p) => p.toLowerCase().includes(f.values[0]));
      break;
    case 'date': {
      const [from, to] = f.values;
      ok =
        doc.date !== null &&
        (from === '' || doc.date.slice(0, from.length) >= from) &&
        (to === '' || doc.date.slice(0, to.length) <= to);
      break;
    }
  }
  return f.negate ? !ok : ok;
}

function count(text: string, term: string): number {
  let n = 0;
  for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + term.length)) n += 1;
  return n;
}

/** The documents `q` matches, each with a score (occurrences of its words). */
export function matchDocuments(docs: FakeDocument[], q: FakeQuery): { doc: FakeDocument; score: number }[] {
  if (q.empty) return [];
  const out: { doc: FakeDocument; score: number }[] = [];
  for (const doc of docs) {
    if (!q.filters.every((f) => passes(doc, f))) continue;
    const text = hay(doc);
    let score = 0;
    const ok =
      q.groups.length === 0 ||
      q.groups.some((g) =>
        g.every((t) => {
          const n = count(text, t.text);
          if (!t.negate) score += n;
          return t.negate ? n === 0 : n > 0;
        }),
      );
    if (ok) out.push({ doc, score: Math.max(score, 1) });
  }
  return out;
}

/** The positive words and phrases of a query, longest first. */
function wanted(q: FakeQuery): string[] {
  const words = q.groups.flatMap((g) => g.filter((t) => !t.negate).map((t) => t.text));
  return [...new Set(words)].sort((a, b) => b.length - a.length);
}

/** `text` as parts, every occurrence of a wanted word marked. */
export function markParts(text: string, words: string[]): SnippetPart[] {
  const lower = text.toLowerCase();
  const ranges: [number, number][] = [];
  for (const w of words) {
    for (let at = lower.indexOf(w); at >= 0; at = lower.indexOf(w, at + w.length)) ranges.push([at, at + w.length]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const parts: SnippetPart[] = [];
  let pos = 0;
  for (const [from, to] of ranges) {
    if (from < pos) continue;
    if (from > pos) parts.push({ text: text.slice(pos, from), hit: false });
    parts.push({ text: text.slice(from, to), hit: true });
    pos = to;
  }
  if (pos < text.length) parts.push({ text: text.slice(pos), hit: false });
  return parts;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** How alike two texts must be (shared word pairs over all of them) to be near-duplicates. */
const NEAR = 0.8;
/** Texts with fewer words than this are only copies of the very same words (like the core). */
const SHORT = 8;

type Signature = { exact: string | null; pairs: Set<string> };
const signatures = new WeakMap<FakeDocument, Signature | null>();

/**
 * What tells a document's copies apart (the core's `dedup::signature`): a ticket's title and
 * body, an answer's body (its title is the question); other kinds are never near-duplicates.
 */
function signature(doc: FakeDocument): Signature | null {
  const cached = signatures.get(doc);
  if (cached !== undefined) return cached;
  let sig: Signature | null = null;
  if (doc.kind === 'ticket' || doc.kind === 'survey_response') {
    const text = doc.kind === 'ticket' ? `${doc.title}\n${doc.body}` : doc.body;
    const words = text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w !== '');
    sig =
      words.length < SHORT
        ? { exact: words.join(' '), pairs: new Set() }
        : { exact: null, pairs: new Set(words.slice(1).map((w, i) => `${words[i]} ${w}`)) };
  }
  signatures.set(doc, sig);
  return sig;
}

function near(a: Signature, b: Signature): boolean {
  if (a.exact !== null || b.exact !== null) return a.exact === b.exact;
  let shared = 0;
  for (const p of a.pairs) if (b.pairs.has(p)) shared += 1;
  return shared / (a.pairs.size + b.pairs.size - shared) >= NEAR;
}

/**
 * Groups near-duplicate documents (the same ticket filed twice, an answer pasted into two
 * surveys): for each document that is a copy, the id of its group's first document (the lowest
 * id). A document joins a group only when it is near that group's first document.
 */
export function nearDuplicates(docs: FakeDocument[]): Map<number, number> {
  const firsts: { id: number; sig: Signature }[] = [];
  const copies = new Map<number, number>();
  for (const doc of [...docs].sort((a, b) => a.id - b.id)) {
    const sig = signature(doc);
    if (!sig) continue;
    const group = firsts.find((f) => near(f.sig, sig));
    if (group) copies.set(doc.id, group.id);
    else firsts.push({ id: doc.id, sig });
  }
  return copies;
}

/** Each match's near-duplicate group, as the hits report it. */
type Groups = { copies: Map<number, number>; sizes: Map<number, number> };

function groupsOf(docs: FakeDocument[]): Groups {
  const copies = nearDuplicates(docs);
  const sizes = new Map<number, number>();
  for (const first of copies.values()) sizes.set(first, (sizes.get(first) ?? 0) + 1);
  return { copies, sizes };
}

function toHit(doc: FakeDocument, score: number, words: string[], groups: Groups): SearchHit {
  const text = `${doc.title}\n${doc.body}`;
  const lower = text.toLowerCase();
  const first = Math.min(...words.map((w) => lower.indexOf(w)).filter((i) => i >= 0), text.length);
  const start = first === text.length ? 0 : Math.max(0, first - 30);
  const parts = markParts(text.slice(start, start + 150), words);
  return {
    id: doc.id,
    kind: doc.kind,
    title: doc.title,
    snippet: parts.map((p) => (p.hit ? `<mark>${escapeHtml(p.text)}</mark>` : escapeHtml(p.text))).join(''),
    snippet_parts: parts,
    score,
    date: doc.date,
    team: doc.team,
    source: doc.source,
    duplicate_of: groups.copies.get(doc.id) ?? null,
    copies: groups.sizes.get(groups.copies.get(doc.id) ?? doc.id) ?? 0,
  };
}

function counted(values: (string | null)[], byValue = false): FacetCount[] {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  const list = [...counts].map(([value, count]) => ({ value, count }));
  return byValue
    ? list.sort((a, b) => a.value.localeCompare(b.value))
    : list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

function facetsOf(docs: FakeDocument[]): SearchFacets {
  return {
    kind: counted(docs.map((d) => d.kind)),
    team: counted(docs.map((d) => d.team)),
    tag: counted(docs.flatMap((d) => d.tags)),
    source: counted(docs.map((d) => d.source)),
    month: counted(
      docs.map((d) => d.date?.slice(0, 7) ?? null),
      true,
    ),
  };
}

function byRelevance(a: { doc: FakeDocument; score: number }, b: { doc: FakeDocument; score: number }): number {
  return b.score - a.score || a.doc.id - b.doc.id;
}

/** Runs a search request over `docs`. */
export function searchDocuments(docs: FakeDocument[], request: SearchRequest): SearchResults {
  const q = readQuery(request.query);
  const found = matchDocuments(docs, q);
  if (request.sort === 'date') {
    found.sort((a, b) => (b.doc.date ?? '').localeCompare(a.doc.date ?? '') || b.doc.id - a.doc.id);
  } else {
    found.sort(byRelevance);
  }
  const words = wanted(q);
  const offset = request.offset ?? 0;
  const limit = Math.min(Math.max(request.limit ?? 50, 1), 1000);
  const groups = groupsOf(found.map((f) => f.doc));
  return {
    total: found.length,
    distinct: found.length - groups.copies.size,
    hits: found.slice(offset, offset + limit).map((f) => toHit(f.doc, request.sort === 'date' ? 0 : f.score, words, groups)),
    read_as: q.readAs,
    warnings: q.warnings,
    facets: request.facets ? facetsOf(found.map((f) => f.doc)) : null,
  };
}

/** A document's whole text with the query's words marked. */
export function viewDocument(doc: FakeDocument, query: string): DocumentView {
  const parts = markParts(doc.body, wanted(readQuery(query)));
  return {
    id: doc.id,
    kind: doc.kind,
    title: doc.title,
    team: doc.team,
    date: doc.date,
    tags: [...doc.tags],
    source: doc.source,
    parts,
    matches: parts.filter((p) => p.hit).length,
  };
}

const DAY = 86_400_000;

/** The ISO week of a YYYY-MM-DD date as `YYYY-Www`. */
export function isoWeek(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const weekday = (d.getUTCDay() + 6) % 7;
  const thursday = new Date(d.getTime() + (3 - weekday) * DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function periods(dates: string[], by: Granularity): TrendBucket[] {
  if (dates.length === 0) return [];
  const sorted = [...dates].sort();
  const keyOf = (d: string) => (by === 'month' ? d.slice(0, 7) : isoWeek(d));
  const counts = new Map<string, number>();
  for (const d of sorted) counts.set(keyOf(d), (counts.get(keyOf(d)) ?? 0) + 1);
  const out: TrendBucket[] = [];
  const first = sorted[0];
  const last = keyOf(sorted[sorted.length - 1]);
  if (by === 'month') {
    let [y, m] = first.slice(0, 7).split('-').map(Number);
    for (;;) {
      const key = `${y}-${String(m).padStart(2, '0')}`;
      out.push({ period: key, count: counts.get(key) ?? 0 });
      if (key >= last) break;
      m += 1;
      if (m > 12) [y, m] = [y + 1, 1];
    }
  } else {
    for (let t = new Date(`${first}T00:00:00Z`).getTime(); ; t += 7 * DAY) {
      const key = isoWeek(new Date(t).toISOString().slice(0, 10));
      out.push({ period: key, count: counts.get(key) ?? 0 });
      if (key >= last) break;
    }
  }
  return out;
}

/** A theme query's figures, like the core's `theme_stats`. */
export function themeStats(docs: FakeDocument[], query: string, by: Granularity): ThemeStats {
  const q = readQuery(query);
  const found = matchDocuments(docs, q);
  const matched = found.map((f) => f.doc);
  const byTeam = counted(matched.map((d) => d.team));
  const people = new Set(matched.flatMap((d) => d.people.map((p) => p.toLowerCase())));
  const words = wanted(q);
  const groups = groupsOf(matched);
  return {
    total: found.length,
    distinct: found.length - groups.copies.size,
    teams: byTeam.length,
    people: people.size,
    read_as: q.readAs,
    warnings: q.warnings,
    trend: periods(
      matched.map((d) => d.date).filter((d): d is string => d !== null),
      by,
    ),
    by_team: byTeam,
    by_kind: counted(matched.map((d) => d.kind)),
    evidence: [...found]
      .sort(byRelevance)
      .slice(0, 5)
      .map((f) => toHit(f.doc, f.score, words, groups)),
  };
}

const TEAMS = ['Payments', 'Checkout', 'Developer Experience', 'Platform'];

/**
 * `n` tickets about flaky tests and slow CI, spread over four teams, two tags and the months of
 * 2026 from January, for tests that need many hits. Ids start at `firstId`.
 */
export function bulkTickets(n: number, firstId = 10_000): FakeDocument[] {
  return Array.from({ length: n }, (_, i) => {
    const month = (i % 6) + 1;
    const day = (i % 28) + 1;
    return {
      id: firstId + i,
      kind: 'ticket' as const,
      title: `Flaky test #${i + 1} blocks the merge queue`,
      body: `The integration suite failed again on run ${i + 1}; slow CI makes every retry cost twenty minutes.`,
      team: TEAMS[i % TEAMS.length],
      date: `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      tags: i % 2 === 0 ? ['ci'] : ['ci', 'flaky'],
      source: i % 3 === 0 ? 'github-json' : 'jira-csv',
      people: [`reporter${i % 7}`],
    };
  });
}

/**
 * Four tickets about deploys, three of them the same ticket filed again: one with a word changed,
 * one with only case and punctuation changed. Ids start at `firstId`; the copies come after the
 * first, so a search for "deploy" finds 4 documents, 2 of them distinct.
 */
export function similarTickets(firstId = 30_000): FakeDocument[] {
  const title = 'Deploy pipeline times out on Fridays';
  const body =
    'The deploy pipeline times out every Friday afternoon when the release train leaves, and nobody on the team knows why it happens.';
  const ticket = (i: number, t: string, b: string, team: string, date: string): FakeDocument => ({
    id: firstId + i,
    kind: 'ticket',
    title: t,
    body: b,
    team,
    date,
    tags: ['deploy'],
    source: 'jira-csv',
    people: [`reporter${i}`],
  });
  return [
    ticket(0, title, body, 'Payments', '2026-01-09'),
    ticket(1, title, body.replace('on the team', 'on our team').replace(/\.$/, '!'), 'Checkout', '2026-01-16'),
    ticket(2, title.toUpperCase(), body.replace(/,/g, ' -'), 'Platform', '2026-01-23'),
    ticket(
      3,
      'Deploys wait for approvals',
      'Every deploy to production waits two days for a change approval board that meets on Tuesdays.',
      'Payments',
      '2026-02-03',
    ),
  ];
}
