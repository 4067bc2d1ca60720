import { describe, expect, it } from 'vitest';
import { formatStart, spokenBy, turnLabel } from './transcripts';

describe('transcript display helpers', () => {
  it('writes starts as transcripts do', () => {
    expect(formatStart(null)).toBe('');
    expect(formatStart(5_000)).toBe('0:05');
    expect(formatStart(331_999)).toBe('5:31');
    expect(formatStart(6 * 3600_000 + 62_000)).toBe('6:01:02');
  });

  it('names who said a passage, and when', () => {
    const turn = { seq: 3, speaker: 'Dana', label: 'Dana Ruiz', role: 'participant' as const, start_ms: 336_000, text: 'x' };
    expect(turnLabel(turn)).toBe('Dana · 5:36');
    expect(turnLabel({ ...turn, speaker: '', start_ms: null })).toBe('Unnamed speaker');
  });
});

describe('whose words a theme counted', () => {
  it('says it for each answer the core gives', () => {
    expect(spokenBy(1, 'participants')).toBe(
      "In 1 transcript, only what participants said counts; the interviewer's questions do not (add role:any to count them).",
    );
    expect(spokenBy(3, 'everyone')).toBe("In 3 transcripts, the interviewer's questions count too (role:any).");
    expect(spokenBy(2, 'interviewer')).toContain('not evidence');
  });
});
