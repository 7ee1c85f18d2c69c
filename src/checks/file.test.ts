import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileCheck } from '../scenario/index.js';
import { evaluateChecks } from './evaluate-checks.js';
import { withChecks } from './test-helpers/attempt.js';
import { CALCULATOR, type CalculatorAttempt, calculatorAttempt } from './test-helpers/calculator.js';
import { fileCheck } from './test-helpers/scenario.js';

let attempt: CalculatorAttempt;
beforeAll(async () => {
  attempt = await calculatorAttempt();
});
afterAll(() => attempt?.cleanup());

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

const cases: { name: string; check: FileCheck; status: string; message?: RegExp; expected?: string }[] = [
  {
    name: 'the file exists and contains the functions',
    check: fileCheck({ path: 'calculator.py', contains: ['def add', 'ValueError'], notContains: ['TODO'] }),
    status: 'passed',
    expected: 'calculator.py exists, contains "def add", contains "ValueError", does not contain "TODO"',
  },
  {
    name: 'a regular expression that matches',
    check: fileCheck({ path: 'calculator.py', matches: 'def divide\\(a, b\\)' }),
    status: 'passed',
  },
  {
    name: 'the expected hash',
    check: fileCheck({ path: 'calculator.py', sha256: sha(CALCULATOR) }),
    status: 'passed',
  },
  {
    name: 'a file the agent did not touch is unchanged',
    check: fileCheck({ path: 'README.md', unchanged: true }),
    status: 'passed',
  },
  {
    name: 'a file the agent edited changed',
    check: fileCheck({ path: 'notes.txt', unchanged: false }),
    status: 'passed',
  },
  {
    name: 'a file that must be absent',
    check: fileCheck({ path: 'secret.txt', exists: false }),
    status: 'passed',
  },
  {
    name: 'a missing file',
    check: fileCheck({ path: 'missing.py' }),
    status: 'failed',
    message: /^missing\.py does not exist in the workspace$/,
  },
  {
    name: 'missing and unwanted text',
    check: fileCheck({ path: 'calculator.py', contains: ['def power'], notContains: ['def add'] }),
    status: 'failed',
    message: /^calculator\.py does not contain "def power"; calculator\.py contains "def add"$/,
  },
  {
    name: 'a regular expression that does not match',
    check: fileCheck({ path: 'calculator.py', matches: '^import' }),
    status: 'failed',
    message: /does not match \/\^import\//,
  },
  {
    name: 'another hash',
    check: fileCheck({ path: 'calculator.py', sha256: sha('other') }),
    status: 'failed',
    message: /calculator\.py has sha256 [0-9a-f]{12}…, expected [0-9a-f]{12}…/,
  },
  {
    name: 'a file that changed but must be unchanged',
    check: fileCheck({ path: 'notes.txt', unchanged: true }),
    status: 'failed',
    message: /notes\.txt changed: sha256 .*, it started as/,
  },
  {
    name: 'a file created by the agent cannot be unchanged',
    check: fileCheck({ path: 'calculator.py', unchanged: true }),
    status: 'failed',
    message: /calculator\.py did not exist when the attempt started, so it cannot be unchanged/,
  },
  {
    name: 'a file that must change but did not',
    check: fileCheck({ path: 'README.md', unchanged: false }),
    status: 'failed',
    message: /README\.md is unchanged/,
  },
  {
    name: 'a file that must be absent but exists',
    check: fileCheck({ path: 'README.md', exists: false }),
    status: 'failed',
    message: /README\.md exists in the workspace; expected it absent/,
  },
  {
    name: 'an invalid regular expression',
    check: fileCheck({ path: 'calculator.py', matches: '(' }),
    status: 'error',
    message: /checks\[0\]\.matches is not a valid regular expression/,
  },
  {
    name: 'a path outside the workspace',
    check: fileCheck({ path: '../obra.sqlite' }),
    status: 'error',
    message: /resolves outside the workspace/,
  },
];

describe('file checks on a real oracle attempt', () => {
  it.each(cases)('$name → $status', async ({ check, status, message, expected }) => {
    const [result] = await evaluateChecks(withChecks(attempt.ctx, [check]));
    expect(result).toMatchObject({ id: 'checks[0]', kind: 'file', status });
    if (expected) expect(result!.expected).toBe(expected);
    if (message) expect(result!.message).toMatch(message);
    if (status === 'passed') expect(result!.message).toBeUndefined();
  });
});
