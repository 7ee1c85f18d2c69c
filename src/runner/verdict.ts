import type { AttemptVerdict, CheckResult } from '../events/index.js';

/**
 * An attempt's verdict from its results: the environment stopped the orchestrator (`infrastructure`: a
 * database locked by another process, a full disk) → error, whatever the checks say (they judged an
 * attempt that could not run); an unclassified exception out of the orchestrator (the product under
 * test) or any failed check or invariant → failed; otherwise a check that could not be evaluated →
 * error (could not judge); else passed.
 */
export function attemptVerdict(
  results: readonly CheckResult[],
  threw: boolean,
  infrastructure?: string,
): { verdict: AttemptVerdict; reason?: string } {
  if (infrastructure !== undefined) return { verdict: 'error', reason: `could not judge: ${infrastructure}` };
  const failed = results.filter((r) => r.status === 'failed');
  if (threw) return { verdict: 'failed', reason: 'the orchestrator threw an unclassified exception' };
  if (failed.length > 0) {
    return {
      verdict: 'failed',
      reason: `${failed.length} check${failed.length === 1 ? '' : 's'} failed: ${failed
        .slice(0, 3)
        .map((r) => r.title)
        .join('; ')}`,
    };
  }
  const errored = results.filter((r) => r.status === 'error');
  if (errored.length > 0)
    return {
      verdict: 'error',
      reason: `${errored.length} check(s) could not be evaluated: ${errored[0]!.message ?? errored[0]!.title}`,
    };
  return { verdict: 'passed' };
}
