import { fireEvent, render, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../../App.svelte';
import type { ItemInput } from '../../bindings/ItemInput';
import type { Model } from '../../bindings/Model';
import type { RankRequest } from '../../bindings/RankRequest';
import type { Ranking } from '../../bindings/Ranking';
import { backendContext } from '../../platform/backend';
import { useDraftWorkspace } from '../../util/draft';
import { CoreBackend, ticketsCsv } from '../../../test/core';
import { itemInput } from '../../../test/helpers';
import { itemNamed, updateItem } from '../../../test/seedRoadmap';

async function settle(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
}

/** One animation frame and the answers it sends for. */
const frame = () => settle(20);

function item(title: string, over: Partial<ItemInput> = {}): Omit<ItemInput, 'id'> {
  return itemInput(title, over);
}

const input = (key: string, value: number) => ({ key, value, low: null, high: null });

/** Twelve tickets about flaky tests, for evidence beside the items (none is linked to them). */
const flakyTickets = ticketsCsv(
  Array.from({ length: 12 }, (_, i) => ({
    key: `CI-${i + 1}`,
    title: `Flaky test #${i + 1} blocks the merge queue`,
    body: `The integration suite failed again on run ${i + 1}; slow CI makes every retry cost twenty minutes.`,
    labels: i % 2 === 0 ? 'ci' : 'ci flaky',
    created: `2026-0${(i % 2) + 1}-${String((i % 28) + 1).padStart(2, '0')} 10:00`,
    reporter: `reporter${i % 7}`,
    team: ['Payments', 'Checkout', 'Developer Experience', 'Platform'][i % 4],
  })),
);

/**
 * Four items. RICE (reach × impact × confidence ÷ effort, reach from team headcounts):
 * Faster CI 90 × 2 × 0.5 ÷ 4 = 22.5, Preview envs 30 × 1 × 0.8 ÷ 2 = 12, Golden path
 * 10 × 1 × 0.6 ÷ 1 = 6, and Docs revamp, which has no reach or impact.
 */
function seeded(): CoreBackend {
  const core = new CoreBackend({
    teams: [
      { id: null, name: 'Payments', headcount: 90 },
      { id: null, name: 'Checkout', headcount: 30 },
      { id: null, name: 'Platform', headcount: null },
    ],
    tickets: [flakyTickets],
    themes: [{ name: 'Flaky tests', query: 'flaky' }],
    items: [
      item('Faster CI', { effort: 4, teams: ['Payments'], inputs: [input('impact', 2), input('confidence', 0.5)] }),
      item('Preview envs', { effort: 2, teams: ['Checkout'], inputs: [input('impact', 1), input('confidence', 0.8)] }),
      item('Golden path', { effort: 1, teams: ['Platform'], inputs: [input('reach', 10), input('impact', 1), input('confidence', 0.6)] }),
      item('Docs revamp', { effort: 2, inputs: [input('confidence', 0.5)] }),
    ],
  });
  // Impact and confidence for an item, effort against it.
  core.run('save_model', {
    input: {
      name: 'platform',
      config: {
        kind: 'weighted',
        description: 'Impact first',
        formula: '',
        roi: { hourly_cost: null, hours_per_week: 40, weeks_per_year: 46 },
        criteria: [
          { key: 'impact', weight: 3, min: 0, max: 3 },
          { key: 'confidence', weight: 1, min: 0, max: 1 },
          { key: 'effort', weight: -2, min: 0, max: null },
        ],
      },
    },
  });
  return core;
}

async function openRoadmap(core: CoreBackend) {
  const view = render(App, { context: backendContext(core.backend) });
  await settle();
  await fireEvent.click(view.getByTestId('nav-roadmap'));
  await settle();
  return view;
}

type View = Awaited<ReturnType<typeof openRoadmap>>;

const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();

function rows(view: View) {
  return view.getAllByTestId('ranked-item').map((r) => ({
    id: Number(r.getAttribute('data-item-id')),
    title: text(within(r).getByTestId('item-title')),
    rank: text(within(r).getByTestId('item-rank')),
    score: text(within(r).getByTestId('item-score')),
    selected: r.getAttribute('aria-selected') === 'true',
  }));
}

const titles = (view: View) => rows(view).map((r) => r.title);

function itemId(core: CoreBackend, title: string): number {
  return itemNamed(core, title).id;
}

function row(view: View, title: string): HTMLElement {
  return view.getAllByTestId('ranked-item').find((r) => text(within(r).getByTestId('item-title')) === title)!;
}

async function chooseModel(view: View, name: string) {
  await fireEvent.change(view.getByTestId('model-select'), { target: { value: name } });
  await settle();
}

function slider(view: View, key: string): HTMLInputElement {
  const box = view.getAllByTestId('weight-slider').find((s) => s.getAttribute('data-key') === key)!;
  return box.querySelector('input[type="range"]') as HTMLInputElement;
}

const draftRanks = (core: CoreBackend) => core.callsOf('rank').filter(([r]) => (r as RankRequest).draft !== null);

describe('RoadmapView', () => {
  beforeEach(() => {
    localStorage.clear();
    useDraftWorkspace('/tmp/groundwork-ui-test');
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('sits after Themes in the sidebar and ranks the items in order, the unscored last', async () => {
    const core = seeded();
    const view = await openRoadmap(core);
    const nav = [...view.container.querySelectorAll('nav button')].map((b) => b.getAttribute('data-testid'));
    expect(nav.indexOf('nav-roadmap')).toBe(nav.indexOf('nav-themes') + 1);
    expect(view.getByTestId('nav-roadmap').getAttribute('aria-current')).toBe('page');

    expect((view.getByTestId('model-select') as HTMLSelectElement).value).toBe('rice');
    expect([...(view.getByTestId('model-select') as HTMLSelectElement).options].map((o) => o.value)).toEqual([
      'rice',
      'ice',
      'wsjf',
      'weighted',
      'roi',
      'time-saved',
      'platform',
    ]);
    expect(rows(view).map((r) => [r.rank, r.title, r.score])).toEqual([
      ['1', 'Faster CI', '22.5'],
      ['2', 'Preview envs', '12'],
      ['3', 'Golden path', '6'],
      ['—', 'Docs revamp', '—'],
    ]);
    expect(text(view.getByTestId('ranking-summary'))).toBe('3 items ranked by rice · 1 not scored');
    expect(core.callsOf('rank')[0]).toEqual([{ model: 'rice', draft: null, team: null, top: null, all: false }]);
  });

  it('flags missing inputs by name, never as 0', async () => {
    const core = seeded();
    const view = await openRoadmap(core);
    const docs = row(view, 'Docs revamp');
    expect(text(within(docs).getByTestId('item-missing'))).toBe('missing: reach, impact');
    expect(text(within(docs).getByTestId('item-score'))).toBe('—');
    // Scored items carry no badge.
    expect(within(row(view, 'Faster CI')).queryByTestId('item-missing')).toBeNull();

    await fireEvent.click(within(docs).getByTestId('open-breakdown'));
    const breakdown = view.getByTestId('breakdown');
    expect(text(within(breakdown).getByTestId('breakdown-missing'))).toContain('Reach, Impact are missing');
    const parts = within(breakdown).getAllByTestId('breakdown-part');
    expect(parts.map((p) => p.getAttribute('data-key'))).toEqual(['reach', 'impact', 'confidence', 'effort']);
    const reach = parts[0];
    expect(text(within(reach).getByTestId('part-value'))).toBe('missing');
    expect(text(within(reach).getByTestId('part-source'))).toBe('missing');
    expect(text(within(reach).getByTestId('part-note'))).toBe('missing: set headcounts on the affected teams, link evidence, or type it');
    // Fractions read as percentages.
    expect(text(within(parts[2]).getByTestId('part-value'))).toBe('50%');
    expect(text(within(parts[3]).getByTestId('part-source'))).toBe('manual');

    // The editor shows the same: missing, not 0.
    await fireEvent.click(within(breakdown).getByTestId('edit-item'));
    await settle();
    const impact = within(view.getByTestId('item-editor'))
      .getAllByTestId('input-row')
      .find((r) => r.getAttribute('data-key') === 'impact')!;
    expect(text(within(impact).getByTestId('input-used'))).toBe('missing');
    expect(within(impact).getByTestId('input-used').classList.contains('missing')).toBe(true);
    expect(text(within(impact).getByTestId('input-note'))).toBe('missing: type it on the item');
  });

  it('re-ranks live as a weight slider moves, once per frame, and shows the moves', async () => {
    const core = seeded();
    const view = await openRoadmap(core);
    await chooseModel(view, 'platform');
    // Impact 3, confidence 1, effort −2 (Σ|w| = 6): Golden path 18.33, Preview envs 13.33, Faster CI 8.33.
    expect(rows(view).map((r) => [r.title, r.score])).toEqual([
      ['Golden path', '18.33'],
      ['Preview envs', '13.33'],
      ['Faster CI', '8.33'],
      ['Docs revamp', '—'],
    ]);
    expect(view.getAllByTestId('weight-slider').map((s) => s.getAttribute('data-key'))).toEqual(['impact', 'confidence', 'effort']);
    const effort = slider(view, 'effort');
    expect([effort.min, effort.max, effort.step, effort.value]).toEqual(['-10', '10', '0.5', '-2']);

    // Three moves within one frame: one request, with the last weight.
    await fireEvent.input(effort, { target: { value: '-1' } });
    await fireEvent.input(effort, { target: { value: '-0.5' } });
    await fireEvent.input(effort, { target: { value: '0' } });
    expect(draftRanks(core)).toHaveLength(0);
    await frame();
    expect(draftRanks(core)).toHaveLength(1);
    const sent = draftRanks(core)[0][0] as RankRequest;
    expect(sent.model).toBe('platform');
    expect(sent.draft?.criteria.map((c) => [c.key, c.weight])).toEqual([
      ['impact', 3],
      ['confidence', 1],
      ['effort', 0],
    ]);

    // Without the effort penalty the biggest impact wins: the order turns round.
    expect(titles(view)).toEqual(['Faster CI', 'Preview envs', 'Golden path', 'Docs revamp']);
    expect(text(within(view.getAllByTestId('weight-slider')[2]).getByTestId('weight-value'))).toBe('0');
    const moves = view.getAllByTestId('ranked-item').map((r) => text(within(r).getByTestId('item-move')));
    expect(moves).toEqual(['▲2', '=', '▼2', '']);
    expect(view.getByTestId('weights-unsaved')).toBeTruthy();
    expect(core.callsOf('saveModel')).toHaveLength(0);

    // Reset goes back to the saved weights and order.
    await fireEvent.click(view.getByTestId('reset-weights'));
    await settle();
    expect(titles(view)).toEqual(['Golden path', 'Preview envs', 'Faster CI', 'Docs revamp']);
    expect(view.queryAllByTestId('item-move')).toHaveLength(0);
    expect(slider(view, 'effort').value).toBe('-2');

    // A move followed by a reset in the same frame sends nothing.
    const before = draftRanks(core).length;
    await fireEvent.input(slider(view, 'effort'), { target: { value: '-6' } });
    await fireEvent.click(view.getByTestId('reset-weights'));
    await frame();
    expect(draftRanks(core)).toHaveLength(before);
    expect(titles(view)).toEqual(['Golden path', 'Preview envs', 'Faster CI', 'Docs revamp']);

    // Saved, the weights stay and the order with them.
    await fireEvent.input(slider(view, 'effort'), { target: { value: '0' } });
    await frame();
    await fireEvent.click(view.getByTestId('save-weights'));
    await settle();
    expect(core.callsOf('saveModel').at(-1)![0]).toMatchObject({ name: 'platform' });
    const platform = core.run<Model[]>('list_models').find((m) => m.name === 'platform')!;
    expect(platform.config.criteria.find((c) => c.key === 'effort')!.weight).toBe(0);
    expect(titles(view)).toEqual(['Faster CI', 'Preview envs', 'Golden path', 'Docs revamp']);
    expect(view.queryByTestId('weights-unsaved')).toBeNull();
  });

  it("a weighted item's breakdown points sum to its score", async () => {
    const core = seeded();
    const view = await openRoadmap(core);
    await chooseModel(view, 'platform');
    await fireEvent.click(within(row(view, 'Preview envs')).getByTestId('open-breakdown'));
    const breakdown = view.getByTestId('breakdown');
    const parts = within(breakdown).getAllByTestId('breakdown-part');
    expect(parts.map((p) => [p.getAttribute('data-key'), text(within(p).getByTestId('part-weight'))])).toEqual([
      ['impact', '3'],
      ['confidence', '1'],
      ['effort', '-2'],
    ]);
    const points = parts.map((p) => Number(within(p).getByTestId('part-points').getAttribute('data-points')));
    const ranking = core.run<Ranking>('rank', { request: { model: 'platform', draft: null, team: null, top: null, all: false } });
    const score = ranking.items.find((i) => i.title === 'Preview envs')!.score!;
    expect(points.reduce((a, b) => a + b, 0)).toBeCloseTo(score, 9);
    expect(points[2]).toBeLessThan(0);
    expect(text(within(breakdown).getByTestId('breakdown-score'))).toBe('13.33');
    expect(text(within(breakdown).getByTestId('breakdown-total'))).toBe('13.33');
  });

  it('moves the selection with the arrow keys and opens the breakdown with Enter', async () => {
    const core = seeded();
    const view = await openRoadmap(core);
    const table = view.getByTestId('ranking');
    expect(rows(view).map((r) => r.selected)).toEqual([true, false, false, false]);
    await fireEvent.keyDown(table, { key: 'ArrowDown' });
    await fireEvent.keyDown(table, { key: 'ArrowDown' });
    expect(rows(view).map((r) => r.selected)).toEqual([false, false, true, false]);
    expect(table.getAttribute('aria-activedescendant')).toBe(`ranked-${itemId(core, 'Golden path')}`);
    await fireEvent.keyDown(table, { key: 'ArrowUp' });
    expect(rows(view).find((r) => r.selected)!.title).toBe('Preview envs');
    expect(view.queryByTestId('breakdown')).toBeNull();
    await fireEvent.keyDown(table, { key: 'Enter' });
    expect(view.getByTestId('breakdown').querySelector('h2')?.textContent).toBe('Preview envs');
  });

  it('saves a confidence typed as 80 as 0.8, and a cleared value falls back to the evidence', async () => {
    const core = seeded();
    const view = await openRoadmap(core);
    await fireEvent.click(row(view, 'Faster CI'));
    await fireEvent.click(view.getByTestId('edit-item'));
    await settle();
    const editor = view.getByTestId('item-editor');
    const inputRow = (key: string) => within(editor).getAllByTestId('input-row').find((r) => r.getAttribute('data-key') === key)!;

    // Shown as a percentage.
    const confidence = within(inputRow('confidence')).getByTestId('input-manual') as HTMLInputElement;
    expect(confidence.value).toBe('50');
    expect(text(within(inputRow('confidence')).getByTestId('input-used'))).toBe('50%');
    // Reach comes from the team's headcount.
    expect(text(within(inputRow('reach')).getByTestId('input-used'))).toBe('90');
    expect(text(within(inputRow('reach')).getByTestId('input-source'))).toBe('derived');
    expect(text(within(inputRow('reach')).getByTestId('input-note'))).toBe('90 engineers in Payments');

    await fireEvent.input(confidence, { target: { value: '80' } });
    const reach = within(inputRow('reach')).getByTestId('input-manual') as HTMLInputElement;
    await fireEvent.input(reach, { target: { value: '120' } });
    await fireEvent.click(within(editor).getByTestId('item-save'));
    await settle();
    const saved = core.callsOf('saveItem').at(-1)![0] as ItemInput;
    expect(saved.inputs).toEqual([input('reach', 120), input('impact', 2), input('confidence', 0.8)]);
    expect(text(within(inputRow('confidence')).getByTestId('input-used'))).toBe('80%');
    expect(text(within(inputRow('reach')).getByTestId('input-source'))).toBe('manual');
    expect(text(within(inputRow('reach')).getByTestId('input-derived'))).toBe('90');
    // 120 × 2 × 0.8 ÷ 4 = 48.
    expect(rows(view)[0]).toMatchObject({ title: 'Faster CI', score: '48', selected: true });

    // Cleared, reach is derived again.
    await fireEvent.input(within(inputRow('reach')).getByTestId('input-manual'), { target: { value: '' } });
    await fireEvent.click(within(editor).getByTestId('item-save'));
    await settle();
    expect((core.callsOf('saveItem').at(-1)![0] as ItemInput).inputs.map((i) => i.key)).toEqual(['impact', 'confidence']);
    expect(text(within(inputRow('reach')).getByTestId('input-used'))).toBe('90');
    expect(text(within(inputRow('reach')).getByTestId('input-source'))).toBe('derived');

    // A percentage above 100 is caught before it is sent.
    const calls = core.callsOf('saveItem').length;
    await fireEvent.input(within(inputRow('confidence')).getByTestId('input-manual'), { target: { value: '180' } });
    await fireEvent.click(within(editor).getByTestId('item-save'));
    await settle();
    expect(core.callsOf('saveItem')).toHaveLength(calls);
    expect(text(within(inputRow('confidence')).getByTestId('field-error'))).toBe(
      'Confidence is a percentage between 0 and 100',
    );
  });

  it('creates an item with its fields, shows field errors inline, and deletes after a confirm', async () => {
    const core = seeded();
    const view = await openRoadmap(core);
    await fireEvent.click(view.getByTestId('new-item'));
    const editor = view.getByTestId('item-editor');
    await fireEvent.click(within(editor).getByTestId('item-save'));
    await settle();
    // The title is required: the core's error shows by the field.
    expect(text(within(editor).getByTestId('field-error'))).toBe('a roadmap item needs a title');
    expect(within(editor).getByTestId('item-title-input').getAttribute('aria-invalid')).toBe('true');

    await fireEvent.input(within(editor).getByTestId('item-title-input'), { target: { value: 'Service catalog' } });
    await fireEvent.change(within(editor).getByTestId('item-status'), { target: { value: 'planned' } });
    await fireEvent.input(within(editor).getByTestId('item-effort'), { target: { value: '3' } });
    await fireEvent.input(within(editor).getByTestId('item-effort-low'), { target: { value: '4' } });
    const teams = within(editor).getByTestId('item-teams-input');
    await fireEvent.input(teams, { target: { value: 'Payments, Mobile' } });
    await fireEvent.keyDown(teams, { key: 'Enter' });
    expect(within(editor).getAllByTestId('item-team-chip').map(text)).toEqual(['Payments×', 'Mobile×']);
    await fireEvent.input(within(editor).getByTestId('item-target-metric'), { target: { value: 'MTTR' } });
    await fireEvent.click(within(editor).getByTestId('item-save'));
    await settle();
    expect(text(within(editor).getByTestId('field-error'))).toBe('the low effort is above the estimate');
    expect(within(editor).getByTestId('item-effort-low').getAttribute('aria-invalid')).toBe('true');

    await fireEvent.input(within(editor).getByTestId('item-effort-low'), { target: { value: '2' } });
    await fireEvent.click(within(editor).getByTestId('item-save'));
    await settle();
    expect(core.callsOf('saveItem').at(-1)![0]).toMatchObject({
      id: null,
      title: 'Service catalog',
      status: 'planned',
      effort: 3,
      effort_low: 2,
      effort_high: null,
      teams: ['Payments', 'Mobile'],
      target_metric: 'MTTR',
      inputs: [],
    });
    expect(within(editor).queryByTestId('field-error')).toBeNull();
    const id = itemId(core, 'Service catalog');
    expect(rows(view).find((r) => r.id === id)).toMatchObject({ title: 'Service catalog', selected: true });
    expect(text(view.getByTestId('status-history'))).toMatch(/^Planned \d{4}-\d{2}-\d{2}$/);
    // The new team is known now.
    expect([...(view.getByTestId('team-view-select') as HTMLSelectElement).options].map((o) => o.value)).toContain('Mobile');

    await fireEvent.click(within(view.getByTestId('item-editor')).getByTestId('item-delete'));
    expect(core.callsOf('deleteItem')).toHaveLength(0);
    await fireEvent.click(view.getByTestId('item-delete-confirm'));
    await settle();
    expect(core.callsOf('deleteItem')).toEqual([[id]]);
    expect(view.queryByTestId('item-editor')).toBeNull();
    expect(titles(view)).not.toContain('Service catalog');
  });

  it('shows a formula error inline on the field, then saves and ranks with the fixed formula', async () => {
    const core = seeded();
    const view = await openRoadmap(core);
    await fireEvent.click(view.getByTestId('new-model'));
    const editor = view.getByTestId('model-editor');
    await fireEvent.input(within(editor).getByTestId('model-name-input'), { target: { value: 'Reach per week' } });
    await fireEvent.change(within(editor).getByTestId('model-kind-select'), { target: { value: 'formula' } });
    const formula = within(editor).getByTestId('formula-input') as HTMLTextAreaElement;
    expect(text(within(editor).getByTestId('formula-names'))).toContain('business_value');
    await fireEvent.input(formula, { target: { value: 'reach * rech' } });
    await fireEvent.click(within(editor).getByTestId('model-save'));
    await settle();
    const error = within(editor).getByTestId('field-error');
    expect(text(error)).toContain('unknown input "rech"');
    expect(formula.parentElement!.contains(error)).toBe(true);
    expect(formula.getAttribute('aria-invalid')).toBe('true');

    await fireEvent.input(formula, { target: { value: 'reach / effort' } });
    await fireEvent.click(within(editor).getByTestId('model-save'));
    await settle();
    expect(core.callsOf('saveModel').at(-1)![0]).toMatchObject({ name: 'Reach per week', config: { kind: 'formula', formula: 'reach / effort' } });
    expect(view.queryByTestId('model-editor')).toBeNull();
    expect((view.getByTestId('model-select') as HTMLSelectElement).value).toBe('reach per week');
    // 90 ÷ 4, 30 ÷ 2, 10 ÷ 1; Docs revamp has no reach.
    expect(rows(view).map((r) => [r.title, r.score])).toEqual([
      ['Faster CI', '22.5'],
      ['Preview envs', '15'],
      ['Golden path', '10'],
      ['Docs revamp', '—'],
    ]);
  });

  it('shows ROI as low, expected and high', async () => {
    const core = seeded();
    updateItem(core, 'Golden path', (golden) => ({
      inputs: [...golden.inputs, { key: 'hours_saved', value: 2, low: 1, high: 3 }, input('adoption', 0.5), input('hourly_cost', 100)],
    }));
    const view = await openRoadmap(core);
    await chooseModel(view, 'roi');
    await fireEvent.click(within(row(view, 'Golden path')).getByTestId('open-breakdown'));
    const roi = view.getByTestId('roi-estimate');
    // Expected: 2 h × 10 engineers × 50 % × 46 weeks = 460 h, × 100 = 46,000; cost 1 × 40 × 100 = 4,000.
    expect(within(roi).getAllByTestId('roi-line').map((r) => [...r.children].map((c) => text(c)))).toEqual([
      ['Low', '230', '23,000', '4,000', '475%', '2.1 months'],
      ['Expected', '460', '46,000', '4,000', '1,050%', '1 months'],
      ['High', '690', '69,000', '4,000', '1,625%', '0.7 months'],
    ]);
    expect(rows(view)[0].score).toBe('1,050%');
  });

  it("ranks a team's view, with its exceptions apart in the shared one", async () => {
    const core = seeded();
    updateItem(core, 'Preview envs', () => ({ exception_team: 'Checkout' }));
    const view = await openRoadmap(core);
    expect(titles(view)).not.toContain('Preview envs');
    const exceptions = view.getAllByTestId('exception-item');
    expect(exceptions.map((e) => text(within(e).getByTestId('item-title')))).toEqual(['Preview envs']);

    await fireEvent.change(view.getByTestId('team-view-select'), { target: { value: 'Checkout' } });
    await settle();
    expect(core.callsOf('rank').at(-1)![0]).toMatchObject({ team: 'Checkout' });
    expect(titles(view)).toEqual(['Preview envs']);
    expect(view.queryAllByTestId('exception-item')).toHaveLength(0);
  });

  it('offers shipped and dropped items on request', async () => {
    const core = seeded();
    updateItem(core, 'Golden path', () => ({ status: 'shipped' }));
    const view = await openRoadmap(core);
    expect(titles(view)).not.toContain('Golden path');
    expect(text(view.getByTestId('ranking-summary'))).toContain('1 shipped or dropped item left out');
    await fireEvent.click(view.getByTestId('include-all'));
    await settle();
    expect(core.callsOf('rank').at(-1)![0]).toMatchObject({ all: true });
    expect(titles(view)).toContain('Golden path');
  });

  it('runs a sensitivity analysis, compares scenarios and diffs snapshots', async () => {
    const core = seeded();
    const view = await openRoadmap(core);
    await chooseModel(view, 'platform');

    await fireEvent.input(view.getByTestId('sensitivity-runs'), { target: { value: '200' } });
    await fireEvent.click(view.getByTestId('sensitivity-run'));
    await settle();
    expect(core.callsOf('sensitivity').at(-1)![0]).toMatchObject({ model: 'platform', runs: 200, top: 5, spread: 0.25, seed: 42 });
    const sens = view.getAllByTestId('sensitivity-row');
    expect(sens).toHaveLength(3);
    expect(text(view.getByTestId('sensitivity-varied'))).toContain("each criterion's weight × 1 ± 25 %");
    // Three items, top 5: each is always in it.
    expect(sens.map((r) => text(within(r).getByTestId('sensitivity-top-chance')))).toEqual(['100%', '100%', '100%']);

    await fireEvent.click(view.getByTestId('tab-scenarios'));
    await fireEvent.change(view.getByTestId('scenario-a'), { target: { value: 'rice' } });
    await fireEvent.change(view.getByTestId('scenario-b'), { target: { value: 'platform' } });
    await fireEvent.click(view.getByTestId('scenario-run'));
    await settle();
    // RICE: Faster CI, Preview envs, Golden path; platform: the reverse.
    expect(text(view.getByTestId('scenario-spearman'))).toBe('-1');
    expect(
      view.getAllByTestId('scenario-row').map((r) => [
        text(within(r).getByTestId('scenario-rank-a')),
        text(within(r).getByTestId('scenario-rank-b')),
        text(within(r).getByTestId('scenario-moved')),
      ]),
    ).toEqual([
      ['3', '1', '▲2'],
      ['2', '2', '='],
      ['1', '3', '▼2'],
      ['—', '—', ''],
    ]);

    await fireEvent.click(view.getByTestId('tab-snapshots'));
    await chooseModel(view, 'rice');
    await fireEvent.input(view.getByTestId('snapshot-name'), { target: { value: 'Q3 review' } });
    await fireEvent.click(view.getByTestId('snapshot-save'));
    await settle();
    expect(core.callsOf('saveSnapshot')).toEqual([['Q3 review', { model: 'rice', draft: null, team: null, top: null, all: false }]]);
    expect(view.getAllByTestId('snapshot-row').map((r) => text(r.children[0]))).toEqual(['Q3 review']);

    // Golden path's confidence goes up and its effort down: it overtakes the other two.
    const gid = itemId(core, 'Golden path');
    updateItem(core, 'Golden path', (golden) => ({
      inputs: golden.inputs.map((i) => (i.key === 'confidence' ? { ...i, value: 1 } : i)),
      effort: 0.25,
    }));
    await fireEvent.click(view.getByTestId('diff-run'));
    await settle();
    expect(core.callsOf('snapshotDiff')).toEqual([['Q3 review', 'now']]);
    const diff = view.getAllByTestId('diff-row');
    const golden2 = diff.find((r) => r.getAttribute('data-item-id') === String(gid))!;
    expect(golden2.getAttribute('data-change')).toBe('moved');
    expect(text(within(golden2).getByTestId('diff-ranks'))).toBe('3 → 1');
    // 10 × 1 × 1 ÷ 0.25 = 40 now; with effort 1 it would be 10 (+30), with confidence 0.6 it would be 24 (+16).
    // Job size changed with effort, but RICE does not read it: it moved nothing and is left out.
    expect(within(golden2).getAllByTestId('diff-driver').map(text)).toEqual(['effort 1 → 0.25 (+30)', 'confidence 60% → 100% (+16)']);
  });
});
