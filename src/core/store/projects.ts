import { checkText, decodeJsonObject, encodeJsonObject, enumCodec } from './codecs.js';
import type { StoreContext } from './context.js';
import { PROJECT_STATUSES, type ProjectStatus } from './enums.js';
import { InvalidStateError } from './errors.js';
import { cachedStatement, required, updateColumns } from './sql.js';
import type { JsonObject, Project } from './types.js';

export interface CreateProjectInput {
  name: string;
  workingDirectory: string;
  description?: string;
  /** @default 'active' */
  status?: ProjectStatus;
  /** @default {} */
  metadata?: JsonObject;
}

export type UpdateProjectInput = Partial<CreateProjectInput>;

export interface ProjectRepository {
  create(input: CreateProjectInput): Project;
  /** @throws NotFoundError */
  get(id: number): Project;
  find(id: number): Project | undefined;
  /** Ascending by id; soft-deleted projects only with `includeDeleted`. */
  list(options?: { includeDeleted?: boolean }): Project[];
  /** @throws NotFoundError, InvalidStateError when the project is deleted */
  update(id: number, patch: UpdateProjectInput): Project;
  /** Sets deleted_at; the rows stay (tasks, sessions and interactions keep their project). */
  softDelete(id: number): Project;
}

interface ProjectRow {
  id: number;
  name: string;
  description: string;
  working_directory: string;
  status: string;
  metadata: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

const status = enumCodec('projects.status', PROJECT_STATUSES);

function toProject(row: ProjectRow): Project {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    workingDirectory: row.working_directory,
    status: status.decode(row.status),
    metadata: decodeJsonObject('projects.metadata', row.metadata),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

export function createProjectRepository(ctx: StoreContext): ProjectRepository {
  const { db } = ctx;
  const selectOne = db.prepare<[number], ProjectRow>('SELECT * FROM projects WHERE id = ?');
  const selectLive = db.prepare<[], ProjectRow>(
    'SELECT * FROM projects WHERE deleted_at IS NULL ORDER BY id',
  );
  const selectAll = db.prepare<[], ProjectRow>('SELECT * FROM projects ORDER BY id');
  const insert = db.prepare(
    `INSERT INTO projects (name, description, working_directory, status, metadata, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );

  const find = (id: number) => {
    const row = selectOne.get(id);
    return row === undefined ? undefined : toProject(row);
  };
  const get = (id: number) => required('project', id, find(id));
  const getLive = (id: number, action: string) => {
    const project = get(id);
    if (project.deletedAt !== null) throw new InvalidStateError('project', id, 'deleted', action);
    return project;
  };

  return {
    create(input) {
      return ctx.write(() => {
        const now = ctx.now();
        const { lastInsertRowid } = insert.run(
          checkText('project.name', input.name),
          input.description ?? '',
          checkText('project.workingDirectory', input.workingDirectory),
          status.encode(input.status ?? 'active', 'project.status'),
          encodeJsonObject('project.metadata', input.metadata ?? {}),
          now,
          now,
        );
        return get(Number(lastInsertRowid));
      });
    },
    get,
    find,
    list(options = {}) {
      return (options.includeDeleted ? selectAll : selectLive).all().map(toProject);
    },
    update(id, patch) {
      return ctx.write(() => {
        getLive(id, 'update it');
        updateColumns(db, 'projects', id, {
          name: patch.name === undefined ? undefined : checkText('project.name', patch.name),
          description: patch.description,
          working_directory:
            patch.workingDirectory === undefined
              ? undefined
              : checkText('project.workingDirectory', patch.workingDirectory),
          status: patch.status === undefined ? undefined : status.encode(patch.status, 'project.status'),
          metadata:
            patch.metadata === undefined ? undefined : encodeJsonObject('project.metadata', patch.metadata),
          updated_at: ctx.now(),
        });
        return get(id);
      });
    },
    softDelete(id) {
      return ctx.write(() => {
        getLive(id, 'delete it again');
        const now = ctx.now();
        updateColumns(db, 'projects', id, { deleted_at: now, updated_at: now });
        return get(id);
      });
    },
  };
}

/** Throws unless the project exists and is not deleted (new rows may not join a deleted project). */
export function requireLiveProject(ctx: StoreContext, field: string, projectId: number): void {
  ctx.requireRef(field, 'project', projectId);
  const row = cachedStatement(ctx.db, 'SELECT deleted_at FROM projects WHERE id = ?').get(projectId) as
    | { deleted_at: string | null }
    | undefined;
  if (row?.deleted_at != null) {
    throw new InvalidStateError('project', projectId, 'deleted', `add rows to it (${field})`);
  }
}
