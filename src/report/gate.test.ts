import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { baselineFromReport, compareWithBaseline, withBaseline } from './baseline.js';
import { buildReport } from './build-report.js';
import { defaultGate, evaluateGate, exitCodeFor, type GateConfig } from './gate.js';
import { sampleRuns } from './test-helpers/sample-runs.js';
import type { RunReport, ScenarioVerdict } from './types.js';

/** A report with one scenario per verdict given (only what the gate reads is filled). */
function reportOf(verdicts: Record<string, ScenarioVerdict>, interrupted = false): RunReport {
  const base = buildReport(sampleRuns().passing!);
  return {
    ...base,
    interrupted,
    scenarios: Object.entries(verdicts).map(([name, verdict]) => ({
      name,
      file: `scenarios/${name}.yaml`,
      verdict,
      passAt1: verdict === 'flaky' ? 0.5 : verdict === 'passed' ? 1 : verdict === 'failed' ? 0 : null,
      passAtK: null,
      needs: [],
      tags: [],
      tasks: 1,
      attempts: [],
    })),
  };
}

/** The gate before it was declarative (src/report/gate.ts until this change), kept as the oracle. */
function legacyExitCode(report: RunReport): number {
  if (report.interrupted) return 130;
  const verdicts = report.scenarios.map((s) => s.verdict);
  if (verdicts.some((v) => v === 'failed' || v === 'flaky')) return 1;
  if (verdicts.length === 0 || verdicts.some((v) => v === 'error' || v === 'blocked')) return 3;
  if (!verdicts.includes('passed')) return 3;
  return 0;
}

const gate = (overrides: Partial<GateConfig>): GateConfig => ({ ...defaultGate, ...overrides });

describe('evaluateGate', () => {
  it.each<[string, Record<string, ScenarioVerdict>, Partial<GateConfig>, number, RegExp | undefined]>([
    ['all passed', { a: 'passed', b: 'passed' }, {}, 0, undefined],
    [
      'a failure',
      { a: 'passed', b: 'failed' },
      {},
      1,
      /pass rate 0\.5 \(1\/2\) is below min_pass_rate 1: b failed/,
    ],
    ['a failure within min_pass_rate', { a: 'passed', b: 'failed' }, { minPassRate: 0.5 }, 0, undefined],
    ['flaky', { a: 'flaky' }, {}, 1, /flaky scenarios are not allowed \(allow_flaky: false\): a pass@1 0\.5/],
    ['flaky allowed', { a: 'flaky', b: 'passed' }, { allowFlaky: true }, 0, undefined],
    [
      'an error',
      { a: 'passed', b: 'error' },
      {},
      3,
      /infrastructure error rate 0\.5 \(1\/2\) is above max_infra_error_rate 0: b error/,
    ],
    [
      'an error within max_infra_error_rate',
      { a: 'passed', b: 'blocked' },
      { maxInfraErrorRate: 0.5 },
      0,
      undefined,
    ],
    ['a failure outweighs an error', { a: 'failed', b: 'error' }, {}, 1, /infrastructure error rate/],
    ['nothing judged', { a: 'skipped' }, {}, 3, /no scenario could be judged/],
    ['no scenario at all', {}, {}, 3, /no scenario could be judged/],
    [
      'a required scenario missing',
      { a: 'passed' },
      { required: ['a', 'stress'] },
      1,
      /required scenario stress not in this run \(the paths given did not load it/,
    ],
    [
      'a required scenario failing',
      { a: 'failed' },
      { required: ['a'], minPassRate: 0 },
      1,
      /required scenario a did not pass \(failed\)/,
    ],
    [
      'a required scenario blocked',
      { a: 'passed', b: 'blocked' },
      { required: ['b'], maxInfraErrorRate: 1 },
      3,
      /required scenario b could not be judged \(blocked\)/,
    ],
    [
      'a required flaky scenario with allow_flaky',
      { a: 'flaky' },
      { required: ['a'], allowFlaky: true },
      0,
      undefined,
    ],
  ])('%s → %i', (_what, verdicts, overrides, exitCode, reason) => {
    const result = evaluateGate(reportOf(verdicts), gate(overrides));
    expect(result.exitCode).toBe(exitCode);
    if (reason) expect(result.reasons.join('\n')).toMatch(reason);
    else expect(result.reasons).toEqual([]);
  });

  it('an interrupted run exits 130 whatever the verdicts', () => {
    expect(evaluateGate(reportOf({ a: 'failed' }, true))).toEqual({
      exitCode: 130,
      reasons: ['the run was interrupted: the report is partial, run it again to judge'],
      deferred: [],
    });
  });

  it('a required scenario left out by --grep says so', () => {
    const report = { ...reportOf({ a: 'passed' }), options: { grep: 'calc' } };
    expect(evaluateGate(report, gate({ required: ['hello'] })).reasons).toEqual([
      'required scenario hello not in this run (--grep "calc" or the paths given left it out)',
    ]);
  });

  it('a shard does not judge a required scenario whose attempts all ran in other shards', () => {
    const report = { ...reportOf({ a: 'passed', hello: 'skipped' }), shard: { index: 2, total: 2 } };
    const result = evaluateGate(report, gate({ required: ['hello'] }));
    expect(result.exitCode).toBe(0);
    expect(result.reasons).toEqual([]);
    expect(result.deferred).toEqual([
      'required scenario hello has no attempt in shard 2/2: judged when the shards are merged (obra-validate report)',
    ]);
    // The merged report (no shard) judges it: skipped there means it never ran.
    const merged = evaluateGate(reportOf({ a: 'passed', hello: 'skipped' }), gate({ required: ['hello'] }));
    expect(merged.exitCode).toBe(1);
    expect(merged.reasons).toEqual(['required scenario hello did not pass (skipped)']);
  });

  it('the default gate exits exactly as the gate before it did (property)', () => {
    const verdict = fc.constantFrom<ScenarioVerdict>(
      'passed',
      'failed',
      'flaky',
      'error',
      'blocked',
      'skipped',
    );
    fc.assert(
      fc.property(fc.array(verdict, { maxLength: 8 }), fc.boolean(), (verdicts, interrupted) => {
        const report = reportOf(Object.fromEntries(verdicts.map((v, i) => [`s${i}`, v])), interrupted);
        expect(exitCodeFor(report)).toBe(legacyExitCode(report));
      }),
      { numRuns: 500 },
    );
  });

  it('a regression against the baseline fails the gate (1) unless allow_regressions', () => {
    const runs = sampleRuns();
    const baseline = baselineFromReport(buildReport(runs.passing!));
    // Same verdicts as the baseline, but calculator#2 slower and hungrier: only metric regressions.
    const slower = runs.passing!.map((e) =>
      e.type === 'attempt_end' && e.attemptId === 'calculator#2'
        ? { ...e, metrics: { ...e.metrics, p50TaskMs: 3000, p95TaskMs: 4000, totalTokens: 9000 } }
        : e,
    );
    const current = buildReport(slower);
    expect(evaluateGate(current).exitCode).toBe(0);
    const compared = withBaseline(current, compareWithBaseline(current, baseline));
    const result = evaluateGate(compared);
    expect(result.exitCode).toBe(1);
    expect(result.reasons).toEqual([
      'regression against baseline 20261125-080000-pass: calculator p50TaskMs 900 → 1950 (+117%, noise band 25%)',
      'regression against baseline 20261125-080000-pass: calculator p95TaskMs 1000 → 2500 (+150%, noise band 25%)',
      'regression against baseline 20261125-080000-pass: calculator totalTokens 3850 → 6425 (+67%)',
    ]);
    expect(evaluateGate(compared, gate({ allowRegressions: true })).exitCode).toBe(0);
  });
});
