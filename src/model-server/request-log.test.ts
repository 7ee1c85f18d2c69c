import { describe, expect, it } from 'vitest';
import { createRequestLog, type RequestLogEntry, safeHeaders } from './request-log.js';

const entry = (seq: number, extra: Partial<RequestLogEntry> = {}): RequestLogEntry => ({
  seq,
  time: '2026-01-01T00:00:00.000Z',
  method: 'POST',
  path: '/v1/messages',
  outcome: { kind: 'side-call' },
  status: 200,
  durationMs: 1,
  ...extra,
});

describe('createRequestLog (memory bounds)', () => {
  it('keeps the most recent entries in order, bodies only for the most recent few', () => {
    const log = createRequestLog({ keepEntries: 5, keepBodies: 2 });
    for (let i = 1; i <= 12; i++) log.add(entry(i, { body: { big: 'x'.repeat(1000), i } }));
    expect(log.count()).toBe(12);
    expect(log.entries().map((e) => e.seq)).toEqual([8, 9, 10, 11, 12]);
    expect(log.entries().map((e) => e.body !== undefined)).toEqual([false, false, false, true, true]);
  });

  it('keeps miss bodies for the first keepMisses, and counts a repeated miss once', () => {
    const log = createRequestLog({ keepMisses: 2 });
    const miss = (reason: string) => ({ reason, headers: {}, body: { reason } });
    log.add(entry(1, { sessionId: 's1', outcome: { kind: 'miss', reason: 'a' } }), miss('a'));
    log.add(entry(2, { sessionId: 's1', outcome: { kind: 'miss', reason: 'a' } }), miss('a'));
    log.add(entry(3, { sessionId: 's2', outcome: { kind: 'miss', reason: 'a' } }), miss('a'));
    log.add(entry(4, { sessionId: 's2', outcome: { kind: 'miss', reason: 'b' } }), miss('b'));
    expect(log.misses().map((m) => [m.seq, m.repeats, m.body !== undefined])).toEqual([
      [1, 2, true],
      [3, 1, true],
      [4, 1, false],
    ]);
  });

  it.each([
    ['x-api-key', '[redacted]'],
    ['authorization', '[redacted]'],
    ['cookie', '[redacted]'],
    ['anthropic-version', '2023-06-01'],
  ])('safeHeaders(%s)', (name, expected) => {
    expect(safeHeaders({ [name]: name === 'anthropic-version' ? '2023-06-01' : 'secret' })[name]).toBe(
      expected,
    );
  });
});
