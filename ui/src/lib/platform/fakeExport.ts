// Exports for the in-memory FakeBackend: the core's file names (src/export/mod.rs `file_name`),
// its checks in the order it makes them (what to export, then the folder, then whether a research
// export can take the format), and files "written" to memory with a plausible size.
import type { ExportFormat } from '../bindings/ExportFormat';
import type { ExportOptions } from '../bindings/ExportOptions';
import type { ExportReport } from '../bindings/ExportReport';
import { apiError } from './backend';

/** Where the fake's default export paths point (the shell uses ~/Documents, else home). */
export const FAKE_HOME = '/home/you';
export const FAKE_DOCUMENTS = `${FAKE_HOME}/Documents`;

/** Folders that exist in the fake's file system; an export elsewhere fails like a missing folder. */
export const FAKE_FOLDERS: readonly string[] = [FAKE_DOCUMENTS, FAKE_HOME, `${FAKE_HOME}/Desktop`, '/tmp'];

/** A file an export wrote. */
export type FakeExportFile = ExportReport & { options: ExportOptions };

const invalid = (field: string, message: string) => apiError('invalid_input', message, field);

/** Lower-case ASCII letters and digits joined by single dashes, at most 40 characters (like the core). */
export function slug(text: string): string {
  let out = '';
  for (const c of text) {
    if (/^[A-Za-z0-9]$/.test(c)) out += c.toLowerCase();
    else if (out !== '' && !out.endsWith('-')) out += '-';
    if (out.length >= 40) break;
  }
  return out.replace(/-+$/, '');
}

/** `groundwork-roadmap-rice-2026-12-02.html`, `groundwork-search-flaky-tests-2026-12-02.csv`, `groundwork-themes-2026-12-02.md`. */
export function exportFileName(opts: ExportOptions, day: string): string {
  let what: string;
  switch (opts.subject.kind) {
    case 'roadmap': {
      what = `roadmap-${slug(opts.model)}`;
      const team = opts.team?.trim() ?? '';
      if (team !== '') what += `-${slug(team)}`;
      break;
    }
    case 'search': {
      const s = slug(opts.subject.query);
      what = s === '' ? 'search' : `search-${s}`;
      break;
    }
    case 'themes':
      what = 'themes';
      break;
  }
  return `groundwork-${what}-${day}.${opts.format}`;
}

/** True for a full path: `/home/…`, `C:\…`, `C:/…` or `\\server\…`. */
export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');
}

/** The folder a path is in ("/home/you/Documents/x.csv" → "/home/you/Documents"). */
export function folderOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut <= 0 ? path.slice(0, cut + 1) || '.' : path.slice(0, cut);
}

/** Rough sizes of the core's renderings: a fixed head (styles, sheets, schema) and so much a row. */
const ROADMAP_BYTES: Record<ExportFormat, [number, number]> = {
  html: [14_000, 1_900],
  xlsx: [7_800, 310],
  csv: [260, 180],
  md: [700, 260],
  json: [1_500, 1_100],
};
const RESEARCH_BYTES: Record<ExportFormat, [number, number]> = {
  html: [0, 0],
  xlsx: [0, 0],
  csv: [220, 240],
  md: [420, 230],
  json: [600, 520],
};

export function exportBytes(opts: ExportOptions, rows: number): number {
  const [head, perRow] = (opts.subject.kind === 'roadmap' ? ROADMAP_BYTES : RESEARCH_BYTES)[opts.format];
  return head + perRow * rows;
}

/** What an export holds before it is written: its rows, or the error the core would give. */
export type ExportSource = {
  /** Items ranked plus exceptions, under the model and team view (throws like `rank`). */
  roadmapRows(opts: ExportOptions): number;
  /** Throws like `snapshot_diff` when the snapshot to compare with does not exist. */
  checkSnapshot(name: string): void;
  /** Matches of a search (at most 10 000). */
  searchRows(query: string): number;
  /** Pinned quotes and strongest evidence of the themes (`ids` empty: all); throws for an unknown id. */
  themeRows(ids: number[]): number;
  /** Distinct people the anonymizer replaces (participants and reporters). */
  people(): number;
};

/**
 * Runs an export the way the core does and returns what it wrote; `folders` are the folders that
 * exist. The caller records the file.
 */
export function runExport(src: ExportSource, opts: ExportOptions, path: string, folders: ReadonlySet<string>): FakeExportFile {
  if (!isAbsolutePath(path)) throw invalid('path', "give the file's full path, or choose it");
  let rows: number;
  const subject = opts.subject;
  if (subject.kind === 'roadmap') {
    rows = src.roadmapRows(opts);
    if (opts.compare !== null) src.checkSnapshot(opts.compare);
  } else if (subject.kind === 'search') {
    if (subject.query.trim() === '') throw invalid('query', 'type a search to export its matches');
    rows = src.searchRows(subject.query);
  } else {
    rows = src.themeRows(subject.ids);
  }
  const folder = folderOf(path);
  if (!folders.has(folder)) throw invalid('out', `the folder ${folder} does not exist`);
  if (subject.kind !== 'roadmap' && (opts.format === 'html' || opts.format === 'xlsx')) {
    throw invalid('format', 'search results and themes export as csv, md or json; html and xlsx are for the roadmap');
  }
  return {
    path,
    bytes: exportBytes(opts, rows),
    items: rows,
    people: opts.anonymize ? src.people() : 0,
    options: structuredClone(opts),
  };
}
