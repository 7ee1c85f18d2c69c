import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { makeDirs } from '../shared/index.js';
import type { FullUsage } from './reply.js';
import type { Protocol } from './request.js';

/** What the server did with a request. */
export type RequestOutcome =
  | {
      kind: 'turn';
      cassette: string;
      conversation: string;
      /** Its index in the cassette's `conversations`. */
      conversationIndex: number;
      turn: number;
      turnName?: string;
      captures?: Record<string, string>;
      fault?: string;
    }
  | { kind: 'side-call' }
  | { kind: 'miss'; reason: string }
  | { kind: 'recorded'; upstreamStatus: number }
  | { kind: 'info' }
  | { kind: 'bad-request'; reason: string }
  | { kind: 'not-found' }
  | { kind: 'error'; reason: string };

/** A reply as the model server sent it (templates filled). */
export interface ServedReply {
  text: string;
  toolCalls: { name: string; input: Record<string, unknown> }[];
  stopReason: string;
}

/** One request as the server saw and answered it. */
export interface RequestLogEntry {
  seq: number;
  /** ISO time the request arrived. */
  time: string;
  method: string;
  path: string;
  protocol?: Protocol;
  stream?: boolean;
  model?: string;
  /** Number of assistant messages in the request. */
  step?: number;
  /** The x-claude-code-session-id header, when sent. */
  sessionId?: string;
  outcome: RequestOutcome;
  status: number;
  durationMs: number;
  usage?: FullUsage;
  /**
   * The text of the request's last message when it is a user message with text and no tool results: what
   * the client asked at the start of a call (Claude Code's prompt, with any reminders it puts before it).
   * A witness of what really reached the model.
   */
  asked?: string;
  /** What the server answered in full: the reply's text and tool calls (name and input). */
  served?: ServedReply;
  /** The client closed the connection before the reply went out (a delay past its timeout): status 0, nothing served. */
  abandoned?: true;
  /** How many tools the request offered (an agent offers some; a scorer or a side call none). */
  tools?: number;
  /**
   * The parsed request body. Kept only for the most recent requests (`keepBodies`, default 32) so a
   * 1,000-task run does not hold 1,000 × 50 KB; older entries keep the summary only.
   */
  body?: unknown;
}

/** An unmatched request, kept whole for the report (headers without credentials). */
export interface MissRecord {
  seq: number;
  time: string;
  method: string;
  path: string;
  protocol?: Protocol;
  reason: string;
  headers: Record<string, string>;
  /** The whole parsed body; dropped (undefined) past the first `keepMisses` misses. */
  body?: unknown;
  /**
   * How many requests this record stands for. The same miss again (same reason, same
   * x-claude-code-session-id) counts here instead of adding a record: on a 400, Claude Code 2.1.328
   * re-sends the request up to 5 times with fewer betas (6 requests in all).
   */
  repeats: number;
}

export interface RequestLogOptions {
  /** JSONL file: one line per request, without bodies (with what was asked and served). */
  file?: string;
  /** Bound of the JSONL file in bytes (default 10 MB); past it one final line counts the dropped entries. */
  maxBytes?: number;
  /** Entries kept in memory (default 10,000; the oldest go first). */
  keepEntries?: number;
  keepBodies?: number;
  keepMisses?: number;
}

export interface RequestLog {
  add(entry: RequestLogEntry, miss?: Pick<MissRecord, 'reason' | 'headers' | 'body'>): void;
  entries(): RequestLogEntry[];
  misses(): MissRecord[];
  /** Total number of requests logged (including entries no longer kept in memory). */
  count(): number;
  close(): Promise<void>;
}

const finalLineReserve = 200;

export function createRequestLog(options: RequestLogOptions = {}): RequestLog {
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  const keepEntries = Math.max(1, options.keepEntries ?? 10_000);
  const keepBodies = options.keepBodies ?? 32;
  const keepMisses = options.keepMisses ?? 100;
  const ring: RequestLogEntry[] = [];
  let start = 0;
  const withBodies: RequestLogEntry[] = [];
  const missList: MissRecord[] = [];
  const missByKey = new Map<string, MissRecord>();
  let total = 0;
  let written = 0;
  let dropped = 0;
  let writeError: Error | undefined;
  let stream: WriteStream | undefined;
  if (options.file !== undefined) {
    makeDirs(dirname(options.file));
    stream = createWriteStream(options.file, { flags: 'w' });
    stream.on('error', (error) => {
      writeError ??= error;
    });
  }

  function writeLine(entry: RequestLogEntry): void {
    if (stream === undefined) return;
    const line = `${JSON.stringify(toLogLine(entry))}\n`;
    const size = Buffer.byteLength(line);
    if (written + size > maxBytes - finalLineReserve) {
      dropped++;
      return;
    }
    written += size;
    stream.write(line);
  }

  return {
    add(entry, miss) {
      total++;
      writeLine(entry);
      if (ring.length < keepEntries) ring.push(entry);
      else {
        ring[start] = entry;
        start = (start + 1) % keepEntries;
      }
      if (entry.body !== undefined || entry.asked !== undefined || entry.served !== undefined) {
        withBodies.push(entry);
        if (withBodies.length > keepBodies) {
          const old = withBodies.shift()!;
          delete old.body;
          delete old.asked;
          delete old.served;
        }
      }
      if (miss !== undefined) {
        const key = `${entry.sessionId ?? ''}\n${entry.path}\n${miss.reason}`;
        const seen = missByKey.get(key);
        if (seen !== undefined) {
          seen.repeats++;
          return;
        }
        const record: MissRecord = {
          seq: entry.seq,
          time: entry.time,
          method: entry.method,
          path: entry.path,
          ...(entry.protocol ? { protocol: entry.protocol } : {}),
          reason: miss.reason,
          headers: miss.headers,
          repeats: 1,
        };
        if (missList.length < keepMisses) record.body = miss.body;
        missList.push(record);
        missByKey.set(key, record);
      }
    },
    entries: () => [...ring.slice(start), ...ring.slice(0, start)],
    misses: () => missList.map((record) => ({ ...record })),
    count: () => total,
    async close() {
      if (stream === undefined) return;
      const s = stream;
      stream = undefined;
      if (dropped > 0) {
        s.write(
          `${JSON.stringify({ dropped_entries: dropped, reason: `the log reached its bound of ${maxBytes} bytes (logMaxBytes)` })}\n`,
        );
      }
      s.end();
      if (!s.closed && writeError === undefined) await once(s, 'close');
      if (writeError) throw writeError;
    },
  };
}

/** The JSONL form of an entry: no body, snake_case durations. */
function toLogLine(entry: RequestLogEntry): Record<string, unknown> {
  const { body: _body, durationMs, ...rest } = entry;
  return { ...rest, duration_ms: durationMs };
}

const secretHeader = /authorization|api-key|apikey|cookie|token|secret|password/i;

/** Request headers without credentials (for saved misses). */
export function safeHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = secretHeader.test(name) ? '[redacted]' : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
