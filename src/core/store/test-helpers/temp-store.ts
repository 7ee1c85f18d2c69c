import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../index.js';
import type { Usage } from '../types.js';

/** A clock that starts at 2026-01-01T00:00:00Z and moves one second per reading. */
export function createStepClock(start = Date.UTC(2026, 0, 1)): () => Date {
  let next = start;
  return () => {
    const date = new Date(next);
    next += 1000;
    return date;
  };
}

/**
 * Temp directories and stores for one test file: `cleanup()` (in afterEach) closes every store opened
 * through it and removes every directory.
 */
export function createTempStores() {
  const dirs: string[] = [];
  const stores: Store[] = [];
  return {
    dir(): string {
      const dir = mkdtempSync(join(tmpdir(), 'obra-store-'));
      dirs.push(dir);
      return dir;
    },
    file(name = 'obra.sqlite'): string {
      return join(this.dir(), name);
    },
    open(path = ':memory:', busyTimeoutMs?: number): Store {
      const store = openStore({
        path,
        clock: createStepClock(),
        ...(busyTimeoutMs === undefined ? {} : { busyTimeoutMs }),
      });
      stores.push(store);
      return store;
    },
    cleanup(): void {
      for (const store of stores.splice(0)) store.close();
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function usage(overrides: Partial<Usage> = {}): Usage {
  return {
    inputTokens: 100,
    outputTokens: 20,
    cacheCreationTokens: 5,
    cacheReadTokens: 50,
    turns: 2,
    costUsd: 0.0125,
    ...overrides,
  };
}

/** A project with one task: the smallest world most tests need. */
export function seed(store: Store) {
  const project = store.projects.create({ name: 'demo', workingDirectory: '/work/demo' });
  const task = store.tasks.create({ projectId: project.id, title: 'Create calculator.py' });
  return { project, task };
}

/** A seeded world plus an active session of the task and the input of one interaction. */
export function seedSession(store: Store) {
  const world = seed(store);
  const session = store.sessions.create({ projectId: world.project.id, taskId: world.task.id });
  const interaction = {
    sessionId: session.id,
    taskId: world.task.id,
    iteration: 1,
    prompt: 'Create calculator.py',
    response: 'Done.',
    agentSessionId: session.id,
    usage: usage(),
    durationMs: 1234,
    isError: false,
  };
  return { ...world, session, interaction };
}
