import type { ScenarioThresholds } from '../events/index.js';
import type { ScenarioReport, ThresholdResult } from './types.js';

const JUDGED = new Set(['passed', 'failed']);

/**
 * A scenario's declared thresholds against what its judged attempts did (pure): the pass rate against
 * pass@1, and times, tokens and cost of the worst judged attempt against their limits. A threshold with
 * nothing to compare (no judged attempt) is left out.
 */
export function thresholdResults(
  thresholds: ScenarioThresholds,
  scenario: Pick<ScenarioReport, 'passAt1' | 'attempts'>,
): ThresholdResult[] {
  const judged = scenario.attempts.filter((a) => JUDGED.has(a.verdict));
  if (judged.length === 0) return [];
  const worst = (value: (m: ScenarioReport['attempts'][number]['metrics']) => number) =>
    Math.max(...judged.map((a) => value(a.metrics)));
  const results: ThresholdResult[] = [];
  const atMost = (
    metric: ThresholdResult['metric'],
    limit: number | undefined,
    actual: number,
    unit: string,
  ) => {
    if (limit !== undefined) results.push({ metric, limit, actual, unit, met: actual <= limit });
  };
  if (thresholds.passRate !== undefined && scenario.passAt1 !== null) {
    const actual = scenario.passAt1;
    results.push({
      metric: 'pass_rate',
      limit: thresholds.passRate,
      actual,
      unit: '',
      met: actual >= thresholds.passRate,
    });
  }
  atMost('p50_task_s', thresholds.p50TaskS, worst((m) => m.p50TaskMs) / 1000, 's');
  atMost('p95_task_s', thresholds.p95TaskS, worst((m) => m.p95TaskMs) / 1000, 's');
  atMost(
    'max_tokens',
    thresholds.maxTokens,
    worst((m) => m.totalTokens),
    '',
  );
  atMost(
    'max_cost_usd',
    thresholds.maxCostUsd,
    worst((m) => m.costUsd),
    'USD',
  );
  return results;
}

/** "p95_task_s 35.2 s above its threshold 30 s" and the like, for the readiness risks. */
export function describeMiss(scenario: string, result: ThresholdResult): string {
  const unit = result.unit ? ` ${result.unit}` : '';
  const relation = result.metric === 'pass_rate' ? 'below' : 'above';
  return `scenario ${scenario}: ${result.metric} ${round(result.actual)}${unit} ${relation} its threshold ${result.limit}${unit}`;
}

const round = (n: number) => Math.round(n * 1000) / 1000;
