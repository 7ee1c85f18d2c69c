import { describe, expect, it } from 'vitest';
import type { OrchestratorEvent } from '../core/index.js';
import { fixHintFor } from '../report/index.js';
import { faultFindings, faultKindOf, modelErrorKind } from './fault-findings.js';

describe('fault findings from the orchestrator classified errors', () => {
  it.each<[string, string, string | undefined]>([
    ['agent_exit_nonzero', 'command agent: killed by SIGKILL (exit status 137)', 'agent_crash'],
    ['agent_non_json_output', 'exit code 0, and stdout held no JSON result', 'agent_bad_output'],
    ['agent_bad_result', 'bad', 'agent_bad_output'],
    ['agent_timeout', 'no result after 2000 ms', 'timeout'],
    ['agent_binary_missing', 'not found on PATH', 'agent_unavailable'],
    ['api_error', 'the agent reported an error: API Error: 500 scripted', 'model_http_error'],
    ['llm_error', 'confidence scoring failed', 'llm_error'],
    ['error_during_execution', 'the agent reported an error', 'agent_error'],
    // Reported elsewhere: by an invariant, the budget checks, the cassette_miss or database findings.
    [
      'api_error',
      'API Error: 400 obra-validate model server: no cassette turn matches this request',
      undefined,
    ],
    ['session_mismatch', 'the agent reported session x', undefined],
    ['error_max_turns', 'cap', undefined],
    ['agent_aborted', 'stopped', undefined],
    ['unexpected', 'TypeError', undefined],
    ['store_unavailable', 'locked', undefined],
  ])('%s (%s) → %s', (kind, message, expected) => {
    expect(faultKindOf({ kind, message })).toBe(expected);
    // Every fault kind has a one-line fix hint in report.md.
    if (expected !== undefined) expect(fixHintFor(expected)).toMatch(/^[^\n]{20,200}$/);
  });

  it.each([
    [
      'API Error: 500 scripted internal server error. This is a server-side issue (127.0.0.1:41207)',
      'model_http_error',
    ],
    ['API Error: 529 overloaded', 'model_http_error'],
    ['API Error: Request rejected (429) · rate limited (cassette fault rate_limit)', 'model_rate_limited'],
    ['API Error: JSON Parse error: Unterminated string', 'model_bad_response'],
    ['API Error: Connection error.', 'model_bad_response'],
  ])('Claude Code says "%s" → %s', (message, kind) => {
    expect(modelErrorKind(message)).toBe(kind);
    expect(fixHintFor(kind)).toMatch(/^[^\n]{20,200}$/);
  });

  it('the database_busy finding the runner raises has a fix hint too', () => {
    expect(fixHintFor('database_busy')).toMatch(/^[^\n]{20,200}$/);
  });

  it('one blocker per task that ended on a fault, naming the task, with its logs as evidence', () => {
    const events: OrchestratorEvent[] = [
      { time: 1, type: 'task_start', taskId: 1, key: 'hello', title: 'Hello', taskType: 'task' },
      { time: 2, type: 'task_start', taskId: 2, title: 'Other', taskType: 'task' },
      {
        time: 3,
        type: 'task_end',
        taskId: 1,
        status: 'failed',
        iterations: 1,
        durationMs: 5,
        usage: {
          inputTokens: 0,
          outputTokens: 0,
          cacheCreationTokens: 0,
          cacheReadTokens: 0,
          costUsd: 0,
          turns: 0,
        },
        error: { kind: 'agent_exit_nonzero', message: 'killed by SIGKILL (exit status 137)' },
      },
      {
        time: 4,
        type: 'task_end',
        taskId: 2,
        status: 'completed',
        iterations: 1,
        durationMs: 5,
        usage: {
          inputTokens: 0,
          outputTokens: 0,
          cacheCreationTokens: 0,
          cacheReadTokens: 0,
          costUsd: 0,
          turns: 0,
        },
      },
    ];
    expect(faultFindings(events, (id) => [`logs/task-${id}.stderr.log`])).toEqual([
      {
        kind: 'agent_crash',
        severity: 'blocker',
        message: 'task hello failed on agent_exit_nonzero: killed by SIGKILL (exit status 137)',
        evidence: ['logs/task-1.stderr.log'],
      },
    ]);
  });
});
