// Helpers for the command palette's list.
import type { PaletteKind } from '../bindings/PaletteKind';

/** A run of a label's characters, matched by the query or not. */
export type LabelPart = { text: string; hit: boolean };

/**
 * A label cut into runs of matched and unmatched characters. `positions` count characters (code
 * points, as the core does), not UTF-16 units, so labels with emoji or accents stay aligned.
 */
export function labelParts(label: string, positions: readonly number[]): LabelPart[] {
  const marked = new Set(positions);
  const parts: LabelPart[] = [];
  Array.from(label).forEach((c, i) => {
    const hit = marked.has(i);
    const last = parts.at(-1);
    if (last && last.hit === hit) last.text += c;
    else parts.push({ text: c, hit });
  });
  return parts;
}

const KIND_LABELS: Record<PaletteKind, string> = {
  interview: 'Interview',
  ticket: 'Ticket',
  note: 'Note',
  survey: 'Survey',
  theme: 'Theme',
  team: 'Team',
  action: 'Action',
};

export function paletteKindLabel(kind: PaletteKind): string {
  return KIND_LABELS[kind];
}
