import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processesWith } from './helpers/processes.js';
import { latestReport, type ReportJson } from './helpers/project.js';
import { cliPath, makeTempProject, runCli } from './helpers/run-cli.js';

// Issue 28, item 8: after a SIGKILL of the run's process group (the harness and its launch host), the
// Claude Code process, in its own process group, outlived the harness by about 4 s; the run directory
// then had no run_end, and `view` showed the attempt as `skipped 0/0 tasks` although 2 tasks had
// completed. After SIGTERM the tasks that never ran were counted as `tasksFailed`.

const marker = `obra-harness-death-${process.pid}-${Date.now()}`;

// Five tasks, one at a time. The agent finishes the first two (out_1.txt, out_2.txt); the third never
// answers, ignores SIGTERM and leaves a child that ignores it too (both carry the marker in argv).
const files = {
  'scenarios/slow.yaml': `version: 1
name: slow
agent: { kind: command, argv: ["node", "agent.mjs", "{{sessionId}}", "${marker}"], result: json }
workspace: fixtures/workspace
tasks:
  - { generate: 5, id: "t-{{i}}", title: "Task {{i}}", description: "Write out_{{i}}.txt" }
checks: [{ task: "*", status: completed }]
`,
  'fixtures/workspace/agent.mjs': `import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
const done = readdirSync('.').filter((f) => f.startsWith('out_')).length;
if (done < 2) {
  writeFileSync(\`out_\${done + 1}.txt\`, 'done\\n');
  process.stdout.write(JSON.stringify({ type: 'result', subtype: 'success', is_error: false, result: 'Done.',
    session_id: process.argv[2], num_turns: 1, usage: { input_tokens: 10, output_tokens: 5 } }));
} else {
  spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000);", process.argv[3]], { stdio: 'ignore' });
  process.on('SIGTERM', () => {});
  setInterval(() => {}, 1000);
}
`,
};

/** Polls `probe` every 50 ms until it returns a value, or fails after `timeoutMs`. */
async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux) console.warn('skipping `view` of a killed run: tmux is not installed');

describe.each(['native', 'node'])('a SIGKILL of the harness’s process group (launch host %s)', (host) => {
  const project = makeTempProject(files);
  let runDir = '';
  let leftAfterKill: number[] = [];
  afterAll(() => {
    for (const pid of processesWith(marker)) process.kill(pid, 'SIGKILL');
    project.cleanup();
  });

  beforeAll(async () => {
    // The CLI in its own process group, as a shell starts it; the launch host is its child.
    const cli = spawn(process.execPath, [cliPath, 'scenarios/', '--reporter', 'json'], {
      cwd: project.dir,
      env: { ...process.env, CI: 'true', OBRA_LAUNCH_HOST: host },
      stdio: 'ignore',
      detached: true,
    });
    try {
      // The third task's agent and its child run: two tasks have completed.
      await until(() => (processesWith(marker).length >= 2 ? true : undefined), 'the hanging agent');
      process.kill(-cli.pid!, 'SIGKILL');
      await exited(cli);
      const killedAt = Date.now();
      // What is left about a second later.
      await until(
        () => (processesWith(marker).length === 0 || Date.now() - killedAt > 1_000 ? true : undefined),
        'the agents to go',
      );
      leftAfterKill = processesWith(marker);
    } finally {
      if (cli.exitCode === null && cli.signalCode === null) process.kill(-cli.pid!, 'SIGKILL');
    }
    const runs = readdirSync(join(project.dir, 'reports')).filter((d) => /^\d{8}-/.test(d));
    runDir = join(project.dir, 'reports', runs[0]!);
  }, 120_000);

  it('leaves no agent process (the hung agent and its child are gone within a second)', () => {
    expect(leftAfterKill).toEqual([]);
  });

  it('report RUN_DIR reads the run as interrupted, with the 2 tasks that finished and 3 not run', async () => {
    expect(existsSync(join(runDir, 'report.json'))).toBe(false);
    const out = join(project.dir, 'out');
    const result = await runCli(['report', runDir, '--out', out], { cwd: project.dir });
    expect(result.exitCode).toBe(130);
    expect(result.stdout).toContain('Readiness: UNKNOWN');
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ReportJson;
    expect(report.interrupted).toBe(true);
    const attempt = report.scenarios[0]!
      .attempts[0]! as ReportJson['scenarios'][number]['attempts'][number] & {
      interrupted: boolean;
    };
    expect(attempt).toMatchObject({
      verdict: 'skipped',
      interrupted: true,
      reason: 'interrupted: the log ends before this attempt did (the run was stopped or killed)',
    });
    expect(attempt.metrics).toMatchObject({ tasks: 5, tasksCompleted: 2, tasksFailed: 0, tasksNotRun: 3 });
  });

  it.skipIf(!hasTmux)(
    'view RUN_DIR shows the attempt as interrupted with 2 of 5 tasks done (tmux 80x24)',
    async () => {
      const socket = `obra-death-view-${process.pid}-${host}`;
      const tmux = (...args: string[]) =>
        execFileSync('tmux', ['-L', socket, ...args], {
          encoding: 'utf8',
          env: { ...process.env, TMUX: '' },
        });
      try {
        const command = `CI=0 CONTINUOUS_INTEGRATION=0 FORCE_COLOR=0 node ${cliPath} view ${runDir}; echo "EXIT=$?"; sleep 600`;
        tmux('new-session', '-d', '-s', 'view', '-x', '80', '-y', '24', '-c', project.dir, command);
        const screen = () => tmux('capture-pane', '-p', '-t', 'view');
        let shown = await until(
          () => (screen().includes('Scenarios (1)') ? screen() : undefined),
          'the viewer',
        );
        expect(shown).toMatch(/· interrupted/);
        expect(shown).toMatch(/slow +interrupted +pass@1 .* 2\/5 tasks/);
        tmux('send-keys', '-t', 'view', 'Enter');
        shown = await until(
          () => (/#1 +interrupted/.test(screen()) ? screen() : undefined),
          'the attempt row',
        );
        expect(shown).toMatch(/#1 +interrupted +\S+ +2\/5 tasks \(3 not run\)/);
        tmux('send-keys', '-t', 'view', 'q');
        await until(() => (screen().includes('EXIT=0') ? true : undefined), 'the viewer to quit');
      } finally {
        spawnSync('tmux', ['-L', socket, 'kill-server']);
      }
    },
    120_000,
  );
});

describe('a SIGTERM of the harness (graceful stop)', () => {
  const project = makeTempProject(files);
  afterAll(() => {
    for (const pid of processesWith(marker)) process.kill(pid, 'SIGKILL');
    project.cleanup();
  });

  it('exits 130 and counts the tasks that never ran as not run, not as failed', async () => {
    const cli = spawn(process.execPath, [cliPath, 'scenarios/', '--reporter', 'json'], {
      cwd: project.dir,
      env: { ...process.env, CI: 'true' },
      stdio: 'ignore',
    });
    await until(() => (processesWith(marker).length >= 2 ? true : undefined), 'the hanging agent');
    cli.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => cli.once('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(processesWith(marker)).toEqual([]);
    const report = latestReport(project.dir);
    expect(report.interrupted).toBe(true);
    // The third task was stopped by the interruption, the fourth and fifth never started.
    expect(report.scenarios[0]!.attempts[0]!.metrics).toMatchObject({
      tasks: 5,
      tasksCompleted: 2,
      tasksFailed: 0,
      tasksNotRun: 3,
    });
  }, 120_000);
});
