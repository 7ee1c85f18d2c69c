import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { conversationState } from './conversation-state.js';
import { protocols } from './protocols/registry.js';
import { createRecording, type Recording } from './recording.js';
import type { FullUsage } from './reply.js';
import { protocolOf } from './request.js';
import type { RequestLogEntry, RequestOutcome } from './request-log.js';
import type { Route } from './routes.js';

export interface RecordOptions {
  /** Base URL of the live model server, e.g. https://api.anthropic.com. */
  upstream: string;
  /**
   * Name of the environment variable holding the upstream key, read at each call and sent as
   * x-api-key (Anthropic) or Authorization: Bearer (OpenAI, Ollama). Without it the client's own
   * credentials headers are forwarded. The key is never written anywhere.
   */
  apiKeyEnv?: string;
  /** Where close() writes the cassette. */
  out: string;
  /** The cassette's name (default: the out file's base name). */
  name?: string;
}

export interface ForwardInput {
  method: string;
  pathAndQuery: string;
  headers: IncomingHttpHeaders;
  bodyText: string;
  route: Route;
  res: ServerResponse;
  signal: AbortSignal;
}

export interface ForwardResult {
  status: number;
  outcome: RequestOutcome;
  usage?: FullUsage;
  extra: Partial<RequestLogEntry>;
}

export interface Recorder {
  /** Proxies one request to the upstream, streaming the answer back, and records model turns. */
  forward(input: ForwardInput): Promise<ForwardResult>;
  /** Writes the cassette (record.out); returns its path. */
  write(): Promise<string>;
}

const dropRequestHeaders = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'accept-encoding',
  'keep-alive',
  'upgrade',
  'proxy-authorization',
]);
const keepResponseHeaders = [
  'content-type',
  'retry-after',
  'request-id',
  'x-request-id',
  'anthropic-ratelimit-requests-remaining',
];

export function createRecorder(options: RecordOptions): Recorder {
  const upstream = new URL(options.upstream);
  const recording: Recording = createRecording(options);
  return {
    async forward(input) {
      const protocol = input.route.kind === 'model' ? protocolOf(input.route.route) : undefined;
      const headers = forwardHeaders(input.headers, protocol, options.apiKeyEnv);
      if (typeof headers === 'string') {
        sendJson(input.res, 500, {
          error: { type: 'api_error', message: `obra-validate model server (record): ${headers}` },
        });
        return { status: 500, outcome: { kind: 'error', reason: headers }, extra: {} };
      }
      const target = new URL(upstream.pathname.replace(/\/$/, '') + input.pathAndQuery, upstream);
      const hasBody = input.method !== 'GET' && input.method !== 'HEAD';
      let response: Response;
      try {
        response = await fetch(target, {
          method: input.method,
          headers,
          ...(hasBody ? { body: input.bodyText } : {}),
          signal: input.signal,
        });
      } catch (error) {
        const reason = `upstream ${upstream.origin} did not answer: ${(error as Error).message}`;
        sendJson(input.res, 502, {
          error: { type: 'api_error', message: `obra-validate model server (record): ${reason}` },
        });
        return { status: 502, outcome: { kind: 'error', reason }, extra: {} };
      }
      const outHeaders: Record<string, string> = {};
      for (const name of keepResponseHeaders) {
        const value = response.headers.get(name);
        if (value !== null) outHeaders[name] = value;
      }
      input.res.writeHead(response.status, outHeaders);
      const text = await pipeBody(response, input.res);
      if (input.route.kind !== 'model' || protocol === undefined) {
        return {
          status: response.status,
          outcome: { kind: 'recorded', upstreamStatus: response.status },
          extra: {},
        };
      }
      const adapter = protocols[protocol];
      const body = parseJsonOrUndefined(input.bodyText);
      if (body === undefined) {
        const reason = 'the request body is not JSON: forwarded, not recorded';
        return { status: response.status, outcome: { kind: 'error', reason }, extra: { protocol } };
      }
      const request = adapter.parseRequest(body, input.route.route);
      const state = conversationState(request);
      const reply = response.ok ? adapter.parseReply(text, request.stream, input.route.route) : undefined;
      const usage = recording.add({
        state,
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        reply,
        ...(response.ok ? {} : errorMessageOf(text)),
      });
      return {
        status: response.status,
        outcome: { kind: 'recorded', upstreamStatus: response.status },
        ...(usage ? { usage } : {}),
        extra: { protocol, stream: request.stream, model: request.model, step: state.step, body },
      };
    },
    write: () => recording.write(),
  };
}

/** Headers for the upstream, or a message saying why they cannot be built. */
function forwardHeaders(
  incoming: IncomingHttpHeaders,
  protocol: string | undefined,
  apiKeyEnv: string | undefined,
): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || dropRequestHeaders.has(name)) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  if (apiKeyEnv !== undefined) {
    const key = process.env[apiKeyEnv];
    if (key === undefined || key === '') {
      return `the environment variable ${apiKeyEnv} (record.apiKeyEnv) is not set; export the upstream key in it`;
    }
    delete out['x-api-key'];
    delete out.authorization;
    if (protocol === 'anthropic') out['x-api-key'] = key;
    else out.authorization = `Bearer ${key}`;
  }
  return out;
}

async function pipeBody(response: Response, res: ServerResponse): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  if (response.body) {
    for await (const chunk of response.body) {
      if (!res.destroyed) res.write(chunk);
      text += decoder.decode(chunk as Uint8Array, { stream: true });
    }
  }
  text += decoder.decode();
  res.end();
  return text;
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

/** The message of an upstream error body in any of the three protocols (`{}` when there is none). */
function errorMessageOf(text: string): { errorMessage?: string } {
  const body = parseJsonOrUndefined(text);
  if (body === null || typeof body !== 'object') return {};
  const error = (body as { error?: unknown }).error;
  if (typeof error === 'string') return { errorMessage: error };
  const message =
    error !== null && typeof error === 'object' ? (error as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? { errorMessage: message } : {};
}

/** The parsed body, or undefined when it is not JSON (the caller reports that). */
function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
