import { fireEvent, render } from '@testing-library/svelte';
import { readFileSync } from 'node:fs';
import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../App.svelte';
import type { ImportOptions } from '../bindings/ImportOptions';
import type { SurveyInfo } from '../bindings/SurveyInfo';
import type { SurveySummary } from '../bindings/SurveySummary';
import type { WorkspaceStatus } from '../bindings/WorkspaceStatus';
import { backendContext } from '../platform/backend';
import { CoreBackend, ticketsCsv } from '../../test/core';
import { useDraftWorkspace } from '../util/draft';

// Real files, read by the real core. A Jira CSV export: the core knows Issue key, Summary and
// Status, not Sprint (unmapped); PAY-3 has no summary, so it is rejected (line 4).
const JIRA = 'Issue key,Summary,Status,Sprint\nPAY-1,CI is slow,Open,Sprint 12\nPAY-2,Flaky tests,Done,Sprint 13\nPAY-3,,Open,Sprint 13\n';
// A tab-separated table: no column maps to title until the user picks one.
const PLAIN = 'Name\tNotes\nBuild cache\tcold every morning\nDeploy freeze\tFridays\n';
// Qualtrics: ids as headers, the questions in the row under them, then the ImportId row.
const QUALTRICS = [
  'StartDate\tEndDate\tResponseId\tQ1\tQ2\tQ3\tQ4',
  'Start Date\tEnd Date\tResponse ID\tWhich team are you on?\tHow likely are you to recommend the platform?\tCI is fast enough\tWhat should we fix first?',
  '{"ImportId":"startDate"}\t{"ImportId":"endDate"}\t{"ImportId":"_recordId"}\t{"ImportId":"QID1"}\t{"ImportId":"QID2"}\t{"ImportId":"QID3"}\t{"ImportId":"QID4_TEXT"}',
  '2026-02-10 09:00:00\t2026-02-10 09:04:00\tR_1\tPayments\t9\tAgree\tFlaky tests on main',
  '2026-02-11 10:00:00\t2026-02-11 10:03:00\tR_2\tCheckout\t4\tDisagree\tBuilds are slow',
].join('\n');
// A generic CSV: nothing says it is a survey until the user does.
const SCORES = 'Comment,Score\nBuilds are slow,4\nDocs are great,5\n';
// GitHub's REST `issues` output: an issue and a pull request.
const GITHUB = JSON.stringify([
  {
    number: 12,
    title: 'Flaky integration tests',
    state: 'open',
    user: { login: 'ada' },
    created_at: '2026-02-01T10:00:00Z',
    body: 'Fails twice a week',
    repository_url: 'https://api.github.com/repos/acme/platform',
    labels: [{ name: 'ci' }],
  },
  {
    number: 13,
    title: 'Cache the build',
    state: 'closed',
    user: { login: 'grace' },
    created_at: '2026-02-03T10:00:00Z',
    body: '',
    repository_url: 'https://api.github.com/repos/acme/platform',
    pull_request: { url: 'https://api.github.com/repos/acme/platform/pulls/13' },
  },
]);
// Google Forms: the timestamp first, the questions as headers.
const FORMS =
  'Timestamp,Which team are you on?,How likely are you to recommend the platform to a colleague?,What is the one thing we should fix?\n' +
  '3/2/2026 9:01:10,Payments,10,Nothing\n3/2/2026 9:05:42,Search,6,Flaky tests\n';

/** A fresh workspace of the real core, and the export files a user would import into it. */
function backend() {
  const core = new CoreBackend();
  const paths = {
    jira: core.file('jira.csv', JIRA),
    plain: core.file('plain.tsv', PLAIN),
    qualtrics: core.file('pulse.tsv', QUALTRICS),
    scores: core.file('scores.csv', SCORES),
  };
  return { core, ...paths };
}

async function settle(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
}

async function openImport(core: CoreBackend) {
  const view = render(App, { context: backendContext(core.backend) });
  await settle();
  await fireEvent.click(view.getByTestId('nav-import'));
  await settle();
  return view;
}

type View = Awaited<ReturnType<typeof openImport>>;

async function previewPath(view: View, path: string) {
  await fireEvent.input(view.getByTestId('import-path'), { target: { value: path } });
  await fireEvent.click(view.getByTestId('import-preview'));
  await settle();
}

async function startImport(view: View) {
  await fireEvent.click(view.getByTestId('import-start'));
  await settle();
}

const lastOptions = (core: CoreBackend, method: 'previewImport' | 'importFile') =>
  core.callsOf(method).at(-1)?.[1] as ImportOptions;
const selectValue = (el: HTMLElement) => (el as HTMLSelectElement).value;
const isDisabled = (el: HTMLElement) => (el as HTMLButtonElement).disabled;
/** Documents of a kind the core holds. */
const stored = (core: CoreBackend, kind: string) => core.run<WorkspaceStatus>('workspace_status').documents[kind] ?? 0;

describe('ImportsView', () => {
  beforeEach(() => {
    localStorage.clear();
    useDraftWorkspace('/tmp/groundwork-ui-test');
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('opens with Ctrl+I and lists the shortcut in the help', async () => {
    const { core } = backend();
    const { getByTestId, queryByTestId } = render(App, { context: backendContext(core.backend) });
    await settle();
    expect(queryByTestId('import-path')).toBeNull();
    await fireEvent.keyDown(window, { key: 'i', ctrlKey: true });
    await settle();
    expect(getByTestId('import-path')).toBeTruthy();
    expect(getByTestId('nav-import').getAttribute('aria-current')).toBe('page');
    await fireEvent.keyDown(document.body, { key: '?' });
    expect(getByTestId('shortcuts-help').textContent).toContain('Import tickets from a file');
  });

  it('previews a pasted path: file, format, encoding, rows and the mapping of each column', async () => {
    const { core, jira } = backend();
    const view = await openImport(core);
    await previewPath(view, jira);
    const { getByTestId } = view;
    expect(core.callsOf('previewImport')[0]).toEqual([jira, { kind: null, format: 'auto', mappings: [], encoding: null, dry_run: false, speakers: [] }]);
    const panel = getByTestId('import-preview-panel');
    expect(getByTestId('import-file-name').textContent).toBe('jira.csv');
    expect(getByTestId('import-file-name').getAttribute('title')).toBe(jira);
    expect(getByTestId('import-format').textContent).toBe('Jira CSV');
    expect(getByTestId('import-rows').textContent).toBe('3 rows');
    expect(selectValue(getByTestId('import-encoding'))).toBe('auto');
    expect(panel.textContent).toContain('auto (utf-8)');
    expect(selectValue(getByTestId('map-Summary'))).toBe('title');
    expect(selectValue(getByTestId('map-Sprint'))).toBe('ignore');
    expect(getByTestId('how-Summary').textContent).toBe('known');
    expect(getByTestId('how-Sprint').textContent).toBe('unmapped');
    expect(getByTestId('how-Sprint').classList.contains('how-unmapped')).toBe(true);
    expect(panel.querySelectorAll('tbody tr')).toHaveLength(3);
    expect(panel.textContent).toContain('Flaky tests');
    expect(getByTestId('import-start').textContent).toBe('Import 3 rows');
    expect(isDisabled(getByTestId('import-start'))).toBe(false);
    // A preview stores nothing.
    expect(stored(core, 'ticket')).toBe(0);
  });

  it('re-previews with only the changed column in mappings when a select changes', async () => {
    const { core, jira } = backend();
    const view = await openImport(core);
    await previewPath(view, jira);
    await fireEvent.change(view.getByTestId('map-Sprint'), { target: { value: 'labels' } });
    await settle();
    expect(core.callsOf('previewImport')).toHaveLength(2);
    expect(lastOptions(core, 'previewImport').mappings).toEqual([{ header: 'Sprint', field: 'labels' }]);
    expect(selectValue(view.getByTestId('map-Sprint'))).toBe('labels');
    expect(view.getByTestId('how-Sprint').textContent).toBe('yours');
    expect(view.getByTestId('how-Sprint').classList.contains('how-user')).toBe(true);

    // A second change to the same column replaces its entry; the import sends the same mappings.
    await fireEvent.change(view.getByTestId('map-Sprint'), { target: { value: 'status' } });
    await fireEvent.change(view.getByTestId('map-Status'), { target: { value: 'ignore' } });
    await settle();
    expect(lastOptions(core, 'previewImport').mappings).toEqual([
      { header: 'Sprint', field: 'status' },
      { header: 'Status', field: 'ignore' },
    ]);
    expect(selectValue(view.getByTestId('map-Sprint'))).toBe('status');
    expect(selectValue(view.getByTestId('map-Status'))).toBe('ignore');
    await startImport(view);
    expect(lastOptions(core, 'importFile').mappings).toEqual([
      { header: 'Sprint', field: 'status' },
      { header: 'Status', field: 'ignore' },
    ]);
    expect(view.getByTestId('summary-imported').textContent).toBe('2');
  });

  it('shows the problem and disables the import until the mapping is fixed', async () => {
    const { core, plain } = backend();
    const view = await openImport(core);
    await previewPath(view, plain);
    expect(view.getByTestId('import-format').textContent).toBe('CSV / TSV');
    // The core's own words.
    expect(view.getByTestId('import-problem').textContent).toContain('no column holds the ticket title');
    expect(isDisabled(view.getByTestId('import-start'))).toBe(true);

    await fireEvent.change(view.getByTestId('map-Name'), { target: { value: 'title' } });
    await settle();
    expect(view.queryByTestId('import-problem')).toBeNull();
    expect(isDisabled(view.getByTestId('import-start'))).toBe(false);
    expect(view.getByTestId('import-start').textContent).toBe('Import 2 rows');
  });

  it('re-previews with the chosen encoding and resets it for the next file', async () => {
    const { core, jira, plain } = backend();
    const view = await openImport(core);
    await previewPath(view, jira);
    await fireEvent.change(view.getByTestId('import-encoding'), { target: { value: 'windows-1252' } });
    await settle();
    expect(lastOptions(core, 'previewImport').encoding).toBe('windows-1252');
    expect(selectValue(view.getByTestId('import-encoding'))).toBe('windows-1252');

    await previewPath(view, plain);
    expect(lastOptions(core, 'previewImport')).toMatchObject({ encoding: null, mappings: [] });
    expect(selectValue(view.getByTestId('import-encoding'))).toBe('auto');
    expect(view.getByTestId('import-preview-panel').textContent).toContain('auto (utf-8)');
  });

  it('shows a file that cannot be read in the view', async () => {
    const { core } = backend();
    const view = await openImport(core);
    await previewPath(view, '/nope/missing.csv');
    expect(view.getByTestId('import-error').textContent).toContain('cannot read /nope/missing.csv');
    expect(view.queryByTestId('import-preview-panel')).toBeNull();
    expect(view.queryByTestId('error-banner')).toBeNull();
  });

  it('updates the progress bar from the events and keeps the last numbers', async () => {
    const { core } = backend();
    // The core reports progress every 500 rows, and once more at the end.
    const rows = Array.from({ length: 1200 }, (_, i) => ({ key: `BIG-${i + 1}`, title: `Ticket ${i + 1}` }));
    const big = core.file('big.csv', ticketsCsv(rows));
    core.pauseImports = true;
    const view = await openImport(core);
    await previewPath(view, big);
    await startImport(view);
    const bar = view.getByTestId('import-progress') as HTMLProgressElement;
    expect(bar.tagName).toBe('PROGRESS');
    // Started: nothing done yet out of the rows the preview counted.
    expect(bar.value).toBe(0);
    expect(bar.max).toBe(1200);
    expect(view.getByTestId('import-progress-text').textContent).toBe('0 / 1,200');
    expect(isDisabled(view.getByTestId('import-start'))).toBe(true);
    expect(view.getByTestId('import-cancel')).toBeTruthy();

    // What the view shows at each of the core's progress events, while the import still runs.
    const seen: string[] = [];
    const off = await core.backend.onImportProgress(() => {
      flushSync();
      const running = view.queryByTestId('import-cancel') ? 'running' : 'ended';
      seen.push(`${view.getByTestId('import-progress-text').textContent} ${running}`);
    });
    core.releaseImport();
    await settle();
    off();
    expect(seen).toEqual(['500 / 1,200 running', '1,000 / 1,200 running', '1,200 / 1,200 running']);
    expect(view.getByTestId('import-summary')).toBeTruthy();
    expect(view.getByTestId('summary-imported').textContent).toBe('1200');
    expect(view.queryByTestId('import-cancel')).toBeNull();
    expect((view.getByTestId('import-progress') as HTMLProgressElement).value).toBe(1200);
    expect(view.getByTestId('import-progress-text').textContent).toBe('1,200 / 1,200');
    // The view's listener is gone once the import ends.
    expect(core.server.progress).toHaveLength(0);
  });

  it('cancels a running import: cancelled message, nothing stored, no batch', async () => {
    const { core, jira } = backend();
    core.pauseImports = true;
    const view = await openImport(core);
    await previewPath(view, jira);
    await startImport(view);
    await fireEvent.click(view.getByTestId('import-cancel'));
    await settle();
    expect(core.callsOf('cancelImport')).toHaveLength(1);
    // The core ran the import and stopped it.
    expect(core.callsOf('importFile')).toHaveLength(1);
    expect(view.getByTestId('import-cancelled').textContent).toBe('Import cancelled — nothing was changed.');
    expect(view.queryByTestId('import-summary')).toBeNull();
    expect(view.queryByTestId('import-cancel')).toBeNull();
    expect(view.queryByTestId('error-banner')).toBeNull();
    expect(stored(core, 'ticket')).toBe(0);
    expect(core.run<unknown[]>('list_imports')).toEqual([]);
    expect(view.queryAllByTestId('import-batch')).toHaveLength(0);
    // The file can be imported again right away.
    expect(isDisabled(view.getByTestId('import-start'))).toBe(false);
    core.pauseImports = false;
    await startImport(view);
    expect(view.getByTestId('summary-imported').textContent).toBe('2');
  });

  it('shows the summary with counts and rejected rows, then refreshes history and sidebar counts', async () => {
    const { core, jira } = backend();
    const view = await openImport(core);
    expect(view.getByTestId('document-counts').textContent).toContain('No documents yet');
    await previewPath(view, jira);
    await startImport(view);
    const { getByTestId, getAllByTestId } = view;
    expect(getByTestId('summary-imported').textContent).toBe('2');
    expect(getByTestId('summary-updated').textContent).toBe('0');
    expect(getByTestId('summary-skipped').textContent).toBe('0');
    expect(getByTestId('summary-rejected').textContent).toBe('1');
    expect(getByTestId('summary-batch').textContent).toBe('#1');
    expect(getByTestId('import-summary').textContent).toContain('Jira CSV');
    expect(getByTestId('import-summary').textContent).toContain('utf-8');
    const rejected = getAllByTestId('rejected-row');
    expect(rejected).toHaveLength(1);
    expect(rejected[0].textContent).toContain('4');
    expect(rejected[0].textContent).toContain('Summary');
    expect(rejected[0].textContent).toContain('title is empty');

    expect(stored(core, 'ticket')).toBe(2);
    expect(getByTestId('document-counts').textContent).toContain('2 tickets');
    const rows = getAllByTestId('import-batch');
    expect(rows).toHaveLength(1);
    const fileCell = rows[0].querySelector('[title]');
    expect(fileCell?.getAttribute('title')).toBe(jira);
    expect(fileCell?.textContent).toBe('jira.csv');
    expect(rows[0].textContent).toContain('Jira CSV');

    // Importing the same file again skips the unchanged rows.
    await startImport(view);
    expect(getByTestId('summary-imported').textContent).toBe('0');
    expect(getByTestId('summary-skipped').textContent).toBe('2');
    expect(getAllByTestId('import-batch')).toHaveLength(2);
    expect(stored(core, 'ticket')).toBe(2);
  });

  it('saves the rejected rows to the path chosen in the save dialog', async () => {
    const { core, jira } = backend();
    const view = await openImport(core);
    await previewPath(view, jira);
    await startImport(view);

    // Cancelling the dialog saves nothing.
    await fireEvent.click(view.getByTestId('save-rejected'));
    await settle();
    expect(core.callsOf('pickSavePath')).toEqual([['rejected-rows.csv']]);
    expect(core.callsOf('saveRejected')).toHaveLength(0);

    const target = `${core.documents}/rejected.csv`;
    core.savePathToPick = target;
    await fireEvent.click(view.getByTestId('save-rejected'));
    await settle();
    expect(core.callsOf('saveRejected')).toEqual([[target, [{ line: 4, field: 'Summary', reason: 'the title is empty' }]]]);
    // The core wrote them as a CSV to fix and import again.
    expect(readFileSync(target, 'utf8')).toBe('line,field,reason\n4,Summary,the title is empty\n');
    expect(view.getByTestId('save-rejected-status').textContent).toBe(`Saved 1 row to ${target}`);

    // A folder that is not there: the core's error, in place of the status.
    core.savePathToPick = '/nowhere/rejected.csv';
    await fireEvent.click(view.getByTestId('save-rejected'));
    await settle();
    const status = view.getByTestId('save-rejected-status');
    expect(status.textContent).toContain('cannot write /nowhere/rejected.csv');
    expect(status.getAttribute('role')).toBe('alert');
  });

  it('undoes a batch after showing what goes to the Trash, and redoes it', async () => {
    const { core, jira } = backend();
    const view = await openImport(core);
    await previewPath(view, jira);
    await startImport(view);
    expect(view.getByTestId('document-counts').textContent).toContain('2 tickets');
    const undo = view.getByTestId('undo-import') as HTMLButtonElement;
    expect(undo.textContent).toBe('Undo');
    expect(undo.disabled).toBe(false);

    // One click asks first: the core's preview says what would move, and nothing changed yet.
    await fireEvent.click(undo);
    await settle();
    expect(core.callsOf('undoImportPreview')).toEqual([[1]]);
    expect(core.callsOf('undoImport')).toEqual([]);
    const confirm = view.getByTestId('confirm-undo');
    expect(confirm.textContent).toContain('Undo import #1?');
    expect(confirm.textContent).toContain('2 documents go to the Trash');
    expect(view.queryByTestId('undo-at-risk')).toBeNull();
    expect(stored(core, 'ticket')).toBe(2);

    await fireEvent.click(view.getByTestId('confirm-undo-go'));
    await settle();
    expect(core.callsOf('undoImport')).toEqual([[1, true]]);
    expect(view.queryByTestId('confirm-undo')).toBeNull();
    expect(stored(core, 'ticket')).toBe(0);
    expect(view.getByTestId('import-batch').classList.contains('undone')).toBe(true);
    expect(view.getByTestId('document-counts').textContent).toContain('No documents yet');
    expect(core.run<unknown[]>('list_trash')).toHaveLength(1);

    const redo = view.getByTestId('redo-import') as HTMLButtonElement;
    expect(redo.textContent).toBe('Redo');
    await fireEvent.click(redo);
    await settle();
    expect(core.callsOf('redoImport')).toEqual([[1]]);
    expect(stored(core, 'ticket')).toBe(2);
    expect(view.getByTestId('import-batch').classList.contains('undone')).toBe(false);
    expect(core.run<unknown[]>('list_trash')).toHaveLength(0);
  });

  it('names the quotes and links an undo would take to the Trash before it does', async () => {
    const { core, jira } = backend();
    const view = await openImport(core);
    await previewPath(view, jira);
    await startImport(view);
    const ticket = core.run<{ hits: { id: number; title: string }[] }>('search', { request: { query: 'slow', limit: 5 } }).hits[0];
    expect(ticket.title).toBe('CI is slow');
    const theme = core.run<{ id: number }>('save_theme', { input: { id: null, name: 'Slow CI', query: 'CI' } });
    core.run('pin_quote', { theme: theme.id, document: ticket.id, text: 'CI is slow' });

    await fireEvent.click(view.getByTestId('undo-import'));
    await settle();
    const risk = view.getByTestId('undo-at-risk');
    // The core's sentence, shown as it said it.
    expect(risk.textContent).toBe(core.run<{ warning: string }>('undo_import_preview', { batch: 1 }).warning);
    expect(risk.textContent).toContain('1 quote(s) and 0 roadmap link(s)');
    await fireEvent.click(view.getByTestId('confirm-undo-cancel'));
    expect(view.queryByTestId('confirm-undo')).toBeNull();
    expect(core.callsOf('undoImport')).toEqual([]);
    expect(stored(core, 'ticket')).toBe(2);
  });

  it('asks before a survey re-import moves quoted answers to the Trash, then imports when confirmed', async () => {
    const { core } = backend();
    const forms = core.file('forms.csv', FORMS);
    const view = await openImport(core);
    await previewPath(view, forms);
    await startImport(view);
    const answer = core.run<{ hits: { id: number }[] }>('search', { request: { query: 'flaky', limit: 5 } }).hits[0];
    const theme = core.run<{ id: number }>('save_theme', { input: { id: null, name: 'Flaky', query: 'flaky' } });
    core.run('pin_quote', { theme: theme.id, document: answer.id, text: 'Flaky tests' });

    // The same export, its free-text question read as a single choice this time.
    await previewPath(view, forms);
    await fireEvent.change(view.getByTestId('map-What is the one thing we should fix?'), { target: { value: 'single' } });
    await settle();
    await startImport(view);
    const ask = view.getByTestId('import-confirm');
    expect(ask.textContent).toContain('1 quote(s)');
    expect(lastOptions(core, 'importFile').force).toBe(false);
    expect(core.run<unknown[]>('list_trash')).toHaveLength(0);
    expect(stored(core, 'survey_response')).toBe(2);

    await fireEvent.click(view.getByTestId('import-confirm-go'));
    await settle();
    expect(lastOptions(core, 'importFile').force).toBe(true);
    expect(view.queryByTestId('import-confirm')).toBeNull();
    expect(view.getByTestId('import-summary')).toBeTruthy();
    expect(stored(core, 'survey_response')).toBe(0);
    const trash = core.run<{ quotes: number }[]>('list_trash');
    expect(trash).toHaveLength(1);
    expect(trash[0].quotes).toBe(1);
  });

  it('shows why an undo was refused and keeps the batch undoable', async () => {
    const { core, jira } = backend();
    // A later export of the same project renames PAY-1: batch 2 changes a ticket batch 1 added.
    const later = core.file('jira-later.csv', 'Issue key,Summary,Status,Sprint\nPAY-1,CI is slow on Mondays,Open,Sprint 12\n');
    const view = await openImport(core);
    await previewPath(view, jira);
    await startImport(view);
    await previewPath(view, later);
    await startImport(view);
    expect(view.getByTestId('summary-updated').textContent).toBe('1');
    const [newest, first] = view.getAllByTestId('import-batch');
    expect(first.querySelector('[title]')?.textContent).toBe('jira.csv');

    await fireEvent.click(first.querySelector('[data-testid="undo-import"]')!);
    await settle();
    expect(core.callsOf('undoImportPreview')).toEqual([[1]]);
    // The core refuses: undoing batch 1 first would lose what batch 2 changed.
    expect(view.getByTestId('undo-error').textContent).toBe('import batch 2 changed documents of batch 1 later; undo batch 2 first');
    expect(view.queryByTestId('error-banner')).toBeNull();
    const undo = first.querySelector('[data-testid="undo-import"]') as HTMLButtonElement;
    expect(undo.textContent).toBe('Undo');
    expect(undo.disabled).toBe(false);
    expect(newest.classList.contains('undone')).toBe(false);
    expect(stored(core, 'ticket')).toBe(2);
    expect(view.getByTestId('document-counts').textContent).toContain('2 tickets');
  });

  it('previews a file dropped onto the window, highlighting the drop zone while dragging', async () => {
    const { core, jira, plain } = backend();
    const view = await openImport(core);
    core.hoverFiles(true);
    await settle();
    expect(view.getByTestId('import-dropzone')).toBeTruthy();
    core.dropFiles([jira]);
    await settle();
    expect(view.queryByTestId('import-dropzone')).toBeNull();
    expect(core.callsOf('previewImport')[0][0]).toBe(jira);
    expect((view.getByTestId('import-path') as HTMLInputElement).value).toBe(jira);
    expect(view.getByTestId('import-preview-panel')).toBeTruthy();
    expect(view.getByTestId('import-format').textContent).toBe('Jira CSV');

    // Leaving the view stops listening for drops.
    await fireEvent.click(view.getByTestId('nav-teams'));
    await settle();
    core.hoverFiles(true);
    core.dropFiles([plain]);
    await settle();
    expect(core.callsOf('previewImport')).toHaveLength(1);
    await fireEvent.click(view.getByTestId('nav-import'));
    await settle();
    expect(view.queryByTestId('import-dropzone')).toBeNull();
    expect(view.getByTestId('import-file-name').textContent).toBe('jira.csv');
  });

  it('previews a typed path as the host confirms it, and nothing when the user cancels there (the app)', async () => {
    const { core, jira, plain } = backend();
    const view = await openImport(core);
    // The app asks in its open dialog, starting at the typed path; the user cancels.
    core.answerNext('confirmPath', null);
    await previewPath(view, jira);
    expect(core.callsOf('confirmPath')).toEqual([[jira, 'open']]);
    expect(core.callsOf('previewImport')).toHaveLength(0);
    // Then picks another file there: that one is previewed.
    core.answerNext('confirmPath', plain);
    await previewPath(view, jira);
    expect(core.callsOf('previewImport')[0][0]).toBe(plain);
    expect(view.getByTestId('import-file-name').textContent).toBe('plain.tsv');
    // A dropped file is the user's choice already: no confirmation.
    core.dropFiles([jira]);
    await settle();
    expect(core.callsOf('confirmPath')).toHaveLength(2);
    expect(core.callsOf('previewImport')[1][0]).toBe(jira);
  });

  it('previews the file picked in the open dialog', async () => {
    const { core, plain } = backend();
    const view = await openImport(core);
    await fireEvent.click(view.getByTestId('import-choose'));
    await settle();
    expect(core.callsOf('pickImportFile')).toHaveLength(1);
    expect(core.callsOf('previewImport')).toHaveLength(0);

    core.importFileToPick = plain;
    await fireEvent.click(view.getByTestId('import-choose'));
    await settle();
    expect(core.callsOf('previewImport')[0][0]).toBe(plain);
    expect(view.getByTestId('import-file-name').textContent).toBe('plain.tsv');
  });

  it('keeps a running import and its progress when the user looks at another view', async () => {
    const { core, jira } = backend();
    core.pauseImports = true;
    const view = await openImport(core);
    await previewPath(view, jira);
    await startImport(view);
    await fireEvent.click(view.getByTestId('nav-teams'));
    await settle();
    await fireEvent.click(view.getByTestId('nav-import'));
    await settle();
    expect(view.getByTestId('import-progress-text').textContent).toBe('0 / 3');
    expect(isDisabled(view.getByTestId('import-start'))).toBe(true);
    await fireEvent.click(view.getByTestId('import-cancel'));
    await settle();
    expect(view.getByTestId('import-cancelled')).toBeTruthy();
    expect(stored(core, 'ticket')).toBe(0);
  });

  it('shows a survey preview: its kind, the roles as fields and each question under its id', async () => {
    const { core, qualtrics } = backend();
    const view = await openImport(core);
    await previewPath(view, qualtrics);
    const { getByTestId } = view;
    expect(getByTestId('import-kind').textContent).toBe('Survey');
    expect(getByTestId('import-format').textContent).toBe('Qualtrics');
    expect(getByTestId('import-what').textContent?.replace(/\s+/g, ' ').trim()).toBe('Survey · Qualtrics');
    expect(getByTestId('question-Q2').textContent).toBe('How likely are you to recommend the platform?');
    expect(getByTestId('question-Q2').getAttribute('title')).toBe('How likely are you to recommend the platform?');
    expect(view.queryByTestId('question-ResponseId')?.textContent).toBe('Response ID');
    expect(selectValue(getByTestId('map-Q1'))).toBe('team');
    expect(selectValue(getByTestId('map-Q2'))).toBe('nps');
    expect(selectValue(getByTestId('map-Q3'))).toBe('likert');
    expect(selectValue(getByTestId('map-Q4'))).toBe('text');
    expect(selectValue(getByTestId('map-ResponseId'))).toBe('respondent');
    // Qualtrics' own metadata is not imported.
    expect(selectValue(getByTestId('map-StartDate'))).toBe('ignore');
    const roles = [...(getByTestId('map-Q4') as HTMLSelectElement).options].map((o) => o.value);
    expect(roles).toEqual(expect.arrayContaining(['likert', 'nps', 'single', 'multiple', 'numeric', 'text', 'team', 'ignore']));
    expect(roles).not.toContain('title');
    expect(selectValue(getByTestId('import-kind-select'))).toBe('auto');
    expect(getByTestId('import-kind-select').textContent).toContain('Detect (survey)');
    expect(getByTestId('import-start').textContent).toBe('Import 2 responses');

    // The mapping editor works the same with roles.
    await fireEvent.change(getByTestId('map-Q3'), { target: { value: 'single' } });
    await settle();
    expect(lastOptions(core, 'previewImport').mappings).toEqual([{ header: 'Q3', field: 'single' }]);
    expect(selectValue(getByTestId('map-Q3'))).toBe('single');
    expect(getByTestId('how-Q3').textContent).toBe('yours');
  });

  it('reads a generic CSV as a survey when the user says it holds one', async () => {
    const { core, scores, jira } = backend();
    const view = await openImport(core);
    await previewPath(view, scores);
    expect(view.getByTestId('import-kind').textContent).toBe('Tickets');
    expect(view.getByTestId('import-problem')).toBeTruthy();
    await fireEvent.change(view.getByTestId('map-Comment'), { target: { value: 'title' } });
    await settle();
    expect(view.queryByTestId('import-problem')).toBeNull();

    await fireEvent.change(view.getByTestId('import-kind-select'), { target: { value: 'survey' } });
    await settle();
    // The ticket mapping does not apply to a survey: it starts over.
    expect(lastOptions(core, 'previewImport')).toMatchObject({ kind: 'survey', mappings: [] });
    expect(selectValue(view.getByTestId('import-kind-select'))).toBe('survey');
    expect(view.getByTestId('import-kind').textContent).toBe('Survey');
    expect(view.getByTestId('import-format').textContent).toBe('CSV / TSV');
    expect(view.queryByTestId('import-problem')).toBeNull();
    expect(selectValue(view.getByTestId('map-Comment'))).toBe('text');
    expect(selectValue(view.getByTestId('map-Score'))).toBe('numeric');
    // Without an id, the header is the question: nothing is shown under it.
    expect(view.queryByTestId('question-Comment')).toBeNull();

    await startImport(view);
    expect(lastOptions(core, 'importFile').kind).toBe('survey');
    expect(stored(core, 'survey_response')).toBe(2);
    expect(stored(core, 'ticket')).toBe(0);

    // Back to detection, and a new file starts from detection too.
    await fireEvent.change(view.getByTestId('import-kind-select'), { target: { value: 'auto' } });
    await settle();
    expect(lastOptions(core, 'previewImport').kind).toBeNull();
    expect(view.getByTestId('import-kind').textContent).toBe('Tickets');
    await fireEvent.change(view.getByTestId('import-kind-select'), { target: { value: 'survey' } });
    await settle();
    await previewPath(view, jira);
    expect(lastOptions(core, 'previewImport').kind).toBeNull();
    expect(selectValue(view.getByTestId('import-kind-select'))).toBe('auto');
  });

  it('imports a survey and opens its summary in the Surveys view', async () => {
    const { core, qualtrics } = backend();
    const view = await openImport(core);
    await previewPath(view, qualtrics);
    await startImport(view);
    expect(view.getByTestId('summary-imported').textContent).toBe('2');
    expect(view.getByTestId('import-batch').textContent).toContain('Survey · Qualtrics');
    expect(view.getByTestId('document-counts').textContent).toContain('2 survey responses');

    await fireEvent.click(view.getByTestId('import-open-surveys'));
    await settle();
    const items = view.getAllByTestId('survey-item');
    expect(items).toHaveLength(1);
    expect(items[0].textContent).toContain('pulse');
    expect(items[0].textContent).toContain('Qualtrics');
    expect(view.getByTestId('survey-respondents').textContent).toBe('2 respondents');
    // NPS as the core computes it: R_1's 9 is a promoter, R_2's 4 a detractor: (1 − 1) ÷ 2 = 0.
    const [survey] = core.run<SurveyInfo[]>('list_surveys');
    const summary = core.run<SurveySummary>('survey_summary', { id: survey.id, filters: [] });
    expect(summary.questions.find((q) => q.role === 'nps')?.nps?.score).toBe(0);
    expect(view.getByTestId('nps-score').textContent).toBe('0');
    const roles = view.getAllByTestId('question-card').map((c) => c.dataset.role);
    expect(roles).toEqual(['nps', 'likert', 'text']);
    expect(view.getAllByTestId('question-card')[0].querySelector('h4')?.textContent).toBe(
      'How likely are you to recommend the platform?',
    );
    expect(view.getAllByTestId('facet-select').map((s) => s.dataset.column)).toEqual(['Q1']);
  });

  it('shows epoch-second dates as read, and the line of a stray NUL the core removed', async () => {
    const { core } = backend();
    const rows = ['Issue key,Summary,Created'];
    for (let i = 1; i <= 400; i++) rows.push(`EP-${i},Pipeline step ${i} waits on the cache,${1709287200 + i * 60}`);
    // A stray NUL deep in the export (past the first 8 KiB the binary check reads).
    rows[300] = rows[300].replace('waits', 'wa\u0000its');
    const file = core.file('epoch.csv', rows.join('\n') + '\n');
    const view = await openImport(core);
    await previewPath(view, file);
    const preview = core.run<{ columns: { header: string; date_format: string | null }[] }>('preview_import', {
      path: file,
      options: { kind: null, format: 'auto', mappings: [], encoding: null, dry_run: false },
    });
    const created = preview.columns.find((c) => c.header === 'Created')!;
    expect(created.date_format).toMatch(/epoch/i);
    expect(view.getByTestId('date-format-Created').textContent).toBe(`read as ${created.date_format}`);
    await startImport(view);
    const warnings = view.getByTestId('import-warnings');
    expect(warnings.textContent).toContain('Line 301');
    expect(stored(core, 'ticket')).toBe(400);
  });

  it('detects GitHub issues JSON and a Google Forms export without any mapping', async () => {
    const { core } = backend();
    const issues = core.file('issues.json', GITHUB);
    const forms = core.file('DX pulse (Responses).csv', FORMS);
    const view = await openImport(core);

    await previewPath(view, issues);
    expect(view.getByTestId('import-what').textContent?.replace(/\s+/g, ' ').trim()).toBe('Tickets · GitHub issues JSON');
    expect(selectValue(view.getByTestId('map-title'))).toBe('title');
    expect(view.getByTestId('how-title').textContent).toBe('known');
    expect(view.queryByTestId('import-problem')).toBeNull();
    expect(view.getByTestId('import-start').textContent).toBe('Import 2 rows');
    await startImport(view);
    expect(view.getByTestId('summary-imported').textContent).toBe('2');
    expect(view.getByTestId('import-batch').textContent).toContain('GitHub issues JSON');
    expect(stored(core, 'ticket')).toBe(2);

    await previewPath(view, forms);
    expect(view.getByTestId('import-what').textContent?.replace(/\s+/g, ' ').trim()).toBe('Survey · Google Forms');
    expect(selectValue(view.getByTestId('map-Timestamp'))).toBe('submitted');
    expect(selectValue(view.getByTestId('map-Which team are you on?'))).toBe('team');
    expect(selectValue(view.getByTestId('map-How likely are you to recommend the platform to a colleague?'))).toBe('nps');
    expect(selectValue(view.getByTestId('map-What is the one thing we should fix?'))).toBe('text');
    expect(view.getByTestId('import-start').textContent).toBe('Import 2 responses');
    await startImport(view);
    expect(view.getByTestId('summary-imported').textContent).toBe('2');
    expect(core.run<SurveyInfo[]>('list_surveys').map((s) => s.name)).toEqual(['DX pulse']);
  });

  it('previews a dropped transcript with its speakers, lets the user mark who interviews, and imports it as an interview of turns', async () => {
    const core = new CoreBackend();
    const vtt = core.file(
      'dana.vtt',
      [
        'WEBVTT',
        '',
        '1',
        '00:00:01.000 --> 00:00:04.000',
        '<v Ana Lima>Do you find the CI slow these days?</v>',
        '',
        '2',
        '00:00:05.000 --> 00:00:09.000',
        '<v Person B>Our builds take an hour because the cache misses on every runner.</v>',
        '',
        '3',
        '00:01:02.000 --> 00:01:04.000',
        '<v Ana Lima>Why does it miss?</v>',
        '',
        '4',
        '00:01:05.000 --> 00:01:09.000',
        '<v Person B>Nobody owns the cache keys, so they drift.</v>',
        '',
      ].join('\n'),
    );
    const view = await openImport(core);
    // Dropped on the window, as from a file manager.
    core.dropFiles([vtt]);
    await settle();
    expect(core.callsOf('previewImport').at(-1)?.[0]).toBe(vtt);
    const preview = core.run<{ transcript: { format_name: string; speakers: { label: string; role: string; share: number }[] } }>(
      'preview_import',
      { path: vtt, options: { kind: null, format: 'auto', mappings: [], encoding: null, dry_run: false, speakers: [] } },
    );
    expect(view.getByTestId('import-kind').textContent).toBe('Transcript');
    expect(view.getByTestId('transcript-format').textContent).toBe(preview.transcript.format_name);
    expect(view.getByTestId('transcript-turns').textContent).toBe('4 turns');
    const labels = view.getAllByTestId('speaker-label').map((e) => e.textContent);
    expect(labels).toEqual(preview.transcript.speakers.map((s) => s.label));
    expect(view.getAllByTestId('speaker-share').map((e) => e.textContent)).toEqual(
      preview.transcript.speakers.map((s) => `${Math.round(s.share * 100)}%`),
    );
    // Two questions are not enough for the core to guess: both read as participants until marked.
    expect(selectValue(view.getByTestId('speaker-role-Ana Lima'))).toBe(preview.transcript.speakers[0].role);
    await fireEvent.change(view.getByTestId('speaker-role-Ana Lima'), { target: { value: 'interviewer' } });
    await settle();
    expect(lastOptions(core, 'previewImport').speakers).toEqual([{ label: 'Ana Lima', role: 'interviewer', person: null }]);
    expect(selectValue(view.getByTestId('speaker-role-Ana Lima'))).toBe('interviewer');
    expect(view.getByTestId('speaker-source-Ana Lima').textContent).toBe('yours');
    await fireEvent.change(view.getByTestId('speaker-person-Person B'), { target: { value: 'Dana Ruiz' } });
    await settle();
    expect(lastOptions(core, 'previewImport').speakers).toEqual([
      { label: 'Ana Lima', role: 'interviewer', person: null },
      { label: 'Person B', role: 'participant', person: 'Dana Ruiz' },
    ]);
    expect(view.getByTestId('transcript-first-turns').textContent).toContain('Dana Ruiz');
    await startImport(view);
    expect(view.getByTestId('summary-imported').textContent).toBe('1');
    expect(stored(core, 'interview')).toBe(1);
    const found = core.run<{ total: number; hits: { turn: { speaker: string; role: string; start_ms: number } | null }[] }>('search', {
      request: { query: 'speaker:"Dana Ruiz" drift', limit: 5 },
    });
    expect(found.total).toBe(1);
    expect(found.hits[0].turn).toMatchObject({ speaker: 'Dana Ruiz', role: 'participant', start_ms: 65_000 });
    // The interviewer's question is not evidence.
    expect(core.run<{ total: number }>('search', { request: { query: 'miss role:interviewer', limit: 5 } }).total).toBe(1);
    expect(core.run<{ total: number }>('search', { request: { query: 'why', limit: 5 } }).total).toBe(0);
  });
});
