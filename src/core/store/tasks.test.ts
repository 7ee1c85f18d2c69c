import { afterEach, describe, expect, it } from 'vitest';
import type { TaskStatus } from './enums.js';
import { ForeignKeyError, InvalidValueError, NotFoundError } from './errors.js';
import type { Store } from './store.js';
import { catchError } from './test-helpers/catch-error.js';
import { createTempStores, seed } from './test-helpers/temp-store.js';

const temp = createTempStores();
afterEach(() => temp.cleanup());

describe('tasks: create and read', () => {
  it('creates with defaults', () => {
    const store = temp.open();
    const { project, task } = seed(store);
    expect(task).toEqual({
      id: task.id,
      projectId: project.id,
      milestoneId: null,
      parentTaskId: null,
      epicId: null,
      storyId: null,
      taskType: 'task',
      title: 'Create calculator.py',
      description: '',
      status: 'pending',
      priority: 5,
      dependencies: [],
      retryCount: 0,
      maxRetries: 3,
      result: null,
      metadata: {},
      createdAt: task.createdAt,
      updatedAt: task.createdAt,
      startedAt: null,
      completedAt: null,
    });
    expect(store.tasks.get(task.id)).toEqual(task);
  });

  it('links epics, stories, subtasks and milestones of the same project', () => {
    const store = temp.open();
    const { project } = seed(store);
    const milestone = store.milestones.create({ projectId: project.id, name: 'M1' });
    const epic = store.tasks.create({
      projectId: project.id,
      title: 'E',
      taskType: 'epic',
      milestoneId: milestone.id,
    });
    const story = store.tasks.create({
      projectId: project.id,
      title: 'S',
      taskType: 'story',
      epicId: epic.id,
    });
    const sub = store.tasks.create({
      projectId: project.id,
      title: 'sub',
      taskType: 'subtask',
      parentTaskId: story.id,
      epicId: epic.id,
      storyId: story.id,
      priority: 9,
      metadata: { files: ['a.py'] },
    });
    expect(sub).toMatchObject({ parentTaskId: story.id, epicId: epic.id, storyId: story.id, priority: 9 });
    expect(store.tasks.listByProject(project.id, { parentTaskId: story.id }).map((t) => t.id)).toEqual([
      sub.id,
    ]);
    expect(store.tasks.listByProject(project.id, { taskType: 'epic' }).map((t) => t.id)).toEqual([epic.id]);
    expect(store.tasks.listByProject(project.id, { milestoneId: milestone.id }).map((t) => t.id)).toEqual([
      epic.id,
    ]);
    expect(store.tasks.listByProject(project.id).map((t) => t.title)).toEqual([
      'Create calculator.py',
      'E',
      'S',
      'sub',
    ]);
    // create returns the row as written, not read back: what get reads must be the same.
    const after = store.tasks.create({
      projectId: project.id,
      title: 'after',
      description: 'd',
      priority: 2,
      maxRetries: 0,
      status: 'blocked',
      dependencies: [sub.id, epic.id, sub.id],
      metadata: { key: 'k', vars: { n: 1 }, nested: [null, true] },
    });
    expect(after.dependencies).toEqual([epic.id, sub.id]);
    for (const task of [epic, story, sub, after]) expect(store.tasks.get(task.id)).toEqual(task);
  });

  it('get of a missing task is a NotFoundError, find is undefined', () => {
    const store = temp.open();
    expect(catchError(() => store.tasks.get(7))).toMatchObject({
      entity: 'task',
      id: 7,
      message: 'task 7 not found',
    });
    expect(catchError(() => store.tasks.get(7))).toBeInstanceOf(NotFoundError);
    expect(store.tasks.find(7)).toBeUndefined();
  });
});

describe('tasks: invalid input', () => {
  function world(store: Store) {
    const { project, task } = seed(store);
    const other = store.projects.create({ name: 'other', workingDirectory: '/o' });
    const foreign = store.tasks.create({ projectId: other.id, title: 'foreign' });
    return { project, task, foreign };
  }

  it.each<[string, (w: ReturnType<typeof world>) => object, string, string]>([
    [
      'priority 0',
      (w) => ({ projectId: w.project.id, priority: 0 }),
      'task.priority',
      'must be an integer between 1 and 10',
    ],
    [
      'priority 11',
      (w) => ({ projectId: w.project.id, priority: 11 }),
      'task.priority',
      'must be an integer between 1 and 10',
    ],
    [
      'a missing dependency',
      (w) => ({ projectId: w.project.id, dependencies: [99] }),
      'task.dependencies[0]',
      'task 99 not found',
    ],
    [
      'a dependency of another project',
      (w) => ({ projectId: w.project.id, dependencies: [w.foreign.id] }),
      'task.dependencies[0]',
      'must be a task of the same project',
    ],
    [
      'an epic that is not an epic',
      (w) => ({ projectId: w.project.id, epicId: w.task.id }),
      'task.epicId',
      'must be a task of type epic',
    ],
    [
      'a parent of another project',
      (w) => ({ projectId: w.project.id, parentTaskId: w.foreign.id }),
      'task.parentTaskId',
      'must be a task of project',
    ],
    [
      'a missing milestone',
      (w) => ({ projectId: w.project.id, milestoneId: 5 }),
      'task.milestoneId',
      'milestone 5 not found',
    ],
    ['a missing project', () => ({ projectId: 404 }), 'task.projectId', 'project 404 not found'],
    [
      'status running at creation',
      (w) => ({ projectId: w.project.id, status: 'running' }),
      'task.status',
      'must be pending, ready or blocked',
    ],
    [
      'an unknown task type',
      (w) => ({ projectId: w.project.id, taskType: 'chore' }),
      'task.taskType',
      '"chore" is not one of',
    ],
  ])('refuses %s, naming the field', (_case, input, field, message) => {
    const store = temp.open();
    const w = world(store);
    const before = store.tasks.listByProject(w.project.id).length;
    const error = catchError(() => store.tasks.create({ title: 'new', ...input(w) } as never));
    expect((error as Error).message).toContain(field);
    expect((error as Error).message).toContain(message);
    expect(error).toHaveProperty('code');
    expect(store.tasks.listByProject(w.project.id)).toHaveLength(before);
  });

  it('refuses a dependency cycle made by update, and a self-dependency', () => {
    const store = temp.open();
    const { project, task: a } = seed(store);
    const b = store.tasks.create({ projectId: project.id, title: 'b', dependencies: [a.id] });
    const c = store.tasks.create({ projectId: project.id, title: 'c', dependencies: [b.id] });
    const error = catchError(() => store.tasks.update(a.id, { dependencies: [c.id] }));
    expect(error).toBeInstanceOf(InvalidValueError);
    expect((error as Error).message).toBe(
      `task.dependencies[0] would make a cycle: task ${c.id} already depends on task ${a.id}; got ${c.id}`,
    );
    expect(() => store.tasks.update(a.id, { dependencies: [a.id] })).toThrow('must not be the task itself');
    expect(store.tasks.get(a.id).dependencies).toEqual([]);
  });

  it('names the field of a missing dependency as a ForeignKeyError', () => {
    const store = temp.open();
    const { project } = seed(store);
    const error = catchError(() =>
      store.tasks.create({ projectId: project.id, title: 'x', dependencies: [1, 50] }),
    );
    expect(error).toBeInstanceOf(ForeignKeyError);
    expect(error).toMatchObject({ field: 'task.dependencies[1]', entity: 'task', id: 50 });
  });
});

describe('tasks: update, status and retries', () => {
  it('update replaces dependencies (deduplicated, sorted) and other fields', () => {
    const store = temp.open();
    const { project, task: a } = seed(store);
    const b = store.tasks.create({ projectId: project.id, title: 'b' });
    const c = store.tasks.create({ projectId: project.id, title: 'c', dependencies: [a.id] });
    const updated = store.tasks.update(c.id, {
      dependencies: [b.id, a.id, b.id],
      title: 'c2',
      priority: 2,
      maxRetries: 0,
      result: [1, 'two'],
      metadata: { k: 'v' },
    });
    expect(updated).toMatchObject({
      dependencies: [a.id, b.id],
      title: 'c2',
      priority: 2,
      maxRetries: 0,
      result: [1, 'two'],
      metadata: { k: 'v' },
    });
  });

  it.each<[TaskStatus[], { started: boolean; completed: boolean }]>([
    [['running'], { started: true, completed: false }],
    [['running', 'completed'], { started: true, completed: true }],
    [['failed'], { started: false, completed: true }],
    [['cancelled'], { started: false, completed: true }],
    [['running', 'failed', 'retrying'], { started: true, completed: false }],
    [['blocked', 'ready'], { started: false, completed: false }],
  ])('updateStatus through %j stamps started %o', (path, expected) => {
    const store = temp.open();
    const { task } = seed(store);
    let current = task;
    for (const status of path) current = store.tasks.updateStatus(task.id, status);
    expect(current.status).toBe(path[path.length - 1]);
    expect(current.startedAt !== null).toBe(expected.started);
    expect(current.completedAt !== null).toBe(expected.completed);
  });

  it('setStatus stamps as updateStatus does and reads nothing back; a missing task is a NotFoundError', () => {
    const store = temp.open();
    const { task } = seed(store);
    expect(store.tasks.setStatus(task.id, 'running')).toBeUndefined();
    const running = store.tasks.get(task.id);
    expect(running.status).toBe('running');
    expect(running.startedAt).not.toBeNull();
    store.tasks.setStatus(task.id, 'completed', { result: { ok: true } });
    const done = store.tasks.get(task.id);
    expect([done.status, done.startedAt, done.completedAt !== null, done.result]).toEqual([
      'completed',
      running.startedAt,
      true,
      { ok: true },
    ]);
    expect(() => store.tasks.setStatus(98765, 'running')).toThrow(NotFoundError);
  });

  it('keeps the first started_at and the first completed_at', () => {
    const store = temp.open();
    const { task } = seed(store);
    const first = store.tasks.updateStatus(task.id, 'running');
    store.tasks.updateStatus(task.id, 'retrying');
    const again = store.tasks.updateStatus(task.id, 'running');
    expect(again.startedAt).toBe(first.startedAt);
    const done = store.tasks.updateStatus(task.id, 'completed', { result: { files: ['calculator.py'] } });
    const still = store.tasks.updateStatus(task.id, 'failed');
    expect(still.completedAt).toBe(done.completedAt);
    expect(still.result).toEqual({ files: ['calculator.py'] });
  });

  it('refuses an unknown status naming the field and value', () => {
    const store = temp.open();
    const { task } = seed(store);
    expect(() => store.tasks.updateStatus(task.id, 'done' as TaskStatus)).toThrow(
      'task.status: "done" is not one of pending | ready | running | blocked | completed | failed | cancelled | retrying (written)',
    );
    expect(store.tasks.get(task.id).status).toBe('pending');
  });

  it('incrementRetry counts retries', () => {
    const store = temp.open();
    const { task } = seed(store);
    store.tasks.incrementRetry(task.id);
    expect(store.tasks.incrementRetry(task.id).retryCount).toBe(2);
    expect(() => store.tasks.incrementRetry(999)).toThrow('task 999 not found');
  });

  it('filters listByProject by status', () => {
    const store = temp.open();
    const { project, task } = seed(store);
    store.tasks.create({ projectId: project.id, title: 'other' });
    store.tasks.updateStatus(task.id, 'running');
    expect(store.tasks.listByProject(project.id, { status: 'running' }).map((t) => t.id)).toEqual([task.id]);
  });
});

describe('tasks: readyTasks', () => {
  it('returns pending tasks whose dependencies are all completed, by priority (10 first) then id', () => {
    const store = temp.open();
    const { project, task: a } = seed(store);
    const p = project.id;
    const b = store.tasks.create({ projectId: p, title: 'b', priority: 8 });
    const c = store.tasks.create({ projectId: p, title: 'c', dependencies: [a.id], priority: 10 });
    const d = store.tasks.create({ projectId: p, title: 'd', dependencies: [a.id, b.id] });
    const e = store.tasks.create({ projectId: p, title: 'e', priority: 8 });
    const ids = () => store.tasks.readyTasks(p).map((t) => t.id);

    expect(ids()).toEqual([b.id, e.id, a.id]);
    store.tasks.updateStatus(a.id, 'running');
    expect(ids()).toEqual([b.id, e.id]);
    store.tasks.updateStatus(a.id, 'completed');
    expect(ids()).toEqual([c.id, b.id, e.id]);
    store.tasks.updateStatus(b.id, 'failed');
    expect(ids()).toEqual([c.id, e.id]);
    store.tasks.updateStatus(b.id, 'completed');
    expect(ids()).toEqual([c.id, e.id, d.id]);
  });

  it('returns only the first `limit` ready tasks, in the same order, through the tasks_ready index', () => {
    const store = temp.open();
    const { project, task: a } = seed(store);
    const p = project.id;
    const b = store.tasks.create({ projectId: p, title: 'b', priority: 9 });
    store.tasks.create({ projectId: p, title: 'c', dependencies: [b.id], priority: 10 });
    const d = store.tasks.create({ projectId: p, title: 'd' });
    const ids = (limit?: number) =>
      store.tasks.readyTasks(p, limit === undefined ? {} : { limit }).map((t) => t.id);
    expect(ids()).toEqual([b.id, a.id, d.id]);
    expect(ids(2)).toEqual([b.id, a.id]);
    expect(ids(1)).toEqual([b.id]);
    expect(ids(0)).toEqual([]);
    expect(ids(10)).toEqual(ids());
    expect(() => ids(-1)).toThrow(/options\.limit/);
    // The scheduler asks for a few ready tasks after every task: no sort over every pending row.
    const plan = store.db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT t.* FROM tasks t WHERE t.project_id = 1 AND t.status = 'pending'
         ORDER BY t.priority DESC, t.id LIMIT 1`,
      )
      .all() as { detail: string }[];
    expect(plan.map((row) => row.detail).join('\n')).toMatch(/USING INDEX tasks_ready/);
    expect(plan.map((row) => row.detail).join('\n')).not.toMatch(/TEMP B-TREE/);
  });

  it('only looks at the given project', () => {
    const store = temp.open();
    const { project } = seed(store);
    const other = store.projects.create({ name: 'o', workingDirectory: '/o' });
    store.tasks.create({ projectId: other.id, title: 'elsewhere' });
    expect(store.tasks.readyTasks(project.id)).toHaveLength(1);
    expect(store.tasks.readyTasks(12345)).toEqual([]);
  });
});
