import { describe, expect, it } from 'vitest';
import type { OrchestratorEvent } from '../core/index.js';
import { createBudget } from './budget.js';

/** The end of one agent call with its turns and tokens, as the core emits it. */
const callEnd = (numTurns: number, inputTokens: number, outputTokens: number): OrchestratorEvent => ({
  type: 'agent_call_end',
  time: 0,
  taskId: 1,
  iteration: 1,
  sessionId: 's',
  resume: false,
  maxTurns: 30,
  agentSessionId: 's',
  argv: ['claude'],
  usage: { inputTokens, outputTokens, cacheCreationTokens: 0, cacheReadTokens: 0, costUsd: 0 },
  numTurns,
  isError: false,
  errorSubtype: undefined,
  durationMs: 10,
  interactionId: 1,
});

describe('attempt budgets (turns, tokens; wall by its timer)', () => {
  it.each<
    [string, { turns?: number; tokens?: number }, OrchestratorEvent[], Record<string, string>, boolean]
  >([
    [
      'within both',
      { turns: 10, tokens: 5000 },
      [callEnd(4, 1000, 200), callEnd(4, 1000, 200)],
      { turns: 'passed', tokens: 'passed' },
      false,
    ],
    ['turns over', { turns: 5 }, [callEnd(4, 10, 1), callEnd(4, 10, 1)], { turns: 'failed' }, true],
    // Input and output tokens count; cache tokens do not.
    [
      'tokens over',
      { tokens: 2000 },
      [callEnd(1, 1500, 400), callEnd(1, 100, 1)],
      { tokens: 'failed' },
      true,
    ],
    ['tokens at the limit', { tokens: 1900 }, [callEnd(1, 1500, 400)], { tokens: 'passed' }, false],
  ])('%s', (_name, limits, events, statuses, stopped) => {
    const budget = createBudget(
      { wallMs: 60_000, taskWallMs: 60_000, ...limits },
      new AbortController().signal,
    );
    for (const event of events) budget.observe(event);
    expect(budget.signal.aborted).toBe(stopped);
    const results = budget.results();
    expect(results.find((r) => r.id === 'budget:wall')!.status).toBe('passed');
    for (const [name, status] of Object.entries(statuses)) {
      const result = results.find((r) => r.id === `budget:${name}`)!;
      expect(result.status).toBe(status);
      if (status === 'failed') {
        expect(result).toMatchObject({
          findingKind: 'timeout',
          message: `the attempt exceeded its ${name} budget and was stopped`,
        });
      }
    }
    budget.dispose();
  });

  it('reports the value that stopped the attempt, and stops with the run (Ctrl+C)', () => {
    const budget = createBudget(
      { wallMs: 60_000, taskWallMs: 60_000, turns: 3 },
      new AbortController().signal,
    );
    budget.observe(callEnd(5, 0, 0));
    budget.observe(callEnd(5, 0, 0));
    expect(budget.results().find((r) => r.id === 'budget:turns')).toMatchObject({
      expected: '≤ 3 turns',
      actual: '5 turns',
    });
    budget.dispose();
    const run = new AbortController();
    const stopped = createBudget({ wallMs: 60_000, taskWallMs: 60_000 }, run.signal);
    run.abort(new Error('interrupted'));
    expect(stopped.signal.aborted).toBe(true);
    expect(stopped.results().map((r) => r.status)).toEqual(['passed']);
    stopped.dispose();
  });

  it('stop_expected: the budget check holds when a budget stopped the attempt, and fails when none did', () => {
    const limits = { wallMs: 60_000, taskWallMs: 60_000, turns: 1, stopExpected: true };
    const stopped = createBudget(limits, new AbortController().signal);
    stopped.observe(callEnd(2, 0, 0));
    expect(stopped.signal.aborted).toBe(true);
    expect(stopped.results().map((r) => [r.id, r.status])).toEqual([
      ['budget:wall', 'passed'],
      ['budget:turns', 'passed'],
    ]);
    stopped.dispose();
    const never = createBudget(limits, new AbortController().signal);
    never.observe(callEnd(1, 0, 0));
    expect(never.results().find((r) => r.id === 'budget:turns')).toMatchObject({
      status: 'failed',
      findingKind: 'budget_not_reached',
      expected: 'a budget stops the attempt',
    });
    never.dispose();
  });

  it('stops at the wall budget by its timer', async () => {
    const budget = createBudget({ wallMs: 50, taskWallMs: 50 }, new AbortController().signal);
    await new Promise((resolve) => budget.signal.addEventListener('abort', resolve, { once: true }));
    expect(budget.results()[0]).toMatchObject({ id: 'budget:wall', status: 'failed' });
    budget.dispose();
  });
});
