import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempProject, repoRoot, runCli } from './helpers/run-cli.js';

const project = makeTempProject({ 'scenarios/README.md': 'no scenarios here' });
afterAll(() => project.cleanup());

const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string })
  .version;

describe('obra-validate CLI (spawned)', () => {
  it('--help lists the commands and exits 0', async () => {
    const result = await runCli(['--help'], { cwd: project.dir });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Usage: obra-validate');
    expect(result.stdout).toMatch(/run \[options\] \[paths...\]/);
    for (const command of ['model-server', 'schema', 'report']) expect(result.stdout).toContain(command);
  });

  it('--version prints the package version and exits 0', async () => {
    const result = await runCli(['--version'], { cwd: project.dir });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it('an unknown flag names the flag and exits 2', async () => {
    const result = await runCli(['--colour'], { cwd: project.dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("unknown option '--colour'");
  });

  it('an unknown command or path names it, suggests the closest command and exits 2', async () => {
    const result = await runCli(['rn'], { cwd: project.dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('"rn"');
    expect(result.stderr).toContain('Did you mean "run"?');
  });
});
