import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { ScenarioFs } from './file-system.js';
import { parseScenario } from './parse-scenario.js';

/** No file system: every referenced path is missing (the rules must still not throw). */
const emptyFs: ScenarioFs = { kind: () => undefined, realpath: () => undefined, list: () => undefined };
const options = { rootDir: '/project', fs: emptyFs };

const keys = fc.constantFrom(
  'version',
  'name',
  'tasks',
  'checks',
  'agent',
  'kind',
  'id',
  'title',
  'generate',
  'file',
  'command',
  'sql',
  'metric',
  'depends_on',
  'needs',
  'budgets',
  'wall',
  'workspace',
  'inputs',
  'golden',
  'matches',
  'contains',
);
const scalars = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('1', 'a', '*', '../x', '{{i}}', '30s'),
);
const values = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    scalars,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(keys, tie('value'), { maxKeys: 5 }),
  ),
})).value;

describe('parseScenario never throws', () => {
  it('on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const result = parseScenario(text, 's.yaml', options);
        expect(result.scenario !== undefined || result.problems.length > 0).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('on arbitrary YAML documents built from scenario keys', () => {
    const base = { version: 1, name: 'f', agent: { kind: 'oracle' }, tasks: [{ id: 'a', title: 'A' }] };
    fc.assert(
      fc.property(fc.dictionary(keys, values, { maxKeys: 6 }), (extra) => {
        const result = parseScenario(stringify({ ...base, ...extra }), 's.yaml', options);
        for (const problem of result.problems) {
          expect(problem.line).toBeGreaterThanOrEqual(1);
          expect(problem.message).not.toContain('\u0000');
        }
        expect(result.scenario !== undefined || result.problems.length > 0).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
