// The state of the Roadmap view: the models, the ranking under the chosen model and team view, an
// unsaved draft of the weights (re-ranked live while a slider moves), the selected item and the
// side panel (its breakdown, its editor, or the model editor), and the figures of the Sensitivity,
// Scenarios and Snapshots tabs. It lives on the AppState so the Themes view can create an item
// from evidence and open it here, and so the selection survives a look at another view.
import type { ApiError } from '../bindings/ApiError';
import type { Comparison } from '../bindings/Comparison';
import type { Item } from '../bindings/Item';
import type { ItemDetail } from '../bindings/ItemDetail';
import type { ItemFromEvidence } from '../bindings/ItemFromEvidence';
import type { ItemInput } from '../bindings/ItemInput';
import type { Model } from '../bindings/Model';
import type { ModelConfig } from '../bindings/ModelConfig';
import type { ModelInput } from '../bindings/ModelInput';
import type { RankedItem } from '../bindings/RankedItem';
import type { Ranking } from '../bindings/Ranking';
import type { RankRequest } from '../bindings/RankRequest';
import type { ScenarioSide } from '../bindings/ScenarioSide';
import type { Sensitivity } from '../bindings/Sensitivity';
import type { SnapshotDiff } from '../bindings/SnapshotDiff';
import type { SnapshotInfo } from '../bindings/SnapshotInfo';
import type { Team } from '../bindings/Team';
import type { Backend } from '../platform/backend';
import { toApiError } from '../platform/backend';
import { rankMoves } from '../util/roadmap';

export type RoadmapHost = {
  /** Workspace-level errors go to the app banner. */
  showError(e: unknown): unknown;
};

/**
 * What the side panel shows: an item's score breakdown, the item editor (`detail` null: a new
 * item), or the model editor (`model` null: a new model). `token` changes whenever an editor must
 * start again from what it is given.
 */
export type Panel =
  | { kind: 'breakdown'; id: number }
  | { kind: 'editor'; detail: ItemDetail | null; token: number }
  | { kind: 'model'; model: Model | null; token: number }
  | null;

export type RoadmapTab = 'sensitivity' | 'scenarios' | 'snapshots' | 'track-record';

/** The scenario side that stands for the unsaved weights. */
export const DRAFT_SCENARIO = '\u0000draft';

/** Runs `cb` on the next animation frame (a timeout where there are no frames). */
function nextFrame(cb: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => cb());
  else setTimeout(cb, 16);
}

export class RoadmapSession {
  models = $state.raw<Model[]>([]);
  modelName = $state('rice');
  /** The team whose view is ranked; '' for the shared roadmap. */
  team = $state('');
  /** Also rank shipped and dropped items. */
  includeAll = $state(false);
  teams = $state.raw<Team[]>([]);
  /** The ranking under the saved model. */
  ranking = $state.raw<Ranking | null>(null);
  /** Unsaved changes to the model (weights), if any. */
  draft = $state.raw<ModelConfig | null>(null);
  /** The ranking under the draft (the last answer; it may lag the sliders by a frame). */
  draftRanking = $state.raw<Ranking | null>(null);
  /** Why the draft cannot be ranked (all weights 0, say). */
  draftError = $state.raw<ApiError | null>(null);
  loaded = $state(false);
  loading = $state(false);
  error = $state<string | null>(null);
  /** The row the keyboard is on. */
  selectedId = $state<number | null>(null);
  panel = $state.raw<Panel>(null);
  tab = $state<RoadmapTab>('sensitivity');

  sensitivityForm = $state({ runs: 1000, top: 5, spread: 25, seed: 42 });
  sensitivityResult = $state.raw<Sensitivity | null>(null);
  sensitivityError = $state.raw<ApiError | null>(null);
  sensitivityRunning = $state(false);

  scenarioA = $state('');
  scenarioB = $state('');
  comparison = $state.raw<Comparison | null>(null);
  comparisonError = $state<string | null>(null);

  snapshots = $state.raw<SnapshotInfo[]>([]);
  snapshotError = $state.raw<ApiError | null>(null);
  diffFrom = $state('');
  diffTo = $state('now');
  diff = $state.raw<SnapshotDiff | null>(null);
  diffError = $state<string | null>(null);

  private rankSeq = 0;
  private loadSeq = 0;
  /** Bumped whenever a draft answer in flight stops mattering (draft discarded, model changed). */
  private draftGeneration = 0;
  private draftDirty = false;
  private draftFrame = false;
  private draftInFlight: Promise<void> | null = null;
  private nextToken = 1;

  constructor(
    private readonly backend: Backend,
    private readonly host: RoadmapHost,
  ) {}

  get model(): Model | null {
    return this.models.find((m) => m.name === this.modelName) ?? null;
  }

  /** The configuration ranked: the draft, else the saved model's. */
  get config(): ModelConfig | null {
    return this.draft ?? this.model?.config ?? null;
  }

  /** The ranking on show: the draft's while there is one (the saved one until it answers). */
  get shown(): Ranking | null {
    return this.draft ? (this.draftRanking ?? this.ranking) : this.ranking;
  }

  get rows(): RankedItem[] {
    return this.shown?.items ?? [];
  }

  /** Places each item moved under the draft against the saved model (+2: up two); empty without a draft. */
  get moves(): Map<number, number> {
    const after = this.draft && this.draftRanking && this.ranking ? this.draftRanking.items : [];
    return rankMoves(this.ranking?.items ?? [], after);
  }

  /** The item in the shown ranking (or its exceptions) with this id. */
  ranked(id: number | null): RankedItem | null {
    if (id === null) return null;
    const r = this.shown;
    return r?.items.find((i) => i.id === id) ?? r?.exceptions.find((i) => i.id === id) ?? null;
  }

  private request(draft: ModelConfig | null): RankRequest {
    return { model: this.modelName, draft, team: this.team === '' ? null : this.team, top: null, all: this.includeAll };
  }

  private fail(e: unknown): ApiError {
    const error = toApiError(e);
    if (error.code.startsWith('workspace_')) this.host.showError(error);
    return error;
  }

  /** Reads the models, teams and snapshots again and re-ranks (the view opened, or data changed). */
  async load(): Promise<void> {
    const mine = ++this.loadSeq;
    try {
      const [models, teams, snapshots] = await Promise.all([
        this.backend.listModels(),
        this.backend.listTeams(),
        this.backend.listSnapshots(),
      ]);
      if (mine !== this.loadSeq) return;
      this.models = models;
      this.teams = teams;
      this.snapshots = snapshots;
      if (!models.some((m) => m.name === this.modelName) && models.length > 0) this.modelName = models[0].name;
      if (this.team !== '' && !teams.some((t) => t.name === this.team)) this.team = '';
      if (!models.some((m) => m.name === this.scenarioA)) this.scenarioA = this.modelName;
      if (this.scenarioB !== DRAFT_SCENARIO && !models.some((m) => m.name === this.scenarioB)) {
        this.scenarioB = models.find((m) => m.name !== this.scenarioA)?.name ?? this.scenarioA;
      }
      if (!snapshots.some((s) => s.name === this.diffFrom)) this.diffFrom = snapshots[0]?.name ?? '';
      this.error = null;
    } catch (e) {
      if (mine !== this.loadSeq) return;
      this.error = this.fail(e).message;
      this.loaded = true;
      return;
    }
    await this.rerank();
  }

  /** Ranks under the saved model again, and under the draft if there is one. */
  async rerank(): Promise<void> {
    const mine = ++this.rankSeq;
    this.loading = true;
    try {
      const ranking = await this.backend.rank(this.request(null));
      if (mine !== this.rankSeq) return;
      this.ranking = ranking;
      this.error = null;
      const ids = [...ranking.items, ...ranking.exceptions].map((i) => i.id);
      if (this.selectedId === null || !ids.includes(this.selectedId)) {
        // Keep an item opened elsewhere (created from a theme) selected; else the first.
        const open = this.panel?.kind === 'editor' ? (this.panel.detail?.item.id ?? null) : null;
        this.selectedId = open !== null && ids.includes(open) ? open : (ids[0] ?? null);
      }
      if (this.panel?.kind === 'breakdown' && !ids.includes(this.panel.id)) this.panel = null;
    } catch (e) {
      if (mine !== this.rankSeq) return;
      this.error = this.fail(e).message;
    } finally {
      if (mine === this.rankSeq) {
        this.loading = false;
        this.loaded = true;
      }
    }
    if (this.draft) this.scheduleDraftRank();
  }

  async setModel(name: string): Promise<void> {
    if (name === this.modelName) return;
    this.modelName = name;
    this.discardDraft();
    this.sensitivityResult = null;
    await this.rerank();
  }

  async setTeam(team: string): Promise<void> {
    if (team === this.team) return;
    this.team = team;
    await this.rerank();
  }

  async setIncludeAll(all: boolean): Promise<void> {
    if (all === this.includeAll) return;
    this.includeAll = all;
    await this.rerank();
  }

  // -- live weights -----------------------------------------------------------------------------

  /** Sets one criterion's weight in the draft and re-ranks on the next frame. */
  setWeight(key: string, weight: number): void {
    const base = this.config;
    if (!base || base.kind !== 'weighted') return;
    this.draft = { ...base, criteria: base.criteria.map((c) => (c.key === key ? { ...c, weight } : c)) };
    this.scheduleDraftRank();
  }

  /**
   * Asks for the draft's ranking once per animation frame at most, with at most one request in
   * flight: moves made while one is out are sent together when it answers.
   */
  private scheduleDraftRank(): void {
    this.draftDirty = true;
    if (this.draftFrame || this.draftInFlight) return;
    this.draftFrame = true;
    nextFrame(() => {
      this.draftFrame = false;
      this.draftInFlight = this.sendDraft().finally(() => {
        this.draftInFlight = null;
        if (this.draftDirty && this.draft) this.scheduleDraftRank();
      });
    });
  }

  private async sendDraft(): Promise<void> {
    const draft = this.draft;
    if (!this.draftDirty || !draft) return;
    this.draftDirty = false;
    const generation = this.draftGeneration;
    try {
      const ranking = await this.backend.rank(this.request(draft));
      // Stale: the draft was discarded or the model changed while this was out.
      if (generation !== this.draftGeneration || !this.draft) return;
      this.draftRanking = ranking;
      this.draftError = null;
    } catch (e) {
      if (generation !== this.draftGeneration) return;
      this.draftError = this.fail(e);
    }
  }

  /** Settles once the draft's latest weights are ranked (tests and saving wait on it). */
  async draftSettled(): Promise<void> {
    while (this.draftFrame || this.draftInFlight) {
      if (this.draftInFlight) await this.draftInFlight;
      else await new Promise<void>((resolve) => nextFrame(resolve));
    }
  }

  discardDraft(): void {
    this.draftGeneration++;
    this.draft = null;
    this.draftRanking = null;
    this.draftError = null;
    this.draftDirty = false;
  }

  /** Saves the draft's weights to the model (a preset becomes customized). */
  async saveWeights(): Promise<void> {
    const draft = this.draft;
    if (!draft) return;
    try {
      await this.backend.saveModel({ name: this.modelName, config: draft });
    } catch (e) {
      this.draftError = this.fail(e);
      return;
    }
    this.discardDraft();
    await this.load();
  }

  /** Puts a customized preset back as it ships. */
  async restorePreset(): Promise<void> {
    try {
      await this.backend.resetModel(this.modelName);
    } catch (e) {
      this.error = this.fail(e).message;
      return;
    }
    this.discardDraft();
    await this.load();
  }

  /** Saves a model from the model editor and ranks with it; rejects with the ApiError. */
  async saveModel(input: ModelInput): Promise<Model> {
    let model: Model;
    try {
      model = await this.backend.saveModel(input);
    } catch (e) {
      throw this.fail(e);
    }
    this.discardDraft();
    this.modelName = model.name;
    this.panel = null;
    await this.load();
    return model;
  }

  // -- selection and panels ---------------------------------------------------------------------

  select(id: number): void {
    this.selectedId = id;
  }

  /** Moves the keyboard selection `delta` rows through the ranking and its exceptions. */
  moveSelection(delta: number): void {
    const r = this.shown;
    const ids = [...(r?.items ?? []), ...(r?.exceptions ?? [])].map((i) => i.id);
    if (ids.length === 0) return;
    const at = this.selectedId === null ? -1 : ids.indexOf(this.selectedId);
    const next = at < 0 ? (delta > 0 ? 0 : ids.length - 1) : Math.min(ids.length - 1, Math.max(0, at + delta));
    this.selectedId = ids[next];
  }

  openBreakdown(id: number): void {
    this.selectedId = id;
    this.panel = { kind: 'breakdown', id };
  }

  closePanel(): void {
    this.panel = null;
  }

  /** Opens the editor on item `id`, or on a new item. */
  async openEditor(id: number | null): Promise<void> {
    if (id === null) {
      this.panel = { kind: 'editor', detail: null, token: this.nextToken++ };
      return;
    }
    try {
      const detail = await this.backend.getItem(id);
      this.selectedId = id;
      this.panel = { kind: 'editor', detail, token: this.nextToken++ };
    } catch (e) {
      this.error = this.fail(e).message;
    }
  }

  openModelEditor(model: Model | null): void {
    this.panel = { kind: 'model', model, token: this.nextToken++ };
  }

  /** Re-reads the open item's detail (its links changed), keeping the editor's typing. */
  async refreshDetail(): Promise<void> {
    const panel = this.panel;
    if (panel?.kind !== 'editor' || !panel.detail) return;
    try {
      const detail = await this.backend.getItem(panel.detail.item.id);
      if (this.panel === panel) this.panel = { ...panel, detail };
    } catch (e) {
      this.error = this.fail(e).message;
    }
  }

  /** Saves an item from the editor and re-ranks; rejects with the ApiError (its `field` says which input). */
  async saveItem(input: ItemInput): Promise<Item> {
    let item: Item;
    let detail: ItemDetail;
    try {
      item = await this.backend.saveItem(input);
      detail = await this.backend.getItem(item.id);
    } catch (e) {
      throw this.fail(e);
    }
    const panel = this.panel;
    const token = panel?.kind === 'editor' ? panel.token : this.nextToken++;
    this.panel = { kind: 'editor', detail, token };
    this.selectedId = item.id;
    await this.load();
    return item;
  }

  async deleteItem(id: number): Promise<void> {
    try {
      await this.backend.deleteItem(id);
    } catch (e) {
      this.error = this.fail(e).message;
      return;
    }
    this.panel = null;
    if (this.selectedId === id) this.selectedId = null;
    await this.rerank();
  }

  async unlink(link: number): Promise<void> {
    try {
      await this.backend.unlinkItem(link);
    } catch (e) {
      this.error = this.fail(e).message;
      return;
    }
    await this.refreshDetail();
    await this.rerank();
  }

  async linkTheme(item: number, theme: number): Promise<void> {
    try {
      await this.backend.linkItem({ item, theme, document: null, quote: null });
    } catch (e) {
      this.error = this.fail(e).message;
      return;
    }
    await this.refreshDetail();
    await this.rerank();
  }

  /**
   * An item's evidence changed outside the view (a quote pinned to it from the reader, or an item
   * made from one): re-reads the open editor if it shows that item, and re-ranks. Before the view
   * first loads there is nothing to refresh (it ranks as it opens).
   */
  async evidenceChanged(item: number): Promise<void> {
    if (!this.loaded) return;
    const panel = this.panel;
    if (panel?.kind === 'editor' && panel.detail?.item.id === item) await this.refreshDetail();
    await this.rerank();
  }

  /**
   * Creates an item from a theme or a quote, selects it and opens its editor (the ranking loads as
   * the view opens). Rejects with the ApiError.
   */
  async fromEvidence(input: ItemFromEvidence): Promise<ItemDetail> {
    let detail: ItemDetail;
    try {
      detail = await this.backend.itemFromEvidence(input);
    } catch (e) {
      throw this.fail(e);
    }
    this.selectedId = detail.item.id;
    this.panel = { kind: 'editor', detail, token: this.nextToken++ };
    return detail;
  }

  // -- sensitivity, scenarios, snapshots --------------------------------------------------------

  async runSensitivity(): Promise<void> {
    const f = this.sensitivityForm;
    this.sensitivityRunning = true;
    try {
      this.sensitivityResult = await this.backend.sensitivity({
        model: this.modelName,
        draft: this.draft,
        team: this.team === '' ? null : this.team,
        runs: Math.round(Number(f.runs)),
        top: Math.round(Number(f.top)),
        spread: Number(f.spread) / 100,
        seed: Math.round(Number(f.seed)),
      });
      this.sensitivityError = null;
    } catch (e) {
      this.sensitivityError = this.fail(e);
    } finally {
      this.sensitivityRunning = false;
    }
  }

  private side(name: string): ScenarioSide {
    if (name === DRAFT_SCENARIO) return { model: this.modelName, draft: this.draft, label: `${this.modelName} (unsaved weights)` };
    return { model: name, draft: null, label: null };
  }

  async compare(): Promise<void> {
    if (this.scenarioA === '' || this.scenarioB === '') return;
    try {
      this.comparison = await this.backend.compareScenarios({
        a: this.side(this.scenarioA),
        b: this.side(this.scenarioB),
        team: this.team === '' ? null : this.team,
      });
      this.comparisonError = null;
    } catch (e) {
      this.comparisonError = this.fail(e).message;
    }
  }

  /** Saves the ranking on show (model, draft, team view) as a snapshot; returns false on an error. */
  async saveSnapshot(name: string): Promise<boolean> {
    try {
      await this.backend.saveSnapshot(name, this.request(this.draft));
      this.snapshots = await this.backend.listSnapshots();
      this.snapshotError = null;
    } catch (e) {
      this.snapshotError = this.fail(e);
      return false;
    }
    if (this.diffFrom === '') this.diffFrom = this.snapshots[0]?.name ?? '';
    return true;
  }

  async deleteSnapshot(name: string): Promise<void> {
    try {
      await this.backend.deleteSnapshot(name);
      this.snapshots = await this.backend.listSnapshots();
    } catch (e) {
      this.snapshotError = this.fail(e);
      return;
    }
    if (this.diffFrom === name) this.diffFrom = this.snapshots[0]?.name ?? '';
    if (this.diffTo === name) this.diffTo = 'now';
    if (this.diff && (this.diff.from === name || this.diff.to === name)) this.diff = null;
  }

  async runDiff(): Promise<void> {
    if (this.diffFrom === '') return;
    try {
      this.diff = await this.backend.snapshotDiff(this.diffFrom, this.diffTo);
      this.diffError = null;
    } catch (e) {
      this.diffError = this.fail(e).message;
    }
  }

  /** Forgets everything (another workspace was opened). */
  forget(): void {
    this.loadSeq++;
    this.rankSeq++;
    this.discardDraft();
    this.models = [];
    this.teams = [];
    this.ranking = null;
    this.loaded = false;
    this.loading = false;
    this.error = null;
    this.selectedId = null;
    this.panel = null;
    this.team = '';
    this.sensitivityResult = null;
    this.sensitivityError = null;
    this.comparison = null;
    this.comparisonError = null;
    this.snapshots = [];
    this.snapshotError = null;
    this.diff = null;
    this.diffError = null;
    this.diffFrom = '';
    this.diffTo = 'now';
  }
}
