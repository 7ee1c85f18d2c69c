import type { Task } from '../store/index.js';
import type { OrchestratorContext } from './context.js';
import { executeTask } from './execute-task.js';
import type { HandOver } from './hand-over.js';
import { runMilestone } from './run-milestone.js';
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
 * at a time; a task whose agent work is done records it while the next one starts (hand-over.ts). A
 * milestone runs as one unit (runMilestone: its stories in order, in one conversation) once its first
 * story is ready, holding one slot until it ends. A task whose dependency failed, and a story its
 * milestone stopped before, is marked blocked (never left pending). Stops starting tasks once `signal`
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
  // Milestones run as units: their stories are not started one by one. Without milestones the ready
  // query asks for the free slots only (its cost does not grow with the project); with them it must
  // see past the stories of a milestone already started.
  const hasMilestones = ctx.store.milestones.listByProject(projectId).length > 0;
  const startedMilestones = new Set<number>();

  /** Starts ready tasks into the free agent slots; resolves, per task, once it launched its first call. */
  const startReady = (): Promise<void>[] => {
    if (options.signal?.aborted || failure !== undefined || calling >= concurrency) return [];
    const launches: Promise<void>[] = [];
    // Only as many as there are free slots: the cost per scheduling step does not grow with the project.
    const ready = ctx.store.tasks.readyTasks(
      projectId,
      hasMilestones ? {} : { limit: concurrency - calling },
    );
    for (const task of ready) {
      if (calling >= concurrency) break;
      if (running.has(task.id)) continue;
      if (task.milestoneId !== null) {
        if (!startedMilestones.has(task.milestoneId)) startMilestone(task.milestoneId);
        continue;
      }
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

  /** A milestone's stories, in one conversation, as one unit holding one slot until it ends. */
  const startMilestone = (milestoneId: number) => {
    startedMilestones.add(milestoneId);
    calling++;
    const key = -milestoneId;
    const promise = runMilestone(ctx, milestoneId, {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.maxIterations === undefined ? {} : { maxIterations: options.maxIterations }),
    }).then(
      (result) => {
        if (keepResults) results.push(...result.results);
      },
      (error: unknown) => {
        failure ??= error;
      },
    );
    running.set(
      key,
      promise.finally(() => {
        calling--;
        running.delete(key);
      }),
    );
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
        result: { status: 'blocked', reason: blockedReason(task, startedMilestones) },
      });
      blocked.push(task.id);
    }
  }
  return { results, blocked };
}

/** Why a task never ran: a dependency that did not complete, or its milestone stopped before it. */
function blockedReason(task: Task, startedMilestones: ReadonlySet<number>): string {
  if (task.milestoneId !== null && startedMilestones.has(task.milestoneId)) {
    return `milestone ${task.milestoneId} stopped before this task: an earlier task of it did not complete`;
  }
  return `a dependency did not complete (depends on ${task.dependencies.join(', ')})`;
}
