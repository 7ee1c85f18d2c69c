import { checkText, enumCodec } from './codecs.js';
import type { StoreContext } from './context.js';
import { MILESTONE_STATUSES, type MilestoneStatus } from './enums.js';
import { InvalidStateError } from './errors.js';
import { requireLiveProject } from './projects.js';
import { required, updateColumns } from './sql.js';
import type { Milestone } from './types.js';

export interface CreateMilestoneInput {
  projectId: number;
  name: string;
  description?: string;
  /** @default 'pending' */
  status?: MilestoneStatus;
}

export interface UpdateMilestoneInput {
  name?: string;
  description?: string;
  /** Setting 'completed' stamps completed_at, like `complete`; leaving it clears completed_at. */
  status?: MilestoneStatus;
}

export interface MilestoneRepository {
  create(input: CreateMilestoneInput): Milestone;
  /** @throws NotFoundError */
  get(id: number): Milestone;
  find(id: number): Milestone | undefined;
  listByProject(projectId: number): Milestone[];
  update(id: number, patch: UpdateMilestoneInput): Milestone;
  /** Status completed and completed_at now. @throws InvalidStateError when already completed */
  complete(id: number): Milestone;
}

interface MilestoneRow {
  id: number;
  project_id: number;
  name: string;
  description: string;
  status: string;
  created_at: string;
  completed_at: string | null;
}

const status = enumCodec('milestones.status', MILESTONE_STATUSES);

function toMilestone(row: MilestoneRow): Milestone {
  return {
    id: row.id,
    projectId: row.project_id,
    name: row.name,
    description: row.description,
    status: status.decode(row.status),
    createdAt: row.created_at,
    completedAt: row.completed_at,
  };
}

export function createMilestoneRepository(ctx: StoreContext): MilestoneRepository {
  const { db } = ctx;
  const selectOne = db.prepare<[number], MilestoneRow>('SELECT * FROM milestones WHERE id = ?');
  const selectByProject = db.prepare<[number], MilestoneRow>(
    'SELECT * FROM milestones WHERE project_id = ? ORDER BY id',
  );
  const insert = db.prepare(
    `INSERT INTO milestones (project_id, name, description, status, created_at, completed_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );

  const find = (id: number) => {
    const row = selectOne.get(id);
    return row === undefined ? undefined : toMilestone(row);
  };
  const get = (id: number) => required('milestone', id, find(id));

  const update = (id: number, patch: UpdateMilestoneInput) =>
    ctx.write(() => {
      const current = get(id);
      const next = patch.status === undefined ? undefined : status.encode(patch.status, 'milestone.status');
      let completedAt: string | null | undefined;
      if (next === 'completed' && current.status !== 'completed') completedAt = ctx.now();
      if (next !== undefined && next !== 'completed') completedAt = null;
      updateColumns(db, 'milestones', id, {
        name: patch.name === undefined ? undefined : checkText('milestone.name', patch.name),
        description: patch.description,
        status: next,
        completed_at: completedAt,
      });
      return get(id);
    });

  return {
    create(input) {
      return ctx.write(() => {
        requireLiveProject(ctx, 'milestone.projectId', input.projectId);
        const value = status.encode(input.status ?? 'pending', 'milestone.status');
        const now = ctx.now();
        const { lastInsertRowid } = insert.run(
          input.projectId,
          checkText('milestone.name', input.name),
          input.description ?? '',
          value,
          now,
          value === 'completed' ? now : null,
        );
        return get(Number(lastInsertRowid));
      });
    },
    get,
    find,
    listByProject(projectId) {
      return selectByProject.all(projectId).map(toMilestone);
    },
    update,
    complete(id) {
      return ctx.write(() => {
        const current = get(id);
        if (current.status === 'completed') {
          throw new InvalidStateError('milestone', id, 'completed', 'complete it again');
        }
        return update(id, { status: 'completed' });
      });
    },
  };
}
