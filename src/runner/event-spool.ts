import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/**
 * An attempt's orchestrator events, kept on disk instead of in memory: a 10,000-task attempt has
 * about 100,000 of them, and the checks need them only once the attempt ends. Lines are buffered and
 * written in blocks; `events()` can be iterated any number of times, each pass streaming the file.
 * Unlike events.jsonl, nothing is cut: checks see every prompt whole.
 */
export interface EventSpool<T> {
  push(event: T): void;
  /** Every event pushed so far, in order (flushes first). */
  events(): Iterable<T>;
  /** Removes the file. */
  dispose(): void;
}

const BLOCK_BYTES = 256 * 1024;
const READ_BYTES = 256 * 1024;

export function createEventSpool<T>(path: string): EventSpool<T> {
  const fd = openSync(path, 'w+');
  let buffered: string[] = [];
  let bufferedBytes = 0;
  let disposed = false;
  const flush = () => {
    if (buffered.length === 0) return;
    writeSync(fd, buffered.join(''));
    buffered = [];
    bufferedBytes = 0;
  };
  return {
    push(event) {
      const line = `${JSON.stringify(event)}\n`;
      buffered.push(line);
      bufferedBytes += line.length;
      if (bufferedBytes >= BLOCK_BYTES) flush();
    },
    events() {
      if (disposed) throw new Error(`event spool ${path} was disposed`);
      flush();
      return { [Symbol.iterator]: () => readLines<T>(fd) };
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      closeSync(fd);
      rmSync(path, { force: true });
    },
  };
}

function* readLines<T>(fd: number): Generator<T> {
  const chunk = Buffer.alloc(READ_BYTES);
  // A character cut by the chunk boundary is completed by the next chunk.
  const decoder = new StringDecoder('utf8');
  let position = 0;
  let rest = '';
  for (;;) {
    const read = readSync(fd, chunk, 0, chunk.length, position);
    if (read === 0) break;
    position += read;
    const text = rest + decoder.write(chunk.subarray(0, read));
    const lines = text.split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line !== '') yield JSON.parse(line) as T;
  }
  rest += decoder.end();
  if (rest !== '') yield JSON.parse(rest) as T;
}
