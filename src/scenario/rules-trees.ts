import { isAbsolute, join, relative } from 'node:path';
import { hasWildcard } from './glob.js';
import { type PathRef, referencedPaths } from './referenced-paths.js';
import type { RuleContext } from './rule-context.js';
import { isInside } from './rules-paths.js';

/** Entries looked at per referenced folder: a fixture tree bigger than this is not walked further. */
export const MAX_TREE_ENTRIES = 20_000;
/** Escaping entries named per referenced folder. */
const MAX_NAMED = 3;

/**
 * Entries of the tree at `dir` whose real path (symlinks resolved) lies outside `realRoot`, or that are
 * links to a folder containing them (a copy would follow them forever). Walks breadth-first, each real
 * folder once, at most MAX_TREE_ENTRIES entries.
 */
export function escapingEntries(
  dir: string,
  realRoot: string,
  fs: RuleContext['fs'],
): { path: string; target: string; loop: boolean }[] {
  const found: { path: string; target: string; loop: boolean }[] = [];
  const seen = new Set<string>();
  const queue = [dir];
  let entries = 0;
  while (queue.length > 0 && entries < MAX_TREE_ENTRIES) {
    const current = queue.shift() as string;
    const real = fs.realpath(current);
    if (real === undefined || seen.has(real)) continue;
    seen.add(real);
    for (const name of fs.list(current) ?? []) {
      if (++entries > MAX_TREE_ENTRIES) break;
      const path = join(current, name);
      const target = fs.realpath(path);
      if (target === undefined) continue; // a dangling link: nothing to copy
      if (!isInside(realRoot, target)) found.push({ path, target, loop: false });
      else if (fs.kind(path) === 'dir' && isInside(target, real)) found.push({ path, target, loop: true });
      else if (fs.kind(path) === 'dir') queue.push(path);
    }
  }
  return found;
}

/**
 * Folders a scenario copies or reads (workspace, solutions, copy_in, golden baselines and inputs) hold
 * no symlink leading outside the project root: a fixture must not smuggle a host file into the
 * workspace, nor give the agent a path out of it. (Paths that themselves escape: pathsStayInRoot.)
 */
export function fixtureTreesStayInRoot(context: RuleContext): void {
  const realRoot = context.fs.realpath(context.rootDir);
  if (realRoot === undefined) return;
  for (const ref of referencedPaths(context.scenario)) {
    const dir = folderOf(ref);
    if (dir === undefined || context.fs.kind(dir) !== 'dir') continue;
    const real = context.fs.realpath(dir);
    if (real === undefined || !isInside(realRoot, real)) continue; // reported by pathsStayInRoot
    const escaping = escapingEntries(dir, realRoot, context.fs);
    if (escaping.length === 0) continue;
    const named = escaping
      .slice(0, MAX_NAMED)
      .map((e) => `${relative(context.rootDir, e.path)} → ${e.target}${e.loop ? ' (a loop)' : ''}`)
      .join(', ');
    const more = escaping.length > MAX_NAMED ? ` and ${escaping.length - MAX_NAMED} more` : '';
    context.report({
      path: ref.path,
      ...(ref.at ? { at: ref.at } : {}),
      message: `holds a symlink leading outside the project root or looping back into its own folder: ${named}${more}`,
      value: ref.ref.written,
      hint: 'replace the link by the file itself; fixtures are copied into every attempt workspace',
    });
  }
}

/** The folder to walk for a reference: a glob's folder, or the path itself (files are not walked). */
function folderOf(ref: PathRef): string | undefined {
  if (ref.glob) return hasWildcard(ref.ref.path) ? join(ref.ref.path, '..') : undefined;
  return ref.expect === 'file' ? undefined : ref.ref.path;
}

const escapesWorkspace = (name: string): boolean =>
  isAbsolute(name) || /^[A-Za-z]:/.test(name) || name.split(/[\\/]/).includes('..');

/** Reference solution files are written inside the workspace: relative paths without "..". */
export function solutionFilesStayInWorkspace({ scenario, report }: RuleContext): void {
  const problem = {
    message: 'must be a path inside the workspace (relative, without "..")',
    hint: 'solution files are written into the attempt workspace, e.g. src/calculator.py',
  };
  for (const name of Object.keys(scenario.solution?.files ?? {})) {
    if (escapesWorkspace(name)) report({ path: ['solution', 'files', name], value: name, ...problem });
  }
  for (const task of scenario.tasks) {
    for (const name of Object.keys(task.solution?.files ?? {})) {
      if (escapesWorkspace(name))
        report({ path: `${task.source}.solution.files`, at: task.location, value: name, ...problem });
    }
  }
}
