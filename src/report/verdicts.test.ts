import { describe, expect, it } from 'vitest';
import type { AttemptVerdict } from '../events/index.js';
import { normalizeMessage, signatureOf } from './findings.js';
import { passRates, scenarioVerdict } from './verdicts.js';

describe('scenario verdicts', () => {
  it.each<[AttemptVerdict[], string]>([
    [[], 'skipped'],
    [['passed'], 'passed'],
    [['passed', 'passed', 'passed'], 'passed'],
    [['failed'], 'failed'],
    [['passed', 'failed', 'passed'], 'flaky'],
    [['failed', 'error'], 'failed'],
    [['passed', 'error'], 'error'],
    [['blocked', 'blocked'], 'blocked'],
    [['passed', 'blocked'], 'blocked'],
    [['skipped'], 'skipped'],
  ])('%j → %s', (attempts, verdict) => {
    expect(scenarioVerdict(attempts)).toBe(verdict);
  });

  it.each<[AttemptVerdict[], number | null, number | null]>([
    [['passed', 'failed', 'passed', 'failed'], 0.5, 1],
    [['failed', 'failed'], 0, 0],
    [['passed', 'error'], 1, 1],
    [['blocked'], null, null],
  ])('pass@1 and pass@k of %j', (attempts, at1, atK) => {
    expect(passRates(attempts)).toEqual({ passAt1: at1, passAtK: atK });
  });
});

describe('finding signatures', () => {
  it('read the same across attempts once ids and numbers are normalized', () => {
    const a = 'session "0b9c7a3e-1111-2222-3333-444455556666" not found after 12 calls in /tmp/obra-abc/ws';
    const b = 'session "7f00aa3e-9999-2222-3333-444455556666" not found after 7 calls in /tmp/obra-xyz/ws';
    expect(normalizeMessage(a)).toBe(normalizeMessage(b));
    expect(signatureOf('session_not_found', a)).toBe(signatureOf('session_not_found', b));
    expect(signatureOf('session_not_found', a, { file: 'x.yaml', line: 1, col: 1 })).not.toBe(
      signatureOf('session_not_found', a),
    );
  });
});
