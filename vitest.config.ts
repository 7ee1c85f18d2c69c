import { defineConfig } from 'vitest/config';
import { obraValidate } from './src/vitest/index.js';

// Two projects; the json reporter's counts feed the last line of .ci/run.
// - unit (`npm test`): unit tests beside their modules (src/) and the end-to-end tests that spawn the
//   CLI (test/; test/run-shipped.test.ts already runs the shipped scenarios through the CLI);
// - scenarios (`npm run test:scenarios`): the shipped scenarios/*.yaml as test files, through this
//   package's own Vitest plugin, loaded from its source (no build needed; test/vitest-plugin.test.ts
//   tests the built `obra-validate/vitest` in a project of its own). Kept out of `npm test`: it runs
//   the three scenarios once more (about 20 s on an idle machine) and proves nothing the CLI run and
//   test/vitest-plugin.test.ts do not.
const shared = { pool: 'forks', testTimeout: 60_000, hookTimeout: 60_000 } as const;

export default defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts', 'test/**/*.test.tsx'],
          ...shared,
        },
      },
      {
        plugins: [obraValidate()],
        test: { name: 'scenarios', include: [], ...shared },
      },
    ],
  },
});
