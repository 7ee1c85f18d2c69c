import Database from 'better-sqlite3';
import { errorMessage } from '../../shared/index.js';
import { NotADatabaseError, StoreOpenError } from './errors.js';

/** The default time a write waits for another connection's lock before failing, in milliseconds. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/**
 * Opens a connection and sets it up for concurrent use: WAL for files (readers never block the
 * writer), busy_timeout (a writer waits for the lock instead of failing with "database is locked"),
 * foreign_keys ON, synchronous NORMAL (durable across process crashes; the safe pairing with WAL).
 */
export function openConnection(path: string, busyTimeoutMs: number): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: busyTimeoutMs });
  } catch (error) {
    throw new StoreOpenError(path, errorMessage(error), { cause: error });
  }
  try {
    configure(db, path, busyTimeoutMs);
    return db;
  } catch (error) {
    db.close();
    throw classifyOpenError(path, error);
  }
}

function configure(db: Database.Database, path: string, busyTimeoutMs: number): void {
  db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  if (!db.memory) {
    const mode = retryWhileBusy(() => db.pragma('journal_mode = WAL', { simple: true }), busyTimeoutMs);
    if (mode !== 'wal') {
      throw new StoreOpenError(
        path,
        `journal_mode is ${String(mode)}, not wal; put the run directory on a local filesystem`,
      );
    }
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('foreign_keys = ON');
  if (db.pragma('foreign_keys', { simple: true }) !== 1) {
    throw new StoreOpenError(path, 'SQLite refused PRAGMA foreign_keys = ON');
  }
}

/**
 * Switching a new file to WAL takes an exclusive lock, and SQLite can answer SQLITE_BUSY at once
 * instead of calling the busy handler (two processes opening the same new file together: seen in
 * concurrency.test.ts). Retries for up to `timeoutMs`, like busy_timeout would, then lets the error go.
 */
function retryWhileBusy<T>(fn: () => T, timeoutMs: number): T {
  const deadline = performance.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let wait = 1; ; wait = Math.min(wait * 2, 50)) {
    try {
      return fn();
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (typeof code !== 'string' || !code.startsWith('SQLITE_BUSY') || performance.now() >= deadline) {
        throw error;
      }
      Atomics.wait(pause, 0, 0, wait); // a synchronous sleep: the store's API is synchronous
    }
  }
}

/**
 * SQLite says "file is not a database" lazily, on the first statement: name the path instead.
 * Our own typed errors (SchemaVersionError...) pass through unchanged.
 */
export function classifyOpenError(path: string, error: unknown): Error {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new NotADatabaseError(path, `the file is not a SQLite database (${String(code)})`, {
      cause: error,
    });
  }
  if (error instanceof Error && !(typeof code === 'string' && code.startsWith('SQLITE_'))) return error;
  return new StoreOpenError(path, errorMessage(error), { cause: error });
}
