import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface FileStamp {
  size: number;
  mtimeMs: number;
  sha256: string;
}

/** Relative path (with "/") → stamp, for every regular file of a workspace. */
export type WorkspaceSnapshot = ReadonlyMap<string, FileStamp>;

/**
 * Hashes every file of `dir` (skipping `ignore` names at any depth and the `excluded` relative paths). A file whose size and mtime match
 * the `previous` snapshot keeps its hash without being read again, so repeated snapshots of a large
 * workspace cost one stat per file.
 *
 * Other agents may write the same workspace at the same time (tasks run concurrently): a file or folder
 * that disappears between listing and reading (an editor's `x.tmp.123` renamed into place) was simply
 * not there at that moment and is left out. Any other error (permissions, IO) is thrown.
 */
export function snapshotWorkspace(
  dir: string,
  ignore: readonly string[],
  previous?: WorkspaceSnapshot,
  excluded: ReadonlySet<string> = new Set(),
): WorkspaceSnapshot {
  const ignored = new Set(ignore);
  const files = new Map<string, FileStamp>();
  const walk = (current: string) => {
    const entries = unlessVanished(() => readdirSync(current, { withFileTypes: true }));
    for (const entry of entries ?? []) {
      if (ignored.has(entry.name)) continue;
      const full = join(current, entry.name);
      const rel = relative(dir, full).split(sep).join('/');
      if (excluded.has(rel)) continue;
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const stamp = unlessVanished(() => stampOf(full, previous?.get(rel)));
        if (stamp) files.set(rel, stamp);
      }
    }
  };
  walk(dir);
  return files;
}

function stampOf(path: string, old: FileStamp | undefined): FileStamp {
  const stat = statSync(path);
  const sha256 =
    old && old.size === stat.size && old.mtimeMs === stat.mtimeMs
      ? old.sha256
      : createHash('sha256').update(readFileSync(path)).digest('hex');
  return { size: stat.size, mtimeMs: stat.mtimeMs, sha256 };
}

/** `read()`, or undefined when its path vanished meanwhile (ENOENT); every other error is thrown. */
function unlessVanished<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export interface WorkspaceChange {
  path: string;
  changeType: 'created' | 'modified' | 'deleted';
  hashBefore?: string;
  hashAfter?: string;
}
