import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/index.js';
import { oracleWithoutSolution } from './oracle-solutions.js';

const scenario = (extra: string, agent = 'null') => {
  const text = `version: 1
name: s
agent: { kind: "${agent}" }
tasks:
  - id: a
    title: A
    description: do a
${extra}`;
  const { scenario: parsed, problems } = parseScenario(text, '/p/scenarios/s.yaml', { rootDir: '/p' });
  expect(problems).toEqual([]);
  return parsed!;
};

describe('oracleWithoutSolution', () => {
  it('refuses --agent oracle on a scenario with no solution at all, at its first task, saying what to add', () => {
    const [line] = oracleWithoutSolution([scenario('')], 'oracle');
    expect(line).toMatch(
      /^scenarios\/s\.yaml:5:5 scenario s has no `solution:`, so the oracle agent has nothing to apply; add `solution: \{ files: \{ path: content \} \}`/,
    );
    expect(line).toContain('or run this scenario without --agent oracle');
  });

  it.each([
    ['a top-level solution', 'solution: { files: { a.txt: "a" } }\n', 'oracle', 'null'],
    ['no oracle in the run', '', undefined, 'null'],
    ['--agent null', '', 'null', 'null'],
  ] as const)('accepts %s', (_what, extra, override, agent) => {
    expect(oracleWithoutSolution([scenario(extra, agent)], override)).toEqual([]);
  });

  it('refuses a scenario whose own agent is the oracle, without a solution', () => {
    expect(oracleWithoutSolution([scenario('', 'oracle')], undefined)[0]).toContain(
      'or give the scenario another agent',
    );
  });
});
