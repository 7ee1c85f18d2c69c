import { checkText, enumCodec } from './codecs.js';
import type { StoreContext } from './context.js';
import { SEVERITIES, type Severity } from './enums.js';
import { InvalidStateError, InvalidValueError } from './errors.js';
import { requireLiveProject } from './projects.js';
import { required } from './sql.js';
import type { BreakpointEvent } from './types.js';

export interface CreateBreakpointInput {
  projectId: number;
  taskId?: number | null;
  /** What triggered it, e.g. `low_confidence`, `max_retries`, `quality_gate`. */
  kind: string;
  reason: string;
  severity: Severity;
}

export interface BreakpointRepository {
  create(input: CreateBreakpointInput): BreakpointEvent;
  /** @throws NotFoundError */
  get(id: number): BreakpointEvent;
  find(id: number): BreakpointEvent | undefined;
  /** @throws InvalidStateError when already resolved */
  resolve(id: number, resolution: string): BreakpointEvent;
  /** Ascending by id; only unresolved ones with `unresolvedOnly`. */
  listByProject(projectId: number, options?: { unresolvedOnly?: boolean }): BreakpointEvent[];
  listByTask(taskId: number): BreakpointEvent[];
}

interface BreakpointRow {
  id: number;
  project_id: number;
  task_id: number | null;
  kind: string;
  reason: string;
  severity: string;
  created_at: string;
  resolved_at: string | null;
  resolution: string | null;
}

const severity = enumCodec('breakpoint_events.severity', SEVERITIES);

function toBreakpoint(row: BreakpointRow): BreakpointEvent {
  return {
    id: row.id,
    projectId: row.project_id,
    taskId: row.task_id,
    kind: row.kind,
    reason: row.reason,
    severity: severity.decode(row.severity),
    createdAt: row.created_at,
    resolvedAt: row.resolved_at,
    resolution: row.resolution,
  };
}

export function createBreakpointRepository(ctx: StoreContext): BreakpointRepository {
  const { db } = ctx;
  const selectOne = db.prepare<[number], BreakpointRow>('SELECT * FROM breakpoint_events WHERE id = ?');
  const selectByProject = db.prepare<[number], BreakpointRow>(
    'SELECT * FROM breakpoint_events WHERE project_id = ? ORDER BY id',
  );
  const selectOpen = db.prepare<[number], BreakpointRow>(
    'SELECT * FROM breakpoint_events WHERE project_id = ? AND resolved_at IS NULL ORDER BY id',
  );
  const selectByTask = db.prepare<[number], BreakpointRow>(
    'SELECT * FROM breakpoint_events WHERE task_id = ? ORDER BY id',
  );
  const taskProject = db.prepare<[number], number>('SELECT project_id FROM tasks WHERE id = ?').pluck();
  const insert = db.prepare(
    'INSERT INTO breakpoint_events (project_id, task_id, kind, reason, severity, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const resolve = db.prepare('UPDATE breakpoint_events SET resolved_at = ?, resolution = ? WHERE id = ?');

  const find = (id: number) => {
    const row = selectOne.get(id);
    return row === undefined ? undefined : toBreakpoint(row);
  };
  const get = (id: number) => required('breakpoint event', id, find(id));

  return {
    create(input) {
      return ctx.write(() => {
        requireLiveProject(ctx, 'breakpoint.projectId', input.projectId);
        const taskId = input.taskId ?? null;
        if (taskId !== null) {
          ctx.requireRef('breakpoint.taskId', 'task', taskId);
          const owner = taskProject.get(taskId);
          if (owner !== input.projectId) {
            throw new InvalidValueError(
              'breakpoint.taskId',
              taskId,
              `must be a task of project ${input.projectId}`,
            );
          }
        }
        const { lastInsertRowid } = insert.run(
          input.projectId,
          taskId,
          checkText('breakpoint.kind', input.kind),
          checkText('breakpoint.reason', input.reason),
          severity.encode(input.severity, 'breakpoint.severity'),
          ctx.now(),
        );
        return get(Number(lastInsertRowid));
      });
    },
    get,
    find,
    resolve(id, resolution) {
      return ctx.write(() => {
        const event = get(id);
        if (event.resolvedAt !== null) {
          throw new InvalidStateError(
            'breakpoint event',
            id,
            `resolved (${event.resolution})`,
            'resolve it again',
          );
        }
        resolve.run(ctx.now(), checkText('breakpoint.resolution', resolution), id);
        return get(id);
      });
    },
    listByProject: (projectId, options = {}) =>
      (options.unresolvedOnly ? selectOpen : selectByProject).all(projectId).map(toBreakpoint),
    listByTask: (taskId) => selectByTask.all(taskId).map(toBreakpoint),
  };
}
