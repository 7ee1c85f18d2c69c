import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../events/index.js';
import { buildReport } from './build-report.js';
import { evaluateGate } from './gate.js';
import { sampleRuns } from './test-helpers/sample-runs.js';
import { EVENT_LOGS_DIR } from './test-helpers/write-sample-runs.js';

/** A recorded log as the reader returns it. */
const recorded = (name: string): RunEvent[] =>
  readFileSync(join(EVENT_LOGS_DIR, name, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as RunEvent);

interface Expected {
  verdicts: Record<string, string>;
  readiness: string;
  findings: string[];
  summary: Partial<Record<string, number>>;
  exitCode: number;
  interrupted: boolean;
}

const EXPECTED: Record<string, Expected> = {
  passing: {
    verdicts: { calculator: 'passed', stress: 'passed', 'csv-regression': 'passed' },
    readiness: 'READY',
    findings: [],
    summary: { scenarios: 3, attempts: 4, passed: 3 },
    exitCode: 0,
    interrupted: false,
  },
  failing: {
    verdicts: { calculator: 'flaky', stress: 'failed', 'csv-regression': 'error', docs: 'blocked' },
    readiness: 'NOT_READY',
    // Blockers first, then majors, then minors; within a severity in the order first seen.
    findings: [
      'blocker session_mismatch',
      'blocker session_not_found',
      'major check_command',
      'major completion_without_evidence',
      'major infrastructure',
      'minor turn_cap',
      'minor process_leak',
    ],
    summary: { scenarios: 4, attempts: 5, flaky: 1, failed: 1, error: 1, blocked: 1 },
    exitCode: 1,
    interrupted: false,
  },
  interrupted: {
    verdicts: { calculator: 'passed', stress: 'skipped' },
    readiness: 'UNKNOWN',
    findings: [],
    summary: { scenarios: 2, attempts: 2, passed: 1, skipped: 1 },
    exitCode: 130,
    interrupted: true,
  },
  'sharded-full': {
    verdicts: { calculator: 'flaky', stress: 'passed', 'csv-regression': 'passed' },
    readiness: 'READY_WITH_RISKS',
    findings: ['major cassette_miss'],
    summary: { scenarios: 3, attempts: 4, passed: 2, flaky: 1 },
    exitCode: 1,
    interrupted: false,
  },
  'shard-1': {
    verdicts: { calculator: 'passed', stress: 'passed', 'csv-regression': 'skipped' },
    readiness: 'READY',
    findings: [],
    summary: { scenarios: 3, attempts: 2, passed: 2, skipped: 1 },
    exitCode: 0,
    interrupted: false,
  },
  'shard-2': {
    verdicts: { calculator: 'failed', stress: 'skipped', 'csv-regression': 'passed' },
    readiness: 'NOT_READY',
    findings: ['major cassette_miss'],
    summary: { scenarios: 3, attempts: 2, passed: 1, failed: 1, skipped: 1 },
    exitCode: 1,
    interrupted: false,
  },
};

describe('buildReport on recorded event logs', () => {
  it.each(Object.entries(EXPECTED))('%s', (name, expected) => {
    const report = buildReport(recorded(name));
    expect(Object.fromEntries(report.scenarios.map((s) => [s.name, s.verdict]))).toEqual(expected.verdicts);
    expect(report.readiness.status).toBe(expected.readiness);
    expect(report.findings.map((f) => `${f.severity} ${f.kind}`)).toEqual(expected.findings);
    expect(report.summary).toMatchObject(expected.summary);
    expect(report.interrupted).toBe(expected.interrupted);
    expect(evaluateGate(report).exitCode).toBe(expected.exitCode);
  });

  it('keeps attempts, checks and the findings of each attempt; skips core events', () => {
    const report = buildReport(sampleRuns().failing!);
    const calc = report.scenarios.find((s) => s.name === 'calculator')!;
    expect(calc.attempts.map((a) => [a.attemptId, a.verdict, a.checks.length, a.findings.length])).toEqual([
      ['calculator#1', 'passed', 3, 1],
      ['calculator#2', 'failed', 4, 2],
    ]);
    expect(calc.passAt1).toBe(0.5);
    const notFound = report.findings.find((f) => f.kind === 'session_not_found')!;
    expect(notFound).toMatchObject({ count: 1, attempts: ['stress#1'], scenarios: ['stress'] });
    expect(JSON.stringify(report)).not.toContain('task_start');
  });

  it('marks an attempt that never ended as interrupted', () => {
    const report = buildReport(sampleRuns().interrupted!);
    const second = report.scenarios[0]!.attempts[1]!;
    expect(second).toMatchObject({ attemptId: 'calculator#2', verdict: 'skipped', interrupted: true });
  });

  it('refuses a log without run_begin', () => {
    expect(() => buildReport(sampleRuns().passing!.slice(1))).toThrow(/no run_begin event/);
  });
});
