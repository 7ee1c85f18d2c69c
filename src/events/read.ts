import { closeSync, createReadStream, existsSync, openSync, readSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { UserError } from '../shared/index.js';
import { EVENT_LOG_VERSION, type RunEvent } from './types.js';

/**
 * Streams the events of an events.jsonl file. A missing file, a line that is not JSON, or an event
 * written by a newer obra-validate is a UserError naming the file and line.
 */
export async function* readEvents(
  path: string,
  options: { skipType?: RunEvent['type'] } = {},
): AsyncGenerator<RunEvent> {
  if (!existsSync(path)) {
    throw new UserError(
      `no event log at ${path}. Give a run directory written by obra-validate (e.g. reports/latest).`,
    );
  }
  const lines = createInterface({
    input: createReadStream(path, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  // A line as the writer lays it out ({"v":1,"seq":N,"time":T,"type":"…",…) names its type in its
  // first few dozen characters: one of the skipped type is passed over without being parsed.
  const skipped =
    options.skipType === undefined
      ? undefined
      : new RegExp(`^\\{"v":\\d+,"seq":\\d+,"time":\\d+,"type":"${options.skipType}"`);
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (skipped?.test(line)) continue;
    if (line.trim() === '') continue;
    let event: RunEvent;
    try {
      event = JSON.parse(line) as RunEvent;
    } catch {
      // A run killed mid-write can leave a partial last line: everything before it is valid.
      continue;
    }
    if (typeof event.v !== 'number' || event.v > EVENT_LOG_VERSION) throw newerLog(path, lineNumber, event.v);
    yield event;
  }
}

function newerLog(path: string, lineNumber: number, version: unknown): UserError {
  return new UserError(
    `${path}:${lineNumber} was written by a newer obra-validate (event log version ${String(version)}; this one reads up to ${EVENT_LOG_VERSION}). Upgrade obra-validate to read it.`,
  );
}

/**
 * Checks the first event of a log (synchronously, reading at most 64 KiB): a log written by a newer
 * obra-validate is refused at once, before a long read of the rest. A file without a whole first line
 * passes (readEvents says what is wrong with it).
 */
export function checkEventLogVersion(path: string): void {
  const fd = openSync(path, 'r');
  let head: string;
  try {
    const buffer = Buffer.alloc(64 * 1024);
    head = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8');
  } finally {
    closeSync(fd);
  }
  const end = head.indexOf('\n');
  if (end === -1) return;
  let first: { v?: unknown };
  try {
    first = JSON.parse(head.slice(0, end)) as { v?: unknown };
  } catch {
    return;
  }
  if (typeof first.v !== 'number' || first.v > EVENT_LOG_VERSION) throw newerLog(path, 1, first.v);
}

/** All events of a log, in order. */
export async function readAllEvents(path: string): Promise<RunEvent[]> {
  return readEventsFor(path, () => true);
}

/**
 * The events of a log that `keep` accepts, in order (the others are never held). `skipType`: lines of
 * that type are not even parsed (the report skips the core events, most of a log).
 */
export async function readEventsFor(
  path: string,
  keep: (event: RunEvent) => boolean,
  options: { skipType?: RunEvent['type'] } = {},
): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  for await (const event of readEvents(path, options)) if (keep(event)) events.push(event);
  return events;
}
