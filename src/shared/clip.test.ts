import { describe, expect, it } from 'vitest';
import { clip } from './clip.js';

describe('clip', () => {
  it('keeps a short text whole, on one line', () => {
    expect(clip('a  b\n c', 10)).toBe('a b c');
  });

  it('cuts a long one at a space near the end, and says so with …', () => {
    const text = `${'word '.repeat(30)}cassette (docs/CASSETTES.md)`;
    const clipped = clip(text, 60);
    expect(clipped.length).toBeLessThanOrEqual(60);
    expect(clipped).toMatch(/word…$/);
  });

  it('cuts inside a word only when no space is near', () => {
    expect(clip('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
