import type { z } from 'zod';
import { LlmError, type LlmErrorInit, type LlmErrorKind } from './errors.js';
import { abortableSleep, isRetryable, parseRetryAfter, retryDelayMs } from './retry.js';
import type { LlmRuntime } from './types.js';

/** The server a provider talks to, resolved from its config. */
export interface HttpTarget {
  provider: 'ollama' | 'openai';
  /** Base URL without a trailing slash. */
  endpoint: string;
  model: string;
  timeoutMs: number;
  retries: number;
}

/** Fix hints a provider gives for the failures the transport cannot explain by itself. */
export interface ProviderHints {
  connection: string;
  malformed: string;
  http(status: number): string;
}

export interface JsonCall<T> {
  method: 'GET' | 'POST';
  /** Appended to the endpoint, e.g. `/api/generate`. */
  path: string;
  body?: unknown;
  headers?: Readonly<Record<string, string>>;
  /** Removed from every error this call throws (the API key). */
  secrets?: readonly string[];
  signal?: AbortSignal | undefined;
  /** The shape a 2xx body must have; anything else is LlmError `malformed`. */
  schema: z.ZodType<T>;
  hints: ProviderHints;
}

type Fail = (kind: LlmErrorKind, what: string, hint: string, extra?: Partial<LlmErrorInit>) => LlmError;

/**
 * One JSON request with a per-attempt timeout (combined with the caller's signal) and up to
 * `target.retries` retries on 429, 5xx and connection failures. Every failure is an LlmError.
 */
export async function requestJson<T>(target: HttpTarget, call: JsonCall<T>, runtime: LlmRuntime): Promise<T> {
  const sleep = runtime.sleep ?? abortableSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptOnce(target, call, attempt);
    } catch (error) {
      if (!(error instanceof LlmError) || !isRetryable(error) || attempt > target.retries) throw error;
      try {
        await sleep(retryDelayMs(attempt - 1, error.retryAfterMs), call.signal);
      } catch (sleepError) {
        if (call.signal?.aborted) throw abortedError(target, call, attempt);
        throw sleepError;
      }
    }
  }
}

async function attemptOnce<T>(target: HttpTarget, call: JsonCall<T>, attempt: number): Promise<T> {
  const route = `${call.method} ${call.path}`;
  const fail: Fail = (kind, what, hint, extra = {}) =>
    new LlmError(kind, { ...errorBase(target, call), what, hint, attempts: attempt, ...extra });
  if (call.signal?.aborted) throw abortedError(target, call, attempt);

  const timeout = AbortSignal.timeout(target.timeoutMs);
  const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${target.endpoint}${call.path}`, {
      method: call.method,
      headers: {
        accept: 'application/json',
        ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...call.headers,
      },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal,
    });
    text = await response.text();
  } catch (error) {
    if (call.signal?.aborted) throw abortedError(target, call, attempt);
    if (timeout.aborted) {
      const what = `${route} got no complete answer within ${target.timeoutMs} ms`;
      throw fail('timeout', what, 'raise llm.timeoutMs, or check that the server is up and the model loaded');
    }
    const what = `${route} could not reach the server (${networkReason(error)})`;
    throw fail('connection', what, call.hints.connection, { cause: error });
  }

  const status = response.status;
  const retryAfterMs = parseRetryAfter(response.headers);
  if (status === 429) {
    const wait = retryAfterMs === undefined ? '' : `, retry-after ${retryAfterMs} ms`;
    const hint = 'set llm.retries so calls wait and retry, or lower the request rate or concurrency';
    throw fail('rate_limited', `${route} was rate limited (HTTP 429${wait})`, hint, {
      status,
      retryAfterMs,
      excerpt: text,
    });
  }
  if (!response.ok) {
    throw fail('http', `${route} answered HTTP ${status}`, call.hints.http(status), {
      status,
      retryAfterMs,
      excerpt: text,
    });
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const what = `${route} answered HTTP ${status} with ${text.trim() === '' ? 'an empty body' : 'a body that is not JSON'}`;
    throw fail('malformed', what, call.hints.malformed, { status, excerpt: text });
  }
  const parsed = call.schema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    const what = `${route} answered JSON of an unexpected shape (${problems})`;
    throw fail('malformed', what, call.hints.malformed, { status, excerpt: text });
  }
  return parsed.data;
}

function errorBase<T>(target: HttpTarget, call: JsonCall<T>) {
  return {
    provider: target.provider,
    endpoint: target.endpoint,
    model: target.model,
    secrets: call.secrets ?? [],
  };
}

function abortedError<T>(target: HttpTarget, call: JsonCall<T>, attempt: number): LlmError {
  return new LlmError('aborted', {
    ...errorBase(target, call),
    what: `${call.method} ${call.path} was cancelled by the caller's signal`,
    hint: 'nothing, if the cancellation was intended (a deadline or Ctrl+C); otherwise find who aborted the signal',
    attempts: attempt,
  });
}

/** "ECONNREFUSED", "ECONNRESET", ... from fetch's `TypeError: fetch failed` and its cause. */
function networkReason(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${cause.message}` : cause.message;
  }
  return error instanceof Error ? error.message : String(error);
}
