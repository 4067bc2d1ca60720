import { fireEvent, render, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../App.svelte';
import { interviewInput } from '../../test/helpers';
import type { Guide } from '../bindings/Guide';
import type { GuideSummary } from '../bindings/GuideSummary';
import type { Interview } from '../bindings/Interview';
import { backendContext } from '../platform/backend';
import { CoreBackend } from '../../test/core';
import { useDraftWorkspace } from '../util/draft';

async function settle(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
}

const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();

const GUIDE = [
  '# CI pains',
  '',
  '## Builds',
  '- How long does a build take? (**Nudge**: on main, on a branch)',
  '- What breaks most often?',
  '',
  '## Releases',
  '- Describe your last release.',
  '- Thank you for your time!',
].join('\n');

/** A transcript whose interviewer (Ana Lima) asks the guide's first two questions. */
const VTT = [
  'WEBVTT',
  '',
  '00:00:01.000 --> 00:00:04.000',
  'Ana Lima: So, how long does a build take for you?',
  '',
  '00:00:05.000 --> 00:00:09.000',
  'Dana Ruiz: About forty minutes on main.',
  '',
  '00:01:02.000 --> 00:01:04.000',
  'Ana Lima: And what breaks most often?',
  '',
  '00:01:05.000 --> 00:01:09.000',
  'Dana Ruiz: The runners run out of disk.',
  '',
].join('\n');

async function openGuides(core: CoreBackend) {
  const view = render(App, { context: backendContext(core.backend) });
  await settle();
  await fireEvent.click(view.getByRole('button', { name: /^Guides/ }));
  await settle();
  return view;
}

describe('GuidesView', () => {
  beforeEach(() => {
    localStorage.clear();
    useDraftWorkspace('/tmp/groundwork-ui-test');
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('imports a guide from a picked file, attaches interviews and shows what each answered to a question', async () => {
    const core = new CoreBackend({
      interviews: [interviewInput({ title: 'Lee on CI', participant: 'Lee', notes: '## What breaks most often?\n\nFlaky integration tests.\n' })],
    });
    const vtt = core.file('dana.vtt', VTT);
    core.run('import_file', {
      path: vtt,
      options: { kind: null, format: 'auto', mappings: [], encoding: null, dry_run: false, speakers: [{ label: 'Ana Lima', role: 'interviewer', person: null }] },
    });
    core.importFileToPick = core.file('script.md', GUIDE);
    const view = await openGuides(core);
    expect(view.getByText('No guides yet.')).toBeTruthy();

    await fireEvent.click(view.getByTestId('add-guide'));
    await fireEvent.click(view.getByTestId('guide-choose'));
    await settle();
    expect(core.callsOf('importGuide')).toEqual([[core.importFileToPick, null]]);
    const guides = core.run<GuideSummary[]>('list_guides');
    expect(guides.map((g) => [g.name, g.questions])).toEqual([['CI pains', 3]]);
    expect(text(view.getByTestId('guide-title'))).toBe('CI pains');
    const questions = view.getAllByTestId('guide-question');
    expect(questions.map(text)).toEqual(['1. How long does a build take? 0/0', '2. What breaks most often? 0/0', '3. Describe your last release. 0/0']);

    // Attach both interviews.
    const choices = view.getAllByTestId('guide-attach-choice');
    expect(choices).toHaveLength(2);
    for (const c of choices) await fireEvent.click(c);
    await fireEvent.click(view.getByTestId('guide-attach'));
    await settle();
    const guide = core.run<Guide>('get_guide', { id: guides[0].id });
    expect(guide.interviews).toHaveLength(2);
    expect(view.getAllByTestId('guide-attached')).toHaveLength(2);
    // Counts come from the core: the transcript answers 1 and 2, the typed notes answer 2.
    expect(view.getAllByTestId('guide-question').map((q) => text(q).split(' ').pop())).toEqual(['1/2', '2/2', '0/2']);

    // What everyone answered to question 2.
    await fireEvent.click(view.getAllByTestId('guide-question')[1]);
    await settle();
    expect(core.callsOf('guideAnswers')).toEqual([[guide.id, 2]]);
    const answers = view.getAllByTestId('guide-answer');
    expect(answers.map(text).sort()).toEqual(['Dana Ruiz · 1:05 The runners run out of disk.', 'Flaky integration tests.']);
    expect(view.getAllByTestId('guide-answer-group')).toHaveLength(2);

    // An answer opens the reader on its turn.
    const spoken = answers.find((a) => text(a).startsWith('Dana Ruiz'))!;
    await fireEvent.click(spoken);
    await settle();
    const turns = view.getAllByTestId('reader-turn');
    expect(turns).toHaveLength(4);
    expect(turns[3].classList.contains('shown')).toBe(true);
  });

  it('creates a guide from pasted text, starts a new interview from it, and deletes it after confirming', async () => {
    const core = new CoreBackend();
    const view = await openGuides(core);
    await fireEvent.click(view.getByTestId('add-guide'));
    await fireEvent.input(view.getByTestId('guide-name'), { target: { value: 'Release check-in' } });
    await fireEvent.input(view.getByTestId('guide-text'), { target: { value: GUIDE } });
    await fireEvent.click(view.getByTestId('guide-create'));
    await settle();
    expect(text(view.getByTestId('guide-title'))).toBe('Release check-in');
    expect(within(view.getByTestId('guide-answers')).getByText('Pick a question to read what every interview answered.')).toBeTruthy();

    // Text with no question is refused with the core's message, and nothing is stored.
    await fireEvent.click(view.getByTestId('add-guide'));
    await fireEvent.input(view.getByTestId('guide-name'), { target: { value: 'Chatter' } });
    await fireEvent.input(view.getByTestId('guide-text'), { target: { value: '- Thank you for coming!' } });
    await fireEvent.click(view.getByTestId('guide-create'));
    await settle();
    expect(text(view.getByTestId('guides-error'))).toContain('has no questions');
    expect(core.run<GuideSummary[]>('list_guides')).toHaveLength(1);

    // A new interview from the guide: a heading per question, attached to it, open in the editor.
    await fireEvent.click(view.getAllByTestId('guide-entry')[0]);
    await settle();
    await fireEvent.click(view.getByTestId('guide-new-interview'));
    await settle();
    const [iv] = core.run<Interview[]>('list_interviews', { filter: {} });
    expect(iv.title).toBe('Release check-in interview');
    expect(iv.notes).toContain('### How long does a build take?');
    expect(iv.notes).toContain('### Describe your last release.');
    expect(iv.notes.match(/^### /gm)).toHaveLength(3);
    expect(core.run<Guide>('get_guide', { id: core.run<GuideSummary[]>('list_guides')[0].id }).interviews).toEqual([iv.id]);

    // Delete asks first; the interview stays.
    await fireEvent.click(view.getByRole('button', { name: /^Guides/ }));
    await settle();
    await fireEvent.click(view.getAllByTestId('guide-entry')[0]);
    await settle();
    await fireEvent.click(view.getByTestId('guide-delete'));
    expect(core.callsOf('deleteGuide')).toEqual([]);
    await fireEvent.click(view.getByTestId('guide-delete-confirm'));
    await settle();
    expect(core.run<GuideSummary[]>('list_guides')).toEqual([]);
    expect(core.run<Interview[]>('list_interviews', { filter: {} })).toHaveLength(1);
    expect(view.getByText('No guides yet.')).toBeTruthy();
  });
});
