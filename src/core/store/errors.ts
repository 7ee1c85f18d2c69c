import { InfrastructureError, UserError } from '../../shared/index.js';

/**
 * The store's typed errors. Each names the row, column or file, the offending value, and the fix.
 * Every code starts with `OBRA_STORE_`, so callers can test `error.code` across the three bases:
 * - StoreError (a broken contract between the orchestrator and its store: a harness or core bug),
 * - UserError subclasses for files a user handed us (not a database, written by a newer version),
 * - InfrastructureError for a database the harness could not open or use.
 * (UserError and InfrastructureError fix `name` to their own, so those subclasses keep it; tell them
 * apart with instanceof or `code`.)
 */
export class StoreError extends Error {
  override readonly name: string = 'StoreError';
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The entities of the store, as named in error messages. */
export type EntityName =
  | 'project'
  | 'milestone'
  | 'task'
  | 'session'
  | 'interaction'
  | 'breakpoint event'
  | 'checkpoint'
  | 'file change';

/** `get*` of a row that does not exist (`find*` returns undefined instead). */
export class NotFoundError extends StoreError {
  override readonly name = 'NotFoundError';
  constructor(
    readonly entity: EntityName,
    readonly id: number | string,
    hint = '',
  ) {
    super(`${entity} ${JSON.stringify(id)} not found${hint ? `; ${hint}` : ''}`, 'OBRA_STORE_NOT_FOUND');
  }
}

/** A row refers to another row that does not exist (a foreign key that would dangle). */
export class ForeignKeyError extends StoreError {
  override readonly name = 'ForeignKeyError';
  constructor(
    readonly field: string,
    readonly entity: EntityName,
    readonly id: number | string,
  ) {
    super(
      `${field}: ${entity} ${JSON.stringify(id)} not found; create the ${entity} first or pass an existing id`,
      'OBRA_STORE_FOREIGN_KEY',
    );
  }
}

/** Inserting a row whose id is already taken (session ids are never reused). */
export class DuplicateIdError extends StoreError {
  override readonly name = 'DuplicateIdError';
  constructor(
    readonly entity: EntityName,
    readonly id: number | string,
    hint: string,
  ) {
    super(`${entity} ${JSON.stringify(id)} already exists; ${hint}`, 'OBRA_STORE_DUPLICATE_ID');
  }
}

/** A value outside its column's enum, written to or read from the database. */
export class EnumValueError extends StoreError {
  override readonly name = 'EnumValueError';
  constructor(
    readonly column: string,
    readonly value: unknown,
    readonly allowed: readonly string[],
    readonly direction: 'read' | 'write',
  ) {
    const where = direction === 'read' ? 'read from the database' : 'written';
    super(
      `${column}: ${JSON.stringify(value)} is not one of ${allowed.join(' | ')} (${where})`,
      'OBRA_STORE_ENUM_VALUE',
    );
  }
}

/** A value that breaks a rule of its field: a score off the 0-1 scale, a negative token count, bad JSON. */
export class InvalidValueError extends StoreError {
  override readonly name = 'InvalidValueError';
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly rule: string,
  ) {
    super(`${field} ${rule}; got ${describe(value)}`, 'OBRA_STORE_INVALID_VALUE');
  }
}

/** An operation that the row's current state does not allow (usage added to a completed session...). */
export class InvalidStateError extends StoreError {
  override readonly name = 'InvalidStateError';
  constructor(
    readonly entity: EntityName,
    readonly id: number | string,
    readonly state: string,
    action: string,
  ) {
    super(`${entity} ${JSON.stringify(id)} is ${state}; cannot ${action}`, 'OBRA_STORE_INVALID_STATE');
  }
}

/**
 * SQLite refused a write the repository did not catch first (a CHECK, UNIQUE or FOREIGN KEY constraint).
 * The repositories validate before writing, so this one points at a gap in the store itself.
 */
export class ConstraintError extends StoreError {
  override readonly name = 'ConstraintError';
  constructor(
    readonly sqliteCode: string,
    sqliteMessage: string,
    options?: { cause?: unknown },
  ) {
    super(
      `SQLite refused the write: ${sqliteMessage} (${sqliteCode}); the store should have named the field first, please report this`,
      'OBRA_STORE_CONSTRAINT',
      options,
    );
  }
}

/** The file was written by a newer obra-validate whose schema this one does not understand. */
export class SchemaVersionError extends UserError {
  constructor(
    readonly path: string,
    readonly fileVersion: number,
    readonly supportedVersion: number,
  ) {
    super(
      `${path} has schema version ${fileVersion}, this obra-validate understands up to ${supportedVersion}; upgrade obra-validate`,
      'OBRA_STORE_SCHEMA_TOO_NEW',
    );
  }
}

/** The path is not a SQLite database, or a SQLite database that is not an obra-validate store. */
export class NotADatabaseError extends UserError {
  constructor(
    readonly path: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${path} is not an obra-validate store: ${reason}`, 'OBRA_STORE_NOT_A_DATABASE');
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** The database could not be opened or configured (missing directory, no permission, no WAL). */
export class StoreOpenError extends InfrastructureError {
  constructor(
    readonly path: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot open the store at ${path}: ${reason}`, 'OBRA_STORE_OPEN', options);
  }
}

/**
 * Another connection held the write lock longer than busy_timeout (SQLITE_BUSY), or the disk refused a
 * write (full, read-only, I/O error): the environment, not the orchestrator, stopped the unit of work.
 */
export class StoreUnavailableError extends InfrastructureError {
  constructor(
    readonly path: string,
    readonly sqliteCode: string,
    sqliteMessage: string,
    options?: { cause?: unknown },
  ) {
    const busy = sqliteCode.startsWith('SQLITE_BUSY') || sqliteCode.startsWith('SQLITE_LOCKED');
    super(
      busy
        ? `the store ${path} is locked by another connection (${sqliteCode}: ${sqliteMessage}) and stayed locked past busy_timeout; make sure no other process writes to this database (a sqlite3 shell, another run on the same run directory)`
        : `the store ${path} could not be written (${sqliteCode}: ${sqliteMessage}); check the free space and permissions of the run directory`,
      busy ? 'OBRA_STORE_BUSY' : 'OBRA_STORE_IO',
      options,
    );
  }
}

function describe(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
