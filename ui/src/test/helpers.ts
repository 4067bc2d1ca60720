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

/** Selects `passage` inside `container` (the reader's text) as a user dragging over it would,
 * and tells the document the selection changed. */
export function selectText(container: HTMLElement, passage: string): void {
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  const whole = nodes.map((n) => n.data).join('');
  const from = whole.indexOf(passage);
  if (from < 0) throw new Error(`"${passage}" is not in the text`);
  const at = (offset: number, end: boolean): [Text, number] => {
    let seen = 0;
    for (const n of nodes) {
      const inside = end ? offset <= seen + n.data.length : offset < seen + n.data.length;
      if (inside) return [n, offset - seen];
      seen += n.data.length;
    }
    throw new Error('offset past the text');
  };
  const range = document.createRange();
  range.setStart(...at(from, false));
  range.setEnd(...at(from + passage.length, true));
  window.getSelection()!.removeAllRanges();
  window.getSelection()!.addRange(range);
  document.dispatchEvent(new Event('selectionchange'));
}
