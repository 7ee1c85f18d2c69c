import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../events/index.js';
import { buildReport } from './build-report.js';
import { mergeEventLogs } from './merge-logs.js';
import { latestAttemptEvents } from './resumed-log.js';
import { check, eventLog } from './test-helpers/sample-runs.js';

const plan = [{ name: 'calc', file: 'scenarios/calc.yaml', attempts: 2, tasks: 1, needs: [], tags: [] }];
const passed = (attempt: number) => ({
  scenario: 'calc',
  attempt,
  verdict: 'passed' as const,
  durationMs: 100,
  checks: [check('checks[0]', 'passed')],
});

/** An uninterrupted run of calc#1 and calc#2. */
const whole = eventLog({
  runId: 'r',
  scenarios: plan,
  attempts: [passed(1), passed(2)],
  end: { durationMs: 500, interrupted: false },
});

/** The same run stopped during calc#2 (with a finding of the cut attempt), then resumed: calc#2 again. */
function resumed(): RunEvent[] {
  const first = eventLog({
    runId: 'r',
    scenarios: plan,
    attempts: [
      passed(1),
      {
        scenario: 'calc',
        attempt: 2,
        verdict: 'skipped',
        interrupted: true,
        durationMs: 40,
        findings: [{ kind: 'harness_or_core_exception', severity: 'blocker', message: 'cut', evidence: [] }],
      },
    ],
    end: { durationMs: 200, interrupted: true },
  });
  const second = eventLog({
    runId: 'r',
    scenarios: plan,
    attempts: [passed(2)],
    end: { durationMs: 500, interrupted: false },
  });
  return [...first, ...second].map((event, i) => ({ ...event, seq: i + 1 }));
}

describe('a resumed run folds like one run', () => {
  it('keeps only the last run of an attempt run again, and every run-level event', () => {
    const log = resumed();
    const kept = latestAttemptEvents(log);
    const attemptTwo = kept.filter((e) => 'attemptId' in e && e.attemptId === 'calc#2');
    expect(attemptTwo.map((e) => e.type)).toEqual(['attempt_begin', 'core', 'check', 'attempt_end']);
    expect(kept.filter((e) => e.type === 'run_begin' || e.type === 'run_end')).toHaveLength(4);
    expect(kept.some((e) => e.type === 'finding')).toBe(false);
  });

  it('returns a log without repeats as it is', () => {
    expect(latestAttemptEvents(whole)).toBe(whole);
  });

  it("buildReport of the resumed log equals the uninterrupted run's report", () => {
    const report = buildReport(resumed());
    expect(report).toEqual(buildReport(whole));
    expect(report).toMatchObject({ interrupted: false, summary: { passed: 1, attempts: 2 } });
  });

  it('a resumed shard merges like any shard: its last run_end counts', () => {
    const merged = buildReport(
      mergeEventLogs([
        { source: 'shard-1', events: resumed() },
        {
          source: 'shard-2',
          events: eventLog({
            runId: 's2',
            scenarios: [{ ...plan[0]!, name: 'other' }],
            attempts: [{ ...passed(1), scenario: 'other' }],
            end: { durationMs: 10, interrupted: false },
          }),
        },
      ]),
    );
    expect(merged.interrupted).toBe(false);
    expect(merged.scenarios.map((s) => [s.name, s.verdict, s.attempts.length])).toEqual([
      ['calc', 'passed', 2],
      ['other', 'passed', 1],
    ]);
  });
});
