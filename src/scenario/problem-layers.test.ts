import { afterAll, describe, expect, it } from 'vitest';
import { parseScenario } from './parse-scenario.js';
import { formatProblems } from './problem.js';
import { makeTempProject, standardFixtures } from './test-helpers/temp-project.js';

const project = makeTempProject(standardFixtures);
afterAll(() => project.cleanup());

function problemsOf(text: string): string {
  return formatProblems(parseScenario(text, 'scenarios/t.yaml', { rootDir: project.dir }).problems);
}

const HEAD = 'version: 1\nname: t\nagent: { kind: oracle }\ntasks:\n  - { id: a, title: A }\n';

describe('schema and semantic problems in one pass (issue 29, 5)', () => {
  it('an invalid enum value in a check does not hide its unknown task reference', () => {
    expect(problemsOf(`${HEAD}checks:\n  - { task: b, status: complete }\n`)).toBe(
      [
        'scenarios/t.yaml:7:13 checks[0].task names an unknown task; got "b". Did you mean "a"?',
        'scenarios/t.yaml:7:24 checks[0].status must be one of "pending", "ready", "running", "blocked", "completed", "failed", "cancelled", "retrying"; got "complete". Did you mean "completed"?',
      ].join('\n'),
    );
  });

  it('an unknown key and a semantic problem elsewhere are both reported', () => {
    expect(
      problemsOf(`${HEAD.replace('name: t', 'name: t\ndescripton: x')}checks:\n  - { task: b }\n`),
    ).toContain('checks[0].task');
  });

  it('a semantic problem that only follows from removing a rejected node is left out', () => {
    // cassette: 42 is rejected; "agent.cassette is required" would only repeat that.
    const text =
      'version: 1\nname: t\nagent: { kind: claude-code, cassette: 42 }\ntasks: [{ id: a, title: A }]\n';
    expect(problemsOf(text)).toBe('scenarios/t.yaml:3:39 agent.cassette must be a string; got 42');
  });

  it('a key lacking next to a rejected one is not reported: its default only stands in for the rejected value', () => {
    // model: 5 is rejected; the default model "replay" would ask for a cassette.
    const text =
      'version: 1\nname: t\nagent: { kind: claude-code, model: 5 }\ntasks: [{ id: a, title: A }]\n';
    expect(problemsOf(text)).toBe('scenarios/t.yaml:3:36 agent.model must be a string; got 5');
  });

  it('a task without its id stops the semantic rules (no "unknown task" for the references to it)', () => {
    const text = `version: 1\nname: t\nagent: { kind: oracle }\ntasks:\n  - { title: A }\ncheck: []\nchecks:\n  - { task: a }\n`;
    const problems = problemsOf(text);
    expect(problems).toContain('tasks[0].id is required');
    expect(problems).toContain('check is not a known key');
    expect(problems).not.toContain('unknown task');
  });
});

describe('YAML syntax errors are reported where the problem starts', () => {
  it('an unclosed quote on line 3 is reported on line 3, not at the end of the file', () => {
    const text = 'version: 1\nname: t\ndescription: "unclosed\ntasks:\n  - { id: a, title: A }\n';
    expect(problemsOf(text)).toBe(
      'scenarios/t.yaml:3:14 is not valid YAML: Missing closing "quote (the quoted text starting here is never closed) (MISSING_CHAR)',
    );
  });

  it('an unclosed flow list is reported at its "["', () => {
    expect(problemsOf('version: 1\nname: t\ntasks: [{ id: a, title: A }\n')).toMatch(
      /^scenarios\/t\.yaml:3:8 is not valid YAML: Flow sequence/,
    );
  });
});
