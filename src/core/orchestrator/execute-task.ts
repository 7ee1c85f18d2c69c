import type { ChangeMark } from '../evidence/index.js';
import { StoreUnavailableError, type Task, type TaskStatus } from '../store/index.js';
import { breakpointsFor } from '../validation/index.js';
import { type EventInput, type OrchestratorContext, recordBreakpoint } from './context.js';
import type { ClassifiedError, TaskRunStatus } from './events.js';
import { type IterationEnd, runIteration } from './iteration.js';
import { buildPrompt } from './prompt.js';
import { closeSession, openSession, type SessionHandle } from './session.js';
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
  if (options.task && options.task.id !== taskId) {
    throw new Error(`executeTask: options.task is task ${options.task.id}, not task ${taskId}`);
  }
  const task = options.task ?? ctx.store.tasks.get(taskId);
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
  // Stryker disable all: the test-only fault switch (docs/DETECTION.md, "The fault switch")
  // FAULT transaction-broken: a unit of work begun on the connection and never committed (the original's
  // transaction depth counter went negative after one error): every later write stays uncommitted.
  if (ctx.fault === 'transaction-broken' && !ctx.store.db.inTransaction) ctx.store.db.exec('BEGIN');
  // Stryker restore all
  ctx.store.tasks.setStatus(taskId, 'running');

  let end: IterationEnd | undefined;
  // FAULT session-reuse: one session for every iteration of the task, each call passing --session-id again.
  let reused: SessionHandle | undefined;
  // The workspace's change tracker: shared with the other tasks of a project run (runProject holds it).
  const tracker = ctx.evidence.acquire(project.workingDirectory);
  let mark: ChangeMark | undefined;
  try {
    for (let iteration = 1; iteration <= maxIterations && !end; iteration++) {
      if (options.signal?.aborted) {
        end = { status: 'stopped', reason: 'stopped before the iteration started' };
        break;
      }
      // The iteration's evidence is counted from just before its agent call: what other tasks' agents
      // or the previous iteration's evidence commands changed before it is not this agent's work.
      if (mark) tracker.release(mark);
      mark = await tracker.mark();
      const prompt = buildPrompt({
        title: task.title,
        description: task.description,
        workingDirectory: project.workingDirectory,
        iteration,
        // Stryker disable all: the test-only fault switch (docs/DETECTION.md, "The fault switch")
        // FAULT feedback-dropped: the earlier iterations' feedback never reaches the prompt.
        feedback: ctx.fault === 'feedback-dropped' ? [] : feedback,
        // Stryker restore all
      });
      ctx.emit({ type: 'iteration_start', taskId, iteration, prompt });
      // Stryker disable all: the test-only fault switch (docs/DETECTION.md, "The fault switch")
      const session = options.session ?? sessionFor(ctx, task, reused);
      if (ctx.fault === 'session-reuse' && !options.session) {
        reused = session;
        session.started = false;
      }
      // Stryker restore all
      if (!sessionIds.includes(session.id)) sessionIds.push(session.id);
      let sessionClosed: { status: 'completed' } | { status: 'abandoned'; reason: string } = {
        status: 'abandoned',
        reason: 'the iteration did not finish',
      };
      let failure: { error: unknown } | undefined;
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
          lastIteration: iteration === maxIterations,
          ...(options.handOver ? { handOver: options.handOver } : {}),
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
      } catch (error) {
        failure = { error };
        throw error;
      } finally {
        if (!session.shared) closeAfter(ctx, session, { taskId, iteration }, sessionClosed, failure);
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
    // Stryker disable all: the test-only fault switch (docs/DETECTION.md, "The fault switch")
    if (reused) closeSession(ctx, reused, taskId, { status: 'completed' });
    // Stryker restore all
  } catch (error) {
    // Not a classified failure: a bug or a broken store (or a store the environment made unusable:
    // locked by another process, disk full). Mark the task, tell the listeners, rethrow.
    const classified = classify(error);
    const end: IterationEnd = { status: 'failed', reason: 'unexpected error', error: classified };
    try {
      finish(ctx, task, end, iterations, usage, started);
    } catch (recordError) {
      // The store refused this write too (it is the store that failed): the listeners still learn how
      // the task ended, and of the second failure, and the first error is the one thrown.
      const iteration = iterations.length + 1;
      ctx.emit({ type: 'error', taskId, iteration, error: secondFailure("the task's end", recordError) });
      ctx.emit(taskEnd(task.id, end, iterations.length, elapsed(started), usage));
    }
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

/**
 * The session of one iteration: a new row (before the agent call) in normal runs. Under the test-only
 * faults: no row at all (standalone-no-session), or the task's first session again (session-reuse).
 */
function sessionFor(ctx: OrchestratorContext, task: Task, reused: SessionHandle | undefined): SessionHandle {
  // Stryker disable all: the test-only fault switch (docs/DETECTION.md, "The fault switch")
  if (ctx.fault === 'standalone-no-session') return { id: ctx.newSessionId(), started: false, shared: true };
  if (ctx.fault === 'session-reuse')
    return reused ?? openSession(ctx, { projectId: task.projectId, taskId: task.id }, true);
  // Stryker restore all
  return openSession(ctx, { projectId: task.projectId, taskId: task.id }, false);
}

/** How an error that is not a classified failure ended a task. */
function classify(error: unknown): ClassifiedError {
  return {
    kind: error instanceof StoreUnavailableError ? 'store_unavailable' : 'unexpected',
    message: error instanceof Error ? error.message : String(error),
  };
}

/** A write that failed after an earlier failure, named for the listeners (it is not thrown). */
function secondFailure(what: string, error: unknown): ClassifiedError {
  const { kind, message } = classify(error);
  return { kind, message: `recording ${what} failed too: ${message}` };
}

/**
 * Closes an iteration's session. When the iteration is already failing, a close that fails too (a store
 * that refuses every write) does not replace that error: it is reported as an error event instead.
 */
function closeAfter(
  ctx: OrchestratorContext,
  session: SessionHandle,
  at: { taskId: number; iteration: number },
  outcome: Parameters<typeof closeSession>[3],
  failure: { error: unknown } | undefined,
): void {
  try {
    closeSession(ctx, session, at.taskId, outcome);
  } catch (error) {
    if (!failure) throw error;
    ctx.emit({ type: 'error', ...at, error: secondFailure(`the end of session ${session.id}`, error) });
  }
}

const elapsed = (started: number) => Math.round(performance.now() - started);

/** The task_end event of a task that ended so. */
function taskEnd(
  taskId: number,
  end: IterationEnd,
  iterations: number,
  durationMs: number,
  usage: ReturnType<typeof emptyTotals>,
): EventInput {
  return {
    type: 'task_end',
    taskId,
    status: end.status,
    iterations,
    durationMs,
    usage: { ...usage },
    ...(end.error ? { error: end.error } : {}),
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
  const durationMs = elapsed(started);
  const lastDecision = iterations.at(-1)?.decision;
  const outcome = {
    reason: end.reason,
    ...(lastDecision ? { decision: lastDecision } : {}),
    ...(end.error ? { error: end.error } : {}),
  };
  const result = {
    status: end.status,
    reason: end.reason,
    iterations: iterations.length,
    ...(end.error ? { error: { kind: end.error.kind, message: end.error.message } } : {}),
  };
  ctx.store.tasks.setStatus(task.id, TASK_STATUS[end.status], {
    // Stryker disable all: the test-only fault switch (docs/DETECTION.md, "The fault switch")
    // FAULT bool-for-dict: a bool ("did it succeed") where the result object is expected.
    result: ctx.fault === 'bool-for-dict' ? end.status === 'completed' : result,
    // Stryker restore all
  });
  ctx.emit(taskEnd(task.id, end, iterations.length, durationMs, usage));
  return { taskId: task.id, status: end.status, outcome, durationMs };
}
