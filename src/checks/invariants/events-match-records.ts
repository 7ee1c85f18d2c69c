import type { AttemptContext } from '../context.js';
import { eachEventOf, taskLabel } from '../core-events.js';
import type { ReadOnlyDb } from '../sqlite.js';
import { plural } from '../text.js';
import type { InteractionRow } from '../witness/attempt-witness.js';
import { type Invariant, type Violation, violation } from './types.js';
import { witnessOf } from './witness-context.js';

/** How executeTask's ending is stored as a row status (DESIGN.md section 4). */
const ROW_STATUS: Record<string, string> = {
  completed: 'completed',
  escalated: 'blocked',
  max_iterations: 'failed',
  failed: 'failed',
  stopped: 'cancelled',
};

const USAGE = [
  ['inputTokens', 'input_tokens'],
  ['outputTokens', 'output_tokens'],
  ['cacheCreationTokens', 'cache_creation_tokens'],
  ['cacheReadTokens', 'cache_read_tokens'],
  ['costUsd', 'cost_usd'],
] as const;

const same = (a: unknown, b: unknown) =>
  typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) <= 1e-9 : a === b;

/** `field is X, the record says Y` for every field that differs. */
function differences(pairs: [string, unknown, unknown][]): string[] {
  return pairs
    .filter(([, event, record]) => !same(event, record))
    .map(
      ([field, event, record]) =>
        `${field} is ${JSON.stringify(event)}, the record says ${JSON.stringify(record)}`,
    );
}

function callEnds(
  ctx: AttemptContext,
  rows: Map<number, InteractionRow>,
  witnessed: Map<number, { maxTurns?: number; resume?: boolean }>,
): Violation[] {
  const violations: Violation[] = [];
  for (const { event } of eachEventOf(ctx.coreEvents, ['agent_call_end'])) {
    const row = rows.get(event.interactionId);
    if (!row) continue; // one-interaction-per-call reports it
    const call = witnessed.get(row.id);
    const bad = differences([
      ['taskId', event.taskId, row.task_id],
      ['iteration', event.iteration, row.iteration],
      ['sessionId', event.sessionId, row.session_id],
      ['agentSessionId', event.agentSessionId ?? null, row.agent_session_id],
      ['numTurns', event.numTurns, row.turns],
      ['isError', event.isError ? 1 : 0, row.is_error],
      ['errorSubtype', event.errorSubtype ?? null, row.error_subtype],
      ['durationMs', event.durationMs, row.duration_ms],
      ...USAGE.map(([field, column]): [string, unknown, unknown] => [
        `usage.${field}`,
        event.usage[field],
        row[column],
      ]),
      ...(call?.maxTurns === undefined
        ? []
        : [['maxTurns', event.maxTurns, call.maxTurns] as [string, unknown, unknown]]),
      ...(call?.resume === undefined
        ? []
        : [['resume', event.resume, call.resume] as [string, unknown, unknown]]),
    ]);
    if (bad.length > 0) {
      violations.push(
        violation(
          'event_mismatch',
          `the agent_call_end of interaction ${row.id} (${taskLabel(ctx, row.task_id)}): ${bad.join('; ')}`,
        ),
      );
    }
  }
  return violations;
}

function decisions(ctx: AttemptContext, rows: readonly InteractionRow[]): Violation[] {
  const violations: Violation[] = [];
  const judged = new Map<string, InteractionRow>();
  for (const row of rows)
    if (row.decision !== null) judged.set(`${row.task_id}/${row.iteration}/${row.session_id}`, row);
  const byTaskIteration = new Map<string, InteractionRow>();
  for (const row of judged.values()) byTaskIteration.set(`${row.task_id}/${row.iteration}`, row);
  const decided = new Map<string, string>();
  for (const { event } of eachEventOf(ctx.coreEvents, ['decision'])) {
    decided.set(`${event.taskId}/${event.iteration}`, event.action);
    const row = byTaskIteration.get(`${event.taskId}/${event.iteration}`);
    if (!row) {
      violations.push(
        violation(
          'event_mismatch',
          `a decision event of ${taskLabel(ctx, event.taskId)} iteration ${event.iteration} has no judged interaction`,
        ),
      );
      continue;
    }
    const bad = differences([
      ['action', event.action, row.decision],
      ['qualityScore', event.qualityScore, row.quality_score],
      ['passesGate', event.passesGate ? 1 : 0, row.passes_gate],
      ['confidence', event.confidence, row.confidence],
      ['feedback', event.feedback ?? null, row.feedback],
    ]);
    if (bad.length > 0) {
      violations.push(
        violation(
          'event_mismatch',
          `the decision of ${taskLabel(ctx, event.taskId)} iteration ${event.iteration}: ${bad.join('; ')}`,
        ),
      );
    }
  }
  for (const { event } of eachEventOf(ctx.coreEvents, ['iteration_end'])) {
    const action = decided.get(`${event.taskId}/${event.iteration}`) ?? 'error';
    if (event.action !== action) {
      violations.push(
        violation(
          'event_mismatch',
          `the iteration_end of ${taskLabel(ctx, event.taskId)} iteration ${event.iteration} says ${event.action}, its decision was ${action}`,
        ),
      );
    }
  }
  return violations;
}

function taskEnds(ctx: AttemptContext, db: ReadOnlyDb, rows: readonly InteractionRow[]): Violation[] {
  const violations: Violation[] = [];
  const tasks = new Map(
    (
      db.prepare('SELECT id, status, result FROM tasks').all() as {
        id: number;
        status: string;
        result: string | null;
      }[]
    ).map((t) => [t.id, t]),
  );
  const locked = ctx.witness.storeLockedAt;
  for (const { event } of eachEventOf(ctx.coreEvents, ['task_end'])) {
    const own = rows.filter((r) => r.task_id === event.taskId);
    const sum = (column: (typeof USAGE)[number][1] | 'turns') => own.reduce((n, r) => n + r[column], 0);
    const usage: [string, unknown, unknown][] = [
      ...USAGE.map(([field, column]): [string, unknown, unknown] => [
        `usage.${field}`,
        event.usage[field],
        sum(column),
      ]),
      ['usage.turns', event.usage.turns, sum('turns')],
    ];
    const task = tasks.get(event.taskId);
    const result = task?.result
      ? (JSON.parse(task.result) as { status?: unknown; iterations?: unknown; error?: { kind?: unknown } })
      : undefined;
    // Under store.locked_from the store refused the task's end and its last call: only the event says it.
    const written = !(locked !== undefined && event.error?.kind === 'store_unavailable');
    const bad = differences([
      ...(written
        ? ([
            ['status', ROW_STATUS[event.status], task?.status],
            ['result.status', event.status, result?.status],
            ['iterations', event.iterations, result?.iterations],
            ['error.kind', event.error?.kind, result?.error?.kind],
          ] as [string, unknown, unknown][])
        : []),
      ...(written ? usage : []),
    ]);
    if (bad.length > 0) {
      violations.push(
        violation('event_mismatch', `the task_end of ${taskLabel(ctx, event.taskId)}: ${bad.join('; ')}`),
      );
    }
  }
  return violations;
}

function sessionsAndBreakpoints(ctx: AttemptContext, db: ReadOnlyDb): Violation[] {
  const violations: Violation[] = [];
  const sessions = new Map(
    (
      db.prepare('SELECT id, status, reason FROM sessions').all() as {
        id: string;
        status: string;
        reason: string | null;
      }[]
    ).map((s) => [s.id, s]),
  );
  for (const { event } of eachEventOf(ctx.coreEvents, ['session_end'])) {
    const row = sessions.get(event.sessionId);
    const bad = differences([
      ['status', event.status, row?.status],
      ['reason', event.reason ?? null, row?.reason],
    ]);
    if (bad.length > 0)
      violations.push(
        violation('event_mismatch', `the session_end of session ${event.sessionId}: ${bad.join('; ')}`),
      );
  }
  const breakpoints = (
    db.prepare('SELECT task_id, kind, severity, reason FROM breakpoint_events ORDER BY id').all() as {
      task_id: number | null;
      kind: string;
      severity: string;
      reason: string;
    }[]
  ).map((b) => `${b.task_id}/${b.kind}/${b.severity}/${b.reason}`);
  const announced: string[] = [];
  for (const { event } of eachEventOf(ctx.coreEvents, ['breakpoint'])) {
    announced.push(`${event.taskId}/${event.kind}/${event.severity}/${event.reason}`);
  }
  if (announced.join('\n') !== breakpoints.join('\n')) {
    const missing = announced.filter((b) => !breakpoints.includes(b));
    const extra = breakpoints.filter((b) => !announced.includes(b));
    violations.push(
      violation(
        'event_mismatch',
        `the breakpoint events and rows differ: ${[...missing.map((b) => `announced, not recorded: ${b}`), ...extra.map((b) => `recorded, not announced: ${b}`)].join('; ') || 'in their order'}`,
      ),
    );
  }
  return violations;
}

/**
 * The events say what the store says: every agent_call_end, decision, iteration_end, task_end,
 * session_end and breakpoint event carries the values of the record it announces (the report, the live
 * view and the viewer are built from the events; the checks read the store). A call's turn cap and
 * resume flag are also those on its witnessed command line, and a task's usage totals the sums of its
 * interactions.
 */
export const eventsMatchRecords: Invariant = {
  name: 'events-match-records',
  title: 'the events say what the store says',
  expected:
    'each event announcing a call, decision, iteration end, task end, session end or breakpoint carries the values of its record',
  findingKind: 'event_mismatch',
  severity: 'blocker',
  usesDatabase: true,
  check(ctx, db) {
    const witness = witnessOf(ctx, db);
    const rows = new Map(witness.interactions.map((r) => [r.id, r]));
    const witnessed = new Map(
      witness.pairs.flatMap((p) =>
        p.row ? [[p.row.id, { maxTurns: p.call.maxTurns, resume: p.call.resume }] as const] : [],
      ),
    );
    const violations = [
      ...callEnds(ctx, rows, witnessed),
      ...decisions(ctx, witness.interactions),
      ...taskEnds(ctx, db, witness.interactions),
      ...sessionsAndBreakpoints(ctx, db),
    ];
    return {
      checked: `the events of ${plural(witness.interactions.length, 'interaction')} and ${plural(witness.tasks.length, 'task')}`,
      violations,
    };
  },
};
