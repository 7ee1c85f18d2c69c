import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlCheck } from '../scenario/index.js';
import { evaluateChecks } from './evaluate-checks.js';
import { withChecks } from './test-helpers/attempt.js';
import { type CalculatorAttempt, calculatorAttempt } from './test-helpers/calculator.js';
import { sqlCheck } from './test-helpers/scenario.js';

let attempt: CalculatorAttempt;
beforeAll(async () => {
  attempt = await calculatorAttempt();
});
afterAll(() => attempt?.cleanup());

const cases: { name: string; check: SqlCheck; status: string; actual?: string; message?: RegExp }[] = [
  {
    name: 'the exact rows, keys in any order',
    check: sqlCheck({
      sql: "SELECT status, title FROM tasks WHERE metadata LIKE '%calc%' ORDER BY id",
      rows: [{ title: 'Create calculator.py', status: 'completed' }],
    }),
    status: 'passed',
    actual: '1 rows: [{"status":"completed","title":"Create calculator.py"}]',
  },
  {
    name: 'a count over the interactions',
    check: sqlCheck({
      sql: 'SELECT count(*) AS n FROM interactions WHERE decision IS NULL AND is_error = 0',
      rows: [{ n: 0 }],
    }),
    status: 'passed',
  },
  {
    name: 'row counts within bounds',
    check: sqlCheck({ sql: 'SELECT id FROM sessions', count: 3, minCount: 1, maxCount: 3 }),
    status: 'passed',
  },
  {
    name: 'rows in another order',
    check: sqlCheck({ sql: 'SELECT id FROM tasks ORDER BY id', rows: [{ id: 2 }, { id: 1 }] }),
    status: 'failed',
    message: /^row 1 is \{"id":1\}, expected \{"id":2\}$/,
  },
  {
    name: 'fewer rows than expected',
    check: sqlCheck({ sql: "SELECT id FROM tasks WHERE status = 'completed'", rows: [{ id: 1 }, { id: 2 }] }),
    status: 'failed',
    message: /^1 rows, expected 2$/,
  },
  {
    name: 'counts out of bounds',
    check: sqlCheck({ sql: 'SELECT id FROM interactions', count: 1, maxCount: 2 }),
    status: 'failed',
    message: /^3 rows, expected exactly 1; 3 rows, expected at most 2$/,
  },
  {
    name: 'a query that does not compile',
    check: sqlCheck({ sql: 'SELECT nope FROM tasks' }),
    status: 'error',
    message: /^checks\[0\]\.sql does not run on the attempt database: no such column: nope; fix the query/,
  },
  {
    name: 'a write (the database is opened read-only)',
    check: sqlCheck({ sql: "UPDATE tasks SET status = 'completed'" }),
    status: 'error',
    message: /attempt to write a readonly database/,
  },
];

describe('sql checks on the real attempt database', () => {
  it.each(cases)('$name → $status', async ({ check, status, actual, message }) => {
    const [result] = await evaluateChecks(withChecks(attempt.ctx, [check]));
    expect(result).toMatchObject({ id: 'checks[0]', kind: 'sql', status });
    if (actual) expect(result!.actual).toBe(actual);
    if (message) expect(result!.message).toMatch(message);
  });

  it('a database that cannot be opened is an error', async () => {
    const ctx = {
      ...withChecks(attempt.ctx, [sqlCheck({ sql: 'SELECT 1' })]),
      database: `${attempt.dir}/missing.sqlite`,
    };
    const [result] = await evaluateChecks(ctx);
    expect(result).toMatchObject({ status: 'error' });
    expect(result!.message).toMatch(/^could not open the attempt database .*missing\.sqlite read-only/);
  });
});
