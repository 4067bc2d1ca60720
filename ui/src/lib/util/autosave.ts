// Debounced autosave: `touch()` after every edit, `flush()` to save now (Ctrl+S, blur, close).
// Saves never overlap; edits made while a save is in flight are saved right after it.
import type { ApiError } from '../bindings/ApiError';
import { toApiError } from '../platform/backend';

export type SaveState =
  | { kind: 'saved' }
  | { kind: 'saving' }
  | { kind: 'dirty' }
  | { kind: 'error'; error: ApiError };

export function statusText(state: SaveState): string {
  switch (state.kind) {
    case 'saved':
      return 'Saved';
    case 'saving':
      return 'Saving…';
    case 'dirty':
      return 'Unsaved changes';
    case 'error':
      return state.error.message;
  }
}

export class Autosaver {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private dirty = false;
  private inflight: Promise<void> | null = null;
  private current: SaveState = { kind: 'saved' };

  constructor(
    private readonly save: () => Promise<void>,
    private readonly onState: (state: SaveState) => void = () => {},
    private readonly delayMs = 400,
  ) {}

  get state(): SaveState {
    return this.current;
  }

  get isDirty(): boolean {
    return this.dirty;
  }

  /** Marks the document as edited and (re)starts the debounce timer. */
  touch(): void {
    this.dirty = true;
    if (!this.inflight) this.set({ kind: 'dirty' });
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.delayMs);
  }

  /** Marks the document as edited without scheduling a save (e.g. a recovered draft). */
  markDirty(): void {
    this.dirty = true;
    this.set({ kind: 'dirty' });
  }

  /** Saves now if there is anything unsaved; resolves when everything is persisted or failed. */
  async flush(): Promise<void> {
    this.clearTimer();
    while (this.inflight) await this.inflight;
    if (!this.dirty) return;
    this.dirty = false;
    this.set({ kind: 'saving' });
    this.inflight = this.save().then(
      () => {
        this.set(this.dirty ? { kind: 'dirty' } : { kind: 'saved' });
      },
      (e: unknown) => {
        this.dirty = true;
        this.set({ kind: 'error', error: toApiError(e) });
      },
    );
    try {
      await this.inflight;
    } finally {
      this.inflight = null;
    }
  }

  /** Forgets unsaved changes (the user chose the stored version over them). */
  reset(): void {
    this.clearTimer();
    this.dirty = false;
    this.set({ kind: 'saved' });
  }

  /** Stops the timer without saving (the editor is being discarded after a flush). */
  dispose(): void {
    this.clearTimer();
  }

  private clearTimer(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private set(state: SaveState): void {
    this.current = state;
    this.onState(state);
  }
}
