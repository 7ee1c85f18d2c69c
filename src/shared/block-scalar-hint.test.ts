import { describe, expect, it } from 'vitest';
import { blockScalarHint } from './block-scalar-hint.js';

const text = `input:
  file_path: a.py
  content: |
    def f(xs):
        for x in xs:
            pass
  return counts
other: 1
`;

describe('blockScalarHint', () => {
  it('a line indented short below a | block: names the block and the indent it needs', () => {
    expect(blockScalarHint(text, 7)).toBe(
      "; line 7 is indented less than the first line of the block scalar at line 3 (4 spaces), which ends the block there: indent it like the block's other lines",
    );
  });

  it('lines at the key depth or inside the block, and blank lines, get no hint', () => {
    expect(blockScalarHint(text, 8)).toBe('');
    expect(blockScalarHint(text, 5)).toBe('');
    expect(blockScalarHint('a: 1\n\nb: 2\n', 2)).toBe('');
    expect(blockScalarHint('a:\n  b: 1\n c\n', 3)).toBe('');
  });
});
