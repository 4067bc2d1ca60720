import { fireEvent, render, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../../App.svelte';
import type { ItemInput } from '../../bindings/ItemInput';
import { backendContext } from '../../platform/backend';
import { useDraftWorkspace } from '../../util/draft';
import { CoreBackend } from '../../../test/core';
import { itemInput } from '../../../test/helpers';
import { dayAt, deploymentsCsv, importMetrics, itemNamed, linkMetrics, type Deploy } from '../../../test/seedRoadmap';

async function settle(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
}

const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();

function item(title: string, over: Partial<ItemInput> = {}): Omit<ItemInput, 'id'> {
  return itemInput(title, { status: 'planned', effort: 2, teams: ['Payments'], ...over });
}

/** The day "Faster CI" shipped: eight weeks after it end the day before TODAY (2026-03-01). */
const SHIP = '2026-01-04';

/** "Faster CI" shipped on 4 January 2026 and halved Payments' lead time (every deploy 40 h before,
 * 20 h after) where a quarter was expected; "Merge queue" is planned, aimed at lead time, with
 * confidence 60 %. */
function seeded(): CoreBackend {
  const core = new CoreBackend({
    items: [
      item('Faster CI', { status: 'shipped' }),
      item('Merge queue', { inputs: [{ key: 'confidence', value: 0.6, low: null, high: null }] }),
    ],
  });
  const deploys: Deploy[] = [];
  for (let d = 0; d < 56; d++) {
    deploys.push({ team: 'Payments', at: dayAt(SHIP, d - 56), leadH: 40 });
    deploys.push({ team: 'Payments', at: dayAt(SHIP, d), leadH: 20 });
  }
  importMetrics(core, 'deployments.csv', deploymentsCsv(deploys));
  linkMetrics(core, 'Faster CI', [{ metric: 'lead_time', expected: -0.25 }], SHIP);
  linkMetrics(core, 'Merge queue', [{ metric: 'lead_time', expected: -0.2 }], null);
  return core;
}

async function openTrackRecord(core: CoreBackend) {
  const view = render(App, { context: backendContext(core.backend) });
  await settle();
  await fireEvent.click(view.getByTestId('nav-roadmap'));
  await settle();
  await fireEvent.click(view.getByTestId('tab-track-record'));
  await settle();
  return view;
}

describe('TrackRecordPanel', () => {
  beforeEach(() => {
    localStorage.clear();
    useDraftWorkspace('/tmp/groundwork-ui-test');
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('suggests a planned item’s confidence from a shipped item’s realized impact, and applies it', async () => {
    const core = seeded();
    const view = await openTrackRecord(core);
    const panel = view.getByTestId('track-record');
    const rows = within(panel).getAllByTestId('track-record-row');
    expect(rows).toHaveLength(1);
    // Median lead time 40 h → 20 h: −50 % realized where −25 % was expected, 200 %; capped at 150 %,
    // and one precedent is believed 39 %: × 1.20, so 60 % is read as 72 %.
    expect(text(rows[0])).toContain('Merge queue');
    expect(text(rows[0])).toContain('Faster CI (lead time): 200 % of expected');
    expect(text(within(rows[0]).getByTestId('track-record-factor'))).toBe('× 1.20 1 precedent: × 1.50 shrunk toward 1');
    expect(text(within(rows[0]).getByTestId('track-record-confidence'))).toBe('60 % → 72 %');
    expect(text(within(rows[0]).getByTestId('track-record-state'))).toBe('not applied');
    expect(within(panel).queryByTestId('track-record-applied')).toBeNull();
    await fireEvent.click(within(panel).getByTestId('track-record-apply'));
    await settle();
    expect(core.callsOf('applyTrackRecord')).toHaveLength(1);
    expect(within(panel).getByTestId('track-record-applied')).toBeTruthy();
    expect(text(within(panel).getByTestId('track-record-state'))).toBe('applied');
    // Applying again would change nothing; the typed confidence is kept as typed.
    expect((within(panel).getByTestId('track-record-apply') as HTMLButtonElement).disabled).toBe(true);
    expect(itemNamed(core, 'Merge queue').inputs.find((i) => i.key === 'confidence')?.value).toBe(0.6);
  });

  it('says what to do when nothing has been learned yet', async () => {
    const core = new CoreBackend({ items: [item('Merge queue')] });
    const view = await openTrackRecord(core);
    expect(text(view.getByTestId('track-record-empty'))).toContain('Impact section');
    expect(view.queryByTestId('track-record-row')).toBeNull();
  });
});
