import { describe, expect, it } from 'vitest';
import { globToRegExp, matchesAny } from './glob-match.js';

describe('globToRegExp', () => {
  it.each([
    ['scenarios/*.yaml', 'scenarios/calculator.yaml', true],
    ['scenarios/*.yaml', 'scenarios/containers/ollama.yaml', false],
    ['scenarios/*.yaml', 'fixtures/cassettes/calculator.yaml', false],
    ['scenarios/*.{yaml,yml}', 'scenarios/a.yml', true],
    ['scenarios/*.{yaml,yml}', 'scenarios/a.json', false],
    ['./scenarios/*.yaml', 'scenarios/a.yaml', true],
    ['scenarios/**/*.yaml', 'scenarios/a.yaml', true],
    ['scenarios/**/*.yaml', 'scenarios/x/y/a.yaml', true],
    ['**/scenarios/*.yaml', 'pkg/scenarios/a.yaml', true],
    ['scenarios/?.yaml', 'scenarios/ab.yaml', false],
    ['scenarios/a+b.yaml', 'scenarios/a+b.yaml', true],
    ['scenarios/a+b.yaml', 'scenarios/aab.yaml', false],
  ])('%s matches %s: %s', (pattern, path, expected) => {
    expect(globToRegExp(pattern).test(path)).toBe(expected);
  });

  it('matchesAny is true when one pattern matches', () => {
    expect(matchesAny('e2e/x.yaml', ['scenarios/*.yaml', 'e2e/*.yaml'])).toBe(true);
    expect(matchesAny('e2e/x.yaml', ['scenarios/*.yaml'])).toBe(false);
  });
});
