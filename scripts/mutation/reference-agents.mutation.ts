// Part of the tests of `npm run mutation` (vitest.mutation.config.ts), beside the shipped scenarios
// themselves: the same scenarios with the reference agents, as the "done when" runs them
// (`--agent oracle` passes every one, `--agent null` fails every one). In-process, from src/, so the
// core they drive (and the oracle and null agents of src/core/agents) is the mutated source.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runValidation } from '../../src/index.js';

const reportsDir = mkdtempSync(join(tmpdir(), 'obra-mutation-reference-'));
afterAll(() => rmSync(reportsDir, { recursive: true, force: true }));

const verdicts = async (agent: 'oracle' | 'null') => {
  const result = await runValidation({
    paths: ['scenarios'],
    agent,
    scale: 3,
    reportsDir,
    reporters: [],
    ...(agent === 'null' ? { ignoreNeeds: true } : {}),
  });
  return Object.fromEntries(result.report.scenarios.map((s) => [s.name, s.verdict]));
};

describe('the shipped scenarios with the reference agents', () => {
  it('--agent oracle passes every scenario', async () => {
    const seen = await verdicts('oracle');
    expect(Object.entries(seen).filter(([, v]) => v !== 'passed')).toEqual([]);
    expect(Object.keys(seen).length).toBeGreaterThan(0);
  });

  it('--agent null fails every scenario', async () => {
    const seen = await verdicts('null');
    expect(Object.entries(seen).filter(([, v]) => v !== 'failed')).toEqual([]);
    expect(Object.keys(seen).length).toBeGreaterThan(0);
  });
});
