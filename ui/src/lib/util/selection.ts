// Reading the user's text selection: the seam between the reader panel and the browser's
// Selection API (tests set a real jsdom Range, or stub `window.getSelection`).

/** Longest passage the core pins as a quote (src/themes.rs). */
export const MAX_QUOTE_CHARS = 2_000;

/**
 * The text selected inside `container`, trimmed; '' when nothing is selected there (the
 * selection is collapsed, or starts or ends outside the container).
 */
export function selectedText(
  container: Node | null | undefined,
  selection: Selection | null = typeof window === 'undefined' ? null : window.getSelection(),
): string {
  if (!container || !selection || selection.rangeCount === 0 || selection.isCollapsed) return '';
  const { anchorNode, focusNode } = selection;
  if (!anchorNode || !focusNode || !container.contains(anchorNode) || !container.contains(focusNode)) return '';
  return selection.toString().trim();
}

/** True when the selection is a caret or range inside `container` (the user clicked or selected there). */
export function selectionWithin(
  container: Node | null | undefined,
  selection: Selection | null = typeof window === 'undefined' ? null : window.getSelection(),
): boolean {
  const anchor = selection?.anchorNode;
  return !!container && !!anchor && container.contains(anchor);
}
