import { describe, expect, it } from 'vitest';
import { codeColor, rangeOffsets, recentCodes, rememberCode, scalarLength, segments } from './highlights';

describe('highlights', () => {
  it('counts Unicode scalars, not UTF-16 units', () => {
    expect(scalarLength('a🚀b')).toBe(3);
    expect('a🚀b'.length).toBe(4);
    expect(scalarLength('')).toBe(0);
  });

  it('cuts a placed part where highlights begin and end, overlaps naming each highlight', () => {
    // "x🚀 slow ci" placed at body offset 10: chars x=10, 🚀=11, ' '=12, s=13 … i=19.
    const runs = segments('x🚀 slow ci', 10, [
      { id: 1, start: 11, end: 17 },
      { id: 2, start: 13, end: 30 },
      { id: 3, start: 0, end: 5 },
    ]);
    expect(runs).toEqual([
      { text: 'x', at: 10, ids: [] },
      { text: '🚀 ', at: 11, ids: [1] },
      { text: 'slow', at: 13, ids: [1, 2] },
      { text: ' ci', at: 17, ids: [2] },
    ]);
    expect(segments('asked', null, [{ id: 1, start: 0, end: 99 }])).toEqual([{ text: 'asked', at: null, ids: [] }]);
  });

  it('reads a range as body offsets from the leaves it covers, skipping text that is not placed', () => {
    const root = document.createElement('div');
    root.innerHTML = '<p>Q: why?</p><p><span data-at="4">🐢 slow</span><mark><span data-at="11">ci</span></mark></p>';
    document.body.append(root);
    const [question, turtle, ci] = [root.querySelector('p')!.firstChild!, root.querySelector('[data-at="4"]')!.firstChild!, root.querySelector('[data-at="11"]')!.firstChild!];
    const range = document.createRange();
    // From inside the question (not placed) to the middle of "ci": snaps to the turtle.
    range.setStart(question, 3);
    range.setEnd(ci, 1);
    expect(rangeOffsets(root, range)).toEqual({ start: 4, end: 12 });
    // "slow": after the emoji (two UTF-16 units, one character) and a space.
    range.setStart(turtle, 3);
    range.setEnd(turtle, 7);
    expect(range.toString()).toBe('slow');
    expect(rangeOffsets(root, range)).toEqual({ start: 6, end: 10 });
    // Only the question: nothing to code.
    range.setStart(question, 0);
    range.setEnd(question, 6);
    expect(rangeOffsets(root, range)).toBeNull();
    root.remove();
  });

  it('keeps the nine most recent codes, most recent first, each once', () => {
    localStorage.clear();
    for (let i = 1; i <= 11; i++) rememberCode(`c${i}`);
    rememberCode('c5');
    expect(recentCodes()).toEqual(['c5', 'c11', 'c10', 'c9', 'c8', 'c7', 'c6', 'c4', 'c3']);
  });

  it("draws a code in its own colour, else a palette colour fixed by its id", () => {
    expect(codeColor({ id: 3, color: '#123456' })).toBe('#123456');
    expect(codeColor({ id: 3, color: '' })).toBe(codeColor({ id: 3, color: ' ' }));
    expect(codeColor({ id: 3, color: '' })).not.toBe(codeColor({ id: 4, color: '' }));
  });
});
