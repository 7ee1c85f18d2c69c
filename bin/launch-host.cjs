// @ts-check
// The launch host: a small Node process that starts the agent processes of a run for the harness
// (src/core/agents/host-launcher.ts starts it, one per run, and talks to it over IPC).
//
// Why: Node starts a child with fork + exec on the calling thread, and the cost of a fork grows with
// the memory of the process that forks (its page tables are copied, and every page it writes after the
// fork faults once). The harness holds SQLite, the scenario, the event log and, with the live view, React
// and Ink; this process holds nothing, so a spawn from here costs what it costs from a bare Node loop
// (docs/PERFORMANCE.md). It is plain JavaScript with no dependency, so that it loads in a few
// milliseconds and works the same from src/ (Vitest) and dist/.
//
// Protocol (JSON; output travels as latin1 strings, one character per byte, so bytes survive as they
// are; JSON costs less than the advanced serialization for these small messages, measured):
//   harness -> host   { type: 'start', id, file, args, cwd, env?, stdin }   no env: the last one again
//   host -> harness   { type: 'spawned', id, pid }            the process runs (its own process group)
//                     { type: 'output', id, stream, chunk }   stream: 'stdout' | 'stderr'
//                     { type: 'error', id, error }            it could not start (e.g. ENOENT)
//                     { type: 'close', id, code, signal, stdout?, stderr? }
//                                                             it ended; the output not sent yet
// Output is held here up to OUTPUT_FLUSH_BYTES per stream and sent with 'close' (a short call costs two
// messages); a process that prints more sends it in 'output' messages as it goes.
// Deadlines and kills stay with the harness: it signals the process group (process.kill(-pid)) itself;
// once a leader exited this host SIGKILLs its group, before the close (the group's last members).
// When the harness goes away (exit, crash, SIGKILL), the IPC channel closes and this process kills every
// group it started, then exits: no agent outlives its run. The harness starts it in a session and
// process group of its own (detached), so a SIGKILL of the harness's group does not take this process
// along before it could do so.
'use strict';
const { spawn } = require('node:child_process');

/** @type {Map<number, number | undefined>} id -> pid of the processes running */
const running = new Map();
/** Output held per stream before it is sent on its own. */
const OUTPUT_FLUSH_BYTES = 64 * 1024;
/** @type {NodeJS.ProcessEnv} */
let lastEnv = process.env;

// Ctrl+C (and Ctrl+\, a closed terminal) reach the whole foreground process group: the harness decides
// what stops (the first Ctrl+C ends the run gracefully, the second kills), so this process must not die
// of them; if the harness dies of one, the channel closes and 'disconnect' below kills what runs.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT']) process.on(signal, () => {});
// Whatever ends this process (a bug here included), the groups it started end with it.
process.on('exit', killRunning);

process.on('message', (/** @type {any} */ message) => {
  if (message && message.type === 'start') start(message);
});

process.on('disconnect', () => process.exit(0));

function killRunning() {
  for (const pid of running.values()) if (pid !== undefined) killGroup(pid);
}

/** @param {any} message */
function send(message) {
  if (process.connected && process.send) process.send(message);
}

/** @param {{ id: number, file: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv, stdin: string }} request */
function start(request) {
  const { id } = request;
  if (request.env) lastEnv = request.env;
  /** @type {import('node:child_process').ChildProcessWithoutNullStreams} */
  let child;
  try {
    child = spawn(request.file, request.args, {
      cwd: request.cwd,
      env: lastEnv,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (error) {
    send({ type: 'error', id, error: describe(error) });
    send({ type: 'close', id, code: null, signal: null });
    return;
  }
  running.set(id, child.pid);
  const stdout = held(id, 'stdout');
  const stderr = held(id, 'stderr');
  let closed = false;
  /** @param {number | null} code @param {NodeJS.Signals | null} signal */
  const close = (code, signal) => {
    if (closed) return;
    closed = true;
    running.delete(id);
    // The leader exited: no member of its group may outlive it (the harness counts on this host for it).
    if (child.pid !== undefined) killGroup(child.pid);
    send({ type: 'close', id, code, signal, stdout: stdout.take(), stderr: stderr.take() });
  };
  // Listened to first: a spawn that fails for want of file descriptors (EMFILE, ENFILE) has no stdio
  // streams, and may never emit 'close'.
  child.on('error', (error) => {
    send({ type: 'error', id, error: describe(error) });
    if (child.pid === undefined && child.stdout === null) close(null, null);
  });
  child.on('close', close);
  if (child.pid !== undefined) send({ type: 'spawned', id, pid: child.pid });
  child.stdout?.on('data', stdout.push);
  child.stderr?.on('data', stderr.push);
  child.stdin?.on('error', () => {
    // The child may exit before reading stdin (EPIPE); its exit status tells what happened.
  });
  child.stdin?.end(request.stdin);
}

/**
 * Output of one stream, held until it passes OUTPUT_FLUSH_BYTES (then sent) or the process ends.
 * @param {number} id
 * @param {'stdout' | 'stderr'} stream
 */
function held(id, stream) {
  /** @type {Buffer[]} */
  let chunks = [];
  let bytes = 0;
  const take = () => {
    const all = chunks.length === 0 ? undefined : Buffer.concat(chunks).toString('latin1');
    chunks = [];
    bytes = 0;
    return all;
  };
  return {
    /** @param {Buffer} chunk */
    push(chunk) {
      chunks.push(chunk);
      bytes += chunk.length;
      if (bytes >= OUTPUT_FLUSH_BYTES) send({ type: 'output', id, stream, chunk: take() });
    },
    take,
  };
}

/** @param {number} pid */
function killGroup(pid) {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** @param {any} error */
function describe(error) {
  return {
    message: String(error?.message ?? error),
    code: error?.code,
    errno: error?.errno,
    syscall: error?.syscall,
    path: error?.path,
  };
}
