import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyInside, UnsafePathError } from './copy-tree.js';
import { UserError } from './errors.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** <tmp>/root/fixture (a tree to copy), <tmp>/outside/secret.txt, <tmp>/root/ws (the destination). */
function layout() {
  const base = mkdtempSync(join(tmpdir(), 'obra-copy-'));
  dirs.push(base);
  const root = join(base, 'root');
  const fixture = join(root, 'fixture');
  mkdirSync(join(fixture, 'sub'), { recursive: true });
  mkdirSync(join(base, 'outside'));
  writeFileSync(join(base, 'outside', 'secret.txt'), 'host secret');
  writeFileSync(join(fixture, 'a.txt'), 'a');
  writeFileSync(join(root, 'shared.txt'), 'shared');
  return { base, root, fixture, ws: join(root, 'ws') };
}

describe('copyInside (copy-time guard for fixture trees)', () => {
  it('copies a tree; a link inside the root is copied as its content, not as a link back', () => {
    const { root, fixture, ws } = layout();
    symlinkSync(join(root, 'shared.txt'), join(fixture, 'sub', 'link.txt'));
    copyInside(fixture, ws, root);
    expect(readFileSync(join(ws, 'a.txt'), 'utf8')).toBe('a');
    expect(readFileSync(join(ws, 'sub', 'link.txt'), 'utf8')).toBe('shared');
    expect(lstatSync(join(ws, 'sub', 'link.txt')).isSymbolicLink()).toBe(false);
  });

  it.each([
    ['a file link', (base: string) => join(base, 'outside', 'secret.txt')],
    ['a folder link', (base: string) => join(base, 'outside')],
    ['a relative link', () => '../../../outside/secret.txt'],
  ])('refuses %s leading outside the root (UnsafePathError, a UserError)', (_name, target) => {
    const { base, root, fixture, ws } = layout();
    symlinkSync(target(base), join(fixture, 'sub', 'evil'));
    let error: unknown;
    try {
      copyInside(fixture, ws, root);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnsafePathError);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(
      /sub\/evil leads outside the project root .* \(a symlink to .*outside/,
    );
    expect(existsSync(join(ws, 'sub', 'evil'))).toBe(false);
  });

  it('refuses a link to a folder that contains it (a loop) instead of copying forever', () => {
    const { root, fixture, ws } = layout();
    symlinkSync('..', join(fixture, 'sub', 'loop'));
    expect(() => copyInside(fixture, ws, root)).toThrow(
      /sub\/loop is a symlink to .*fixture, a folder that contains it/,
    );
  });

  it('skips a dangling link', () => {
    const { root, fixture, ws } = layout();
    symlinkSync(join(fixture, 'missing'), join(fixture, 'dangling'));
    copyInside(fixture, ws, root);
    expect(existsSync(join(ws, 'a.txt'))).toBe(true);
    expect(existsSync(join(ws, 'dangling'))).toBe(false);
  });
});
