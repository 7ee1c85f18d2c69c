import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance } from './closest.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
    ['view', 'veiw', 1],
    ['agnet', 'agent', 1],
    ['ca', 'abc', 3],
    ['report', 'report', 0],
  ])('%j vs %j is %i', (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
  });
});

describe('closest', () => {
  const commands = ['run', 'view', 'report', 'schema', 'doctor', 'init', 'model-server'];
  it.each([
    ['vew', 'view'],
    ['reprot', 'report'],
    ['docter', 'doctor'],
    ['Schema', 'schema'],
    ['model-sever', 'model-server'],
    ['xyzzy', undefined],
    ['rnu', 'run'],
    ['a', undefined],
  ])('%j suggests %j', (input, expected) => {
    expect(closest(input, commands)).toBe(expected);
  });

  it('formats a hint only when there is a match', () => {
    expect(didYouMean('--concurency', ['--concurrency', '--grep'])).toBe(' Did you mean "--concurrency"?');
    expect(didYouMean('--zzz', ['--concurrency'])).toBe('');
  });
});
