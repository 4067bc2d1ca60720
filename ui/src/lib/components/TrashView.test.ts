import { fireEvent, render } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../App.svelte';
import { interviewInput } from '../../test/helpers';
import type { Interview } from '../bindings/Interview';
import type { TrashEntry } from '../bindings/TrashEntry';
import { backendContext } from '../platform/backend';
import { CoreBackend, ticketsCsv } from '../../test/core';
import { useDraftWorkspace } from '../util/draft';

async function settle(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
}

async function openTrash(core: CoreBackend) {
  const view = render(App, { context: backendContext(core.backend) });
  await settle();
  await fireEvent.click(view.getByRole('button', { name: /^Trash/ }));
  await settle();
  return view;
}

const interviews = (core: CoreBackend) => core.run<Interview[]>('list_interviews', { filter: {} });

describe('TrashView', () => {
  beforeEach(() => {
    localStorage.clear();
    useDraftWorkspace('/tmp/groundwork-ui-test');
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('lists what the core put in the trash and restores an entry whole', async () => {
    const core = new CoreBackend({
      interviews: [interviewInput({ title: 'Deploys are scary' }), interviewInput({ title: 'CI is slow' })],
      tickets: [ticketsCsv([{ key: 'OPS-1', title: 'Deploy pipeline times out' }])],
    });
    const [deleted] = interviews(core);
    core.run('delete_interview', { id: deleted.id });
    core.run('undo_import', { batch: 1, force: false });
    const view = await openTrash(core);

    const rows = view.getAllByTestId('trash-entry');
    const entries = core.run<TrashEntry[]>('list_trash');
    expect(rows).toHaveLength(entries.length);
    expect(rows).toHaveLength(2);
    // Newest first, as the core lists them: the undone import, then the deleted interview.
    expect(rows[0].textContent).toContain(entries[0].label);
    expect(rows[0].textContent).toContain('1 ticket');
    expect(rows[1].textContent).toContain(`deleted interview "${deleted.title}"`);

    await fireEvent.click(rows[1].querySelector('[data-testid="restore-trash"]')!);
    await settle();
    expect(core.callsOf('restoreTrash')).toEqual([[entries[1].id]]);
    expect(interviews(core).map((i) => i.id)).toContain(deleted.id);
    expect(view.getAllByTestId('trash-entry')).toHaveLength(1);
  });

  it('deletes for good only after a second click, and empties the trash', async () => {
    const core = new CoreBackend({ interviews: [interviewInput({ title: 'A' }), interviewInput({ title: 'B' })] });
    for (const i of interviews(core)) core.run('delete_interview', { id: i.id });
    const view = await openTrash(core);
    const [first] = view.getAllByTestId('trash-entry');

    await fireEvent.click(first.querySelector('[data-testid="purge-trash"]')!);
    await settle();
    expect(core.callsOf('purgeTrash')).toEqual([]);
    await fireEvent.click(view.getByTestId('purge-confirm'));
    await settle();
    expect(core.callsOf('purgeTrash')).toHaveLength(1);
    expect(view.getAllByTestId('trash-entry')).toHaveLength(1);

    await fireEvent.click(view.getByTestId('empty-trash'));
    await settle();
    await fireEvent.click(view.getByTestId('empty-trash-confirm'));
    await settle();
    expect(core.run<TrashEntry[]>('list_trash')).toEqual([]);
    expect(view.getByText('The Trash is empty.')).toBeTruthy();
  });
});
