import type { AttemptMetrics, RunEvent } from '../events/index.js';

type CoreEvent = Extract<RunEvent, { type: 'core' }>['event'];

/** What the core events of one attempt say it did: bounded counters and one duration per ended task. */
interface Tally {
  completed: number;
  ended: number;
  iterations: number;
  durations: number[];
  agentCalls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  turns: number;
  errors: number;
  firstTime: number;
  lastTime: number;
}

/**
 * The metrics of attempts whose log has no attempt_end: the harness was killed (SIGKILL, power loss)
 * while they ran, so nothing summed them up. Their core events still say which tasks ended and how,
 * so the report keeps the tasks that finished, and counts the rest as not run (never as failed). Pure.
 */
export function createPartialAttempts() {
  const tallies = new Map<string, Tally>();
  /** From the attempt's first event to its last one in the log. */
  const durationMs = (attemptId: string): number => {
    const t = tallies.get(attemptId);
    return t ? t.lastTime - t.firstTime : 0;
  };
  return {
    /** Folds one of an attempt's events (core events count; the others only date the attempt). */
    add(attemptId: string, time: number, event?: CoreEvent): void {
      let tally = tallies.get(attemptId);
      if (!tally) {
        tally = {
          completed: 0,
          ended: 0,
          iterations: 0,
          durations: [],
          agentCalls: 0,
          inputTokens: 0,
          outputTokens: 0,
          costUsd: 0,
          turns: 0,
          errors: 0,
          firstTime: time,
          lastTime: time,
        };
        tallies.set(attemptId, tally);
      }
      tally.lastTime = Math.max(tally.lastTime, time);
      if (event) count(tally, event);
    },
    /** The attempt's metrics, of its `tasks` planned tasks. */
    metrics(attemptId: string, tasks: number): AttemptMetrics {
      const t = tallies.get(attemptId);
      const durations = [...(t?.durations ?? [])].sort((a, b) => a - b);
      const ended = Math.min(t?.ended ?? 0, tasks);
      const completed = Math.min(t?.completed ?? 0, ended);
      return {
        tasks,
        tasksCompleted: completed,
        tasksFailed: ended - completed,
        tasksNotRun: tasks - ended,
        errors: t?.errors ?? 0,
        agentCalls: t?.agentCalls ?? 0,
        iterations: t?.iterations ?? 0,
        inputTokens: t?.inputTokens ?? 0,
        outputTokens: t?.outputTokens ?? 0,
        totalTokens: (t?.inputTokens ?? 0) + (t?.outputTokens ?? 0),
        costUsd: Math.round((t?.costUsd ?? 0) * 1e6) / 1e6,
        turns: t?.turns ?? 0,
        p50TaskMs: nearestRank(durations, 50),
        p95TaskMs: nearestRank(durations, 95),
        maxTaskMs: durations.at(-1) ?? 0,
        totalMs: durationMs(attemptId),
      };
    },
    durationMs,
  };
}

function count(tally: Tally, event: CoreEvent): void {
  switch (event.type) {
    case 'task_end':
      tally.ended++;
      if (event.status === 'completed') tally.completed++;
      tally.iterations += event.iterations;
      tally.durations.push(event.durationMs);
      return;
    case 'agent_call_end':
      tally.agentCalls++;
      tally.inputTokens += event.usage.inputTokens;
      tally.outputTokens += event.usage.outputTokens;
      tally.costUsd += event.usage.costUsd;
      tally.turns += event.numTurns;
      return;
    case 'error':
      tally.errors++;
      return;
    default:
      return;
  }
}

/** Nearest-rank percentile of sorted values; 0 for none. */
function nearestRank(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
