import { afterEach, describe, expect, it } from 'vitest';
import {
  DuplicateIdError,
  EnumValueError,
  ForeignKeyError,
  InvalidValueError,
  StoreError,
} from './errors.js';
import type { Store } from './store.js';
import { catchError } from './test-helpers/catch-error.js';
import { createTempStores, seedSession } from './test-helpers/temp-store.js';

/** The constraint violations of the issue, side by side: each is a typed error and writes nothing. */
const temp = createTempStores();
afterEach(() => temp.cleanup());

type World = ReturnType<typeof seedSession>;

describe('constraint violations give typed errors', () => {
  it.each<[string, (s: Store, w: World) => unknown, new (...args: never[]) => StoreError, object]>([
    [
      'a task of a missing project',
      (s) => s.tasks.create({ projectId: 999, title: 't' }),
      ForeignKeyError,
      { field: 'task.projectId', entity: 'project', id: 999 },
    ],
    [
      'a session of a missing project',
      (s) => s.sessions.create({ projectId: 999 }),
      ForeignKeyError,
      { field: 'session.projectId', entity: 'project', id: 999 },
    ],
    [
      'a bad task status',
      (s, w) => s.tasks.updateStatus(w.task.id, 'finished' as never),
      EnumValueError,
      { column: 'task.status', value: 'finished', direction: 'write' },
    ],
    [
      'a bad decision',
      (s, w) => s.interactions.record({ ...w.interaction, decision: 'merge' as never }),
      EnumValueError,
      { column: 'interaction.decision', value: 'merge' },
    ],
    [
      'a quality score of 85',
      (s, w) => s.interactions.record({ ...w.interaction, qualityScore: 85 }),
      InvalidValueError,
      { field: 'interaction.qualityScore', value: 85 },
    ],
    [
      'a confidence of -0.1',
      (s, w) => s.interactions.record({ ...w.interaction, confidence: -0.1 }),
      InvalidValueError,
      { field: 'interaction.confidence', value: -0.1 },
    ],
    [
      'a duplicate session id',
      (s, w) => s.sessions.create({ id: w.session.id, projectId: w.project.id }),
      DuplicateIdError,
      { entity: 'session' },
    ],
  ])('%s', (_case, run, type, fields) => {
    const store = temp.open();
    const world = seedSession(store);
    const before = counts(store);
    const error = catchError(() => run(store, world));
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject(fields);
    expect((error as StoreError).code).toMatch(/^OBRA_STORE_/);
    expect(counts(store)).toEqual(before);
  });
});

function counts(store: Store) {
  const count = (table: string) => store.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get();
  return ['projects', 'tasks', 'sessions', 'interactions'].map(count);
}
