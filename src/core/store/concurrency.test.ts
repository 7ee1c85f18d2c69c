import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION } from './migrations.js';
import { createTempStores, seedSession } from './test-helpers/temp-store.js';

const temp = createTempStores();
const children = new Set<ReturnType<typeof spawn>>();
afterEach(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  children.clear();
  temp.cleanup();
});

const writer = fileURLToPath(new URL('./test-helpers/concurrent-writer.ts', import.meta.url));

/** Runs the writer script in its own Node process; resolves with its exit code and output. */
function runWriter(path: string, label: string, count: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', writer, path, label, String(count)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('concurrent writers on one file', () => {
  it('two processes each record 1,000 interactions at the same time; all 2,000 are there', async () => {
    const path = temp.file();
    const results = await Promise.all([runWriter(path, 'alpha', 1000), runWriter(path, 'beta', 1000)]);
    for (const result of results) {
      expect(result.stderr).not.toContain('database is locked');
      expect(result).toMatchObject({ code: 0 });
    }
    expect(results.map((r) => r.stdout.trim()).sort()).toEqual(['done alpha 1000', 'done beta 1000']);

    const store = temp.open(path);
    expect(store.db.prepare('SELECT COUNT(*) FROM interactions').pluck().get()).toBe(2000);
    const sessions = store.db
      .prepare('SELECT status, interaction_count, input_tokens FROM sessions ORDER BY rowid')
      .all();
    expect(sessions).toEqual([
      { status: 'completed', interaction_count: 1000, input_tokens: 10_000 },
      { status: 'completed', interaction_count: 1000, input_tokens: 10_000 },
    ]);
    expect(store.db.pragma('foreign_key_check')).toEqual([]);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
  }, 60_000);

  it('two stores in one process interleave writes and see each other', () => {
    const path = temp.file();
    const a = temp.open(path);
    const b = temp.open(path);
    const { project, task } = seedSession(a);
    for (let i = 0; i < 50; i++) {
      (i % 2 === 0 ? a : b).tasks.create({ projectId: project.id, title: `t${i}`, dependencies: [task.id] });
    }
    expect(a.tasks.listByProject(project.id)).toHaveLength(51);
    expect(b.tasks.listByProject(project.id)).toHaveLength(51);
  });

  it('a reader holding a snapshot does not block the writer (WAL)', () => {
    const path = temp.file();
    const writerStore = temp.open(path);
    const readerStore = temp.open(path, 100);
    const { project } = seedSession(writerStore);
    readerStore.db.exec('BEGIN');
    expect(readerStore.tasks.listByProject(project.id)).toHaveLength(1);
    writerStore.tasks.create({ projectId: project.id, title: 'while reading' });
    expect(readerStore.tasks.listByProject(project.id)).toHaveLength(1);
    readerStore.db.exec('COMMIT');
    expect(readerStore.tasks.listByProject(project.id)).toHaveLength(2);
  });
});
