import { type ChildProcess, spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { LABEL_OWNER, LABEL_RUN } from '../src/runner/container-labels.js';
import { containersLabelled, testEngine, until } from './helpers/containers.js';
import { processesWith } from './helpers/processes.js';
import { cliPath, makeTempProject, runCli } from './helpers/run-cli.js';

// Without testcontainers' Ryuk, obra-validate removes its own containers: at the end of an attempt, on
// Ctrl+C, and when the harness is killed (its reaper, a process in a session of its own, sees the
// harness's pipe close); a container both left behind is swept at the next start. Each case runs a
// scenario whose agent waits inside its container, stops the harness while it waits, and counts the
// containers of that run left in the engine.
const engine = await testEngine();
if (engine.skipReason) console.warn(`containers-cleanup.test.ts: skipped: ${engine.skipReason}`);

const files = {
  'scenarios/wait.yaml': `version: 1
name: wait
sandbox: container
agent: { kind: command, argv: ["sleep", "300"] }
workspace: fixtures/start
tasks:
  - { id: wait, title: Wait, description: Wait inside the container. }
budgets: { wall: 10m }
checks: [{ task: wait, status: completed }]
`,
  'fixtures/start/README.md': 'An empty workspace.\n',
};

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );

/** Starts a run in its own process group (as a shell would) and waits for its container; its run id. */
async function startRun(dir: string): Promise<{ cli: ChildProcess; runId: string }> {
  const cli = spawn(process.execPath, [cliPath, 'scenarios/', '--reporter', 'json'], {
    cwd: dir,
    env: { ...process.env, CI: 'true' },
    stdio: 'ignore',
    detached: true,
  });
  const owner = `${LABEL_OWNER}=${hostname()}/${cli.pid}`;
  const [container] = await until(async () => {
    const found = await containersLabelled(owner);
    return found.length > 0 ? found : undefined;
  }, `a container labelled ${owner}`);
  // The agent runs in it (`docker exec ... sleep 300`).
  await until(async () => (processesWith('sleep', '300').length > 0 ? true : undefined), 'the agent');
  return { cli, runId: container!.labels[LABEL_RUN]! };
}

const containersOf = async (runId: string) => (await containersLabelled(`${LABEL_RUN}=${runId}`)).length;

describe.skipIf(engine.skipReason !== '')('no container is left behind (Ryuk off)', () => {
  const project = makeTempProject({ ...files, 'obra-validate.config.yaml': engine.config });
  const started: ChildProcess[] = [];
  afterAll(() => {
    for (const cli of started)
      if (cli.exitCode === null && cli.signalCode === null) process.kill(-cli.pid!, 'SIGKILL');
    project.cleanup();
  });

  it('after Ctrl+C (SIGINT): the run stops gracefully and removes its container', async () => {
    const { cli, runId } = await startRun(project.dir);
    started.push(cli);
    expect(await containersOf(runId)).toBe(1);
    process.kill(cli.pid!, 'SIGINT');
    await exited(cli);
    expect(cli.exitCode).toBe(130);
    expect(await containersOf(runId)).toBe(0);
  }, 120_000);

  it('after a SIGKILL of the harness’s process group: the reaper removes the container', async () => {
    const { cli, runId } = await startRun(project.dir);
    started.push(cli);
    process.kill(-cli.pid!, 'SIGKILL');
    await exited(cli);
    const left = await until(
      async () => ((await containersOf(runId)) === 0 ? 0 : undefined),
      'the reaper',
      30_000,
    );
    expect(left).toBe(0);
  }, 120_000);

  it('when the reaper is killed too, the next run sweeps the container at its start', async () => {
    const { cli, runId } = await startRun(project.dir);
    started.push(cli);
    const reapers = processesWith(`${LABEL_OWNER}=${hostname()}/${cli.pid}`);
    expect(reapers).toHaveLength(1);
    for (const pid of reapers) process.kill(pid, 'SIGKILL');
    process.kill(-cli.pid!, 'SIGKILL');
    await exited(cli);
    expect(await containersOf(runId)).toBe(1);
    // Any run that starts a container sweeps first; the null agent ends at once.
    const next = await runCli(['scenarios/', '--agent', 'null', '--reporter', 'json'], {
      cwd: project.dir,
      timeoutMs: 120_000,
    });
    expect(next.exitCode, next.output).toBe(1);
    expect(await containersOf(runId)).toBe(0);
  }, 180_000);
});
