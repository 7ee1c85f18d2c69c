import type { Reply, StopReason, ToolCall } from '../cassette/schema.js';
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

/** OpenAI Chat Completions: POST /v1/chat/completions (SSE `data:` chunks then `data: [DONE]`, or JSON). */
export const openaiProtocol: ProtocolAdapter = {
  parseRequest(body) {
    const b = record(body);
    const system: string[] = [];
    const messages: ChatMessage[] = [];
    const toolNames = new Map<string, string>();
    for (const item of list(b.messages)) {
      const m = record(item);
      const text = contentText(m.content);
      if (m.role === 'system' || m.role === 'developer') {
        system.push(text);
      } else if (m.role === 'tool') {
        const name = toolNames.get(str(m.tool_call_id)) ?? str(m.name);
        const result: ToolResult = name ? { toolName: name, text } : { text };
        messages.push({ role: 'tool', text: '', toolResults: [result] });
      } else if (m.role === 'assistant') {
        for (const call of list(m.tool_calls).map(record)) {
          toolNames.set(str(call.id), str(record(call.function).name));
        }
        messages.push({ role: 'assistant', text, toolResults: [] });
      } else {
        messages.push({ role: 'user', text, toolResults: [] });
      }
    }
    const tools = [
      ...list(b.tools).map((t) => record(record(t).function).name),
      ...list(b.functions).map((f) => record(f).name),
    ];
    return {
      route: 'openai-chat',
      model: str(b.model),
      stream: b.stream === true,
      includeUsage: record(b.stream_options).include_usage === true,
      system: system.filter((s) => s !== '').join('\n'),
      messages,
      tools: tools.map(str).filter((n) => n !== ''),
    } satisfies ModelRequest;
  },

  renderReply(reply, context) {
    const created = Math.floor(context.now / 1000);
    const head = { id: context.responseId, created, model: context.model };
    const finish = finishReason(reply.stopReason);
    const usage = openaiUsage(reply);
    const toolCalls = reply.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: JSON.stringify(call.input) },
    }));
    if (!context.stream) {
      const message = {
        role: 'assistant',
        content: reply.text === '' && toolCalls.length > 0 ? null : reply.text,
        ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
      };
      const body = {
        ...head,
        object: 'chat.completion',
        choices: [{ index: 0, message, finish_reason: finish, logprobs: null }],
        usage,
      };
      return { status: 200, headers: jsonHeaders, chunks: [JSON.stringify(body)] };
    }
    const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) =>
      sseFrame({
        ...head,
        object: 'chat.completion.chunk',
        choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
      });
    const chunks = [chunk({ role: 'assistant', content: '' })];
    if (reply.text !== '') chunks.push(chunk({ content: reply.text }));
    for (const [index, call] of toolCalls.entries()) {
      chunks.push(
        chunk({
          tool_calls: [
            { index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } },
          ],
        }),
      );
      chunks.push(chunk({ tool_calls: [{ index, function: { arguments: call.function.arguments } }] }));
    }
    chunks.push(chunk({}, finish));
    if (context.includeUsage)
      chunks.push(sseFrame({ ...head, object: 'chat.completion.chunk', choices: [], usage }));
    chunks.push(sseFrame('[DONE]'));
    return { status: 200, headers: sseHeaders, chunks };
  },

  renderError(error: ErrorSpec, _context: RenderContext) {
    const headers: Record<string, string> = { ...jsonHeaders };
    if (error.retryAfterS !== undefined) headers['retry-after'] = String(error.retryAfterS);
    const type =
      error.kind === 'miss' || error.kind === 'bad_request'
        ? 'invalid_request_error'
        : error.status === 429
          ? 'rate_limit_exceeded'
          : 'server_error';
    const code = error.kind === 'miss' ? 'cassette_miss' : null;
    const body = { error: { message: error.message, type, param: null, code } };
    return { status: error.status, headers, chunks: [JSON.stringify(body)] };
  },

  parseReply(body, stream) {
    return stream ? parseStream(body) : parseCompletion(tryParseJson(body));
  },
};

function finishReason(stop: StopReason): string {
  if (stop === 'tool_use') return 'tool_calls';
  if (stop === 'max_tokens') return 'length';
  return 'stop';
}

function stopReason(finish: unknown): StopReason | undefined {
  if (finish === 'tool_calls' || finish === 'function_call') return 'tool_use';
  if (finish === 'length') return 'max_tokens';
  if (finish === 'stop') return 'end_turn';
  return undefined;
}

function openaiUsage(reply: ResolvedReply) {
  const prompt = reply.usage.input_tokens + reply.usage.cache_read_input_tokens;
  return {
    prompt_tokens: prompt,
    completion_tokens: reply.usage.output_tokens,
    total_tokens: prompt + reply.usage.output_tokens,
    prompt_tokens_details: { cached_tokens: reply.usage.cache_read_input_tokens },
  };
}

function anthropicUsage(usage: unknown): Record<string, unknown> {
  const u = record(usage);
  return { input_tokens: u.prompt_tokens, output_tokens: u.completion_tokens };
}

function parseCompletion(value: unknown): Reply | undefined {
  const body = record(value);
  const choice = record(list(body.choices)[0]);
  if (body.object !== 'chat.completion' && !('message' in choice)) return undefined;
  const message = record(choice.message);
  const calls: ToolCall[] = list(message.tool_calls).map((c) => {
    const fn = record(record(c).function);
    return { name: str(fn.name), input: record(tryParseJson(str(fn.arguments) || '{}')) };
  });
  return recordedReply(
    [str(message.content)],
    calls,
    stopReason(choice.finish_reason),
    anthropicUsage(body.usage),
  );
}

function parseStream(body: string): Reply | undefined {
  const text: string[] = [];
  const calls: Array<{ name: string; json: string }> = [];
  let finish: unknown;
  let usage: unknown;
  let seen = false;
  for (const { data } of sseEvents(body)) {
    if (data.trim() === '[DONE]') continue;
    const chunk = record(tryParseJson(data));
    if (chunk.object !== 'chat.completion.chunk' && !Array.isArray(chunk.choices)) continue;
    seen = true;
    if (chunk.usage) usage = chunk.usage;
    const choice = record(list(chunk.choices)[0]);
    const delta = record(choice.delta);
    if (typeof delta.content === 'string') text.push(delta.content);
    for (const call of list(delta.tool_calls).map(record)) {
      const index = typeof call.index === 'number' ? call.index : calls.length;
      const fn = record(call.function);
      calls[index] ??= { name: '', json: '' };
      const target = calls[index]!;
      if (typeof fn.name === 'string' && fn.name !== '') target.name = fn.name;
      target.json += str(fn.arguments);
    }
    if (choice.finish_reason) finish = choice.finish_reason;
  }
  if (!seen) return undefined;
  const toolCalls = calls
    .filter((c) => c !== undefined)
    .map((c) => ({ name: c.name, input: record(tryParseJson(c.json || '{}')) }));
  return recordedReply(text, toolCalls, stopReason(finish), anthropicUsage(usage));
}
