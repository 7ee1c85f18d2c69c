import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One regular file as the harness saw it. */
export interface WalkedFile {
  size: number;
  mtimeMs: number;
  sha256: string;
}

/** Relative path (with "/") → the file, for every regular file of a folder. */
export type WorkspaceWalk = ReadonlyMap<string, WalkedFile>;

/** A file that differs between two walks: its hash before (null: created) and after (null: deleted). */
export interface WitnessedChange {
  path: string;
  before: string | null;
  after: string | null;
}

/**
 * The harness's own view of a workspace: every regular file, hashed (a file whose size and mtime match
 * `previous` keeps its hash unread). Written apart from the core's evidence tracker on purpose: it is the
 * witness the tracker's records are compared with, so it shares no code with it. Skips only `skip` (the
 * store the harness keeps in the workspace, which changes at every write); the invariants decide what
 * counts. Stops (`complete: false`) past `maxFiles`. Files that vanish mid-walk
 * were not there.
 */
export function walkWorkspace(
  dir: string,
  previous?: WorkspaceWalk,
  maxFiles = Number.POSITIVE_INFINITY,
  /** Relative paths not walked (the harness's own files in the workspace: a store kept there). */
  skip: ReadonlySet<string> = new Set(),
): { files: WorkspaceWalk; complete: boolean } {
  const files = new Map<string, WalkedFile>();
  let complete = true;
  const visit = (abs: string, rel: string) => {
    let names: string[];
    try {
      names = readdirSync(abs);
    } catch {
      return;
    }
    for (const name of names.sort()) {
      if (!complete) return;
      const path = join(abs, name);
      const relPath = rel === '' ? name : `${rel}/${name}`;
      if (skip.has(relPath)) continue;
      const stat = lstatSync(path, { throwIfNoEntry: false });
      if (stat?.isDirectory()) visit(path, relPath);
      else if (stat?.isFile()) {
        if (files.size >= maxFiles) {
          complete = false;
          return;
        }
        const old = previous?.get(relPath);
        const sha256 =
          old && old.size === stat.size && old.mtimeMs === stat.mtimeMs ? old.sha256 : hashOf(path);
        if (sha256 !== undefined) files.set(relPath, { size: stat.size, mtimeMs: stat.mtimeMs, sha256 });
      }
    }
  };
  visit(dir, '');
  return { files, complete };
}

/** What differs between two walks, sorted by path. Pure. */
export function diffWalks(before: WorkspaceWalk, after: WorkspaceWalk): WitnessedChange[] {
  const changes: WitnessedChange[] = [];
  for (const [path, file] of after) {
    const old = before.get(path);
    if (old?.sha256 !== file.sha256) changes.push({ path, before: old?.sha256 ?? null, after: file.sha256 });
  }
  for (const [path, file] of before) {
    if (!after.has(path)) changes.push({ path, before: file.sha256, after: null });
  }
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function hashOf(path: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return undefined;
  }
}
