import {
  gateHeadline,
  type Readiness,
  type RunReport,
  type ScenarioVerdict,
  scenarioMetrics,
} from '../../report/index.js';
import { count, duration, percent, plural, shownPath } from '../format.js';

/** One scenario's row of the performance table (already formatted). */
export interface PerformanceRow {
  scenario: string;
  verdict: ScenarioVerdict;
  passAt1: string;
  /** "done/total" over every attempt. */
  tasks: string;
  p50: string;
  p95: string;
  time: string;
  tokens: string;
}

/** One line of the baseline deltas: a verdict change or a metric that moved. */
export interface DeltaRow {
  scenario: string;
  what: string;
  baseline: string;
  current: string;
  delta: string;
  regression: boolean;
}

/**
 * What every text reporter prints at the end of a run (plain text for line/dot, Ink for live): the
 * readiness banner, blockers, risks, performance, baseline deltas and where the files are. Bounded:
 * lists are cut at their limit and the rest counted.
 */
export interface ReadinessSummary {
  status: Readiness;
  interrupted: boolean;
  /** Why the status, in a few words. */
  sentence: string;
  /**
   * Set when the gate did not pass (exit code not 0): `GATE FAILED (exit 1): <first reason>`. The banner
   * shows it first, next to the status, so the banner never says READY above a failing exit code.
   */
  gate?: string;
  /** What the gate left to the merged report of the shards (one line each). */
  gateDeferred: string[];
  /** "3 passed, 1 failed (4 attempts) in 1m02s". */
  headline: string;
  blockers: string[];
  moreBlockers: number;
  risks: string[];
  moreRisks: number;
  performance: PerformanceRow[];
  morePerformance: number;
  baseline?: { runId: string; regressions: number; rows: DeltaRow[]; more: number };
  /** Where the report files are: the run directory, and the files (relative to it when inside). */
  files: { dir: string; names: string[] };
}

export interface SummaryOptions {
  /** The run directory. */
  runDir: string;
  /** Files the run's reporters write (absolute); default: report.json and events.jsonl in runDir. */
  files?: readonly string[];
  /** Paths are shown relative to this directory when inside it. */
  cwd?: string;
  /** Longest lists. @default { blockers: 10, risks: 10, scenarios: 20, deltas: 12 } */
  limits?: Partial<Record<'blockers' | 'risks' | 'scenarios' | 'deltas', number>>;
}

const SENTENCE: Record<Readiness, string> = {
  READY: 'every scenario passed and nothing needs attention',
  READY_WITH_RISKS: 'no blocker, but risks to review before production',
  NOT_READY: 'blockers must be fixed before production',
  UNKNOWN: 'the run could not judge the orchestrator',
};

const VERDICTS = ['passed', 'failed', 'flaky', 'error', 'blocked', 'skipped'] as const;

/** The summary of a finished (or interrupted) run, from its report alone: a pure function. */
export function readinessSummary(report: RunReport, options: SummaryOptions): ReadinessSummary {
  const limits = { blockers: 10, risks: 10, scenarios: 20, deltas: 12, ...options.limits };
  const s = report.summary;
  const counts = VERDICTS.filter((k) => s[k] > 0)
    .map((k) => `${s[k]} ${k}`)
    .join(', ');
  const { blockers, risks } = report.readiness;
  const rows = report.scenarios.map(performanceRow);
  const summary: ReadinessSummary = {
    status: report.readiness.status,
    interrupted: report.interrupted,
    sentence: report.interrupted
      ? 'the run was interrupted: the report is partial'
      : SENTENCE[report.readiness.status],
    headline: `${counts || 'no scenario'} (${plural(s.attempts, 'attempt')}) in ${duration(report.durationMs)}`,
    blockers: blockers.slice(0, limits.blockers),
    moreBlockers: Math.max(0, blockers.length - limits.blockers),
    risks: risks.slice(0, limits.risks),
    moreRisks: Math.max(0, risks.length - limits.risks),
    performance: rows.slice(0, limits.scenarios),
    morePerformance: Math.max(0, rows.length - limits.scenarios),
    files: reportFiles(options),
    gateDeferred: report.gate?.deferred ?? [],
  };
  const gate = gateHeadline(report);
  if (gate) summary.gate = gate;
  if (report.baseline) {
    const deltas = deltaRows(report);
    summary.baseline = {
      runId: report.baseline.baselineRunId,
      regressions: report.baseline.regressions.length,
      rows: deltas.slice(0, limits.deltas),
      more: Math.max(0, deltas.length - limits.deltas),
    };
  }
  return summary;
}

function performanceRow(s: RunReport['scenarios'][number]): PerformanceRow {
  const sum = (pick: (m: (typeof s.attempts)[number]['metrics']) => number) =>
    s.attempts.reduce((n, a) => n + pick(a.metrics), 0);
  const ran = s.attempts.some((a) => a.verdict === 'passed' || a.verdict === 'failed');
  const m = scenarioMetrics(s);
  return {
    scenario: s.name,
    verdict: s.verdict,
    passAt1: percent(s.passAt1),
    tasks: s.attempts.length === 0 ? '–' : `${sum((x) => x.tasksCompleted)}/${sum((x) => x.tasks)}`,
    p50: ran ? duration(m.p50TaskMs) : '–',
    p95: ran ? duration(m.p95TaskMs) : '–',
    time: s.attempts.length === 0 ? '–' : duration(s.attempts.reduce((n, a) => n + a.durationMs, 0)),
    tokens: s.attempts.length === 0 ? '–' : count(sum((x) => x.totalTokens)),
  };
}

const TIMING = new Set(['p50TaskMs', 'p95TaskMs']);

/** Verdict changes, scenarios on one side only, and every metric that moved; regressions first. */
function deltaRows(report: RunReport): DeltaRow[] {
  const b = report.baseline!;
  const rows: DeltaRow[] = [];
  for (const s of b.scenarios) {
    if (s.status !== 'compared') {
      rows.push({
        scenario: s.name,
        what: 'scenario',
        baseline: s.status === 'new' ? '–' : String(s.verdict.baseline),
        current: s.status === 'new' ? String(s.verdict.current) : '–',
        delta: s.status === 'new' ? 'new' : 'missing',
        regression: false,
      });
      continue;
    }
    if (s.verdict.baseline !== s.verdict.current) {
      rows.push({
        scenario: s.name,
        what: 'verdict',
        baseline: String(s.verdict.baseline),
        current: String(s.verdict.current),
        delta: '',
        regression: b.regressions.some((r) => r.scenario === s.name && r.kind === 'verdict'),
      });
    }
    for (const m of s.metrics) {
      if (m.delta === 0) continue;
      const value = (n: number) =>
        TIMING.has(m.metric) ? duration(n) : m.metric === 'costUsd' ? `$${round(n)}` : round(n);
      const sign = m.delta > 0 ? '+' : m.delta < 0 ? '-' : '';
      const ratio = m.ratio === null ? '' : ` (${m.ratio > 0 ? '+' : ''}${Math.round(m.ratio * 100)}%)`;
      rows.push({
        scenario: s.name,
        what: m.metric,
        baseline: value(m.baseline),
        current: value(m.current),
        delta: `${sign}${value(Math.abs(m.delta))}${ratio}`,
        regression: m.regression,
      });
    }
  }
  return [...rows.filter((r) => r.regression), ...rows.filter((r) => !r.regression)];
}

const round = (n: number): string => String(Math.round(n * 1e6) / 1e6);

function reportFiles(options: SummaryOptions): { dir: string; names: string[] } {
  const dir = options.runDir;
  const files = options.files ?? [`${dir}/report.json`, `${dir}/events.jsonl`];
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  const names = [...new Set(files)].map((f) =>
    f.startsWith(prefix) ? f.slice(prefix.length) : shownPath(f, options.cwd),
  );
  return { dir: shownPath(dir, options.cwd), names };
}
