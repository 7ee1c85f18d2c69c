import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDeferredLogWriter } from './log-writer.js';
import { createProcessTracker, runProcess } from './process.js';

const dir = mkdtempSync(join(tmpdir(), 'obra-logs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('createDeferredLogWriter', () => {
  it("writes a call's log once the next process is launched, not before", async () => {
    const logs = createDeferredLogWriter();
    const first = join(dir, 'first.stdout.log');
    const second = join(dir, 'second.stdout.log');
    const call = (stdoutPath: string, text: string) =>
      runProcess({ argv: ['echo', text], cwd: dir, env: process.env, stdoutPath, logWriter: logs });
    const one = await call(first, 'one');
    // Named in the outcome, held until the next launch.
    expect(one.stdoutPath).toBe(first);
    expect(existsSync(first)).toBe(false);
    await call(second, 'two');
    expect(readFileSync(first, 'utf8')).toBe('one\n');
    expect(existsSync(second)).toBe(false);
    logs.dispose();
    expect(readFileSync(second, 'utf8')).toBe('two\n');
    expect(logs.unwritten()).toEqual([]);
  });

  it('a writer that throws on launch rejects the call, and the process keeps its deadline', async () => {
    const tracker = createProcessTracker();
    const throwing = {
      write: () => {},
      launched: () => {
        throw new Error('writer broke');
      },
      flush: () => {},
    };
    await expect(
      runProcess({
        argv: ['sleep', '30'],
        cwd: dir,
        env: process.env,
        timeoutMs: 200,
        tracker,
        logWriter: throwing,
      }),
    ).rejects.toThrow('writer broke');
    // The deadline still kills the group that was started.
    const until = Date.now() + 10_000;
    while (tracker.size() > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(tracker.size()).toBe(0);
  });

  it('keeps the outcome and reports a log it could not write', () => {
    const logs = createDeferredLogWriter();
    const path = join(dir, 'no-such-folder', 'x.log');
    logs.write(path, 'text');
    logs.write(join(dir, 'ok.log'), 'fine');
    logs.flush();
    expect(readFileSync(join(dir, 'ok.log'), 'utf8')).toBe('fine');
    expect(logs.unwritten()).toEqual([{ path, message: expect.stringMatching(/ENOENT/) }]);
    logs.dispose();
  });

  it('writes what it holds when the process exits (process.exit, a second Ctrl+C)', () => {
    const path = join(dir, 'at-exit.log');
    const module = new URL('./log-writer.ts', import.meta.url).pathname;
    const script = `import { createDeferredLogWriter } from ${JSON.stringify(module)};
      const logs = createDeferredLogWriter();
      logs.write(${JSON.stringify(path)}, 'held');
      process.exit(0);`;
    execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: process.cwd(), // where tsx resolves
    });
    expect(readFileSync(path, 'utf8')).toBe('held');
  });
});
