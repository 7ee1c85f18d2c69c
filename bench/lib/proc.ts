import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuTicks, recordSteal, stolenShare } from './steal.js';

export interface Timed {
  wallMs: number;
  /** Peak resident set size of the process in KiB (GNU time's %M), when /usr/bin/time exists. */
  maxRssKb: number | undefined;
  exitCode: number | null;
  /** The share of the machine's CPU ticks stolen by its hypervisor during the run (steal.ts). */
  steal: number | undefined;
  stdout: string;
  stderr: string;
}

export interface TimedOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Measure peak RSS through /usr/bin/time (adds one fork + exec, under a millisecond). */
  rss?: boolean;
  timeoutMs?: number;
}

const GNU_TIME = '/usr/bin/time';

/** Runs a command to its end; wall time is measured around spawn → close. */
export function runTimed(argv: readonly string[], options: TimedOptions): Promise<Timed> {
  const useTime = options.rss === true && existsSync(GNU_TIME);
  const scratch = useTime ? mkdtempSync(join(tmpdir(), 'obra-bench-time-')) : undefined;
  const rssFile = scratch ? join(scratch, 'rss') : undefined;
  const full = rssFile ? [GNU_TIME, '-f', '%M', '-o', rssFile, ...argv] : [...argv];
  return new Promise((resolve, reject) => {
    const ticks = cpuTicks();
    const started = performance.now();
    const child = spawn(full[0]!, full.slice(1), {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 3_600_000);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      const wallMs = performance.now() - started;
      const steal = stolenShare(ticks, cpuTicks());
      recordSteal(steal);
      clearTimeout(timer);
      let maxRssKb: number | undefined;
      if (rssFile && existsSync(rssFile)) {
        const value = Number.parseInt(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1) ?? '', 10);
        maxRssKb = Number.isFinite(value) ? value : undefined;
      }
      if (scratch) rmSync(scratch, { recursive: true, force: true });
      resolve({ wallMs, maxRssKb, exitCode, steal, stdout, stderr });
    });
  });
}

/** Throws with the command's output when it did not exit with one of `ok`. */
export function expectExit(what: string, result: Timed, ok: readonly number[] = [0]): Timed {
  if (result.exitCode === null || !ok.includes(result.exitCode)) {
    throw new Error(
      `${what} exited with ${result.exitCode}:\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`,
    );
  }
  return result;
}
