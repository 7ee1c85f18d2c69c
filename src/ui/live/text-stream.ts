import { EventEmitter } from 'node:events';
import { chunkText } from './route-writes.js';

/**
 * A stream-shaped writer over a `(text) => void` function, for Ink when the output is not a terminal
 * (a pipe, a captured string in tests, a benchmark's sink): `columns` wide, not a TTY, no resizes.
 */
export function textStream(write: (text: string) => void, columns = 80): NodeJS.WriteStream {
  const stream = Object.assign(new EventEmitter(), {
    columns,
    isTTY: false,
    writable: true,
    write: (chunk: unknown) => {
      write(chunkText(chunk));
      return true;
    },
  });
  return stream as unknown as NodeJS.WriteStream;
}
