import { fireEvent, render } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Interview } from '../bindings/Interview';
import { backendContext } from '../platform/backend';
import { CoreBackend } from '../../test/core';
import { draftKey, useDraftWorkspace } from '../util/draft';
import { emptyInput } from '../util/fields';
import InterviewEditor from './InterviewEditor.svelte';

function setup(core = new CoreBackend()) {
  const onsaved = vi.fn();
  const view = render(InterviewEditor, {
    props: { initial: emptyInput('2025-03-01'), onsaved },
    context: backendContext(core.backend),
  });
  return { core, onsaved, ...view };
}

/** The interviews the core holds. */
function interviews(core: CoreBackend): Interview[] {
  return core.run<Interview[]>('list_interviews', { filter: { team: null, role: null, tag: null, from: null, to: null } });
}

async function type(el: HTMLElement, value: string) {
  await fireEvent.input(el, { target: { value } });
}

describe('InterviewEditor', () => {
  beforeEach(() => {
    localStorage.clear();
    useDraftWorkspace('/tmp/groundwork-ui-test');
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('shows the backend field error next to an empty title and keeps the text', async () => {
    const { getByTestId, core } = setup();
    await type(getByTestId('field-participant'), 'Ada Lovelace');
    await type(getByTestId('field-notes'), 'Builds are slow');
    await vi.advanceTimersByTimeAsync(400);

    expect(core.callsOf('saveInterview')).toHaveLength(1);
    // The core's own message (src/interviews.rs), shown under the field it names.
    const message = 'title: an interview needs a title';
    expect(getByTestId('field-error').textContent).toBe(message);
    expect(getByTestId('field-error').id).toBe('err-title');
    expect(getByTestId('save-status').textContent).toBe(message);
    expect(getByTestId('field-title').getAttribute('aria-invalid')).toBe('true');
    expect((getByTestId('field-participant') as HTMLInputElement).value).toBe('Ada Lovelace');
    expect((getByTestId('field-notes') as HTMLTextAreaElement).value).toBe('Builds are slow');
    // The core stored nothing, and the unsaved text survives in the draft.
    expect(interviews(core)).toHaveLength(0);
    expect(localStorage.getItem(draftKey()!)).toContain('Ada Lovelace');
  });

  it('autosaves once after a burst of keystrokes, then updates the same interview', async () => {
    const { getByTestId, core, queryByTestId, onsaved } = setup();
    const title = getByTestId('field-title');
    for (const text of ['C', 'CI', 'CI i', 'CI is', 'CI is slow']) {
      await type(title, text);
      await vi.advanceTimersByTimeAsync(50);
    }
    expect(getByTestId('save-status').textContent).toBe('Unsaved changes');
    expect(JSON.parse(localStorage.getItem(draftKey()!)!).input.title).toBe('CI is slow');
    await vi.advanceTimersByTimeAsync(400);

    const saves = core.callsOf('saveInterview') as [{ id: number | null; title: string }][];
    expect(saves).toHaveLength(1);
    expect(saves[0][0]).toMatchObject({ id: null, title: 'CI is slow', date: '2025-03-01' });
    expect(getByTestId('save-status').textContent).toBe('Saved');
    expect(localStorage.getItem(draftKey()!)).toBeNull();
    expect(queryByTestId('field-error')).toBeNull();
    expect(onsaved).toHaveBeenCalledTimes(1);
    const [saved] = interviews(core);
    expect(saved).toMatchObject({ title: 'CI is slow', date: '2025-03-01' });

    await type(getByTestId('field-tags'), ' ci , flaky,, ');
    await vi.advanceTimersByTimeAsync(400);
    const second = core.callsOf('saveInterview')[1] as [{ id: number | null; tags: string[] }];
    expect(second[0].id).toBe(saved.id);
    expect(second[0].tags).toEqual(['ci', 'flaky']);
    const stored = interviews(core);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ id: saved.id, title: 'CI is slow', tags: ['ci', 'flaky'] });
  });

  it('saves immediately on Ctrl+S and on blur', async () => {
    const { getByTestId, core } = setup();
    const title = getByTestId('field-title');
    await type(title, 'Onboarding takes a week');
    await fireEvent.keyDown(title, { key: 's', ctrlKey: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(core.callsOf('saveInterview')).toHaveLength(1);
    expect(interviews(core).map((i) => i.title)).toEqual(['Onboarding takes a week']);

    await type(getByTestId('field-role'), 'Frontend');
    await fireEvent.blur(getByTestId('field-role'));
    await vi.advanceTimersByTimeAsync(0);
    expect(core.callsOf('saveInterview')).toHaveLength(2);
    expect(getByTestId('save-status').textContent).toBe('Saved');
    expect(interviews(core).map((i) => [i.title, i.role])).toEqual([['Onboarding takes a week', 'Frontend']]);
  });

  it('renders the notes preview from render_markdown', async () => {
    const { getByTestId, core } = setup();
    await type(getByTestId('field-notes'), 'Builds take **40 minutes** <script>x()</script>');
    await vi.advanceTimersByTimeAsync(300);
    expect(core.callsOf('renderMarkdown').at(-1)).toEqual(['Builds take **40 minutes** <script>x()</script>']);
    const preview = getByTestId('notes-preview');
    expect(preview.querySelector('strong')?.textContent).toBe('40 minutes');
    expect(preview.querySelector('script')).toBeNull();
  });

  it('shows a non-validation error in the status and keeps the edits', async () => {
    const core = new CoreBackend();
    core.failNext('saveInterview', { code: 'workspace_read_only', message: 'The workspace is read-only', field: null });
    const { getByTestId, queryByTestId } = setup(core);
    await type(getByTestId('field-title'), 'Kept');
    await vi.advanceTimersByTimeAsync(400);
    expect(getByTestId('save-status').textContent).toBe('The workspace is read-only');
    expect(queryByTestId('field-error')).toBeNull();
    expect((getByTestId('field-title') as HTMLInputElement).value).toBe('Kept');
  });
});
