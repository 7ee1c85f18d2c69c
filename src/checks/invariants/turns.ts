import { callLabel, eachEventOf, taskLabel } from '../core-events.js';
import { plural } from '../text.js';
import { type Invariant, type Violation, violation } from './types.js';

/**
 * 9. `--max-turns` is passed as computed: a claude-code call's argv has `--max-turns` followed by
 * exactly the event's maxTurns, and a call that resumes after error_max_turns gets a higher cap than
 * the call that hit it; no task ends at a cap it could not raise (the original's caps were too low to
 * finish).
 */
export const maxTurnsAsComputed: Invariant = {
  name: 'max-turns-as-computed',
  title: '--max-turns passed as computed',
  expected:
    'claude-code argv has --max-turns <maxTurns>; a resume after error_max_turns raises the cap of the same session; no task ends in error_max_turns unless the scenario expects it',
  findingKind: 'turn_cap',
  severity: 'blocker',
  usesDatabase: false,
  check(ctx) {
    const violations: Violation[] = [];
    // Per session, its last call's cap and how it ended; per task, its last call's cap: not the calls.
    const previous = new Map<string, { maxTurns: number; errorSubtype: string | undefined }>();
    const lastCap = new Map<number, number>();
    let calls = 0;
    for (const { event: call } of eachEventOf(ctx.coreEvents, ['agent_call_end'])) {
      calls++;
      const where = `the agent call of ${callLabel(ctx, call)}`;
      if (ctx.agentKind === 'claude-code') {
        const at = call.argv.indexOf('--max-turns');
        const passed = at >= 0 ? call.argv[at + 1] : undefined;
        if (passed !== String(call.maxTurns)) {
          violations.push(
            violation(
              'turn_cap',
              `${where} computed maxTurns ${call.maxTurns} but its argv passes ${at < 0 ? 'no --max-turns' : `--max-turns ${passed ?? '(nothing)'}`}`,
            ),
          );
        }
      }
      const before = previous.get(call.sessionId);
      if (call.resume && before?.errorSubtype === 'error_max_turns' && call.maxTurns <= before.maxTurns) {
        violations.push(
          violation(
            'turn_cap',
            `${where} resumed session ${call.sessionId} after error_max_turns at ${before.maxTurns} turns with a cap of ${call.maxTurns}; the cap must go up`,
          ),
        );
      }
      previous.set(call.sessionId, { maxTurns: call.maxTurns, errorSubtype: call.errorSubtype });
      lastCap.set(call.taskId, call.maxTurns);
    }
    // A task the scenario expects to end at its cap (`{ task: K, error: error_max_turns }`) may.
    const expected = new Set(
      ctx.scenario.checks.flatMap((c) =>
        c.kind === 'task' && c.error === 'error_max_turns' ? [c.task] : [],
      ),
    );
    const keys = new Map(ctx.tasks.map((t) => [t.taskId, t.key]));
    for (const { event } of eachEventOf(ctx.coreEvents, ['task_end'])) {
      if (event.error?.kind !== 'error_max_turns') continue;
      if (expected.has(keys.get(event.taskId) ?? '')) continue;
      const last = lastCap.get(event.taskId);
      violations.push(
        violation(
          'turn_cap',
          `${taskLabel(ctx, event.taskId)} ended at the turn cap (--max-turns ${last ?? '?'}, not raised further): the cap is too low for the task`,
        ),
      );
    }
    return { checked: plural(calls, 'agent call'), violations };
  },
};
