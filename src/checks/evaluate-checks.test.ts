import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Check } from '../scenario/index.js';
import { evaluateChecks } from './evaluate-checks.js';
import { withChecks } from './test-helpers/attempt.js';
import { type CalculatorAttempt, calculatorAttempt } from './test-helpers/calculator.js';
import { commandCheck, fileCheck, sqlCheck, taskCheck } from './test-helpers/scenario.js';

let attempt: CalculatorAttempt;
beforeAll(async () => {
  attempt = await calculatorAttempt();
});
afterAll(() => attempt?.cleanup());

describe('evaluateChecks', () => {
  it('evaluates every declared check in order: id, kind, title or name, severity and location from the check', async () => {
    const checks: Check[] = [
      taskCheck({ task: 'calc', status: 'completed', severity: 'blocker' }),
      { ...fileCheck({ path: 'calculator.py', contains: ['def add'] }), name: 'the calculator exists' },
      commandCheck({ command: 'exit 1' }),
      sqlCheck({ sql: 'SELECT 1 AS one', rows: [{ one: 1 }], severity: 'minor' }),
    ];
    const results = await evaluateChecks(withChecks(attempt.ctx, checks));
    expect(results.map((r) => [r.id, r.kind, r.status, r.severity])).toEqual([
      ['checks[0]', 'task', 'passed', 'blocker'],
      ['checks[1]', 'file', 'passed', 'major'],
      ['checks[2]', 'command', 'failed', 'major'],
      ['checks[3]', 'sql', 'passed', 'minor'],
    ]);
    expect(results.map((r) => r.title)).toEqual([
      'task calc: status completed',
      'the calculator exists',
      'command exit 1',
      'sql SELECT 1 AS one',
    ]);
    for (const r of results) {
      expect(r.location).toEqual({ file: 'scenarios/test.yaml', line: 3, col: 5 });
      expect(r.durationMs).toBeGreaterThanOrEqual(0);
    }
    expect(results[2]!.evidence).toEqual(['attempts/test-1/checks/checks-2.log']);
  });

  it('an exception out of an evaluator becomes an error result that says it is a harness bug, with the stack', async () => {
    const bogus = { ...fileCheck({ path: 'x' }), kind: 'bogus' } as unknown as Check;
    const [result] = await evaluateChecks(withChecks(attempt.ctx, [bogus]));
    expect(result).toMatchObject({ id: 'checks[0]', status: 'error', kind: 'bogus' });
    expect(result!.message).toMatch(
      /^harness bug \(obra-validate, not the orchestrator\) while evaluating checks\[0\] \(bogus\): no evaluator for check kind "bogus"/,
    );
    expect(result!.message).toMatch(/\n\s+at /);
  });

  it('checks after an interruption are skipped', async () => {
    const controller = new AbortController();
    controller.abort();
    const results = await evaluateChecks({
      ...withChecks(attempt.ctx, [
        commandCheck({ command: 'sleep 5' }),
        taskCheck({ task: 'calc', status: 'completed' }),
      ]),
      signal: controller.signal,
    });
    expect(results.map((r) => r.status)).toEqual(['skipped', 'skipped']);
    expect(results[0]!.message).toBe('the run was interrupted before this check ran');
  });

  it('a scenario without checks gives no results', async () => {
    expect(await evaluateChecks(withChecks(attempt.ctx, []))).toEqual([]);
  });
});
