import type {
  AttemptMetrics,
  AttemptVerdict,
  CheckResult,
  LaunchHostInfo,
  RawFinding,
  Severity,
  SourceLocation,
} from '../events/index.js';

/** report.json's schema version; bump on any incompatible change (docs/REPORT.md). */
export const REPORT_SCHEMA_VERSION = 1;

export type ScenarioVerdict = 'passed' | 'failed' | 'flaky' | 'error' | 'blocked' | 'skipped';
export type Readiness = 'READY' | 'READY_WITH_RISKS' | 'NOT_READY' | 'UNKNOWN';

export interface AttemptReport {
  attemptId: string;
  attempt: number;
  verdict: AttemptVerdict;
  reason?: string;
  durationMs: number;
  interrupted: boolean;
  metrics: AttemptMetrics;
  checks: CheckResult[];
  findings: RawFinding[];
}

export interface ScenarioReport {
  name: string;
  file: string;
  verdict: ScenarioVerdict;
  /** Share of judged attempts that passed (0-1); null when none was judged. */
  passAt1: number | null;
  /** 1 when any attempt passed, 0 when none did; null when none was judged. */
  passAtK: number | null;
  needs: string[];
  tags: string[];
  tasks: number;
  attempts: AttemptReport[];
  /** The scenario's `thresholds:` against the run (absent when it declares none). */
  thresholds?: ThresholdResult[];
}

/** One declared threshold of a scenario against the run: at most `limit` (pass_rate: at least). */
export interface ThresholdResult {
  metric: 'pass_rate' | 'p50_task_s' | 'p95_task_s' | 'max_tokens' | 'max_cost_usd';
  limit: number;
  actual: number;
  unit: string;
  met: boolean;
}

/** A deduplicated problem across attempts. */
export interface Finding {
  /** kind + normalized message + location: equal problems in different attempts share it. */
  signature: string;
  kind: string;
  severity: Severity;
  /** One line. */
  message: string;
  count: number;
  attempts: string[];
  scenarios: string[];
  evidence: string[];
  location?: SourceLocation;
  /** Sequence number of the event where it was first seen. */
  firstSeq: number;
}

export interface RunReport {
  schemaVersion: number;
  runId: string;
  startedAt: string;
  durationMs: number;
  interrupted: boolean;
  rootDir: string;
  versions: Record<string, string>;
  /** What started the agents' processes and why (absent when the caller passed its own launcher). */
  launchHost?: LaunchHostInfo;
  options: Record<string, unknown>;
  shard?: { index: number; total: number };
  readiness: { status: Readiness; blockers: string[]; risks: string[]; pathToProduction: string[] };
  summary: Record<ScenarioVerdict, number> & { scenarios: number; attempts: number };
  scenarios: ScenarioReport[];
  findings: Finding[];
  /** The comparison with a stored baseline, when the run was given one (`withBaseline`). */
  baseline?: BaselineComparison;
  /**
   * The gate's verdict over this report (`withGate`): attached before the reporters see the report, so
   * every banner says when the exit code is not 0. Absent in a report built from events alone.
   */
  gate?: ReportGate;
}

/** The gate's verdict as the report carries it (`GateResult` of gate.ts). */
export interface ReportGate {
  /** 0 passed, 1 failed, 3 could not judge, 130 interrupted (before reporter errors). */
  exitCode: number;
  /** Every rule the report breaks, one line each. */
  reasons: string[];
  /** Rules left to another report (a required scenario of another shard: judged at the merge). */
  deferred: string[];
}

/** Metrics a baseline keeps per scenario: per attempt, averaged over the attempts that ran. */
export interface BaselineMetrics {
  p50TaskMs: number;
  p95TaskMs: number;
  totalTokens: number;
  costUsd: number;
  iterations: number;
  agentCalls: number;
  errors: number;
}

export type BaselineMetricName = keyof BaselineMetrics;

/** A stored baseline (reports/baselines/<name>.json): what a good run looked like. */
export interface Baseline {
  /**
   * The marker of a baseline file (`BASELINE_FORMAT`): `--update-baseline` replaces only a file that
   * carries it. Files written before the marker existed lack it; they are still read.
   */
  format?: 'obra-validate-baseline';
  version: 1;
  /** The run it was taken from. */
  runId: string;
  /** When that run started (ISO 8601). */
  createdAt: string;
  scenarios: Record<string, { verdict: ScenarioVerdict; passAt1: number | null; metrics: BaselineMetrics }>;
}

/** One metric of one scenario, baseline against now. */
export interface MetricDelta {
  metric: BaselineMetricName;
  baseline: number;
  current: number;
  /** current - baseline. */
  delta: number;
  /** delta / baseline; null when the baseline is 0. */
  ratio: number | null;
  regression: boolean;
}

export interface ScenarioDelta {
  name: string;
  /** compared: in both; new: only in this run; missing: only in the baseline. */
  status: 'compared' | 'new' | 'missing';
  verdict: { baseline: ScenarioVerdict | null; current: ScenarioVerdict | null };
  passAt1: { baseline: number | null; current: number | null };
  /** Empty unless both sides have attempts that ran (passed, failed or flaky). */
  metrics: MetricDelta[];
}

export interface Regression {
  scenario: string;
  /** verdict: passed in the baseline, fails now; metric: a metric beyond its allowance. */
  kind: 'verdict' | 'metric';
  metric?: BaselineMetricName;
  /** One line, e.g. `calculator p95TaskMs 1200 → 2400 (+100%, noise band 25%)`. */
  message: string;
}

export interface BaselineComparison {
  baselineRunId: string;
  baselineCreatedAt: string;
  /** Relative noise band applied to timings (0.25 = 25%). */
  timingNoise: number;
  /** Timings must also grow by more than this many milliseconds to regress. */
  minTimingDeltaMs: number;
  scenarios: ScenarioDelta[];
  regressions: Regression[];
}
