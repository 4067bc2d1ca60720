// Application-wide state shared by the views through a Svelte context.
import { getContext, setContext } from 'svelte';
import type { ApiError } from '../bindings/ApiError';
import type { ExportSubject } from '../bindings/ExportSubject';
import type { InterviewInput } from '../bindings/InterviewInput';
import type { IndexProgress } from '../bindings/IndexProgress';
import type { ItemFromEvidence } from '../bindings/ItemFromEvidence';
import type { PaletteEntry } from '../bindings/PaletteEntry';
import type { SortBy } from '../bindings/SortBy';
import type { Team } from '../bindings/Team';
import type { WorkspaceStatus } from '../bindings/WorkspaceStatus';
import type { Backend } from '../platform/backend';
import { toApiError } from '../platform/backend';
import { clearDraft, latestDraft, readDraft, useDraftWorkspace } from '../util/draft';
import { emptyInput, toInput } from '../util/fields';
import { backupText, checkText } from '../util/maintenance';
import { ImportSession } from './imports.svelte';
import { MetricsSession } from './metrics.svelte';
import { PaletteSession } from './palette.svelte';
import { RoadmapSession } from './roadmap.svelte';
import { SurveySession } from './surveys.svelte';
import { ThemeSession } from './themes.svelte';

export type View = 'interviews' | 'search' | 'themes' | 'roadmap' | 'metrics' | 'surveys' | 'teams' | 'people' | 'coverage' | 'codebook' | 'guides' | 'import' | 'trash';

/**
 * The document the reader panel shows: its id, the query whose matches it marks, and the theme
 * it was opened from (the first choice when pinning a quote).
 */
/** What the reader shows: a document, the query whose matches it marks, the theme it was opened from, and in a transcript the turn to show first. */
export type ReaderTarget = { id: number; query: string; themeId: number | null; turn: number | null };

/** What the editor shows; `token` changes whenever the editor must be re-created. */
export type Selection = { input: InterviewInput; recovered: boolean; token: number };

export type Toast = { message: string; actionLabel: string | null };

/**
 * The Export dialog, when open: what it was opened on, and the roadmap view's model and team view
 * and the search box's query at that moment (its defaults). `token` changes on every opening.
 */
export type ExportRequest = {
  subject: ExportSubject;
  model: string;
  team: string;
  /** The roadmap had unsaved weight changes (an export ranks with the saved model). */
  unsavedWeights: boolean;
  searchQuery: string;
  token: number;
};

export const UNDO_MS = 10_000;
/** How long a toast that offers nothing to undo stays. */
export const NOTICE_MS = 5_000;
/** How often the status is re-read while edits wait to be indexed. */
export const PENDING_POLL_MS = 1_500;

export function totalDocuments(status: WorkspaceStatus | null): number {
  if (!status) return 0;
  return Object.values(status.documents).reduce<number>((sum, n) => sum + (n ?? 0), 0);
}

/** Extra guidance for workspace errors, chosen by code (never by message text). */
export function workspaceHint(error: ApiError): string | null {
  switch (error.code) {
    case 'workspace_too_new':
      return 'This workspace was written by a newer Groundwork. Update the app to open it.';
    case 'workspace_locked':
      return 'Another Groundwork window or CLI has this workspace open. Close it and try again.';
    case 'workspace_read_only':
      return 'The folder is read-only, so changes cannot be saved.';
    default:
      return null;
  }
}

export class AppState {
  view = $state<View>('interviews');
  status = $state<WorkspaceStatus | null>(null);
  teams = $state<Team[]>([]);
  loaded = $state(false);
  banner = $state<{ error: ApiError; hint: string | null } | null>(null);
  selection = $state<Selection | null>(null);
  /** Id of the interview shown in the editor (set after the first save of a new one). */
  selectedId = $state<number | null>(null);
  /** Bumped after every change to documents, so lists and facets reload. */
  dataVersion = $state(0);
  toast = $state<Toast | null>(null);
  /** The workspace backup or check running, if any (its link is disabled meanwhile). */
  maintenance = $state<'backup' | 'check' | null>(null);
  searchQuery = $state('');
  searchSort = $state<SortBy>('relevance');
  /** The document open in the reader panel, if any. */
  reader = $state<ReaderTarget | null>(null);
  searchFocusToken = $state(0);
  showHelp = $state(false);
  /** The Export dialog, when open. */
  exportRequest = $state.raw<ExportRequest | null>(null);

  /** The Import view's file, mapping, running import and history. */
  readonly imports: ImportSession;

  /** The Surveys view's list, selected survey, filters and summary. */
  readonly surveys: SurveySession;

  /** The Themes view's themes, suggestions, selected theme and its summary. */
  readonly themes: ThemeSession;

  /** The Roadmap view's models, ranking, draft weights, selected item and panels. */
  readonly roadmap: RoadmapSession;

  /** The Metrics view's team, period, metrics and last metrics import. */
  readonly metrics: MetricsSession;

  /** The command palette (Ctrl/Cmd+K). */
  readonly palette: PaletteSession;

  /** Set by the mounted editor: saves whatever is pending. */
  flushEditor: (() => Promise<void>) | null = null;

  private undoAction: (() => Promise<void>) | null = null;
  private toastTimer: ReturnType<typeof setTimeout> | null = null;
  private pendingTimer: ReturnType<typeof setTimeout> | null = null;
  private nextToken = 1;

  constructor(readonly backend: Backend) {
    this.imports = new ImportSession(backend, {
      changed: () => this.changed(),
      showError: (e) => this.showError(e),
    });
    this.surveys = new SurveySession(backend, { showError: (e) => this.showError(e) });
    this.themes = new ThemeSession(backend, { showError: (e) => this.showError(e), changed: () => this.changed() });
    this.roadmap = new RoadmapSession(backend, { showError: (e) => this.showError(e) });
    this.metrics = new MetricsSession(backend);
    this.palette = new PaletteSession(backend, { open: (entry) => this.openPaletteEntry(entry) });
  }

  get isEmpty(): boolean {
    return this.loaded && totalDocuments(this.status) === 0 && (this.status?.teams ?? 0) === 0 && this.teams.length === 0;
  }

  /** A rebuild of the search index under way while a workspace opens, as the core reports it. */
  indexProgress = $state<IndexProgress | null>(null);

  /** Hears the core's `index-progress` events: shown until the rebuild has indexed everything. */
  heardIndexProgress(p: IndexProgress): void {
    this.indexProgress = p.done < p.total ? p : null;
  }

  /** The index rebuild (or damage) already told to the user. */
  private indexNotice: string | null = null;

  get canUndo(): boolean {
    return this.undoAction !== null;
  }

  showError(e: unknown): ApiError {
    const error = toApiError(e);
    this.banner = { error, hint: workspaceHint(error) };
    return error;
  }

  async refresh(): Promise<void> {
    try {
      const [status, teams] = await Promise.all([this.backend.workspaceStatus(), this.backend.listTeams()]);
      // Say once per workspace that the index was rebuilt (or cannot be used), and why.
      const rebuilt = status.index_damaged ?? status.index_rebuilt;
      if (rebuilt !== null && rebuilt !== this.indexNotice) {
        this.notify(
          status.index_damaged !== null
            ? `Search is unavailable: ${status.index_damaged}. Use "Rebuild search index".`
            : `The search index was rebuilt from the database: ${rebuilt}. Nothing was lost.`,
          true,
        );
      }
      this.indexNotice = rebuilt;
      // The workspace is open: whatever rebuild it needed is over.
      this.indexProgress = null;
      this.status = status;
      this.teams = teams;
      useDraftWorkspace(status.path);
      // The shell indexes edits in the background: check back until the counts settle.
      if (this.pendingTimer) clearTimeout(this.pendingTimer);
      this.pendingTimer = status.pending > 0 ? setTimeout(() => void this.refresh(), PENDING_POLL_MS) : null;
    } catch (e) {
      this.showError(e);
    } finally {
      this.loaded = true;
    }
  }

  /** Opens the unsaved draft of the current workspace, if a crash or close left one. */
  recoverSavedDraft(): void {
    const draft = latestDraft();
    if (draft) this.recoverDraft(draft);
  }

  /** Call after any change to documents or teams. */
  async changed(): Promise<void> {
    this.dataVersion += 1;
    await this.refresh();
  }

  async flush(): Promise<void> {
    if (this.flushEditor) await this.flushEditor();
  }

  private select(input: InterviewInput, recovered = false): void {
    this.selection = { input, recovered, token: this.nextToken++ };
    this.selectedId = input.id;
  }

  async newInterview(): Promise<void> {
    await this.flush();
    this.view = 'interviews';
    this.select(emptyInput());
  }

  async openInterview(id: number): Promise<void> {
    await this.flush();
    this.view = 'interviews';
    if (this.selection && this.selectedId === id) return;
    // Typing that was not saved (a failed save, a crash) comes back instead of the stored text.
    const draft = readDraft(id);
    if (draft) {
      this.select(draft, true);
      return;
    }
    try {
      this.select(toInput(await this.backend.getInterview(id)));
    } catch (e) {
      this.showError(e);
    }
  }

  recoverDraft(input: InterviewInput): void {
    this.view = 'interviews';
    this.select(input, true);
  }

  closeEditor(): void {
    this.selection = null;
    this.selectedId = null;
  }

  async deleteInterview(id: number): Promise<void> {
    await this.flush();
    try {
      await this.backend.deleteInterview(id);
    } catch (e) {
      this.showError(e);
      return;
    }
    clearDraft(id);
    if (this.selectedId === id) this.closeEditor();
    this.offerUndo('Interview deleted', async () => {
      const restored = await this.backend.restoreInterview(id);
      await this.changed();
      this.view = 'interviews';
      this.select(toInput(restored));
    });
    await this.changed();
  }

  offerUndo(message: string, action: () => Promise<void>): void {
    this.undoAction = action;
    this.toast = { message, actionLabel: 'Undo' };
    if (this.toastTimer) clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => this.dismissToast(), UNDO_MS);
  }

  /** Shows a short message in the toast, with nothing to undo; a sticky one stays until dismissed. */
  notify(message: string, sticky = false): void {
    this.toast = { message, actionLabel: null };
    if (this.toastTimer) clearTimeout(this.toastTimer);
    this.toastTimer = sticky ? null : setTimeout(() => this.dismissToast(), NOTICE_MS);
  }

  dismissToast(): void {
    if (this.toastTimer) clearTimeout(this.toastTimer);
    this.toastTimer = null;
    this.toast = null;
  }

  /** Undoes the last destructive action (the toast's Undo, or Ctrl/Cmd+Z). */
  async undo(): Promise<void> {
    const action = this.undoAction;
    if (!action) return;
    this.undoAction = null;
    this.dismissToast();
    try {
      await action();
    } catch (e) {
      this.showError(e);
    }
  }

  async switchWorkspace(open: () => Promise<WorkspaceStatus>): Promise<void> {
    await this.flush();
    try {
      this.status = await open();
    } catch (e) {
      this.showError(e);
      return;
    }
    this.banner = null;
    this.undoAction = null;
    this.dismissToast();
    this.closeEditor();
    this.imports.forget();
    this.surveys.forget();
    this.themes.forget();
    this.roadmap.forget();
    this.metrics.forget();
    this.palette.hide();
    this.closeExport();
    this.closeReader();
    await this.changed();
    this.recoverSavedDraft();
  }

  async openFolder(): Promise<void> {
    let path: string | null;
    try {
      path = await this.backend.pickFolder();
    } catch (e) {
      this.showError(e);
      return;
    }
    if (path) await this.switchWorkspace(() => this.backend.openWorkspace(path));
  }

  async openDemo(): Promise<void> {
    await this.switchWorkspace(() => this.backend.openDemoWorkspace());
  }

  async reindex(): Promise<void> {
    try {
      await this.backend.reindex();
      await this.refresh();
    } catch (e) {
      this.showError(e);
    }
  }

  /** Asks where to back up the workspace (Documents, dated name by default) and writes the copy there. */
  async backup(): Promise<void> {
    if (this.maintenance) return;
    this.maintenance = 'backup';
    try {
      const path = await this.backend.chooseBackupPath(await this.backend.backupDefaultPath());
      if (path) this.notify(backupText(await this.backend.backupWorkspace(path)));
    } catch (e) {
      this.showError(e);
    } finally {
      this.maintenance = null;
    }
  }

  /** Checks the database and the index; problems stay in the toast until dismissed. */
  async check(): Promise<void> {
    if (this.maintenance) return;
    this.maintenance = 'check';
    try {
      const report = await this.backend.checkWorkspace();
      this.notify(checkText(report), !report.ok);
      await this.refresh();
    } catch (e) {
      this.showError(e);
    } finally {
      this.maintenance = null;
    }
  }

  focusSearch(): void {
    this.view = 'search';
    this.searchFocusToken += 1;
  }

  /** Opens the Search view with `query` typed in; it runs as the view opens. */
  searchFor(query: string): void {
    this.searchQuery = query;
    this.focusSearch();
  }

  /** Shows a document in full in the reader panel, the matches of `query` marked. */
  openReader(id: number, query: string, themeId: number | null = null, turn: number | null = null): void {
    this.reader = { id, query, themeId, turn };
  }

  closeReader(): void {
    this.reader = null;
  }

  /**
   * Opens the Export dialog on `subject`, its model and team view preset from the Roadmap view and
   * its search from the search box.
   */
  openExport(subject: ExportSubject): void {
    this.palette.hide();
    this.showHelp = false;
    this.exportRequest = {
      subject,
      model: this.roadmap.modelName,
      team: this.roadmap.team,
      unsavedWeights: this.roadmap.draft !== null,
      searchQuery: this.searchQuery.trim(),
      token: this.nextToken++,
    };
  }

  closeExport(): void {
    this.exportRequest = null;
  }

  /** Opens the Themes view on theme `id` (its figures load as the view opens, or now if it is open). */
  openTheme(id: number): void {
    if (this.view === 'themes') {
      void this.themes.select(id);
    } else {
      this.themes.show(id);
      this.view = 'themes';
    }
  }

  /** Opens the Surveys view on survey `id` (its summary loads as the view opens, or now if it is open). */
  openSurvey(id: number): void {
    if (this.view === 'surveys') {
      void this.surveys.select(id);
    } else {
      this.surveys.show(id);
      this.view = 'surveys';
    }
  }

  /** Opens the Roadmap view on item `id`, selected, with its editor open (the ranking loads as the view opens). */
  async openItem(id: number): Promise<void> {
    this.view = 'roadmap';
    await this.roadmap.openEditor(id);
  }

  /**
   * Makes a roadmap item from a theme (`{theme}`) or a quote (`{document, quote}`) and opens it in
   * the Roadmap view, selected, with its editor open.
   */
  async newItemFromEvidence(input: ItemFromEvidence): Promise<void> {
    let title: string;
    try {
      title = (await this.roadmap.fromEvidence(input)).item.title;
    } catch (e) {
      this.showError(e);
      return;
    }
    this.closeReader();
    this.view = 'roadmap';
    this.notify(`Roadmap item “${title}” created`);
  }

  /** Opens what a palette entry names, or runs its action. */
  async openPaletteEntry(entry: PaletteEntry): Promise<void> {
    switch (entry.kind) {
      case 'interview':
        this.closeReader();
        await this.openInterview(entry.id);
        return;
      case 'ticket':
      case 'note':
        // Like a search hit, without a query to mark.
        this.openReader(entry.id, '');
        return;
      case 'theme':
        this.openTheme(entry.id);
        return;
      case 'survey':
        this.openSurvey(entry.id);
        return;
      case 'team':
        this.view = 'teams';
        return;
      case 'action':
        await this.runAction(entry.action ?? '');
        return;
    }
  }

  /** Runs one of the palette's actions (src/palette.rs `ACTIONS`); unknown ones do nothing. */
  async runAction(action: string): Promise<void> {
    switch (action) {
      case 'new-interview':
        await this.newInterview();
        break;
      case 'search':
        this.focusSearch();
        break;
      case 'import':
      case 'surveys':
      case 'themes':
      case 'roadmap':
      case 'metrics':
      case 'teams':
      case 'codebook':
      case 'interviews':
        this.view = action;
        break;
      case 'open-folder':
        await this.openFolder();
        break;
      case 'open-demo':
        await this.openDemo();
        break;
      case 'reindex':
        await this.reindex();
        break;
      case 'shortcuts':
        this.showHelp = true;
        break;
      case 'export':
        this.openExport({ kind: 'roadmap' });
        break;
    }
  }
}

const APP_KEY = Symbol('groundwork.app');

export function setAppState(app: AppState): void {
  setContext(APP_KEY, app);
}

export function getAppState(): AppState {
  const app = getContext<AppState | undefined>(APP_KEY);
  if (!app) throw new Error('No AppState in context');
  return app;
}

export function appContext(app: AppState): Map<symbol, AppState> {
  // A plain Map is what Svelte's `mount({ context })` expects; it is never mutated.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  return new Map([[APP_KEY, app]]);
}
