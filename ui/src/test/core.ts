// The UI's tests run against the real core: `groundwork serve` (the CLI, built from this
// repository) answers every core command on a fresh workspace. Calls are answered synchronously
// (a worker thread talks to the process while the test thread waits), so the promises the UI sees
// resolve as promptly as an in-memory fake's would and fake timers keep working.
//
// What stays here is only what a host does — dialogs, dropped files, the close request — scripted by
// the test, plus recording calls and injecting failures to test the UI's error paths.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { ApiError } from '../lib/bindings/ApiError';
import type { CoreCommand } from '../lib/bindings/commands';
import type { InterviewInput } from '../lib/bindings/InterviewInput';
import type { ItemInput } from '../lib/bindings/ItemInput';
import type { Progress } from '../lib/bindings/Progress';
import type { IndexProgress } from '../lib/bindings/IndexProgress';
import type { TeamInput } from '../lib/bindings/TeamInput';
import type { ThemeInput } from '../lib/bindings/ThemeInput';
import type { WorkspaceStatus } from '../lib/bindings/WorkspaceStatus';
import { createBackend, toApiError, type Backend, type Host } from '../lib/platform/backend';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
/** The day the core answers as of: recency, `since:30d` and default file names are stable. */
export const TODAY = '2026-03-01';

type Answer = { id: number | null; ok?: unknown; error?: ApiError; fatal?: string; events?: { event: string; payload: unknown }[] };

/** One `groundwork serve` per test file, reached synchronously. */
class Server {
  readonly home = mkdtempSync(join(tmpdir(), 'groundwork-ui-'));
  private readonly port: MessagePort;
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private readonly worker: Worker;
  private next = 1;
  progress: ((p: Progress) => void)[] = [];
  indexProgress: ((p: IndexProgress) => void)[] = [];

  constructor() {
    const bin = process.env.GROUNDWORK_BIN ?? join(root, 'target/debug/groundwork');
    const args = ['serve', '--workspace', join(this.home, 'first'), '--today', TODAY, '--demo-dir', join(this.home, 'demo')];
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(join(here, 'coreWorker.mjs'), {
      workerData: { bin, args, port: port2, signal: this.signal },
      transferList: [port2],
    });
    this.worker.unref();
  }

  /** Sends one request and waits for its answer; progress events are delivered first. */
  request(command: string, args: Record<string, unknown>): unknown {
    const id = this.next++;
    Atomics.store(this.signal, 0, 0);
    this.port.postMessage({ id, command, args });
    for (;;) {
      if (Atomics.wait(this.signal, 0, 0, 60_000) === 'timed-out') throw new Error(`groundwork serve did not answer ${command} within 60 s`);
      const got = receiveMessageOnPort(this.port);
      if (!got) {
        Atomics.store(this.signal, 0, 0);
        continue;
      }
      const answer = got.message as Answer;
      if (answer.fatal) throw new Error(answer.fatal);
      if (answer.id !== id) continue;
      for (const e of answer.events ?? []) {
        if (e.event === 'import-progress') for (const l of [...this.progress]) l(e.payload as Progress);
        if (e.event === 'index-progress') for (const l of [...this.indexProgress]) l(e.payload as IndexProgress);
      }
      if (answer.error) throw toApiError(answer.error);
      return answer.ok;
    }
  }
}

let server: Server | null = null;
let built = false;

function theServer(): Server {
  if (!built && !process.env.GROUNDWORK_BIN) {
    // Cheap when up to date; a fresh clone gets the CLI the tests talk to.
    execFileSync('cargo', ['build', '--quiet', '--locked', '--bin', 'groundwork'], { cwd: root, stdio: 'inherit' });
    built = true;
  }
  server ??= new Server();
  return server;
}

let workspaces = 0;

/** A copy of a recorded argument, so later mutation does not rewrite history (functions as they are). */
function copy(v: unknown): unknown {
  return typeof v === 'function' ? v : structuredClone(v);
}

export type Recorded = { method: string; args: unknown[] };

/** What a test seeds a fresh workspace with, through the real commands. */
export type Seed = {
  teams?: TeamInput[];
  interviews?: InterviewInput[];
  themes?: Omit<ThemeInput, 'id'>[];
  /** Ticket CSV files (Jira columns) imported in order, e.g. `ticketsCsv(...)`. */
  tickets?: string[];
  /** Roadmap items, created in order after the rest. */
  items?: Omit<ItemInput, 'id'>[];
  /** The demo data (fourteen interviews with seven teams). */
  demo?: boolean;
};

/**
 * A Backend over the real core on a fresh workspace, with the host scripted by the test: what
 * each dialog answers, dropped files, the close request. Every call is recorded; `failNext`
 * makes the next call of a method fail without reaching the core (for the UI's error paths).
 */
export class CoreBackend {
  readonly server = theServer();
  /** The workspace folder. */
  readonly dir: string;
  /** This test's own folder: holds the workspace, files it writes, and is where exports and
   * backups are suggested (the app's Documents folder). */
  readonly documents: string;
  readonly backend: Backend;
  calls: Recorded[] = [];
  failures = new Map<string, ApiError[]>();
  answers = new Map<string, unknown[]>();
  folderToPick: string | null = null;
  importFileToPick: string | null = null;
  metricsFileToPick: string | null = null;
  savePathToPick: string | null = null;
  /** undefined accepts the dialog's default path; null cancels. */
  exportPathToPick: string | null | undefined = undefined;
  backupPathToPick: string | null | undefined = undefined;
  openedExports: string[] = [];
  revealedExports: string[] = [];
  /** Ticket links opened through `openSource`, as the core gave them. */
  openedSources: string[] = [];
  /** When true, `importFile` waits until `releaseImport()` before the core runs it. */
  pauseImports = false;
  private importWaiters: (() => void)[] = [];
  private dropListeners: { cb: (paths: string[]) => void; onHover?: (over: boolean) => void }[] = [];
  private closeHandlers: (() => Promise<void>)[] = [];

  constructor(seed: Seed = {}) {
    workspaces += 1;
    this.documents = join(this.server.home, `test-${workspaces}`);
    mkdirSync(this.documents);
    this.dir = join(this.documents, 'workspace');
    this.server.request('open_workspace', { path: this.dir });
    if (seed.demo) this.server.request('seed_demo', {});
    this.seed(seed);
    const call = <T>(command: CoreCommand, args: Record<string, unknown>): Promise<T> => {
      try {
        return Promise.resolve(this.server.request(command, args) as T);
      } catch (e) {
        return Promise.reject(toApiError(e));
      }
    };
    const host: Host = {
      openWorkspace: async (path) => this.server.request('open_workspace', { path }) as WorkspaceStatus,
      openDemoWorkspace: async () => this.server.request('open_demo_workspace', {}) as WorkspaceStatus,
      cancelImport: async () => {
        this.server.request('cancel_import', {});
        this.releaseImport();
      },
      openExport: async (path) => {
        this.openedExports.push(path);
      },
      revealExport: async (path) => {
        this.revealedExports.push(path);
      },
      openSource: async (document) => {
        const url = this.server.request('source_url', { document }) as string | null;
        if (url === null) throw new Error(`document ${document} has no link to open`);
        this.openedSources.push(url);
      },
      chooseExportPath: async (defaultPath) => (this.exportPathToPick === undefined ? defaultPath : this.exportPathToPick),
      chooseBackupPath: async (defaultPath) => (this.backupPathToPick === undefined ? defaultPath : this.backupPathToPick),
      onImportProgress: async (cb) => {
        this.server.progress.push(cb);
        return () => {
          this.server.progress = this.server.progress.filter((l) => l !== cb);
        };
      },
      onIndexProgress: async (cb) => {
        this.server.indexProgress.push(cb);
        return () => {
          this.server.indexProgress = this.server.indexProgress.filter((l) => l !== cb);
        };
      },
      pickFolder: async () => this.folderToPick,
      pickImportFile: async () => this.importFileToPick,
      pickMetricsFile: async () => this.metricsFileToPick,
      pickSavePath: async () => this.savePathToPick,
      // `groundwork serve` takes any path, as the CLI does.
      confirmPath: async (path) => path,
      onFileDrop: async (cb, onHover) => {
        const entry = { cb, onHover };
        this.dropListeners.push(entry);
        return () => {
          this.dropListeners = this.dropListeners.filter((l) => l !== entry);
        };
      },
      onCloseRequested: async (cb) => {
        this.closeHandlers.push(cb);
        return () => {
          this.closeHandlers = this.closeHandlers.filter((h) => h !== cb);
        };
      },
    };
    const inner = createBackend(call, host);
    const recorded = {} as Record<string, (...args: unknown[]) => Promise<unknown>>;
    for (const [name, fn] of Object.entries(inner) as [string, (...args: unknown[]) => Promise<unknown>][]) {
      recorded[name] = async (...args: unknown[]) => {
        this.calls.push({ method: name, args: args.map(copy) });
        const err = this.failures.get(name)?.shift();
        if (err) throw structuredClone(err);
        const answers = this.answers.get(name);
        if (answers?.length) return structuredClone(answers.shift());
        if (name === 'importFile' && this.pauseImports) await new Promise<void>((r) => this.importWaiters.push(r));
        return fn(...args);
      };
    }
    this.backend = recorded as unknown as Backend;
  }

  /** Runs a core command directly (test setup and assertions), throwing its ApiError. */
  run<T>(command: CoreCommand, args: Record<string, unknown> = {}): T {
    return this.server.request(command, args) as T;
  }

  /** Seeds more data through the real commands. */
  seed(seed: Seed): void {
    for (const t of seed.teams ?? []) this.run('save_team', { input: t });
    for (const iv of seed.interviews ?? []) this.run('save_interview', { input: iv });
    for (const [i, csv] of (seed.tickets ?? []).entries()) {
      const path = this.file(`tickets-${workspaces}-${i + 1}.csv`, csv);
      this.run('import_file', { path, options: { kind: 'tickets', format: 'auto', mappings: [], encoding: null, dry_run: false } });
    }
    for (const t of seed.themes ?? []) this.run('save_theme', { input: { id: null, ...t } });
    for (const item of seed.items ?? []) this.run('save_item', { input: { id: null, ...item } });
  }

  /** Writes a file beside the workspace and returns its full path. */
  file(name: string, text: string): string {
    const path = join(this.documents, name);
    writeFileSync(path, text);
    return path;
  }

  failNext(method: keyof Backend, error: ApiError): void {
    const list = this.failures.get(method) ?? [];
    list.push(error);
    this.failures.set(method, list);
  }

  /**
   * Answers the next call of `method` with `value` instead of the core. Only for states a test
   * cannot reach for real (a damaged database); never for a figure the core computes.
   */
  answerNext(method: keyof Backend, value: unknown): void {
    const list = this.answers.get(method) ?? [];
    list.push(value);
    this.answers.set(method, list);
  }

  callsOf(method: keyof Backend): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  /** Lets paused imports run. */
  releaseImport(): void {
    const waiting = this.importWaiters;
    this.importWaiters = [];
    for (const w of waiting) w();
  }

  /** Simulates files dropped onto the window. */
  dropFiles(paths: string[]): void {
    for (const l of this.dropListeners) l.cb([...paths]);
  }

  hoverFiles(over: boolean): void {
    for (const l of this.dropListeners) l.onHover?.(over);
  }

  /** Simulates the window's close button: runs every close handler, awaited. */
  async requestClose(): Promise<void> {
    for (const h of this.closeHandlers) await h();
  }
}

/** A Jira CSV export of `rows` (Summary, Issue key, Description, Status, Labels, Created, Reporter). */
export function ticketsCsv(rows: { key: string; title: string; body?: string; status?: string; labels?: string; created?: string; reporter?: string; team?: string }[]): string {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const head = 'Summary,Issue key,Description,Status,Labels,Created,Reporter,Team';
  const lines = rows.map((r) =>
    [r.title, r.key, r.body ?? '', r.status ?? 'Open', r.labels ?? '', r.created ?? '2026-02-01 10:00', r.reporter ?? '', r.team ?? ''].map(q).join(','),
  );
  return [head, ...lines].join('\n') + '\n';
}
