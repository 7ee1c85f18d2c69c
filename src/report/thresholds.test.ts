import { describe, expect, it } from 'vitest';
import type { PlannedScenario, ScenarioThresholds } from '../events/index.js';
import { buildReport } from './build-report.js';
import { eventLog } from './test-helpers/sample-runs.js';

/** One scenario with two attempts (the second slower), declaring `thresholds`. */
function run(
  thresholds: ScenarioThresholds | undefined,
  verdicts: ['passed' | 'failed', 'passed' | 'failed'],
) {
  const scenario: PlannedScenario = {
    name: 'stress',
    file: 'scenarios/stress.yaml',
    attempts: 2,
    tasks: 10,
    needs: [],
    tags: [],
    ...(thresholds ? { thresholds } : {}),
  };
  return buildReport(
    eventLog({
      runId: '20261202-010000-thr',
      scenarios: [scenario],
      attempts: verdicts.map((verdict, i) => ({
        scenario: 'stress',
        attempt: i + 1,
        verdict,
        durationMs: 1000,
        metrics: {
          p50TaskMs: 4000 + i * 1000,
          p95TaskMs: 20_000 + i * 15_000,
          totalTokens: 9000,
          costUsd: 0.5,
        },
      })),
      end: { durationMs: 3000, interrupted: false },
    }),
  );
}

describe('scenario thresholds: performance in the readiness assessment', () => {
  it.each<[string, ScenarioThresholds, string[]]>([
    ['all met', { passRate: 1, p95TaskS: 40, p50TaskS: 6, maxTokens: 9000, maxCostUsd: 1 }, []],
    // The worst judged attempt counts: its p95 is 35 s.
    ['p95 over', { p95TaskS: 30 }, ['scenario stress: p95_task_s 35 s above its threshold 30 s']],
    [
      'p50 and tokens over',
      { p50TaskS: 4, maxTokens: 8000 },
      [
        'scenario stress: p50_task_s 5 s above its threshold 4 s',
        'scenario stress: max_tokens 9000 above its threshold 8000',
      ],
    ],
    [
      'cost over',
      { maxCostUsd: 0.25 },
      ['scenario stress: max_cost_usd 0.5 USD above its threshold 0.25 USD'],
    ],
  ])('%s', (_name, thresholds, risks) => {
    const report = run(thresholds, ['passed', 'passed']);
    expect(report.readiness.risks).toEqual(risks);
    expect(report.readiness.status).toBe(risks.length > 0 ? 'READY_WITH_RISKS' : 'READY');
    expect(report.scenarios[0]!.thresholds!.every((t) => t.met)).toBe(risks.length === 0);
  });

  it('compares pass_rate with pass@1, and leaves a scenario without thresholds as it was', () => {
    const flaky = run({ passRate: 1 }, ['passed', 'failed']);
    expect(flaky.scenarios[0]!.thresholds).toEqual([
      { metric: 'pass_rate', limit: 1, actual: 0.5, unit: '', met: false },
    ]);
    expect(flaky.readiness.risks).toContain('scenario stress: pass_rate 0.5 below its threshold 1');
    const none = run(undefined, ['passed', 'passed']);
    expect(none.scenarios[0]).not.toHaveProperty('thresholds');
    expect(none.readiness.status).toBe('READY');
  });
});
