import { fireEvent, render, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../App.svelte';
import type { Code } from '../bindings/Code';
import type { CodeCooccurrence } from '../bindings/CodeCooccurrence';
import type { CodeTeamMatrix } from '../bindings/CodeTeamMatrix';
import type { Highlight } from '../bindings/Highlight';
import type { Interview } from '../bindings/Interview';
import type { SimilarHit } from '../bindings/SimilarHit';
import { backendContext } from '../platform/backend';
import { CoreBackend } from '../../test/core';
import { interviewInput } from '../../test/helpers';
import { useDraftWorkspace } from '../util/draft';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The codebook against the real core: two interviews (Dana in Payments, Lee in Checkout) coded
// through `code_passage`; every figure the view shows is read back from the core.

async function settle(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
}

const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();

function seeded(): CoreBackend {
  const core = new CoreBackend();
  const save = (title: string, participant: string, team: string, notes: string) =>
    core.run<Interview>('save_interview', { input: interviewInput({ title, participant, team, notes }) }).id;
  const a = save('CI waits', 'Dana Ruiz', 'Payments', 'The pipeline takes forever before I can merge. Flaky tests fail the build.');
  const b = save('Deploy fear', 'Lee Park', 'Checkout', 'Deploys need three approvals. The pipeline takes forever.');
  const code = (document: number, quote: string, codes: string[]) =>
    core.run<Highlight>('code_passage', { input: { document, quote, start: null, end: null, codes } });
  code(a, 'The pipeline takes forever before I can merge.', ['Pain/CI wait', 'Pain/Process']);
  code(a, 'Flaky tests', ['Pain/Flaky']);
  code(a, 'tests fail the build', ['Pain/CI wait']);
  code(b, 'The pipeline takes forever.', ['Pain/CI wait']);
  code(b, 'three approvals', ['Pain/Process']);
  return core;
}

async function openCodebook(core: CoreBackend) {
  const view = render(App, { context: backendContext(core.backend) });
  await settle();
  await fireEvent.click(view.getByTestId('nav-codebook'));
  await settle();
  return view;
}

/** What the helpers below need of a rendered view. */
type Queries = { getAllByTestId: (id: string) => HTMLElement[]; queryAllByTestId: (id: string) => HTMLElement[] };

function row(view: Queries, path: string): HTMLElement {
  const found = view.getAllByTestId('code-row').find((r) => r.dataset.codePath === path);
  if (!found) throw new Error(`no row ${path}`);
  return found;
}

const rowPaths = (view: Queries) => view.queryAllByTestId('code-row').map((r) => r.dataset.codePath);

function idOf(core: CoreBackend, path: string): string {
  return String(core.run<Code>('get_code', { key: path }).id);
}

describe('CodebookView', () => {
  beforeEach(() => {
    localStorage.clear();
    useDraftWorkspace('/tmp/groundwork-ui-test');
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('shows the tree with the core tallies, a code passages, and both matrices as the core computes them', async () => {
    const core = seeded();
    const codes = core.run<Code[]>('list_codes');
    const view = await openCodebook(core);

    expect(rowPaths(view)).toEqual(codes.map((c) => c.path));
    for (const c of codes) {
      const r = row(view, c.path);
      const cells = ['code-passages', 'code-documents', 'code-people', 'code-teams'].map((id) => text(within(r).getByTestId(id)));
      expect(cells).toEqual([c.passages, c.documents, c.people, c.teams].map(String));
    }
    // The figures are not all alike: the passage with two codes counts for each.
    const wait = codes.find((c) => c.path === 'Pain/CI wait')!;
    expect([wait.passages, wait.documents, wait.people, wait.teams]).toEqual([3, 2, 2, 2]);

    // Collapsing a parent hides its children; expanding shows them again.
    await fireEvent.click(within(row(view, 'Pain')).getByTestId('code-toggle'));
    expect(rowPaths(view)).toEqual(['Pain']);
    await fireEvent.click(within(row(view, 'Pain')).getByTestId('code-toggle'));
    expect(rowPaths(view)).toEqual(codes.map((c) => c.path));

    // One code's passages, as the core lists them; a title opens the document in the reader.
    const passages = core.run<Highlight[]>('list_highlights', { code: 'Pain/CI wait', document: null });
    await fireEvent.click(within(row(view, 'Pain/CI wait')).getByTestId('code-select'));
    await settle();
    const list = view.getByTestId('code-passage-list');
    expect(within(list).getAllByTestId('code-passage-text').map(text)).toEqual(passages.map((h) => h.text));
    expect(passages.length).toBe(3);
    await fireEvent.click(within(list).getAllByTestId('code-passage-open')[0]);
    await settle();
    expect(text(view.getByTestId('reader').querySelector('#reader-title')!)).toBe(passages[0].title);

    // Code × team: every cell and total shows the core's passages and people.
    const matrix = core.run<CodeTeamMatrix>('code_team_matrix');
    expect(matrix.teams.map((t) => t.name)).toEqual(['Checkout', 'Payments']);
    await fireEvent.click(view.getByTestId('codebook-tab-teams'));
    await settle();
    expect(view.getAllByTestId('team-column').map(text)).toEqual(matrix.teams.map((t) => t.name));
    const teamCells = view.getAllByTestId('team-cell');
    expect(teamCells).toHaveLength(matrix.rows.length * matrix.teams.length);
    for (const r of matrix.rows) {
      r.cells.forEach((c, i) => {
        const cell = teamCells.find((el) => el.dataset.codePath === r.code.path && el.dataset.team === matrix.teams[i].name)!;
        expect(text(within(cell).getByTestId('team-cell-passages'))).toBe(String(c.passages));
        expect(text(within(cell).getByTestId('team-cell-people'))).toBe(`${c.people} ppl`);
        expect(cell.classList.contains('zero')).toBe(c.passages === 0);
      });
      const total = view.getAllByTestId('team-total').find((el) => el.dataset.codePath === r.code.path)!;
      expect(text(within(total).getByTestId('team-cell-passages'))).toBe(String(r.total.passages));
    }
    const pain = matrix.rows.find((r) => r.code.path === 'Pain')!;
    expect(pain.total.passages).toBe(5);
    expect(teamCells.some((c) => c.classList.contains('zero'))).toBe(true);

    // Co-occurrence: the core's pairs, both ways round; every other pair 0 and dimmed.
    const co = core.run<CodeCooccurrence>('code_cooccurrence');
    expect(co.pairs.length).toBeGreaterThan(0);
    await fireEvent.click(view.getByTestId('codebook-tab-cooccurrence'));
    await settle();
    const path = (id: number) => co.codes.find((c) => c.id === id)!.path;
    const coCells = view.getAllByTestId('cooccurrence-cell');
    expect(coCells).toHaveLength(co.codes.length * (co.codes.length - 1));
    for (const cell of coCells) {
      const p = co.pairs.find(
        (x) =>
          (path(x.a) === cell.dataset.codeA && path(x.b) === cell.dataset.codeB) || (path(x.b) === cell.dataset.codeA && path(x.a) === cell.dataset.codeB),
      );
      expect(text(cell)).toBe(String(p?.passages ?? 0));
      expect(cell.classList.contains('zero')).toBe(!p);
    }
    const waitFlaky = coCells.find((c) => c.dataset.codeA === 'Pain/Flaky' && c.dataset.codeB === 'Pain/CI wait')!;
    expect(text(waitFlaky)).toBe('1');
  });

  it('adds, renames, moves, merges and deletes codes through the core, and shows its refusal of a move under itself', async () => {
    const core = seeded();
    const view = await openCodebook(core);

    await fireEvent.input(view.getByTestId('code-new-path'), { target: { value: 'Wishes/Dashboards' } });
    await fireEvent.click(view.getByTestId('code-add'));
    await settle();
    expect(rowPaths(view)).toEqual(core.run<Code[]>('list_codes').map((c) => c.path));
    expect(rowPaths(view)).toContain('Wishes/Dashboards');

    // Rename: the passages stay with the code.
    await fireEvent.click(within(row(view, 'Pain/CI wait')).getByTestId('code-select'));
    await settle();
    await fireEvent.input(view.getByTestId('code-rename-input'), { target: { value: 'Waiting' } });
    await fireEvent.click(view.getByTestId('code-rename'));
    await settle();
    expect(rowPaths(view)).not.toContain('Pain/CI wait');
    const waiting = core.run<Code>('get_code', { key: 'Pain/Waiting' });
    expect(text(within(row(view, 'Pain/Waiting')).getByTestId('code-passages'))).toBe(String(waiting.passages));
    expect(waiting.passages).toBe(3);

    // Description and colour.
    await fireEvent.input(view.getByTestId('code-description'), { target: { value: 'Waiting on CI' } });
    await fireEvent.input(view.getByTestId('code-color'), { target: { value: '#e76f51' } });
    await fireEvent.click(view.getByTestId('code-describe-save'));
    await settle();
    const described = core.run<Code>('get_code', { key: 'Pain/Waiting' });
    expect([described.description, described.color]).toEqual(['Waiting on CI', '#e76f51']);

    // A move under its own child: the core refuses, the view says why, nothing moves.
    await fireEvent.click(within(row(view, 'Pain')).getByTestId('code-select'));
    await settle();
    await fireEvent.change(view.getByTestId('code-move-target'), { target: { value: idOf(core, 'Pain/Waiting') } });
    await fireEvent.click(view.getByTestId('code-move'));
    await settle();
    expect(text(view.getByTestId('codebook-error'))).toMatch(/cannot move under itself/);
    expect(core.run<Code>('get_code', { key: 'Pain' }).parent).toBeNull();

    // Move Pain/Flaky under Wishes.
    await fireEvent.click(within(row(view, 'Pain/Flaky')).getByTestId('code-select'));
    await settle();
    await fireEvent.change(view.getByTestId('code-move-target'), { target: { value: idOf(core, 'Wishes') } });
    await fireEvent.click(view.getByTestId('code-move'));
    await settle();
    expect(view.queryByTestId('codebook-error')).toBeNull();
    expect(rowPaths(view)).toContain('Wishes/Flaky');
    expect(rowPaths(view)).not.toContain('Pain/Flaky');

    // Dragging a code onto another moves it there; onto the top-level zone, to the top.
    await fireEvent.dragStart(row(view, 'Wishes/Flaky'));
    await fireEvent.drop(row(view, 'Pain'));
    await settle();
    expect(rowPaths(view)).toContain('Pain/Flaky');
    await fireEvent.dragStart(row(view, 'Pain/Flaky'));
    await fireEvent.drop(view.getByTestId('code-drop-top'));
    await settle();
    expect(core.run<Code>('get_code', { key: 'Flaky' }).parent).toBeNull();
    await fireEvent.dragStart(row(view, 'Flaky'));
    await fireEvent.drop(row(view, 'Wishes'));
    await settle();
    expect(rowPaths(view)).toEqual(core.run<Code[]>('list_codes').map((c) => c.path));
    await fireEvent.click(within(row(view, 'Wishes/Flaky')).getByTestId('code-select'));
    await settle();

    // Merge Wishes/Flaky into Pain/Waiting: its passage follows.
    await fireEvent.change(view.getByTestId('code-merge-target'), { target: { value: idOf(core, 'Pain/Waiting') } });
    await fireEvent.click(view.getByTestId('code-merge'));
    await settle();
    expect(rowPaths(view)).not.toContain('Wishes/Flaky');
    const merged = core.run<Highlight[]>('list_highlights', { code: 'Pain/Waiting', document: null });
    expect(merged.map((h) => h.text)).toContain('Flaky tests');
    expect(text(view.getByTestId('code-detail-path'))).toBe('Pain/Waiting');
    expect(view.getAllByTestId('code-passage-text').map(text)).toEqual(merged.map((h) => h.text));

    // Delete Pain/Process, moving its passages into Pain/Waiting.
    await fireEvent.click(within(row(view, 'Pain/Process')).getByTestId('code-select'));
    await settle();
    await fireEvent.click(view.getByTestId('code-delete'));
    const dialog = view.getByTestId('code-delete-dialog');
    expect(within(dialog).getByTestId<HTMLButtonElement>('code-delete-confirm').disabled).toBe(false);
    await fireEvent.click(within(dialog).getByTestId('code-delete-move'));
    expect(within(dialog).getByTestId<HTMLButtonElement>('code-delete-confirm').disabled).toBe(true);
    await fireEvent.change(within(dialog).getByTestId('code-delete-into'), { target: { value: idOf(core, 'Pain/Waiting') } });
    await fireEvent.click(within(dialog).getByTestId('code-delete-confirm'));
    await settle();
    expect(rowPaths(view)).not.toContain('Pain/Process');
    expect(view.queryByTestId('code-delete-dialog')).toBeNull();
    const after = core.run<Highlight[]>('list_highlights', { code: null, document: null });
    expect(after.find((h) => h.text === 'three approvals')!.codes).toEqual(['Pain/Waiting']);
    expect(text(within(row(view, 'Pain/Waiting')).getByTestId('code-passages'))).toBe(String(core.run<Code>('get_code', { key: 'Pain/Waiting' }).passages));

    // Delete Wishes keeping passages: there are none to keep, the code goes.
    await fireEvent.click(within(row(view, 'Wishes')).getByTestId('code-select'));
    await settle();
    await fireEvent.click(view.getByTestId('code-delete'));
    await fireEvent.click(view.getByTestId('code-delete-confirm'));
    await settle();
    expect(rowPaths(view)).toEqual(core.run<Code[]>('list_codes').map((c) => c.path));
    expect(rowPaths(view)).toEqual(['Pain', 'Pain/Waiting']);
  });

  it('exports the project as .qdpx and imports it into a fresh workspace with the same codes and passages', async () => {
    const core = seeded();
    const dir = mkdtempSync(join(tmpdir(), 'groundwork-refi-'));
    const file = join(dir, 'project.qdpx');
    const view = await openCodebook(core);
    await fireEvent.click(view.getByTestId('codebook-tab-exchange'));
    await fireEvent.input(view.getByTestId('refi-path'), { target: { value: file } });
    await fireEvent.click(view.getByTestId('refi-export-qdpx'));
    await settle();
    expect(core.callsOf('exportQdpx')).toEqual([[file]]);
    expect(text(view.getByTestId('refi-result'))).toBe(`Wrote ${file}: 4 codes, 2 documents, 5 coded passages.`);
    view.unmount();

    const fresh = new CoreBackend();
    const other = await openCodebook(fresh);
    await fireEvent.click(other.getByTestId('codebook-tab-exchange'));
    await fireEvent.input(other.getByTestId('refi-path'), { target: { value: file } });
    await fireEvent.click(other.getByTestId('refi-import'));
    await settle();
    expect(fresh.callsOf('importRefi')).toEqual([[file, false]]);
    expect(text(other.getByTestId('refi-result'))).toContain('Imported 2 documents and 5 coded passages');
    // The same codebook, and the same passages with the same codes, read from both cores.
    const codebook = (c: CoreBackend) => c.run<Code[]>('list_codes').map((x) => [x.path, x.color, x.passages]);
    expect(codebook(fresh)).toEqual(codebook(core));
    const passages = (c: CoreBackend) =>
      c
        .run<Highlight[]>('list_highlights', { code: null, document: null })
        .map((h) => [h.title, h.start, h.end, h.text, h.codes])
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(passages(fresh)).toEqual(passages(core));
    await fireEvent.click(other.getByTestId('codebook-tab-codes'));
    expect(rowPaths(other)).toEqual(core.run<Code[]>('list_codes').map((c) => c.path));
  });

  it('finds more like a code: A codes the suggestion in focus, R rejects the next, and neither comes back', async () => {
    const core = seeded();
    const save = (title: string, notes: string) =>
      core.run<Interview>('save_interview', { input: interviewInput({ title, participant: 'Sam Ode', team: 'Search', notes }) }).id;
    save('Builds', 'Every merge waits on the pipeline for an hour.\n\nThe pipeline is slow on Mondays.\n\nLunch is good.');
    save('Queues', 'Runners queue up and the pipeline takes forever.\n\nThe kitchen coffee is fine.');
    const request = { code: 'Pain/CI wait', passages: [], limit: 20 };
    const expected = core.run<{ hits: SimilarHit[] }>('similar', { request }).hits;
    expect(expected.length).toBeGreaterThan(2);
    const view = await openCodebook(core);
    await fireEvent.click(within(row(view, 'Pain/CI wait')).getByTestId('code-select'));
    await settle();
    await fireEvent.click(view.getByTestId('find-similar'));
    await settle();
    expect(view.getAllByTestId('similar-text').map(text)).toEqual(expected.map((h) => h.text));
    const list = view.getByTestId('similar-list');
    expect(document.activeElement).toBe(list);

    // A: the first is coded with the code, at its exact characters.
    await fireEvent.keyDown(list, { key: 'a' });
    await settle();
    const [first, second] = expected;
    const coded = core.run<Highlight[]>('list_highlights', { code: 'Pain/CI wait', document: first.document });
    expect(coded.some((h) => h.start === first.start && h.end === first.end && h.codes.includes('Pain/CI wait'))).toBe(true);
    // R: the next (now in focus) is not like it.
    await fireEvent.keyDown(list, { key: 'r' });
    await settle();
    expect(core.callsOf('rejectSuggestion')).toEqual([['Pain/CI wait', second.document, second.start, second.end]]);
    expect(view.queryAllByTestId('similar-text').map(text)).toEqual(expected.slice(2).map((h) => h.text));
    // Asked again, the core suggests neither.
    const again = core.run<{ hits: SimilarHit[] }>('similar', { request }).hits;
    const at = (h: SimilarHit) => `${h.document}:${h.start}`;
    expect(again.map(at)).not.toContain(at(first));
    expect(again.map(at)).not.toContain(at(second));
  });

  it('opens from the palette: Ctrl+K, "codebook", Enter', async () => {
    const core = seeded();
    const view = render(App, { context: backendContext(core.backend) });
    await settle();
    await fireEvent.keyDown(document.body, { key: 'k', ctrlKey: true });
    await settle();
    await fireEvent.input(view.getByTestId('palette-input'), { target: { value: 'codebook' } });
    await settle();
    await fireEvent.keyDown(view.getByTestId('palette-input'), { key: 'Enter' });
    await settle();
    expect(view.getByTestId('nav-codebook').getAttribute('aria-current')).toBe('page');
    expect(rowPaths(view)).toEqual(core.run<Code[]>('list_codes').map((c) => c.path));
  });
});
