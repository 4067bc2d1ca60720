import { describe, expect, it } from 'vitest';
import type { ExportOptions } from '../bindings/ExportOptions';
import { FakeBackend, bulkTickets, FAKE_DOCUMENTS } from './fake';
import { exportFileName, folderOf, isAbsolutePath } from './fakeExport';

const opts = (over: Partial<ExportOptions> = {}): ExportOptions => ({
  subject: { kind: 'roadmap' },
  format: 'html',
  model: 'rice',
  team: null,
  compare: null,
  anonymize: true,
  ...over,
});

function seeded(): FakeBackend {
  return new FakeBackend({
    documents: bulkTickets(12),
    themes: [{ name: 'Flaky tests', query: 'flaky' }],
    items: [
      {
        title: 'Faster CI',
        description: '',
        owner: '',
        status: 'idea',
        effort: 2,
        effort_low: null,
        effort_high: null,
        teams: [],
        target_metric: '',
        exception_team: null,
        inputs: [],
      },
    ],
  });
}

describe('fake exports', () => {
  it('names files like the core (src/export/mod.rs file_name)', () => {
    const day = '2026-12-02';
    expect(exportFileName(opts({ model: 'WSJF' }), day)).toBe('groundwork-roadmap-wsjf-2026-12-02.html');
    expect(exportFileName(opts({ model: 'WSJF', format: 'xlsx', team: 'Dev Tools' }), day)).toBe(
      'groundwork-roadmap-wsjf-dev-tools-2026-12-02.xlsx',
    );
    expect(
      exportFileName(opts({ subject: { kind: 'search', query: '"flaky tests" team:Mobile/../..' }, format: 'csv' }), day),
    ).toBe('groundwork-search-flaky-tests-team-mobile-2026-12-02.csv');
    expect(exportFileName(opts({ subject: { kind: 'search', query: '🙂' }, format: 'md' }), day)).toBe('groundwork-search-2026-12-02.md');
    expect(exportFileName(opts({ subject: { kind: 'themes', ids: [] }, format: 'md' }), day)).toBe('groundwork-themes-2026-12-02.md');
  });

  it('tells full paths and folders', () => {
    expect(isAbsolutePath('/home/you/x.csv')).toBe(true);
    expect(isAbsolutePath('C:\\Users\\you\\x.csv')).toBe(true);
    expect(isAbsolutePath('x.csv')).toBe(false);
    expect(isAbsolutePath('./x.csv')).toBe(false);
    expect(folderOf('/home/you/Documents/x.csv')).toBe('/home/you/Documents');
    expect(folderOf('/x.csv')).toBe('/');
  });

  it('writes to memory and reports rows, size and people; opens only what it exported', async () => {
    const fake = seeded();
    const path = await fake.exportDefaultPath(opts());
    expect(path).toBe(`${FAKE_DOCUMENTS}/groundwork-roadmap-rice-2026-07-01.html`);
    const report = await fake.exportToFile(opts(), path);
    expect(report).toEqual({ path, bytes: expect.any(Number), items: 1, people: expect.any(Number) });
    expect(report.bytes).toBeGreaterThan(1000);
    expect(report.people).toBeGreaterThan(0);
    expect((await fake.exportToFile(opts({ anonymize: false, format: 'csv' }), '/tmp/r.csv')).people).toBe(0);

    await fake.openExport(path);
    await fake.revealExport(path);
    expect(fake.openedExports).toEqual([path]);
    expect(fake.revealedExports).toEqual([path]);
    await expect(fake.openExport('/etc/passwd')).rejects.toMatchObject({ code: 'invalid_input', field: 'path' });
  });

  it('rejects what the core rejects, naming the field', async () => {
    const fake = seeded();
    const search = opts({ subject: { kind: 'search', query: 'flaky' } });
    await expect(fake.exportToFile(opts(), 'review.html')).rejects.toMatchObject({ field: 'path' });
    await expect(fake.exportToFile(opts(), '/nowhere/review.html')).rejects.toMatchObject({ field: 'out' });
    await expect(fake.exportToFile(search, '/tmp/s.html')).rejects.toMatchObject({ field: 'format' });
    await expect(fake.exportToFile({ ...search, format: 'xlsx' }, '/tmp/s.xlsx')).rejects.toMatchObject({ field: 'format' });
    await expect(fake.exportToFile(opts({ subject: { kind: 'themes', ids: [] }, format: 'html' }), '/tmp/t.html')).rejects.toMatchObject({
      field: 'format',
    });
    await expect(fake.exportToFile(opts({ subject: { kind: 'search', query: ' ' }, format: 'csv' }), '/tmp/s.csv')).rejects.toMatchObject({
      field: 'query',
    });
    await expect(fake.exportToFile(opts({ subject: { kind: 'themes', ids: [999] }, format: 'csv' }), '/tmp/t.csv')).rejects.toMatchObject({
      field: 'theme',
    });
    await expect(fake.exportToFile(opts({ model: 'nope' }), '/tmp/r.html')).rejects.toMatchObject({ field: 'model' });
    await expect(fake.exportToFile(opts({ compare: 'never saved' }), '/tmp/r.html')).rejects.toMatchObject({ code: 'not_found' });
    expect(fake.exported.size).toBe(0);

    const hits = await fake.exportToFile({ ...search, format: 'json' }, '/tmp/s.json');
    expect(hits.items).toBe(12);
    const themes = await fake.exportToFile(opts({ subject: { kind: 'themes', ids: [] }, format: 'md' }), '/tmp/t.md');
    expect(themes.items).toBeGreaterThan(0);
  });

  it('answers the save dialog with the default path unless told otherwise', async () => {
    const fake = seeded();
    expect(await fake.chooseExportPath('/home/you/Documents/a.csv', 'csv')).toBe('/home/you/Documents/a.csv');
    fake.exportPathToPick = null;
    expect(await fake.chooseExportPath('/home/you/Documents/a.csv', 'csv')).toBeNull();
  });
});
