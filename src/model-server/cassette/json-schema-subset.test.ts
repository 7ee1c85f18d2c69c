import { describe, expect, it } from 'vitest';
import { type JsonSchema, schemaMismatches } from './json-schema-subset.js';

const write: JsonSchema = {
  type: 'object',
  properties: {
    file_path: { type: 'string' },
    content: { type: 'string' },
    mode: { type: 'string', enum: ['a', 'w'] },
    timeout: { type: 'number', maximum: 600, exclusiveMinimum: 0 },
    tags: { type: 'array', maxItems: 2, items: { type: 'string', maxLength: 3 } },
  },
  required: ['file_path', 'content'],
  additionalProperties: false,
};

describe('schemaMismatches (the JSON Schema subset of tool inputs)', () => {
  it('a fitting input has none', () => {
    expect(
      schemaMismatches({ file_path: '/a', content: 'x', mode: 'w', timeout: 5, tags: ['ab'] }, write),
    ).toEqual([]);
  });

  it('an extra key is unexpected at its own path; a required key missing is reported at its parent', () => {
    expect(schemaMismatches({ file_path: '/a', 'if x:': null }, write)).toEqual([
      { path: [], kind: 'missing', key: 'content', message: 'lacks "content"' },
      {
        path: ['if x:'],
        kind: 'unexpected',
        key: 'if x:',
        allowed: ['file_path', 'content', 'mode', 'timeout', 'tags'],
        message: 'is not a parameter',
        got: 'if x:',
      },
    ]);
  });

  it('types, enums, bounds and nested items are each named', () => {
    const found = schemaMismatches(
      { file_path: 3, content: 'x', mode: 'r', timeout: 0, tags: ['abcd', 1, 'c'] },
      write,
    ).map((m) => `${m.path.join('.')} ${m.message}`);
    expect(found).toEqual([
      'file_path must be a string, not an integer',
      'mode must be one of "a", "w"',
      'timeout must be more than 0',
      'tags may hold at most 2 items',
      'tags.0 may be at most 3 characters long',
      'tags.1 must be a string, not an integer',
    ]);
  });

  it('additionalProperties as a schema checks every extra value; anyOf needs one form to fit', () => {
    const map: JsonSchema = { type: 'object', additionalProperties: { type: 'number' } };
    expect(schemaMismatches({ a: 1, b: 'x' }, map).map((m) => m.path)).toEqual([['b']]);
    const either: JsonSchema = { anyOf: [{ type: 'string' }, { type: 'integer', minimum: 1 }] };
    expect(schemaMismatches('x', either)).toEqual([]);
    expect(schemaMismatches(0, either)[0]?.message).toBe('fits none of the forms the tool accepts');
  });

  it('a key named like an Object method is still an unknown key; a required key with a default may be left out', () => {
    expect(
      schemaMismatches({ file_path: 'a', content: 'b', constructor: 1 }, write).map((m) => m.kind),
    ).toEqual(['unexpected']);
    const search: JsonSchema = {
      type: 'object',
      properties: { query: { type: 'string' }, max_results: { type: 'number', default: 5 } },
      required: ['query', 'max_results'],
    };
    expect(schemaMismatches({ query: 'select:X' }, search)).toEqual([]);
    expect(schemaMismatches({ max_results: 5 }, search).map((m) => m.key)).toEqual(['query']);
  });
});
