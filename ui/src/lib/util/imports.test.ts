import { describe, expect, it } from 'vitest';
import { basename, formatLabel, formatWhen, howLabel } from './imports';

describe('import display helpers', () => {
  it('takes the file name of POSIX and Windows paths', () => {
    expect(basename('/home/ada/exports/jira.csv')).toBe('jira.csv');
    expect(basename('C:\\Users\\ada\\issues.json')).toBe('issues.json');
    expect(basename('plain.tsv')).toBe('plain.tsv');
    expect(basename('/data/folder/')).toBe('folder');
  });

  it('labels formats and mapping sources', () => {
    expect(formatLabel('jira-csv')).toBe('Jira CSV');
    expect(formatLabel('github-json')).toBe('GitHub issues JSON');
    expect(formatLabel('something-new')).toBe('something-new');
    expect(howLabel('user')).toBe('yours');
  });

  it('formats timestamps in local time and keeps unparsable text', () => {
    const d = new Date(2025, 2, 4, 9, 5);
    expect(formatWhen(d.toISOString())).toBe('2025-03-04 09:05');
    expect(formatWhen('yesterday')).toBe('yesterday');
  });
});
