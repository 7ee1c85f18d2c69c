/** Config file names Vitest reads (a Vite config is used when no Vitest config exists). */
export const VITEST_CONFIG_NAMES = [
  'vitest.config.ts',
  'vitest.config.mts',
  'vitest.config.cts',
  'vitest.config.js',
  'vitest.config.mjs',
  'vitest.config.cjs',
  'vite.config.ts',
  'vite.config.mts',
  'vite.config.cts',
  'vite.config.js',
  'vite.config.mjs',
  'vite.config.cjs',
];

/** Created when the project has no Vitest or Vite config (.mts: ESM whatever package.json says). */
export const NEW_VITEST_CONFIG = 'vitest.config.mts';

export const vitestConfigTemplate = `// Created by \`npx obra-validate init\`: scenarios/*.yaml run as Vitest tests (one test per attempt),
// next to the project's own tests. \`npx vitest\` watches them; \`npx vitest --ui\` shows them in a browser.
import { obraValidate } from 'obra-validate/vitest';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [obraValidate()],
});
`;

/** The lines to add to an existing config (printed, never patched in). */
export const vitestConfigLines = [
  "import { obraValidate } from 'obra-validate/vitest';",
  '// inside defineConfig({ ... }) (or the project of `test.projects` that should run the scenarios):',
  'plugins: [obraValidate()],',
];
