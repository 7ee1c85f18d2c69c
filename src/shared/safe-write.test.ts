import { spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from './errors.js';
import { type OwnedFileKind, refusalToWrite, writeFileAtomic } from './safe-write.js';

const kind: OwnedFileKind = {
  what: 'a test file',
  marker: '"mark": 1',
  isOurs: (head) => head.startsWith('{"mark":1'),
};

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'obra-safe-write-'));
  dirs.push(dir);
  return dir;
}

describe('refusalToWrite (may obra-validate write a file of this kind here?)', () => {
  const file = (name: string, text: string) => (d: string) => writeFileSync(join(d, name), text);
  const none = () => {};
  it.each([
    ['a new path', none, 'new.json', undefined],
    ['a new path in new folders', none, 'a/b/new.json', undefined],
    ['a file carrying the marker', file('f', '{"mark":1}'), 'f', undefined],
    ['the empty path', none, '', /is empty/],
    ['a file without the marker', file('f', 'mine'), 'f', /Delete it/],
    ['an empty file', file('f', ''), 'f', /is not a test file/],
    ['a directory', (d: string) => mkdirSync(join(d, 'sub')), 'sub', /is a directory/],
    [
      'a link to a marked file',
      (d: string) => {
        writeFileSync(join(d, 't'), '{"mark":1}');
        symlinkSync(join(d, 't'), join(d, 'l'));
      },
      'l',
      /symbolic link/,
    ],
    ['a dangling link', (d: string) => symlinkSync(join(d, 'nowhere'), join(d, 'l')), 'l', /symbolic link/],
    ['below a file', file('f', 'x'), 'f/new.json', /a folder on its path is a file/],
  ] as const)('%s', (_name, setup, given, expected) => {
    const dir = temp();
    setup(dir);
    const path = given.startsWith('/') || given === '' ? given : join(dir, given);
    const refusal = refusalToWrite(path, kind);
    if (expected === undefined) expect(refusal).toBeUndefined();
    else expect(refusal).toMatch(expected);
  });
});

describe('writeFileAtomic', () => {
  it('replaces a marked file and leaves no temporary file', () => {
    const dir = temp();
    writeFileSync(join(dir, 'f'), '{"mark":1,"old":true}');
    writeFileAtomic(join(dir, 'f'), '{"mark":1,"new":true}', kind);
    expect(readFileSync(join(dir, 'f'), 'utf8')).toBe('{"mark":1,"new":true}');
    expect(readdirSync(dir)).toEqual(['f']);
  });

  it('refuses a file without the marker and leaves it as it was', () => {
    const dir = temp();
    writeFileSync(join(dir, 'f'), 'precious');
    expect(() => writeFileAtomic(join(dir, 'f'), '{"mark":1}', kind)).toThrow(UserError);
    expect(readFileSync(join(dir, 'f'), 'utf8')).toBe('precious');
    expect(readdirSync(dir)).toEqual(['f']);
  });

  it('never writes through a link: the link target stays as it was', () => {
    const dir = temp();
    writeFileSync(join(dir, 'target'), '{"mark":1}');
    symlinkSync(join(dir, 'target'), join(dir, 'link'));
    expect(() => writeFileAtomic(join(dir, 'link'), '{"mark":1,"new":true}', kind)).toThrow(/symbolic link/);
    expect(readFileSync(join(dir, 'target'), 'utf8')).toBe('{"mark":1}');
  });

  it('creates missing folders', () => {
    const dir = temp();
    writeFileAtomic(join(dir, 'a', 'b', 'f'), 'text', kind);
    expect(readFileSync(join(dir, 'a', 'b', 'f'), 'utf8')).toBe('text');
  });
});

describe('streams the user names', () => {
  it('a character device and a FIFO are written to as streams, never replaced', () => {
    const kind = { what: 'a test file', marker: 'X', isOurs: () => false };
    expect(refusalToWrite('/dev/null', kind)).toBeUndefined();
    writeFileAtomic('/dev/null', 'nothing to keep', kind);
    const dir = temp();
    const fifo = join(dir, 'out.fifo');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return;
    expect(refusalToWrite(fifo, kind)).toBeUndefined();
    // A link to a stream (as /dev/stdout is) is a stream too.
    symlinkSync(fifo, join(dir, 'link'));
    expect(refusalToWrite(join(dir, 'link'), kind)).toBeUndefined();
  });
});
