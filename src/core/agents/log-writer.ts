import { writeFileSync } from 'node:fs';

/**
 * Writes the agents' log files (a call's whole stdout or stderr, when it fits in one write). The
 * default writes at once; a run uses a deferred writer, which writes a call's log while the next
 * call's process runs: creating a file costs 0.03-0.45 ms on this project's machines, and at once it
 * sat between an agent's exit and its judgement, on the critical path of every call (docs/PERFORMANCE.md).
 */
export interface LogWriter {
  /** Writes, or holds until `launched` or `flush`, one log file's content (already redacted). */
  write(path: string, content: Buffer | string): void;
  /**
   * A process was just handed to its launcher: the right time to write what is held. A write that
   * fails is the writer's to keep and tell (the deferred writer's `unwritten`); a throw here rejects
   * the call whose process was just started.
   */
  launched(): void;
  /** Writes everything held now. Nothing is held afterwards. */
  flush(): void;
}

/** A log that could not be written: the call's outcome stands, and the run says so. */
export interface UnwrittenLog {
  path: string;
  message: string;
}

/** Writes each log when it is given (what a library user gets by default). Errors are thrown. */
export const immediateLogWriter: LogWriter = {
  write: (path, content) => writeFileSync(path, content),
  launched: () => {},
  flush: () => {},
};

export interface DeferredLogWriter extends LogWriter {
  /** The logs whose write failed so far (a full disk, a folder removed). */
  unwritten(): readonly UnwrittenLog[];
  /** Flushes, and stops flushing on process exit. */
  dispose(): void;
}

/**
 * Holds each log until the next process is launched (or `flush`). What it holds is written on process
 * exit too (a second Ctrl+C, `process.exit`), so a log named by a call is on disk however the run ends,
 * short of a crash of the process itself. Holds at most one log per stream of each call in flight.
 */
export function createDeferredLogWriter(): DeferredLogWriter {
  let held: { path: string; content: Buffer | string }[] = [];
  const failed: UnwrittenLog[] = [];
  const flush = () => {
    if (held.length === 0) return;
    const writing = held;
    held = [];
    for (const { path, content } of writing) {
      try {
        writeFileSync(path, content);
      } catch (error) {
        failed.push({ path, message: (error as Error).message });
      }
    }
  };
  flushOnExit(flush);
  return {
    write(path, content) {
      held.push({ path, content });
    },
    launched: flush,
    flush,
    unwritten: () => failed,
    dispose() {
      flush();
      atExit.delete(flush);
    },
  };
}

/** The flushes of the writers in use: one exit listener for all (a run has one writer per attempt). */
const atExit = new Set<() => void>();
let listening = false;

function flushOnExit(flush: () => void): void {
  if (!listening) {
    listening = true;
    process.on('exit', () => {
      for (const each of atExit) each();
    });
  }
  atExit.add(flush);
}
