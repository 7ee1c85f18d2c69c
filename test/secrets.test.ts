import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { copyOfShippedProject, latestReport, verdicts } from './helpers/project.js';
import { makeTempProject, runCli } from './helpers/run-cli.js';

// Secrets from the environment never reach a file. The spawned CLI gets canary keys; afterwards every
// file under the project (the run directory: events, reports, logs, attempt workspaces, the agents'
// HOME and TMPDIR, the SQLite files and their WAL, read as bytes) is searched for them.

const CANARIES = {
  ANTHROPIC_API_KEY: 'sk-ant-canary-5f1e2d3c4b5a',
  OPENAI_API_KEY: 'sk-openai-canary-9a8b7c6d5e4f',
  GITHUB_TOKEN: 'ghp_canary0123456789abcdef',
  AWS_SECRET_ACCESS_KEY: 'aws-canary-secret-0a1b2c3d',
  DEPLOY_PASSWORD: 'pw-canary-correct-horse',
} as const;

/** Every file under `dir` (symlinks not followed), with the canaries found in its bytes. */
function leaks(dir: string): { file: string; canaries: string[] }[] {
  const found: { file: string; canaries: string[] }[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        const bytes = readFileSync(path);
        const hits = Object.entries(CANARIES)
          .filter(([, value]) => bytes.includes(Buffer.from(value)))
          .map(([name]) => name);
        if (hits.length > 0) found.push({ file: relative(dir, path), canaries: hits });
      }
    }
  };
  walk(dir);
  return found;
}

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );

describe('the shipped scenarios on replay with canary keys in the environment (spawned CLI)', () => {
  const project = copyOfShippedProject();
  const base = mkdtempSync(join(tmpdir(), 'obra-canary-'));
  const home = join(base, 'home');
  const tmp = join(base, 'tmp');
  mkdirSync(home);
  mkdirSync(tmp);
  afterAll(() => {
    project.cleanup();
    rmSync(base, { recursive: true, force: true });
  });

  it('no canary in any file of the run; the manifest lists the names only', async () => {
    const result = await runCli(['scenarios/'], {
      cwd: project.dir,
      env: { ...CANARIES, HOME: home, TMPDIR: tmp },
      timeoutMs: 300_000,
    });
    expect(result.exitCode, result.output).toBe(0);
    const report = latestReport(project.dir);
    expect(Object.values(verdicts(report))).toEqual(
      Array(Object.keys(verdicts(report)).length).fill('passed'),
    );
    expect(Object.keys(verdicts(report))).toEqual(
      expect.arrayContaining(['stress', 'calculator', 'csv-regression']),
    );
    const runDir = join(project.dir, 'reports', report.runId);
    // What was searched: the run's files, its SQLite databases (and WAL), the agents' HOME folders.
    const files = filesUnder(runDir).map((f) => relative(runDir, f));
    expect(files).toContain('events.jsonl');
    expect(files).toContain('attempts/calculator-1/obra.sqlite');
    expect(files.some((f) => f.startsWith('attempts/stress-1/agent-home/.claude'))).toBe(true);
    expect(files.some((f) => f.startsWith('attempts/calculator-1/workspace/'))).toBe(true);
    expect(leaks(project.dir)).toEqual([]);
    expect(result.output).not.toMatch(/canary/);
    const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8'));
    expect(manifest.environmentVariableNames).toEqual(expect.arrayContaining(Object.keys(CANARIES)));
    // Isolation from the agent's side: the real Claude Code CLI kept its state in its own HOME, never
    // in the HOME and TMPDIR the harness was started with.
    expect(readdirSync(home)).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]);
  }, 300_000);
});

describe('agents and checks that print their environment (spawned CLI, command agents)', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanups.splice(0)) c();
  });
  const scenario = (model: string | undefined) => `version: 1
name: envdump
agent:
  kind: command
  argv: [sh, -c, "env > env.txt; env; env >&2; echo done > done.txt; echo I wrote done.txt and env.txt here."]
${model ? `  model: ${model}\n` : ''}tasks:
  - { id: t, title: Write done.txt, description: Write done.txt in the working directory }
checks:
  - { file: done.txt, contains: [done] }
  - { name: a check that prints its environment, command: env, exit: 0 }
`;

  it('a replay or script agent gets no secret-named variable: its env dump holds none', async () => {
    const p = makeTempProject({ 'scenarios/envdump.yaml': scenario(undefined) });
    cleanups.push(p.cleanup);
    const result = await runCli(['scenarios/'], { cwd: p.dir, env: { ...CANARIES } });
    expect(result.exitCode, result.output).toBe(0);
    const runDir = join(p.dir, 'reports', latestReport(p.dir).runId);
    const dump = readFileSync(join(runDir, 'attempts', 'envdump-1', 'workspace', 'env.txt'), 'utf8');
    expect(dump).toMatch(/^PATH=/m); // the agent did dump its environment
    for (const name of Object.keys(CANARIES)) expect(dump).not.toMatch(new RegExp(`^${name}=`, 'm'));
    expect(leaks(p.dir)).toEqual([]);
  });

  it('a live agent keeps its keys, and what it prints is redacted in its logs and the database', async () => {
    const p = makeTempProject({ 'scenarios/envdump.yaml': scenario('live-test-model') });
    cleanups.push(p.cleanup);
    const result = await runCli(['scenarios/'], { cwd: p.dir, env: { ...CANARIES } });
    expect(result.exitCode, result.output).toBe(0);
    const runDir = join(p.dir, 'reports', latestReport(p.dir).runId);
    const attemptDir = join(runDir, 'attempts', 'envdump-1');
    // The agent had the key (it wrote it into its own workspace: the one file a live agent controls)...
    expect(readFileSync(join(attemptDir, 'workspace', 'env.txt'), 'utf8')).toContain(CANARIES.OPENAI_API_KEY);
    // ...and everything the harness wrote from its output is redacted.
    const logs = readdirSync(join(attemptDir, 'logs')).map((f) =>
      readFileSync(join(attemptDir, 'logs', f), 'utf8'),
    );
    expect(logs.join('\n')).toContain('OPENAI_API_KEY=[REDACTED OPENAI_API_KEY]');
    const db = new Database(join(attemptDir, 'obra.sqlite'), { readonly: true });
    const responses = db.prepare('SELECT response FROM interactions').all() as { response: string }[];
    db.close();
    expect(responses.map((r) => r.response).join('\n')).toContain('GITHUB_TOKEN=[REDACTED GITHUB_TOKEN]');
    expect(leaks(p.dir).filter((l) => !l.file.endsWith('workspace/env.txt'))).toEqual([]);
  });
});
