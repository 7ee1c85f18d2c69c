import type { SqlCheck } from '../scenario/index.js';
import { errorMessage } from '../shared/index.js';
import type { AttemptContext } from './context.js';
import { errored, fromProblems } from './outcome.js';
import { openReadOnly, type ReadOnlyDb } from './sqlite.js';
import { canonicalJson, shorten } from './text.js';
import { CheckError, type CheckEvaluator, type CheckOutcome } from './types.js';

const MAX_SHOWN = 2000;

function expectation(check: SqlCheck): string {
  const parts: string[] = [];
  if (check.rows) parts.push(`rows ${shorten(canonicalJson(check.rows), MAX_SHOWN)}`);
  if (check.count !== undefined) parts.push(`${check.count} rows`);
  if (check.minCount !== undefined) parts.push(`at least ${check.minCount} rows`);
  if (check.maxCount !== undefined) parts.push(`at most ${check.maxCount} rows`);
  return parts.join(', ') || 'the query runs';
}

/** The query's rows; a query that does not compile or run is the scenario's problem: CheckError. */
function query(db: ReadOnlyDb, check: SqlCheck): Record<string, unknown>[] {
  try {
    const statement = db.prepare(check.sql);
    if (!statement.reader) {
      statement.run();
      return [];
    }
    return statement.all() as Record<string, unknown>[];
  } catch (error) {
    throw new CheckError(
      `checks[${check.index}].sql does not run on the attempt database: ${errorMessage(error)}; fix the query (it runs read-only against the schema in src/core/store/migrations.ts)`,
    );
  }
}

/** Each way the rows miss the check (rows compared as JSON with sorted keys, in order). */
export function rowProblems(check: SqlCheck, rows: readonly Record<string, unknown>[]): string[] {
  const problems: string[] = [];
  if (check.rows) {
    const want = check.rows.map(canonicalJson);
    const got = rows.map(canonicalJson);
    const first = want.findIndex((w, i) => w !== got[i]);
    if (want.length !== got.length) {
      problems.push(`${got.length} rows, expected ${want.length}`);
    } else if (first >= 0) {
      problems.push(
        `row ${first + 1} is ${shorten(got[first]!, 300)}, expected ${shorten(want[first]!, 300)}`,
      );
    }
  }
  if (check.count !== undefined && rows.length !== check.count) {
    problems.push(`${rows.length} rows, expected exactly ${check.count}`);
  }
  if (check.minCount !== undefined && rows.length < check.minCount) {
    problems.push(`${rows.length} rows, expected at least ${check.minCount}`);
  }
  if (check.maxCount !== undefined && rows.length > check.maxCount) {
    problems.push(`${rows.length} rows, expected at most ${check.maxCount}`);
  }
  return problems;
}

function evaluate(check: SqlCheck, ctx: AttemptContext): CheckOutcome {
  const expected = expectation(check);
  const opened = openReadOnly(ctx.database);
  if (!opened.ok) return errored(expected, opened.reason);
  try {
    const rows = query(opened.db, check);
    const actual = `${rows.length} rows: ${shorten(canonicalJson(rows), MAX_SHOWN)}`;
    return fromProblems(expected, actual, rowProblems(check, rows));
  } finally {
    opened.db.close();
  }
}

/** `sql`: a read-only query on the attempt's database and the rows it must return. */
export const sqlCheck: CheckEvaluator<SqlCheck> = {
  title: (check) => `sql ${shorten(check.sql.replace(/\s+/g, ' ').trim(), 100)}`,
  evaluate,
};
