// Stryker over src/core, the shipped scenarios as the only tests (vitest.mutation.config.ts). Run it with
// `npm run mutation` (scripts/mutation/run.mjs), which writes the sample of mutant sites first: with
// OBRA_MUTATION_SAMPLE set, exactly the sampled sites are mutated (their ranges, and the `sample`
// ignorer for what lies inside them); without it, every mutant of src/core.
import { readFileSync } from 'node:fs';
import { rangeOf } from './scripts/mutation/sample.mjs';

const samplePath = process.env.OBRA_MUTATION_SAMPLE;
const sample = samplePath ? JSON.parse(readFileSync(samplePath, 'utf8')) : undefined;

export default {
  $schema: './node_modules/@stryker-mutator/core/schema/stryker-schema.json',
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: sample
    ? sample.sites.map((site) => rangeOf(site.file, site.location))
    : ['src/core/**/*.ts', '!src/core/**/*.test.ts', '!src/core/**/test-helpers/**', '!src/core/faults.ts'],
  ...(sample
    ? { plugins: ['@stryker-mutator/*', './scripts/mutation/ignorer.mjs'], ignorers: ['sample'] }
    : {}),
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 30000,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  tempDirName: '.stryker-tmp',
  // dist/ is left out except the native launch host: without it the sandbox's runs would start the agents
  // through the Node host, and the native host's protocol (the one a real run uses) would go untested.
  ignorePatterns: ['reports', 'bench/.peer', '/dist/*', '!/dist/native', '.vitest-results.json', 'coverage'],
  cleanTempDir: 'always',
};
