export { type CommandRuntime, runEvidenceChecks } from './checks.js';
export { createTrackerPool, type TrackerPool } from './pool.js';
export {
  type FileStamp,
  snapshotWorkspace,
  type WorkspaceChange,
  type WorkspaceSnapshot,
} from './snapshot.js';
export {
  type ChangeMark,
  createWorkspaceTracker,
  type WorkspaceTracker,
  type WorkspaceTrackerOptions,
} from './tracker.js';
