import { afterEach, describe, expect, it } from 'vitest';
import {
  CHANGE_TYPES,
  DECISIONS,
  MILESTONE_STATUSES,
  PROJECT_STATUSES,
  SESSION_STATUSES,
  SEVERITIES,
  TASK_STATUSES,
  TASK_TYPES,
} from './enums.js';
import { EnumValueError } from './errors.js';
import type { Store } from './store.js';
import { catchError } from './test-helpers/catch-error.js';
import { createTempStores, seedSession } from './test-helpers/temp-store.js';

/**
 * The enum tuples and the SQL CHECK constraints of the migrations must agree: every value of every
 * enum is written through the store; a value outside an enum, smuggled into the file, is a typed error
 * naming the column and the value when read back.
 */
const temp = createTempStores();
afterEach(() => temp.cleanup());

describe('every enum value survives a round trip through SQLite', () => {
  it.each(PROJECT_STATUSES)('projects.status %s', (status) => {
    const store = temp.open();
    const { id } = store.projects.create({ name: 'p', workingDirectory: '/p', status });
    expect(store.projects.get(id).status).toBe(status);
  });

  it.each(MILESTONE_STATUSES)('milestones.status %s', (status) => {
    const store = temp.open();
    const { project } = seedSession(store);
    const { id } = store.milestones.create({ projectId: project.id, name: 'm', status });
    expect(store.milestones.get(id).status).toBe(status);
  });

  it.each(TASK_TYPES)('tasks.task_type %s', (taskType) => {
    const store = temp.open();
    const { project } = seedSession(store);
    expect(store.tasks.create({ projectId: project.id, title: 't', taskType }).taskType).toBe(taskType);
  });

  it.each(TASK_STATUSES)('tasks.status %s', (status) => {
    const store = temp.open();
    const { task } = seedSession(store);
    expect(store.tasks.updateStatus(task.id, status).status).toBe(status);
  });

  it.each(SESSION_STATUSES)('sessions.status %s', (status) => {
    const store = temp.open();
    const { session } = seedSession(store);
    const end: Record<typeof status, (s: Store) => unknown> = {
      active: () => undefined,
      completed: (s) => s.sessions.complete(session.id),
      refreshed: (s) => s.sessions.refresh(session.id),
      abandoned: (s) => s.sessions.abandon(session.id, 'test'),
    };
    end[status](store);
    expect(store.sessions.get(session.id).status).toBe(status);
  });

  it.each(DECISIONS)('interactions.decision %s', (decision) => {
    const store = temp.open();
    const { interaction } = seedSession(store);
    expect(store.interactions.record({ ...interaction, decision }).decision).toBe(decision);
  });

  it.each(SEVERITIES)('breakpoint_events.severity %s', (severity) => {
    const store = temp.open();
    const { project } = seedSession(store);
    expect(
      store.breakpoints.create({ projectId: project.id, kind: 'k', reason: 'r', severity }).severity,
    ).toBe(severity);
  });

  it.each(CHANGE_TYPES)('file_changes.change_type %s', (changeType) => {
    const store = temp.open();
    const { task } = seedSession(store);
    expect(store.fileChanges.record({ taskId: task.id, path: 'a', changeType }).changeType).toBe(changeType);
  });
});

describe('a value outside the enum read from the database', () => {
  it.each<[string, string, (s: Store, w: ReturnType<typeof seedSession>) => unknown]>([
    ['projects', 'status', (s, w) => s.projects.get(w.project.id)],
    ['tasks', 'status', (s, w) => s.tasks.get(w.task.id)],
    ['tasks', 'task_type', (s, w) => s.tasks.readyTasks(w.project.id)],
    ['sessions', 'status', (s, w) => s.sessions.listByTask(w.task.id)],
    ['interactions', 'decision', (s, w) => s.interactions.listByTask(w.task.id)],
  ])('%s.%s is an EnumValueError naming column and value', (table, column, read) => {
    const store = temp.open();
    const world = seedSession(store);
    store.interactions.record({ ...world.interaction, decision: 'proceed' });
    store.db.pragma('ignore_check_constraints = ON');
    store.db.prepare(`UPDATE ${table} SET ${column} = 'bogus'`).run();
    store.db.pragma('ignore_check_constraints = OFF');
    const error = catchError(() => read(store, world));
    expect(error).toBeInstanceOf(EnumValueError);
    expect(error).toMatchObject({ column: `${table}.${column}`, value: 'bogus', direction: 'read' });
    expect((error as Error).message).toMatch(
      new RegExp(`^${table}.${column}: "bogus" is not one of .* \\(read from the database\\)$`),
    );
  });
});
