import type { PlannedScenario } from '../../events/index.js';
import type { FinishedAttempt, LiveState } from './live-store.js';

/**
 * The live state as the run's main thread posts it to the view's worker: everything, except that of
 * the two arrays that only grow or are set once, it carries only what the worker does not have yet.
 * A run's thousands of events are folded on the main thread (which needs the state anyway); the worker
 * gets a few of these a second instead of every event, each cloned on both threads (docs/PERFORMANCE.md,
 * figure 8).
 */
export interface LiveStateUpdate {
  state: Omit<LiveState, 'finished' | 'scenarios'>;
  /** Attempts that ended since the last update, in order. */
  finished: FinishedAttempt[];
  /** Set when the planned scenarios changed since the last update (at run_begin). */
  scenarios?: PlannedScenario[];
}

/** What the worker already has: kept by the sender, one per view. */
export interface LiveSyncCursor {
  finished: number;
  scenarios: PlannedScenario[] | undefined;
}

export function newSyncCursor(): LiveSyncCursor {
  return { finished: 0, scenarios: undefined };
}

/**
 * The update that brings a copy of `state` made from the updates before up to date, and moves the
 * cursor. The update shares `state`'s maps: post it at once (postMessage clones it then).
 */
export function takeUpdate(state: LiveState, cursor: LiveSyncCursor): LiveStateUpdate {
  const { finished, scenarios, ...rest } = state;
  const update: LiveStateUpdate = { state: rest, finished: finished.slice(cursor.finished) };
  if (scenarios !== cursor.scenarios) update.scenarios = scenarios;
  cursor.finished = finished.length;
  cursor.scenarios = scenarios;
  return update;
}

/** Applies an update (a clone of what takeUpdate returned) to the worker's copy, in place. */
export function applyUpdate(state: LiveState, update: LiveStateUpdate): void {
  // The optional fields (concurrency, ended) are absent from the update until the sender sets them,
  // and never unset after.
  Object.assign(state, update.state);
  for (const attempt of update.finished) state.finished.push(attempt);
  if (update.scenarios) state.scenarios = update.scenarios;
}
