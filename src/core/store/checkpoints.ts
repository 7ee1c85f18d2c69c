import { checkText, decodeJson, encodeJson } from './codecs.js';
import type { StoreContext } from './context.js';
import { InvalidValueError } from './errors.js';
import { requireLiveProject } from './projects.js';
import { required } from './sql.js';
import type { Checkpoint, JsonValue } from './types.js';

export interface CreateCheckpointInput {
  projectId: number;
  taskId?: number | null;
  label: string;
  /** Any JSON value (what the orchestrator needs to resume). */
  state: JsonValue;
}

export interface CheckpointRepository {
  create(input: CreateCheckpointInput): Checkpoint;
  /** @throws NotFoundError */
  get(id: number): Checkpoint;
  find(id: number): Checkpoint | undefined;
  /** Ascending by id. */
  listByProject(projectId: number): Checkpoint[];
  /** The newest checkpoint of the project (of one task, when given), or undefined. */
  latest(projectId: number, taskId?: number): Checkpoint | undefined;
}

interface CheckpointRow {
  id: number;
  project_id: number;
  task_id: number | null;
  label: string;
  state: string;
  created_at: string;
}

function toCheckpoint(row: CheckpointRow): Checkpoint {
  return {
    id: row.id,
    projectId: row.project_id,
    taskId: row.task_id,
    label: row.label,
    state: decodeJson('checkpoints.state', row.state),
    createdAt: row.created_at,
  };
}

export function createCheckpointRepository(ctx: StoreContext): CheckpointRepository {
  const { db } = ctx;
  const selectOne = db.prepare<[number], CheckpointRow>('SELECT * FROM checkpoints WHERE id = ?');
  const selectByProject = db.prepare<[number], CheckpointRow>(
    'SELECT * FROM checkpoints WHERE project_id = ? ORDER BY id',
  );
  const selectLatest = db.prepare<[number], CheckpointRow>(
    'SELECT * FROM checkpoints WHERE project_id = ? ORDER BY id DESC LIMIT 1',
  );
  const selectLatestOfTask = db.prepare<[number, number], CheckpointRow>(
    'SELECT * FROM checkpoints WHERE project_id = ? AND task_id = ? ORDER BY id DESC LIMIT 1',
  );
  const taskProject = db.prepare<[number], number>('SELECT project_id FROM tasks WHERE id = ?').pluck();
  const insert = db.prepare(
    'INSERT INTO checkpoints (project_id, task_id, label, state, created_at) VALUES (?, ?, ?, ?, ?)',
  );

  const find = (id: number) => {
    const row = selectOne.get(id);
    return row === undefined ? undefined : toCheckpoint(row);
  };
  const get = (id: number) => required('checkpoint', id, find(id));
  const optional = (row: CheckpointRow | undefined) => (row === undefined ? undefined : toCheckpoint(row));

  return {
    create(input) {
      return ctx.write(() => {
        requireLiveProject(ctx, 'checkpoint.projectId', input.projectId);
        const taskId = input.taskId ?? null;
        if (taskId !== null) {
          ctx.requireRef('checkpoint.taskId', 'task', taskId);
          if (taskProject.get(taskId) !== input.projectId) {
            throw new InvalidValueError(
              'checkpoint.taskId',
              taskId,
              `must be a task of project ${input.projectId}`,
            );
          }
        }
        const { lastInsertRowid } = insert.run(
          input.projectId,
          taskId,
          checkText('checkpoint.label', input.label),
          encodeJson('checkpoint.state', input.state),
          ctx.now(),
        );
        return get(Number(lastInsertRowid));
      });
    },
    get,
    find,
    listByProject: (projectId) => selectByProject.all(projectId).map(toCheckpoint),
    latest: (projectId, taskId) =>
      optional(
        taskId === undefined ? selectLatest.get(projectId) : selectLatestOfTask.get(projectId, taskId),
      ),
  };
}
