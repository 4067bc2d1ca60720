import { describe, expect, it } from 'vitest';
import {
  emptyItemForm,
  formatEffect,
  formatMove,
  formatScore,
  formatValue,
  FormError,
  formToItemInput,
  fromField,
  parseTeams,
  rankMoves,
  toField,
} from './roadmap';

describe('roadmap helpers', () => {
  it('shows fractions as percentages and missing as missing', () => {
    expect(formatValue('confidence', 0.8)).toBe('80%');
    expect(formatValue('adoption', 0.125)).toBe('12.5%');
    expect(formatValue('reach', 1400)).toBe('1,400');
    expect(formatValue('impact', null)).toBe('missing');
    expect(formatValue('impact', 0)).toBe('0');
  });

  it('reads percentages typed for fractions', () => {
    expect(fromField('confidence', '80')).toBe(0.8);
    expect(fromField('confidence', '7 %')).toBe(0.07);
    expect(fromField('reach', '1,200')).toBe(1200);
    expect(fromField('reach', ' ')).toBeNull();
    expect(() => fromField('confidence', '120')).toThrow('Confidence is a percentage between 0 and 100');
    expect(() => fromField('effort', 'two')).toThrow('"two" is not a number');
    expect(toField('confidence', 0.07)).toBe('7');
    expect(toField('confidence', 0.8)).toBe('80');
    expect(toField('effort', null)).toBe('');
  });

  it('formats scores, moves and effects', () => {
    expect(formatScore(22.456)).toBe('22.46');
    expect(formatScore(1234.56)).toBe('1,234.6');
    expect(formatScore(null)).toBe('—');
    expect(formatScore(3.5, 'roi')).toBe('350%');
    expect([formatMove(2), formatMove(-1), formatMove(0)]).toEqual(['▲2', '▼1', '=']);
    expect([formatEffect(12.34), formatEffect(-0.5), formatEffect(0)]).toEqual(['+12.3', '\u22120.5', '±0']);
  });

  it('turns the form into an ItemInput: cleared inputs are left out, ranges need an estimate', () => {
    const form = {
      ...emptyItemForm(),
      title: 'X',
      effort: '3',
      manual: {
        confidence: { value: '80', low: '60', high: '' },
        reach: { value: '', low: '', high: '' },
        impact: { value: '2', low: '', high: '' },
      },
    };
    expect(formToItemInput(7, form)).toMatchObject({
      id: 7,
      effort: 3,
      inputs: [
        { key: 'impact', value: 2, low: null, high: null },
        { key: 'confidence', value: 0.8, low: 0.6, high: null },
      ],
    });
    const bad = { ...form, manual: { reach: { value: '', low: '10', high: '' } } };
    expect(() => formToItemInput(7, bad)).toThrow(FormError);
    try {
      formToItemInput(7, bad);
    } catch (e) {
      expect((e as FormError).field).toBe('inputs.reach');
    }
  });

  it('parses teams and rank moves', () => {
    expect(parseTeams('Payments, mobile ,, payments', ['Mobile'])).toEqual(['Mobile', 'Payments']);
    const moves = rankMoves(
      [
        { id: 1, rank: 1 },
        { id: 2, rank: 2 },
        { id: 3, rank: null },
      ],
      [
        { id: 2, rank: 1 },
        { id: 1, rank: 2 },
        { id: 3, rank: null },
      ],
    );
    expect([...moves]).toEqual([
      [2, 1],
      [1, -1],
    ]);
  });
});
