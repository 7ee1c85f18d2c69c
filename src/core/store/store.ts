import { resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import { type BreakpointRepository, createBreakpointRepository } from './breakpoints.js';
import { type CheckpointRepository, createCheckpointRepository } from './checkpoints.js';
import { checkInteger } from './codecs.js';
import { createContext } from './context.js';
import { createFileChangeRepository, type FileChangeRepository } from './file-changes.js';
import { createInteractionRepository, type InteractionRepository } from './interactions.js';
import { migrate, readSchemaVersion } from './migrate.js';
import { createMilestoneRepository, type MilestoneRepository } from './milestones.js';
import { classifyOpenError, DEFAULT_BUSY_TIMEOUT_MS, openConnection } from './open.js';
import { createProjectRepository, type ProjectRepository } from './projects.js';
import { createSessionRepository, type SessionRepository } from './sessions.js';
import { createTaskRepository, type TaskRepository } from './tasks.js';

export interface OpenStoreOptions {
  /** A file path (created when missing, migrated to the newest schema) or `':memory:'`. */
  path: string;
  /** How long a write waits for another connection's lock. @default 5000 */
  busyTimeoutMs?: number;
  /** The clock that stamps created_at and friends. @default () => new Date() */
  clock?: () => Date;
}

/** The orchestrator's state: one SQLite database, opened as a value (no singleton). */
export interface Store {
  readonly path: string;
  /**
   * The absolute paths of the files this store writes: the database and its companions (-wal, -shm,
   * -journal). Empty for `':memory:'`. Never evidence of an agent's work, wherever they live.
   */
  readonly files: readonly string[];
  /** The raw connection, for read-only SQL (the harness's sql checks and invariants). */
  readonly db: Database;
  readonly projects: ProjectRepository;
  readonly milestones: MilestoneRepository;
  readonly tasks: TaskRepository;
  readonly sessions: SessionRepository;
  readonly interactions: InteractionRepository;
  readonly breakpoints: BreakpointRepository;
  readonly checkpoints: CheckpointRepository;
  readonly fileChanges: FileChangeRepository;
  /**
   * Runs `fn` (synchronous) as one unit of work: all its writes commit together, or none if it throws
   * (the error is rethrown and the store stays usable). Nested calls are savepoints: an inner failure
   * that the outer `fn` catches undoes only the inner writes.
   */
  transaction<T>(fn: () => T): T;
  /** The schema version recorded in the file. */
  schemaVersion(): number;
  /** Closes the connection (idempotent). */
  close(): void;
}

/** The database file and the companions SQLite writes next to it. */
const STORE_FILE_SUFFIXES = ['', '-wal', '-shm', '-journal'] as const;

export function openStore(options: OpenStoreOptions): Store {
  const { path } = options;
  const busyTimeoutMs = checkInteger(
    'openStore.busyTimeoutMs',
    options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
    0,
  );
  const clock = options.clock ?? (() => new Date());
  const db = openConnection(path, busyTimeoutMs);
  try {
    migrate(db, path, () => clock().toISOString());
  } catch (error) {
    db.close();
    throw classifyOpenError(path, error);
  }
  const ctx = createContext(db, clock);
  return {
    path,
    files: db.memory ? [] : STORE_FILE_SUFFIXES.map((suffix) => `${resolve(path)}${suffix}`),
    db,
    projects: createProjectRepository(ctx),
    milestones: createMilestoneRepository(ctx),
    tasks: createTaskRepository(ctx),
    sessions: createSessionRepository(ctx),
    interactions: createInteractionRepository(ctx),
    breakpoints: createBreakpointRepository(ctx),
    checkpoints: createCheckpointRepository(ctx),
    fileChanges: createFileChangeRepository(ctx),
    transaction: (fn) => ctx.write(fn),
    schemaVersion: () => readSchemaVersion(db),
    close: () => {
      if (db.open) db.close();
    },
  };
}
