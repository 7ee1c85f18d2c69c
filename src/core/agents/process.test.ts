import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createProcessTracker, type ProcessTracker, runProcess } from './process.js';

const dir = mkdtempSync(join(tmpdir(), 'obra-process-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('createProcessTracker', () => {
  it("counts and kills its own groups, while a parent tracker sees every child's", async () => {
    const run = createProcessTracker();
    const first = createProcessTracker(run);
    const second = createProcessTracker(run);
    const sleeping = (tracker: ProcessTracker) =>
      runProcess({ argv: ['sleep', '30'], cwd: dir, env: process.env, tracker });
    const a = sleeping(first);
    const b = sleeping(second);
    await until(() => run.size() === 2);
    expect([first.size(), second.size()]).toEqual([1, 1]);
    expect(first.killAll()).toBe(1);
    expect((await a).signal).toBe('SIGKILL');
    expect([first.size(), second.size(), run.size()]).toEqual([0, 1, 1]);
    expect(run.killAll()).toBe(1);
    expect((await b).signal).toBe('SIGKILL');
    expect(run.size()).toBe(0);
  });
});

describe('runProcess: a launcher that throws', () => {
  it('rejects and leaves no deadline timer behind', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timers();
    const failing = {
      launch: () => {
        throw new Error('no launch host');
      },
    };
    await expect(
      runProcess({ argv: ['true'], cwd: dir, env: process.env, timeoutMs: 60_000, launcher: failing }),
    ).rejects.toThrow('no launch host');
    expect(timers()).toBe(before);
  });
});

async function until(condition: () => boolean): Promise<void> {
  const end = Date.now() + 5000;
  while (!condition() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('runProcess: output logs', () => {
  it.each([
    ['a short output (written in one go at the end)', 10, 4 * 1024 * 1024],
    ['an output past the 64 KiB log buffer (streamed to the file)', 200_000, 4 * 1024 * 1024],
  ])('keeps %s whole in the log file and in memory', async (_name, bytes, maxBufferBytes) => {
    const name = `out-${bytes}`;
    const outcome = await runProcess({
      argv: ['node', '-e', `process.stdout.write('x'.repeat(${bytes}))`],
      cwd: dir,
      env: process.env,
      stdoutPath: join(dir, `${name}.stdout.log`),
      stderrPath: join(dir, `${name}.stderr.log`),
      maxBufferBytes,
    });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout).toBe('x'.repeat(bytes));
    expect(readFileSync(join(dir, `${name}.stdout.log`), 'utf8')).toBe('x'.repeat(bytes));
    expect(outcome.stdoutPath).toBe(join(dir, `${name}.stdout.log`));
    // An empty stream leaves no file, and the outcome names only the logs written.
    expect(existsSync(join(dir, `${name}.stderr.log`))).toBe(false);
    expect(outcome.stderrPath).toBeUndefined();
  });

  it('bounds memory (head and tail) and the log file (4 x the memory bound)', async () => {
    const outcome = await runProcess({
      argv: ['node', '-e', "process.stdout.write('a'.repeat(1000) + 'b'.repeat(100000) + 'c'.repeat(1000))"],
      cwd: dir,
      env: process.env,
      stdoutPath: join(dir, 'bounded.stdout.log'),
      maxBufferBytes: 2000,
    });
    expect(outcome.stdout.startsWith('a'.repeat(1000))).toBe(true);
    expect(outcome.stdout.endsWith('c'.repeat(1000))).toBe(true);
    expect(outcome.stdout).toContain('bytes cut by obra-validate');
    const logged = readFileSync(join(dir, 'bounded.stdout.log'), 'utf8');
    expect(logged.startsWith('a'.repeat(1000))).toBe(true);
    expect(logged.length).toBeGreaterThanOrEqual(8000);
    expect(logged.length).toBeLessThan(102_000);
  });
});
