import { describe, expect, it } from 'vitest';
import {
  type DataPath,
  followsFromRemoval,
  pathsOverlap,
  removalOf,
  type Validation,
  validateWhatRemains,
} from './prune.js';

/** Accepts a mapping whose values are all numbers and which has a `need` key. */
function numbersWithNeed(data: unknown): Validation<Record<string, number>> {
  const record = data as Record<string, unknown>;
  const bad: DataPath[] = Object.entries(record)
    .filter(([, v]) => typeof v !== 'number' && !Array.isArray(v))
    .map(([k]) => [k]);
  if (!('need' in record)) bad.push(['need']);
  return bad.length === 0 ? { ok: true, value: record as Record<string, number> } : { ok: false, paths: bad };
}

describe('validateWhatRemains', () => {
  it('removes the rejected keys from a copy and validates the rest', () => {
    const data = { need: 1, a: 'x', b: 2 };
    expect(validateWhatRemains(data, [['a']], numbersWithNeed)).toEqual({
      value: { need: 1, b: 2 },
      pruned: [['a']],
    });
    expect(data).toEqual({ need: 1, a: 'x', b: 2 });
  });

  it('a list item takes its whole list (no renumbering), a repeated path is removed once', () => {
    const result = validateWhatRemains(
      { need: 1, list: [1, 'x', 3] },
      [
        ['list', 1],
        ['list', 2],
      ],
      numbersWithNeed,
    );
    expect(result).toEqual({ value: { need: 1 }, pruned: [['list']] });
  });

  it('gives up when the root would have to go (a required key is missing at the top)', () => {
    expect(validateWhatRemains({ need: 'x' }, [['need']], numbersWithNeed)).toBeUndefined();
  });

  it('is linear: 20,000 rejected keys', () => {
    const data: Record<string, unknown> = { need: 1 };
    for (let i = 0; i < 20_000; i++) data[`k${i}`] = 'x';
    const start = Date.now();
    const result = validateWhatRemains(
      data,
      Object.keys(data)
        .slice(1)
        .map((k) => [k]),
      numbersWithNeed,
    );
    expect(result?.value).toEqual({ need: 1 });
    expect(Date.now() - start).toBeLessThan(2000);
  });
});

describe('pathsOverlap', () => {
  it.each([
    ['checks[0].status', 'checks[0].status', true],
    ['checks[0]', 'checks[0].status', true],
    ['agent', 'agent.cassette', true],
    ['', 'anything', true],
    ['checks[0].status', 'checks[0].task', false],
    ['checks[1]', 'checks[10].task', false],
    ['agent', 'agents', false],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(pathsOverlap(a, b)).toBe(expected);
    expect(pathsOverlap(b, a)).toBe(expected);
  });
});

describe('followsFromRemoval', () => {
  const removal = removalOf([['agent', 'model']], (path) => path.map(String).join('.'));
  it('at, inside or above a removed node, or about a key lacking next to one', () => {
    expect(followsFromRemoval(removal, 'agent.model')).toBe(true);
    expect(followsFromRemoval(removal, 'agent')).toBe(true);
    expect(followsFromRemoval(removal, 'agent.cassette', 'agent')).toBe(true);
  });
  it('not a sibling the document has, nor anything elsewhere', () => {
    expect(followsFromRemoval(removal, 'agent.cassette')).toBe(false);
    expect(followsFromRemoval(removal, 'llm.model', 'llm')).toBe(false);
  });
});
