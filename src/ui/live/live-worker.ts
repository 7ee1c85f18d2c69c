// The live view's worker thread (started by live-view-worker.ts): it holds React, Ink and the view's
// state, draws to the process's terminal through streams of its own on fds 1 and 2, and takes its
// events from the run's main thread in batches.
import { writeSync } from 'node:fs';
import tty from 'node:tty';
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../../shared/index.js';
import { createLiveView } from './live-view.js';
import { guardWrites, markWritten } from './terminal-lock.js';
import { textStream } from './text-stream.js';
import type { FromLiveWorker, LiveWorkerData, ToLiveWorker } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('live-worker.js runs as a worker thread (see live-view-worker.ts)');
const data = workerData as LiveWorkerData;
const post = (message: FromLiveWorker) => port.postMessage(message);

// Every write to the terminal holds the lock it shares with the main thread (terminal-lock.ts).
const stdout = guardWrites(new tty.WriteStream(1), data.terminal);
const sized = (columns?: number, rows?: number) => {
  if (columns) stdout.columns = columns;
  if (rows) stdout.rows = rows;
};
// Unknown (a pseudo-terminal without a size): 80, as the view assumes; Ink would ask terminal-size,
// which reads the worker's process.stdout, a pipe.
sized(data.columns ?? 80, data.rows);
// stderr may be a file or a pipe while stdout is the terminal.
const stderr = guardWrites(
  tty.isatty(2) ? new tty.WriteStream(2) : textStream((text) => writeSync(2, text)),
  data.terminal,
);

const view = createLiveView({
  stdout,
  stderr,
  fps: data.fps,
  ...(data.cwd ? { cwd: data.cwd } : {}),
});

const end = (renders: number) => {
  post({ type: 'done', renders });
  port.close();
};
const fail = (error: unknown) => {
  view.dispose();
  post({
    type: 'failed',
    message: errorMessage(error),
    ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
  });
  port.close();
};

view.ready().then(() => post({ type: 'ready' }), fail);

port.on('message', (message: ToLiveWorker) => {
  switch (message.type) {
    case 'events':
      for (const event of message.events) view.onEvent(event);
      return;
    case 'stderr':
      stderr.write(message.text);
      markWritten(data.terminal, message.seq);
      return;
    case 'resize':
      sized(message.columns, message.rows);
      stdout.emit('resize');
      return;
    case 'finish':
      view
        .finish(message.report, {
          runDir: message.runDir,
          ...(message.files ? { files: message.files } : {}),
        })
        .then(() => end(view.renders), fail);
      return;
    case 'dispose':
      view.dispose();
      end(view.renders);
      return;
  }
});
