import type { AttemptMetrics, AttemptVerdict, CheckResult, RawFinding, Severity, SourceLocation } from '../events/index.js';

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
  options: Record<string, unknown>;
  shard?: { index: number; total: number };
  readiness: { status: Readiness; blockers: string[]; risks: string[]; pathToProduction: string[] };
  summary: Record<ScenarioVerdict, number> & { scenarios: number; attempts: number };
  scenarios: ScenarioReport[];
  findings: Finding[];
}
