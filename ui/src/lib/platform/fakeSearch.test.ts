import { describe, expect, it } from 'vitest';
import { bulkTickets, isoWeek, nearDuplicates, readQuery, searchDocuments, similarTickets, themeStats, viewDocument } from './fakeSearch';

const docs = bulkTickets(12);

function search(query: string, more: Partial<Parameters<typeof searchDocuments>[1]> = {}) {
  return searchDocuments(docs, { query, limit: 50, offset: 0, sort: 'relevance', facets: true, ...more });
}

describe('fake search', () => {
  it('reads words, phrases, OR, exclusions and filters', () => {
    const q = readQuery('"slow ci" OR flaky -kubernetes kind:tickets team:"Developer Experience" bogus:x');
    expect(q.groups).toEqual([
      [{ text: 'slow ci', negate: false }],
      [
        { text: 'flaky', negate: false },
        { text: 'kubernetes', negate: true },
        { text: 'bogus', negate: false },
        { text: 'x', negate: false },
      ],
    ]);
    expect(q.filters.map((f) => [f.field, f.values])).toEqual([
      ['kind', ['ticket']],
      ['team', ['developer experience']],
    ]);
    expect(q.readAs).toBe('"slow ci" OR flaky -kubernetes kind:ticket team:"developer experience" bogus x');
    expect(q.warnings).toEqual(['bogus: is not a field; searched as words']);
    expect(readQuery('  ').empty).toBe(true);
  });

  it('filters, counts facets and pages', () => {
    const all = search('flaky');
    expect(all.total).toBe(12);
    expect(all.facets?.team.map((t) => t.count)).toEqual([3, 3, 3, 3]);
    expect(all.facets?.month.map((m) => m.value)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']);
    expect(search('flaky team:Payments').total).toBe(3);
    expect(search('flaky tag:flaky').total).toBe(6);
    expect(search('flaky source:github').total).toBe(4);
    expect(search('flaky date:2026-03').total).toBe(2);
    expect(search('flaky date:2026-01..2026-02').total).toBe(4);
    expect(search('kind:interview').total).toBe(0);
    const page = search('flaky', { limit: 5, offset: 10, facets: false });
    expect(page.hits.map((h) => h.id)).toEqual([10_010, 10_011]);
    expect(page.facets).toBeNull();
    const newest = search('flaky', { sort: 'date', limit: 1 });
    expect(newest.hits[0].date?.slice(0, 7)).toBe('2026-06');
  });

  it('marks every match in a document', () => {
    const view = viewDocument(docs[0], 'slow ci OR retry');
    expect(view.parts.filter((p) => p.hit).map((p) => p.text)).toEqual(['slow', 'CI', 'retry']);
    expect(view.parts.map((p) => p.text).join('')).toBe(docs[0].body);
    expect(view.matches).toBe(3);
  });

  it('sums a theme up by month or ISO week', () => {
    const stats = themeStats(docs, 'flaky', 'month');
    expect(stats.total).toBe(12);
    expect(stats.teams).toBe(4);
    expect(stats.people).toBe(7);
    expect(stats.trend).toEqual([
      { period: '2026-01', count: 2 },
      { period: '2026-02', count: 2 },
      { period: '2026-03', count: 2 },
      { period: '2026-04', count: 2 },
      { period: '2026-05', count: 2 },
      { period: '2026-06', count: 2 },
    ]);
    expect(stats.evidence).toHaveLength(5);
    const weeks = themeStats(docs, 'flaky', 'week').trend;
    expect(weeks[0].period).toBe('2026-W01');
    expect(weeks.reduce((n, b) => n + b.count, 0)).toBe(12);
    expect(isoWeek('2026-01-01')).toBe('2026-W01');
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
  });

  it('groups near-duplicate tickets and answers under the first of each group', () => {
    const similar = similarTickets(30_000);
    const all = [...docs, ...similar];
    // The bulk tickets share a template but differ in their numbers: none is a copy.
    expect(nearDuplicates(docs).size).toBe(0);
    expect([...nearDuplicates(all)]).toEqual([
      [30_001, 30_000],
      [30_002, 30_000],
    ]);
    const found = searchDocuments(all, { query: 'deploy', limit: 50, offset: 0, sort: 'date', facets: false });
    expect(found.total).toBe(4);
    expect(found.distinct).toBe(2);
    expect(found.hits.map((h) => [h.id, h.duplicate_of, h.copies])).toEqual([
      [30_003, null, 0],
      [30_002, 30_000, 2],
      [30_001, 30_000, 2],
      [30_000, null, 2],
    ]);
    const stats = themeStats(all, 'deploy', 'month');
    expect([stats.total, stats.distinct]).toEqual([4, 2]);
    // Short texts are copies only word for word (case and punctuation aside); interviews never.
    const short = (id: number, kind: 'survey_response' | 'interview', body: string) => ({ ...similar[0], id, kind, body });
    const answers = [short(1, 'survey_response', 'N/A'), short(2, 'survey_response', 'n a'), short(3, 'survey_response', 'Yes, slow')];
    const more = [short(4, 'survey_response', 'Yes, fast'), short(5, 'interview', 'N/A')];
    expect([...nearDuplicates([...answers, ...more])]).toEqual([[2, 1]]);
  });
});
