import { describe, expect, it } from 'vitest';
import { labelParts } from './palette';
import type { PaletteEntry } from '../bindings/PaletteEntry';
import { CoreBackend, ticketsCsv } from '../../test/core';
import { interviewInput } from '../../test/helpers';

describe('palette helpers', () => {
  it('cuts a label into matched and unmatched runs by character position', () => {
    expect(labelParts('Slow CI', [0, 1, 5])).toEqual([
      { text: 'Sl', hit: true },
      { text: 'ow ', hit: false },
      { text: 'C', hit: true },
      { text: 'I', hit: false },
    ]);
    // Positions count code points: the emoji is one character.
    expect(labelParts('🚀 Deploys', [2])).toEqual([
      { text: '🚀 ', hit: false },
      { text: 'D', hit: true },
      { text: 'eploys', hit: false },
    ]);
    expect(labelParts('abc', [])).toEqual([{ text: 'abc', hit: false }]);
    expect(labelParts('', [0])).toEqual([]);
  });
});

// The matching itself is the core's (src/palette.rs). What the UI shows of it — "dsc" marking
// "D" and "sc" of "Deploys are scary", no match for an unknown name — is checked through the app
// in CommandPalette.test.ts; the rest of what the palette promises is checked here, against the
// core's `palette` command.
describe("the core's palette command", () => {
  function core(): CoreBackend {
    return new CoreBackend({
      interviews: ['Deploys are scary', 'CI is slow', 'Payments: the deploy pipeline', 'Go through the team list'].map((title) =>
        interviewInput({ title }),
      ),
    });
  }
  const palette = (c: CoreBackend, query: string) => c.run<PaletteEntry[]>('palette', { query });

  it('matches subsequences, prefers word starts, lists the actions for a blank query and answers 30 at most', () => {
    const c = core();
    // "dep" of "deploy" and "pip" of "pipeline": characters 14–16 and 21–23.
    const [pipeline] = palette(c, 'deppip');
    expect(pipeline.label).toBe('Payments: the deploy pipeline');
    expect(pipeline.positions).toEqual([14, 15, 16, 21, 22, 23]);
    expect(palette(c, 'deppip')).toHaveLength(1);

    // Blank is empty: the fifteen actions, nothing else.
    const blank = palette(c, '  ');
    expect(blank).toHaveLength(15);
    expect(blank.every((e) => e.kind === 'action' && e.positions.length === 0)).toBe(true);

    // "teams" as written, at a word start, beats letters scattered over "the team list".
    expect(palette(c, 'teams').map((e) => e.label)).toEqual(['Go to teams', 'Go through the team list']);
    expect(palette(c, 'teams')[0].action).toBe('teams');

    // Thirty-five tickets named "Goal …": the command answers its best thirty.
    c.seed({ tickets: [ticketsCsv(Array.from({ length: 35 }, (_, i) => ({ key: `G-${i + 1}`, title: `Goal ${i + 1}` })))] });
    expect(palette(c, 'goal')).toHaveLength(30);
  });

  // Found porting this test to the core (src/palette.rs `Palette::find` matched the query's spaces
  // literally, so a doubled space loses the match ("deploy  pipeline" finds nothing) or marks the
  // label's spaces ("ci  slow" marks characters 2 and 5 of "CI is slow"). The quick checks there
  // already skip spaces ("spaces aside"); the score and positions should too. Unskip when fixed.
  it('ignores runs of spaces in the query', () => {
    const c = core();
    const [ci] = palette(c, 'ci  slow');
    expect(ci.label).toBe('CI is slow');
    expect(ci.positions).toEqual([0, 1, 6, 7, 8, 9]);
    expect(palette(c, 'deploy  pipeline').map((e) => e.label)).toEqual(['Payments: the deploy pipeline']);
  });
});
