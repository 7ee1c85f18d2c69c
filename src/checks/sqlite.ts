import Database from 'better-sqlite3';
import { errorMessage } from '../shared/index.js';

export type ReadOnlyDb = Database.Database;

export type OpenResult =
  | { ok: true; db: ReadOnlyDb }
  | {
      ok: false;
      reason: string /** The file is there but is not a (sound) SQLite database. */;
      corrupt: boolean;
    };

/**
 * Opens the attempt's database read-only (the orchestrator has closed it). Never throws: a missing file,
 * a locked one or one that is not a database comes back as a reason.
 */
export function openReadOnly(path: string): OpenResult {
  let db: ReadOnlyDb | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    // SQLite reads the header lazily: touch the schema so "file is not a database" shows up here.
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    return { ok: true, db };
  } catch (error) {
    db?.close();
    const code = (error as { code?: unknown } | null)?.code;
    const corrupt = code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT';
    return {
      ok: false,
      corrupt,
      reason: `could not open the attempt database ${path} read-only: ${errorMessage(error)}${
        typeof code === 'string' ? ` (${code})` : ''
      }`,
    };
  }
}

/** True for errors raised by SQLite itself (a query on a damaged file), as opposed to harness bugs. */
export function isSqliteError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_');
}
