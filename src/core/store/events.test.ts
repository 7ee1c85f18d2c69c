import { afterEach, describe, expect, it } from 'vitest';
import { ForeignKeyError, InvalidStateError, InvalidValueError, NotFoundError } from './errors.js';
import { catchError } from './test-helpers/catch-error.js';
import { createTempStores, seed, seedSession } from './test-helpers/temp-store.js';

/** Breakpoint events, checkpoints and file changes: the orchestrator's smaller records. */
const temp = createTempStores();
afterEach(() => temp.cleanup());

describe('breakpoint events', () => {
  it('creates, resolves once and lists', () => {
    const store = temp.open();
    const { project, task } = seed(store);
    const open = store.breakpoints.create({
      projectId: project.id,
      taskId: task.id,
      kind: 'low_confidence',
      reason: 'confidence 0.31 < 0.50',
      severity: 'high',
    });
    expect(open).toEqual({
      id: open.id,
      projectId: project.id,
      taskId: task.id,
      kind: 'low_confidence',
      reason: 'confidence 0.31 < 0.50',
      severity: 'high',
      createdAt: open.createdAt,
      resolvedAt: null,
      resolution: null,
    });
    const other = store.breakpoints.create({
      projectId: project.id,
      kind: 'budget',
      reason: 'cost',
      severity: 'low',
    });
    const resolved = store.breakpoints.resolve(open.id, 'human approved');
    expect(resolved).toMatchObject({ resolution: 'human approved' });
    expect(resolved.resolvedAt).not.toBeNull();
    expect(() => store.breakpoints.resolve(open.id, 'again')).toThrow(
      `breakpoint event ${open.id} is resolved (human approved); cannot resolve it again`,
    );
    expect(catchError(() => store.breakpoints.resolve(open.id, 'again'))).toBeInstanceOf(InvalidStateError);
    expect(store.breakpoints.listByProject(project.id).map((b) => b.id)).toEqual([open.id, other.id]);
    expect(store.breakpoints.listByProject(project.id, { unresolvedOnly: true }).map((b) => b.id)).toEqual([
      other.id,
    ]);
    expect(store.breakpoints.listByTask(task.id).map((b) => b.id)).toEqual([open.id]);
    expect(store.breakpoints.get(other.id)).toEqual(other);
    expect(store.breakpoints.find(999)).toBeUndefined();
    expect(catchError(() => store.breakpoints.get(999))).toBeInstanceOf(NotFoundError);
  });

  it.each([
    [{ severity: 'fatal' }, 'breakpoint.severity: "fatal" is not one of low | medium | high | critical'],
    [{ kind: '' }, 'breakpoint.kind must be a non-empty string'],
    [{ taskId: 55 }, 'breakpoint.taskId: task 55 not found'],
    [{ projectId: 55 }, 'breakpoint.projectId: project 55 not found'],
  ])('refuses %j', (change, message) => {
    const store = temp.open();
    const { project } = seed(store);
    const input = { projectId: project.id, kind: 'k', reason: 'r', severity: 'low' as const, ...change };
    expect(() => store.breakpoints.create(input as never)).toThrow(message);
    expect(store.breakpoints.listByProject(project.id)).toEqual([]);
  });
});

describe('checkpoints', () => {
  it('stores any JSON state and finds the latest', () => {
    const store = temp.open();
    const { project, task } = seed(store);
    const first = store.checkpoints.create({
      projectId: project.id,
      label: 'start',
      state: { iteration: 0 },
    });
    const second = store.checkpoints.create({
      projectId: project.id,
      taskId: task.id,
      label: 'after iteration 1',
      state: { iteration: 1, files: ['calculator.py'], scores: [0.8] },
    });
    expect(second).toEqual({
      id: second.id,
      projectId: project.id,
      taskId: task.id,
      label: 'after iteration 1',
      state: { iteration: 1, files: ['calculator.py'], scores: [0.8] },
      createdAt: second.createdAt,
    });
    const third = store.checkpoints.create({ projectId: project.id, label: 'end', state: null });
    expect(store.checkpoints.latest(project.id)?.id).toBe(third.id);
    expect(store.checkpoints.latest(project.id, task.id)?.id).toBe(second.id);
    expect(store.checkpoints.latest(999)).toBeUndefined();
    expect(store.checkpoints.listByProject(project.id).map((c) => c.id)).toEqual([
      first.id,
      second.id,
      third.id,
    ]);
    expect(store.checkpoints.get(first.id)).toEqual(first);
    expect(() => store.checkpoints.get(999)).toThrow('checkpoint 999 not found');
  });

  it('refuses a state that is not JSON, naming the path', () => {
    const store = temp.open();
    const { project } = seed(store);
    const error = catchError(() =>
      store.checkpoints.create({ projectId: project.id, label: 'x', state: { at: new Date() } as never }),
    );
    expect(error).toBeInstanceOf(InvalidValueError);
    expect(error).toMatchObject({ field: 'checkpoint.state.at' });
  });
});

describe('file changes', () => {
  it('records changes of a task, linked to the interaction that made them', () => {
    const store = temp.open();
    const { task, interaction } = seedSession(store);
    const call = store.interactions.record(interaction);
    const created = store.fileChanges.record({
      taskId: task.id,
      interactionId: call.id,
      path: 'calculator.py',
      changeType: 'created',
      hashAfter: 'sha256:aa',
    });
    expect(created).toEqual({
      id: created.id,
      taskId: task.id,
      interactionId: call.id,
      path: 'calculator.py',
      changeType: 'created',
      hashBefore: null,
      hashAfter: 'sha256:aa',
      createdAt: created.createdAt,
    });
    const modified = store.fileChanges.record({
      taskId: task.id,
      path: 'calculator.py',
      changeType: 'modified',
      hashBefore: 'sha256:aa',
      hashAfter: 'sha256:bb',
    });
    const deleted = store.fileChanges.record({
      taskId: task.id,
      path: 'old.py',
      changeType: 'deleted',
      hashBefore: 'x',
    });
    expect(store.fileChanges.listByTask(task.id).map((c) => c.id)).toEqual([
      created.id,
      modified.id,
      deleted.id,
    ]);
    // What record returns is the row as stored (it is not read back): the same as a read of it.
    for (const change of [created, modified, deleted])
      expect(store.fileChanges.get(change.id)).toEqual(change);
    expect(store.fileChanges.find(999)).toBeUndefined();
  });

  it.each([
    [
      { changeType: 'renamed' },
      'fileChange.changeType: "renamed" is not one of created | modified | deleted',
    ],
    [
      { changeType: 'created', hashBefore: 'h' },
      'fileChange.hashBefore must be null for a created file; got "h"',
    ],
    [
      { changeType: 'deleted', hashAfter: 'h' },
      'fileChange.hashAfter must be null for a deleted file; got "h"',
    ],
    [{ taskId: 77 }, 'fileChange.taskId: task 77 not found'],
    [{ interactionId: 77 }, 'fileChange.interactionId: interaction 77 not found'],
    [{ path: '' }, 'fileChange.path must be a non-empty string'],
  ])('refuses %j', (change, message) => {
    const store = temp.open();
    const { task } = seed(store);
    const input = { taskId: task.id, path: 'a.py', changeType: 'modified' as const, ...change };
    expect(() => store.fileChanges.record(input as never)).toThrow(message);
    expect(store.fileChanges.listByTask(task.id)).toEqual([]);
  });

  it('refuses an interaction of another task', () => {
    const store = temp.open();
    const { project, interaction } = seedSession(store);
    const call = store.interactions.record(interaction);
    const other = store.tasks.create({ projectId: project.id, title: 'other' });
    const error = catchError(() =>
      store.fileChanges.record({
        taskId: other.id,
        interactionId: call.id,
        path: 'a',
        changeType: 'modified',
      }),
    );
    expect(error).toBeInstanceOf(InvalidValueError);
    expect(error).not.toBeInstanceOf(ForeignKeyError);
  });
});
