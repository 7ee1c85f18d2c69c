import type { Cassette } from './cassette/schema.js';
import { jsonHeaders, type RenderedResponse } from './protocols/types.js';
import type { Route } from './routes.js';

/** Model names to list: every cassette's `models`, and always "replay". */
export function modelNames(cassettes: readonly Cassette[]): string[] {
  return [...new Set(['replay', ...cassettes.flatMap((c) => c.models ?? [])])];
}

/** Answers the routes that do not play a cassette turn. Pure. */
export function infoResponse(
  route: Exclude<Route['kind'], 'model' | 'not-found'>,
  models: readonly string[],
  body: unknown,
  now: number,
): RenderedResponse {
  const json = (value: unknown): RenderedResponse => ({
    status: 200,
    headers: jsonHeaders,
    chunks: [JSON.stringify(value)],
  });
  switch (route) {
    case 'hello':
      return { status: 200, headers: { 'content-type': 'text/plain' }, chunks: [] };
    case 'root':
      return {
        status: 200,
        headers: { 'content-type': 'text/plain' },
        chunks: ['obra-validate model server is running\n'],
      };
    case 'ollama-version':
      return json({ version: '0.0.0-obra-validate' });
    case 'ollama-tags': {
      const modifiedAt = new Date(now).toISOString();
      return json({
        models: models.map((name) => ({
          name,
          model: name,
          modified_at: modifiedAt,
          size: 0,
          digest: '0'.repeat(64),
          details: { format: 'cassette', family: 'replay', parameter_size: '0', quantization_level: 'none' },
        })),
      });
    }
    case 'openai-models': {
      const created = Math.floor(now / 1000);
      return json({
        object: 'list',
        data: models.map((id) => ({ id, object: 'model', created, owned_by: 'obra-validate' })),
      });
    }
    case 'count-tokens':
      return json({ input_tokens: estimateTokens(body) });
  }
}

/** About 4 characters per token over the request's messages, system and tools. */
export function estimateTokens(body: unknown): number {
  const b = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const text = JSON.stringify([b.system ?? '', b.messages ?? [], b.tools ?? []]);
  return Math.max(1, Math.ceil(text.length / 4));
}
