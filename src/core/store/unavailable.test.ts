import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { InfrastructureError } from '../../shared/index.js';
import { StoreUnavailableError } from './index.js';
import { catchError } from './test-helpers/catch-error.js';
import { createTempStores } from './test-helpers/temp-store.js';

const temp = createTempStores();
const holders: Database.Database[] = [];
afterEach(() => {
  for (const db of holders.splice(0)) db.close();
  temp.cleanup();
});

describe('a store the environment made unusable', () => {
  it('a write lock held by another connection past busy_timeout is a typed StoreUnavailableError', () => {
    const path = temp.file();
    const store = temp.open(path, 100);
    const holder = new Database(path);
    holders.push(holder);
    holder.exec('BEGIN IMMEDIATE');
    const error = catchError(() => store.projects.create({ name: 'p', workingDirectory: '/w' }));
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error).toBeInstanceOf(InfrastructureError);
    expect(error).toMatchObject({ code: 'OBRA_STORE_BUSY', sqliteCode: 'SQLITE_BUSY', path });
    expect((error as Error).message).toContain(`the store ${path} is locked by another connection`);
    // The lock released, the same store works again.
    holder.exec('ROLLBACK');
    expect(store.projects.create({ name: 'p', workingDirectory: '/w' }).id).toBe(1);
  });
});
