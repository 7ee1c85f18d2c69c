import type { ModelRoute } from './request.js';

/** What a method and path ask for. */
export type Route =
  | { kind: 'model'; route: ModelRoute }
  | { kind: 'count-tokens' }
  | { kind: 'hello' }
  | { kind: 'root' }
  | { kind: 'ollama-tags' }
  | { kind: 'ollama-version' }
  | { kind: 'openai-models' }
  | { kind: 'not-found' };

/** Routes by method and path (the query string is ignored: Claude Code sends `?beta=true`). */
export function routeOf(method: string, path: string): Route {
  const p = path.length > 1 ? path.replace(/\/+$/, '') : path;
  if (method === 'POST') {
    if (p === '/v1/messages') return { kind: 'model', route: 'anthropic-messages' };
    if (p === '/v1/messages/count_tokens') return { kind: 'count-tokens' };
    if (p === '/v1/chat/completions' || p === '/chat/completions')
      return { kind: 'model', route: 'openai-chat' };
    if (p === '/api/chat') return { kind: 'model', route: 'ollama-chat' };
    if (p === '/api/generate') return { kind: 'model', route: 'ollama-generate' };
  }
  if (method === 'GET' || method === 'HEAD') {
    if (p === '/api/hello') return { kind: 'hello' };
    if (p === '/') return { kind: 'root' };
    if (p === '/api/tags') return { kind: 'ollama-tags' };
    if (p === '/api/version') return { kind: 'ollama-version' };
    if (p === '/v1/models' || p === '/models') return { kind: 'openai-models' };
  }
  return { kind: 'not-found' };
}

export const routeList = [
  'POST /v1/messages',
  'POST /v1/messages/count_tokens',
  'HEAD /api/hello',
  'POST /v1/chat/completions',
  'GET /v1/models',
  'POST /api/chat',
  'POST /api/generate',
  'GET /api/tags',
  'GET /api/version',
];
