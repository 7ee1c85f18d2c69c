import { mkdirSync, mkdtempSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { diffSnapshots, snapshotWorkspace } from './snapshot.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'obra-evidence-'));
  dirs.push(dir);
  return dir;
}

describe('workspace evidence', () => {
  it('finds created, modified and deleted files and ignores the ignore list', () => {
    const dir = workspace();
    writeFileSync(join(dir, 'keep.txt'), 'same');
    writeFileSync(join(dir, 'edit.txt'), 'v1');
    writeFileSync(join(dir, 'gone.txt'), 'bye');
    mkdirSync(join(dir, '.git'));
    const before = snapshotWorkspace(dir, ['.git']);
    writeFileSync(join(dir, 'edit.txt'), 'v2 longer');
    unlinkSync(join(dir, 'gone.txt'));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'new.py'), 'print(1)');
    writeFileSync(join(dir, '.git', 'HEAD'), 'ref');
    const after = snapshotWorkspace(dir, ['.git'], before);
    expect(diffSnapshots(before, after).map((c) => [c.path, c.changeType])).toEqual([
      ['edit.txt', 'modified'],
      ['gone.txt', 'deleted'],
      ['src/new.py', 'created'],
    ]);
  });

  it('sees a same-size rewrite when the mtime moves, and nothing when nothing changed', () => {
    const dir = workspace();
    const file = join(dir, 'a.txt');
    writeFileSync(file, 'aaaa');
    utimesSync(file, 1000, 1000);
    const before = snapshotWorkspace(dir, []);
    expect(diffSnapshots(before, snapshotWorkspace(dir, [], before))).toEqual([]);
    writeFileSync(file, 'bbbb');
    utimesSync(file, 2000, 2000);
    const after = snapshotWorkspace(dir, [], before);
    expect(diffSnapshots(before, after)).toEqual([
      expect.objectContaining({ path: 'a.txt', changeType: 'modified' }),
    ]);
  });
});
