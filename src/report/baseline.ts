import type {
  AttemptReport,
  Baseline,
  BaselineComparison,
  BaselineMetricName,
  BaselineMetrics,
  MetricDelta,
  Regression,
  RunReport,
  ScenarioDelta,
  ScenarioReport,
  ScenarioVerdict,
} from './types.js';

/** Metrics in report order; timings regress beyond the noise band, counts regress on any increase. */
export const BASELINE_METRICS: readonly BaselineMetricName[] = [
  'p50TaskMs',
  'p95TaskMs',
  'totalTokens',
  'costUsd',
  'iterations',
  'agentCalls',
  'errors',
];
const TIMINGS: ReadonlySet<BaselineMetricName> = new Set(['p50TaskMs', 'p95TaskMs']);
/** Counts where any increase is a regression; costUsd and agentCalls are shown, never gated. */
const GATED_COUNTS: ReadonlySet<BaselineMetricName> = new Set(['totalTokens', 'iterations', 'errors']);

export interface CompareOptions {
  /** Relative noise band for timings. @default 0.25 */
  timingNoise?: number;
  /** A timing must also grow by more than this to regress. @default 50 */
  minTimingDeltaMs?: number;
}

/** Verdicts whose attempts ran to the end, so their metrics mean something. */
const RAN: ReadonlySet<ScenarioVerdict> = new Set(['passed', 'failed', 'flaky']);

/** A baseline from a run: per scenario its verdict, pass@1 and metrics per attempt that ran. */
export function baselineFromReport(report: RunReport): Baseline {
  const scenarios: Baseline['scenarios'] = {};
  for (const s of report.scenarios) {
    scenarios[s.name] = { verdict: s.verdict, passAt1: s.passAt1, metrics: scenarioMetrics(s) };
  }
  return {
    format: 'obra-validate-baseline',
    version: 1,
    runId: report.runId,
    createdAt: report.startedAt,
    scenarios,
  };
}

/**
 * Metrics of a scenario per attempt: timings are the median of the attempts' p50/p95, everything else
 * the mean; only attempts that ran (passed or failed) count; all zero when none did.
 */
export function scenarioMetrics(scenario: ScenarioReport): BaselineMetrics {
  const ran = scenario.attempts.filter((a) => a.verdict === 'passed' || a.verdict === 'failed');
  const mean = (pick: (a: AttemptReport) => number, digits: number) =>
    round(ran.reduce((sum, a) => sum + pick(a), 0) / Math.max(ran.length, 1), digits);
  return {
    p50TaskMs: Math.round(median(ran.map((a) => a.metrics.p50TaskMs))),
    p95TaskMs: Math.round(median(ran.map((a) => a.metrics.p95TaskMs))),
    totalTokens: mean((a) => a.metrics.totalTokens, 3),
    costUsd: mean((a) => a.metrics.costUsd, 6),
    iterations: mean((a) => a.metrics.iterations, 3),
    agentCalls: mean((a) => a.metrics.agentCalls, 3),
    errors: mean((a) => a.metrics.errors, 3),
  };
}

/**
 * This run against a baseline. Regressions: a scenario that passed in the baseline and now fails (or
 * is flaky); a timing beyond the noise band and more than minTimingDeltaMs slower; more tokens,
 * iterations or errors than the baseline. Scenarios only on one side are listed, never regressions
 * (the gate's `required` catches missing ones).
 */
export function compareWithBaseline(
  report: RunReport,
  baseline: Baseline,
  options: CompareOptions = {},
): BaselineComparison {
  const timingNoise = options.timingNoise ?? 0.25;
  const minTimingDeltaMs = options.minTimingDeltaMs ?? 50;
  const scenarios: ScenarioDelta[] = [];
  const regressions: Regression[] = [];
  for (const current of report.scenarios) {
    const before = baseline.scenarios[current.name];
    if (!before) {
      scenarios.push(oneSided(current.name, 'new', null, current.verdict, null, current.passAt1));
      continue;
    }
    const metrics =
      RAN.has(before.verdict) && RAN.has(current.verdict)
        ? BASELINE_METRICS.map((metric) =>
            metricDelta(metric, before.metrics[metric], scenarioMetrics(current)[metric], {
              timingNoise,
              minTimingDeltaMs,
            }),
          )
        : [];
    scenarios.push({
      name: current.name,
      status: 'compared',
      verdict: { baseline: before.verdict, current: current.verdict },
      passAt1: { baseline: before.passAt1, current: current.passAt1 },
      metrics,
    });
    if (before.verdict === 'passed' && (current.verdict === 'failed' || current.verdict === 'flaky')) {
      regressions.push({
        scenario: current.name,
        kind: 'verdict',
        message: `${current.name} passed in baseline ${baseline.runId} and is ${current.verdict} now (pass@1 ${before.passAt1 ?? 'n/a'} → ${current.passAt1 ?? 'n/a'})`,
      });
    }
    for (const m of metrics.filter((d) => d.regression)) {
      regressions.push({
        scenario: current.name,
        kind: 'metric',
        metric: m.metric,
        message: `${current.name} ${m.metric} ${m.baseline} → ${m.current} (${percent(m.ratio)}${TIMINGS.has(m.metric) ? `, noise band ${Math.round(timingNoise * 100)}%` : ''})`,
      });
    }
  }
  for (const [name, before] of Object.entries(baseline.scenarios)) {
    if (report.scenarios.some((s) => s.name === name)) continue;
    scenarios.push(oneSided(name, 'missing', before.verdict, null, before.passAt1, null));
  }
  return {
    baselineRunId: baseline.runId,
    baselineCreatedAt: baseline.createdAt,
    timingNoise,
    minTimingDeltaMs,
    scenarios,
    regressions,
  };
}

function metricDelta(
  metric: BaselineMetricName,
  baseline: number,
  current: number,
  band: { timingNoise: number; minTimingDeltaMs: number },
): MetricDelta {
  const delta = round(current - baseline, 6);
  const regression = TIMINGS.has(metric)
    ? current > baseline * (1 + band.timingNoise) && delta > band.minTimingDeltaMs
    : GATED_COUNTS.has(metric) && delta > 0;
  return {
    metric,
    baseline,
    current,
    delta,
    ratio: baseline === 0 ? null : round(delta / baseline, 4),
    regression,
  };
}

function oneSided(
  name: string,
  status: 'new' | 'missing',
  baselineVerdict: ScenarioVerdict | null,
  currentVerdict: ScenarioVerdict | null,
  baselinePassAt1: number | null,
  currentPassAt1: number | null,
): ScenarioDelta {
  return {
    name,
    status,
    verdict: { baseline: baselineVerdict, current: currentVerdict },
    passAt1: { baseline: baselinePassAt1, current: currentPassAt1 },
    metrics: [],
  };
}

/**
 * The report with its baseline comparison attached. Regressions become readiness risks (a READY run
 * with regressions is READY_WITH_RISKS) and a step of the path to production. Call it once per report.
 */
export function withBaseline(report: RunReport, comparison: BaselineComparison): RunReport {
  const regressions = comparison.regressions.map(
    (r) => `regression against baseline ${comparison.baselineRunId}: ${r.message}`,
  );
  if (regressions.length === 0) return { ...report, baseline: comparison };
  const { readiness } = report;
  const status = readiness.status === 'READY' ? 'READY_WITH_RISKS' : readiness.status;
  const pathToProduction = [
    ...(readiness.status === 'READY' ? [] : readiness.pathToProduction),
    `fix the ${regressions.length} regression${regressions.length === 1 ? '' : 's'} against baseline ${comparison.baselineRunId}, or accept them by updating the baseline (--update-baseline)`,
  ];
  return {
    ...report,
    readiness: { ...readiness, status, risks: [...readiness.risks, ...regressions], pathToProduction },
    baseline: comparison,
  };
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function percent(ratio: number | null): string {
  if (ratio === null) return 'from 0';
  return `${ratio >= 0 ? '+' : ''}${Math.round(ratio * 100)}%`;
}
