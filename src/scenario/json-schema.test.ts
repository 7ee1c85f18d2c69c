import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema, scenarioJsonSchemaText } from './json-schema.js';

const committed = new URL('../../schema/scenario.schema.json', import.meta.url);

describe('schema/scenario.schema.json', () => {
  it('is current (regenerate: node --import tsx src/scenario/write-json-schema.ts)', () => {
    expect(readFileSync(committed, 'utf8')).toBe(scenarioJsonSchemaText());
  });

  it('describes what a user writes: required keys, closed objects, the check kinds', () => {
    const schema = scenarioJsonSchema() as {
      required: string[];
      additionalProperties: boolean;
      properties: Record<string, { anyOf?: unknown[]; items?: { anyOf?: unknown[] } }>;
    };
    expect(schema.required).toEqual(['version', 'name', 'tasks']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.checks?.items?.anyOf).toHaveLength(7);
  });
});
