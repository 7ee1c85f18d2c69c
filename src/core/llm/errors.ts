import type { LlmKind } from './types.js';

/**
 * Why an LLM call failed. `model_missing` comes from health(): the server answered but does not list
 * the configured model.
 */
export type LlmErrorKind =
  | 'timeout'
  | 'rate_limited'
  | 'http'
  | 'malformed'
  | 'connection'
  | 'unsupported'
  | 'aborted'
  | 'model_missing';

export interface LlmErrorInit {
  provider: LlmKind;
  /** Base URL of the server; undefined for the heuristic provider. */
  endpoint: string | undefined;
  model: string;
  /** What happened, e.g. `POST /api/generate answered HTTP 500`. */
  what: string;
  /** How to fix it, e.g. `check the server log`. */
  hint: string;
  status?: number;
  retryAfterMs?: number;
  excerpt?: string;
  available?: readonly string[];
  /** How many requests were made before giving up (1 when the call was not retried). */
  attempts?: number;
  /** Strings (API keys) removed from the message and the excerpt; never stored. */
  secrets?: readonly string[];
  cause?: unknown;
}

const REDACTED = '[REDACTED]';
export const EXCERPT_MAX = 500;

/** One error class for every provider; `kind` says what went wrong, the message says where and the fix. */
export class LlmError extends Error {
  override readonly name = 'LlmError';
  readonly code: string;
  readonly provider: LlmKind;
  readonly endpoint: string | undefined;
  readonly model: string;
  /** HTTP status (kinds `http` and `rate_limited`). */
  readonly status: number | undefined;
  /** The wait the server asked for (kind `rate_limited`, from retry-after / retry-after-ms). */
  readonly retryAfterMs: number | undefined;
  /** At most 500 characters of the response body, secrets redacted. */
  readonly excerpt: string | undefined;
  /** The models the server lists (kind `model_missing`). */
  readonly available: readonly string[] | undefined;
  readonly attempts: number;

  constructor(
    readonly kind: LlmErrorKind,
    init: LlmErrorInit,
  ) {
    const secrets = init.secrets ?? [];
    const endpoint = init.endpoint === undefined ? undefined : displayEndpoint(init.endpoint);
    const excerptText = init.excerpt === undefined ? undefined : excerpt(redact(init.excerpt, secrets));
    const attempts = init.attempts ?? 1;
    const where = `${init.provider} LLM (model "${init.model}"${endpoint ? ` at ${endpoint}` : ''})`;
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    const body = excerptText ? `; response: ${excerptText}` : '';
    const message = `${where}: ${init.what}${tries}${body}. Fix: ${init.hint}`;
    super(redact(message, secrets), init.cause === undefined ? undefined : { cause: init.cause });
    this.code = `OBRA_LLM_${kind.toUpperCase()}`;
    this.provider = init.provider;
    this.endpoint = endpoint;
    this.model = init.model;
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs;
    this.excerpt = excerptText;
    this.available = init.available;
    this.attempts = attempts;
  }
}

/** The first `max` characters of a body, whitespace collapsed, for error messages. */
export function excerpt(text: string, max = EXCERPT_MAX): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 3)}...`;
}

/** `text` with every secret and every bearer token replaced by [REDACTED]. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join(REDACTED);
  }
  return out.replace(/(bearer\s+)[^\s"',;]+/gi, `$1${REDACTED}`);
}

/** An endpoint as shown in messages: no user:password, no trailing slash. */
export function displayEndpoint(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    if (url.username || url.password) {
      url.username = '';
      url.password = '';
    }
    return url.toString().replace(/\/+$/, '');
  } catch {
    return endpoint.replace(/\/+$/, '');
  }
}
