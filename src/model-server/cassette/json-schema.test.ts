import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cassetteJsonSchema, cassetteJsonSchemaText } from './json-schema.js';

describe('cassette JSON Schema', () => {
  it('the committed schema/cassette.schema.json is current (regenerate: npx tsx src/model-server/cassette/write-json-schema.ts)', () => {
    const committed = readFileSync(new URL('../../../schema/cassette.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(cassetteJsonSchemaText());
  });

  it('describes the fault kinds and the turn keys', () => {
    const text = JSON.stringify(cassetteJsonSchema());
    for (const word of [
      'http_error',
      'rate_limit',
      'truncated',
      'malformed',
      'drop',
      'tool_result_from',
      'first_user_not_contains',
    ]) {
      expect(text).toContain(word);
    }
  });
});
