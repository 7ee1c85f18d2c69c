import type { Fault } from './cassette/schema.js';
import type { ProtocolAdapter, RenderContext, RenderedResponse } from './protocols/registry.js';
import { jsonHeaders, sseHeaders } from './protocols/types.js';

/** How to answer: a response to write, or drop the connection without one. */
export type ResponsePlan = { kind: 'respond'; response: RenderedResponse } | { kind: 'drop' };

const defaultGarbage = 'obra-validate model server: scripted malformed reply }{ <<not JSON, not SSE>>\n';

/**
 * The response for a fault turn. `reply` is the rendered reply of the turn, when it has one (truncated
 * cuts it halfway; delay is applied by the server before sending the reply unchanged). Pure.
 */
export function faultPlan(
  fault: Fault,
  adapter: ProtocolAdapter,
  context: RenderContext,
  reply: RenderedResponse | undefined,
): ResponsePlan {
  switch (fault.kind) {
    case 'http_error':
      return {
        kind: 'respond',
        response: adapter.renderError(
          {
            status: fault.status ?? 500,
            kind: 'http_error',
            message: fault.message ?? 'scripted failure (cassette fault http_error)',
          },
          context,
        ),
      };
    case 'rate_limit':
      return {
        kind: 'respond',
        response: adapter.renderError(
          {
            status: fault.status ?? 429,
            kind: 'rate_limit',
            message: fault.message ?? 'rate limited (cassette fault rate_limit)',
            ...(fault.retry_after_s === undefined ? {} : { retryAfterS: fault.retry_after_s }),
          },
          context,
        ),
      };
    case 'malformed':
      return {
        kind: 'respond',
        response: {
          status: 200,
          headers: context.stream ? sseHeaders : jsonHeaders,
          chunks: [fault.body ?? defaultGarbage],
        },
      };
    case 'truncated':
      return { kind: 'respond', response: truncate(reply ?? adapter.renderReply(placeholderReply, context)) };
    case 'drop':
      return { kind: 'drop' };
    case 'delay':
      if (reply === undefined)
        throw new Error('a delay fault without a reply: cassette/rules.ts should have refused it');
      return { kind: 'respond', response: reply };
  }
}

/** The first half of a response's bytes (cut mid-message), without any content-length. */
export function truncate(response: RenderedResponse): RenderedResponse {
  const whole = response.chunks.join('');
  const half = Math.max(1, Math.floor(whole.length / 2));
  return { ...response, chunks: [whole.slice(0, half)] };
}

const placeholderReply = {
  text: 'This reply is cut in the middle by a scripted truncated fault.',
  toolCalls: [],
  stopReason: 'end_turn' as const,
  usage: { input_tokens: 100, output_tokens: 20, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
};
