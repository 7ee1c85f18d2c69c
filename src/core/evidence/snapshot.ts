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
 * Hashes every file of `dir` (skipping `ignore` names at any depth). A file whose size and mtime match
 * the `previous` snapshot keeps its hash without being read again, so repeated snapshots of a large
 * workspace cost one stat per file.
 */
export function snapshotWorkspace(
  dir: string,
  ignore: readonly string[],
  previous?: WorkspaceSnapshot,
): WorkspaceSnapshot {
  const ignored = new Set(ignore);
  const files = new Map<string, FileStamp>();
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (ignored.has(entry.name)) continue;
      const full = join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const rel = relative(dir, full).split(sep).join('/');
        const stat = statSync(full);
        const old = previous?.get(rel);
        const sha256 =
          old && old.size === stat.size && old.mtimeMs === stat.mtimeMs
            ? old.sha256
            : createHash('sha256').update(readFileSync(full)).digest('hex');
        files.set(rel, { size: stat.size, mtimeMs: stat.mtimeMs, sha256 });
      }
    }
  };
  walk(dir);
  return files;
}

export interface WorkspaceChange {
  path: string;
  changeType: 'created' | 'modified' | 'deleted';
  hashBefore?: string;
  hashAfter?: string;
}

/** What changed between two snapshots, sorted by path. */
export function diffSnapshots(before: WorkspaceSnapshot, after: WorkspaceSnapshot): WorkspaceChange[] {
  const changes: WorkspaceChange[] = [];
  for (const [path, stamp] of after) {
    const old = before.get(path);
    if (!old) changes.push({ path, changeType: 'created', hashAfter: stamp.sha256 });
    else if (old.sha256 !== stamp.sha256) {
      changes.push({ path, changeType: 'modified', hashBefore: old.sha256, hashAfter: stamp.sha256 });
    }
  }
  for (const [path, stamp] of before) {
    if (!after.has(path)) changes.push({ path, changeType: 'deleted', hashBefore: stamp.sha256 });
  }
  return changes.sort((a, b) => a.path.localeCompare(b.path));
}
