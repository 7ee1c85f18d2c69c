import type { Reply, ToolCall } from '../cassette/schema.js';
import type { ChatMessage, ModelRequest, ModelRoute } from '../request.js';
import { recordedReply } from './recorded-reply.js';
import { contentText, list, record, str, tryParseJson } from './shape.js';
import { type ErrorSpec, jsonHeaders, type ProtocolAdapter, type RenderContext } from './types.js';

const ndjsonHeaders = { 'content-type': 'application/x-ndjson' };

/** Ollama: POST /api/chat and /api/generate (NDJSON streaming unless `stream: false`). */
export const ollamaProtocol: ProtocolAdapter = {
  parseRequest(body, route) {
    const b = record(body);
    const stream = b.stream !== false;
    const base = { model: str(b.model), stream, includeUsage: false };
    if (route === 'ollama-generate') {
      const prompt = str(b.prompt);
      return {
        ...base,
        route,
        system: str(b.system),
        messages: prompt === '' ? [] : [{ role: 'user', text: prompt, toolResults: [] }],
        tools: [],
      } satisfies ModelRequest;
    }
    const system: string[] = [];
    const messages: ChatMessage[] = [];
    for (const item of list(b.messages)) {
      const m = record(item);
      const text = contentText(m.content);
      if (m.role === 'system') system.push(text);
      else if (m.role === 'tool') {
        const name = str(m.tool_name) || str(m.name);
        messages.push({ role: 'tool', text: '', toolResults: [name ? { toolName: name, text } : { text }] });
      } else messages.push({ role: m.role === 'assistant' ? 'assistant' : 'user', text, toolResults: [] });
    }
    return {
      ...base,
      route: 'ollama-chat',
      system: system.filter((s) => s !== '').join('\n'),
      messages,
      tools: list(b.tools)
        .map((t) => str(record(record(t).function).name))
        .filter((n) => n !== ''),
    } satisfies ModelRequest;
  },

  renderReply(reply, context) {
    const createdAt = new Date(context.now).toISOString();
    const head = { model: context.model, created_at: createdAt };
    const final = {
      done: true,
      done_reason: reply.stopReason === 'max_tokens' ? 'length' : 'stop',
      total_duration: 1_000_000,
      load_duration: 0,
      prompt_eval_count: reply.usage.input_tokens,
      prompt_eval_duration: 500_000,
      eval_count: reply.usage.output_tokens,
      eval_duration: 500_000,
    };
    const toolCalls = reply.toolCalls.map((call, index) => ({
      id: call.id,
      function: { index, name: call.name, arguments: call.input },
    }));
    const message = (content: string, calls = toolCalls) => ({
      role: 'assistant',
      content,
      ...(calls.length > 0 ? { tool_calls: calls } : {}),
    });
    const line = (value: unknown) => `${JSON.stringify(value)}\n`;
    if (context.route === 'ollama-generate') {
      if (!context.stream)
        return {
          status: 200,
          headers: jsonHeaders,
          chunks: [JSON.stringify({ ...head, response: reply.text, ...final })],
        };
      const chunks = reply.text === '' ? [] : [line({ ...head, response: reply.text, done: false })];
      return {
        status: 200,
        headers: ndjsonHeaders,
        chunks: [...chunks, line({ ...head, response: '', ...final })],
      };
    }
    if (!context.stream)
      return {
        status: 200,
        headers: jsonHeaders,
        chunks: [JSON.stringify({ ...head, message: message(reply.text), ...final })],
      };
    const chunks: string[] = [];
    if (reply.text !== '') chunks.push(line({ ...head, message: message(reply.text, []), done: false }));
    if (toolCalls.length > 0) chunks.push(line({ ...head, message: message(''), done: false }));
    chunks.push(line({ ...head, message: message('', []), ...final }));
    return { status: 200, headers: ndjsonHeaders, chunks };
  },

  renderError(error: ErrorSpec, _context: RenderContext) {
    const headers: Record<string, string> = { ...jsonHeaders };
    if (error.retryAfterS !== undefined) headers['retry-after'] = String(error.retryAfterS);
    return { status: error.status, headers, chunks: [JSON.stringify({ error: error.message })] };
  },

  parseReply(body, _stream, route) {
    const lines = body
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => record(tryParseJson(l)));
    if (!lines.some((l) => l.done === true)) return undefined;
    return parseLines(lines, route);
  },
};

function parseLines(lines: ReadonlyArray<Record<string, unknown>>, route: ModelRoute): Reply {
  const text: string[] = [];
  const calls: ToolCall[] = [];
  let usage: Record<string, unknown> = {};
  let doneReason: unknown;
  for (const line of lines) {
    if (route === 'ollama-generate') text.push(str(line.response));
    const message = record(line.message);
    text.push(str(message.content));
    for (const call of list(message.tool_calls)) {
      const fn = record(record(call).function);
      const args =
        typeof fn.arguments === 'string' ? record(tryParseJson(fn.arguments)) : record(fn.arguments);
      calls.push({ name: str(fn.name), input: args });
    }
    if (line.done === true) {
      usage = { input_tokens: line.prompt_eval_count, output_tokens: line.eval_count };
      doneReason = line.done_reason;
    }
  }
  const stop = calls.length > 0 ? 'tool_use' : doneReason === 'length' ? 'max_tokens' : 'end_turn';
  return recordedReply(text, calls, stop, usage);
}
