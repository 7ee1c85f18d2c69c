import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/**
 * An attempt's orchestrator events, kept on disk instead of in memory: a 10,000-task attempt has
 * about 100,000 of them, and the checks need them only once the attempt ends. Lines are buffered and
 * written in blocks; `events()` can be iterated any number of times, each pass streaming the file.
 * Unlike events.jsonl, nothing is cut: checks see every prompt whole.
 */
export interface EventSpool<T extends { type: string }> {
  push(event: T): void;
  /** Every event pushed so far, in order (flushes first). */
  events(): SpooledEvents<T>;
  /** Removes the file. */
  dispose(): void;
}

/** The events of a spool: iterable, and able to pick one type without parsing the other lines. */
export interface SpooledEvents<T extends { type: string }> extends Iterable<T> {
  /** The events of one type with their position among all events (what eventsOf in checks/ returns). */
  ofType<K extends T['type']>(type: K): { event: Extract<T, { type: K }>; index: number }[];
}

const BLOCK_BYTES = 256 * 1024;
const READ_BYTES = 256 * 1024;

export function createEventSpool<T extends { type: string }>(path: string): EventSpool<T> {
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
      return {
        *[Symbol.iterator]() {
          for (const line of readLines(fd)) yield JSON.parse(line) as T;
        },
        ofType(type) {
          // JSON.stringify writes the event's own type as "type":"<type>"; a line without it is not one.
          const needle = `"type":${JSON.stringify(type)}`;
          const found: { event: Extract<T, { type: typeof type }>; index: number }[] = [];
          let index = 0;
          for (const line of readLines(fd)) {
            if (line.includes(needle)) {
              const event = JSON.parse(line) as T;
              if (event.type === type)
                found.push({ event: event as Extract<T, { type: typeof type }>, index });
            }
            index++;
          }
          return found;
        },
      };
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      closeSync(fd);
      rmSync(path, { force: true });
    },
  };
}

/** The spool's lines, streamed from the file in blocks. */
function* readLines(fd: number): Generator<string> {
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
    for (const line of lines) if (line !== '') yield line;
  }
  rest += decoder.end();
  if (rest !== '') yield rest;
}
