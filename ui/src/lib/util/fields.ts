// Converting between editor text fields and the arrays the core stores.
import type { Interview } from '../bindings/Interview';
import type { InterviewInput } from '../bindings/InterviewInput';

/** "ci, flaky tests,, ci " → ["ci", "flaky tests"]: trimmed, empties and duplicates dropped. */
export function parseTags(text: string): string[] {
  return dedupe(text.split(','));
}

/** One pain point per line; trimmed, empties and duplicates dropped. */
export function parsePainPoints(text: string): string[] {
  return dedupe(text.split(/\r?\n/));
}

function dedupe(items: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of items) {
    const item = raw.trim();
    if (item === '' || seen.has(item)) continue;
    seen.add(item);
    out.push(item);
  }
  return out;
}

export function formatTags(tags: readonly string[]): string {
  return tags.join(', ');
}

export function formatPainPoints(points: readonly string[]): string {
  return points.join('\n');
}

/** Today's date in local time as YYYY-MM-DD. */
export function today(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

export function emptyInput(date: string = today()): InterviewInput {
  return {
    id: null,
    title: '',
    participant: '',
    team: null,
    role: '',
    date,
    interviewer: '',
    notes: '',
    tags: [],
    pain_points: [],
    version: null,
  };
}

export function toInput(iv: Interview): InterviewInput {
  return {
    id: iv.id,
    title: iv.title,
    participant: iv.participant,
    team: iv.team,
    role: iv.role,
    date: iv.date,
    interviewer: iv.interviewer,
    notes: iv.notes,
    tags: [...iv.tags],
    pain_points: [...iv.pain_points],
    version: iv.version,
  };
}

/** The editor's text form of an interview. */
export type EditorForm = {
  title: string;
  participant: string;
  team: string;
  role: string;
  date: string;
  interviewer: string;
  tags: string;
  painPoints: string;
  notes: string;
};

export function inputToForm(input: InterviewInput): EditorForm {
  return {
    title: input.title,
    participant: input.participant,
    team: input.team ?? '',
    role: input.role,
    date: input.date,
    interviewer: input.interviewer,
    tags: formatTags(input.tags),
    painPoints: formatPainPoints(input.pain_points),
    notes: input.notes,
  };
}

export function formToInput(id: number | null, form: EditorForm, version: number | null = null): InterviewInput {
  const team = form.team.trim();
  return {
    id,
    version,
    title: form.title,
    participant: form.participant,
    team: team === '' ? null : team,
    role: form.role,
    date: form.date,
    interviewer: form.interviewer,
    notes: form.notes,
    tags: parseTags(form.tags),
    pain_points: parsePainPoints(form.painPoints),
  };
}

const KIND_LABELS: Record<string, [string, string]> = {
  interview: ['interview', 'interviews'],
  ticket: ['ticket', 'tickets'],
  survey_response: ['survey response', 'survey responses'],
  note: ['note', 'notes'],
};

export function kindLabel(kind: string, count = 1): string {
  const labels = KIND_LABELS[kind] ?? [kind.replace(/_/g, ' '), kind.replace(/_/g, ' ')];
  return count === 1 ? labels[0] : labels[1];
}

export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
