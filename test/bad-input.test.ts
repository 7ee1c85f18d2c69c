import { existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCassette } from '../src/model-server/index.js';
import { nodeFs, parseScenario } from '../src/scenario/index.js';
import { copyOfShippedProject } from './helpers/project.js';
import { makeTempProject, repoRoot, runCli } from './helpers/run-cli.js';
import { applyMutations, type Mutation, mutationsArb } from './helpers/yaml-mutations.js';

// Bad input through the built CLI: exit 2, every problem at file:line:col on stderr, no stack trace,
// nothing run (no run directory). The fuzz cases are generated with a fixed seed, so they are the same
// on every run; test/fuzz-loaders.test.ts covers the loaders in process with many more.

const STACK_LINE = /\n\s+at .+:\d+:\d+\)?/;
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
function project(files: Record<string, string> = {}) {
  const p = makeTempProject(files);
  cleanups.push(p.cleanup);
  return p;
}

function expectRefused(result: { exitCode: number | null; stderr: string; output: string }, where: RegExp) {
  expect(result.exitCode, result.output).toBe(2);
  expect(result.stderr).toMatch(where);
  expect(result.stderr).not.toMatch(STACK_LINE);
  expect(result.stderr).not.toContain('internal error');
}

/** The first `count` generated mutation lists (fixed seed) that make `text` invalid for `isInvalid`. */
function invalidCases(text: string, isInvalid: (t: string) => boolean, count: number, seed: number) {
  const found: { mutations: Mutation[]; text: string }[] = [];
  const kinds = new Set<string>();
  for (const mutations of fc.sample(mutationsArb, { numRuns: 400, seed })) {
    const mutated = applyMutations(text, mutations);
    const kind = mutations.map((m) => m.kind).join('+');
    if (kinds.has(kind) || !isInvalid(mutated)) continue;
    kinds.add(kind);
    found.push({ mutations, text: mutated });
    if (found.length === count) break;
  }
  return found;
}

describe('generated bad scenarios and cassettes through the CLI (exit 2, file:line:col, no stack)', () => {
  const calculator = readFileSync(join(repoRoot, 'scenarios', 'calculator.yaml'), 'utf8');
  const scenarioCases = invalidCases(
    calculator,
    (t) =>
      parseScenario(t, 'scenarios/calculator.yaml', { rootDir: repoRoot, fs: nodeFs }).problems.length > 0,
    4,
    20261125,
  );
  it.each(scenarioCases.map((c) => [c.mutations.map((m) => m.kind).join(' + '), c] as const))(
    'scenario mutated by %s',
    async (_name, c) => {
      const p = copyOfShippedProject();
      cleanups.push(p.cleanup);
      writeFileSync(join(p.dir, 'scenarios', 'calculator.yaml'), c.text);
      const result = await runCli(['scenarios/calculator.yaml'], { cwd: p.dir });
      expectRefused(result, /scenarios\/calculator\.yaml:\d+:\d+ /);
      expect(existsSync(join(p.dir, 'reports')), 'nothing ran').toBe(false);
    },
  );

  const stressCassette = readFileSync(join(repoRoot, 'fixtures', 'cassettes', 'stress.yaml'), 'utf8');
  const cassetteCases = invalidCases(
    stressCassette,
    (t) => {
      try {
        parseCassette(t, 'c.yaml');
        return false;
      } catch {
        return true;
      }
    },
    4,
    7,
  );
  it.each(cassetteCases.map((c) => [c.mutations.map((m) => m.kind).join(' + '), c] as const))(
    'cassette mutated by %s: refused before anything runs',
    async (_name, c) => {
      const p = copyOfShippedProject();
      cleanups.push(p.cleanup);
      writeFileSync(join(p.dir, 'fixtures', 'cassettes', 'stress.yaml'), c.text);
      const result = await runCli(['scenarios/stress.yaml'], { cwd: p.dir });
      expectRefused(result, /invalid cassette .*\n\s+fixtures\/cassettes\/stress\.yaml:\d+:\d+ /);
      expect(existsSync(join(p.dir, 'reports')), 'nothing ran').toBe(false);
    },
  );

  it('found enough distinct generated cases', () => {
    expect(scenarioCases.length).toBe(4);
    expect(cassetteCases.length).toBe(4);
  });
});

/** An oracle scenario with a workspace, a copy_in, a golden check and a solution; `edit` rewrites it. */
const pathsScenario = `version: 1
name: paths
agent: { kind: oracle }
workspace: fixtures/start
solution: { files: { "hello.txt": "hello\\n" } }
tasks:
  - { id: hello, title: Create hello.txt, description: Write hello into hello.txt }
checks:
  - { file: hello.txt, contains: ["hello"] }
  - { command: cat extra.txt, copy_in: fixtures/extra.txt, exit: 0 }
  - { golden: "cat {{input}}", inputs: ["fixtures/inputs/*.txt"], baseline: fixtures/golden }
`;
const fixtures = {
  'fixtures/start/README.md': 'start\n',
  'fixtures/extra.txt': 'extra\n',
  'fixtures/inputs/one.txt': 'one\n',
  'fixtures/golden/one.txt.out': 'one\n',
};

describe('paths that leave the project root are refused at load time (exit 2, with line:col)', () => {
  it('control: the scenario passes as written', async () => {
    const p = project({ 'scenarios/paths.yaml': pathsScenario, ...fixtures });
    const result = await runCli(['scenarios/'], { cwd: p.dir });
    expect(result.exitCode, result.output).toBe(0);
  });

  it.each([
    [
      'workspace ../',
      'workspace: fixtures/start',
      'workspace: ../outside',
      /paths\.yaml:4:12 workspace resolves outside the project root/,
    ],
    [
      'workspace absolute',
      'workspace: fixtures/start',
      'workspace: /etc',
      /paths\.yaml:4:12 workspace resolves outside/,
    ],
    [
      'copy_in absolute',
      'copy_in: fixtures/extra.txt',
      'copy_in: /etc/passwd',
      /paths\.yaml:10:\d+ checks\[1\]\.copy_in resolves outside/,
    ],
    [
      'copy_in ../',
      'copy_in: fixtures/extra.txt',
      'copy_in: ../../x',
      /checks\[1\]\.copy_in resolves outside/,
    ],
    [
      'golden baseline ../',
      'baseline: fixtures/golden',
      'baseline: ../golden',
      /checks\[2\]\.baseline resolves outside/,
    ],
    [
      'golden inputs absolute',
      '"fixtures/inputs/*.txt"',
      '"/etc/*.conf"',
      /checks\[2\]\.inputs\[0\] resolves outside/,
    ],
    [
      'solution file ../',
      '"hello.txt": "hello\\n"',
      '"../../evil.txt": "x"',
      /solution\.files\["\.\.\/\.\.\/evil\.txt"\] must be a path inside the workspace/,
    ],
    [
      'solution dir absolute',
      'solution: { files:',
      'solution: { dir: /tmp, files:',
      /solution\.dir resolves outside/,
    ],
    [
      'cassette ../',
      'agent: { kind: oracle }',
      'agent: { kind: claude-code, cassette: ../c.yaml }',
      /agent\.cassette resolves outside/,
    ],
    [
      'file check ../',
      'file: hello.txt',
      'file: ../../hello.txt',
      /checks\[0\]\.file must be a path inside the workspace/,
    ],
  ])('%s', async (_name, from, to, expected) => {
    const p = project({ 'scenarios/paths.yaml': pathsScenario.replace(from, to), ...fixtures });
    const result = await runCli(['scenarios/'], { cwd: p.dir });
    expectRefused(result, expected);
    expect(existsSync(join(p.dir, 'reports')), 'nothing ran').toBe(false);
  });

  it.each([
    ['golden baseline', 'fixtures/golden', 'baseline'],
    ['workspace', 'fixtures/start', 'workspace'],
  ])('a %s folder that is a symlink leading out of the root', async (_name, folder, key) => {
    const p = project({ 'scenarios/paths.yaml': pathsScenario, ...fixtures });
    const outside = makeTempProject({ 'one.txt.out': 'one\n', 'README.md': 'x\n' });
    cleanups.push(outside.cleanup);
    rmSync(join(p.dir, folder), { recursive: true });
    symlinkSync(outside.dir, join(p.dir, folder));
    const result = await runCli(['scenarios/'], { cwd: p.dir });
    expectRefused(
      result,
      new RegExp(
        `paths\\.yaml:\\d+:\\d+ (checks\\[2\\]\\.)?${key} leads outside the project root through a symlink`,
      ),
    );
  });

  it.each([
    ['a file link to a host file', () => '/etc/hostname', /fixtures\/start\/evil → \/etc\/hostname/],
    ['a folder link out of the root', () => tmpdir(), /fixtures\/start\/evil → /],
    ['a link looping to its own folder', () => '.', /fixtures\/start\/evil → .*fixtures\/start \(a loop\)/],
  ])('a fixture tree holding %s', async (_name, target, expected) => {
    const p = project({ 'scenarios/paths.yaml': pathsScenario, ...fixtures });
    symlinkSync(target(), join(p.dir, 'fixtures', 'start', 'evil'));
    const result = await runCli(['scenarios/'], { cwd: p.dir });
    expectRefused(
      result,
      /paths\.yaml:4:12 workspace holds a symlink leading outside the project root or looping/,
    );
    expect(result.stderr).toMatch(expected);
  });
});

describe('huge files and alias bombs are bounded', () => {
  it('a scenario file over 1 MB', async () => {
    const p = project({
      'scenarios/big.yaml': `${pathsScenario}# ${'x'.repeat(1024 * 1024)}\n`,
      ...fixtures,
    });
    const result = await runCli(['scenarios/'], { cwd: p.dir });
    expectRefused(result, /scenarios\/big\.yaml is 1\.0 MB; a scenario file may be at most 1 MB/);
  });

  it('a cassette over 16 MB', async () => {
    const p = copyOfShippedProject();
    cleanups.push(p.cleanup);
    const cassette = join(p.dir, 'fixtures', 'cassettes', 'stress.yaml');
    writeFileSync(cassette, `${readFileSync(cassette, 'utf8')}# ${'x'.repeat(17 * 1024 * 1024)}\n`);
    const result = await runCli(['scenarios/stress.yaml'], { cwd: p.dir });
    expectRefused(
      result,
      /fixtures\/cassettes\/stress\.yaml is 17\.0 MB; a cassette may be at most 16\.0 MB/,
    );
  });

  it('a gate config over 1 MB, and a --baseline file over 16 MB', async () => {
    const p = project({
      'scenarios/paths.yaml': pathsScenario,
      ...fixtures,
      'obra-validate.config.yaml': `gate: {}\n# ${'x'.repeat(1100 * 1024)}\n`,
    });
    const config = await runCli(['scenarios/'], { cwd: p.dir });
    expectRefused(config, /obra-validate\.config\.yaml is 1\.1 MB; a config file may be at most 1\.0 MB/);
    rmSync(join(p.dir, 'obra-validate.config.yaml'));
    writeFileSync(join(p.dir, 'baseline.json'), `{"x": "${'x'.repeat(17 * 1024 * 1024)}"}`);
    const baseline = await runCli(['scenarios/', '--baseline', 'baseline.json'], { cwd: p.dir });
    expectRefused(baseline, /baseline\.json is 17\.0 MB; a baseline file may be at most 16\.0 MB/);
  });

  it('a billion-laughs scenario', async () => {
    const levels = Array.from(
      { length: 9 },
      (_, i) => `l${i + 1}: &l${i + 1} [${Array(10).fill(`*l${i}`).join(', ')}]`,
    );
    const p = project({
      'scenarios/bomb.yaml': `l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n${levels.join('\n')}\n`,
    });
    const result = await runCli(['scenarios/'], { cwd: p.dir });
    expectRefused(result, /scenarios\/bomb\.yaml:1:1 could not be read: Excessive alias count/);
  });
});
