import { plural } from '../text.js';
import { CLOCK_SLACK_MS, ms } from '../witness/call-outcome.js';
import type { WitnessedChange } from '../witness/workspace-walk.js';
import { type Invariant, type Violation, violation } from './types.js';
import { iterationsOfTask, label, witnessOf } from './witness-context.js';

interface FileChangeRow {
  id: number;
  task_id: number;
  interaction_id: number | null;
  path: string;
  change_type: string;
  hash_before: string | null;
  hash_after: string | null;
  created_at: string;
}

const typeOf = (c: Pick<WitnessedChange, 'before' | 'after'>) =>
  c.before === null ? 'created' : c.after === null ? 'deleted' : 'modified';

const brief = (c: { path: string; before: string | null; after: string | null }) =>
  `${c.path} ${typeOf(c)} ${(c.before ?? '∅').slice(0, 8)}→${(c.after ?? '∅').slice(0, 8)}`;

/**
 * The evidence of work is the agent's own work, as the harness saw the workspace: the file_changes rows
 * of each judged call are exactly the files the harness's own walks saw change during its iteration
 * (same paths, change types and hashes), leaving out only the configured ignored names; no row names a
 * file the orchestrator or the harness writes (its store and the store's -wal/-shm/-journal, the agent's
 * logs and homes), wherever it lives; each row's type agrees with its hashes and its task with its
 * interaction's.
 */
export const fileChangesMatchWorkspace: Invariant = {
  name: 'file-changes-match-workspace',
  title: "evidence is the agent's own work in the workspace",
  expected:
    "the file changes of each judged call are the files the harness saw the agent change (paths, types, hashes); none is the orchestrator's own file",
  findingKind: 'evidence_mismatch',
  severity: 'blocker',
  usesDatabase: true,
  check(ctx, db) {
    const witness = witnessOf(ctx, db);
    const rows = db
      .prepare(
        'SELECT id, task_id, interaction_id, path, change_type, hash_before, hash_after, created_at FROM file_changes ORDER BY id',
      )
      .all() as FileChangeRow[];
    const violations: Violation[] = [];
    const interactionTask = new Map(witness.interactions.map((i) => [i.id, i.task_id]));
    for (const row of rows) {
      const bad: string[] = [];
      if (witness.isNotWork(row.path)) bad.push("it is the orchestrator's own file, not the agent's work");
      if (witness.isIgnored(row.path)) bad.push('its name is ignored as evidence (evidence_ignore)');
      if (row.change_type !== typeOf({ before: row.hash_before, after: row.hash_after })) {
        bad.push(
          `change_type ${row.change_type} does not fit hash_before ${row.hash_before} and hash_after ${row.hash_after}`,
        );
      }
      if (row.interaction_id !== null && interactionTask.get(row.interaction_id) !== row.task_id) {
        bad.push(`its interaction ${row.interaction_id} is of another task`);
      }
      if (bad.length > 0) {
        violations.push(
          violation('evidence_mismatch', `file change ${row.id} (${row.path}): ${bad.join('; ')}`),
        );
      }
    }
    const byInteraction = new Map<number, FileChangeRow[]>();
    for (const row of rows) {
      if (row.interaction_id === null) continue;
      const list = byInteraction.get(row.interaction_id) ?? [];
      list.push(row);
      byInteraction.set(row.interaction_id, list);
    }
    let compared = 0;
    for (const [taskId, task] of witness.byTask) {
      for (const view of iterationsOfTask(ctx, witness, task)) {
        for (const timed of view.calls) {
          const row = timed.row;
          if (!row) continue;
          const recorded = (byInteraction.get(row.id) ?? [])
            .map((r) => brief({ path: r.path, before: r.hash_before, after: r.hash_after }))
            .sort();
          const judged = timed === view.last && row.decision !== null;
          if (!judged) {
            if (recorded.length > 0) {
              violations.push(
                violation(
                  'evidence_mismatch',
                  `interaction ${row.id} (${label(task, taskId)} iteration ${view.number}) was not judged but has file changes: ${recorded.join(', ')}`,
                ),
              );
            }
            continue;
          }
          for (const change of byInteraction.get(row.id) ?? []) {
            if (ms(change.created_at) < timed.call.end - CLOCK_SLACK_MS) {
              violations.push(
                violation(
                  'evidence_mismatch',
                  `file change ${change.id} (${change.path}) was recorded before its call ended`,
                ),
              );
            }
          }
          if (view.changes === undefined) continue;
          compared++;
          const seen = view.changes
            .filter((c) => !witness.isIgnored(c.path) && !witness.isNotWork(c.path))
            .map(brief)
            .sort();
          const missing = seen.filter((c) => !recorded.includes(c));
          const extra = recorded.filter((c) => !seen.includes(c));
          if (missing.length > 0 || extra.length > 0) {
            violations.push(
              violation(
                'evidence_mismatch',
                `interaction ${row.id} (${label(task, taskId)} iteration ${view.number}) records ${recorded.length > 0 ? recorded.join(', ') : 'no change'}, the harness saw ${seen.length > 0 ? seen.join(', ') : 'no change'}`,
              ),
            );
          }
        }
      }
    }
    // Tasks at once: who changed what cannot be told call by call, but every recorded change must be one
    // the harness saw some agent call make, and every change an agent call made must be recorded.
    if (ctx.witness.concurrency > 1 && ctx.witness.walkStopped === undefined) {
      const seen = new Set(
        witness.launches
          .filter((l) => l.role === 'agent')
          .flatMap((l) => l.changes ?? [])
          .filter((c) => !witness.isIgnored(c.path) && !witness.isNotWork(c.path))
          .map((c) => `${c.path} → ${c.after ?? 'deleted'}`),
      );
      const recorded = new Set(rows.map((r) => `${r.path} → ${r.hash_after ?? 'deleted'}`));
      const judgedTasks = new Set(
        witness.interactions.filter((i) => i.decision !== null).map((i) => i.task_id),
      );
      for (const change of recorded) {
        if (!seen.has(change))
          violations.push(
            violation('evidence_mismatch', `a file change ${change} no agent call was seen making`),
          );
      }
      if (judgedTasks.size > 0) {
        for (const change of seen) {
          if (!recorded.has(change))
            violations.push(
              violation('evidence_mismatch', `the agents changed ${change}, which no file change records`),
            );
        }
      }
    }
    const stopped = ctx.witness.walkStopped ? `; ${ctx.witness.walkStopped}` : '';
    return {
      checked: `${plural(rows.length, 'file change')}, ${plural(compared, 'judged call')} compared with the harness's walks${stopped}`,
      violations,
    };
  },
};
