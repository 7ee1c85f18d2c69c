import type { RunReport } from './types.js';

/** Exit codes of a run (README "Exit codes"). */
export const RunExitCode = { Passed: 0, GateFailed: 1, CouldNotJudge: 3, Interrupted: 130 } as const;

/**
 * The default gate: interrupted → 130; any scenario failed or flaky → 1; any scenario that could not be
 * judged (error, blocked) or nothing judged → 3; otherwise 0.
 */
export function exitCodeFor(report: RunReport): number {
  if (report.interrupted) return RunExitCode.Interrupted;
  const verdicts = report.scenarios.map((s) => s.verdict);
  if (verdicts.some((v) => v === 'failed' || v === 'flaky')) return RunExitCode.GateFailed;
  if (verdicts.length === 0 || verdicts.some((v) => v === 'error' || v === 'blocked')) return RunExitCode.CouldNotJudge;
  if (!verdicts.includes('passed')) return RunExitCode.CouldNotJudge;
  return RunExitCode.Passed;
}
