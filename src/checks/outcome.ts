import type { CheckOutcome } from './types.js';

/** Builders for the usual outcomes, so every evaluator fills the same fields the same way. */

export function passed(expected: string, actual: string, evidence: string[] = []): CheckOutcome {
  return { status: 'passed', expected, actual, evidence };
}

export function failed(
  expected: string,
  actual: string,
  message: string,
  extra: { findingKind?: string; evidence?: string[] } = {},
): CheckOutcome {
  return {
    status: 'failed',
    expected,
    actual,
    message,
    evidence: extra.evidence ?? [],
    ...(extra.findingKind ? { findingKind: extra.findingKind } : {}),
  };
}

/** The check could not be evaluated: an infrastructure or scenario problem, not a verdict on the run. */
export function errored(expected: string, message: string, evidence: string[] = []): CheckOutcome {
  return { status: 'error', expected, actual: 'not evaluated', message, evidence };
}

export function skipped(expected: string, message: string): CheckOutcome {
  return { status: 'skipped', expected, actual: 'not evaluated', message, evidence: [] };
}

/** Passed when there are no problems, else failed with the problems joined as the message. */
export function fromProblems(
  expected: string,
  actual: string,
  problems: readonly string[],
  extra: { findingKind?: string; evidence?: string[] } = {},
): CheckOutcome {
  return problems.length === 0
    ? passed(expected, actual, extra.evidence)
    : failed(expected, actual, problems.join('; '), extra);
}
