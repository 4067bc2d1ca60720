// Display helpers of the Import view.
import type { Format } from '../bindings/Format';
import type { MappingSource } from '../bindings/MappingSource';

/** The last part of a path, with `/` or `\` separators. */
export function basename(path: string): string {
  const trimmed = path.replace(/[/\\]+$/, '');
  const at = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return at < 0 ? trimmed : trimmed.slice(at + 1);
}

const FORMAT_LABELS: Record<Format, string> = {
  auto: 'Detect',
  'jira-csv': 'Jira CSV',
  'github-json': 'GitHub issues JSON',
  csv: 'CSV / TSV',
  xlsx: 'Spreadsheet',
  'google-forms': 'Google Forms',
  qualtrics: 'Qualtrics',
  typeform: 'Typeform',
  markdown: 'Markdown',
  transcript: 'Transcript',
};

/** "jira-csv" → "Jira CSV"; an unknown format name is shown as is. */
export function formatLabel(format: string): string {
  return (FORMAT_LABELS as Record<string, string>)[format] ?? format;
}

const HOW_LABELS: Record<MappingSource, string> = {
  known: 'known',
  suggested: 'suggested',
  remembered: 'remembered',
  user: 'yours',
  unmapped: 'unmapped',
};

export function howLabel(how: MappingSource): string {
  return HOW_LABELS[how];
}

/** An RFC 3339 timestamp as local "YYYY-MM-DD HH:MM"; unparsable text is returned unchanged. */
export function formatWhen(rfc3339: string): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
