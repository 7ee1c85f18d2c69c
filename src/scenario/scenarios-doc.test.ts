import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from './json-schema.js';
import { AGENT_KINDS } from './schema-agent.js';
import { CHECK_KINDS, METRICS } from './schema-checks.js';

const page = readFileSync(new URL('../../docs/SCENARIOS.md', import.meta.url), 'utf8');

/** Every property name anywhere in a JSON Schema (nested objects, unions, arrays). */
function propertyKeys(node: unknown, keys = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) propertyKeys(item, keys);
  } else if (node !== null && typeof node === 'object') {
    const { properties } = node as { properties?: unknown };
    if (properties !== null && typeof properties === 'object' && !Array.isArray(properties)) {
      for (const key of Object.keys(properties)) keys.add(key);
    }
    for (const value of Object.values(node)) propertyKeys(value, keys);
  }
  return keys;
}

describe('docs/SCENARIOS.md', () => {
  // The same schema `obra-validate schema` prints and schema/scenario.schema.json holds.
  const keys = [...propertyKeys(scenarioJsonSchema())];

  it('names every key of the scenario schema, as `key`', () => {
    expect(keys.length).toBeGreaterThan(80);
    expect(keys.filter((key) => !page.includes(`\`${key}\``))).toEqual([]);
  });

  it('names every agent kind, check kind and metric', () => {
    const values = [...AGENT_KINDS, ...CHECK_KINDS, ...METRICS];
    expect(values.filter((value) => !page.includes(`\`${value}\``))).toEqual([]);
  });

  it('has the "solution" section the oracle refusal points at, and the command agent contract', () => {
    expect(page).toMatch(/^## solution$/m);
    for (const placeholder of ['prompt', 'sessionId', 'workspace', 'maxTurns', 'resume']) {
      expect(page).toContain(`\`{{${placeholder}}}\``);
    }
    expect(page).toContain('session_id');
  });
});
