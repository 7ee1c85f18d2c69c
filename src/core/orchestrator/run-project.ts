import type { OrchestratorContext } from './context.js';
import { executeTask } from './execute-task.js';
import type { ExecuteTaskResult } from './types.js';

export interface RunProjectOptions {
  /** Tasks run at once. @default 1 */
  concurrency?: number;
  signal?: AbortSignal;
  maxIterations?: number;
}

export interface RunProjectResult {
  results: ExecuteTaskResult[];
  /** Tasks that could not run because a dependency did not complete (their status is set to blocked). */
  blocked: number[];
}

/**
 * Runs a project's ready tasks in dependency order, `concurrency` at a time. A task whose dependency
 * failed is marked blocked (never left pending). Stops starting tasks once `signal` aborts.
 */
export async function runProject(
  ctx: OrchestratorContext,
  projectId: number,
  options: RunProjectOptions = {},
): Promise<RunProjectResult> {
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const results: ExecuteTaskResult[] = [];
  const running = new Map<number, Promise<void>>();
  let failure: unknown;

  const startReady = () => {
    if (options.signal?.aborted || failure !== undefined || running.size >= concurrency) return;
    // Only as many as there are free slots: the cost per scheduling step does not grow with the project.
    for (const task of ctx.store.tasks.readyTasks(projectId, { limit: concurrency - running.size })) {
      if (running.has(task.id)) continue;
      const promise = executeTask(ctx, task.id, {
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.maxIterations === undefined ? {} : { maxIterations: options.maxIterations }),
      }).then(
        (result) => {
          results.push(result);
        },
        (error: unknown) => {
          failure ??= error;
        },
      );
      running.set(
        task.id,
        promise.finally(() => running.delete(task.id)),
      );
    }
  };

  // Held for the whole run, so the tasks share one workspace tracker (one initial scan, not one per task).
  const tracker = ctx.evidence.acquire(ctx.store.projects.get(projectId).workingDirectory);
  try {
    startReady();
    while (running.size > 0) {
      await Promise.race(running.values());
      startReady();
    }
  } finally {
    ctx.evidence.release(tracker);
  }
  if (failure !== undefined) throw failure;

  const blocked: number[] = [];
  if (!options.signal?.aborted) {
    for (const task of ctx.store.tasks.listByProject(projectId, { status: 'pending' })) {
      ctx.store.tasks.updateStatus(task.id, 'blocked', {
        result: {
          status: 'blocked',
          reason: `a dependency did not complete (depends on ${task.dependencies.join(', ')})`,
        },
      });
      blocked.push(task.id);
    }
  }
  return { results, blocked };
}
