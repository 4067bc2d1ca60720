import { fireEvent, render } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../App.svelte';
import type { ImportOptions } from '../bindings/ImportOptions';
import { apiError, backendContext } from '../platform/backend';
import { FakeBackend } from '../platform/fake';
import { useDraftWorkspace } from '../util/draft';

const JIRA_PATH = '/home/ada/exports/jira.csv';
// Priority is unknown to the fake (unmapped); PAY-3 has no summary, so it is rejected (line 4).
const JIRA = 'Issue key,Summary,Status,Priority\nPAY-1,CI is slow,Open,High\nPAY-2,Flaky tests,Done,Low\nPAY-3,,Open,Low\n';
const PLAIN_PATH = '/tmp/plain.tsv';
// No column maps to title until the user picks one.
const PLAIN = 'Name\tNotes\nBuild cache\tcold every morning\nDeploy freeze\tFridays\n';
const QUALTRICS_PATH = '/home/ada/exports/pulse.tsv';
// Qualtrics: ids as headers, the questions in the row under them.
const QUALTRICS = [
  'ResponseId\tQ1\tQ2\tQ3\tQ4',
  'Response ID\tWhich team are you on?\tHow likely are you to recommend the platform?\tCI is fast enough\tWhat should we fix first?',
  'R_1\tPayments\t9\tAgree\tFlaky tests on main',
  'R_2\tCheckout\t4\tDisagree\tBuilds are slow',
].join('\n');
const SCORES_PATH = '/tmp/scores.csv';
// A generic CSV: nothing says it is a survey until the user does.
const SCORES = 'Comment,Score\nBuilds are slow,4\nDocs are great,5\n';

function backend(): FakeBackend {
  const fake = new FakeBackend();
  fake.importFiles.set(JIRA_PATH, JIRA);
  fake.importFiles.set(PLAIN_PATH, PLAIN);
  fake.importFiles.set(QUALTRICS_PATH, QUALTRICS);
  fake.importFiles.set(SCORES_PATH, SCORES);
  return fake;
}

async function settle(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
}

async function openImport(fake: FakeBackend) {
  const view = render(App, { context: backendContext(fake) });
  await settle();
  await fireEvent.click(view.getByTestId('nav-import'));
  await settle();
  return view;
}

async function previewPath(view: Awaited<ReturnType<typeof openImport>>, path: string) {
  await fireEvent.input(view.getByTestId('import-path'), { target: { value: path } });
  await fireEvent.click(view.getByTestId('import-preview'));
  await settle();
}

const lastOptions = (fake: FakeBackend, method: 'previewImport' | 'importFile') =>
  fake.callsOf(method).at(-1)?.[1] as ImportOptions;
const selectValue = (el: HTMLElement) => (el as HTMLSelectElement).value;
const isDisabled = (el: HTMLElement) => (el as HTMLButtonElement).disabled;

describe('ImportsView', () => {
  beforeEach(() => {
    localStorage.clear();
    useDraftWorkspace('/tmp/fake-workspace');
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('opens with Ctrl+I and lists the shortcut in the help', async () => {
    const fake = backend();
    const { getByTestId, queryByTestId } = render(App, { context: backendContext(fake) });
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
    const fake = backend();
    const view = await openImport(fake);
    await previewPath(view, JIRA_PATH);
    const { getByTestId } = view;
    expect(fake.callsOf('previewImport')[0]).toEqual([
      JIRA_PATH,
      { kind: null, format: 'auto', mappings: [], encoding: null, dry_run: false },
    ]);
    const panel = getByTestId('import-preview-panel');
    expect(getByTestId('import-file-name').textContent).toBe('jira.csv');
    expect(getByTestId('import-file-name').getAttribute('title')).toBe(JIRA_PATH);
    expect(getByTestId('import-format').textContent).toBe('Jira CSV');
    expect(getByTestId('import-rows').textContent).toBe('3 rows');
    expect(selectValue(getByTestId('import-encoding'))).toBe('auto');
    expect(panel.textContent).toContain('auto (utf-8)');
    expect(selectValue(getByTestId('map-Summary'))).toBe('title');
    expect(selectValue(getByTestId('map-Priority'))).toBe('ignore');
    expect(getByTestId('how-Summary').textContent).toBe('known');
    expect(getByTestId('how-Priority').textContent).toBe('unmapped');
    expect(getByTestId('how-Priority').classList.contains('how-unmapped')).toBe(true);
    expect(panel.querySelectorAll('tbody tr')).toHaveLength(3);
    expect(panel.textContent).toContain('Flaky tests');
    expect(getByTestId('import-start').textContent).toBe('Import 3 rows');
    expect(isDisabled(getByTestId('import-start'))).toBe(false);
  });

  it('re-previews with only the changed column in mappings when a select changes', async () => {
    const fake = backend();
    const view = await openImport(fake);
    await previewPath(view, JIRA_PATH);
    await fireEvent.change(view.getByTestId('map-Priority'), { target: { value: 'labels' } });
    await settle();
    expect(fake.callsOf('previewImport')).toHaveLength(2);
    expect(lastOptions(fake, 'previewImport').mappings).toEqual([{ header: 'Priority', field: 'labels' }]);
    expect(selectValue(view.getByTestId('map-Priority'))).toBe('labels');
    expect(view.getByTestId('how-Priority').textContent).toBe('yours');
    expect(view.getByTestId('how-Priority').classList.contains('how-user')).toBe(true);

    // A second change to the same column replaces its entry; the import sends the same mappings.
    await fireEvent.change(view.getByTestId('map-Priority'), { target: { value: 'status' } });
    await fireEvent.change(view.getByTestId('map-Status'), { target: { value: 'ignore' } });
    await settle();
    expect(lastOptions(fake, 'previewImport').mappings).toEqual([
      { header: 'Priority', field: 'status' },
      { header: 'Status', field: 'ignore' },
    ]);
    await fireEvent.click(view.getByTestId('import-start'));
    await settle();
    expect(lastOptions(fake, 'importFile').mappings).toEqual([
      { header: 'Priority', field: 'status' },
      { header: 'Status', field: 'ignore' },
    ]);
  });

  it('shows the problem and disables the import until the mapping is fixed', async () => {
    const fake = backend();
    const view = await openImport(fake);
    await previewPath(view, PLAIN_PATH);
    expect(view.getByTestId('import-format').textContent).toBe('CSV / TSV');
    expect(view.getByTestId('import-problem').textContent).toContain('No column is mapped to title');
    expect(isDisabled(view.getByTestId('import-start'))).toBe(true);

    await fireEvent.change(view.getByTestId('map-Name'), { target: { value: 'title' } });
    await settle();
    expect(view.queryByTestId('import-problem')).toBeNull();
    expect(isDisabled(view.getByTestId('import-start'))).toBe(false);
    expect(view.getByTestId('import-start').textContent).toBe('Import 2 rows');
  });

  it('re-previews with the chosen encoding and resets it for the next file', async () => {
    const fake = backend();
    const view = await openImport(fake);
    await previewPath(view, JIRA_PATH);
    await fireEvent.change(view.getByTestId('import-encoding'), { target: { value: 'windows-1252' } });
    await settle();
    expect(lastOptions(fake, 'previewImport').encoding).toBe('windows-1252');
    expect(selectValue(view.getByTestId('import-encoding'))).toBe('windows-1252');

    await previewPath(view, PLAIN_PATH);
    expect(lastOptions(fake, 'previewImport')).toMatchObject({ encoding: null, mappings: [] });
    expect(selectValue(view.getByTestId('import-encoding'))).toBe('auto');
  });

  it('shows a file that cannot be read in the view', async () => {
    const fake = backend();
    const view = await openImport(fake);
    await previewPath(view, '/nope/missing.csv');
    expect(view.getByTestId('import-error').textContent).toContain('/nope/missing.csv');
    expect(view.queryByTestId('import-preview-panel')).toBeNull();
    expect(view.queryByTestId('error-banner')).toBeNull();
  });

  it('updates the progress bar from the events and keeps the last numbers', async () => {
    const fake = backend();
    fake.pauseImports = true;
    const view = await openImport(fake);
    await previewPath(view, JIRA_PATH);
    await fireEvent.click(view.getByTestId('import-start'));
    await settle();
    const bar = view.getByTestId('import-progress') as HTMLProgressElement;
    expect(bar.tagName).toBe('PROGRESS');
    expect(bar.value).toBe(1);
    expect(bar.max).toBe(3);
    expect(view.getByTestId('import-progress-text').textContent).toBe('1 / 3');
    expect(isDisabled(view.getByTestId('import-start'))).toBe(true);
    expect(view.getByTestId('import-cancel')).toBeTruthy();

    fake.releaseImport();
    await settle();
    expect(view.getByTestId('import-progress-text').textContent).toBe('3 / 3');
    fake.releaseImport();
    await settle();
    expect(view.getByTestId('import-summary')).toBeTruthy();
    expect(view.queryByTestId('import-cancel')).toBeNull();
    expect((view.getByTestId('import-progress') as HTMLProgressElement).value).toBe(3);
    // The listener is gone once the import ends.
    expect(fake.progressListeners).toHaveLength(0);
  });

  it('cancels a running import: cancelled message, nothing stored, no batch', async () => {
    const fake = backend();
    fake.pauseImports = true;
    const view = await openImport(fake);
    await previewPath(view, JIRA_PATH);
    await fireEvent.click(view.getByTestId('import-start'));
    await settle();
    await fireEvent.click(view.getByTestId('import-cancel'));
    await settle();
    expect(fake.callsOf('cancelImport')).toHaveLength(1);
    expect(view.getByTestId('import-cancelled').textContent).toBe('Import cancelled — nothing was changed.');
    expect(view.queryByTestId('import-summary')).toBeNull();
    expect(view.queryByTestId('import-cancel')).toBeNull();
    expect(view.queryByTestId('error-banner')).toBeNull();
    expect(fake.tickets).toHaveLength(0);
    expect(view.queryAllByTestId('import-batch')).toHaveLength(0);
    // The file can be imported again right away.
    expect(isDisabled(view.getByTestId('import-start'))).toBe(false);
  });

  it('shows the summary with counts and rejected rows, then refreshes history and sidebar counts', async () => {
    const fake = backend();
    const view = await openImport(fake);
    expect(view.getByTestId('document-counts').textContent).toContain('No documents yet');
    await previewPath(view, JIRA_PATH);
    await fireEvent.click(view.getByTestId('import-start'));
    await settle();
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

    expect(getByTestId('document-counts').textContent).toContain('2 tickets');
    const rows = getAllByTestId('import-batch');
    expect(rows).toHaveLength(1);
    const fileCell = rows[0].querySelector('[title]');
    expect(fileCell?.getAttribute('title')).toBe(JIRA_PATH);
    expect(fileCell?.textContent).toBe('jira.csv');
    expect(rows[0].textContent).toContain('Jira CSV');

    // Importing the same file again skips the unchanged rows.
    await fireEvent.click(getByTestId('import-start'));
    await settle();
    expect(getByTestId('summary-imported').textContent).toBe('0');
    expect(getByTestId('summary-skipped').textContent).toBe('2');
    expect(getAllByTestId('import-batch')).toHaveLength(2);
  });

  it('saves the rejected rows to the path chosen in the save dialog', async () => {
    const fake = backend();
    const view = await openImport(fake);
    await previewPath(view, JIRA_PATH);
    await fireEvent.click(view.getByTestId('import-start'));
    await settle();

    // Cancelling the dialog saves nothing.
    await fireEvent.click(view.getByTestId('save-rejected'));
    await settle();
    expect(fake.callsOf('pickSavePath')).toEqual([['rejected-rows.csv']]);
    expect(fake.callsOf('saveRejected')).toHaveLength(0);

    fake.savePathToPick = '/home/ada/rejected.csv';
    await fireEvent.click(view.getByTestId('save-rejected'));
    await settle();
    expect(fake.callsOf('saveRejected')).toEqual([
      ['/home/ada/rejected.csv', [{ line: 4, field: 'Summary', reason: 'title is empty' }]],
    ]);
    expect(view.getByTestId('save-rejected-status').textContent).toBe('Saved 1 row to /home/ada/rejected.csv');

    fake.failNext('saveRejected', apiError('io', 'Permission denied'));
    await fireEvent.click(view.getByTestId('save-rejected'));
    await settle();
    expect(view.getByTestId('save-rejected-status').textContent).toBe('Permission denied');
  });

  it('undoes a batch: calls undo_import, disables the button and refreshes the counts', async () => {
    const fake = backend();
    const view = await openImport(fake);
    await previewPath(view, JIRA_PATH);
    await fireEvent.click(view.getByTestId('import-start'));
    await settle();
    expect(view.getByTestId('document-counts').textContent).toContain('2 tickets');
    const undo = view.getByTestId('undo-import') as HTMLButtonElement;
    expect(undo.textContent).toBe('Undo');
    expect(undo.disabled).toBe(false);

    await fireEvent.click(undo);
    await settle();
    expect(fake.callsOf('undoImport')).toEqual([[1]]);
    const after = view.getByTestId('undo-import') as HTMLButtonElement;
    expect(after.textContent).toBe('Undone');
    expect(after.disabled).toBe(true);
    expect(view.getByTestId('import-batch').classList.contains('undone')).toBe(true);
    expect(view.getByTestId('document-counts').textContent).toContain('No documents yet');
    expect(fake.callsOf('listImports').length).toBeGreaterThanOrEqual(3);
  });

  it('shows why an undo was refused and keeps the batch undoable', async () => {
    const fake = backend();
    const view = await openImport(fake);
    await previewPath(view, JIRA_PATH);
    await fireEvent.click(view.getByTestId('import-start'));
    await settle();
    const message = 'import batch 3 changed documents of batch 2 later; undo batch 3 first';
    fake.failNext('undoImport', apiError('invalid_input', message));
    await fireEvent.click(view.getByTestId('undo-import'));
    await settle();
    expect(view.getByTestId('undo-error').textContent).toBe(message);
    expect(view.queryByTestId('error-banner')).toBeNull();
    const undo = view.getByTestId('undo-import') as HTMLButtonElement;
    expect(undo.textContent).toBe('Undo');
    expect(undo.disabled).toBe(false);
    expect(view.getByTestId('document-counts').textContent).toContain('2 tickets');
  });

  it('previews a file dropped onto the window, highlighting the drop zone while dragging', async () => {
    const fake = backend();
    const view = await openImport(fake);
    expect(fake.dropListeners).toHaveLength(1);
    fake.hoverFiles(true);
    await settle();
    expect(view.getByTestId('import-dropzone')).toBeTruthy();
    fake.dropFiles([JIRA_PATH]);
    await settle();
    expect(view.queryByTestId('import-dropzone')).toBeNull();
    expect(fake.callsOf('previewImport')[0][0]).toBe(JIRA_PATH);
    expect((view.getByTestId('import-path') as HTMLInputElement).value).toBe(JIRA_PATH);
    expect(view.getByTestId('import-preview-panel')).toBeTruthy();

    // Leaving the view stops listening for drops.
    await fireEvent.click(view.getByTestId('nav-teams'));
    await settle();
    expect(fake.dropListeners).toHaveLength(0);
  });

  it('previews the file picked in the open dialog', async () => {
    const fake = backend();
    const view = await openImport(fake);
    await fireEvent.click(view.getByTestId('import-choose'));
    await settle();
    expect(fake.callsOf('pickImportFile')).toHaveLength(1);
    expect(fake.callsOf('previewImport')).toHaveLength(0);

    fake.importFileToPick = PLAIN_PATH;
    await fireEvent.click(view.getByTestId('import-choose'));
    await settle();
    expect(fake.callsOf('previewImport')[0][0]).toBe(PLAIN_PATH);
    expect(view.getByTestId('import-file-name').textContent).toBe('plain.tsv');
  });

  it('keeps a running import and its progress when the user looks at another view', async () => {
    const fake = backend();
    fake.pauseImports = true;
    const view = await openImport(fake);
    await previewPath(view, JIRA_PATH);
    await fireEvent.click(view.getByTestId('import-start'));
    await settle();
    await fireEvent.click(view.getByTestId('nav-teams'));
    await settle();
    await fireEvent.click(view.getByTestId('nav-import'));
    await settle();
    expect(view.getByTestId('import-progress-text').textContent).toBe('1 / 3');
    await fireEvent.click(view.getByTestId('import-cancel'));
    await settle();
    expect(view.getByTestId('import-cancelled')).toBeTruthy();
  });

  it('shows a survey preview: its kind, the roles as fields and each question under its id', async () => {
    const fake = backend();
    const view = await openImport(fake);
    await previewPath(view, QUALTRICS_PATH);
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
    const roles = [...(getByTestId('map-Q4') as HTMLSelectElement).options].map((o) => o.value);
    expect(roles).toEqual(expect.arrayContaining(['likert', 'nps', 'single', 'multiple', 'numeric', 'text', 'team', 'ignore']));
    expect(roles).not.toContain('title');
    expect(selectValue(getByTestId('import-kind-select'))).toBe('auto');
    expect(getByTestId('import-kind-select').textContent).toContain('Detect (survey)');
    expect(getByTestId('import-start').textContent).toBe('Import 2 responses');

    // The mapping editor works the same with roles.
    await fireEvent.change(getByTestId('map-Q3'), { target: { value: 'single' } });
    await settle();
    expect(lastOptions(fake, 'previewImport').mappings).toEqual([{ header: 'Q3', field: 'single' }]);
    expect(selectValue(getByTestId('map-Q3'))).toBe('single');
    expect(getByTestId('how-Q3').textContent).toBe('yours');
  });

  it('reads a generic CSV as a survey when the user says it holds one', async () => {
    const fake = backend();
    const view = await openImport(fake);
    await previewPath(view, SCORES_PATH);
    expect(view.getByTestId('import-kind').textContent).toBe('Tickets');
    expect(view.getByTestId('import-problem')).toBeTruthy();
    await fireEvent.change(view.getByTestId('map-Comment'), { target: { value: 'title' } });
    await settle();

    await fireEvent.change(view.getByTestId('import-kind-select'), { target: { value: 'survey' } });
    await settle();
    // The ticket mapping does not apply to a survey: it starts over.
    expect(lastOptions(fake, 'previewImport')).toMatchObject({ kind: 'survey', mappings: [] });
    expect(selectValue(view.getByTestId('import-kind-select'))).toBe('survey');
    expect(view.getByTestId('import-kind').textContent).toBe('Survey');
    expect(view.getByTestId('import-format').textContent).toBe('CSV / TSV');
    expect(view.queryByTestId('import-problem')).toBeNull();
    expect(selectValue(view.getByTestId('map-Comment'))).toBe('text');
    expect(selectValue(view.getByTestId('map-Score'))).toBe('numeric');
    // Without an id, the header is the question: nothing is shown under it.
    expect(view.queryByTestId('question-Comment')).toBeNull();

    await fireEvent.click(view.getByTestId('import-start'));
    await settle();
    expect(lastOptions(fake, 'importFile').kind).toBe('survey');

    // Back to detection, and a new file starts from detection too.
    await fireEvent.change(view.getByTestId('import-kind-select'), { target: { value: 'auto' } });
    await settle();
    expect(lastOptions(fake, 'previewImport').kind).toBeNull();
    expect(view.getByTestId('import-kind').textContent).toBe('Tickets');
    await fireEvent.change(view.getByTestId('import-kind-select'), { target: { value: 'survey' } });
    await settle();
    await previewPath(view, JIRA_PATH);
    expect(lastOptions(fake, 'previewImport').kind).toBeNull();
    expect(selectValue(view.getByTestId('import-kind-select'))).toBe('auto');
  });

  it('imports a survey and opens its summary in the Surveys view', async () => {
    const fake = backend();
    const view = await openImport(fake);
    await previewPath(view, QUALTRICS_PATH);
    await fireEvent.click(view.getByTestId('import-start'));
    await settle();
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
    expect(view.getByTestId('nps-score').textContent).toBe('0');
    const roles = view.getAllByTestId('question-card').map((c) => c.dataset.role);
    expect(roles).toEqual(['nps', 'likert', 'text']);
    expect(view.getAllByTestId('question-card')[0].querySelector('h4')?.textContent).toBe(
      'How likely are you to recommend the platform?',
    );
    expect(view.getAllByTestId('facet-select').map((s) => s.dataset.column)).toEqual(['Q1']);
  });
});
