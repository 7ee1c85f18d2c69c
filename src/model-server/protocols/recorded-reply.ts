import type { Reply, StopReason, ToolCall, Usage } from '../cassette/schema.js';

const stopReasons: readonly StopReason[] = ['end_turn', 'tool_use', 'max_tokens', 'stop_sequence'];
const usageKeys = [
  'input_tokens',
  'output_tokens',
  'cache_creation_input_tokens',
  'cache_read_input_tokens',
] as const;

/** A cassette reply from what an upstream answered (record mode), in the Anthropic vocabulary. */
export function recordedReply(
  text: readonly string[],
  calls: readonly ToolCall[],
  stopReason: unknown,
  usage: Readonly<Record<string, unknown>>,
): Reply {
  const reply: Reply = { text: text.join('') };
  if (calls.length > 0) reply.tool_calls = [...calls];
  if (stopReasons.includes(stopReason as StopReason)) reply.stop_reason = stopReason as StopReason;
  const u: Usage = {};
  for (const key of usageKeys) {
    const value = usage[key];
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) u[key] = value;
  }
  if (Object.keys(u).length > 0) reply.usage = u;
  return reply;
}
