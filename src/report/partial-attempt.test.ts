import { describe, expect, it } from 'vitest';
import type { RunEvent, RunEventBody } from '../events/index.js';
import { buildReport } from './build-report.js';

/** A killed run's log: run_begin, one attempt begun, its core events, no attempt_end, no run_end. */
function killedRun(core: Array<Extract<RunEventBody, { type: 'core' }>['event']>): RunEvent[] {
  const bodies: RunEventBody[] = [
    {
      type: 'run_begin',
      runId: 'r',
      startedAt: '2026-12-07T00:00:00.000Z',
      rootDir: '/p',
      options: {},
      versions: {},
      scenarios: [{ name: 's', file: 'scenarios/s.yaml', attempts: 1, tasks: 5, needs: [], tags: [] }],
    },
    { type: 'attempt_begin', attemptId: 's#1', scenario: 's', attempt: 1, workspace: 'w', database: 'd' },
    ...core.map((event) => ({ type: 'core' as const, attemptId: 's#1', event })),
  ];
  return bodies.map((body, seq) => ({ ...body, v: 1, seq, time: 1_000 + seq * 100 }) as RunEvent);
}

const usage = { inputTokens: 10, outputTokens: 5, cacheCreationTokens: 0, cacheReadTokens: 0, costUsd: 0.01 };
const taskEnd = (taskId: number, status: 'completed' | 'failed', durationMs: number) =>
  ({
    type: 'task_end',
    time: 0,
    taskId,
    status,
    iterations: 1,
    durationMs,
    usage: { ...usage, turns: 1 },
  }) as Extract<RunEventBody, { type: 'core' }>['event'];
const callEnd = (taskId: number) =>
  ({ type: 'agent_call_end', time: 0, taskId, usage, numTurns: 2 }) as unknown as Extract<
    RunEventBody,
    { type: 'core' }
  >['event'];

describe('an attempt the log began and never ended (the harness was killed)', () => {
  it('keeps the tasks that finished and counts the others as not run, never as failed', () => {
    const report = buildReport(
      killedRun([
        callEnd(1),
        taskEnd(1, 'completed', 300),
        callEnd(2),
        taskEnd(2, 'completed', 500),
        callEnd(3),
      ]),
    );
    expect(report.interrupted).toBe(true);
    const attempt = report.scenarios[0]!.attempts[0]!;
    expect(attempt).toMatchObject({
      verdict: 'skipped',
      interrupted: true,
      reason: 'interrupted: the log ends before this attempt did (the run was stopped or killed)',
      durationMs: 500,
    });
    expect(attempt.metrics).toMatchObject({
      tasks: 5,
      tasksCompleted: 2,
      tasksFailed: 0,
      tasksNotRun: 3,
      agentCalls: 3,
      iterations: 2,
      totalTokens: 45,
      turns: 6,
      p50TaskMs: 300,
      maxTaskMs: 500,
    });
  });

  it('counts a task that ended without completing as failed', () => {
    const report = buildReport(killedRun([taskEnd(1, 'failed', 100)]));
    expect(report.scenarios[0]!.attempts[0]!.metrics).toMatchObject({
      tasks: 5,
      tasksCompleted: 0,
      tasksFailed: 1,
      tasksNotRun: 4,
    });
  });
});
