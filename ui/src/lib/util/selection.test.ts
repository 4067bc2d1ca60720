import { afterEach, describe, expect, it } from 'vitest';
import { selectedText, selectionWithin } from './selection';

function select(node: Node, from: number, to: number): void {
  const range = document.createRange();
  range.setStart(node, from);
  range.setEnd(node, to);
  const sel = window.getSelection()!;
  sel.removeAllRanges();
  sel.addRange(range);
}

describe('selectedText', () => {
  afterEach(() => {
    window.getSelection()?.removeAllRanges();
    document.body.innerHTML = '';
  });

  it('reads a selection inside the container, trimmed', () => {
    document.body.innerHTML = '<div id="a">Builds take forty minutes. </div><div id="b">Elsewhere</div>';
    const a = document.getElementById('a')!;
    select(a.firstChild!, 6, 26);
    expect(selectedText(a)).toBe('take forty minutes.');
    expect(selectionWithin(a)).toBe(true);
    expect(selectedText(document.getElementById('b'))).toBe('');
  });

  it('ignores a caret and a selection reaching outside the container', () => {
    document.body.innerHTML = '<div id="a">one</div><div id="b">two</div>';
    const a = document.getElementById('a')!;
    select(a.firstChild!, 1, 1);
    expect(selectedText(a)).toBe('');
    expect(selectionWithin(a)).toBe(true);
    const range = document.createRange();
    range.setStart(a.firstChild!, 0);
    range.setEnd(document.getElementById('b')!.firstChild!, 2);
    window.getSelection()!.removeAllRanges();
    window.getSelection()!.addRange(range);
    expect(selectedText(a)).toBe('');
    expect(selectedText(null)).toBe('');
  });
});
