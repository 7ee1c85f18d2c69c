import { isDeepStrictEqual } from 'node:util';
import { NotFoundError, openStore, type Store } from '../../core/index.js';
import { errorMessage } from '../../shared/index.js';
import type { ReadOnlyDb } from '../sqlite.js';
import { plural } from '../text.js';
import { type Invariant, type Violation, violation } from './types.js';

/** At most this many differences are named per table (a broken decoder differs on every row). */
const MAX_PER_TABLE = 5;

/** Columns holding JSON text, read back as the value it encodes. */
const JSON_COLUMNS = new Set(['metadata', 'result', 'state']);

type Row = Record<string, unknown>;
type Id = number | string;

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Where a field read through the store differs from its column in the file, or undefined. */
export function fieldDifference(column: string, raw: unknown, read: unknown): string | undefined {
  let expected = raw;
  if (JSON_COLUMNS.has(column) && typeof raw === 'string') expected = JSON.parse(raw) as unknown;
  else if (typeof read === 'boolean' && (raw === 0 || raw === 1)) expected = raw === 1;
  if (isDeepStrictEqual(expected, read)) return undefined;
  return `${camel(column)} is ${JSON.stringify(read) ?? 'undefined'}, the file's ${column} holds ${JSON.stringify(raw)}`;
}

/** The differences between a row of the file and the record the store read for it. */
export function rowDifferences(raw: Row, read: object | undefined): string[] {
  if (read === undefined) return ['the store found no record'];
  const fields = read as Row;
  return Object.keys(raw).flatMap((column) => {
    if (!(camel(column) in fields)) return [`the record has no ${camel(column)} for column ${column}`];
    return fieldDifference(column, raw[column], fields[camel(column)]) ?? [];
  });
}

/** Each table the store reads: its rows from the file and the store's calls for one id. */
interface TableReads {
  table: string;
  entity: string;
  get(store: Store, id: Id): object;
  find(store: Store, id: Id): object | undefined;
}

const TABLES: TableReads[] = [
  {
    table: 'projects',
    entity: 'project',
    get: (s, id) => s.projects.get(Number(id)),
    find: (s, id) => s.projects.find(Number(id)),
  },
  {
    table: 'milestones',
    entity: 'milestone',
    get: (s, id) => s.milestones.get(Number(id)),
    find: (s, id) => s.milestones.find(Number(id)),
  },
  {
    table: 'tasks',
    entity: 'task',
    get: (s, id) => s.tasks.get(Number(id)),
    find: (s, id) => s.tasks.find(Number(id)),
  },
  {
    table: 'sessions',
    entity: 'session',
    get: (s, id) => s.sessions.get(String(id)),
    find: (s, id) => s.sessions.find(String(id)),
  },
  {
    table: 'interactions',
    entity: 'interaction',
    get: (s, id) => s.interactions.get(Number(id)),
    find: (s, id) => s.interactions.find(Number(id)),
  },
  {
    table: 'breakpoint_events',
    entity: 'breakpoint event',
    get: (s, id) => s.breakpoints.get(Number(id)),
    find: (s, id) => s.breakpoints.find(Number(id)),
  },
  {
    table: 'checkpoints',
    entity: 'checkpoint',
    get: (s, id) => s.checkpoints.get(Number(id)),
    find: (s, id) => s.checkpoints.find(Number(id)),
  },
  {
    table: 'file_changes',
    entity: 'file change',
    get: (s, id) => s.fileChanges.get(Number(id)),
    find: (s, id) => s.fileChanges.find(Number(id)),
  },
];

/** Collects differences, at most MAX_PER_TABLE per table, and counts what was compared. */
class Differences {
  readonly violations: Violation[] = [];
  private readonly perTable = new Map<string, number>();
  compared = 0;

  add(table: string, message: string): void {
    const count = (this.perTable.get(table) ?? 0) + 1;
    this.perTable.set(table, count);
    if (count <= MAX_PER_TABLE) this.violations.push(violation('store_read', message));
    else if (count === MAX_PER_TABLE + 1) {
      this.violations.push(violation('store_read', `${table}: more differences not listed`));
    }
  }

  /** Compares one row with the record read for it. */
  row(table: string, where: string, raw: Row, read: object | undefined): void {
    this.compared++;
    for (const difference of rowDifferences(raw, read)) this.add(table, `${where}: ${difference}`);
  }

  /** Compares a list the store returned with the file's rows, in order. */
  list(table: string, where: string, rows: Row[], read: object[]): void {
    const ids = rows.map((r) => r.id);
    const readIds = read.map((r) => (r as Row).id);
    if (!isDeepStrictEqual(ids, readIds)) {
      this.add(table, `${where} returned ${JSON.stringify(readIds)}, the file has ${JSON.stringify(ids)}`);
      return;
    }
    rows.forEach((row, i) => {
      this.row(table, `${where}[${i}]`, row, read[i]);
    });
  }

  /** Runs one read; a throw is a difference (the file holds what it asks for). */
  read<T>(table: string, where: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (error) {
      this.add(table, `${where} threw: ${errorMessage(error)}`);
      return undefined;
    }
  }
}

/** Rows of a table in the file, in the given order. */
const rowsOf = (db: ReadOnlyDb, sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as Row[];

function compareById(store: Store, db: ReadOnlyDb, d: Differences): void {
  for (const t of TABLES) {
    const rows = rowsOf(db, `SELECT * FROM ${t.table} ORDER BY rowid`);
    for (const row of rows) {
      const id = row.id as Id;
      const got = d.read(t.table, `${t.table}.get(${JSON.stringify(id)})`, () => t.get(store, id));
      if (got === undefined) continue;
      // Tasks carry their dependencies, read from task_dependencies below.
      const { dependencies: _deps, ...fields } = got as Row;
      d.row(t.table, `${t.table}.get(${JSON.stringify(id)})`, row, fields);
      const found = d.read(t.table, `${t.table}.find(${JSON.stringify(id)})`, () => t.find(store, id));
      if (!isDeepStrictEqual(found, got))
        d.add(t.table, `${t.table}.find(${JSON.stringify(id)}) differs from get`);
    }
    // An id the file does not hold: find says undefined, get throws the not-found error naming it.
    const absent: Id =
      t.table === 'sessions'
        ? 'no-such-session'
        : rows.reduce((max, r) => Math.max(max, r.id as number), 0) + 1;
    const missing = d.read(t.table, `${t.table}.find(absent)`, () => t.find(store, absent));
    if (missing !== undefined)
      d.add(t.table, `${t.table}.find(${JSON.stringify(absent)}) found a record the file lacks`);
    try {
      t.get(store, absent);
      d.add(t.table, `${t.table}.get(${JSON.stringify(absent)}) returned a record the file lacks`);
    } catch (error) {
      const named = error instanceof NotFoundError && error.entity === t.entity && error.id === absent;
      if (!named) {
        d.add(
          t.table,
          `${t.table}.get(${JSON.stringify(absent)}) threw ${errorMessage(error)}, not a not-found error naming ${t.entity} ${JSON.stringify(absent)}`,
        );
      }
    }
  }
}

function compareLists(store: Store, db: ReadOnlyDb, d: Differences): void {
  const projects = rowsOf(db, 'SELECT * FROM projects ORDER BY id');
  const list = d.read('projects', 'projects.list()', () => store.projects.list());
  if (list)
    d.list(
      'projects',
      'projects.list()',
      projects.filter((p) => p.deleted_at === null),
      list,
    );
  const all = d.read('projects', 'projects.list(includeDeleted)', () =>
    store.projects.list({ includeDeleted: true }),
  );
  if (all) d.list('projects', 'projects.list(includeDeleted)', projects, all);
  for (const { id } of projects) {
    const p = id as number;
    const lists: [string, string, () => object[], string][] = [
      [
        'milestones',
        `milestones.listByProject(${p})`,
        () => store.milestones.listByProject(p),
        'SELECT * FROM milestones WHERE project_id = ? ORDER BY id',
      ],
      [
        'tasks',
        `tasks.listByProject(${p})`,
        () => store.tasks.listByProject(p).map(({ dependencies: _d, ...t }) => t),
        'SELECT * FROM tasks WHERE project_id = ? ORDER BY id',
      ],
      [
        'sessions',
        `sessions.listByProject(${p})`,
        () => store.sessions.listByProject(p),
        'SELECT * FROM sessions WHERE project_id = ? ORDER BY created_at, rowid',
      ],
      [
        'sessions',
        `sessions.listActive(${p})`,
        () => store.sessions.listActive(p),
        "SELECT * FROM sessions WHERE project_id = ? AND status = 'active' ORDER BY created_at, rowid",
      ],
      [
        'breakpoint_events',
        `breakpoints.listByProject(${p})`,
        () => store.breakpoints.listByProject(p),
        'SELECT * FROM breakpoint_events WHERE project_id = ? ORDER BY id',
      ],
      [
        'breakpoint_events',
        `breakpoints.listByProject(${p}, unresolvedOnly)`,
        () => store.breakpoints.listByProject(p, { unresolvedOnly: true }),
        'SELECT * FROM breakpoint_events WHERE project_id = ? AND resolved_at IS NULL ORDER BY id',
      ],
      [
        'checkpoints',
        `checkpoints.listByProject(${p})`,
        () => store.checkpoints.listByProject(p),
        'SELECT * FROM checkpoints WHERE project_id = ? ORDER BY id',
      ],
    ];
    for (const [table, where, read, sql] of lists) {
      const got = d.read(table, where, read);
      if (got) d.list(table, where, rowsOf(db, sql, p), got);
    }
    const latest = rowsOf(
      db,
      'SELECT * FROM checkpoints WHERE project_id = ? ORDER BY id DESC LIMIT 1',
      p,
    )[0];
    const readLatest = d.read('checkpoints', `checkpoints.latest(${p})`, () => store.checkpoints.latest(p));
    if (latest === undefined) {
      if (readLatest !== undefined)
        d.add('checkpoints', `checkpoints.latest(${p}) found one, the file has none`);
    } else d.row('checkpoints', `checkpoints.latest(${p})`, latest, readLatest);
  }
  const active = d.read('sessions', 'sessions.listActive()', () => store.sessions.listActive());
  if (active)
    d.list(
      'sessions',
      'sessions.listActive()',
      rowsOf(db, "SELECT * FROM sessions WHERE status = 'active' ORDER BY created_at, rowid"),
      active,
    );
}

function compareTaskReads(store: Store, db: ReadOnlyDb, d: Differences): void {
  for (const { id } of rowsOf(db, 'SELECT id FROM tasks ORDER BY id')) {
    const t = id as number;
    const lists: [string, string, () => object[], string][] = [
      [
        'sessions',
        `sessions.listByTask(${t})`,
        () => store.sessions.listByTask(t),
        'SELECT * FROM sessions WHERE task_id = ? ORDER BY created_at, rowid',
      ],
      [
        'interactions',
        `interactions.listByTask(${t})`,
        () => store.interactions.listByTask(t),
        'SELECT * FROM interactions WHERE task_id = ? ORDER BY id',
      ],
      [
        'breakpoint_events',
        `breakpoints.listByTask(${t})`,
        () => store.breakpoints.listByTask(t),
        'SELECT * FROM breakpoint_events WHERE task_id = ? ORDER BY id',
      ],
      [
        'file_changes',
        `fileChanges.listByTask(${t})`,
        () => store.fileChanges.listByTask(t),
        'SELECT * FROM file_changes WHERE task_id = ? ORDER BY id',
      ],
    ];
    for (const [table, where, read, sql] of lists) {
      const got = d.read(table, where, read);
      if (got) d.list(table, where, rowsOf(db, sql, t), got);
    }
    const deps = rowsOf(
      db,
      'SELECT depends_on_id FROM task_dependencies WHERE task_id = ? ORDER BY depends_on_id',
      t,
    ).map((r) => r.depends_on_id);
    const task = d.read('tasks', `tasks.get(${t})`, () => store.tasks.get(t));
    if (task && !isDeepStrictEqual(task.dependencies, deps)) {
      d.add(
        'tasks',
        `tasks.get(${t}).dependencies is ${JSON.stringify(task.dependencies)}, task_dependencies holds ${JSON.stringify(deps)}`,
      );
    }
    compareMetrics(store, db, d, t);
  }
  for (const { id } of rowsOf(db, 'SELECT id FROM sessions ORDER BY rowid')) {
    const s = id as string;
    const got = d.read('interactions', `interactions.listBySession(${s})`, () =>
      store.interactions.listBySession(s),
    );
    if (got)
      d.list(
        'interactions',
        `interactions.listBySession(${s})`,
        rowsOf(db, 'SELECT * FROM interactions WHERE session_id = ? ORDER BY id', s),
        got,
      );
  }
}

/** `taskSessionMetrics` is the sum of the task's session rows. */
function compareMetrics(store: Store, db: ReadOnlyDb, d: Differences, taskId: number): void {
  const metrics = d.read('sessions', `sessions.taskSessionMetrics(${taskId})`, () =>
    store.sessions.taskSessionMetrics(taskId),
  );
  if (!metrics) return;
  const sums = db
    .prepare(
      `SELECT count(*) AS sessions, coalesce(sum(interaction_count), 0) AS interactions,
              coalesce(sum(input_tokens), 0) AS inputTokens, coalesce(sum(output_tokens), 0) AS outputTokens,
              coalesce(sum(cache_creation_tokens), 0) AS cacheCreationTokens,
              coalesce(sum(cache_read_tokens), 0) AS cacheReadTokens, coalesce(sum(turns), 0) AS turns,
              coalesce(sum(cost_usd), 0) AS costUsd
         FROM sessions WHERE task_id = ?`,
    )
    .get(taskId) as Record<string, number>;
  for (const [key, value] of Object.entries(sums)) {
    const read = (metrics.totals as unknown as Record<string, number>)[key];
    const close = key === 'costUsd' ? Math.abs((read ?? Number.NaN) - value) < 1e-9 : read === value;
    if (!close)
      d.add(
        'sessions',
        `sessions.taskSessionMetrics(${taskId}).totals.${key} is ${read}, its session rows sum to ${value}`,
      );
  }
  d.list(
    'sessions',
    `sessions.taskSessionMetrics(${taskId}).sessions`,
    rowsOf(db, 'SELECT * FROM sessions WHERE task_id = ? ORDER BY created_at, rowid', taskId),
    metrics.sessions,
  );
}

/**
 * The core's own reading API returns what its file holds: every row read through `get` and `find`,
 * every list (by project, task and session, the active sessions, the unresolved breakpoints), the
 * latest checkpoint and each task's session metrics, compared field by field with the rows read
 * directly from the file. A library user reads the orchestrator's records through this API.
 */
export const storeReadsMatchFile: Invariant = {
  name: 'store-reads-match-file',
  title: "the store's reads return what its file holds",
  expected:
    'each get, find, list and metric of the store equals the rows read directly from the database file',
  findingKind: 'store_read',
  severity: 'major',
  usesDatabase: true,
  check(ctx, db) {
    let store: Store;
    try {
      store = openStore({ path: ctx.database });
    } catch (error) {
      return {
        checked: 'the database through openStore',
        violations: [
          violation(
            'store_read',
            `openStore refused the file the orchestrator wrote: ${errorMessage(error)}`,
          ),
        ],
      };
    }
    const d = new Differences();
    try {
      compareById(store, db, d);
      compareLists(store, db, d);
      compareTaskReads(store, db, d);
    } finally {
      store.close();
    }
    return { checked: `${plural(d.compared, 'record')} read through the store`, violations: d.violations };
  },
};
