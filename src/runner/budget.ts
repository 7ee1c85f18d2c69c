import type { OrchestratorEvent } from '../core/index.js';
import type { CheckResult } from '../events/index.js';
import type { Budgets } from '../scenario/index.js';

export interface Budget {
  /** Aborts on Ctrl+C (the run's signal) or when a budget is exceeded. */
  signal: AbortSignal;
  observe(event: OrchestratorEvent): void;
  /** One result per budget: exceeded budgets fail (the attempt is still checked). */
  results(): CheckResult[];
  dispose(): void;
}

/** Wall-clock, turn and token budgets of an attempt, enforced by aborting the orchestrator. */
export function createBudget(budgets: Budgets, runSignal: AbortSignal): Budget {
  const controller = new AbortController();
  const started = performance.now();
  let exceeded: { budget: string; limit: number; actual: number } | undefined;
  let turns = 0;
  let tokens = 0;
  const stop = (budget: string, limit: number, actual: number) => {
    if (!exceeded) exceeded = { budget, limit, actual };
    controller.abort(new Error(`${budget} budget exceeded`));
  };
  const timer = setTimeout(
    () => stop('wall', budgets.wallMs, Math.round(performance.now() - started)),
    budgets.wallMs,
  );
  const onRunAbort = () => controller.abort(runSignal.reason);
  if (runSignal.aborted) onRunAbort();
  else runSignal.addEventListener('abort', onRunAbort, { once: true });

  const result = (
    budget: string,
    limit: number | undefined,
    actual: number,
    unit: string,
  ): CheckResult | undefined => {
    if (limit === undefined) return undefined;
    const over = exceeded?.budget === budget || actual > limit;
    // stop_expected: the stop is the path under test; the check holds when a budget stopped the attempt.
    const failed = budgets.stopExpected === true ? exceeded === undefined : over;
    const message = budgets.stopExpected
      ? `the scenario expects a budget to stop the attempt, but none ran out (stop_expected)`
      : `the attempt exceeded its ${budget} budget and was stopped`;
    return {
      id: `budget:${budget}`,
      kind: 'budget',
      title: `${budget} budget ${limit}${unit}${budgets.stopExpected ? ' (meant to stop the attempt)' : ''}`,
      status: failed ? 'failed' : 'passed',
      severity: 'major',
      expected: budgets.stopExpected ? 'a budget stops the attempt' : `≤ ${limit}${unit}`,
      actual: `${exceeded?.budget === budget ? exceeded.actual : actual}${unit}`,
      ...(failed ? { message, findingKind: budgets.stopExpected ? 'budget_not_reached' : 'timeout' } : {}),
      evidence: [],
      durationMs: 0,
    };
  };
  return {
    signal: controller.signal,
    observe(event) {
      if (event.type !== 'agent_call_end') return;
      turns += event.numTurns;
      tokens += event.usage.inputTokens + event.usage.outputTokens;
      if (budgets.turns !== undefined && turns > budgets.turns) stop('turns', budgets.turns, turns);
      if (budgets.tokens !== undefined && tokens > budgets.tokens) stop('tokens', budgets.tokens, tokens);
    },
    results() {
      const wallActual =
        exceeded?.budget === 'wall' ? exceeded.actual : Math.round(performance.now() - started);
      return [
        result('wall', budgets.wallMs, wallActual, 'ms'),
        result('turns', budgets.turns, turns, ' turns'),
        result('tokens', budgets.tokens, tokens, ' tokens'),
      ].filter((r): r is CheckResult => r !== undefined);
    },
    dispose() {
      clearTimeout(timer);
      runSignal.removeEventListener('abort', onRunAbort);
    },
  };
}
