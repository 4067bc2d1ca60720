// In-memory Backend for unit and component tests. Mirrors the contract of the Rust core
// closely enough (validation codes and fields, soft delete, newest-first ordering).
import type { TrackRecord } from '../bindings/TrackRecord';
import type { ApiError } from '../bindings/ApiError';
import type { BackupReport } from '../bindings/BackupReport';
import type { CheckReport } from '../bindings/CheckReport';
import type { ColumnRole } from '../bindings/ColumnRole';
import type { DocumentView } from '../bindings/DocumentView';
import type { FacetFilter } from '../bindings/FacetFilter';
import type { Format } from '../bindings/Format';
import type { ImportBatch } from '../bindings/ImportBatch';
import type { ImportKind } from '../bindings/ImportKind';
import type { ImportOptions } from '../bindings/ImportOptions';
import type { ImportPreview } from '../bindings/ImportPreview';
import type { ImportReport } from '../bindings/ImportReport';
import type { PaletteEntry } from '../bindings/PaletteEntry';
import type { PreviewColumn } from '../bindings/PreviewColumn';
import type { Progress } from '../bindings/Progress';
import type { Rejected } from '../bindings/Rejected';
import type { Interview } from '../bindings/Interview';
import type { InterviewFacets } from '../bindings/InterviewFacets';
import type { InterviewFilter } from '../bindings/InterviewFilter';
import type { InterviewInput } from '../bindings/InterviewInput';
import type { Granularity } from '../bindings/Granularity';
import type { Quote } from '../bindings/Quote';
import type { SearchRequest } from '../bindings/SearchRequest';
import type { SearchResults } from '../bindings/SearchResults';
import type { SuggestedTheme } from '../bindings/SuggestedTheme';
import type { SurveyInfo } from '../bindings/SurveyInfo';
import type { SurveySummary } from '../bindings/SurveySummary';
import type { Team } from '../bindings/Team';
import type { TeamInput } from '../bindings/TeamInput';
import type { Theme } from '../bindings/Theme';
import type { ThemeInput } from '../bindings/ThemeInput';
import type { ThemeOverview } from '../bindings/ThemeOverview';
import type { ThemeSummary } from '../bindings/ThemeSummary';
import type { WorkspaceStatus } from '../bindings/WorkspaceStatus';
import type { CompareRequest } from '../bindings/CompareRequest';
import type { Comparison } from '../bindings/Comparison';
import type { Item } from '../bindings/Item';
import type { ItemDetail } from '../bindings/ItemDetail';
import type { ItemFromEvidence } from '../bindings/ItemFromEvidence';
import type { ItemInput } from '../bindings/ItemInput';
import type { ItemLink } from '../bindings/ItemLink';
import type { LinkInput } from '../bindings/LinkInput';
import type { Model } from '../bindings/Model';
import type { ModelInput } from '../bindings/ModelInput';
import type { Ranking } from '../bindings/Ranking';
import type { RankRequest } from '../bindings/RankRequest';
import type { Sensitivity } from '../bindings/Sensitivity';
import type { SensitivityRequest } from '../bindings/SensitivityRequest';
import type { SnapshotDiff } from '../bindings/SnapshotDiff';
import type { SnapshotInfo } from '../bindings/SnapshotInfo';
import type { ExportFormat } from '../bindings/ExportFormat';
import type { ExportOptions } from '../bindings/ExportOptions';
import type { ExportReport } from '../bindings/ExportReport';
import type { Impact } from '../bindings/Impact';
import type { ImpactRequest } from '../bindings/ImpactRequest';
import type { ItemMetricsInput } from '../bindings/ItemMetricsInput';
import type { MetricsImportOptions } from '../bindings/MetricsImportOptions';
import type { MetricsImportReport } from '../bindings/MetricsImportReport';
import type { MetricsRequest } from '../bindings/MetricsRequest';
import type { MetricsView } from '../bindings/MetricsView';
import type { Backend } from './backend';
import { apiError } from './backend';
import {
  type FakeColumn,
  type FakeSurvey,
  isAttribute,
  isQuestion,
  SURVEY_ROLES,
  summarize,
  surveyInfo,
  textAnswers,
} from './fakeSurveys';
import { actionItems, findPalette, type PaletteItem } from './fakePalette';
import { type FakeDocument, readQuery, searchDocuments, themeStats, viewDocument } from './fakeSearch';
import { FAKE_TODAY, FakeRoadmap, SAMPLE_ITEMS } from './fakeRoadmap';
import { FakeMetrics } from './fakeMetrics';
import { exportFileName, FAKE_DOCUMENTS, FAKE_FOLDERS, type FakeExportFile, runExport } from './fakeExport';

export { sampleSurvey, type FakeSurvey } from './fakeSurveys';
export { bulkTickets, similarTickets, type FakeDocument } from './fakeSearch';
export { SAMPLE_ITEMS } from './fakeRoadmap';
export { FAKE_DOCUMENTS, FAKE_HOME, type FakeExportFile } from './fakeExport';
export { FakeMetrics } from './fakeMetrics';

const MAX_NOTES = 2 * 1024 * 1024;

export type FakeCall = { method: keyof Backend; args: unknown[] };

function clone<T>(v: T): T {
  return structuredClone(v);
}

function validDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

/** Fields a fake import column can feed; `ignore` drops the column. */
export const FAKE_IMPORT_FIELDS = ['title', 'key', 'body', 'status', 'labels', 'created', 'updated', 'author', 'url', 'ignore'];

/** Headers the fake recognizes exactly (like the Jira reader), and what they feed. */
const KNOWN_HEADERS: Record<string, string> = {
  Summary: 'title',
  'Issue key': 'key',
  Description: 'body',
  Status: 'status',
  Labels: 'labels',
  Created: 'created',
  Updated: 'updated',
  Reporter: 'author',
};

/** Splits the tiny CSV/TSV strings of the tests: no quoting, tab-separated when the header has tabs. */
function parseTable(text: string): { headers: string[]; rows: string[][] } {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const sep = (lines[0] ?? '').includes('\t') ? '\t' : ',';
  const [head, ...rest] = lines.map((l) => l.split(sep).map((c) => c.trim()));
  return { headers: head ?? [], rows: rest };
}

type FakeTicket = { id: number; key: string; title: string; batch: number; deleted: boolean };

/** Longest quote the core accepts (src/themes.rs). */
const MAX_QUOTE_CHARS = 2_000;

/** Agreement labels the fake recognizes as a Likert scale when it imports a survey. */
const AGREEMENT = ['Strongly disagree', 'Disagree', 'Neutral', 'Agree', 'Strongly agree'];

/** What a fake survey file looks like: Google Forms starts with Timestamp, Qualtrics has ResponseId. */
function detectSurvey(headers: string[]): 'google-forms' | 'qualtrics' | null {
  if (headers[0] === 'Timestamp') return 'google-forms';
  if (headers.includes('ResponseId')) return 'qualtrics';
  return null;
}

/** The role the fake suggests for a survey column, from its header, question and answers. */
function guessRole(header: string, question: string, values: string[]): { field: ColumnRole; how: 'known' | 'suggested' } {
  if (header === 'Timestamp' || header === 'SubmitDate') return { field: 'submitted', how: 'known' };
  if (header === 'ResponseId') return { field: 'respondent', how: 'known' };
  const q = question.toLowerCase();
  let field: ColumnRole = 'text';
  if (q.includes('team')) field = 'team';
  else if (q.includes('role')) field = 'role';
  else if (q.includes('how long') || q.includes('tenure')) field = 'tenure';
  else if (q.includes('recommend')) field = 'nps';
  else if (values.length > 0 && values.every((v) => AGREEMENT.some((a) => a.toLowerCase() === v.toLowerCase()))) field = 'likert';
  else if (values.length > 0 && values.every((v) => v !== '' && Number.isFinite(Number(v)))) field = 'numeric';
  else if (values.some((v) => v.includes(', '))) field = 'multiple';
  return { field, how: 'suggested' };
}

function basenameOf(path: string): string {
  return path.split(/[/\\]/).pop() ?? path;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export class FakeBackend implements Backend {
  interviews: Interview[] = [];
  deleted = new Set<number>();
  teams: { id: number; name: string; headcount: number | null }[] = [];
  path = '/tmp/fake-workspace';
  isDemo = false;
  folderToPick: string | null = null;
  calls: FakeCall[] = [];
  /** Errors to throw on the next call of a method, consumed one at a time. */
  failures = new Map<keyof Backend, ApiError[]>();
  closeHandlers: (() => Promise<void>)[] = [];
  /** Files the import commands can read, by path: tiny CSV/TSV text. */
  importFiles = new Map<string, string>();
  importFileToPick: string | null = null;
  savePathToPick: string | null = null;
  tickets: FakeTicket[] = [];
  surveys: FakeSurvey[] = [];
  batches: ImportBatch[] = [];
  /** Documents of any kind besides interviews, tickets and survey answers (e.g. `bulkTickets`). */
  extraDocuments: FakeDocument[] = [];
  themes: Theme[] = [];
  quotes: Quote[] = [];
  /** What `suggestThemes` offers (leaving out the queries of saved themes). */
  suggestions: SuggestedTheme[] = [];
  savedRejected: { path: string; rejected: Rejected[] }[] = [];
  progressListeners: ((p: Progress) => void)[] = [];
  dropListeners: { cb: (paths: string[]) => void; onHover?: (over: boolean) => void }[] = [];
  /** When true, a running import waits after each progress event until `releaseImport()`. */
  pauseImports = false;
  /** Roadmap items, links, models and snapshots (fakeRoadmap.ts). */
  readonly roadmap: FakeRoadmap;
  /** Deployments, incidents, series and the metrics linked to items (fakeMetrics.ts). */
  readonly metrics: FakeMetrics;
  /** What `pickMetricsFile` answers (a path in `importFiles`, or null: cancelled). */
  metricsFileToPick: string | null = null;
  /** Files exported, by path (an export to the same path replaces the file). */
  exported = new Map<string, FakeExportFile>();
  /** Folders an export can be written to; anywhere else fails like a missing folder (field "out"). */
  exportFolders = new Set<string>(FAKE_FOLDERS);
  /** Paths opened (`openExport`) and shown in their folder (`revealExport`), in order. */
  openedExports: string[] = [];
  revealedExports: string[] = [];
  /** What the save dialog of `chooseExportPath` answers: undefined accepts the default path, null cancels. */
  exportPathToPick: string | null | undefined = undefined;
  /** What the save dialog of `chooseBackupPath` answers: undefined accepts the default path, null cancels. */
  backupPathToPick: string | null | undefined = undefined;
  /** Files `backupWorkspace` wrote, in order; a second backup to one of them is refused. */
  backups: string[] = [];
  /** Problems `checkWorkspace` reports over a sound, fully indexed workspace (test setup). */
  checkProblems: Partial<CheckReport> = {};
  private importWaiters: (() => void)[] = [];
  private cancelRequested = false;
  private nextBatch = 1;
  private nextId = 1;
  private clock = 0;

  constructor(seed?: {
    interviews?: InterviewInput[];
    teams?: TeamInput[];
    surveys?: FakeSurvey[];
    documents?: FakeDocument[];
    themes?: Omit<ThemeInput, 'id'>[];
    suggestions?: SuggestedTheme[];
    /** Roadmap items, created in order after the teams, documents and themes. */
    items?: Omit<ItemInput, 'id'>[];
  }) {
    this.roadmap = new FakeRoadmap({
      documents: () => this.documents(),
      themes: () => this.themes,
      teams: () => this.teams,
      ensureTeam: (name) => {
        const known = this.teams.find((t) => t.name.toLowerCase() === name.toLowerCase());
        if (known) return known;
        const team = { id: this.nextId++, name, headcount: null };
        this.teams.push(team);
        return team;
      },
      now: () => this.now(),
      nextId: () => this.nextId++,
    });
    this.metrics = new FakeMetrics({ items: () => this.roadmap.items });
    for (const t of seed?.teams ?? []) this.insertTeam(t);
    for (const iv of seed?.interviews ?? []) this.insertInterview(iv);
    this.surveys = clone(seed?.surveys ?? []);
    this.extraDocuments = clone(seed?.documents ?? []);
    this.suggestions = clone(seed?.suggestions ?? []);
    this.nextId = Math.max(this.nextId, ...this.surveys.map((s) => s.id + 1), ...this.extraDocuments.map((d) => d.id + 1));
    for (const t of seed?.themes ?? []) {
      this.themes.push({ id: this.nextId++, name: t.name, query: t.query, created_at: this.now() });
    }
    for (const item of seed?.items ?? []) this.roadmap.save({ id: null, ...item });
  }

  /** Pins a quote without going through the Backend (test setup). */
  seedQuote(theme: number, document: number, text: string): Quote {
    const doc = this.documents().find((d) => d.id === document);
    if (!doc) throw new Error(`no document ${document}`);
    const quote: Quote = {
      id: this.nextId++,
      theme_id: theme,
      document_id: document,
      document_title: doc.title,
      document_kind: doc.kind,
      text,
      created_at: this.now(),
    };
    this.quotes.push(quote);
    return clone(quote);
  }

  failNext(method: keyof Backend, error: ApiError): void {
    const list = this.failures.get(method) ?? [];
    list.push(error);
    this.failures.set(method, list);
  }

  callsOf(method: keyof Backend): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  private async enter(method: keyof Backend, ...args: unknown[]): Promise<void> {
    this.calls.push({ method, args: clone(args) });
    await Promise.resolve();
    const queued = this.failures.get(method);
    const err = queued?.shift();
    if (err) throw clone(err);
  }

  private now(): string {
    this.clock += 1;
    return new Date(Date.UTC(2025, 0, 1, 0, 0, this.clock)).toISOString();
  }

  private live(): Interview[] {
    return this.interviews.filter((i) => !this.deleted.has(i.id));
  }

  private validate(input: InterviewInput): void {
    if (input.title.trim() === '') throw apiError('invalid_input', 'Title is required', 'title');
    if (!validDate(input.date)) throw apiError('invalid_input', `Invalid date "${input.date}", expected YYYY-MM-DD`, 'date');
    if (new TextEncoder().encode(input.notes).length > MAX_NOTES) {
      throw apiError('invalid_input', 'Notes are larger than 2 MiB', 'notes');
    }
  }

  insertInterview(input: InterviewInput): Interview {
    this.validate(input);
    // Like the core: a team named on an interview that does not exist yet is created.
    const team = input.team?.trim();
    if (team && !this.teams.some((t) => t.name.toLowerCase() === team.toLowerCase())) {
      this.teams.push({ id: this.nextId++, name: team, headcount: null });
    }
    const now = this.now();
    if (input.id !== null) {
      const existing = this.interviews.find((i) => i.id === input.id && !this.deleted.has(i.id));
      if (!existing) throw apiError('not_found', `Interview ${input.id} not found`);
      Object.assign(existing, { ...clone(input), id: existing.id, updated_at: now });
      return clone(existing);
    }
    const iv: Interview = { ...clone(input), id: this.nextId++, created_at: now, updated_at: now };
    this.interviews.push(iv);
    return clone(iv);
  }

  insertTeam(input: TeamInput): Team {
    const name = input.name.trim();
    if (name === '') throw apiError('invalid_input', 'Team name is required', 'name');
    if (input.headcount !== null && (input.headcount < 0 || !Number.isInteger(input.headcount))) {
      throw apiError('invalid_input', 'Headcount must be a whole number ≥ 0', 'headcount');
    }
    const clash = this.teams.find((t) => t.name.toLowerCase() === name.toLowerCase() && t.id !== input.id);
    if (clash) throw apiError('invalid_input', `A team named "${name}" already exists`, 'name');
    if (input.id !== null) {
      const t = this.teams.find((x) => x.id === input.id);
      if (!t) throw apiError('not_found', `Team ${input.id} not found`);
      t.name = name;
      t.headcount = input.headcount;
      return this.teamRow(t);
    }
    const t = { id: this.nextId++, name, headcount: input.headcount };
    this.teams.push(t);
    return this.teamRow(t);
  }

  private teamRow(t: { id: number; name: string; headcount: number | null }): Team {
    return { ...t, interviews: this.live().filter((i) => i.team === t.name).length };
  }

  private status(): WorkspaceStatus {
    const n = this.live().length;
    const t = this.tickets.filter((x) => !x.deleted).length;
    const a = this.surveys.reduce((sum, s) => sum + textAnswers(s), 0);
    const documents: Record<string, number> = {};
    if (n > 0) documents.interview = n;
    if (t > 0) documents.ticket = t;
    if (a > 0) documents.survey_response = a;
    let extra = 0;
    for (const d of this.extraDocuments) {
      if (this.deleted.has(d.id)) continue;
      documents[d.kind] = (documents[d.kind] ?? 0) + 1;
      extra += 1;
    }
    return {
      path: this.path,
      documents,
      indexed: n + t + a + extra,
      pending: 0,
      teams: this.teams.length,
      schema_version: 1,
      is_demo: this.isDemo,
    };
  }

  async workspaceStatus(): Promise<WorkspaceStatus> {
    await this.enter('workspaceStatus');
    return this.status();
  }

  async openWorkspace(path: string): Promise<WorkspaceStatus> {
    await this.enter('openWorkspace', path);
    this.path = path;
    this.isDemo = false;
    return this.status();
  }

  async openDemoWorkspace(): Promise<WorkspaceStatus> {
    await this.enter('openDemoWorkspace');
    this.path = '/tmp/fake-demo';
    this.isDemo = true;
    if (this.live().length === 0) {
      this.insertTeam({ id: null, name: 'Payments', headcount: 12 });
      this.insertInterview({
        id: null,
        title: 'CI is slow on the monorepo',
        participant: 'Ada',
        team: 'Payments',
        role: 'Backend engineer',
        date: '2025-03-04',
        interviewer: 'PM',
        notes: 'Builds take **40 minutes**.',
        tags: ['ci'],
        pain_points: ['slow ci'],
      });
    }
    if (this.roadmap.items.length === 0) {
      for (const t of [
        { name: 'Checkout', headcount: 30 },
        { name: 'Platform', headcount: 8 },
      ]) {
        if (!this.teams.some((x) => x.name === t.name)) this.insertTeam({ id: null, ...t });
      }
      const [first] = SAMPLE_ITEMS.map((item) => this.roadmap.save({ id: null, ...item }));
      const ci = this.live().find((i) => i.title === 'CI is slow on the monorepo');
      if (ci) this.roadmap.link({ item: first.id, theme: null, document: ci.id, quote: 'Builds take 40 minutes.' });
    }
    return this.status();
  }

  async listInterviews(filter: InterviewFilter): Promise<Interview[]> {
    await this.enter('listInterviews', filter);
    return clone(
      this.live()
        .filter((i) => filter.team === null || i.team === filter.team)
        .filter((i) => filter.role === null || i.role === filter.role)
        .filter((i) => filter.tag === null || i.tags.includes(filter.tag))
        .filter((i) => filter.from === null || i.date >= filter.from)
        .filter((i) => filter.to === null || i.date <= filter.to)
        .sort((a, b) => b.date.localeCompare(a.date) || b.id - a.id),
    );
  }

  async getInterview(id: number): Promise<Interview> {
    await this.enter('getInterview', id);
    const iv = this.live().find((i) => i.id === id);
    if (!iv) throw apiError('not_found', `Interview ${id} not found`);
    return clone(iv);
  }

  async saveInterview(input: InterviewInput): Promise<Interview> {
    await this.enter('saveInterview', input);
    return this.insertInterview(input);
  }

  async deleteInterview(id: number): Promise<void> {
    await this.enter('deleteInterview', id);
    if (!this.live().some((i) => i.id === id)) throw apiError('not_found', `Interview ${id} not found`);
    this.deleted.add(id);
  }

  async restoreInterview(id: number): Promise<Interview> {
    await this.enter('restoreInterview', id);
    const iv = this.interviews.find((i) => i.id === id);
    if (!iv) throw apiError('not_found', `Interview ${id} not found`);
    this.deleted.delete(id);
    return clone(iv);
  }

  async interviewFacets(): Promise<InterviewFacets> {
    await this.enter('interviewFacets');
    const uniq = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => !!x))].sort();
    const live = this.live();
    return {
      teams: uniq(live.map((i) => i.team)),
      roles: uniq(live.map((i) => i.role)),
      tags: uniq(live.flatMap((i) => i.tags)),
    };
  }

  async listTeams(): Promise<Team[]> {
    await this.enter('listTeams');
    return this.teams.map((t) => this.teamRow(t)).sort((a, b) => a.name.localeCompare(b.name));
  }

  async saveTeam(input: TeamInput): Promise<Team> {
    await this.enter('saveTeam', input);
    return this.insertTeam(input);
  }

  async deleteTeam(id: number): Promise<void> {
    await this.enter('deleteTeam', id);
    const t = this.teams.find((x) => x.id === id);
    if (!t) throw apiError('not_found', `Team ${id} not found`);
    if (this.teamRow(t).interviews > 0) throw apiError('invalid_input', 'Team still has interviews', null);
    this.teams = this.teams.filter((x) => x.id !== id);
  }

  /** Every live document as the search index would hold it. */
  documents(): FakeDocument[] {
    const docs: FakeDocument[] = [];
    for (const iv of this.live()) {
      docs.push({
        id: iv.id,
        kind: 'interview',
        title: iv.title,
        body: [iv.notes, ...iv.pain_points].filter((t) => t !== '').join('\n\n'),
        team: iv.team,
        date: iv.date,
        tags: [...iv.tags],
        source: 'interview',
        people: [iv.participant, iv.interviewer].filter((p) => p.trim() !== ''),
      });
    }
    for (const t of this.tickets) {
      if (t.deleted) continue;
      docs.push({ id: t.id, kind: 'ticket', title: t.title, body: t.title, team: null, date: null, tags: [], source: 'jira-csv', people: [] });
    }
    for (const s of this.surveys) {
      const team = s.columns.find((c) => c.role === 'team');
      s.columns
        .filter((c) => c.role === 'text')
        .forEach((c, ci) =>
          s.respondents.forEach((r, ri) => {
            const answer = r[c.column]?.trim();
            if (!answer) return;
            docs.push({
              id: s.id * 100_000 + ci * 1_000 + ri,
              kind: 'survey_response',
              title: c.text,
              body: answer,
              team: team ? (r[team.column] ?? null) : null,
              date: null,
              tags: [],
              source: s.format,
              people: [],
            });
          }),
        );
    }
    return [...docs, ...this.extraDocuments.filter((d) => !this.deleted.has(d.id))];
  }

  async search(request: SearchRequest): Promise<SearchResults> {
    await this.enter('search', request);
    return searchDocuments(this.documents(), request);
  }

  async openDocument(id: number, query: string): Promise<DocumentView> {
    await this.enter('openDocument', id, query);
    const doc = this.documents().find((d) => d.id === id);
    if (!doc) throw apiError('not_found', `no document with id ${id}`);
    return viewDocument(doc, query);
  }

  private findTheme(id: number): Theme {
    const theme = this.themes.find((t) => t.id === id);
    if (!theme) throw apiError('not_found', `no theme with id ${id}`);
    return theme;
  }

  private quotesOf(theme: number): Quote[] {
    const live = new Set(this.documents().map((d) => d.id));
    return this.quotes.filter((q) => q.theme_id === theme && live.has(q.document_id)).sort((a, b) => b.id - a.id);
  }

  async listThemes(): Promise<ThemeOverview[]> {
    await this.enter('listThemes');
    const docs = this.documents();
    return [...this.themes]
      .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()))
      .map((theme) => {
        const stats = themeStats(docs, theme.query, 'month');
        return { theme: clone(theme), total: stats.total, distinct: stats.distinct, teams: stats.teams, people: stats.people, quotes: this.quotesOf(theme.id).length };
      });
  }

  async saveTheme(input: ThemeInput): Promise<Theme> {
    await this.enter('saveTheme', input);
    const name = input.name.trim();
    if (name === '') throw apiError('invalid_input', 'a theme needs a name', 'name');
    if ([...name].length > 120) throw apiError('invalid_input', 'a theme name has at most 120 characters', 'name');
    const query = input.query.trim();
    if (readQuery(query).empty) throw apiError('invalid_input', `the query "${query}" has nothing to search for`, 'query');
    const clash = this.themes.find((t) => t.name.toLowerCase() === name.toLowerCase());
    if (clash && clash.id !== input.id) throw apiError('invalid_input', `a theme named "${name}" already exists`, 'name');
    if (input.id !== null) {
      const theme = this.findTheme(input.id);
      theme.name = name;
      theme.query = query;
      return clone(theme);
    }
    const theme: Theme = { id: this.nextId++, name, query, created_at: this.now() };
    this.themes.push(theme);
    return clone(theme);
  }

  async deleteTheme(id: number): Promise<void> {
    await this.enter('deleteTheme', id);
    this.findTheme(id);
    this.themes = this.themes.filter((t) => t.id !== id);
    this.quotes = this.quotes.filter((q) => q.theme_id !== id);
  }

  async themeSummary(id: number, by: Granularity): Promise<ThemeSummary> {
    await this.enter('themeSummary', id, by);
    const theme = this.findTheme(id);
    return { theme: clone(theme), stats: themeStats(this.documents(), theme.query, by), quotes: clone(this.quotesOf(id)) };
  }

  async pinQuote(theme: number, document: number, text: string): Promise<Quote> {
    await this.enter('pinQuote', theme, document, text);
    const passage = text.trim();
    if (passage === '') throw apiError('invalid_input', 'select some text to pin', 'text');
    if ([...passage].length > MAX_QUOTE_CHARS) {
      throw apiError('invalid_input', `a quote has at most ${MAX_QUOTE_CHARS} characters; select less`, 'text');
    }
    const doc = this.documents().find((d) => d.id === document);
    if (!doc) throw apiError('not_found', `no document with id ${document}`);
    this.findTheme(theme);
    const quote: Quote = {
      id: this.nextId++,
      theme_id: theme,
      document_id: document,
      document_title: doc.title,
      document_kind: doc.kind,
      text: passage,
      created_at: this.now(),
    };
    this.quotes.push(quote);
    return clone(quote);
  }

  async unpinQuote(quote: number): Promise<void> {
    await this.enter('unpinQuote', quote);
    if (!this.quotes.some((q) => q.id === quote)) throw apiError('not_found', `no quote with id ${quote}`);
    this.quotes = this.quotes.filter((q) => q.id !== quote);
  }

  async suggestThemes(): Promise<SuggestedTheme[]> {
    await this.enter('suggestThemes');
    // Like the core: a phrase an existing theme already searches for is not suggested again.
    const taken = new Set(this.themes.map((t) => t.query.trim().toLowerCase()));
    return clone(this.suggestions.filter((s) => !taken.has(s.query.trim().toLowerCase())));
  }

  /** What the palette can find, in the core's order: documents by id, themes, surveys, teams, actions. */
  private paletteItems(): PaletteItem[] {
    const detail = (...parts: (string | null)[]) => parts.filter((p) => p && p.trim() !== '').join(' · ');
    const docs: PaletteItem[] = [];
    for (const iv of this.live()) {
      docs.push({ kind: 'interview', id: iv.id, action: null, label: iv.title, detail: detail('Interview', iv.participant, iv.team, iv.date) });
    }
    for (const t of this.tickets) {
      if (t.deleted) continue;
      // Keys the fake made up from the file path are not worth showing.
      const label = t.key.includes('#') ? t.title : `${t.key} ${t.title}`;
      docs.push({ kind: 'ticket', id: t.id, action: null, label, detail: 'Ticket' });
    }
    for (const d of this.extraDocuments) {
      if (this.deleted.has(d.id) || d.kind === 'survey_response') continue;
      const word = d.kind === 'interview' ? 'Interview' : d.kind === 'note' ? 'Note' : 'Ticket';
      docs.push({ kind: d.kind, id: d.id, action: null, label: d.title, detail: detail(word, d.team, d.date) });
    }
    docs.sort((a, b) => a.id - b.id);
    return [
      ...docs,
      ...this.themes.map((t): PaletteItem => ({ kind: 'theme', id: t.id, action: null, label: t.name, detail: 'Theme' })),
      ...this.surveys.map((s): PaletteItem => ({ kind: 'survey', id: s.id, action: null, label: s.name, detail: 'Survey' })),
      ...this.teams.map((t): PaletteItem => ({ kind: 'team', id: t.id, action: null, label: t.name, detail: 'Team' })),
      ...actionItems(),
    ];
  }

  async palette(query: string): Promise<PaletteEntry[]> {
    await this.enter('palette', query);
    return findPalette(this.paletteItems(), query);
  }

  async listItems(): Promise<Item[]> {
    await this.enter('listItems');
    return this.roadmap.list();
  }

  async getItem(id: number): Promise<ItemDetail> {
    await this.enter('getItem', id);
    return this.roadmap.detail(id);
  }

  async saveItem(input: ItemInput): Promise<Item> {
    await this.enter('saveItem', input);
    return this.roadmap.save(input);
  }

  async deleteItem(id: number): Promise<void> {
    await this.enter('deleteItem', id);
    this.roadmap.remove(id);
    this.metrics.links.delete(id);
    this.metrics.shipped.delete(id);
  }

  async linkItem(input: LinkInput): Promise<ItemLink> {
    await this.enter('linkItem', input);
    return this.roadmap.link(input);
  }

  async unlinkItem(link: number): Promise<void> {
    await this.enter('unlinkItem', link);
    this.roadmap.unlink(link);
  }

  async itemFromEvidence(input: ItemFromEvidence): Promise<ItemDetail> {
    await this.enter('itemFromEvidence', input);
    return this.roadmap.fromEvidence(input);
  }

  async listModels(): Promise<Model[]> {
    await this.enter('listModels');
    return this.roadmap.listModels();
  }

  async saveModel(input: ModelInput): Promise<Model> {
    await this.enter('saveModel', input);
    return this.roadmap.saveModel(input);
  }

  async resetModel(name: string): Promise<Model> {
    await this.enter('resetModel', name);
    return this.roadmap.resetModel(name);
  }

  async rank(request: RankRequest): Promise<Ranking> {
    await this.enter('rank', request);
    return this.roadmap.rank(request);
  }

  async sensitivity(request: SensitivityRequest): Promise<Sensitivity> {
    await this.enter('sensitivity', request);
    return this.roadmap.sensitivity(request);
  }

  async compareScenarios(request: CompareRequest): Promise<Comparison> {
    await this.enter('compareScenarios', request);
    return this.roadmap.compare(request);
  }

  async saveSnapshot(name: string, request: RankRequest): Promise<SnapshotInfo> {
    await this.enter('saveSnapshot', name, request);
    return this.roadmap.saveSnapshot(name, request);
  }

  async listSnapshots(): Promise<SnapshotInfo[]> {
    await this.enter('listSnapshots');
    return this.roadmap.listSnapshots();
  }

  async deleteSnapshot(name: string): Promise<void> {
    await this.enter('deleteSnapshot', name);
    this.roadmap.deleteSnapshot(name);
  }

  async snapshotDiff(from: string, to: string): Promise<SnapshotDiff> {
    await this.enter('snapshotDiff', from, to);
    return this.roadmap.diff(from, to);
  }

  /** Distinct people the core's anonymizer knows: interview participants and ticket/note reporters. */
  private anonymizedPeople(): number {
    const names = new Set<string>();
    const add = (name: string) => {
      const key = name.trim().toLowerCase();
      if ([...key].length >= 2) names.add(key);
    };
    for (const iv of this.live()) add(iv.participant);
    for (const d of this.documents()) if (d.kind !== 'interview') d.people.forEach(add);
    return names.size;
  }

  async exportDefaultPath(options: ExportOptions): Promise<string> {
    await this.enter('exportDefaultPath', options);
    return `${FAKE_DOCUMENTS}/${exportFileName(options, FAKE_TODAY)}`;
  }

  async exportToFile(options: ExportOptions, path: string): Promise<ExportReport> {
    await this.enter('exportToFile', options, path);
    const docs = this.documents();
    const file = runExport(
      {
        roadmapRows: (o) => {
          const r = this.roadmap.rank({ model: o.model, draft: null, team: o.team, top: null, all: false });
          return r.items.length + r.exceptions.length;
        },
        checkSnapshot: (name) => void this.roadmap.diff(name, 'now'),
        searchRows: (query) => Math.min(searchDocuments(docs, { query, limit: 1, offset: 0, sort: 'relevance', facets: false }).total, 10_000),
        themeRows: (ids) => {
          const themes = ids.length === 0 ? this.themes : ids.map((id) => this.themes.find((t) => t.id === id));
          return themes.reduce((n, t, i) => {
            if (!t) throw apiError('invalid_input', `there is no theme ${ids[i]}`, 'theme');
            return n + this.quotesOf(t.id).length + Math.min(themeStats(docs, t.query, 'month').total, 25);
          }, 0);
        },
        people: () => this.anonymizedPeople(),
      },
      options,
      path,
      this.exportFolders,
    );
    this.exported.set(path, file);
    const { options: _options, ...report } = file;
    return clone(report);
  }

  private exportedFile(path: string): string {
    if (!this.exported.has(path)) throw apiError('invalid_input', `${path} was not exported in this session`, 'path');
    return path;
  }

  async openExport(path: string): Promise<void> {
    await this.enter('openExport', path);
    this.openedExports.push(this.exportedFile(path));
  }

  async revealExport(path: string): Promise<void> {
    await this.enter('revealExport', path);
    this.revealedExports.push(this.exportedFile(path));
  }

  async chooseExportPath(defaultPath: string, format: ExportFormat): Promise<string | null> {
    await this.enter('chooseExportPath', defaultPath, format);
    return this.exportPathToPick === undefined ? defaultPath : this.exportPathToPick;
  }

  async renderMarkdown(text: string): Promise<string> {
    await this.enter('renderMarkdown', text);
    return text
      .split(/\n{2,}/)
      .filter((p) => p.trim() !== '')
      .map((p) => `<p>${escapeHtml(p).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')}</p>`)
      .join('\n');
  }

  async reindex(): Promise<number> {
    await this.enter('reindex');
    return this.live().length;
  }

  async backupDefaultPath(): Promise<string> {
    await this.enter('backupDefaultPath');
    return `${FAKE_DOCUMENTS}/groundwork-backup-${FAKE_TODAY}.sqlite3`;
  }

  async chooseBackupPath(defaultPath: string): Promise<string | null> {
    await this.enter('chooseBackupPath', defaultPath);
    return this.backupPathToPick === undefined ? defaultPath : this.backupPathToPick;
  }

  async backupWorkspace(path: string): Promise<BackupReport> {
    await this.enter('backupWorkspace', path);
    if (!path.startsWith('/')) throw apiError('invalid_input', "give the backup's full path, or choose it", 'file');
    if (this.backups.includes(path)) {
      throw apiError('invalid_input', `${path} already exists; Groundwork does not overwrite a file with a backup`, 'file');
    }
    this.backups.push(path);
    const documents = this.documents().length;
    return { file: path, bytes: 98_304 + 4_096 * documents, documents, schema_version: 12 };
  }

  async checkWorkspace(): Promise<CheckReport> {
    await this.enter('checkWorkspace');
    const documents = this.documents().length;
    const report: CheckReport = {
      ok: true,
      integrity: [],
      foreign_keys: [],
      documents,
      indexed: documents,
      pending: 0,
      missing_from_index: [],
      stale_in_index: [],
      duplicated_in_index: [],
      torn_batches: [],
      ...clone(this.checkProblems),
    };
    report.ok =
      report.integrity.length === 0 &&
      report.foreign_keys.length === 0 &&
      report.missing_from_index.length === 0 &&
      report.stale_in_index.length === 0 &&
      report.duplicated_in_index.length === 0 &&
      report.torn_batches.length === 0;
    return report;
  }

  /** The preview of a file in `importFiles`, mapped with the options' overrides. */
  private previewOf(path: string, options: ImportOptions): ImportPreview {
    const text = this.importFiles.get(path);
    if (text === undefined) throw apiError('io', `Cannot read ${path}: no such file`, 'path');
    const { headers, rows } = parseTable(text);
    const detected = detectSurvey(headers);
    const kind: ImportKind = options.kind ?? (detected ? 'survey' : 'tickets');
    if (kind === 'notes') throw apiError('invalid_input', 'A table holds tickets or a survey, not notes', 'kind');
    if (kind === 'survey') return this.surveyPreviewOf(path, options, headers, rows, detected);
    const columns: PreviewColumn[] = headers.map((header) => {
      const user = options.mappings.find((m) => m.header === header);
      if (user) {
        if (!FAKE_IMPORT_FIELDS.includes(user.field)) {
          throw apiError('invalid_input', `Unknown field "${user.field}" for column "${header}"`, 'mappings');
        }
        return { header, field: user.field, how: 'user', question: null };
      }
      const known = KNOWN_HEADERS[header];
      if (known) return { header, field: known, how: 'known', question: null };
      const lower = header.toLowerCase();
      if (FAKE_IMPORT_FIELDS.includes(lower) && lower !== 'ignore') return { header, field: lower, how: 'suggested', question: null };
      return { header, field: 'ignore', how: 'unmapped', question: null };
    });
    const format: Format =
      options.format !== 'auto' ? options.format : path.endsWith('.json') ? 'github-json' : headers.includes('Issue key') ? 'jira-csv' : 'csv';
    let problem: string | null = null;
    const titles = columns.filter((c) => c.field === 'title');
    if (titles.length === 0) problem = 'No column is mapped to title; choose the column that holds the ticket title.';
    else if (titles.length > 1) problem = `Columns ${titles.map((c) => `"${c.header}"`).join(' and ')} both map to title.`;
    return {
      path,
      kind,
      format,
      encoding: options.encoding ?? 'utf-8',
      columns,
      rows: rows.slice(0, 5),
      total_rows: rows.length,
      fields: [...FAKE_IMPORT_FIELDS],
      problem,
    };
  }

  /**
   * A survey preview: each column's field is its role. Qualtrics files hold the question text in
   * the row under the ids (`Q1`), so that row is the columns' `question`, not a response.
   */
  private surveyPreviewOf(
    path: string,
    options: ImportOptions,
    headers: string[],
    allRows: string[][],
    detected: 'google-forms' | 'qualtrics' | null,
  ): ImportPreview {
    const questions = detected === 'qualtrics' ? (allRows[0] ?? []) : null;
    const rows = questions ? allRows.slice(1) : allRows;
    const columns: PreviewColumn[] = headers.map((header, i) => {
      const question = questions?.[i] ?? null;
      const user = options.mappings.find((m) => m.header === header);
      if (user) {
        if (!(SURVEY_ROLES as string[]).includes(user.field)) {
          throw apiError('invalid_input', `Unknown role "${user.field}" for column "${header}"`, 'mappings');
        }
        return { header, field: user.field, how: 'user', question };
      }
      const values = rows.map((r) => r[i] ?? '').filter((v) => v !== '');
      return { header, ...guessRole(header, question ?? header, values), question };
    });
    const format: Format = options.format !== 'auto' ? options.format : (detected ?? 'csv');
    const asked = columns.some((c) => isQuestion(c.field as ColumnRole));
    return {
      path,
      kind: 'survey',
      format,
      encoding: options.encoding ?? 'utf-8',
      columns,
      rows: rows.slice(0, 5),
      total_rows: rows.length,
      fields: [...SURVEY_ROLES],
      problem: asked ? null : 'No column holds a question; map at least one column to likert, nps, single, multiple, numeric or text.',
    };
  }

  /** Stores a survey file as the fake's survey named after the file (replacing one of that name). */
  private importSurvey(path: string, preview: ImportPreview, batch: number): ImportReport {
    const { rows: allRows } = parseTable(this.importFiles.get(path) ?? '');
    const rows = preview.format === 'qualtrics' ? allRows.slice(1) : allRows;
    const kept = preview.columns
      .map((c, i) => ({ c, i }))
      .filter(({ c }) => isQuestion(c.field as ColumnRole) || isAttribute(c.field as ColumnRole));
    const columns: FakeColumn[] = kept.map(({ c, i }) => {
      const role = c.field as ColumnRole;
      const col: FakeColumn = { column: c.header, text: c.question ?? c.header, role };
      if (role === 'likert' && rows.some((r) => AGREEMENT.includes(r[i] ?? ''))) col.options = [...AGREEMENT];
      return col;
    });
    const respondents = rows.map((r) => Object.fromEntries(kept.map(({ c, i }) => [c.header, r[i] ?? '']).filter(([, v]) => v !== '')));
    const name = basenameOf(path).replace(/\.[^.]+$/, '');
    const existing = this.surveys.find((x) => x.name === name);
    const survey: FakeSurvey = {
      id: existing?.id ?? this.nextId++,
      name,
      format: preview.format,
      source_path: path,
      updated_at: this.now(),
      columns,
      respondents,
      batch,
    };
    this.surveys = [...this.surveys.filter((x) => x !== existing), survey];
    const imported = existing ? 0 : rows.length;
    const updated = existing ? rows.length : 0;
    this.batches.unshift({
      id: batch,
      source_path: path,
      format: preview.format,
      kind: 'survey',
      encoding: preview.encoding,
      imported,
      updated,
      skipped: 0,
      rejected: 0,
      created_at: this.now(),
      undone_at: null,
    });
    return { batch, format: preview.format, encoding: preview.encoding, imported, updated, skipped: 0, rejected: [], dry_run: false };
  }

  private emitProgress(p: Progress): void {
    for (const l of this.progressListeners) l({ ...p });
  }

  /** Lets a paused import continue past its current progress event. */
  releaseImport(): void {
    const waiters = this.importWaiters;
    this.importWaiters = [];
    for (const w of waiters) w();
  }

  private async importStep(): Promise<void> {
    if (this.pauseImports) await new Promise<void>((resolve) => this.importWaiters.push(resolve));
    else await Promise.resolve();
    if (this.cancelRequested) throw apiError('cancelled', 'Import cancelled; nothing was stored');
  }

  /** Simulates files dropped onto the window. */
  dropFiles(paths: string[]): void {
    for (const l of this.dropListeners) l.cb([...paths]);
  }

  /** Simulates files dragged over (true) or away from (false) the window. */
  hoverFiles(over: boolean): void {
    for (const l of this.dropListeners) l.onHover?.(over);
  }

  async previewImport(path: string, options: ImportOptions): Promise<ImportPreview> {
    await this.enter('previewImport', path, options);
    return this.previewOf(path, options);
  }

  async importFile(path: string, options: ImportOptions): Promise<ImportReport> {
    await this.enter('importFile', path, options);
    const preview = this.previewOf(path, options);
    if (preview.problem) throw apiError('invalid_input', preview.problem, 'mappings');
    const { rows } = parseTable(this.importFiles.get(path) ?? '');
    const titleAt = preview.columns.findIndex((c) => c.field === 'title');
    const keyAt = preview.columns.findIndex((c) => c.field === 'key');
    this.cancelRequested = false;
    const total = rows.length;
    // Nothing is stored until every row is read, so a cancel leaves the workspace as it was.
    this.emitProgress({ done: Math.floor(total / 2), total });
    await this.importStep();
    this.emitProgress({ done: total, total });
    await this.importStep();
    const batch = this.nextBatch++;
    if (preview.kind === 'survey') return this.importSurvey(path, preview, batch);
    const rejected: Rejected[] = [];
    let imported = 0;
    let updated = 0;
    let skipped = 0;
    rows.forEach((row, i) => {
      const title = row[titleAt] ?? '';
      if (title === '') {
        rejected.push({ line: i + 2, field: preview.columns[titleAt].header, reason: 'title is empty' });
        return;
      }
      const key = keyAt >= 0 && row[keyAt] ? row[keyAt] : `${path}#${i + 2}`;
      const existing = this.tickets.find((t) => t.key === key && !t.deleted);
      if (!existing) {
        this.tickets.push({ id: this.nextId++, key, title, batch, deleted: false });
        imported += 1;
      } else if (existing.title === title) {
        skipped += 1;
      } else {
        existing.title = title;
        updated += 1;
      }
    });
    this.batches.unshift({
      id: batch,
      source_path: path,
      format: preview.format,
      kind: 'tickets',
      encoding: preview.encoding,
      imported,
      updated,
      skipped,
      rejected: rejected.length,
      created_at: this.now(),
      undone_at: null,
    });
    return { batch, format: preview.format, encoding: preview.encoding, imported, updated, skipped, rejected, dry_run: false };
  }

  async listSurveys(): Promise<SurveyInfo[]> {
    await this.enter('listSurveys');
    return this.surveys.map(surveyInfo).sort((a, b) => b.updated_at.localeCompare(a.updated_at) || a.name.localeCompare(b.name));
  }

  async surveySummary(id: number, filters: FacetFilter[]): Promise<SurveySummary> {
    await this.enter('surveySummary', id, filters);
    const survey = this.surveys.find((s) => s.id === id);
    if (!survey) throw apiError('not_found', `no survey with id ${id}`);
    return summarize(survey, filters);
  }

  async cancelImport(): Promise<void> {
    await this.enter('cancelImport');
    this.cancelRequested = true;
    this.releaseImport();
  }

  async listImports(): Promise<ImportBatch[]> {
    await this.enter('listImports');
    return clone(this.batches);
  }

  async undoImport(batch: number): Promise<ImportBatch> {
    await this.enter('undoImport', batch);
    const b = this.batches.find((x) => x.id === batch);
    if (!b) throw apiError('not_found', `Import batch ${batch} not found`);
    if (b.undone_at) throw apiError('invalid_input', `Import batch ${batch} was already undone`);
    for (const t of this.tickets) if (t.batch === batch) t.deleted = true;
    this.surveys = this.surveys.filter((s) => s.batch !== batch);
    b.undone_at = this.now();
    return clone(b);
  }

  async saveRejected(path: string, rejected: Rejected[]): Promise<void> {
    await this.enter('saveRejected', path, rejected);
    this.savedRejected.push({ path, rejected: clone(rejected) });
  }

  async importMetrics(path: string, options: MetricsImportOptions): Promise<MetricsImportReport> {
    await this.enter('importMetrics', path, options);
    return this.metrics.import(path, this.importFiles.get(path), options);
  }

  async metricsView(request: MetricsRequest): Promise<MetricsView> {
    await this.enter('metricsView', request);
    return this.metrics.view(request);
  }

  async itemImpact(request: ImpactRequest): Promise<Impact> {
    await this.enter('itemImpact', request);
    return this.metrics.impact(request);
  }

  async saveItemMetrics(input: ItemMetricsInput): Promise<Impact> {
    await this.enter('saveItemMetrics', input);
    this.metrics.save(input);
    return this.metrics.impact({ item: String(input.item), window_weeks: null, seed: null });
  }

  async trackRecord(): Promise<TrackRecord[]> {
    await this.enter('trackRecord');
    return this.metrics.trackRecord();
  }

  async applyTrackRecord(): Promise<TrackRecord[]> {
    await this.enter('applyTrackRecord');
    const records = this.metrics.trackRecord();
    for (const r of records) {
      const item = this.roadmap.items.find((i) => i.id === r.item_id);
      if (!item || r.suggested === null) continue;
      const value = Math.round(r.suggested * 100) / 100;
      const inputs = [...item.inputs.filter((x) => x.key !== 'confidence'), { key: 'confidence', value, low: null, high: null }];
      this.roadmap.save({ ...item, id: item.id, inputs });
    }
    return records;
  }

  async pickMetricsFile(): Promise<string | null> {
    await this.enter('pickMetricsFile');
    return this.metricsFileToPick;
  }

  async onImportProgress(cb: (progress: Progress) => void): Promise<() => void> {
    this.progressListeners.push(cb);
    return () => {
      this.progressListeners = this.progressListeners.filter((l) => l !== cb);
    };
  }

  async pickImportFile(): Promise<string | null> {
    await this.enter('pickImportFile');
    return this.importFileToPick;
  }

  async pickSavePath(defaultName: string): Promise<string | null> {
    await this.enter('pickSavePath', defaultName);
    return this.savePathToPick;
  }

  async onFileDrop(cb: (paths: string[]) => void, onHover?: (over: boolean) => void): Promise<() => void> {
    const entry = { cb, onHover };
    this.dropListeners.push(entry);
    return () => {
      this.dropListeners = this.dropListeners.filter((l) => l !== entry);
    };
  }

  async pickFolder(): Promise<string | null> {
    await this.enter('pickFolder');
    return this.folderToPick;
  }

  async onCloseRequested(cb: () => Promise<void>): Promise<() => void> {
    this.closeHandlers.push(cb);
    return () => {
      this.closeHandlers = this.closeHandlers.filter((h) => h !== cb);
    };
  }

  /** Simulates the user closing the window: awaits every handler. */
  async requestClose(): Promise<void> {
    for (const h of this.closeHandlers) await h();
  }
}
