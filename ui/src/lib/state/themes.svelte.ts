// The state of the Themes view: saved themes with their figures, suggested themes, the theme
// selected and its summary. It lives on the AppState so the selection survives a look at another
// view, and so Search (save a query as a theme) and the reader (pin a quote) can reach it. The
// figures are never cached across a showing of the view: `load` recounts them.
import type { ApiError } from '../bindings/ApiError';
import type { Granularity } from '../bindings/Granularity';
import type { SuggestedCluster } from '../bindings/SuggestedCluster';
import type { SuggestedTheme } from '../bindings/SuggestedTheme';
import type { Theme } from '../bindings/Theme';
import type { ThemeInput } from '../bindings/ThemeInput';
import type { ThemeOverview } from '../bindings/ThemeOverview';
import type { ThemeSummary } from '../bindings/ThemeSummary';
import type { Backend } from '../platform/backend';
import { toApiError } from '../platform/backend';
import { capitalize, THEME_NAME_CHARS } from '../util/query';

export type ThemeHost = {
  /** Workspace-level errors go to the app banner. */
  showError(e: unknown): unknown;
  /** The workspace's data changed (other views recount). */
  changed?(): Promise<unknown>;
};

/** A theme's name from a suggested phrase: "flaky tests" → "Flaky tests". */
export function suggestionName(s: Pick<SuggestedTheme, 'phrase'>): string {
  return capitalize(s.phrase.trim()).slice(0, THEME_NAME_CHARS);
}

export class ThemeSession {
  themes = $state<ThemeOverview[]>([]);
  suggestions = $state<SuggestedTheme[]>([]);
  loaded = $state(false);
  listError = $state<string | null>(null);
  selectedId = $state<number | null>(null);
  by = $state<Granularity>('month');
  summary = $state<ThemeSummary | null>(null);
  loading = $state(false);
  summaryError = $state<string | null>(null);
  /** Suggested phrases grouped by the documents they share (read on request: it takes a while). */
  clusters = $state<SuggestedCluster[] | null>(null);
  clustersLoading = $state(false);
  /** What accepting a cluster did or why it failed, by its query. */
  clusterNotes = $state<Record<string, string>>({});
  /** Errors of saving a suggestion, by its query. */
  suggestionErrors = $state<Record<string, string>>({});

  private listSeq = 0;
  private summarySeq = 0;

  constructor(
    private readonly backend: Backend,
    private readonly host: ThemeHost,
  ) {}

  get selected(): ThemeOverview | null {
    return this.themes.find((t) => t.theme.id === this.selectedId) ?? null;
  }

  /** Re-reads the themes (with fresh counts) and the suggestions. */
  async loadList(): Promise<void> {
    const mine = ++this.listSeq;
    try {
      const [themes, suggestions] = await Promise.all([this.backend.listThemes(), this.backend.suggestThemes()]);
      if (mine !== this.listSeq) return;
      this.themes = themes;
      this.suggestions = suggestions;
      this.listError = null;
    } catch (e) {
      if (mine !== this.listSeq) return;
      const error = toApiError(e);
      if (error.code.startsWith('workspace_')) this.host.showError(error);
      this.listError = error.message;
    } finally {
      if (mine === this.listSeq) this.loaded = true;
    }
  }

  /** Recounts everything: the list, the suggestions and the selected theme's summary. */
  async load(): Promise<void> {
    await this.loadList();
    if (this.themes.some((t) => t.theme.id === this.selectedId)) {
      await this.fetchSummary();
    } else if (this.themes.length > 0) {
      await this.select(this.themes[0].theme.id);
    } else {
      this.forgetSelection();
    }
  }

  async select(id: number): Promise<void> {
    if (id !== this.selectedId) {
      this.selectedId = id;
      this.summary = null;
      this.summaryError = null;
    }
    await this.fetchSummary();
  }

  /** Marks a theme to show when the view opens (it loads then). */
  show(id: number): void {
    if (id !== this.selectedId) {
      this.selectedId = id;
      this.summary = null;
      this.summaryError = null;
    }
  }

  async setGranularity(by: Granularity): Promise<void> {
    if (by === this.by) return;
    this.by = by;
    await this.fetchSummary();
  }

  /**
   * Creates or changes a theme and selects it; rejects with the ApiError (its `field` says which
   * input). Call `load` to recount once the view shows it.
   */
  async save(input: ThemeInput): Promise<Theme> {
    let theme: Theme;
    try {
      theme = await this.backend.saveTheme(input);
    } catch (e) {
      throw toApiError(e);
    }
    this.show(theme.id);
    return theme;
  }

  /** Saves a suggestion in one click, named after its phrase, and shows it. */
  async saveSuggestion(s: SuggestedTheme): Promise<void> {
    try {
      await this.save({ id: null, name: suggestionName(s), query: s.query });
      await this.load();
      const { [s.query]: _done, ...rest } = this.suggestionErrors;
      this.suggestionErrors = rest;
    } catch (e) {
      this.suggestionErrors = { ...this.suggestionErrors, [s.query]: (e as ApiError).message };
    }
  }

  /** Reads the clusters of suggested phrases. */
  async loadClusters(): Promise<void> {
    this.clustersLoading = true;
    try {
      this.clusters = await this.backend.suggestClusters();
    } catch (e) {
      this.host.showError(e);
    } finally {
      this.clustersLoading = false;
    }
  }

  /** Accepts a cluster as a theme: its label names it, its draft query finds its evidence. */
  async saveCluster(c: SuggestedCluster): Promise<void> {
    try {
      const theme = await this.save({ id: null, name: suggestionName({ phrase: c.label }), query: c.query });
      this.clusterNotes = { ...this.clusterNotes, [c.query]: `Saved as the theme “${theme.name}”.` };
      await this.load();
    } catch (e) {
      this.clusterNotes = { ...this.clusterNotes, [c.query]: toApiError(e).message };
    }
  }

  /** Accepts a cluster into a code: each of its passages is coded `path` (made when missing). */
  async codeCluster(c: SuggestedCluster, path: string): Promise<void> {
    try {
      for (const p of c.passages) {
        await this.backend.codePassage({ document: p.document, quote: null, start: p.start, end: p.end, codes: [path] });
      }
      this.clusterNotes = { ...this.clusterNotes, [c.query]: `${c.passages.length} passage(s) coded “${path}”.` };
      await this.host.changed?.();
    } catch (e) {
      this.clusterNotes = { ...this.clusterNotes, [c.query]: toApiError(e).message };
    }
  }

  async remove(id: number): Promise<void> {
    try {
      await this.backend.deleteTheme(id);
    } catch (e) {
      this.host.showError(e);
      return;
    }
    if (this.selectedId === id) this.forgetSelection();
    await this.load();
  }

  async unpin(quote: number): Promise<void> {
    try {
      await this.backend.unpinQuote(quote);
    } catch (e) {
      this.summaryError = toApiError(e).message;
      return;
    }
    if (this.summary) {
      this.summary = { ...this.summary, quotes: this.summary.quotes.filter((q) => q.id !== quote) };
    }
    await this.load();
  }

  /** The selected theme stands on a code (by path) too: its passages count as the theme's. */
  async addCode(code: string): Promise<void> {
    await this.change((id) => this.backend.addThemeCode(id, code));
  }

  /** The selected theme no longer stands on a code. */
  async removeCode(code: string): Promise<void> {
    await this.change((id) => this.backend.removeThemeCode(id, code));
  }

  /** A document is not about the selected theme: it no longer counts towards it. */
  async reject(document: number): Promise<void> {
    await this.change((id) => this.backend.rejectFromTheme(id, document));
  }

  /** Takes back a rejection. */
  async unreject(document: number): Promise<void> {
    await this.change((id) => this.backend.unrejectFromTheme(id, document));
  }

  /** Runs a change of the selected theme, then recounts it and the list. */
  private async change(run: (theme: number) => Promise<unknown>): Promise<void> {
    const id = this.selectedId;
    if (id === null) return;
    try {
      await run(id);
    } catch (e) {
      this.summaryError = toApiError(e).message;
      return;
    }
    await Promise.all([this.loadList(), this.fetchSummary()]);
  }

  /** A quote was pinned to `theme` elsewhere (the reader): recount what shows it. */
  async quotesChanged(theme: number): Promise<void> {
    if (!this.loaded) return;
    await this.loadList();
    if (theme === this.selectedId) await this.fetchSummary();
  }

  /** Forgets everything (another workspace was opened). */
  forget(): void {
    this.listSeq++;
    this.themes = [];
    this.suggestions = [];
    this.loaded = false;
    this.listError = null;
    this.suggestionErrors = {};
    this.clusters = null;
    this.clusterNotes = {};
    this.forgetSelection();
  }

  private forgetSelection(): void {
    this.summarySeq++;
    this.selectedId = null;
    this.summary = null;
    this.summaryError = null;
    this.loading = false;
  }

  private async fetchSummary(): Promise<void> {
    const id = this.selectedId;
    if (id === null) return;
    const mine = ++this.summarySeq;
    this.loading = true;
    try {
      const summary = await this.backend.themeSummary(id, this.by);
      if (mine !== this.summarySeq) return;
      this.summary = summary;
      this.summaryError = null;
    } catch (e) {
      if (mine !== this.summarySeq) return;
      const error = toApiError(e);
      if (error.code.startsWith('workspace_')) this.host.showError(error);
      this.summaryError = error.message;
    } finally {
      if (mine === this.summarySeq) this.loading = false;
    }
  }
}
