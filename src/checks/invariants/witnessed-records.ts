import { plural } from '../text.js';
import type { AttemptWitness, TaskWitness } from '../witness/attempt-witness.js';
import { CLOCK_SLACK_MS, ms } from '../witness/call-outcome.js';
import { nextTurnCap } from '../witness/core-spec.js';
import { type Invariant, type Violation, violation } from './types.js';
import { afterLock, iterationsOfTask, label, witnessOf } from './witness-context.js';
import { expectedEnd } from './witnessed-tasks.js';

interface MilestoneRow {
  id: number;
  project_id: number;
  name: string;
  description: string;
  status: string;
  created_at: string;
  completed_at: string | null;
}

/**
 * Each milestone row is the scenario's milestone (name, description, project), and its status follows
 * its tasks: pending until one of them calls the agent, active from then, completed (with completed_at
 * after its last call) once every one of them completed.
 */
export const milestonesMatchScenario: Invariant = {
  name: 'milestones-match-scenario',
  title: 'each milestone row is the scenario milestone, with the status its tasks give it',
  expected: 'milestone rows equal the scenario milestones; pending, active or completed as their tasks ran',
  findingKind: 'milestone_record',
  severity: 'blocker',
  usesDatabase: true,
  check(ctx, db) {
    const witness = witnessOf(ctx, db);
    const rows = new Map(
      (db.prepare('SELECT * FROM milestones').all() as MilestoneRow[]).map((row) => [row.id, row]),
    );
    const violations: Violation[] = [];
    for (const milestone of ctx.scenario.milestones) {
      const id = witness.sources.created.milestoneIds.get(milestone.id);
      const row = id === undefined ? undefined : rows.get(id);
      rows.delete(id ?? -1);
      if (!row) {
        violations.push(violation('milestone_record', `milestone ${milestone.id} has no row`));
        continue;
      }
      const stories = [...witness.byTask.values()].filter((t) => t.scenario.milestone === milestone.id);
      const called = stories.filter((t) => t.calls.length > 0);
      const lastEnd = Math.max(...called.flatMap((t) => t.calls.map((c) => c.call.end)), 0);
      const expected = stories.every((t) => t.row?.status === 'completed')
        ? 'completed'
        : called.length > 0
          ? 'active'
          : 'pending';
      const bad: string[] = [];
      if (row.name !== milestone.name) bad.push(`name is ${JSON.stringify(row.name)}`);
      if (row.description !== milestone.description)
        bad.push(`description is ${JSON.stringify(row.description)}`);
      if (row.project_id !== witness.sources.created.projectId) bad.push(`project_id is ${row.project_id}`);
      if (row.status !== expected) bad.push(`status is ${row.status}, its tasks make it ${expected}`);
      if ((row.status === 'completed') !== (row.completed_at !== null))
        bad.push(`completed_at is ${row.completed_at} for a ${row.status} milestone`);
      else if (row.completed_at !== null && ms(row.completed_at) < lastEnd - CLOCK_SLACK_MS)
        bad.push('completed_at is before its last call ended');
      if (bad.length > 0)
        violations.push(
          violation('milestone_record', `milestone ${milestone.id} (#${row.id}): ${bad.join('; ')}`),
        );
    }
    for (const row of rows.values())
      violations.push(
        violation(
          'milestone_record',
          `milestone row #${row.id} (${row.name}) is no milestone of the scenario`,
        ),
      );
    return { checked: plural(ctx.scenario.milestones.length, 'milestone'), violations };
  },
};

/** A breakpoint a task's witnessed calls call for: its kind, severity, what its reason must say, and when. */
interface ExpectedBreakpoint {
  kind: string;
  severity: string;
  says: string;
  /** Not recorded before this (epoch ms): the end of the call it is about. */
  after: number;
}

function expectedBreakpoints(
  ctx: Parameters<Invariant['check']>[0],
  witness: AttemptWitness,
  task: TaskWitness,
): ExpectedBreakpoint[] {
  const views = iterationsOfTask(ctx, witness, task);
  const expected: ExpectedBreakpoint[] = [];
  for (const view of views) {
    view.calls.forEach((timed, i) => {
      if (afterLock(ctx, timed.call.end) || timed.outcome.kind !== 'max-turns') return;
      const next = nextTurnCap(witness.spec, timed.call.maxTurns ?? 0, i);
      expected.push({
        kind: 'turn_cap',
        severity: next === undefined ? 'high' : 'low',
        says: `--max-turns ${timed.call.maxTurns}`,
        after: timed.call.end,
      });
    });
    const last = view.last;
    if (afterLock(ctx, last.call.end)) continue;
    const outcome = last.outcome;
    const after = last.call.end;
    if (outcome.kind === 'not-run' && outcome.errorSubtype !== 'agent_aborted')
      expected.push({
        kind: 'agent_error',
        severity: 'high',
        says: outcome.errorSubtype.replace(/^agent_/, ''),
        after,
      });
    if (outcome.kind === 'agent-error')
      expected.push({ kind: 'agent_error', severity: 'high', says: outcome.errorSubtype, after });
    if (outcome.kind === 'session-mismatch')
      expected.push({
        kind: 'session_mismatch',
        severity: 'critical',
        says: last.call.printed?.sessionId ?? '',
        after,
      });
    if (outcome.kind === 'judged' && last.row?.decision === 'escalate')
      expected.push({ kind: 'escalation', severity: 'high', says: String(last.row.confidence), after });
  }
  if (views.length > 0) {
    const end = expectedEnd(ctx, witness, task, views);
    const last = views.at(-1)!.last.call;
    if (end.status === 'max_iterations')
      expected.push({
        kind: 'max_iterations',
        severity: 'medium',
        says: `${views.length} iterations`,
        after: last.end,
      });
  }
  return expected;
}

interface BreakpointRow {
  id: number;
  project_id: number;
  task_id: number | null;
  kind: string;
  reason: string;
  severity: string;
  created_at: string;
  resolved_at: string | null;
  resolution: string | null;
}

/**
 * The breakpoints are the moments the witnessed calls call for (DESIGN.md section 4, the
 * BreakpointManager): a turn cap hit (low; high when the cap cannot rise), an agent that failed (high),
 * a reply for another session (critical), an escalation (high), a task out of iterations (medium); no
 * other, none resolved, each of its task and project, with a reason.
 */
export const breakpointsRecomputed: Invariant = {
  name: 'breakpoints-recomputed',
  title: 'the breakpoints are the ones the witnessed calls call for',
  expected:
    'one breakpoint per turn cap hit, agent failure, session mismatch, escalation and exhausted task, with its severity; no other',
  findingKind: 'breakpoint_record',
  severity: 'blocker',
  usesDatabase: true,
  check(ctx, db) {
    const witness = witnessOf(ctx, db);
    const rows = db.prepare('SELECT * FROM breakpoint_events ORDER BY id').all() as BreakpointRow[];
    const violations: Violation[] = [];
    for (const row of rows) {
      const bad: string[] = [];
      if (row.project_id !== witness.sources.created.projectId) bad.push(`project_id is ${row.project_id}`);
      if (row.resolved_at !== null || row.resolution !== null) bad.push('it is resolved');
      if (row.reason.trim() === '') bad.push('it has no reason');
      if (bad.length > 0)
        violations.push(
          violation('breakpoint_record', `breakpoint ${row.id} (${row.kind}): ${bad.join('; ')}`),
        );
    }
    for (const [taskId, task] of witness.byTask) {
      const expected = expectedBreakpoints(ctx, witness, task);
      const recorded = rows.filter((r) => r.task_id === taskId);
      const key = (b: { kind: string; severity: string }) => `${b.kind}/${b.severity}`;
      if (expected.map(key).sort().join() !== recorded.map(key).sort().join()) {
        violations.push(
          violation(
            'breakpoint_record',
            `${label(task, taskId)} has breakpoints [${recorded.map(key).join(', ')}], its calls call for [${expected.map(key).join(', ')}]`,
          ),
        );
        continue;
      }
      // Matched in order per kind: each says what happened, and was recorded once it had.
      const pending = [...expected];
      for (const row of recorded) {
        const at = pending.findIndex((b) => key(b) === key(row));
        const want = pending.splice(at, 1)[0]!;
        if (!row.reason.includes(want.says)) {
          violations.push(
            violation(
              'breakpoint_record',
              `breakpoint ${row.id} (${row.kind}) of ${label(task, taskId)} does not say ${JSON.stringify(want.says)}: ${JSON.stringify(row.reason.slice(0, 120))}`,
            ),
          );
        }
        if (ms(row.created_at) < want.after - CLOCK_SLACK_MS) {
          violations.push(
            violation(
              'breakpoint_record',
              `breakpoint ${row.id} (${row.kind}) of ${label(task, taskId)} was recorded before the call it is about ended`,
            ),
          );
        }
      }
    }
    const orphans = rows.filter((r) => r.task_id === null || !witness.byTask.has(r.task_id));
    for (const row of orphans)
      violations.push(
        violation(
          'breakpoint_record',
          `breakpoint ${row.id} (${row.kind}) belongs to no task of the scenario`,
        ),
      );
    return { checked: plural(rows.length, 'breakpoint'), violations };
  },
};

/**
 * The attempt's project row is the scenario's (name, description, the attempt's workspace, active,
 * `{scenario, attempt}` metadata), the only one; the tables the orchestrator never writes (checkpoints)
 * stay empty.
 */
export const projectMatchesScenario: Invariant = {
  name: 'project-matches-scenario',
  title: 'the project row is the scenario, and nothing else was written',
  expected: "one project row equal to the scenario's, in the attempt's workspace; no checkpoints",
  findingKind: 'project_record',
  severity: 'blocker',
  usesDatabase: true,
  check(ctx, db) {
    const witness = witnessOf(ctx, db);
    const rows = db.prepare('SELECT * FROM projects').all() as {
      id: number;
      name: string;
      description: string;
      working_directory: string;
      status: string;
      metadata: string;
      deleted_at: string | null;
    }[];
    const violations: Violation[] = [];
    const attempt = Number(/#(\d+)$/.exec(ctx.attemptId)?.[1] ?? Number.NaN);
    for (const row of rows) {
      const bad: string[] = [];
      if (row.id !== witness.sources.created.projectId) bad.push('it is not the project the harness created');
      if (row.name !== ctx.scenario.name) bad.push(`name is ${JSON.stringify(row.name)}`);
      if (row.description !== (ctx.scenario.description ?? ''))
        bad.push("its description is not the scenario's");
      if (row.working_directory !== ctx.workspace) bad.push(`working_directory is ${row.working_directory}`);
      if (row.status !== 'active' || row.deleted_at !== null)
        bad.push(`it is ${row.status}${row.deleted_at ? ', deleted' : ''}`);
      const metadata = JSON.parse(row.metadata) as { scenario?: unknown; attempt?: unknown };
      if (
        metadata.scenario !== ctx.scenario.name ||
        (!Number.isNaN(attempt) && metadata.attempt !== attempt)
      ) {
        bad.push(`metadata is ${row.metadata}`);
      }
      if (bad.length > 0)
        violations.push(violation('project_record', `project ${row.id}: ${bad.join('; ')}`));
    }
    if (rows.length !== 1)
      violations.push(
        violation('project_record', `${plural(rows.length, 'project row')}; the attempt has one project`),
      );
    const checkpoints = (db.prepare('SELECT count(*) AS n FROM checkpoints').get() as { n: number }).n;
    if (checkpoints > 0)
      violations.push(
        violation(
          'project_record',
          `${plural(checkpoints, 'checkpoint')} written; the orchestrator writes none`,
        ),
      );
    return { checked: plural(rows.length, 'project row'), violations };
  },
};
