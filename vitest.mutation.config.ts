import { basename } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { obraValidate } from './src/vitest/index.js';

// The tests of `npm run mutation` (Stryker, stryker.config.mjs): the shipped scenarios/*.yaml, run
// in-process through this package's plugin loaded from src/, so the orchestrator core they drive is the
// mutated source. A mutant the scenarios do not kill is a contract the end-to-end run does not check.

/**
 * Stryker stops a mutant's run at the first failing test, so the scenarios that are quick and take many
 * paths run first; a scenario not listed runs after these, the stress scenario (ten times the same path)
 * last.
 */
const ORDER = [
  'agents',
  'stopped',
  'store-failure',
  'evidence',
  'calculator',
  'csv-regression',
  'project',
  'turns-and-errors',
  'decisions',
];

class QuickFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      // Every scenario again with the oracle and the null agent (about 25 s): last, so a mutant the scenarios
      // kill never waits for it; with per-test coverage, a mutant only it reaches (the oracle) runs it alone.
      if (file.moduleId.endsWith('.mutation.ts')) return ORDER.length + 2;
      const name = basename(file.moduleId).replace(/\.ya?ml$/, '');
      const at = ORDER.indexOf(name);
      return at === -1 ? (name === 'stress' ? ORDER.length + 1 : ORDER.length) : at;
    };
    return [...files].sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  // The stress scenario with 3 of its 10 generated tasks (`--scale 3`): the same path ten times adds a
  // minute to every surviving mutant's run, not detection.
  plugins: [obraValidate({ scale: 3 })],
  test: {
    // The shipped scenarios (the plugin) and the same scenarios with the reference agents.
    include: ['scripts/mutation/reference-agents.mutation.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    sequence: { sequencer: QuickFirst },
  },
});
