// Coded passages in the reader: the reader's text cut where highlights begin and end, and a
// selection read back as character offsets into the document body. The core says where each piece
// of the text is in the body (`DocumentView.offsets`, Unicode scalar values); the reader renders
// every placed piece as a leaf element carrying `data-at` (its offset) and only text inside, so a
// point in the DOM maps to the body by counting the scalars before it in its leaf. Text that is not
// the body's own (an interviewer's turn, a break the reading adds) has no leaf and never counts.
import type { Code } from '../bindings/Code';
import type { Highlight } from '../bindings/Highlight';

/** Unicode scalar values in `s` (a JS string counts UTF-16 units: an emoji is two). */
export function scalarLength(s: string): number {
  // A string iterates by code point; the core's strings are valid UTF-8, so these are its scalars.
  return Array.from(s).length;
}

/** One run of text the reader draws: where it is in the body (null: not body text) and the anchored highlights over it. */
export type Segment = { text: string; at: number | null; ids: number[] };

/**
 * Cuts `text` (placed at body offset `at`, or not placed) where any of `highlights` begins or
 * ends; each run lists the highlights covering it, in order of their start.
 */
export function segments(text: string, at: number | null, highlights: readonly Pick<Highlight, 'id' | 'start' | 'end'>[]): Segment[] {
  if (at === null || text === '') return [{ text, at, ids: [] }];
  const chars = Array.from(text);
  const n = chars.length;
  const over = highlights.filter((h) => h.start < at + n && h.end > at);
  if (over.length === 0) return [{ text, at, ids: [] }];
  const cuts = new Set([0, n]);
  for (const h of over) {
    if (h.start > at) cuts.add(h.start - at);
    if (h.end < at + n) cuts.add(h.end - at);
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const [a, b] = [sorted[i], sorted[i + 1]];
    const ids = over.filter((h) => h.start <= at + a && h.end >= at + b).map((h) => h.id);
    out.push({ text: chars.slice(a, b).join(''), at: at + a, ids });
  }
  return out;
}

/** Where a DOM point is within `leaf`: the scalars of the leaf's text before it. */
function within(leaf: Element, node: Node, offset: number): number {
  const before = leaf.ownerDocument.createRange();
  before.setStart(leaf, 0);
  before.setEnd(node, offset);
  return scalarLength(before.toString());
}

/**
 * The body offsets `range` covers inside `container`: from the first placed character it
 * includes to one past the last; null when it covers no body text (only an interviewer's turn,
 * say). A range starting or ending outside placed text snaps to the nearest placed character
 * inside it.
 */
export function rangeOffsets(container: Element, range: Range): { start: number; end: number } | null {
  let start: number | null = null;
  let end: number | null = null;
  const doc = container.ownerDocument;
  for (const leaf of container.querySelectorAll<HTMLElement>('[data-at]')) {
    const at = Number(leaf.dataset.at);
    const whole = doc.createRange();
    whole.selectNodeContents(leaf);
    if (start === null) {
      const where = whole.comparePoint(range.startContainer, range.startOffset);
      if (where < 0) start = at;
      else if (where === 0) start = at + within(leaf, range.startContainer, range.startOffset);
    }
    const where = whole.comparePoint(range.endContainer, range.endOffset);
    if (where > 0) end = at + scalarLength(leaf.textContent ?? '');
    else if (where === 0) end = at + within(leaf, range.endContainer, range.endOffset);
    else break;
  }
  if (start === null || end === null || end <= start) return null;
  return { start, end };
}

/** The body offsets the user's selection covers in `container`, or null (nothing selected there). */
export function selectedOffsets(
  container: Element | null | undefined,
  selection: Selection | null = typeof window === 'undefined' ? null : window.getSelection(),
): { start: number; end: number } | null {
  if (!container || !selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return null;
  return rangeOffsets(container, range);
}

/** Colours for codes the user gave none, picked by id so a code keeps its colour. */
const PALETTE = ['#2a9d8f', '#e76f51', '#8e6cc0', '#e9b949', '#3d7dd8', '#d16ba5', '#5c9e3c', '#c75b39'];

/** The colour a code is drawn in: its own, else one of the palette's. */
export function codeColor(code: Pick<Code, 'id' | 'color'> | undefined): string {
  if (!code) return '#888888';
  return code.color.trim() !== '' ? code.color : PALETTE[code.id % PALETTE.length];
}

const RECENT_KEY = 'groundwork.recent-codes';
/** How many recent codes the picker offers on number keys. */
export const RECENT_CODES = 9;

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The paths of the codes applied last, most recent first. */
export function recentCodes(): string[] {
  try {
    const v: unknown = JSON.parse(storage()?.getItem(RECENT_KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((p): p is string => typeof p === 'string').slice(0, RECENT_CODES) : [];
  } catch {
    return [];
  }
}

/** Notes that `path` was just applied. */
export function rememberCode(path: string): string[] {
  const list = [path, ...recentCodes().filter((p) => p !== path)].slice(0, RECENT_CODES);
  try {
    storage()?.setItem(RECENT_KEY, JSON.stringify(list));
  } catch {
    // Storage full or disabled: the list lasts this session only.
  }
  return list;
}
