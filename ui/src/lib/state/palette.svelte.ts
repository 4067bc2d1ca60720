// The state of the command palette (Ctrl/Cmd+K): whether it is open, the query, the matches the
// core returned for it and the one selected. Every keystroke asks the core (it is fast and narrows
// from the last keystroke's matches); answers can arrive out of order, so each request is
// numbered and an answer older than the one shown is dropped.
import type { PaletteEntry } from '../bindings/PaletteEntry';
import type { Backend } from '../platform/backend';
import { toApiError } from '../platform/backend';

export type PaletteHost = {
  /** Opens what an entry names (an interview, a theme, an action…). */
  open(entry: PaletteEntry): void | Promise<void>;
};

export class PaletteSession {
  isOpen = $state(false);
  query = $state('');
  entries = $state.raw<PaletteEntry[]>([]);
  /** Index of the selected entry (the one Enter opens). */
  active = $state(0);
  error = $state<string | null>(null);

  /** Number of the last request sent, and of the one whose answer is shown. */
  private sent = $state(0);
  private shown = $state(0);
  /** Enter was pressed before the answer for the current query arrived: open its first match. */
  private chooseWhenReady = false;
  /** Where the keyboard was before the palette opened; it goes back there on close. */
  private returnFocus: HTMLElement | null = null;

  constructor(
    private readonly backend: Backend,
    private readonly host: PaletteHost,
  ) {}

  get selected(): PaletteEntry | null {
    return this.entries[this.active] ?? null;
  }

  /** True when what is shown answers the query typed. */
  get settled(): boolean {
    return this.shown === this.sent;
  }

  /** Opens the palette on an empty query (which lists the actions). */
  show(): void {
    this.forgetPending();
    if (!this.isOpen) {
      const el = typeof document === 'undefined' ? null : document.activeElement;
      this.returnFocus = el instanceof HTMLElement ? el : null;
    }
    this.isOpen = true;
    this.query = '';
    this.entries = [];
    this.active = 0;
    this.error = null;
    void this.find('');
  }

  /**
   * Closes the palette and gives the keyboard back to where it was, before anything is opened
   * (so a view or the reader opened next can take it, and hand it back in turn).
   */
  hide(): void {
    this.forgetPending();
    if (!this.isOpen) return;
    this.isOpen = false;
    const back = this.returnFocus;
    this.returnFocus = null;
    if (back?.isConnected) back.focus();
  }

  toggle(): void {
    if (this.isOpen) this.hide();
    else this.show();
  }

  /** Asks the core for the matches of `query` (call on every keystroke). */
  async find(query: string): Promise<void> {
    const mine = ++this.sent;
    let entries: PaletteEntry[];
    try {
      entries = await this.backend.palette(query);
    } catch (e) {
      if (mine <= this.shown) return;
      this.shown = mine;
      this.entries = [];
      this.active = 0;
      this.error = toApiError(e).message;
      this.chooseWhenReady = false;
      return;
    }
    if (mine <= this.shown) return;
    this.shown = mine;
    this.entries = entries;
    this.active = 0;
    this.error = null;
    if (this.chooseWhenReady && this.settled) {
      this.chooseWhenReady = false;
      this.choose();
    }
  }

  /** Moves the selection by `delta`, wrapping around at either end. */
  move(delta: number): void {
    const n = this.entries.length;
    if (n === 0) return;
    this.active = (((this.active + delta) % n) + n) % n;
  }

  /**
   * Opens the selected entry (or entry `index`) and closes the palette. While the answer to the
   * latest keystroke is still on its way, waits for it and opens its best match.
   */
  choose(index: number = this.active): void {
    if (!this.settled) {
      this.chooseWhenReady = true;
      return;
    }
    const entry = this.entries[index];
    if (!entry) return;
    this.hide();
    void this.host.open(entry);
  }

  /** Answers to requests sent so far will not be shown. */
  private forgetPending(): void {
    this.shown = this.sent;
    this.chooseWhenReady = false;
  }
}
