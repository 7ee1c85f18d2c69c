import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type EventsByType, eachEventOf } from '../checks/index.js';
import type { ClassifiedError, OrchestratorEvent } from '../core/index.js';
import type { RawFinding } from '../events/index.js';

/**
 * The finding kind of a task's classified error, when the error names a fault of the agent or the model
 * (docs/FAULTS.md). Undefined for errors another check or invariant already reports (session_mismatch:
 * invariant agent-session-echoed; error_max_turns: turn_cap; unexpected: harness_or_core_exception;
 * store_unavailable: database_busy or infrastructure) and for stops (agent_aborted: the budget or Ctrl+C, reported by the budget checks). Pure.
 */
export function faultKindOf(error: ClassifiedError): string | undefined {
  switch (error.kind) {
    case 'agent_exit_nonzero':
      return 'agent_crash';
    case 'agent_non_json_output':
    case 'agent_bad_result':
      return 'agent_bad_output';
    case 'agent_timeout':
      return 'timeout';
    case 'agent_binary_missing':
    case 'agent_spawn_failed':
      return 'agent_unavailable';
    case 'api_error':
      // A request the cassette does not script: the model server's cassette_miss finding says it.
      return error.message.includes('no cassette turn matches') ? undefined : modelErrorKind(error.message);
    case 'llm_error':
      return 'llm_error';
    case 'agent_aborted':
    case 'session_mismatch':
    case 'error_max_turns':
    case 'unexpected':
    case 'store_unavailable':
      return undefined;
    default:
      return 'agent_error';
  }
}

/**
 * Claude Code reports every failed model request as terminal_reason api_error; its text says which:
 * `API Error: 500 ...`, `API Error: Request rejected (429) ...`, `API Error: JSON Parse error ...`.
 */
export function modelErrorKind(message: string): string {
  const status = /API Error: (?:[A-Za-z ]*\()?([1-5]\d\d)\b/.exec(message)?.[1];
  if (status === '429' || /rate.?limit/i.test(message)) return 'model_rate_limited';
  return status === undefined ? 'model_bad_response' : 'model_http_error';
}

/**
 * One finding per task that ended on an agent or model fault: the fault named, with the task, the
 * orchestrator's classified error and the agent's logs of that task as evidence. Pure.
 */
export function faultFindings(
  events: Iterable<OrchestratorEvent> | EventsByType,
  logsOf: (taskId: number) => string[],
  /** The error kind the scenario declares as the task's path (a `task` check with `error:`): not a finding. */
  expected: (taskKey: string) => string | undefined = () => undefined,
): RawFinding[] {
  const keys = new Map<number, string>();
  for (const { event } of eachEventOf(events, ['task_start']))
    if (event.key) keys.set(event.taskId, event.key);
  const findings: RawFinding[] = [];
  for (const { event } of eachEventOf(events, ['task_end'])) {
    if (!event.error) continue;
    const kind = faultKindOf(event.error);
    if (kind === undefined) continue;
    const key = keys.get(event.taskId);
    if (key !== undefined && expected(key) === event.error.kind) continue;
    findings.push({
      kind,
      severity: 'blocker',
      message: `task ${key ?? `#${event.taskId}`} ${event.status} on ${event.error.kind}: ${event.error.message}`,
      evidence: logsOf(event.taskId),
    });
  }
  return findings;
}

/** The agent's stdout/stderr logs of one task (relative to the run directory), at most 6, newest last. */
export function agentLogs(attemptDir: string, runDir: string, taskId: number): string[] {
  const dir = join(attemptDir, 'logs');
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.startsWith(`task-${taskId}-`))
    .sort()
    .slice(-6)
    .map((name) => relative(runDir, join(dir, name)));
}
