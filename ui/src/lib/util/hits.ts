// Folding near-duplicate search hits under the hit they copy.
import type { SearchHit } from '../bindings/SearchHit';

export type FoldedHits = {
  /** The hits to list, in order: every hit but the copies folded away. */
  shown: SearchHit[];
  /** The copies folded under each shown hit, by its id, in the order they were found. */
  under: Map<number, SearchHit[]>;
  /** Ids of every hit loaded. */
  loaded: Set<number>;
};

/**
 * Folds each hit whose `duplicate_of` names another loaded hit under that one. A copy whose
 * representative is not loaded (another page, or not a match) stays in the list.
 */
export function foldCopies(hits: readonly SearchHit[]): FoldedHits {
  const loaded = new Set(hits.map((h) => h.id));
  const under = new Map<number, SearchHit[]>();
  const shown: SearchHit[] = [];
  for (const h of hits) {
    const rep = h.duplicate_of;
    if (rep !== null && rep !== h.id && loaded.has(rep)) {
      const list = under.get(rep);
      if (list) list.push(h);
      else under.set(rep, [h]);
    } else {
      shown.push(h);
    }
  }
  return { shown, under, loaded };
}
