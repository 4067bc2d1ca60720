// What the workspace's Back up… and Check workspace links report, as one line each.
import type { BackupReport } from '../bindings/BackupReport';
import type { CheckReport } from '../bindings/CheckReport';
import { formatSize } from './export';
import { plural } from './fields';

/** "Backed up 14 documents to /home/ada/Documents/groundwork-backup-2026-07-01.sqlite3 (352 kB)". */
export function backupText(report: BackupReport): string {
  return `Backed up ${plural(report.documents, 'document', 'documents')} to ${report.file} (${formatSize(report.bytes)})`;
}

/** Up to five ids, "…" when there are more (the core reports at most the first 20). */
function ids(list: number[]): string {
  const shown = list.slice(0, 5).join(', ');
  return list.length > 5 ? `${shown}…` : shown;
}

/** Up to three lines of a list, with how many more there are. */
function lines(list: string[]): string {
  const shown = list.slice(0, 3).join('; ');
  return list.length > 3 ? `${shown} (and ${list.length - 3} more)` : shown;
}

/** True when the database is sound and only the search index disagrees with it. */
export function onlyIndexWrong(report: CheckReport): boolean {
  return !report.ok && report.integrity.length === 0 && report.foreign_keys.length === 0 && report.torn_batches.length === 0;
}

/**
 * "Workspace OK: 14 of 14 documents indexed, database sound", or what is wrong, with what to do
 * about it: "Rebuild search index" when only the index disagrees.
 */
export function checkText(report: CheckReport): string {
  const indexed = `${report.indexed.toLocaleString('en-US')} of ${plural(report.documents, 'document', 'documents')} indexed`;
  const quotes =
    report.unsourced_quotes.length > 0
      ? ` Warning: ${plural(report.unsourced_quotes.length, 'quote no longer occurs', 'quotes no longer occur')} in its document: ${lines(report.unsourced_quotes)}.`
      : '';
  if (report.ok) return quotes === '' ? `Workspace OK: ${indexed}, database sound` : `Workspace OK: ${indexed}, database sound.${quotes}`;
  const problems: string[] = [];
  if (report.integrity.length > 0) problems.push(`database damaged: ${lines(report.integrity)}`);
  if (report.foreign_keys.length > 0) problems.push(`broken references: ${lines(report.foreign_keys)}`);
  if (report.torn_batches.length > 0) problems.push(`incomplete imports: ${lines(report.torn_batches)}`);
  if (report.coded_counts.length > 0) problems.push(`coded passage counts differ: ${lines(report.coded_counts)}`);
  if (report.missing_from_index.length > 0) problems.push(`not in the search index: ${ids(report.missing_from_index)}`);
  if (report.stale_in_index.length > 0) problems.push(`deleted but still in the search index: ${ids(report.stale_in_index)}`);
  if (report.duplicated_in_index.length > 0) problems.push(`indexed twice: ${ids(report.duplicated_in_index)}`);
  if (report.content_differs.length > 0) problems.push(`indexed content out of date: ${ids(report.content_differs)}`);
  if (report.index_damaged) problems.push(`search index damaged: ${report.index_damaged}`);
  const hint = onlyIndexWrong(report)
    ? 'Use "Rebuild search index" to fix it.'
    : 'Back up the workspace now, and restore an earlier backup (groundwork restore) if documents are missing.';
  return `Workspace problems (${indexed}): ${problems.join(' · ')}. ${hint}${quotes}`;
}
