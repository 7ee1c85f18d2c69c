import { eachEventOf, taskLabel } from '../core-events.js';
import { plural } from '../text.js';
import { type Invariant, type Violation, violation } from './types.js';

const isScore = (value: unknown): boolean =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;

/**
 * 14. Every judged agent call carries the whole verdict: its decision event has a boolean passesGate and
 * 0-1 quality and confidence scores, and its interaction row has quality_score, passes_gate and
 * confidence filled. A verdict field that reads undefined is the original's `.gate` / `passes_gate`
 * mix-up: the gate silently "fails" (or passes) whatever the quality was.
 */
export const judgementComplete: Invariant = {
  name: 'judgement-complete',
  title: 'every decision carries the whole quality verdict',
  expected:
    'each decision has passesGate (boolean), qualityScore and confidence (0-1); each interaction with a decision has quality_score, passes_gate and confidence',
  findingKind: 'quality_mismatch',
  severity: 'blocker',
  usesDatabase: true,
  check(ctx, db) {
    const violations: Violation[] = [];
    let decisions = 0;
    for (const { event } of eachEventOf(ctx.coreEvents, ['decision'])) {
      decisions++;
      const bad: string[] = [];
      if (typeof event.passesGate !== 'boolean')
        bad.push(`passesGate is ${JSON.stringify(event.passesGate) ?? 'undefined'}`);
      if (!isScore(event.qualityScore)) bad.push(`qualityScore is ${String(event.qualityScore)}`);
      if (!isScore(event.confidence)) bad.push(`confidence is ${String(event.confidence)}`);
      if (bad.length > 0) {
        violations.push(
          violation(
            'quality_mismatch',
            `the decision of ${taskLabel(ctx, event.taskId)} iteration ${event.iteration} (${event.action}) has ${bad.join(', ')}; the quality verdict was read through a field it does not have`,
          ),
        );
      }
    }
    const rows = db
      .prepare(
        `SELECT id, task_id, iteration, decision FROM interactions
         WHERE decision IS NOT NULL AND (quality_score IS NULL OR passes_gate IS NULL OR confidence IS NULL)
         ORDER BY id`,
      )
      .all() as { id: number; task_id: number; iteration: number; decision: string }[];
    for (const row of rows) {
      violations.push(
        violation(
          'quality_mismatch',
          `interaction ${row.id} (${taskLabel(ctx, row.task_id)} iteration ${row.iteration}) has decision ${row.decision} but no quality_score, passes_gate or confidence`,
        ),
      );
    }
    return { checked: plural(decisions, 'decision'), violations };
  },
};

const ENDED = ['completed', 'failed', 'blocked', 'cancelled'];

/**
 * 15. Every task that ended has its result stored as an object whose `status` says how it ended (a
 * bool, a string or nothing where the result object belongs is the original's "bool where a dict was
 * expected": whoever reads the result later breaks).
 */
export const taskResultRecorded: Invariant = {
  name: 'task-result-recorded',
  title: 'every ended task has its result object',
  expected: 'tasks that ended have a result JSON object with a string status and reason',
  findingKind: 'type_mismatch',
  severity: 'blocker',
  usesDatabase: true,
  check(ctx, db) {
    const rows = db
      .prepare(
        `SELECT id, status, result FROM tasks WHERE status IN (${ENDED.map(() => '?').join(', ')}) ORDER BY id`,
      )
      .all(...ENDED) as { id: number; status: string; result: string | null }[];
    const violations: Violation[] = [];
    for (const row of rows) {
      let value: unknown;
      try {
        value = row.result === null ? null : JSON.parse(row.result);
      } catch {
        value = row.result;
      }
      const record =
        typeof value === 'object' && value !== null && !Array.isArray(value)
          ? (value as Record<string, unknown>)
          : undefined;
      if (!record || typeof record.status !== 'string' || typeof record.reason !== 'string') {
        const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
        violations.push(
          violation(
            'type_mismatch',
            `${taskLabel(ctx, row.id)} is ${row.status} but its result is ${record ? 'an object without status and reason' : got} (${JSON.stringify(value)?.slice(0, 80)}); expected {status, reason, ...}`,
          ),
        );
      }
    }
    return { checked: plural(rows.length, 'ended task'), violations };
  },
};
