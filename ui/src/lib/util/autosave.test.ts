import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError } from '../platform/backend';
import { Autosaver, statusText, type SaveState } from './autosave';

describe('Autosaver', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup(save: () => Promise<void> = () => Promise.resolve()) {
    const states: string[] = [];
    const spy = vi.fn(save);
    const saver = new Autosaver(spy, (s: SaveState) => states.push(statusText(s)), 400);
    return { saver, spy, states };
  }

  it('saves once, 400 ms after the last of several keystrokes', async () => {
    const { saver, spy, states } = setup();
    for (let i = 0; i < 5; i++) {
      saver.touch();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(spy).not.toHaveBeenCalled();
    expect(statusText(saver.state)).toBe('Unsaved changes');
    await vi.advanceTimersByTimeAsync(300);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(states).toEqual(['Unsaved changes', 'Unsaved changes', 'Unsaved changes', 'Unsaved changes', 'Unsaved changes', 'Saving…', 'Saved']);
  });

  it('flush saves immediately and does nothing when clean', async () => {
    const { saver, spy } = setup();
    await saver.flush();
    expect(spy).not.toHaveBeenCalled();
    saver.touch();
    await saver.flush();
    expect(spy).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('shows the error message and stays dirty when a save fails', async () => {
    const { saver, spy } = setup(() => Promise.reject(apiError('invalid_input', 'Title is required', 'title')));
    saver.touch();
    await vi.advanceTimersByTimeAsync(400);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(statusText(saver.state)).toBe('Title is required');
    expect(saver.isDirty).toBe(true);
  });

  it('never overlaps saves: edits during a save are saved right after it', async () => {
    let release!: () => void;
    let calls = 0;
    const { saver, spy } = setup(() => {
      calls += 1;
      return calls === 1 ? new Promise<void>((r) => (release = r)) : Promise.resolve();
    });
    saver.touch();
    const first = saver.flush();
    saver.touch();
    const second = saver.flush();
    expect(spy).toHaveBeenCalledTimes(1);
    release();
    await first;
    await second;
    expect(spy).toHaveBeenCalledTimes(2);
    expect(statusText(saver.state)).toBe('Saved');
  });
});
