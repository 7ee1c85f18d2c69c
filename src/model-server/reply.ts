import type { Reply, StopReason } from './cassette/schema.js';
import { fillDeep, fillString, placeholdersIn, stringsIn } from './cassette/template.js';
import type { Protocol } from './request.js';

/** Token usage with every field filled. */
export interface FullUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export interface ResolvedToolCall {
  id: string;
  name: string;
  input: Record<string, unknown>;
}

/** A reply ready to render in any protocol: templates filled, defaults applied. */
export interface ResolvedReply {
  text: string;
  toolCalls: ResolvedToolCall[];
  stopReason: StopReason;
  usage: FullUsage;
}

export const defaultUsage: FullUsage = {
  input_tokens: 100,
  output_tokens: 20,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
};

const idPrefix: Record<Protocol, string> = {
  anthropic: 'toolu_replay',
  openai: 'call_replay',
  ollama: 'call_replay',
};

export type ResolveResult = { ok: true; reply: ResolvedReply } | { ok: false; reason: string };

/**
 * Fills `{{cwd}}` and captures into a cassette reply and applies the defaults. Tool call ids default to
 * `<prefix>_<step>_<i>`: unique within a conversation, stable across runs.
 */
export function resolveReply(
  reply: Reply,
  values: Readonly<Record<string, string>>,
  context: { protocol: Protocol; step: number },
): ResolveResult {
  for (const [text] of stringsIn(reply)) {
    const unfilled = placeholdersIn(text).find((name) => values[name] === undefined);
    if (unfilled !== undefined) {
      const hint =
        unfilled === 'cwd'
          ? ' (looked for "Primary working directory:" and "I\'m currently working in the directory:")'
          : '';
      return {
        ok: false,
        reason: `the reply uses {{${unfilled}}} but the request gives no value for it${hint}`,
      };
    }
  }
  const toolCalls = (reply.tool_calls ?? []).map((call, i) => ({
    id: call.id ?? `${idPrefix[context.protocol]}_${context.step}_${i}`,
    name: fillString(call.name, values),
    input: fillDeep(call.input ?? {}, values),
  }));
  return {
    ok: true,
    reply: {
      text: fillString(reply.text ?? '', values),
      toolCalls,
      stopReason: reply.stop_reason ?? (toolCalls.length > 0 ? 'tool_use' : 'end_turn'),
      usage: { ...defaultUsage, ...reply.usage },
    },
  };
}

/** The plain reply to a side call (a request with no tools that no conversation matches). */
export function sideCallReply(): ResolvedReply {
  return { text: 'OK.', toolCalls: [], stopReason: 'end_turn', usage: { ...defaultUsage, output_tokens: 2 } };
}
