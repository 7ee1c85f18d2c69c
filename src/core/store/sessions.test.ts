import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { DuplicateIdError, InvalidStateError, InvalidValueError, NotFoundError } from './errors.js';
import type { Store } from './store.js';
import { catchError } from './test-helpers/catch-error.js';
import { createTempStores, seed, seedSession, usage } from './test-helpers/temp-store.js';

const temp = createTempStores();
afterEach(() => temp.cleanup());

describe('sessions: create and read', () => {
  it('creates an active session with zero usage and the id given', () => {
    const store = temp.open();
    const { project, task } = seed(store);
    const id = randomUUID();
    const session = store.sessions.create({ id, projectId: project.id, taskId: task.id });
    expect(session).toEqual({
      id,
      projectId: project.id,
      taskId: task.id,
      milestoneId: null,
      status: 'active',
      inputTokens: 0,
      outputTokens: 0,
      cacheCreationTokens: 0,
      cacheReadTokens: 0,
      turns: 0,
      costUsd: 0,
      interactionCount: 0,
      reason: null,
      createdAt: session.createdAt,
      endedAt: null,
    });
    expect(store.sessions.get(id)).toEqual(session);
  });

  it('generates a UUID when no id is given', () => {
    const store = temp.open();
    const { project } = seed(store);
    expect(store.sessions.create({ projectId: project.id }).id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a reused session id, naming it', () => {
    const store = temp.open();
    const { project, session } = seedSession(store);
    store.sessions.complete(session.id);
    const error = catchError(() => store.sessions.create({ id: session.id, projectId: project.id }));
    expect(error).toBeInstanceOf(DuplicateIdError);
    expect(error).toMatchObject({ entity: 'session', id: session.id, code: 'OBRA_STORE_DUPLICATE_ID' });
    expect((error as Error).message).toBe(
      `session "${session.id}" already exists; session ids are never reused: continue with --resume, or create a new id`,
    );
  });

  it.each([
    [
      'a non-UUID id',
      (s: Store, p: number) => s.sessions.create({ id: 'abc', projectId: p }),
      'session.id must be a UUID',
    ],
    [
      'a missing task',
      (s: Store, p: number) => s.sessions.create({ projectId: p, taskId: 77 }),
      'session.taskId: task 77 not found',
    ],
    [
      'a missing project',
      (s: Store) => s.sessions.create({ projectId: 77 }),
      'session.projectId: project 77 not found',
    ],
    [
      'a milestone of another project',
      (s: Store, p: number) => {
        const other = s.projects.create({ name: 'o', workingDirectory: '/o' });
        const m = s.milestones.create({ projectId: other.id, name: 'M' });
        return s.sessions.create({ projectId: p, milestoneId: m.id });
      },
      'session.milestoneId must be a milestone of project 1',
    ],
  ])('refuses %s', (_case, run, message) => {
    const store = temp.open();
    const { project } = seed(store);
    expect(() => run(store, project.id)).toThrow(message);
    expect(store.sessions.listByProject(project.id)).toEqual([]);
  });

  it('get of a missing session is a NotFoundError with the message of the issue', () => {
    const store = temp.open();
    const error = catchError(() => store.sessions.get('abc'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toBe('session "abc" not found');
    expect(store.sessions.find('abc')).toBeUndefined();
  });
});

describe('sessions: usage and endings', () => {
  it('addUsage increments the counters', () => {
    const store = temp.open();
    const { session } = seedSession(store);
    store.sessions.addUsage(session.id, usage());
    const after = store.sessions.addUsage(session.id, { inputTokens: 1, costUsd: 0.5 });
    expect(after).toMatchObject({
      inputTokens: 101,
      outputTokens: 20,
      cacheCreationTokens: 5,
      cacheReadTokens: 50,
      turns: 2,
      costUsd: 0.5125,
      interactionCount: 0,
    });
  });

  it.each([
    [{ inputTokens: -1 }, 'usage.inputTokens must be an integer >= 0; got -1'],
    [{ turns: 1.5 }, 'usage.turns must be an integer >= 0; got 1.5'],
    [{ costUsd: Number.NaN }, 'usage.costUsd must be a finite number >= 0; got NaN'],
  ])('addUsage refuses %j', (bad, message) => {
    const store = temp.open();
    const { session } = seedSession(store);
    const error = catchError(() => store.sessions.addUsage(session.id, bad));
    expect(error).toBeInstanceOf(InvalidValueError);
    expect((error as Error).message).toBe(message);
    expect(store.sessions.get(session.id).inputTokens).toBe(0);
  });

  it('addUsage on a missing session names it (the "Session not found" bug of the original)', () => {
    const store = temp.open();
    expect(() => store.sessions.addUsage('1b4e28ba-2fa1-11d2-883f-0016d3cca427', usage())).toThrow(
      'session "1b4e28ba-2fa1-11d2-883f-0016d3cca427" not found',
    );
  });

  it.each([
    ['complete', (s: Store, id: string) => s.sessions.complete(id), 'completed', null],
    [
      'refresh',
      (s: Store, id: string) => s.sessions.refresh(id, 'context window full'),
      'refreshed',
      'context window full',
    ],
    [
      'abandon',
      (s: Store, id: string) => s.sessions.abandon(id, 'agent crashed'),
      'abandoned',
      'agent crashed',
    ],
  ])('%s ends an active session once', (_action, end, status, reason) => {
    const store = temp.open();
    const { session } = seedSession(store);
    const ended = end(store, session.id);
    expect(ended).toMatchObject({ status, reason });
    expect(ended.endedAt).not.toBeNull();
    // What it returns is the row as stored (it is not read back): the same as a read of it.
    expect(store.sessions.get(session.id)).toEqual(ended);
    const again = catchError(() => end(store, session.id));
    expect(again).toBeInstanceOf(InvalidStateError);
    expect((again as Error).message).toBe(
      `session "${session.id}" is ${status}; cannot mark it ${status}; only active sessions end`,
    );
    expect(() => store.sessions.addUsage(session.id, usage())).toThrow(
      `session "${session.id}" is ${status}; cannot add usage to it; only an active session takes usage`,
    );
  });

  it('abandon requires a reason', () => {
    const store = temp.open();
    const { session } = seedSession(store);
    expect(() => store.sessions.abandon(session.id, '')).toThrow('session.reason must be a non-empty string');
  });
});

describe('sessions: lists and metrics', () => {
  it('listByTask, listByProject and listActive', () => {
    const store = temp.open();
    const { project, task, session: s1 } = seedSession(store);
    const s2 = store.sessions.create({ projectId: project.id, taskId: task.id });
    const other = store.projects.create({ name: 'o', workingDirectory: '/o' });
    const s3 = store.sessions.create({ projectId: other.id });
    store.sessions.complete(s1.id);
    expect(store.sessions.listByTask(task.id).map((s) => s.id)).toEqual([s1.id, s2.id]);
    expect(store.sessions.listByProject(project.id).map((s) => s.id)).toEqual([s1.id, s2.id]);
    expect(store.sessions.listActive().map((s) => s.id)).toEqual([s2.id, s3.id]);
    expect(store.sessions.listActive(other.id).map((s) => s.id)).toEqual([s3.id]);
  });

  it('taskSessionMetrics sums the usage of the task sessions', () => {
    const store = temp.open();
    const { project, task, session: s1, interaction } = seedSession(store);
    store.interactions.record(interaction);
    store.interactions.record({
      ...interaction,
      iteration: 2,
      usage: usage({ inputTokens: 1, costUsd: 0.25 }),
    });
    store.sessions.complete(s1.id);
    const s2 = store.sessions.create({ projectId: project.id, taskId: task.id });
    store.interactions.record({ ...interaction, sessionId: s2.id, iteration: 3, usage: usage({ turns: 7 }) });
    const metrics = store.sessions.taskSessionMetrics(task.id);
    expect(metrics.totals).toEqual({
      inputTokens: 201,
      outputTokens: 60,
      cacheCreationTokens: 15,
      cacheReadTokens: 150,
      turns: 11,
      costUsd: 0.0125 + 0.25 + 0.0125,
      sessions: 2,
      interactions: 3,
    });
    expect(metrics.sessions.map((s) => [s.id, s.interactionCount])).toEqual([
      [s1.id, 2],
      [s2.id, 1],
    ]);
  });

  it('taskSessionMetrics of a task without sessions is zero; of a missing task an error', () => {
    const store = temp.open();
    const { task } = seed(store);
    expect(store.sessions.taskSessionMetrics(task.id)).toEqual({
      totals: {
        inputTokens: 0,
        outputTokens: 0,
        cacheCreationTokens: 0,
        cacheReadTokens: 0,
        turns: 0,
        costUsd: 0,
        sessions: 0,
        interactions: 0,
      },
      sessions: [],
    });
    expect(() => store.sessions.taskSessionMetrics(404)).toThrow('task 404 not found');
  });
});
