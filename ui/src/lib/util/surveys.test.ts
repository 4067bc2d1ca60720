import { describe, expect, it } from 'vitest';
import type { QuestionSummary } from '../bindings/QuestionSummary';
import { answersQuery, formatNps, formatNumber, groupQuestions, npsColor, percent, scaleColors } from './surveys';

function question(id: number, text: string, group: string | null = null, item: string | null = null): QuestionSummary {
  return {
    id,
    column: `q${id}`,
    text,
    group,
    item,
    role: 'likert',
    answered: 0,
    options: [],
    mean: null,
    scale_min: null,
    scale_max: null,
    nps: null,
    csat: null,
    examples: [],
    by_team: [],
  };
}

describe('survey display helpers', () => {
  it('groups grid questions under their stem and keeps runs of other questions together', () => {
    const qs = [
      question(1, 'Agree? [CI]', 'Agree?', 'CI'),
      question(2, 'Agree? [Docs]', 'Agree?', 'Docs'),
      question(3, 'NPS'),
      question(4, 'Agree? [Deploys]', 'Agree?', 'Deploys'),
      question(5, 'Fix?'),
      question(6, 'Hours?'),
    ];
    expect(groupQuestions(qs).map((g) => [g.group, g.questions.map((q) => q.id)])).toEqual([
      ['Agree?', [1, 2, 4]],
      // Row 4 joins its grid, so 3, 5 and 6 lay out as one run.
      [null, [3, 5, 6]],
    ]);
    expect(groupQuestions([question(7, 'A'), question(8, 'B [x]', 'B', 'x'), question(9, 'C')]).map((g) => g.questions.length)).toEqual([
      1, 1, 1,
    ]);
  });

  it('writes scores and shares as people read them', () => {
    expect(formatNps(25)).toBe('+25');
    expect(formatNps(-12.5)).toBe('\u221212.5');
    expect(formatNps(0)).toBe('0');
    expect(formatNps(-0.01)).toBe('0');
    expect(formatNumber(4.25)).toBe('4.3');
    expect(formatNumber(4)).toBe('4');
    expect(formatNumber(1234.5)).toBe('1,234.5');
    expect(percent(1, 3)).toBe('33%');
    expect(percent(0, 0)).toBe('0%');
  });

  it('searches a question by its first words as a phrase', () => {
    expect(answersQuery({ text: 'What is the one thing we should fix first?', group: null })).toBe('"What is the one thing we"');
    expect(answersQuery({ text: 'Why "golden paths"?', group: null })).toBe('"Why golden paths"');
    expect(answersQuery({ text: 'Comments [Deploys]', group: 'Comments' })).toBe('"Comments"');
    expect(answersQuery({ text: '???', group: null })).toBe('');
  });

  it('colours a scale from red through grey to green, and NPS answers by group', () => {
    expect(scaleColors(5)).toEqual(['#b42318', '#e8867c', '#c4cbc9', '#6fb3a7', '#0f6e61']);
    expect(scaleColors(3)).toEqual(['#b42318', '#c4cbc9', '#0f6e61']);
    expect(scaleColors(7)).toHaveLength(7);
    expect(scaleColors(7)[3]).toBe('#c4cbc9');
    expect(scaleColors(1)).toEqual(['#0f6e61']);
    expect(npsColor('3')).toBe(npsColor('6'));
    expect(npsColor('7')).not.toBe(npsColor('6'));
    expect(npsColor('9')).toBe(npsColor('10'));
  });
});
