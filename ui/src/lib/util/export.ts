// The Export dialog's vocabulary: what can be exported, in which formats, what the files are
// called, and how a finished export is described.
import type { ApiError } from '../bindings/ApiError';
import type { ExportFormat } from '../bindings/ExportFormat';
import type { ExportReport } from '../bindings/ExportReport';
import type { ExportSubject } from '../bindings/ExportSubject';
import { plural } from './fields';

export type SubjectKind = ExportSubject['kind'];

export const SUBJECT_LABELS: Record<SubjectKind, string> = {
  roadmap: 'Roadmap review pack',
  search: 'Search results',
  themes: 'Themes',
};

/** Each format's name in the dialog, and the extensions its save-dialog filter offers (first: the one written). */
export const EXPORT_FORMATS: Record<ExportFormat, { label: string; filter: string; extensions: string[] }> = {
  html: { label: 'HTML review pack', filter: 'HTML page', extensions: ['html', 'htm'] },
  xlsx: { label: 'Excel (XLSX)', filter: 'Excel workbook', extensions: ['xlsx'] },
  csv: { label: 'CSV', filter: 'CSV', extensions: ['csv'] },
  md: { label: 'Markdown', filter: 'Markdown', extensions: ['md', 'markdown'] },
  json: { label: 'JSON', filter: 'JSON', extensions: ['json'] },
};

/** The roadmap exports as all five; search results and themes (research exports) as csv, md or json. */
export function formatsFor(kind: SubjectKind): ExportFormat[] {
  return kind === 'roadmap' ? ['html', 'xlsx', 'csv', 'md', 'json'] : ['csv', 'md', 'json'];
}

/** What a subject exports as when the dialog opens on it. */
export function defaultFormat(kind: SubjectKind): ExportFormat {
  return kind === 'roadmap' ? 'html' : 'csv';
}

/** The file extension written for a format. */
export function extensionOf(format: ExportFormat): string {
  return EXPORT_FORMATS[format].extensions[0];
}

/** Where the file name starts in `path` (after the last / or \). */
function nameStart(path: string): number {
  return Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1;
}

/** Where the extension's dot is in `path`, or -1 when its file name has none (".profile" has none). */
function extensionDot(path: string): number {
  const start = nameStart(path);
  const dot = path.lastIndexOf('.');
  return dot > start ? dot : -1;
}

/** `path` with its extension swapped for `format`'s ("/a/b.html" → "/a/b.csv"), or added when it has none. */
export function withExtension(path: string, format: ExportFormat): string {
  const trimmed = path.trim();
  if (trimmed === '' || nameStart(trimmed) === trimmed.length) return trimmed;
  const dot = extensionDot(trimmed);
  return `${dot < 0 ? trimmed : trimmed.slice(0, dot)}.${extensionOf(format)}`;
}

/** `path` with `format`'s extension added when its file name has none (a save dialog may leave it off). */
export function ensureExtension(path: string, format: ExportFormat): string {
  return extensionDot(path) < 0 ? withExtension(path, format) : path;
}

/** A file size as the result line shows it: "0.4 kB", "12.3 kB", "356 kB", "2.1 MB". */
export function formatSize(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  const kb = bytes / 1000;
  return kb >= 100 ? `${Math.round(kb).toLocaleString('en-US')} kB` : `${kb.toFixed(1)} kB`;
}

/** What the report counts, by subject: ranked items, search hits, or rows of theme evidence. */
export function rowsLabel(kind: SubjectKind, n: number): string {
  switch (kind) {
    case 'roadmap':
      return plural(n, 'item', 'items');
    case 'search':
      return plural(n, 'hit', 'hits');
    case 'themes':
      return plural(n, 'row', 'rows');
  }
}

/** "Exported 12 items to /home/ada/Documents/x.html (34.5 kB) · 5 people anonymized". */
export function resultText(report: ExportReport, kind: SubjectKind): string {
  const head = `Exported ${rowsLabel(kind, report.items)} to ${report.path} (${formatSize(report.bytes)})`;
  return report.anonymized ? `${head} · ${plural(report.people, 'person', 'people')} anonymized` : head;
}

/** The dialog field an error's `field` names (the core calls the destination "path" or "out"). */
export type ExportField = 'subject' | 'themes' | 'format' | 'model' | 'team' | 'compare' | 'path';

export function errorField(error: ApiError | null): ExportField | null {
  switch (error?.field) {
    case 'path':
    case 'out':
      return 'path';
    case 'format':
      return 'format';
    case 'model':
      return 'model';
    case 'team':
      return 'team';
    case 'compare':
    case 'snapshot':
    case 'from':
      return 'compare';
    case 'query':
      return 'subject';
    case 'theme':
    case 'ids':
      return 'themes';
    default:
      return null;
  }
}

export const FIELD_LABELS: Record<ExportField, string> = {
  subject: 'What',
  themes: 'Themes',
  format: 'Format',
  model: 'Model',
  team: 'Team view',
  compare: 'Compare with snapshot',
  path: 'Destination',
};

/** The error as the dialog shows it: the field at fault first ("Destination: …"). */
export function errorText(error: ApiError): string {
  const field = errorField(error);
  if (field) return `${FIELD_LABELS[field]}: ${error.message}`;
  return error.field ? `${error.field}: ${error.message}` : error.message;
}
