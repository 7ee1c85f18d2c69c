import type { Scenario } from '../scenario/index.js';

/**
 * The errors a scenario declares as the path its tasks take (`{ task: K, error: KIND }` checks that apply
 * to the attempt's agent): task id → error kind. Such an error is what the scenario tests, so it is not
 * also reported as a fault finding, and a store failure the scenario provokes (`store.locked_from`) is
 * judged by the checks rather than ending the attempt as "could not judge". Pure.
 */
export function expectedTaskErrors(scenario: Scenario, agentKind: string): ReadonlyMap<string, string> {
  const expected = new Map<string, string>();
  for (const check of scenario.checks) {
    if (check.kind !== 'task' || check.error === undefined || check.task === '*') continue;
    if (check.whenAgent && !check.whenAgent.includes(agentKind as never)) continue;
    expected.set(check.task, check.error);
  }
  return expected;
}

/** The scenario provokes a store failure on this task and expects it to end on it. */
export function expectsStoreFailure(scenario: Scenario, expected: ReadonlyMap<string, string>): boolean {
  const task = scenario.store.lockedFrom;
  return task !== undefined && expected.get(task) === 'store_unavailable';
}
