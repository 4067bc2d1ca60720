// The unsaved editor draft, kept in localStorage so a crash or reload never loses typing.
import type { InterviewInput } from '../bindings/InterviewInput';

export const DRAFT_KEY = 'groundwork.draft';

type StoredDraft = { version: 1; input: InterviewInput; saved_at: string };

// Drafts belong to a workspace: interview ids only mean something inside the workspace that issued
// them, so a draft is never recovered into another one.
let workspace: string | null = null;

/** Selects the workspace whose draft the functions below read and write. */
export function useDraftWorkspace(path: string | null): void {
  workspace = path;
}

/** The storage key of the current workspace's draft (null before a workspace is known). */
export function draftKey(): string | null {
  return workspace === null ? null : `${DRAFT_KEY}:${workspace}`;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function writeDraft(input: InterviewInput, now: Date = new Date()): void {
  const key = draftKey();
  if (key === null) return;
  const draft: StoredDraft = { version: 1, input, saved_at: now.toISOString() };
  try {
    storage()?.setItem(key, JSON.stringify(draft));
  } catch {
    // Quota exceeded or storage disabled: autosave to the workspace still runs.
  }
}

export function clearDraft(): void {
  const key = draftKey();
  if (key !== null) storage()?.removeItem(key);
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/** The stored draft, or null when there is none or it is unreadable. */
export function readDraft(): InterviewInput | null {
  const key = draftKey();
  const raw = key === null ? null : storage()?.getItem(key);
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<StoredDraft>;
    const i = parsed.input as Record<string, unknown> | undefined;
    if (!i || typeof i !== 'object') return null;
    const str = (k: string) => (typeof i[k] === 'string' ? (i[k] as string) : '');
    return {
      id: typeof i.id === 'number' ? i.id : null,
      title: str('title'),
      participant: str('participant'),
      team: typeof i.team === 'string' ? i.team : null,
      role: str('role'),
      date: str('date'),
      interviewer: str('interviewer'),
      notes: str('notes'),
      tags: isStringArray(i.tags) ? i.tags : [],
      pain_points: isStringArray(i.pain_points) ? i.pain_points : [],
    };
  } catch {
    return null;
  }
}
