import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AttemptMetrics, AttemptVerdict, RunEvent } from '../events/index.js';
import { UserError } from '../shared/index.js';
import { baselineFromReport, compareWithBaseline, withBaseline } from './baseline.js';
import { readBaseline, writeBaseline } from './baseline-file.js';
import { buildReport } from './build-report.js';
import { sampleRuns } from './test-helpers/sample-runs.js';

const passingEvents = sampleRuns().passing!;
const passing = buildReport(passingEvents);
const baseline = baselineFromReport(passing);

/** The passing run with both calculator attempts changed. */
function calculatorWith(metrics: Partial<AttemptMetrics>, verdicts: AttemptVerdict[] = ['passed', 'passed']) {
  const events = passingEvents.map((e): RunEvent => {
    if (e.type !== 'attempt_end' || e.scenario !== 'calculator') return e;
    return { ...e, verdict: verdicts[e.attempt - 1]!, metrics: { ...e.metrics, ...metrics } };
  });
  return buildReport(events);
}

describe('baselineFromReport', () => {
  it('keeps verdict, pass@1 and per-attempt metrics of every scenario', () => {
    expect(baseline).toEqual({
      format: 'obra-validate-baseline',
      version: 1,
      runId: '20261125-080000-pass',
      createdAt: '2026-11-25T08:00:00.000Z',
      scenarios: {
        calculator: {
          verdict: 'passed',
          passAt1: 1,
          metrics: {
            p50TaskMs: 900,
            p95TaskMs: 1000,
            totalTokens: 3850,
            costUsd: 0.0123,
            iterations: 2,
            agentCalls: 2,
            errors: 0,
          },
        },
        stress: {
          verdict: 'passed',
          passAt1: 1,
          metrics: {
            p50TaskMs: 900,
            p95TaskMs: 1000,
            totalTokens: 38500,
            costUsd: 0.0123,
            iterations: 2,
            agentCalls: 2,
            errors: 0,
          },
        },
        'csv-regression': {
          verdict: 'passed',
          passAt1: 1,
          metrics: {
            p50TaskMs: 900,
            p95TaskMs: 1000,
            totalTokens: 7700,
            costUsd: 0.0123,
            iterations: 1,
            agentCalls: 1,
            errors: 0,
          },
        },
      },
    });
  });
});

describe('compareWithBaseline', () => {
  it.each<[string, Partial<AttemptMetrics>, string[]]>([
    ['nothing changed', {}, []],
    ['timings within the 25% noise band', { p50TaskMs: 1100, p95TaskMs: 1250 }, []],
    ['timings beyond the band but within 50 ms', { p50TaskMs: 40, p95TaskMs: 40 }, []],
    [
      'p95 beyond the band and 50 ms',
      { p95TaskMs: 1300 },
      ['calculator p95TaskMs 1000 → 1300 (+30%, noise band 25%)'],
    ],
    ['one more token', { totalTokens: 3851 }, ['calculator totalTokens 3850 → 3851 (+0%)']],
    ['fewer tokens and iterations', { totalTokens: 100, iterations: 1 }, []],
    ['more iterations', { iterations: 3 }, ['calculator iterations 2 → 3 (+50%)']],
    ['errors from zero', { errors: 1 }, ['calculator errors 0 → 1 (from 0)']],
    ['more cost and agent calls are shown, not gated', { costUsd: 1, agentCalls: 9 }, []],
  ])('%s', (_what, metrics, regressions) => {
    const comparison = compareWithBaseline(calculatorWith(metrics), baseline);
    expect(comparison.regressions.map((r) => r.message)).toEqual(regressions);
    expect(comparison.regressions.every((r) => r.kind === 'metric' && r.scenario === 'calculator')).toBe(
      true,
    );
  });

  it('reports every metric delta of a compared scenario', () => {
    const comparison = compareWithBaseline(calculatorWith({ p95TaskMs: 2000, costUsd: 0.0246 }), baseline);
    const calc = comparison.scenarios.find((s) => s.name === 'calculator')!;
    expect(calc.metrics.map((m) => [m.metric, m.delta, m.ratio, m.regression])).toEqual([
      ['p50TaskMs', 0, 0, false],
      ['p95TaskMs', 1000, 1, true],
      ['totalTokens', 0, 0, false],
      ['costUsd', 0.0123, 1, false],
      ['iterations', 0, 0, false],
      ['agentCalls', 0, 0, false],
      ['errors', 0, null, false],
    ]);
  });

  it('honours another noise band', () => {
    const slower = calculatorWith({ p95TaskMs: 1300 });
    expect(compareWithBaseline(slower, baseline, { timingNoise: 0.5 }).regressions).toEqual([]);
    expect(compareWithBaseline(slower, baseline, { minTimingDeltaMs: 500 }).regressions).toEqual([]);
  });

  it.each<[AttemptVerdict[], string, boolean]>([
    [['passed', 'failed'], 'flaky', true],
    [['failed', 'failed'], 'failed', true],
    [['passed', 'error'], 'error', false],
    [['blocked', 'blocked'], 'blocked', false],
  ])('calculator attempts %j (%s): a verdict regression: %s', (verdicts, verdict, regression) => {
    const comparison = compareWithBaseline(calculatorWith({}, verdicts), baseline);
    const calc = comparison.scenarios.find((s) => s.name === 'calculator')!;
    expect(calc.verdict).toEqual({ baseline: 'passed', current: verdict });
    const verdictRegressions = comparison.regressions.filter((r) => r.kind === 'verdict');
    expect(verdictRegressions.map((r) => r.message)).toEqual(
      regression
        ? [expect.stringMatching(`^calculator passed in baseline 20261125-080000-pass and is ${verdict} now`)]
        : [],
    );
    // Metrics are compared only when both sides ran.
    expect(calc.metrics.length > 0).toBe(verdict === 'flaky' || verdict === 'failed');
  });

  it('lists scenarios only in the run (new) or only in the baseline (missing), never as regressions', () => {
    const other = buildReport(sampleRuns().failing!);
    const comparison = compareWithBaseline(other, {
      ...baseline,
      scenarios: { ...baseline.scenarios, gone: baseline.scenarios.stress! },
    });
    expect(
      comparison.scenarios.filter((s) => s.status !== 'compared').map((s) => [s.name, s.status]),
    ).toEqual([
      ['docs', 'new'],
      ['gone', 'missing'],
    ]);
    expect(comparison.regressions.some((r) => r.scenario === 'docs' || r.scenario === 'gone')).toBe(false);
  });
});

describe('withBaseline', () => {
  it('attaches the comparison; regressions turn READY into READY_WITH_RISKS with a path to production', () => {
    const clean = withBaseline(passing, compareWithBaseline(passing, baseline));
    expect(clean.readiness).toEqual(passing.readiness);
    expect(clean.baseline?.regressions).toEqual([]);
    const slower = calculatorWith({ p95TaskMs: 5000 });
    const flagged = withBaseline(slower, compareWithBaseline(slower, baseline));
    expect(flagged.readiness.status).toBe('READY_WITH_RISKS');
    expect(flagged.readiness.risks).toEqual([
      'regression against baseline 20261125-080000-pass: calculator p95TaskMs 1000 → 5000 (+400%, noise band 25%)',
    ]);
    expect(flagged.readiness.pathToProduction.at(-1)).toMatch(
      /^fix the 1 regression against baseline .* \(--update-baseline\)$/,
    );
    expect(slower.baseline).toBeUndefined();
  });
});

describe('baseline files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'obra-baseline-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips through a file (creating its folder)', () => {
    const path = join(dir, 'baselines', 'main.json');
    writeBaseline(path, baseline);
    expect(readBaseline(path)).toEqual(baseline);
  });

  it.each<[string, string | undefined, RegExp]>([
    [
      'missing',
      undefined,
      /no baseline at .*missing\.json\. Create it from a good run with `npx obra-validate --update-baseline/,
    ],
    ['not JSON', '{"version": 1,', /is not valid JSON/],
    ['newer', '{"version": 2}', /baseline of version 2, written by a newer obra-validate/],
    [
      'wrong shape',
      '{"version": 1, "runId": "r", "createdAt": "t", "scenarios": {"a": {"verdict": "great"}}}',
      /is not an obra-validate baseline: scenarios\.a\.verdict: /,
    ],
  ])('%s file: a UserError naming it', (name, text, message) => {
    const path = join(dir, `${name.replace(/ /g, '-')}.json`);
    if (text !== undefined) writeFileSync(path, text);
    expect(() => readBaseline(path)).toThrow(UserError);
    expect(() => readBaseline(path)).toThrow(message);
  });
});
