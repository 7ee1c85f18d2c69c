import { clip } from '../shared/index.js';
import { describeMiss } from './thresholds.js';
import type { Finding, Readiness, ScenarioReport } from './types.js';

/**
 * The production-readiness assessment: NOT_READY on any failed scenario or blocker finding;
 * UNKNOWN when nothing could be judged (or the run was interrupted); READY_WITH_RISKS on flaky
 * scenarios, scenarios that errored or were blocked, major findings, or a scenario's declared
 * `thresholds:` not met (performance); READY otherwise.
 */
export function assessReadiness(
  scenarios: readonly ScenarioReport[],
  findings: readonly Finding[],
  interrupted: boolean,
): { status: Readiness; blockers: string[]; risks: string[]; pathToProduction: string[] } {
  const blockers = [
    ...scenarios.filter((s) => s.verdict === 'failed').map(failedLine),
    ...findings.filter((f) => f.severity === 'blocker').map(findingLine),
  ];
  const risks = [
    ...scenarios
      .filter((s) => s.verdict === 'flaky')
      .map((s) => `scenario ${s.name} is flaky (pass@1 ${s.passAt1})`),
    ...scenarios.filter((s) => s.verdict === 'error').map((s) => `scenario ${s.name} could not be judged`),
    ...scenarios
      .filter((s) => s.verdict === 'blocked')
      .map((s) => `scenario ${s.name} was blocked: ${s.attempts[0]?.reason ?? ''}`),
    ...findings.filter((f) => f.severity !== 'blocker').map(findingLine),
    ...scenarios.flatMap((s) =>
      (s.thresholds ?? []).filter((t) => !t.met).map((t) => describeMiss(s.name, t)),
    ),
  ];
  const judged = scenarios.some((s) => ['passed', 'failed', 'flaky'].includes(s.verdict));
  const status: Readiness =
    interrupted || !judged
      ? 'UNKNOWN'
      : blockers.length > 0
        ? 'NOT_READY'
        : risks.length > 0
          ? 'READY_WITH_RISKS'
          : 'READY';
  const pathToProduction =
    status === 'READY'
      ? ['every scenario passed with no findings: keep this run as the baseline (--update-baseline)']
      : [
          ...(interrupted ? ['finish the run: it was interrupted before every attempt ran'] : []),
          ...findings
            .slice(0, 10)
            .map((f) => `fix ${f.kind} in ${scenariosOf(f)} (${f.severity}, ${f.count}×): ${f.message}`),
          ...scenarios
            .filter((s) => s.verdict === 'blocked')
            .map((s) => `unblock ${s.name}: ${s.attempts[0]?.reason ?? ''}`),
        ];
  return { status, blockers, risks, pathToProduction };
}

/** `scenario calculator failed: 1 check failed: hidden unittest tests pass` (the first failed attempt's reason). */
function failedLine(s: ScenarioReport): string {
  const reason = s.attempts.find((a) => a.verdict === 'failed')?.reason;
  return `scenario ${s.name} failed${reason ? `: ${clip(reason, 200)}` : ''}`;
}

/** `calculator`, `a, b, c and 2 more`: the scenarios a finding hit, so two findings never differ only in a count. */
export function scenariosOf(f: Pick<Finding, 'scenarios'>, max = 3): string {
  if (f.scenarios.length === 0) return 'the run';
  const shown = f.scenarios.slice(0, max).join(', ');
  return f.scenarios.length > max ? `${shown} and ${f.scenarios.length - max} more` : shown;
}

/** A finding as a blocker or risk line: `task_not_completed in fizzbuzz: task fb: failed (…)`. */
function findingLine(f: Finding): string {
  return `${f.kind} in ${scenariosOf(f)}: ${f.message}`;
}
