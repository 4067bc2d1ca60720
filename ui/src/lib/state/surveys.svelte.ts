// The state of the Surveys view: the imported surveys, the one selected, the facet filters and
// the summary for them. It lives on the AppState so the selection and filters survive a look at
// another view (e.g. Search, reached from a free-text question).
import type { FacetFilter } from '../bindings/FacetFilter';
import type { SurveyInfo } from '../bindings/SurveyInfo';
import type { SurveySummary } from '../bindings/SurveySummary';
import type { Backend } from '../platform/backend';
import { toApiError } from '../platform/backend';

export type SurveyHost = {
  /** Workspace-level errors go to the app banner. */
  showError(e: unknown): unknown;
};

export class SurveySession {
  surveys = $state<SurveyInfo[]>([]);
  loaded = $state(false);
  listError = $state<string | null>(null);
  selectedId = $state<number | null>(null);
  /** One value per facet column at most. */
  filters = $state<FacetFilter[]>([]);
  summary = $state<SurveySummary | null>(null);
  loading = $state(false);
  summaryError = $state<string | null>(null);

  private listSeq = 0;
  private summarySeq = 0;

  constructor(
    private readonly backend: Backend,
    private readonly host: SurveyHost,
  ) {}

  get selected(): SurveyInfo | null {
    return this.surveys.find((s) => s.id === this.selectedId) ?? null;
  }

  /** The value chosen for a facet column, or '' when it is not filtered. */
  filterValue(column: string): string {
    return this.filters.find((f) => f.column === column)?.value ?? '';
  }

  /** Reloads the list (after an import or undo) and the selected survey's summary. */
  async load(): Promise<void> {
    const mine = ++this.listSeq;
    let surveys: SurveyInfo[];
    try {
      surveys = await this.backend.listSurveys();
    } catch (e) {
      if (mine !== this.listSeq) return;
      this.listError = toApiError(e).message;
      this.loaded = true;
      return;
    }
    if (mine !== this.listSeq) return;
    this.surveys = surveys;
    this.listError = null;
    this.loaded = true;
    const keep = surveys.some((s) => s.id === this.selectedId);
    if (keep) {
      await this.fetchSummary();
    } else if (surveys.length > 0) {
      await this.select(surveys[0].id);
    } else {
      this.forget();
    }
  }

  async select(id: number): Promise<void> {
    if (id !== this.selectedId) {
      this.selectedId = id;
      this.filters = [];
      this.summary = null;
    }
    await this.fetchSummary();
  }

  /** Marks a survey to show when the view opens (it loads then). */
  show(id: number): void {
    if (id !== this.selectedId) {
      this.selectedId = id;
      this.filters = [];
      this.summary = null;
      this.summaryError = null;
    }
  }

  /** Keeps only respondents whose `column` is `value`; an empty value drops that filter. */
  async setFilter(column: string, value: string): Promise<void> {
    const others = this.filters.filter((f) => f.column !== column);
    this.filters = value === '' ? others : [...others, { column, value }];
    await this.fetchSummary();
  }

  async clearFilters(): Promise<void> {
    if (this.filters.length === 0) return;
    this.filters = [];
    await this.fetchSummary();
  }

  /** Forgets the selection (another workspace was opened, or the survey is gone). */
  forget(): void {
    this.summarySeq++;
    this.selectedId = null;
    this.filters = [];
    this.summary = null;
    this.summaryError = null;
    this.loading = false;
  }

  private async fetchSummary(): Promise<void> {
    const id = this.selectedId;
    if (id === null) return;
    const mine = ++this.summarySeq;
    // A plain copy: the filters live in deep $state (proxies), the backend wants data.
    const filters = $state.snapshot(this.filters);
    this.loading = true;
    try {
      const summary = await this.backend.surveySummary(id, filters);
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
