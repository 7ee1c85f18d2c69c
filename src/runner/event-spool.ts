import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { describeMachineFault, InfrastructureError } from '../shared/index.js';

/**
 * An attempt's orchestrator events, kept on disk instead of in memory: a 10,000-task attempt has
 * about 100,000 of them, and the checks need them only once the attempt ends. Lines are buffered and
 * written in blocks; `events()` can be iterated any number of times, each pass streaming the file.
 * Unlike events.jsonl, nothing is cut: checks see every prompt whole.
 *
 * The spool keeps where each type's lines are (byte ranges, 3 numbers per event), so a check that asks
 * for some types reads and parses only their lines, not the whole file: the checks of an attempt ask
 * about 15 times, and a pass over the whole file each time was most of their cost (docs/PERFORMANCE.md).
 *
 * In a spool of at most CACHE_BYTES the types read are kept parsed: the checks ask for the same few
 * types (agent_call_end, decision, task_start ...) several times each, and parsing them again was most
 * of what was left. A push drops them all (its event is not in them). Callers share the cached event
 * objects: a check must not change the events it is given.
 */
export interface EventSpool<T extends { type: string }> {
  push(event: T): void;
  /** The spool's events, in order: each read flushes first, so it sees every event pushed before it. */
  events(): SpooledEvents<T>;
  /** Removes the file. */
  dispose(): void;
}

/** The events of a spool: iterable, and able to pick types without reading the other lines. */
export interface SpooledEvents<T extends { type: string }> extends Iterable<T> {
  /** The events of one type with their position among all events (what eventsOf in checks/ returns). */
  ofType<K extends T['type']>(type: K): { event: Extract<T, { type: K }>; index: number }[];
  /** The events of any of these types, in order, with their position among all events. */
  ofTypes<K extends T['type']>(types: readonly K[]): { event: Extract<T, { type: K }>; index: number }[];
  /**
   * The same events as ofTypes, parsed one at a time as the loop asks for them: a large spool's events
   * are garbage as soon as the loop moves on, instead of a list of all of them held for the whole check
   * (and moved to the old generation of the heap on the way: figure 3c). Read when the loop starts.
   */
  eachOfTypes<K extends T['type']>(
    types: readonly K[],
  ): Iterable<{ event: Extract<T, { type: K }>; index: number }>;
}

const BLOCK_BYTES = 256 * 1024;
const READ_BYTES = 256 * 1024;
/** Lines of a picked type closer than this are read in one `read` (with what lies between). */
const MERGE_GAP_BYTES = 16 * 1024;
/**
 * The largest spool whose parsed types are kept between picks: a 1,000-task attempt's (about 2.5 MB)
 * is; a 10,000-task attempt's (25 MB) is read at every pick, as before the cache, so the cache adds
 * nothing to the peak memory of a large attempt (a cache of the most recently asked-for 8 MB of a
 * large spool added about 5 MB to a 10,000-task run's peak, figure 3c).
 */
export const CACHE_BYTES = 4 * 1024 * 1024;

/** Where one type's lines are in the file. */
interface TypeIndex {
  /** Position of each event among all events. */
  indexes: number[];
  offsets: number[];
  lengths: number[];
}

export function createEventSpool<T extends { type: string }>(path: string): EventSpool<T> {
  const fd = spoolIo(path, () => openSync(path, 'w+'));
  let buffered: string[] = [];
  let bufferedBytes = 0;
  /** Bytes written and buffered: the offset of the next line. */
  let end = 0;
  let count = 0;
  const byType = new Map<string, TypeIndex>();
  /** Parsed events by type (a spool of at most CACHE_BYTES only). */
  const cache = new Map<string, { event: T; index: number }[]>();
  let disposed = false;
  const flush = () => {
    if (buffered.length === 0) return;
    spoolIo(path, () => writeSync(fd, buffered.join('')));
    buffered = [];
    bufferedBytes = 0;
  };
  /** One type's events, parsed (from the cache, or read, and kept when the spool is small enough). */
  const ofOneType = (type: string): { event: T; index: number }[] => {
    const hit = cache.get(type);
    if (hit) return hit;
    const index = byType.get(type);
    if (!index) return [];
    const entries: { event: T; index: number }[] = [];
    for (const { index: at, line } of readRanges(fd, index)) {
      entries.push({ event: JSON.parse(line) as T, index: at });
    }
    // Only a spool that fits whole is cached: a larger attempt's checks walk its events as they are read
    // (eachOfTypes), and a cache would raise its peak memory (figure 3c).
    if (end <= CACHE_BYTES) cache.set(type, entries);
    return entries;
  };
  /** A view used after dispose would read a closed file descriptor, or a file that reused its number. */
  const open = () => {
    if (disposed) throw new Error(`event spool ${path} was disposed`);
  };
  const pick = <K extends T['type']>(types: readonly K[]) => {
    open();
    flush(); // every pushed event is indexed: its line must be in the file
    const lists = [...new Set(types)].map(ofOneType).filter((list) => list.length > 0);
    const found = lists.length === 1 ? [...lists[0]!] : mergeByIndex(lists);
    return found as { event: Extract<T, { type: K }>; index: number }[];
  };
  /**
   * A pick read as it is iterated; a spool small enough to cache is picked (and cached) whole. It reads
   * the events there are when the loop starts (readRanges takes the index's length then).
   */
  function* stream<K extends T['type']>(types: readonly K[]) {
    open();
    if (end <= CACHE_BYTES) {
      yield* pick(types);
      return;
    }
    flush();
    const lists: Ranges[] = [];
    for (const type of new Set(types)) {
      const index = byType.get(type);
      if (index) lists.push(index);
    }
    if (lists.length === 0) return;
    for (const { index, line } of readRanges(fd, mergeRanges(lists))) {
      yield { event: JSON.parse(line) as Extract<T, { type: K }>, index };
    }
  }
  return {
    push(event) {
      if (cache.size > 0) cache.clear();
      const line = `${JSON.stringify(event)}\n`;
      const bytes = Buffer.byteLength(line);
      let index = byType.get(event.type);
      if (!index) {
        index = { indexes: [], offsets: [], lengths: [] };
        byType.set(event.type, index);
      }
      index.indexes.push(count++);
      index.offsets.push(end);
      index.lengths.push(bytes - 1);
      end += bytes;
      buffered.push(line);
      bufferedBytes += line.length;
      if (bufferedBytes >= BLOCK_BYTES) flush();
    },
    events() {
      open();
      return {
        *[Symbol.iterator]() {
          open();
          flush();
          for (const line of readLines(fd)) yield JSON.parse(line) as T;
        },
        ofType: (type) => pick([type]),
        ofTypes: (types) => pick(types),
        eachOfTypes: (types) => ({ [Symbol.iterator]: () => stream(types) }),
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

/**
 * Lines to read, in file order: position among all events, byte offset and length of each (three
 * arrays of numbers rather than an object per line: a 10,000-task attempt picks 10,000-20,000 lines).
 */
interface Ranges {
  indexes: readonly number[];
  offsets: readonly number[];
  lengths: readonly number[];
}

/** Several types' ranges (each in file order) as one, in file order: a merge, k being a few types. */
function mergeRanges(lists: readonly Ranges[]): Ranges {
  if (lists.length === 1) return lists[0]!;
  const merged: { indexes: number[]; offsets: number[]; lengths: number[] } = {
    indexes: [],
    offsets: [],
    lengths: [],
  };
  const next = lists.map(() => 0);
  for (;;) {
    let from = -1;
    for (let l = 0; l < lists.length; l++) {
      const at = next[l]!;
      if (
        at < lists[l]!.indexes.length &&
        (from === -1 || lists[l]!.indexes[at]! < lists[from]!.indexes[next[from]!]!)
      )
        from = l;
    }
    if (from === -1) return merged;
    const list = lists[from]!;
    const at = next[from]!;
    merged.indexes.push(list.indexes[at]!);
    merged.offsets.push(list.offsets[at]!);
    merged.lengths.push(list.lengths[at]!);
    next[from] = at + 1;
  }
}

/** Several types' events (each list in order) as one list in event order. */
function mergeByIndex<E extends { index: number }>(lists: readonly (readonly E[])[]): E[] {
  const merged = lists.flat();
  merged.sort((a, b) => a.index - b.index);
  return merged;
}

/** The lines at `ranges` (in file order); lines close together are read with one `read`. */
function* readRanges(fd: number, ranges: Ranges): Generator<{ index: number; line: string }> {
  const { indexes, offsets, lengths } = ranges;
  // The lines there are now: a type's index (passed as is when one type is read) grows with every push.
  const count = indexes.length;
  let buffer = Buffer.alloc(READ_BYTES);
  let i = 0;
  while (i < count) {
    // Grow the read while the next line starts near the last one and the read stays in one buffer.
    const from = offsets[i]!;
    let last = i;
    while (last + 1 < count) {
      const next = offsets[last + 1]!;
      if (next - (offsets[last]! + lengths[last]!) > MERGE_GAP_BYTES) break;
      if (next + lengths[last + 1]! - from > READ_BYTES) break;
      last++;
    }
    const bytes = offsets[last]! + lengths[last]! - from;
    if (bytes > buffer.length) buffer = Buffer.alloc(bytes); // one line longer than a read
    readExactly(fd, buffer, bytes, from);
    for (let k = i; k <= last; k++) {
      const start = offsets[k]! - from;
      yield { index: indexes[k]!, line: buffer.toString('utf8', start, start + lengths[k]!) };
    }
    i = last + 1;
  }
}

function readExactly(fd: number, buffer: Buffer, bytes: number, position: number): void {
  let done = 0;
  while (done < bytes) {
    const read = readSync(fd, buffer, done, bytes - done, position + done);
    if (read === 0)
      throw new Error(`event spool: the file ended at byte ${position + done}, ${bytes - done} early`);
    done += read;
  }
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

/**
 * Runs one file operation of the spool; a full or read-only disk (or no file descriptor left) becomes
 * an InfrastructureError naming the spool's file, the error code and the fix (a write to an open file
 * carries no path of its own). Anything else is rethrown as it is.
 */
function spoolIo<R>(path: string, io: () => R): R {
  try {
    return io();
  } catch (error) {
    const fault = describeMachineFault(error, path);
    if (fault === undefined) throw error;
    throw new InfrastructureError(`cannot write the attempt's event spool: ${fault}`, 'OBRA_RUN_DIR', {
      cause: error,
    });
  }
}
