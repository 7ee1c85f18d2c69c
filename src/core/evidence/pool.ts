import { createWorkspaceTracker, type WorkspaceTracker, type WorkspaceTrackerOptions } from './tracker.js';

/**
 * One tracker per workspace directory, shared by everything that runs in it at the same time (the
 * tasks of a project) and closed when the last user releases it. A project run acquires its workspace
 * once, so the initial scan happens once, not once per task.
 */
export interface TrackerPool {
  acquire(dir: string): WorkspaceTracker;
  release(tracker: WorkspaceTracker): void;
}

export function createTrackerPool(options: WorkspaceTrackerOptions): TrackerPool {
  const open = new Map<string, { tracker: WorkspaceTracker; users: number }>();
  return {
    acquire(dir) {
      const entry = open.get(dir);
      if (entry) {
        entry.users++;
        return entry.tracker;
      }
      const tracker = createWorkspaceTracker(dir, options);
      open.set(dir, { tracker, users: 1 });
      return tracker;
    },
    release(tracker) {
      const entry = open.get(tracker.dir);
      if (!entry || entry.tracker !== tracker) return;
      entry.users--;
      if (entry.users === 0) {
        open.delete(tracker.dir);
        tracker.close();
      }
    },
  };
}
