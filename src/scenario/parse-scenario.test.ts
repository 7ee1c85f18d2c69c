import { afterAll, describe, expect, it } from 'vitest';
import { parseScenario } from './parse-scenario.js';
import { formatProblems } from './problem.js';
import { makeTempProject, standardFixtures, withRoot } from './test-helpers/temp-project.js';
import type { Scenario } from './types.js';

const project = makeTempProject(standardFixtures);
afterAll(() => project.cleanup());

function load(text: string, scale?: number): Scenario {
  const result = parseScenario(text, 'scenarios/t.yaml', {
    rootDir: project.dir,
    ...(scale === undefined ? {} : { scale }),
  });
  expect(formatProblems(result.problems)).toBe('');
  return withRoot(result.scenario!, project.dir);
}

const MINIMAL = `version: 1
name: minimal
agent: { kind: oracle }
tasks:
  - { id: a, title: A }
`;

describe('parseScenario: valid scenarios normalize', () => {
  it('fills every default of a minimal scenario', () => {
    expect(load(MINIMAL)).toMatchInlineSnapshot(`
      {
        "agent": {
          "kind": "oracle",
        },
        "budgets": {
          "taskWallMs": 600000,
          "wallMs": 600000,
        },
        "checks": [],
        "concurrency": 1,
        "file": "<root>/scenarios/t.yaml",
        "llm": {
          "kind": "heuristic",
        },
        "milestones": [],
        "name": "minimal",
        "needs": [],
        "orchestrator": {},
        "relFile": "scenarios/t.yaml",
        "repeat": 1,
        "requires": [],
        "sandbox": {
          "kind": "host",
        },
        "store": {
          "inWorkspace": false,
        },
        "tags": [],
        "tasks": [
          {
            "dependsOn": [],
            "description": "",
            "id": "a",
            "location": {
              "col": 5,
              "file": "scenarios/t.yaml",
              "line": 5,
            },
            "priority": 5,
            "source": "tasks[0]",
            "title": "A",
            "type": "task",
            "vars": {},
          },
        ],
        "thresholds": {},
      }
    `);
  });

  it('normalizes a full scenario: camelCase, durations in ms, resolved paths, every check kind', () => {
    const scenario = load(`# yaml-language-server: $schema=../schema/scenario.schema.json
version: 1
name: calculator
description: Build a calculator
tags: [smoke]
requires: [python3]
agent: { model: replay, cassette: fixtures/cassettes/calc.yaml, max_turns: 10, permission_mode: acceptEdits }
llm: { kind: ollama }
orchestrator: { max_iterations: 5 }
workspace: fixtures/calc/start
solution: { dir: fixtures/calc/solution, files: { "out_{{i}}.txt": "done {{i}}" } }
tasks:
  - id: calc
    title: Create calculator.py
    description: add, subtract
    type: story
    priority: 8
    max_iterations: 3
budgets: { wall: 2m, task_wall: 1.5s, turns: 60, tokens: 500000 }
repeat: 3
concurrency: 2
checks:
  - { task: calc, status: completed, max_iterations: 2, decisions: [retry, proceed], name: calc done, severity: blocker }
  - { file: calculator.py, contains: "def add", not_contains: [TODO], matches: "def divide\\\\(", sha256: ${'AB'.repeat(32)} }
  - { command: python3 -m unittest -q, copy_in: fixtures/calc/hidden-tests, stderr_contains: OK, min_tests: 5, timeout: 500ms }
  - { golden: "python3 tool.py {{input}}", inputs: "fixtures/csv/*.csv", baseline: fixtures/csv/baseline, timeout: 1000 }
  - { sql: "SELECT status, count(*) AS n FROM tasks GROUP BY status", rows: [{ status: completed, n: 1 }], min_count: 1 }
  - { metric: p95_task_s, baseline: fixtures/baselines/report.json }
  - { agent: { argv_contains: [--max-turns], max_calls: 20 }, severity: minor }
thresholds: { pass_rate: 1.0, p95_task_s: 30, p50_task_s: 10, max_tokens: 100000, max_cost_usd: 1 }
`);
    expect(scenario.agent).toEqual({
      kind: 'claude-code',
      model: 'replay',
      cassette: { written: 'fixtures/cassettes/calc.yaml', path: '<root>/fixtures/cassettes/calc.yaml' },
      maxTurns: 10,
      permissionMode: 'acceptEdits',
    });
    expect(scenario.llm).toEqual({ kind: 'ollama', model: 'replay' });
    expect(scenario.orchestrator).toEqual({ max_iterations: 5 });
    expect(scenario.workspace).toEqual({
      written: 'fixtures/calc/start',
      path: '<root>/fixtures/calc/start',
    });
    expect(scenario.solution).toEqual({
      dir: { written: 'fixtures/calc/solution', path: '<root>/fixtures/calc/solution' },
      files: { 'out_{{i}}.txt': 'done {{i}}' },
    });
    expect(scenario.budgets).toEqual({ wallMs: 120_000, taskWallMs: 1500, turns: 60, tokens: 500_000 });
    expect([scenario.repeat, scenario.concurrency]).toEqual([3, 2]);
    expect(scenario.tasks.map(({ location, ...task }) => task)).toEqual([
      {
        id: 'calc',
        title: 'Create calculator.py',
        description: 'add, subtract',
        type: 'story',
        dependsOn: [],
        priority: 8,
        maxIterations: 3,
        vars: {},
        source: 'tasks[0]',
      },
    ]);
    expect(scenario.thresholds).toEqual({
      passRate: 1,
      p95TaskS: 30,
      p50TaskS: 10,
      maxTokens: 100000,
      maxCostUsd: 1,
    });
    expect(scenario.checks).toMatchInlineSnapshot(`
      [
        {
          "decisions": [
            "retry",
            "proceed",
          ],
          "index": 0,
          "kind": "task",
          "location": {
            "col": 5,
            "file": "scenarios/t.yaml",
            "line": 23,
          },
          "maxIterations": 2,
          "name": "calc done",
          "severity": "blocker",
          "status": "completed",
          "task": "calc",
        },
        {
          "contains": [
            "def add",
          ],
          "exists": true,
          "index": 1,
          "kind": "file",
          "location": {
            "col": 5,
            "file": "scenarios/t.yaml",
            "line": 24,
          },
          "matches": "def divide\\(",
          "notContains": [
            "TODO",
          ],
          "path": "calculator.py",
          "severity": "major",
          "sha256": "abababababababababababababababababababababababababababababababab",
        },
        {
          "command": "python3 -m unittest -q",
          "copyIn": {
            "path": "<root>/fixtures/calc/hidden-tests",
            "written": "fixtures/calc/hidden-tests",
          },
          "exit": 0,
          "index": 2,
          "kind": "command",
          "location": {
            "col": 5,
            "file": "scenarios/t.yaml",
            "line": 25,
          },
          "minTests": 5,
          "severity": "major",
          "stderrContains": [
            "OK",
          ],
          "stdoutContains": [],
          "timeoutMs": 500,
        },
        {
          "baseline": {
            "path": "<root>/fixtures/csv/baseline",
            "written": "fixtures/csv/baseline",
          },
          "command": "python3 tool.py {{input}}",
          "index": 3,
          "inputs": [
            {
              "path": "<root>/fixtures/csv/*.csv",
              "written": "fixtures/csv/*.csv",
            },
          ],
          "kind": "golden",
          "location": {
            "col": 5,
            "file": "scenarios/t.yaml",
            "line": 26,
          },
          "severity": "major",
          "timeoutMs": 1000,
        },
        {
          "index": 4,
          "kind": "sql",
          "location": {
            "col": 5,
            "file": "scenarios/t.yaml",
            "line": 27,
          },
          "minCount": 1,
          "rows": [
            {
              "n": 1,
              "status": "completed",
            },
          ],
          "severity": "major",
          "sql": "SELECT status, count(*) AS n FROM tasks GROUP BY status",
        },
        {
          "baseline": {
            "path": "<root>/fixtures/baselines/report.json",
            "written": "fixtures/baselines/report.json",
          },
          "index": 5,
          "kind": "metric",
          "location": {
            "col": 5,
            "file": "scenarios/t.yaml",
            "line": 28,
          },
          "metric": "p95_task_s",
          "severity": "major",
          "tolerance": 0.1,
        },
        {
          "argvContains": [
            "--max-turns",
          ],
          "argvNotContains": [],
          "index": 6,
          "kind": "agent",
          "location": {
            "col": 5,
            "file": "scenarios/t.yaml",
            "line": 29,
          },
          "maxCalls": 20,
          "severity": "minor",
        },
      ]
    `);
  });

  it.each([
    [
      'no agent: claude-code replaying the cassette',
      'agent: { cassette: fixtures/cassettes/calc.yaml }',
      {
        kind: 'claude-code',
        model: 'replay',
        cassette: { written: 'fixtures/cassettes/calc.yaml', path: '<root>/fixtures/cassettes/calc.yaml' },
      },
    ],
    [
      'a live claude-code model needs no cassette',
      'agent: { model: claude-sonnet-4-5 }',
      { kind: 'claude-code', model: 'claude-sonnet-4-5' },
    ],
    [
      'command agent',
      'agent: { kind: command, argv: [qwen, "{{prompt}}", --yolo] }',
      { kind: 'command', argv: ['qwen', '{{prompt}}', '--yolo'], result: 'text', env: {} },
    ],
    [
      'command agent with everything',
      'agent: { kind: command, argv: [x], result: json, env: { A: b }, model: replay, cassette: fixtures/cassettes/calc.yaml }',
      {
        kind: 'command',
        argv: ['x'],
        result: 'json',
        env: { A: 'b' },
        model: 'replay',
        cassette: { written: 'fixtures/cassettes/calc.yaml', path: '<root>/fixtures/cassettes/calc.yaml' },
      },
    ],
    ['null agent', 'agent: { kind: "null" }', { kind: 'null' }],
  ])('agent: %s', (_, agentLine, expected) => {
    const scenario = load(`version: 1\nname: a\n${agentLine}\ntasks: [{ id: a, title: A }]\n`);
    expect(scenario.agent).toEqual(expected);
  });

  it.each([
    ['{ kind: heuristic }', { kind: 'heuristic' }],
    [
      '{ kind: openai, model: gpt-4o-mini, endpoint: "http://127.0.0.1:8080/v1" }',
      { kind: 'openai', model: 'gpt-4o-mini', endpoint: 'http://127.0.0.1:8080/v1' },
    ],
  ])('llm %s', (llm, expected) => {
    expect(load(`${MINIMAL}llm: ${llm}\n`).llm).toEqual(expected);
  });

  it.each([
    ['a check asserting nothing means "completed"', '{ task: a }', { status: 'completed' }],
    ['a check with iterations only sets no status', '{ task: "*", min_iterations: 1 }', { minIterations: 1 }],
  ])('task check: %s', (_, check, expected) => {
    const [normalized] = load(`${MINIMAL}checks:\n  - ${check}\n`).checks;
    expect(normalized).toMatchObject(expected);
    if (!('status' in expected)) expect(normalized).not.toHaveProperty('status');
  });
});

describe('parseScenario: generators', () => {
  const STRESS = `version: 1
name: stress
agent: { kind: oracle }
tasks:
  - { id: setup, title: Setup }
  - generate: 3
    id: "stress-{{i}}"
    title: "Stress Task {{ i }}"
    description: "Write stress_{{i}}.txt containing 'Stress Task {{i}} done'"
    depends_on: [setup]
    solution: { files: { "stress_{{i}}.txt": "Stress Task {{i}} done" } }
checks:
  - { task: stress-2, status: completed }
`;

  it('expands {{i}} = 1..N in id, title, description and solution, and keeps the variables', () => {
    const tasks = load(STRESS).tasks;
    expect(tasks.map((t) => [t.id, t.title, t.description, t.vars, t.source])).toEqual([
      ['setup', 'Setup', '', {}, 'tasks[0]'],
      [
        'stress-1',
        'Stress Task 1',
        "Write stress_1.txt containing 'Stress Task 1 done'",
        { i: 1 },
        'tasks[1]',
      ],
      [
        'stress-2',
        'Stress Task 2',
        "Write stress_2.txt containing 'Stress Task 2 done'",
        { i: 2 },
        'tasks[1]',
      ],
      [
        'stress-3',
        'Stress Task 3',
        "Write stress_3.txt containing 'Stress Task 3 done'",
        { i: 3 },
        'tasks[1]',
      ],
    ]);
    expect(tasks[2]).toMatchObject({
      dependsOn: ['setup'],
      solution: { files: { 'stress_2.txt': 'Stress Task 2 done' } },
      location: { line: 6, col: 5 },
    });
  });

  it.each([1, 2, 50])('scale %i replaces every generate count', (scale) => {
    const ids = load(STRESS.replace('stress-2', 'stress-1'), scale).tasks.map((t) => t.id);
    expect(ids).toEqual(['setup', ...Array.from({ length: scale }, (_, k) => `stress-${k + 1}`)]);
  });

  it('accepts one generator instead of a list, with default id and title', () => {
    const tasks = load('version: 1\nname: g\nagent: { kind: oracle }\ntasks: { generate: 2 }\n').tasks;
    expect(tasks.map((t) => [t.id, t.title])).toEqual([
      ['task-1', 'Task 1'],
      ['task-2', 'Task 2'],
    ]);
  });
});
