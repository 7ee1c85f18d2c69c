import { randomUUID } from 'node:crypto';
import { checkText, checkUuid, enumCodec } from './codecs.js';
import type { StoreContext } from './context.js';
import { SESSION_STATUSES, type SessionStatus } from './enums.js';
import { DuplicateIdError, InvalidStateError, InvalidValueError, NotFoundError } from './errors.js';
import { requireLiveProject } from './projects.js';
import { cachedStatement, required } from './sql.js';
import type { Session, TaskSessionMetrics, Usage } from './types.js';
import { checkUsage, toUsage, type UsageRow } from './usage.js';

export interface CreateSessionInput {
  /** The UUID that will be passed to the agent (`--session-id`). @default a new random UUID */
  id?: string;
  projectId: number;
  taskId?: number | null;
  milestoneId?: number | null;
}

export interface SessionRepository {
  /** Inserts an active session, before the agent call. @throws DuplicateIdError for a used id */
  create(input: CreateSessionInput): Session;
  /** @throws NotFoundError */
  get(id: string): Session;
  find(id: string): Session | undefined;
  /**
   * Adds to the cumulative counters of an active session. `interactions.record` does this for you in
   * the same transaction; calling it directly makes the session's totals differ from the sum of its
   * interactions (which the harness's usage invariant reports).
   */
  addUsage(id: string, usage: Partial<Usage>): Session;
  complete(id: string): Session;
  /** The conversation was replaced by a fresh one (context refresh). */
  refresh(id: string, reason?: string): Session;
  abandon(id: string, reason: string): Session;
  /** In creation order. */
  listByTask(taskId: number): Session[];
  listByProject(projectId: number): Session[];
  /** Sessions still active, optionally of one project, in creation order. */
  listActive(projectId?: number): Session[];
  /** The task's sessions and their summed usage. @throws NotFoundError for a missing task */
  taskSessionMetrics(taskId: number): TaskSessionMetrics;
}

interface SessionRow extends UsageRow {
  id: string;
  project_id: number;
  task_id: number | null;
  milestone_id: number | null;
  status: string;
  interaction_count: number;
  reason: string | null;
  created_at: string;
  ended_at: string | null;
}

const status = enumCodec('sessions.status', SESSION_STATUSES);

/** The usage columns' defaults (migrations.ts): a new session has used nothing. */
const ZERO_USAGE_ROW: UsageRow = {
  input_tokens: 0,
  output_tokens: 0,
  cache_creation_tokens: 0,
  cache_read_tokens: 0,
  turns: 0,
  cost_usd: 0,
};

function toSession(row: SessionRow): Session {
  return {
    id: row.id,
    projectId: row.project_id,
    taskId: row.task_id,
    milestoneId: row.milestone_id,
    status: status.decode(row.status),
    ...toUsage(row),
    interactionCount: row.interaction_count,
    reason: row.reason,
    createdAt: row.created_at,
    endedAt: row.ended_at,
  };
}

export function createSessionRepository(ctx: StoreContext): SessionRepository {
  const { db } = ctx;
  const order = 'ORDER BY created_at, rowid';
  const selectOne = db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id = ?');
  const selectByTask = db.prepare<[number], SessionRow>(`SELECT * FROM sessions WHERE task_id = ? ${order}`);
  const selectByProject = db.prepare<[number], SessionRow>(
    `SELECT * FROM sessions WHERE project_id = ? ${order}`,
  );
  const selectActive = db.prepare<[], SessionRow>(`SELECT * FROM sessions WHERE status = 'active' ${order}`);
  const selectActiveOf = db.prepare<[number], SessionRow>(
    `SELECT * FROM sessions WHERE status = 'active' AND project_id = ? ${order}`,
  );
  const ownerOf = (table: 'tasks' | 'milestones') =>
    db.prepare<[number], number>(`SELECT project_id FROM ${table} WHERE id = ?`).pluck();
  const taskProject = ownerOf('tasks');
  const milestoneProject = ownerOf('milestones');
  const insert = db.prepare(
    'INSERT INTO sessions (id, project_id, task_id, milestone_id, status, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const end = db.prepare('UPDATE sessions SET status = ?, reason = ?, ended_at = ? WHERE id = ?');

  const find = (id: string) => {
    const row = selectOne.get(id);
    return row === undefined ? undefined : toSession(row);
  };
  const get = (id: string) => required('session', id, find(id));

  const checkOwned = (field: string, entity: 'task' | 'milestone', projectId: number, id?: number | null) => {
    if (id === undefined || id === null) return null;
    ctx.requireRef(field, entity, id);
    const owner = (entity === 'task' ? taskProject : milestoneProject).get(id);
    if (owner !== projectId) {
      throw new InvalidValueError(
        field,
        id,
        `must be a ${entity} of project ${projectId}; it belongs to ${owner}`,
      );
    }
    return id;
  };

  const finish = (id: string, next: SessionStatus, reason: string | null) =>
    ctx.write(() => {
      const session = get(id);
      if (session.status !== 'active') {
        throw new InvalidStateError(
          'session',
          id,
          session.status,
          `mark it ${next}; only active sessions end`,
        );
      }
      const endedAt = ctx.now();
      end.run(status.encode(next, 'session.status'), reason, endedAt, id);
      // The row read above with what was written, not read again.
      return { ...session, status: next, reason, endedAt };
    });

  return {
    create(input) {
      return ctx.write(() => {
        const id = checkUuid('session.id', input.id ?? randomUUID());
        if (find(id) !== undefined) {
          throw new DuplicateIdError(
            'session',
            id,
            'session ids are never reused: continue with --resume, or create a new id',
          );
        }
        requireLiveProject(ctx, 'session.projectId', input.projectId);
        const row: SessionRow = {
          id,
          project_id: input.projectId,
          task_id: checkOwned('session.taskId', 'task', input.projectId, input.taskId),
          milestone_id: checkOwned('session.milestoneId', 'milestone', input.projectId, input.milestoneId),
          status: 'active',
          ...ZERO_USAGE_ROW,
          interaction_count: 0,
          reason: null,
          created_at: ctx.now(),
          ended_at: null,
        };
        insert.run(row.id, row.project_id, row.task_id, row.milestone_id, row.status, row.created_at);
        // The row as written (the other columns take their defaults: zero usage, no end), not read back.
        return toSession(row);
      });
    },
    get,
    find,
    addUsage(id, usage) {
      return ctx.write(() => {
        addSessionUsage(ctx, id, checkUsage('usage', usage), 0);
        return get(id);
      });
    },
    complete: (id) => finish(id, 'completed', null),
    refresh: (id, reason) => finish(id, 'refreshed', reason ?? null),
    abandon: (id, reason) => finish(id, 'abandoned', checkText('session.reason', reason)),
    listByTask: (taskId) => selectByTask.all(taskId).map(toSession),
    listByProject: (projectId) => selectByProject.all(projectId).map(toSession),
    listActive: (projectId) =>
      (projectId === undefined ? selectActive.all() : selectActiveOf.all(projectId)).map(toSession),
    taskSessionMetrics(taskId) {
      if (!ctx.exists('tasks', taskId)) throw new NotFoundError('task', taskId);
      const sessions = selectByTask.all(taskId).map(toSession);
      const totals = {
        inputTokens: 0,
        outputTokens: 0,
        cacheCreationTokens: 0,
        cacheReadTokens: 0,
        turns: 0,
      };
      let costUsd = 0;
      let interactions = 0;
      for (const s of sessions) {
        for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += s[key];
        costUsd += s.costUsd;
        interactions += s.interactionCount;
      }
      return { totals: { ...totals, costUsd, sessions: sessions.length, interactions }, sessions };
    },
  };
}

/**
 * Increments an active session's counters (and interaction_count by `interactions`). Called inside the
 * caller's transaction; interactions.record uses it so a session's totals are the sum of its interactions.
 */
export function addSessionUsage(ctx: StoreContext, id: string, usage: Usage, interactions: number): void {
  const row = cachedStatement(ctx.db, 'SELECT status FROM sessions WHERE id = ?').get(id) as
    | { status: string }
    | undefined;
  const current = status.decode(required('session', id, row).status);
  if (current !== 'active') {
    throw new InvalidStateError(
      'session',
      id,
      current,
      'add usage to it; only an active session takes usage',
    );
  }
  cachedStatement(
    ctx.db,
    `UPDATE sessions SET input_tokens = input_tokens + ?, output_tokens = output_tokens + ?,
         cache_creation_tokens = cache_creation_tokens + ?, cache_read_tokens = cache_read_tokens + ?,
         turns = turns + ?, cost_usd = cost_usd + ?, interaction_count = interaction_count + ?
       WHERE id = ?`,
  ).run(
    usage.inputTokens,
    usage.outputTokens,
    usage.cacheCreationTokens,
    usage.cacheReadTokens,
    usage.turns,
    usage.costUsd,
    interactions,
    id,
  );
}
