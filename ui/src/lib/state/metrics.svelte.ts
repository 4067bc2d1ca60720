// The state of the Metrics view: the team and period shown, the metrics for them, and the last
// metrics import. It lives on the AppState so the choice survives a look at another view.
import type { MetricLine } from '../bindings/MetricLine';
import type { MetricsImportReport } from '../bindings/MetricsImportReport';
import type { MetricsView } from '../bindings/MetricsView';
import type { Period } from '../bindings/Period';
import type { Backend } from '../platform/backend';
import { toApiError } from '../platform/backend';

export class MetricsSession {
  /** The team shown; '' for the organization's roll-up. */
  team = $state('');
  by = $state<Period>('month');
  view = $state.raw<MetricsView | null>(null);
  loaded = $state(false);
  loading = $state(false);
  error = $state<string | null>(null);
  importing = $state(false);
  /** The file to import, typed or picked. */
  path = $state('');
  /** What the last import stored and rejected. */
  report = $state.raw<MetricsImportReport | null>(null);

  private seq = 0;

  constructor(private readonly backend: Backend) {}

  /** The lines of the team shown (the organization's when none is chosen). */
  get lines(): MetricLine[] {
    const lines = this.view?.lines ?? [];
    const team = this.team.toLowerCase();
    return lines.filter((l) => l.team.toLowerCase() === team);
  }

  /** Reads the metrics for the team and period shown. */
  async load(): Promise<void> {
    const mine = ++this.seq;
    this.loading = true;
    try {
      const view = await this.backend.metricsView({ team: this.team || null, metric: null, by: this.by, from: null, to: null });
      if (mine !== this.seq) return;
      this.view = view;
      this.error = null;
    } catch (e) {
      if (mine !== this.seq) return;
      const error = toApiError(e);
      // The team has no metrics (any more, or in this workspace): show every team instead.
      if (error.code === 'invalid_input' && error.field === 'team' && this.team !== '') {
        this.team = '';
        await this.load();
        return;
      }
      this.error = error.message;
    } finally {
      if (mine === this.seq) {
        this.loading = false;
        this.loaded = true;
      }
    }
  }

  async setTeam(team: string): Promise<void> {
    this.team = team;
    await this.load();
  }

  async setBy(by: Period): Promise<void> {
    this.by = by;
    await this.load();
  }

  /** Picks a metrics file with the open dialog, then imports it. */
  async pickAndImport(): Promise<void> {
    if (this.importing) return;
    let path: string | null;
    try {
      path = await this.backend.pickMetricsFile();
    } catch (e) {
      this.error = toApiError(e).message;
      return;
    }
    if (!path) return;
    this.path = path;
    await this.importPath();
  }

  /** Imports the file at `path` (the kind detected from its columns) and shows what it holds. */
  async importPath(): Promise<void> {
    const typed = this.path.trim();
    if (this.importing || typed === '') return;
    this.importing = true;
    this.report = null;
    try {
      // The desktop app reads only files the user chose in its dialogs: a typed path is confirmed there.
      const path = await this.backend.confirmPath(typed, 'open');
      if (path === null) return;
      this.path = path;
      this.report = await this.backend.importMetrics(path, { kind: null, map: [] });
      this.error = null;
    } catch (e) {
      this.error = toApiError(e).message;
      return;
    } finally {
      this.importing = false;
    }
    await this.load();
  }

  dismissReport(): void {
    this.report = null;
  }

  /** Forgets what was shown (another workspace was opened). */
  forget(): void {
    this.seq++;
    this.team = '';
    this.view = null;
    this.loaded = false;
    this.loading = false;
    this.error = null;
    this.report = null;
    this.importing = false;
    this.path = '';
  }
}
