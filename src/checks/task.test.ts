import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskCheck } from '../scenario/index.js';
import { evaluateChecks } from './evaluate-checks.js';
import { withChecks } from './test-helpers/attempt.js';
import { type CalculatorAttempt, calculatorAttempt } from './test-helpers/calculator.js';
import { taskCheck } from './test-helpers/scenario.js';

let attempt: CalculatorAttempt;
beforeAll(async () => {
  attempt = await calculatorAttempt();
});
afterAll(() => attempt?.cleanup());

const cases: {
  name: string;
  check: TaskCheck;
  status: string;
  expected?: string;
  actual?: RegExp;
  message?: RegExp;
  findingKind?: string;
}[] = [
  {
    name: 'a completed task',
    check: taskCheck({ task: 'calc', status: 'completed', maxIterations: 1 }),
    status: 'passed',
    expected: 'task calc: status completed, at most 1 iteration',
    actual: /^status completed, 1 iteration, decisions \[proceed\]$/,
  },
  {
    name: 'the exact decisions',
    check: taskCheck({ task: 'nosol', decisions: ['retry', 'retry'], minIterations: 2 }),
    status: 'passed',
  },
  {
    name: 'a task that did not complete',
    check: taskCheck({ task: 'nosol', status: 'completed' }),
    status: 'failed',
    actual: /^status failed, 2 iterations, decisions \[retry, retry\]$/,
    message:
      /^task nosol: failed \(last decision retry: "no evidence of work: nothing changed in the workspace"; feedback: "The previous attempt did not complete the task: [^"]+…"\)$/,
    findingKind: 'task_not_completed',
  },
  {
    name: 'too many iterations and other decisions',
    check: taskCheck({ task: 'nosol', status: 'failed', maxIterations: 1, decisions: ['proceed'] }),
    status: 'failed',
    message: /^task nosol: 2 iterations, max 1; decisions \[retry, retry\], expected \[proceed\]$/,
  },
  {
    name: 'a status other than completed expected',
    check: taskCheck({ task: 'calc', status: 'failed' }),
    status: 'failed',
    findingKind: 'task_status',
  },
  {
    name: 'every task, one not completed',
    check: taskCheck({ task: '*', status: 'completed' }),
    status: 'failed',
    expected: 'every task: status completed',
    actual: /^2 tasks: 1 completed, 1 failed$/,
    message:
      /^1 of 2 tasks not completed: nosol \(failed \(last decision \w+: "[^"]+"(; feedback: "[^"]+")?\)\)$/,
    findingKind: 'task_not_completed',
  },
  {
    name: 'every task within 2 iterations',
    check: taskCheck({ task: '*', maxIterations: 2 }),
    status: 'passed',
  },
  {
    name: 'every task within 1 iteration',
    check: taskCheck({ task: '*', maxIterations: 1 }),
    status: 'failed',
    message: /^1 of 2 tasks miss the check: nosol \(2 iterations, max 1\)$/,
  },
  {
    name: 'a task the attempt does not have',
    check: taskCheck({ task: 'missing', status: 'completed' }),
    status: 'error',
    message: /task missing is not a task of this attempt \(tasks: calc, nosol\); fix checks\[0\]\.task/,
  },
];

describe('task checks on a real oracle attempt', () => {
  it.each(cases)('$name → $status', async ({ check, status, expected, actual, message, findingKind }) => {
    const [result] = await evaluateChecks(withChecks(attempt.ctx, [check]));
    expect(result).toMatchObject({ id: 'checks[0]', kind: 'task', status, severity: 'major' });
    if (expected) expect(result!.expected).toBe(expected);
    if (actual) expect(result!.actual).toMatch(actual);
    if (message) expect(result!.message).toMatch(message);
    expect(result!.findingKind).toBe(findingKind);
  });

  it('a summary over many failing tasks names at most 10', async () => {
    const many = Array.from({ length: 14 }, (_, i) => ({
      ...attempt.ctx.tasks[1]!,
      key: `stress-${i + 1}`,
      taskId: i + 1,
      error: { kind: 'api_error', message: 'API Error: 500' },
    }));
    const [result] = await evaluateChecks({
      ...withChecks(attempt.ctx, [taskCheck({ task: '*', status: 'completed' })]),
      tasks: many,
    });
    const cause = many[0]!.lastDecision
      ? ` (last decision ${many[0]!.lastDecision.action}: ${JSON.stringify(many[0]!.lastDecision.reason)}`
      : '';
    expect(result!.message).toMatch(`14 of 14 tasks not completed: stress-1 (failed: api_error${cause}`);
    expect(result!.message).toMatch(
      `, ${Array.from({ length: 9 }, (_, i) => `stress-${i + 2} (failed: api_error)`).join(', ')} and 4 more`,
    );
  });
});
