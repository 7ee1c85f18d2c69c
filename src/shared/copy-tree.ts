import { cpSync, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative } from 'node:path';
import { UserError } from './errors.js';

/**
 * Why a path is unsafe: a file to copy leads outside the folder it may come from (`outside`), or loops
 * (`loop`: a symlink in a fixture tree to a folder that contains it); or a file would be written
 * through a symlink at the destination (`link-at-destination`), which could lead anywhere.
 */
export type UnsafePathKind = 'outside' | 'loop' | 'link-at-destination';

export class UnsafePathError extends UserError {
  constructor(
    readonly path: string,
    readonly target: string,
    readonly root: string,
    readonly kind: UnsafePathKind = 'outside',
  ) {
    super(unsafeMessage(path, target, root, kind), 'OBRA_UNSAFE_PATH');
  }
}

function unsafeMessage(path: string, target: string, root: string, kind: UnsafePathKind): string {
  switch (kind) {
    case 'outside':
      return `${path} leads outside the project root ${root} (a symlink to ${target}); it was not copied. Replace the link by the file itself.`;
    case 'loop':
      return `${path} is a symlink to ${target}, a folder that contains it (a loop); it was not copied. Remove the link.`;
    case 'link-at-destination':
      return `${path} is a symlink (to ${target}) in ${root}; nothing is written through a link, so nothing was written there. Remove the link, or write to another path.`;
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
 * nothing after it is copied. With `refuseLinksAtDest`, a symlink already at a destination path is
 * refused too (the copy would write through it); a fresh destination holds none.
 */
export function copyInside(
  source: string,
  dest: string,
  root: string,
  options: { refuseLinksAtDest?: boolean } = {},
): void {
  const realRoot = realpathSync(root);
  cpSync(source, dest, {
    recursive: true,
    force: true,
    dereference: true,
    filter: (from, to) => {
      // A folder or file at the destination that is a link would be written through (cp follows it).
      if (options.refuseLinksAtDest) {
        const link = linkAt(to);
        if (link !== undefined) throw new UnsafePathError(to, link, dest, 'link-at-destination');
      }
      let real: string;
      try {
        real = realpathSync(from);
      } catch {
        return false; // a dangling link: nothing to copy
      }
      if (!inside(realRoot, real)) throw new UnsafePathError(from, real, realRoot);
      if (lstatSync(from).isSymbolicLink() && inside(real, realpathSync(dirname(from)))) {
        throw new UnsafePathError(from, real, realRoot, 'loop');
      }
      return true;
    },
  });
}

/** Where the link at `path` points, or undefined when `path` is not a symlink (or does not exist). */
function linkAt(path: string): string | undefined {
  try {
    return lstatSync(path).isSymbolicLink() ? readlinkSync(path) : undefined;
  } catch {
    return undefined;
  }
}
