// A FakeBackend holding a small demo workspace (tickets, an interview, a survey, themes and a
// roadmap), for `npm run dev` in a plain browser, where there is no Tauri shell to talk to.
import { FakeBackend } from './fake';
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
  return fake;
}
