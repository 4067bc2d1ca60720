import { describe, expect, it } from 'vitest';
import { labelParts } from './palette';
import { findPalette, fuzzyMatch, type PaletteItem } from '../platform/fakePalette';

describe('palette helpers', () => {
  it('cuts a label into matched and unmatched runs by character position', () => {
    expect(labelParts('Slow CI', [0, 1, 5])).toEqual([
      { text: 'Sl', hit: true },
      { text: 'ow ', hit: false },
      { text: 'C', hit: true },
      { text: 'I', hit: false },
    ]);
    // Positions count code points: the emoji is one character.
    expect(labelParts('🚀 Deploys', [2])).toEqual([
      { text: '🚀 ', hit: false },
      { text: 'D', hit: true },
      { text: 'eploys', hit: false },
    ]);
    expect(labelParts('abc', [])).toEqual([{ text: 'abc', hit: false }]);
    expect(labelParts('', [0])).toEqual([]);
  });

  it('fake: matches subsequences, prefers word starts, lists actions for an empty query', () => {
    expect(fuzzyMatch('Deploys are scary', 'dsc')?.positions).toEqual([0, 12, 13]);
    expect(fuzzyMatch('Deploys are scary', 'xyz')).toBeNull();
    expect(fuzzyMatch('CI is slow', 'ci  slow')?.positions).toEqual([0, 1, 6, 7, 8, 9]);
    expect(fuzzyMatch('Payments: the deploy pipeline', 'deppip')?.positions).toEqual([14, 15, 16, 21, 22, 23]);
    const items: PaletteItem[] = [
      { kind: 'interview', id: 1, action: null, label: 'Go through the team list', detail: 'Interview' },
      { kind: 'action', id: 0, action: 'teams', label: 'Go to teams', detail: 'Action' },
    ];
    expect(findPalette(items, '  ').map((e) => e.action)).toEqual(['teams']);
    expect(findPalette(items, 'teams').map((e) => e.label)).toEqual(['Go to teams', 'Go through the team list']);
    expect(findPalette(items, 'go', 1)).toHaveLength(1);
  });
});
