import type { Database } from 'better-sqlite3';
import { ConstraintError, type EntityName, ForeignKeyError, StoreUnavailableError } from './errors.js';
import { createExists, type TableName } from './sql.js';
import type { Timestamp } from './types.js';

/** What every repository gets from the store: the connection, the clock and the write helper. */
export interface StoreContext {
  readonly db: Database;
  now(): Timestamp;
  /**
   * Runs `fn` as one unit of work: BEGIN IMMEDIATE at the top (the write lock is taken up front, so
   * busy_timeout applies and a read-then-write never fails with SQLITE_BUSY_SNAPSHOT), a SAVEPOINT when
   * nested. Throwing rolls back that level only and rethrows.
   */
  write<T>(fn: () => T): T;
  exists(table: TableName, id: number | string): boolean;
  /** Throws ForeignKeyError (naming `field`) unless the referenced row exists. */
  requireRef(field: string, entity: EntityName, id: number | string): void;
}

const TABLES: Record<EntityName, TableName> = {
  project: 'projects',
  milestone: 'milestones',
  task: 'tasks',
  session: 'sessions',
  interaction: 'interactions',
  'breakpoint event': 'breakpoint_events',
  checkpoint: 'checkpoints',
  'file change': 'file_changes',
};

export function createContext(db: Database, clock: () => Date): StoreContext {
  const tx = db.transaction((fn: () => unknown) => fn());
  const exists = createExists(db);
  return {
    db,
    now: () => clock().toISOString(),
    write<T>(fn: () => T): T {
      try {
        return tx.immediate(fn) as T;
      } catch (error) {
        throw translateSqliteError(error, db.name);
      }
    },
    exists,
    requireRef(field, entity, id) {
      if (!exists(TABLES[entity], id)) throw new ForeignKeyError(field, entity, id);
    },
  };
}

/** SQLite codes of a database the environment made unusable: locked by another process, disk full or read-only. */
const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|FULL|READONLY|IOERR|CANTOPEN)/;

/**
 * Keeps SQLite failures typed, never a bare SqliteError: a constraint the repository did not catch is a
 * ConstraintError; a lock held past busy_timeout or a full/read-only disk is a StoreUnavailableError.
 */
export function translateSqliteError(error: unknown, path = 'the database'): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (!(error instanceof Error) || typeof code !== 'string') return error;
  if (code.startsWith('SQLITE_CONSTRAINT')) return new ConstraintError(code, error.message, { cause: error });
  if (UNAVAILABLE.test(code)) return new StoreUnavailableError(path, code, error.message, { cause: error });
  return error;
}
