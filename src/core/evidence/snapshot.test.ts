import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { snapshotWorkspace } from './snapshot.js';
import { diffSnapshots } from './test-helpers/diff-snapshots.js';

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

  it('tolerates files and folders vanishing mid-walk while another process writes (tmp + rename)', async () => {
    const dir = workspace();
    // Many files, so that listing a folder and reading its entries are far enough apart in time.
    for (let i = 0; i < 1000; i++) writeFileSync(join(dir, `static_${i}.txt`), `${i}`);
    // A real concurrent writer, as a second agent in the same workspace: temp files renamed into
    // place and scratch folders removed, as fast as it can, until told to stop.
    const writer = spawn(
      process.execPath,
      [
        '-e',
        `const fs = require('node:fs'); const path = require('node:path'); const dir = process.argv[1];
         let i = 0; const end = Date.now() + 20000;
         while (Date.now() < end && !fs.existsSync(path.join(dir, 'STOP'))) {
           const tmp = path.join(dir, 'out_' + (i % 20) + '.txt.tmp.' + i);
           fs.writeFileSync(tmp, 'x'.repeat(i % 100)); fs.renameSync(tmp, path.join(dir, 'out_' + (i % 20) + '.txt'));
           const scratch = path.join(dir, 'scratch' + i); fs.mkdirSync(scratch); fs.writeFileSync(path.join(scratch, 'f'), 'y');
           fs.rmSync(scratch, { recursive: true }); i++;
         }`,
        dir,
      ],
      { stdio: 'ignore' },
    );
    const exited = new Promise((resolve) => writer.on('exit', resolve));
    try {
      let snapshots = 0;
      let previous = snapshotWorkspace(dir, []);
      for (let round = 0; round < 30; round++) {
        previous = snapshotWorkspace(dir, [], previous);
        snapshots++;
        if (round % 5 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      expect(snapshots).toBe(30);
    } finally {
      writeFileSync(join(dir, 'STOP'), '');
      await exited;
    }
    const final = [...snapshotWorkspace(dir, ['STOP']).keys()];
    expect(final.every((path) => /^(out|static)_\d+\.txt$/.test(path))).toBe(true);
  });
});
