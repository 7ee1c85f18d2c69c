import { afterAll, describe, expect, it } from 'vitest';
import { parseScenario } from './parse-scenario.js';
import { formatProblems } from './problem.js';
import { makeTempProject, standardFixtures } from './test-helpers/temp-project.js';

const project = makeTempProject(standardFixtures);
afterAll(() => project.cleanup());

function problemsOf(text: string): string {
  const result = parseScenario(text, 'scenarios/t.yaml', { rootDir: project.dir });
  return formatProblems(result.problems);
}

/** A valid scenario (lines 1-5) followed by `rest` from line 6. */
const withHead = (rest: string) => `version: 1
name: t
agent: { kind: oracle }
tasks:
  - { id: a, title: A }
${rest}`;

const RANGE = 'must be from 1 ms to 2147483647 ms (about 596 h, 24.8 days)';

describe('every count and duration of a scenario has a bound, refused at its line:col', () => {
  it.each([
    [
      'generate above 100,000',
      'version: 1\nname: t\ntasks: { generate: 100001 }\n',
      '3:20 tasks.generate must be <= 100000',
    ],
    [
      'generate of 2^53 - 1',
      'version: 1\nname: t\ntasks: { generate: 9007199254740991 }\n',
      '3:20 tasks.generate must be <= 100000',
    ],
    [
      'generators that add up past 100,000',
      'version: 1\nname: t\ntasks:\n  - { generate: 60000 }\n  - { generate: 60000 }\n',
      '4:3 tasks expand to 120000 tasks; a scenario may have at most 100000',
    ],
    ['repeat above 1,000', withHead('repeat: 9007199254740991\n'), '6:9 repeat must be <= 1000'],
    ['concurrency above 64', withHead('concurrency: 65\n'), '6:14 concurrency must be <= 64'],
    [
      'wall above the longest timer',
      withHead('budgets: { wall: 2147483648 }\n'),
      `6:18 budgets.wall ${RANGE}`,
    ],
    ['wall of 597 h', withHead('budgets: { wall: 597h }\n'), `6:18 budgets.wall ${RANGE}`],
    ['wall of 0ms', withHead('budgets: { wall: 0ms }\n'), `6:18 budgets.wall ${RANGE}`],
    ['wall of 0', withHead('budgets: { wall: 0 }\n'), `6:18 budgets.wall ${RANGE}`],
    ['task_wall of 0s', withHead('budgets: { task_wall: 0s }\n'), `6:23 budgets.task_wall ${RANGE}`],
    ['a duration that rounds to 0 ms', withHead('budgets: { wall: 0.1ms }\n'), `6:18 budgets.wall ${RANGE}`],
    [
      'a command timeout of 10^7 h',
      withHead('checks:\n  - { command: x, timeout: 10000000h }\n'),
      `7:28 checks[0].timeout ${RANGE}`,
    ],
    ['busy_timeout of 0ms', withHead('store: { busy_timeout: 0ms }\n'), `6:24 store.busy_timeout ${RANGE}`],
    [
      'budgets.tokens above 10^9',
      withHead('budgets: { tokens: 1000000001 }\n'),
      '6:20 budgets.tokens must be <= 1000000000',
    ],
    ['budgets.turns of 0', withHead('budgets: { turns: 0 }\n'), '6:19 budgets.turns must be >= 1'],
    [
      'a task max_iterations above the core bound',
      'version: 1\nname: t\ntasks:\n  - { id: a, title: A, max_iterations: 101 }\n',
      '4:40 tasks[0].max_iterations must be <= 100',
    ],
    [
      'agent.max_turns above 10,000',
      'version: 1\nname: t\nagent: { max_turns: 10001 }\ntasks: [{ id: a, title: A }]\n',
      '3:21 agent.max_turns must be <= 10000',
    ],
    [
      'a check exit status above 255',
      withHead('checks:\n  - { command: x, exit: 256 }\n'),
      '7:25 checks[0].exit must be <= 255',
    ],
    [
      'a sql count above 10^9',
      withHead('checks:\n  - { sql: "SELECT 1", count: 1e12 }\n'),
      '7:31 checks[0].count must be <= 1000000000',
    ],
    [
      'thresholds.max_tokens above 10^9',
      withHead('thresholds: { max_tokens: 1e15 }\n'),
      '6:27 thresholds.max_tokens must be <= 1000000000',
    ],
  ])('%s', (_name, text, expected) => {
    expect(problemsOf(text)).toContain(`scenarios/t.yaml:${expected}`);
  });

  it.each([
    ['the largest generate', 'version: 1\nname: t\nagent: { kind: oracle }\ntasks: { generate: 100000 }\n'],
    ['the longest wall, in ms', withHead('budgets: { wall: 2147483647 }\n')],
    ['the longest whole hours of wall', withHead('budgets: { wall: 596h }\n')],
    ['1 ms', withHead('budgets: { wall: 1ms }\n')],
    ['repeat 1,000 and concurrency 64', withHead('repeat: 1000\nconcurrency: 64\n')],
  ])('accepts %s', (_name, text) => {
    expect(problemsOf(text)).toBe('');
  });
});
