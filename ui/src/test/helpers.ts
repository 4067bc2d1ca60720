import type { InterviewInput } from '../lib/bindings/InterviewInput';

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
    ...overrides,
  };
}
