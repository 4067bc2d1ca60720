import { describe, expect, it } from 'vitest';
import type { ItemInput } from '../bindings/ItemInput';
import type { ModelConfig } from '../bindings/ModelConfig';
import type { RankRequest } from '../bindings/RankRequest';
import { FakeBackend } from './fake';
import { parseFormula } from './fakeFormula';
import { presetModels, spearman } from './fakeRoadmap';
import { itemInput } from '../../test/helpers';

function item(title: string, over: Partial<ItemInput> = {}): Omit<ItemInput, 'id'> {
  return itemInput(title, over);
}

const req = (model: string, over: Partial<RankRequest> = {}): RankRequest => ({ model, draft: null, team: null, top: null, all: false, ...over });

function weighted(criteria: ModelConfig['criteria']): ModelConfig {
  return { ...presetModels().find(([n]) => n === 'weighted')![1], criteria };
}

describe('fake roadmap', () => {
  it('computes RICE, orders by score and flags missing inputs by name', async () => {
    const fake = new FakeBackend({
      items: [
        item('A', { effort: 2, inputs: [{ key: 'reach', value: 100, low: null, high: null }, { key: 'impact', value: 2, low: null, high: null }, { key: 'confidence', value: 0.5, low: null, high: null }] }),
        item('B', { effort: 1, inputs: [{ key: 'reach', value: 100, low: null, high: null }, { key: 'impact', value: 3, low: null, high: null }, { key: 'confidence', value: 0.8, low: null, high: null }] }),
        item('C', { effort: 1, inputs: [{ key: 'impact', value: 3, low: null, high: null }] }),
      ],
    });
    const r = await fake.rank(req('rice'));
    expect(r.items.map((i) => [i.title, i.rank, i.score])).toEqual([
      ['B', 1, 240],
      ['A', 2, 50],
      ['C', null, null],
    ]);
    expect(r.items[2].missing).toEqual(['reach', 'confidence']);
    expect(r.items[2].breakdown.find((p) => p.key === 'reach')).toMatchObject({ value: null, source: 'missing' });
    expect(r.scored).toBe(2);
    expect(r.unscored).toBe(1);
    expect(r.items[0].breakdown.map((p) => [p.key, p.role])).toEqual([
      ['reach', 'factor'],
      ['impact', 'factor'],
      ['confidence', 'factor'],
      ['effort', 'divisor'],
    ]);
  });

  it('normalizes weighted criteria over the items, and a weight change reorders them', async () => {
    const fake = new FakeBackend({
      items: [
        item('Cheap', { effort: 1, inputs: [{ key: 'impact', value: 1, low: null, high: null }] }),
        item('Big', { effort: 10, inputs: [{ key: 'impact', value: 3, low: null, high: null }] }),
      ],
    });
    const config = weighted([
      { key: 'impact', weight: 3, min: null, max: null },
      { key: 'effort', weight: -1, min: null, max: null },
    ]);
    const a = await fake.rank(req('weighted', { draft: config }));
    // Big: impact 1.0 × 3/4 × 100 = 75, effort 1.0 × −1/4 × 100 = −25 → 50; Cheap: 0 + 0 → 0.
    expect(a.items.map((i) => [i.title, i.score])).toEqual([
      ['Big', 50],
      ['Cheap', 0],
    ]);
    for (const i of a.items) {
      const sum = i.breakdown.reduce((s, p) => s + (p.points ?? 0), 0);
      expect(sum).toBeCloseTo(i.score!, 10);
    }
    const b = await fake.rank(req('weighted', { draft: weighted([config.criteria[0], { ...config.criteria[1], weight: -5 }]) }));
    expect(b.items.map((i) => i.title)).toEqual(['Cheap', 'Big']);
  });

  it('derives reach from team headcounts and notes it', async () => {
    const fake = new FakeBackend({
      teams: [
        { id: null, name: 'Payments', headcount: 90 },
        { id: null, name: 'Mobile', headcount: 50 },
      ],
      items: [item('X', { teams: ['Payments', 'Mobile'] })],
    });
    const id = fake.roadmap.items[0].id;
    const d = await fake.getItem(id);
    const reach = d.inputs.find((i) => i.key === 'reach')!;
    expect(reach).toMatchObject({ value: 140, source: 'derived', derived: 140 });
    expect(reach.note).toBe('140 engineers in Payments, Mobile');
    expect(d.inputs.find((i) => i.key === 'impact')).toMatchObject({ value: null, source: 'missing', note: 'missing: type it on the item' });
  });

  it('checks inputs and formulas like the core', async () => {
    const fake = new FakeBackend();
    await expect(fake.saveItem({ id: null, ...item('Y', { inputs: [{ key: 'confidence', value: 80, low: null, high: null }] }) })).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'inputs.confidence',
    });
    await expect(fake.saveModel({ name: 'mine', config: { ...presetModels()[0][1], kind: 'formula', formula: 'reach * rech' } })).rejects.toMatchObject({
      field: 'formula',
      message: expect.stringContaining('unknown input "rech"'),
    });
    expect(() => parseFormula('reach * (impact', ['reach', 'impact'])).toThrow();
    const f = parseFormula('sqrt(people) + 2 ^ 3 + (tickets max interviews)', ['people', 'tickets', 'interviews']);
    expect(f.eval({ people: 16, tickets: 3, interviews: 5 })).toBe(17);
    expect(parseFormula('reach / effort', ['reach', 'effort']).eval({ reach: 1, effort: 0 })).toBeNull();
  });

  it('spearman is 1 for the same order and −1 reversed', () => {
    expect(spearman([[1, 1], [2, 2], [3, 3]])).toBe(1);
    expect(spearman([[1, 3], [2, 2], [3, 1]])).toBe(-1);
  });

  it('saves snapshots and diffs them against now with the drivers', async () => {
    const fake = new FakeBackend({
      items: [
        item('A', { effort: 1, inputs: [{ key: 'reach', value: 10, low: null, high: null }, { key: 'impact', value: 1, low: null, high: null }, { key: 'confidence', value: 0.5, low: null, high: null }] }),
        item('B', { effort: 1, inputs: [{ key: 'reach', value: 10, low: null, high: null }, { key: 'impact', value: 1, low: null, high: null }, { key: 'confidence', value: 0.6, low: null, high: null }] }),
      ],
    });
    await fake.saveSnapshot('Q1', req('rice'));
    const a = fake.roadmap.items[0];
    await fake.saveItem({ ...a, inputs: a.inputs.map((i) => (i.key === 'confidence' ? { ...i, value: 0.8 } : i)) });
    const diff = await fake.snapshotDiff('Q1', 'now');
    expect(diff.items.map((i) => [i.title, i.change, i.rank_from, i.rank_to])).toEqual([
      ['A', 'moved', 2, 1],
      ['B', 'moved', 1, 2],
    ]);
    expect(diff.items[0].drivers).toEqual([{ key: 'confidence', label: 'Confidence', from: 0.5, to: 0.8, effect: expect.closeTo(3, 10) }]);
  });

  it('runs a seeded sensitivity analysis and compares scenarios', async () => {
    const fake = new FakeBackend({
      items: [
        item('A', { effort: 2, effort_low: 1, effort_high: 4, inputs: [{ key: 'impact', value: 2, low: null, high: null }] }),
        item('B', { effort: 3, inputs: [{ key: 'impact', value: 3, low: null, high: null }] }),
      ],
    });
    const draft = weighted([
      { key: 'impact', weight: 2, min: 0, max: 3 },
      { key: 'effort', weight: -1, min: 0, max: 5 },
    ]);
    const s1 = await fake.sensitivity({ model: 'weighted', draft, team: null, runs: 200, seed: 7, top: 1, spread: 0.5 });
    const s2 = await fake.sensitivity({ model: 'weighted', draft, team: null, runs: 200, seed: 7, top: 1, spread: 0.5 });
    expect(s1).toEqual(s2);
    expect(s1.items).toHaveLength(2);
    expect(s1.varied).toEqual(["each criterion's weight × 1 ± 50 %", '1 input with a range, triangular between low, estimate and high']);
    expect(s1.items[0].top_chance + s1.items[1].top_chance).toBeCloseTo(1, 10);
    const c = await fake.compareScenarios({ a: { model: 'weighted', draft, label: null }, b: { model: 'weighted', draft, label: 'Same' }, team: null });
    expect(c.spearman).toBe(1);
    expect(c.b).toBe('Same');
    expect(c.moved).toBe(0);
  });
});
