import { render } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import Snippet from './Snippet.svelte';

describe('Snippet', () => {
  it('wraps hit parts in <mark> and leaves the rest as text', () => {
    const { getByTestId } = render(Snippet, {
      parts: [
        { text: 'our ', hit: false },
        { text: 'CI', hit: true },
        { text: ' is slow', hit: false },
      ],
    });
    const el = getByTestId('snippet');
    expect(el.textContent).toBe('our CI is slow');
    const marks = el.querySelectorAll('mark');
    expect(marks).toHaveLength(1);
    expect(marks[0].textContent).toBe('CI');
  });

  it('shows markup inside document text as literal text', () => {
    const { getByTestId } = render(Snippet, {
      parts: [
        { text: '<script>alert(1)</script> & <b>', hit: false },
        { text: '<img src=x onerror=alert(2)>', hit: true },
      ],
    });
    const el = getByTestId('snippet');
    expect(el.querySelector('script')).toBeNull();
    expect(el.querySelector('img')).toBeNull();
    expect(el.querySelector('b')).toBeNull();
    expect(el.textContent).toBe('<script>alert(1)</script> & <b><img src=x onerror=alert(2)>');
    expect(el.querySelector('mark')?.textContent).toBe('<img src=x onerror=alert(2)>');
  });
});
