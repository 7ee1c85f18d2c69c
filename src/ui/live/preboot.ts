import { Worker } from 'node:worker_threads';
import { createTerminalLock, type TerminalLock } from './terminal-lock.js';
import type { LiveWorkerData } from './worker-protocol.js';

/** A live view's worker thread and the terminal lock it was started with. */
export interface LiveWorkerThread {
  readonly worker: Worker;
  /** Shared with the worker (live-view-worker.ts takes the terminal back through it). */
  readonly terminal: TerminalLock;
}

interface Waiting {
  prebooted: LiveWorkerThread;
  failure: Error | undefined;
}

let waiting: Waiting | undefined;

/**
 * A new thread of the live view (live-worker.ts, next to this module in dist/ and in the CLI bundle),
 * writing to the terminal under a new lock. It draws nothing before its first message (`init`).
 */
export function startLiveWorker(): LiveWorkerThread {
  const terminal = createTerminalLock();
  const data: LiveWorkerData = { terminal };
  return { worker: new Worker(new URL('./live-worker.js', import.meta.url), { workerData: data }), terminal };
}

/**
 * Starts the live view's worker thread now, before the CLI has loaded (bin/obra-validate.js calls it when
 * the command line says the run will draw a live view on this terminal): the thread's start (Node's
 * bootstrap of a worker, then React, Ink and Yoga: about 0.3 s of CPU) then runs on the core the CLI's
 * own single-threaded start leaves idle, instead of on the one the run's launch host and agents need
 * once its tasks run (docs/PERFORMANCE.md, figure 8). The thread draws nothing until a view adopts it
 * (takePrebootedLiveWorker) and sends it its settings; one that is never adopted does not keep the
 * process alive. A second call does nothing.
 */
export function prebootLiveWorker(): void {
  if (waiting) return;
  const prebooted = startLiveWorker();
  const { worker } = prebooted;
  worker.unref();
  const entry: Waiting = { prebooted, failure: undefined };
  // Until a view adopts it, a failure is kept (an 'error' without a listener would throw here).
  worker.on('error', (error) => {
    entry.failure ??= error;
  });
  worker.once('exit', (code) => {
    entry.failure ??= new Error(`the live view's worker exited (code ${code}) before a view used it`);
  });
  waiting = entry;
}

/**
 * The worker prebootLiveWorker started, handed out once; undefined when none was started, or when it
 * failed or exited (the view then starts its own, which reports what goes wrong).
 */
export function takePrebootedLiveWorker(): LiveWorkerThread | undefined {
  const taken = waiting;
  waiting = undefined;
  if (!taken) return undefined;
  if (taken.failure) {
    void taken.prebooted.worker.terminate();
    return undefined;
  }
  return taken.prebooted;
}
