import { lstatSync, mkdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { copyInside, UnsafePathError } from '../../shared/index.js';

/** A reference solution for one task: a folder copied into the workspace and/or files written. */
export interface TaskSolution {
  dir?: string;
  files?: Record<string, string>;
}

/**
 * Applies a reference solution to a workspace and returns what it wrote. The solution dir is copied
 * as the workspace is: links are replaced by what they point to, and a link leading outside
 * `linkRoot` is refused (UnsafePathError). Nothing is written through a link already in the
 * workspace: a file whose way holds one is refused too (issue 28: `ld -> ../inner-target` in a
 * solution dir once made the oracle write into the user's project).
 */
export function applySolution(
  solution: TaskSolution,
  workspace: string,
  linkRoot: string | undefined,
): string[] {
  const written: string[] = [];
  if (solution.dir) {
    copyInside(solution.dir, workspace, linkRoot ?? solution.dir, { refuseLinksAtDest: true });
    written.push(`${solution.dir}/`);
  }
  for (const [path, content] of Object.entries(solution.files ?? {})) {
    writeSolutionFile(workspace, path, content);
    written.push(path);
  }
  return written;
}

function writeSolutionFile(workspace: string, path: string, content: string): void {
  const target = resolve(workspace, path);
  const rel = relative(workspace, target);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new Error(`oracle agent: solution file "${path}" resolves outside the workspace`);
  }
  const link = linkOnTheWay(workspace, rel);
  if (link !== undefined) throw new UnsafePathError(link.path, link.target, workspace, 'link-at-destination');
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content);
}

/** The first symlink among the existing folders and file of `rel` under `base`. */
function linkOnTheWay(base: string, rel: string): { path: string; target: string } | undefined {
  let here = base;
  for (const part of rel.split(sep)) {
    here = join(here, part);
    let isLink: boolean;
    try {
      isLink = lstatSync(here).isSymbolicLink();
    } catch {
      return undefined; // missing: nothing below it exists either
    }
    if (isLink) return { path: here, target: readlinkSync(here) };
  }
  return undefined;
}
