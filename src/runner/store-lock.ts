import Database from 'better-sqlite3';

/** A write lock another connection holds on a store: every write of the store's own connection waits, then fails. */
export interface StoreLock {
  /** When it was taken, epoch milliseconds. */
  readonly since: number;
  release(): void;
}

/**
 * Takes the write lock of the SQLite file at `path` on a connection of its own (BEGIN IMMEDIATE), as
 * another process would (scenario `store.locked_from`): the store's writes then fail with SQLITE_BUSY
 * after its busy_timeout, which is how a scenario makes "a store write that fails" happen on demand.
 */
export function lockStore(path: string): StoreLock {
  const db = new Database(path, { timeout: 0 });
  db.exec('BEGIN IMMEDIATE');
  const since = Date.now();
  let held = true;
  return {
    since,
    release() {
      if (!held) return;
      held = false;
      db.exec('ROLLBACK');
      db.close();
    },
  };
}
