import type { ResolvedToolCall } from './reply.js';
import type { ToolResult } from './request.js';

/** The cassette turn that served a tool call: which conversation, which turn, which call of its reply. */
export interface ServedCall {
  cassette: string;
  conversation: string;
  conversationIndex: number;
  turn: number;
  turnName?: string;
  /** Index in the reply's tool_calls. */
  call: number;
  /** The request whose reply carried the call. */
  servedSeq: number;
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

/**
 * Which conversation a request belongs to: its session id (Claude Code's x-claude-code-session-id), else
 * its first user text (a client that sends no session header), so call ids that repeat across
 * conversations (`toolu_replay_<step>_<i>`) never meet.
 */
export function conversationScope(sessionId: string | undefined, firstUserText: string): string {
  return sessionId !== undefined ? `session:${sessionId}` : `first-user:${firstUserText.slice(0, 2_000)}`;
}

export interface ToolErrorLog {
  /** A reply with tool calls went out (request `seq`): remember which turn served each call id. */
  served(
    scope: string,
    seq: number,
    calls: readonly ResolvedToolCall[],
    by: Omit<ServedCall, 'call' | 'servedSeq'>,
  ): void;
  /** A request came in: keep the refusals among the tool results it carries. */
  seen(
    request: { seq: number; time: string; sessionId?: string },
    scope: string,
    results: readonly ToolResult[],
  ): void;
  records(): ToolErrorRecord[];
}

const refusal = /<tool_use_error>([\s\S]*?)(?:<\/tool_use_error>|$)/;
const maxText = 2_000;

/** Bounded: at most `keep` records and `keep` × 64 served call ids (the oldest go first). */
export function createToolErrorLog(keep = 100): ToolErrorLog {
  const servedCalls = new Map<string, ServedCall>();
  const records = new Map<string, ToolErrorRecord>();
  const key = (scope: string, callId: string) => `${scope}\n${callId}`;
  return {
    served(scope, seq, calls, by) {
      for (const [call, resolved] of calls.entries()) {
        servedCalls.set(key(scope, resolved.id), { ...by, call, servedSeq: seq });
        if (servedCalls.size > keep * 64) servedCalls.delete(servedCalls.keys().next().value!);
      }
    },
    seen(request, scope, results) {
      for (const result of results) {
        const refused = result.isError === true ? refusal.exec(result.text) : null;
        if (refused === null || result.callId === undefined) continue;
        const servedBy = servedCalls.get(key(scope, result.callId));
        // The same result again is the client re-sending the request (a retry), not a second refusal; an
        // id served again by a later reply is a new call.
        const id = `${key(scope, result.callId)}\n${servedBy?.servedSeq ?? ''}`;
        if (records.has(id) || records.size >= keep) continue;
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
