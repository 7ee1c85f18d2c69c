import { z } from 'zod';

/**
 * The cassette file format (docs/CASSETTES.md). This zod schema is the single source of the TypeScript
 * types and of schema/cassette.schema.json. Rules a schema cannot express (placeholders, regexes,
 * reply/fault combinations) live in cassette/rules.ts.
 */

const text = z.string();
/** One string, or a list of strings that must all be contained. */
const contains = z.union([text, z.array(text).min(1)]);
const tokens = z.int().min(0);

export const usageSchema = z
  .strictObject({
    input_tokens: tokens.optional(),
    output_tokens: tokens.optional(),
    cache_creation_input_tokens: tokens.optional(),
    cache_read_input_tokens: tokens.optional(),
  })
  .describe('Token usage reported with the reply; absent fields take the defaults.');

export const toolCallSchema = z
  .strictObject({
    id: z.string().min(1).optional().describe('Tool call id; default generated from the step.'),
    name: z
      .string()
      .min(1)
      .describe('The tool name exactly as the client offers it (Write, Bash, write_file).'),
    input: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('Tool input object; strings may use {{cwd}} and captured {{names}}.'),
  })
  .describe('A tool call the model makes.');

export const stopReasonSchema = z.enum(['end_turn', 'tool_use', 'max_tokens', 'stop_sequence']);

export const replySchema = z
  .strictObject({
    text: z.string().optional().describe('Assistant text; may use {{cwd}} and captured {{names}}.'),
    tool_calls: z.array(toolCallSchema).optional(),
    stop_reason: stopReasonSchema
      .optional()
      .describe('Default: tool_use when there are tool calls, else end_turn.'),
    usage: usageSchema.optional(),
  })
  .describe('What the model answers.');

export const faultSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('http_error'),
      status: z.int().min(400).max(599).optional().describe('Default 500.'),
      message: z.string().optional(),
    }),
    z.strictObject({
      kind: z.literal('rate_limit'),
      status: z.int().min(400).max(599).optional().describe('Default 429.'),
      retry_after_s: z.number().min(0).optional().describe('Sent as the retry-after header.'),
      message: z.string().optional(),
    }),
    z.strictObject({
      kind: z.literal('delay'),
      ms: z.int().min(0).max(600_000).describe('Wait this long, then send the reply.'),
    }),
    z.strictObject({
      kind: z.literal('truncated'),
      description: z.string().optional(),
    }),
    z.strictObject({
      kind: z.literal('malformed'),
      body: z.string().optional().describe('The garbage to send; default a fixed non-JSON line.'),
    }),
    z.strictObject({ kind: z.literal('drop') }),
  ])
  .describe('A transport or server failure played instead of (or, for delay, before) the reply.');

export const turnWhenSchema = z
  .strictObject({
    step: z.int().min(0).optional().describe('Number of assistant messages in the request.'),
    last_user_contains: contains.optional().describe('Text of the last user message that has text.'),
    tool_result_from: z
      .string()
      .min(1)
      .optional()
      .describe('A tool result after the last assistant message came from this tool.'),
    tool_result_contains: contains
      .optional()
      .describe('A tool result after the last assistant message contains this text.'),
  })
  .describe('Matcher on the conversation state; every given field must hold.');

export const turnSchema = z
  .strictObject({
    name: z.string().min(1).optional().describe('Shown in the request log.'),
    when: turnWhenSchema.optional(),
    reply: replySchema.optional(),
    fault: faultSchema.optional(),
    times: z.int().min(1).optional().describe('The turn matches at most this many times per server.'),
  })
  .describe('A scripted model turn: a reply, a fault, or a delay fault and a reply.');

export const conversationWhenSchema = z
  .strictObject({
    first_user_contains: contains.optional(),
    first_user_not_contains: contains.optional().describe('None of these strings may be contained.'),
    system_contains: contains.optional(),
    has_tools: z.boolean().optional(),
  })
  .describe('Matcher on the request; every given field must hold.');

export const conversationSchema = z
  .strictObject({
    name: z.string().min(1),
    when: conversationWhenSchema.optional(),
    capture: z
      .record(z.string(), z.string())
      .optional()
      .describe(
        'name → pattern (RE2 syntax: linear time; no lookarounds or backreferences; at most 256 characters) on the first user text; group 1 (or the whole match) fills {{name}}.',
      ),
    turns: z.array(turnSchema).min(1),
  })
  .describe('A scripted conversation; the first whose `when` and captures match is used.');

export const cassetteSchema = z
  .strictObject({
    version: z.literal(1),
    name: z.string().min(1),
    description: z.string().optional(),
    models: z
      .array(z.string().min(1))
      .optional()
      .describe('Model names listed by GET /api/tags and /v1/models (always with "replay").'),
    conversations: z.array(conversationSchema).min(1),
  })
  .describe('An obra-validate model-server cassette (docs/CASSETTES.md).');

export type Usage = z.output<typeof usageSchema>;
export type ToolCall = z.output<typeof toolCallSchema>;
export type StopReason = z.output<typeof stopReasonSchema>;
export type Reply = z.output<typeof replySchema>;
export type Fault = z.output<typeof faultSchema>;
export type TurnWhen = z.output<typeof turnWhenSchema>;
export type Turn = z.output<typeof turnSchema>;
export type ConversationWhen = z.output<typeof conversationWhenSchema>;
export type Conversation = z.output<typeof conversationSchema>;
/** A cassette as written (and as validated); `file` is where it was read from, for messages. */
export type Cassette = z.output<typeof cassetteSchema> & { readonly file?: string };
