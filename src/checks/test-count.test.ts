import { describe, expect, it } from 'vitest';
import { parseTestCount } from './test-count.js';

describe('parseTestCount', () => {
  it.each([
    [
      'unittest',
      '.....\n----------------------------------------------------------------------\nRan 5 tests in 0.001s\n\nOK\n',
      5,
      'unittest',
    ],
    ['unittest, one test', 'Ran 1 test in 0.000s\n\nOK', 1, 'unittest'],
    ['unittest with failures', 'Ran 7 tests in 0.01s\n\nFAILED (failures=2)', 7, 'unittest'],
    [
      'pytest',
      '============================== 12 passed in 0.05s ===============================',
      12,
      'pytest',
    ],
    ['pytest with failures', '=========== 1 failed, 4 passed, 1 warning in 0.12s ===========', 5, 'pytest'],
    [
      'jest',
      'Test Suites: 1 passed, 1 total\nTests:       1 failed, 8 passed, 9 total\nSnapshots:   0 total',
      9,
      'jest',
    ],
    ['vitest', ' Test Files  2 passed (2)\n      Tests  14 passed (14)\n   Start at  10:00:00', 14, 'vitest'],
    ['vitest with failures', '      Tests  1 failed | 3 passed (4)', 4, 'vitest'],
    [
      'vitest in color',
      '\u001b[2m      Tests \u001b[22m \u001b[1m\u001b[32m6 passed\u001b[39m\u001b[22m\u001b[90m (6)\u001b[39m',
      6,
      'vitest',
    ],
    ['"Tests: N passed"', 'Tests: 3 passed', 3, 'jest'],
    ['node:test', 'TAP version 13\n# tests 4\n# suites 0\n# pass 4\n# fail 0', 4, 'node:test'],
    ['node:test pass only', '# pass 2\n# fail 0', 2, 'node:test'],
  ])('%s', (_name, output, count, runner) => {
    expect(parseTestCount(output)).toEqual({ count, runner });
  });

  it.each([
    ['no summary', 'all good\n'],
    ['go test (out of scope)', 'ok  \texample.com/pkg\t0.012s'],
    ['a number that is not a test count', 'Ran out of memory after 5 tries'],
  ])('%s → undefined', (_name, output) => {
    expect(parseTestCount(output)).toBeUndefined();
  });
});
