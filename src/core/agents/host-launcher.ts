import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { packagePath } from '../../shared/index.js';
import type { LaunchHandlers, ProcessLauncher } from './launcher.js';

/** bin/launch-host.cjs of this package (found from src/, dist/ and the CLI bundle alike). */
export const LAUNCH_HOST_PATH = packagePath('bin/launch-host.cjs');

export interface HostLauncher extends ProcessLauncher {
  /** Ends the host (it kills any group it still runs). Launching again starts a new one. */
  close(): void;
  /**
   * Starts the host now, so that it has booted (a Node start, tens of milliseconds) by the first launch.
   * It does not keep this process alive.
   */
  warm(): void;
  /** The host's pid while it runs. */
  hostPid(): number | undefined;
}

type HostMessage =
  | { type: 'spawned'; id: number; pid: number }
  | { type: 'output'; id: number; stream: 'stdout' | 'stderr'; chunk: string }
  | { type: 'error'; id: number; error: HostError }
  | {
      type: 'close';
      id: number;
      code: number | null;
      signal: NodeJS.Signals | null;
      /** What the stream printed since the last 'output' message (bin/launch-host.cjs holds short output). */
      stdout?: string;
      stderr?: string;
    };

interface HostError {
  message: string;
  code?: string;
  errno?: number;
  syscall?: string;
  path?: string;
}

/**
 * Starts processes from a small helper process (bin/launch-host.cjs) instead of from this one: a fork
 * costs in proportion to the memory of the process that forks, and the harness is several times the
 * size of the host (docs/PERFORMANCE.md). The host starts on the first launch and does not keep the
 * event loop alive while nothing runs. If it dies, the processes it ran end with an error (their groups
 * are still killed by the caller) and the next launch starts a new host. Limit: a process whose pid had
 * not reached this side when the host was SIGKILLed on its own is not known here, so nothing kills it.
 */
export function createHostLauncher(hostPath: string = LAUNCH_HOST_PATH): HostLauncher {
  let host: ChildProcess | undefined;
  let nextId = 1;
  /** The environment the host has (it keeps the last one sent): most calls of a run share one. */
  let hostEnv: { host: ChildProcess; env: NodeJS.ProcessEnv } | undefined;
  /** The processes running, each with the host that runs it (a closed host may still be ending). */
  const pending = new Map<number, { handlers: LaunchHandlers; host: ChildProcess }>();

  // The channel keeps this process alive only while a process of that host runs.
  const keepAlive = (child: ChildProcess) => child.channel?.ref();
  const releaseIfIdle = (child: ChildProcess) => {
    for (const entry of pending.values()) if (entry.host === child) return;
    child.channel?.unref();
  };

  const start = (): ChildProcess => {
    if (!existsSync(hostPath)) {
      throw new Error(
        `obra-validate: the launch host ${hostPath} is missing; reinstall the package (npm ci) or pass the direct launcher`,
      );
    }
    const child = spawn(process.execPath, [hostPath], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      serialization: 'json',
    });
    child.unref();
    child.on('message', (message: HostMessage) => dispatch(message));
    const lost = (why: string) => {
      if (host === child) host = undefined;
      for (const [id, entry] of pending) {
        if (entry.host !== child) continue;
        pending.delete(id);
        entry.handlers.error(
          Object.assign(new Error(`the launch host ${why} while the process ran`), { code: 'EHOSTLOST' }),
        );
        entry.handlers.closed(null, null);
      }
    };
    child.on('error', (error) => lost(`failed (${error.message})`));
    child.on('exit', (code, signal) => lost(signal ? `was killed by ${signal}` : `exited with code ${code}`));
    return child;
  };

  const dispatch = (message: HostMessage) => {
    const entry = pending.get(message.id);
    if (!entry) return;
    const { handlers } = entry;
    switch (message.type) {
      case 'spawned':
        handlers.spawned(message.pid);
        return;
      case 'output':
        handlers.output(message.stream, asBuffer(message.chunk));
        return;
      case 'error':
        handlers.error(Object.assign(new Error(message.error.message), withoutUndefined(message.error)));
        return;
      case 'close':
        if (message.stdout) handlers.output('stdout', asBuffer(message.stdout));
        if (message.stderr) handlers.output('stderr', asBuffer(message.stderr));
        pending.delete(message.id);
        releaseIfIdle(entry.host);
        handlers.closed(message.code, message.signal);
        return;
    }
  };

  return {
    launch(request, handlers) {
      host ??= start();
      const id = nextId++;
      pending.set(id, { handlers, host });
      keepAlive(host);
      const sameEnv = hostEnv?.host === host && sameEntries(hostEnv.env, request.env);
      if (!sameEnv) hostEnv = { host, env: { ...request.env } };
      try {
        host.send({
          type: 'start',
          id,
          file: request.file,
          args: request.args,
          cwd: request.cwd,
          ...(sameEnv ? {} : { env: request.env }),
          stdin: request.stdin,
        });
      } catch (error) {
        // Not sent (a value JSON cannot hold): nothing runs, nothing may keep this process alive.
        pending.delete(id);
        hostEnv = undefined;
        releaseIfIdle(host);
        throw error;
      }
    },
    close() {
      const child = host;
      host = undefined;
      if (child?.connected) child.disconnect();
    },
    warm() {
      if (host) return;
      host = start();
      releaseIfIdle(host);
    },
    hostPid: () => host?.pid,
  };
}

/** Same variables with the same values (an environment is a few dozen entries: cheaper than sending it). */
function sameEntries(a: NodeJS.ProcessEnv, b: NodeJS.ProcessEnv): boolean {
  const keys = Object.keys(b);
  if (Object.keys(a).length !== keys.length) return false;
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}

/** Output travels as latin1 text: one character per byte (bin/launch-host.cjs). */
function asBuffer(latin1: string): Buffer {
  return Buffer.from(latin1, 'latin1');
}

function withoutUndefined(error: HostError): Partial<NodeJS.ErrnoException> {
  return Object.fromEntries(
    Object.entries(error).filter(([key, value]) => key !== 'message' && value !== undefined),
  );
}
