import type { InterviewInput } from '../lib/bindings/InterviewInput';
import type { ItemInput } from '../lib/bindings/ItemInput';

export function interviewInput(overrides: Partial<InterviewInput> = {}): InterviewInput {
  return {
    id: null,
    title: 'Deploys are scary',
    participant: 'Grace',
    team: 'Checkout',
    role: 'SRE',
    date: '2025-02-10',
    interviewer: 'Sam',
    notes: 'Rollbacks take an hour.',
    tags: ['deploy'],
    pain_points: ['slow rollbacks'],
    version: null,
    ...overrides,
  };
}

/** A roadmap item to seed a fake backend with: an idea with nothing set but its title. */
export function itemInput(title: string, overrides: Partial<ItemInput> = {}): Omit<ItemInput, 'id'> {
  return {
    title,
    description: '',
    owner: '',
    status: 'idea',
    effort: null,
    effort_low: null,
    effort_high: null,
    teams: [],
    target_metric: '',
    exception_team: null,
    inputs: [],
    ...overrides,
  };
}
