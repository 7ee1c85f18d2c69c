import type { Statement } from 'better-sqlite3';
import {
  checkInteger,
  checkText,
  decodeJson,
  decodeJsonObject,
  encodeJson,
  encodeJsonObject,
  enumCodec,
} from './codecs.js';
import type { StoreContext } from './context.js';
import {
  TASK_STATUSES,
  TASK_TYPES,
  type TaskStatus,
  type TaskType,
  TERMINAL_TASK_STATUSES,
} from './enums.js';
import { InvalidValueError } from './errors.js';
import { requireLiveProject } from './projects.js';
import { cachedStatement, required, updateColumns } from './sql.js';
import { createTaskDependencies } from './task-dependencies.js';
import type { JsonObject, JsonValue, Task } from './types.js';

export interface CreateTaskInput {
  projectId: number;
  title: string;
  description?: string;
  /** @default 'task' */
  taskType?: TaskType;
  milestoneId?: number | null;
  parentTaskId?: number | null;
  /** Must be a task of type 'epic' in the same project. */
  epicId?: number | null;
  /** Must be a task of type 'story' in the same project. */
  storyId?: number | null;
  /** @default 'pending' (other statuses go through `updateStatus`, which stamps the times) */
  status?: 'pending' | 'ready' | 'blocked';
  /** 1-10, 10 runs first. @default 5 */
  priority?: number;
  /** Ids of existing tasks of the same project. @default [] */
  dependencies?: number[];
  /** @default 3 */
  maxRetries?: number;
  /** @default {} */
  metadata?: JsonObject;
}

export interface UpdateTaskInput {
  title?: string;
  description?: string;
  priority?: number;
  dependencies?: number[];
  maxRetries?: number;
  milestoneId?: number | null;
  metadata?: JsonObject;
  result?: JsonValue | null;
}

export interface ListTasksOptions {
  status?: TaskStatus;
  taskType?: TaskType;
  parentTaskId?: number;
  milestoneId?: number;
}

export interface TaskRepository {
  create(input: CreateTaskInput): Task;
  /** @throws NotFoundError */
  get(id: number): Task;
  find(id: number): Task | undefined;
  /** Ascending by id. */
  listByProject(projectId: number, options?: ListTasksOptions): Task[];
  update(id: number, patch: UpdateTaskInput): Task;
  /**
   * Sets the status; stamps started_at the first time the task becomes running, completed_at when it
   * enters completed, failed or cancelled from another status (and clears completed_at when it leaves
   * them, e.g. failed → retrying).
   */
  updateStatus(id: number, status: TaskStatus, options?: { result?: JsonValue | null }): Task;
  /** updateStatus without reading the task back (the orchestrator's path, twice per task). */
  setStatus(id: number, status: TaskStatus, options?: { result?: JsonValue | null }): void;
  /** retry_count + 1. */
  incrementRetry(id: number): Task;
  /**
   * Pending tasks whose dependencies are all completed: priority 10 first, then by id. With `limit`, only
   * the first `limit` of them (an index walk that stops there: the cost does not grow with the project).
   */
  readyTasks(projectId: number, options?: { limit?: number }): Task[];
}

interface TaskRow {
  id: number;
  project_id: number;
  milestone_id: number | null;
  parent_task_id: number | null;
  epic_id: number | null;
  story_id: number | null;
  task_type: string;
  title: string;
  description: string;
  status: string;
  priority: number;
  retry_count: number;
  max_retries: number;
  result: string | null;
  metadata: string;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  completed_at: string | null;
}

const taskType = enumCodec('tasks.task_type', TASK_TYPES);
const taskStatus = enumCodec('tasks.status', TASK_STATUSES);

function toTask(row: TaskRow, dependencies: number[]): Task {
  return {
    id: row.id,
    projectId: row.project_id,
    milestoneId: row.milestone_id,
    parentTaskId: row.parent_task_id,
    epicId: row.epic_id,
    storyId: row.story_id,
    taskType: taskType.decode(row.task_type),
    title: row.title,
    description: row.description,
    status: taskStatus.decode(row.status),
    priority: row.priority,
    dependencies,
    retryCount: row.retry_count,
    maxRetries: row.max_retries,
    result: row.result === null ? null : decodeJson('tasks.result', row.result),
    metadata: decodeJsonObject('tasks.metadata', row.metadata),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    completedAt: row.completed_at,
  };
}

export function createTaskRepository(ctx: StoreContext): TaskRepository {
  const { db } = ctx;
  const deps = createTaskDependencies(ctx);
  const selectOne = db.prepare<[number], TaskRow>('SELECT * FROM tasks WHERE id = ?');
  const insert = db.prepare(
    `INSERT INTO tasks (project_id, milestone_id, parent_task_id, epic_id, story_id, task_type, title,
       description, status, priority, max_retries, metadata, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // The tasks_ready index (migration 2) serves the ORDER BY. The limit is written into the statement,
  // one statement per limit (a run uses one or two): with a bound LIMIT the same query took 41 us
  // instead of 9 us for LIMIT 1 (docs/PERFORMANCE.md). LIMIT -1 is "no limit" in SQLite.
  const readyStatements = new Map<number, Statement<[number], TaskRow>>();
  const selectReady = (limit: number) => {
    let statement = readyStatements.get(limit);
    if (!statement) {
      statement = db.prepare<[number], TaskRow>(
        `SELECT t.* FROM tasks t
         WHERE t.project_id = ? AND t.status = 'pending'
           AND NOT EXISTS (SELECT 1 FROM task_dependencies d JOIN tasks dep ON dep.id = d.depends_on_id
                           WHERE d.task_id = t.id AND dep.status <> 'completed')
         ORDER BY t.priority DESC, t.id
         LIMIT ${Math.trunc(limit)}`,
      );
      readyStatements.set(limit, statement);
    }
    return statement;
  };
  const map = (row: TaskRow) => toTask(row, deps.of(row.id));

  const find = (id: number) => {
    const row = selectOne.get(id);
    return row === undefined ? undefined : map(row);
  };
  const get = (id: number) => required('task', id, find(id));

  const milestoneProject = db
    .prepare<[number], number>('SELECT project_id FROM milestones WHERE id = ?')
    .pluck();

  /** A milestone must exist in the task's project. */
  const checkMilestone = (field: string, projectId: number, id: number | null | undefined) => {
    if (id === undefined || id === null) return null;
    ctx.requireRef(field, 'milestone', id);
    const owner = milestoneProject.get(id);
    if (owner !== projectId) {
      throw new InvalidValueError(
        field,
        id,
        `must be a milestone of project ${projectId}; it belongs to ${owner}`,
      );
    }
    return id;
  };

  /** A parent, epic or story must be a task of the same project (epics and stories of their type). */
  const checkTask = (field: string, projectId: number, id: number | null | undefined, type?: TaskType) => {
    if (id === undefined || id === null) return null;
    ctx.requireRef(field, 'task', id);
    const related = get(id);
    if (related.projectId !== projectId) {
      throw new InvalidValueError(
        field,
        id,
        `must be a task of project ${projectId}; it belongs to ${related.projectId}`,
      );
    }
    if (type !== undefined && related.taskType !== type) {
      throw new InvalidValueError(
        field,
        id,
        `must be a task of type ${type}; task ${id} is a ${related.taskType}`,
      );
    }
    return id;
  };

  const statusOf = db.prepare<
    [number],
    { status: string; started_at: string | null; completed_at: string | null }
  >('SELECT status, started_at, completed_at FROM tasks WHERE id = ?');
  /** Reads only the columns the stamps depend on: no task decoded, none read back. */
  const setStatus: TaskRepository['setStatus'] = (id, status, options = {}) => {
    ctx.write(() => {
      const row = required('task', id, statusOf.get(id));
      const next = taskStatus.encode(status, 'task.status');
      const now = ctx.now();
      const terminal = TERMINAL_TASK_STATUSES.includes(next);
      const wasTerminal = TERMINAL_TASK_STATUSES.includes(taskStatus.decode(row.status));
      const { result } = options;
      updateColumns(db, 'tasks', id, {
        status: next,
        started_at: next === 'running' && row.started_at === null ? now : undefined,
        completed_at: terminal
          ? wasTerminal
            ? undefined
            : now
          : row.completed_at === null
            ? undefined
            : null,
        result: result === undefined ? undefined : result === null ? null : encodeJson('task.result', result),
        updated_at: now,
      });
    });
  };

  return {
    create(input) {
      return ctx.write(() => {
        requireLiveProject(ctx, 'task.projectId', input.projectId);
        const p = input.projectId;
        const status = taskStatus.encode(input.status ?? 'pending', 'task.status');
        if (status !== 'pending' && status !== 'ready' && status !== 'blocked') {
          throw new InvalidValueError('task.status', status, 'must be pending, ready or blocked at creation');
        }
        const now = ctx.now();
        const row: Omit<TaskRow, 'id'> = {
          project_id: p,
          milestone_id: checkMilestone('task.milestoneId', p, input.milestoneId),
          parent_task_id: checkTask('task.parentTaskId', p, input.parentTaskId),
          epic_id: checkTask('task.epicId', p, input.epicId, 'epic'),
          story_id: checkTask('task.storyId', p, input.storyId, 'story'),
          task_type: taskType.encode(input.taskType ?? 'task', 'task.taskType'),
          title: checkText('task.title', input.title),
          description: input.description ?? '',
          status,
          priority: checkInteger('task.priority', input.priority ?? 5, 1, 10),
          retry_count: 0,
          max_retries: checkInteger('task.maxRetries', input.maxRetries ?? 3, 0),
          result: null,
          metadata: encodeJsonObject('task.metadata', input.metadata ?? {}),
          created_at: now,
          updated_at: now,
          started_at: null,
          completed_at: null,
        };
        const { lastInsertRowid } = insert.run(
          row.project_id,
          row.milestone_id,
          row.parent_task_id,
          row.epic_id,
          row.story_id,
          row.task_type,
          row.title,
          row.description,
          row.status,
          row.priority,
          row.max_retries,
          row.metadata,
          row.created_at,
          row.updated_at,
        );
        const id = Number(lastInsertRowid);
        const dependencies = deps.set(id, p, input.dependencies ?? []);
        // The row as written (the other columns take their defaults), not read back: a scenario's
        // tasks are created one by one before the first agent call.
        return toTask({ id, ...row }, dependencies);
      });
    },
    get,
    find,
    listByProject(projectId, options = {}) {
      const where = ['project_id = ?'];
      const params: (string | number)[] = [projectId];
      if (options.status !== undefined) {
        where.push('status = ?');
        params.push(taskStatus.encode(options.status, 'options.status'));
      }
      if (options.taskType !== undefined) {
        where.push('task_type = ?');
        params.push(taskType.encode(options.taskType, 'options.taskType'));
      }
      if (options.parentTaskId !== undefined) {
        where.push('parent_task_id = ?');
        params.push(options.parentTaskId);
      }
      if (options.milestoneId !== undefined) {
        where.push('milestone_id = ?');
        params.push(options.milestoneId);
      }
      const sql = `SELECT * FROM tasks WHERE ${where.join(' AND ')} ORDER BY id`;
      return (cachedStatement(db, sql).all(...params) as TaskRow[]).map(map);
    },
    update(id, patch) {
      return ctx.write(() => {
        const task = get(id);
        if (patch.dependencies !== undefined) deps.set(id, task.projectId, patch.dependencies);
        updateColumns(db, 'tasks', id, {
          title: patch.title === undefined ? undefined : checkText('task.title', patch.title),
          description: patch.description,
          priority:
            patch.priority === undefined ? undefined : checkInteger('task.priority', patch.priority, 1, 10),
          max_retries:
            patch.maxRetries === undefined ? undefined : checkInteger('task.maxRetries', patch.maxRetries, 0),
          milestone_id:
            patch.milestoneId === undefined
              ? undefined
              : checkMilestone('task.milestoneId', task.projectId, patch.milestoneId),
          metadata:
            patch.metadata === undefined ? undefined : encodeJsonObject('task.metadata', patch.metadata),
          result:
            patch.result === undefined
              ? undefined
              : patch.result === null
                ? null
                : encodeJson('task.result', patch.result),
          updated_at: ctx.now(),
        });
        return get(id);
      });
    },
    updateStatus(id, status, options = {}) {
      return ctx.write(() => {
        setStatus(id, status, options);
        return get(id);
      });
    },
    setStatus,
    incrementRetry(id) {
      return ctx.write(() => {
        const task = get(id);
        updateColumns(db, 'tasks', id, { retry_count: task.retryCount + 1, updated_at: ctx.now() });
        return get(id);
      });
    },
    readyTasks(projectId, options = {}) {
      const { limit } = options;
      if (limit !== undefined) checkInteger('options.limit', limit, 0);
      return selectReady(limit ?? -1)
        .all(projectId)
        .map(map);
    },
  };
}
