import type { OrchestratorContext } from './context.js';
import { executeTask } from './execute-task.js';
import type { HandOver } from './hand-over.js';
import type { ExecuteTaskResult } from './types.js';

export interface RunProjectOptions {
  /** Tasks calling the agent at once (a task that is done with the agent records while the next starts). @default 1 */
  concurrency?: number;
  signal?: AbortSignal;
  maxIterations?: number;
  /**
   * Keep every task's result for `RunProjectResult.results`. A caller that learns what happened from the
   * events and the store passes false, and the run holds nothing per task: the harness does, since a
   * 10,000-task attempt held 9.6 MB of results it never read (docs/PERFORMANCE.md, figure 3c).
   * @default true
   */
  keepResults?: boolean;
}

export interface RunProjectResult {
  /** Each task's result, in the order they ended (empty when `keepResults` is false). */
  results: ExecuteTaskResult[];
  /** Tasks that could not run because a dependency did not complete (their status is set to blocked). */
  blocked: number[];
}

/**
 * Runs a project's ready tasks in dependency order, with at most `concurrency` of them calling the agent
 * at a time; a task whose agent work is done records it while the next one starts (hand-over.ts). A task
 * whose dependency failed is marked blocked (never left pending). Stops starting tasks once `signal`
 * aborts.
 */
export async function runProject(
  ctx: OrchestratorContext,
  projectId: number,
  options: RunProjectOptions = {},
): Promise<RunProjectResult> {
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const keepResults = options.keepResults ?? true;
  const results: ExecuteTaskResult[] = [];
  const running = new Map<number, Promise<void>>();
  let failure: unknown;

  // Tasks that may still call the agent: what `concurrency` bounds.
  let calling = 0;

  /** Starts ready tasks into the free agent slots; resolves, per task, once it launched its first call. */
  const startReady = (): Promise<void>[] => {
    if (options.signal?.aborted || failure !== undefined || calling >= concurrency) return [];
    const launches: Promise<void>[] = [];
    // Only as many as there are free slots: the cost per scheduling step does not grow with the project.
    for (const task of ctx.store.tasks.readyTasks(projectId, { limit: concurrency - calling })) {
      if (running.has(task.id)) continue;
      calling++;
      let holdsSlot = true;
      const freeSlot = () => {
        if (!holdsSlot) return;
        holdsSlot = false;
        calling--;
      };
      let markLaunched = () => {};
      launches.push(
        new Promise<void>((resolve) => {
          markLaunched = resolve;
        }),
      );
      const handOver: HandOver = {
        launched: () => markLaunched(),
        lastCallEnded: async () => {
          freeSlot();
          await Promise.all(startReady());
        },
      };
      const promise = executeTask(ctx, task.id, {
        handOver,
        task,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.maxIterations === undefined ? {} : { maxIterations: options.maxIterations }),
      }).then(
        (result) => {
          if (keepResults) results.push(result);
        },
        (error: unknown) => {
          failure ??= error;
        },
      );
      running.set(
        task.id,
        promise.finally(() => {
          freeSlot();
          markLaunched();
          running.delete(task.id);
        }),
      );
    }
    return launches;
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
    // Not silent: walking gives the same answers, but every call then costs O(files).
    const fallback = tracker.fallbackReason();
    if (fallback !== undefined && ctx.config.evidenceTracking !== 'walk') {
      ctx.emit({ type: 'evidence_fallback', workspace: tracker.dir, reason: fallback });
    }
    ctx.evidence.release(tracker);
  }
  if (failure !== undefined) throw failure;

  const blocked: number[] = [];
  if (!options.signal?.aborted) {
    for (const task of ctx.store.tasks.listByProject(projectId, { status: 'pending' })) {
      ctx.store.tasks.setStatus(task.id, 'blocked', {
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
