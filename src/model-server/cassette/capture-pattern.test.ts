import { describe, expect, it } from 'vitest';
import { compileCapture, MAX_CAPTURE_PATTERN_CHARS, MAX_CAPTURE_PROGRAM_SIZE } from './capture-pattern.js';

describe('compileCapture', () => {
  it.each([
    ['Stress Task (\\d+)', 'Stress Task 17: go', '17'],
    ['Task \\d+', 'Task 9 now', 'Task 9'],
    ['(?P<n>\\w+)\\.txt', 'write notes.txt', 'notes'],
    ['(a+)+$', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaab', undefined],
    ['(a+)+$', 'baaa', 'aaa'],
    ['Task (\\d+)', 'nothing here', undefined],
  ])('%j on %j captures %j', (source, text, expected) => {
    const compiled = compileCapture(source);
    if (!compiled.ok) throw new Error(compiled.problem);
    expect(compiled.pattern.capture(text)).toBe(expected);
  });

  it.each([
    ['', /^is an empty pattern: it matches every text and captures nothing/],
    [
      'a{99999999}',
      /^is not an RE2 pattern \(invalid repeat count: `\{99999999\}`\).*a repeat count is at most 1000$/,
    ],
    ['(?=a)b', /invalid or unsupported Perl syntax: `\(\?=`.*lookarounds .* are not supported/],
    ['(a)\\1', /invalid escape sequence: `\\1`.*backreferences \(\\1\) are not supported/],
    ['Task (\\d+', /^is not an RE2 pattern \(missing closing \)/],
    ['x'.repeat(MAX_CAPTURE_PATTERN_CHARS + 1), /^is 257 characters long, over the 256/],
    ['(\\w+){30}', new RegExp(`^compiles to 122 RE2 instructions, over the ${MAX_CAPTURE_PROGRAM_SIZE}`)],
  ])('refuses %j', (source, problem) => {
    const compiled = compileCapture(source);
    expect(compiled.ok).toBe(false);
    if (!compiled.ok) expect(compiled.problem).toMatch(problem);
  });

  it('matches the pattern that froze JavaScript RegExp for a minute in linear time', () => {
    const compiled = compileCapture('(a+)+$');
    if (!compiled.ok) throw new Error(compiled.problem);
    const text = `${'a'.repeat(100_000)}b`;
    const started = performance.now();
    expect(compiled.pattern.capture(text)).toBeUndefined();
    // JavaScript's RegExp needs about 2^n steps here (68 s for 28 a's); RE2 a few per character.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
