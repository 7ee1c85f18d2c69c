import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDirs } from './make-dirs.js';

const root = mkdtempSync(join(tmpdir(), 'obra-make-dirs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('makeDirs', () => {
  it('creates every missing level, and does nothing when the folder exists', () => {
    const deep = join(root, 'a', 'b', 'c');
    makeDirs(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    makeDirs(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
  });

  it('a file where a folder is needed is an error naming it', () => {
    writeFileSync(join(root, 'file'), 'x');
    expect(() => makeDirs(join(root, 'file'))).toThrow(/EEXIST/);
    expect(() => makeDirs(join(root, 'file', 'sub'))).toThrow(/ENOTDIR/);
  });

  it.skipIf(process.platform !== 'linux')('a folder under /proc is an error, not an endless loop', () => {
    expect(() => makeDirs('/proc/obra-validate-no-such-folder/sub')).toThrow(/ENOENT/);
  });
});
