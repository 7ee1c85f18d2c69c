import { createHash } from 'node:crypto';
import {
  type FSWatcher,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { type FileStamp, snapshotWorkspace, type WorkspaceChange } from './snapshot.js';

/** A point in a workspace's history; `advance` lists what changed after it. */
export interface ChangeMark {
  readonly seq: number;
}

/**
 * Knows a workspace's files between agent calls without walking it every time. In `watch` mode one
 * inotify watch per directory (fs.watch) names the paths that changed, so a call costs O(changes), not
 * O(files). In `walk` mode (inotify unavailable, its limits reached, or a watcher failed) every refresh
 * walks the whole tree like snapshotWorkspace. Either way the answers are the same.
 */
export interface WorkspaceTracker {
  readonly dir: string;
  mode(): 'watch' | 'walk';
  /** Why the tracker walks (set when it fell back from watch mode). */
  fallbackReason(): string | undefined;
  /** Marks now. Give the mark back with `advance` or `release`, or the tracker keeps every change since. */
  mark(): Promise<ChangeMark>;
  /** What changed since `mark` (sorted by path; a file changed and changed back is no change), and a new mark at the same point. */
  advance(mark: ChangeMark): Promise<{ changes: WorkspaceChange[]; mark: ChangeMark }>;
  release(mark: ChangeMark): void;
  close(): void;
}

export interface WorkspaceTrackerOptions {
  /** Names skipped at any depth (the config's evidenceIgnore). */
  ignore: readonly string[];
  /**
   * Absolute paths that are never evidence wherever they are (a file, or a folder and everything in
   * it): what the orchestrator itself writes, such as its store and its companions (-wal, -shm,
   * -journal) or the agent's logs, when they sit inside the workspace.
   */
  exclude?: readonly string[];
  /** Force walk mode (tests; platforms without inotify). Default: watch where it works. */
  mode?: 'watch' | 'walk';
  /** How long a refresh waits for its own barrier event before it falls back to walking. Default 5000 ms. */
  barrierTimeoutMs?: number;
}

interface JournalEntry {
  seq: number;
  path: string;
  before: FileStamp | undefined;
  after: FileStamp | undefined;
}

export function createWorkspaceTracker(dir: string, options: WorkspaceTrackerOptions): WorkspaceTracker {
  const ignored = new Set(options.ignore);
  const excluded = excludedInside(dir, options.exclude ?? []);
  let state = new Map<string, FileStamp>();
  let journal: JournalEntry[] = [];
  let nextSeq = 1;
  const marks = new Set<ChangeMark>();
  const watchers = new Map<string, { watcher: FSWatcher; ino: number }>();
  const dirty = new Set<string>();
  let walkReason: string | undefined = options.mode === 'walk' ? 'walk mode was requested' : undefined;
  let closed = false;
  let barrier: Barrier | undefined;

  const record = (path: string, before: FileStamp | undefined, after: FileStamp | undefined) => {
    if (marks.size > 0) journal.push({ seq: nextSeq, path, before, after });
    nextSeq++;
  };

  const fallBack = (reason: string) => {
    if (walkReason !== undefined) return;
    walkReason = reason;
    for (const { watcher } of watchers.values()) watcher.close();
    watchers.clear();
    barrier?.close();
    barrier = undefined;
    dirty.clear();
  };

  const isIgnored = (rel: string) =>
    rel.split('/').some((name) => ignored.has(name)) || isExcluded(rel, excluded);

  const watchDir = (rel: string, ino: number) => {
    watchers.get(rel)?.watcher.close();
    const watcher = watch(join(dir, rel), { persistent: false }, (_event, filename) => {
      if (filename) dirty.add(joinRel(rel, String(filename)));
      else {
        // No name: the kernel could not say which entry changed; scan the whole directory again.
        const entry = watchers.get(rel);
        if (entry) entry.ino = -1;
        dirty.add(rel);
      }
    });
    watcher.on('error', (error) => fallBack(`a watcher failed on ${rel || '.'}: ${error.message}`));
    watchers.set(rel, { watcher, ino });
  };

  /** Watches `rel` and every directory under it; reports files that appeared or changed there. */
  const scanDir = (rel: string, ino: number) => {
    watchDir(rel, ino);
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = joinRel(rel, entry.name);
      if (ignored.has(entry.name) || isExcluded(path, excluded)) continue;
      examine(path);
    }
  };

  const forgetUnder = (rel: string) => {
    const prefix = `${rel}/`;
    for (const [path, stamp] of state) {
      if (path.startsWith(prefix)) {
        record(path, stamp, undefined);
        state.delete(path);
      }
    }
    for (const [path, { watcher }] of watchers) {
      if (path === rel || path.startsWith(prefix)) {
        watcher.close();
        watchers.delete(path);
      }
    }
  };

  /** Brings `state` up to date for one path that inotify named. */
  const examine = (rel: string) => {
    if (rel !== '' && isIgnored(rel)) return;
    const full = join(dir, rel);
    const stat = lstatSync(full, { throwIfNoEntry: false });
    const old = state.get(rel);
    if (stat?.isFile()) {
      if (watchers.has(rel)) forgetUnder(rel);
      // inotify said it was touched: hash it again even when size and mtime look the same.
      const stamp = { size: stat.size, mtimeMs: stat.mtimeMs, sha256: hashFile(full) };
      state.set(rel, stamp);
      if (!old || old.sha256 !== stamp.sha256) record(rel, old, stamp);
      return;
    }
    if (old) {
      record(rel, old, undefined);
      state.delete(rel);
    }
    if (stat?.isDirectory()) {
      // A directory already watched with the same inode: its own watcher reports what happens inside.
      if (watchers.get(rel)?.ino !== stat.ino) scanDir(rel, stat.ino);
    } else {
      forgetUnder(rel);
    }
  };

  const walkRefresh = () => {
    const next = snapshotWorkspace(dir, options.ignore, state, excluded);
    for (const [path, stamp] of next) {
      const old = state.get(path);
      if (!old || old.sha256 !== stamp.sha256) record(path, old, stamp);
    }
    for (const [path, stamp] of state) if (!next.has(path)) record(path, stamp, undefined);
    state = new Map(next);
  };

  const refresh = async () => {
    if (closed) throw new Error(`workspace tracker of ${dir} is closed`);
    if (walkReason === undefined && barrier) {
      const delivered = await barrier.pass();
      if (!delivered) fallBack('an inotify barrier event did not arrive in time');
    }
    if (walkReason !== undefined) {
      walkRefresh();
      return;
    }
    try {
      const paths = [...dirty].sort();
      dirty.clear();
      for (const rel of paths) examine(rel);
    } catch (error) {
      // e.g. ENOSPC: no inotify watch left for a new directory. Walking gives the same answer.
      fallBack(`watching failed: ${(error as Error).message}`);
      walkRefresh();
    }
  };

  const trim = () => {
    let oldest = nextSeq;
    for (const m of marks) oldest = Math.min(oldest, m.seq);
    const keepFrom = journal.findIndex((e) => e.seq >= oldest);
    journal = keepFrom === -1 ? [] : journal.slice(keepFrom);
  };

  if (walkReason === undefined) {
    try {
      barrier = createBarrier(options.barrierTimeoutMs ?? 5000);
      // No mark exists yet: the files found here are the starting state, not changes.
      scanDir('', lstatSync(dir).ino);
    } catch (error) {
      fallBack(`inotify is not usable here: ${(error as Error).message}`);
    }
  }
  if (walkReason !== undefined) state = new Map(snapshotWorkspace(dir, options.ignore, undefined, excluded));

  return {
    dir,
    mode: () => (walkReason === undefined ? 'watch' : 'walk'),
    fallbackReason: () => walkReason,
    async mark() {
      await refresh();
      const mark = { seq: nextSeq };
      marks.add(mark);
      return mark;
    },
    async advance(mark) {
      await refresh();
      const changes = changesSince(journal, mark.seq);
      marks.delete(mark);
      const next = { seq: nextSeq };
      marks.add(next);
      trim();
      return { changes, mark: next };
    },
    release(mark) {
      marks.delete(mark);
      trim();
    },
    close() {
      if (closed) return;
      closed = true;
      for (const { watcher } of watchers.values()) watcher.close();
      watchers.clear();
      barrier?.close();
      journal = [];
      marks.clear();
    },
  };
}

/** Folds the journal from `seq` on: first before and last after per path; unchanged content is no change. */
function changesSince(journal: readonly JournalEntry[], seq: number): WorkspaceChange[] {
  const net = new Map<string, { before: FileStamp | undefined; after: FileStamp | undefined }>();
  for (const entry of journal) {
    if (entry.seq < seq) continue;
    const seen = net.get(entry.path);
    if (seen) seen.after = entry.after;
    else net.set(entry.path, { before: entry.before, after: entry.after });
  }
  const changes: WorkspaceChange[] = [];
  for (const [path, { before, after }] of net) {
    if (!before && after) changes.push({ path, changeType: 'created', hashAfter: after.sha256 });
    else if (before && !after) changes.push({ path, changeType: 'deleted', hashBefore: before.sha256 });
    else if (before && after && before.sha256 !== after.sha256) {
      changes.push({ path, changeType: 'modified', hashBefore: before.sha256, hashAfter: after.sha256 });
    }
  }
  return changes.sort((a, b) => a.path.localeCompare(b.path));
}

interface Barrier {
  /** Resolves true once every inotify event queued before the call has reached its watcher. */
  pass(): Promise<boolean>;
  close(): void;
}

/**
 * All fs.watch handles of a process share one inotify queue, read in order. An event of a private
 * watched directory caused after the call therefore proves that every event queued before it (the agent's
 * writes, done before it exited) has been delivered to its watcher.
 *
 * One file is renamed at each pass (b0 → b1 → b2 ...): one syscall, no data written, no file created or
 * deleted (on this project's machines a create + unlink pair cost about 1 ms, as much as the trivial
 * agent's whole process). A pass waits for any event naming its new name: the name exists only from
 * that pass on, so no earlier event can name it (the next pass's rename away from it comes later still).
 */
function createBarrier(timeoutMs: number): Barrier {
  const dir = mkdtempSync(join(tmpdir(), 'obra-evidence-'));
  const waiting = new Map<string, () => void>();
  let count = 0;
  let current = join(dir, 'b0');
  let watcher: FSWatcher;
  try {
    writeFileSync(current, '');
    watcher = watch(dir, { persistent: false }, (_event, filename) => {
      const name = filename ? String(filename) : '';
      waiting.get(name)?.();
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  watcher.on('error', () => {
    for (const done of waiting.values()) done();
  });
  return {
    pass() {
      const name = `b${++count}`;
      const next = join(dir, name);
      return new Promise<boolean>((resolve) => {
        let timer: NodeJS.Timeout | undefined;
        let settled = false;
        const finish = (delivered: boolean) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          waiting.delete(name);
          resolve(delivered);
        };
        // When the timer fires, the event may already be queued behind it: a loop that was blocked
        // (a long synchronous stretch, the process descheduled) runs its timers before it polls. One more
        // turn of the loop (setImmediate runs after the poll) delivers it before the pass is called failed;
        // otherwise one stall would put the tracker into walk mode for the rest of the run.
        timer = setTimeout(() => setImmediate(() => finish(false)), timeoutMs);
        waiting.set(name, () => finish(true));
        renameSync(current, next);
        current = next;
      });
    },
    close() {
      watcher.close();
      waiting.clear();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The excluded paths that lie inside `dir`, relative to it with "/" (the others cannot show up). */
export function excludedInside(dir: string, exclude: readonly string[]): ReadonlySet<string> {
  const root = resolve(dir);
  const inside = new Set<string>();
  for (const path of exclude) {
    const rel = relative(root, resolve(path));
    if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) inside.add(rel.split(sep).join('/'));
  }
  return inside;
}

/** True when `rel` is an excluded path or lies under one. */
export function isExcluded(rel: string, excluded: ReadonlySet<string>): boolean {
  if (excluded.size === 0) return false;
  for (let end = rel.indexOf('/'); end !== -1; end = rel.indexOf('/', end + 1)) {
    if (excluded.has(rel.slice(0, end))) return true;
  }
  return excluded.has(rel);
}

function joinRel(parent: string, name: string): string {
  return parent === '' ? name : `${parent}/${name}`;
}

function hashFile(path: string): string {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    // Removed between lstat and read: the next event about it says what happened.
    return '';
  }
}
