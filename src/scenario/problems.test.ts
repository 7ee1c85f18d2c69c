import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenario } from './parse-scenario.js';
import { formatProblems } from './problem.js';
import { makeTempProject, standardFixtures } from './test-helpers/temp-project.js';

const project = makeTempProject(standardFixtures);
symlinkSync('/', join(project.dir, 'fixtures/root-link'));
afterAll(() => project.cleanup());

function problemsOf(text: string): string {
  const result = parseScenario(text, 'scenarios/t.yaml', { rootDir: project.dir });
  expect(result.scenario).toBeUndefined();
  return formatProblems(result.problems).replaceAll(project.dir, '<root>');
}

/** A valid scenario (lines 1-5) followed by `rest` from line 6. */
const withHead = (rest: string) => `version: 1
name: t
agent: { kind: oracle }
tasks:
  - { id: a, title: A }
${rest}`;

describe('broken scenarios report exact problems with line:col', () => {
  it.each([
    [
      'wrong type',
      withHead('checks:\n  - { command: x, exit: zero }\n'),
      'scenarios/t.yaml:7:25 checks[0].exit must be an integer; got "zero"',
    ],
    [
      'unknown key with hint',
      withHead('checks:\n  - file: out.txt\n    contians: [done]\n'),
      'scenarios/t.yaml:8:5 checks[0].contians is not a known key. Did you mean "contains"?',
    ],
    [
      'unknown top-level key with hint',
      withHead('check: []\n'),
      'scenarios/t.yaml:6:1 check is not a known key. Did you mean "checks"?',
    ],
    [
      'unknown key without a close match lists the known keys',
      withHead('budgets: { wal: 1s, bananas: 2 }\n'),
      'scenarios/t.yaml:6:12 budgets.wal is not a known key. Did you mean "wall"?\nscenarios/t.yaml:6:21 budgets.bananas is not a known key; known keys: wall, task_wall, turns, tokens, stop_expected',
    ],
    [
      'missing required key',
      'version: 1\nagent: { kind: oracle }\ntasks: [{ id: a, title: A }]\n',
      'scenarios/t.yaml:1:1 name is required',
    ],
    [
      'missing required key in a list item',
      withHead('  - { id: b }\n'),
      'scenarios/t.yaml:6:5 tasks[1].title is required',
    ],
    [
      'wrong version',
      'version: 2\nname: t\nagent: { kind: oracle }\ntasks: [{ id: a, title: A }]\n',
      'scenarios/t.yaml:1:10 version must be 1; got 2',
    ],
    [
      'bad name',
      'version: 1\nname: My Scenario\nagent: { kind: oracle }\ntasks: [{ id: a, title: A }]\n',
      'scenarios/t.yaml:2:7 name must be lowercase letters, digits, "-" and "_", starting with a letter or digit; got "My Scenario"',
    ],
    [
      'bad duration',
      withHead('budgets: { wall: 30 secs }\n'),
      'scenarios/t.yaml:6:18 budgets.wall must be a duration; write a duration such as "500ms", "30s", "2m", "1h" or a number of milliseconds; got "30 secs"',
    ],
    [
      'enum value with hint',
      withHead('checks:\n  - { task: a, status: complete }\n'),
      'scenarios/t.yaml:7:24 checks[0].status must be one of "pending", "ready", "running", "blocked", "completed", "failed", "cancelled", "retrying"; got "complete". Did you mean "completed"?',
    ],
    [
      'unknown agent kind with hint',
      'version: 1\nname: t\nagent: { kind: claude_code }\ntasks: [{ id: a, title: A }]\n',
      'scenarios/t.yaml:3:16 agent.kind must be one of "claude-code", "command", "oracle", "null"; got "claude_code". Did you mean "claude-code"?',
    ],
    [
      'a check without a kind key',
      withHead('checks:\n  - { fil: x }\n'),
      'scenarios/t.yaml:7:5 checks[0] must have one of the keys task, file, command, golden, sql, metric, agent. Did you mean "file"?',
    ],
    [
      'a check with two kind keys',
      withHead('checks:\n  - { file: x, command: y }\n'),
      'scenarios/t.yaml:7:5 checks[0] has 2 kind keys (file, command); a check has exactly one; split it into one check per kind',
    ],
    [
      'empty task list',
      'version: 1\nname: t\nagent: { kind: oracle }\ntasks: []\n',
      'scenarios/t.yaml:4:8 tasks must not be empty; got a list ([])',
    ],
    [
      'out of range',
      withHead('repeat: 0\nthresholds: { pass_rate: 1.5 }\n'),
      'scenarios/t.yaml:6:9 repeat must be >= 1; got 0\nscenarios/t.yaml:7:26 thresholds.pass_rate must be <= 1; got 1.5',
    ],
    [
      'bad regex',
      withHead('checks:\n  - { file: a.py, matches: "def (" }\n'),
      'scenarios/t.yaml:7:28 checks[0].matches is not a valid regular expression (/def (/: Unterminated group); got "def ("; escape special characters with a backslash; in YAML double quotes write it twice ("\\\\(")',
    ],
    [
      'unknown task id in a check',
      withHead('checks:\n  - { task: zz }\n'),
      'scenarios/t.yaml:7:13 checks[0].task names an unknown task; got "zz"; known task ids: a',
    ],
    [
      'unknown task id in depends_on',
      withHead('  - { id: calc, title: C, depends_on: [cal] }\n'),
      'scenarios/t.yaml:6:5 tasks[1].depends_on names unknown task "cal". Did you mean "calc"?',
    ],
    [
      'dependency cycle',
      withHead('  - { id: b, title: B, depends_on: [c] }\n  - { id: c, title: C, depends_on: [b] }\n'),
      'scenarios/t.yaml:6:5 tasks[1].depends_on forms a dependency cycle: b → c → b; remove one of these dependencies',
    ],
    [
      'a task depending on itself',
      withHead('  - { id: b, title: B, depends_on: [b] }\n'),
      'scenarios/t.yaml:6:5 tasks[1].depends_on forms a dependency cycle: b → b; remove one of these dependencies',
    ],
    [
      'duplicate task ids',
      withHead('  - { id: a, title: Again }\n'),
      'scenarios/t.yaml:6:5 tasks[1].id duplicates task id "a" (first used at tasks[0], line 5); rename one of them',
    ],
    [
      'a generator without {{i}} in its id',
      withHead('  - { generate: 2, id: same }\n'),
      'scenarios/t.yaml:6:5 tasks[1].id gives every generated task the same id "same"; put {{i}} in the generator\'s id, e.g. "task-{{i}}"',
    ],
    [
      'path escaping the root',
      withHead('workspace: ../elsewhere\n'),
      'scenarios/t.yaml:6:12 workspace resolves outside the project root (<root>); got "../elsewhere"; paths are relative to the project root; keep fixtures inside it',
    ],
    [
      'absolute path outside the root',
      withHead('checks:\n  - { command: x, copy_in: /etc }\n'),
      'scenarios/t.yaml:7:28 checks[0].copy_in resolves outside the project root (<root>); got "/etc"; paths are relative to the project root; keep fixtures inside it',
    ],
    [
      'symlink leading outside the root',
      withHead('workspace: fixtures/root-link\n'),
      'scenarios/t.yaml:6:12 workspace leads outside the project root through a symlink (to /); got "fixtures/root-link"; paths are relative to the project root; keep fixtures inside it',
    ],
    [
      'file check outside the workspace',
      withHead('checks:\n  - { file: ../secret }\n'),
      'scenarios/t.yaml:7:13 checks[0].file must be a path inside the workspace (relative, without ".."); got "../secret"; file checks look at the attempt workspace, e.g. src/calculator.py',
    ],
    [
      'missing file',
      withHead('checks:\n  - { metric: errors, baseline: fixtures/baselines/nope.json }\n'),
      'scenarios/t.yaml:7:33 checks[0].baseline does not exist (looked for <root>/fixtures/baselines/nope.json); got "fixtures/baselines/nope.json"; paths are relative to the project root (normally the current folder), not to the scenario file',
    ],
    [
      'missing folder given relative to the scenario file',
      withHead('workspace: ../fixtures/calc/start\n'),
      'scenarios/t.yaml:6:12 workspace resolves outside the project root (<root>); got "../fixtures/calc/start"; paths are relative to the project root; keep fixtures inside it',
    ],
    [
      'a file where a folder is expected',
      withHead('workspace: fixtures/csv/a.csv\n'),
      'scenarios/t.yaml:6:12 workspace must be a folder, but <root>/fixtures/csv/a.csv is not; got "fixtures/csv/a.csv"',
    ],
    [
      'golden inputs matching nothing',
      withHead(
        'checks:\n  - { golden: "x {{input}}", inputs: ["fixtures/csv/*.tsv"], baseline: fixtures/csv/baseline }\n',
      ),
      'scenarios/t.yaml:7:39 checks[0].inputs[0] matches no file; got "fixtures/csv/*.tsv"',
    ],
    [
      'sql that writes',
      withHead('checks:\n  - { sql: "DELETE FROM tasks" }\n'),
      'scenarios/t.yaml:7:12 checks[0].sql must be read-only (SELECT, WITH or PRAGMA); it starts with DELETE; got "DELETE FROM tasks"; sql checks only read the attempt database: use SELECT, WITH or PRAGMA',
    ],
    [
      'replay without a cassette',
      'version: 1\nname: t\nagent: { kind: claude-code }\ntasks: [{ id: a, title: A }]\n',
      'scenarios/t.yaml:3:8 agent.cassette is required when the agent\'s model is "replay" (the default); add cassette: fixtures/cassettes/<name>.yaml, record one with `obra-validate record`, or set a live model',
    ],
    [
      'YAML syntax error',
      'version: 1\nname: t\ntasks: [{ id: a, title: A }\n',
      'scenarios/t.yaml:3:8 is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] (it starts here) (BAD_INDENT)',
    ],
    [
      'duplicate YAML key',
      'version: 1\nname: t\nname: u\n',
      'scenarios/t.yaml:3:1 is not valid YAML: Map keys must be unique (DUPLICATE_KEY)',
    ],
    [
      'empty file',
      '# nothing yet\n',
      'scenarios/t.yaml:1:1 is empty; a scenario needs at least version: 1, name and tasks',
    ],
    [
      'not a mapping',
      '- version: 1\n',
      'scenarios/t.yaml:1:1 must be a YAML mapping of scenario keys (version, name, tasks, ...); got a list ([{"version":1}])',
    ],
  ])('%s', (_, text, expected) => {
    expect(problemsOf(text)).toBe(expected);
  });

  it('reports every problem of a file, in file order', () => {
    const text = `version: 1
name: Bad
agent: { kind: oracle }
tasks:
  - { id: a, title: A, priority: 11 }
  - { id: b }
budgets: { wall: soon }
concurrency: two
checks:
  - { task: a, status: done }
  - { file: x, contians: y }
  - { command: x, exit: 1.5 }
`;
    expect(problemsOf(text).split('\n')).toEqual([
      'scenarios/t.yaml:2:7 name must be lowercase letters, digits, "-" and "_", starting with a letter or digit; got "Bad"',
      'scenarios/t.yaml:5:34 tasks[0].priority must be <= 10; got 11',
      'scenarios/t.yaml:6:5 tasks[1].title is required',
      'scenarios/t.yaml:7:18 budgets.wall must be a duration; write a duration such as "500ms", "30s", "2m", "1h" or a number of milliseconds; got "soon"',
      'scenarios/t.yaml:8:14 concurrency must be an integer; got "two"',
      'scenarios/t.yaml:10:24 checks[0].status must be one of "pending", "ready", "running", "blocked", "completed", "failed", "cancelled", "retrying"; got "done"',
      'scenarios/t.yaml:11:16 checks[1].contians is not a known key. Did you mean "contains"?',
      'scenarios/t.yaml:12:25 checks[2].exit must be an integer; got 1.5',
    ]);
  });

  it('reports every semantic problem of a file', () => {
    const text = withHead(`  - { id: b, title: B, depends_on: [nope] }
checks:
  - { task: zz }
  - { file: /abs }
  - { sql: "SELECT 1; DROP TABLE tasks" }
  - { metric: errors }
`);
    expect(problemsOf(text).split('\n')).toEqual([
      'scenarios/t.yaml:6:5 tasks[1].depends_on names unknown task "nope"; known task ids: a, b',
      'scenarios/t.yaml:8:13 checks[0].task names an unknown task; got "zz"; known task ids: a, b',
      'scenarios/t.yaml:9:13 checks[1].file must be a path inside the workspace (relative, without ".."); got "/abs"; file checks look at the attempt workspace, e.g. src/calculator.py',
      'scenarios/t.yaml:10:12 checks[2].sql must be a single statement; got "SELECT 1; DROP TABLE tasks"; sql checks only read the attempt database: use SELECT, WITH or PRAGMA',
      'scenarios/t.yaml:11:5 checks[3] compares the metric with nothing; add max, min, equals, or baseline (+ tolerance)',
    ]);
  });

  it('reports unknown milestones and an unknown locked_from task, with the closest names', () => {
    const text = withHead(`  - { id: b, title: B, milestone: m2 }
milestones:
  - { id: m1, name: One }
  - { id: m1, name: Again }
store: { locked_from: bb }
`);
    expect(problemsOf(text).split('\n')).toEqual([
      'scenarios/t.yaml:6:5 tasks[1].milestone names unknown milestone "m2". Did you mean "m1"?',
      'scenarios/t.yaml:9:11 milestones[1].id duplicates a milestone id; got "m1"; rename one of them',
      'scenarios/t.yaml:10:23 store.locked_from names an unknown task; got "bb". Did you mean "b"?',
    ]);
  });

  it('bounds YAML aliases', () => {
    const rows = ['a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]'];
    for (const [name, prev] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
    ]) {
      rows.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    expect(problemsOf(`${rows.join('\n')}\n`)).toBe(
      'scenarios/t.yaml:1:1 could not be read: Excessive alias count indicates a resource exhaustion attack; a scenario may expand at most 100 YAML aliases',
    );
  });
});
