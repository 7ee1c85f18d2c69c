import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  createReadStream,
  existsSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, makeTempProject, runCli } from './helpers/run-cli.js';

// A scenario whose phases are observable from outside: the agent takes 0.8 s and then prints its
// result (its stdout log fills), the confidence scorer (an LLM over the Ollama protocol, replayed)
// answers after 0.8 s, a command check sleeps 1 s. Two attempts, so an interruption can leave one
// finished and one not.
const files = {
  'scenarios/phases.yaml': `version: 1
name: phases
agent: { kind: command, argv: ["node", "agent.mjs", "{{sessionId}}"], result: json, cassette: fixtures/scorer.yaml }
llm: { kind: ollama, model: replay }
workspace: fixtures/workspace
repeat: 2
tasks:
  - { id: out, title: Write out.txt, description: Write done into out.txt }
checks:
  - { task: out, status: completed }
  - { name: a slow check, command: "sleep 1; test -f out.txt", exit: 0 }
`,
  'fixtures/workspace/agent.mjs': `import { writeFileSync } from 'node:fs';
setTimeout(() => {
  writeFileSync('out.txt', 'done\\n');
  process.stdout.write(JSON.stringify({ type: 'result', subtype: 'success', is_error: false, result: 'Wrote out.txt.',
    session_id: process.argv[2], num_turns: 1, usage: { input_tokens: 10, output_tokens: 5 } }));
}, 800);
`,
  'fixtures/scorer.yaml': `version: 1
name: slow-scorer
conversations:
  - name: confidence
    when: { system_contains: confidence scorer, has_tools: false }
    turns:
      - fault: { kind: delay, ms: 800 }
        reply: { text: '{"confidence": 0.9, "reason": "out.txt exists"}' }
`,
};

interface LogEvent {
  seq: number;
  type: string;
  attemptId?: string;
  verdict?: string;
  interrupted?: boolean;
  resumed?: { finished: number };
  event?: { type: string; error?: { kind: string }; errorSubtype?: string; sessionId?: string };
}

/** The events of a run's log; a last line still being written is left out. */
const readLog = (runDir: string): LogEvent[] =>
  readFileSync(join(runDir, 'events.jsonl'), 'utf8')
    .split('\n')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as LogEvent];
      } catch {
        return [];
      }
    });

/**
 * report.json without what differs between two runs of the same scenarios: ids, start times and
 * every duration (run, attempts, checks, task timings, the wall budget's actual time).
 */
function normalize(report: unknown): unknown {
  const timing = new Set(['durationMs', 'p50TaskMs', 'p95TaskMs', 'maxTaskMs', 'totalMs', 'firstSeq']);
  const walk = (value: unknown, key = ''): unknown => {
    if (Array.isArray(value)) return value.map((v) => walk(v));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([k]) => !['runId', 'startedAt'].includes(k))
          .map(([k, v]) => [k, timing.has(k) ? 0 : walk(v, k)]),
      );
    }
    if (typeof value !== 'string') return value;
    return value
      .replace(/\d{8}-\d{6}-[0-9a-f]{4}/g, '<run>')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
      .replace(key === 'actual' ? /^\d+ms$/ : /$^/, '<ms>');
  };
  return walk(report);
}

/** `ready()`, but a throw (a log read mid-write...) stops the run first: no process is left behind. */
function whenReady(ready: () => boolean, child: ChildProcess): boolean {
  try {
    return ready();
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

/** Does a process whose command line mentions `word` run in folder `cwd`? (reads /proc) */
function runsIn(cwd: string, word: string): boolean {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .some((pid) => {
      try {
        return (
          readlinkSync(`/proc/${pid}/cwd`) === cwd &&
          readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(word)
        );
      } catch {
        return false; // gone, or not ours to read
      }
    });
}

const reportOf = (runDir: string): unknown => JSON.parse(readFileSync(join(runDir, 'report.json'), 'utf8'));

describe('Ctrl+C in each phase, then --resume RUN_DIR (spawned CLI)', () => {
  // Made in beforeAll, not while collecting: a filtered run (-t) that skips these tests leaves nothing.
  let project: ReturnType<typeof makeTempProject>;
  let reports: string;
  let expected: unknown;
  const runDirs = () => (existsSync(reports) ? readdirSync(reports).filter((d) => /^\d{8}-/.test(d)) : []);

  /** Starts a run; resolves when `ready(runDir)` holds; the caller then signals it. */
  async function startRun(
    args: string[],
    ready: (runDir: string, pid: number) => boolean,
    env: NodeJS.ProcessEnv = {},
  ): Promise<{ child: ChildProcess; runDir: string; exit: Promise<number | null>; output: () => string }> {
    const before = new Set(runDirs());
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: project.dir,
      env: { ...process.env, CI: 'true', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d));
    child.stderr!.on('data', (d: Buffer) => (output += d));
    const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const started = Date.now();
    for (;;) {
      const runDir = runDirs().find((d) => !before.has(d));
      if (runDir && whenReady(() => ready(join(reports, runDir), child.pid!), child))
        return { child, runDir: join(reports, runDir), exit, output: () => output };
      if (child.exitCode !== null || Date.now() - started > 60_000) {
        child.kill('SIGKILL');
        throw new Error(`the phase never came (exit ${child.exitCode}):\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  const hasEvent = (predicate: (e: LogEvent) => boolean) => (runDir: string) =>
    existsSync(join(runDir, 'events.jsonl')) && readLog(runDir).some(predicate);

  async function resume(runDir: string) {
    const before = readLog(runDir);
    const result = await runCli(['--resume', runDir, '--reporter', 'dot,json'], { cwd: project.dir });
    expect(result.stderr).toContain(`obra-validate: resuming run ${runDir.split('/').at(-1)}`);
    expect(result.exitCode).toBe(0);
    const after = readLog(runDir);
    // Appended to the same log: the interrupted run's events stay as they were, the sequence goes on.
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.map((e) => e.seq)).toEqual(after.map((_, i) => i + 1));
    expect(after[before.length]).toMatchObject({ type: 'run_begin' });
    expect(normalize(reportOf(runDir))).toEqual(expected);
    return { result, appended: after.slice(before.length) };
  }
  const begunIn = (events: LogEvent[]) =>
    events.filter((e) => e.type === 'attempt_begin').map((e) => e.attemptId);

  beforeAll(async () => {
    project = makeTempProject(files);
    reports = join(project.dir, 'reports');
    const result = await runCli(['scenarios/', '--reporter', 'dot,json'], { cwd: project.dir });
    expect(result.exitCode, result.stderr).toBe(0);
    expected = normalize(reportOf(join(reports, runDirs()[0]!)));
  }, 120_000);
  afterAll(() => project?.cleanup());

  it('while the agent runs: the attempt is stopped, and both attempts run on resume', async () => {
    const run = await startRun(
      ['scenarios/', '--reporter', 'dot,json'],
      hasEvent((e) => e.event?.type === 'agent_call_start'),
    );
    run.child.kill('SIGINT');
    expect(await run.exit, run.output()).toBe(130);
    const log = readLog(run.runDir);
    expect(log.find((e) => e.event?.type === 'agent_call_end')?.event?.errorSubtype).toBe('agent_aborted');
    expect(log.filter((e) => e.type === 'attempt_end').every((e) => e.interrupted)).toBe(true);
    const { appended, result } = await resume(run.runDir);
    expect(result.stderr).toContain('unfinished, run again: phases#1, phases#2');
    expect(begunIn(appended)).toEqual(['phases#1', 'phases#2']);
  }, 120_000);

  it('while the orchestrator validates the reply (the confidence scorer is slow): both run on resume', async () => {
    // The agent wrote out.txt, printed its result and exited: the orchestrator has its reply (the
    // stdout log is written later, while the next call runs, so it is no sign). From then until the
    // scorer answers (0.8 s), the reply is being validated.
    const run = await startRun(['scenarios/', '--reporter', 'dot,json'], (dir) => {
      const workspace = join(dir, 'attempts', 'phases-1', 'workspace');
      return existsSync(join(workspace, 'out.txt')) && !runsIn(workspace, 'agent.mjs');
    });
    // The agent's exit is seen from here before the run has its reply (the launch host's message is
    // on its way): a Ctrl+C then stops the call itself, not the validation. 0.2 s into the scorer's 0.8 s.
    await new Promise((r) => setTimeout(r, 200));
    run.child.kill('SIGINT');
    expect(await run.exit, run.output()).toBe(130);
    const log = readLog(run.runDir);
    // The scorer's request was cut: the iteration ended on llm_error, before any decision.
    const seen = log.map((e) => e.event?.type ?? e.type).join(' ');
    expect(log.find((e) => e.event?.type === 'error')?.event?.error?.kind, seen).toBe('llm_error');
    expect(log.some((e) => e.event?.type === 'decision')).toBe(false);
    const { appended } = await resume(run.runDir);
    expect(begunIn(appended)).toEqual(['phases#1', 'phases#2']);
  }, 120_000);

  it('while the checks run: the checked attempt is kept, only the other one runs on resume', async () => {
    const run = await startRun(
      ['scenarios/', '--reporter', 'dot,json'],
      hasEvent((e) => e.attemptId === 'phases#1' && e.event?.type === 'task_end'),
    );
    run.child.kill('SIGINT');
    expect(await run.exit, run.output()).toBe(130);
    const ends = readLog(run.runDir).filter((e) => e.type === 'attempt_end');
    expect(ends.map((e) => [e.attemptId, e.verdict, e.interrupted ?? false])).toEqual([
      ['phases#1', 'passed', false],
      ['phases#2', 'skipped', true],
    ]);
    const { appended, result } = await resume(run.runDir);
    expect(result.stderr).toContain('1 attempt(s) finished and kept');
    expect(begunIn(appended)).toEqual(['phases#2']);
    expect(appended[0]).toMatchObject({ type: 'run_begin', resumed: { finished: 1 } });
  }, 120_000);

  // While the reports are written: report.md goes to a FIFO nobody reads yet (OBRA_VALIDATE_MARKDOWN_
  // OUTPUT_FILE), so the run stays in that phase, after run_end, until the test reads the FIFO.
  function fifo(name: string): string {
    const path = join(project.dir, name);
    expect(spawnSync('mkfifo', [path]).status).toBe(0);
    return path;
  }
  const drain = (path: string) =>
    new Promise<string>((resolve, reject) => {
      let text = '';
      createReadStream(path, 'utf8')
        .on('data', (d) => (text += d))
        .on('end', () => resolve(text))
        .on('error', reject);
    });

  it('while the reports are written (Ctrl+C): the run had ended, so it completes its reports', async () => {
    const md = fifo('report-sigint.md');
    const run = await startRun(
      ['scenarios/', '--reporter', 'dot,markdown,json'],
      hasEvent((e) => e.type === 'run_end'),
      { OBRA_VALIDATE_MARKDOWN_OUTPUT_FILE: md },
    );
    run.child.kill('SIGINT');
    const markdown = drain(md);
    expect(await run.exit, run.output()).toBe(0);
    expect(await markdown).toContain('READY');
    expect(normalize(reportOf(run.runDir))).toEqual(expected);
    const { appended } = await resume(run.runDir);
    expect(begunIn(appended)).toEqual([]);
  }, 120_000);

  it('killed while the reports are written: --resume writes them, and runs nothing again', async () => {
    const md = fifo('report-sigkill.md');
    const run = await startRun(
      ['scenarios/', '--reporter', 'dot,markdown,json'],
      hasEvent((e) => e.type === 'run_end'),
      { OBRA_VALIDATE_MARKDOWN_OUTPUT_FILE: md },
    );
    run.child.kill('SIGKILL');
    await run.exit;
    // Killed while blocked on report.md (the first reporter): report.json was never written.
    expect(existsSync(join(run.runDir, 'report.json'))).toBe(false);
    const { appended } = await resume(run.runDir);
    expect(begunIn(appended)).toEqual([]);
    // The report command folds the resumed log the same way.
    const rebuilt = await runCli(['report', run.runDir, '--reporter', 'json', '--out', 'rebuilt'], {
      cwd: project.dir,
    });
    expect(rebuilt.exitCode, rebuilt.stderr).toBe(0);
    expect(normalize(reportOf(join(project.dir, 'rebuilt')))).toEqual(expected);
  }, 120_000);
});

describe('--resume refuses what it cannot resume (exit 2, nothing runs)', () => {
  let project: ReturnType<typeof makeTempProject>;
  beforeAll(async () => {
    project = makeTempProject({
      'scenarios/hello.yaml': `version: 1
name: hello
agent: { kind: oracle }
solution: { files: { "hello.txt": "hello world\\n" } }
tasks: [{ id: hello, title: Create hello.txt, description: Write hello world into hello.txt }]
checks: [{ file: hello.txt, contains: ["hello world"] }]
`,
    });
    expect((await runCli(['scenarios/'], { cwd: project.dir })).exitCode).toBe(0);
  });
  afterAll(() => project?.cleanup());

  it.each<[string, string[], RegExp]>([
    [
      'a directory that does not exist',
      ['--resume', 'reports/nope'],
      /--resume reports\/nope: no such run directory/,
    ],
    [
      'a folder that is not a run',
      ['--resume', 'scenarios'],
      /not a run directory \(no events\.jsonl in it\)/,
    ],
    [
      'scenario paths next to it',
      ['scenarios/', '--resume', 'reports/latest'],
      /do not give scenario paths \(scenarios\/\)/,
    ],
    ['a flag that changes the plan', ['--resume', 'reports/latest', '--repeat', '3'], /do not give --repeat/],
  ])('%s', async (_name, args, message) => {
    const result = await runCli(args, { cwd: project.dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('a scenario file changed since the run started', async () => {
    const file = join(project.dir, 'scenarios/hello.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('Write hello world', 'Write hello, world'));
    const result = await runCli(['--resume', 'reports/latest'], { cwd: project.dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--resume: scenarios/hello.yaml (scenario hello) changed since run');
  });
});
