import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentCheck } from '../scenario/index.js';
import { evaluateChecks } from './evaluate-checks.js';
import { type RealAttempt, runRealAttempt, withChecks } from './test-helpers/attempt.js';
import { agentCheck } from './test-helpers/scenario.js';

let attempt: RealAttempt;
beforeAll(async () => {
  // The claude-code agent with a stand-in binary: real argv, one resumed call after error_max_turns.
  attempt = await runRealAttempt({
    agent: 'claude',
    tasks: [
      {
        key: 'a',
        title: 'Task A',
        description: 'Write a.txt',
        steps: [{ subtype: 'error_max_turns', text: '' }, { write: { 'a.txt': 'a' } }],
      },
    ],
  });
});
afterAll(() => attempt?.cleanup());

const cases: { name: string; check: AgentCheck; status: string; message?: RegExp }[] = [
  {
    name: 'every call has a turn cap and JSON output',
    check: agentCheck({ argvContains: ['--max-turns', '--output-format'], minCalls: 2, maxCalls: 2 }),
    status: 'passed',
  },
  {
    name: 'no call asks for stream-json',
    check: agentCheck({ argvNotContains: ['stream-json'] }),
    status: 'passed',
  },
  {
    name: 'a flag only the first call passes',
    check: agentCheck({ argvContains: ['--session-id'] }),
    status: 'failed',
    message:
      /^1 of 2 calls lack "--session-id": task a \(#1\) iteration 1 \(first argv: ".*--resume [0-9a-f-]+ --max-turns 8/,
  },
  {
    name: 'a flag no call may pass',
    check: agentCheck({ argvNotContains: ['--resume'] }),
    status: 'failed',
    message: /^1 of 2 calls pass "--resume": task a \(#1\) iteration 1$/,
  },
  {
    name: 'too few and too many calls',
    check: agentCheck({ minCalls: 3 }),
    status: 'failed',
    message: /^2 agent calls, expected at least 3$/,
  },
  {
    name: 'at most one call',
    check: agentCheck({ maxCalls: 1 }),
    status: 'failed',
    message: /^2 agent calls, expected at most 1$/,
  },
];

describe('agent checks over the agent_call_end events of a real attempt', () => {
  it.each(cases)('$name → $status', async ({ check, status, message }) => {
    const [result] = await evaluateChecks(withChecks(attempt.ctx, [check]));
    expect(result).toMatchObject({ id: 'checks[0]', kind: 'agent', status });
    expect(result!.actual).toMatch(
      /^2 agent calls; first argv: ".*claude -p <prompt: \d+ chars> --output-format json --session-id/,
    );
    if (message) expect(result!.message).toMatch(message);
  });

  it.each([
    ['argv only: skipped', agentCheck({ argvContains: ['--max-turns'] }), 'skipped', undefined],
    [
      'with a call count: the count is still checked',
      agentCheck({ argvContains: ['--max-turns'], maxCalls: 1 }),
      'failed',
      '2 agent calls, expected at most 1',
    ],
  ])(
    'argv assertions do not apply when --agent replaced the scenario agent (%s)',
    async (_name, check, status, message) => {
      const ctx = withChecks(attempt.ctx, [check]);
      const [result] = await evaluateChecks({ ...ctx, agentKind: 'oracle' });
      expect(result).toMatchObject({ status });
      if (message) expect(result!.message).toBe(message);
      expect(`${result!.message} ${result!.actual}`).toMatch(
        /argv assertions are about the scenario's claude-code agent, and this attempt ran the oracle agent instead/,
      );
    },
  );

  it('an argv assertion with no agent call at all fails', async () => {
    const ctx = {
      ...withChecks(attempt.ctx, [agentCheck({ argvContains: ['--max-turns'] })]),
      coreEvents: [],
    };
    const [result] = await evaluateChecks(ctx);
    expect(result).toMatchObject({
      status: 'failed',
      actual: '0 agent calls',
      message: 'no agent call was made, so no argv could contain anything',
    });
  });
});
