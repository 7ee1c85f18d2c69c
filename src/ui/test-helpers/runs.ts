import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AttemptMetrics, type RunEvent, type RunEventBody, readAllEvents } from '../../events/index.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** The run recorded with the real CLI (fixtures/runs/README.md). */
export const sampleRunDir = join(repoRoot, 'fixtures', 'runs', 'sample');

export const sampleEvents = (): Promise<RunEvent[]> => readAllEvents(join(sampleRunDir, 'events.jsonl'));

const metrics = (tasks: number): AttemptMetrics => ({
  tasks,
  tasksCompleted: tasks,
  tasksFailed: 0,
  errors: 0,
  agentCalls: tasks,
  iterations: tasks,
  inputTokens: tasks * 100,
  outputTokens: tasks * 20,
  totalTokens: tasks * 120,
  costUsd: 0,
  turns: tasks * 2,
  p50TaskMs: 100,
  p95TaskMs: 150,
  maxTaskMs: 200,
  totalMs: tasks * 100,
});

/**
 * The events of a stress run as the core would emit them: one attempt of `tasks` tasks, `concurrency`
 * at a time, each task one iteration of one agent call. `time` advances 10 ms per event from `start`.
 */
export function stressRunEvents(tasks: number, concurrency: number, start = 1_800_000_000_000): RunEvent[] {
  const events: RunEvent[] = [];
  let seq = 0;
  let time = start;
  const attemptId = 'stress#1';
  const push = (body: RunEventBody) => {
    events.push({ ...body, v: 1, seq: ++seq, time } as RunEvent);
    time += 10;
  };
  const core = (event: Extract<RunEventBody, { type: 'core' }>['event']) =>
    push({ type: 'core', attemptId, event });
  push({
    type: 'run_begin',
    runId: 'stress-run',
    startedAt: new Date(start).toISOString(),
    rootDir: '/project',
    options: { concurrency },
    versions: { 'obra-validate': '0.1.0' },
    scenarios: [
      {
        name: 'stress',
        file: 'scenarios/stress.yaml',
        attempts: 1,
        tasks,
        needs: [],
        tags: [],
        wallMs: 600_000,
      },
    ],
  });
  push({
    type: 'attempt_begin',
    attemptId,
    scenario: 'stress',
    attempt: 1,
    workspace: 'w',
    database: 'd',
  });
  const usage = {
    inputTokens: 100,
    outputTokens: 20,
    cacheCreationTokens: 0,
    cacheReadTokens: 0,
    costUsd: 0,
  };
  const open: number[] = [];
  let next = 1;
  while (next <= tasks || open.length > 0) {
    while (open.length < concurrency && next <= tasks) {
      const taskId = next++;
      open.push(taskId);
      core({ type: 'task_start', taskId, title: `Stress Task ${taskId}`, taskType: 'task', time });
      core({ type: 'iteration_start', taskId, iteration: 1, prompt: `Task: Stress Task ${taskId}`, time });
      core({
        type: 'agent_call_start',
        taskId,
        iteration: 1,
        sessionId: `s-${taskId}`,
        resume: false,
        maxTurns: 30,
        time,
      });
    }
    const taskId = open.shift()!;
    core({
      type: 'agent_call_end',
      taskId,
      iteration: 1,
      sessionId: `s-${taskId}`,
      resume: false,
      maxTurns: 30,
      agentSessionId: `s-${taskId}`,
      argv: [],
      usage,
      numTurns: 2,
      isError: false,
      errorSubtype: undefined,
      durationMs: 100,
      interactionId: taskId,
      time,
    });
    core({ type: 'iteration_end', taskId, iteration: 1, action: 'proceed', time });
    core({
      type: 'task_end',
      taskId,
      status: 'completed',
      iterations: 1,
      durationMs: 100,
      usage: { ...usage, turns: 2 },
      time,
    });
  }
  push({
    type: 'attempt_end',
    attemptId,
    scenario: 'stress',
    attempt: 1,
    verdict: 'passed',
    durationMs: time - start,
    metrics: metrics(tasks),
  });
  push({ type: 'run_end', durationMs: time - start, interrupted: false });
  return events;
}
