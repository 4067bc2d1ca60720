import { beforeEach, describe, expect, it } from 'vitest';
import { clearDraft, draftKey, useDraftWorkspace, readDraft, writeDraft } from './draft';
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
    clearDraft();
    expect(readDraft()).toBeNull();
  });

  it('keeps the drafts of different workspaces apart', () => {
    writeDraft(interviewInput({ id: 7, title: 'Belongs to A' }));
    useDraftWorkspace('/tmp/other-workspace');
    expect(readDraft()).toBeNull();
    writeDraft(interviewInput({ title: 'Belongs to B' }));
    useDraftWorkspace('/tmp/fake-workspace');
    expect(readDraft()?.title).toBe('Belongs to A');
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
