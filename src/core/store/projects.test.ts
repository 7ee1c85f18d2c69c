import { afterEach, describe, expect, it } from 'vitest';
import { InvalidStateError, InvalidValueError, NotFoundError } from './errors.js';
import { catchError } from './test-helpers/catch-error.js';
import { createTempStores } from './test-helpers/temp-store.js';

const temp = createTempStores();
afterEach(() => temp.cleanup());

describe('projects', () => {
  it('creates with defaults and reads back a camelCase row', () => {
    const store = temp.open();
    const project = store.projects.create({ name: 'calc', workingDirectory: '/work/calc' });
    expect(project).toEqual({
      id: 1,
      name: 'calc',
      description: '',
      workingDirectory: '/work/calc',
      status: 'active',
      metadata: {},
      // the first tick of the step clock went to schema_version.applied_at
      createdAt: '2026-01-01T00:00:01.000Z',
      updatedAt: '2026-01-01T00:00:01.000Z',
      deletedAt: null,
    });
    expect(store.projects.get(1)).toEqual(project);
    expect(store.projects.find(1)).toEqual(project);
  });

  it('updates the fields given and stamps updated_at', () => {
    const store = temp.open();
    const { id } = store.projects.create({ name: 'calc', workingDirectory: '/w', metadata: { a: 1 } });
    const updated = store.projects.update(id, {
      status: 'paused',
      metadata: { b: [1, 2] },
      description: 'd',
    });
    expect(updated).toMatchObject({
      name: 'calc',
      status: 'paused',
      metadata: { b: [1, 2] },
      description: 'd',
    });
    expect(updated.updatedAt > updated.createdAt).toBe(true);
  });

  it('soft-deletes: list leaves the project out unless asked, get still finds it', () => {
    const store = temp.open();
    const kept = store.projects.create({ name: 'kept', workingDirectory: '/k' });
    const gone = store.projects.create({ name: 'gone', workingDirectory: '/g' });
    const deleted = store.projects.softDelete(gone.id);
    expect(deleted.deletedAt).not.toBeNull();
    expect(store.projects.list().map((p) => p.id)).toEqual([kept.id]);
    expect(store.projects.list({ includeDeleted: true }).map((p) => p.id)).toEqual([kept.id, gone.id]);
    expect(store.projects.get(gone.id).deletedAt).toBe(deleted.deletedAt);
  });

  it.each([
    [
      'update',
      (s: ReturnType<typeof temp.open>, id: number) => s.projects.update(id, { name: 'x' }),
      'update it',
    ],
    [
      'delete again',
      (s: ReturnType<typeof temp.open>, id: number) => s.projects.softDelete(id),
      'delete it again',
    ],
    [
      'add a task',
      (s: ReturnType<typeof temp.open>, id: number) => s.tasks.create({ projectId: id, title: 't' }),
      'add rows to it (task.projectId)',
    ],
  ])('refuses to %s on a deleted project', (_action, run, action) => {
    const store = temp.open();
    const { id } = store.projects.create({ name: 'gone', workingDirectory: '/g' });
    store.projects.softDelete(id);
    const error = catchError(() => run(store, id));
    expect(error).toBeInstanceOf(InvalidStateError);
    expect((error as Error).message).toBe(`project ${id} is deleted; cannot ${action}`);
  });

  it('get of a missing project is a NotFoundError, find is undefined', () => {
    const store = temp.open();
    const error = catchError(() => store.projects.get(42));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ entity: 'project', id: 42, message: 'project 42 not found' });
    expect(store.projects.find(42)).toBeUndefined();
    expect(() => store.projects.update(42, { name: 'x' })).toThrow('project 42 not found');
  });

  it.each([
    [{ name: '  ', workingDirectory: '/w' }, 'project.name must be a non-empty string; got "  "'],
    [{ name: 'n', workingDirectory: '' }, 'project.workingDirectory must be a non-empty string; got ""'],
    [
      { name: 'n', workingDirectory: '/w', metadata: [] as never },
      'project.metadata must be a plain JSON object; got []',
    ],
  ])('refuses bad input %j', (input, message) => {
    const store = temp.open();
    const error = catchError(() => store.projects.create(input));
    expect(error).toBeInstanceOf(InvalidValueError);
    expect((error as Error).message).toBe(message);
    expect(store.projects.list({ includeDeleted: true })).toEqual([]);
  });
});
