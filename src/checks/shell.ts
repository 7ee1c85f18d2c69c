import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type CommandWrapper, runProcess } from '../core/index.js';
import { withoutSecrets } from '../shared/index.js';

/** How a shell command ended (the core's process outcome: exit, output bounded head+tail, timeouts). */
export type ShellOutcome = Awaited<ReturnType<typeof runProcess>>;

export interface ShellOptions {
  cwd: string;
  /** Folder under which the command gets its own fresh TMPDIR (removed when it ends); the rest of the environment is kept, without secret-named variables. */
  tmpParent: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Runs the command elsewhere (a sandbox container); none: on the host. */
  wrap?: CommandWrapper;
}

/** Grace between SIGTERM and SIGKILL of the command's process group at its deadline. */
const KILL_GRACE_MS = 500;

/**
 * Runs `sh -c command` in its own process group (spawned detached): at the deadline, on abort, and when
 * the shell exits, the whole group is killed, so nothing a check starts outlives it. Its TMPDIR is a
 * fresh folder under `tmpParent`, removed afterwards.
 */
export async function runShell(command: string, options: ShellOptions): Promise<ShellOutcome> {
  mkdirSync(options.tmpParent, { recursive: true });
  const tmpDir = mkdtempSync(join(options.tmpParent, 'tmp-'));
  try {
    return await runProcess({
      argv: ['sh', '-c', command],
      cwd: options.cwd,
      // No secret of the harness's environment: a check that prints its environment cannot leak one.
      env: { ...withoutSecrets(process.env), TMPDIR: tmpDir },
      timeoutMs: options.timeoutMs,
      killGraceMs: KILL_GRACE_MS,
      ...(options.wrap ? { wrap: options.wrap } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
}

/** `exit 1`, `signal SIGKILL`: how a process ended, for messages. */
export function describeExit(outcome: Pick<ShellOutcome, 'exitCode' | 'signal'>): string {
  return outcome.exitCode === null ? `signal ${outcome.signal ?? 'unknown'}` : `exit ${outcome.exitCode}`;
}
