import type { MetricCheck } from '../scenario/index.js';
import type { AttemptContext } from './context.js';
import { readBaseline } from './metric-baseline.js';
import { higherIsBetter, metricValue, formatNumber as n } from './metric-values.js';
import { failed, passed } from './outcome.js';
import type { CheckEvaluator, CheckOutcome } from './types.js';

/** Float noise (0.1 + 0.2) must not fail an `equals`. */
const EPSILON = 1e-9;

function expectation(check: MetricCheck): string {
  const parts: string[] = [];
  if (check.max !== undefined) parts.push(`≤ ${n(check.max)}`);
  if (check.min !== undefined) parts.push(`≥ ${n(check.min)}`);
  if (check.equals !== undefined) parts.push(`= ${n(check.equals)}`);
  if (check.baseline) {
    const tolerance = `${n((check.tolerance ?? 0) * 100)}%`;
    parts.push(
      higherIsBetter(check.metric)
        ? `≥ baseline (${check.baseline.written}) - ${tolerance}`
        : `≤ baseline (${check.baseline.written}) + ${tolerance}`,
    );
  }
  return `${check.metric} ${parts.join(', ') || '(nothing asserted)'}`;
}

function evaluate(check: MetricCheck, ctx: AttemptContext): CheckOutcome {
  const expected = expectation(check);
  const value = metricValue(ctx.metrics, check.metric);
  const problems: string[] = [];
  let regression = false;
  if (check.max !== undefined && value > check.max + EPSILON)
    problems.push(`above the maximum ${n(check.max)}`);
  if (check.min !== undefined && value < check.min - EPSILON)
    problems.push(`below the minimum ${n(check.min)}`);
  if (check.equals !== undefined && Math.abs(value - check.equals) > EPSILON) {
    problems.push(`expected exactly ${n(check.equals)}`);
  }
  let actual = `${check.metric} = ${n(value)}`;
  if (check.baseline) {
    const baseline = readBaseline(check.baseline, check.metric);
    const tolerance = check.tolerance ?? 0;
    const higher = higherIsBetter(check.metric);
    const limit = higher ? baseline * (1 - tolerance) : baseline * (1 + tolerance);
    actual += ` (baseline ${n(baseline)}, limit ${n(limit)})`;
    if (higher ? value < limit - EPSILON : value > limit + EPSILON) {
      regression = true;
      problems.push(
        `regressed against the baseline ${n(baseline)} in ${check.baseline.written}: ${higher ? 'below' : 'above'} ${n(limit)} (tolerance ${n(tolerance * 100)}%); fix the regression, or update the baseline if the change is intended`,
      );
    }
  }
  if (problems.length === 0) return passed(expected, actual);
  return failed(expected, actual, `${check.metric} is ${n(value)}: ${problems.join('; ')}`, {
    findingKind: regression ? 'baseline_regression' : 'threshold',
  });
}

/** `metric`: an attempt aggregate against thresholds and/or a stored baseline with a tolerance. */
export const metricCheck: CheckEvaluator<MetricCheck> = {
  title: (check) => `metric ${expectation(check)}`,
  evaluate,
};
