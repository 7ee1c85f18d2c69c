import type { AgentCheck } from '../scenario/index.js';
import type { AttemptContext } from './context.js';
import { callLabel, type EventOf, eventsOf } from './core-events.js';
import { fromProblems, skipped } from './outcome.js';
import { listSome, plural, quote } from './text.js';
import type { CheckEvaluator, CheckOutcome } from './types.js';

type Call = EventOf<'agent_call_end'>;

function expectation(check: AgentCheck): string {
  const parts: string[] = [];
  if (check.argvContains.length > 0) {
    parts.push(`every call's argv contains ${check.argvContains.map((a) => quote(a)).join(', ')}`);
  }
  if (check.argvNotContains.length > 0) {
    parts.push(`no call's argv contains ${check.argvNotContains.map((a) => quote(a)).join(', ')}`);
  }
  if (check.minCalls !== undefined) parts.push(`at least ${plural(check.minCalls, 'call')}`);
  if (check.maxCalls !== undefined) parts.push(`at most ${plural(check.maxCalls, 'call')}`);
  return parts.join(', ') || 'nothing asserted';
}

function countProblems(check: AgentCheck, count: number): string[] {
  const problems: string[] = [];
  if (check.minCalls !== undefined && count < check.minCalls) {
    problems.push(`${plural(count, 'agent call')}, expected at least ${check.minCalls}`);
  }
  if (check.maxCalls !== undefined && count > check.maxCalls) {
    problems.push(`${plural(count, 'agent call')}, expected at most ${check.maxCalls}`);
  }
  return problems;
}

function argvProblems(check: AgentCheck, calls: readonly Call[], ctx: AttemptContext): string[] {
  const problems: string[] = [];
  if (check.argvContains.length > 0 && calls.length === 0) {
    problems.push('no agent call was made, so no argv could contain anything');
  }
  const labels = (list: readonly Call[]) =>
    listSome(
      list.map((c) => callLabel(ctx, c)),
      5,
    );
  for (const item of check.argvContains) {
    const lacking = calls.filter((c) => !c.argv.includes(item));
    if (lacking.length > 0) {
      problems.push(
        `${lacking.length} of ${calls.length} calls lack ${quote(item)}: ${labels(lacking)} (first argv: ${quote(lacking[0]!.argv.join(' '), 300)})`,
      );
    }
  }
  for (const item of check.argvNotContains) {
    const having = calls.filter((c) => c.argv.includes(item));
    if (having.length > 0)
      problems.push(`${having.length} of ${calls.length} calls pass ${quote(item)}: ${labels(having)}`);
  }
  return problems;
}

function evaluate(check: AgentCheck, ctx: AttemptContext): CheckOutcome {
  const expected = expectation(check);
  const calls = eventsOf(ctx.coreEvents, 'agent_call_end').map(({ event }) => event);
  const counted = plural(calls.length, 'agent call');
  const assertsArgv = check.argvContains.length + check.argvNotContains.length > 0;
  // argv items describe the scenario's own agent CLI; `--agent oracle|null` replaced that CLI.
  if (assertsArgv && ctx.agentKind !== ctx.scenario.agent.kind) {
    const note = `argv assertions are about the scenario's ${ctx.scenario.agent.kind} agent, and this attempt ran the ${ctx.agentKind} agent instead (--agent)`;
    if (check.minCalls === undefined && check.maxCalls === undefined) return skipped(expected, note);
    return fromProblems(
      expected,
      `${counted} (argv not checked: ${note})`,
      countProblems(check, calls.length),
    );
  }
  const first = calls[0];
  const actual = `${counted}${first ? `; first argv: ${quote(first.argv.join(' '), 300)}` : ''}`;
  return fromProblems(expected, actual, [
    ...argvProblems(check, calls, ctx),
    ...countProblems(check, calls.length),
  ]);
}

/** `agent`: how the agent was invoked (argv items, number of calls), from the agent_call_end events. */
export const agentCheck: CheckEvaluator<AgentCheck> = {
  title: (check) => `agent ${expectation(check)}`,
  evaluate,
};
