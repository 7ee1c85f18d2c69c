import type { Reply } from '../cassette/schema.js';
import type { ResolvedReply } from '../reply.js';
import type { ModelRequest, ModelRoute } from '../request.js';

/** An HTTP response as data: status, headers and body chunks (written in order; faults may cut them). */
export interface RenderedResponse {
  status: number;
  headers: Record<string, string>;
  chunks: string[];
}

export interface RenderContext {
  route: ModelRoute;
  /** The model name to echo. */
  model: string;
  stream: boolean;
  includeUsage: boolean;
  /** Unique per response, e.g. "msg_replay_7". */
  responseId: string;
  /** Unix time in milliseconds. */
  now: number;
}

/** Why an error response is sent: it picks the protocol's error type. */
export type ErrorKind = 'miss' | 'bad_request' | 'http_error' | 'rate_limit' | 'upstream';

export interface ErrorSpec {
  status: number;
  kind: ErrorKind;
  message: string;
  retryAfterS?: number;
}

/** A protocol: how to read its requests, write its replies and errors, and read an upstream reply back. */
export interface ProtocolAdapter {
  parseRequest(body: unknown, route: ModelRoute): ModelRequest;
  renderReply(reply: ResolvedReply, context: RenderContext): RenderedResponse;
  renderError(error: ErrorSpec, context: RenderContext): RenderedResponse;
  /** Reads a complete upstream response body (streamed or not) back into a cassette reply (record mode). */
  parseReply(body: string, stream: boolean, route: ModelRoute): Reply | undefined;
}

export const jsonHeaders = { 'content-type': 'application/json' };
export const sseHeaders = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' };
