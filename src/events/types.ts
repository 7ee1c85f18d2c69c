import type { OrchestratorEvent } from '../core/index.js';

/**
 * The event log format (reports/<run>/events.jsonl). Bump EVENT_LOG_VERSION on any incompatible change
 * and teach read.ts to upgrade older logs; a log from a newer version is refused with a clear message.
 */
export const EVENT_LOG_VERSION = 1;

export type AttemptVerdict = 'passed' | 'failed' | 'error' | 'blocked' | 'skipped';
export type Severity = 'blocker' | 'major' | 'minor';
export type CheckStatus = 'passed' | 'failed' | 'error' | 'skipped';

export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

/** One evaluated expectation: a declared check or an always-on invariant. Same shape for pass and fail. */
export interface CheckResult {
  /** Stable within a scenario: "checks[2]" for declared checks, "invariant:<name>" for invariants. */
  id: string;
  kind: string;
  /** A short human title, e.g. `file calculator.py contains "def add"`. */
  title: string;
  status: CheckStatus;
  severity: Severity;
  expected: string;
  actual: string;
  /** Why it failed (or errored), one line. */
  message?: string;
  /** Finding class for the report (e.g. session_mismatch, completion_without_evidence). */
  findingKind?: string;
  /** Paths relative to the run directory. */
  evidence: string[];
  location?: SourceLocation;
  durationMs: number;
}

/** A problem observed while running (not a check): a cassette miss, a reporter that threw, ... */
export interface RawFinding {
  kind: string;
  severity: Severity;
  message: string;
  evidence: string[];
  location?: SourceLocation;
}

/** Aggregates of one attempt; small and bounded whatever the number of tasks. */
export interface AttemptMetrics {
  tasks: number;
  tasksCompleted: number;
  /** Tasks that ran (their run ended) and did not complete. */
  tasksFailed: number;
  /**
   * Tasks that never ran: the attempt was interrupted before them, or a task they depend on did not
   * complete (blocked). `tasks = tasksCompleted + tasksFailed + tasksNotRun`. Absent in older logs.
   */
  tasksNotRun?: number;
  errors: number;
  agentCalls: number;
  iterations: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  costUsd: number;
  turns: number;
  p50TaskMs: number;
  p95TaskMs: number;
  maxTaskMs: number;
  totalMs: number;
}

/** A scenario's `thresholds:` (performance the readiness assessment compares the run with). */
export interface ScenarioThresholds {
  passRate?: number;
  p95TaskS?: number;
  p50TaskS?: number;
  maxTokens?: number;
  maxCostUsd?: number;
}

export interface PlannedScenario {
  name: string;
  file: string;
  attempts: number;
  tasks: number;
  needs: string[];
  tags: string[];
  /** Tasks run at once within an attempt (the scenario's, or --concurrency). Absent in older logs. */
  concurrency?: number;
  /** The attempt's wall-clock budget in ms (`budgets.wall`). Absent in older logs. */
  wallMs?: number;
  /** The scenario's `thresholds:`, when it declares any. */
  thresholds?: ScenarioThresholds;
}

/** The launch host of a run: native (posix_spawn) or node (bin/launch-host.cjs), and why that one. */
export interface LaunchHostInfo {
  kind: 'native' | 'node';
  reason: string;
}

export type RunEventBody =
  | {
      type: 'run_begin';
      runId: string;
      startedAt: string;
      rootDir: string;
      options: Record<string, unknown>;
      scenarios: PlannedScenario[];
      versions: Record<string, string>;
      /** What started the agents' processes and why (absent: a launcher the caller passed). */
      launchHost?: LaunchHostInfo;
      shard?: { index: number; total: number };
      /** Set when this run_begin continues an interrupted run (`--resume`): attempts it kept as finished. */
      resumed?: { finished: number };
    }
  | {
      type: 'attempt_begin';
      attemptId: string;
      scenario: string;
      attempt: number;
      workspace: string;
      database: string;
    }
  | { type: 'core'; attemptId: string; event: OrchestratorEvent }
  | { type: 'check'; attemptId: string; result: CheckResult }
  | { type: 'finding'; attemptId?: string; finding: RawFinding }
  | {
      type: 'attempt_end';
      attemptId: string;
      scenario: string;
      attempt: number;
      verdict: AttemptVerdict;
      reason?: string;
      durationMs: number;
      metrics: AttemptMetrics;
      interrupted?: boolean;
    }
  | { type: 'run_end'; durationMs: number; interrupted: boolean };

/** A line of events.jsonl: the body plus version, sequence number and time (epoch ms). */
export type RunEvent = RunEventBody & { v: number; seq: number; time: number };
export type RunEventType = RunEvent['type'];

export const attemptIdOf = (scenario: string, attempt: number): string => `${scenario}#${attempt}`;
