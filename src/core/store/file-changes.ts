import { checkText, enumCodec } from './codecs.js';
import type { StoreContext } from './context.js';
import { CHANGE_TYPES, type ChangeType } from './enums.js';
import { ForeignKeyError, InvalidValueError } from './errors.js';
import { orNull, required } from './sql.js';
import type { FileChange } from './types.js';

export interface RecordFileChangeInput {
  taskId: number;
  /** The interaction (agent call) that made the change, when known. */
  interactionId?: number | null;
  /** Relative to the project's working directory. */
  path: string;
  changeType: ChangeType;
  /** Content hash before the change; null for a created file. */
  hashBefore?: string | null;
  /** Content hash after the change; null for a deleted file. */
  hashAfter?: string | null;
}

export interface FileChangeRepository {
  record(input: RecordFileChangeInput): FileChange;
  /** @throws NotFoundError */
  get(id: number): FileChange;
  find(id: number): FileChange | undefined;
  /** Ascending by id. */
  listByTask(taskId: number): FileChange[];
}

interface FileChangeRow {
  id: number;
  task_id: number;
  interaction_id: number | null;
  path: string;
  change_type: string;
  hash_before: string | null;
  hash_after: string | null;
  created_at: string;
}

const changeType = enumCodec('file_changes.change_type', CHANGE_TYPES);

function toFileChange(row: FileChangeRow): FileChange {
  return {
    id: row.id,
    taskId: row.task_id,
    interactionId: row.interaction_id,
    path: row.path,
    changeType: changeType.decode(row.change_type),
    hashBefore: row.hash_before,
    hashAfter: row.hash_after,
    createdAt: row.created_at,
  };
}

export function createFileChangeRepository(ctx: StoreContext): FileChangeRepository {
  const { db } = ctx;
  const selectOne = db.prepare<[number], FileChangeRow>('SELECT * FROM file_changes WHERE id = ?');
  const selectByTask = db.prepare<[number], FileChangeRow>(
    'SELECT * FROM file_changes WHERE task_id = ? ORDER BY id',
  );
  const interactionTask = db
    .prepare<[number], number>('SELECT task_id FROM interactions WHERE id = ?')
    .pluck();
  const insert = db.prepare(
    `INSERT INTO file_changes (task_id, interaction_id, path, change_type, hash_before, hash_after, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );

  const find = (id: number) => {
    const row = selectOne.get(id);
    return row === undefined ? undefined : toFileChange(row);
  };
  const get = (id: number) => required('file change', id, find(id));

  return {
    record(input) {
      return ctx.write(() => {
        ctx.requireRef('fileChange.taskId', 'task', input.taskId);
        const interactionId = input.interactionId ?? null;
        if (interactionId !== null) {
          // The interaction's task, read once: undefined is the missing reference.
          const owner = interactionTask.get(interactionId);
          if (owner === undefined)
            throw new ForeignKeyError('fileChange.interactionId', 'interaction', interactionId);
          if (owner !== input.taskId) {
            throw new InvalidValueError(
              'fileChange.interactionId',
              interactionId,
              `must be an interaction of task ${input.taskId}`,
            );
          }
        }
        const type = changeType.encode(input.changeType, 'fileChange.changeType');
        const hashBefore = orNull(input.hashBefore);
        const hashAfter = orNull(input.hashAfter);
        if (type === 'created' && hashBefore !== null) {
          throw new InvalidValueError('fileChange.hashBefore', hashBefore, 'must be null for a created file');
        }
        if (type === 'deleted' && hashAfter !== null) {
          throw new InvalidValueError('fileChange.hashAfter', hashAfter, 'must be null for a deleted file');
        }
        const row: Omit<FileChangeRow, 'id'> = {
          task_id: input.taskId,
          interaction_id: interactionId,
          path: checkText('fileChange.path', input.path),
          change_type: type,
          hash_before: hashBefore,
          hash_after: hashAfter,
          created_at: ctx.now(),
        };
        const { lastInsertRowid } = insert.run(
          row.task_id,
          row.interaction_id,
          row.path,
          row.change_type,
          row.hash_before,
          row.hash_after,
          row.created_at,
        );
        // The row as written, not read back.
        return toFileChange({ id: Number(lastInsertRowid), ...row });
      });
    },
    get,
    find,
    listByTask: (taskId) => selectByTask.all(taskId).map(toFileChange),
  };
}
