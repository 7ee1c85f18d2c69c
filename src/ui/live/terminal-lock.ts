/**
 * The terminal shared by the run's main thread and the live view's worker: three Int32 slots over a
 * SharedArrayBuffer. The worker writes to the terminal only while holding the lock, and not at all once
 * the main thread took the terminal back (the process is exiting: a second Ctrl+C), so what the main
 * thread writes last (the run's final message, the cursor) cannot be erased by a frame drawn after it.
 */
export interface TerminalLock {
  readonly slots: Int32Array;
}

const WRITTEN = 0;
const LOCK = 1;
const TAKEN_BACK = 2;

export function createTerminalLock(): TerminalLock {
  return { slots: new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT)) };
}

/**
 * A holder writes one chunk to a terminal (microseconds); wait in 1 ms steps. A worker stopped while
 * holding it never releases it: past `timeoutMs` the caller goes on without it (false).
 */
function acquire(slots: Int32Array, timeoutMs = Number.POSITIVE_INFINITY): boolean {
  const deadline = Date.now() + timeoutMs;
  while (Atomics.compareExchange(slots, LOCK, 0, 1) !== 0) {
    if (Date.now() >= deadline) return false;
    Atomics.wait(slots, LOCK, 1, 1);
  }
  return true;
}

/** How long the exiting main thread waits for a write of the worker's to end. */
const TAKE_BACK_TIMEOUT_MS = 500;

function release(slots: Int32Array): void {
  Atomics.store(slots, LOCK, 0);
  Atomics.notify(slots, LOCK);
}

/** Runs `write` holding the lock, unless the main thread took the terminal back (then: false). */
export function writeLocked(lock: TerminalLock, write: () => void): boolean {
  acquire(lock.slots);
  try {
    if (Atomics.load(lock.slots, TAKEN_BACK) === 1) return false;
    write();
    return true;
  } finally {
    release(lock.slots);
  }
}

/** From now on the worker writes nothing; returns once a write in progress has ended. */
export function takeBack(lock: TerminalLock): void {
  const held = acquire(lock.slots, TAKE_BACK_TIMEOUT_MS);
  Atomics.store(lock.slots, TAKEN_BACK, 1);
  if (held) release(lock.slots);
}

/** The worker wrote the stderr text with this sequence number. */
export function markWritten(lock: TerminalLock, seq: number): void {
  Atomics.store(lock.slots, WRITTEN, seq);
}

/** The sequence number of the last stderr text the worker wrote. */
export function lastWritten(lock: TerminalLock): number {
  return Atomics.load(lock.slots, WRITTEN);
}

/** Makes every write of `stream` go through the lock (dropped once the terminal was taken back). */
export function guardWrites<S extends NodeJS.WritableStream>(stream: S, lock: TerminalLock): S {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((...args: unknown[]) => {
    let result = true;
    writeLocked(lock, () => {
      result = write(...args);
    });
    return result;
  }) as S['write'];
  return stream;
}
