import { afterEach, describe, expect, it } from 'vitest';
import { ForeignKeyError, InvalidStateError, NotFoundError } from './errors.js';
import { catchError } from './test-helpers/catch-error.js';
import { createTempStores } from './test-helpers/temp-store.js';

const temp = createTempStores();
afterEach(() => temp.cleanup());

describe('milestones', () => {
  it('creates, gets and lists by project', () => {
    const store = temp.open();
    const a = store.projects.create({ name: 'a', workingDirectory: '/a' });
    const b = store.projects.create({ name: 'b', workingDirectory: '/b' });
    const m1 = store.milestones.create({ projectId: a.id, name: 'M1', description: 'first' });
    store.milestones.create({ projectId: b.id, name: 'other' });
    const m2 = store.milestones.create({ projectId: a.id, name: 'M2' });
    expect(m1).toEqual({
      id: m1.id,
      projectId: a.id,
      name: 'M1',
      description: 'first',
      status: 'pending',
      createdAt: m1.createdAt,
      completedAt: null,
    });
    expect(store.milestones.get(m1.id)).toEqual(m1);
    expect(store.milestones.listByProject(a.id).map((m) => m.name)).toEqual(['M1', 'M2']);
    expect(store.milestones.find(m2.id + 100)).toBeUndefined();
  });

  it('complete stamps completed_at once; completing again is an error', () => {
    const store = temp.open();
    const p = store.projects.create({ name: 'a', workingDirectory: '/a' });
    const m = store.milestones.create({ projectId: p.id, name: 'M1' });
    const done = store.milestones.complete(m.id);
    expect(done.status).toBe('completed');
    expect(done.completedAt).not.toBeNull();
    const error = catchError(() => store.milestones.complete(m.id));
    expect(error).toBeInstanceOf(InvalidStateError);
    expect((error as Error).message).toBe(`milestone ${m.id} is completed; cannot complete it again`);
  });

  it('update changes fields and clears completed_at when reopened', () => {
    const store = temp.open();
    const p = store.projects.create({ name: 'a', workingDirectory: '/a' });
    const m = store.milestones.create({ projectId: p.id, name: 'M1' });
    store.milestones.update(m.id, { status: 'completed' });
    const reopened = store.milestones.update(m.id, { status: 'active', name: 'M1b' });
    expect(reopened).toMatchObject({ status: 'active', name: 'M1b', completedAt: null });
  });

  it('refuses a missing project and reports a missing milestone', () => {
    const store = temp.open();
    const error = catchError(() => store.milestones.create({ projectId: 9, name: 'M' }));
    expect(error).toBeInstanceOf(ForeignKeyError);
    expect((error as Error).message).toBe(
      'milestone.projectId: project 9 not found; create the project first or pass an existing id',
    );
    expect(catchError(() => store.milestones.get(3))).toBeInstanceOf(NotFoundError);
  });
});
