import type { Task } from '../store/index.js';
import type { DecisionAction } from '../validation/index.js';
import type { ClassifiedError, TaskRunStatus } from './events.js';
import type { HandOver } from './hand-over.js';
import type { SessionHandle } from './session.js';
import type { UsageTotals } from './usage.js';

export interface ExecuteTaskOptions {
  /** Overrides the task's metadata.maxIterations and config.maxIterations. */
  maxIterations?: number;
  /** Stops the task: the running agent's process group is killed, the status is 'stopped'. */
  signal?: AbortSignal;
  /** A conversation shared with other tasks (a milestone's stories); executeTask neither opens nor closes it. */
  session?: SessionHandle;
  /** Set by runProject: the task tells it when its agent work is done, so the next task can start. */
  handOver?: HandOver;
  /**
   * The task's row as the caller just read it in the same tick (runProject: from the ready query), so
   * it is not read again. Must be the row of the task id given.
   */
  task?: Task;
}

export interface IterationSummary {
  iteration: number;
  sessionId: string;
  /** Agent calls in this iteration (more than one when the turn cap was hit and the call resumed). */
  calls: number;
  decision?: DecisionAction;
  qualityScore?: number;
  confidence?: number;
  changedFiles: string[];
  error?: ClassifiedError;
}

export interface ExecuteTaskResult {
  taskId: number;
  status: TaskRunStatus;
  outcome: { reason: string; decision?: DecisionAction; error?: ClassifiedError };
  iterations: IterationSummary[];
  /** Every session id used, in order (one per iteration unless shared). */
  sessionIds: string[];
  usage: UsageTotals;
  durationMs: number;
}
