import { defineConfig } from 'vitest/config';
import { obraValidate } from './src/vitest/index.js';

// The tests of `npm run mutation` (Stryker, stryker.config.json): the shipped scenarios/*.yaml, run
// in-process through this package's plugin loaded from src/, so the orchestrator core they drive is the
// mutated source. A mutant the scenarios do not kill is a contract the end-to-end run does not check.
export default defineConfig({
  plugins: [obraValidate()],
  test: { include: [], pool: 'forks', testTimeout: 120_000, hookTimeout: 120_000 },
});
