import { describe, expect, it } from 'vitest';
import { expectedTaskErrors, expectsStoreFailure } from './expected-errors.js';
import { taskCheck, testScenario } from './test-helpers/scenario.js';

describe('the errors a scenario declares as its path', () => {
  const scenario = testScenario([
    taskCheck({ task: 'a', error: 'agent_timeout' }),
    taskCheck({ task: 'b', error: 'api_error', whenAgent: ['claude-code'] }),
    taskCheck({ task: '*', error: 'ignored' }),
    taskCheck({ task: 'c', status: 'failed' }),
  ]);

  it('maps each task to the error its task check expects, for the agent that runs', () => {
    expect([...expectedTaskErrors(scenario, 'claude-code')]).toEqual([
      ['a', 'agent_timeout'],
      ['b', 'api_error'],
    ]);
    expect([...expectedTaskErrors(scenario, 'oracle')]).toEqual([['a', 'agent_timeout']]);
  });

  it('a store failure is expected only on the locked task, with store_unavailable', () => {
    const locked = { ...scenario, store: { inWorkspace: false, lockedFrom: 'x' } };
    expect(expectsStoreFailure(locked, new Map([['x', 'store_unavailable']]))).toBe(true);
    expect(expectsStoreFailure(locked, new Map([['y', 'store_unavailable']]))).toBe(false);
    expect(expectsStoreFailure(scenario, new Map([['x', 'store_unavailable']]))).toBe(false);
  });
});
