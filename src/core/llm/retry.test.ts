import { describe, expect, it } from 'vitest';
import { LlmError, type LlmErrorKind } from './errors.js';
import { isRetryable, MAX_RETRY_DELAY_MS, parseRetryAfter, retryDelayMs } from './retry.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('parseRetryAfter', () => {
  const cases: Array<{ headers: Record<string, string>; ms: number | undefined }> = [
    { headers: {}, ms: undefined },
    { headers: { 'retry-after': '3' }, ms: 3_000 },
    { headers: { 'retry-after': '0' }, ms: 0 },
    { headers: { 'retry-after': '1.5' }, ms: 1_500 },
    { headers: { 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' }, ms: 7_000 },
    { headers: { 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' }, ms: 0 },
    { headers: { 'retry-after': 'soon' }, ms: undefined },
    { headers: { 'retry-after': '-4' }, ms: undefined },
    { headers: { 'retry-after-ms': '120', 'retry-after': '9' }, ms: 120 },
    { headers: { 'retry-after-ms': 'x', 'retry-after': '9' }, ms: 9_000 },
  ];
  it.each(cases)('$headers → $ms', ({ headers, ms }) => {
    expect(parseRetryAfter(new Headers(headers), NOW)).toBe(ms);
  });
});

describe('retryDelayMs', () => {
  it.each([
    { attempt: 0, retryAfterMs: undefined, ms: 250 },
    { attempt: 1, retryAfterMs: undefined, ms: 500 },
    { attempt: 10, retryAfterMs: undefined, ms: MAX_RETRY_DELAY_MS },
    { attempt: 0, retryAfterMs: 1_000, ms: 1_000 },
    { attempt: 3, retryAfterMs: 0, ms: 0 },
    { attempt: 0, retryAfterMs: 60_000, ms: MAX_RETRY_DELAY_MS },
  ])('attempt $attempt, retry-after $retryAfterMs → $ms', ({ attempt, retryAfterMs, ms }) => {
    expect(retryDelayMs(attempt, retryAfterMs)).toBe(ms);
  });
});

describe('isRetryable', () => {
  const error = (kind: LlmErrorKind, status?: number) =>
    new LlmError(kind, {
      provider: 'ollama',
      endpoint: 'http://h',
      model: 'm',
      what: 'w',
      hint: 'h',
      status,
    });
  it.each([
    { kind: 'rate_limited', status: 429, retry: true },
    { kind: 'connection', status: undefined, retry: true },
    { kind: 'http', status: 500, retry: true },
    { kind: 'http', status: 503, retry: true },
    { kind: 'http', status: 400, retry: false },
    { kind: 'http', status: 404, retry: false },
    { kind: 'timeout', status: undefined, retry: false },
    { kind: 'malformed', status: 200, retry: false },
    { kind: 'aborted', status: undefined, retry: false },
    { kind: 'model_missing', status: undefined, retry: false },
  ] as const)('$kind $status → $retry', ({ kind, status, retry }) => {
    expect(isRetryable(error(kind, status))).toBe(retry);
  });
});
