import { expectedErrorSubtype } from './agent-output.js';
import type { CoreSpec } from './core-spec.js';
import type { WitnessedCall, WitnessedCommand } from './witnessed-calls.js';
import type { WitnessedChange } from './workspace-walk.js';

/**
 * How an agent call ended, as the witnesses tell it, and so what the orchestrator must have done with it
 * (DESIGN.md section 4): a call that did not run or printed no result fails the task; a call that hit its
 * turn cap is resumed with a higher one (or fails the task); a result the agent marks as an error, or
 * one for another session, fails the task; anything else is judged. Pure.
 */
export type CallEnd =
  | { kind: 'not-run'; errorSubtype: string }
  | { kind: 'max-turns' }
  | { kind: 'session-mismatch' }
  | { kind: 'agent-error'; errorSubtype: string }
  | { kind: 'judged' };

/** Milliseconds of difference between the harness's and the core's clocks of one event tolerated. */
export const CLOCK_SLACK_MS = 50;

export function callEnd(
  call: WitnessedCall,
  options: { spec: CoreSpec; reportsSessionId: boolean; stopped: boolean },
): CallEnd {
  if (call.spawnError !== undefined) {
    return {
      kind: 'not-run',
      errorSubtype: /ENOENT/.test(call.spawnError) ? 'agent_binary_missing' : 'agent_spawn_failed',
    };
  }
  // Killed: by a signal, or exiting with 128 + SIGTERM/SIGKILL as it handled one (Claude Code does).
  const killed = call.signal !== null || call.exitCode === 143 || call.exitCode === 137;
  if (killed && !call.inProcess) {
    const timedOut = call.end - call.start >= options.spec.agentTimeoutMs - 100;
    if (timedOut) return { kind: 'not-run', errorSubtype: 'agent_timeout' };
    if (options.stopped) return { kind: 'not-run', errorSubtype: 'agent_aborted' };
  }
  const printed = call.printed;
  if (printed === undefined) {
    return {
      kind: 'not-run',
      errorSubtype: call.exitCode === 0 ? 'agent_non_json_output' : 'agent_exit_nonzero',
    };
  }
  const subtype = expectedErrorSubtype(printed, call.exitCode);
  if (subtype === 'error_max_turns') return { kind: 'max-turns' };
  if (options.reportsSessionId && printed.sessionId !== call.sessionId) return { kind: 'session-mismatch' };
  if (printed.isError || (call.exitCode !== 0 && call.exitCode !== null)) {
    return { kind: 'agent-error', errorSubtype: subtype ?? 'agent_error' };
  }
  return { kind: 'judged' };
}

/** Whether the agent kind can echo a session id (a text-mode command agent cannot). */
export function reportsSessionId(agentKind: string, agent: { kind: string; result?: string }): boolean {
  return !(agentKind === 'command' && agent.kind === 'command' && agent.result !== 'json');
}

/** The calls of one task grouped into iterations: a call after one that hit its turn cap continues it. */
export function iterationsOf<T extends { end: CallEnd }>(calls: readonly T[]): T[][] {
  const iterations: T[][] = [];
  for (const call of calls) {
    const current = iterations.at(-1);
    if (current && current.at(-1)?.end.kind === 'max-turns') current.push(call);
    else iterations.push([call]);
  }
  return iterations;
}

/** The net change of a sequence of witnessed changes: first before and last after per path; no-ops dropped. */
export function netChanges(changes: readonly WitnessedChange[]): WitnessedChange[] {
  const net = new Map<string, WitnessedChange>();
  for (const change of changes) {
    const seen = net.get(change.path);
    if (seen) seen.after = change.after;
    else net.set(change.path, { ...change });
  }
  return [...net.values()].filter((c) => c.before !== c.after).sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** True when another agent call ran during [from, to] (its changes may be in this window). */
export function overlapped(
  calls: readonly WitnessedCall[],
  self: readonly WitnessedCall[],
  from: number,
  to: number,
): boolean {
  return calls.some((other) => !self.includes(other) && other.start < to && other.end > from);
}

/** The evidence commands that ran between two times (after a judged call, before the next call). */
export function commandsBetween(
  commands: readonly WitnessedCommand[],
  from: number,
  to: number,
): WitnessedCommand[] {
  return commands.filter((c) => c.start >= from - CLOCK_SLACK_MS && c.end <= to + CLOCK_SLACK_MS);
}

/** ISO timestamp → epoch ms (NaN for null). */
export const ms = (iso: string | null): number => (iso === null ? Number.NaN : Date.parse(iso));
