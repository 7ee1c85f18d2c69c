import { closeSync, openSync, writeSync } from 'node:fs';
import { errorMessage, InfrastructureError } from '../shared/index.js';
import { EVENT_LOG_VERSION, type RunEvent, type RunEventBody } from './types.js';

export interface EventWriter {
  /** Appends one event (synchronously: an interrupted run keeps every event written so far). */
  write(body: RunEventBody): RunEvent;
  /**
   * The events `keep` accepted, as written to the file (redacted, long strings cut): what reading the
   * file back would give for them, without reading it.
   */
  kept(): RunEvent[];
  close(): void;
  readonly path: string;
}

/** Longest string kept in a logged event field; longer ones are cut in the middle with a note. */
export const MAX_EVENT_STRING = 4000;

/** Opens events.jsonl for appending (`append` for resumed runs keeps the existing lines). */
export function createEventWriter(
  path: string,
  options: {
    append?: boolean;
    startSeq?: number;
    /** Applied to every string of every event before it is written (secrets of the run's environment). */
    redact?: (text: string) => string;
    /** Which events `kept()` gives back (default: none). */
    keep?: (body: RunEventBody) => boolean;
  } = {},
): EventWriter {
  const redact = options.redact;
  const replacer = redact
    ? (key: string, value: unknown) => boundStrings(key, typeof value === 'string' ? redact(value) : value)
    : boundStrings;
  let fd: number;
  try {
    fd = openSync(path, options.append ? 'a' : 'w');
  } catch (error) {
    throw unwritable(path, error);
  }
  let seq = options.startSeq ?? 0;
  let open = true;
  const keptLines: string[] = [];
  return {
    path,
    write(body) {
      if (!open)
        throw new Error(`event log ${path} is closed; an event arrived after the run ended: ${body.type}`);
      const event = { v: EVENT_LOG_VERSION, seq: ++seq, time: Date.now(), ...body } as RunEvent;
      const line = JSON.stringify(event, replacer);
      try {
        writeSync(fd, `${line}\n`);
      } catch (error) {
        throw unwritable(path, error);
      }
      if (options.keep?.(body)) keptLines.push(line);
      return event;
    },
    kept: () => keptLines.map((line) => JSON.parse(line) as RunEvent),
    close() {
      if (open) closeSync(fd);
      open = false;
    },
  };
}

/** The event log cannot be written (disk full, read-only): the run cannot go on, and cannot be judged. */
function unwritable(path: string, error: unknown): InfrastructureError {
  return new InfrastructureError(
    `cannot write the event log ${path}: ${errorMessage(error)}. Free space on the disk or make the run directory writable, then run again (or \`--resume\` the run directory).`,
    'OBRA_EVENT_LOG',
    { cause: error },
  );
}

function boundStrings(_key: string, value: unknown): unknown {
  if (typeof value === 'string' && value.length > MAX_EVENT_STRING) {
    const half = MAX_EVENT_STRING / 2;
    return `${value.slice(0, half)}\n[... ${value.length - MAX_EVENT_STRING} characters cut by obra-validate ...]\n${value.slice(-half)}`;
  }
  return value;
}
