// Survey exports for the UI's tests, written as the real tools write them and imported by the
// real core (src/import/survey.rs). Nothing here computes a figure: the core does.
import type { ImportReport } from '../lib/bindings/ImportReport';
import type { SurveyInfo } from '../lib/bindings/SurveyInfo';
import type { CoreBackend } from './core';

export const TEAM = 'Which team are you on?';
export const ROLE = 'What is your role?';
export const TENURE = 'How long have you been here?';
export const GRID = 'How much do you agree with each statement?';
export const SATISFACTION = 'Overall, how satisfied are you with the internal platform?';
export const NPS = 'How likely are you to recommend the platform to a colleague?';
export const TOOLS = 'Which tools do you use every week?';
export const HOURS = 'How many hours a week do you wait on CI?';
export const FIX = 'What is the one thing we should fix first?';
export const GRID_ITEMS = ['CI gives me feedback fast enough', 'I can deploy without help', 'I can find the docs I need'];

const AGREE = ['Strongly disagree', 'Disagree', 'Neutral', 'Agree', 'Strongly agree'];
const SATISFIED = ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'];

/** One respondent: team, role, tenure, the three grid rows and satisfaction (1–5 on their scale),
 * the 0–10 recommendation, tools (comma-joined as Google Forms does), hours, and free text. */
export type Respondent = {
  team: string;
  role: string;
  tenure: string;
  grid: [number, number, number];
  sat: number;
  nps: string;
  tools: string;
  hours: string;
  fix: string;
};

const r = (team: string, role: string, tenure: string, grid: [number, number, number], sat: number, nps: string, tools: string, hours: string, fix: string): Respondent => ({
  team,
  role,
  tenure,
  grid,
  sat,
  nps,
  tools,
  hours,
  fix,
});

/** The platform survey the tests read: 12 respondents of three teams (5 Payments, 4 Checkout,
 * 3 Platform). One skipped the hours question, one the free-text question. */
export function platformRespondents(): Respondent[] {
  return [
    r('Payments', 'Backend engineer', '1–3 years', [2, 4, 3], 4, '9', 'GitHub Actions, Grafana', '6', 'Make CI faster on the monorepo; builds take forty minutes.'),
    r('Payments', 'Backend engineer', '3+ years', [1, 4, 2], 5, '10', 'GitHub Actions, Argo CD', '8', 'Flaky integration tests block merges every week.'),
    r('Payments', 'Frontend engineer', 'Less than a year', [2, 5, 3], 3, '6', 'GitHub Actions', '10', 'The deploy pipeline needs a one-click rollback.'),
    r('Payments', 'SRE', '3+ years', [3, 3, 4], 4, '8', 'GitHub Actions, Backstage, Grafana', '4', 'Docs for the service template are out of date.'),
    r('Payments', 'Backend engineer', '1–3 years', [4, 4, 3], 4, '9', 'Argo CD', '2', 'Preview environments for every pull request.'),
    r('Checkout', 'Frontend engineer', 'Less than a year', [1, 2, 2], 2, '3', 'GitHub Actions', '12', 'CI queue times in the afternoon are painful.'),
    r('Checkout', 'Backend engineer', '1–3 years', [2, 3, 2], 3, '7', 'GitHub Actions, Backstage', '', 'Secrets rotation is manual and scary.'),
    r('Checkout', 'Frontend engineer', '3+ years', [3, 2, 1], 2, '5', 'Backstage', '9', 'ok'),
    r('Checkout', 'SRE', '1–3 years', [4, 3, 3], 4, '9', 'GitHub Actions, Grafana', '5', 'Better alerts: the Grafana dashboards are noisy.'),
    r('Platform', 'SRE', '3+ years', [5, 5, 4], 5, '10', 'Argo CD, Grafana, Backstage', '1', 'Golden paths for new services.'),
    r('Platform', 'Backend engineer', '1–3 years', [4, 5, 3], 4, '9', 'Argo CD, Grafana', '0', 'Faster Argo CD syncs.'),
    r('Platform', 'SRE', 'Less than a year', [4, 4, 3], 4, '8', 'GitHub Actions, Argo CD', '3', ''),
  ];
}

const csvCell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const csvLine = (cells: string[]) => cells.map(csvCell).join(',');

/** A Google Forms "(Responses)" CSV: Timestamp first, grid rows as `Question [Item]`, checkboxes
 * joined by ", ", skipped answers empty. Respondent i answered on (10 + i) March 2025, 9:30 (month
 * first, as a US form exports it; days past 12 make the order plain). */
export function googleFormsCsv(respondents: Respondent[] = platformRespondents()): string {
  const head = ['Timestamp', TEAM, ROLE, TENURE, ...GRID_ITEMS.map((i) => `${GRID} [${i}]`), SATISFACTION, NPS, TOOLS, HOURS, FIX];
  const rows = respondents.map((p, i) => [
    `3/${10 + i}/2025 9:30:00`,
    p.team,
    p.role,
    p.tenure,
    ...p.grid.map((g) => AGREE[g - 1]),
    SATISFIED[p.sat - 1],
    p.nps,
    p.tools,
    p.hours,
    p.fix,
  ]);
  return [head, ...rows].map(csvLine).join('\r\n') + '\r\n';
}

/** A Qualtrics CSV export (three header rows: ids, question texts, ImportIds) of a short
 * onboarding survey: 3 responses, a team, the recommendation and one free-text question. */
export function qualtricsCsv(): string {
  const meta: [string, string, string][] = [
    ['StartDate', 'Start Date', 'startDate'],
    ['EndDate', 'End Date', 'endDate'],
    ['Status', 'Response Type', 'status'],
    ['Progress', 'Progress', 'progress'],
    ['Duration (in seconds)', 'Duration (in seconds)', 'duration'],
    ['Finished', 'Finished', 'finished'],
    ['RecordedDate', 'Recorded Date', 'recordedDate'],
    ['ResponseId', 'Response ID', '_recordId'],
    ['Q1', TEAM, 'QID1'],
    ['Q2', 'How likely are you to recommend onboarding here to a friend?', 'QID2'],
    ['Q3', 'What slowed down your first week?', 'QID3_TEXT'],
  ];
  const rows = [
    ['2025-01-14 09:00:00', '2025-01-14 09:04:00', '0', '100', '240', '1', '2025-01-14 09:04:00', 'R_1a', 'Payments', '9', 'Waiting three days for laptop access.'],
    ['2025-01-14 10:00:00', '2025-01-14 10:03:00', '0', '100', '180', '1', '2025-01-14 10:03:00', 'R_2b', 'Checkout', '6', 'Nobody told me where the runbooks live.'],
    ['2025-01-15 08:00:00', '2025-01-15 08:05:00', '0', '100', '300', '1', '2025-01-15 08:05:00', 'R_3c', 'Payments', '10', 'The local setup script failed on Linux.'],
  ];
  const lines = [meta.map((m) => m[0]), meta.map((m) => m[1]), meta.map((m) => JSON.stringify({ ImportId: m[2] })), ...rows];
  return lines.map(csvLine).join('\r\n') + '\r\n';
}

/** Writes `text` as `fileName` in the test's folder and imports it as a survey through the core. */
export function importSurvey(core: CoreBackend, fileName: string, text: string): ImportReport {
  const path = core.file(fileName, text);
  return core.run<ImportReport>('import_file', {
    path,
    options: { kind: 'survey', format: 'auto', mappings: [], encoding: null, dry_run: false },
  });
}

/** The surveys the core lists, most recently imported first. */
export function surveys(core: CoreBackend): SurveyInfo[] {
  return core.run<SurveyInfo[]>('list_surveys');
}
