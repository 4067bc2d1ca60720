import { describe, expect, it } from 'vitest';
import { apiError } from '../platform/backend';
import { ensureExtension, errorText, formatSize, formatsFor, resultText, withExtension } from './export';

describe('export helpers', () => {
  it('offers every format for the roadmap, three for research', () => {
    expect(formatsFor('roadmap')).toEqual(['html', 'xlsx', 'csv', 'md', 'json']);
    expect(formatsFor('search')).toEqual(['csv', 'md', 'json']);
    expect(formatsFor('themes')).toEqual(['csv', 'md', 'json']);
  });

  it('swaps or adds the extension of the file name only', () => {
    expect(withExtension('/home/you/review.html', 'csv')).toBe('/home/you/review.csv');
    expect(withExtension('/home/you/review', 'md')).toBe('/home/you/review.md');
    expect(withExtension('/home/v1.2/review', 'json')).toBe('/home/v1.2/review.json');
    expect(withExtension('C:\\Users\\you\\q3.final.xlsx', 'html')).toBe('C:\\Users\\you\\q3.final.html');
    expect(withExtension('/home/you/', 'csv')).toBe('/home/you/');
    expect(withExtension('', 'csv')).toBe('');
    expect(ensureExtension('/home/you/review', 'xlsx')).toBe('/home/you/review.xlsx');
    expect(ensureExtension('/home/you/review.txt', 'xlsx')).toBe('/home/you/review.txt');
  });

  it('gives sizes in kB', () => {
    expect(formatSize(412)).toBe('0.4 kB');
    expect(formatSize(12_345)).toBe('12.3 kB');
    expect(formatSize(356_200)).toBe('356 kB');
    expect(formatSize(2_140_000)).toBe('2.1 MB');
  });

  it('describes the result by subject, with the people anonymized', () => {
    const report = { path: '/tmp/x.html', bytes: 34_500, items: 12, people: 5, anonymized: true };
    expect(resultText(report, 'roadmap')).toBe('Exported 12 items to /tmp/x.html (34.5 kB) · 5 people anonymized');
    expect(resultText({ ...report, items: 1, people: 0, anonymized: false }, 'search')).toBe('Exported 1 hit to /tmp/x.html (34.5 kB)');
    expect(resultText({ ...report, people: 1 }, 'themes')).toBe('Exported 12 rows to /tmp/x.html (34.5 kB) · 1 person anonymized');
  });

  it('names the field at fault', () => {
    expect(errorText(apiError('invalid_input', 'the folder /x does not exist', 'out'))).toBe('Destination: the folder /x does not exist');
    expect(errorText(apiError('invalid_input', 'give the full path', 'path'))).toBe('Destination: give the full path');
    expect(errorText(apiError('invalid_input', 'no theme 9', 'theme'))).toBe('Themes: no theme 9');
    expect(errorText(apiError('invalid_input', 'bad', 'other'))).toBe('other: bad');
    expect(errorText(apiError('io', 'disk full'))).toBe('disk full');
  });
});
