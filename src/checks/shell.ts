import { mkdirSync } from 'node:fs';
import { runProcess } from '../core/index.js';

/** How a shell command ended (the core's process outcome: exit, output bounded head+tail, timeouts). */
export type ShellOutcome = Awaited<ReturnType<typeof runProcess>>;

export interface ShellOptions {
  cwd: string;
  /** TMPDIR of the command (created); the rest of the environment is kept. */
  tmpDir: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Grace between SIGTERM and SIGKILL of the command's process group at its deadline. */
const KILL_GRACE_MS = 500;

/**
 * Runs `sh -c command` in its own process group (spawned detached): at the deadline, on abort, and when
 * the shell exits, the whole group is killed, so nothing a check starts outlives it.
 */
export function runShell(command: string, options: ShellOptions): Promise<ShellOutcome> {
  mkdirSync(options.tmpDir, { recursive: true });
  return runProcess({
    argv: ['sh', '-c', command],
    cwd: options.cwd,
    env: { ...process.env, TMPDIR: options.tmpDir },
    timeoutMs: options.timeoutMs,
    killGraceMs: KILL_GRACE_MS,
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

/** `exit 1`, `signal SIGKILL`: how a process ended, for messages. */
export function describeExit(outcome: Pick<ShellOutcome, 'exitCode' | 'signal'>): string {
  return outcome.exitCode === null ? `signal ${outcome.signal ?? 'unknown'}` : `exit ${outcome.exitCode}`;
}
