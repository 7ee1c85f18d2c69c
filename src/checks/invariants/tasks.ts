import type { DecisionAction } from '../../core/index.js';
import type { AttemptContext } from '../context.js';
import { eachEventOf, taskLabel } from '../core-events.js';
import { plural } from '../text.js';
import { type Invariant, type Violation, violation } from './types.js';

/** What the invariants ask of one task's decisions, folded as they are read (no list per task). */
interface DecisionRun {
  /** Decisions in the task's last run. */
  count: number;
  /** Undefined while the run has made no decision. */
  last: DecisionAction | undefined;
  /** Every decision of the run was clarify on work that passed the gate. */
  allClarifyPassing: boolean;
}

/** The decisions of each task's LAST run (a task_start resets it: a retried task starts over). */
export function decisionsByTask(ctx: AttemptContext): Map<number, DecisionRun> {
  const byTask = new Map<number, DecisionRun>();
  for (const { event } of eachEventOf(ctx.coreEvents, ['task_start', 'decision'])) {
    if (event.type === 'task_start')
      byTask.set(event.taskId, { count: 0, last: undefined, allClarifyPassing: true });
    else if (event.type === 'decision') {
      // Truthy, as `every` read it: a passesGate that is not a boolean is judgement-complete's to report.
      const clarifyPassing = event.action === 'clarify' && Boolean(event.passesGate);
      const run = byTask.get(event.taskId);
      if (run) {
        run.count++;
        run.last = event.action;
        run.allClarifyPassing &&= clarifyPassing;
      } else byTask.set(event.taskId, { count: 1, last: event.action, allClarifyPassing: clarifyPassing });
    }
  }
  return byTask;
}

/**
 * 6. A completed task row has evidence (file_changes rows) or a final proceed decision; and, unless the
 * attempt was stopped, no task row is left running or pending.
 */
export const taskStatusConsistent: Invariant = {
  name: 'task-status-consistent',
  title: 'task status consistent with evidence',
  expected:
    'a completed task has file changes or ends with a proceed decision; no task left running or pending after a full attempt',
  findingKind: 'completion_without_evidence',
  severity: 'blocker',
  usesDatabase: true,
  check(ctx, db) {
    const rows = db
      .prepare(
        'SELECT t.id, t.status, (SELECT count(*) FROM file_changes f WHERE f.task_id = t.id) AS changes FROM tasks t ORDER BY t.id',
      )
      .all() as { id: number; status: string; changes: number }[];
    const decisions = decisionsByTask(ctx);
    const violations: Violation[] = [];
    for (const row of rows) {
      const last = decisions.get(row.id)?.last;
      if (row.status === 'completed' && row.changes === 0 && last !== 'proceed') {
        violations.push(
          violation(
            'completion_without_evidence',
            `${taskLabel(ctx, row.id)} is completed with no file change recorded and its last decision is ${last ?? 'none'}, not proceed`,
          ),
        );
      }
      if (!ctx.stopped && (row.status === 'running' || row.status === 'pending')) {
        violations.push(
          violation(
            'task_left_pending',
            `${taskLabel(ctx, row.id)} is left '${row.status}' after an attempt that was not stopped; it must end completed, failed, blocked or cancelled`,
          ),
        );
      }
    }
    return { checked: plural(rows.length, 'task row'), violations };
  },
};

const UNCLASSIFIED = new Set(['', 'unknown', 'undefined', 'null']);

/** 7. No task ended in an unexpected (unclassified) exception, and every error event has a kind. */
export const noUnclassifiedException: Invariant = {
  name: 'no-unclassified-exception',
  title: 'no iteration ended in an unclassified exception',
  expected: "no task_end with error kind 'unexpected'; every error event has a kind",
  findingKind: 'swallowed_exception',
  severity: 'blocker',
  usesDatabase: false,
  check(ctx) {
    const violations: Violation[] = [];
    let ends = 0;
    for (const { event } of eachEventOf(ctx.coreEvents, ['task_end'])) {
      ends++;
      if (event.error?.kind === 'unexpected') {
        violations.push(
          violation(
            'swallowed_exception',
            `${taskLabel(ctx, event.taskId)} ended with an unexpected exception: ${event.error.message.slice(0, 300)}`,
          ),
        );
      }
    }
    let errors = 0;
    for (const { event } of eachEventOf(ctx.coreEvents, ['error'])) {
      errors++;
      const kind = (event.error as { kind?: unknown } | undefined)?.kind;
      if (typeof kind !== 'string' || UNCLASSIFIED.has(kind.trim())) {
        violations.push(
          violation(
            'swallowed_exception',
            `the error event of ${taskLabel(ctx, event.taskId)} iteration ${event.iteration} has no kind (got ${JSON.stringify(kind) ?? 'nothing'}): ${event.error?.message?.slice(0, 300) ?? ''}`,
          ),
        );
      }
    }
    return {
      checked: `${plural(ends, 'task end')}, ${plural(errors, 'error event')}`,
      violations,
    };
  },
};

/** Iterations of clarify-only decisions that passed the gate, from which it is a loop. */
const LOOP_LENGTH = 3;

/**
 * 13. No task loops on clarify while its work passes the quality gate (3+ iterations, every decision
 * clarify, every one passing the gate): the decision engine cannot make up its mind on good work.
 */
export const noDecisionLoop: Invariant = {
  name: 'no-decision-loop',
  title: 'no clarify loop on work that passes the gate',
  expected: `no task has ${LOOP_LENGTH}+ iterations whose decisions are all clarify while all passed the quality gate`,
  findingKind: 'decision_loop',
  severity: 'major',
  usesDatabase: false,
  check(ctx) {
    const byTask = decisionsByTask(ctx);
    const violations: Violation[] = [];
    for (const [taskId, decisions] of byTask) {
      if (decisions.count >= LOOP_LENGTH && decisions.allClarifyPassing) {
        violations.push(
          violation(
            'decision_loop',
            `${taskLabel(ctx, taskId)} asked to clarify ${decisions.count} times in a row although every iteration passed the quality gate`,
          ),
        );
      }
    }
    return { checked: plural(byTask.size, 'task'), violations };
  },
};
