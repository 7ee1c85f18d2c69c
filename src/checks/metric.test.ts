import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricCheck } from '../scenario/index.js';
import { evaluateChecks } from './evaluate-checks.js';
import { type RealAttempt, runRealAttempt, withChecks } from './test-helpers/attempt.js';
import { metricCheck } from './test-helpers/scenario.js';

let attempt: RealAttempt;
let baselines: string;
beforeAll(async () => {
  // Two tasks through the fake Claude CLI: 3 calls of 100 + 20 tokens, one task needs 2 iterations.
  attempt = await runRealAttempt({
    agent: 'claude',
    tasks: [
      {
        key: 'a',
        title: 'Task A',
        description: 'Write a.txt',
        steps: [{ text: "I'm not sure." }, { write: { 'a.txt': 'a' } }],
      },
      { key: 'b', title: 'Task B', description: 'Write b.txt', steps: [{ write: { 'b.txt': 'b' } }] },
    ],
  });
  baselines = mkdtempSync(join(tmpdir(), 'obra-baselines-'));
  writeFileSync(
    join(baselines, 'ok.json'),
    JSON.stringify({ metrics: { total_tokens: 350, completion_rate: 1, iterations: 3 } }),
  );
  writeFileSync(
    join(baselines, 'tight.json'),
    JSON.stringify({ metrics: { total_tokens: 300, completion_rate: 1, iterations: 2 } }),
  );
  writeFileSync(join(baselines, 'bad.json'), '{ "metrics": ');
});
afterAll(() => {
  attempt?.cleanup();
  if (baselines) rmSync(baselines, { recursive: true, force: true });
});

const baseline = (name: string) => ({ written: `fixtures/baselines/${name}`, path: join(baselines, name) });

const cases: {
  name: string;
  check: () => MetricCheck;
  status: string;
  actual?: string;
  message?: RegExp;
  findingKind?: string;
}[] = [
  {
    name: 'the completion rate',
    check: () => metricCheck({ metric: 'completion_rate', equals: 1 }),
    status: 'passed',
    actual: 'completion_rate = 1',
  },
  {
    name: 'tokens under a maximum',
    check: () => metricCheck({ metric: 'total_tokens', max: 360, min: 1 }),
    status: 'passed',
    actual: 'total_tokens = 360',
  },
  {
    name: 'mean iterations',
    check: () => metricCheck({ metric: 'mean_iterations', equals: 1.5 }),
    status: 'passed',
  },
  {
    name: 'agent calls and errors',
    check: () => metricCheck({ metric: 'errors', equals: 0 }),
    status: 'passed',
  },
  {
    name: 'tokens above a maximum',
    check: () => metricCheck({ metric: 'total_tokens', max: 300 }),
    status: 'failed',
    message: /^total_tokens is 360: above the maximum 300$/,
    findingKind: 'threshold',
  },
  {
    name: 'iterations below a minimum and not equal',
    check: () => metricCheck({ metric: 'iterations', min: 4, equals: 2 }),
    status: 'failed',
    message: /^iterations is 3: below the minimum 4; expected exactly 2$/,
    findingKind: 'threshold',
  },
  {
    name: 'tokens within the baseline and its tolerance',
    check: () => metricCheck({ metric: 'total_tokens', baseline: baseline('ok.json'), tolerance: 0.1 }),
    status: 'passed',
    actual: 'total_tokens = 360 (baseline 350, limit 385)',
  },
  {
    name: 'tokens above the baseline plus tolerance',
    check: () => metricCheck({ metric: 'total_tokens', baseline: baseline('tight.json'), tolerance: 0.1 }),
    status: 'failed',
    actual: 'total_tokens = 360 (baseline 300, limit 330)',
    message:
      /^total_tokens is 360: regressed against the baseline 300 in fixtures\/baselines\/tight\.json: above 330 \(tolerance 10%\)/,
    findingKind: 'baseline_regression',
  },
  {
    name: 'iterations with zero tolerance',
    check: () => metricCheck({ metric: 'iterations', baseline: baseline('tight.json'), tolerance: 0 }),
    status: 'failed',
    findingKind: 'baseline_regression',
  },
  {
    name: 'fewer iterations than the baseline is fine',
    check: () => metricCheck({ metric: 'iterations', baseline: baseline('ok.json'), tolerance: 0 }),
    status: 'passed',
  },
  {
    name: 'a completion rate at the baseline (higher is better)',
    check: () => metricCheck({ metric: 'completion_rate', baseline: baseline('tight.json'), tolerance: 0 }),
    status: 'passed',
    actual: 'completion_rate = 1 (baseline 1, limit 1)',
  },
  {
    name: 'a missing baseline file',
    check: () => metricCheck({ metric: 'total_tokens', baseline: baseline('missing.json'), tolerance: 0.1 }),
    status: 'error',
    message:
      /^baseline fixtures\/baselines\/missing\.json cannot be read \(ENOENT.*\); create it with --update-baseline, or by hand as \{ "metrics": \{ "total_tokens": <value> \} \}$/,
  },
  {
    name: 'a baseline without the metric',
    check: () => metricCheck({ metric: 'agent_calls', baseline: baseline('ok.json'), tolerance: 0.1 }),
    status: 'error',
    message:
      /has no number at metrics\.agent_calls \(got nothing\); add it, or create it with --update-baseline/,
  },
  {
    name: 'a baseline that is not JSON',
    check: () => metricCheck({ metric: 'total_tokens', baseline: baseline('bad.json') }),
    status: 'error',
    message: /^baseline fixtures\/baselines\/bad\.json is not valid JSON/,
  },
];

describe('metric checks over a real attempt', () => {
  it.each(cases)('$name → $status', async ({ check, status, actual, message, findingKind }) => {
    const [result] = await evaluateChecks(withChecks(attempt.ctx, [check()]));
    expect(result).toMatchObject({ id: 'checks[0]', kind: 'metric', status });
    if (actual) expect(result!.actual).toBe(actual);
    if (message) expect(result!.message).toMatch(message);
    expect(result!.findingKind).toBe(findingKind);
  });

  it('reads every metric by name from the attempt aggregates', async () => {
    const m = attempt.ctx.metrics;
    expect(m).toMatchObject({ tasks: 2, tasksCompleted: 2, agentCalls: 3, iterations: 3, totalTokens: 360 });
    const [calls, p95] = await evaluateChecks(
      withChecks(attempt.ctx, [
        metricCheck({ metric: 'agent_calls', equals: 3 }),
        metricCheck({ metric: 'p95_task_s', equals: m.p95TaskMs / 1000 }),
      ]),
    );
    expect([calls!.status, p95!.status]).toEqual(['passed', 'passed']);
  });
});
