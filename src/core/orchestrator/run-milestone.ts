import type { WorkspaceTracker } from '../evidence/index.js';
import type { OrchestratorContext } from './context.js';
import { executeTask } from './execute-task.js';
import { closeSession, openSession } from './session.js';
import type { ExecuteTaskResult } from './types.js';

export interface RunMilestoneOptions {
  signal?: AbortSignal;
  maxIterations?: number;
}

export interface RunMilestoneResult {
  sessionId: string;
  results: ExecuteTaskResult[];
}

/**
 * Runs a milestone's tasks in order (dependencies first, then priority and id) in ONE agent
 * conversation: the first call starts it with --session-id, every later call continues it with
 * --resume. The session is opened before the first call and closed in `finally`. The milestone is
 * active while it runs and completed once every task of it is. Stops at the first task that does not
 * complete.
 */
export async function runMilestone(
  ctx: OrchestratorContext,
  milestoneId: number,
  options: RunMilestoneOptions = {},
): Promise<RunMilestoneResult> {
  const milestone = ctx.store.milestones.get(milestoneId);
  if (milestone.status === 'pending') ctx.store.milestones.update(milestoneId, { status: 'active' });
  const session = openSession(ctx, { projectId: milestone.projectId, taskId: null, milestoneId }, true);
  const results: ExecuteTaskResult[] = [];
  let closing: { status: 'completed' } | { status: 'abandoned'; reason: string } = {
    status: 'abandoned',
    reason: 'the milestone did not finish',
  };
  // Held for the whole milestone, so its tasks share one workspace tracker.
  let tracker: WorkspaceTracker | undefined;
  try {
    tracker = ctx.evidence.acquire(ctx.store.projects.get(milestone.projectId).workingDirectory);
    for (;;) {
      const next = ctx.store.tasks.readyTasks(milestone.projectId).find((t) => t.milestoneId === milestoneId);
      if (!next) break;
      const result = await executeTask(ctx, next.id, {
        session,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.maxIterations === undefined ? {} : { maxIterations: options.maxIterations }),
      });
      results.push(result);
      if (result.status !== 'completed') break;
    }
    const allDone = ctx.store.tasks
      .listByProject(milestone.projectId, { milestoneId })
      .every((t) => t.status === 'completed');
    if (allDone) ctx.store.milestones.complete(milestoneId);
    closing = allDone
      ? { status: 'completed' }
      : { status: 'abandoned', reason: 'a task of the milestone did not complete' };
  } finally {
    closeSession(ctx, session, null, closing);
    if (tracker) ctx.evidence.release(tracker);
  }
  return { sessionId: session.id, results };
}
