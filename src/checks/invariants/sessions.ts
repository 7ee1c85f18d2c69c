import { callLabel, eachEventOf, taskLabel } from '../core-events.js';
import { plural } from '../text.js';
import { type Invariant, type Violation, violation } from './types.js';

/**
 * 1. Every agent call's session has a row, and its session_start event precedes the call (the original
 * "Session not found": a standalone execute_task never created the row usage accounting updated).
 */
export const sessionCreatedBeforeCall: Invariant = {
  name: 'session-created-before-call',
  title: 'every agent call has a session row created before it',
  expected:
    'each agent_call_start names a session that has a sessions row and an earlier session_start event',
  findingKind: 'session_not_found',
  severity: 'blocker',
  usesDatabase: true,
  check(ctx, db) {
    const rows = new Set((db.prepare('SELECT id FROM sessions').all() as { id: string }[]).map((r) => r.id));
    const started = new Map<string, number>();
    for (const { event, index } of eachEventOf(ctx.coreEvents, ['session_start'])) {
      if (!started.has(event.sessionId)) started.set(event.sessionId, index);
    }
    const violations: Violation[] = [];
    let calls = 0;
    for (const { event, index } of eachEventOf(ctx.coreEvents, ['agent_call_start'])) {
      calls++;
      const where = `the agent call of ${callLabel(ctx, event)} (event ${index})`;
      if (!rows.has(event.sessionId)) {
        violations.push(
          violation(
            'session_not_found',
            `${where} used session ${event.sessionId}, which has no sessions row`,
          ),
        );
      }
      const startedAt = started.get(event.sessionId);
      if (startedAt === undefined) {
        violations.push(
          violation(
            'session_not_found',
            `${where} used session ${event.sessionId}, which no session_start event opened`,
          ),
        );
      } else if (startedAt > index) {
        violations.push(
          violation(
            'session_not_found',
            `${where} used session ${event.sessionId} before its session_start (event ${startedAt})`,
          ),
        );
      }
    }
    return {
      checked: `${plural(calls, 'agent call')}, ${plural(rows.size, 'session row')}`,
      violations,
    };
  },
};

/**
 * 3. A new conversation (resume false) never reuses a session id used before in the attempt; a resumed
 * one continues an id an earlier call started (the original passed the same --session-id twice).
 */
export const noSessionReuse: Invariant = {
  name: 'no-session-reuse',
  title: 'no session id reused except through resume',
  expected:
    'a call with resume false uses a fresh session id; a call with resume true uses an id an earlier call used',
  findingKind: 'session_reuse',
  severity: 'blocker',
  usesDatabase: false,
  check(ctx) {
    const used = new Map<string, string>();
    const violations: Violation[] = [];
    let calls = 0;
    for (const { event } of eachEventOf(ctx.coreEvents, ['agent_call_start'])) {
      calls++;
      const where = `the agent call of ${callLabel(ctx, event)}`;
      const earlier = used.get(event.sessionId);
      if (!event.resume && earlier !== undefined) {
        violations.push(
          violation(
            'session_reuse',
            `${where} started session ${event.sessionId} as new (--session-id), but ${earlier} already used it; continue a conversation with --resume`,
          ),
        );
      }
      if (event.resume && earlier === undefined) {
        violations.push(
          violation(
            'session_reuse',
            `${where} resumed session ${event.sessionId}, which no earlier call started`,
          ),
        );
      }
      if (earlier === undefined) used.set(event.sessionId, callLabel(ctx, event));
    }
    return {
      checked: `${plural(calls, 'agent call')}, ${plural(used.size, 'session id')}`,
      violations,
    };
  },
};

/** 4. No session row is left 'active' after the attempt (every session is closed in `finally`). */
export const noActiveSession: Invariant = {
  name: 'no-active-session',
  title: 'no session left active',
  expected: "no sessions row has status 'active' after the attempt",
  findingKind: 'orphan_session',
  severity: 'blocker',
  usesDatabase: true,
  check(ctx, db) {
    const total = (db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;
    // Under store.locked_from the store refused every write from the lock on: a session opened before
    // it could not be closed.
    const lockedAt = ctx.witness.storeLockedAt;
    const active = (
      db
        .prepare("SELECT id, task_id, created_at FROM sessions WHERE status = 'active' ORDER BY created_at")
        .all() as {
        id: string;
        task_id: number | null;
        created_at: string;
      }[]
    ).filter((s) => lockedAt === undefined || Date.parse(s.created_at) > lockedAt);
    return {
      checked: plural(total, 'session row'),
      violations: active.map((s) =>
        violation(
          'orphan_session',
          `session ${s.id} of ${taskLabel(ctx, s.task_id)} is still 'active'; it must be completed or abandoned when its iteration ends`,
        ),
      ),
    };
  },
};
