import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { referencedPaths, type Scenario } from '../scenario/index.js';

/** A file created, changed or deleted where it should not have been. */
export interface PathChange {
  /** Relative to the project root when inside it, else absolute. */
  path: string;
  change: 'created' | 'modified' | 'deleted';
}

/**
 * What an attempt may not touch, watched from before the agent starts until the invariants run (so
 * hidden tests and golden commands are watched too). Built by `watchIsolation` (the runner) and read by
 * the isolation invariants.
 */
export interface AttemptIsolation {
  /** What is watched, for messages: `the project root /p (except reports/, .git, node_modules)`. */
  watched: string;
  /** Number of protected files hashed. */
  protectedFiles: number;
  /** Files created, changed or deleted under the project root outside the run directory (protected ones excluded). */
  outsideWrites(): PathChange[];
  /** Protected files (the scenario, its cassette and fixtures, hidden tests, golden files) whose content changed. */
  protectedChanges(): PathChange[];
}

/** Entries stamped under the project root at most (past it the rest is not watched, and `watched` says so). */
export const MAX_WATCHED_ENTRIES = 50_000;
/** Folders never watched under the project root (besides the reports folder). */
const UNWATCHED = new Set(['.git', 'node_modules']);

const isInside = (root: string, path: string) => {
  const rel = relative(root, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
};

/** Every file (and symlink) under `root` except `skip`: path → size, mtime, ctime and inode. */
function stampTree(
  root: string,
  skip: (path: string) => boolean,
): { stamps: Map<string, string>; full: boolean } {
  const stamps = new Map<string, string>();
  let entries = 0;
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (++entries > MAX_WATCHED_ENTRIES) return;
      const path = join(dir, name);
      if (skip(path)) continue;
      let stat: ReturnType<typeof lstatSync>;
      try {
        stat = lstatSync(path);
      } catch {
        continue;
      }
      if (stat.isDirectory()) walk(path);
      else stamps.set(path, `${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}:${stat.ino}`);
    }
  };
  walk(root);
  return { stamps, full: entries <= MAX_WATCHED_ENTRIES };
}

/** sha256 of every file under each path (a file or a folder, symlinks followed). */
function hashPaths(paths: readonly string[]): Map<string, string> {
  const hashes = new Map<string, string>();
  const visit = (path: string, depth: number) => {
    if (hashes.size >= MAX_WATCHED_ENTRIES || depth > 32) return;
    let names: string[] | undefined;
    try {
      names = readdirSync(path);
    } catch {
      names = undefined;
    }
    if (names) {
      for (const name of names) visit(join(path, name), depth + 1);
      return;
    }
    try {
      hashes.set(path, createHash('sha256').update(readFileSync(path)).digest('hex'));
    } catch {
      hashes.set(path, 'missing');
    }
  };
  for (const path of new Set(paths)) visit(path, 0);
  return hashes;
}

function diff(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
  show: (p: string) => string,
) {
  const changes: PathChange[] = [];
  for (const [path, stamp] of after) {
    const old = before.get(path);
    if (old === undefined) changes.push({ path: show(path), change: 'created' });
    else if (old !== stamp)
      changes.push({ path: show(path), change: stamp === 'missing' ? 'deleted' : 'modified' });
  }
  for (const path of before.keys())
    if (!after.has(path)) changes.push({ path: show(path), change: 'deleted' });
  return changes.sort((a, b) => a.path.localeCompare(b.path));
}

/** The files an attempt of `scenario` must leave alone: the scenario file and every path it refers to. */
export function protectedPathsOf(scenario: Scenario): string[] {
  // A golden input pattern (fixtures/csv/inputs/*.csv): its folder.
  const folderOfGlob = (path: string) => (/[*?[]/.test(basename(path)) ? dirname(path) : path);
  return [scenario.file, ...referencedPaths(scenario).map((ref) => folderOfGlob(ref.ref.path))];
}

/**
 * Starts watching an attempt: stamps the project root (except the run directory's reports folder,
 * .git and node_modules) and hashes the protected paths. Call it before the agent starts; the returned
 * functions compare with the state at the time they are called.
 */
export function watchIsolation(options: {
  rootDir: string;
  /** The run directory's parent (reports/): everything the run writes is there. */
  reportsDir: string;
  protectedPaths: readonly string[];
}): AttemptIsolation {
  const { rootDir, reportsDir } = options;
  const skip = (path: string) =>
    UNWATCHED.has(path.slice(path.lastIndexOf(sep) + 1)) || isInside(reportsDir, path);
  const show = (path: string) =>
    isInside(rootDir, path) ? relative(rootDir, path).split(sep).join('/') : path;
  const protectedBefore = hashPaths(options.protectedPaths);
  const rootBefore = stampTree(rootDir, skip);
  const excluded = [
    isInside(rootDir, reportsDir) ? `${relative(rootDir, reportsDir) || '.'}/` : undefined,
    '.git',
    'node_modules',
  ].filter(Boolean);
  return {
    watched: `the project root ${rootDir} (except ${excluded.join(', ')})${rootBefore.full ? '' : `, its first ${MAX_WATCHED_ENTRIES} entries`}`,
    protectedFiles: protectedBefore.size,
    outsideWrites() {
      const after = stampTree(rootDir, skip).stamps;
      const isProtected = (path: string) =>
        options.protectedPaths.some((p) => isInside(p, join(rootDir, path)));
      return diff(rootBefore.stamps, after, show).filter((c) => !isProtected(c.path));
    },
    protectedChanges() {
      return diff(protectedBefore, hashPaths(options.protectedPaths), show);
    },
  };
}
