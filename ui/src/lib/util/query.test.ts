import { describe, expect, it } from 'vitest';
import {
  appendFilter,
  facetLabel,
  facetToken,
  formatPeriod,
  formatRange,
  hasFilter,
  queryFilters,
  removeFilter,
  themeNameFromQuery,
} from './query';

describe('query helpers', () => {
  it('turns facet values into filters, quoting names with spaces', () => {
    expect(facetToken('kind', 'ticket')).toBe('kind:ticket');
    expect(facetToken('kind', 'survey_response')).toBe('kind:survey');
    expect(facetToken('team', 'Developer Experience')).toBe('team:"Developer Experience"');
    expect(facetToken('team', 'Payments')).toBe('team:Payments');
    expect(facetToken('tag', 'ci')).toBe('tag:ci');
    expect(facetToken('source', 'jira-csv')).toBe('source:jira-csv');
    expect(facetToken('month', '2026-03')).toBe('date:2026-03');
  });

  it('appends a filter once, ignoring case, quotes and kind aliases', () => {
    expect(appendFilter('flaky', 'kind:ticket')).toBe('flaky kind:ticket');
    // OR binds loosest: the filter must narrow the whole query.
    expect(appendFilter('ci OR deploys', 'team:Payments')).toBe('(ci OR deploys) team:Payments');
    expect(appendFilter('(ci OR deploys) slow', 'kind:ticket')).toBe('(ci OR deploys) slow kind:ticket');
    expect(appendFilter('"ci OR deploys"', 'kind:ticket')).toBe('"ci OR deploys" kind:ticket');
    expect(appendFilter('  ', 'kind:ticket')).toBe('kind:ticket');
    expect(appendFilter('flaky kind:tickets', 'kind:ticket')).toBe('flaky kind:tickets');
    expect(appendFilter('flaky team:"developer experience"', 'team:"Developer Experience"')).toBe(
      'flaky team:"developer experience"',
    );
    expect(hasFilter('flaky -kind:ticket', 'kind:ticket')).toBe(false);
  });

  it('finds the filters of a query and removes one wherever it was typed', () => {
    const q = '(ci OR builds) team:"Developer Experience" slow kind:ticket since:30d';
    expect(queryFilters(q).map((f) => f.text)).toEqual(['team:"Developer Experience"', 'kind:ticket', 'since:30d']);
    expect(removeFilter(q, 'team:"developer experience"')).toBe('(ci OR builds) slow kind:ticket since:30d');
    expect(removeFilter(q, 'kind:ticket')).toBe('(ci OR builds) team:"Developer Experience" slow since:30d');
    // Words that merely contain a colon-like field name are left alone.
    expect(queryFilters('mykind:ticket')).toEqual([]);
  });

  it('names a theme after the words of its query', () => {
    expect(themeNameFromQuery('"slow ci"')).toBe('Slow ci');
    expect(themeNameFromQuery('"slow ci" OR flaky kind:ticket -kubernetes')).toBe('Slow ci or flaky');
    expect(themeNameFromQuery('deploy~ kube*')).toBe('Deploy kube');
    expect(themeNameFromQuery('kind:ticket')).toBe('Kind:ticket');
  });

  it('labels facet values and periods', () => {
    expect(facetLabel('kind', 'survey_response')).toBe('Survey responses');
    expect(facetLabel('source', 'jira-csv')).toBe('Jira CSV');
    expect(facetLabel('month', '2026-03')).toBe('Mar 2026');
    expect(formatPeriod('2026-W09')).toBe('W9 2026');
    expect(formatRange(50, 3204)).toBe('1–50 of 3,204');
    expect(formatRange(0, 0)).toBe('0 of 0');
  });
});
