import type { AttemptVerdict, CheckResult, RawFinding, RunEvent } from '../events/index.js';
import { fixHintFor } from '../report/index.js';

export type AnnotationType = 'notice' | 'warning' | 'error';

/** What the test of one attempt shows: its annotations, then a skip, failed checks or an error. */
export interface AttemptOutcome {
  verdict: AttemptVerdict;
  /** Findings of the attempt and where its run directory is, in this order. */
  annotations: { message: string; type: AnnotationType }[];
  /** Set for blocked and skipped attempts: the test skips with this reason. */
  skipReason?: string;
  /** Checks and invariants that failed or could not be evaluated: one assertion failure each. */
  failedChecks: CheckResult[];
  /** Set when the attempt did not pass and no check says why (an exception, an infrastructure error). */
  error?: string;
}

/** Events of one attempt, gathered while the run goes. */
export interface AttemptEvents {
  checks: CheckResult[];
  findings: RawFinding[];
  end: Extract<RunEvent, { type: 'attempt_end' }>;
}

/** `1 iteration`, `2 iterations`. */
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

const ANNOTATION_OF: Record<RawFinding['severity'], AnnotationType> = {
  blocker: 'error',
  major: 'warning',
  minor: 'notice',
};

/** Pure: an attempt's events → the test outcome. `runDir` is shown as written (relative to the root). */
export function attemptOutcome(events: AttemptEvents, runDir: string): AttemptOutcome {
  const { end } = events;
  const annotations = sameFindingsOnce(events.findings).map(({ finding, count }) => ({
    message: findingText(finding, count),
    type: ANNOTATION_OF[finding.severity],
  }));
  const m = end.metrics;
  annotations.push({
    message: `${end.verdict} in ${(end.durationMs / 1000).toFixed(1)}s: ${m.tasksCompleted}/${m.tasks} tasks, ${plural(m.iterations, 'iteration')}, ${plural(m.agentCalls, 'agent call')}, ${plural(m.totalTokens, 'token')}; report: ${runDir}/report.json`,
    type: 'notice',
  });
  const failedChecks = events.checks.filter((c) => c.status === 'failed' || c.status === 'error');
  const base = { verdict: end.verdict, annotations, failedChecks };
  switch (end.verdict) {
    case 'passed':
      return { ...base, failedChecks: [] };
    case 'blocked':
      return { ...base, failedChecks: [], skipReason: `blocked: ${end.reason ?? 'no reason given'}` };
    case 'skipped':
      return { ...base, failedChecks: [], skipReason: end.reason ?? 'skipped' };
    case 'failed':
    case 'error': {
      if (failedChecks.length > 0) return base;
      const prefix = end.verdict === 'error' ? 'could not judge' : 'failed';
      return { ...base, error: `${prefix}: ${end.reason ?? 'no reason given'}` };
    }
  }
}

/** Each finding once, in the order first seen, with how often the attempt raised it (an iteration each, say). */
function sameFindingsOnce(findings: readonly RawFinding[]): { finding: RawFinding; count: number }[] {
  const seen = new Map<string, { finding: RawFinding; count: number }>();
  for (const finding of findings) {
    const where = finding.location
      ? `${finding.location.file}:${finding.location.line}:${finding.location.col}`
      : '';
    const key = `${finding.severity}\n${finding.kind}\n${where}\n${finding.message}`;
    const entry = seen.get(key);
    if (entry) entry.count++;
    else seen.set(key, { finding, count: 1 });
  }
  return [...seen.values()];
}

function findingText(f: RawFinding, count: number): string {
  const where = f.location ? ` (${f.location.file}:${f.location.line}:${f.location.col})` : '';
  const times = count > 1 ? ` (${count}×)` : '';
  const hint = fixHintFor(f.kind);
  const evidence = f.evidence.length > 0 ? ` Evidence: ${f.evidence.join(', ')}.` : '';
  return `${f.severity} ${f.kind}${times}${where}: ${f.message}${hint ? ` Fix: ${hint}` : ''}${evidence}`;
}

/** The assertion message of a failed check: what, where, why (expected and actual go to the diff). */
export function checkFailureMessage(check: CheckResult): string {
  const where = check.location
    ? ` at ${check.location.file}:${check.location.line}:${check.location.col}`
    : '';
  const status = check.status === 'error' ? 'could not be evaluated' : 'failed';
  return `${check.id} ${status} (${check.severity})${where}: ${check.title}${check.message ? `\n${check.message}` : ''}`;
}
