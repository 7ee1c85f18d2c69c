import type { AttemptContext } from '../context.js';
import { eachEventOf, taskLabel } from '../core-events.js';
import { expectedTaskErrors } from '../expected-errors.js';
import { listSome, plural } from '../text.js';
import { type Invariant, type Violation, violation } from './types.js';

interface InteractionRow {
  id: number;
  task_id: number;
  session_id: string | null;
  iteration: number;
  agent_session_id: string | null;
  input_tokens: number;
  output_tokens: number;
  cache_creation_tokens: number;
  cache_read_tokens: number;
  turns: number;
  cost_usd: number;
  error_subtype: string | null;
}

/** The columns the invariants read (not prompt and response: a 10,000-call attempt would hold them all). */
const SELECT_INTERACTIONS = `SELECT id, task_id, session_id, iteration, agent_session_id, input_tokens, output_tokens,
  cache_creation_tokens, cache_read_tokens, turns, cost_usd, error_subtype FROM interactions ORDER BY id`;

const where = (ctx: AttemptContext, row: InteractionRow) =>
  `interaction ${row.id} (${taskLabel(ctx, row.task_id)} iteration ${row.iteration})`;

/**
 * 2. The agent echoed the session id it was given. Skipped only where no echo can exist: a command
 * agent that reports none (null), and a call that failed before the agent produced a result (its
 * error_subtype is agent_<kind>: timeout, binary missing...). For claude-code a missing echo fails.
 */
export const agentSessionEchoed: Invariant = {
  name: 'agent-session-echoed',
  title: 'each agent echoed the session id it was given',
  expected: "each interaction's agent_session_id equals its session_id",
  findingKind: 'session_mismatch',
  severity: 'blocker',
  usesDatabase: true,
  check(ctx, db) {
    const violations: Violation[] = [];
    let skipped = 0;
    let count = 0;
    // A task the scenario expects to end on session_mismatch (an agent that lies about its session): the
    // orchestrator refusing that reply is the path under test, not a broken echo.
    const expected = expectedTaskErrors(ctx.scenario, ctx.agentKind);
    const lying = new Set(
      ctx.tasks
        .filter((t) => expected.get(t.key) === 'session_mismatch' && t.error?.kind === 'session_mismatch')
        .map((t) => t.taskId),
    );
    for (const row of db.prepare(SELECT_INTERACTIONS).iterate() as IterableIterator<InteractionRow>) {
      count++;
      if (row.agent_session_id === null) {
        const noResult = row.error_subtype?.startsWith('agent_') ?? false;
        if (ctx.agentKind === 'command' || noResult) {
          skipped++;
          continue;
        }
        violations.push(
          violation(
            'session_mismatch',
            `${where(ctx, row)}: the ${ctx.agentKind} agent reported no session id; expected ${row.session_id}`,
          ),
        );
      } else if (row.agent_session_id !== row.session_id && !lying.has(row.task_id)) {
        violations.push(
          violation(
            'session_mismatch',
            `${where(ctx, row)}: the agent reported session ${row.agent_session_id}, but the call was given ${row.session_id}`,
          ),
        );
      }
    }
    return {
      checked: `${plural(count, 'interaction')}${skipped ? ` (${skipped} without an echo to check)` : ''}`,
      violations,
    };
  },
};

const USAGE_COLUMNS = [
  'input_tokens',
  'output_tokens',
  'cache_creation_tokens',
  'cache_read_tokens',
  'turns',
  'cost_usd',
] as const;

/**
 * 5. Each agent call is persisted as exactly one interaction (with a session id and non-negative usage),
 * and the interaction ids the agent_call_end events carry are exactly the rows.
 */
export const oneInteractionPerCall: Invariant = {
  name: 'one-interaction-per-call',
  title: 'one interaction per agent call',
  expected:
    'as many interactions as agent_call_end events, with the same ids, each with a session id and usage ≥ 0',
  findingKind: 'missing_interaction',
  severity: 'blocker',
  usesDatabase: true,
  check(ctx, db) {
    const rows = db.prepare(SELECT_INTERACTIONS).all() as InteractionRow[];
    const ids = new Set(rows.map((r) => r.id));
    const announced = new Set<number>();
    // Only the calls whose row is missing are kept (for the message), not every call.
    const missing: { interactionId: number; taskId: number; iteration: number }[] = [];
    let calls = 0;
    for (const { event } of eachEventOf(ctx.coreEvents, ['agent_call_end'])) {
      calls++;
      announced.add(event.interactionId);
      if (!ids.has(event.interactionId)) {
        missing.push({
          interactionId: event.interactionId,
          taskId: event.taskId,
          iteration: event.iteration,
        });
      }
    }
    const violations: Violation[] = [];
    if (rows.length !== calls) {
      violations.push(
        violation(
          'missing_interaction',
          `${plural(calls, 'agent call')} but ${plural(rows.length, 'interaction row')}`,
        ),
      );
    }
    if (missing.length > 0) {
      violations.push(
        violation(
          'missing_interaction',
          `agent calls without their interaction row: ${listSome(
            missing.map(
              (c) => `interaction ${c.interactionId} (${taskLabel(ctx, c.taskId)} iteration ${c.iteration})`,
            ),
            5,
          )}`,
        ),
      );
    }
    const unannounced = rows.filter((r) => !announced.has(r.id));
    if (unannounced.length > 0) {
      violations.push(
        violation(
          'missing_interaction',
          `interaction rows no agent_call_end event announced: ${listSome(
            unannounced.map((r) => where(ctx, r)),
            5,
          )}`,
        ),
      );
    }
    for (const row of rows) {
      if (!row.session_id)
        violations.push(violation('missing_interaction', `${where(ctx, row)} has no session id`));
      const negative = USAGE_COLUMNS.filter((c) => !(row[c] >= 0));
      if (negative.length > 0) {
        violations.push(
          violation(
            'missing_interaction',
            `${where(ctx, row)} has negative or missing usage: ${negative.map((c) => `${c}=${row[c]}`).join(', ')}`,
          ),
        );
      }
    }
    return {
      checked: `${plural(calls, 'agent call')}, ${plural(rows.length, 'interaction')}`,
      violations,
    };
  },
};

interface UsageMismatch {
  id: string;
  column: string;
  stored: number;
  summed: number;
}

/** Sessions whose stored totals differ from the sum of their interactions, per column (one query). */
const MISMATCH_SQL = `
WITH sums AS (
  SELECT s.id,
    s.input_tokens, s.output_tokens, s.cache_creation_tokens, s.cache_read_tokens, s.turns, s.cost_usd,
    s.interaction_count,
    coalesce(sum(i.input_tokens), 0) AS sum_input_tokens,
    coalesce(sum(i.output_tokens), 0) AS sum_output_tokens,
    coalesce(sum(i.cache_creation_tokens), 0) AS sum_cache_creation_tokens,
    coalesce(sum(i.cache_read_tokens), 0) AS sum_cache_read_tokens,
    coalesce(sum(i.turns), 0) AS sum_turns,
    coalesce(sum(i.cost_usd), 0) AS sum_cost_usd,
    count(i.id) AS sum_interaction_count
  FROM sessions s LEFT JOIN interactions i ON i.session_id = s.id
  GROUP BY s.id
)
${[...USAGE_COLUMNS, 'interaction_count']
  .map(
    (c) =>
      `SELECT id, '${c}' AS "column", ${c} AS stored, sum_${c} AS summed FROM sums WHERE abs(${c} - sum_${c}) > 1e-9`,
  )
  .join('\nUNION ALL\n')}
ORDER BY id`;

/** 8. Each session's token, turn and cost totals and interaction_count equal the sum of its interactions. */
export const usageTotals: Invariant = {
  name: 'usage-totals',
  title: 'session usage totals add up',
  expected: "each session's tokens, turns, cost and interaction_count equal the sums over its interactions",
  findingKind: 'usage_mismatch',
  severity: 'blocker',
  usesDatabase: true,
  check(_ctx, db) {
    const sessions = (db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;
    const mismatches = db.prepare(MISMATCH_SQL).all() as UsageMismatch[];
    return {
      checked: plural(sessions, 'session'),
      violations: mismatches.map((m) =>
        violation(
          'usage_mismatch',
          `session ${m.id}: ${m.column} is ${m.stored}, but its interactions add up to ${m.summed}`,
        ),
      ),
    };
  },
};
