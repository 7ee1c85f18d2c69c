import type { Summary } from './stats.js';

/** A target: the figure must be at most (`<=`) or at least (`>=`) `value`. */
export interface Target {
  op: '<=' | '>=';
  value: number;
}

/** One row of the benchmark table (and of bench/results.json). */
export interface FigureResult {
  /** Issue numbering: "1", "3b", ... */
  id: string;
  name: string;
  /** "x" for ratios, "MB", "replies/s", ... */
  unit: string;
  /** Absent when the figure was not measured (see `note`). */
  summary?: Summary;
  target?: Target;
  /** Whether the median meets the target; absent without a target or a measurement. */
  met?: boolean;
  note?: string;
  /** Raw measurements behind the figure (walls in ms, sizes in bytes, ...). */
  details?: Record<string, unknown>;
  /**
   * CPU stolen by the hypervisor while the figure was measured (bench/lib/steal.ts): the share of the
   * machine's CPU ticks over the figure's whole interval, and the most any one timed run lost. Set by
   * run.ts; absent where /proc/stat has no steal column.
   */
  steal?: { share: number; maxRun?: number };
}

/** Above this share of stolen CPU a figure is marked noisy in the table: judge it by a rerun. */
export const NOISY_STEAL = 0.1;

export function judged(result: Omit<FigureResult, 'met'>): FigureResult {
  const { summary, target } = result;
  if (!summary || !target) return result;
  const met = target.op === '<=' ? summary.median <= target.value : summary.median >= target.value;
  return { ...result, met };
}

export function notMeasured(
  id: string,
  name: string,
  unit: string,
  note: string,
  target?: Target,
): FigureResult {
  return { id, name, unit, note: `not measured: ${note}`, ...(target ? { target } : {}) };
}

export interface BenchContext {
  reps: number;
  /** Scratch directory of this bench run (removed at the end). */
  workDir: string;
  /** Task counts of the scale figures (1,000 and 10,000 unless overridden). */
  tasks: { small: number; large: number; concurrency: number; peer: number; claude: number };
  log(message: string): void;
  /** Measurements one figure makes and another reuses (the 1,000-task runs of figures 1 and 3). */
  shared: Map<string, unknown>;
}
