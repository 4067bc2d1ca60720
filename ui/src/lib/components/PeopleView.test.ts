import { fireEvent, render } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../App.svelte';
import type { Person } from '../bindings/Person';
import type { PersonSuggestion } from '../bindings/PersonSuggestion';
import { backendContext } from '../platform/backend';
import { CoreBackend, ticketsCsv } from '../../test/core';
import { useDraftWorkspace } from '../util/draft';

// People against the real core: Dana is a transcript speaker, a ticket reporter by handle and
// one by email; Lee reports a ticket.

const VTT = [
  'WEBVTT',
  '',
  '00:00:01.000 --> 00:00:03.000',
  'Ana Lima: Is the build cache any help?',
  '',
  '00:00:04.000 --> 00:00:08.000',
  'Dana Ruiz: The build cache misses on every runner.',
  '',
].join('\n');

async function settle(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
}

function seeded(): CoreBackend {
  const core = new CoreBackend({
    tickets: [
      ticketsCsv([
        { key: 'OPS-1', title: 'Build cache misses', reporter: 'druiz' },
        { key: 'OPS-2', title: 'Build cache cold', reporter: 'dana.ruiz@acme.io' },
        { key: 'OPS-3', title: 'Build cache too small', reporter: 'Lee Park' },
      ]),
    ],
  });
  const vtt = core.file('dana.vtt', VTT);
  core.run('import_file', {
    path: vtt,
    options: {
      kind: null,
      format: 'auto',
      mappings: [],
      encoding: null,
      dry_run: false,
      speakers: [{ label: 'Ana Lima', role: 'interviewer', person: null }],
    },
  });
  return core;
}

async function openPeople(core: CoreBackend) {
  const view = render(App, { context: backendContext(core.backend) });
  await settle();
  await fireEvent.click(view.getByTestId('nav-people'));
  await settle();
  return view;
}

const texts = (els: HTMLElement[]) => els.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim());

describe('PeopleView', () => {
  beforeEach(() => {
    localStorage.clear();
    useDraftWorkspace('/tmp/groundwork-ui-test');
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('turns a suggested match into one person, splits an alias off and merges it back', async () => {
    const core = seeded();
    const view = await openPeople(core);
    const suggested = core.run<PersonSuggestion[]>('suggest_people');
    expect(suggested).toHaveLength(1);
    expect(texts(view.getAllByTestId('suggestion-names'))).toEqual([suggested[0].names.join(', ')]);
    expect(texts(view.getAllByTestId('unlinked-name')).map((t) => t.split(' ')[0])).toContain('druiz');

    await fireEvent.click(view.getByTestId('suggestion-accept'));
    await settle();
    const people = core.run<Person[]>('list_people');
    expect(people).toHaveLength(1);
    expect(people[0].documents).toBe(3);
    expect(texts(view.getAllByTestId('person-docs'))).toEqual(['3 documents']);
    expect(view.queryByTestId('people-suggestions')).toBeNull();
    expect(texts(view.getAllByTestId('unlinked-name'))).toEqual(['Lee Park 1 document Make a person']);
    // Accepting selected the person: every document naming them, and how.
    expect(view.getAllByTestId('person-mention')).toHaveLength(3);

    const aliases = texts(view.getAllByTestId('person-alias'));
    expect(aliases.some((a) => a.startsWith('dana.ruiz@acme.io email'))).toBe(true);
    const email = view.getAllByTestId('person-alias').findIndex((li) => li.textContent?.includes('dana.ruiz@acme.io'));
    await fireEvent.click(view.getAllByTestId('split-alias')[email]);
    await settle();
    const split = core.run<Person[]>('list_people');
    expect(split.map((p) => [p.name, p.documents])).toEqual(
      expect.arrayContaining([
        ['dana.ruiz@acme.io', 1],
        [people[0].name, 2],
      ]),
    );

    // Merge it back: open Dana, tick the email person, merge.
    const dana = split.find((p) => p.name === people[0].name)!;
    const other = split.find((p) => p.name === 'dana.ruiz@acme.io')!;
    const rows = view.getAllByTestId('person-row');
    await fireEvent.click(rows[split.findIndex((p) => p.id === dana.id)]);
    await settle();
    await fireEvent.click(view.getByTestId(`person-tick-${other.id}`));
    await settle();
    await fireEvent.click(view.getByTestId('merge-people'));
    await settle();
    const merged = core.run<Person[]>('list_people');
    expect(merged.map((p) => [p.id, p.documents])).toEqual([[dana.id, 3]]);
  });

  it('makes a person of an unlinked name and says why an alias cannot be added twice', async () => {
    const core = seeded();
    core.run('save_person', { input: { id: null, name: 'Dana Ruiz', team: null, role: '', tenure: '', aliases: ['druiz'] } });
    const view = await openPeople(core);
    const lee = texts(view.getAllByTestId('unlinked-name')).findIndex((t) => t.startsWith('Lee Park'));
    await fireEvent.click(view.getAllByTestId('make-person')[lee]);
    await settle();
    const people = core.run<Person[]>('list_people');
    expect(people.map((p) => p.name)).toEqual(['Dana Ruiz', 'Lee Park']);
    await fireEvent.input(view.getByTestId('alias-input'), { target: { value: 'DRUIZ' } });
    await fireEvent.click(view.getByTestId('alias-add'));
    await settle();
    expect(view.getByTestId('people-error').textContent).toContain('already an alias of Dana Ruiz');
  });
});
