import { describe, expect, it } from 'vitest';
import { diffExcerpt } from './golden-diff.js';

describe('diffExcerpt', () => {
  it.each([
    [
      'one changed line with context',
      'a\nb\nc\nd\n',
      'a\nb\nX\nd\n',
      '@@ line 3 @@\n  a\n  b\n- c\n+ X\n  d',
    ],
    ['a missing trailing newline', 'a\n', 'a', '@@ line 2 @@\n  a\n- (empty line)'],
    ['an added line at the end', 'a\n', 'a\nb\n', '@@ line 2 @@\n  a\n+ b\n  (empty line)'],
    ['everything differs', 'x', 'y', '@@ line 1 @@\n- x\n+ y'],
    [
      'CRLF is not a difference in the context',
      'a\r\nb\r\n',
      'a\nc\n',
      '@@ line 2 @@\n  a\n- b\n+ c\n  (empty line)',
    ],
  ])('%s', (_name, expected, actual, excerpt) => {
    expect(diffExcerpt(expected, actual)).toBe(excerpt);
  });

  it('bounds long differences', () => {
    const expected = Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n');
    const excerpt = diffExcerpt(expected, '', 3);
    expect(excerpt.split('\n')).toEqual([
      '@@ line 1 @@',
      '- line 0',
      '- line 1',
      '- line 2',
      '- … 47 more expected lines',
      '+ (empty line)',
    ]);
  });
});
