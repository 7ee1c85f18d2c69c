import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath, makeTempProject, repoRoot, runCli } from './helpers/run-cli.js';

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

  it('a reader that closes the pipe early (`run --help | head -1`): exit 0, no stack trace', async () => {
    const child = spawn(
      'bash',
      ['-c', `node ${JSON.stringify(cliPath)} run --help | head -1; echo "exit=\${PIPESTATUS[0]}" >&2`],
      {
        cwd: project.dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    await new Promise((resolve) => child.on('close', resolve));
    expect(stderr.trim()).toBe('exit=0');
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
