import {
  existsSync,
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
import { UnsafePathError } from '../../shared/index.js';
import { applySolution } from './solution-files.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** <tmp>/project/{solution, inner-target/kept.txt}, <tmp>/outside/secret.txt, <tmp>/ws. */
function layout() {
  const base = mkdtempSync(join(tmpdir(), 'obra-solution-'));
  dirs.push(base);
  const project = join(base, 'project');
  mkdirSync(join(project, 'solution'), { recursive: true });
  mkdirSync(join(project, 'inner-target'));
  writeFileSync(join(project, 'inner-target', 'kept.txt'), 'kept');
  mkdirSync(join(base, 'outside'));
  writeFileSync(join(base, 'outside', 'secret.txt'), 'secret');
  mkdirSync(join(base, 'ws'));
  return { base, project, solution: join(project, 'solution'), ws: join(base, 'ws') };
}

describe('applySolution (the oracle writes only inside the workspace)', () => {
  it('copies a link to a folder of the project as that folder, and a file "through" it lands in the workspace', () => {
    const { project, solution, ws } = layout();
    symlinkSync('../inner-target', join(solution, 'ld'));
    const written = applySolution({ dir: solution, files: { 'ld/x.txt': 'x' } }, ws, project);
    expect(written).toEqual([`${solution}/`, 'ld/x.txt']);
    expect(readFileSync(join(ws, 'ld', 'x.txt'), 'utf8')).toBe('x');
    expect(readFileSync(join(ws, 'ld', 'kept.txt'), 'utf8')).toBe('kept');
    expect(readdirSync(join(project, 'inner-target'))).toEqual(['kept.txt']);
  });

  it('refuses a link in the solution dir leading outside the link root (default: the solution dir)', () => {
    const { project, solution, ws } = layout();
    symlinkSync('../inner-target', join(solution, 'ld'));
    expect(() => applySolution({ dir: solution }, ws, undefined)).toThrow(UnsafePathError);
    symlinkSync('../../outside', join(solution, 'out'));
    expect(() => applySolution({ dir: solution }, ws, project)).toThrow(/leads outside the project root/);
  });

  it.each([
    ['a folder on the way', 'out/x.txt', 'out'],
    ['the file itself', 'secret.txt', 'secret.txt'],
  ])('never writes a solution file through a link in the workspace: %s', (_, file, link) => {
    const { base, ws } = layout();
    symlinkSync(link === 'out' ? join(base, 'outside') : join(base, 'outside', 'secret.txt'), join(ws, link));
    expect(() => applySolution({ files: { [file]: 'overwritten' } }, ws, undefined)).toThrow(
      new RegExp(`${join(ws, link)} is a symlink \\(to .*\\) in ${ws}; nothing is written through a link`),
    );
    expect(readFileSync(join(base, 'outside', 'secret.txt'), 'utf8')).toBe('secret');
    expect(existsSync(join(base, 'outside', 'x.txt'))).toBe(false);
  });

  it('never copies a solution dir through a link in the workspace', () => {
    const { base, project, solution, ws } = layout();
    mkdirSync(join(solution, 'out'));
    writeFileSync(join(solution, 'out', 'y.txt'), 'y');
    symlinkSync(join(base, 'outside'), join(ws, 'out'));
    expect(() => applySolution({ dir: solution }, ws, project)).toThrow(/nothing is written through a link/);
    expect(readdirSync(join(base, 'outside'))).toEqual(['secret.txt']);
  });

  it('refuses a solution file outside the workspace', () => {
    const { ws } = layout();
    expect(() => applySolution({ files: { '../escape.txt': 'x' } }, ws, undefined)).toThrow(
      /resolves outside the workspace/,
    );
  });
});
