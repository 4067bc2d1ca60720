// The state of the Import view: the file being previewed, the user's mapping, the running
// import and its outcome, and the batch history. It lives on the AppState rather than in the
// view, so an import keeps its progress (and stays cancellable) while the user looks elsewhere.
import type { ApiError } from '../bindings/ApiError';
import type { ColumnMap } from '../bindings/ColumnMap';
import type { ImportBatch } from '../bindings/ImportBatch';
import type { ImportKind } from '../bindings/ImportKind';
import type { ImportOptions } from '../bindings/ImportOptions';
import type { ImportPreview } from '../bindings/ImportPreview';
import type { ImportReport } from '../bindings/ImportReport';
import type { Progress } from '../bindings/Progress';
import type { SpeakerMap } from '../bindings/SpeakerMap';
import type { SpeakerRole } from '../bindings/SpeakerRole';
import type { UndoPreview } from '../bindings/UndoPreview';
import type { Backend } from '../platform/backend';
import { toApiError } from '../platform/backend';
import { plural } from '../util/fields';

/** Encodings the user may force; `auto` lets the core detect. */
export const ENCODINGS = ['auto', 'utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type EncodingChoice = (typeof ENCODINGS)[number];

/** What the user may say a file holds; `auto` lets the core detect it. */
export const KINDS = ['auto', 'tickets', 'survey', 'notes', 'transcript'] as const;
export type KindChoice = (typeof KINDS)[number];

export type ImportOutcome =
  | { kind: 'none' }
  | { kind: 'done'; report: ImportReport }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string }
  /** Refused until confirmed: the import would move documents carrying quotes or links to the trash. */
  | { kind: 'confirm'; message: string };

/** What the session needs from the rest of the app. */
export type ImportHost = {
  /** Documents changed: reload counts and lists. */
  changed(): Promise<void>;
  /** Shows a workspace-level error in the banner. */
  showError(e: unknown): ApiError;
};

/** Errors about the workspace itself go to the app banner (with its hint); the rest stay in the view. */
function isWorkspaceError(error: ApiError): boolean {
  return error.code === 'workspace_locked' || error.code === 'workspace_read_only' || error.code === 'workspace_too_new';
}

export class ImportSession {
  /** The text of the path box. */
  pathInput = $state('');
  /** The path the preview (and the import) is about. */
  path = $state<string | null>(null);
  preview = $state<ImportPreview | null>(null);
  previewing = $state(false);
  previewError = $state<string | null>(null);
  encoding = $state<EncodingChoice>('auto');
  /** What the file holds, when the user says so (a generic CSV of survey responses). */
  kind = $state<KindChoice>('auto');
  /** Only the columns the user changed in the mapping editor. */
  mappings = $state<ColumnMap[]>([]);
  /** Only the transcript speakers the user set (role, and the person a label stands for). */
  speakers = $state<SpeakerMap[]>([]);

  importing = $state(false);
  cancelling = $state(false);
  /** The last progress reported; kept after the import ends. */
  progress = $state<Progress | null>(null);
  outcome = $state<ImportOutcome>({ kind: 'none' });
  saveStatus = $state<{ ok: boolean; message: string } | null>(null);

  batches = $state<ImportBatch[]>([]);
  historyLoaded = $state(false);
  historyError = $state<string | null>(null);
  undoing = $state<number | null>(null);
  undoError = $state<string | null>(null);
  /** What undoing a batch would do, shown for confirmation before anything changes. */
  confirmUndo = $state<UndoPreview | null>(null);

  private previewSeq = 0;
  private historySeq = 0;

  constructor(
    private readonly backend: Backend,
    private readonly host: ImportHost,
  ) {}

  get canImport(): boolean {
    return (
      this.preview !== null &&
      this.preview.problem === null &&
      this.previewError === null &&
      !this.previewing &&
      !this.importing
    );
  }

  options(): ImportOptions {
    return {
      kind: this.kind === 'auto' ? null : (this.kind satisfies ImportKind),
      format: 'auto',
      mappings: this.mappings.map((m) => ({ header: m.header, field: m.field })),
      encoding: this.encoding === 'auto' ? null : this.encoding,
      dry_run: false,
      speakers: this.speakers.map((m) => ({ label: m.label, role: m.role, person: m.person })),
    };
  }

  /** Forgets the file, preview and summary (another workspace was opened). */
  forget(): void {
    if (this.importing) return;
    this.startOver(null);
    this.undoError = null;
  }

  /** Clears everything that belongs to the previous file. */
  private startOver(path: string | null): void {
    this.pathInput = path ?? '';
    this.path = path;
    this.preview = null;
    this.previewError = null;
    this.encoding = 'auto';
    this.kind = 'auto';
    this.mappings = [];
    this.speakers = [];
    this.progress = null;
    this.outcome = { kind: 'none' };
    this.saveStatus = null;
  }

  /** Starts over with a new file: its own encoding detection and mapping. */
  async open(path: string): Promise<void> {
    const p = path.trim();
    if (p === '' || this.importing) return;
    this.startOver(p);
    await this.runPreview();
  }

  /** A typed or pasted path: the host makes it one the core will read (the app asks in its open dialog). */
  async openTyped(path: string): Promise<void> {
    if (path.trim() === '' || this.importing) return;
    let p: string | null;
    try {
      p = await this.backend.confirmPath(path.trim(), 'open');
    } catch (e) {
      this.host.showError(e);
      return;
    }
    if (p) await this.open(p);
  }

  async choose(): Promise<void> {
    let path: string | null;
    try {
      path = await this.backend.pickImportFile();
    } catch (e) {
      this.host.showError(e);
      return;
    }
    if (path) await this.open(path);
  }

  async setMapping(header: string, field: string): Promise<void> {
    this.mappings = [...this.mappings.filter((m) => m.header !== header), { header, field }];
    await this.runPreview();
  }

  /** Sets who a transcript speaker is; the preview shows the turns as they will be stored. */
  async setSpeaker(label: string, role: SpeakerRole, person: string | null): Promise<void> {
    const name = person?.trim() ? person.trim() : null;
    this.speakers = [...this.speakers.filter((m) => m.label !== label), { label, role, person: name }];
    await this.runPreview();
  }

  async setEncoding(encoding: EncodingChoice): Promise<void> {
    this.encoding = encoding;
    await this.runPreview();
  }

  /** Reads the file as another kind; the columns then feed other fields, so the mapping starts over. */
  async setKind(kind: KindChoice): Promise<void> {
    if (kind === this.kind) return;
    this.kind = kind;
    this.mappings = [];
    await this.runPreview();
  }

  private async runPreview(): Promise<void> {
    const path = this.path;
    if (path === null) return;
    const mine = ++this.previewSeq;
    this.previewing = true;
    try {
      const preview = await this.backend.previewImport(path, this.options());
      if (mine !== this.previewSeq) return;
      this.preview = preview;
      this.previewError = null;
    } catch (e) {
      if (mine !== this.previewSeq) return;
      const error = toApiError(e);
      if (isWorkspaceError(error)) this.host.showError(error);
      // A failed re-preview keeps the last table visible so the mapping can be fixed.
      this.previewError = error.message;
    } finally {
      if (mine === this.previewSeq) this.previewing = false;
    }
  }

  /** Runs the import the user confirmed after reading what it would move to the trash. */
  async startConfirmed(): Promise<void> {
    await this.start(true);
  }

  async start(force = false): Promise<void> {
    const path = this.path;
    const preview = this.preview;
    if (path === null || preview === null || !this.canImport) return;
    this.importing = true;
    this.cancelling = false;
    this.outcome = { kind: 'none' };
    this.saveStatus = null;
    this.progress = { done: 0, total: preview.total_rows };
    let off: (() => void) | null = null;
    try {
      off = await this.backend.onImportProgress((p) => {
        this.progress = { done: p.done, total: p.total };
      });
      const report = await this.backend.importFile(path, { ...this.options(), force });
      this.outcome = { kind: 'done', report };
    } catch (e) {
      const error = toApiError(e);
      if (error.code === 'cancelled') {
        this.outcome = { kind: 'cancelled' };
      } else if (error.code === 'needs_confirmation') {
        this.outcome = { kind: 'confirm', message: error.message };
      } else {
        if (isWorkspaceError(error)) this.host.showError(error);
        this.outcome = { kind: 'failed', message: error.message };
      }
    } finally {
      off?.();
      this.importing = false;
      this.cancelling = false;
    }
    if (this.outcome.kind === 'done') {
      await this.host.changed();
      await this.loadHistory();
    }
  }

  async cancel(): Promise<void> {
    if (!this.importing || this.cancelling) return;
    this.cancelling = true;
    try {
      await this.backend.cancelImport();
    } catch (e) {
      this.cancelling = false;
      this.host.showError(e);
    }
  }

  async saveRejected(): Promise<void> {
    if (this.outcome.kind !== 'done') return;
    // A plain copy: the report lives in deep $state (proxies), the backend wants data.
    const rejected = $state.snapshot(this.outcome.report.rejected);
    let target: string | null;
    try {
      target = await this.backend.pickSavePath('rejected-rows.csv');
    } catch (e) {
      this.saveStatus = { ok: false, message: toApiError(e).message };
      return;
    }
    if (!target) return;
    try {
      await this.backend.saveRejected(target, rejected);
      this.saveStatus = { ok: true, message: `Saved ${plural(rejected.length, 'row', 'rows')} to ${target}` };
    } catch (e) {
      this.saveStatus = { ok: false, message: toApiError(e).message };
    }
  }

  async loadHistory(): Promise<void> {
    const mine = ++this.historySeq;
    try {
      const batches = await this.backend.listImports();
      if (mine !== this.historySeq) return;
      this.batches = batches;
      this.historyError = null;
    } catch (e) {
      if (mine !== this.historySeq) return;
      this.historyError = toApiError(e).message;
    } finally {
      if (mine === this.historySeq) this.historyLoaded = true;
    }
  }

  /** Asks the core what undoing `batch` would move to the trash; the view shows it to confirm. */
  async undo(batch: number): Promise<void> {
    if (this.undoing !== null) return;
    this.undoError = null;
    try {
      this.confirmUndo = await this.backend.undoImportPreview(batch);
    } catch (e) {
      const error = toApiError(e);
      if (isWorkspaceError(error)) this.host.showError(error);
      // e.g. invalid_input "import batch 3 changed documents of batch 2 later; undo batch 3 first"
      this.undoError = error.message;
    }
  }

  cancelUndo(): void {
    this.confirmUndo = null;
  }

  /** Undoes the batch the user confirmed, having seen what rests on it. */
  async confirmAndUndo(): Promise<void> {
    const preview = this.confirmUndo;
    if (preview === null || this.undoing !== null) return;
    await this.run(preview.batch, () => this.backend.undoImport(preview.batch, true));
    this.confirmUndo = null;
  }

  /** Does an undone batch again: its documents come back from the trash. */
  async redo(batch: number): Promise<void> {
    if (this.undoing !== null) return;
    await this.run(batch, () => this.backend.redoImport(batch));
  }

  private async run(batch: number, call: () => Promise<ImportBatch>): Promise<void> {
    this.undoing = batch;
    this.undoError = null;
    try {
      await call();
    } catch (e) {
      const error = toApiError(e);
      if (isWorkspaceError(error)) this.host.showError(error);
      this.undoError = error.message;
      return;
    } finally {
      this.undoing = null;
    }
    await this.host.changed();
    await this.loadHistory();
  }
}
