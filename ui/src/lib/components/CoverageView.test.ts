import { fireEvent, render } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../App.svelte';
import type { Coverage } from '../bindings/Coverage';
import { backendContext } from '../platform/backend';
import { CoreBackend } from '../../test/core';
import { interviewInput } from '../../test/helpers';
import { useDraftWorkspace } from '../util/draft';

async function settle(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
}

const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('CoverageView', () => {
  beforeEach(() => {
    localStorage.clear();
    useDraftWorkspace('/tmp/groundwork-ui-test');
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('shows each team as the core counts it, never-interviewed teams and themes resting on one voice', async () => {
    const core = new CoreBackend({
      teams: [
        { id: null, name: 'Payments', headcount: 10 },
        { id: null, name: 'Mobile', headcount: null },
      ],
      interviews: [
        interviewInput({ title: 'Rollbacks hurt', team: 'Payments', participant: 'Dana Ruiz', notes: 'Rollbacks take an hour.' }),
        interviewInput({ title: 'Rollbacks again', team: 'Payments', participant: 'Dana Ruiz', notes: 'Rollbacks again.' }),
      ],
      themes: [{ name: 'Rollbacks', query: 'rollbacks' }],
    });
    const expected = core.run<Coverage>('coverage');
    const view = render(App, { context: backendContext(core.backend) });
    await settle();
    await fireEvent.click(view.getByTestId('nav-coverage'));
    await settle();
    expect(view.getAllByTestId('coverage-team').map(text)).toEqual(expected.teams.map((t) => t.team));
    expect(view.getAllByTestId('coverage-people').map(text)).toEqual(expected.teams.map((t) => String(t.people_recent)));
    expect(view.getAllByTestId('coverage-last').map(text)).toEqual(
      expected.teams.map((t) => (t.last_contact === null ? 'never' : `${t.last_contact} (${t.days_since} ${t.days_since === 1 ? 'day' : 'days'} ago)`)),
    );
    expect(expected.never_interviewed).toEqual(['Mobile']);
    expect(text(view.getByTestId('never-interviewed'))).toBe('Never interviewed: Mobile');
    expect(expected.fragile_themes.map((t) => [t.name, t.rests_on])).toEqual([['Rollbacks', 'one person']]);
    expect(view.getAllByTestId('fragile-theme').map(text)).toEqual(['Rollbacks: rests on one person (2 documents, 1 person, 1 team)']);
  });
});
