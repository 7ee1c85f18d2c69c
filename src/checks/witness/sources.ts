import type { WorkspaceWalk } from './workspace-walk.js';

/**
 * Where an attempt's witnesses are: what the harness recorded from outside the core while the attempt
 * ran (the runner fills this in, through launch-witness.ts). Nothing here was written by the orchestrator.
 */
export interface AttemptWitnessSources {
  /** attempts/<scenario>-<n>/launches.jsonl: every process the orchestrator started. */
  launches: string;
  /** The model server's request log, when a model server ran. */
  wire?: string;
  /** The workspace as the harness walked it before the agent started, and after the orchestrator stopped. */
  initial: WorkspaceWalk;
  final: WorkspaceWalk;
  /** Why the workspace was not walked at every call (too many files). */
  walkStopped?: string;
  /** Why the launch record is incomplete (a write failed). */
  writeError?: string;
  /** What the harness itself created in the store before the orchestrator ran. */
  created: {
    projectId: number;
    taskIds: ReadonlyMap<string, number>;
    milestoneIds: ReadonlyMap<string, number>;
  };
  /** Absolute paths the orchestrator or the harness write (the store's files, the agent's logs and homes). */
  notWork: readonly string[];
  /** The scenario's orchestrator config as given to the core (camelCase keys). */
  config: Record<string, unknown>;
  /** When the harness took the store's write lock (scenario store.locked_from), epoch ms. */
  storeLockedAt?: number;
  /** The concurrency the attempt's tasks ran with. */
  concurrency: number;
}
