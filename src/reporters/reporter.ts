import type { RunEvent } from '../events/index.js';
import type { RunReport } from '../report/index.js';

export type RunBeginEvent = Extract<RunEvent, { type: 'run_begin' }>;

/** What onEnd gets besides the report. */
export interface ReporterEndContext {
  /** Absolute run directory (reports/<run-id>): events.jsonl is here; file outputs default here. */
  runDir: string;
}

/**
 * A reporter: every hook is optional. Reporters see read-only data (events and the report), never
 * runner state, so the same reporter runs live during a run and replayed from events.jsonl by
 * `obra-validate report`, with the same output.
 *
 * Call order (the multiplexer guarantees it, live and replayed):
 * 1. `onBegin(runBegin)`: once, with the run_begin event, before anything else.
 * 2. `onEvent(event)`: every event of the log in order, run_begin first and run_end last (also core
 *    events: keep per-event work small).
 * 3. `onEnd(report, { runDir })`: once, after run_end, with the report built from those events (and
 *    the baseline comparison attached, when the run has one). File reporters write here.
 * 4. `dispose()`: once the run is over, whatever happened (called by the CLI, not the multiplexer).
 *
 * A hook that throws does not stop the run nor the other reporters: the multiplexer turns it into a
 * `reporter_error` finding and a non-zero exit.
 */
export interface Reporter {
  /** The reporter's name in `--reporter` (used in reporter_error findings). */
  readonly name: string;
  /** True when it writes to stdout (then the CLI does not print its own summary). */
  readonly printsToStdio?: boolean;
  onBegin?(event: RunBeginEvent): void;
  onEvent?(event: RunEvent): void;
  onEnd?(report: RunReport, context: ReporterEndContext): void | Promise<void>;
  /**
   * Releases what the reporter holds (a terminal, a timer). The CLI calls it once the run is over,
   * after onEnd or instead of it when the run threw; must be idempotent.
   */
  dispose?(): void;
}
