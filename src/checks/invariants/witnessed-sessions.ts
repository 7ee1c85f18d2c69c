import { plural } from '../text.js';
import type { AttemptWitness, SessionRow } from '../witness/attempt-witness.js';
import { CLOCK_SLACK_MS, ms } from '../witness/call-outcome.js';
import type { WitnessedCall } from '../witness/witnessed-calls.js';
import { type Invariant, type Violation, violation } from './types.js';
import { afterLock, witnessOf } from './witness-context.js';

/** What a call printed, unless it was killed (a deadline or a stop: the core records no result then). */
const printedOf = (c: WitnessedCall) =>
  (c.signal !== null || c.exitCode === 143 || c.exitCode === 137) && !c.inProcess ? undefined : c.printed;

const USAGE: [keyof SessionRow, (c: WitnessedCall) => number][] = [
  ['input_tokens', (c) => printedOf(c)?.usage.input ?? 0],
  ['output_tokens', (c) => printedOf(c)?.usage.output ?? 0],
  ['cache_creation_tokens', (c) => printedOf(c)?.usage.cacheCreation ?? 0],
  ['cache_read_tokens', (c) => printedOf(c)?.usage.cacheRead ?? 0],
  ['turns', (c) => printedOf(c)?.numTurns ?? 0],
  ['cost_usd', (c) => printedOf(c)?.usage.costUsd ?? 0],
];

/** The task a session's calls served, from the interaction rows paired with them. */
function tasksOf(witness: AttemptWitness, calls: readonly WitnessedCall[]): Set<number> {
  const tasks = new Set<number>();
  for (const pair of witness.pairs) if (calls.includes(pair.call) && pair.row) tasks.add(pair.row.task_id);
  return tasks;
}

/**
 * Each session row is a conversation the agent really had: its id is the one its first call started
 * with `--session-id` and every later call continued with `--resume`; its call count, tokens, turns and
 * cost are the sums of what its witnessed calls printed; it was created before its first call and ended
 * after its last; it is completed when its last call was judged (a milestone's: when every task of the
 * milestone completed), abandoned with a reason otherwise; it belongs to the task (or milestone) its
 * calls served. Every session id given to the agent has its row.
 */
export const sessionsMatchWitness: Invariant = {
  name: 'sessions-match-witness',
  title: 'each session row is the conversation the agent had',
  expected:
    "each session's id, resume pattern, counts, usage sums, times, status and owner agree with its witnessed calls",
  findingKind: 'session_record',
  severity: 'blocker',
  usesDatabase: true,
  check(ctx, db) {
    const witness = witnessOf(ctx, db);
    const violations: Violation[] = [];
    const byId = new Map<string, WitnessedCall[]>();
    for (const call of witness.calls) {
      if (call.sessionId === undefined) continue;
      const list = byId.get(call.sessionId) ?? [];
      list.push(call);
      byId.set(call.sessionId, list);
    }
    const rows = new Map(witness.sessions.map((s) => [s.id, s]));
    for (const [id, calls] of byId) {
      if (!rows.has(id)) {
        violations.push(
          violation(
            'session_not_found',
            `the agent was given session ${id} (launch ${calls[0]!.seq}), which has no sessions row`,
          ),
        );
      }
    }
    const stories = milestoneStories(witness);
    for (const row of witness.sessions) {
      const calls = byId.get(row.id) ?? [];
      const bad = sessionProblems(ctx, witness, row, calls, stories);
      if (bad.length > 0) {
        violations.push(violation('session_record', `session ${row.id}: ${bad.join('; ')}`));
      }
    }
    return {
      checked: `${plural(witness.sessions.length, 'session row')}, ${plural(byId.size, 'session id')} given to the agent`,
      violations,
    };
  },
};

/** Milestone row id → the task row ids of its stories. */
function milestoneStories(witness: AttemptWitness): Map<number, number[]> {
  const stories = new Map<number, number[]>();
  for (const [key, id] of witness.sources.created.milestoneIds) {
    const ids = [...witness.byTask.entries()]
      .filter(([, task]) => task.scenario.milestone === key)
      .map(([taskId]) => taskId);
    stories.set(id, ids);
  }
  return stories;
}

function sessionProblems(
  ctx: Parameters<Invariant['check']>[0],
  witness: AttemptWitness,
  row: SessionRow,
  calls: readonly WitnessedCall[],
  stories: Map<number, number[]>,
): string[] {
  const bad: string[] = [];
  const recorded = calls.filter((c) => !afterLock(ctx, c.end));
  if (row.interaction_count !== recorded.length) {
    bad.push(
      `interaction_count is ${row.interaction_count}, the agent was called ${recorded.length} times with it`,
    );
  }
  for (const [column, of] of USAGE) {
    const sum = recorded.reduce((n, c) => n + of(c), 0);
    if (Math.abs((row[column] as number) - sum) > 1e-9) {
      bad.push(`${column} is ${row[column]}, its calls printed ${sum} in all`);
    }
  }
  calls.forEach((call, i) => {
    if (call.resume === undefined) return;
    if (i === 0 && call.resume)
      bad.push(`its first call (launch ${call.seq}) resumed it instead of starting it`);
    if (i > 0 && !call.resume)
      bad.push(`launch ${call.seq} started it again with --session-id instead of --resume`);
  });
  if (row.project_id !== witness.sources.created.projectId) bad.push(`project_id is ${row.project_id}`);
  const first = calls[0];
  const last = calls.at(-1);
  if (first && ms(row.created_at) > first.start + CLOCK_SLACK_MS) {
    bad.push(`created_at ${row.created_at} is after its first call started`);
  }
  const locked = ctx.witness.storeLockedAt !== undefined && ms(row.created_at) <= ctx.witness.storeLockedAt;
  if (row.status === 'active') {
    if (!locked) bad.push("it is still 'active'");
  } else {
    if (row.ended_at === null) bad.push(`it is ${row.status} with no ended_at`);
    else if (last && ms(row.ended_at) < last.end - CLOCK_SLACK_MS)
      bad.push(`ended_at ${row.ended_at} is before its last call ended`);
  }
  if (row.status !== 'active' && row.status !== 'refreshed') {
    const expected = expectedStatus(witness, row, stories);
    if (row.status !== expected) bad.push(`it is ${row.status}, expected ${expected}`);
    if ((row.status === 'abandoned') !== (row.reason !== null && row.reason !== '')) {
      bad.push(
        row.status === 'abandoned' ? 'it is abandoned without a reason' : `it is ${row.status} with a reason`,
      );
    }
  }
  const tasks = tasksOf(witness, calls);
  if (row.milestone_id !== null) {
    const own = stories.get(row.milestone_id);
    if (!own) bad.push(`milestone_id ${row.milestone_id} is no milestone of the scenario`);
    else if ([...tasks].some((t) => !own.includes(t)))
      bad.push('its calls served tasks of another milestone');
    if (row.task_id !== null) bad.push(`a milestone's session has task_id ${row.task_id}`);
  } else {
    if (row.task_id === null) bad.push('it has neither a task nor a milestone');
    else if ([...tasks].some((t) => t !== row.task_id)) {
      bad.push(`it belongs to task #${row.task_id}, but its calls served task(s) #${[...tasks].join(', #')}`);
    }
  }
  return bad;
}

/** completed when its work was judged (a task's: its last interaction has a decision), else abandoned. */
function expectedStatus(
  witness: AttemptWitness,
  row: SessionRow,
  stories: Map<number, number[]>,
): 'completed' | 'abandoned' {
  if (row.milestone_id !== null) {
    const ids = stories.get(row.milestone_id) ?? [];
    const done = ids.every((id) => witness.byTask.get(id)?.row?.status === 'completed');
    return done ? 'completed' : 'abandoned';
  }
  const last = witness.interactions.filter((i) => i.session_id === row.id).at(-1);
  return last?.decision ? 'completed' : 'abandoned';
}
