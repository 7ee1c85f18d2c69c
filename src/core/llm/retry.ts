import { setTimeout as wait } from 'node:timers/promises';
import type { LlmError } from './errors.js';

/** The longest wait between two attempts, whatever retry-after asks for. */
export const MAX_RETRY_DELAY_MS = 5_000;
/** First backoff step when the server gives no retry-after; doubled per attempt. */
export const BASE_RETRY_DELAY_MS = 250;

/**
 * The wait a response asks for, in ms: `retry-after-ms` (OpenAI), else `retry-after` in seconds or as
 * an HTTP date. Undefined when absent or unreadable.
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms)) && Number(ms) >= 0) {
    return Math.round(Number(ms));
  }
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  // An HTTP date ("Wed, 21 Oct 2026 07:28:00 GMT") has letters; "-4" or "1e3" are not dates.
  const date = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Wait before retry number `attempt` (0 = first retry): retry-after when given, else backoff; capped. */
export function retryDelayMs(attempt: number, retryAfterMs: number | undefined): number {
  const wanted = retryAfterMs ?? BASE_RETRY_DELAY_MS * 2 ** attempt;
  return Math.min(Math.max(0, wanted), MAX_RETRY_DELAY_MS);
}

/** 429, 5xx and connection failures are worth another attempt; other 4xx, timeouts and aborts are not. */
export function isRetryable(error: LlmError): boolean {
  switch (error.kind) {
    case 'rate_limited':
    case 'connection':
      return true;
    case 'http':
      return error.status !== undefined && error.status >= 500;
    default:
      return false;
  }
}

/** The default sleep: a timer the signal cancels (rejecting with the signal's AbortError). */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return wait(ms, undefined, signal === undefined ? undefined : { signal });
}
