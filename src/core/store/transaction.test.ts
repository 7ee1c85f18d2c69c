import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ConstraintError, NotFoundError } from './errors.js';
import { catchError } from './test-helpers/catch-error.js';
import { createTempStores, seedSession } from './test-helpers/temp-store.js';

const temp = createTempStores();
afterEach(() => temp.cleanup());

function countFromAnotherConnection(path: string, table: string): number {
  const other = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return other.prepare<[], number>(`SELECT COUNT(*) FROM ${table}`).pluck().get()!;
  } finally {
    other.close();
  }
}

describe('store.transaction', () => {
  it(
    'REGRESSION python-transaction-depth-counter: after units of work throw midway, later writes commit ' +
      'and are visible from a second, independent connection',
    () => {
      // The Python original kept a manual depth counter that went negative after one error; from then
      // on it never issued COMMIT again, and every later write silently vanished.
      const path = temp.file();
      const store = temp.open(path);
      const { project, task, interaction } = seedSession(store);
      const failure = new Error('agent crashed midway');
      for (let round = 0; round < 3; round++) {
        const error = catchError(() =>
          store.transaction(() => {
            store.tasks.create({ projectId: project.id, title: `doomed ${round}` });
            store.interactions.record(interaction);
            throw failure;
          }),
        );
        expect(error).toBe(failure);
        expect(store.db.inTransaction).toBe(false);
      }
      expect(countFromAnotherConnection(path, 'tasks')).toBe(1);
      expect(countFromAnotherConnection(path, 'interactions')).toBe(0);

      store.tasks.create({ projectId: project.id, title: 'written after the failures' });
      store.transaction(() => {
        store.interactions.record(interaction);
        store.tasks.updateStatus(task.id, 'running');
      });

      expect(countFromAnotherConnection(path, 'tasks')).toBe(2);
      expect(countFromAnotherConnection(path, 'interactions')).toBe(1);
      const other = new Database(path, { readonly: true });
      expect(other.prepare('SELECT status FROM tasks WHERE id = ?').pluck().get(task.id)).toBe('running');
      expect(other.prepare('SELECT interaction_count FROM sessions').pluck().get()).toBe(1);
      other.close();
    },
  );

  it('commits all writes of a unit of work together and returns its value', () => {
    const path = temp.file();
    const store = temp.open(path);
    const { project } = seedSession(store);
    const ids = store.transaction(() =>
      [1, 2, 3].map((i) => store.tasks.create({ projectId: project.id, title: `t${i}` }).id),
    );
    expect(ids).toHaveLength(3);
    expect(countFromAnotherConnection(path, 'tasks')).toBe(4);
  });

  it('nested: an inner unit of work that fails and is caught undoes only its own writes', () => {
    const store = temp.open(temp.file());
    const { project } = seedSession(store);
    store.transaction(() => {
      store.tasks.create({ projectId: project.id, title: 'outer before' });
      const inner = catchError(() =>
        store.transaction(() => {
          store.tasks.create({ projectId: project.id, title: 'inner' });
          store.tasks.get(404);
        }),
      );
      expect(inner).toBeInstanceOf(NotFoundError);
      store.tasks.create({ projectId: project.id, title: 'outer after' });
    });
    expect(store.tasks.listByProject(project.id).map((t) => t.title)).toEqual([
      'Create calculator.py',
      'outer before',
      'outer after',
    ]);
  });

  it('nested: an inner failure that escapes rolls back the whole unit of work', () => {
    const store = temp.open();
    const { project } = seedSession(store);
    expect(() =>
      store.transaction(() => {
        store.tasks.create({ projectId: project.id, title: 'outer' });
        store.transaction(() => store.tasks.create({ projectId: 999, title: 'bad project' }));
      }),
    ).toThrow('task.projectId: project 999 not found');
    expect(store.tasks.listByProject(project.id)).toHaveLength(1);
  });

  it('refuses an async unit of work (its writes could not be atomic) and stays usable', () => {
    const store = temp.open();
    const { project } = seedSession(store);
    expect(() => store.transaction((async () => undefined) as never)).toThrow(/cannot return a promise/);
    expect(store.db.inTransaction).toBe(false);
    expect(store.tasks.create({ projectId: project.id, title: 'after' }).title).toBe('after');
  });

  it('turns a constraint that only SQLite caught into a typed ConstraintError', () => {
    const store = temp.open();
    const error = catchError(() =>
      store.transaction(() =>
        store.db
          .prepare(
            "INSERT INTO tasks (project_id, title, created_at, updated_at) VALUES (999, 't', 'now', 'now')",
          )
          .run(),
      ),
    );
    expect(error).toBeInstanceOf(ConstraintError);
    expect(error).toMatchObject({
      sqliteCode: 'SQLITE_CONSTRAINT_FOREIGNKEY',
      code: 'OBRA_STORE_CONSTRAINT',
    });
  });
});
