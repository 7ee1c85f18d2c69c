import { afterEach, describe, expect, it } from 'vitest';
import { loadScenarios } from './load.js';
import { formatProblems } from './problem.js';
import { MAX_SCENARIO_BYTES } from './read.js';
import { makeTempProject, type TempProject } from './test-helpers/temp-project.js';

const scenario = (name: string, extra = '') =>
  `version: 1\nname: ${name}\nagent: { kind: oracle }\ntasks:\n  - { id: a, title: A }\n${extra}`;

let project: TempProject;
afterEach(() => project.cleanup());

async function load(files: Record<string, string | null>, paths: string[], scale?: number) {
  project = makeTempProject(files);
  const result = await loadScenarios(paths, {
    rootDir: project.dir,
    ...(scale === undefined ? {} : { scale }),
  });
  return {
    names: result.scenarios.map((s) => s.name),
    relFiles: result.scenarios.map((s) => s.relFile),
    problems: formatProblems(result.problems).replaceAll(project.dir, '<root>'),
    scenarios: result.scenarios,
  };
}

describe('loadScenarios: files and folders', () => {
  it('expands a folder to its *.yaml and *.yml files, sorted by name, not recursively', async () => {
    const result = await load(
      {
        'scenarios/b.yaml': scenario('b'),
        'scenarios/a.yml': scenario('a'),
        'scenarios/c.yaml': scenario('c'),
        'scenarios/README.md': '# not a scenario',
        'scenarios/nested/d.yaml': scenario('d'),
        'scenarios/folder.yaml': null,
      },
      ['scenarios'],
    );
    expect(result.problems).toBe('');
    expect(result.relFiles).toEqual(['scenarios/a.yml', 'scenarios/b.yaml', 'scenarios/c.yaml']);
    expect(result.scenarios[0]?.file).toBe(`${project.dir}/scenarios/a.yml`);
  });

  it('takes files as given, once each, in order', async () => {
    const result = await load(
      {
        'scenarios/b.yaml': scenario('b'),
        'scenarios/a.yaml': scenario('a'),
        'other.txt': scenario('other'),
      },
      ['scenarios/b.yaml', 'other.txt', 'scenarios', 'scenarios/a.yaml'],
    );
    expect(result.problems).toBe('');
    expect(result.names).toEqual(['b', 'other', 'a']);
  });

  it.each([
    [['scenario'], 'scenario does not exist. Did you mean "scenarios"?'],
    [['nothing-like-it'], 'nothing-like-it does not exist; paths are relative to <root>'],
    [
      ['empty'],
      'empty holds no scenario files; give scenario files or folders holding *.yaml / *.yml files (folders are not searched recursively), e.g. scenarios/',
    ],
    [
      [],
      '<root> holds no scenario files; give scenario files or folders holding *.yaml / *.yml files (folders are not searched recursively), e.g. scenarios/',
    ],
  ])('%j is a problem', async (paths, expected) => {
    const result = await load({ 'scenarios/a.yaml': scenario('a'), 'empty/notes.md': '' }, paths);
    expect(result.problems).toBe(expected);
  });

  it('refuses files over 1 MB before reading them', async () => {
    const big = `${scenario('big')}# ${'x'.repeat(MAX_SCENARIO_BYTES)}\n`;
    const result = await load({ 'big.yaml': big }, ['big.yaml']);
    expect(result.problems).toBe(
      'big.yaml is 1.0 MB; a scenario file may be at most 1 MB; use a generator (generate: N) instead of listing many tasks',
    );
  });
});

describe('loadScenarios: across files', () => {
  it('collects the problems of every file and keeps only the clean scenarios', async () => {
    const result = await load(
      {
        'scenarios/a.yaml': scenario('a', 'repeat: 0\n'),
        'scenarios/b.yaml': scenario('b'),
        'scenarios/c.yaml': 'version: 1\nname: [\n',
      },
      ['scenarios'],
    );
    expect(result.names).toEqual(['b']);
    expect(result.problems).toBe(
      [
        'scenarios/a.yaml:6:9 repeat must be >= 1; got 0',
        'scenarios/c.yaml:2:7 is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] (it starts here) (BAD_INDENT)',
      ].join('\n'),
    );
  });

  it('checks the rules across files on what remains of a file the schema rejected parts of', async () => {
    const result = await load(
      {
        'scenarios/a.yaml': scenario('a', 'checks:\n  - { task: b, status: complete }\n'),
        'scenarios/b.yaml': scenario('b', 'needs: [a]\n'),
        'scenarios/c.yaml': scenario('a', 'repeat: 0\n'),
      },
      ['scenarios'],
    );
    // b needs a, which loaded with problems: no "not among the loaded files" for b.
    expect(result.problems.split('\n').map((line) => line.replace(/;.*/, ''))).toEqual([
      'scenarios/a.yaml:7:13 checks[0].task names an unknown task',
      'scenarios/a.yaml:7:24 checks[0].status must be one of "pending", "ready", "running", "blocked", "completed", "failed", "cancelled", "retrying"',
      'scenarios/c.yaml:2:7 name is already used by scenarios/a.yaml:2:7',
      'scenarios/c.yaml:6:9 repeat must be >= 1',
    ]);
    expect(result.names).toEqual(['b']);
  });

  it('reports duplicate scenario names, naming both files', async () => {
    const result = await load(
      { 'scenarios/a.yaml': scenario('same'), 'scenarios/b.yaml': scenario('same') },
      ['scenarios'],
    );
    expect(result.problems).toBe(
      'scenarios/b.yaml:2:7 name is already used by scenarios/a.yaml:2:7; got "same"; scenario names must be unique: rename one of them',
    );
    expect(result.names).toEqual(['same']);
  });

  it('resolves needs against the loaded scenarios', async () => {
    const files = {
      'scenarios/base.yaml': scenario('base'),
      'scenarios/top.yaml': scenario('top', 'needs: [base]\n'),
    };
    expect((await load(files, ['scenarios'])).problems).toBe('');
    project.cleanup();
    const alone = await load(files, ['scenarios/top.yaml']);
    expect(alone.problems).toBe(
      'scenarios/top.yaml:6:9 needs[0] names a scenario that is not among the loaded files; got "base"; include the file that defines it in the paths to run (e.g. the scenarios/ folder)',
    );
  });

  it.each([
    [
      'a typo',
      { 'a.yaml': scenario('stress'), 'b.yaml': scenario('b', 'needs: [stres]\n') },
      'b.yaml:6:9 needs[0] names a scenario that is not among the loaded files; got "stres". Did you mean "stress"? Otherwise include the file that defines it in the paths to run',
    ],
    [
      'itself',
      { 'a.yaml': scenario('a', 'needs: [a]\n') },
      'a.yaml:6:9 needs[0] names the scenario itself; got "a"',
    ],
    [
      'a cycle',
      { 'a.yaml': scenario('a', 'needs: [b]\n'), 'b.yaml': scenario('b', 'needs: [a]\n') },
      'a.yaml:6:8 needs forms a cycle: a → b → a; a scenario cannot (indirectly) need itself',
    ],
  ])('needs naming %s is a problem', async (_, files, expected) => {
    expect((await load(files, ['.'])).problems).toBe(expected);
  });
});

describe('loadScenarios: scale', () => {
  it('makes every generator produce `scale` tasks', async () => {
    const text =
      'version: 1\nname: s\nagent: { kind: oracle }\ntasks:\n  - { generate: 10, id: "x-{{i}}" }\n  - { generate: 2, id: "y-{{i}}" }\n';
    const result = await load({ 's.yaml': text }, ['s.yaml'], 3);
    expect(result.scenarios[0]?.tasks.map((t) => t.id)).toEqual(['x-1', 'x-2', 'x-3', 'y-1', 'y-2', 'y-3']);
  });

  it.each([0, 1.5, -2, 100_001, 9007199254740991])('refuses scale %d', async (scale) => {
    const result = await load({ 's.yaml': scenario('s') }, ['s.yaml'], scale);
    expect(result.problems).toBe(`--scale must be a whole number from 1 to 100000; got ${scale}`);
  });

  it('refuses a scale that takes two generators past 100,000 tasks, before expanding them', async () => {
    const text = `version: 1
name: s
tasks:
  - { generate: 3, id: "x-{{i}}" }
  - { generate: 3, id: "y-{{i}}" }
`;
    const result = await load({ 's.yaml': text }, ['s.yaml'], 60_000);
    expect(result.problems).toMatch(
      /^s\.yaml:4:3 tasks expand to 120000 tasks with --scale 60000; a scenario may have at most 100000; /,
    );
  });
});
