import type { ReadinessSummary } from '../summary/readiness-summary.js';
import type { LiveStateUpdate } from './live-sync.js';
import type { TerminalLock } from './terminal-lock.js';

/**
 * What the live view's worker thread is started with (worker_threads' workerData): only what is known
 * before the view is made, since the thread may be started first (preboot.ts). The view's settings come
 * in the first message (`init`).
 */
export interface LiveWorkerData {
  /**
   * Shared with the main thread: the worker writes to the terminal under it, and counts in it the
   * stderr texts it wrote, so that the main thread, exiting, writes itself what the worker never got to.
   */
  terminal: TerminalLock;
}

/** Messages from the run's main thread to the live view's worker. */
export type ToLiveWorker =
  /**
   * Always the first: the view's settings. The terminal's size is the one the main thread knows (a stream
   * opened in a worker may read 0). The worker draws nothing before it.
   */
  | { type: 'init'; fps: number; columns?: number; rows?: number }
  /** The state the main thread folded from the run's events since the last update (live-sync.ts). */
  | { type: 'state'; update: LiveStateUpdate }
  /** Text the run wrote to stderr while the view is up: written through Ink, above the frame. */
  | { type: 'stderr'; seq: number; text: string }
  | { type: 'resize'; columns: number; rows: number }
  /** The run is over: the last frame is its readiness summary (made on the main thread, which has the report). */
  | { type: 'finish'; summary: ReadinessSummary }
  | { type: 'dispose' };

/** Messages from the worker back. */
export type FromLiveWorker =
  | { type: 'ready' }
  | { type: 'done'; renders: number }
  | { type: 'failed'; message: string; stack?: string };
