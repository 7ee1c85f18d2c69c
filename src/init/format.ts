import type { InitResult } from './init-project.js';
import { EXAMPLE_SCENARIO, FIRST_BASELINE_COMMAND } from './templates.js';
import { vitestConfigLines } from './vitest-config.js';

/** What `obra-validate init` prints (pure). */
export function formatInitResult(result: InitResult): string {
  const width = Math.max(...[...result.created, ...result.skipped].map((f) => f.path.length));
  const out: string[] = [`obra-validate init: ${result.dir}`];
  for (const file of result.created) out.push(`  created  ${file.path.padEnd(width)}  ${file.purpose}`);
  for (const file of result.skipped) {
    out.push(`  skipped  ${file.path.padEnd(width)}  exists: left unchanged`);
  }
  if (result.vitest.kind === 'existing' && result.vitest.hasPlugin) {
    out.push('', `Vitest: ${result.vitest.file} already uses obra-validate/vitest.`);
  } else if (result.vitest.kind === 'existing') {
    out.push(
      '',
      `Vitest: ${result.vitest.file} exists and was not changed. To run the scenarios as Vitest tests, add:`,
      ...vitestConfigLines.map((line) => `    ${line}`),
    );
  }
  if (!result.hasPackageJson) {
    out.push('', 'No package.json here: install first with `npm install --save-dev obra-validate vitest`.');
  }
  out.push(
    '',
    'Next:',
    `  npx obra-validate scenarios/      run the example scenario "${EXAMPLE_SCENARIO}" (no API key, no network)`,
    '  npx obra-validate doctor          see what else can run here (containers, Ollama)',
    '  npx vitest run                    the scenarios as Vitest tests, next to your own',
    `  ${FIRST_BASELINE_COMMAND}`,
    '                                    the first baseline: commit it; the CI workflow compares with it',
    '',
  );
  if (result.gitignoreHidesReports) {
    out.push(
      '.gitignore ignores all of reports/, so the baseline cannot be committed: replace that line with',
      '  reports/*',
      '  !reports/baselines/',
      '',
    );
  }
  return out.join('\n');
}
