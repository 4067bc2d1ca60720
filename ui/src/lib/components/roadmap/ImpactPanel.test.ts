import { fireEvent, render, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../../App.svelte';
import type { Impact } from '../../bindings/Impact';
import type { ImpactRequest } from '../../bindings/ImpactRequest';
import type { ItemInput } from '../../bindings/ItemInput';
import type { ItemMetricsInput } from '../../bindings/ItemMetricsInput';
import { backendContext } from '../../platform/backend';
import { useDraftWorkspace } from '../../util/draft';
import { CoreBackend } from '../../../test/core';
import { itemInput } from '../../../test/helpers';
import { dayAt, deploymentsCsv, importMetrics, itemNamed, seriesCsv, type Deploy } from '../../../test/seedRoadmap';

async function settle(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
}

const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();

function item(title: string, over: Partial<ItemInput> = {}): Omit<ItemInput, 'id'> {
  return itemInput(title, { status: 'planned', effort: 2, ...over });
}

/** The ship day the tests type: eight weeks after it end the day before TODAY (2026-03-01). */
const SHIP = '2026-01-04';

/**
 * Payments deploys once a day (10:00 UTC) for eight weeks each side of 4 January 2026: lead
 * times 36–44 h before (36 + day mod 9: median 40 h), 16–24 h after (median 20 h); none failed
 * before, every fourth after (14 of 56). A series "Onboarding days" has one value.
 */
function seeded(): CoreBackend {
  const core = new CoreBackend({
    items: [item('Faster CI', { teams: ['Payments'], target_metric: 'Lead time for changes' })],
  });
  const deploys: Deploy[] = [];
  for (let d = 0; d < 56; d++) {
    deploys.push({ team: 'Payments', at: dayAt(SHIP, d - 56), leadH: 36 + (d % 9) });
    deploys.push({ team: 'Payments', at: dayAt(SHIP, d), leadH: 16 + (d % 9), failed: d % 4 === 0 });
  }
  importMetrics(core, 'deployments.csv', deploymentsCsv(deploys));
  importMetrics(core, 'onboarding.csv', seriesCsv([{ day: '2026-02-01', team: 'Payments', metric: 'Onboarding days', value: 5 }]));
  return core;
}

async function openEditor(core: CoreBackend) {
  const view = render(App, { context: backendContext(core.backend) });
  await settle();
  await fireEvent.click(view.getByTestId('nav-roadmap'));
  await settle();
  return { view, panel: await editItem(view.container, 'Faster CI') };
}

/** Opens the item's editor from its row of the ranking; returns its Impact panel. */
async function editItem(app: HTMLElement, title: string): Promise<HTMLElement> {
  const view = within(app);
  const row = view.getAllByTestId('ranked-item').find((r) => text(within(r).getByTestId('item-title')) === title)!;
  await fireEvent.click(within(row).getByTestId('open-breakdown'));
  await fireEvent.click(within(view.getByTestId('breakdown')).getByTestId('edit-item'));
  await settle();
  return view.getByTestId('impact-panel');
}

type Panel = HTMLElement;

async function link(panel: Panel, metric: string, expected: string) {
  await fireEvent.change(within(panel).getByTestId('impact-metric-select'), { target: { value: metric } });
  await fireEvent.input(within(panel).getByTestId('impact-expected'), { target: { value: expected } });
  await fireEvent.click(within(panel).getByTestId('impact-add'));
}

const linked = (panel: Panel) => within(panel).queryAllByTestId('impact-linked').map((l) => [l.getAttribute('data-metric'), text(l)]);
const notes = (panel: Panel) => within(panel).queryAllByTestId('impact-note').map(text);

function row(panel: Panel, metric: string): HTMLElement {
  return within(panel)
    .getAllByTestId('impact-row')
    .find((r) => r.getAttribute('data-metric') === metric)!;
}

describe('ImpactPanel', () => {
  beforeEach(() => {
    localStorage.clear();
    useDraftWorkspace('/tmp/groundwork-ui-test');
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('links metrics with the change expected in %, saves them with a ship day and shows each verdict', async () => {
    const core = seeded();
    const id = itemNamed(core, 'Faster CI').id;
    const { view, panel } = await openEditor(core);

    // Not linked, not shipped: the target metric is read, nothing is measured yet.
    expect(core.callsOf('itemImpact')).toEqual([[{ item: String(id), window_weeks: 8, seed: null }]]);
    expect(linked(panel)).toEqual([]);
    expect(notes(panel)).toEqual([
      'measuring lead_time, read from its target metric "Lead time for changes"',
      'not shipped yet: its before/after shows once it is',
    ]);
    expect(within(panel).queryAllByTestId('impact-row')).toHaveLength(0);
    expect((within(panel).getByTestId('impact-window') as HTMLInputElement).value).toBe('8');
    // The DORA metrics, NPS and CSAT, and the series with data.
    const options = () => [...(within(panel).getByTestId('impact-metric-select') as HTMLSelectElement).options].map((o) => o.value);
    expect(options()).toEqual([
      '',
      'deployment_frequency',
      'lead_time',
      'change_failure_rate',
      'time_to_restore',
      'nps',
      'csat',
      'onboarding_days',
    ]);

    await link(panel, 'lead_time', '-20');
    // Enter in the expected field adds the link, never the editor's Save.
    await fireEvent.change(within(panel).getByTestId('impact-metric-select'), { target: { value: 'change_failure_rate' } });
    await fireEvent.input(within(panel).getByTestId('impact-expected'), { target: { value: '−50 %' } });
    await fireEvent.keyDown(within(panel).getByTestId('impact-expected'), { key: 'Enter' });
    await link(panel, 'deployment_frequency', '');
    await link(panel, 'nps', '+10');
    expect(core.callsOf('saveItem')).toHaveLength(0);
    expect(linked(panel)).toEqual([
      ['lead_time', 'Lead time for changes expected −20 % Remove'],
      ['change_failure_rate', 'Change failure rate expected −50 % Remove'],
      ['deployment_frequency', 'Deployment frequency no expected change Remove'],
      ['nps', 'Developer NPS expected +10 % Remove'],
    ]);
    expect(options()).toEqual(['', 'time_to_restore', 'csat', 'onboarding_days']);
    await fireEvent.click(within(within(panel).getAllByTestId('impact-linked')[3]).getByTestId('impact-remove'));
    expect(linked(panel).map(([m]) => m)).toEqual(['lead_time', 'change_failure_rate', 'deployment_frequency']);

    await fireEvent.input(within(panel).getByTestId('impact-shipped-on'), { target: { value: SHIP } });
    await fireEvent.click(within(panel).getByTestId('impact-save'));
    await settle();
    expect(core.callsOf('saveItemMetrics')).toEqual([
      [
        {
          item: id,
          metrics: [
            { metric: 'lead_time', expected: -0.2 },
            { metric: 'change_failure_rate', expected: -0.5 },
            { metric: 'deployment_frequency', expected: null },
          ],
          shipped_on: SHIP,
        },
      ],
    ]);
    expect(core.callsOf('itemImpact').at(-1)).toEqual([{ item: String(id), window_weeks: 8, seed: null }]);
    expect(within(panel).getByTestId('impact-saved')).toBeTruthy();
    expect(text(within(panel).getByTestId('impact-scope'))).toBe(`Shipped ${SHIP} · 8 weeks before and after · Payments`);
    expect(notes(panel)).toEqual([]);

    // Lead time halved: better than the 20 % expected, 250 % of it.
    const lt = row(panel, 'lead_time');
    expect(text(within(lt).getByTestId('impact-before-after'))).toBe('40 h → 20 h');
    expect(text(within(lt).getByTestId('impact-change'))).toBe('−50 %');
    expect(text(within(lt).getByTestId('impact-interval'))).toMatch(/^−[\d.]+ h to −[\d.]+ h$/);
    expect(text(within(lt).getByTestId('impact-expectation'))).toBe('expected −20 %, realized 250 % of it');
    const verdict = within(lt).getByTestId('impact-verdict');
    expect([text(verdict), verdict.getAttribute('data-tone')]).toEqual(['improved', 'good']);
    expect(verdict.classList.contains('verdict-good')).toBe(true);

    // Failures went from none to one in four: worse, and nothing to compare with the expected drop.
    const cfr = row(panel, 'change_failure_rate');
    expect(text(within(cfr).getByTestId('impact-before-after'))).toBe('0 % → 25 %');
    expect(text(within(cfr).getByTestId('impact-change'))).toBe('—');
    expect(text(within(cfr).getByTestId('impact-expectation'))).toBe('expected −50 %');
    expect(within(cfr).getByTestId('impact-verdict').getAttribute('data-tone')).toBe('bad');
    expect(text(within(cfr).getByTestId('impact-verdict'))).toBe('worsened');

    // Seven deployments a week on both sides.
    const df = row(panel, 'deployment_frequency');
    expect(text(within(df).getByTestId('impact-before-after'))).toBe('7 per week → 7 per week');
    expect([text(within(df).getByTestId('impact-verdict')), within(df).getByTestId('impact-verdict').getAttribute('data-tone')]).toEqual([
      'no clear change',
      'neutral',
    ]);
    expect(within(df).queryByTestId('impact-expectation')).toBeNull();

    // A two-week window: measured again with it, not saved.
    const win = within(panel).getByTestId('impact-window');
    await fireEvent.input(win, { target: { value: '2' } });
    await fireEvent.change(win);
    await settle();
    expect(core.callsOf('itemImpact').at(-1)).toEqual([{ item: String(id), window_weeks: 2, seed: null }]);
    expect(core.callsOf('saveItemMetrics')).toHaveLength(1);
    expect(text(within(panel).getByTestId('impact-scope'))).toBe(`Shipped ${SHIP} · 2 weeks before and after · Payments`);

    // The links were stored: a new editor reads them back.
    await fireEvent.click(within(view.getByTestId('item-editor')).getByLabelText('Close the editor'));
    await settle();
    expect(view.queryByTestId('impact-panel')).toBeNull();
    const again = await editItem(view.container, 'Faster CI');
    expect(linked(again).map(([m]) => m)).toEqual(['lead_time', 'change_failure_rate', 'deployment_frequency']);
    expect((within(again).getByTestId('impact-shipped-on') as HTMLInputElement).value).toBe(SHIP);
  });

  it('refuses an impossible expected change, and shows the errors the backend names', async () => {
    const core = seeded();
    const { panel } = await openEditor(core);
    await link(panel, 'lead_time', '-150');
    expect(text(within(panel).getByTestId('impact-error'))).toBe('a change below −100 % is impossible');
    await link(panel, 'lead_time', 'a lot');
    expect(text(within(panel).getByTestId('impact-error'))).toContain('is not a percentage');
    expect(linked(panel)).toEqual([]);
    await link(panel, 'lead_time', '-20');
    expect(within(panel).queryByTestId('impact-error')).toBeNull();

    // A date field holds any year up to 275760; the core cannot read a five-digit one, and says so
    // by the field.
    await fireEvent.input(within(panel).getByTestId('impact-shipped-on'), { target: { value: '20260-01-04' } });
    await fireEvent.click(within(panel).getByTestId('impact-save'));
    await settle();
    expect(core.callsOf('saveItemMetrics').map(([input]) => (input as ItemMetricsInput).shipped_on)).toEqual(['20260-01-04']);
    expect(text(within(panel).getByTestId('impact-error'))).toBe('invalid date "20260-01-04": day "20260" has too many digits');
    expect(within(panel).getByTestId('impact-shipped-on').getAttribute('aria-invalid')).toBe('true');
    // Nothing was stored.
    expect(core.run<Impact>('item_impact', { request: { item: 'Faster CI' } }).linked).toEqual([]);

    // A window out of range is not sent.
    const calls = core.callsOf('itemImpact').length;
    await fireEvent.input(within(panel).getByTestId('impact-window'), { target: { value: '0' } });
    await fireEvent.change(within(panel).getByTestId('impact-window'));
    await settle();
    expect(core.callsOf('itemImpact')).toHaveLength(calls);
    expect(within(panel).getAllByTestId('impact-error').map(text)).toContain('a window is 1 to 104 whole weeks');
  });

  it('measures from the day the status became shipped once the item is saved as shipped', async () => {
    const core = seeded();
    const { view, panel } = await openEditor(core);
    expect(notes(panel)).toContain('not shipped yet: its before/after shows once it is');
    await fireEvent.change(view.getByTestId('item-status'), { target: { value: 'shipped' } });
    await fireEvent.click(view.getByTestId('item-save'));
    await settle();
    // The day the core recorded the status change (the clock's day: a ship day is not pinned to TODAY).
    const change = itemNamed(core, 'Faster CI').history.at(-1)!;
    expect(change.status).toBe('shipped');
    const shippedAt = change.at.slice(0, 10);
    const last = core.callsOf('itemImpact').at(-1)![0] as ImpactRequest;
    expect(last.window_weeks).toBe(8);
    const now = view.getByTestId('impact-panel');
    expect(notes(now)).toEqual(['measuring lead_time, read from its target metric "Lead time for changes"']);
    expect(text(within(now).getByTestId('impact-scope'))).toBe(`Shipped ${shippedAt} · 8 weeks before and after · Payments`);
    expect(text(within(now).getByTestId('impact-ship-hint'))).toBe(
      `Optional: empty uses the day its status became shipped (${shippedAt}).`,
    );
    // No deployments around that day.
    expect(text(within(row(now, 'lead_time')).getByTestId('impact-verdict'))).toBe('not enough data');
  });
});
