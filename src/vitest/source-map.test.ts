import { describe, expect, it } from 'vitest';
import { lineSourceMap, vlq } from './source-map.js';
import { decodeMappings as decode } from './test-helpers/decode-mappings.js';

describe('vlq', () => {
  it.each([
    [0, 'A'],
    [1, 'C'],
    [-1, 'D'],
    [15, 'e'],
    [16, 'gB'],
    [-16, 'hB'],
    [123, '2H'],
  ])('encodes %i as %s', (value, text) => {
    expect(vlq(value)).toBe(text);
  });
});

describe('lineSourceMap', () => {
  it('maps each generated line to its YAML position (1-based in, 0-based in the map)', () => {
    const map = lineSourceMap('/p/s.yaml', 'name: x\n', '/p/s.yaml.js', [
      { line: 3, col: 1 },
      { line: 3, col: 1 },
      { line: 28, col: 5 },
      { line: 2, col: 3 },
    ]);
    expect(map).toMatchObject({ version: 3, sources: ['/p/s.yaml'], sourcesContent: ['name: x\n'] });
    expect(decode(map.mappings)).toEqual([
      [0, 0, 2, 0],
      [0, 0, 2, 0],
      [0, 0, 27, 4],
      [0, 0, 1, 2],
    ]);
  });
});
