import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/run-cli.js';

// The orchestrator used as a library, as a new user would: the built package imported by a script run
// in its own Node process, a null agent that does nothing, and the store kept inside the project's
// working directory (as the original Obra kept data/*.db) or outside it. Evidence is the agent's own
// work only: the store's -wal and -shm files written during the call are not evidence, so a null agent
// never completes a task (issue 22, item 1).

const script = `
import { createAgent, createOrchestrator, openStore } from ${JSON.stringify(join(repoRoot, 'dist', 'index.js'))};
const [workdir, storePath] = process.argv.slice(2);
const store = openStore({ path: storePath });
const project = store.projects.create({ name: 'demo', workingDirectory: workdir });
const task = store.tasks.create({ projectId: project.id, title: 'Create hello.txt', description: 'Write hello.txt' });
const orchestrator = createOrchestrator({ store, agent: createAgent({ kind: 'null' }) });
const result = await orchestrator.executeTask(task.id, { maxIterations: 2 });
const rows = store.db.prepare('SELECT count(*) AS n FROM file_changes').get().n;
const gates = store.db.prepare('SELECT passes_gate AS g FROM interactions ORDER BY id').all().map((r) => r.g);
console.log(JSON.stringify({
  status: result.status,
  decisions: result.iterations.map((i) => i.decision),
  changedFiles: result.iterations.flatMap((i) => i.changedFiles),
  fileChangeRows: rows,
  gates,
  taskStatus: store.tasks.get(task.id).status,
}));
store.close();
`;

const root = mkdtempSync(join(tmpdir(), 'obra-library-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function runFlow(place: 'inside' | 'outside') {
  const dir = join(root, place);
  const workdir = join(dir, 'project');
  mkdirSync(join(workdir, 'data'), { recursive: true });
  writeFileSync(join(dir, 'flow.mjs'), script);
  const storePath = place === 'inside' ? join(workdir, 'data', 'obra.sqlite') : join(dir, 'obra.sqlite');
  const run = spawnSync(process.execPath, [join(dir, 'flow.mjs'), workdir, storePath], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as {
    status: string;
    decisions: string[];
    changedFiles: string[];
    fileChangeRows: number;
    gates: number[];
    taskStatus: string;
  };
}

describe('a null agent used through the library never completes a task', () => {
  it.each(['inside', 'outside'] as const)('with the store %s the working directory', (place) => {
    const outcome = runFlow(place);
    expect(outcome).toEqual({
      status: 'max_iterations',
      decisions: ['retry', 'retry'],
      changedFiles: [],
      fileChangeRows: 0,
      gates: [0, 0],
      taskStatus: 'failed',
    });
  });
});
