import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { plural, quote } from '../text.js';
import type { InteractionRow } from '../witness/attempt-witness.js';
import { CLOCK_SLACK_MS, ms } from '../witness/call-outcome.js';
import { MAX_OUTPUT_BYTES } from '../witness/launch-witness.js';
import type { TimedCall } from '../witness/timeline.js';
import { type Invariant, type Violation, violation } from './types.js';
import { afterLock, iterationsOfTask, label, witnessOf } from './witness-context.js';

/**
 * Every agent call the harness saw (a process it started, or an in-process agent's call) has exactly one
 * interaction row, and every interaction row is a call the harness saw: the k-th call given a session id
 * is the k-th row of that session. The rows are the core's; the calls are the launch witness's.
 */
export const callsWitnessed: Invariant = {
  name: 'calls-witnessed',
  title: 'every agent call the harness saw is recorded once',
  expected:
    'each witnessed agent call has its interaction row (same session, same order) and each row is a witnessed call',
  findingKind: 'missing_interaction',
  severity: 'blocker',
  usesDatabase: true,
  check(ctx, db) {
    const witness = witnessOf(ctx, db);
    const violations: Violation[] = [];
    for (const { call, row } of witness.pairs) {
      if (row || afterLock(ctx, call.end)) continue;
      violations.push(
        violation(
          'missing_interaction',
          `the agent call the harness saw as launch ${call.seq} (session ${call.sessionId ?? '(none)'}, ${call.end - call.start} ms) has no interaction row`,
        ),
      );
    }
    for (const row of witness.unwitnessedRows) {
      violations.push(
        violation(
          'unwitnessed_interaction',
          `interaction ${row.id} (task #${row.task_id} iteration ${row.iteration}) records a call in session ${row.session_id} that the harness never saw made`,
        ),
      );
    }
    return {
      checked: `${plural(witness.calls.length, 'witnessed agent call')}, ${plural(witness.interactions.length, 'interaction')}`,
      violations,
    };
  },
};

/** Allowed difference between a recorded call duration and the witnessed one. */
const durationSlack = (witnessed: number) => 500 + witnessed / 10;

/** What an interaction row must hold for a witnessed call, column by column (undefined: not witnessed). */
function expectedColumns(timed: TimedCall): Partial<Record<keyof InteractionRow, unknown>> {
  const { call, outcome } = timed;
  const printed = outcome.kind === 'not-run' ? undefined : call.printed;
  const usage = printed?.usage ?? { input: 0, output: 0, cacheCreation: 0, cacheRead: 0, costUsd: 0 };
  return {
    ...(call.prompt === undefined ? {} : { prompt: call.prompt }),
    ...(printed ? { response: printed.text } : {}),
    agent_session_id: printed?.sessionId ?? null,
    session_id: call.sessionId,
    input_tokens: usage.input,
    output_tokens: usage.output,
    cache_creation_tokens: usage.cacheCreation,
    cache_read_tokens: usage.cacheRead,
    cost_usd: usage.costUsd,
    turns: printed?.numTurns ?? 0,
    is_error:
      outcome.kind === 'not-run' ||
      outcome.kind === 'agent-error' ||
      outcome.kind === 'max-turns' ||
      printed?.isError === true
        ? 1
        : 0,
    error_subtype:
      outcome.kind === 'not-run' || outcome.kind === 'agent-error'
        ? outcome.errorSubtype
        : outcome.kind === 'max-turns'
          ? 'error_max_turns'
          : null,
  };
}

/**
 * Each interaction row holds what its call really was: the prompt on the agent's command line, the
 * reply, session id, tokens, turns and cost the agent printed, its error as the process ended, its
 * iteration (counted from the calls), its duration (±10 %), written after the call ended, under the task
 * whose title the prompt carries.
 */
export const interactionsMatchWitness: Invariant = {
  name: 'interactions-match-witness',
  title: 'each interaction holds what its witnessed call was',
  expected:
    'prompt, response, agent session id, usage, turns, cost, error, iteration and duration of each interaction equal what the harness saw the agent given and print',
  findingKind: 'record_mismatch',
  severity: 'blocker',
  usesDatabase: true,
  check(ctx, db) {
    const witness = witnessOf(ctx, db);
    const violations: Violation[] = [];
    let compared = 0;
    for (const [taskId, task] of witness.byTask) {
      for (const view of iterationsOfTask(ctx, witness, task)) {
        for (const timed of view.calls) {
          const row = timed.row;
          if (!row) continue;
          compared++;
          const where = `interaction ${row.id} (${label(task, taskId)} iteration ${row.iteration})`;
          const bad: string[] = [];
          for (const [column, value] of Object.entries(expectedColumns(timed))) {
            const actual = row[column as keyof InteractionRow];
            const same =
              typeof value === 'number' && typeof actual === 'number'
                ? Math.abs(value - actual) <= 1e-9
                : actual === value;
            if (!same)
              bad.push(`${column} is ${quote(String(actual), 80)}, witnessed ${quote(String(value), 80)}`);
          }
          if (row.iteration !== view.number)
            bad.push(`iteration is ${row.iteration}, witnessed ${view.number}`);
          if (timed.outcome.kind === 'not-run') {
            // The recorded error names how the process ended, as the harness saw it.
            const subtype = timed.outcome.errorSubtype;
            const status =
              subtype === 'agent_exit_nonzero' || subtype === 'agent_non_json_output'
                ? (timed.call.signal ?? String(timed.call.exitCode))
                : '';
            if (row.response.trim() === '' || !row.response.includes(status)) {
              bad.push(
                `response ${JSON.stringify(row.response.slice(0, 80))} does not say how the call ended (${status || 'failed'})`,
              );
            }
          }
          const witnessed = timed.call.end - timed.call.start;
          if (Math.abs(row.duration_ms - witnessed) > durationSlack(witnessed)) {
            bad.push(`duration_ms is ${row.duration_ms}, the call took ${witnessed} ms`);
          }
          if (ms(row.created_at) < timed.call.end - CLOCK_SLACK_MS) {
            bad.push(`created_at ${row.created_at} is before the call ended`);
          }
          if (row.project_id !== ctx.witness.created.projectId) bad.push(`project_id is ${row.project_id}`);
          const prompt = timed.call.prompt;
          if (prompt !== undefined && !prompt.includes(task.scenario.title)) {
            bad.push(`its call's prompt does not carry the title of ${label(task, taskId)}`);
          }
          if (bad.length > 0) violations.push(violation('record_mismatch', `${where}: ${bad.join('; ')}`));
        }
      }
    }
    return { checked: `${plural(compared, 'interaction')} compared with its witnessed call`, violations };
  },
};

/** What a log file holds, or undefined when there is none. */
function readLog(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The agent's logs are what it printed: each call's `logs/task-<id>-iteration-<n>-call-<k>.stdout.log`
 * and `.stderr.log` hold exactly the output the harness's launcher saw (both redacted), and a stream that
 * printed nothing leaves no file.
 */
export const agentLogsMatchWitness: Invariant = {
  name: 'agent-logs-match-witness',
  title: "the agent's logs are what it printed",
  expected:
    "each call's stdout and stderr logs hold what the harness saw it print (none for an empty stream)",
  findingKind: 'log_mismatch',
  severity: 'major',
  usesDatabase: true,
  check(ctx, db) {
    const witness = witnessOf(ctx, db);
    const violations: Violation[] = [];
    const bySeq = new Map(witness.launches.map((l) => [l.seq, l]));
    let compared = 0;
    for (const [taskId, task] of witness.byTask) {
      for (const view of iterationsOfTask(ctx, witness, task)) {
        view.calls.forEach((timed, i) => {
          const launch = bySeq.get(timed.call.seq);
          if (!launch || launch.inProcess || launch.stderr === undefined) return;
          for (const [stream, seen, bytes] of [
            ['stdout', launch.stdout, launch.stdoutBytes],
            ['stderr', launch.stderr, launch.stderrBytes ?? 0],
          ] as const) {
            if (bytes > MAX_OUTPUT_BYTES) continue; // past the witness's bound: not whole
            compared++;
            const file = join(
              ctx.attemptDir,
              'logs',
              `task-${taskId}-iteration-${view.number}-call-${i + 1}.${stream}.log`,
            );
            const logged = readLog(file);
            const expected = bytes === 0 ? undefined : seen;
            if (logged !== expected) {
              violations.push(
                violation(
                  'log_mismatch',
                  `${label(task, taskId)} iteration ${view.number} call ${i + 1}: ${stream} log ${logged === undefined ? 'is missing' : `holds ${logged.length} characters`}, the agent printed ${bytes === 0 ? 'nothing' : `${seen.length} characters`}`,
                ),
              );
            }
          }
        });
      }
    }
    return { checked: `${plural(compared, 'log')} against what the agents printed`, violations };
  },
};
