import { plural } from '../text.js';
import { firstTurnCap, nextTurnCap } from '../witness/core-spec.js';
import { type Invariant, type Violation, violation } from './types.js';
import { iterationsOfTask, label, witnessOf } from './witness-context.js';

/**
 * Every agent call got the turn cap the configuration specifies (the scenario's `orchestrator.max_turns`
 * and `agent.max_turns` over the documented defaults): the first call of an iteration the cap of its
 * task type; a call resumed after the agent hit its cap the same session with the cap raised by the
 * factor, at most `retries` times and never past `cap`; an iteration ends at a cap only when it could
 * not rise. A Claude Code call also gets the scenario's model, permission mode and JSON output.
 */
export const turnCapsAsConfigured: Invariant = {
  name: 'turn-caps-as-configured',
  title: 'each agent call got the configured turn cap and flags',
  expected:
    "--max-turns as the configuration computes it (by task type, raised on a turn-cap resume); the scenario's model and permission mode",
  findingKind: 'turn_cap',
  severity: 'blocker',
  usesDatabase: true,
  check(ctx, db) {
    const witness = witnessOf(ctx, db);
    const violations: Violation[] = [];
    let calls = 0;
    const agent = ctx.scenario.agent;
    for (const [taskId, task] of witness.byTask) {
      for (const view of iterationsOfTask(ctx, witness, task)) {
        let expected: number | undefined = firstTurnCap(witness.spec, task.scenario.type);
        view.calls.forEach((timed, i) => {
          const call = timed.call;
          calls++;
          const where = `${label(task, taskId)} iteration ${view.number} (launch ${call.seq})`;
          if (i > 0) {
            const previous = view.calls[i - 1]!.call;
            expected = nextTurnCap(witness.spec, previous.maxTurns ?? 0, i - 1);
            if (call.resume === false || call.sessionId !== previous.sessionId) {
              violations.push(
                violation('turn_cap', `${where} did not resume the session whose call hit its turn cap`),
              );
            }
          }
          if (call.maxTurns !== undefined && call.maxTurns !== expected) {
            violations.push(
              violation(
                'turn_cap',
                `${where} got --max-turns ${call.maxTurns}, the configuration gives ${expected ?? 'no further call'}`,
              ),
            );
          }
        });
        const last = view.last;
        if (last.outcome.kind === 'max-turns') {
          const next = nextTurnCap(witness.spec, last.call.maxTurns ?? 0, view.calls.length - 1);
          if (next !== undefined) {
            violations.push(
              violation(
                'turn_cap',
                `${label(task, taskId)} iteration ${view.number} ended at --max-turns ${last.call.maxTurns}, which the configuration raises to ${next}`,
              ),
            );
          }
        }
      }
    }
    if (ctx.agentKind === 'claude-code' && agent.kind === 'claude-code') {
      const mode = agent.permissionMode ?? 'bypassPermissions';
      for (const call of witness.calls) {
        const bad: string[] = [];
        if (call.model !== agent.model)
          bad.push(`--model ${call.model ?? '(none)'}, the scenario gives ${agent.model}`);
        if (call.permission !== mode)
          bad.push(`permission ${call.permission ?? '(none)'}, the scenario gives ${mode}`);
        if (call.outputFormat !== 'json')
          bad.push(`--output-format ${call.outputFormat ?? '(none)'}, not json`);
        if (bad.length > 0) violations.push(violation('agent_args', `launch ${call.seq}: ${bad.join('; ')}`));
      }
    }
    return { checked: `${plural(calls, 'agent call')} against the configured caps and flags`, violations };
  },
};
