// Keyboard helpers shared by the global shortcut handler.

/** True when the event target is a place where typing text is expected. */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color'].includes(target.type);
  }
  return false;
}

/** Ctrl on Linux/Windows, Cmd on macOS. */
export function isMod(e: KeyboardEvent): boolean {
  return e.ctrlKey || e.metaKey;
}

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export const modLabel = isMac ? '⌘' : 'Ctrl';
