import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { InfrastructureError, UserError } from '../../shared/index.js';
import { NotADatabaseError, SchemaVersionError, StoreOpenError } from './errors.js';
import { migrate } from './migrate.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations.js';
import { openStore } from './store.js';
import { catchError } from './test-helpers/catch-error.js';
import { createTempStores } from './test-helpers/temp-store.js';

const temp = createTempStores();
afterEach(() => temp.cleanup());

const TABLES = [
  'breakpoint_events',
  'checkpoints',
  'file_changes',
  'interactions',
  'milestones',
  'projects',
  'schema_version',
  'sessions',
  'task_dependencies',
  'tasks',
];

function tables(db: Database.Database): string[] {
  return db
    .prepare<[], string>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .pluck()
    .all();
}

describe('openStore', () => {
  it('opens :memory: stores that are independent values (no singleton)', () => {
    const a = temp.open(':memory:');
    const b = temp.open(':memory:');
    a.projects.create({ name: 'only in a', workingDirectory: '/a' });
    expect(a.projects.list()).toHaveLength(1);
    expect(b.projects.list()).toHaveLength(0);
    expect(a.path).toBe(':memory:');
    expect(a.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
  });

  it.each([
    ['a path that does not exist yet', (path: string) => path],
    [
      'an empty (0-byte) file',
      (path: string) => {
        writeFileSync(path, '');
        return path;
      },
    ],
  ])('migrates %s to the newest schema', (_case, prepare) => {
    const path = prepare(temp.file());
    const store = temp.open(path);
    expect(tables(store.db)).toEqual(TABLES);
    expect(store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    expect(store.db.prepare('SELECT version, description FROM schema_version').all()).toEqual(
      MIGRATIONS.map((m) => ({ version: m.version, description: m.description })),
    );
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('sets WAL, busy_timeout (default 5000 ms) and foreign_keys on files', () => {
    const store = temp.open(temp.file());
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(temp.open(temp.file(), 250).db.pragma('busy_timeout', { simple: true })).toBe(250);
  });

  it('reopens a file without migrating again and keeps its rows', () => {
    const path = temp.file();
    const first = temp.open(path);
    first.projects.create({ name: 'kept', workingDirectory: '/w' });
    first.close();
    first.close();
    const second = temp.open(path);
    expect(second.projects.list().map((p) => p.name)).toEqual(['kept']);
    expect(second.db.prepare('SELECT COUNT(*) FROM schema_version').pluck().get()).toBe(MIGRATIONS.length);
  });

  it('refuses a file written by a newer schema, naming both versions', () => {
    const path = join(temp.dir(), 'obra.sqlite');
    temp.open(path).close();
    const raw = new Database(path);
    raw.prepare("INSERT INTO schema_version VALUES (7, 'from the future', '2030-01-01T00:00:00.000Z')").run();
    raw.close();
    const error = catchError(() => openStore({ path }));
    expect(error).toBeInstanceOf(SchemaVersionError);
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({
      path,
      fileVersion: 7,
      supportedVersion: LATEST_SCHEMA_VERSION,
      code: 'OBRA_STORE_SCHEMA_TOO_NEW',
    });
    expect((error as Error).message).toBe(
      `${path} has schema version 7, this obra-validate understands up to ${LATEST_SCHEMA_VERSION}; upgrade obra-validate`,
    );
  });

  it('refuses a file that is not a SQLite database, naming the path', () => {
    const path = join(temp.dir(), 'notes.txt');
    writeFileSync(path, 'this is plain text, not a database\n'.repeat(50));
    const error = catchError(() => openStore({ path }));
    expect(error).toBeInstanceOf(NotADatabaseError);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(
      `${path} is not an obra-validate store: the file is not a SQLite database (SQLITE_NOTADB)`,
    );
  });

  it('refuses a SQLite database of another application and leaves it untouched', () => {
    const path = join(temp.dir(), 'other.sqlite');
    const raw = new Database(path);
    raw.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY)');
    raw.close();
    expect(() => openStore({ path })).toThrow(
      `${path} is not an obra-validate store: it is a SQLite database without a schema_version table (tables: customers)`,
    );
    const check = new Database(path, { readonly: true });
    expect(tables(check)).toEqual(['customers']);
    check.close();
  });

  it('reports a directory that does not exist as an infrastructure error naming the path', () => {
    const path = join(temp.dir(), 'missing', 'obra.sqlite');
    const error = catchError(() => openStore({ path }));
    expect(error).toBeInstanceOf(StoreOpenError);
    expect(error).toBeInstanceOf(InfrastructureError);
    expect((error as Error).message).toContain(`cannot open the store at ${path}: `);
  });

  it('refuses a negative busy timeout', () => {
    expect(() => openStore({ path: ':memory:', busyTimeoutMs: -1 })).toThrow(
      'openStore.busyTimeoutMs must be an integer >= 0',
    );
  });
});

describe('migrate', () => {
  it('applies only the migrations a file has not seen, in one transaction', () => {
    const path = temp.file();
    temp.open(path).close();
    const db = new Database(path);
    const next = {
      version: LATEST_SCHEMA_VERSION + 1,
      description: 'test: add a column',
      up: (d: Database.Database) => {
        d.exec("ALTER TABLE projects ADD COLUMN owner TEXT NOT NULL DEFAULT ''");
      },
    };
    expect(migrate(db, path, () => '2026-01-01T00:00:00.000Z', [...MIGRATIONS, next])).toBe(next.version);
    expect(db.prepare('SELECT version FROM schema_version ORDER BY version').pluck().all()).toEqual([
      ...MIGRATIONS.map((m) => m.version),
      next.version,
    ]);
    db.close();
  });

  it('rolls a failing migration back completely', () => {
    const path = temp.file();
    const db = new Database(path);
    const broken = {
      version: LATEST_SCHEMA_VERSION + 1,
      description: 'broken',
      up: (d: Database.Database) => d.exec('CREATE TABLE ('),
    };
    expect(() => migrate(db, path, () => 'now', [...MIGRATIONS, broken])).toThrow();
    expect(tables(db)).toEqual([]);
    db.close();
  });

  it('insists on migrations numbered 1, 2, 3...', () => {
    const db = new Database(':memory:');
    expect(() => migrate(db, ':memory:', () => 'now', [{ ...MIGRATIONS[0]!, version: 2 }])).toThrow(
      'store migrations must be numbered 1, 2, 3... in order; migration at index 0 has version 2',
    );
    db.close();
  });
});
