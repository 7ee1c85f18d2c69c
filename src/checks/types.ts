import type { CheckStatus } from '../events/index.js';
import type { Check } from '../scenario/index.js';
import type { AttemptContext } from './context.js';

/** What an evaluator found; evaluateChecks adds id, kind, title, severity, location and timing. */
export interface CheckOutcome {
  status: CheckStatus;
  expected: string;
  actual: string;
  /** Why it failed (or could not be evaluated): where, what, the value, the fix. One line. */
  message?: string;
  /** A known class of failure, for the report's findings (e.g. golden_mismatch). */
  findingKind?: string;
  /** ABSOLUTE paths of saved evidence; evaluateChecks makes them relative to the run directory. */
  evidence?: string[];
}

/** One declared check kind: its generated title and how to evaluate it. */
export interface CheckEvaluator<C extends Check> {
  title(check: C): string;
  evaluate(check: C, ctx: AttemptContext): CheckOutcome | Promise<CheckOutcome>;
}

/**
 * Thrown by helpers when a check cannot be evaluated (a file to copy in is missing, the database will
 * not open): it becomes an `error` result with this message, never a `failed` one and never a crash.
 */
export class CheckError extends Error {
  override readonly name = 'CheckError';
}
