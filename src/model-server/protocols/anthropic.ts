import type { Reply, ToolCall } from '../cassette/schema.js';
import type { ResolvedReply } from '../reply.js';
import type { ChatMessage, ModelRequest, ToolResult } from '../request.js';
import { recordedReply } from './recorded-reply.js';
import { contentText, list, record, sseEvents, sseFrame, str, tryParseJson } from './shape.js';
import {
  type ErrorSpec,
  jsonHeaders,
  type ProtocolAdapter,
  type RenderContext,
  sseHeaders,
} from './types.js';

/** Anthropic Messages API: POST /v1/messages (SSE with `event:` lines, or JSON). */
export const anthropicProtocol: ProtocolAdapter = {
  parseRequest(body) {
    const b = record(body);
    const system: string[] = [contentText(b.system)];
    const messages: ChatMessage[] = [];
    const toolNames = new Map<string, string>();
    for (const item of list(b.messages)) {
      const m = record(item);
      if (m.role === 'system') {
        system.push(contentText(m.content));
        continue;
      }
      const role = m.role === 'assistant' ? 'assistant' : 'user';
      const toolResults: ToolResult[] = [];
      for (const block of list(m.content).map(record)) {
        if (block.type === 'tool_use') toolNames.set(str(block.id), str(block.name));
        if (block.type === 'tool_result') {
          const callId = str(block.tool_use_id);
          const name = toolNames.get(callId);
          toolResults.push({
            ...(name ? { toolName: name } : {}),
            ...(callId ? { callId } : {}),
            ...(block.is_error === true ? { isError: true } : {}),
            text: contentText(block.content),
          });
        }
      }
      messages.push({ role, text: contentText(m.content), toolResults });
    }
    return {
      route: 'anthropic-messages',
      model: str(b.model),
      stream: b.stream === true,
      includeUsage: false,
      system: system.filter((s) => s !== '').join('\n'),
      messages,
      tools: list(b.tools)
        .map((t) => str(record(t).name))
        .filter((n) => n !== ''),
    } satisfies ModelRequest;
  },

  renderReply(reply, context) {
    const content = contentBlocks(reply);
    const usage = { ...reply.usage };
    const message = {
      id: context.responseId,
      type: 'message',
      role: 'assistant',
      model: context.model,
      content,
      stop_reason: reply.stopReason,
      stop_sequence: null,
      usage,
    };
    if (!context.stream) return { status: 200, headers: jsonHeaders, chunks: [JSON.stringify(message)] };
    const chunks = [
      sseFrame(
        {
          type: 'message_start',
          message: { ...message, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } },
        },
        'message_start',
      ),
    ];
    for (const [index, block] of content.entries()) {
      if (block.type === 'text') {
        chunks.push(
          sseFrame(
            { type: 'content_block_start', index, content_block: { type: 'text', text: '' } },
            'content_block_start',
          ),
        );
        for (const piece of pieces(block.text)) {
          chunks.push(
            sseFrame(
              { type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } },
              'content_block_delta',
            ),
          );
        }
      } else {
        const start = { type: 'tool_use', id: block.id, name: block.name, input: {} };
        chunks.push(
          sseFrame({ type: 'content_block_start', index, content_block: start }, 'content_block_start'),
        );
        const partial = JSON.stringify(block.input);
        chunks.push(
          sseFrame(
            {
              type: 'content_block_delta',
              index,
              delta: { type: 'input_json_delta', partial_json: partial },
            },
            'content_block_delta',
          ),
        );
      }
      chunks.push(sseFrame({ type: 'content_block_stop', index }, 'content_block_stop'));
    }
    chunks.push(
      sseFrame(
        { type: 'message_delta', delta: { stop_reason: reply.stopReason, stop_sequence: null }, usage },
        'message_delta',
      ),
      sseFrame({ type: 'message_stop' }, 'message_stop'),
    );
    return { status: 200, headers: sseHeaders, chunks };
  },

  renderError(error: ErrorSpec, _context: RenderContext) {
    const headers: Record<string, string> = { ...jsonHeaders };
    if (error.retryAfterS !== undefined) headers['retry-after'] = String(error.retryAfterS);
    const body = { type: 'error', error: { type: errorType(error), message: error.message } };
    return { status: error.status, headers, chunks: [JSON.stringify(body)] };
  },

  parseReply(body, stream) {
    return stream ? parseStream(body) : parseMessage(tryParseJson(body));
  },
};

type Block =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

function contentBlocks(reply: ResolvedReply): Block[] {
  const blocks: Block[] = [];
  if (reply.text !== '' || reply.toolCalls.length === 0) blocks.push({ type: 'text', text: reply.text });
  for (const call of reply.toolCalls)
    blocks.push({ type: 'tool_use', id: call.id, name: call.name, input: call.input });
  return blocks;
}

/** Text deltas of at most 400 characters, as a real stream sends several. */
function pieces(text: string): string[] {
  if (text.length <= 400) return [text];
  const out: string[] = [];
  for (let i = 0; i < text.length; i += 400) out.push(text.slice(i, i + 400));
  return out;
}

function errorType(error: ErrorSpec): string {
  if (error.kind === 'miss' || error.kind === 'bad_request') return 'invalid_request_error';
  if (error.status === 429) return 'rate_limit_error';
  if (error.status === 529) return 'overloaded_error';
  if (error.status === 401) return 'authentication_error';
  if (error.status === 403) return 'permission_error';
  if (error.status === 404) return 'not_found_error';
  return error.status >= 500 ? 'api_error' : 'invalid_request_error';
}

function parseMessage(value: unknown): Reply | undefined {
  const m = record(value);
  if (m.type !== 'message') return undefined;
  const text: string[] = [];
  const calls: ToolCall[] = [];
  for (const block of list(m.content).map(record)) {
    if (block.type === 'text') text.push(str(block.text));
    if (block.type === 'tool_use') calls.push({ name: str(block.name), input: record(block.input) });
  }
  return recordedReply(text, calls, m.stop_reason, record(m.usage));
}

function parseStream(body: string): Reply | undefined {
  const text: string[] = [];
  const calls: Array<{ name: string; json: string }> = [];
  const kinds = new Map<number, 'text' | 'tool'>();
  let stopReason: unknown;
  let usage: Record<string, unknown> = {};
  let started = false;
  for (const { data } of sseEvents(body)) {
    const e = record(tryParseJson(data));
    const index = typeof e.index === 'number' ? e.index : -1;
    if (e.type === 'message_start') {
      started = true;
      usage = { ...record(record(e.message).usage) };
    } else if (e.type === 'content_block_start') {
      const block = record(e.content_block);
      if (block.type === 'text') {
        kinds.set(index, 'text');
        text.push(str(block.text));
      } else if (block.type === 'tool_use') {
        kinds.set(index, 'tool');
        calls.push({ name: str(block.name), json: '' });
      }
    } else if (e.type === 'content_block_delta') {
      const delta = record(e.delta);
      if (kinds.get(index) === 'text' && delta.type === 'text_delta') text.push(str(delta.text));
      const call = calls.at(-1);
      if (kinds.get(index) === 'tool' && delta.type === 'input_json_delta' && call)
        call.json += str(delta.partial_json);
    } else if (e.type === 'message_delta') {
      stopReason = record(e.delta).stop_reason;
      usage = { ...usage, ...record(e.usage) };
    }
  }
  if (!started) return undefined;
  const toolCalls = calls.map((c) => ({
    name: c.name,
    input: record(tryParseJson(c.json === '' ? '{}' : c.json)),
  }));
  return recordedReply(text, toolCalls, stopReason, usage);
}
