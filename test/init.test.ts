import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { latestReport, verdicts } from './helpers/project.js';
import { runCli } from './helpers/run-cli.js';
import { makeLinkedProject, spawnVitest } from './helpers/vitest-project.js';

// `npx obra-validate init` in a fresh project (CommonJS package.json, obra-validate and vitest linked
// into node_modules), then the example it wrote runs for real: through the CLI and through Vitest.
describe('npx obra-validate init (spawned)', () => {
  const project = makeLinkedProject({ 'package.json': '{ "name": "my-app", "private": true }\n' });
  afterAll(() => project.cleanup());

  it('adds the example; `npx obra-validate scenarios/` passes it right away', async () => {
    const init = await runCli(['init'], { cwd: project.dir });
    expect(init.stderr).toBe('');
    expect(init.exitCode).toBe(0);
    for (const path of [
      'scenarios/hello.yaml',
      'fixtures/cassettes/hello.yaml',
      'fixtures/hello/start/README.md',
      'obra-validate.config.yaml',
      '.github/workflows/obra-validate.yml',
      'reports/.gitignore',
      'vitest.config.mts',
    ]) {
      expect(init.stdout).toMatch(new RegExp(`created {2}${path.replaceAll('.', '\\.')} `));
    }

    const run = await runCli(['scenarios/'], { cwd: project.dir, timeoutMs: 180_000 });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const report = latestReport(project.dir);
    expect(verdicts(report)).toEqual({ hello: 'passed' });
    expect(report.scenarios[0]!.attempts[0]!.checks.filter((c) => c.status !== 'passed')).toEqual([]);
  }, 240_000);

  it('the Vitest config it wrote runs the example as a test', async () => {
    const vitest = spawnVitest(['run'], project.dir);
    const code = await vitest.exited;
    expect(code, vitest.output()).toBe(0);
    expect(vitest.output()).toMatch(/✓ scenarios\/hello\.yaml \(1 test\)/);
  }, 240_000);

  it('a second init overwrites nothing and lists every file as skipped', async () => {
    writeFileSync(join(project.dir, 'scenarios/hello.yaml'), '# my own edits\n', { flag: 'a' });
    const before = readFileSync(join(project.dir, 'scenarios/hello.yaml'), 'utf8');
    const again = await runCli(['init'], { cwd: project.dir });
    expect(again.exitCode).toBe(0);
    expect(again.stdout).not.toContain('created');
    expect(again.stdout.match(/ skipped /g)).toHaveLength(6);
    expect(again.stdout).toContain('vitest.config.mts already uses obra-validate/vitest.');
    expect(readFileSync(join(project.dir, 'scenarios/hello.yaml'), 'utf8')).toBe(before);
  });
});
