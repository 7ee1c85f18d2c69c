import type { ChangeMark } from '../evidence/index.js';
import type { Task, TaskStatus } from '../store/index.js';
import { breakpointsFor } from '../validation/index.js';
import { type OrchestratorContext, recordBreakpoint } from './context.js';
import type { ClassifiedError, TaskRunStatus } from './events.js';
import { type IterationEnd, runIteration } from './iteration.js';
import { buildPrompt } from './prompt.js';
import { closeSession, openSession } from './session.js';
import type { ExecuteTaskOptions, ExecuteTaskResult, IterationSummary } from './types.js';
import { emptyTotals } from './usage.js';

const TASK_STATUS: Record<TaskRunStatus, TaskStatus> = {
  completed: 'completed',
  escalated: 'blocked',
  max_iterations: 'failed',
  failed: 'failed',
  stopped: 'cancelled',
};

/**
 * Runs one task to an end: iterations of prompt → agent → judge → decide, until proceed, escalate, an
 * error, a stop, or maxIterations. Works standalone: each iteration opens its own session row before
 * the agent call and closes it in `finally`, so no caller has to set up a session first.
 */
export async function executeTask(
  ctx: OrchestratorContext,
  taskId: number,
  options: ExecuteTaskOptions = {},
): Promise<ExecuteTaskResult> {
  const started = performance.now();
  const task = ctx.store.tasks.get(taskId);
  const project = ctx.store.projects.get(task.projectId);
  const taskMax = task.metadata.maxIterations;
  const maxIterations =
    options.maxIterations ??
    (typeof taskMax === 'number' && taskMax >= 1 ? taskMax : ctx.config.maxIterations);
  const usage = emptyTotals();
  const iterations: IterationSummary[] = [];
  const sessionIds: string[] = [];
  const feedback: string[] = [];
  const key = typeof task.metadata.key === 'string' ? task.metadata.key : undefined;
  ctx.emit({
    type: 'task_start',
    taskId,
    title: task.title,
    taskType: task.taskType,
    ...(key ? { key } : {}),
  });
  ctx.store.tasks.updateStatus(taskId, 'running');

  let end: IterationEnd | undefined;
  // The workspace's change tracker: shared with the other tasks of a project run (runProject holds it).
  const tracker = ctx.evidence.acquire(project.workingDirectory);
  let mark: ChangeMark | undefined;
  try {
    mark = await tracker.mark();
    for (let iteration = 1; iteration <= maxIterations && !end; iteration++) {
      if (options.signal?.aborted) {
        end = { status: 'stopped', reason: 'stopped before the iteration started' };
        break;
      }
      const prompt = buildPrompt({
        title: task.title,
        description: task.description,
        workingDirectory: project.workingDirectory,
        iteration,
        feedback,
      });
      ctx.emit({ type: 'iteration_start', taskId, iteration, prompt });
      const session = options.session ?? openSession(ctx, { projectId: task.projectId, taskId }, false);
      if (!sessionIds.includes(session.id)) sessionIds.push(session.id);
      let sessionClosed: { status: 'completed' } | { status: 'abandoned'; reason: string } = {
        status: 'abandoned',
        reason: 'the iteration did not finish',
      };
      try {
        const outcome = await runIteration(ctx, {
          task,
          key,
          project,
          iteration,
          prompt,
          session,
          tracker,
          mark,
          usage,
          ...(options.signal ? { signal: options.signal } : {}),
        });
        mark = outcome.mark;
        iterations.push(outcome.summary);
        if (outcome.next.kind === 'continue') feedback.push(outcome.next.feedback);
        else end = outcome.next.end;
        sessionClosed =
          end && end.status !== 'completed' && end.status !== 'escalated' && end.status !== 'max_iterations'
            ? { status: 'abandoned', reason: end.error?.message ?? end.reason }
            : { status: 'completed' };
        ctx.emit({ type: 'iteration_end', taskId, iteration, action: outcome.summary.decision ?? 'error' });
      } finally {
        if (!session.shared) closeSession(ctx, session, taskId, sessionClosed);
      }
    }
    if (!end) {
      recordBreakpoint(
        ctx,
        task.projectId,
        taskId,
        breakpointsFor({ type: 'max_iterations', iterations: maxIterations })[0]!,
      );
      end = { status: 'max_iterations', reason: `no proceed decision after ${maxIterations} iterations` };
    }
  } catch (error) {
    // Not a classified failure: a bug or a broken store. Mark the task, tell the listeners, rethrow.
    const classified: ClassifiedError = {
      kind: 'unexpected',
      message: error instanceof Error ? error.message : String(error),
    };
    finish(
      ctx,
      task,
      { status: 'failed', reason: 'unexpected error', error: classified },
      iterations,
      usage,
      started,
    );
    throw error;
  } finally {
    if (mark) tracker.release(mark);
    ctx.evidence.release(tracker);
  }
  return {
    ...finish(ctx, task, end, iterations, usage, started),
    sessionIds,
    iterations,
    usage,
  };
}

function finish(
  ctx: OrchestratorContext,
  task: Task,
  end: IterationEnd,
  iterations: IterationSummary[],
  usage: ReturnType<typeof emptyTotals>,
  started: number,
): Pick<ExecuteTaskResult, 'taskId' | 'status' | 'outcome' | 'durationMs'> {
  const durationMs = Math.round(performance.now() - started);
  const lastDecision = iterations.at(-1)?.decision;
  const outcome = {
    reason: end.reason,
    ...(lastDecision ? { decision: lastDecision } : {}),
    ...(end.error ? { error: end.error } : {}),
  };
  ctx.store.tasks.updateStatus(task.id, TASK_STATUS[end.status], {
    result: {
      status: end.status,
      reason: end.reason,
      iterations: iterations.length,
      ...(end.error ? { error: { kind: end.error.kind, message: end.error.message } } : {}),
    },
  });
  ctx.emit({
    type: 'task_end',
    taskId: task.id,
    status: end.status,
    iterations: iterations.length,
    durationMs,
    usage: { ...usage },
    ...(end.error ? { error: end.error } : {}),
  });
  return { taskId: task.id, status: end.status, outcome, durationMs };
}
