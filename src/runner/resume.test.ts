import { describe, expect, it } from 'vitest';
import type { AttemptVerdict, RunEvent } from '../events/index.js';
import { finishedAttempts, unfinishedAttempts } from './resume.js';

type Step = ['begin', string] | ['end', string, AttemptVerdict, boolean?] | ['run_end', boolean];

/** A log from a compact script: attempt begins and ends (verdict, interrupted), run ends. */
function log(steps: Step[]): RunEvent[] {
  return steps.map((step, i) => {
    const base = { v: 1, seq: i + 1, time: i };
    if (step[0] === 'run_end') return { ...base, type: 'run_end', durationMs: 1, interrupted: step[1] };
    const [scenario, attempt] = step[1].split('#') as [string, string];
    if (step[0] === 'begin') {
      return {
        ...base,
        type: 'attempt_begin',
        attemptId: step[1],
        scenario,
        attempt: Number(attempt),
        workspace: `attempts/${scenario}-${attempt}/workspace`,
        database: `attempts/${scenario}-${attempt}/obra.sqlite`,
      };
    }
    return {
      ...base,
      type: 'attempt_end',
      attemptId: step[1],
      scenario,
      attempt: Number(attempt),
      verdict: step[2],
      durationMs: 1,
      metrics: {} as never,
      ...(step[3] ? { interrupted: true } : {}),
    };
  }) as RunEvent[];
}

describe('which attempts a resumed run keeps', () => {
  it.each<[string, Step[], Record<string, AttemptVerdict>, string[]]>([
    [
      'Ctrl+C during the second attempt: the first is kept',
      [
        ['begin', 'a#1'],
        ['end', 'a#1', 'passed'],
        ['begin', 'a#2'],
        ['end', 'a#2', 'skipped', true],
        ['run_end', true],
      ],
      { 'a#1': 'passed' },
      ['a#2'],
    ],
    [
      'killed (no attempt_end, no run_end): the begun attempt reruns',
      [
        ['begin', 'a#1'],
        ['end', 'a#1', 'failed'],
        ['begin', 'a#2'],
      ],
      { 'a#1': 'failed' },
      ['a#2'],
    ],
    [
      'a failed attempt is a verdict, kept; one that could not be judged (error) runs again',
      [
        ['begin', 'a#1'],
        ['end', 'a#1', 'failed'],
        ['begin', 'b#1'],
        ['end', 'b#1', 'error'],
      ],
      { 'a#1': 'failed' },
      ['b#1'],
    ],
    [
      'a blocked attempt is decided again (what it needs may have been cut short)',
      [
        ['begin', 'a#1'],
        ['end', 'a#1', 'blocked'],
      ],
      {},
      ['a#1'],
    ],
    [
      'resumed once, interrupted again: the latest run of an attempt decides',
      [
        ['begin', 'a#1'],
        ['end', 'a#1', 'skipped', true],
        ['run_end', true],
        ['begin', 'a#1'],
        ['end', 'a#1', 'passed'],
        ['begin', 'a#2'],
        ['run_end', true],
      ],
      { 'a#1': 'passed' },
      ['a#2'],
    ],
    [
      'a finished attempt begun again and cut: it reruns',
      [
        ['begin', 'a#1'],
        ['end', 'a#1', 'passed'],
        ['begin', 'a#1'],
      ],
      {},
      ['a#1'],
    ],
  ])('%s', (_name, steps, kept, rerun) => {
    const events = log(steps);
    expect(Object.fromEntries(finishedAttempts(events))).toEqual(kept);
    expect(unfinishedAttempts(events).map((b) => b.attemptId)).toEqual(rerun);
  });
});
