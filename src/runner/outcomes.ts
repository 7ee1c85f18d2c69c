import { type EventsByType, eachEventOf, type TaskOutcome } from '../checks/index.js';
import type { DecisionAction, OrchestratorEvent, Store } from '../core/index.js';
import type { AttemptMetrics } from '../events/index.js';

type TaskEnd = Extract<OrchestratorEvent, { type: 'task_end' }>;

/**
 * What happened to each scenario task, from the attempt's store and its core events. One pass over the
 * events keeps only what an outcome needs, and the task rows are read column by column, row by row: a
 * 10,000-task attempt is folded without holding its events or full task rows.
 */
export function taskOutcomes(
  store: Store,
  projectId: number,
  events: Iterable<OrchestratorEvent> | EventsByType,
): TaskOutcome[] {
  const ends = new Map<number, Pick<TaskEnd, 'status' | 'iterations' | 'durationMs' | 'error'>>();
  const decisions = new Map<number, DecisionAction[]>();
  const last = new Map<number, NonNullable<TaskOutcome['lastDecision']>>();
  for (const { event: e } of eachEventOf(events, ['task_end'])) {
    ends.set(e.taskId, {
      status: e.status,
      iterations: e.iterations,
      durationMs: e.durationMs,
      ...(e.error ? { error: e.error } : {}),
    });
  }
  for (const { event: e } of eachEventOf(events, ['decision'])) {
    const list = decisions.get(e.taskId) ?? [];
    list.push(e.action);
    decisions.set(e.taskId, list);
    last.set(e.taskId, {
      action: e.action,
      reason: e.reason,
      ...(e.feedback === undefined ? {} : { feedback: e.feedback }),
    });
  }
  const rows = store.db
    .prepare(
      `SELECT id, title, description, status, json_extract(metadata, '$.key') AS key
       FROM tasks WHERE project_id = ? ORDER BY id`,
    )
    .iterate(projectId) as IterableIterator<TaskRow>;
  const outcomes: TaskOutcome[] = [];
  for (const task of rows) {
    const end = ends.get(task.id);
    outcomes.push({
      key: typeof task.key === 'string' ? task.key : String(task.id),
      taskId: task.id,
      title: task.title,
      description: task.description,
      runStatus: end?.status,
      storeStatus: task.status,
      iterations: end?.iterations ?? 0,
      decisions: decisions.get(task.id) ?? [],
      ...(last.has(task.id) ? { lastDecision: last.get(task.id)! } : {}),
      durationMs: end?.durationMs ?? 0,
      ...(end?.error ? { error: end.error } : {}),
    });
  }
  return outcomes;
}

interface TaskRow {
  id: number;
  title: string;
  description: string;
  status: string;
  key: unknown;
}

/** Percentile (nearest rank) of a list of numbers; 0 for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/**
 * The attempt's aggregates (bounded size, whatever the task count). A task that never ran (no task_end:
 * the attempt was stopped first, or a dependency failed) is not run, not failed; so is one the run's
 * interruption (Ctrl+C, SIGTERM) stopped mid-way, when `interrupted`.
 */
export function attemptMetrics(
  tasks: readonly TaskOutcome[],
  events: Iterable<OrchestratorEvent> | EventsByType,
  totalMs: number,
  options: { interrupted?: boolean } = {},
): AttemptMetrics {
  let agentCalls = 0;
  let inputTokens = 0;
  let outputTokens = 0;
  let costUsd = 0;
  let turns = 0;
  for (const { event: e } of eachEventOf(events, ['agent_call_end'])) {
    agentCalls++;
    inputTokens += e.usage.inputTokens;
    outputTokens += e.usage.outputTokens;
    costUsd += e.usage.costUsd;
    turns += e.numTurns;
  }
  let errors = 0;
  for (const _ of eachEventOf(events, ['error'])) errors++;
  const durations = tasks.filter((t) => t.runStatus !== undefined).map((t) => t.durationMs);
  const completed = tasks.filter((t) => t.storeStatus === 'completed').length;
  const cut = (t: TaskOutcome) =>
    t.runStatus === undefined || (options.interrupted === true && t.runStatus === 'stopped');
  const notRun = tasks.filter((t) => cut(t) && t.storeStatus !== 'completed').length;
  return {
    tasks: tasks.length,
    tasksCompleted: completed,
    tasksFailed: tasks.length - completed - notRun,
    tasksNotRun: notRun,
    errors,
    agentCalls,
    iterations: tasks.reduce((n, t) => n + t.iterations, 0),
    inputTokens,
    outputTokens,
    totalTokens: inputTokens + outputTokens,
    costUsd: Math.round(costUsd * 1e6) / 1e6,
    turns,
    p50TaskMs: percentile(durations, 50),
    p95TaskMs: percentile(durations, 95),
    maxTaskMs: durations.reduce((m, d) => Math.max(m, d), 0),
    totalMs,
  };
}
