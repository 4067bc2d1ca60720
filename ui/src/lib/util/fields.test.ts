import { describe, expect, it } from 'vitest';
import { emptyInput, formToInput, inputToForm, parsePainPoints, parseTags, today } from './fields';
import { interviewInput } from '../../test/helpers';

describe('parseTags', () => {
  it('splits on commas, trims and drops empty entries', () => {
    expect(parseTags(' ci ,  flaky tests,, ,onboarding ')).toEqual(['ci', 'flaky tests', 'onboarding']);
  });

  it('drops duplicates but keeps the first order', () => {
    expect(parseTags('ci, deploy, ci')).toEqual(['ci', 'deploy']);
  });

  it('returns an empty array for blank input', () => {
    expect(parseTags('   ')).toEqual([]);
  });
});

describe('parsePainPoints', () => {
  it('takes one item per line, handles CRLF and skips blank lines', () => {
    expect(parsePainPoints('slow CI\r\n\n  flaky tests  \n\r\nno staging env')).toEqual([
      'slow CI',
      'flaky tests',
      'no staging env',
    ]);
  });

  it('keeps commas inside a line', () => {
    expect(parsePainPoints('builds, tests and deploys are slow')).toEqual(['builds, tests and deploys are slow']);
  });
});

describe('editor form conversion', () => {
  it('round-trips an interview through the text form', () => {
    const input = interviewInput({ id: 7, tags: ['a', 'b'], pain_points: ['x', 'y'] });
    expect(formToInput(7, inputToForm(input))).toEqual(input);
  });

  it('turns a blank team into null', () => {
    const form = { ...inputToForm(interviewInput()), team: '   ' };
    expect(formToInput(null, form).team).toBeNull();
  });

  it('defaults a new interview to today', () => {
    expect(today(new Date(2025, 0, 5))).toBe('2025-01-05');
    expect(emptyInput().date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
