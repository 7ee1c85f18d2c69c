import { relative } from 'node:path';
import type { CheckResult } from '../events/index.js';
import type { Check } from '../scenario/index.js';
import type { AttemptContext } from './context.js';
import { harnessBug } from './harness-bug.js';
import { errored, skipped } from './outcome.js';
import { evaluatorFor } from './registry.js';
import { CheckError, type CheckOutcome } from './types.js';

/** One declared check, evaluated; never throws. */
export async function evaluateCheck(check: Check, ctx: AttemptContext): Promise<CheckResult> {
  const started = performance.now();
  let title = check.name ?? `${check.kind} check`;
  let outcome: CheckOutcome;
  try {
    const evaluator = evaluatorFor(check);
    title = check.name ?? evaluator.title(check);
    outcome = ctx.signal?.aborted
      ? skipped(title, 'the run was interrupted before this check ran')
      : check.whenAgent && !check.whenAgent.includes(ctx.agentKind)
        ? skipped(
            title,
            `when_agent: ${check.whenAgent.join(', ')}; this attempt's agent is ${ctx.agentKind} (it pins what the scenario's own agent does)`,
          )
        : await evaluator.evaluate(check, ctx);
  } catch (error) {
    outcome =
      error instanceof CheckError
        ? errored(title, error.message)
        : errored(title, harnessBug(`checks[${check.index}] (${check.kind})`, error));
  }
  return {
    id: `checks[${check.index}]`,
    kind: check.kind,
    title,
    status: outcome.status,
    severity: check.severity,
    expected: outcome.expected,
    actual: outcome.actual,
    ...(outcome.message === undefined ? {} : { message: outcome.message }),
    ...(outcome.findingKind === undefined ? {} : { findingKind: outcome.findingKind }),
    evidence: (outcome.evidence ?? []).map((path) => relative(ctx.runDir, path)),
    location: check.location,
    durationMs: Math.round(performance.now() - started),
  };
}

/** Every declared check of the scenario, in order, one result each. Checks run one at a time. */
export async function evaluateChecks(ctx: AttemptContext): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of ctx.scenario.checks) results.push(await evaluateCheck(check, ctx));
  return results;
}
