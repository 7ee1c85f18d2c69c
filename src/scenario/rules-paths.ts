import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { expandGlob, hasWildcard } from './glob.js';
import { type PathRef, referencedPaths } from './referenced-paths.js';
import type { RuleContext } from './rule-context.js';

/** True when `path` is `root` or inside it (both absolute, normalized). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

/** The part of a reference that must exist: a glob's folder, otherwise the path itself. */
function existingPart(ref: PathRef): string {
  return ref.glob && hasWildcard(ref.ref.path) ? dirname(ref.ref.path) : ref.ref.path;
}

function escapes(ref: PathRef, context: RuleContext): string | undefined {
  const path = existingPart(ref);
  if (!isInside(context.rootDir, path)) return `resolves outside the project root (${context.rootDir})`;
  const real = context.fs.realpath(path);
  const realRoot = context.fs.realpath(context.rootDir);
  if (real !== undefined && realRoot !== undefined && !isInside(realRoot, real)) {
    return `leads outside the project root through a symlink (to ${real})`;
  }
  return undefined;
}

/** Paths (cassette, workspace, solution, copy_in, baselines, inputs) stay inside the project root. */
export function pathsStayInRoot(context: RuleContext): void {
  for (const ref of referencedPaths(context.scenario)) {
    const reason = escapes(ref, context);
    if (reason !== undefined) {
      context.report({
        path: ref.path,
        ...(ref.at ? { at: ref.at } : {}),
        message: reason,
        value: ref.ref.written,
        hint: 'paths are relative to the project root; keep fixtures inside it',
      });
    }
  }
}

/** Referenced files and folders exist and are of the right kind (paths outside the root are skipped). */
export function referencedPathsExist(context: RuleContext): void {
  for (const ref of referencedPaths(context.scenario)) {
    if (escapes(ref, context) !== undefined) continue;
    const path = existingPart(ref);
    if (ref.glob && hasWildcard(path)) continue; // goldenInputsMatch reports wildcards in folder names
    const expect = ref.glob && path !== ref.ref.path ? 'dir' : ref.expect;
    const kind = context.fs.kind(path);
    const where = { path: ref.path, ...(ref.at ? { at: ref.at } : {}), value: ref.ref.written };
    if (kind === undefined) {
      context.report({
        ...where,
        message: `does not exist (looked for ${path})`,
        hint: missingHint(ref, context),
      });
    } else if (expect !== 'any' && kind !== expect) {
      const noun = expect === 'dir' ? 'a folder' : 'a file';
      context.report({ ...where, message: `must be ${noun}, but ${path} is not` });
    }
  }
}

/** "Did you mean" the same path taken from the scenario's folder, when that exists. */
function missingHint(ref: PathRef, context: RuleContext): string {
  const fromScenario = resolve(dirname(context.scenario.file), ref.ref.written);
  const candidate = existingPart({ ...ref, ref: { ...ref.ref, path: fromScenario } });
  if (isInside(context.rootDir, fromScenario) && context.fs.kind(candidate) !== undefined) {
    return `paths are relative to the project root, not to the scenario file: Did you mean "${relative(context.rootDir, fromScenario)}"?`;
  }
  return 'paths are relative to the project root (normally the current folder), not to the scenario file';
}

/** Golden input patterns match at least one file, with wildcards in the file name only. */
export function goldenInputsMatch(context: RuleContext): void {
  for (const ref of referencedPaths(context.scenario)) {
    if (!ref.glob || !hasWildcard(ref.ref.path) || escapes(ref, context) !== undefined) continue;
    if (hasWildcard(dirname(ref.ref.path))) {
      context.report({
        path: ref.path,
        message: 'may use wildcards only in the file name',
        value: ref.ref.written,
        hint: 'e.g. fixtures/csv/*.csv',
      });
    } else if (
      context.fs.kind(dirname(ref.ref.path)) === 'dir' &&
      expandGlob(ref.ref.path, context.fs).length === 0
    ) {
      context.report({ path: ref.path, message: 'matches no file', value: ref.ref.written });
    }
  }
}

/** File checks name a path inside the attempt's workspace: relative, without `..`. */
export function filePathsStayInWorkspace({ scenario, report }: RuleContext): void {
  for (const check of scenario.checks) {
    if (check.kind !== 'file') continue;
    const segments = check.path.split(/[\\/]/);
    if (isAbsolute(check.path) || /^[A-Za-z]:/.test(check.path) || segments.includes('..')) {
      report({
        path: ['checks', check.index, 'file'],
        message: 'must be a path inside the workspace (relative, without "..")',
        value: check.path,
        hint: 'file checks look at the attempt workspace, e.g. src/calculator.py',
      });
    }
  }
}
