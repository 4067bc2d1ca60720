// A FakeBackend holding a small demo workspace (tickets, an interview, a survey, themes, a
// roadmap and half a year of delivery metrics), for `npm run dev` in a plain browser, where there
// is no Tauri shell to talk to.
import { FakeBackend } from './fake';
import { seedDemoMetrics } from './fakeMetrics';
import { SAMPLE_ITEMS } from './fakeRoadmap';
import { bulkTickets, similarTickets } from './fakeSearch';
import { sampleSurvey } from './fakeSurveys';

export function demoBackend(): FakeBackend {
  const fake = new FakeBackend({
    teams: [
      { id: null, name: 'Payments', headcount: 90 },
      { id: null, name: 'Checkout', headcount: 30 },
      { id: null, name: 'Platform', headcount: 8 },
      { id: null, name: 'Developer Experience', headcount: null },
    ],
    interviews: [
      {
        id: null,
        title: 'CI is slow on the monorepo',
        participant: 'Ada',
        team: 'Payments',
        role: 'Backend engineer',
        date: '2026-03-04',
        interviewer: 'Sam',
        notes: 'Builds take **40 minutes**. Every flaky test costs us a rerun.',
        tags: ['ci'],
        pain_points: ['slow ci', 'flaky tests'],
      },
    ],
    surveys: [sampleSurvey(500)],
    documents: [...bulkTickets(12), ...similarTickets()],
    themes: [
      { name: 'Flaky tests', query: 'flaky' },
      { name: 'Slow deploys', query: 'deploy' },
    ],
    items: SAMPLE_ITEMS,
  });
  fake.path = '/tmp/demo (in-memory fake)';
  fake.isDemo = true;
  const [ci, preview] = fake.roadmap.items;
  const theme = (name: string) => fake.themes.find((t) => t.name === name)!.id;
  fake.roadmap.link({ item: ci.id, theme: theme('Flaky tests'), document: null, quote: null });
  fake.roadmap.link({ item: preview.id, theme: theme('Slow deploys'), document: null, quote: null });

  // Faster CI shipped in early April: Payments and Checkout changes reach production sooner from
  // then on, and they deploy a little more often. The Impact panel measures what the data says.
  const shipDay = '2026-04-06';
  fake.roadmap.save({ ...SAMPLE_ITEMS[0], id: ci.id, status: 'shipped' });
  seedDemoMetrics(fake.metrics, {
    from: '2026-01-05',
    weeks: 25,
    teams: [
      { team: 'Payments', deploysPerDay: 1.6, leadH: 30, failureRate: 0.04, incidentsPerWeek: 0.6, restoreH: 2.5, nps: 32 },
      { team: 'Checkout', deploysPerDay: 0.45, leadH: 70, failureRate: 0.12, incidentsPerWeek: 0.5, restoreH: 20, nps: 5 },
      { team: 'Platform', deploysPerDay: 0.9, leadH: 14, failureRate: 0.07, incidentsPerWeek: 0.3, restoreH: 5, nps: 41 },
    ],
    improvement: { day: shipDay, teams: ['Payments', 'Checkout'], leadFactor: 0.6, deployFactor: 1.15 },
  });
  fake.metrics.save({
    item: ci.id,
    metrics: [
      { metric: 'lead_time', expected: -0.3 },
      { metric: 'deployment_frequency', expected: 0.1 },
    ],
    shipped_on: shipDay,
  });
  return fake;
}
