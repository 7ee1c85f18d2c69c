import type { RunEvent } from '../../events/index.js';
import type { RunReport } from '../../report/index.js';
import { readinessSummary } from '../summary/readiness-summary.js';
import { createLiveFrames, type LiveViewOptions } from './live-frames.js';
import type { LiveState } from './live-store.js';

export { frameRate, type LiveViewOptions } from './live-frames.js';

/** What the live reporter drives. */
export interface LiveViewController {
  /** Folds an event into the state: O(1), never renders by itself. */
  onEvent(event: RunEvent): void;
  /** Draws the readiness summary as the last frame, then unmounts. */
  finish(report: RunReport, context: { runDir: string; files?: readonly string[] }): Promise<void>;
  /** Unmounts now (idempotent): the run failed, or is over. Restores the terminal. */
  dispose(): void;
  /** Settles once React and Ink are loaded (loading starts at run_begin, or as the view's worker thread starts; frames wait for it). */
  ready(): Promise<void>;
  /** Frames drawn so far. */
  readonly renders: number;
  readonly state: LiveState;
}

/** The summary a live view draws last, made on the thread that has the report. */
export function liveSummary(
  report: RunReport,
  context: { runDir: string; files?: readonly string[] },
  cwd: string | undefined,
) {
  return readinessSummary(report, {
    runDir: context.runDir,
    ...(context.files ? { files: context.files } : {}),
    ...(cwd ? { cwd } : {}),
  });
}

/**
 * The live view of a run, drawn in the calling thread (live-frames.ts): events update a plain store, a
 * timer draws at most `fps` frames per second, and finish draws the readiness summary of the report.
 */
export function createLiveView(options: LiveViewOptions = {}): LiveViewController {
  const frames = createLiveFrames(options);
  return {
    state: frames.state,
    get renders() {
      return frames.renders;
    },
    ready: () => frames.ready(),
    onEvent: (event) => frames.onEvent(event),
    finish: (report, context) => frames.finish(liveSummary(report, context, options.cwd)),
    dispose: () => frames.dispose(),
  };
}
