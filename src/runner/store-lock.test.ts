import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, StoreUnavailableError } from '../core/index.js';
import { lockStore } from './store-lock.js';

const dir = mkdtempSync(join(tmpdir(), 'obra-store-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('store.locked_from: another connection holds the store write lock', () => {
  it("fails the store's writes with a typed error after busy_timeout, until it is released", () => {
    const path = join(dir, 'obra.sqlite');
    const store = openStore({ path, busyTimeoutMs: 50 });
    const project = store.projects.create({ name: 'p', workingDirectory: dir });
    const lock = lockStore(path);
    expect(lock.since).toBeLessThanOrEqual(Date.now());
    expect(() => store.tasks.create({ projectId: project.id, title: 't' })).toThrow(StoreUnavailableError);
    lock.release();
    lock.release();
    expect(store.tasks.create({ projectId: project.id, title: 't' }).title).toBe('t');
    store.close();
  });
});
