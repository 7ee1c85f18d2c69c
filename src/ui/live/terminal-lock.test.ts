import { describe, expect, it } from 'vitest';
import {
  createTerminalLock,
  guardWrites,
  lastWritten,
  markWritten,
  takeBack,
  writeLocked,
} from './terminal-lock.js';
import { textStream } from './text-stream.js';

describe('terminal lock (the live view worker and the main thread)', () => {
  it('lets guarded writes through until the terminal is taken back, then drops them', () => {
    const lock = createTerminalLock();
    let out = '';
    const stream = guardWrites(
      textStream((text) => (out += text)),
      lock,
    );
    stream.write('frame 1\n');
    takeBack(lock);
    stream.write('frame 2\n');
    expect(out).toBe('frame 1\n');
    expect(writeLocked(lock, () => {})).toBe(false);
  });

  it('takes the terminal back even from a holder that never releases it (a worker stopped mid-write)', () => {
    const lock = createTerminalLock();
    let during = false;
    writeLocked(lock, () => {
      // Held here: takeBack waits its bound, then goes on.
      takeBack(lock);
      during = true;
    });
    expect(during).toBe(true);
    expect(writeLocked(lock, () => {})).toBe(false);
  });

  it('counts the stderr texts the worker wrote', () => {
    const lock = createTerminalLock();
    expect(lastWritten(lock)).toBe(0);
    markWritten(lock, 3);
    expect(lastWritten(lock)).toBe(3);
  });
});
