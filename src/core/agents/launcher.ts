import { spawn } from 'node:child_process';

/** What to start: the command after any wrapper (sandbox) was applied. */
export interface LaunchRequest {
  file: string;
  args: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdin: string;
}

/**
 * What a launcher tells about a process it started, in this order: `spawned` (when it runs), any
 * `output`, `error` (when it could not start), then exactly one `closed` once it ended and its output
 * is drained.
 */
export interface LaunchHandlers {
  spawned(pid: number): void;
  output(stream: 'stdout' | 'stderr', chunk: Buffer): void;
  error(error: NodeJS.ErrnoException): void;
  closed(exitCode: number | null, signal: NodeJS.Signals | null): void;
}

/**
 * Starts a process in its own process group with piped stdio. Kills are not the launcher's business:
 * the caller signals the group (`killGroup(pid)`) once it knows the pid.
 */
export interface ProcessLauncher {
  launch(request: LaunchRequest, handlers: LaunchHandlers): void;
  /**
   * True when the launcher SIGKILLs the process group itself once the leader exited, before `closed`
   * (the launch hosts do, off this process's main thread). Otherwise the caller does (runProcess).
   */
  readonly killsGroupOnClose?: boolean;
}

/** Spawns from this process (what a library user gets by default). */
export const directLauncher: ProcessLauncher = {
  launch(request, handlers) {
    const child = spawn(request.file, request.args, {
      cwd: request.cwd,
      env: request.env,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let closed = false;
    const close = (exitCode: number | null, signal: NodeJS.Signals | null) => {
      if (closed) return;
      closed = true;
      handlers.closed(exitCode, signal);
    };
    // Listened to first: a spawn that fails for want of file descriptors (EMFILE, ENFILE) has no stdio
    // streams, and may never emit 'close'.
    child.on('error', (error: NodeJS.ErrnoException) => {
      handlers.error(error);
      if (child.pid === undefined && child.stdout === null) close(null, null);
    });
    child.on('close', close);
    if (child.pid !== undefined) handlers.spawned(child.pid);
    child.stdout?.on('data', (chunk: Buffer) => handlers.output('stdout', chunk));
    child.stderr?.on('data', (chunk: Buffer) => handlers.output('stderr', chunk));
    child.stdin?.on('error', () => {
      // The child may exit before reading stdin (EPIPE); its exit status tells what happened.
    });
    child.stdin?.end(request.stdin);
  },
};
