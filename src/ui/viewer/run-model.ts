import type { RunEvent } from '../../events/index.js';

type CoreEvent = Extract<RunEvent, { type: 'core' }>['event'];
type Of<T extends CoreEvent['type']> = Extract<CoreEvent, { type: T }>;

/** One agent call of an iteration, as agent_call_end logged it. */
export type CallDetail = Omit<Of<'agent_call_end'>, 'type' | 'time' | 'taskId' | 'iteration'>;
export type DecisionDetail = Omit<Of<'decision'>, 'type' | 'time' | 'taskId' | 'iteration'>;

export interface IterationDetail {
  iteration: number;
  /** The prompt the orchestrator built (cut by the event log past 4,000 characters). */
  prompt: string;
  calls: CallDetail[];
  decision?: DecisionDetail;
  /** How the iteration ended (iteration_end), when it did. */
  action?: string;
  error?: { kind: string; message: string };
  breakpoints: Omit<Of<'breakpoint'>, 'type' | 'time' | 'taskId'>[];
  startedAt: number;
  endedAt?: number;
}

export interface TaskDetail {
  taskId: number;
  key?: string;
  title: string;
  taskType: string;
  /** How executeTask ended; undefined when the log has no task_end (interrupted). */
  status?: string;
  durationMs?: number;
  tokens: number;
  error?: { kind: string; message: string };
  iterations: IterationDetail[];
}

export interface AttemptDetail {
  attemptId: string;
  /** Relative to the run directory. */
  workspace: string;
  database: string;
  tasks: TaskDetail[];
}

/**
 * What the event log knows per attempt beyond report.json: its tasks, their iterations (prompt,
 * agent calls with session ids and tokens, the quality/confidence/decision) in the order they ran.
 * A pure fold over the events; events of an attempt whose begin is missing are ignored.
 */
export function attemptDetails(events: readonly RunEvent[]): Map<string, AttemptDetail> {
  const attempts = new Map<string, AttemptDetail>();
  const tasks = new Map<string, Map<number, TaskDetail>>();
  for (const event of events) {
    if (event.type === 'attempt_begin') {
      attempts.set(event.attemptId, {
        attemptId: event.attemptId,
        workspace: event.workspace,
        database: event.database,
        tasks: [],
      });
      tasks.set(event.attemptId, new Map());
      continue;
    }
    if (event.type !== 'core') continue;
    const attempt = attempts.get(event.attemptId);
    const byId = tasks.get(event.attemptId);
    if (!attempt || !byId) continue;
    applyCore(attempt, byId, event.event);
  }
  return attempts;
}

function applyCore(attempt: AttemptDetail, byId: Map<number, TaskDetail>, e: CoreEvent): void {
  if (e.type === 'task_start') {
    const task: TaskDetail = {
      taskId: e.taskId,
      ...(e.key === undefined ? {} : { key: e.key }),
      title: e.title,
      taskType: e.taskType,
      tokens: 0,
      iterations: [],
    };
    byId.set(e.taskId, task);
    attempt.tasks.push(task);
    return;
  }
  if (!('taskId' in e) || e.taskId === null) return;
  const task = byId.get(e.taskId);
  if (!task) return;
  const iteration = (n: number) => task.iterations.find((i) => i.iteration === n);
  switch (e.type) {
    case 'iteration_start':
      task.iterations.push({
        iteration: e.iteration,
        prompt: e.prompt,
        calls: [],
        breakpoints: [],
        startedAt: e.time,
      });
      break;
    case 'agent_call_end': {
      const { type: _t, time: _time, taskId: _id, iteration: n, ...call } = e;
      iteration(n)?.calls.push(call);
      task.tokens += e.usage.inputTokens + e.usage.outputTokens;
      break;
    }
    case 'decision': {
      const { type: _t, time: _time, taskId: _id, iteration: n, ...decision } = e;
      const it = iteration(n);
      if (it) it.decision = decision;
      break;
    }
    case 'breakpoint': {
      const { type: _t, time: _time, taskId: _id, ...breakpoint } = e;
      task.iterations.at(-1)?.breakpoints.push(breakpoint);
      break;
    }
    case 'error': {
      const it = iteration(e.iteration);
      if (it) it.error = e.error;
      break;
    }
    case 'iteration_end': {
      const it = iteration(e.iteration);
      if (it) {
        it.action = e.action;
        it.endedAt = e.time;
      }
      break;
    }
    case 'task_end':
      task.status = e.status;
      task.durationMs = e.durationMs;
      if (e.error) task.error = e.error;
      break;
    default:
      break;
  }
}
