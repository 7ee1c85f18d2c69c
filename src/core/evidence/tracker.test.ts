import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTrackerPool } from './pool.js';
import { snapshotWorkspace } from './snapshot.js';
import { diffSnapshots } from './test-helpers/diff-snapshots.js';
import { createWorkspaceTracker, type WorkspaceTracker } from './tracker.js';

const dirs: string[] = [];
const trackers: WorkspaceTracker[] = [];
afterEach(() => {
  for (const t of trackers.splice(0)) t.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function workspace(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'obra-tracker-test-'));
  dirs.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}
function track(dir: string, mode: 'watch' | 'walk'): WorkspaceTracker {
  const tracker = createWorkspaceTracker(dir, { ignore: ['.git', 'node_modules'], mode });
  trackers.push(tracker);
  return tracker;
}
const brief = (changes: { path: string; changeType: string }[]) => changes.map((c) => [c.path, c.changeType]);

// Each case changes a workspace between two marks; both modes must report what a full walk reports.
const cases: {
  name: string;
  files: Record<string, string>;
  act: (dir: string) => void;
  expected: [string, string][];
}[] = [
  {
    name: 'created, modified and deleted files; ignored folders skipped',
    files: { 'keep.txt': 'same', 'edit.txt': 'v1', 'gone.txt': 'bye', '.git/HEAD': 'ref' },
    act: (dir) => {
      writeFileSync(join(dir, 'edit.txt'), 'v2 longer');
      unlinkSync(join(dir, 'gone.txt'));
      writeFileSync(join(dir, '.git', 'HEAD'), 'other');
      mkdirSync(join(dir, 'node_modules', 'x'), { recursive: true });
      writeFileSync(join(dir, 'node_modules', 'x', 'index.js'), '1');
    },
    expected: [
      ['edit.txt', 'modified'],
      ['gone.txt', 'deleted'],
    ],
  },
  {
    name: 'a new folder tree with files in it (written before the tracker could watch it)',
    files: {},
    act: (dir) => {
      mkdirSync(join(dir, 'src', 'lib'), { recursive: true });
      writeFileSync(join(dir, 'src', 'main.py'), 'print(1)');
      writeFileSync(join(dir, 'src', 'lib', 'util.py'), 'x = 1');
    },
    expected: [
      ['src/lib/util.py', 'created'],
      ['src/main.py', 'created'],
    ],
  },
  {
    name: 'a folder removed with its files',
    files: { 'old/a.txt': 'a', 'old/deep/b.txt': 'b', 'stay.txt': 's' },
    act: (dir) => rmSync(join(dir, 'old'), { recursive: true }),
    expected: [
      ['old/a.txt', 'deleted'],
      ['old/deep/b.txt', 'deleted'],
    ],
  },
  {
    name: 'a rename is a deletion and a creation',
    files: { 'a.txt': 'content' },
    act: (dir) => renameSync(join(dir, 'a.txt'), join(dir, 'b.txt')),
    expected: [
      ['a.txt', 'deleted'],
      ['b.txt', 'created'],
    ],
  },
  {
    name: 'a same-size rewrite in place',
    files: { 'a.txt': 'aaaa' },
    act: (dir) => writeFileSync(join(dir, 'a.txt'), 'bbbb'),
    expected: [['a.txt', 'modified']],
  },
  {
    name: 'a file changed and changed back is no change; a file created and removed is none either',
    files: { 'a.txt': 'one' },
    act: (dir) => {
      writeFileSync(join(dir, 'a.txt'), 'two');
      writeFileSync(join(dir, 'a.txt'), 'one');
      writeFileSync(join(dir, 'tmp.txt'), 'x');
      unlinkSync(join(dir, 'tmp.txt'));
    },
    expected: [],
  },
  {
    name: 'a file replaced by a folder',
    files: { thing: 'file' },
    act: (dir) => {
      unlinkSync(join(dir, 'thing'));
      mkdirSync(join(dir, 'thing'));
      writeFileSync(join(dir, 'thing', 'inside.txt'), 'x');
    },
    expected: [
      ['thing', 'deleted'],
      ['thing/inside.txt', 'created'],
    ],
  },
  {
    name: 'changes made by another process (like an agent) in a subfolder',
    files: { 'sub/a.txt': 'a' },
    act: (dir) => {
      const result = spawnSync('sh', ['-c', 'echo b > sub/b.txt && echo changed > sub/a.txt'], { cwd: dir });
      expect(result.status).toBe(0);
    },
    expected: [
      ['sub/a.txt', 'modified'],
      ['sub/b.txt', 'created'],
    ],
  },
];

describe.each(['watch', 'walk'] as const)('workspace tracker (%s mode)', (mode) => {
  it.each(cases)('$name', async ({ files, act, expected }) => {
    const dir = workspace(files);
    const tracker = track(dir, mode);
    const before = snapshotWorkspace(dir, ['.git', 'node_modules']);
    const mark = await tracker.mark();
    act(dir);
    const { changes } = await tracker.advance(mark);
    expect(brief(changes)).toEqual(expected);
    // The same answer as a full walk of the workspace.
    expect(changes).toEqual(diffSnapshots(before, snapshotWorkspace(dir, ['.git', 'node_modules'], before)));
    expect(tracker.mode()).toBe(mode);
  });

  it('never reports an excluded path (a store and its companions, a log folder) wherever it is', async () => {
    const dir = workspace({ 'data/obra.sqlite': 'db', 'keep.txt': 'k' });
    const exclude = ['', '-wal', '-shm', '-journal'].map((s) => join(dir, 'data', `obra.sqlite${s}`));
    const tracker = createWorkspaceTracker(dir, {
      ignore: [],
      mode,
      exclude: [...exclude, join(dir, 'logs'), join(dir, '..', 'elsewhere')],
    });
    trackers.push(tracker);
    const mark = await tracker.mark();
    writeFileSync(join(dir, 'data', 'obra.sqlite'), 'db grown');
    writeFileSync(join(dir, 'data', 'obra.sqlite-wal'), 'wal');
    writeFileSync(join(dir, 'data', 'obra.sqlite-shm'), 'shm');
    mkdirSync(join(dir, 'logs', 'deep'), { recursive: true });
    writeFileSync(join(dir, 'logs', 'deep', 'call.log'), 'log');
    writeFileSync(join(dir, 'data', 'obra.sqlite-wal2'), 'not a companion: work');
    writeFileSync(join(dir, 'keep.txt'), 'changed');
    const { changes } = await tracker.advance(mark);
    expect(brief(changes)).toEqual([
      ['data/obra.sqlite-wal2', 'created'],
      ['keep.txt', 'modified'],
    ]);
  });

  it('counts each iteration from the mark the previous one returned', async () => {
    const dir = workspace();
    const tracker = track(dir, mode);
    let mark = await tracker.mark();
    writeFileSync(join(dir, 'one.txt'), '1');
    const first = await tracker.advance(mark);
    mark = first.mark;
    writeFileSync(join(dir, 'two.txt'), '2');
    const second = await tracker.advance(mark);
    expect(brief(first.changes)).toEqual([['one.txt', 'created']]);
    expect(brief(second.changes)).toEqual([['two.txt', 'created']]);
    const third = await tracker.advance(second.mark);
    expect(third.changes).toEqual([]);
  });

  it('gives overlapping marks (concurrent tasks) everything since their own mark', async () => {
    const dir = workspace();
    const tracker = track(dir, mode);
    const early = await tracker.mark();
    writeFileSync(join(dir, 'a.txt'), 'a');
    const late = await tracker.mark();
    writeFileSync(join(dir, 'b.txt'), 'b');
    expect(brief((await tracker.advance(late)).changes)).toEqual([['b.txt', 'created']]);
    expect(brief((await tracker.advance(early)).changes)).toEqual([
      ['a.txt', 'created'],
      ['b.txt', 'created'],
    ]);
  });
});

describe('workspace tracker: lifecycle', () => {
  it('a blocked event loop does not make the barrier time out when its event is already queued', async () => {
    const dir = workspace();
    const tracker = createWorkspaceTracker(dir, { ignore: [], barrierTimeoutMs: 20 });
    trackers.push(tracker);
    const mark = await tracker.mark();
    writeFileSync(join(dir, 'a.txt'), 'a');
    // From the check phase (as after an I/O callback in a run), so the loop's next turn runs its timers
    // before it polls: the barrier's timer is due by then and its event is queued too.
    const advancing = await new Promise<ReturnType<WorkspaceTracker['advance']>>((resolve) =>
      setImmediate(() => {
        const pending = tracker.advance(mark); // renames the barrier file now, then waits for its event
        const until = performance.now() + 150;
        while (performance.now() < until) {
          // A synchronous stretch past the timeout.
        }
        resolve(pending);
      }),
    );
    const { changes } = await advancing;
    expect(tracker.fallbackReason()).toBeUndefined();
    expect(tracker.mode()).toBe('watch');
    expect(brief(changes)).toEqual([['a.txt', 'created']]);
  });

  it('leaves no temporary directory behind once closed', async () => {
    const before = readdirSync(tmpdir()).filter((n) => n.startsWith('obra-evidence-'));
    const tracker = createWorkspaceTracker(workspace(), { ignore: [], mode: 'watch' });
    await tracker.mark();
    tracker.close();
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith('obra-evidence-'))).toEqual(before);
  });

  it('refuses to work after close, with a message naming the workspace', async () => {
    const dir = workspace();
    const tracker = createWorkspaceTracker(dir, { ignore: [], mode: 'watch' });
    tracker.close();
    await expect(tracker.mark()).rejects.toThrow(`workspace tracker of ${dir} is closed`);
  });

  it('a pool shares one tracker per workspace and closes it when the last user releases it', async () => {
    const pool = createTrackerPool({ ignore: [] });
    const dir = workspace();
    const a = pool.acquire(dir);
    const b = pool.acquire(dir);
    expect(b).toBe(a);
    expect(pool.acquire(workspace())).not.toBe(a);
    pool.release(a);
    await expect(b.mark()).resolves.toBeDefined();
    pool.release(b);
    await expect(a.mark()).rejects.toThrow(/closed/);
    expect(pool.acquire(dir)).not.toBe(a);
  });
});
