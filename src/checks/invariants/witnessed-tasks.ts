import type { AttemptContext } from '../context.js';
import { eachEventOf } from '../core-events.js';
import { plural } from '../text.js';
import type { AttemptWitness, TaskWitness } from '../witness/attempt-witness.js';
import { CLOCK_SLACK_MS, ms } from '../witness/call-outcome.js';
import type { IterationView } from '../witness/timeline.js';
import { type Invariant, type Violation, violation } from './types.js';
import { afterLock, iterationsOfTask, label, witnessOf } from './witness-context.js';

/** How executeTask ends, and the row status each ending is stored as (DESIGN.md section 4). */
const ROW_STATUS = {
  completed: 'completed',
  escalated: 'blocked',
  max_iterations: 'failed',
  failed: 'failed',
  stopped: 'cancelled',
} as const;
type RunStatus = keyof typeof ROW_STATUS;

/** Row statuses that stamp completed_at. */
const STAMPED = new Set(['completed', 'failed', 'cancelled']);

/** How a task that called the agent must have ended, from its witnessed iterations. */
export function expectedEnd(
  ctx: AttemptContext,
  witness: AttemptWitness,
  task: TaskWitness,
  views: readonly IterationView[],
): { status: RunStatus; error?: string } | { status: 'unknown'; why: string } | { status: 'locked' } {
  const last = views.at(-1)!;
  if (afterLock(ctx, last.last.call.end)) return { status: 'locked' };
  const outcome = last.last.outcome;
  switch (outcome.kind) {
    case 'not-run':
      return outcome.errorSubtype === 'agent_aborted'
        ? { status: 'stopped', error: 'agent_aborted' }
        : { status: 'failed', error: outcome.errorSubtype };
    case 'max-turns':
      return { status: 'failed', error: 'error_max_turns' };
    case 'session-mismatch':
      return { status: 'failed', error: 'session_mismatch' };
    case 'agent-error':
      return { status: 'failed', error: outcome.errorSubtype };
  }
  const decision = last.last.row?.decision;
  if (decision === null || decision === undefined) return { status: 'failed', error: 'llm_error' };
  if (decision === 'proceed') return { status: 'completed' };
  if (decision === 'escalate') return { status: 'escalated' };
  const max = task.scenario.maxIterations ?? witness.spec.maxIterations;
  if (views.length >= max) return { status: 'max_iterations' };
  if (ctx.stopped) return { status: 'stopped' };
  return {
    status: 'unknown',
    why: `its last decision was ${decision} after ${views.length} of ${max} iterations, and it was not stopped`,
  };
}

/**
 * Why a task that never called the agent did not run, when the witnesses explain it, and what its
 * result's reason must name: the unmet dependencies' ids, or its milestone's id.
 */
function whyNotRun(witness: AttemptWitness, task: TaskWitness): { why: string; names: string[] } | undefined {
  const byKey = new Map([...witness.byTask.values()].map((t) => [t.key, t]));
  const unmet = task.scenario.dependsOn.filter((key) => byKey.get(key)?.row?.status !== 'completed');
  if (unmet.length > 0) {
    const ids = unmet.map((key) => String(witness.sources.created.taskIds.get(key)));
    return { why: `its dependencies ${unmet.join(', ')} did not complete`, names: ids };
  }
  if (task.scenario.milestone !== undefined) {
    const earlier = [...witness.byTask.values()].filter(
      (t) => t.scenario.milestone === task.scenario.milestone && t.row && task.row && t.row.id < task.row.id,
    );
    if (earlier.some((t) => t.row?.status !== 'completed')) {
      const id = witness.sources.created.milestoneIds.get(task.scenario.milestone);
      return { why: 'an earlier task of its milestone did not complete', names: [`milestone ${id}`] };
    }
  }
  return undefined;
}

function taskProblems(ctx: AttemptContext, witness: AttemptWitness, task: TaskWitness): string[] {
  const row = task.row;
  if (!row) return ['has no tasks row'];
  const bad: string[] = [];
  const scenario = task.scenario;
  const milestoneId =
    scenario.milestone === undefined ? null : witness.sources.created.milestoneIds.get(scenario.milestone);
  const fields: [string, unknown, unknown][] = [
    ['project_id', row.project_id, witness.sources.created.projectId],
    ['title', row.title, scenario.title],
    ['description', row.description, scenario.description],
    ['task_type', row.task_type, scenario.type],
    ['priority', row.priority, scenario.priority],
    ['milestone_id', row.milestone_id, milestoneId ?? null],
    ['parent_task_id', row.parent_task_id, null],
    ['epic_id', row.epic_id, null],
    ['story_id', row.story_id, null],
    ['retry_count', row.retry_count, 0],
    ['max_retries', row.max_retries, 3],
  ];
  for (const [column, actual, expected] of fields) {
    if (actual !== expected)
      bad.push(`${column} is ${JSON.stringify(actual)}, the scenario gives ${JSON.stringify(expected)}`);
  }
  const metadata = JSON.parse(row.metadata) as { key?: unknown; maxIterations?: unknown };
  if (metadata.key !== task.key) bad.push(`metadata.key is ${JSON.stringify(metadata.key)}`);
  if ((metadata.maxIterations ?? undefined) !== scenario.maxIterations) {
    bad.push(`metadata.maxIterations is ${JSON.stringify(metadata.maxIterations)}`);
  }
  const views = iterationsOfTask(ctx, witness, task);
  const result = row.result === null ? undefined : (JSON.parse(row.result) as Record<string, unknown>);
  if (views.length === 0) {
    const not = whyNotRun(witness, task);
    const why = not?.why;
    const ok =
      (row.status === 'blocked' && not !== undefined && result?.status === 'blocked') ||
      (row.status === 'pending' && (ctx.stopped || ctx.witness.storeLockedAt !== undefined)) ||
      (row.status === 'cancelled' && ctx.stopped && result?.status === 'stopped');
    if (!ok) {
      bad.push(
        `it never called the agent but is ${row.status}${why ? ` (${why})` : ' although nothing kept it from running'}`,
      );
    }
    const reason = typeof result?.reason === 'string' ? result.reason : '';
    if (row.status === 'blocked' && not && !not.names.every((name) => reason.includes(name))) {
      bad.push(
        `its result.reason ${JSON.stringify(reason.slice(0, 80))} does not name ${not.names.join(', ')}`,
      );
    }
    return bad;
  }
  const end = expectedEnd(ctx, witness, task, views);
  if (end.status === 'locked') {
    if (row.status !== 'running')
      bad.push(`it is ${row.status}, but the store refused every write since its call`);
    // The harness held a write lock: the error the task ended on must say the store was locked.
    const ended = [...eachEventOf(ctx.coreEvents, ['task_end'])].find(
      (e) => e.event.taskId === row.id,
    )?.event;
    if (ended?.error?.kind !== 'store_unavailable' || !/locked|SQLITE_BUSY/.test(ended.error.message)) {
      bad.push(
        `it ended on ${JSON.stringify(ended?.error ?? 'no error')}, not on the store lock the harness held`,
      );
    }
    return bad;
  }
  if (end.status === 'unknown') return [...bad, end.why];
  if (row.status !== ROW_STATUS[end.status])
    bad.push(`its status is ${row.status}, it ended ${end.status} (${ROW_STATUS[end.status]})`);
  if (result?.status !== end.status)
    bad.push(`result.status is ${JSON.stringify(result?.status)}, it ended ${end.status}`);
  if (typeof result?.reason !== 'string' || result.reason === '') bad.push('result.reason is missing');
  else {
    // The reason says why it ended: the deciding confidence, the iterations spent, or the error.
    const lastRow = views.at(-1)!.last.row;
    const says =
      end.status === 'completed' || end.status === 'escalated'
        ? String(lastRow?.confidence)
        : end.status === 'max_iterations'
          ? `${views.length} iterations`
          : end.status === 'failed'
            ? String((result.error as { message?: unknown } | undefined)?.message ?? '')
            : '';
    if (!result.reason.includes(says))
      bad.push(
        `result.reason ${JSON.stringify(result.reason.slice(0, 80))} does not say ${JSON.stringify(says)}`,
      );
  }
  if (result?.iterations !== views.length)
    bad.push(`result.iterations is ${JSON.stringify(result?.iterations)}, it ran ${views.length}`);
  const error = (result?.error as { kind?: unknown } | undefined)?.kind;
  if ((error ?? undefined) !== end.error && !(end.status === 'stopped' && error === undefined)) {
    bad.push(`result.error.kind is ${JSON.stringify(error)}, it ended on ${end.error ?? 'no error'}`);
  }
  const max = scenario.maxIterations ?? witness.spec.maxIterations;
  if (views.length > max) bad.push(`it ran ${views.length} iterations, more than its ${max}`);
  const first = views[0]!.calls[0]!.call;
  const last = views.at(-1)!.last.call;
  if (row.started_at === null || ms(row.started_at) > first.start + CLOCK_SLACK_MS) {
    bad.push(`started_at ${row.started_at} is not before its first call`);
  }
  if (ms(row.created_at) > ms(row.started_at ?? row.created_at)) bad.push('created_at is after started_at');
  if (STAMPED.has(row.status) !== (row.completed_at !== null)) {
    bad.push(`completed_at is ${row.completed_at} for a ${row.status} task`);
  } else if (row.completed_at !== null && ms(row.completed_at) < last.end - CLOCK_SLACK_MS) {
    bad.push(`completed_at ${row.completed_at} is before its last call ended`);
  }
  if (ms(row.updated_at) < last.end - CLOCK_SLACK_MS)
    bad.push(`updated_at ${row.updated_at} is before its last call ended`);
  return bad;
}

/**
 * Each task row is the scenario's task (title, description, type, priority, milestone, dependencies,
 * metadata) and ended as its witnessed calls say it must: completed on a proceed, blocked on an
 * escalation, failed at max_iterations or on the error its last call ended on (that error's kind in its
 * result), cancelled when stopped; result.iterations is the number of iterations the harness saw; a task
 * that never called the agent is blocked by a dependency or an earlier milestone task; its start, end
 * and update stamps enclose its calls.
 */
export const tasksMatchScenario: Invariant = {
  name: 'tasks-match-scenario',
  title: 'each task row is the scenario task, ended as its calls say',
  expected:
    'task rows equal the scenario tasks; status, result and timestamps follow from the witnessed calls',
  findingKind: 'task_record',
  severity: 'blocker',
  usesDatabase: true,
  check(ctx, db) {
    const witness = witnessOf(ctx, db);
    const violations: Violation[] = [];
    const dependencies = db.prepare('SELECT task_id, depends_on_id FROM task_dependencies').all() as {
      task_id: number;
      depends_on_id: number;
    }[];
    for (const [taskId, task] of witness.byTask) {
      const bad = taskProblems(ctx, witness, task);
      const expected = task.scenario.dependsOn.map((key) => witness.sources.created.taskIds.get(key)).sort();
      const actual = dependencies
        .filter((d) => d.task_id === taskId)
        .map((d) => d.depends_on_id)
        .sort();
      if (expected.join() !== actual.join())
        bad.push(
          `depends on #${actual.join(', #') || '(none)'}, the scenario gives #${expected.join(', #') || '(none)'}`,
        );
      if (bad.length > 0)
        violations.push(violation('task_record', `${label(task, taskId)}: ${bad.join('; ')}`));
    }
    const extra = witness.tasks.filter((t) => !witness.byTask.has(t.id));
    for (const row of extra)
      violations.push(
        violation('task_record', `task row #${row.id} (${row.title}) is no task of the scenario`),
      );
    return {
      checked: `${plural(witness.byTask.size, 'task')} against the scenario and the witnessed calls`,
      violations,
    };
  },
};

/**
 * The order the tasks ran in, as the harness saw the agent processes: never more agent calls at once
 * than the configured concurrency; a task calls the agent only after every task it depends on completed
 * and its last call ended; the tasks of a milestone run one after another in one conversation (one
 * session id, started once, resumed by every later call); with one task at a time, independent tasks
 * start in priority order.
 */
export const scheduleAsConfigured: Invariant = {
  name: 'schedule-as-configured',
  title: 'tasks ran in the configured order and concurrency',
  expected:
    'at most `concurrency` agent calls at once; dependencies first; a milestone in one conversation; priority order',
  findingKind: 'schedule',
  severity: 'blocker',
  usesDatabase: true,
  check(ctx, db) {
    const witness = witnessOf(ctx, db);
    const violations: Violation[] = [];
    const limit = ctx.witness.concurrency;
    const calls = witness.calls;
    for (const call of calls) {
      const at = calls.filter((other) => other.start <= call.start && other.end > call.start).length;
      if (at > limit) {
        violations.push(
          violation(
            'schedule',
            `${at} agent calls ran at once when launch ${call.seq} started; concurrency is ${limit}`,
          ),
        );
        break;
      }
    }
    const byKey = new Map([...witness.byTask.values()].map((t) => [t.key, t]));
    const firstStart = (t: TaskWitness) => t.calls[0]?.call.start;
    for (const [taskId, task] of witness.byTask) {
      const start = firstStart(task);
      if (start === undefined) continue;
      for (const key of task.scenario.dependsOn) {
        const dep = byKey.get(key);
        const depEnd = dep?.calls.at(-1)?.call.end ?? Number.NEGATIVE_INFINITY;
        const done = dep?.row?.completed_at ?? null;
        if (
          dep?.row?.status !== 'completed' ||
          depEnd > start + CLOCK_SLACK_MS ||
          ms(done) > start + CLOCK_SLACK_MS
        ) {
          violations.push(
            violation(
              'schedule',
              `${label(task, taskId)} called the agent before its dependency ${key} had completed`,
            ),
          );
        }
      }
    }
    for (const [key] of witness.sources.created.milestoneIds) {
      const stories = [...witness.byTask.values()].filter((t) => t.scenario.milestone === key);
      const storyCalls = stories.flatMap((t) => t.calls.map((c) => c.call)).sort((a, b) => a.start - b.start);
      const ids = new Set(storyCalls.map((c) => c.sessionId));
      if (ids.size > 1)
        violations.push(
          violation(
            'schedule',
            `milestone ${key} used ${ids.size} sessions; its tasks share one conversation`,
          ),
        );
      storyCalls.forEach((call, i) => {
        if (call.resume !== undefined && call.resume !== i > 0) {
          violations.push(
            violation(
              'schedule',
              `milestone ${key}: launch ${call.seq} ${call.resume ? 'resumed' : 'started'} the conversation; only its first call starts it`,
            ),
          );
        }
      });
      const order = stories
        .filter((t) => firstStart(t) !== undefined)
        .sort((a, b) => firstStart(a)! - firstStart(b)!);
      const planned = [...order].sort(
        (a, b) => b.scenario.priority - a.scenario.priority || (a.row?.id ?? 0) - (b.row?.id ?? 0),
      );
      if (order.map((t) => t.key).join() !== planned.map((t) => t.key).join()) {
        violations.push(
          violation(
            'schedule',
            `milestone ${key} ran its tasks ${order.map((t) => t.key).join(', ')}, expected ${planned.map((t) => t.key).join(', ')}`,
          ),
        );
      }
    }
    if (limit === 1) {
      const free = [...witness.byTask.values()].filter(
        (t) =>
          t.scenario.dependsOn.length === 0 &&
          t.scenario.milestone === undefined &&
          firstStart(t) !== undefined,
      );
      const order = [...free].sort((a, b) => firstStart(a)! - firstStart(b)!);
      const planned = [...free].sort(
        (a, b) => b.scenario.priority - a.scenario.priority || (a.row?.id ?? 0) - (b.row?.id ?? 0),
      );
      if (order.map((t) => t.key).join() !== planned.map((t) => t.key).join()) {
        violations.push(
          violation(
            'schedule',
            `independent tasks started in the order ${order.map((t) => t.key).join(', ')}, by priority they start ${planned.map((t) => t.key).join(', ')}`,
          ),
        );
      }
    }
    return { checked: `${plural(calls.length, 'agent call')} at concurrency ${limit}`, violations };
  },
};
