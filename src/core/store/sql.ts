import type { Database, Statement as SqliteStatement } from 'better-sqlite3';
import { type EntityName, NotFoundError } from './errors.js';

/** Helpers shared by the repositories: statement cache, existence checks, partial updates. */
export type SqlValue = string | number | bigint | Buffer | null;

export type TableName =
  | 'projects'
  | 'milestones'
  | 'tasks'
  | 'sessions'
  | 'interactions'
  | 'breakpoint_events'
  | 'checkpoints'
  | 'file_changes';

/** Whether a row with this id exists (statements are cached per connection, in the closure). */
export function createExists(db: Database): (table: TableName, id: number | string) => boolean {
  const statements = new Map<TableName, ReturnType<Database['prepare']>>();
  return (table, id) => {
    let statement = statements.get(table);
    if (!statement) {
      statement = db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`);
      statements.set(table, statement);
    }
    return statement.get(id) !== undefined;
  };
}

/**
 * `UPDATE table SET col = ?, ... WHERE id = ?` for the columns present in `values` (column names come
 * from repository code, never from input). Returns the number of rows changed.
 */
export function updateColumns(
  db: Database,
  table: TableName,
  id: number | string,
  values: Record<string, SqlValue | undefined>,
): number {
  const entries = Object.entries(values).filter(
    (entry): entry is [string, SqlValue] => entry[1] !== undefined,
  );
  if (entries.length === 0) return 0;
  const set = entries.map(([column]) => `${column} = ?`).join(', ');
  return cachedStatement(db, `UPDATE ${table} SET ${set} WHERE id = ?`).run(...entries.map(([, v]) => v), id)
    .changes;
}

type Statement = SqliteStatement<unknown[], unknown>;
const statementCaches = new WeakMap<Database, Map<string, Statement>>();

/**
 * A prepared statement for `sql` on this connection, prepared once (preparing costs more than running a
 * small statement: repositories that build SQL per call go through here).
 */
export function cachedStatement(db: Database, sql: string): Statement {
  let cache = statementCaches.get(db);
  if (!cache) {
    cache = new Map();
    statementCaches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare<unknown[], unknown>(sql);
    cache.set(sql, statement);
  }
  return statement;
}

/** The row, or NotFoundError naming the entity and id. */
export function required<T>(entity: EntityName, id: number | string, row: T | undefined): T {
  if (row === undefined) throw new NotFoundError(entity, id);
  return row;
}

/** `undefined` → `null` for optional columns. */
export function orNull<T>(value: T | null | undefined): T | null {
  return value === undefined ? null : value;
}
