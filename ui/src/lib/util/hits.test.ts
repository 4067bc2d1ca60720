import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../bindings/SearchHit';
import { foldCopies } from './hits';

function hit(id: number, duplicate_of: number | null = null): SearchHit {
  return {
    id,
    kind: 'ticket',
    title: `#${id}`,
    snippet: '',
    snippet_parts: [],
    score: 1,
    date: null,
    team: null,
    source: 'jira-csv',
    duplicate_of,
    copies: 0,
    turn: null,
  };
}

describe('foldCopies', () => {
  it('folds copies under a loaded representative, wherever it is in the list', () => {
    const { shown, under } = foldCopies([hit(5, 1), hit(1), hit(2), hit(7, 1), hit(9, 3)]);
    expect(shown.map((h) => h.id)).toEqual([1, 2, 9]);
    expect(under.get(1)?.map((h) => h.id)).toEqual([5, 7]);
    // #3 is not loaded: its copy stays in the list.
    expect(under.has(3)).toBe(false);
  });

  it('leaves a list without copies as it is', () => {
    const hits = [hit(1), hit(2)];
    expect(foldCopies(hits).shown).toEqual(hits);
    expect(foldCopies([]).shown).toEqual([]);
  });
});
