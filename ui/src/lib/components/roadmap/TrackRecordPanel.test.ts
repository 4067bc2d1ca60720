import { fireEvent, render, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../../App.svelte';
import type { ItemInput } from '../../bindings/ItemInput';
import { backendContext } from '../../platform/backend';
import { FakeBackend } from '../../platform/fake';
import { useDraftWorkspace } from '../../util/draft';
import { itemInput } from '../../../test/helpers';

async function settle(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
}

const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();

function item(title: string, over: Partial<ItemInput> = {}): Omit<ItemInput, 'id'> {
  return itemInput(title, { status: 'planned', effort: 2, teams: ['Payments'], ...over });
}

const DAY = 86_400_000;
const SHIP = Date.UTC(2026, 2, 2);

/** "Faster CI" shipped on 2 March 2026 and halved Payments' lead time (40 h → 20 h) where a
 * quarter was expected; "Merge queue" is planned, aimed at lead time, with confidence 60 %. */
function seeded(): FakeBackend {
  const fake = new FakeBackend({
    items: [
      item('Faster CI', { status: 'shipped' }),
      item('Merge queue', { inputs: [{ key: 'confidence', value: 0.6, low: null, high: null }] }),
    ],
  });
  const at = (offset: number) => new Date(SHIP + offset * DAY + 10 * 3_600_000).toISOString();
  for (let d = 0; d < 56; d++) {
    fake.metrics.addDeploy({ team: 'Payments', at: at(d - 56), leadH: 40 });
    fake.metrics.addDeploy({ team: 'Payments', at: at(d), leadH: 20 });
  }
  const [shipped, planned] = fake.roadmap.items;
  fake.metrics.save({ item: shipped.id, metrics: [{ metric: 'lead_time', expected: -0.25 }], shipped_on: '2026-03-02' });
  fake.metrics.save({ item: planned.id, metrics: [{ metric: 'lead_time', expected: -0.2 }], shipped_on: null });
  return fake;
}

describe('TrackRecordPanel', () => {
  beforeEach(() => {
    localStorage.clear();
    useDraftWorkspace('/tmp/fake-workspace');
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('suggests a planned item’s confidence from a shipped item’s realized impact, and applies it', async () => {
    const fake = seeded();
    const view = render(App, { context: backendContext(fake) });
    await settle();
    await fireEvent.click(view.getByTestId('nav-roadmap'));
    await settle();
    await fireEvent.click(view.getByTestId('tab-track-record'));
    await settle();
    const panel = view.getByTestId('track-record');
    const rows = within(panel).getAllByTestId('track-record-row');
    expect(rows).toHaveLength(1);
    // −50 % realized where −25 % was expected: 200 %, capped at 150 %; 60 % × 1.5 = 90 %.
    expect(text(rows[0])).toContain('Merge queue');
    expect(text(rows[0])).toContain('Faster CI (lead time): 200 % of expected');
    expect(text(within(rows[0]).getByTestId('track-record-confidence'))).toBe('60 % → 90 %');
    await fireEvent.click(within(panel).getByTestId('track-record-apply'));
    await settle();
    expect(fake.callsOf('applyTrackRecord')).toHaveLength(1);
    expect(within(panel).getByTestId('track-record-applied')).toBeTruthy();
    const planned = fake.roadmap.items.find((i) => i.title === 'Merge queue')!;
    expect(planned.inputs.find((i) => i.key === 'confidence')?.value).toBe(0.9);
  });

  it('says what to do when nothing has been learned yet', async () => {
    const fake = new FakeBackend({ items: [item('Merge queue')] });
    const view = render(App, { context: backendContext(fake) });
    await settle();
    await fireEvent.click(view.getByTestId('nav-roadmap'));
    await settle();
    await fireEvent.click(view.getByTestId('tab-track-record'));
    await settle();
    expect(text(view.getByTestId('track-record-empty'))).toContain('Impact section');
  });
});
