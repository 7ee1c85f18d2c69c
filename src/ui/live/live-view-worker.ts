import { writeSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { errorMessage } from '../../shared/index.js';
import { applyEvent, emptyLiveState } from './live-store.js';
import { newSyncCursor, takeUpdate } from './live-sync.js';
import {
  createLiveView,
  frameRate,
  type LiveViewController,
  type LiveViewOptions,
  liveSummary,
} from './live-view.js';
import { startLiveWorker, takePrebootedLiveWorker } from './preboot.js';
import { routeWrites } from './route-writes.js';
import { lastWritten, takeBack } from './terminal-lock.js';
import type { FromLiveWorker, ToLiveWorker } from './worker-protocol.js';

/** Shows the cursor Ink hid, if the process exits while the worker still holds the terminal. */
const SHOW_CURSOR = '\u001b[?25h';
/** How long a disposed view may take to give the terminal back before its worker is stopped. */
const DISPOSE_GRACE_MS = 2000;
/** How long the last frame (the readiness summary) may take before finish stops the worker and says so. */
const FINISH_GRACE_MS = 10_000;

/**
 * The live view for a run drawing to its own terminal: in a worker thread when the view would draw on
 * the process's stdout, a TTY (loading Ink, its frames and their garbage then cost the run's main
 * thread nothing: docs/PERFORMANCE.md, figure 8), in the calling thread otherwise (a text stream, a
 * test's mount or clock).
 */
export function createTerminalLiveView(options: LiveViewOptions = {}): LiveViewController {
  const ownTerminal =
    options.mount === undefined &&
    options.now === undefined &&
    (options.stdout ?? process.stdout) === process.stdout &&
    (options.stderr ?? process.stderr) === process.stderr &&
    process.stdout.isTTY === true;
  return ownTerminal ? createWorkerLiveView(options) : createLiveView(options);
}

/**
 * The live view drawn by a worker thread on the process's terminal. The main thread folds each event
 * into the state (O(1)) and posts what changed, a few times per frame (live-sync.ts); text the
 * run writes to stderr while the view is up is posted too, and drawn through Ink above the frame. The
 * two threads share a terminal lock (terminal-lock.ts): when the process exits under the worker (a
 * second Ctrl+C) or the worker dies, the main thread stops the worker's writes, then writes itself the
 * stderr text the worker never got to, and shows the cursor. The worker is unreferenced while the run
 * goes on (it never keeps a finished run alive) and referenced while it draws the last frame.
 */
export function createWorkerLiveView(options: Pick<LiveViewOptions, 'fps' | 'cwd'> = {}): LiveViewController {
  const fps = frameRate(options);
  const state = emptyLiveState();
  let worker: Worker | undefined;
  const sent = newSyncCursor();
  let changed = false;
  let unwritten: { seq: number; text: string }[] = [];
  let seq = 0;
  let flushTimer: ReturnType<typeof setInterval> | undefined;
  let renders = 0;
  let failure: Error | undefined;
  let closed = false;
  let done = false;
  let readySettled: { resolve: () => void; reject: (error: Error) => void } | undefined;
  const readyPromise = new Promise<void>((resolve, reject) => {
    readySettled = { resolve, reject };
  });
  // ready() hands it out; a failure before anyone asks must not be an unhandled rejection.
  readyPromise.catch(() => {});
  let exited: Promise<void> = Promise.resolve();
  // Settles when the worker drew its last frame (done) or is gone: what finish waits for.
  let settleLastFrame = () => {};
  const lastFrame = new Promise<void>((resolve) => {
    settleLastFrame = resolve;
  });
  // Undone when the view closes (finish, dispose) or its worker fails: the stderr route, the resize
  // listener.
  const restores: (() => void)[] = [];
  const unpatch = () => {
    for (const restore of restores.splice(0).reverse()) restore();
  };
  const stopFlushing = () => {
    if (flushTimer) clearInterval(flushTimer);
    flushTimer = undefined;
  };

  const failed = (error: Error) => {
    failure ??= error;
    readySettled?.reject(error);
    stopFlushing();
    unpatch();
    void worker?.terminate();
  };
  const post = (message: ToLiveWorker) => {
    try {
      worker?.postMessage(message);
    } catch (error) {
      // An event or a report that cannot be cloned (a harness bug): the view stops, finish says why.
      failed(new Error(`the live view failed: ${errorMessage(error)}`));
    }
  };
  const flush = () => {
    if (!changed || failure) return;
    changed = false;
    post({ type: 'state', update: takeUpdate(state, sent) });
  };

  const start = () => {
    if (worker) return;
    // The thread bin/obra-validate.js started for this run (preboot.ts), or a new one.
    const { worker: started, terminal } = takePrebootedLiveWorker() ?? startLiveWorker();
    worker = started;
    /**
     * The worker is gone without giving the terminal back (it failed, or the process is exiting): stop
     * its writes, write the routed text it has not written, show the cursor.
     */
    const takeTerminalBack = () => {
      takeBack(terminal);
      const last = lastWritten(terminal);
      for (const entry of unwritten) if (entry.seq > last) writeSync(2, entry.text);
      unwritten = [];
      writeSync(1, SHOW_CURSOR);
    };
    started.unref();
    started.postMessage({
      type: 'init',
      fps,
      ...(process.stdout.columns ? { columns: process.stdout.columns } : {}),
      ...(process.stdout.rows ? { rows: process.stdout.rows } : {}),
    } satisfies ToLiveWorker);
    // process.exit (a second Ctrl+C) stops the worker wherever it is.
    process.on('exit', takeTerminalBack);
    started.on('message', (message: FromLiveWorker) => {
      if (message.type === 'ready') readySettled?.resolve();
      else if (message.type === 'done') {
        // The last frame is on the terminal (the worker's tty writes are blocking) and the worker writes
        // nothing more: the run need not wait for its thread to tear down (40-50 ms), which the process's
        // exit cuts short anyway.
        done = true;
        renders = message.renders;
        process.off('exit', takeTerminalBack);
        started.unref();
        settleLastFrame();
      } else {
        const error = new Error(`the live view failed: ${message.message}`);
        if (message.stack) error.stack = message.stack;
        failed(error);
      }
    });
    started.on('error', failed);
    exited = new Promise((resolve) =>
      started.once('exit', () => {
        process.off('exit', takeTerminalBack);
        unpatch();
        if (!done) takeTerminalBack();
        readySettled?.reject(failure ?? new Error('the live view stopped before it was ready'));
        settleLastFrame();
        resolve();
      }),
    );
    flushTimer = setInterval(flush, Math.min(50, Math.ceil(1000 / fps)));
    flushTimer.unref();

    const onResize = () =>
      post({ type: 'resize', columns: process.stdout.columns, rows: process.stdout.rows });
    process.stdout.on('resize', onResize);
    restores.push(() => process.stdout.off('resize', onResize));

    if (process.stderr.isTTY) {
      restores.push(
        routeWrites(process.stderr, (text) => {
          flush();
          const last = lastWritten(terminal);
          unwritten = unwritten.filter((entry) => entry.seq > last);
          seq++;
          unwritten.push({ seq, text });
          post({ type: 'stderr', seq, text });
        }),
      );
    }
  };

  /** No more events; what the run writes to stderr from now on goes to stderr itself. */
  const close = () => {
    closed = true;
    stopFlushing();
    flush();
    unpatch();
  };

  return {
    state,
    get renders() {
      return renders;
    },
    ready: () => {
      start();
      return readyPromise;
    },
    onEvent(event) {
      if (closed) return;
      if (applyEvent(state, event)) changed = true;
      if (event.type === 'run_begin') start();
    },
    async finish(report, context) {
      if (closed) return;
      start();
      close();
      post({ type: 'finish', summary: liveSummary(report, context, options.cwd) });
      const running = worker;
      running?.ref();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = await Promise.race([
        lastFrame.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), FINISH_GRACE_MS);
        }),
      ]);
      clearTimeout(timer);
      if (timedOut) {
        await running?.terminate();
        await exited;
        throw new Error(
          `the live view did not draw its last frame within ${FINISH_GRACE_MS / 1000} s and its worker was stopped; the run itself is in ${context.runDir}`,
        );
      }
      if (failure) throw failure;
    },
    dispose() {
      if (closed) return;
      close();
      if (!worker) return;
      const stopping = worker;
      post({ type: 'dispose' });
      stopping.ref();
      const kill = setTimeout(() => void stopping.terminate(), DISPOSE_GRACE_MS);
      kill.unref();
      void exited.then(() => clearTimeout(kill));
    },
  };
}
