import { describe, expect, it } from 'vitest';
import type { AttemptMetrics, CheckResult, RawFinding } from '../events/index.js';
import { type AttemptEvents, attemptOutcome, checkFailureMessage } from './outcome.js';

const metrics: AttemptMetrics = {
  tasks: 1,
  tasksCompleted: 1,
  tasksFailed: 0,
  errors: 0,
  agentCalls: 2,
  iterations: 2,
  inputTokens: 10,
  outputTokens: 5,
  totalTokens: 15,
  costUsd: 0,
  turns: 2,
  p50TaskMs: 100,
  p95TaskMs: 100,
  maxTaskMs: 100,
  totalMs: 1500,
};

const check = (over: Partial<CheckResult>): CheckResult => ({
  id: 'checks[0]',
  kind: 'file',
  title: 'file a.txt exists',
  status: 'passed',
  severity: 'major',
  expected: 'a.txt exists',
  actual: 'a.txt exists',
  evidence: [],
  durationMs: 1,
  ...over,
});

const events = (
  verdict: AttemptEvents['end']['verdict'],
  rest: { checks?: CheckResult[]; findings?: RawFinding[]; reason?: string } = {},
): AttemptEvents => ({
  checks: rest.checks ?? [],
  findings: rest.findings ?? [],
  end: {
    v: 1,
    seq: 9,
    time: 0,
    type: 'attempt_end',
    attemptId: 's#1',
    scenario: 's',
    attempt: 1,
    verdict,
    ...(rest.reason ? { reason: rest.reason } : {}),
    durationMs: 1500,
    metrics,
  },
});

describe('attemptOutcome', () => {
  it('a passed attempt: no failure, a notice with the metrics and the report path', () => {
    const outcome = attemptOutcome(events('passed', { checks: [check({})] }), 'reports/r1');
    expect(outcome.failedChecks).toEqual([]);
    expect(outcome.skipReason).toBeUndefined();
    expect(outcome.error).toBeUndefined();
    expect(outcome.annotations).toEqual([
      {
        type: 'notice',
        message:
          'passed in 1.5s: 1/1 tasks, 2 iterations, 2 agent calls, 15 tokens; report: reports/r1/report.json',
      },
    ]);
  });

  it('counts of one are singular: 1 iteration, 1 agent call, 1 token', () => {
    const one = events('passed', { checks: [check({})] });
    one.end.metrics = { ...metrics, iterations: 1, agentCalls: 1, totalTokens: 1 };
    expect(attemptOutcome(one, 'r').annotations[0]?.message).toBe(
      'passed in 1.5s: 1/1 tasks, 1 iteration, 1 agent call, 1 token; report: r/report.json',
    );
  });

  it('a failed attempt: every failed or errored check is an assertion, passed ones are not', () => {
    const failed = check({ id: 'checks[1]', status: 'failed', actual: 'a.txt is missing' });
    const errored = check({ id: 'invariant:db', status: 'error', message: 'could not open' });
    const outcome = attemptOutcome(
      events('failed', { checks: [check({}), failed, errored], reason: '1 check failed' }),
      'r',
    );
    expect(outcome.failedChecks).toEqual([failed, errored]);
    expect(outcome.error).toBeUndefined();
  });

  it('a failed attempt without a failed check (the orchestrator threw) is an error with the reason', () => {
    const outcome = attemptOutcome(events('failed', { reason: 'the orchestrator threw' }), 'r');
    expect(outcome.error).toBe('failed: the orchestrator threw');
  });

  it('an attempt that could not be judged says so', () => {
    const outcome = attemptOutcome(events('error', { reason: 'model server would not start' }), 'r');
    expect(outcome.error).toBe('could not judge: model server would not start');
  });

  it.each([
    ['blocked', 'requires python3 on PATH', 'blocked: requires python3 on PATH'],
    ['skipped', 'interrupted', 'interrupted'],
  ] as const)('a %s attempt skips with its reason', (verdict, reason, expected) => {
    const outcome = attemptOutcome(events(verdict, { reason }), 'r');
    expect(outcome.skipReason).toBe(expected);
    expect(outcome.failedChecks).toEqual([]);
  });

  it('findings become annotations by severity, with their fix hint and evidence', () => {
    const outcome = attemptOutcome(
      events('failed', {
        reason: 'x',
        findings: [
          { kind: 'cassette_miss', severity: 'blocker', message: 'no turn matched', evidence: ['m.json'] },
          { kind: 'custom', severity: 'minor', message: 'slow', evidence: [] },
        ],
      }),
      'r',
    );
    expect(outcome.annotations[0]).toMatchObject({ type: 'error' });
    expect(outcome.annotations[0]!.message).toMatch(/^blocker cassette_miss: no turn matched/);
    expect(outcome.annotations[0]!.message).toContain('Evidence: m.json.');
    expect(outcome.annotations[1]).toEqual({ type: 'notice', message: 'minor custom: slow' });
  });

  it('the same finding raised at every iteration is one annotation with its count', () => {
    const refused: RawFinding = { kind: 'custom', severity: 'major', message: 'refused', evidence: [] };
    const outcome = attemptOutcome(
      events('failed', {
        reason: 'x',
        findings: [refused, refused, refused, { ...refused, message: 'other' }],
      }),
      'r',
    );
    expect(outcome.annotations.map((a) => a.message).slice(0, 2)).toEqual([
      'major custom (3×): refused',
      'major custom: other',
    ]);
  });
});

describe('checkFailureMessage', () => {
  it('names the check, its severity, where it is written and why', () => {
    const text = checkFailureMessage(
      check({
        id: 'checks[2]',
        status: 'failed',
        severity: 'blocker',
        message: 'exit 1',
        location: { file: 'scenarios/a.yaml', line: 30, col: 5 },
      }),
    );
    expect(text).toBe('checks[2] failed (blocker) at scenarios/a.yaml:30:5: file a.txt exists\nexit 1');
  });
});
