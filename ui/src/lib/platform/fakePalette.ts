// The command palette for the in-memory FakeBackend: a rough stand-in for the core's fuzzy
// matcher (src/palette.rs, skim): the query's characters (spaces aside) must appear in the label
// in order, case-insensitively; word starts and runs of adjacent characters score higher, gaps
// lower.
import type { PaletteEntry } from '../bindings/PaletteEntry';
import type { PaletteKind } from '../bindings/PaletteKind';

/** The actions the palette offers, as the core lists them (src/palette.rs `ACTIONS`). */
export const PALETTE_ACTIONS: readonly (readonly [string, string])[] = [
  ['new-interview', 'New interview'],
  ['search', 'Search all evidence'],
  ['import', 'Import a file (tickets, survey, notes)'],
  ['surveys', 'Go to surveys'],
  ['themes', 'Go to themes'],
  ['roadmap', 'Go to the roadmap'],
  ['export', 'Export the roadmap review pack'],
  ['metrics', 'Go to metrics'],
  ['teams', 'Go to teams'],
  ['interviews', 'Go to interviews'],
  ['open-folder', 'Open a workspace folder'],
  ['open-demo', 'Open the demo workspace'],
  ['reindex', 'Rebuild the search index'],
  ['shortcuts', 'Keyboard shortcuts'],
];

/** Matches the core returns at most (src-tauri: `ws.palette(&query, 30)`). */
export const PALETTE_LIMIT = 30;

/** An entry before it is matched. */
export type PaletteItem = Pick<PaletteEntry, 'kind' | 'id' | 'action' | 'label' | 'detail'>;

export function actionItems(): PaletteItem[] {
  return PALETTE_ACTIONS.map(([action, label]) => ({ kind: 'action', id: 0, action, label, detail: 'Action' }));
}

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/**
 * Where the characters of `query` occur in `label`, in order (positions in characters, not UTF-16
 * units), and how well: null when they do not all occur. Tries every start of the first
 * character and keeps the best-scoring greedy match.
 */
export function fuzzyMatch(label: string, query: string): { score: number; positions: number[] } | null {
  const chars = Array.from(label.toLowerCase());
  // Like the core, spaces in the query are not characters to find.
  const want = Array.from(query.toLowerCase()).filter((c) => !/\s/u.test(c));
  if (want.length === 0) return { score: 0, positions: [] };
  let best: { score: number; positions: number[] } | null = null;
  for (let start = chars.indexOf(want[0]); start >= 0; start = chars.indexOf(want[0], start + 1)) {
    const positions = [start];
    let at = start + 1;
    for (const c of want.slice(1)) {
      // Prefer the next character right here, then the next word starting with it, then any.
      let next = chars[at] === c ? at : -1;
      if (next < 0) {
        for (let i = at; i < chars.length; i++) {
          if (chars[i] === c && !isWordChar(chars[i - 1])) {
            next = i;
            break;
          }
        }
      }
      if (next < 0) next = chars.indexOf(c, at);
      if (next < 0) break;
      positions.push(next);
      at = next + 1;
    }
    if (positions.length < want.length) break;
    let score = 0;
    positions.forEach((p, i) => {
      score += 16;
      if (!isWordChar(chars[p - 1])) score += 8;
      if (i > 0 && positions[i - 1] === p - 1) score += 6;
      if (i > 0) score -= Math.min(p - positions[i - 1] - 1, 6);
    });
    score -= Math.min(start, 10);
    if (!best || score > best.score) best = { score, positions };
  }
  return best;
}

/** Actions and themes before documents when the scores tie (like the core). */
function rank(kind: PaletteKind): number {
  switch (kind) {
    case 'action':
      return 0;
    case 'theme':
      return 1;
    case 'survey':
    case 'team':
      return 2;
    default:
      return 3;
  }
}

/** The best `limit` entries for `query`, best first; an empty query lists the actions. */
export function findPalette(items: PaletteItem[], query: string, limit = PALETTE_LIMIT): PaletteEntry[] {
  const q = query.trim();
  if (q === '') {
    return items
      .filter((e) => e.kind === 'action')
      .slice(0, limit)
      .map((e) => ({ ...e, positions: [], score: 0 }));
  }
  const found: (PaletteEntry & { order: number })[] = [];
  items.forEach((e, order) => {
    const m = fuzzyMatch(e.label, q);
    if (m) found.push({ ...e, ...m, order });
  });
  found.sort(
    (a, b) => b.score - a.score || rank(a.kind) - rank(b.kind) || a.label.length - b.label.length || a.order - b.order,
  );
  return found.slice(0, limit).map(({ order: _order, ...e }) => e);
}
