// In-memory Backend for unit and component tests. Mirrors the contract of the Rust core
// closely enough (validation codes and fields, soft delete, newest-first ordering).
import type { ApiError } from '../bindings/ApiError';
import type { Interview } from '../bindings/Interview';
import type { InterviewFacets } from '../bindings/InterviewFacets';
import type { InterviewFilter } from '../bindings/InterviewFilter';
import type { InterviewInput } from '../bindings/InterviewInput';
import type { SearchHit } from '../bindings/SearchHit';
import type { SearchRequest } from '../bindings/SearchRequest';
import type { SearchResults } from '../bindings/SearchResults';
import type { SnippetPart } from '../bindings/SnippetPart';
import type { Team } from '../bindings/Team';
import type { TeamInput } from '../bindings/TeamInput';
import type { WorkspaceStatus } from '../bindings/WorkspaceStatus';
import type { Backend } from './backend';
import { apiError } from './backend';

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
  private nextId = 1;
  private clock = 0;

  constructor(seed?: { interviews?: InterviewInput[]; teams?: TeamInput[] }) {
    for (const t of seed?.teams ?? []) this.insertTeam(t);
    for (const iv of seed?.interviews ?? []) this.insertInterview(iv);
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
    return {
      path: this.path,
      documents: n > 0 ? { interview: n } : {},
      indexed: n,
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

  async search(request: SearchRequest): Promise<SearchResults> {
    await this.enter('search', request);
    const q = request.query.trim().toLowerCase();
    const hits: SearchHit[] = [];
    if (q !== '') {
      for (const iv of this.live()) {
        const hay = `${iv.title}\n${iv.notes}`;
        const at = hay.toLowerCase().indexOf(q);
        if (at < 0) continue;
        const parts: SnippetPart[] = [
          { text: hay.slice(Math.max(0, at - 30), at), hit: false },
          { text: hay.slice(at, at + q.length), hit: true },
          { text: hay.slice(at + q.length, at + q.length + 60), hit: false },
        ].filter((p) => p.text !== '');
        hits.push({
          id: iv.id,
          kind: 'interview',
          title: iv.title,
          snippet: parts.map((p) => (p.hit ? `<mark>${escapeHtml(p.text)}</mark>` : escapeHtml(p.text))).join(''),
          snippet_parts: parts,
          score: 1,
          date: iv.date,
          team: iv.team,
        });
      }
    }
    const limited = hits.slice(0, request.limit ?? 50);
    return { total: hits.length, hits: limited, read_as: q === '' ? '' : `text contains "${q}"`, warnings: [] };
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
