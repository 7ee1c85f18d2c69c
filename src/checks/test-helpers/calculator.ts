import { join } from 'node:path';
import type { ResolvedPath } from '../../scenario/index.js';
import { type RealAttempt, runRealAttempt, writeTree } from './attempt.js';

/** A small project for the declared checks: a calculator, a golden tool, hidden tests, inputs, baselines. */

export const CALCULATOR = `def add(a, b):
    return a + b


def subtract(a, b):
    return a - b


def multiply(a, b):
    return a * b


def divide(a, b):
    if b == 0:
        raise ValueError("division by zero")
    return a / b
`;

/** The golden tool: counts lines and words of the file it is given. */
export const COUNT_TOOL = `import sys

with open(sys.argv[1], encoding="utf-8") as f:
    text = f.read()
print(f"lines: {len(text.splitlines())}")
print(f"words: {len(text.split())}")
`;

const HIDDEN_TESTS = `import unittest

from calculator import add, divide, multiply, subtract


class CalculatorTest(unittest.TestCase):
    def test_add(self):
        self.assertEqual(add(2, 3), 5)

    def test_subtract(self):
        self.assertEqual(subtract(5, 3), 2)

    def test_multiply(self):
        self.assertEqual(multiply(4, 3), 12)

    def test_divide(self):
        self.assertEqual(divide(8, 2), 4)

    def test_divide_by_zero(self):
        with self.assertRaises(ValueError):
            divide(1, 0)


if __name__ == "__main__":
    unittest.main()
`;

export const INPUTS: Record<string, string> = {
  'one.txt': 'hello world\n',
  'two.txt': 'a b c\nd e\n',
  'three.txt': 'x\ny\nz\n',
};

export interface CalculatorAttempt extends RealAttempt {
  /** A project-root path as the scenario loader resolves it. */
  resolved(rel: string): ResolvedPath;
}

/**
 * An oracle attempt: task `calc` writes calculator.py and count.py (completed in one iteration); task
 * `nosol` has no solution (failed after 2 iterations). The workspace starts with README.md and
 * notes.txt. Under the project root: fixtures/hidden-tests, fixtures/inputs, fixtures/baseline (all match).
 */
export async function calculatorAttempt(): Promise<CalculatorAttempt> {
  const attempt = await runRealAttempt({
    agent: 'oracle',
    workspace: { 'README.md': '# start\n', 'notes.txt': 'keep me\n' },
    tasks: [
      {
        key: 'calc',
        title: 'Create calculator.py',
        description: 'Create calculator.py with add, subtract, multiply and divide',
        solution: { 'calculator.py': CALCULATOR, 'count.py': COUNT_TOOL, 'notes.txt': 'changed\n' },
      },
      { key: 'nosol', title: 'Impossible task', description: 'There is no solution for this one' },
    ],
    config: { maxIterations: 2 },
  });
  const fixtures = join(attempt.dir, 'fixtures');
  writeTree(fixtures, {
    'hidden-tests/test_calculator.py': HIDDEN_TESTS,
    ...Object.fromEntries(Object.entries(INPUTS).map(([name, text]) => [`inputs/${name}`, text])),
    ...Object.fromEntries(
      Object.entries(INPUTS).map(([name, text]) => [
        `baseline/${name}.out`,
        `lines: ${text.split('\n').length - 1}\nwords: ${text.split(/\s+/).filter(Boolean).length}\n`,
      ]),
    ),
  });
  return { ...attempt, resolved: (rel) => ({ written: rel, path: join(attempt.dir, rel) }) };
}
