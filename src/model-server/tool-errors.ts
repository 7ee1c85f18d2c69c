import type { ResolvedToolCall } from './reply.js';
import type { ToolResult } from './request.js';

/** The cassette turn that served a tool call: which conversation, which turn, which call of its reply. */
export interface ServedCall {
  cassette: string;
  conversation: string;
  turn: number;
  turnName?: string;
  /** Index in the reply's tool_calls. */
  call: number;
}

/**
 * A replayed tool call the agent CLI refused before running it, read from the tool result that came back
 * to the model server: Claude Code wraps such results in `<tool_use_error>` and marks them `is_error`
 * (an input its schema rejects, a tool it does not offer, a file an Edit needs that is missing). A
 * command that ran and failed (a Bash exit code) is the tool's own result, not a refusal, and is not here.
 */
export interface ToolErrorRecord {
  /** The request that carried the result. */
  seq: number;
  time: string;
  sessionId?: string;
  tool: string;
  callId: string;
  /** The CLI's error text, without the `<tool_use_error>` tags, at most 2,000 characters. */
  text: string;
  /** The cassette turn that served the call, when this server served it. */
  servedBy?: ServedCall;
}

export interface ToolErrorLog {
  /** A reply with tool calls went out: remember which turn served each call id. */
  served(
    sessionId: string | undefined,
    calls: readonly ResolvedToolCall[],
    by: Omit<ServedCall, 'call'>,
  ): void;
  /** A request came in: keep the refusals among the tool results it carries. */
  seen(request: { seq: number; time: string; sessionId?: string }, results: readonly ToolResult[]): void;
  records(): ToolErrorRecord[];
}

const refusal = /<tool_use_error>([\s\S]*?)(?:<\/tool_use_error>|$)/;
const maxText = 2_000;

/** Bounded: at most `keep` records and `keep` × 64 served call ids (the oldest go first). */
export function createToolErrorLog(keep = 100): ToolErrorLog {
  const servedCalls = new Map<string, ServedCall>();
  const records = new Map<string, ToolErrorRecord>();
  const key = (sessionId: string | undefined, callId: string) => `${sessionId ?? ''}\n${callId}`;
  return {
    served(sessionId, calls, by) {
      for (const [call, resolved] of calls.entries()) {
        servedCalls.set(key(sessionId, resolved.id), { ...by, call });
        if (servedCalls.size > keep * 64) servedCalls.delete(servedCalls.keys().next().value!);
      }
    },
    seen(request, results) {
      for (const result of results) {
        const refused = result.isError === true ? refusal.exec(result.text) : null;
        if (refused === null || result.callId === undefined) continue;
        const id = key(request.sessionId, result.callId);
        // The same results again: the client re-sent the request (a retry), not a second refusal.
        if (records.has(id) || records.size >= keep) continue;
        const servedBy = servedCalls.get(id);
        records.set(id, {
          seq: request.seq,
          time: request.time,
          ...(request.sessionId === undefined ? {} : { sessionId: request.sessionId }),
          tool: result.toolName ?? 'unknown',
          callId: result.callId,
          text: (refused[1] ?? '').trim().slice(0, maxText),
          ...(servedBy ? { servedBy } : {}),
        });
      }
    },
    records: () => [...records.values()].map((record) => ({ ...record })),
  };
}
