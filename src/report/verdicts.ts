import type { AttemptVerdict } from '../events/index.js';
import type { ScenarioVerdict } from './types.js';

/**
 * A scenario's verdict from its attempts: passed and failed attempts together are flaky; a failure
 * outweighs errors; an attempt that could not be judged (error) outweighs passes; all blocked is
 * blocked; nothing judged is skipped.
 */
export function scenarioVerdict(attempts: readonly AttemptVerdict[]): ScenarioVerdict {
  const count = (v: AttemptVerdict) => attempts.filter((a) => a === v).length;
  if (attempts.length === 0) return 'skipped';
  if (count('blocked') === attempts.length) return 'blocked';
  const passed = count('passed');
  const failed = count('failed');
  if (passed > 0 && failed > 0) return 'flaky';
  if (failed > 0) return 'failed';
  if (count('error') > 0) return 'error';
  if (count('blocked') > 0) return 'blocked';
  if (passed > 0) return 'passed';
  return 'skipped';
}

/** pass@1 (share of judged attempts that passed) and pass@k (any passed), null when none was judged. */
export function passRates(attempts: readonly AttemptVerdict[]): {
  passAt1: number | null;
  passAtK: number | null;
} {
  const judged = attempts.filter((a) => a === 'passed' || a === 'failed');
  if (judged.length === 0) return { passAt1: null, passAtK: null };
  const passed = judged.filter((a) => a === 'passed').length;
  return { passAt1: Math.round((passed / judged.length) * 1000) / 1000, passAtK: passed > 0 ? 1 : 0 };
}
