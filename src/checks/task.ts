import type { TaskCheck } from '../scenario/index.js';
import type { TaskOutcome } from './context.js';
import { errored, failed, passed } from './outcome.js';
import { listSome, plural, shorten } from './text.js';
import type { CheckEvaluator } from './types.js';

/** At most this many failing tasks are named in a `task: '*'` summary. */
const MAX_LISTED = 10;

/** What a task check asserts, as text: `status completed, at most 2 iterations`. */
function expectation(check: TaskCheck): string {
  const parts: string[] = [];
  if (check.status) parts.push(`status ${check.status}`);
  if (check.minIterations !== undefined) parts.push(`at least ${plural(check.minIterations, 'iteration')}`);
  if (check.maxIterations !== undefined) parts.push(`at most ${plural(check.maxIterations, 'iteration')}`);
  if (check.decisions) parts.push(`decisions [${check.decisions.join(', ')}]`);
  if (check.error) parts.push(`ended on error ${check.error}`);
  return parts.join(', ') || 'nothing asserted';
}

/** The task as it ended: `failed (api_error: the agent...), 3 iterations, decisions [retry, retry]`. */
function describe(task: TaskOutcome): string {
  const error = task.error ? ` (${task.error.kind}: ${task.error.message.slice(0, 200)})` : '';
  return `status ${task.storeStatus}${error}, ${plural(task.iterations, 'iteration')}, decisions [${task.decisions.join(', ')}]`;
}

/**
 * Each way the task misses the check, e.g. `failed: api_error`, `3 iterations, max 1`; with `cause`, a
 * status miss quotes the last decision's reason and feedback.
 */
export function taskProblems(check: TaskCheck, task: TaskOutcome, cause = false): string[] {
  const problems: string[] = [];
  if (check.status && task.storeStatus !== check.status) {
    const why = cause ? decisionCause(task) : '';
    problems.push(`${task.storeStatus}${task.error ? `: ${task.error.kind}` : ''}${why}`);
  }
  if (check.minIterations !== undefined && task.iterations < check.minIterations) {
    problems.push(`${plural(task.iterations, 'iteration')}, min ${check.minIterations}`);
  }
  if (check.maxIterations !== undefined && task.iterations > check.maxIterations) {
    problems.push(`${plural(task.iterations, 'iteration')}, max ${check.maxIterations}`);
  }
  if (check.decisions && check.decisions.join(',') !== task.decisions.join(',')) {
    problems.push(`decisions [${task.decisions.join(', ')}], expected [${check.decisions.join(', ')}]`);
  }
  if (check.error && task.error?.kind !== check.error) {
    problems.push(
      `ended on ${task.error ? `error ${task.error.kind}` : 'no error'}, expected error ${check.error}`,
    );
  }
  return problems;
}

/** Longest reason and feedback quoted from the last decision. */
const MAX_CAUSE = 200;

/** Why the task ended where it did, from its last decision: `; last decision retry: "no evidence…"`. */
function decisionCause(task: TaskOutcome): string {
  const d = task.lastDecision;
  if (!d) return '';
  const quoted = (text: string) => JSON.stringify(shorten(text, MAX_CAUSE));
  const feedback = d.feedback && d.feedback !== d.reason ? `; feedback: ${quoted(d.feedback)}` : '';
  return ` (last decision ${d.action}: ${quoted(d.reason)}${feedback})`;
}

/** The finding class of a status miss: the common case (not completed) has its own name. */
function statusKind(check: TaskCheck): string {
  return check.status === 'completed' ? 'task_not_completed' : 'task_status';
}

function evaluateOne(check: TaskCheck, tasks: readonly TaskOutcome[]) {
  const expected = `task ${check.task}: ${expectation(check)}`;
  const task = tasks.find((t) => t.key === check.task);
  if (!task) {
    return errored(
      expected,
      `task ${check.task} is not a task of this attempt (tasks: ${listSome(tasks.map((t) => t.key))}); fix checks[${check.index}].task`,
    );
  }
  const problems = taskProblems(check, task, true);
  if (problems.length === 0) return passed(expected, describe(task));
  return failed(expected, describe(task), `task ${task.key}: ${problems.join('; ')}`, {
    ...(check.status && task.storeStatus !== check.status ? { findingKind: statusKind(check) } : {}),
  });
}

function evaluateAll(check: TaskCheck, tasks: readonly TaskOutcome[]) {
  const expected = `every task: ${expectation(check)}`;
  if (tasks.length === 0) return failed(expected, 'no tasks', 'the attempt has no tasks to check');
  const failing = tasks
    .map((task) => ({ task, problems: taskProblems(check, task) }))
    .filter((f) => f.problems.length > 0)
    // The first failing task quotes its last decision (bounded: one quote, not one per task).
    .map((f, i) => (i === 0 ? { ...f, problems: taskProblems(check, f.task, true) } : f));
  const counts = new Map<string, number>();
  for (const t of tasks) counts.set(t.storeStatus, (counts.get(t.storeStatus) ?? 0) + 1);
  const actual = [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
  if (failing.length === 0) return passed(expected, `${tasks.length} tasks: ${actual}`);
  const statusOnly =
    check.minIterations === undefined &&
    check.maxIterations === undefined &&
    check.decisions === undefined &&
    check.error === undefined;
  const what = statusOnly ? `not ${check.status}` : 'miss the check';
  const listed = failing.map((f) => `${f.task.key} (${f.problems.join('; ')})`);
  const statusMissed = failing.some((f) => check.status && f.task.storeStatus !== check.status);
  return failed(
    expected,
    `${tasks.length} tasks: ${actual}`,
    `${failing.length} of ${tasks.length} tasks ${what}: ${listSome(listed, MAX_LISTED)}`,
    statusMissed ? { findingKind: statusKind(check) } : {},
  );
}

/** `task`: a task's (or every task's, with '*') final status, iteration count and decisions. */
export const taskCheck: CheckEvaluator<TaskCheck> = {
  title: (check) => `${check.task === '*' ? 'every task' : `task ${check.task}`}: ${expectation(check)}`,
  evaluate: (check, ctx) =>
    check.task === '*' ? evaluateAll(check, ctx.tasks) : evaluateOne(check, ctx.tasks),
};
