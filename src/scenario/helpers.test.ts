import { describe, expect, it } from 'vitest';
import { durationMs } from './duration.js';
import type { ScenarioFs } from './file-system.js';
import { expandGlob, wildcardRegExp } from './glob.js';
import { describeValue, formatPath, formatProblem } from './problem.js';
import { sqlWriteReason } from './sql-read-only.js';
import { renderTemplate } from './template.js';

describe('durationMs', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['1.5s', 1500],
    ['2m', 120_000],
    ['1h', 3_600_000],
    [250, 250],
    ['30 s', undefined],
    ['1d', undefined],
    [-1, undefined],
  ])('%j → %j', (input, expected) => {
    expect(durationMs(input)).toBe(expected);
  });
});

describe('renderTemplate', () => {
  it.each([
    ['stress-{{i}}', { i: 3 }, 'stress-3'],
    ['{{ i }}/{{i}}', { i: 1 }, '1/1'],
    ['python3 x.py {{input}} {{i}}', { i: 2 }, 'python3 x.py {{input}} 2'],
    ['no placeholders', { i: 1 }, 'no placeholders'],
  ])('%j with %j', (text, vars, expected) => {
    expect(renderTemplate(text, vars)).toBe(expected);
  });
});

describe('expandGlob', () => {
  const tree: Record<string, string[]> = { '/p/csv': ['b.csv', 'a.csv', '.hidden.csv', 'x.txt', 'dir.csv'] };
  const fs: ScenarioFs = {
    kind: (path) =>
      tree[path] || path.endsWith('dir.csv') ? 'dir' : path.startsWith('/p/csv/') ? 'file' : undefined,
    realpath: (path) => path,
    list: (dir) => tree[dir],
  };
  it.each([
    ['/p/csv/*.csv', ['/p/csv/a.csv', '/p/csv/b.csv']],
    ['/p/csv/?.csv', ['/p/csv/a.csv', '/p/csv/b.csv']],
    ['/p/csv/.*', ['/p/csv/.hidden.csv']],
    ['/p/csv/a.csv', ['/p/csv/a.csv']],
    ['/p/csv/*.tsv', []],
    ['/p/*/a.csv', []],
    ['/p/missing/*.csv', []],
  ])('%s', (pattern, expected) => {
    expect(expandGlob(pattern, fs)).toEqual(expected);
  });

  it('escapes regular expression characters', () => {
    expect(wildcardRegExp('a+(1).csv').test('a+(1).csv')).toBe(true);
    expect(wildcardRegExp('a+(1).csv').test('aa(1)xcsv')).toBe(false);
  });
});

describe('sqlWriteReason', () => {
  it.each([
    ['SELECT status, count(*) FROM tasks GROUP BY status', undefined],
    ['  -- comment\n select 1;', undefined],
    ['WITH t AS (SELECT 1) SELECT * FROM t', undefined],
    ["SELECT replace(title, 'DELETE', '') FROM tasks", undefined],
    ['PRAGMA integrity_check', undefined],
    ['PRAGMA table_info(tasks)', undefined],
    ["SELECT ';' AS semicolon", undefined],
    ['DELETE FROM tasks', 'must be read-only (SELECT, WITH or PRAGMA); it starts with DELETE'],
    ['WITH t AS (SELECT 1) DELETE FROM tasks', 'must be read-only; it contains DELETE'],
    ['PRAGMA foreign_keys = OFF', 'must be read-only; a PRAGMA with "=" changes a setting'],
    ['SELECT 1; DROP TABLE tasks', 'must be a single statement'],
    ['/* only a comment */', 'is empty'],
  ])('%j', (sql, expected) => {
    expect(sqlWriteReason(sql)).toBe(expected);
  });
});

describe('problem formatting', () => {
  it.each([
    [['checks', 2, 'exit'], 'checks[2].exit'],
    [['solution', 'files', 'out file.txt'], 'solution.files["out file.txt"]'],
    [[], ''],
  ])('formatPath(%j) = %j', (path, expected) => {
    expect(formatPath(path)).toBe(expected);
  });

  it.each([
    ['zero', '"zero"'],
    [1.5, '1.5'],
    [null, 'null'],
    [[1, 2], 'a list ([1,2])'],
    [{ a: 1 }, 'a mapping ({"a":1})'],
    ['x'.repeat(100), `"${'x'.repeat(78)}…`],
  ])('describeValue(%j)', (value, expected) => {
    expect(describeValue(value)).toBe(expected);
  });

  it.each([
    [
      {
        file: 's.yaml',
        line: 14,
        col: 5,
        path: 'checks[2].exit',
        message: 'must be an integer',
        value: 'zero',
      },
      's.yaml:14:5 checks[2].exit must be an integer; got "zero"',
    ],
    [
      {
        file: 's.yaml',
        line: 3,
        col: 1,
        path: 'check',
        message: 'is not a known key',
        hint: 'Did you mean "checks"?',
      },
      's.yaml:3:1 check is not a known key. Did you mean "checks"?',
    ],
    [{ file: 'scenarios', line: 0, col: 0, path: '', message: 'does not exist' }, 'scenarios does not exist'],
  ])('formatProblem %#', (problem, expected) => {
    expect(formatProblem(problem)).toBe(expected);
  });
});
