import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeTestFailures, parseTestFailures, type TestFailures } from './test-failures.js';

const output = (name: string) =>
  readFileSync(join(import.meta.dirname, '../../fixtures/test-output', name), 'utf8');

describe('parseTestFailures', () => {
  it.each<[string, TestFailures]>([
    [
      'unittest-q.txt',
      {
        runner: 'unittest',
        tests: ['test_fizzbuzz.FizzBuzzTest.test_boom', 'test_fizzbuzz.FizzBuzzTest.test_fizz'],
        assertion: ["KeyError: 'x'"],
      },
    ],
    [
      'unittest-v.txt',
      {
        runner: 'unittest',
        tests: ['test_fizzbuzz.FizzBuzzTest.test_boom', 'test_fizzbuzz.FizzBuzzTest.test_fizz'],
        assertion: ["KeyError: 'x'"],
      },
    ],
    [
      'pytest.txt',
      {
        runner: 'pytest',
        tests: ['test_fizzbuzz.py::FizzBuzzTest::test_boom', 'test_fizzbuzz.py::FizzBuzzTest::test_fizz'],
        assertion: ["KeyError: 'x'"],
      },
    ],
    [
      'node-test-tap.txt',
      {
        runner: 'node:test',
        tests: ['fizz'],
        assertion: ['Expected values to be strictly equal:', "'Buzz' !== 'Fizz'"],
      },
    ],
    [
      'node-test-spec.txt',
      {
        runner: 'node:test',
        tests: ['fizz'],
        assertion: [
          'AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:',
          "'Buzz' !== 'Fizz'",
        ],
      },
    ],
    [
      'vitest.txt',
      {
        runner: 'vitest',
        tests: ['v.test.mjs > fizzbuzz > fizz'],
        assertion: [
          "AssertionError: expected 'Buzz' to be 'Fizz' // Object.is equality",
          'Expected: "Fizz"',
          'Received: "Buzz"',
        ],
      },
    ],
    [
      'jest.txt',
      {
        runner: 'jest',
        tests: ['fizzbuzz › fizz'],
        assertion: [
          'expect(received).toBe(expected) // Object.is equality',
          'Expected: "Fizz"',
          'Received: "Buzz"',
        ],
      },
    ],
  ])('%s', (name, expected) => {
    expect(parseTestFailures(output(name))).toEqual(expected);
  });

  it('the first failure of unittest is its first block (a FAIL alone)', () => {
    const text = output('unittest-q.txt');
    const failOnly = text.slice(text.indexOf('FAIL: test_fizz'));
    expect(parseTestFailures(failOnly)?.assertion).toEqual([
      "AssertionError: 'Buzz' != 'Fizz'",
      '- Buzz',
      '+ Fizz',
    ]);
  });

  it('a module that does not compile: the file and line Python names in the traceback lead the error', () => {
    expect(parseTestFailures(output('unittest-indentation.txt'))).toEqual({
      runner: 'unittest',
      tests: ['unittest.loader._FailedTest.test_wordcount'],
      assertion: ['wordcount.py:5: IndentationError: unindent does not match any outer indentation level'],
    });
  });

  it('nothing recognised: undefined (the caller quotes the last lines)', () => {
    expect(parseTestFailures('make: *** [all] Error 2\n')).toBeUndefined();
    expect(parseTestFailures('')).toBeUndefined();
  });

  it('stays bounded on huge output', () => {
    const many = Array.from({ length: 5000 }, (_, i) => `FAIL: test_${i} (m.C.test_${i})`).join('\n');
    const found = parseTestFailures(
      `${many}\nTraceback (most recent call last):\nAssertionError: ${'x'.repeat(5000)}`,
    )!;
    const line = describeTestFailures(found);
    expect(line).toMatch(
      /^failing \(unittest\): m\.C\.test_0, m\.C\.test_1, m\.C\.test_2 and 4997 more; first: AssertionError: x+…$/,
    );
    expect(line.length).toBeLessThan(600);
  });
});
