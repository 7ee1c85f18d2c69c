import type { AttemptContext } from '../context.js';
import type { ReadOnlyDb } from '../sqlite.js';
import { type AttemptWitness, attemptWitness, type TaskWitness } from '../witness/attempt-witness.js';
import { type IterationView, timelineOf } from '../witness/timeline.js';
import { CannotJudge } from './types.js';

/** The attempt's witness for an invariant; CannotJudge when the launch record is incomplete. */
export function witnessOf(ctx: AttemptContext, db: ReadOnlyDb): AttemptWitness {
  const witness = attemptWitness(ctx, ctx.witness, db);
  if (ctx.witness.writeError !== undefined) {
    throw new CannotJudge(`the launch record could not be written (${ctx.witness.writeError})`);
  }
  return witness;
}

const timelines = new WeakMap<TaskWitness, IterationView[]>();

/** A task's witnessed iterations (computed once per attempt). */
export function iterationsOfTask(
  ctx: AttemptContext,
  witness: AttemptWitness,
  task: TaskWitness,
): IterationView[] {
  let views = timelines.get(task);
  if (!views) {
    views = timelineOf(witness, task, {
      agentKind: ctx.agentKind,
      agent: ctx.scenario.agent as { kind: string; result?: string },
      stopped: ctx.stopped,
    });
    timelines.set(task, views);
  }
  return views;
}

/** `task calc (#3)` */
export const label = (task: TaskWitness, id: number): string => `task ${task.key} (#${id})`;

/** A call ended after the harness locked the store (store.locked_from): its records could not be written. */
export const afterLock = (ctx: AttemptContext, end: number): boolean =>
  ctx.witness.storeLockedAt !== undefined && end >= ctx.witness.storeLockedAt;
