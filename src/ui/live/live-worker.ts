// The live view's worker thread (started by live-view-worker.ts): it holds React, Ink and the view's
// state, draws to the process's terminal through streams of its own on fds 1 and 2, and takes its
// events from the run's main thread in batches.
import { readlinkSync, writeSync } from 'node:fs';
import { setPriority } from 'node:os';
import tty from 'node:tty';
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../../shared/index.js';
import { createLiveFrames, type LiveFrames, preloadRenderer } from './live-frames.js';
import { guardWrites, markWritten } from './terminal-lock.js';
import { textStream } from './text-stream.js';
import type { FromLiveWorker, LiveWorkerData, ToLiveWorker } from './worker-protocol.js';

/**
 * The view must not slow the run it shows: on Linux this thread lowers its own priority (nice 10; a
 * thread's nice value is its own there), so that when the cores are busy the run's main thread, its
 * launch host and its agents are scheduled first and the view draws in what is left. A frame is "at
 * most" every 1/fps s anyway. Best effort: where the thread's id cannot be read (no /proc), nothing is
 * done and the view draws at normal priority.
 */
function yieldToTheRun(): void {
  if (process.platform !== 'linux') return;
  let tid: number;
  try {
    tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return; // no /proc here: normal priority
  }
  if (Number.isInteger(tid) && tid > 0) setPriority(tid, 10);
}
yieldToTheRun();

const port = parentPort;
if (!port) throw new Error('live-worker.js runs as a worker thread (see live-view-worker.ts)');
const data = workerData as LiveWorkerData;
const post = (message: FromLiveWorker) => port.postMessage(message);

// Yoga's loader (Ink's layout engine) asks `typeof fetch` to choose how to load its wasm, and in a new
// thread that question loads Node's fetch implementation: 0.1 s of this thread's CPU, then the wasm is
// fetched from a data: URL it can decode directly. Nothing else runs in this thread, so fetch is hidden
// while the view loads, then put back as it was.
const fetchDescriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
Object.defineProperty(globalThis, 'fetch', { value: undefined, configurable: true, writable: true });
const restoreFetch = () => {
  if (fetchDescriptor) Object.defineProperty(globalThis, 'fetch', fetchDescriptor);
  else delete (globalThis as { fetch?: unknown }).fetch;
};
// React, Ink and Yoga load from the start (the thread may be started before its view is made:
// preboot.ts); the view is made, and draws, once its settings come (`init`).
const loading = preloadRenderer();
loading.then(restoreFetch, restoreFetch);

/** The view on the process's terminal and the streams it draws on, made by `init`. */
interface Drawn {
  view: LiveFrames;
  stdout: tty.WriteStream;
  stderr: NodeJS.WriteStream;
}
let drawn: Drawn | undefined;

const end = (renders: number) => {
  post({ type: 'done', renders });
  port.close();
};
const fail = (error: unknown) => {
  drawn?.view.dispose();
  post({
    type: 'failed',
    message: errorMessage(error),
    ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
  });
  port.close();
};

/** The size the view assumes on a terminal that does not say its own. */
const UNKNOWN_SIZE = { columns: 80, rows: 24 };

/** Makes the view on the process's terminal, with the settings of `init`. */
function init(settings: Extract<ToLiveWorker, { type: 'init' }>): Drawn {
  // Every write to the terminal holds the lock it shares with the main thread (terminal-lock.ts).
  const stdout = guardWrites(new tty.WriteStream(1), data.terminal);
  // Unknown (a pseudo-terminal without a size: `script`, some CI runners): 80 x 24, a VT100's. The
  // columns are what the view assumes (Ink would ask terminal-size, which reads the worker's
  // process.stdout, a pipe). The rows matter to Ink: 0 rows means a frame fills the screen, and Ink then
  // draws every frame by clearing the whole terminal and its scrollback instead of erasing its own lines.
  sized(stdout, settings.columns ?? UNKNOWN_SIZE.columns, settings.rows ?? UNKNOWN_SIZE.rows);
  // stderr may be a file or a pipe while stdout is the terminal.
  const stderr = guardWrites(
    tty.isatty(2) ? new tty.WriteStream(2) : textStream((text) => writeSync(2, text)),
    data.terminal,
  );
  const view = createLiveFrames({ stdout, stderr, fps: settings.fps });
  view.ready().then(() => post({ type: 'ready' }), fail);
  return { view, stdout, stderr };
}

function sized(stdout: tty.WriteStream, columns?: number, rows?: number): void {
  if (columns) stdout.columns = columns;
  if (rows) stdout.rows = rows;
}

port.on('message', (message: ToLiveWorker) => {
  if (message.type === 'init') {
    drawn ??= init(message);
    return;
  }
  if (!drawn) {
    fail(new Error(`the live view's worker got "${message.type}" before its settings (init)`));
    return;
  }
  const { view, stdout, stderr } = drawn;
  switch (message.type) {
    case 'state':
      view.onUpdate(message.update);
      return;
    case 'stderr':
      stderr.write(message.text);
      markWritten(data.terminal, message.seq);
      return;
    case 'resize':
      sized(stdout, message.columns, message.rows);
      stdout.emit('resize');
      return;
    case 'finish':
      view.finish(message.summary).then(() => end(view.renders), fail);
      return;
    case 'dispose':
      view.dispose();
      end(view.renders);
      return;
  }
});
