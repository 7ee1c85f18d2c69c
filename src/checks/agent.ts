import type { AgentCheck } from '../scenario/index.js';
import type { AttemptContext } from './context.js';
import { callLabel, eventsOf } from './core-events.js';
import { fromProblems } from './outcome.js';
import { listSome, plural, quote } from './text.js';
import type { CheckEvaluator, CheckOutcome } from './types.js';

function expectation(check: AgentCheck): string {
  const parts: string[] = [];
  if (check.argvContains.length > 0)
    parts.push(`every call's argv contains ${check.argvContains.map((a) => quote(a)).join(', ')}`);
  if (check.argvNotContains.length > 0) {
    parts.push(`no call's argv contains ${check.argvNotContains.map((a) => quote(a)).join(', ')}`);
  }
  if (check.minCalls !== undefined) parts.push(`at least ${plural(check.minCalls, 'call')}`);
  if (check.maxCalls !== undefined) parts.push(`at most ${plural(check.maxCalls, 'call')}`);
  return parts.join(', ') || 'nothing asserted';
}

function evaluate(check: AgentCheck, ctx: AttemptContext): CheckOutcome {
  const calls = eventsOf(ctx.coreEvents, 'agent_call_end').map(({ event }) => event);
  const problems: string[] = [];
  if (check.argvContains.length > 0 && calls.length === 0) {
    problems.push('no agent call was made, so no argv could contain anything');
  }
  for (const item of check.argvContains) {
    const lacking = calls.filter((c) => !c.argv.includes(item));
    if (lacking.length > 0) {
      problems.push(
        `${lacking.length} of ${calls.length} calls lack ${quote(item)}: ${listSome(
          lacking.map((c) => callLabel(ctx, c)),
          5,
        )} (first argv: ${quote(lacking[0]!.argv.join(' '), 300)})`,
      );
    }
  }
  for (const item of check.argvNotContains) {
    const having = calls.filter((c) => c.argv.includes(item));
    if (having.length > 0) {
      problems.push(
        `${having.length} of ${calls.length} calls pass ${quote(item)}: ${listSome(
          having.map((c) => callLabel(ctx, c)),
          5,
        )}`,
      );
    }
  }
  if (check.minCalls !== undefined && calls.length < check.minCalls) {
    problems.push(`${plural(calls.length, 'agent call')}, expected at least ${check.minCalls}`);
  }
  if (check.maxCalls !== undefined && calls.length > check.maxCalls) {
    problems.push(`${plural(calls.length, 'agent call')}, expected at most ${check.maxCalls}`);
  }
  const first = calls[0];
  const actual = `${plural(calls.length, 'agent call')}${first ? `; first argv: ${quote(first.argv.join(' '), 300)}` : ''}`;
  return fromProblems(expectation(check), actual, problems);
}

/** `agent`: how the agent was invoked (argv items, number of calls), from the agent_call_end events. */
export const agentCheck: CheckEvaluator<AgentCheck> = {
  title: (check) => `agent ${expectation(check)}`,
  evaluate,
};
