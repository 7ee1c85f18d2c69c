import type { Database } from 'better-sqlite3';
import { NotADatabaseError, SchemaVersionError } from './errors.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations.js';

/**
 * Brings the database up to the newest schema in one immediate transaction (two processes opening
 * the same new file serialize here; the second finds nothing to do). Returns the schema version.
 * Refuses a file written by a newer schema and a SQLite file that is not an obra-validate store.
 */
export function migrate(
  db: Database,
  path: string,
  now: () => string,
  migrations: readonly Migration[] = MIGRATIONS,
): number {
  checkMigrationList(migrations);
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
  const run = db.transaction(() => {
    if (!hasTable(db, 'schema_version')) {
      const others = userTables(db);
      if (others.length > 0) {
        throw new NotADatabaseError(
          path,
          `it is a SQLite database without a schema_version table (tables: ${others.join(', ')}); pass a new path or the obra.sqlite of a run`,
        );
      }
      db.exec(`CREATE TABLE schema_version (
        version     INTEGER PRIMARY KEY,
        description TEXT NOT NULL,
        applied_at  TEXT NOT NULL
      )`);
    }
    const current = readSchemaVersion(db);
    if (current > latest) throw new SchemaVersionError(path, current, latest);
    const insert = db.prepare(
      'INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)',
    );
    // One time for every migration applied by this call (they commit together).
    let appliedAt: string | undefined;
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      migration.up(db);
      appliedAt ??= now();
      insert.run(migration.version, migration.description, appliedAt);
    }
    return readSchemaVersion(db);
  });
  return run.immediate();
}

export function readSchemaVersion(db: Database): number {
  const row = db
    .prepare<[], { version: number | null }>('SELECT MAX(version) AS version FROM schema_version')
    .get();
  return row?.version ?? 0;
}

function hasTable(db: Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

function userTables(db: Database): string[] {
  return db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all()
    .map((row) => row.name);
}

function checkMigrationList(migrations: readonly Migration[]): void {
  migrations.forEach((migration, i) => {
    if (migration.version !== i + 1) {
      throw new Error(
        `store migrations must be numbered 1, 2, 3... in order; migration at index ${i} has version ${migration.version}`,
      );
    }
  });
}

export { LATEST_SCHEMA_VERSION };
