// Evidence to search, for the Search view and the document reader's tests: tickets imported as a
// Jira CSV (`ticketsCsv`) and a survey answer imported as a Google Forms export, through the real
// importers. Every figure a test expects is countable by hand from the rows below.
import type { ImportReport } from '../lib/bindings/ImportReport';
import type { SearchResults } from '../lib/bindings/SearchResults';
import { type CoreBackend, ticketsCsv } from './core';

/** A row of `ticketsCsv`. */
export type TicketRow = Parameters<typeof ticketsCsv>[0][number];

export const TEAMS = ['Payments', 'Checkout', 'Developer Experience', 'Platform'];
/** Ticket `i` is dated in MONTHS[i % 6], on day (i % 28) + 1. */
export const MONTHS = ['2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02'];

const COMPONENTS = [
  'checkout service',
  'billing API',
  'search indexer',
  'mobile build',
  'payments gateway',
  'auth proxy',
  'docs site',
  'data pipeline',
  'feature flag',
  'image resizer',
  'email worker',
];
const SYMPTOMS = [
  'times out waiting for the database',
  'races the cache warmup',
  'depends on the wall clock',
  'leaks temp files between runs',
  'reads a stale fixture',
  'fails under parallel shards',
  'hits a rate limit in the sandbox',
];
const EFFECTS = [
  'so the merge queue stalls',
  'and reviewers rerun it by hand',
  'which hides real regressions',
  'so releases slip a day',
  'and on-call gets paged for nothing',
];
const NOTES = [
  'Seen on Monday nights.',
  'Only on ARM runners.',
  'Started after the Node upgrade.',
  'Retries pass most of the time.',
  'Reproduces locally with a cold cache.',
  'The logs show a socket reset.',
  'Quarantine did not help.',
  'Blame points at a vendored library.',
  'Two teams hit it this sprint.',
];

/**
 * `n` tickets CI-1…CI-n about flaky tests: every one says "flaky" (title) and "slow CI" (body),
 * none says "deploy". Ticket i (from 0) is on team TEAMS[i % 4], labelled `ci` (even i) or
 * `ci flaky` (odd i), dated MONTHS[i % 6]-(i % 28 + 1). Their texts combine parts with coprime
 * periods (11, 7, 5, 9), so no two are near-duplicates: the core counts each one as distinct.
 */
export function bulkTickets(n: number): TicketRow[] {
  return Array.from({ length: n }, (_, i) => {
    const c = COMPONENTS[i % COMPONENTS.length];
    return {
      key: `CI-${i + 1}`,
      title: `Flaky ${c} test, run ${i + 1}`,
      body: `The ${c} integration test ${SYMPTOMS[i % SYMPTOMS.length]}, ${EFFECTS[i % EFFECTS.length]}; slow CI makes every retry cost ${12 + (i % 13)} minutes. ${NOTES[i % NOTES.length]}`,
      team: TEAMS[i % TEAMS.length],
      labels: i % 2 === 0 ? 'ci' : 'ci flaky',
      created: `${MONTHS[i % MONTHS.length]}-${String((i % 28) + 1).padStart(2, '0')} 10:00`,
      reporter: `reporter${i % 7}`,
    };
  });
}

const TITLE = 'Deploy pipeline times out on Fridays';
const BODY =
  'The deploy pipeline times out every Friday afternoon when the release train leaves, and nobody on the team knows why it happens.';

/**
 * Four tickets about deploys, DEP-1…DEP-4: DEP-2 and DEP-3 are DEP-1 filed again (one word changed;
 * only case and punctuation changed), DEP-4 is another ticket. A search for "deploy" finds 4
 * documents, 2 of them distinct. `dates` are their Created days, in order.
 */
export function similarTickets(dates = ['2026-01-09', '2026-01-16', '2026-01-23', '2026-02-03']): TicketRow[] {
  const row = (i: number, title: string, body: string, team: string): TicketRow => ({
    key: `DEP-${i + 1}`,
    title,
    body,
    team,
    labels: 'deploy',
    created: `${dates[i]} 10:00`,
    reporter: `reporter${i}`,
  });
  return [
    row(0, TITLE, BODY, 'Payments'),
    row(1, TITLE, BODY.replace('on the team', 'on our team').replace(/\.$/, '!'), 'Checkout'),
    row(2, TITLE.toUpperCase(), BODY.replace(/,/g, ' -'), 'Platform'),
    row(
      3,
      'Deploys wait for approvals',
      'Every deploy to production waits two days for a change approval board that meets on Tuesdays.',
      'Payments',
    ),
  ];
}

/** The question a survey answer is filed under (its document's title). */
export const QUESTION = 'What is the one thing we should fix first?';

/**
 * Imports a Google Forms export "Fix first (Responses).csv" with one response: team Checkout,
 * submitted 2026-02-03, answering QUESTION with `body`. The core makes it a survey_response
 * document (source google-forms, tagged with the survey's name "Fix first"); returns its id.
 */
export function importAnswer(core: CoreBackend, body: string): number {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const csv = `Timestamp,Which team are you on?,${q(QUESTION)}\n2026/02/03 9:01:10,Checkout,${q(body)}\n`;
  const path = core.file('Fix first (Responses).csv', csv);
  const report = core.run<ImportReport>('import_file', {
    path,
    options: { kind: 'survey', format: 'auto', mappings: [], encoding: null, dry_run: false },
  });
  if (report.imported !== 1) throw new Error(`the survey import stored ${report.imported} responses`);
  return documentId(core, 'kind:survey_response');
}

/** The core's answer to `query` (first page of 50, by relevance). */
export function coreSearch(core: CoreBackend, query: string, sort: 'relevance' | 'date' = 'relevance'): SearchResults {
  return core.run<SearchResults>('search', { request: { query, limit: 50, offset: 0, sort, facets: false } });
}

/** The id of the one document `query` finds (a ticket by its key: `"DEP-2"`). */
export function documentId(core: CoreBackend, query: string): number {
  const hits = coreSearch(core, query).hits;
  if (hits.length !== 1) throw new Error(`${query} finds ${hits.length} documents, not one`);
  return hits[0].id;
}
