import { createWriteStream, readFileSync, type WriteStream, writeFileSync } from 'node:fs';
import { directLauncher, type LaunchHandlers, type ProcessLauncher } from './launcher.js';
import { immediateLogWriter, type LogWriter } from './log-writer.js';

/** What a finished child process left behind. Output is kept bounded (head and tail). */
export interface ProcessOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
  aborted: boolean;
  /** Set when the process could not be started (e.g. ENOENT: binary missing). */
  spawnError?: NodeJS.ErrnoException;
  /** The log files written: a stream that printed nothing, or had no path, has none. */
  stdoutPath?: string;
  stderrPath?: string;
}

/**
 * Rewrites a command before it is spawned, e.g. to run it inside a sandbox container (`docker exec`).
 * The process group, deadline, logs and tracking apply to what it returns.
 */
export type CommandWrapper = (command: { argv: readonly string[]; cwd: string; env: NodeJS.ProcessEnv }) => {
  argv: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
};

export interface RunProcessOptions {
  argv: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
  signal?: AbortSignal;
  stdin?: string;
  /** Files that receive the full stdout/stderr (bounded by maxLogBytes); an empty stream writes no file. */
  stdoutPath?: string;
  stderrPath?: string;
  /** In-memory cap per stream; past it the middle is dropped with a note. Default 4 MiB. */
  maxBufferBytes?: number;
  /** Grace between SIGTERM and SIGKILL of the process group. Default 2000 ms. */
  killGraceMs?: number;
  /** Told about the process group while it runs, so a run can kill everything on exit. */
  tracker?: ProcessTracker;
  /** Applied to argv, cwd and env before spawning. */
  wrap?: CommandWrapper;
  /**
   * Applied to the output before it is returned, and to the log files once the process ended (so a
   * secret the process printed never stays on disk). Default: none.
   */
  redact?: (text: string) => string;
  /**
   * What starts the process. Default: spawned from this process. A run passes its host launcher
   * (host-launcher.ts), which spawns from a small helper process (cheaper forks).
   */
  launcher?: ProcessLauncher;
  /**
   * What writes a log file that fits in one write. Default: written before the outcome is returned. A
   * run passes a deferred writer (log-writer.ts): the file is written while the next process runs.
   */
  logWriter?: LogWriter;
}

/** What every process of an agent or of a run shares (the rest of RunProcessOptions is per call). */
export type ProcessRuntime = Pick<
  RunProcessOptions,
  'tracker' | 'wrap' | 'redact' | 'launcher' | 'logWriter'
>;

/** The runtime part of an options object, for a runProcess call. */
export function processRuntime(from: ProcessRuntime): ProcessRuntime {
  return {
    tracker: from.tracker,
    wrap: from.wrap,
    redact: from.redact,
    launcher: from.launcher,
    logWriter: from.logWriter,
  };
}

/** Keeps the process groups a run has started, so it can kill what is left (second Ctrl+C, exit). */
export interface ProcessTracker {
  add(pid: number): void;
  delete(pid: number): void;
}

/**
 * A tracker. Given a parent (the run's), it also registers every group there, so an attempt can count
 * and kill its own processes while the run can still kill everything (second Ctrl+C).
 */
export function createProcessTracker(parent?: ProcessTracker): ProcessTracker & {
  killAll(signal?: NodeJS.Signals): number;
  size(): number;
} {
  const pids = new Set<number>();
  return {
    add: (pid) => {
      pids.add(pid);
      parent?.add(pid);
    },
    delete: (pid) => {
      pids.delete(pid);
      parent?.delete(pid);
    },
    size: () => pids.size,
    killAll(signal = 'SIGKILL') {
      let killed = 0;
      for (const pid of pids) if (killGroup(pid, signal)) killed++;
      return killed;
    },
  };
}

/** Sends a signal to a whole process group; false when the group is already gone. */
export function killGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/**
 * Runs a process in its own process group. A deadline or an abort kills the whole group (SIGTERM, then
 * SIGKILL after a grace period), so nothing the agent started is left running.
 */
export function runProcess(options: RunProcessOptions): Promise<ProcessOutcome> {
  const started = performance.now();
  const spawned = options.wrap
    ? options.wrap({ argv: options.argv, cwd: options.cwd, env: options.env })
    : options;
  const [command, ...args] = spawned.argv;
  if (command === undefined) throw new TypeError('runProcess: argv is empty');
  const maxBuffer = options.maxBufferBytes ?? 4 * 1024 * 1024;
  return new Promise((resolve) => {
    const logWriter = options.logWriter ?? immediateLogWriter;
    const launcher = options.launcher ?? directLauncher;
    const stdout = createBoundedBuffer(maxBuffer, logWriter, options.stdoutPath);
    const stderr = createBoundedBuffer(maxBuffer, logWriter, options.stderrPath);
    let timedOut = false;
    let aborted = false;
    let spawnError: NodeJS.ErrnoException | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    let pid: number | undefined;
    // A deadline or an abort that comes before the launcher told the pid kills as soon as it does.
    let terminateWhenSpawned = false;

    const terminate = () => {
      if (pid === undefined) {
        terminateWhenSpawned = true;
        return;
      }
      const group = pid;
      killGroup(group, 'SIGTERM');
      killTimer ??= setTimeout(() => killGroup(group, 'SIGKILL'), options.killGraceMs ?? 2000);
    };
    const deadline =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            terminate();
          }, options.timeoutMs);
    const onAbort = () => {
      aborted = true;
      terminate();
    };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });

    const handlers: LaunchHandlers = {
      spawned(leader) {
        pid = leader;
        options.tracker?.add(leader);
        if (terminateWhenSpawned) terminate();
      },
      output(stream, chunk) {
        (stream === 'stdout' ? stdout : stderr).push(chunk);
      },
      error(error) {
        spawnError = error;
      },
      closed(exitCode, signal) {
        if (deadline) clearTimeout(deadline);
        if (killTimer) clearTimeout(killTimer);
        options.signal?.removeEventListener('abort', onAbort);
        if (pid !== undefined) {
          // The leader exited; make sure no member of its group outlives it (a launch host has: it costs
          // an exception here when the group is already gone, the usual case).
          if (!launcher.killsGroupOnClose) killGroup(pid, 'SIGKILL');
          options.tracker?.delete(pid);
        }
        const redact = options.redact ?? ((text: string) => text);
        Promise.all([stdout.close(options.redact), stderr.close(options.redact)]).then(
          ([stdoutLog, stderrLog]) => {
            resolve({
              exitCode,
              signal,
              stdout: redact(stdout.text()),
              stderr: redact(stderr.text()),
              durationMs: Math.round(performance.now() - started),
              timedOut,
              aborted,
              ...(spawnError ? { spawnError } : {}),
              ...(stdoutLog ? { stdoutPath: stdoutLog } : {}),
              ...(stderrLog ? { stderrPath: stderrLog } : {}),
            });
          },
        );
      },
    };
    const request = { file: command, args, cwd: spawned.cwd, env: spawned.env, stdin: options.stdin ?? '' };
    try {
      launcher.launch(request, handlers);
    } catch (error) {
      // Nothing started (the launch host is missing, spawn threw): no timer may keep the process alive.
      if (deadline) clearTimeout(deadline);
      options.signal?.removeEventListener('abort', onAbort);
      throw error;
    }
    // The previous calls' logs are written now, while this process starts and runs. Outside the try
    // above: the process runs, so its deadline and abort stay whatever a caller's writer does (a writer
    // that throws rejects this call instead of being ignored).
    logWriter.launched();
  });
}

/** Rewrites a (bounded) log file with its secrets redacted, when it holds any. */
function redactFile(path: string, redact: (text: string) => string): void {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return; // never written (the process could not start)
  }
  const clean = redacted(bytes, redact);
  if (clean !== bytes) writeFileSync(path, clean);
}

/** The bytes as they were, or the text with its secrets taken out (redaction works on text). */
function redacted(bytes: Buffer, redact: (text: string) => string): Buffer | string {
  const text = bytes.toString('utf8');
  const clean = redact(text);
  return clean === text ? bytes : clean;
}

interface BoundedBuffer {
  push(chunk: Buffer): void;
  text(): string;
  /** Flushes the log file (its secrets redacted); resolves to its path when one was written. */
  close(redact?: (text: string) => string): Promise<string | undefined>;
}

/** Output up to this size is written to its log file in one go when the process ends. */
const LOG_BUFFER_BYTES = 64 * 1024;

/**
 * Keeps the first and last `max/2` bytes in memory and everything (bounded at 4 x max) in a file. Small
 * outputs (most agent calls) are given to the log writer in one piece when the process ends; a file
 * stream is opened only once the output passes LOG_BUFFER_BYTES (a stream per call costs more than the
 * call of a trivial agent).
 */
function createBoundedBuffer(max: number, logWriter: LogWriter, path?: string): BoundedBuffer {
  const half = Math.floor(max / 2);
  let head = Buffer.alloc(0);
  let tail = Buffer.alloc(0);
  let dropped = 0;
  let written = 0;
  let file: WriteStream | undefined;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  return {
    push(chunk) {
      if (path && written < max * 4) {
        written += chunk.length;
        if (file) file.write(chunk);
        else {
          pending.push(chunk);
          pendingBytes += chunk.length;
          if (pendingBytes > LOG_BUFFER_BYTES) {
            file = createWriteStream(path);
            file.on('error', () => {
              // The log is evidence, not the result: a full disk must not crash the run.
            });
            for (const part of pending) file.write(part);
            pending = [];
          }
        }
      }
      if (head.length < half) {
        const take = Math.min(half - head.length, chunk.length);
        head = Buffer.concat([head, chunk.subarray(0, take)]);
        chunk = chunk.subarray(take);
      }
      if (chunk.length === 0) return;
      tail = Buffer.concat([tail, chunk]);
      if (tail.length > half) {
        dropped += tail.length - half;
        tail = tail.subarray(tail.length - half);
      }
    },
    text() {
      const note = dropped > 0 ? `\n[... ${dropped} bytes cut by obra-validate ...]\n` : '';
      return head.toString('utf8') + note + tail.toString('utf8');
    },
    close(redact) {
      if (file) {
        const stream = file;
        return new Promise((resolve) =>
          stream.end(() => {
            if (path && redact) redactFile(path, redact);
            resolve(path);
          }),
        );
      }
      // An empty stream leaves no file (most agents print nothing on stderr): a create costs about as
      // much as a trivial agent's whole process on this project's machines.
      if (!path || pendingBytes === 0) return Promise.resolve(undefined);
      try {
        const bytes = Buffer.concat(pending);
        logWriter.write(path, redact ? redacted(bytes, redact) : bytes);
        return Promise.resolve(path);
      } catch {
        // As above: a log that cannot be written does not change the call's outcome.
        return Promise.resolve(undefined);
      }
    },
  };
}
