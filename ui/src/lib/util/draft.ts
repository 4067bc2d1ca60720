// Unsaved editor drafts, one per interview (and one for a new interview), kept in localStorage so a
// crash, a reload, a failed save or navigating away never loses typing.
import type { InterviewInput } from '../bindings/InterviewInput';

export const DRAFT_KEY = 'groundwork.draft';

type StoredDraft = { version: 1; input: InterviewInput; saved_at: string; error?: string | null };

// Drafts belong to a workspace: interview ids only mean something inside the workspace that issued
// them, so a draft is never recovered into another one.
let workspace: string | null = null;

/** Selects the workspace whose draft the functions below read and write. */
export function useDraftWorkspace(path: string | null): void {
  workspace = path;
}

/** The storage key of an interview's draft in the current workspace (`null`: a new interview);
 * null before a workspace is known. */
export function draftKey(id: number | null = null): string | null {
  return workspace === null ? null : `${DRAFT_KEY}:${workspace}:${id ?? 'new'}`;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** Keeps the draft of `input`'s interview; `error` says why it is not saved yet, when a save failed. */
export function writeDraft(input: InterviewInput, error: string | null = null, now: Date = new Date()): void {
  const key = draftKey(input.id);
  if (key === null) return;
  const draft: StoredDraft = { version: 1, input, saved_at: now.toISOString(), error };
  try {
    storage()?.setItem(key, JSON.stringify(draft));
  } catch {
    // Quota exceeded or storage disabled: autosave to the workspace still runs.
  }
}

/** Forgets the draft of interview `id` (`null`: the new interview). */
export function clearDraft(id: number | null): void {
  const key = draftKey(id);
  if (key !== null) storage()?.removeItem(key);
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function parse(raw: string): { input: InterviewInput; savedAt: string; error: string | null } | null {
  try {
    const parsed = JSON.parse(raw) as Partial<StoredDraft>;
    const i = parsed.input as Record<string, unknown> | undefined;
    if (!i || typeof i !== 'object') return null;
    const str = (k: string) => (typeof i[k] === 'string' ? (i[k] as string) : '');
    return {
      input: {
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
        version: typeof i.version === 'number' ? i.version : null,
      },
      savedAt: typeof parsed.saved_at === 'string' ? parsed.saved_at : '',
      error: typeof parsed.error === 'string' ? parsed.error : null,
    };
  } catch {
    return null;
  }
}

/** The stored draft of interview `id` (`null`: the new interview), or null when there is none or
 * it is unreadable. */
export function readDraft(id: number | null = null): InterviewInput | null {
  const key = draftKey(id);
  const raw = key === null ? null : storage()?.getItem(key);
  return raw ? (parse(raw)?.input ?? null) : null;
}

/** Why the draft of interview `id` is not saved, when its last save failed. */
export function draftError(id: number | null): string | null {
  const key = draftKey(id);
  const raw = key === null ? null : storage()?.getItem(key);
  return raw ? (parse(raw)?.error ?? null) : null;
}

/** The most recently written draft of the current workspace: what a crash cut off. */
export function latestDraft(): InterviewInput | null {
  const prefix = draftKey(0)?.replace(/0$/, '');
  const store = storage();
  if (prefix === undefined || !store) return null;
  let best: { input: InterviewInput; savedAt: string } | null = null;
  for (let k = 0; k < store.length; k++) {
    const key = store.key(k);
    if (key === null || !key.startsWith(prefix)) continue;
    const d = parse(store.getItem(key) ?? '');
    if (d && (best === null || d.savedAt > best.savedAt)) best = d;
  }
  return best?.input ?? null;
}
