#!/usr/bin/env node
// The flag matrix (issue 28): every value-taking flag and positional argument of every command, each
// given a set of careless values ("", -1, 1e20, abc, 1.5, a missing path, a folder, a file), through the
// built CLI in a copy of a small project. Every case must end without a stack trace and without the
// "internal error" banner; a rejection must be exit 2 and name the value. The flags are read from each
// command's --help, so a new flag joins the matrix by itself.
//
//   node scripts/flag-matrix.mjs            the full matrix (docs/FAULTS.md has its figures)
//   node scripts/flag-matrix.mjs --bounded  one value per flag, rotating (what npm test runs)
//   node scripts/flag-matrix.mjs --json     the cases as JSON lines, for a table
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cliPath = join(repoRoot, 'bin', 'obra-validate.js');

/** The careless values, by name (the name is what the table shows). */
export const VALUES = [
  ['empty', ''],
  ['-1', '-1'],
  ['1e20', '1e20'],
  ['abc', 'abc'],
  ['1.5', '1.5'],
  ['missing path', 'missing/nowhere.yaml'],
  ['directory', 'adir'],
  ['file', 'afile.txt'],
];

/** How each command is called; `{run}` is the finished run's directory. */
const COMMANDS = [
  { name: 'run', prefix: ['run'], positional: '[paths...]', rest: ['scenarios/'] },
  { name: 'model-server', prefix: ['model-server'], rest: ['--cassette', 'cassettes/tiny.yaml'] },
  { name: 'schema', prefix: ['schema'], rest: [] },
  { name: 'check', prefix: ['check'], positional: '[paths...]', rest: [] },
  { name: 'report', prefix: ['report'], positional: '<run-dir>', rest: ['{run}'] },
  { name: 'view', prefix: ['view'], positional: '[run-dir]', rest: ['{run}'] },
  { name: 'init', prefix: ['init'], rest: [] },
  { name: 'doctor', prefix: ['doctor'], rest: [] },
];

const TINY = `version: 1
name: tiny
agent: { kind: oracle }
solution: { files: { "hello.txt": "hello\\n" } }
tasks:
  - { id: hello, title: Create hello.txt, description: Write hello into hello.txt }
checks:
  - { file: hello.txt, contains: ["hello"] }
`;

/** The value-taking options of one command, read from its --help (`--flag <value>`). */
export function valueFlags(command) {
  const help = spawnSync(process.execPath, [cliPath, ...command.prefix, '--help'], { encoding: 'utf8' });
  if (help.status !== 0) throw new Error(`${command.name} --help failed: ${help.stderr}`);
  const flags = [];
  for (const line of help.stdout.split('\n')) {
    const match = /^\s+(?:-\w, )?(--[a-z][\w-]*) [<[]/.exec(line);
    if (match && match[1] !== '--help') flags.push(match[1]);
  }
  return flags;
}

/** Every case of the matrix; `bounded` keeps one value per flag, rotating through VALUES. */
export function matrixCases({ bounded = false } = {}) {
  const cases = [];
  let turn = 0;
  for (const command of COMMANDS) {
    const slots = [...valueFlags(command), ...(command.positional ? [command.positional] : [])];
    for (const slot of slots) {
      const values = bounded ? [VALUES[turn++ % VALUES.length]] : VALUES;
      for (const [valueName, value] of values) {
        const positional = slot.startsWith('<') || slot.startsWith('[');
        const rest = positional
          ? command.rest.filter((a) => a !== '{run}' && a !== 'scenarios/')
          : command.rest;
        const args = positional
          ? [...command.prefix, value, ...rest]
          : [...command.prefix, ...rest, slot, value];
        cases.push({ command: command.name, flag: slot, valueName, value, args });
      }
    }
  }
  return cases;
}

/** A project with a scenario, a cassette, a folder, a file and one finished run: copied for each case. */
export function makeTemplate() {
  const dir = mkdtempSync(join(tmpdir(), 'obra-flag-matrix-'));
  mkdirSync(join(dir, 'scenarios'));
  mkdirSync(join(dir, 'cassettes'));
  mkdirSync(join(dir, 'adir'));
  writeFileSync(join(dir, 'scenarios', 'tiny.yaml'), TINY);
  cpSync(join(repoRoot, 'fixtures', 'cassettes', 'example.yaml'), join(dir, 'cassettes', 'tiny.yaml'));
  writeFileSync(join(dir, 'adir', 'README.md'), 'a folder\n');
  writeFileSync(join(dir, 'afile.txt'), 'a file of the user\n');
  const run = spawnSync(process.execPath, [cliPath, 'scenarios/', '--reporter', 'json'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  });
  if (run.status !== 0) throw new Error(`the template's run failed (${run.status}): ${run.stderr}`);
  const runId = readdirSync(join(dir, 'reports')).find((n) => /^\d{8}-/.test(n));
  return { dir, run: `reports/${runId}`, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const STACK_LINE = /\n\s+at .+:\d+:\d+\)?/;

/**
 * Runs one case in a copy of the template; a command still running after `timeoutMs` (a server, a
 * run that was accepted) is stopped and counts as accepted.
 */
export function runCase(testCase, template, timeoutMs = 8_000) {
  const dir = mkdtempSync(join(tmpdir(), 'obra-flag-case-'));
  cpSync(template.dir, dir, { recursive: true, verbatimSymlinks: true });
  const args = testCase.args.map((a) => (a === '{run}' ? template.run : a));
  return new Promise((done) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: dir,
      env: { ...process.env, CI: 'true', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      done(judge(testCase, { code, stdout, stderr, timedOut }));
    });
  });
}

/** The outcome of one case and what is wrong with it (empty when nothing). Pure. */
export function judge(testCase, { code, stdout, stderr, timedOut }) {
  const problems = [];
  const output = `${stdout}\n${stderr}`;
  if (STACK_LINE.test(output)) problems.push('a stack trace');
  if (output.includes('internal error')) problems.push('the "internal error" banner');
  // An empty value is named as "" (ours) or '' (commander's "argument '' is invalid").
  const shown = testCase.value === '' ? ['""', "''"] : [testCase.value];
  if (code === 2 && !shown.some((s) => stderr.includes(s)))
    problems.push(`exit 2 without naming the value ${shown[0]}`);
  const outcome = timedOut ? 'kept running' : code === 2 ? 'rejected (exit 2)' : `exit ${code}`;
  return { ...testCase, code: timedOut ? null : code, outcome, problems, stderr: stderr.slice(0, 400) };
}

/** Runs `cases` `parallel` at a time, in order of the list. */
export async function runCases(cases, template, parallel = Math.max(1, availableParallelism())) {
  const results = new Array(cases.length);
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      results[i] = await runCase(cases[i], template);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return results;
}

async function cli() {
  const bounded = process.argv.includes('--bounded');
  const json = process.argv.includes('--json');
  const started = Date.now();
  const cases = matrixCases({ bounded });
  const template = makeTemplate();
  let results;
  try {
    results = await runCases(cases, template);
  } finally {
    template.cleanup();
  }
  if (json) for (const r of results) console.log(JSON.stringify(r));
  const flags = new Set(results.map((r) => `${r.command} ${r.flag}`)).size;
  const count = (test) => results.filter(test).length;
  const bad = results.filter((r) => r.problems.length > 0);
  console.log(
    `flag matrix${bounded ? ' (bounded)' : ''}: ${results.length} cases (${flags} flags and arguments of ${COMMANDS.length} commands × ${bounded ? '1 rotating value' : `${VALUES.length} values`}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  console.log(
    `  rejected with exit 2: ${count((r) => r.code === 2)}; accepted: exit 0 ${count((r) => r.code === 0)}, exit 1 ${count((r) => r.code === 1)}, exit 3 ${count((r) => r.code === 3)}, kept running ${count((r) => r.code === null)}`,
  );
  console.log(
    `  stack traces: ${count((r) => r.problems.includes('a stack trace'))}; "internal error" banners: ${count((r) => r.problems.includes('the "internal error" banner'))}; exit 2 without the value: ${count((r) => r.problems.some((p) => p.startsWith('exit 2 without')))}`,
  );
  for (const r of bad)
    console.log(
      `  ✗ ${r.command} ${r.flag} ${r.valueName}: ${r.problems.join(', ')}\n    ${r.stderr.split('\n')[0]}`,
    );
  process.exitCode = bad.length === 0 ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await cli();
