import { plural } from '../text.js';
import { isModelRequest } from '../witness/wire-log.js';
import { type Invariant, type Violation, violation } from './types.js';
import { witnessOf } from './witness-context.js';

/**
 * The agent's calls and the model server agree (Claude Code): each call that ran reached the model,
 * every request it made carried its session id and its model, the first one asked its prompt, and the
 * reply it printed is the text the server last served it; no request carries a session no call had.
 * Two witnesses, neither written by the orchestrator, that the other invariants rely on.
 */
export const wireMatchesCalls: Invariant = {
  name: 'wire-matches-calls',
  title: "the agent's calls and the model server's log agree",
  expected:
    'each call reached the model with its session, model and prompt; what it printed is what was served; no stray session on the wire',
  findingKind: 'wire_mismatch',
  severity: 'blocker',
  usesDatabase: true,
  check(ctx, db) {
    const witness = witnessOf(ctx, db);
    const violations: Violation[] = [];
    if (ctx.agentKind !== 'claude-code' || witness.sources.wire === undefined) {
      return { checked: `no Claude Code calls on a logged wire (agent ${ctx.agentKind})`, violations };
    }
    let checked = 0;
    for (const call of witness.calls) {
      if (call.spawnError !== undefined) continue;
      checked++;
      const where = `launch ${call.seq} (session ${call.sessionId})`;
      // A call with no request on the wire (a stand-in binary, a call that failed first) has nothing to compare.
      if (call.wire.length === 0) continue;
      const models = new Set(call.wire.map((r) => r.model));
      if (models.size !== 1 || !models.has(call.model)) {
        violations.push(
          violation(
            'wire_mismatch',
            `${where} asked the model as ${[...models].join(', ')}, its command line says ${call.model}`,
          ),
        );
      }
      const asked = call.wire.find((r) => r.asked !== undefined)?.asked;
      if (call.prompt !== undefined && asked !== undefined && !asked.includes(call.prompt)) {
        violations.push(
          violation('wire_mismatch', `${where}: the model was not asked the prompt on its command line`),
        );
      }
      const lastServed = [...call.wire].reverse().find((r) => r.served !== undefined)?.served;
      const printed = call.printed;
      if (
        printed &&
        !printed.isError &&
        lastServed &&
        lastServed.stopReason === 'end_turn' &&
        printed.text.trim() !== lastServed.text.trim()
      ) {
        violations.push(
          violation(
            'wire_mismatch',
            `${where} printed a reply that is not the text the model served it last`,
          ),
        );
      }
    }
    const sessions = new Set(witness.calls.map((c) => c.sessionId));
    const stray = witness.wire.requests.filter(
      (r) => isModelRequest(r) && r.sessionId !== undefined && !sessions.has(r.sessionId),
    );
    if (stray.length > 0) {
      violations.push(
        violation(
          'wire_mismatch',
          `${plural(stray.length, 'model request')} carried session ${stray[0]!.sessionId}, which no witnessed call was given`,
        ),
      );
    }
    const note = witness.wire.cut ? ' (the log reached its bound: later requests were not compared)' : '';
    return {
      checked: `${plural(checked, 'call')} against ${plural(witness.wire.requests.length, 'logged request')}${note}`,
      violations,
    };
  },
};
