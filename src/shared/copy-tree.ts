import { cpSync, lstatSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative } from 'node:path';
import { UserError } from './errors.js';

/** A file to copy leads outside the folder it may come from, or loops (a symlink in a fixture tree). */
export class UnsafePathError extends UserError {
  constructor(
    readonly path: string,
    readonly target: string,
    readonly root: string,
    readonly loop = false,
  ) {
    super(
      loop
        ? `${path} is a symlink to ${target}, a folder that contains it (a loop); it was not copied. Remove the link.`
        : `${path} leads outside the project root ${root} (a symlink to ${target}); it was not copied. Replace the link by the file itself.`,
      'OBRA_UNSAFE_PATH',
    );
  }
}

const inside = (root: string, path: string) => {
  const rel = relative(root, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith('../'));
};

/**
 * Copies a file or folder like `cp -R`, with symlinks replaced by what they point to (so the copy never
 * links back into the project), refusing any entry whose real path lies outside `root`, and any link
 * to a folder that contains it (a loop the copy would follow forever): an UnsafePathError names it, and
 * nothing after it is copied.
 */
export function copyInside(source: string, dest: string, root: string): void {
  const realRoot = realpathSync(root);
  cpSync(source, dest, {
    recursive: true,
    force: true,
    dereference: true,
    filter: (from) => {
      let real: string;
      try {
        real = realpathSync(from);
      } catch {
        return false; // a dangling link: nothing to copy
      }
      if (!inside(realRoot, real)) throw new UnsafePathError(from, real, realRoot);
      if (lstatSync(from).isSymbolicLink() && inside(real, realpathSync(dirname(from)))) {
        throw new UnsafePathError(from, real, realRoot, true);
      }
      return true;
    },
  });
}
