import { beforeEach, describe, expect, it } from 'vitest';
import { clearDraft, draftError, draftKey, latestDraft, useDraftWorkspace, readDraft, writeDraft } from './draft';
import { interviewInput } from '../../test/helpers';

describe('draft storage', () => {
  beforeEach(() => {
    localStorage.clear();
    useDraftWorkspace('/tmp/fake-workspace');
  });

  it('writes and reads back the draft under the workspace key', () => {
    const input = interviewInput({ title: 'Half-typed' });
    writeDraft(input);
    expect(localStorage.getItem(draftKey()!)).toContain('Half-typed');
    expect(readDraft()).toEqual(input);
  });

  it('returns null when there is no draft, and after clearing', () => {
    expect(readDraft()).toBeNull();
    writeDraft(interviewInput());
    clearDraft(null);
    expect(readDraft()).toBeNull();
  });

  it('keeps the drafts of different workspaces apart', () => {
    writeDraft(interviewInput({ id: 7, title: 'Belongs to A' }));
    useDraftWorkspace('/tmp/other-workspace');
    expect(readDraft(7)).toBeNull();
    writeDraft(interviewInput({ id: 7, title: 'Belongs to B' }));
    useDraftWorkspace('/tmp/fake-workspace');
    expect(readDraft(7)?.title).toBe('Belongs to A');
  });

  it('keeps one draft per interview, with why its save failed, and finds the latest', () => {
    writeDraft(interviewInput({ id: 3, title: 'Three' }), 'title: at most 200 characters', new Date('2026-03-01T10:00:00Z'));
    writeDraft(interviewInput({ id: 4, title: 'Four' }), null, new Date('2026-03-01T10:05:00Z'));
    writeDraft(interviewInput({ title: 'New one' }), null, new Date('2026-03-01T09:00:00Z'));
    expect(readDraft(3)?.title).toBe('Three');
    expect(readDraft(4)?.title).toBe('Four');
    expect(readDraft()?.title).toBe('New one');
    expect(draftError(3)).toBe('title: at most 200 characters');
    expect(draftError(4)).toBeNull();
    expect(latestDraft()?.title).toBe('Four');
    clearDraft(4);
    expect(latestDraft()?.title).toBe('Three');
  });

  it('ignores a corrupt draft instead of crashing', () => {
    localStorage.setItem(draftKey()!, '{not json');
    expect(readDraft()).toBeNull();
  });

  it('fills missing fields of an older draft with defaults', () => {
    localStorage.setItem(draftKey()!, JSON.stringify({ version: 1, input: { title: 'Old', tags: 'bad' } }));
    expect(readDraft()).toMatchObject({ id: null, title: 'Old', tags: [], team: null, notes: '' });
  });
});
