import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CassetteError, parseCassette } from '../src/model-server/index.js';
import { formatProblems, nodeFs, parseScenario, type ScenarioProblem } from '../src/scenario/index.js';
import { UserError } from '../src/shared/index.js';
import { repoRoot } from './helpers/run-cli.js';
import { applyMutations, mutationsArb } from './helpers/yaml-mutations.js';

// Bad input never crashes a loader: every mutation of a shipped scenario or cassette (byte flips,
// truncation, random keys, wrong types, deep nesting, alias bombs, control characters) is answered by
// the scenario loader with problems that have a line and column, and by the cassette loader with a
// CassetteError (a UserError: exit 2) whose problems have a line and column. Nothing else may escape.

const read = (dir: string) =>
  readdirSync(join(repoRoot, dir))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => ({ name: `${dir}/${f}`, text: readFileSync(join(repoRoot, dir, f), 'utf8') }));
const scenarios = read('scenarios');
const cassettes = read('fixtures/cassettes');
const sources = [...scenarios, ...cassettes];

const STACK_LINE = /\n\s+at .+:\d+:\d+\)?/;

function expectScenarioAnswer(text: string): void {
  // The real file system under the repository root: path rules see the real fixtures.
  const result = parseScenario(text, 'scenarios/fuzzed.yaml', { rootDir: repoRoot, fs: nodeFs });
  if (result.scenario) return;
  expect(result.problems.length).toBeGreaterThan(0);
  for (const problem of result.problems) expectPositioned(problem);
  const printed = formatProblems(result.problems);
  expect(printed).not.toMatch(STACK_LINE);
  const lines = printed.split('\n');
  // A long list ends with one line counting the problems left out (issue 28: bounded output).
  const last = lines.at(-1) ?? '';
  if (/^\.\.\. and \d+ more problems?/.test(last)) lines.pop();
  for (const line of lines) expect(line).toMatch(/^scenarios\/fuzzed\.yaml:\d+:\d+ /);
}

function expectPositioned(problem: Pick<ScenarioProblem, 'line' | 'col' | 'message'>): void {
  expect(problem.line, problem.message).toBeGreaterThanOrEqual(1);
  expect(problem.col, problem.message).toBeGreaterThanOrEqual(1);
  expect(problem.message.trim()).not.toBe('');
}

function expectCassetteAnswer(text: string): void {
  let thrown: unknown;
  try {
    parseCassette(text, 'fixtures/cassettes/fuzzed.yaml');
    return;
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(CassetteError);
  expect(thrown).toBeInstanceOf(UserError);
  const error = thrown as CassetteError;
  expect(error.problems.length).toBeGreaterThan(0);
  for (const problem of error.problems) expectPositioned(problem);
  expect(error.message).not.toMatch(STACK_LINE);
}

const source = fc.constantFrom(...sources);

describe('the loaders answer mutated YAML with positioned problems, never a crash', () => {
  it('scenario loader: mutations of the shipped scenarios and cassettes', () => {
    fc.assert(
      fc.property(source, mutationsArb, ({ text }, mutations) => {
        expectScenarioAnswer(applyMutations(text, mutations));
      }),
      { numRuns: 250 },
    );
  }, 120_000);

  it('cassette loader: mutations of fixtures/cassettes/*.yaml and the shipped scenarios', () => {
    fc.assert(
      fc.property(source, mutationsArb, ({ text }, mutations) => {
        expectCassetteAnswer(applyMutations(text, mutations));
      }),
      { numRuns: 250 },
    );
  }, 120_000);

  it('both loaders: random text and random bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 400 }),
          fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b).toString('utf8')),
        ),
        (text) => {
          expectScenarioAnswer(text);
          expectCassetteAnswer(text);
        },
      ),
      { numRuns: 400 },
    );
  }, 120_000);

  it('the unmutated files load (the mutations start from valid input)', () => {
    for (const { name, text } of scenarios) {
      const result = parseScenario(text, name, { rootDir: repoRoot, fs: nodeFs });
      expect(result.problems, name).toEqual([]);
    }
    for (const { name, text } of cassettes)
      expect(parseCassette(text, name).conversations.length).toBeGreaterThan(0);
  });
});

describe('alias bombs and deep nesting are bounded', () => {
  const bomb = (levels: number) =>
    `${['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]']
      .concat(
        Array.from(
          { length: levels },
          (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`,
        ),
      )
      .join('\n')}\n`;

  it('a billion-laughs scenario is refused after 100 aliases, with a position', () => {
    const result = parseScenario(`${bomb(9)}version: 1\n`, 's.yaml', { rootDir: repoRoot, fs: nodeFs });
    expect(result.scenario).toBeUndefined();
    expect(result.problems[0]).toMatchObject({ line: 1, col: 1 });
    expect(formatProblems(result.problems)).toMatch(/^s\.yaml:1:1 could not be read: Excessive alias count/);
  });

  it('a billion-laughs cassette is refused after 100 aliases, with a position', () => {
    expect(() => parseCassette(`${bomb(9)}version: 1\n`, 'c.yaml')).toThrow(
      /c\.yaml:1:1 could not be read: Excessive alias count.*at most 100 YAML aliases/,
    );
  });

  it.each([1_000, 100_000])('nesting %i levels deep is a positioned problem', (depth) => {
    const text = `version: 1\nname: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    const result = parseScenario(text, 's.yaml', { rootDir: repoRoot, fs: nodeFs });
    expect(result.scenario).toBeUndefined();
    for (const problem of result.problems) expectPositioned(problem);
    expectCassetteAnswer(text);
  });
});
